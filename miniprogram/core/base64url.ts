/** The base64url digits (JSON-safe, no escaping) that the storage codecs write numbers and ids in. */

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64URL.length; i += 1) VALUES[BASE64URL.charCodeAt(i)] = i;

/** The value (0-63) of the digit at `at`, or -1 when that char is not a base64url digit. */
export function base64urlValueAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (VALUES[code] as number) : -1;
}

/** Thrown by the readers of stored digits when the text disagrees with itself; the codec reads the shard as damaged. */
export const DAMAGED = new Error('damaged call shard');

/** The value (0-63) of the digit at `at`; throws DAMAGED on any other char. */
export function base64urlDigitAt(text: string, at: number): number {
  const digit = base64urlValueAt(text, at);
  if (digit < 0) throw DAMAGED;
  return digit;
}
