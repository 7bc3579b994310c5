/** Phone error reports: agents send scrubbed lines, admins list them per agent; nobody else reads or writes them. */

import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, startTestServer, T0, type TestServer } from './helpers/testServer';

describe('error reports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const report = (headers: Record<string, string>, errors: unknown[]) =>
    server.app.inject({ method: 'POST', url: '/api/errors', headers, payload: { errors } });
  const line = (message: string, at = T0) => ({ at, message, appVersion: '1.4.0', baseLibrary: '3.6.0' });

  it('stores an agent’s reports and lists them per agent for the admin, newest first, with version and library', async () => {
    const a = await report(server.callers.agentA.headers, [
      line('TypeError: x is undefined', T0),
      line('later', T0 + 1),
    ]);
    expect(a.statusCode).toBe(200);
    expect(json(a)).toEqual({ stored: 2 });
    await report(server.callers.agentB.headers, [line('RangeError: y')]);
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/admin/errors',
      headers: server.callers.admin.headers,
    });
    expect(listed.statusCode).toBe(200);
    expect(json(listed)).toEqual({
      agents: [
        {
          agentId: server.callers.agentA.userId,
          agentName: '坐席甲',
          errors: [
            { at: T0 + 1, message: 'later', appVersion: '1.4.0', baseLibrary: '3.6.0' },
            { at: T0, message: 'TypeError: x is undefined', appVersion: '1.4.0', baseLibrary: '3.6.0' },
          ],
        },
        {
          agentId: server.callers.agentB.userId,
          agentName: '坐席乙',
          errors: [{ at: T0, message: 'RangeError: y', appVersion: '1.4.0', baseLibrary: '3.6.0' }],
        },
      ],
    });
    const onlyB = await server.app.inject({
      method: 'GET',
      url: `/api/admin/errors?agentId=${server.callers.agentB.userId}`,
      headers: server.callers.admin.headers,
    });
    expect(json<{ agents: { agentId: number }[] }>(onlyB).agents.map((x) => x.agentId)).toEqual([
      server.callers.agentB.userId,
    ]);
  });

  it('scrubs again on arrival: a number a phone failed to remove is never stored', async () => {
    await report(server.callers.agentA.headers, [line('failed for 13812345678 (张三)')]);
    const stored = await server.db.query<{ message: string }>('SELECT message FROM client_errors');
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(JSON.stringify(stored)).not.toContain('张三');
  });

  it('refuses malformed reports with a 4xx and stores nothing', async () => {
    const before = await countRows(server.db, 'client_errors');
    const tooMany = await report(
      server.callers.agentA.headers,
      Array.from({ length: 21 }, () => line('x')),
    );
    const empty = await report(server.callers.agentA.headers, []);
    const long = await report(server.callers.agentA.headers, [line('x'.repeat(501))]);
    expect([tooMany.statusCode, empty.statusCode, long.statusCode]).toEqual([400, 400, 400]);
    expect(await countRows(server.db, 'client_errors')).toBe(before);
  });

  it('only agents report, only admins list', async () => {
    await expectAuthMatrix(server, { method: 'POST', url: '/api/errors', payload: { errors: [line('x')] } }, ['agent']);
    await expectAuthMatrix(server, { method: 'GET', url: '/api/admin/errors' }, ['admin']);
  });
});
