import { decodePositions, encodePositions, positionWidth } from '../../miniprogram/core/contactOrderCodec';

describe('contact order codec', () => {
  it('uses the fewest characters per position that can write them all', () => {
    expect(positionWidth(0)).toBe(1);
    expect(positionWidth(64)).toBe(1);
    expect(positionWidth(65)).toBe(2);
    expect(positionWidth(4_096)).toBe(2);
    expect(positionWidth(10_000)).toBe(3);
  });

  it('gets every permutation back, at 3 characters a position for 10,000 contacts', () => {
    const positions = Array.from({ length: 10_000 }, (_, i) => (i * 7_919) % 10_000);
    const text = encodePositions(positions);
    expect(text).toHaveLength(30_000);
    expect(JSON.stringify(text)).toHaveLength(30_002);
    expect(decodePositions(text, 3)).toEqual(positions);
    expect(decodePositions(encodePositions([0, 63, 64, 4_095], 2), 2)).toEqual([0, 63, 64, 4_095]);
  });

  it('refuses text that is not positions of that width', () => {
    expect(decodePositions('AAB', 2)).toBeUndefined();
    expect(decodePositions('A"', 2)).toBeUndefined();
    expect(decodePositions('A中', 2)).toBeUndefined();
    expect(decodePositions('AA', 0)).toBeUndefined();
    expect(decodePositions('', 1)).toEqual([]);
  });
});
