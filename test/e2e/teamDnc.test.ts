/** @jest-environment node */
/**
 * The team's do-not-call list in real Chromium (`npm start`'s pieces): a 勿扰 another phone sent to the server
 * reaches this phone on show, and its dialer refuses the number with the team's reason.
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { writeDncEntries } from '../../server/src/dncStore';
import { dialOnKeypad, pageText } from './agentSteps';
import { bindPhone, useTeamSession, waitFor } from './teamSession';

jest.setTimeout(180_000);

const session = useTeamSession();
let sim: SimulatorPage;

beforeAll(() => {
  sim = session.sim;
});

describe('the team’s do-not-call list on the phone', () => {
  it('a 勿扰 sent by another phone blocks the number here after the next show', async () => {
    expect(await bindPhone(sim, session.team.url, session.team.demoBindCode)).toBe('演示坐席');
    await sim.back();

    // Another phone's 勿扰, stored as POST /api/dnc stores it.
    const db = session.team.db;
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
