-- Schema version 10: indexes for the supervisors' dashboard (one agent's calls by time, binding state, audit by action).

CREATE INDEX IF NOT EXISTS calls_agent_started ON calls (agent_id, started_at DESC, call_id DESC);

CREATE INDEX IF NOT EXISTS wx_identities_user ON wx_identities (user_id);

CREATE INDEX IF NOT EXISTS bind_codes_user ON bind_codes (user_id);

CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, id DESC);
