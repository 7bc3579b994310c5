/** Opens TCCC full screen (navigateToMiniProgram) or half-screen (openEmbeddedMiniProgram), inside the caller's tap. */

import { chooseJumpApi, EmbeddedSupport, halfScreenUnavailableReason, isEmbeddedUnsupported } from '../core/jumpMode';

export interface TcccJumpOptions {
  appId: string;
  path: string;
  envVersion: 'develop' | 'trial' | 'release';
  success(): void;
  fail(error: WechatMiniprogram.GeneralCallbackResult): void;
}

/** Learned in this run: a half-screen open failed as unsupported, so later taps go full screen at once. */
let embeddedFailed = false;
/** The fallback is told once per run, after the agent is back (services/notices.ts shows it). */
let fallbackTold = false;
const pendingNotices: string[] = [];

/** The base library version, read on each tap (one small synchronous call); '' when WeChat does not say. */
function baseLibraryVersion(): string {
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    return typeof info.SDKVersion === 'string' ? info.SDKVersion : '';
  } catch {
    return '';
  }
}

const OFF: EmbeddedSupport = { canIUse: false, sdkVersion: '', failedBefore: false };

function embeddedSupport(): EmbeddedSupport {
  const api = (wx as unknown as Record<string, unknown>)['openEmbeddedMiniProgram'];
  return {
    canIUse: typeof api === 'function' && wx.canIUse('openEmbeddedMiniProgram'),
    sdkVersion: baseLibraryVersion(),
    failedBefore: embeddedFailed,
  };
}

/** For settings: why half-screen cannot be used on this WeChat, or '' when it can be tried. */
export function halfScreenUnavailable(): string {
  return halfScreenUnavailableReason(embeddedSupport()) ?? '';
}

/**
 * Call synchronously inside the tap handler: no await or timer before it. Half-screen when asked for and offered;
 * otherwise the full-screen jump, and the agent is told once why. Results come back through App.onShow either way.
 */
export function openTccc(halfScreen: boolean, options: TcccJumpOptions): void {
  // Nothing is read when half-screen is off: the tap goes straight to the full-screen jump.
  const choice = halfScreen ? chooseJumpApi(true, embeddedSupport()) : chooseJumpApi(false, OFF);
  if (choice.api === 'openEmbeddedMiniProgram') {
    wx.openEmbeddedMiniProgram({
      ...options,
      fail: (error: WechatMiniprogram.GeneralCallbackResult) => {
        // A fail callback is outside the tap: no second jump can follow, so the next tap goes full screen.
        if (isEmbeddedUnsupported(error.errMsg)) embeddedFailed = true;
        options.fail(error);
      },
    });
    return;
  }
  if (choice.fallback !== undefined && !fallbackTold) {
    fallbackTold = true;
    pendingNotices.push(choice.fallback);
  }
  wx.navigateToMiniProgram(options);
}

/** Notices about the jump mode not yet shown; each is handed out once. */
export function takeJumpNotices(): string[] {
  return pendingNotices.splice(0, pendingNotices.length);
}
