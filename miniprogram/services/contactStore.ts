/** The one owner of contacts in storage: size-capped shards with an index, last calls beside them, a memory cache. */

import { CallRecord } from '../core/callRecord';
import {
  Contact,
  ContactErrors,
  ContactFields,
  ContactInput,
  ContactLastCall,
  validateContactInput,
} from '../core/contact';
import { buildContactIndex, ContactIndex, DEFAULT_SEARCH_LIMIT, searchContactIndex } from '../core/contactSearch';
import { listCalls } from './callLog';
import { readStorageUsage, readStoredStrict, removeStored, writeStored } from './storage';

export const CONTACTS_SCHEMA = 1;
export const INDEX_KEY = 'tccc.contacts.index';
export const SHARD_PREFIX = 'tccc.contacts.s.';
/** Last calls of the contacts in shard k: small, so a call's end never rewrites the contacts themselves. */
export const LAST_CALL_PREFIX = 'tccc.contacts.l.';
export const QUARANTINE_PREFIX = 'tccc.contacts.q.';
/** WeChat allows 1 MB per key: a shard is closed at this many contacts or characters, whichever comes first. */
export const SHARD_MAX_CONTACTS = 2000;
export const SHARD_MAX_CHARS = 400 * 1024;

/** id, name, phone, company, note, createdAt, updatedAt, extension: arrays keep 10,000 contacts small. */
type PackedContact = [string, string, string, string, string, number, number, string];
/** at, state, outcome, callId. */
type PackedLastCall = [number, string, string, string];

interface ContactShard {
  v: typeof CONTACTS_SCHEMA;
  rows: PackedContact[];
}

interface ShardEntry {
  /** Shard number: the key is SHARD_PREFIX + k. */
  k: number;
  /** Contacts in it. */
  n: number;
  /** JSON characters, as WeChat counts them against the per-key limit. */
  c: number;
}

interface ContactsIndex {
  v: typeof CONTACTS_SCHEMA;
  shards: ShardEntry[];
  next: number;
}

interface LastCalls {
  v: typeof CONTACTS_SCHEMA;
  m: Record<string, PackedLastCall>;
}

export type SaveContactResult =
  { ok: true; contact: Contact } | { ok: false; errors: ContactErrors; duplicate?: Contact; storage?: string };

export interface ImportReport {
  added: number;
  /** Rows refused by validation. */
  skipped: number;
  /** Rows whose number is already a contact, or repeats an earlier row. */
  duplicates: number;
  /** Set when storage refused the write: nothing was added. */
  failure?: string;
}

interface Loaded {
  index: ContactsIndex;
  shards: Map<number, Contact[]>;
  /** Which shard each contact id lives in. */
  shardOf: Map<string, number>;
  lastCalls: Map<number, Record<string, PackedLastCall>>;
  /** Rebuilt lazily after each change. */
  derived?: { list: ContactIndex; byPhone: Map<string, Contact> };
  /** The list index before the last change: unchanged contacts keep their search keys. */
  previousList?: ContactIndex;
}

let loaded: Loaded | undefined;
const notices: string[] = [];
let lastIdTime = 0;
let idSequence = 0;

function notify(message: string): void {
  if (!notices.includes(message)) notices.push(message);
}

/** Messages the agent must see (damaged contact data, storage full); each is returned once. */
export function takeContactNotices(): string[] {
  return notices.splice(0, notices.length);
}

function shardKey(k: number): string {
  return `${SHARD_PREFIX}${k}`;
}

function lastCallKey(k: number): string {
  return `${LAST_CALL_PREFIX}${k}`;
}

/** Short, time-ordered, unique ids: 'c' + base-36 time + a sequence within the same millisecond. */
function newContactId(now: number): string {
  idSequence = now === lastIdTime ? idSequence + 1 : 0;
  lastIdTime = now;
  return `c${now.toString(36)}${idSequence === 0 ? '' : `-${idSequence.toString(36)}`}`;
}

function pack(contact: Contact): PackedContact {
  const { id, name, phone, company, note, createdAt, updatedAt } = contact;
  return [id, name, phone, company, note, createdAt, updatedAt, contact.extension ?? ''];
}

function isPackedContact(row: unknown): row is PackedContact {
  if (!Array.isArray(row) || row.length < 7) return false;
  const texts = row.slice(0, 5).every((field) => typeof field === 'string');
  return texts && typeof row[5] === 'number' && typeof row[6] === 'number' && row[0] !== '';
}

function unpack(row: PackedContact): Contact {
  const [id, name, phone, company, note, createdAt, updatedAt, extension] = row;
  const contact: Contact = { id, name, phone, company, note, createdAt, updatedAt };
  if (typeof extension === 'string' && extension !== '') contact.extension = extension;
  return contact;
}

function packedChars(contacts: readonly Contact[]): number {
  return JSON.stringify({ v: CONTACTS_SCHEMA, rows: contacts.map(pack) }).length;
}

function quarantine(key: string, value: unknown): void {
  if (value !== undefined) writeStored(`${QUARANTINE_PREFIX}${key}`, value);
  removeStored(key);
  notify('检测到损坏的联系人数据，已隔离，其余联系人不受影响');
}

/** Reads one shard; a damaged one is quarantined and reads as undefined. */
function loadShard(k: number): Contact[] | undefined {
  const key = shardKey(k);
  const read = readStoredStrict(key);
  if (!read.found) {
    if ('unreadable' in read) quarantine(key, undefined);
    return undefined;
  }
  const shard = read.value as Partial<ContactShard> | null;
  if (typeof shard !== 'object' || shard === null || shard.v !== CONTACTS_SCHEMA || !Array.isArray(shard.rows)) {
    quarantine(key, read.value);
    return undefined;
  }
  const rows = shard.rows.filter(isPackedContact);
  if (rows.length < shard.rows.length) notify('部分联系人数据已损坏，已跳过');
  return rows.map(unpack);
}

function shardNumbersInStorage(): number[] {
  let keys: string[];
  try {
    keys = readStorageUsage().keys;
  } catch {
    keys = [];
  }
  return keys
    .filter((key) => key.startsWith(SHARD_PREFIX))
    .map((key) => Number(key.slice(SHARD_PREFIX.length)))
    .filter((k) => Number.isInteger(k) && k > 0)
    .sort((a, b) => a - b);
}

function isShardEntry(value: unknown): value is ShardEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<ShardEntry>;
  return typeof entry.k === 'number' && typeof entry.n === 'number' && typeof entry.c === 'number';
}

/** The stored index, or undefined when it is missing or damaged (then the shards present are used). */
function readIndex(): ContactsIndex | undefined {
  const read = readStoredStrict(INDEX_KEY);
  if (!read.found) {
    if ('unreadable' in read) quarantine(INDEX_KEY, undefined);
    return undefined;
  }
  const value = read.value as Partial<ContactsIndex> | null;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    value.v === CONTACTS_SCHEMA &&
    Array.isArray(value.shards) &&
    value.shards.every(isShardEntry) &&
    typeof value.next === 'number';
  if (!valid) {
    quarantine(INDEX_KEY, read.value);
    return undefined;
  }
  return value as ContactsIndex;
}

function describe(k: number, contacts: readonly Contact[]): ShardEntry {
  return { k, n: contacts.length, c: packedChars(contacts) };
}

/** Loads every shard once; afterwards the cache answers. A damaged shard is set aside, the rest still load. */
function load(): Loaded {
  if (loaded !== undefined) return loaded;
  const stored = readIndex();
  const numbers = stored?.shards.map((s) => s.k) ?? shardNumbersInStorage();
  const state: Loaded = {
    index: { v: CONTACTS_SCHEMA, shards: [], next: stored?.next ?? 1 },
    shards: new Map(),
    shardOf: new Map(),
    lastCalls: new Map(),
  };
  for (const k of numbers) {
    const contacts = loadShard(k);
    state.index.next = Math.max(state.index.next, k + 1);
    if (contacts === undefined) continue;
    state.shards.set(k, contacts);
    state.index.shards.push(describe(k, contacts));
    for (const contact of contacts) state.shardOf.set(contact.id, k);
  }
  const changed = stored === undefined || stored.shards.length !== state.index.shards.length;
  if (changed && state.index.shards.length > 0) writeStored(INDEX_KEY, state.index);
  loaded = state;
  return state;
}

/** Forgets the memory cache, so the next read loads from storage (tests, and a clear from elsewhere). */
export function resetContactCache(): void {
  loaded = undefined;
}

function derived(state: Loaded): NonNullable<Loaded['derived']> {
  if (state.derived !== undefined) return state.derived;
  const all: Contact[] = [];
  for (const entry of state.index.shards) all.push(...(state.shards.get(entry.k) ?? []));
  const byPhone = new Map<string, Contact>();
  for (const contact of all) if (!byPhone.has(contact.phone)) byPhone.set(contact.phone, contact);
  state.derived = { list: buildContactIndex(all, state.previousList), byPhone };
  state.previousList = undefined;
  return state.derived;
}

/** Puts the shards a failed commit already wrote back as they were, so storage matches the cache. */
function rollBack(state: Loaded, written: number[]): void {
  for (const k of written) {
    const before = state.shards.get(k);
    if (before === undefined) removeStored(shardKey(k));
    else writeStored(shardKey(k), { v: CONTACTS_SCHEMA, rows: before.map(pack) });
  }
}

function failure(full: boolean): { ok: false; message: string } {
  return { ok: false, message: full ? '存储空间已满，联系人未保存，请在设置中清理数据' : '联系人保存失败' };
}

/** Updates the cache after a commit reached storage. */
function applyCommitted(state: Loaded, changes: Map<number, Contact[]>, index: ContactsIndex): void {
  for (const [k, contacts] of changes) {
    if (contacts.length > 0) {
      state.shards.set(k, contacts);
      continue;
    }
    state.shards.delete(k);
    removeStored(shardKey(k));
    removeStored(lastCallKey(k));
    state.lastCalls.delete(k);
  }
  state.index = index;
  state.shardOf.clear();
  for (const [k, contacts] of state.shards) for (const contact of contacts) state.shardOf.set(contact.id, k);
  state.previousList = state.derived?.list ?? state.previousList;
  state.derived = undefined;
}

/**
 * Writes changed shards, then the index. All or nothing: on a storage error the shards already written are
 * put back, and the cache does not change.
 */
function commit(
  state: Loaded,
  changes: Map<number, Contact[]>,
  next: number,
): { ok: true } | { ok: false; message: string } {
  const shards = state.index.shards.slice();
  const written: number[] = [];
  for (const [k, contacts] of changes) {
    const at = shards.findIndex((s) => s.k === k);
    if (contacts.length === 0) {
      if (at >= 0) shards.splice(at, 1);
      continue;
    }
    const result = writeStored(shardKey(k), { v: CONTACTS_SCHEMA, rows: contacts.map(pack) });
    if (!result.ok) {
      rollBack(state, written);
      return failure(result.full);
    }
    written.push(k);
    if (at >= 0) shards[at] = describe(k, contacts);
    else shards.push(describe(k, contacts));
  }
  const index: ContactsIndex = { v: CONTACTS_SCHEMA, shards, next };
  const result = writeStored(INDEX_KEY, index);
  if (!result.ok) {
    rollBack(state, written);
    return failure(result.full);
  }
  applyCommitted(state, changes, index);
  return { ok: true };
}

/** Every contact in list order (grouped by initial, pinyin within a group). The array is shared: do not change it. */
export function listContacts(): readonly Contact[] {
  return derived(load()).list.ordered;
}

/** The ordered list with its groups and search keys, built once per change. */
export function contactIndex(): ContactIndex {
  return derived(load()).list;
}

export function countContacts(): number {
  return load().shardOf.size;
}

export function getContact(id: string): Contact | undefined {
  const state = load();
  const k = state.shardOf.get(id);
  return k === undefined ? undefined : state.shards.get(k)?.find((c) => c.id === id);
}

/** The contact with this dial-form number (the first one, when the agent kept duplicates). */
export function findContactByPhone(dial: string): Contact | undefined {
  return derived(load()).byPhone.get(dial);
}

/** What the dialer and the contacts page search with: name, pinyin, initials, number digits, company, note. */
export function searchContacts(query: string, limit = DEFAULT_SEARCH_LIMIT): Contact[] {
  return searchContactIndex(derived(load()).list, query, limit);
}

function toContact(fields: ContactFields, id: string, createdAt: number, now: number): Contact {
  const { name, phone, company, note, extension } = fields;
  const contact: Contact = { id, name, phone, company, note, createdAt, updatedAt: now };
  if (extension !== '') contact.extension = extension;
  return contact;
}

/** New contacts being placed: the shards they change, those shards' sizes, the next shard number. */
interface Placement {
  changes: Map<number, Contact[]>;
  chars: Map<number, number>;
  next: number;
}

function startPlacement(state: Loaded): Placement {
  return { changes: new Map(), chars: new Map(), next: state.index.next };
}

/** Puts a new contact into the newest shard while it has room, else into a new one. */
function placeNew(state: Loaded, placement: Placement, contact: Contact): void {
  const newest = state.index.shards[state.index.shards.length - 1];
  const lastK = Math.max(newest?.k ?? 0, ...placement.changes.keys());
  let open = placement.changes.get(lastK);
  let chars = placement.chars.get(lastK) ?? 0;
  if (open === undefined && newest !== undefined && newest.k === lastK) {
    open = (state.shards.get(lastK) ?? []).slice();
    chars = newest.c;
  }
  const rowChars = JSON.stringify(pack(contact)).length + 1;
  if (open !== undefined && open.length < SHARD_MAX_CONTACTS && chars + rowChars <= SHARD_MAX_CHARS) {
    open.push(contact);
    placement.changes.set(lastK, open);
    placement.chars.set(lastK, chars + rowChars);
    return;
  }
  const k = placement.next;
  placement.next += 1;
  placement.changes.set(k, [contact]);
  placement.chars.set(k, packedChars([contact]));
}

function duplicateOf(state: Loaded, phone: string, exceptId: string | undefined): Contact | undefined {
  return derived(state).list.ordered.find((c) => c.phone === phone && c.id !== exceptId);
}

/**
 * Adds (no id) or changes (id) a contact. A number another contact already has is refused with that
 * contact as `duplicate`, unless allowDuplicate: the page warns, and saves again when the agent insists.
 */
export function saveContact(
  input: ContactInput & { id?: string },
  options: { allowDuplicate?: boolean; now?: number } = {},
): SaveContactResult {
  const checked = validateContactInput(input);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const state = load();
  const existing = input.id === undefined || input.id === '' ? undefined : getContact(input.id);
  if (existing === undefined && input.id) return { ok: false, errors: {}, storage: '联系人已被删除' };
  const duplicate = duplicateOf(state, checked.fields.phone, existing?.id);
  if (duplicate !== undefined && options.allowDuplicate !== true) {
    return { ok: false, errors: { phone: `号码与「${duplicate.name}」重复` }, duplicate };
  }
  return writeContact(state, checked.fields, existing, options.now ?? Date.now());
}

function writeContact(
  state: Loaded,
  fields: ContactFields,
  existing: Contact | undefined,
  now: number,
): SaveContactResult {
  const placement = startPlacement(state);
  const contact = toContact(fields, existing?.id ?? newContactId(now), existing?.createdAt ?? now, now);
  if (existing === undefined) placeNew(state, placement, contact);
  else {
    const k = state.shardOf.get(existing.id) as number;
    placement.changes.set(
      k,
      (state.shards.get(k) ?? []).map((c) => (c.id === contact.id ? contact : c)),
    );
  }
  const written = commit(state, placement.changes, placement.next);
  if (!written.ok) return { ok: false, errors: {}, storage: written.message };
  return { ok: true, contact };
}

export function deleteContact(id: string): boolean {
  const state = load();
  const k = state.shardOf.get(id);
  if (k === undefined) return false;
  const remaining = (state.shards.get(k) ?? []).filter((c) => c.id !== id);
  const written = commit(state, new Map([[k, remaining]]), state.index.next);
  if (!written.ok) return false;
  const calls = lastCallsOf(state, k);
  if (calls[id] !== undefined && remaining.length > 0) {
    const kept = Object.fromEntries(Object.entries(calls).filter(([contactId]) => contactId !== id));
    state.lastCalls.set(k, kept);
    writeStored(lastCallKey(k), { v: CONTACTS_SCHEMA, m: kept } satisfies LastCalls);
  }
  return true;
}

/**
 * Adds many contacts in one write per shard. Rows are validated again here; a number already kept, or
 * repeated within the rows, counts as a duplicate and is not added.
 */
export function importContacts(rows: readonly ContactInput[], now = Date.now()): ImportReport {
  const state = load();
  const known = new Set(derived(state).byPhone.keys());
  const report: ImportReport = { added: 0, skipped: 0, duplicates: 0 };
  const placement = startPlacement(state);
  for (const row of rows) {
    const checked = validateContactInput(row);
    if (!checked.ok) {
      report.skipped += 1;
      continue;
    }
    if (known.has(checked.fields.phone)) {
      report.duplicates += 1;
      continue;
    }
    known.add(checked.fields.phone);
    const contact = toContact(checked.fields, newContactId(now), now, now);
    placeNew(state, placement, contact);
    report.added += 1;
  }
  if (report.added === 0) return report;
  const written = commit(state, placement.changes, placement.next);
  if (!written.ok) return { ...report, added: 0, failure: written.message };
  return report;
}

/** Removes every contact and their last calls (settings → clear data). */
export function clearContacts(): void {
  let keys: string[];
  try {
    keys = readStorageUsage().keys;
  } catch {
    keys = [];
  }
  // Every key of ours: shards, last calls, the index, and damaged data set aside.
  for (const key of keys) if (key.startsWith('tccc.contacts.')) removeStored(key);
  removeStored(INDEX_KEY);
  loaded = undefined;
}

function isPackedLastCall(value: unknown): value is PackedLastCall {
  return Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string';
}

function lastCallsOf(state: Loaded, k: number): Record<string, PackedLastCall> {
  const cached = state.lastCalls.get(k);
  if (cached !== undefined) return cached;
  const read = readStoredStrict(lastCallKey(k));
  const value = read.found ? (read.value as Partial<LastCalls> | null) : undefined;
  const calls: Record<string, PackedLastCall> = {};
  if (typeof value === 'object' && value !== null && value.v === CONTACTS_SCHEMA && typeof value.m === 'object') {
    for (const [id, entry] of Object.entries(value.m ?? {})) if (isPackedLastCall(entry)) calls[id] = entry;
  }
  // A damaged last-call key costs only the "last call" line of some rows: it is rebuilt as calls come in.
  state.lastCalls.set(k, calls);
  return calls;
}

/** The contact's last call (time, state, outcome), or undefined when none was made from this app. */
export function lastCallOf(contactId: string): ContactLastCall | undefined {
  const state = load();
  const k = state.shardOf.get(contactId);
  if (k === undefined) return undefined;
  const entry = lastCallsOf(state, k)[contactId];
  if (entry === undefined) return undefined;
  return { at: entry[0], state: entry[1], outcome: entry[2], callId: entry[3] };
}

type CallNotedListener = (record: CallRecord) => void;
const callNotedListeners = new Set<CallNotedListener>();

/** Pages hear here when a call ended or was wrapped up (whether or not it was a contact's); pair with the off. */
export function onCallNoted(listener: CallNotedListener): void {
  callNotedListeners.add(listener);
}

export function offCallNoted(listener: CallNotedListener): void {
  callNotedListeners.delete(listener);
}

/**
 * Keeps the contact's last-call summary current: called for each finished call and each wrap-up. A call
 * typed on the keypad to a known number counts for that contact. An older call never replaces a newer one.
 */
export function noteCallForContact(record: CallRecord): void {
  updateLastCall(record);
  for (const listener of [...callNotedListeners]) listener(record);
}

function updateLastCall(record: CallRecord): void {
  const state = load();
  const contactId = record.contactId !== '' ? record.contactId : (findContactByPhone(record.phone)?.id ?? '');
  const k = state.shardOf.get(contactId);
  if (k === undefined) return;
  const calls = lastCallsOf(state, k);
  const current = calls[contactId];
  if (current !== undefined && current[3] !== record.id && current[0] > record.startedAt) return;
  calls[contactId] = [record.startedAt, record.state, record.outcome, record.id];
  writeStored(lastCallKey(k), { v: CONTACTS_SCHEMA, m: calls } satisfies LastCalls);
}

/** How many of the newest calls the timeline looks through: bounded, so opening a contact never stalls. */
export const TIMELINE_SCAN_LIMIT = 2000;
const TIMELINE_PAGE = 200;

/**
 * The contact's recent calls, newest first, from the call log itself (so wrap-ups and late results show
 * as they are now): the newest TIMELINE_SCAN_LIMIT calls are read page by page and filtered.
 */
export function callsOfContact(contactId: string, limit = 20): CallRecord[] {
  const contact = getContact(contactId);
  if (contact === undefined) return [];
  const found: CallRecord[] = [];
  for (let offset = 0; offset < TIMELINE_SCAN_LIMIT && found.length < limit; offset += TIMELINE_PAGE) {
    const page = listCalls(offset, TIMELINE_PAGE);
    for (const record of page.records) {
      const mine = record.contactId === contactId || (record.contactId === '' && record.phone === contact.phone);
      if (mine && found.length < limit) found.push(record);
    }
    if (offset + TIMELINE_PAGE >= page.total) break;
  }
  return found;
}
