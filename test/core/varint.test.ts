import fc from 'fast-check';
import { DAMAGED } from '../../miniprogram/core/base64url';
import { MAX_VARINT, unzigzag, varint, VarintReader, zigzag } from '../../miniprogram/core/varint';

describe('varint', () => {
  it('writes small values in one digit and reads every value back', () => {
    expect(varint(0)).toBe('A');
    expect(varint(31)).toBe('f');
    expect(varint(32)).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: MAX_VARINT }), { maxLength: 8 }), (values) => {
        const reader = new VarintReader(values.map(varint).join(''), 0);
        expect(values.map(() => reader.varint())).toEqual(values);
        expect(reader.pos).toBe(reader.text.length);
      }),
    );
  });

  it('clamps what it cannot write exactly instead of writing it wrong', () => {
    expect(new VarintReader(varint(-5), 0).varint()).toBe(0);
    expect(new VarintReader(varint(MAX_VARINT * 4), 0).varint()).toBe(MAX_VARINT);
  });

  it('zigzags signed values both ways', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    fc.assert(fc.property(fc.integer(), (n) => expect(unzigzag(zigzag(n))).toBe(n)));
  });

  it('throws DAMAGED on a stray char, a varint cut short, too many digits or chars past the end', () => {
    expect(() => new VarintReader('~', 0).varint()).toThrow(DAMAGED);
    expect(() => new VarintReader('g', 0).varint()).toThrow(DAMAGED);
    expect(() => new VarintReader('_'.repeat(12), 0).varint()).toThrow(DAMAGED);
    expect(() => new VarintReader('Dab', 0).text16()).toThrow(DAMAGED);
    expect(new VarintReader('Cabc', 0).text16()).toBe('ab');
    expect(() => new VarintReader('zz', 0).chars(2, /^[0-9]{2}$/)).toThrow(DAMAGED);
  });
});
