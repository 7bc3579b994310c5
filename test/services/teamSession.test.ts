/**
 * @jest-environment node
 */
/** Binding a phone to the real team server (through inject): the session, its messages, expiry and unbinding. */

import {
  bindTeam,
  offTeamSessionChange,
  onTeamSessionChange,
  readTeamSession,
  TEAM_SESSION_KEY,
  unbindTeam,
  type TeamSession,
} from '../../miniprogram/services/teamSession';
import { teamRequest } from '../../miniprogram/services/teamRequest';
import { SDK_APP_ID, T0 } from '../../server/test/helpers/testServer';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { plugPhone, startTeamPhone, TEAM_URL, type TeamPhone } from '../helpers/teamPhone';

// Opening PGlite and migrating takes seconds on a busy machine (as in the server's own tests).
jest.setTimeout(60_000);

describe('team session', () => {
  let phone: TeamPhone;
  beforeAll(async () => {
    phone = await startTeamPhone();
  });
  afterAll(() => phone.server.close());
  beforeEach(() => {
    // test/setup.ts gives each test a fresh wx fake: plug it in again.
    plugPhone(currentWxFake(), phone.server, `openid-${expect.getState().currentTestName ?? ''}`);
    phone.server.clock.now = T0;
  });

  it('binds with wx.login and a bind code: the agent’s name, SDKAppID and seat come from the server', async () => {
    const changes: (TeamSession | null)[] = [];
    const listener = (session: TeamSession | null) => changes.push(session);
    onTeamSessionChange(listener);
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    const result = await bindTeam(`  ${TEAM_URL}/ `, code.toLowerCase());
    offTeamSessionChange(listener);
    expect(result.ok).toBe(true);
    const stored = readTeamSession();
    expect(stored).toMatchObject({
      version: 1,
      serverUrl: TEAM_URL,
      expired: false,
      user: { name: '坐席甲', role: 'agent', sdkAppId: SDK_APP_ID, seatUserId: phone.server.seats.agentA },
    });
    expect(changes).toEqual([stored]);
    // The session works: the server knows this phone as agent A.
    const me = await teamRequest<{ id: number }>('GET', '/api/me');
    expect(me).toMatchObject({ ok: true, data: { id: phone.server.callers.agentA.userId } });
  });

  it('a used bind code gets one clear message, and nothing is stored', async () => {
    const code = await phone.bindCodeFor(phone.server.callers.agentB.userId);
    expect((await bindTeam(TEAM_URL, code)).ok).toBe(true);
    wx.clearStorageSync();
    plugPhone(currentWxFake(), phone.server, 'openid-another-phone');
    const again = await bindTeam(TEAM_URL, code);
    expect(again).toEqual({
      ok: false,
      kind: 'refused',
      status: 403,
      message: '绑定码无效、已使用或已过期，请向管理员重新获取',
    });
    expect(readTeamSession()).toBeNull();
  });

  it('tells an unreachable server, a domain outside the request domain list and no network apart', async () => {
    const fake = currentWxFake();
    const unreachable = await bindTeam('https://nowhere.example.com', 'ABCD2345');
    expect(unreachable).toMatchObject({ ok: false, kind: 'domain' });
    fake.network.requestDomains.push('https://nowhere.example.com');
    fake.network.requestHandler = undefined;
    expect(await bindTeam('https://nowhere.example.com', 'ABCD2345')).toMatchObject({
      ok: false,
      kind: 'offline',
      message: '无法连接团队服务器，请检查网络后重试',
    });
    fake.network.online = false;
    expect(await bindTeam(TEAM_URL, 'ABCD2345')).toMatchObject({ ok: false, kind: 'offline' });
    expect(await bindTeam('http://team.example.com', 'ABCD2345')).toMatchObject({ kind: 'invalid-input' });
    expect(await bindTeam(TEAM_URL, '')).toMatchObject({ kind: 'invalid-input', message: '请填写管理员发放的绑定码' });
    // Only the unreachable server was tried: a refused domain and bad input send nothing.
    expect(fake.network.sent.map((r) => r.url)).toEqual(['https://nowhere.example.com/api/auth/wx']);
    expect(readTeamSession()).toBeNull();
  });

  it('a 401 marks the session expired, tells listeners, and stops sending until the agent binds again', async () => {
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    await bindTeam(TEAM_URL, code);
    const session = readTeamSession();
    // The admin revokes every session of the agent, e.g. by disabling and enabling them: here, the server's clock
    // passes the session's end.
    phone.server.clock.now = (session?.expiresAt ?? 0) + 1;
    const changes: (TeamSession | null)[] = [];
    const listener = (s: TeamSession | null) => changes.push(s);
    onTeamSessionChange(listener);
    const refused = await teamRequest('GET', '/api/me');
    expect(refused).toEqual({ ok: false, kind: 'expired', status: 401, message: '团队登录已过期，请在设置中重新绑定' });
    expect(readTeamSession()?.expired).toBe(true);
    expect(changes.map((s) => s?.expired)).toEqual([true]);
    const sentBefore = currentWxFake().network.sent.length;
    expect(await teamRequest('GET', '/api/me')).toMatchObject({ ok: false, kind: 'expired' });
    expect(currentWxFake().network.sent.length).toBe(sentBefore);
    offTeamSessionChange(listener);
  });

  it('unbinding forgets the session here and revokes it on the server', async () => {
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    await bindTeam(TEAM_URL, code);
    const token = readTeamSession()?.token ?? '';
    await unbindTeam();
    expect(wx.getStorageSync(TEAM_SESSION_KEY)).toBe('');
    const after = await teamRequest('GET', '/api/me', undefined, { serverUrl: TEAM_URL, token });
    expect(after).toMatchObject({ ok: false, kind: 'expired', status: 401 });
    expect(await teamRequest('GET', '/api/me')).toMatchObject({ ok: false, kind: 'no-session' });
  });

  it('never puts the token or the bind code in a message', async () => {
    const code = await phone.bindCodeFor(phone.server.callers.agentA.userId);
    phone.server.clock.now += 25 * 3600 * 1000;
    const expiredCode = await bindTeam(TEAM_URL, code);
    expect(expiredCode.ok).toBe(false);
    if (!expiredCode.ok) {
      expect(expiredCode.message).not.toContain(code);
      expect(expiredCode.message).not.toMatch(/\d/);
    }
  });
});
