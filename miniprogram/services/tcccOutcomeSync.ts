/**
 * Where TCCC's outcomes come from: after a call comes back, the phone asks GET /api/calls/status for a short while
 * (the CDR push usually lands within seconds); the outbox's batch answers feed the same store.
 */

import { CallRecord } from '../core/callRecord';
import { readServerStatuses, ServerCallStatus } from '../core/tcccOutcome';
import { CallChange, onCallChange } from './callEvents';
import { onBatchAnswered } from './outbox';
import { recordTcccStatuses, tcccOutcomeOf } from './tcccOutcome';
import { teamRequest } from './teamRequest';
import { isSessionUsable, readTeamSession } from './teamSession';

/** Asked every few seconds for two minutes after a return; later the outbox's answers or the next poll bring it. */
export const POLL_EVERY_MS = 5_000;
export const POLL_FOR_MS = 120_000;
/** The server answers at most this many ids per request. */
const IDS_PER_REQUEST = 50;

/** Call id → when to stop asking. */
const watched = new Map<string, number>();
let timer: ReturnType<typeof setTimeout> | undefined;
let polling = false;

function placed(call: CallRecord): boolean {
  return call.state === 'connected' || call.state === 'placed-not-connected' || call.state === 'no-result';
}

function schedule(): void {
  if (timer !== undefined || watched.size === 0) return;
  timer = setTimeout(() => {
    timer = undefined;
    void pollTcccOutcomes();
  }, POLL_EVERY_MS);
}

/** Starts asking about these calls (an agent's session only: the route is for a phone's own calls). */
export function watchTcccOutcomes(ids: readonly string[], now: number = Date.now()): void {
  const session = readTeamSession();
  if (!isSessionUsable(session, now) || session.user.role !== 'agent') return;
  for (const id of ids) if (tcccOutcomeOf(id) === undefined) watched.set(id, now + POLL_FOR_MS);
  schedule();
}

/** One round: asks about every watched call still in its window; stops for good on a lost or refused session. */
export async function pollTcccOutcomes(now: number = Date.now()): Promise<void> {
  if (polling) return;
  polling = true;
  try {
    for (const [id, until] of watched) if (until <= now || tcccOutcomeOf(id) !== undefined) watched.delete(id);
    const ids = [...watched.keys()];
    for (let start = 0; start < ids.length; start += IDS_PER_REQUEST) {
      const chunk = ids.slice(start, start + IDS_PER_REQUEST);
      const answer = await teamRequest<unknown>('GET', `/api/calls/status?ids=${chunk.join(',')}`);
      if (!answer.ok) {
        // No session, expired, refused: asking again cannot help. Offline or a server error: the next round may.
        if (answer.kind === 'no-session' || answer.kind === 'expired' || answer.status === 403) watched.clear();
        break;
      }
      for (const id of recordTcccStatuses(readServerStatuses(answer.data), now)) watched.delete(id);
    }
  } finally {
    polling = false;
    schedule();
  }
}

/** Tests: nothing watched, no timer. */
export function stopTcccOutcomePolling(): void {
  watched.clear();
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function watchReturned(change: CallChange): void {
  if (change.kind !== 'result') return;
  const ids = change.calls.filter(placed).map((call) => call.id);
  if (ids.length > 0) watchTcccOutcomes(ids);
}

/** The outbox's batch answers carry each call's joined status: kept, and those calls need no more asking. */
function keepBatchStatuses(statuses: readonly ServerCallStatus[]): void {
  for (const id of recordTcccStatuses(statuses)) watched.delete(id);
}

// For the app's whole life, from the first import (app.ts imports this first): no off to pair.
onCallChange(watchReturned);
onBatchAnswered(keepBatchStatuses);
