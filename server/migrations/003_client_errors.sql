-- Script errors the phones report (already scrubbed of numbers, names and tokens on the phone, and again here).
CREATE TABLE client_errors (
  id bigserial PRIMARY KEY,
  agent_id bigint NOT NULL REFERENCES users (id),
  occurred_at bigint NOT NULL,
  received_at bigint NOT NULL,
  message text NOT NULL,
  app_version text NOT NULL,
  base_library text NOT NULL
);

CREATE INDEX client_errors_agent_time ON client_errors (agent_id, occurred_at DESC);
