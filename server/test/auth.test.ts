/** Sign-in: staff passwords with cookie + CSRF + rate limit; agents bound by wx.login code and a single-use bind code. */

import { ADMIN_PASSWORD, countRows, json, startTestServer, T0, type TestServer } from './helpers/testServer';
import { expectAuthMatrix } from './helpers/authMatrix';
import { BIND_CODE_ALPHABET } from '../src/secrets';

describe('staff sign-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('gives the first admin (from ADMIN_PASSWORD) an HttpOnly SameSite=Strict cookie and a CSRF token', async () => {
    const response = await login('admin', ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^td_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const body = json<{ role: string; csrfToken: string }>(response);
    expect(body.role).toBe('admin');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The password is stored as scrypt, never as sent.
    const [row] = await server.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'admin'",
    );
    expect(row?.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row?.password_hash).not.toContain(ADMIN_PASSWORD);

    // The cookie works for a write only with its CSRF token.
    const sessionCookie = cookie.split(';')[0] ?? '';
    const payload = { name: '坐席丙', seatUserId: 'agent.c@example.com' };
    const withoutCsrf = await server.app.inject({
      method: 'POST',
      url: '/api/admin/agents',
      payload,
      headers: { cookie: sessionCookie },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    const withCsrf = await server.app.inject({
      method: 'POST',
      url: '/api/admin/agents',
      payload,
      headers: { cookie: sessionCookie, 'x-csrf-token': body.csrfToken },
    });
    expect(withCsrf.statusCode).toBe(201);
  });

  it('refuses a wrong password or an unknown user with the same answer, and agents cannot sign in by password', async () => {
    const wrong = await login('admin', 'not-the-password', '10.0.0.2');
    const unknown = await login('nobody', 'not-the-password', '10.0.0.2');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('rate-limits sign-in per user and address: the 6th try in 15 minutes gets 429 even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('sup', 'wrong-password', '10.0.0.3')).statusCode).toBe(401);
    const blocked = await login('sup', 'supervisor-pass-1', '10.0.0.3');
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked)['message']).toMatch(/登录尝试太多/);
    // Another address is not blocked by this one's tries; after the window the user may try again.
    expect((await login('sup', 'supervisor-pass-1', '10.0.0.4')).statusCode).toBe(200);
    server.clock.now += 15 * 60 * 1000;
    expect((await login('sup', 'supervisor-pass-1', '10.0.0.3')).statusCode).toBe(200);
  });

  it('locks an account after 10 wrong passwords from any addresses, for 15 minutes; a success clears the count', async () => {
    for (let i = 0; i < 9; i++) expect((await login('sup', 'wrong-password', `10.1.0.${i}`)).statusCode).toBe(401);
    // Nine failures, then the right password: signed in, and the count starts again.
    expect((await login('sup', 'supervisor-pass-1', '10.1.1.1')).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login('sup', 'wrong-password', `10.2.0.${i}`)).statusCode).toBe(401);
    const locked = await login('sup', 'supervisor-pass-1', '10.3.0.1');
    expect(locked.statusCode).toBe(429);
    expect(json(locked)['message']).toMatch(/账号已锁定/);
    server.clock.now += 15 * 60 * 1000;
    expect((await login('sup', 'supervisor-pass-1', '10.3.0.1')).statusCode).toBe(200);
  });

  it('logs out: the session stops working', async () => {
    const signedIn = await login('sup', 'supervisor-pass-1', '10.0.0.5');
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = json<{ csrfToken: string }>(signedIn).csrfToken;
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(again.statusCode).toBe(401);
  });

  it('logout refuses without a live session', async () => {
    await expectAuthMatrix(server, { method: 'POST', url: '/api/auth/logout' }, ['agent', 'supervisor', 'admin']);
  });
});

describe('agent binding with wx.login and a bind code', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clock.now = T0;
  });

  const issueCode = async (agentId: number) => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/admin/agents/${agentId}/bind-codes`,
      headers: server.callers.admin.headers,
    });
    expect(response.statusCode).toBe(201);
    return json<{ code: string; expiresAt: number }>(response);
  };
  const wxLogin = (payload: Record<string, unknown>, ip = '10.1.0.1') =>
    server.app.inject({ method: 'POST', url: '/api/auth/wx', payload, remoteAddress: ip });

  it('issues an 8-character code valid 24 h, stored only as a hash', async () => {
    const { code, expiresAt } = await issueCode(server.callers.agentA.userId);
    expect(code).toMatch(new RegExp(`^[${BIND_CODE_ALPHABET}]{8}$`));
    expect(expiresAt).toBe(T0 + 24 * 3600 * 1000);
    const rows = await server.db.query<{ code_hash: string }>('SELECT code_hash FROM bind_codes');
    expect(rows.map((row) => row.code_hash).join()).not.toContain(code);
  });

  it('binds the openid with a valid code, returns an opaque token, and never stores session_key', async () => {
    const { code } = await issueCode(server.callers.agentA.userId);
    const response = await wxLogin({ code: server.wechat.issueCode('openid-a'), bindCode: code.toLowerCase() });
    expect(response.statusCode).toBe(200);
    const { token } = json<{ token: string }>(response);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dump =
      JSON.stringify(await server.db.query('SELECT * FROM wx_identities')) +
      JSON.stringify(await server.db.query('SELECT * FROM sessions'));
    expect(dump).not.toMatch(/session_key/);
    expect(dump).not.toContain(token);

    // The token works as the agent's session.
    const tokenResponse = await server.app.inject({
      method: 'POST',
      url: '/api/tccc/token',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(tokenResponse.statusCode).toBe(200);

    // The code is single-use.
    const reuse = await wxLogin({ code: server.wechat.issueCode('openid-x'), bindCode: code }, '10.1.0.2');
    expect(reuse.statusCode).toBe(403);
    expect(json(reuse)['message']).toMatch(/绑定码无效/);
    // Later logins of the bound phone need no code.
    const later = await wxLogin({ code: server.wechat.issueCode('openid-a') }, '10.1.0.3');
    expect(later.statusCode).toBe(200);
  });

  it('asks an unbound phone for a bind code, and refuses an expired one', async () => {
    const unbound = await wxLogin({ code: server.wechat.issueCode('openid-new') }, '10.1.0.4');
    expect(unbound.statusCode).toBe(403);
    expect(json(unbound)).toEqual({ message: '请输入管理员发放的绑定码', needBindCode: true });

    const { code } = await issueCode(server.callers.agentB.userId);
    server.clock.now += 24 * 3600 * 1000;
    const expired = await wxLogin({ code: server.wechat.issueCode('openid-b'), bindCode: code }, '10.1.0.5');
    expect(expired.statusCode).toBe(403);
    expect(await server.db.query("SELECT 1 FROM wx_identities WHERE openid = 'openid-b'")).toEqual([]);
  });

  it('passes WeChat’s refusals on as clear messages (invalid or used code)', async () => {
    const wrongCode = await wxLogin({ code: 'never-issued-code' }, '10.1.0.6');
    expect(wrongCode.statusCode).toBe(400);
    expect(json(wrongCode)['message']).toMatch(/40029/);
    const used = server.wechat.issueCode('openid-a');
    await wxLogin({ code: used }, '10.1.0.7');
    const again = await wxLogin({ code: used }, '10.1.0.7');
    expect(again.statusCode).toBe(400);
    expect(json(again)['message']).toMatch(/40163/);
  });

  it('a disabled agent’s sessions stop at once and the phone cannot sign in again', async () => {
    const { code } = await issueCode(server.callers.agentB.userId);
    const bound = await wxLogin({ code: server.wechat.issueCode('openid-b2'), bindCode: code }, '10.1.0.8');
    const { token } = json<{ token: string }>(bound);
    const disable = await server.app.inject({
      method: 'POST',
      url: `/api/admin/users/${server.callers.agentB.userId}/disable`,
      headers: server.callers.admin.headers,
    });
    expect(disable.statusCode).toBe(200);
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/tccc/token',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.statusCode).toBe(401);
    const relogin = await wxLogin({ code: server.wechat.issueCode('openid-b2') }, '10.1.0.9');
    expect(relogin.statusCode).toBe(403);
  });

  it('rate-limits phone sign-in per address', async () => {
    const before = await countRows(server.db, 'sessions');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await wxLogin({ code: 'x' }, '10.1.0.99')).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await countRows(server.db, 'sessions')).toBe(before);
  });
});
