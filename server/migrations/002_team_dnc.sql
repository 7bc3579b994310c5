-- Schema version 2: the team's do-not-call list. Numbers are kept in the phone app's dial form (plain digits, see
-- docs): matching needs the number, and a hash of an 11-digit number is reversed by enumeration in seconds.
-- A removal keeps the row as a tombstone; every change takes the next value of dnc_change_seq, so phones download
-- only what changed since the sequence number they hold.

CREATE SEQUENCE dnc_change_seq;

CREATE TABLE dnc_entries (
  id bigserial PRIMARY KEY,
  phone text NOT NULL UNIQUE,
  reason text NOT NULL,
  expires_at bigint,
  created_by bigint NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  deleted_by bigint REFERENCES users (id),
  deleted_at bigint,
  seq bigint NOT NULL
);

CREATE INDEX dnc_entries_seq ON dnc_entries (seq);
