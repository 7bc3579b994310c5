-- Schema version 1: people and sessions, TCCC's CDRs and recordings, the phones' call records, the audit log.
-- Times are epoch milliseconds (bigint) unless named *_ts (TCCC's Unix seconds). Postgres 15-compatible SQL only.

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  name text NOT NULL,
  username text UNIQUE,
  password_hash text,
  seat_user_id text UNIQUE,
  disabled boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  CHECK (role <> 'agent' OR seat_user_id IS NOT NULL),
  CHECK (role = 'agent' OR (username IS NOT NULL AND password_hash IS NOT NULL))
);

CREATE TABLE bind_codes (
  code_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  expires_at bigint NOT NULL,
  used_at bigint
);

CREATE TABLE wx_identities (
  openid text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  bound_at bigint NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('agent', 'web')),
  csrf_hash text,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked_at bigint
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE push_log (
  push_uuid text PRIMARY KEY,
  action text NOT NULL,
  session_id text NOT NULL,
  received_at bigint NOT NULL
);

CREATE TABLE cdrs (
  session_id text PRIMARY KEY,
  sdk_app_id text NOT NULL,
  uui text,
  uui_call_id text,
  seat_user_id text,
  seat_mail text,
  end_status_string text,
  end_status integer,
  direction integer,
  call_type integer,
  caller text,
  callee text,
  start_ts bigint,
  ring_ts bigint,
  accept_ts bigint,
  ended_ts bigint,
  duration integer,
  hung_up_side text,
  record_id text,
  source text NOT NULL CHECK (source IN ('push', 'api')),
  raw text NOT NULL,
  received_at bigint NOT NULL
);

CREATE INDEX cdrs_uui_call ON cdrs (uui_call_id) WHERE uui_call_id IS NOT NULL;

CREATE TABLE recordings (
  session_id text NOT NULL,
  record_id text NOT NULL,
  endpoint_user text,
  record_url text,
  custom_record_url text,
  ts bigint,
  raw text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (session_id, record_id)
);

CREATE TABLE calls (
  agent_id bigint NOT NULL REFERENCES users (id),
  call_id text NOT NULL,
  revision integer NOT NULL,
  uui text NOT NULL,
  uui_call_id text,
  session_id text,
  phone text NOT NULL,
  name text NOT NULL,
  started_at bigint NOT NULL,
  returned_at bigint,
  state text NOT NULL,
  duration integer,
  close_by text NOT NULL,
  outcome text NOT NULL,
  note text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (agent_id, call_id)
);

CREATE INDEX calls_started ON calls (started_at DESC, agent_id DESC, call_id DESC);

CREATE INDEX calls_session ON calls (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  action text NOT NULL,
  detail text NOT NULL,
  at bigint NOT NULL
);
