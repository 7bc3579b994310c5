/**
 * The wrap-up sheet with a team server: TCCC's outcome preselects the code; a callback asks WeChat to remind. The
 * server's side of the booking is tested against the real server in test/services/callbackServer.test.ts; here (jsdom,
 * where the server's database cannot load) the phone's requests go to a recorder answering as the route does.
 */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { openPage, tap, textOf } from '../../../tools/page-harness/page';
import { pinClock } from './uiDriver';
import { configureAgent, settle } from '../../../tools/page-harness/appHarness';
import { TEAM_SESSION_KEY } from '../../../miniprogram/services/teamSession';
import type { WxHttpRequest } from '../../../tools/wx-fake/network';

// Page tests with real vant take seconds each on a busy machine.
jest.setTimeout(30_000);

const NOW = new Date('2026-11-24T10:00:00+08:00').getTime();
const TCCC = 'wx49e8ab828096cff3';
const SHEET = 'components/wrap-up-sheet/wrap-up-sheet';
const TEMPLATE_ID = 'tmplCallback001';
const TEAM_URL = 'https://team.example.com';

/** A bound agent's phone whose requests are recorded and answered as the server's routes answer. */
function bindRecordedPhone(): WxHttpRequest[] {
  const sent: WxHttpRequest[] = [];
  const fake = currentWxFake();
  fake.network.requestDomains.push(TEAM_URL);
  fake.network.requestHandler = async (request) => {
    sent.push(request);
    const path = new URL(request.url).pathname;
    const body =
      path === '/api/callbacks/template'
        ? { templateId: TEMPLATE_ID }
        : path === '/api/callbacks'
          ? { state: 'waiting', reminder: 'server' }
          : { message: '没有这个接口' };
    return { statusCode: path.startsWith('/api/callbacks') ? 200 : 404, header: {}, body: JSON.stringify(body) };
  };
  fake.storage.set('test', TEAM_SESSION_KEY, {
    version: 1,
    serverUrl: TEAM_URL,
    token: 'token-of-agent-a-0000000000000000000000',
    expiresAt: NOW + 86_400_000,
    user: { id: 1, name: '坐席甲', role: 'agent', sdkAppId: '1400000000', seatUserId: 'agent@example.com' },
    boundAt: NOW,
    expired: false,
  });
  return sent;
}

/** Places a call and brings TCCC's result back with the sheet's host open; services required after openPage. */
async function callAndReturn() {
  const page = openPage(SHEET);
  const launcher: typeof import('../../../miniprogram/services/callLauncher') = require('../../../miniprogram/services/callLauncher');
  const callReturn: typeof import('../../../miniprogram/services/callReturn') = require('../../../miniprogram/services/callReturn');
  currentWxFake().tap(() => launcher.launchCall({ phone: '138 0013 8000', name: '张三', contactId: 'c1' }));
  await settle();
  jest.setSystemTime(NOW + 60_000);
  const extraData = { sessionId: 's-1', duration: 0, closeBy: 'client' };
  callReturn.captureCallReturn({ scene: 1038, referrerInfo: { appId: TCCC, extraData } }, false);
  await simulate.sleep(80);
  return page;
}

describe('wrap-up sheet with a team server', () => {
  beforeEach(() => {
    pinClock(NOW);
    configureAgent();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('TCCC’s 忙线 arriving while the sheet is open preselects 忙线, says why, and the agent may still change it', async () => {
    const page = await callAndReturn();
    expect(page.component.data).toMatchObject({ show: true, outcome: '' });
    const outcomes: typeof import('../../../miniprogram/services/tcccOutcome') = require('../../../miniprogram/services/tcccOutcome');
    const callLog: typeof import('../../../miniprogram/services/callLog') = require('../../../miniprogram/services/callLog');
    const [call] = callLog.listCalls(0, 1).records;
    outcomes.recordTcccStatuses([
      { id: call?.id ?? '', tccc: { endStatus: 'busy', duration: 0, hasRecording: false } },
    ]);
    await simulate.sleep(40);
    expect(page.component.data).toMatchObject({ outcome: '忙线', suggestedBy: '按 TCCC 结果（忙线）预选' });
    expect(textOf(page.component)).toContain('按 TCCC 结果（忙线）预选');
    await tap(page.component, '#outcome-1');
    expect(page.component.data).toMatchObject({ outcome: '无意向', suggestedBy: '' });
    await tap(page.component, '#save', '.van-button');
    expect(callLog.listCalls(0, 1).records[0]).toMatchObject({ outcome: '无意向' });
  });

  it('booking a callback asks WeChat’s permission inside the tap and sends the booking with the answer', async () => {
    const sent = bindRecordedPhone();
    const page = await callAndReturn();
    const callbackServer: typeof import('../../../miniprogram/services/callbackServer') = require('../../../miniprogram/services/callbackServer');
    await callbackServer.refreshCallbackTemplate();
    expect(callbackServer.callbackTemplateId()).toBe(TEMPLATE_ID);
    currentWxFake().network.subscribeAnswers.set(TEMPLATE_ID, 'reject');
    await tap(page.component, '#outcome-6');
    await tap(page.component, '#when-2');
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().network.subscribeRequests).toEqual([{ tmplIds: [TEMPLATE_ID], inTap: true }]);
    const bookings = () => sent.filter((request) => request.url === `${TEAM_URL}/api/callbacks`);
    for (let i = 0; i < 40 && !bookings().some((b) => String(b.body).includes('reject')); i += 1) {
      await simulate.sleep(20);
    }
    const callLog: typeof import('../../../miniprogram/services/callLog') = require('../../../miniprogram/services/callLog');
    const callId = callLog.listCalls(0, 1).records[0]?.id;
    const dueAt = new Date('2026-11-25T10:00:00+08:00').getTime();
    // The booking left with the save (the phone reminds); WeChat's answer followed and re-booked with it. Only the
    // masked name ever leaves.
    const bodies = bookings().map((b) => JSON.parse(String(b.body)) as Record<string, unknown>);
    expect(bodies.at(-1)).toEqual({ callId, dueAt, name: '张*', templateId: TEMPLATE_ID, subscribe: 'reject' });
    for (const body of bodies) expect(body).toMatchObject({ callId, dueAt, name: '张*' });
    // Whatever WeChat and the server say, the phone's own reminder was saved first.
    const callbacks: typeof import('../../../miniprogram/services/callbackStore') = require('../../../miniprogram/services/callbackStore');
    expect(callbacks.dueCallbacks(NOW + 120_000).later).toHaveLength(1);
  });

  it('bound with no template on the server: nothing is asked, and the booking still goes (the phone reminds)', async () => {
    const sent = bindRecordedPhone();
    const fake = currentWxFake();
    const answer = fake.network.requestHandler;
    if (answer === undefined) throw new Error('the recorder is not plugged in');
    fake.network.requestHandler = async (request) =>
      new URL(request.url).pathname === '/api/callbacks/template'
        ? { statusCode: 200, header: {}, body: JSON.stringify({ templateId: null }) }
        : answer(request);
    const page = await callAndReturn();
    const callbackServer: typeof import('../../../miniprogram/services/callbackServer') = require('../../../miniprogram/services/callbackServer');
    await callbackServer.refreshCallbackTemplate();
    expect(callbackServer.callbackTemplateId()).toBeNull();
    await tap(page.component, '#outcome-6');
    await tap(page.component, '#when-2');
    await tap(page.component, '#save', '.van-button');
    expect(fake.network.subscribeRequests).toEqual([]);
    const bookings = () => sent.filter((request) => request.url === `${TEAM_URL}/api/callbacks`);
    for (let i = 0; i < 40 && bookings().length === 0; i += 1) await simulate.sleep(20);
    const callLog: typeof import('../../../miniprogram/services/callLog') = require('../../../miniprogram/services/callLog');
    expect(bookings().map((b) => JSON.parse(String(b.body)) as unknown)).toEqual([
      {
        callId: callLog.listCalls(0, 1).records[0]?.id,
        dueAt: new Date('2026-11-25T10:00:00+08:00').getTime(),
        name: '张*',
        subscribe: 'none',
      },
    ]);
  });

  it('without a bound server nothing is asked: the local reminder is the reminder', async () => {
    const page = await callAndReturn();
    await tap(page.component, '#outcome-6');
    await tap(page.component, '#when-2');
    await tap(page.component, '#save', '.van-button');
    expect(currentWxFake().network.subscribeRequests).toEqual([]);
    const callbacks: typeof import('../../../miniprogram/services/callbackStore') = require('../../../miniprogram/services/callbackStore');
    expect(callbacks.dueCallbacks(NOW + 120_000).later).toHaveLength(1);
  });
});
