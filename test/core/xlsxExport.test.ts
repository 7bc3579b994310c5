/** The .xlsx building blocks: UTF-8, CRC-32, XML escaping, cell references and text cells, checked against Node. */

import { Buffer } from 'node:buffer';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { columnName, crc32, rowXml, utf8Bytes, xmlText } from '../../miniprogram/core/xlsxExport';

describe('xlsx building blocks', () => {
  it('encodes UTF-8 and CRC-32 as Node does, in one go or in parts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const bytes = utf8Bytes(a + b);
        expect(Buffer.from(bytes).equals(Buffer.from(a + b, 'utf8'))).toBe(true);
        expect(crc32(bytes)).toBe(zlib.crc32(bytes));
        expect(crc32(utf8Bytes(b), crc32(utf8Bytes(a)))).toBe(zlib.crc32(Buffer.from(a + b, 'utf8')));
      }),
    );
  });

  it('escapes XML and drops the control characters XML 1.0 forbids', () => {
    expect(xmlText('<a href="x">&\u0001\u000b\ttab\nline')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;\ttab\nline');
  });

  it('names columns A..Z, AA..', () => {
    expect([0, 1, 13, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'B',
      'N',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('writes numbers that are phone numbers as text cells, and only real numbers as numbers', () => {
    expect(rowXml(2, ['01012345678', 90, ''])).toBe(
      '<row r="2"><c r="A2" s="1" t="inlineStr"><is><t xml:space="preserve">01012345678</t></is></c>' +
        '<c r="B2"><v>90</v></c><c r="C2" s="1"/></row>',
    );
  });
});
