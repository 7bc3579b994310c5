/** The phone beside a real team server in jest: the fake wx's requests go to Fastify's inject, wx.login to fake WeChat. */

import type { FastifyInstance } from 'fastify';
import { json, startTestServer, type Caller, type TestServer } from '../../server/test/helpers/testServer';
import { currentWxFake, type RequestHandler, type WxFake } from '../../tools/wx-fake/wx';
import { TEAM_SESSION_KEY, type TeamSession } from '../../miniprogram/services/teamSession';

/** The address the phone is told; inject ignores the host, the domain check does not. */
export const TEAM_URL = 'https://team.example.com';

/** Sends each wx.request through Fastify's inject, as the server would receive it over HTTPS. */
export function injectHandler(app: FastifyInstance, remoteAddress = '10.9.0.1'): RequestHandler {
  return async (request) => {
    const url = new URL(request.url);
    const response = await app.inject({
      method: request.method as 'GET' | 'POST' | 'DELETE',
      url: url.pathname + url.search,
      headers: request.header,
      remoteAddress,
      ...(request.body !== undefined ? { payload: request.body } : {}),
    });
    const header: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) header[key] = String(value);
    return { statusCode: response.statusCode, header, body: response.body };
  };
}

export interface TeamPhone {
  server: TestServer;
  /** A fresh bind code from the admin for this agent. */
  bindCodeFor(agentId: number): Promise<string>;
}

/** Starts a test server (in beforeAll); each test then plugs its fresh fake wx in with plugPhone. */
export async function startTeamPhone(): Promise<TeamPhone> {
  const server = await startTestServer();
  return {
    server,
    async bindCodeFor(agentId) {
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/admin/agents/${agentId}/bind-codes`,
        headers: server.callers.admin.headers,
      });
      return json<{ code: string }>(response).code;
    },
  };
}

/**
 * Points a fake wx at the server: TEAM_URL is in the request domain list, and each wx.login gets a code fake WeChat
 * accepts once for `openid`.
 */
export function plugPhone(fake: WxFake, server: TestServer, openid = 'openid-phone-a'): void {
  fake.network.requestHandler = injectHandler(server.app);
  fake.network.requestDomains.push(TEAM_URL);
  fake.network.loginCode = () => server.wechat.issueCode(openid);
}

/**
 * A phone already bound as `caller` (a session stored as binding leaves it, with the caller's token), its fake wx
 * pointed at the server: for tests about what a bound phone does, not about binding.
 */
export function bindPhone(
  server: TestServer,
  caller: Caller,
  user: { name: string; role: 'agent' | 'supervisor' },
  now: number,
): void {
  const fake = currentWxFake();
  fake.network.requestHandler = injectHandler(server.app);
  if (!fake.network.requestDomains.includes(TEAM_URL)) fake.network.requestDomains.push(TEAM_URL);
  const token = (caller.headers['authorization'] ?? '').replace('Bearer ', '');
  const session: TeamSession = {
    version: 1,
    serverUrl: TEAM_URL,
    token,
    expiresAt: now + 86_400_000,
    user: { id: caller.userId, name: user.name, role: user.role, sdkAppId: '1400123456', seatUserId: '' },
    boundAt: now,
    expired: false,
  };
  wx.setStorageSync(TEAM_SESSION_KEY, session);
}

/** A supervisor's phone: a phone (bearer) session for the supervisor, as a supervisor bind code gives, then bound. */
export async function bindSupervisorPhone(server: TestServer, now: number): Promise<void> {
  const { createSession } = await import('../../server/src/identity');
  const session = await createSession(server.db, server.callers.supervisor.userId, 'agent', server.clock.now);
  const caller: Caller = {
    headers: { authorization: `Bearer ${session.token}` },
    userId: server.callers.supervisor.userId,
  };
  bindPhone(server, caller, { name: '主管', role: 'supervisor' }, now);
}
