-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 8 on PostgreSQL: the search of the person register
-- (cas-person-register.c), with PostgreSQL's full-text search.
--
-- person.search_text holds what staff type to find someone, folded the way
-- the core folds what they type (lower case, accents removed, punctuation
-- a space): the names, the NRN digits, each e-mail with its punctuation
-- removed (one word, so that a typed e-mail is one prefix), and the phone
-- both international ("32470123456") and Belgian ("0470123456"). A trigger
-- keeps it, so that every way a person is written (the services, the bulk
-- import, merges) keeps it current; the accents go with translate (), not
-- the unaccent extension, which the application's role may not install. A
-- GIN index over to_tsvector ('simple', search_text) answers the prefix
-- queries the core writes.
--
-- person_duplicate_flag holds the persons of the pairs found by the last
-- full duplicate scan of an operator, for the "possible duplicates" filter.

CREATE FUNCTION cas_search_fold (p_text text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT replace (translate (lower (p_text),
    'àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįĵķĺļľñńņňòóôõöōŏőŕŗřśŝşšţťùúûüũūŭůűųŵýÿŷźżž',
    'aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssttuuuuuuuuuuwyyyzzz'),
    'ß', 'ss')
$$;

CREATE FUNCTION cas_person_search_text (p_first text, p_last text, p_nrn text, p_email text,
                                        p_email2 text, p_phone text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT trim (regexp_replace (concat_ws (' ',
           cas_search_fold (p_first), cas_search_fold (p_last),
           regexp_replace (p_nrn, '[^0-9]', '', 'g'),
           regexp_replace (cas_search_fold (p_email), '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]', '',
                           'g'),
           regexp_replace (cas_search_fold (p_email2), '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]',
                           '', 'g'),
           regexp_replace (p_phone, '[^0-9]', '', 'g'),
           CASE WHEN p_phone LIKE '+32%'
                THEN '0' || substr (regexp_replace (p_phone, '[^0-9]', '', 'g'), 3) END),
         '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e[:space:]]+', ' ', 'g'))
$$;

ALTER TABLE person ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

UPDATE person SET search_text = cas_person_search_text (first_name, last_name, nrn, email,
                                                        email_secondary, phone);

CREATE FUNCTION cas_person_search_trigger () RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  NEW.search_text := cas_person_search_text (NEW.first_name, NEW.last_name, NEW.nrn, NEW.email,
                                             NEW.email_secondary, NEW.phone);
  RETURN NEW;
END
$$;

CREATE TRIGGER person_search_text
BEFORE INSERT OR UPDATE OF first_name, last_name, nrn, email, email_secondary, phone ON person
FOR EACH ROW EXECUTE FUNCTION cas_person_search_trigger ();

CREATE INDEX person_search_idx ON person USING gin (to_tsvector ('simple', search_text))
  WHERE merged_into IS NULL;

CREATE TABLE person_duplicate_flag (
  person_id  BIGINT NOT NULL PRIMARY KEY REFERENCES person (id),
  flagged_at TEXT NOT NULL
);

-- The functions only fold text: every account runs them when it writes a
-- person. The flags name persons by id only: administrators read them (the
-- persons themselves stay behind person's policies), operators write them
-- after a full scan.
DO $$
BEGIN
  REVOKE ALL ON FUNCTION cas_search_fold (text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_search_text (text, text, text, text, text, text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_search_trigger () FROM PUBLIC;
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_search_fold (text), '
                     'cas_person_search_text (text, text, text, text, text, text), '
                     'cas_person_search_trigger ()', 'candidate');
  PERFORM cas_grant ('SELECT', 'TABLE person_duplicate_flag', 'admin');
  PERFORM cas_grant ('SELECT, INSERT, DELETE', 'TABLE person_duplicate_flag', 'operator');
END
$$;
