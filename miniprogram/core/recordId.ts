/** Every id the app makes: calls (also used for callbacks) and contacts, and the times they encode. */

/** A call id's time part: 8 base 36 chars until the year 2059. */
export const ID_TIME_CHARS = 8;
const OUR_CALL_ID = /^[0-9a-z]{10}$/;
const OUR_CONTACT_ID = /^c([0-9a-z]{1,10})(?:-[0-9a-z]+)?$/;
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
  const match = OUR_CONTACT_ID.exec(id);
  return match === null ? 0 : parseInt(match[1] as string, 36);
}
