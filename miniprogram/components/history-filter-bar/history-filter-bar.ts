/** The history's filter bar: search box, range/state/closeBy/outcome/agent menus and the range calendar. */

import { CallFilter, dayKey, EMPTY_FILTER, RangeKind } from '../../core/callFilter';
import { CallState } from '../../core/callRecord';
import { closeByOptions, FilterOption, rangeOptions, stateOptions } from '../../core/historyFilterOptions';

const SEARCH_DELAY_MS = 300;
/** How far back the calendar reaches. */
const CALENDAR_DAYS = 180;

interface BarData {
  /** The typed search text, written on every change. */
  text: string;
  /** Bumped when the page sets the search text to other than what was typed, so the box is drawn anew. */
  searchKey: number;
  range: string;
  state: string;
  closeBy: string;
  outcome: string;
  agent: string;
  rangeOptions: FilterOption[];
  stateOptions: FilterOption[];
  closeByOptions: FilterOption[];
  /** The calendar exists: vant draws a month of days when it is created (about 110 ms at 4× CPU), so not before it is first opened. */
  calendarMade: boolean;
  showCalendar: boolean;
  calendarMin: number;
  calendarMax: number;
}

interface BarProperties extends WechatMiniprogram.Component.PropertyOption {
  /** The filter in force, set by the page whenever it applies one (the bar's own changes come back this way). */
  filter: { type: ObjectConstructor; value: CallFilter };
  outcomeOptions: ArrayConstructor;
  agentOptions: ArrayConstructor;
}

interface BarFields {
  searchTimer: number | undefined;
  /** The filter last shown, as JSON: an update of the page that hands the bar the same one again is not a new filter. */
  shownFilter: string;
}

type BarMethods = {
  showFilter(filter: CallFilter): void;
  change(filter: CallFilter): void;
  onSearchChange(event: VantEvent<string>): void;
  onSearch(event: VantEvent<string>): void;
  onRangeChange(event: VantEvent<string>): void;
  onCalendarConfirm(event: VantEvent<Date[]>): void;
  onCalendarClose(): void;
  onFilterChange(event: VantEvent<string, { field: 'state' | 'closeBy' | 'outcome' | 'agent' }>): void;
};

Component<BarData, BarProperties, BarMethods, [], BarFields>({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    filter: { type: Object, value: { ...EMPTY_FILTER } },
    outcomeOptions: Array,
    agentOptions: Array,
  },
  data: {
    text: '',
    searchKey: 0,
    range: 'all',
    state: '',
    closeBy: '',
    outcome: '',
    agent: '',
    rangeOptions: rangeOptions(),
    stateOptions: stateOptions(),
    closeByOptions: closeByOptions(),
    calendarMade: false,
    showCalendar: false,
    calendarMin: 0,
    calendarMax: 0,
  },
  observers: {
    filter(filter: CallFilter) {
      // The page's later updates (stats, chart) may hand the bar a copy of the same filter while a search waits.
      const shown = JSON.stringify(filter);
      if (shown === this.shownFilter) return;
      this.shownFilter = shown;
      this.showFilter(filter);
    },
  },
  lifetimes: {
    created() {
      this.searchTimer = undefined;
      this.shownFilter = '';
    },
    detached() {
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
    },
  },
  methods: {
    /** The page applied a filter: the menus and the box show it, and a search still waiting is superseded. */
    showFilter(filter) {
      // It must not come back after a reset.
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      this.setData({
        range: filter.range,
        state: filter.state,
        closeBy: filter.closeBy,
        outcome: filter.outcome,
        agent: filter.agent,
        text: filter.text,
        ...(filter.text === this.data.text ? {} : { searchKey: this.data.searchKey + 1 }),
      });
    },

    /** Tells the page (`bind:change`, detail: the new filter); it applies it and sets it back on `filter`. */
    change(filter) {
      this.triggerEvent('change', filter);
    },

    /** The typed text goes to data at once (a reset must change it); the search itself waits for a pause. */
    onSearchChange(event) {
      const text = event.detail;
      if (text !== this.data.text) this.setData({ text });
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.searchTimer = undefined;
        const filter = this.properties.filter;
        if (text.trim() !== filter.text.trim()) this.change({ ...filter, text });
      }, SEARCH_DELAY_MS) as unknown as number;
    },

    onSearch(event) {
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      this.change({ ...this.properties.filter, text: event.detail });
    },

    onRangeChange(event) {
      const range = event.detail as RangeKind;
      if (range === 'custom') {
        const now = Date.now();
        const days = { calendarMin: now - CALENDAR_DAYS * 86_400_000, calendarMax: now };
        // vant's calendar opens on a change of `show`, so a calendar made now opens in the next update.
        if (this.data.calendarMade) this.setData({ showCalendar: true, ...days });
        else this.setData({ calendarMade: true, ...days }, () => this.setData({ showCalendar: true }));
        return;
      }
      this.change({ ...this.properties.filter, range, fromDay: '', toDay: '' });
    },

    onCalendarConfirm(event) {
      const [from, to] = event.detail;
      this.setData({ showCalendar: false });
      if (from === undefined) return;
      const fromDay = dayKey(from.getTime());
      const toDay = dayKey((to ?? from).getTime());
      this.change({ ...this.properties.filter, range: 'custom', fromDay, toDay });
    },

    onCalendarClose() {
      // Closed without a choice: the menu goes back to the range in force.
      this.setData({ showCalendar: false, range: this.properties.filter.range });
    },

    onFilterChange(event) {
      const field = event.currentTarget.dataset.field;
      const value = event.detail;
      this.change({ ...this.properties.filter, [field]: field === 'state' ? (value as CallState | '') : value });
    },
  },
});
