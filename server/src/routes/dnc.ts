/** The team do-not-call list: phones download changes and add a 勿扰; admins search, add, import and remove. */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
import { writeAudit } from '../identity';
import { dncChangesSince, dncDialForm, removeDncEntry, searchDnc, writeDncEntries, type DncInput } from '../dncStore';

const NO_NUL = '^[^\\u0000]*$';
/** The phone keeps 20 characters of a reason; the server keeps what an admin typed, up to 64. */
const Reason = Type.String({ maxLength: 64, pattern: NO_NUL });
const Phone = Type.String({ minLength: 1, maxLength: 40, pattern: NO_NUL });
const ExpiresAt = Type.Union([Type.Integer({ minimum: 1, maximum: 4_102_444_800_000 }), Type.Null()]);

const SinceQuery = Type.Object({
  since: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$' })),
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,3})$' })),
});
const PhoneAdd = Type.Object({ phone: Phone, reason: Reason });
const AdminAdd = Type.Object({ phone: Phone, reason: Reason, expiresAt: Type.Optional(ExpiresAt) });
const AdminImport = Type.Object({
  entries: Type.Array(
    Type.Object({ phone: Phone, reason: Type.Optional(Reason), expiresAt: Type.Optional(ExpiresAt) }),
    { minItems: 1, maxItems: 5000 },
  ),
  /** The reason of rows that give none. */
  reason: Type.Optional(Reason),
  expiresAt: Type.Optional(ExpiresAt),
});
const AdminSearch = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40, pattern: NO_NUL })),
  cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })),
  limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$' })),
});
const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });

const PAGE_DEFAULT = 1000;
const BAD_PHONE = '号码格式不正确';
const PAST_EXPIRY = '到期时间须晚于现在';

export async function dncRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const phones = requireRole(ctx, ['agent', 'supervisor']);
  const adminOnly = requireRole(ctx, ['admin']);

  app.get<{ Querystring: Static<typeof SinceQuery> }>(
    '/api/dnc',
    { schema: { querystring: SinceQuery }, preHandler: phones },
    async (request) => {
      const since = Number(request.query.since ?? '0');
      const limit = request.query.limit === undefined ? PAGE_DEFAULT : Math.min(Number(request.query.limit), 5000);
      return dncChangesSince(ctx.db, since, limit);
    },
  );

  app.post<{ Body: Static<typeof PhoneAdd> }>(
    '/api/dnc',
    { schema: { body: PhoneAdd }, preHandler: phones },
    async (request, reply) => {
      const phone = dncDialForm(request.body.phone);
      if (phone === null) return reply.code(400).send({ message: BAD_PHONE });
      const who = principal(request);
      const entry: DncInput = { phone, reason: request.body.reason.trim() || '勿扰', expiresAt: null };
      const report = await ctx.db.transaction((tx) => writeDncEntries(tx, [entry], 'phone', who.userId, ctx.now()));
      return { seq: report.seq, added: report.added + report.updated > 0 };
    },
  );

  app.get<{ Querystring: Static<typeof AdminSearch> }>(
    '/api/admin/dnc',
    { schema: { querystring: AdminSearch }, preHandler: adminOnly },
    async (request) => {
      const { q, cursor, limit } = request.query;
      const query: { q?: string; before?: number; limit: number } = { limit: limit === undefined ? 50 : Number(limit) };
      if (q !== undefined) query.q = q.replace(/[\s-]/g, '');
      if (cursor !== undefined) query.before = Number(cursor);
      return searchDnc(ctx.db, query, ctx.now());
    },
  );

  app.post<{ Body: Static<typeof AdminAdd> }>(
    '/api/admin/dnc',
    { schema: { body: AdminAdd }, preHandler: adminOnly },
    async (request, reply) => {
      const phone = dncDialForm(request.body.phone);
      if (phone === null) return reply.code(400).send({ message: BAD_PHONE });
      const now = ctx.now();
      const expiresAt = request.body.expiresAt ?? null;
      if (expiresAt !== null && expiresAt <= now) return reply.code(400).send({ message: PAST_EXPIRY });
      const reason = request.body.reason.trim();
      if (reason === '') return reply.code(400).send({ message: '请填写原因' });
      const who = principal(request);
      const report = await ctx.db.transaction(async (tx) => {
        const written = await writeDncEntries(tx, [{ phone, reason, expiresAt }], 'admin', who.userId, now);
        // The audit names the change, never the number.
        await writeAudit(tx, who.userId, 'dnc.add', `seq ${written.seq}`, now);
        return written;
      });
      return reply.code(report.added > 0 ? 201 : 200).send(report);
    },
  );

  app.post<{ Body: Static<typeof AdminImport> }>(
    '/api/admin/dnc/import',
    { schema: { body: AdminImport }, preHandler: adminOnly, bodyLimit: 1024 * 1024 },
    async (request, reply) => {
      const now = ctx.now();
      const fallbackReason = request.body.reason?.trim() || '导入';
      const fallbackExpiry = request.body.expiresAt ?? null;
      const accepted: DncInput[] = [];
      /** 1-based row numbers of what could not be read, so the admin can fix exactly those. */
      const invalidRows: number[] = [];
      request.body.entries.forEach((row, index) => {
        const phone = dncDialForm(row.phone);
        const expiresAt = row.expiresAt === undefined ? fallbackExpiry : row.expiresAt;
        if (phone === null || (expiresAt !== null && expiresAt <= now)) invalidRows.push(index + 1);
        else accepted.push({ phone, reason: row.reason?.trim() || fallbackReason, expiresAt });
      });
      if (accepted.length === 0) {
        return reply.code(400).send({ message: '没有可导入的号码', invalidRows: invalidRows.slice(0, 100) });
      }
      const who = principal(request);
      const report = await ctx.db.transaction(async (tx) => {
        const written = await writeDncEntries(tx, accepted, 'admin', who.userId, now);
        await writeAudit(
          tx,
          who.userId,
          'dnc.import',
          `${accepted.length} rows, ${invalidRows.length} invalid, seq ${written.seq}`,
          now,
        );
        return written;
      });
      return { ...report, invalid: invalidRows.length, invalidRows: invalidRows.slice(0, 100) };
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/admin/dnc/:id',
    { schema: { params: IdParams }, preHandler: adminOnly },
    async (request, reply) => {
      const who = principal(request);
      const now = ctx.now();
      const seq = await ctx.db.transaction(async (tx) => {
        const removed = await removeDncEntry(tx, Number(request.params.id), who.userId, now);
        if (removed !== null) await writeAudit(tx, who.userId, 'dnc.remove', `entry ${request.params.id}`, now);
        return removed;
      });
      if (seq === null) return reply.code(404).send({ message: '没有这条勿扰号码，或已移除' });
      return { ok: true, seq };
    },
  );
}
