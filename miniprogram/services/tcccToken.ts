/**
 * A one-time TCCC login token fetched before the tap (page show, each return), so the tap can add it to TCCC's path
 * synchronously. Kept in memory only: never stored, never logged, dropped once used or stale.
 */

import { teamRequest } from './teamRequest';
import { isSessionUsable, readTeamSession } from './teamSession';

/** A prefetched token is used within this long (TCCC's own expiry is longer; a stale one is fetched again). */
export const TOKEN_FRESH_MS = 5 * 60_000;

interface HeldToken {
  token: string;
  /** Epoch ms after which the token is not handed out. */
  usableUntil: number;
}

let held: HeldToken | undefined;
let fetching: Promise<void> | undefined;
let started = false;

/** True while a token that may still be used is held. */
export function hasFreshTcccToken(now: number = Date.now()): boolean {
  return held !== undefined && held.usableUntil > now;
}

/** Fetches a token when bound and none is fresh; one fetch at a time. Failures leave the call to go without one. */
export function prefetchTcccToken(): Promise<void> {
  if (fetching !== undefined) return fetching;
  if (hasFreshTcccToken() || !isSessionUsable(readTeamSession())) return Promise.resolve();
  const askedAt = Date.now();
  fetching = teamRequest<{ token?: unknown; expiredTime?: unknown }>('POST', '/api/tccc/token', undefined, {
    timeoutMs: 10_000,
  })
    .then((answer) => {
      if (!answer.ok || typeof answer.data.token !== 'string' || answer.data.token === '') return;
      const expiresAt = typeof answer.data.expiredTime === 'number' ? answer.data.expiredTime * 1000 : Infinity;
      // A minute's margin before TCCC's expiry: the agent may wait on WeChat's confirmation.
      held = { token: answer.data.token, usableUntil: Math.min(askedAt + TOKEN_FRESH_MS, expiresAt - 60_000) };
    })
    .finally(() => {
      fetching = undefined;
    });
  return fetching;
}

/** The tap takes the token (synchronously): handed out once, then gone. Undefined when none is fresh. */
export function takeTcccToken(now: number = Date.now()): string | undefined {
  const token = held !== undefined && held.usableUntil > now ? held.token : undefined;
  held = undefined;
  return token;
}

/** Forgets the token (unbinding, a cold start in tests). */
export function dropTcccToken(): void {
  held = undefined;
}

function onShow(): void {
  void prefetchTcccToken();
}

/** Prefetches after every return and show (App.onLaunch); pair with stopTcccToken. */
export function startTcccToken(): void {
  if (started) return;
  started = true;
  wx.onAppShow(onShow);
}

export function stopTcccToken(): void {
  if (!started) return;
  started = false;
  wx.offAppShow(onShow);
  held = undefined;
}
