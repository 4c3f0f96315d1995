-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 10 on PostgreSQL: the order of the person register
-- (cas-person-register.c).
--
-- person.sort_key is what the register sorts by: the last name, then the
-- first name, in lower case without accents ("Lefèvre" beside "Lefevre",
-- not after "Lyon"), chr (1) between them (so that "Van" comes before "Van
-- Damme"), compared byte by byte (COLLATE "C") as on SQLite. The trigger of
-- schema 8 that keeps search_text keeps it too, so that every way a person
-- is written keeps it current. cas_sort_fold () folds the letters SQLite's
-- schema 10 folds.
--
-- person_sort_key_idx over the living persons gives the register's pages
-- by a walk of the index.

CREATE FUNCTION cas_sort_fold (p_text text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT replace (replace (replace (translate (lower (p_text),
    'àáâãäåçèéêëìíîïñòóôõöøùúûüýÿăąćčďęěğıłńňőřśşšșţťțůűźżž',
    'aaaaaaceeeeiiiinoooooouuuuyyaaccdeegilnnorsssstttuuzzz'),
    'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe')
$$;

ALTER TABLE person ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';

UPDATE person SET sort_key = cas_sort_fold (last_name) || chr (1) || cas_sort_fold (first_name);

CREATE OR REPLACE FUNCTION cas_person_search_trigger () RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  NEW.search_text := cas_person_search_text (NEW.first_name, NEW.last_name, NEW.nrn, NEW.email,
                                             NEW.email_secondary, NEW.phone);
  NEW.sort_key := cas_sort_fold (NEW.last_name) || chr (1) || cas_sort_fold (NEW.first_name);
  RETURN NEW;
END
$$;

CREATE INDEX person_sort_key_idx ON person (sort_key, id) WHERE merged_into IS NULL;

DO $$
BEGIN
  REVOKE ALL ON FUNCTION cas_sort_fold (text) FROM PUBLIC;
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_sort_fold (text)', 'candidate');
END
$$;
