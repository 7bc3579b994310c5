/** The call ⋈ CDR join (JOINED_CDR) picks, for any mix of calls and CDRs, the CDR the plain rule picks. */

import fc from 'fast-check';
import { JOINED_CDR, JOINED_COLUMNS, REFERENCE_CDR_JOIN, joinedEndStatusIs } from '../src/callStore';
import type { Db } from '../src/db';
import { createTestDb, type TestDb } from './helpers/testDb';

const SEATS = ['a@example.com', 'b@example.com', 'c@example.com'];
const CALL_IDS = ['c000000001', 'c000000002', 'c000000003'];
const SESSIONS = ['s1', 's2', 's3', 's4'];

interface World {
  calls: { agent: number; callId: string; sessionId: string | null; uuiCallId: string | null }[];
  cdrs: {
    sessionId: string;
    uuiCallId: string | null;
    seat: string | null;
    mail: string | null;
    status: string;
    recorded: boolean;
  }[];
}

const world: fc.Arbitrary<World> = fc.record({
  calls: fc.uniqueArray(
    fc.record({
      agent: fc.integer({ min: 0, max: 1 }),
      callId: fc.constantFrom(...CALL_IDS),
      sessionId: fc.option(fc.constantFrom(...SESSIONS)),
      uuiCallId: fc.option(fc.constantFrom(...CALL_IDS)),
    }),
    { maxLength: 6, selector: (call) => `${call.agent}/${call.callId}` },
  ),
  cdrs: fc.uniqueArray(
    fc.record({
      sessionId: fc.constantFrom(...SESSIONS),
      uuiCallId: fc.option(fc.constantFrom(...CALL_IDS)),
      seat: fc.option(fc.constantFrom(...SEATS)),
      mail: fc.option(fc.constantFrom(...SEATS)),
      status: fc.constantFrom('ok', 'busy', 'notAnswer'),
      recorded: fc.boolean(),
    }),
    { maxLength: 4, selector: (cdr) => cdr.sessionId },
  ),
});

async function store(db: Db, agents: number[], w: World): Promise<void> {
  await db.exec('DELETE FROM recordings; DELETE FROM cdrs; DELETE FROM calls');
  for (const call of w.calls) {
    await db.query(
      `INSERT INTO calls (agent_id, call_id, revision, uui, uui_call_id, session_id, phone, name, started_at, state,
         close_by, outcome, note, received_at) VALUES ($1, $2, 1, '', $3, $4, '13800000000', '', 1, 'connected', '', '', '', 1)`,
      [agents[call.agent], call.callId, call.uuiCallId, call.sessionId],
    );
  }
  for (const [i, cdr] of w.cdrs.entries()) {
    await db.query(
      `INSERT INTO cdrs (session_id, sdk_app_id, uui_call_id, seat_user_id, seat_mail, end_status_string, duration,
         source, raw, received_at) VALUES ($1, '1400123456', $2, $3, $4, $5, $6, 'push', '{}', $7)`,
      // Distinct arrival times: "the latest received" is one CDR, whichever order the generator chose.
      [cdr.sessionId, cdr.uuiCallId, cdr.seat, cdr.mail, cdr.status, i * 10, 1000 + i],
    );
    if (cdr.recorded) {
      await db.query(`INSERT INTO recordings (session_id, record_id, raw, received_at) VALUES ($1, 'r', '{}', 1)`, [
        cdr.sessionId,
      ]);
    }
  }
}

const joined = (db: Db, join: string, params: unknown[] = []) =>
  db.query(
    `SELECT c.agent_id, c.call_id, ${JOINED_COLUMNS} FROM calls c JOIN users u ON u.id = c.agent_id ${join}
     ORDER BY c.agent_id, c.call_id`,
    params,
  );

describe('JOINED_CDR', () => {
  let testDb: TestDb;
  let agents: number[];
  beforeAll(async () => {
    testDb = await createTestDb();
    const rows = await testDb.db.query<{ id: number }>(
      `INSERT INTO users (role, name, seat_user_id, created_at) VALUES ('agent', 'A', $1, 0), ('agent', 'B', $2, 0)
       RETURNING id`,
      [SEATS[0], SEATS[1]],
    );
    agents = rows.map((row) => row.id);
  });
  afterAll(() => testDb.drop());

  it('joins every call to the CDR the plain rule joins (UUI with the right seat, else sessionId, latest first), and filters by its status alike', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        await store(testDb.db, agents, w);
        expect(await joined(testDb.db, JOINED_CDR)).toEqual(await joined(testDb.db, REFERENCE_CDR_JOIN));
        for (const status of ['ok', 'busy', 'notAnswer']) {
          expect(await joined(testDb.db, `${JOINED_CDR} WHERE ${joinedEndStatusIs('$1')}`, [status])).toEqual(
            await joined(testDb.db, `${REFERENCE_CDR_JOIN} WHERE d.end_status_string = $1`, [status]),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
