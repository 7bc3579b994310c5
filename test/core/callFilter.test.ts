import {
  CallFilter,
  clearFilterField,
  compileFilter,
  EMPTY_FILTER,
  filterChips,
  filterKey,
  matchesCall,
  NO_OUTCOME,
  rangeOf,
} from '../../miniprogram/core/callFilter';
import { at, HISTORY_NOW, makeCall, statsFixture } from '../../tools/fixtures/callFixtures';

function names(filter: Partial<CallFilter>): string[] {
  const compiled = compileFilter({ ...EMPTY_FILTER, ...filter }, HISTORY_NOW);
  return statsFixture()
    .filter((r) => matchesCall(r, compiled))
    .map((r) => r.name || r.phone);
}

describe('call filter', () => {
  it('turns range kinds into local-day ranges ending tonight', () => {
    expect(rangeOf({ ...EMPTY_FILTER }, HISTORY_NOW)).toBeUndefined();
    expect(rangeOf({ ...EMPTY_FILTER, range: 'today' }, HISTORY_NOW)).toEqual({
      from: at('2026-11-24T00:00:00'),
      to: at('2026-11-25T00:00:00'),
    });
    expect(rangeOf({ ...EMPTY_FILTER, range: '7d' }, HISTORY_NOW)?.from).toBe(at('2026-11-18T00:00:00'));
    expect(rangeOf({ ...EMPTY_FILTER, range: '30d' }, HISTORY_NOW)?.from).toBe(at('2026-10-26T00:00:00'));
    // A custom range includes both days, whichever order they were picked in.
    expect(rangeOf({ range: 'custom', fromDay: '2026-11-23', toDay: '2026-11-22' }, HISTORY_NOW)).toEqual({
      from: at('2026-11-22T00:00:00'),
      to: at('2026-11-24T00:00:00'),
    });
    expect(rangeOf({ range: 'custom', fromDay: 'x', toDay: '' }, HISTORY_NOW)).toBeUndefined();
  });

  it('combines every part: range, state, hang-up side, outcome, agent and text', () => {
    expect(names({})).toHaveLength(8);
    expect(names({ range: 'today' })).toEqual(['赵六', '孙七', '周八', '吴九']);
    expect(names({ range: 'today', state: 'connected' })).toEqual(['赵六', '孙七']);
    expect(names({ range: 'today', state: 'connected', closeBy: 'admin' })).toEqual(['孙七']);
    expect(names({ outcome: '有意向' })).toEqual(['张三', '王五, "老王"', '孙七']);
    expect(names({ outcome: '有意向', agent: 'b@example.com' })).toEqual(['王五, "老王"', '孙七']);
    // 未填小结 is what needs a wrap-up: the cancelled jump to 吴九 does not.
    expect(names({ outcome: NO_OUTCOME })).toEqual(['02112345678', '周八']);
    expect(names({ range: 'custom', fromDay: '2026-11-22', toDay: '2026-11-23', state: 'connected' })).toEqual([
      '张三',
      '王五, "老王"',
    ]);
    expect(names({ state: 'failed' })).toEqual([]);
  });

  it('searches names and number digits, ignoring spaces and dashes in what was typed', () => {
    expect(names({ text: '老王' })).toEqual(['王五, "老王"']);
    expect(names({ text: ' 138 0013 ', masked: false })).toEqual(['张三']);
    expect(names({ text: '021-1234', masked: false })).toEqual(['02112345678']);
    // Fewer than 3 digits do not search numbers (too many false hits).
    expect(names({ text: '13' })).toEqual([]);
    expect(names({ text: '王', state: 'connected', range: 'today' })).toEqual([]);
  });

  it('searches wrap-up notes, case-insensitively', () => {
    const calls = [
      makeCall({ startedAt: HISTORY_NOW, name: '张三', phone: '13800138001', note: '客户要求下周三再联系 VIP' }),
      makeCall({ startedAt: HISTORY_NOW, name: '李四', phone: '13900139002', note: '' }),
    ];
    const found = (text: string) => {
      const compiled = compileFilter({ ...EMPTY_FILTER, text }, HISTORY_NOW);
      return calls.filter((r) => matchesCall(r, compiled)).map((r) => r.name);
    };
    expect(found('下周三')).toEqual(['张三']);
    expect(found('vip')).toEqual(['张三']);
    expect(found('没写过')).toEqual([]);
  });

  it('with masking on, matches digits only where the mask shows them, or the whole number', () => {
    const calls = [
      makeCall({ startedAt: HISTORY_NOW, name: '甲', phone: '13800138000' }),
      makeCall({ startedAt: HISTORY_NOW, name: '乙', phone: '13800001111' }),
      makeCall({ startedAt: HISTORY_NOW, name: '丙', phone: '02112345678' }),
    ];
    const found = (text: string, masked: boolean) => {
      const compiled = compileFilter({ ...EMPTY_FILTER, text, masked }, HISTORY_NOW);
      return calls.filter((r) => matchesCall(r, compiled)).map((r) => r.name);
    };
    // 138****1111 hides 0000: 8000 must not find it (the case), only 138****8000, whose 8000 shows.
    expect(found('8000', true)).toEqual(['甲']);
    expect(found('8000', false)).toEqual(['甲', '乙']);
    // Digits spanning the mask would reveal it.
    expect(found('1380', true)).toEqual([]);
    expect(found('1380', false)).toEqual(['甲', '乙']);
    expect(found('138', true)).toEqual(['甲', '乙']);
    expect(found('021', true)).toEqual(['丙']);
    expect(found('1234', true)).toEqual([]);
    // The whole number finds its call, typed any way.
    expect(found('138 0000 1111', true)).toEqual(['乙']);
    expect(found('+86 138-0000-1111', true)).toEqual(['乙']);
    expect(found('021-12345678', true)).toEqual(['丙']);
  });

  it('shows active parts as chips and clears one at a time', () => {
    const filter: CallFilter = {
      ...EMPTY_FILTER,
      range: 'custom',
      fromDay: '2026-11-01',
      toDay: '2026-11-20',
      state: 'connected',
      closeBy: 'client',
      outcome: NO_OUTCOME,
      agent: 'b@example.com',
      text: ' 张 ',
    };
    expect(filterChips(filter).map((c) => c.label)).toEqual([
      '11-01 至 11-20',
      '已接通',
      '客户挂断',
      '未填小结',
      '坐席 b@example.com',
      '“张”',
    ]);
    const cleared = clearFilterField(filter, 'range');
    expect(cleared).toMatchObject({ range: 'all', fromDay: '', toDay: '', state: 'connected' });
    expect(filterChips(clearFilterField(cleared, 'text')).map((c) => c.field)).toEqual([
      'state',
      'closeBy',
      'outcome',
      'agent',
    ]);
    expect(filterChips(EMPTY_FILTER)).toEqual([]);
  });

  it('keys a filter by what it matches', () => {
    expect(filterKey({ ...EMPTY_FILTER, text: ' 张 ' }, HISTORY_NOW)).toBe(
      filterKey({ ...EMPTY_FILTER, text: '张' }, HISTORY_NOW),
    );
    expect(filterKey({ ...EMPTY_FILTER, text: '8000' }, HISTORY_NOW)).not.toBe(
      filterKey({ ...EMPTY_FILTER, text: '8000', masked: false }, HISTORY_NOW),
    );
    expect(filterKey({ ...EMPTY_FILTER, range: 'today' }, HISTORY_NOW)).not.toBe(
      filterKey({ ...EMPTY_FILTER, range: 'today' }, HISTORY_NOW + 86_400_000),
    );
  });

  it('never files a call of unknown duration under 已接通 or 未接通, nor a call never placed under a hang-up side', () => {
    const matches = (record: ReturnType<typeof makeCall>, filter: Partial<CallFilter>) =>
      matchesCall(record, compileFilter({ ...EMPTY_FILTER, ...filter }, HISTORY_NOW));
    const unknown = makeCall({
      startedAt: HISTORY_NOW - 60_000,
      state: 'placed-not-connected',
      sessionId: 's-1',
      duration: null,
      closeBy: 'client',
    });
    expect(matches(unknown, { state: 'placed-not-connected' })).toBe(false);
    expect(matches(unknown, { state: 'connected' })).toBe(false);
    expect(matches(unknown, {})).toBe(true);
    const notPlaced = makeCall({
      startedAt: HISTORY_NOW - 60_000,
      state: 'not-placed',
      sessionId: '',
      closeBy: 'seat',
    });
    expect(matches(notPlaced, { closeBy: 'seat' })).toBe(false);
    expect(matches(notPlaced, { state: 'not-placed' })).toBe(true);
  });
});
