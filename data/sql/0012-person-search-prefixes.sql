-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 12: prefix indexes of 1 to 4 characters for the person search
-- (cas-person-register.c).
--
-- A search of a prefix without an index of its length reads every word
-- that starts with it and merges their lists of persons: for the broad
-- prefixes one types first ("047", "van"), tens of milliseconds. The
-- prefix option of an FTS5 table is fixed when it is made, and a
-- contentless table cannot be rebuilt from itself: person_search is made
-- again, as schema 8 made it, with prefix = '1 2 3 4', and filled from the
-- living persons. The triggers of schema 8 name the table, not the one
-- dropped, and so write into the new one.

DROP TABLE person_search;

CREATE VIRTUAL TABLE person_search USING fts5 (
  body,
  content = '',
  detail = none,
  prefix = '1 2 3 4',
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO person_search (rowid, body) SELECT
  id,
  first_name || ' ' || last_name || ' '
  || coalesce (replace (replace (replace (nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
  || coalesce (replace (replace (replace (replace (replace (
       email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
  || coalesce (replace (replace (replace (replace (replace (
       email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
  || coalesce (replace (phone, ' ', ''), '') || ' '
  || iif (phone LIKE '+32%', '0' || substr (replace (phone, ' ', ''), 4), '')
FROM person WHERE merged_into IS NULL;

-- Each match's sort key by its id, from an index alone (a row of person is
-- read otherwise): sorting a search's matches costs a tenth of what it did
CREATE INDEX person_id_sort_key_idx ON person (id, sort_key) WHERE merged_into IS NULL;
