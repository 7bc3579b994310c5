/**
 * The history page over 50,000 stored calls: it opens with one page of rows, pages in as it scrolls, never holds
 * more than the window in data, and computes stats in chunks. Prints the numbers for the closing note.
 */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, openPage, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { archiveCalls } from '../../../miniprogram/services/callLog';
import { DAY_TOTALS_KEY } from '../../../miniprogram/services/callDayTotals';
import { HISTORY_NOW, seedCallLog } from '../../../tools/fixtures/callFixtures';
import { printFigures } from '../../helpers/figures';

const CALLS = 50_000;

interface SetDataCall {
  bytes: number;
  rows: number;
  at: number;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function rowsIn(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  return (json.match(/"markLabel":/g) ?? []).length;
}

/** helpers/page openPage with setData watched from before onLoad, so the very first call is measured. */
function openMeasured(route: string) {
  const calls: SetDataCall[] = [];
  const started = performance.now();
  const { component, instance } = openPage(
    route,
    {},
    {
      onSetData: (data) =>
        calls.push({ bytes: utf8Bytes(JSON.stringify(data)), rows: rowsIn(data), at: performance.now() - started }),
    },
  );
  return { component, instance, calls, started };
}

function rowsInData(component: ReturnType<typeof openMeasured>['component']): number {
  return (component.data.rows as unknown[]).length;
}

/** Rows the list stands for: the rendered window plus the rows its two spacers (136 rpx each) replace. */
function rowsInList(component: ReturnType<typeof openMeasured>['component']): number {
  const { before, after } = component.data as { before: number; after: number };
  return rowsInData(component) + (before + after) / 136;
}

describe('history page at 50,000 calls', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  it('opens with one page, pages in by scrolling within the window, and computes stats in chunks', async () => {
    const seededAt = performance.now();
    seedCallLog(archiveCalls, CALLS);
    const seedMs = performance.now() - seededAt;
    const fake = currentWxFake();
    const readsBefore = fake.storage.ops.reads;
    const page = openMeasured('pages/history/history');
    const first = page.calls.find((c) => c.rows > 0) as SetDataCall;
    const firstRowsMs = first.at;
    const readsToOpen = fake.storage.ops.reads - readsBefore;

    // The first setData carries a screen of rows (the page reads one page of 30), nothing like the whole log.
    expect(page.calls.indexOf(first)).toBe(0);
    expect(first.rows).toBe(10);
    expect(first.bytes).toBeLessThan(16 * 1024);
    // A handful of small keys (settings, index, pending) and a shard or two, never the dozens of shards of the log
    // (how many depends on how densely the codec packs a call, so only "more than opening reads" is pinned).
    const shardCount = fake.storage.info().keys.filter((k) => k.startsWith('tccc.calls.s.')).length;
    expect(readsToOpen).toBeLessThan(24);
    expect(shardCount).toBeGreaterThan(24);

    // Stats run shard by shard between turns, with progress.
    let statsDoneMs = NaN;
    for (let i = 0; i < 400; i += 1) {
      await simulate.sleep(5);
      const stats = page.component.data.stats as { calls: number } | null;
      if (stats !== null && !page.component.data.statsBusy) {
        statsDoneMs = performance.now() - page.started;
        break;
      }
    }
    const stats = page.component.data.stats as { calls: number; connected: number };
    expect(stats.calls).toBe(CALLS);
    const progressCalls = page.calls.filter((c) => c.rows === 0 && c.bytes < 200).length;
    expect(progressCalls).toBeGreaterThan(1);
    expect(textOf(find(page.component, '#stats-card', '#kpi-calls'))).toBe('50000');

    // Scroll down through 40 pages (1,200 rows), then back up: the data never holds more than the window.
    let maxRows = rowsInData(page.component);
    const newestId = (page.component.data.rows as { id: string }[])[0]?.id;
    expect(newestId).toBeDefined();
    const pageHeightPx = (30 * 136 * 375) / 750;
    for (let i = 0; i < 40; i += 1) {
      page.instance['onReachBottom']?.();
      page.instance['onPageScroll']?.({ scrollTop: (i + 1) * pageHeightPx });
      maxRows = Math.max(maxRows, rowsInData(page.component));
    }
    const loadedRows = rowsInList(page.component);
    const loadedPages = loadedRows / 30;
    expect(loadedRows).toBe(41 * 30);
    for (let i = 40; i >= 0; i -= 1) {
      page.instance['onPageScroll']?.({ scrollTop: i * pageHeightPx });
      maxRows = Math.max(maxRows, rowsInData(page.component));
    }
    // Back at the top, the newest rows are drawn again and nothing stands above them.
    expect(page.component.data.before).toBe(0);
    expect((page.component.data.rows as { id: string }[])[0]?.id).toBe(newestId);
    expect(maxRows).toBeLessThanOrEqual(30);
    const largest = Math.max(...page.calls.map((c) => c.bytes));
    expect(largest).toBeLessThan(64 * 1024);

    // The work itself, without the test's polling: every chunk between two yields, timed.
    const query =
      require('../../../miniprogram/services/callQuery') as typeof import('../../../miniprogram/services/callQuery');
    const { EMPTY_FILTER } =
      require('../../../miniprogram/core/callFilter') as typeof import('../../../miniprogram/core/callFilter');
    /** Runs computeStats, timing every chunk of work between two yields. */
    async function timedStats(filter: typeof EMPTY_FILTER) {
      const chunks: number[] = [];
      let chunkStart = performance.now();
      const runStart = chunkStart;
      const result = await query.computeStats(filter, HISTORY_NOW, {
        yieldBetween: async () => {
          chunks.push(performance.now() - chunkStart);
          await Promise.resolve();
          chunkStart = performance.now();
        },
      });
      chunks.push(performance.now() - chunkStart);
      return { result, ms: performance.now() - runStart, longest: Math.max(...chunks), chunks: chunks.length };
    }
    const dayTotalsBytes = (fake.storage.rawJson(DAY_TOTALS_KEY) ?? '').length;
    expect(dayTotalsBytes).toBeGreaterThan(0);
    // Cold: no per-day totals stored yet (the first start after an upgrade), so every shard is read once.
    fake.storage.remove('test', DAY_TOTALS_KEY);
    query.resetStatsCache();
    const cold = await timedStats({ ...EMPTY_FILTER });
    expect(cold.result?.shardsRead).toBe(shardCount);
    // Warm: a fresh start with the totals in storage reads no shard.
    query.resetStatsCache();
    const warm = await timedStats({ ...EMPTY_FILTER });
    expect(warm.result?.shardsRead).toBe(0);
    expect(warm.result?.stats).toEqual(cold.result?.stats);
    // A filter beyond dates (connected calls, last 30 days) counts the shards in range, once per filter.
    const filtered = await timedStats({ ...EMPTY_FILTER, range: '30d', state: 'connected' });
    // Export of all 50,000 calls: chunked per shard, written in parts.
    const { exportCalls } =
      require('../../../miniprogram/services/exportFile') as typeof import('../../../miniprogram/services/exportFile');
    const exportChunks: number[] = [];
    let exportChunkStart = performance.now();
    const exportStart = exportChunkStart;
    const exported = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'csv',
      yieldBetween: async () => {
        exportChunks.push(performance.now() - exportChunkStart);
        await Promise.resolve();
        exportChunkStart = performance.now();
      },
    });
    const exportMs = performance.now() - exportStart;
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.count).toBe(CALLS);
    const csvBytes = fake.files.bytesOf(exported.filePath)?.length ?? 0;
    // The same as .xlsx: rows gathered in memory, then written in parts.
    const xlsxStart = performance.now();
    const xlsx = await exportCalls({ ...EMPTY_FILTER }, HISTORY_NOW, {
      fullNumbers: false,
      format: 'xlsx',
      yieldBetween: () => Promise.resolve(),
    });
    const xlsxMs = performance.now() - xlsxStart;
    if (!xlsx.ok) throw new Error(xlsx.message);
    expect(xlsx.count).toBe(CALLS);
    const xlsxBytes = fake.files.bytesOf(xlsx.filePath)?.length ?? 0;
    const pageStart = performance.now();
    new query.CallCursor({ ...EMPTY_FILTER }, HISTORY_NOW).next(30);
    const pageMs = performance.now() - pageStart;

    printFigures(
      [
        `history at ${CALLS} calls (seeded in ${seedMs.toFixed(0)} ms):`,
        `first setData: ${first.rows} rows, ${first.bytes} bytes, ${firstRowsMs.toFixed(1)} ms after onLoad began, ${readsToOpen} storage reads of ${shardCount + 2} call-log keys`,
        `stats: ${stats.calls} calls in ${statsDoneMs.toFixed(0)} ms wall (chunked per shard, ${progressCalls} progress updates)`,
        `stats, all time, cold (no stored day totals): ${cold.ms.toFixed(0)} ms of work in ${cold.chunks} chunks, longest ${cold.longest.toFixed(1)} ms`,
        `stats, all time, fresh start with day totals (${dayTotalsBytes} bytes stored): ${warm.ms.toFixed(1)} ms, ${warm.result?.shardsRead} shards read`,
        `stats, 30 days + connected: ${filtered.ms.toFixed(0)} ms in ${filtered.chunks} chunks (${filtered.result?.shardsRead} of ${shardCount} shards read), longest ${filtered.longest.toFixed(1)} ms`,
        `first page of 30 rows from storage: ${pageMs.toFixed(1)} ms`,
        `export: ${exported.count} rows, ${csvBytes} bytes of CSV in ${exportMs.toFixed(0)} ms over ${exportChunks.length + 1} chunks, longest ${Math.max(...exportChunks).toFixed(1)} ms`,
        `export as .xlsx: ${xlsx.count} rows, ${xlsxBytes} bytes (sheet deflated) in ${xlsxMs.toFixed(0)} ms`,
        `scroll: ${loadedPages} pages loaded, at most ${maxRows} rows in data; largest setData ${largest} bytes; ${page.calls.length} setData calls`,
      ].join('\n  '),
    );
  }, 120_000);
});
