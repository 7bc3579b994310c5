/** One history row as the list shows it: who, when, talk time, an outcome mark, who hung up, the wrap-up. No wx. */

import { CallRecord, CallState } from './callRecord';
import { callTitle, closeByLabel, formatCallTime, formatTalkTime, shownNumber } from './callPresentation';
import { needsWrapUp } from './wrapUp';

/** The five outcome marks of the list, plus calls still under way and failed jumps. */
export type CallMark = 'connected' | 'not-connected' | 'not-placed' | 'cancelled' | 'no-result' | 'pending' | 'failed';

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
  cancelled: '已取消',
  'no-result': '无结果',
  pending: '通话中',
  failed: '失败',
};

export function callMark(state: CallState): CallMark {
  return MARKS[state];
}

export interface HistoryRow {
  id: string;
  /** Name or remark, else the masked number. */
  title: string;
  /** The masked number beside a name; '' when the title is the number. */
  number: string;
  /** Time and who hung up in one line ('10:05 · 客户挂断'): one text node per row instead of two. */
  sub: string;
  /** Talk time of a connected call; '' otherwise (the mark says why). */
  talk: string;
  mark: CallMark;
  markLabel: string;
  outcome: string;
  /** Returned without an outcome code yet: the row shows 待小结 and can open the wrap-up sheet. */
  needsWrapUp: boolean;
}

export function historyRow(record: CallRecord, masked: boolean, now: number): HistoryRow {
  const mark = callMark(record.state);
  return {
    id: record.id,
    title: callTitle(record, masked),
    number: record.name !== '' ? shownNumber(record.phone, masked) : '',
    sub: [formatCallTime(record.startedAt, now), closeByLabel(record.closeBy)].filter((p) => p !== '').join(' · '),
    talk: mark === 'connected' ? formatTalkTime(record.duration) : '',
    mark,
    markLabel: MARK_LABELS[mark],
    outcome: record.outcome,
    needsWrapUp: needsWrapUp(record),
  };
}
