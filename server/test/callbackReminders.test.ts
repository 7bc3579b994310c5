/**
 * Callback reminders: bookings from phones (who may book), the due loop against a fake WeChat with the real API's
 * errcodes, one send per grant, retries of temporary failures, one sweeping instance at a time; clocks pinned.
 */

import fc from 'fast-check';
import { maskedCustomer, reminderTime, sendDueReminders, type ReminderDeps } from '../src/callbackReminders';
import { loadConfig, type CallbackTemplate } from '../src/config';
import { createWechatApi, type SendResult, type WechatApi } from '../src/wechatApi';
import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, startTestServer, T0, type Caller, type TestServer } from './helpers/testServer';

const TEMPLATE: CallbackTemplate = {
  id: 'tmplCallback001',
  customerKey: 'thing1',
  timeKey: 'time2',
  noteKey: 'thing3',
};
const MINUTE = 60_000;

describe('callback reminders', () => {
  let server: TestServer;
  let wechat: WechatApi;
  const openids = { agentA: 'openid-agent-a', agentB: 'openid-agent-b' };

  beforeAll(async () => {
    server = await startTestServer({ wxCallbackTemplate: TEMPLATE });
    server.wechat.addTemplate(TEMPLATE.id, { thing1: 'thing', time2: 'time', thing3: 'thing' });
    wechat = createWechatApi(server.config.wxApiBase, server.config.wxAppId, server.config.wxSecret);
    // Bind both agents' phones (their openids are what WeChat sends to).
    for (const who of ['agentA', 'agentB'] as const) {
      const issued = await server.app.inject({
        method: 'POST',
        url: `/api/admin/agents/${server.callers[who].userId}/bind-codes`,
        headers: server.callers.admin.headers,
      });
      const bound = await server.app.inject({
        method: 'POST',
        url: '/api/auth/wx',
        payload: { code: server.wechat.issueCode(openids[who]), bindCode: json<{ code: string }>(issued).code },
        remoteAddress: `10.3.0.${who === 'agentA' ? 1 : 2}`,
      });
      expect(bound.statusCode).toBe(200);
    }
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clock.now = T0;
  });

  const deps = (over: Partial<ReminderDeps> = {}): ReminderDeps => ({
    db: server.db,
    wechat,
    template: TEMPLATE,
    now: () => server.clock.now,
    ...over,
  });
  const book = (caller: Caller, body: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: '/api/callbacks', headers: caller.headers, payload: body });
  const booking = (callId: string, over: Record<string, unknown> = {}) => ({
    callId,
    dueAt: T0 + 30 * MINUTE,
    name: '张三丰',
    templateId: TEMPLATE.id,
    subscribe: 'accept',
    ...over,
  });
  const stateOf = async (callId: string) =>
    (
      await server.db.query<{ state: string; last_error: string | null }>(
        'SELECT state, last_error FROM callback_reminders WHERE call_id = $1',
        [callId],
      )
    )[0];

  it('only agents book, cancel and read the template; everyone else is refused and nothing is written', async () => {
    await expectAuthMatrix(server, { method: 'GET', url: '/api/callbacks/template' }, ['agent']);
    await expectAuthMatrix(server, { method: 'POST', url: '/api/callbacks', payload: booking('m000000001') }, [
      'agent',
    ]);
    await expectAuthMatrix(server, { method: 'DELETE', url: '/api/callbacks/m000000001' }, ['agent']);
    const template = await server.app.inject({
      method: 'GET',
      url: '/api/callbacks/template',
      headers: server.callers.agentA.headers,
    });
    expect(json(template)).toEqual({ templateId: TEMPLATE.id });
  });

  it('sends at the due time, not before, once: masked name, China time, no number, the call detail page', async () => {
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    const booked = await book(server.callers.agentA, booking('r000000001', { name: '张三丰 13800138000' }));
    expect(json(booked)).toEqual({ state: 'waiting', reminder: 'server' });
    const sentBefore = server.wechat.sent.length;
    server.clock.now = T0 + 29 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0 });
    server.clock.now = T0 + 30 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 1 });
    const message = server.wechat.sent[sentBefore];
    expect(message).toEqual({
      touser: openids.agentA,
      template_id: TEMPLATE.id,
      page: 'pages/call-detail/call-detail?id=r000000001',
      data: {
        thing1: { value: '回拨 客户' },
        time2: { value: '2026年12月01日 10:30' },
        thing3: { value: '预约的回拨时间到了' },
      },
    });
    expect(JSON.stringify(message)).not.toMatch(/138|张三丰/);
    // Later sweeps never send it again.
    server.clock.now = T0 + 90 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0 });
    expect(server.wechat.sent.length).toBe(sentBefore + 1);
    expect(await stateOf('r000000001')).toEqual({ state: 'sent', last_error: null });
  });

  it('without a grant the phone keeps its local reminder; a spent or missing grant ends as refused (43101)', async () => {
    const rejected = await book(server.callers.agentB, booking('r000000002', { subscribe: 'reject' }));
    expect(json(rejected)).toEqual({ state: 'no-permission', reminder: 'local' });
    // The phone says accept, but WeChat holds no quota for it (the user turned it off since): WeChat refuses.
    expect(json(await book(server.callers.agentB, booking('r000000003')))).toMatchObject({ reminder: 'server' });
    server.clock.now = T0 + 31 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0, refused: 1 });
    expect((await stateOf('r000000003'))?.state).toBe('refused');
    expect((await stateOf('r000000003'))?.last_error).toMatch(/^43101 /);
    expect((await stateOf('r000000002'))?.state).toBe('no-permission');
  });

  it('a moved booking keeps its unspent grant; a cancelled one is never sent', async () => {
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    await book(server.callers.agentA, booking('r000000004'));
    const moved = await book(
      server.callers.agentA,
      booking('r000000004', { dueAt: T0 + 60 * MINUTE, subscribe: 'none' }),
    );
    expect(json(moved)).toEqual({ state: 'waiting', reminder: 'server' });
    server.clock.now = T0 + 45 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0 });
    server.clock.now = T0 + 60 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 1 });

    server.clock.now = T0;
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    expect((await book(server.callers.agentA, booking('r000000005'))).statusCode).toBe(200);
    const cancel = await server.app.inject({
      method: 'DELETE',
      url: '/api/callbacks/r000000005',
      headers: server.callers.agentA.headers,
    });
    expect(json(cancel)).toEqual({ cancelled: true });
    // Agent B cannot cancel agent A's reminder: it answers like an unknown one.
    await book(server.callers.agentA, booking('r000000006'));
    const foreign = await server.app.inject({
      method: 'DELETE',
      url: '/api/callbacks/r000000006',
      headers: server.callers.agentB.headers,
    });
    expect(json(foreign)).toEqual({ cancelled: false });
    await server.app.inject({
      method: 'DELETE',
      url: '/api/callbacks/r000000006',
      headers: server.callers.agentA.headers,
    });
    server.clock.now = T0 + 2 * 60 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0 });
    expect((await stateOf('r000000005'))?.state).toBe('cancelled');
  });

  it('retries WeChat being busy (-1) with backoff, and gives up a bad template (40037) or bad data (47003) at once', async () => {
    server.wechat.grant(openids.agentB, TEMPLATE.id);
    await book(server.callers.agentB, booking('r000000007'));
    server.wechat.failNextSends(-1, 1);
    server.clock.now = T0 + 30 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0, retried: 1 });
    // Backoff: not again within the minute, then sent.
    server.clock.now = T0 + 30 * MINUTE + 30_000;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 0, retried: 0 });
    server.clock.now = T0 + 31 * MINUTE + 1;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 1 });

    server.clock.now = T0;
    server.wechat.grant(openids.agentB, 'tmplUnknown0001');
    await book(server.callers.agentB, booking('r000000008', { templateId: 'tmplUnknown0001' }));
    server.clock.now = T0 + 30 * MINUTE;
    expect(await sendDueReminders(deps())).toMatchObject({ failed: 1 });
    expect((await stateOf('r000000008'))?.last_error).toMatch(/^40037 invalid template_id/);

    // A server configured with keywords the template does not have: WeChat names the empty field.
    server.clock.now = T0;
    server.wechat.grant(openids.agentB, TEMPLATE.id);
    await book(server.callers.agentB, booking('r000000009'));
    server.clock.now = T0 + 30 * MINUTE;
    const wrongKeys = { ...TEMPLATE, customerKey: 'thing9' };
    expect(await sendDueReminders(deps({ template: wrongKeys }))).toMatchObject({ failed: 1 });
    expect((await stateOf('r000000009'))?.last_error).toMatch(/^47003 argument invalid! data\.thing1/);
  });

  it('renews an expired access_token once and sends (42001)', async () => {
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    await book(server.callers.agentA, booking('r000000010'));
    server.clock.now = T0 + 30 * MINUTE;
    server.wechat.expireTokens();
    const before = server.wechat.tokenRequests;
    expect(await sendDueReminders(deps())).toMatchObject({ sent: 1 });
    expect(server.wechat.tokenRequests).toBe(before + 1);
  });

  it('one instance sweeps at a time; a send interrupted by a crash is closed, never sent twice', async () => {
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    await book(server.callers.agentA, booking('r000000011'));
    server.clock.now = T0 + 30 * MINUTE;
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slow: WechatApi = {
      code2Session: wechat.code2Session,
      sendSubscribeMessage: async (message): Promise<SendResult> => {
        await blocked;
        return wechat.sendSubscribeMessage(message);
      },
    };
    const first = sendDueReminders(deps({ wechat: slow }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const otherDb = server.testDb.openAnother() ?? server.db;
    expect(await sendDueReminders(deps({ db: otherDb }))).toBeNull();
    release();
    expect(await first).toMatchObject({ sent: 1 });

    // A crash between the claim and WeChat's answer leaves 'sending': after 10 minutes it is closed as failed.
    server.wechat.grant(openids.agentA, TEMPLATE.id);
    server.clock.now = T0;
    await book(server.callers.agentA, booking('r000000012'));
    await server.db.query("UPDATE callback_reminders SET state = 'sending', updated_at = $1 WHERE call_id = $2", [
      T0 + 30 * MINUTE,
      'r000000012',
    ]);
    server.clock.now = T0 + 41 * MINUTE;
    const sentBefore = server.wechat.sent.length;
    expect(await sendDueReminders(deps())).toMatchObject({ interrupted: 1, sent: 0 });
    expect(server.wechat.sent.length).toBe(sentBefore);
    expect(await stateOf('r000000012')).toEqual({ state: 'failed', last_error: 'interrupted while sending' });
  });

  it('keeps a booking past its time as the phone’s, refuses one over a year off, never 5xx on generated bodies', async () => {
    // Held offline by the outbox until after its time: it counts (overdue), WeChat does not remind late.
    expect(json(await book(server.callers.agentA, booking('r000000013', { dueAt: T0 - 2 * MINUTE })))).toEqual({
      state: 'no-permission',
      reminder: 'local',
    });
    expect(
      (await book(server.callers.agentA, booking('r000000014', { dueAt: T0 - 400 * 24 * 60 * MINUTE }))).statusCode,
    ).toBe(400);
    expect(
      (await book(server.callers.agentA, booking('r000000013', { dueAt: T0 + 400 * 24 * 60 * MINUTE }))).statusCode,
    ).toBe(400);
    const valid = fc.record({
      callId: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[0-9a-z]{10}$/)),
      dueAt: fc.oneof(fc.integer(), fc.double(), fc.constant(T0 + MINUTE)),
      name: fc.string({ maxLength: 210 }),
      templateId: fc.oneof(fc.string({ maxLength: 130 }), fc.constant(TEMPLATE.id)),
      subscribe: fc.constantFrom('accept', 'reject', 'ban', 'filter', 'none', 'yes'),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), valid, fc.string()), async (body) => {
        const before = await countRows(server.db, 'callback_reminders');
        const response = await server.app.inject({
          method: 'POST',
          url: '/api/callbacks',
          payload: JSON.stringify(body),
          headers: { ...server.callers.agentA.headers, 'content-type': 'application/json' },
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 300) expect(await countRows(server.db, 'callback_reminders')).toBe(before);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('reads the template from WX_CALLBACK_TEMPLATE_ID and _KEYS, with one clear line when they are wrong', () => {
    const env = {
      TCCC_SECRET_ID: 'AKIDxxxx',
      TCCC_SECRET_KEY: 'key',
      TCCC_SDK_APP_ID: '1400123456',
      TCCC_PUSH_SECRET: 'push-secret-0123456789',
      WX_APPID: 'wx0123456789abcdef',
      WX_SECRET: 'wxsecret',
      ADMIN_PASSWORD: 'admin-password-123',
    };
    const none = loadConfig(env);
    expect(none.ok && none.config.wxCallbackTemplate).toBeUndefined();
    const set = loadConfig({
      ...env,
      WX_CALLBACK_TEMPLATE_ID: 'abcDEF_12-3',
      WX_CALLBACK_TEMPLATE_KEYS: 'name1,date2,thing4',
    });
    expect(set.ok && set.config.wxCallbackTemplate).toEqual({
      id: 'abcDEF_12-3',
      customerKey: 'name1',
      timeKey: 'date2',
      noteKey: 'thing4',
    });
    const bad = loadConfig({ ...env, WX_CALLBACK_TEMPLATE_ID: 'abc', WX_CALLBACK_TEMPLATE_KEYS: 'thing1,time2' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'WX_CALLBACK_TEMPLATE_KEYS must be three keywords (customer, time, note), e.g. thing1,time2,thing3',
    ]);
  });

  it('masks the customer and writes the due time as WeChat reads it', () => {
    expect(maskedCustomer('张三丰')).toBe('张**');
    expect(maskedCustomer('李')).toBe('李*');
    expect(maskedCustomer('Alexander Hamilton')).toBe('A***');
    expect(maskedCustomer('13800138000')).toBe('客户');
    expect(maskedCustomer('  ')).toBe('客户');
    expect(reminderTime(Date.parse('2026-12-31T23:59:00+08:00'))).toBe('2026年12月31日 23:59');
  });
});
