/** The team's calls for a supervisor's phone: pages of GET /api/calls by cursor and stats per agent (GET /api/stats). */

import { CallFilter } from '../core/callFilter';
import { AgentStatsLine, agentStatsLines, readTeamPage, TeamCall, teamCallsQuery } from '../core/teamHistory';
import { teamRequest } from './teamRequest';
import { isSessionUsable, readTeamSession } from './teamSession';

/** Only a supervisor's bound phone sees the 团队 scope; agents never do. */
export function teamScopeAvailable(now: number = Date.now()): boolean {
  const session = readTeamSession();
  return isSessionUsable(session, now) && session.user.role === 'supervisor';
}

export type TeamPage = { ok: true; calls: TeamCall[]; nextCursor: string | null } | { ok: false; message: string };

export async function fetchTeamCalls(
  filter: CallFilter,
  agentId: number | null,
  cursor: string | undefined,
  limit: number,
  now: number = Date.now(),
): Promise<TeamPage> {
  if (!teamScopeAvailable(now)) return { ok: false, message: '只有主管账号可以查看团队通话' };
  const page: { cursor?: string; limit: number } = { limit };
  if (cursor !== undefined) page.cursor = cursor;
  const answer = await teamRequest<unknown>('GET', `/api/calls${teamCallsQuery(filter, agentId, now, page)}`);
  if (!answer.ok) return { ok: false, message: answer.message };
  const read = readTeamPage(answer.data);
  return read === null ? { ok: false, message: '团队通话记录无法读取，请稍后再试' } : { ok: true, ...read };
}

export async function fetchTeamStats(
  filter: CallFilter,
  now: number = Date.now(),
): Promise<{ ok: true; lines: AgentStatsLine[] } | { ok: false; message: string }> {
  if (!teamScopeAvailable(now)) return { ok: false, message: '只有主管账号可以查看团队通话' };
  const answer = await teamRequest<unknown>('GET', `/api/stats${teamCallsQuery(filter, null, now)}`);
  if (!answer.ok) return { ok: false, message: answer.message };
  return { ok: true, lines: agentStatsLines(answer.data) };
}
