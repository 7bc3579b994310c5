/**
 * @jest-environment node
 */
/**
 * A bound phone against the real team server (through inject): calls reach the server through the outbox without a
 * second write in the tap, nothing is lost offline or across a cold start, an expired session stops the sync, the
 * prefetched TCCC token rides on one tap only, and an error's number never leaves the phone.
 */

import { configureAgent, settle } from '../../tools/page-harness/appHarness';
import { countRows, T0 } from '../../server/test/helpers/testServer';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { OUTBOX_KEY } from '../../miniprogram/services/outbox';
import type { BatchCallStatus } from '../../miniprogram/core/callSync';
import {
  loadTeamApp,
  nextCallTime,
  pinDateOnly,
  plugPhone,
  startTeamPhone,
  TEAM_URL,
  until,
  type TeamApp,
  type TeamPhone,
} from '../helpers/teamPhone';

jest.setTimeout(60_000);
// Ids differ by their start time alone, as on a phone (see nextCallTime): a fixed random part proves it.
jest.spyOn(Math, 'random').mockReturnValue(0.5);

describe('team sync', () => {
  let phone: TeamPhone;
  let openidSeq = 0;
  beforeAll(async () => {
    phone = await startTeamPhone();
  });
  afterAll(() => phone.server.close());

  let app: TeamApp;
  beforeEach(async () => {
    // 10:00 in Shanghai: inside the calling hours.
    pinDateOnly(T0);
    phone.server.clock.now = T0;
    openidSeq += 1;
    plugPhone(currentWxFake(), phone.server, `openid-sync-${openidSeq}`);
    // Local settings say another account: while bound, the server's account wins.
    configureAgent({ sdkAppId: '1400999999', userId: 'someone.else@example.com' });
    app = loadTeamApp();
    currentWxFake().launch();
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    const bound = await app.session.bindTeam(TEAM_URL, code);
    expect(bound.ok).toBe(true);
    await app.outbox.flushOutbox();
  });
  afterEach(() => {
    jest.useRealTimers();
    app.outbox.stopOutbox();
    app.token.stopTcccToken();
  });

  const serverCalls = async () =>
    (
      await phone.server.db.query<{ n: number }>('SELECT count(*) AS n FROM calls WHERE agent_id = $1', [
        phone.server.callers.agentA.userId,
      ])
    )[0]?.n ?? 0;
  const phoneCalls = () => app.callLog.countCalls();

  async function callAndReturn(n: number, result = { duration: 12, closeBy: 'client' }) {
    const fake = currentWxFake();
    nextCallTime(T0);
    const writesBefore = fake.storage.ops.writes;
    const outcome = fake.tap(() => app.launcher.launchCall({ phone: '138 0013 8000', name: '张三' }));
    const writesInTap = fake.storage.ops.writes - writesBefore;
    expect(outcome.ok).toBe(true);
    await settle();
    fake.returnFromMiniProgram({ sessionId: `session-${openidSeq}-${n}`, ...result });
    await settle();
    return { outcome, writesInTap };
  }

  it('a call reaches the server after the return; the tap itself stays one write; the batch answer is told', async () => {
    const answered: BatchCallStatus[][] = [];
    const listener = (statuses: BatchCallStatus[]) => answered.push(statuses);
    app.outbox.onBatchAnswered(listener);
    const before = await serverCalls();
    const { outcome, writesInTap } = await callAndReturn(1);
    expect(writesInTap).toBe(1);
    const jump = currentWxFake().miniProgramJumps[0];
    // The seat and SDKAppID come from the server while bound.
    expect(jump?.path).toContain(`sdkAppId=${phone.server.config.tcccSdkAppId}`);
    expect(jump?.path).toContain(`userId=${encodeURIComponent(phone.server.seats.agentA)}`);
    await until('the call is on the server', async () => (await serverCalls()) === before + 1);
    await until('the outbox is empty', () => app.outbox.outboxStatus().pending === 0);
    const [row] = await phone.server.db.query<{ state: string; phone: string; duration: number }>(
      'SELECT state, phone, duration FROM calls WHERE call_id = $1',
      [outcome.ok ? outcome.callId : ''],
    );
    expect(row).toMatchObject({ state: 'connected', phone: '13800138000', duration: 12 });
    expect(answered.flat().map((s) => s.id)).toContain(outcome.ok ? outcome.callId : '');
    app.outbox.offBatchAnswered(listener);
  });

  it('offline: calls wait (the count shows), then all arrive once online, nothing lost', async () => {
    const fake = currentWxFake();
    const before = await serverCalls();
    const phoneBefore = phoneCalls();
    fake.network.online = false;
    for (let n = 0; n < 3; n += 1) await callAndReturn(10 + n);
    await settle();
    expect(app.outbox.outboxStatus()).toEqual({ pending: 3, problem: null });
    expect(await serverCalls()).toBe(before);
    fake.network.online = true;
    fake.hide();
    fake.show();
    await until('every call arrived', async () => (await serverCalls()) === before + 3);
    await until('the outbox is empty', () => app.outbox.outboxStatus().pending === 0);
    expect(phoneCalls()).toBe(phoneBefore + 3);
  });

  it('survives a cold start: the queue is in storage and goes out on the next launch', async () => {
    const fake = currentWxFake();
    const before = await serverCalls();
    fake.network.online = false;
    await callAndReturn(20);
    await settle();
    expect(app.outbox.outboxStatus().pending).toBe(1);
    app.outbox.stopOutbox();
    app.token.stopTcccToken();
    fake.destroy();
    fake.network.online = true;
    app = loadTeamApp();
    fake.launch();
    await until('the queued call arrived after the cold start', async () => (await serverCalls()) === before + 1);
    expect(wx.getStorageSync(OUTBOX_KEY)).toMatchObject({ v: 1, calls: [] });
  });

  it('a persistent failure shows after a few tries; an expired session stops the sync and keeps the queue', async () => {
    const fake = currentWxFake();
    const handler = fake.network.requestHandler;
    fake.network.requestHandler = async () => ({
      statusCode: 503,
      header: {},
      body: '{"message":"服务器暂时无法处理"}',
    });
    await callAndReturn(30);
    await until('first failure', () => fake.network.sent.length > 0);
    await app.outbox.flushOutbox();
    await app.outbox.flushOutbox();
    await app.outbox.flushOutbox();
    expect(app.outbox.outboxStatus().problem).toBe('同步失败：团队服务器暂时无法处理，请稍后重试');
    fake.network.requestHandler = handler;
    // The server ends the session (its clock passes the session's end): the next send gets 401.
    phone.server.clock.now = T0 + 31 * 24 * 3600_000;
    await app.outbox.flushOutbox();
    expect(app.session.readTeamSession()?.expired).toBe(true);
    expect(app.outbox.outboxStatus()).toEqual({
      pending: 1,
      problem: '团队登录已过期，请在设置中重新绑定；待同步记录已保留',
    });
    const sent = fake.network.sent.length;
    await app.outbox.flushOutbox();
    expect(fake.network.sent.length).toBe(sent);
    // Binding again sends what waited.
    phone.server.clock.now = T0;
    const before = await serverCalls();
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    expect((await app.session.bindTeam(TEAM_URL, code)).ok).toBe(true);
    await until('the kept call arrived', async () => (await serverCalls()) === before + 1);
  });

  it('the prefetched TCCC token rides on one tap only, is never stored, and no token means a call as today', async () => {
    const fake = currentWxFake();
    await app.token.prefetchTcccToken();
    expect(app.token.hasFreshTcccToken()).toBe(true);
    nextCallTime(T0);
    const first = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(first.ok).toBe(true);
    const path = fake.miniProgramJumps[0]?.path ?? '';
    const token = new URLSearchParams(path.split('?')[1]).get('token') ?? '';
    expect(token.length).toBeGreaterThan(8);
    const everything = fake.storage
      .info()
      .keys.map((key) => fake.storage.rawJson(key) ?? '')
      .join('\n');
    expect(everything).not.toContain(token);
    await settle();
    fake.returnFromMiniProgram({ sessionId: 'tok-session', duration: 1, closeBy: 'seat' });
    await settle();
    // The return prefetches the next one; without waiting for it, the tap goes without a token.
    app.token.stopTcccToken();
    nextCallTime(T0);
    const second = fake.tap(() => app.launcher.launchCall({ phone: '13800138000' }));
    expect(second.ok).toBe(true);
    expect(fake.miniProgramJumps[1]?.path).not.toContain('token=');
    expect(fake.miniProgramJumps[1]?.path).not.toContain(token);
  });

  it('an error with a number in it reaches the server and the realtime log without the number', async () => {
    const fake = currentWxFake();
    const before = await countRows(phone.server.db, 'client_errors');
    fake.raiseError(new TypeError('cannot call 13812345678 for 张三'));
    fake.rejectUnhandled(new Error('request for 139-8765-4321 failed'));
    await until('both errors stored', async () => (await countRows(phone.server.db, 'client_errors')) === before + 2);
    const stored = JSON.stringify(await phone.server.db.query('SELECT * FROM client_errors'));
    const sent = JSON.stringify(fake.network.sent);
    const logged = JSON.stringify(fake.realtimeLog);
    for (const text of [stored, sent, logged]) {
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('8765');
      expect(text).not.toContain('张三');
    }
    expect(stored).toContain('TypeError: cannot call [number] for [text]');
    expect(fake.realtimeLog.map((entry) => entry.level)).toEqual(['error', 'error']);
  });
});
