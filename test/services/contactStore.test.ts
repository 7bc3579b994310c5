import { currentWxFake } from '../fakes/wx';

type Store = typeof import('../../miniprogram/services/contactStore');

/** A fresh copy of the store, as after a cold start: nothing cached in memory. */
function freshStore(): Store {
  jest.resetModules();
  return require('../../miniprogram/services/contactStore') as Store;
}

describe('contact store', () => {
  it('saves a contact and finds it by pinyin initials, digits and company', () => {
    const store = freshStore();
    const saved = store.saveContact({ name: '张三', phone: '138 0013 8000', company: '腾讯云' });
    expect(saved.ok).toBe(true);
    expect(store.searchContacts('zs').map((c) => c.name)).toEqual(['张三']);
    expect(store.searchContacts('0013').map((c) => c.name)).toEqual(['张三']);
    expect(store.searchContacts('腾讯').map((c) => c.name)).toEqual(['张三']);
    expect(freshStore().listContacts().map((c) => c.phone)).toEqual(['13800138000']);
  });
});
