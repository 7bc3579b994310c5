/** POST /api/calls/batch: idempotent revisioned upsert from the phone's outbox, answered with TCCC's joined status. */

import fc from 'fast-check';
import { expectAuthMatrix } from './helpers/authMatrix';
import { countRows, json, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';

interface CallBody {
  id: string;
  revision: number;
  uui: string;
  sessionId: string;
  phone: string;
  name: string;
  startedAt: number;
  returnedAt: number;
  state: string;
  duration: number | null;
  closeBy: string;
  outcome: string;
  note: string;
}

interface BatchReply {
  calls: { id: string; revision: number; changed: boolean; tccc: null | Record<string, unknown> }[];
}

function call(id: string, over: Partial<CallBody> = {}): CallBody {
  return {
    id,
    revision: 1,
    uui: `td1.${id}`,
    sessionId: '',
    phone: '13812345678',
    name: '王先生',
    startedAt: T0,
    returnedAt: 0,
    state: 'in-tccc',
    duration: null,
    closeBy: '',
    outcome: '',
    note: '',
    ...over,
  };
}

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;

describe('POST /api/calls/batch', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const send = (calls: unknown[], headers = server.callers.agentA.headers) =>
    server.app.inject({ method: 'POST', url: '/api/calls/batch', payload: { calls }, headers });
  const pushCdr = (body: Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=cdr&version=1',
      payload: JSON.stringify({ SdkAppId: Number(SDK_APP_ID), ...body }),
      headers: { authorization: BASIC, 'content-type': 'application/json;charset=utf8' },
    });

  it('refuses everyone but agents, writing nothing', async () => {
    await expectAuthMatrix(
      server,
      { method: 'POST', url: '/api/calls/batch', payload: { calls: [call('aaaaaaaa00')] } },
      ['agent'],
    );
  });

  it('stores a call, and a resend or an older revision changes nothing', async () => {
    const first = await send([call('mip3k2x0aa', { revision: 2, state: 'connected', duration: 30, sessionId: 's-a' })]);
    expect(first.statusCode).toBe(200);
    expect(json<BatchReply>(first).calls).toEqual([{ id: 'mip3k2x0aa', revision: 2, changed: true, tccc: null }]);
    const resend = await send([
      call('mip3k2x0aa', { revision: 2, state: 'connected', duration: 30, sessionId: 's-a' }),
    ]);
    expect(json<BatchReply>(resend).calls[0]).toMatchObject({ revision: 2, changed: false });
    const older = await send([call('mip3k2x0aa', { revision: 1, state: 'in-tccc' })]);
    expect(json<BatchReply>(older).calls[0]).toMatchObject({ revision: 2, changed: false });
    const rows = await server.db.query('SELECT revision, state, duration FROM calls WHERE call_id = $1', [
      'mip3k2x0aa',
    ]);
    expect(rows).toEqual([{ revision: 2, state: 'connected', duration: 30 }]);
    // A newer revision (the wrap-up) replaces it.
    const wrapUp = await send([
      call('mip3k2x0aa', { revision: 3, state: 'connected', duration: 30, sessionId: 's-a', outcome: 'interested' }),
    ]);
    expect(json<BatchReply>(wrapUp).calls[0]).toMatchObject({ revision: 3, changed: true });
  });

  it('keeps the highest revision when one batch carries a call twice, in any order', async () => {
    const response = await send([
      call('mip3k2x0ab', { revision: 5, note: '新' }),
      call('mip3k2x0ab', { revision: 4, note: '旧' }),
    ]);
    expect(json<BatchReply>(response).calls).toEqual([{ id: 'mip3k2x0ab', revision: 5, changed: true, tccc: null }]);
    expect(await server.db.query('SELECT note FROM calls WHERE call_id = $1', ['mip3k2x0ab'])).toEqual([
      { note: '新' },
    ]);
  });

  it('joins the CDR on UUI (the phone has no sessionId yet) and answers with TCCC’s status', async () => {
    await pushCdr({
      SessionId: 'sess-busy',
      Uui: 'td1.mip3k2x0ac',
      EndStatusString: 'busy',
      Duration: 0,
      SeatUser: { UserId: server.seats.agentA },
    });
    const response = await send([call('mip3k2x0ac', { state: 'no-result' })]);
    expect(json<BatchReply>(response).calls[0]?.tccc).toEqual({
      sessionId: 'sess-busy',
      endStatus: 'busy',
      endStatusLabel: '忙线',
      duration: 0,
      hungUpSide: null,
      acceptedAt: null,
      endedAt: null,
      hasRecording: false,
      joinedBy: 'uui',
    });
  });

  it('joins a CDR that arrives after the call, and the phone’s bare-id uui of today maps onto the contract', async () => {
    await send([call('mip3k2x0ad', { uui: 'mip3k2x0ad' })]);
    await pushCdr({
      SessionId: 'sess-late',
      Uui: 'mip3k2x0ad',
      EndStatusString: 'notAnswer',
      SeatUser: { Mail: server.seats.agentA },
    });
    const response = await send([call('mip3k2x0ad', { uui: 'mip3k2x0ad' })]);
    expect(json<BatchReply>(response).calls[0]?.tccc).toMatchObject({
      sessionId: 'sess-late',
      endStatusLabel: '无人接听',
      joinedBy: 'uui',
    });
  });

  it('joins on sessionId when the uui names no call (a business reference)', async () => {
    await pushCdr({
      SessionId: 'sess-ref',
      Uui: 'order-778',
      EndStatusString: 'ok',
      Duration: 42,
      SeatUser: { UserId: server.seats.agentA },
    });
    const response = await send([
      call('mip3k2x0ae', { uui: 'order-778', sessionId: 'sess-ref', state: 'connected', duration: 41 }),
    ]);
    expect(json<BatchReply>(response).calls[0]?.tccc).toMatchObject({
      sessionId: 'sess-ref',
      duration: 42,
      joinedBy: 'sessionId',
    });
  });

  it('never joins another agent’s CDR on a colliding uui, nor one whose sessionId contradicts the phone', async () => {
    // Agent B's CDR carries the same call id (two phones, same millisecond, same 2 random chars).
    await pushCdr({
      SessionId: 'sess-b',
      Uui: 'td1.mip3k2x0af',
      EndStatusString: 'ok',
      SeatUser: { UserId: server.seats.agentB },
    });
    const mine = await send([call('mip3k2x0af')]);
    expect(json<BatchReply>(mine).calls[0]?.tccc).toBeNull();
    // A CDR without any seat joins by sessionId only.
    await pushCdr({ SessionId: 'sess-noseat', Uui: 'td1.mip3k2x0ag', EndStatusString: 'ok' });
    expect(json<BatchReply>(await send([call('mip3k2x0ag')])).calls[0]?.tccc).toBeNull();
    // The phone says session X; a CDR with this uui but session Y is not this call's.
    await pushCdr({
      SessionId: 'sess-y',
      Uui: 'td1.mip3k2x0ah',
      EndStatusString: 'ok',
      SeatUser: { UserId: server.seats.agentA },
    });
    expect(json<BatchReply>(await send([call('mip3k2x0ah', { sessionId: 'sess-x' })])).calls[0]?.tccc).toBeNull();
  });

  it('keeps each agent’s calls apart: the same call id from agent B is B’s own row', async () => {
    await send([call('mip3k2x0ai', { note: 'A' })]);
    await send([call('mip3k2x0ai', { note: 'B', revision: 9 })], server.callers.agentB.headers);
    const rows = await server.db.query<{ agent_id: number; note: string; revision: number }>(
      'SELECT agent_id, note, revision FROM calls WHERE call_id = $1 ORDER BY agent_id',
      ['mip3k2x0ai'],
    );
    expect(rows).toEqual([
      { agent_id: server.callers.agentA.userId, note: 'A', revision: 1 },
      { agent_id: server.callers.agentB.userId, note: 'B', revision: 9 },
    ]);
  });

  it('refuses a malformed batch whole, with the reason, storing none of it', async () => {
    const before = await countRows(server.db, 'calls');
    const cases: unknown[] = [
      [],
      [call('ok00000000'), { ...call('bad0000000'), revision: -1 }],
      [{ ...call('bad0000001'), state: 'exploded' }],
      [{ ...call('bad0000002'), note: 'a\u0000b' }],
      [{ ...call('bad0000003'), revision: '3' }],
    ];
    for (const calls of cases) {
      const response = await send(calls as unknown[]);
      expect(response.statusCode).toBe(400);
      expect(json(response)['message']).toMatch(/^请求格式不正确/);
    }
    const notAList = await server.app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      payload: '{"calls":',
      headers: { ...server.callers.agentA.headers, 'content-type': 'application/json' },
    });
    expect(notAList.statusCode).toBe(400);
    expect(await countRows(server.db, 'calls')).toBe(before);
  });

  it('never answers 5xx and never keeps a row from a refused batch, for 1000 generated bodies', async () => {
    const validCall = fc.record({
      id: fc.stringMatching(/^[0-9a-z]{10}$/),
      revision: fc.nat({ max: 2_147_483_647 }),
      uui: fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^td1\.[0-9a-z]{10}$/)),
      sessionId: fc.oneof(fc.constant(''), fc.uuid()),
      phone: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.constant('')),
      name: fc.string({ maxLength: 30 }).filter((text) => !text.includes('\u0000')),
      startedAt: fc.integer({ min: 1, max: 4_102_444_800_000 }),
      returnedAt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4_102_444_800_000 })),
      state: fc.constantFrom('connected', 'in-tccc', 'no-result', 'placed-not-connected', 'orphan'),
      duration: fc.oneof(fc.constant(null), fc.nat({ max: 86_400 })),
      closeBy: fc.constantFrom('', 'seat', 'client', 'timer'),
      outcome: fc.constantFrom('', 'interested', 'callback'),
      note: fc.string({ maxLength: 100 }).filter((text) => !text.includes('\u0000')),
    });
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.constant(-1),
      fc.constant('a\u0000'),
    );
    // A valid call with one field replaced by junk, or removed.
    const brokenCall = fc
      .tuple(
        validCall,
        fc.constantFrom(
          'id',
          'revision',
          'uui',
          'sessionId',
          'phone',
          'name',
          'startedAt',
          'state',
          'duration',
          'note',
        ),
        junk,
        fc.boolean(),
      )
      .map(([valid, field, value, remove]) => {
        const copy = Object.entries(valid).filter(([key]) => !remove || key !== field);
        return Object.fromEntries(remove ? copy : [...copy, [field, value]]);
      });
    const bodies = fc.oneof(
      { arbitrary: fc.jsonValue(), weight: 1 },
      { arbitrary: fc.record({ calls: fc.array(validCall, { minLength: 1, maxLength: 5 }) }), weight: 2 },
      {
        arbitrary: fc.record({ calls: fc.array(fc.oneof(validCall, brokenCall), { minLength: 1, maxLength: 5 }) }),
        weight: 2,
      },
    );
    const outcomes = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const before = await countRows(server.db, 'calls');
        const response = await server.app.inject({
          method: 'POST',
          url: '/api/calls/batch',
          payload: JSON.stringify(body),
          headers: { ...server.callers.agentA.headers, 'content-type': 'application/json' },
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 200) outcomes.stored += 1;
        else {
          outcomes.refused += 1;
          expect(json(response)['message']).toEqual(expect.any(String));
          expect(await countRows(server.db, 'calls')).toBe(before);
        }
      }),
      { numRuns: 1000 },
    );
    expect(outcomes.stored).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  }, 180_000);
});
