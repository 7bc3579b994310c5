/** Unfinished wrap-ups: the history tab badge, and which returned call a newly opened page should offer. */

import { badgeText, BADGE_WINDOW_CALLS, countAwaitingWrapUp, FRESH_RETURN_MS, needsWrapUp } from '../core/wrapUp';
import { CallRecord } from '../core/callRecord';
import { listCalls } from './callLog';
import { readStored, writeStored } from './storage';

/** The history tab in app.json's tabBar list. */
export const HISTORY_TAB_INDEX = 2;

/** Calls the agent skipped (or left by redialling), kept across cold starts so a skip sticks. */
export const SKIPPED_KEY = 'tccc.wrapUp.skipped';

/** Only the newest few calls are ever offered after a start, so a short list is enough. */
const SKIPPED_KEPT = 10;

/** Calls already shown in a wrap-up sheet in this run of the app, so none is offered twice. */
const offered = new Set<string>();

export function markOffered(callId: string): void {
  offered.add(callId);
}

function skippedIds(): string[] {
  const stored = readStored(SKIPPED_KEY);
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * The agent closed the sheet without saving: memory does not survive a cold start, so the skip is stored.
 * A failed write only means the sheet may be offered once more; nothing of the call is lost.
 */
export function markSkipped(callId: string): void {
  offered.add(callId);
  const kept = skippedIds().filter((id) => id !== callId);
  writeStored(SKIPPED_KEY, [callId, ...kept].slice(0, SKIPPED_KEPT));
}

/** Returned calls with no outcome among the recent ones. */
export function countUnfinishedWrapUps(now: number = Date.now()): number {
  return countAwaitingWrapUp(listCalls(0, BADGE_WINDOW_CALLS).records, now);
}

/** Shows the count on the history tab, or removes the badge; a non-tab page simply leaves it for the next refresh. */
export function refreshWrapUpBadge(now: number = Date.now()): number {
  const count = countUnfinishedWrapUps(now);
  const text = badgeText(count);
  const ignore = () => undefined;
  if (text === '') wx.removeTabBarBadge({ index: HISTORY_TAB_INDEX, fail: ignore });
  else wx.setTabBarBadge({ index: HISTORY_TAB_INDEX, text, fail: ignore });
  return count;
}

/**
 * A call that came back moments ago, was never offered, and needs a wrap-up: after a cold start the result
 * arrives before any page listens, so the first page to open offers it.
 */
export function freshReturnToOffer(now: number = Date.now()): CallRecord | undefined {
  const fresh = listCalls(0, 3).records.filter(
    (r) => needsWrapUp(r) && !offered.has(r.id) && r.returnedAt > 0 && now - r.returnedAt < FRESH_RETURN_MS,
  );
  if (fresh.length === 0) return undefined;
  const skipped = skippedIds();
  return fresh.find((r) => !skipped.includes(r.id));
}
