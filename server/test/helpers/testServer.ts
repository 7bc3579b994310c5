/** One test server per file: the real app on a fresh database, pinned clock, fake TCCC and fake WeChat, and sessions. */

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Writable } from 'node:stream';
import { buildApp, LOG_REDACT } from '../../src/app';
import type { ServerConfig } from '../../src/config';
import type { Db } from '../../src/db';
import {
  AGENT_SESSION_MS,
  createAgent,
  createSession,
  createStaff,
  ensureAdmin,
  revokeSession,
} from '../../src/identity';
import { tokenHash } from '../../src/secrets';
import { createTcccApi } from '../../src/tcccApi';
import { createWechatApi } from '../../src/wechatApi';
import { startFakeTccc, type FakeTccc } from '../../fakes/fakeTccc';
import { startFakeWechat, type FakeWechat } from '../../fakes/fakeWechat';
import { createTestDb, type TestDb } from './testDb';

export const SDK_APP_ID = '1400123456';
export const PUSH_SECRET = 'push-secret-0123456789';
export const ADMIN_PASSWORD = 'admin-password-123';
/** 2026-12-01 10:00 Asia/Shanghai. */
export const T0 = Date.parse('2026-12-01T10:00:00+08:00');

/** A way to ask as someone: headers for an agent's bearer token or a staff cookie (+ CSRF on writes). */
export interface Caller {
  headers: Record<string, string>;
  userId: number;
}

export interface Callers {
  agentA: Caller;
  agentB: Caller;
  supervisor: Caller;
  admin: Caller;
  expiredAgent: Caller;
  revokedAgent: Caller;
  /** Staff cookies sent without the CSRF header. */
  supervisorNoCsrf: Caller;
  adminNoCsrf: Caller;
}

export interface TestServer {
  app: FastifyInstance;
  db: Db;
  testDb: TestDb;
  config: ServerConfig;
  clock: { now: number };
  tccc: FakeTccc;
  wechat: FakeWechat;
  callers: Callers;
  seats: { agentA: string; agentB: string };
  /** Every log line the server wrote (level debug and up, with the production redaction). */
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(over: Partial<ServerConfig> = {}): ServerConfig {
  return {
    tcccSecretId: 'AKIDtestsecretid',
    tcccSecretKey: 'test-secret-key',
    tcccSdkAppId: SDK_APP_ID,
    tcccPushSecret: PUSH_SECRET,
    wxAppId: 'wx0123456789abcdef',
    wxSecret: 'wx-secret',
    adminPassword: ADMIN_PASSWORD,
    databaseUrl: null,
    dataDir: '/nonexistent',
    port: 0,
    tcccEndpoint: 'ccc.tencentcloudapi.com',
    tcccProtocol: 'http://',
    wxApiBase: 'http://127.0.0.1:1',
    ...over,
  };
}

async function staffCaller(db: Db, userId: number, now: number, withCsrf: boolean): Promise<Caller> {
  const session = await createSession(db, userId, 'web', now);
  const headers: Record<string, string> = { cookie: `td_session=${session.token}` };
  if (withCsrf && session.csrfToken !== null) headers['x-csrf-token'] = session.csrfToken;
  return { headers, userId };
}

async function agentCaller(db: Db, userId: number, now: number): Promise<Caller> {
  const session = await createSession(db, userId, 'agent', now);
  return { headers: { authorization: `Bearer ${session.token}` }, userId };
}

async function makeCallers(db: Db, now: number): Promise<{ callers: Callers; seats: TestServer['seats'] }> {
  await ensureAdmin(db, ADMIN_PASSWORD, now);
  const [admin] = await db.query<{ id: number }>("SELECT id FROM users WHERE username = 'admin'");
  const seats = { agentA: 'agent.a@example.com', agentB: 'agent.b@example.com' };
  const agentA = (await createAgent(db, { name: '坐席甲', seatUserId: seats.agentA }, now)) ?? 0;
  const agentB = (await createAgent(db, { name: '坐席乙', seatUserId: seats.agentB }, now)) ?? 0;
  const supervisor =
    (await createStaff(
      db,
      { username: 'sup', name: '主管', password: 'supervisor-pass-1', role: 'supervisor' },
      now,
    )) ?? 0;
  const expired = await createSession(db, agentA, 'agent', now - AGENT_SESSION_MS - 1);
  const revoked = await createSession(db, agentA, 'agent', now);
  await revokeSession(db, tokenHash(revoked.token), now);
  return {
    seats,
    callers: {
      agentA: await agentCaller(db, agentA, now),
      agentB: await agentCaller(db, agentB, now),
      supervisor: await staffCaller(db, supervisor, now, true),
      admin: await staffCaller(db, admin?.id ?? 0, now, true),
      expiredAgent: { headers: { authorization: `Bearer ${expired.token}` }, userId: agentA },
      revokedAgent: { headers: { authorization: `Bearer ${revoked.token}` }, userId: agentA },
      supervisorNoCsrf: await staffCaller(db, supervisor, now, false),
      adminNoCsrf: await staffCaller(db, admin?.id ?? 0, now, false),
    },
  };
}

export async function startTestServer(over: Partial<ServerConfig> = {}): Promise<TestServer> {
  const testDb = await createTestDb();
  const clock = { now: T0 };
  // The fakes hold the true credentials; `over` may give the server wrong ones.
  const base = testConfig();
  const tccc = await startFakeTccc(base.tcccSecretId, base.tcccSecretKey, Number(base.tcccSdkAppId));
  const wechat = await startFakeWechat(base.wxAppId, base.wxSecret);
  const config = testConfig({ tcccEndpoint: tccc.endpoint, wxApiBase: wechat.base, ...over });
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = buildApp(
    {
      config,
      db: testDb.db,
      now: () => clock.now,
      tccc: createTcccApi(config),
      wechat: createWechatApi(config.wxApiBase, config.wxAppId, config.wxSecret),
      sleep: async (ms: number) => {
        clock.now += ms;
      },
    },
    { level: 'debug', redact: LOG_REDACT, stream },
  );
  await app.ready();
  const { callers, seats } = await makeCallers(testDb.db, clock.now);
  tccc.seats.add(seats.agentA).add(seats.agentB);
  return {
    app,
    db: testDb.db,
    testDb,
    config,
    clock,
    tccc,
    wechat,
    callers,
    seats,
    logs,
    async close() {
      await app.close();
      await tccc.close();
      await wechat.close();
      await testDb.drop();
    },
  };
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** How many rows a table holds (for "nothing was written" checks). */
export async function countRows(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return row?.n ?? 0;
}
