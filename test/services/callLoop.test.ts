/** The call loop end to end on the wx fake, each scenario in WeChat's real event order. */

import { currentWxFake, TCCC_APP_ID } from '../../tools/wx-fake/wx';
import { configureAgent, settle, startApp } from '../../tools/page-harness/appHarness';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { statsOf } from '../../miniprogram/core/callStats';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

function allCalls(app: ReturnType<typeof startApp>): CallRecord[] {
  return app.callLog.listCalls(0, 1000).records;
}

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] });
  configureAgent();
});

afterEach(() => {
  jest.useRealTimers();
});

/** Both jump modes: full screen (navigateToMiniProgram) and 半屏拨打 (openEmbeddedMiniProgram, approved target). */
const MODES = [
  { mode: 'full screen', halfScreen: false, api: 'navigateToMiniProgram', shownAs: 'full' },
  { mode: 'half-screen', halfScreen: true, api: 'openEmbeddedMiniProgram', shownAs: 'half' },
] as const;

async function tapCall(app: ReturnType<typeof startApp>, phone = '138 0013 8000', name = '张三') {
  const outcome = currentWxFake().tap(() => app.launcher.launchCall({ phone, name, contactId: 'c1' }));
  await settle();
  return outcome;
}

describe.each(MODES)('call loop scenarios ($mode)', ({ halfScreen, api, shownAs }) => {
  beforeEach(() => {
    configureAgent({ halfScreen });
    // The admin added TCCC to the half-screen list (设置 → 第三方设置 → 半屏小程序管理).
    currentWxFake().embeddedApproved.add(TCCC_APP_ID);
  });

  it('a normal return: one connected call with sessionId, duration, closeBy and return time', async () => {
    const fake = currentWxFake();
    const app = startApp();
    const outcome = await tapCall(app);
    expect(outcome.ok).toBe(true);
    expect(fake.miniProgramJumps).toHaveLength(1);
    const jump = fake.miniProgramJumps[0];
    expect(jump?.appId).toBe(TCCC_APP_ID);
    expect([jump?.api, jump?.shownAs]).toEqual([api, shownAs]);
    expect(jump?.path).toBe(
      `/pages/call/call?sdkAppId=1400000000&userId=agent%40example.com&calleePhone=13800138000&calleeRemark=${encodeURIComponent('张三')}&uui=${outcome.ok ? outcome.callId : ''}`,
    );
    expect(allCalls(app).map((c) => c.state)).toEqual(['in-tccc']);

    jest.setSystemTime(NOW + 60_000);
    fake.returnFromMiniProgram({ sessionId: 'f3b1c2d4-0000-4000-8000-00000000abcd', duration: 42, closeBy: 'client' });

    const calls = allCalls(app);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      state: 'connected',
      phone: '13800138000',
      name: '张三',
      contactId: 'c1',
      sessionId: 'f3b1c2d4-0000-4000-8000-00000000abcd',
      duration: 42,
      closeBy: 'client',
      returnedAt: NOW + 60_000,
      startedAt: NOW,
    });
  });

  it('no extraData on return marks no-result; a late result then upgrades the same call', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram(undefined);
    expect(allCalls(app).map((c) => c.state)).toEqual(['no-result']);

    fake.hide();
    fake.returnFromMiniProgram({ sessionId: 'late-1', duration: 0, closeBy: 'seat' });
    const calls = allCalls(app);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'placed-not-connected', sessionId: 'late-1', closeBy: 'seat' });
  });

  it('cancel at the confirmation records a cancelled call and no jump away', async () => {
    const fake = currentWxFake();
    fake.jumpBehaviour = 'cancel';
    // Half-screen asks nothing; WeChat asks when it switches an unapproved target to a normal jump.
    fake.embeddedApproved.clear();
    const app = startApp();
    const told: string[] = [];
    fake.tap(() =>
      app.launcher.launchCall(
        { phone: '13800138000', name: '张三' },
        { onNotLaunched: (_r, message) => told.push(message) },
      ),
    );
    await settle();
    expect(allCalls(app).map((c) => c.state)).toEqual(['cancelled']);
    expect(told).toEqual(['已取消拨打']);
    expect(fake.isAway()).toBe(false);
  });

  it('the tap-gesture failure keeps WeChat message on a failed call', async () => {
    const fake = currentWxFake();
    const app = startApp();
    // Called outside a tap, e.g. after an await: WeChat refuses.
    app.launcher.launchCall({ phone: '13800138000' });
    await settle();
    const calls = allCalls(app);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.state).toBe('failed');
    expect(calls[0]?.error).toBe(`${api}:fail can only be invoked by user TAP gesture.`);
    expect(fake.isAway()).toBe(false);
  });

  it('Android re-delivering the same extraData three times leaves one record', async () => {
    const fake = currentWxFake();
    fake.platform = 'android';
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 's-android', duration: 30, closeBy: 'seat' });
    for (let i = 0; i < 3; i += 1) {
      fake.hide();
      fake.show();
    }
    const calls = allCalls(app);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'connected', sessionId: 's-android', duration: 30 });
  });

  it("Android's re-delivered old result never finishes the next call", async () => {
    const fake = currentWxFake();
    fake.platform = 'android';
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 's-first', duration: 10, closeBy: 'seat' });
    await tapCall(app, '13900139000', '李四');
    // The agent leaves TCCC with the capsule; Android hands back the first call's extraData again.
    fake.show();
    const calls = allCalls(app);
    expect(calls.map((c) => [c.name, c.state, c.sessionId])).toEqual([
      ['李四', 'no-result', ''],
      ['张三', 'connected', 's-first'],
    ]);
  });

  it('a cold start after the app was destroyed in TCCC still finishes the call from storage', async () => {
    const fake = currentWxFake();
    const first = startApp();
    await tapCall(first);
    fake.destroy();

    jest.setSystemTime(NOW + 40 * 60_000);
    const { loadApp } = await import('../../tools/page-harness/appHarness');
    const second = loadApp();
    fake.coldReturnFromMiniProgram({ sessionId: 's-cold', duration: 1800, closeBy: 'client' });
    const calls = allCalls(second);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'connected', sessionId: 's-cold', duration: 1800, name: '张三' });
  });

  it('two calls in a row each get their own result', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app, '13800138000', '张三');
    fake.returnFromMiniProgram({ sessionId: 's-1', duration: 12, closeBy: 'seat' });
    jest.setSystemTime(NOW + 120_000);
    await tapCall(app, '010-1234 5678', '李四');
    fake.returnFromMiniProgram({ sessionId: '', closeBy: 'seat' });
    const calls = allCalls(app);
    expect(calls.map((c) => [c.name, c.phone, c.state, c.sessionId])).toEqual([
      ['李四', '01012345678', 'not-placed', ''],
      ['张三', '13800138000', 'connected', 's-1'],
    ]);
  });

  it('a return from another appId is no call: nothing recorded, nothing counted, and TCCC can still finish ours', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 'x-1', duration: 5, closeBy: 'seat' }, 'wx1111111111111111');
    expect(allCalls(app).map((c) => [c.name, c.state])).toEqual([['张三', 'no-result']]);
    const stats = statsOf(allCalls(app));
    expect(stats).toMatchObject({ calls: 1, placed: 0, connected: 0, talkTotal: 0 });
    expect(JSON.stringify(fake.storage.info().keys.map((k) => fake.storage.rawJson(k)))).not.toContain('x-1');
    // TCCC's own late result still finishes the call.
    fake.hide();
    fake.returnFromMiniProgram({ sessionId: 's-late', duration: 12, closeBy: 'client' });
    expect(allCalls(app)).toEqual([expect.objectContaining({ name: '张三', state: 'connected', sessionId: 's-late' })]);
  });

  it('a TCCC result with a duration beyond a day is a placed call of unknown duration, no talk time', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 's-huge', duration: 1e12, closeBy: 'client' });
    const [call] = allCalls(app);
    expect(call).toMatchObject({ sessionId: 's-huge', duration: null, closeBy: 'client' });
    expect(call?.raw).toEqual({ sessionId: 's-huge', duration: 1e12, closeBy: 'client' });
    expect(statsOf(allCalls(app))).toMatchObject({ placed: 1, connected: 0, unknown: 1, talkTotal: 0 });
  });

  it('a TCCC result with no pending call is kept as an orphan', () => {
    const fake = currentWxFake();
    const app = startApp();
    fake.hide();
    fake.returnFromMiniProgram({ sessionId: 's-stray', duration: 3, closeBy: 'admin' });
    expect(allCalls(app)).toEqual([
      expect.objectContaining({ state: 'orphan', sessionId: 's-stray', closeBy: 'admin' }),
    ]);
  });

  it('extraData with wrong types is read defensively and the raw data kept', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    const garbage = { sessionId: 12345, duration: 'NaN', closeBy: 'timer', extra: [1, 2] };
    fake.returnFromMiniProgram(garbage);
    const [call] = allCalls(app);
    expect(call).toMatchObject({ state: 'placed-not-connected', sessionId: '12345', duration: null, closeBy: 'timer' });
    expect(call?.raw).toEqual(garbage);
  });

  it('a numeric-string duration counts as talk time', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 's-str', duration: '42', closeBy: 'client' });
    expect(allCalls(app)[0]).toMatchObject({ state: 'connected', duration: 42 });
  });

  it('referrerInfo missing altogether (some WeChat versions) still marks the call no-result', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.show({ scene: 1038, referrerInfo: undefined });
    expect(allCalls(app).map((c) => c.state)).toEqual(['no-result']);
  });

  it('a second tap while the jump is in flight starts no second call', () => {
    const fake = currentWxFake();
    const app = startApp();
    const first = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    const second = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'busy', message: '正在打开通话，请稍候' });
    expect(fake.miniProgramJumps).toHaveLength(1);
    expect(app.callLog.countCalls()).toBe(1);
  });

  it('the tap handler does one storage write before the jump', () => {
    const fake = currentWxFake();
    const app = startApp();
    const before = { ...fake.storage.ops };
    let writesAtJump = -1;
    const jump = fake.api[api] as (o: unknown) => unknown;
    (wx as unknown as Record<string, unknown>)[api] = (o: unknown) => {
      writesAtJump = fake.storage.ops.writes - before.writes;
      return jump(o);
    };
    fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(writesAtJump).toBe(1);
  });

  it('refuses to call until the agent account is set, with one clear message', () => {
    configureAgent({ sdkAppId: '', userId: '' });
    const fake = currentWxFake();
    const app = startApp();
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(outcome).toEqual({ ok: false, reason: 'not-configured', message: '请先在设置中填写 SDKAppID 和坐席账号' });
    expect(fake.miniProgramJumps).toHaveLength(0);
  });

  it('refuses a bad number before anything is written', () => {
    const fake = currentWxFake();
    const app = startApp();
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: 'abc123' }));
    expect(outcome.ok).toBe(false);
    expect(app.callLog.countCalls()).toBe(0);
    expect(fake.miniProgramJumps).toHaveLength(0);
  });

  it('storage full at the tap: old calls make room, the call is recorded, and the agent is told', async () => {
    const fake = currentWxFake();
    const app = startApp();
    // A month of history, then the quota shrinks to what is used (contacts grew meanwhile).
    const old = Array.from({ length: 1500 }, (_, i) => ({
      ...({} as CallRecord),
      id: `${(NOW - 30 * 86_400_000 + i * 60_000).toString(36)}aa`,
      sdkAppId: '1400000000',
      userId: 'agent@example.com',
      phone: '13900139000',
      name: '老客户',
      contactId: '',
      uui: '',
      startedAt: NOW - 30 * 86_400_000 + i * 60_000,
      returnedAt: 0,
      state: 'connected' as const,
      sessionId: 's',
      duration: 10,
      closeBy: 'seat',
      outcome: '',
      note: '',
      error: '',
    }));
    app.callLog.archiveCalls(old.map((r) => ({ ...r, uui: r.id })));
    fake.storage.totalLimitBytes = fake.storage.usedBytes() + 50;
    const outcome = await tapCall(app);
    expect(outcome.ok).toBe(true);
    expect(fake.miniProgramJumps).toHaveLength(1);
    fake.returnFromMiniProgram({ sessionId: 's-full', duration: 9, closeBy: 'client' });
    const calls = allCalls(app);
    expect(calls[0]).toMatchObject({ name: '张三', state: 'connected', sessionId: 's-full' });
    expect(calls.length).toBeLessThan(1501);
    expect(fake.modals.map((m) => m.content)).toEqual([
      expect.stringMatching(/^存储空间已满，为腾出空间已删除最早的 \d+ 条通话记录$/),
    ]);
  });

  it('storage full on return: the notice says the oldest call was deleted and not that this call was lost', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app, '13900139000', '老客户');
    fake.returnFromMiniProgram({ sessionId: 's-old', duration: 3, closeBy: 'client' });
    jest.setSystemTime(NOW + 60_000);
    fake.storage.totalLimitBytes = fake.storage.usedBytes() + 300;
    await tapCall(app);
    fake.returnFromMiniProgram({ sessionId: 's-new', duration: 9, closeBy: 'client' });
    // What happened: the new call is kept with its result; the one older call made room for it.
    expect(allCalls(app).map((c) => [c.name, c.state])).toEqual([['张三', 'connected']]);
    expect(fake.modals.map((m) => m.content)).toEqual(['存储空间已满，为腾出空间已删除最早的 1 条通话记录']);
  });

  it('storage full on return with nothing to delete: says the result was not saved, and nothing about deleting', async () => {
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    fake.storage.totalLimitBytes = fake.storage.usedBytes();
    fake.returnFromMiniProgram({ sessionId: 's-lost', duration: 9, closeBy: 'client' });
    expect(allCalls(app).map((c) => [c.name, c.state])).toEqual([['张三', 'in-tccc']]);
    expect(fake.modals.map((m) => m.content)).toEqual(['存储空间已满，本次通话结果未能保存，请在设置中清理数据']);
  });

  it('storage full with nothing left to evict: the call is refused before the jump, with a clear message', () => {
    const fake = currentWxFake();
    const app = startApp();
    fake.storage.totalLimitBytes = fake.storage.usedBytes() + 10;
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(outcome).toEqual({
      ok: false,
      reason: 'storage-full',
      message: '存储空间已满，无法记录通话，请先在设置中清理数据',
    });
    expect(fake.miniProgramJumps).toHaveLength(0);
  });

  it('corrupt storage at a cold start: damaged data is set aside, the pending call survives, calling goes on', async () => {
    const fake = currentWxFake();
    const first = startApp();
    await tapCall(first);
    fake.destroy();
    // While we were away the index was damaged on disk.
    fake.storage.plantRaw(first.callLog.INDEX_KEY, '{"v":2,"shards":[{"k":1,');
    const { loadApp } = await import('../../tools/page-harness/appHarness');
    const second = loadApp();
    fake.coldReturnFromMiniProgram({ sessionId: 's-after-damage', duration: 5, closeBy: 'seat' });
    expect(allCalls(second)[0]).toMatchObject({ state: 'connected', sessionId: 's-after-damage' });
    jest.setSystemTime(NOW + 45 * 60_000);
    await tapCall(second, '13900139000', '李四');
    fake.returnFromMiniProgram({ sessionId: 's-next', duration: 7, closeBy: 'client' });
    expect(allCalls(second).map((c) => c.sessionId)).toEqual(['s-next', 's-after-damage']);
    // Only the index was damaged: it is rebuilt from the shards, and the agent is told no call was affected.
    expect(fake.modals.map((m) => m.content)).toContain(
      '通话记录的目录已损坏，已根据各条记录重建，通话记录本身不受影响',
    );
  });
});

describe('半屏拨打: where WeChat cannot open TCCC half-screen', () => {
  beforeEach(() => {
    configureAgent({ halfScreen: true });
    currentWxFake().embeddedApproved.add(TCCC_APP_ID);
  });

  it('half-screen off: the full-screen jump, even where half-screen is offered', async () => {
    configureAgent({ halfScreen: false });
    const fake = currentWxFake();
    const app = startApp();
    await tapCall(app);
    expect(fake.miniProgramJumps.map((j) => j.api)).toEqual(['navigateToMiniProgram']);
  });

  it('base library below 2.20.1: full screen at once, the call goes through, and the agent is told once', async () => {
    const fake = currentWxFake();
    fake.sdkVersion = '2.19.4';
    const app = startApp();
    await tapCall(app);
    expect(fake.miniProgramJumps.map((j) => [j.api, j.inTap])).toEqual([['navigateToMiniProgram', true]]);
    fake.returnFromMiniProgram({ sessionId: 's-old-wechat', duration: 20, closeBy: 'client' });
    expect(allCalls(app)[0]).toMatchObject({ state: 'connected', sessionId: 's-old-wechat' });
    expect(fake.modals.map((m) => m.content)).toEqual([
      '微信版本过低（基础库 2.19.4，半屏需 2.20.1 及以上），已改为全屏打开 TCCC',
    ]);
    jest.setSystemTime(NOW + 120_000);
    await tapCall(app, '13900139000', '李四');
    fake.returnFromMiniProgram({ sessionId: 's-again', duration: 5, closeBy: 'client' });
    expect(fake.miniProgramJumps.map((j) => j.api)).toEqual(['navigateToMiniProgram', 'navigateToMiniProgram']);
    expect(fake.modals).toHaveLength(1);
  });

  it('a target not approved in the admin console: WeChat opens it full screen with its confirmation; same result path', async () => {
    const fake = currentWxFake();
    fake.embeddedApproved.clear();
    const app = startApp();
    await tapCall(app);
    expect(fake.miniProgramJumps.map((j) => [j.api, j.shownAs])).toEqual([['openEmbeddedMiniProgram', 'full']]);
    fake.returnFromMiniProgram({ sessionId: 's-switched', duration: 8, closeBy: 'seat' });
    expect(allCalls(app)[0]).toMatchObject({ state: 'connected', sessionId: 's-switched' });
  });

  it('a WeChat without half-screen: the call is kept as failed with WeChat’s words, the next tap opens full screen', async () => {
    const fake = currentWxFake();
    fake.hostSupportsEmbedded = false;
    const app = startApp();
    const told: string[] = [];
    fake.tap(() =>
      app.launcher.launchCall(
        { phone: '13800138000', name: '张三' },
        { onNotLaunched: (_r, message) => told.push(message) },
      ),
    );
    await settle();
    expect(allCalls(app)).toEqual([
      expect.objectContaining({ state: 'failed', error: 'openEmbeddedMiniProgram:fail not supported' }),
    ]);
    expect(told).toEqual(['此微信不支持半屏打开 TCCC，已改为全屏打开，请再点一次拨打']);
    jest.setSystemTime(NOW + 60_000);
    const again = await tapCall(app);
    expect(again.ok).toBe(true);
    expect(fake.miniProgramJumps.map((j) => j.api)).toEqual(['openEmbeddedMiniProgram', 'navigateToMiniProgram']);
    fake.returnFromMiniProgram({ sessionId: 's-pc', duration: 3, closeBy: 'client' });
    expect(allCalls(app).map((c) => c.state)).toEqual(['connected', 'failed']);
  });
});

describe('do-not-call list in the call loop', () => {
  function putOnList(reason: string) {
    const dnc =
      require('../../miniprogram/services/doNotCallStore') as typeof import('../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', reason, new Date('2026-11-24T09:00:00+08:00').getTime());
  }

  it('refuses a number on the list with the reason, before anything is recorded or launched', () => {
    const fake = currentWxFake();
    const app = startApp();
    putOnList('勿扰');
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: '+86 138 0013 8000', name: '张三' }));
    expect(outcome).toEqual({
      ok: false,
      reason: 'do-not-call',
      message: '该号码已在勿扰名单（原因：勿扰，11-24 加入）',
    });
    expect(fake.miniProgramJumps).toHaveLength(0);
    expect(allCalls(app)).toEqual([]);
  });

  it('an explicit override calls and records the call as usual', async () => {
    const fake = currentWxFake();
    const app = startApp();
    putOnList('空号');
    const outcome = fake.tap(() =>
      app.launcher.launchCall({ phone: '13800138000', name: '张三', overrideDoNotCall: true }),
    );
    await settle();
    expect(outcome.ok).toBe(true);
    expect(fake.miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);
    expect(allCalls(app)).toEqual([expect.objectContaining({ phone: '13800138000', state: 'in-tccc' })]);
  });

  it('callFromTap without a confirmation component explains the refusal in a modal and does not jump', () => {
    const fake = currentWxFake();
    startApp();
    putOnList('勿扰');
    const flow = require('../../miniprogram/services/callFlow') as typeof import('../../miniprogram/services/callFlow');
    const outcome = fake.tap(() => flow.callFromTap({ phone: '13800138000' }));
    expect(outcome).toMatchObject({ ok: false, reason: 'do-not-call' });
    expect(fake.modals).toEqual([{ title: '勿扰号码', content: '该号码已在勿扰名单（原因：勿扰，11-24 加入）' }]);
    expect(fake.miniProgramJumps).toHaveLength(0);
  });

  it('callFromTap hands the refusal to the page’s dnc-confirm, which can call again from its own tap', () => {
    const fake = currentWxFake();
    startApp();
    putOnList('勿扰');
    const flow = require('../../miniprogram/services/callFlow') as typeof import('../../miniprogram/services/callFlow');
    const asked: [unknown, string][] = [];
    const host = {
      selectComponent: (selector: string) =>
        selector === '#dnc-confirm'
          ? { ask: (request: unknown, prompt: { message: string }) => asked.push([request, prompt.message]) }
          : null,
    };
    fake.tap(() => flow.callFromTap({ phone: '13800138000', name: '张三' }, host));
    expect(asked).toEqual([[{ phone: '13800138000', name: '张三' }, '该号码已在勿扰名单（原因：勿扰，11-24 加入）']]);
    expect(fake.modals).toEqual([]);
  });
});
