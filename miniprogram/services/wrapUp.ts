/** Unfinished wrap-ups: the history tab badge, and which returned call a newly opened page should offer. */

import { badgeText, BADGE_WINDOW_CALLS, countAwaitingWrapUp, FRESH_RETURN_MS, needsWrapUp } from '../core/wrapUp';
import { CallRecord } from '../core/callRecord';
import { listCalls } from './callLog';

/** The history tab in app.json's tabBar list. */
export const HISTORY_TAB_INDEX = 2;

/** Calls already shown in a wrap-up sheet in this run of the app, so none is offered twice. */
const offered = new Set<string>();

export function markOffered(callId: string): void {
  offered.add(callId);
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
  return listCalls(0, 3).records.find(
    (r) => needsWrapUp(r) && !offered.has(r.id) && r.returnedAt > 0 && now - r.returnedAt < FRESH_RETURN_MS,
  );
}
