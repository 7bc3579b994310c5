/** One history row as the list shows it: who, when, talk time, an outcome mark, who hung up, the wrap-up. No wx. */

import { CallRecord, CallState, connectionOf } from './callRecord';
import {
  callTitle,
  formatCallTime,
  hangUpLabel,
  shownNumber,
  talkTimeText,
  UNKNOWN_DURATION_LABEL,
} from './callPresentation';
import { TcccOutcomeView } from './tcccOutcome';
import { needsWrapUp } from './wrapUp';

/** The outcome marks of the list (an unknown duration has its own), plus calls still under way and failed jumps. */
export type CallMark =
  'connected' | 'not-connected' | 'unknown' | 'not-placed' | 'cancelled' | 'no-result' | 'pending' | 'failed';

const MARKS: Record<CallState, CallMark> = {
  dialing: 'pending',
  'in-tccc': 'pending',
  connected: 'connected',
  'placed-not-connected': 'not-connected',
  'not-placed': 'not-placed',
  cancelled: 'cancelled',
  failed: 'failed',
  'no-result': 'no-result',
  orphan: 'no-result',
};

const MARK_LABELS: Record<CallMark, string> = {
  connected: '已接通',
  'not-connected': '未接通',
  'not-placed': '未呼出',
  unknown: UNKNOWN_DURATION_LABEL,
  cancelled: '已取消',
  'no-result': '无结果',
  pending: '通话中',
  failed: '失败',
};

export function callMark(state: CallState): CallMark {
  return MARKS[state];
}

/** The mark of one call, from what TCCC's fields say (an orphan result is marked by its own result too). */
export function recordMark(record: Pick<CallRecord, 'state' | 'sessionId' | 'duration'>): CallMark {
  const connection = connectionOf(record);
  return connection === 'none' ? MARKS[record.state] : connection;
}

export function markLabel(mark: CallMark): string {
  return MARK_LABELS[mark];
}

export interface HistoryRow {
  id: string;
  /** Name or remark, else the masked number. */
  title: string;
  /** The masked number beside a name; '' when the title is the number. */
  number: string;
  /** Time and who hung up in one line ('10:05 · 客户挂断'): one text node per row instead of two. */
  sub: string;
  /** Talk time of a connected call; '' otherwise (the mark says why, 时长未知 included). */
  talk: string;
  mark: CallMark;
  markLabel: string;
  outcome: string;
  /** Returned without an outcome code yet: the row shows 待小结 and can open the wrap-up sheet. */
  needsWrapUp: boolean;
  /** TCCC's outcome beside the agent's ('TCCC 忙线'), 'TCCC 结果同步中' while awaited, '' when not known. */
  tccc: string;
  /** The phone's record and TCCC's CDR disagree on whether the call connected. */
  disagree: boolean;
}

const NO_TCCC: TcccOutcomeView = { label: '', pending: false, disagree: false, hasRecording: false };

/** The row's words for TCCC's outcome. */
export function tcccRowText(view: TcccOutcomeView): string {
  if (view.label !== '') return `TCCC ${view.label}`;
  return view.pending ? 'TCCC 结果同步中' : '';
}

export function historyRow(
  record: CallRecord,
  masked: boolean,
  now: number,
  tccc: TcccOutcomeView = NO_TCCC,
): HistoryRow {
  const mark = recordMark(record);
  return {
    id: record.id,
    title: callTitle(record, masked),
    number: record.name !== '' ? shownNumber(record.phone, masked) : '',
    sub: [formatCallTime(record.startedAt, now), hangUpLabel(record)].filter((p) => p !== '').join(' · '),
    talk: mark === 'connected' ? talkTimeText(record) : '',
    mark,
    markLabel: MARK_LABELS[mark],
    outcome: record.outcome,
    needsWrapUp: needsWrapUp(record),
    tccc: tcccRowText(tccc),
    disagree: tccc.disagree,
  };
}
