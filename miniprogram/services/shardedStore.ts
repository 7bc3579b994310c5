/** Numbered shards under one prefix with an index and its generation: notices, quarantine, rebuild from the keys. */

import {
  readStorageUsage,
  readStoredStrict,
  removeStored,
  StoredRead,
  StorageWriteResult,
  writeStored,
} from './storage';

/** What an index says of one shard; each store adds its own fields (sizes, time ranges). */
export interface ShardInfoBase {
  /** Shard number: the key is the shard prefix + k. */
  k: number;
  /** Records in it. */
  n: number;
}

export interface ShardIndex<Info extends ShardInfoBase> {
  v: number;
  shards: Info[];
  /** The next shard number: a number once used is never used again. */
  next: number;
  /** Changes with every shard write, so what was cached or kept for one generation is known to be current. */
  gen: number;
}

/** One damaged key set aside: where its raw data is, and how many records it held (-1 = unknown). */
export interface QuarantineEntry {
  key: string;
  /** Records it held (the stored field name dates from when only calls were listed). */
  calls: number;
  at: number;
  /** True when the raw data stays under its own key (unreadable, or no room for a copy): never overwritten. */
  inPlace: boolean;
}

export interface ShardedStoreSpec<Info extends ShardInfoBase> {
  schema: number;
  indexKey: string;
  shardPrefix: string;
  /** A readable damaged value is copied to this prefix + its key. */
  quarantinePrefix: string;
  /**
   * When set, damaged keys are listed here (for the agent and support), and a shard that cannot be copied stays
   * where it is, listed so it is never read or overwritten again. Without it a damaged key is removed.
   */
  quarantineListKey?: string;
  isShardInfo(value: unknown): value is Info;
  /** Checks on a stored index beyond its shard list (e.g. the versions it may have). */
  acceptsIndex?(value: Partial<ShardIndex<Info>>): boolean;
  /** What the agent is told when a key is set aside: `records` held (-1 unknown), whether its raw data was kept. */
  quarantineNotice(key: string, records: number, kept: boolean): string;
  /** Told after a key is set aside, so the change feed can reach the pages. */
  onQuarantine?(): void;
}

export interface ShardedStore<Info extends ShardInfoBase> {
  shardKey(k: number): string;
  /** Keeps a message for the agent, once however often it is said. */
  notify(message: string): void;
  /** The messages kept since the last take; each is returned once. */
  takeNotices(): string[];
  /** Forgets the notices, as a cold start does (storage is untouched). */
  forgetNotices(): void;
  quarantine(key: string, value: unknown, records?: number): void;
  quarantined(): QuarantineEntry[];
  /** The raw data of a key set aside, as one value for support. */
  quarantinedData(entry: QuarantineEntry): { data: unknown } | { unreadable: string };
  /** Removes every key set aside and their list. */
  clearQuarantine(): void;
  emptyIndex(): ShardIndex<Info>;
  /** The stored index, or undefined when it is missing or damaged (a damaged one is set aside). */
  readIndex(): ShardIndex<Info> | undefined;
  writeIndex(index: ShardIndex<Info>): StorageWriteResult;
  /** An index of the shards present in storage, described by `describe` (undefined: unreadable, left out). Not written. */
  rebuildIndex(describe: (k: number) => Info | undefined): ShardIndex<Info>;
  /**
   * Reads shard k through `decode` (from `prior` when the caller read it already); an unreadable or undecodable
   * shard is set aside and reads as undefined.
   */
  readShard<Shard>(
    k: number,
    decode: (value: unknown) => Shard | undefined,
    records?: number,
    prior?: StoredRead,
  ): Shard | undefined;
  removeShard(k: number): void;
}

/** The generation after `gen`, wrapping before numbers lose precision. */
export function nextGeneration(gen: number): number {
  return gen >= Number.MAX_SAFE_INTEGER ? 1 : gen + 1;
}

function isQuarantineEntry(e: unknown): e is QuarantineEntry {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as QuarantineEntry).key === 'string' &&
    typeof (e as QuarantineEntry).calls === 'number'
  );
}

function storageKeys(): string[] {
  try {
    return readStorageUsage().keys;
  } catch {
    return [];
  }
}

export function createShardedStore<Info extends ShardInfoBase>(spec: ShardedStoreSpec<Info>): ShardedStore<Info> {
  const { indexKey, shardPrefix, quarantinePrefix, quarantineListKey: listKey } = spec;
  const onQuarantine = spec.onQuarantine ?? (() => undefined);
  const notices: string[] = [];

  const shardKey = (k: number) => `${shardPrefix}${k}`;
  const shardNumber = (key: string) => Number(key.slice(shardPrefix.length));

  function notify(message: string): void {
    if (!notices.includes(message)) notices.push(message);
  }

  function quarantined(): QuarantineEntry[] {
    if (listKey === undefined) return [];
    const read = readStoredStrict(listKey);
    return read.found && Array.isArray(read.value) ? read.value.filter(isQuarantineEntry) : [];
  }

  function quarantine(key: string, value: unknown, records = -1): void {
    const isShard = key.startsWith(shardPrefix);
    // Already set aside where it is (an index written before it was dropped may still list it): told once.
    if (isShard && quarantined().some((e) => e.key === key && e.inPlace)) return;
    let kept = false;
    let inPlace = false;
    if (value !== undefined && writeStored(`${quarantinePrefix}${key}`, value).ok) kept = true;
    else if (isShard && listKey !== undefined) {
      kept = true;
      inPlace = true;
    }
    if (!inPlace) removeStored(key);
    notify(spec.quarantineNotice(key, records, kept));
    onQuarantine();
    // The index is rebuilt from the shards: only shards and other records are listed.
    if (!kept || key === indexKey || listKey === undefined) return;
    const entries = quarantined().filter((e) => e.key !== key);
    entries.push({ key, calls: records, at: Date.now(), inPlace });
    writeStored(listKey, entries);
  }

  function emptyIndex(): ShardIndex<Info> {
    return { v: spec.schema, shards: [], next: 1, gen: 0 };
  }

  function readIndex(): ShardIndex<Info> | undefined {
    const read = readStoredStrict(indexKey);
    if (!read.found) {
      if ('unreadable' in read) quarantine(indexKey, undefined);
      return undefined;
    }
    const value = read.value as Partial<ShardIndex<Info>> | null;
    const valid =
      typeof value === 'object' &&
      value !== null &&
      Array.isArray(value.shards) &&
      value.shards.every((s) => spec.isShardInfo(s)) &&
      (spec.acceptsIndex === undefined || spec.acceptsIndex(value));
    if (!valid) {
      quarantine(indexKey, read.value);
      return undefined;
    }
    return {
      v: spec.schema,
      shards: value.shards as Info[],
      next: typeof value.next === 'number' ? value.next : 1,
      gen: typeof value.gen === 'number' ? value.gen : 0,
    };
  }

  function rebuildIndex(describe: (k: number) => Info | undefined): ShardIndex<Info> {
    const index = emptyIndex();
    const setAside = quarantined().map((e) => e.key);
    const numbers = storageKeys()
      .filter((key) => key.startsWith(shardPrefix) && !setAside.includes(key))
      .map(shardNumber)
      .filter((k) => Number.isInteger(k) && k > 0)
      .sort((a, b) => a - b);
    for (const k of numbers) {
      const info = describe(k);
      if (info !== undefined) index.shards.push(info);
    }
    // A number once used, even by a shard set aside, is never used again: its kept data stays apart.
    const used = [...numbers, ...setAside.filter((key) => key.startsWith(shardPrefix)).map(shardNumber)];
    index.next = Math.max(0, ...used.filter((k) => Number.isInteger(k))) + 1;
    return index;
  }

  function readShard<Shard>(
    k: number,
    decode: (value: unknown) => Shard | undefined,
    records = -1,
    prior?: StoredRead,
  ): Shard | undefined {
    const key = shardKey(k);
    const read = prior ?? readStoredStrict(key);
    if (!read.found) {
      if ('unreadable' in read) quarantine(key, undefined, records);
      return undefined;
    }
    const shard = decode(read.value);
    if (shard === undefined) quarantine(key, read.value, records);
    return shard;
  }

  return {
    shardKey,
    notify,
    takeNotices: () => notices.splice(0, notices.length),
    forgetNotices: () => {
      notices.length = 0;
    },
    quarantine,
    quarantined,
    quarantinedData(entry) {
      const read = readStoredStrict(entry.inPlace ? entry.key : `${quarantinePrefix}${entry.key}`);
      return read.found ? { data: read.value } : { unreadable: 'unreadable' in read ? read.unreadable : 'missing' };
    },
    clearQuarantine() {
      for (const entry of quarantined()) {
        removeStored(entry.key);
        removeStored(`${quarantinePrefix}${entry.key}`);
      }
      if (listKey !== undefined) removeStored(listKey);
    },
    emptyIndex,
    readIndex,
    writeIndex: (index) => writeStored(indexKey, index),
    rebuildIndex,
    readShard,
    removeShard: (k) => removeStored(shardKey(k)),
  };
}
