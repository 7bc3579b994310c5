/** The fake wx's network APIs behave as WeChat documents them (tools/wx-fake/network.ts cites each rule). */

import { currentWxFake, type WxHttpRequest } from '../../../tools/wx-fake/wx';

type Outcome = { ok: boolean; result: Record<string, unknown> };

function request(options: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    wx.request({
      url: '',
      ...options,
      success: (result) => resolve({ ok: true, result: result as unknown as Record<string, unknown> }),
      fail: (result) => resolve({ ok: false, result: result as unknown as Record<string, unknown> }),
    } as WechatMiniprogram.RequestOption);
  });
}

const URL_OK = 'https://team.example.com';

function answering(statusCode: number, body: string, seen: WxHttpRequest[] = []) {
  return async (req: WxHttpRequest) => {
    seen.push(req);
    return { statusCode, header: { 'content-type': 'application/json' }, body };
  };
}

describe('wx fake: wx.request', () => {
  beforeEach(() => {
    const fake = currentWxFake();
    fake.network.requestDomains.push(URL_OK);
    fake.launch();
  });
  afterEach(() => jest.useRealTimers());

  it('calls success for any HTTP status, with data parsed from JSON, statusCode and header', async () => {
    const seen: WxHttpRequest[] = [];
    currentWxFake().network.requestHandler = answering(404, '{"message":"没有这个接口"}', seen);
    const outcome = await request({ url: `${URL_OK}/api/x`, method: 'POST', data: { a: 1 } });
    expect(outcome.ok).toBe(true);
    expect(outcome.result).toMatchObject({ statusCode: 404, data: { message: '没有这个接口' }, errMsg: 'request:ok' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: `${URL_OK}/api/x`, body: '{"a":1}' });
    expect(seen[0]?.header['content-type']).toBe('application/json');
  });

  it('puts GET data in the query string and keeps non-JSON bodies as text', async () => {
    const seen: WxHttpRequest[] = [];
    currentWxFake().network.requestHandler = answering(200, 'plain text', seen);
    const outcome = await request({ url: `${URL_OK}/api/calls`, data: { limit: 5, q: '张 三' } });
    expect(seen[0]?.url).toBe(`${URL_OK}/api/calls?limit=5&q=%E5%BC%A0%20%E4%B8%89`);
    expect(seen[0]?.body).toBeUndefined();
    expect(outcome.result['data']).toBe('plain text');
  });

  it('refuses a domain outside the request domain list, and http, before anything is sent', async () => {
    const fake = currentWxFake();
    fake.network.requestHandler = answering(200, '{}');
    const other = await request({ url: 'https://evil.example.com/api' });
    const http = await request({ url: 'http://team.example.com/api' });
    const port = await request({ url: 'https://team.example.com:443/api' });
    for (const outcome of [other, http, port]) {
      expect(outcome).toEqual({ ok: false, result: { errMsg: 'request:fail url not in domain list', errno: 600002 } });
    }
    expect(fake.network.sent).toEqual([]);
    // DevTools' 不校验合法域名 (the simulator's setting) lets http through.
    fake.network.checkRequestDomain = false;
    expect((await request({ url: 'http://127.0.0.1:5181/api' })).ok).toBe(true);
  });

  it('fails with request:fail timeout after the timeout (60 s by default)', async () => {
    jest.useFakeTimers();
    currentWxFake().network.requestHandler = () => new Promise(() => undefined);
    const short = request({ url: `${URL_OK}/slow`, timeout: 3000 });
    const long = request({ url: `${URL_OK}/slow` });
    await jest.advanceTimersByTimeAsync(3000);
    expect(await short).toEqual({ ok: false, result: { errMsg: 'request:fail timeout' } });
    await jest.advanceTimersByTimeAsync(56_999);
    expect(currentWxFake().network.inFlightCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await long).toEqual({ ok: false, result: { errMsg: 'request:fail timeout' } });
  });

  it('interrupts requests still running 5 s after the app hides, refuses new ones until it shows again', async () => {
    jest.useFakeTimers();
    const fake = currentWxFake();
    fake.network.requestHandler = () => new Promise(() => undefined);
    const running = request({ url: `${URL_OK}/slow` });
    fake.hide();
    await jest.advanceTimersByTimeAsync(4999);
    expect(fake.network.inFlightCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await running).toEqual({ ok: false, result: { errMsg: 'request:fail interrupted' } });
    expect((await request({ url: `${URL_OK}/x` })).result['errMsg']).toBe('request:fail interrupted');
    fake.show();
    fake.network.requestHandler = answering(200, '{}');
    expect((await request({ url: `${URL_OK}/x` })).ok).toBe(true);
  });

  it('a hide shorter than 5 s interrupts nothing', async () => {
    jest.useFakeTimers();
    const fake = currentWxFake();
    let answer: (value: { statusCode: number; header: Record<string, string>; body: string }) => void = () => undefined;
    fake.network.requestHandler = () => new Promise((resolve) => (answer = resolve));
    const running = request({ url: `${URL_OK}/slow` });
    fake.hide();
    await jest.advanceTimersByTimeAsync(3000);
    fake.show();
    await jest.advanceTimersByTimeAsync(10_000);
    answer({ statusCode: 200, header: {}, body: '{"ok":true}' });
    expect((await running).result['data']).toEqual({ ok: true });
  });

  it('fails offline and when nothing answers, with the platform’s wording', async () => {
    const fake = currentWxFake();
    const unreachable = await request({ url: `${URL_OK}/x` });
    expect(unreachable.result['errMsg']).toBe('request:fail Could not connect to the server.');
    fake.platform = 'android';
    fake.network.online = false;
    const offline = await request({ url: `${URL_OK}/x` });
    expect(offline.result['errMsg']).toMatch(/^request:fail .*ERR_INTERNET_DISCONNECTED/);
    expect(fake.network.sent).toHaveLength(1);
  });

  it('works promise-style too, resolving for a 500', async () => {
    currentWxFake().network.requestHandler = answering(500, '{}');
    const result = (await (wx.request as unknown as (o: object) => Promise<{ statusCode: number }>)({
      url: `${URL_OK}/x`,
    })) as { statusCode: number };
    expect(result.statusCode).toBe(500);
  });
});

describe('wx fake: wx.login', () => {
  it('gives a one-time code from the plugged issuer, and fails offline', async () => {
    const fake = currentWxFake();
    const codes = ['code-1', 'code-2'];
    fake.network.loginCode = () => codes.shift() ?? 'none';
    const first = await (wx.login as unknown as () => Promise<{ code: string; errMsg: string }>)();
    expect(first).toEqual({ errMsg: 'login:ok', code: 'code-1' });
    fake.network.online = false;
    await expect((wx.login as unknown as () => Promise<unknown>)()).rejects.toMatchObject({
      errMsg: expect.stringMatching(/^login:fail/),
    });
  });
});

describe('wx fake: wx.requestSubscribeMessage', () => {
  const subscribe = (tmplIds: unknown) =>
    (wx.requestSubscribeMessage as unknown as (o: object) => Promise<Record<string, unknown>>)({ tmplIds });

  it('answers per template id from a tap, as the user chose', async () => {
    const fake = currentWxFake();
    fake.network.subscribeAnswers.set('tmpl-b', 'reject').set('tmpl-c', 'ban');
    const answer = await fake.tap(() => subscribe(['tmpl-a', 'tmpl-b', 'tmpl-c']));
    expect(answer).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-a': 'accept',
      'tmpl-b': 'reject',
      'tmpl-c': 'ban',
    });
  });

  it('fails outside a tap, with no ids, with more than 3, and with an unknown template', async () => {
    const fake = currentWxFake();
    await expect(subscribe(['t'])).rejects.toEqual({
      errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.',
    });
    await expect(fake.tap(() => subscribe([]))).rejects.toMatchObject({ errCode: 10001 });
    await expect(fake.tap(() => subscribe(['a', 'b', 'c', 'd']))).rejects.toMatchObject({ errCode: 20003 });
    fake.network.subscribeTemplates = new Set(['known']);
    await expect(fake.tap(() => subscribe(['unknown']))).rejects.toMatchObject({ errCode: 20001 });
    expect(fake.network.subscribeRequests.map((r) => r.inTap)).toEqual([false, true, true, true]);
  });
});
