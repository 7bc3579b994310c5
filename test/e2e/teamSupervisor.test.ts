/** @jest-environment node */
/**
 * A supervisor's phone in real Chromium (`npm start`'s pieces): bound with a supervisor bind code, 通话记录 gets a
 * 团队 scope with the team's calls from the server and stats per agent.
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { createStaff, issueBindCode } from '../../server/src/identity';
import { upsertCalls } from '../../server/src/callStore';
import { pageText, shot } from './agentSteps';
import { bindPhone, useTeamSession, waitFor } from './teamSession';

jest.setTimeout(180_000);

// No seeded demo team: the supervisor sees exactly the three calls below.
const session = useTeamSession({ seedTeam: false });
let sim: SimulatorPage;

beforeAll(() => {
  sim = session.sim;
});

describe('a supervisor’s phone', () => {
  it('binds with a supervisor code and sees the team’s calls and stats per agent under 团队', async () => {
    const db = session.team.db;
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

    expect(await bindPhone(sim, session.team.url, code)).toBe('组长');
    await sim.back();

    await sim.tapTab('通话记录');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().locator('#scope-team').click();
    await waitFor('the team’s rows', async () => (await pageText(sim)).includes('客户0'));
    // The stats per agent come from their own request, after or before the rows.
    await waitFor('the stats per agent', async () => (await pageText(sim)).includes('3 通'));
    const text = await pageText(sim);
    expect(text).toContain('3 通');
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
    await shot(sim, process.env['TEAM_SHOTS'], '02-supervisor-team-view.png');
  });
});
