/** Admin routes: agents, bind codes, staff and disabling, each behind the auth matrix; generated bodies never 5xx. */

import fc from 'fast-check';
import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, startTestServer, type TestServer } from './helpers/testServer';

describe('admin routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const admin = (url: string, payload?: unknown) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: server.callers.admin.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('every admin route refuses everyone but admins', async () => {
    const agentId = server.callers.agentA.userId;
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/admin/agents', payload: { name: '新', seatUserId: 'n@example.com' } },
      ['admin'],
    );
    await expectAuthMatrix(server, { method: 'POST', url: `/api/admin/agents/${agentId}/bind-codes` }, ['admin']);
    await expectAuthMatrix(server, { method: 'POST', url: `/api/admin/users/${agentId}/disable` }, ['admin']);
    await expectAuthMatrix(
      server,
      {
        method: 'POST',
        url: '/api/admin/staff',
        payload: { username: 'x', name: 'x', password: 'long-enough-pass', role: 'supervisor' },
      },
      ['admin'],
    );
  });

  it('creates an agent once per seat and audits it', async () => {
    const created = await admin('/api/admin/agents', { name: '坐席丁', seatUserId: 'agent.d@example.com' });
    expect(created.statusCode).toBe(201);
    const again = await admin('/api/admin/agents', { name: '坐席丁2', seatUserId: 'agent.d@example.com' });
    expect(again.statusCode).toBe(409);
    const audit = await server.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'agent.create'",
    );
    expect(audit).toHaveLength(1);
  });

  it('creates a supervisor who can then sign in', async () => {
    const created = await admin('/api/admin/staff', {
      username: 'lead',
      name: '组长',
      password: 'lead-password-1',
      role: 'supervisor',
    });
    expect(created.statusCode).toBe(201);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'lead', password: 'lead-password-1' },
    });
    expect(json(login)['role']).toBe('supervisor');
  });

  it('answers 404 for a bind code of no agent (or of a supervisor), and an admin cannot disable themself', async () => {
    expect((await admin('/api/admin/agents/999999/bind-codes')).statusCode).toBe(404);
    expect((await admin(`/api/admin/agents/${server.callers.supervisor.userId}/bind-codes`)).statusCode).toBe(404);
    expect((await admin(`/api/admin/users/${server.callers.admin.userId}/disable`)).statusCode).toBe(400);
    expect((await admin('/api/admin/users/abc/disable')).statusCode).toBe(400);
  });

  it('never answers 5xx and never keeps a row from a refused body, 1000 generated bodies per write route', async () => {
    const routes: { url: string; valid: fc.Arbitrary<Record<string, unknown>> }[] = [
      {
        url: '/api/admin/agents',
        valid: fc.record({
          name: fc.string({ minLength: 1, maxLength: 70 }),
          seatUserId: fc.string({ minLength: 1, maxLength: 130 }),
        }),
      },
      {
        url: '/api/admin/staff',
        valid: fc.record({
          username: fc.string({ minLength: 1, maxLength: 70 }),
          name: fc.string({ minLength: 1, maxLength: 70 }),
          password: fc.string({ minLength: 10, maxLength: 20 }),
          role: fc.constantFrom('supervisor', 'admin', 'agent'),
        }),
      },
      {
        url: '/api/auth/login',
        valid: fc.record({ username: fc.string({ maxLength: 70 }), password: fc.string({ maxLength: 20 }) }),
      },
      {
        url: '/api/auth/wx',
        valid: fc.record(
          { code: fc.string({ maxLength: 130 }), bindCode: fc.string({ maxLength: 40 }) },
          { requiredKeys: ['code'] },
        ),
      },
    ];
    for (const route of routes) {
      const tables = ['users', 'sessions', 'bind_codes', 'wx_identities'];
      const bodies = fc.oneof(fc.jsonValue(), route.valid, fc.string());
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const before = await Promise.all(tables.map((table) => countRows(server.db, table)));
          const response = await server.app.inject({
            method: 'POST',
            url: route.url,
            payload: JSON.stringify(body),
            headers: { ...server.callers.admin.headers, 'content-type': 'application/json' },
            remoteAddress: '10.9.9.9',
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode >= 300) {
            expect(json(response)['message']).toEqual(expect.any(String));
            expect(await Promise.all(tables.map((table) => countRows(server.db, table)))).toEqual(before);
          }
        }),
        { numRuns: 1000 },
      );
    }
  }, 300_000);
});
