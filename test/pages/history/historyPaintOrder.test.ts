/** The history's first screen: rows first, then the rest of the window, the stats card's counts and its chart. */

import simulate from 'miniprogram-simulate';
import { find, openPage, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { archiveCalls } from '../../../miniprogram/services/callLog';
import { HISTORY_NOW, seedCallLog } from '../../../tools/fixtures/callFixtures';

type Patch = Record<string, unknown>;

/** What each setData sent, in order, with the time since the page opened. */
function recorder(): { patches: Patch[]; onSetData(patch: Patch): void } {
  const patches: Patch[] = [];
  return { patches, onSetData: (patch) => patches.push(patch) };
}

function indexOfKey(patches: Patch[], test: (key: string) => boolean): number {
  return patches.findIndex((patch) => Object.keys(patch).some(test));
}

describe('history paints rows first', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  it('sends a screen of the newest rows first, with no stats, and the counts, then the chart, in later turns', async () => {
    seedCallLog(archiveCalls, 2_000);
    const { patches, onSetData } = recorder();
    const page = openPage('pages/history/history', {}, { onSetData });

    // The turn of the tap: one update, the newest rows and nothing of the stats.
    expect(patches).toHaveLength(1);
    const first = patches[0] as Patch;
    const firstRows = first['rows'] as { id: string }[];
    expect(firstRows.length).toBeGreaterThanOrEqual(8);
    expect(firstRows.length).toBeLessThan(30);
    expect(Object.keys(first).some((key) => key.startsWith('stats'))).toBe(false);
    expect(page.component.data.stats).toBeNull();
    expect(find(page.component, '#stats-card').querySelector('#kpi-calls')).toBeUndefined();
    // The export and wrap-up sheets open on a tap only: they are made after the rows.
    expect(page.component.querySelector('#wrap-up')).toBeUndefined();
    const ids = firstRows.map((row) => row.id);
    // Newest first: ids are time-ordered.
    expect([...ids].sort().reverse()).toEqual(ids);

    for (let i = 0; i < 150 && !patches.some((patch) => patch['stats.bars'] !== undefined); i += 1) {
      await simulate.sleep(20);
    }
    const rest = indexOfKey(patches, (key) => key.startsWith('rows['));
    const counts = patches.findIndex((patch) => patch['stats'] !== undefined);
    const chart = indexOfKey(patches, (key) => key === 'stats.bars');
    // The rest of the window, then the counts (the card's chart empty), then the chart: each a later update.
    expect(rest).toBeGreaterThan(0);
    expect(counts).toBeGreaterThan(rest);
    expect((patches[counts]?.['stats'] as { bars: unknown[] }).bars).toEqual([]);
    expect(chart).toBeGreaterThan(counts);
    expect((page.component.data.rows as unknown[]).length).toBe(30);
    expect(page.component.querySelector('#wrap-up')).toBeDefined();
    expect(page.component.querySelector('#export-sheet')).toBeDefined();
    expect(textOf(find(page.component, '#stats-card', '#kpi-calls'))).toBe('2000');
    expect(find(page.component, '#stats-card').querySelectorAll('.bar')).toHaveLength(30);
  });

  it('draws the newest stats only: a filter applied before the chart came drops the old chart', async () => {
    seedCallLog(archiveCalls, 500);
    const { patches, onSetData } = recorder();
    const page = openPage('pages/history/history', {}, { onSetData });
    await simulate.sleep(300);
    const instance = page.instance as unknown as { applyFilter(filter: unknown): void };
    const filter = page.component.data.filter as Record<string, unknown>;
    patches.length = 0;
    instance.applyFilter({ ...filter, state: 'connected' });
    instance.applyFilter({ ...filter, state: 'failed' });
    for (let i = 0; i < 150 && !patches.some((patch) => patch['stats.bars'] !== undefined); i += 1) {
      await simulate.sleep(20);
    }
    await simulate.sleep(100);
    // Two filters in one turn: one set of counts and one chart, both of the newest filter.
    expect(patches.filter((patch) => patch['stats'] !== undefined)).toHaveLength(1);
    expect(patches.filter((patch) => patch['stats.bars'] !== undefined)).toHaveLength(1);
    const shown = page.component.data.stats as { calls: number };
    const calls = (page.component.data.rows as unknown[]).length;
    expect(shown.calls).toBeGreaterThanOrEqual(calls);
  });
});
