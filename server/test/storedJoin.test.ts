/**
 * The TCCC side stored on each call row (migration 030) equals the live join after every write path, in any order:
 * the phone's batch upsert, a CDR push (before or after the phone's record, replacing an earlier one), the
 * reconciler's fill, a late UUI join, an agent's seat change, and the migration's backfill.
 */

import fc from 'fast-check';
import { updateAgent } from '../src/adminQuery';
import { refreshJoined } from '../src/callJoin';
import { listCalls } from '../src/callQuery';
import { REFERENCE_CDR_JOIN, upsertCalls, type CallInput } from '../src/callStore';
import { insertCdrIfAbsent, upsertCdr } from '../src/cdrStore';
import type { CdrRow } from '../src/cdr';
import type { Db } from '../src/db';
import { readMigrations } from '../src/migrate';
import { createTestDb, type TestDb } from './helpers/testDb';

const SEATS = ['a@example.com', 'b@example.com', 'c@example.com'];
const CALL_IDS = ['c000000001', 'c000000002', 'c000000003'];
const SESSIONS = ['s1', 's2', 's3', 's4'];

/** The stored side as the plain rule (REFERENCE_CDR_JOIN) gives it. */
const EXPECTED = `SELECT c.agent_id, c.call_id, d.cdr_session_id AS tccc_session_id, d.end_status_string AS tccc_status,
    d.duration AS tccc_duration, d.hung_up_side AS tccc_hung_up_side, coalesce(d.duration, c.duration, -1) AS talk,
    coalesce(d.cdr_session_id IS NOT NULL AND c.duration IS NOT NULL
      AND (c.duration > 0) <> (d.end_status_string = 'ok'), false) AS mismatch
  FROM calls c JOIN users u ON u.id = c.agent_id
  ${REFERENCE_CDR_JOIN}
  ORDER BY c.agent_id, c.call_id`;

const STORED = `SELECT agent_id, call_id, tccc_session_id, tccc_status, tccc_duration, tccc_hung_up_side, talk, mismatch
  FROM calls ORDER BY agent_id, call_id`;

type Op =
  | {
      kind: 'call';
      agent: number;
      callId: string;
      sessionId: string | null;
      uuiCallId: string | null;
      duration: number | null;
    }
  | {
      kind: 'push' | 'reconcile';
      sessionId: string;
      uuiCallId: string | null;
      seat: string | null;
      mail: string | null;
      status: string;
      duration: number | null;
      side: string | null;
    }
  | { kind: 'seat'; seat: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('call' as const),
    agent: fc.integer({ min: 0, max: 1 }),
    callId: fc.constantFrom(...CALL_IDS),
    // Often without a sessionId: those calls join by UUI, where order, replacement and seats matter.
    sessionId: fc.option(fc.constantFrom(...SESSIONS), { freq: 1 }),
    uuiCallId: fc.option(fc.constantFrom(...CALL_IDS)),
    duration: fc.option(fc.constantFrom(0, 45)),
  }),
  fc.record({
    kind: fc.constantFrom('push' as const, 'reconcile' as const),
    sessionId: fc.constantFrom(...SESSIONS),
    uuiCallId: fc.option(fc.constantFrom(...CALL_IDS)),
    seat: fc.option(fc.constantFrom(...SEATS)),
    mail: fc.option(fc.constantFrom(...SEATS)),
    status: fc.constantFrom('ok', 'busy', 'notAnswer'),
    duration: fc.option(fc.constantFrom(0, 40)),
    side: fc.option(fc.constantFrom('user', 'seat')),
  }),
  fc.record({ kind: fc.constant('seat' as const), seat: fc.constantFrom(SEATS[1] ?? '', SEATS[2] ?? '') }),
);

function cdrOf(o: Extract<Op, { kind: 'push' | 'reconcile' }>): CdrRow {
  return {
    sessionId: o.sessionId,
    sdkAppId: '1400123456',
    uui: o.uuiCallId === null ? null : `td1.${o.uuiCallId}`,
    uuiCallId: o.uuiCallId,
    seatUserId: o.seat,
    seatMail: o.mail,
    endStatusString: o.status,
    endStatus: null,
    direction: 1,
    callType: 1,
    caller: null,
    callee: null,
    startTs: null,
    ringTs: null,
    acceptTs: null,
    endedTs: null,
    duration: o.duration,
    hungUpSide: o.side,
    recordId: null,
  };
}

function callOf(o: Extract<Op, { kind: 'call' }>, revision: number): CallInput {
  return {
    id: o.callId,
    revision,
    // A uui outside the contract names no call: the call joins by sessionId only.
    uui: o.uuiCallId === null ? 'biz-ref' : `td1.${o.uuiCallId}`,
    sessionId: o.sessionId ?? '',
    phone: '13800000000',
    name: '',
    startedAt: 1,
    returnedAt: 2,
    state: o.duration !== null && o.duration > 0 ? 'connected' : 'placed-not-connected',
    duration: o.duration,
    closeBy: 'client',
    outcome: '',
    note: '',
  };
}

describe('the TCCC side stored on the call row', () => {
  let testDb: TestDb;
  let db: Db;
  let agents: number[];
  beforeAll(async () => {
    testDb = await createTestDb();
    db = testDb.db;
    const rows = await db.query<{ id: number }>(
      `INSERT INTO users (role, name, seat_user_id, created_at) VALUES ('agent', 'A', $1, 0), ('agent', 'B', $2, 0)
       RETURNING id`,
      [SEATS[0], SEATS[1]],
    );
    agents = rows.map((row) => row.id);
  });
  afterAll(() => testDb.drop());

  async function reset(): Promise<void> {
    await db.exec('DELETE FROM recordings; DELETE FROM cdrs; DELETE FROM calls');
    await db.query('UPDATE users SET seat_user_id = $2 WHERE id = $1', [agents[1], SEATS[1]]);
  }

  /** Runs one write the way the server runs it: in a transaction, through the store functions. */
  async function apply(o: Op, step: number): Promise<void> {
    await db.transaction(async (tx) => {
      if (o.kind === 'call') await upsertCalls(tx, agents[o.agent] ?? 0, [callOf(o, step)], 1000 + step);
      else if (o.kind === 'seat') await updateAgent(tx, agents[1] ?? 0, { seatUserId: o.seat });
      else if (o.kind === 'push') await upsertCdr(tx, cdrOf(o), '{}', 'push', 1000 + step);
      else await insertCdrIfAbsent(tx, cdrOf(o), '{}', 1000 + step);
    });
  }

  it('equals the live join after every write, in any order of calls, pushes, replacements, fills and seat changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        await reset();
        for (const [step, o] of ops.entries()) {
          await apply(o, step + 1);
          expect(await db.query(STORED)).toEqual(await db.query(EXPECTED));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('follows a push that arrives before the phone’s record, one after it, a replaced CDR and a late UUI join', async () => {
    await reset();
    const agent = agents[0] ?? 0;
    const stored = async () =>
      (
        await db.query<{ tccc_session_id: string | null; tccc_status: string | null; talk: number; mismatch: boolean }>(
          'SELECT tccc_session_id, tccc_status, talk, mismatch FROM calls WHERE agent_id = $1 AND call_id = $2',
          [agent, 'c000000001'],
        )
      )[0];
    const push = (status: string, duration: number, uuiCallId: string | null, session = 's1', at = 10) =>
      db.transaction((tx) =>
        upsertCdr(
          tx,
          cdrOf({
            kind: 'push',
            sessionId: session,
            uuiCallId,
            seat: SEATS[0] ?? null,
            mail: null,
            status,
            duration,
            side: 'user',
          }),
          '{}',
          'push',
          at,
        ),
      );
    const call = (sessionId: string | null, duration: number, revision: number) =>
      db.transaction((tx) =>
        upsertCalls(
          tx,
          agent,
          [
            callOf(
              { kind: 'call', agent: 0, callId: 'c000000001', sessionId, uuiCallId: 'c000000001', duration },
              revision,
            ),
          ],
          20,
        ),
      );

    // Push first: no call yet. The phone's record then joins it at once.
    await push('notAnswer', 0, 'c000000001');
    await call('s1', 12, 1);
    expect(await stored()).toEqual({ tccc_session_id: 's1', tccc_status: 'notAnswer', talk: 0, mismatch: true });
    // The CDR replaced (TCCC's latest record is the truth): the call follows it.
    await push('ok', 30, 'c000000001');
    expect(await stored()).toEqual({ tccc_session_id: 's1', tccc_status: 'ok', talk: 30, mismatch: false });
    // A replacement that names another call's UUI, for a call without a sessionId, leaves the old join.
    await call(null, 12, 2);
    expect(await stored()).toEqual({ tccc_session_id: 's1', tccc_status: 'ok', talk: 30, mismatch: false });
    await push('ok', 30, 'c000000002');
    expect(await stored()).toEqual({ tccc_session_id: null, tccc_status: null, talk: 12, mismatch: false });
    // A late UUI join: a CDR of another session arrives naming this call's UUI and agent's seat.
    await push('busy', 0, 'c000000001', 's2', 30);
    expect(await stored()).toEqual({ tccc_session_id: 's2', tccc_status: 'busy', talk: 0, mismatch: true });
    // The dashboard's filters read the stored side.
    const mismatched = await listCalls(db, { mismatch: true }, null, 10);
    expect(mismatched.calls.map((c) => [c.id, c.tccc?.sessionId])).toEqual([['c000000001', 's2']]);
    const busy = await listCalls(db, { endStatus: 'busy' }, null, 10);
    expect(busy.calls.map((c) => c.id)).toEqual(['c000000001']);
    expect((await listCalls(db, { endStatus: 'ok' }, null, 10)).calls).toEqual([]);
  });

  it('follows an agent’s seat change: the UUI join matches the CDR’s seat', async () => {
    await reset();
    const agent = agents[1] ?? 0;
    await db.transaction((tx) =>
      upsertCalls(
        tx,
        agent,
        [
          callOf(
            { kind: 'call', agent: 1, callId: 'c000000003', sessionId: null, uuiCallId: 'c000000003', duration: 0 },
            1,
          ),
        ],
        5,
      ),
    );
    const cdr = cdrOf({
      kind: 'push',
      sessionId: 's3',
      uuiCallId: 'c000000003',
      seat: SEATS[2] ?? null,
      mail: null,
      status: 'ok',
      duration: 25,
      side: 'seat',
    });
    await db.transaction((tx) => upsertCdr(tx, cdr, '{}', 'push', 6));
    const stored = () =>
      db.query('SELECT tccc_session_id, tccc_status, talk, mismatch FROM calls WHERE agent_id = $1', [agent]);
    // Another seat's CDR: not this agent's call.
    expect(await stored()).toEqual([{ tccc_session_id: null, tccc_status: null, talk: 0, mismatch: false }]);
    await db.transaction((tx) => updateAgent(tx, agent, { seatUserId: SEATS[2] ?? '' }));
    expect(await stored()).toEqual([{ tccc_session_id: 's3', tccc_status: 'ok', talk: 25, mismatch: true }]);
    await db.transaction((tx) => updateAgent(tx, agent, { seatUserId: SEATS[1] ?? '' }));
    expect(await stored()).toEqual([{ tccc_session_id: null, tccc_status: null, talk: 0, mismatch: false }]);
  });

  it('the migration backfills the same columns as the write paths keep', async () => {
    await reset();
    const agent = agents[0] ?? 0;
    for (const [i, cdr] of [
      { sessionId: 's1', uuiCallId: 'c000000001', status: 'ok', duration: 30 },
      { sessionId: 's2', uuiCallId: 'c000000002', status: 'busy', duration: 0 },
    ].entries()) {
      await db.query(
        `INSERT INTO cdrs (session_id, sdk_app_id, uui_call_id, seat_user_id, end_status_string, duration, source, raw,
           received_at) VALUES ($1, '1400123456', $2, $3, $4, $5, 'push', '{}', $6)`,
        [cdr.sessionId, cdr.uuiCallId, SEATS[0], cdr.status, cdr.duration, 100 + i],
      );
    }
    for (const [callId, sessionId, duration] of [
      ['c000000001', null, 0],
      ['c000000002', 's2', 20],
      ['c000000003', null, null],
    ] as const) {
      await db.query(
        `INSERT INTO calls (agent_id, call_id, revision, uui, uui_call_id, session_id, phone, name, started_at, state,
           duration, close_by, outcome, note, received_at)
         VALUES ($1, $2, 1, '', $2, $3, '13800000000', '', 1, 'connected', $4, '', '', '', 1)`,
        [agent, callId, sessionId, duration],
      );
    }
    // Inserted behind the store's back: nothing stored yet. The migration's UPDATE fills it.
    const migration = readMigrations().find((m) => m.version === 30);
    const backfill = (migration?.sql ?? '').split(/;\s*\n/).find((s) => s.includes('UPDATE calls t'));
    expect(backfill).toBeDefined();
    await db.query(
      (backfill ?? '')
        .split('\n')
        .filter((line) => !/^\s*--/.test(line))
        .join('\n'),
    );
    const backfilled = await db.query(STORED);
    expect(backfilled).toEqual(await db.query(EXPECTED));
    expect(backfilled.map((row) => (row as { mismatch: boolean }).mismatch)).toEqual([true, true, false]);
    // The server's own refresh agrees with the backfill (and rewrites nothing).
    expect(await refreshJoined(db, 'true', [])).toBe(0);
  });
});
