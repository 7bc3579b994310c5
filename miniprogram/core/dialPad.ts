/** The dialer's logic: keys typed, what the display and hint say, pasted text, recent numbers, and deep-link queries. No wx. */

import { CallRecord } from './callRecord';
import { callTitle } from './callPresentation';
import { formatAsTyped, parsePhoneNumber } from './phoneNumber';
import { buildTcccLaunch, cleanRemark } from './tcccLaunch';

export const KEYPAD_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
/** Enough for +86, a landline, a separator and an 8-digit extension. */
export const MAX_TYPED = 28;

/** Adds one key; anything that is not a keypad key (or a leading +) is ignored, as is input past MAX_TYPED. */
export function appendKey(typed: string, key: string): string {
  if (typed.length >= MAX_TYPED) return typed;
  if (KEYPAD_KEYS.includes(key) || (key === '+' && typed === '')) return typed + key;
  return typed;
}

export function removeLastKey(typed: string): string {
  return typed.slice(0, -1);
}

export type HintTone = 'none' | 'hint' | 'error' | 'ok';

export interface DialerState {
  /** The number grouped as typed: `138 0013 8000`. */
  display: string;
  /** Dial form when the number is valid, else ''. */
  dial: string;
  /** The line under the number: why it is not valid yet, or the extension to key in after connecting. */
  hint: string;
  tone: HintTone;
}

/** What the dialer shows for the keys typed so far. Too short reads as a hint (still typing), other problems as errors. */
export function dialerState(typed: string): DialerState {
  const display = formatAsTyped(typed);
  if (typed === '') return { display, dial: '', hint: '', tone: 'none' };
  const parsed = parsePhoneNumber(typed);
  if (!parsed.ok) {
    return { display, dial: '', hint: parsed.message, tone: parsed.reason === 'too-short' ? 'hint' : 'error' };
  }
  const { dial, extension } = parsed.phone;
  return { display, dial, hint: extension === '' ? '' : `接通后拨分机 ${extension}`, tone: 'ok' };
}

/**
 * Keys for pasted text: a number that parses is taken in dial form (with its extension after #); otherwise the
 * digits, *, # and a leading + it holds, so the hint can say what is wrong. '' when there is nothing to take.
 */
export function keysFromPaste(text: string): string {
  const parsed = parsePhoneNumber(text);
  if (parsed.ok) {
    const { dial, extension } = parsed.phone;
    return extension === '' ? dial : `${dial}#${extension}`;
  }
  if (parsed.reason === 'letters' || parsed.reason === 'empty') return '';
  const keys = text.replace(/[^0-9*#+]/g, '').replace(/(?!^)\+/g, '');
  return keys.slice(0, MAX_TYPED);
}

export interface RecentNumber {
  phone: string;
  name: string;
  contactId: string;
  /** What the strip shows: the name, else the (masked) number. */
  label: string;
}

/** Distinct numbers from the newest calls, newest first; the name is the latest one the number was called with. */
export function recentNumbers(records: readonly CallRecord[], masked: boolean, limit = 10): RecentNumber[] {
  const seen = new Set<string>();
  const recent: RecentNumber[] = [];
  for (const record of records) {
    if (record.phone === '' || seen.has(record.phone)) continue;
    seen.add(record.phone);
    recent.push({
      phone: record.phone,
      name: record.name,
      contactId: record.contactId,
      label: callTitle(record, masked),
    });
    if (recent.length >= limit) break;
  }
  return recent;
}

export interface DialerLink {
  phone: string;
  name: string;
  /** A business reference to send as uui; '' when none. */
  businessRef: string;
}

export type DialerLinkResult = { ok: true; link: DialerLink | undefined } | { ok: false; message: string };

/** Query values may arrive still URL-encoded (native apps, WeCom); decode once when that is what they are. */
function decodeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return '\u0000';
  if (!/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function textOf(query: Record<string, unknown> | undefined, key: string): string {
  return decodeValue(query?.[key]) ?? '';
}

function hasAny(query: Record<string, unknown> | undefined, keys: readonly string[]): boolean {
  return query !== undefined && keys.some((key) => query[key] !== undefined);
}

/** The same rules the TCCC launch applies to uui: at most 1024 bytes, no phone number inside. */
function uuiProblem(uui: string, dial: string): string | undefined {
  if (uui === '') return undefined;
  const check = buildTcccLaunch({ sdkAppId: '10000', userId: 'check', calleePhone: dial, uui });
  return check.ok ? undefined : `链接中的${check.message}`;
}

/**
 * Reads `pages/dialer/dialer?phone=...&name=...&uui=...`. No link values means no link (ok, undefined). A bad
 * value refuses the whole link, so nothing half-checked is ever dialled; messages never echo the number.
 */
export function parseDialerLink(query: Record<string, unknown> | undefined): DialerLinkResult {
  const phoneText = textOf(query, 'phone');
  if (phoneText === '') {
    return hasAny(query, ['name', 'uui'])
      ? { ok: false, message: '链接缺少号码（phone）' }
      : { ok: true, link: undefined };
  }
  const phone = parsePhoneNumber(phoneText);
  if (!phone.ok) return { ok: false, message: `链接中的号码无效：${phone.message}` };
  const nameText = textOf(query, 'name').trim();
  if ([...nameText].length > 32) return { ok: false, message: '链接中的名称过长（最多 32 个字）' };
  const uui = textOf(query, 'uui');
  const problem = uuiProblem(uui, phone.phone.dial);
  if (problem !== undefined) return { ok: false, message: problem };
  const { dial, extension } = phone.phone;
  return {
    ok: true,
    link: { phone: extension === '' ? dial : `${dial}#${extension}`, name: cleanRemark(nameText), businessRef: uui },
  };
}
