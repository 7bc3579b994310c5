-- Schema version 20: indexes for the call list and stats at a million calls (checked with EXPLAIN on PostgreSQL 15).

-- One agent's calls newest first: the agent filter and per-agent stats read one agent's range instead of every
-- agent's calls in that range (the same definition as the dashboard's, so whichever migration runs first makes it).
CREATE INDEX IF NOT EXISTS calls_agent_started ON calls (agent_id, started_at DESC, call_id DESC);

-- "Number contains" (phone=, 3 or more digits) is LIKE '%digits%': a trigram index finds the few matching calls
-- instead of scanning the range. pg_trgm is a trusted contrib extension (PostgreSQL 13+; PGlite loads it in db.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS calls_phone_trgm ON calls USING gin (phone gin_trgm_ops);
