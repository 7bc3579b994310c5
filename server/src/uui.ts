/**
 * The UUI contract between the phone and the server: what the phone passes TCCC as `uui`, so TCCC's CDR names the
 * phone's call. Version 1 is `td1.` + the phone's call id (10 chars of [0-9a-z]: start time in base 36 plus 2
 * random chars). Phones before the contract send the bare call id; it reads as the same call id (version 0).
 * Any other uui (a business reference) names no call: such calls join their CDR by sessionId only.
 */

export const UUI_V1_PREFIX = 'td1.';
const CALL_ID = /^[0-9a-z]{10}$/;

export function uuiForCall(callId: string): string {
  return UUI_V1_PREFIX + callId;
}

/** The phone call id a uui carries, or null when the uui follows no version of the contract. */
export function callIdOfUui(uui: string | null | undefined): string | null {
  if (typeof uui !== 'string') return null;
  const id = uui.startsWith(UUI_V1_PREFIX) ? uui.slice(UUI_V1_PREFIX.length) : uui;
  return CALL_ID.test(id) ? id : null;
}
