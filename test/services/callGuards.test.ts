/** The guards before a call (calling hours, storage nearly full), driven through the dialer's call button and its confirmation. */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { find, openPage, tap, textOf } from '../../tools/page-harness/page';
import { configureAgent, settle } from '../../tools/page-harness/appHarness';
import { pinClock } from '../components/wrap-up-sheet/uiDriver';
import { CallRecord } from '../../miniprogram/core/callRecord';
import { callDetailView } from '../../miniprogram/core/callDetail';

const NIGHT = new Date('2026-11-24T01:40:00+08:00').getTime();
const DAY = new Date('2026-11-24T10:00:00+08:00').getTime();
const DIALER = 'pages/dialer/dialer';

type Page = ReturnType<typeof openPage>;

function calls(): CallRecord[] {
  const log = require('../../miniprogram/services/callLog') as typeof import('../../miniprogram/services/callLog');
  return log.listCalls(0, 100).records;
}

async function dial(page: Page, number: string): Promise<void> {
  for (const key of number) await tap(page.component, `#key-${key}`);
  await tap(page.component, '#call', '.van-button');
  await simulate.sleep(80);
}

const confirmOf = (page: Page) => find(page.component, '#dnc-confirm');

afterEach(() => {
  jest.useRealTimers();
});

describe('calling hours before a call', () => {
  it('at 01:40 China time nothing is dialled until 继续拨打, whose own tap jumps; the call records the override', async () => {
    pinClock(NIGHT);
    configureAgent();
    const page = openPage(DIALER);
    await dial(page, '13800138000');

    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(calls()).toHaveLength(0);
    expect(confirmOf(page).data).toMatchObject({
      show: true,
      title: '不在拨打时段',
      message: '现在是北京时间 01:40，不在拨打时段 08:00–21:00 内',
      confirmText: '继续拨打',
    });
    expect(textOf(confirmOf(page))).toContain('继续拨打会在这条通话记录中注明。');

    await tap(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);
    const [call] = calls();
    expect(call).toMatchObject({ phone: '13800138000', state: 'in-tccc', outsideHours: '08:00–21:00' });
    expect(callDetailView(call as CallRecord, true).fields).toContainEqual({
      key: 'outsideHours',
      label: '拨打时段',
      value: '时段外拨打（设定 08:00–21:00），坐席确认继续',
    });
  });

  it('cancel dials nobody; inside the hours nothing is asked and nothing is recorded', async () => {
    pinClock(NIGHT);
    configureAgent();
    let page = openPage(DIALER);
    await dial(page, '13800138000');
    await tap(page.component, '#dnc-confirm', '#dnc-cancel', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(calls()).toHaveLength(0);

    jest.setSystemTime(DAY);
    page = openPage(DIALER);
    await dial(page, '13800138000');
    expect(confirmOf(page).data.show).toBe(false);
    expect(calls()).toEqual([expect.not.objectContaining({ outsideHours: expect.anything() })]);
  });

  it('follows the hours set in settings', async () => {
    pinClock(NIGHT);
    configureAgent({ callingHoursStart: '00:00', callingHoursEnd: '24:00' });
    const page = openPage(DIALER);
    await dial(page, '13800138000');
    expect(currentWxFake().miniProgramJumps).toHaveLength(1);
  });

  it('a do-not-call number at night asks twice in the same dialog; the third tap dials', async () => {
    pinClock(NIGHT);
    configureAgent();
    const page = openPage(DIALER);
    const dnc =
      require('../../miniprogram/services/doNotCallStore') as typeof import('../../miniprogram/services/doNotCallStore');
    dnc.addDoNotCall('13800138000', '勿扰', DAY);
    await dial(page, '13800138000');
    expect(confirmOf(page).data).toMatchObject({ title: '勿扰号码', confirmText: '仍要拨打', danger: true });

    await tap(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(confirmOf(page).data).toMatchObject({ show: true, title: '不在拨打时段', danger: false });

    await tap(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);
    expect(calls()).toEqual([expect.objectContaining({ outsideHours: '08:00–21:00' })]);
  });
});

describe('storage nearly full before a call', () => {
  /** A 1 MB quota (10 MB behaves the same, only slower to fill) with a filler key up to the given share. */
  function fillTo(ratio: number): void {
    const storage = currentWxFake().storage;
    storage.totalLimitBytes = 1024 * 1024;
    storage.remove('test', 'filler');
    storage.set('test', 'filler', 'x'.repeat(Math.floor(ratio * storage.totalLimitBytes) - storage.usedBytes() - 20));
  }

  it('above 80 % the agent is warned once, 继续拨打 dials from its tap, and the next call is not asked again', async () => {
    pinClock(DAY);
    configureAgent();
    const page = openPage(DIALER);
    fillTo(0.85);
    await dial(page, '13800138000');
    expect(currentWxFake().miniProgramJumps).toHaveLength(0);
    expect(confirmOf(page).data).toMatchObject({ show: true, title: '存储空间快满了', confirmText: '继续拨打' });
    expect(confirmOf(page).data.message).toMatch(/^本机存储已用 .+（8\d%），存满后新的通话将无法记录。$/);

    await tap(page.component, '#dnc-confirm', '#dnc-override', '.van-button');
    await settle();
    expect(currentWxFake().miniProgramJumps).toEqual([expect.objectContaining({ inTap: true })]);

    currentWxFake().returnFromMiniProgram({ sessionId: '', closeBy: 'seat' });
    await settle();
    jest.setSystemTime(DAY + 60_000);
    fillTo(0.85);
    // A call from the confirmation leaves the number on the keypad: clear it first.
    find(page.component, '#backspace').dispatchEvent('longpress');
    await simulate.sleep(10);
    await dial(page, '13900139000');
    expect(confirmOf(page).data.show).toBe(false);
    expect(currentWxFake().miniProgramJumps).toHaveLength(2);
  });

  it('at 80 % or less nothing is asked', async () => {
    pinClock(DAY);
    configureAgent();
    const page = openPage(DIALER);
    fillTo(0.79);
    await dial(page, '13800138000');
    expect(confirmOf(page).data.show).toBe(false);
    expect(currentWxFake().miniProgramJumps).toHaveLength(1);
  });
});
