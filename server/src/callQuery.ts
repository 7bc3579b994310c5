/** Reading calls: cursor pages with filters, per-day/per-agent stats, numbers masked unless revealed (audited). */

import { maskPhone } from '../../miniprogram/core/phoneNumber';
import type { Queryable } from './db';
import { JOINED_CDR, JOINED_COLUMNS, tcccStatusOf, type JoinedRow, type TcccStatus } from './callStore';

export interface CallFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  agentId?: number;
  endStatus?: string;
  outcome?: string;
  /** Digits the number contains. */
  phoneContains?: string;
  hasRecording?: boolean;
  /** Only calls where the phone and TCCC disagree on whether the call connected. */
  mismatch?: boolean;
  /** TCCC's HungUpSide: user, seat or system. */
  hungUpSide?: string;
  /** Whether the agent wrote a note. */
  hasNote?: boolean;
  /** Only calls with an open callback booking due before this instant (epoch ms): the dashboard's 待回拨. */
  callbackDueBefore?: number;
}

/** List order: newest first, or longest talk first (TCCC's talk time when joined, else the phone's). */
export type CallSort = 'time' | 'talk';

export interface CallCursor {
  /** Set on talk-time pages: the talk seconds of the last row (-1 when unknown). */
  talk?: number;
  startedAt: number;
  agentId: number;
  callId: string;
}

export interface ListedCall {
  agentId: number;
  agentName: string;
  id: string;
  revision: number;
  /** Masked (138****5678); a supervisor reveals one through the audited reveal route. */
  phone: string;
  name: string;
  startedAt: number;
  returnedAt: number | null;
  state: string;
  duration: number | null;
  closeBy: string;
  outcome: string;
  note: string;
  sessionId: string | null;
  tccc: TcccStatus | null;
}

export function encodeCursor(cursor: CallCursor): string {
  const key =
    cursor.talk === undefined
      ? [cursor.startedAt, cursor.agentId, cursor.callId]
      : [cursor.talk, cursor.startedAt, cursor.agentId, cursor.callId];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The (talk,) startedAt, agentId, callId a cursor array holds, or null when its shape is wrong. */
function cursorOf(value: unknown): CallCursor | null {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== 4)) return null;
  const talk: unknown = value.length === 4 ? value[0] : undefined;
  const [startedAt, agentId, callId] = (value.length === 4 ? value.slice(1) : value) as unknown[];
  const integers = [startedAt, agentId, ...(talk === undefined ? [] : [talk])];
  if (!integers.every((n) => Number.isSafeInteger(n)) || typeof callId !== 'string' || callId.length > 64) return null;
  const cursor: CallCursor = { startedAt: startedAt as number, agentId: agentId as number, callId };
  if (talk !== undefined) cursor.talk = talk as number;
  return cursor;
}

/** The cursor a client sent back, or null when it is not one of ours. */
export function decodeCursor(text: string): CallCursor | null {
  try {
    return cursorOf(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
}

/*
 * The joined CDR's status, hung-up side and talk time, and whether the phone and TCCC disagree on whether the call
 * connected, are read from the call row (stored by callJoin.ts at every write, migration 030): filtering or sorting
 * on them reads an index instead of joining every call in the range to its CDR.
 */

/** The talk seconds a row sorts by: TCCC's when joined, else the phone's, -1 when neither knows. */
const TALK = 'c.talk';

/** Each filter field and the clause it adds; a clause takes its value as one bound parameter. */
const VALUE_CLAUSES: readonly [keyof CallFilter, (p: string) => string][] = [
  ['from', (p) => `c.started_at >= ${p}`],
  ['to', (p) => `c.started_at < ${p}`],
  ['agentId', (p) => `c.agent_id = ${p}`],
  ['endStatus', (p) => `c.tccc_status = ${p}`],
  ['outcome', (p) => `c.outcome = ${p}`],
  // Digits only (checked by the route), so the LIKE pattern holds no wildcard from the user.
  ['phoneContains', (p) => `c.phone LIKE '%' || ${p} || '%'`],
  ['hungUpSide', (p) => `c.tccc_hung_up_side = ${p}`],
];

function cursorClause(cursor: CallCursor, params: unknown[]): string {
  const key = cursor.talk === undefined ? [] : [cursor.talk];
  params.push(...key, cursor.startedAt, cursor.agentId, cursor.callId);
  const n = params.length;
  const placeholders = Array.from({ length: key.length + 3 }, (_, i) => `$${n - key.length - 2 + i}`);
  const columns = `${cursor.talk === undefined ? '' : `${TALK}, `}c.started_at, c.agent_id, c.call_id`;
  return `(${columns}) < (${placeholders.join(', ')})`;
}

export function whereOf(filter: CallFilter, cursor: CallCursor | null, params: unknown[]): string {
  const clauses: string[] = [];
  for (const [name, sql] of VALUE_CLAUSES) {
    const value = filter[name];
    if (value === undefined) continue;
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  }
  if (filter.hasRecording !== undefined) {
    clauses.push(filter.hasRecording ? 'd.has_recording' : 'NOT coalesce(d.has_recording, false)');
  }
  if (filter.mismatch === true) clauses.push('c.mismatch');
  if (filter.hasNote !== undefined) clauses.push(filter.hasNote ? "c.note <> ''" : "c.note = ''");
  if (filter.callbackDueBefore !== undefined) {
    params.push(filter.callbackDueBefore);
    // As a semi-join from the few open bookings (their partial index, migration 040) to the calls' primary key.
    clauses.push(`(c.agent_id, c.call_id) IN (SELECT cb.agent_id, cb.call_id FROM callback_reminders cb
      WHERE cb.status = 'open' AND cb.due_at < $${params.length})`);
  }
  if (cursor !== null) clauses.push(cursorClause(cursor, params));
  return clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
}

interface CallRow extends JoinedRow {
  agent_id: number;
  agent_name: string;
  call_id: string;
  revision: number;
  phone: string;
  name: string;
  started_at: number;
  returned_at: number | null;
  state: string;
  duration: number | null;
  close_by: string;
  outcome: string;
  note: string;
  session_id: string | null;
  talk: number;
}

export const FROM_JOINED = `FROM calls c JOIN users u ON u.id = c.agent_id ${JOINED_CDR}`;

/** FROM for counting and totals: the CDR join only when the filter needs it (has recording is not stored). */
export function fromFor(filter: CallFilter): string {
  return filter.hasRecording === undefined ? 'FROM calls c JOIN users u ON u.id = c.agent_id' : FROM_JOINED;
}

/** Connected: TCCC's `ok` when a CDR is joined, else the phone's own talk time (a plausible one). */
export const CONNECTED = `CASE WHEN c.tccc_session_id IS NOT NULL THEN c.tccc_status = 'ok'
  ELSE c.duration > 0 AND c.duration <= 86400 END`;

/** Talk seconds for totals: TCCC's when a CDR is joined, else the phone's when plausible. */
export const TALK_SECONDS = `CASE WHEN c.tccc_session_id IS NOT NULL THEN c.tccc_duration
  WHEN c.duration <= 86400 THEN c.duration END`;

/** One page of calls, newest first, and the cursor of the next page (null on the last). */
export async function listCalls(
  db: Queryable,
  filter: CallFilter,
  cursor: CallCursor | null,
  limit: number,
  sort: CallSort = 'time',
  /** Only for an audited full-number export: the numbers unmasked. */
  fullPhones = false,
): Promise<{ calls: ListedCall[]; nextCursor: string | null }> {
  const params: unknown[] = [];
  // A cursor from the other order does not apply to this one: the page starts from the top.
  const usable = cursor !== null && (cursor.talk !== undefined) === (sort === 'talk') ? cursor : null;
  const where = whereOf(filter, usable, params);
  params.push(limit + 1);
  const order = sort === 'talk' ? `${TALK} DESC, ` : '';
  const rows = await db.query<CallRow>(
    `SELECT c.agent_id, u.name AS agent_name, c.call_id, c.revision, c.phone, c.name, c.started_at, c.returned_at,
       c.state, c.duration, c.close_by, c.outcome, c.note, c.session_id, ${TALK} AS talk, ${JOINED_COLUMNS}
     ${FROM_JOINED} ${where}
     ORDER BY ${order}c.started_at DESC, c.agent_id DESC, c.call_id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    calls: page.map((row) => ({
      agentId: row.agent_id,
      agentName: row.agent_name,
      id: row.call_id,
      revision: row.revision,
      phone: fullPhones ? row.phone : maskPhone(row.phone),
      name: row.name,
      startedAt: row.started_at,
      returnedAt: row.returned_at,
      state: row.state,
      duration: row.duration,
      closeBy: row.close_by,
      outcome: row.outcome,
      note: row.note,
      sessionId: row.session_id,
      tccc: tcccStatusOf(row),
    })),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor({
            ...(sort === 'talk' ? { talk: Number(last.talk) } : {}),
            startedAt: last.started_at,
            agentId: last.agent_id,
            callId: last.call_id,
          })
        : null,
  };
}

/** The full number of one call, or null when there is no such call. */
export async function callPhone(db: Queryable, agentId: number, callId: string): Promise<string | null> {
  const [row] = await db.query<{ phone: string }>('SELECT phone FROM calls WHERE agent_id = $1 AND call_id = $2', [
    agentId,
    callId,
  ]);
  return row?.phone ?? null;
}

export interface DayAgentStats {
  /** Calendar day in Asia/Shanghai, YYYY-MM-DD. */
  day: string;
  agentId: number;
  agentName: string;
  calls: number;
  connected: number;
  /** connected / calls, 0 when there are no calls. */
  connectRate: number;
  /** Seconds: TCCC's Duration when joined, else the phone's known talk time. */
  talkSeconds: number;
}

/**
 * The Shanghai day of a call as a day number (days since 1970-01-01 in UTC+8): China has kept UTC+8 without summer
 * time since 1991, so a fixed offset is exact for every call, and grouping by an integer costs far less per row than
 * formatting each timestamp in a time zone (the day is formatted once per group).
 */
const SHANGHAI_DAY = '((c.started_at + 28800000) / 86400000)';

/** Calls, connects and talk time per Shanghai day and agent. TCCC's word wins over the phone's when joined. */
export async function callStats(db: Queryable, filter: CallFilter): Promise<DayAgentStats[]> {
  const params: unknown[] = [];
  const where = whereOf(filter, null, params);
  const rows = await db.query<{
    day: string;
    agent_id: number;
    agent_name: string;
    calls: number;
    connected: number;
    talk: number;
  }>(
    `SELECT to_char(DATE '1970-01-01' + ${SHANGHAI_DAY}::int, 'YYYY-MM-DD') AS day,
       c.agent_id, u.name AS agent_name, count(*)::int AS calls,
       count(*) FILTER (WHERE ${CONNECTED})::int AS connected,
       coalesce(sum(${TALK_SECONDS}), 0)::int AS talk
     ${fromFor(filter)} ${where}
     GROUP BY ${SHANGHAI_DAY}, c.agent_id, u.name ORDER BY ${SHANGHAI_DAY}, c.agent_id`,
    params,
  );
  return rows.map((row) => ({
    day: row.day,
    agentId: row.agent_id,
    agentName: row.agent_name,
    calls: row.calls,
    connected: row.connected,
    connectRate: row.calls === 0 ? 0 : row.connected / row.calls,
    talkSeconds: row.talk,
  }));
}

/** How many calls a filter matches (an export's row count, for its progress bar). */
export async function countCalls(db: Queryable, filter: CallFilter): Promise<number> {
  const params: unknown[] = [];
  const where = whereOf(filter, null, params);
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${fromFor(filter)} ${where}`, params);
  return row?.n ?? 0;
}
