/** The phone's call record as the team server's POST /api/calls/batch takes it (server/src/routes/calls.ts CallSchema). */

import { CALL_STATES, CallRecord, CallState } from './callRecord';

/** One call in a batch: the server keeps the highest revision of each call id. */
export interface ServerCall {
  id: string;
  revision: number;
  uui: string;
  sessionId: string;
  phone: string;
  name: string;
  startedAt: number;
  returnedAt: number;
  state: CallState;
  duration: number | null;
  closeBy: string;
  outcome: string;
  note: string;
}

/** TCCC's outcome of a call as the server joined it from the CDR (null until the CDR arrives). */
export interface TcccCallStatus {
  sessionId: string;
  endStatus: string | null;
  endStatusLabel: string;
  duration: number | null;
  hungUpSide: string | null;
  acceptedAt: number | null;
  endedAt: number | null;
  hasRecording: boolean;
  joinedBy: 'uui' | 'sessionId';
}

/** The server's answer for each call of a batch: the revision it holds and TCCC's status. */
export interface BatchCallStatus {
  id: string;
  revision: number;
  changed: boolean;
  tccc: TcccCallStatus | null;
}

export const BATCH_MAX_CALLS = 200;
const MAX_INT = 2_147_483_647;
const MAX_EPOCH_MS = 4_102_444_800_000;
const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

/** The server's limits, in characters; NUL is refused there, so it is dropped here. */
function clip(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u0000/g, '').slice(0, max);
}

function epoch(value: number, min: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), min), MAX_EPOCH_MS) : min;
}

/**
 * The call as the server's schema accepts it, or null for a record the server could never take (an id outside its
 * pattern, no start time): such a record stays on the phone only.
 */
export function toServerCall(record: CallRecord, revision: number): ServerCall | null {
  if (!ID_PATTERN.test(record.id) || !(record.startedAt >= 1)) return null;
  if (!CALL_STATES.includes(record.state)) return null;
  const duration =
    record.duration === null || !Number.isFinite(record.duration)
      ? null
      : Math.min(Math.max(Math.round(record.duration), 0), MAX_INT);
  return {
    id: record.id,
    revision: Math.min(Math.max(Math.floor(revision), 0), MAX_INT),
    uui: clip(record.uui, 1024),
    sessionId: clip(record.sessionId, 128),
    phone: clip(record.phone, 40),
    name: clip(record.name, 200),
    startedAt: epoch(record.startedAt, 1),
    returnedAt: epoch(record.returnedAt, 0),
    state: record.state,
    duration,
    closeBy: clip(record.closeBy, 32),
    outcome: clip(record.outcome, 64),
    note: clip(record.note, 2000),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseTccc(value: unknown): TcccCallStatus | null {
  if (!isRecord(value) || typeof value['sessionId'] !== 'string') return null;
  const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const strOrNull = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    sessionId: value['sessionId'],
    endStatus: strOrNull(value['endStatus']),
    endStatusLabel: typeof value['endStatusLabel'] === 'string' ? value['endStatusLabel'] : '',
    duration: numOrNull(value['duration']),
    hungUpSide: strOrNull(value['hungUpSide']),
    acceptedAt: numOrNull(value['acceptedAt']),
    endedAt: numOrNull(value['endedAt']),
    hasRecording: value['hasRecording'] === true,
    joinedBy: value['joinedBy'] === 'sessionId' ? 'sessionId' : 'uui',
  };
}

/** Reads the batch answer leniently: entries that are not well formed are skipped (they stay queued). */
export function parseBatchAnswer(data: unknown): BatchCallStatus[] {
  if (!isRecord(data) || !Array.isArray(data['calls'])) return [];
  const out: BatchCallStatus[] = [];
  for (const entry of data['calls'] as unknown[]) {
    if (!isRecord(entry) || typeof entry['id'] !== 'string' || typeof entry['revision'] !== 'number') continue;
    out.push({
      id: entry['id'],
      revision: entry['revision'],
      changed: entry['changed'] === true,
      tccc: parseTccc(entry['tccc']),
    });
  }
  return out;
}
