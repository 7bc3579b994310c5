/** The wrap-up sheet on the wx fake with real vant: opens on return, saves code and note, callback, do-not-call, redial. */

import simulate from 'miniprogram-simulate';
import type { FakeableAPI } from '@jest/fake-timers';
import { currentWxFake } from '../../fakes/wx';
import { find, openPage, tap, textOf } from '../../helpers/page';
import { configureAgent, settle } from '../../helpers/appHarness';
import { CallRecord } from '../../../miniprogram/core/callRecord';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const REAL_TIMERS: FakeableAPI[] = [
  'nextTick',
  'queueMicrotask',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'requestAnimationFrame',
  'cancelAnimationFrame',
];
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

/** Types into a van-field textarea (page.typeInto handles single-line inputs). */
async function typeIntoTextarea(component: ReturnType<typeof openPage>['component'], selector: string, value: string) {
  const area = find(component, selector)
    .querySelectorAll('.van-field__control')
    .find((c) => c.dom?.tagName === 'WX-TEXTAREA');
  if (area === undefined) throw new Error(`${selector} has no textarea`);
  area.dispatchEvent('input', { detail: { value } });
  await simulate.sleep(10);
}

function calls(s: Services): CallRecord[] {
  return s.callLog.listCalls(0, 100).records;
}

/** Opens the sheet's host, places a call and brings TCCC's result back, as an agent's day goes. */
async function callAndReturn(extraData: unknown = { sessionId: 's-1', duration: 42, closeBy: 'client' }) {
  const page = openPage(SHEET);
  const s = services();
  currentWxFake().tap(() => s.launcher.launchCall({ phone: '138 0013 8000', name: '张三', contactId: 'c1' }));
  await settle();
  jest.setSystemTime(NOW + 60_000);
  s.callReturn.captureCallReturn({ scene: 1038, referrerInfo: { appId: 'wx49e8ab828096cff3', extraData } }, false);
  await shown();
  return { page, s };
}

beforeEach(() => {
  // Only the clock is pinned: simulate and vant's transitions need real timers and animation frames.
  jest.useFakeTimers({ now: NOW, doNotFake: REAL_TIMERS });
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
    await tap(page.component, '#outcome-0');
    await typeIntoTextarea(page.component, '#note', '下周再联系');
    await tap(page.component, '#save', '.van-button');

    expect(calls(s)[0]).toMatchObject({ outcome: '有意向', note: '下周再联系' });
    expect(page.component.data.show).toBe(false);
    expect(currentWxFake().toasts).toContainEqual({ title: '已保存', icon: 'success' });
  });
});
