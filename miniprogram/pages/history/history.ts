/** History page: the supervisor's view of the calls, filtered, with stats, paged in as they scroll, and exported. */

import {
  CallFilter,
  clearFilterField,
  EMPTY_FILTER,
  FilterChip,
  filterChips,
  FilterField,
  rangeOf,
} from '../../core/callFilter';
import { StatsView, statsView } from '../../core/callStats';
import { agentOptions, FilterOption, outcomeOptions } from '../../core/historyFilterOptions';
import { HistoryRow, historyRow } from '../../core/historyRow';
import { tcccOutcomeView } from '../../core/tcccOutcome';
import { CallRecord } from '../../core/callRecord';
import { rowWindow, WindowShape } from '../../core/listWindow';
import { callFeed, unsubscribeCallFeed } from '../../behaviors/callFeed';
import { listWindow } from '../../behaviors/listWindow';
import { PaintSteps } from '../../core/paintSteps';
import { CallChange, isInPlaceChange } from '../../services/callEvents';
import { findCall } from '../../services/callLog';
import { showStoreNotices } from '../../services/notices';
import { CallCursor } from '../../services/callQuery';
import { LatestStatsRun } from '../../services/latestStats';
import { loadAgentSettings } from '../../services/settingsStore';
import { tcccOutcomeOf } from '../../services/tcccOutcome';
import { fetchTeamCalls, fetchTeamStats, teamScopeAvailable } from '../../services/teamCalls';
import { AgentStatsLine, teamHistoryRow } from '../../core/teamHistory';
import { readTeamSession } from '../../services/teamSession';
import { prefetchTcccToken } from '../../services/tcccToken';

/** Rows read from storage at a time, as the agent scrolls near the end of what is loaded. */
export const PAGE_SIZE = 30;
/**
 * Rows the view holds, however many were loaded: 30 rows (about 3 screens, 6-11 nodes each) keep the whole page
 * near 500 nodes, far under WeChat's 1,000-node flag. The window moves 10 rows (about a screen) at a time, so most
 * scroll events send nothing; it starts at least 5 rows above the top of the screen and reaches at least 16 rows
 * below it (a screen shows about 8).
 */
export const WINDOW: WindowShape = { before: 5, size: 30, step: 10 };
/** Fixed row height (rpx, as in the wxss): the spacers above and below the window are rows x this, exactly. */
export const ROW_RPX = 136;
/**
 * Rows in the first frame after a (re)load: a screen and a bit. The rest of the window, the stats card and then its
 * chart follow a frame apart (core/paintSteps), so the tap is answered by rows, not by one long task drawing it all.
 */
export const FIRST_SCREEN_ROWS = 10;

interface HistoryData {
  /** The rendered window of the loaded rows. */
  rows: HistoryRow[];
  /** Heights (rpx) of the loaded rows above and below the window, kept as spacers. */
  before: number;
  after: number;
  /** '' | 'loading' | 'more' | 'end' */
  footer: string;
  empty: boolean;
  chips: FilterChip[];
  /** The filter in force, as components/history-filter-bar shows it; sent when a filter is applied. */
  filter: CallFilter;
  outcomeOptions: FilterOption[];
  agentOptions: FilterOption[];
  /** What components/call-stats-card draws; the run that makes it (cancelled by a newer filter) is this page's. */
  stats: StatsView | null;
  statsBusy: boolean;
  statsProgress: number;
  /** The export and wrap-up sheets exist: made a frame after the first rows, not with the page. */
  sheetsMade: boolean;
  /** A supervisor's bound phone: the 我的 / 团队 switch shows. */
  teamAvailable: boolean;
  /** 'mine': this phone's calls; 'team': the team's, from the server. */
  scope: 'mine' | 'team';
  /** The team's stats per agent; a tap on one shows only that agent's calls. */
  agentLines: AgentStatsLine[];
  /** The agent picked in the team stats; 0 for all. */
  teamAgentId: number;
  /** Why the team's calls could not be read ('' when they could). */
  teamError: string;
}

interface HistoryFields {
  filter: CallFilter;
  cursor: CallCursor | undefined;
  /** Every loaded row, newest first, so moving the window needs no storage read. */
  loaded: HistoryRow[];
  loadingMore: boolean;
  /** The page's scroll position (px), from onPageScroll. */
  scrollTop: number;
  /** Where the list starts on the page (px), measured. */
  listTop: number;
  /** ROW_RPX in px on this screen. */
  rowPx: number;
  masked: boolean;
  statsRun: LatestStatsRun;
  /** What follows the rows: the rest of the window, the stats, the chart, the agents menu. */
  steps: PaintSteps;
  /** Rows the window may hold: FIRST_SCREEN_ROWS until the rest of the first window follows, then all. */
  rowsCap: number;
  /** The stats whose chart is still to be drawn; a newer result replaces it, and its chart is not drawn. */
  chartDue: StatsView | undefined;
  /** When the phone was bound to a team; null without one (TCCC's outcome is awaited only for later calls). */
  teamSince: number | null;
  /** The team list's next page (null: the last was read); bumped run numbers drop answers of an older list. */
  teamCursor: string | null;
  teamRun: number;
  teamLoading: boolean;
}

type HistoryMethods = {
  onLoad(): void;
  onShow(): void;
  onUnload(): void;
  onPullDownRefresh(): void;
  onReachBottom(): void;
  onPageScroll(event: { scrollTop: number }): void;
  onCallChanges(changes: CallChange[]): void;
  reload(extra?: Record<string, unknown>): void;
  loadMore(): void;
  addWindow(patch: Record<string, unknown>, force: boolean): void;
  moveWindow(): void;
  windowAt(): { start: number; end: number };
  applyFilter(filter: CallFilter): void;
  refreshStats(): void;
  patchRows(ids: string[]): void;
  rowOf(record: CallRecord, now: number): HistoryRow;
  onScope(event: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, { scope: 'mine' | 'team' }>): void;
  onPickAgent(event: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, { id: number }>): void;
  loadTeam(reset: boolean): void;
  refreshTeamStats(): void;
  measureList(): void;
  onFilterBarChange(event: VantEvent<CallFilter>): void;
  onChipClose(event: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { field: FilterField }>): void;
  onClearFilters(): void;
  onOpenRow(event: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, { id: string }>): void;
  onWrapUp(event: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, { id: string }>): void;
  onOpenExport(): void;
  followInExport(): void;
};

/** The export sheet's methods the page calls. */
interface ExportSheet {
  open(filter: CallFilter, calls: number): void;
  follow(filter: CallFilter, calls: number): void;
}

function footerOf(done: boolean): string {
  return done ? 'end' : 'more';
}

Component<HistoryData, Record<string, never>, HistoryMethods, [typeof callFeed, typeof listWindow], HistoryFields>({
  // The call feed: calls placed, back, wrapped up or edited anywhere redraw the list and the stats. The list window:
  // only the rows near the screen are in the view.
  behaviors: [callFeed, listWindow],
  data: {
    rows: [],
    before: 0,
    after: 0,
    footer: 'loading',
    empty: false,
    chips: [],
    filter: { ...EMPTY_FILTER },
    outcomeOptions: [],
    agentOptions: [],
    stats: null,
    statsBusy: false,
    statsProgress: 0,
    sheetsMade: false,
    teamAvailable: false,
    scope: 'mine',
    agentLines: [],
    teamAgentId: 0,
    teamError: '',
  },
  lifetimes: {
    created() {
      this.filter = { ...EMPTY_FILTER };
      this.cursor = undefined;
      this.loaded = [];
      this.loadingMore = false;
      this.scrollTop = 0;
      this.listTop = 0;
      this.rowPx = 0;
      this.masked = true;
      this.statsRun = new LatestStatsRun();
      this.steps = new PaintSteps();
      this.rowsCap = FIRST_SCREEN_ROWS;
      this.chartDue = undefined;
      this.teamSince = null;
      this.teamCursor = null;
      this.teamRun = 0;
      this.teamLoading = false;
    },
  },
  methods: {
    onLoad() {
      const settings = loadAgentSettings();
      this.masked = settings.maskNumbers;
      this.filter = { ...this.filter, masked: this.masked };
      this.rowPx = (ROW_RPX * wx.getWindowInfo().windowWidth) / 750;
      // The menus' options go with the first rows: one update draws the page.
      this.reload({
        outcomeOptions: outcomeOptions(settings.outcomeCodes),
        agentOptions: agentOptions([]),
        teamAvailable: teamScopeAvailable(),
      });
      this.refreshStats();
    },

    /** Back from settings: calls reach the page through the feed, but masking is read here. */
    onShow() {
      // Bound, unbound or expired meanwhile: the switch follows; an agent never keeps a team list.
      const teamAvailable = teamScopeAvailable();
      if (teamAvailable !== this.data.teamAvailable) {
        this.setData({ teamAvailable, ...(teamAvailable ? {} : { scope: 'mine' }) });
        if (!teamAvailable) this.reload();
      }
      // A one-time TCCC token ready before the next tap (bound to a team only).
      void prefetchTcccToken();
      const masked = loadAgentSettings().maskNumbers;
      if (masked === this.masked) return;
      // Masking changed in settings: every row is drawn again, and digit search sees what the rows show.
      this.masked = masked;
      this.filter = { ...this.filter, masked };
      this.followInExport();
      this.reload();
      this.refreshStats();
    },

    onUnload() {
      // The page is gone: it hears no more calls, even before WeChat detaches it.
      unsubscribeCallFeed(this);
      this.statsRun.stop();
      this.steps.cancel();
    },

    /**
     * Calls changed (a turn's changes at once): wrap-ups and edits rewrite just their rows; anything else (a call
     * placed or back, damaged data set aside) may add or move rows, so the list is read again. Stats follow.
     */
    onCallChanges(changes) {
      // The team's list comes from the server: this phone's calls changing does not move it.
      if (this.data.scope === 'team') return;
      if (changes.every(isInPlaceChange)) this.patchRows(changes.flatMap((change) => change.calls.map((c) => c.id)));
      else this.reload();
      this.refreshStats();
    },

    onPullDownRefresh() {
      this.masked = loadAgentSettings().maskNumbers;
      this.filter = { ...this.filter, masked: this.masked };
      this.followInExport();
      this.reload();
      this.refreshStats();
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      this.loadMore();
    },

    /** Cheap on purpose (WeChat flags scroll handlers over 10 ms): arithmetic, and setData only when the window moves. */
    onPageScroll(event) {
      this.scrollTop = event.scrollTop;
      this.moveWindow();
    },

    /**
     * Starts the list again from the newest call: a screen of rows goes to the view (with `extra`, if given), the
     * rest of the window a frame later; the stats queued after this follow that.
     */
    reload(extra = {}) {
      if ((extra['scope'] ?? this.data.scope) === 'team') {
        this.setData({ ...extra, chips: filterChips(this.filter) });
        this.loadTeam(true);
        return;
      }
      const now = Date.now();
      this.steps.cancel();
      this.rowsCap = FIRST_SCREEN_ROWS;
      this.cursor = new CallCursor(this.filter, now);
      this.loadingMore = false;
      const first = this.cursor.next(PAGE_SIZE);
      this.teamSince = readTeamSession()?.boundAt ?? null;
      this.loaded = first.records.map((r) => this.rowOf(r, now));
      const patch: Record<string, unknown> = {
        ...extra,
        footer: first.done ? 'end' : this.loaded.length < PAGE_SIZE ? 'loading' : 'more',
        empty: first.done && this.loaded.length === 0,
        chips: filterChips(this.filter),
      };
      this.addWindow(patch, true);
      this.setData(patch);
      this.steps.then(() => {
        this.rowsCap = Infinity;
        this.moveWindow();
        this.measureList();
      });
      // The sheets open only on a tap: they need not hold back the first rows.
      if (!this.data.sheetsMade) this.steps.then(() => this.setData({ sheetsMade: true }));
      // Damage found while reading (a shard set aside) is told now, not at the next app show.
      showStoreNotices();
      // A narrow filter may need more shards to fill the first page: keep reading, a few shards per turn.
      if (!first.done && this.loaded.length < PAGE_SIZE) setTimeout(() => this.loadMore(), 0);
    },

    /** Reads the next rows from storage; the view gets only those that fall inside the window, and the spacer. */
    loadMore() {
      if (this.data.scope === 'team') {
        this.loadTeam(false);
        return;
      }
      const cursor = this.cursor;
      if (cursor === undefined || this.loadingMore || cursor.exhausted) return;
      this.loadingMore = true;
      const now = Date.now();
      const page = cursor.next(PAGE_SIZE);
      this.loadingMore = false;
      if (cursor !== this.cursor) return;
      for (const record of page.records) this.loaded.push(this.rowOf(record, now));
      const patch: Record<string, unknown> = { footer: footerOf(page.done) };
      const empty = this.loaded.length === 0 && page.done;
      if (empty !== this.data.empty) patch['empty'] = empty;
      this.addWindow(patch, false);
      this.setData(patch);
      showStoreNotices();
      // A narrow filter finds few calls per shard: keep reading, a few shards per turn, until a whole page of
      // PAGE_SIZE more rows is in (WeChat sends onReachBottom once per arrival at the bottom, not again).
      const short = this.loaded.length === 0 || this.loaded.length % PAGE_SIZE !== 0;
      if (!page.done && short) setTimeout(() => this.loadMore(), 0);
    },

    /** Adds to `patch` the window at the scroll position (behaviors/listWindow sends only what changed). */
    addWindow(patch, force) {
      const count = this.loaded.length;
      const { start, end } = this.windowAt();
      const next = { start, end, before: start * ROW_RPX, after: (count - end) * ROW_RPX };
      this.windowPatch(patch, next, (i) => this.loaded[i], force);
    },

    /** Sends the window for the current scroll position, if it is not the one shown. */
    moveWindow() {
      const { start, end } = this.windowAt();
      const shown = this.shownWindow();
      if (start === shown.start && end === shown.end) return;
      const patch: Record<string, unknown> = {};
      this.addWindow(patch, false);
      this.setData(patch);
    },

    /** The window for the scroll position, no longer than the rows it may hold yet. */
    windowAt() {
      const { start, end } = rowWindow(this.scrollTop - this.listTop, this.rowPx, this.loaded.length, WINDOW);
      return { start, end: Math.min(end, start + this.rowsCap) };
    },

    /** Where the list starts on the page, for the scroll-to-row arithmetic; the window follows when it moved. */
    measureList() {
      try {
        this.createSelectorQuery()
          .select('#list')
          .boundingClientRect()
          .selectViewport()
          .scrollOffset()
          .exec((result: unknown[]) => {
            const rect = result[0] as { top?: number } | null;
            const viewport = result[1] as { scrollTop?: number } | null;
            if (typeof rect?.top !== 'number') return;
            this.listTop = rect.top + (viewport?.scrollTop ?? 0);
            this.moveWindow();
          });
      } catch {
        // Without a measurement the window counts from the page's top: it moves a few rows late, still covering the screen.
      }
    },

    /** The filter bar shows it (and drops a search still waiting for a typing pause); the list and stats follow. */
    applyFilter(filter: CallFilter) {
      // Digit search follows the masking in force, whatever filter the caller built.
      this.filter = { ...filter, masked: this.masked };
      this.followInExport();
      this.setData({ filter: this.filter });
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
      // The new list starts at the top: its window is the first rows, before any scroll event says so.
      this.scrollTop = 0;
      this.reload();
      this.refreshStats();
    },

    /**
     * Stats over the filtered set, shard by shard, after the rows are drawn; a newer filter cancels the run under
     * way. The card's counts come first, its chart a frame later, then the agents menu if it changed.
     */
    refreshStats() {
      if (this.data.scope === 'team') {
        this.refreshTeamStats();
        return;
      }
      const filter = this.filter;
      this.steps.then(() => {
        const now = Date.now();
        this.statsRun.start(filter, now, {
          onProgress: (percent) => this.setData({ statsBusy: true, statsProgress: percent }),
          onDone: (result) => {
            const view = statsView(result.stats, rangeOf(filter, now), now);
            const { bars, axis } = view;
            // The stats card above the list changed height.
            this.setData({ stats: { ...view, bars: [], axis: [] }, statsBusy: false, statsProgress: 100 }, () =>
              this.measureList(),
            );
            this.followInExport();
            // What follows belongs to this result: a newer one replaces `chartDue` and draws its own.
            this.chartDue = view;
            const agents = agentOptions(result.agents, filter.agent);
            if (agents.length !== this.data.agentOptions.length) {
              this.steps.then(() => {
                if (this.chartDue === view) this.setData({ agentOptions: agents });
              });
            }
            this.steps.then(() => {
              if (this.chartDue !== view) return;
              this.chartDue = undefined;
              this.setData({ 'stats.bars': bars, 'stats.axis': axis });
            });
          },
          onFailed: () => this.setData({ statsBusy: false }),
        });
      });
    },

    /** Rewrites the rows of calls edited elsewhere (wrap-up saved), without reloading the list. */
    patchRows(ids: string[]) {
      const now = Date.now();
      const patch: Record<string, unknown> = {};
      this.loaded.forEach((row, i) => {
        if (!ids.includes(row.id)) return;
        const record = findCall(row.id);
        if (record === undefined) return;
        const fresh = this.rowOf(record, now);
        this.loaded[i] = fresh;
        this.windowRowPatch(patch, i, fresh);
      });
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    /** One row with TCCC's outcome beside the agent's (or that it is on its way, when a server is bound). */
    rowOf(record, now) {
      return historyRow(
        record,
        this.masked,
        now,
        tcccOutcomeView(record, tcccOutcomeOf(record.id), this.teamSince, now),
      );
    },

    onFilterBarChange(event) {
      this.applyFilter(event.detail);
    },

    onChipClose(event) {
      this.applyFilter(clearFilterField(this.filter, event.currentTarget.dataset.field));
    },

    onClearFilters() {
      this.applyFilter({ ...EMPTY_FILTER });
    },

    /** 我的 / 团队: the same list, filters and window, from this phone's storage or from the server. */
    onScope(event) {
      const scope = event.currentTarget.dataset.scope;
      if (scope === this.data.scope || (scope === 'team' && !teamScopeAvailable())) return;
      this.scrollTop = 0;
      this.reload({ scope, teamAgentId: 0, agentLines: [], teamError: '' });
      this.refreshStats();
    },

    /** A tap on an agent's stats line shows only their calls; a second tap shows everyone's again. */
    onPickAgent(event) {
      const id = Number(event.currentTarget.dataset.id);
      this.setData({ teamAgentId: id === this.data.teamAgentId ? 0 : id });
      this.loadTeam(true);
    },

    /**
     * The team's calls, a page at a time by the server's cursor, into the same loaded rows and window as the phone's
     * own; an answer for an older list (filter or agent changed meanwhile) is dropped.
     */
    loadTeam(reset) {
      if (reset) {
        this.teamRun += 1;
        this.teamCursor = null;
        this.teamLoading = false;
        this.loaded = [];
      } else if (this.teamLoading || this.teamCursor === null) return;
      const run = this.teamRun;
      const cursor = reset ? undefined : this.teamCursor;
      this.teamLoading = true;
      const agentId = this.data.teamAgentId === 0 ? null : this.data.teamAgentId;
      if (reset) {
        const patch: Record<string, unknown> = { footer: 'loading', empty: false, teamError: '' };
        this.addWindow(patch, true);
        this.setData(patch);
      }
      void fetchTeamCalls(this.filter, agentId, cursor ?? undefined, PAGE_SIZE).then((page) => {
        if (run !== this.teamRun) return;
        this.teamLoading = false;
        if (!page.ok) {
          this.setData({ teamError: page.message, footer: '' });
          return;
        }
        const now = Date.now();
        for (const call of page.calls) this.loaded.push(teamHistoryRow(call, now));
        this.teamCursor = page.nextCursor;
        const patch: Record<string, unknown> = {
          footer: footerOf(page.nextCursor === null),
          empty: this.loaded.length === 0,
        };
        this.addWindow(patch, reset);
        this.setData(patch);
        if (reset) this.measureList();
      });
    },

    refreshTeamStats() {
      void fetchTeamStats(this.filter).then((stats) => {
        if (this.data.scope !== 'team') return;
        if (stats.ok) this.setData({ agentLines: stats.lines });
        else this.setData({ teamError: stats.message });
      });
    },

    onOpenRow(event) {
      // A team row is another phone's call: its detail lives there (and on the web dashboard).
      if (this.data.scope === 'team') return;
      wx.navigateTo({ url: `/pages/call-detail/call-detail?id=${encodeURIComponent(event.currentTarget.dataset.id)}` });
    },

    /** The 待小结 badge opens the wrap-up sheet; a save reaches the row through the call feed. */
    onWrapUp(event) {
      const id = event.currentTarget.dataset.id;
      const sheet = this.selectComponent('#wrap-up') as { openFor?(callId: string): boolean } | null;
      if (sheet?.openFor === undefined || !sheet.openFor(id)) {
        wx.navigateTo({ url: `/pages/call-detail/call-detail?id=${encodeURIComponent(id)}` });
      }
    },

    /** The stats card's 导出: the sheet exports what the list shows, and follows the filter while open. */
    onOpenExport() {
      const sheet = this.selectComponent('#export-sheet') as unknown as ExportSheet | null;
      sheet?.open(this.filter, this.data.stats?.calls ?? -1);
    },

    followInExport() {
      const sheet = this.selectComponent('#export-sheet') as unknown as ExportSheet | null;
      sheet?.follow(this.filter, this.data.stats?.calls ?? -1);
    },
  },
});
