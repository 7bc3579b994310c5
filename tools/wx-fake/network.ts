/**
 * The network part of the fake wx: wx.request, wx.login and wx.requestSubscribeMessage, with WeChat's rules and
 * error messages. Requests go to a pluggable handler: Fastify's inject or an in-memory one in tests, real fetch to
 * the local team server in the simulator. Imports nothing of Node's, so it runs in a browser as it is.
 *
 * Sources (WeChat's docs, "网络 › 使用说明" and the API pages, as mirrored in public copies):
 * - success for any HTTP status: "只要成功接收到服务器返回，无论 statusCode 是多少，都会进入 success 回调";
 * - timeout: "默认超时时间和最大超时时间都是 60s" → `request:fail timeout`;
 * - background: "小程序进入后台运行后，如果 5s 内网络请求没有结束，会回调错误信息 fail interrupted；在回到前台之前，
 *   网络请求接口调用都会无法调用";
 * - domains: HTTPS only, the origin must be in 服务器域名 (request 合法域名), else
 *   `{errno: 600002, errMsg: "request:fail url not in domain list"}`; DevTools' 不校验合法域名 lifts the check
 *   (and lets http through), which is what the simulator and tests model with checkRequestDomain = false;
 * - wx.requestSubscribeMessage: "仅在点击行为时调用" (`fail can only be invoked by user TAP gesture.`), results
 *   `{errMsg: 'requestSubscribeMessage:ok', [tmplId]: 'accept' | 'reject' | 'ban'}`, "一次调用最多可订阅3条消息"
 *   (newer pages say 5; 3 is what every base library accepts), errCode 10001 empty ids, 10002 network,
 *   20001 unknown template, 20003 too many ids.
 * Not documented, so modelled on what developers report: the offline messages of wx.request and wx.login.
 */

/** What left the phone: one HTTP request as the handler (the server) receives it. */
export interface WxHttpRequest {
  method: string;
  url: string;
  header: Record<string, string>;
  /** The body as sent: JSON text for object data on a write, undefined for GET. */
  body: string | undefined;
}

export interface WxHttpResponse {
  statusCode: number;
  header: Record<string, string>;
  body: string;
}

/** Answers a request; throws UnreachableError when nothing answers (connection refused, DNS, reset). */
export type RequestHandler = (request: WxHttpRequest) => Promise<WxHttpResponse>;

export class UnreachableError extends Error {}

export type SubscribeAnswer = 'accept' | 'reject' | 'ban';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Requests still running this long after the app went to the background fail with `interrupted`. */
export const BACKGROUND_REQUEST_GRACE_MS = 5_000;
export const SUBSCRIBE_IDS_PER_CALL = 3;

type Timer = ReturnType<typeof setTimeout>;

/** A timer that does not keep Node (jest) alive on its own; browsers have no unref. */
function quietTimer(fn: () => void, ms: number): Timer {
  const timer = setTimeout(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export interface RequestOutcome {
  ok: boolean;
  result: Record<string, unknown>;
}

interface InFlight {
  settle(outcome: RequestOutcome): void;
  drop(): void;
}

function offlineMessage(platform: 'ios' | 'android', api: string): string {
  return platform === 'android'
    ? `${api}:fail errcode:-106 cronet_error_code:-106 error_msg:net::ERR_INTERNET_DISCONNECTED`
    : `${api}:fail The Internet connection appears to be offline.`;
}

function unreachableMessage(platform: 'ios' | 'android'): string {
  return platform === 'android'
    ? 'request:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_CONNECTION_REFUSED'
    : 'request:fail Could not connect to the server.';
}

/** The origin as written: URL() drops a default :443, but WeChat refuses it when the domain has no port. */
function originOf(rawUrl: string): string {
  return /^[a-z]+:\/\/[^/?#]+/i.exec(rawUrl)?.[0].toLowerCase() ?? '';
}

function queryString(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

/** WeChat's dataType 'json': the body parsed when it is JSON, else the text as it came. */
function parseBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function headerRecord(raw: unknown): Record<string, string> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw)) header[key.toLowerCase()] = String(value);
  }
  return header;
}

export class NetworkFake {
  /** Where requests go; undefined: nothing answers (every request fails as unreachable). */
  requestHandler: RequestHandler | undefined;
  /** The app's request 合法域名, as origins (`https://team.example.com`, with the port if one is configured). */
  readonly requestDomains: string[] = [];
  /** False models DevTools' 不校验合法域名: any http(s) URL goes (the simulator and most tests). */
  checkRequestDomain = true;
  /** False: the phone has no network (airplane mode). */
  online = true;
  platform: 'ios' | 'android' = 'ios';
  /** Every request that left the phone, in order. */
  readonly sent: WxHttpRequest[] = [];
  /** The code the next wx.login gets; plug the fake WeChat server's issuer so the server accepts it. */
  loginCode: () => string | Promise<string>;
  /** What the user picks per template id in the subscribe dialog (accept when unset). */
  readonly subscribeAnswers = new Map<string, SubscribeAnswer>();
  /** The template ids configured in the WeChat admin console; undefined: every id exists. */
  subscribeTemplates: Set<string> | undefined;
  readonly subscribeRequests: { tmplIds: string[]; inTap: boolean }[] = [];

  private loginCount = 0;
  private suspended = false;
  private backgroundTimer: Timer | undefined;
  private readonly inFlight = new Set<InFlight>();

  constructor() {
    this.loginCode = () => {
      this.loginCount += 1;
      return `wxfake-login-${this.loginCount}`;
    };
  }

  /** The app went to the background: requests running 5 s later fail, and new ones fail until it comes back. */
  appHidden(): void {
    if (this.backgroundTimer !== undefined) return;
    this.backgroundTimer = quietTimer(() => {
      this.backgroundTimer = undefined;
      this.suspended = true;
      for (const request of [...this.inFlight])
        request.settle({ ok: false, result: { errMsg: 'request:fail interrupted' } });
    }, BACKGROUND_REQUEST_GRACE_MS);
  }

  appShown(): void {
    if (this.backgroundTimer !== undefined) clearTimeout(this.backgroundTimer);
    this.backgroundTimer = undefined;
    this.suspended = false;
  }

  /** The app was destroyed: its JS is gone, so no callback of a running request ever runs. */
  appDestroyed(): void {
    this.appShown();
    for (const request of [...this.inFlight]) request.drop();
  }

  /** How many requests are still waiting for an answer. */
  inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Checks the URL as WeChat does before anything is sent; an errMsg when refused. */
  private refusal(rawUrl: string): string | undefined {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return `request:fail invalid url "${rawUrl}"`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `request:fail invalid url "${rawUrl}"`;
    if (!this.checkRequestDomain) return undefined;
    if (url.protocol !== 'https:' || !this.requestDomains.includes(originOf(rawUrl))) {
      return 'request:fail url not in domain list';
    }
    return undefined;
  }

  /** wx.request: settles through `settle` exactly once (success for any HTTP status). */
  request(options: Record<string, unknown>, settle: (outcome: RequestOutcome) => void): { abort(): void } {
    const method = typeof options['method'] === 'string' ? options['method'].toUpperCase() : 'GET';
    let url = typeof options['url'] === 'string' ? options['url'] : '';
    const header = headerRecord(options['header']);
    const data = options['data'];
    let body: string | undefined;
    if (method === 'GET' && typeof data === 'object' && data !== null) {
      const query = queryString(data as Record<string, unknown>);
      if (query !== '') url += (url.includes('?') ? '&' : '?') + query;
    } else if (typeof data === 'string') body = data;
    else if (data !== undefined) body = JSON.stringify(data);
    const timeoutMs = typeof options['timeout'] === 'number' ? options['timeout'] : DEFAULT_REQUEST_TIMEOUT_MS;

    let done = false;
    // Set once the request is under way; the settle closures above clear it.
    const clock: { timer?: Timer } = {};
    const entry: InFlight = {
      settle: (outcome) => {
        if (done) return;
        done = true;
        if (clock.timer !== undefined) clearTimeout(clock.timer);
        this.inFlight.delete(entry);
        settle(outcome);
      },
      drop: () => {
        done = true;
        if (clock.timer !== undefined) clearTimeout(clock.timer);
        this.inFlight.delete(entry);
      },
    };
    const fail = (errMsg: string, errno?: number) =>
      entry.settle({ ok: false, result: errno === undefined ? { errMsg } : { errMsg, errno } });
    const task = { abort: () => fail('request:fail abort') };

    const refused = this.refusal(url);
    if (refused !== undefined) {
      void Promise.resolve().then(() => fail(refused, refused.includes('domain list') ? 600002 : undefined));
      return task;
    }
    if (this.suspended) {
      void Promise.resolve().then(() => fail('request:fail interrupted'));
      return task;
    }
    if (!this.online) {
      void Promise.resolve().then(() => fail(offlineMessage(this.platform, 'request')));
      return task;
    }
    this.inFlight.add(entry);
    clock.timer = quietTimer(() => fail('request:fail timeout'), timeoutMs);
    const request: WxHttpRequest = { method, url, header, body };
    this.sent.push(request);
    const handler = this.requestHandler;
    const answer = handler === undefined ? Promise.reject(new UnreachableError()) : handler(request);
    answer.then(
      (response) =>
        entry.settle({
          ok: true,
          result: {
            errMsg: 'request:ok',
            statusCode: response.statusCode,
            header: response.header,
            data: parseBody(response.body),
            cookies: [],
          },
        }),
      () => fail(unreachableMessage(this.platform)),
    );
    return task;
  }

  /** wx.login: a one-time code; fails without a network. */
  async login(): Promise<RequestOutcome> {
    if (!this.online) return { ok: false, result: { errMsg: offlineMessage(this.platform, 'login') } };
    const code = await this.loginCode();
    return { ok: true, result: { errMsg: 'login:ok', code } };
  }

  /** wx.requestSubscribeMessage: only from a tap, at most 3 ids, one answer per id. */
  requestSubscribeMessage(options: Record<string, unknown>, inTap: boolean): RequestOutcome {
    const api = 'requestSubscribeMessage';
    const raw = options['tmplIds'];
    const tmplIds = Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
    this.subscribeRequests.push({ tmplIds, inTap });
    const fail = (errMsg: string, errCode?: number) => ({
      ok: false,
      result:
        errCode === undefined ? { errMsg: `${api}:fail ${errMsg}` } : { errMsg: `${api}:fail ${errMsg}`, errCode },
    });
    if (!inTap) return fail('can only be invoked by user TAP gesture.');
    if (tmplIds.length === 0) return fail("TmplIds can't be empty", 10001);
    if (tmplIds.length > SUBSCRIBE_IDS_PER_CALL) return fail('Templates count out of max bounds', 20003);
    if (!this.online) return fail('Request list fail', 10002);
    const templates = this.subscribeTemplates;
    if (templates !== undefined && tmplIds.some((id) => !templates.has(id))) {
      return fail('No template data return, verify the template id exist', 20001);
    }
    const result: Record<string, unknown> = { errMsg: `${api}:ok` };
    for (const id of tmplIds) result[id] = this.subscribeAnswers.get(id) ?? 'accept';
    return { ok: true, result };
  }
}

/** A handler that sends requests with fetch (the simulator's phone to the local team server). */
export function fetchHandler(fetchFn: typeof fetch = fetch): RequestHandler {
  return async (request) => {
    let response: Response;
    try {
      const init: RequestInit = { method: request.method, headers: request.header };
      if (request.body !== undefined) init.body = request.body;
      response = await fetchFn(request.url, init);
    } catch {
      throw new UnreachableError();
    }
    const header: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      header[key] = value;
    });
    return { statusCode: response.status, header, body: await response.text() };
  };
}
