import {
  callingHoursText,
  chinaMinutesOfDay,
  isWithinCallingHours,
  normalizeClockTime,
  outsideHoursMessage,
  parseClockTime,
  validateCallingHours,
} from '../../miniprogram/core/callingHours';

const DAY = { start: '08:00', end: '21:00' };
const at = (iso: string) => new Date(iso).getTime();

describe('calling hours', () => {
  it.each([
    ['2026-11-24T01:40:00+08:00', false],
    ['2026-11-24T07:59:00+08:00', false],
    ['2026-11-24T08:00:00+08:00', true],
    ['2026-11-24T20:59:00+08:00', true],
    ['2026-11-24T21:00:00+08:00', false],
  ])('08:00–21:00 at %s: inside %p', (iso, inside) => {
    expect(isWithinCallingHours(at(iso), DAY)).toBe(inside);
  });

  it('counts in China time whatever zone the phone is set to', () => {
    // A phone set to New York: every local-time reading says 12:40 the day before.
    const spies = [
      jest.spyOn(Date.prototype, 'getHours').mockReturnValue(12),
      jest.spyOn(Date.prototype, 'getMinutes').mockReturnValue(40),
      jest.spyOn(Date.prototype, 'getTimezoneOffset').mockReturnValue(300),
    ];
    try {
      const instant = at('2026-11-23T17:40:00Z');
      expect(chinaMinutesOfDay(instant)).toBe(100);
      expect(isWithinCallingHours(instant, DAY)).toBe(false);
      expect(outsideHoursMessage(instant, DAY)).toContain('北京时间 01:40');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('a window whose end is earlier than its start runs past midnight', () => {
    const night = { start: '22:00', end: '06:00' };
    expect(isWithinCallingHours(at('2026-11-24T23:30:00+08:00'), night)).toBe(true);
    expect(isWithinCallingHours(at('2026-11-24T05:59:00+08:00'), night)).toBe(true);
    expect(isWithinCallingHours(at('2026-11-24T12:00:00+08:00'), night)).toBe(false);
    expect(isWithinCallingHours(at('2026-11-24T03:00:00+08:00'), { start: '00:00', end: '24:00' })).toBe(true);
  });

  it('reads, normalizes and refuses clock times', () => {
    expect(parseClockTime('8:05')).toBe(485);
    expect(parseClockTime('08：05')).toBe(485);
    expect(parseClockTime('24:00')).toBe(1440);
    expect([parseClockTime('24:01'), parseClockTime('8'), parseClockTime('08:60')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(normalizeClockTime(' 8:00 ')).toBe('08:00');
    expect(validateCallingHours(DAY)).toEqual({});
    expect(validateCallingHours({ start: '8点', end: '21:00' })).toEqual({ start: '开始时间格式如 08:00' });
    expect(validateCallingHours({ start: '09:00', end: '9:00' })).toEqual({ end: '结束时间不能与开始时间相同' });
    expect(validateCallingHours({ start: '00:00', end: '24:00' })).toEqual({ end: '结束时间不能与开始时间相同' });
  });

  it('the warning names the time now and the window, both in China time', () => {
    expect(outsideHoursMessage(at('2026-11-24T01:40:00+08:00'), DAY)).toBe(
      '现在是北京时间 01:40，不在拨打时段 08:00–21:00 内',
    );
    expect(callingHoursText({ start: '8:00', end: '21:00' })).toBe('08:00–21:00');
  });
});
