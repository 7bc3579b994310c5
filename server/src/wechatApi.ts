/**
 * WeChat's server API: code2Session (a wx.login code for the openid; session_key is dropped on arrival) and
 * subscribeMessage.send with a cached access_token.
 */

export type Code2SessionResult = { ok: true; openid: string } | { ok: false; errcode: number; errmsg: string };

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogram_state: 'developer' | 'trial' | 'formal';
  lang: 'zh_CN';
}

/** errcode 0 is sent; -1 also stands for a network failure (nothing known to have reached WeChat). */
export type SendResult = { ok: true } | { ok: false; errcode: number; errmsg: string };

export interface WechatApi {
  code2Session(code: string): Promise<Code2SessionResult>;
  sendSubscribeMessage(message: SubscribeMessage): Promise<SendResult>;
}

/** access_token errors after which a fresh token is fetched once: invalid, expired, not the latest. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** A cached token is renewed this long before WeChat's expires_in runs out. */
const TOKEN_MARGIN_MS = 5 * 60_000;

async function postJson(url: URL, body: unknown): Promise<Record<string, unknown> | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const reply: unknown = await response.json();
    return typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>) : {};
  } catch {
    return null;
  }
}

function errorOf(reply: Record<string, unknown>): { errcode: number; errmsg: string } {
  return {
    errcode: typeof reply['errcode'] === 'number' ? reply['errcode'] : -1,
    errmsg: typeof reply['errmsg'] === 'string' ? reply['errmsg'] : 'no errmsg',
  };
}

export function createWechatApi(base: string, appId: string, secret: string, now: () => number = Date.now): WechatApi {
  let cached: { token: string; expiresAt: number } | null = null;

  /** The access_token (cached until shortly before it expires), or WeChat's error. The token is never logged. */
  async function accessToken(
    fresh: boolean,
  ): Promise<{ ok: true; token: string } | { ok: false; errcode: number; errmsg: string }> {
    if (!fresh && cached !== null && cached.expiresAt > now()) return { ok: true, token: cached.token };
    const url = new URL(`${base}/cgi-bin/token`);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', appId);
    url.searchParams.set('secret', secret);
    let reply: Record<string, unknown>;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body: unknown = await response.json();
      reply = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    } catch {
      return { ok: false, errcode: -1, errmsg: 'network' };
    }
    const token = reply['access_token'];
    const expiresIn = reply['expires_in'];
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
      cached = null;
      return { ok: false, ...errorOf(reply) };
    }
    cached = { token, expiresAt: now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return { ok: true, token };
  }

  async function send(message: SubscribeMessage, fresh: boolean): Promise<SendResult> {
    const token = await accessToken(fresh);
    if (!token.ok) return token;
    const url = new URL(`${base}/cgi-bin/message/subscribe/send`);
    url.searchParams.set('access_token', token.token);
    const reply = await postJson(url, message);
    if (reply === null) return { ok: false, errcode: -1, errmsg: 'network' };
    if (reply['errcode'] === 0) return { ok: true };
    const error = errorOf(reply);
    if (!fresh && STALE_TOKEN.has(error.errcode)) return send(message, true);
    return { ok: false, ...error };
  }

  return {
    sendSubscribeMessage: (message) => send(message, false),
    async code2Session(code) {
      const url = new URL(`${base}/sns/jscode2session`);
      url.searchParams.set('appid', appId);
      url.searchParams.set('secret', secret);
      url.searchParams.set('js_code', code);
      url.searchParams.set('grant_type', 'authorization_code');
      let body: unknown;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        body = await response.json();
      } catch {
        return { ok: false, errcode: -1, errmsg: 'network' };
      }
      const reply = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      // Only the openid is kept: session_key must never be stored or passed on.
      if (typeof reply['openid'] === 'string' && reply['openid'] !== '' && !reply['errcode']) {
        return { ok: true, openid: reply['openid'] };
      }
      const errcode = typeof reply['errcode'] === 'number' ? reply['errcode'] : -1;
      const errmsg = typeof reply['errmsg'] === 'string' ? reply['errmsg'] : 'no openid';
      return { ok: false, errcode, errmsg };
    },
  };
}

/** What the agent is told when code2Session refuses; the HTTP status says whether retrying can help. */
export function code2SessionFailure(errcode: number): { status: number; message: string } {
  if (errcode === 40029 || errcode === 40163)
    return { status: 400, message: `微信登录凭证无效或已使用，请重试（${errcode}）` };
  if (errcode === 45011) return { status: 429, message: '微信登录太频繁，请稍后再试（45011）' };
  if (errcode === 40226) return { status: 403, message: '微信判定此账号存在风险，无法登录（40226）' };
  return { status: 502, message: `微信登录服务暂不可用，请稍后再试（${errcode}）` };
}
