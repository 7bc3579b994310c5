/** Which WeChat API opens TCCC (half-screen or full screen) and what a failed jump tells the agent. No wx here. */

/** wx.openEmbeddedMiniProgram exists from this base library on (WeChat's docs). */
export const EMBEDDED_MIN_SDK = '2.20.1';

export type JumpApi = 'openEmbeddedMiniProgram' | 'navigateToMiniProgram';

/** What the running WeChat offers, read synchronously in the tap. */
export interface EmbeddedSupport {
  /** wx.canIUse('openEmbeddedMiniProgram') and the function is there. */
  canIUse: boolean;
  /** The base library version (SDKVersion), e.g. '3.6.0'; '' when unknown. */
  sdkVersion: string;
  /** A half-screen open already failed in this run as unsupported by this WeChat (PC, some hosts). */
  failedBefore: boolean;
}

export type JumpChoice = { api: JumpApi; fallback?: undefined } | { api: 'navigateToMiniProgram'; fallback: string };

/** Compares dotted versions numerically: '2.9.0' < '2.20.1'. Missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Why half-screen cannot be used here, in the agent's words; undefined when it can be tried. */
export function halfScreenUnavailableReason(support: EmbeddedSupport): string | undefined {
  if (support.failedBefore) return '此微信不支持半屏打开小程序';
  const known = support.sdkVersion !== '';
  if (!support.canIUse || (known && compareVersions(support.sdkVersion, EMBEDDED_MIN_SDK) < 0)) {
    return `微信版本过低（基础库 ${known ? support.sdkVersion : '未知'}，半屏需 ${EMBEDDED_MIN_SDK} 及以上）`;
  }
  return undefined;
}

/**
 * The API for this tap. Half-screen only when asked for and offered; otherwise the full-screen jump, with the
 * reason when the agent asked for half-screen (told once). WeChat itself switches an embedded open to a normal
 * jump when the target is not approved in the admin console: that case cannot be seen from here.
 */
export function chooseJumpApi(wantHalfScreen: boolean, support: EmbeddedSupport): JumpChoice {
  if (!wantHalfScreen) return { api: 'navigateToMiniProgram' };
  const reason = halfScreenUnavailableReason(support);
  if (reason === undefined) return { api: 'openEmbeddedMiniProgram' };
  return { api: 'navigateToMiniProgram', fallback: `${reason}，已改为全屏打开 TCCC` };
}

/** A failed jump the agent did not cancel: true when this WeChat does not offer half-screen at all. */
export function isEmbeddedUnsupported(errMsg: string): boolean {
  if (!errMsg.startsWith('openEmbeddedMiniProgram:fail')) return false;
  return !/fail cancel|TAP gesture|parameter error/.test(errMsg);
}

/** What the agent is told when the jump did not happen (a cancel is told separately). */
export function notLaunchedMessage(errMsg: string): string {
  if (isEmbeddedUnsupported(errMsg)) return '此微信不支持半屏打开 TCCC，已改为全屏打开，请再点一次拨打';
  return `无法打开通话：${errMsg}`;
}
