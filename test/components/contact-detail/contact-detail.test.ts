/** The contact detail sheet on its own, with real vant: what it shows of a contact, and the events 拨打 and 编辑 send. */

import simulate from 'miniprogram-simulate';
import { openPage, tap, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../wrap-up-sheet/uiDriver';

const DETAIL = 'components/contact-detail/contact-detail';
const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();

type Sheet = ReturnType<typeof openPage>;

function contactStore() {
  return require('../../../miniprogram/services/contactStore') as typeof import('../../../miniprogram/services/contactStore');
}

function openFor(sheet: Sheet, contactId: string, masked: boolean): boolean {
  return (sheet.instance as unknown as { open(id: string, masked: boolean): boolean }).open(contactId, masked);
}

/** Every call and edit event the sheet sends, in order. */
function eventsHeard(sheet: Sheet): string[] {
  const heard: string[] = [];
  const host = sheet.component as unknown as {
    addEventListener(name: string, fn: (event: { detail: { contactId: string } }) => void): void;
  };
  host.addEventListener('call', (event) => heard.push(`call ${event.detail.contactId}`));
  host.addEventListener('edit', (event) => heard.push(`edit ${event.detail.contactId}`));
  return heard;
}

describe('contact detail sheet', () => {
  beforeEach(() => pinClock(NOW));
  afterEach(() => jest.useRealTimers());

  it('shows the number masked, the company, the do-not-call reason and no calls yet', async () => {
    const sheet = openPage(DETAIL);
    contactStore().importContacts([{ name: '陈晨', phone: '13987654321,802', company: '晨光贸易' }]);
    const dnc =
      require('../../../miniprogram/services/doNotCallStore') as typeof import('../../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13987654321', '空号', new Date('2026-11-20T09:00:00+08:00').getTime());
    const chen = contactStore().findContactByPhone('13987654321');
    expect(openFor(sheet, chen?.id ?? '', true)).toBe(true);
    await simulate.sleep(50);
    const text = textOf(sheet.component);
    expect(text).toContain('陈晨');
    expect(text).toContain('139****4321');
    expect(text).not.toContain('13987654321');
    expect(text).toContain('晨光贸易');
    expect(text).toContain('该号码已在勿扰名单（原因：空号，11-20 加入）');
    expect(text).toContain('还没有从本机拨打过');
  });

  it('opens nothing for a contact that is gone', () => {
    const sheet = openPage(DETAIL);
    expect(openFor(sheet, 'no-such-id', true)).toBe(false);
    expect((sheet.component.data as { show: boolean }).show).toBe(false);
  });

  it('says 拨打 and 编辑 with the contact, and closes', async () => {
    const sheet = openPage(DETAIL);
    contactStore().importContacts([{ name: '陈晨', phone: '13987654321' }]);
    const id = contactStore().findContactByPhone('13987654321')?.id ?? '';
    const heard = eventsHeard(sheet);
    openFor(sheet, id, false);
    await simulate.sleep(50);
    await tap(sheet.component, '#detail-call', '.van-button');
    expect((sheet.component.data as { show: boolean }).show).toBe(false);
    openFor(sheet, id, false);
    await simulate.sleep(50);
    await tap(sheet.component, '#detail-edit', '.van-button');
    expect(heard).toEqual([`call ${id}`, `edit ${id}`]);
    expect((sheet.component.data as { show: boolean }).show).toBe(false);
  });
});
