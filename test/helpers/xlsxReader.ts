/** Reads back an .xlsx the app wrote: checks the ZIP (signatures, sizes, CRCs) and returns the sheet's cells. */

import { Buffer } from 'node:buffer';
import { readZip } from './zipReader';

export { readZip };

export interface SheetCell {
  /** 'inlineStr' for text, 'n' for a number, '' for an empty cell. */
  type: string;
  text: string;
  style: string;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The first sheet's rows as cells, after checking every part is well-formed XML. */
export function readXlsx(bytes: Uint8Array): { entries: Map<string, Uint8Array>; rows: SheetCell[][] } {
  const entries = readZip(bytes);
  for (const [name, data] of entries) {
    const doc = new DOMParser().parseFromString(Buffer.from(data).toString('utf8'), 'application/xml');
    if (doc.getElementsByTagName('parsererror').length > 0) throw new Error(`${name} is not well-formed XML`);
  }
  const sheet = entries.get('xl/worksheets/sheet1.xml');
  if (sheet === undefined) throw new Error('no sheet');
  const xml = Buffer.from(sheet).toString('utf8');
  const rows: SheetCell[][] = [];
  for (const row of xml.matchAll(/<row [^>]*>(.*?)<\/row>/g)) {
    const cells: SheetCell[] = [];
    for (const cell of (row[1] ?? '').matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/g)) {
      const attrs = cell[1] ?? '';
      const body = cell[2] ?? '';
      const type = /t="([^"]+)"/.exec(attrs)?.[1] ?? (body.includes('<v>') ? 'n' : '');
      const text = unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(body)?.[1] ?? /<v>(.*?)<\/v>/.exec(body)?.[1] ?? '');
      cells.push({ type, text, style: /s="(\d+)"/.exec(attrs)?.[1] ?? '' });
    }
    rows.push(cells);
  }
  return { entries, rows };
}
