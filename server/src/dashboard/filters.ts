/** The dashboard's filter state: read from the page URL (so a view can be shared), turned into a CallFilter. */

import type { CallFilter, CallSort } from '../callQuery';

export const DATE_PRESETS = {
  today: '今天',
  yesterday: '昨天',
  '7d': '近7天',
  '30d': '近30天',
  custom: '自定义',
} as const;
export type DatePreset = keyof typeof DATE_PRESETS;

export const HUNG_UP_SIDES: Record<string, string> = { user: '客户', seat: '坐席', system: '系统' };

/** Everything the filter form shows, as text, exactly as it goes back into the URL. */
export interface FilterState {
  preset: DatePreset;
  /** YYYY-MM-DD, Shanghai days, inclusive (custom only; presets fill them). */
  from: string;
  to: string;
  agent: string;
  status: string;
  outcome: string;
  side: string;
  phone: string;
  /** '' (any), '1' (with), '0' (without). */
  rec: string;
  note: string;
  mismatch: boolean;
  /** 'due': only calls whose callback is due today or overdue (the 待回拨 card's link). */
  callback: '' | 'due';
  /** The end of today in Shanghai (epoch ms) when the state was read: what "due" counts up to. */
  endOfToday: number;
  sort: CallSort;
}

const DAY_MS = 24 * 3600_000;
const SHANGHAI_MS = 8 * 3600_000;

/** The Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** Midnight in Shanghai starting that day, epoch ms. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (text: string) => DAY.test(text) && Number.isFinite(dayStart(text));

function one(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads the URL's query leniently: anything unreadable falls back to "any" rather than failing the page. */
export function readFilterState(query: Record<string, unknown>, now: number): FilterState {
  const presetText = one(query, 'preset');
  const preset: DatePreset = presetText in DATE_PRESETS ? (presetText as DatePreset) : '7d';
  const today = shanghaiDay(now);
  let from = today;
  let to = today;
  if (preset === 'yesterday') from = to = shanghaiDay(now - DAY_MS);
  if (preset === '7d') from = shanghaiDay(now - 6 * DAY_MS);
  if (preset === '30d') from = shanghaiDay(now - 29 * DAY_MS);
  if (preset === 'custom') {
    const f = one(query, 'from');
    const t = one(query, 'to');
    from = validDay(f) ? f : shanghaiDay(now - 6 * DAY_MS);
    to = validDay(t) ? t : today;
    if (to < from) [from, to] = [to, from];
  }
  const pick = (name: string, pattern: RegExp) => {
    const value = one(query, name);
    return pattern.test(value) ? value : '';
  };
  return {
    preset,
    from,
    to,
    agent: pick('agent', /^[1-9]\d{0,14}$/),
    status: pick('status', /^[A-Za-z]{1,40}$/),
    // Postgres text holds no NUL: it is dropped rather than failing the page.
    outcome: one(query, 'outcome').slice(0, 64).split(String.fromCharCode(0)).join(''),
    side: one(query, 'side') in HUNG_UP_SIDES ? one(query, 'side') : '',
    phone: pick('phone', /^\d{3,20}$/),
    rec: pick('rec', /^[01]$/),
    note: pick('note', /^[01]$/),
    mismatch: one(query, 'mismatch') === '1',
    callback: one(query, 'callback') === 'due' ? 'due' : '',
    endOfToday: dayStart(today) + DAY_MS,
    sort: one(query, 'sort') === 'talk' ? 'talk' : 'time',
  };
}

/** A range of Shanghai days as the dashboard writes it whatever the browser's locale: 2026-12-01 至 2026-12-07. */
export function rangeText(from: string, to: string): string {
  return from === to ? from : `${from} 至 ${to}`;
}

/** Each preset's days at `now`, as text: the filter form shows the range a preset stands for before it is applied. */
export function presetRanges(now: number): Record<string, string> {
  const ranges: Record<string, string> = {};
  for (const preset of Object.keys(DATE_PRESETS)) {
    if (preset === 'custom') continue;
    const state = readFilterState({ preset }, now);
    ranges[preset] = rangeText(state.from, state.to);
  }
  return ranges;
}

export function filterOfState(state: FilterState): CallFilter {
  const filter: CallFilter = { from: dayStart(state.from), to: dayStart(state.to) + DAY_MS };
  if (state.agent !== '') filter.agentId = Number(state.agent);
  if (state.status !== '') filter.endStatus = state.status;
  if (state.outcome !== '') filter.outcome = state.outcome;
  if (state.side !== '') filter.hungUpSide = state.side;
  if (state.phone !== '') filter.phoneContains = state.phone;
  if (state.rec !== '') filter.hasRecording = state.rec === '1';
  if (state.note !== '') filter.hasNote = state.note === '1';
  if (state.mismatch) filter.mismatch = true;
  if (state.callback === 'due') filter.callbackDueBefore = state.endOfToday;
  return filter;
}

/** The URL query of a state (only what differs from "any"), optionally changed. */
export function stateQuery(state: FilterState, change: Partial<FilterState> = {}): URLSearchParams {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  params.set('preset', next.preset);
  if (next.preset === 'custom') {
    params.set('from', next.from);
    params.set('to', next.to);
  }
  for (const name of ['agent', 'status', 'outcome', 'side', 'phone', 'rec', 'note'] as const) {
    if (next[name] !== '') params.set(name, next[name]);
  }
  if (next.mismatch) params.set('mismatch', '1');
  if (next.callback !== '') params.set('callback', next.callback);
  if (next.sort !== 'time') params.set('sort', next.sort);
  return params;
}

/** The same filter as /api/calls query parameters (epoch ms), for exports and the JSON endpoints. */
export function apiQuery(state: FilterState): URLSearchParams {
  const filter = filterOfState(state);
  const params = new URLSearchParams();
  if (filter.from !== undefined) params.set('from', String(filter.from));
  if (filter.to !== undefined) params.set('to', String(filter.to));
  if (filter.agentId !== undefined) params.set('agentId', String(filter.agentId));
  if (filter.endStatus !== undefined) params.set('endStatus', filter.endStatus);
  if (filter.outcome !== undefined) params.set('outcome', filter.outcome);
  if (filter.hungUpSide !== undefined) params.set('hungUpSide', filter.hungUpSide);
  if (filter.phoneContains !== undefined) params.set('phone', filter.phoneContains);
  if (filter.hasRecording !== undefined) params.set('hasRecording', String(filter.hasRecording));
  if (filter.hasNote !== undefined) params.set('hasNote', String(filter.hasNote));
  if (filter.mismatch === true) params.set('mismatch', 'true');
  if (filter.callbackDueBefore !== undefined) params.set('callbackDueBefore', String(filter.callbackDueBefore));
  return params;
}
