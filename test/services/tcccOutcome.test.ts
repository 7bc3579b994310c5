/**
 * @jest-environment node
 */
/** TCCC's outcome reaches the phone: stored per call, told on the call feed, polled from the real team server. */

import { archiveCalls, forgetCallLogMemory } from '../../miniprogram/services/callLog';
import { CallChange, offCallChange, onCallChange } from '../../miniprogram/services/callEvents';
import {
  forgetTcccOutcomeMemory,
  recordTcccStatuses,
  TCCC_OUTCOME_KEY,
  TCCC_OUTCOME_MAX,
  tcccOutcomeOf,
} from '../../miniprogram/services/tcccOutcome';
import {
  pollTcccOutcomes,
  stopTcccOutcomePolling,
  watchTcccOutcomes,
} from '../../miniprogram/services/tcccOutcomeSync';
import { makeCall } from '../../tools/fixtures/callFixtures';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from '../../server/test/helpers/testServer';
import { bindPhone } from '../helpers/teamPhone';

// The real server on PGlite takes seconds to start on a busy machine.
jest.setTimeout(60_000);

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;

describe('TCCC outcome on the phone', () => {
  let server: TestServer;
  let changes: CallChange[];
  const listener = (change: CallChange) => changes.push(change);
  const call = makeCall({ startedAt: T0, state: 'placed-not-connected', sessionId: 'sess-1', duration: 0 });

  beforeAll(async () => {
    server = await startTestServer();
    const sent = await server.app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: server.callers.agentA.headers,
      payload: {
        calls: [
          {
            id: call.id,
            revision: 1,
            uui: `td1.${call.id}`,
            sessionId: '',
            phone: call.phone,
            name: '',
            startedAt: call.startedAt,
            returnedAt: T0 + 30_000,
            state: call.state,
            duration: 0,
            closeBy: '',
            outcome: '',
            note: '',
          },
        ],
      },
    });
    expect(sent.statusCode).toBe(200);
  });
  afterAll(() => server.close());

  beforeEach(() => {
    forgetCallLogMemory();
    forgetTcccOutcomeMemory();
    stopTcccOutcomePolling();
    archiveCalls([call]);
    changes = [];
    onCallChange(listener);
  });
  afterEach(() => {
    offCallChange(listener);
    stopTcccOutcomePolling();
  });

  it('keeps an outcome once, tells the feed with the stored call, and survives a restart', () => {
    const status = { id: call.id, tccc: { endStatus: 'busy', duration: 0, hasRecording: false } };
    expect(recordTcccStatuses([status, { id: 'unknown0001', tccc: null }], T0)).toEqual([call.id]);
    expect(changes).toEqual([{ kind: 'tccc', calls: [call] }]);
    // The same answer again changes nothing and says nothing.
    expect(recordTcccStatuses([status], T0 + 1)).toEqual([]);
    expect(changes).toHaveLength(1);
    forgetTcccOutcomeMemory();
    expect(tcccOutcomeOf(call.id)).toEqual({ endStatus: 'busy', duration: 0, hasRecording: false, at: T0 });
    expect(wx.getStorageSync(TCCC_OUTCOME_KEY)).toMatchObject({ v: 1 });
  });

  it(`keeps the newest ${TCCC_OUTCOME_MAX} outcomes`, () => {
    const many = Array.from({ length: TCCC_OUTCOME_MAX + 5 }, (_, i) => ({
      id: `c${String(i).padStart(9, '0')}`,
      tccc: { endStatus: 'ok', duration: 1, hasRecording: false },
    }));
    recordTcccStatuses(many, T0);
    forgetTcccOutcomeMemory();
    expect(tcccOutcomeOf('c000000000')).toBeUndefined();
    expect(tcccOutcomeOf(`c${String(TCCC_OUTCOME_MAX + 4).padStart(9, '0')}`)?.endStatus).toBe('ok');
  });

  it('polls GET /api/calls/status after a return until TCCC’s CDR has joined (simulated TCCC ends it as 忙线)', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, T0);
    watchTcccOutcomes([call.id], T0);
    await pollTcccOutcomes(T0);
    expect(tcccOutcomeOf(call.id)).toBeUndefined();
    expect(changes).toEqual([]);
    const push = await server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=cdr&version=1',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: 'sess-1',
        Uui: `td1.${call.id}`,
        EndStatusString: 'busy',
        Duration: 0,
        SeatUser: { UserId: server.seats.agentA },
      }),
    });
    expect(push.statusCode).toBe(200);
    await pollTcccOutcomes(T0 + 5_000);
    expect(tcccOutcomeOf(call.id)?.endStatus).toBe('busy');
    expect(changes.map((change) => change.kind)).toEqual(['tccc']);
    // Answered: no more requests for it.
    const sentBefore = currentWxFake().network.sent.length;
    await pollTcccOutcomes(T0 + 10_000);
    expect(currentWxFake().network.sent.length).toBe(sentBefore);
  });

  it('another agent’s phone learns nothing of the call; a supervisor’s phone does not poll; no server, no request', async () => {
    bindPhone(server, server.callers.agentB, { name: '坐席乙', role: 'agent' }, T0);
    watchTcccOutcomes([call.id], T0);
    await pollTcccOutcomes(T0);
    expect(tcccOutcomeOf(call.id)).toBeUndefined();
    expect(currentWxFake().network.sent.map((request) => request.url)).toEqual([
      `https://team.example.com/api/calls/status?ids=${call.id}`,
    ]);

    stopTcccOutcomePolling();
    bindPhone(server, server.callers.supervisor, { name: '主管', role: 'supervisor' }, T0);
    watchTcccOutcomes([call.id], T0);
    await pollTcccOutcomes(T0);
    wx.removeStorageSync('tccc.team');
    watchTcccOutcomes([call.id], T0);
    await pollTcccOutcomes(T0);
    expect(currentWxFake().network.sent).toHaveLength(1);
  });

  it('stops asking after two minutes', async () => {
    bindPhone(server, server.callers.agentB, { name: '坐席乙', role: 'agent' }, T0);
    watchTcccOutcomes([call.id], T0);
    await pollTcccOutcomes(T0 + 121_000);
    expect(currentWxFake().network.sent).toHaveLength(0);
  });
});
