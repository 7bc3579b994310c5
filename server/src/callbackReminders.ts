/**
 * Callback bookings from phones (every one a bound agent makes, reminded by WeChat or by the phone), their end (done
 * or cancelled), and the due loop that sends each WeChat grant at most once (claimed before the send), one instance
 * at a time (advisory lock, as the reconciler).
 */

import { maskedCustomer } from '../../miniprogram/core/callbacks';
import type { CallbackTemplate } from './config';
import type { Db, Queryable } from './db';
import type { WechatApi } from './wechatApi';

export const REMINDER_LOCK = 714_004;
/** Sends per sweep; the loop runs again soon after. */
export const REMINDER_BATCH = 50;
/** Tries of a temporary failure (network, WeChat busy) before a reminder is given up. */
export const REMINDER_MAX_ATTEMPTS = 5;
/** A row left 'sending' this long was interrupted mid-send: whether WeChat got it is unknown, so it is not resent. */
export const SENDING_STALE_MS = 10 * 60_000;

/** What wx.requestSubscribeMessage answered for the template (WeChat's words); 'none' when it was not asked. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter' | 'none';

/** The reminder's delivery: 'phone' when the phone had no template to ask with (its own reminder is the one). */
export type ReminderState =
  'waiting' | 'sending' | 'sent' | 'refused' | 'failed' | 'cancelled' | 'no-permission' | 'phone';

/** The booking's life, apart from its reminder: a sent reminder still leaves the callback to be made. */
export type BookingStatus = 'open' | 'done' | 'cancelled';

export interface Booking {
  callId: string;
  dueAt: number;
  /** The contact's name as the phone holds it; only a masked form is kept. */
  name: string;
  /** The subscribe template the phone asked with; absent when the phone had none. */
  templateId?: string | undefined;
  subscribe: SubscribeAnswer;
}

/** The customer as the message shows it (张**; digits never): the phone masks the same way before sending. */
export { maskedCustomer };

const SHANGHAI_MS = 8 * 3600_000;

/** WeChat's time.DATA form, in China time: 2026年12月01日 15:30. */
export function reminderTime(epochMs: number): string {
  const iso = new Date(epochMs + SHANGHAI_MS).toISOString();
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${iso.slice(11, 16)}`;
}

export const REMINDER_NOTE = '预约的回拨时间到了';

/**
 * Stores or moves a booking (open again if it had ended). A grant ('accept' with a template) makes it wait for its
 * time; an earlier unspent grant still counts; otherwise the phone's own reminder is the one.
 */
export async function bookCallback(
  db: Queryable,
  agentId: number,
  booking: Booking,
  now: number,
): Promise<ReminderState> {
  const [identity] = await db.query<{ openid: string }>(
    'SELECT openid FROM wx_identities WHERE user_id = $1 ORDER BY bound_at DESC LIMIT 1',
    [agentId],
  );
  const openid = identity?.openid ?? null;
  const templateId = booking.templateId ?? null;
  // A time already past (the booking waited offline) gets no WeChat reminder: the phone has reminded by now.
  const granted =
    booking.subscribe === 'accept' && openid !== null && templateId !== null && booking.dueAt >= now - 60_000;
  const local: ReminderState = templateId === null ? 'phone' : 'no-permission';
  const [row] = await db.query<{ state: ReminderState }>(
    `INSERT INTO callback_reminders (agent_id, call_id, due_at, customer, template_id, openid, state, attempts,
       next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $3, $8, $8)
     ON CONFLICT (agent_id, call_id) DO UPDATE SET due_at = EXCLUDED.due_at, customer = EXCLUDED.customer,
       next_attempt_at = EXCLUDED.due_at, attempts = 0, last_error = NULL, updated_at = EXCLUDED.updated_at,
       template_id = CASE WHEN $9 THEN EXCLUDED.template_id ELSE callback_reminders.template_id END,
       openid = CASE WHEN $9 THEN EXCLUDED.openid ELSE callback_reminders.openid END,
       state = CASE WHEN $9 OR callback_reminders.state = 'waiting' THEN 'waiting' ELSE $7 END,
       status = 'open', closed_at = NULL
     RETURNING state`,
    [
      agentId,
      booking.callId,
      booking.dueAt,
      maskedCustomer(booking.name),
      templateId,
      openid,
      granted ? 'waiting' : local,
      now,
      granted,
    ],
  );
  return row?.state ?? local;
}

/**
 * Ends an open booking: 'done' (the callback was made) or 'cancelled' (dropped or replaced); a reminder still
 * waiting is cancelled with it. False when the agent has no open booking for the call.
 */
export async function closeCallback(
  db: Queryable,
  agentId: number,
  callId: string,
  status: Exclude<BookingStatus, 'open'>,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE callback_reminders SET status = $3, closed_at = $4, updated_at = $4,
       state = CASE WHEN state = 'waiting' THEN 'cancelled' ELSE state END
     WHERE agent_id = $1 AND call_id = $2 AND status = 'open' RETURNING 1`,
    [agentId, callId, status, now],
  );
  return rows.length > 0;
}

/** Cancels a booking (the callback was dropped or replaced); false when none is open. */
export function cancelCallback(db: Queryable, agentId: number, callId: string, now: number): Promise<boolean> {
  return closeCallback(db, agentId, callId, 'cancelled', now);
}

export interface ReminderDeps {
  db: Db;
  wechat: WechatApi;
  template: CallbackTemplate | undefined;
  now: () => number;
}

export interface ReminderReport {
  sent: number;
  refused: number;
  failed: number;
  retried: number;
  /** Rows found interrupted mid-send and closed without a resend. */
  interrupted: number;
}

/** WeChat's answers that no resend can change: bad openid, template, data or page. 43101 is handled as refused. */
const PERMANENT = new Set([40003, 40037, 47003, 41030]);

const BACKOFF_MINUTES = [1, 5, 15, 60];

/** Minutes before the next try of a temporary failure: 1, 5, 15, then 60. */
function backoffMs(attempts: number): number {
  return (BACKOFF_MINUTES[attempts - 1] ?? 60) * 60_000;
}

interface DueRow {
  agent_id: number;
  call_id: string;
  due_at: number;
  customer: string;
  template_id: string;
  openid: string;
  attempts: number;
}

/** One sweep: sends every due reminder once. Null when another instance is sweeping. */
export async function sendDueReminders(deps: ReminderDeps): Promise<ReminderReport | null> {
  return deps.db.withAdvisoryLock(REMINDER_LOCK, async (conn) => {
    const report: ReminderReport = { sent: 0, refused: 0, failed: 0, retried: 0, interrupted: 0 };
    const now = deps.now();
    const stale = await conn.query(
      `UPDATE callback_reminders SET state = 'failed', last_error = 'interrupted while sending', updated_at = $1
       WHERE state = 'sending' AND updated_at < $2 RETURNING 1`,
      [now, now - SENDING_STALE_MS],
    );
    report.interrupted = stale.length;
    const due = await conn.query<DueRow>(
      `SELECT agent_id, call_id, due_at, customer, template_id, openid, attempts FROM callback_reminders
       WHERE state = 'waiting' AND next_attempt_at <= $1 AND openid IS NOT NULL AND template_id IS NOT NULL
       ORDER BY next_attempt_at LIMIT $2`,
      [now, REMINDER_BATCH],
    );
    const keys = deps.template ?? { customerKey: 'thing1', timeKey: 'time2', noteKey: 'thing3' };
    for (const row of due) {
      // Claimed in its own statement before the send: a crash after this never sends the same grant twice.
      const claimed = await conn.query(
        `UPDATE callback_reminders SET state = 'sending', attempts = attempts + 1, updated_at = $3
         WHERE agent_id = $1 AND call_id = $2 AND state = 'waiting' RETURNING 1`,
        [row.agent_id, row.call_id, deps.now()],
      );
      if (claimed.length === 0) continue;
      const result = await deps.wechat.sendSubscribeMessage({
        touser: row.openid,
        template_id: row.template_id,
        page: `pages/call-detail/call-detail?id=${row.call_id}`,
        data: {
          [keys.customerKey]: { value: `回拨 ${row.customer}` },
          [keys.timeKey]: { value: reminderTime(row.due_at) },
          [keys.noteKey]: { value: REMINDER_NOTE },
        },
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      });
      const attempts = row.attempts + 1;
      let state: ReminderState;
      let nextAttempt = row.due_at;
      if (result.ok) state = 'sent';
      else if (result.errcode === 43101) state = 'refused';
      else if (PERMANENT.has(result.errcode) || attempts >= REMINDER_MAX_ATTEMPTS) state = 'failed';
      else {
        state = 'waiting';
        nextAttempt = deps.now() + backoffMs(attempts);
      }
      if (state === 'sent') report.sent += 1;
      else if (state === 'refused') report.refused += 1;
      else if (state === 'failed') report.failed += 1;
      else report.retried += 1;
      await conn.query(
        `UPDATE callback_reminders SET state = $3, next_attempt_at = $4, last_error = $5, updated_at = $6,
           sent_at = CASE WHEN $3 = 'sent' THEN $6::bigint ELSE sent_at END
         WHERE agent_id = $1 AND call_id = $2`,
        [
          row.agent_id,
          row.call_id,
          state,
          nextAttempt,
          result.ok ? null : `${result.errcode} ${result.errmsg}`.slice(0, 200),
          deps.now(),
        ],
      );
    }
    return report;
  });
}
