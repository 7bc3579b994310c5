/** The one wrapper over wx.request for the team server: the session's address and token, and 401 → expired. */

import { sendTeamHttp, TEAM_MESSAGES, type TeamFailure, type TeamMethod, type TeamResult } from './teamHttp';
import { markSessionExpired, readTeamSession } from './teamSession';

export type { TeamFailure, TeamFailureKind, TeamResult } from './teamHttp';

export interface TeamRequestOptions {
  timeoutMs?: number;
  /** Both given: a request outside the stored session (binding). */
  serverUrl?: string;
  token?: string;
}

type Target = { ok: true; serverUrl: string; token: string } | TeamFailure;

/** Where to send and as whom: the options when given, else the stored session (none, or expired: refused here). */
function targetOf(options: TeamRequestOptions): Target {
  if (options.serverUrl !== undefined && options.token !== undefined) {
    return { ok: true, serverUrl: options.serverUrl, token: options.token };
  }
  const session = readTeamSession();
  if (session === null) return { ok: false, kind: 'no-session', message: TEAM_MESSAGES.noSession };
  if (session.expired && options.token === undefined) {
    return { ok: false, kind: 'expired', message: TEAM_MESSAGES.expired };
  }
  return { ok: true, serverUrl: options.serverUrl ?? session.serverUrl, token: options.token ?? session.token };
}

export async function teamRequest<T>(
  method: TeamMethod,
  path: string,
  body?: unknown,
  options: TeamRequestOptions = {},
): Promise<TeamResult<T>> {
  const target = targetOf(options);
  if (!target.ok) return target;
  const { serverUrl, token } = target;
  const result = await sendTeamHttp<T>({ method, serverUrl, path, body, token, timeoutMs: options.timeoutMs });
  // Only the stored session's own token can expire it; a token passed in is the caller's business.
  if (!result.ok && result.kind === 'expired' && options.token === undefined) markSessionExpired();
  return result;
}
