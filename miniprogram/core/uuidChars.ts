/** A UUID's 128 bits as 22 base64url chars and back: how session ids are stored. */

import { BASE64URL, base64urlDigitAt } from './base64url';

/** A lower-case UUID, the only form packed into chars (any other session id is kept as it came). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID_CHARS = 22;

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A UUID's 128 bits as 22 base64url chars, 24 bits (6 hex digits, 4 chars) at a time. */
export function uuidToChars(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  let out = '';
  for (let i = 0; i < 30; i += 6) {
    const bits = parseInt(hex.slice(i, i + 6), 16);
    out +=
      BASE64URL.charAt(bits >> 18) +
      BASE64URL.charAt((bits >> 12) & 63) +
      BASE64URL.charAt((bits >> 6) & 63) +
      BASE64URL.charAt(bits & 63);
  }
  const last = parseInt(hex.slice(30), 16);
  return out + BASE64URL.charAt(last >> 2) + BASE64URL.charAt((last & 3) << 4);
}

/** 22 base64url chars back to the UUID they hold; throws DAMAGED on any other char. */
export function charsToUuid(chars: string): string {
  const digitAt = base64urlDigitAt;
  let hex = '';
  for (let i = 0; i < 20; i += 4) {
    const bits =
      (digitAt(chars, i) << 18) | (digitAt(chars, i + 1) << 12) | (digitAt(chars, i + 2) << 6) | digitAt(chars, i + 3);
    hex += (HEX_BYTES[bits >> 16] as string) + HEX_BYTES[(bits >> 8) & 255] + HEX_BYTES[bits & 255];
  }
  hex += HEX_BYTES[(digitAt(chars, 20) << 2) | (digitAt(chars, 21) >> 4)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
