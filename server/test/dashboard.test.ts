/** The supervisors' dashboard on the server: pages by role, escaping, filters, detail, recording links, exports, admin. */

import { routeTable } from '../src/app';
import { dayStart, shanghaiDay } from '../src/dashboard/filters';
import { formatTime } from '../src/dashboard/pages';
import { expectAuthMatrix } from './helpers/authMatrix';
import { json, PUSH_SECRET, SDK_APP_ID, startTestServer, T0, type TestServer } from './helpers/testServer';
import { readZip } from '../../test/helpers/zipReader';

const BASIC = `Basic ${Buffer.from(`${SDK_APP_ID}:${PUSH_SECRET}`).toString('base64')}`;
const XSS = '<img src=x onerror=alert(1)>';

describe('dashboard', () => {
  let server: TestServer;
  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    server = await startTestServer();
    const base = { revision: 1, sessionId: '', returnedAt: 0, closeBy: 'client', note: '' };
    const calls = Array.from({ length: 12 }, (_, i) => ({
      ...base,
      id: `d${String(i).padStart(9, '0')}`,
      uui: `td1.d${String(i).padStart(9, '0')}`,
      phone: `1391234${String(5000 + i)}`,
      name: i === 0 ? XSS : `客户${i}`,
      note: i === 1 ? '想要报价, 下周"再"联系' : '',
      startedAt: T0 - i * 3600_000,
      state: i % 2 === 0 ? 'connected' : 'placed-not-connected',
      duration: i % 2 === 0 ? 30 + i : 0,
      outcome: i % 2 === 0 ? '有意向' : '',
    }));
    const batch = await server.app.inject({
      method: 'POST',
      url: '/api/calls/batch',
      headers: server.callers.agentA.headers,
      payload: { calls },
    });
    expect(batch.statusCode).toBe(200);
    for (let i = 0; i < 12; i += 1) {
      const id = `d${String(i).padStart(9, '0')}`;
      const startTs = Math.floor((T0 - i * 3600_000) / 1000);
      const cdr = {
        SdkAppId: Number(SDK_APP_ID),
        SessionId: `s-${id}`,
        Uui: `td1.${id}`,
        EndStatusString: i % 2 === 0 ? 'ok' : 'busy',
        Duration: i % 2 === 0 ? 28 + i : 0,
        HungUpSide: i % 2 === 0 ? 'user' : 'seat',
        StartTimestamp: startTs,
        RingTimestamp: startTs + 2,
        AcceptTimestamp: i % 2 === 0 ? startTs + 8 : 0,
        EndedTimestamp: startTs + 40,
        Callee: `00861391234${5000 + i}`,
        QueuedSkillGroupName: '外呼一组',
        SkillGroup: '销售',
        RecordId: i === 0 ? 'rec-0' : '',
        SeatUser: { UserId: server.seats.agentA },
      };
      server.tccc.cdrs.push(cdr);
      const push = await server.app.inject({
        method: 'POST',
        url: '/tccc/push?action=cdr&version=1',
        headers: { authorization: BASIC, 'content-type': 'application/json', 'x-tccc-push-uuid': `u-${id}` },
        payload: JSON.stringify(cdr),
      });
      expect(push.statusCode).toBe(200);
    }
    await server.app.inject({
      method: 'POST',
      url: '/tccc/push?action=record&version=1',
      headers: { authorization: BASIC, 'content-type': 'application/json', 'x-tccc-push-uuid': 'u-rec-0' },
      payload: JSON.stringify({
        SdkAppId: Number(SDK_APP_ID),
        SessionId: 's-d000000000',
        RecordId: 'rec-0',
        RecordURL: 'https://stale.example/old-link.mp3',
        Timestamp: Math.floor(T0 / 1000),
      }),
    });
  });
  afterAll(() => server.close());

  it('sends people without a staff session to the sign-in page, an agent included', async () => {
    const anonymous = await get('/dashboard/calls?preset=today');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/dashboard/login?next=%2Fdashboard%2Fcalls%3Fpreset%3Dtoday');
    const agent = await get('/dashboard/calls', server.callers.agentA.headers);
    expect(agent.statusCode).toBe(303);
    const login = await get('/dashboard/login?next=https://evil.example/');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('data-next="/dashboard/calls"');
    expect(login.body).not.toContain('evil.example');
  });

  it('refuses the dashboard APIs to anyone but staff, and admin APIs to supervisors', async () => {
    const agentId = server.callers.agentA.userId;
    await expectAuthMatrix(server, { method: 'GET', url: '/api/dashboard/numbers' }, ['supervisor', 'admin']);
    await expectAuthMatrix(server, { method: 'GET', url: `/api/calls/${agentId}/d000000000` }, ['supervisor', 'admin']);
    await expectAuthMatrix(server, { method: 'GET', url: `/api/calls/${agentId}/d000000000/recording` }, [
      'supervisor',
      'admin',
    ]);
    await expectAuthMatrix(server, { method: 'GET', url: '/api/admin/agents' }, ['admin']);
    await expectAuthMatrix(server, { method: 'GET', url: '/api/admin/audit' }, ['admin']);
    await expectAuthMatrix(
      server,
      { method: 'PATCH' as 'POST', url: `/api/admin/agents/${agentId}`, payload: { name: 'x' } },
      ['admin'],
    );
    await expectAuthMatrix(server, { method: 'POST', url: `/api/admin/agents/${agentId}/bind-code-qr` }, ['admin']);
    for (const page of ['/dashboard/admin/agents', '/dashboard/admin/audit', '/dashboard/admin/dnc']) {
      const response = await get(page, server.callers.supervisor.headers);
      expect(`${page} ${response.statusCode}`).toBe(`${page} 403`);
      expect(response.body).toContain('没有权限');
    }
  });

  it('refuses every staff write without its CSRF token, route by route, and writes nothing', async () => {
    const open = new Set(['/api/auth/login', '/api/auth/wx', '/tccc/push']);
    const writes = routeTable(server.app).filter(
      (route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) && !open.has(route.url),
    );
    expect(writes.length).toBeGreaterThanOrEqual(10);
    const before = await server.db.query('SELECT count(*) AS n FROM audit_log');
    for (const route of writes) {
      const url = route.url.replace(':id', String(server.callers.agentA.userId));
      for (const caller of [server.callers.supervisorNoCsrf, server.callers.adminNoCsrf]) {
        const response = await server.app.inject({
          method: route.method as 'POST',
          url,
          headers: { ...caller.headers, 'content-type': 'application/json' },
          payload: '{}',
        });
        // 403: refused for the missing token (or the role) before the body is even validated.
        expect(`${route.method} ${route.url} ${response.statusCode}`).toMatch(/ 403$/);
      }
    }
    expect(await server.db.query('SELECT count(*) AS n FROM audit_log')).toEqual(before);
  });

  it('shows the call list with both sides, numbers masked and user text escaped', async () => {
    const page = await get('/dashboard/calls?preset=7d', server.callers.supervisor.headers);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain(XSS);
    expect(page.body).toContain('139****5000');
    expect(page.body).not.toContain('13912345000');
    expect(page.body).toContain('忙线');
    expect(page.body).toContain('想要报价, 下周&quot;再&quot;联系');
    expect(page.body).toContain('id="kpi-calls">12<');
  });

  it('writes the chosen days as text in Chinese order beside the date controls, for every preset', async () => {
    const headers = server.callers.supervisor.headers;
    const custom = await get('/dashboard/calls?preset=custom&from=2026-12-07&to=2026-12-01', headers);
    expect(custom.body).toMatch(/id="range-text"[^>]*>\s*2026-12-01 至 2026-12-07\s*</);
    const week = await get('/dashboard/calls?preset=7d', headers);
    const [, from, to] = /id="range-text"[^>]*>\s*(\d{4}-\d\d-\d\d) 至 (\d{4}-\d\d-\d\d)\s*</.exec(week.body) ?? [];
    expect((Date.parse(to ?? '') - Date.parse(from ?? '')) / 86_400_000).toBe(6);
    // Each preset option carries its days, so the text follows the select before the filter is applied.
    expect(week.body).toMatch(new RegExp(`value="7d"\\s+data-range="${from} 至 ${to}"`));
    expect(week.body).toMatch(new RegExp(`value="today"\\s+data-range="${to}"`));
  });

  it('gives the chart every day of the range, a day without calls as zero', async () => {
    const start = dayStart(shanghaiDay(T0)) - 6 * 86_400_000;
    const numbers = json<{ calls: number; days: { day: string; calls: number; connected: number }[] }>(
      await get(`/api/dashboard/numbers?from=${start}&to=${start + 7 * 86_400_000}`, server.callers.supervisor.headers),
    );
    expect(numbers.days.map((d) => d.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => shanghaiDay(start + i * 86_400_000)),
    );
    expect(numbers.days.reduce((sum, d) => sum + d.calls, 0)).toBe(numbers.calls);
    expect(numbers.days.some((d) => d.calls === 0 && d.connected === 0)).toBe(true);
  });

  it('filters to one agent’s busy calls, and says what to change when nothing matches', async () => {
    const agentId = server.callers.agentA.userId;
    const busy = await get(
      `/dashboard/calls?preset=7d&agent=${agentId}&status=busy`,
      server.callers.supervisor.headers,
    );
    expect(busy.body).toContain('id="kpi-calls">6<');
    expect(busy.body.match(/<tr>\s*<td><a href="\/dashboard\/calls\//g)).toHaveLength(6);
    const other = await get(
      `/dashboard/calls?preset=today&agent=${server.callers.agentB.userId}`,
      server.callers.supervisor.headers,
    );
    expect(other.body).toContain('没有符合条件的通话');
    expect(other.body).toContain('把日期放宽');
    expect(other.body).toContain('把坐席改为“全部”');
    const api = json<{ calls: { id: string }[] }>(
      await get(`/api/calls?hungUpSide=seat&hasNote=false&sort=talk`, server.callers.supervisor.headers),
    );
    // Six busy calls hung up by the seat, one of them with a note.
    expect(api.calls).toHaveLength(5);
    const noted = json<{ calls: { id: string }[] }>(
      await get('/api/calls?hasNote=true', server.callers.supervisor.headers),
    );
    expect(noted.calls.map((call) => call.id)).toEqual(['d000000001']);
  });

  it('sorts by talk time with a cursor that pages through every call once', async () => {
    const seen: string[] = [];
    let talk: number[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i += 1) {
      const page = json<{ calls: { id: string; tccc: { duration: number } }[]; nextCursor: string | null }>(
        await get(`/api/calls?sort=talk&limit=5${cursor}`, server.callers.supervisor.headers),
      );
      seen.push(...page.calls.map((call) => call.id));
      talk = talk.concat(page.calls.map((call) => call.tccc.duration));
      if (page.nextCursor === null) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(12);
    expect(talk).toEqual([...talk].sort((a, b) => b - a));
  });

  it('answers a sort or page change with the rows alone, behind the page’s guards', async () => {
    const url = '/dashboard/calls?preset=7d&sort=talk&part=rows';
    // No session, bad sessions and agents are refused as the APIs refuse them (401/403), and nothing is written.
    await expectAuthMatrix(server, { method: 'GET', url }, ['supervisor', 'admin']);
    // An agent's phone token sent as the browser's cookie is no staff session.
    const phoneToken = (server.callers.agentA.headers['authorization'] ?? '').replace('Bearer ', '');
    expect((await get(url, { cookie: `td_session=${phoneToken}` })).statusCode).toBe(401);
    const part = await get(url, server.callers.supervisor.headers);
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(part.headers['cache-control']).toBe('no-store');
    expect(part.headers['content-security-policy']).toContain("script-src 'self'");
    // Only the table and the pager: no page around them, no numbers recomputed.
    expect(part.body).toMatch(/^<div id="call-list" data-sort="talk">/);
    expect(part.body).not.toContain('<html');
    expect(part.body).not.toContain('kpi');
    expect(part.body).not.toContain('agent-table');
    expect(part.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(part.body).not.toContain(XSS);
    expect(part.body).not.toContain('13912345000');
    // The very markup the whole page has for the same URL.
    const page = await get('/dashboard/calls?preset=7d&sort=talk', server.callers.supervisor.headers);
    expect(page.body).toContain(part.body);
    const talk = [...part.body.matchAll(/<td class="num">(\d+):(\d\d)<\/td>/g)].map(
      (m) => Number(m[1]) * 60 + Number(m[2]),
    );
    expect(talk).toHaveLength(12);
    expect(talk).toEqual([...talk].sort((a, b) => b - a));
    expect(part.body).toContain('aria-sort="descending"');
    expect(part.body).toMatch(/<a\s+href="\/dashboard\/calls\?preset=7d"\s+data-rows="sort"/);
    // A number search through the rows part is audited like the page's, without the digits.
    await get('/dashboard/calls?preset=7d&phone=5000&part=rows', server.callers.supervisor.headers);
    const [search] = await server.db.query<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'call.search' ORDER BY id DESC LIMIT 1",
    );
    expect(search?.detail).toBe('GET /dashboard/calls rows: 4 digits, 1 calls shown');
  });

  it('opens one call with the phone’s record and the CDR, raw JSON masked', async () => {
    const agentId = server.callers.agentA.userId;
    const page = await get(`/dashboard/calls/${agentId}/d000000002`, server.callers.supervisor.headers);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('手机记录');
    expect(page.body).toContain('TCCC 话单');
    expect(page.body).toContain('外呼一组');
    expect(page.body).toContain('s-d000000002');
    expect(page.body).not.toContain('13912345002');
    expect(page.body).toContain('139****5002');
    const missing = await get(`/dashboard/calls/${agentId}/nope`, server.callers.supervisor.headers);
    expect(missing.statusCode).toBe(404);
  });

  it('plays a recording through a freshly signed link from TCCC, audited', async () => {
    const agentId = server.callers.agentA.userId;
    const first = json<{ url: string }>(
      await get(`/api/calls/${agentId}/d000000000/recording`, server.callers.supervisor.headers),
    );
    expect(first.url).not.toContain('stale.example');
    const audio = await fetch(first.url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    server.tccc.nowMs = () => Date.now() + 3600_000;
    const expired = await fetch(first.url);
    expect(expired.status).toBe(403);
    const second = json<{ url: string }>(
      await get(`/api/calls/${agentId}/d000000000/recording`, server.callers.supervisor.headers),
    );
    expect((await fetch(second.url)).status).toBe(200);
    server.tccc.nowMs = () => Date.now();
    const none = await get(`/api/calls/${agentId}/d000000001/recording`, server.callers.supervisor.headers);
    expect(none.statusCode).toBe(404);
    expect(await server.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'call.recording'")).toEqual([
      { n: 2 },
    ]);
  });

  it('exports masked by default; full numbers stay text in CSV and .xlsx and are audited', async () => {
    const masked = await get('/api/calls/export?format=csv', server.callers.supervisor.headers);
    expect(masked.headers['x-export-rows']).toBe('12');
    expect(masked.body).not.toContain('13912345000');
    expect(masked.body).toContain('139****5000');
    expect(masked.body).toContain('"想要报价, 下周""再""联系"');
    const full = await get('/api/calls/export?format=csv&full=1', server.callers.supervisor.headers);
    expect(full.body).toContain(',="13912345000",');
    const xlsx = await server.app.inject({
      method: 'GET',
      url: '/api/calls/export?format=xlsx&full=1',
      headers: server.callers.supervisor.headers,
    });
    const sheet = readZip(xlsx.rawPayload).get('xl/worksheets/sheet1.xml');
    const xml = Buffer.from(sheet ?? new Uint8Array()).toString('utf8');
    expect(xml.match(/<row /g)).toHaveLength(13);
    expect(xml).toMatch(/t="inlineStr"><is><t xml:space="preserve">13912345000<\/t>/);
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const actions = await server.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'call.export%' ORDER BY id",
    );
    expect(actions.map((row) => row.action)).toEqual(['call.export', 'call.export.full', 'call.export.full']);
  });

  it('lets an admin edit a seat and issue a bind code with a QR code; the audit log shows it', async () => {
    const agentId = server.callers.agentA.userId;
    const admin = server.callers.admin.headers;
    const clash = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/agents/${agentId}`,
      headers: admin,
      payload: { seatUserId: server.seats.agentB },
    });
    expect(clash.statusCode).toBe(409);
    const code = await server.app.inject({
      method: 'POST',
      url: `/api/admin/agents/${agentId}/bind-code-qr`,
      headers: admin,
    });
    expect(code.statusCode).toBe(201);
    const issued = json<{ code: string; qrSvg: string }>(code);
    expect(issued.code).toMatch(/^[0-9A-Z]{8}$/);
    expect(issued.qrSvg).toMatch(/^<svg /);
    const agents = await get('/dashboard/admin/agents', admin);
    expect(agents.body).toContain('绑定码有效至');
    expect(agents.body).not.toContain(issued.code);
    const audit = await get('/dashboard/admin/audit', admin);
    expect(audit.body).toContain('发放绑定码');
    expect(audit.body).toContain('导出（完整号码）');
    expect(audit.body).toContain('播放录音');
  });

  it('names the users an audit entry refers to by id, escaped', async () => {
    const agentId = server.callers.agentA.userId;
    const renamed = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/agents/${agentId}`,
      headers: server.callers.admin.headers,
      payload: { name: XSS },
    });
    expect(renamed.statusCode).toBe(200);
    const range = `from=${T0 - 86_400_000}&to=${T0}`;
    expect((await get(`/api/calls/export?format=csv&${range}`, server.callers.supervisor.headers)).statusCode).toBe(
      200,
    );
    const page = await get('/dashboard/admin/audit', server.callers.admin.headers);
    const details = [...page.body.matchAll(/<td class="detail">([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
    // Every entry about agent A shows the name (as text), not the bare id.
    expect(details.some((d) => /\bagent \d/.test(d))).toBe(false);
    expect(page.body).not.toContain(XSS);
    const named = `<span class="user" title="用户 #${agentId}">&lt;img src=x onerror=alert(1)&gt;</span>`;
    expect(details.filter((d) => d.includes(`坐席 ${named}`)).length).toBeGreaterThanOrEqual(2);
    // An export's range reads as Shanghai time, not epoch ms.
    const exported = details.map((d) => d.replace(/&quot;/g, '"')).find((d) => d.includes('rows csv {"from"'));
    expect(exported).toContain(`"from":"${formatTime(T0 - 86_400_000)}","to":"${formatTime(T0)}"`);
    // A played recording links to the call it was, under the agent's name.
    expect(page.body).toContain(
      `<a href="/dashboard/calls/${agentId}/d000000000" title="坐席 #${agentId}">&lt;img src=x onerror=alert(1)&gt; 的通话 d000000000</a>`,
    );
  });
});
