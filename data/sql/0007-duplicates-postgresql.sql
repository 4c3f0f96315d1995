-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 7 on PostgreSQL: 0007-duplicates.sql, and who may use it.

CREATE TABLE person_match_key (
  match_key BIGINT NOT NULL,
  person_id BIGINT NOT NULL
);
CREATE INDEX person_match_key_key_idx ON person_match_key (match_key);
CREATE INDEX person_match_key_person_idx ON person_match_key (person_id);

CREATE TABLE person_match_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  keys_through BIGINT NOT NULL
);
INSERT INTO person_match_state (id, keys_through) VALUES (1, 0);

-- The keys are hashes: they tell nothing by themselves. Administrators and
-- operators write them for the persons they create or change; bringing
-- them up to date after an import is for operators, who see every person.
-- Administrators and operators record "not the same person".
DO $$
BEGIN
  PERFORM cas_grant ('SELECT, INSERT, DELETE', 'TABLE person_match_key', 'admin');
  PERFORM cas_grant ('SELECT, INSERT, DELETE', 'TABLE person_match_key', 'operator');
  PERFORM cas_grant ('SELECT', 'TABLE person_match_state', 'admin');
  PERFORM cas_grant ('SELECT, UPDATE', 'TABLE person_match_state', 'operator');
  PERFORM cas_grant ('SELECT, INSERT', 'TABLE duplicate_decision', 'admin');
  PERFORM cas_grant ('USAGE', 'SEQUENCE duplicate_decision_id_seq', 'admin');
END
$$;
