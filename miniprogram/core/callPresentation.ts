/** How a call reads to an agent: Chinese labels for states and hang-up sides, talk time, short dates. */

import { CallRecord, CallState, connectionOf, knownTalkSeconds } from './callRecord';
import { maskPhone, formatPhone } from './phoneNumber';

const STATE_LABELS: Record<CallState, string> = {
  dialing: '拨打中',
  'in-tccc': '通话中',
  connected: '已接通',
  'placed-not-connected': '未接通',
  // One name for "TCCC placed no call", distinct from the outcome code 未接通.
  'not-placed': '未呼出',
  cancelled: '已取消',
  failed: '拨打失败',
  'no-result': '无结果',
  // A TCCC result that arrived when none of our calls was waiting for one.
  orphan: '无拨打记录',
};

/** A placed call whose duration TCCC gave unreadable or out of range: it may or may not have connected. */
export const UNKNOWN_DURATION_LABEL = '时长未知';

const CLOSE_BY_LABELS: Record<string, string> = {
  seat: '坐席挂断',
  client: '客户挂断',
  admin: '系统挂断',
  // TCCC's web SDK: ended by a timer (a time limit), not by either side.
  timer: '超时挂断',
};

/** The label of a stored state, for filters; a record is labelled with callStateLabel. */
export function stateLabel(state: CallState): string {
  return STATE_LABELS[state];
}

/** A call's state as the agent reads it: an unknown duration is said as such, never as 未接通. */
export function callStateLabel(record: Pick<CallRecord, 'state' | 'sessionId' | 'duration'>): string {
  return connectionOf(record) === 'unknown' ? UNKNOWN_DURATION_LABEL : STATE_LABELS[record.state];
}

/** 坐席挂断 / 客户挂断 / 系统挂断 / 超时挂断; any other value is 其他方式挂断; '' when TCCC sent none. */
export function closeByLabel(closeBy: string): string {
  if (closeBy === '') return '';
  return CLOSE_BY_LABELS[closeBy] ?? '其他方式挂断';
}

/** Who hung up, only for a call TCCC placed: a call never placed had nobody to hang up. */
export function hangUpLabel(record: Pick<CallRecord, 'sessionId' | 'closeBy'>): string {
  return record.sessionId === '' ? '' : closeByLabel(record.closeBy);
}

/** Talk time of a call: 时长未知 when TCCC placed it but its duration is unknown; '—' when there is none. */
export function talkTimeText(record: Pick<CallRecord, 'state' | 'sessionId' | 'duration'>): string {
  if (connectionOf(record) === 'unknown') return UNKNOWN_DURATION_LABEL;
  return formatTalkTime(knownTalkSeconds(record.duration));
}

/** Talk time as agents say it: 42秒, 1分05秒, 1小时02分; '—' when unknown. */
export function formatTalkTime(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds}秒`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}分${String(seconds % 60).padStart(2, '0')}秒`;
  return `${Math.floor(minutes / 60)}小时${String(minutes % 60).padStart(2, '0')}分`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 10:05 today, 昨天 10:05, 11-20 10:05 this year, 2025-11-20 otherwise (local time, Asia/Shanghai on phones in China). */
export function formatCallTime(at: number, now: number): string {
  const date = new Date(at);
  const today = new Date(now);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (at >= startOfToday) return time;
  if (at >= startOfToday - 86_400_000) return `昨天 ${time}`;
  if (date.getFullYear() === today.getFullYear()) return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The number as an agent may see it: masked unless the agent turned masking off. */
export function shownNumber(phone: string, masked: boolean): string {
  if (phone === '') return '';
  return masked ? maskPhone(phone) : formatPhone(phone);
}

/** Who the call was with: the name or remark, else the (masked) number, else a placeholder. */
export function callTitle(record: Pick<CallRecord, 'name' | 'phone'>, masked: boolean): string {
  if (record.name !== '') return record.name;
  return shownNumber(record.phone, masked) || '未知号码';
}
