-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 8: the search of the person register (cas-person-register.c).
--
-- person_search is a contentless FTS5 index of the living persons (not
-- merged away), kept by the triggers below, so that every way a person is
-- written (the services, the bulk import, merges) keeps it current. One
-- column holds what staff type to find someone: the names (accents removed
-- by the tokenizer), the NRN digits, each e-mail with its punctuation
-- removed ("jean.dupont@example.be" is the one word "jeandupontexamplebe",
-- so that a typed e-mail is one prefix), and the phone both international
-- ("+32470123456" is the word "32470123456") and Belgian ("0470123456").
-- The core writes queries of quoted prefixes only. (The triggers use iif ()
-- rather than CASE: libgda's parser takes the END of a CASE for the
-- trigger's.)
--
-- person_duplicate_flag holds the persons of the pairs found by the last
-- full duplicate scan of an operator, for the "possible duplicates" filter.

CREATE VIRTUAL TABLE person_search USING fts5 (
  body,
  content = '',
  detail = none,
  prefix = '1 2',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER person_search_insert AFTER INSERT ON person
WHEN new.merged_into IS NULL
BEGIN
  INSERT INTO person_search (rowid, body) VALUES (
    new.id,
    new.first_name || ' ' || new.last_name || ' '
    || coalesce (replace (replace (replace (new.nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         new.email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         new.email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (new.phone, ' ', ''), '') || ' '
    || iif (new.phone LIKE '+32%', '0' || substr (replace (new.phone, ' ', ''), 4), ''));
END;

CREATE TRIGGER person_search_update
AFTER UPDATE OF first_name, last_name, nrn, email, email_secondary, phone, merged_into ON person
BEGIN
  INSERT INTO person_search (person_search, rowid, body) SELECT
    'delete',
    old.id,
    old.first_name || ' ' || old.last_name || ' '
    || coalesce (replace (replace (replace (old.nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         old.email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         old.email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (old.phone, ' ', ''), '') || ' '
    || iif (old.phone LIKE '+32%', '0' || substr (replace (old.phone, ' ', ''), 4), '')
  WHERE old.merged_into IS NULL;
  INSERT INTO person_search (rowid, body) SELECT
    new.id,
    new.first_name || ' ' || new.last_name || ' '
    || coalesce (replace (replace (replace (new.nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         new.email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         new.email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (new.phone, ' ', ''), '') || ' '
    || iif (new.phone LIKE '+32%', '0' || substr (replace (new.phone, ' ', ''), 4), '')
  WHERE new.merged_into IS NULL;
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person
WHEN old.merged_into IS NULL
BEGIN
  INSERT INTO person_search (person_search, rowid, body) VALUES (
    'delete',
    old.id,
    old.first_name || ' ' || old.last_name || ' '
    || coalesce (replace (replace (replace (old.nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         old.email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (replace (replace (replace (replace (
         old.email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
    || coalesce (replace (old.phone, ' ', ''), '') || ' '
    || iif (old.phone LIKE '+32%', '0' || substr (replace (old.phone, ' ', ''), 4), ''));
END;

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

-- The register's order, over the living persons: a page at any offset is a
-- walk of the first index; the matches of a search are sorted from the
-- second, which holds what the order needs by id (persons come in id order,
-- so it grows at its end)
CREATE INDEX person_register_idx ON person (last_name, first_name) WHERE merged_into IS NULL;
CREATE INDEX person_sort_idx ON person (id, last_name, first_name) WHERE merged_into IS NULL;

CREATE TABLE person_duplicate_flag (
  person_id  BIGINT NOT NULL PRIMARY KEY REFERENCES person (id),
  flagged_at TEXT NOT NULL
);
