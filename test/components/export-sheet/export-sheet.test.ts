/** The export sheet on its own, with real vant: the file holds the filter the page follows, and opens masked. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, openPage, tap, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../wrap-up-sheet/uiDriver';
import { HISTORY_NOW, statsFixture } from '../../../tools/fixtures/callFixtures';
import { archiveCalls } from '../../../miniprogram/services/callLog';
import { CallFilter, EMPTY_FILTER } from '../../../miniprogram/core/callFilter';

const SHEET = 'components/export-sheet/export-sheet';

type Sheet = ReturnType<typeof openPage>;

interface SheetApi {
  open(filter: CallFilter, calls: number): void;
  follow(filter: CallFilter, calls: number): void;
}

function api(sheet: Sheet): SheetApi {
  return sheet.instance as unknown as SheetApi;
}

async function generate(sheet: Sheet): Promise<void> {
  await tap(sheet.component, '#start-export-csv', '.van-button');
  for (let i = 0; i < 20 && (sheet.component.data as { busy: boolean }).busy; i += 1) await simulate.sleep(20);
}

describe('export sheet', () => {
  beforeEach(() => {
    pinClock(HISTORY_NOW);
    archiveCalls(statsFixture());
  });
  afterEach(() => jest.useRealTimers());

  it('says how many calls the filter holds, and exports exactly those, masked', async () => {
    const sheet = openPage(SHEET);
    api(sheet).open({ ...EMPTY_FILTER, state: 'cancelled' }, 1);
    await simulate.sleep(80);
    expect(textOf(sheet.component)).toContain('按当前筛选导出 1 条通话');
    await generate(sheet);
    expect(textOf(find(sheet.component, '#export-done'))).toBe('已生成 通话记录_20261124_1530.csv（1 条）');
    const fake = currentWxFake();
    const csv = fake.files.textOf(fake.files.paths()[0] as string) ?? '';
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).not.toMatch(/1[3-9]\d{9}/);
  });

  it('follows the filter the page changes while it is open, and ignores it while closed', async () => {
    const sheet = openPage(SHEET);
    api(sheet).follow({ ...EMPTY_FILTER, text: '没有这个人' }, 0);
    expect((sheet.component.data as { calls: number }).calls).toBe(-1);
    api(sheet).open({ ...EMPTY_FILTER }, 8);
    api(sheet).follow({ ...EMPTY_FILTER, text: '没有这个人' }, 0);
    await simulate.sleep(80);
    expect(textOf(sheet.component)).toContain('按当前筛选导出 0 条通话');
    await generate(sheet);
    expect(textOf(find(sheet.component, '#export-error'))).toBe('当前筛选下没有通话，没有可导出的内容');
  });

  it('stays open while a file is being made, and closes once it is shared', async () => {
    const sheet = openPage(SHEET);
    api(sheet).open({ ...EMPTY_FILTER }, 8);
    await simulate.sleep(80);
    await generate(sheet);
    await tap(sheet.component, '#share-export', '.van-button');
    expect(currentWxFake().toasts).toContainEqual({ title: '已发送', icon: 'success' });
    expect((sheet.component.data as { show: boolean }).show).toBe(false);
  });
});
