/** The naive baseline, written once and honestly: every call in one storage key as a JSON array of objects. */

import { CallRecord } from '../../miniprogram/core/callRecord';
import { CallStats, statsOf } from '../../miniprogram/core/callStats';

export const NAIVE_CALLS_KEY = 'naive.calls';

function readAll(): CallRecord[] {
  const stored: unknown = wx.getStorageSync(NAIVE_CALLS_KEY);
  return Array.isArray(stored) ? (stored as CallRecord[]) : [];
}

export function seedNaive(records: CallRecord[]): void {
  wx.setStorageSync(NAIVE_CALLS_KEY, records);
}

/** Read everything, push, write everything back. */
export function naiveAppend(record: CallRecord): void {
  const all = readAll();
  all.push(record);
  wx.setStorageSync(NAIVE_CALLS_KEY, all);
}

/** Read everything, sort newest first, take the first screen. */
export function naiveFirstScreen(limit: number): CallRecord[] {
  return readAll()
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, limit);
}

/** Read everything, keep the calls since `from`, count them (with the app's own tally, so only storage differs). */
export function naiveStatsSince(from: number, to: number): CallStats {
  return statsOf(readAll().filter((r) => r.startedAt >= from && r.startedAt < to));
}
