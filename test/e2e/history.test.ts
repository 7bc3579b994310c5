/** @jest-environment node */
/**
 * The supervisor's flow in the browser simulator (real Chromium, the app's own pages): three calls with
 * different endings, the history filtered to connected calls with the stats following, the call detail,
 * and a CSV export shared from a tap. With HISTORY_SCREENSHOTS_DIR set it also saves the pictures.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { launchChromium, SimulatorPage } from '../../tools/simulator/driver';
import { SimulatorServer, startSimulator } from '../../tools/simulator/server';

jest.setTimeout(180_000);

const SHOTS_DIR = process.env['HISTORY_SCREENSHOTS_DIR'];

let server: SimulatorServer;
let browser: Browser;
let sim: SimulatorPage;

beforeAll(async () => {
  server = await startSimulator({ port: 0 });
  browser = await launchChromium();
  sim = await SimulatorPage.open(browser, server.url, { deviceScaleFactor: 2 });
});

afterAll(async () => {
  await sim?.close();
  await browser?.close();
  await server?.close();
});

async function shot(file: string): Promise<void> {
  if (SHOTS_DIR === undefined) return;
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await sim.page.waitForTimeout(400);
  await sim.screen().screenshot({ path: path.join(SHOTS_DIR, file), animations: 'disabled', caret: 'hide' });
}

/** Dials from the keypad, allows WeChat's jump, and ends the simulated TCCC call one way or another. */
async function call(number: string, ending: Parameters<SimulatorPage['endCall']>[0], seconds?: number) {
  await sim.tapTab('拨号');
  for (const digit of number) await sim.tapText(digit);
  await sim.tapText('拨打');
  await sim.answerDialog('允许');
  await sim.away().locator('.sim-tccc-callee').waitFor();
  await sim.endCall(ending, seconds);
  await sim.page.waitForTimeout(300);
}

/** Picks an outcome in the wrap-up sheet and saves, or skips it. */
async function wrapUp(outcome: string | undefined): Promise<void> {
  const sheet = sim.currentPage();
  await sheet
    .getByText(outcome ?? '跳过', { exact: true })
    .first()
    .click();
  if (outcome !== undefined) await sheet.getByText('保存', { exact: true }).click();
  await sim.page.waitForTimeout(300);
}

/** One of the four numbers on top of the stats, found by its label (the simulator prefixes classes per component). */
async function kpi(label: string): Promise<string> {
  const box = sim
    .currentPage()
    .locator('[class*="--kpi "], [class$="--kpi"]')
    .filter({ has: sim.page.locator('[class*="kpi__label"]', { hasText: new RegExp(`^${label}$`) }) });
  return (await box.locator('[class*="kpi__value"]').first().innerText()).trim();
}

describe('supervisor history flow', () => {
  it('three calls, filter to connected, stats follow, detail, export', async () => {
    await call('13800138000', '客户挂断', 42);
    await wrapUp('有意向');
    await call('13900139000', '坐席挂断', 0);
    await wrapUp('未接通');
    await call('13700137000', '未接通（sessionId 为空）');
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
    await sim.currentPage().getByText('原始返回数据', { exact: false }).click();
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
    await sim.currentPage().getByText('导出 CSV', { exact: true }).click();
    await sim.page.waitForTimeout(500);
    await shot('history-7-export-sheet.png');
    await sim.currentPage().getByText('生成 CSV 文件', { exact: true }).click();
    await sim.currentPage().getByText('发送到微信聊天', { exact: true }).waitFor();
    expect(await sim.currentPage().innerText()).toContain('（3 条）');
    await shot('history-8-export-done.png');
    await sim.currentPage().getByText('发送到微信聊天', { exact: true }).click();
    await sim.page.waitForTimeout(300);
    expect(await sim.toastText()).toContain('已发送');
  });
});
