/** What the administration screens read and change: agents with their binding state, seat edits, the audit log. */

import type { Queryable } from './db';
import { refreshJoinedForAgent } from './callJoin';

export interface AgentListRow {
  id: number;
  name: string;
  seatUserId: string;
  disabled: boolean;
  createdAt: number;
  boundAt: number | null;
  codeExpiresAt: number | null;
}

export async function listAgents(db: Queryable, now: number): Promise<AgentListRow[]> {
  const rows = await db.query<{
    id: number;
    name: string;
    seat_user_id: string;
    disabled: boolean;
    created_at: number;
    bound_at: number | null;
    code_expires_at: number | null;
  }>(
    `SELECT u.id, u.name, u.seat_user_id, u.disabled, u.created_at,
       (SELECT max(w.bound_at) FROM wx_identities w WHERE w.user_id = u.id) AS bound_at,
       (SELECT max(b.expires_at) FROM bind_codes b WHERE b.user_id = u.id AND b.used_at IS NULL AND b.expires_at > $1)
         AS code_expires_at
     FROM users u WHERE u.role = 'agent' ORDER BY u.disabled, u.name, u.id`,
    [now],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    seatUserId: row.seat_user_id,
    disabled: row.disabled,
    createdAt: row.created_at,
    boundAt: row.bound_at,
    codeExpiresAt: row.code_expires_at,
  }));
}

/** Active agents for the filter's agent list. */
export async function agentOptions(db: Queryable): Promise<{ id: number; name: string }[]> {
  return db.query<{ id: number; name: string }>(
    "SELECT id, name FROM users WHERE role = 'agent' ORDER BY disabled, name, id",
  );
}

/** Changes an agent's name and seat. 'conflict' when the seat belongs to another agent, 'missing' when no such agent. */
export async function updateAgent(
  db: Queryable,
  agentId: number,
  change: { name?: string; seatUserId?: string },
): Promise<'ok' | 'conflict' | 'missing'> {
  if (change.seatUserId !== undefined) {
    const taken = await db.query('SELECT 1 FROM users WHERE seat_user_id = $1 AND id <> $2', [
      change.seatUserId,
      agentId,
    ]);
    if (taken.length > 0) return 'conflict';
  }
  const rows = await db.query(
    `UPDATE users SET name = coalesce($2, name), seat_user_id = coalesce($3, seat_user_id)
     WHERE id = $1 AND role = 'agent' RETURNING id`,
    [agentId, change.name ?? null, change.seatUserId ?? null],
  );
  if (rows.length === 0) return 'missing';
  // The UUI join matches CDRs by seat: a new seat can change which CDR each of the agent's calls joins.
  if (change.seatUserId !== undefined) await refreshJoinedForAgent(db, agentId);
  return 'ok';
}

export interface AuditListRow {
  id: number;
  at: number;
  userName: string;
  action: string;
  detail: string;
}

/** The newest audit rows, before an id (keyset paging), optionally of one action. */
export async function listAudit(
  db: Queryable,
  options: { before?: number; action?: string; limit: number },
): Promise<{ rows: AuditListRow[]; nextBefore: number | null }> {
  const params: unknown[] = [];
  const clauses: string[] = [];
  if (options.before !== undefined) {
    params.push(options.before);
    clauses.push(`a.id < $${params.length}`);
  }
  if (options.action !== undefined && options.action !== '') {
    params.push(options.action);
    clauses.push(`a.action = $${params.length}`);
  }
  params.push(options.limit + 1);
  const rows = await db.query<{ id: number; at: number; user_name: string; action: string; detail: string }>(
    `SELECT a.id, a.at, u.name AS user_name, a.action, a.detail FROM audit_log a JOIN users u ON u.id = a.user_id
     ${clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`} ORDER BY a.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, options.limit);
  return {
    rows: page.map((row) => ({
      id: row.id,
      at: row.at,
      userName: row.user_name,
      action: row.action,
      detail: row.detail,
    })),
    nextBefore: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The names of the users an audit page's details name by id (at most one page's worth, so a short IN list). */
export async function userNames(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
  const rows = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM users WHERE id IN (${placeholders})`,
    [...ids],
  );
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}
