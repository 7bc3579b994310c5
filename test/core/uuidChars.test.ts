import fc from 'fast-check';
import { DAMAGED } from '../../miniprogram/core/base64url';
import { charsToUuid, UUID, UUID_CHARS, uuidToChars } from '../../miniprogram/core/uuidChars';

describe('UUID chars', () => {
  it('packs a lower-case UUID into 22 chars and reads it back exactly', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        const chars = uuidToChars(uuid);
        expect(chars).toHaveLength(UUID_CHARS);
        expect(charsToUuid(chars)).toBe(uuid);
        expect(UUID.test(uuid)).toBe(true);
      }),
    );
  });

  it('refuses chars that are not base64url digits', () => {
    expect(() => charsToUuid(`${'A'.repeat(21)}~`)).toThrow(DAMAGED);
    expect(() => charsToUuid('A'.repeat(10))).toThrow(DAMAGED);
  });
});
