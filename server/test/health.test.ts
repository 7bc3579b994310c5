/** GET /healthz says whether the database answers. */

import { json, startTestServer, type TestServer } from './helpers/testServer';

describe('GET /healthz', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers 200 when the database is reachable', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ ok: true, database: server.db.kind });
  });

  it('answers 503 when the database is not', async () => {
    const spy = jest.spyOn(server.db, 'query').mockRejectedValueOnce(new Error('connection refused'));
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    spy.mockRestore();
    expect(response.statusCode).toBe(503);
    expect(json(response)).toMatchObject({ ok: false });
  });
});
