/** The server's log never holds a secret, a token, a session key, a bind code or a full phone number. */

import { ADMIN_PASSWORD, json, PUSH_SECRET, SDK_APP_ID, startTestServer, type TestServer } from './helpers/testServer';

describe('logs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('hold none of the secrets or numbers that passed through a whole working session', async () => {
    const { app, callers } = server;
    const secrets: string[] = [ADMIN_PASSWORD, PUSH_SECRET, server.config.tcccSecretKey, server.config.wxSecret];

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    secrets.push(
      String(login.headers['set-cookie']).split(';')[0]?.split('=')[1] ?? '',
      json<{ csrfToken: string }>(login).csrfToken,
    );
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong-Secret-999' },
    });
    secrets.push('wrong-Secret-999');

    const issued = await app.inject({
      method: 'POST',
      url: `/api/admin/agents/${callers.agentA.userId}/bind-codes`,
      headers: callers.admin.headers,
    });
    const bindCode = json<{ code: string }>(issued).code;
    const wxCode = server.wechat.issueCode('openid-log-test');
    const bound = await app.inject({ method: 'POST', url: '/api/auth/wx', payload: { code: wxCode, bindCode } });
    const agentToken = json<{ token: string }>(bound).token;
    secrets.push(bindCode, wxCode, agentToken, 'openid-log-test');

    const token = await app.inject({
      method: 'POST',
      url: '/api/tccc/token',
      headers: { authorization: `Bearer ${agentToken}` },
    });
    secrets.push(json<{ token: string }>(token).token);
    server.tccc.failNext = { code: 'InternalError', message: 'boom' };
    await app.inject({ method: 'POST', url: '/api/tccc/token', headers: { authorization: `Bearer ${agentToken}` } });

    const phone = '13912345678';
    await app.inject({
      method: 'POST',
      url: '/tccc/push?action=cdr&version=1',
      headers: {
        authorization: `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: 's-log',
        Callee: `0086${phone}`,
        Uui: 'td1.logtest000',
      }),
    });
    await app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: { authorization: `Bearer ${agentToken}` },
      payload: {
        calls: [
          {
            id: 'logtest000',
            revision: 1,
            uui: 'td1.logtest000',
            sessionId: '',
            phone,
            name: '',
            startedAt: 1,
            returnedAt: 0,
            state: 'in-tccc',
            duration: null,
            closeBy: '',
            outcome: '',
            note: '',
          },
        ],
      },
    });
    await app.inject({ method: 'GET', url: `/api/calls?phone=${phone}`, headers: callers.supervisor.headers });
    // A refused batch (bad field) is logged as refused, without its content.
    await app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: { authorization: `Bearer ${agentToken}` },
      payload: { calls: [{ id: 'x', phone }] },
    });

    const log = server.logs.join('');
    expect(log).toContain('request completed');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(log).not.toContain(secret);
    }
    // No mobile number standing alone (timestamps are longer digit runs).
    expect(log).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(log).not.toMatch(/session_key/);
  });
});
