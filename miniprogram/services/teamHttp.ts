/** One HTTP exchange with the team server over wx.request, its outcome sorted into what the app can act on. */

export type TeamFailureKind =
  'no-session' | 'offline' | 'timeout' | 'interrupted' | 'domain' | 'expired' | 'refused' | 'server';

/** A request that did not succeed; message is Chinese and never carries a number or a token. */
export type TeamFailure = { ok: false; kind: TeamFailureKind; status?: number; message: string };
export type TeamResult<T> = { ok: true; status: number; data: T } | TeamFailure;
export type TeamMethod = 'GET' | 'POST' | 'DELETE';

export const TEAM_MESSAGES = {
  noSession: '尚未加入团队',
  offline: '无法连接团队服务器，请检查网络后重试',
  timeout: '团队服务器响应超时，请稍后重试',
  interrupted: '小程序切到后台，请求被中断，稍后会重试',
  domain: '团队服务器的域名不在小程序的 request 合法域名中，请联系管理员在微信公众平台配置',
  badUrl: '团队服务器地址无效',
  expired: '团队登录已过期，请在设置中重新绑定',
  refused: '团队服务器拒绝了请求',
  server: '团队服务器暂时无法处理，请稍后重试',
} as const;

/**
 * The server's own message when it is safe to show: codes in brackets are dropped, and a message with any digit
 * left (a count, a number) falls back to the generic one so no number reaches the screen or a log.
 */
export function safeServerMessage(data: unknown, fallback: string): string {
  const raw = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  if (typeof raw !== 'string') return fallback;
  const cleaned = raw.replace(/[（(][^）)]*[）)]/g, '').trim();
  return cleaned === '' || /\d/.test(cleaned) || cleaned.length > 80 ? fallback : cleaned;
}

/** Sorts wx.request's fail errMsg (WeChat's wording: tools/wx-fake/network.ts cites it). */
export function failureOfErrMsg(errMsg: string): TeamFailure {
  if (/request:fail.*timeout/i.test(errMsg)) return { ok: false, kind: 'timeout', message: TEAM_MESSAGES.timeout };
  if (/interrupted/i.test(errMsg)) return { ok: false, kind: 'interrupted', message: TEAM_MESSAGES.interrupted };
  if (/domain list/i.test(errMsg)) return { ok: false, kind: 'domain', message: TEAM_MESSAGES.domain };
  if (/invalid url/i.test(errMsg)) return { ok: false, kind: 'domain', message: TEAM_MESSAGES.badUrl };
  return { ok: false, kind: 'offline', message: TEAM_MESSAGES.offline };
}

/** Sorts an HTTP answer: 2xx ok, 401 expired, other 4xx refused (with the server's reason), the rest server. */
export function resultOfResponse<T>(statusCode: number, data: unknown): TeamResult<T> {
  if (statusCode >= 200 && statusCode < 300) return { ok: true, status: statusCode, data: data as T };
  if (statusCode === 401) return { ok: false, kind: 'expired', status: statusCode, message: TEAM_MESSAGES.expired };
  if (statusCode >= 400 && statusCode < 500) {
    return {
      ok: false,
      kind: 'refused',
      status: statusCode,
      message: safeServerMessage(data, TEAM_MESSAGES.refused),
    };
  }
  return { ok: false, kind: 'server', status: statusCode, message: TEAM_MESSAGES.server };
}

export interface TeamHttpRequest {
  method: TeamMethod;
  serverUrl: string;
  path: string;
  body?: unknown;
  token?: string;
  timeoutMs?: number;
}

/** Sends one request. Writes always carry a JSON body: WeChat sends content-type JSON, and an empty one is refused. */
export function sendTeamHttp<T>(request: TeamHttpRequest): Promise<TeamResult<T>> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (request.token !== undefined) header['authorization'] = `Bearer ${request.token}`;
  const data = request.method === 'GET' ? request.body : (request.body ?? {});
  return new Promise((resolve) => {
    const options: WechatMiniprogram.RequestOption = {
      url: `${request.serverUrl}${request.path}`,
      method: request.method,
      header,
      timeout: request.timeoutMs ?? 60_000,
      success: (response) => resolve(resultOfResponse<T>(response.statusCode, response.data)),
      fail: (error) => resolve(failureOfErrMsg(error.errMsg)),
    };
    if (data !== undefined) options.data = data as WechatMiniprogram.IAnyObject;
    wx.request(options);
  });
}
