/** Packs contacts into a stored shard and back: v2 rows with trailing defaults dropped; v1 shards still read. */

import { Contact } from './contact';
import { createdAtOfContactId } from './recordId';

/** v2: shorter rows (times from the id, phone as a number) and the list order kept beside the index. */
export const CONTACTS_SCHEMA = 2;

/** v1 row: id, name, phone, company, note, createdAt, updatedAt, extension. */
type PackedContactV1 = [string, string, string, string, string, number, number, string];
/**
 * v2 row, trailing defaults dropped: id, name, phone (a number when it has no leading 0), company, note,
 * extension, createdAt minus the time the id encodes, updatedAt minus createdAt.
 */
type PackedContact = [string, string, string | number, string?, string?, string?, number?, number?];
const PACKED_DEFAULTS: readonly (string | number)[] = ['', '', '', '', '', '', 0, 0];

export interface ContactShard {
  v: 1 | typeof CONTACTS_SCHEMA;
  rows: unknown[];
}

function pack(contact: Contact): PackedContact {
  const { id, name, phone, company, note, createdAt, updatedAt } = contact;
  const row: (string | number)[] = [
    id,
    name,
    /^[1-9]\d{0,14}$/.test(phone) ? Number(phone) : phone,
    company,
    note,
    contact.extension ?? '',
    createdAt - createdAtOfContactId(id),
    updatedAt - createdAt,
  ];
  let end = row.length;
  while (end > 3 && row[end - 1] === PACKED_DEFAULTS[end - 1]) end -= 1;
  return row.slice(0, end) as PackedContact;
}

function isText(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isFiniteOrMissing(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
}

function isPackedContact(row: unknown): row is PackedContact {
  if (!Array.isArray(row) || row.length < 3 || row.length > 8) return false;
  const [id, name, phone] = row as unknown[];
  const phoneOk = typeof phone === 'string' || (typeof phone === 'number' && Number.isSafeInteger(phone));
  const head = typeof id === 'string' && id !== '' && typeof name === 'string' && phoneOk;
  // company, note, extension, then the two time offsets.
  return head && row.slice(3, 6).every(isText) && row.slice(6).every(isFiniteOrMissing);
}

function unpack(row: PackedContact): Contact {
  const [id, name, phone, company = '', note = '', extension = '', created = 0, updated = 0] = row;
  const createdAt = createdAtOfContactId(id) + created;
  const contact: Contact = { id, name, phone: String(phone), company, note, createdAt, updatedAt: createdAt + updated };
  if (extension !== '') contact.extension = extension;
  return contact;
}

function isPackedContactV1(row: unknown): row is PackedContactV1 {
  if (!Array.isArray(row) || row.length < 7) return false;
  const texts = row.slice(0, 5).every((field) => typeof field === 'string');
  return texts && typeof row[5] === 'number' && typeof row[6] === 'number' && row[0] !== '';
}

function unpackV1(row: PackedContactV1): Contact {
  const [id, name, phone, company, note, createdAt, updatedAt, extension] = row;
  const contact: Contact = { id, name, phone, company, note, createdAt, updatedAt };
  if (typeof extension === 'string' && extension !== '') contact.extension = extension;
  return contact;
}

/** The stored value of a shard holding these contacts (always the current version). */
export function contactShardValue(contacts: readonly Contact[]): ContactShard {
  return { v: CONTACTS_SCHEMA, rows: contacts.map(pack) };
}

/** JSON characters of the stored shard, as WeChat counts them against the per-key limit. */
export function contactShardChars(contacts: readonly Contact[]): number {
  return JSON.stringify(contactShardValue(contacts)).length;
}

/** Characters one more contact adds to a shard: its row and a comma. */
export function contactRowChars(contact: Contact): number {
  return JSON.stringify(pack(contact)).length + 1;
}

/** One row of a current-version shard, or undefined when it is damaged (the first screen reads a few rows alone). */
export function readContactRow(row: unknown): Contact | undefined {
  return isPackedContact(row) ? unpack(row) : undefined;
}

/**
 * The contacts of a stored shard of either version, and how many rows were damaged and skipped; undefined when
 * the value is not a contact shard at all. A v1 shard is read as it is and written as v2 with its next change.
 */
export function readContactShard(value: unknown): { contacts: Contact[]; skipped: number } | undefined {
  const shard = value as Partial<ContactShard> | null;
  const known = shard?.v === CONTACTS_SCHEMA || shard?.v === 1;
  if (typeof shard !== 'object' || shard === null || !known || !Array.isArray(shard.rows)) return undefined;
  const contacts =
    shard.v === 1 ? shard.rows.filter(isPackedContactV1).map(unpackV1) : shard.rows.filter(isPackedContact).map(unpack);
  return { contacts, skipped: shard.rows.length - contacts.length };
}
