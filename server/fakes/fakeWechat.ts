/** A fake WeChat API server: /sns/jscode2session with single-use codes and WeChat's error codes and shapes. */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';

export interface FakeWechat {
  base: string;
  /** A wx.login code that WeChat would accept once for this openid. */
  issueCode(openid: string): string;
  /** How many code2Session calls arrived. */
  calls: number;
  close(): Promise<void>;
}

export async function startFakeWechat(appId: string, secret: string): Promise<FakeWechat> {
  const codes = new Map<string, { openid: string; used: boolean }>();
  const state = { calls: 0 };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') {
      response.writeHead(404);
      response.end();
      return;
    }
    state.calls += 1;
    const params = url.searchParams;
    if (params.get('appid') !== appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (params.get('secret') !== secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (params.get('grant_type') !== 'authorization_code')
      return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = codes.get(params.get('js_code') ?? '');
    if (code === undefined) return reply({ errcode: 40029, errmsg: 'invalid code' });
    if (code.used) return reply({ errcode: 40163, errmsg: 'code been used' });
    code.used = true;
    return reply({ openid: code.openid, session_key: crypto.randomBytes(16).toString('base64') });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    issueCode(openid) {
      const code = crypto.randomBytes(12).toString('hex');
      codes.set(code, { openid, used: false });
      return code;
    },
    get calls() {
      return state.calls;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
