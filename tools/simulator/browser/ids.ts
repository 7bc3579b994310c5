/** TCCC-like session ids (UUID-shaped), and the seeded randomness that makes test and screenshot runs repeat. */

/** mulberry32: a tiny PRNG, good enough for ids that only need to look real and repeat under a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cryptoRandom(): number {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return (buffer[0] as number) / 4294967296;
}

export function sessionIdSource(seed: number | undefined): () => string {
  const random = seed === undefined ? cryptoRandom : seededRandom(seed);
  const hex = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 16).toString(16)).join('');
  // Version 4 layout: 8-4-4-4-12, with the version and variant nibbles set.
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}
