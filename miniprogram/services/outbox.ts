/**
 * The durable outbox to the team server: each call event queues the call's id and a new revision (one small write),
 * and a flush sends the calls as the call log holds them then, in batches to POST /api/calls/batch. Callback
 * bookings and cancellations (the server's reminders) wait in a second queue, scrubbed error lines in a third.
 */

import { bookingName } from '../core/callbacks';
import { BATCH_MAX_CALLS, BatchCallStatus, parseBatchAnswer, ServerCall, toServerCall } from '../core/callSync';
import { CallChange, offCallChange, onCallChange } from './callEvents';
import { findCall } from './callLog';
import { readStored, removeStored, writeStored } from './storage';
import { teamRequest, type TeamFailure } from './teamRequest';
import {
  isSessionUsable,
  offTeamSessionChange,
  onTeamSessionChange,
  readTeamSession,
  TeamSession,
} from './teamSession';

export const OUTBOX_KEY = 'tccc.outbox';
/** Queued calls kept at most; ~20 bytes each, so the key stays far below WeChat's 1 MB per key. */
export const OUTBOX_MAX_CALLS = 5000;
export const OUTBOX_MAX_ERRORS = 50;
export const ERRORS_PER_REQUEST = 20;
/** Pending callback bookings/cancellations kept at most (one per call: the last one wins). */
export const OUTBOX_MAX_CALLBACKS = 500;
/** Failures in a row before the indicator shows a problem (a single offline moment is not one). */
const PERSISTENT_FAILURES = 3;
/** No network is normal on a phone: it becomes a problem only after this long without one success. */
const PERSISTENT_OFFLINE_MS = 30 * 60_000;
const NETWORK_KINDS = new Set<TeamFailure['kind']>(['offline', 'timeout', 'interrupted']);
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** A scrubbed error line waiting to be sent, with what the admin needs to place it. */
export interface QueuedError {
  at: number;
  message: string;
  appVersion: string;
  baseLibrary: string;
}

/** WeChat's subscribe answer sent with a booking (see services/callbackServer). */
export type CallbackSubscribe = 'accept' | 'reject' | 'ban' | 'filter' | 'none';
const SUBSCRIBE_ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter', 'none'];

/**
 * What the server's booking for a call must become: booked (POST /api/callbacks; templateId null when the phone has
 * no template, so the phone reminds), done (POST …/done: the callback was made) or cancelled (DELETE).
 */
export type CallbackOp =
  | {
      op: 'book';
      callId: string;
      dueAt: number;
      name: string;
      templateId: string | null;
      subscribe: CallbackSubscribe;
    }
  | { op: 'done' | 'cancel'; callId: string };

interface OutboxState {
  v: 1;
  /** The last revision handed out: revisions only grow, so a newer event always wins on the server. */
  seq: number;
  /** [call id, revision] in queue order. */
  calls: [string, number][];
  errors: QueuedError[];
  /** Callback ops in queue order, at most one per call id. */
  callbacks: CallbackOp[];
  /** Events that found the outbox full (or storage full): counted so the loss is never silent. */
  missed: number;
}

export interface OutboxStatus {
  pending: number;
  /** Shown only when the problem persists (or the session expired); null otherwise. */
  problem: string | null;
}

type BatchListener = (statuses: BatchCallStatus[]) => void;
type StatusListener = (status: OutboxStatus) => void;

let state: OutboxState | undefined;
let failuresInRow = 0;
let lastFailure: TeamFailure | undefined;
/** When the current run of failures began (epoch ms). */
let failingSince = 0;
let storageProblem = false;
let flushing: Promise<void> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let started = false;
const batchListeners = new Set<BatchListener>();
const statusListeners = new Set<StatusListener>();
/** The server's answer to each booking sent in this run of the app: who reminds, by call id. */
const bookingAnswers = new Map<string, 'server' | 'local'>();

function emptyState(): OutboxState {
  return { v: 1, seq: 0, calls: [], errors: [], callbacks: [], missed: 0 };
}

function isCallbackOp(value: unknown): value is CallbackOp {
  if (typeof value !== 'object' || value === null) return false;
  const op = value as Record<string, unknown>;
  if (typeof op['callId'] !== 'string' || op['callId'] === '') return false;
  if (op['op'] === 'cancel' || op['op'] === 'done') return true;
  return (
    op['op'] === 'book' &&
    typeof op['dueAt'] === 'number' &&
    typeof op['name'] === 'string' &&
    (typeof op['templateId'] === 'string' || op['templateId'] === null) &&
    SUBSCRIBE_ANSWERS.includes(op['subscribe'] as string)
  );
}

function isEntry(value: unknown): value is [string, number] {
  return Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number';
}

function parseState(value: unknown): OutboxState {
  if (typeof value !== 'object' || value === null || (value as { v?: unknown }).v !== 1) return emptyState();
  const raw = value as Partial<OutboxState>;
  return {
    v: 1,
    seq: typeof raw.seq === 'number' ? raw.seq : 0,
    calls: Array.isArray(raw.calls) ? raw.calls.filter(isEntry) : [],
    errors: Array.isArray(raw.errors) ? raw.errors.filter((e) => typeof e?.message === 'string') : [],
    // Absent in outboxes written before callbacks were queued: none waiting.
    callbacks: Array.isArray(raw.callbacks) ? raw.callbacks.filter(isCallbackOp) : [],
    missed: typeof raw.missed === 'number' ? raw.missed : 0,
  };
}

function current(): OutboxState {
  state ??= parseState(readStored(OUTBOX_KEY));
  return state;
}

function save(next: OutboxState): boolean {
  state = next;
  const written = writeStored(OUTBOX_KEY, next);
  storageProblem = !written.ok;
  return written.ok;
}

function failurePersists(): boolean {
  if (lastFailure === undefined || failuresInRow < PERSISTENT_FAILURES) return false;
  return !NETWORK_KINDS.has(lastFailure.kind) || Date.now() - failingSince >= PERSISTENT_OFFLINE_MS;
}

/** The agent sees this: a count while items wait, and a problem only once it persists. */
export function outboxStatus(): OutboxStatus {
  const s = current();
  const pending = s.calls.length;
  const session = readTeamSession();
  let problem: string | null = null;
  const expired = session !== null && (session.expired || session.expiresAt <= Date.now());
  if (expired && pending > 0) problem = '团队登录已过期，请在设置中重新绑定；待同步记录已保留';
  else if (storageProblem) problem = '存储空间已满，同步队列无法保存，请先清理数据';
  else if (s.missed > 0) problem = '同步队列已满，部分通话未加入同步，请联网后打开小程序';
  else if (failurePersists()) problem = `同步失败：${lastFailure?.message ?? ''}`;
  return { pending, problem };
}

function notify(): void {
  if (statusListeners.size === 0) return;
  const status = outboxStatus();
  for (const listener of [...statusListeners]) listener(status);
}

/** Pair with offOutboxStatus. */
export function onOutboxStatus(listener: StatusListener): void {
  statusListeners.add(listener);
}

export function offOutboxStatus(listener: StatusListener): void {
  statusListeners.delete(listener);
}

/** Each answered batch's TCCC statuses (the true outcome's store subscribes); pair with offBatchAnswered. */
export function onBatchAnswered(listener: BatchListener): void {
  batchListeners.add(listener);
}

export function offBatchAnswered(listener: BatchListener): void {
  batchListeners.delete(listener);
}

/** Queues a call under a new revision: one write of the small outbox key. */
export function enqueueCall(id: string): void {
  const s = current();
  const seq = s.seq + 1;
  const at = s.calls.findIndex((entry) => entry[0] === id);
  if (at < 0 && s.calls.length >= OUTBOX_MAX_CALLS) {
    // Full: nothing queued is ever evicted; the miss is counted and shown.
    save({ ...s, missed: s.missed + 1 });
    notify();
    return;
  }
  const calls = s.calls.slice();
  if (at >= 0) calls[at] = [id, seq];
  else calls.push([id, seq]);
  if (!save({ ...s, seq, calls })) save({ ...s, missed: s.missed + 1 });
  notify();
}

/** Queues a scrubbed error line; when the queue is full the newest lines are the ones not kept. */
export function enqueueError(error: QueuedError): void {
  const s = current();
  if (s.errors.length >= OUTBOX_MAX_ERRORS) return;
  save({ ...s, errors: [...s.errors, error] });
}

/**
 * Queues what the server's reminder for a call must become (one write); a newer op for the same call replaces the
 * older one, so a cancel after a booking that never left cancels on the server only what it may hold. False when it
 * could not be kept (full, or storage full): the miss is counted and shown.
 */
export function enqueueCallbackOp(op: CallbackOp): boolean {
  const s = current();
  const callbacks = s.callbacks.filter((queued) => queued.callId !== op.callId);
  if (callbacks.length >= OUTBOX_MAX_CALLBACKS || !save({ ...s, callbacks: [...callbacks, op] })) {
    save({ ...s, missed: s.missed + 1 });
    notify();
    return false;
  }
  bookingAnswers.delete(op.callId);
  return true;
}

/** The callback ops still waiting (tests and the bench read them). */
export function queuedCallbackOps(): readonly CallbackOp[] {
  return current().callbacks;
}

/** The server's answer to the booking for this call once it was sent in this run; undefined while it waits. */
export function bookingAnswer(callId: string): 'server' | 'local' | undefined {
  return bookingAnswers.get(callId);
}

/** The agent unbound and chose to leave these calls unsent: they must never go out under another binding. */
export function dropQueuedCalls(): void {
  const s = current();
  if (s.calls.length === 0 && s.callbacks.length === 0) return;
  save({ ...s, calls: [], callbacks: [], missed: 0 });
  notify();
}

/** Settings → 清除数据: the whole outbox goes, and this module forgets it too. */
export function clearOutbox(): void {
  state = emptyState();
  removeStored(OUTBOX_KEY);
  bookingAnswers.clear();
  storageProblem = false;
  notify();
}

/** The queued error lines (the settings page shows none of them; tests read them). */
export function queuedErrors(): readonly QueuedError[] {
  return current().errors;
}

const FLUSH_KINDS = new Set<CallChange['kind']>(['result', 'wrap-up', 'edit']);
const QUEUE_KINDS = new Set<CallChange['kind']>(['append', 'jump', 'result', 'wrap-up', 'edit']);

function onChange(change: CallChange): void {
  if (!QUEUE_KINDS.has(change.kind) || change.calls.length === 0) return;
  if (readTeamSession() === null) return;
  const ids = change.calls.map((call) => call.id);
  const flush = FLUSH_KINDS.has(change.kind);
  // Later than the event: a tap's change comes inside the tap, where the pending call must stay the only write.
  void Promise.resolve().then(() => {
    for (const id of ids) enqueueCall(id);
    if (flush) void flushOutbox();
  });
}

function onShow(): void {
  void flushOutbox();
}

function onSession(session: TeamSession | null): void {
  if (isSessionUsable(session)) {
    failuresInRow = 0;
    void flushOutbox();
  } else notify();
}

/** Starts listening (App.onLaunch): call events, app show, and binding. Pair with stopOutbox. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  onCallChange(onChange);
  onTeamSessionChange(onSession);
  wx.onAppShow(onShow);
}

export function stopOutbox(): void {
  if (!started) return;
  started = false;
  offCallChange(onChange);
  offTeamSessionChange(onSession);
  wx.offAppShow(onShow);
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  retryTimer = undefined;
}

/** Forgets what this module keeps in memory, as a cold start does (storage is untouched). */
export function forgetOutboxMemory(): void {
  stopOutbox();
  state = undefined;
  failuresInRow = 0;
  lastFailure = undefined;
  storageProblem = false;
  flushing = undefined;
}

function scheduleRetry(): void {
  if (retryTimer !== undefined || !started) return;
  const delay = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(failuresInRow - 1, 0), BACKOFF_MAX_MS);
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    void flushOutbox();
  }, delay);
}

/** Takes the next batch: up to 200 calls read from the call log now; ids whose call is gone leave the queue. */
function nextBatch(): { calls: ServerCall[]; gone: Set<string> } {
  const calls: ServerCall[] = [];
  const gone = new Set<string>();
  for (const [id, revision] of current().calls) {
    if (calls.length >= BATCH_MAX_CALLS) break;
    const record = findCall(id);
    const call = record === undefined ? null : toServerCall(record, revision);
    if (call === null) gone.add(id);
    else calls.push(call);
  }
  return { calls, gone };
}

/** Drops what the server now holds: an entry re-queued meanwhile under a newer revision stays. */
function settle(sent: ServerCall[], statuses: BatchCallStatus[], gone: Set<string>): number {
  const held = new Map(statuses.map((status) => [status.id, status.revision]));
  const sentRevision = new Map(sent.map((call) => [call.id, call.revision]));
  const s = current();
  const calls = s.calls.filter(([id, revision]) => {
    if (gone.has(id)) return false;
    const heldRevision = held.get(id);
    return !(sentRevision.has(id) && heldRevision !== undefined && heldRevision >= revision);
  });
  save({ ...s, calls });
  return s.calls.length - calls.length;
}

type Step = 'more' | 'done' | 'stop';

async function sendCalls(): Promise<Step> {
  const { calls, gone } = nextBatch();
  if (calls.length === 0) {
    if (gone.size > 0) settle([], [], gone);
    return 'done';
  }
  const answer = await teamRequest<unknown>('POST', '/api/calls/batch', { calls }, { timeoutMs: 30_000 });
  if (!answer.ok) return failed(answer);
  const statuses = parseBatchAnswer(answer.data);
  const removed = settle(calls, statuses, gone);
  for (const listener of [...batchListeners]) listener(statuses);
  // An answer that confirms none of what was sent would resend the same batch forever: treat it as a fault.
  if (removed === 0) return failed({ ok: false, kind: 'server', message: '团队服务器暂时无法处理，请稍后重试' });
  return current().calls.length > 0 ? 'more' : 'done';
}

/** The request a callback op becomes; a booking carries the masked name only, never a number. */
function sendCallbackOp(op: CallbackOp): ReturnType<typeof teamRequest<unknown>> {
  const path = `/api/callbacks/${encodeURIComponent(op.callId)}`;
  if (op.op !== 'book') {
    return op.op === 'done' ? teamRequest<unknown>('POST', `${path}/done`) : teamRequest<unknown>('DELETE', path);
  }
  const { callId, dueAt, subscribe } = op;
  const booking = { callId, dueAt, name: bookingName(op.name), subscribe };
  return teamRequest<unknown>(
    'POST',
    '/api/callbacks',
    op.templateId === null ? booking : { ...booking, templateId: op.templateId },
  );
}

/** Sends the oldest callback op; a refusal (a booking already past, say) drops it: the local reminder stays. */
async function sendCallbacks(): Promise<Step> {
  const op = current().callbacks[0];
  if (op === undefined) return 'done';
  const answer = await sendCallbackOp(op);
  if (!answer.ok && answer.kind !== 'refused') return failed(answer);
  if (op.op === 'book') {
    const reminder = answer.ok && (answer.data as { reminder?: unknown }).reminder === 'server' ? 'server' : 'local';
    bookingAnswers.set(op.callId, reminder);
  }
  const s = current();
  // Only this op leaves: a newer one for the same call, queued while this was on its way, still goes.
  const sent = JSON.stringify(op);
  save({ ...s, callbacks: s.callbacks.filter((queued) => JSON.stringify(queued) !== sent) });
  return current().callbacks.length > 0 ? 'more' : 'done';
}

async function sendErrors(): Promise<Step> {
  const errors = current().errors.slice(0, ERRORS_PER_REQUEST);
  if (errors.length === 0) return 'done';
  const answer = await teamRequest<unknown>('POST', '/api/errors', { errors }, { timeoutMs: 30_000 });
  if (!answer.ok) return failed(answer);
  const s = current();
  save({ ...s, errors: s.errors.slice(errors.length) });
  return current().errors.length > 0 ? 'more' : 'done';
}

function failed(failure: TeamFailure): Step {
  if (failuresInRow === 0) failingSince = Date.now();
  failuresInRow += 1;
  lastFailure = failure;
  // Expired: sending stops until the agent binds again (the session change restarts it); the queue is kept.
  if (failure.kind !== 'expired' && failure.kind !== 'no-session') scheduleRetry();
  return 'stop';
}

function queued(s: OutboxState): number {
  return s.calls.length + s.callbacks.length + s.errors.length;
}

async function runFlush(): Promise<void> {
  if (!isSessionUsable(readTeamSession())) return;
  const senders = [sendCalls, sendCallbacks, sendErrors];
  // Rounds until nothing waits: what was queued while a round ran (a booking after its tap) goes in the next one.
  do {
    for (const send of senders) {
      let step: Step = 'more';
      // A batch per round: 1,000 queued calls go in 5 requests.
      while (step === 'more') step = await send();
      if (step === 'stop') return;
    }
  } while (queued(current()) > 0);
  failuresInRow = 0;
  lastFailure = undefined;
}

/** Sends what waits; one flush at a time (a second call joins the running one). */
export function flushOutbox(): Promise<void> {
  if (flushing !== undefined) return flushing;
  if (retryTimer !== undefined) {
    clearTimeout(retryTimer);
    retryTimer = undefined;
  }
  flushing = runFlush().finally(() => {
    flushing = undefined;
    notify();
  });
  return flushing;
}
