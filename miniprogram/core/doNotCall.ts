/** The do-not-call list: numbers the agent must not dial, with why and since when. No wx here. */

import { maskPhone, parsePhoneNumber } from './phoneNumber';

export const DO_NOT_CALL_SCHEMA = 1;

export interface DoNotCallEntry {
  /** Dial form (see core/phoneNumber), so any spelling of the number matches. */
  phone: string;
  /** Why: the outcome code that put it here (勿扰, 空号) or what the agent typed. */
  reason: string;
  addedAt: number;
}

export interface StoredDoNotCall {
  v: typeof DO_NOT_CALL_SCHEMA;
  entries: DoNotCallEntry[];
}

/** Kept at most: a number list of this size stays well under 100 KB in storage. */
export const DO_NOT_CALL_MAX = 5000;
const REASON_MAX_CHARS = 20;

function isEntry(value: unknown): value is DoNotCallEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<DoNotCallEntry>;
  return typeof e.phone === 'string' && e.phone !== '' && typeof e.addedAt === 'number';
}

/** Reads a stored list of any age; broken entries are dropped, anything unreadable gives an empty list. */
export function upgradeDoNotCall(stored: unknown): StoredDoNotCall {
  const entries = (stored as Partial<StoredDoNotCall> | null)?.entries;
  if (!Array.isArray(entries)) return { v: DO_NOT_CALL_SCHEMA, entries: [] };
  return {
    v: DO_NOT_CALL_SCHEMA,
    entries: entries.filter(isEntry).map((e) => ({
      phone: e.phone,
      reason: typeof e.reason === 'string' ? e.reason : '',
      addedAt: e.addedAt,
    })),
  };
}

export function findEntry(entries: readonly DoNotCallEntry[], dial: string): DoNotCallEntry | undefined {
  return entries.find((e) => e.phone === dial);
}

/** Adds or refreshes a number (newest last); the oldest entries go when the list is full. */
export function withEntry(entries: readonly DoNotCallEntry[], added: DoNotCallEntry): DoNotCallEntry[] {
  const reason = [...added.reason.trim()].slice(0, REASON_MAX_CHARS).join('');
  const next = [...entries.filter((e) => e.phone !== added.phone), { ...added, reason }];
  return next.slice(Math.max(0, next.length - DO_NOT_CALL_MAX));
}

export function withoutEntry(entries: readonly DoNotCallEntry[], dial: string): DoNotCallEntry[] {
  return entries.filter((e) => e.phone !== dial);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The refusal an agent reads; it names the reason and the date, never the number. */
export function doNotCallMessage(entry: DoNotCallEntry): string {
  const d = new Date(entry.addedAt);
  const reason = entry.reason === '' ? '未注明' : entry.reason;
  return `该号码已在勿扰名单（原因：${reason}，${pad(d.getMonth() + 1)}-${pad(d.getDate())} 加入）`;
}

/**
 * Whether a list entry matches the list's search box: the contact's name or the reason as typed, or digits.
 * While numbers are masked, digits match only what the agent can see (138****5678: 138, 5678) or the whole number,
 * so a search never reveals hidden digits; unmasked, any run of the number's digits matches.
 */
export function matchesDoNotCallSearch(entry: DoNotCallEntry, name: string, query: string, masked: boolean): boolean {
  const text = query.trim().toLowerCase();
  if (text === '') return true;
  if (name.toLowerCase().includes(text) || entry.reason.toLowerCase().includes(text)) return true;
  const parsed = parsePhoneNumber(text);
  if (parsed.ok && parsed.phone.dial === entry.phone) return true;
  if (!/^[\d\s-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  if (digits === '') return false;
  if (!masked) return entry.phone.includes(digits);
  return maskPhone(entry.phone)
    .split('*')
    .some((visible) => visible.includes(digits));
}
