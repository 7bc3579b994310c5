/** The dashboard's numbers and one call's both sides: KPI totals, per-day and per-agent rows, the call with its CDR. */

import { maskPhone } from '../../miniprogram/core/phoneNumber';
import type { Queryable } from './db';
import { CONNECTED, FROM_JOINED, TALK_SECONDS, fromFor, whereOf, type CallFilter } from './callQuery';
import { JOINED_CDR } from './callStore';
import type { BookingStatus, ReminderState } from './callbackReminders';
import { endStatusLabel } from './cdr';

export interface AgentNumbers {
  agentId: number;
  agentName: string;
  calls: number;
  connected: number;
  talkSeconds: number;
  /** Calls whose agent picked an outcome (the wrap-up is done). */
  wrapped: number;
  /** Calls per agent outcome ('' = no outcome yet). */
  outcomes: Record<string, number>;
}

export interface DayNumbers {
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  calls: number;
  connected: number;
}

export interface DashboardNumbers {
  calls: number;
  connected: number;
  /** connected ÷ calls; null without calls. */
  connectRate: number | null;
  talkSeconds: number;
  /** Talk seconds ÷ connected calls; null without connected calls. */
  averageTalkSeconds: number | null;
  days: DayNumbers[];
  agents: AgentNumbers[];
}

/** The Shanghai day number of a call (UTC+8 has no summer time since 1991): grouping by an integer is cheap. */
const SHANGHAI_DAY = '((c.started_at + 28800000) / 86400000)';

const dayText = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Days of a bounded range without calls as zeros: the chart shows every day asked for, not only the busy ones. */
function fillDays(dayMap: Map<number, DayNumbers>, filter: CallFilter): void {
  if (filter.from === undefined || filter.to === undefined) return;
  const first = Math.floor((filter.from + 28_800_000) / 86_400_000);
  const last = Math.floor((filter.to - 1 + 28_800_000) / 86_400_000);
  // A range longer than a year (only the API can ask for one) keeps the days that have calls.
  if (last - first > 400) return;
  for (let day = first; day <= last; day += 1) {
    if (!dayMap.has(day)) dayMap.set(day, { day: dayText(day), calls: 0, connected: 0 });
  }
}

/** The KPI cards, the per-day chart and the per-agent table for one filter: one pass over the joined calls. */
export async function dashboardNumbers(db: Queryable, filter: CallFilter): Promise<DashboardNumbers> {
  const params: unknown[] = [];
  const where = whereOf(filter, null, params);
  const rows = await db.query<{
    day: number;
    agent_id: number;
    agent_name: string;
    outcome: string;
    calls: number;
    connected: number;
    talk: number;
  }>(
    `SELECT ${SHANGHAI_DAY}::int AS day, c.agent_id, u.name AS agent_name, c.outcome, count(*)::int AS calls,
       count(*) FILTER (WHERE ${CONNECTED})::int AS connected, coalesce(sum(${TALK_SECONDS}), 0)::int AS talk
     ${fromFor(filter)} ${where} GROUP BY 1, c.agent_id, u.name, c.outcome`,
    params,
  );
  const dayMap = new Map<number, DayNumbers>();
  for (const row of rows) {
    let day = dayMap.get(row.day);
    if (day === undefined) {
      day = { day: dayText(row.day), calls: 0, connected: 0 };
      dayMap.set(row.day, day);
    }
    day.calls += row.calls;
    day.connected += row.connected;
  }
  fillDays(dayMap, filter);
  const days = [...dayMap.entries()].sort((a, b) => a[0] - b[0]).map(([, day]) => day);
  const agents = new Map<number, AgentNumbers>();
  for (const row of rows) {
    let agent = agents.get(row.agent_id);
    if (agent === undefined) {
      agent = {
        agentId: row.agent_id,
        agentName: row.agent_name,
        calls: 0,
        connected: 0,
        talkSeconds: 0,
        wrapped: 0,
        outcomes: {},
      };
      agents.set(row.agent_id, agent);
    }
    agent.calls += row.calls;
    agent.connected += row.connected;
    agent.talkSeconds += row.talk;
    if (row.outcome !== '') agent.wrapped += row.calls;
    agent.outcomes[row.outcome] = (agent.outcomes[row.outcome] ?? 0) + row.calls;
  }
  const list = [...agents.values()].sort((a, b) => a.agentId - b.agentId);
  const calls = list.reduce((sum, agent) => sum + agent.calls, 0);
  const connected = list.reduce((sum, agent) => sum + agent.connected, 0);
  const talkSeconds = list.reduce((sum, agent) => sum + agent.talkSeconds, 0);
  return {
    calls,
    connected,
    connectRate: calls === 0 ? null : connected / calls,
    talkSeconds,
    averageTalkSeconds: connected === 0 ? null : Math.round(talkSeconds / connected),
    days,
    agents: list,
  };
}

export interface CallbackNumbers {
  /** Open bookings of the filtered calls due before the end of today, overdue ones included. */
  due: number;
  /** Of those, the ones already past their time. */
  overdue: number;
}

/**
 * The 待回拨 card: the filtered calls' open callback bookings due before the end of today (Shanghai), and how many
 * are overdue. It starts from the few open bookings due by then (partial index of migration 040) and looks each one's
 * call up by primary key, where the call filter applies.
 */
export async function callbackNumbers(
  db: Queryable,
  filter: CallFilter,
  endOfToday: number,
  now: number,
): Promise<CallbackNumbers> {
  const params: unknown[] = [];
  const where = whereOf(filter, null, params);
  const ofBooking = 'c.agent_id = cb.agent_id AND c.call_id = cb.call_id';
  params.push(endOfToday, now);
  // LIMIT 1 (the key is unique) keeps the planner from flattening this into a hash join over the range's calls:
  // at 1,000,000 calls a probe per booking took 14 ms where hashing the week's 200,000 calls took 29 (PostgreSQL 15).
  const [row] = await db.query<CallbackNumbers>(
    `SELECT count(*)::int AS due, count(*) FILTER (WHERE cb.due_at < $${params.length})::int AS overdue
     FROM callback_reminders cb CROSS JOIN LATERAL (
       SELECT 1 FROM calls c JOIN users u ON u.id = c.agent_id ${filter.hasRecording === undefined ? '' : JOINED_CDR}
       ${where === '' ? `WHERE ${ofBooking}` : `${where} AND ${ofBooking}`} LIMIT 1) call
     WHERE cb.status = 'open' AND cb.due_at < $${params.length - 1}`,
    params,
  );
  return { due: row?.due ?? 0, overdue: row?.overdue ?? 0 };
}

export interface CdrSide {
  sessionId: string;
  endStatus: string | null;
  endStatusLabel: string;
  hungUpSide: string | null;
  /** Unix seconds, as TCCC sends them. */
  startTs: number | null;
  ringTs: number | null;
  acceptTs: number | null;
  endedTs: number | null;
  duration: number | null;
  seatUserId: string | null;
  /** Queue and skill group and transfers, read from the raw CDR (not every push carries them). */
  queue: string | null;
  skillGroup: string | null;
  transfers: string[];
  joinedBy: 'uui' | 'sessionId';
  recordings: { recordId: string; endpointUser: string | null; ts: number | null }[];
  /** The CDR as TCCC sent it, with the customer's number masked. */
  raw: string;
}

export interface CallDetail {
  agentId: number;
  agentName: string;
  seatUserId: string | null;
  id: string;
  revision: number;
  uui: string;
  sessionId: string | null;
  /** Masked; reveal through the audited route. */
  phone: string;
  name: string;
  startedAt: number;
  returnedAt: number | null;
  state: string;
  duration: number | null;
  closeBy: string;
  outcome: string;
  note: string;
  receivedAt: number;
  cdr: CdrSide | null;
  /** The callback booked from this call, as the phone last sent it; null when none was booked. */
  callback: CallbackBooking | null;
}

export interface CallbackBooking {
  dueAt: number;
  status: BookingStatus;
  /** When it was done or cancelled. */
  closedAt: number | null;
  /** How the reminder goes: WeChat's (waiting, sending, sent…) or the phone's own ('phone', 'no-permission'). */
  reminder: ReminderState;
}

async function callbackOf(db: Queryable, agentId: number, callId: string): Promise<CallbackBooking | null> {
  const [row] = await db.query<{
    due_at: number;
    status: BookingStatus;
    closed_at: number | null;
    state: ReminderState;
  }>('SELECT due_at, status, closed_at, state FROM callback_reminders WHERE agent_id = $1 AND call_id = $2', [
    agentId,
    callId,
  ]);
  return row === undefined
    ? null
    : { dueAt: row.due_at, status: row.status, closedAt: row.closed_at, reminder: row.state };
}

function field(raw: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = raw[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

/** Transfers: ServeParticipants beyond the first seat (TCCC lists every seat that served the call). */
function transfersOf(raw: Record<string, unknown>): string[] {
  const participants = raw['ServeParticipants'];
  if (!Array.isArray(participants)) return [];
  const seats = participants
    .map((p: unknown) =>
      p !== null && typeof p === 'object' ? field(p as Record<string, unknown>, 'Mail', 'StaffUserId', 'Phone') : null,
    )
    .filter((seat): seat is string => seat !== null);
  return seats.slice(1);
}

/** Every string holding a known phone number is masked, so the raw JSON never shows one in full. */
function maskRaw(raw: string, numbers: readonly string[]): string {
  let masked = raw;
  for (const number of numbers) {
    const digits = number.replace(/\D/g, '');
    if (digits.length >= 7) masked = masked.split(digits).join(maskPhone(digits));
  }
  return masked;
}

function parseRaw(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface DetailRow {
  agent_id: number;
  agent_name: string;
  seat_user_id: string | null;
  call_id: string;
  revision: number;
  uui: string;
  session_id: string | null;
  phone: string;
  name: string;
  started_at: number;
  returned_at: number | null;
  state: string;
  duration: number | null;
  close_by: string;
  outcome: string;
  note: string;
  received_at: number;
  cdr_session_id: string | null;
  by_uui: boolean | null;
}

/** One call with its joined CDR (the same join as the list), or null when there is no such call. */
export async function callDetail(db: Queryable, agentId: number, callId: string): Promise<CallDetail | null> {
  const [row] = await db.query<DetailRow>(
    `SELECT c.agent_id, u.name AS agent_name, u.seat_user_id, c.call_id, c.revision, c.uui, c.session_id, c.phone,
       c.name, c.started_at, c.returned_at, c.state, c.duration, c.close_by, c.outcome, c.note, c.received_at,
       d.cdr_session_id, d.by_uui
     ${FROM_JOINED} WHERE c.agent_id = $1 AND c.call_id = $2`,
    [agentId, callId],
  );
  if (row === undefined) return null;
  let cdr: CdrSide | null = null;
  if (row.cdr_session_id !== null) {
    const [x] = await db.query<{
      session_id: string;
      end_status_string: string | null;
      hung_up_side: string | null;
      start_ts: number | null;
      ring_ts: number | null;
      accept_ts: number | null;
      ended_ts: number | null;
      duration: number | null;
      seat_user_id: string | null;
      caller: string | null;
      callee: string | null;
      raw: string;
    }>(
      `SELECT session_id, end_status_string, hung_up_side, start_ts, ring_ts, accept_ts, ended_ts, duration,
         seat_user_id, caller, callee, raw FROM cdrs WHERE session_id = $1`,
      [row.cdr_session_id],
    );
    const recordings = await db.query<{ record_id: string; endpoint_user: string | null; ts: number | null }>(
      'SELECT record_id, endpoint_user, ts FROM recordings WHERE session_id = $1 ORDER BY ts, record_id',
      [row.cdr_session_id],
    );
    if (x !== undefined) {
      const raw = parseRaw(x.raw);
      cdr = {
        sessionId: x.session_id,
        endStatus: x.end_status_string,
        endStatusLabel: endStatusLabel(x.end_status_string),
        hungUpSide: x.hung_up_side,
        startTs: x.start_ts,
        ringTs: x.ring_ts,
        acceptTs: x.accept_ts,
        endedTs: x.ended_ts,
        duration: x.duration,
        seatUserId: x.seat_user_id,
        queue: field(raw, 'QueuedSkillGroupName', 'QueuedSkillGroupId'),
        skillGroup: field(raw, 'SkillGroup', 'SkillGroupId'),
        transfers: transfersOf(raw),
        joinedBy: row.by_uui === true ? 'uui' : 'sessionId',
        recordings: recordings.map((r) => ({ recordId: r.record_id, endpointUser: r.endpoint_user, ts: r.ts })),
        raw: maskRaw(JSON.stringify(raw, null, 2), [row.phone, x.caller ?? '', x.callee ?? '']),
      };
    }
  }
  return {
    agentId: row.agent_id,
    agentName: row.agent_name,
    seatUserId: row.seat_user_id,
    id: row.call_id,
    revision: row.revision,
    uui: row.uui,
    sessionId: row.session_id,
    phone: maskPhone(row.phone),
    name: row.name,
    startedAt: row.started_at,
    returnedAt: row.returned_at,
    state: row.state,
    duration: row.duration,
    closeBy: row.close_by,
    outcome: row.outcome,
    note: row.note,
    receivedAt: row.received_at,
    cdr,
    callback: await callbackOf(db, agentId, callId),
  };
}
