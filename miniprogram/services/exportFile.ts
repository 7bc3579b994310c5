/** Writes the filtered calls as an .xlsx or CSV file under wx.env.USER_DATA_PATH, and shares it from a tap. */

import { CallFilter } from '../core/callFilter';
import {
  CSV_HEADERS,
  csvRecord,
  csvStart,
  ExportFormat,
  exportFileName,
  XLSX_WIDTHS,
  xlsxCells,
} from '../core/csvExport';
import { XlsxWriter } from '../core/xlsxExport';
import { forEachMatchingBatch, ScanOptions } from './callQuery';

/** One file per format, overwritten by each export, so old exports never pile up on the phone. */
const EXPORT_FILES: Record<ExportFormat, string> = { xlsx: 'call-export.xlsx', csv: 'call-export.csv' };
/** Said instead of writing a file with no calls in it. */
export const NOTHING_TO_EXPORT = '当前筛选下没有通话，没有可导出的内容';
/** Text is appended to the file in parts of about this many characters. */
const WRITE_CHUNK_CHARS = 256 * 1024;

export interface ExportedFile {
  filePath: string;
  /** The name the chat shows. */
  fileName: string;
  count: number;
}

export type ExportResult = ({ ok: true } & ExportedFile) | { ok: false; message: string };

function errMsgOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String(error.errMsg);
  return error instanceof Error ? error.message : String(error);
}

/** A message an agent can act on; WeChat's own text follows for support. */
export function exportFailureMessage(errMsg: string): string {
  if (/maximum size|storage limit|exceed|no space/i.test(errMsg)) {
    return '手机存储空间不足，导出失败。请清理微信存储空间后重试，或缩小筛选范围分批导出';
  }
  return `导出失败：${errMsg}`;
}

/** Text is written as UTF-8; bytes as they are. */
function write(api: 'writeFile' | 'appendFile', filePath: string, data: string | Uint8Array): Promise<void> {
  const fs = wx.getFileSystemManager();
  return new Promise((resolve, reject) => {
    const options =
      typeof data === 'string'
        ? { filePath, data, encoding: 'utf8' as const, success: () => resolve(), fail: reject }
        : {
            filePath,
            data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
            success: () => resolve(),
            fail: reject,
          };
    if (api === 'writeFile') fs.writeFile(options);
    else fs.appendFile(options);
  });
}

function removeQuietly(filePath: string): void {
  try {
    wx.getFileSystemManager().unlinkSync(filePath);
  } catch {
    // Nothing was written, or it is already gone.
  }
}

export interface ExportOptions extends ScanOptions {
  /** Only after the supervisor confirmed; numbers are masked otherwise. */
  fullNumbers: boolean;
  /** .xlsx: text cells, so Excel and WPS keep every digit; CSV: plain text for other systems. */
  format: ExportFormat;
}

/** Joins byte parts into writes of about WRITE_CHUNK_CHARS bytes. */
function* chunksOf(parts: Uint8Array[]): Generator<Uint8Array> {
  let group: Uint8Array[] = [];
  let size = 0;
  const joined = () => {
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of group) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  for (const part of parts) {
    group.push(part);
    size += part.length;
    if (size >= WRITE_CHUNK_CHARS) {
      yield joined();
      group = [];
      size = 0;
    }
  }
  if (size > 0) yield joined();
}

/** The .xlsx: rows gathered in memory (the ZIP entry starts with their CRC and size), then written in chunks. */
async function exportXlsx(filter: CallFilter, now: number, filePath: string, options: ExportOptions): Promise<number> {
  const sheet = new XlsxWriter(CSV_HEADERS, XLSX_WIDTHS);
  await forEachMatchingBatch(
    filter,
    now,
    (records) => sheet.addRows(records.map((r) => xlsxCells(r, { fullNumbers: options.fullNumbers }))),
    options,
  );
  if (sheet.rows === 0) return 0;
  let first = true;
  for (const chunk of chunksOf(sheet.finish('通话记录', now))) {
    await write(first ? 'writeFile' : 'appendFile', filePath, chunk);
    first = false;
  }
  return sheet.rows;
}

/**
 * Writes every call the filter matches; a failure (disk full) removes the partial file and says why. No calls:
 * no file, and a message saying there is nothing to export.
 */
export async function exportCalls(filter: CallFilter, now: number, options: ExportOptions): Promise<ExportResult> {
  const format = options.format;
  const filePath = `${wx.env.USER_DATA_PATH}/${EXPORT_FILES[format]}`;
  if (format === 'xlsx') {
    try {
      const count = await exportXlsx(filter, now, filePath, options);
      if (count === 0) {
        removeQuietly(filePath);
        return { ok: false, message: NOTHING_TO_EXPORT };
      }
      return { ok: true, filePath, fileName: exportFileName(now, format), count };
    } catch (error) {
      removeQuietly(filePath);
      return { ok: false, message: exportFailureMessage(errMsgOf(error)) };
    }
  }
  let count = 0;
  let buffer = '';
  try {
    await write('writeFile', filePath, csvStart());
    await forEachMatchingBatch(
      filter,
      now,
      async (records) => {
        for (const record of records) buffer += csvRecord(record, { fullNumbers: options.fullNumbers });
        count += records.length;
        if (buffer.length >= WRITE_CHUNK_CHARS) {
          const part = buffer;
          buffer = '';
          await write('appendFile', filePath, part);
        }
      },
      options,
    );
    if (buffer !== '') await write('appendFile', filePath, buffer);
  } catch (error) {
    removeQuietly(filePath);
    return { ok: false, message: exportFailureMessage(errMsgOf(error)) };
  }
  if (count === 0) {
    removeQuietly(filePath);
    return { ok: false, message: NOTHING_TO_EXPORT };
  }
  return { ok: true, filePath, fileName: exportFileName(now, format), count };
}

export type ShareOutcome = 'shared' | 'cancelled' | { failed: string };

/** Call synchronously from a tap: WeChat refuses shareFileMessage after an await or a timer. */
export function shareExportedFile(file: ExportedFile, done: (outcome: ShareOutcome) => void): void {
  wx.shareFileMessage({
    filePath: file.filePath,
    fileName: file.fileName,
    success: () => done('shared'),
    fail: (error: WechatMiniprogram.GeneralCallbackResult) => {
      done(/fail cancel/.test(error.errMsg) ? 'cancelled' : { failed: `分享失败：${error.errMsg}` });
    },
  });
}
