import {
  callTitle,
  closeByLabel,
  formatCallTime,
  formatTalkTime,
  shownNumber,
  stateLabel,
} from '../../miniprogram/core/callPresentation';

const NOW = new Date('2026-11-24T15:30:00+08:00').getTime();

describe('call presentation', () => {
  it('names who hung up in Chinese, keeping unknown values', () => {
    expect([closeByLabel('seat'), closeByLabel('client'), closeByLabel('admin')]).toEqual([
      '坐席挂断',
      '客户挂断',
      '系统挂断',
    ]);
    expect(closeByLabel('timer')).toBe('timer');
    expect(closeByLabel('')).toBe('');
    expect(stateLabel('not-placed')).toBe('未发起呼叫');
  });

  it('formats talk time', () => {
    expect(formatTalkTime(null)).toBe('—');
    expect(formatTalkTime(0)).toBe('0秒');
    expect(formatTalkTime(42)).toBe('42秒');
    expect(formatTalkTime(65)).toBe('1分05秒');
    expect(formatTalkTime(3725)).toBe('1小时02分');
  });

  it('formats call times relative to now in Shanghai time', () => {
    expect(formatCallTime(new Date('2026-11-24T00:05:00+08:00').getTime(), NOW)).toBe('00:05');
    expect(formatCallTime(new Date('2026-11-23T23:59:00+08:00').getTime(), NOW)).toBe('昨天 23:59');
    expect(formatCallTime(new Date('2026-03-01T09:00:00+08:00').getTime(), NOW)).toBe('03-01 09:00');
    expect(formatCallTime(new Date('2025-12-31T09:00:00+08:00').getTime(), NOW)).toBe('2025-12-31');
  });

  it('masks numbers unless told not to, and titles calls by name first', () => {
    expect(shownNumber('13800138000', true)).toBe('138****8000');
    expect(shownNumber('13800138000', false)).toBe('138 0013 8000');
    expect(callTitle({ name: '张三', phone: '13800138000' }, true)).toBe('张三');
    expect(callTitle({ name: '', phone: '13800138000' }, true)).toBe('138****8000');
    expect(callTitle({ name: '', phone: '' }, true)).toBe('未知号码');
  });
});
