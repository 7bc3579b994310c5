import { CSV_BOM, csvField, csvOf, csvRecord, exportFileName } from '../../miniprogram/core/csvExport';
import { at, HISTORY_NOW, makeCall, statsFixture } from '../../tools/fixtures/callFixtures';

/** A minimal RFC 4180 reader: proves the output parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('quotes commas, quotes and newlines (RFC 4180) and leaves plain Chinese alone', () => {
    expect(csvField('张三')).toBe('张三');
    expect(csvField('王五, 老王')).toBe('"王五, 老王"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('')).toBe('');
  });

  it('defuses text Excel would run as a formula, but not plain numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12')).toBe('-12');
  });

  it('writes a BOM, Chinese headers and one CRLF line per call that parse back exactly', () => {
    const calls = [
      makeCall({
        startedAt: at('2026-11-24T09:05:07'),
        name: '王五, "老王"\n二号',
        note: '回访,周三',
        outcome: '有意向',
      }),
      ...statsFixture().slice(0, 2),
    ];
    const text = csvOf(calls, { fullNumbers: false });
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(4);
    expect(rows[0]?.slice(0, 4)).toEqual(['开始时间', '联系人/备注', '号码', '状态']);
    expect(rows[1]?.slice(0, 8)).toEqual([
      '2026-11-24 09:05:07',
      '王五, "老王"\n二号',
      '138****8000',
      '已接通',
      '60',
      '客户挂断',
      '有意向',
      '回访,周三',
    ]);
    expect(rows.every((r) => r.length === rows[0]?.length)).toBe(true);
  });

  it('writes full numbers only when asked', () => {
    const call = makeCall({ startedAt: HISTORY_NOW, phone: '13800138000' });
    expect(csvRecord(call, { fullNumbers: false })).toContain(',138****8000,');
    expect(csvRecord(call, { fullNumbers: true })).toContain(',13800138000,');
  });

  it('names the file by the export time', () => {
    expect(exportFileName(HISTORY_NOW)).toBe('通话记录_20261124_1530.csv');
  });
});
