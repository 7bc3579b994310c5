/** Reads call shards of any stored version into the current one: v1 and v2 are upgraded on load, never written. */

import { CALL_STATES, CallRecord, CallState } from './callRecord';
import {
  Agent,
  asNumber,
  asString,
  CallShard,
  CLOSE_BY_CODES,
  readShardV3,
  shardOf,
  StoredShardV3,
} from './callShardV3';
import { startedAtOfId } from './recordId';
import { charsToUuid, UUID_CHARS } from './uuidChars';

interface ShardV2 {
  v: 2;
  a: Agent[];
  o?: string[];
  r: unknown[];
}

interface ShardV1 {
  v: 1;
  records: Partial<CallRecord>[];
}

/** v2 wrote '~' + 22 base64url chars for a UUID, and escaped other ids starting with '~' by one more '~'. */
function unpackSessionIdV2(packed: string): string {
  if (packed.startsWith('~~')) return packed.slice(1);
  if (packed.startsWith('~') && packed.length === UUID_CHARS + 1) return charsToUuid(packed.slice(1));
  return packed;
}

/**
 * v2 row layout, trailing defaults dropped:
 * 0 id, 1 agent, 2 phone, 3 name, 4 contactId, 5 state, 6 seconds to return, 7 sessionId, 8 duration,
 * 9 closeBy, 10 outcome, 11 note, 12 uui (when not the id), 13 error, 14 raw extraData, 15 source appId,
 * 16 startedAt (when the id does not encode it).
 */
const V2_ROW_DEFAULTS: unknown[] = ['', 0, '', '', '', 0, -1, '', -1, 0, 0, '', '', '', null, '', null];

function cell(row: unknown[], index: number): unknown {
  return index < row.length ? row[index] : V2_ROW_DEFAULTS[index];
}

function v2Times(row: unknown[], id: string): { startedAt: number; returnedAt: number } {
  const explicitStart = cell(row, 16);
  const startedAt = typeof explicitStart === 'number' ? explicitStart : startedAtOfId(id);
  const returnDelta = asNumber(cell(row, 6), -1);
  return { startedAt, returnedAt: returnDelta >= 0 ? startedAt + returnDelta * 1000 : 0 };
}

function v2Outcome(shard: ShardV2, value: unknown): string {
  const index = asNumber(value, 0);
  return index > 0 ? asString(shard.o?.[index - 1]) : '';
}

function v2CloseBy(value: unknown): string {
  return typeof value === 'number' ? (CLOSE_BY_CODES[value] ?? '') : asString(value);
}

/** One v2 row, or undefined when the row is not a call (a damaged row is skipped, as v2 did). */
function recordFromV2(row: unknown, shard: ShardV2): CallRecord | undefined {
  if (!Array.isArray(row) || typeof row[0] !== 'string' || row[0] === '') return undefined;
  const id = row[0];
  const { startedAt, returnedAt } = v2Times(row, id);
  const state = CALL_STATES[asNumber(cell(row, 5), 0)];
  if (!Number.isFinite(startedAt) || state === undefined) return undefined;
  const agent = shard.a[asNumber(cell(row, 1), 0)] ?? ['', ''];
  const duration = asNumber(cell(row, 8), -1);
  const record: CallRecord = {
    id,
    sdkAppId: asString(agent[0]),
    userId: asString(agent[1]),
    phone: asString(cell(row, 2)),
    name: asString(cell(row, 3)),
    contactId: asString(cell(row, 4)),
    uui: asString(cell(row, 12)) || id,
    startedAt,
    returnedAt,
    state,
    sessionId: unpackSessionIdV2(asString(cell(row, 7))),
    duration: duration >= 0 ? duration : null,
    closeBy: v2CloseBy(cell(row, 9)),
    outcome: v2Outcome(shard, cell(row, 10)),
    note: asString(cell(row, 11)),
    error: asString(cell(row, 13)),
  };
  const raw = cell(row, 14);
  if (raw !== null && raw !== undefined) record.raw = raw;
  const source = asString(cell(row, 15));
  if (source !== '') record.source = source;
  return record;
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

function isRecord(record: CallRecord | undefined): record is CallRecord {
  return record !== undefined;
}

/**
 * Reads a stored shard of any known version into the current one.
 * Returns undefined when the value is not a shard or does not read consistently (the caller quarantines it).
 */
export function upgradeShard(stored: unknown): CallShard | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const shard = stored as Partial<StoredShardV3> | Partial<ShardV2> | Partial<ShardV1>;
  if (shard.v === 3) return readShardV3(shard as Partial<StoredShardV3>);
  if (shard.v === 2 && Array.isArray(shard.a) && Array.isArray(shard.r)) {
    const v2 = shard as ShardV2;
    return shardOf(v2.r.map((row) => recordFromV2(row, v2)).filter(isRecord));
  }
  if (shard.v === 1 && Array.isArray(shard.records)) return shardOf(shard.records.map(recordFromV1).filter(isRecord));
  return undefined;
}
