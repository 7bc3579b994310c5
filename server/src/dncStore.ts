/** The team's do-not-call list: upserts and tombstones under one change sequence, incremental reads, admin search. */

import { maskPhone, parsePhoneNumber } from '../../miniprogram/core/phoneNumber';
import type { Queryable } from './db';

/** A number in the phone app's dial form, or null when it is not a phone number. */
export function dncDialForm(phone: string): string | null {
  const parsed = parsePhoneNumber(phone);
  return parsed.ok ? parsed.phone.dial : null;
}

export interface DncInput {
  /** Dial form (dncDialForm). */
  phone: string;
  reason: string;
  /** Epoch ms; null for no expiry. */
  expiresAt: number | null;
}

export type DncWriteMode =
  /** An admin's add or import: sets reason and expiry, revives a removed entry. */
  | 'admin'
  /** A phone's 勿扰: adds or revives, never overwrites a live entry's reason or expiry. */
  | 'phone';

export interface DncWriteReport {
  added: number;
  updated: number;
  unchanged: number;
  /** The change sequence after the write. */
  seq: number;
}

/**
 * Writers take this lock before drawing sequence numbers, so numbers commit in order: a phone that has read up to
 * seq N can never later miss a change numbered below N. Readers are not blocked.
 */
async function lockForChange(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE dnc_entries IN SHARE ROW EXCLUSIVE MODE');
}

export async function currentSeq(db: Queryable): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM dnc_entries');
  return row?.seq ?? 0;
}

const CHUNK = 500;

/** Adds or refreshes entries (one row per number: the last of duplicates wins). Call inside a transaction. */
export async function writeDncEntries(
  tx: Queryable,
  entries: readonly DncInput[],
  mode: DncWriteMode,
  userId: number,
  now: number,
): Promise<DncWriteReport> {
  await lockForChange(tx);
  const unique = [...new Map(entries.map((entry) => [entry.phone, entry])).values()];
  const report: DncWriteReport = { added: 0, updated: 0, unchanged: 0, seq: 0 };
  const revive = `dnc_entries.deleted_at IS NOT NULL OR (dnc_entries.expires_at IS NOT NULL AND dnc_entries.expires_at <= $1)`;
  const when =
    mode === 'phone'
      ? revive
      : `${revive} OR dnc_entries.reason IS DISTINCT FROM EXCLUDED.reason OR dnc_entries.expires_at IS DISTINCT FROM EXCLUDED.expires_at`;
  for (let start = 0; start < unique.length; start += CHUNK) {
    const chunk = unique.slice(start, start + CHUNK);
    const params: unknown[] = [now, userId];
    const tuples = chunk.map((entry) => {
      params.push(entry.phone, entry.reason, entry.expiresAt);
      const n = params.length;
      return `($${n - 2}, $${n - 1}, $${n}::bigint, $2::bigint, $1::bigint, nextval('dnc_change_seq'))`;
    });
    const rows = await tx.query<{ inserted: boolean }>(
      `INSERT INTO dnc_entries (phone, reason, expires_at, created_by, created_at, seq) VALUES ${tuples.join(', ')}
       ON CONFLICT (phone) DO UPDATE SET reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at,
         created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, deleted_by = NULL, deleted_at = NULL,
         seq = EXCLUDED.seq
       WHERE ${when}
       RETURNING (xmax = 0) AS inserted`,
      params,
    );
    const added = rows.filter((row) => row.inserted).length;
    report.added += added;
    report.updated += rows.length - added;
    report.unchanged += chunk.length - rows.length;
  }
  report.seq = await currentSeq(tx);
  return report;
}

/** Marks an entry removed (a tombstone phones download): its new seq, or null when no live entry has that id. */
export async function removeDncEntry(tx: Queryable, id: number, userId: number, now: number): Promise<number | null> {
  await lockForChange(tx);
  const rows = await tx.query<{ seq: number }>(
    `UPDATE dnc_entries SET deleted_at = $3, deleted_by = $2, seq = nextval('dnc_change_seq')
     WHERE id = $1 AND deleted_at IS NULL RETURNING seq`,
    [id, userId, now],
  );
  return rows[0]?.seq ?? null;
}

export interface DncChange {
  /** Dial form: the phone blocks by it. */
  phone: string;
  reason: string;
  expiresAt: number | null;
  addedAt: number;
}

export interface DncChanges {
  /** Entries added or changed since `since` (expired ones included with their expiry: the phone checks it). */
  entries: DncChange[];
  /** Numbers removed since `since`. */
  removed: string[];
  /** What to send as `since` next time. */
  seq: number;
  /** More changes wait: ask again with `seq` at once. */
  more: boolean;
  /** The phone's `since` is ahead of the server (a restored database): drop the copy and download from 0. */
  reset: boolean;
}

/** Changes after `since`; from 0 the live list only (a new phone needs no tombstones). */
export async function dncChangesSince(db: Queryable, since: number, limit: number): Promise<DncChanges> {
  const latest = await currentSeq(db);
  if (since > latest) return { entries: [], removed: [], seq: 0, more: true, reset: true };
  const rows = await db.query<{
    phone: string;
    reason: string;
    expires_at: number | null;
    created_at: number;
    deleted_at: number | null;
    seq: number;
  }>(
    `SELECT phone, reason, expires_at, created_at, deleted_at, seq FROM dnc_entries
     WHERE seq > $1 AND ($1 > 0 OR deleted_at IS NULL) ORDER BY seq LIMIT $2`,
    [since, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page
      .filter((row) => row.deleted_at === null)
      .map((row) => ({ phone: row.phone, reason: row.reason, expiresAt: row.expires_at, addedAt: row.created_at })),
    removed: page.filter((row) => row.deleted_at !== null).map((row) => row.phone),
    seq: more && last !== undefined ? last.seq : latest,
    more,
    reset: false,
  };
}

export interface DncListed {
  id: number;
  /** Masked (138****5678): managing the list never needs the digits on screen. */
  phone: string;
  reason: string;
  expiresAt: number | null;
  expired: boolean;
  createdAt: number;
  createdBy: string;
}

/** Live entries, newest first, searched by digits or reason text; the cursor is the last id seen. */
export async function searchDnc(
  db: Queryable,
  query: { q?: string; before?: number; limit: number },
  now: number,
): Promise<{ entries: DncListed[]; nextCursor: string | null }> {
  const params: unknown[] = [query.limit + 1];
  const where = ['d.deleted_at IS NULL'];
  if (query.q !== undefined && query.q !== '') {
    params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(/^[0-9]+$/.test(query.q) ? `d.phone LIKE $${params.length}` : `d.reason LIKE $${params.length}`);
  }
  if (query.before !== undefined) {
    params.push(query.before);
    where.push(`d.id < $${params.length}`);
  }
  const rows = await db.query<{
    id: number;
    phone: string;
    reason: string;
    expires_at: number | null;
    created_at: number;
    created_by: string;
  }>(
    `SELECT d.id, d.phone, d.reason, d.expires_at, d.created_at, u.name AS created_by
     FROM dnc_entries d JOIN users u ON u.id = d.created_by
     WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT $1`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((row) => ({
      id: row.id,
      phone: maskPhone(row.phone),
      reason: row.reason,
      expiresAt: row.expires_at,
      expired: row.expires_at !== null && row.expires_at <= now,
      createdAt: row.created_at,
      createdBy: row.created_by,
    })),
    nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null,
  };
}
