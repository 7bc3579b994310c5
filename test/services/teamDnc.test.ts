/**
 * @jest-environment node
 */
/** The team do-not-call list on phones, against the real team server: download, blocking offline, a 勿扰 shared. */

import { archiveCalls, forgetCallLogMemory } from '../../miniprogram/services/callLog';
import { doNotCallNumbers, findDoNotCall } from '../../miniprogram/services/doNotCallStore';
import {
  clearTeamDnc,
  flushTeamDncQueue,
  forgetTeamDncMemory,
  pendingTeamDnc,
  syncTeamDnc,
} from '../../miniprogram/services/teamDncStore';
import { saveWrapUp } from '../../miniprogram/services/wrapUp';
import { makeCall } from '../../tools/fixtures/callFixtures';
import { currentWxFake } from '../../tools/wx-fake/wx';
import { json, startTestServer, T0, type TestServer } from '../../server/test/helpers/testServer';
import { bindPhone } from '../helpers/teamPhone';

jest.setTimeout(60_000);

describe('team do-not-call list on the phone', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    forgetTeamDncMemory();
    forgetCallLogMemory();
  });

  const adminAdd = (phone: string, reason: string, expiresAt?: number) =>
    server.app.inject({
      method: 'POST',
      url: '/api/admin/dnc',
      headers: server.callers.admin.headers,
      payload: { phone, reason, ...(expiresAt === undefined ? {} : { expiresAt }) },
    });
  const sentUrls = () =>
    currentWxFake().network.sent.map((request) => request.url.replace('https://team.example.com', ''));

  it('downloads the list, blocks its numbers, then asks only for what changed; blocking works offline', async () => {
    expect((await adminAdd('13800138011', '客户投诉')).statusCode).toBe(201);
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    expect(findDoNotCall('138 0013 8011')).toBeUndefined();
    const first = await syncTeamDnc();
    expect(first).toMatchObject({ ok: true, entries: 1 });
    expect(findDoNotCall('138 0013 8011')).toMatchObject({ reason: '团队名单：客户投诉' });
    expect(doNotCallNumbers().has('13800138011')).toBe(true);
    const seq = first.ok ? first.seq : -1;

    expect((await adminAdd('13800138012', '错号')).statusCode).toBe(201);
    await syncTeamDnc();
    expect(sentUrls()).toEqual(['/api/dnc?since=0', `/api/dnc?since=${seq}`]);
    expect(findDoNotCall('13800138012')).toBeDefined();

    // A cold start with no network: the last copy still blocks.
    forgetTeamDncMemory();
    currentWxFake().network.online = false;
    expect(await syncTeamDnc()).toMatchObject({ ok: false });
    expect(findDoNotCall('13800138011')).toBeDefined();
    expect(findDoNotCall('13800138012')).toBeDefined();
  });

  it('a removal stops blocking on the next download, an expired entry never blocks, clearing drops the copy', async () => {
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    await adminAdd('13800138013', '暂缓', Date.now() + 60_000_000);
    await syncTeamDnc();
    expect(findDoNotCall('13800138013')).toBeDefined();
    expect(findDoNotCall('13800138013')).toMatchObject({ reason: '团队名单：暂缓' });
    const listed = json<{ entries: { id: number }[] }>(
      await server.app.inject({
        method: 'GET',
        url: '/api/admin/dnc?q=13800138013',
        headers: server.callers.admin.headers,
      }),
    );
    await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/dnc/${listed.entries[0]?.id ?? 0}`,
      headers: server.callers.admin.headers,
    });
    await syncTeamDnc();
    expect(findDoNotCall('13800138013')).toBeUndefined();
    clearTeamDnc();
    expect(findDoNotCall('13800138011')).toBeUndefined();
  });

  it('a 勿扰 chosen on one phone reaches the server and blocks the call on another phone', async () => {
    bindPhone(server, server.callers.agentB, { name: '坐席乙', role: 'agent' }, Date.now());
    const call = makeCall({ startedAt: T0, phone: '13800138099', state: 'connected', sessionId: 's', duration: 20 });
    archiveCalls([call]);
    currentWxFake().network.online = false;
    const saved = saveWrapUp(call, { outcome: '勿扰', note: '', followUp: { dueAt: 0, addToDoNotCall: true } });
    expect(saved.ok).toBe(true);
    await flushTeamDncQueue();
    // Offline: it waits in the queue, and this phone blocks it already from its own list.
    expect(pendingTeamDnc()).toBe(1);
    expect(findDoNotCall('13800138099')).toMatchObject({ reason: '勿扰' });
    currentWxFake().network.online = true;
    await flushTeamDncQueue();
    expect(pendingTeamDnc()).toBe(0);
    const [row] = await server.db.query<{ reason: string; created_by: number }>(
      "SELECT reason, created_by FROM dnc_entries WHERE phone = '13800138099'",
    );
    expect(row).toEqual({ reason: '勿扰', created_by: server.callers.agentB.userId });

    // Phone A: a different phone (fresh storage), bound to the same team.
    const { installWxFake } = await import('../../tools/wx-fake/wx');
    const appJson = (await import('../../miniprogram/app.json')).default;
    installWxFake({ appJson });
    forgetTeamDncMemory();
    bindPhone(server, server.callers.agentA, { name: '坐席甲', role: 'agent' }, Date.now());
    expect(findDoNotCall('13800138099')).toBeUndefined();
    await syncTeamDnc();
    expect(findDoNotCall('13800138099')).toMatchObject({ reason: '团队名单：勿扰' });
  });

  it('without a server nothing is queued or asked, and the phone’s own list works as before', async () => {
    const call = makeCall({ startedAt: T0, phone: '13800138098', state: 'connected', sessionId: 's', duration: 20 });
    archiveCalls([call]);
    saveWrapUp(call, { outcome: '勿扰', note: '', followUp: { dueAt: 0, addToDoNotCall: true } });
    expect(pendingTeamDnc()).toBe(0);
    expect(await syncTeamDnc()).toMatchObject({ ok: false, skipped: true });
    expect(currentWxFake().network.sent).toEqual([]);
    expect(findDoNotCall('13800138098')).toMatchObject({ reason: '勿扰' });
  });
});
