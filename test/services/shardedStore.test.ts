/** The sharded store both the call log and the contacts build on: index, generation, quarantine, rebuild, notices. */

import { currentWxFake } from '../../tools/wx-fake/wx';
import {
  createShardedStore,
  nextGeneration,
  QuarantineEntry,
  ShardInfoBase,
} from '../../miniprogram/services/shardedStore';

interface Info extends ShardInfoBase {
  c: number;
}

const isInfo = (value: unknown): value is Info =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Info).k === 'number' &&
  typeof (value as Info).n === 'number';

function makeStore(listed: boolean) {
  return createShardedStore<Info>({
    schema: 7,
    indexKey: 't.index',
    shardPrefix: 't.s.',
    quarantinePrefix: 't.q.',
    quarantineListKey: listed ? 't.quarantine' : undefined,
    isShardInfo: isInfo,
    acceptsIndex: (value) => value.v === 7,
    quarantineNotice: (key, records, kept) => `${key} ${records} ${kept ? 'kept' : 'lost'}`,
  });
}

const decode = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;

describe('sharded store', () => {
  it('reads a valid index, and sets a damaged one aside with a notice', () => {
    const store = makeStore(true);
    expect(store.readIndex()).toBeUndefined();
    store.writeIndex({ v: 7, shards: [{ k: 1, n: 2, c: 10 }], next: 2, gen: 4 });
    expect(store.readIndex()).toEqual({ v: 7, shards: [{ k: 1, n: 2, c: 10 }], next: 2, gen: 4 });
    const fake = currentWxFake();
    fake.storage.set('test', 't.index', { v: 6, shards: [] });
    expect(store.readIndex()).toBeUndefined();
    expect(fake.storage.has('t.index')).toBe(false);
    expect(fake.storage.get('test', 't.q.t.index')).toEqual({ v: 6, shards: [] });
    // The index is rebuilt, never listed.
    expect(store.quarantined()).toEqual([]);
    expect(store.takeNotices()).toEqual(['t.index -1 kept']);
    expect(store.takeNotices()).toEqual([]);
  });

  it('rebuilds from the shard keys present, never reusing a number set aside', () => {
    const store = makeStore(true);
    const fake = currentWxFake();
    fake.storage.set('test', 't.s.2', ['a', 'b']);
    fake.storage.set('test', 't.s.5', ['c']);
    fake.storage.plantRaw('t.s.9', '{not json');
    const read = (k: number) => store.readShard(k, decode);
    const index = store.rebuildIndex((k) => {
      const shard = read(k);
      return shard === undefined ? undefined : { k, n: shard.length, c: 0 };
    });
    expect(index.shards.map((s) => s.k)).toEqual([2, 5]);
    expect(index.next).toBe(10);
    // The unreadable shard stays where it is, listed, and is left out of the next rebuild.
    expect(fake.storage.has('t.s.9')).toBe(true);
    expect(store.quarantined()).toMatchObject([{ key: 't.s.9', calls: -1, inPlace: true }]);
    expect(store.rebuildIndex(() => undefined).next).toBe(10);
    expect(store.quarantinedData(store.quarantined()[0] as QuarantineEntry)).toMatchObject({
      unreadable: expect.any(String),
    });
  });

  it('copies a readable damaged shard aside; without a list it is removed after the copy', () => {
    const listed = makeStore(true);
    const fake = currentWxFake();
    fake.storage.set('test', 't.s.1', { not: 'a shard' });
    expect(listed.readShard(1, decode, 3)).toBeUndefined();
    expect(fake.storage.has('t.s.1')).toBe(false);
    expect(listed.quarantined()).toMatchObject([{ key: 't.s.1', calls: 3, inPlace: false }]);
    expect(listed.quarantinedData(listed.quarantined()[0] as QuarantineEntry)).toEqual({ data: { not: 'a shard' } });
    listed.clearQuarantine();
    expect(fake.storage.has('t.q.t.s.1')).toBe(false);
    expect(fake.storage.has('t.quarantine')).toBe(false);

    const unlisted = makeStore(false);
    fake.storage.plantRaw('t.s.2', '{not json');
    expect(unlisted.readShard(2, decode)).toBeUndefined();
    expect(fake.storage.has('t.s.2')).toBe(false);
    expect(unlisted.quarantined()).toEqual([]);
    expect(unlisted.takeNotices()).toEqual(['t.s.2 -1 lost']);
  });

  it('wraps the generation before it loses precision', () => {
    expect(nextGeneration(4)).toBe(5);
    expect(nextGeneration(Number.MAX_SAFE_INTEGER)).toBe(1);
  });
});
