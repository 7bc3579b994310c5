/**
 * Callback bookings from phones: every one a bound agent makes (the dashboard counts those due), reminded through
 * WeChat at the due time when the agent granted it, else by the phone; then done or cancelled.
 */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { bookCallback, cancelCallback, closeCallback } from '../callbackReminders';
import { CallSchema } from './calls';

const TemplateId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const BookingSchema = Type.Object({
  callId: CallSchema.properties.id,
  dueAt: Type.Integer({ minimum: 1, maximum: 4_102_444_800_000 }),
  name: Type.String({ maxLength: 200, pattern: '^[^\\u0000]*$' }),
  // Absent when the phone has no template to ask with: the booking still counts, the phone reminds.
  templateId: Type.Optional(TemplateId),
  subscribe: Type.Union([
    Type.Literal('accept'),
    Type.Literal('reject'),
    Type.Literal('ban'),
    Type.Literal('filter'),
    Type.Literal('none'),
  ]),
});
const CallParams = Type.Object({ callId: CallSchema.properties.id });

/** A booking more than a year ahead is a mistake, not a plan. */
const MAX_AHEAD_MS = 366 * 24 * 3600_000;

export async function callbackRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const agents = requireRole(ctx, ['agent']);

  // The template the phone asks the agent to subscribe to; null when the server sends no reminders.
  app.get('/api/callbacks/template', { preHandler: agents }, async () => ({
    templateId: ctx.config.wxCallbackTemplate?.id ?? null,
  }));

  app.post<{ Body: Static<typeof BookingSchema> }>(
    '/api/callbacks',
    { schema: { body: BookingSchema }, preHandler: agents },
    async (request, reply) => {
      const now = ctx.now();
      const booking = request.body;
      if (booking.dueAt > now + MAX_AHEAD_MS) return reply.code(400).send({ message: '回拨时间须在一年以内' });
      // A booking the outbox held while offline may arrive after its time: it still counts (overdue), and only the
      // phone reminds (bookCallback grants no WeChat reminder for a time already past).
      if (booking.dueAt < now - MAX_AHEAD_MS) return reply.code(400).send({ message: '回拨时间已过去一年以上' });
      const state = await bookCallback(ctx.db, principal(request).userId, booking, now);
      // 'server': WeChat will remind at the due time; 'local': the phone keeps its own reminder.
      return { state, reminder: state === 'waiting' ? 'server' : 'local' };
    },
  );

  // The callback was made (完成, or a connected call to the number): it leaves the dashboard's 待回拨.
  app.post<{ Params: Static<typeof CallParams> }>(
    '/api/callbacks/:callId/done',
    { schema: { params: CallParams }, preHandler: agents },
    async (request) => ({
      done: await closeCallback(ctx.db, principal(request).userId, request.params.callId, 'done', ctx.now()),
    }),
  );

  app.delete<{ Params: Static<typeof CallParams> }>(
    '/api/callbacks/:callId',
    { schema: { params: CallParams }, preHandler: agents },
    async (request) => ({
      cancelled: await cancelCallback(ctx.db, principal(request).userId, request.params.callId, ctx.now()),
    }),
  );
}
