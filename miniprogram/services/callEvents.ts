/** The one call-change feed: every write to the call log says here which calls changed and how; views listen. */

import { CallRecord } from '../core/callRecord';

/**
 * How calls changed:
 * - append: a call is newly kept (a tap's call before the jump, or a result that matched none of ours);
 * - jump: the jump to TCCC went ahead, or was cancelled or failed;
 * - result: calls came back from TCCC, with their result or marked no-result;
 * - wrap-up: the wrap-up sheet saved an outcome and note;
 * - edit: the detail page changed an outcome or note;
 * - tccc: TCCC's true outcome (from the team server) arrived for these calls; the records themselves are unchanged;
 * - quarantine: damaged call data was set aside (which calls is not known: calls is empty);
 * - clear: every call was removed (settings → clear data; calls is empty).
 */
export type CallChangeKind = 'append' | 'jump' | 'result' | 'wrap-up' | 'edit' | 'tccc' | 'quarantine' | 'clear';

export interface CallChange {
  kind: CallChangeKind;
  /** The changed calls as they are now stored. */
  calls: readonly CallRecord[];
}

export type CallChangeListener = (change: CallChange) => void;

const listeners = new Set<CallChangeListener>();

/** Listeners hear every change synchronously, in the order they subscribed; pair with offCallChange. */
export function onCallChange(listener: CallChangeListener): void {
  listeners.add(listener);
}

export function offCallChange(listener: CallChangeListener): void {
  listeners.delete(listener);
}

/** Called by the services that write calls, once the write is stored. */
export function emitCallChange(change: CallChange): void {
  for (const listener of [...listeners]) listener(change);
}

/** True when the change rewrote calls in place (their rows can be redrawn alone); else the list is read again. */
export function isInPlaceChange(change: CallChange): boolean {
  return change.kind === 'wrap-up' || change.kind === 'edit' || change.kind === 'tccc';
}
