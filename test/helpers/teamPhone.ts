/** A phone bound to the real team server in-process: the fake wx's requests go to Fastify's inject. */

import type { RequestHandler } from '../../tools/wx-fake/network';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { TEAM_SESSION_KEY, type TeamSession } from '../../miniprogram/services/teamSession';
import type { Caller, TestServer } from '../../server/test/helpers/testServer';

export const TEAM_URL = 'https://team.example.com';

/** Sends the phone's requests to the server's inject (the URL's path and query; the origin is the 合法域名). */
export function injectHandler(server: TestServer): RequestHandler {
  return async (request) => {
    const url = new URL(request.url);
    const response = await server.app.inject({
      method: request.method as 'GET' | 'POST' | 'DELETE',
      url: url.pathname + url.search,
      headers: request.header,
      ...(request.body === undefined ? {} : { payload: request.body }),
    });
    const header: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) header[key] = String(value);
    return { statusCode: response.statusCode, header, body: response.body };
  };
}

/** Stores a team session for `caller` (as binding would) and points the fake wx's network at the server. */
export function bindPhone(
  server: TestServer,
  caller: Caller,
  user: { name: string; role: 'agent' | 'supervisor' },
  now: number,
): void {
  const fake = currentWxFake();
  fake.network.requestHandler = injectHandler(server);
  fake.network.requestDomains.push(TEAM_URL);
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
