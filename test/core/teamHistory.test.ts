/** The 团队 scope's pure parts: the server query of a filter, team rows, stats summed per agent. */

import { EMPTY_FILTER } from '../../miniprogram/core/callFilter';
import { agentStatsLines, readTeamPage, teamCallsQuery, teamHistoryRow } from '../../miniprogram/core/teamHistory';

const NOW = Date.parse('2026-12-01T10:00:00+08:00');
const call = {
  agentId: 7,
  agentName: '坐席甲',
  id: 'a000000001',
  phone: '138****8000',
  name: '张三',
  startedAt: NOW - 60_000,
  state: 'placed-not-connected',
  duration: 0,
  outcome: '',
  tccc: { endStatus: 'busy', duration: 0 },
};

describe('team history', () => {
  it('asks the server for the filter’s range, outcome, digits, agent and page', () => {
    expect(teamCallsQuery(EMPTY_FILTER, null, NOW)).toBe('');
    const today = teamCallsQuery({ ...EMPTY_FILTER, range: 'today', outcome: '忙线', text: '138 0013' }, 7, NOW, {
      limit: 30,
      cursor: 'abc_-1',
    });
    expect(today).toBe(
      `?from=${Date.parse('2026-12-01T00:00:00+08:00')}&to=${Date.parse('2026-12-02T00:00:00+08:00')}` +
        `&agentId=7&outcome=${encodeURIComponent('忙线')}&phone=1380013&limit=30&cursor=abc_-1`,
    );
    // A name search or two digits cannot go to the server's digit search.
    expect(teamCallsQuery({ ...EMPTY_FILTER, text: '张三' }, null, NOW)).toBe('');
    expect(teamCallsQuery({ ...EMPTY_FILTER, text: '13' }, null, NOW)).toBe('');
  });

  it('shows a team call with its agent and TCCC’s outcome, marked by TCCC’s word', () => {
    expect(teamHistoryRow(call, NOW)).toMatchObject({
      id: '7:a000000001',
      title: '张三',
      number: '138****8000',
      mark: 'not-connected',
      tccc: 'TCCC 忙线',
      needsWrapUp: false,
    });
    expect(teamHistoryRow(call, NOW).sub).toMatch(/^坐席甲 · /);
    const answered = teamHistoryRow({ ...call, tccc: { endStatus: 'ok', duration: 75 } }, NOW);
    expect(answered).toMatchObject({ mark: 'connected', markLabel: '已接通', talk: '1分15秒', tccc: 'TCCC 已接听' });
    expect(teamHistoryRow({ ...call, name: '', tccc: null }, NOW)).toMatchObject({ title: '138****8000', tccc: '' });
  });

  it('reads a page and skips what is not a call', () => {
    expect(readTeamPage({ calls: [call, { id: 1 }], nextCursor: 'x' })).toEqual({ calls: [call], nextCursor: 'x' });
    expect(readTeamPage({ nextCursor: null })).toBeNull();
  });

  it('sums the per-day stats per agent, busiest first', () => {
    const rows = [
      { day: '2026-11-30', agentId: 2, agentName: '坐席乙', calls: 4, connected: 1, talkSeconds: 60 },
      { day: '2026-11-30', agentId: 1, agentName: '坐席甲', calls: 3, connected: 3, talkSeconds: 3000 },
      { day: '2026-12-01', agentId: 1, agentName: '坐席甲', calls: 2, connected: 1, talkSeconds: 900 },
    ];
    expect(agentStatsLines({ rows })).toEqual([
      { agentId: 1, agentName: '坐席甲', calls: 5, connected: 4, connectRate: '80%', talk: '1小时5分' },
      { agentId: 2, agentName: '坐席乙', calls: 4, connected: 1, connectRate: '25%', talk: '1分' },
    ]);
    expect(agentStatsLines('x')).toEqual([]);
  });
});
