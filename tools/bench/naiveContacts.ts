/** The naive contact list, written once and honestly: one storage key, a linear scan with pinyin per keystroke. */

import { Contact, ContactInput } from '../../miniprogram/core/contact';
import { contactRowView, ContactRowView, headerView } from '../../miniprogram/core/contactListView';
import { pinyinOf } from '../../miniprogram/core/pinyin';

export const NAIVE_CONTACTS_KEY = 'naive.contacts';

export function seedNaiveContacts(inputs: readonly ContactInput[], now: number): Contact[] {
  const contacts = inputs.map((input, i) => ({
    id: `n${i}`,
    name: input.name,
    phone: input.phone,
    company: input.company ?? '',
    note: input.note ?? '',
    createdAt: now,
    updatedAt: now,
  }));
  wx.setStorageSync(NAIVE_CONTACTS_KEY, contacts);
  return contacts;
}

export function readNaiveContacts(): Contact[] {
  const stored: unknown = wx.getStorageSync(NAIVE_CONTACTS_KEY);
  return Array.isArray(stored) ? (stored as Contact[]) : [];
}

/** Every contact matching the query: name, its pinyin (full or initials, converted now), digits, company, note. */
export function naiveSearch(contacts: readonly Contact[], query: string): Contact[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  return contacts.filter((contact) => {
    const reading = pinyinOf(contact.name);
    return (
      contact.name.toLowerCase().includes(needle) ||
      reading.full.includes(needle) ||
      reading.initials.includes(needle) ||
      contact.phone.replace(/\D/g, '').includes(needle) ||
      contact.company.toLowerCase().includes(needle) ||
      contact.note.toLowerCase().includes(needle)
    );
  });
}

/** The whole list as the view would get it: sorted by pinyin, a header per initial, every row built. */
export function naiveListRows(contacts: readonly Contact[], masked: boolean, now: number): ContactRowView[] {
  const keyed = contacts.map((contact) => ({ contact, reading: pinyinOf(contact.name) }));
  keyed.sort(
    (a, b) => a.reading.initial.localeCompare(b.reading.initial) || a.reading.full.localeCompare(b.reading.full),
  );
  const rows: ContactRowView[] = [];
  let letter = '';
  for (const { contact, reading } of keyed) {
    if (reading.initial !== letter) {
      letter = reading.initial;
      rows.push(headerView(letter));
    }
    rows.push(contactRowView(contact, undefined, masked, now));
  }
  return rows;
}
