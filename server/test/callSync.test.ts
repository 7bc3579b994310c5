/** The phone's codec (miniprogram/core/callSync.ts) always produces what POST /api/calls/batch's schema accepts. */

import { Value } from '@sinclair/typebox/value';
import { CallSchema } from '../src/routes/calls';
import { parseBatchAnswer, toServerCall } from '../../miniprogram/core/callSync';
import { newCallRecord, type CallRecord } from '../../miniprogram/core/callRecord';

const base: CallRecord = newCallRecord({
  id: 'mfq1c2d3e4',
  startedAt: Date.parse('2026-12-01T10:00:00+08:00'),
  state: 'connected',
  phone: '13800138000',
  name: '张三',
  sessionId: 'f3b1c2d4-0000-4000-8000-00000000abcd',
  duration: 42,
  closeBy: 'client',
  outcome: '有意向',
  note: '下周再联系',
});

describe('toServerCall', () => {
  it('maps a call field by field, with its revision', () => {
    const call = toServerCall(base, 7);
    expect(call).toEqual({
      id: 'mfq1c2d3e4',
      revision: 7,
      uui: 'mfq1c2d3e4',
      sessionId: base.sessionId,
      phone: '13800138000',
      name: '张三',
      startedAt: base.startedAt,
      returnedAt: 0,
      state: 'connected',
      duration: 42,
      closeBy: 'client',
      outcome: '有意向',
      note: '下周再联系',
    });
    expect(Value.Check(CallSchema, call)).toBe(true);
  });

  it('clips what the server would refuse (long text, NUL, odd numbers), so one call never blocks a batch', () => {
    const odd: CallRecord = {
      ...base,
      note: `a\u0000${'长'.repeat(3000)}`,
      name: 'x'.repeat(500),
      closeBy: 'timer-with-a-very-long-reason-from-tccc',
      duration: 12.6,
      returnedAt: -5,
    };
    const call = toServerCall(odd, 3_000_000_000);
    expect(Value.Check(CallSchema, call)).toBe(true);
    expect(call?.note).toHaveLength(2000);
    expect(call?.note).not.toContain('\u0000');
    expect(call?.duration).toBe(13);
  });

  it('keeps on the phone only what the server could never take', () => {
    expect(toServerCall({ ...base, id: 'not ours!' }, 1)).toBeNull();
    expect(toServerCall({ ...base, startedAt: 0 }, 1)).toBeNull();
  });
});

describe('parseBatchAnswer', () => {
  it('reads the statuses and skips malformed entries', () => {
    const statuses = parseBatchAnswer({
      calls: [
        { id: 'a', revision: 2, changed: true, tccc: null },
        {
          id: 'b',
          revision: 1,
          changed: false,
          tccc: {
            sessionId: 's',
            endStatus: 'busy',
            endStatusLabel: '忙线',
            duration: 0,
            hungUpSide: null,
            acceptedAt: null,
            endedAt: 1,
            hasRecording: false,
            joinedBy: 'uui',
          },
        },
        { id: 3 },
        'junk',
      ],
    });
    expect(statuses.map((s) => [s.id, s.revision, s.tccc?.endStatusLabel ?? null])).toEqual([
      ['a', 2, null],
      ['b', 1, '忙线'],
    ]);
    expect(parseBatchAnswer('nonsense')).toEqual([]);
  });
});
