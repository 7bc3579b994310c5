/** The settings page's 团队 section, typed into like an agent: one clear message per failure, then bound and read-only. */

import { currentWxFake, type WxHttpRequest } from '../../tools/wx-fake/wx';
import { configureAgent, settle } from '../../tools/page-harness/appHarness';
import { find, openPage, shownValue, tap, textOf, typeInto } from '../../tools/page-harness/page';
import { TEAM_SESSION_KEY } from '../../miniprogram/services/teamSession';
import { OUTBOX_KEY } from '../../miniprogram/services/outbox';

const URL_OK = 'https://team.example.com';
const ME = { id: 7, name: '坐席甲', role: 'agent', sdkAppId: '1400123456', seatUserId: 'agent.a@example.com' };

/** An in-memory team server: one bind code works once; /api/me answers for the token it gave. */
function plugTeam(): WxHttpRequest[] {
  const fake = currentWxFake();
  const seen: WxHttpRequest[] = [];
  let used = false;
  fake.network.requestDomains.push(URL_OK);
  fake.network.requestHandler = async (request) => {
    seen.push(request);
    const path = new URL(request.url).pathname;
    const reply = (statusCode: number, body: unknown) => ({ statusCode, header: {}, body: JSON.stringify(body) });
    if (path === '/api/auth/wx') {
      const { bindCode } = JSON.parse(request.body ?? '{}') as { bindCode?: string };
      if (bindCode !== 'ABCD2345' || used) {
        return reply(403, { message: '绑定码无效、已使用或已过期，请向管理员重新获取' });
      }
      used = true;
      return reply(200, { token: 'token-aaaaaaaaaaaaaaaaaaaaaaaa', expiresAt: Date.now() + 86_400_000 });
    }
    if (path === '/api/me') return reply(200, ME);
    return reply(404, { message: '没有这个接口' });
  };
  return seen;
}

async function bindWith(page: ReturnType<typeof openPage>, server: string, code: string) {
  const team = find(page.component, '#team');
  await typeInto(team, '#team-server', server);
  await typeInto(team, '#team-code', code);
  await tap(team, '#team-bind', '.van-button');
  for (let i = 0; i < 20; i += 1) await settle();
}

describe('settings: joining a team', () => {
  beforeEach(() => configureAgent());

  it('says why a bind failed, one clear message each, and keeps what was typed', async () => {
    plugTeam();
    const page = openPage('pages/settings/settings');
    const team = () => find(page.component, '#team');
    await bindWith(page, 'https://other.example.com', 'ABCD2345');
    expect(textOf(team())).toContain('团队服务器的域名不在小程序的 request 合法域名中');
    await bindWith(page, URL_OK, 'WRONG999');
    expect(textOf(team())).toContain('绑定码无效、已使用或已过期，请向管理员重新获取');
    expect(shownValue(team(), '#team-code')).toBe('WRONG999');
    currentWxFake().network.requestHandler = undefined;
    await bindWith(page, URL_OK, 'ABCD2345');
    expect(textOf(team())).toContain('无法连接团队服务器，请检查网络后重试');
    expect(currentWxFake().storage.has(TEAM_SESSION_KEY)).toBe(false);
  });

  it('binds: the agent’s name shows, SDKAppID and seat are the server’s and cannot be edited', async () => {
    plugTeam();
    const page = openPage('pages/settings/settings');
    await bindWith(page, URL_OK, 'abcd-2345');
    const team = find(page.component, '#team');
    expect(textOf(team)).toContain('坐席甲');
    expect(textOf(team)).toContain(URL_OK);
    expect(textOf(team)).not.toContain('token-');
    expect(page.component.data).toMatchObject({
      teamBound: true,
      sdkAppId: '1400123456',
      userId: 'agent.a@example.com',
    });
    expect(textOf(page.component)).toContain('由团队服务器提供，绑定期间不能修改');
    // Reopened, the page still shows the server's account, read-only.
    const again = openPage('pages/settings/settings');
    expect(again.component.data).toMatchObject({ teamBound: true, sdkAppId: '1400123456' });
    expect(find(again.component, '#sdkAppId').instance.data).toMatchObject({ disabled: true });
  });

  it('unbinding asks first, says how many calls will not be uploaded, and then never sends them', async () => {
    plugTeam();
    const page = openPage('pages/settings/settings');
    await bindWith(page, URL_OK, 'ABCD2345');
    const fake = currentWxFake();
    fake.network.online = false;
    fake.storage.set('test', OUTBOX_KEY, {
      v: 1,
      seq: 2,
      calls: [
        ['a1', 1],
        ['a2', 2],
      ],
      errors: [],
      missed: 0,
    });
    const again = openPage('pages/settings/settings');
    const team = find(again.component, '#team');
    expect(textOf(team)).toContain('2 条待同步');
    fake.modalAnswers.push(false);
    await tap(team, '#team-unbind', '.van-button');
    for (let i = 0; i < 5; i += 1) await settle();
    expect(fake.modals[0]?.content).toBe('还有 2 条通话未同步到团队，解除后它们不会上传。确定解除？');
    expect(fake.storage.has(TEAM_SESSION_KEY)).toBe(true);
    await tap(team, '#team-unbind', '.van-button');
    for (let i = 0; i < 5; i += 1) await settle();
    expect(fake.storage.has(TEAM_SESSION_KEY)).toBe(false);
    expect(fake.storage.get('test', OUTBOX_KEY)).toMatchObject({ calls: [] });
    expect(again.component.data).toMatchObject({ teamBound: false });
  });
});
