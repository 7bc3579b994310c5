/** GET /api/stats buckets calls by Shanghai calendar day, exactly at midnight on both sides. */

import { json, startTestServer, type TestServer } from './helpers/testServer';

describe('stats days', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('puts a call at 23:59:59.999 on its day and one at 00:00 on the next (Asia/Shanghai, not UTC)', async () => {
    const times = [
      '2026-11-30T23:59:59.999+08:00',
      '2026-12-01T00:00:00.000+08:00',
      '2026-12-01T07:59:59.999+08:00',
      '2026-12-01T08:00:00.000+08:00',
      '2026-12-01T23:59:59.999+08:00',
    ];
    const calls = times.map((time, i) => ({
      id: `d00000000${i}`,
      revision: 1,
      uui: `td1.d00000000${i}`,
      sessionId: '',
      phone: '13800138000',
      name: '',
      startedAt: Date.parse(time),
      returnedAt: 0,
      state: 'placed-not-connected',
      duration: 0,
      closeBy: '',
      outcome: '',
      note: '',
    }));
    const stored = await server.app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: server.callers.agentA.headers,
      payload: { calls },
    });
    expect(stored.statusCode).toBe(200);
    const { rows } = json<{ rows: { day: string; calls: number }[] }>(
      await server.app.inject({ method: 'GET', url: '/api/stats', headers: server.callers.supervisor.headers }),
    );
    expect(rows.map((row) => [row.day, row.calls])).toEqual([
      ['2026-11-30', 1],
      ['2026-12-01', 4],
    ]);
  });
});
