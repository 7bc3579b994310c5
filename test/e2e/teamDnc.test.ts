/** @jest-environment node */
/**
 * The team's do-not-call list in real Chromium (`npm start`'s pieces): a 勿扰 another phone sent to the server
 * reaches this phone on show, and its dialer refuses the number with the team's reason.
 */

import { startTeamServer, type TeamServer } from '../../tools/simulator/teamServer';
import { SimulatorPage } from '../../tools/simulator/driver';
import { writeDncEntries } from '../../server/src/dncStore';
import { dialOnKeypad, pageText, toastGone } from './agentSteps';
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

describe('the team’s do-not-call list on the phone', () => {
  it('a 勿扰 sent by another phone blocks the number here after the next show', async () => {
    await sim.tapTab('联系人');
    await sim.currentPage().locator('#settings').click();
    await sim.page.waitForTimeout(300);
    const inputs = sim.currentPage().locator('#team-server input, #team-code input');
    await inputs.nth(0).fill(team?.url ?? '');
    await inputs.nth(1).fill(team?.demoBindCode ?? '');
    await sim.currentPage().locator('#team-bind').click();
    await waitFor('bound', async () => (await pageText(sim)).includes('演示坐席'));
    await toastGone(sim);
    await sim.back();

    // Another phone's 勿扰, stored as POST /api/dnc stores it.
    const db = team?.db;
    if (db === undefined) throw new Error('no server');
    const [agent] = await db.query<{ id: number }>("SELECT id FROM users WHERE role = 'agent' LIMIT 1");
    await db.transaction((tx) =>
      writeDncEntries(
        tx,
        [{ phone: '13800138077', reason: '勿扰', expiresAt: null }],
        'phone',
        agent?.id ?? 0,
        Date.now(),
      ),
    );

    await sim.control('background');
    await sim.control('foreground');
    await dialOnKeypad(sim, '13800138077');
    await waitFor('the refusal', async () => (await pageText(sim)).includes('团队名单：勿扰'));
    expect(await pageText(sim)).toContain('该号码已在勿扰名单（原因：团队名单：勿扰');
  });
});
