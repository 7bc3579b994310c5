/** What one call is: its record shape, its states, and how a TCCC result finishes it. */

export type CallState =
  /** Written before the jump; the jump has not been confirmed yet. */
  | 'dialing'
  /** WeChat confirmed the jump: the agent is in TCCC. */
  | 'in-tccc'
  | 'connected'
  | 'placed-not-connected'
  | 'not-placed'
  | 'cancelled'
  | 'failed'
  /** The agent came back without a result (capsule, system back); a late result may still upgrade it. */
  | 'no-result'
  /** A result that matched no call we launched; kept so nothing is lost. */
  | 'orphan';

export const CALL_STATES: readonly CallState[] = [
  'dialing',
  'in-tccc',
  'connected',
  'placed-not-connected',
  'not-placed',
  'cancelled',
  'failed',
  'no-result',
  'orphan',
];

/** The sides TCCC's mini program says hung up; TCCC may send others (e.g. timer), which are kept as they came. */
export const CLOSE_BY_SIDES = ['seat', 'client', 'admin'] as const;

/** Calls still waiting for TCCC's answer: they live in the small pending key, never only in memory. */
export function isAwaitingResult(state: CallState): boolean {
  return state === 'dialing' || state === 'in-tccc';
}

export interface CallRecord {
  id: string;
  sdkAppId: string;
  /** The agent account that made the call. */
  userId: string;
  /** The number as sent to TCCC (national form). */
  phone: string;
  /** Contact name or remark shown instead of the number; '' when none. */
  name: string;
  contactId: string;
  /** What went to TCCC as uui: an opaque id, never a number or name. */
  uui: string;
  /** Epoch ms of the tap. */
  startedAt: number;
  /** Epoch ms when the result came back; 0 while none has. */
  returnedAt: number;
  state: CallState;
  sessionId: string;
  /** Talk time in seconds; null when TCCC gave none we could read (see knownTalkSeconds for stored values). */
  duration: number | null;
  /** seat | client | admin, or whatever else TCCC sent (e.g. timer); '' when unknown. */
  closeBy: string;
  /** Agent's wrap-up outcome code; '' until wrapped up. */
  outcome: string;
  note: string;
  /** WeChat's message when the jump failed. */
  error: string;
  /** extraData exactly as it came, kept only when it says more than the parsed fields. */
  raw?: unknown;
  /** Only in records older versions kept: the appId of another mini program's return (now ignored, never counted). */
  source?: string;
  /** Set when the agent chose 继续拨打 outside the calling hours: the window then in force, e.g. '08:00–21:00'. */
  outsideHours?: string;
}

/** A call that has only just started: every result and wrap-up field empty. */
export function newCallRecord(
  fields: Pick<CallRecord, 'id' | 'startedAt' | 'state'> & Partial<CallRecord>,
): CallRecord {
  return {
    sdkAppId: '',
    userId: '',
    phone: '',
    name: '',
    contactId: '',
    uui: fields.id,
    returnedAt: 0,
    sessionId: '',
    duration: null,
    closeBy: '',
    outcome: '',
    note: '',
    error: '',
    ...fields,
  };
}

export interface ParsedCallResult {
  sessionId: string;
  duration: number | null;
  closeBy: string;
  /** The extraData as received, for support. */
  raw: unknown;
}

/**
 * The longest talk time believed: a day. Real calls end in hours at most; anything longer is a wrong unit or
 * garbage (a millisecond count for any call over 87 s lands above it), so it reads as unknown, never as talk time.
 */
export const MAX_CALL_SECONDS = 24 * 60 * 60;

/** The talk time when it is a plausible number of seconds; null when unknown or out of range. */
export function knownTalkSeconds(duration: number | null): number | null {
  if (duration === null || !Number.isInteger(duration) || duration < 0 || duration > MAX_CALL_SECONDS) return null;
  return duration;
}

/**
 * What TCCC's fields say about the line: connected, not connected, placed with an unknown duration (so nobody can
 * tell whether it connected), not placed; 'none' for calls without a result (under way, cancelled, failed, no result).
 */
export type Connection = 'connected' | 'not-connected' | 'unknown' | 'not-placed' | 'none';

export function connectionOf(record: Pick<CallRecord, 'state' | 'sessionId' | 'duration'>): Connection {
  if (record.state === 'not-placed') return 'not-placed';
  if (record.state !== 'connected' && record.state !== 'placed-not-connected' && record.state !== 'orphan') {
    return 'none';
  }
  if (record.sessionId === '') return 'not-placed';
  const talk = knownTalkSeconds(record.duration);
  if (talk === null) return 'unknown';
  return talk > 0 ? 'connected' : 'not-connected';
}

/**
 * The state a result puts a call in. A placed call whose duration is unknown is stored as placed-not-connected
 * (the stored state set is fixed by the codec); connectionOf tells it apart as 'unknown', and nothing shows it
 * as not connected.
 */
export function stateForResult(result: ParsedCallResult): CallState {
  if (result.sessionId === '') return 'not-placed';
  const talk = knownTalkSeconds(result.duration);
  return talk !== null && talk > 0 ? 'connected' : 'placed-not-connected';
}

/** A call record with its result applied. */
export function applyResult(record: CallRecord, result: ParsedCallResult, returnedAt: number): CallRecord {
  const finished: CallRecord = {
    ...record,
    state: stateForResult(result),
    sessionId: result.sessionId,
    duration: result.duration,
    closeBy: result.closeBy,
    returnedAt,
  };
  if (!isCanonicalExtraData(result)) finished.raw = result.raw;
  else delete finished.raw;
  return finished;
}

/** True when the raw extraData is exactly what the parsed fields rebuild, so it need not be stored twice. */
export function isCanonicalExtraData(result: ParsedCallResult): boolean {
  const raw = result.raw;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  return JSON.stringify(raw) === JSON.stringify(canonicalExtraData(result));
}

/** The extraData TCCC sends for these parsed fields, in its own key order. */
export function canonicalExtraData(result: ParsedCallResult): Record<string, unknown> {
  const data: Record<string, unknown> = { sessionId: result.sessionId };
  if (result.duration !== null) data['duration'] = result.duration;
  if (result.closeBy !== '') data['closeBy'] = result.closeBy;
  return data;
}

/** The extraData a record came back with: the stored raw copy, or the canonical rebuild. */
export function extraDataOf(record: CallRecord): unknown {
  if (record.raw !== undefined) return record.raw;
  if (record.returnedAt === 0) return undefined;
  return canonicalExtraData({
    sessionId: record.sessionId,
    duration: record.duration,
    closeBy: record.closeBy,
    raw: null,
  });
}
