import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { configureAgent, settle } from '../../../tools/page-harness/appHarness';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { SETTINGS_KEY } from '../../../miniprogram/services/settingsStore';
import { DEFAULT_OUTCOME_CODES } from '../../../miniprogram/core/agentSettings';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { realisticCall } from '../../../tools/fixtures/calls';

/** The do-not-call sheet (components/dnc-list) on the settings page. */
function dncList(page: ReturnType<typeof openPage>): ReturnType<typeof find> {
  return find(page.component, '#dnc-list');
}

/** The outcome codes editor (components/outcome-codes-editor) on the settings page. */
function codesEditor(page: ReturnType<typeof openPage>): ReturnType<typeof find> {
  return find(page.component, '#outcome-codes');
}

describe('settings page', () => {
  it('saves the TCCC account when the real vant save button is tapped', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', '1400000000');
    await typeInto(page.component, '#userId', 'agent@example.com');

    await tap(page.component, '#save', '.van-button');

    const stored = currentWxFake().storage.get('test', SETTINGS_KEY) as Record<string, unknown>;
    expect(stored).toMatchObject({ schemaVersion: 2, sdkAppId: '1400000000', userId: 'agent@example.com' });
    expect(currentWxFake().toasts).toEqual([{ title: '已保存', icon: 'success' }]);
  });

  it('refuses a non-numeric SDKAppID and shows the error beside the field', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', '14000abc');
    await typeInto(page.component, '#userId', 'agent@example.com');

    await tap(page.component, '#save', '.van-button');

    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(false);
    expect(textOf(page.component)).toContain('SDKAppID 是 10 位数字');
  });

  it('refuses SDKAppID 14, all digits but too short, with the real rule', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', '14');
    await typeInto(page.component, '#userId', 'agent@example.com');

    await tap(page.component, '#save', '.van-button');

    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(false);
    expect(textOf(find(page.component, '#sdkAppId'))).toContain(
      'SDKAppID 是 10 位数字，通常以 140 开头（如 1400000000），在 TCCC 控制台查看',
    );
    expect(textOf(page.component)).not.toContain('纯数字');
  });

  it('shows what was saved before when it opens again', async () => {
    currentWxFake().storage.set('test', SETTINGS_KEY, { schemaVersion: 1, sdkAppId: '1400000001', userId: 'a@b.cn' });
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ sdkAppId: '1400000001', userId: 'a@b.cn' });
  });
});

describe('settings page: every field', () => {
  type Settings = Record<string, unknown>;
  const stored = () => currentWxFake().storage.get('test', SETTINGS_KEY) as Settings;

  async function fillAccount(page: ReturnType<typeof openPage>) {
    await typeInto(page.component, '#sdkAppId', '1400000000');
    await typeInto(page.component, '#userId', 'agent@example.com');
  }

  it('shows one clear message at the top when a call attempt brought the agent here, and goes back once saved', async () => {
    const page = openPage('pages/settings/settings', { reason: 'not-configured' });
    expect(textOf(page.component)).toContain('拨打电话前，请先填写 TCCC 的 SDKAppID 和坐席账号并保存。');
    await fillAccount(page);
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().routes).toEqual([{ api: 'navigateBack', url: '' }]);
    expect(textOf(page.component)).not.toContain('拨打电话前');
  });

  it('no message and no going back when opened from the contacts page', async () => {
    const page = openPage('pages/settings/settings');
    expect(textOf(page.component)).not.toContain('拨打电话前');
    await fillAccount(page);
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().routes).toEqual([]);
  });

  it.each([
    ['#autoExitTime', '45', '自动退出时间为 -1 到 30 秒（-1 表示不自动退出）'],
    ['#skillGroupId', '12a', '技能组 ID 应为数字'],
    ['#callerPhoneNumber', '0755-1234', '主叫号码应为数字'],
    ['#userId', 'agent one', '坐席账号不能含空格，且不超过 128 个字符'],
  ])('%s = %s is refused with the error beside the field', async (field, value, message) => {
    const page = openPage('pages/settings/settings');
    await fillAccount(page);
    await typeInto(page.component, field, value);
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(false);
    expect(textOf(find(page.component, field))).toContain(message);
  });

  it('saves the optional TCCC parameters, envVersion and sound mode picked from a sheet', async () => {
    const fake = currentWxFake();
    const page = openPage('pages/settings/settings');
    await fillAccount(page);
    await typeInto(page.component, '#autoExitTime', '-1');
    await typeInto(page.component, '#skillGroupId', '1001');
    await typeInto(page.component, '#callerPhoneNumber', '075536564058');
    fake.actionSheetAnswers.push(1, 2);
    await tap(page.component, '#envVersion', '.van-cell');
    await tap(page.component, '#soundMode', '.van-cell');
    expect(textOf(page.component)).toContain('本小程序为开发版或体验版时才生效');
    expect(page.component.data).toMatchObject({ envLabel: '体验版', soundLabel: '听筒', dirty: true });

    await tap(page.component, '#save', '.van-button');
    expect(stored()).toMatchObject({
      envVersion: 'trial',
      soundMode: 'ear',
      autoExitTime: '-1',
      skillGroupId: '1001',
      callerPhoneNumber: '075536564058',
    });
    expect(page.component.data.dirty).toBe(false);
  });

  it('sends remarks and masks numbers by default; both switches are saved', async () => {
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ sendRemark: true, maskNumbers: true });
    await fillAccount(page);
    find(page.component, '#sendRemark', '.van-switch').dispatchEvent('tap');
    find(page.component, '#maskNumbers', '.van-switch').dispatchEvent('tap');
    await simulate.sleep(10);
    await tap(page.component, '#save', '.van-button');
    expect(stored()).toMatchObject({ sendRemark: false, maskNumbers: false });
  });

  it('半屏拨打 is off by default, saved when switched on, shown on again when the page reopens', async () => {
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ halfScreen: false });
    expect(textOf(page.component)).toContain('需管理员在小程序后台把 TCCC 加入半屏小程序');
    await fillAccount(page);
    find(page.component, '#halfScreen', '.van-switch').dispatchEvent('tap');
    await simulate.sleep(10);
    expect(page.component.data.halfScreen).toBe(true);
    await tap(page.component, '#save', '.van-button');
    expect(stored()).toMatchObject({ schemaVersion: 2, halfScreen: true });
    jest.resetModules();
    const again = openPage('pages/settings/settings');
    expect(again.component.data.halfScreen).toBe(true);
  });

  it('says when this WeChat cannot open half-screen (base library below 2.20.1), and that calls go full screen', () => {
    currentWxFake().sdkVersion = '2.19.4';
    const page = openPage('pages/settings/settings');
    expect(page.component.data.halfScreenLabel).toBe(
      '微信版本过低（基础库 2.19.4，半屏需 2.20.1 及以上），拨打将以全屏打开',
    );
  });

  it('reads settings stored before 半屏拨打 existed (schema 1) with it off', () => {
    currentWxFake().storage.set('test', SETTINGS_KEY, { schemaVersion: 1, sdkAppId: '1400000001', userId: 'a@b.cn' });
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ sdkAppId: '1400000001', halfScreen: false });
  });

  it('edits the outcome code list: remove, add, refuse an empty list, restore the defaults', async () => {
    const page = openPage('pages/settings/settings');
    await fillAccount(page);
    await tap(codesEditor(page), '#remove-code-0');
    await typeInto(codesEditor(page), '#newCode', '已成交');
    await tap(codesEditor(page), '#add-code', '.van-button');
    await tap(page.component, '#save', '.van-button');
    expect(stored()['outcomeCodes']).toEqual([
      '无意向',
      '未接通',
      '忙线',
      '拒接',
      '空号',
      '预约回拨',
      '勿扰',
      '已成交',
    ]);

    for (let i = 0; i < 8; i += 1) await tap(codesEditor(page), '#remove-code-0');
    expect(textOf(page.component)).toContain('至少保留一个通话结果');
    await tap(page.component, '#save', '.van-button');
    expect(stored()['outcomeCodes']).toHaveLength(8);

    await tap(codesEditor(page), '#reset-codes');
    await tap(page.component, '#save', '.van-button');
    expect(stored()['outcomeCodes']).toEqual([
      '有意向',
      '无意向',
      '未接通',
      '忙线',
      '拒接',
      '空号',
      '预约回拨',
      '勿扰',
    ]);
  });

  it('refuses an outcome code already in the list, beside its box, and counts nothing as changed', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(codesEditor(page), '#newCode', '忙线');
    await tap(codesEditor(page), '#add-code', '.van-button');
    expect(textOf(find(codesEditor(page), '#newCode'))).toContain('已有这个通话结果');
    expect(page.component.data).toMatchObject({ dirty: false, outcomeCodes: [...DEFAULT_OUTCOME_CODES] });
  });
});

describe('settings page: calling hours', () => {
  type Settings = Record<string, unknown>;
  const stored = () => currentWxFake().storage.get('test', SETTINGS_KEY) as Settings;

  async function fillAccount(page: ReturnType<typeof openPage>) {
    await typeInto(page.component, '#sdkAppId', '1400000000');
    await typeInto(page.component, '#userId', 'agent@example.com');
  }

  it('starts at 08:00–21:00 China time and saves what the agent types, written as HH:MM', async () => {
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ callingHoursStart: '08:00', callingHoursEnd: '21:00' });
    expect(textOf(page.component)).toContain('拨打时段（北京时间）');
    await fillAccount(page);
    await typeInto(page.component, '#callingHoursStart', '9:30');
    await typeInto(page.component, '#callingHoursEnd', '20:00');
    await tap(page.component, '#save', '.van-button');
    expect(stored()).toMatchObject({ callingHoursStart: '09:30', callingHoursEnd: '20:00' });
    expect(page.component.data).toMatchObject({ callingHoursStart: '09:30', callingHoursEnd: '20:00' });
  });

  it.each([
    ['#callingHoursStart', '25:00', '开始时间格式如 08:00'],
    ['#callingHoursEnd', '8:00', '结束时间不能与开始时间相同'],
  ])('%s = %s is refused with the error beside the field', async (field, value, message) => {
    const page = openPage('pages/settings/settings');
    await fillAccount(page);
    await typeInto(page.component, field, value);
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(false);
    expect(textOf(find(page.component, field))).toContain(message);
  });
});

describe('settings page: typed values live in page data', () => {
  const TYPED: [string, string][] = [
    ['sdkAppId', '1400000009'],
    ['userId', 'typed@example.com'],
    ['autoExitTime', '5'],
    ['skillGroupId', '77'],
    ['callerPhoneNumber', '075536564058'],
    ['callingHoursStart', '09:00'],
    ['callingHoursEnd', '20:00'],
    ['newCode', '已成交'],
  ];

  /** Where a field's typed value lives: the page's data, or the outcome codes editor's for its new code box. */
  function holderOf(page: ReturnType<typeof openPage>, field: string): ReturnType<typeof find> {
    return field === 'newCode' ? codesEditor(page) : page.component;
  }

  it('every field keeps what was typed in data; leaving without saving and reopening shows what is stored', async () => {
    currentWxFake().openPage({ route: 'pages/contacts/contacts' });
    const page = openPage('pages/settings/settings');
    for (const [field, value] of TYPED) await typeInto(holderOf(page, field), `#${field}`, value);
    expect(Object.fromEntries(TYPED.map(([field]) => [field, holderOf(page, field).data[field]]))).toEqual(
      Object.fromEntries(TYPED),
    );
    expect(currentWxFake().pressBack()).toBe(true);

    const reopened = openPage('pages/settings/settings');
    for (const [field] of TYPED) {
      const expected = field === 'callingHoursStart' ? '08:00' : field === 'callingHoursEnd' ? '21:00' : '';
      expect([field, holderOf(reopened, field).data[field]]).toEqual([field, expected]);
      expect([field, shownValue(holderOf(reopened, field), `#${field}`)]).toEqual([field, expected]);
    }
  });

  it('a saved value is shown as saved (trimmed, HH:MM), and the added outcome code empties its box', async () => {
    const page = openPage('pages/settings/settings');
    await typeInto(page.component, '#sdkAppId', ' 1400000000 ');
    await typeInto(page.component, '#userId', 'agent@example.com');
    await typeInto(page.component, '#callingHoursStart', '7:00');
    await typeInto(codesEditor(page), '#newCode', '已成交');
    await tap(codesEditor(page), '#add-code', '.van-button');
    expect(shownValue(codesEditor(page), '#newCode')).toBe('');
    await tap(page.component, '#save', '.van-button');
    expect(shownValue(page.component, '#sdkAppId')).toBe('1400000000');
    expect(shownValue(page.component, '#callingHoursStart')).toBe('07:00');
  });
});

describe('settings page: unsaved changes', () => {
  const LEAVE_QUESTION = '设置还没有保存，返回将丢弃这些修改。确定返回？';

  /** Settings is opened from the contacts page (联系人 → 设置), so it is never the bottom page. */
  function openFromContacts() {
    const fake = currentWxFake();
    fake.openPage({ route: 'pages/contacts/contacts' });
    return { fake, page: openPage('pages/settings/settings') };
  }

  it('asks before a back tap discards typed changes; cancel keeps them on screen', async () => {
    const { fake, page } = openFromContacts();
    expect(fake.hasUnloadAlert()).toBe(false);
    await typeInto(page.component, '#userId', 'agent@example.com');

    fake.modalAnswers.push(false);
    expect(fake.pressBack()).toBe(false);
    expect(fake.modals).toEqual([{ title: '', content: LEAVE_QUESTION }]);
    expect(page.component.data.userId).toBe('agent@example.com');

    fake.modalAnswers.push(true);
    expect(fake.pressBack()).toBe(true);
    expect(fake.storage.has(SETTINGS_KEY)).toBe(false);
  });

  it('a switch or a picked option counts as a change too', async () => {
    const { fake, page } = openFromContacts();
    find(page.component, '#maskNumbers', '.van-switch').dispatchEvent('tap');
    await simulate.sleep(10);
    expect(fake.hasUnloadAlert()).toBe(true);
  });

  it('goes back without asking once saved', async () => {
    const { fake, page } = openFromContacts();
    await typeInto(page.component, '#sdkAppId', '1400000000');
    await typeInto(page.component, '#userId', 'agent@example.com');
    await tap(page.component, '#save', '.van-button');
    expect(fake.hasUnloadAlert()).toBe(false);
    expect(fake.pressBack()).toBe(true);
    expect(fake.modals).toEqual([]);
  });

  it('says the changes were dropped when the iOS swipe (which WeChat never intercepts) leaves the page', async () => {
    const { fake, page } = openFromContacts();
    await typeInto(page.component, '#userId', 'agent@example.com');
    expect(fake.swipeBack()).toBe(true);
    expect(fake.toasts).toEqual([{ title: '设置未保存，修改已丢弃', icon: 'none' }]);
  });
});

describe('settings page: data', () => {
  // Seeded calls are placed inside the calling hours (08:00–21:00 China time), whenever the tests run.
  beforeEach(() => pinClock(new Date('2026-11-24T10:00:00+08:00').getTime()));
  afterEach(() => jest.useRealTimers());

  async function seed() {
    configureAgent();
    const fake = currentWxFake();
    const launcher =
      require('../../../miniprogram/services/callLauncher') as typeof import('../../../miniprogram/services/callLauncher');
    for (const phone of ['13800138000', '13900139000']) {
      fake.tap(() => launcher.launchCall({ phone }));
      await settle();
      fake.returnFromMiniProgram({ sessionId: `s-${phone}`, duration: 5, closeBy: 'seat' });
    }
    const contacts =
      require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
    contacts.importContacts([{ name: '张三', phone: '13800138000' }]);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13700137000', '勿扰');
  }

  it('shows storage used against the quota and the count of calls and contacts', async () => {
    openPage('pages/settings/settings');
    await seed();
    await settle();
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ callCount: 2, contactCount: 1, dncCount: 1 });
    const text = textOf(page.component);
    expect(text).toMatch(/存储空间.*\d+ KB \/ 10 MB（\d+%）/);
    expect(text).toContain('2 条');
    expect(text).toContain('1 个');
  });

  it('says how many calls are unreadable when a call-history shard was damaged, and copies its data for support', async () => {
    configureAgent();
    const fake = currentWxFake();
    const callLog =
      require('../../../miniprogram/services/callLog') as typeof import('../../../miniprogram/services/callLog');
    callLog.archiveCalls([realisticCall(1), realisticCall(2)]);
    const shardKey = `${callLog.SHARD_PREFIX}1`;
    fake.storage.set('test', shardKey, { damaged: true });
    callLog.forgetCallLogMemory();
    // History finds the damage first (its list reads the shard), as after a restart.
    expect(callLog.listCalls(0, 50).records).toEqual([]);
    const page = openPage('pages/settings/settings');
    expect(page.component.data).toMatchObject({ callCount: 0, damagedCalls: '有 2 条通话记录无法读取' });
    expect(textOf(page.component)).toContain('有 2 条通话记录无法读取');
    await tap(page.component, '#damaged-calls', '.van-cell');
    await settle();
    expect(JSON.parse(fake.clipboard)).toMatchObject({
      quarantined: [{ key: shardKey, calls: 2, data: { damaged: true } }],
    });
  });

  it('clears the call log only after the agent confirms', async () => {
    openPage('pages/settings/settings');
    await seed();
    await settle();
    const page = openPage('pages/settings/settings');
    const fake = currentWxFake();
    fake.modalAnswers.push(false);
    await tap(page.component, '#clear-calls', '.van-cell');
    expect(page.component.data.callCount).toBe(2);
    expect(fake.modals[0]?.title).toBe('清空通话记录');

    await tap(page.component, '#clear-calls', '.van-cell');
    await settle();
    expect(page.component.data).toMatchObject({ callCount: 0, contactCount: 1 });
  });

  it('clear all removes contacts, calls, callbacks and the do-not-call list, and keeps the settings', async () => {
    openPage('pages/settings/settings');
    await seed();
    await settle();
    const page = openPage('pages/settings/settings');
    await tap(page.component, '#clear-all', '.van-cell');
    await settle();
    expect(page.component.data).toMatchObject({ callCount: 0, contactCount: 0, dncCount: 0 });
    expect(currentWxFake().storage.has(SETTINGS_KEY)).toBe(true);
  });

  it('on a team, clear all also clears TCCC outcomes and the outbox, cancels server reminders, and says what stays', async () => {
    openPage('pages/settings/settings');
    await seed();
    await settle();
    const fake = currentWxFake();
    // Bound, but the server is out of reach: whatever is queued stays queued.
    fake.network.online = false;
    wx.setStorageSync('tccc.team', {
      version: 1,
      serverUrl: 'https://team.example.com',
      token: 't'.repeat(40),
      expiresAt: Date.now() + 86_400_000,
      user: { id: 7, name: '坐席甲', role: 'agent', sdkAppId: '1400123456', seatUserId: '' },
      boundAt: Date.now(),
      expired: false,
    });
    const outbox =
      require('../../../miniprogram/services/outbox') as typeof import('../../../miniprogram/services/outbox');
    const callbacks =
      require('../../../miniprogram/services/callbackStore') as typeof import('../../../miniprogram/services/callbackStore');
    const teamDnc =
      require('../../../miniprogram/services/teamDncStore') as typeof import('../../../miniprogram/services/teamDncStore');
    outbox.enqueueCall('k000000001');
    outbox.enqueueCall('k000000002');
    expect(callbacks.addCallback({ phone: '13600136000', dueAt: Date.now() + 3_600_000, callId: 'k000000009' }).ok);
    fake.storage.set('test', 'tccc.outcomes', { v: 1, items: { k000000001: { status: 'busy' } } });
    const teamCopy = { v: 1, serverUrl: 'https://team.example.com', entries: [] };
    fake.storage.set('test', 'tccc.teamDnc', teamCopy);
    expect(teamDnc.queueTeamDnc('13500135000', '勿扰')).toBe(true);
    const teamQueue = fake.storage.get('test', 'tccc.teamDncQueue');

    const page = openPage('pages/settings/settings');
    fake.modalAnswers.push(false);
    await tap(page.component, '#clear-all', '.van-cell');
    const question = fake.modals[0]?.content ?? '';
    expect(question).toContain('TCCC 通话结果');
    expect(question).toContain('还有 2 条通话未同步到团队，清空后不再上传');
    expect(question).toContain('已预约的微信回拨提醒会取消');
    expect(question).toContain('团队勿扰名单会保留');
    expect(fake.storage.has('tccc.outcomes')).toBe(true);

    await tap(page.component, '#clear-all', '.van-cell');
    await settle();
    expect(page.component.data).toMatchObject({ callCount: 0, contactCount: 0, dncCount: 0 });
    expect(fake.storage.has('tccc.outcomes')).toBe(false);
    // What the outbox still holds is the cancellation of the cleared callback's server reminder, nothing else.
    expect(fake.storage.get('test', 'tccc.outbox')).toMatchObject({
      calls: [],
      errors: [],
      callbacks: [{ op: 'cancel', callId: 'k000000009' }],
    });
    expect(fake.storage.get('test', 'tccc.teamDnc')).toEqual(teamCopy);
    expect(fake.storage.get('test', 'tccc.teamDncQueue')).toEqual(teamQueue);
    expect(teamQueue).not.toBeUndefined();
  });

  it('lists the do-not-call numbers masked, and one can be taken off the list', async () => {
    openPage('pages/settings/settings');
    await seed();
    const page = openPage('pages/settings/settings');
    await tap(page.component, '#dnc', '.van-cell');
    await simulate.sleep(80);
    expect(dncList(page).instance.data.rows).toEqual([
      { key: '13700137000', title: '137****7000', detail: expect.stringContaining('勿扰 · ') },
    ]);
    expect(textOf(page.component)).toContain('137****7000');

    await tap(dncList(page), '#dnc-remove-0', '.van-button');
    await settle();
    expect(page.component.data).toMatchObject({ dncCount: 0 });
    expect(dncList(page).instance.data).toMatchObject({ rows: [] });
  });
});

describe('settings page: the do-not-call list', () => {
  type Page = ReturnType<typeof openPage>;
  type DncRow = { key: string; title: string; detail: string };

  function seedList() {
    const contacts =
      require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
    contacts.importContacts([{ name: '张三', phone: '13800138000' }]);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', '勿扰', 1);
    dnc.addDoNotCall('13700137000', '空号', 2);
  }

  async function openList(): Promise<Page> {
    openPage('pages/settings/settings');
    seedList();
    const page = openPage('pages/settings/settings');
    await tap(page.component, '#dnc', '.van-cell');
    await simulate.sleep(80);
    return page;
  }

  const titles = (page: Page) => (dncList(page).instance.data.rows as DncRow[]).map((row) => row.title);

  async function search(page: Page, query: string) {
    await typeInto(find(dncList(page), '#dncSearch'), '.van-search__field', query);
  }

  it('shows the contact name beside the masked number', async () => {
    const page = await openList();
    expect(titles(page)).toEqual(['137****7000', '张三 138****8000']);
    expect(textOf(find(dncList(page), '.dnc-list__rows'))).toContain('张三 138****8000');
  });

  it('searches by name, reason, visible digits or the whole number; hidden digits find nothing', async () => {
    const page = await openList();
    await search(page, '张');
    expect(titles(page)).toEqual(['张三 138****8000']);
    expect(dncList(page).instance.data.query).toBe('张');
    await search(page, '空号');
    expect(titles(page)).toEqual(['137****7000']);
    await search(page, '0013');
    expect(titles(page)).toEqual([]);
    expect(textOf(page.component)).toContain('没有匹配的号码');
    await search(page, '13800138000');
    expect(titles(page)).toEqual(['张三 138****8000']);
  });

  it('takes a number by hand, refuses a bad one with the reason, and clears the box once added', async () => {
    const page = await openList();
    await typeInto(dncList(page), '#dncPhone', '1380013');
    await tap(dncList(page), '#dnc-add', '.van-button');
    expect(textOf(find(dncList(page), '#dncPhone'))).toContain('号码位数不足');
    expect(page.component.data).toMatchObject({ dncCount: 2 });
    expect(dncList(page).instance.data).toMatchObject({ phone: '1380013' });

    await typeInto(dncList(page), '#dncPhone', '139-0013-9000');
    expect(dncList(page).instance.data.phoneError).toBe('');
    await tap(dncList(page), '#dnc-add', '.van-button');
    await settle();
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    expect(dnc.findDoNotCall('13900139000')).toMatchObject({ phone: '13900139000', reason: '手动加入' });
    expect(page.component.data).toMatchObject({ dncCount: 3 });
    expect(dncList(page).instance.data).toMatchObject({ phone: '' });
    expect(titles(page)[0]).toBe('139****9000');
    expect(currentWxFake().toasts).toContainEqual({ title: '已加入勿扰名单', icon: 'success' });

    await typeInto(dncList(page), '#dncPhone', '13900139000');
    await tap(dncList(page), '#dnc-add', '.van-button');
    expect(textOf(find(dncList(page), '#dncPhone'))).toContain('该号码已在勿扰名单');
  });

  it('opens again with an empty search and number box, whatever was typed before', async () => {
    const page = await openList();
    await search(page, '张');
    await typeInto(dncList(page), '#dncPhone', '139');
    await tap(dncList(page), '#dnc-close');
    await tap(page.component, '#dnc', '.van-cell');
    await simulate.sleep(80);
    expect(dncList(page).instance.data).toMatchObject({ query: '', phone: '', phoneError: '' });
    expect(titles(page)).toHaveLength(2);
    expect(shownValue(dncList(page), '#dncSearch')).toBe('');
    expect(shownValue(dncList(page), '#dncPhone')).toBe('');
  });
});
