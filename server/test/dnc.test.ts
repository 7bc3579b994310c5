/** The team do-not-call list: who may read and write it, incremental download with tombstones, admin search/import. */

import fc from 'fast-check';
import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, startTestServer, T0, type Caller, type TestServer } from './helpers/testServer';

interface Changes {
  entries: { phone: string; reason: string; expiresAt: number | null; addedAt: number }[];
  removed: string[];
  seq: number;
  more: boolean;
  reset: boolean;
}

describe('team do-not-call list', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const send = (caller: Caller, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    server.app.inject({ method, url, headers: caller.headers, ...(payload === undefined ? {} : { payload }) });
  const changes = async (since: number, caller: Caller = server.callers.agentB, limit?: number) => {
    const response = await send(
      caller,
      'GET',
      `/api/dnc?since=${since}${limit === undefined ? '' : `&limit=${limit}`}`,
    );
    expect(response.statusCode).toBe(200);
    return json<Changes>(response);
  };

  it('refuses everyone the routes do not admit, and writes nothing for them', async () => {
    await expectAuthMatrix(server, { method: 'GET', url: '/api/dnc?since=0' }, ['agent', 'supervisor']);
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/dnc', payload: { phone: '13800138000', reason: '勿扰' } },
      ['agent', 'supervisor'],
    );
    await expectAuthMatrix(server, { method: 'GET', url: '/api/admin/dnc' }, ['admin']);
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/admin/dnc', payload: { phone: '13800138000', reason: '投诉' } },
      ['admin'],
    );
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/admin/dnc/import', payload: { entries: [{ phone: '13800138000' }] } },
      ['admin'],
    );
    await expectAuthMatrix(server, { method: 'DELETE', url: '/api/admin/dnc/1' }, ['admin']);
  });

  it("a 勿扰 from one phone reaches another phone's incremental download, in dial form", async () => {
    const start = await changes(0);
    const added = await send(server.callers.agentA, 'POST', '/api/dnc', { phone: '+86 138-0013-8001', reason: '勿扰' });
    expect(added.statusCode).toBe(200);
    expect(json(added)['added']).toBe(true);
    const next = await changes(start.seq);
    expect(next.entries).toEqual([{ phone: '13800138001', reason: '勿扰', expiresAt: null, addedAt: T0 }]);
    expect(next.removed).toEqual([]);
    expect(next.seq).toBeGreaterThan(start.seq);
    // Nothing new since: an empty answer with the same seq.
    expect(await changes(next.seq)).toEqual({ entries: [], removed: [], seq: next.seq, more: false, reset: false });
  });

  it("a phone's 勿扰 never overwrites an admin's reason or expiry; an invalid number is refused", async () => {
    const expiresAt = T0 + 30 * 86_400_000;
    const admin = await send(server.callers.admin, 'POST', '/api/admin/dnc', {
      phone: '13800138002',
      reason: '客户投诉',
      expiresAt,
    });
    expect(admin.statusCode).toBe(201);
    const before = (await changes(0)).seq;
    const phone = await send(server.callers.agentA, 'POST', '/api/dnc', { phone: '13800138002', reason: '勿扰' });
    expect(json(phone)).toEqual({ seq: before, added: false });
    const [row] = await server.db.query<{ reason: string; expires_at: number }>(
      "SELECT reason, expires_at FROM dnc_entries WHERE phone = '13800138002'",
    );
    expect(row).toEqual({ reason: '客户投诉', expires_at: expiresAt });
    const bad = await send(server.callers.agentA, 'POST', '/api/dnc', { phone: 'abc', reason: '勿扰' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)['message']).toBe('号码格式不正确');
  });

  it('a removal reaches phones as a tombstone; a phone starting from 0 gets only the live list', async () => {
    const created = await send(server.callers.admin, 'POST', '/api/admin/dnc', {
      phone: '010-1234-5678',
      reason: '错号',
    });
    const seqAfterAdd = json<{ seq: number }>(created).seq;
    const list = json<{ entries: { id: number; phone: string }[] }>(
      await send(server.callers.admin, 'GET', '/api/admin/dnc?q=0101234'),
    );
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]?.phone).toBe('010****5678');
    const id = list.entries[0]?.id ?? 0;
    const removed = await send(server.callers.admin, 'DELETE', `/api/admin/dnc/${id}`);
    expect(removed.statusCode).toBe(200);
    expect((await send(server.callers.admin, 'DELETE', `/api/admin/dnc/${id}`)).statusCode).toBe(404);
    const since = await changes(seqAfterAdd);
    expect(since.removed).toEqual(['01012345678']);
    expect(since.entries).toEqual([]);
    const fresh = await changes(0);
    expect(fresh.entries.map((entry) => entry.phone)).not.toContain('01012345678');
    expect(fresh.removed).toEqual([]);
    // Added again after removal: the live entry comes back with a newer seq.
    const again = await send(server.callers.agentB, 'POST', '/api/dnc', { phone: '01012345678', reason: '勿扰' });
    expect(json(again)['added']).toBe(true);
    expect((await changes(fresh.seq)).entries.map((entry) => entry.phone)).toEqual(['01012345678']);
    const audit = await server.db.query<{ action: string; detail: string }>(
      "SELECT action, detail FROM audit_log WHERE action LIKE 'dnc.%'",
    );
    expect(audit.map((row) => row.action).sort()).toEqual(['dnc.add', 'dnc.add', 'dnc.remove']);
    expect(audit.map((row) => row.detail).join(' ')).not.toMatch(/5678|8002/);
  });

  it('pages a long list by seq until more is false, and tells a phone ahead of the server to start over', async () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ phone: `1390000${String(i).padStart(4, '0')}` }));
    const imported = await send(server.callers.admin, 'POST', '/api/admin/dnc/import', {
      entries: [...entries, { phone: 'not a number' }, { phone: '13900000001', expiresAt: T0 - 1 }],
      reason: '名单导入',
    });
    expect(imported.statusCode).toBe(200);
    expect(json(imported)).toMatchObject({ added: 25, invalid: 2, invalidRows: [26, 27] });
    const seen = new Set<string>();
    let since = 0;
    let pages = 0;
    for (;;) {
      const page = await changes(since, server.callers.agentA, 10);
      page.entries.forEach((entry) => seen.add(entry.phone));
      since = page.seq;
      pages += 1;
      if (!page.more) break;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const entry of entries) expect(seen).toContain(entry.phone);
    const ahead = await changes(since + 1000);
    expect(ahead).toMatchObject({ reset: true, seq: 0 });
    // Importing the same list again changes nothing.
    const repeat = await send(server.callers.admin, 'POST', '/api/admin/dnc/import', { entries, reason: '名单导入' });
    expect(json(repeat)).toMatchObject({ added: 0, updated: 0, unchanged: 25 });
    expect((await changes(since)).entries).toEqual([]);
  });

  it('an expired entry is marked expired for the admin and sent with its expiry to phones', async () => {
    const expiresAt = T0 + 3_600_000;
    await send(server.callers.admin, 'POST', '/api/admin/dnc', { phone: '13700137000', reason: '暂缓', expiresAt });
    server.clock.now = T0 + 7_200_000;
    try {
      const list = json<{ entries: { phone: string; expired: boolean }[] }>(
        await send(server.callers.admin, 'GET', '/api/admin/dnc?q=13700137000'),
      );
      expect(list.entries).toEqual([expect.objectContaining({ phone: '137****7000', expired: true })]);
      const all = await changes(0);
      expect(all.entries.find((entry) => entry.phone === '13700137000')?.expiresAt).toBe(expiresAt);
      // An expired entry is revived by a phone's 勿扰, without the old expiry.
      const revived = await send(server.callers.agentA, 'POST', '/api/dnc', { phone: '13700137000', reason: '勿扰' });
      expect(json(revived)['added']).toBe(true);
      const past = await send(server.callers.admin, 'POST', '/api/admin/dnc', {
        phone: '13700137001',
        reason: 'x',
        expiresAt: T0,
      });
      expect(past.statusCode).toBe(400);
    } finally {
      server.clock.now = T0;
    }
  });

  it('never answers 5xx and never keeps a row from a refused body, 1000 generated bodies per write route', async () => {
    const routes: { url: string; caller: Caller; valid: fc.Arbitrary<unknown> }[] = [
      {
        url: '/api/dnc',
        caller: server.callers.agentA,
        valid: fc.record({ phone: fc.string({ maxLength: 45 }), reason: fc.string({ maxLength: 70 }) }),
      },
      {
        url: '/api/admin/dnc',
        caller: server.callers.admin,
        valid: fc.record(
          {
            phone: fc.oneof(fc.string({ maxLength: 45 }), fc.stringMatching(/^1[3-9][0-9]{9}$/)),
            reason: fc.string({ maxLength: 70 }),
            expiresAt: fc.oneof(fc.integer(), fc.constant(null), fc.double()),
          },
          { requiredKeys: ['phone'] },
        ),
      },
      {
        url: '/api/admin/dnc/import',
        caller: server.callers.admin,
        valid: fc.record({
          entries: fc.array(fc.record({ phone: fc.string({ maxLength: 45 }), reason: fc.string() }), { maxLength: 5 }),
          reason: fc.string({ maxLength: 70 }),
        }),
      },
    ];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), route.valid, fc.string()), async (body) => {
          const before = await countRows(server.db, 'dnc_entries');
          const response = await server.app.inject({
            method: 'POST',
            url: route.url,
            payload: JSON.stringify(body),
            headers: { ...route.caller.headers, 'content-type': 'application/json' },
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode >= 300) expect(await countRows(server.db, 'dnc_entries')).toBe(before);
        }),
        { numRuns: 1000 },
      );
    }
  }, 120_000);
});
