/** The contact list's order, groups and search index: built once per list, so a keystroke is one pass over strings. */

import { Contact } from './contact';
import { pinyinOf, pinyinVariants } from './pinyin';

/** Separates fields inside a search key; no query can contain it. */
const FIELD_SEPARATOR = '\u0001';

export interface ContactGroup {
  /** 'A'-'Z' or '#'. */
  letter: string;
  /** Position of the group's first contact in `ordered`. */
  start: number;
  count: number;
}

export interface ContactIndex {
  /** Every contact, in list order: by group letter ('#' last), then pinyin, then name. */
  ordered: Contact[];
  groups: ContactGroup[];
  /** Group letter of each contact in `ordered`. */
  letters: string[];
  /** Per contact in `ordered`: the lower-cased keys that start a match well (name, pinyin, initials). */
  heads: string[];
  /** Per contact in `ordered`: the other readings of its polyphones (长 zhang, 单 dan), matched after heads. */
  alternates: string[];
  /** Per contact in `ordered`: every searchable field, lower-cased, separated. */
  keys: string[];
  /** Per contact in `ordered`: its place within its group (pinyin, then name). */
  sortKeys: string[];
}

export const DEFAULT_SEARCH_LIMIT = 50;

function groupRank(letter: string): number {
  return letter === '#' ? 27 : letter.charCodeAt(0) - 64;
}

function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

interface Keyed {
  contact: Contact;
  letter: string;
  sortKey: string;
  head: string;
  alternate: string;
  key: string;
}

function keyContact(contact: Contact): Keyed {
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
  return {
    contact,
    letter: reading.initial,
    sortKey: `${reading.full}${FIELD_SEPARATOR}${name}`,
    head,
    alternate,
    key,
  };
}

function compareKeyed(a: Keyed, b: Keyed): number {
  const byGroup = groupRank(a.letter) - groupRank(b.letter);
  if (byGroup !== 0) return byGroup;
  if (a.sortKey < b.sortKey) return -1;
  if (a.sortKey > b.sortKey) return 1;
  return a.contact.createdAt - b.contact.createdAt;
}

/** The keys an earlier index computed for the very same contact objects, by contact. */
function reusableKeys(previous: ContactIndex | undefined): Map<Contact, Keyed> {
  const reuse = new Map<Contact, Keyed>();
  previous?.ordered.forEach((contact, i) => {
    reuse.set(contact, {
      contact,
      letter: previous.letters[i] as string,
      sortKey: previous.sortKeys[i] as string,
      head: previous.heads[i] as string,
      alternate: previous.alternates[i] as string,
      key: previous.keys[i] as string,
    });
  });
  return reuse;
}

/**
 * Orders, groups and keys a contact list: pinyin is computed here once per contact, never per keystroke.
 * Given the previous index, contacts that are the same objects as before keep their keys, so an edit to one
 * contact among 10,000 costs a sort, not 10,000 pinyin conversions.
 */
export function buildContactIndex(contacts: readonly Contact[], previous?: ContactIndex): ContactIndex {
  const reuse = reusableKeys(previous);
  const keyed = contacts.map((contact) => reuse.get(contact) ?? keyContact(contact)).sort(compareKeyed);
  const groups: ContactGroup[] = [];
  keyed.forEach((entry, position) => {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.letter === entry.letter) last.count += 1;
    else groups.push({ letter: entry.letter, start: position, count: 1 });
  });
  return {
    ordered: keyed.map((entry) => entry.contact),
    groups,
    letters: keyed.map((entry) => entry.letter),
    heads: keyed.map((entry) => entry.head),
    alternates: keyed.map((entry) => entry.alternate),
    keys: keyed.map((entry) => entry.key),
    sortKeys: keyed.map((entry) => entry.sortKey),
  };
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
  const needles = compact !== '' && compact !== text ? [text, compact] : [text];
  const tiers: Contact[][] = [[], [], []];
  const best = tiers[0] as Contact[];
  for (let i = 0; i < index.keys.length && best.length < limit; i += 1) {
    const key = index.keys[i] as string;
    if (!needles.some((needle) => key.includes(needle))) continue;
    const tier = tierOf(index.heads[i] as string, index.alternates[i] as string, needles);
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
