/** The contact edit page with real vant: add with validation, duplicate warning, edit, delete, and paste import. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { measureSetData, openPage, shownValue, tap, textOf, typeInto } from '../../../tools/page-harness/page';
import { DEMO_CONTACTS, generatedContacts } from '../../../tools/fixtures/demoContacts';
import { ContactInput } from '../../../miniprogram/core/contact';

const EDIT = 'pages/contact-edit/contact-edit';

type Store = typeof import('../../../miniprogram/services/contactStore');

function seed(contacts: readonly ContactInput[]): Store {
  jest.resetModules();
  const store = require('../../../miniprogram/services/contactStore') as Store;
  store.importContacts(contacts);
  return store;
}

/** The store as it is in storage now (a fresh copy, nothing cached). */
function storedContacts(): Store {
  jest.resetModules();
  return require('../../../miniprogram/services/contactStore') as Store;
}

describe('adding and editing a contact', () => {
  it('adds a contact with its number in dial form, then goes back', async () => {
    const page = openPage(EDIT);
    await typeInto(page.component, '#name', '张三');
    await typeInto(page.component, '#phone', '138 0013 8000');
    await typeInto(page.component, '#company', '星河科技');
    await tap(page.component, '#save', '.van-button');

    expect(storedContacts().listContacts()).toEqual([
      expect.objectContaining({ name: '张三', phone: '13800138000', company: '星河科技', note: '' }),
    ]);
    expect(currentWxFake().toasts).toContainEqual({ title: '已添加', icon: 'success' });
    expect(currentWxFake().routes.at(-1)?.api).toBe('navigateBack');
  });

  it('opens with the number from a contacts search that found nothing, and adds it with the name typed', async () => {
    const page = openPage(EDIT, { phone: '01012345678', ext: '888' });
    expect(textOf(page.component)).not.toContain('编辑联系人');
    await typeInto(page.component, '#name', '赵六');
    await tap(page.component, '#save', '.van-button');
    expect(storedContacts().listContacts()).toEqual([
      expect.objectContaining({ name: '赵六', phone: '01012345678', extension: '888' }),
    ]);
  });

  it('shows the phone module error beside the field and the missing name, and stores nothing', async () => {
    const page = openPage(EDIT);
    await typeInto(page.component, '#phone', '1380013');
    await tap(page.component, '#save', '.van-button');
    const text = textOf(page.component);
    expect(text).toContain('号码位数不足');
    expect(text).toContain('请输入姓名');
    expect(storedContacts().countContacts()).toBe(0);
  });

  it('warns when the number is already a contact, and saves only when the agent insists', async () => {
    seed(DEMO_CONTACTS);
    const page = openPage(EDIT);
    await typeInto(page.component, '#name', '张总');
    await typeInto(page.component, '#phone', '13800138000');
    await tap(page.component, '#save', '.van-button');
    expect(textOf(page.component)).toContain('号码已属于「张三」');
    expect(storedContacts().countContacts()).toBe(DEMO_CONTACTS.length);

    await tap(page.component, '#save-anyway', '.van-button');
    expect(storedContacts().countContacts()).toBe(DEMO_CONTACTS.length + 1);
  });

  it('opens an existing contact with its real number, saves a change and deletes it after confirming', async () => {
    const store = seed(DEMO_CONTACTS);
    const zhang = store.findContactByPhone('13800138000');
    const page = openPage(EDIT, { id: zhang?.id ?? '' });
    expect(page.component.data).toMatchObject({ form: { name: '张三', phone: '138 0013 8000' } });

    await typeInto(page.component, '#note', '已换对接人');
    await tap(page.component, '#save', '.van-button');
    expect(storedContacts().getContact(zhang?.id ?? '')?.note).toBe('已换对接人');

    const again = openPage(EDIT, { id: zhang?.id ?? '' });
    currentWxFake().modalAnswers.push(false);
    await tap(again.component, '#delete', '.van-button');
    expect(storedContacts().getContact(zhang?.id ?? '')).toBeDefined();
    currentWxFake().modalAnswers.push(true);
    await tap(again.component, '#delete', '.van-button');
    await simulate.sleep(0);
    expect(currentWxFake().modals.at(-1)?.content).toContain('确定删除「张三」');
    expect(storedContacts().getContact(zhang?.id ?? '')).toBeUndefined();
    expect(storedContacts().countContacts()).toBe(DEMO_CONTACTS.length - 1);
  });

  it('says so when the contact is gone', () => {
    const page = openPage(EDIT, { id: 'c-missing' });
    expect(textOf(page.component)).toContain('联系人不存在或已被删除');
  });
});

describe('paste import', () => {
  const PASTE = [
    '姓名,电话,公司,备注',
    '陈一,13700000001,甲公司,',
    '"周二, 经理",137-0000-0002,"乙""丙""公司","第一行',
    '第二行"',
    ',13700000003,,',
    '王五,1370000,,',
    '张三二号,13800138000,,',
    '陈一,13700000001,,',
  ].join('\r\n');

  it('previews the clipboard with per-row errors, imports the good rows and reports the counts', async () => {
    seed(DEMO_CONTACTS);
    currentWxFake().clipboard = PASTE;
    const page = openPage(EDIT, { mode: 'import' });
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);

    expect(page.component.data['preview']).toMatchObject({ total: 6, ok: 2, errors: 2, duplicates: 2 });
    const text = textOf(page.component);
    expect(text).toContain('第 5 行 （无姓名）');
    expect(text).toContain('请输入姓名');
    expect(text).toContain('第 6 行 王五');
    expect(text).toContain('号码位数不足');
    expect(text).toContain('号码已在联系人中');
    expect(text).toContain('号码与前面的行重复');
    expect(text).toContain('导入 2 位联系人');
    expect(text).not.toContain('13700000001');

    await tap(page.component, '#import', '.van-button');
    expect(textOf(page.component)).toContain('已添加 2 个，跳过 2 行（有错误），重复 2 个');
    const store = storedContacts();
    expect(store.countContacts()).toBe(DEMO_CONTACTS.length + 2);
    expect(store.findContactByPhone('13700000002')).toMatchObject({
      name: '周二, 经理',
      company: '乙"丙"公司',
      note: '第一行 第二行',
    });

    await tap(page.component, '#done', '.van-button');
    expect(currentWxFake().routes.at(-1)?.api).toBe('navigateBack');
  });

  it('checks text pasted straight into the box', async () => {
    const page = openPage(EDIT, { mode: 'import' });
    await typeInto(page.component, '#import-text', '李雷\t13900000001\n韩梅梅\t139');
    await tap(page.component, '#preview', '.van-button');
    expect(page.component.data['preview']).toMatchObject({ total: 2, ok: 1, errors: 1 });
  });

  it('explains a refused clipboard (privacy not agreed) and an empty one', async () => {
    const page = openPage(EDIT, { mode: 'import' });
    currentWxFake().privacyAuthorized = false;
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);
    expect(currentWxFake().toasts.at(-1)?.title).toBe('未同意隐私保护指引，无法读取剪贴板');
    currentWxFake().privacyAuthorized = true;
    currentWxFake().clipboard = '  ';
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);
    expect(currentWxFake().toasts.at(-1)?.title).toBe('剪贴板是空的，请先在表格中复制');
  });

  it('previews and imports 10,000 pasted rows without sending thousands of rows to the view', async () => {
    const rows = generatedContacts(10_000).map((c) => `${c.name}\t${c.phone}\t${c.company}\t${c.note}`);
    currentWxFake().clipboard = rows.join('\n');
    const page = openPage(EDIT, { mode: 'import' });
    const sizes = measureSetData(page);
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);
    expect(page.component.data['preview']).toMatchObject({ total: 10_000, ok: 10_000, more: 9_980 });
    await tap(page.component, '#import', '.van-button');
    expect(textOf(page.component)).toContain('已添加 10000 个');
    expect(storedContacts().countContacts()).toBe(10_000);
    expect(Math.max(...sizes)).toBeLessThan(24 * 1024);
  });
});

describe('contact edit: what is typed is what is shown and stored', () => {
  it('typed fields live in page data, stay on screen through a refused save, and are what gets stored', async () => {
    const page = openPage(EDIT);
    await typeInto(page.component, '#name', '赵六');
    await typeInto(page.component, '#phone', '1380013');
    await typeInto(page.component, '#company', '星河科技');
    await typeInto(page.component, '#note', '上午方便接听');
    expect(page.component.data['form']).toEqual({
      name: '赵六',
      phone: '1380013',
      company: '星河科技',
      note: '上午方便接听',
    });

    await tap(page.component, '#save', '.van-button');
    expect(textOf(page.component)).toContain('号码位数不足');
    expect(shownValue(page.component, '#name')).toBe('赵六');
    expect(shownValue(page.component, '#phone')).toBe('1380013');

    await typeInto(page.component, '#phone', '138 0013 8001');
    await tap(page.component, '#save', '.van-button');
    expect(storedContacts().findContactByPhone('13800138001')).toMatchObject({
      name: '赵六',
      company: '星河科技',
      note: '上午方便接听',
    });
  });

  it('继续导入 starts from an empty box, and the text typed next is the text checked', async () => {
    const page = openPage(EDIT, { mode: 'import' });
    await typeInto(page.component, '#import-text', '李雷\t13900000001');
    await tap(page.component, '#preview', '.van-button');
    await tap(page.component, '#import', '.van-button');
    await tap(page.component, '#import-more', '.van-button');
    expect(shownValue(page.component, '#import-text')).toBe('');

    await typeInto(page.component, '#import-text', '韩梅梅\t13900000002');
    expect(page.component.data['importText']).toBe('韩梅梅\t13900000002');
    await tap(page.component, '#preview', '.van-button');
    expect(page.component.data['preview']).toMatchObject({ total: 1, ok: 1 });
  });

  it('pasting the clipboard again after editing the box shows and checks the clipboard, not the edit', async () => {
    currentWxFake().clipboard = '李雷,13900000001';
    const page = openPage(EDIT, { mode: 'import' });
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);
    expect(shownValue(page.component, '#import-text')).toBe('李雷,13900000001');

    await typeInto(page.component, '#import-text', '李雷,139');
    await tap(page.component, '#paste', '.van-button');
    await simulate.sleep(10);
    expect(shownValue(page.component, '#import-text')).toBe('李雷,13900000001');
    expect(page.component.data['preview']).toMatchObject({ total: 1, ok: 1 });
  });
});
