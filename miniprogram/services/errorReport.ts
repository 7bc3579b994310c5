/** Script errors and unhandled rejections, scrubbed, to WeChat's realtime log and (when bound) the outbox. */

import { scrubErrorLine } from '../core/scrub';
import { enqueueError, flushOutbox } from './outbox';
import { isSessionUsable, readTeamSession } from './teamSession';

let started = false;

function appVersion(): string {
  try {
    return wx.getAccountInfoSync().miniProgram.version || 'develop';
  } catch {
    return '';
  }
}

function baseLibrary(): string {
  try {
    return wx.getSystemInfoSync().SDKVersion;
  } catch {
    return '';
  }
}

/** Reports one error; never throws (an error handler that fails would loop). */
export function reportError(error: unknown): void {
  try {
    const line = scrubErrorLine(error);
    wx.getRealtimeLogManager?.()?.error(line);
    const session = readTeamSession();
    if (session === null) return;
    enqueueError({ at: Date.now(), message: line, appVersion: appVersion(), baseLibrary: baseLibrary() });
    if (isSessionUsable(session)) void flushOutbox();
  } catch {
    // Nothing more can be done from inside the error path.
  }
}

function onRejection(result: { reason: unknown }): void {
  reportError(result.reason);
}

/** Listens to unhandled rejections (App.onError calls reportError itself); pair with stopErrorReporting. */
export function startErrorReporting(): void {
  if (started) return;
  started = true;
  wx.onUnhandledRejection?.(onRejection);
}

export function stopErrorReporting(): void {
  if (!started) return;
  started = false;
  wx.offUnhandledRejection?.(onRejection);
}
