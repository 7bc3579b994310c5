/**
 * setData bytes of real pages in miniprogram-simulate, against the naive whole-list payloads, and the pages' node
 * counts against WeChat's flag; writes JSON for bench.ts.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../wx-fake/wx';
import { LoadedPage, openPage, tap } from '../page-harness/page';
import { countNodes } from '../page-harness/pageNodes';
import { configureAgent } from '../page-harness/appHarness';
import { HISTORY_NOW, seedCallLog } from '../fixtures/callFixtures';
import { generatedContacts } from '../fixtures/demoContacts';
import { archiveCalls, forgetCallLogMemory } from '../../miniprogram/services/callLog';
import { importContacts, resetContactCache } from '../../miniprogram/services/contactStore';
import { compileFilter, EMPTY_FILTER, matchesCall } from '../../miniprogram/core/callFilter';
import { historyRow } from '../../miniprogram/core/historyRow';
import { shownNumber } from '../../miniprogram/core/callPresentation';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { naiveListRows, naiveSearch, readNaiveContacts, seedNaiveContacts } from './naiveContacts';

export const SETDATA_RESULTS = path.resolve(__dirname, '..', '..', '.tmp', 'bench', 'setdata.json');
const CALLS = 50_000;
const CONTACTS = 10_000;
const PAGE_SIZE = 30;
/** Row height of the history list in rpx, as in the page. */
const ROW_RPX = 136;

export interface SetDataCase {
  name: string;
  calls: number;
  largest: number;
  total: number;
  naiveLargest: number;
  naiveTotal: number;
  naiveNote: string;
}

/** Elements of a rendered page (see tools/page-harness/pageNodes.ts), in the same JSON, told apart by `kind`. */
export interface NodeCase {
  kind: 'nodes';
  name: string;
  nodes: number;
  depth: number;
  widest: number;
}

const cases: (SetDataCase | NodeCase)[] = [];

type Instance = Record<string, (...args: unknown[]) => unknown> & {
  setData(data: Record<string, unknown>, cb?: () => void): void;
};

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Opens a page with setData watched from before onLoad, so the first call is measured too. */
function openMeasured(route: string): { component: LoadedPage['component']; instance: Instance; sizes: number[] } {
  const sizes: number[] = [];
  const page = openPage(route, {}, { onSetData: (data) => sizes.push(jsonBytes(data)) });
  return { component: page.component, instance: page.instance as unknown as Instance, sizes };
}

/** The account, and 10,000 contacts both through the app's store and in the naive baseline's one key. */
function seedContacts(): void {
  configureAgent();
  const inputs = generatedContacts(CONTACTS);
  resetContactCache();
  const imported = importContacts(inputs, HISTORY_NOW);
  expect(imported.added).toBe(CONTACTS);
  seedNaiveUnlimited(inputs);
}

function record(name: string, sizes: number[], naive: number[], naiveNote: string): void {
  cases.push({
    name,
    calls: sizes.length,
    largest: Math.max(0, ...sizes),
    total: sizes.reduce((a, b) => a + b, 0),
    naiveLargest: Math.max(0, ...naive),
    naiveTotal: naive.reduce((a, b) => a + b, 0),
    naiveNote,
  });
}

/** Counts the page's elements as they are now: simulate renders custom components' shadow trees inline. */
async function recordNodes(name: string, component: ReturnType<typeof simulate.render>): Promise<void> {
  await simulate.sleep(10);
  cases.push({ kind: 'nodes', name, ...countNodes(component.dom as unknown as Element) });
}

/** The naive list in one key, over WeChat's 1 MB per key: the quota is lifted so it can be measured at all. */
function seedNaiveUnlimited(inputs: ReturnType<typeof generatedContacts>): void {
  const storage = currentWxFake().storage;
  storage.entryLimitChars = Number.MAX_SAFE_INTEGER;
  storage.totalLimitBytes = Number.MAX_SAFE_INTEGER;
  seedNaiveContacts(inputs, HISTORY_NOW);
}

/** Waits until the history page's stats are shown (the chunked run is over). */
async function statsDone(component: ReturnType<typeof simulate.render>): Promise<void> {
  for (let i = 0; i < 2_000; i += 1) {
    await simulate.sleep(5);
    if (component.data.stats !== null && !component.data.statsBusy) return;
  }
  throw new Error('stats never finished');
}

afterAll(() => {
  fs.mkdirSync(path.dirname(SETDATA_RESULTS), { recursive: true });
  fs.writeFileSync(SETDATA_RESULTS, JSON.stringify(cases, null, 2));
});

describe('setData payloads', () => {
  afterEach(() => jest.useRealTimers());

  it('dialer: typing a number digit by digit with 10,000 contacts', async () => {
    seedContacts();
    const page = openMeasured('pages/dialer/dialer');
    await simulate.sleep(10);
    page.sizes.length = 0;
    const digits = '13910001234';
    const naive: number[] = [];
    const contacts = readNaiveContacts();
    for (let i = 0; i < digits.length; i += 1) {
      await tap(page.component, `#key-${digits[i]}`);
      // Naive: every contact whose number holds the digits so far, sent whole with the display.
      const { display, hint, tone } = page.component.data as Record<string, string>;
      const matches = naiveSearch(contacts, digits.slice(0, i + 1)).map((c) => ({
        id: c.id,
        name: c.name,
        sub: [shownNumber(c.phone, true), c.company].filter((s) => s !== '').join(' · '),
      }));
      naive.push(jsonBytes({ display, hint, tone, matches }));
      if (i === 2) await recordNodes('dialer, 10,000 contacts, 3 digits typed', page.component);
    }
    expect(page.sizes.length).toBeGreaterThanOrEqual(digits.length);
    record('typing a digit on the dialer (11 digits, 10,000 contacts)', page.sizes, naive, 'every matching contact');
  });

  it('history: open, next page, 40 pages, filter, at 50,000 calls', async () => {
    jest.useFakeTimers({
      now: HISTORY_NOW,
      doNotFake: ['nextTick', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    configureAgent();
    forgetCallLogMemory();
    const records: CallRecord[] = seedCallLog(archiveCalls, CALLS);
    const newestFirst = [...records].sort((a, b) => b.startedAt - a.startedAt);
    const rows = newestFirst.map((r) => historyRow(r, true, HISTORY_NOW));
    const page = openMeasured('pages/history/history');
    await statsDone(page.component);
    expect((page.component.data.stats as { calls: number }).calls).toBe(CALLS);
    // Naive: every row in one setData.
    record('opening history with 50,000 calls (rows and stats)', page.sizes, [jsonBytes({ list: rows })], 'all rows');
    await recordNodes('history opened, 50,000 calls (stats and chart shown)', page.component);

    // Scrolling: the page asks for the next page at the bottom; the naive way concatenates and sends the list.
    const pageHeightPx = (PAGE_SIZE * ROW_RPX * 375) / 750;
    const scrollTo = (i: number): number[] => {
      const before = page.sizes.length;
      page.instance['onReachBottom']?.();
      page.instance['onPageScroll']?.({ scrollTop: i * pageHeightPx });
      return page.sizes.slice(before);
    };
    const concat = (pages: number): number => jsonBytes({ list: rows.slice(0, pages * PAGE_SIZE) });
    record('scrolling to the next page', scrollTo(1), [concat(2)], 'list.concat(page), sent whole');
    const deep: number[] = [];
    const naiveDeep: number[] = [];
    for (let i = 2; i <= 40; i += 1) {
      deep.push(...scrollTo(i));
      naiveDeep.push(concat(i + 1));
    }
    record('scrolling 39 more pages (to 1,230 rows)', deep, naiveDeep, 'list.concat(page), sent whole');
    await recordNodes('history after scrolling 40 pages (1,230 rows loaded)', page.component);

    // A filter: connected calls only.
    const filter = { ...EMPTY_FILTER, state: 'connected' as const };
    const compiled = compileFilter(filter, HISTORY_NOW);
    const matching = newestFirst.filter((r) => matchesCall(r, compiled)).map((r) => historyRow(r, true, HISTORY_NOW));
    const before = page.sizes.length;
    page.instance['applyFilter']?.(filter);
    await statsDone(page.component);
    record(
      'applying a filter (connected calls)',
      page.sizes.slice(before),
      [jsonBytes({ list: matching })],
      `all ${matching.length.toLocaleString('en')} matching rows`,
    );
  }, 240_000);

  it('contacts: opening the list with 10,000 contacts', async () => {
    seedContacts();
    const page = openMeasured('pages/contacts/contacts');
    await simulate.sleep(10);
    expect(page.component.data.total).toBe(CONTACTS);
    const naiveRows = naiveListRows(readNaiveContacts(), true, HISTORY_NOW);
    record(
      'opening contacts with 10,000 contacts',
      page.sizes,
      [jsonBytes({ total: CONTACTS, list: naiveRows })],
      'all rows with headers',
    );
    await recordNodes('contacts, 10,000, at the top', page.component);
    const layout = (page.instance as unknown as { layout: { total: number } }).layout;
    page.instance['onScroll']?.({ detail: { scrollTop: layout.total / 2 } });
    expect(page.component.data.before).toBeGreaterThan(0);
    await recordNodes('contacts, 10,000, scrolled to the middle', page.component);
  });
});
