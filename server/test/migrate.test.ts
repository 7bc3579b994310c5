/** Migrations: applied once in order, recorded with a schema version, idempotent on restart. */

import { openDb } from '../src/db';
import { migrate, readMigrations, schemaVersion, splitStatements } from '../src/migrate';
import { createTestDb, type TestDb } from './helpers/testDb';

describe('migrate', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(() => testDb.drop());

  it('brings the database to the newest schema version, once', async () => {
    const newest = Math.max(...readMigrations().map((m) => m.version));
    expect(await schemaVersion(testDb.db)).toBe(newest);
    expect(await migrate(testDb.db)).toEqual([]);
    const rows = await testDb.db.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('040 keeps the bookings already stored: a cancelled reminder becomes a cancelled booking, the rest stay open', async () => {
    const db = openDb({ memory: true });
    try {
      await migrate(
        db,
        readMigrations().filter((m) => m.version < 40),
      );
      const [agent] = await db.query<{ id: number }>(
        "INSERT INTO users (role, name, seat_user_id, created_at) VALUES ('agent', '甲', 'a@example.com', 0) RETURNING id",
      );
      for (const [callId, state] of [
        ['m000000001', 'waiting'],
        ['m000000002', 'cancelled'],
        ['m000000003', 'sent'],
      ] as const) {
        await db.query(
          `INSERT INTO callback_reminders (agent_id, call_id, due_at, customer, template_id, state, next_attempt_at,
             created_at, updated_at) VALUES ($1, $2, 5, '张*', 'tmpl', $3, 5, 1, 2)`,
          [agent?.id, callId, state],
        );
      }
      await migrate(db, readMigrations());
      const rows = await db.query<{ call_id: string; state: string; status: string; closed_at: number | null }>(
        'SELECT call_id, state, status, closed_at FROM callback_reminders ORDER BY call_id',
      );
      expect(rows).toEqual([
        { call_id: 'm000000001', state: 'waiting', status: 'open', closed_at: null },
        { call_id: 'm000000002', state: 'cancelled', status: 'cancelled', closed_at: 2 },
        { call_id: 'm000000003', state: 'sent', status: 'open', closed_at: null },
      ]);
      // A booking without a template, reminded by the phone, now fits; an unknown state or status still does not.
      await db.query(
        `INSERT INTO callback_reminders (agent_id, call_id, due_at, customer, template_id, state, next_attempt_at,
           created_at, updated_at) VALUES ($1, 'm000000004', 5, '客户', NULL, 'phone', 5, 1, 1)`,
        [agent?.id],
      );
      await expect(
        db.query("UPDATE callback_reminders SET status = 'gone' WHERE call_id = 'm000000004'"),
      ).rejects.toThrow();
    } finally {
      await db.close();
    }
  });

  it('splits a script into statements and drops comment lines', () => {
    expect(splitStatements('-- a comment\nCREATE TABLE a (x int);\n\nCREATE INDEX b ON a (x);\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX b ON a (x)',
    ]);
  });
});
