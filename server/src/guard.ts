/** Who is asking: agent bearer tokens or staff cookies, role checks, and the CSRF check on staff writes. */

import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from './context';
import { findSession, type Principal, type Role } from './identity';
import { safeEqual, tokenHash } from './secrets';

export const SESSION_COOKIE = 'td_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** One cookie's value from the Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) return null;
  const token = header.slice(7).trim();
  return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the session: a bearer token is an agent (phone) session, the cookie a staff (browser) session. */
export async function principalOf(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const token = bearer(request);
  if (token !== null) return findSession(ctx.db, token, 'agent', ctx.now());
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (cookie === null || !/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return null;
  return findSession(ctx.db, cookie, 'web', ctx.now());
}

function csrfOk(request: FastifyRequest, principal: Principal): boolean {
  if (principal.sessionKind !== 'web' || !WRITE_METHODS.has(request.method)) return true;
  const sent = request.headers[CSRF_HEADER];
  return typeof sent === 'string' && principal.csrfHash !== null && safeEqual(tokenHash(sent), principal.csrfHash);
}

/** A preHandler admitting only the given roles: 401 without a live session, 403 for another role or a bad CSRF. */
export function requireRole(ctx: AppContext, roles: readonly Role[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await principalOf(ctx, request);
    if (principal === null) {
      await reply.code(401).send({ message: '请先登录' });
      return;
    }
    if (!roles.includes(principal.role)) {
      await reply.code(403).send({ message: '没有权限' });
      return;
    }
    if (!csrfOk(request, principal)) {
      await reply.code(403).send({ message: '页面已过期，请刷新后重试' });
      return;
    }
    request.principal = principal;
  };
}

/** The principal a guarded route runs for (set by requireRole). */
export function principal(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error('route is missing requireRole');
  return request.principal;
}
