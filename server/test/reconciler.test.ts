/** Reconciliation through DescribeTelCdr (fake TCCC): day windows, pages of 100 from 0, paced, gaps filled once. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';
import { reconcile, windowsOf } from '../src/reconciler';
import { createTcccApi } from '../src/tcccApi';

const T0_TS = Math.floor(T0 / 1000);

function telCdr(i: number): Record<string, unknown> {
  return {
    SdkAppId: Number(SDK_APP_ID),
    SessionId: `rec-${i}`,
    StartTimestamp: T0_TS - 2 * 86400 + i * 600,
    EndStatusString: i % 2 === 0 ? 'ok' : 'notAnswer',
    UUI: `td1.r${String(i).padStart(9, '0')}`,
    SeatUser: { UserId: 'agent.a@example.com' },
  };
}

describe('windowsOf', () => {
  it('cuts a range into consecutive windows of at most one day', () => {
    expect(windowsOf({ fromTs: 0, toTs: 86400 * 2 + 5 })).toEqual([
      { fromTs: 0, toTs: 86400 },
      { fromTs: 86400, toTs: 172800 },
      { fromTs: 172800, toTs: 172805 },
    ]);
    expect(windowsOf({ fromTs: 10, toTs: 10 })).toEqual([]);
  });
});

describe('reconcile and POST /api/admin/backfill', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // 288 CDRs over two days (one every 10 minutes); the push delivered the first 10 already.
    server.tccc.cdrs = Array.from({ length: 288 }, (_, i) => telCdr(i));
    const basic = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;
    for (let i = 0; i < 10; i++) {
      await server.app.inject({
        method: 'POST',
        url: '/tccc/push?action=cdr&version=1',
        headers: { authorization: basic, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...telCdr(i), UUI: undefined, Uui: `pushed-${i}` }),
      });
    }
  });
  afterAll(() => server.close());

  const deps = () => ({
    db: server.db,
    tccc: createTcccApi(server.config),
    sdkAppId: SDK_APP_ID,
    now: () => server.clock.now,
    sleep: async (ms: number) => {
      server.clock.now += ms;
    },
  });

  it('is for admins only', async () => {
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/admin/backfill', payload: { from: T0 - 3600_000, to: T0 } },
      ['admin'],
    );
  });

  it('fills every missing CDR once, keeps pushed ones as pushed, pages from 0 by 100 in day windows, paced', async () => {
    const requestsBefore = server.tccc.requests.length;
    const startClock = server.clock.now;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/admin/backfill',
      headers: server.callers.admin.headers,
      payload: { from: T0 - 2 * 86400_000, to: T0 },
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ windows: 2, requests: 4, fetched: 288, filled: 278, skipped: 0 });
    expect(await countRows(server.db, 'cdrs')).toBe(288);
    // The pushed record keeps its push data.
    expect(await server.db.query("SELECT uui, source FROM cdrs WHERE session_id = 'rec-0'")).toEqual([
      { uui: 'pushed-0', source: 'push' },
    ]);
    expect(await server.db.query("SELECT uui_call_id, source FROM cdrs WHERE session_id = 'rec-200'")).toEqual([
      { uui_call_id: 'r000000200', source: 'api' },
    ]);
    const calls = server.tccc.requests.slice(requestsBefore).map((r) => r.params);
    expect(calls.map((p) => [p['StartTimeStamp'], p['EndTimeStamp'], p['PageNumber'], p['PageSize']])).toEqual([
      [T0_TS - 2 * 86400, T0_TS - 86400, 0, 100],
      [T0_TS - 2 * 86400, T0_TS - 86400, 1, 100],
      [T0_TS - 86400, T0_TS, 0, 100],
      [T0_TS - 86400, T0_TS, 1, 100],
    ]);
    // Paced at 10 requests/s at most: 4 requests took at least 300 ms of the server's clock.
    expect(server.clock.now - startClock).toBeGreaterThanOrEqual(300);

    // Running again finds nothing new.
    const again = await reconcile(deps(), { fromTs: T0_TS - 2 * 86400, toTs: T0_TS });
    expect(again).toMatchObject({ fetched: 288, filled: 0 });
  });

  it('runs in one instance at a time: a second run while one is under way returns null (409 on the route)', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const first = reconcile({ ...deps(), sleep: () => blocked }, { fromTs: T0_TS - 2 * 86400, toTs: T0_TS });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Another instance on the same database (a second pool on PostgreSQL).
    const otherDb = server.testDb.openAnother() ?? server.db;
    expect(await reconcile({ ...deps(), db: otherDb }, { fromTs: T0_TS - 3600, toTs: T0_TS })).toBeNull();
    const viaRoute = await server.app.inject({
      method: 'POST',
      url: '/api/admin/backfill',
      headers: server.callers.admin.headers,
      payload: { from: T0 - 3600_000, to: T0 },
    });
    expect(viaRoute.statusCode).toBe(409);
    release();
    expect(await first).not.toBeNull();
  });

  it('refuses ranges TCCC cannot answer, and reports TCCC’s errors in Chinese', async () => {
    const bad = [
      { from: T0, to: T0 - 1 },
      { from: T0 - 40 * 86400_000, to: T0 },
      { from: T0 - 200 * 86400_000, to: T0 - 190 * 86400_000 },
      { from: T0, to: T0 + 3600_000 },
    ];
    for (const payload of bad) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/admin/backfill',
        headers: server.callers.admin.headers,
        payload,
      });
      expect(response.statusCode).toBe(400);
    }
    server.tccc.limitPerSecond = 0;
    const limited = await server.app.inject({
      method: 'POST',
      url: '/api/admin/backfill',
      headers: server.callers.admin.headers,
      payload: { from: T0 - 3600_000, to: T0 },
    });
    server.tccc.limitPerSecond = 20;
    expect(limited.statusCode).toBe(502);
    expect(json(limited)['message']).toBe(
      '查询 TCCC 通话记录失败：TCCC 请求过于频繁，请稍后再试（错误码 RequestLimitExceeded）',
    );
  });
});
