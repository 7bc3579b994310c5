/** Raw DEFLATE (RFC 1951) with fixed Huffman codes and LZ77 matching, fed in parts: shrinks export XML about tenfold. */

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

const MIN_MATCH = 3;
const MAX_MATCH = 258;
const WINDOW = 32768;
const HASH_BITS = 15;
/** Candidates tried per position: enough for XML's repeats, bounded so a long run stays fast. */
const MAX_CHAIN = 24;

/** The code of `index` in a sorted table of bases (the last base not above the value). */
function codeOf(bases: readonly number[], value: number): number {
  let code = bases.length - 1;
  while ((bases[code] as number) > value) code -= 1;
  return code;
}

/** Reverses the low `length` bits: Huffman codes go out most significant bit first. */
function reversed(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i += 1) {
    out = (out << 1) | (code & 1);
    code >>= 1;
  }
  return out;
}

/**
 * A DEFLATE stream: each push() is one fixed-Huffman block whose matches stay inside that part; finish() closes the
 * stream. Only compressed bytes are kept, so a large export holds about a tenth of its XML in memory.
 */
export class DeflateStream {
  private out = new Uint8Array(1 << 16);
  private length = 0;
  private bits = 0;
  private bitCount = 0;
  private readonly head = new Int32Array(1 << HASH_BITS);
  private readonly prev = new Int32Array(WINDOW);

  private writeBits(value: number, count: number): void {
    this.bits |= value << this.bitCount;
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.byte(this.bits & 255);
      this.bits >>>= 8;
      this.bitCount -= 8;
    }
  }

  private byte(value: number): void {
    if (this.length === this.out.length) {
      const grown = new Uint8Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.length++] = value;
  }

  /** A literal byte or the end-of-block / length symbol, in the fixed code. */
  private symbol(value: number): void {
    if (value < 144) this.writeBits(reversed(0x30 + value, 8), 8);
    else if (value < 256) this.writeBits(reversed(0x190 + value - 144, 9), 9);
    else if (value < 280) this.writeBits(reversed(value - 256, 7), 7);
    else this.writeBits(reversed(0xc0 + value - 280, 8), 8);
  }

  private match(length: number, distance: number): void {
    const lengthCode = codeOf(LENGTH_BASE, length);
    this.symbol(257 + lengthCode);
    const lengthExtra = LENGTH_EXTRA[lengthCode] as number;
    if (lengthExtra > 0) this.writeBits(length - (LENGTH_BASE[lengthCode] as number), lengthExtra);
    const distCode = codeOf(DIST_BASE, distance);
    this.writeBits(reversed(distCode, 5), 5);
    const distExtra = DIST_EXTRA[distCode] as number;
    if (distExtra > 0) this.writeBits(distance - (DIST_BASE[distCode] as number), distExtra);
  }

  private hashAt(data: Uint8Array, i: number): number {
    return (
      (((data[i] as number) << 10) ^ ((data[i + 1] as number) << 5) ^ (data[i + 2] as number)) & ((1 << HASH_BITS) - 1)
    );
  }

  private insert(data: Uint8Array, i: number): void {
    if (i + MIN_MATCH > data.length) return;
    const h = this.hashAt(data, i);
    this.prev[i & (WINDOW - 1)] = this.head[h] as number;
    this.head[h] = i;
  }

  /** The longest earlier repeat of the bytes at `i` within the window: [length, distance], length 0 when none. */
  private longestMatch(data: Uint8Array, i: number): [number, number] {
    if (i + MIN_MATCH > data.length) return [0, 0];
    const limit = Math.min(MAX_MATCH, data.length - i);
    let bestLength = 0;
    let bestDistance = 0;
    let candidate = this.head[this.hashAt(data, i)] as number;
    for (let chain = 0; candidate >= 0 && i - candidate <= WINDOW && chain < MAX_CHAIN; chain += 1) {
      if (data[candidate + bestLength] === data[i + bestLength]) {
        let n = 0;
        while (n < limit && data[candidate + n] === data[i + n]) n += 1;
        if (n > bestLength) {
          bestLength = n;
          bestDistance = i - candidate;
          if (n === limit) break;
        }
      }
      // A slot reused by a later position (past the window) ends the chain.
      const next = this.prev[candidate & (WINDOW - 1)] as number;
      if (next >= candidate) break;
      candidate = next;
    }
    return [bestLength, bestDistance];
  }

  /** Compresses one part as one block (not the last). */
  push(data: Uint8Array): void {
    this.writeBits(0, 1); // BFINAL = 0
    this.writeBits(1, 2); // BTYPE = 01, fixed Huffman
    this.head.fill(-1);
    let i = 0;
    while (i < data.length) {
      const [length, distance] = this.longestMatch(data, i);
      if (length >= MIN_MATCH) {
        this.match(length, distance);
        for (let k = 0; k < length; k += 1) this.insert(data, i + k);
        i += length;
      } else {
        this.symbol(data[i] as number);
        this.insert(data, i);
        i += 1;
      }
    }
    this.symbol(256);
  }

  /** The bytes completed so far, handed over (the stream keeps none of them). */
  take(): Uint8Array {
    const done = this.out.slice(0, this.length);
    this.length = 0;
    return done;
  }

  /** Ends the stream with an empty last block and returns the remaining bytes. */
  finish(): Uint8Array {
    this.writeBits(1, 1); // BFINAL = 1
    this.writeBits(1, 2);
    this.symbol(256);
    if (this.bitCount > 0) this.writeBits(0, 8 - this.bitCount);
    return this.take();
  }
}
