/** The demo month `npm start` seeds books callbacks like a real team, so the dashboard's 待回拨 card is not empty. */

import { seedDemoTeam } from '../../tools/simulator/teamSeed';
import { startTestServer, T0, type TestServer } from './helpers/testServer';

jest.setTimeout(120_000);

describe('the seeded demo team’s callbacks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('books callbacks on its 预约回拨 calls: most done, some overdue, some due later; the card counts them', async () => {
    // The afternoon of T0's day: bookings from the last three days are due today or later.
    server.clock.now = T0 + 5 * 3600_000;
    const seeded = await seedDemoTeam(server.db, [], server.clock.now);
    expect(seeded?.callbacks).toBeGreaterThan(100);
    const rows = await server.db.query<{ status: string; overdue: boolean; n: number }>(
      `SELECT status, due_at < $1 AS overdue, count(*)::int AS n FROM callback_reminders GROUP BY 1, 2`,
      [server.clock.now],
    );
    const count = (status: string, overdue: boolean) =>
      rows.find((row) => row.status === status && row.overdue === overdue)?.n ?? 0;
    expect(count('done', true)).toBeGreaterThan(count('open', true));
    expect(count('open', true)).toBeGreaterThan(0);
    expect(count('open', false)).toBeGreaterThan(0);
    expect(count('cancelled', true)).toBeGreaterThan(0);
    expect(seeded?.openCallbacks).toBe(count('open', true) + count('open', false));
    const page = await server.app.inject({
      method: 'GET',
      url: '/dashboard/calls?preset=30d',
      headers: server.callers.supervisor.headers,
    });
    const shown = /id="kpi-callbacks"[^>]*>(\d+)（逾期 (\d+)）</.exec(page.body);
    expect(Number(shown?.[1])).toBeGreaterThan(0);
    expect(Number(shown?.[2])).toBeGreaterThan(0);
  });
});
