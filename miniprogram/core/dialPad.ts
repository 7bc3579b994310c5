/** The dialer's logic: keys typed, what the display and hint say, pasted text, recent numbers, and deep-link queries. No wx. */

import { CallRecord } from './callRecord';
import { callTitle } from './callPresentation';
import { formatAsTyped, maskPhone, parsePhoneNumber } from './phoneNumber';
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
 * The display while numbers are masked, for `typed` that begins with `filled`, a number the app filled in (recent
 * chip, contact, link): that number de-identified like everywhere else, then the keys the agent typed after it.
 */
export function maskedFilledDisplay(filled: string, typed: string): string {
  const parsed = parsePhoneNumber(filled);
  if (!parsed.ok) return maskPhone(filled) + typed.slice(filled.length);
  const { kind, display, masked, extension } = parsed.phone;
  // Service numbers are public: grouped as when typed.
  const head = kind === 'service' ? display : masked;
  return (extension === '' ? head : `${head}#${extension}`) + typed.slice(filled.length);
}

/** The 备注名 and the number it belongs to (dial form, or the keys when they do not parse); no owner until it has one. */
export interface DialerName {
  text: string;
  owner: string | undefined;
}

export interface DialerNumberChange {
  typed: string;
  /** dialerState(typed).dial */
  dial: string;
  previousDial: string;
  /** The name that comes with a number the app fills in (recent chip, contact, link); undefined when typed. */
  filledName: string | undefined;
  /** The saved contact's name when the number is a contact's. */
  contactName: string | undefined;
}

/**
 * The 备注名 after the number changes, so the field always shows what the call will send. A name belongs to its
 * number: when the number changes, the name goes. A name typed before the number was complete belongs to the first
 * complete number. When the number becomes a contact's and the field is empty, the contact's name comes.
 */
export function nameAfterNumberChange(name: DialerName, change: DialerNumberChange): DialerName {
  const { typed, dial, filledName, contactName } = change;
  const owner = dial !== '' ? dial : typed;
  let next: DialerName;
  if (filledName !== undefined) next = { text: filledName, owner };
  else if (name.owner !== undefined && name.owner !== owner) next = { text: '', owner: undefined };
  else next = { text: name.text, owner: name.owner ?? (dial !== '' ? dial : undefined) };
  const numberIsNew = filledName !== undefined || dial !== change.previousDial;
  if (next.text.trim() === '' && contactName !== undefined && numberIsNew) next = { text: contactName, owner: dial };
  return next.text.trim() === '' ? { text: next.text, owner: undefined } : next;
}

/** The 备注名 as the agent types it: a name typed while a complete number is shown belongs to that number. */
export function nameAfterTyping(name: DialerName, text: string, dial: string): DialerName {
  if (text.trim() === '') return { text, owner: undefined };
  return { text, owner: name.owner ?? (dial !== '' ? dial : undefined) };
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
