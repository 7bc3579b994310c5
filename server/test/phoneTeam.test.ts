/** What a bound phone reads from the team: its calls' TCCC status, and for a supervisor's phone the team's calls. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { json, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;

interface StatusAnswer {
  calls: { id: string; revision: number; tccc: { endStatus: string; endStatusLabel: string } | null }[];
}

describe('the phone reads from the team', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const base = { revision: 1, sessionId: '', name: '', returnedAt: 0, closeBy: '', note: '', outcome: '' };
    const call = (id: string, phone: string, startedAt: number) => ({
      ...base,
      id,
      uui: `td1.${id}`,
      phone,
      startedAt,
      state: 'placed-not-connected',
      duration: 0,
    });
    const batch = (headers: Record<string, string>, calls: Record<string, unknown>[]) =>
      server.app.inject({ method: 'POST', url: '/api/calls/batch', headers, payload: { calls } });
    expect(
      (
        await batch(server.callers.agentA.headers, [
          call('a000000001', '13800138000', T0),
          call('a000000002', '13800138001', T0 + 1),
        ])
      ).statusCode,
    ).toBe(200);
    expect((await batch(server.callers.agentB.headers, [call('b000000001', '13900139000', T0 + 2)])).statusCode).toBe(
      200,
    );
  });
  afterAll(() => server.close());

  const get = (url: string, headers: Record<string, string>) => server.app.inject({ method: 'GET', url, headers });
  const pushCdr = (id: string, seat: string, endStatus: string) =>
    server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=cdr&version=1',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: `s-${id}`,
        Uui: `td1.${id}`,
        EndStatusString: endStatus,
        Duration: 0,
        SeatUser: { UserId: seat },
      }),
    });

  it('GET /api/calls/status is for agents only, with every refusal of the matrix', async () => {
    await expectAuthMatrix(server, { method: 'GET', url: '/api/calls/status?ids=a000000001' }, ['agent']);
  });

  it("answers an agent's own calls: null until TCCC's CDR joins, then its status; another agent's id is absent", async () => {
    const before = json<StatusAnswer>(
      await get('/api/calls/status?ids=a000000001,a000000002,b000000001,zz', server.callers.agentA.headers),
    );
    expect(before.calls.map((c) => [c.id, c.tccc]).sort()).toEqual([
      ['a000000001', null],
      ['a000000002', null],
    ]);
    expect((await pushCdr('a000000001', server.seats.agentA, 'busy')).statusCode).toBe(200);
    expect((await pushCdr('b000000001', server.seats.agentB, 'ok')).statusCode).toBe(200);
    const after = json<StatusAnswer>(
      await get('/api/calls/status?ids=a000000001,b000000001', server.callers.agentA.headers),
    );
    expect(after.calls).toHaveLength(1);
    expect(after.calls[0]?.tccc).toMatchObject({ endStatus: 'busy', endStatusLabel: '忙线' });
    // Agent B asking for agent A's call learns nothing.
    expect(
      json<StatusAnswer>(await get('/api/calls/status?ids=a000000001', server.callers.agentB.headers)).calls,
    ).toEqual([]);
  });

  it('refuses a malformed id list with a clear 400', async () => {
    for (const ids of [
      '',
      'a000000001,,a000000002',
      'a%201',
      Array.from({ length: 51 }, (_, i) => `c${i}`).join(','),
    ]) {
      const response = await get(`/api/calls/status?ids=${ids}`, server.callers.agentA.headers);
      expect(response.statusCode).toBe(400);
      expect(json(response)['message']).toMatch(/请求格式不正确/);
    }
  });

  it('an agent asking for another agent’s calls or stats gets only their own', async () => {
    const page = json<{ calls: { agentId: number }[] }>(
      await get(`/api/calls?agentId=${server.callers.agentB.userId}`, server.callers.agentA.headers),
    );
    expect(page.calls.map((c) => c.agentId)).toEqual([server.callers.agentA.userId, server.callers.agentA.userId]);
    const stats = json<{ rows: { agentId: number }[] }>(
      await get(`/api/stats?agentId=${server.callers.agentB.userId}`, server.callers.agentA.headers),
    );
    expect(new Set(stats.rows.map((row) => row.agentId))).toEqual(new Set([server.callers.agentA.userId]));
  });

  it('a supervisor binds a phone with a supervisor bind code and reads the team by agent, with stats per agent', async () => {
    await expectAuthMatrix(
      server,
      { method: 'POST', url: `/api/admin/supervisors/${server.callers.supervisor.userId}/bind-codes` },
      ['admin'],
    );
    // A supervisor code is only for supervisors; an agent's code route does not issue one for a supervisor.
    const forAgent = await server.app.inject({
      method: 'POST',
      url: `/api/admin/supervisors/${server.callers.agentA.userId}/bind-codes`,
      headers: server.callers.admin.headers,
    });
    expect(forAgent.statusCode).toBe(404);
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/admin/supervisors/${server.callers.supervisor.userId}/bind-codes`,
      headers: server.callers.admin.headers,
    });
    expect(issued.statusCode).toBe(201);
    const { code } = json<{ code: string }>(issued);
    const bound = await server.app.inject({
      method: 'POST',
      url: '/api/auth/wx',
      payload: { code: server.wechat.issueCode('openid-sup'), bindCode: code },
    });
    expect(bound.statusCode).toBe(200);
    const session = json<{ token: string; role: string; name: string }>(bound);
    expect(session).toMatchObject({ role: 'supervisor', name: '主管' });
    const phone = { authorization: `Bearer ${session.token}` };

    const team = json<{ calls: { agentId: number; phone: string }[] }>(await get('/api/calls', phone));
    expect(new Set(team.calls.map((c) => c.agentId)).size).toBe(2);
    expect(team.calls.map((c) => c.phone)).toContain('139****9000');
    const onlyB = json<{ calls: { agentId: number }[] }>(
      await get(`/api/calls?agentId=${server.callers.agentB.userId}`, phone),
    );
    expect(onlyB.calls.map((c) => c.agentId)).toEqual([server.callers.agentB.userId]);
    const stats = json<{ rows: { agentId: number; calls: number }[] }>(await get('/api/stats', phone));
    expect(stats.rows.map((row) => [row.agentId, row.calls]).sort()).toEqual(
      [
        [server.callers.agentA.userId, 2],
        [server.callers.agentB.userId, 1],
      ].sort(),
    );
    // A supervisor's phone makes no calls of its own and gets no TCCC login token.
    expect((await server.app.inject({ method: 'POST', url: '/api/tccc/token', headers: phone })).statusCode).toBe(403);
    expect((await get('/api/calls/status?ids=a000000001', phone)).statusCode).toBe(403);
    // A later sign-in of that phone needs no code and still says supervisor.
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/auth/wx',
      payload: { code: server.wechat.issueCode('openid-sup') },
      remoteAddress: '10.7.0.2',
    });
    expect(json(again)).toMatchObject({ role: 'supervisor' });
  });

  it("an agent's sign-in says agent", async () => {
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/admin/agents/${server.callers.agentA.userId}/bind-codes`,
      headers: server.callers.admin.headers,
    });
    const bound = await server.app.inject({
      method: 'POST',
      url: '/api/auth/wx',
      payload: { code: server.wechat.issueCode('openid-agent-a'), bindCode: json<{ code: string }>(issued).code },
      remoteAddress: '10.7.0.3',
    });
    expect(json(bound)).toMatchObject({ role: 'agent', name: '坐席甲' });
  });
});
