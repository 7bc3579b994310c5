/**
 * The team server's benchmark (`npm run bench -- --server-only`): CDR push ingest per second against the naive design,
 * and POST /api/calls/batch with 100 calls, on PGlite and (when DATABASE_URL is set) on PostgreSQL in the same run;
 * writes its section of docs/benchmarks.md.
 */

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app';
import type { ServerConfig } from '../../server/src/config';
import { readCdr } from '../../server/src/cdr';
import { claimPush, upsertCdr } from '../../server/src/cdrStore';
import type { Db } from '../../server/src/db';
import { createAgent, createSession } from '../../server/src/identity';
import { migrate, readMigrations } from '../../server/src/migrate';
import { createTcccApi } from '../../server/src/tcccApi';
import { createWechatApi } from '../../server/src/wechatApi';
import { openPgliteBench, openPostgresBench, type BenchDb } from './benchDb';
import { spliceSection } from './slowPhoneReport';

const ROOT = path.resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
/** Pushes already stored when the measured ones arrive: about a day of a 1,000-seat center's outbound calls. */
const PREFILLED = QUICK ? 5_000 : 20_000;
const PUSHES = QUICK ? 300 : 1_000;
const BATCHES = QUICK ? 5 : 20;
const SDK_APP_ID = '1400123456';
const PUSH_SECRET = 'bench-push-secret-0123';
const SECTION_HEADER = '## Team server: CDR push ingest and the call batch (PGlite and PostgreSQL)';
/** The header this section had while it measured PGlite only: renamed in place, so the section keeps its position. */
const OLD_SECTION_HEADER = '## Team server (PGlite)';

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

interface Measured {
  label: string;
  ours: number;
  naive: number;
  route: number;
  batchMs: number;
}

async function measure(target: BenchDb): Promise<Measured> {
  const { db } = target;
  // Bundled, __dirname is .tmp/bench: the migrations are read from the repository.
  await migrate(db, readMigrations(path.join(ROOT, 'server', 'migrations')));
  await prefill(db);
  const cfg = config(os.tmpdir());
  const app = buildApp({
    config: cfg,
    db,
    now: Date.now,
    tccc: createTcccApi(cfg),
    wechat: createWechatApi(cfg.wxApiBase, cfg.wxAppId, cfg.wxSecret),
    sleep: async () => undefined,
  });
  await app.ready();
  try {
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
    return {
      label: target.label,
      ours: Math.max(...ours),
      naive: Math.max(...naive),
      route: Math.max(...route),
      batchMs: median(batchMs),
    };
  } finally {
    await app.close();
  }
}

/** The issue's goals for push ingest through the route, per database. */
const ROUTE_GOAL: Record<string, number> = { PGlite: 200 };
const POSTGRES_ROUTE_GOAL = 1_000;

function goalLine(results: Measured[]): string {
  const parts = results.map((m) => {
    const goal = ROUTE_GOAL[m.label] ?? POSTGRES_ROUTE_GOAL;
    const met = m.route >= goal ? 'met' : '**not met**';
    return `${m.label} ${m.route.toFixed(0)} /s against ≥ ${goal.toLocaleString('en')} /s, ${met}`;
  });
  return `Route ingest goals in this run: ${parts.join('; ')}.`;
}

/** One column per database. */
function tableOf(results: Measured[]): string {
  const perSec = (value: number) => `${value.toFixed(0)} /s`;
  const rows: [string, (m: Measured) => string, string][] = [
    ['push ingest, ours (claim id + upsert by SessionId, one transaction)', (m) => perSec(m.ours), ''],
    ['push ingest, naive (id looked up in an unindexed table, one transaction)', (m) => perSec(m.naive), ''],
    ['ours ÷ naive', (m) => `${(m.ours / m.naive).toFixed(1)}×`, ''],
    [
      'push ingest through the route (auth, parse, ack after commit; in-process inject)',
      (m) => perSec(m.route),
      'goal ≥ 200 /s on PGlite, ≥ 1,000 /s on PostgreSQL',
    ],
    [`POST /api/calls/batch, 100 new calls (median of ${BATCHES})`, (m) => `${m.batchMs.toFixed(1)} ms`, ''],
  ];
  return [
    `| case | ${results.map((m) => m.label).join(' | ')} | note |`,
    `| --- | ${results.map(() => '---').join(' | ')} | --- |`,
    ...rows.map(([name, value, note]) => `| ${name} | ${results.map(value).join(' | ')} | ${note} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const openers: (() => Promise<BenchDb>)[] = [() => openPgliteBench('tccc-server-bench')];
  if (url !== undefined && url !== '') openers.push(() => openPostgresBench(url, 'tccc_server_bench'));
  // The machine is shared: the 1-minute load average, sampled while the cases run, says how busy it was.
  const loads: number[] = [os.loadavg()[0] ?? 0];
  const sampler = setInterval(() => loads.push(os.loadavg()[0] ?? 0), 2_000);
  const results: Measured[] = [];
  try {
    for (const open of openers) {
      const target = await open();
      try {
        results.push(await measure(target));
      } finally {
        await target.dispose();
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const load = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  const postgres = results.length > 1;
  const table = tableOf(results);
  const section = [
    SECTION_HEADER,
    '',
    `Command: \`server/scripts/withPostgres.sh npm run bench -- --server-only\`${QUICK ? ' --quick' : ''} (without DATABASE_URL only PGlite runs). PGlite in a temporary folder (files, not memory)${postgres ? "; PostgreSQL from Debian in a throwaway cluster on a Unix socket, fsync off (commits are not flushed to disk, which flatters it), in a database of its own dropped afterwards, through the server's `pg` pool" : '; PostgreSQL not measured in this run (DATABASE_URL unset)'}. On each, ${PREFILLED.toLocaleString('en')} earlier pushes already stored, ${PUSHES.toLocaleString('en')} pushes per case, one at a time (TCCC pushes each CDR once), the better of two alternating rounds; the databases run one after the other in the same run. The naive design keeps every push in one table and looks its id up without an index, one transaction per push, as the issue describes it. Machine: ${os.cpus().length} cores shared with other work, 1-minute load average ${load} during the run. \`GET /api/calls\` and \`/api/stats\` on a seeded team (100,000 calls on PGlite, 1,000,000 on PostgreSQL) are the next section's (\`--server-scale\`).`,
    '',
    table,
    '',
    goalLine(results),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n${goalLine(results)}\nload average (1 min): ${load}\n`);
  if (!QUICK) {
    const doc = path.join(ROOT, 'docs', 'benchmarks.md');
    const read = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
    const before = read.includes(`${SECTION_HEADER}\n`)
      ? read
      : read.replace(`${OLD_SECTION_HEADER}\n`, `${SECTION_HEADER}\n`);
    fs.writeFileSync(doc, spliceSection(before, section, SECTION_HEADER));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`server bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
