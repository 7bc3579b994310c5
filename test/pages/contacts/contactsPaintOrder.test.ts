/** The contacts' cold start: the list first, search keys after it in steps a frame apart, and search right meanwhile. */

import simulate from 'miniprogram-simulate';
import { find, openPage } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { generatedContacts } from '../../../tools/fixtures/demoContacts';
import { ContactRowView } from '../../../miniprogram/core/contactListView';

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const CONTACTS = 'pages/contacts/contacts';
const COUNT = 3_000;

type Store = typeof import('../../../miniprogram/services/contactStore');

function seed(count: number): void {
  jest.resetModules();
  const store = require('../../../miniprogram/services/contactStore') as Store;
  store.importContacts(generatedContacts(count), NOW - 86_400_000);
}

/** The store in the page's module registry (openPage resets modules). */
function pageStore(): Store {
  return require('../../../miniprogram/services/contactStore') as Store;
}

beforeEach(() => pinClock(NOW));
afterEach(() => jest.useRealTimers());

describe('contacts cold start', () => {
  it('shows rows before any search key is built, then keys the list a step per frame', async () => {
    seed(COUNT);
    const page = openPage(CONTACTS);
    expect((page.component.data.rows as ContactRowView[]).length).toBeGreaterThan(0);
    const index = pageStore().contactIndex();
    // The show's turn drew the list and keyed nothing.
    expect(index.search.ready).toBe(0);
    await simulate.sleep(25);
    expect(index.search.ready).toBeGreaterThan(0);
    expect(index.search.ready).toBeLessThan(COUNT);
    for (let i = 0; i < 100 && index.search.ready < COUNT; i += 1) await simulate.sleep(20);
    expect(index.search.ready).toBe(COUNT);
  });

  it('answers a search typed before the keys are built as it does after', async () => {
    seed(COUNT);
    const page = openPage(CONTACTS);
    const store = pageStore();
    const index = store.contactIndex();
    expect(index.search.ready).toBe(0);
    const last = index.ordered[COUNT - 1];
    if (last === undefined) throw new Error('no contacts');
    const early = store.searchContacts(last.phone).map((c) => c.id);
    expect(early).toContain(last.id);
    const earlyByName = store.searchContacts(last.name).map((c) => c.id);
    for (let i = 0; i < 100 && index.search.ready < COUNT; i += 1) await simulate.sleep(20);
    expect(store.searchContacts(last.phone).map((c) => c.id)).toEqual(early);
    expect(store.searchContacts(last.name).map((c) => c.id)).toEqual(earlyByName);
    expect(find(page.component, '#search')).toBeDefined();
  });
});
