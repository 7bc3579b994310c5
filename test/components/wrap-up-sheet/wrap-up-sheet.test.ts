/** The wrap-up sheet on the wx fake with real vant: opens on return, saves code and note, callback, do-not-call, redial. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { pinClock, tapInGesture } from './uiDriver';
import { configureAgent, settle, startApp } from '../../../tools/page-harness/appHarness';
import { CallRecord } from '../../../miniprogram/core/callRecord';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const TCCC = 'wx49e8ab828096cff3';
const SHEET = 'components/wrap-up-sheet/wrap-up-sheet';

type Services = {
  launcher: typeof import('../../../miniprogram/services/callLauncher');
  callLog: typeof import('../../../miniprogram/services/callLog');
  callReturn: typeof import('../../../miniprogram/services/callReturn');
  callbacks: typeof import('../../../miniprogram/services/callbackStore');
  dnc: typeof import('../../../miniprogram/services/doNotCallStore');
};

/** The services the page just loaded (openPage resets modules, so require after it). */
function services(): Services {
  return {
    launcher: require('../../../miniprogram/services/callLauncher'),
    callLog: require('../../../miniprogram/services/callLog'),
    callReturn: require('../../../miniprogram/services/callReturn'),
    callbacks: require('../../../miniprogram/services/callbackStore'),
    dnc: require('../../../miniprogram/services/doNotCallStore'),
  };
}

/** vant's popup renders its content after two animation frames (setTimeout 33 ms each). */
async function shown(): Promise<void> {
  await simulate.sleep(80);
}

function calls(s: Services): CallRecord[] {
  return s.callLog.listCalls(0, 100).records;
}

/** Opens the sheet's host, places a call and brings TCCC's result back, as an agent's day goes. */
async function callAndReturn(extraData: unknown = { sessionId: 's-1', duration: 42, closeBy: 'client' }) {
  const referrerInfo = extraData === null ? { appId: TCCC } : { appId: TCCC, extraData };
  const page = openPage(SHEET);
  const s = services();
  currentWxFake().tap(() => s.launcher.launchCall({ phone: '138 0013 8000', name: '张三', contactId: 'c1' }));
  await settle();
  jest.setSystemTime(NOW + 60_000);
  s.callReturn.captureCallReturn({ scene: 1038, referrerInfo }, false);
  await shown();
  return { page, s };
}

beforeEach(() => {
  pinClock(NOW);
  configureAgent();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('wrap-up sheet', () => {
  it('opens when a call comes back and shows who was called, talk time and who hung up', async () => {
    const { page } = await callAndReturn();
    expect(page.component.data).toMatchObject({ show: true, title: '张三', subtitle: '138****8000' });
    const text = textOf(page.component);
    expect(text).toContain('通话 42秒 · 客户挂断');
    expect(text).toContain('预约回拨');
  });

  it('saves the picked outcome code and the note on the call', async () => {
    const { page, s } = await callAndReturn();
    const closed: unknown[] = [];
    // j-component's addEventListener is missing from simulate's typings.
    const host = page.component as unknown as {
      addEventListener(name: string, fn: (e: { detail: unknown }) => void): void;
    };
    host.addEventListener('close', (event) => closed.push(event.detail));
    await tap(page.component, '#outcome-0');
    await typeInto(page.component, '#note', '下周再联系');
    await tap(page.component, '#save', '.van-button');

    expect(calls(s)[0]).toMatchObject({ outcome: '有意向', note: '下周再联系' });
    expect(page.component.data.show).toBe(false);
    expect(currentWxFake().toasts).toContainEqual({ title: '已保存', icon: 'success' });
    expect(closed).toEqual([{ callId: calls(s)[0]?.id, saved: true }]);
  });
});

describe('wrap-up sheet: what the outcome codes do', () => {
  it('预约回拨 asks for a time and adds a callback that shows as due', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-6');
    expect(textOf(page.component)).toContain('明天 10:00');
    await tap(page.component, '#save', '.van-button');
    expect(page.component.data.show).toBe(true);
    expect(currentWxFake().toasts).toContainEqual({ title: '请选择回拨时间', icon: 'none' });

    await tap(page.component, '#when-2');
    expect(textOf(page.component)).toContain('明天 10:00 回拨；到时间后打开小程序时提醒');
    await tap(page.component, '#save', '.van-button');

    const tomorrowTen = new Date('2026-11-25T10:00:00+08:00').getTime();
    expect(calls(s)[0]).toMatchObject({ outcome: '预约回拨' });
    const due = s.callbacks.dueCallbacks(NOW + 120_000);
    expect(due.later).toEqual([
      expect.objectContaining({ phone: '13800138000', name: '张三', contactId: 'c1', dueAt: tomorrowTen }),
    ]);
    expect(s.callbacks.dueCallbacks(tomorrowTen + 60_000).overdue).toHaveLength(1);
  });

  it('空号 offers the do-not-call list; the next call to the number is refused with the reason', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-5');
    expect(textOf(page.component)).toContain('加入勿扰名单');
    await tap(page.component, '#save', '.van-button');

    expect(s.dnc.findDoNotCall('13800138000')).toMatchObject({ reason: '空号' });
    const again = currentWxFake().tap(() => s.launcher.launchCall({ phone: '138-0013-8000' }));
    expect(again).toEqual({
      ok: false,
      reason: 'do-not-call',
      message: '该号码已在勿扰名单（原因：空号，11-24 加入）',
    });
  });

  it('勿扰 with the switch turned off keeps the number callable', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-7');
    find(page.component, '#dnc-switch', '.van-switch').dispatchEvent('tap');
    await simulate.sleep(10);
    await tap(page.component, '#save', '.van-button');
    expect(calls(s)[0]?.outcome).toBe('勿扰');
    expect(s.dnc.findDoNotCall('13800138000')).toBeUndefined();
  });

  it('跳过 keeps the call unwrapped and counted on the history badge', async () => {
    const badge = jest.fn();
    Object.assign(wx, { setTabBarBadge: badge, removeTabBarBadge: jest.fn() });
    const { page, s } = await callAndReturn();
    await tap(page.component, '#skip', '.van-button');
    expect(page.component.data.show).toBe(false);
    expect(calls(s)[0]).toMatchObject({ state: 'connected', outcome: '' });
    expect(badge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 2, text: '1' }));
  });

  it('saving removes the badge once nothing is left to wrap up', async () => {
    const remove = jest.fn();
    Object.assign(wx, { setTabBarBadge: jest.fn(), removeTabBarBadge: remove });
    const { page } = await callAndReturn();
    remove.mockClear();
    await tap(page.component, '#outcome-1');
    await tap(page.component, '#save', '.van-button');
    expect(remove).toHaveBeenCalledWith(expect.objectContaining({ index: 2 }));
  });
});

describe('wrap-up sheet: redial and calls without a result', () => {
  it('重拨 calls the same number and name again from the tap, as a new record', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-3');
    await tapInGesture(page.component, '#redial', '.van-button');
    await settle();

    const fake = currentWxFake();
    expect(fake.miniProgramJumps).toHaveLength(2);
    expect(fake.miniProgramJumps[1]?.inTap).toBe(true);
    expect(fake.miniProgramJumps[1]?.path).toContain('calleePhone=13800138000');
    const [newest, first] = calls(s);
    expect(newest).toMatchObject({ phone: '13800138000', name: '张三', contactId: 'c1', outcome: '' });
    expect(newest?.id).not.toBe(first?.id);
    expect(first).toMatchObject({ outcome: '忙线' });
  });

  it('a call that came back without a result can be wrapped up by hand through openFor', async () => {
    const { page, s } = await callAndReturn(null);
    expect(calls(s)[0]?.state).toBe('no-result');
    await tap(page.component, '#skip', '.van-button');
    await shown();

    const id = calls(s)[0]?.id ?? '';
    expect((page.instance.openFor as (id: string) => boolean)(id)).toBe(true);
    await shown();
    expect(textOf(page.component)).toContain('未收到通话结果');
    await tap(page.component, '#outcome-2');
    await tap(page.component, '#save', '.van-button');
    expect(calls(s)[0]).toMatchObject({ state: 'no-result', outcome: '未接通' });
  });

  it('says 未呼出, and no hang-up side, when TCCC placed no call', async () => {
    const { page } = await callAndReturn({ sessionId: '', closeBy: 'seat' });
    expect(textOf(page.component)).toContain('未呼出');
    expect(textOf(page.component)).not.toContain('坐席挂断');
  });

  it("names TCCC's timer hang-up in Chinese", async () => {
    const { page } = await callAndReturn({ sessionId: 's-2', duration: 65, closeBy: 'timer' });
    expect(textOf(page.component)).toContain('通话 1分05秒 · 超时挂断');
  });

  it('says 时长未知, not 未接通, when the duration is unreadable', async () => {
    const { page } = await callAndReturn({ sessionId: 's-3', duration: 'NaN', closeBy: 'client' });
    expect(textOf(page.component)).toContain('时长未知 · 客户挂断');
    expect(textOf(page.component)).not.toContain('未接通 ·');
  });

  it('only the page on top opens its sheet', async () => {
    // The dialer is a real page holding <wrap-up-sheet id="wrap-up" />.
    const page = openPage('pages/dialer/dialer');
    const below = find(page.component, '#wrap-up');
    const s = services();
    currentWxFake().tap(() => s.launcher.launchCall({ phone: '13800138000' }));
    await settle();
    currentWxFake().openPage({});
    s.callReturn.captureCallReturn(
      { scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: 's-3', duration: 5 } } },
      false,
    );
    await shown();
    expect(below.data.show).toBe(false);

    currentWxFake().pages.pop();
    currentWxFake().tap(() => s.launcher.launchCall({ phone: '13900139000' }));
    await settle();
    s.callReturn.captureCallReturn(
      { scene: 1038, referrerInfo: { appId: TCCC, extraData: { sessionId: 's-5', duration: 5 } } },
      false,
    );
    await shown();
    expect(below.data.show).toBe(true);
  });

  it('after a cold start, the first page to open offers the call that just came back', async () => {
    const first = openPage(SHEET);
    const s = services();
    currentWxFake().tap(() => s.launcher.launchCall({ phone: '13800138000', name: '李四' }));
    await settle();
    (first.component as unknown as { detach(): void }).detach();
    s.callReturn.captureCallReturn(
      { scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: 's-4', duration: 9 } } },
      true,
    );

    const page = openPage(SHEET);
    await shown();
    expect(page.component.data).toMatchObject({ show: true, title: '李四' });
  });
});

describe('wrap-up sheet: every call starts with an empty note', () => {
  const ZHANG_NOTE = '张三：下周二再打，备用 139 0013 9000，zhang@example.com';

  /** Places a call from the sheet's host page and brings TCCC's result back into the same sheet. */
  async function nextCall(s: Services, who: { phone: string; name: string }, extraData: unknown): Promise<void> {
    currentWxFake().tap(() => s.launcher.launchCall(who));
    await settle();
    jest.setSystemTime(Date.now() + 60_000);
    s.callReturn.captureCallReturn({ scene: 1038, referrerInfo: { appId: TCCC, extraData } }, false);
    await shown();
  }

  async function wrapUpZhang() {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-0');
    await typeInto(page.component, '#note', ZHANG_NOTE);
    await tap(page.component, '#save', '.van-button');
    await shown();
    await nextCall(s, { phone: '139 0013 9001', name: '李四' }, { sessionId: 's-9', duration: 0, closeBy: 'seat' });
    expect(page.component.data).toMatchObject({ show: true, title: '李四' });
    return { page, s };
  }

  function liCall(s: Services): CallRecord | undefined {
    return calls(s).find((r) => r.name === '李四');
  }

  it("李四's sheet shows an empty note, and saving it untouched stores an empty note", async () => {
    const { page, s } = await wrapUpZhang();
    expect(shownValue(page.component, '#note')).toBe('');
    await tap(page.component, '#outcome-2');
    await tap(page.component, '#save', '.van-button');
    expect(liCall(s)).toMatchObject({ outcome: '未接通', note: '' });
    expect(calls(s).find((r) => r.name === '张三')?.note).toBe(ZHANG_NOTE);
  });

  it("adding to 李四's note never saves 张三's note on her call", async () => {
    const { page, s } = await wrapUpZhang();
    // The agent types on after whatever the box shows.
    await typeInto(page.component, '#note', `${shownValue(page.component, '#note')}无人接听`);
    await tap(page.component, '#outcome-2');
    await tap(page.component, '#save', '.van-button');
    expect(liCall(s)?.note).toBe('无人接听');
  });

  it('a note typed and then skipped is not shown on the next call', async () => {
    const { page, s } = await callAndReturn();
    await typeInto(page.component, '#note', ZHANG_NOTE);
    await tap(page.component, '#skip', '.van-button');
    await shown();
    await nextCall(s, { phone: '139 0013 9001', name: '李四' }, { sessionId: 's-9', duration: 3, closeBy: 'client' });
    expect(shownValue(page.component, '#note')).toBe('');
    await tap(page.component, '#outcome-0');
    await tap(page.component, '#save', '.van-button');
    expect(liCall(s)?.note).toBe('');
  });

  it('opening one 待小结 after another (as 通话记录 does) shows each call its own note', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#skip', '.van-button');
    await nextCall(s, { phone: '139 0013 9001', name: '李四' }, { sessionId: 's-9', duration: 3, closeBy: 'client' });
    await tap(page.component, '#skip', '.van-button');
    await shown();
    const [li, zhang] = calls(s);
    const openFor = (id: string) => (page.instance.openFor as (id: string) => boolean).call(page.instance, id);

    expect(openFor(zhang?.id ?? '')).toBe(true);
    await shown();
    await typeInto(page.component, '#note', ZHANG_NOTE);
    await tap(page.component, '#skip', '.van-button');
    await shown();

    expect(openFor(li?.id ?? '')).toBe(true);
    await shown();
    expect(page.component.data.title).toBe('李四');
    expect(shownValue(page.component, '#note')).toBe('');
    await typeInto(page.component, '#note', `${shownValue(page.component, '#note')}已加微信`);
    await tap(page.component, '#outcome-0');
    await tap(page.component, '#save', '.van-button');
    expect(liCall(s)?.note).toBe('已加微信');

    // Reopening 张三 shows what is stored for him (nothing: his typed note was skipped), not the last text typed.
    expect(openFor(zhang?.id ?? '')).toBe(true);
    await shown();
    expect(shownValue(page.component, '#note')).toBe('');
  });
});

describe('wrap-up sheet: 勿扰 and the layout', () => {
  it('勿扰 disables 重拨 and says why; another outcome enables it again', async () => {
    const { page, s } = await callAndReturn();
    await tap(page.component, '#outcome-7');
    expect(find(page.component, '#redial').data.disabled).toBe(true);
    expect(textOf(page.component)).toContain('客户要求勿扰，不能重拨');
    await tapInGesture(page.component, '#redial', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toHaveLength(1);
    expect(calls(s)).toHaveLength(1);

    await tap(page.component, '#outcome-3');
    expect(find(page.component, '#redial').data.disabled).toBe(false);
    expect(textOf(page.component)).not.toContain('不能重拨');
  });

  it('the note box grows with the note instead of clipping it', async () => {
    const { page } = await callAndReturn();
    const note = find(page.component, '#note');
    expect(note.data.autosize).toEqual(expect.objectContaining({ minHeight: expect.any(Number) }));
    expect(note.data.autosize).not.toHaveProperty('maxHeight');
  });

  it('the custom callback picker labels its columns 年/月/日/时/分', async () => {
    const { page } = await callAndReturn();
    await tap(page.component, '#outcome-6');
    await tap(page.component, '#when-custom');
    await shown();
    const text = textOf(page.component);
    for (const label of ['2026年', '11月', '24日', '11时', '00分']) expect(text).toContain(label);
    // The labelled columns still read back as the time they show.
    find(page.component, '#due-picker', '.van-datetime-picker', '.van-picker__confirm').dispatchEvent('tap');
    await shown();
    expect(page.component.data).toMatchObject({ dueAt: NOW + 60_000 + 3_600_000, dueLabel: '今天 11:01' });
  });
});

describe('wrap-up sheet: 跳过 sticks', () => {
  it('a skipped sheet is not offered again after a cold start minutes later; the badge still counts the call', async () => {
    const badge = jest.fn();
    Object.assign(wx, { setTabBarBadge: badge, removeTabBarBadge: jest.fn() });
    const { page } = await callAndReturn();
    await tap(page.component, '#skip', '.van-button');
    await shown();

    // WeChat destroys the app in the background; the agent opens it again three minutes later.
    (page.component as unknown as { detach(): void }).detach();
    currentWxFake().destroy();
    jest.setSystemTime(NOW + 3 * 60_000);
    startApp();
    badge.mockClear();
    const again = openPage(SHEET);
    await shown();

    expect(again.component.data.show).toBe(false);
    expect(badge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 2, text: '1' }));
  });

  it('a call whose sheet was never shown is still offered after a cold start', async () => {
    const first = openPage(SHEET);
    const s = services();
    currentWxFake().tap(() => s.launcher.launchCall({ phone: '13800138000', name: '李四' }));
    await settle();
    (first.component as unknown as { detach(): void }).detach();
    currentWxFake().destroy();
    jest.setSystemTime(NOW + 60_000);
    startApp({
      scene: 1038,
      referrerInfo: { appId: TCCC, extraData: { sessionId: 's-6', duration: 12, closeBy: 'client' } },
    });

    const page = openPage(SHEET);
    await shown();
    expect(page.component.data).toMatchObject({ show: true, title: '李四' });
  });
});
