import { currentWxFake } from '../../tools/wx-fake/wx';
import {
  addCallback,
  CALLBACKS_KEY,
  clearCallbacks,
  completeCallback,
  dueCallbacks,
  listCallbacks,
  takeDueReminders,
} from '../../miniprogram/services/callbackStore';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const TOMORROW_TEN = new Date('2026-11-25T10:00:00+08:00').getTime();

describe('callback store', () => {
  it('a callback for tomorrow 10:00 is listed later today, and overdue after 10:00 tomorrow', () => {
    const added = addCallback(
      { phone: '138 0013 8000', name: '张三', callId: 'call1', contactId: 'c1', dueAt: TOMORROW_TEN },
      NOW,
    );
    expect(added.ok).toBe(true);
    expect(dueCallbacks(NOW).later).toEqual([
      expect.objectContaining({
        phone: '13800138000',
        name: '张三',
        callId: 'call1',
        contactId: 'c1',
        dueAt: TOMORROW_TEN,
        done: false,
      }),
    ]);
    expect(dueCallbacks(TOMORROW_TEN - 3_600_000).dueToday).toHaveLength(1);
    expect(dueCallbacks(TOMORROW_TEN + 60_000).overdue).toHaveLength(1);
  });

  it('is stored with its schema version', () => {
    addCallback({ phone: '13800138000', dueAt: TOMORROW_TEN }, NOW);
    expect(currentWxFake().storage.get('test', CALLBACKS_KEY)).toMatchObject({ v: 1, items: [expect.any(Object)] });
  });

  it('completing a callback takes it off the due lists but keeps it listed', () => {
    const added = addCallback({ phone: '13800138000', dueAt: NOW - 60_000 }, NOW);
    if (!added.ok) throw new Error(added.message);
    expect(completeCallback(added.callback.id, NOW)).toBe(true);
    expect(dueCallbacks(NOW)).toEqual({ overdue: [], dueToday: [], later: [] });
    expect(listCallbacks()).toEqual([expect.objectContaining({ id: added.callback.id, done: true })]);
    expect(completeCallback('nope', NOW)).toBe(false);
  });

  it('a second callback for the same number moves the first instead of doubling it', () => {
    addCallback({ phone: '13800138000', dueAt: TOMORROW_TEN }, NOW);
    addCallback({ phone: '138-0013-8000', dueAt: TOMORROW_TEN + 3_600_000 }, NOW);
    expect(listCallbacks().map((c) => c.dueAt)).toEqual([TOMORROW_TEN + 3_600_000]);
  });

  it('refuses a bad number, and says so when storage is full', () => {
    expect(addCallback({ phone: 'abc', dueAt: TOMORROW_TEN }, NOW)).toEqual({ ok: false, message: '号码中不能有字母' });
    currentWxFake().storage.totalLimitBytes = 64;
    const full = addCallback({ phone: '13800138000', dueAt: TOMORROW_TEN }, NOW);
    expect(full).toEqual({ ok: false, message: '存储空间已满，回拨未保存' });
  });

  it('takes the due callbacks to remind once: stored as reminded, and announced again only when not stored', () => {
    addCallback({ phone: '13800138000', name: '张三', dueAt: NOW - 60_000 }, NOW - 3_600_000);
    addCallback({ phone: '13912345678', dueAt: TOMORROW_TEN }, NOW - 3_600_000);
    expect(takeDueReminders(NOW).map((c) => c.name)).toEqual(['张三']);
    expect(takeDueReminders(NOW)).toEqual([]);
    expect(listCallbacks()[0]).toMatchObject({ name: '张三', remindedAt: NOW, done: false });

    // Storage full: the mark cannot be kept, so the reminder comes again rather than never.
    currentWxFake().storage.totalLimitBytes = 64;
    expect(takeDueReminders(TOMORROW_TEN)).toHaveLength(1);
    expect(takeDueReminders(TOMORROW_TEN)).toHaveLength(1);
  });

  it('clear removes every callback', () => {
    addCallback({ phone: '13800138000', dueAt: TOMORROW_TEN }, NOW);
    clearCallbacks();
    expect(listCallbacks()).toEqual([]);
  });
});
