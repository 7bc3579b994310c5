-- Schema version 40: every callback a bound agent's phone books reaches the server, with or without WeChat's
-- reminder, so the dashboard can count the ones due or overdue. A booking's life (open, done, cancelled) is kept
-- apart from its reminder's delivery (state): a reminder already sent still leaves the callback to be made.
-- state 'phone': no subscribe template on the phone, so the phone's own reminder is the reminder.

ALTER TABLE callback_reminders ALTER COLUMN template_id DROP NOT NULL;

ALTER TABLE callback_reminders DROP CONSTRAINT callback_reminders_state_check;

ALTER TABLE callback_reminders ADD CONSTRAINT callback_reminders_state_check
  CHECK (state IN ('waiting', 'sending', 'sent', 'refused', 'failed', 'cancelled', 'no-permission', 'phone'));

ALTER TABLE callback_reminders ADD COLUMN status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'done', 'cancelled')),
  ADD COLUMN closed_at bigint;

-- Before this, a cancelled reminder was the only way a booking ended.
UPDATE callback_reminders SET status = 'cancelled', closed_at = updated_at WHERE state = 'cancelled';

-- The KPI "待回拨": the open bookings due before the end of today, few beside the calls, then each joined to its
-- call by primary key (the filter applies to the call).
CREATE INDEX callback_reminders_open_due ON callback_reminders (due_at) INCLUDE (agent_id, call_id)
  WHERE status = 'open';
