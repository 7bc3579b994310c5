/** The call shard as stored today (schema 3): packs calls into one shard value and reads it back. */

import { DAMAGED } from './base64url';
import { CALL_STATES, CallRecord, CallState, CLOSE_BY_SIDES } from './callRecord';
import { jsonBytes, jsonTextBytes } from './jsonBytes';
import { base36Time, ID_TIME_CHARS, startedAtOfId } from './recordId';
import { charsToUuid, UUID, UUID_CHARS, uuidToChars } from './uuidChars';
import { MAX_VARINT, unzigzag, varint, VarintReader, zigzag } from './varint';

/**
 * v1 kept one object per record; v2 trimmed tuples with an agent dictionary (about 90 bytes a call); v3 packs
 * each call into a run of base64url digits and length-prefixed texts in one string per shard (about 60 bytes).
 */
export const CALL_LOG_SCHEMA = 3;

export type Agent = [sdkAppId: string, userId: string];

/**
 * Fields most calls leave at their default, kept per shard as { row: value } for the rows that need them only.
 * One letter each: the key is stored in every shard that has such a row.
 */
const SPARSE = {
  /** An id that is not one of ours (10 chars of base 36). */
  id: 'I',
  /** A start time the id does not encode. */
  startedAt: 'T',
  /** A phone number that is not digits with at most one leading 0. */
  phone: 'P',
  /** A session id that is not a lower-case UUID. */
  sessionId: 'S',
  /** closeBy other than '', seat, client, admin (TCCC may add values, e.g. timer). */
  closeBy: 'B',
  /** A duration that is not a whole number of seconds. */
  duration: 'D',
  /** uui when it is not the call id. */
  uui: 'U',
  note: 'N',
  error: 'E',
  /** extraData as it came, when it says more than the parsed fields. */
  raw: 'R',
  /** The appId a result came from. */
  source: 'O',
  /** The calling hours the agent overrode to place the call. */
  outsideHours: 'H',
} as const;

type SparseKey = (typeof SPARSE)[keyof typeof SPARSE];
type SparseMap = Record<string, unknown>;
const SPARSE_KEYS = Object.values(SPARSE) as SparseKey[];

/**
 * Schema 3: { v: 3, n: calls, a: agents, o: outcome codes, r: the calls, then the sparse maps in use }.
 * `r` holds the calls one after another, each as:
 *   flags        varint: state + 9 * (closeBy code + 5 * (session form + 3 * phone form)); most finished calls
 *                fit in one char. closeBy codes: '' seat client admin, 4 = other (in B). Session forms:
 *                0 UUID, 1 '', 2 other (in S). Phone forms: 0 digits, 1 '0' + digits, 2 '', 3 other (in P).
 *   agent        varint index into `a`
 *   outcome      varint: 0 = none, k = o[k - 1]
 *   return       varint: 0 = not returned, else seconds after the start + 1 (kept to the second, as in v2)
 *   duration     varint: 0 = null (or in D), else seconds + 1
 *   id           varint of the zigzagged difference of its base 36 time to the previous such id in the
 *                shard, then its 2 random chars; nothing when the id is not ours (in I)
 *   phone        varint of the digits after any leading 0 (phone forms 0 and 1)
 *   sessionId    22 base64url chars of the UUID's 128 bits (session form 0)
 *   name         varint length in UTF-16 units, then the text as it is (JSON escapes what it must)
 *   contactId    the same
 * Varints as in varint.ts; the closeBy codes follow CLOSE_BY_SIDES' order, which is part of the stored format.
 * A shard whose parts disagree (calls left over or missing in `r`, an index past a dictionary, a sparse
 * value missing, of the wrong type or past the last call) reads as damaged.
 */
export type StoredShardV3 = { v: 3; n: number; a: Agent[]; o: string[]; r: string } & Partial<
  Record<SparseKey, SparseMap>
>;

/** A shard in memory: what is stored, the calls it reads back as, and what appending needs to know. */
export interface CallShard {
  stored: StoredShardV3;
  /** Calls in stored order, exactly as the stored form reads back. */
  records: CallRecord[];
  /** The base 36 time of the last id of ours: the next one is stored as a difference to it. */
  lastIdTime: number;
  /** UTF-8 bytes of the stored JSON once counted, as WeChat's quota counts them. */
  bytes: number | undefined;
}

/** One call packed for one place in one shard; pushRow puts it there. */
export interface PackedRow {
  shard: CallShard;
  at: number;
  text: string;
  sparse: [SparseKey, unknown][];
  /** Dictionary entries the row needs that the shard does not have yet. */
  newAgent: Agent | undefined;
  newOutcome: string | undefined;
  /** UTF-8 bytes pushing the row adds to the stored JSON. */
  bytes: number;
}

/** closeBy as stored: '' (none), then TCCC's sides in a fixed order; code CLOSE_BY_OTHER keeps the text aside. */
export const CLOSE_BY_CODES: readonly string[] = ['', ...CLOSE_BY_SIDES];
const CLOSE_BY_OTHER = CLOSE_BY_CODES.length;
const STATE_FORMS = CALL_STATES.length;
const CLOSE_BY_FORMS = CLOSE_BY_CODES.length + 1;
const SESSION_FORMS = 3;
const PHONE_FORMS = 4;

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

const BASE36_2 = /^[0-9a-z]{2}$/;

function phoneForm(phone: string): number {
  if (/^[1-9]\d{0,14}$/.test(phone)) return 0;
  if (/^0[1-9]\d{0,14}$/.test(phone)) return 1;
  return phone === '' ? 2 : 3;
}

function sessionForm(sessionId: string): number {
  if (UUID.test(sessionId)) return 0;
  return sessionId === '' ? 1 : 2;
}

function stateCode(state: unknown): number {
  const code = CALL_STATES.indexOf(state as CallState);
  // A state this version does not know reads back as no result, which a late result may still finish.
  return code >= 0 ? code : CALL_STATES.indexOf('no-result');
}

/** Seconds + 1 from start to return (0 = not returned); kept to the second, as v2 did. */
function returnCode(record: CallRecord, startedAt: number): number {
  const returnedAt = asNumber(record.returnedAt, 0);
  return returnedAt > 0 ? Math.max(0, Math.round((returnedAt - startedAt) / 1000)) + 1 : 0;
}

function durationCode(duration: unknown): number {
  return typeof duration === 'number' && Number.isInteger(duration) && duration >= 0 && duration < MAX_VARINT
    ? duration + 1
    : 0;
}

/** A record with strings and finite numbers in its fields, whatever an older version or a damaged pending key
 *  left in them: what is packed must always read back. */
function cleanRecord(record: CallRecord): CallRecord {
  const clean: CallRecord = {
    ...record,
    id: asString(record.id),
    sdkAppId: asString(record.sdkAppId),
    userId: asString(record.userId),
    phone: asString(record.phone),
    name: asString(record.name),
    contactId: asString(record.contactId),
    uui: asString(record.uui),
    startedAt: asNumber(record.startedAt, 0),
    sessionId: asString(record.sessionId),
    duration: typeof record.duration === 'number' && Number.isFinite(record.duration) ? record.duration : null,
    closeBy: asString(record.closeBy),
    outcome: asString(record.outcome),
    note: asString(record.note),
    error: asString(record.error),
  };
  if (clean.raw !== undefined && JSON.stringify(clean.raw) === undefined) delete clean.raw;
  if (clean.source !== undefined) clean.source = asString(clean.source);
  if (clean.outsideHours !== undefined) clean.outsideHours = asString(clean.outsideHours);
  return clean;
}

/** How a record's fields are stored; each form beyond the common ones sends the field to a sparse map. */
interface Forms {
  idTime: number;
  closeBy: number;
  session: number;
  phone: number;
}

/** The rare fields a record needs kept aside, by sparse key. */
function sparseOf(record: CallRecord, forms: Forms): [SparseKey, unknown][] {
  const sparse: [SparseKey, unknown][] = [];
  const add = (key: SparseKey, keep: boolean, value: unknown) => {
    if (keep) sparse.push([key, value]);
  };
  add(SPARSE.id, Number.isNaN(forms.idTime), record.id);
  add(SPARSE.startedAt, forms.idTime !== record.startedAt, record.startedAt);
  add(SPARSE.phone, forms.phone === 3, record.phone);
  add(SPARSE.sessionId, forms.session === 2, record.sessionId);
  add(SPARSE.closeBy, forms.closeBy === CLOSE_BY_OTHER, record.closeBy);
  add(SPARSE.duration, record.duration !== null && durationCode(record.duration) === 0, record.duration);
  add(SPARSE.uui, record.uui !== record.id, record.uui);
  add(SPARSE.note, record.note !== '', record.note);
  add(SPARSE.error, record.error !== '', record.error);
  add(SPARSE.raw, record.raw !== undefined, record.raw);
  add(SPARSE.source, record.source !== undefined, record.source);
  add(SPARSE.outsideHours, record.outsideHours !== undefined, record.outsideHours);
  return sparse;
}

/** Bytes the sparse entries of row `at` add to the shard's JSON: a map's key and braces come with its first row. */
function sparseBytes(stored: StoredShardV3, at: number, sparse: [SparseKey, unknown][]): number {
  let bytes = 0;
  for (const [key, value] of sparse) {
    const entry = jsonBytes(String(at)) + 1 + jsonBytes(value);
    bytes += stored[key] === undefined ? entry + key.length + 6 : entry + 1;
  }
  return bytes;
}

function digitCount(n: number): number {
  return String(n).length;
}

/** The id: the difference of its time to the previous id of ours, then its random chars ('' when kept aside). */
function packId(id: string, idTime: number, lastIdTime: number): string {
  return Number.isNaN(idTime) ? '' : varint(zigzag(idTime - lastIdTime)) + id.slice(ID_TIME_CHARS);
}

/** State, closeBy and how phone and session are kept, in one number: 0-31 (one char) for most finished calls. */
function packFlags(state: number, closeBy: number, session: number, phone: number): number {
  return state + STATE_FORMS * (closeBy + CLOSE_BY_FORMS * (session + SESSION_FORMS * phone));
}

function packPhone(phone: string, form: number): string {
  if (form === 0) return varint(Number(phone));
  return form === 1 ? varint(Number(phone.slice(1))) : '';
}

function dictionaryIndex<T>(entries: T[], same: (entry: T) => boolean): number {
  const found = entries.findIndex(same);
  return found >= 0 ? found : entries.length;
}

/** Packs one record for the next place in the given shard; the shard is unchanged until pushRow. */
export function packRecord(source: CallRecord, shard: CallShard): PackedRow {
  const record = cleanRecord(source);
  const idTime = startedAtOfId(record.id);
  const stored = shard.stored;
  const at = stored.n;
  const agent = dictionaryIndex(stored.a, (a) => a[0] === record.sdkAppId && a[1] === record.userId);
  const outcome = record.outcome === '' ? 0 : dictionaryIndex(stored.o, (o) => o === record.outcome) + 1;
  const newAgent: Agent | undefined = agent === stored.a.length ? [record.sdkAppId, record.userId] : undefined;
  const newOutcome = outcome > stored.o.length ? record.outcome : undefined;
  const closeBy = CLOSE_BY_CODES.includes(record.closeBy) ? CLOSE_BY_CODES.indexOf(record.closeBy) : CLOSE_BY_OTHER;
  const session = sessionForm(record.sessionId);
  const phone = phoneForm(record.phone);
  const text =
    varint(packFlags(stateCode(record.state), closeBy, session, phone)) +
    varint(agent) +
    varint(outcome) +
    varint(returnCode(record, record.startedAt)) +
    varint(durationCode(record.duration)) +
    packId(record.id, idTime, shard.lastIdTime) +
    packPhone(record.phone, phone) +
    (session === 0 ? uuidToChars(record.sessionId) : '') +
    varint(record.name.length) +
    record.name +
    varint(record.contactId.length) +
    record.contactId;
  const sparse = sparseOf(record, { idTime, closeBy, session, phone });
  const bytes =
    jsonTextBytes(text) +
    sparseBytes(stored, at, sparse) +
    (newAgent === undefined ? 0 : jsonBytes(newAgent) + (stored.a.length > 0 ? 1 : 0)) +
    (newOutcome === undefined ? 0 : jsonBytes(newOutcome) + (stored.o.length > 0 ? 1 : 0)) +
    digitCount(at + 1) -
    digitCount(at);
  return { shard, at, text, sparse, newAgent, newOutcome, bytes };
}

/** Appends a packed row to the shard it was packed for, and keeps the shard's records as they read back. */
export function pushRow(row: PackedRow): void {
  const { shard, at } = row;
  const stored = shard.stored;
  if (at !== stored.n) throw new Error('a call was packed for another place in its shard');
  if (row.newAgent !== undefined) stored.a.push(row.newAgent);
  if (row.newOutcome !== undefined) stored.o.push(row.newOutcome);
  stored.r += row.text;
  for (const [key, value] of row.sparse) {
    const map = stored[key] ?? (stored[key] = {});
    map[String(at)] = value;
  }
  stored.n += 1;
  if (shard.bytes !== undefined) shard.bytes += row.bytes;
  // Read back what was stored, so the records in memory are exactly what a later load gives. (From the row's
  // own text: reading the shard's string would flatten it on every append.)
  const read = readRow(stored, new VarintReader(row.text, 0), at, shard.lastIdTime);
  shard.lastIdTime = read.idTime;
  shard.records.push(read.record);
}

function sparseValue(stored: StoredShardV3, key: SparseKey, row: string): unknown {
  return stored[key]?.[row];
}

function sparseText(stored: StoredShardV3, key: SparseKey, row: string, fallback: string): string {
  const value = sparseValue(stored, key, row);
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw DAMAGED;
  return value;
}

function requiredText(stored: StoredShardV3, key: SparseKey, row: string): string {
  const value = sparseValue(stored, key, row);
  if (typeof value !== 'string') throw DAMAGED;
  return value;
}

/** The id, the time the next id is a difference to, and the start time the id encodes (NaN when none). */
function readId(stored: StoredShardV3, reader: VarintReader, row: string, lastIdTime: number) {
  if (sparseValue(stored, SPARSE.id, row) !== undefined) {
    const id = requiredText(stored, SPARSE.id, row);
    return { id, idTime: lastIdTime, start: startedAtOfId(id) };
  }
  const idTime = lastIdTime + unzigzag(reader.varint());
  if (idTime < 0 || idTime >= 36 ** ID_TIME_CHARS) throw DAMAGED;
  const id = base36Time(idTime) + reader.chars(2, BASE36_2);
  return { id, idTime, start: idTime };
}

function readPhone(stored: StoredShardV3, reader: VarintReader, row: string, form: number): string {
  if (form === 0) return String(reader.varint());
  if (form === 1) return `0${reader.varint()}`;
  return form === 2 ? '' : requiredText(stored, SPARSE.phone, row);
}

function readSession(stored: StoredShardV3, reader: VarintReader, row: string, form: number): string {
  if (form === 0) return charsToUuid(reader.chars(UUID_CHARS));
  return form === 1 ? '' : requiredText(stored, SPARSE.sessionId, row);
}

function readStartedAt(stored: StoredShardV3, row: string, fromId: number): number {
  const explicit = sparseValue(stored, SPARSE.startedAt, row);
  if (explicit === undefined) {
    if (Number.isNaN(fromId)) throw DAMAGED;
    return fromId;
  }
  if (typeof explicit !== 'number') throw DAMAGED;
  return explicit;
}

function readDuration(stored: StoredShardV3, row: string, code: number): number | null {
  const explicit = sparseValue(stored, SPARSE.duration, row);
  if (explicit === undefined) return code === 0 ? null : code - 1;
  if (typeof explicit !== 'number') throw DAMAGED;
  return explicit;
}

function unpackFlags(flags: number): { state: CallState; closeBy: number; session: number; phone: number } {
  const state = CALL_STATES[flags % STATE_FORMS] as CallState;
  let rest = Math.floor(flags / STATE_FORMS);
  const closeBy = rest % CLOSE_BY_FORMS;
  rest = Math.floor(rest / CLOSE_BY_FORMS);
  const session = rest % SESSION_FORMS;
  const phone = Math.floor(rest / SESSION_FORMS);
  if (phone >= PHONE_FORMS) throw DAMAGED;
  return { state, closeBy, session, phone };
}

function dictionaryEntry<T>(entries: T[], index: number): T {
  const entry = entries[index];
  if (entry === undefined) throw DAMAGED;
  return entry;
}

/** The optional fields of row `row`, set only when stored. */
function readOptional(stored: StoredShardV3, row: string, record: CallRecord): void {
  const raw = sparseValue(stored, SPARSE.raw, row);
  if (raw !== undefined) record.raw = raw;
  const source = sparseValue(stored, SPARSE.source, row);
  if (source !== undefined) record.source = requiredText(stored, SPARSE.source, row);
  if (sparseValue(stored, SPARSE.outsideHours, row) !== undefined) {
    record.outsideHours = requiredText(stored, SPARSE.outsideHours, row);
  }
}

/** Reads row `row` at the reader's place; throws DAMAGED when the row disagrees with the shard. */
function readRow(stored: StoredShardV3, reader: VarintReader, at: number, lastIdTime: number) {
  const row = String(at);
  const flags = unpackFlags(reader.varint());
  const agent = dictionaryEntry(stored.a, reader.varint());
  const outcome = reader.varint();
  const returnSeconds = reader.varint();
  const duration = readDuration(stored, row, reader.varint());
  const { id, idTime, start } = readId(stored, reader, row, lastIdTime);
  const phone = readPhone(stored, reader, row, flags.phone);
  const sessionId = readSession(stored, reader, row, flags.session);
  const name = reader.text16();
  const contactId = reader.text16();
  const startedAt = readStartedAt(stored, row, start);
  const record: CallRecord = {
    id,
    sdkAppId: agent[0],
    userId: agent[1],
    phone,
    name,
    contactId,
    uui: sparseText(stored, SPARSE.uui, row, id),
    startedAt,
    returnedAt: returnSeconds === 0 ? 0 : startedAt + (returnSeconds - 1) * 1000,
    state: flags.state,
    sessionId,
    duration,
    closeBy:
      flags.closeBy === CLOSE_BY_OTHER
        ? requiredText(stored, SPARSE.closeBy, row)
        : (CLOSE_BY_CODES[flags.closeBy] as string),
    outcome: outcome === 0 ? '' : dictionaryEntry(stored.o, outcome - 1),
    note: sparseText(stored, SPARSE.note, row, ''),
    error: sparseText(stored, SPARSE.error, row, ''),
  };
  readOptional(stored, row, record);
  return { record, idTime };
}

export function emptyShard(): CallShard {
  const stored: StoredShardV3 = { v: 3, n: 0, a: [], o: [], r: '' };
  return { stored, records: [], lastIdTime: 0, bytes: jsonBytes(stored) };
}

/** A shard holding these calls, in this order. */
export function shardOf(records: CallRecord[]): CallShard {
  const shard = emptyShard();
  for (const record of records) pushRow(packRecord(record, shard));
  return shard;
}

/** UTF-8 bytes of the shard's stored JSON: what it costs in storage, without its key. */
export function shardBytes(shard: CallShard): number {
  if (shard.bytes === undefined) shard.bytes = jsonBytes(shard.stored);
  return shard.bytes;
}

/** All calls of a shard, in stored order; fresh objects, so a caller may change them. */
export function unpackShard(shard: CallShard): CallRecord[] {
  return shard.records.map((record) => ({ ...record }));
}

function isRowMap(value: unknown, rows: number): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).every((key) => /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < rows);
}

function isV3Shape(value: Partial<StoredShardV3>): value is StoredShardV3 {
  return (
    Number.isSafeInteger(value.n) &&
    (value.n as number) >= 0 &&
    typeof value.r === 'string' &&
    Array.isArray(value.a) &&
    value.a.every((a) => Array.isArray(a) && a.length === 2 && a.every((s) => typeof s === 'string')) &&
    Array.isArray(value.o) &&
    value.o.every((o) => typeof o === 'string') &&
    SPARSE_KEYS.every((key) => value[key] === undefined || isRowMap(value[key], value.n as number))
  );
}

/** Reads a stored v3 shard, or undefined when any part disagrees with the rest (row count, dictionaries, texts). */
export function readShardV3(value: Partial<StoredShardV3>): CallShard | undefined {
  if (!isV3Shape(value)) return undefined;
  const reader = new VarintReader(value.r, 0);
  const records: CallRecord[] = [];
  let lastIdTime = 0;
  try {
    for (let row = 0; row < value.n; row += 1) {
      const read = readRow(value, reader, row, lastIdTime);
      lastIdTime = read.idTime;
      records.push(read.record);
    }
  } catch (error) {
    if (error === DAMAGED) return undefined;
    throw error;
  }
  if (reader.pos !== value.r.length) return undefined;
  return { stored: value, records, lastIdTime, bytes: undefined };
}
