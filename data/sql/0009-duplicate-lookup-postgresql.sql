-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 9, PostgreSQL only: the live duplicate check of an administrator
-- looks at the records of every exam centre, and learns of the other
-- centres' records no more than a minimal identity.
--
-- An administrator's own role reads only the persons of their centres
-- (schema 3), so a check through it would not find the person that another
-- centre registered already: the very case Certassur wants to catch. The
-- function below runs as the owner and finds the candidates as the core
-- does on SQLite (cas-duplicate-service.c: by lookup key, by NRN, by birth
-- date). Of a record the caller may not see it returns the names, the
-- centre, and of every other field only the value the caller typed when the
-- record holds that same value: what the check compares, without telling
-- anything the caller did not know. Records met only by their birth date
-- (not by name, NRN, e-mail or phone) are returned only when visible: a
-- birth date alone would list the strangers born that day.

CREATE FUNCTION cas_duplicate_candidates (p_k0 bigint, p_k1 bigint, p_k2 bigint,
                                          p_k3 bigint, p_nrn text, p_birth text,
                                          p_sex text, p_email text, p_phone text,
                                          p_street text, p_postcode text, p_city text,
                                          p_except bigint)
RETURNS TABLE (id bigint, external_ref text, first_name text, last_name text,
               birth_date text, sex text, nrn text, email text, email_secondary text,
               phone text, street text, postcode text, city text, company_id bigint,
               centre text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  WITH scope AS (
    SELECT cas_session_account () IS NULL OR cas_is_operator () AS sees_all,
           ARRAY (SELECT cas_admin_centres ()) AS centres
  ), found AS (
    SELECT s.id, bool_and (s.by_birth) AS only_by_birth
    FROM ((SELECT k.person_id AS id, false AS by_birth
           FROM person_match_key k JOIN person p ON p.id = k.person_id
           WHERE k.match_key IN (p_k0, p_k1, p_k2, p_k3) AND p.merged_into IS NULL
             AND p.id <> p_except
           LIMIT 100)
          UNION ALL
          (SELECT p.id, false FROM person p
           WHERE p_nrn IS NOT NULL AND p.nrn = p_nrn AND p.merged_into IS NULL
             AND p.id <> p_except
           LIMIT 20)
          UNION ALL
          (SELECT p.id, true FROM person p
           WHERE p_birth IS NOT NULL AND p.birth_date = p_birth AND p.merged_into IS NULL
             AND p.id <> p_except
           LIMIT 150)) s
    GROUP BY s.id
  )
  SELECT p.id,
         CASE WHEN v.visible THEN p.external_ref END,
         p.first_name, p.last_name,
         CASE WHEN v.visible OR p.birth_date = p_birth THEN p.birth_date END,
         CASE WHEN v.visible OR p.sex = p_sex THEN p.sex END,
         CASE WHEN v.visible OR p.nrn = p_nrn THEN p.nrn END,
         CASE WHEN v.visible OR lower (p.email) = lower (p_email) THEN p.email END,
         CASE WHEN v.visible OR lower (p.email_secondary) = lower (p_email)
              THEN p.email_secondary END,
         CASE WHEN v.visible OR p.phone = p_phone THEN p.phone END,
         CASE WHEN v.visible OR lower (p.street) = lower (p_street) THEN p.street END,
         CASE WHEN v.visible OR p.postcode = p_postcode THEN p.postcode END,
         CASE WHEN v.visible OR lower (p.city) = lower (p_city) THEN p.city END,
         p.company_id, c.name
  FROM found f
  JOIN person p ON p.id = f.id
  LEFT JOIN company c ON c.id = p.company_id
  CROSS JOIN scope a
  CROSS JOIN LATERAL (SELECT a.sees_all OR p.company_id = ANY (a.centres) AS visible) v
  WHERE (a.sees_all OR cardinality (a.centres) > 0)
    AND (v.visible OR NOT f.only_by_birth)
  ORDER BY p.id
$$;

REVOKE ALL ON FUNCTION cas_duplicate_candidates (bigint, bigint, bigint, bigint, text, text,
                                                 text, text, text, text, text, text, bigint)
  FROM PUBLIC;
DO $$
BEGIN
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_duplicate_candidates (bigint, bigint, bigint, '
                     'bigint, text, text, text, text, text, text, text, text, bigint)', 'admin');
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_duplicate_candidates (bigint, bigint, bigint, '
                     'bigint, text, text, text, text, text, text, text, text, bigint)',
                     'operator');
END
$$;
