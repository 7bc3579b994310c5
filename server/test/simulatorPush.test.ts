/** The simulator's TCCC pusher against the real server over HTTP: stored by UUI once, duplicates once, lost ones reconciled. */

import { seededRandom } from '../../tools/simulator/browser/ids';
import type { CallEndReport, CdrEndStatus } from '../../tools/simulator/contract';
import { createTcccPusher, endStatusOf, type PushFaults } from '../../tools/simulator/tcccPush';
import { reconcile } from '../src/reconciler';
import { createTcccApi } from '../src/tcccApi';
import { countRows, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';

const FAULTS: PushFaults = { lost: 0.2, duplicated: 0.25, late: 0.25, lateMs: 30 };
const STATUSES: (CdrEndStatus | 'auto')[] = ['auto', 'ok', 'busy', 'notAnswer', 'numberNotExist', 'userReject'];

function callEnd(i: number, seat: string): CallEndReport {
  const callId = `mi${String(i).padStart(8, '0')}`;
  return {
    sessionId: `5e5510${String(i).padStart(2, '0')}-0000-4000-8000-00000000000${i % 10}`,
    sdkAppId: SDK_APP_ID,
    userId: seat,
    calleePhone: `1380013${String(8000 + i)}`,
    // Phones today send the bare call id (version 0); the contract's td1. prefix reads as the same call.
    uui: i % 2 === 0 ? callId : `td1.${callId}`,
    closeBy: i % 3 === 0 ? 'client' : 'seat',
    duration: i % 4 === 0 ? 0 : 30 + i,
    endStatus: STATUSES[i % STATUSES.length] ?? 'auto',
  };
}

interface StoredCdr {
  session_id: string;
  uui_call_id: string | null;
  end_status_string: string | null;
  duration: number | null;
  source: string;
  record_id: string | null;
}

describe('the simulated TCCC pushing to the server', () => {
  let server: TestServer;
  let pushUrl: string;
  beforeAll(async () => {
    server = await startTestServer();
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    pushUrl = `${address}/tccc/push`;
  });
  afterAll(() => server.close());

  it('maps the hang-ups to end statuses: talk is ok, 0 s by the client notAnswer or busy (seeded), a pick wins', () => {
    const base = callEnd(1, 'x');
    const random = seededRandom(3);
    expect(endStatusOf({ ...base, endStatus: 'auto', duration: 12 }, random)).toBe('ok');
    expect(endStatusOf({ ...base, endStatus: 'auto', duration: 0, closeBy: 'seat' }, random)).toBe('notAnswer');
    const clientZero = Array.from({ length: 40 }, () =>
      endStatusOf({ ...base, endStatus: 'auto', duration: 0, closeBy: 'client' }, random),
    );
    expect(new Set(clientZero)).toEqual(new Set(['notAnswer', 'busy']));
    // The same seed gives the same statuses (the two calls above drew nothing).
    const again = seededRandom(3);
    expect(
      Array.from({ length: 40 }, () =>
        endStatusOf({ ...base, endStatus: 'auto', duration: 0, closeBy: 'client' }, again),
      ),
    ).toEqual(clientZero);
    expect(endStatusOf({ ...base, endStatus: 'powerOff', duration: 12 }, random)).toBe('powerOff');
  });

  it('stores every delivered CDR once by its UUI, duplicates once, and the reconciler finds the lost ones', async () => {
    const pusher = createTcccPusher({
      target: { pushUrl, sdkAppId: SDK_APP_ID, secret: PUSH_SECRET },
      random: seededRandom(20261206),
      ledger: server.tccc.cdrs,
      faults: FAULTS,
      retryDelaysMs: [10, 20, 40],
      nowMs: () => server.clock.now,
    });
    const ends = Array.from({ length: 40 }, (_, i) => callEnd(i, server.seats.agentA));
    const results = ends.map((end) => pusher.callEnded(end));
    // 未呼出 has no session and so no CDR.
    expect(pusher.callEnded({ ...callEnd(99, server.seats.agentA), sessionId: '' })).toBeNull();
    await pusher.idle();

    const fates = results.map((result) => result?.fate);
    const lost = results.filter((result) => result?.fate === 'lost').length;
    // The seed gives every fault at least once, so each check below can fail.
    expect(lost).toBeGreaterThan(0);
    expect(fates).toContain('duplicated');
    expect(fates).toContain('late');
    expect(server.tccc.cdrs).toHaveLength(40);

    const cdrOutcomes = pusher.outcomes.filter((outcome) => outcome.action === 'cdr');
    expect(cdrOutcomes.filter((outcome) => outcome.status === 'acked')).toHaveLength(40 - lost);
    const stored = await server.db.query<StoredCdr>(
      'SELECT session_id, uui_call_id, end_status_string, duration, source, record_id FROM cdrs',
    );
    expect(stored).toHaveLength(40 - lost);
    // Each push id once in the log, though duplicates were sent twice.
    expect(await countRows(server.db, 'push_log')).toBe(pusher.outcomes.filter((o) => o.status === 'acked').length);
    ends.forEach((end, i) => {
      const result = results[i];
      const row = stored.find((cdr) => cdr.uui_call_id === `mi${String(i).padStart(8, '0')}`);
      if (result?.fate === 'lost') expect(row).toBeUndefined();
      else {
        expect(row).toMatchObject({ session_id: end.sessionId, end_status_string: result?.endStatus, source: 'push' });
        expect(row?.duration).toBe(result?.endStatus === 'ok' ? end.duration : 0);
      }
    });
    const recordings = await server.db.query<{ session_id: string }>('SELECT session_id FROM recordings');
    const talked = ends.filter((end, i) => results[i]?.endStatus === 'ok' && end.duration > 0);
    expect(recordings.map((row) => row.session_id).sort()).toEqual(talked.map((end) => end.sessionId).sort());

    const T0_TS = Math.floor(T0 / 1000);
    const report = await reconcile(
      {
        db: server.db,
        tccc: createTcccApi(server.config),
        sdkAppId: SDK_APP_ID,
        now: () => server.clock.now,
        sleep: async (ms) => {
          server.clock.now += ms;
        },
      },
      { fromTs: T0_TS - 3600, toTs: T0_TS + 60 },
    );
    expect(report).toMatchObject({ fetched: 40, filled: lost });
    const after = await server.db.query<StoredCdr>(
      'SELECT session_id, uui_call_id, source, end_status_string FROM cdrs',
    );
    expect(after).toHaveLength(40);
    results.forEach((result, i) => {
      if (result?.fate !== 'lost') return;
      expect(after.find((cdr) => cdr.session_id === result.sessionId)).toMatchObject({
        uui_call_id: `mi${String(i).padStart(8, '0')}`,
        end_status_string: result.endStatus,
        source: 'api',
      });
    });
  });

  it('gives up after TCCC’s 3 retries when the secret is wrong, and nothing is stored', async () => {
    const before = await countRows(server.db, 'cdrs');
    const pusher = createTcccPusher({
      target: { pushUrl, sdkAppId: SDK_APP_ID, secret: 'not-the-push-secret' },
      random: seededRandom(1),
      ledger: [],
      faults: { lost: 0, duplicated: 0, late: 0, lateMs: 0 },
      retryDelaysMs: [5, 5, 5],
      nowMs: () => server.clock.now,
    });
    pusher.callEnded({ ...callEnd(60, server.seats.agentA), endStatus: 'busy' });
    await pusher.idle();
    expect(pusher.outcomes).toEqual([expect.objectContaining({ status: 'failed', attempts: 4 })]);
    expect(await countRows(server.db, 'cdrs')).toBe(before);
  });
});
