/** The dialer page with real vant on the wx fake: keypad, paste, hints, matches, recent numbers, deep link, calling. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { find, MINIPROGRAM_ROOT, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { configureAgent, settle } from '../../../tools/page-harness/appHarness';
import { pinClock, tapInGesture } from '../../components/wrap-up-sheet/uiDriver';
import { CallRecord } from '../../../miniprogram/core/callRecord';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const DIALER = 'pages/dialer/dialer';

type Page = ReturnType<typeof openPage>;

function callLog(): typeof import('../../../miniprogram/services/callLog') {
  return require('../../../miniprogram/services/callLog');
}

function calls(): CallRecord[] {
  return callLog().listCalls(0, 100).records;
}

const KEY_IDS: Record<string, string> = { '*': 'star', '#': 'hash' };

async function press(page: Page, keys: string): Promise<void> {
  for (const key of keys) await tap(page.component, `#key-${KEY_IDS[key] ?? key}`);
}

function shown(page: Page): { display: string; hint: string; tone: string } {
  const { display, hint, tone } = page.component.data as { display: string; hint: string; tone: string };
  return { display, hint, tone };
}

/** The calleeRemark the last jump to TCCC carried; null when it carried none. */
function sentRemark(): string | null {
  const jumps = currentWxFake().miniProgramJumps;
  const path = jumps[jumps.length - 1]?.path ?? '';
  return new URLSearchParams(path.split('?')[1] ?? '').get('calleeRemark');
}

/** The 备注名 field as the agent sees it, through the shared typing helpers that model WeChat's native input. */
function remarkField(page: Page): { type(text: string): Promise<void>; shown(): string } {
  if (find(page.component, '#remark').dom?.tagName !== 'WX-INPUT') throw new Error('#remark is not a native input');
  return {
    type: (text) => typeInto(page.component, '#remark', text),
    shown: () => shownValue(page.component, '#remark'),
  };
}

/** One call from the dialer, and TCCC's return with a connected result. */
async function callAndReturn(page: Page, sessionId: string): Promise<void> {
  await tapInGesture(page.component, '#call', '.van-button');
  await settle();
  currentWxFake().returnFromMiniProgram({ sessionId, duration: 30, closeBy: 'seat' });
  jest.setSystemTime(Date.now() + 60_000);
}

beforeEach(() => {
  pinClock(NOW);
});

afterEach(() => {
  jest.useRealTimers();
});

describe('dialer keypad', () => {
  it('groups the number as it is typed and says what is still missing', async () => {
    const page = openPage(DIALER);
    await press(page, '1380013');
    expect(shown(page)).toEqual({ display: '138 0013', hint: '号码位数不足', tone: 'hint' });
    expect(textOf(page.component)).toContain('138 0013');

    await press(page, '8000');
    expect(shown(page)).toEqual({ display: '138 0013 8000', hint: '', tone: 'ok' });

    await press(page, '1');
    expect(shown(page)).toMatchObject({ hint: '号码位数过多', tone: 'error' });
  });

  it('shows the extension to key in after connecting', async () => {
    const page = openPage(DIALER);
    await press(page, '01012345678#1234');
    expect(shown(page)).toEqual({ display: '010 1234 5678#1234', hint: '接通后拨分机 1234', tone: 'ok' });
  });

  it('backspace removes one key; a long press clears the number', async () => {
    const page = openPage(DIALER);
    await press(page, '1380');
    await tap(page.component, '#backspace');
    expect(shown(page).display).toBe('138');

    find(page.component, '#backspace').dispatchEvent('longpress');
    await simulate.sleep(10);
    expect(shown(page)).toEqual({ display: '', hint: '', tone: 'none' });
    expect(textOf(page.component)).toContain('输入号码');
  });

  it('keys are at least 56 px tall (128rpx at 375 px wide)', () => {
    const css = fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'pages/dialer/dialer.wxss'), 'utf8');
    const keyHeight = Number(/\.key \{[^}]*?height: (\d+)rpx/.exec(css)?.[1]);
    expect((keyHeight * 375) / 750).toBeGreaterThanOrEqual(56);
  });
});

describe('dialer paste', () => {
  it('pastes a number out of surrounding text, with its extension', async () => {
    const page = openPage(DIALER);
    currentWxFake().clipboard = '+86 138-0013-8000 转 66';
    await tap(page.component, '#paste');
    await settle();
    expect(shown(page)).toEqual({ display: '138 0013 8000#66', hint: '接通后拨分机 66', tone: 'ok' });
  });

  it('takes the digits of text that is not a clean number, so the hint can say why', async () => {
    const page = openPage(DIALER);
    currentWxFake().clipboard = '客户电话：138 0013 800';
    await tap(page.component, '#paste');
    await settle();
    expect(shown(page)).toMatchObject({ display: '138 0013 800', hint: '号码位数不足' });
  });

  it('says so when the clipboard holds no number', async () => {
    const page = openPage(DIALER);
    currentWxFake().clipboard = 'hello';
    await tap(page.component, '#paste');
    await settle();
    expect(currentWxFake().toasts).toContainEqual({ title: '剪贴板中没有电话号码', icon: 'none' });
    expect(shown(page).display).toBe('');
  });

  it('explains a refused privacy agreement instead of failing silently', async () => {
    const page = openPage(DIALER);
    currentWxFake().privacyAuthorized = false;
    currentWxFake().clipboard = '13800138000';
    await tap(page.component, '#paste');
    await settle();
    expect(currentWxFake().toasts).toContainEqual({ title: '未同意隐私保护指引，无法读取剪贴板', icon: 'none' });
    expect(shown(page).display).toBe('');
  });
});

describe('dialer calling', () => {
  it('first run: a call without SDKAppID and agent account leads to settings with the message', async () => {
    const page = openPage(DIALER);
    await press(page, '13800138000');
    await tapInGesture(page.component, '#call', '.van-button');

    const fake = currentWxFake();
    expect(fake.miniProgramJumps).toHaveLength(0);
    expect(fake.routes).toEqual([{ api: 'navigateTo', url: '/pages/settings/settings?reason=not-configured' }]);
    expect(fake.toasts).toContainEqual({ title: '请先在设置中填写 SDKAppID 和坐席账号', icon: 'none' });
  });

  it('calls the typed number with the remark, from the tap, and clears the keypad', async () => {
    configureAgent();
    const page = openPage(DIALER);
    await press(page, '13800138000');
    await remarkField(page).type('王经理');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();

    const jump = currentWxFake().miniProgramJumps[0];
    expect(jump?.inTap).toBe(true);
    expect(jump?.path).toContain(`calleePhone=13800138000&calleeRemark=${encodeURIComponent('王经理')}`);
    expect(calls()).toEqual([expect.objectContaining({ phone: '13800138000', name: '王经理', state: 'in-tccc' })]);
    expect(page.component.data).toMatchObject({ display: '', remark: '' });
  });

  it('an invalid number is refused with its reason and nothing is recorded', async () => {
    configureAgent();
    const page = openPage(DIALER);
    await press(page, '12345678');
    await tapInGesture(page.component, '#call', '.van-button');
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(currentWxFake().toasts).toContainEqual({ title: '号码格式不正确', icon: 'none' });
    expect(calls()).toHaveLength(0);
  });

  it('a number on the do-not-call list is refused with the reason; 仍要拨打 calls from its own tap', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', '勿扰', new Date('2026-11-20T09:00:00+08:00').getTime());
    await press(page, '13800138000');
    expect(shown(page)).toMatchObject({ hint: '该号码已在勿扰名单（原因：勿扰，11-20 加入）', tone: 'error' });

    await tapInGesture(page.component, '#call', '.van-button');
    await simulate.sleep(80);
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(calls()).toHaveLength(0);
    const confirm = find(page.component, '#dnc-confirm');
    expect(confirm.data).toMatchObject({ show: true, message: '该号码已在勿扰名单（原因：勿扰，11-20 加入）' });

    await tapInGesture(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);
    expect(calls()).toEqual([expect.objectContaining({ phone: '13800138000', state: 'in-tccc' })]);
    expect(confirm.data.show).toBe(false);
  });

  it('cancelling the do-not-call confirmation calls nobody', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', '空号');
    await press(page, '13800138000');
    await tapInGesture(page.component, '#call', '.van-button');
    await simulate.sleep(80);
    await tapInGesture(page.component, '#dnc-confirm', '#dnc-cancel', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(calls()).toHaveLength(0);
  });
});

describe('dialer recent numbers and contact matches', () => {
  it('lists recent numbers once each, masked, and a tap fills the number and name', async () => {
    configureAgent();
    let page = openPage(DIALER);
    for (const [keys, remark] of [
      ['13800138000', '张三'],
      ['13900139000', ''],
      ['13800138000', '张三'],
    ]) {
      await press(page, keys as string);
      if (remark !== '') await remarkField(page).type(remark as string);
      await tapInGesture(page.component, '#call', '.van-button');
      await settle();
      currentWxFake().returnFromMiniProgram({ sessionId: `s-${Math.random()}`, duration: 3, closeBy: 'seat' });
      jest.setSystemTime(Date.now() + 60_000);
    }
    page = openPage(DIALER);
    expect(page.component.data.recent).toEqual([
      { label: '张三', dnc: false },
      { label: '139****9000', dnc: false },
    ]);

    await tap(page.component, '#recent-1');
    expect(shown(page).display).toBe('139****9000');
    expect(page.component.data.remark).toBe('');
    await tap(page.component, '#recent-0');
    expect(shown(page).display).toBe('138****8000');
    expect(page.component.data.remark).toBe('张三');
  });

  it('marks recent numbers on the do-not-call list, at once when the wrap-up sheet puts one there', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const { captureCallReturn } =
      require('../../../miniprogram/services/callReturn') as typeof import('../../../miniprogram/services/callReturn');
    /** Dials from the keypad and comes back from TCCC; the result reaches the page's services as app.ts hands it on. */
    const callAndReturn = async (keys: string, extraData: unknown) => {
      await press(page, keys);
      await tapInGesture(page.component, '#call', '.van-button');
      await settle();
      captureCallReturn(currentWxFake().returnFromMiniProgram(extraData), false);
      await simulate.sleep(80);
    };
    await callAndReturn('13900139000', { sessionId: 's-1', duration: 3, closeBy: 'seat' });
    await tapInGesture(page.component, '#wrap-up', '#skip', '.van-button');
    jest.setSystemTime(Date.now() + 60_000);

    // The second call's sheet comes up on the dialer: 空号 puts the number on the list (its switch starts on).
    await callAndReturn('13800138000', { sessionId: 's-2', duration: 0, closeBy: 'client' });
    expect(page.component.data.recent).toEqual([
      { label: '138****8000', dnc: false },
      { label: '139****9000', dnc: false },
    ]);
    const codes = (find(page.component, '#wrap-up').data as { codes: string[] }).codes;
    await tapInGesture(page.component, '#wrap-up', `#outcome-${codes.indexOf('空号')}`);
    await tapInGesture(page.component, '#wrap-up', '#save', '.van-button');
    expect(page.component.data.recent).toEqual([
      { label: '138****8000', dnc: true },
      { label: '139****9000', dnc: false },
    ]);
    // The agent reads it on the chip, in words, before tapping it; the other chip has no mark.
    expect(textOf(find(page.component, '#recent-0'))).toBe('138****8000勿扰');
    expect(find(page.component, '#recent-0').dom?.className).toContain('recent__item--dnc');
    expect(textOf(find(page.component, '#recent-1'))).toBe('139****9000');

    // Taken off the list in settings: back on the dialer the mark is gone.
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.removeDoNotCall('13800138000');
    page.instance.onShow();
    expect(page.component.data.recent).toEqual([
      { label: '138****8000', dnc: false },
      { label: '139****9000', dnc: false },
    ]);
    expect(textOf(find(page.component, '#recent-0'))).toBe('138****8000');
    expect(find(page.component, '#recent-0').dom?.className).not.toContain('recent__item--dnc');
  });

  it('an empty call button brings back the last number instead of calling', async () => {
    configureAgent();
    let page = openPage(DIALER);
    await press(page, '13900139000');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    currentWxFake().returnFromMiniProgram({ sessionId: 's-x', duration: 3, closeBy: 'seat' });
    page = openPage(DIALER);
    await tapInGesture(page.component, '#call', '.van-button');
    expect(shown(page).display).toBe('139****9000');
    expect(currentWxFake().miniProgramJumps).toHaveLength(1);
  });

  it('shows contacts whose number holds the digits typed; a tap fills number and name', async () => {
    const page = openPage(DIALER);
    const contacts =
      require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
    contacts.importContacts([
      { name: '张三', phone: '13800138000', company: '华为' },
      { name: '李四', phone: '13912345678' },
    ]);
    await press(page, '0013');
    expect(page.component.data.matches).toEqual([{ id: expect.any(String), name: '张三', sub: '138****8000 · 华为' }]);
    expect(textOf(page.component)).toContain('张三');

    await tap(page.component, '#match-0');
    expect(shown(page)).toMatchObject({ display: '138****8000', hint: '联系人：张三' });
    expect(page.component.data.remark).toBe('张三');
  });
});

describe('dialer deep link', () => {
  it('prefills number, name and business reference; the call sends the reference as uui', async () => {
    configureAgent();
    const page = openPage(DIALER, { phone: '13800138000', name: encodeURIComponent('王五'), uui: 'ORDER-2026-001' });
    expect(shown(page).display).toBe('138****8000');
    expect(page.component.data.remark).toBe('王五');
    expect(textOf(page.component)).toContain('已从链接填入号码和业务单号');

    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps[0]?.path).toContain('&uui=ORDER-2026-001');
    expect(calls()[0]).toMatchObject({ uui: 'ORDER-2026-001', name: '王五' });
  });

  it.each([
    ['letters in the number', { phone: 'abc' }, '链接中的号码无效：号码中不能有字母'],
    [
      'a phone number in uui',
      { phone: '13800138000', uui: 'ref-13900139000' },
      '链接中的业务参数（uui）不能包含电话号码',
    ],
    [
      'uui over 1024 bytes',
      { phone: '13800138000', uui: 'x'.repeat(1025) },
      '链接中的业务参数（uui）不能超过 1024 字节',
    ],
    ['no number', { name: '王五' }, '链接缺少号码（phone）'],
    ['a name over 32 characters', { phone: '13800138000', name: '名'.repeat(33) }, '链接中的名称过长（最多 32 个字）'],
  ])('refuses a link with %s, with a message, and fills nothing', (_label, query, message) => {
    const page = openPage(DIALER, query as Record<string, string>);
    expect(page.component.data).toMatchObject({ notice: `${message}，未填入号码`, noticeTone: 'error', display: '' });
    expect(textOf(page.component)).toContain(message);
  });

  it('a link opened while the app runs is applied on show, once', async () => {
    const page = openPage(DIALER);
    currentWxFake().hide();
    currentWxFake().show({ path: 'pages/dialer/dialer', query: { phone: '13800138000' }, scene: 1069 });
    expect(shown(page).display).toBe('138****8000');
    // Backspace takes the whole filled number; the same link is not applied again on the next show.
    await tap(page.component, '#backspace');
    currentWxFake().hide();
    currentWxFake().show({ path: 'pages/dialer/dialer', query: { phone: '13800138000' }, scene: 1069 });
    expect(shown(page).display).toBe('');
  });
});

describe('dialer 备注名: the name on screen is the name sent', () => {
  it('a recent name goes when its digits are deleted and another number typed; TCCC, log and chips get none', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13800138000');
    await remark.type('张三');
    await callAndReturn(page, 's-1');

    await tap(page.component, '#recent-0');
    expect(remark.shown()).toBe('张三');
    for (let i = 0; i < 11; i += 1) await tap(page.component, '#backspace');
    expect(remark.shown()).toBe('');
    expect(page.component.data.remark).toBe('');
    await press(page, '01012345678');
    expect(remark.shown()).toBe('');
    await callAndReturn(page, 's-2');

    expect(sentRemark()).toBeNull();
    expect(calls()[0]).toMatchObject({ phone: '01012345678', name: '' });
    expect(page.component.data.recent).toEqual([
      { label: '010****5678', dnc: false },
      { label: '张三', dnc: false },
    ]);
  });

  it('pasting another number over a recent name drops the name', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13800138000');
    await remark.type('张三');
    await callAndReturn(page, 's-1');

    await tap(page.component, '#recent-0');
    currentWxFake().clipboard = '010-12345678 转 888';
    await tap(page.component, '#paste');
    await settle();
    expect(remark.shown()).toBe('');
    expect(page.component.data.remark).toBe('');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBeNull();
    expect(currentWxFake().miniProgramJumps[1]?.path).toContain('calleePhone=01012345678&');
    expect(calls()[0]).toMatchObject({ phone: '01012345678', name: '' });
  });

  it('a name typed for a number goes when that number changes', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13900139000');
    await remark.type('王经理');
    await tap(page.component, '#backspace');
    expect(remark.shown()).toBe('');
    await press(page, '1');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBeNull();
    expect(calls()[0]).toMatchObject({ phone: '13900139001', name: '' });
  });

  it('a name typed before the number stays with it, and an edited recent name is sent as edited', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await remark.type('王经理');
    await press(page, '13900139000');
    expect(remark.shown()).toBe('王经理');
    await callAndReturn(page, 's-1');
    expect(sentRemark()).toBe('王经理');

    await tap(page.component, '#recent-0');
    await remark.type('王总');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBe('王总');
    expect(calls()[0]).toMatchObject({ phone: '13900139000', name: '王总' });
  });

  it("a contact's number typed by hand shows the contact's name in the field; cleared, no name is sent", async () => {
    configureAgent();
    const page = openPage(DIALER);
    const contacts =
      require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
    contacts.importContacts([{ name: '张三', phone: '13800138000' }]);
    const remark = remarkField(page);
    await press(page, '13800138000');
    expect(remark.shown()).toBe('张三');
    await callAndReturn(page, 's-1');
    expect(sentRemark()).toBe('张三');

    await press(page, '13800138000');
    await remark.type('');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBeNull();
    expect(calls()[0]).toMatchObject({ phone: '13800138000', name: '', contactId: expect.any(String) });
  });
});

describe('dialer 备注名: what was typed lives in page data', () => {
  it('keeps the typed name across tabbing away and back, and empties it on screen and in data after a call', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13800138000');
    await remark.type('王经理');
    expect(page.component.data.remark).toBe('王经理');

    // Another tab and back: the page is kept, onShow runs again.
    page.instance.onShow();
    expect(remark.shown()).toBe('王经理');
    expect(page.component.data.remark).toBe('王经理');

    await callAndReturn(page, 's-1');
    expect(sentRemark()).toBe('王经理');
    expect(remark.shown()).toBe('');
    expect(page.component.data.remark).toBe('');

    // The next call: what is on screen (nothing) is what goes.
    await press(page, '13900139000');
    await callAndReturn(page, 's-2');
    expect(sentRemark()).toBeNull();
    expect(calls()[0]).toMatchObject({ phone: '13900139000', name: '' });
    expect(calls()[1]).toMatchObject({ phone: '13800138000', name: '王经理' });
  });

  it('the clear icon empties the field on screen and in data; the call then goes without a name', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13800138000');
    await remark.type('王经理');
    await tap(page.component, '#remark-clear');
    expect(remark.shown()).toBe('');
    expect(page.component.data.remark).toBe('');
    expect(page.component.querySelector('#remark-clear')).toBeUndefined();
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBeNull();
    expect(calls()[0]).toMatchObject({ phone: '13800138000', name: '' });
  });

  it('typing the same name again after a call shows and sends it', async () => {
    configureAgent();
    const page = openPage(DIALER);
    const remark = remarkField(page);
    await press(page, '13800138000');
    await remark.type('王经理');
    await callAndReturn(page, 's-1');
    await press(page, '13900139000');
    await remark.type('王经理');
    expect(remark.shown()).toBe('王经理');
    await tapInGesture(page.component, '#call', '.van-button');
    await settle();
    expect(sentRemark()).toBe('王经理');
  });
});

describe('dialer with 号码脱敏 on: a number the app fills in is masked', () => {
  /** The hidden middle digits must not be on screen anywhere, grouped or not. */
  function expectHidden(page: Page, hidden: RegExp): void {
    expect(textOf(page.component)).not.toMatch(hidden);
    expect(JSON.stringify(page.component.data)).not.toMatch(hidden);
  }

  async function withRecentCall(page: Page): Promise<void> {
    await press(page, '13800138000');
    await remarkField(page).type('张三');
    await callAndReturn(page, 's-1');
  }

  it('a recent chip fills the number masked, with its name', async () => {
    configureAgent();
    const page = openPage(DIALER);
    await withRecentCall(page);
    await tap(page.component, '#recent-0');
    expect(shown(page)).toMatchObject({ display: '138****8000', tone: 'ok' });
    expect(page.component.data.remark).toBe('张三');
    expect(find(page.component, '#number').dom?.textContent).toBe('138****8000');
    expectHidden(page, /0013/);
  });

  it('拨打 on an empty dialer recalls the last number masked', async () => {
    configureAgent();
    const page = openPage(DIALER);
    await withRecentCall(page);
    await tapInGesture(page.component, '#call', '.van-button');
    expect(shown(page).display).toBe('138****8000');
    expectHidden(page, /0013/);
  });

  it('a contact picked from the matches and a deep link fill the number masked', async () => {
    const contacts =
      require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
    let page = openPage(DIALER);
    contacts.importContacts([{ name: '张三', phone: '13800138000' }]);
    await press(page, '138');
    await tap(page.component, '#match-0');
    expect(shown(page)).toMatchObject({ display: '138****8000', hint: '联系人：张三' });
    expectHidden(page, /0013/);

    page = openPage(DIALER, { phone: '13900139000', name: encodeURIComponent('王五') });
    expect(shown(page).display).toBe('139****9000');
    expectHidden(page, /0013/);
  });

  it('keys typed after a filled number show in full; backspace takes them, then clears the filled number and its name', async () => {
    configureAgent();
    const page = openPage(DIALER);
    await withRecentCall(page);
    await tap(page.component, '#recent-0');
    await press(page, '#66');
    expect(shown(page)).toEqual({ display: '138****8000#66', hint: '接通后拨分机 66', tone: 'ok' });
    expect(page.component.data.remark).toBe('张三');

    await tap(page.component, '#backspace');
    await tap(page.component, '#backspace');
    await tap(page.component, '#backspace');
    expect(shown(page).display).toBe('138****8000');
    expectHidden(page, /0013/);

    await tap(page.component, '#backspace');
    expect(shown(page)).toEqual({ display: '', hint: '', tone: 'none' });
    expect(page.component.data.remark).toBe('');
    expectHidden(page, /0013/);
  });

  it('digits the agent types are shown in full, and everything in full when masking is off', async () => {
    configureAgent({ maskNumbers: false });
    const page = openPage(DIALER);
    await withRecentCall(page);
    await tap(page.component, '#recent-0');
    expect(shown(page).display).toBe('138 0013 8000');
    expect(page.component.data.remark).toBe('张三');
    // Unmasked, backspace takes one digit; the number is no longer 张三's, so the name goes.
    await tap(page.component, '#backspace');
    expect(shown(page).display).toBe('138 0013 800');
    expect(page.component.data.remark).toBe('');
  });
});
