import fc from 'fast-check';
import {
  emptyShard,
  newCallId,
  packRecord,
  packSessionId,
  startedAtOfId,
  unpackRecord,
  unpackSessionId,
  upgradeShard,
} from '../../miniprogram/core/callLogCodec';
import { CALL_STATES, CallRecord } from '../../miniprogram/core/callRecord';

describe('call log codec', () => {
  it('ids encode their start time', () => {
    const now = new Date('2026-11-24T10:00:00+08:00').getTime();
    const id = newCallId(now, () => 0.5);
    expect(id).toHaveLength(10);
    expect(startedAtOfId(id)).toBe(now);
    expect(startedAtOfId('not-an-id')).toBeNaN();
  });

  it('packs UUID session ids into 23 characters and back', () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(packSessionId(uuid)).toHaveLength(23);
    expect(unpackSessionId(packSessionId(uuid))).toBe(uuid);
    expect(unpackSessionId(packSessionId('~odd'))).toBe('~odd');
    expect(unpackSessionId(packSessionId('12345'))).toBe('12345');
  });

  it('property: any session id string survives packing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string()), (sessionId) => {
        expect(unpackSessionId(packSessionId(sessionId))).toBe(sessionId);
      }),
      { numRuns: 1000 },
    );
  });

  const record = fc.record({
    id: fc.oneof(
      fc.integer({ min: 1_600_000_000_000, max: 2_500_000_000_000 }).map((t) => newCallId(t)),
      fc.string({ minLength: 1 }),
    ),
    sdkAppId: fc.stringMatching(/^\d{0,12}$/),
    userId: fc.string(),
    phone: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^0\d{9,11}$/), fc.string()),
    name: fc.string(),
    contactId: fc.string(),
    uuiSame: fc.boolean(),
    uui: fc.string(),
    startedAt: fc.integer({ min: 0, max: 2_500_000_000_000 }),
    returnAfter: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    state: fc.constantFrom(...CALL_STATES),
    sessionId: fc.oneof(fc.uuid(), fc.string()),
    duration: fc.option(fc.nat(100_000), { nil: null }),
    closeBy: fc.oneof(fc.constantFrom('', 'seat', 'client', 'admin', 'timer'), fc.string()),
    outcome: fc.oneof(fc.constantFrom('', '有意向', '预约回拨'), fc.string()),
    note: fc.string(),
    error: fc.string(),
    raw: fc.option(fc.jsonValue(), { nil: undefined }),
  });

  it('property: every record survives pack and unpack exactly', () => {
    fc.assert(
      fc.property(record, (r) => {
        const startedAt = Number.isNaN(startedAtOfId(r.id)) ? r.startedAt : startedAtOfId(r.id);
        const input: CallRecord = {
          id: r.id,
          sdkAppId: r.sdkAppId,
          userId: r.userId,
          phone: r.phone,
          name: r.name,
          contactId: r.contactId,
          uui: r.uuiSame ? r.id : r.uui === '' ? r.id : r.uui,
          startedAt,
          returnedAt:
            r.returnAfter === undefined
              ? 0
              : startedAt + r.returnAfter * 1000 + (startedAt === 0 && r.returnAfter === 0 ? 1000 : 0),
          state: r.state,
          sessionId: r.sessionId,
          duration: r.duration,
          closeBy: r.closeBy,
          outcome: r.outcome,
          note: r.note,
          error: r.error,
        };
        // extraData arrives through JSON, so compare with its JSON form (-0 becomes 0).
        if (r.raw !== undefined && r.raw !== null) input.raw = JSON.parse(JSON.stringify(r.raw)) as unknown;
        const shard = emptyShard();
        const row = packRecord(input, shard);
        const back = unpackRecord(JSON.parse(JSON.stringify(row)), JSON.parse(JSON.stringify(shard)));
        expect(back).toEqual(input);
      }),
      { numRuns: 1000 },
    );
  });

  it('skips damaged rows instead of failing the shard', () => {
    const shard = emptyShard();
    expect(unpackRecord('garbage', shard)).toBeUndefined();
    expect(unpackRecord([42], shard)).toBeUndefined();
    expect(unpackRecord(['mkfkk3xcbb', 0, 1, '', '', 999], shard)).toBeUndefined();
    expect(upgradeShard({ v: 99 })).toBeUndefined();
    expect(upgradeShard('text')).toBeUndefined();
  });
});
