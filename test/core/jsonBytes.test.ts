import fc from 'fast-check';
import { jsonBytes, jsonTextBytes } from '../../miniprogram/core/jsonBytes';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

describe('JSON bytes', () => {
  it('counts a value as its JSON in UTF-8 (a lone surrogate as its escape)', () => {
    expect(jsonBytes({ a: '张' })).toBe(utf8('{"a":"张"}'));
    expect(jsonBytes('😀')).toBe(6);
    expect(jsonBytes(undefined)).toBe(0);
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(jsonBytes(value)).toBe(utf8(JSON.stringify(value)))));
  });

  it('counts a text inside quotes exactly as JSON.stringify escapes it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) =>
        expect(jsonTextBytes(text)).toBe(utf8(JSON.stringify(text)) - 2),
      ),
    );
    expect(jsonTextBytes('"\\\n\u0001\ud800')).toBe(2 + 2 + 2 + 6 + 6);
  });
});
