/** Reads pasted CSV or tab-separated contacts into checked rows: per-row errors in Chinese, duplicates marked. */

import { ContactFields, ContactInput, validateContactInput } from './contact';
import { parsePhoneNumber } from './phoneNumber';

/** More rows than this in one paste are refused as a whole: the agent splits the paste. */
export const IMPORT_MAX_ROWS = 10_000;

export type ImportRowStatus = 'ok' | 'error' | 'duplicate';

export interface ImportRow {
  /** Line of the pasted text the row starts on (1-based), as the agent sees it in a spreadsheet. */
  line: number;
  input: ContactInput;
  status: ImportRowStatus;
  /** Why the row cannot be imported (errors), or what it duplicates; '' for a good row. */
  message: string;
  /** The checked fields of an ok or duplicate row. */
  fields?: ContactFields;
}

export interface ImportPreview {
  rows: ImportRow[];
  hasHeader: boolean;
  counts: { total: number; ok: number; errors: number; duplicates: number };
  /** Set when the paste as a whole cannot be read (empty, too many rows). */
  problem?: string;
}

type Column = 'name' | 'phone' | 'company' | 'note';

const HEADER_NAMES: Record<Column, readonly string[]> = {
  name: ['姓名', '名字', '联系人', '客户', '客户姓名', '客户名称', 'name', 'full name', 'contact'],
  phone: ['电话', '手机', '手机号', '手机号码', '号码', '电话号码', '联系电话', 'phone', 'mobile', 'tel', 'telephone'],
  company: ['公司', '单位', '公司名称', '企业', 'company', 'organization', 'org'],
  note: ['备注', '说明', 'note', 'notes', 'remark', 'comment'],
};

const DEFAULT_COLUMNS: readonly Column[] = ['name', 'phone', 'company', 'note'];
/** Exports from phones and CRMs often put the number first. */
const PHONE_FIRST_COLUMNS: readonly Column[] = ['phone', 'name', 'company', 'note'];
/** Rows looked at to guess the column order of a paste without a header. */
const SNIFF_ROWS = 20;

/** Without a header: number first when most of the first rows read that way, else name first. */
function guessColumns(rows: readonly RawRow[]): readonly Column[] {
  const sample = rows.slice(0, SNIFF_ROWS);
  const phoneFirst = sample.filter(
    (row) => parsePhoneNumber(row.cells[0] ?? '').ok && !parsePhoneNumber(row.cells[1] ?? '').ok,
  ).length;
  return phoneFirst * 2 > sample.length ? PHONE_FIRST_COLUMNS : DEFAULT_COLUMNS;
}

/** Picks the separator from the first line: tab, then comma, then the full-width comma Chinese input gives. */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('，')) return '，';
  return ',';
}

interface RawRow {
  line: number;
  cells: string[];
}

/** The state of a CSV read: the row and cell being built, and where in the text they started. */
class DelimitedReader {
  readonly rows: RawRow[] = [];
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private line = 1;
  private rowLine = 1;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
  ) {}

  read(): RawRow[] {
    let i = 0;
    while (i < this.text.length) i = this.quoted ? this.stepQuoted(i) : this.stepPlain(i);
    if (this.cell !== '' || this.cells.length > 0) this.endRow();
    return this.rows.filter((row) => row.cells.some((c) => c.trim() !== ''));
  }

  /** Inside quotes: a doubled quote is a quote, a single one closes; anything else, line breaks too, is text. */
  private stepQuoted(i: number): number {
    const char = this.text[i] as string;
    if (char === '"') {
      if (this.text[i + 1] === '"') {
        this.cell += '"';
        return i + 2;
      }
      this.quoted = false;
      return i + 1;
    }
    if (char === '\n') this.line += 1;
    this.cell += char;
    return i + 1;
  }

  private stepPlain(i: number): number {
    const char = this.text[i] as string;
    if (char === '"' && this.cell.trim() === '') {
      this.quoted = true;
      this.cell = '';
    } else if (char === this.delimiter) {
      this.cells.push(this.cell);
      this.cell = '';
    } else if (char === '\r' || char === '\n') {
      this.endRow();
      this.line += 1;
      this.rowLine = this.line;
      return char === '\r' && this.text[i + 1] === '\n' ? i + 2 : i + 1;
    } else this.cell += char;
    return i + 1;
  }

  private endRow(): void {
    this.cells.push(this.cell);
    this.rows.push({ line: this.rowLine, cells: this.cells });
    this.cells = [];
    this.cell = '';
  }
}

/** RFC 4180 reading: quoted fields may hold separators, doubled quotes and line breaks; CRLF, CR or LF end a row. */
export function parseDelimited(text: string, delimiter: string): RawRow[] {
  return new DelimitedReader(text, delimiter).read();
}

function headerColumn(cell: string): Column | undefined {
  const label = cell.trim().toLowerCase();
  return DEFAULT_COLUMNS.find((column) => HEADER_NAMES[column].includes(label));
}

/** The column layout a header row gives, or undefined when the row is data (it names no phone column). */
function readHeader(cells: readonly string[]): (Column | undefined)[] | undefined {
  const columns = cells.map(headerColumn);
  return columns.includes('phone') && columns.includes('name') ? columns : undefined;
}

function toInput(cells: readonly string[], columns: readonly (Column | undefined)[]): ContactInput {
  const input: ContactInput = { name: '', phone: '', company: '', note: '' };
  columns.forEach((column, i) => {
    if (column !== undefined && input[column] === '') input[column] = (cells[i] ?? '').trim();
  });
  return input;
}

/** Checks one data row; `seen` collects the numbers of earlier rows. */
function checkRow(
  row: RawRow,
  columns: readonly (Column | undefined)[],
  isKnown: (dial: string) => boolean,
  seen: Set<string>,
): ImportRow {
  const input = toInput(row.cells, columns);
  const checked = validateContactInput(input);
  if (!checked.ok) return { line: row.line, input, status: 'error', message: Object.values(checked.errors).join('；') };
  const dial = checked.fields.phone;
  const duplicate = isKnown(dial) ? '号码已在联系人中' : seen.has(dial) ? '号码与前面的行重复' : '';
  seen.add(dial);
  const status = duplicate === '' ? 'ok' : 'duplicate';
  return { line: row.line, input, status, message: duplicate, fields: checked.fields };
}

/**
 * Reads a paste into preview rows. `isKnown(dial)` says whether a number is already a contact; a number
 * repeated within the paste is a duplicate from its second row on.
 */
export function previewImport(text: string, isKnown: (dial: string) => boolean): ImportPreview {
  const clean = String(text).replace(/^\ufeff/, '');
  const raw = parseDelimited(clean, detectDelimiter(clean));
  const header = raw[0] === undefined ? undefined : readHeader(raw[0].cells);
  const dataRows = header === undefined ? raw : raw.slice(1);
  const counts = { total: dataRows.length, ok: 0, errors: 0, duplicates: 0 };
  const preview: ImportPreview = { rows: [], hasHeader: header !== undefined, counts };
  if (dataRows.length === 0) return { ...preview, problem: '没有可导入的行，请粘贴“姓名,电话,公司,备注”格式的文本' };
  if (dataRows.length > IMPORT_MAX_ROWS)
    return { ...preview, problem: `一次最多导入 ${IMPORT_MAX_ROWS} 行，请分批粘贴` };
  const seen = new Set<string>();
  const columns = header ?? guessColumns(dataRows);
  for (const dataRow of dataRows) {
    const row = checkRow(dataRow, columns, isKnown, seen);
    preview.rows.push(row);
    if (row.status === 'ok') counts.ok += 1;
    else if (row.status === 'error') counts.errors += 1;
    else counts.duplicates += 1;
  }
  return preview;
}

/** The rows to import: the good ones only. */
export function importableRows(preview: ImportPreview): ContactInput[] {
  return preview.rows.filter((row) => row.status === 'ok').map((row) => row.input);
}

/** The agent's summary after an import. */
export function importSummary(report: { added: number; skipped: number; duplicates: number }): string {
  return `已添加 ${report.added} 个，跳过 ${report.skipped} 行（有错误），重复 ${report.duplicates} 个`;
}

/** Preview rows listed on the page at most: the problems first, then some good rows. Never thousands. */
export const PREVIEW_PROBLEM_ROWS = 50;
export const PREVIEW_GOOD_ROWS = 20;

export interface ImportPreviewRowView {
  line: number;
  name: string;
  status: ImportRowStatus;
  detail: string;
}

export interface ImportPreviewView {
  total: number;
  ok: number;
  errors: number;
  duplicates: number;
  listTitle: string;
  rows: ImportPreviewRowView[];
  /** Rows not listed. */
  more: number;
}

/** What the import page shows of a preview; numbers are shown through `showNumber` (masked by default). */
export function importPreviewView(preview: ImportPreview, showNumber: (dial: string) => string): ImportPreviewView {
  const problems = preview.rows.filter((row) => row.status !== 'ok');
  const good = preview.rows.filter((row) => row.status === 'ok');
  const listed = [
    ...problems.filter((row) => row.status === 'error'),
    ...problems.filter((row) => row.status === 'duplicate'),
  ].slice(0, PREVIEW_PROBLEM_ROWS);
  listed.push(...good.slice(0, PREVIEW_GOOD_ROWS));
  const rows = listed.map((row) => {
    const number = row.fields === undefined ? '' : showNumber(row.fields.phone);
    const detail = row.status === 'error' ? row.message : [row.message, number, row.input.company].filter(Boolean);
    return {
      line: row.line,
      name: row.input.name === '' ? '（无姓名）' : row.input.name,
      status: row.status,
      detail: typeof detail === 'string' ? detail : detail.join(' · '),
    };
  });
  return {
    ...preview.counts,
    listTitle: problems.length > 0 ? '需要留意的行在前' : '预览',
    rows,
    more: preview.rows.length - rows.length,
  };
}
