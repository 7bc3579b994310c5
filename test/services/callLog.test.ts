/** The call log store on the wx fake: shards, capacity, storage full, corrupt data and schema upgrades. */

import { currentWxFake } from '../../tools/wx-fake/wx';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { CALL_LOG_SCHEMA } from '../../miniprogram/core/callShardV3';
import { FIXTURE_START, realisticCall } from '../../tools/fixtures/calls';
import { V2_RECORDS, V2_SHARD } from '../fixtures/callShardV2';
import {
  archiveCalls,
  clearCalls,
  countCalls,
  findCall,
  forgetCallLogMemory,
  INDEX_KEY,
  listCalls,
  PENDING_KEY,
  QUARANTINE_PREFIX,
  quarantineExport,
  quarantineSummary,
  readIndex,
  readPending,
  SHARD_MAX_BYTES,
  SHARD_PREFIX,
  settlePending,
  takeCallLogNotices,
  updateCall,
  writePending,
} from '../../miniprogram/services/callLog';
import { printFigures } from '../helpers/figures';

const START = FIXTURE_START;

describe('call log store', () => {
  it('keeps 50,000 realistic calls in under 3.1 MB, under 63 bytes each, in shards filled to their cap', () => {
    const fake = currentWxFake();
    const records = Array.from({ length: 50_000 }, (_, i) => realisticCall(i));
    for (let i = 0; i < records.length; i += 5_000) {
      expect(archiveCalls(records.slice(i, i + 5_000)).ok).toBe(true);
    }
    const used = fake.storage.usedBytes();
    const perRecord = used / records.length;
    // Printed with TEST_FIGURES=1; asserted against the budget.
    printFigures(`call log: ${records.length} calls use ${used} bytes, ${perRecord.toFixed(1)} bytes per call`);
    expect(countCalls()).toBe(50_000);
    expect(used).toBeLessThan(3.1 * 1024 * 1024);
    expect(perRecord).toBeLessThan(63);
    // Every shard stays under its cap (well inside WeChat's 1 MB per key) and all but the newest are filled to
    // within one call of it: the index counts each shard's stored bytes exactly.
    const shards = readIndex().shards;
    expect(shards.length).toBeGreaterThan(40);
    for (const [i, info] of shards.entries()) {
      const stored = Buffer.byteLength(fake.storage.rawJson(`${SHARD_PREFIX}${info.k}`) ?? '');
      expect(info.b).toBe(stored);
      expect(stored).toBeLessThanOrEqual(SHARD_MAX_BYTES);
      if (i < shards.length - 1) expect(stored).toBeGreaterThan(SHARD_MAX_BYTES - 100);
    }
    // Round trip: the newest and an old call come back exactly.
    const page = listCalls(0, 20);
    expect(page.total).toBe(50_000);
    expect(page.records[0]).toEqual(records[49_999]);
    expect(findCall(records[123]?.id ?? '')).toEqual(records[123]);
    // The first screen after a cold start reads the pending key, the index and one or two shards.
    forgetCallLogMemory();
    const readsBefore = fake.storage.ops.reads;
    expect(listCalls(0, 30).records[0]).toEqual(records[49_999]);
    expect(fake.storage.ops.reads - readsBefore).toBeLessThanOrEqual(4);
  });

  it('appending one call writes one shard and the index, not the whole log', () => {
    const fake = currentWxFake();
    archiveCalls(Array.from({ length: 5_000 }, (_, i) => realisticCall(i)));
    const writesBefore = fake.storage.ops.writes;
    archiveCalls([realisticCall(5_000)]);
    expect(fake.storage.ops.writes - writesBefore).toBe(2);
  });

  it('lists newest first across shards, paging by counts', () => {
    const records = Array.from({ length: 3_000 }, (_, i) => realisticCall(i));
    archiveCalls(records);
    const shards = currentWxFake()
      .storage.info()
      .keys.filter((k) => k.startsWith(SHARD_PREFIX));
    expect(shards.length).toBeGreaterThan(2);
    const second = listCalls(20, 20);
    expect(second.records.map((r) => r.id)).toEqual(
      records
        .slice(2_960, 2_980)
        .reverse()
        .map((r) => r.id),
    );
    const boundary = listCalls(2_990, 20);
    expect(boundary.records).toHaveLength(10);
  });

  it('lists pending and archived calls merged newest first, each exactly once across pages', () => {
    const archived = Array.from({ length: 3_000 }, (_, i) => realisticCall(i));
    archiveCalls(archived);
    // No-result calls stay pending for a late result; they started between archived calls, 3 minutes off the grid.
    const noResult = (i: number): CallRecord => ({ ...realisticCall(i, START + 3 * 60_000), state: 'no-result' });
    const pending = [2_990, 2_500, 1_200, 5].map(noResult);
    writePending({ ...readPending(), rows: pending });
    // The newest archived call started after the newest pending one: it comes first.
    expect(listCalls(0, 1).records[0]?.id).toBe(archived[2_999]?.id);
    const expected = [...archived, ...pending].sort((a, b) => b.startedAt - a.startedAt).map((r) => r.id);
    for (const size of [7, 20, 333]) {
      const seen: string[] = [];
      for (let offset = 0; offset < expected.length; offset += size) {
        const page = listCalls(offset, size);
        expect(page.total).toBe(3_004);
        seen.push(...page.records.map((r) => r.id));
      }
      expect(seen).toEqual(expected);
    }
    // A page that straddles a pending call deep in the log.
    const at = expected.indexOf(pending[1]?.id ?? '');
    expect(listCalls(at - 2, 5).records.map((r) => r.id)).toEqual(expected.slice(at - 2, at + 3));
  });

  it('updates a call in place (the wrap-up) wherever it lives, reading only the shard that holds it', () => {
    const fake = currentWxFake();
    const records = Array.from({ length: 5_000 }, (_, i) => realisticCall(i));
    archiveCalls(records);
    expect(readIndex().shards.length).toBeGreaterThan(3);
    const target = records[10] as CallRecord;
    forgetCallLogMemory();
    let reads = fake.storage.ops.reads;
    updateCall(target.id, (r) => ({ ...r, outcome: '有意向', note: '明天上午回访' }));
    // The pending key, the index, the oldest shard (found by the id's start time), and the index again to write.
    expect(fake.storage.ops.reads - reads).toBeLessThanOrEqual(4);
    forgetCallLogMemory();
    reads = fake.storage.ops.reads;
    expect(findCall(target.id)).toEqual({ ...target, outcome: '有意向', note: '明天上午回访' });
    expect(fake.storage.ops.reads - reads).toBe(3);
    expect(countCalls()).toBe(5_000);
  });

  it('when storage is full, evicts the oldest finished calls, keeps pending and newest, and tells the agent', () => {
    const fake = currentWxFake();
    const records = Array.from({ length: 4_000 }, (_, i) => realisticCall(i));
    archiveCalls(records);
    const pendingCall = { ...realisticCall(9_000), state: 'in-tccc' as const, sessionId: '', duration: null };
    writePending({ ...readPending(), rows: [pendingCall] });
    takeCallLogNotices();
    // Shrink the quota to just what is used: the next write cannot fit without room being made.
    fake.storage.totalLimitBytes = fake.storage.usedBytes() + 10;
    const newest = realisticCall(4_000);
    expect(archiveCalls([newest]).ok).toBe(true);
    const notices = takeCallLogNotices();
    expect(notices).toHaveLength(1);
    const deleted = 4_000 - (countCalls() - 2);
    expect(notices[0]).toBe(`存储空间已满，为腾出空间已删除最早的 ${deleted} 条通话记录`);
    expect(findCall(newest.id)).toEqual(newest);
    expect(findCall(pendingCall.id)).toMatchObject({ state: 'in-tccc' });
    expect(findCall((records[0] as CallRecord).id)).toBeUndefined();
    expect(countCalls()).toBeLessThan(4_002);
  });

  it('never swallows the exceed error when no room can be made, and claims nothing it did not do', () => {
    const fake = currentWxFake();
    fake.storage.totalLimitBytes = 50;
    const result = writePending({ ...readPending(), rows: [realisticCall(1)] });
    expect(result).toEqual({ ok: false, full: true, message: 'setStorageSync:fail exceed storage max size 10Mb' });
    // The caller knows what the failure lost and says so; nothing was deleted, so nothing says it was.
    expect(takeCallLogNotices()).toEqual([]);
  });

  it('archiving that finds no room keeps the calls pending and does not say they were lost', () => {
    const fake = currentWxFake();
    const finished: CallRecord = { ...realisticCall(1), state: 'connected' };
    writePending({ ...readPending(), rows: [finished] });
    fake.storage.totalLimitBytes = fake.storage.usedBytes();
    const settled = settlePending(readPending(), () => false);
    expect(settled.rows).toEqual([finished]);
    expect(findCall(finished.id)).toEqual(finished);
    expect(takeCallLogNotices()).toEqual([]);
  });

  it('quarantines a garbage shard and still loads the rest', () => {
    const fake = currentWxFake();
    const records = Array.from({ length: 3_000 }, (_, i) => realisticCall(i));
    archiveCalls(records);
    const shardKeys = fake.storage.info().keys.filter((k) => k.startsWith(SHARD_PREFIX));
    const victim = shardKeys[shardKeys.length - 1] as string;
    const lostCount = (JSON.parse(fake.storage.rawJson(victim) ?? '{}') as { n: number }).n;
    fake.storage.plantRaw(victim, '{"v":2,"a":[["14'); // truncated JSON on disk
    // Damage is found by the next start of the app: fresh modules, nothing cached.
    let fresh: typeof import('../../miniprogram/services/callLog') | undefined;
    jest.isolateModules(() => {
      fresh = require('../../miniprogram/services/callLog');
    });
    if (fresh === undefined) throw new Error('not loaded');
    const { listCalls, takeCallLogNotices, countCalls, quarantineSummary, quarantineExport } = fresh;
    const page = listCalls(0, 10_000);
    expect(page.records).toHaveLength(3_000 - lostCount);
    // The agent is told how many calls are affected and where their data went.
    expect(takeCallLogNotices()).toEqual([
      `${lostCount} 条通话记录的数据已损坏，无法读取；原始数据已保留，可在“设置”中复制给技术支持。其余记录不受影响`,
    ]);
    expect(countCalls()).toBe(3_000 - lostCount);
    expect(quarantineSummary()).toEqual({ entries: 1, calls: lostCount, countUnknown: false });
    // Unreadable through the API, so it stays on disk as it was, for support; the export names it.
    expect(fake.storage.rawJson(victim)).toBe('{"v":2,"a":[["14');
    expect(JSON.parse(quarantineExport())).toMatchObject({
      quarantined: [
        { key: victim, calls: lostCount, inPlace: true, unreadable: 'getStorageSync:fail parse data fail' },
      ],
    });
    // New calls never go over it, and it is not reported again.
    expect(fresh.archiveCalls([realisticCall(3_000)]).ok).toBe(true);
    expect(fake.storage.rawJson(victim)).toBe('{"v":2,"a":[["14');
    fresh.forgetCallLogMemory();
    expect(listCalls(0, 1).records[0]?.id).toBe(realisticCall(3_000).id);
    expect(countCalls()).toBe(3_001 - lostCount);
    expect(takeCallLogNotices()).toEqual([]);
  });

  it('exports a damaged shard kept aside, and clearing the log removes it', () => {
    const fake = currentWxFake();
    archiveCalls(Array.from({ length: 2_000 }, (_, i) => realisticCall(i)));
    const victim = `${SHARD_PREFIX}1`;
    const calls = readIndex().shards[0]?.n ?? 0;
    fake.storage.set('test', victim, { hello: 'world' });
    forgetCallLogMemory();
    listCalls(0, 10_000);
    expect(quarantineSummary()).toEqual({ entries: 1, calls, countUnknown: false });
    expect(JSON.parse(quarantineExport())).toMatchObject({
      app: 'tccc-dialer',
      quarantined: [{ key: victim, calls, inPlace: false, data: { hello: 'world' } }],
    });
    clearCalls();
    expect(quarantineSummary()).toEqual({ entries: 0, calls: 0, countUnknown: false });
    expect(fake.storage.info().keys.filter((k) => k.startsWith('tccc.calls'))).toEqual([]);
  });

  it('quarantines a shard of the wrong shape, keeping its data aside for support', () => {
    const fake = currentWxFake();
    // Two shards: the first is not the newest, which stays in memory for appends.
    archiveCalls(Array.from({ length: 2_000 }, (_, i) => realisticCall(i)));
    const victim = `${SHARD_PREFIX}1`;
    fake.storage.set('test', victim, { hello: 'world' });
    listCalls(0, 10_000);
    expect(fake.storage.has(victim)).toBe(false);
    expect(fake.storage.get('test', `${QUARANTINE_PREFIX}${victim}`)).toEqual({ hello: 'world' });
  });

  it('rebuilds a garbage index from the shards', () => {
    const fake = currentWxFake();
    archiveCalls(Array.from({ length: 2_500 }, (_, i) => realisticCall(i)));
    fake.storage.plantRaw(INDEX_KEY, 'not json at all');
    expect(countCalls()).toBe(2_500);
    expect(listCalls(0, 1).records[0]?.id).toBe(realisticCall(2_499).id);
  });

  it('a garbage pending key is quarantined and calling goes on', () => {
    const fake = currentWxFake();
    fake.storage.set('test', PENDING_KEY, [1, 2, 3]);
    forgetCallLogMemory();
    expect(readPending().rows).toEqual([]);
    expect(fake.storage.get('test', `${QUARANTINE_PREFIX}${PENDING_KEY}`)).toEqual([1, 2, 3]);
    expect(takeCallLogNotices()).toEqual([
      '进行中的电话记录的数据已损坏，无法读取；原始数据已保留，可在“设置”中复制给技术支持。其余记录不受影响',
    ]);
  });

  it('an unreadable pending key cannot be kept: the notice says it was cleared', () => {
    const fake = currentWxFake();
    fake.storage.plantRaw(PENDING_KEY, '{"rows":[');
    forgetCallLogMemory();
    expect(readPending().rows).toEqual([]);
    expect(takeCallLogNotices()).toEqual(['进行中的电话记录的数据已损坏且无法读取，已清除，刚拨出的电话可能没有记录']);
    expect(quarantineSummary().entries).toBe(0);
  });

  it('quarantines a shard whose parts disagree (a row count that does not match its rows)', () => {
    const fake = currentWxFake();
    archiveCalls(Array.from({ length: 2_000 }, (_, i) => realisticCall(i)));
    const victim = `${SHARD_PREFIX}1`;
    const stored = fake.storage.get('test', victim) as { n: number };
    fake.storage.set('test', victim, { ...stored, n: stored.n + 1 });
    forgetCallLogMemory();
    expect(listCalls(0, 10_000).records).toHaveLength(2_000 - stored.n);
    expect(takeCallLogNotices()).toEqual([
      `${stored.n} 条通话记录的数据已损坏，无法读取；原始数据已保留，可在“设置”中复制给技术支持。其余记录不受影响`,
    ]);
    expect(fake.storage.has(victim)).toBe(false);
    expect(fake.storage.get('test', `${QUARANTINE_PREFIX}${victim}`)).toEqual({ ...stored, n: stored.n + 1 });
  });

  it('loads a v2 shard as the v2 codec wrote it, and stores it as v3 when it next changes', () => {
    const fake = currentWxFake();
    const times = V2_RECORDS.map((r) => r.startedAt);
    fake.storage.set('test', `${SHARD_PREFIX}1`, V2_SHARD);
    fake.storage.set('test', INDEX_KEY, {
      v: 2,
      shards: [{ k: 1, n: V2_RECORDS.length, b: 2_000, f: Math.min(...times), l: Math.max(...times) }],
      next: 2,
      gen: 0,
    });
    const newestFirst = [...V2_RECORDS].sort((a, b) => b.startedAt - a.startedAt);
    expect(listCalls(0, 100).records).toEqual(newestFirst);
    for (const record of V2_RECORDS) expect(findCall(record.id)).toEqual(record);
    // Reading leaves the stored shard as it is.
    expect((fake.storage.get('test', `${SHARD_PREFIX}1`) as { v: number }).v).toBe(2);
    // The next call goes into the same shard, which is then written in the current schema with every call.
    const next = realisticCall(100);
    expect(archiveCalls([next]).ok).toBe(true);
    expect((fake.storage.get('test', `${SHARD_PREFIX}1`) as { v: number }).v).toBe(CALL_LOG_SCHEMA);
    forgetCallLogMemory();
    expect(listCalls(0, 100).records).toEqual([next, ...newestFirst]);
    const target = V2_RECORDS[6] as CallRecord;
    updateCall(target.id, (r) => ({ ...r, outcome: '无意向', note: '已改' }));
    forgetCallLogMemory();
    expect(findCall(target.id)).toEqual({ ...target, outcome: '无意向', note: '已改' });
    expect(countCalls()).toBe(V2_RECORDS.length + 1);
  });

  it('loads a v1 shard (one object per record) after the schema bump', () => {
    const fake = currentWxFake();
    const v1 = realisticCall(7);
    fake.storage.set('test', `${SHARD_PREFIX}1`, {
      v: 1,
      records: [
        { ...v1, raw: undefined },
        { id: '', phone: '13800138000' },
        { id: 'legacy-id', phone: '13900139000', name: '旧记录', startedAt: START, state: 'connected', duration: 12 },
      ],
    });
    fake.storage.set('test', INDEX_KEY, { v: 1, shards: [{ k: 1, n: 3, b: 500, f: START, l: START }], next: 2 });
    const page = listCalls(0, 10);
    expect(page.records.map((r) => r.id).sort()).toEqual([v1.id, 'legacy-id'].sort());
    expect(findCall(v1.id)).toEqual(v1);
    expect(findCall('legacy-id')).toMatchObject({ name: '旧记录', startedAt: START, state: 'connected', duration: 12 });
    // Writing again stores the current schema.
    updateCall('legacy-id', (r) => ({ ...r, outcome: '有意向' }));
    expect((fake.storage.get('test', `${SHARD_PREFIX}1`) as { v: number }).v).toBe(CALL_LOG_SCHEMA);
  });
});
