/** Scrubs an error line before it leaves the phone: no phone number, no name, no token, no e-mail, bounded length. */

export const SCRUBBED_MAX_CHARS = 500;

/**
 * Digits: any run of 5 or more, even split by spaces, dashes, dots or a +86 (a phone number however written; stack
 * positions like app.js:12:34 stay). Tokens: long runs of letters and digits. Names: any run of CJK characters (the
 * app's own messages lose their wording too, which is the price of never sending a contact's name).
 */
const PATTERNS: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/[A-Za-z0-9_-]{24,}/g, '[token]'],
  [/\+?\d(?:[\s.-]?\d){4,}/g, '[number]'],
  [/[\u3400-\u9fff\uf900-\ufaff]+/g, '[text]'],
];

function textOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { errMsg, message } = error as { errMsg?: unknown; message?: unknown };
    if (typeof errMsg === 'string') return errMsg;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

/** One scrubbed line (newlines folded) for the server and WeChat's realtime log. */
export function scrubErrorLine(error: unknown): string {
  let line = textOf(error).replace(/\s*\n\s*/g, ' | ');
  for (const [pattern, replacement] of PATTERNS) line = line.replace(pattern, replacement);
  return line.length > SCRUBBED_MAX_CHARS ? `${line.slice(0, SCRUBBED_MAX_CHARS - 1)}…` : line;
}
