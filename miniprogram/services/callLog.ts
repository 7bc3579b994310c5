/** The one owner of call records in storage: a small pending key, time-ordered shards, and their index. */

import { CallRecord, isAwaitingResult } from '../core/callRecord';
import {
  CALL_LOG_SCHEMA,
  CallShard,
  emptyShard,
  packRecord,
  pushRow,
  shardBytes,
  shardOf,
  unpackShard,
} from '../core/callShardV3';
import { upgradeShard } from '../core/callShardUpgrade';
import { startedAtOfId } from '../core/recordId';
import { createShardedStore, nextGeneration, QuarantineEntry, ShardIndex } from './shardedStore';
import { readStoredStrict, removeStored, StorageWriteResult, writeStored } from './storage';
import { emitCallChange } from './callEvents';

export type { QuarantineEntry } from './shardedStore';

export const PENDING_KEY = 'tccc.calls.pending';
export const INDEX_KEY = 'tccc.calls.index';
export const SHARD_PREFIX = 'tccc.calls.s.';
export const QUARANTINE_PREFIX = 'tccc.calls.q.';
/** The list of damaged keys set aside (QuarantineEntry[]), for the settings notice and the support export. */
export const QUARANTINE_LIST_KEY = 'tccc.calls.quarantine';
/** A shard is rewritten whole on every change: small shards keep each append cheap. */
export const SHARD_MAX_BYTES = 64 * 1024;
/** How many recent session ids are remembered to recognise a result delivered twice. */
const SEEN_SESSIONS = 20;

export interface PendingState {
  v: typeof CALL_LOG_SCHEMA;
  /** Calls waiting for TCCC, and no-result calls a late result may still upgrade. */
  rows: CallRecord[];
  /** Fingerprint of the last result applied, to recognise Android's re-delivery. */
  last: string;
  seen: string[];
}

export interface ShardInfo {
  /** Shard number: the key is SHARD_PREFIX + k. */
  k: number;
  /** Records in it. */
  n: number;
  /** UTF-8 bytes of its stored JSON (written by older versions: approximate). */
  b: number;
  /** First and last startedAt in it (epoch ms). */
  f: number;
  l: number;
  /** Times this shard was written: a cached per-shard result is current while it is unchanged. */
  w?: number;
}

/** The shard list; its generation is bumped on every shard write, so a cached shard is known to be current. */
export type CallIndex = ShardIndex<ShardInfo>;

function isShardInfo(value: unknown): value is ShardInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Partial<ShardInfo>;
  return ['k', 'n', 'b', 'f', 'l'].every((field) => typeof info[field as keyof ShardInfo] === 'number');
}

function callsText(calls: number): string {
  return calls >= 0 ? `${calls} 条通话记录` : '部分通话记录（条数未知）';
}

/** The notice for one damaged key: what is affected and where the raw data went, never more than is true. */
function quarantineNotice(key: string, calls: number, kept: boolean): string {
  if (key === INDEX_KEY) return '通话记录的目录已损坏，已根据各条记录重建，通话记录本身不受影响';
  const what = key === PENDING_KEY ? `进行中的${calls >= 0 ? ` ${calls} 通` : ''}电话记录` : callsText(calls);
  if (!kept) return `${what}的数据已损坏且无法读取，已清除，刚拨出的电话可能没有记录`;
  return `${what}的数据已损坏，无法读取；原始数据已保留，可在“设置”中复制给技术支持。其余记录不受影响`;
}

/**
 * Damaged keys are set aside by the store: a readable value is copied under QUARANTINE_PREFIX; an unreadable shard
 * (or one with no room for its copy) stays where it is, listed so it is never read or overwritten again. Only the
 * pending key and the index, which must be rewritten, give up data that cannot be read; the index is rebuilt.
 */
const store = createShardedStore<ShardInfo>({
  schema: CALL_LOG_SCHEMA,
  indexKey: INDEX_KEY,
  shardPrefix: SHARD_PREFIX,
  quarantinePrefix: QUARANTINE_PREFIX,
  quarantineListKey: QUARANTINE_LIST_KEY,
  isShardInfo,
  quarantineNotice,
  onQuarantine: () => emitCallChange({ kind: 'quarantine', calls: [] }),
});

/** Calls actually removed to make room since the agent was last told: one notice with the total. */
let evictedCalls = 0;
let cachedShard: { k: number; gen: number; shard: CallShard } | undefined;

/** For callers that know what a failed write lost (e.g. a call's result): the agent is told exactly that. */
export function reportCallLogProblem(message: string): void {
  store.notify(message);
}

/** Messages the agent must see (storage full, damaged data); each is returned once. */
export function takeCallLogNotices(): string[] {
  const taken = store.takeNotices();
  if (evictedCalls > 0) taken.unshift(`存储空间已满，为腾出空间已删除最早的 ${evictedCalls} 条通话记录`);
  evictedCalls = 0;
  return taken;
}

function emptyPending(): PendingState {
  return { v: CALL_LOG_SCHEMA, rows: [], last: '', seen: [] };
}

/** What the agent is told in settings: damaged call data kept for support. */
export interface QuarantineSummary {
  /** Damaged keys kept. */
  entries: number;
  /** Calls they held, as far as known. */
  calls: number;
  /** True when at least one key's call count is unknown. */
  countUnknown: boolean;
}

export function quarantineSummary(): QuarantineSummary {
  const entries: QuarantineEntry[] = store.quarantined();
  return {
    entries: entries.length,
    calls: entries.reduce((sum, e) => sum + Math.max(0, e.calls), 0),
    countUnknown: entries.some((e) => e.calls < 0),
  };
}

/** The kept raw data as one JSON text for support (it holds numbers: only the agent copies it out). */
export function quarantineExport(): string {
  const entries = store.quarantined().map((entry) => ({ ...entry, ...store.quarantinedData(entry) }));
  return JSON.stringify({ app: 'tccc-dialer', schema: CALL_LOG_SCHEMA, quarantined: entries }, null, 2);
}

function isPendingState(value: unknown): value is PendingState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<PendingState>;
  return Array.isArray(state.rows) && typeof state.last === 'string' && Array.isArray(state.seen);
}

export function readPending(): PendingState {
  const read = readStoredStrict(PENDING_KEY);
  if (!read.found) {
    if ('unreadable' in read) store.quarantine(PENDING_KEY, undefined);
    return emptyPending();
  }
  if (!isPendingState(read.value)) {
    const rows = (read.value as Partial<PendingState> | null)?.rows;
    store.quarantine(PENDING_KEY, read.value, Array.isArray(rows) ? rows.length : -1);
    return emptyPending();
  }
  const rows = read.value.rows.filter((r) => typeof r === 'object' && r !== null && typeof r.id === 'string');
  return { v: CALL_LOG_SCHEMA, rows, last: read.value.last, seen: read.value.seen.slice(-SEEN_SESSIONS) };
}

/**
 * Writes with room made by evicting the oldest archived calls when storage is full; pending calls are never
 * dropped. A failure is returned, not announced: only the caller knows what it lost (often nothing, e.g. calls
 * that could not be archived simply stay pending).
 */
function writeWithRoom(key: string, value: unknown, protect: number[] = []): StorageWriteResult {
  let result = writeStored(key, value);
  while (!result.ok && result.full && evictOldestShard(protect)) result = writeStored(key, value);
  return result;
}

export function writePending(state: PendingState): StorageWriteResult {
  return writeWithRoom(PENDING_KEY, { ...state, seen: state.seen.slice(-SEEN_SESSIONS) });
}

/** Rebuilds the index from the shard keys present: used when the index is missing or damaged. */
function rebuildIndex(): CallIndex {
  const index = store.rebuildIndex((k) => {
    const shard = loadShard(k);
    return shard === undefined ? undefined : describeShard(k, shard);
  });
  if (index.shards.length > 0) store.writeIndex(index);
  return index;
}

function describeShard(k: number, shard: CallShard): ShardInfo {
  const times = shard.records.map((r) => r.startedAt);
  return {
    k,
    n: shard.records.length,
    b: shardBytes(shard),
    f: times.length > 0 ? Math.min(...times) : 0,
    l: times.length > 0 ? Math.max(...times) : 0,
  };
}

export function readIndex(): CallIndex {
  return store.readIndex() ?? rebuildIndex();
}

/** Reads one shard of any schema version; a damaged shard is quarantined and reads as undefined. */
function loadShard(k: number, calls = -1): CallShard | undefined {
  return store.readShard(k, upgradeShard, calls);
}

function callsInShard(index: CallIndex, k: number): number {
  return index.shards.find((s) => s.k === k)?.n ?? -1;
}

function readShardCached(index: CallIndex, k: number): CallShard | undefined {
  if (cachedShard !== undefined && cachedShard.k === k && cachedShard.gen === index.gen) return cachedShard.shard;
  const shard = loadShard(k, callsInShard(index, k));
  if (shard !== undefined) cachedShard = { k, gen: index.gen, shard };
  return shard;
}

function dropShardFromIndex(index: CallIndex, k: number): void {
  index.shards = index.shards.filter((s) => s.k !== k);
  store.writeIndex(index);
}

/** Removes the oldest archived shard that is not protected; false when there is none left to remove. */
function evictOldestShard(protect: number[]): boolean {
  const index = readIndex();
  const oldest = index.shards.find((s) => !protect.includes(s.k));
  if (oldest === undefined) return false;
  store.removeShard(oldest.k);
  index.shards = index.shards.filter((s) => s.k !== oldest.k);
  index.gen = nextGeneration(index.gen);
  store.writeIndex(index);
  evictedCalls += oldest.n;
  return true;
}

function writeShard(index: CallIndex, k: number, shard: CallShard): StorageWriteResult {
  const written = writeWithRoom(store.shardKey(k), shard.stored, [k]);
  if (!written.ok) return written;
  // Eviction may have rewritten the index meanwhile: start from the stored one.
  const fresh = readIndex();
  const info = describeShard(k, shard);
  const at = fresh.shards.findIndex((s) => s.k === k);
  info.w = (fresh.shards[at]?.w ?? 0) + 1;
  if (at >= 0) fresh.shards[at] = info;
  else fresh.shards.push(info);
  fresh.next = Math.max(fresh.next, index.next, k + 1);
  fresh.gen = nextGeneration(Math.max(fresh.gen, index.gen));
  cachedShard = { k, gen: fresh.gen, shard };
  return writeWithRoom(INDEX_KEY, fresh, [k]);
}

interface OpenShard {
  k: number;
  shard: CallShard;
}

/** The shard new calls go into: the newest one, or a first one. */
function openNewestShard(index: CallIndex): OpenShard {
  const newest = index.shards[index.shards.length - 1];
  if (newest === undefined) {
    const k = index.next;
    index.next = k + 1;
    return { k, shard: emptyShard() };
  }
  const shard = readShardCached(index, newest.k);
  if (shard !== undefined) return { k: newest.k, shard };
  // The newest shard was set aside: new calls go into a fresh number, never over its kept data.
  dropShardFromIndex(index, newest.k);
  const k = index.next;
  index.next = k + 1;
  return { k, shard: emptyShard() };
}

/** Appends finished calls to the newest shard, opening a new shard when it is full. */
export function archiveCalls(records: CallRecord[]): StorageWriteResult {
  if (records.length === 0) return { ok: true };
  const index = readIndex();
  let open = openNewestShard(index);
  for (const record of records) {
    const row = packRecord(record, open.shard);
    if (shardBytes(open.shard) + row.bytes <= SHARD_MAX_BYTES || open.shard.stored.n === 0) {
      pushRow(row);
      continue;
    }
    // The newest shard is full: write it, and start the next one with this call.
    const written = writeShard(index, open.k, open.shard);
    if (!written.ok) return written;
    Object.assign(index, readIndex());
    open = { k: index.next, shard: emptyShard() };
    index.next = open.k + 1;
    // Packed again: dictionary indexes and the id difference belong to the new shard.
    pushRow(packRecord(record, open.shard));
  }
  return writeShard(index, open.k, open.shard);
}

/** Number of calls kept, pending ones included. */
export function countCalls(): number {
  return readPending().rows.length + readIndex().shards.reduce((sum, s) => sum + s.n, 0);
}

function newestFirst(a: CallRecord, b: CallRecord): number {
  return b.startedAt - a.startedAt;
}

/**
 * Archived calls [from, to) in archive order (shards newest first, each newest first), and the oldest start time
 * among the whole shards skipped before `from`: a pending call that started at or after it goes before the window.
 */
function archivedWindow(index: CallIndex, from: number, to: number): { records: CallRecord[]; skippedMin: number } {
  const records: CallRecord[] = [];
  let skippedMin = Infinity;
  let skip = from;
  for (let i = index.shards.length - 1; i >= 0 && records.length < to - from; i -= 1) {
    const info = index.shards[i] as ShardInfo;
    if (skip >= info.n) {
      skip -= info.n;
      skippedMin = Math.min(skippedMin, info.f);
      continue;
    }
    const shard = readShardCached(index, info.k);
    if (shard === undefined) {
      dropShardFromIndex(index, info.k);
      continue;
    }
    const sorted = unpackShard(shard).sort(newestFirst);
    records.push(...sorted.slice(skip, skip + (to - from - records.length)));
    skip = 0;
  }
  return { records, skippedMin };
}

/**
 * Merges pending calls (newest first) into archived ones: a pending call goes before the first archived call that
 * did not start later than it, so every window of the archive merges into the same order.
 */
function mergeNewestFirst(pending: CallRecord[], archived: CallRecord[]): CallRecord[] {
  const merged: CallRecord[] = [];
  let p = 0;
  let a = 0;
  while (p < pending.length || a < archived.length) {
    const nextPending = pending[p];
    const nextArchived = archived[a];
    if (nextPending !== undefined && (nextArchived === undefined || nextPending.startedAt >= nextArchived.startedAt)) {
      merged.push(nextPending);
      p += 1;
    } else if (nextArchived !== undefined) {
      merged.push(nextArchived);
      a += 1;
    }
  }
  return merged;
}

/**
 * One page of calls, newest first by start time, pending and archived merged. A call at position `offset` or
 * later is at most |pending| places behind its archived index, so only the archived window
 * offset - |pending| .. offset + limit is read; whole shards before it are skipped by their counts, and a page
 * reads at most a couple of shards however many calls there are.
 */
export function listCalls(offset: number, limit: number): { records: CallRecord[]; total: number } {
  const pending = readPending().rows.slice().sort(newestFirst);
  const index = readIndex();
  const total = pending.length + index.shards.reduce((sum, s) => sum + s.n, 0);
  if (limit <= 0 || offset >= total) return { records: [], total };
  const from = Math.max(0, offset - pending.length);
  const { records: archived, skippedMin } = archivedWindow(index, from, offset + limit);
  const first = archived[0];
  if (from === 0 || first === undefined) {
    return { records: mergeNewestFirst(pending, archived).slice(offset, offset + limit), total };
  }
  // Pending calls placed before the window sit before `offset` (at most from + |pending| - 1): leave them out,
  // and the merge of the rest with the window starts at position from + (their count).
  const before = pending.filter((r) => r.startedAt >= first.startedAt || r.startedAt >= skippedMin).length;
  const start = from + before;
  const merged = mergeNewestFirst(pending.slice(before), archived);
  return { records: merged.slice(offset - start, offset - start + limit), total };
}

/** One stored shard's calls, newest first, for a scan; the key changes whenever the shard is rewritten. */
export interface CallBatch {
  key: string;
  records: CallRecord[];
}

/** What a scan over a time range will read: pending calls, then the shards that overlap it, newest first. */
export interface CallScanPlan {
  pending: CallRecord[];
  shards: ShardInfo[];
}

/** Plans a scan: shards wholly outside [from, to) are skipped by their time range without being read. */
export function planCallScan(range?: { from: number; to: number }): CallScanPlan {
  const inRange = (r: CallRecord) => range === undefined || (r.startedAt >= range.from && r.startedAt < range.to);
  const pending = readPending().rows.filter(inRange).sort(newestFirst);
  const shards = readIndex()
    .shards.filter((s) => range === undefined || (s.l >= range.from && s.f < range.to))
    .reverse();
  return { pending, shards };
}

/** The cache key of a shard's content: number, write count and size. */
export function shardBatchKey(info: ShardInfo): string {
  return `${info.k}.${info.w ?? 0}.${info.n}.${info.b}.${info.l}`;
}

/** Reads one planned shard (not through the append cache); a damaged one reads as empty and is dropped. */
export function readShardBatch(info: ShardInfo): CallBatch {
  const shard = loadShard(info.k, info.n);
  if (shard === undefined) {
    dropShardFromIndex(readIndex(), info.k);
    return { key: shardBatchKey(info), records: [] };
  }
  return { key: shardBatchKey(info), records: unpackShard(shard).sort(newestFirst) };
}

/**
 * Shards to search for a call, newest first, those whose time range holds the start time its id encodes ahead
 * of the rest: a call is almost always in one of those, so a wrap-up of an old call reads one shard, not all.
 */
function shardsToSearch(index: CallIndex, id: string): ShardInfo[] {
  const newestFirst = index.shards.slice().reverse();
  const startedAt = startedAtOfId(id);
  if (Number.isNaN(startedAt)) return newestFirst;
  const holds = (s: ShardInfo) => s.f <= startedAt && startedAt <= s.l;
  return [...newestFirst.filter(holds), ...newestFirst.filter((s) => !holds(s))];
}

/** Where a call is archived: its shard and its place there, or undefined. */
function findArchived(index: CallIndex, id: string): { info: ShardInfo; shard: CallShard; pos: number } | undefined {
  for (const info of shardsToSearch(index, id)) {
    const shard = readShardCached(index, info.k);
    const pos = shard === undefined ? -1 : shard.records.findIndex((r) => r.id === id);
    if (shard !== undefined && pos >= 0) return { info, shard, pos };
  }
  return undefined;
}

/** Finds a call by id: pending first, then the shard whose time range holds the id's start time. */
export function findCall(id: string): CallRecord | undefined {
  const pending = readPending().rows.find((r) => r.id === id);
  if (pending !== undefined) return pending;
  const found = findArchived(readIndex(), id);
  return found === undefined ? undefined : { ...(found.shard.records[found.pos] as CallRecord) };
}

/** Rewrites one call (the wrap-up, a late result) wherever it is kept. */
export function updateCall(id: string, change: (record: CallRecord) => CallRecord): CallRecord | undefined {
  const pending = readPending();
  const at = pending.rows.findIndex((r) => r.id === id);
  if (at >= 0) {
    const updated = change(pending.rows[at] as CallRecord);
    pending.rows[at] = updated;
    return writePending(pending).ok ? updated : undefined;
  }
  const index = readIndex();
  const found = findArchived(index, id);
  if (found === undefined) return undefined;
  const records = unpackShard(found.shard);
  const updated = change(records[found.pos] as CallRecord);
  records[found.pos] = updated;
  return writeShard(index, found.info.k, shardOf(records)).ok ? updated : undefined;
}

/** Moves calls that have an outcome out of the pending key into the archive; pending calls stay. */
export function settlePending(pending: PendingState, keepForLateResult: (record: CallRecord) => boolean): PendingState {
  const finished = pending.rows.filter((r) => !isAwaitingResult(r.state) && !keepForLateResult(r));
  if (finished.length === 0) return pending;
  const archived = archiveCalls(finished);
  if (!archived.ok) return pending;
  const ids = new Set(finished.map((r) => r.id));
  return { ...pending, rows: pending.rows.filter((r) => !ids.has(r.id)) };
}

/** Forgets what this module keeps in memory, as a cold start of the app does (storage is untouched). */
export function forgetCallLogMemory(): void {
  cachedShard = undefined;
  store.forgetNotices();
  evictedCalls = 0;
}

/** Removes every call record (settings → clear data), damaged data kept for support included. */
export function clearCalls(): void {
  const index = readIndex();
  for (const info of index.shards) store.removeShard(info.k);
  store.clearQuarantine();
  removeStored(INDEX_KEY);
  removeStored(PENDING_KEY);
  cachedShard = undefined;
  emitCallChange({ kind: 'clear', calls: [] });
}
