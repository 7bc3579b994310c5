import {
  callStateLabel,
  callTitle,
  closeByLabel,
  formatCallTime,
  formatTalkTime,
  hangUpLabel,
  shownNumber,
  stateLabel,
  talkTimeText,
} from '../../miniprogram/core/callPresentation';
import { CALL_STATES } from '../../miniprogram/core/callRecord';

const NOW = new Date('2026-11-24T15:30:00+08:00').getTime();

describe('call presentation', () => {
  it('names who hung up in Chinese, timer and unknown values included, never the raw English', () => {
    expect([closeByLabel('seat'), closeByLabel('client'), closeByLabel('admin')]).toEqual([
      '坐席挂断',
      '客户挂断',
      '系统挂断',
    ]);
    expect(closeByLabel('timer')).toBe('超时挂断');
    expect(closeByLabel('hangup-by-robot')).toBe('其他方式挂断');
    expect(closeByLabel('')).toBe('');
  });

  it('names a hang-up side only for a call TCCC placed', () => {
    expect(hangUpLabel({ sessionId: '', closeBy: 'seat' })).toBe('');
    expect(hangUpLabel({ sessionId: 's-1', closeBy: 'seat' })).toBe('坐席挂断');
  });

  it('gives "not placed" one name, never the outcome code 未接通, and no state the jargon 未匹配', () => {
    expect(stateLabel('not-placed')).toBe('未呼出');
    const labels = CALL_STATES.map(stateLabel);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.filter((l) => l === '未接通')).toHaveLength(1);
    expect(labels.join()).not.toMatch(/未匹配|未发起/);
  });

  it('says 时长未知 for a placed call with an unreadable or out-of-range duration, not 未接通', () => {
    for (const duration of [null, 1e12, 86_401]) {
      const record = { state: 'placed-not-connected' as const, sessionId: 's-1', duration };
      expect(callStateLabel(record)).toBe('时长未知');
      expect(talkTimeText(record)).toBe('时长未知');
    }
    expect(callStateLabel({ state: 'placed-not-connected', sessionId: 's-1', duration: 0 })).toBe('未接通');
    expect(talkTimeText({ state: 'connected', sessionId: 's-1', duration: 86_400 })).toBe('24小时00分');
    expect(talkTimeText({ state: 'not-placed', sessionId: '', duration: null })).toBe('—');
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
