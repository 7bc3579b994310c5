/**
 * The team server at scale (`npm run bench -- --server-scale`, opt-in): a seeded team (100,000 calls on PGlite, and
 * 1,000,000 on PostgreSQL when DATABASE_URL is set), GET /api/calls and /api/stats and the supervisors' dashboard
 * pages (HTML + data) timed in-process (server time through inject) beside the naive query (no index, OFFSET paging)
 * in the same run; writes its section of docs/benchmarks.md.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app';
import type { ServerConfig } from '../../server/src/config';
import { JOINED_COLUMNS, REFERENCE_CDR_JOIN } from '../../server/src/callStore';
import type { Db } from '../../server/src/db';
import { createSession, createStaff } from '../../server/src/identity';
import { migrate, readMigrations } from '../../server/src/migrate';
import { createTcccApi } from '../../server/src/tcccApi';
import { createWechatApi } from '../../server/src/wechatApi';
import { openPgliteBench, openPostgresBench } from './benchDb';
import { seatOf, seedTeam, type SeedMix } from './serverSeed';
import { spliceSection } from './slowPhoneReport';

const ROOT = path.resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
const SECTION_HEADER = '## Team server at scale (seeded team, GET /api/calls and /api/stats)';
const AGENTS = 200;
const DAYS = 35;
const DAY_MS = 86_400_000;
/** Pinned: the seeded month ends on 2026-12-05 (Shanghai); the server's clock is that evening. */
const FIRST_DAY = Date.parse('2026-11-01T00:00:00+08:00');
const NOW = FIRST_DAY + (DAYS - 1) * DAY_MS + 20 * 3_600_000;
/** The 待回拨 card counts bookings due before the end of the pinned day. */
const END_OF_TODAY = FIRST_DAY + DAYS * DAY_MS;
/** The dashboard opens on 近7天: the last seven Shanghai days. */
const WEEK = { from: FIRST_DAY + (DAYS - 7) * DAY_MS, to: FIRST_DAY + DAYS * DAY_MS };
const MONTH = { from: FIRST_DAY + (DAYS - 30) * DAY_MS, to: FIRST_DAY + DAYS * DAY_MS };
const RUNS = QUICK ? 8 : 40;
const NAIVE_RUNS = QUICK ? 3 : 10;
const WARM_UP = 3;
const PAGE = 50;
/** The deep page: cursor against OFFSET (PAGE × (DEEP - 1)). */
const DEEP = QUICK ? 6 : 21;

interface Target {
  label: string;
  calls: number;
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

interface Case {
  name: string;
  /** Query string of GET /api/calls or /api/stats (ours, through the route). */
  ours: () => string;
  /** The naive query on the unindexed copy (SQL and parameters). */
  naive: () => [string, unknown[]];
  /** A dashboard page's other queries (its numbers, its callbacks due), timed with the first. */
  naiveAlso?: () => [string, unknown[]][];
}

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

interface Row {
  name: string;
  ours: Timing;
  naive: Timing;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const timing = (values: number[]): Timing => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  runs: values.length,
});

function config(dataDir: string): ServerConfig {
  return {
    tcccSecretId: 'AKIDbench',
    tcccSecretKey: 'bench-secret-key',
    tcccSdkAppId: '1400123456',
    tcccPushSecret: 'bench-push-secret-0123',
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

function postgresTarget(url: string, calls: number): Target {
  return { label: 'PostgreSQL 15', calls, open: () => openPostgresBench(url, 'tccc_scale_bench') };
}

function pgliteTarget(calls: number): Target {
  return { label: 'PGlite', calls, open: () => openPgliteBench('tccc-scale-bench') };
}

/** The naive list: the same columns, the first join, on a copy of calls with no index, paged with OFFSET. */
function naiveList(where: string[], params: unknown[], offset: number, byTalk = false): [string, unknown[]] {
  const order = byTalk ? 'coalesce(d.duration, c.duration, -1) DESC, ' : '';
  return [
    `SELECT c.agent_id, u.name AS agent_name, c.call_id, c.revision, c.phone, c.name, c.started_at, c.returned_at,
       c.state, c.duration, c.close_by, c.outcome, c.note, c.session_id, ${JOINED_COLUMNS}
     FROM naive_calls c JOIN users u ON u.id = c.agent_id ${REFERENCE_CDR_JOIN}
     WHERE ${where.join(' AND ')}
     ORDER BY ${order}c.started_at DESC, c.agent_id DESC, c.call_id DESC LIMIT ${PAGE} OFFSET ${offset}`,
    params,
  ];
}

/**
 * Totals per Shanghai day and agent (GET /api/stats), or also per outcome (the dashboard's KPIs, per-day chart and
 * per-agent table with its outcome split), each call joined to its CDR by the first rule.
 */
function naiveTotals(where: string[], params: unknown[], byOutcome = false): [string, unknown[]] {
  const outcome = byOutcome ? ', c.outcome' : '';
  return [
    `SELECT to_char(to_timestamp(c.started_at / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
       c.agent_id, u.name AS agent_name${outcome}, count(*)::int AS calls,
       count(*) FILTER (WHERE CASE WHEN d.cdr_session_id IS NOT NULL THEN d.end_status_string = 'ok'
                                   ELSE c.duration > 0 AND c.duration <= 86400 END)::int AS connected,
       coalesce(sum(CASE WHEN d.cdr_session_id IS NOT NULL THEN d.duration
                         WHEN c.duration <= 86400 THEN c.duration END), 0)::int AS talk
     FROM naive_calls c JOIN users u ON u.id = c.agent_id ${REFERENCE_CDR_JOIN}
     WHERE ${where.join(' AND ')}
     GROUP BY 1, c.agent_id, u.name${outcome}${byOutcome ? '' : ' ORDER BY 1, c.agent_id'}`,
    params,
  ];
}

/** The 待回拨 card as first written: the range's calls joined to their bookings, open ones due by tonight counted. */
function naiveCallbacks(where: string[], params: unknown[]): [string, unknown[]] {
  const n = params.length;
  return [
    `SELECT count(*)::int AS due, count(*) FILTER (WHERE cb.due_at < $${n + 2})::int AS overdue
     FROM naive_calls c JOIN users u ON u.id = c.agent_id ${REFERENCE_CDR_JOIN}
       JOIN callback_reminders cb ON cb.agent_id = c.agent_id AND cb.call_id = c.call_id
     WHERE ${where.join(' AND ')} AND cb.status = 'open' AND cb.due_at < $${n + 1}`,
    [...params, END_OF_TODAY, NOW],
  ];
}

/** Only the calls with an open booking due by tonight (the card's link, callback=due), for a naive WHERE. */
const NAIVE_CALLBACK_DUE = (p: string) => `EXISTS (SELECT 1 FROM callback_reminders cb
  WHERE cb.agent_id = c.agent_id AND cb.call_id = c.call_id AND cb.status = 'open' AND cb.due_at < ${p})`;

const MISMATCH = `d.cdr_session_id IS NOT NULL AND c.duration IS NOT NULL
  AND (c.duration > 0) <> (d.end_status_string = 'ok')`;

async function measureTarget(target: Target, log: (line: string) => void): Promise<{ mix: SeedMix; rows: Row[] }> {
  const { db, dispose } = await target.open();
  try {
    await migrate(db, readMigrations(path.join(ROOT, 'server', 'migrations')));
    const seedStarted = performance.now();
    const mix = await seedTeam(db, {
      calls: target.calls,
      agents: AGENTS,
      days: DAYS,
      firstDay: FIRST_DAY,
      now: NOW,
      chunk: target.label === 'PGlite' ? 25_000 : 100_000,
      onProgress: (n) => log(`${target.label}: ${n.toLocaleString('en')} calls seeded`),
    });
    log(`${target.label}: seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s ${JSON.stringify(mix)}`);
    // The naive design: the same rows in a table with no index at all (not even a primary key).
    await db.exec('CREATE TABLE naive_calls AS SELECT * FROM calls; ANALYZE naive_calls');

    const [agent] = await db.query<{ id: number }>('SELECT id FROM users WHERE seat_user_id = $1', [seatOf(17)]);
    const staffId = await createStaff(
      db,
      { username: 'bench', name: '主管', password: 'bench-password-123', role: 'supervisor' },
      NOW,
    );
    if (agent === undefined || staffId === null) throw new Error('seed: agent or supervisor missing');
    const session = await createSession(db, staffId, 'web', NOW);
    const cfg = config(os.tmpdir());
    const app = buildApp({
      config: cfg,
      db,
      now: () => NOW,
      tccc: createTcccApi(cfg),
      wechat: createWechatApi(cfg.wxApiBase, cfg.wxAppId, cfg.wxSecret),
      sleep: async () => undefined,
    });
    await app.ready();
    const get = async (url: string): Promise<{ ms: number; body: { nextCursor?: string | null } }> => {
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url, headers: { cookie: `td_session=${session.token}` } });
      const ms = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
      // The dashboard's pages are HTML (the page is the data); the API answers JSON.
      const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
      return { ms, body: json ? response.json() : {} };
    };
    const sql = async (...queries: [string, unknown[]][]): Promise<number> => {
      const started = performance.now();
      for (const [text, params] of queries) await db.query(text, params);
      return performance.now() - started;
    };

    const week = `from=${WEEK.from}&to=${WEEK.to}`;
    const weekWhere = ['c.started_at >= $1', 'c.started_at < $2'];
    const weekParams = [WEEK.from, WEEK.to];
    // The cursor of the first page, and of the deep page, taken from our own answers.
    const first = await get(`/api/calls?${week}`);
    let deepCursor = first.body.nextCursor ?? '';
    for (let page = 2; page < DEEP; page++) {
      deepCursor = (await get(`/api/calls?${week}&cursor=${deepCursor}`)).body.nextCursor ?? '';
    }
    // The talk-time order's next-page cursor, read from the pager link of the rows part.
    const talkPart = await app.inject({
      method: 'GET',
      url: '/dashboard/calls?preset=7d&sort=talk&part=rows',
      headers: { cookie: `td_session=${session.token}` },
    });
    const talkCursor = /cursor=([\w-]+)"/.exec(talkPart.body)?.[1];
    if (talkCursor === undefined) throw new Error('the talk-time rows part has no next-page link');
    const phoneDigits = '5678';
    const monthWhere = ['c.started_at >= $1', 'c.started_at < $2'];
    const monthParams = [MONTH.from, MONTH.to];
    /** A dashboard page: its 50 rows and its numbers over the whole filtered set. */
    const page = (where: string[], params: unknown[], byTalk = false): Pick<Case, 'naive' | 'naiveAlso'> => ({
      naive: () => naiveList(where, params, 0, byTalk),
      naiveAlso: () => [naiveTotals(where, params, true), naiveCallbacks(where, params)],
    });
    const cases: Case[] = [
      {
        name: 'calls, first page (近7天)',
        ours: () => `/api/calls?${week}`,
        naive: () => naiveList(weekWhere, weekParams, 0),
      },
      {
        name: 'calls, next page',
        ours: () => `/api/calls?${week}&cursor=${first.body.nextCursor ?? ''}`,
        naive: () => naiveList(weekWhere, weekParams, PAGE),
      },
      {
        name: `calls, page ${DEEP} (cursor vs OFFSET ${(DEEP - 1) * PAGE})`,
        ours: () => `/api/calls?${week}&cursor=${deepCursor}`,
        naive: () => naiveList(weekWhere, weekParams, (DEEP - 1) * PAGE),
      },
      {
        name: 'filter: one agent',
        ours: () => `/api/calls?${week}&agentId=${agent.id}`,
        naive: () => naiveList([...weekWhere, 'c.agent_id = $3'], [...weekParams, agent.id], 0),
      },
      {
        name: 'filter: TCCC status busy',
        ours: () => `/api/calls?${week}&endStatus=busy`,
        naive: () => naiveList([...weekWhere, 'd.end_status_string = $3'], [...weekParams, 'busy'], 0),
      },
      {
        name: `filter: number contains "${phoneDigits}"`,
        ours: () => `/api/calls?${week}&phone=${phoneDigits}`,
        naive: () => naiveList([...weekWhere, `c.phone LIKE '%' || $3 || '%'`], [...weekParams, phoneDigits], 0),
      },
      {
        name: 'filter: phone and TCCC disagree',
        ours: () => `/api/calls?${week}&mismatch=true`,
        naive: () => naiveList([...weekWhere, MISMATCH], weekParams, 0),
      },
      {
        name: 'stats, all agents (近7天)',
        ours: () => `/api/stats?${week}`,
        naive: () => naiveTotals(weekWhere, weekParams),
      },
      {
        name: 'stats, one agent (近30天)',
        ours: () => `/api/stats?from=${MONTH.from}&to=${MONTH.to}&agentId=${agent.id}`,
        naive: () =>
          naiveTotals(['c.started_at >= $1', 'c.started_at < $2', 'c.agent_id = $3'], [MONTH.from, MONTH.to, agent.id]),
      },
      // The supervisors' dashboard: every filter change loads the page (HTML, KPIs, chart, agent table, 50 rows).
      {
        name: 'dashboard first load: 近7天 (HTML + KPIs + chart + agent table + 50 rows)',
        ours: () => '/dashboard/calls?preset=7d',
        ...page(weekWhere, weekParams),
      },
      {
        name: 'dashboard filter: one agent, 近30天',
        ours: () => `/dashboard/calls?preset=30d&agent=${agent.id}`,
        ...page([...monthWhere, 'c.agent_id = $3'], [...monthParams, agent.id]),
      },
      {
        name: 'dashboard filter: TCCC 忙线, 近7天',
        ours: () => '/dashboard/calls?preset=7d&status=busy',
        ...page([...weekWhere, 'd.end_status_string = $3'], [...weekParams, 'busy']),
      },
      {
        name: `dashboard filter: number contains "${phoneDigits}", 近30天`,
        ours: () => `/dashboard/calls?preset=30d&phone=${phoneDigits}`,
        ...page([...monthWhere, `c.phone LIKE '%' || $3 || '%'`], [...monthParams, phoneDigits]),
      },
      {
        name: 'dashboard filter: phone and TCCC disagree, 近30天',
        ours: () => '/dashboard/calls?preset=30d&mismatch=1',
        ...page([...monthWhere, MISMATCH], monthParams),
      },
      {
        name: 'dashboard filter: 待回拨 (callbacks due today or overdue), 近7天',
        ours: () => '/dashboard/calls?preset=7d&callback=due',
        ...page([...weekWhere, NAIVE_CALLBACK_DUE('$3')], [...weekParams, END_OF_TODAY]),
      },
      {
        name: 'dashboard sort: talk time, 近7天, whole page (script off: numbers recomputed)',
        ours: () => '/dashboard/calls?preset=7d&sort=talk',
        ...page(weekWhere, weekParams, true),
      },
      // What the page script requests on a sort or page change: the table and pager only (part=rows).
      {
        name: 'dashboard sort: talk time, 近7天, rows part the page requests (table + pager)',
        ours: () => '/dashboard/calls?preset=7d&sort=talk&part=rows',
        naive: () => naiveList(weekWhere, weekParams, 0, true),
      },
      {
        name: 'dashboard next page: talk time, 近7天, rows part',
        ours: () => `/dashboard/calls?preset=7d&sort=talk&cursor=${talkCursor}&part=rows`,
        naive: () => naiveList(weekWhere, weekParams, PAGE, true),
      },
    ];

    const ours = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const naive = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const firstLoad: number[] = [];
    const naiveFirstLoad: number[] = [];
    for (const c of cases) for (let i = 0; i < WARM_UP; i++) await get(c.ours());
    // Side by side: each round runs every case ours, then (for the first rounds) naive, so noise falls on both.
    for (let round = 0; round < RUNS; round++) {
      for (const c of cases) {
        ours.get(c.name)?.push((await get(c.ours())).ms);
        if (round < NAIVE_RUNS) naive.get(c.name)?.push(await sql(c.naive(), ...(c.naiveAlso?.() ?? [])));
      }
      // First load: the list's first page and the week's stats, one after the other as the page asks for them.
      firstLoad.push((await get(cases[0]?.ours() ?? '')).ms + (await get(`/api/stats?${week}`)).ms);
      if (round < NAIVE_RUNS) {
        naiveFirstLoad.push(
          (await sql(naiveList(weekWhere, weekParams, 0))) + (await sql(naiveTotals(weekWhere, weekParams))),
        );
      }
      log(`${target.label}: round ${round + 1}/${RUNS}`);
    }
    await app.close();
    const rows: Row[] = cases.map((c) => ({
      name: c.name,
      ours: timing(ours.get(c.name) ?? []),
      naive: timing(naive.get(c.name) ?? []),
    }));
    rows.push({
      name: 'first load: first page + stats (近7天)',
      ours: timing(firstLoad),
      naive: timing(naiveFirstLoad),
    });
    return { mix, rows };
  } finally {
    await dispose();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function tableOf(label: string, calls: number, rows: Row[]): string {
  return [
    `| ${label}, ${calls.toLocaleString('en')} calls | ours p50 / p95 (ms) | naive p50 / p95 (ms) | naive ÷ ours (p50) |`,
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${ms(row.ours.p50)} / ${ms(row.ours.p95)} | ${ms(row.naive.p50)} / ${ms(row.naive.p95)} | ${(
          row.naive.p50 / row.ours.p50
        ).toFixed(1)}× |`,
    ),
  ].join('\n');
}

function mixLine(label: string, mix: SeedMix): string {
  const share = (n: number) => `${((100 * n) / mix.calls).toFixed(0)}%`;
  const statuses = Object.entries(mix.byStatus)
    .map(([status, n]) => `${status} ${share(n)}`)
    .join(', ');
  return `${label}: ${mix.calls.toLocaleString('en')} calls, CDRs for ${share(mix.cdrs)} (${share(mix.joinedByUui)} joined by UUI, the rest by sessionId), recordings ${share(mix.recordings)}, notes ${share(mix.withNote)}, callback bookings ${mix.callbacks.toLocaleString('en')} (${mix.openCallbacks.toLocaleString('en')} open); TCCC statuses: ${statuses}.`;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`server scale: ${line}\n`);
  const targets = [pgliteTarget(QUICK ? 5_000 : 100_000)];
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') targets.push(postgresTarget(url, QUICK ? 20_000 : 1_000_000));
  const tables: string[] = [];
  const mixes: string[] = [];
  // The machine is shared: the 1-minute load average, sampled as each database's rounds run, says how busy it was.
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0] ?? 0), 5_000);
  for (const target of targets) {
    const { mix, rows } = await measureTarget(target, log);
    tables.push(tableOf(target.label, target.calls, rows));
    mixes.push(mixLine(target.label, mix));
    process.stdout.write(`${tables.at(-1) ?? ''}\n\n`);
  }
  clearInterval(sampler);
  const load = loads.length === 0 ? 'not sampled' : `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  const section = [
    SECTION_HEADER,
    '',
    `Command: \`server/scripts/withPostgres.sh npm run bench -- --server-scale\` (PostgreSQL ${'15'} from Debian in a throwaway cluster, fsync off; without DATABASE_URL only PGlite runs). Run on ${new Date(NOW).toISOString().slice(0, 10)}'s pinned clock with ${AGENTS} agents and ${DAYS} days of calls seeded in SQL (\`tools/bench/serverSeed.ts\`). Times are server time through Fastify's inject (auth, validation, query, masking, JSON), ${RUNS} runs after ${WARM_UP} warm-ups; the naive query runs ${NAIVE_RUNS} times, interleaved with ours in the same rounds. The API cases use the dashboard's default range, 近7天; the dashboard cases load \`/dashboard/calls\` as a filter change does (the whole page: HTML, KPI cards, per-day chart, per-agent table, 50 rows), each with the range named (the 待回拨 card's count of open callback bookings due by tonight, migration 040, runs beside the page's other queries, and the naive page counts it over its own join), except the rows named "rows part": what the page script requests on a sort or page change (\`part=rows\`, the table and pager only; the numbers cannot change with the order), whose naive counterpart is the naive list alone. TCCC's status, talk time, hung-up side and the mismatch flag are read from the call row (migration 030, kept by every write), so those filters and the talk-time sort read an index instead of joining the range. Machine: ${os.cpus().length} cores shared with other work, 1-minute load average ${load} during the run, so absolute times carry that noise; ours and naive ran interleaved under the same load.`,
    '',
    "The naive design is the query as first written: a copy of `calls` with no index at all, paged with OFFSET, each call joined to its CDR by a correlated subquery (the same CDR chosen; `server/test/joinedCdr.test.ts` checks our join against that rule on generated data), stats grouped by each call's formatted Shanghai date; for a dashboard page, its list and its numbers (grouped by day, agent and outcome) over that join. It runs directly on the database (no HTTP, no auth, no masking, so it is flattered slightly). The CDR and recording tables keep their keys (session id, the UUI index of migration 001) in both.",
    '',
    ...mixes.map((line) => `- ${line}`),
    '',
    ...tables.flatMap((table) => [table, '']),
  ].join('\n');
  if (!QUICK) {
    const doc = path.join(ROOT, 'docs', 'benchmarks.md');
    const before = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
    fs.writeFileSync(doc, spliceSection(before, section, SECTION_HEADER));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `server scale bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
