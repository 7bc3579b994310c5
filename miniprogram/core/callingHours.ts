/** Calling hours: whether a moment falls inside the agent's window, in China time whatever the phone's zone. No wx here. */

export interface CallingHours {
  /** 'HH:MM', China time. */
  start: string;
  /** 'HH:MM' (24:00 allowed); earlier than start means the window runs past midnight. */
  end: string;
}

export const DEFAULT_CALLING_HOURS: CallingHours = { start: '08:00', end: '21:00' };

/** China keeps UTC+8 all year (no daylight saving), so the offset is fixed. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MINUTES_PER_DAY = 24 * 60;
const CLOCK = /^(\d{1,2})[:：](\d{2})$/;

/** Minutes since midnight for 'H:MM' or 'HH:MM' (a full-width colon too), 0..1440; undefined when unreadable. */
export function parseClockTime(text: string): number | undefined {
  const match = CLOCK.exec(text.trim());
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clockText(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** '8:00' -> '08:00'; unreadable text is returned trimmed, for validation to refuse. */
export function normalizeClockTime(text: string): string {
  const minutes = parseClockTime(text);
  return minutes === undefined ? text.trim() : clockText(minutes);
}

/** Minutes since midnight in China at this instant. */
export function chinaMinutesOfDay(at: number): number {
  const minutes = Math.floor((at + CHINA_OFFSET_MS) / 60_000);
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** Per field, a Chinese message for a bad start or end; empty when both are fine. */
export function validateCallingHours(hours: CallingHours): { start?: string; end?: string } {
  const start = parseClockTime(hours.start);
  const end = parseClockTime(hours.end);
  const errors: { start?: string; end?: string } = {};
  if (start === undefined || start === MINUTES_PER_DAY) errors.start = '开始时间格式如 08:00';
  if (end === undefined) errors.end = '结束时间格式如 21:00';
  else if (start !== undefined && start % MINUTES_PER_DAY === end % MINUTES_PER_DAY) {
    errors.end = '结束时间不能与开始时间相同';
  }
  return errors;
}

/** True inside the window (start included, end excluded); unreadable hours never block a call. */
export function isWithinCallingHours(at: number, hours: CallingHours): boolean {
  const start = parseClockTime(hours.start);
  const end = parseClockTime(hours.end);
  if (start === undefined || end === undefined) return true;
  const now = chinaMinutesOfDay(at);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** '08:00–21:00' */
export function callingHoursText(hours: CallingHours): string {
  return `${normalizeClockTime(hours.start)}–${normalizeClockTime(hours.end)}`;
}

/** What the agent reads before dialling outside the window. */
export function outsideHoursMessage(at: number, hours: CallingHours): string {
  return `现在是北京时间 ${clockText(chinaMinutesOfDay(at))}，不在拨打时段 ${callingHoursText(hours)} 内`;
}
