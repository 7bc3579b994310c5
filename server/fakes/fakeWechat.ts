/**
 * A fake WeChat API server with WeChat's error codes and shapes: /sns/jscode2session with single-use codes,
 * /cgi-bin/token, and /cgi-bin/message/subscribe/send with one-time subscription quotas and template rules.
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';

/** A subscribe-message template: its keywords and their types (thing, time, …) as the console lists them. */
export type TemplateKeywords = Record<string, 'thing' | 'time' | 'name' | 'phrase'>;

export interface SentMessage {
  touser: string;
  template_id: string;
  page: string | undefined;
  data: Record<string, { value: string }>;
}

export interface FakeWechat {
  base: string;
  /** A wx.login code that WeChat would accept once for this openid. */
  issueCode(openid: string): string;
  /** How many code2Session calls arrived. */
  calls: number;
  /** Adds a template to the mini program's account. */
  addTemplate(id: string, keywords: TemplateKeywords): void;
  /** The user tapped 允许 for a template in wx.requestSubscribeMessage: one more message may be sent. */
  grant(openid: string, templateId: string): void;
  /** Messages delivered, in order. */
  sent: SentMessage[];
  /** The next subscribe sends answer this errcode (e.g. -1 system busy) before any other check. */
  failNextSends(errcode: number, count: number): void;
  /** Every issued access_token expires now (the next use gets 42001). */
  expireTokens(): void;
  /** access_token requests seen. */
  tokenRequests: number;
  close(): Promise<void>;
}

/** The mini program's pages: a subscribe message may only open one of them (else 41030). */
function appPages(): Set<string> {
  const appJson = path.join(__dirname, '..', '..', 'miniprogram', 'app.json');
  const parsed = JSON.parse(fs.readFileSync(appJson, 'utf8')) as { pages?: string[] };
  return new Set(parsed.pages ?? []);
}

/** time.DATA: 24-hour time, optionally with a date (2019年10月1日 15:01 / 2019-10-01 15:01 / 15:01). */
const TIME_VALUE = /^((\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})\s*)?\d{1,2}:\d{2}(:\d{2})?$/;
const VALUE_RULES: Record<TemplateKeywords[string], (value: string) => boolean> = {
  thing: (value) => value !== '' && [...value].length <= 20,
  time: (value) => TIME_VALUE.test(value),
  name: (value) => value !== '' && [...value].length <= 10 && !/[0-9]/.test(value),
  phrase: (value) => /^[\u4e00-\u9fa5]{1,5}$/.test(value),
};

export async function startFakeWechat(appId: string, secret: string): Promise<FakeWechat> {
  const codes = new Map<string, { openid: string; used: boolean }>();
  const openids = new Set<string>();
  const templates = new Map<string, TemplateKeywords>();
  const quotas = new Map<string, number>();
  const tokens = new Map<string, number>();
  const pages = appPages();
  const sent: SentMessage[] = [];
  const state = { calls: 0, tokenRequests: 0, failErrcode: 0, failCount: 0 };
  const rid = () => ` rid: ${crypto.randomBytes(6).toString('hex')}`;

  const sendMessage = (accessToken: string | null, raw: string): object => {
    if (state.failCount > 0) {
      state.failCount -= 1;
      return { errcode: state.failErrcode, errmsg: `system error${rid()}` };
    }
    const expiresAt = accessToken === null ? undefined : tokens.get(accessToken);
    if (expiresAt === undefined)
      return { errcode: 40001, errmsg: `invalid credential, access_token is invalid or not latest${rid()}` };
    if (expiresAt <= Date.now()) return { errcode: 42001, errmsg: `access_token expired${rid()}` };
    let body: Partial<SentMessage>;
    try {
      body = JSON.parse(raw) as Partial<SentMessage>;
    } catch {
      return { errcode: 47001, errmsg: `data format error${rid()}` };
    }
    if (typeof body.touser !== 'string' || !openids.has(body.touser))
      return { errcode: 40003, errmsg: `invalid openid${rid()}` };
    const keywords = typeof body.template_id === 'string' ? templates.get(body.template_id) : undefined;
    if (keywords === undefined || body.template_id === undefined)
      return { errcode: 40037, errmsg: `invalid template_id${rid()}` };
    if (body.page !== undefined && !pages.has(body.page.split('?')[0] ?? ''))
      return { errcode: 41030, errmsg: `invalid page${rid()}` };
    for (const [key, type] of Object.entries(keywords)) {
      const value = body.data?.[key]?.value;
      if (typeof value !== 'string' || value === '')
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value is empty${rid()}` };
      if (!VALUE_RULES[type](value))
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid${rid()}` };
    }
    const quotaKey = `${body.touser}|${body.template_id}`;
    const quota = quotas.get(quotaKey) ?? 0;
    if (quota <= 0) return { errcode: 43101, errmsg: `user refuse to accept the msg${rid()}` };
    quotas.set(quotaKey, quota - 1);
    sent.push({ touser: body.touser, template_id: body.template_id, page: body.page, data: body.data ?? {} });
    return { errcode: 0, errmsg: 'ok' };
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const params = url.searchParams;
    if (url.pathname === '/cgi-bin/token') {
      state.tokenRequests += 1;
      if (params.get('grant_type') !== 'client_credential')
        return reply({ errcode: 40002, errmsg: `invalid grant_type${rid()}` });
      if (params.get('appid') !== appId) return reply({ errcode: 40013, errmsg: `invalid appid${rid()}` });
      if (params.get('secret') !== secret) return reply({ errcode: 40125, errmsg: `invalid appsecret${rid()}` });
      const token = crypto.randomBytes(24).toString('hex');
      tokens.set(token, Date.now() + 7200_000);
      return reply({ access_token: token, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (request.method !== 'POST') return reply({ errcode: 43002, errmsg: `require POST method${rid()}` });
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => reply(sendMessage(params.get('access_token'), Buffer.concat(chunks).toString('utf8'))));
      return;
    }
    if (url.pathname !== '/sns/jscode2session') {
      response.writeHead(404);
      response.end();
      return;
    }
    state.calls += 1;
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
      openids.add(openid);
      return code;
    },
    get calls() {
      return state.calls;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    addTemplate(id, keywords) {
      templates.set(id, keywords);
    },
    grant(openid, templateId) {
      const key = `${openid}|${templateId}`;
      quotas.set(key, (quotas.get(key) ?? 0) + 1);
    },
    sent,
    failNextSends(errcode, count) {
      state.failErrcode = errcode;
      state.failCount = count;
    },
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
