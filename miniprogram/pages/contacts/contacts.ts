/** Contacts page: due callbacks on top, search, and the whole list grouped by initial, rendered a window at a time. */

import { Callback } from '../../core/callbacks';
import { Contact, dialString } from '../../core/contact';
import { ContactGroup, ContactIndex } from '../../core/contactSearch';
import {
  buildLayout,
  itemsIn,
  callbackView,
  CallbackView,
  contactRowView,
  ContactRowView,
  headerView,
  ListLayout,
  WINDOW_SIZE,
  windowAt,
} from '../../core/contactListView';
import { callFeed, unsubscribeCallFeed } from '../../behaviors/callFeed';
import { contactSearch } from '../../behaviors/contactSearch';
import { listWindow } from '../../behaviors/listWindow';
import { callFromTap, SETTINGS_PAGE } from '../../services/callFlow';
import { completeCallback, dueCallbacks } from '../../services/callbackStore';
import { doNotCallNumbers } from '../../services/doNotCallStore';
import {
  contactIndex,
  ContactListHead,
  contactListHead,
  getContact,
  lastCallOf,
  offContactsLoaded,
  onContactsLoaded,
  takeContactNotices,
} from '../../services/contactStore';
import { loadAgentSettings } from '../../services/settingsStore';
import { prefetchTcccToken } from '../../services/tcccToken';

export const EDIT_PAGE = '/pages/contact-edit/contact-edit';
/** Due callbacks shown before "查看全部". */
const CALLBACKS_SHOWN = 3;
const CALLBACKS_EXPANDED = 50;

interface ContactsData {
  empty: boolean;
  total: number;
  rows: ContactRowView[];
  before: number;
  after: number;
  scrollTop: number;
  /** For components/letter-strip: each group's letter, and the height (px) beside the list. */
  letters: string[];
  stripRoom: number;
  callbacks: CallbackView[];
  /** Overdue and due today. */
  dueCount: number;
  /** Every open callback, later ones too. */
  openCount: number;
}

/** The list as drawn: the whole, or at a cold start its head while the rest loads. */
type ShownList = ContactIndex | ContactListHead;

function sameGroups(a: readonly ContactGroup[], b: readonly ContactGroup[]): boolean {
  return a.length === b.length && a.every((g, i) => g.letter === b[i]?.letter && g.count === b[i]?.count);
}

interface ContactsFields {
  index: ShownList | undefined;
  /** Told when the contacts finished loading after a head was drawn (bound once, so off finds it). */
  listLoaded: () => void;
  layout: ListLayout | undefined;
  scrollPosition: number;
  masked: boolean;
  /** Numbers on the do-not-call list, read on each show and after a wrap-up (which may add one). */
  doNotCall: ReadonlySet<string>;
  due: Callback[];
  showAllDue: boolean;
  /** What was last sent for the callbacks, so an unchanged refresh sends nothing. */
  sentDue: string;
}

type IdEvent = WechatMiniprogram.TouchEvent<Record<string, never>, { id: string }>;
/** What components/contact-detail says with its call and edit events. */
type DetailEvent = WechatMiniprogram.CustomEvent<{ contactId: string }>;
/** What components/letter-strip says with its jump event: a place in the layout's jumps. */
type JumpEvent = WechatMiniprogram.CustomEvent<{ position: number }>;

type ContactsMethods = {
  onShow(): void;
  onUnload(): void;
  refresh(): void;
  showList(list: ShownList): void;
  onListLoaded(): void;
  showNotices(): void;
  renderWindow(force: boolean): void;
  fitStrip(): void;
  refreshDue(): void;
  searchRow(contact: Contact, now: number): ContactRowView;
  onScroll(event: WechatMiniprogram.ScrollViewScroll): void;
  onJump(event: JumpEvent): void;
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

Component<
  ContactsData,
  Record<string, never>,
  ContactsMethods,
  [typeof callFeed, typeof listWindow, typeof contactSearch],
  ContactsFields
>({
  // The call feed: a call back, a wrap-up or an edit redraws the last calls and the callbacks. The list window:
  // only the rows near the screen are in the view. The search: the box, its matches and a missed number's offer.
  behaviors: [callFeed, listWindow, contactSearch],
  data: {
    empty: false,
    total: 0,
    rows: [],
    before: 0,
    after: 0,
    scrollTop: 0,
    letters: [],
    stripRoom: 0,
    callbacks: [],
    dueCount: 0,
    openCount: 0,
  },
  lifetimes: {
    created() {
      this.index = undefined;
      this.listLoaded = () => this.onListLoaded();
      this.layout = undefined;
      this.scrollPosition = 0;
      this.masked = true;
      this.doNotCall = new Set();
      this.due = [];
      this.showAllDue = false;
      this.sentDue = '';
    },
    detached() {
      offContactsLoaded(this.listLoaded);
    },
  },
  methods: {
    onShow() {
      // A one-time TCCC token ready before the next tap (bound to a team only).
      void prefetchTcccToken();
      this.refresh();
      this.showNotices();
    },

    showNotices() {
      const notices = takeContactNotices();
      if (notices.length > 0) {
        wx.showModal({ title: '提示', content: notices.join('\n'), showCancel: false, confirmText: '知道了' });
      }
    },

    /** The page is gone: it hears no more calls, even before WeChat detaches it. */
    onUnload() {
      unsubscribeCallFeed(this);
      offContactsLoaded(this.listLoaded);
    },

    /** Re-reads what may have changed while away (edits, imports, calls, settings); cheap when nothing did. */
    refresh() {
      this.masked = loadAgentSettings().maskNumbers;
      this.doNotCall = doNotCallNumbers();
      // A cold start draws the first window from the list's head; the rest loads in steps and is drawn when told.
      const head = contactListHead(WINDOW_SIZE);
      if (head !== undefined) onContactsLoaded(this.listLoaded);
      this.showList(head ?? contactIndex());
      this.renderWindow(true);
      this.refreshDue();
      this.fitStrip();
      this.refreshSearch();
    },

    /** Takes the list to draw; the count and the letters are sent only when they changed. */
    showList(list) {
      if (list === this.index) return;
      const previous = this.index;
      this.index = list;
      if (this.layout === undefined || previous === undefined || !sameGroups(previous.groups, list.groups)) {
        this.layout = buildLayout(list.groups);
      }
      const total = 'total' in list ? list.total : list.ordered.length;
      const letters = this.layout.jumps.map((j) => j.letter);
      const patch: Record<string, unknown> = {};
      if (total !== this.data.total) patch['total'] = total;
      if ((total === 0) !== this.data.empty) patch['empty'] = total === 0;
      if (letters.join() !== this.data.letters.join()) patch['letters'] = letters;
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    /** The rest of the contacts is loaded: the whole list replaces the head (the same rows, unless data was damaged). */
    onListLoaded() {
      offContactsLoaded(this.listLoaded);
      this.showList(contactIndex());
      this.renderWindow(true);
      this.showNotices();
    },

    /** Sends only the rows around the scroll position; a scroll within the same window step sends nothing. */
    renderWindow(force) {
      const shown = this.index;
      if (shown === undefined || this.layout === undefined) return;
      let window = windowAt(this.layout, this.scrollPosition);
      if (!force && window.start === this.shownWindow().start) return;
      // A window past the head (a scroll or a jump before the rest loaded) reads the whole list now.
      let items = itemsIn(this.layout, window.start, window.end);
      if ('total' in shown && items.some((item) => item >= shown.ordered.length)) {
        this.showList(contactIndex());
        window = windowAt(this.layout, this.scrollPosition);
        items = itemsIn(this.layout, window.start, window.end);
      }
      const index = this.index ?? shown;
      const { start } = window;
      const now = Date.now();
      const rowAt = (i: number) => {
        const item = items[i - start] as number;
        if (item < 0) return headerView(index.groups[-item - 1]?.letter ?? '#');
        const contact = index.ordered[item] as Contact;
        return contactRowView(contact, lastCallOf(contact.id), this.masked, now, this.doNotCall);
      };
      const patch: Record<string, unknown> = {};
      // A refresh that would draw the same rows (nothing changed while away) sends nothing.
      this.windowPatch(patch, window, rowAt, true);
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    /** The room beside the list (the callbacks' card takes some of it), for the letter strip; sent only on change. */
    fitStrip() {
      this.createSelectorQuery()
        .select('#list-area')
        .boundingClientRect((rect) => {
          if (rect !== null && rect.height > 0 && rect.height !== this.data.stripRoom) {
            this.setData({ stripRoom: rect.height });
          }
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

    /** A match's row for behaviors/contactSearch, drawn as the list's. */
    searchRow(contact, now) {
      return contactRowView(contact, lastCallOf(contact.id), this.masked, now, this.doNotCall);
    },

    onScroll(event) {
      this.scrollPosition = event.detail.scrollTop;
      this.renderWindow(false);
    },

    /** The letter strip's tap or slide: the list scrolls to that letter's header. */
    onJump(event) {
      const jump = this.layout?.jumps[event.detail.position];
      if (jump === undefined) return;
      this.scrollPosition = jump.top;
      this.renderWindow(false);
      // scroll-top only moves the list when its value changes: a repeated jump differs by a hair.
      const scrollTop = this.data.scrollTop === jump.top ? jump.top + 0.01 : jump.top;
      this.setData({ scrollTop });
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
      const { dial, extension } = this.typedNumber();
      if (dial === '') return;
      const phone = extension === '' ? dial : `${dial},${extension}`;
      callFromTap({ phone }, this);
    },

    /** Digits only in the query, so the edit page reads them as they are. */
    onAddTyped() {
      const { dial, extension } = this.typedNumber();
      if (dial === '') return;
      const ext = extension === '' ? '' : `&ext=${extension}`;
      wx.navigateTo({ url: `${EDIT_PAGE}?phone=${dial}${ext}` });
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
      this.refreshSearch();
    },
  },
});
