/** Reminds the agent of callbacks that have come due: one modal on app show or after a wrap-up, once per callback. */

import { reminderText } from '../core/callbacks';
import { shownNumber } from '../core/callPresentation';
import { FRESH_RETURN_MS, needsWrapUp } from '../core/wrapUp';
import { hasDueReminders, takeDueReminders } from './callbackStore';
import { listCalls } from './callLog';
import { loadAgentSettings } from './settingsStore';

export const CONTACTS_TAB = '/pages/contacts/contacts';

let showing = false;

/** A call came back moments ago and is not wrapped up yet: its sheet comes first, the reminder after it. */
function wrapUpComesFirst(now: number): boolean {
  return listCalls(0, 3).records.some(
    (r) => needsWrapUp(r) && r.returnedAt > 0 && now - r.returnedAt < FRESH_RETURN_MS,
  );
}

/**
 * Shows the callbacks that came due since the last reminder, in one modal; 去回拨 opens the contacts tab, where
 * they are listed on top. Returns whether a reminder was shown. Safe to call on every show: each callback is
 * announced once, and nothing is shown over a fresh call's wrap-up.
 */
export function remindDueCallbacks(now: number = Date.now()): boolean {
  // The callbacks are a small key; the call log's newest shard is read only when one is due (not on most starts).
  if (showing || !hasDueReminders(now) || wrapUpComesFirst(now)) return false;
  const due = takeDueReminders(now);
  if (due.length === 0) return false;
  const masked = loadAgentSettings().maskNumbers;
  const titled = due.map((c) => ({ title: c.name !== '' ? c.name : shownNumber(c.phone, masked), dueAt: c.dueAt }));
  showing = true;
  wx.showModal({
    title: '回拨提醒',
    content: reminderText(titled, now),
    cancelText: '稍后',
    confirmText: '去回拨',
    success: (answer) => {
      if (answer.confirm) wx.switchTab({ url: CONTACTS_TAB });
    },
    complete: () => {
      showing = false;
    },
  });
  return true;
}
