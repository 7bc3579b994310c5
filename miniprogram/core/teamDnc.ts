/** The phone's copy of the team's do-not-call list: incremental changes applied, expiry checked. No wx here. */

export const TEAM_DNC_SCHEMA = 1;
/** Entries kept at most: stored as short arrays (about 50 bytes each), the key stays near 500 KB, under WeChat's 1 MB. */
export const TEAM_DNC_MAX = 10_000;

export interface TeamDncEntry {
  /** Dial form, as the server keeps it. */
  phone: string;
  reason: string;
  /** Epoch ms; null: no expiry. */
  expiresAt: number | null;
  addedAt: number;
}

export interface TeamDncCopy {
  v: typeof TEAM_DNC_SCHEMA;
  /** The server the copy came from: another server's list is never mixed in. */
  serverUrl: string;
  /** The change sequence the copy is complete up to (what to send as `since`). */
  seq: number;
  entries: TeamDncEntry[];
  /** Entries left out because the list passed TEAM_DNC_MAX (oldest first); 0 normally. */
  dropped: number;
}

/** What GET /api/dnc answers. */
export interface TeamDncChanges {
  entries: TeamDncEntry[];
  removed: string[];
  seq: number;
  more: boolean;
  reset: boolean;
}

export function emptyTeamDnc(serverUrl: string): TeamDncCopy {
  return { v: TEAM_DNC_SCHEMA, serverUrl, seq: 0, entries: [], dropped: 0 };
}

type StoredEntry = [string, string, number, number];

/** The stored form: arrays, not objects, to halve the bytes. */
export function encodeTeamDnc(copy: TeamDncCopy): unknown {
  return {
    v: copy.v,
    serverUrl: copy.serverUrl,
    seq: copy.seq,
    dropped: copy.dropped,
    e: copy.entries.map((e): StoredEntry => [e.phone, e.reason, e.expiresAt ?? 0, e.addedAt]),
  };
}

function storedEntry(item: unknown): TeamDncEntry | null {
  if (!Array.isArray(item)) return null;
  const [phone, reason, expiresAt, addedAt] = item as unknown[];
  if (typeof phone !== 'string' || phone === '' || typeof addedAt !== 'number') return null;
  return {
    phone,
    reason: typeof reason === 'string' ? reason : '',
    expiresAt: typeof expiresAt === 'number' && expiresAt > 0 ? expiresAt : null,
    addedAt,
  };
}

/** Reads a stored copy; anything unreadable is no copy (the next sync downloads the list again from 0). */
export function decodeTeamDnc(stored: unknown): TeamDncCopy | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const s = stored as { v?: unknown; serverUrl?: unknown; seq?: unknown; dropped?: unknown; e?: unknown };
  if (s.v !== TEAM_DNC_SCHEMA || typeof s.serverUrl !== 'string' || typeof s.seq !== 'number' || !Array.isArray(s.e)) {
    return null;
  }
  const entries = (s.e as unknown[]).map(storedEntry).filter((e): e is TeamDncEntry => e !== null);
  return { v: TEAM_DNC_SCHEMA, serverUrl: s.serverUrl, seq: s.seq, entries, dropped: Number(s.dropped) || 0 };
}

function answerEntry(item: unknown): TeamDncEntry | null {
  const e = item as Partial<Record<keyof TeamDncEntry, unknown>> | null;
  if (typeof e?.phone !== 'string' || e.phone === '') return null;
  return {
    phone: e.phone,
    reason: typeof e.reason === 'string' ? e.reason : '',
    expiresAt: typeof e.expiresAt === 'number' ? e.expiresAt : null,
    addedAt: typeof e.addedAt === 'number' ? e.addedAt : 0,
  };
}

/** Reads one GET /api/dnc answer; null when it is not one (nothing is applied from a garbled answer). */
export function readTeamDncChanges(data: unknown): TeamDncChanges | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<Record<keyof TeamDncChanges, unknown>>;
  if (typeof d.seq !== 'number' || !Array.isArray(d.entries) || !Array.isArray(d.removed)) return null;
  const entries = (d.entries as unknown[]).map(answerEntry);
  if (entries.some((e) => e === null)) return null;
  const removed = (d.removed as unknown[]).filter((p): p is string => typeof p === 'string');
  return { entries: entries as TeamDncEntry[], removed, seq: d.seq, more: d.more === true, reset: d.reset === true };
}

/** The copy with one answer applied: removals out, entries in (a changed one replaces the old), seq moved on. */
export function applyTeamDncChanges(copy: TeamDncCopy, changes: TeamDncChanges): TeamDncCopy {
  if (changes.reset) return emptyTeamDnc(copy.serverUrl);
  const gone = new Set([...changes.removed, ...changes.entries.map((e) => e.phone)]);
  const entries = [...copy.entries.filter((e) => !gone.has(e.phone)), ...changes.entries];
  const over = Math.max(0, entries.length - TEAM_DNC_MAX);
  return {
    v: TEAM_DNC_SCHEMA,
    serverUrl: copy.serverUrl,
    seq: changes.seq,
    entries: entries.slice(over),
    dropped: copy.dropped + over,
  };
}

/** Whether an entry blocks now (an expired one no longer does). */
export function isTeamEntryActive(entry: TeamDncEntry, now: number): boolean {
  return entry.expiresAt === null || entry.expiresAt > now;
}
