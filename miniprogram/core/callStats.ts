/** Stats over a set of calls: a mergeable tally (so big sets are counted in chunks) and what the stats panel shows. */

import { CallRecord } from './callRecord';
import { closeByLabel, formatTalkTime } from './callPresentation';
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
  /** Talk seconds over connected calls. */
  talkTotal: number;
  talkLongest: number;
  /** Calls per hang-up side ('' = unknown). */
  closeBy: Record<string, number>;
  /** Calls per outcome code ('' = no wrap-up yet). */
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
    talkTotal: 0,
    talkLongest: 0,
    closeBy: {},
    outcomes: {},
    days: {},
    agents: {},
  };
}

/** A call that was answered: connected, or an orphan result that carries talk time. */
export function isConnectedCall(record: CallRecord): boolean {
  if (record.state === 'connected') return true;
  return record.state === 'orphan' && record.sessionId !== '' && (record.duration ?? 0) > 0;
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
    const stats = this.stats;
    const connected = isConnectedCall(record);
    stats.calls += 1;
    if (record.sessionId !== '') stats.placed += 1;
    if (connected) {
      stats.connected += 1;
      const talk = record.duration ?? 0;
      stats.talkTotal += talk;
      if (talk > stats.talkLongest) stats.talkLongest = talk;
    }
    bump(stats.closeBy, record.closeBy);
    bump(stats.outcomes, record.outcome);
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
  connectRate: string;
  talkTotal: string;
  talkAverage: string;
  talkLongest: string;
  closeBySplit: SplitItem[];
  outcomeSplit: SplitItem[];
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
    connectRate: percentText(stats.connected, stats.placed),
    talkTotal: formatTalkTime(stats.talkTotal),
    talkAverage: stats.connected === 0 ? '—' : formatTalkTime(Math.round(stats.talkTotal / stats.connected)),
    talkLongest: stats.connected === 0 ? '—' : formatTalkTime(stats.talkLongest),
    closeBySplit: split(stats.closeBy, stats.calls, (key) => closeByLabel(key) || '未知'),
    outcomeSplit: split(stats.outcomes, stats.calls, (key) => key || '未填小结'),
    chartTitle:
      range === undefined ? '近30天每日通话' : keys.length === 1 ? '当日通话' : `每日通话（${keys.length}天）`,
    bars,
    axis: [String(max), String(max / 2), '0'],
  };
}
