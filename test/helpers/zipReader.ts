/** Reads back a ZIP (an .xlsx): checks signatures, sizes, CRCs and data descriptors, returns every entry. No DOM. */

import { Buffer } from 'node:buffer';
import * as zlib from 'node:zlib';

/** Every entry of a ZIP (stored or deflated), by name; throws on anything a strict reader would refuse. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endAt = bytes.length - 22;
  if (view.getUint32(endAt, true) !== 0x06054b50) throw new Error('no end of central directory');
  const count = view.getUint16(endAt + 10, true);
  const directorySize = view.getUint32(endAt + 12, true);
  let at = view.getUint32(endAt + 16, true);
  if (at + directorySize !== endAt) throw new Error('central directory size does not add up');
  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i += 1) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const packedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    if (method !== 0 && method !== 8) throw new Error(`unknown method ${method}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    if (view.getUint32(offset, true) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    // Flag bit 3 (a streamed entry): the local header's CRC and sizes are 0 and a data descriptor follows the data.
    const described = (view.getUint16(offset + 6, true) & 8) !== 0;
    if (
      view.getUint16(offset + 8, true) !== method ||
      view.getUint32(offset + 14, true) !== (described ? 0 : crc) ||
      view.getUint32(offset + 18, true) !== (described ? 0 : packedSize) ||
      view.getUint32(offset + 22, true) !== (described ? 0 : size)
    ) {
      throw new Error(`local header of ${name} disagrees with the directory`);
    }
    const dataAt = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const packed = bytes.subarray(dataAt, dataAt + packedSize);
    if (described) {
      const at = dataAt + packedSize;
      if (
        view.getUint32(at, true) !== 0x08074b50 ||
        view.getUint32(at + 4, true) !== crc ||
        view.getUint32(at + 8, true) !== packedSize ||
        view.getUint32(at + 12, true) !== size
      ) {
        throw new Error(`data descriptor of ${name} disagrees with the directory`);
      }
    }
    const data = method === 8 ? new Uint8Array(zlib.inflateRawSync(packed)) : packed;
    if (data.length !== size) throw new Error(`size of ${name} is wrong`);
    if (zlib.crc32(data) !== crc) throw new Error(`CRC of ${name} is wrong`);
    entries.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
