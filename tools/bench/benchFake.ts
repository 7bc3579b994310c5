/** The fake wx the benchmark measures on: agent settings in place, calling hours around now, calls seeded. */

import APP_JSON from '../../miniprogram/app.json';
import { installWxFake, WxFake } from '../wx-fake/wx';
import { archiveCalls } from '../../miniprogram/services/callLog';
import { SETTINGS_KEY } from '../../miniprogram/services/settingsStore';
import { DEFAULT_AGENT_SETTINGS } from '../../miniprogram/core/agentSettings';
import { chinaMinutesOfDay } from '../../miniprogram/core/callingHours';
import { CallRecord } from '../../miniprogram/core/callRecord';

/** A fake whose quota is lifted, so the naive baseline can be timed where WeChat would refuse it. */
export function freshFake(unlimited = false): WxFake {
  const fake = installWxFake({ appJson: APP_JSON });
  if (unlimited) {
    fake.storage.entryLimitChars = Number.MAX_SAFE_INTEGER;
    fake.storage.totalLimitBytes = Number.MAX_SAFE_INTEGER;
  }
  fake.storage.set('bench', SETTINGS_KEY, {
    ...DEFAULT_AGENT_SETTINGS,
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    ...callingHoursAroundNow(),
  });
  return fake;
}

/** Calling hours around the bench's own clock, so a run at night measures the same calls as one by day. */
function callingHoursAroundNow(): { callingHoursStart: string; callingHoursEnd: string } {
  const clock = (minutes: number): string => {
    const m = (minutes + 24 * 60) % (24 * 60);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  const now = chinaMinutesOfDay(Date.now());
  return { callingHoursStart: clock(now - 60), callingHoursEnd: clock(now + 11 * 60) };
}

export function seedOurs(records: CallRecord[]): void {
  for (let i = 0; i < records.length; i += 5_000) archiveCalls(records.slice(i, i + 5_000));
}

export function installOn(fake: WxFake): void {
  const g = globalThis as Record<string, unknown>;
  g['__wxFake__'] = fake;
  g['wx'] = Object.assign(g['wx'] as object, fake.api);
}
