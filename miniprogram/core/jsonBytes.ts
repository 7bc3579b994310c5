/** UTF-8 bytes of JSON as WeChat's storage quota counts them, whole values and texts inside quotes. */

/** UTF-8 bytes of a value's JSON, counted as WeChat's quota counts them. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < json.length; i += 1) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (json.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 bytes of one UTF-16 unit that is not a surrogate, as JSON.stringify writes it inside quotes. */
function jsonCharBytes(code: number): number {
  // \b \t \n \f \r have short escapes; other control chars become \u00XX.
  if (code < 0x20) return code >= 8 && code <= 13 && code !== 11 ? 2 : 6;
  if (code < 0x80) return code === 0x22 || code === 0x5c ? 2 : 1;
  return code < 0x800 ? 2 : 3;
}

/** UTF-8 bytes of a string inside JSON quotes, as JSON.stringify escapes it (quotes not counted). */
export function jsonTextBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code & 0xf800) !== 0xd800) bytes += jsonCharBytes(code);
    else if (code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 6; // a lone surrogate is written as \uXXXX
  }
  return bytes;
}
