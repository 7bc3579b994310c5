import fc from 'fast-check';
import {
  CALL_LOG_SCHEMA,
  CallShard,
  emptyShard,
  packRecord,
  pushRow,
  shardBytes,
  shardOf,
  unpackShard,
} from '../../miniprogram/core/callShardV3';
import { upgradeShard } from '../../miniprogram/core/callShardUpgrade';
import { jsonBytes } from '../../miniprogram/core/jsonBytes';
import { newCallId, startedAtOfId } from '../../miniprogram/core/recordId';
import { CALL_STATES, CallRecord } from '../../miniprogram/core/callRecord';
import { realisticCalls } from '../../tools/fixtures/calls';

/** What storage does to a shard: JSON out, JSON back. */
function throughStorage(shard: CallShard): unknown {
  return JSON.parse(JSON.stringify(shard.stored));
}

/** Strings that break naive formats: separators, quotes, escapes, control chars, emoji, lone surrogates, long. */
const oddString = fc.oneof(
  { arbitrary: fc.string(), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 4 },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '|',
        ',',
        '"',
        '\\',
        '~',
        '\u0000',
        '\n',
        '\u007f',
        '\u2028',
        '😀',
        '\ud800',
        '\udc00',
        '张',
      ),
    }),
    weight: 4,
  },
  { arbitrary: fc.string({ unit: fc.constantFrom('A', 'g', '_', '-', '0', 'z'), maxLength: 30 }), weight: 2 },
  { arbitrary: fc.constant(''), weight: 4 },
  { arbitrary: fc.string({ minLength: 2_000, maxLength: 4_000 }), weight: 1 },
);

const recordArb = fc.record({
  id: fc.oneof(
    fc.integer({ min: 1_600_000_000_000, max: 2_500_000_000_000 }).map((t) => newCallId(t)),
    fc.integer({ min: 0, max: 36 ** 8 - 1 }).map((t) => newCallId(t)),
    fc.stringMatching(/^[0-9a-z]{10}$/),
    fc.string({ minLength: 1 }),
    oddString,
  ),
  sdkAppId: fc.oneof(fc.stringMatching(/^\d{0,12}$/), oddString),
  userId: oddString,
  phone: fc.oneof(
    fc.stringMatching(/^1[3-9]\d{9}$/),
    fc.stringMatching(/^0\d{9,11}$/),
    fc.stringMatching(/^\d{1,17}$/),
    oddString,
  ),
  name: oddString,
  contactId: oddString,
  uuiSame: fc.boolean(),
  uui: oddString,
  startedAt: fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  explicitStart: fc.boolean(),
  returnAfter: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
  state: fc.constantFrom(...CALL_STATES),
  sessionId: fc.oneof(
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    oddString,
  ),
  duration: fc.option(
    fc.oneof(fc.nat(100_000), fc.integer({ min: -100, max: -1 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
    { nil: null },
  ),
  closeBy: fc.oneof(fc.constantFrom('', 'seat', 'client', 'admin', 'timer'), oddString),
  outcome: fc.oneof(fc.constantFrom('', '有意向', '预约回拨'), oddString),
  note: oddString,
  error: oddString,
  raw: fc.option(fc.jsonValue(), { nil: undefined }),
  source: fc.option(oddString, { nil: undefined }),
  outsideHours: fc.option(fc.oneof(fc.constant('08:00–21:00'), oddString), { nil: undefined }),
});

type RecordValues = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

/** JSON has no -0: storage gives 0 back. */
function noNegativeZero<T>(value: T): T {
  return (Object.is(value, -0) ? 0 : value) as T;
}

/** A record as the app hands it over; returnedAt is a whole number of seconds after the start (kept to the second). */
function toRecord(r: RecordValues): CallRecord {
  const fromId = startedAtOfId(r.id);
  const startedAt = Number.isNaN(fromId) || r.explicitStart ? noNegativeZero(r.startedAt) : fromId;
  const returnedAt = r.returnAfter === undefined ? 0 : startedAt + r.returnAfter * 1000;
  const record: CallRecord = {
    id: r.id,
    sdkAppId: r.sdkAppId,
    userId: r.userId,
    phone: r.phone,
    name: r.name,
    contactId: r.contactId,
    uui: r.uuiSame ? r.id : r.uui,
    startedAt,
    returnedAt: returnedAt > 0 ? returnedAt : 0,
    state: r.state,
    sessionId: r.sessionId,
    duration: noNegativeZero(r.duration),
    closeBy: r.closeBy,
    outcome: r.outcome,
    note: r.note,
    error: r.error,
  };
  // extraData arrives through JSON, so compare with its JSON form (-0 becomes 0).
  if (r.raw !== undefined) record.raw = JSON.parse(JSON.stringify(r.raw)) as unknown;
  if (r.source !== undefined) record.source = r.source;
  if (r.outsideHours !== undefined) record.outsideHours = r.outsideHours;
  return record;
}

describe('call shard v3', () => {
  it('writes schema 3: a row count, dictionaries, one row string, and sparse maps only for rare fields', () => {
    expect(CALL_LOG_SCHEMA).toBe(3);
    const calls = realisticCalls(20);
    const stored = throughStorage(shardOf(calls)) as Record<string, unknown>;
    expect(stored['v']).toBe(3);
    expect(stored['n']).toBe(20);
    expect(stored['a']).toEqual([
      ['1400000000', 'agent2@example.com'],
      ['1400000000', 'agent@example.com'],
    ]);
    expect(typeof stored['r']).toBe('string');
    // The realistic fixture needs only notes aside: ids encode start times, phones are digits, sessions UUIDs.
    expect(Object.keys(stored).sort()).toEqual(['N', 'a', 'n', 'o', 'r', 'v']);
    expect(stored['N']).toEqual({ 0: '客户要求下周再联系', 10: '客户要求下周再联系' });
  });
  it('property: every record survives pack, storage and unpack exactly, and the byte count is exact', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 6 }), (values) => {
        const input = values.map(toRecord);
        const shard = emptyShard();
        let bytes = shardBytes(shard);
        for (const record of input) {
          const row = packRecord(record, shard);
          pushRow(row);
          bytes += row.bytes;
        }
        expect(shard.records).toEqual(input);
        const loaded = upgradeShard(throughStorage(shard));
        expect(loaded).toBeDefined();
        expect(unpackShard(loaded as CallShard)).toEqual(input);
        // Size accounting matches what storage counts, byte for byte.
        expect(bytes).toBe(jsonBytes(shard.stored));
        expect(shardBytes(shard)).toBe(jsonBytes(shard.stored));
        expect(shardBytes(loaded as CallShard)).toBe(jsonBytes(shard.stored));
        // A loaded shard takes more calls exactly as the one in memory did.
        const more = toRecord(values[0] as (typeof values)[0]);
        pushRow(packRecord(more, loaded as CallShard));
        pushRow(packRecord(more, shard));
        expect(JSON.stringify((loaded as CallShard).stored)).toBe(JSON.stringify(shard.stored));
      }),
      { numRuns: 1000 },
    );
  });
  it('keeps a calling-hours override in its own sparse map, and shards written before it read without one', () => {
    const [plain, overridden] = realisticCalls(2) as [CallRecord, CallRecord];
    const marked = { ...overridden, outsideHours: '08:00–21:00' };
    const stored = throughStorage(shardOf([plain, marked])) as Record<string, unknown>;
    expect(stored['H']).toEqual({ 1: '08:00–21:00' });
    const loaded = unpackShard(upgradeShard(stored) as CallShard);
    expect(loaded[1]?.outsideHours).toBe('08:00–21:00');
    expect(loaded[0]).not.toHaveProperty('outsideHours');

    // A v3 shard from before the field: no H map, every call reads back as it was.
    const before = throughStorage(shardOf([plain, overridden]));
    expect(unpackShard(upgradeShard(before) as CallShard)).toEqual([plain, overridden]);
  });
  it('keeps the byte count exact over a whole realistic shard', () => {
    const shard = shardOf(realisticCalls(1_000));
    expect(shardBytes(shard)).toBe(jsonBytes(shard.stored));
    expect(shardBytes(shard) / 1_000).toBeLessThan(70);
  });
  it('fixes what older versions or a damaged pending key left in a record instead of failing the shard', () => {
    const odd = {
      ...realisticCalls(1)[0],
      name: undefined,
      note: 42,
      startedAt: Number.NaN,
      returnedAt: Infinity,
      duration: Infinity,
      state: 'teleported',
      raw: () => 1,
    } as unknown as CallRecord;
    const loaded = upgradeShard(throughStorage(shardOf([odd])));
    expect(unpackShard(loaded as CallShard)[0]).toMatchObject({
      name: '',
      note: '42',
      startedAt: 0,
      returnedAt: 0,
      duration: null,
      state: 'no-result',
    });
    expect(unpackShard(loaded as CallShard)[0]).not.toHaveProperty('raw');
  });
  it('reads a v3 shard whose parts disagree as damaged', () => {
    const calls = realisticCalls(5);
    calls[1] = { ...(calls[1] as CallRecord), phone: '+86 138', closeBy: 'timer' };
    const good = throughStorage(shardOf(calls)) as Record<string, unknown>;
    const r = good['r'] as string;
    const damaged: Record<string, unknown>[] = [
      { ...good, n: 4 },
      { ...good, n: 6 },
      { ...good, r: r.slice(0, -1) },
      { ...good, r: `${r}A` },
      { ...good, r: `\u4e00${r.slice(1)}` },
      { ...good, a: [['1400000000', 'agent2@example.com']] },
      { ...good, o: [] },
      { ...good, P: undefined },
      { ...good, B: { 1: 7 } },
      { ...good, N: { 9: 'a note for a row that is not there' } },
      { ...good, N: ['not', 'a', 'map'] },
      { ...good, r: 42 },
      { ...good, a: 'x' },
    ];
    expect(upgradeShard(good)).toBeDefined();
    for (const value of damaged) expect(upgradeShard(value)).toBeUndefined();
  });
  it('refuses to push a row packed for another place', () => {
    const shard = emptyShard();
    const [first, second] = realisticCalls(2) as [CallRecord, CallRecord];
    const stale = packRecord(first, shard);
    pushRow(packRecord(second, shard));
    expect(() => pushRow(stale)).toThrow('packed for another place');
  });
});
