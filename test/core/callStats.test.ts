import { EMPTY_FILTER, rangeOf } from '../../miniprogram/core/callFilter';
import { chartDays, mergeStats, statsOf, statsView } from '../../miniprogram/core/callStats';
import { HISTORY_NOW, makeCall, statsFixture } from '../../tools/fixtures/callFixtures';

describe('call stats', () => {
  it('counts the fixture as computed by hand', () => {
    const stats = statsOf(statsFixture());
    expect(stats).toMatchObject({ calls: 8, placed: 6, connected: 4, talkTotal: 480, talkLongest: 240 });
    // Hang-up sides of the 6 placed calls only; the not-placed and cancelled calls had nobody to hang up.
    expect(stats.closeBy).toEqual({ client: 3, seat: 2, admin: 1 });
    // The cancelled jump needs no wrap-up, so it is not 未填小结 (as the badge and the 待小结 filter count).
    expect(stats.outcomes).toEqual({ 有意向: 3, 无意向: 1, 忙线: 1, '': 2 });
    expect(stats.agents).toEqual({ 'agent@example.com': 6, 'b@example.com': 2 });
    expect(stats.days).toEqual({
      '2026-11-22': { calls: 2, connected: 1 },
      '2026-11-23': { calls: 2, connected: 1 },
      '2026-11-24': { calls: 4, connected: 2 },
    });
  });

  it('gives the same answer counted in chunks and merged', () => {
    const calls = statsFixture();
    const merged = mergeStats(mergeStats(statsOf([]), statsOf(calls.slice(0, 3))), statsOf(calls.slice(3)));
    expect(merged).toEqual(statsOf(calls));
  });

  it('shows rate, talk time, splits and a bar per day of the range', () => {
    const range = rangeOf({ ...EMPTY_FILTER, range: '7d' }, HISTORY_NOW);
    const view = statsView(statsOf(statsFixture()), range, HISTORY_NOW);
    expect(view).toMatchObject({
      calls: 8,
      placed: 6,
      connected: 4,
      connectRate: '66.7%',
      talkTotal: '8分00秒',
      talkAverage: '2分00秒',
      talkLongest: '4分00秒',
      chartTitle: '每日通话（7天）',
    });
    expect(view.closeBySplit).toEqual([
      { label: '客户挂断', count: 3, percent: 50 },
      { label: '坐席挂断', count: 2, percent: 33 },
      { label: '系统挂断', count: 1, percent: 17 },
    ]);
    expect(view.outcomeSplit.map((s) => `${s.label}:${s.count}`)).toEqual([
      '有意向:3',
      '未填小结:2',
      '忙线:1',
      '无意向:1',
    ]);
    expect(view.bars.map((b) => b.key)).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
    ]);
    expect(view.bars.map((b) => [b.calls, b.height, b.connectedHeight])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [2, 50, 25],
      [2, 50, 25],
      [4, 100, 50],
    ]);
    expect(view.bars[6]?.label).toBe('11/24');
    // The y-axis: the busiest day (4) reaches the top tick; ticks are whole calls.
    expect(view.axis).toEqual(['4', '2', '0']);
  });

  it('labels a month of bars with month and day, and scales the y-axis to whole round numbers', () => {
    const days = (counts: number[]) => {
      const calls = counts.flatMap((count, back) =>
        Array.from({ length: count }, (_, i) => makeCall({ startedAt: HISTORY_NOW - back * 86_400_000 - i * 1000 })),
      );
      return statsView(statsOf(calls), undefined, HISTORY_NOW);
    };
    const month = days([3]);
    const labels = month.bars.map((b) => b.label).filter((l) => l !== '');
    // 30 bars across a month change (10-26 .. 11-24): every label says its month, today's too.
    expect(labels).toEqual(['10/30', '11/4', '11/9', '11/14', '11/19', '11/24']);
    expect(month.axis).toEqual(['4', '2', '0']);
    expect(month.bars[29]).toMatchObject({ calls: 3, height: 75 });
    expect(days([1]).axis).toEqual(['2', '1', '0']);
    expect(days([7]).axis).toEqual(['10', '5', '0']);
    expect(days([0]).axis).toEqual(['2', '1', '0']);
    expect(days([23]).axis).toEqual(['40', '20', '0']);
  });

  it('shows dashes when nothing was placed, and the last 30 days for all time', () => {
    const view = statsView(statsOf([]), undefined, HISTORY_NOW);
    expect(view).toMatchObject({
      calls: 0,
      connectRate: '—',
      talkAverage: '—',
      talkLongest: '—',
      chartTitle: '近30天每日通话',
    });
    expect(view.bars).toHaveLength(30);
    expect(view.bars[29]?.key).toBe('2026-11-24');
    // Long custom ranges show their last 31 days.
    const long = chartDays(
      rangeOf({ range: 'custom', fromDay: '2026-01-01', toDay: '2026-11-24' }, HISTORY_NOW),
      HISTORY_NOW,
    );
    expect(long).toHaveLength(31);
    expect(long[0]).toBe('2026-10-25');
  });

  it('an unknown duration is neither connected nor not connected, and no talk time', () => {
    const at = HISTORY_NOW - 3_600_000;
    const calls = [
      makeCall({ startedAt: at, state: 'connected', sessionId: 's-1', duration: 60, closeBy: 'client' }),
      makeCall({ startedAt: at, state: 'placed-not-connected', sessionId: 's-2', duration: 0, closeBy: 'seat' }),
      // Unreadable, and out of range as an older version stored it.
      makeCall({ startedAt: at, state: 'placed-not-connected', sessionId: 's-3', duration: null, closeBy: 'client' }),
      makeCall({ startedAt: at, state: 'connected', sessionId: 's-4', duration: 1e12, closeBy: 'client' }),
    ];
    const stats = statsOf(calls);
    expect(stats).toMatchObject({ calls: 4, placed: 4, connected: 1, unknown: 2, talkTotal: 60, talkLongest: 60 });
    const view = statsView(stats, undefined, HISTORY_NOW);
    // 1 connected of the 2 placed calls whose connection is known.
    expect(view).toMatchObject({ connectRate: '50%', talkTotal: '1分00秒', talkAverage: '1分00秒' });
    expect(view.talkLongest).toBe('1分00秒');
    expect(view.note).toContain('2 通时长未知，不计入接通率和通话时长');
  });

  it("another mini program's return kept by an older version is not a call", () => {
    const at = HISTORY_NOW - 3_600_000;
    const foreign = makeCall({
      startedAt: at,
      state: 'orphan',
      phone: '',
      sessionId: 'x-1',
      duration: 5,
      closeBy: 'seat',
      source: 'wx1111111111111111',
    });
    const ours = makeCall({ startedAt: at, state: 'connected', sessionId: 's-1', duration: 9, closeBy: 'client' });
    expect(statsOf([ours, foreign])).toMatchObject({ calls: 1, placed: 1, connected: 1, talkTotal: 9 });
  });

  it('says why 未填小结 may differ from the tab badge', () => {
    const view = statsView(statsOf(statsFixture()), undefined, HISTORY_NOW);
    expect(view.note).toBe('未填小结按所选时间统计，通话记录角标只计近3天内最新50通');
  });
});
