/** The do-not-call sheet on its own, with real vant: opens with empty boxes, adds and removes, tells the page. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { settle } from '../../../tools/page-harness/appHarness';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { pinClock } from '../wrap-up-sheet/uiDriver';

const LIST = 'components/dnc-list/dnc-list';

type Sheet = ReturnType<typeof openPage>;
type ListData = { show: boolean; rows: { title: string }[]; phone: string; phoneError: string };

function dataOf(sheet: Sheet): ListData {
  return sheet.component.data as ListData;
}

/** Counts the sheet's change events: the page counts the list again on each. */
function changesHeard(sheet: Sheet): { count: number } {
  const heard = { count: 0 };
  const host = sheet.component as unknown as { addEventListener(name: string, fn: () => void): void };
  host.addEventListener('change', () => (heard.count += 1));
  return heard;
}

function doNotCallStore() {
  return require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
}

describe('do-not-call list sheet', () => {
  beforeEach(() => pinClock(new Date('2026-11-24T10:00:00+08:00').getTime()));
  afterEach(() => jest.useRealTimers());

  it('opens on the numbers kept, masked, and adds a typed number, telling the page once', async () => {
    const sheet = openPage(LIST);
    doNotCallStore().addDoNotCall('13700137000', '空号', 1);
    const heard = changesHeard(sheet);
    (sheet.instance as unknown as { open(): void }).open();
    await simulate.sleep(80);
    expect(dataOf(sheet).show).toBe(true);
    expect(dataOf(sheet).rows.map((row) => row.title)).toEqual(['137****7000']);

    await typeInto(sheet.component, '#dncPhone', '1380013');
    await tap(sheet.component, '#dnc-add', '.van-button');
    expect(textOf(find(sheet.component, '#dncPhone'))).toContain('号码位数不足');
    expect(heard.count).toBe(0);

    await typeInto(sheet.component, '#dncPhone', '13900139000');
    await tap(sheet.component, '#dnc-add', '.van-button');
    await settle();
    expect(heard.count).toBe(1);
    expect(dataOf(sheet).rows.map((row) => row.title)).toEqual(['139****9000', '137****7000']);
    expect(shownValue(sheet.component, '#dncPhone')).toBe('');
  });

  it('takes a number off only after the agent confirms', async () => {
    const sheet = openPage(LIST);
    doNotCallStore().addDoNotCall('13700137000', '空号', 1);
    const heard = changesHeard(sheet);
    (sheet.instance as unknown as { open(): void }).open();
    await simulate.sleep(80);

    currentWxFake().modalAnswers.push(false);
    await tap(sheet.component, '#dnc-remove-0', '.van-button');
    await settle();
    expect(doNotCallStore().findDoNotCall('13700137000')).toBeDefined();
    expect(heard.count).toBe(0);

    await tap(sheet.component, '#dnc-remove-0', '.van-button');
    await settle();
    expect(currentWxFake().modals.map((m) => m.title)).toEqual(['移出勿扰名单', '移出勿扰名单']);
    expect(doNotCallStore().findDoNotCall('13700137000')).toBeUndefined();
    expect(dataOf(sheet).rows).toEqual([]);
    expect(heard.count).toBe(1);
  });
});
