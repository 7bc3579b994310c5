/** The choices in the history page's filter menus: ranges, call states, hang-up sides, outcomes, agents. No wx. */

import { NO_OUTCOME, RANGE_LABELS, RangeKind } from './callFilter';
import { CallState } from './callRecord';
import { closeByLabel, stateLabel } from './callPresentation';

/** One menu entry as van-dropdown-item takes it. */
export interface FilterOption {
  text: string;
  value: string;
}

/** The states a supervisor filters by, in the menu's order (waiting calls are not history yet). */
const STATE_FILTERS: CallState[] = [
  'connected',
  'placed-not-connected',
  'not-placed',
  'cancelled',
  'no-result',
  'failed',
  'orphan',
];

/** Who hung up, as the menu offers it. */
const CLOSE_BY_FILTERS = ['seat', 'client', 'admin'];

export function rangeOptions(): FilterOption[] {
  return (Object.keys(RANGE_LABELS) as RangeKind[]).map((value) => ({ text: RANGE_LABELS[value], value }));
}

export function stateOptions(): FilterOption[] {
  return [{ text: '全部状态', value: '' }, ...STATE_FILTERS.map((s) => ({ text: stateLabel(s), value: s }))];
}

export function closeByOptions(): FilterOption[] {
  return [{ text: '全部挂断方', value: '' }, ...CLOSE_BY_FILTERS.map((c) => ({ text: closeByLabel(c), value: c }))];
}

/** Every outcome code in the settings, and the calls without one. */
export function outcomeOptions(codes: string[]): FilterOption[] {
  return [
    { text: '全部结果', value: '' },
    { text: '未填小结', value: NO_OUTCOME },
    ...codes.map((code) => ({ text: code, value: code })),
  ];
}

/** The agents seen in the calls, and the one filtered by even when none of its calls is in range any more. */
export function agentOptions(agents: string[], current = ''): FilterOption[] {
  const listed = current === '' || agents.includes(current) ? agents : [...agents, current];
  return [{ text: '全部坐席', value: '' }, ...listed.map((a) => ({ text: a, value: a }))];
}
