/** The stats card on its own, with real vant: counts, splits, the day chart, folding, progress and 导出. */

import simulate from 'miniprogram-simulate';
import { find, openPage, tap, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../wrap-up-sheet/uiDriver';
import { HISTORY_NOW, statsFixture } from '../../../tools/fixtures/callFixtures';
import { rangeOf, EMPTY_FILTER } from '../../../miniprogram/core/callFilter';
import { StatsTally, statsView } from '../../../miniprogram/core/callStats';

const CARD = 'components/call-stats-card/call-stats-card';

function fixtureView() {
  const tally = new StatsTally();
  for (const record of statsFixture()) tally.add(record);
  return statsView(tally.stats, rangeOf({ ...EMPTY_FILTER }, HISTORY_NOW), HISTORY_NOW);
}

describe('call stats card', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  it('draws the counts, the splits and a bar per day of the stats it is given', async () => {
    const card = openPage(CARD);
    card.component.setData({ stats: fixtureView() });
    await simulate.sleep(10);
    const kpis = ['#kpi-calls', '#kpi-placed', '#kpi-connected', '#kpi-rate'].map((id) =>
      textOf(find(card.component, id)),
    );
    expect(kpis).toEqual(['8', '6', '4', '66.7%']);
    expect(textOf(find(card.component, '#split-close'))).toBe(
      '挂断方客户挂断 3（50%）坐席挂断 2（33%）系统挂断 1（17%）',
    );
    expect(card.component.querySelectorAll('.bar')).toHaveLength(30);
  });

  it('folds to the four counts, tells the page its height changed, and asks for the export', async () => {
    const card = openPage(CARD);
    card.component.setData({ stats: fixtureView() });
    const heard: string[] = [];
    const host = card.component as unknown as { addEventListener(name: string, fn: () => void): void };
    host.addEventListener('resize', () => heard.push('resize'));
    host.addEventListener('export', () => heard.push('export'));
    await tap(card.component, '#toggle-stats');
    expect(textOf(card.component)).toContain('展开 ▾');
    expect(card.component.querySelector('#talk')).toBeUndefined();
    expect(textOf(find(card.component, '#kpi-calls'))).toBe('8');
    await tap(card.component, '#open-export', '.van-button');
    expect(heard).toEqual(['resize', 'export']);
  });

  it('shows the progress of a long run', async () => {
    const card = openPage(CARD);
    card.component.setData({ busy: true, progress: 40 });
    await simulate.sleep(10);
    expect(textOf(card.component)).toContain('统计中 40%');
  });
});
