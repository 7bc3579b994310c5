/** Filtered pages and stats over the call log, read shard by shard so 50,000 calls never hold the page for long. */

import { CallFilter, CompiledFilter, compileFilter, filterKey, matchesCall } from '../core/callFilter';
import { CallRecord } from '../core/callRecord';
import { CallStats, emptyStats, mergeStats, StatsTally } from '../core/callStats';
import { forgetDayTotals, saveDayTotals, shardDayTotals, sumDays } from './callDayTotals';
import { CallScanPlan, planCallScan, readShardBatch, shardBatchKey, ShardInfo } from './callLog';

/** Lets WeChat render and handle taps between chunks of work. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Shards one step of a filtered list may read: a shard holds about 1,000 calls, so a search that matches nothing
 * costs a few milliseconds per step in Node (several times that on a phone) before WeChat gets a turn.
 */
export const SHARDS_PER_STEP = 2;

export interface CursorPage {
  records: CallRecord[];
  /** True when no call is left to match. */
  done: boolean;
}

/**
 * The calls a filter matches, newest first, a page at a time. Shards outside the date range are never
 * read; each next() reads at most maxShards shards, so a narrow search over a big log returns in steps.
 */
export class CallCursor {
  private readonly compiled: CompiledFilter;
  private readonly plan: CallScanPlan;
  private shardAt = 0;
  private buffer: CallRecord[] = [];
  /** Matching calls still in the pending key, newest first: each joins the pages where its start time falls. */
  private pending: CallRecord[];

  constructor(filter: CallFilter, now: number) {
    this.compiled = compileFilter(filter, now);
    this.plan = planCallScan(this.compiled.range);
    this.pending = this.plan.pending
      .filter((r) => matchesCall(r, this.compiled))
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  get exhausted(): boolean {
    return this.buffer.length === 0 && this.pending.length === 0 && this.shardAt >= this.plan.shards.length;
  }

  next(limit: number, maxShards = SHARDS_PER_STEP): CursorPage {
    let read = 0;
    while (this.buffer.length < limit && this.shardAt < this.plan.shards.length && read < maxShards) {
      const info = this.plan.shards[this.shardAt];
      this.shardAt += 1;
      read += 1;
      if (info === undefined) continue;
      const batch = readShardBatch(info);
      for (const record of batch.records) {
        if (!matchesCall(record, this.compiled)) continue;
        this.takePendingFrom(record.startedAt);
        this.buffer.push(record);
      }
    }
    if (this.shardAt >= this.plan.shards.length) this.takePendingFrom(-Infinity);
    const records = this.buffer.splice(0, limit);
    return { records, done: this.exhausted };
  }

  /** Moves the pending calls that started at or after `startedAt` into the page buffer. */
  private takePendingFrom(startedAt: number): void {
    while (this.pending.length > 0 && (this.pending[0] as CallRecord).startedAt >= startedAt) {
      this.buffer.push(this.pending.shift() as CallRecord);
    }
  }
}

interface ShardStats {
  stats: CallStats;
  /** Every agent account in the shard, matched or not: the agent filter's choices. */
  agents: string[];
}

/** Per-shard results by filter and shard content; a rewritten shard gets a new key. */
const shardStatsCache = new Map<string, ShardStats>();
const SHARD_STATS_CACHE_LIMIT = 600;

function cacheShardStats(key: string, value: ShardStats): void {
  if (shardStatsCache.size >= SHARD_STATS_CACHE_LIMIT) shardStatsCache.clear();
  shardStatsCache.set(key, value);
}

export interface StatsResult {
  stats: CallStats;
  /** Agent accounts seen in the scanned range, sorted. */
  agents: string[];
  /** Shards read from storage (the rest came from the cache): what the benchmark reports. */
  shardsRead: number;
  shardsTotal: number;
}

export interface StatsOptions {
  /** Called after each shard with shards done and total, for a progress bar. */
  onProgress?(done: number, total: number): void;
  /** Checked between shards: a newer filter makes this run stop. */
  isCancelled?(): boolean;
  /** How to wait between shards; tests may pass their own. */
  yieldBetween?: () => Promise<void>;
}

function tallyRecords(records: CallRecord[], compiled: CompiledFilter): ShardStats {
  const tally = new StatsTally();
  const agents = new Set<string>();
  for (const record of records) {
    agents.add(record.userId);
    if (matchesCall(record, compiled)) tally.add(record);
  }
  return { stats: tally.stats, agents: [...agents] };
}

/** One shard's stats for a filter, from the cache when the shard is unchanged. */
function shardStats(info: ShardInfo, key: string, compiled: CompiledFilter): { part: ShardStats; read: boolean } {
  const cacheKey = `${key}|${shardBatchKey(info)}`;
  const cached = shardStatsCache.get(cacheKey);
  if (cached !== undefined) return { part: cached, read: false };
  const part = tallyRecords(readShardBatch(info).records, compiled);
  cacheShardStats(cacheKey, part);
  return { part, read: true };
}

/** True when only the date range narrows the set: per-day totals kept in storage answer it. */
export function isDateOnly(filter: CallFilter): boolean {
  return (
    filter.state === '' &&
    filter.closeBy === '' &&
    filter.outcome === '' &&
    filter.agent === '' &&
    filter.text.trim() === ''
  );
}

/** One shard's stats for a date range, from the per-day totals kept in storage. */
function shardStatsByDay(info: ShardInfo, compiled: CompiledFilter): { part: ShardStats; read: boolean } {
  const { days, read } = shardDayTotals(info);
  const stats = sumDays(days, compiled.range);
  return { part: { stats, agents: Object.keys(stats.agents) }, read };
}

type ShardStatsSource = (info: ShardInfo) => { part: ShardStats; read: boolean };

function shardStatsSource(filter: CallFilter, now: number, compiled: CompiledFilter): ShardStatsSource {
  if (isDateOnly(filter)) return (info) => shardStatsByDay(info, compiled);
  const key = filterKey(filter, now);
  return (info) => shardStats(info, key, compiled);
}

/**
 * Stats over every call the filter matches. A date-range-only filter (the usual view) sums per-day totals kept
 * in storage beside the shards, so only shards written since are read, even after a cold start. Other filters
 * count each shard once per filter and keep the result in memory. Work yields after every shard read (with
 * progress); resolves undefined when cancelled.
 */
export async function computeStats(
  filter: CallFilter,
  now: number,
  options: StatsOptions = {},
): Promise<StatsResult | undefined> {
  const { onProgress = noop, isCancelled = never, yieldBetween = nextTurn } = options;
  const compiled = compileFilter(filter, now);
  const source = shardStatsSource(filter, now, compiled);
  const plan = planCallScan(compiled.range);
  const pending = tallyRecords(plan.pending, compiled);
  const stats = mergeStats(emptyStats(), pending.stats);
  const agents = new Set(pending.agents);
  let shardsRead = 0;
  for (const [i, info] of plan.shards.entries()) {
    if (isCancelled()) return undefined;
    const { part, read } = source(info);
    if (read) shardsRead += 1;
    mergeStats(stats, part.stats);
    for (const agent of part.agents) agents.add(agent);
    onProgress(i + 1, plan.shards.length);
    // Only real reads cost time; cached shards are merged without a pause.
    if (read && i + 1 < plan.shards.length) await yieldBetween();
  }
  saveDayTotals();
  return isCancelled() ? undefined : statsResult(stats, agents, shardsRead, plan.shards.length);
}

function statsResult(stats: CallStats, agents: Set<string>, shardsRead: number, shardsTotal: number): StatsResult {
  agents.delete('');
  return { stats, agents: [...agents].sort(), shardsRead, shardsTotal };
}

function noop(): void {
  // No progress shown.
}

function never(): boolean {
  return false;
}

/** Forgets every in-memory result, as a fresh start of the app would (the stored per-day totals stay). */
export function resetStatsCache(): void {
  shardStatsCache.clear();
  forgetDayTotals();
}

export interface ScanOptions {
  onProgress?(done: number, total: number): void;
  yieldBetween?: () => Promise<void>;
}

/** Visits every matching call newest first in batches, yielding between shards (export uses this). */
export async function forEachMatchingBatch(
  filter: CallFilter,
  now: number,
  visit: (records: CallRecord[]) => void | Promise<void>,
  options: ScanOptions = {},
): Promise<void> {
  const compiled = compileFilter(filter, now);
  const plan = planCallScan(compiled.range);
  const pending = plan.pending.filter((r) => matchesCall(r, compiled));
  if (pending.length > 0) await visit(pending);
  for (let i = 0; i < plan.shards.length; i += 1) {
    const info = plan.shards[i];
    if (info === undefined) continue;
    const matched = readShardBatch(info).records.filter((r) => matchesCall(r, compiled));
    if (matched.length > 0) await visit(matched);
    options.onProgress?.(i + 1, plan.shards.length);
    if (i + 1 < plan.shards.length) await (options.yieldBetween ?? nextTurn)();
  }
}
