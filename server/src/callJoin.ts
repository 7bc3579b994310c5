/** Keeps TCCC's side stored on each call row (migration 030) equal to the live join, for the calls a write touches. */

import type { Queryable } from './db';
import { JOINED_CDR } from './callStore';

/**
 * Recomputes the stored join of the calls matching `where` (on `c`, the call, and `u`, its agent) from JOINED_CDR:
 * the same join the call's TCCC status is read by, so the stored columns cannot drift from it. Run it in the
 * transaction of the write; rows whose stored join is already right are not rewritten.
 */
export async function refreshJoined(db: Queryable, where: string, params: readonly unknown[]): Promise<number> {
  const rows = await db.query<{ call_id: string }>(
    `UPDATE calls t SET tccc_session_id = j.cdr_session_id, tccc_status = j.end_status_string,
       tccc_duration = j.duration, tccc_hung_up_side = j.hung_up_side, talk = j.talk, mismatch = j.mismatch
     FROM (
       SELECT c.agent_id, c.call_id, d.cdr_session_id, d.end_status_string, d.duration, d.hung_up_side,
         coalesce(d.duration, c.duration, -1) AS talk,
         coalesce(d.cdr_session_id IS NOT NULL AND c.duration IS NOT NULL
           AND (c.duration > 0) <> (d.end_status_string = 'ok'), false) AS mismatch
       FROM calls c JOIN users u ON u.id = c.agent_id ${JOINED_CDR}
       WHERE ${where}
     ) j
     WHERE t.agent_id = j.agent_id AND t.call_id = j.call_id
       AND (t.tccc_session_id, t.tccc_status, t.tccc_duration, t.tccc_hung_up_side, t.talk, t.mismatch)
         IS DISTINCT FROM (j.cdr_session_id, j.end_status_string, j.duration, j.hung_up_side, j.talk, j.mismatch)
     RETURNING t.call_id`,
    params,
  );
  return rows.length;
}

/**
 * After a CDR of `sessionId` is stored or replaced: the calls of that session, the calls that joined it before (its
 * UUI may have changed), and the calls without a sessionId that may join it by UUI.
 */
export function refreshJoinedForCdr(db: Queryable, sessionId: string, uuiCallId: string | null): Promise<number> {
  return refreshJoined(
    db,
    `c.session_id = $1 OR c.tccc_session_id = $1
       OR ($2::text IS NOT NULL AND c.session_id IS NULL AND c.uui_call_id = $2::text)`,
    [sessionId, uuiCallId],
  );
}

/** After an agent's calls were upserted (their sessionId, UUI or talk time may have changed). */
export function refreshJoinedForCalls(db: Queryable, agentId: number, callIds: readonly string[]): Promise<number> {
  if (callIds.length === 0) return Promise.resolve(0);
  return refreshJoined(db, 'c.agent_id = $1 AND c.call_id = ANY($2::text[])', [agentId, [...callIds]]);
}

/** After an agent's seat changed: the UUI join matches on the seat, so every call of that agent may join anew. */
export function refreshJoinedForAgent(db: Queryable, agentId: number): Promise<number> {
  return refreshJoined(db, 'c.agent_id = $1', [agentId]);
}
