/** The phones' call records: idempotent revisioned upserts, each call joined to its TCCC CDR (UUI first, then sessionId). */

import type { Queryable } from './db';
import { endStatusLabel } from './cdr';
import { callIdOfUui } from './uui';
import { refreshJoinedForCalls } from './callJoin';
import type { ServerCall, TcccCallStatus } from '../../miniprogram/core/callSync';

// The wire contract is the phone's (miniprogram/core/callSync.ts), said once: a call as the outbox sends it, and
// TCCC's word on a call from its CDR (null until the CDR is joined).
export type CallInput = ServerCall;
export type TcccStatus = TcccCallStatus;

/**
 * The CDR of call `c` (agent `u`): by UUI when the CDR's seat is the call's agent and no sessionId contradicts it
 * (a uui collision between two agents must never join another customer's CDR), else by sessionId.
 *
 * Written as two joins so the database can use plain key lookups (or one hash join over a whole range for stats): a
 * call with a sessionId can only join the CDR of that session (by UUI too, since no other sessionId may contradict
 * it), so `xs` is a lookup on the primary key; only a call without a sessionId looks for its latest CDR by UUI (`xu`).
 * At most one of the two is found; `d` names the one that was.
 */
export const JOINED_CDR = `LEFT JOIN cdrs xs ON xs.session_id = c.session_id
  LEFT JOIN LATERAL (
    SELECT y.session_id, y.end_status_string, y.duration, y.hung_up_side, y.accept_ts, y.ended_ts
    FROM cdrs y
    WHERE c.session_id IS NULL AND c.uui_call_id IS NOT NULL AND y.uui_call_id = c.uui_call_id
      AND (y.seat_user_id = u.seat_user_id OR y.seat_mail = u.seat_user_id)
    ORDER BY y.received_at DESC
    LIMIT 1
  ) xu ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(xs.session_id, xu.session_id) AS cdr_session_id,
      coalesce(xs.end_status_string, xu.end_status_string) AS end_status_string,
      coalesce(xs.duration, xu.duration) AS duration, coalesce(xs.hung_up_side, xu.hung_up_side) AS hung_up_side,
      coalesce(xs.accept_ts, xu.accept_ts) AS accept_ts, coalesce(xs.ended_ts, xu.ended_ts) AS ended_ts,
      CASE WHEN xs.session_id IS NOT NULL THEN xs.uui_call_id IS NOT DISTINCT FROM c.uui_call_id
             AND c.uui_call_id IS NOT NULL
           WHEN xu.session_id IS NOT NULL THEN true END AS by_uui,
      CASE WHEN coalesce(xs.session_id, xu.session_id) IS NOT NULL THEN EXISTS (
        SELECT 1 FROM recordings r WHERE r.session_id = coalesce(xs.session_id, xu.session_id)) END AS has_recording
  ) d ON true`;

/**
 * The same rule as JOINED_CDR written plainly, as it was first: one correlated subquery per call. Never used to serve
 * a request (it cannot use the keys); server/test/joinedCdr.test.ts and storedJoin.test.ts check JOINED_CDR and the
 * stored columns against it, and the scale bench times it as the naive join.
 */
export const REFERENCE_CDR_JOIN = `LEFT JOIN LATERAL (
    SELECT x.session_id AS cdr_session_id, x.end_status_string, x.duration, x.hung_up_side, x.accept_ts, x.ended_ts,
      (x.uui_call_id IS NOT DISTINCT FROM c.uui_call_id AND c.uui_call_id IS NOT NULL) AS by_uui,
      EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = x.session_id) AS has_recording
    FROM cdrs x
    WHERE (c.uui_call_id IS NOT NULL AND x.uui_call_id = c.uui_call_id
        AND (x.seat_user_id = u.seat_user_id OR x.seat_mail = u.seat_user_id)
        AND (c.session_id IS NULL OR x.session_id = c.session_id))
      OR (c.session_id IS NOT NULL AND x.session_id = c.session_id)
    ORDER BY by_uui DESC, x.received_at DESC
    LIMIT 1
  ) d ON true`;

/**
 * "The joined CDR's end status is p", for a WHERE after JOINED_CDR. Same as `d.end_status_string = p` (at most one of
 * xs and xu is found), but written on the two tables' own columns so the planner can estimate how many calls match
 * from the CDRs' statistics: on the coalesced column it guesses 0.5% and plans a parallel scan for a 12% status.
 */
export function joinedEndStatusIs(placeholder: string): string {
  return `(xs.end_status_string = ${placeholder} OR xu.end_status_string = ${placeholder})`;
}

export interface JoinedRow {
  cdr_session_id: string | null;
  end_status_string: string | null;
  cdr_duration: number | null;
  hung_up_side: string | null;
  accept_ts: number | null;
  ended_ts: number | null;
  by_uui: boolean | null;
  has_recording: boolean | null;
}

export const JOINED_COLUMNS = `d.cdr_session_id, d.end_status_string, d.duration AS cdr_duration,
  d.hung_up_side, d.accept_ts, d.ended_ts, d.by_uui, d.has_recording`;

export function tcccStatusOf(row: JoinedRow): TcccStatus | null {
  if (row.cdr_session_id === null) return null;
  return {
    sessionId: row.cdr_session_id,
    endStatus: row.end_status_string,
    endStatusLabel: endStatusLabel(row.end_status_string),
    duration: row.cdr_duration,
    hungUpSide: row.hung_up_side,
    acceptedAt: row.accept_ts,
    endedAt: row.ended_ts,
    hasRecording: row.has_recording === true,
    joinedBy: row.by_uui === true ? 'uui' : 'sessionId',
  };
}

const CALL_COLUMNS = [
  'agent_id',
  'call_id',
  'revision',
  'uui',
  'uui_call_id',
  'session_id',
  'phone',
  'name',
  'started_at',
  'returned_at',
  'state',
  'duration',
  'close_by',
  'outcome',
  'note',
  'received_at',
] as const;

/** Keeps the highest revision of each call id in a batch (one statement cannot update a row twice). */
function latestPerCall(calls: readonly CallInput[]): CallInput[] {
  const byId = new Map<string, CallInput>();
  for (const call of calls) {
    const seen = byId.get(call.id);
    if (seen === undefined || call.revision > seen.revision) byId.set(call.id, call);
  }
  return [...byId.values()];
}

/**
 * Upserts an agent's calls: a call is replaced only by a higher revision, so a resend or an out-of-order resend of
 * an older revision changes nothing. Returns the ids whose stored row changed.
 */
export async function upsertCalls(
  db: Queryable,
  agentId: number,
  calls: readonly CallInput[],
  now: number,
): Promise<Set<string>> {
  const rows = latestPerCall(calls);
  const params: unknown[] = [];
  const tuples = rows.map((call) => {
    const values = [
      agentId,
      call.id,
      call.revision,
      call.uui,
      callIdOfUui(call.uui),
      call.sessionId === '' ? null : call.sessionId,
      call.phone,
      call.name,
      call.startedAt,
      call.returnedAt === 0 ? null : call.returnedAt,
      call.state,
      call.duration,
      call.closeBy,
      call.outcome,
      call.note,
      now,
    ];
    const start = params.length;
    params.push(...values);
    return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  const updates = CALL_COLUMNS.filter((c) => c !== 'agent_id' && c !== 'call_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  const changed = await db.query<{ call_id: string }>(
    `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT (agent_id, call_id) DO UPDATE SET ${updates} WHERE calls.revision < EXCLUDED.revision
     RETURNING call_id`,
    params,
  );
  const ids = changed.map((row) => row.call_id);
  // The stored TCCC side follows the call's new sessionId, UUI and talk time, in the caller's transaction.
  await refreshJoinedForCalls(db, agentId, ids);
  return new Set(ids);
}

export interface StoredCallStatus {
  id: string;
  revision: number;
  tccc: TcccStatus | null;
}

/** The stored revision and joined TCCC status of some of an agent's calls. */
export async function callStatuses(
  db: Queryable,
  agentId: number,
  callIds: readonly string[],
): Promise<StoredCallStatus[]> {
  const rows = await db.query<JoinedRow & { call_id: string; revision: number }>(
    `SELECT c.call_id, c.revision, ${JOINED_COLUMNS}
     FROM calls c JOIN users u ON u.id = c.agent_id ${JOINED_CDR}
     WHERE c.agent_id = $1 AND c.call_id = ANY($2::text[])`,
    [agentId, [...callIds]],
  );
  return rows.map((row) => ({ id: row.call_id, revision: row.revision, tccc: tcccStatusOf(row) }));
}
