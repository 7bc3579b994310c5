/** The contact list's order, groups and search index: ordered once per list, searched with keys built once. */

import { Contact } from './contact';
import type { Pinyin } from './pinyin';

type PinyinModule = typeof import('./pinyin');
let pinyin: PinyinModule | undefined;

/**
 * Pinyin and its 25 KB of tables are evaluated at the first name converted, not at launch: a start that lists
 * contacts from their kept order converts none. (A literal require: WeChat's packer and the simulator both find it.)
 */
function pinyinModule(): PinyinModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pinyin ??= require('./pinyin') as PinyinModule;
  return pinyin;
}

function pinyinOf(name: string): Pinyin {
  return pinyinModule().pinyinOf(name);
}

function pinyinVariants(name: string): Pick<Pinyin, 'full' | 'initials'>[] {
  return pinyinModule().pinyinVariants(name);
}

/** Separates fields inside a search key; no query can contain it. */
const FIELD_SEPARATOR = '\u0001';

export interface ContactGroup {
  /** 'A'-'Z' or '#'. */
  letter: string;
  /** Position of the group's first contact in `ordered`. */
  start: number;
  count: number;
}

/** Per contact in list order, filled up to `ready` on demand: a cold start lists contacts before any pinyin. */
export interface SearchKeys {
  /** Lower-cased keys that start a match well (name, pinyin, initials). */
  heads: string[];
  /** Other readings of its polyphones (长 zhang, 单 dan), matched after heads. */
  alternates: string[];
  /** Every searchable field, lower-cased, separated. */
  keys: string[];
  /** Contacts keyed so far, from the top of the list. */
  ready: number;
}

export interface ContactIndex {
  /** Every contact, in list order: by group letter ('#' last), then pinyin, then name, then age. */
  ordered: Contact[];
  groups: ContactGroup[];
  search: SearchKeys;
}

/** A list order as storage keeps it: positions into the stored contacts, and the group sizes. */
export interface StoredOrder {
  /** For each list position, the contact's position among the stored contacts. */
  positions: number[];
  /** [letter, count] per group, in list order. */
  groups: [string, number][];
}

export const DEFAULT_SEARCH_LIMIT = 50;

function groupRank(letter: string): number {
  return letter === '#' ? 27 : letter.charCodeAt(0) - 64;
}

function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

interface SortKey {
  letter: string;
  key: string;
}

interface SearchKey {
  head: string;
  alternate: string;
  key: string;
}

// Keyed by the contact object: the store never mutates a contact (an edit is a new object), so a key stays true
// for as long as its object lives, across every index built in the session.
const sortKeys = new WeakMap<Contact, SortKey>();
const searchKeys = new WeakMap<Contact, SearchKey>();

function sortKeyOf(contact: Contact): SortKey {
  let known = sortKeys.get(contact);
  if (known === undefined) {
    const reading = pinyinOf(contact.name);
    known = { letter: reading.initial, key: `${reading.full}${FIELD_SEPARATOR}${contact.name.toLowerCase()}` };
    sortKeys.set(contact, known);
  }
  return known;
}

function searchKeyOf(contact: Contact): SearchKey {
  const known = searchKeys.get(contact);
  if (known !== undefined) return known;
  const reading = pinyinOf(contact.name);
  const name = contact.name.toLowerCase();
  const head = [name, reading.full, reading.initials].join(FIELD_SEPARATOR);
  const others = new Set<string>();
  // Other readings of polyphones (单 dan, 长 zhang), and ü typed as u as well as v.
  for (const variant of pinyinVariants(contact.name)) others.add(variant.full).add(variant.initials);
  if (reading.full.includes('v')) others.add(reading.full.replace(/v/g, 'u'));
  others.delete(reading.full);
  others.delete(reading.initials);
  const alternate = [...others].join(FIELD_SEPARATOR);
  const phoneDigits = digitsOf(contact.phone) + (contact.extension ?? '');
  const key = [head, alternate, phoneDigits, contact.company.toLowerCase(), contact.note.toLowerCase()].join(
    FIELD_SEPARATOR,
  );
  const made = { head, alternate, key };
  searchKeys.set(contact, made);
  return made;
}

/** List order: group, pinyin then name, then the older contact, then the id, so any two contacts differ. */
export function compareContacts(a: Contact, b: Contact): number {
  const ka = sortKeyOf(a);
  const kb = sortKeyOf(b);
  const byGroup = groupRank(ka.letter) - groupRank(kb.letter);
  if (byGroup !== 0) return byGroup;
  if (ka.key !== kb.key) return ka.key < kb.key ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function emptySearchKeys(): SearchKeys {
  return { heads: [], alternates: [], keys: [], ready: 0 };
}

function groupsOf(letters: readonly string[]): ContactGroup[] {
  const groups: ContactGroup[] = [];
  letters.forEach((letter, position) => {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.letter === letter) last.count += 1;
    else groups.push({ letter, start: position, count: 1 });
  });
  return groups;
}

function indexOf(ordered: Contact[], groups?: ContactGroup[]): ContactIndex {
  const grouped = groups ?? groupsOf(ordered.map((contact) => sortKeyOf(contact).letter));
  return { ordered, groups: grouped, search: emptySearchKeys() };
}

/** Most contacts added at once that are placed one by one into the previous order; more are sorted afresh. */
const INSERT_AT_MOST = 64;

/** Where `contact` goes in an ordered list (binary search: a few pinyin conversions, not one per contact). */
function insertionPoint(ordered: readonly Contact[], contact: Contact): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareContacts(ordered[mid] as Contact, contact) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Orders and groups a contact list. Pinyin is computed once per contact object and kept, never per keystroke.
 * Given the previous index, contacts that are the same objects as before keep their places, and a few new or
 * edited ones are placed by binary search: an edit among 10,000 contacts costs a few conversions, not a sort.
 * Search keys are not built here: see completeSearchKeys / buildSearchKeys.
 */
export function buildContactIndex(contacts: readonly Contact[], previous?: ContactIndex): ContactIndex {
  if (previous !== undefined) {
    const present = new Set(contacts);
    const kept = previous.ordered.filter((contact) => present.has(contact));
    const keptSet = new Set(kept);
    const added = contacts.filter((contact) => !keptSet.has(contact));
    if (added.length <= INSERT_AT_MOST && kept.length + added.length === contacts.length) {
      const ordered = kept;
      for (const contact of added) ordered.splice(insertionPoint(ordered, contact), 0, contact);
      return indexOf(ordered);
    }
  }
  // Decorated once, so 10,000 contacts cost one key lookup each, not one per comparison.
  const decorated = contacts.map((contact) => ({ contact, rank: sortKeyOf(contact) }));
  decorated.sort((a, b) => {
    const byGroup = groupRank(a.rank.letter) - groupRank(b.rank.letter);
    if (byGroup !== 0) return byGroup;
    if (a.rank.key !== b.rank.key) return a.rank.key < b.rank.key ? -1 : 1;
    return compareContacts(a.contact, b.contact);
  });
  return indexOf(
    decorated.map((entry) => entry.contact),
    groupsOf(decorated.map((entry) => entry.rank.letter)),
  );
}

/** The order to keep in storage beside the contacts, given each contact's position among the stored ones. */
export function storedOrderOf(index: ContactIndex, positionOf: (contact: Contact) => number): StoredOrder {
  return {
    positions: index.ordered.map(positionOf),
    groups: index.groups.map((group) => [group.letter, group.count]),
  };
}

/**
 * The index from a kept order, with no pinyin at all; undefined when the order does not fit these contacts
 * (a position missing, repeated or out of range, or groups that do not add up), so the caller sorts afresh.
 */
export function restoreContactIndex(contacts: readonly Contact[], order: StoredOrder): ContactIndex | undefined {
  const { positions, groups } = order;
  if (positions.length !== contacts.length) return undefined;
  const seen = new Uint8Array(contacts.length);
  const ordered: Contact[] = new Array<Contact>(positions.length);
  for (let i = 0; i < positions.length; i += 1) {
    const at = positions[i] as number;
    if (!(at >= 0 && at < contacts.length) || seen[at] === 1) return undefined;
    seen[at] = 1;
    ordered[i] = contacts[at] as Contact;
  }
  const restored = restoreGroups(groups, ordered.length);
  return restored === undefined ? undefined : indexOf(ordered, restored);
}

/** The groups of a kept order, when they are well formed and hold exactly `total` contacts. */
export function restoreGroups(groups: readonly [string, number][], total: number): ContactGroup[] | undefined {
  const restored: ContactGroup[] = [];
  let start = 0;
  for (const group of groups) {
    if (!Array.isArray(group)) return undefined;
    const [letter, count] = group;
    if (typeof letter !== 'string' || !/^[A-Z#]$/.test(letter) || !(count > 0)) return undefined;
    restored.push({ letter, start, count });
    start += count;
  }
  return start === total ? restored : undefined;
}

/** Keys up to `count` more contacts for search; true once every contact has its keys. */
export function buildSearchKeys(index: ContactIndex, count: number): boolean {
  const search = index.search;
  const end = Math.min(index.ordered.length, search.ready + Math.max(0, count));
  for (let i = search.ready; i < end; i += 1) {
    const keyed = searchKeyOf(index.ordered[i] as Contact);
    search.heads.push(keyed.head);
    search.alternates.push(keyed.alternate);
    search.keys.push(keyed.key);
  }
  search.ready = end;
  return end >= index.ordered.length;
}

export function completeSearchKeys(index: ContactIndex): void {
  buildSearchKeys(index, index.ordered.length);
}

/** The query as keys are written: lower case, full-width folded; separators dropped from a number or pinyin. */
export function normalizeQuery(query: string): { text: string; compact: string } {
  const text = String(query)
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(new RegExp(FIELD_SEPARATOR, 'g'), '')
    .trim()
    .toLowerCase();
  return { text, compact: text.replace(/[\s\-()+]+/g, '') };
}

function startsAField(key: string, needle: string): boolean {
  return key.startsWith(needle) || key.includes(FIELD_SEPARATOR + needle);
}

/**
 * Contacts matching the query: name, pinyin (full or initials, any reading of a polyphone), digits of the
 * number, company, note. One pass over precomputed keys. Matches that start the name or its common pinyin come
 * first, then those that start another reading, then matches inside a field; the scan stops once `limit` of the
 * first kind are found. An empty query matches nothing (the page shows the list instead).
 */
export function searchContactIndex(index: ContactIndex, query: string, limit = DEFAULT_SEARCH_LIMIT): Contact[] {
  const { text, compact } = normalizeQuery(query);
  if (text === '' || limit <= 0) return [];
  completeSearchKeys(index);
  const { keys, heads, alternates } = index.search;
  const needles = compact !== '' && compact !== text ? [text, compact] : [text];
  const tiers: Contact[][] = [[], [], []];
  const best = tiers[0] as Contact[];
  for (let i = 0; i < keys.length && best.length < limit; i += 1) {
    const key = keys[i] as string;
    if (!needles.some((needle) => key.includes(needle))) continue;
    const tier = tierOf(heads[i] as string, alternates[i] as string, needles);
    const bucket = tiers[tier] as Contact[];
    if (bucket.length < limit) bucket.push(index.ordered[i] as Contact);
  }
  return tiers.flat().slice(0, limit);
}

/** 0: starts the name or its common pinyin; 1: starts another reading; 2: anywhere else. */
function tierOf(head: string, alternate: string, needles: readonly string[]): number {
  if (needles.some((needle) => startsAField(head, needle))) return 0;
  if (needles.some((needle) => startsAField(alternate, needle))) return 1;
  return 2;
}
