/** The contacts page's windowed list: fixed-height rows under letter headers, the window to render, row texts. */

import { Callback, formatDue } from './callbacks';
import { Contact, contactSubtitle, ContactLastCall } from './contact';
import { ContactGroup } from './contactSearch';
import { CALL_STATES, CallState } from './callRecord';
import { formatCallTime, shownNumber, stateLabel, UNKNOWN_DURATION_LABEL } from './callPresentation';
import { formatPhone, parsePhoneNumber } from './phoneNumber';

/** Row and header heights in px: fixed, so any position is arithmetic and nothing is measured. */
export const ROW_HEIGHT = 64;
export const HEADER_HEIGHT = 32;
/** Rows rendered above the first visible one, and in all: a few screens, never thousands. */
export const WINDOW_BEFORE = 10;
export const WINDOW_SIZE = 40;
/** The window moves in steps this big, so scrolling sends setData once per several rows, not per frame. */
export const WINDOW_STEP = 10;

export interface ListLayout {
  /** Top (px) of each flat item: each group's header, then its rows. */
  tops: number[];
  /** Flat item -> position in the ordered contacts, or -(group + 1) for a header. */
  items: number[];
  total: number;
  /** Where each letter's header sits, for the jump strip. */
  jumps: { letter: string; top: number; item: number }[];
}

/** Lays out the grouped list once per contact list: one pass, plain numbers. */
export function buildLayout(groups: readonly ContactGroup[]): ListLayout {
  const tops: number[] = [];
  const items: number[] = [];
  const jumps: ListLayout['jumps'] = [];
  let top = 0;
  groups.forEach((group, g) => {
    jumps.push({ letter: group.letter, top, item: items.length });
    tops.push(top);
    items.push(-(g + 1));
    top += HEADER_HEIGHT;
    for (let i = 0; i < group.count; i += 1) {
      tops.push(top);
      items.push(group.start + i);
      top += ROW_HEIGHT;
    }
  });
  return { tops, items, total: top, jumps };
}

/** The flat item at a scroll position (binary search over the tops). */
export function itemAt(layout: ListLayout, scrollTop: number): number {
  let low = 0;
  let high = layout.tops.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((layout.tops[mid] as number) <= scrollTop) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}

/** One letter the jump strip shows; `index` is its place among the layout's jumps. */
export interface StripMark {
  letter: string;
  index: number;
}

/**
 * The letters the strip shows when only `fit` of them fit beside the list: all of them, or an even pick that
 * keeps the first and the last, as a phone's contacts do. Sliding along the strip still reaches every letter.
 * A `fit` of 0 means the height is not known yet: every letter.
 */
export function stripMarks(letters: readonly string[], fit: number): StripMark[] {
  const all = letters.map((letter, index) => ({ letter, index }));
  if (fit <= 0 || fit >= all.length) return all;
  if (fit === 1) return all.slice(0, 1);
  const picked = new Set<number>();
  for (let k = 0; k < fit; k += 1) picked.add(Math.round((k * (all.length - 1)) / (fit - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => all[i] as StripMark);
}

/** The jump under a thumb at `offset` px down a strip of `shown` marks of `markHeight` px, over `count` jumps. */
export function jumpAtOffset(offset: number, shown: number, markHeight: number, count: number): number {
  if (count <= 0 || shown <= 0) return 0;
  const position = Math.floor((offset / (shown * markHeight)) * count);
  return Math.min(Math.max(position, 0), count - 1);
}

export interface ListWindow {
  start: number;
  end: number;
  /** Space above and below the rendered items, in px. */
  before: number;
  after: number;
}

/** The items to render for a scroll position: starts on a WINDOW_STEP boundary, so small scrolls change nothing. */
export function windowAt(layout: ListLayout, scrollTop: number): ListWindow {
  const count = layout.items.length;
  const first = itemAt(layout, scrollTop);
  const start = Math.max(0, Math.floor((first - WINDOW_BEFORE) / WINDOW_STEP) * WINDOW_STEP);
  const end = Math.min(count, start + WINDOW_SIZE);
  const before = count === 0 ? 0 : (layout.tops[start] as number);
  const after = end >= count ? 0 : layout.total - (layout.tops[end] as number);
  return { start, end, before, after };
}

export interface ContactRowView {
  /** 'h' + letter for a header; the contact id for a row. */
  key: string;
  header: string;
  id: string;
  name: string;
  sub: string;
  number: string;
  last: string;
  /** On the do-not-call list: the row says 勿扰 in words. */
  dnc: boolean;
}

const NO_NUMBERS: ReadonlySet<string> = new Set();

function isCallState(state: string): state is CallState {
  return (CALL_STATES as readonly string[]).includes(state);
}

/** A contact's last call kept with this state was placed, but its duration is unknown. */
export const DURATION_UNKNOWN_STATE = 'duration-unknown';

function lastStateLabel(state: string): string {
  if (state === DURATION_UNKNOWN_STATE) return UNKNOWN_DURATION_LABEL;
  return isCallState(state) ? stateLabel(state) : '';
}

/** The last call as a row shows it: the outcome (or the state) and when. */
export function lastCallText(last: ContactLastCall | undefined, now: number): string {
  if (last === undefined) return '';
  const what = last.outcome !== '' ? last.outcome : lastStateLabel(last.state);
  return [what, formatCallTime(last.at, now)].filter((part) => part !== '').join(' · ');
}

export function contactRowView(
  contact: Contact,
  last: ContactLastCall | undefined,
  masked: boolean,
  now: number,
  doNotCall: ReadonlySet<string> = NO_NUMBERS,
): ContactRowView {
  return {
    key: contact.id,
    header: '',
    id: contact.id,
    name: contact.name,
    sub: contactSubtitle(contact),
    number: shownNumber(contact.phone, masked),
    last: lastCallText(last, now),
    dnc: doNotCall.has(contact.phone),
  };
}

export function headerView(letter: string): ContactRowView {
  return { key: `h${letter}`, header: letter, id: '', name: '', sub: '', number: '', last: '', dnc: false };
}

export interface CallbackView {
  id: string;
  title: string;
  /** 今天 18:00, 明天 10:00, 11-26 10:00 (whether it is overdue is in `status`). */
  when: string;
  status: 'overdue' | 'today' | 'later';
}

/** An open callback as the top of the contacts page shows it. */
export function callbackView(callback: Callback, masked: boolean, now: number): CallbackView {
  const endOfToday = new Date(new Date(now).setHours(24, 0, 0, 0)).getTime();
  return {
    id: callback.id,
    title: callback.name !== '' ? callback.name : shownNumber(callback.phone, masked),
    when: formatDue(callback.dueAt, now).replace(/^逾期 · /, ''),
    status: callback.dueAt < now ? 'overdue' : callback.dueAt < endOfToday ? 'today' : 'later',
  };
}

/** What a search that found no contact says, and the number it may offer to call or add. */
export interface NoMatchView {
  title: string;
  /** What to change, for a search that is not a whole number ('' when the number is offered). */
  hint: string;
  /** The typed number in dial form ('' when the search is no number), and its extension. */
  dial: string;
  extension: string;
}

/** Digits with the usual separators, but not (yet) a whole number: the agent is typing one. */
const NUMBER_CHARACTERS = /^[+0-9\uff10-\uff19\s\-()\uff08\uff09]+$/;
const A_DIGIT = /[0-9\uff10-\uff19]/;

/**
 * A whole number (core/phoneNumber decides) is offered for a call or a new contact; digits that are not one yet
 * ask for the rest; anything else says what the search looks in. The typed number is shown whole: the agent typed it.
 */
export function noMatchView(query: string): NoMatchView {
  const parsed = parsePhoneNumber(query);
  if (parsed.ok) {
    const { dial, extension } = parsed.phone;
    const shown = formatPhone(extension === '' ? dial : `${dial},${extension}`);
    return { title: `没有找到号码为 ${shown} 的联系人`, hint: '', dial, extension };
  }
  const typed = query.trim();
  const hint =
    NUMBER_CHARACTERS.test(typed) && A_DIGIT.test(typed)
      ? '输入完整号码，即可直接拨打或新建联系人'
      : '可搜姓名、拼音首字母（如 zs）、号码中连续几位、公司或备注；试试少输几个字，或检查有无错别字';
  return { title: '没有找到匹配的联系人', hint, dial: '', extension: '' };
}
