import { ENTRY_LIMIT_CHARS } from '../../../tools/wx-fake/storageArea';
import {
  currentWxFake,
  EnterOptions,
  SCENE_BACK_FROM_MINIPROGRAM,
  TCCC_APP_ID,
  WxApiError,
} from '../../../tools/wx-fake/wx';

function errMsgOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as WxApiError).errMsg ?? String(error);
  }
  throw new Error('expected a throw');
}

describe('wx fake: storage', () => {
  it('returns copies, keeps Dates, and answers empty string for a missing key', () => {
    const value = { calls: [1, 2] };
    wx.setStorageSync('a', value);
    value.calls.push(3);
    expect(wx.getStorageSync('a')).toEqual({ calls: [1, 2] });
    wx.setStorageSync('when', new Date(1_700_000_000_000));
    expect(wx.getStorageSync('when')).toEqual(new Date(1_700_000_000_000));
    expect(wx.getStorageSync('missing')).toBe('');
  });

  it('refuses one entry over 1 MB with the error WeChat gives', () => {
    const big = 'x'.repeat(ENTRY_LIMIT_CHARS);
    expect(errMsgOf(() => wx.setStorageSync('k', big))).toBe('setStorageSync:fail:entry size limit reached');
    // key length + JSON length may reach the limit exactly
    const fits = 'x'.repeat(ENTRY_LIMIT_CHARS - 1 - 2);
    expect(() => wx.setStorageSync('k', fits)).not.toThrow();
  });

  it('refuses writes past 10 MB in all with "exceed storage max size 10Mb", and keeps the old data', () => {
    const chunk = 'y'.repeat(1000 * 1000);
    for (let i = 0; i < 10; i += 1) wx.setStorageSync(`chunk${i}`, chunk);
    expect(errMsgOf(() => wx.setStorageSync('one-more', chunk))).toBe(
      'setStorageSync:fail exceed storage max size 10Mb',
    );
    expect(wx.getStorageSync('one-more')).toBe('');
    // replacing a key counts only the difference
    expect(() => wx.setStorageSync('chunk0', chunk)).not.toThrow();
    const info = wx.getStorageInfoSync();
    expect(info.limitSize).toBe(10240);
    expect(info.keys).toHaveLength(10);
    expect(info.currentSize).toBe(Math.ceil((10 * (6 + 1000 * 1000 + 2)) / 1024));
  });

  it('counts UTF-8 bytes of Chinese text in the total', () => {
    wx.setStorageSync('name', '张三');
    expect(currentWxFake().storage.usedBytes()).toBe(4 + 8);
  });

  it('rejects a non-string key like WeChat', () => {
    expect(errMsgOf(() => wx.setStorageSync(undefined as unknown as string, 1))).toBe(
      'setStorageSync:fail parameter error: parameter.key should be String instead of Undefined;',
    );
  });

  it('gives async callbacks on a later tick and promises without callbacks', async () => {
    const order: string[] = [];
    wx.setStorage({ key: 'k', data: 1, success: () => order.push('success'), complete: () => order.push('complete') });
    order.push('after-call');
    await Promise.resolve();
    expect(order).toEqual(['after-call', 'success', 'complete']);
    await expect(wx.getStorage({ key: 'nope' })).rejects.toEqual({ errMsg: 'getStorage:fail data not found' });
    const got = await wx.getStorage({ key: 'k' });
    expect(got.data).toBe(1);
    const fake = currentWxFake();
    fake.storage.totalLimitBytes = 10;
    await expect(wx.setStorage({ key: 'big', data: 'z'.repeat(50) })).rejects.toEqual({
      errMsg: 'setStorage:fail exceed storage max size 10Mb',
    });
  });
});

describe('wx fake: navigateToMiniProgram', () => {
  it('fails outside a tap with the gesture error', async () => {
    await expect(wx.navigateToMiniProgram({ appId: TCCC_APP_ID, path: '/pages/call/call' })).rejects.toEqual({
      errMsg: 'navigateToMiniProgram:fail can only be invoked by user TAP gesture.',
    });
  });

  it('fails after an await inside a tap handler, as WeChat does', async () => {
    const fake = currentWxFake();
    let outcome = '';
    await fake.tap(async () => {
      await Promise.resolve();
      await wx.navigateToMiniProgram({ appId: TCCC_APP_ID }).catch((e: { errMsg: string }) => {
        outcome = e.errMsg;
      });
    });
    expect(outcome).toContain('TAP gesture');
    expect(fake.miniProgramJumps[0]?.inTap).toBe(false);
  });

  it('records the jump, succeeds, and then hides the app', async () => {
    const fake = currentWxFake();
    const events: string[] = [];
    fake.registerApp({ onHide: () => events.push('app.onHide') });
    fake.openPage({ onHide: () => events.push('page.onHide') });
    fake.launch();
    fake.tap(() =>
      wx.navigateToMiniProgram({
        appId: TCCC_APP_ID,
        path: '/pages/call/call?sdkAppId=1',
        envVersion: 'release',
        success: () => events.push('success'),
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['success', 'page.onHide', 'app.onHide']);
    expect(fake.miniProgramJumps).toEqual([
      {
        appId: TCCC_APP_ID,
        path: '/pages/call/call?sdkAppId=1',
        envVersion: 'release',
        extraData: undefined,
        inTap: true,
        api: 'navigateToMiniProgram',
        shownAs: 'full',
      },
    ]);
    expect(fake.isAway()).toBe(true);
  });

  it('fails with "fail cancel" when the user declines the confirmation', async () => {
    const fake = currentWxFake();
    fake.jumpBehaviour = 'cancel';
    const result = await fake.tap(() => wx.navigateToMiniProgram({ appId: TCCC_APP_ID }).catch((e: unknown) => e));
    expect(result).toEqual({ errMsg: 'navigateToMiniProgram:fail cancel' });
    expect(fake.isAway()).toBe(false);
  });
});

describe('wx fake: openEmbeddedMiniProgram (half-screen)', () => {
  type Embedded = (o: Record<string, unknown>) => Promise<unknown>;
  const open = (o: Record<string, unknown>) =>
    (wx as unknown as { openEmbeddedMiniProgram: Embedded }).openEmbeddedMiniProgram(o);

  it('is there from base library 2.20.1 only, and canIUse says so', () => {
    const fake = currentWxFake();
    fake.sdkVersion = '2.19.4';
    expect(wx.canIUse('openEmbeddedMiniProgram')).toBe(false);
    expect(() => fake.tap(() => open({ appId: TCCC_APP_ID }))).toThrow('is not a function');
    fake.sdkVersion = '2.20.1';
    expect(wx.canIUse('openEmbeddedMiniProgram')).toBe(true);
    expect(wx.canIUse('navigateToMiniProgram')).toBe(true);
    expect(wx.getAppBaseInfo().SDKVersion).toBe('2.20.1');
  });

  it('fails outside a tap with the gesture error', async () => {
    currentWxFake().embeddedApproved.add(TCCC_APP_ID);
    await expect(open({ appId: TCCC_APP_ID })).rejects.toEqual({
      errMsg: 'openEmbeddedMiniProgram:fail can only be invoked by user TAP gesture.',
    });
  });

  it('opens an approved target half-screen at once: no confirmation to cancel, then the app hides', async () => {
    const fake = currentWxFake();
    fake.embeddedApproved.add(TCCC_APP_ID);
    fake.jumpBehaviour = 'cancel';
    fake.launch();
    const result = await fake.tap(() => open({ appId: TCCC_APP_ID, path: '/pages/call/call' }));
    expect(result).toEqual({ errMsg: 'openEmbeddedMiniProgram:ok' });
    expect(fake.miniProgramJumps.map((j) => [j.api, j.shownAs, j.inTap])).toEqual([
      ['openEmbeddedMiniProgram', 'half', true],
    ]);
    expect(fake.isAway()).toBe(true);
  });

  it('switches a target the admin did not approve to a normal jump, which asks and can be cancelled', async () => {
    const fake = currentWxFake();
    fake.jumpBehaviour = 'cancel';
    const result = await fake.tap(() => open({ appId: TCCC_APP_ID }).catch((e: unknown) => e));
    expect(result).toEqual({ errMsg: 'openEmbeddedMiniProgram:fail cancel' });
    expect(fake.miniProgramJumps[0]?.shownAs).toBe('full');
    expect(fake.isAway()).toBe(false);
  });

  it('below 2.23.1 needs the target in app.json embeddedAppIdList as well, and a portrait host', () => {
    const fake = currentWxFake();
    fake.embeddedApproved.add(TCCC_APP_ID);
    fake.embeddedApproved.add('wx1111111111111111');
    fake.sdkVersion = '2.22.0';
    // This app lists TCCC in app.json; another target is not listed.
    expect(fake.embeddedShownAs(TCCC_APP_ID)).toBe('half');
    expect(fake.embeddedShownAs('wx1111111111111111')).toBe('full');
    fake.sdkVersion = '2.23.1';
    expect(fake.embeddedShownAs('wx1111111111111111')).toBe('half');
    fake.orientation = 'landscape';
    expect(fake.embeddedShownAs(TCCC_APP_ID)).toBe('full');
  });

  it('fails where WeChat cannot show half-screen at all (e.g. WeChat for PC)', async () => {
    const fake = currentWxFake();
    fake.embeddedApproved.add(TCCC_APP_ID);
    fake.hostSupportsEmbedded = false;
    const result = await fake.tap(() => open({ appId: TCCC_APP_ID }).catch((e: unknown) => e));
    expect(result).toEqual({ errMsg: 'openEmbeddedMiniProgram:fail not supported' });
    expect(fake.isAway()).toBe(false);
  });
});

describe('wx fake: lifecycle driver', () => {
  function recordingApp(events: string[]) {
    return {
      onLaunch: (o: EnterOptions) => events.push(`onLaunch:${o.scene}`),
      onShow: (o: EnterOptions) =>
        events.push(`onShow:${o.scene}:${JSON.stringify(o.referrerInfo?.extraData ?? null)}`),
      onHide: () => events.push('onHide'),
    };
  }

  it('launch runs onLaunch then onShow, and listeners hear every show', () => {
    const fake = currentWxFake();
    const events: string[] = [];
    fake.registerApp(recordingApp(events));
    const listener: WechatMiniprogram.OnAppShowCallback = (o) => void events.push(`listener:${o.scene}`);
    wx.onAppShow(listener);
    fake.launch();
    fake.hide();
    // The typings give offAppShow a different callback type; the runtime takes the same function.
    wx.offAppShow(listener as unknown as WechatMiniprogram.OffAppShowCallback);
    fake.show();
    expect(events).toEqual(['onLaunch:1001', 'onShow:1001:null', 'listener:1001', 'onHide', 'onShow:1001:null']);
    expect(fake.listenerCount('appShow')).toBe(0);
  });

  it('a return from TCCC shows with scene 1038 and the referrer', async () => {
    const fake = currentWxFake();
    const events: string[] = [];
    fake.registerApp(recordingApp(events));
    fake.launch();
    fake.tap(() => wx.navigateToMiniProgram({ appId: TCCC_APP_ID }));
    await Promise.resolve();
    await Promise.resolve();
    const options = fake.returnFromMiniProgram({ sessionId: 's1', duration: 42, closeBy: 'client' });
    expect(options.referrerInfo).toEqual({
      appId: TCCC_APP_ID,
      extraData: { sessionId: 's1', duration: 42, closeBy: 'client' },
    });
    expect(events).toEqual([
      'onLaunch:1001',
      'onShow:1001:null',
      'onHide',
      `onShow:${SCENE_BACK_FROM_MINIPROGRAM}:{"sessionId":"s1","duration":42,"closeBy":"client"}`,
    ]);
    expect(wx.getEnterOptionsSync().scene).toBe(1038);
  });

  it('Android re-delivers the last extraData on every later show; iOS does not', () => {
    const fake = currentWxFake();
    const events: string[] = [];
    fake.registerApp(recordingApp(events));
    fake.platform = 'android';
    fake.launch();
    fake.hide();
    fake.returnFromMiniProgram({ sessionId: 's1' });
    fake.hide();
    fake.show();
    fake.hide();
    fake.show();
    expect(events.filter((e) => e.includes('s1'))).toEqual([
      'onShow:1038:{"sessionId":"s1"}',
      'onShow:1038:{"sessionId":"s1"}',
      'onShow:1038:{"sessionId":"s1"}',
    ]);
    fake.platform = 'ios';
    fake.hide();
    expect(fake.show().referrerInfo).toBeUndefined();
  });

  it('a return with no extraData carries only the appId', () => {
    const fake = currentWxFake();
    fake.launch();
    fake.hide();
    expect(fake.returnFromMiniProgram(undefined).referrerInfo).toEqual({ appId: TCCC_APP_ID });
  });

  it('a cold start forgets memory and listeners but keeps storage', () => {
    const fake = currentWxFake();
    const events: string[] = [];
    fake.registerApp(recordingApp(events));
    wx.onAppShow(() => events.push('old listener'));
    fake.launch();
    wx.setStorageSync('pending', { id: 'c1' });
    fake.hide();
    fake.destroy();
    expect(fake.getApp()).toBeUndefined();
    const fresh: string[] = [];
    fake.registerApp(recordingApp(fresh));
    fake.coldReturnFromMiniProgram({ sessionId: 's9', duration: 5, closeBy: 'seat' });
    expect(fresh).toEqual(['onLaunch:1038', 'onShow:1038:{"sessionId":"s9","duration":5,"closeBy":"seat"}']);
    expect(events.filter((e) => e === 'old listener')).toHaveLength(1);
    expect(wx.getStorageSync('pending')).toEqual({ id: 'c1' });
    expect(wx.getLaunchOptionsSync().referrerInfo?.extraData).toEqual({
      sessionId: 's9',
      duration: 5,
      closeBy: 'seat',
    });
  });

  it('refuses a second App()', () => {
    App({});
    expect(() => App({})).toThrow('App() can only be called once');
  });
});

describe('wx fake: pages and feedback', () => {
  it('checks routes against app.json like WeChat', async () => {
    await expect(wx.navigateTo({ url: '/pages/nope/nope' })).rejects.toEqual({
      errMsg: 'navigateTo:fail page "pages/nope/nope" is not found',
    });
    await expect(wx.navigateTo({ url: '/pages/history/history' })).rejects.toEqual({
      errMsg: 'navigateTo:fail can not navigateTo a tabbar page',
    });
    await expect(wx.switchTab({ url: '/pages/settings/settings' })).rejects.toEqual({
      errMsg: 'switchTab:fail can not switch to no-tabBar page',
    });
    await wx.navigateTo({ url: '/pages/settings/settings?from=test' });
    expect(currentWxFake().routes).toEqual([{ api: 'navigateTo', url: '/pages/settings/settings?from=test' }]);
  });

  it('answers modals and action sheets from the scripted answers', async () => {
    const fake = currentWxFake();
    fake.modalAnswers.push(false);
    const modal = await wx.showModal({ title: '确认', content: '清空数据？' });
    expect(modal.confirm).toBe(false);
    fake.actionSheetAnswers.push(1);
    expect((await wx.showActionSheet({ itemList: ['a', 'b'] })).tapIndex).toBe(1);
    await expect(wx.showActionSheet({ itemList: ['a'] })).rejects.toEqual({ errMsg: 'showActionSheet:fail cancel' });
    await expect(wx.showActionSheet({ itemList: ['1', '2', '3', '4', '5', '6', '7'] })).rejects.toHaveProperty(
      'errMsg',
    );
  });

  it('guards the clipboard behind the privacy agreement', async () => {
    const fake = currentWxFake();
    fake.clipboard = '13800138000';
    expect((await wx.getClipboardData({})).data).toBe('13800138000');
    fake.privacyAuthorized = false;
    await expect(wx.getClipboardData({})).rejects.toEqual({
      errMsg: 'getClipboardData:fail privacy permission is not authorized',
      errno: 104,
    });
  });

  describe('alert before unload', () => {
    function stack() {
      const fake = currentWxFake();
      const closed: string[] = [];
      const bottom = { route: 'pages/contacts/contacts', onUnload: () => closed.push('contacts') };
      const top = { route: 'pages/settings/settings', onUnload: () => closed.push('settings') };
      fake.openPage(bottom);
      fake.openPage(top);
      return { fake, closed, top };
    }

    it('asks with the message on a back tap; cancel keeps the page, confirm closes it', async () => {
      const { fake, closed } = stack();
      const results: string[] = [];
      wx.enableAlertBeforeUnload({ message: '有未保存的修改', success: () => results.push('ok') });
      await Promise.resolve();
      expect(results).toEqual(['ok']);

      fake.modalAnswers.push(false);
      expect(fake.pressBack()).toBe(false);
      expect(fake.modals).toEqual([{ title: '', content: '有未保存的修改' }]);
      expect(fake.pages).toHaveLength(2);

      expect(fake.pressBack()).toBe(true);
      expect(closed).toEqual(['settings']);
      expect(fake.pages).toHaveLength(1);
    });

    it('goes back without asking once disabled, and never intercepts the iOS swipe', () => {
      const first = stack();
      wx.enableAlertBeforeUnload({ message: 'a' });
      wx.disableAlertBeforeUnload({});
      expect(first.fake.hasUnloadAlert()).toBe(false);
      expect(first.fake.pressBack()).toBe(true);
      expect(first.fake.modals).toEqual([]);

      first.fake.openPage(first.top);
      wx.enableAlertBeforeUnload({ message: 'b' });
      expect(first.fake.swipeBack()).toBe(true);
      expect(first.fake.modals).toEqual([]);
      expect(first.closed).toEqual(['settings', 'settings']);
    });

    it('fails without a message and returns no promise', async () => {
      stack();
      const errors: unknown[] = [];
      const returned = wx.enableAlertBeforeUnload({
        message: undefined as unknown as string,
        fail: (e) => errors.push(e.errMsg),
      });
      await Promise.resolve();
      expect(returned).toBeUndefined();
      expect(errors).toEqual([
        'enableAlertBeforeUnload:fail parameter error: parameter.message should be String instead of Undefined;',
      ]);
      expect(currentWxFake().hasUnloadAlert()).toBe(false);
    });
  });
});
