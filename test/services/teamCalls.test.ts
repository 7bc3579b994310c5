/**
 * @jest-environment node
 */
/** A supervisor's phone reads the team's calls from the real server by cursor, per agent; an agent's phone never. */

import { EMPTY_FILTER } from '../../miniprogram/core/callFilter';
import { fetchTeamCalls, fetchTeamStats, teamScopeAvailable } from '../../miniprogram/services/teamCalls';
import { startTestServer, T0, type TestServer } from '../../server/test/helpers/testServer';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { bindPhone, bindSupervisorPhone } from '../helpers/teamPhone';

jest.setTimeout(60_000);

describe('the team’s calls on a supervisor’s phone', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const calls = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        id: `${prefix}${String(i).padStart(9, '0')}`,
        revision: 1,
        uui: `td1.${prefix}${String(i).padStart(9, '0')}`,
        sessionId: '',
        phone: '13800138000',
        name: '',
        startedAt: T0 + i * 1000,
        returnedAt: 0,
        state: 'connected',
        duration: 30,
        closeBy: '',
        outcome: '',
        note: '',
      }));
    for (const [caller, prefix, count] of [
      [server.callers.agentA, 'a', 45],
      [server.callers.agentB, 'b', 5],
    ] as const) {
      const sent = await server.app.inject({
        method: 'POST',
        url: '/api/calls/batch',
        headers: caller.headers,
        payload: { calls: calls(prefix, count) },
      });
      expect(sent.statusCode).toBe(200);
    }
  });
  afterAll(() => server.close());

  it('pages every team call once by the server’s cursor, newest first, numbers masked', async () => {
    await bindSupervisorPhone(server, Date.now());
    expect(teamScopeAvailable()).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await fetchTeamCalls(EMPTY_FILTER, null, cursor, 20);
      if (!page.ok) throw new Error(page.message);
      seen.push(...page.calls.map((c) => `${c.agentId}:${c.id}`));
      expect(page.calls.every((c) => c.phone === '138****8000')).toBe(true);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    expect(currentWxFake().network.sent).toHaveLength(3);
  });

  it('filters by agent, and sums the stats per agent', async () => {
    await bindSupervisorPhone(server, Date.now());
    const onlyB = await fetchTeamCalls(EMPTY_FILTER, server.callers.agentB.userId, undefined, 30);
    expect(onlyB.ok && onlyB.calls.map((c) => c.agentName)).toEqual(Array(5).fill('坐席乙'));
    const stats = await fetchTeamStats(EMPTY_FILTER);
    expect(stats.ok && stats.lines.map((line) => [line.agentName, line.calls])).toEqual([
      ['坐席甲', 45],
      ['坐席乙', 5],
    ]);
  });

  it('an agent’s phone has no team scope and sends nothing for it', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    expect(teamScopeAvailable()).toBe(false);
    expect(await fetchTeamCalls(EMPTY_FILTER, null, undefined, 30)).toEqual({
      ok: false,
      message: '只有主管账号可以查看团队通话',
    });
    expect(currentWxFake().network.sent).toEqual([]);
  });
});
