/** The contact list's order, groups and search index: built once per list, so a keystroke is one pass over strings. */

import { Contact } from './contact';
import { pinyinOf } from './pinyin';

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
  /** Per contact in `ordered`: every searchable field, lower-cased, separated. */
  keys: string[];
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
  key: string;
}

function keyContact(contact: Contact): Keyed {
  const surname = pinyinOf(contact.name);
  const plain = pinyinOf(contact.name, false);
  const name = contact.name.toLowerCase();
  const heads = [name, surname.full, surname.initials];
  // A surname with two readings (单 shan/dan) is found by either; ü is typed v or u.
  if (plain.full !== surname.full) heads.push(plain.full, plain.initials);
  if (surname.full.includes('v')) heads.push(surname.full.replace(/v/g, 'u'));
  const head = heads.join(FIELD_SEPARATOR);
  const phoneDigits = digitsOf(contact.phone) + (contact.extension ?? '');
  const key = [head, phoneDigits, contact.company.toLowerCase(), contact.note.toLowerCase()].join(FIELD_SEPARATOR);
  return { contact, letter: surname.initial, sortKey: `${surname.full}${FIELD_SEPARATOR}${name}`, head, key };
}

function compareKeyed(a: Keyed, b: Keyed): number {
  const byGroup = groupRank(a.letter) - groupRank(b.letter);
  if (byGroup !== 0) return byGroup;
  if (a.sortKey < b.sortKey) return -1;
  if (a.sortKey > b.sortKey) return 1;
  return a.contact.createdAt - b.contact.createdAt;
}

/** Orders, groups and keys a contact list: pinyin is computed here once per contact, never per keystroke. */
export function buildContactIndex(contacts: readonly Contact[]): ContactIndex {
  const keyed = contacts.map(keyContact).sort(compareKeyed);
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
    keys: keyed.map((entry) => entry.key),
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
 * Contacts matching the query: name, pinyin (full or initials), digits of the number, company, note.
 * One pass over precomputed keys. Matches that start a name, pinyin or initials come first; the scan stops
 * once `limit` of those are found. An empty query matches nothing (the page shows the list instead).
 */
export function searchContactIndex(index: ContactIndex, query: string, limit = DEFAULT_SEARCH_LIMIT): Contact[] {
  const { text, compact } = normalizeQuery(query);
  if (text === '' || limit <= 0) return [];
  const needles = compact !== '' && compact !== text ? [text, compact] : [text];
  const best: Contact[] = [];
  const others: Contact[] = [];
  for (let i = 0; i < index.keys.length && best.length < limit; i += 1) {
    const key = index.keys[i] as string;
    if (!needles.some((needle) => key.includes(needle))) continue;
    const contact = index.ordered[i] as Contact;
    const head = index.heads[i] as string;
    if (needles.some((needle) => startsAField(head, needle))) best.push(contact);
    else if (others.length < limit) others.push(contact);
  }
  return best.concat(others).slice(0, limit);
}
