/** Wrap-up rules: which calls still need one, what the sheet says about a call, and what a save must carry. No wx here. */

import { CALLBACK_OUTCOME, DO_NOT_CALL_OUTCOMES } from './agentSettings';
import { CallRecord, CallState, connectionOf } from './callRecord';
import { callTitle, hangUpLabel, shownNumber, stateLabel, talkTimeText } from './callPresentation';

/** Calls that came back (with or without a result) and can be wrapped up; cancelled and failed jumps cannot. */
const WRAPPABLE_STATES: readonly CallState[] = [
  'connected',
  'placed-not-connected',
  'not-placed',
  'no-result',
  'orphan',
];

/** The badge counts unwrapped calls among this many newest calls... */
export const BADGE_WINDOW_CALLS = 50;
/** ...started within this long. Older unwrapped calls are history, not a to-do. */
export const BADGE_WINDOW_MS = 3 * 86_400_000;
/** A call that returned this recently and was never offered is offered when a page opens (cold starts). */
export const FRESH_RETURN_MS = 5 * 60_000;

export function canWrapUp(record: Pick<CallRecord, 'state'>): boolean {
  return WRAPPABLE_STATES.includes(record.state);
}

export function needsWrapUp(record: Pick<CallRecord, 'state' | 'outcome'>): boolean {
  return canWrapUp(record) && record.outcome === '';
}

/** Of calls that just came back, the one whose wrap-up is offered: the newest still needing one. */
export function wrapUpToOffer(records: readonly CallRecord[]): CallRecord | undefined {
  return records.filter(needsWrapUp).sort((a, b) => b.startedAt - a.startedAt)[0];
}

export function countAwaitingWrapUp(records: readonly CallRecord[], now: number): number {
  return records.filter((r) => needsWrapUp(r) && now - r.startedAt < BADGE_WINDOW_MS).length;
}

/** The tab badge text: '' for none (remove the badge), '99+' past 99. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

export interface WrapUpSummary {
  /** Who was called: the name, else the (masked) number. */
  title: string;
  /** The (masked) number under a name; '' when the title is already the number. */
  subtitle: string;
  /** 未呼出 / 未收到通话结果 / 通话 42秒 · 客户挂断 / 时长未知 · 客户挂断 */
  status: string;
}

function statusOf(record: CallRecord): string {
  if (record.state === 'no-result') return '未收到通话结果（可手动填写）';
  const connection = connectionOf(record);
  const parts: string[] = [];
  if (record.state === 'orphan') parts.push(stateLabel('orphan'));
  if (connection === 'not-placed') parts.push('未呼出');
  else if (connection === 'not-connected') parts.push('未接通');
  else if (connection === 'unknown') parts.push(talkTimeText(record));
  else parts.push(`通话 ${talkTimeText(record)}`);
  const side = hangUpLabel(record);
  if (side !== '') parts.push(side);
  return parts.join(' · ');
}

export function summarizeForWrapUp(record: CallRecord, masked: boolean): WrapUpSummary {
  const title = callTitle(record, masked);
  return {
    title,
    subtitle: record.name !== '' ? shownNumber(record.phone, masked) : '',
    status: statusOf(record),
  };
}

export function isCallbackOutcome(outcome: string): boolean {
  return outcome === CALLBACK_OUTCOME;
}

export function isDoNotCallOutcome(outcome: string): boolean {
  return DO_NOT_CALL_OUTCOMES.includes(outcome);
}

export interface WrapUpInput {
  outcome: string;
  /** Epoch ms of the callback; 0 when none was picked. */
  dueAt: number;
  now: number;
  /** Orphan calls have no number: nothing to call back. */
  hasPhone: boolean;
}

/** The message that stops a save, or undefined when it may go ahead. */
export function wrapUpProblem(input: WrapUpInput): string | undefined {
  if (input.outcome === '') return '请选择通话结果';
  if (isCallbackOutcome(input.outcome)) {
    if (!input.hasPhone) return '这通电话没有号码，无法预约回拨';
    if (input.dueAt === 0) return '请选择回拨时间';
    if (input.dueAt <= input.now) return '回拨时间应晚于现在';
  }
  return undefined;
}
