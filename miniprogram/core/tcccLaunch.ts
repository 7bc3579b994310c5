/** Builds the wx.navigateToMiniProgram options that open TCCC's call page, validated and safely encoded. */

import { EnvVersion } from './agentSettings';
import { parsePhoneNumber } from './phoneNumber';
import { TCCC_APP_ID } from './callResult';

export const TCCC_CALL_PAGE = '/pages/call/call';
/** The TCCC server keeps at most this many bytes of uui. */
export const UUI_MAX_BYTES = 1024;
const REMARK_MAX_CHARS = 32;

export interface TcccLaunchInput {
  sdkAppId: string;
  userId: string;
  calleePhone: string;
  calleeRemark?: string;
  uui?: string;
  envVersion?: EnvVersion;
  /** Optional parameters from TCCC's current doc; sent only when set. */
  autoExitTime?: string;
  soundMode?: string;
  skillGroupId?: string;
  callerPhoneNumber?: string;
  /** Quick-login token; must come from the company's server (CreateSDKLoginToken), never made here. */
  token?: string;
}

export interface TcccLaunchOptions {
  appId: string;
  path: string;
  envVersion: EnvVersion;
}

export type TcccLaunchField = 'sdkAppId' | 'userId' | 'calleePhone' | 'uui';
export type TcccLaunchResult =
  { ok: true; options: TcccLaunchOptions } | { ok: false; field: TcccLaunchField; message: string };

/**
 * Replaces lone UTF-16 surrogates, which encodeURIComponent refuses to encode, with U+FFFD.
 * A loop, not a lookbehind regex: older iOS JavaScriptCore cannot parse lookbehind.
 */
export function toWellFormed(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i += 1;
      } else out += '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) out += '\uFFFD';
    else out += text[i];
  }
  return out;
}

export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A remark as TCCC should show it: one line, no control characters, short enough for its call screen. */
export function cleanRemark(remark: string): string {
  const oneLine = toWellFormed(remark)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [...oneLine].slice(0, REMARK_MAX_CHARS).join('');
}

/**
 * True when a uui would leak personal data: it holds the callee's number or any mobile-shaped run,
 * also when written with separators. Business references with other digit runs stay allowed.
 */
function uuiLeaksNumber(uui: string, calleePhone: string): boolean {
  const joined = uui.replace(/[\s\-.()]+/g, '');
  return /1[3-9]\d{9}/.test(joined) || (calleePhone.length >= 5 && joined.includes(calleePhone));
}

function validate(input: TcccLaunchInput): { field: TcccLaunchField; message: string } | undefined {
  if (!/^\d{5,20}$/.test(input.sdkAppId)) return { field: 'sdkAppId', message: 'SDKAppID 应为纯数字，请在设置中填写' };
  if (input.userId.trim() === '') return { field: 'userId', message: '请先在设置中填写坐席账号' };
  const phone = parsePhoneNumber(input.calleePhone);
  if (!phone.ok) return { field: 'calleePhone', message: phone.message };
  if (phone.phone.dial !== input.calleePhone) return { field: 'calleePhone', message: '号码格式不正确' };
  const uui = input.uui ?? '';
  if (utf8ByteLength(uui) > UUI_MAX_BYTES) return { field: 'uui', message: '业务参数（uui）不能超过 1024 字节' };
  if (uuiLeaksNumber(uui, input.calleePhone)) {
    return { field: 'uui', message: '业务参数（uui）不能包含电话号码' };
  }
  return undefined;
}

/**
 * The options for wx.navigateToMiniProgram. Parameters keep the seed's order (sdkAppId, userId, calleePhone,
 * calleeRemark, uui), then the optional ones; every value is URL-encoded so any text arrives intact.
 */
export function buildTcccLaunch(input: TcccLaunchInput): TcccLaunchResult {
  const problem = validate(input);
  if (problem !== undefined) return { ok: false, ...problem };
  const params: [string, string | undefined][] = [
    ['sdkAppId', input.sdkAppId],
    ['userId', input.userId],
    ['calleePhone', input.calleePhone],
    ['calleeRemark', input.calleeRemark],
    ['uui', input.uui],
    ['autoExitTime', input.autoExitTime],
    ['soundMode', input.soundMode],
    ['skillGroupId', input.skillGroupId],
    ['callerPhoneNumber', input.callerPhoneNumber],
    ['token', input.token],
  ];
  const query = params
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(toWellFormed(value))}`)
    .join('&');
  return {
    ok: true,
    options: { appId: TCCC_APP_ID, path: `${TCCC_CALL_PAGE}?${query}`, envVersion: input.envVersion ?? 'release' },
  };
}
