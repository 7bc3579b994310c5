/** The phones' call records: POST /api/calls/batch (agent outbox upsert, answered with each call's TCCC status). */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { callStatuses, upsertCalls } from '../callStore';
import { callPhone, callStats, decodeCursor, listCalls, type CallFilter, type ListedCall } from '../callQuery';
import { writeAudit, type Principal } from '../identity';
// The phone's call states, said once: a batch carries what the phone's call log holds.
import { CALL_STATES } from '../../../miniprogram/core/callRecord';

/** Postgres text cannot hold NUL; every string field refuses it. */
const NO_NUL = '^[^\\u0000]*$';
const text = (maxLength: number) => Type.String({ maxLength, pattern: NO_NUL });
const EPOCH_MS = { minimum: 0, maximum: 4_102_444_800_000 };

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

const DIGITS = '^[0-9]{1,15}$';
/** Query strings arrive as text (nothing is type-coerced), so every value is matched as text and read here. */
export const CallQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ pattern: DIGITS })),
  to: Type.Optional(Type.String({ pattern: DIGITS })),
  agentId: Type.Optional(Type.String({ pattern: DIGITS })),
  endStatus: Type.Optional(Type.String({ pattern: '^[A-Za-z]{1,40}$' })),
  outcome: Type.Optional(text(64)),
  phone: Type.Optional(Type.String({ pattern: '^[0-9]{3,20}$' })),
  hasRecording: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  mismatch: Type.Optional(Type.Literal('true')),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$' })),
});
type CallQuery = Static<typeof CallQuerySchema>;

/** Up to 50 of the caller's own call ids, comma-separated (ids are [0-9A-Za-z_-], so a comma never occurs in one). */
export const StatusQuerySchema = Type.Object({
  ids: Type.String({ minLength: 1, maxLength: 50 * 65, pattern: '^[0-9A-Za-z_-]{1,64}(,[0-9A-Za-z_-]{1,64}){0,49}$' }),
});

const RevealSchema = Type.Object({
  agentId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  callId: CallSchema.properties.id,
});

/** The filter a query asks for; an agent only ever sees their own calls, whatever agentId they send. */
function filterOf(query: CallQuery, who: Principal): CallFilter {
  const filter: CallFilter = {};
  if (query.from !== undefined) filter.from = Number(query.from);
  if (query.to !== undefined) filter.to = Number(query.to);
  if (query.agentId !== undefined) filter.agentId = Number(query.agentId);
  if (who.role === 'agent') filter.agentId = who.userId;
  if (query.endStatus !== undefined) filter.endStatus = query.endStatus;
  if (query.outcome !== undefined) filter.outcome = query.outcome;
  if (query.phone !== undefined) filter.phoneContains = query.phone;
  if (query.hasRecording !== undefined) filter.hasRecording = query.hasRecording === 'true';
  if (query.mismatch !== undefined) filter.mismatch = true;
  return filter;
}

const EXPORT_MAX_ROWS = 50_000;
const CSV_HEADER = '坐席,时间,号码,名称,手机端状态,通话秒数,TCCC 结果,TCCC 通话秒数,小结,备注';

function csvCell(value: string | number | null): string {
  const textValue = value === null ? '' : String(value);
  // A leading = + - @ would run as a formula in Excel; quoting with a ' keeps it text.
  const safe = /^[=+\-@]/.test(textValue) ? `'${textValue}` : textValue;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(call: ListedCall): string {
  const started = new Date(call.startedAt + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  return [
    call.agentName,
    started,
    call.phone,
    call.name,
    call.state,
    call.duration,
    call.tccc?.endStatusLabel ?? '',
    call.tccc?.duration ?? null,
    call.outcome,
    call.note,
  ]
    .map(csvCell)
    .join(',');
}

export async function callRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const everyone = requireRole(ctx, ['agent', 'supervisor', 'admin']);
  const staff = requireRole(ctx, ['supervisor', 'admin']);

  app.get<{ Querystring: CallQuery }>(
    '/api/calls',
    { schema: { querystring: CallQuerySchema }, preHandler: everyone },
    async (request, reply) => {
      const cursor = request.query.cursor === undefined ? null : decodeCursor(request.query.cursor);
      if (request.query.cursor !== undefined && cursor === null) {
        return reply.code(400).send({ message: '请求格式不正确：翻页位置无效' });
      }
      const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
      return listCalls(ctx.db, filterOf(request.query, principal(request)), cursor, limit);
    },
  );

  app.get<{ Querystring: CallQuery }>(
    '/api/stats',
    { schema: { querystring: CallQuerySchema }, preHandler: everyone },
    async (request) => ({ rows: await callStats(ctx.db, filterOf(request.query, principal(request))) }),
  );

  // The phone polls this for a short while after a return, until TCCC's CDR has joined its call. Another agent's
  // call id answers exactly like an unknown one: absent.
  app.get<{ Querystring: Static<typeof StatusQuerySchema> }>(
    '/api/calls/status',
    { schema: { querystring: StatusQuerySchema }, preHandler: requireRole(ctx, ['agent']) },
    async (request) => {
      const ids = [...new Set(request.query.ids.split(','))];
      return { calls: await callStatuses(ctx.db, principal(request).userId, ids) };
    },
  );

  app.post<{ Body: Static<typeof RevealSchema> }>(
    '/api/calls/reveal',
    { schema: { body: RevealSchema }, preHandler: staff },
    async (request, reply) => {
      const { agentId, callId } = request.body;
      const phone = await callPhone(ctx.db, agentId, callId);
      if (phone === null) return reply.code(404).send({ message: '没有这条通话记录' });
      // Written before the number leaves: no reveal without its audit row.
      await writeAudit(ctx.db, principal(request).userId, 'call.reveal', `${agentId}/${callId}`, ctx.now());
      return { phone };
    },
  );

  app.get<{ Querystring: CallQuery }>(
    '/api/calls/export',
    { schema: { querystring: CallQuerySchema }, preHandler: staff },
    async (request, reply) => {
      const filter = filterOf(request.query, principal(request));
      const lines = [CSV_HEADER];
      let cursor = null;
      do {
        const page: Awaited<ReturnType<typeof listCalls>> = await listCalls(ctx.db, filter, cursor, 100);
        lines.push(...page.calls.map(csvLine));
        cursor = page.nextCursor === null ? null : decodeCursor(page.nextCursor);
      } while (cursor !== null && lines.length <= EXPORT_MAX_ROWS);
      await writeAudit(
        ctx.db,
        principal(request).userId,
        'call.export',
        `${lines.length - 1} rows ${JSON.stringify(filter)}`,
        ctx.now(),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="calls.csv"')
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );

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
