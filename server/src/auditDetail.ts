/** An audit entry's detail split into plain text and the users it names by id, so the log can show their names. */

/** A user named in a detail; with `callId`, that agent's call (call.reveal, call.recording). */
export interface NamedUser {
  userId: number;
  /** The word the detail put before the id (agent, user, supervisor, admin), '' when none. */
  kind: string;
  callId?: string;
}

export type DetailPart = string | NamedUser;

/**
 * The detail formats the server writes: `agent 12 …`, `user 12`, `supervisor 12`, `admin 12` (the subject first),
 * `12/c0001` (an agent's call) and an export's or search's filter JSON with `"agentId":12`. Anything else is text.
 */
const NAMED =
  /^(agent|user|supervisor|admin) ([1-9]\d{0,14})\b|^([1-9]\d{0,14})\/([0-9A-Za-z_-]{1,64})$|"agentId":([1-9]\d{0,14})/g;

export function detailParts(detail: string): DetailPart[] {
  const parts: DetailPart[] = [];
  let at = 0;
  for (const match of detail.matchAll(NAMED)) {
    const index = match.index ?? 0;
    if (index > at) parts.push(detail.slice(at, index));
    const [whole, kind, subject, callAgent, callId, filterAgent] = match;
    if (subject !== undefined) parts.push({ userId: Number(subject), kind: kind ?? '' });
    else if (callAgent !== undefined && callId !== undefined) {
      parts.push({ userId: Number(callAgent), kind: 'agent', callId });
    } else parts.push('"agentId":', { userId: Number(filterAgent), kind: '' });
    at = index + whole.length;
  }
  if (at < detail.length) parts.push(detail.slice(at));
  return parts;
}

/** Every user id the details name, once each. */
export function namedUserIds(details: readonly string[]): number[] {
  const ids = new Set<number>();
  for (const detail of details) {
    for (const part of detailParts(detail)) if (typeof part !== 'string') ids.add(part.userId);
  }
  return [...ids];
}
