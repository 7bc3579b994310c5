/** Contacts page: due callbacks on top, search, and the whole list grouped by initial, rendered a window at a time. */

import { Callback } from '../../core/callbacks';
import { Contact, dialString } from '../../core/contact';
import { ContactIndex } from '../../core/contactSearch';
import {
  buildLayout,
  callbackView,
  CallbackView,
  contactRowView,
  ContactRowView,
  headerView,
  jumpAtOffset,
  ListLayout,
  noMatchView,
  NoMatchView,
  StripMark,
  stripMarks,
  windowAt,
} from '../../core/contactListView';
import { callFeed, unsubscribeCallFeed } from '../../behaviors/callFeed';
import { listWindow } from '../../behaviors/listWindow';
import { callFromTap, SETTINGS_PAGE } from '../../services/callFlow';
import { completeCallback, dueCallbacks } from '../../services/callbackStore';
import { doNotCallNumbers } from '../../services/doNotCallStore';
import {
  contactIndex,
  findContactByPhone,
  getContact,
  lastCallOf,
  searchContacts,
  takeContactNotices,
} from '../../services/contactStore';
import { loadAgentSettings } from '../../services/settingsStore';

export const EDIT_PAGE = '/pages/contact-edit/contact-edit';
/** Search shows at most this many matches: enough to pick from, never a huge setData. */
export const SEARCH_LIMIT = 100;
/** Due callbacks shown before "查看全部". */
const CALLBACKS_SHOWN = 3;
const CALLBACKS_EXPANDED = 50;
/** Height of one letter in the jump strip (px, as in the wxss): WeChat flags tap targets under 20 px. */
const JUMP_LETTER_HEIGHT = 20;

interface ContactsData {
  query: string;
  searching: boolean;
  empty: boolean;
  total: number;
  rows: ContactRowView[];
  before: number;
  after: number;
  scrollTop: number;
  jumps: StripMark[];
  activeLetter: string;
  results: ContactRowView[];
  resultNote: string;
  /** A search that found nothing: what to change, or (missOffer) the typed number to call or add. */
  missHint: string;
  missOffer: boolean;
  callbacks: CallbackView[];
  /** Overdue and due today. */
  dueCount: number;
  /** Every open callback, later ones too. */
  openCount: number;
}

interface ContactsFields {
  index: ContactIndex | undefined;
  layout: ListLayout | undefined;
  scrollPosition: number;
  masked: boolean;
  /** Numbers on the do-not-call list, read on each show and after a wrap-up (which may add one). */
  doNotCall: ReadonlySet<string>;
  query: string;
  /** The number a search that found nothing offers: dial form and extension ('' when none). */
  typedDial: string;
  typedExtension: string;
  due: Callback[];
  showAllDue: boolean;
  stripTop: number;
  /** What was last sent for the callbacks, so an unchanged refresh sends nothing. */
  sentDue: string;
}

type IdEvent = WechatMiniprogram.TouchEvent<Record<string, never>, { id: string }>;
/** What components/contact-detail says with its call and edit events. */
type DetailEvent = WechatMiniprogram.CustomEvent<{ contactId: string }>;
type JumpEvent = WechatMiniprogram.TouchEvent<Record<string, never>, { index: number }>;

type ContactsMethods = {
  onShow(): void;
  onUnload(): void;
  refresh(): void;
  renderWindow(force: boolean): void;
  fitStrip(): void;
  refreshDue(): void;
  runSearch(): void;
  onScroll(event: WechatMiniprogram.ScrollViewScroll): void;
  onSearchChange(event: VantEvent<string>): void;
  onSearchClear(): void;
  jumpTo(position: number): void;
  onJumpTap(event: JumpEvent): void;
  onJumpTouch(event: WechatMiniprogram.TouchEvent): void;
  onJumpEnd(): void;
  onRowTap(event: IdEvent): void;
  onRowInfo(event: IdEvent): void;
  onDetailCall(event: DetailEvent): void;
  onDetailEdit(event: DetailEvent): void;
  onCallbackCall(event: IdEvent): void;
  onCallbackDone(event: IdEvent): void;
  onMoreCallbacks(): void;
  onAdd(): void;
  onCallTyped(): void;
  onAddTyped(): void;
  onImport(): void;
  onSettings(): void;
  callContact(contact: Contact): void;
  onCallChanges(): void;
};

/** The contacts a search finds or, when none, what the page says and offers instead. */
function searchOrMiss(query: string): { found: Contact[]; miss: NoMatchView | undefined } {
  const found = searchContacts(query, SEARCH_LIMIT);
  if (found.length > 0) return { found, miss: undefined };
  const miss = noMatchView(query);
  // A whole number written another way (+86, 0086) is still its contact's: never offered as a new one.
  const owner = miss.dial === '' ? undefined : findContactByPhone(miss.dial);
  return owner === undefined ? { found, miss } : { found: [owner], miss: undefined };
}

Component<ContactsData, Record<string, never>, ContactsMethods, [typeof callFeed, typeof listWindow], ContactsFields>({
  // The call feed: a call back, a wrap-up or an edit redraws the last calls and the callbacks. The list window:
  // only the rows near the screen are in the view.
  behaviors: [callFeed, listWindow],
  data: {
    query: '',
    searching: false,
    empty: false,
    total: 0,
    rows: [],
    before: 0,
    after: 0,
    scrollTop: 0,
    jumps: [],
    activeLetter: '',
    results: [],
    resultNote: '',
    missHint: '',
    missOffer: false,
    callbacks: [],
    dueCount: 0,
    openCount: 0,
  },
  lifetimes: {
    created() {
      this.index = undefined;
      this.layout = undefined;
      this.scrollPosition = 0;
      this.masked = true;
      this.doNotCall = new Set();
      this.query = '';
      this.typedDial = '';
      this.typedExtension = '';
      this.due = [];
      this.showAllDue = false;
      this.stripTop = 0;
      this.sentDue = '';
    },
  },
  methods: {
    onShow() {
      this.refresh();
      const notices = takeContactNotices();
      if (notices.length > 0) {
        wx.showModal({ title: '提示', content: notices.join('\n'), showCancel: false, confirmText: '知道了' });
      }
    },

    /** The page is gone: it hears no more calls, even before WeChat detaches it. */
    onUnload() {
      unsubscribeCallFeed(this);
    },

    /** Re-reads what may have changed while away (edits, imports, calls, settings); cheap when nothing did. */
    refresh() {
      this.masked = loadAgentSettings().maskNumbers;
      this.doNotCall = doNotCallNumbers();
      const index = contactIndex();
      if (index !== this.index) {
        this.index = index;
        this.layout = buildLayout(index.groups);
        this.setData({ total: index.ordered.length, empty: index.ordered.length === 0 });
      }
      this.renderWindow(true);
      this.refreshDue();
      this.fitStrip();
      if (this.query !== '') this.runSearch();
    },

    /** Sends only the rows around the scroll position; a scroll within the same window step sends nothing. */
    renderWindow(force) {
      const index = this.index;
      const layout = this.layout;
      if (index === undefined || layout === undefined) return;
      const window = windowAt(layout, this.scrollPosition);
      if (!force && window.start === this.shownWindow().start) return;
      const now = Date.now();
      const rowAt = (i: number) => {
        const item = layout.items[i] as number;
        if (item < 0) return headerView(index.groups[-item - 1]?.letter ?? '#');
        const contact = index.ordered[item] as Contact;
        return contactRowView(contact, lastCallOf(contact.id), this.masked, now, this.doNotCall);
      };
      const patch: Record<string, unknown> = {};
      // A refresh that would draw the same rows (nothing changed while away) sends nothing.
      this.windowPatch(patch, window, rowAt, true);
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    /** Shows as many letters as fit beside the list (the callbacks' card takes some of it); sent only on change. */
    fitStrip() {
      const letters = this.index?.groups.map((g) => g.letter) ?? [];
      const apply = (height: number): void => {
        const jumps = stripMarks(letters, Math.floor(height / JUMP_LETTER_HEIGHT));
        if (JSON.stringify(jumps) !== JSON.stringify(this.data.jumps)) this.setData({ jumps });
      };
      apply(0);
      this.createSelectorQuery()
        .select('#list-area')
        .boundingClientRect((rect) => {
          if (rect !== null && rect.height > 0) apply(rect.height);
        })
        .exec();
    },

    /** Open callbacks, overdue first, then today's, then later ones; the first few show, the rest on request. */
    refreshDue() {
      const now = Date.now();
      const due = dueCallbacks(now);
      this.due = [...due.overdue, ...due.dueToday, ...due.later];
      const shown = this.due.slice(0, this.showAllDue ? CALLBACKS_EXPANDED : CALLBACKS_SHOWN);
      const patch = {
        callbacks: shown.map((c) => callbackView(c, this.masked, now)),
        dueCount: due.overdue.length + due.dueToday.length,
        openCount: this.due.length,
      };
      const sent = JSON.stringify(patch);
      if (sent === this.sentDue) return;
      this.sentDue = sent;
      // The callbacks' card changes the room left for the letter strip.
      this.setData(patch, () => this.fitStrip());
    },

    runSearch() {
      const now = Date.now();
      const { found, miss } = searchOrMiss(this.query);
      const results = found.map((c) => contactRowView(c, lastCallOf(c.id), this.masked, now, this.doNotCall));
      this.typedDial = miss?.dial ?? '';
      this.typedExtension = miss?.extension ?? '';
      const resultNote =
        miss !== undefined
          ? miss.title
          : found.length >= SEARCH_LIMIT
            ? `仅显示前 ${SEARCH_LIMIT} 个结果，请输入更多内容`
            : `找到 ${found.length} 个联系人`;
      this.setData({
        searching: true,
        results,
        resultNote,
        missHint: miss?.hint ?? '',
        missOffer: this.typedDial !== '',
      });
    },

    onScroll(event) {
      this.scrollPosition = event.detail.scrollTop;
      this.renderWindow(false);
    },

    onSearchChange(event) {
      // The box's text lives in data as typed; the search runs on it trimmed.
      if (event.detail !== this.data.query) this.setData({ query: event.detail });
      this.query = event.detail.trim();
      if (this.query === '') {
        this.onSearchClear();
        return;
      }
      this.runSearch();
    },

    onSearchClear() {
      this.query = '';
      this.typedDial = '';
      this.typedExtension = '';
      if (this.data.query !== '') this.setData({ query: '' });
      if (this.data.searching) {
        this.setData({ searching: false, results: [], resultNote: '', missHint: '', missOffer: false });
      }
    },

    jumpTo(position) {
      const layout = this.layout;
      const jump = layout?.jumps[position];
      if (jump === undefined || jump.letter === this.data.activeLetter) return;
      this.scrollPosition = jump.top;
      this.renderWindow(false);
      // scroll-top only moves the list when its value changes: a repeated jump differs by a hair.
      const scrollTop = this.data.scrollTop === jump.top ? jump.top + 0.01 : jump.top;
      this.setData({ scrollTop, activeLetter: jump.letter });
    },

    onJumpTap(event) {
      this.jumpTo(Number(event.currentTarget.dataset.index));
      this.setData({ activeLetter: '' });
    },

    /** Sliding a thumb along the strip jumps letter by letter, as in a phone's contacts. */
    onJumpTouch(event) {
      const touch = event.touches[0];
      if (touch === undefined) return;
      if (event.type === 'touchstart') {
        this.createSelectorQuery()
          .select('#jump-strip')
          .boundingClientRect((rect) => {
            if (rect) this.stripTop = rect.top;
          })
          .exec();
        return;
      }
      const count = this.layout?.jumps.length ?? 0;
      this.jumpTo(jumpAtOffset(touch.clientY - this.stripTop, this.data.jumps.length, JUMP_LETTER_HEIGHT, count));
    },

    onJumpEnd() {
      if (this.data.activeLetter !== '') this.setData({ activeLetter: '' });
    },

    onRowTap(event) {
      const contact = getContact(event.currentTarget.dataset.id);
      if (contact !== undefined) this.callContact(contact);
    },

    /** Must run synchronously inside the tap: WeChat opens TCCC only from a user's tap. */
    callContact(contact) {
      callFromTap({ phone: dialString(contact), name: contact.name, contactId: contact.id }, this);
    },

    onRowInfo(event) {
      const detail = this.selectComponent('#contact-detail') as unknown as {
        open(contactId: string, masked: boolean): boolean;
      } | null;
      detail?.open(event.currentTarget.dataset.id, this.masked);
    },

    /** From the detail sheet's 拨打: still inside the agent's tap. */
    onDetailCall(event) {
      const contact = getContact(event.detail.contactId);
      if (contact !== undefined) this.callContact(contact);
    },

    onDetailEdit(event) {
      wx.navigateTo({ url: `${EDIT_PAGE}?id=${encodeURIComponent(event.detail.contactId)}` });
    },

    onCallbackCall(event) {
      const callback = this.due.find((c) => c.id === event.currentTarget.dataset.id);
      if (callback === undefined) return;
      callFromTap({ phone: callback.phone, name: callback.name, contactId: callback.contactId }, this);
    },

    onCallbackDone(event) {
      if (!completeCallback(event.currentTarget.dataset.id)) {
        wx.showToast({ title: '未能标记，请重试', icon: 'none' });
        return;
      }
      wx.showToast({ title: '已标记完成', icon: 'success' });
      this.refreshDue();
    },

    onMoreCallbacks() {
      this.showAllDue = true;
      this.refreshDue();
    },

    onAdd() {
      wx.navigateTo({ url: EDIT_PAGE });
    },

    /** The searched number, through the same launch (and do-not-call check) as any call; no name is sent. */
    onCallTyped() {
      if (this.typedDial === '') return;
      const phone = this.typedExtension === '' ? this.typedDial : `${this.typedDial},${this.typedExtension}`;
      callFromTap({ phone }, this);
    },

    /** Digits only in the query, so the edit page reads them as they are. */
    onAddTyped() {
      if (this.typedDial === '') return;
      const ext = this.typedExtension === '' ? '' : `&ext=${this.typedExtension}`;
      wx.navigateTo({ url: `${EDIT_PAGE}?phone=${this.typedDial}${ext}` });
    },

    onImport() {
      wx.navigateTo({ url: `${EDIT_PAGE}?mode=import` });
    },

    onSettings() {
      wx.navigateTo({ url: SETTINGS_PAGE });
    },

    /**
     * Calls changed (the feed hands over a turn's changes at once, after a wrap-up's callback and do-not-call
     * entry): the rows' last calls, the do-not-call marks and the callbacks on top are drawn again.
     */
    onCallChanges() {
      this.doNotCall = doNotCallNumbers();
      this.renderWindow(true);
      this.refreshDue();
      if (this.query !== '') this.runSearch();
    },
  },
});
