/**
 * The supervisors' dashboard in real Chromium against the demo team server (`npm start`'s, with its seeded month of
 * calls): sign-in and lock-out, filters, one call's both sides, exports read back, reveal → audit log, agents and a
 * bind code spent by a simulated phone, the do-not-call list reaching that phone, roles and escaping. The phone's
 * side here is its requests to the server; test/e2e/dashboardToPhone.test.ts runs both flows on the phone's screens.
 */

import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../tools/simulator/chromium';
import { DEMO, startTeamServer, type TeamServer } from '../../tools/simulator/teamServer';
import { DEMO_SUPERVISOR } from '../../tools/simulator/teamSeed';
import { readZip } from '../../test/helpers/zipReader';

jest.setTimeout(180_000);

const XSS = '<img src=x onerror=alert(1)>';

describe('supervisors’ dashboard in Chromium', () => {
  let team: TeamServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every dialog a page opened that the test did not expect (an alert from injected markup would land here). */
  const unexpectedDialogs: string[] = [];

  async function signIn(target: Page, username: string, password: string): Promise<void> {
    await target.goto(`${team.url}/dashboard/calls`);
    await target.getByLabel('用户名').fill(username);
    await target.getByLabel('密码').fill(password);
    await target.getByRole('button', { name: '登录' }).click();
    await target.waitForURL(/\/dashboard\/calls/);
  }

  beforeAll(async () => {
    team = await startTeamServer({ port: 0, dataDir: undefined, seed: 7, log: () => undefined });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      // Confirmations the dashboard asks for are accepted; anything else is recorded as unexpected.
      if (dialog.type() !== 'confirm' && dialog.type() !== 'prompt') unexpectedDialogs.push(dialog.message());
      void dialog.accept();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  it('refuses a wrong password with a message, then signs in', async () => {
    await page.goto(`${team.url}/dashboard`);
    await expect(page.getByRole('heading', { name: '主管登录' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('用户名或密码不正确').waitFor();
    await page.getByLabel('密码').fill(DEMO.adminPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/dashboard\/calls/);
    const [row] = await team.db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
    expect(row?.n).toBeGreaterThan(1000);
    await expect(page.locator('#kpi-calls').textContent()).resolves.toMatch(/^\d+$/);
  });

  it('filters to one agent’s busy calls, kept in the URL', async () => {
    await page.getByLabel('日期').selectOption('30d');
    // The days the preset stands for, as text, before the filter is applied (date inputs follow the locale).
    const range = (await page.locator('#range-text').textContent())?.trim() ?? '';
    const [from, to] = range.split(' 至 ');
    expect((Date.parse(to ?? '') - Date.parse(from ?? '')) / 86_400_000).toBe(29);
    await page.getByLabel('坐席', { exact: true }).selectOption({ label: '李强' });
    await page.getByLabel('TCCC 结果').selectOption({ label: '忙线' });
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/status=busy/);
    expect(page.url()).toMatch(/preset=30d/);
    const rows = page.locator('table.calls tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i += 1) {
      await expect(rows.nth(i).locator('td').nth(1).textContent()).resolves.toBe('李强');
      await expect(rows.nth(i).locator('td').nth(4).textContent()).resolves.toContain('忙线');
    }
    const [expected] = await team.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM calls c JOIN users u ON u.id = c.agent_id JOIN cdrs d ON d.session_id = c.session_id
       WHERE u.name = '李强' AND d.end_status_string = 'busy' AND c.started_at >= $1`,
      [
        Date.parse(
          `${new Date(Date.now() + 8 * 3600_000 - 29 * 86_400_000).toISOString().slice(0, 10)}T00:00:00+08:00`,
        ),
      ],
    );
    await expect(page.locator('#kpi-calls').textContent()).resolves.toBe(String(expected?.n));
    // The URL is the view: opened afresh, it shows the same filter.
    const again = await context.newPage();
    await again.goto(page.url());
    await expect(again.getByLabel('TCCC 结果').inputValue()).resolves.toBe('busy');
    await again.close();
  });

  it('opens a call and shows the phone’s record beside TCCC’s CDR', async () => {
    await page.locator('table.calls tbody tr').first().locator('a').first().click();
    await page.getByRole('heading', { name: /手机记录/ }).waitFor();
    await expect(page.getByRole('heading', { name: 'TCCC 话单' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.kv').nth(1).textContent()).resolves.toContain('忙线');
    await expect(page.locator('#session-id').textContent()).resolves.toMatch(/^demo-/);
    await page.getByText('原始话单 JSON').click();
    await expect(page.locator('details pre').textContent()).resolves.toContain('"EndStatusString": "busy"');
    await page.goBack();
  });

  it('exports the filtered list masked, as CSV and .xlsx, and the files read back', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    const csv = fs.readFileSync((await (await download).path()) ?? '', 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const shown = await page.locator('#kpi-calls').textContent();
    expect(lines).toHaveLength(Number(shown) + 1);
    expect(lines[0]).toMatch(/^开始时间,坐席,客户,号码/);
    for (const line of lines.slice(1)) expect(line).toMatch(/,1\d\d\*\*\*\*\d{4},/);
    await page.getByText(/已导出 \d+ 行（号码已隐藏）/).waitFor();
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    const xlsx = fs.readFileSync((await (await xlsxDownload).path()) ?? '');
    const sheet = Buffer.from(readZip(xlsx).get('xl/worksheets/sheet1.xml') ?? new Uint8Array()).toString('utf8');
    expect(sheet.match(/<row /g)).toHaveLength(Number(shown) + 1);
    expect(sheet).not.toMatch(/>1\d{10}</);
  });

  it('reveals a number after a confirmation and finds the reveal in the audit log', async () => {
    const cell = page.locator('table.calls tbody tr').first().locator('td.phone');
    const key = await cell.locator('[data-phone]').getAttribute('data-phone');
    const [agentId, callId] = (key ?? '').split('/');
    const [call] = await team.db.query<{ phone: string }>(
      'SELECT phone FROM calls WHERE agent_id = $1 AND call_id = $2',
      [Number(agentId), callId],
    );
    await cell.getByRole('button', { name: '显示完整号码' }).click();
    await cell.getByText(call?.phone ?? 'none').waitFor();
    await page.getByRole('link', { name: '审计日志' }).click();
    const first = page.locator('table.audit tbody tr').first();
    await expect(first.textContent()).resolves.toContain('查看完整号码');
    // The call under its agent's name, linked to it (the ids stay in the link).
    const [agent] = await team.db.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [Number(agentId)]);
    await expect(first.textContent()).resolves.toContain(`${agent?.name ?? 'none'} 的通话 ${callId}`);
    await expect(first.locator('a').getAttribute('href')).resolves.toBe(`/dashboard/calls/${agentId}/${callId}`);
    await expect(page.locator('table.audit').textContent()).resolves.toContain('导出（隐藏号码）');
  });

  it('creates an agent, issues a bind code shown once with a QR code, and a simulated phone binds with it', async () => {
    await page.getByRole('link', { name: '坐席管理' }).click();
    await page.getByLabel('姓名').fill('赵新人');
    await page.getByLabel('TCCC 坐席账号').fill('zhaoxinren@example.com');
    await page.getByRole('button', { name: '创建' }).click();
    const row = page.locator('tr', { hasText: 'zhaoxinren@example.com' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('未绑定');
    await row.getByRole('button', { name: '发放绑定码' }).click();
    const code = (await page.locator('#bind-code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    await expect(page.locator('#bind-result svg').count()).resolves.toBe(1);
    // The phone's side, at the server: wx.login's code and the bind code (the fake WeChat answers code2Session).
    const login = await fetch(`${team.url}/api/auth/wx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: team.wechat.issueCode('openid-zhao'), bindCode: code }),
    });
    expect(login.status).toBe(200);
    phoneToken = ((await login.json()) as { token: string }).token;
    await page.reload();
    await expect(page.locator('tr', { hasText: 'zhaoxinren@example.com' }).textContent()).resolves.toContain('已绑定');
    await expect(page.locator('tr', { hasText: 'zhaoxinren@example.com' }).textContent()).resolves.not.toContain(code);
  });

  let phoneToken = '';

  it('adds a number to the team do-not-call list; the bound phone’s list download carries it', async () => {
    await page.getByRole('link', { name: '免打扰名单' }).click();
    await page.getByLabel('号码', { exact: true }).fill('13700137000');
    await page.getByLabel('原因', { exact: true }).fill('客户投诉');
    // The expiry as text in Chinese order beside the date input (whose format follows the browser's locale).
    const expiry = new Date(Date.now() + 8 * 3600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('到期日（可空）').fill(expiry);
    await expect(page.locator('#d-expires-text').textContent()).resolves.toBe(`${expiry} 当天结束时到期`);
    await page.getByRole('button', { name: '添加' }).click();
    await page.locator('table.dnc', { hasText: '137****7000' }).waitFor();
    await expect(page.locator('table.dnc').textContent()).resolves.not.toContain('13700137000');
    const sync = await fetch(`${team.url}/api/dnc?since=0`, { headers: { authorization: `Bearer ${phoneToken}` } });
    expect(sync.status).toBe(200);
    expect(JSON.stringify(await sync.json())).toContain('13700137000');
  });

  it('shows a contact named with markup as text: nothing runs', async () => {
    const batch = await fetch(`${team.url}/api/calls/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${phoneToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        calls: [
          {
            id: 'xss0000001',
            revision: 1,
            uui: 'td1.xss0000001',
            sessionId: '',
            phone: '13600136000',
            name: XSS,
            startedAt: Date.now() - 60_000,
            returnedAt: 0,
            state: 'placed-not-connected',
            duration: 0,
            closeBy: '',
            outcome: '',
            note: XSS,
          },
        ],
      }),
    });
    expect(batch.status).toBe(200);
    await page.goto(`${team.url}/dashboard/calls?preset=today`);
    await page.locator('td.name', { hasText: XSS }).waitFor();
    await expect(page.locator('table.calls img').count()).resolves.toBe(0);
    await page.locator('table.calls tbody tr', { hasText: XSS }).locator('a').first().click();
    await page.getByRole('heading', { name: /<img src=x/ }).waitFor();
    expect(unexpectedDialogs).toEqual([]);
  });

  it('keeps a supervisor out of administration and an agent’s session out of the dashboard', async () => {
    const supervisor = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const supervisorPage = await supervisor.newPage();
    await signIn(supervisorPage, DEMO_SUPERVISOR.username, DEMO_SUPERVISOR.password);
    await expect(supervisorPage.getByRole('link', { name: '坐席管理' }).count()).resolves.toBe(0);
    const forbidden = await supervisorPage.goto(`${team.url}/dashboard/admin/agents`);
    expect(forbidden?.status()).toBe(403);
    await supervisorPage.getByText('没有权限').first().waitFor();
    await supervisor.close();
    // The phone's token as the browser's session cookie: not a staff session, so the sign-in page.
    const agent = await browser.newContext();
    await agent.addCookies([{ name: 'td_session', value: phoneToken, url: team.url }]);
    const agentPage = await agent.newPage();
    await agentPage.goto(`${team.url}/dashboard/calls`);
    expect(agentPage.url()).toContain('/dashboard/login');
    const api = await fetch(`${team.url}/api/dashboard/numbers`, {
      headers: { authorization: `Bearer ${phoneToken}` },
    });
    expect(api.status).toBe(403);
    await agent.close();
  });

  /** The rows on screen: each row's call link, and its talk time in seconds (m:ss, or h时mm分). */
  async function shownRows(target: Page): Promise<{ keys: string[]; talk: number[] }> {
    const keys = await target.evaluate(
      `[...document.querySelectorAll('table.calls tbody tr td:first-child a')].map((a) => a.getAttribute('href'))`,
    );
    const cells = await target.locator('table.calls tbody tr td.num').allTextContents();
    const talk = cells.map((text) => {
      const short = /^(\d+):(\d\d)$/.exec(text.trim());
      const long = /^(\d+)时(\d\d)分$/.exec(text.trim());
      if (short) return Number(short[1]) * 60 + Number(short[2]);
      if (long) return Number(long[1]) * 3600 + Number(long[2]) * 60;
      return -1;
    });
    return { keys: keys as string[], talk };
  }

  /**
   * Polls a page expression until it is true. Not waitForFunction: its polling evaluates a string inside the page,
   * which the dashboard's CSP (no 'unsafe-eval') refuses; evaluate goes through the debugger protocol instead.
   */
  async function until(target: Page, expression: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await target.evaluate(expression)) !== true) {
      if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the list shows these rows (the first row's link) in this order at this URL query. */
  async function waitForRows(target: Page, sort: string, firstKey: string | undefined): Promise<void> {
    await until(
      target,
      `document.querySelector('#call-list')?.dataset.sort === ${JSON.stringify(sort)} &&
       document.querySelector('table.calls tbody tr td:first-child a')?.getAttribute('href') === ${JSON.stringify(firstKey)}`,
    );
  }

  it('sorts by 通话时长 fetching only the rows: the URL changes, the KPI cards stay, back/forward and reload agree', async () => {
    await page.goto(`${team.url}/dashboard/calls?preset=30d`);
    const byTime = await shownRows(page);
    expect(byTime.keys).toHaveLength(50);
    // A mark on the KPI card: it survives only if the card is never re-rendered or re-requested.
    await page.evaluate("document.getElementById('kpi-calls').dataset.mark = 'kept'");
    const kpiText = await page.locator('#kpi-calls').textContent();
    const requested: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/dashboard/calls')) requested.push(request.url().slice(team.url.length));
    });
    await page.getByRole('link', { name: '通话时长' }).click();
    await until(page, "document.querySelector('#call-list')?.dataset.sort === 'talk'");
    expect(new URL(page.url()).search).toBe('?preset=30d&sort=talk');
    expect(requested).toEqual(['/dashboard/calls?preset=30d&sort=talk&part=rows']);
    await expect(page.evaluate("document.getElementById('kpi-calls').dataset.mark")).resolves.toBe('kept');
    await expect(page.locator('#kpi-calls').textContent()).resolves.toBe(kpiText);
    const byTalk = await shownRows(page);
    expect(byTalk.talk).toEqual([...byTalk.talk].sort((a, b) => b - a));
    expect(byTalk.talk[0]).toBeGreaterThan(byTime.talk.reduce((max, t) => Math.max(max, t), 0) - 1);
    expect(byTalk.keys).not.toEqual(byTime.keys);
    // Focus stays on the column sorted by; the change is announced; a filter change would keep the order.
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('sort-talk');
    await expect(page.locator('#list-status').textContent()).resolves.toBe('按通话时长从长到短，第一页，50 条');
    await expect(page.locator('#filters input[name="sort"]').getAttribute('value')).resolves.toBe('talk');

    // The next page, rows only too, in the same order.
    await page.getByRole('link', { name: '下一页' }).click();
    await until(page, "location.search.includes('cursor=') && !document.querySelector('#call-list[aria-busy]')");
    const next = await shownRows(page);
    expect(next.talk[0]).toBeLessThanOrEqual(byTalk.talk.at(-1) ?? 0);
    expect(next.keys.filter((key) => byTalk.keys.includes(key))).toEqual([]);
    expect(requested).toHaveLength(2);
    expect(requested[1]).toMatch(/^\/dashboard\/calls\?preset=30d&sort=talk&cursor=[\w-]+&part=rows$/);

    // Back and forward walk the same orders and pages, still without reloading the page.
    await page.goBack();
    await waitForRows(page, 'talk', byTalk.keys[0]);
    expect(new URL(page.url()).search).toBe('?preset=30d&sort=talk');
    await page.goBack();
    await waitForRows(page, 'time', byTime.keys[0]);
    await expect(shownRows(page)).resolves.toEqual(byTime);
    await expect(page.locator('#filters input[name="sort"]').count()).resolves.toBe(0);
    await page.goForward();
    await waitForRows(page, 'talk', byTalk.keys[0]);
    await expect(shownRows(page)).resolves.toEqual(byTalk);
    await expect(page.evaluate("document.getElementById('kpi-calls').dataset.mark")).resolves.toBe('kept');

    // The URL is the view: reloaded, the whole page shows the same order.
    await page.reload();
    await expect(page.evaluate("document.getElementById('kpi-calls').dataset.mark ?? 'fresh'")).resolves.toBe('fresh');
    await expect(shownRows(page)).resolves.toEqual(byTalk);
    await expect(page.locator('#kpi-calls').textContent()).resolves.toBe(kpiText);
    page.removeAllListeners('request');
  });

  it('sorts without script too: the header link loads the whole page in that order', async () => {
    const plain = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      storageState: await context.storageState(),
      javaScriptEnabled: false,
    });
    const noScript = await plain.newPage();
    await noScript.goto(`${team.url}/dashboard/calls?preset=30d`);
    await noScript.getByRole('link', { name: '通话时长' }).click();
    await noScript.waitForURL(/sort=talk/);
    await expect(noScript.locator('#kpi-calls').textContent()).resolves.toMatch(/^\d+$/);
    const rows = await shownRows(noScript);
    expect(rows.talk).toHaveLength(50);
    expect(rows.talk).toEqual([...rows.talk].sort((a, b) => b - a));
    await plain.close();
  });

  it('is usable from the keyboard: a skip link, a visible focus ring, a label on every control', async () => {
    await page.goto(`${team.url}/dashboard/calls`);
    await page.keyboard.press('Tab');
    // Strings, not functions: the server's TypeScript has no DOM types; these run in the page.
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('跳到正文');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(ring).toBe('solid');
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.type !== 'hidden')
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
      .map((el) => el.outerHTML.slice(0, 80))`);
    expect(unlabelled).toEqual([]);
  });
});
