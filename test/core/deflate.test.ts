/** The DEFLATE stream the .xlsx export uses, checked against Node's own inflate. */

import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { DeflateStream } from '../../miniprogram/core/deflate';
import { utf8Bytes } from '../../miniprogram/core/xlsxExport';

function deflate(parts: Uint8Array[]): Uint8Array {
  const stream = new DeflateStream();
  const out: Uint8Array[] = [];
  for (const part of parts) {
    stream.push(part);
    out.push(stream.take());
  }
  out.push(stream.finish());
  return Uint8Array.from(out.flatMap((p) => [...p]));
}

function inflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(zlib.inflateRawSync(bytes));
}

describe('deflate', () => {
  it('round-trips through zlib: empty, text, long runs, and parts', () => {
    expect(inflate(deflate([]))).toEqual(new Uint8Array(0));
    expect(inflate(deflate([new Uint8Array(0)]))).toEqual(new Uint8Array(0));
    const xml = utf8Bytes(
      '<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>张三 13800138000</t></is></c></row>'.repeat(500),
    );
    expect(inflate(deflate([xml]))).toEqual(xml);
    const run = new Uint8Array(100_000).fill(97);
    expect(inflate(deflate([run, xml, run]))).toEqual(Uint8Array.from([...run, ...xml, ...run]));
  });

  it('shrinks export-like XML about tenfold', () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) =>
        `<row r="${i + 2}"><c r="A${i + 2}" s="1" t="inlineStr"><is><t xml:space="preserve">2026-11-${String((i % 28) + 1).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}:00</t></is></c><c r="B${i + 2}" s="1" t="inlineStr"><is><t xml:space="preserve">138****${String(1000 + i).slice(-4)}</t></is></c><c r="C${i + 2}" s="1" t="inlineStr"><is><t xml:space="preserve">已接通</t></is></c></row>`,
    ).join('');
    const bytes = utf8Bytes(rows);
    const packed = deflate([bytes]);
    expect(inflate(packed)).toEqual(bytes);
    expect(packed.length).toBeLessThan(bytes.length / 8);
  });

  it('round-trips any bytes, in any parts', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 5 }), (parts) => {
        const joined = Uint8Array.from(parts.flatMap((p) => [...p]));
        expect(inflate(deflate(parts))).toEqual(joined);
      }),
      { numRuns: 200 },
    );
    // Repetitive input with long matches at every distance, well past the 32 KB window.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ab', 'abc', '<c r="A1">', '张三', 'x'.repeat(300)), { maxLength: 400 }),
        (words) => {
          const bytes = utf8Bytes(words.join(''));
          expect(inflate(deflate([bytes]))).toEqual(bytes);
        },
      ),
      { numRuns: 100 },
    );
    const big = utf8Bytes(Array.from({ length: 20_000 }, (_, i) => `r${i % 997}-${i % 13};`).join(''));
    expect(inflate(deflate([big]))).toEqual(big);
  });
});
