/** People and their sessions: users by role, password sign-in, agent bind codes, opaque revocable sessions. */

import type { Db, Queryable } from './db';
import { hashPassword, newBindCode, newToken, normalizeBindCode, tokenHash, verifyPassword } from './secrets';

export type Role = 'agent' | 'supervisor' | 'admin';
export type SessionKind = 'agent' | 'web';

export interface Principal {
  userId: number;
  role: Role;
  name: string;
  seatUserId: string | null;
  sessionKind: SessionKind;
  tokenHash: string;
  csrfHash: string | null;
}

export const AGENT_SESSION_MS = 30 * 24 * 3600 * 1000;
export const WEB_SESSION_MS = 12 * 3600 * 1000;
export const BIND_CODE_MS = 24 * 3600 * 1000;

interface UserRow {
  id: number;
  role: Role;
  name: string;
  seat_user_id: string | null;
  password_hash: string | null;
  disabled: boolean;
}

/** Creates the first admin from ADMIN_PASSWORD when no admin exists yet (username "admin"). */
export async function ensureAdmin(db: Db, password: string, now: number): Promise<void> {
  const rows = await db.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
  if (rows.length > 0) return;
  const hash = await hashPassword(password);
  await db.query(
    `INSERT INTO users (role, name, username, password_hash, created_at) VALUES ('admin', '管理员', 'admin', $1, $2)
     ON CONFLICT (username) DO NOTHING`,
    [hash, now],
  );
}

export async function createStaff(
  db: Queryable,
  input: { username: string; name: string; password: string; role: 'supervisor' | 'admin' },
  now: number,
): Promise<number | null> {
  const hash = await hashPassword(input.password);
  const rows = await db.query<{ id: number }>(
    `INSERT INTO users (role, name, username, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [input.role, input.name, input.username, hash, now],
  );
  return rows[0]?.id ?? null;
}

/** Null when that seat already belongs to another agent. */
export async function createAgent(
  db: Queryable,
  input: { name: string; seatUserId: string },
  now: number,
): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO users (role, name, seat_user_id, created_at) VALUES ('agent', $1, $2, $3)
     ON CONFLICT (seat_user_id) DO NOTHING RETURNING id`,
    [input.name, input.seatUserId, now],
  );
  return rows[0]?.id ?? null;
}

/** Checks a password; the same work is done for unknown users so timing does not reveal who exists. */
export async function checkPassword(db: Queryable, username: string, password: string): Promise<UserRow | null> {
  const [user] = await db.query<UserRow>(
    `SELECT id, role, name, seat_user_id, password_hash, disabled FROM users
     WHERE username = $1 AND role IN ('supervisor', 'admin')`,
    [username],
  );
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return ok && user !== undefined && !user.disabled ? user : null;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface NewSession {
  token: string;
  csrfToken: string | null;
  expiresAt: number;
}

export async function createSession(
  db: Queryable,
  userId: number,
  kind: SessionKind,
  now: number,
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = kind === 'web' ? newToken() : null;
  const expiresAt = now + (kind === 'web' ? WEB_SESSION_MS : AGENT_SESSION_MS);
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, kind, csrf_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tokenHash(token), userId, kind, csrfToken === null ? null : tokenHash(csrfToken), now, expiresAt],
  );
  return { token, csrfToken, expiresAt };
}

/** The live session behind a token: not expired, not revoked, its user not disabled. */
export async function findSession(
  db: Queryable,
  token: string,
  kind: SessionKind,
  now: number,
): Promise<Principal | null> {
  const hash = tokenHash(token);
  const [row] = await db.query<UserRow & { csrf_hash: string | null }>(
    `SELECT u.id, u.role, u.name, u.seat_user_id, u.disabled, s.csrf_hash FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND NOT u.disabled`,
    [hash, kind, now],
  );
  if (row === undefined) return null;
  return {
    userId: row.id,
    role: row.role,
    name: row.name,
    seatUserId: row.seat_user_id,
    sessionKind: kind,
    tokenHash: hash,
    csrfHash: row.csrf_hash,
  };
}

export async function revokeSession(db: Queryable, hash: string, now: number): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [hash, now]);
}

/** Disables a user and revokes every session they hold, at once. */
export async function disableUser(db: Db, userId: number, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query('UPDATE users SET disabled = true WHERE id = $1 RETURNING id', [userId]);
    await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
    return rows.length > 0;
  });
}

/** Roles that may bind a phone: agents make calls, supervisors read the team from their phone. */
export type PhoneRole = 'agent' | 'supervisor';

/** Issues a fresh single-use code for a user of `role`; any older unused code of theirs stops working. */
export async function issueBindCode(
  db: Db,
  agentId: number,
  now: number,
  role: PhoneRole = 'agent',
): Promise<{ code: string; expiresAt: number } | null> {
  return db.transaction(async (tx) => {
    const agents = await tx.query('SELECT 1 FROM users WHERE id = $1 AND role = $2 AND NOT disabled', [agentId, role]);
    if (agents.length === 0) return null;
    await tx.query('DELETE FROM bind_codes WHERE user_id = $1 AND used_at IS NULL', [agentId]);
    const code = newBindCode();
    const expiresAt = now + BIND_CODE_MS;
    await tx.query('INSERT INTO bind_codes (code_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      tokenHash(code),
      agentId,
      expiresAt,
    ]);
    return { code, expiresAt };
  });
}

/** Spends a bind code on an openid: binds it to the code's agent. Null when the code is unknown, used or expired. */
export async function redeemBindCode(db: Db, bindCode: string, openid: string, now: number): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ user_id: number }>(
      `UPDATE bind_codes SET used_at = $2 FROM users u
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 AND u.id = bind_codes.user_id AND NOT u.disabled
       RETURNING bind_codes.user_id`,
      [tokenHash(normalizeBindCode(bindCode)), now],
    );
    if (row === undefined) return null;
    await tx.query(
      `INSERT INTO wx_identities (openid, user_id, bound_at) VALUES ($1, $2, $3)
       ON CONFLICT (openid) DO UPDATE SET user_id = EXCLUDED.user_id, bound_at = EXCLUDED.bound_at`,
      [openid, row.user_id, now],
    );
    return row.user_id;
  });
}

/** Who a bound phone belongs to (an active agent or supervisor), with the role the phone shows. */
export async function phoneUserForOpenid(
  db: Queryable,
  openid: string,
): Promise<{ id: number; role: PhoneRole; name: string } | null> {
  const [row] = await db.query<{ id: number; role: PhoneRole; name: string }>(
    `SELECT u.id, u.role, u.name FROM wx_identities w JOIN users u ON u.id = w.user_id
     WHERE w.openid = $1 AND u.role IN ('agent', 'supervisor') AND NOT u.disabled`,
    [openid],
  );
  return row ?? null;
}

export async function writeAudit(
  db: Queryable,
  userId: number,
  action: string,
  detail: string,
  now: number,
): Promise<void> {
  await db.query('INSERT INTO audit_log (user_id, action, detail, at) VALUES ($1, $2, $3, $4)', [
    userId,
    action,
    detail,
    now,
  ]);
}
