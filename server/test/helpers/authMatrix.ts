/**
 * The auth matrix every guarded route's test runs: no session, a garbage token, an expired and a revoked session,
 * a staff write without its CSRF token and every role the route does not admit are refused, and write nothing.
 */

import type { InjectOptions } from 'fastify';
import type { Role } from '../../src/identity';
import type { Caller, TestServer } from './testServer';

export interface RouteUnderTest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  payload?: unknown;
}

const ROLE_CALLERS: Record<Role, (keyof TestServer['callers'])[]> = {
  agent: ['agentA', 'agentB'],
  supervisor: ['supervisor'],
  admin: ['admin'],
};

async function send(server: TestServer, route: RouteUnderTest, headers: Record<string, string>) {
  const options: InjectOptions = { method: route.method, url: route.url, headers };
  if (route.payload !== undefined) options.payload = route.payload as InjectOptions['payload'];
  return server.app.inject(options);
}

/** The counts of every table a refused request might write to. */
async function snapshot(server: TestServer): Promise<string> {
  const tables = [
    'users',
    'sessions',
    'bind_codes',
    'wx_identities',
    'calls',
    'cdrs',
    'recordings',
    'audit_log',
    'dnc_entries',
    'callback_reminders',
  ];
  const counts = await Promise.all(
    tables.map(async (table) => (await server.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n),
  );
  return counts.join(',');
}

/** Runs the matrix; returns the refusals seen as `who → status` lines (asserted inside). */
export async function expectAuthMatrix(
  server: TestServer,
  route: RouteUnderTest,
  allowed: readonly Role[],
): Promise<string[]> {
  const before = await snapshot(server);
  const seen: string[] = [];
  const expectStatus = async (who: string, headers: Record<string, string>, status: number) => {
    const response = await send(server, route, headers);
    seen.push(`${who} → ${response.statusCode}`);
    expect(`${who} → ${response.statusCode}`).toBe(`${who} → ${status}`);
    expect(JSON.parse(response.body)).toHaveProperty('message');
  };
  const { callers } = server;
  await expectStatus('no session', {}, 401);
  await expectStatus('garbage token', { authorization: 'Bearer not-a-real-token-0000000000000' }, 401);
  await expectStatus('expired session', callers.expiredAgent.headers, 401);
  await expectStatus('revoked session', callers.revokedAgent.headers, 401);
  await expectStatus('forged cookie', { cookie: 'td_session=forged-cookie-value-00000000000' }, 401);
  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    if (allowed.includes(role)) continue;
    for (const name of ROLE_CALLERS[role]) {
      const caller: Caller = callers[name];
      await expectStatus(`${role} (${name})`, caller.headers, 403);
    }
  }
  if (route.method !== 'GET' && allowed.includes('supervisor')) {
    await expectStatus('supervisor write without CSRF', callers.supervisorNoCsrf.headers, 403);
  }
  if (route.method !== 'GET' && allowed.includes('admin')) {
    await expectStatus('admin write without CSRF', callers.adminNoCsrf.headers, 403);
  }
  expect(await snapshot(server)).toBe(before);
  return seen;
}
