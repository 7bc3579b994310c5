/** The contacts' cold start in two parts: the first window from the list's head, the rest decoded in steps after it. */

import simulate from 'miniprogram-simulate';
import { measureSetData, openPage, tap } from '../../../tools/page-harness/page';
import { search } from './contactsDriver';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { generatedContacts } from '../../../tools/fixtures/demoContacts';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { ContactRowView, WINDOW_SIZE } from '../../../miniprogram/core/contactListView';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const CONTACTS = 'pages/contacts/contacts';
/** Three shards (2,000 contacts each at most): the rest takes a few steps. */
const COUNT = 5_000;

type Store = typeof import('../../../miniprogram/services/contactStore');
type Page = ReturnType<typeof openPage>;

/** Seeds contacts in storage through the real store, as if imported before this start; that store, for reading. */
function seed(count: number): Store {
  jest.resetModules();
  const store = require('../../../miniprogram/services/contactStore') as Store;
  store.importContacts(generatedContacts(count), NOW - 86_400_000);
  return store;
}

/** The store in the page's module registry (openPage resets modules). */
function pageStore(): Store {
  return require('../../../miniprogram/services/contactStore') as Store;
}

/** Still loading: the store has a head to give only while the rest is not decoded. */
function stillLoading(store: Store): boolean {
  return store.contactListHead(WINDOW_SIZE) !== undefined;
}

/** Waits, a frame at a time, until the load's steps are done and the page was told. */
async function loadDone(store: Store): Promise<void> {
  for (let i = 0; i < 200 && stillLoading(store); i += 1) await simulate.sleep(16);
  expect(stillLoading(store)).toBe(false);
  await simulate.sleep(10);
}

function rows(page: Page): ContactRowView[] {
  return page.component.data.rows as ContactRowView[];
}

/** The stored shard key and row index holding a contact, found by its id. */
function storedRowOf(store: Store, id: string): { key: string; row: number; value: { v: number; rows: unknown[] } } {
  const fake = currentWxFake();
  for (const key of fake.storage.info().keys.filter((k) => k.startsWith(store.SHARD_PREFIX))) {
    const value = fake.storage.get('test', key) as { v: number; rows: unknown[][] };
    const row = value.rows.findIndex((r) => r[0] === id);
    if (row >= 0) return { key, row, value };
  }
  throw new Error(`no stored row for ${id}`);
}

beforeEach(() => pinClock(NOW));
afterEach(() => jest.useRealTimers());

describe('contacts cold start in two parts', () => {
  it('draws the first window before the rest is decoded, and the whole list then changes nothing on screen', async () => {
    const seeded = seed(COUNT);
    const expected = seeded.listContacts().slice(0, 5);
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(true);
    expect(page.component.data['total']).toBe(COUNT);
    expect(
      rows(page)
        .filter((r) => r.header === '')
        .map((r) => r.id)
        .slice(0, 5),
    ).toEqual(expected.map((c) => c.id));
    const drawn = JSON.stringify(rows(page));
    const letters = page.component.data['letters'] as string[];
    const sizes = measureSetData(page);
    await loadDone(store);
    // The whole list's first window is the head's: the page was told and sent nothing.
    expect(sizes).toEqual([]);
    expect(JSON.stringify(rows(page))).toBe(drawn);
    expect(page.component.data['letters']).toEqual(letters);
    expect(store.countContacts()).toBe(COUNT);
    expect(currentWxFake().modals).toEqual([]);
  });

  it('answers a search typed before the rest is decoded with the whole answer', async () => {
    const seeded = seed(COUNT);
    const last = seeded.listContacts()[COUNT - 1];
    if (last === undefined) throw new Error('no contacts');
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(true);
    await search(page, last.phone);
    const early = (page.component.data['results'] as ContactRowView[]).map((r) => r.id);
    expect(early).toContain(last.id);
    await loadDone(store);
    await search(page, '');
    await search(page, last.phone);
    expect((page.component.data['results'] as ContactRowView[]).map((r) => r.id)).toEqual(early);
  });

  it('a jump past the first window before the rest is decoded draws the right rows', async () => {
    const seeded = seed(COUNT);
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(true);
    await tap(page.component, '#letter-strip', '#jump-W');
    const shown = rows(page).filter((r) => r.header === '');
    const whole = seeded.listContacts().map((c) => c.id);
    const at = whole.indexOf(shown[0]?.id ?? '');
    expect(at).toBeGreaterThan(WINDOW_SIZE);
    expect(shown.map((r) => r.id)).toEqual(whole.slice(at, at + shown.length));
    expect(rows(page).some((r) => r.header === 'W')).toBe(true);
  });

  it('keeps a contact edited and one added before the rest is decoded, each once', async () => {
    seed(COUNT);
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(true);
    const firstId = rows(page).find((r) => r.header === '')?.id ?? '';
    const first = store.getContact(firstId);
    if (first === undefined) throw new Error('the first row has no contact');
    const edited = store.saveContact({ id: first.id, name: '阿改名', phone: first.phone, company: '', note: '改过' });
    const added = store.saveContact({ name: '阿新加', phone: '13800009999' });
    expect(edited.ok && added.ok).toBe(true);
    await loadDone(store);
    const all = store.listContacts();
    expect(all).toHaveLength(COUNT + 1);
    expect(new Set(all.map((c) => c.id)).size).toBe(COUNT + 1);
    expect(all.filter((c) => c.id === first.id).map((c) => [c.name, c.note])).toEqual([['阿改名', '改过']]);
    expect(all.filter((c) => c.phone === '13800009999').map((c) => c.name)).toEqual(['阿新加']);
    expect(page.component.data['total']).toBe(COUNT + 1);
    // A later start reads the same from storage.
    store.resetContactCache();
    expect(store.countContacts()).toBe(COUNT + 1);
    expect(store.getContact(first.id)?.name).toBe('阿改名');
  });

  it('a damaged row outside the first window: the window is drawn, then the list without it and the notice', async () => {
    const seeded = seed(COUNT);
    const whole = seeded.listContacts();
    const victim = whole[COUNT - 1];
    if (victim === undefined) throw new Error('no contacts');
    const stored = storedRowOf(seeded, victim.id);
    stored.value.rows[stored.row] = ['', 42];
    currentWxFake().storage.set('test', stored.key, stored.value);
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(true);
    expect(rows(page).find((r) => r.header === '')?.id).toBe(whole[0]?.id);
    expect(currentWxFake().modals).toEqual([]);
    await loadDone(store);
    expect(page.component.data['total']).toBe(COUNT - 1);
    expect(store.getContact(victim.id)).toBeUndefined();
    expect(currentWxFake().modals.map((m) => m.content)).toEqual(['部分联系人数据已损坏，已跳过']);
    expect(rows(page).find((r) => r.header === '')?.id).toBe(whole[0]?.id);
  });

  it('a damaged shard the first window needs: the whole is read at once and set aside, as a start always did', () => {
    const seeded = seed(COUNT);
    const whole = seeded.listContacts();
    const firstId = whole[0]?.id ?? '';
    const stored = storedRowOf(seeded, firstId);
    const lost = new Set((stored.value.rows as unknown[][]).map((r) => r[0]));
    currentWxFake().storage.set('test', stored.key, 'not a shard');
    const page = openPage(CONTACTS);
    const store = pageStore();
    expect(stillLoading(store)).toBe(false);
    expect(currentWxFake().modals.map((m) => m.content)).toEqual([
      '检测到损坏的联系人数据，已隔离，其余联系人不受影响',
    ]);
    expect(page.component.data['total']).toBe(COUNT - lost.size);
    const expectedFirst = whole.find((c) => !lost.has(c.id));
    expect(rows(page).find((r) => r.header === '')?.id).toBe(expectedFirst?.id);
  });

  it('loads no pinyin until a name must be converted: the first screen from the kept order needs none', async () => {
    seed(COUNT);
    let pinyinLoads = 0;
    jest.doMock('../../../miniprogram/core/pinyin', () => {
      pinyinLoads += 1;
      return jest.requireActual('../../../miniprogram/core/pinyin');
    });
    try {
      const page = openPage(CONTACTS);
      expect(rows(page).length).toBeGreaterThan(0);
      expect(pinyinLoads).toBe(0);
      await search(page, rows(page).find((r) => r.header === '')?.name ?? '');
      expect(pinyinLoads).toBe(1);
      expect((page.component.data['results'] as ContactRowView[]).length).toBeGreaterThan(0);
    } finally {
      jest.dontMock('../../../miniprogram/core/pinyin');
    }
  });

  it('a start without a kept order reads the whole at once', () => {
    const seeded = seed(COUNT);
    currentWxFake().storage.remove('test', seeded.ORDER_KEY);
    const page = openPage(CONTACTS);
    expect(stillLoading(pageStore())).toBe(false);
    expect(page.component.data['total']).toBe(COUNT);
    expect(rows(page).find((r) => r.header === '')?.id).toBe(seeded.listContacts()[0]?.id);
  });
});
