/** Turns what an agent types or pastes into a dialable Chinese phone number, or says why not. No wx here. */

/** service = 95xxx, 96xxx short codes, 400/800 numbers, 1xxxx short codes like 10086/12345. */
export type PhoneKind = 'mobile' | 'landline' | 'service';

export interface PhoneNumber {
  /** What to send to TCCC as calleePhone: national form, digits only, the way TCCC's examples write it
   *  (mobile `13800138000`, landline with area code `01012345678` / `075536564058`, service `4008123123`, `95555`). */
  dial: string;
  /** Extension digits kept apart ('' when none): the agent keys them in after the call connects. */
  extension: string;
  /** Grouped for reading: mobile `138 0013 8000`, landline `010 1234 5678` / `0755 3656 4058`, 400 `400 812 3123`, short codes as-is. */
  display: string;
  /** De-identified (GB/T 35273): mobile `138****8000`; landline keeps area code + last 4 (`010****5678`); service numbers are public, not masked. */
  masked: string;
  kind: PhoneKind;
}

export type PhoneRejectReason = 'empty' | 'letters' | 'too-short' | 'too-long' | 'invalid';

export type PhoneParseResult =
  { ok: true; phone: PhoneNumber } | { ok: false; message: string; reason: PhoneRejectReason };

/** Fixed texts: a message must never echo the number, which is personal data. */
const MESSAGES: Record<PhoneRejectReason, string> = {
  empty: '请输入电话号码',
  letters: '号码中不能有字母',
  'too-short': '号码位数不足',
  'too-long': '号码位数过多',
  invalid: '号码格式不正确',
};

const MAX_EXTENSION_DIGITS = 8;
const MASK = '****';

type Classified = { ok: true; dial: string; kind: PhoneKind } | { ok: false; reason: PhoneRejectReason };

function fail(reason: PhoneRejectReason): Classified {
  return { ok: false, reason };
}

/** Full-width forms to ASCII, invisible marks (zero-width, bidi marks that contacts apps paste, BOM, soft hyphen)
 *  dropped, every kind of dash to '-', lower case. Each step is one linear pass. */
function normalize(input: string): string {
  return input
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63]/g, '-')
    .toLowerCase();
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isSeparator(ch: string): boolean {
  return '-.()/'.includes(ch) || /\s/.test(ch);
}

interface Scan {
  main: string;
  extension: string;
  plus: boolean;
  inExtension: boolean;
  letters: boolean;
  unknown: boolean;
}

/** Length of the extension marker at `i` (0 when none). Word markers count only before any extension digit,
 *  so that `ext 12 x` still reads as letters. */
function extensionMarkerLength(text: string, i: number, scan: Scan): number {
  const ch = text[i];
  if (',;#转'.includes(ch)) return 1;
  if (ch === '分' && text[i + 1] === '机') return 2;
  if (scan.extension !== '') return 0;
  if (text.startsWith('ext', i)) return 3;
  return ch === 'x' ? 1 : 0;
}

/** Reads one token at `i` into the scan and returns where the next one starts. */
function scanStep(text: string, i: number, scan: Scan): number {
  const ch = text[i];
  if (isDigit(ch)) {
    if (scan.inExtension) scan.extension += ch;
    else scan.main += ch;
    return i + 1;
  }
  if (isSeparator(ch)) return i + 1;
  const marker = scan.main === '' ? 0 : extensionMarkerLength(text, i, scan);
  if (marker > 0) {
    scan.inExtension = true;
    return i + marker;
  }
  if (ch === '+' && scan.main === '' && !scan.plus) scan.plus = true;
  else if (ch >= 'a' && ch <= 'z') scan.letters = true;
  else scan.unknown = true;
  return i + 1;
}

function scanInput(text: string): Scan {
  const scan: Scan = { main: '', extension: '', plus: false, inExtension: false, letters: false, unknown: false };
  let i = 0;
  while (i < text.length) i = scanStep(text, i, scan);
  return scan;
}

/** 3 digits for 010 and 02x, 4 for every other 0xxx area code. */
function areaCodeLength(dial: string): number {
  return dial[1] === '1' || dial[1] === '2' ? 3 : 4;
}

function classifyLandline(d: string): Classified {
  if (d[1] === '0' || (d[1] === '1' && d[2] !== '0')) return fail('invalid');
  const local = d.slice(areaCodeLength(d));
  if (local.length < 7) return fail('too-short');
  if (local.length > 8) return fail('too-long');
  return local[0] === '0' ? fail('invalid') : { ok: true, dial: d, kind: 'landline' };
}

/** Mobiles are 1[3-9] + 9 digits; 10xxx, 11xxx, 12xxx are 5-digit short codes (10086, 12345). */
function classifyStartingWithOne(d: string): Classified {
  if (d[1] >= '3') {
    if (d.length === 11) return { ok: true, dial: d, kind: 'mobile' };
    return fail(d.length < 11 ? 'too-short' : 'too-long');
  }
  if (d.length === 5) return { ok: true, dial: d, kind: 'service' };
  return fail(d.length > 11 ? 'too-long' : 'invalid');
}

function classifyByLength(d: string, lengths: readonly number[]): Classified {
  if (lengths.includes(d.length)) return { ok: true, dial: d, kind: 'service' };
  if (d.length < lengths[0]) return fail('too-short');
  return fail(d.length > lengths[lengths.length - 1] ? 'too-long' : 'invalid');
}

/** Classifies a national number (no country code). 95 numbers have 5, 6 or 8 digits, 96 numbers 5 or 6. */
function classifyNational(d: string): Classified {
  if (d.length < 5) return fail('too-short');
  if (d[0] === '0') return classifyLandline(d);
  if (d[0] === '1') return classifyStartingWithOne(d);
  if (d.startsWith('400') || d.startsWith('800')) return classifyByLength(d, [10]);
  if (d.startsWith('95')) return classifyByLength(d, [5, 6, 8]);
  if (d.startsWith('96')) return classifyByLength(d, [5, 6]);
  return fail('invalid');
}

/** After +86 a landline is written without its trunk 0 (`+86 10 12345678`): add it back. */
function classifyAfterCountryCode(nsn: string): Classified {
  if (nsn[0] === '0' || /^(1[3-9]|[48]00)/.test(nsn)) return classifyNational(nsn);
  return classifyLandline(`0${nsn}`);
}

function classifyDigits(digits: string, plus: boolean): Classified {
  if (plus && !digits.startsWith('86')) return fail('86'.startsWith(digits) ? 'too-short' : 'invalid');
  if (plus) return classifyAfterCountryCode(digits.slice(2));
  if (digits.startsWith('0086')) return classifyAfterCountryCode(digits.slice(4));
  if (digits.startsWith('86')) {
    // No Chinese national number starts with 86, so a bare 86 can only be the country code.
    const stripped = classifyAfterCountryCode(digits.slice(2));
    if (stripped.ok) return stripped;
  }
  return classifyNational(digits);
}

/** Splits digits into groups of the given sizes; the last group takes whatever is left. */
function group(digits: string, sizes: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < sizes.length && start < digits.length; i++) {
    const end = i === sizes.length - 1 ? digits.length : start + sizes[i];
    parts.push(digits.slice(start, end));
    start = end;
  }
  return parts.join(' ');
}

function displayOf(dial: string, kind: PhoneKind): string {
  if (kind === 'mobile') return group(dial, [3, 4, 4]);
  if (kind === 'landline') {
    const area = areaCodeLength(dial);
    return `${dial.slice(0, area)} ${group(dial.slice(area), dial.length - area === 8 ? [4, 4] : [3, 4])}`;
  }
  return dial.length === 10 ? group(dial, [3, 3, 4]) : dial;
}

function maskedOf(dial: string, kind: PhoneKind): string {
  if (kind === 'mobile') return dial.slice(0, 3) + MASK + dial.slice(7);
  if (kind === 'landline') return dial.slice(0, areaCodeLength(dial)) + MASK + dial.slice(-4);
  return dial;
}

function reject(reason: PhoneRejectReason): PhoneParseResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Parses typed or pasted input. Never throws; anything that is not a string counts as empty. */
export function parsePhoneNumber(input: string): PhoneParseResult {
  if (typeof input !== 'string') return reject('empty');
  const scan = scanInput(normalize(input));
  if (scan.letters) return reject('letters');
  if (scan.unknown) return reject('invalid');
  if (scan.main === '' && !scan.plus) return reject('empty');
  const classified = classifyDigits(scan.main, scan.plus);
  if (!classified.ok) return reject(classified.reason);
  if (scan.extension.length > MAX_EXTENSION_DIGITS) return reject('too-long');
  const { dial, kind } = classified;
  return {
    ok: true,
    phone: { dial, extension: scan.extension, display: displayOf(dial, kind), masked: maskedOf(dial, kind), kind },
  };
}

/** Masks a stored dial string like parsePhoneNumber does. Unknown shapes are masked harder: only the last 4
 *  (8+ characters) or first 3 and last 4 (11+) stay visible, shorter ones become `****`. Never throws. */
export function maskPhone(dial: string): string {
  if (typeof dial !== 'string' || dial === '') return '';
  const parsed = parsePhoneNumber(dial);
  if (parsed.ok) return parsed.phone.masked;
  const text = dial.trim();
  if (text.length < 8) return MASK;
  return (text.length >= 11 ? text.slice(0, 3) : '') + MASK + text.slice(-4);
}

/** Display grouping of a dial string (with ` 转` and the extension if it has one); unknown shapes returned as-is. */
export function formatPhone(dial: string): string {
  if (typeof dial !== 'string') return '';
  const parsed = parsePhoneNumber(dial);
  if (!parsed.ok) return dial;
  const { display, extension } = parsed.phone;
  return extension === '' ? display : `${display} 转${extension}`;
}

/** Groups a national number that is still being typed; while typing, a 7-digit local part looks like 8. */
function groupTypedNational(d: string): string {
  if (/^1[3-9]/.test(d) || /^0[12]/.test(d)) return group(d, [3, 4, 4]);
  if (/^0[3-9]/.test(d)) return group(d, [4, 4, 4]);
  if (/^[48]00/.test(d)) return group(d, [3, 3, 4]);
  return d;
}

/** After a country code: mobiles and 400/800 as usual, landlines without their trunk 0 (`10 1234 5678`). */
function groupTypedAfterCountryCode(nsn: string): string {
  if (/^(0|1[3-9]|[48]00)/.test(nsn)) return groupTypedNational(nsn);
  return group(nsn, [nsn[0] === '1' || nsn[0] === '2' ? 2 : 3, 4, 4]);
}

function groupTyped(head: string): string {
  const prefix = /^(\+86|0086)/.exec(head)?.[0];
  if (prefix === undefined) return head[0] === '+' ? head : groupTypedNational(head);
  const rest = head.slice(prefix.length);
  return rest === '' ? prefix : `${prefix} ${groupTypedAfterCountryCode(rest)}`;
}

/** Formats partial input while typing on a keypad, e.g. '1380013' -> '138 0013', '010123' -> '010 123'.
 *  Keeps * and # (and what follows them) as typed; drops everything else that is not a digit or a leading +. */
export function formatAsTyped(digits: string): string {
  if (typeof digits !== 'string') return '';
  const keys = normalize(digits)
    .replace(/[^0-9*#+]/g, '')
    .replace(/(?!^)\+/g, '');
  const cut = keys.search(/[*#]/);
  if (cut < 0) return groupTyped(keys);
  return groupTyped(keys.slice(0, cut)) + keys.slice(cut);
}
