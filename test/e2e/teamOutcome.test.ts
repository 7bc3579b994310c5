/** @jest-environment node */
/**
 * TCCC's true outcome on the phone in real Chromium (`npm start`'s pieces): the simulated TCCC ends a call as 忙线
 * and pushes its CDR; the phone's record reaches the server through the outbox, joins the CDR on its uui, and the
 * phone's history row shows TCCC 忙线 beside its own record.
 */

import { startTeamServer, type TeamServer } from '../../tools/simulator/teamServer';
import { SimulatorPage } from '../../tools/simulator/driver';
import { dialOnKeypad, historyRows, pageText, toastGone } from './agentSteps';
import { useSimulator } from './simulatorSession';

jest.setTimeout(240_000);

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

async function waitFor(what: string, check: () => Promise<boolean>, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    if (await check()) return;
    await sim.page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting: ${what}`);
}

describe('TCCC’s outcome reaches the phone', () => {
  it('a call the simulated TCCC ends as 忙线 shows TCCC 忙线 on its history row', async () => {
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

    await dialOnKeypad(sim, '13800138009');
    await sim.tapText('拨打');
    await sim.answerDialog('允许');
    await sim.away().locator('.sim-tccc-callee').waitFor();
    await sim.endCall('客户挂断', 0, 'busy');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().getByText('跳过', { exact: true }).first().click();

    // The push may come late or be lost (then the reconciler finds it); the phone asks after the return.
    await waitFor('TCCC 忙线 on the row', async () => ((await historyRows(sim))[0] ?? '').includes('TCCC 忙线'), 300);
    const [row] = await historyRows(sim);
    expect(row).toContain('8009');
    expect(row).toContain('TCCC 忙线');
  });
});
