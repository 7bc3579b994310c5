/** Stats over a set of calls: a mergeable tally (so big sets are counted in chunks) and what the stats panel shows. */

import { CallRecord, connectionOf, knownTalkSeconds } from './callRecord';
import { closeByLabel, formatTalkTime } from './callPresentation';
import { TCCC_APP_ID } from './callResult';
import { BADGE_WINDOW_CALLS, BADGE_WINDOW_MS, canWrapUp } from './wrapUp';
import { dayKey, parseDayKey, startOfDay, TimeRange } from './callFilter';

export interface DayTally {
  calls: number;
  connected: number;
}

export interface CallStats {
  calls: number;
  /** Calls TCCC placed (it gave a session id). */
  placed: number;
  connected: number;
  /** Placed calls whose duration is unknown: counted neither as connected nor as not connected. */
  unknown: number;
  /** Talk seconds over connected calls with a known duration. */
  talkTotal: number;
  talkLongest: number;
  /** Placed calls per hang-up side ('' = unknown). */
  closeBy: Record<string, number>;
  /** Calls that take a wrap-up, per outcome code ('' = no wrap-up yet, as the badge and 待小结 count them). */
  outcomes: Record<string, number>;
  /** Calls per local day, keyed 'YYYY-MM-DD'. */
  days: Record<string, DayTally>;
  /** Calls per agent account: the agent filter offers these. */
  agents: Record<string, number>;
}

export function emptyStats(): CallStats {
  return {
    calls: 0,
    placed: 0,
    connected: 0,
    unknown: 0,
    talkTotal: 0,
    talkLongest: 0,
    closeBy: {},
    outcomes: {},
    days: {},
    agents: {},
  };
}

/** A call that was answered: connected (or an orphan TCCC result) with a known talk time. */
export function isConnectedCall(record: CallRecord): boolean {
  return connectionOf(record) === 'connected';
}

/** A result another mini program sent: older versions kept it as an orphan; it is not a call and never counted. */
export function isForeignReturn(record: CallRecord): boolean {
  return record.source !== undefined && record.source !== TCCC_APP_ID;
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Counts calls into a tally; calls usually arrive in time order, so the day of the last call is reused. */
export class StatsTally {
  readonly stats: CallStats = emptyStats();
  private dayFrom = 0;
  private dayTo = 0;
  private day = '';

  private dayOf(at: number): string {
    if (at < this.dayFrom || at >= this.dayTo) {
      this.dayFrom = startOfDay(at);
      this.dayTo = startOfDay(this.dayFrom + 36 * 3_600_000);
      this.day = dayKey(at);
    }
    return this.day;
  }

  add(record: CallRecord): void {
    if (isForeignReturn(record)) return;
    const stats = this.stats;
    const connection = connectionOf(record);
    const connected = connection === 'connected';
    stats.calls += 1;
    if (record.sessionId !== '') {
      stats.placed += 1;
      bump(stats.closeBy, record.closeBy);
    }
    if (connection === 'unknown') stats.unknown += 1;
    if (connected) {
      stats.connected += 1;
      const talk = knownTalkSeconds(record.duration) ?? 0;
      stats.talkTotal += talk;
      if (talk > stats.talkLongest) stats.talkLongest = talk;
    }
    if (canWrapUp(record)) bump(stats.outcomes, record.outcome);
    bump(stats.agents, record.userId);
    const key = this.dayOf(record.startedAt);
    const day = stats.days[key] ?? (stats.days[key] = { calls: 0, connected: 0 });
    day.calls += 1;
    if (connected) day.connected += 1;
  }
}

function mergeCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) bump(into, key, count);
}

/** Adds one tally into another (chunks of a big set are counted apart, then merged). */
export function mergeStats(into: CallStats, from: CallStats): CallStats {
  into.calls += from.calls;
  into.placed += from.placed;
  into.connected += from.connected;
  into.unknown += from.unknown;
  into.talkTotal += from.talkTotal;
  into.talkLongest = Math.max(into.talkLongest, from.talkLongest);
  mergeCounts(into.closeBy, from.closeBy);
  mergeCounts(into.outcomes, from.outcomes);
  mergeCounts(into.agents, from.agents);
  for (const [key, day] of Object.entries(from.days)) {
    const target = into.days[key] ?? (into.days[key] = { calls: 0, connected: 0 });
    target.calls += day.calls;
    target.connected += day.connected;
  }
  return into;
}

export function statsOf(records: CallRecord[]): CallStats {
  const tally = new StatsTally();
  for (const record of records) tally.add(record);
  return tally.stats;
}

export interface SplitItem {
  label: string;
  count: number;
  /** Share of all calls, 0..100, rounded. */
  percent: number;
}

export interface ChartBar {
  key: string;
  /** Shown under some bars only, so labels never crowd. */
  label: string;
  calls: number;
  connected: number;
  /** Bar heights as a percentage of the axis top. */
  height: number;
  connectedHeight: number;
}

export interface StatsView {
  calls: number;
  placed: number;
  connected: number;
  /** Placed calls with an unknown duration, left out of the connect rate and the talk time. */
  unknown: number;
  /** Connected among placed calls whose connection is known. */
  connectRate: string;
  talkTotal: string;
  talkAverage: string;
  talkLongest: string;
  closeBySplit: SplitItem[];
  outcomeSplit: SplitItem[];
  /** What the figures leave out and why they may differ from the tab badge; '' when nothing needs saying. */
  note: string;
  chartTitle: string;
  bars: ChartBar[];
  /** Y-axis ticks from the top down (calls per day); the top one is the height of a full bar. */
  axis: string[];
}

/** The most days the chart draws; longer ranges show their last days. */
export const CHART_MAX_DAYS = 31;

/** 62.5% with one decimal, '—' when nothing was placed. */
export function percentText(part: number, whole: number): string {
  if (whole === 0) return '—';
  const value = Math.round((part / whole) * 1000) / 10;
  return `${value}%`;
}

function split(counts: Record<string, number>, total: number, label: (key: string) => string): SplitItem[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || Number(a[0] === '') - Number(b[0] === '') || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({
      label: label(key),
      count,
      percent: total === 0 ? 0 : Math.round((count / total) * 100),
    }));
}

/** The days the chart shows: the range's last CHART_MAX_DAYS days, or the last 30 days for all time. */
export function chartDays(range: TimeRange | undefined, now: number): string[] {
  const end = range === undefined ? startOfDay(now) : startOfDay(range.to - 1);
  const limit = range === undefined ? 30 : CHART_MAX_DAYS;
  const endDate = new Date(end);
  const keys: string[] = [];
  for (let back = 0; back < limit; back += 1) {
    const at = new Date(endDate.getFullYear(), endDate.getMonth(), endDate.getDate() - back).getTime();
    if (range !== undefined && at < range.from) break;
    keys.unshift(dayKey(at));
  }
  return keys;
}

function barLabel(key: string, index: number, count: number): string {
  const step = count <= 8 ? 1 : count <= 16 ? 2 : 5;
  // Label from the newest day backwards, so today is always labelled.
  if ((count - 1 - index) % step !== 0) return '';
  // Month and day on every label: a bare day number cannot say which month a 30-day chart crosses into.
  const date = new Date(parseDayKey(key));
  return `${date.getMonth() + 1}/${date.getDate()}`;
}

/** The smallest 1, 2 or 5 times a power of ten that is at least `value` (value >= 0.5). */
function niceStep(value: number): number {
  let power = 1;
  for (;;) {
    for (const step of [1, 2, 5]) if (step * power >= value) return step * power;
    power *= 10;
  }
}

/** The axis top: twice a round step, so the middle tick is a whole number too. */
function axisTop(busiest: number): number {
  return 2 * niceStep(Math.max(1, busiest) / 2);
}

/** Says what the figures leave out: unknown durations, and the badge's narrower window for 未填小结. */
function statsNote(stats: CallStats): string {
  const notes: string[] = [];
  if (stats.unknown > 0) notes.push(`${stats.unknown} 通时长未知，不计入接通率和通话时长`);
  if ((stats.outcomes[''] ?? 0) > 0) {
    notes.push(
      `未填小结按所选时间统计，通话记录角标只计近${BADGE_WINDOW_MS / 86_400_000}天内最新${BADGE_WINDOW_CALLS}通`,
    );
  }
  return notes.join('；');
}

/** What the stats panel shows for a tally over a range. */
export function statsView(stats: CallStats, range: TimeRange | undefined, now: number): StatsView {
  const keys = chartDays(range, now);
  const max = axisTop(Math.max(0, ...keys.map((k) => stats.days[k]?.calls ?? 0)));
  const bars = keys.map((key, index) => {
    const day = stats.days[key] ?? { calls: 0, connected: 0 };
    return {
      key,
      label: barLabel(key, index, keys.length),
      calls: day.calls,
      connected: day.connected,
      height: Math.round((day.calls / max) * 100),
      connectedHeight: Math.round((day.connected / max) * 100),
    };
  });
  return {
    calls: stats.calls,
    placed: stats.placed,
    connected: stats.connected,
    unknown: stats.unknown,
    connectRate: percentText(stats.connected, stats.placed - stats.unknown),
    talkTotal: formatTalkTime(stats.talkTotal),
    talkAverage: stats.connected === 0 ? '—' : formatTalkTime(Math.round(stats.talkTotal / stats.connected)),
    talkLongest: stats.connected === 0 ? '—' : formatTalkTime(stats.talkLongest),
    closeBySplit: split(stats.closeBy, stats.placed, (key) => closeByLabel(key) || '未知'),
    outcomeSplit: split(stats.outcomes, stats.calls, (key) => key || '未填小结'),
    note: statsNote(stats),
    chartTitle:
      range === undefined ? '近30天每日通话' : keys.length === 1 ? '当日通话' : `每日通话（${keys.length}天）`,
    bars,
    axis: [String(max), String(max / 2), '0'],
  };
}
