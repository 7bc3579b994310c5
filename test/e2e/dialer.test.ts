/** @jest-environment node */
/**
 * Issue 5's second flow in the browser simulator (real Chromium, the app's own pages, demo data): dial a
 * number on the keypad, call, TCCC places no call, wrap up as 空号 with 加入勿扰名单 kept on, save; dialling the
 * same number again shows the refusal with its reason, and 拨打 opens the do-not-call confirmation instead of
 * TCCC. With DIALER_SCREENSHOTS_DIR set it saves a picture of each step (docs/screenshots/dialer-dnc/).
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { dialOnKeypad, pageText, shot as shotOf, toastGone } from './agentSteps';
import { useSimulator } from './simulatorSession';

jest.setTimeout(180_000);

const SHOTS_DIR = process.env['DIALER_SCREENSHOTS_DIR'];
/** Not a demo contact: the dialer shows the number itself. */
const NUMBER = '13700137000';
const MASKED = '137****7000';

const session = useSimulator({ deviceScaleFactor: 2 });
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

const shot = (file: string) => shotOf(sim, SHOTS_DIR, file);
const hint = async () => (await sim.currentPage().locator('#hint').innerText()).trim();

describe('dialer and the do-not-call list', () => {
  it('空号 from the wrap-up puts the number on the list; dialling it again is refused with the reason', async () => {
    await dialOnKeypad(sim, NUMBER);
    await shot('dialer-dnc-1-typed.png');
    expect(await sim.currentPage().locator('#number').innerText()).toBe('137 0013 7000');
    expect(await hint()).toBe('');

    await sim.tapText('拨打');
    await shot('dialer-dnc-2-confirm.png');
    expect(await sim.page.locator('#sim-overlays .sim-modal').innerText()).toContain('腾讯云呼叫中心');
    await sim.answerDialog('允许');
    await sim.away().locator('.sim-tccc-callee').waitFor();
    await shot('dialer-dnc-3-tccc.png');
    expect(await sim.away().locator('.sim-tccc-callee').innerText()).toBe(MASKED);

    await sim.endCall('未呼出（sessionId 为空）');
    await shot('dialer-dnc-4-wrap-up.png');
    const sheet = await pageText(sim);
    expect(sheet).toContain('通话结果');
    expect(sheet).toContain(MASKED);
    expect(sheet).not.toContain('加入勿扰名单');

    await sim
      .currentPage()
      .locator('[id^="outcome-"]', { hasText: /^空号$/ })
      .click();
    await shot('dialer-dnc-5-empty-number.png');
    expect(await pageText(sim)).toContain('加入勿扰名单');
    // 空号 turns 加入勿扰名单 on by itself; the agent keeps it on.
    expect(await sim.currentPage().locator('#dnc-switch').innerHTML()).toContain('van-switch--on');

    await sim.currentPage().locator('#save').click();
    await sim.page.waitForTimeout(300);
    await toastGone(sim);
    await shot('dialer-dnc-6-saved.png');
    expect(await pageText(sim)).not.toContain('通话结果');

    // The dialer is empty again after the wrap-up; the agent types the same number a few minutes later.
    expect((await sim.currentPage().locator('#number').innerText()).trim()).toBe('输入号码');
    await sim.passTime(5 * 60_000);
    await dialOnKeypad(sim, NUMBER);
    await shot('dialer-dnc-7-refused.png');
    expect(await hint()).toBe('该号码已在勿扰名单（原因：空号，11-24 加入）');

    const since = await sim.eventCount();
    await sim.tapText('拨打');
    await sim.currentPage().getByText('仍要拨打', { exact: true }).waitFor();
    await shot('dialer-dnc-8-dnc-confirm.png');
    const dialog = await pageText(sim);
    expect(dialog).toContain('勿扰号码');
    expect(dialog).toContain('原因：空号');
    expect(dialog).not.toContain(NUMBER);
    // No WeChat confirmation, no jump: TCCC was never asked.
    expect(await sim.page.locator('#sim-overlays .sim-modal').count()).toBe(0);
    expect(await sim.away().isVisible()).toBe(false);
    expect((await sim.eventsSince(since)).filter((line) => line.startsWith('navigateToMiniProgram'))).toEqual([]);

    await sim.currentPage().locator('#dnc-cancel').click();
    await sim.page.waitForTimeout(300);
    expect(await sim.away().isVisible()).toBe(false);
  });
});
