/** Calls as CSV for Excel: UTF-8 with a BOM, RFC 4180 quoting, Chinese headers, numbers masked unless asked. */

import { CallRecord, knownTalkSeconds } from './callRecord';
import { callStateLabel, hangUpLabel, shownNumber } from './callPresentation';

/** Excel reads a UTF-8 file as the local code page unless it starts with this. */
export const CSV_BOM = '\ufeff';
/** RFC 4180 ends every record with CRLF. */
export const CSV_EOL = '\r\n';

export const CSV_HEADERS: readonly string[] = [
  '开始时间',
  '联系人/备注',
  '号码',
  '状态',
  '通话时长(秒)',
  '挂断方',
  '通话结果',
  '小结备注',
  '坐席账号',
  'SDKAppID',
  '会话ID(sessionId)',
  'UUI',
  '返回时间',
  '错误信息',
];

/**
 * One field, quoted when it holds a comma, quote, CR or LF (quotes doubled). Text Excel would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe, so an exported name can never execute.
 */
export function csvField(value: string): string {
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CSV_EOL;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2026-11-24 09:05:07, local time; '' for 0. */
export function csvTime(at: number): string {
  if (at <= 0) return '';
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export interface CsvOptions {
  /** Full numbers only after the supervisor confirmed; masked otherwise. */
  fullNumbers: boolean;
}

/** The header line, preceded by the BOM: the start of every export file. */
export function csvStart(): string {
  return CSV_BOM + csvLine(CSV_HEADERS);
}

export function csvRecord(record: CallRecord, options: CsvOptions): string {
  return csvLine([
    csvTime(record.startedAt),
    record.name,
    shownNumber(record.phone, !options.fullNumbers).replace(/\s/g, ''),
    callStateLabel(record),
    // Talk seconds only when known: an unknown duration is empty, and the state column says 时长未知.
    String(knownTalkSeconds(record.duration) ?? ''),
    hangUpLabel(record),
    record.outcome,
    record.note,
    record.userId,
    record.sdkAppId,
    record.sessionId,
    record.uui,
    csvTime(record.returnedAt),
    record.error,
  ]);
}

/** A whole file for a small set (tests, previews); big exports write csvStart then chunks of csvRecord. */
export function csvOf(records: readonly CallRecord[], options: CsvOptions): string {
  return csvStart() + records.map((r) => csvRecord(r, options)).join('');
}

/** The file name the chat shows: 通话记录_20261124_0905.csv */
export function exportFileName(now: number): string {
  const d = new Date(now);
  return `通话记录_${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}.csv`;
}
