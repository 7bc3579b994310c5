/**
 * Keeps scheduled callbacks in storage: add, list, group by due time, take the due ones to remind, complete; a
 * connected call to a number completes its open callback, whatever page is shown. On a team (bound as an agent),
 * every callback booked from a call goes to the server through the outbox, and one that stops being open goes too:
 * done (完成, or a connected call) or cancelled (replaced, dropped, cleared).
 */

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
import { CallRecord } from '../core/callRecord';
import { parsePhoneNumber } from '../core/phoneNumber';
import { CallChange, onCallChange } from './callEvents';
import { enqueueCallbackOp, flushOutbox } from './outbox';
import { readStored, removeStored, writeStored } from './storage';
import { readTeamSession } from './teamSession';

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

/** Call ids of the open callbacks that had one (booked from a call, so possibly reminded by the server). */
function openCallIds(items: readonly Callback[]): Set<string> {
  return new Set(items.filter((c) => !c.done && c.callId !== '').map((c) => c.callId));
}

/**
 * Writes the list; each call whose open callback left it (`done`: these callback ids were made; otherwise replaced by
 * a newer one for the number, or pruned) tells the server, durably: the outbox retries offline and keeps it across a
 * cold start.
 */
function writeItems(before: readonly Callback[], items: Callback[], done: readonly string[] = []): boolean {
  if (!writeStored(CALLBACKS_KEY, { v: 1, items }).ok) return false;
  closeServerBookings(before, items, done);
  return true;
}

function onTeamAsAgent(): boolean {
  return readTeamSession()?.user.role === 'agent';
}

/** Ends, through the outbox, the server booking of each call whose open callback is in `before` only. */
function closeServerBookings(before: readonly Callback[], after: readonly Callback[], done: readonly string[]): void {
  if (!onTeamAsAgent()) return;
  const stillOpen = openCallIds(after);
  const doneCalls = new Set(before.filter((c) => done.includes(c.id)).map((c) => c.callId));
  let queued = false;
  for (const callId of openCallIds(before)) {
    if (stillOpen.has(callId)) continue;
    queued = enqueueCallbackOp({ op: doneCalls.has(callId) ? 'done' : 'cancel', callId }) || queued;
  }
  if (queued) void flushOutbox();
}

/**
 * Books a callback made from a call on the server (in the same turn as the local save, so it is as durable): the
 * phone reminds until the wrap-up sheet's WeChat permission answer, if any, replaces this booking with its own.
 */
function bookOnServer(callback: Callback): void {
  if (callback.callId === '' || !onTeamAsAgent()) return;
  const { callId, dueAt, name } = callback;
  if (!enqueueCallbackOp({ op: 'book', callId, dueAt, name, templateId: null, subscribe: 'none' })) return;
  // Later than the save: the tap that saved may still have WeChat's subscribe dialog to open.
  void Promise.resolve().then(flushOutbox);
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
  const items = readItems();
  if (!writeItems(items, withCallback(items, callback, now))) {
    return { ok: false, message: '存储空间已满，回拨未保存' };
  }
  bookOnServer(callback);
  return { ok: true, callback };
}

/** Whether any callback came due since the last reminder, marking nothing: a start without one reads no more. */
export function hasDueReminders(now: number = Date.now()): boolean {
  return dueForReminder(readItems(), now).length > 0;
}

/**
 * The callbacks that came due since the last reminder, marked reminded so none is announced twice.
 * When storage is full the mark is lost and they are announced again next time: better twice than never.
 */
export function takeDueReminders(now: number = Date.now()): Callback[] {
  const items = readItems();
  const due = dueForReminder(items, now);
  const ids = due.map((c) => c.id);
  if (ids.length > 0) writeItems(items, withReminded(items, ids, now));
  return due;
}

/** Marks a callback done; false when it is not found or could not be saved. */
export function completeCallback(id: string, now: number = Date.now()): boolean {
  const before = readItems();
  const at = before.findIndex((c) => c.id === id);
  if (at < 0) return false;
  const items = before.slice();
  items[at] = { ...(items[at] as Callback), done: true };
  return writeItems(before, pruneCallbacks(items, now), [id]);
}

/**
 * The callback happened: each connected call completes the open callback for its number (the soonest due one;
 * there is at most one open per number). Returns the ids completed.
 */
export function completeAnsweredCallbacks(calls: readonly CallRecord[], now: number = Date.now()): string[] {
  const connected = calls.filter((call) => call.state === 'connected' && call.phone !== '');
  if (connected.length === 0) return [];
  const due = dueCallbacks(now);
  const open = [...due.overdue, ...due.dueToday, ...due.later];
  const completed: string[] = [];
  for (const call of connected) {
    const callback = open.find((c) => c.phone === call.phone && !completed.includes(c.id));
    if (callback !== undefined && completeCallback(callback.id, now)) completed.push(callback.id);
  }
  return completed;
}

function completeOnResult(change: CallChange): void {
  if (change.kind === 'result') completeAnsweredCallbacks(change.calls);
}

// For the app's whole life, from the first import (app.ts imports this first): no off to pair.
onCallChange(completeOnResult);

/** Removes every callback (settings → clear data); the server's reminders for them are cancelled too. */
export function clearCallbacks(): void {
  const before = readItems();
  removeStored(CALLBACKS_KEY);
  closeServerBookings(before, [], []);
}
