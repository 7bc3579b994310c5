/** The base64url digits (JSON-safe, no escaping) that the storage codecs write numbers and ids in. */

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64URL.length; i += 1) VALUES[BASE64URL.charCodeAt(i)] = i;

/** The value (0-63) of the digit at `at`, or -1 when that char is not a base64url digit. */
export function base64urlValueAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (VALUES[code] as number) : -1;
}

/**
 * The text as numbers of `width` digits each (most significant first), or undefined when a char is not a digit.
 * One call for a whole run of digits: a call per digit costs more than the digit on a 10,000-contact start.
 */
export function base64urlNumbers(text: string, width: number): number[] | undefined {
  const numbers = new Array<number>(Math.floor(text.length / width));
  for (let at = 0, n = 0; n < numbers.length; at += width, n += 1) {
    let value = 0;
    for (let i = 0; i < width; i += 1) {
      const code = text.charCodeAt(at + i);
      const digit = code < 128 ? (VALUES[code] as number) : -1;
      if (digit < 0) return undefined;
      value = value * 64 + digit;
    }
    numbers[n] = value;
  }
  return numbers;
}

/** Thrown by the readers of stored digits when the text disagrees with itself; the codec reads the shard as damaged. */
export const DAMAGED = new Error('damaged call shard');

/** The value (0-63) of the digit at `at`; throws DAMAGED on any other char. */
export function base64urlDigitAt(text: string, at: number): number {
  const digit = base64urlValueAt(text, at);
  if (digit < 0) throw DAMAGED;
  return digit;
}
