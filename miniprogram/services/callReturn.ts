/** Captures TCCC's result however it comes back (warm or cold start, twice, late, or not at all) and finishes the call. */

import { applyResult, CallRecord, newCallRecord, ParsedCallResult } from '../core/callRecord';
import { newCallId } from '../core/recordId';
import { parseCallResult, resultFingerprint, TCCC_APP_ID } from '../core/callResult';
import { PendingState, readPending, reportCallLogProblem, settlePending, writePending } from './callLog';
import { emitCallChange } from './callEvents';

/** A no-result call may still be upgraded by a late result for this long. */
export const LATE_RESULT_WINDOW_MS = 6 * 60 * 60 * 1000;
/** At most this many no-result calls wait for a late result; older ones are archived as they are. */
const LATE_RESULT_KEEP = 3;

/** The part of App.onLaunch / onShow options this service reads; referrerInfo may be missing on some versions. */
export interface ShowOptions {
  scene?: number;
  referrerInfo?: { appId?: string; extraData?: unknown } | undefined;
}

export interface CallReturn {
  /** The call that got its result (or was marked no-result) on this show. */
  finished: CallRecord[];
  /** A result that matched no call of ours, kept as its own entry. */
  orphan: CallRecord | undefined;
}

function isRedelivery(pending: PendingState, result: ParsedCallResult): boolean {
  if (resultFingerprint(result) === pending.last) return true;
  return result.sessionId !== '' && pending.seen.includes(result.sessionId);
}

function orphanRecord(result: ParsedCallResult, now: number): CallRecord {
  const id = newCallId(now);
  const withResult = applyResult(newCallRecord({ id, startedAt: now, state: 'orphan', raw: result.raw }), result, now);
  // The result's fields are kept, but the call stays marked as matching none of ours.
  return { ...withResult, state: 'orphan', raw: result.raw };
}

/** The call a result belongs to: the newest one still in TCCC, else the newest no-result call still in its window. */
function targetFor(rows: CallRecord[], now: number): CallRecord | undefined {
  const byNewest = rows.slice().sort((a, b) => b.startedAt - a.startedAt);
  const waiting = byNewest.find((r) => r.state === 'in-tccc' || r.state === 'dialing');
  if (waiting !== undefined) return waiting;
  return byNewest.find((r) => r.state === 'no-result' && now - r.startedAt < LATE_RESULT_WINDOW_MS);
}

function keepsForLateResult(rows: CallRecord[], now: number): (record: CallRecord) => boolean {
  const waiting = rows
    .filter((r) => r.state === 'no-result' && r.sessionId === '' && now - r.startedAt < LATE_RESULT_WINDOW_MS)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, LATE_RESULT_KEEP)
    .map((r) => r.id);
  return (record) => waiting.includes(record.id);
}

function applyTo(pending: PendingState, result: ParsedCallResult, now: number) {
  pending.last = resultFingerprint(result);
  if (result.sessionId !== '') pending.seen.push(result.sessionId);
  const target = targetFor(pending.rows, now);
  if (target === undefined) {
    const orphan = orphanRecord(result, now);
    pending.rows.push(orphan);
    return { finished: undefined, orphan };
  }
  const finished = applyResult(target, result, now);
  pending.rows = pending.rows.map((r) => (r.id === target.id ? finished : r));
  return { finished, orphan: undefined };
}

/**
 * Applies a new result from the show options; Android's re-delivery of an old one is ignored. Only TCCC's
 * returns are read: another mini program's extraData is its own business, never a call, and is not kept at all
 * (nothing in history, stats or storage); a call waiting for TCCC is then marked no-result like any return
 * without a result, and TCCC's late result may still finish it.
 */
function takeIncomingResult(pending: PendingState, options: ShowOptions | undefined, now: number, change: CallReturn) {
  if (options?.referrerInfo?.appId !== TCCC_APP_ID) return false;
  const result = parseCallResult(options.referrerInfo.extraData);
  if (result === undefined || isRedelivery(pending, result)) return false;
  const applied = applyTo(pending, result, now);
  if (applied.finished !== undefined) change.finished.push(applied.finished);
  change.orphan = applied.orphan;
  return true;
}

/** Whoever left for TCCC and came back without a result of their own: no result (a late one may still come). */
function markReturnedWithoutResult(pending: PendingState, coldStart: boolean, now: number, change: CallReturn) {
  let marked = false;
  pending.rows = pending.rows.map((row) => {
    const away = row.state === 'in-tccc' || (coldStart && row.state === 'dialing');
    if (!away) return row;
    const noResult: CallRecord = { ...row, state: 'no-result', returnedAt: now };
    change.finished.push(noResult);
    marked = true;
    return noResult;
  });
  return marked;
}

/** Tells the agent a result was lost only when it was: calls archived before the failed write are kept. */
function reportUnsavedResult(settled: PendingState, change: CallReturn, full: boolean): void {
  const changed = [...change.finished, ...(change.orphan === undefined ? [] : [change.orphan])];
  const lost = changed.filter((record) => settled.rows.some((row) => row.id === record.id)).length;
  if (lost === 0) return;
  const what = lost === 1 ? '本次通话结果' : `${lost} 通电话的结果`;
  reportCallLogProblem(full ? `存储空间已满，${what}未能保存，请在设置中清理数据` : `${what}保存失败，请稍后重试`);
}

/**
 * Handles App.onLaunch (coldStart) and App.onShow options. Idempotent: the same options seen twice, or
 * Android's re-delivery of an old result, change nothing. Returns what changed, and tells the call feed: the
 * finished calls as a result (the wrap-up sheet offers the newest), an orphan as a call newly kept.
 */
export function captureCallReturn(options: ShowOptions | undefined, coldStart: boolean, now = Date.now()): CallReturn {
  const pending = readPending();
  const change: CallReturn = { finished: [], orphan: undefined };
  const tookResult = takeIncomingResult(pending, options, now, change);
  const markedNoResult = markReturnedWithoutResult(pending, coldStart, now, change);
  if (!tookResult && !markedNoResult) return change;
  const settled = settlePending(pending, keepsForLateResult(pending.rows, now));
  const written = writePending(settled);
  if (!written.ok) reportUnsavedResult(settled, change, written.full);
  if (change.finished.length > 0) emitCallChange({ kind: 'result', calls: change.finished });
  if (change.orphan !== undefined) emitCallChange({ kind: 'append', calls: [change.orphan] });
  return change;
}
