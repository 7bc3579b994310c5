/** Admin: agents (create, disable), their bind codes, and staff accounts. */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { createAgent, createStaff, disableUser, issueBindCode, writeAudit } from '../identity';

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
}
