/** POST /api/tccc/token: a fresh TCCC login token for the calling agent's seat (CreateSDKLoginToken). */

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { RateLimiter } from '../rateLimit';
import { TcccError } from '../tcccApi';

/** A token per call, prefetched on page show and after each return: 20 a minute is far above real use. */
const TOKENS_PER_MINUTE = 20;

export async function tokenRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const perAgent = new RateLimiter(TOKENS_PER_MINUTE, 60 * 1000, ctx.now);

  app.post('/api/tccc/token', { preHandler: requireRole(ctx, ['agent']) }, async (request, reply) => {
    const agent = principal(request);
    const limit = perAgent.take(String(agent.userId));
    if (!limit.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(limit.retryAfterSeconds))
        .send({ message: '获取登录凭证太频繁，请稍后再试' });
    }
    try {
      // The token is returned to its agent only; it is never logged.
      return await ctx.tccc.createLoginToken(agent.seatUserId ?? '');
    } catch (error) {
      if (!(error instanceof TcccError)) throw error;
      request.log.warn({ tcccCode: error.code }, 'CreateSDKLoginToken failed');
      return reply.code(502).send({ message: error.message, code: error.code });
    }
  });
}
