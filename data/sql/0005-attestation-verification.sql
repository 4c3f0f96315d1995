-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 5, PostgreSQL only: anyone may check an attestation they hold.
-- Row-level security keeps the attestation table to each account's scope
-- (schema 3), so a check goes through these functions, which find one
-- attestation by what only its holder has: its SHA-256 (the file) or its
-- verification code (printed on it). They give what the attestation itself
-- says, nothing more.

CREATE FUNCTION cas_attestation_by_sha256 (p_sha256 text)
RETURNS TABLE (id bigint, number text, version integer, registration_id bigint,
               person_id bigint, session_id bigint, language text, issued_at text,
               status text, status_reason text, superseded_by bigint, sha256 text,
               verification_code text, content text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT a.id, a.number, a.version, a.registration_id, a.person_id, r.session_id, a.language,
         a.issued_at, a.status, a.status_reason, a.superseded_by, a.sha256,
         a.verification_code, a.content
  FROM attestation a JOIN registration r ON r.id = a.registration_id
  WHERE a.sha256 = p_sha256
  ORDER BY a.id LIMIT 1
$$;

CREATE FUNCTION cas_attestation_by_code (p_number text, p_version integer, p_code text)
RETURNS TABLE (id bigint, number text, version integer, registration_id bigint,
               person_id bigint, session_id bigint, language text, issued_at text,
               status text, status_reason text, superseded_by bigint, sha256 text,
               verification_code text, content text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT a.id, a.number, a.version, a.registration_id, a.person_id, r.session_id, a.language,
         a.issued_at, a.status, a.status_reason, a.superseded_by, a.sha256,
         a.verification_code, a.content
  FROM attestation a JOIN registration r ON r.id = a.registration_id
  WHERE a.number = p_number AND a.version = p_version AND a.verification_code = p_code
$$;

DO $$
BEGIN
  REVOKE ALL ON FUNCTION cas_attestation_by_sha256 (text) FROM PUBLIC;
  REVOKE ALL ON FUNCTION cas_attestation_by_code (text, integer, text) FROM PUBLIC;
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_attestation_by_sha256 (text), '
                     'cas_attestation_by_code (text, integer, text)', 'candidate');
END
$$;
