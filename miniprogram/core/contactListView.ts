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

/** A letter group's header: its letter, its top (px) and its place among the flat items. */
export interface LetterJump {
  letter: string;
  top: number;
  item: number;
}

export interface ListLayout {
  /** Flat items: each group's header, then its rows. */
  count: number;
  total: number;
  /** Where each letter's header sits, for the jump strip; also each group's place in the flat items. */
  jumps: LetterJump[];
  /** Each group's first position in the ordered contacts. */
  starts: number[];
}

/**
 * Lays out the grouped list per group, not per contact: with fixed heights every item's place is arithmetic, so a
 * cold start with 10,000 contacts builds about 27 entries instead of two arrays of 10,000.
 */
export function buildLayout(groups: readonly ContactGroup[]): ListLayout {
  const jumps: LetterJump[] = [];
  const starts: number[] = [];
  let top = 0;
  let count = 0;
  for (const group of groups) {
    jumps.push({ letter: group.letter, top, item: count });
    starts.push(group.start);
    top += HEADER_HEIGHT + group.count * ROW_HEIGHT;
    count += 1 + group.count;
  }
  return { count, total: top, jumps, starts };
}

/** The last group whose header's `key` is at or before `value` (binary search: the headers ascend in both). */
function groupAtOrBefore(layout: ListLayout, key: 'item' | 'top', value: number): number {
  let low = 0;
  let high = layout.jumps.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((layout.jumps[mid] as LetterJump)[key] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The top (px) of a flat item; the item just past the last one tops at the total height. */
export function itemTop(layout: ListLayout, item: number): number {
  if (item >= layout.count) return layout.total;
  const jump = layout.jumps[groupAtOrBefore(layout, 'item', item)] as LetterJump;
  return item === jump.item ? jump.top : jump.top + HEADER_HEIGHT + (item - jump.item - 1) * ROW_HEIGHT;
}

/** What a flat item shows: its position in the ordered contacts, or -(group + 1) for a header. */
export function itemEntry(layout: ListLayout, item: number): number {
  const g = groupAtOrBefore(layout, 'item', item);
  const jump = layout.jumps[g] as LetterJump;
  return item === jump.item ? -(g + 1) : (layout.starts[g] as number) + (item - jump.item - 1);
}

/** The entries of the flat items start (inclusive) to end (exclusive). */
export function itemsIn(layout: ListLayout, start: number, end: number): number[] {
  const entries: number[] = [];
  for (let item = start; item < end; item += 1) entries.push(itemEntry(layout, item));
  return entries;
}

/** The flat item at a scroll position: the group by binary search over its headers, then the row by arithmetic. */
export function itemAt(layout: ListLayout, scrollTop: number): number {
  // Above the top, or no position yet (NaN): the first item.
  if (layout.count === 0 || !(scrollTop > 0)) return 0;
  const g = groupAtOrBefore(layout, 'top', scrollTop);
  const jump = layout.jumps[g] as LetterJump;
  const offset = scrollTop - jump.top;
  if (offset < HEADER_HEIGHT) return jump.item;
  const next = layout.jumps[g + 1]?.item ?? layout.count;
  const rows = next - jump.item - 1;
  return jump.item + 1 + Math.min(rows - 1, Math.floor((offset - HEADER_HEIGHT) / ROW_HEIGHT));
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
  const count = layout.count;
  const first = itemAt(layout, scrollTop);
  const start = Math.max(0, Math.floor((first - WINDOW_BEFORE) / WINDOW_STEP) * WINDOW_STEP);
  const end = Math.min(count, start + WINDOW_SIZE);
  const before = count === 0 ? 0 : itemTop(layout, start);
  const after = end >= count ? 0 : layout.total - itemTop(layout, end);
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
