/** @jest-environment node */
/**
 * A supervisor's phone in real Chromium (`npm start`'s pieces): bound with a supervisor bind code, 通话记录 gets a
 * 团队 scope with the team's calls from the server and stats per agent.
 */

import { startTeamServer, type TeamServer } from '../../tools/simulator/teamServer';
import { SimulatorPage } from '../../tools/simulator/driver';
import { createStaff, issueBindCode } from '../../server/src/identity';
import { upsertCalls } from '../../server/src/callStore';
import { pageText, shot, toastGone } from './agentSteps';
import { useSimulator } from './simulatorSession';

jest.setTimeout(180_000);

let team: TeamServer | null = null;
const session = useSimulator(
  {},
  {
    onCallEnded: (report) => team?.callEnded(report),
    team: () =>
      team === null ? null : { url: team.url, issueLoginCode: (openid) => team?.issueLoginCode(openid) ?? '' },
  },
);
let sim: SimulatorPage;

beforeAll(async () => {
  team = await startTeamServer({ port: 0, dataDir: undefined, seed: 7, log: () => undefined });
  sim = session.sim;
});
afterAll(async () => {
  await team?.close();
});

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await sim.page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting: ${what}`);
}

describe('a supervisor’s phone', () => {
  it('binds with a supervisor code and sees the team’s calls and stats per agent under 团队', async () => {
    const db = team?.db;
    if (db === undefined) throw new Error('no server');
    const now = Date.now();
    const supervisorId =
      (await createStaff(
        db,
        { username: 'lead', name: '组长', password: 'lead-password-1', role: 'supervisor' },
        now,
      )) ?? 0;
    const code = (await issueBindCode(db, supervisorId, now, 'supervisor'))?.code ?? '';
    const [agent] = await db.query<{ id: number }>("SELECT id FROM users WHERE role = 'agent' LIMIT 1");
    // Three calls the demo agent's phone synced earlier.
    await upsertCalls(
      db,
      agent?.id ?? 0,
      [0, 1, 2].map((i) => ({
        id: `e2e0000${i}00`,
        revision: 1,
        uui: `td1.e2e0000${i}00`,
        sessionId: '',
        phone: `1380013800${i}`,
        name: `客户${i}`,
        startedAt: now - (i + 1) * 60_000,
        returnedAt: now - i * 60_000,
        state: 'connected',
        duration: 30,
        closeBy: 'client',
        outcome: '',
        note: '',
      })),
      now,
    );

    await sim.tapTab('联系人');
    await sim.currentPage().locator('#settings').click();
    await sim.page.waitForTimeout(300);
    const inputs = sim.currentPage().locator('#team-server input, #team-code input');
    await inputs.nth(0).fill(team?.url ?? '');
    await inputs.nth(1).fill(code);
    await sim.currentPage().locator('#team-bind').click();
    await waitFor('bound', async () => (await pageText(sim)).includes('组长'));
    await toastGone(sim);
    await sim.back();

    await sim.tapTab('通话记录');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().locator('#scope-team').click();
    await waitFor('the team’s rows', async () => (await pageText(sim)).includes('客户0'));
    const text = await pageText(sim);
    expect(text).toContain('3 通');
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
    await shot(sim, process.env['TEAM_SHOTS'], '02-supervisor-team-view.png');
  });
});
