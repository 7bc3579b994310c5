/** @jest-environment node */
/**
 * The phone and the team server together in real Chromium (`npm start`'s pieces): bind with the demo bind code,
 * a call synced (the server's count), offline then online with nothing lost (counts on both sides).
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { callFromKeypad, historyRows, pageText, wrapUp } from './agentSteps';
import { bindPhone, openSettings as openSettingsOf, useTeamSession, waitFor } from './teamSession';

jest.setTimeout(180_000);

const session = useTeamSession();
let sim: SimulatorPage;

beforeAll(() => {
  sim = session.sim;
});

async function serverCalls(): Promise<number> {
  const [row] = await session.team.db.query<{ n: number }>('SELECT count(*) AS n FROM calls');
  return Number(row?.n ?? 0);
}

const openSettings = () => openSettingsOf(sim);

describe('the phone joins the team', () => {
  it('binds with the printed demo bind code: the agent’s name shows, the account is the server’s and read-only', async () => {
    const team = session.team;
    expect(await bindPhone(sim, team.url, team.demoBindCode)).toBe('演示坐席');
    const text = await pageText(sim);
    expect(text).toContain('已绑定坐席');
    expect(text).toContain('由团队服务器提供，绑定期间不能修改');
    expect(text).not.toContain(team.demoBindCode);
    await sim.back();
  });

  it('a call made on the phone is on the server after the return', async () => {
    const before = await serverCalls();
    await callFromKeypad(sim, '13800138000', '客户挂断', 20);
    await wrapUp(sim, undefined);
    await waitFor('the call on the server', async () => (await serverCalls()) === before + 1);
  });

  it('offline, calls wait with a quiet count; back online, every one arrives', async () => {
    await openSettings();
    await waitFor('the last call’s wrap-up sent too', async () => (await pageText(sim)).includes('已同步'));
    await sim.back();
    const before = await serverCalls();
    await sim.page.evaluate(() => window.__sim.setOnline(false));
    await sim.passTime(60_000);
    await callFromKeypad(sim, '13800138001', '客户挂断', 5);
    await wrapUp(sim, undefined);
    await sim.passTime(60_000);
    await callFromKeypad(sim, '13800138002', '坐席挂断', 6);
    await wrapUp(sim, undefined);
    // The agent sees it where they work: the history page's header.
    await sim.tapTab('通话记录');
    await sim.page.waitForTimeout(300);
    expect(await sim.currentPage().locator('#sync-status').innerText()).toBe('2 条待同步');
    await openSettings();
    expect(await pageText(sim)).toContain('2 条待同步');
    await sim.back();
    expect(await serverCalls()).toBe(before);
    await sim.page.evaluate(() => window.__sim.setOnline(true));
    await sim.control('background');
    await sim.control('foreground');
    await waitFor('both calls on the server', async () => (await serverCalls()) === before + 2);
    await openSettings();
    await waitFor('nothing waits', async () => (await pageText(sim)).includes('已同步'));
    await sim.back();
    // The phone kept them too: the two newest rows of its history.
    const rows = await historyRows(sim);
    expect(rows.slice(0, 2).join(' | ')).toMatch(/8002.* \| .*8001/);
  });
});
