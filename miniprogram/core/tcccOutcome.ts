/** TCCC's true outcome of a call (from its CDR, through the team server): Chinese labels, agreement, outcome code. */

import { CallRecord, connectionOf } from './callRecord';

export const TCCC_OUTCOME_SCHEMA = 1;

/** What the server said TCCC's CDR holds for one call. */
export interface TcccOutcome {
  /** TCCC's EndStatusString (ok, busy, notAnswer, …); null when the CDR had none. */
  endStatus: string | null;
  /** TCCC's talk time in seconds; null when unknown. */
  duration: number | null;
  hasRecording: boolean;
  /** Epoch ms when the phone learned it. */
  at: number;
}

/** TCCC's end statuses in Chinese (TCCC's EndStatus list); an unknown value reads as 其他. One list for phone and server. */
export const END_STATUS_LABELS: Readonly<Record<string, string>> = {
  ok: '已接听',
  notAnswer: '无人接听',
  userReject: '拒接',
  powerOff: '关机',
  numberNotExist: '空号',
  busy: '忙线',
  outOfCredit: '欠费停机',
  operatorError: '运营商线路错误',
  callerCancel: '坐席取消',
  notInService: '不在服务区',
  clientError: '坐席端错误',
  carrierBlocked: '运营商拦截',
  numberInvalid: '无效号码',
  calleeRestricted: '被叫受限',
  areaRestricted: '地区受限',
  restrictedCallee: '风险号码拦截',
  tooManyRequest: '呼叫频率受限',
  restrictedArea: '地区拦截',
  restrictedTime: '时段拦截',
  callerCancelWhileRing: '振铃时坐席取消',
  callerCancelWithoutRing: '未振铃（号码问题）',
  voiceMailReached: '进入语音信箱',
  unconnected: '未接通',
  error: '系统错误',
  unknown: '未知',
};

export function endStatusLabel(endStatus: string | null): string {
  if (endStatus === null) return '未知';
  return END_STATUS_LABELS[endStatus] ?? '其他';
}

/** Whether TCCC says the customer answered: true for ok, false for a known failure, null when it does not say. */
export function tcccConnected(endStatus: string | null): boolean | null {
  if (endStatus === null || endStatus === 'unknown' || !(endStatus in END_STATUS_LABELS)) return null;
  return endStatus === 'ok';
}

/**
 * The phone's record and TCCC's CDR disagree on whether the call connected (the phone saw talk time, TCCC says
 * busy; or the other way). Unknown on either side is no disagreement: nothing is marked on a guess.
 */
export function outcomesDisagree(
  record: Pick<CallRecord, 'state' | 'sessionId' | 'duration'>,
  outcome: TcccOutcome,
): boolean {
  const tccc = tcccConnected(outcome.endStatus);
  if (tccc === null) return false;
  const phone = connectionOf(record);
  if (phone === 'connected') return !tccc;
  if (phone === 'not-connected') return tccc;
  return false;
}

/** The wrap-up code TCCC's status stands for, when it says one thing only (ok says nothing about interest). */
const OUTCOME_CODE_OF: Readonly<Record<string, string>> = {
  busy: '忙线',
  userReject: '拒接',
  numberNotExist: '空号',
  numberInvalid: '空号',
  notAnswer: '未接通',
  powerOff: '未接通',
  notInService: '未接通',
  outOfCredit: '未接通',
  unconnected: '未接通',
};

/** The outcome code to preselect for TCCC's status, if the agent's codes have it; '' otherwise. */
export function suggestedOutcomeCode(endStatus: string | null, codes: readonly string[]): string {
  if (endStatus === null) return '';
  const code = OUTCOME_CODE_OF[endStatus];
  return code !== undefined && codes.includes(code) ? code : '';
}

/** What a history row or the detail says about TCCC's outcome. */
export interface TcccOutcomeView {
  /** '忙线' etc.; '' when not known. */
  label: string;
  /** The result is still on its way from TCCC (a server is set and the call went out). */
  pending: boolean;
  disagree: boolean;
  hasRecording: boolean;
}

const NONE: TcccOutcomeView = { label: '', pending: false, disagree: false, hasRecording: false };

/** Calls TCCC placed or may have placed (a CDR can exist): the ones a server result is awaited for. */
function mayHaveCdr(record: Pick<CallRecord, 'state'>): boolean {
  return record.state === 'connected' || record.state === 'placed-not-connected' || record.state === 'no-result';
}

/** How long after a call a missing CDR is still "on its way"; later it is simply not known. */
export const OUTCOME_WAIT_MS = 24 * 3600_000;

/**
 * `teamSince`: when the phone was bound (null: no team server). Only calls made since then reach the server, so only
 * they are awaited: a call from before the binding never gets a result, and saying it is on its way would be a guess.
 */
export function tcccOutcomeView(
  record: Pick<CallRecord, 'state' | 'sessionId' | 'duration' | 'startedAt'>,
  outcome: TcccOutcome | undefined,
  teamSince: number | null,
  now: number,
): TcccOutcomeView {
  if (outcome !== undefined) {
    return {
      label: endStatusLabel(outcome.endStatus),
      pending: false,
      disagree: outcomesDisagree(record, outcome),
      hasRecording: outcome.hasRecording,
    };
  }
  const awaited = teamSince !== null && record.startedAt >= teamSince;
  if (awaited && mayHaveCdr(record) && now - record.startedAt < OUTCOME_WAIT_MS) return { ...NONE, pending: true };
  return NONE;
}

/** Reads a stored outcome of any age; null when it is not one. */
export function readTcccOutcome(value: unknown): TcccOutcome | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<TcccOutcome>;
  if (typeof v.at !== 'number') return null;
  return {
    endStatus: typeof v.endStatus === 'string' ? v.endStatus : null,
    duration: typeof v.duration === 'number' ? v.duration : null,
    hasRecording: v.hasRecording === true,
    at: v.at,
  };
}

/** What the server answers about one call (batch answer or status poll): `tccc` null until a CDR has joined. */
export interface ServerCallStatus {
  id: string;
  tccc: { endStatus: string | null; duration: number | null; hasRecording: boolean } | null;
}

/** The calls of a server answer (`{calls: [...]}`) that read as statuses; anything else is skipped, never guessed. */
export function readServerStatuses(data: unknown): ServerCallStatus[] {
  const calls = (data as { calls?: unknown } | null)?.calls;
  if (!Array.isArray(calls)) return [];
  const statuses: ServerCallStatus[] = [];
  for (const item of calls) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, tccc } = item as { id?: unknown; tccc?: unknown };
    if (typeof id !== 'string') continue;
    if (tccc === null || tccc === undefined) {
      statuses.push({ id, tccc: null });
      continue;
    }
    if (typeof tccc !== 'object') continue;
    const t = tccc as { endStatus?: unknown; duration?: unknown; hasRecording?: unknown };
    statuses.push({
      id,
      tccc: {
        endStatus: typeof t.endStatus === 'string' ? t.endStatus : null,
        duration: typeof t.duration === 'number' ? t.duration : null,
        hasRecording: t.hasRecording === true,
      },
    });
  }
  return statuses;
}
