import {
  badgeText,
  countAwaitingWrapUp,
  needsWrapUp,
  summarizeForWrapUp,
  wrapUpProblem,
} from '../../miniprogram/core/wrapUp';
import { CallRecord, CallState } from '../../miniprogram/core/callRecord';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

function record(state: CallState, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    id: 'id',
    sdkAppId: '1400000000',
    userId: 'a',
    phone: '13800138000',
    name: '',
    contactId: '',
    uui: 'id',
    startedAt: NOW - 60_000,
    returnedAt: NOW,
    state,
    sessionId: 's',
    duration: 42,
    closeBy: 'client',
    outcome: '',
    note: '',
    error: '',
    ...extra,
  };
}

describe('which calls need a wrap-up', () => {
  it.each<[CallState, boolean]>([
    ['connected', true],
    ['placed-not-connected', true],
    ['not-placed', true],
    ['no-result', true],
    ['orphan', true],
    ['cancelled', false],
    ['failed', false],
    ['dialing', false],
    ['in-tccc', false],
  ])('%s: %s', (state, expected) => {
    expect(needsWrapUp(record(state))).toBe(expected);
    expect(needsWrapUp(record(state, { outcome: '有意向' }))).toBe(false);
  });

  it('the badge counts recent unwrapped calls only, and caps its text', () => {
    const records = [
      record('connected'),
      record('no-result'),
      record('connected', { outcome: '忙线' }),
      record('connected', { startedAt: NOW - 4 * 86_400_000 }),
    ];
    expect(countAwaitingWrapUp(records, NOW)).toBe(2);
    expect([badgeText(0), badgeText(3), badgeText(120)]).toEqual(['', '3', '99+']);
  });
});

describe('what the sheet says about a call', () => {
  it('name with masked number, talk time and who hung up', () => {
    expect(summarizeForWrapUp(record('connected', { name: '张三' }), true)).toEqual({
      title: '张三',
      subtitle: '138****8000',
      status: '通话 42秒 · 客户挂断',
    });
  });

  it('the number as title when there is no name; unmasked when masking is off', () => {
    expect(summarizeForWrapUp(record('connected'), true)).toMatchObject({ title: '138****8000', subtitle: '' });
    expect(summarizeForWrapUp(record('connected'), false).title).toBe('138 0013 8000');
  });

  it.each<[Partial<CallRecord>, string]>([
    [{ state: 'not-placed', sessionId: '', duration: null, closeBy: 'seat' }, '未呼出'],
    [{ state: 'no-result', closeBy: '' }, '未收到通话结果（可手动填写）'],
    [{ state: 'placed-not-connected', duration: 0, closeBy: 'seat' }, '未接通 · 坐席挂断'],
    [{ closeBy: 'admin' }, '通话 42秒 · 系统挂断'],
    [{ closeBy: 'timer' }, '通话 42秒 · 超时挂断'],
    [{ closeBy: 'martian' }, '通话 42秒 · 其他方式挂断'],
    [{ state: 'placed-not-connected', duration: null, closeBy: 'client' }, '时长未知 · 客户挂断'],
    [{ duration: 1e12, closeBy: 'client' }, '时长未知 · 客户挂断'],
    [{ closeBy: '' }, '通话 42秒'],
    [{ state: 'orphan', phone: '' }, '无拨打记录 · 通话 42秒 · 客户挂断'],
  ])('%j reads %s', (extra, status) => {
    expect(summarizeForWrapUp(record('connected', extra), true).status).toBe(status);
  });
});

describe('what a save needs', () => {
  it.each([
    [{ outcome: '', dueAt: 0, hasPhone: true }, '请选择通话结果'],
    [{ outcome: '预约回拨', dueAt: 0, hasPhone: true }, '请选择回拨时间'],
    [{ outcome: '预约回拨', dueAt: NOW - 1, hasPhone: true }, '回拨时间应晚于现在'],
    [{ outcome: '预约回拨', dueAt: NOW + 1, hasPhone: false }, '这通电话没有号码，无法预约回拨'],
    [{ outcome: '预约回拨', dueAt: NOW + 1, hasPhone: true }, undefined],
    [{ outcome: '有意向', dueAt: 0, hasPhone: false }, undefined],
  ])('%j: %s', (input, problem) => {
    expect(wrapUpProblem({ ...input, now: NOW })).toBe(problem);
  });
});
