/** Starts a TCCC call from a tap: records it first, then jumps, with no await or timer before the jump. */

import { AgentSettings, callingHoursOf, isCallReady } from '../core/agentSettings';
import { callingHoursText, isWithinCallingHours, outsideHoursMessage } from '../core/callingHours';
import { CallRecord, newCallRecord } from '../core/callRecord';
import { newCallId } from '../core/recordId';
import { parsePhoneNumber } from '../core/phoneNumber';
import { buildTcccLaunch, cleanRemark } from '../core/tcccLaunch';
import { notLaunchedMessage } from '../core/jumpMode';
import { doNotCallMessage } from '../core/doNotCall';
import { isStorageNearlyFull, nearlyFullMessage } from '../core/storageUsage';
import { readPending, settlePending, updateCall, writePending } from './callLog';
import { emitCallChange } from './callEvents';
import { findDoNotCall } from './doNotCallStore';
import { loadCallSettings } from './teamAccount';
import { takeTcccToken } from './tcccToken';
import { readStorageUsage } from './storage';
import { openTccc } from './tcccJump';

export interface CallRequest {
  /** What the agent typed or the contact's number. */
  phone: string;
  /** Contact name or a remark; shown in TCCC instead of the number when remarks are on. */
  name?: string;
  contactId?: string;
  /** A business reference to send as uui instead of our call id; must not be a phone number or a name. */
  businessRef?: string;
  /** The agent confirmed calling a number on the do-not-call list (a tap on our own confirmation button). */
  overrideDoNotCall?: boolean;
  /** The agent chose 继续拨打 outside the calling hours; the call records the hours it overrode. */
  overrideCallingHours?: boolean;
  /** 'ask': refuse once with storage-nearly-full above 80 % of the quota; 'acknowledged' (or unset): do not ask. */
  storageWarning?: 'ask' | 'acknowledged';
}

export type LaunchRefusal =
  | 'not-configured'
  | 'invalid-number'
  | 'do-not-call'
  | 'outside-hours'
  | 'storage-nearly-full'
  | 'invalid-launch'
  | 'busy'
  | 'storage-full';
export type LaunchOutcome = { ok: true; callId: string } | { ok: false; reason: LaunchRefusal; message: string };

export interface LaunchCallbacks {
  /** The jump did not happen: cancelled at WeChat's confirmation, or failed. The call is already recorded. */
  onNotLaunched?(record: CallRecord, message: string): void;
}

/** A jump in flight blocks a second tap; a lost callback releases it after this long. */
const JUMP_GUARD_MS = 10_000;
let jumpStartedAt = 0;

/** True while a jump to TCCC is under way. */
export function isJumpInFlight(now: number = Date.now()): boolean {
  return jumpStartedAt > 0 && now - jumpStartedAt < JUMP_GUARD_MS;
}

function endJump(): void {
  jumpStartedAt = 0;
}

function markInTccc(id: string): void {
  // A late success callback never downgrades a call that already has its result.
  let moved = false;
  const updated = updateCall(id, (record) => {
    moved = record.state === 'dialing';
    return moved ? { ...record, state: 'in-tccc' } : record;
  });
  if (moved && updated !== undefined) emitCallChange({ kind: 'jump', calls: [updated] });
}

function markNotLaunched(id: string, errMsg: string, callbacks: LaunchCallbacks): void {
  const cancelled = /fail cancel/.test(errMsg);
  const updated = updateCall(id, (record) => ({
    ...record,
    state: cancelled ? 'cancelled' : 'failed',
    error: cancelled ? '' : errMsg,
    returnedAt: Date.now(),
  }));
  const pending = readPending();
  writePending(settlePending(pending, () => false));
  if (updated !== undefined) {
    emitCallChange({ kind: 'jump', calls: [updated] });
    callbacks.onNotLaunched?.(updated, cancelled ? '已取消拨打' : notLaunchedMessage(errMsg));
  }
}

type Refused = { ok: false; reason: LaunchRefusal; message: string };
type Checked = { ok: true; settings: AgentSettings; dial: string; outsideHours: string | undefined } | Refused;

/**
 * Everything that refuses a call before anything is written: a jump in flight, settings, number, do-not-call,
 * calling hours, then (when asked to) storage nearly full. The last three the agent may override.
 */
function checkRequest(request: CallRequest, now: number): Checked {
  if (isJumpInFlight(now)) return { ok: false, reason: 'busy', message: '正在打开通话，请稍候' };
  const settings = loadCallSettings();
  if (!isCallReady(settings)) {
    return { ok: false, reason: 'not-configured', message: '请先在设置中填写 SDKAppID 和坐席账号' };
  }
  const phone = parsePhoneNumber(request.phone);
  if (!phone.ok) return { ok: false, reason: 'invalid-number', message: phone.message };
  const blocked = request.overrideDoNotCall === true ? undefined : findDoNotCall(phone.phone.dial);
  if (blocked !== undefined) return { ok: false, reason: 'do-not-call', message: doNotCallMessage(blocked) };
  const hours = callingHoursOf(settings);
  const outside = !isWithinCallingHours(now, hours);
  if (outside && request.overrideCallingHours !== true) {
    return { ok: false, reason: 'outside-hours', message: outsideHoursMessage(now, hours) };
  }
  if (request.storageWarning === 'ask') {
    const usage = readStorageUsage();
    if (isStorageNearlyFull(usage.currentSize, usage.limitSize)) {
      return {
        ok: false,
        reason: 'storage-nearly-full',
        message: nearlyFullMessage(usage.currentSize, usage.limitSize),
      };
    }
  }
  return { ok: true, settings, dial: phone.phone.dial, outsideHours: outside ? callingHoursText(hours) : undefined };
}

/**
 * Call this synchronously inside the tap handler. It writes one small pending record, then calls
 * wx.navigateToMiniProgram (or openEmbeddedMiniProgram) before returning, so WeChat still sees the user's tap.
 */
export function launchCall(request: CallRequest, callbacks: LaunchCallbacks = {}): LaunchOutcome {
  const now = Date.now();
  const checked = checkRequest(request, now);
  if (!checked.ok) return checked;
  const { settings, dial, outsideHours } = checked;
  const id = newCallId(now);
  const uui = request.businessRef ?? id;
  const name = cleanRemark(request.name ?? '');
  // Prefetched before the tap; taken here without waiting, and gone after this call whatever happens.
  const token = takeTcccToken(now);
  const launch = buildTcccLaunch({
    sdkAppId: settings.sdkAppId,
    userId: settings.userId,
    calleePhone: dial,
    calleeRemark: settings.sendRemark && name !== '' ? name : undefined,
    uui,
    envVersion: settings.envVersion,
    autoExitTime: settings.autoExitTime,
    soundMode: settings.soundMode,
    skillGroupId: settings.skillGroupId,
    callerPhoneNumber: settings.callerPhoneNumber,
    ...(token !== undefined ? { token } : {}),
  });
  if (!launch.ok) return { ok: false, reason: 'invalid-launch', message: launch.message };
  const record = newCallRecord({
    id,
    sdkAppId: settings.sdkAppId,
    userId: settings.userId,
    phone: dial,
    name,
    contactId: request.contactId ?? '',
    uui,
    startedAt: now,
    state: 'dialing',
    ...(outsideHours !== undefined ? { outsideHours } : {}),
  });
  const pending = readPending();
  pending.rows.push(record);
  const written = writePending(pending);
  if (!written.ok) {
    return { ok: false, reason: 'storage-full', message: '存储空间已满，无法记录通话，请先在设置中清理数据' };
  }
  jumpStartedAt = now;
  openTccc(settings.halfScreen, {
    ...launch.options,
    success: () => {
      endJump();
      markInTccc(id);
    },
    fail: (error: WechatMiniprogram.GeneralCallbackResult) => {
      endJump();
      markNotLaunched(id, error.errMsg, callbacks);
    },
  });
  // Told after the jump is asked for: nothing runs between the tap and the jump but the write.
  emitCallChange({ kind: 'append', calls: [record] });
  return { ok: true, callId: id };
}
