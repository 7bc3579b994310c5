/** WeChat's code2Session: trades a wx.login code for the openid; session_key is dropped on arrival. */

export type Code2SessionResult = { ok: true; openid: string } | { ok: false; errcode: number; errmsg: string };

export interface WechatApi {
  code2Session(code: string): Promise<Code2SessionResult>;
}

export function createWechatApi(base: string, appId: string, secret: string): WechatApi {
  return {
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
