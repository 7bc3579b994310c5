/** POST /api/tccc/token: CreateSDKLoginToken through the official SDK against a signature-checking fake TCCC. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { json, startTestServer, T0, type TestServer } from './helpers/testServer';

describe('POST /api/tccc/token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clock.now = T0;
  });

  const ask = (headers: Record<string, string>) =>
    server.app.inject({ method: 'POST', url: '/api/tccc/token', headers });

  it('refuses everyone but agents', async () => {
    await expectAuthMatrix(server, { method: 'POST', url: '/api/tccc/token' }, ['agent']);
  });

  it('returns {token, expiredTime} for the calling agent’s own seat, signed TC3 and accepted by the fake', async () => {
    const response = await ask(server.callers.agentA.headers);
    expect(response.statusCode).toBe(200);
    const body = json<{ token: string; expiredTime: number }>(response);
    expect(body).toEqual({ token: expect.stringMatching(/^[0-9a-f]{32}$/), expiredTime: expect.any(Number) });
    const last = server.tccc.requests.at(-1);
    expect(last).toEqual({
      action: 'CreateSDKLoginToken',
      params: { SdkAppId: 1400123456, SeatUserId: server.seats.agentA, OnlyOnce: true },
    });
    // Agent B gets a token for B's seat, never A's.
    await ask(server.callers.agentB.headers);
    expect(server.tccc.requests.at(-1)?.params['SeatUserId']).toBe(server.seats.agentB);
    // The token never reaches the log.
    expect(server.logs.join('')).not.toContain(body.token);
  });

  it('reports TCCC’s refusal as one Chinese message with its code', async () => {
    server.tccc.failNext = { code: 'InvalidParameterValue.AccountNotExist', message: 'seat not found' };
    const response = await ask(server.callers.agentA.headers);
    expect(response.statusCode).toBe(502);
    expect(json(response)).toEqual({
      message: '获取 TCCC 登录凭证失败：TCCC 中没有这个坐席账号（错误码 InvalidParameterValue.AccountNotExist）',
      code: 'InvalidParameterValue.AccountNotExist',
    });
  });

  it('passes TCCC’s own limit (20 requests/s per account) on as a message to retry', async () => {
    server.clock.now = T0 + 2 * 3600_000;
    // All these requests fall in one second of TCCC's clock.
    server.tccc.nowMs = () => 1_800_000_000_000;
    const statuses: number[] = [];
    const messages = new Set<string>();
    // Two agents, so our per-agent limit (20 a minute) is not what stops them.
    for (let i = 0; i < 19; i++) {
      for (const caller of [server.callers.agentA, server.callers.agentB]) {
        const response = await ask(caller.headers);
        statuses.push(response.statusCode);
        if (response.statusCode !== 200) messages.add(String(json(response)['message']));
      }
    }
    server.tccc.nowMs = () => Date.now();
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect([...messages]).toEqual([
      '获取 TCCC 登录凭证失败：TCCC 请求过于频繁，请稍后再试（错误码 RequestLimitExceeded）',
    ]);
  });

  it('rate-limits per agent: the 21st request in a minute gets 429, other agents are not affected', async () => {
    // This test is about our per-agent limit: TCCC's account-wide one (tested above) is lifted in the fake.
    server.tccc.limitPerSecond = 1000;
    server.clock.now = T0 + 3 * 3600_000;
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await ask(server.callers.agentA.headers)).statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
    expect((await ask(server.callers.agentB.headers)).statusCode).toBe(200);
    server.clock.now += 60_000;
    expect((await ask(server.callers.agentA.headers)).statusCode).toBe(200);
    server.tccc.limitPerSecond = 20;
  });
});

describe('POST /api/tccc/token with a wrong TCCC key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tcccSecretKey: 'not-the-key' });
  });
  afterAll(() => server.close());

  it('gets AuthFailure.SignatureFailure from the fake and says so without the key', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/tccc/token',
      headers: server.callers.agentA.headers,
    });
    expect(response.statusCode).toBe(502);
    expect(json(response)['message']).toBe(
      '获取 TCCC 登录凭证失败：服务器的 TCCC 密钥无效（错误码 AuthFailure.SignatureFailure）',
    );
    expect(server.logs.join('') + response.body).not.toContain('not-the-key');
  });
});
