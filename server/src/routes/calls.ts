/** The phones' call records: POST /api/calls/batch (agent outbox upsert, answered with each call's TCCC status). */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { callStatuses, upsertCalls } from '../callStore';

/** Postgres text cannot hold NUL; every string field refuses it. */
const NO_NUL = '^[^\\u0000]*$';
const text = (maxLength: number) => Type.String({ maxLength, pattern: NO_NUL });
const EPOCH_MS = { minimum: 0, maximum: 4_102_444_800_000 };

const CALL_STATES = [
  'dialing',
  'in-tccc',
  'connected',
  'placed-not-connected',
  'not-placed',
  'cancelled',
  'failed',
  'no-result',
  'orphan',
] as const;

export const CallSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$' }),
  revision: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  uui: text(1024),
  sessionId: text(128),
  phone: text(40),
  name: text(200),
  startedAt: Type.Integer({ ...EPOCH_MS, minimum: 1 }),
  returnedAt: Type.Integer(EPOCH_MS),
  state: Type.Union(CALL_STATES.map((state) => Type.Literal(state))),
  duration: Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Null()]),
  closeBy: text(32),
  outcome: text(64),
  note: text(2000),
});

export const BatchSchema = Type.Object({ calls: Type.Array(CallSchema, { minItems: 1, maxItems: 200 }) });

export async function callRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post<{ Body: Static<typeof BatchSchema> }>(
    '/api/calls/batch',
    { schema: { body: BatchSchema }, preHandler: requireRole(ctx, ['agent']), bodyLimit: 2 * 1024 * 1024 },
    async (request) => {
      const agent = principal(request);
      const { calls } = request.body;
      const ids = [...new Set(calls.map((call) => call.id))];
      const { changed, statuses } = await ctx.db.transaction(async (tx) => {
        const changedIds = await upsertCalls(tx, agent.userId, calls, ctx.now());
        return { changed: changedIds, statuses: await callStatuses(tx, agent.userId, ids) };
      });
      // Every call of the batch is answered: stored means the server holds this revision or a newer one.
      return { calls: statuses.map((status) => ({ ...status, changed: changed.has(status.id) })) };
    },
  );
}
