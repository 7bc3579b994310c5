/** The one owner of contacts in storage: size-capped shards with an index, last calls beside them, a memory cache. */

import { CallRecord, connectionOf } from '../core/callRecord';
import {
  Contact,
  ContactErrors,
  ContactFields,
  ContactInput,
  ContactLastCall,
  validateContactInput,
} from '../core/contact';
import {
  CONTACTS_SCHEMA,
  contactRowChars,
  contactShardChars,
  contactShardValue,
  readContactRow,
  readContactShard,
} from '../core/contactShard';
import { decodePositions, encodePositions, positionWidth } from '../core/contactOrderCodec';
import { DURATION_UNKNOWN_STATE } from '../core/contactListView';
import {
  buildContactIndex,
  buildSearchKeys,
  ContactGroup,
  ContactIndex,
  DEFAULT_SEARCH_LIMIT,
  restoreContactIndex,
  restoreGroups,
  searchContactIndex,
  storedOrderOf,
} from '../core/contactSearch';
import { FRAME_MS } from '../core/paintSteps';
import { newContactId } from '../core/recordId';
import { listCalls } from './callLog';
import { createShardedStore, nextGeneration, ShardIndex } from './shardedStore';
import { CallChange, onCallChange } from './callEvents';
import { readStorageUsage, readStoredStrict, removeStored, StoredRead, writeStored } from './storage';

export { CONTACTS_SCHEMA } from '../core/contactShard';
export const INDEX_KEY = 'tccc.contacts.index';
/** The list order of the stored contacts, so a start lists them without converting 10,000 names to pinyin. */
export const ORDER_KEY = 'tccc.contacts.order';
export const SHARD_PREFIX = 'tccc.contacts.s.';
/** Last calls of the contacts in shard k: small, so a call's end never rewrites the contacts themselves. */
export const LAST_CALL_PREFIX = 'tccc.contacts.l.';
export const QUARANTINE_PREFIX = 'tccc.contacts.q.';
/** WeChat allows 1 MB per key: a shard is closed at this many contacts or characters, whichever comes first. */
export const SHARD_MAX_CONTACTS = 2000;
export const SHARD_MAX_CHARS = 400 * 1024;

/** at, state, outcome, callId. */
type PackedLastCall = [number, string, string, string];

interface ShardEntry {
  /** Shard number: the key is SHARD_PREFIX + k. */
  k: number;
  /** Contacts in it. */
  n: number;
  /** JSON characters, as WeChat counts them against the per-key limit. */
  c: number;
}

/** Its generation changes with every write of the shards: the kept order is only trusted for the one it was made for. */
type ContactsIndex = ShardIndex<ShardEntry>;

interface KeptOrder {
  v: typeof CONTACTS_SCHEMA;
  /** The index generation and shard list ('k.n,k.n') the order was made for. */
  g: number;
  s: string;
  /** Characters per position in `p`. */
  w: number;
  /** For each list position, the contact's position in the shards as listed, concatenated. */
  p: string;
  /** [letter, count] per group. */
  l: [string, number][];
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
  /** The list in order, from the kept order or sorted; replaced after each change. */
  list?: ContactIndex;
  /** First contact per dial-form number, built when first asked. */
  byPhone?: Map<string, Contact>;
  /** The kept order as the first screen read it: the list is made from it instead of reading it again. */
  orderRead?: StoredRead;
}

/** What the contacts page draws before every contact is read: the list's size, its groups, its first contacts. */
export interface ContactListHead {
  total: number;
  groups: ContactGroup[];
  /** The first contacts in list order (all of them when the list is shorter than asked). */
  ordered: Contact[];
}

/**
 * A load in steps: the index is read, then one shard is decoded per step, then the list is made. Every reader
 * that needs the whole (load()) finishes it at once, so no answer ever comes from part of the contacts.
 */
interface LoadJob {
  /** The index as stored. */
  stored: ContactsIndex;
  /** Filled as shards are decoded: becomes the cache when the last one is. */
  state: Loaded;
  /** Index entries not decoded yet, in index order. */
  pending: ShardEntry[];
  /** Shards the first screen read already: decoded from these, not read again. */
  reads: Map<number, StoredRead>;
  /** The kept order as the first screen read it. */
  orderRead?: StoredRead;
  /** The first screen's list, once asked (null: the stored data gave none, so the page reads the whole). */
  head?: ContactListHead | null;
  /** The shard of each contact in the head, for their last calls before the rest is decoded. */
  headShardOf: Map<string, number>;
}

function isShardEntry(value: unknown): value is ShardEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<ShardEntry>;
  return typeof entry.k === 'number' && typeof entry.n === 'number' && typeof entry.c === 'number';
}

/** A damaged key is copied aside (when readable) and removed; the other contacts still load. */
const store = createShardedStore<ShardEntry>({
  schema: CONTACTS_SCHEMA,
  indexKey: INDEX_KEY,
  shardPrefix: SHARD_PREFIX,
  quarantinePrefix: QUARANTINE_PREFIX,
  isShardInfo: isShardEntry,
  acceptsIndex: (value) => (value.v === CONTACTS_SCHEMA || value.v === 1) && typeof value.next === 'number',
  quarantineNotice: () => '检测到损坏的联系人数据，已隔离，其余联系人不受影响',
});

let loaded: Loaded | undefined;
/** A load begun for the first screen and finished in steps; undefined once loaded (or before anything asked). */
let job: LoadJob | undefined;
let loadTimer: ReturnType<typeof setTimeout> | undefined;

/** Messages the agent must see (damaged contact data, storage full); each is returned once. */
export function takeContactNotices(): string[] {
  return store.takeNotices();
}

function lastCallKey(k: number): string {
  return `${LAST_CALL_PREFIX}${k}`;
}

/** Reads one shard; a damaged one is quarantined and reads as undefined, damaged rows are skipped. */
function loadShard(k: number, prior?: StoredRead): Contact[] | undefined {
  const read = store.readShard(k, readContactShard, -1, prior);
  if (read === undefined) return undefined;
  if (read.skipped > 0) store.notify('部分联系人数据已损坏，已跳过');
  return read.contacts;
}

function describe(k: number, contacts: readonly Contact[]): ShardEntry {
  return { k, n: contacts.length, c: contactShardChars(contacts) };
}

function emptyState(base: ContactsIndex): Loaded {
  return { index: { ...base, shards: [] }, shards: new Map(), shardOf: new Map(), lastCalls: new Map() };
}

/** Loads every shard once; afterwards the cache answers. A damaged shard is set aside, the rest still load. */
function load(): Loaded {
  if (loaded !== undefined) return loaded;
  const begun = job ?? beginLoad();
  if (!('pending' in begun)) return begun;
  while (begun.pending.length > 0) loadNextShard(begun);
  return finishLoad(begun);
}

/**
 * Reads the index and makes the load's job; without an index (none yet, or damaged) the shards present are
 * loaded at once, and the cache is returned.
 */
function beginLoad(): LoadJob | Loaded {
  const stored = store.readIndex();
  if (stored === undefined) {
    const state = emptyState(store.emptyIndex());
    // No index: the shards present in storage, in number order.
    const rebuilt = store.rebuildIndex((k) => loadShardInto(state, k, undefined));
    state.index.shards = rebuilt.shards;
    state.index.next = rebuilt.next;
    if (state.index.shards.length > 0) {
      // Another generation: an order kept for the shards as they were must not be trusted for what is left.
      state.index.gen = nextGeneration(state.index.gen);
      store.writeIndex(state.index);
    }
    loaded = state;
    announceLoaded();
    return state;
  }
  // One entry per shard number, as listed first (a repeated number counts once).
  const pending = [...new Map(stored.shards.map((entry) => [entry.k, entry])).values()];
  const begun: LoadJob = { stored, state: emptyState(stored), pending, reads: new Map(), headShardOf: new Map() };
  job = begun;
  return begun;
}

/** Decodes the job's next shard into its state. */
function loadNextShard(current: LoadJob): void {
  const entry = current.pending.shift();
  if (entry === undefined) return;
  const { state } = current;
  state.index.next = Math.max(state.index.next, entry.k + 1);
  const loadedEntry = loadShardInto(state, entry.k, entry, current.reads.get(entry.k));
  current.reads.delete(entry.k);
  if (loadedEntry !== undefined) state.index.shards.push(loadedEntry);
}

/** Every shard decoded: the job's state becomes the cache (a changed shard list gets a new generation). */
function finishLoad(current: LoadJob): Loaded {
  const { state, stored } = current;
  job = undefined;
  if (loadTimer !== undefined) clearTimeout(loadTimer);
  loadTimer = undefined;
  if (stored.shards.length !== state.index.shards.length && state.index.shards.length > 0) {
    // Another generation: an order kept for the shards as they were must not be trusted for what is left.
    state.index.gen = nextGeneration(state.index.gen);
    store.writeIndex(state.index);
  }
  // Last calls read for the first screen's rows of a shard that was then set aside go with it.
  for (const k of state.lastCalls.keys()) if (!state.shards.has(k)) state.lastCalls.delete(k);
  if (current.orderRead !== undefined) state.orderRead = current.orderRead;
  loaded = state;
  announceLoaded();
  return state;
}

/** Loads shard k into the cache; its index entry, or undefined when it was set aside. */
function loadShardInto(
  state: Loaded,
  k: number,
  entry: ShardEntry | undefined,
  prior?: StoredRead,
): ShardEntry | undefined {
  const contacts = loadShard(k, prior);
  if (contacts === undefined) return undefined;
  state.shards.set(k, contacts);
  for (const contact of contacts) state.shardOf.set(contact.id, k);
  // The stored size is kept when the shard read whole: measuring 10,000 contacts again would double a start.
  return entry !== undefined && entry.n === contacts.length ? entry : describe(k, contacts);
}

/** The shards in index order as the kept order names them: 'k.n,k.n'. */
function shardSignature(state: Loaded): string {
  return state.index.shards.map((entry) => `${entry.k}.${entry.n}`).join(',');
}

function allContacts(state: Loaded): Contact[] {
  const all: Contact[] = [];
  for (const entry of state.index.shards) for (const contact of state.shards.get(entry.k) ?? []) all.push(contact);
  return all;
}

/** The kept order, when it was made for exactly these shards; a damaged one is only a slower start. */
function readKeptOrder(state: Loaded, all: readonly Contact[]): ContactIndex | undefined {
  const read = state.orderRead ?? readStoredStrict(ORDER_KEY);
  state.orderRead = undefined;
  if (!read.found) return undefined;
  const kept = read.value as Partial<KeptOrder> | null;
  if (typeof kept !== 'object' || kept === null || kept.v !== CONTACTS_SCHEMA) return undefined;
  if (kept.g !== state.index.gen || kept.s !== shardSignature(state)) return undefined;
  if (typeof kept.p !== 'string' || typeof kept.w !== 'number' || !Array.isArray(kept.l)) return undefined;
  const positions = decodePositions(kept.p, kept.w);
  if (positions === undefined) return undefined;
  return restoreContactIndex(all, { positions, groups: kept.l });
}

/** Keeps the list order beside the index; if storage refuses, the next start sorts again (slower, not wrong). */
function keepOrder(state: Loaded, list: ContactIndex): void {
  if (list.ordered.length === 0) {
    removeStored(ORDER_KEY);
    return;
  }
  const positionOf = new Map<Contact, number>();
  allContacts(state).forEach((contact, position) => positionOf.set(contact, position));
  const order = storedOrderOf(list, (contact) => positionOf.get(contact) ?? -1);
  const kept: KeptOrder = {
    v: CONTACTS_SCHEMA,
    g: state.index.gen,
    s: shardSignature(state),
    w: positionWidth(order.positions.length),
    p: encodePositions(order.positions),
    l: order.groups,
  };
  if (!writeStored(ORDER_KEY, kept).ok) removeStored(ORDER_KEY);
}

/** Forgets the memory cache, so the next read loads from storage (tests, and a clear from elsewhere). */
export function resetContactCache(): void {
  loaded = undefined;
  job = undefined;
  if (loadTimer !== undefined) clearTimeout(loadTimer);
  loadTimer = undefined;
  if (warmUpTimer !== undefined) clearTimeout(warmUpTimer);
  warmUpTimer = undefined;
  if (prepareTimer !== undefined) clearTimeout(prepareTimer);
  prepareTimer = undefined;
}

/** How many contacts one warm-up step keys for search: a few milliseconds, between the agent's taps. */
export const SEARCH_WARM_UP_STEP = 500;
/** A step keys in parts of this many and stops after the part that passes WARM_UP_STEP_MS: a slow phone keys fewer. */
const WARM_UP_PART = 25;
const WARM_UP_STEP_MS = 8;
let warmUpTimer: ReturnType<typeof setTimeout> | undefined;

/** One warm-up step: at most SEARCH_WARM_UP_STEP contacts, fewer when the phone is slow; true once all are keyed. */
function warmUpStep(list: ContactIndex): boolean {
  const started = Date.now();
  for (let keyed = 0; keyed < SEARCH_WARM_UP_STEP; keyed += WARM_UP_PART) {
    if (buildSearchKeys(list, Math.min(WARM_UP_PART, SEARCH_WARM_UP_STEP - keyed))) return true;
    if (Date.now() - started >= WARM_UP_STEP_MS) break;
  }
  return false;
}

/**
 * Keys the list for search in small steps after it is shown, so the first keystroke finds them ready. The steps
 * start a frame after the list is read and stay a frame apart: the rows are drawn first, and a tap between two
 * steps waits for one step at most. A search before the keys are all built keys the rest itself (core/contactSearch).
 */
function warmUpSearch(list: ContactIndex): void {
  if (warmUpTimer !== undefined) clearTimeout(warmUpTimer);
  warmUpTimer = undefined;
  if (buildSearchKeys(list, 0)) return;
  const step = (): void => {
    warmUpTimer = undefined;
    if (loaded?.list !== list) return;
    if (!warmUpStep(list)) warmUpTimer = setTimeout(step, FRAME_MS);
  };
  warmUpTimer = setTimeout(step, FRAME_MS);
}

/** The ordered list: kept in storage at the last change, so a start reads it instead of sorting by pinyin. */
function listIndex(state: Loaded): ContactIndex {
  if (state.list !== undefined) return state.list;
  const all = allContacts(state);
  let list = readKeptOrder(state, all);
  if (list === undefined) {
    list = buildContactIndex(all);
    if (all.length > 0) keepOrder(state, list);
  }
  state.list = list;
  warmUpSearch(list);
  return list;
}

let prepareTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Loads the contacts and keys them for search over the next turns, off the caller's lifecycle: the dialer
 * asks on show, so its first three digits find the keys ready instead of building them in a keystroke.
 */
export function prepareContactSearch(): void {
  if (prepareTimer !== undefined) return;
  prepareTimer = setTimeout(() => {
    prepareTimer = undefined;
    listIndex(load());
  }, 0);
}

/** How many contacts the first screen may read before the rest: a window of rows, never the list. */
export const LIST_HEAD_MAX = 200;

/**
 * The list's size, groups and first `count` contacts, read from the kept order and only the rows it names, while
 * the rest is decoded over the next frames (one shard a step). Undefined when the contacts are loaded already, or
 * when the stored data cannot give the head on its own (no kept order, an old shard version, a damaged row among
 * those named): then the caller reads the whole list, as every other reader does. When a shard outside the head
 * turns out damaged, the whole list differs from what the head promised: the listeners hear it like any load.
 */
export function contactListHead(count: number): ContactListHead | undefined {
  if (loaded !== undefined) return undefined;
  const current = job ?? beginLoad();
  if (!('pending' in current)) return undefined;
  if (current.head === undefined) {
    current.head = readHead(current, Math.min(count, LIST_HEAD_MAX)) ?? null;
    if (current.head === null) current.headShardOf.clear();
  }
  if (current.head === null) return undefined;
  if (loadTimer === undefined) loadTimer = setTimeout(loadStep, FRAME_MS);
  return current.head;
}

/** One step of the load begun for the first screen: one shard, then the list; a frame apart, so none holds a frame. */
function loadStep(): void {
  loadTimer = undefined;
  const current = job;
  if (current === undefined) return;
  if (current.pending.length > 0) {
    loadNextShard(current);
    loadTimer = setTimeout(loadStep, FRAME_MS);
    return;
  }
  listIndex(finishLoad(current));
}

/** The head from the kept order and the rows it names; undefined when anything it rests on is not as written. */
function readHead(current: LoadJob, count: number): ContactListHead | undefined {
  const { stored, pending } = current;
  // A repeated shard number changes the shard list on load: the kept order will not be trusted then.
  if (pending.length !== stored.shards.length) return undefined;
  const total = pending.reduce((sum, entry) => sum + entry.n, 0);
  const kept = keptOrderFor(current, total);
  if (kept === undefined) return undefined;
  const positions = decodePositions(kept.p.slice(0, Math.min(count, total) * kept.w), kept.w);
  if (positions === undefined) return undefined;
  const ordered: Contact[] = [];
  for (const position of positions) {
    const found = rowAt(current, total, position);
    if (found === undefined) return undefined;
    ordered.push(found.contact);
    current.headShardOf.set(found.contact.id, found.k);
  }
  // A position or an id named twice: the whole load judges it.
  if (current.headShardOf.size !== ordered.length) return undefined;
  return { total, groups: kept.groups, ordered };
}

/** The kept order, when it was made for exactly the stored shards (as readKeptOrder checks it), with its groups. */
function keptOrderFor(current: LoadJob, total: number): (KeptOrder & { groups: ContactGroup[] }) | undefined {
  const read = readStoredStrict(ORDER_KEY);
  current.orderRead = read;
  if (!read.found) return undefined;
  const kept = read.value as Partial<KeptOrder> | null;
  if (typeof kept !== 'object' || kept === null || kept.v !== CONTACTS_SCHEMA) return undefined;
  const signature = current.pending.map((entry) => `${entry.k}.${entry.n}`).join(',');
  if (kept.g !== current.stored.gen || kept.s !== signature) return undefined;
  if (typeof kept.p !== 'string' || typeof kept.w !== 'number' || !Array.isArray(kept.l)) return undefined;
  if (kept.p.length !== total * kept.w) return undefined;
  const groups = restoreGroups(kept.l, total);
  return groups === undefined ? undefined : { ...(kept as KeptOrder), groups };
}

/** The contact at a stored position (shards in index order), reading its shard once; undefined when damaged. */
function rowAt(current: LoadJob, total: number, position: number): { contact: Contact; k: number } | undefined {
  if (!(position >= 0 && position < total)) return undefined;
  let start = 0;
  for (const entry of current.pending) {
    if (position < start + entry.n) {
      const contact = readContactRow(shardRows(current, entry)?.[position - start]);
      return contact === undefined ? undefined : { contact, k: entry.k };
    }
    start += entry.n;
  }
  return undefined;
}

/** A shard's stored rows, read once: only a current shard with as many rows as its index entry says. */
function shardRows(current: LoadJob, entry: ShardEntry): unknown[] | undefined {
  let read = current.reads.get(entry.k);
  if (read === undefined) {
    read = readStoredStrict(store.shardKey(entry.k));
    current.reads.set(entry.k, read);
  }
  const shard = read.found ? (read.value as { v?: unknown; rows?: unknown } | null) : null;
  // Anything else (an old version, damage) is for the whole load to judge.
  if (shard === null || typeof shard !== 'object' || shard.v !== CONTACTS_SCHEMA) return undefined;
  return Array.isArray(shard.rows) && shard.rows.length === entry.n ? shard.rows : undefined;
}

const loadedListeners = new Set<() => void>();
let announceTimer: ReturnType<typeof setTimeout> | undefined;

/** Told, in a turn of its own, when the contacts finished loading (the list may differ from a head shown before). */
export function onContactsLoaded(listener: () => void): void {
  loadedListeners.add(listener);
}

export function offContactsLoaded(listener: () => void): void {
  loadedListeners.delete(listener);
}

function announceLoaded(): void {
  if (loadedListeners.size === 0 || announceTimer !== undefined) return;
  announceTimer = setTimeout(() => {
    announceTimer = undefined;
    for (const listener of [...loadedListeners]) listener();
  }, 0);
}

function byPhoneOf(state: Loaded): Map<string, Contact> {
  if (state.byPhone !== undefined) return state.byPhone;
  const byPhone = new Map<string, Contact>();
  for (const contact of allContacts(state)) if (!byPhone.has(contact.phone)) byPhone.set(contact.phone, contact);
  state.byPhone = byPhone;
  return byPhone;
}

/** Puts the shards a failed commit already wrote back as they were, so storage matches the cache. */
function rollBack(state: Loaded, written: number[]): void {
  for (const k of written) {
    const before = state.shards.get(k);
    if (before === undefined) store.removeShard(k);
    else writeStored(store.shardKey(k), contactShardValue(before));
  }
}

function failure(full: boolean): { ok: false; message: string } {
  return { ok: false, message: full ? '存储空间已满，联系人未保存，请在设置中清理数据' : '联系人保存失败' };
}

/** Updates the cache after a commit reached storage, then keeps the new list order. */
function applyCommitted(state: Loaded, changes: Map<number, Contact[]>, index: ContactsIndex): void {
  const previous = listIndex(state);
  for (const [k, contacts] of changes) {
    if (contacts.length > 0) {
      state.shards.set(k, contacts);
      continue;
    }
    state.shards.delete(k);
    store.removeShard(k);
    removeStored(lastCallKey(k));
    state.lastCalls.delete(k);
  }
  state.index = index;
  state.shardOf.clear();
  for (const [k, contacts] of state.shards) for (const contact of contacts) state.shardOf.set(contact.id, k);
  // Unchanged contacts are the same objects: they keep their places and keys, the changed ones are placed.
  const list = buildContactIndex(allContacts(state), previous);
  state.list = list;
  state.byPhone = undefined;
  keepOrder(state, list);
  warmUpSearch(list);
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
    const result = writeStored(store.shardKey(k), contactShardValue(contacts));
    if (!result.ok) {
      rollBack(state, written);
      return failure(result.full);
    }
    written.push(k);
    if (at >= 0) shards[at] = describe(k, contacts);
    else shards.push(describe(k, contacts));
  }
  const index: ContactsIndex = { v: CONTACTS_SCHEMA, shards, next, gen: nextGeneration(state.index.gen) };
  const result = store.writeIndex(index);
  if (!result.ok) {
    rollBack(state, written);
    return failure(result.full);
  }
  applyCommitted(state, changes, index);
  return { ok: true };
}

/** Every contact in list order (grouped by initial, pinyin within a group). The array is shared: do not change it. */
export function listContacts(): readonly Contact[] {
  return listIndex(load()).ordered;
}

/** The ordered list with its groups and search keys, built once per change. */
export function contactIndex(): ContactIndex {
  return listIndex(load());
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
  return byPhoneOf(load()).get(dial);
}

/** What the dialer and the contacts page search with: name, pinyin, initials, number digits, company, note. */
export function searchContacts(query: string, limit = DEFAULT_SEARCH_LIMIT): Contact[] {
  return searchContactIndex(listIndex(load()), query, limit);
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
  const rowChars = contactRowChars(contact);
  if (open !== undefined && open.length < SHARD_MAX_CONTACTS && chars + rowChars <= SHARD_MAX_CHARS) {
    open.push(contact);
    placement.changes.set(lastK, open);
    placement.chars.set(lastK, chars + rowChars);
    return;
  }
  const k = placement.next;
  placement.next += 1;
  placement.changes.set(k, [contact]);
  placement.chars.set(k, contactShardChars([contact]));
}

function duplicateOf(state: Loaded, phone: string, exceptId: string | undefined): Contact | undefined {
  return listIndex(state).ordered.find((c) => c.phone === phone && c.id !== exceptId);
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
  const known = new Set(byPhoneOf(state).keys());
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
  job = undefined;
  if (loadTimer !== undefined) clearTimeout(loadTimer);
  loadTimer = undefined;
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
  // A row of the first screen while the rest still loads: its shard is known, its last calls are read alone.
  const early = loaded === undefined ? job?.headShardOf.get(contactId) : undefined;
  const state = early !== undefined && job !== undefined ? job.state : load();
  const k = early ?? state.shardOf.get(contactId);
  if (k === undefined) return undefined;
  const entry = lastCallsOf(state, k)[contactId];
  if (entry === undefined) return undefined;
  return { at: entry[0], state: entry[1], outcome: entry[2], callId: entry[3] };
}

/**
 * Keeps the contact's last-call summary current: called for each finished call and each wrap-up. A call
 * typed on the keypad to a known number counts for that contact. An older call never replaces a newer one.
 */
export function noteCallForContact(record: CallRecord): void {
  updateLastCall(record);
}

/** The call feed's finished calls and wrap-ups update the summaries (calls placed but not back yet do not). */
function noteCallChange(change: CallChange): void {
  if (change.kind !== 'result' && change.kind !== 'wrap-up' && change.kind !== 'edit') return;
  for (const record of change.calls) noteCallForContact(record);
}

// For the app's whole life, from the first import (app.ts imports this first): no off to pair.
onCallChange(noteCallChange);

/** The state kept for the contacts list: a placed call of unknown duration is kept as such, never as 未接通. */
function lastCallState(record: CallRecord): string {
  return connectionOf(record) === 'unknown' ? DURATION_UNKNOWN_STATE : record.state;
}

function updateLastCall(record: CallRecord): void {
  const state = load();
  const contactId = record.contactId !== '' ? record.contactId : (findContactByPhone(record.phone)?.id ?? '');
  const k = state.shardOf.get(contactId);
  if (k === undefined) return;
  const calls = lastCallsOf(state, k);
  const current = calls[contactId];
  if (current !== undefined && current[3] !== record.id && current[0] > record.startedAt) return;
  calls[contactId] = [record.startedAt, lastCallState(record), record.outcome, record.id];
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
