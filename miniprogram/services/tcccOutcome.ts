/** Keeps TCCC's true outcome per call (from the team server) in storage, and tells the call feed when one arrives. */

import { readTcccOutcome, ServerCallStatus, TCCC_OUTCOME_SCHEMA, TcccOutcome } from '../core/tcccOutcome';
import { emitCallChange } from './callEvents';
import { findCall } from './callLog';
import { readStored, removeStored, writeStored } from './storage';

export const TCCC_OUTCOME_KEY = 'tccc.outcomes';
/** Outcomes kept at most (the newest); about 60 bytes each, so the key stays near 120 KB at most. */
export const TCCC_OUTCOME_MAX = 2000;

interface StoredOutcomes {
  v: typeof TCCC_OUTCOME_SCHEMA;
  byId: Record<string, TcccOutcome>;
}

/** Read once per app run; every write goes through here, so memory and storage agree. */
let memory: Map<string, TcccOutcome> | undefined;

function load(): Map<string, TcccOutcome> {
  if (memory !== undefined) return memory;
  const stored = readStored(TCCC_OUTCOME_KEY) as Partial<StoredOutcomes> | null;
  const byId = typeof stored?.byId === 'object' && stored.byId !== null ? stored.byId : {};
  memory = new Map();
  for (const [id, value] of Object.entries(byId)) {
    const outcome = readTcccOutcome(value);
    if (outcome !== null) memory.set(id, outcome);
  }
  return memory;
}

/** TCCC's outcome of a call, if the server has told it. */
export function tcccOutcomeOf(callId: string): TcccOutcome | undefined {
  return load().get(callId);
}

function same(a: TcccOutcome, b: Omit<TcccOutcome, 'at'>): boolean {
  return a.endStatus === b.endStatus && a.duration === b.duration && a.hasRecording === b.hasRecording;
}

/**
 * Keeps what is new, writes once, and tells the feed which calls got an outcome (views redraw just those rows).
 * Returns the ids that changed. A storage failure keeps the outcomes in memory for this run: the server has them.
 */
export function recordTcccStatuses(statuses: readonly ServerCallStatus[], now: number = Date.now()): string[] {
  const outcomes = load();
  const changed: string[] = [];
  for (const status of statuses) {
    if (status.tccc === null) continue;
    const next = {
      endStatus: status.tccc.endStatus,
      duration: status.tccc.duration,
      hasRecording: status.tccc.hasRecording,
    };
    const known = outcomes.get(status.id);
    if (known !== undefined && same(known, next)) continue;
    outcomes.delete(status.id);
    outcomes.set(status.id, { ...next, at: now });
    changed.push(status.id);
  }
  if (changed.length === 0) return changed;
  // Oldest first in the map (re-set entries move to the end): trim from the front.
  for (const id of outcomes.keys()) {
    if (outcomes.size <= TCCC_OUTCOME_MAX) break;
    outcomes.delete(id);
  }
  writeStored(TCCC_OUTCOME_KEY, { v: TCCC_OUTCOME_SCHEMA, byId: Object.fromEntries(outcomes) });
  const calls = changed.map((id) => findCall(id)).filter((call) => call !== undefined);
  if (calls.length > 0) emitCallChange({ kind: 'tccc', calls });
  return changed;
}

/** Settings → clear data, or unbinding: the outcomes belong to the team's calls. */
export function clearTcccOutcomes(): void {
  memory = new Map();
  removeStored(TCCC_OUTCOME_KEY);
}

/** Tests and a cold start: the next read comes from storage. */
export function forgetTcccOutcomeMemory(): void {
  memory = undefined;
}
