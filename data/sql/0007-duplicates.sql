-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 7: what the live duplicate check finds persons by, fast.
--
-- person_match_key holds, per person, 64-bit hashes of the phonetic keys of
-- the name pair (sorted, so that swapped names meet), of each e-mail and of
-- the phone (src/core/cas-duplicate-service.c). They are derived data: the
-- core writes them when it creates or changes a person, and brings them up
-- to date for persons imported in bulk (ids above keys_through) before a
-- check, so that the import itself writes nothing more. NRN and birth date
-- are looked up through the indexes of person.

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
