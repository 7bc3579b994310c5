/** Everything one call record says, as the detail page lists it: labelled fields, the raw extraData. No wx. */

import { CallRecord, extraDataOf } from './callRecord';
import { callStateLabel, callTitle, hangUpLabel, shownNumber, talkTimeText } from './callPresentation';
import { CallMark, recordMark } from './historyRow';
import { TcccOutcomeView } from './tcccOutcome';

export interface DetailField {
  key: string;
  label: string;
  value: string;
}

export interface CallDetailView {
  title: string;
  number: string;
  stateLabel: string;
  mark: CallMark;
  fields: DetailField[];
  /** Fields only support needs (SDKAppID, UUI, record id, source app): shown folded under 技术信息. */
  technical: DetailField[];
  sessionId: string;
  /** The extraData TCCC sent, pretty-printed; '' when the call never came back. */
  extraJson: string;
  canRedial: boolean;
  contactId: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2026-11-24 09:05:07 in local time; '—' for 0. */
export function fullTime(at: number): string {
  if (at <= 0) return '—';
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function orDash(value: string): string {
  return value === '' ? '—' : value;
}

/** Keys of the fields an agent has no use for, kept for support. */
const TECHNICAL_KEYS: readonly string[] = ['uui', 'sdkAppId', 'id', 'source'];

/** TCCC's outcome as detail fields: what the CDR says, and that a recording exists (the app cannot play it). */
function tcccFields(view: TcccOutcomeView | undefined): DetailField[] {
  if (view === undefined) return [];
  if (view.label === '') {
    return view.pending ? [{ key: 'tccc', label: 'TCCC 结果', value: '同步中，TCCC 的话单到达后显示' }] : [];
  }
  const fields: DetailField[] = [
    { key: 'tccc', label: 'TCCC 结果', value: view.disagree ? `${view.label}（与手机记录不一致）` : view.label },
  ];
  if (view.hasRecording) {
    fields.push({ key: 'recording', label: '录音', value: '有录音（小程序内不能播放，请在管理后台收听）' });
  }
  return fields;
}

export function callDetailView(record: CallRecord, masked: boolean, tccc?: TcccOutcomeView): CallDetailView {
  const extra = extraDataOf(record);
  const fields: DetailField[] = [
    { key: 'number', label: '号码', value: orDash(shownNumber(record.phone, masked)) },
    { key: 'name', label: '联系人/备注', value: orDash(record.name) },
    { key: 'startedAt', label: '拨打时间', value: fullTime(record.startedAt) },
    ...(record.outsideHours !== undefined
      ? [{ key: 'outsideHours', label: '拨打时段', value: `时段外拨打（设定 ${record.outsideHours}），坐席确认继续` }]
      : []),
    { key: 'returnedAt', label: '返回时间', value: fullTime(record.returnedAt) },
    { key: 'state', label: '状态', value: callStateLabel(record) },
    ...tcccFields(tccc),
    { key: 'duration', label: '通话时长', value: talkTimeText(record) },
    { key: 'closeBy', label: '挂断方', value: orDash(hangUpLabel(record)) },
    { key: 'uui', label: 'UUI', value: orDash(record.uui) },
    { key: 'userId', label: '坐席账号', value: orDash(record.userId) },
    { key: 'sdkAppId', label: 'SDKAppID', value: orDash(record.sdkAppId) },
    { key: 'id', label: '记录 ID', value: record.id },
  ];
  if (record.error !== '') fields.push({ key: 'error', label: '错误信息', value: record.error });
  if (record.source !== undefined) fields.push({ key: 'source', label: '来源小程序', value: record.source });
  return {
    title: callTitle(record, masked),
    number: record.name !== '' ? shownNumber(record.phone, masked) : '',
    stateLabel: callStateLabel(record),
    mark: recordMark(record),
    fields: fields.filter((f) => !TECHNICAL_KEYS.includes(f.key)),
    technical: fields.filter((f) => TECHNICAL_KEYS.includes(f.key)),
    sessionId: record.sessionId,
    extraJson: extra === undefined ? '' : (JSON.stringify(extra, null, 2) ?? String(extra)),
    canRedial: record.phone !== '',
    contactId: record.contactId,
  };
}
