/** GET /api/me: each session sees only itself, with the team's SDKAppID and its own seat. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { json, SDK_APP_ID, startTestServer, type TestServer } from './helpers/testServer';

describe('GET /api/me', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const me = (headers: Record<string, string>) => server.app.inject({ method: 'GET', url: '/api/me', headers });

  it('tells each agent who they are: their own name and seat, never another agent’s', async () => {
    const a = await me(server.callers.agentA.headers);
    const b = await me(server.callers.agentB.headers);
    expect(a.statusCode).toBe(200);
    expect(json(a)).toEqual({
      id: server.callers.agentA.userId,
      name: '坐席甲',
      role: 'agent',
      sdkAppId: SDK_APP_ID,
      seatUserId: server.seats.agentA,
    });
    expect(json(b)).toMatchObject({
      id: server.callers.agentB.userId,
      name: '坐席乙',
      seatUserId: server.seats.agentB,
    });
  });

  it('answers staff sessions too, with no seat to dial as', async () => {
    const sup = await me(server.callers.supervisor.headers);
    expect(sup.statusCode).toBe(200);
    expect(json(sup)).toEqual({
      id: server.callers.supervisor.userId,
      name: '主管',
      role: 'supervisor',
      sdkAppId: SDK_APP_ID,
      seatUserId: '',
    });
    expect(json(await me(server.callers.admin.headers))).toMatchObject({ role: 'admin', seatUserId: '' });
  });

  it('refuses without a live session (none, garbage, expired, revoked, forged cookie)', async () => {
    const seen = await expectAuthMatrix(server, { method: 'GET', url: '/api/me' }, ['agent', 'supervisor', 'admin']);
    expect(seen).toContain('expired session → 401');
    expect(seen).toContain('revoked session → 401');
  });
});
