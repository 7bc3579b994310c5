/** The history page on the wx fake with real vant: list, filters, stats, wrap-up, refresh, export. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, MINIPROGRAM_ROOT, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { configureAgent } from '../../../tools/page-harness/appHarness';
import {
  archiveCalls,
  forgetCallLogMemory,
  readPending,
  SHARD_PREFIX,
  writePending,
} from '../../../miniprogram/services/callLog';
import { at, HISTORY_NOW, makeCall, statsFixture } from '../../../tools/fixtures/callFixtures';
import { readXlsx } from '../../helpers/xlsxReader';
import { CallRecord } from '../../../miniprogram/core/callRecord';

type Page = ReturnType<typeof openPage>;

/** The call feed the page just loaded (openPage resets modules, so require after it). */
function feed(): typeof import('../../../miniprogram/services/callEvents') {
  return require('../../../miniprogram/services/callEvents');
}
type Doc = Page['component'];

interface RowData {
  id: string;
  title: string;
  number: string;
  mark: string;
  needsWrapUp: boolean;
}

/** The rows in the view: with a handful of calls, the window holds them all. */
function rows(page: Page): RowData[] {
  return page.component.data.rows as RowData[];
}

/**
 * Waits for the list, the stats and their chart to settle: they follow the rows a frame (17 ms) apart, so the page is
 * settled when its data has not changed for 60 ms and the stats are in.
 */
async function settled(page: Page): Promise<void> {
  let last = '';
  let quietSince = performance.now();
  for (let i = 0; i < 100; i += 1) {
    await simulate.sleep(20);
    const data = page.component.data as { statsBusy: boolean; footer: string; stats: unknown };
    const now = JSON.stringify(data);
    if (now !== last) {
      last = now;
      quietSince = performance.now();
      continue;
    }
    const quiet = performance.now() - quietSince >= 60;
    if (quiet && !data.statsBusy && data.stats !== null && data.footer !== 'loading') return;
  }
}

/** Opens a van-dropdown-item by its title in the real menu, then taps the option with this text. */
async function chooseOption(page: Page, menuIndex: number, itemId: string, optionText: string): Promise<void> {
  const titles = find(page.component, '#filter-bar', '#filters').querySelectorAll('.van-dropdown-menu__item');
  const title = titles[menuIndex];
  if (title === undefined) throw new Error(`no menu title ${menuIndex}`);
  title.dispatchEvent('tap');
  await simulate.sleep(80);
  const options = find(page.component, '#filter-bar', itemId).querySelectorAll('.van-dropdown-item__option');
  const option = options.find((o) => (o.dom?.textContent ?? '').includes(optionText));
  if (option === undefined) throw new Error(`no option ${optionText} in ${itemId}`);
  option.dispatchEvent('tap');
  await simulate.sleep(80);
}

/** The filter bar (components/history-filter-bar) on the page: search box, menus, calendar. */
function filterBar(page: Page): Page['component'] {
  return find(page.component, '#filter-bar');
}

function barData(page: Page): { text: string; showCalendar: boolean } {
  return filterBar(page).instance.data as { text: string; showCalendar: boolean };
}

async function search(page: Page, text: string): Promise<void> {
  await typeInto(filterBar(page), '#search', text);
  await simulate.sleep(400);
}

/**
 * Closes a van-tag chip through vant's own close handler: its cross is a van-icon whose class is an external
 * class, which simulate's selectors cannot reach.
 */
async function closeChip(page: Page, field: string): Promise<void> {
  const tag = find(page.component, `#chip-${field}`);
  (tag.instance as unknown as { onClose(): void }).onClose();
  await simulate.sleep(20);
}

function readWxss(route: string): string {
  return fs.readFileSync(path.join(MINIPROGRAM_ROOT, route), 'utf8');
}

/** The declarations of one selector's rule in a stylesheet ('' when it has none). */
function ruleOf(wxss: string, selector: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`).exec(wxss)?.[1] ?? '';
}

function kpis(doc: Doc): string[] {
  return ['#kpi-calls', '#kpi-placed', '#kpi-connected', '#kpi-rate'].map((id) => textOf(find(doc, '#stats-card', id)));
}

describe('history page', () => {
  beforeEach(() => {
    pinClock(HISTORY_NOW);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows an empty state when there are no calls', async () => {
    const page = openPage('pages/history/history');
    await settled(page);
    expect(textOf(page.component)).toContain('还没有通话记录');
    // No stats card over nothing: the empty state is what shows.
    expect(page.component.querySelector('#stats-card')).toBeUndefined();
  });

  it('tells the agent how many calls a damaged history shard holds, instead of only 还没有通话记录', async () => {
    archiveCalls(statsFixture());
    currentWxFake().storage.set('test', `${SHARD_PREFIX}1`, { damaged: true });
    forgetCallLogMemory();
    const page = openPage('pages/history/history');
    await settled(page);
    expect(currentWxFake().modals.map((m) => m.content)).toEqual([
      `${statsFixture().length} 条通话记录的数据已损坏，无法读取；原始数据已保留，可在“设置”中复制给技术支持。其余记录不受影响`,
    ]);
  });

  it('lists calls newest first with masked numbers, marks, hang-up side, outcome and a wrap-up badge', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    const list = rows(page);
    expect(list.map((r) => r.title)).toEqual([
      '吴九',
      '周八',
      '孙七',
      '赵六',
      '021****5678',
      '王五, "老王"',
      '李四',
      '张三',
    ]);
    expect(list.map((r) => r.mark)).toEqual([
      'cancelled',
      'not-connected',
      'connected',
      'connected',
      'not-placed',
      'connected',
      'not-connected',
      'connected',
    ]);
    const text = textOf(find(page.component, '#list'));
    expect(text).toContain('孙七135****5005');
    expect(text).toContain('09:00 · 系统挂断 · 有意向4分00秒');
    expect(text).toContain('昨天 11:00 · 坐席挂断 · 有意向1分30秒');
    expect(text).not.toContain('13500135005');
    // Cancelled jumps cannot be wrapped up; the two returned calls without an outcome wait for one.
    expect(list.filter((r) => r.needsWrapUp).map((r) => r.title)).toEqual(['周八', '021****5678']);
  });

  it('shows stats of the fixture as computed by hand, with a bar per day', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    expect(kpis(page.component)).toEqual(['8', '6', '4', '66.7%']);
    expect(textOf(find(page.component, '#stats-card', '#talk'))).toBe('通话时长总 8分00秒平均 2分00秒最长 4分00秒');
    expect(textOf(find(page.component, '#stats-card', '#split-close'))).toBe(
      '挂断方客户挂断 3（50%）坐席挂断 2（33%）系统挂断 1（17%）',
    );
    expect(textOf(find(page.component, '#stats-card', '#split-outcome'))).toBe(
      '通话结果有意向 3未填小结 2忙线 1无意向 1',
    );
    expect(textOf(find(page.component, '#stats-card', '#stats-note'))).toBe(
      '未填小结按所选时间统计，通话记录角标只计近3天内最新50通',
    );
    const bars = (page.component.data.stats as { bars: { key: string; calls: number }[] }).bars;
    expect(bars).toHaveLength(30);
    expect(bars.slice(-3).map((b) => b.calls)).toEqual([2, 2, 4]);
  });

  it('combines filters from the real menus and search, shows them as chips, and clears them in one tap', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);

    await chooseOption(page, 0, '#range-menu', '今天');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['吴九', '周八', '孙七', '赵六']);
    expect(kpis(page.component)).toEqual(['4', '3', '2', '66.7%']);

    await chooseOption(page, 1, '#state-menu', '已接通');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['孙七', '赵六']);

    await chooseOption(page, 2, '#closeBy-menu', '系统挂断');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['孙七']);
    expect(kpis(page.component)).toEqual(['1', '1', '1', '100%']);
    expect(textOf(find(page.component, '.chips'))).toContain('今天');
    expect(textOf(find(page.component, '.chips'))).toContain('已接通');
    expect(textOf(find(page.component, '.chips'))).toContain('系统挂断');

    // Closing one chip widens the set again.
    await closeChip(page, 'closeBy');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['孙七', '赵六']);

    await tap(page.component, '#clear-filters');
    await settled(page);
    expect(rows(page)).toHaveLength(8);
    expect(page.component.data.chips).toEqual([]);

    await chooseOption(page, 3, '#outcome-menu', '有意向');
    await chooseOption(page, 4, '#agent-menu', 'b@example.com');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['孙七', '王五, "老王"']);

    await tap(page.component, '#clear-filters');
    await search(page, '8001');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['张三']);
    await search(page, '老王');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['王五, "老王"']);
    expect(kpis(page.component)).toEqual(['1', '1', '1', '100%']);
  });

  it('filters a custom range picked in the calendar', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    await chooseOption(page, 0, '#range-menu', '自定义');
    expect(barData(page).showCalendar).toBe(true);
    (filterBar(page).instance as unknown as { onCalendarConfirm(event: unknown): void }).onCalendarConfirm({
      detail: [new Date(at('2026-11-22T00:00:00')), new Date(at('2026-11-23T00:00:00'))],
    });
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['021****5678', '王五, "老王"', '李四', '张三']);
    expect(textOf(find(page.component, '.chips'))).toContain('11-22 至 11-23');
    expect((page.component.data.stats as { bars: unknown[] }).bars).toHaveLength(2);
  });

  it('shows a no-match state with a clear button right under the chips, without a stats card of zeros', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    await search(page, '没有这个人');
    await settled(page);
    expect(textOf(page.component)).toContain('没有符合筛选条件的通话');
    expect(textOf(find(page.component, '.chips'))).toContain('没有这个人');
    // Nothing between the chips and the message: no card of zeros pushing it below the fold.
    expect(page.component.querySelector('#stats-card')).toBeUndefined();
    await tap(page.component, '#empty-clear', '.van-button');
    await settled(page);
    expect(rows(page)).toHaveLength(8);
    expect(kpis(page.component)).toEqual(['8', '6', '4', '66.7%']);
  });

  it('searches wrap-up notes from the search box', async () => {
    archiveCalls([
      ...statsFixture(),
      makeCall({
        startedAt: HISTORY_NOW - 120_000,
        name: '郑十',
        phone: '13200132008',
        note: '客户要求周三下午再联系',
      }),
    ]);
    const page = openPage('pages/history/history');
    await settled(page);
    await search(page, '周三下午');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['郑十']);
  });

  it('with masking on, a digit search finds only digits the rows show, or the whole number', async () => {
    archiveCalls([
      makeCall({ startedAt: HISTORY_NOW - 120_000, name: '甲', phone: '13800138000' }),
      makeCall({ startedAt: HISTORY_NOW - 60_000, name: '乙', phone: '13800001111' }),
    ]);
    const page = openPage('pages/history/history');
    await settled(page);
    await search(page, '8000');
    await settled(page);
    // 138****1111 hides 0000: finding it would tell the agent what the mask hides.
    expect(rows(page).map((r) => r.title)).toEqual(['甲']);
    expect(textOf(find(page.component, '#list'))).toContain('138****8000');
    await search(page, '13800001111');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['乙']);

    // Masking turned off in settings: the same search now sees every digit.
    configureAgent({ maskNumbers: false });
    page.instance.onShow();
    await search(page, '8000');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['乙', '甲']);
  });

  it('keeps what is typed in the search box in the filter bar, and 清除筛选 clears it for good', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    await chooseOption(page, 1, '#state-menu', '已接通');
    await settled(page);
    await typeInto(filterBar(page), '#search', '老王');
    // Typed, not yet searched (the search waits for a pause): the page already holds the text.
    expect(barData(page).text).toBe('老王');
    await tap(page.component, '#clear-filters');
    await simulate.sleep(400);
    await settled(page);
    // The search that was waiting does not come back after the reset.
    expect(barData(page).text).toBe('');
    expect(page.component.data.chips).toEqual([]);
    expect(rows(page)).toHaveLength(8);
    expect(shownValue(filterBar(page), '#search')).toBe('');

    // Typed again and searched, then the chip closed: box and list agree.
    await search(page, '老王');
    await settled(page);
    expect(rows(page).map((r) => r.title)).toEqual(['王五, "老王"']);
    await closeChip(page, 'text');
    await settled(page);
    expect(barData(page).text).toBe('');
    expect(shownValue(filterBar(page), '#search')).toBe('');
    expect(rows(page)).toHaveLength(8);
  });

  it('keeps the number visible beside a long name: the name shrinks, the number does not', async () => {
    const long = '上海市浦东新区张江高科技园区某某科技有限公司采购部王经理';
    archiveCalls([makeCall({ startedAt: HISTORY_NOW - 60_000, name: long, phone: '13800138000' })]);
    const page = openPage('pages/history/history');
    await settled(page);
    // The name and the number are two elements of the title line, so the wxss can size them apart.
    expect(page.component.querySelectorAll('.row__name').map((n) => textOf(n))).toEqual([long]);
    expect(page.component.querySelectorAll('.row__number').map((n) => textOf(n))).toEqual(['138****8000']);
    // Layout: jsdom has none, so the rules that make it are checked where the view takes them from.
    const wxss = readWxss('pages/history/history.wxss');
    expect(ruleOf(wxss, '.row__title')).toMatch(/display:\s*flex/);
    expect(ruleOf(wxss, '.row__name')).toMatch(/min-width:\s*0/);
    expect(ruleOf(wxss, '.row__name')).toMatch(/text-overflow:\s*ellipsis/);
    expect(ruleOf(wxss, '.row__number')).toMatch(/flex-shrink:\s*0/);
  });

  it('draws the day chart with month/day labels and a y-axis scale', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    const card = find(page.component, '#stats-card');
    const labels = card
      .querySelectorAll('.bar__label')
      .map((l) => textOf(l))
      .filter((t) => t !== '');
    expect(labels).toEqual(['10/30', '11/4', '11/9', '11/14', '11/19', '11/24']);
    expect(card.querySelectorAll('.chart__tick').map((t) => textOf(t))).toEqual(['4', '2', '0']);
  });

  it('opens the detail page from a row and the wrap-up sheet from the badge', async () => {
    configureAgent();
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    const first = rows(page)[0] as RowData;
    await tap(page.component, `#row-${first.id}`);
    expect(currentWxFake().routes).toEqual([
      { api: 'navigateTo', url: `/pages/call-detail/call-detail?id=${first.id}` },
    ]);
    const unwrapped = rows(page).find((r) => r.title === '周八') as RowData;
    await tap(page.component, `#wrap-${unwrapped.id}`);
    await simulate.sleep(80);
    // catchtap: the badge does not also open the detail page.
    expect(currentWxFake().routes).toHaveLength(1);
    const sheet = find(page.component, '#wrap-up');
    expect((sheet.instance.data as { show: boolean; title: string }).show).toBe(true);
    expect(textOf(sheet)).toContain('周八');
  });

  it('reloads when a call comes back and when the log changed while away, and pulls to refresh', async () => {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    const { captureCallReturn } =
      require('../../../miniprogram/services/callReturn') as typeof import('../../../miniprogram/services/callReturn');
    const waiting = makeCall({
      startedAt: HISTORY_NOW - 60_000,
      name: '新客户',
      state: 'in-tccc',
      sessionId: '',
      duration: null,
      closeBy: '',
      returnedAt: 0,
    });
    writePending({ ...readPending(), rows: [waiting] });
    captureCallReturn(
      {
        scene: 1038,
        referrerInfo: {
          appId: 'wx49e8ab828096cff3',
          extraData: { sessionId: '0a1b2c3d-1a2b-4c3d-8e9f-0123456789ff', duration: 42, closeBy: 'client' },
        },
      },
      false,
    );
    await settled(page);
    expect(rows(page)[0]).toMatchObject({ title: '新客户', mark: 'connected' });
    expect(kpis(page.component)[0]).toBe('9');

    // A call that came back while another page was shown: its return told the call feed.
    const later = makeCall({ startedAt: HISTORY_NOW - 30_000, name: '后来的' });
    archiveCalls([later]);
    feed().emitCallChange({ kind: 'result', calls: [later] });
    page.instance.onShow();
    await settled(page);
    expect(rows(page)[0]?.title).toBe('后来的');
    expect(kpis(page.component)[0]).toBe('10');

    page.instance.onPullDownRefresh();
    await settled(page);
    expect(rows(page)).toHaveLength(10);
  });

  it('rewrites only the edited row when the detail page saved a wrap-up, and redraws when masking changes', async () => {
    configureAgent();
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    const target = rows(page).find((r) => r.title === '周八') as RowData;
    expect(target.needsWrapUp).toBe(true);
    // What the detail page does, in the same module registry as the page.
    const log =
      require('../../../miniprogram/services/callLog') as typeof import('../../../miniprogram/services/callLog');
    const wrapUp =
      require('../../../miniprogram/services/wrapUp') as typeof import('../../../miniprogram/services/wrapUp');
    const edit = () => wrapUp.saveWrapUp(log.findCall(target.id) as CallRecord, { outcome: '忙线', note: '' });
    edit();
    const setData = jest.spyOn(page.instance, 'setData');
    page.instance.onShow();
    await settled(page);
    expect(rows(page).find((r) => r.id === target.id)).toMatchObject({ needsWrapUp: false });
    expect(textOf(find(page.component, `#row-${target.id}`))).toContain('忙线');
    const keys = setData.mock.calls.flatMap((call: unknown[]) => Object.keys(call[0] as object));
    const index = rows(page).findIndex((r) => r.id === target.id);
    // One path update for the edited row, never the whole list.
    expect(keys).toContain(`rows[${index}]`);
    expect(keys).not.toContain('rows');

    // An edit and a new call together: the list reloads, so the new call shows too.
    const newer = makeCall({ startedAt: HISTORY_NOW - 10_000, name: '新来的' });
    log.archiveCalls([newer]);
    feed().emitCallChange({ kind: 'result', calls: [newer] });
    edit();
    page.instance.onShow();
    await settled(page);
    expect(rows(page)[0]?.title).toBe('新来的');

    configureAgent({ maskNumbers: false });
    page.instance.onShow();
    await settled(page);
    expect(textOf(find(page.component, '#list'))).toContain('135 0013 5005');
  });

  it('pairs its call-return listener with onUnload', async () => {
    const page = openPage('pages/history/history');
    await settled(page);
    const { captureCallReturn } =
      require('../../../miniprogram/services/callReturn') as typeof import('../../../miniprogram/services/callReturn');
    page.instance.onUnload();
    const setData = jest.spyOn(page.instance, 'setData');
    writePending({
      ...readPending(),
      rows: [makeCall({ startedAt: HISTORY_NOW - 1, state: 'in-tccc', sessionId: '' })],
    });
    captureCallReturn(
      { scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: '' } } },
      false,
    );
    await simulate.sleep(50);
    expect(setData).not.toHaveBeenCalled();
  });
});

describe('history page: export', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  async function openExport(): Promise<Page> {
    archiveCalls(statsFixture());
    const page = openPage('pages/history/history');
    await settled(page);
    await tap(page.component, '#stats-card', '#open-export', '.van-button');
    await simulate.sleep(80);
    return page;
  }

  /** The export sheet component on the page, and what it holds. */
  function sheetOf(page: Page): Doc {
    return find(page.component, '#export-sheet');
  }

  function sheetData(page: Page): { busy: boolean; full: boolean } {
    return sheetOf(page).instance.data as { busy: boolean; full: boolean };
  }

  async function generate(page: Page, format: 'xlsx' | 'csv' = 'xlsx'): Promise<void> {
    await tap(sheetOf(page), format === 'xlsx' ? '#start-export' : '#start-export-csv', '.van-button');
    for (let i = 0; i < 20 && sheetData(page).busy; i += 1) await simulate.sleep(20);
  }

  it('exports the filtered set as CSV with masked numbers and shares it from a real tap', async () => {
    const page = await openExport();
    // The sheet no longer promises that a CSV opens well in Excel: it says which file is for what.
    expect(textOf(page.component)).not.toContain('CSV 文件可用 Excel 打开');
    expect(textOf(page.component)).toContain('Excel 表格（.xlsx）：用 Excel、WPS 打开');
    await generate(page, 'csv');
    expect(textOf(find(sheetOf(page), '#export-done'))).toBe('已生成 通话记录_20261124_1530.csv（8 条）');
    const fake = currentWxFake();
    const file = fake.files.paths()[0] as string;
    const csv = fake.files.textOf(file) ?? '';
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeff开始时间,联系人/备注,号码,状态,通话时长(秒),挂断方,通话结果,小结备注,坐席账号,SDKAppID,会话ID(sessionId),UUI,返回时间,错误信息',
    );
    expect(csv).toContain('"王五, ""老王""",137****7003,已接通,90,坐席挂断,有意向');
    expect(csv).not.toMatch(/1[3-9]\d{9}/);

    await tap(sheetOf(page), '#share-export', '.van-button');
    await simulate.sleep(20);
    expect(fake.sharedFiles).toEqual([{ filePath: file, fileName: '通话记录_20261124_1530.csv', inTap: true }]);
    expect(fake.toasts).toContainEqual({ title: '已发送', icon: 'success' });
  });

  it('exports full numbers only after the supervisor confirms', async () => {
    const page = await openExport();
    const fake = currentWxFake();
    fake.modalAnswers.push(false);
    await tap(sheetOf(page), '#full-switch', '.van-switch');
    await simulate.sleep(20);
    expect(fake.modals[0]?.title).toBe('导出完整号码？');
    expect(sheetData(page).full).toBe(false);

    fake.modalAnswers.push(true);
    await tap(sheetOf(page), '#full-switch', '.van-switch');
    await simulate.sleep(20);
    expect(fake.modals).toHaveLength(2);
    expect(sheetData(page).full).toBe(true);
    await generate(page);
    expect(textOf(find(sheetOf(page), '#export-done'))).toBe('已生成 通话记录_20261124_1530.xlsx（8 条）');
    // Read back as Excel would: full numbers as text cells, the landline's leading 0 kept.
    const { rows: sheet } = readXlsx(fake.files.bytesOf(fake.files.paths()[0] as string) as Uint8Array);
    const numbers = sheet.slice(1).map((r) => r[2]);
    expect(numbers).toContainEqual({ type: 'inlineStr', text: '13700137003', style: '1' });
    expect(numbers).toContainEqual({ type: 'inlineStr', text: '02112345678', style: '1' });
    await tap(sheetOf(page), '#share-export', '.van-button');
    expect(fake.sharedFiles[0]).toMatchObject({ fileName: '通话记录_20261124_1530.xlsx', inTap: true });
  });

  it('says there is nothing to export when the filter matches no call, and writes no file', async () => {
    const page = await openExport();
    await search(page, '没有这个人');
    await settled(page);
    await generate(page);
    expect(textOf(find(sheetOf(page), '#export-error'))).toBe('当前筛选下没有通话，没有可导出的内容');
    expect(currentWxFake().files.paths()).toEqual([]);
    expect(sheetOf(page).querySelector('#share-export')).toBeUndefined();
  });

  it('exports only what the filter shows', async () => {
    const page = await openExport();
    await chooseOption(page, 1, '#state-menu', '已取消');
    await settled(page);
    await generate(page, 'csv');
    const csv = currentWxFake().files.textOf(currentWxFake().files.paths()[0] as string) ?? '';
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('吴九');
  });

  it('explains a full disk and keeps no partial file', async () => {
    const page = await openExport();
    currentWxFake().files.quotaBytes = 300;
    await generate(page);
    expect(textOf(find(sheetOf(page), '#export-error'))).toBe(
      '手机存储空间不足，导出失败。请清理微信存储空间后重试，或缩小筛选范围分批导出',
    );
    expect(currentWxFake().files.paths()).toEqual([]);
    expect(sheetOf(page).querySelector('#share-export')).toBeUndefined();
  });
});
