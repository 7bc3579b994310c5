/**
 * @jest-environment node
 */
/** A callback booked on the phone reaches the real team server, which then reminds through (fake) WeChat. */

import {
  askReminderPermission,
  bookServerCallback,
  callbackTemplateId,
  refreshCallbackTemplate,
  type SubscribeAnswer,
} from '../../miniprogram/services/callbackServer';
import { sendDueReminders } from '../../server/src/callbackReminders';
import { createWechatApi } from '../../server/src/wechatApi';
import { json, startTestServer, T0, type TestServer } from '../../server/test/helpers/testServer';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { bindPhone } from '../helpers/teamPhone';

jest.setTimeout(60_000);

const TEMPLATE = { id: 'tmplCallback001', customerKey: 'thing1', timeKey: 'time2', noteKey: 'thing3' };

describe('callback reminders from the phone', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ wxCallbackTemplate: TEMPLATE });
    server.wechat.addTemplate(TEMPLATE.id, { thing1: 'thing', time2: 'time', thing3: 'thing' });
    // Agent A's phone is bound through WeChat, so the server knows the openid to remind.
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/admin/agents/${server.callers.agentA.userId}/bind-codes`,
      headers: server.callers.admin.headers,
    });
    const bound = await server.app.inject({
      method: 'POST',
      url: '/api/auth/wx',
      payload: { code: server.wechat.issueCode('openid-a'), bindCode: json<{ code: string }>(issued).code },
    });
    expect(bound.statusCode).toBe(200);
  });
  afterAll(() => server.close());

  it('fetches the template, asks in the tap, books with the answer; WeChat delivers at the due time', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    expect(callbackTemplateId()).toBeNull();
    await refreshCallbackTemplate();
    expect(callbackTemplateId()).toBe(TEMPLATE.id);
    const answers: SubscribeAnswer[] = [];
    let asked = false;
    const booked = new Promise<Awaited<ReturnType<typeof bookServerCallback>>>((resolve) => {
      currentWxFake().tap(() => {
        asked = askReminderPermission((answer, templateId) => {
          answers.push(answer);
          // The user's 允许 reaches WeChat's servers: one message may now be sent.
          if (answer === 'accept') server.wechat.grant('openid-a', templateId);
          resolve(
            bookServerCallback({ callId: 'k000000001', dueAt: T0 + 3_600_000, name: '张三' }, answer, templateId),
          );
        });
      });
    });
    expect(asked).toBe(true);
    expect(await booked).toEqual({ ok: true, reminder: 'server' });
    expect(answers).toEqual(['accept']);
    server.clock.now = T0 + 3_600_000;
    const wechat = createWechatApi(server.config.wxApiBase, server.config.wxAppId, server.config.wxSecret);
    const report = await sendDueReminders({ db: server.db, wechat, template: TEMPLATE, now: () => server.clock.now });
    expect(report).toMatchObject({ sent: 1 });
    expect(server.wechat.sent.at(-1)?.data).toMatchObject({ thing1: { value: '回拨 张*' } });
    server.clock.now = T0;
  });

  it('a refused permission books a local-only reminder; a supervisor’s phone or no server asks nothing', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    await refreshCallbackTemplate();
    expect(
      await bookServerCallback({ callId: 'k000000002', dueAt: T0 + 60_000, name: '李四' }, 'reject', TEMPLATE.id),
    ).toEqual({ ok: true, reminder: 'local' });
    bindPhone(server, server.callers.supervisor, { name: '主管', role: 'supervisor' }, Date.now());
    expect(askReminderPermission(() => undefined)).toBe(false);
    wx.removeStorageSync('tccc.team');
    expect(askReminderPermission(() => undefined)).toBe(false);
    expect(currentWxFake().network.subscribeRequests).toEqual([]);
  });
});
