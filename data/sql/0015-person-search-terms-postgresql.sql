-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 15 on PostgreSQL: a search of the person register read in the
-- register's order (cas-person-register.c).
--
-- The full-text index of schema 8 (GIN) gave the matches of a search in
-- no order: a page of a broad search ("d", "van", "du") sorted or walked
-- all of them, up to 8 s at 1,000,000 persons; it goes.
-- person_search_term lists, for each living person, the beginnings of
-- one, two, three and five characters of the words of their search text
-- (the lexemes of to_tsvector ('simple', search_text), those the index of
-- schema 8 held), with the person's sort key (schema 10), centre and
-- language. Its index, by term then sort key, gives the persons whose
-- words start with a term already in the register's order, from the index
-- alone: a page is a walk of one term, however many persons it matches.
--
-- The terms of three and five characters, those a search walks when it
-- has a word of three characters or more, also hold all of the person's
-- words (words, " jan peeters 85073012345 ..."): the rest of the search
-- is checked on the row walked, without reading the person or another
-- row. Five characters, because three leave too many rows to walk for a
-- rare longer word: the Belgian mobile numbers all start with 04, and
-- "047" starts 200,000 of them at 1,000,000 persons, "04701" 2,000.
--
-- Each person also has the empty term: an administrator's list, or a list
-- by centre or language, without a search, is a walk of it.
--
-- The table is split by centre (a hash of company_id, 0 for none, into 16
-- parts), so that an administrator's walk reads the part of their centre
-- only (a sixteenth of the rows, or a little more), while an operator's
-- reads all the parts merged in order.
--
-- Triggers keep the terms as persons are written, merged or unmerged;
-- they run once a statement, so that a bulk import writes the terms of
-- its rows in one statement.

-- The full-text index of schema 8 has nothing left to answer
DROP INDEX person_search_idx;

CREATE TABLE person_search_term (
  term       TEXT COLLATE "C" NOT NULL,
  sort_key   TEXT COLLATE "C" NOT NULL,
  person_id  BIGINT NOT NULL,
  company_id BIGINT NOT NULL,
  language   TEXT NOT NULL,
  words      TEXT COLLATE "C"
) PARTITION BY HASH (company_id);

DO $$
BEGIN
  FOR part IN 0 .. 15 LOOP
    EXECUTE format ('CREATE TABLE %I PARTITION OF person_search_term '
                    'FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
                    'person_search_term_' || part, part);
  END LOOP;
END
$$;

-- The terms of a search text: the empty term, and each beginning of one,
-- two, three and five characters of its words, the terms of three and
-- five with all of the words, each cut at 67 characters (the core cuts a
-- searched word at 64 bytes, MAX_TOKEN_BYTES)
CREATE FUNCTION cas_search_terms (p_text text) RETURNS TABLE (term text, words text)
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  WITH lexemes AS (
    SELECT array_agg (left (w, 67)) AS list
    FROM unnest (tsvector_to_array (to_tsvector ('simple', p_text))) AS w)
  SELECT DISTINCT left (w, n),
         CASE WHEN n >= 3 THEN ' ' || array_to_string ((SELECT list FROM lexemes), ' ') END
  FROM unnest ((SELECT list FROM lexemes)) AS w, unnest (ARRAY[1, 2, 3, 5]) AS n
  WHERE length (w) >= n
  UNION ALL
  SELECT '', NULL
$$;

INSERT INTO person_search_term (term, sort_key, person_id, company_id, language, words)
SELECT t.term, p.sort_key, p.id, coalesce (p.company_id, 0), p.language, t.words
FROM person p, LATERAL cas_search_terms (p.search_text) AS t
WHERE p.merged_into IS NULL;

CREATE INDEX person_search_term_idx ON person_search_term (term, sort_key, person_id)
  INCLUDE (company_id, language, words);

-- A person's terms are found again from their search text and sort key,
-- by the index: the table has no other
CREATE FUNCTION cas_person_terms_after () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM person_search_term s
    USING old_rows o, LATERAL cas_search_terms (o.search_text) AS t
    WHERE o.merged_into IS NULL
      AND s.term = t.term AND s.sort_key = o.sort_key AND s.person_id = o.id
      AND s.company_id = coalesce (o.company_id, 0);
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM person_search_term s
    USING old_rows o JOIN new_rows n ON n.id = o.id, LATERAL cas_search_terms (o.search_text) AS t
    WHERE o.merged_into IS NULL
      AND (o.search_text, o.sort_key, o.company_id, o.language, o.merged_into)
          IS DISTINCT FROM (n.search_text, n.sort_key, n.company_id, n.language, n.merged_into)
      AND s.term = t.term AND s.sort_key = o.sort_key AND s.person_id = o.id
      AND s.company_id = coalesce (o.company_id, 0);
    INSERT INTO person_search_term (term, sort_key, person_id, company_id, language, words)
    SELECT t.term, n.sort_key, n.id, coalesce (n.company_id, 0), n.language, t.words
    FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL cas_search_terms (n.search_text) AS t
    WHERE n.merged_into IS NULL
      AND (o.search_text, o.sort_key, o.company_id, o.language, o.merged_into)
          IS DISTINCT FROM (n.search_text, n.sort_key, n.company_id, n.language, n.merged_into);
  ELSE
    INSERT INTO person_search_term (term, sort_key, person_id, company_id, language, words)
    SELECT t.term, n.sort_key, n.id, coalesce (n.company_id, 0), n.language, t.words
    FROM new_rows n, LATERAL cas_search_terms (n.search_text) AS t
    WHERE n.merged_into IS NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER person_terms_insert AFTER INSERT ON person
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION cas_person_terms_after ();
CREATE TRIGGER person_terms_update AFTER UPDATE ON person
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION cas_person_terms_after ();
CREATE TRIGGER person_terms_delete AFTER DELETE ON person
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION cas_person_terms_after ();

-- The term a searched word walks: its beginning of five or three
-- characters, or the word itself, shorter
CREATE FUNCTION cas_search_word_term (p_word text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN length (p_word) >= 5 THEN left (p_word, 5)
              WHEN length (p_word) >= 3 THEN left (p_word, 3)
              ELSE p_word END
$$;

-- The LIKE pattern of a word among a row's words
CREATE FUNCTION cas_search_word_pattern (p_word text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT '% ' || replace (replace (replace (p_word, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

-- The condition that one searched word makes on the row walked (a), of
-- term p_term: one of the person's words starts with it. A row of three or
-- five characters holds them all; a shorter one (every word that all
-- matches have is shorter than three characters) leaves each other word
-- to a look for the word's own term and the same person, in the same
-- index.
CREATE FUNCTION cas_search_word_sql (p_word text, p_term text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
  SELECT CASE
    WHEN p_word = p_term AND length (p_word) < 3 THEN 'TRUE'
    WHEN length (p_term) >= 3 THEN format ('a.words LIKE %L', cas_search_word_pattern (p_word))
    ELSE format ('EXISTS (SELECT 1 FROM person_search_term x WHERE x.term = %L '
                 'AND x.sort_key = a.sort_key AND x.person_id = a.person_id '
                 'AND x.company_id = a.company_id%s)',
                 cas_search_word_term (p_word),
                 CASE WHEN length (p_word) >= 3
                      THEN format (' AND x.words LIKE %L', cas_search_word_pattern (p_word))
                      ELSE '' END)
  END
$$;

-- The FROM and WHERE of a search of the register, from the persons'
-- terms. p_query: the searched words (letters and digits: the core's
-- parse_search ()), in groups separated by ';' that a person must all
-- match, each one alternatives separated by ',' of words separated by ' '
-- ("marc.du" is "marcdu,marc du"). One term is walked: that of the
-- longest word that every match has (the rarest, most often), the last
-- of the longest; the words are checked on its rows. Without a word, the
-- empty term. p_all, p_account, p_company, p_language, p_exams,
-- p_duplicates: the filters of the core's REGISTER_FILTER.
CREATE FUNCTION cas_person_search_sql (p_query text, p_all integer, p_account bigint,
                                       p_company bigint, p_language text, p_exams integer,
                                       p_duplicates integer) RETURNS text
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  groups text[] := array_remove (string_to_array (p_query, ';'), '');
  g text;
  alts text[];
  alt text;
  w text;
  driver text := NULL;
  term text;
  conds text[] := '{}';
  alt_conds text[];
  word_conds text[];
  centres text;
BEGIN
  -- The centres of an administrator, named so that the planner reads
  -- their parts of the table only (none: NULL, which nothing equals; the
  -- persons without a centre are in the part of 0)
  IF p_all <> 1 THEN
    SELECT coalesce (string_agg (ar.company_id::text, ', '), 'NULL') INTO centres
    FROM account_role ar WHERE ar.account_id = p_account AND ar.role = 'admin';
    conds := conds || format ('a.company_id IN (%s)', centres);
  END IF;
  IF p_company <> 0 THEN
    conds := conds || format ('a.company_id = %s', p_company);
  END IF;
  IF p_language <> '' THEN
    conds := conds || format ('a.language = %L', p_language);
  END IF;

  -- With exams, without: the registrations the viewer sees (the core's
  -- VISIBLE_REGISTRATIONS), in one hashed set
  IF p_exams <> 0 THEN
    conds := conds || format ('a.person_id %s (SELECT r.person_id FROM registration r '
                              'WHERE r.status <> ''cancelled''%s)',
                              CASE WHEN p_exams = 1 THEN 'IN' ELSE 'NOT IN' END,
                              CASE WHEN p_all = 1 THEN ''
                                   ELSE format (' AND r.session_id IN (SELECT s.id '
                                                'FROM exam_session s WHERE s.company_id '
                                                'IN (%s))', centres) END);
  END IF;
  IF p_duplicates <> 0 THEN
    conds := conds || 'a.person_id IN (SELECT f.person_id FROM person_duplicate_flag f)'::text;
  END IF;

  -- No search: every person, by the empty term
  IF cardinality (groups) = 0 THEN
    RETURN 'FROM person_search_term a WHERE a.term = '''''
           || coalesce ((SELECT string_agg (' AND ' || c, '') FROM unnest (conds) AS c), '');
  END IF;

  -- Every match has each word of a group of one alternative, and the
  -- shortest first word of a group's alternatives (they all start with it)
  FOREACH g IN ARRAY groups LOOP
    alts := string_to_array (g, ',');
    IF cardinality (alts) = 1 THEN
      FOREACH w IN ARRAY string_to_array (alts[1], ' ') LOOP
        IF driver IS NULL OR length (w) >= length (driver) THEN
          driver := w;
        END IF;
      END LOOP;
    ELSE
      w := NULL;
      FOREACH alt IN ARRAY alts LOOP
        IF w IS NULL OR length (split_part (alt, ' ', 1)) < length (w) THEN
          w := split_part (alt, ' ', 1);
        END IF;
      END LOOP;
      IF driver IS NULL OR length (w) >= length (driver) THEN
        driver := w;
      END IF;
    END IF;
  END LOOP;
  term := cas_search_word_term (driver);

  conds := ARRAY[format ('a.term = %L', term), cas_search_word_sql (driver, term)] || conds;
  FOREACH g IN ARRAY groups LOOP
    alt_conds := '{}';
    FOREACH alt IN ARRAY string_to_array (g, ',') LOOP
      word_conds := '{}';
      FOREACH w IN ARRAY string_to_array (alt, ' ') LOOP
        word_conds := word_conds || cas_search_word_sql (w, term);
      END LOOP;
      alt_conds := alt_conds || ('(' || array_to_string (word_conds, ' AND ') || ')');
    END LOOP;
    conds := conds || ('(' || array_to_string (alt_conds, ' OR ') || ')');
  END LOOP;

  RETURN 'FROM person_search_term a WHERE ' || array_to_string (conds, ' AND ');
END
$$;

-- The ids of a page of a search, in the register's order. Without
-- parallel workers: a walk of 100,000 rows took 96 ms with two of them
-- and 23 ms without (two cores).
CREATE FUNCTION cas_person_search_page (p_query text, p_all integer, p_account bigint,
                                        p_company bigint, p_language text, p_exams integer,
                                        p_duplicates integer, p_limit integer,
                                        p_offset integer) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET max_parallel_workers_per_gather = 0
AS $$
BEGIN
  RETURN QUERY EXECUTE 'SELECT a.person_id '
    || cas_person_search_sql (p_query, p_all, p_account, p_company, p_language, p_exams,
                              p_duplicates)
    || ' ORDER BY a.sort_key, a.person_id LIMIT $1 OFFSET $2'
    USING p_limit, p_offset;
END
$$;

-- How many persons a search finds, counted up to p_cap
CREATE FUNCTION cas_person_search_count (p_query text, p_all integer, p_account bigint,
                                         p_company bigint, p_language text, p_exams integer,
                                         p_duplicates integer, p_cap integer) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
  found bigint;
BEGIN
  EXECUTE 'SELECT COUNT(*) FROM (SELECT 1 '
    || cas_person_search_sql (p_query, p_all, p_account, p_company, p_language, p_exams,
                              p_duplicates)
    || ' LIMIT $1) AS found'
    INTO found USING p_cap;
  RETURN found;
END
$$;

-- The terms name persons: an operator reads all of them, an administrator
-- those of their centres' persons (as person_read, schema 3); the
-- triggers write them for whoever writes a person
ALTER TABLE person_search_term ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_search_term_read ON person_search_term FOR SELECT
  USING ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()));

DO $$
DECLARE
  kind text;
BEGIN
  REVOKE ALL ON FUNCTION cas_search_terms (text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_terms_after () FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_search_word_term (text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_search_word_pattern (text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_search_word_sql (text, text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_search_sql (text, integer, bigint, bigint, text, integer,
                                                integer) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_search_page (text, integer, bigint, bigint, text, integer,
                                                 integer, integer, integer) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_person_search_count (text, integer, bigint, bigint, text, integer,
                                                  integer, integer) FROM PUBLIC;
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_search_terms (text), cas_person_terms_after ()',
                     'candidate');
  FOREACH kind IN ARRAY ARRAY['operator', 'admin'] LOOP
    PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_search_word_term (text), '
                       'cas_search_word_pattern (text), cas_search_word_sql (text, text), '
                       'cas_person_search_sql (text, integer, bigint, bigint, text, integer, '
                       'integer), '
                       'cas_person_search_page (text, integer, bigint, bigint, text, integer, '
                       'integer, integer, integer), '
                       'cas_person_search_count (text, integer, bigint, bigint, text, integer, '
                       'integer, integer)',
                       kind);
    PERFORM cas_grant ('SELECT', 'TABLE person_search_term', kind);
  END LOOP;
END
$$;
