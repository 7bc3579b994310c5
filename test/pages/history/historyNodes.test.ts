/** The history page's node count stays bounded however deep the agent scrolls (WeChat flags more than 1,000). */

import simulate from 'miniprogram-simulate';
import { openPage } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { archiveCalls } from '../../../miniprogram/services/callLog';
import { HISTORY_NOW, seedCallLog } from '../../../tools/fixtures/callFixtures';
import { countNodes } from '../../../tools/page-harness/pageNodes';
import { printFigures } from '../../helpers/figures';

const CALLS = 5_000;
/** Far inside WeChat's 1,000: the window, the stats card with its 30-day chart, the filters and the sheets. */
const NODE_BUDGET = 600;

type Page = ReturnType<typeof openPage>;

function nodesOf(page: Page) {
  return countNodes(page.component.dom as unknown as Element);
}

async function statsShown(page: Page): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    await simulate.sleep(10);
    if (page.component.data.stats !== null && page.component.data.statsBusy === false) return;
  }
  throw new Error('stats never finished');
}

describe('history page node count', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  it(`stays under ${NODE_BUDGET} elements after scrolling 40 pages through ${CALLS.toLocaleString('en')} calls`, async () => {
    seedCallLog(archiveCalls, CALLS);
    const page = openPage('pages/history/history');
    await statsShown(page);
    const opened = nodesOf(page);
    expect(opened.nodes).toBeLessThan(NODE_BUDGET);

    // The agent scrolls on: each time the bottom comes near, the page reads the next 30 calls from storage.
    const pageHeightPx = (30 * 136 * 375) / 750;
    for (let i = 1; i <= 40; i += 1) {
      page.instance['onReachBottom']?.();
      page.instance['onPageScroll']?.({ scrollTop: i * pageHeightPx });
    }
    await simulate.sleep(10);
    const { rows, before, after } = page.component.data as { rows: unknown[]; before: number; after: number };
    // 1,230 rows loaded, and the list is as tall as all of them, yet only the window is drawn.
    expect(rows.length + (before + after) / 136).toBe(41 * 30);
    expect(page.component.dom?.querySelectorAll('.main--row')).toHaveLength(rows.length);
    const deep = nodesOf(page);
    expect(deep.nodes).toBeLessThan(NODE_BUDGET);
    // Bounded, not growing: deep in the list the page has about what it had when it opened.
    expect(Math.abs(deep.nodes - opened.nodes)).toBeLessThan(60);
    expect(deep.depth).toBeLessThan(30);
    expect(deep.widest).toBeLessThanOrEqual(60);
    printFigures(
      `history nodes at ${CALLS} calls: opened ${opened.nodes} (depth ${opened.depth}, widest ${opened.widest}); ` +
        `40 pages deep ${deep.nodes} (depth ${deep.depth}, widest ${deep.widest}), ${rows.length} rows drawn`,
    );
  }, 60_000);
});
