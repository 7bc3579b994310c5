/**
 * `npm run screenshots:dashboard`: every dashboard screen at 1366×768 on the demo team server (its seeded month of
 * calls), into docs/screenshots/dashboard-*.png, for the README.
 */

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { DASHBOARD_SHOT_PREFIX, SCREENSHOTS_DIR } from './paths';
import { DEMO, startTeamServer } from './teamServer';

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS_DIR, `${DASHBOARD_SHOT_PREFIX}${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(process.cwd(), file)}`);
}

export async function takeDashboardScreenshots(): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const team = await startTeamServer({ port: 0, dataDir: undefined, seed: 16, log: () => undefined });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${team.url}/dashboard/login`);
    await page.getByLabel('用户名').fill('admin');
    await shot(page, 'login');
    await page.getByLabel('密码').fill(DEMO.adminPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/dashboard\/calls/);
    await page.goto(`${team.url}/dashboard/calls?preset=30d`);
    await page.locator('#day-chart canvas').waitFor();
    await shot(page, 'numbers');
    // A reveal (confirmed) and a masked export, so the audit log has them.
    await page.locator('table.calls tbody tr').nth(1).getByRole('button', { name: '显示完整号码' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    await download;
    await page.evaluate("document.getElementById('list-title').scrollIntoView(); window.scrollBy(0, -70)");
    await shot(page, 'calls');
    await page.goto(`${team.url}/dashboard/calls?preset=7d&status=busy&agent=${await firstAgentId(page)}`);
    await shot(page, 'calls-filtered');
    await page.goto(`${team.url}/dashboard/calls?preset=today&phone=00000`);
    await shot(page, 'empty');
    await page.goto(`${team.url}/dashboard/calls?preset=7d&rec=1`);
    await page.locator('table.calls tbody tr a').first().click();
    await page.getByRole('heading', { name: 'TCCC 话单' }).waitFor();
    await page.getByRole('button', { name: '播放录音' }).click();
    await page.locator('#player:not([hidden])').waitFor();
    await shot(page, 'call');
    await page.getByText('原始话单 JSON').click();
    await page.locator('details pre').scrollIntoViewIfNeeded();
    await shot(page, 'call-raw');
    await page.goto(`${team.url}/dashboard/admin/agents`);
    await page.locator('tr', { hasText: '杨磊' }).getByRole('button', { name: '发放绑定码' }).click();
    await page.locator('#bind-code').waitFor();
    await shot(page, 'agents');
    await page.goto(`${team.url}/dashboard/admin/dnc`);
    for (const [phone, reason] of [
      ['13700137000', '客户投诉'],
      ['13912345678', '要求不再来电'],
      ['02161234567', '竞争对手'],
    ] as const) {
      await page.getByLabel('号码', { exact: true }).fill(phone);
      await page.getByLabel('原因', { exact: true }).fill(reason);
      await page.getByRole('button', { name: '添加' }).click();
      await page.waitForLoadState('load');
      await page.locator('table.dnc', { hasText: reason }).waitFor();
    }
    await shot(page, 'dnc');
    await page.goto(`${team.url}/dashboard/admin/audit`);
    await shot(page, 'audit');
  } finally {
    await browser.close();
    await team.close();
  }
}

async function firstAgentId(page: Page): Promise<string> {
  return (await page.locator('#f-agent option').nth(2).getAttribute('value')) ?? '';
}
