/**
 * Exports of the filtered call list as a stream (CSV or .xlsx), page by page through the keyset cursor, so a
 * 100,000-row export never sits in memory. The .xlsx reuses the app's sheet XML, DEFLATE and CRC pieces; its ZIP
 * entries carry a data descriptor because the sheet's size is known only at its end.
 */

import { CSV_BOM, CSV_EOL, csvField, csvLine } from '../../miniprogram/core/csvExport';
import { DeflateStream } from '../../miniprogram/core/deflate';
import { crc32, rowXml, SHEET_END, sheetStart, workbookParts, type XlsxCell } from '../../miniprogram/core/xlsxExport';
import { listCalls, type CallCursor, type CallFilter, type ListedCall } from './callQuery';
import type { Queryable } from './db';

export const EXPORT_HEADERS = [
  '开始时间',
  '坐席',
  '客户',
  '号码',
  '手机端状态',
  '手机端通话秒数',
  'TCCC 结果',
  'TCCC 通话秒数',
  '挂断方',
  '坐席小结',
  '备注',
  '会话ID(sessionId)',
];
const WIDTHS = [20, 10, 16, 16, 10, 10, 12, 10, 8, 12, 30, 38];
/** Rows per database page: big enough to keep the query count low, small enough to keep memory flat. */
const PAGE = 1000;

function shanghai(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface ExportRow {
  call: ListedCall;
  /** The number as exported: masked, or the full number when the export was confirmed as full. */
  phone: string;
}

function fields(row: ExportRow): string[] {
  const { call } = row;
  return [
    shanghai(call.startedAt),
    call.agentName,
    call.name,
    row.phone,
    call.state,
    call.duration === null ? '' : String(call.duration),
    call.tccc?.endStatusLabel ?? '待话单',
    call.tccc?.duration === null || call.tccc === null ? '' : String(call.tccc.duration),
    call.tccc?.hungUpSide ?? call.closeBy,
    call.outcome,
    call.note,
    call.sessionId ?? '',
  ];
}

/** Every call of the filter, newest first, a page at a time; full numbers are read per page only when asked. */
export async function* exportRows(db: Queryable, filter: CallFilter, full: boolean): AsyncGenerator<ExportRow[]> {
  let cursor: CallCursor | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof listCalls>> = await listCalls(db, filter, cursor, PAGE, 'time', full);
    yield page.calls.map((call) => ({ call, phone: call.phone }));
    if (page.nextCursor === null) return;
    const last = page.calls.at(-1);
    if (last === undefined) return;
    cursor = { startedAt: last.startedAt, agentId: last.agentId, callId: last.id };
  }
}

/** A full number as ="…" so Excel and WPS keep it as text (leading 0, no 1.38E+10); masked numbers are text already. */
function csvPhone(phone: string): string {
  return /^\+?\d{5,20}$/.test(phone) ? `="${phone}"` : csvField(phone);
}

export async function* csvStream(rows: AsyncIterable<ExportRow[]>): AsyncGenerator<Buffer> {
  yield Buffer.from(CSV_BOM + csvLine(EXPORT_HEADERS), 'utf8');
  for await (const page of rows) {
    let text = '';
    for (const row of page) {
      // The number column is written as ="…" (csvField would quote it), the rest by the app's CSV rules.
      text +=
        fields(row)
          .map((cell, i) => (i === 3 ? csvPhone(cell) : csvField(cell)))
          .join(',') + CSV_EOL;
    }
    if (text !== '') yield Buffer.from(text, 'utf8');
  }
}

// --- .xlsx: a streaming ZIP --------------------------------------------------------------------------------

interface Entry {
  name: Buffer;
  method: number;
  crc: number;
  packed: number;
  size: number;
  offset: number;
}

function dos(at: number): { time: number; date: number } {
  const d = new Date(at + 8 * 3600_000);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function localHeader(entry: Entry, flags: number, stamp: { time: number; date: number }): Buffer {
  const head = Buffer.alloc(30 + entry.name.length);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt16LE(flags, 6);
  head.writeUInt16LE(entry.method, 8);
  head.writeUInt16LE(stamp.time, 10);
  head.writeUInt16LE(stamp.date, 12);
  // With a data descriptor (flag 8) the CRC and sizes here are 0 and follow the data.
  head.writeUInt32LE(flags & 8 ? 0 : entry.crc, 14);
  head.writeUInt32LE(flags & 8 ? 0 : entry.packed, 18);
  head.writeUInt32LE(flags & 8 ? 0 : entry.size, 22);
  head.writeUInt16LE(entry.name.length, 26);
  entry.name.copy(head, 30);
  return head;
}

export async function* xlsxStream(rows: AsyncIterable<ExportRow[]>, now: number): AsyncGenerator<Buffer> {
  const stamp = dos(now);
  const entries: Entry[] = [];
  let offset = 0;
  for (const part of workbookParts('通话记录')) {
    const bytes = Buffer.from(part.text, 'utf8');
    const entry = {
      name: Buffer.from(part.name),
      method: 0,
      crc: crc32(bytes),
      packed: bytes.length,
      size: bytes.length,
      offset,
    };
    const head = localHeader(entry, 0x0800, stamp);
    entries.push(entry);
    offset += head.length + bytes.length;
    yield Buffer.concat([head, bytes]);
  }
  const sheet: Entry = { name: Buffer.from('xl/worksheets/sheet1.xml'), method: 8, crc: 0, packed: 0, size: 0, offset };
  const sheetHead = localHeader(sheet, 0x0808, stamp);
  yield sheetHead;
  offset += sheetHead.length;
  const deflate = new DeflateStream();
  const feed = (xml: string): Buffer => {
    const bytes = Buffer.from(xml, 'utf8');
    sheet.crc = crc32(bytes, sheet.crc);
    sheet.size += bytes.length;
    deflate.push(bytes);
    const packed = Buffer.from(deflate.take());
    sheet.packed += packed.length;
    return packed;
  };
  yield feed(sheetStart(EXPORT_HEADERS, WIDTHS));
  let rowNumber = 1;
  for await (const page of rows) {
    let xml = '';
    for (const row of page) {
      rowNumber += 1;
      const cells: XlsxCell[] = fields(row);
      xml += rowXml(rowNumber, cells);
    }
    if (xml !== '') yield feed(xml);
  }
  const last = feed(SHEET_END);
  const finished = Buffer.from(deflate.finish());
  sheet.packed += finished.length;
  yield Buffer.concat([last, finished]);
  offset += sheet.packed;
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(sheet.crc, 4);
  descriptor.writeUInt32LE(sheet.packed, 8);
  descriptor.writeUInt32LE(sheet.size, 12);
  yield descriptor;
  offset += descriptor.length;
  entries.push(sheet);
  const directoryStart = offset;
  const central: Buffer[] = entries.map((entry) => {
    const flags = entry === sheet ? 0x0808 : 0x0800;
    const head = Buffer.alloc(46 + entry.name.length);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(flags, 8);
    head.writeUInt16LE(entry.method, 10);
    head.writeUInt16LE(stamp.time, 12);
    head.writeUInt16LE(stamp.date, 14);
    head.writeUInt32LE(entry.crc, 16);
    head.writeUInt32LE(entry.packed, 20);
    head.writeUInt32LE(entry.size, 24);
    head.writeUInt16LE(entry.name.length, 28);
    head.writeUInt32LE(entry.offset, 42);
    entry.name.copy(head, 46);
    return head;
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryStart, 16);
  yield Buffer.concat([directory, end]);
}
