/** Loads and saves the agent's settings in storage. */

import { AgentSettings, AgentSettingsErrors, upgradeAgentSettings, validateAgentSettings } from '../core/agentSettings';
import { normalizeClockTime } from '../core/callingHours';
import { readStored, writeStored } from './storage';

export const SETTINGS_KEY = 'tccc.settings';

export function loadAgentSettings(): AgentSettings {
  return upgradeAgentSettings(readStored(SETTINGS_KEY));
}

export type SaveSettingsResult =
  { ok: true; settings: AgentSettings } | { ok: false; errors: AgentSettingsErrors; message: string };

export function saveAgentSettings(input: AgentSettings): SaveSettingsResult {
  const settings: AgentSettings = {
    ...input,
    sdkAppId: input.sdkAppId.trim(),
    userId: input.userId.trim(),
    autoExitTime: input.autoExitTime.trim(),
    skillGroupId: input.skillGroupId.trim(),
    callerPhoneNumber: input.callerPhoneNumber.trim(),
    callingHoursStart: normalizeClockTime(input.callingHoursStart),
    callingHoursEnd: normalizeClockTime(input.callingHoursEnd),
  };
  const errors = validateAgentSettings(settings);
  const firstError = Object.values(errors)[0];
  if (firstError !== undefined) return { ok: false, errors, message: firstError };
  const written = writeStored(SETTINGS_KEY, settings);
  if (!written.ok) {
    return {
      ok: false,
      errors: {},
      message: written.full ? '存储空间已满，设置未保存' : `设置未保存：${written.message}`,
    };
  }
  return { ok: true, settings };
}
