import { currentWxFake } from '../../tools/wx-fake/wx';
import { BootedApp, configureAgent, loadApp, settle } from '../../tools/page-harness/appHarness';
import { makeCall } from '../../tools/fixtures/callFixtures';
import { CallRecord } from '../../miniprogram/core/callRecord';
import {
  addCallback,
  CALLBACKS_KEY,
  clearCallbacks,
  completeAnsweredCallbacks,
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

describe('callback completed by a connected call', () => {
  const TCCC = 'wx49e8ab828096cff3';

  /** Places a call through the real launcher and brings TCCC's result back, with no page loaded at all. */
  function callAndReturn(app: BootedApp, phone: string, extraData: Record<string, unknown>): void {
    const launched = currentWxFake().tap(() => app.launcher.launchCall({ phone }));
    if (!launched.ok) throw new Error(launched.message);
    app.callReturn.captureCallReturn({ scene: 1038, referrerInfo: { appId: TCCC, extraData } }, false);
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] });
    configureAgent();
  });
  afterEach(() => jest.useRealTimers());

  it('a connected call to the number completes its open callback, whatever page is shown', async () => {
    const app = loadApp();
    const store =
      require('../../miniprogram/services/callbackStore') as typeof import('../../miniprogram/services/callbackStore');
    store.addCallback({ phone: '13800138000', name: '张三', dueAt: NOW - 60_000 }, NOW - 3_600_000);
    store.addCallback({ phone: '13900139000', name: '李四', dueAt: NOW - 60_000 }, NOW - 3_600_000);
    await settle();

    // Placed but not connected: the callback is still to do.
    callAndReturn(app, '13800138000', { sessionId: 's-1', duration: 0, closeBy: 'client' });
    await settle();
    expect(store.dueCallbacks(NOW).overdue.map((c) => c.name)).toEqual(['张三', '李四']);

    callAndReturn(app, '138 0013 8000', { sessionId: 's-2', duration: 42, closeBy: 'client' });
    await settle();
    expect(store.dueCallbacks(NOW).overdue.map((c) => c.name)).toEqual(['李四']);
    expect(store.listCallbacks().find((c) => c.name === '张三')).toMatchObject({ done: true });
  });

  it('completes at most the callback of each connected number, and nothing for a no-result return', () => {
    const added = addCallback({ phone: '13800138000', dueAt: NOW + 3_600_000 }, NOW);
    if (!added.ok) throw new Error(added.message);
    const call = (state: CallRecord['state'], phone: string) => makeCall({ startedAt: NOW - 60_000, state, phone });
    expect(completeAnsweredCallbacks([call('no-result', '13800138000')], NOW)).toEqual([]);
    expect(completeAnsweredCallbacks([call('connected', '13900139000')], NOW)).toEqual([]);
    expect(completeAnsweredCallbacks([call('connected', '13800138000')], NOW)).toEqual([added.callback.id]);
    expect(dueCallbacks(NOW).later).toEqual([]);
  });
});
