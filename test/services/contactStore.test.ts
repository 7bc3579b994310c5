import { currentWxFake } from '../../tools/wx-fake/wx';
import { ENTRY_LIMIT_CHARS } from '../../tools/wx-fake/storageArea';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { Contact } from '../../miniprogram/core/contact';
import { DEMO_CONTACTS, generatedContacts } from '../../tools/fixtures/demoContacts';
import { printFigures } from '../helpers/figures';

type Store = typeof import('../../miniprogram/services/contactStore');
type Return = typeof import('../../miniprogram/services/callReturn');
type CallLog = typeof import('../../miniprogram/services/callLog');

/** A fresh copy of the store, as after a cold start: nothing cached in memory. */
function freshStore(): Store {
  jest.resetModules();
  return require('../../miniprogram/services/contactStore') as Store;
}

function storedKeys(): string[] {
  return currentWxFake().storage.info().keys;
}

function call(overrides: Partial<CallRecord>): CallRecord {
  return {
    id: 'call-1',
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    phone: '13800138000',
    name: '张三',
    contactId: '',
    uui: 'call-1',
    startedAt: 1_000,
    returnedAt: 2_000,
    state: 'connected',
    sessionId: 's-1',
    duration: 42,
    closeBy: 'client',
    outcome: '',
    note: '',
    error: '',
    ...overrides,
  };
}

describe('contact store', () => {
  it('saves a contact in dial form and finds it by pinyin initials, digits and company after a restart', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '张三', phone: '138 0013 8000', company: '腾讯云' });
    expect(saved).toMatchObject({ ok: true, contact: { name: '张三', phone: '13800138000', company: '腾讯云' } });
    const again = freshStore();
    expect(again.listContacts().map((c) => c.phone)).toEqual(['13800138000']);
    expect(again.searchContacts('zs').map((c) => c.name)).toEqual(['张三']);
    expect(again.searchContacts('0013').map((c) => c.name)).toEqual(['张三']);
    expect(again.searchContacts('腾讯').map((c) => c.name)).toEqual(['张三']);
    expect(again.findContactByPhone('13800138000')?.name).toBe('张三');
    expect(again.countContacts()).toBe(1);
  });

  it('refuses a bad number with the phone module message, and warns on a duplicate unless the agent insists', () => {
    const store = freshStore();
    expect(store.saveContact({ name: '张三', phone: '1380013' })).toEqual({
      ok: false,
      errors: { phone: '号码位数不足' },
    });
    store.saveContact({ name: '张三', phone: '13800138000' });
    const duplicate = store.saveContact({ name: '张三丰', phone: '138-0013-8000' });
    expect(duplicate).toMatchObject({
      ok: false,
      errors: { phone: '号码与「张三」重复' },
      duplicate: { name: '张三' },
    });
    expect(store.countContacts()).toBe(1);
    expect(store.saveContact({ name: '张三丰', phone: '13800138000' }, { allowDuplicate: true }).ok).toBe(true);
    expect(store.countContacts()).toBe(2);
  });

  it('keeps an extension apart from the dial form, and finds the contact by the main number', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '前台', phone: '010-6552-8899 转 1234' });
    expect(saved).toMatchObject({ ok: true, contact: { phone: '01065528899', extension: '1234' } });
    expect(freshStore().findContactByPhone('01065528899')?.extension).toBe('1234');
  });

  it('edits a contact in place (its own number is no duplicate) and deletes it', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '李四', phone: '13912345678' });
    if (!saved.ok) throw new Error('not saved');
    const edited = store.saveContact({ id: saved.contact.id, name: '李四', phone: '13912345678', note: '新备注' });
    expect(edited).toMatchObject({ ok: true, contact: { id: saved.contact.id, note: '新备注' } });
    expect(freshStore().getContact(saved.contact.id)?.note).toBe('新备注');
    const store2 = freshStore();
    expect(store2.deleteContact(saved.contact.id)).toBe(true);
    expect(freshStore().countContacts()).toBe(0);
  });

  it('imports rows in bulk and counts added, skipped and duplicated', () => {
    const store = freshStore();
    store.saveContact({ name: '张三', phone: '13800138000' });
    const report = store.importContacts([
      { name: '李四', phone: '13912345678' },
      { name: '王五', phone: '1391234' },
      { name: '张三', phone: '13800138000' },
      { name: '李四', phone: '139 1234 5678' },
    ]);
    expect(report).toEqual({ added: 1, skipped: 1, duplicates: 2 });
    expect(freshStore().countContacts()).toBe(2);
  });

  it('keeps 10,000 contacts under the 1 MB per-key limit, in shards, and lists them after a restart', () => {
    const store = freshStore();
    const report = store.importContacts(generatedContacts(10_000));
    expect(report).toEqual({ added: 10_000, skipped: 0, duplicates: 0 });
    const shardKeys = storedKeys().filter((key) => key.startsWith(store.SHARD_PREFIX));
    expect(shardKeys.length).toBeGreaterThanOrEqual(5);
    for (const key of storedKeys()) {
      const json = JSON.stringify(currentWxFake().storage.get('test', key));
      expect(json.length + key.length).toBeLessThan(ENTRY_LIMIT_CHARS);
    }
    const again = freshStore();
    expect(again.countContacts()).toBe(10_000);
    expect(again.contactIndex().groups.length).toBeGreaterThan(10);
    expect(again.searchContacts('13910009999').map((c) => c.phone)).toEqual(['13910009999']);
    // One more contact goes to the newest shard or a new one, never over the limit.
    expect(again.saveContact({ name: '新客户', phone: '13700000000' }).ok).toBe(true);
  });

  it('sets a damaged shard aside, tells the agent once, and keeps every other contact', () => {
    const store = freshStore();
    store.importContacts(generatedContacts(4_500));
    const shardKeys = storedKeys().filter((key) => key.startsWith(store.SHARD_PREFIX));
    const damaged = shardKeys[0] as string;
    const damagedCount = (currentWxFake().storage.get('test', damaged) as { rows: unknown[] }).rows.length;
    currentWxFake().storage.set('test', damaged, { rows: 'garbage' });

    const again = freshStore();
    expect(again.countContacts()).toBe(4_500 - damagedCount);
    expect(again.takeContactNotices()).toEqual(['检测到损坏的联系人数据，已隔离，其余联系人不受影响']);
    expect(again.takeContactNotices()).toEqual([]);
    expect(storedKeys()).toContain(`${again.QUARANTINE_PREFIX}${damaged}`);
    expect(storedKeys()).not.toContain(damaged);
    // The index no longer names the shard, so the next start is clean.
    expect(freshStore().takeContactNotices()).toEqual([]);
  });

  it('rebuilds from the shards when the index is lost', () => {
    const store = freshStore();
    store.importContacts(DEMO_CONTACTS);
    currentWxFake().storage.set('test', store.INDEX_KEY, 'not an index');
    const again = freshStore();
    expect(again.countContacts()).toBe(DEMO_CONTACTS.length);
    expect(again.saveContact({ name: '新客户', phone: '13700000000' }).ok).toBe(true);
    expect(freshStore().countContacts()).toBe(DEMO_CONTACTS.length + 1);
  });

  it('reports a full storage instead of losing the contacts it already has', () => {
    const store = freshStore();
    store.saveContact({ name: '张三', phone: '13800138000' });
    currentWxFake().storage.totalLimitBytes = 1;
    const saved = store.saveContact({ name: '李四', phone: '13912345678' });
    expect(saved).toMatchObject({ ok: false, storage: '存储空间已满，联系人未保存，请在设置中清理数据' });
    expect(store.countContacts()).toBe(1);
  });

  it('imports all or nothing: a full storage half-way leaves storage as it was', () => {
    const store = freshStore();
    store.saveContact({ name: '张三', phone: '13800138000' });
    const before = storedKeys().sort();
    const fake = currentWxFake();
    // Room for about one more shard of 2,000, not for the 4,500 rows.
    fake.storage.totalLimitBytes = fake.storage.info().currentSize * 1024 + 250 * 1024;
    const report = store.importContacts(generatedContacts(4_500));
    expect(report).toMatchObject({ added: 0, failure: '存储空间已满，联系人未保存，请在设置中清理数据' });
    expect(storedKeys().sort()).toEqual(before);
    expect(store.countContacts()).toBe(1);
    expect(freshStore().countContacts()).toBe(1);
  });

  it('clears every contact key', () => {
    const store = freshStore();
    store.importContacts(DEMO_CONTACTS);
    currentWxFake().storage.set('test', `${store.QUARANTINE_PREFIX}${store.SHARD_PREFIX}9`, { rows: 'bad' });
    store.clearContacts();
    expect(storedKeys().filter((key) => key.startsWith('tccc.contacts.'))).toEqual([]);
    expect(store.countContacts()).toBe(0);
  });
});

describe('list order kept in storage', () => {
  type Pinyin = typeof import('../../miniprogram/core/pinyin');

  function orderIds(store: Store): string[] {
    return store.listContacts().map((c) => c.id);
  }

  it('lists 10,000 contacts after a restart in pinyin order without converting a single name', () => {
    const store = freshStore();
    store.importContacts(generatedContacts(10_000));
    const sorted = orderIds(store);
    const again = freshStore();
    const pinyin = require('../../miniprogram/core/pinyin') as Pinyin;
    const convert = jest.spyOn(pinyin, 'pinyinOf');
    expect(orderIds(again)).toEqual(sorted);
    expect(
      again
        .contactIndex()
        .groups.map((g) => g.letter)
        .join(''),
    ).toBe('CDFGHJLMPSTWXYZ');
    expect(convert).not.toHaveBeenCalled();
    convert.mockRestore();
    // The same order a fresh sort gives, with no kept order at all.
    currentWxFake().storage.remove('test', again.ORDER_KEY);
    expect(orderIds(freshStore())).toEqual(sorted);
  });

  it('sorts again when the kept order is damaged or older than the contacts, and keeps the new one', () => {
    const store = freshStore();
    store.importContacts(DEMO_CONTACTS);
    const stale = currentWxFake().storage.get('test', store.ORDER_KEY);
    expect(store.saveContact({ name: '艾伦', phone: '13700000000' }).ok).toBe(true);
    const expected = orderIds(store);
    expect(expected[0]).toBe(store.findContactByPhone('13700000000')?.id);

    // The order from before the save: its generation no longer matches the index.
    currentWxFake().storage.set('test', store.ORDER_KEY, stale);
    expect(orderIds(freshStore())).toEqual(expected);
    expect(currentWxFake().storage.get('test', store.ORDER_KEY)).not.toEqual(stale);

    for (const damaged of ['garbage', { v: 2, g: 1, s: '', w: 9, p: '?', l: [] }, null]) {
      currentWxFake().storage.set('test', store.ORDER_KEY, damaged);
      const again = freshStore();
      expect(orderIds(again)).toEqual(expected);
      expect(again.takeContactNotices()).toEqual([]);
    }
  });

  it('keeps the order through edits and deletes, each placed without sorting everything again', () => {
    const store = freshStore();
    store.importContacts(generatedContacts(2_000));
    const pinyin = require('../../miniprogram/core/pinyin') as Pinyin;
    const convert = jest.spyOn(pinyin, 'pinyinOf');
    const first = store.listContacts()[0] as Contact;
    const last = store.listContacts()[1_999] as Contact;
    expect(store.saveContact({ id: first.id, name: '张三丰', phone: first.phone }).ok).toBe(true);
    expect(store.deleteContact(last.id)).toBe(true);
    expect(store.saveContact({ name: '欧阳娜娜', phone: '13700000000' }).ok).toBe(true);
    // A binary search each: a few dozen conversions, not 2,000.
    expect(convert.mock.calls.length).toBeLessThan(60);
    convert.mockRestore();
    const expected = orderIds(store);
    expect(orderIds(freshStore())).toEqual(expected);
    currentWxFake().storage.remove('test', store.ORDER_KEY);
    expect(orderIds(freshStore())).toEqual(expected);
  });

  it('keys the list for search in small steps after it is listed; a search before that still finds everyone', () => {
    jest.useFakeTimers();
    try {
      const store = freshStore();
      store.importContacts(generatedContacts(2_000));
      const again = freshStore();
      const index = again.contactIndex();
      expect(index.search.ready).toBe(0);
      jest.advanceTimersToNextTimer();
      expect(index.search.ready).toBe(again.SEARCH_WARM_UP_STEP);
      const last = index.ordered[1_999] as Contact;
      expect(again.searchContacts(last.phone)).toContain(last);
      jest.runAllTimers();
      expect(index.search.ready).toBe(2_000);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('preparing search ahead of the dialer', () => {
  it('reads nothing in the caller, then loads and keys every contact over the next turns', () => {
    jest.useFakeTimers();
    try {
      const store = freshStore();
      store.importContacts(generatedContacts(1_200));
      const again = freshStore();
      const reads = currentWxFake().storage.ops.reads;
      again.prepareContactSearch();
      again.prepareContactSearch();
      expect(currentWxFake().storage.ops.reads).toBe(reads);
      jest.runAllTimers();
      expect(currentWxFake().storage.ops.reads).toBeGreaterThan(reads);
      const index = again.contactIndex();
      expect(index.search.ready).toBe(1_200);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('contacts written by the previous version', () => {
  it('reads v1 rows, lists and finds them, and writes the shard as v2 rows with the next change', () => {
    const fake = currentWxFake();
    fake.storage.set('test', 'tccc.contacts.index', { v: 1, shards: [{ k: 1, n: 2, c: 200 }], next: 2 });
    fake.storage.set('test', 'tccc.contacts.s.1', {
      v: 1,
      rows: [
        ['cmhx3k2a1', '张三', '13800138000', '腾讯云', '老客户', 1_762_000_000_000, 1_762_000_500_000, ''],
        ['legacy-2', '艾伦', '01012345678', '', '', 1_700_000_000_000, 1_700_000_000_000, '8001'],
      ],
    });
    const store = freshStore();
    expect(store.listContacts().map((c) => c.name)).toEqual(['艾伦', '张三']);
    expect(store.getContact('legacy-2')).toEqual({
      id: 'legacy-2',
      name: '艾伦',
      phone: '01012345678',
      extension: '8001',
      company: '',
      note: '',
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    });
    expect(store.searchContacts('zs').map((c) => c.id)).toEqual(['cmhx3k2a1']);
    expect(store.saveContact({ name: '李四', phone: '13912345678' }).ok).toBe(true);
    const again = freshStore();
    expect(again.getContact('cmhx3k2a1')).toMatchObject({ createdAt: 1_762_000_000_000, updatedAt: 1_762_000_500_000 });
    expect(again.getContact('legacy-2')).toMatchObject({ phone: '01012345678', createdAt: 1_700_000_000_000 });
    expect(again.countContacts()).toBe(3);
    const shards = fake.storage.info().keys.filter((key) => key.startsWith(again.SHARD_PREFIX));
    expect(shards.map((key) => (fake.storage.get('test', key) as { v: number }).v)).toEqual(shards.map(() => 2));
  });

  it('keeps a contact in about 60 bytes: times from its id, the number as a number, empty fields dropped', () => {
    const store = freshStore();
    store.saveContact({ name: '张三', phone: '13800138000' }, { now: 1_762_000_000_000 });
    const shard = currentWxFake().storage.get('test', `${store.SHARD_PREFIX}1`) as { rows: unknown[] };
    expect(JSON.stringify(shard.rows)).toBe(`[["c${(1_762_000_000_000).toString(36)}","张三",13800138000]]`);
    store.importContacts(generatedContacts(10_000));
    const fake = currentWxFake();
    const bytes = fake.storage
      .info()
      .keys.filter((key) => key.startsWith('tccc.contacts.'))
      .reduce((sum, key) => sum + Buffer.byteLength(key + JSON.stringify(fake.storage.get('test', key))), 0);
    const perContact = bytes / 10_001;
    printFigures(`contacts: ${bytes} bytes for 10,001 = ${perContact.toFixed(1)} B each`);
    expect(perContact).toBeLessThan(75);
  });
});

describe('last call of a contact', () => {
  it('is noted from the call record, by contact id or by a number typed on the keypad; an older call never wins', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '张三', phone: '13800138000' });
    if (!saved.ok) throw new Error('not saved');
    const id = saved.contact.id;
    store.noteCallForContact(call({ id: 'a', contactId: id, startedAt: 5_000, state: 'connected' }));
    expect(store.lastCallOf(id)).toEqual({ at: 5_000, state: 'connected', outcome: '', callId: 'a' });
    store.noteCallForContact(call({ id: 'b', contactId: '', startedAt: 9_000, state: 'placed-not-connected' }));
    expect(store.lastCallOf(id)).toMatchObject({ at: 9_000, callId: 'b' });
    store.noteCallForContact(call({ id: 'a', contactId: id, startedAt: 5_000, outcome: '有意向' }));
    expect(freshStore().lastCallOf(id)).toMatchObject({ at: 9_000, callId: 'b', outcome: '' });
    freshStore().noteCallForContact(call({ id: 'b', contactId: id, startedAt: 9_000, outcome: '预约回拨' }));
    expect(freshStore().lastCallOf(id)).toMatchObject({ callId: 'b', outcome: '预约回拨' });
  });

  it('keeps a placed call of unknown duration as such, so the contacts list never says 未接通 for it', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '张三', phone: '13800138000' });
    if (!saved.ok) throw new Error('not saved');
    const id = saved.contact.id;
    store.noteCallForContact(call({ id: 'u', contactId: id, state: 'placed-not-connected', duration: null }));
    expect(store.lastCallOf(id)).toMatchObject({ state: 'duration-unknown', callId: 'u' });
  });

  it('is kept in its own small key per shard, never inside the contacts', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '张三', phone: '13800138000' });
    if (!saved.ok) throw new Error('not saved');
    const shardKey = storedKeys().find((key) => key.startsWith(store.SHARD_PREFIX)) as string;
    const before = JSON.stringify(currentWxFake().storage.get('test', shardKey));
    store.noteCallForContact(call({ contactId: saved.contact.id }));
    expect(JSON.stringify(currentWxFake().storage.get('test', shardKey))).toBe(before);
    expect(storedKeys().filter((key) => key.startsWith(store.LAST_CALL_PREFIX))).toHaveLength(1);
  });

  it('is updated by captureCallReturn and saveWrapUp, and the timeline lists the contact calls', () => {
    jest.resetModules();
    const store = require('../../miniprogram/services/contactStore') as Store;
    const callReturn = require('../../miniprogram/services/callReturn') as Return;
    const callLog = require('../../miniprogram/services/callLog') as CallLog;
    const saved = store.saveContact({ name: '张三', phone: '13800138000' });
    if (!saved.ok) throw new Error('not saved');
    const id = saved.contact.id;
    const pending = callLog.readPending();
    pending.rows.push(
      call({ id: 'x1', contactId: id, state: 'in-tccc', returnedAt: 0, sessionId: '', duration: null }),
    );
    callLog.writePending(pending);

    const change = callReturn.captureCallReturn(
      {
        referrerInfo: { appId: 'wx49e8ab828096cff3', extraData: { sessionId: 's-9', duration: 42, closeBy: 'client' } },
      },
      false,
      3_000,
    );
    expect(change.finished).toHaveLength(1);
    expect(store.lastCallOf(id)).toMatchObject({ state: 'connected', outcome: '', callId: 'x1' });
    const wrapUp = require('../../miniprogram/services/wrapUp') as typeof import('../../miniprogram/services/wrapUp');
    wrapUp.saveWrapUp(callLog.findCall('x1') as CallRecord, { outcome: '预约回拨', note: '明天十点' });
    expect(store.lastCallOf(id)).toMatchObject({ state: 'connected', outcome: '预约回拨' });

    callLog.archiveCalls([call({ id: 'other', contactId: '', phone: '13912345678', startedAt: 4_000 })]);
    expect(store.callsOfContact(id).map((r) => r.id)).toEqual(['x1']);
  });
});
