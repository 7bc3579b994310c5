/** Writes TCCC's CDRs and recordings: one row per SessionId (and per RecordId), the raw JSON kept beside it. */

import type { Queryable } from './db';
import type { CdrRow, RecordingRow } from './cdr';
import { refreshJoinedForCdr } from './callJoin';

export type CdrSource = 'push' | 'api';

const CDR_COLUMNS = [
  'session_id',
  'sdk_app_id',
  'uui',
  'uui_call_id',
  'seat_user_id',
  'seat_mail',
  'end_status_string',
  'end_status',
  'direction',
  'call_type',
  'caller',
  'callee',
  'start_ts',
  'ring_ts',
  'accept_ts',
  'ended_ts',
  'duration',
  'hung_up_side',
  'record_id',
  'source',
  'raw',
  'received_at',
] as const;

const CDR_UPSERT =
  `INSERT INTO cdrs (${CDR_COLUMNS.join(', ')}) VALUES (${CDR_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ` +
  `ON CONFLICT (session_id) DO UPDATE SET ${CDR_COLUMNS.filter((c) => c !== 'session_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

/** The CDR's columns in CDR_COLUMNS order, one place for both writes. */
function cdrValues(cdr: CdrRow, raw: string, source: CdrSource, now: number): unknown[] {
  return [
    cdr.sessionId,
    cdr.sdkAppId,
    cdr.uui,
    cdr.uuiCallId,
    cdr.seatUserId,
    cdr.seatMail,
    cdr.endStatusString,
    cdr.endStatus,
    cdr.direction,
    cdr.callType,
    cdr.caller,
    cdr.callee,
    cdr.startTs,
    cdr.ringTs,
    cdr.acceptTs,
    cdr.endedTs,
    cdr.duration,
    cdr.hungUpSide,
    cdr.recordId,
    source,
    raw,
    now,
  ];
}

/**
 * Inserts or replaces the CDR of a session: TCCC sends one whole record per session, the latest is the truth. The
 * calls it joins get their stored TCCC side rewritten by the same connection (call it inside the write's transaction).
 */
export async function upsertCdr(
  db: Queryable,
  cdr: CdrRow,
  raw: string,
  source: CdrSource,
  now: number,
): Promise<void> {
  await db.query(CDR_UPSERT, cdrValues(cdr, raw, source, now));
  await refreshJoinedForCdr(db, cdr.sessionId, cdr.uuiCallId);
}

export async function upsertRecording(db: Queryable, recording: RecordingRow, raw: string, now: number): Promise<void> {
  await db.query(
    `INSERT INTO recordings (session_id, record_id, endpoint_user, record_url, custom_record_url, ts, raw, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (session_id, record_id) DO UPDATE SET endpoint_user = EXCLUDED.endpoint_user,
       record_url = EXCLUDED.record_url, custom_record_url = EXCLUDED.custom_record_url, ts = EXCLUDED.ts,
       raw = EXCLUDED.raw, received_at = EXCLUDED.received_at`,
    [
      recording.sessionId,
      recording.recordId,
      recording.endpointUser,
      recording.recordUrl,
      recording.customRecordUrl,
      recording.ts,
      raw,
      now,
    ],
  );
}

/**
 * Claims a push id; false when it was already processed (a retry). Claimed in the same transaction as the write, so
 * a write that fails leaves the id unclaimed and TCCC's retry is processed again.
 */
export async function claimPush(
  db: Queryable,
  pushUuid: string,
  action: string,
  sessionId: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO push_log (push_uuid, action, session_id, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (push_uuid) DO NOTHING RETURNING push_uuid`,
    [pushUuid, action, sessionId, now],
  );
  return rows.length > 0;
}

/**
 * Stores a CDR found by reconciliation only when no push stored that session: the push's raw record stays. Call it
 * inside a transaction: the calls it joins get their stored TCCC side in the same write.
 */
export async function insertCdrIfAbsent(db: Queryable, cdr: CdrRow, raw: string, now: number): Promise<boolean> {
  const rows = await db.query(
    `${CDR_UPSERT.slice(0, CDR_UPSERT.indexOf(' ON CONFLICT'))} ON CONFLICT (session_id) DO NOTHING RETURNING session_id`,
    cdrValues(cdr, raw, 'api', now),
  );
  if (rows.length === 0) return false;
  await refreshJoinedForCdr(db, cdr.sessionId, cdr.uuiCallId);
  return true;
}
