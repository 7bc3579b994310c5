/** Due callbacks are reminded through the real app's show, once each, never over a fresh call's wrap-up. */

import { currentWxFake } from '../../tools/wx-fake/wx';
import { configureAgent, settle, startApp } from '../../tools/page-harness/appHarness';
import { addCallback, listCallbacks } from '../../miniprogram/services/callbackStore';

const at = (time: string) => new Date(`2026-11-24T${time}:00+08:00`).getTime();

beforeEach(() => {
  jest.useFakeTimers({ now: at('02:40'), doNotFake: ['nextTick', 'queueMicrotask'] });
  configureAgent();
});

afterEach(() => {
  jest.useRealTimers();
});

function reminders(): string[] {
  return currentWxFake()
    .modals.filter((m) => m.title === '回拨提醒')
    .map((m) => m.content);
}

function switchedTo(): string[] {
  return currentWxFake()
    .routes.filter((r) => r.api === 'switchTab')
    .map((r) => r.url);
}

/** The agent leaves WeChat and comes back at `time`. */
function comeBackAt(time: string): void {
  currentWxFake().hide();
  jest.setSystemTime(at(time));
  currentWxFake().show();
}

describe('callback reminders on app show', () => {
  it('a callback booked for 02:50 is reminded on the first show after 02:50, once, and 去回拨 opens contacts', async () => {
    addCallback({ phone: '13800001111', name: '王芳', dueAt: at('02:50') }, at('02:40'));
    startApp();
    expect(reminders()).toEqual([]);

    comeBackAt('02:49');
    expect(reminders()).toEqual([]);

    comeBackAt('02:55');
    await settle();
    expect(reminders()).toEqual([
      '有 1 个回拨已到时间：王芳（今天 02:50）。可在“联系人”页顶部的待回拨中回拨或标记完成。',
    ]);
    expect(switchedTo()).toEqual(['/pages/contacts/contacts']);

    // Not again: neither on the next show nor after WeChat starts the app cold.
    comeBackAt('03:10');
    currentWxFake().destroy();
    jest.setSystemTime(at('04:00'));
    startApp();
    expect(reminders()).toHaveLength(1);
    // Still open: the contacts page keeps listing it until it is called back or marked done.
    expect(listCallbacks()).toEqual([expect.objectContaining({ name: '王芳', done: false, remindedAt: at('02:55') })]);
  });

  it('a cold start after the due time reminds; 稍后 stays on the page', async () => {
    addCallback({ phone: '13800001111', name: '王芳', dueAt: at('02:50') }, at('02:40'));
    jest.setSystemTime(at('08:30'));
    currentWxFake().modalAnswers.push(false);
    startApp();
    await settle();
    expect(reminders()).toEqual([expect.stringContaining('王芳（今天 02:50）')]);
    expect(switchedTo()).toEqual([]);
  });

  it('names several due callbacks in one modal, a masked number where there is no name, the rest as 等', () => {
    addCallback({ phone: '13800001111', name: '王芳', dueAt: at('01:00') }, at('00:00'));
    addCallback({ phone: '13912345678', dueAt: at('02:00') }, at('00:00'));
    addCallback({ phone: '13700002222', name: '李四', dueAt: at('02:30') }, at('00:00'));
    addCallback({ phone: '13600003333', name: '张三', dueAt: at('02:35') }, at('00:00'));
    addCallback({ phone: '13500004444', name: '明天的', dueAt: at('23:00') + 86_400_000 }, at('00:00'));
    startApp();
    expect(reminders()).toEqual([
      '有 4 个回拨已到时间：王芳（今天 01:00）、139****5678（今天 02:00）、李四（今天 02:30） 等。可在“联系人”页顶部的待回拨中回拨或标记完成。',
    ]);
  });

  it('waits while a call that just came back awaits its wrap-up, and reminds once it is saved', async () => {
    addCallback({ phone: '13800001111', name: '王芳', dueAt: at('02:50') }, at('02:40'));
    const app = startApp();
    expect(reminders()).toEqual([]);
    jest.setSystemTime(at('02:52'));
    currentWxFake().tap(() => app.launcher.launchCall({ phone: '138 0013 8000', name: '张三', contactId: 'c1' }));
    await settle();

    jest.setSystemTime(at('02:55'));
    currentWxFake().returnFromMiniProgram({ sessionId: 's-1', duration: 42, closeBy: 'client' });
    expect(reminders()).toEqual([]);

    const call = app.callLog.listCalls(0, 1).records[0];
    if (call === undefined) throw new Error('no call recorded');
    app.wrapUp.saveWrapUp(call, { outcome: '有意向', note: '', followUp: { dueAt: 0, addToDoNotCall: false } });
    expect(reminders()).toEqual([expect.stringContaining('王芳（今天 02:50）')]);
  });

  it('a callback moved to a later time is reminded again when the new time comes', async () => {
    addCallback({ phone: '13800001111', name: '王芳', dueAt: at('02:30') }, at('02:00'));
    startApp();
    expect(reminders()).toHaveLength(1);
    await settle(); // the agent answers the modal
    addCallback({ phone: '138-0000-1111', name: '王芳', dueAt: at('03:30') }, at('02:45'));
    comeBackAt('03:00');
    expect(reminders()).toHaveLength(1);
    comeBackAt('03:31');
    expect(reminders()).toEqual([expect.any(String), expect.stringContaining('王芳（今天 03:30）')]);
  });
});
