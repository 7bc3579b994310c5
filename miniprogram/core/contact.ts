/** What a contact is: the shape every page and store shares, and how an agent's input becomes one. */

import { parsePhoneNumber } from './phoneNumber';

export interface Contact {
  id: string;
  name: string;
  /** Dial form (see core/phoneNumber): what goes to TCCC. */
  phone: string;
  /** Extension digits to key in after the call connects ('' or missing when none). */
  extension?: string;
  company: string;
  note: string;
  createdAt: number;
  updatedAt: number;
}

/** The last call with a contact, kept beside the contacts so the list never scans the call log. */
export interface ContactLastCall {
  at: number;
  /** The call state label source (core/callRecord CallState). */
  state: string;
  outcome: string;
  /** The call record's id, so a wrap-up saved later updates the same entry. */
  callId?: string;
}

/** What the agent types or pastes for one contact; the phone as typed. */
export interface ContactInput {
  name: string;
  phone: string;
  company?: string;
  note?: string;
}

export type ContactField = 'name' | 'phone' | 'company' | 'note';
export type ContactErrors = Partial<Record<ContactField, string>>;

/** The checked fields of a contact, the phone in dial form. */
export interface ContactFields {
  name: string;
  phone: string;
  extension: string;
  company: string;
  note: string;
}

export const NAME_MAX = 40;
export const COMPANY_MAX = 60;
export const NOTE_MAX = 200;

/** Whitespace runs (newlines and tabs included) folded to one space; other control characters dropped. */
function clean(text: string | undefined): string {
  const folded = String(text ?? '').replace(/\s+/g, ' ');
  let kept = '';
  for (const char of folded) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f) kept += char;
  }
  return kept.trim();
}

/** Checks one contact's fields; messages are Chinese and never echo the number. */
export function validateContactInput(
  input: ContactInput,
): { ok: true; fields: ContactFields } | { ok: false; errors: ContactErrors } {
  const name = clean(input.name);
  const company = clean(input.company);
  const note = clean(input.note);
  const errors: ContactErrors = {};
  if (name === '') errors.name = '请输入姓名';
  else if (name.length > NAME_MAX) errors.name = `姓名不超过 ${NAME_MAX} 个字`;
  if (company.length > COMPANY_MAX) errors.company = `公司不超过 ${COMPANY_MAX} 个字`;
  if (note.length > NOTE_MAX) errors.note = `备注不超过 ${NOTE_MAX} 个字`;
  const phone = parsePhoneNumber(String(input.phone ?? ''));
  if (!phone.ok) errors.phone = phone.message;
  if (!phone.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, fields: { name, phone: phone.phone.dial, extension: phone.phone.extension, company, note } };
}

/** The text a list row shows under the name: the company, else the note. */
export function contactSubtitle(contact: Pick<Contact, 'company' | 'note'>): string {
  return contact.company !== '' ? contact.company : contact.note;
}

/** The number as a call takes it: with the extension after a comma, so the agent is reminded to key it in. */
export function dialString(contact: Pick<Contact, 'phone' | 'extension'>): string {
  return contact.extension ? `${contact.phone},${contact.extension}` : contact.phone;
}
