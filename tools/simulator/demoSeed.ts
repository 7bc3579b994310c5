/**
 * Demo data for a newcomer's first look: written through the app's own stores when storage is empty.
 * One function per store; add a seed by adding a function to DEMO_SEEDS.
 */

import type * as CallbackStore from '../../miniprogram/services/callbackStore';
import type * as CallLog from '../../miniprogram/services/callLog';
import type * as RecordId from '../../miniprogram/core/recordId';
import type * as ContactStore from '../../miniprogram/services/contactStore';
import type * as SettingsStore from '../../miniprogram/services/settingsStore';
import type { CallRecord, CallState } from '../../miniprogram/core/callRecord';
import type { Contact } from '../../miniprogram/core/contact';
import { DEMO_CONTACTS, generatedContacts } from '../fixtures/demoContacts';
import { realisticCalls } from '../fixtures/calls';

/** The app's modules, as the seeds reach them: the same code the app runs, not a copy. */
export interface AppModules {
  require(file: string): unknown;
}

export interface DemoSeed {
  /** Which part of the demo this writes; `?demo=settings` in the simulator's address runs only that one. */
  name: 'settings' | 'contacts' | 'calls' | 'callbacks' | 'many-contacts' | 'many-calls';
  run(app: AppModules, now: number): void;
  /** Written only when named in `?demo=`: data at a call center's scale, to try the app as it will be used. */
  onlyWhenNamed?: boolean;
}

const DAY_MS = 86_400_000;
const DEMO_CALL_COUNT = 60;
const DEMO_DAYS = 10;

function seedSettings(app: AppModules): void {
  const store = app.require('services/settingsStore.js') as typeof SettingsStore;
  const result = store.saveAgentSettings({
    ...store.loadAgentSettings(),
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
  });
  if (!result.ok) throw new Error(`demo settings not saved: ${result.message}`);
}

function seedContacts(app: AppModules, now: number): void {
  const store = app.require('services/contactStore.js') as typeof ContactStore;
  // Imported a day before the calls start, as an agent would on the first day.
  const report = store.importContacts(DEMO_CONTACTS, now - (DEMO_DAYS + 1) * DAY_MS);
  if (report.failure !== undefined || report.added !== DEMO_CONTACTS.length) {
    throw new Error(`demo contacts not imported: ${report.failure ?? `${report.added} of ${DEMO_CONTACTS.length}`}`);
  }
}

/** 10,000 generated contacts (the benchmark's), imported the way an agent would, beside the 30 demo ones. */
function seedManyContacts(app: AppModules, now: number): void {
  const store = app.require('services/contactStore.js') as typeof ContactStore;
  const report = store.importContacts(generatedContacts(10_000), now - (DEMO_DAYS + 2) * DAY_MS);
  if (report.failure !== undefined) throw new Error(`many contacts not imported: ${report.failure}`);
}

const MANY_CALLS = 50_000;
const MANY_CALLS_SPACING_MS = 7 * 60_000;

/**
 * 50,000 of the benchmark's realistic calls (one every 7 minutes), the newest an hour before `now`, archived
 * oldest first in batches of 5,000 as the benchmark seeds them.
 */
function seedManyCalls(app: AppModules, now: number): void {
  const start = now - 3_600_000 - (MANY_CALLS - 1) * MANY_CALLS_SPACING_MS;
  const records = realisticCalls(MANY_CALLS, start, MANY_CALLS_SPACING_MS);
  const log = app.require('services/callLog.js') as typeof CallLog;
  for (let i = 0; i < records.length; i += 5_000) {
    const written = log.archiveCalls(records.slice(i, i + 5_000));
    if (!written.ok) throw new Error(`many calls not saved: ${written.message}`);
  }
}

interface DemoEnding {
  state: CallState;
  closeBy: string;
  /** The outcome codes an agent would pick for such a call, taken in turn. */
  outcomes: readonly string[];
}

const CONNECTED_CLIENT: DemoEnding = {
  state: 'connected',
  closeBy: 'client',
  outcomes: ['有意向', '无意向', '预约回拨'],
};
const CONNECTED_SEAT: DemoEnding = { state: 'connected', closeBy: 'seat', outcomes: ['有意向', '无意向', '勿扰'] };

/** Twenty endings in proportion: half connected, a fifth rung without answer, a few not placed, cancelled or lost. */
const ENDINGS: readonly DemoEnding[] = [
  CONNECTED_CLIENT,
  CONNECTED_SEAT,
  CONNECTED_CLIENT,
  { state: 'connected', closeBy: 'admin', outcomes: ['无意向', '有意向'] },
  CONNECTED_SEAT,
  CONNECTED_CLIENT,
  CONNECTED_SEAT,
  CONNECTED_CLIENT,
  CONNECTED_SEAT,
  { state: 'connected', closeBy: 'client', outcomes: ['拒接', '无意向'] },
  { state: 'placed-not-connected', closeBy: 'seat', outcomes: ['未接通', '忙线'] },
  { state: 'placed-not-connected', closeBy: 'admin', outcomes: ['未接通', '拒接'] },
  { state: 'placed-not-connected', closeBy: 'seat', outcomes: ['忙线', '未接通', '空号'] },
  { state: 'placed-not-connected', closeBy: 'client', outcomes: ['拒接'] },
  { state: 'not-placed', closeBy: 'seat', outcomes: ['未接通'] },
  { state: 'not-placed', closeBy: 'seat', outcomes: ['空号', '未接通'] },
  { state: 'cancelled', closeBy: '', outcomes: [''] },
  { state: 'no-result', closeBy: '', outcomes: ['未接通', '有意向'] },
  CONNECTED_CLIENT,
  CONNECTED_SEAT,
];

const NOTES = ['', '', '客户要求下周再联系', '', '已发报价单', '', '', '对价格敏感', '', '需要和老板商量'];

/** A deterministic hex string for session ids (UUID v4 shape, like TCCC's). */
function sessionId(i: number): string {
  const hex = (n: number, width: number) => ((n >>> 0) % 16 ** width).toString(16).padStart(width, '0');
  const a = Math.imul(i + 1, 2654435761);
  const b = Math.imul(i + 7, 40503);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(a >>> 4, 3)}-${'89ab'.charAt(i % 4)}${hex(b >>> 3, 3)}-${hex(a ^ b, 8)}${hex(b, 4)}`;
}

/** Calls a weekday, taken in turn going back from today; a weekend day has one or two. */
const WEEKDAY_CALLS = [9, 10, 8, 11, 9, 7, 10];
/** When calls happen (minutes after midnight, Shanghai): a day with n calls uses the first n, in time order. */
const SLOT_MINUTES = [
  9 * 60 + 12,
  14 * 60 + 5,
  10 * 60 + 31,
  16 * 60 + 10,
  11 * 60 + 15,
  15 * 60 + 27,
  9 * 60 + 48,
  17 * 60 + 38,
  14 * 60 + 43,
  11 * 60 + 52,
  16 * 60 + 56,
];

/**
 * The demo calls' start times, newest first: a varying number a day, in working hours, none later than 40
 * minutes before `now` (a fresh start then offers no wrap-up; new calls are listed above them).
 */
export function demoCallTimes(now: number, count = DEMO_CALL_COUNT): number[] {
  const startOfDay = now - ((now + 8 * 3_600_000) % DAY_MS);
  const times: number[] = [];
  for (let day = 0; times.length < count; day += 1) {
    const weekday = new Date(startOfDay - day * DAY_MS + 8 * 3_600_000).getUTCDay();
    const perDay =
      weekday === 0 || weekday === 6 ? 1 + (day % 2) : (WEEKDAY_CALLS[day % WEEKDAY_CALLS.length] as number);
    const slots = SLOT_MINUTES.slice(0, perDay).sort((x, y) => y - x);
    for (const slot of slots) {
      const at = startOfDay - day * DAY_MS + (slot + ((day * 7 + slot) % 13)) * 60_000;
      if (at <= now - 40 * 60_000 && times.length < count) times.push(at);
    }
  }
  return times;
}

/** The i-th demo call (0 = newest): its contact, ending, outcome and note follow from i. The newest few are unwrapped. */
export function demoCall(
  i: number,
  startedAt: number,
  contacts: readonly Contact[],
  newCallId: (at: number, random: () => number) => string,
): CallRecord {
  const contact = contacts[(i * 7) % contacts.length] as Contact;
  // 13 and 20 share no factor: over 60 calls each ending comes three times, in no daily pattern.
  const ending = ENDINGS[(i * 13 + 5) % ENDINGS.length] as DemoEnding;
  const unwrapped = i < 3 && ending.state !== 'cancelled';
  const outcome = unwrapped ? '' : (ending.outcomes[Math.floor(i / 3) % ending.outcomes.length] as string);
  const placed = ending.state === 'connected' || ending.state === 'placed-not-connected';
  const id = newCallId(startedAt, () => (i % 1296) / 1296);
  return {
    id,
    sdkAppId: '1400000000',
    userId: 'agent@example.com',
    phone: contact.phone,
    name: contact.name,
    contactId: contact.id,
    uui: id,
    startedAt,
    returnedAt: ending.state === 'cancelled' ? startedAt : startedAt + 60_000 + (i % 5) * 45_000,
    state: ending.state,
    sessionId: placed ? sessionId(i) : '',
    duration: ending.state === 'connected' ? 18 + ((i * 53) % 420) : ending.state === 'no-result' ? null : 0,
    closeBy: ending.closeBy,
    outcome,
    note: outcome === '' ? '' : (NOTES[i % NOTES.length] as string),
    error: ending.state === 'cancelled' ? 'navigateToMiniProgram:fail cancel' : '',
  };
}

function seedCalls(app: AppModules, now: number): void {
  const contacts = (app.require('services/contactStore.js') as typeof ContactStore).listContacts();
  if (contacts.length === 0) throw new Error('demo calls need the demo contacts first');
  const { newCallId } = app.require('core/recordId.js') as typeof RecordId;
  const records = demoCallTimes(now).map((at, i) => demoCall(i, at, contacts, newCallId));
  // Archived oldest first, as the calls would have come back.
  records.reverse();
  const written = (app.require('services/callLog.js') as typeof CallLog).archiveCalls(records);
  if (!written.ok) throw new Error(`demo calls not saved: ${written.message}`);
  // Each contact's last call, as the app notes it when a call returns.
  const store = app.require('services/contactStore.js') as typeof ContactStore;
  for (const record of records) store.noteCallForContact(record);
}

/** One callback overdue since yesterday afternoon and one due this afternoon. */
function seedCallbacks(app: AppModules, now: number): void {
  const contacts = (app.require('services/contactStore.js') as typeof ContactStore).listContacts();
  const store = app.require('services/callbackStore.js') as typeof CallbackStore;
  const startOfDay = now - ((now + 8 * 3_600_000) % DAY_MS);
  const due = [
    { contact: contacts.find((c) => c.name === '钱晓燕'), dueAt: startOfDay - DAY_MS + 16 * 3_600_000 },
    { contact: contacts.find((c) => c.name === '蒋涛'), dueAt: startOfDay + 15 * 3_600_000 + 30 * 60_000 },
  ];
  for (const { contact, dueAt } of due) {
    if (contact === undefined) throw new Error('demo callbacks need the demo contacts first');
    const added = store.addCallback({ phone: contact.phone, name: contact.name, contactId: contact.id, dueAt }, now);
    if (!added.ok) throw new Error(`demo callback not saved: ${added.message}`);
  }
  // The demo agent was reminded of the overdue one already: the app opens on its pages, not on a modal.
  store.takeDueReminders(now);
}

export const DEMO_SEEDS: DemoSeed[] = [
  { name: 'settings', run: seedSettings },
  { name: 'contacts', run: seedContacts },
  { name: 'calls', run: seedCalls },
  { name: 'callbacks', run: seedCallbacks },
  { name: 'many-contacts', run: seedManyContacts, onlyWhenNamed: true },
  { name: 'many-calls', run: seedManyCalls, onlyWhenNamed: true },
];

/** Runs every seed, or only the named ones (tests that start from an empty app keep just the settings). */
export function runDemoSeeds(app: AppModules, now: number, only?: readonly string[]): void {
  for (const seed of DEMO_SEEDS) {
    if (only === undefined ? seed.onlyWhenNamed !== true : only.includes(seed.name)) seed.run(app, now);
  }
}
