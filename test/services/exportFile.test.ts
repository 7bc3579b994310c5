/** CSV export to the user file system, and sharing it from a tap. */

import { currentWxFake } from '../fakes/wx';
import { EMPTY_FILTER } from '../../miniprogram/core/callFilter';
import { CSV_BOM } from '../../miniprogram/core/csvExport';
import { archiveCalls } from '../../miniprogram/services/callLog';
import { exportCalls, shareExportedFile, ShareOutcome } from '../../miniprogram/services/exportFile';
import { HISTORY_NOW, statsFixture } from '../helpers/callFixtures';

const immediate = () => Promise.resolve();

describe('export file', () => {
  it('writes the filtered calls, masked, with BOM and header, and shares it from a tap', async () => {
    archiveCalls(statsFixture());
    const result = await exportCalls({ ...EMPTY_FILTER, state: 'connected' }, HISTORY_NOW, {
      fullNumbers: false,
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
    await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, { fullNumbers: false, yieldBetween: immediate });
    const full = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, { fullNumbers: true, yieldBetween: immediate });
    if (!full.ok) throw new Error(full.message);
    expect(currentWxFake().files.paths()).toEqual([full.filePath]);
    expect(currentWxFake().files.textOf(full.filePath)).toContain(',13600136004,');
  });

  it('says the disk is full in words an agent understands, and leaves no partial file', async () => {
    archiveCalls(statsFixture());
    currentWxFake().files.quotaBytes = 200;
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, { fullNumbers: false, yieldBetween: immediate });
    expect(result).toEqual({
      ok: false,
      message: '手机存储空间不足，导出失败。请清理微信存储空间后重试，或缩小筛选范围分批导出',
    });
    expect(currentWxFake().files.paths()).toEqual([]);
  });

  it('reports a cancelled or failed share', async () => {
    archiveCalls(statsFixture());
    const result = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, { fullNumbers: false, yieldBetween: immediate });
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
