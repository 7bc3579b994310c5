/** GET /api/calls, /api/stats, reveal and export: cursor paging, filters, role scoping, masking, audit. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { json, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';

interface Page {
  calls: { id: string; agentId: number; phone: string; startedAt: number; tccc: { endStatus: string } | null }[];
  nextCursor: string | null;
}

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;
const DAY = 24 * 3600_000;

describe('call queries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const batch = (headers: Record<string, string>, calls: Record<string, unknown>[]) =>
      server.app.inject({ method: 'POST', url: '/api/calls/batch', headers, payload: { calls } });
    const base = { revision: 1, sessionId: '', name: '', returnedAt: 0, closeBy: '', note: '' };
    // Agent A: 30 calls over two days, every third connected 60 s (TCCC agrees) or busy; agent B: 5 calls.
    const callsA = Array.from({ length: 30 }, (_, i) => ({
      ...base,
      id: `a${String(i).padStart(9, '0')}`,
      uui: `td1.a${String(i).padStart(9, '0')}`,
      phone: `1381234${String(1000 + i)}`,
      startedAt: T0 + (i < 20 ? 0 : DAY) + i * 60_000,
      state: i % 3 === 0 ? 'connected' : 'placed-not-connected',
      duration: i % 3 === 0 ? 60 : 0,
      outcome: i % 2 === 0 ? 'interested' : '',
    }));
    expect((await batch(server.callers.agentA.headers, callsA)).statusCode).toBe(200);
    const callsB = Array.from({ length: 5 }, (_, i) => ({
      ...base,
      id: `b${String(i).padStart(9, '0')}`,
      uui: `td1.b${String(i).padStart(9, '0')}`,
      phone: '13999990000',
      startedAt: T0 + i * 1000,
      state: 'connected',
      duration: 10,
      outcome: '',
    }));
    expect((await batch(server.callers.agentB.headers, callsB)).statusCode).toBe(200);
    for (let i = 0; i < 30; i++) {
      const id = `a${String(i).padStart(9, '0')}`;
      // Call a000000003 is the mismatch: the phone says 60 s connected, TCCC says busy.
      const ok = i % 3 === 0 && i !== 3;
      await server.app.inject({
        method: 'POST',
        url: '/tccc/push?action=cdr&version=1',
        headers: { authorization: BASIC, 'content-type': 'application/json' },
        payload: JSON.stringify({
          SdkAppId: Number(SDK_APP_ID),
          SessionId: `s-${id}`,
          Uui: `td1.${id}`,
          EndStatusString: ok ? 'ok' : 'busy',
          Duration: ok ? 58 : 0,
          SeatUser: { UserId: server.seats.agentA },
        }),
      });
    }
    await server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=record&version=1',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: 's-a000000000',
        RecordId: 'r1',
        RecordURL: 'https://x/1.mp3',
      }),
    });
  });
  afterAll(() => server.close());

  const get = (url: string, headers: Record<string, string>) => server.app.inject({ method: 'GET', url, headers });

  it('every read route refuses without a live session; reveal and export are for staff only', async () => {
    await expectAuthMatrix(server, { method: 'GET', url: '/api/calls' }, ['agent', 'supervisor', 'admin']);
    await expectAuthMatrix(server, { method: 'GET', url: '/api/stats' }, ['agent', 'supervisor', 'admin']);
    await expectAuthMatrix(server, { method: 'GET', url: '/api/calls/export' }, ['supervisor', 'admin']);
    await expectAuthMatrix(
      server,
      {
        method: 'POST',
        url: '/api/calls/reveal',
        payload: { agentId: server.callers.agentA.userId, callId: 'a000000000' },
      },
      ['supervisor', 'admin'],
    );
  });

  it('pages newest first with a cursor, every call once, numbers masked', async () => {
    const seen: string[] = [];
    let url = '/api/calls?limit=7';
    for (;;) {
      const page = json<Page>(await get(url, server.callers.supervisor.headers));
      seen.push(...page.calls.map((c) => c.id));
      for (const c of page.calls) expect(c.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      if (page.nextCursor === null) break;
      url = `/api/calls?limit=7&cursor=${page.nextCursor}`;
    }
    expect(seen).toHaveLength(35);
    expect(new Set(seen).size).toBe(35);
    expect(seen[0]).toBe('a000000029');
  });

  it('shows an agent only their own calls, whatever agentId they ask for', async () => {
    const page = json<Page>(
      await get(`/api/calls?limit=100&agentId=${server.callers.agentA.userId}`, server.callers.agentB.headers),
    );
    expect(page.calls.map((c) => c.agentId)).toEqual(Array(5).fill(server.callers.agentB.userId));
  });

  it('filters by date range, agent, TCCC end status, disposition, phone digits, recording and mismatch', async () => {
    const ids = async (query: string) =>
      json<Page>(await get(`/api/calls?limit=100&${query}`, server.callers.supervisor.headers))
        .calls.map((c) => c.id)
        .sort();
    expect(await ids(`from=${T0 + DAY}&to=${T0 + 2 * DAY}`)).toHaveLength(10);
    expect(await ids(`agentId=${server.callers.agentB.userId}`)).toHaveLength(5);
    expect(await ids('endStatus=ok')).toEqual([
      'a000000000',
      'a000000006',
      'a000000009',
      'a000000012',
      'a000000015',
      'a000000018',
      'a000000021',
      'a000000024',
      'a000000027',
    ]);
    expect(await ids('outcome=interested')).toHaveLength(15);
    expect(await ids('phone=12341029')).toEqual(['a000000029']);
    expect(await ids('hasRecording=true')).toEqual(['a000000000']);
    expect(await ids('mismatch=true')).toEqual(['a000000003']);
  });

  it('refuses a bad filter or cursor with 400 and its reason', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'from=yesterday',
      'phone=13%25',
      'cursor=bm90LWEtY3Vyc29y',
      'mismatch=1',
    ]) {
      const response = await get(`/api/calls?${query}`, server.callers.supervisor.headers);
      expect(`${query} → ${response.statusCode}`).toBe(`${query} → 400`);
      expect(json(response)['message']).toMatch(/^请求格式不正确/);
    }
  });

  it('counts per Shanghai day and agent, TCCC’s word over the phone’s', async () => {
    const { rows } = json<{ rows: Record<string, unknown>[] }>(
      await get('/api/stats', server.callers.supervisor.headers),
    );
    expect(rows).toEqual([
      {
        day: '2026-12-01',
        agentId: server.callers.agentA.userId,
        agentName: '坐席甲',
        calls: 20,
        connected: 6,
        connectRate: 0.3,
        talkSeconds: 6 * 58,
      },
      {
        day: '2026-12-01',
        agentId: server.callers.agentB.userId,
        agentName: '坐席乙',
        calls: 5,
        connected: 5,
        connectRate: 1,
        talkSeconds: 50,
      },
      {
        day: '2026-12-02',
        agentId: server.callers.agentA.userId,
        agentName: '坐席甲',
        calls: 10,
        connected: 3,
        connectRate: 0.3,
        talkSeconds: 3 * 58,
      },
    ]);
  });

  it('reveals one number to a supervisor and writes the audit row first', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/calls/reveal',
      headers: server.callers.supervisor.headers,
      payload: { agentId: server.callers.agentA.userId, callId: 'a000000029' },
    });
    expect(json(response)).toEqual({ phone: '13812341029' });
    const audit = await server.db.query<{ user_id: number; detail: string }>(
      "SELECT user_id, detail FROM audit_log WHERE action = 'call.reveal'",
    );
    expect(audit).toEqual([
      { user_id: server.callers.supervisor.userId, detail: `${server.callers.agentA.userId}/a000000029` },
    ]);
  });

  it('audits every number search, list and stats, whoever asks: digits counted, never stored', async () => {
    const searches = () =>
      server.db.query<{ user_id: number; detail: string }>(
        "SELECT user_id, detail FROM audit_log WHERE action = 'call.search' ORDER BY id",
      );
    const before = (await searches()).length;
    // 138****1029 is masked; a search for its hidden digits answers whether they are there.
    const page = json<Page>(await get('/api/calls?phone=12341029', server.callers.supervisor.headers));
    expect(page.calls.map((c) => c.id)).toEqual(['a000000029']);
    await get('/api/stats?phone=1234102', server.callers.supervisor.headers);
    await get('/api/calls?phone=999900', server.callers.agentB.headers);
    await get('/api/calls?agentId=1', server.callers.supervisor.headers);
    const written = (await searches()).slice(before);
    expect(written).toEqual([
      { user_id: server.callers.supervisor.userId, detail: 'GET /api/calls: 8 digits, 1 calls' },
      { user_id: server.callers.supervisor.userId, detail: 'GET /api/stats: 7 digits, 10 calls' },
      { user_id: server.callers.agentB.userId, detail: 'GET /api/calls: 6 digits, 5 calls' },
    ]);
    for (const row of written) expect(row.detail).not.toMatch(/\d{3}/);
  });

  it('exports masked CSV and audits the export', async () => {
    const response = await get(
      `/api/calls/export?agentId=${server.callers.agentB.userId}`,
      server.callers.supervisor.headers,
    );
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(6);
    expect(response.body).not.toContain('13999990000');
    expect(lines[1]).toContain('139****0000');
    expect(await server.db.query("SELECT detail FROM audit_log WHERE action = 'call.export'")).toEqual([
      { detail: expect.stringMatching(/^5 rows /) },
    ]);
  });
});
