/** Throwaway databases for the server benches: PGlite in a temporary folder, or a database of its own on DATABASE_URL's server. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../server/src/db';

export interface BenchDb {
  /** "PGlite" or "PostgreSQL 15" (the major version the server reports). */
  label: string;
  db: Db;
  /** Closes the database and removes it (the folder, or the database on the server). */
  dispose(): Promise<void>;
}

export async function openPgliteBench(prefix: string): Promise<BenchDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const db = openDb({ dataDir });
  return {
    label: 'PGlite',
    db,
    async dispose() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A database of its own on the server DATABASE_URL names, dropped afterwards: the bench never touches other data.
 * `name` is lower-case letters, digits and underscores (it is spliced into DDL); the process id is appended.
 */
export async function openPostgresBench(url: string, name: string): Promise<BenchDb> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name not allowed: ${name}`);
  const own = `${name}_${process.pid}`;
  const admin = openDb({ databaseUrl: url });
  await admin.exec(`DROP DATABASE IF EXISTS ${own}`);
  await admin.exec(`CREATE DATABASE ${own}`);
  const [version] = await admin.query<{ server_version_num: string }>('SHOW server_version_num');
  const major = Math.floor(Number(version?.server_version_num ?? 0) / 10_000);
  const target = new URL(url);
  target.pathname = `/${own}`;
  const db = openDb({ databaseUrl: target.toString() });
  return {
    label: `PostgreSQL ${major}`,
    db,
    async dispose() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${own}`);
      await admin.close();
    },
  };
}
