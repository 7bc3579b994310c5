/** Builds the Fastify app: logging without secrets, errors as clear 4xx (5xx only when the server itself fails), routes. */

import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppContext } from './context';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { callbackRoutes } from './routes/callbacks';
import { callRoutes } from './routes/calls';
import { dashboardRoutes } from './routes/dashboard';
import { dncRoutes } from './routes/dnc';
import { errorRoutes } from './routes/errors';
import { meRoutes } from './routes/me';
import { pushRoutes } from './routes/push';
import { tokenRoutes } from './routes/token';

/** Headers and fields that carry credentials are never written to the log. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.secret',
];

/** Requests are logged by method and path only: a query string may hold a searched number. */
export const LOG_SERIALIZERS = {
  req: (request: { method: string; url: string; ip?: string }) => ({
    method: request.method,
    path: request.url.split('?')[0],
    remoteAddress: request.ip,
  }),
};

/** Every route of an app, as registered (tests iterate it: each staff write must refuse a missing CSRF token). */
const ROUTE_TABLES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

export function routeTable(app: FastifyInstance): readonly { method: string; url: string }[] {
  return ROUTE_TABLES.get(app) ?? [];
}

export function buildApp(ctx: AppContext, logger: FastifyServerOptions['logger'] = false): FastifyInstance {
  const app = Fastify({
    logger: logger === false ? false : { ...(logger === true ? {} : logger), serializers: LOG_SERIALIZERS },
    trustProxy: true,
    bodyLimit: 256 * 1024,
    // Phones and TCCC resend; a slow client must not hold a connection forever.
    requestTimeout: 30_000,
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.decorateRequest('principal', null);
  const routes: { method: string; url: string }[] = [];
  ROUTE_TABLES.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    // Who is asking is checked before the body is validated: a stranger or a write without its CSRF token is refused
    // as such, and learns nothing about the schema.
    if (route.preHandler !== undefined && route.preValidation === undefined) {
      route.preValidation = route.preHandler;
      delete route.preHandler;
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const isPush = request.url.startsWith('/tccc/push');
    const status = error.validation ? 400 : (error.statusCode ?? 500);
    if (status >= 400 && status < 500) {
      const reason = error.validation ? `请求格式不正确：${error.message}` : error.message;
      return reply.code(status).send(isPush ? { ErrCode: status, ErrMsg: error.message } : { message: reason });
    }
    // The server's own failure (database down, bug): logged without the body, answered 503 so clients retry.
    request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return reply
      .code(503)
      .send(
        isPush ? { ErrCode: 503, ErrMsg: 'temporarily unavailable' } : { message: '服务器暂时无法处理，请稍后重试' },
      );
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: '没有这个接口' }));

  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { ok: true, database: ctx.db.kind };
    } catch {
      return reply.code(503).send({ ok: false, database: ctx.db.kind, message: 'database unreachable' });
    }
  });

  void app.register(async (scope) => pushRoutes(scope, ctx));
  void app.register(async (scope) => authRoutes(scope, ctx));
  void app.register(async (scope) => adminRoutes(scope, ctx));
  void app.register(async (scope) => callRoutes(scope, ctx));
  void app.register(async (scope) => tokenRoutes(scope, ctx));
  void app.register(async (scope) => dncRoutes(scope, ctx));
  void app.register(async (scope) => dashboardRoutes(scope, ctx));
  void app.register(async (scope) => callbackRoutes(scope, ctx));
  void app.register(async (scope) => meRoutes(scope, ctx));
  void app.register(async (scope) => errorRoutes(scope, ctx));
  return app;
}
