/**
 * @jest-environment node
 */
/**
 * The whole loop on the fake wx against the real team server: the agent calls, TCCC ends the call as 忙线 and pushes
 * its CDR, the phone's record reaches the server through the outbox, and the phone shows 忙线 beside its own record.
 */

import { configureAgent, settle } from '../../tools/page-harness/appHarness';
import { PUSH_SECRET, SDK_APP_ID, T0 } from '../../server/test/helpers/testServer';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { historyRow } from '../../miniprogram/core/historyRow';
import { tcccOutcomeView } from '../../miniprogram/core/tcccOutcome';
import {
  loadTeamApp,
  pinDateOnly,
  plugPhone,
  startTeamPhone,
  TEAM_URL,
  until,
  type TeamApp,
  type TeamPhone,
} from '../helpers/teamPhone';

jest.setTimeout(60_000);

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;

describe('TCCC’s true outcome on the phone', () => {
  let phone: TeamPhone;
  let app: TeamApp;
  let outcomes: typeof import('../../miniprogram/services/tcccOutcome');
  let sync: typeof import('../../miniprogram/services/tcccOutcomeSync');
  beforeAll(async () => {
    phone = await startTeamPhone();
  });
  afterAll(() => phone.server.close());
  beforeEach(async () => {
    pinDateOnly(T0);
    phone.server.clock.now = T0;
    plugPhone(currentWxFake(), phone.server, 'openid-outcome');
    configureAgent();
    app = loadTeamApp();
    currentWxFake().launch();
    const bound = await app.session.bindTeam(TEAM_URL, await phone.bindCodeFor(phone.server.callers.agentA.userId));
    expect(bound.ok).toBe(true);
    outcomes = app.outcomes;
    sync = app.outcomeSync;
  });
  afterEach(() => {
    jest.useRealTimers();
    app.outbox.stopOutbox();
    app.token.stopTcccToken();
    sync.stopTcccOutcomePolling();
  });

  it('TCCC ends the call as 忙线: the history row says TCCC 忙线 beside the phone’s 未接通', async () => {
    const fake = currentWxFake();
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: '138 0013 8000', name: '张三' }));
    expect(outcome.ok).toBe(true);
    const callId = outcome.ok ? outcome.callId : '';
    await settle();
    fake.returnFromMiniProgram({ sessionId: 'sess-busy-1', duration: 0, closeBy: 'client' });
    await settle();
    await until('the call is on the server', async () => {
      const rows = await phone.server.db.query('SELECT 1 FROM calls WHERE call_id = $1', [callId]);
      return rows.length === 1;
    });
    const record = app.callLog.findCall(callId);
    if (record === undefined) throw new Error('the call is not on the phone');
    // Until TCCC's CDR arrives the row says it is on its way (a server is bound).
    const waiting = historyRow(record, true, T0, tcccOutcomeView(record, outcomes.tcccOutcomeOf(callId), 0, T0));
    expect(waiting.tccc).toBe('TCCC 结果同步中');

    const [stored] = await phone.server.db.query<{ uui: string }>('SELECT uui FROM calls WHERE call_id = $1', [callId]);
    const push = await phone.server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=cdr&version=1',
      headers: { authorization: BASIC, 'content-type': 'application/json', 'x-tccc-push-uuid': 'push-busy-1' },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: 'sess-busy-1',
        Uui: stored?.uui,
        EndStatusString: 'busy',
        Duration: 0,
        SeatUser: { UserId: phone.server.seats.agentA },
      }),
    });
    expect(push.statusCode).toBe(200);
    await sync.pollTcccOutcomes();
    await until('TCCC’s outcome reached the phone', () => outcomes.tcccOutcomeOf(callId) !== undefined);
    const row = historyRow(record, true, T0, tcccOutcomeView(record, outcomes.tcccOutcomeOf(callId), 0, T0));
    expect(row).toMatchObject({ markLabel: '未接通', tccc: 'TCCC 忙线', disagree: false });
  });
});
