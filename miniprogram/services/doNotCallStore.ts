/** Keeps the do-not-call list in storage: look a number up (the team's list too), add, remove, clear. */

import {
  DO_NOT_CALL_SCHEMA,
  DoNotCallEntry,
  findEntry,
  upgradeDoNotCall,
  withEntry,
  withoutEntry,
} from '../core/doNotCall';
import { parsePhoneNumber } from '../core/phoneNumber';
import { readStored, removeStored, writeStored } from './storage';
import { findTeamDoNotCall, teamDoNotCallNumbers } from './teamDncStore';

export const DO_NOT_CALL_KEY = 'tccc.dnc';

function readEntries(): DoNotCallEntry[] {
  return upgradeDoNotCall(readStored(DO_NOT_CALL_KEY)).entries;
}

function writeEntries(entries: DoNotCallEntry[]): boolean {
  return writeStored(DO_NOT_CALL_KEY, { v: DO_NOT_CALL_SCHEMA, entries }).ok;
}

function dialOf(phone: string): string | undefined {
  const parsed = parsePhoneNumber(phone);
  return parsed.ok ? parsed.phone.dial : undefined;
}

/** The list, newest first. */
export function listDoNotCall(): DoNotCallEntry[] {
  return readEntries().reverse();
}

/** Every listed number in dial form (this phone's and the team's), for marking many rows with one read. */
export function doNotCallNumbers(): ReadonlySet<string> {
  return new Set([...readEntries().map((e) => e.phone), ...teamDoNotCallNumbers()]);
}

export function countDoNotCall(): number {
  return readEntries().length;
}

/** The entry for a number in any spelling (this phone's list first, then the team's), or undefined when it may be called. */
export function findDoNotCall(phone: string): DoNotCallEntry | undefined {
  const dial = dialOf(phone);
  if (dial === undefined) return undefined;
  const own = findEntry(readEntries(), dial);
  if (own !== undefined) return own;
  const team = findTeamDoNotCall(dial);
  return team === undefined
    ? undefined
    : { phone: team.phone, reason: `团队名单：${team.reason}`, addedAt: team.addedAt };
}

/** Puts a number on the list with a reason; false when the number is not valid or storage is full. */
export function addDoNotCall(phone: string, reason: string, now: number = Date.now()): boolean {
  const dial = dialOf(phone);
  if (dial === undefined) return false;
  return writeEntries(withEntry(readEntries(), { phone: dial, reason, addedAt: now }));
}

export function removeDoNotCall(phone: string): boolean {
  const dial = dialOf(phone);
  if (dial === undefined) return false;
  return writeEntries(withoutEntry(readEntries(), dial));
}

/** Removes the whole list (settings → clear data). */
export function clearDoNotCall(): void {
  removeStored(DO_NOT_CALL_KEY);
}
