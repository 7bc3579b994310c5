/**
 * The team server's benchmark (`npm run bench -- --server-only`): CDR push ingest per second on PGlite against the
 * naive design, and POST /api/calls/batch with 100 calls; writes its section of docs/benchmarks.md.
 */

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app';
import type { ServerConfig } from '../../server/src/config';
import { readCdr } from '../../server/src/cdr';
import { claimPush, upsertCdr } from '../../server/src/cdrStore';
import { openDb, type Db } from '../../server/src/db';
import { createAgent, createSession } from '../../server/src/identity';
import { migrate, readMigrations } from '../../server/src/migrate';
import { createTcccApi } from '../../server/src/tcccApi';
import { createWechatApi } from '../../server/src/wechatApi';
import { spliceSection } from './slowPhoneReport';

const ROOT = path.resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
/** Pushes already stored when the measured ones arrive: about a day of a 1,000-seat center's outbound calls. */
const PREFILLED = QUICK ? 5_000 : 20_000;
const PUSHES = QUICK ? 300 : 1_000;
const BATCHES = QUICK ? 5 : 20;
const SDK_APP_ID = '1400123456';
const PUSH_SECRET = 'bench-push-secret-0123';
const SECTION_HEADER = '## Team server (PGlite)';

function cdrBody(i: number): string {
  return JSON.stringify({
    SdkAppId: Number(SDK_APP_ID),
    SessionId: `bench-${i}`,
    Uui: `td1.b${String(i).padStart(9, '0')}`,
    StartTimestamp: 1_764_554_400 + i,
    EndedTimestamp: 1_764_554_460 + i,
    EndStatusString: i % 3 === 0 ? 'busy' : 'ok',
    Duration: i % 3 === 0 ? 0 : 45,
    Caller: '008602150000000',
    Callee: '008613800138000',
    SeatUser: { UserId: 'agent@example.com', Mail: 'agent@example.com' },
  });
}

/** Earlier pushes, written in one statement each table: the tables' size is what the de-duplication meets. */
async function prefill(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO push_log (push_uuid, action, session_id, received_at)
     SELECT 'old-' || g, 'cdr', 'old-' || g, 0 FROM generate_series(1, $1) AS g`,
    [PREFILLED],
  );
  await db.query(
    `INSERT INTO cdrs (session_id, sdk_app_id, end_status_string, source, raw, received_at)
     SELECT 'old-' || g, $2, 'ok', 'push', '{}', 0 FROM generate_series(1, $1) AS g`,
    [PREFILLED, SDK_APP_ID],
  );
  await db.exec(`CREATE TABLE naive_pushes (push_uuid text, session_id text, raw text, received_at bigint)`);
  await db.query(`INSERT INTO naive_pushes SELECT 'old-' || g, 'old-' || g, '{}', 0 FROM generate_series(1, $1) AS g`, [
    PREFILLED,
  ]);
}

/** The naive design: one transaction per push, the push id looked up in a table with no index, the raw body kept. */
async function naivePush(db: Db, uuid: string, body: string): Promise<void> {
  const value = JSON.parse(body) as { SessionId: string };
  await db.transaction(async (tx) => {
    const seen = await tx.query('SELECT 1 FROM naive_pushes WHERE push_uuid = $1', [uuid]);
    if (seen.length > 0) return;
    await tx.query('INSERT INTO naive_pushes VALUES ($1, $2, $3, $4)', [uuid, value.SessionId, body, Date.now()]);
  });
}

/** Ours at the data layer: what the push route does after auth (read leniently, claim the id, upsert by SessionId). */
async function ourPush(db: Db, uuid: string, body: string): Promise<void> {
  const read = readCdr(JSON.parse(body) as unknown);
  if (!read.ok) throw new Error(read.reason);
  await db.transaction(async (tx) => {
    if (!(await claimPush(tx, uuid, 'cdr', read.value.sessionId, Date.now()))) return;
    await upsertCdr(tx, read.value, body, 'push', Date.now());
  });
}

async function perSecond(count: number, run: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await run(i);
  return count / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function config(dataDir: string): ServerConfig {
  return {
    tcccSecretId: 'AKIDbench',
    tcccSecretKey: 'bench-secret-key',
    tcccSdkAppId: SDK_APP_ID,
    tcccPushSecret: PUSH_SECRET,
    wxAppId: 'wx0123456789abcdef',
    wxSecret: 'bench-wx-secret',
    adminPassword: 'bench-admin-password',
    databaseUrl: null,
    dataDir,
    port: 0,
    tcccEndpoint: '127.0.0.1:1',
    tcccProtocol: 'http://',
    wxApiBase: 'http://127.0.0.1:1',
  };
}

function batchCalls(round: number): Record<string, unknown>[] {
  return Array.from({ length: 100 }, (_, i) => {
    const id = `r${String(round).padStart(3, '0')}${String(i).padStart(6, '0')}`;
    return {
      id,
      revision: 1,
      uui: `td1.${id}`,
      sessionId: crypto.randomUUID(),
      phone: '13812345678',
      name: '王先生',
      startedAt: Date.now() - 60_000,
      returnedAt: Date.now(),
      state: 'connected',
      duration: 42,
      closeBy: 'client',
      outcome: '',
      note: '',
    };
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tccc-server-bench-'));
  const db = openDb({ dataDir });
  try {
    // Bundled, __dirname is .tmp/bench: the migrations are read from the repository.
    await migrate(db, readMigrations(path.join(ROOT, 'server', 'migrations')));
    await prefill(db);
    const cfg = config(dataDir);
    const app = buildApp({
      config: cfg,
      db,
      now: Date.now,
      tccc: createTcccApi(cfg),
      wechat: createWechatApi(cfg.wxApiBase, cfg.wxAppId, cfg.wxSecret),
      sleep: async () => undefined,
    });
    await app.ready();
    const basic = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;
    const viaRoute = (offset: number) => async (i: number) => {
      const response = await app.inject({
        method: 'POST',
        url: '/tccc/push?action=cdr&version=1',
        headers: {
          authorization: basic,
          'content-type': 'application/json;charset=utf8',
          'x-tccc-push-uuid': `route-${offset + i}`,
        },
        payload: cdrBody(offset + i),
      });
      if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}`);
    };
    // Warm-up, then the three side by side in one run, twice alternating; the better of the two is kept.
    await perSecond(50, (i) => ourPush(db, `warm-${i}`, cdrBody(900_000 + i)));
    await perSecond(50, (i) => naivePush(db, `warm-${i}`, cdrBody(900_000 + i)));
    const ours: number[] = [];
    const naive: number[] = [];
    const route: number[] = [];
    for (let round = 0; round < 2; round++) {
      const base = 100_000 * (round + 1);
      ours.push(await perSecond(PUSHES, (i) => ourPush(db, `ours-${base + i}`, cdrBody(base + i))));
      naive.push(await perSecond(PUSHES, (i) => naivePush(db, `naive-${base + i}`, cdrBody(base + i))));
      route.push(await perSecond(PUSHES, viaRoute(base + 50_000)));
    }
    const agentId = (await createAgent(db, { name: '坐席', seatUserId: 'agent@example.com' }, Date.now())) ?? 0;
    const session = await createSession(db, agentId, 'agent', Date.now());
    const batchMs: number[] = [];
    for (let round = 0; round < BATCHES; round++) {
      const calls = batchCalls(round);
      const started = performance.now();
      const response = await app.inject({
        method: 'POST',
        url: '/api/calls/batch',
        headers: { authorization: `Bearer ${session.token}` },
        payload: { calls },
      });
      batchMs.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`batch answered ${response.statusCode}: ${response.body}`);
    }
    await app.close();

    const best = (values: number[]) => Math.max(...values);
    const oursBest = best(ours);
    const naiveBest = best(naive);
    const rows = [
      ['push ingest, ours (claim id + upsert by SessionId, one transaction)', `${oursBest.toFixed(0)} /s`, ''],
      ['push ingest, naive (id looked up in an unindexed table, one transaction)', `${naiveBest.toFixed(0)} /s`, ''],
      ['ours ÷ naive', `${(oursBest / naiveBest).toFixed(1)}×`, ''],
      [
        'push ingest through the route (auth, parse, ack after commit; in-process inject)',
        `${best(route).toFixed(0)} /s`,
        'goal ≥ 200 /s',
      ],
      [`POST /api/calls/batch, 100 new calls (median of ${BATCHES})`, `${median(batchMs).toFixed(1)} ms`, ''],
    ];
    const table = [
      '| case | result | note |',
      '| --- | --- | --- |',
      ...rows.map(([name, value, note]) => `| ${name} | ${value} | ${note} |`),
    ].join('\n');
    const section = [
      SECTION_HEADER,
      '',
      `Command: \`npm run bench -- --server-only\`${QUICK ? ' --quick' : ''}. PGlite in a temporary folder (files, not memory), ${PREFILLED.toLocaleString('en')} earlier pushes already stored, ${PUSHES.toLocaleString('en')} pushes per case, one at a time (TCCC pushes each CDR once), the better of two alternating rounds. The naive design keeps every push in one table and looks its id up without an index, one transaction per push, as the issue describes it. Not measured here: push ingest on PostgreSQL. \`GET /api/calls\` and \`/api/stats\` on a seeded team (100,000 calls on PGlite, 1,000,000 on PostgreSQL) are the next section's (\`--server-scale\`).`,
      '',
      table,
      '',
    ].join('\n');
    process.stdout.write(`${table}\n`);
    if (!QUICK) {
      const doc = path.join(ROOT, 'docs', 'benchmarks.md');
      const before = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
      fs.writeFileSync(doc, spliceSection(before, section, SECTION_HEADER));
    }
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`server bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
