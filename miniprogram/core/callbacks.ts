/** Scheduled callbacks ("预约回拨"): their shape, due grouping, reminders and quick time choices. No wx here. */

export const CALLBACKS_SCHEMA = 1;

export interface Callback {
  id: string;
  /** The call whose wrap-up asked for the callback; '' when added another way. */
  callId: string;
  contactId: string;
  /** Dial form of the number to call back. */
  phone: string;
  name: string;
  /** Epoch ms the agent should call back. */
  dueAt: number;
  createdAt: number;
  done: boolean;
  /** Epoch ms the agent was reminded that it came due; 0 until then (each callback is reminded once). */
  remindedAt: number;
}

export interface StoredCallbacks {
  v: typeof CALLBACKS_SCHEMA;
  items: Callback[];
}

export interface DueCallbacks {
  /** Due before now, oldest first. */
  overdue: Callback[];
  /** Due later today, soonest first. */
  dueToday: Callback[];
  /** Due after today, soonest first. */
  later: Callback[];
}

/** Done callbacks are kept this long (so the agent can see what was done), then dropped. */
export const DONE_KEEP_MS = 7 * 86_400_000;
/** Open callbacks kept at most; the oldest done ones go first, then the oldest open ones. */
export const CALLBACKS_MAX = 500;

function isCallback(value: unknown): value is Callback {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Callback>;
  return (
    typeof c.id === 'string' &&
    typeof c.phone === 'string' &&
    typeof c.dueAt === 'number' &&
    Number.isFinite(c.dueAt) &&
    typeof c.done === 'boolean'
  );
}

/** Reads stored callbacks of any age; broken entries are dropped, anything unreadable gives an empty list. */
export function upgradeCallbacks(stored: unknown): StoredCallbacks {
  const items = (stored as Partial<StoredCallbacks> | null)?.items;
  if (!Array.isArray(items)) return { v: CALLBACKS_SCHEMA, items: [] };
  return {
    v: CALLBACKS_SCHEMA,
    items: items.filter(isCallback).map((c) => ({
      id: c.id,
      callId: typeof c.callId === 'string' ? c.callId : '',
      contactId: typeof c.contactId === 'string' ? c.contactId : '',
      phone: c.phone,
      name: typeof c.name === 'string' ? c.name : '',
      dueAt: c.dueAt,
      createdAt: typeof c.createdAt === 'number' ? c.createdAt : c.dueAt,
      done: c.done,
      remindedAt: typeof c.remindedAt === 'number' && Number.isFinite(c.remindedAt) ? c.remindedAt : 0,
    })),
  };
}

function startOfDay(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

function byDue(a: Callback, b: Callback): number {
  return a.dueAt - b.dueAt;
}

/** Open callbacks grouped as the contacts page shows them: overdue, due today, later; each sorted by due time. */
export function groupDue(items: readonly Callback[], now: number): DueCallbacks {
  const endOfToday = startOfDay(now) + 86_400_000;
  const open = items.filter((c) => !c.done).sort(byDue);
  return {
    overdue: open.filter((c) => c.dueAt < now),
    dueToday: open.filter((c) => c.dueAt >= now && c.dueAt < endOfToday),
    later: open.filter((c) => c.dueAt >= endOfToday),
  };
}

/** Open callbacks that have come due and were not reminded yet, oldest first. */
export function dueForReminder(items: readonly Callback[], now: number): Callback[] {
  return items.filter((c) => !c.done && c.remindedAt === 0 && c.dueAt <= now).sort(byDue);
}

/** The same list with the given callbacks marked reminded at `now`. */
export function withReminded(items: readonly Callback[], ids: readonly string[], now: number): Callback[] {
  return items.map((c) => (ids.includes(c.id) ? { ...c, remindedAt: now } : c));
}

/**
 * The customer as a callback booking carries it to the team server: the first character and stars (张**), never a
 * digit (a name may hold a number): the server keeps and shows only this.
 */
export function maskedCustomer(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0 || /[0-9]/.test(name)) return '客户';
  return (chars[0] ?? '') + '*'.repeat(Math.min(chars.length - 1, 3) || 1);
}

/** The name a booking sends: the masked form, or '' when there is none to show (the server then says 客户). */
export function bookingName(name: string): string {
  const chars = [...name.trim()];
  return chars.length === 0 || /[0-9]/.test(name) ? '' : maskedCustomer(name);
}

/** Names shown in a reminder before "等". */
const REMINDER_NAMES = 3;

/** The reminder an agent reads: 有 2 个回拨已到时间：王芳（今天 09:00）、李四（今天 09:30）. Titles are names or masked numbers. */
export function reminderText(due: readonly { title: string; dueAt: number }[], now: number): string {
  const named = due
    .slice(0, REMINDER_NAMES)
    .map((c) => `${c.title}（${formatDue(c.dueAt, now).replace(/^逾期 · /, '')}）`)
    .join('、');
  const more = due.length > REMINDER_NAMES ? ' 等' : '';
  return `有 ${due.length} 个回拨已到时间：${named}${more}。可在“联系人”页顶部的待回拨中回拨或标记完成。`;
}

/**
 * Adds a callback, replacing an open one for the same number (one number, one pending callback),
 * and keeps the list bounded.
 */
export function withCallback(items: readonly Callback[], added: Callback, now: number): Callback[] {
  const kept = items.filter((c) => c.done || c.phone !== added.phone);
  return pruneCallbacks([...kept, added], now);
}

/** Drops done callbacks older than DONE_KEEP_MS, and the oldest entries beyond CALLBACKS_MAX. */
export function pruneCallbacks(items: readonly Callback[], now: number): Callback[] {
  const fresh = items.filter((c) => !c.done || now - c.dueAt < DONE_KEEP_MS);
  if (fresh.length <= CALLBACKS_MAX) return fresh;
  const done = fresh.filter((c) => c.done).sort(byDue);
  const open = fresh.filter((c) => !c.done).sort(byDue);
  const dropDone = Math.min(done.length, fresh.length - CALLBACKS_MAX);
  const keptDone = done.slice(dropDone);
  return [...keptDone, ...open.slice(Math.max(0, open.length + keptDone.length - CALLBACKS_MAX))];
}

export interface QuickTime {
  label: string;
  at: number;
}

/** One-tap callback times: in 1 hour, today 18:00 (while it is still ahead), tomorrow 10:00, tomorrow 15:00. */
export function quickCallbackTimes(now: number): QuickTime[] {
  const today = startOfDay(now);
  const tomorrow = new Date(today);
  tomorrow.setDate(tomorrow.getDate() + 1);
  const at = (day: number, hour: number) => {
    const d = new Date(day);
    d.setHours(hour, 0, 0, 0);
    return d.getTime();
  };
  const times: QuickTime[] = [{ label: '1小时后', at: now + 3_600_000 }];
  const evening = at(today, 18);
  if (evening - now > 3_600_000) times.push({ label: '今天 18:00', at: evening });
  times.push({ label: '明天 10:00', at: at(tomorrow.getTime(), 10) });
  times.push({ label: '明天 15:00', at: at(tomorrow.getTime(), 15) });
  return times;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whole calendar days from `from` to `to` (local time), so DST-free zones and others agree. */
function dayDifference(from: number, to: number): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / 86_400_000);
}

const DAY_WORDS: Record<string, string> = { '-1': '昨天', '0': '今天', '1': '明天', '2': '后天' };

/** When a callback is due, as an agent reads it: 今天 18:00, 明天 10:00, 11-26 10:00; past ones start with 逾期. */
export function formatDue(dueAt: number, now: number): string {
  const d = new Date(dueAt);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const day = DAY_WORDS[String(dayDifference(now, dueAt))] ?? `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${dueAt < now ? '逾期 · ' : ''}${day} ${time}`;
}
