/**
 * The team's do-not-call list on the phone: the last downloaded copy (blocking works offline from it), incremental
 * download on show, and a small queue of its own that sends a 勿扰 chosen here to the server (POST /api/dnc).
 */

import { parsePhoneNumber } from '../core/phoneNumber';
import {
  applyTeamDncChanges,
  decodeTeamDnc,
  emptyTeamDnc,
  encodeTeamDnc,
  isTeamEntryActive,
  readTeamDncChanges,
  TeamDncCopy,
  TeamDncEntry,
} from '../core/teamDnc';
import { readStored, removeStored, writeStored } from './storage';
import { teamRequest } from './teamRequest';
import { isSessionUsable, onTeamSessionChange, readTeamSession, TeamSession } from './teamSession';

export const TEAM_DNC_KEY = 'tccc.teamDnc';
export const TEAM_DNC_QUEUE_KEY = 'tccc.teamDncQueue';
const QUEUE_SCHEMA = 1;
/** A 勿扰 waits at most this many in the queue (oldest go first); a phone offline for weeks is not a reason to fill storage. */
export const TEAM_DNC_QUEUE_MAX = 200;
/** Pages of changes asked for in one sync; a larger backlog continues at the next show. */
const MAX_PAGES = 20;

interface QueuedDnc {
  phone: string;
  reason: string;
  at: number;
}

/** The copy and its lookup, read once per app run; undefined: not read yet. */
let memory: { copy: TeamDncCopy; byPhone: Map<string, TeamDncEntry> } | null | undefined;
let syncing: Promise<SyncReport> | undefined;

function remember(copy: TeamDncCopy | null): void {
  memory = copy === null ? null : { copy, byPhone: new Map(copy.entries.map((e) => [e.phone, e])) };
}

function loaded(): { copy: TeamDncCopy; byPhone: Map<string, TeamDncEntry> } | null {
  if (memory === undefined) remember(decodeTeamDnc(readStored(TEAM_DNC_KEY)));
  return memory ?? null;
}

/** The team's entry blocking this number now (dial form), if any. */
export function findTeamDoNotCall(dial: string, now: number = Date.now()): TeamDncEntry | undefined {
  const entry = loaded()?.byPhone.get(dial);
  return entry !== undefined && isTeamEntryActive(entry, now) ? entry : undefined;
}

/** Every number the team blocks now, for marking many rows with one read. */
export function teamDoNotCallNumbers(now: number = Date.now()): string[] {
  return (loaded()?.copy.entries ?? []).filter((e) => isTeamEntryActive(e, now)).map((e) => e.phone);
}

export function countTeamDoNotCall(now: number = Date.now()): number {
  return teamDoNotCallNumbers(now).length;
}

export type SyncReport =
  { ok: true; seq: number; entries: number; pages: number } | { ok: false; message: string; skipped?: boolean };

async function download(session: TeamSession): Promise<SyncReport> {
  const held = loaded()?.copy;
  let copy = held !== undefined && held.serverUrl === session.serverUrl ? held : emptyTeamDnc(session.serverUrl);
  let pages = 0;
  let failure: SyncReport | undefined;
  while (pages < MAX_PAGES) {
    const answer = await teamRequest<unknown>('GET', `/api/dnc?since=${copy.seq}`);
    pages += 1;
    if (!answer.ok) {
      failure = { ok: false, message: answer.message };
      break;
    }
    const changes = readTeamDncChanges(answer.data);
    if (changes === null) {
      failure = { ok: false, message: '团队勿扰名单的数据无法读取，稍后再试' };
      break;
    }
    copy = applyTeamDncChanges(copy, changes);
    if (!changes.more) break;
  }
  // What arrived is kept even when a later page failed: each page leaves the copy complete up to its seq.
  if (copy !== held) {
    writeStored(TEAM_DNC_KEY, encodeTeamDnc(copy));
    remember(copy);
  }
  return failure ?? { ok: true, seq: copy.seq, entries: copy.entries.length, pages };
}

/** Sends what waits, then downloads what changed since the copy's seq. One sync at a time; needs a live session. */
export function syncTeamDnc(now: number = Date.now()): Promise<SyncReport> {
  if (syncing !== undefined) return syncing;
  const session = readTeamSession();
  if (!isSessionUsable(session, now)) return Promise.resolve({ ok: false, message: '', skipped: true });
  syncing = (async () => {
    try {
      await flushTeamDncQueue();
      return await download(session);
    } finally {
      syncing = undefined;
    }
  })();
  return syncing;
}

function readQueue(): QueuedDnc[] {
  const stored = readStored(TEAM_DNC_QUEUE_KEY) as { v?: unknown; items?: unknown } | null;
  if (stored?.v !== QUEUE_SCHEMA || !Array.isArray(stored.items)) return [];
  return (stored.items as Partial<QueuedDnc>[]).filter(
    (i): i is QueuedDnc => typeof i.phone === 'string' && typeof i.reason === 'string' && typeof i.at === 'number',
  );
}

function writeQueue(items: QueuedDnc[]): void {
  if (items.length === 0) removeStored(TEAM_DNC_QUEUE_KEY);
  else writeStored(TEAM_DNC_QUEUE_KEY, { v: QUEUE_SCHEMA, items });
}

/** Queues a 勿扰 (or 空号) chosen on this phone for the team, when a server is bound; sends it at once if it can. */
export function queueTeamDnc(phone: string, reason: string, now: number = Date.now()): boolean {
  if (readTeamSession() === null) return false;
  const parsed = parsePhoneNumber(phone);
  if (!parsed.ok) return false;
  const dial = parsed.phone.dial;
  const items = [...readQueue().filter((i) => i.phone !== dial), { phone: dial, reason, at: now }];
  writeQueue(items.slice(Math.max(0, items.length - TEAM_DNC_QUEUE_MAX)));
  void flushTeamDncQueue();
  return true;
}

export function pendingTeamDnc(): number {
  return readQueue().length;
}

/** The flush under way; a flush asked for meanwhile runs again right after it (the network may be back). */
let flushRun: Promise<void> | undefined;
let flushAgain = false;

async function flushOnce(): Promise<void> {
  if (!isSessionUsable(readTeamSession())) return;
  for (const item of readQueue()) {
    const answer = await teamRequest<unknown>('POST', '/api/dnc', { phone: item.phone, reason: item.reason });
    // A 400 is a number the server will never take: kept on this phone's own list, dropped from the queue.
    const settled = answer.ok || (answer.kind === 'refused' && answer.status === 400);
    if (!settled) break;
    writeQueue(readQueue().filter((i) => i.phone !== item.phone || i.at !== item.at));
  }
}

/** Sends queued entries in order; stops at the first that cannot go now (offline, server down), keeping the rest. */
export function flushTeamDncQueue(): Promise<void> {
  if (flushRun !== undefined) {
    flushAgain = true;
    return flushRun;
  }
  flushRun = (async () => {
    try {
      do {
        flushAgain = false;
        await flushOnce();
      } while (flushAgain);
    } finally {
      flushRun = undefined;
    }
  })();
  return flushRun;
}

/** Another server or no server: the old team's copy no longer applies. A new session downloads its list. */
function followSession(session: TeamSession | null): void {
  const copy = loaded()?.copy;
  if (copy !== undefined && (session === null || session.serverUrl !== copy.serverUrl)) clearTeamDnc();
  if (session !== null && !session.expired) void syncTeamDnc();
}

/** Unbinding or settings → clear data. */
export function clearTeamDnc(): void {
  removeStored(TEAM_DNC_KEY);
  remember(null);
}

/** Tests and a cold start: the next lookup reads storage. */
export function forgetTeamDncMemory(): void {
  memory = undefined;
  syncing = undefined;
  flushRun = undefined;
  flushAgain = false;
}

// For the app's whole life, from the first import: no off to pair.
onTeamSessionChange(followSession);
