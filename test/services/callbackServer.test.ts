/**
 * @jest-environment node
 */
/**
 * A callback booked on the phone reaches the real team server, which then reminds through (fake) WeChat; bookings
 * made offline arrive later, and a callback completed or replaced on the phone cancels the server's reminder, both
 * durably (across a cold start).
 */

import {
  askReminderPermission,
  bookServerCallback,
  callbackTemplateId,
  refreshCallbackTemplate,
  type SubscribeAnswer,
} from '../../miniprogram/services/callbackServer';
import { addCallback, completeAnsweredCallbacks, completeCallback } from '../../miniprogram/services/callbackStore';
import { flushOutbox, forgetOutboxMemory, queuedCallbackOps } from '../../miniprogram/services/outbox';
import type { CallRecord } from '../../miniprogram/core/callRecord';
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

  const bookingStatus = async (callId: string) =>
    (
      await server.db.query<{ status: string }>(
        'SELECT status FROM callback_reminders WHERE agent_id = $1 AND call_id = $2',
        [server.callers.agentA.userId, callId],
      )
    )[0]?.status;

  const reminderState = async (callId: string) =>
    (
      await server.db.query<{ state: string }>(
        'SELECT state FROM callback_reminders WHERE agent_id = $1 AND call_id = $2',
        [server.callers.agentA.userId, callId],
      )
    )[0]?.state;

  /** The wrap-up's path: the local callback first, then the server booking with the agent's 允许. */
  async function book(callId: string, phone: string, dueAt: number) {
    const added = addCallback({ phone, dueAt, name: '王五', callId });
    if (!added.ok) throw new Error(added.message);
    server.wechat.grant('openid-a', TEMPLATE.id);
    return {
      local: added.callback,
      booked: await bookServerCallback({ callId, dueAt, name: '王五' }, 'accept', TEMPLATE.id),
    };
  }

  it('a booking made offline waits in the outbox, survives a cold start, and reaches the server once online', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    currentWxFake().network.online = false;
    const { booked } = await book('k000000101', '139 0000 0101', T0 + 7_200_000);
    expect(booked.ok).toBe(false);
    expect(queuedCallbackOps()).toEqual([expect.objectContaining({ op: 'book', callId: 'k000000101' })]);
    expect(await reminderState('k000000101')).toBeUndefined();
    forgetOutboxMemory();
    currentWxFake().network.online = true;
    await flushOutbox();
    expect(await reminderState('k000000101')).toBe('waiting');
    expect(queuedCallbackOps()).toEqual([]);
  });

  it('完成 on the phone cancels the server reminder; offline, the cancel waits across a cold start', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    const first = await book('k000000201', '139 0000 0201', T0 + 7_200_000);
    expect(first.booked).toEqual({ ok: true, reminder: 'server' });
    expect(completeCallback(first.local.id)).toBe(true);
    await flushOutbox();
    expect(await reminderState('k000000201')).toBe('cancelled');
    expect(await bookingStatus('k000000201')).toBe('done');

    const second = await book('k000000202', '139 0000 0202', T0 + 7_200_000);
    expect(await reminderState('k000000202')).toBe('waiting');
    currentWxFake().network.online = false;
    expect(completeCallback(second.local.id)).toBe(true);
    await flushOutbox();
    expect(queuedCallbackOps()).toEqual([{ op: 'done', callId: 'k000000202' }]);
    forgetOutboxMemory();
    currentWxFake().network.online = true;
    await flushOutbox();
    expect(await reminderState('k000000202')).toBe('cancelled');
    expect(await bookingStatus('k000000202')).toBe('done');
  });

  it('a connected call to the number, or a newer callback for it, cancels the old reminder', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    const answered = await book('k000000301', '139 0000 0301', T0 + 7_200_000);
    expect(answered.booked).toEqual({ ok: true, reminder: 'server' });
    const call = { id: 'k000000399', phone: answered.local.phone, state: 'connected' } as CallRecord;
    expect(completeAnsweredCallbacks([call])).toEqual([answered.local.id]);
    await flushOutbox();
    expect(await reminderState('k000000301')).toBe('cancelled');
    expect(await bookingStatus('k000000301')).toBe('done');

    await book('k000000302', '139 0000 0302', T0 + 7_200_000);
    // A new callback for the same number from a later call replaces the old one: its reminder goes too.
    await book('k000000303', '139 0000 0302', T0 + 9_000_000);
    await flushOutbox();
    expect(await reminderState('k000000302')).toBe('cancelled');
    expect(await bookingStatus('k000000302')).toBe('cancelled');
    expect(await reminderState('k000000303')).toBe('waiting');
  });

  const stored = async (callId: string) =>
    (
      await server.db.query<{ state: string; status: string; customer: string; due_at: number }>(
        'SELECT state, status, customer, due_at FROM callback_reminders WHERE agent_id = $1 AND call_id = $2',
        [server.callers.agentA.userId, callId],
      )
    )[0];

  it('without a template every booking still goes, masked, and the server records that the phone reminds', async () => {
    forgetOutboxMemory();
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    expect(callbackTemplateId()).toBeNull();
    const added = addCallback({
      phone: '139 0000 0501',
      dueAt: T0 + 7_200_000,
      name: '赵六 13900000501',
      callId: 'k000000501',
    });
    expect(added.ok).toBe(true);
    expect(queuedCallbackOps()).toEqual([
      {
        op: 'book',
        callId: 'k000000501',
        dueAt: T0 + 7_200_000,
        name: '赵六 13900000501',
        templateId: null,
        subscribe: 'none',
      },
    ]);
    await flushOutbox();
    expect(queuedCallbackOps()).toEqual([]);
    // The name went masked: no digit of it left the phone.
    expect(await stored('k000000501')).toEqual({
      state: 'phone',
      status: 'open',
      customer: '客户',
      due_at: T0 + 7_200_000,
    });
    expect(currentWxFake().network.subscribeRequests).toEqual([]);
    // 完成 on the phone: the server's booking is done (not cancelled).
    expect(added.ok && completeCallback(added.callback.id)).toBe(true);
    expect(queuedCallbackOps()).toEqual([{ op: 'done', callId: 'k000000501' }]);
    await flushOutbox();
    expect(await stored('k000000501')).toMatchObject({ state: 'phone', status: 'done' });
  });

  it('offline, a booking and its completion wait across a cold start and arrive in order once online', async () => {
    forgetOutboxMemory();
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    currentWxFake().network.online = false;
    const first = addCallback({ phone: '139 0000 0601', dueAt: T0 + 7_200_000, name: '孙七', callId: 'k000000601' });
    const second = addCallback({ phone: '139 0000 0602', dueAt: T0 + 9_000_000, name: '周八', callId: 'k000000602' });
    await flushOutbox();
    expect(queuedCallbackOps().map((op) => [op.op, op.callId])).toEqual([
      ['book', 'k000000601'],
      ['book', 'k000000602'],
    ]);
    // A connected call to the first number completes its callback, still offline.
    const call = { id: 'k000000699', phone: first.ok ? first.callback.phone : '', state: 'connected' } as CallRecord;
    expect(completeAnsweredCallbacks([call])).toHaveLength(1);
    expect(queuedCallbackOps().map((op) => [op.op, op.callId])).toEqual([
      ['book', 'k000000602'],
      ['done', 'k000000601'],
    ]);
    expect(await stored('k000000601')).toBeUndefined();
    forgetOutboxMemory();
    currentWxFake().network.online = true;
    await flushOutbox();
    expect(queuedCallbackOps()).toEqual([]);
    // The booking itself never reached the server (the completion replaced it in the queue): nothing is open for it.
    expect(await stored('k000000601')).toBeUndefined();
    expect(second.ok && (await stored('k000000602'))).toMatchObject({ state: 'phone', status: 'open' });
  });

  it('with no team server, completing a callback queues nothing', () => {
    wx.removeStorageSync('tccc.team');
    const added = addCallback({ phone: '139 0000 0401', dueAt: T0 + 7_200_000, callId: 'k000000401' });
    expect(added.ok && completeCallback(added.callback.id)).toBe(true);
    expect(queuedCallbackOps()).toEqual([]);
  });
});
