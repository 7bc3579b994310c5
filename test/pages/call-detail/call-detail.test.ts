/** The call detail page on the wx fake with real vant: fields, copy, wrap-up, redial, contact link, raw extraData. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { configureAgent, settle } from '../../../tools/page-harness/appHarness';
import { archiveCalls, findCall } from '../../../miniprogram/services/callLog';
import { HISTORY_NOW, makeCall } from '../../../tools/fixtures/callFixtures';
import type { CallChange } from '../../../miniprogram/services/callEvents';

const SESSION = '7f3c2a10-1a2b-4c3d-8e9f-0123456789ab';

function seedCall(overrides: Parameters<typeof makeCall>[0] = { startedAt: HISTORY_NOW - 3_600_000 }) {
  const record = makeCall({
    name: '王五',
    phone: '13800138000',
    contactId: 'c42',
    sessionId: SESSION,
    duration: 95,
    closeBy: 'client',
    uui: 'order-2026-001',
    raw: { sessionId: SESSION, duration: 95, closeBy: 'client', extra: 'x' },
    ...overrides,
  });
  archiveCalls([record]);
  return record;
}

describe('call detail page', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: HISTORY_NOW,
      doNotFake: ['nextTick', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('shows every field, the number masked, sessionId in full', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await simulate.sleep(10);
    const text = textOf(page.component);
    expect(text).toContain('王五');
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
    expect(text).toContain(SESSION);
    expect(textOf(find(page.component, '#field-startedAt'))).toBe('拨打时间2026-11-24 14:30:00');
    expect(textOf(find(page.component, '#field-duration'))).toBe('通话时长1分35秒');
    expect(textOf(find(page.component, '#field-closeBy'))).toBe('挂断方客户挂断');
    expect(textOf(find(page.component, '#field-userId'))).toBe('坐席账号agent@example.com');
  });

  it('copies the sessionId', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await tap(page.component, '#copy-session', '.van-button');
    expect(currentWxFake().clipboard).toBe(SESSION);
    expect(currentWxFake().toasts).toEqual([{ title: '会话 ID 已复制', icon: 'success' }]);
  });

  it('edits the wrap-up: outcome chip and note, saved to the call', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    // The call feed the page's save goes through (openPage loads fresh modules: required after it).
    const feed =
      require('../../../miniprogram/services/callEvents') as typeof import('../../../miniprogram/services/callEvents');
    const heard: CallChange[] = [];
    feed.onCallChange((change) => heard.push(change));
    await tap(page.component, '#outcome-0');
    await typeInto(page.component, '#note', '  下周二再联系 ');
    await tap(page.component, '#save-wrap-up', '.van-button');
    expect(findCall(record.id)).toMatchObject({ outcome: '有意向', note: '下周二再联系' });
    expect(currentWxFake().toasts).toContainEqual({ title: '小结已保存', icon: 'success' });
    expect(page.component.data.dirty).toBe(false);
    // The list learns which row to rewrite.
    expect(heard.map((change) => [change.kind, change.calls.map((call) => call.id)])).toEqual([['edit', [record.id]]]);
  });

  it('says why a copy was refused when the privacy agreement was not accepted', async () => {
    const record = seedCall();
    currentWxFake().privacyAuthorized = false;
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await tap(page.component, '#copy-session', '.van-button');
    expect(currentWxFake().clipboard).not.toBe(SESSION);
    expect(currentWxFake().toasts).toEqual([{ title: '未同意隐私保护指引，无法复制', icon: 'none' }]);
  });

  it('says that a callback is booked in the wrap-up sheet, not here', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await tap(page.component, '#outcome-6');
    expect(page.component.data.outcome).toBe('预约回拨');
    expect(textOf(find(page.component, '#outcome-hint'))).toContain('回拨提醒请在通话结束后的小结面板中预约');
    await tap(page.component, '#outcome-6');
    expect(page.component.data.outcome).toBe('');
    expect(page.component.querySelector('#outcome-hint')).toBeUndefined();
  });

  it('redials from a real tap on the green button, with the same business uui', async () => {
    configureAgent();
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await tap(page.component, '#redial', '.van-button');
    await settle();
    const jumps = currentWxFake().miniProgramJumps;
    expect(jumps).toHaveLength(1);
    expect(jumps[0]?.inTap).toBe(true);
    expect(jumps[0]?.path).toContain('calleePhone=13800138000');
    expect(jumps[0]?.path).toContain('uui=order-2026-001');
  });

  it('links to the contact and keeps the raw extraData folded until opened', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await tap(page.component, '#contact-link', '.van-cell');
    expect(currentWxFake().routes).toEqual([{ api: 'navigateTo', url: '/pages/contact-edit/contact-edit?id=c42' }]);
    expect(page.component.data.openPanels).toEqual([]);
    await tap(page.component, '#tech', '.van-collapse-item__title', '.van-cell');
    await simulate.sleep(50);
    expect(page.component.data.openPanels).toEqual(['tech']);
    expect(textOf(find(page.component, '#tech'))).toContain('"extra": "x"');
  });

  it("folds developer fields (SDKAppID, UUI, record id, raw extraData) under 技术信息, out of the agent's details", async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await simulate.sleep(10);
    const details = textOf(find(page.component, '#details'));
    expect(details).toContain('坐席账号agent@example.com');
    expect(details).not.toContain('SDKAppID');
    expect(details).not.toContain('1400000000');
    expect(details).not.toContain(record.id);
    const tech = find(page.component, '#tech');
    expect(textOf(find(tech, '.van-collapse-item__title'))).toContain('技术信息');
    // Folded at first: the panel's content is rendered but closed.
    expect(page.component.data.openPanels).toEqual([]);
    const techText = textOf(tech);
    expect(techText).toContain('SDKAppID1400000000');
    expect(techText).toContain(`记录 ID${record.id}`);
    expect(techText).toContain('UUIorder-2026-001');
    expect(techText).toContain('"extra": "x"');
  });

  it('has no redial or contact for an orphan result, and says when the call is gone', async () => {
    const orphan = seedCall({
      startedAt: HISTORY_NOW - 60_000,
      state: 'orphan',
      phone: '',
      name: '',
      contactId: '',
      userId: '',
    });
    const page = openPage('pages/call-detail/call-detail', { id: orphan.id });
    expect(page.component.querySelector('#redial')).toBeUndefined();
    expect(page.component.querySelector('#contact-link')).toBeUndefined();
    expect(textOf(page.component)).toContain('未知号码');

    const missing = openPage('pages/call-detail/call-detail', { id: 'nope' });
    expect(textOf(missing.component)).toContain('未找到这条通话记录');
  });

  it('after each save the note box shows exactly the stored note, and the note typed is the one saved', async () => {
    const record = seedCall({ startedAt: HISTORY_NOW - 3_600_000, note: '旧备注' });
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await simulate.sleep(10);
    expect(shownValue(page.component, '#note')).toBe('旧备注');

    await typeInto(page.component, '#note', '旧备注，已加微信');
    expect(page.component.data.note).toBe('旧备注，已加微信');
    await tap(page.component, '#save-wrap-up', '.van-button');
    expect(findCall(record.id)?.note).toBe('旧备注，已加微信');
    expect(shownValue(page.component, '#note')).toBe('旧备注，已加微信');

    // Stored trimmed: the box must show what was stored, not the spaces typed.
    await typeInto(page.component, '#note', '旧备注，已加微信  ');
    await tap(page.component, '#save-wrap-up', '.van-button');
    expect(findCall(record.id)?.note).toBe('旧备注，已加微信');
    expect(shownValue(page.component, '#note')).toBe('旧备注，已加微信');

    await typeInto(page.component, '#note', '');
    await tap(page.component, '#save-wrap-up', '.van-button');
    expect(findCall(record.id)?.note).toBe('');
    expect(shownValue(page.component, '#note')).toBe('');
  });

  it('the note box grows with the note instead of clipping it', async () => {
    const record = seedCall();
    const page = openPage('pages/call-detail/call-detail', { id: record.id });
    await simulate.sleep(10);
    expect(find(page.component, '#note').data.autosize).toEqual({ minHeight: expect.any(Number) });
  });
});
