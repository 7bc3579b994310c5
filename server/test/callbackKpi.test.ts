/**
 * Every callback booking reaches the server (with or without WeChat's reminder) and the dashboard counts the filtered
 * calls' open ones due today or overdue: done, cancelled, later, another agent's and calls outside the filter are not.
 */

import { sendDueReminders } from '../src/callbackReminders';
import { createWechatApi } from '../src/wechatApi';
import { expectAuthMatrix } from './helpers/authMatrix';
import { json, startTestServer, T0, type Caller, type TestServer } from './helpers/testServer';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('callbacks due on the dashboard', () => {
  let server: TestServer;
  const get = (url: string, caller: Caller) => server.app.inject({ method: 'GET', url, headers: caller.headers });
  const book = (caller: Caller, callId: string, dueAt: number, over: Record<string, unknown> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/api/callbacks',
      headers: caller.headers,
      payload: { callId, dueAt, name: '王先生', subscribe: 'none', ...over },
    });
  const end = (caller: Caller, callId: string, how: 'done' | 'cancel') =>
    server.app.inject({
      method: how === 'done' ? 'POST' : 'DELETE',
      url: how === 'done' ? `/api/callbacks/${callId}/done` : `/api/callbacks/${callId}`,
      headers: caller.headers,
      payload: {},
    });
  const upload = async (caller: Caller, ids: readonly [string, number][]) => {
    const calls = ids.map(([id, startedAt]) => ({
      id,
      revision: 1,
      uui: `td1.${id}`,
      sessionId: '',
      phone: '13900001111',
      name: '王先生',
      startedAt,
      returnedAt: startedAt + MINUTE,
      state: 'connected',
      duration: 30,
      closeBy: 'client',
      outcome: '预约回拨',
      note: '',
    }));
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: caller.headers,
      payload: { calls },
    });
    expect(response.statusCode).toBe(200);
  };
  const row = (body: string) => /<th scope="row">回拨<\/th>\s*<td>([^<]*)<\/td>/.exec(body)?.[1];

  beforeAll(async () => {
    // Clocks pinned: today is 2026-12-01 (Shanghai), the bookings are made at 10:00, the dashboard is read at 12:00.
    server = await startTestServer();
    const { agentA, agentB } = server.callers;
    await upload(agentA, [
      ...Array.from({ length: 8 }, (_, i): [string, number] => [`a00000000${i}`, T0 - i * HOUR]),
      ['a000000008', T0 - 8 * DAY],
    ]);
    await upload(agentB, [['b000000000', T0 - HOUR]]);
    const booked = [
      await book(agentA, 'a000000000', T0 + 30 * MINUTE),
      await book(agentA, 'a000000001', T0 + 90 * MINUTE),
      await book(agentA, 'a000000002', T0 + 5 * HOUR),
      await book(agentA, 'a000000003', T0 + DAY),
      await book(agentA, 'a000000004', T0 + 3 * HOUR),
      await book(agentA, 'a000000005', T0 + 3 * HOUR),
      await book(agentA, 'a000000008', T0 + HOUR),
      await book(agentB, 'b000000000', T0 + HOUR),
      // Agent B books under a call id only agent A has: it belongs to no call of B's, so it counts nowhere.
      await book(agentB, 'a000000006', T0 + HOUR),
    ];
    expect(booked.map((response) => response.statusCode)).toEqual(booked.map(() => 200));
    expect(json(await end(agentA, 'a000000004', 'done'))).toEqual({ done: true });
    expect(json(await end(agentA, 'a000000005', 'cancel'))).toEqual({ cancelled: true });
    server.clock.now = T0 + 2 * HOUR;
  });
  afterAll(() => server.close());

  it('keeps a booking made without a template as the phone’s own reminder, which the server never sends', async () => {
    server.clock.now = T0;
    expect(json(await book(server.callers.agentA, 'a000000007', T0 + 10 * MINUTE))).toEqual({
      state: 'phone',
      reminder: 'local',
    });
    server.clock.now = T0 + 2 * HOUR;
    const wechat = createWechatApi(server.config.wxApiBase, server.config.wxAppId, server.config.wxSecret);
    const report = await sendDueReminders({ db: server.db, wechat, template: undefined, now: () => server.clock.now });
    expect(report).toMatchObject({ sent: 0, failed: 0, refused: 0 });
    expect(server.wechat.sent).toEqual([]);
    // Done, then booked again for the same call: open again (the newest word from the phone wins).
    expect(json(await end(server.callers.agentA, 'a000000007', 'done'))).toEqual({ done: true });
    expect(json(await end(server.callers.agentA, 'a000000007', 'done'))).toEqual({ done: false });
    const [stored] = await server.db.query<{ status: string; state: string; closed_at: number | null }>(
      `SELECT status, state, closed_at FROM callback_reminders WHERE call_id = 'a000000007'`,
    );
    expect(stored).toEqual({ status: 'done', state: 'phone', closed_at: T0 + 2 * HOUR });
  });

  it('counts the open bookings due today or overdue among the filtered calls, overdue named', async () => {
    const { supervisor, agentA } = server.callers;
    const week = await get('/dashboard/calls?preset=7d', supervisor);
    expect(week.statusCode).toBe(200);
    // a0 (10:30), a1 (11:30), b0 (11:00) overdue; a2 (15:00) due later today; a3 tomorrow, a4 done, a5 cancelled,
    // a7 done, a8's call is 8 days old, B's a6 has no call of B's.
    expect(week.body).toMatch(/id="kpi-callbacks"[^>]*>4（逾期 3）</);
    const mine = await get(`/dashboard/calls?preset=7d&agent=${agentA.userId}`, supervisor);
    expect(mine.body).toMatch(/id="kpi-callbacks"[^>]*>3（逾期 2）</);
    const month = await get('/dashboard/calls?preset=30d', supervisor);
    expect(month.body).toMatch(/id="kpi-callbacks"[^>]*>5（逾期 4）</);
    // The recording filter needs the CDR join: none of these calls has one.
    expect((await get('/dashboard/calls?preset=7d&rec=0', supervisor)).body).toMatch(
      /id="kpi-callbacks"[^>]*>4（逾期 3）</,
    );
    expect((await get('/dashboard/calls?preset=7d&rec=1', supervisor)).body).toMatch(/id="kpi-callbacks"[^>]*>0</);
    const today = await get('/dashboard/calls?preset=yesterday', supervisor);
    expect(today.body).toMatch(/id="kpi-callbacks"[^>]*>0</);
    const numbers = json<{ callbacks: unknown }>(
      await get(`/api/dashboard/numbers?from=${T0 - 6 * DAY}&to=${T0 + DAY}`, supervisor),
    );
    expect(numbers.callbacks).toEqual({ due: 4, overdue: 3 });
  });

  it('the card links to those calls (callback=due in the URL), and the list, its numbers and export follow', async () => {
    const { supervisor } = server.callers;
    const week = await get('/dashboard/calls?preset=7d', supervisor);
    expect(week.body).toContain('href="/dashboard/calls?preset=7d&amp;callback=due"');
    const due = await get('/dashboard/calls?preset=7d&callback=due', supervisor);
    const listed = [...due.body.matchAll(/href="\/dashboard\/calls\/\d+\/([a-z0-9]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(['a000000000', 'a000000001', 'a000000002', 'b000000000']);
    expect(due.body).toContain('id="kpi-calls">4<');
    expect(due.body).toMatch(/id="kpi-callbacks"[^>]*>4（逾期 3）</);
    expect(due.body).toContain('显示全部');
    expect(due.body).toContain(`callbackDueBefore=${Date.parse('2026-12-02T00:00:00+08:00')}`);
    // The filter form carries it, checked, so changing another filter keeps it (and unchecking drops it).
    expect(due.body).toMatch(/id="f-callback"\s+type="checkbox"\s+name="callback"\s+value="due"\s+checked\s*\/>/);
    expect(week.body).toMatch(/id="f-callback"\s+type="checkbox"\s+name="callback"\s+value="due"\s*\/>/);
  });

  it('the call detail shows the due time, the state and who reminds', async () => {
    const { supervisor, agentA } = server.callers;
    const detail = async (callId: string) =>
      row((await get(`/dashboard/calls/${agentA.userId}/${callId}`, supervisor)).body);
    expect(await detail('a000000000')).toBe('已逾期 · 预约 2026-12-01 10:30 · 手机本机提醒（未配置微信提醒模板）');
    expect(await detail('a000000002')).toBe('待回拨 · 预约 2026-12-01 15:00 · 手机本机提醒（未配置微信提醒模板）');
    expect(await detail('a000000004')).toBe('已完成 · 预约 2026-12-01 13:00 · 完成于 2026-12-01 10:00');
    expect(await detail('a000000005')).toBe('已取消 · 预约 2026-12-01 13:00');
    // B's booking names A's call id: A's call shows none (its outcome says 预约回拨, so the missing time is named).
    expect(await detail('a000000006')).toBe('坐席手机未上报回拨时间');
  });

  it('only the booking agent ends a booking; the done route refuses everyone else and writes nothing', async () => {
    const { agentA, agentB, supervisor } = server.callers;
    await expectAuthMatrix(server, { method: 'POST', url: '/api/callbacks/a000000002/done', payload: {} }, ['agent']);
    expect(json(await end(agentB, 'a000000002', 'done'))).toEqual({ done: false });
    expect(json(await end(agentB, 'a000000002', 'cancel'))).toEqual({ cancelled: false });
    const week = await get('/dashboard/calls?preset=7d', supervisor);
    expect(week.body).toMatch(/id="kpi-callbacks"[^>]*>4（逾期 3）</);
    // The dashboard and its numbers are staff only: an agent reads no one's bookings there, not even their own.
    expect((await get('/dashboard/calls?preset=7d', agentA)).statusCode).toBe(303);
    expect((await get(`/api/calls/${agentA.userId}/a000000002`, agentB)).statusCode).toBe(403);
    expect((await get('/api/dashboard/numbers', agentA)).statusCode).toBe(403);
  });
});
