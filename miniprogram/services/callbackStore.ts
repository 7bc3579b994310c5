/** Keeps scheduled callbacks in storage: add, list, group by due time, take the due ones to remind, complete. */

import {
  Callback,
  DueCallbacks,
  dueForReminder,
  groupDue,
  pruneCallbacks,
  upgradeCallbacks,
  withCallback,
  withReminded,
} from '../core/callbacks';
import { newCallId } from '../core/recordId';
import { parsePhoneNumber } from '../core/phoneNumber';
import { readStored, removeStored, writeStored } from './storage';

export const CALLBACKS_KEY = 'tccc.callbacks';

export interface NewCallback {
  phone: string;
  dueAt: number;
  name?: string;
  callId?: string;
  contactId?: string;
}

export type AddCallbackResult = { ok: true; callback: Callback } | { ok: false; message: string };

function readItems(): Callback[] {
  return upgradeCallbacks(readStored(CALLBACKS_KEY)).items;
}

function writeItems(items: Callback[]): boolean {
  return writeStored(CALLBACKS_KEY, { v: 1, items }).ok;
}

/** Every callback kept, open and recently done, soonest due first. */
export function listCallbacks(): Callback[] {
  return readItems().sort((a, b) => a.dueAt - b.dueAt);
}

/** Open callbacks as the contacts page shows them: overdue, due today, later (each sorted by due time). */
export function dueCallbacks(now: number): DueCallbacks {
  return groupDue(readItems(), now);
}

/** Schedules a callback; an open one for the same number is moved to the new time instead of doubled. */
export function addCallback(input: NewCallback, now: number = Date.now()): AddCallbackResult {
  const parsed = parsePhoneNumber(input.phone);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (!Number.isFinite(input.dueAt)) return { ok: false, message: '请选择回拨时间' };
  const callback: Callback = {
    id: newCallId(now),
    callId: input.callId ?? '',
    contactId: input.contactId ?? '',
    phone: parsed.phone.dial,
    name: input.name ?? '',
    dueAt: input.dueAt,
    createdAt: now,
    done: false,
    remindedAt: 0,
  };
  if (!writeItems(withCallback(readItems(), callback, now))) {
    return { ok: false, message: '存储空间已满，回拨未保存' };
  }
  return { ok: true, callback };
}

/**
 * The callbacks that came due since the last reminder, marked reminded so none is announced twice.
 * When storage is full the mark is lost and they are announced again next time: better twice than never.
 */
export function takeDueReminders(now: number = Date.now()): Callback[] {
  const items = readItems();
  const due = dueForReminder(items, now);
  const ids = due.map((c) => c.id);
  if (ids.length > 0) writeItems(withReminded(items, ids, now));
  return due;
}

/** Marks a callback done; false when it is not found or could not be saved. */
export function completeCallback(id: string, now: number = Date.now()): boolean {
  const items = readItems();
  const at = items.findIndex((c) => c.id === id);
  if (at < 0) return false;
  items[at] = { ...(items[at] as Callback), done: true };
  return writeItems(pruneCallbacks(items, now));
}

/** Removes every callback (settings → clear data). */
export function clearCallbacks(): void {
  removeStored(CALLBACKS_KEY);
}
