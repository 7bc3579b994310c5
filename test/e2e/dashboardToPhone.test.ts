/** @jest-environment node */
/**
 * The supervisors' dashboard and a simulated phone against one team server, in real Chromium (`npm start`'s
 * pieces). It covers the dashboard's two flows that end on a phone:
 * - create an agent and a bind code, then bind a simulated phone with it (the code read off the page, typed into
 *   the phone's settings; the agents page then shows when it bound);
 * - add a do-not-call entry and see a phone refuse the number (added through the dashboard's form, downloaded by
 *   the phone on show; its dialer refuses with the team's reason and never opens TCCC).
 */

import type { BrowserContext, Page } from 'playwright-core';
import { formatTime } from '../../server/src/dashboard/pages';
import { tokenHash } from '../../server/src/secrets';
import type { SimulatorPage } from '../../tools/simulator/driver';
import { DEMO } from '../../tools/simulator/teamServer';
import { dialOnKeypad, pageText } from './agentSteps';
import { bindPhone, useTeamSession, waitFor } from './teamSession';

jest.setTimeout(180_000);

const AGENT = { name: '钱新人', seat: 'qianxinren@example.com' };
/** Not a demo contact and on no list yet. */
const NUMBER = '15900159077';
const MASKED = '159****9077';
const REASON = '客户投诉';

// No seeded month of calls: neither flow reads them, and seeding costs time.
const session = useTeamSession({ seedTeam: false });
let sim: SimulatorPage;
let context: BrowserContext;
let dashboard: Page;
/** What the steps hand on: the new agent's id and the code read off the page. */
let agentId = 0;
let bindCode = '';

beforeAll(async () => {
  sim = session.sim;
  context = await session.browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  dashboard = await context.newPage();
});
afterAll(async () => {
  await context?.close();
});

/** A day in Shanghai, YYYY-MM-DD, `days` from now. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
}

const agentRow = () => dashboard.locator('table.agents tr', { hasText: AGENT.seat });

describe('from the dashboard to a phone', () => {
  it('an admin creates an agent and issues a bind code, shown once as text', async () => {
    const { team } = session;
    // The seat exists in TCCC first (its console), so the bound phone can get TCCC tokens for it.
    team.addTcccSeat(AGENT.seat);
    await dashboard.goto(`${team.url}/dashboard`);
    await dashboard.getByLabel('用户名').fill('admin');
    await dashboard.getByLabel('密码').fill(DEMO.adminPassword);
    await dashboard.getByRole('button', { name: '登录' }).click();
    await dashboard.waitForURL(/\/dashboard\/calls/);

    await dashboard.getByRole('link', { name: '坐席管理' }).click();
    await dashboard.getByLabel('姓名').fill(AGENT.name);
    await dashboard.getByLabel('TCCC 坐席账号').fill(AGENT.seat);
    await dashboard.getByRole('button', { name: '创建' }).click();
    await agentRow().waitFor();
    await expect(agentRow().textContent()).resolves.toContain('未绑定');
    const [agent] = await team.db.query<{ id: number; name: string; role: string }>(
      'SELECT id, name, role FROM users WHERE seat_user_id = $1',
      [AGENT.seat],
    );
    expect(agent).toMatchObject({ name: AGENT.name, role: 'agent' });
    agentId = Number(agent?.id);

    await agentRow().getByRole('button', { name: '发放绑定码' }).click();
    await dashboard.getByRole('heading', { name: `${AGENT.name} 的绑定码（只显示这一次）` }).waitFor();
    bindCode = ((await dashboard.locator('#bind-code').textContent()) ?? '').trim();
    expect(bindCode).toMatch(/^[0-9A-Z]{8}$/);
    // Stored as a hash only, one unused code for this agent.
    const codes = await team.db.query<{ code_hash: string; used_at: number | null }>(
      'SELECT code_hash, used_at FROM bind_codes WHERE user_id = $1',
      [agentId],
    );
    expect(codes).toHaveLength(1);
    expect(codes[0]?.used_at).toBeNull();
    expect(codes[0]?.code_hash).toBe(tokenHash(bindCode));
    // Shown once: the page opened again names the code's expiry, not the code.
    await dashboard.reload();
    await expect(agentRow().textContent()).resolves.toContain('绑定码有效至');
    await expect(dashboard.locator('body').textContent()).resolves.not.toContain(bindCode);
  });

  it('the phone binds with that code through its settings; the agents page shows when it bound', async () => {
    const { team } = session;
    expect(await bindPhone(sim, team.url, bindCode)).toBe(AGENT.name);
    const text = await pageText(sim);
    expect(text).toContain('已绑定坐席');
    expect(text).not.toContain(bindCode);
    // The phone's TCCC account is now the new agent's seat, from the server.
    await expect(sim.currentPage().locator('#userId input').inputValue()).resolves.toBe(AGENT.seat);
    await sim.back();

    const [identity] = await team.db.query<{ bound_at: number }>(
      'SELECT bound_at FROM wx_identities WHERE user_id = $1',
      [agentId],
    );
    expect(identity).toBeDefined();
    const [code] = await team.db.query<{ used_at: number | null }>(
      'SELECT used_at FROM bind_codes WHERE user_id = $1',
      [agentId],
    );
    expect(code?.used_at).toBe(Number(identity?.bound_at));
    const audit = await team.db.query<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'agent.bind' AND user_id = $1",
      [agentId],
    );
    expect(audit.map((row) => row.detail)).toEqual([`agent ${agentId}`]);

    await dashboard.reload();
    await expect(agentRow().textContent()).resolves.toContain(`已绑定 ${formatTime(Number(identity?.bound_at))}`);
  });

  it('the admin adds a do-not-call entry with a reason and an expiry through the form', async () => {
    const { team } = session;
    const expiry = shanghaiDay(30);
    await dashboard.getByRole('link', { name: '免打扰名单' }).click();
    await dashboard.getByLabel('号码', { exact: true }).fill(NUMBER);
    await dashboard.getByLabel('原因', { exact: true }).fill(REASON);
    await dashboard.getByLabel('到期日（可空）').fill(expiry);
    await dashboard.getByRole('button', { name: '添加' }).click();
    const row = dashboard.locator('table.dnc tbody tr', { hasText: MASKED });
    await row.waitFor();
    const shown = (await row.textContent()) ?? '';
    expect(shown).toContain(REASON);
    expect(shown).toContain(expiry);
    await expect(dashboard.locator('table.dnc').textContent()).resolves.not.toContain(NUMBER);

    const stored = await team.db.query<{ reason: string; expires_at: number | null; deleted_at: number | null }>(
      'SELECT reason, expires_at, deleted_at FROM dnc_entries WHERE phone = $1',
      [NUMBER],
    );
    expect(stored).toEqual([{ reason: REASON, expires_at: Date.parse(`${expiry}T23:59:59+08:00`), deleted_at: null }]);
  });

  it('the phone downloads the list on show; its dialer refuses the number with the team’s reason, no jump', async () => {
    const { team } = session;
    const since = await sim.eventCount();
    const download = sim.page.waitForResponse(
      (response) => decodeURIComponent(response.url()).includes('/api/dnc?') && response.request().method() === 'GET',
    );
    await sim.control('background');
    await sim.control('foreground');
    expect(await (await download).text()).toContain(NUMBER);

    const [entry] = await team.db.query<{ created_at: number }>('SELECT created_at FROM dnc_entries WHERE phone = $1', [
      NUMBER,
    ]);
    const added = formatTime(Number(entry?.created_at)).slice(5, 10);
    await dialOnKeypad(sim, NUMBER);
    const hint = sim.currentPage().locator('#hint');
    await waitFor('the refusal', async () => (await hint.innerText()).includes(REASON));
    expect((await hint.innerText()).trim()).toBe(`该号码已在勿扰名单（原因：团队名单：${REASON}，${added} 加入）`);

    await sim.tapText('拨打');
    await sim.currentPage().getByText('仍要拨打', { exact: true }).waitFor();
    const dialog = await pageText(sim);
    expect(dialog).toContain(`原因：团队名单：${REASON}`);
    expect(dialog).not.toContain(NUMBER);
    await sim.currentPage().locator('#dnc-cancel').click();
    await sim.page.waitForTimeout(300);
    // TCCC was never opened: no jump in the simulator's log, no WeChat confirmation, no TCCC screen.
    expect((await sim.eventsSince(since)).filter((line) => /MiniProgram/.test(line))).toEqual([]);
    expect(await sim.page.locator('#sim-overlays .sim-modal').count()).toBe(0);
    expect(await sim.away().isVisible()).toBe(false);
  });
});
