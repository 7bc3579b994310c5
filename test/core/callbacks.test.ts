import {
  Callback,
  CALLBACKS_MAX,
  dueForReminder,
  formatDue,
  groupDue,
  pruneCallbacks,
  quickCallbackTimes,
  reminderText,
  upgradeCallbacks,
  withCallback,
  withReminded,
} from '../../miniprogram/core/callbacks';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const at = (iso: string) => new Date(`${iso}+08:00`).getTime();

function callback(id: string, dueAt: number, extra: Partial<Callback> = {}): Callback {
  return {
    id,
    callId: '',
    contactId: '',
    phone: `1380013${id.padStart(4, '0')}`,
    name: '',
    dueAt,
    createdAt: NOW,
    done: false,
    remindedAt: 0,
    ...extra,
  };
}

describe('groupDue', () => {
  it('splits open callbacks into overdue, due today and later, each soonest first; done ones are left out', () => {
    const items = [
      callback('1', at('2026-11-25T10:00:00')),
      callback('2', at('2026-11-24T18:00:00')),
      callback('3', at('2026-11-24T09:00:00')),
      callback('4', at('2026-11-23T15:00:00')),
      callback('5', at('2026-11-24T12:00:00')),
      callback('6', at('2026-11-24T08:00:00'), { done: true }),
    ];
    const due = groupDue(items, NOW);
    expect(due.overdue.map((c) => c.id)).toEqual(['4', '3']);
    expect(due.dueToday.map((c) => c.id)).toEqual(['5', '2']);
    expect(due.later.map((c) => c.id)).toEqual(['1']);
  });

  it('a callback due at 23:59 today is today; at 00:00 tomorrow it is later', () => {
    const due = groupDue([callback('1', at('2026-11-24T23:59:00')), callback('2', at('2026-11-25T00:00:00'))], NOW);
    expect(due.dueToday.map((c) => c.id)).toEqual(['1']);
    expect(due.later.map((c) => c.id)).toEqual(['2']);
  });
});

describe('withCallback and pruning', () => {
  it('one open callback per number: a new one replaces the old time', () => {
    const first = callback('1', at('2026-11-25T10:00:00'), { phone: '13800138000' });
    const second = callback('2', at('2026-11-26T10:00:00'), { phone: '13800138000' });
    expect(withCallback([first], second, NOW).map((c) => c.id)).toEqual(['2']);
  });

  it('keeps a done callback for the same number beside the new one', () => {
    const done = callback('1', at('2026-11-23T10:00:00'), { phone: '13800138000', done: true });
    const next = callback('2', at('2026-11-26T10:00:00'), { phone: '13800138000' });
    expect(withCallback([done], next, NOW).map((c) => c.id)).toEqual(['1', '2']);
  });

  it('drops done callbacks after a week, and the oldest beyond the cap', () => {
    const old = callback('1', at('2026-11-10T10:00:00'), { done: true });
    expect(pruneCallbacks([old], NOW)).toEqual([]);
    const many = Array.from({ length: CALLBACKS_MAX + 5 }, (_, i) => callback(String(i), NOW + i * 60_000));
    const kept = pruneCallbacks(many, NOW);
    expect(kept).toHaveLength(CALLBACKS_MAX);
    expect(kept[0]?.id).toBe('5');
  });
});

describe('upgradeCallbacks', () => {
  it('reads what it can and drops broken entries', () => {
    const stored = { v: 1, items: [callback('1', NOW), { id: 2 }, null, { ...callback('3', NOW), name: 5 }] };
    expect(upgradeCallbacks(stored).items.map((c) => [c.id, c.name])).toEqual([
      ['1', ''],
      ['3', ''],
    ]);
    expect(upgradeCallbacks('garbage')).toEqual({ v: 1, items: [] });
  });
});

describe('quick times and due labels', () => {
  it('offers in one hour, today 18:00, tomorrow 10:00 and 15:00 in the morning', () => {
    expect(quickCallbackTimes(NOW)).toEqual([
      { label: '1小时后', at: NOW + 3_600_000 },
      { label: '今天 18:00', at: at('2026-11-24T18:00:00') },
      { label: '明天 10:00', at: at('2026-11-25T10:00:00') },
      { label: '明天 15:00', at: at('2026-11-25T15:00:00') },
    ]);
  });

  it('leaves out today 18:00 late in the day', () => {
    const labels = quickCallbackTimes(at('2026-11-24T17:30:00')).map((t) => t.label);
    expect(labels).toEqual(['1小时后', '明天 10:00', '明天 15:00']);
  });

  it.each([
    ['2026-11-24T18:00:00', '今天 18:00'],
    ['2026-11-25T10:00:00', '明天 10:00'],
    ['2026-11-26T09:05:00', '后天 09:05'],
    ['2026-12-01T10:00:00', '12-01 10:00'],
    ['2026-11-24T09:00:00', '逾期 · 今天 09:00'],
    ['2026-11-23T15:00:00', '逾期 · 昨天 15:00'],
  ])('%s reads %s', (due, label) => {
    expect(formatDue(at(due), NOW)).toBe(label);
  });
});

describe('reminders', () => {
  it('takes open callbacks due by now and not reminded yet, oldest first; marking them leaves the rest', () => {
    const items = [
      callback('1', NOW),
      callback('2', NOW - 60_000),
      callback('3', NOW + 60_000),
      callback('4', NOW - 120_000, { done: true }),
      callback('5', NOW - 180_000, { remindedAt: NOW - 170_000 }),
    ];
    expect(dueForReminder(items, NOW).map((c) => c.id)).toEqual(['2', '1']);
    const marked = withReminded(items, ['2', '1'], NOW);
    expect(marked.map((c) => c.remindedAt)).toEqual([NOW, NOW, 0, 0, NOW - 170_000]);
    expect(dueForReminder(marked, NOW + 120_000).map((c) => c.id)).toEqual(['3']);
  });

  it('reads callbacks stored before reminders as not reminded', () => {
    const stored = { v: 1, items: [{ id: 'a', phone: '13800138000', dueAt: NOW, done: false }] };
    expect(upgradeCallbacks(stored).items[0]?.remindedAt).toBe(0);
  });

  it('words the reminder with names and due times, three at most', () => {
    expect(reminderText([{ title: '王芳', dueAt: at('2026-11-23T16:00:00') }], NOW)).toBe(
      '有 1 个回拨已到时间：王芳（昨天 16:00）。可在“联系人”页顶部的待回拨中回拨或标记完成。',
    );
    const four = ['甲', '乙', '丙', '丁'].map((title) => ({ title, dueAt: NOW - 60_000 }));
    expect(reminderText(four, NOW)).toContain(
      '有 4 个回拨已到时间：甲（今天 09:59）、乙（今天 09:59）、丙（今天 09:59） 等。',
    );
  });
});
