/** The contacts page with real vant on the wx fake: empty state, grouped window, pinyin search, calls, detail, callbacks. */

import { ROW_HEIGHT, WINDOW_STEP, type ContactRowView } from '../../../miniprogram/core/contactListView';
import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import {
  find,
  measureSetData,
  openPage,
  scrollTo,
  shownValue,
  tap,
  textOf,
  typeInto,
} from '../../../tools/page-harness/page';
import { search } from './contactsDriver';
import { configureAgent, settle } from '../../../tools/page-harness/appHarness';
import { pinClock, tapInGesture } from '../../components/wrap-up-sheet/uiDriver';
import { DEMO_CONTACTS, generatedContacts } from '../../../tools/fixtures/demoContacts';
import { ContactInput } from '../../../miniprogram/core/contact';
import { CallRecord } from '../../../miniprogram/core/callRecord';
import { CALLBACKS_KEY } from '../../../miniprogram/services/callbackStore';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const CONTACTS = 'pages/contacts/contacts';

type Page = ReturnType<typeof openPage>;
type Store = typeof import('../../../miniprogram/services/contactStore');

type RowView = ContactRowView;

/** A connected call to 陈晨 a minute ago, not yet wrapped up. */
function chenCall(id: string): CallRecord {
  return {
    id,
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    phone: '13987654321',
    name: '陈晨',
    contactId: '',
    uui: id,
    startedAt: NOW - 60_000,
    returnedAt: NOW,
    state: 'connected',
    sessionId: 's1',
    duration: 42,
    closeBy: 'client',
    outcome: '',
    note: '',
    error: '',
  };
}

/** Seeds contacts through the real store, in storage, as if imported before this start. */
function seed(contacts: readonly ContactInput[]): Store {
  jest.resetModules();
  const store = require('../../../miniprogram/services/contactStore') as Store;
  store.importContacts(contacts, NOW - 86_400_000);
  return store;
}

/** The store as the page sees it (same module registry as the page opened last). */
function pageStore(): Store {
  return require('../../../miniprogram/services/contactStore') as Store;
}

function data(page: Page): { rows: RowView[]; results: RowView[]; [key: string]: unknown } {
  return page.component.data as { rows: RowView[]; results: RowView[] };
}

beforeEach(() => {
  pinClock(NOW);
});

afterEach(() => {
  jest.useRealTimers();
});

describe('contacts page', () => {
  it('tells a new agent how to add or import contacts, and both buttons lead there', async () => {
    const page = openPage(CONTACTS);
    expect(textOf(page.component)).toContain('还没有联系人');
    expect(textOf(page.component)).toContain('粘贴导入');
    await tap(page.component, '#empty-import', '.van-button');
    await tap(page.component, '#empty-add', '.van-button');
    await tap(page.component, '#settings');
    expect(currentWxFake().routes.map((r) => r.url)).toEqual([
      '/pages/contact-edit/contact-edit?mode=import',
      '/pages/contact-edit/contact-edit',
      '/pages/settings/settings',
    ]);
  });

  it('groups contacts under their pinyin initial, with the company or note and a masked number', () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    const rows = data(page).rows;
    expect(rows[0]).toMatchObject({ header: 'C' });
    // 30 contacts and 13 letter headers: the window of 40 items stops before the last Z rows.
    expect(rows).toHaveLength(40);
    expect(rows.find((r) => r.name === '朱丽')).toBeUndefined();
    const chen = rows.find((r) => r.name === '陈晨');
    expect(chen).toMatchObject({ sub: '鹏城电子', number: '139****4321', last: '' });
    // The letter strip (components/letter-strip) shows every letter while the room beside the list is unmeasured.
    const marks = find(page.component, '#letter-strip').data['jumps'] as { letter: string; index: number }[];
    expect(marks.map((m) => m.letter).join('')).toBe('CFHJLOQSTWXYZ');
    expect(marks.map((m) => m.index)).toEqual(marks.map((_, i) => i));
    expect(textOf(page.component)).toContain('139****4321');
    expect(textOf(page.component)).not.toContain('13987654321');
  });

  it('finds 张三 by typing zs into the real search box, and calls him with one tap', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, 'zs');
    expect(data(page).results.map((r) => r.name)).toEqual(['张三']);
    expect(textOf(page.component)).toContain('找到 1 个联系人');

    await tapInGesture(page.component, '#result-0');
    await settle();
    const jump = currentWxFake().miniProgramJumps[0];
    expect(jump?.inTap).toBe(true);
    expect(jump?.path).toContain(`calleePhone=13800138000&calleeRemark=${encodeURIComponent('张三')}`);
    const pending = require('../../../miniprogram/services/callLog').listCalls(0, 5).records as CallRecord[];
    expect(pending[0]).toMatchObject({ name: '张三', contactId: pageStore().findContactByPhone('13800138000')?.id });
  });

  it('a contact on the do-not-call list is refused with the reason, and 仍要拨打 calls from its own tap', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', '空号', new Date('2026-11-20T09:00:00+08:00').getTime());
    await search(page, 'zs');
    await tapInGesture(page.component, '#result-0');
    await simulate.sleep(80);
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    const confirm = find(page.component, '#dnc-confirm');
    expect(confirm.data).toMatchObject({ show: true, message: '该号码已在勿扰名单（原因：空号，11-20 加入）' });

    await tapInGesture(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);
  });

  it('marks a contact on the do-not-call list with 勿扰 in words, in the list, the search results and the detail', async () => {
    seed(DEMO_CONTACTS);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('138 0013 8000', '空号', new Date('2026-11-20T09:00:00+08:00').getTime());
    const page = openPage(CONTACTS);
    await tap(page.component, '#letter-strip', '#jump-Z');
    const rowText = (name: string): string => {
      const at = data(page).rows.findIndex((r) => r.name === name);
      return textOf(find(page.component, `#row-${at}`));
    };
    expect(rowText('张三')).toContain('勿扰');
    expect(rowText('赵磊')).not.toContain('勿扰');

    await search(page, 'zs');
    expect(textOf(find(page.component, '#result-0'))).toContain('勿扰');

    await tap(page.component, '#result-info-0');
    await simulate.sleep(50);
    expect(textOf(page.component)).toContain('该号码已在勿扰名单（原因：空号，11-20 加入）');
  });

  it('marks a number put on the list by a wrap-up at once, and unmarks one taken off when the page shows again', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    const chen = () => data(page).rows.find((r) => r.name === '陈晨');
    expect(textOf(page.component)).not.toContain('勿扰');
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    const wrapUp =
      require('../../../miniprogram/services/wrapUp') as typeof import('../../../miniprogram/services/wrapUp');
    // A wrap-up on this page may put the number on the list: the call feed's wrap-up refreshes the rows.
    const call = { ...chenCall('d1'), contactId: chen()?.id ?? '' };
    require('../../../miniprogram/services/callLog').archiveCalls([call]);
    wrapUp.saveWrapUp(call, { outcome: '空号', note: '', followUp: { dueAt: 0, addToDoNotCall: true } });
    await simulate.sleep(10);
    expect(chen()).toMatchObject({ dnc: true });
    expect(textOf(page.component)).toContain('勿扰');
    // Taken off in settings: the marker goes when the page shows again.
    dnc.removeDoNotCall('13987654321');
    (page.instance['onShow'] as () => void)();
    await simulate.sleep(10);
    expect(chen()).toMatchObject({ dnc: false });
    expect(textOf(page.component)).not.toContain('勿扰');
  });

  it('searches digits anywhere in the number, the company and the note; clearing shows the list again', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, '6552');
    expect(data(page).results.map((r) => r.name)).toEqual(['赵磊']);
    await search(page, '报价');
    expect(data(page).results.map((r) => r.name)).toEqual(['蒋涛']);
    await search(page, 'qqqq');
    expect(textOf(page.component)).toContain('没有找到匹配的联系人');
    await search(page, '');
    expect(data(page)['searching']).toBe(false);
    expect(data(page).results).toEqual([]);
  });

  it('offers 拨打此号码 and 新建联系人 when a typed number matches no contact', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, '137-1111-2222');
    const text = textOf(page.component);
    expect(text).toContain('没有找到号码为 137 1111 2222 的联系人');
    expect(text).toContain('拨打此号码');
    expect(text).toContain('新建联系人');

    await tapInGesture(page.component, '#miss-call', '.van-button');
    await settle();
    const jump = currentWxFake().miniProgramJumps[0];
    expect(jump?.inTap).toBe(true);
    expect(jump?.path).toContain('calleePhone=13711112222');
    expect(jump?.path).not.toContain('calleeRemark');
    const pending = require('../../../miniprogram/services/callLog').listCalls(0, 5).records as CallRecord[];
    expect(pending[0]).toMatchObject({ phone: '13711112222', name: '', contactId: '' });

    await tap(page.component, '#miss-add', '.van-button');
    expect(currentWxFake().routes.at(-1)?.url).toBe('/pages/contact-edit/contact-edit?phone=13711112222');
  });

  it('keeps the extension of a typed number for the call and the new contact', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, '010-12345678 转 888');
    expect(textOf(page.component)).toContain('没有找到号码为 010 1234 5678 转888 的联系人');
    await tap(page.component, '#miss-add', '.van-button');
    expect(currentWxFake().routes.at(-1)?.url).toBe('/pages/contact-edit/contact-edit?phone=01012345678&ext=888');
  });

  it('finds the contact of a whole number written with +86 or 0086, and offers no new contact for it', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, '+86 138-0013-8000');
    expect(data(page).results.map((r) => r.name)).toEqual(['张三']);
    expect(textOf(page.component)).not.toContain('新建联系人');
    await search(page, '0086 10 6552 8899');
    expect(data(page).results.map((r) => r.name)).toEqual(['赵磊']);
  });

  it('a typed number on the do-not-call list is refused by 拨打此号码 like any other call', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13711112222', '空号', new Date('2026-11-20T09:00:00+08:00').getTime());
    await search(page, '13711112222');
    await tapInGesture(page.component, '#miss-call', '.van-button');
    await simulate.sleep(80);
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(find(page.component, '#dnc-confirm').data).toMatchObject({
      show: true,
      message: '该号码已在勿扰名单（原因：空号，11-20 加入）',
    });
  });

  it('a search that matches nothing says what to change, and offers no call for words or a partial number', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await search(page, '张飞');
    let text = textOf(page.component);
    expect(text).toContain('没有找到匹配的联系人');
    expect(text).toContain('可搜姓名、拼音首字母（如 zs）、号码中连续几位、公司或备注');
    expect(text).not.toContain('拨打此号码');
    expect(() => find(page.component, '#miss-call')).toThrow();

    await search(page, '1371111');
    text = textOf(page.component);
    expect(text).toContain('输入完整号码，即可直接拨打或新建联系人');
    expect(text).not.toContain('拨打此号码');
  });

  it('shows the last call outcome and date on the row after a wrap-up', () => {
    const store = seed(DEMO_CONTACTS);
    const chen = store.findContactByPhone('13987654321');
    store.noteCallForContact({
      id: 'k1',
      sdkAppId: '',
      userId: '',
      phone: '13987654321',
      name: '陈晨',
      contactId: chen?.id ?? '',
      uui: 'k1',
      startedAt: NOW - 86_400_000 - 3_600_000,
      returnedAt: NOW,
      state: 'connected',
      sessionId: 's',
      duration: 42,
      closeBy: 'client',
      outcome: '有意向',
      note: '',
      error: '',
    });
    const page = openPage(CONTACTS);
    expect(data(page).rows.find((r) => r.name === '陈晨')?.last).toBe('有意向 · 昨天 09:00');
  });

  it('opens a contact detail with its call timeline, and calls or edits from there', async () => {
    configureAgent();
    const store = seed(DEMO_CONTACTS);
    const chen = store.findContactByPhone('13987654321');
    const callLog = require('../../../miniprogram/services/callLog');
    callLog.archiveCalls([
      {
        id: 't1',
        sdkAppId: '1400000000',
        userId: 'agent@example.com',
        phone: '13987654321',
        name: '陈晨',
        contactId: chen?.id ?? '',
        uui: 't1',
        startedAt: NOW - 3_600_000,
        returnedAt: NOW - 3_500_000,
        state: 'connected',
        sessionId: 's1',
        duration: 65,
        closeBy: 'client',
        outcome: '预约回拨',
        note: '下周再谈',
        error: '',
      },
    ]);
    const page = openPage(CONTACTS);
    const at = data(page).rows.findIndex((r) => r.name === '陈晨');
    await tap(page.component, `#row-info-${at}`);
    await simulate.sleep(50); // van-popup renders its content after its enter transition starts
    const text = textOf(page.component);
    expect(text).toContain('预约回拨');
    expect(text).toContain('已接通 · 通话 1分05秒 · 客户挂断');
    expect(text).toContain('下周再谈');
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);

    await tapInGesture(page.component, '#contact-detail', '#detail-call', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps[0]?.path).toContain('calleePhone=13987654321');

    await tap(page.component, `#row-info-${at}`);
    await tap(page.component, '#contact-detail', '#detail-edit', '.van-button');
    expect(currentWxFake().routes.at(-1)?.url).toBe(`/pages/contact-edit/contact-edit?id=${chen?.id}`);
  });

  it('shows open callbacks on top, overdue first, then today, then later; calls one back and marks one done', async () => {
    configureAgent();
    seed(DEMO_CONTACTS);
    const item = (id: string, name: string, phone: string, dueAt: number) => ({
      id,
      callId: '',
      contactId: '',
      phone,
      name,
      dueAt,
      createdAt: NOW - 86_400_000,
      done: false,
    });
    currentWxFake().storage.set('test', CALLBACKS_KEY, {
      v: 1,
      items: [
        item('b2', '李四', '13912345678', NOW + 3_600_000),
        item('b1', '王芳', '13800001111', NOW - 3_600_000),
        item('b3', '明日客户', '13800990011', NOW + 2 * 86_400_000),
      ],
    });
    const page = openPage(CONTACTS);
    const callbacks = data(page)['callbacks'] as { title: string; status: string; when: string }[];
    expect(callbacks.map((c) => [c.title, c.status, c.when])).toEqual([
      ['王芳', 'overdue', '今天 09:00'],
      ['李四', 'today', '今天 11:00'],
      ['明日客户', 'later', '后天 10:00'],
    ]);
    expect(textOf(page.component)).toContain('到期 2 个');
    expect(textOf(page.component)).toContain('已逾期');

    await tapInGesture(page.component, '#callback-call-0', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps[0]?.path).toContain('calleePhone=13800001111');

    await tap(page.component, '#callback-done-0');
    expect((data(page)['callbacks'] as { title: string }[]).map((c) => c.title)).toEqual(['李四', '明日客户']);
  });

  it('shows a wrap-up saved on this page at once: the row outcome and the callback on top', async () => {
    const store = seed(DEMO_CONTACTS);
    const chen = store.findContactByPhone('13987654321');
    const page = openPage(CONTACTS);
    // The page's own copies of the services (the wrap-up sheet on this page uses these).
    const callLog = require('../../../miniprogram/services/callLog');
    const wrapUp =
      require('../../../miniprogram/services/wrapUp') as typeof import('../../../miniprogram/services/wrapUp');
    const call = { ...chenCall('w1'), contactId: chen?.id ?? '' };
    callLog.archiveCalls([call]);
    // What the sheet saves: the outcome, then the callback.
    wrapUp.saveWrapUp(call, {
      outcome: '预约回拨',
      note: '',
      followUp: { dueAt: NOW + 3_600_000, addToDoNotCall: false },
    });
    expect(data(page)['callbacks']).toEqual([]);
    await simulate.sleep(10);
    expect((data(page)['callbacks'] as { title: string }[]).map((c) => c.title)).toEqual(['陈晨']);
    expect(data(page).rows.find((r) => r.name === '陈晨')?.last).toBe('预约回拨 · 09:59');
  });

  it('jumps to a letter from the strip, rendering only that part of the list', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await tap(page.component, '#letter-strip', '#jump-Z');
    const rows = data(page).rows;
    expect(rows.some((r) => r.name === '张三')).toBe(true);
    expect(data(page)['scrollTop']).toBeGreaterThan(0);
  });
});

describe('contacts page at 10,000 contacts', () => {
  // These count what setData carries, not how long it takes: 10,000 contacts through simulate is slow on a busy
  // machine, so the default 5 s is not a budget here.
  const SCALE_TIMEOUT_MS = 30_000;

  it(
    'never puts more than the window into setData: opening, scrolling, jumping, searching',
    async () => {
      seed(generatedContacts(10_000));
      const page = openPage(CONTACTS);
      expect(data(page)['total']).toBe(10_000);
      expect(data(page).rows.length).toBeLessThanOrEqual(40);

      const sizes = measureSetData(page);
      (page.instance['onShow'] as () => void)();
      const firstKeys = data(page).rows.map((row) => row.key);
      for (const scrollTop of [640, 700, 5_000, 100_000, 300_000, 640_000]) {
        await scrollTo(page.component, '#list', scrollTop);
        expect(data(page).rows.length).toBeLessThanOrEqual(40);
      }
      // The window really moved: 640,000 px down is about the 10,000th place, none of the first screen's rows.
      const deepKeys = data(page).rows.map((row) => row.key);
      expect(deepKeys.filter((key) => firstKeys.includes(key))).toEqual([]);
      await tap(page.component, '#letter-strip', '#jump-W');
      await search(page, 'z');
      expect(data(page).results.length).toBeLessThanOrEqual(100);
      await search(page, '1391000');

      expect(sizes.length).toBeGreaterThan(5);
      // A window of 40 rows is a few KB; the whole list would be over a megabyte.
      expect(Math.max(...sizes)).toBeLessThan(16 * 1024);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(120 * 1024);
    },
    SCALE_TIMEOUT_MS,
  );

  it(
    'sends nothing when the page shows again and nothing changed',
    () => {
      seed(generatedContacts(10_000));
      const page = openPage(CONTACTS);
      const sizes = measureSetData(page);
      (page.instance['onShow'] as () => void)();
      expect(sizes).toEqual([]);
    },
    SCALE_TIMEOUT_MS,
  );

  it(
    'does not send anything while scrolling inside the same window step',
    async () => {
      seed(generatedContacts(10_000));
      const page = openPage(CONTACTS);
      const sizes = measureSetData(page);
      await scrollTo(page.component, '#list', 10);
      await scrollTo(page.component, '#list', 200);
      expect(sizes).toEqual([]);
      // One step further the window moves, and only then is something sent.
      await scrollTo(page.component, '#list', 200 + WINDOW_STEP * ROW_HEIGHT * 2);
      expect(sizes.length).toBeGreaterThan(0);
    },
    SCALE_TIMEOUT_MS,
  );
});

describe('contacts search box', () => {
  it('the typed search lives in page data and stays on screen while the results change', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(CONTACTS);
    await typeInto(page.component, '#search', '张');
    expect(page.component.data['query']).toBe('张');
    expect(shownValue(page.component, '#search')).toBe('张');
    expect(data(page).results.length).toBeGreaterThan(0);

    await typeInto(page.component, '#search', '');
    expect(page.component.data['query']).toBe('');
    expect(shownValue(page.component, '#search')).toBe('');
    expect(page.component.data['searching']).toBe(false);
  });
});
