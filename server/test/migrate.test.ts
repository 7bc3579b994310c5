/** Migrations: applied once in order, recorded with a schema version, idempotent on restart. */

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

  it('splits a script into statements and drops comment lines', () => {
    expect(splitStatements('-- a comment\nCREATE TABLE a (x int);\n\nCREATE INDEX b ON a (x);\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX b ON a (x)',
    ]);
  });
});
