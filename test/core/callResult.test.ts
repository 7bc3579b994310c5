import fc from 'fast-check';
import { looksLikeCallResult, parseCallResult, resultFingerprint } from '../../miniprogram/core/callResult';
import { applyResult, CallRecord, extraDataOf, stateForResult } from '../../miniprogram/core/callRecord';

describe('parseCallResult', () => {
  it('reads a well-formed result', () => {
    expect(parseCallResult({ sessionId: 'abc', duration: 42, closeBy: 'client' })).toEqual({
      sessionId: 'abc',
      duration: 42,
      closeBy: 'client',
      raw: { sessionId: 'abc', duration: 42, closeBy: 'client' },
    });
  });

  it.each([
    [{ sessionId: '', closeBy: 'seat' }, '', null, 'seat', 'not-placed'],
    [{ sessionId: 's', duration: 0, closeBy: 'seat' }, 's', 0, 'seat', 'placed-not-connected'],
    [{ sessionId: 's', duration: '42' }, 's', 42, '', 'connected'],
    [{ sessionId: 's', duration: ' 7.6 ' }, 's', 8, '', 'connected'],
    [{ sessionId: 's', duration: 'NaN' }, 's', null, '', 'placed-not-connected'],
    [{ sessionId: 's', duration: Number.NaN }, 's', null, '', 'placed-not-connected'],
    [{ sessionId: 's', duration: -5 }, 's', null, '', 'placed-not-connected'],
    [{ sessionId: 's', duration: Infinity }, 's', null, '', 'placed-not-connected'],
    [{ sessionId: 99, closeBy: 'timer' }, '99', null, 'timer', 'placed-not-connected'],
    // Longer than a day is no call: unknown, never talk time (a day itself still is).
    [{ sessionId: 's', duration: 1e12, closeBy: 'client' }, 's', null, 'client', 'placed-not-connected'],
    [{ sessionId: 's', duration: '86401' }, 's', null, '', 'placed-not-connected'],
    [{ sessionId: 's', duration: 86_400 }, 's', 86_400, '', 'connected'],
    [{ sessionId: null, closeBy: 42 }, '', null, '', 'not-placed'],
    [{ closeBy: 'admin' }, '', null, 'admin', 'not-placed'],
  ])('reads %j defensively', (extraData, sessionId, duration, closeBy, state) => {
    const result = parseCallResult(extraData);
    expect(result).toMatchObject({ sessionId, duration, closeBy });
    expect(result && stateForResult(result)).toBe(state);
  });

  it.each([undefined, null, 'str', 42, [], [{ sessionId: 'x' }], { foo: 1 }])('finds no result in %j', (data) => {
    expect(parseCallResult(data)).toBeUndefined();
  });

  it('property: never throws, never yields NaN, and always types its fields', () => {
    const anything = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true });
    // Half the inputs carry at least one result field, so most runs check a parsed result, not only a refusal.
    const resultShaped = fc.record(
      { sessionId: anything, duration: anything, closeBy: anything, extra: anything },
      { requiredKeys: [] },
    );
    let parsed = 0;
    fc.assert(
      fc.property(fc.oneof(anything, resultShaped), (data) => {
        const result = parseCallResult(data);
        // A result exactly when extraData is an object with a result field; never a guess from anything else.
        expect(result === undefined).toBe(!looksLikeCallResult(data));
        if (result === undefined) return;
        parsed += 1;
        expect(typeof result.sessionId).toBe('string');
        expect(typeof result.closeBy).toBe('string');
        if (result.duration !== null) expect(Number.isInteger(result.duration) && result.duration >= 0).toBe(true);
        expect(() => resultFingerprint(result)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
    expect(parsed).toBeGreaterThan(200);
  });

  it('property: result-shaped objects with arbitrary field values never throw', () => {
    const field = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant(null), fc.boolean(), fc.object());
    fc.assert(
      fc.property(field, field, field, (sessionId, duration, closeBy) => {
        const data = { sessionId, duration, closeBy };
        expect(looksLikeCallResult(data)).toBe(true);
        const result = parseCallResult(data);
        expect(result).toBeDefined();
        expect(Number.isNaN(result?.duration)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('fingerprints tell deliveries apart and recognise the same one', () => {
    const a = parseCallResult({ sessionId: '', closeBy: 'seat' });
    const b = parseCallResult({ sessionId: '', closeBy: 'seat' });
    const c = parseCallResult({ sessionId: '', closeBy: 'client' });
    if (!a || !b || !c) throw new Error('parse');
    expect(resultFingerprint(a)).toBe(resultFingerprint(b));
    expect(resultFingerprint(a)).not.toBe(resultFingerprint(c));
  });
});

describe('applyResult', () => {
  const base: CallRecord = {
    id: 'mkfkk3xcbb',
    sdkAppId: '1400000000',
    userId: 'a@b.c',
    phone: '13800138000',
    name: '张三',
    contactId: '',
    uui: 'mkfkk3xcbb',
    startedAt: 1,
    returnedAt: 0,
    state: 'in-tccc',
    sessionId: '',
    duration: null,
    closeBy: '',
    outcome: '',
    note: '',
    error: '',
  };

  it('keeps raw extraData only when it says more than the parsed fields', () => {
    const plain = parseCallResult({ sessionId: 's', duration: 3, closeBy: 'seat' });
    const odd = parseCallResult({ sessionId: 's', duration: '3', closeBy: 'seat', x: 1 });
    if (!plain || !odd) throw new Error('parse');
    const a = applyResult(base, plain, 10);
    expect(a.raw).toBeUndefined();
    expect(extraDataOf(a)).toEqual({ sessionId: 's', duration: 3, closeBy: 'seat' });
    const b = applyResult(base, odd, 10);
    expect(b.raw).toEqual({ sessionId: 's', duration: '3', closeBy: 'seat', x: 1 });
    expect(extraDataOf(b)).toEqual(b.raw);
  });
});
