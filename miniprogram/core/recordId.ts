/** Every id the app makes: calls (also used for callbacks) and contacts, and the times they encode. */

/** A call id's time part: 8 base 36 chars until the year 2059. */
export const ID_TIME_CHARS = 8;
const OUR_CALL_ID = /^[0-9a-z]{10}$/;
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A new call id: the start time in base 36 (8 chars until the year 2059) plus 2 random chars. */
export function newCallId(now: number, random: () => number = Math.random): string {
  const time = Math.floor(now).toString(36).padStart(ID_TIME_CHARS, '0');
  const suffix = Math.floor(random() * 36 * 36)
    .toString(36)
    .padStart(2, '0');
  return time + suffix;
}

/** The start time a call id encodes, or NaN when the id is not one of ours. */
export function startedAtOfId(id: string): number {
  if (!OUR_CALL_ID.test(id)) return NaN;
  return parseInt(id.slice(0, ID_TIME_CHARS), 36);
}

/** A start time as the 8 base 36 chars of a call id (toString(36) is several times slower). */
export function base36Time(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < ID_TIME_CHARS; i += 1) {
    out = BASE36.charAt(rest % 36) + out;
    rest = Math.floor(rest / 36);
  }
  return out;
}

let lastContactIdTime = 0;
let contactIdSequence = 0;

/** Short, time-ordered, unique contact ids: 'c' + base-36 time + a sequence within the same millisecond. */
export function newContactId(now: number): string {
  contactIdSequence = now === lastContactIdTime ? contactIdSequence + 1 : 0;
  lastContactIdTime = now;
  return `c${now.toString(36)}${contactIdSequence === 0 ? '' : `-${contactIdSequence.toString(36)}`}`;
}

/** The creation time a contact id of ours encodes (see newContactId), or 0 for any other id. */
export function createdAtOfContactId(id: string): number {
  // By char codes, not a pattern and parseInt: a start reads it for every stored contact. Ours is
  // 'c' + 1-10 base 36 chars (the time) + optionally '-' and 1+ base 36 chars (the sequence).
  if (id.charCodeAt(0) !== 99) return 0;
  let time = 0;
  let at = 1;
  for (; at < id.length && at <= 10; at += 1) {
    const digit = base36Value(id.charCodeAt(at));
    if (digit < 0) break;
    time = time * 36 + digit;
  }
  if (at === 1) return 0;
  if (at === id.length) return time;
  if (id.charCodeAt(at) !== 45 || at + 1 === id.length) return 0;
  for (let i = at + 1; i < id.length; i += 1) if (base36Value(id.charCodeAt(i)) < 0) return 0;
  return time;
}

/** 0-9 then a-z as 0-35; -1 for any other char (upper case too, as ids are written in lower case). */
function base36Value(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  return -1;
}
