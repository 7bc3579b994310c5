/** The supervisor's 团队 scope of 通话记录: the server query a filter makes, team rows, stats per agent. No wx. */

import { CallFilter, NO_OUTCOME, rangeOf } from './callFilter';
import { formatCallTime, formatTalkTime } from './callPresentation';
import { CallMark, HistoryRow, markLabel } from './historyRow';
import { endStatusLabel, tcccConnected } from './tcccOutcome';

/** The query string of GET /api/calls (and /api/stats) for the filter, the chosen agent and a cursor. */
export function teamCallsQuery(
  filter: CallFilter,
  agentId: number | null,
  now: number,
  page: { cursor?: string; limit?: number } = {},
): string {
  const params: string[] = [];
  const range = rangeOf(filter, now);
  if (range !== undefined) params.push(`from=${range.from}`, `to=${range.to}`);
  if (agentId !== null) params.push(`agentId=${agentId}`);
  if (filter.outcome !== '' && filter.outcome !== NO_OUTCOME)
    params.push(`outcome=${encodeURIComponent(filter.outcome)}`);
  // The server searches the digits of the number; names and notes are searched on the phone's own calls only.
  const digits = filter.text.replace(/\D/g, '');
  if (digits.length >= 3 && digits.length <= 20) params.push(`phone=${digits}`);
  if (page.limit !== undefined) params.push(`limit=${page.limit}`);
  if (page.cursor !== undefined) params.push(`cursor=${page.cursor}`);
  return params.length === 0 ? '' : `?${params.join('&')}`;
}

/** One call of GET /api/calls as the phone reads it (the number arrives masked). */
export interface TeamCall {
  agentId: number;
  agentName: string;
  id: string;
  phone: string;
  name: string;
  startedAt: number;
  state: string;
  duration: number | null;
  outcome: string;
  tccc: { endStatus: string | null; duration: number | null } | null;
}

function isTeamCall(value: unknown): value is TeamCall {
  const c = value as Partial<TeamCall> | null;
  return (
    typeof c?.agentId === 'number' &&
    typeof c.agentName === 'string' &&
    typeof c.id === 'string' &&
    typeof c.phone === 'string' &&
    typeof c.name === 'string' &&
    typeof c.startedAt === 'number' &&
    typeof c.state === 'string'
  );
}

/** A page of GET /api/calls; null when the answer is not one. */
export function readTeamPage(data: unknown): { calls: TeamCall[]; nextCursor: string | null } | null {
  const d = data as { calls?: unknown; nextCursor?: unknown } | null;
  if (!Array.isArray(d?.calls)) return null;
  return {
    calls: (d.calls as unknown[]).filter(isTeamCall),
    nextCursor: typeof d.nextCursor === 'string' ? d.nextCursor : null,
  };
}

/** The row's mark: TCCC's word when joined, else what the phone recorded. */
function teamMark(call: TeamCall): CallMark {
  const tccc = call.tccc === null ? null : tcccConnected(call.tccc.endStatus);
  if (tccc !== null) return tccc ? 'connected' : 'not-connected';
  if (call.state === 'connected') return 'connected';
  if (call.state === 'placed-not-connected') return 'not-connected';
  if (call.state === 'not-placed') return 'not-placed';
  return 'no-result';
}

/** A team call as a history row: agent and time on the second line, TCCC's outcome beside the agent's. */
export function teamHistoryRow(call: TeamCall, now: number): HistoryRow {
  const mark = teamMark(call);
  const talk = call.tccc?.duration ?? (call.state === 'connected' ? call.duration : null);
  return {
    // Rows of two agents may share a phone call id: the agent makes the key unique.
    id: `${call.agentId}:${call.id}`,
    title: call.name !== '' ? call.name : call.phone,
    number: call.name !== '' ? call.phone : '',
    sub: `${call.agentName} · ${formatCallTime(call.startedAt, now)}`,
    talk: mark === 'connected' ? formatTalkTime(talk) : '',
    mark,
    markLabel: markLabel(mark),
    outcome: call.outcome,
    needsWrapUp: false,
    tccc: call.tccc === null ? '' : `TCCC ${endStatusLabel(call.tccc.endStatus)}`,
    disagree: false,
  };
}

/** One agent's line of the team stats. */
export interface AgentStatsLine {
  agentId: number;
  agentName: string;
  calls: number;
  connected: number;
  /** '62%'; '—' without calls. */
  connectRate: string;
  /** Talk time as '1小时5分' / '12分' / '0分'. */
  talk: string;
}

function talkText(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)}小时${minutes % 60}分` : `${minutes}分`;
}

/** GET /api/stats's rows (per day and agent) summed per agent, most calls first. */
export function agentStatsLines(data: unknown): AgentStatsLine[] {
  const rows = (data as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return [];
  const byAgent = new Map<number, { agentName: string; calls: number; connected: number; talk: number }>();
  for (const row of rows as Record<string, unknown>[]) {
    const { agentId, agentName, calls, connected, talkSeconds } = row;
    if (typeof agentId !== 'number' || typeof calls !== 'number' || typeof connected !== 'number') continue;
    const sum = byAgent.get(agentId) ?? { agentName: String(agentName ?? ''), calls: 0, connected: 0, talk: 0 };
    sum.calls += calls;
    sum.connected += connected;
    sum.talk += typeof talkSeconds === 'number' ? talkSeconds : 0;
    byAgent.set(agentId, sum);
  }
  return [...byAgent.entries()]
    .map(([agentId, s]) => ({
      agentId,
      agentName: s.agentName,
      calls: s.calls,
      connected: s.connected,
      connectRate: s.calls === 0 ? '—' : `${Math.round((s.connected / s.calls) * 100)}%`,
      talk: talkText(s.talk),
    }))
    .sort((a, b) => b.calls - a.calls || a.agentId - b.agentId);
}
