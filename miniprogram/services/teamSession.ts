/** The team session: the one place it lives in storage (schema-versioned), binding, unbinding and its change feed. */

import { readStored, removeStored, writeStored } from './storage';
import { sendTeamHttp, TEAM_MESSAGES, type TeamFailure } from './teamHttp';

export const TEAM_SESSION_KEY = 'tccc.team';

export type TeamRole = 'agent' | 'supervisor' | 'admin';

export interface TeamUser {
  id: number;
  name: string;
  role: TeamRole;
  sdkAppId: string;
  seatUserId: string;
}

export interface TeamSession {
  version: 1;
  serverUrl: string;
  token: string;
  expiresAt: number;
  user: TeamUser;
  boundAt: number;
  /** The server answered 401: the session stays (to show who was bound) but nothing is sent until a new bind. */
  expired: boolean;
}

export type BindResult =
  { ok: true; session: TeamSession } | TeamFailure | { ok: false; kind: 'invalid-input' | 'storage'; message: string };

export type TeamSessionListener = (session: TeamSession | null) => void;

const listeners = new Set<TeamSessionListener>();

/** Pair with offTeamSessionChange; listeners hear bind, unbind and expiry. */
export function onTeamSessionChange(listener: TeamSessionListener): void {
  listeners.add(listener);
}

export function offTeamSessionChange(listener: TeamSessionListener): void {
  listeners.delete(listener);
}

function emit(session: TeamSession | null): void {
  for (const listener of [...listeners]) listener(session);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseUser(value: unknown): TeamUser | null {
  if (!isRecord(value)) return null;
  const { id, name, role, sdkAppId, seatUserId } = value;
  if (typeof id !== 'number' || typeof name !== 'string' || typeof sdkAppId !== 'string') return null;
  if (typeof seatUserId !== 'string') return null;
  if (role !== 'agent' && role !== 'supervisor' && role !== 'admin') return null;
  return { id, name, role, sdkAppId, seatUserId };
}

/** A stored value of another version or shape reads as no session: the agent binds again, nothing else depends on it. */
export function parseTeamSession(value: unknown): TeamSession | null {
  if (!isRecord(value) || value['version'] !== 1) return null;
  const { serverUrl, token, expiresAt, boundAt, expired } = value;
  const user = parseUser(value['user']);
  if (user === null || typeof serverUrl !== 'string' || typeof token !== 'string') return null;
  if (typeof expiresAt !== 'number' || typeof boundAt !== 'number' || typeof expired !== 'boolean') return null;
  return { version: 1, serverUrl, token, expiresAt, user, boundAt, expired };
}

export function readTeamSession(): TeamSession | null {
  return parseTeamSession(readStored(TEAM_SESSION_KEY));
}

/** True while a live session may send (bound and not expired, by the server's word or by its date). */
export function isSessionUsable(session: TeamSession | null, now: number = Date.now()): session is TeamSession {
  return session !== null && !session.expired && session.expiresAt > now;
}

const LOOPBACK_OR_LAN = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+)(:\d+)?$/;

/**
 * The server address as requests use it: https (WeChat allows nothing else on a phone); http only for a local or
 * LAN address, which DevTools and the simulator reach with the domain check off.
 */
export function normalizeServerUrl(input: string): { ok: true; url: string } | { ok: false; message: string } {
  const url = input.trim().replace(/\/+$/, '');
  if (url === '') return { ok: false, message: '请填写团队服务器地址' };
  if (/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(url) || LOOPBACK_OR_LAN.test(url)) return { ok: true, url };
  return { ok: false, message: '团队服务器地址须为 https:// 开头的域名，例如 https://team.example.com' };
}

export function normalizeBindCode(input: string): { ok: true; code: string } | { ok: false; message: string } {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code === '') return { ok: false, message: '请填写管理员发放的绑定码' };
  if (!/^[A-Z0-9]{4,32}$/.test(code)) return { ok: false, message: '绑定码只含字母和数字，请核对后重试' };
  return { ok: true, code };
}

function wxLoginCode(): Promise<{ ok: true; code: string } | TeamFailure> {
  return new Promise((resolve) => {
    wx.login({
      success: (result) => resolve({ ok: true, code: result.code }),
      fail: () => resolve({ ok: false, kind: 'offline', message: '微信登录失败，请检查网络后重试' }),
    });
  });
}

interface WxAuthAnswer {
  token: string;
  expiresAt: number;
}

/** Binds this phone: wx.login → POST /api/auth/wx (code + bind code) → GET /api/me, then keeps the session. */
export async function bindTeam(serverUrlInput: string, bindCodeInput: string): Promise<BindResult> {
  const server = normalizeServerUrl(serverUrlInput);
  if (!server.ok) return { ok: false, kind: 'invalid-input', message: server.message };
  const bindCode = normalizeBindCode(bindCodeInput);
  if (!bindCode.ok) return { ok: false, kind: 'invalid-input', message: bindCode.message };
  const login = await wxLoginCode();
  if (!login.ok) return login;
  const auth = await sendTeamHttp<WxAuthAnswer>({
    method: 'POST',
    serverUrl: server.url,
    path: '/api/auth/wx',
    body: { code: login.code, bindCode: bindCode.code },
    timeoutMs: 15_000,
  });
  if (!auth.ok) {
    // 403 is the bind code refused or expired: the server's own sentence says which and what to do.
    return auth.kind === 'refused' && auth.status === 403
      ? {
          ...auth,
          message: auth.message === TEAM_MESSAGES.refused ? '绑定码无效或已过期，请向管理员重新获取' : auth.message,
        }
      : auth;
  }
  const { token, expiresAt } = auth.data;
  const me = await sendTeamHttp<unknown>({
    method: 'GET',
    serverUrl: server.url,
    path: '/api/me',
    token,
    timeoutMs: 15_000,
  });
  if (!me.ok) return me;
  const user = parseUser(me.data);
  if (user === null) return { ok: false, kind: 'server', message: TEAM_MESSAGES.server };
  const session: TeamSession = {
    version: 1,
    serverUrl: server.url,
    token,
    expiresAt,
    user,
    boundAt: Date.now(),
    expired: false,
  };
  const written = writeStored(TEAM_SESSION_KEY, session);
  if (!written.ok)
    return { ok: false, kind: 'storage', message: '存储空间已满，无法保存团队绑定，请先在设置中清理数据' };
  emit(session);
  return { ok: true, session };
}

/** Forgets the session here at once; tells the server to revoke it when it can (a failure changes nothing here). */
export async function unbindTeam(): Promise<void> {
  const session = readTeamSession();
  removeStored(TEAM_SESSION_KEY);
  emit(null);
  if (isSessionUsable(session)) {
    await sendTeamHttp({
      method: 'POST',
      serverUrl: session.serverUrl,
      path: '/api/auth/logout',
      token: session.token,
      timeoutMs: 5_000,
    });
  }
}

/** The server said 401: keep who was bound, stop sending, and tell listeners (settings asks to bind again). */
export function markSessionExpired(): void {
  const session = readTeamSession();
  if (session === null || session.expired) return;
  const expired: TeamSession = { ...session, expired: true };
  writeStored(TEAM_SESSION_KEY, expired);
  emit(expired);
}
