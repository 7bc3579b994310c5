/** Sign-in: staff by password (cookie + CSRF token), agents by wx.login code + bind code (bearer token). */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole, SESSION_COOKIE } from '../guard';
import {
  checkPassword,
  createSession,
  phoneUserForOpenid,
  redeemBindCode,
  revokeSession,
  WEB_SESSION_MS,
  writeAudit,
} from '../identity';
import { RateLimiter } from '../rateLimit';
import { code2SessionFailure } from '../wechatApi';

const Login = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

const WxLogin = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
  bindCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
});

/** Login attempts per username+address and per address, per 15 minutes. */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_AFTER_FAILURES = 10;

function sessionCookie(token: string, secure: boolean, maxAgeMs: number): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeMs / 1000}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const perUser = new RateLimiter(5, LOGIN_WINDOW_MS, ctx.now);
  const perAddress = new RateLimiter(30, LOGIN_WINDOW_MS, ctx.now);
  const wxPerAddress = new RateLimiter(10, 60 * 1000, ctx.now);
  // Lock-out: 10 wrong passwords for one account, from any address, lock it for 15 minutes.
  const failuresPerUser = new RateLimiter(LOCK_AFTER_FAILURES, LOGIN_WINDOW_MS, ctx.now);

  app.post<{ Body: Static<typeof Login> }>('/api/auth/login', { schema: { body: Login } }, async (request, reply) => {
    const { username, password } = request.body;
    const byUser = perUser.take(`${username.toLowerCase()}|${request.ip}`);
    const byAddress = perAddress.take(request.ip);
    if (!byUser.allowed || !byAddress.allowed) {
      const wait = Math.max(byUser.retryAfterSeconds, byAddress.retryAfterSeconds);
      return reply
        .code(429)
        .header('retry-after', String(wait))
        .send({ message: `登录尝试太多，请 ${Math.ceil(wait / 60)} 分钟后再试` });
    }
    const account = username.toLowerCase();
    const lock = failuresPerUser.peek(account);
    if (!lock.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(lock.retryAfterSeconds))
        .send({ message: `密码错误次数太多，账号已锁定，请 ${Math.ceil(lock.retryAfterSeconds / 60)} 分钟后再试` });
    }
    const user = await checkPassword(ctx.db, username, password);
    if (user === null) {
      failuresPerUser.take(account);
      return reply.code(401).send({ message: '用户名或密码不正确' });
    }
    failuresPerUser.reset(account);
    const session = await createSession(ctx.db, user.id, 'web', ctx.now());
    void reply.header('set-cookie', sessionCookie(session.token, request.protocol === 'https', WEB_SESSION_MS));
    return { role: user.role, name: user.name, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });

  app.post(
    '/api/auth/logout',
    { preHandler: requireRole(ctx, ['agent', 'supervisor', 'admin']) },
    async (request, reply) => {
      const who = principal(request);
      await revokeSession(ctx.db, who.tokenHash, ctx.now());
      if (who.sessionKind === 'web')
        void reply.header('set-cookie', sessionCookie('', request.protocol === 'https', 0));
      return { ok: true };
    },
  );

  app.post<{ Body: Static<typeof WxLogin> }>('/api/auth/wx', { schema: { body: WxLogin } }, async (request, reply) => {
    const limit = wxPerAddress.take(request.ip);
    if (!limit.allowed) return reply.code(429).send({ message: '尝试太频繁，请稍后再试' });
    const result = await ctx.wechat.code2Session(request.body.code);
    if (!result.ok) {
      const failure = code2SessionFailure(result.errcode);
      return reply.code(failure.status).send({ message: failure.message });
    }
    const now = ctx.now();
    const bindCode = request.body.bindCode;
    const redeemed = bindCode !== undefined ? await redeemBindCode(ctx.db, bindCode, result.openid, now) : null;
    const user = bindCode === undefined || redeemed !== null ? await phoneUserForOpenid(ctx.db, result.openid) : null;
    if (user === null) {
      return bindCode !== undefined
        ? reply.code(403).send({ message: '绑定码无效、已使用或已过期，请向管理员重新获取' })
        : reply.code(403).send({ message: '请输入管理员发放的绑定码', needBindCode: true });
    }
    if (bindCode !== undefined) await writeAudit(ctx.db, user.id, 'agent.bind', `${user.role} ${user.id}`, now);
    // A phone session ('agent' kind) for an agent or a supervisor; the role decides what the phone shows.
    const session = await createSession(ctx.db, user.id, 'agent', now);
    return { token: session.token, expiresAt: session.expiresAt, role: user.role, name: user.name };
  });
}
