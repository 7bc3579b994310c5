/** The supervisors' dashboard: its pages (server-rendered HTML), its static assets, and the admin APIs its screens use. */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AppContext } from '../context';
import { principal, principalOf, requireRole } from '../guard';
import { issueBindCode, writeAudit, type Principal } from '../identity';
import { listCalls, decodeCursor } from '../callQuery';
import { callbackNumbers, callDetail, dashboardNumbers } from '../dashboardQuery';
import { agentOptions, listAgents, listAudit, updateAgent, userNames } from '../adminQuery';
import { namedUserIds } from '../auditDetail';
import { apiQuery, filterOfState, presetRanges, readFilterState } from '../dashboard/filters';
import {
  agentsPage,
  auditPage,
  callPage,
  callRowsPart,
  callsPage,
  dncPage,
  errorPage,
  loginPage,
  type Viewer,
} from '../dashboard/pages';
import { searchDnc } from '../dncStore';
import { clientScript, stylesheet } from '../dashboard/assets';

const PAGE_SIZE = 50;
const UserParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });
const AgentChange = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000]+$' })),
    seatUserId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s\\u0000]+$' })),
  },
  { minProperties: 1, additionalProperties: false },
);

/** Where static files come from: uPlot from node_modules, the stylesheet from this folder. */
const UPLOT_DIR = path.dirname(createRequire(__filename).resolve('uplot/dist/uPlot.iife.min.js'));
const STATIC: Record<string, { file: string; type: string }> = {
  'uPlot.iife.min.js': { file: path.join(UPLOT_DIR, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { file: path.join(UPLOT_DIR, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/** Pages never run inline script and load nothing from elsewhere. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' http: https:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(body);
}

const viewerOf = (who: Principal): Viewer => ({ name: who.name, role: who.role });

/** A page part's refusal, as the APIs answer: 401 without a live session, 403 for a role the page does not admit. */
async function refusePart(reply: FastifyReply, who: Principal | null): Promise<void> {
  if (who === null) await reply.code(401).send({ message: '请先登录' });
  else await reply.code(403).send({ message: '没有权限' });
}

/**
 * The staff member a page is for; otherwise the login page (no session) or a 403 page (an agent, or not admin).
 * A page part (fetched by the page script, never opened as a page) is refused as the APIs refuse, 401 or 403 with a
 * message: the script then loads the whole page, which leads to sign-in or says why not.
 */
async function pageViewer(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  adminOnly = false,
  part = false,
): Promise<Principal | null> {
  const who = await principalOf(ctx, request);
  const refused = who === null || who.role === 'agent' || (adminOnly && who.role !== 'admin');
  if (part && refused) {
    await refusePart(reply, who);
    return null;
  }
  if (who === null || who.sessionKind !== 'web') {
    const next = encodeURIComponent(request.url);
    await reply.redirect(`/dashboard/login?next=${next}`, 303);
    return null;
  }
  if (refused) {
    await sendPage(reply, errorPage(viewerOf(who), '没有权限', '这个页面只对管理员开放。'), 403);
    return null;
  }
  return who;
}

export async function dashboardRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const adminOnly = requireRole(ctx, ['admin']);
  const script = clientScript();
  // An unhandled rejection must not wait for the first request: the error is served (and logged) there.
  script.catch(() => undefined);
  const css = stylesheet();

  app.get('/dashboard/assets/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    if (name === 'dashboard.js')
      return reply.header('content-type', 'text/javascript; charset=utf-8').send(await script);
    if (name === 'dashboard.css') return reply.header('content-type', 'text/css; charset=utf-8').send(css);
    const asset = STATIC[name];
    if (asset === undefined) return reply.code(404).send({ message: '没有这个文件' });
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=86400')
      .send(fs.createReadStream(asset.file));
  });

  app.get('/dashboard', async (_request, reply) => reply.redirect('/dashboard/calls', 303));

  app.get('/dashboard/login', async (request, reply) => {
    const next = (request.query as Record<string, unknown>)['next'];
    // Only a path of this dashboard: never an open redirect.
    const target = typeof next === 'string' && /^\/dashboard(\/|\?|$)/.test(next) ? next : '/dashboard/calls';
    return sendPage(reply, loginPage(target));
  });

  app.get('/dashboard/calls', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // part=rows: only the table and pager (a sort or page change in the page script); the rest of the page cannot
    // change with the order or the page, so its numbers are not recomputed.
    const rowsOnly = query['part'] === 'rows';
    const who = await pageViewer(ctx, request, reply, false, rowsOnly);
    if (who === null) return reply;
    const state = readFilterState(query, ctx.now());
    const filter = filterOfState(state);
    const cursorText = typeof query['cursor'] === 'string' ? query['cursor'] : null;
    const cursor = cursorText === null ? null : decodeCursor(cursorText);
    // A number search is audited, the page's and its rows part's alike: the digit count and what matched, never the digits.
    const auditSearch = async (matched: string) => {
      if (filter.phoneContains === undefined) return;
      const detail = `GET /dashboard/calls${rowsOnly ? ' rows' : ''}: ${filter.phoneContains.length} digits, ${matched}`;
      await writeAudit(ctx.db, who.userId, 'call.search', detail, ctx.now());
    };
    if (rowsOnly) {
      const page = await listCalls(ctx.db, filter, cursor, PAGE_SIZE, state.sort);
      await auditSearch(`${page.calls.length} calls shown`);
      const rows = { state, calls: page.calls, nextCursor: page.nextCursor, paged: cursor !== null };
      return sendPage(reply, callRowsPart(rows));
    }
    // In parallel: on PostgreSQL each query takes its own pooled connection.
    const [agents, numbers, callbacks, page] = await Promise.all([
      agentOptions(ctx.db),
      dashboardNumbers(ctx.db, filter),
      callbackNumbers(ctx.db, filter, state.endOfToday, ctx.now()),
      listCalls(ctx.db, filter, cursor, PAGE_SIZE, state.sort),
    ]);
    await auditSearch(`${numbers.calls} calls`);
    return sendPage(
      reply,
      callsPage({
        viewer: viewerOf(who),
        state,
        agents,
        numbers,
        callbacks,
        calls: page.calls,
        nextCursor: page.nextCursor,
        apiQuery: apiQuery(state).toString(),
        presetRanges: presetRanges(ctx.now()),
        paged: cursor !== null,
      }),
    );
  });

  app.get('/dashboard/calls/:agentId/:callId', async (request, reply) => {
    const who = await pageViewer(ctx, request, reply);
    if (who === null) return reply;
    const { agentId, callId } = request.params as { agentId: string; callId: string };
    const detail =
      /^[1-9]\d{0,14}$/.test(agentId) && /^[0-9A-Za-z_-]{1,64}$/.test(callId)
        ? await callDetail(ctx.db, Number(agentId), callId)
        : null;
    if (detail === null)
      return sendPage(reply, errorPage(viewerOf(who), '没有这条通话', '它可能已被删除，或链接不完整。'), 404);
    return sendPage(reply, callPage(viewerOf(who), detail, ctx.now()));
  });

  app.get('/dashboard/admin/agents', async (request, reply) => {
    const who = await pageViewer(ctx, request, reply, true);
    if (who === null) return reply;
    return sendPage(reply, agentsPage(viewerOf(who), await listAgents(ctx.db, ctx.now())));
  });

  app.get('/dashboard/admin/audit', async (request, reply) => {
    const who = await pageViewer(ctx, request, reply, true);
    if (who === null) return reply;
    const query = request.query as Record<string, unknown>;
    const before =
      typeof query['before'] === 'string' && /^\d{1,15}$/.test(query['before']) ? Number(query['before']) : undefined;
    const action = typeof query['action'] === 'string' ? query['action'].slice(0, 40) : '';
    const page = await listAudit(ctx.db, { ...(before === undefined ? {} : { before }), action, limit: 100 });
    const names = await userNames(ctx.db, namedUserIds(page.rows.map((row) => row.detail)));
    return sendPage(reply, auditPage(viewerOf(who), page.rows, action, page.nextBefore, names));
  });

  app.get('/dashboard/admin/dnc', async (request, reply) => {
    const who = await pageViewer(ctx, request, reply, true);
    if (who === null) return reply;
    const query = request.query as Record<string, unknown>;
    const q = typeof query['q'] === 'string' ? query['q'].trim().slice(0, 40) : '';
    const cursor =
      typeof query['cursor'] === 'string' && /^[1-9]\d{0,14}$/.test(query['cursor'])
        ? Number(query['cursor'])
        : undefined;
    const search: { q?: string; before?: number; limit: number } = { limit: 50 };
    if (q !== '') search.q = q.replace(/[\s-]/g, '');
    if (cursor !== undefined) search.before = cursor;
    const page = await searchDnc(ctx.db, search, ctx.now());
    return sendPage(reply, dncPage(viewerOf(who), page.entries, q, page.nextCursor));
  });

  // --- admin APIs the screens use ---

  app.get('/api/admin/agents', { preHandler: adminOnly }, async () => ({
    agents: await listAgents(ctx.db, ctx.now()),
  }));

  app.patch<{ Params: Static<typeof UserParams>; Body: Static<typeof AgentChange> }>(
    '/api/admin/agents/:id',
    { schema: { params: UserParams, body: AgentChange }, preHandler: adminOnly },
    async (request, reply) => {
      const result = await ctx.db.transaction((tx) => updateAgent(tx, Number(request.params.id), request.body));
      if (result === 'missing') return reply.code(404).send({ message: '没有这位坐席' });
      if (result === 'conflict') return reply.code(409).send({ message: '这个坐席账号已属于另一位坐席' });
      const changed = Object.keys(request.body).join(',');
      await writeAudit(
        ctx.db,
        principal(request).userId,
        'agent.update',
        `agent ${request.params.id} ${changed}`,
        ctx.now(),
      );
      return { ok: true };
    },
  );

  app.post<{ Params: Static<typeof UserParams> }>(
    '/api/admin/agents/:id/bind-code-qr',
    { schema: { params: UserParams }, preHandler: adminOnly },
    async (request, reply) => {
      const issued = await issueBindCode(ctx.db, Number(request.params.id), ctx.now());
      if (issued === null) return reply.code(404).send({ message: '没有这位坐席，或已停用' });
      await writeAudit(ctx.db, principal(request).userId, 'bindcode.issue', `agent ${request.params.id}`, ctx.now());
      // The code itself is the QR's content: the phone's bind screen scans or types the same 8 characters.
      const qrSvg = await QRCode.toString(issued.code, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      return reply.code(201).send({ ...issued, qrSvg });
    },
  );

  app.get('/api/admin/audit', { preHandler: adminOnly }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const action = typeof query['action'] === 'string' ? query['action'].slice(0, 40) : '';
    return listAudit(ctx.db, { action, limit: 200 });
  });
}
