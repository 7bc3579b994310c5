/** The history filter bar on its own, with real vant: a typed search waits for a pause, menus and calendar say the new filter. */

import simulate from 'miniprogram-simulate';
import { find, openPage, shownValue, typeInto } from '../../../tools/page-harness/page';
import { pinClock } from '../wrap-up-sheet/uiDriver';
import { HISTORY_NOW } from '../../../tools/fixtures/callFixtures';
import { CallFilter, EMPTY_FILTER } from '../../../miniprogram/core/callFilter';

const BAR = 'components/history-filter-bar/history-filter-bar';

type Bar = ReturnType<typeof openPage>;

/** Every filter the bar asks the page for, in order. */
function heardChanges(bar: Bar): CallFilter[] {
  const heard: CallFilter[] = [];
  const host = bar.component as unknown as {
    addEventListener(name: string, fn: (event: { detail: CallFilter }) => void): void;
  };
  host.addEventListener('change', (event) => heard.push(event.detail));
  return heard;
}

describe('history filter bar', () => {
  beforeEach(() => pinClock(HISTORY_NOW));
  afterEach(() => jest.useRealTimers());

  it('keeps the typed text in data at once and asks for the search only after a pause', async () => {
    const bar = openPage(BAR);
    const heard = heardChanges(bar);
    await typeInto(bar.component, '#search', '老王');
    expect((bar.component.data as { text: string }).text).toBe('老王');
    expect(heard).toEqual([]);
    await simulate.sleep(400);
    expect(heard).toEqual([{ ...EMPTY_FILTER, text: '老王' }]);
  });

  it('drops a waiting search and draws the box anew when the page sets another filter', async () => {
    const bar = openPage(BAR);
    const heard = heardChanges(bar);
    await typeInto(bar.component, '#search', '老王');
    bar.component.setData({ filter: { ...EMPTY_FILTER, state: 'connected' } });
    await simulate.sleep(400);
    expect(heard).toEqual([]);
    expect((bar.component.data as { text: string; state: string }).text).toBe('');
    expect((bar.component.data as { state: string }).state).toBe('connected');
    expect(shownValue(bar.component, '#search')).toBe('');
  });

  it('opens the calendar for a custom range, says the days picked, and goes back to the range in force when closed', async () => {
    const bar = openPage(BAR);
    const heard = heardChanges(bar);
    const instance = bar.instance as unknown as {
      onRangeChange(event: { detail: string }): void;
      onCalendarConfirm(event: { detail: Date[] }): void;
      onCalendarClose(): void;
    };
    // The calendar is made when first needed (vant draws a month of days on creation), then opened.
    expect(bar.component.querySelector('#calendar')).toBeUndefined();
    instance.onRangeChange({ detail: 'custom' });
    await simulate.sleep(10);
    expect((bar.component.data as { showCalendar: boolean }).showCalendar).toBe(true);
    expect(bar.component.querySelector('#calendar')).toBeDefined();
    expect(heard).toEqual([]);
    instance.onCalendarClose();
    expect(bar.component.data as { showCalendar: boolean; range: string }).toMatchObject({
      showCalendar: false,
      range: 'all',
    });
    instance.onRangeChange({ detail: 'custom' });
    expect((bar.component.data as { showCalendar: boolean }).showCalendar).toBe(true);
    instance.onCalendarConfirm({
      detail: [new Date('2026-11-22T00:00:00+08:00'), new Date('2026-11-23T00:00:00+08:00')],
    });
    expect(heard).toEqual([{ ...EMPTY_FILTER, range: 'custom', fromDay: '2026-11-22', toDay: '2026-11-23' }]);
    instance.onRangeChange({ detail: 'today' });
    expect(heard[1]).toEqual({ ...EMPTY_FILTER, range: 'today', fromDay: '', toDay: '' });
  });

  it('says a choice in the real menu as the new filter', async () => {
    const bar = openPage(BAR);
    const heard = heardChanges(bar);
    find(bar.component, '#filters').querySelectorAll('.van-dropdown-menu__item')[1]?.dispatchEvent('tap');
    await simulate.sleep(80);
    const options = find(bar.component, '#state-menu').querySelectorAll('.van-dropdown-item__option');
    options.find((o) => (o.dom?.textContent ?? '').includes('已接通'))?.dispatchEvent('tap');
    await simulate.sleep(80);
    expect(heard).toEqual([{ ...EMPTY_FILTER, state: 'connected' }]);
  });
});
