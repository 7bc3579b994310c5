/** TCCC's CDR, read leniently from a push body or a DescribeTelCdr row into the one row shape stored. */

import { callIdOfUui } from './uui';

export interface CdrRow {
  sessionId: string;
  sdkAppId: string;
  uui: string | null;
  uuiCallId: string | null;
  seatUserId: string | null;
  seatMail: string | null;
  endStatusString: string | null;
  endStatus: number | null;
  direction: number | null;
  callType: number | null;
  caller: string | null;
  callee: string | null;
  startTs: number | null;
  ringTs: number | null;
  acceptTs: number | null;
  endedTs: number | null;
  duration: number | null;
  hungUpSide: string | null;
  recordId: string | null;
}

export interface RecordingRow {
  sessionId: string;
  sdkAppId: string;
  recordId: string;
  endpointUser: string | null;
  recordUrl: string | null;
  customRecordUrl: string | null;
  ts: number | null;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type Fields = Record<string, unknown>;

const MAX_TEXT = 1024;
const MAX_ID = 128;

/** A string field, or a number sent where a string was documented; null for anything else or over-long text. */
export function text(value: unknown, max = MAX_TEXT): string | null {
  // Postgres text cannot hold NUL, so such a value reads as absent rather than failing the write.
  if (typeof value === 'string')
    return value.length > 0 && value.length <= max && !value.includes('\u0000') ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An integer field, or a numeric string; null for anything else or outside Postgres' bigint-safe range. */
export function integer(value: unknown): number | null {
  const number = typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : null;
}

/** int4 columns (durations, enums) take only what fits. */
function int4(value: unknown): number | null {
  const number = integer(value);
  return number !== null && Math.abs(number) <= 2_147_483_647 ? number : null;
}

function fields(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function identity(body: Fields): ReadResult<{ sessionId: string; sdkAppId: string }> {
  const sessionId = text(body['SessionId'], MAX_ID);
  if (sessionId === null)
    return { ok: false, reason: 'SessionId is missing or not a string of at most 128 characters' };
  const sdkAppId = integer(body['SdkAppId']);
  if (sdkAppId === null) return { ok: false, reason: 'SdkAppId is missing or not a number' };
  return { ok: true, value: { sessionId, sdkAppId: String(sdkAppId) } };
}

/** One CDR from the push (`Uui`) or the API (`UUI`, with `Uui` deprecated): reads `UUI ?? Uui`. */
export function readCdr(value: unknown): ReadResult<CdrRow> {
  const body = fields(value);
  if (body === null) return { ok: false, reason: 'body is not a JSON object' };
  const id = identity(body);
  if (!id.ok) return id;
  const seat = fields(body['SeatUser']);
  const uui = text(body['UUI']) ?? text(body['Uui']);
  return {
    ok: true,
    value: {
      ...id.value,
      uui,
      uuiCallId: callIdOfUui(uui),
      seatUserId: text(seat?.['UserId'], MAX_ID),
      seatMail: text(seat?.['Mail'], MAX_ID),
      endStatusString: text(body['EndStatusString'], 64),
      endStatus: int4(body['EndStatus']),
      direction: int4(body['Direction']),
      callType: int4(body['CallType']),
      caller: text(body['Caller'], 64),
      callee: text(body['Callee'], 64),
      startTs: integer(body['StartTimestamp']),
      ringTs: integer(body['RingTimestamp']),
      acceptTs: integer(body['AcceptTimestamp']),
      endedTs: integer(body['EndedTimestamp']),
      duration: int4(body['Duration']),
      hungUpSide: text(body['HungUpSide'], 32),
      recordId: text(body['RecordId'], MAX_ID),
    },
  };
}

export function readRecording(value: unknown): ReadResult<RecordingRow> {
  const body = fields(value);
  if (body === null) return { ok: false, reason: 'body is not a JSON object' };
  const id = identity(body);
  if (!id.ok) return id;
  const recordId = text(body['RecordId'], MAX_ID);
  if (recordId === null) return { ok: false, reason: 'RecordId is missing' };
  return {
    ok: true,
    value: {
      ...id.value,
      recordId,
      endpointUser: text(body['EndpointUser'], MAX_ID),
      recordUrl: text(body['RecordURL'], 4096),
      customRecordUrl: text(body['CustomRecordURL'], 4096),
      ts: integer(body['Timestamp']),
    },
  };
}

/** TCCC's end statuses in Chinese: one list, the phone's (an unknown value reads as 其他). */
export { endStatusLabel } from '../../miniprogram/core/tcccOutcome';
