/** The call log section: append, first screen, filters and stats at each size, ours against the naive key. */

import { realisticCalls, realisticCall } from '../fixtures/calls';
import { archiveCalls, forgetCallLogMemory } from '../../miniprogram/services/callLog';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { CallFilter, EMPTY_FILTER, rangeOf } from '../../miniprogram/core/callFilter';
import { CallCursor, computeStats, resetStatsCache } from '../../miniprogram/services/callQuery';
import { historyRow } from '../../miniprogram/core/historyRow';
import { DAY_TOTALS_KEY } from '../../miniprogram/services/callDayTotals';
import { naiveAppend, naiveFirstScreen, NAIVE_CALLS_KEY, naiveStatsSince, seedNaive } from './naive';
import { freshFake, installOn, seedOurs } from './benchFake';
import type { WxFake } from '../wx-fake/wx';
import { RUNS, SIZES, wanted } from './config';
import { RECORD_BUDGET_BYTES, add, budget, bytes, handlerBudget, ms, ratio } from './results';
import { gc, median, medianMs } from './timing';

interface StatsTiming {
  total: number;
  /** The longest piece of work between two yields: what holds the page. */
  longestChunk: number;
  /** The longest chunk over all runs (medianStats only). */
  worstChunk?: number;
  chunks: number;
  shardsRead: number;
}

const STATS_30D = { ...EMPTY_FILTER, range: '30d' as const };
const FIRST_SCREEN = 'time to first screen of history (30 rows, as the page loads them)';
const STATS_ROWS = [
  'stats for 30 days, app started with stored day totals',
  'stats for all time (history opens on it), first run ever',
  'stats for 30 days, again (warm)',
  'stats for 30 days, first run ever (no day totals)',
];
/** Every row of a size's section, so a run of chosen rows (--rows) skips a size none of them is in. */
const ROWS = [
  'bytes written to append one call',
  'time to append one call',
  FIRST_SCREEN,
  'filter applied (connected calls): first page, then each later step',
  'filter applied (a search that matches nothing): first page, then each later step',
  ...STATS_ROWS,
  'bytes per call in storage',
  'fits WeChat storage (1 MB per key, 10 MB total)',
];

/** computeStats as the history page runs it, every chunk between two yields timed. */
async function timedStats(now: number, filter: CallFilter = STATS_30D): Promise<StatsTiming> {
  const chunks: number[] = [];
  let chunkStart = process.hrtime.bigint();
  const runStart = chunkStart;
  const result = await computeStats(filter, now, {
    yieldBetween: async () => {
      chunks.push(Number(process.hrtime.bigint() - chunkStart) / 1e6);
      await Promise.resolve();
      chunkStart = process.hrtime.bigint();
    },
  });
  const end = process.hrtime.bigint();
  chunks.push(Number(end - chunkStart) / 1e6);
  return {
    total: Number(end - runStart) / 1e6,
    longestChunk: Math.max(...chunks),
    chunks: chunks.length,
    shardsRead: result?.shardsRead ?? -1,
  };
}

/** Medians of RUNS timed stats runs; setup runs before each and is not timed. */
async function medianStats(now: number, setup: () => void, filter?: CallFilter): Promise<StatsTiming> {
  const runs: StatsTiming[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    setup();
    gc();
    runs.push(await timedStats(now, filter));
  }
  return {
    total: median(runs.map((r) => r.total)),
    longestChunk: median(runs.map((r) => r.longestChunk)),
    worstChunk: Math.max(...runs.map((r) => r.longestChunk)),
    chunks: median(runs.map((r) => r.chunks)),
    shardsRead: median(runs.map((r) => r.shardsRead)),
  };
}

/**
 * A filter applied on the history page: each step (the first page too) reads at most SHARDS_PER_STEP shards, with a turn
 * for WeChat between steps. A search that matches nothing is the longest: every step reads its full share.
 */
function benchFilterSteps(now: number): void {
  const size = (SIZES[SIZES.length - 1] as number).toLocaleString('en');
  const section = `Call log, ${size} calls`;
  const filters: [string, CallFilter][] = [
    ['connected calls', { ...EMPTY_FILTER, state: 'connected' }],
    ['a search that matches nothing', { ...EMPTY_FILTER, text: '没有这个客户' }],
  ];
  for (const [label, filter] of filters) {
    if (!wanted(section, `filter applied (${label}): first page, then each later step`)) continue;
    const first = medianMs(
      () => new CallCursor(filter, now).next(30).records.map((r) => historyRow(r, true, now)),
      forgetCallLogMemory,
    );
    let cursor = new CallCursor(filter, now);
    const later = medianMs(
      () => cursor.next(30),
      () => {
        if (cursor.exhausted) cursor = new CallCursor(filter, now);
      },
    );
    add(section, `filter applied (${label}): first page, then each later step`, `${ms(first)}, ${ms(later)}`, '', '');
    handlerBudget(`filter applied, ${label}: first page (${size} calls)`, first);
    handlerBudget(`filter applied, ${label}: each later step (${size} calls)`, later);
  }
}

/** The stats rows, timed together: 30 days cold, warm and first ever, and all time at the largest size. */
async function benchStats(
  section: string,
  records: CallRecord[],
  ours: WxFake,
  naive: WxFake,
  atScale: boolean,
): Promise<void> {
  const size = records.length;
  const now = (records[records.length - 1] as CallRecord).startedAt + 3_600_000;
  const range = rangeOf(STATS_30D, now) as { from: number; to: number };
  installOn(ours);
  const firstEver = await medianStats(now, () => {
    // The first run after an upgrade: no per-day totals stored yet, so every shard in range is counted.
    ours.storage.remove('bench', DAY_TOTALS_KEY);
    resetStatsCache();
    forgetCallLogMemory();
  });
  const coldStart = await medianStats(now, () => {
    resetStatsCache();
    forgetCallLogMemory();
  });
  const warm = await medianStats(now, () => {});
  installOn(naive);
  const naiveStats = medianMs(() => naiveStatsSince(range.from, range.to));
  add(
    section,
    'stats for 30 days, app started with stored day totals',
    ms(coldStart.total),
    ms(naiveStats),
    ratio(naiveStats, coldStart.total),
  );
  if (atScale) {
    // The history page opens on all time: its first run ever counts every shard, one per chunk.
    const naiveAllTime = medianMs(() => naiveStatsSince(0, Number.MAX_SAFE_INTEGER));
    installOn(ours);
    const allTime = await medianStats(
      now,
      () => {
        ours.storage.remove('bench', DAY_TOTALS_KEY);
        resetStatsCache();
        forgetCallLogMemory();
      },
      { ...EMPTY_FILTER },
    );
    add(
      section,
      'stats for all time (history opens on it), first run ever',
      `${ms(allTime.total)} in ${allTime.chunks} chunks, longest ${ms(allTime.longestChunk)} (worst run ${ms(allTime.worstChunk ?? 0)})`,
      `${ms(naiveAllTime)} in one piece`,
      ratio(naiveAllTime, allTime.total),
    );
    handlerBudget(
      `all-time stats, first run ever: longest chunk (${size.toLocaleString('en')} calls)`,
      allTime.longestChunk,
    );
    handlerBudget(`30-day stats, app started (${size.toLocaleString('en')} calls)`, coldStart.total);
    handlerBudget(
      `30-day stats, first run ever: longest chunk (${size.toLocaleString('en')} calls)`,
      firstEver.longestChunk,
    );
  }
  add(section, 'stats for 30 days, again (warm)', ms(warm.total), ms(naiveStats), ratio(naiveStats, warm.total));
  add(
    section,
    'stats for 30 days, first run ever (no day totals)',
    `${ms(firstEver.total)} in ${firstEver.chunks} chunks, longest ${ms(firstEver.longestChunk)} (worst run ${ms(firstEver.worstChunk ?? 0)})`,
    `${ms(naiveStats)} in one piece`,
    ratio(naiveStats, firstEver.total),
  );
}

export async function benchCallLog(size: number): Promise<void> {
  const section = `Call log, ${size.toLocaleString('en')} calls`;
  const want = (measure: string): boolean => wanted(section, measure);
  if (!ROWS.some(want)) return;
  const records = realisticCalls(size);
  const next = realisticCall(size);

  const ours = freshFake();
  seedOurs(records);
  const oursUsed = ours.storage.usedBytes();
  const naive = freshFake(true);
  seedNaive(records);
  const naiveUsed = naive.storage.usedBytes();
  const naiveKeyBytes = (naive.storage.rawJson(NAIVE_CALLS_KEY) ?? '').length;

  // Bytes written to append one finished call.
  installOn(ours);
  let before = ours.storage.ops.bytesWritten;
  archiveCalls([next]);
  const oursAppendBytes = ours.storage.ops.bytesWritten - before;
  installOn(naive);
  before = naive.storage.ops.bytesWritten;
  naiveAppend(next);
  const naiveAppendBytes = naive.storage.ops.bytesWritten - before;
  add(
    section,
    'bytes written to append one call',
    bytes(oursAppendBytes),
    bytes(naiveAppendBytes),
    ratio(naiveAppendBytes, oursAppendBytes),
  );

  // Time to append one call (each run appends one more; untimed when the row is not chosen, so the log that the
  // later rows read is the same in every run).
  let n = size + 1;
  const atScale = size === SIZES[SIZES.length - 1];
  installOn(ours);
  if (want('time to append one call')) {
    const oursAppend = medianMs(() => archiveCalls([realisticCall((n += 1))]));
    installOn(naive);
    const naiveAppendTime = medianMs(() => naiveAppend(realisticCall((n += 1))));
    add(section, 'time to append one call', ms(oursAppend), ms(naiveAppendTime), ratio(naiveAppendTime, oursAppend));
    if (atScale) handlerBudget(`append one call (${size.toLocaleString('en')} calls)`, oursAppend);
  } else {
    for (let i = 0; i < RUNS; i += 1) archiveCalls([realisticCall((n += 1))]);
  }

  // The history page's first screen from a cold start (nothing cached in memory), by the page's own path:
  // its reload() reads one page of 30 rows through the cursor, drawn as rows (the count is the stats').
  const listNow = Date.now();
  if (want(FIRST_SCREEN)) {
    installOn(ours);
    const oursFirst = medianMs(() => {
      new CallCursor({ ...EMPTY_FILTER }, listNow).next(30).records.map((r) => historyRow(r, true, listNow));
    }, forgetCallLogMemory);
    installOn(naive);
    const naiveFirst = medianMs(() => naiveFirstScreen(30).map((r) => historyRow(r, true, listNow)));
    add(section, FIRST_SCREEN, ms(oursFirst), ms(naiveFirst), ratio(naiveFirst, oursFirst));
    if (atScale) handlerBudget(`history first screen, cold (${size.toLocaleString('en')} calls)`, oursFirst);
  }
  if (atScale) {
    installOn(ours);
    benchFilterSteps(listNow);
  }

  // Stats for the last 30 days, as the history page asks for them (per-day totals kept beside the shards).
  if (STATS_ROWS.some(want)) await benchStats(section, records, ours, naive, atScale);

  add(
    section,
    'bytes per call in storage',
    bytes(oursUsed / size),
    bytes(naiveUsed / size),
    ratio(naiveUsed / size, oursUsed / size),
  );
  if (atScale) {
    budget(
      'at most 100 B per record',
      `call log (${size.toLocaleString('en')} calls)`,
      bytes(oursUsed / size),
      oursUsed / size <= RECORD_BUDGET_BYTES,
    );
  }
  if (naiveKeyBytes > 1024 * 1024) {
    add(
      section,
      'fits WeChat storage (1 MB per key, 10 MB total)',
      'yes',
      `no: one key of ${bytes(naiveKeyBytes)}`,
      '',
    );
  }
}
