/**
 * Callback reminders that really remind: with a team server bound, booking a callback asks WeChat's subscribe
 * permission inside the tap and re-books with the answer; the server then sends the reminder at the due time. The
 * booking itself went with the save (services/callbackStore), template or not: without a template or the
 * permission, the local reminder (services/callbackReminder) is the reminder and the server only counts it.
 */

import { bookingAnswer, enqueueCallbackOp, flushOutbox } from './outbox';
import { readStored, writeStored } from './storage';
import { teamRequest } from './teamRequest';
import { isSessionUsable, readTeamSession } from './teamSession';

export const CALLBACK_TEMPLATE_KEY = 'tccc.callbackTemplate';

/** WeChat's answer for the template, or 'none' when it was not asked or failed. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter' | 'none';

export interface ServerBooking {
  callId: string;
  dueAt: number;
  /** The contact's name; the server keeps only a masked form, and never a number. */
  name: string;
}

interface StoredTemplate {
  v: 1;
  serverUrl: string;
  templateId: string | null;
}

/** The template the server reminds with, as last fetched for the bound server; null when none. */
export function callbackTemplateId(): string | null {
  const session = readTeamSession();
  const stored = readStored(CALLBACK_TEMPLATE_KEY) as Partial<StoredTemplate> | null;
  if (session === null || stored?.v !== 1 || stored.serverUrl !== session.serverUrl) return null;
  return typeof stored.templateId === 'string' ? stored.templateId : null;
}

/** Asks the server which template it reminds with (on show): the tap must know it synchronously. Agents only. */
export async function refreshCallbackTemplate(): Promise<void> {
  const session = readTeamSession();
  if (!isSessionUsable(session) || session.user.role !== 'agent') return;
  const answer = await teamRequest<{ templateId?: unknown }>('GET', '/api/callbacks/template');
  if (!answer.ok) return;
  const templateId = typeof answer.data.templateId === 'string' ? answer.data.templateId : null;
  writeStored(CALLBACK_TEMPLATE_KEY, { v: 1, serverUrl: session.serverUrl, templateId });
}

/**
 * Call synchronously inside the tap that books the callback (WeChat refuses the dialog anywhere else). Answers
 * through `then` with what the agent chose; false when there was nothing to ask (no server, no template).
 */
export function askReminderPermission(then: (answer: SubscribeAnswer, templateId: string) => void): boolean {
  const session = readTeamSession();
  const templateId = callbackTemplateId();
  if (!isSessionUsable(session) || session.user.role !== 'agent' || templateId === null) return false;
  wx.requestSubscribeMessage({
    tmplIds: [templateId],
    success(result) {
      const answer = (result as unknown as Record<string, unknown>)[templateId];
      const known: SubscribeAnswer[] = ['accept', 'reject', 'ban', 'filter'];
      then(known.includes(answer as SubscribeAnswer) ? (answer as SubscribeAnswer) : 'none', templateId);
    },
    fail() {
      then('none', templateId);
    },
  });
  return true;
}

/** What the server said: it reminds ('server'), or the phone's own reminder is the one ('local'). */
export type BookingOutcome = { ok: true; reminder: 'server' | 'local' } | { ok: false; message: string };

/**
 * Queues the booking with the permission answer in the outbox (durable: offline, it goes when the phone is back,
 * even after a cold start) and flushes. Answers what the server said, or not ok while it waits; the local
 * reminder was saved first either way.
 */
export async function bookServerCallback(
  booking: ServerBooking,
  answer: SubscribeAnswer,
  templateId: string,
): Promise<BookingOutcome> {
  if (!enqueueCallbackOp({ op: 'book', ...booking, templateId, subscribe: answer })) {
    return { ok: false, message: '回拨提醒未能加入同步队列，本机提醒仍然有效' };
  }
  await flushOutbox();
  const reminder = bookingAnswer(booking.callId);
  if (reminder === undefined) return { ok: false, message: '回拨提醒将在联网后同步，本机提醒仍然有效' };
  return { ok: true, reminder };
}
