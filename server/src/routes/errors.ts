/** Phone error reports: POST /api/errors (agent, from the outbox) and GET /api/admin/errors (admin, per agent). */

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { principal, requireRole } from '../guard';
// The phone's scrubber, said once: the server scrubs again, so a phone that failed to cannot store a number.
import { scrubErrorLine, SCRUBBED_MAX_CHARS } from '../../../miniprogram/core/scrub';

const NO_NUL = '^[^\\u0000]*$';
const ErrorSchema = Type.Object({
  at: Type.Integer({ minimum: 0, maximum: 4_102_444_800_000 }),
  message: Type.String({ minLength: 1, maxLength: SCRUBBED_MAX_CHARS, pattern: NO_NUL }),
  appVersion: Type.String({ maxLength: 32, pattern: NO_NUL }),
  baseLibrary: Type.String({ maxLength: 32, pattern: NO_NUL }),
});
const ErrorsBody = Type.Object({ errors: Type.Array(ErrorSchema, { minItems: 1, maxItems: 20 }) });
const ErrorsQuery = Type.Object({ agentId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })) });

/** Errors kept per agent in the admin's list (the newest). */
const PER_AGENT = 50;

interface ErrorRow {
  agent_id: number;
  agent_name: string;
  occurred_at: number;
  message: string;
  app_version: string;
  base_library: string;
}

export async function errorRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post<{ Body: Static<typeof ErrorsBody> }>(
    '/api/errors',
    { schema: { body: ErrorsBody }, preHandler: requireRole(ctx, ['agent']) },
    async (request) => {
      const agent = principal(request);
      const now = ctx.now();
      const params: unknown[] = [];
      const tuples = request.body.errors.map((error) => {
        const values = [
          agent.userId,
          error.at,
          now,
          scrubErrorLine(error.message),
          scrubErrorLine(error.appVersion),
          scrubErrorLine(error.baseLibrary),
        ];
        const start = params.length;
        params.push(...values);
        return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      await ctx.db.query(
        `INSERT INTO client_errors (agent_id, occurred_at, received_at, message, app_version, base_library)
         VALUES ${tuples.join(', ')}`,
        params,
      );
      return { stored: tuples.length };
    },
  );

  app.get<{ Querystring: Static<typeof ErrorsQuery> }>(
    '/api/admin/errors',
    { schema: { querystring: ErrorsQuery }, preHandler: requireRole(ctx, ['admin']) },
    async (request) => {
      const agentId = request.query.agentId === undefined ? null : Number(request.query.agentId);
      const rows = await ctx.db.query<ErrorRow>(
        `SELECT e.agent_id, u.name AS agent_name, e.occurred_at, e.message, e.app_version, e.base_library
         FROM (SELECT *, row_number() OVER (PARTITION BY agent_id ORDER BY occurred_at DESC, id DESC) AS n
               FROM client_errors WHERE $1::bigint IS NULL OR agent_id = $1::bigint) e
         JOIN users u ON u.id = e.agent_id
         WHERE e.n <= $2
         ORDER BY e.agent_id, e.occurred_at DESC`,
        [agentId, PER_AGENT],
      );
      const agents = new Map<number, { agentId: number; agentName: string; errors: object[] }>();
      for (const row of rows) {
        const id = Number(row.agent_id);
        const entry = agents.get(id) ?? { agentId: id, agentName: row.agent_name, errors: [] };
        entry.errors.push({
          at: Number(row.occurred_at),
          message: row.message,
          appVersion: row.app_version,
          baseLibrary: row.base_library,
        });
        agents.set(id, entry);
      }
      return { agents: [...agents.values()] };
    },
  );
}
