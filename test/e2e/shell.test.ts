/** @jest-environment node */
/**
 * The browser simulator's app shell in real Chromium: boot, tab bar, page stack lifecycles, toast,
 * and WeChat's storage limits. Assertions read what the page shows (titles, toast, event log).
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { useSimulator } from './simulatorSession';

jest.setTimeout(120_000);

/** The two wx feedback APIs the test calls in the page, promise style. */
interface Feedback {
  showModal(options: object): Promise<unknown>;
  showActionSheet(options: object): Promise<unknown>;
}

const session = useSimulator();
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

describe('the simulator shell', () => {
  it('boots like WeChat: App.onLaunch, App.onShow, then the contacts tab loads and shows', async () => {
    expect(await sim.navigationTitle()).toBe('联系人');
    expect(await sim.selectedTab()).toBe('联系人');
    const events = await sim.events();
    const order = ['App.onLaunch', 'App.onShow', 'pages/contacts/contacts onLoad', 'pages/contacts/contacts onShow'];
    const positions = order.map((prefix) => events.findIndex((line) => line.startsWith(prefix)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('switches pages with the tab bar and keeps tab pages alive', async () => {
    let since = await sim.eventCount();
    await sim.tapTab('拨号');
    expect(await sim.navigationTitle()).toBe('拨号');
    expect(await sim.selectedTab()).toBe('拨号');
    expect(await sim.eventsSince(since)).toEqual(
      expect.arrayContaining([
        'pages/contacts/contacts onHide',
        'pages/dialer/dialer onLoad {}',
        'pages/dialer/dialer onShow',
      ]),
    );

    since = await sim.eventCount();
    await sim.tapTab('联系人');
    const back = await sim.eventsSince(since);
    expect(back).toEqual(expect.arrayContaining(['pages/dialer/dialer onHide', 'pages/contacts/contacts onShow']));
    expect(back).not.toContain('pages/contacts/contacts onLoad {}');
  });

  it('opens settings above contacts and comes back with onUnload and onShow', async () => {
    let since = await sim.eventCount();
    await sim.tapText('设置');
    expect(await sim.navigationTitle()).toBe('设置');
    expect(await sim.page.locator('#sim-nav-back').isVisible()).toBe(true);
    expect(await sim.page.locator('#sim-tabbar').isVisible()).toBe(false);
    expect(await sim.eventsSince(since)).toEqual([
      'pages/contacts/contacts onHide',
      'pages/settings/settings onLoad {}',
      'pages/settings/settings onShow',
      'pages/settings/settings onReady',
    ]);

    since = await sim.eventCount();
    await sim.back();
    expect(await sim.navigationTitle()).toBe('联系人');
    expect(await sim.eventsSince(since)).toEqual([
      'pages/settings/settings onUnload',
      'pages/contacts/contacts onShow',
    ]);
  });

  it('saves the settings and shows WeChat’s toast on the phone', async () => {
    await sim.tapText('设置');
    await sim.currentPage().locator('input').first().fill('1400000001');
    await sim.currentPage().locator('wx-button', { hasText: '保存' }).click();
    expect(await sim.toastText()).toBe('已保存');
    const stored = await sim.page.evaluate(() => window.__sim.storageInfo().keys);
    expect(stored).toContain('tccc.settings');
    await sim.back();
  });

  it('draws showModal and showActionSheet on the phone and answers with what the user taps', async () => {
    const modal = sim.page.evaluate(() =>
      (window as unknown as { wx: Feedback }).wx.showModal({
        title: '删除联系人',
        content: '确定删除张三？',
      }),
    );
    expect(await sim.page.locator('#sim-overlays .sim-modal').innerText()).toContain('确定删除张三？');
    await sim.answerDialog('确定');
    expect(await modal).toMatchObject({ errMsg: 'showModal:ok', confirm: true, cancel: false });

    const sheet = sim.page.evaluate(() =>
      (window as unknown as { wx: Feedback }).wx.showActionSheet({
        itemList: ['呼叫', '复制号码'],
      }),
    );
    await sim.page.locator('#sim-overlays .sim-action-sheet-item', { hasText: '复制号码' }).click();
    expect(await sheet).toMatchObject({ errMsg: 'showActionSheet:ok', tapIndex: 1 });

    const tooMany = await sim.page.evaluate(() =>
      (window as unknown as { wx: Feedback }).wx
        .showActionSheet({
          itemList: ['1', '2', '3', '4', '5', '6', '7'],
        })
        .catch((error: unknown) => error),
    );
    expect(tooMany).toEqual({ errMsg: 'showActionSheet:fail parameter error: itemList should not be large than 6' });
    expect(await sim.page.locator('#sim-overlays .sim-mask').count()).toBe(0);
  });

  it('hands the query to onLoad as written and masks phone numbers in the event log', async () => {
    const since = await sim.eventCount();
    await sim.page.evaluate(() =>
      (window as unknown as { wx: { navigateTo(o: object): void } }).wx.navigateTo({
        url: '/pages/settings/settings?phone=13800138000&from=e2e',
      }),
    );
    expect(await sim.waitForEvent(/settings onLoad/, since)).toBe(
      'pages/settings/settings onLoad {"phone":"138****8000","from":"e2e"}',
    );
    expect((await sim.events()).join('\n')).not.toContain('13800138000');
    await sim.back();
  });

  it('holds WeChat’s storage limits in the browser: 1 MB per key, 10 MB in all', async () => {
    const errors = await sim.page.evaluate(() => {
      const api = (
        window as unknown as { wx: { setStorageSync(k: string, v: unknown): void; removeStorageSync(k: string): void } }
      ).wx;
      const failure = (run: () => void) => {
        try {
          run();
          return 'ok';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      };
      const perKey = failure(() => api.setStorageSync('too-big', 'x'.repeat(1024 * 1024)));
      const chunk = 'x'.repeat(1_000_000);
      const writes: string[] = [];
      for (let i = 0; i < 11; i += 1) writes.push(failure(() => api.setStorageSync(`big-${i}`, chunk)));
      for (let i = 0; i < 11; i += 1) api.removeStorageSync(`big-${i}`);
      return { perKey, writes };
    });
    expect(errors.perKey).toBe('setStorageSync:fail:entry size limit reached');
    expect(errors.writes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(errors.writes[10]).toBe('setStorageSync:fail exceed storage max size 10Mb');
  });

  it('pastes what was put into the clipboard field beside the phone, and shows what the app copies there', async () => {
    const field = sim.page.locator('#sim-clipboard');
    await field.fill('客户电话 138-0013-8000');
    await sim.tapTab('拨号');
    const since = await sim.eventCount();
    await sim.currentPage().locator('#paste').click();
    await sim.waitForEvent(/getClipboardData: read the simulator's clipboard field/, since);
    // Masked or not, the dialer shows the pasted number's first three and last four digits.
    await sim
      .currentPage()
      .getByText(/^\s*138[\s*\d]*8000\s*$/)
      .first()
      .waitFor({ timeout: 10_000 });
    await sim.page.evaluate(() =>
      (window as unknown as { wx: { setClipboardData(o: object): Promise<unknown> } }).wx.setClipboardData({
        data: 'session-e2e',
      }),
    );
    expect(await field.inputValue()).toBe('session-e2e');
  });
});
