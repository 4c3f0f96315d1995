-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 13, PostgreSQL only: merge requests look past the caller's rows
-- where they must, and no further.
--
-- An administrator's role reads their own merge requests only and the
-- persons of their centres only (schema 3). Two checks of a request need
-- more (cas-merge-service.c):
--
-- * whether a person is held by a pending request, whoever made it: else
--   two administrators could name one record in two requests;
-- * an administrator asks Certassur to merge a record of their centre with
--   a record another centre holds, found by the duplicate check (issue 6:
--   "Request a merge"). The core scores the pair with the duplicate engine
--   on what the administrator may know (schema 9); the function below
--   checks on the server that the other record is a candidate of theirs at
--   all (it shares a lookup key or the NRN with their record, and the pair
--   is not marked "not the same person"), so that a desk talking to the
--   database directly cannot name just any record, and adds it to their
--   pending request. Of the other record it tells the minimal identity of
--   the live check: the names, the year of birth and the centre.
--
-- Both take a transaction-scoped advisory lock per person named (key
-- 727013, the person id modulo 2^31 - 1: two ids sharing a lock only wait
-- for each other), so that two requests naming one person one after the
-- other see each other.

-- Locks @p_persons ("1,2,3") and returns the first pending request holding
-- one of them, whoever made it. An administrator asks of the persons of
-- their centres only.
CREATE FUNCTION cas_merge_pending_holder (p_persons text)
RETURNS TABLE (request_id bigint, person_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
  ids bigint[];
  sees_all boolean;
  one bigint;
BEGIN
  sees_all := cas_session_account () IS NULL OR cas_is_operator ();
  SELECT array_agg (DISTINCT x ORDER BY x) INTO ids
  FROM unnest (string_to_array (p_persons, ',')::bigint[]) AS x
  WHERE sees_all OR x IN (SELECT p.id FROM person p
                          WHERE p.company_id IN (SELECT cas_admin_centres ()));
  IF ids IS NULL THEN
    RETURN;
  END IF;
  FOREACH one IN ARRAY ids LOOP
    PERFORM pg_advisory_xact_lock (727013, (one % 2147483647)::integer);
  END LOOP;
  RETURN QUERY
    SELECT mp.request_id, mp.person_id
    FROM merge_request_person mp JOIN merge_request m ON m.id = mp.request_id
    WHERE m.status = 'pending' AND mp.person_id = ANY (ids)
    ORDER BY mp.request_id, mp.person_id LIMIT 1;
END
$$;

-- @p_other as a candidate of @p_own, a living record of the caller's
-- centres. @state: 'not-yours' (@p_own is not such a record), 'unknown',
-- 'merged' (@ref: the record it was merged into), 'not-candidate',
-- 'dismissed' (marked "not the same person"), 'held' (@ref: the pending
-- request, @held: the record it holds), 'candidate'; the names, year of
-- birth and centre of @p_other once it is known to be a candidate. With
-- @p_request (a pending request of the caller naming @p_own alone), a
-- candidate is added to it: 'added', and the request's revisions get the
-- other record's.
CREATE FUNCTION cas_merge_other_record (p_request bigint, p_own bigint, p_other bigint)
RETURNS TABLE (state text, ref bigint, first_name text, last_name text, birth_year text,
               centre text, held bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
  own person%ROWTYPE;
  other person%ROWTYPE;
  other_centre text;
  holder bigint;
  holder_person bigint;
  named bigint[];
BEGIN
  SELECT * INTO own FROM person p WHERE p.id = p_own;
  IF own.id IS NULL OR own.merged_into IS NOT NULL
     OR NOT coalesce (own.company_id IN (SELECT cas_admin_centres ()), false) THEN
    RETURN QUERY SELECT 'not-yours'::text, NULL::bigint, NULL::text, NULL::text, NULL::text,
                        NULL::text, NULL::bigint;
    RETURN;
  END IF;

  SELECT * INTO other FROM person p WHERE p.id = p_other;
  IF other.id IS NULL OR other.id = own.id THEN
    RETURN QUERY SELECT 'unknown'::text, NULL::bigint, NULL::text, NULL::text, NULL::text,
                        NULL::text, NULL::bigint;
    RETURN;
  END IF;
  SELECT c.name INTO other_centre FROM company c WHERE c.id = other.company_id;

  IF other.merged_into IS NOT NULL THEN
    state := 'merged';
    ref := other.merged_into;
  ELSIF NOT ((own.nrn IS NOT NULL AND own.nrn = other.nrn)
             OR (SELECT count (*) FROM person_match_key a
                 JOIN person_match_key b ON b.match_key = a.match_key
                 WHERE a.person_id = own.id AND b.person_id = other.id) > 0) THEN
    state := 'not-candidate';
  ELSIF (SELECT count (*) FROM duplicate_decision d
         WHERE d.person_a = least (own.id, other.id)
           AND d.person_b = greatest (own.id, other.id)) > 0 THEN
    state := 'dismissed';
  ELSE
    PERFORM pg_advisory_xact_lock (727013, (least (own.id, other.id) % 2147483647)::integer);
    PERFORM pg_advisory_xact_lock (727013, (greatest (own.id, other.id) % 2147483647)::integer);
    SELECT mp.request_id, mp.person_id INTO holder, holder_person
    FROM merge_request_person mp JOIN merge_request m ON m.id = mp.request_id
    WHERE m.status = 'pending' AND mp.person_id IN (own.id, other.id)
      AND mp.request_id <> coalesce (p_request, 0)
    ORDER BY mp.request_id LIMIT 1;
    IF holder IS NOT NULL THEN
      state := 'held';
      ref := holder;
      held := holder_person;
    ELSIF coalesce (p_request, 0) = 0 THEN
      state := 'candidate';
    ELSE
      SELECT array_agg (mp.person_id) INTO named
      FROM merge_request_person mp JOIN merge_request m ON m.id = mp.request_id
      WHERE m.id = p_request AND m.status = 'pending'
        AND m.requested_by = cas_current_account ();
      IF named IS NULL OR named <> ARRAY[own.id] THEN
        state := 'not-yours';
      ELSE
        INSERT INTO merge_request_person (request_id, person_id) VALUES (p_request, other.id);
        UPDATE merge_request m
        SET choices = jsonb_set (coalesce (m.choices, '{"revisions": {}}')::jsonb,
                                 ARRAY['revisions', other.id::text],
                                 to_jsonb (other.revision))::text
        WHERE m.id = p_request;
        state := 'added';
      END IF;
    END IF;
  END IF;

  -- The minimal identity of a candidate only: else the caller would learn
  -- the names of any record by its number
  IF state NOT IN ('merged', 'not-candidate') THEN
    first_name := other.first_name;
    last_name := other.last_name;
    birth_year := left (other.birth_date, 4);
    centre := other_centre;
  END IF;
  RETURN NEXT;
END
$$;

-- The minimal identity of the persons a request of the caller names (all
-- of them for an operator), for the list of their requests
CREATE FUNCTION cas_merge_request_identities (p_request bigint)
RETURNS TABLE (person_id bigint, first_name text, last_name text, birth_year text,
               centre text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT p.id, p.first_name, p.last_name, left (p.birth_date, 4), c.name
  FROM merge_request_person mp
  JOIN merge_request m ON m.id = mp.request_id
  JOIN person p ON p.id = mp.person_id
  LEFT JOIN company c ON c.id = p.company_id
  WHERE mp.request_id = p_request
    AND (cas_session_account () IS NULL OR cas_is_operator ()
         OR m.requested_by = cas_current_account ())
  ORDER BY p.id
$$;

REVOKE ALL ON FUNCTION cas_merge_pending_holder (text) FROM PUBLIC;
REVOKE ALL ON FUNCTION cas_merge_other_record (bigint, bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION cas_merge_request_identities (bigint) FROM PUBLIC;
DO $$
BEGIN
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_merge_pending_holder (text), '
                     'cas_merge_other_record (bigint, bigint, bigint), '
                     'cas_merge_request_identities (bigint)', 'admin');
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_merge_pending_holder (text), '
                     'cas_merge_request_identities (bigint)', 'operator');
END
$$;
