/**
 * Seeds a team's history for the scale benchmark, all in SQL (INSERT … SELECT generate_series, in chunks): agents,
 * their calls over `days` Shanghai working days, TCCC's CDRs (most joined by UUI, some by sessionId only, some
 * missing), recordings, notes and outcomes, and the callback bookings of the 预约回拨 calls (most done by `now`).
 * Deterministic: call g always gets the same values.
 */

import { refreshJoined } from '../../server/src/callJoin';
import type { Db } from '../../server/src/db';

export interface SeedOptions {
  calls: number;
  agents: number;
  days: number;
  /** Epoch ms of the Shanghai midnight that starts the first day. */
  firstDay: number;
  /** The server's clock (epoch ms): bookings due before it are mostly done, some overdue, the later ones open. */
  now: number;
  /** Rows per statement: PGlite holds a statement's work in WASM memory. */
  chunk?: number;
  onProgress?: (seeded: number) => void;
}

export interface SeedMix {
  calls: number;
  cdrs: number;
  joinedByUui: number;
  recordings: number;
  withNote: number;
  /** Callback bookings, and how many are open (not done or cancelled). */
  callbacks: number;
  openCallbacks: number;
  byStatus: Record<string, number>;
}

/** The seeded agents' seats: seat1@example.com … */
export const seatOf = (n: number): string => `seat${n}@example.com`;

const DAY_MS = 86_400_000;
const WORK_START_MS = 9 * 3_600_000;
const WORK_MS = 9 * 3_600_000;

/**
 * Per call g, independent pseudo-random numbers (multiplicative hashes with different odd multipliers), named once
 * so the calls and the CDRs read the same values. $1 = first g, $2 = last g, $3 = calls, $4 = days, $5 = first day.
 */
const SERIES = `
  SELECT g,
    'c' || lpad(to_hex(g), 9, '0') AS call_id,
    (g::bigint * 2654435761) % 4294967296 AS h1,
    (g::bigint * 2246822519) % 4294967296 AS h2,
    (g::bigint * 3266489917) % 4294967296 AS h3,
    (g::bigint * 2869860233) % 4294967296 AS h4,
    $5::bigint + ((g - 1)::bigint * $4 / $3) * ${DAY_MS} + ${WORK_START_MS}
      + (((g - 1)::bigint * $4) % $3) * ${WORK_MS} / $3 AS started_at
  FROM generate_series($1::int, $2::int) AS g`;

/**
 * TCCC's end status of call g: 45% ok, 25% notAnswer, 12% busy, 8% userReject, 6% numberNotExist, 4% powerOff,
 * the mix an outbound campaign sees (about half of the dials connect).
 */
const STATUS = `CASE WHEN s.h1 % 100 < 45 THEN 'ok' WHEN s.h1 % 100 < 70 THEN 'notAnswer' WHEN s.h1 % 100 < 82 THEN 'busy'
  WHEN s.h1 % 100 < 90 THEN 'userReject' WHEN s.h1 % 100 < 96 THEN 'numberNotExist' ELSE 'powerOff' END`;
/** TCCC's talk time: 20 s to 5 min when connected. */
const TALK = `CASE WHEN s.h1 % 100 < 45 THEN 20 + s.h2 % 280 ELSE 0 END`;
/** 93% of calls have their CDR (the rest: pushes lost and not reconciled yet). */
const HAS_CDR = `s.h2 % 100 < 93`;
/** 1% where the phone's talk time says connected and TCCC says otherwise (a phone that guessed wrong). */
const PHONE_WRONG = `(s.h3 % 100 = 0 AND s.h1 % 100 >= 45)`;

/** The agent's outcome of a connected call, picked by h3: a quarter book a callback. */
const CONNECTED_OUTCOMES = ['有意向', '无意向', '预约回拨', '勿扰'];

const NAMES = ['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士', '赵先生', '黄女士', '周先生', '吴女士'];
const NOTES = [
  '客户说下周三下午再打',
  '对产品有兴趣，要资料',
  '已加微信，稍后发报价',
  '客户在开会，约明天上午',
  '不需要，已记录',
];
const pick = (values: readonly string[], hash: string) =>
  `(ARRAY[${values.map((v) => `'${v}'`).join(', ')}])[1 + ${hash} % ${values.length}]`;

async function seedAgents(db: Db, agents: number): Promise<void> {
  await db.query(
    `INSERT INTO users (role, name, seat_user_id, created_at)
     SELECT 'agent', '坐席' || lpad(g::text, 3, '0'), 'seat' || g || '@example.com', 0
     FROM generate_series(1, $1::int) AS g`,
    [agents],
  );
  await db.exec(`CREATE TEMP TABLE seed_agents AS
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, seat_user_id FROM users WHERE seat_user_id LIKE 'seat%@example.com'`);
}

async function seedChunk(db: Db, first: number, last: number, options: SeedOptions): Promise<void> {
  const params = [first, last, options.calls, options.days, options.firstDay];
  const agentOf = `JOIN seed_agents a ON a.k = s.g % ${options.agents}`;
  await db.query(
    `INSERT INTO calls (agent_id, call_id, revision, uui, uui_call_id, session_id, phone, name, started_at,
       returned_at, state, duration, close_by, outcome, note, received_at)
     SELECT a.id, s.call_id, 2, 'td1.' || s.call_id, s.call_id,
       CASE WHEN s.h3 % 100 < 97 THEN 'sess-' || s.call_id END,
       '1' || (3 + s.h2 % 7)::text || lpad((s.h4 % 1000000000)::text, 9, '0'),
       ${pick(NAMES, 's.h3')}, s.started_at,
       s.started_at + 30000 + (${TALK}) * 1000,
       CASE WHEN s.h3 % 100 >= 97 THEN 'no-result' WHEN s.h1 % 100 < 45 OR ${PHONE_WRONG} THEN 'connected'
         ELSE 'placed-not-connected' END,
       CASE WHEN s.h3 % 100 >= 97 THEN NULL WHEN ${PHONE_WRONG} THEN 8 ELSE ${TALK} END,
       CASE WHEN s.h2 % 2 = 0 THEN 'client' ELSE 'seat' END,
       CASE WHEN s.h1 % 100 < 45 THEN ${pick(CONNECTED_OUTCOMES, 's.h3')}
         WHEN s.h3 % 10 < 8 THEN ${pick(['未接通', '忙线', '拒接', '空号'], 's.h1')} ELSE '' END,
       CASE WHEN s.h2 % 10 < 3 THEN ${pick(NOTES, 's.h1')} ELSE '' END,
       s.started_at + 60000
     FROM (${SERIES}) s ${agentOf}`,
    params,
  );
  // The CDR: by UUI (td1.<call id>) for 95%, a business uui (joined by sessionId) for the rest.
  await db.query(
    `INSERT INTO cdrs (session_id, sdk_app_id, uui, uui_call_id, seat_user_id, seat_mail, end_status_string,
       end_status, direction, call_type, caller, callee, start_ts, ring_ts, accept_ts, ended_ts, duration,
       hung_up_side, record_id, source, raw, received_at)
     SELECT 'sess-' || s.call_id, '1400123456',
       CASE WHEN s.h3 % 20 = 0 THEN 'order-' || s.g ELSE 'td1.' || s.call_id END,
       CASE WHEN s.h3 % 20 = 0 THEN NULL ELSE s.call_id END,
       a.seat_user_id, a.seat_user_id, ${STATUS}, CASE WHEN s.h1 % 100 < 45 THEN 0 ELSE 1 END, 1, 1,
       '02150000000', '0086' || '1' || (3 + s.h2 % 7)::text || lpad((s.h4 % 1000000000)::text, 9, '0'),
       s.started_at / 1000, s.started_at / 1000 + 2,
       CASE WHEN s.h1 % 100 < 45 THEN s.started_at / 1000 + 9 END,
       s.started_at / 1000 + 9 + ${TALK}, ${TALK},
       CASE WHEN s.h2 % 2 = 0 THEN 'user' ELSE 'seat' END,
       CASE WHEN s.h1 % 100 < 45 AND s.h2 % 5 < 4 THEN 'rec-' || s.call_id END,
       CASE WHEN s.h3 % 50 = 1 THEN 'api' ELSE 'push' END,
       json_build_object('SessionId', 'sess-' || s.call_id, 'EndStatusString', ${STATUS}, 'Duration', ${TALK},
         'SeatUser', json_build_object('UserId', a.seat_user_id))::text,
       s.started_at + 90000
     FROM (${SERIES}) s ${agentOf}
     WHERE ${HAS_CDR} AND s.h3 % 100 < 97`,
    params,
  );
  // 预约回拨 calls book a callback 1–3 days later at 10:00 or 15:00 (the phone's quick times). Of those due before
  // `now`: 93% done within hours, 3% cancelled, 4% still open (overdue); due later: open.
  const callbackDue = `(s.started_at - (s.started_at + 28800000) % ${DAY_MS} + (1 + s.h4 % 3) * ${DAY_MS}
    + CASE WHEN s.h2 % 2 = 0 THEN 36000000 ELSE 54000000 END)`;
  await db.query(
    `INSERT INTO callback_reminders (agent_id, call_id, due_at, customer, template_id, openid, state, attempts,
       next_attempt_at, created_at, updated_at, status, closed_at)
     SELECT a.id, s.call_id, b.due, left(${pick(NAMES, 's.h3')}, 1) || '**', NULL, NULL, 'phone', 0, b.due,
       s.started_at + 60000, s.started_at + 60000, b.status,
       CASE WHEN b.status = 'open' THEN NULL ELSE b.due + s.h2 % 14400000 END
     FROM (${SERIES}) s ${agentOf}
       CROSS JOIN LATERAL (SELECT ${callbackDue} AS due) d
       CROSS JOIN LATERAL (SELECT d.due,
         CASE WHEN d.due >= $6 OR s.h4 % 100 < 4 THEN 'open' WHEN s.h4 % 100 < 7 THEN 'cancelled' ELSE 'done' END
           AS status) b
     WHERE s.h1 % 100 < 45 AND s.h3 % ${CONNECTED_OUTCOMES.length} = ${CONNECTED_OUTCOMES.indexOf('预约回拨')}`,
    [...params, options.now],
  );
  await db.query(
    `INSERT INTO recordings (session_id, record_id, endpoint_user, record_url, custom_record_url, ts, raw, received_at)
     SELECT 'sess-' || s.call_id, 'rec-' || s.call_id, 'seat', 'https://example.com/rec/' || s.call_id || '.mp3', NULL,
       s.started_at / 1000, '{}', s.started_at + 120000
     FROM (${SERIES}) s
     WHERE ${HAS_CDR} AND s.h3 % 100 < 97 AND s.h1 % 100 < 45 AND s.h2 % 5 < 4`,
    params,
  );
}

/** Seeds the team; the caller migrated the database. Returns the mix as stored, counted back from the tables. */
export async function seedTeam(db: Db, options: SeedOptions): Promise<SeedMix> {
  const chunk = options.chunk ?? 50_000;
  await seedAgents(db, options.agents);
  for (let first = 1; first <= options.calls; first += chunk) {
    await seedChunk(db, first, Math.min(options.calls, first + chunk - 1), options);
    options.onProgress?.(Math.min(options.calls, first + chunk - 1));
  }
  await db.exec('DROP TABLE seed_agents');
  // Seeded behind the store's back: each call's stored TCCC side set once, as migration 030's backfill does.
  await refreshJoined(db, 'true', []);
  // As autovacuum leaves a table that has settled: statistics and the visibility map (index-only scans) up to date.
  await db.exec('VACUUM ANALYZE');
  const [counts] = await db.query<Omit<SeedMix, 'byStatus'>>(
    `SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM cdrs) AS cdrs,
       (SELECT count(*) FROM cdrs WHERE uui_call_id IS NOT NULL) AS "joinedByUui",
       (SELECT count(*) FROM recordings) AS recordings, (SELECT count(*) FROM calls WHERE note <> '') AS "withNote",
       (SELECT count(*) FROM callback_reminders) AS callbacks,
       (SELECT count(*) FROM callback_reminders WHERE status = 'open') AS "openCallbacks"`,
  );
  const statuses = await db.query<{ status: string; n: number }>(
    'SELECT end_status_string AS status, count(*) AS n FROM cdrs GROUP BY 1 ORDER BY 2 DESC',
  );
  if (counts === undefined) throw new Error('seed: nothing counted');
  return { ...counts, byStatus: Object.fromEntries(statuses.map((row) => [row.status, row.n])) };
}
