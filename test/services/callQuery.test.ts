/** Filtered paging and chunked stats over a real sharded log. */

import { CallFilter, compileFilter, EMPTY_FILTER, matchesCall } from '../../miniprogram/core/callFilter';
import { statsOf } from '../../miniprogram/core/callStats';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { DAY_TOTALS_KEY, DAY_TOTALS_SCHEMA } from '../../miniprogram/services/callDayTotals';
import {
  archiveCalls,
  clearCalls,
  readIndex,
  readPending,
  updateCall,
  writePending,
} from '../../miniprogram/services/callLog';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { CallCursor, computeStats, resetStatsCache } from '../../miniprogram/services/callQuery';
import { HISTORY_NOW, makeCall, seedCallLog } from '../../tools/fixtures/callFixtures';

const immediate = () => Promise.resolve();

function expected(all: ReturnType<typeof seedCallLog>, filter: Partial<CallFilter>) {
  const compiled = compileFilter({ ...EMPTY_FILTER, ...filter }, HISTORY_NOW);
  return all.filter((r) => matchesCall(r, compiled)).sort((a, b) => b.startedAt - a.startedAt);
}

describe('call query', () => {
  beforeEach(() => resetStatsCache());

  it('pages the calls a filter matches, newest first, pending calls where their start time falls', () => {
    const all = seedCallLog(archiveCalls, 3_000);
    const dialing = makeCall({ startedAt: HISTORY_NOW - 1_000, state: 'in-tccc', sessionId: '', duration: null });
    // A call with no result yet, kept pending for a late one, that started before the newest archived calls.
    const third = all[all.length - 3] as CallRecord;
    const waiting = makeCall({ startedAt: third.startedAt - 1, state: 'no-result', sessionId: '', duration: null });
    writePending({ ...readPending(), rows: [waiting, dialing] });
    const cursor = new CallCursor({ ...EMPTY_FILTER }, HISTORY_NOW);
    const first = cursor.next(50);
    const newest = all.slice(-3).reverse();
    expect(first.records.slice(0, 6).map((r) => r.id)).toEqual([
      dialing.id,
      ...newest.map((r) => r.id),
      waiting.id,
      (all[all.length - 4] as CallRecord).id,
    ]);
    // Every call once, in start order, across pages.
    const everyCall = [...first.records];
    while (!cursor.exhausted) everyCall.push(...cursor.next(50).records);
    expect(everyCall.map((r) => r.id)).toEqual(
      [...all, waiting, dialing].sort((a, b) => b.startedAt - a.startedAt).map((r) => r.id),
    );

    const filter: Partial<CallFilter> = { state: 'connected', outcome: '有意向', range: '7d' };
    const want = expected(all, filter);
    expect(want.length).toBeGreaterThan(20);
    const narrow = new CallCursor({ ...EMPTY_FILTER, ...filter }, HISTORY_NOW);
    const got = [];
    for (let step = 0; step < 100 && !narrow.exhausted; step += 1) got.push(...narrow.next(20).records);
    expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
  });

  it('reads at most maxShards shards per page, so a rare match is found in steps', () => {
    seedCallLog(archiveCalls, 5_000);
    const shards = readIndex().shards.length;
    expect(shards).toBeGreaterThan(2);
    const cursor = new CallCursor({ ...EMPTY_FILTER, text: '没有这个人' }, HISTORY_NOW);
    const page = cursor.next(50, 1);
    expect(page).toEqual({ records: [], done: false });
    let pages = 1;
    for (let done = false; !done; pages += 1) done = cursor.next(50, 1).done;
    // One shard read per page, so the search takes as many pages as there are shards.
    expect(pages).toBe(shards);
  });

  it('computes the stats of the filtered set, shard by shard with progress, equal to counting all at once', async () => {
    const all = seedCallLog(archiveCalls, 3_000);
    const filter = { ...EMPTY_FILTER, range: '30d' as const, closeBy: 'client' };
    const progress: number[] = [];
    const result = await computeStats(filter, HISTORY_NOW, {
      yieldBetween: immediate,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(result?.stats).toEqual(statsOf(expected(all, filter)));
    expect(result?.agents).toEqual(['agent2@example.com', 'agent@example.com']);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.length).toBe(result?.shardsTotal);
  });

  it('skips shards outside the date range and re-reads only a changed shard on refresh', async () => {
    seedCallLog(archiveCalls, 3_000);
    const all = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    const today = await computeStats({ ...EMPTY_FILTER, range: 'today' }, HISTORY_NOW, { yieldBetween: immediate });
    expect(today?.shardsTotal).toBeLessThan(all?.shardsTotal ?? 0);
    expect(today?.shardsTotal).toBeGreaterThan(0);

    archiveCalls([makeCall({ startedAt: HISTORY_NOW - 500 })]);
    const again = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    expect(again?.shardsRead).toBe(1);
    expect(again?.stats.calls).toBe((all?.stats.calls ?? 0) + 1);
  });

  it('stops when cancelled', async () => {
    seedCallLog(archiveCalls, 3_000);
    let calls = 0;
    const result = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, {
      yieldBetween: immediate,
      isCancelled: () => (calls += 1) > 2,
    });
    expect(result).toBeUndefined();
  });
});

describe('call query: per-day totals kept beside the shards', () => {
  beforeEach(() => resetStatsCache());

  it('answers date-range stats exactly, also for ranges that cut through a shard', async () => {
    const all = seedCallLog(archiveCalls, 3_000, HISTORY_NOW, 20 * 60_000);
    for (const filter of [
      { ...EMPTY_FILTER },
      { ...EMPTY_FILTER, range: '7d' as const },
      { ...EMPTY_FILTER, range: 'custom' as const, fromDay: '2026-11-03', toDay: '2026-11-05' },
    ]) {
      const result = await computeStats(filter, HISTORY_NOW, { yieldBetween: immediate });
      expect(result?.stats).toEqual(statsOf(expected(all, filter)));
    }
  });

  it('keeps them in storage with a schema version, so a fresh start reads no shard', async () => {
    seedCallLog(archiveCalls, 3_000);
    const first = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    expect(first?.shardsRead).toBe(first?.shardsTotal);
    const stored = currentWxFake().storage.get('test', DAY_TOTALS_KEY) as { v: number; s: object };
    expect(stored.v).toBe(DAY_TOTALS_SCHEMA);
    expect(Object.keys(stored.s)).toHaveLength(first?.shardsTotal ?? -1);

    resetStatsCache();
    const again = await computeStats({ ...EMPTY_FILTER, range: '30d' }, HISTORY_NOW, { yieldBetween: immediate });
    expect(again?.shardsRead).toBe(0);
    expect(again?.stats.calls).toBeGreaterThan(0);
  });

  it('counts a shard again once a wrap-up rewrote it', async () => {
    const all = seedCallLog(archiveCalls, 3_000);
    await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    const target = all[10] as CallRecord;
    updateCall(target.id, (r) => ({ ...r, outcome: '全新结果' }));
    const after = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    expect(after?.shardsRead).toBe(1);
    expect(after?.stats.outcomes['全新结果']).toBe(1);
    // The rewritten shard's old totals are gone from storage.
    const stored = currentWxFake().storage.get('test', DAY_TOTALS_KEY) as { s: object };
    expect(Object.keys(stored.s)).toHaveLength(after?.shardsTotal ?? -1);
  });
});

describe('call query: per-day totals of an older schema', () => {
  it('counts again totals stored before unknown durations were counted apart', async () => {
    resetStatsCache();
    seedCallLog(archiveCalls, 2_000);
    const fresh = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    const stored = currentWxFake().storage.get('test', DAY_TOTALS_KEY) as { s: object };
    // The same totals as version 1 wrote them: no unknown count.
    const v1 = JSON.parse(JSON.stringify(stored.s).replace(/"unknown":0,/g, '')) as object;
    currentWxFake().storage.set('test', DAY_TOTALS_KEY, { v: 1, s: v1 });
    resetStatsCache();
    const again = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    expect(again?.shardsRead).toBe(again?.shardsTotal);
    expect(again?.stats).toEqual(fresh?.stats);
  });
});

describe('call query: per-day totals after the log is cleared', () => {
  it('drops the totals of shards that are gone', async () => {
    resetStatsCache();
    seedCallLog(archiveCalls, 2_000);
    await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    clearCalls();
    const result = await computeStats({ ...EMPTY_FILTER }, HISTORY_NOW, { yieldBetween: immediate });
    expect(result?.stats.calls).toBe(0);
    expect(currentWxFake().storage.get('test', DAY_TOTALS_KEY)).toEqual({ v: DAY_TOTALS_SCHEMA, s: {} });
  });
});
