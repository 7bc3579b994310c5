/** Varints in base64url digits, zigzag for signed values, and a reader over a run of them. */

import { BASE64URL, base64urlDigitAt, DAMAGED } from './base64url';

/** Digits below HALF end a varint; digits from HALF up continue it. */
const HALF = 32;
/** Varints stay exact up to here; larger values are clamped, never written wrong. */
export const MAX_VARINT = Number.MAX_SAFE_INTEGER;

/**
 * A varint is base 32, most significant digit first: g-z, 0-9, '-' and '_' continue it; A-Z and a-f end it.
 * Negative values are written as 0.
 */
export function varint(value: number): string {
  let rest = Math.floor(Math.min(Math.max(value, 0), MAX_VARINT));
  let out = BASE64URL.charAt(rest % HALF);
  rest = Math.floor(rest / HALF);
  while (rest > 0) {
    out = BASE64URL.charAt(HALF + (rest % HALF)) + out;
    rest = Math.floor(rest / HALF);
  }
  return out;
}

/** A signed value as an unsigned one: 0, -1, 1, -2 … become 0, 1, 2, 3 … */
export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Reads a stored text of varints and plain chars left to right; any disagreement throws DAMAGED. */
export class VarintReader {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}

  varint(): number {
    let value = 0;
    for (;;) {
      const digit = base64urlDigitAt(this.text, this.pos);
      if (value > MAX_VARINT / HALF) throw DAMAGED;
      this.pos += 1;
      if (digit < HALF) return value * HALF + digit;
      value = value * HALF + (digit - HALF);
    }
  }

  /** The next `length` chars as they are; `pattern`, when given, must match them. */
  chars(length: number, pattern?: RegExp): string {
    if (this.pos + length > this.text.length) throw DAMAGED;
    const out = this.text.slice(this.pos, this.pos + length);
    if (pattern !== undefined && !pattern.test(out)) throw DAMAGED;
    this.pos += length;
    return out;
  }

  /** A varint length in UTF-16 units, then that many chars. */
  text16(): string {
    return this.chars(this.varint());
  }
}
