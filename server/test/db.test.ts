/** The data layer: the driver the environment asks for, bigint as numbers, rollback, and the advisory lock. */

import { createTestDb, type TestDb } from './helpers/testDb';

describe('data layer', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(() => testDb.drop());

  it('uses PostgreSQL through pg when DATABASE_URL is set, PGlite otherwise', async () => {
    const expected = process.env['DATABASE_URL'] ? 'postgres' : 'pglite';
    expect(testDb.db.kind).toBe(expected);
    const [row] = await testDb.db.query<{ version: string }>('SELECT version() AS version');
    expect(row?.version).toMatch(expected === 'pglite' ? /PGlite/ : /^PostgreSQL 1\d\./);
  });

  it('reads bigint and count(*) as numbers, epoch milliseconds exactly', async () => {
    const [row] = await testDb.db.query<{ ms: number; n: number }>(
      'SELECT $1::bigint AS ms, count(*) AS n FROM users',
      [1_764_554_400_123],
    );
    expect(row).toEqual({ ms: 1_764_554_400_123, n: 0 });
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      testDb.db.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO push_log (push_uuid, action, session_id, received_at) VALUES ('t1', 'cdr', 's', 1)",
        );
        throw new Error('fail after the first write');
      }),
    ).rejects.toThrow('fail after the first write');
    expect(await testDb.db.query("SELECT 1 FROM push_log WHERE push_uuid = 't1'")).toEqual([]);
  });

  it('lets one holder at a time run under an advisory lock (two instances on PostgreSQL)', async () => {
    // On PGlite the data folder belongs to one process, so "another instance" is the same database object.
    const other = testDb.openAnother() ?? testDb.db;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = testDb.db.withAdvisoryLock(42, async () => {
      entered();
      await held;
      return 'first ran';
    });
    await inside;
    expect(await other.withAdvisoryLock(42, async () => 'second ran')).toBeNull();
    // Other keys and ordinary queries are not blocked meanwhile.
    expect(await other.withAdvisoryLock(43, async () => 'other key')).toBe('other key');
    expect(await testDb.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    release();
    expect(await first).toBe('first ran');
    expect(await other.withAdvisoryLock(42, async () => 'again')).toBe('again');
  });
});
