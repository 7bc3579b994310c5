/** Calls as export rows (CSV: UTF-8 with a BOM, RFC 4180 quoting; .xlsx cells), Chinese headers, numbers masked unless asked. */

import { CallRecord, knownTalkSeconds } from './callRecord';
import { callStateLabel, hangUpLabel, shownNumber } from './callPresentation';
import { XlsxCell } from './xlsxExport';

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

/** Column widths of the .xlsx, in characters, matching CSV_HEADERS. */
export const XLSX_WIDTHS: readonly number[] = [20, 16, 15, 10, 12, 10, 12, 30, 22, 12, 38, 16, 20, 20];

/** One call's fields in CSV_HEADERS order, as text. */
export function exportFields(record: CallRecord, options: CsvOptions): string[] {
  return [
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
  ];
}

export function csvRecord(record: CallRecord, options: CsvOptions): string {
  return csvLine(exportFields(record, options));
}

const DURATION_COLUMN = CSV_HEADERS.indexOf('通话时长(秒)');

/** One call as .xlsx cells: every field a text cell (numbers keep their leading 0), the talk seconds a number. */
export function xlsxCells(record: CallRecord, options: CsvOptions): XlsxCell[] {
  const fields: XlsxCell[] = exportFields(record, options);
  const seconds = fields[DURATION_COLUMN];
  // Whatever the CSV says for the duration, as a number when it is one, so Excel can sum it.
  if (typeof seconds === 'string' && /^\d{1,9}$/.test(seconds)) fields[DURATION_COLUMN] = Number(seconds);
  return fields;
}

/** A whole file for a small set (tests, previews); big exports write csvStart then chunks of csvRecord. */
export function csvOf(records: readonly CallRecord[], options: CsvOptions): string {
  return csvStart() + records.map((r) => csvRecord(r, options)).join('');
}

export type ExportFormat = 'xlsx' | 'csv';

/** The file name the chat shows: 通话记录_20261124_0905.xlsx (or .csv) */
export function exportFileName(now: number, format: ExportFormat = 'csv'): string {
  const d = new Date(now);
  return `通话记录_${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}.${format}`;
}
