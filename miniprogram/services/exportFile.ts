/** Writes the filtered calls as a CSV file under wx.env.USER_DATA_PATH, in chunks, and shares it from a tap. */

import { CallFilter } from '../core/callFilter';
import { csvRecord, csvStart, exportFileName } from '../core/csvExport';
import { forEachMatchingBatch, ScanOptions } from './callQuery';

/** One file, overwritten by each export, so old exports never pile up on the phone. */
const EXPORT_FILE = 'call-export.csv';
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

function write(api: 'writeFile' | 'appendFile', filePath: string, data: string): Promise<void> {
  const fs = wx.getFileSystemManager();
  return new Promise((resolve, reject) => {
    const options = { filePath, data, encoding: 'utf8' as const, success: () => resolve(), fail: reject };
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
}

/** Writes every call the filter matches; a failure (disk full) removes the partial file and says why. */
export async function exportCalls(filter: CallFilter, now: number, options: ExportOptions): Promise<ExportResult> {
  const filePath = `${wx.env.USER_DATA_PATH}/${EXPORT_FILE}`;
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
  return { ok: true, filePath, fileName: exportFileName(now), count };
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
