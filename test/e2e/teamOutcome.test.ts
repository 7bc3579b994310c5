/** @jest-environment node */
/**
 * TCCC's true outcome on the phone in real Chromium (`npm start`'s pieces): the simulated TCCC ends a call as 忙线
 * and pushes its CDR; the phone's record reaches the server through the outbox, joins the CDR on its uui, and the
 * phone's history row shows TCCC 忙线 beside its own record.
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { dialOnKeypad, historyRows } from './agentSteps';
import { bindPhone, useTeamSession, waitFor } from './teamSession';

jest.setTimeout(240_000);

const session = useTeamSession();
let sim: SimulatorPage;

beforeAll(() => {
  sim = session.sim;
});

describe('TCCC’s outcome reaches the phone', () => {
  it('a call the simulated TCCC ends as 忙线 shows TCCC 忙线 on its history row', async () => {
    expect(await bindPhone(sim, session.team.url, session.team.demoBindCode)).toBe('演示坐席');
    await sim.back();

    await dialOnKeypad(sim, '13800138009');
    await sim.tapText('拨打');
    await sim.answerDialog('允许');
    await sim.away().locator('.sim-tccc-callee').waitFor();
    await sim.endCall('客户挂断', 0, 'busy');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().getByText('跳过', { exact: true }).first().click();

    // The push may come late or be lost (then the reconciler finds it); the phone asks after the return.
    await waitFor('TCCC 忙线 on the row', async () => ((await historyRows(sim))[0] ?? '').includes('TCCC 忙线'), {
      timeoutMs: 60_000,
    });
    const [row] = await historyRows(sim);
    expect(row).toContain('8009');
    expect(row).toContain('TCCC 忙线');
  });
});
