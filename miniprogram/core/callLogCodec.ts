/** Packs call records into compact storage shards and back, and upgrades shards written by older versions. */

import { CALL_STATES, CallRecord, CallState } from './callRecord';

/** v1 kept one object per record; v2 keeps trimmed tuples with an agent dictionary (about 90 bytes a call). */
export const CALL_LOG_SCHEMA = 2;

export type Agent = [sdkAppId: string, userId: string];
export type ShardRow = (string | number | null | unknown)[];

export interface ShardV2 {
  v: 2;
  /** Agent dictionary: rows refer to agents by index, so accounts are not repeated per call. */
  a: Agent[];
  /** Outcome dictionary: rows refer to outcome codes by index + 1 (0 = none). */
  o?: string[];
  r: ShardRow[];
}

export interface ShardV1 {
  v: 1;
  records: Partial<CallRecord>[];
}

const CLOSE_BY_CODES = ['', 'seat', 'client', 'admin'];
const ID_TIME_CHARS = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A new call id: the start time in base 36 (8 chars until the year 2059) plus 2 random chars. */
export function newCallId(now: number, random: () => number = Math.random): string {
  const time = Math.floor(now).toString(36).padStart(ID_TIME_CHARS, '0');
  const suffix = Math.floor(random() * 36 * 36)
    .toString(36)
    .padStart(2, '0');
  return time + suffix;
}

/** The start time an id encodes, or NaN when the id is not one of ours. */
export function startedAtOfId(id: string): number {
  if (id.length !== ID_TIME_CHARS + 2 || !/^[0-9a-z]+$/.test(id)) return NaN;
  return parseInt(id.slice(0, ID_TIME_CHARS), 36);
}

function uuidToCompact(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  let bits = 0;
  let value = 0;
  let out = '~';
  for (let i = 0; i < hex.length; i += 1) {
    value = (value << 4) | parseInt(hex.charAt(i), 16);
    bits += 4;
    while (bits >= 6) {
      bits -= 6;
      out += BASE64URL.charAt((value >> bits) & 63);
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE64URL.charAt((value << (6 - bits)) & 63);
  return out;
}

function compactToUuid(compact: string): string {
  let bits = 0;
  let value = 0;
  let hex = '';
  for (let i = 1; i < compact.length; i += 1) {
    value = (value << 6) | BASE64URL.indexOf(compact.charAt(i));
    bits += 6;
    while (bits >= 4) {
      bits -= 4;
      hex += ((value >> bits) & 15).toString(16);
    }
    value &= (1 << bits) - 1;
  }
  hex = hex.slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** TCCC session ids are UUIDs: 36 chars shrink to 23. Other ids are kept, escaped if they start with '~'. */
export function packSessionId(sessionId: string): string {
  if (UUID.test(sessionId)) return uuidToCompact(sessionId);
  return sessionId.startsWith('~') ? `~${sessionId}` : sessionId;
}

export function unpackSessionId(packed: string): string {
  if (packed.startsWith('~~')) return packed.slice(1);
  if (packed.startsWith('~') && packed.length === 23) return compactToUuid(packed);
  return packed;
}

/** Phone numbers without a leading 0 are stored as numbers: two bytes fewer, and exact up to 15 digits. */
function packPhone(phone: string): string | number {
  return /^[1-9]\d{0,14}$/.test(phone) ? Number(phone) : phone;
}

function packCloseBy(closeBy: string): string | number {
  const code = CLOSE_BY_CODES.indexOf(closeBy);
  return code >= 0 ? code : closeBy;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Row layout, most-used fields first so trailing defaults can be dropped:
 * 0 id, 1 agent, 2 phone, 3 name, 4 contactId, 5 state, 6 seconds to return, 7 sessionId, 8 duration,
 * 9 closeBy, 10 outcome, 11 note, 12 uui (when not the id), 13 error, 14 raw extraData, 15 source appId,
 * 16 startedAt (when the id does not encode it).
 */
const ROW_DEFAULTS: unknown[] = ['', 0, '', '', '', 0, -1, '', -1, 0, 0, '', '', '', null, '', null];

function outcomeIndexOf(shard: ShardV2, outcome: string): number {
  if (outcome === '') return 0;
  const outcomes = shard.o ?? (shard.o = []);
  let at = outcomes.indexOf(outcome);
  if (at < 0) at = outcomes.push(outcome) - 1;
  return at + 1;
}

/** Packs one record for the given shard, adding its agent and outcome to the shard's dictionaries. */
export function packRecord(record: CallRecord, shard: ShardV2): ShardRow {
  const idTime = startedAtOfId(record.id);
  const row: ShardRow = [
    record.id,
    agentIndexOf(shard.a, record.sdkAppId, record.userId),
    packPhone(record.phone),
    record.name,
    record.contactId,
    CALL_STATES.indexOf(record.state),
    record.returnedAt > 0 ? Math.max(0, Math.round((record.returnedAt - record.startedAt) / 1000)) : -1,
    packSessionId(record.sessionId),
    record.duration === null ? -1 : record.duration,
    packCloseBy(record.closeBy),
    outcomeIndexOf(shard, record.outcome),
    record.note,
    record.uui === record.id ? '' : record.uui,
    record.error,
    record.raw === undefined ? null : record.raw,
    record.source ?? '',
    idTime === record.startedAt ? null : record.startedAt,
  ];
  let end = row.length;
  while (end > 1 && JSON.stringify(row[end - 1]) === JSON.stringify(ROW_DEFAULTS[end - 1])) end -= 1;
  return row.slice(0, end);
}

function cell(row: ShardRow, index: number): unknown {
  return index < row.length ? row[index] : ROW_DEFAULTS[index];
}

function decodeCloseBy(value: unknown): string {
  return typeof value === 'number' ? (CLOSE_BY_CODES[value] ?? '') : asString(value);
}

function decodeOutcome(value: unknown, shard: ShardV2): string {
  const index = asNumber(value, 0);
  return index > 0 ? (shard.o?.[index - 1] ?? '') : '';
}

/** Start and return times: the id encodes the start unless the row says otherwise. */
function decodeTimes(row: ShardRow, id: string): { startedAt: number; returnedAt: number } {
  const explicitStart = cell(row, 16);
  const startedAt = typeof explicitStart === 'number' ? explicitStart : startedAtOfId(id);
  const returnDelta = asNumber(cell(row, 6), -1);
  return { startedAt, returnedAt: returnDelta >= 0 ? startedAt + returnDelta * 1000 : 0 };
}

/** Unpacks one row, or undefined when the row is not a call (a damaged row is skipped, not fatal). */
export function unpackRecord(row: unknown, shard: ShardV2): CallRecord | undefined {
  if (!Array.isArray(row) || typeof row[0] !== 'string' || row[0] === '') return undefined;
  const id = row[0];
  const { startedAt, returnedAt } = decodeTimes(row, id);
  const state = CALL_STATES[asNumber(cell(row, 5), 0)];
  if (!Number.isFinite(startedAt) || state === undefined) return undefined;
  const agent = shard.a[asNumber(cell(row, 1), 0)] ?? ['', ''];
  const duration = asNumber(cell(row, 8), -1);
  const record: CallRecord = {
    id,
    sdkAppId: agent[0],
    userId: agent[1],
    phone: asString(cell(row, 2)),
    name: asString(cell(row, 3)),
    contactId: asString(cell(row, 4)),
    uui: asString(cell(row, 12)) || id,
    startedAt,
    returnedAt,
    state,
    sessionId: unpackSessionId(asString(cell(row, 7))),
    duration: duration >= 0 ? duration : null,
    closeBy: decodeCloseBy(cell(row, 9)),
    outcome: decodeOutcome(cell(row, 10), shard),
    note: asString(cell(row, 11)),
    error: asString(cell(row, 13)),
  };
  const raw = cell(row, 14);
  if (raw !== null && raw !== undefined) record.raw = raw;
  const source = asString(cell(row, 15));
  if (source !== '') record.source = source;
  return record;
}

/** The agent's place in the dictionary, adding it when new. */
export function agentIndexOf(agents: Agent[], sdkAppId: string, userId: string): number {
  const found = agents.findIndex((a) => a[0] === sdkAppId && a[1] === userId);
  if (found >= 0) return found;
  agents.push([sdkAppId, userId]);
  return agents.length - 1;
}

export function emptyShard(): ShardV2 {
  return { v: 2, a: [], r: [] };
}

/** Bytes a row adds to its shard's JSON (row plus a comma), as storage will count it. */
export function rowBytes(row: ShardRow): number {
  let bytes = 1;
  const json = JSON.stringify(row);
  for (let i = 0; i < json.length; i += 1) {
    const code = json.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 2 : 3;
  }
  return bytes;
}

function recordFromV1(source: Partial<CallRecord>): CallRecord | undefined {
  if (typeof source.id !== 'string' || source.id === '') return undefined;
  const state = CALL_STATES.includes(source.state as CallState) ? (source.state as CallState) : 'no-result';
  const record: CallRecord = {
    id: source.id,
    sdkAppId: asString(source.sdkAppId),
    userId: asString(source.userId),
    phone: asString(source.phone),
    name: asString(source.name),
    contactId: asString(source.contactId),
    uui: asString(source.uui) || source.id,
    startedAt: asNumber(source.startedAt, 0),
    returnedAt: asNumber(source.returnedAt, 0),
    state,
    sessionId: asString(source.sessionId),
    duration: typeof source.duration === 'number' && source.duration >= 0 ? source.duration : null,
    closeBy: asString(source.closeBy),
    outcome: asString(source.outcome),
    note: asString(source.note),
    error: asString(source.error),
  };
  if (source.raw !== undefined && source.raw !== null) record.raw = source.raw;
  return record;
}

/**
 * Reads a stored shard of any known version into the current one.
 * Returns undefined when the value is not a shard at all (the caller quarantines it).
 */
export function upgradeShard(stored: unknown): ShardV2 | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const shard = stored as Partial<ShardV2> & Partial<ShardV1>;
  if (shard.v === 2 && Array.isArray(shard.a) && Array.isArray(shard.r)) return shard as ShardV2;
  if (shard.v === 1 && Array.isArray(shard.records)) {
    const upgraded = emptyShard();
    for (const source of shard.records) {
      const record = recordFromV1(source);
      if (record === undefined) continue;
      upgraded.r.push(packRecord(record, upgraded));
    }
    return upgraded;
  }
  return undefined;
}

/** All readable records of a shard, in stored order. */
export function unpackShard(shard: ShardV2): CallRecord[] {
  const records: CallRecord[] = [];
  for (const row of shard.r) {
    const record = unpackRecord(row, shard);
    if (record !== undefined) records.push(record);
  }
  return records;
}
