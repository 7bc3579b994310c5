import { BASE64URL, base64urlValueAt } from '../../miniprogram/core/base64url';

describe('base64url digits', () => {
  it('has 64 distinct digits that JSON writes without escaping', () => {
    expect(new Set(BASE64URL).size).toBe(64);
    expect(JSON.stringify(BASE64URL)).toBe(`"${BASE64URL}"`);
  });

  it('reads each digit back as its value, and anything else as -1', () => {
    for (let i = 0; i < 64; i += 1) expect(base64urlValueAt(BASE64URL, i)).toBe(i);
    for (const other of ['=', '+', '/', '"', '中', '']) expect(base64urlValueAt(other, 0)).toBe(-1);
  });
});
