/** The agent's TCCC settings: their shape, defaults and field-by-field validation. No wx here. */

import { CallingHours, DEFAULT_CALLING_HOURS, validateCallingHours } from './callingHours';

/** 2 added halfScreen; a stored 1 reads with halfScreen off. */
export const AGENT_SETTINGS_SCHEMA = 2;

export type EnvVersion = 'release' | 'trial' | 'develop';
export type SoundMode = '' | 'speaker' | 'ear';

export interface AgentSettings {
  schemaVersion: typeof AGENT_SETTINGS_SCHEMA;
  /** TCCC application id: 10 digits, usually starting 140 (TCCC console, API type Integer). */
  sdkAppId: string;
  /** The agent account, often an e-mail address. */
  userId: string;
  envVersion: EnvVersion;
  /** Seconds TCCC waits after the remote hang-up before returning; '' leaves TCCC's default. */
  autoExitTime: string;
  soundMode: SoundMode;
  skillGroupId: string;
  callerPhoneNumber: string;
  /** Send the contact's name as calleeRemark, so TCCC shows a name instead of the number. */
  sendRemark: boolean;
  maskNumbers: boolean;
  /** Open TCCC half-screen (wx.openEmbeddedMiniProgram) where WeChat allows it; full screen otherwise. */
  halfScreen: boolean;
  /** The wrap-up outcome codes the agent picks from, in display order. */
  outcomeCodes: string[];
  /** Calling hours in China time ('HH:MM'); dialling outside them asks the agent first. */
  callingHoursStart: string;
  callingHoursEnd: string;
}

export type AgentSettingsField = Exclude<keyof AgentSettings, 'schemaVersion'>;
export type AgentSettingsErrors = Partial<Record<AgentSettingsField, string>>;

/** Outcome codes call centers start with; 预约回拨 and 勿扰/空号 have behaviour attached (callback, do-not-call). */
export const DEFAULT_OUTCOME_CODES: readonly string[] = [
  '有意向',
  '无意向',
  '未接通',
  '忙线',
  '拒接',
  '空号',
  '预约回拨',
  '勿扰',
];
export const CALLBACK_OUTCOME = '预约回拨';
/** The customer asked not to be called again: the wrap-up sheet will not redial it. */
export const DO_NOT_DISTURB_OUTCOME = '勿扰';
export const DO_NOT_CALL_OUTCOMES: readonly string[] = [DO_NOT_DISTURB_OUTCOME, '空号'];

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  schemaVersion: AGENT_SETTINGS_SCHEMA,
  sdkAppId: '',
  userId: '',
  envVersion: 'release',
  autoExitTime: '',
  soundMode: '',
  skillGroupId: '',
  callerPhoneNumber: '',
  sendRemark: true,
  maskNumbers: true,
  halfScreen: false,
  outcomeCodes: [...DEFAULT_OUTCOME_CODES],
  callingHoursStart: DEFAULT_CALLING_HOURS.start,
  callingHoursEnd: DEFAULT_CALLING_HOURS.end,
};

export function callingHoursOf(settings: AgentSettings): CallingHours {
  return { start: settings.callingHoursStart, end: settings.callingHoursEnd };
}

const ENV_VERSIONS: readonly EnvVersion[] = ['release', 'trial', 'develop'];
const SOUND_MODES: readonly SoundMode[] = ['', 'speaker', 'ear'];

type FieldRule = (value: string) => string | undefined;

const SDK_APP_ID = /^[1-9]\d{9}$/;
const SDK_APP_ID_RULE = 'SDKAppID 是 10 位数字，通常以 140 开头（如 1400000000），在 TCCC 控制台查看';

function optionalDigits(message: string): FieldRule {
  return (value) => (value.trim() === '' || /^\d{1,20}$/.test(value.trim()) ? undefined : message);
}

/** One rule per string field; each returns a Chinese message for a bad value. */
const FIELD_RULES: Partial<Record<AgentSettingsField, FieldRule>> = {
  sdkAppId: (value) => {
    if (value.trim() === '') return '请填写 SDKAppID';
    // TCCC's docs: an application id, "通常为140开头", e.g. 1400000000. Only the length and a leading non-zero
    // digit are enforced, so an id outside the usual 140 range still saves.
    return SDK_APP_ID.test(value.trim()) ? undefined : SDK_APP_ID_RULE;
  },
  userId: (value) => {
    if (value.trim() === '') return '请填写坐席账号';
    return value.trim().length > 128 || /\s/.test(value.trim()) ? '坐席账号不能含空格，且不超过 128 个字符' : undefined;
  },
  envVersion: (value) =>
    (ENV_VERSIONS as readonly string[]).includes(value) ? undefined : '版本只能是正式版、体验版或开发版',
  autoExitTime: (value) => {
    const text = value.trim();
    if (text === '') return undefined;
    const n = Number(text);
    return /^-?\d+$/.test(text) && n >= -1 && n <= 30 ? undefined : '自动退出时间为 -1 到 30 秒（-1 表示不自动退出）';
  },
  soundMode: (value) => ((SOUND_MODES as readonly string[]).includes(value) ? undefined : '声音模式只能是扬声器或听筒'),
  skillGroupId: optionalDigits('技能组 ID 应为数字'),
  callerPhoneNumber: (value) =>
    value.trim() === '' || /^\+?\d{5,20}$/.test(value.trim()) ? undefined : '主叫号码应为数字',
};

/** Outcome codes: 1 to 20 distinct, non-empty labels of at most 8 characters. */
export function validateOutcomeCodes(codes: readonly string[]): string | undefined {
  if (codes.length === 0) return '至少保留一个通话结果';
  if (codes.length > 20) return '通话结果最多 20 个';
  if (codes.some((c) => c.trim() === '' || [...c.trim()].length > 8)) return '每个通话结果 1 到 8 个字';
  if (new Set(codes.map((c) => c.trim())).size !== codes.length) return '通话结果不能重复';
  return undefined;
}

/** Validates every field and returns a Chinese message per bad field; empty when all are fine. */
export function validateAgentSettings(settings: AgentSettings): AgentSettingsErrors {
  const errors: AgentSettingsErrors = {};
  for (const [field, rule] of Object.entries(FIELD_RULES) as [AgentSettingsField, FieldRule][]) {
    const message = rule(String(settings[field]));
    if (message !== undefined) errors[field] = message;
  }
  const outcomes = validateOutcomeCodes(settings.outcomeCodes);
  if (outcomes !== undefined) errors.outcomeCodes = outcomes;
  const hours = validateCallingHours(callingHoursOf(settings));
  if (hours.start !== undefined) errors.callingHoursStart = hours.start;
  if (hours.end !== undefined) errors.callingHoursEnd = hours.end;
  return errors;
}

/** True once the two required TCCC fields are set and valid: calls are possible. */
export function isCallReady(settings: AgentSettings): boolean {
  const errors = validateAgentSettings(settings);
  return errors.sdkAppId === undefined && errors.userId === undefined;
}

/** Reads stored settings of any age into the current shape; unknown or broken input gives defaults. */
export function upgradeAgentSettings(stored: unknown): AgentSettings {
  if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_AGENT_SETTINGS };
  const source = stored as Record<string, unknown>;
  const result: AgentSettings = { ...DEFAULT_AGENT_SETTINGS };
  for (const key of Object.keys(DEFAULT_AGENT_SETTINGS) as AgentSettingsField[]) {
    if (!(key in source)) continue;
    const value = source[key];
    const fallback = DEFAULT_AGENT_SETTINGS[key];
    if (Array.isArray(fallback)) {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) result.outcomeCodes = [...value];
    } else if (typeof value === typeof fallback) (result as unknown as Record<string, unknown>)[key] = value;
  }
  result.schemaVersion = AGENT_SETTINGS_SCHEMA;
  return result;
}
