-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 2: logins as sessions the services check on every call.

-- A successful login; the token itself is never stored, only its SHA-256.
-- A token is good for the database that issued it, until it expires or the
-- user logs out.
CREATE TABLE login_session (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES account (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at   TEXT
);
CREATE INDEX login_session_account_idx ON login_session (account_id);

CREATE INDEX audit_event_actor_idx ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_action_idx ON audit_event (action, occurred_at);
