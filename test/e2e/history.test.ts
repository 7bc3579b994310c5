/** @jest-environment node */
/**
 * The supervisor's flow in the browser simulator (real Chromium, the app's own pages): three calls with
 * different endings, the history filtered to connected calls with the stats following, the call detail,
 * and a CSV export shared from a tap. With HISTORY_SCREENSHOTS_DIR set it also saves the pictures.
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { callFromKeypad, CallEnding, kpi as kpiOf, shot as shotOf, wrapUp as wrapUpOn } from './agentSteps';
import { useSimulator } from './simulatorSession';
import { printFigures } from '../helpers/figures';

jest.setTimeout(180_000);

const SHOTS_DIR = process.env['HISTORY_SCREENSHOTS_DIR'];

// An empty history with the demo account set: the flow makes its own three calls.
const session = useSimulator({ deviceScaleFactor: 2, demoData: 'settings' });
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

const shot = (file: string) => shotOf(sim, SHOTS_DIR, file);
const call = (number: string, ending: CallEnding, seconds?: number) => callFromKeypad(sim, number, ending, seconds);
const wrapUp = (outcome: string | undefined) => wrapUpOn(sim, outcome);

const kpi = (label: string) => kpiOf(sim, label);

describe('supervisor history flow', () => {
  it('three calls, filter to connected, stats follow, detail, export', async () => {
    await call('13800138000', '客户挂断', 42);
    await wrapUp('有意向');
    await call('13900139000', '坐席挂断', 0);
    await wrapUp('未接通');
    await call('13700137000', '未呼出（sessionId 为空）');
    await wrapUp(undefined);

    await sim.tapTab('通话记录');
    await sim.page.waitForTimeout(500);
    await shot('history-1-list.png');
    expect(await kpi('通话')).toBe('3');
    expect(await kpi('已呼出')).toBe('2');
    expect(await kpi('已接通')).toBe('1');
    expect(await kpi('接通率')).toBe('50%');

    await sim.currentPage().getByText('状态', { exact: true }).click();
    await sim.page.waitForTimeout(400);
    await shot('history-2-filter-menu.png');
    await sim.currentPage().locator('[class*="dropdown-item__option"]', { hasText: '已接通' }).first().click();
    await sim.page.waitForTimeout(600);
    await shot('history-3-filtered-stats.png');
    expect(await kpi('通话')).toBe('1');
    expect(await kpi('接通率')).toBe('100%');

    // Clear the filter in one tap; fold the stats to see the list.
    await sim.currentPage().getByText('清除筛选', { exact: true }).click();
    await sim.page.waitForTimeout(400);
    expect(await kpi('通话')).toBe('3');
    await sim.currentPage().getByText('收起 ▴').click();
    await sim.page.waitForTimeout(300);
    await shot('history-4-list-folded-stats.png');

    // The connected call's detail: every field, the sessionId to copy.
    await sim.currentPage().getByText('有意向', { exact: false }).first().click();
    await sim.page.waitForTimeout(500);
    expect(await sim.navigationTitle()).toBe('通话详情');
    const detail = await sim.currentPage().innerText();
    expect(detail).toContain('138****8000');
    expect(detail).toContain('客户挂断');
    expect(detail).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    await shot('history-5-detail.png');
    await sim.currentPage().getByText('技术信息', { exact: false }).click();
    await sim.page.waitForTimeout(400);
    await sim
      .currentPage()
      .locator('.sim-page-scroll')
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const raw = sim.currentPage().getByText('"closeBy"', { exact: false });
    expect(await raw.innerText()).toContain('"duration": 42');
    await shot('history-6-detail-fields.png');
    await sim.currentPage().getByText('复制', { exact: true }).click();
    await sim.page.waitForTimeout(200);
    await sim.back();
    await sim.page.waitForTimeout(400);

    // Export what the list shows, masked, then share from a tap.
    await sim.currentPage().getByText('导出', { exact: true }).click();
    await sim.page.waitForTimeout(500);
    await shot('history-7-export-sheet.png');
    await sim.currentPage().getByText('生成 Excel 表格', { exact: true }).click();
    await sim.currentPage().getByText('发送到微信聊天', { exact: true }).waitFor();
    expect(await sim.currentPage().innerText()).toContain('（3 条）');
    await shot('history-8-export-done.png');
    await sim.currentPage().getByText('发送到微信聊天', { exact: true }).click();
    await sim.page.waitForTimeout(300);
    expect(await sim.toastText()).toContain('已发送');
  });
});

describe('history list window in a real browser', () => {
  it('scrolls through 2,000 stored calls with at most the window of rows in the page, and back to the top', async () => {
    // Built with the real call-log store in Node, then put into the browser's storage through wx.
    const { archiveCalls } =
      require('../../miniprogram/services/callLog') as typeof import('../../miniprogram/services/callLog');
    const { seedCallLog, HISTORY_NOW } =
      require('../../tools/fixtures/callFixtures') as typeof import('../../tools/fixtures/callFixtures');
    const { currentWxFake } = require('../../tools/wx-fake/wx') as typeof import('../../tools/wx-fake/wx');
    const FIXED = new Date('2026-11-24T10:00:00+08:00').getTime();
    seedCallLog(archiveCalls, 2_000, Math.min(HISTORY_NOW, FIXED));
    const storage = currentWxFake().storage;
    const entries = storage.info().keys.map((key) => [key, storage.get('test', key)] as const);

    const big = await SimulatorPage.open(session.browser, session.url, { demoData: 'settings' });
    try {
      await big.page.evaluate((pairs) => {
        const api = (window as unknown as { wx: { setStorageSync(k: string, v: unknown): void } }).wx;
        for (const [key, value] of pairs) api.setStorageSync(key, value);
      }, entries);
      await big.tapTab('通话记录');
      await big.page.waitForTimeout(800);
      const scroller = big.currentPage().locator('.sim-page-scroll');
      const rowCount = () => big.currentPage().locator('[class*="--row "], [class$="--row"]').count();
      expect(await rowCount()).toBe(30);
      let most = 0;
      let mostNodes = 0;
      for (let i = 0; i < 25; i += 1) {
        // A finger's scroll passes through the positions before the bottom (the simulator fires onReachBottom
        // on arriving there, as WeChat does).
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight - 1_500));
        await big.page.waitForTimeout(50);
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await big.page.waitForTimeout(150);
        most = Math.max(most, await rowCount());
        mostNodes = Math.max(mostNodes, await scroller.evaluate((el) => el.querySelectorAll('*').length));
      }
      const scrolledTo = await scroller.evaluate((el) => el.scrollHeight);
      // Many pages were loaded (the list is tall), yet the page never held more than the window.
      expect(scrolledTo).toBeGreaterThan(20 * 30 * 68);
      expect(most).toBeLessThanOrEqual(90);
      /** Rows drawn inside the visible part of the page: a folded page under the screen would leave none. */
      const visibleRows = () =>
        scroller.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return Array.from(el.querySelectorAll('[class*="--row"]')).filter((row) => {
            const r = row.getBoundingClientRect();
            return r.height > 0 && r.bottom > box.top && r.top < box.bottom && /--row( |$)/.test(row.className);
          }).length;
        });
      for (let top = scrolledTo; top >= 0; top -= 1_500) {
        await scroller.evaluate((el, y) => el.scrollTo(0, y), top);
        await big.page.waitForTimeout(60);
        if (top < scrolledTo - 2_000 && top > 2_000) expect(await visibleRows()).toBeGreaterThan(4);
      }
      await scroller.evaluate((el) => el.scrollTo(0, 0));
      await big.page.waitForTimeout(300);
      // Back at the top the newest calls are drawn again.
      const firstRow = big.currentPage().locator('[class*="--row "], [class$="--row"]').first();
      expect(await firstRow.isVisible()).toBe(true);
      expect(await rowCount()).toBeLessThanOrEqual(90);
      printFigures(
        `browser window: list ${scrolledTo}px tall after scrolling, at most ${most} rows and ${mostNodes} elements in the page`,
      );
    } finally {
      await big.close();
    }
  });
});
