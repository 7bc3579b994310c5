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

type Outbox = typeof import('../../miniprogram/services/outbox');
type TeamSessionService = typeof import('../../miniprogram/services/teamSession');
type TcccTokenService = typeof import('../../miniprogram/services/tcccToken');
type CallLauncher = typeof import('../../miniprogram/services/callLauncher');
type CallLog = typeof import('../../miniprogram/services/callLog');
type WrapUpService = typeof import('../../miniprogram/services/wrapUp');
type OutcomeService = typeof import('../../miniprogram/services/tcccOutcome');
type OutcomeSync = typeof import('../../miniprogram/services/tcccOutcomeSync');

/** The app's modules that take part in syncing, from one registry (a cold start loads them anew). */
export interface TeamApp {
  outbox: Outbox;
  session: TeamSessionService;
  token: TcccTokenService;
  launcher: CallLauncher;
  callLog: CallLog;
  wrapUp: WrapUpService;
  outcomes: OutcomeService;
  outcomeSync: OutcomeSync;
}

/** Loads app.ts and the sync services in one fresh registry (as WeChat's cold start); the caller launches. */
export function loadTeamApp(): TeamApp {
  let app: TeamApp | undefined;
  jest.isolateModules(() => {
    require('../../miniprogram/app');
    app = {
      outbox: require('../../miniprogram/services/outbox') as Outbox,
      session: require('../../miniprogram/services/teamSession') as TeamSessionService,
      token: require('../../miniprogram/services/tcccToken') as TcccTokenService,
      launcher: require('../../miniprogram/services/callLauncher') as CallLauncher,
      callLog: require('../../miniprogram/services/callLog') as CallLog,
      wrapUp: require('../../miniprogram/services/wrapUp') as WrapUpService,
      outcomes: require('../../miniprogram/services/tcccOutcome') as OutcomeService,
      outcomeSync: require('../../miniprogram/services/tcccOutcomeSync') as OutcomeSync,
    };
  });
  if (app === undefined) throw new Error('app did not load');
  return app;
}

/** Waits until fn holds (requests through inject and PGlite take real time); fails with `what` after 10 s. */
export async function until(what: string, fn: () => boolean | Promise<boolean>): Promise<void> {
  // Counted in rounds, not by Date: tests pin the date.
  for (let round = 0; !(await fn()); round += 1) {
    if (round > 1000) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Pins Date (Asia/Shanghai working hours) and leaves every timer real: inject and PGlite run on real time. */
export function pinDateOnly(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

let callsStarted = 0;

/**
 * Moves the pinned date on a second per call from `start` before a tap. A call id is its start time plus 2 random chars, so
 * calls all started at one pinned instant could share an id (1 in 1,296 per pair) and the server would keep one row
 * for two calls; no real phone starts calls in the same millisecond.
 */
export function nextCallTime(start: number): number {
  callsStarted += 1;
  const now = start + callsStarted * 1_000;
  jest.setSystemTime(now);
  return now;
}
