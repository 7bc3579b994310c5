/** A fresh, migrated database per test file: in-memory PGlite, or a throwaway database on DATABASE_URL's server. */

import crypto from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db';
import { migrate } from '../../src/migrate';

export interface TestDb {
  db: Db;
  /** The database's URL on PostgreSQL (for a server run as a child process); null on in-memory PGlite. */
  url: string | null;
  /** Opens another connection pool to the same database (a second server instance); PGlite has none. */
  openAnother(): Db | null;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const url = process.env['DATABASE_URL'];
  if (url === undefined || url === '') {
    const db = openDb({ memory: true });
    await migrate(db);
    return { db, url: null, openAnother: () => null, drop: () => db.close() };
  }
  const name = `td_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = openDb({ databaseUrl: target.toString() });
  await migrate(db);
  const others: Db[] = [];
  return {
    db,
    url: target.toString(),
    openAnother() {
      const other = openDb({ databaseUrl: target.toString() });
      others.push(other);
      return other;
    },
    async drop() {
      for (const other of others) await other.close();
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
      await cleanup.end();
    },
  };
}
