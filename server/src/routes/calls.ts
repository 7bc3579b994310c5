/** The phones' call records: POST /api/calls/batch (agent outbox upsert, answered with each call's TCCC status). */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { callStatuses, upsertCalls } from '../callStore';
import { Readable } from 'node:stream';
import { callPhone, callStats, countCalls, decodeCursor, listCalls, type CallFilter } from '../callQuery';
import { csvStream, exportRows, xlsxStream } from '../callExport';
import { callbackNumbers, callDetail, dashboardNumbers } from '../dashboardQuery';
import { dayStart, shanghaiDay } from '../dashboard/filters';
import { TcccError } from '../tcccApi';
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
  hungUpSide: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('seat'), Type.Literal('system')])),
  hasNote: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  /** Epoch ms: only calls with an open callback booking due before it (the dashboard's 待回拨 filter). */
  callbackDueBefore: Type.Optional(Type.String({ pattern: DIGITS })),
  sort: Type.Optional(Type.Union([Type.Literal('time'), Type.Literal('talk')])),
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
  const filter = instantsOf(query);
  if (query.agentId !== undefined) filter.agentId = Number(query.agentId);
  if (who.role === 'agent') filter.agentId = who.userId;
  if (query.endStatus !== undefined) filter.endStatus = query.endStatus;
  if (query.outcome !== undefined) filter.outcome = query.outcome;
  if (query.phone !== undefined) filter.phoneContains = query.phone;
  if (query.hasRecording !== undefined) filter.hasRecording = query.hasRecording === 'true';
  if (query.mismatch !== undefined) filter.mismatch = true;
  if (query.hungUpSide !== undefined) filter.hungUpSide = query.hungUpSide;
  if (query.hasNote !== undefined) filter.hasNote = query.hasNote === 'true';
  return filter;
}

/** The filter's instants (epoch ms as text): the range, and the 待回拨 cut-off. */
function instantsOf(query: CallQuery): CallFilter {
  const filter: CallFilter = {};
  if (query.from !== undefined) filter.from = Number(query.from);
  if (query.to !== undefined) filter.to = Number(query.to);
  if (query.callbackDueBefore !== undefined) filter.callbackDueBefore = Number(query.callbackDueBefore);
  return filter;
}

/**
 * A number search answers whether hidden digits are there (138****1029 searched for 12341029), so, like a reveal, it
 * is audited whoever asks, before the answer leaves: the route, how many digits and how many calls matched, never the
 * digits (parts of numbers stay out of the log). A probe shows up as a run of searches.
 */
async function auditNumberSearch(
  ctx: AppContext,
  who: Principal,
  route: string,
  filter: CallFilter,
  matched: number,
): Promise<void> {
  if (filter.phoneContains === undefined) return;
  const detail = `${route}: ${filter.phoneContains.length} digits, ${matched} calls`;
  await writeAudit(ctx.db, who.userId, 'call.search', detail, ctx.now());
}

const ExportQuerySchema = Type.Intersect([
  CallQuerySchema,
  Type.Object({
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
    /** Full numbers: the page asks the supervisor to confirm first; the export is audited as such. */
    full: Type.Optional(Type.Literal('1')),
  }),
]);
type ExportQuery = Static<typeof ExportQuerySchema>;

/** The filter as the audit log keeps it: a number search by its digit count, never the digits. */
export function auditFilter(filter: CallFilter): string {
  const { phoneContains, ...rest } = filter;
  return JSON.stringify(phoneContains === undefined ? rest : { ...rest, phoneDigits: phoneContains.length });
}

const CallParams = Type.Object({
  agentId: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }),
  callId: CallSchema.properties.id,
});
type CallParamsType = Static<typeof CallParams>;

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
      const who = principal(request);
      const filter = filterOf(request.query, who);
      const page = await listCalls(ctx.db, filter, cursor, limit, request.query.sort);
      await auditNumberSearch(ctx, who, 'GET /api/calls', filter, page.calls.length);
      return page;
    },
  );

  app.get<{ Querystring: CallQuery }>(
    '/api/stats',
    { schema: { querystring: CallQuerySchema }, preHandler: everyone },
    async (request) => {
      const who = principal(request);
      const filter = filterOf(request.query, who);
      const rows = await callStats(ctx.db, filter);
      const matched = rows.reduce((sum, row) => sum + row.calls, 0);
      await auditNumberSearch(ctx, who, 'GET /api/stats', filter, matched);
      return { rows };
    },
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

  app.get<{ Querystring: ExportQuery }>(
    '/api/calls/export',
    { schema: { querystring: ExportQuerySchema }, preHandler: staff },
    async (request, reply) => {
      const filter = filterOf(request.query, principal(request));
      const full = request.query.full === '1';
      const format = request.query.format ?? 'csv';
      const rows = await countCalls(ctx.db, filter);
      // Written before the first byte leaves: no export without its audit row.
      await writeAudit(
        ctx.db,
        principal(request).userId,
        full ? 'call.export.full' : 'call.export',
        `${rows} rows ${format} ${auditFilter(filter)}`,
        ctx.now(),
      );
      const stamp = new Date(ctx.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const pages = exportRows(ctx.db, filter, full);
      const body = Readable.from(format === 'xlsx' ? xlsxStream(pages, ctx.now()) : csvStream(pages));
      return reply
        .header(
          'content-type',
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="calls-${stamp}.${format}"`)
        .header('x-export-rows', String(rows))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.get<{ Querystring: CallQuery }>(
    '/api/dashboard/numbers',
    { schema: { querystring: CallQuerySchema }, preHandler: staff },
    async (request) => {
      const filter = filterOf(request.query, principal(request));
      const now = ctx.now();
      const endOfToday = dayStart(shanghaiDay(now)) + 86_400_000;
      const [numbers, callbacks] = await Promise.all([
        dashboardNumbers(ctx.db, filter),
        callbackNumbers(ctx.db, filter, endOfToday, now),
      ]);
      return { ...numbers, callbacks };
    },
  );

  app.get<{ Params: CallParamsType }>(
    '/api/calls/:agentId/:callId',
    { schema: { params: CallParams }, preHandler: staff },
    async (request, reply) => {
      const detail = await callDetail(ctx.db, Number(request.params.agentId), request.params.callId);
      if (detail === null) return reply.code(404).send({ message: '没有这条通话记录' });
      return detail;
    },
  );

  app.get<{ Params: CallParamsType }>(
    '/api/calls/:agentId/:callId/recording',
    { schema: { params: CallParams }, preHandler: staff },
    async (request, reply) => {
      const { agentId, callId } = request.params;
      const detail = await callDetail(ctx.db, Number(agentId), callId);
      if (detail === null) return reply.code(404).send({ message: '没有这条通话记录' });
      const cdr = detail.cdr;
      if (cdr === null || cdr.recordings.length === 0) return reply.code(404).send({ message: '这通电话没有录音' });
      const startTs = cdr.startTs ?? Math.floor(detail.startedAt / 1000);
      await writeAudit(ctx.db, principal(request).userId, 'call.recording', `${agentId}/${callId}`, ctx.now());
      try {
        const url = await ctx.tccc.recordingUrl({
          sessionId: cdr.sessionId,
          startTs: startTs - 3600,
          endTs: startTs + 86400,
        });
        if (url === null) return reply.code(404).send({ message: 'TCCC 没有返回这通电话的录音（可能已过保存期）' });
        return reply.header('cache-control', 'no-store').send({ url });
      } catch (error) {
        if (!(error instanceof TcccError)) throw error;
        return reply.code(502).send({ message: error.message, code: error.code });
      }
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
