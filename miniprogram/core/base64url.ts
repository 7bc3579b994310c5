/** The base64url digits (JSON-safe, no escaping) that the storage codecs write numbers and ids in. */

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64URL.length; i += 1) VALUES[BASE64URL.charCodeAt(i)] = i;

/** The value (0-63) of the digit at `at`, or -1 when that char is not a base64url digit. */
export function base64urlValueAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? (VALUES[code] as number) : -1;
}
