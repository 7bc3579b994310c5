/** A one-sheet .xlsx with numbers kept as text cells, for Excel and WPS: the sheet XML, deflated, in a ZIP. */

import { DeflateStream } from './deflate';

/** A cell: text (always a text cell, so 01012345678 keeps its 0) or a number Excel may sum. */
export type XlsxCell = string | number;

// --- bytes ---------------------------------------------------------------------------------------------------

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD. No TextEncoder: not every WeChat base library has it. */
export function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) {
      out[n++] = code;
    } else if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 63);
      out[n++] = 0x80 | (code & 63);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 63);
      out[n++] = 0x80 | ((code >> 6) & 63);
      out[n++] = 0x80 | (code & 63);
    }
  }
  return out.slice(0, n);
}

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable !== undefined) return crcTable;
  crcTable = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) {
    let c = i;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[i] = c >>> 0;
  }
  return crcTable;
}

/** CRC-32 as ZIP uses it, continued from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = table();
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i += 1) c = (t[(c ^ (bytes[i] as number)) & 255] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

// --- sheet XML -----------------------------------------------------------------------------------------------

/** Escapes text for XML; characters XML 1.0 forbids (control codes a paste may carry) are dropped. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 does not allow
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** A, B, ... Z, AA: the column letters of a cell reference. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Style 1 is the Text number format (@), so a number typed over in Excel stays text too; style 2 adds bold. */
const STYLE_TEXT = 1;
const STYLE_HEADER = 2;

function cellXml(value: XlsxCell, ref: string, style: number): string {
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}"/>`;
  if (value === '') return `<c r="${ref}" s="${style}"/>`;
  // Inline strings are never read as numbers, dates or formulas: what is written is what Excel shows.
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
}

/** One <row>, numbered from 1. */
export function rowXml(rowNumber: number, cells: readonly XlsxCell[], style = STYLE_TEXT): string {
  const body = cells.map((cell, i) => cellXml(cell, `${columnName(i)}${rowNumber}`, style)).join('');
  return `<row r="${rowNumber}">${body}</row>`;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The sheet's start: frozen header row, column widths (in characters), then the header cells. */
export function sheetStart(headers: readonly string[], widths: readonly number[]): string {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>${rowXml(1, headers, STYLE_HEADER)}`
  );
}

export const SHEET_END = '</sheetData></worksheet>';

export function workbookParts(sheetName: string): { name: string; text: string }[] {
  return [
    {
      name: '[Content_Types].xml',
      text:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      text:
        `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text:
        `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text:
        `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      text:
        `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
        '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
        '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    },
  ];
}

// --- ZIP (stored) --------------------------------------------------------------------------------------------

interface ZipEntry {
  name: Uint8Array;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  packedSize: number;
  size: number;
  offset: number;
}

function header(size: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  return { bytes, view: new DataView(bytes.buffer) };
}

/** MS-DOS time and date of a local time, as ZIP stores them. */
function dosTime(at: number): { time: number; date: number } {
  const d = new Date(at);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * Builds the .xlsx as byte parts to write in order. The sheet is deflated as rows come and kept in memory until
 * the end (its CRC and sizes head the ZIP entry, which every reader, Excel and WPS included, accepts; a trailing
 * data descriptor some readers mishandle is avoided). The small fixed parts are stored.
 */
export class XlsxWriter {
  private readonly sheetParts: Uint8Array[] = [];
  private readonly deflate = new DeflateStream();
  private sheetCrc = 0;
  private sheetSize = 0;
  private rowNumber = 1;

  constructor(headers: readonly string[], widths: readonly number[]) {
    this.push(sheetStart(headers, widths));
  }

  get rows(): number {
    return this.rowNumber - 1;
  }

  private push(xml: string): void {
    const bytes = utf8Bytes(xml);
    this.deflate.push(bytes);
    this.sheetParts.push(this.deflate.take());
    this.sheetCrc = crc32(bytes, this.sheetCrc);
    this.sheetSize += bytes.length;
  }

  /** Adds rows (a batch at a time keeps the parts few). */
  addRows(rows: readonly (readonly XlsxCell[])[]): void {
    let xml = '';
    for (const cells of rows) {
      this.rowNumber += 1;
      xml += rowXml(this.rowNumber, cells);
    }
    if (xml !== '') this.push(xml);
  }

  /** The whole file, as parts to write one after another. */
  finish(sheetName: string, now: number): Uint8Array[] {
    this.push(SHEET_END);
    this.sheetParts.push(this.deflate.finish());
    const { time, date } = dosTime(now);
    const out: Uint8Array[] = [];
    const entries: ZipEntry[] = [];
    let offset = 0;
    const add = (path: string, method: number, parts: Uint8Array[], crc: number, size: number) => {
      const name = utf8Bytes(path);
      const packedSize = parts.reduce((sum, part) => sum + part.length, 0);
      const local = header(30 + name.length);
      local.view.setUint32(0, 0x04034b50, true);
      local.view.setUint16(4, 20, true);
      local.view.setUint16(6, 0x0800, true); // names are UTF-8
      local.view.setUint16(8, method, true);
      local.view.setUint16(10, time, true);
      local.view.setUint16(12, date, true);
      local.view.setUint32(14, crc, true);
      local.view.setUint32(18, packedSize, true);
      local.view.setUint32(22, size, true);
      local.view.setUint16(26, name.length, true);
      local.bytes.set(name, 30);
      entries.push({ name, method, crc, packedSize, size, offset });
      out.push(local.bytes, ...parts);
      offset += local.bytes.length + packedSize;
    };
    for (const part of workbookParts(sheetName)) {
      const bytes = utf8Bytes(part.text);
      add(part.name, 0, [bytes], crc32(bytes), bytes.length);
    }
    add('xl/worksheets/sheet1.xml', 8, this.sheetParts, this.sheetCrc, this.sheetSize);

    const directoryStart = offset;
    for (const entry of entries) {
      const central = header(46 + entry.name.length);
      central.view.setUint32(0, 0x02014b50, true);
      central.view.setUint16(4, 20, true);
      central.view.setUint16(6, 20, true);
      central.view.setUint16(8, 0x0800, true);
      central.view.setUint16(10, entry.method, true);
      central.view.setUint16(12, time, true);
      central.view.setUint16(14, date, true);
      central.view.setUint32(16, entry.crc, true);
      central.view.setUint32(20, entry.packedSize, true);
      central.view.setUint32(24, entry.size, true);
      central.view.setUint16(28, entry.name.length, true);
      central.view.setUint32(42, entry.offset, true);
      central.bytes.set(entry.name, 46);
      out.push(central.bytes);
      offset += central.bytes.length;
    }
    const end = header(22);
    end.view.setUint32(0, 0x06054b50, true);
    end.view.setUint16(8, entries.length, true);
    end.view.setUint16(10, entries.length, true);
    end.view.setUint32(12, offset - directoryStart, true);
    end.view.setUint32(16, directoryStart, true);
    out.push(end.bytes);
    return out;
  }
}
