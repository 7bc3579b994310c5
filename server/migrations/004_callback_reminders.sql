-- Schema version 4: callback reminders sent through WeChat's subscribe messages. A one-time subscription allows one
-- message, so a row sends at most once per grant: claimed as 'sending' before the call to WeChat, then settled.
-- The message shows a masked customer name and the due time, never a number.

CREATE TABLE callback_reminders (
  agent_id bigint NOT NULL REFERENCES users (id),
  call_id text NOT NULL,
  due_at bigint NOT NULL,
  customer text NOT NULL,
  template_id text NOT NULL,
  openid text,
  state text NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'refused', 'failed', 'cancelled', 'no-permission')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  last_error text,
  sent_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (agent_id, call_id)
);

CREATE INDEX callback_reminders_waiting ON callback_reminders (next_attempt_at) WHERE state = 'waiting';
