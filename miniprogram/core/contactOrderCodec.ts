/** Packs a contact list order (a permutation of stored positions) into a short fixed-width string and back. */

import { BASE64URL, base64urlNumbers } from './base64url';

const BASE = BASE64URL.length;

/** Characters per position: the fewest that can write every position below `count`. */
export function positionWidth(count: number): number {
  let width = 1;
  let capacity = BASE;
  while (capacity < count) {
    width += 1;
    capacity *= BASE;
  }
  return width;
}

/** Positions as one string, `width` characters each: 3 bytes a contact at 10,000, where a JSON array takes 5-6. */
export function encodePositions(positions: readonly number[], width = positionWidth(positions.length)): string {
  let out = '';
  for (const position of positions) {
    let digits = '';
    let rest = position;
    for (let i = 0; i < width; i += 1) {
      digits = BASE64URL.charAt(rest % BASE) + digits;
      rest = Math.floor(rest / BASE);
    }
    out += digits;
  }
  return out;
}

/** The positions back, or undefined when the text is not `width`-character digits. */
export function decodePositions(text: string, width: number): number[] | undefined {
  if (!Number.isInteger(width) || width < 1 || width > 4 || text.length % width !== 0) return undefined;
  return base64urlNumbers(text, width);
}
