/** Which calls a supervisor is looking at: the filter's shape, its date range, matching one call, and its chips. */

import { CallRecord, CallState, connectionOf } from './callRecord';
import { closeByLabel, stateLabel } from './callPresentation';
import { maskPhone } from './phoneNumber';
import { needsWrapUp } from './wrapUp';

export type RangeKind = 'all' | 'today' | '7d' | '30d' | 'custom';

/** Filter value for calls without a wrap-up outcome. */
export const NO_OUTCOME = '__none__';

export interface CallFilter {
  range: RangeKind;
  /** Custom range, local dates 'YYYY-MM-DD', both days included; '' when not custom. */
  fromDay: string;
  toDay: string;
  /** '' = any. */
  state: CallState | '';
  closeBy: string;
  /** An outcome code, NO_OUTCOME, or '' for any. */
  outcome: string;
  /** Agent account (userId); a shared phone may have several. */
  agent: string;
  /** Free text over name/remark, wrap-up note and number digits. */
  text: string;
  /**
   * Numbers are masked on screen: digits then match only what the agent can see (the digits the mask leaves,
   * e.g. 138 and 5678 of 138****5678) or the whole number, so a search never reveals a hidden digit.
   */
  masked: boolean;
}

export const EMPTY_FILTER: CallFilter = {
  range: 'all',
  fromDay: '',
  toDay: '',
  state: '',
  closeBy: '',
  outcome: '',
  agent: '',
  text: '',
  masked: true,
};

export const RANGE_LABELS: Record<RangeKind, string> = {
  all: '全部时间',
  today: '今天',
  '7d': '近7天',
  '30d': '近30天',
  custom: '自定义',
};

/** Start (inclusive) and end (exclusive) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Local midnight of the day holding `at`. */
export function startOfDay(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** 'YYYY-MM-DD' of a local day. */
export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight of 'YYYY-MM-DD', or NaN when the text is not a date. */
export function parseDayKey(key: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return NaN;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** The time range a filter covers, or undefined for all time. Days are local days; ranges end tonight. */
export function rangeOf(filter: Pick<CallFilter, 'range' | 'fromDay' | 'toDay'>, now: number): TimeRange | undefined {
  const today = startOfDay(now);
  // Days are added with Date so a 23- or 25-hour day (DST elsewhere) still ends at midnight.
  const addDays = (at: number, days: number) => {
    const d = new Date(at);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
  };
  switch (filter.range) {
    case 'today':
      return { from: today, to: addDays(today, 1) };
    case '7d':
      return { from: addDays(today, -6), to: addDays(today, 1) };
    case '30d':
      return { from: addDays(today, -29), to: addDays(today, 1) };
    case 'custom': {
      const from = parseDayKey(filter.fromDay);
      const to = parseDayKey(filter.toDay);
      if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
      return { from: Math.min(from, to), to: addDays(Math.max(from, to), 1) };
    }
    default:
      return undefined;
  }
}

/** A filter prepared once for matching thousands of calls. */
export interface CompiledFilter {
  range: TimeRange | undefined;
  state: CallState | '';
  closeBy: string;
  outcome: string;
  agent: string;
  /** Lower-cased text for names; '' when none. */
  words: string;
  /** Digits of the text, when it has at least 3 (matched against the number). */
  digits: string;
  masked: boolean;
}

export function compileFilter(filter: CallFilter, now: number): CompiledFilter {
  const text = filter.text.trim();
  const digits = text.replace(/\D/g, '');
  return {
    range: rangeOf(filter, now),
    state: filter.state,
    closeBy: filter.closeBy,
    outcome: filter.outcome,
    agent: filter.agent,
    words: text.toLowerCase(),
    digits: digits.length >= 3 ? digits : '',
    masked: filter.masked,
  };
}

/** The whole number, typed with or without China's country code (+86 / 0086). */
function isWholeNumber(digits: string, phone: string): boolean {
  return digits === phone || digits === `86${phone}` || digits === `0086${phone}`;
}

/** Digits match a masked number only inside the parts the mask leaves visible, or as the whole number. */
function matchesDigits(phone: string, digits: string, masked: boolean): boolean {
  if (digits === '') return false;
  if (isWholeNumber(digits, phone)) return true;
  // Cheap test first: visible parts are pieces of the number, so a miss here is a miss there.
  if (!phone.includes(digits)) return false;
  if (!masked) return true;
  return maskPhone(phone)
    .split('*')
    .some((part) => part.replace(/\D/g, '').includes(digits));
}

function matchesText(record: CallRecord, compiled: CompiledFilter): boolean {
  if (compiled.words === '') return true;
  if (record.name !== '' && record.name.toLowerCase().includes(compiled.words)) return true;
  if (record.note !== '' && record.note.toLowerCase().includes(compiled.words)) return true;
  return matchesDigits(record.phone, compiled.digits, compiled.masked);
}

function matchesOutcome(record: CallRecord, outcome: string): boolean {
  // The same calls the stats count as 未填小结: cancelled and failed jumps need no wrap-up.
  if (outcome === NO_OUTCOME) return needsWrapUp(record);
  return outcome === '' || record.outcome === outcome;
}

function inRange(record: CallRecord, range: TimeRange | undefined): boolean {
  return range === undefined || (record.startedAt >= range.from && record.startedAt < range.to);
}

/** A call with an unknown duration is neither 已接通 nor 未接通: only 全部状态 (or 无拨打记录) finds it. */
function matchesState(record: CallRecord, state: CallState | ''): boolean {
  if (state === '') return true;
  return record.state === state && (state === 'orphan' || connectionOf(record) !== 'unknown');
}

/** True when the call passes every part of the filter. */
export function matchesCall(record: CallRecord, compiled: CompiledFilter): boolean {
  return (
    inRange(record, compiled.range) &&
    matchesState(record, compiled.state) &&
    // Hang-up side only of placed calls, as it is shown.
    (compiled.closeBy === '' || (record.closeBy === compiled.closeBy && record.sessionId !== '')) &&
    matchesOutcome(record, compiled.outcome) &&
    (compiled.agent === '' || record.userId === compiled.agent) &&
    matchesText(record, compiled)
  );
}

/** A key that changes whenever the set of matching calls may change (the text is compared trimmed). */
export function filterKey(filter: CallFilter, now: number): string {
  const range = rangeOf(filter, now);
  return JSON.stringify([
    range?.from ?? 0,
    range?.to ?? 0,
    filter.state,
    filter.closeBy,
    filter.outcome,
    filter.agent,
    filter.text.trim().toLowerCase(),
    filter.masked,
  ]);
}

export type FilterField = 'range' | 'state' | 'closeBy' | 'outcome' | 'agent' | 'text';

export interface FilterChip {
  field: FilterField;
  label: string;
}

function rangeChipLabel(filter: CallFilter): string {
  if (filter.range !== 'custom') return RANGE_LABELS[filter.range];
  const short = (key: string) => key.slice(5);
  return filter.fromDay === filter.toDay ? short(filter.fromDay) : `${short(filter.fromDay)} 至 ${short(filter.toDay)}`;
}

/** The active parts of a filter as closeable chips, in a fixed order. */
export function filterChips(filter: CallFilter): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filter.range !== 'all') chips.push({ field: 'range', label: rangeChipLabel(filter) });
  if (filter.state !== '') chips.push({ field: 'state', label: stateLabel(filter.state) });
  if (filter.closeBy !== '') chips.push({ field: 'closeBy', label: closeByLabel(filter.closeBy) });
  if (filter.outcome !== '') {
    chips.push({ field: 'outcome', label: filter.outcome === NO_OUTCOME ? '未填小结' : filter.outcome });
  }
  if (filter.agent !== '') chips.push({ field: 'agent', label: `坐席 ${filter.agent}` });
  if (filter.text.trim() !== '') chips.push({ field: 'text', label: `“${filter.text.trim()}”` });
  return chips;
}

/** The filter with one part cleared. */
export function clearFilterField(filter: CallFilter, field: FilterField): CallFilter {
  if (field === 'range') return { ...filter, range: 'all', fromDay: '', toDay: '' };
  return { ...filter, [field]: '' };
}
