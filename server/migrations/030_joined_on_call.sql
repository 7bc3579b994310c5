-- Schema version 30: TCCC's side of each call stored on the call row, so the dashboard filters and sorts without
-- joining every call in range. The server rewrites these columns in the same transaction as every write that can
-- change the join (a CDR stored or replaced, a call upserted, an agent's seat changed): see server/src/callJoin.ts.
-- tccc_session_id: the joined CDR (null: none yet); talk: TCCC's talk seconds, else the phone's, -1 when unknown;
-- mismatch: the phone's talk time and TCCC's end status disagree on whether the call connected.

ALTER TABLE calls ADD COLUMN tccc_session_id text,
  ADD COLUMN tccc_status text,
  ADD COLUMN tccc_duration integer,
  ADD COLUMN tccc_hung_up_side text,
  ADD COLUMN talk integer NOT NULL DEFAULT -1,
  ADD COLUMN mismatch boolean NOT NULL DEFAULT false;

-- Backfill: the same join as JOINED_CDR in server/src/callStore.ts (a test checks the two agree).
UPDATE calls t SET tccc_session_id = j.cdr_session_id, tccc_status = j.end_status_string,
  tccc_duration = j.duration, tccc_hung_up_side = j.hung_up_side, talk = coalesce(j.duration, t.duration, -1),
  mismatch = coalesce(j.cdr_session_id IS NOT NULL AND t.duration IS NOT NULL
    AND (t.duration > 0) <> (j.end_status_string = 'ok'), false)
FROM (
  SELECT c.agent_id, c.call_id, coalesce(xs.session_id, xu.session_id) AS cdr_session_id,
    coalesce(xs.end_status_string, xu.end_status_string) AS end_status_string,
    coalesce(xs.duration, xu.duration) AS duration, coalesce(xs.hung_up_side, xu.hung_up_side) AS hung_up_side
  FROM calls c JOIN users u ON u.id = c.agent_id
  LEFT JOIN cdrs xs ON xs.session_id = c.session_id
  LEFT JOIN LATERAL (
    SELECT y.session_id, y.end_status_string, y.duration, y.hung_up_side
    FROM cdrs y
    WHERE c.session_id IS NULL AND c.uui_call_id IS NOT NULL AND y.uui_call_id = c.uui_call_id
      AND (y.seat_user_id = u.seat_user_id OR y.seat_mail = u.seat_user_id)
    ORDER BY y.received_at DESC
    LIMIT 1
  ) xu ON true
) j
WHERE t.agent_id = j.agent_id AND t.call_id = j.call_id;

-- Finding the calls a CDR write touches: by the CDR they joined, and by UUI for calls without a sessionId.
CREATE INDEX IF NOT EXISTS calls_tccc_session ON calls (tccc_session_id) WHERE tccc_session_id IS NOT NULL;

CREATE INDEX IF NOT EXISTS calls_uui_call ON calls (uui_call_id) WHERE session_id IS NULL AND uui_call_id IS NOT NULL;

-- The dashboard's filters and sorts, each in list order so a page reads the index and stops after 51 rows.
CREATE INDEX IF NOT EXISTS calls_status_started ON calls (tccc_status, started_at DESC, agent_id DESC, call_id DESC);

CREATE INDEX IF NOT EXISTS calls_mismatch_started ON calls (started_at DESC, agent_id DESC, call_id DESC)
  WHERE mismatch;

CREATE INDEX IF NOT EXISTS calls_talk ON calls (talk DESC, started_at DESC, agent_id DESC, call_id DESC);
