/** What a contact is: the shape every page and store shares. */

export interface Contact {
  id: string;
  name: string;
  /** Dial form (see core/phoneNumber): what goes to TCCC. */
  phone: string;
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
}
