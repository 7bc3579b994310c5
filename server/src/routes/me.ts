/** GET /api/me: who the session belongs to, with the TCCC account the phone dials with (SDKAppID and seat). */

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';

export async function meRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/api/me', { preHandler: requireRole(ctx, ['agent', 'supervisor', 'admin']) }, async (request) => {
    const who = principal(request);
    // Staff have no seat: an empty seatUserId tells the phone it cannot dial as them.
    return {
      id: who.userId,
      name: who.name,
      role: who.role,
      sdkAppId: ctx.config.tcccSdkAppId,
      seatUserId: who.seatUserId ?? '',
    };
  });
}
