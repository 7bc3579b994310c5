/**
 * The 团队 scope of 通话记录 on the wx fake with real vant: only a supervisor's bound phone has it; it pages the team's
 * calls by the server's cursor and filters by agent. The server's answers are recorded in its shapes (its routes are
 * tested against the real server in test/services/teamCalls.test.ts; jsdom cannot load the server's database).
 */

import simulate from 'miniprogram-simulate';
import { currentWxFake } from '../../../tools/wx-fake/wx';
import { find, openPage, tap, textOf } from '../../../tools/page-harness/page';
import { pinClock } from '../../components/wrap-up-sheet/uiDriver';
import { TEAM_SESSION_KEY } from '../../../miniprogram/services/teamSession';
import type { WxHttpRequest } from '../../../tools/wx-fake/network';

jest.setTimeout(30_000);

const NOW = new Date('2026-12-01T10:00:00+08:00').getTime();
const TEAM_URL = 'https://team.example.com';

function teamCall(agentId: number, agentName: string, i: number) {
  return {
    agentId,
    agentName,
    id: `c${String(i).padStart(9, '0')}`,
    revision: 1,
    phone: '138****8000',
    name: `客户${i}`,
    startedAt: NOW - i * 60_000,
    returnedAt: NOW - i * 60_000 + 30_000,
    state: 'placed-not-connected',
    duration: 0,
    closeBy: 'client',
    outcome: '',
    note: '',
    sessionId: `s${i}`,
    tccc: {
      sessionId: `s${i}`,
      endStatus: 'busy',
      endStatusLabel: '忙线',
      duration: 0,
      hungUpSide: 'user',
      acceptedAt: 0,
      endedAt: 0,
      hasRecording: false,
      joinedBy: 'uui',
    },
  };
}

/** A bound phone of `role`; its requests are recorded and answered in the server's shapes (45 calls: 30 + 15). */
function bind(role: 'agent' | 'supervisor'): WxHttpRequest[] {
  const sent: WxHttpRequest[] = [];
  const fake = currentWxFake();
  fake.network.requestDomains.push(TEAM_URL);
  fake.network.requestHandler = async (request) => {
    sent.push(request);
    const url = new URL(request.url);
    const agentId = url.searchParams.get('agentId');
    const all = Array.from({ length: 45 }, (_, i) =>
      i % 3 === 0 ? teamCall(2, '坐席乙', i) : teamCall(1, '坐席甲', i),
    );
    const calls = agentId === null ? all : all.filter((c) => String(c.agentId) === agentId);
    let body: unknown = { message: '没有这个接口' };
    if (url.pathname === '/api/calls') {
      const start = url.searchParams.get('cursor') === null ? 0 : 30;
      body = { calls: calls.slice(start, start + 30), nextCursor: start + 30 < calls.length ? 'next-page' : null };
    } else if (url.pathname === '/api/stats') {
      body = {
        rows: [
          {
            day: '2026-12-01',
            agentId: 1,
            agentName: '坐席甲',
            calls: 30,
            connected: 0,
            connectRate: 0,
            talkSeconds: 0,
          },
          {
            day: '2026-12-01',
            agentId: 2,
            agentName: '坐席乙',
            calls: 15,
            connected: 0,
            connectRate: 0,
            talkSeconds: 0,
          },
        ],
      };
    } else if (url.pathname === '/api/tccc/token') {
      body = { message: '没有权限' };
    }
    const ok = url.pathname === '/api/calls' || url.pathname === '/api/stats';
    return { statusCode: ok ? 200 : 403, header: {}, body: JSON.stringify(body) };
  };
  fake.storage.set('test', TEAM_SESSION_KEY, {
    version: 1,
    serverUrl: TEAM_URL,
    token: 'token-of-the-phone-00000000000000000000000',
    expiresAt: NOW + 86_400_000,
    user: { id: 9, name: role === 'agent' ? '坐席甲' : '主管', role, sdkAppId: '1400000000', seatUserId: '' },
    boundAt: NOW,
    expired: false,
  });
  return sent;
}

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !fn(); i += 1) await simulate.sleep(20);
  if (!fn()) throw new Error(`timed out waiting: ${what}`);
}

describe('history page: 团队 scope', () => {
  beforeEach(() => pinClock(NOW));
  afterEach(() => jest.useRealTimers());

  it('a supervisor switches to 团队: the team’s rows with agent and TCCC’s outcome, stats per agent, paging and agent filter', async () => {
    const sent = bind('supervisor');
    const page = openPage('pages/history/history');
    await simulate.sleep(100);
    await tap(page.component, '#scope-team');
    await until('the team rows', () => (page.component.data.rows as unknown[]).length > 0);
    await until('the agent stats', () => (page.component.data.agentLines as unknown[]).length === 2);
    const text = textOf(page.component);
    expect(text).toContain('坐席甲 · ');
    expect(text).toContain('TCCC 忙线');
    expect(textOf(find(page.component, '#agent-stats'))).toContain('坐席甲30 通 · 接通率 0% · 通话 0分');
    expect(page.component.querySelector('#stats-card')).toBeUndefined();

    // The bottom of the list asks for the next page by the server's cursor.
    (page.component.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await until('the second page', () => sent.some((r) => r.url.includes('cursor=next-page')));
    await until('45 rows loaded', () => (page.component.data.footer as string) === 'end');

    await tap(page.component, '#agent-2');
    await until('only 坐席乙', () => sent.some((r) => r.url.includes('agentId=2')));
    await until('15 rows', () => (page.component.data.footer as string) === 'end');
    const rows = page.component.data.rows as { sub: string }[];
    expect(rows.every((row) => row.sub.startsWith('坐席乙 · '))).toBe(true);

    // Back to 我的: the phone's own (empty) list, nothing from the team.
    await tap(page.component, '#scope-mine');
    await simulate.sleep(100);
    expect(textOf(page.component)).toContain('还没有通话记录');
  });

  it('an agent’s phone has no 团队 switch and never asks for the team’s calls', async () => {
    const sent = bind('agent');
    const page = openPage('pages/history/history');
    await until('the list is drawn', () => page.component.data.footer === 'end');
    await simulate.sleep(300);
    expect(page.component.querySelector('#scope-team')).toBeUndefined();
    expect(page.component.data).toMatchObject({ teamAvailable: false, scope: 'mine' });
    expect(sent.filter((r) => r.url.includes('/api/calls') || r.url.includes('/api/stats'))).toEqual([]);
  });
});
