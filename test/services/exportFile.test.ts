/** CSV export to the user file system, and sharing it from a tap. */

import { currentWxFake } from '../../tools/wx-fake/wx';
import { EMPTY_FILTER } from '../../miniprogram/core/callFilter';
import { CSV_BOM, CSV_HEADERS } from '../../miniprogram/core/csvExport';
import { archiveCalls } from '../../miniprogram/services/callLog';
import { exportCalls, NOTHING_TO_EXPORT, shareExportedFile, ShareOutcome } from '../../miniprogram/services/exportFile';
import { HISTORY_NOW, makeCall, statsFixture } from '../../tools/fixtures/callFixtures';
import { readXlsx, SheetCell } from '../helpers/xlsxReader';

const immediate = () => Promise.resolve();

describe('export file', () => {
  it('writes the filtered calls, masked, with BOM and header, and shares it from a tap', async () => {
    archiveCalls(statsFixture());
    const result = await exportCalls({ ...EMPTY_FILTER, state: 'connected' }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'csv',
      yieldBetween: immediate,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ count: 4, fileName: '通话记录_20261124_1530.csv' });
    const text = currentWxFake().files.textOf(result.filePath) ?? '';
    expect(text.startsWith(`${CSV_BOM}开始时间,`)).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 4 + 1);
    expect(text).toContain(',136****6004,');
    expect(text).not.toContain('13600136004');

    const outcomes: ShareOutcome[] = [];
    currentWxFake().tap(() => shareExportedFile(result, (o) => outcomes.push(o)));
    await Promise.resolve();
    expect(outcomes).toEqual(['shared']);
    expect(currentWxFake().sharedFiles[0]).toMatchObject({ fileName: '通话记录_20261124_1530.csv', inTap: true });
  });

  it('writes full numbers when asked, overwriting the previous export', async () => {
    archiveCalls(statsFixture());
    await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, { fullNumbers: false, format: 'csv', yieldBetween: immediate });
    const full = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: true,
      format: 'csv',
      yieldBetween: immediate,
    });
    if (!full.ok) throw new Error(full.message);
    expect(currentWxFake().files.paths()).toEqual([full.filePath]);
    expect(currentWxFake().files.textOf(full.filePath)).toContain(',13600136004,');
  });

  it('says the disk is full in words an agent understands, and leaves no partial file', async () => {
    archiveCalls(statsFixture());
    currentWxFake().files.quotaBytes = 200;
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'csv',
      yieldBetween: immediate,
    });
    expect(result).toEqual({
      ok: false,
      message: '手机存储空间不足，导出失败。请清理微信存储空间后重试，或缩小筛选范围分批导出',
    });
    expect(currentWxFake().files.paths()).toEqual([]);
  });

  it('writes an .xlsx that Excel and WPS read with every digit: numbers are text cells, talk time a number', async () => {
    archiveCalls([
      ...statsFixture(),
      makeCall({ startedAt: HISTORY_NOW - 1000, name: '=HYPERLINK("x")', phone: '057112345678', note: '<a&b> "引号"' }),
    ]);
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: true,
      format: 'xlsx',
      yieldBetween: immediate,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ count: 9, fileName: '通话记录_20261124_1530.xlsx' });
    expect(result.filePath.endsWith('.xlsx')).toBe(true);
    // Read back from the fake file system's bytes: a valid ZIP (CRCs checked), well-formed XML parts.
    const file = currentWxFake().files.bytesOf(result.filePath) as Uint8Array;
    const { entries, rows } = readXlsx(file);
    // The sheet is deflated: the file is far smaller than its XML.
    expect(file.length).toBeLessThan((entries.get('xl/worksheets/sheet1.xml')?.length ?? 0) / 2);
    expect([...entries.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(rows).toHaveLength(10);
    expect(rows[0]?.map((c) => c.text)).toEqual(CSV_HEADERS);
    const byName = (name: string) => rows.find((r) => r[1]?.text === name) as SheetCell[];
    // Text cells in the Text format (style 1): no 1.38E+10, no lost leading 0.
    expect(byName('张三')[2]).toEqual({ type: 'inlineStr', text: '13800138001', style: '1' });
    expect(rows.find((r) => r[2]?.text === '02112345678')?.[2]?.type).toBe('inlineStr');
    expect(byName('=HYPERLINK("x")')[2]?.text).toBe('057112345678');
    // A name that looks like a formula is just text; the note's markup comes back as typed.
    expect(byName('=HYPERLINK("x")')[1]?.type).toBe('inlineStr');
    expect(byName('=HYPERLINK("x")')[7]?.text).toBe('<a&b> "引号"');
    // Talk seconds stay numbers Excel can sum; the SDKAppID stays text.
    expect(byName('张三')[4]).toMatchObject({ type: 'n', text: '30' });
    expect(byName('张三')[9]).toMatchObject({ type: 'inlineStr', text: '1400000000' });
  });

  it('masks the numbers in the .xlsx unless asked', async () => {
    archiveCalls(statsFixture());
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'xlsx',
      yieldBetween: immediate,
    });
    if (!result.ok) throw new Error(result.message);
    const { rows } = readXlsx(currentWxFake().files.bytesOf(result.filePath) as Uint8Array);
    const numbers = rows.slice(1).map((r) => r[2]?.text);
    expect(numbers).toContain('136****6004');
    expect(numbers.join(',')).not.toMatch(/1[3-9]\d{9}/);
  });

  it.each(['xlsx', 'csv'] as const)(
    'says there is nothing to export and writes no %s file for 0 rows',
    async (format) => {
      archiveCalls(statsFixture());
      const result = await exportCalls({ ...EMPTY_FILTER, text: '没有这个人' }, HISTORY_NOW, {
        fullNumbers: false,
        format,
        yieldBetween: immediate,
      });
      expect(result).toEqual({ ok: false, message: NOTHING_TO_EXPORT });
      expect(currentWxFake().files.paths()).toEqual([]);
    },
  );

  it('leaves no partial .xlsx when the disk is full', async () => {
    archiveCalls(statsFixture());
    currentWxFake().files.quotaBytes = 2000;
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'xlsx',
      yieldBetween: immediate,
    });
    expect(result).toEqual({
      ok: false,
      message: '手机存储空间不足，导出失败。请清理微信存储空间后重试，或缩小筛选范围分批导出',
    });
    expect(currentWxFake().files.paths()).toEqual([]);
  });

  it('reports a cancelled or failed share', async () => {
    archiveCalls(statsFixture());
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'csv',
      yieldBetween: immediate,
    });
    if (!result.ok) throw new Error(result.message);
    const outcomes: ShareOutcome[] = [];
    currentWxFake().shareFileBehaviour = 'cancel';
    currentWxFake().tap(() => shareExportedFile(result, (o) => outcomes.push(o)));
    // Outside a tap WeChat refuses.
    shareExportedFile(result, (o) => outcomes.push(o));
    await Promise.resolve();
    expect(outcomes).toEqual([
      'cancelled',
      { failed: '分享失败：shareFileMessage:fail can only be invoked by user TAP gesture.' },
    ]);
  });
});
