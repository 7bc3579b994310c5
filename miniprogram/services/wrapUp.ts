/**
 * The wrap-up: saving one (outcome and note, then the callback, then the do-not-call entry), the history tab badge
 * of unfinished ones, and which returned call a newly opened page should offer.
 */

import {
  badgeText,
  BADGE_WINDOW_CALLS,
  countAwaitingWrapUp,
  FRESH_RETURN_MS,
  isCallbackOutcome,
  isDoNotCallOutcome,
  needsWrapUp,
  wrapUpProblem,
} from '../core/wrapUp';
import { CallRecord } from '../core/callRecord';
import { CallChange, emitCallChange, onCallChange } from './callEvents';
import { addCallback } from './callbackStore';
import { listCalls, updateCall } from './callLog';
import { addDoNotCall } from './doNotCallStore';
import { queueTeamDnc } from './teamDncStore';
import { readStored, writeStored } from './storage';

/** The history tab in app.json's tabBar list. */
export const HISTORY_TAB_INDEX = 2;

/** Calls the agent skipped (or left by redialling), kept across cold starts so a skip sticks. */
export const SKIPPED_KEY = 'tccc.wrapUp.skipped';

/** Only the newest few calls are ever offered after a start, so a short list is enough. */
const SKIPPED_KEPT = 10;

/** The callback time (0 when none was picked), and whether to put the number on the do-not-call list. */
export interface WrapUpFollowUp {
  dueAt: number;
  addToDoNotCall: boolean;
}

/** What the agent chose for one call. */
export interface WrapUpChoice {
  outcome: string;
  /** Saved trimmed. */
  note: string;
  /** The wrap-up sheet's follow-ups. Without them (the detail page) only the code and the note change, unchecked. */
  followUp?: WrapUpFollowUp;
}

/** A save that stopped says why; one that went ahead may still carry a follow-up's failure to show. */
export type WrapUpResult = { ok: true; record: CallRecord; warning: string } | { ok: false; message: string };

/** The sheet's follow-ups after the outcome is stored: the callback, then the do-not-call entry; '' or a warning. */
function saveFollowUps(record: CallRecord, outcome: string, followUp: WrapUpFollowUp, now: number): string {
  let warning = '';
  if (isCallbackOutcome(outcome)) {
    const { phone, name, contactId } = record;
    const added = addCallback({ phone, name, callId: record.id, contactId, dueAt: followUp.dueAt }, now);
    if (!added.ok) warning = added.message;
  }
  if (followUp.addToDoNotCall && isDoNotCallOutcome(outcome) && record.phone !== '') {
    addDoNotCall(record.phone, outcome, now);
    // With a team server bound, the whole team stops calling this number too.
    queueTeamDnc(record.phone, outcome, now);
  }
  return warning;
}

/**
 * Saves a wrap-up: checks it (with follow-ups), writes the outcome and note, then books the callback, then adds
 * the number to the do-not-call list. The call feed hears a wrap-up (sheet) or an edit (detail page).
 */
export function saveWrapUp(record: CallRecord, choice: WrapUpChoice, now: number = Date.now()): WrapUpResult {
  const { outcome, followUp } = choice;
  if (followUp !== undefined) {
    const problem = wrapUpProblem({ outcome, dueAt: followUp.dueAt, now, hasPhone: record.phone !== '' });
    if (problem !== undefined) return { ok: false, message: problem };
  }
  const note = choice.note.trim();
  const saved = updateCall(record.id, (stored) => ({ ...stored, outcome, note }));
  if (saved === undefined) return { ok: false, message: '保存失败，存储空间可能已满' };
  const warning = followUp === undefined ? '' : saveFollowUps(record, outcome, followUp, now);
  emitCallChange({ kind: followUp === undefined ? 'edit' : 'wrap-up', calls: [saved] });
  return { ok: true, record: saved, warning };
}

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

let badgeTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The badge follows the call feed: once per turn, after the writes (a return's onShow and a wrap-up's save stay
 * as quick as they were). A placed call needs no wrap-up yet, so it changes nothing.
 */
function refreshBadgeOnChange(change: CallChange): void {
  if (change.kind === 'append' || change.kind === 'jump' || badgeTimer !== undefined) return;
  badgeTimer = setTimeout(() => {
    badgeTimer = undefined;
    refreshWrapUpBadge();
  }, 0);
}

// For the app's whole life, from the first import (app.ts imports this first): no off to pair.
onCallChange(refreshBadgeOnChange);

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
