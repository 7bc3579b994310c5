/**
 * The dashboard at scale (opt-in: `node tools/bench/run.js --dashboard`): a PGlite database seeded in SQL with
 * 100,000 calls of 200 agents (95% joined to a CDR), then the dashboard's first load (HTML + data, server time) and
 * filter changes through the real app, timed as p50/p95.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app';
import { openDb } from '../../server/src/db';
import { createSession, createStaff } from '../../server/src/identity';
import { migrate } from '../../server/src/migrate';
import { createTcccApi } from '../../server/src/tcccApi';
import { createWechatApi } from '../../server/src/wechatApi';
import type { ServerConfig } from '../../server/src/config';

const CALLS = Number(process.env['DASHBOARD_BENCH_CALLS'] ?? 100_000);
const AGENTS = 200;
const NOW = Date.parse('2026-12-01T18:00:00+08:00');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function dashboardBench(log: (line: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-bench-'));
  const db = openDb({ dataDir: dir });
  try {
    await migrate(db);
    const seedStart = performance.now();
    await db.query(
      `INSERT INTO users (role, name, seat_user_id, created_at)
       SELECT 'agent', '坐席' || g, 'seat' || g || '@example.com', $1 FROM generate_series(1, ${AGENTS}) g`,
      [NOW],
    );
    // Calls spread over 30 days; every 20th has no CDR yet; statuses cycle as a typical day's mix.
    await db.query(
      `INSERT INTO calls (agent_id, call_id, revision, uui, uui_call_id, session_id, phone, name, started_at, returned_at,
         state, duration, close_by, outcome, note, received_at)
       SELECT 1 + (g % ${AGENTS}), 'c' || g, 1, 'td1.c' || g, 'c' || g, 's' || g,
         '139' || lpad((g * 7919 % 100000000)::text, 8, '0'), '客户' || g,
         $1 - (g::bigint * 30 * 86400000 / ${CALLS}), $1 - (g::bigint * 30 * 86400000 / ${CALLS}) + 60000,
         CASE WHEN g % 5 < 2 THEN 'connected' ELSE 'placed-not-connected' END,
         CASE WHEN g % 5 < 2 THEN 30 + g % 300 ELSE 0 END, 'client',
         CASE WHEN g % 7 = 0 THEN '' WHEN g % 5 < 2 THEN '有意向' ELSE '未接通' END,
         CASE WHEN g % 9 = 0 THEN '备注' || g ELSE '' END, $1
       FROM generate_series(1, ${CALLS}) g`,
      [NOW],
    );
    await db.query(
      `INSERT INTO cdrs (session_id, sdk_app_id, uui, uui_call_id, seat_user_id, end_status_string, duration,
         hung_up_side, start_ts, source, raw, received_at)
       SELECT 's' || g, '1400000000', 'td1.c' || g, 'c' || g, 'seat' || (1 + (g % ${AGENTS})) || '@example.com',
         (ARRAY['ok','ok','notAnswer','busy','userReject'])[1 + g % 5], CASE WHEN g % 5 < 2 THEN 28 + g % 300 ELSE 0 END,
         CASE WHEN g % 2 = 0 THEN 'user' ELSE 'seat' END, ($1 - (g::bigint * 30 * 86400000 / ${CALLS})) / 1000,
         'push', '{}', $1
       FROM generate_series(1, ${CALLS}) g WHERE g % 20 <> 0`,
      [NOW],
    );
    await db.query('ANALYZE');
    log(
      `seeded ${CALLS} calls / ${AGENTS} agents on PGlite in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const supervisor = await createStaff(
      db,
      { username: 'bench', name: '主管', password: 'bench-password-1', role: 'supervisor' },
      NOW,
    );
    const session = await createSession(db, supervisor ?? 0, 'web', NOW);
    const config = { tcccSdkAppId: '1400000000', tcccEndpoint: '127.0.0.1:1', tcccProtocol: 'http://' } as ServerConfig;
    const app = buildApp({
      config,
      db,
      now: () => NOW,
      tccc: createTcccApi(config),
      wechat: createWechatApi('http://127.0.0.1:1', 'wx', 'secret'),
      sleep: async () => undefined,
    });
    await app.ready();
    const headers = { cookie: `td_session=${session.token}` };
    const time = async (url: string, runs: number) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const start = performance.now();
        const response = await app.inject({ method: 'GET', url, headers });
        times.push(performance.now() - start);
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
      }
      return times;
    };
    const rows: [string, string][] = [
      ['first load: 近7天, all agents (HTML + KPIs + chart + agent table + 50 rows)', '/dashboard/calls?preset=7d'],
      ['filter: one agent, 近30天', '/dashboard/calls?preset=30d&agent=17'],
      ['filter: TCCC 忙线, 近7天', '/dashboard/calls?preset=7d&status=busy'],
      ['filter: number contains 4567, 近30天', '/dashboard/calls?preset=30d&phone=4567'],
      ['filter: mismatch only, 近30天', '/dashboard/calls?preset=30d&mismatch=1'],
      ['sort: talk time, 近7天', '/dashboard/calls?preset=7d&sort=talk'],
      ['JSON: /api/calls first page (50)', '/api/calls?limit=50'],
    ];
    log('| request | p50 ms | p95 ms |');
    log('| --- | ---: | ---: |');
    for (const [label, url] of rows) {
      await time(url, 2);
      const times = await time(url, 20);
      log(`| ${label} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} |`);
    }
    await app.close();
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
