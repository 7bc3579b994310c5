/** Per-day totals of every stored shard, kept in storage beside the shards: date-range stats read each shard once. */

import { dayKey, TimeRange } from '../core/callFilter';
import { CallStats, emptyStats, mergeStats, StatsTally } from '../core/callStats';
import { readIndex, readShardBatch, shardBatchKey, ShardInfo } from './callLog';
import { readStored, writeStored } from './storage';

export const DAY_TOTALS_KEY = 'tccc.calls.days';
/** 2: unknown durations and foreign returns counted apart (issue 12); older totals are counted again. */
export const DAY_TOTALS_SCHEMA = 2;

/** One shard's calls counted per local day ('YYYY-MM-DD'); each day's stats hold that day only. */
export type ShardDays = Record<string, CallStats>;

interface DayTotalsStore {
  v: typeof DAY_TOTALS_SCHEMA;
  /** By shard content key (callLog.shardBatchKey): a rewritten shard gets a new key and is counted again. */
  s: Record<string, ShardDays>;
}

let store: DayTotalsStore | undefined;
let dirty = false;

function isStore(value: unknown): value is DayTotalsStore {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DayTotalsStore>;
  return candidate.v === DAY_TOTALS_SCHEMA && typeof candidate.s === 'object' && candidate.s !== null;
}

function load(): DayTotalsStore {
  if (store === undefined) {
    const stored = readStored(DAY_TOTALS_KEY);
    // Anything else (older schema, damage) is only a cache: start again and count the shards anew.
    store = isStore(stored) ? stored : { v: DAY_TOTALS_SCHEMA, s: {} };
  }
  return store;
}

function countByDay(info: ShardInfo): ShardDays {
  const tallies = new Map<string, StatsTally>();
  for (const record of readShardBatch(info).records) {
    const day = dayKey(record.startedAt);
    let tally = tallies.get(day);
    if (tally === undefined) {
      tally = new StatsTally();
      tallies.set(day, tally);
    }
    tally.add(record);
  }
  const days: ShardDays = {};
  for (const [day, tally] of tallies) days[day] = tally.stats;
  return days;
}

/** A shard's per-day totals: from storage when the shard is unchanged, else counted now (read = true). */
export function shardDayTotals(info: ShardInfo): { days: ShardDays; read: boolean } {
  const current = load();
  const key = shardBatchKey(info);
  const found = current.s[key];
  if (found !== undefined) return { days: found, read: false };
  const days = countByDay(info);
  current.s[key] = days;
  dirty = true;
  return { days, read: true };
}

/** The stats of the days inside the range (all days when none): ranges start and end at local midnight. */
export function sumDays(days: ShardDays, range: TimeRange | undefined): CallStats {
  const total = emptyStats();
  const first = range === undefined ? '' : dayKey(range.from);
  const end = range === undefined ? '' : dayKey(range.to);
  for (const [day, stats] of Object.entries(days)) {
    if (range !== undefined && (day < first || day >= end)) continue;
    mergeStats(total, stats);
  }
  return total;
}

/** Writes what was counted, dropping totals of shards that no longer exist (rewritten, evicted, cleared). */
export function saveDayTotals(): void {
  if (store === undefined) return;
  const live = new Set(readIndex().shards.map(shardBatchKey));
  const kept = Object.entries(store.s).filter(([key]) => live.has(key));
  if (!dirty && kept.length === Object.keys(store.s).length) return;
  store.s = Object.fromEntries(kept);
  // Only a cache: when storage is full it is simply counted again next time.
  if (writeStored(DAY_TOTALS_KEY, store).ok) dirty = false;
}

/** Forgets the in-memory copy (tests model a fresh start with it). */
export function forgetDayTotals(): void {
  store = undefined;
  dirty = false;
}
