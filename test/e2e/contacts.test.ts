/** @jest-environment node */
/**
 * The agent's contacts flow in the browser simulator (real Chromium, the app's own pages): import three
 * contacts from pasted text (one bad row shown and skipped), find 张三 by pinyin initials, call him, end the
 * call at 42 s with the client hanging up, book 预约回拨 for tomorrow 10:00, and see the callback listed on
 * the contacts page with the call in 张三's timeline. With CONTACTS_SCREENSHOTS_DIR set it saves the pictures.
 */

import { SimulatorPage } from '../../tools/simulator/driver';
import { pageText, shot as shotOf, tapButton as tapButtonOn, toastGone as toastGoneOn } from './agentSteps';
import { useSimulator } from './simulatorSession';

jest.setTimeout(180_000);

const SHOTS_DIR = process.env['CONTACTS_SCREENSHOTS_DIR'];

const PASTE = [
  '姓名,电话,公司,备注',
  '张三,138 0013 8000,星河科技,采购负责人',
  '李四,13912345678,远景物流,',
  '王五,1370000,,',
  '赵磊,010-6552-8899,京华建设,上午方便',
].join('\n');

// An empty app with the demo account set: the flow imports its own contacts.
const session = useSimulator({ deviceScaleFactor: 2, demoData: 'settings' });
let sim: SimulatorPage;
beforeAll(() => {
  sim = session.sim;
});

const shot = (file: string) => shotOf(sim, SHOTS_DIR, file);
const toastGone = () => toastGoneOn(sim);
const text = () => pageText(sim);
const tapButton = (label: string) => tapButtonOn(sim, label);

describe('agent contacts flow', () => {
  it('import three, call 张三, 42 s, client hangs up, callback tomorrow 10:00 listed', async () => {
    await shot('contacts-1-empty.png');
    expect(await text()).toContain('还没有联系人');

    await sim.tapText('粘贴导入');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().locator('textarea').first().fill(PASTE);
    await sim.tapText('检查');
    await shot('contacts-2-import-preview.png');
    const preview = await text();
    expect(preview).toContain('可导入 3');
    expect(preview).toContain('第 4 行 王五');
    expect(preview).toContain('号码位数不足');
    expect(preview).not.toContain('13912345678');

    await tapButton('导入 3 位联系人');
    await toastGone();
    await shot('contacts-3-import-report.png');
    expect(await text()).toContain('已添加 3 个，跳过 1 行（有错误），重复 0 个');
    await tapButton('完成');
    await shot('contacts-4-list.png');
    const list = await text();
    expect(list).toContain('138****8000');
    expect(list).toContain('共 3 位联系人');
    expect(list).not.toContain('13800138000');

    await sim.currentPage().locator('input').first().fill('zs');
    await shot('contacts-5-search-zs.png');
    expect(await text()).toContain('找到 1 个联系人');

    await sim.currentPage().getByText('张三', { exact: true }).first().click();
    await sim.answerDialog('允许');
    await sim.away().locator('.sim-tccc-callee').waitFor();
    expect(await sim.away().innerText()).toContain('张三');
    await sim.endCall('客户挂断', 42);
    await shot('contacts-6-wrap-up.png');
    const sheet = await text();
    expect(sheet).toContain('42秒');
    expect(sheet).toContain('客户挂断');

    await sim.currentPage().getByText('预约回拨', { exact: true }).first().click();
    await sim.currentPage().getByText('明天 10:00', { exact: true }).first().click();
    await sim.currentPage().getByText('保存', { exact: true }).click();
    await sim.page.waitForTimeout(300);
    await sim.currentPage().locator('input').first().fill('');
    await toastGone();
    await shot('contacts-7-callback-listed.png');
    const after = await text();
    expect(after).toContain('待回拨');
    expect(after).toContain('明天 10:00');
    expect(after).toContain('预约回拨 · 10:00');

    const zhangRow = sim.currentPage().locator('[class$="--row"]').filter({ hasText: '星河科技' });
    await zhangRow.locator('[class*="row__info"]').click();
    await shot('contacts-8-detail-timeline.png');
    const detail = await text();
    expect(detail).toContain('已接通 · 通话 42秒 · 客户挂断');

    await tapButton('编辑');
    await sim.page.waitForTimeout(300);
    await shot('contacts-9-edit.png');
    await sim.back();
    await sim.page.waitForTimeout(300);

    await sim.tapText('添加');
    await sim.page.waitForTimeout(300);
    await sim.currentPage().locator('input').nth(0).fill('张总');
    await sim.currentPage().locator('input').nth(1).fill('13800138000');
    await tapButton('保存');
    await shot('contacts-10-duplicate-warning.png');
    expect(await text()).toContain('号码已属于「张三」');
  });
});
