/** Admin: agents (create, disable), their bind codes, and staff accounts. */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { createAgent, createStaff, disableUser, issueBindCode, writeAudit } from '../identity';
import { reconcile } from '../reconciler';
import { TcccError } from '../tcccApi';

const NewAgent = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000]+$' }),
  seatUserId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s\\u0000]+$' }),
});

const NewStaff = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000]+$' }),
  password: Type.String({ minLength: 12, maxLength: 256 }),
  role: Type.Union([Type.Literal('supervisor'), Type.Literal('admin')]),
});

/** Path params arrive as text (bodies are not type-coerced, so params are matched as digits). */
const UserParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });

const EPOCH_MS = Type.Integer({ minimum: 0, maximum: 4_102_444_800_000 });
const Backfill = Type.Object({ from: EPOCH_MS, to: EPOCH_MS });
const DAY_MS = 24 * 3600_000;
/** DescribeTelCdr looks back at most 180 days; one backfill covers at most 31 of them. */
const BACKFILL_LOOKBACK_MS = 180 * DAY_MS;
const BACKFILL_MAX_MS = 31 * DAY_MS;

export async function adminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const adminOnly = requireRole(ctx, ['admin']);

  app.post<{ Body: Static<typeof NewAgent> }>(
    '/api/admin/agents',
    { schema: { body: NewAgent }, preHandler: adminOnly },
    async (request, reply) => {
      const id = await createAgent(ctx.db, request.body, ctx.now());
      if (id === null) return reply.code(409).send({ message: '这个坐席账号已属于另一位坐席' });
      await writeAudit(ctx.db, principal(request).userId, 'agent.create', `agent ${id}`, ctx.now());
      return reply.code(201).send({ id });
    },
  );

  app.post<{ Params: Static<typeof UserParams> }>(
    '/api/admin/agents/:id/bind-codes',
    { schema: { params: UserParams }, preHandler: adminOnly },
    async (request, reply) => {
      const issued = await issueBindCode(ctx.db, Number(request.params.id), ctx.now());
      if (issued === null) return reply.code(404).send({ message: '没有这位坐席，或已停用' });
      await writeAudit(ctx.db, principal(request).userId, 'bindcode.issue', `agent ${request.params.id}`, ctx.now());
      return reply.code(201).send(issued);
    },
  );

  app.post<{ Params: Static<typeof UserParams> }>(
    '/api/admin/supervisors/:id/bind-codes',
    { schema: { params: UserParams }, preHandler: adminOnly },
    async (request, reply) => {
      const issued = await issueBindCode(ctx.db, Number(request.params.id), ctx.now(), 'supervisor');
      if (issued === null) return reply.code(404).send({ message: '没有这位主管，或已停用' });
      await writeAudit(
        ctx.db,
        principal(request).userId,
        'bindcode.issue',
        `supervisor ${request.params.id}`,
        ctx.now(),
      );
      return reply.code(201).send(issued);
    },
  );

  app.post<{ Params: Static<typeof UserParams> }>(
    '/api/admin/users/:id/disable',
    { schema: { params: UserParams }, preHandler: adminOnly },
    async (request, reply) => {
      const userId = Number(request.params.id);
      if (userId === principal(request).userId) return reply.code(400).send({ message: '不能停用自己' });
      const done = await disableUser(ctx.db, userId, ctx.now());
      if (!done) return reply.code(404).send({ message: '没有这个用户' });
      await writeAudit(ctx.db, principal(request).userId, 'user.disable', `user ${request.params.id}`, ctx.now());
      return { ok: true };
    },
  );

  app.post<{ Body: Static<typeof NewStaff> }>(
    '/api/admin/staff',
    { schema: { body: NewStaff }, preHandler: adminOnly },
    async (request, reply) => {
      const id = await createStaff(ctx.db, request.body, ctx.now());
      if (id === null) return reply.code(409).send({ message: '用户名已被使用' });
      await writeAudit(ctx.db, principal(request).userId, 'staff.create', `user ${id}`, ctx.now());
      return reply.code(201).send({ id });
    },
  );

  app.post<{ Body: Static<typeof Backfill> }>(
    '/api/admin/backfill',
    { schema: { body: Backfill }, preHandler: adminOnly },
    async (request, reply) => {
      const { from, to } = request.body;
      const now = ctx.now();
      if (to <= from || to - from > BACKFILL_MAX_MS) {
        return reply.code(400).send({ message: '补录范围须在 31 天以内，且结束晚于开始' });
      }
      if (from < now - BACKFILL_LOOKBACK_MS || to > now) {
        return reply.code(400).send({ message: 'TCCC 只能查询最近 180 天内、已经结束的通话' });
      }
      await writeAudit(ctx.db, principal(request).userId, 'cdr.backfill', `${from}-${to}`, now);
      try {
        const report = await reconcile(
          { db: ctx.db, tccc: ctx.tccc, sdkAppId: ctx.config.tcccSdkAppId, now: ctx.now, sleep: ctx.sleep },
          { fromTs: Math.floor(from / 1000), toTs: Math.ceil(to / 1000) },
        );
        if (report === null) return reply.code(409).send({ message: '另一个补录或对账正在进行，请稍后再试' });
        return report;
      } catch (error) {
        if (!(error instanceof TcccError)) throw error;
        return reply.code(502).send({ message: error.message, code: error.code });
      }
    },
  );
}
