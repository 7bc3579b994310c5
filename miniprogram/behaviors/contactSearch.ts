/**
 * The contacts page's search: the box's text as typed, the matches, or, when none, what to change or the typed
 * number to call or add. The host draws a match's row (searchRow) and places the calls; this keeps what was typed.
 */

import { Contact } from '../core/contact';
import { ContactRowView, noMatchView, NoMatchView } from '../core/contactListView';
import { findContactByPhone, searchContacts } from '../services/contactStore';

/** Search shows at most this many matches: enough to pick from, never a huge setData. */
export const SEARCH_LIMIT = 100;

/** What a host of this behavior implements. */
export interface ContactSearchHost {
  /** A match's row, drawn as the list draws it (masking, last call, do-not-call). */
  searchRow(contact: Contact, now: number): ContactRowView;
}

interface Typed {
  /** The search as it runs: the box's text trimmed. */
  query: string;
  /** The number a search that found nothing offers: dial form and extension ('' when none). */
  dial: string;
  extension: string;
}

/** Keyed by the host instance: a behavior has no fields of its own. */
const typedByHost = new WeakMap<object, Typed>();

function typedOf(host: object): Typed {
  let typed = typedByHost.get(host);
  if (typed === undefined) {
    typed = { query: '', dial: '', extension: '' };
    typedByHost.set(host, typed);
  }
  return typed;
}

/** The contacts a search finds or, when none, what the page says and offers instead. */
function searchOrMiss(query: string): { found: Contact[]; miss: NoMatchView | undefined } {
  const found = searchContacts(query, SEARCH_LIMIT);
  if (found.length > 0) return { found, miss: undefined };
  const miss = noMatchView(query);
  // A whole number written another way (+86, 0086) is still its contact's: never offered as a new one.
  const owner = miss.dial === '' ? undefined : findContactByPhone(miss.dial);
  return owner === undefined ? { found, miss } : { found: [owner], miss: undefined };
}

export const contactSearch = Behavior({
  data: {
    query: '',
    searching: false,
    results: [] as ContactRowView[],
    resultNote: '',
    /** A search that found nothing: what to change, or (missOffer) the typed number to call or add. */
    missHint: '',
    missOffer: false,
  },
  lifetimes: {
    detached() {
      typedByHost.delete(this);
    },
  },
  methods: {
    runSearch() {
      const now = Date.now();
      const typed = typedOf(this);
      const { found, miss } = searchOrMiss(typed.query);
      const host = this as unknown as ContactSearchHost;
      const results = found.map((c) => host.searchRow(c, now));
      typed.dial = miss?.dial ?? '';
      typed.extension = miss?.extension ?? '';
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
        missOffer: typed.dial !== '',
      });
    },

    /** Runs the search again when one is showing (contacts, calls or settings changed under it). */
    refreshSearch() {
      if (typedOf(this).query !== '') this.runSearch();
    },

    /** The number a search that found nothing offers ('' dial when none). */
    typedNumber(): { dial: string; extension: string } {
      const { dial, extension } = typedOf(this);
      return { dial, extension };
    },

    onSearchChange(event: VantEvent<string>) {
      // The box's text lives in data as typed; the search runs on it trimmed.
      if (event.detail !== this.data.query) this.setData({ query: event.detail });
      typedOf(this).query = event.detail.trim();
      if (typedOf(this).query === '') {
        this.onSearchClear();
        return;
      }
      this.runSearch();
    },

    onSearchClear() {
      typedByHost.set(this, { query: '', dial: '', extension: '' });
      if (this.data.query !== '') this.setData({ query: '' });
      if (this.data.searching) {
        this.setData({ searching: false, results: [], resultNote: '', missHint: '', missOffer: false });
      }
    },
  },
});
