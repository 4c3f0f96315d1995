-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 11, PostgreSQL only: the import review of an administrator finds
-- the records of other exam centres that rows of the file duplicate, and
-- learns of them no more than a minimal identity, as the live check does
-- for one person (schema 9), a page of rows per call.
--
-- The review reads the candidates it may read itself (cas-import-review.c);
-- an administrator's role does not read the persons of other centres. This
-- function runs as the owner and finds, for each row of @p_rows, the living
-- persons that share a lookup key (at most 100) or the NRN (at most 20)
-- with the row and that the caller's centres do not hold. Of each it
-- returns the names, the centre, and of every other field only the value
-- the row holds when the record holds that same value: what the review
-- compares, without telling anything the file did not. Nothing for an
-- operator, who reads every record, nor for an account of no centre.
--
-- @p_rows: a JSON array of objects, one a row: r (the row's index in the
-- file), k0 to k3 (its lookup keys, 0 for none), and as the import stores
-- them, when the row has them: nrn, birth, sex, email, phone, street,
-- postcode, city.

CREATE FUNCTION cas_import_candidates (p_rows text)
RETURNS TABLE (row_index integer, id bigint, first_name text, last_name text,
               birth_date text, sex text, nrn text, email text, email_secondary text,
               phone text, street text, postcode text, city text, company_id bigint,
               centre text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  WITH scope AS (
    SELECT ARRAY (SELECT cas_admin_centres ()) AS centres
    WHERE cas_session_account () IS NOT NULL AND NOT cas_is_operator ()
  ), typed AS (
    SELECT (r ->> 'r')::integer AS row_index,
           (r ->> 'k0')::bigint AS k0, (r ->> 'k1')::bigint AS k1,
           (r ->> 'k2')::bigint AS k2, (r ->> 'k3')::bigint AS k3,
           r ->> 'nrn' AS nrn, r ->> 'birth' AS birth, r ->> 'sex' AS sex,
           r ->> 'email' AS email, r ->> 'phone' AS phone, r ->> 'street' AS street,
           r ->> 'postcode' AS postcode, r ->> 'city' AS city
    FROM json_array_elements (p_rows::json) AS r
  ), found AS (
    SELECT t.*, s.person_id
    FROM typed t
    CROSS JOIN scope a
    CROSS JOIN LATERAL
      ((SELECT k.person_id
        FROM person_match_key k JOIN person p ON p.id = k.person_id
        WHERE k.match_key IN (t.k0, t.k1, t.k2, t.k3) AND p.merged_into IS NULL
          AND NOT coalesce (p.company_id = ANY (a.centres), false)
        LIMIT 100)
       UNION
       (SELECT p.id
        FROM person p
        WHERE t.nrn IS NOT NULL AND p.nrn = t.nrn AND p.merged_into IS NULL
          AND NOT coalesce (p.company_id = ANY (a.centres), false)
        LIMIT 20)) AS s
    WHERE cardinality (a.centres) > 0
  )
  SELECT f.row_index, p.id, p.first_name, p.last_name,
         CASE WHEN p.birth_date = f.birth THEN p.birth_date END,
         CASE WHEN p.sex = f.sex THEN p.sex END,
         CASE WHEN p.nrn = f.nrn THEN p.nrn END,
         CASE WHEN lower (p.email) = lower (f.email) THEN p.email END,
         CASE WHEN lower (p.email_secondary) = lower (f.email) THEN p.email_secondary END,
         CASE WHEN p.phone = f.phone THEN p.phone END,
         CASE WHEN lower (p.street) = lower (f.street) THEN p.street END,
         CASE WHEN p.postcode = f.postcode THEN p.postcode END,
         CASE WHEN lower (p.city) = lower (f.city) THEN p.city END,
         p.company_id, c.name
  FROM found f
  JOIN person p ON p.id = f.person_id
  LEFT JOIN company c ON c.id = p.company_id
$$;

REVOKE ALL ON FUNCTION cas_import_candidates (text) FROM PUBLIC;
DO $$
BEGIN
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_import_candidates (text)', 'admin');
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_import_candidates (text)', 'operator');
END
$$;
