/** @jest-environment node */
/**
 * The simulated TCCC mini program in real Chromium: the gesture rule, WeChat's confirmation, the call
 * screen, every way a call ends, and the platform traps (Android re-delivery, destroyed host).
 * Launches go through the simulator's hook, inside a real click, as a tap handler's would.
 */

import { TCCC_APP_ID } from '../../tools/wx-fake/wx';
import { SimulatorPage } from '../../tools/simulator/driver';
import type { CallEndReport } from '../../tools/simulator/contract';
import { useSimulator } from './simulatorSession';

jest.setTimeout(120_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function callPath(remark?: string): string {
  const remarkParam = remark === undefined ? '' : `&calleeRemark=${encodeURIComponent(remark)}`;
  return `/pages/call/call?sdkAppId=1400000000&userId=agent%40example.com&calleePhone=13800138000${remarkParam}&uui=c-1`;
}

interface LoggedOptions {
  scene: number;
  referrerInfo?: { appId: string; extraData?: { sessionId: string; duration: number; closeBy: string } };
}

/** The options object an App lifecycle event carried, as the event log shows it. */
function options(line: string): LoggedOptions {
  return JSON.parse(line.slice(line.indexOf('{'))) as LoggedOptions;
}

/** What the TCCC page reported to the simulator's Node side (which pushes the CDR when a team server runs). */
const reports: CallEndReport[] = [];
const session = useSimulator({}, { onCallEnded: (report) => reports.push(report) });
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

/** Launches TCCC from a tap and allows the jump; resolves once the call screen shows. */
async function startCall(remark?: string): Promise<void> {
  await sim.launchFromTap({ appId: TCCC_APP_ID, path: callPath(remark) });
  await sim.answerDialog('允许');
  await sim.away().locator('.sim-tccc-callee').waitFor();
}

describe('the simulated TCCC mini program', () => {
  it('refuses a jump that no tap started, with WeChat’s gesture error', async () => {
    const since = await sim.eventCount();
    await sim.launchWithoutTap({ appId: TCCC_APP_ID, path: callPath() });
    expect(await sim.waitForEvent(/navigateToMiniProgram/, since)).toBe(
      `navigateToMiniProgram ${TCCC_APP_ID}: navigateToMiniProgram:fail can only be invoked by user TAP gesture.`,
    );
    expect(await sim.page.locator('#sim-overlays .sim-modal').count()).toBe(0);
  });

  it('asks first, and cancelling gives fail cancel without leaving the app', async () => {
    const since = await sim.eventCount();
    await sim.launchFromTap({ appId: TCCC_APP_ID, path: callPath('张三') });
    expect(await sim.page.locator('#sim-overlays .sim-modal').textContent()).toContain(
      '即将打开“腾讯云呼叫中心”小程序',
    );
    await sim.answerDialog('取消');
    expect(await sim.waitForEvent(/navigateToMiniProgram/, since)).toBe(
      `navigateToMiniProgram ${TCCC_APP_ID}: navigateToMiniProgram:fail cancel`,
    );
    expect(await sim.away().isVisible()).toBe(false);
    expect(await sim.eventsSince(since)).not.toContain('App.onHide');
  });

  it('shows the remark instead of the number, and a client hang-up after 42 s returns with scene 1038', async () => {
    const since = await sim.eventCount();
    await startCall('张三');
    expect(await sim.away().locator('.sim-tccc-callee').textContent()).toBe('张三');
    expect(await sim.away().locator('.sim-tccc-params').textContent()).toContain('calleeRemark张三');
    expect(await sim.eventsSince(since)).toContain('App.onHide');

    await sim.endCall('客户挂断', 42);
    const shown = options(await sim.waitForEvent(/^App\.onShow/, since));
    expect(shown.scene).toBe(1038);
    expect(shown.referrerInfo?.appId).toBe(TCCC_APP_ID);
    expect(shown.referrerInfo?.extraData).toMatchObject({ duration: 42, closeBy: 'client' });
    expect(shown.referrerInfo?.extraData?.sessionId).toMatch(UUID);
    expect(await sim.away().isVisible()).toBe(false);
  });

  it('reports an ended call to the Node side with the picked CDR status, the uui and the session id', async () => {
    const since = await sim.eventCount();
    const before = reports.length;
    await startCall('张三');
    await sim.endCall('客户挂断', 0, 'busy');
    const shown = options(await sim.waitForEvent(/^App\.onShow/, since));
    // The page posts the report without waiting for it; the host's return comes first.
    for (let waited = 0; reports.length === before && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reports[before]).toEqual({
      sessionId: shown.referrerInfo?.extraData?.sessionId,
      sdkAppId: '1400000000',
      userId: 'agent@example.com',
      calleePhone: '13800138000',
      uui: 'c-1',
      closeBy: 'client',
      duration: 0,
      endStatus: 'busy',
    });
  });

  it('masks the number when no remark is given', async () => {
    await startCall();
    expect(await sim.away().locator('.sim-tccc-callee').textContent()).toBe('138****8000');
    await sim.endCall('坐席挂断', 3);
  });

  it('flags in the developer panel what TCCC would reject or what must not travel in uui', async () => {
    await sim.launchFromTap({
      appId: TCCC_APP_ID,
      path: '/pages/call/call?sdkAppId=1400000000&calleePhone=13800138000&uui=13800138000',
    });
    await sim.answerDialog('允许');
    const warnings = await sim.away().locator('.sim-tccc-warning').allTextContents();
    expect(warnings).toEqual(['⚠ 缺少必填参数 userId', '⚠ uui 中疑似含有电话号码：个人信息不应放进 uui']);
    await sim.endCall('胶囊退出（无 extraData）');
  });

  it('reports a call that was not placed with an empty sessionId', async () => {
    const since = await sim.eventCount();
    await startCall('张三');
    await sim.endCall('未呼出（sessionId 为空）');
    const shown = options(await sim.waitForEvent(/^App\.onShow/, since));
    expect(shown.referrerInfo?.extraData).toEqual({ sessionId: '', duration: 0, closeBy: 'seat' });
  });

  it('returns with no extraData at all when the agent leaves with the capsule', async () => {
    const since = await sim.eventCount();
    await startCall('张三');
    await sim.endCall('胶囊退出（无 extraData）');
    const shown = options(await sim.waitForEvent(/^App\.onShow/, since));
    expect(shown.scene).toBe(1038);
    expect(shown.referrerInfo).toEqual({ appId: TCCC_APP_ID });
  });

  it('with Android re-delivery on, every later onShow carries the last extraData again', async () => {
    await sim.setSwitch('android', true);
    let since = await sim.eventCount();
    await startCall('张三');
    await sim.endCall('系统挂断', 7);
    const first = options(await sim.waitForEvent(/^App\.onShow/, since));

    since = await sim.eventCount();
    await sim.control('background');
    await sim.control('foreground');
    const again = options(await sim.waitForEvent(/^App\.onShow/, since));
    expect(again.scene).toBe(1038);
    expect(again.referrerInfo?.extraData).toEqual(first.referrerInfo?.extraData);
    await sim.setSwitch('android', false);
  });

  it('with the host destroyed while away, the return is a cold start whose launch carries the referrer', async () => {
    await sim.setSwitch('destroy', true);
    const since = await sim.eventCount();
    await startCall('张三');
    await sim.endCall('客户挂断', 42);
    const launched = options(await sim.waitForEvent(/^App\.onLaunch/, since));
    expect(launched.scene).toBe(1038);
    expect(launched.referrerInfo?.extraData).toMatchObject({ duration: 42, closeBy: 'client' });
    const after = await sim.eventsSince(since);
    const launchAt = after.findIndex((line) => line.startsWith('App.onLaunch'));
    expect(after.slice(launchAt - 1, launchAt + 3).map((line) => line.split(' ')[0])).toEqual([
      'cold',
      'App.onLaunch',
      'App.onShow',
      'pages/contacts/contacts',
    ]);
    // Memory is gone, storage is not: the saved settings are still there.
    expect(await sim.page.evaluate(() => window.__sim.storageInfo().keys)).toContain('tccc.settings');
    await sim.setSwitch('destroy', false);
  });
});
