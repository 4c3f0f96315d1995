-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 14: the search index numbers its rows in the register's order
-- (cas-person-register.c).
--
-- FTS5 returns the matches of a query by rowid. The rowid of a person in
-- person_search was their id, so that a page of a search had to sort its
-- matches or walk the order and test each person: 50 ms and more at
-- 1,000,000 persons for the broad prefixes one types first ("d", "du").
-- person.search_rowid numbers them in the order instead: its high bits are
-- a code of the first six characters of the sort key (schema 10) that never
-- decreases along the order, its low 32 bits the id, which keeps it unique
-- and gives the person back (search_rowid & 4294967295). A page is then the
-- matches read in rowid order, those that share a code with its first or
-- last re-sorted by their sort key.
--
-- The code reads the sort key in base 30, one digit per character: 0 after
-- its end, 1 for char (1) (between the names, below any other), 3 to 28 for
-- a to z. Any other character (a space, a hyphen, a digit, a letter beyond
-- z) is 2 when below a and 29 above z, and ends the code (the digits after
-- it are 0): the code of a key never exceeds that of a key after it, and
-- ties are sorted on the key itself. 30^6 * 2^32 is below 2^63.
--
-- The index is made again for its new rowids, and with prefixes of 5 and 6
-- characters too: a longer prefix merges the lists of every word that
-- starts with it, and a first name is the start of thousands of e-mails
-- ("sophie" took 10 ms at 1,000,000 persons, each time a page reads it;
-- a third more index).
--
-- person.search_body is what the index holds of a person (schema 8), so
-- that the triggers write it once each, and their centre and language, so
-- that the search of an administrator or with those filters is read from
-- the index alone: each in a word that starts with char (57344) (U+E000, of
-- the private use area), which no name, e-mail or number holds and no
-- search makes. Both are generated columns: every way a person is written
-- keeps them current.

ALTER TABLE person ADD COLUMN search_rowid INTEGER GENERATED ALWAYS AS (
  (
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 1,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 1, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 0 AND substr (sort_key, 1, 1) <> '',
              iif (substr (sort_key, 1, 1) < 'a', 2, 29), 0)) * 24300000
    +
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 2,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 2, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 1 AND substr (sort_key, 2, 1) <> '',
              iif (substr (sort_key, 2, 1) < 'a', 2, 29), 0)) * 810000
    +
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 3,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 3, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 2 AND substr (sort_key, 3, 1) <> '',
              iif (substr (sort_key, 3, 1) < 'a', 2, 29), 0)) * 27000
    +
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 4,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 4, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 3 AND substr (sort_key, 4, 1) <> '',
              iif (substr (sort_key, 4, 1) < 'a', 2, 29), 0)) * 900
    +
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 5,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 5, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 4 AND substr (sort_key, 5, 1) <> '',
              iif (substr (sort_key, 5, 1) < 'a', 2, 29), 0)) * 30
    +
    iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) >= 6,
         instr (char (1) || '_abcdefghijklmnopqrstuvwxyz', substr (sort_key, 6, 1)),
         iif (length (sort_key) - length (ltrim (sort_key, 'abcdefghijklmnopqrstuvwxyz' || char (1))) = 5 AND substr (sort_key, 6, 1) <> '',
              iif (substr (sort_key, 6, 1) < 'a', 2, 29), 0)) * 1) * 4294967296 + id) VIRTUAL;

ALTER TABLE person ADD COLUMN search_body TEXT GENERATED ALWAYS AS (
  first_name || ' ' || last_name || ' '
  || coalesce (replace (replace (replace (nrn, '.', ''), '-', ''), ' ', ''), '') || ' '
  || coalesce (replace (replace (replace (replace (replace (
       email, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
  || coalesce (replace (replace (replace (replace (replace (
       email_secondary, '.', ''), '@', ''), '-', ''), '_', ''), '+', ''), '') || ' '
  || coalesce (replace (phone, ' ', ''), '') || ' '
  || iif (phone LIKE '+32%', '0' || substr (replace (phone, ' ', ''), 4), '')
  || coalesce (' ' || char (57344) || 'c' || company_id, '')
  || coalesce (' ' || char (57344) || 'l' || language, '')) VIRTUAL;

DROP TRIGGER person_search_insert;
DROP TRIGGER person_search_update;
DROP TRIGGER person_search_delete;
DROP TABLE person_search;

CREATE VIRTUAL TABLE person_search USING fts5 (
  body,
  content = '',
  detail = none,
  prefix = '1 2 3 4 5 6',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- In the order, through its index: each sort key is read from the index
-- rather than computed again for each of its uses, and the index takes its
-- rows far faster by growing rowid (import-persons writes in that order too)
INSERT INTO person_search (rowid, body)
SELECT search_rowid, search_body FROM person INDEXED BY person_sort_key_idx
WHERE merged_into IS NULL ORDER BY sort_key;

CREATE TRIGGER person_search_insert AFTER INSERT ON person
WHEN new.merged_into IS NULL
BEGIN
  INSERT INTO person_search (rowid, body) VALUES (new.search_rowid, new.search_body);
END;

CREATE TRIGGER person_search_update
AFTER UPDATE OF first_name, last_name, nrn, email, email_secondary, phone, merged_into,
                company_id, language ON person
BEGIN
  INSERT INTO person_search (person_search, rowid, body)
  SELECT 'delete', old.search_rowid, old.search_body WHERE old.merged_into IS NULL;
  INSERT INTO person_search (rowid, body)
  SELECT new.search_rowid, new.search_body WHERE new.merged_into IS NULL;
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person
WHEN old.merged_into IS NULL
BEGIN
  INSERT INTO person_search (person_search, rowid, body)
  VALUES ('delete', old.search_rowid, old.search_body);
END;
