-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 3, PostgreSQL only (SQLite records the version with nothing to do):
-- the server enforces who may read and change what, so that a desk cannot
-- go around the checks of the core by talking to the database directly.
--
-- Every account connects with a login role of its own (PREFIX_u_LOGIN),
-- made when the account is made. Login roles are members of group roles,
-- one per application role: PREFIX_candidate (every account: its own
-- records), PREFIX_admin, PREFIX_controller and PREFIX_operator, following
-- the account_role table. Groups hold the table privileges; row-level
-- security policies keep each account to its scope: an administrator to the
-- persons and sessions of their exam centres, a controller to the sessions
-- they supervise, everyone to their own records. The database's owner, who
-- runs the migrations, bypasses the policies and needs CREATEROLE.
-- cas-postgresql-private.h describes the role names.
--
-- Functions run with a fixed search_path: this schema, then pg_temp. The
-- SECURITY DEFINER ones run as the owner, who bypasses row-level security:
-- the policies call them to look across tables without recursing.
--
-- A later migration that adds a table grants it to the groups that need it
-- and enables row-level security on it the same way (nothing is granted by
-- default); a query of the core that must show an account rows beyond its
-- scope goes through a function like cas_session_staff () on PostgreSQL;
-- tests/test-pg-security.c checks both.

DO $$
BEGIN
  IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the role % that updates the database needs CREATEROLE: it makes a '
                    'database role for every account (ALTER ROLE % CREATEROLE)',
      current_user, current_user;
  END IF;
  -- For the rest of this transaction, and for the functions made in it
  EXECUTE format ('SET LOCAL search_path = %I, pg_temp', current_schema ());
END
$$;

-- Nobody else may create objects where the functions look for them
DO $$
BEGIN
  EXECUTE format ('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema ());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'could not revoke CREATE on schema % from PUBLIC: do it as its owner',
    current_schema ();
END
$$;

-- The login role of each account
ALTER TABLE account ADD COLUMN db_role TEXT UNIQUE;

-- Role names

CREATE FUNCTION cas_role_prefix () RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN current_database () ~ '^[a-z][a-z0-9]{1,29}$'
                   AND left (current_database (), 2) <> 'pg'
              THEN current_database ()::text
              ELSE 'cas' || left (encode (sha256 (convert_to (current_database (), 'UTF8')),
                                          'hex'), 12)
         END
$$;

CREATE FUNCTION cas_group_role (kind text) RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT cas_role_prefix () || '_' || kind
$$;

CREATE FUNCTION cas_login_role (login text) RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN octet_length (n.name) <= 63 THEN n.name
              ELSE left (n.name, 54) || '_'
                   || left (encode (sha256 (convert_to (login, 'UTF8')), 'hex'), 8)
         END
  FROM (SELECT cas_role_prefix () || '_u_' || login AS name) AS n
$$;

-- The groups, and who may connect to this database: the accounts' roles
-- and the owner, not every role of the cluster
DO $$
DECLARE
  kind text;
BEGIN
  FOREACH kind IN ARRAY ARRAY['operator', 'admin', 'controller', 'candidate'] LOOP
    IF (SELECT count (*) FROM pg_roles WHERE rolname = cas_group_role (kind)) = 0 THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', cas_group_role (kind));
    END IF;
  END LOOP;
  EXECUTE format ('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database ());
  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO %I', current_database (),
                  cas_group_role ('candidate'));
END
$$;

-- Who is connected: the account whose login role is the session's. A
-- disabled account is nobody, even on a connection it opened before.

CREATE FUNCTION cas_session_account () RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT id FROM account WHERE db_role = session_user
$$;

CREATE FUNCTION cas_current_account () RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT id FROM account WHERE db_role = session_user AND disabled = 0
$$;

CREATE FUNCTION cas_current_login () RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT login FROM account WHERE db_role = session_user AND disabled = 0
$$;

CREATE FUNCTION cas_current_person () RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT person_id FROM account WHERE db_role = session_user AND disabled = 0
$$;

CREATE FUNCTION cas_is_operator () RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT count (*) > 0 FROM account_role r JOIN account a ON a.id = r.account_id
  WHERE a.db_role = session_user AND a.disabled = 0 AND r.role = 'operator'
$$;

-- The exam centres the account administers
CREATE FUNCTION cas_admin_centres () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT r.company_id FROM account_role r JOIN account a ON a.id = r.account_id
  WHERE a.db_role = session_user AND a.disabled = 0 AND r.role = 'admin'
$$;

-- The sessions of those centres
CREATE FUNCTION cas_admin_sessions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT s.id FROM exam_session s WHERE s.company_id IN (SELECT cas_admin_centres ())
$$;

-- The sessions the account's person staffs (any role) or sits
CREATE FUNCTION cas_own_sessions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT t.session_id FROM session_staff t WHERE t.person_id = cas_current_person ()
  UNION
  SELECT r.session_id FROM registration r WHERE r.person_id = cas_current_person ()
$$;

-- The sessions whose registrations the account sees: those of its centres
-- and those it staffs (cas-session-service.c: SESSION_STAFF and above)
CREATE FUNCTION cas_staff_sessions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT cas_admin_sessions ()
  UNION
  SELECT t.session_id FROM session_staff t WHERE t.person_id = cas_current_person ()
$$;

-- The sessions whose attendance the account records: those of its centres
-- and those it supervises as a controller
CREATE FUNCTION cas_attendance_sessions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT cas_admin_sessions ()
  UNION
  SELECT t.session_id FROM session_staff t
  WHERE t.person_id = cas_current_person () AND t.role = 'controller'
$$;

-- The candidates of the sessions the account staffs: the desk shows them
-- their records
CREATE FUNCTION cas_session_persons () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT r.person_id FROM registration r WHERE r.session_id IN (SELECT cas_staff_sessions ())
$$;

-- The staff of a session the account sees, with what the desk shows of
-- them (cas-session-service.c: cas_session_service_list_staff ()): their
-- names and e-mail, not their records
CREATE FUNCTION cas_session_staff (p_session bigint)
RETURNS TABLE (person_id bigint, first_name text, last_name text, email text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT t.person_id, p.first_name, p.last_name, p.email, t.role
  FROM session_staff t
  JOIN person p ON p.id = t.person_id
  JOIN exam_session s ON s.id = t.session_id
  WHERE t.session_id = p_session
    AND (cas_session_account () IS NULL OR cas_is_operator ()
         OR s.company_id IN (SELECT cas_admin_centres ())
         OR s.id IN (SELECT cas_own_sessions ()))
  ORDER BY t.role, p.last_name, p.first_name
$$;

-- The record a national register number belongs to, whatever the centre:
-- the core refuses to create a second record of the same person
-- (cas-person-service.c: check_nrn_free ()). Of a record the caller may
-- not see (another centre's), the minimal identity the warning needs and
-- no more: the name, the year of birth and the centre that holds it.
CREATE FUNCTION cas_person_by_nrn (p_nrn text, p_except bigint)
RETURNS TABLE (id bigint, first_name text, last_name text, birth_date text,
               company_id bigint, centre text, visible boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT p.id, p.first_name, p.last_name,
         CASE WHEN v.visible THEN p.birth_date ELSE left (p.birth_date, 4) END,
         p.company_id, c.name, v.visible
  FROM person p
  LEFT JOIN company c ON c.id = p.company_id,
       LATERAL (SELECT cas_session_account () IS NULL OR cas_is_operator ()
                       OR p.company_id IN (SELECT cas_admin_centres ()) AS visible) AS v
  WHERE p.nrn = p_nrn AND p.merged_into IS NULL AND p.id <> p_except
    AND (cas_session_account () IS NULL OR cas_is_operator ()
         OR (SELECT count (*) FROM cas_admin_centres ()) > 0)
  ORDER BY p.id LIMIT 1
$$;

-- Login roles

-- Makes the login role @p_role, or takes over one left by an earlier
-- database of the same name, without its password and its memberships
CREATE FUNCTION cas_ensure_login_role (p_role text, p_login boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF (SELECT count (*) FROM pg_roles WHERE rolname = p_role) = 0 THEN
    EXECUTE format ('CREATE ROLE %I %s', p_role, CASE WHEN p_login THEN 'LOGIN' ELSE 'NOLOGIN' END);
  ELSE
    EXECUTE format ('ALTER ROLE %I %s PASSWORD NULL', p_role,
                    CASE WHEN p_login THEN 'LOGIN' ELSE 'NOLOGIN' END);
  END IF;
END
$$;

CREATE FUNCTION cas_set_membership (p_group text, p_member text, p_member_of boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  is_member boolean;
BEGIN
  is_member := (SELECT count (*) FROM pg_auth_members m
                JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles u ON u.oid = m.member
                WHERE g.rolname = p_group AND u.rolname = p_member) > 0;
  IF p_member_of AND NOT is_member THEN
    EXECUTE format ('GRANT %I TO %I', p_group, p_member);
  ELSIF is_member AND NOT p_member_of THEN
    EXECUTE format ('REVOKE %I FROM %I', p_group, p_member);
  END IF;
END
$$;

-- Brings the login role of an account in line with the account: LOGIN
-- while enabled, a member of the groups of the roles it holds
CREATE FUNCTION cas_sync_account_role (p_account bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  target text;
  is_disabled boolean;
  kind text;
BEGIN
  SELECT db_role, disabled <> 0 INTO target, is_disabled FROM account WHERE id = p_account;
  IF target IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format ('ALTER ROLE %I %s', target,
                  CASE WHEN is_disabled THEN 'NOLOGIN' ELSE 'LOGIN' END);
  PERFORM cas_set_membership (cas_group_role ('candidate'), target, TRUE);
  FOREACH kind IN ARRAY ARRAY['operator', 'admin', 'controller'] LOOP
    PERFORM cas_set_membership (cas_group_role (kind), target,
                                (SELECT count (*) FROM account_role r
                                 WHERE r.account_id = p_account AND r.role = kind) > 0);
  END LOOP;
  RETURN target;
END
$$;

-- The accounts made before this migration get their roles now, without a
-- password: an operator sets one (accounts reset-password)
DO $$
DECLARE
  a record;
BEGIN
  FOR a IN SELECT id, login, disabled FROM account ORDER BY id LOOP
    UPDATE account SET db_role = cas_login_role (a.login) WHERE id = a.id;
    PERFORM cas_ensure_login_role (cas_login_role (a.login), a.disabled = 0);
    PERFORM cas_sync_account_role (a.id);
  END LOOP;
END
$$;

CREATE FUNCTION cas_account_before_insert () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  NEW.db_role := cas_login_role (NEW.login);
  PERFORM cas_ensure_login_role (NEW.db_role, NEW.disabled = 0);
  RETURN NEW;
END
$$;

CREATE FUNCTION cas_account_after_change () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM cas_sync_account_role (NEW.id);
  RETURN NULL;
END
$$;

CREATE FUNCTION cas_account_role_after_change () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM cas_sync_account_role (OLD.account_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM cas_sync_account_role (NEW.account_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER account_login_role BEFORE INSERT ON account
FOR EACH ROW EXECUTE FUNCTION cas_account_before_insert ();
CREATE TRIGGER account_login_role_sync AFTER INSERT OR UPDATE OF disabled ON account
FOR EACH ROW EXECUTE FUNCTION cas_account_after_change ();
CREATE TRIGGER account_role_groups AFTER INSERT OR UPDATE OR DELETE ON account_role
FOR EACH ROW EXECUTE FUNCTION cas_account_role_after_change ();

-- Sets the password of an account's login role (@p_secret: a SCRAM
-- verifier, or a password for the server to hash). Operators, and the
-- owner (init, seed-demo, the first operator).
CREATE FUNCTION cas_set_account_secret (p_account bigint, p_secret text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  target text;
BEGIN
  IF cas_session_account () IS NOT NULL AND NOT cas_is_operator () THEN
    RAISE EXCEPTION 'only operators set the passwords of accounts'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT db_role INTO target FROM account WHERE id = p_account;
  IF target IS NULL THEN
    RAISE EXCEPTION 'account % has no database role', p_account;
  END IF;
  EXECUTE format ('ALTER ROLE %I PASSWORD %L', target, p_secret);
  RETURN target;
END
$$;

-- The connected account changes its own password: the hash the core keeps
-- and the password of its login role together
CREATE FUNCTION cas_change_own_password (p_hash text, p_secret text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  target text;
BEGIN
  UPDATE account SET password_hash = p_hash, must_change_password = 0
  WHERE id = cas_current_account ()
  RETURNING db_role INTO target;
  IF target IS NULL THEN
    RAISE EXCEPTION 'this changes the password of the account you are connected as'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format ('ALTER ROLE %I PASSWORD %L', target, p_secret);
  RETURN target;
END
$$;

-- Privileges. Nothing is granted to PUBLIC; each group gets what its
-- application role needs, and the policies below narrow it to rows.

CREATE FUNCTION cas_grant (p_privileges text, p_objects text, p_kind text) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  EXECUTE format ('GRANT %s ON %s TO %I', p_privileges, p_objects, cas_group_role (p_kind));
END
$$;

DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = current_schema ()::regnamespace
             AND p.proname LIKE 'cas%' LOOP
    EXECUTE format ('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;

  -- Every account: what the policies call, its own password
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_session_account (), cas_current_account (), '
                     'cas_current_login (), cas_current_person (), cas_is_operator (), '
                     'cas_admin_centres (), cas_admin_sessions (), cas_own_sessions (), '
                     'cas_staff_sessions (), cas_attendance_sessions (), '
                     'cas_session_persons (), cas_session_staff (bigint), '
                     'cas_change_own_password (text, text)',
                     'candidate');
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_person_by_nrn (text, bigint)', 'admin');
  PERFORM cas_grant ('EXECUTE', 'FUNCTION cas_person_by_nrn (text, bigint), '
                     'cas_set_account_secret (bigint, text)', 'operator');

  -- Every account (a candidate of its own exams): the public tables, its
  -- own account, logins and records, and writing the audit log
  PERFORM cas_grant ('SELECT', 'TABLE schema_version, app_meta, company, exam, person, '
                     'account_role, exam_session, session_staff, registration, attestation',
                     'candidate');
  PERFORM cas_grant ('SELECT (id, login, person_id, disabled, must_change_password, '
                     'failed_attempts, locked_until, created_at, last_login_at, db_role), '
                     'UPDATE (failed_attempts, locked_until, last_login_at)',
                     'TABLE account', 'candidate');
  PERFORM cas_grant ('SELECT, INSERT, UPDATE (ended_at)', 'TABLE login_session', 'candidate');
  PERFORM cas_grant ('INSERT (occurred_at, account_id, actor, action, record_type, record_id, '
                     'details)', 'TABLE audit_event', 'candidate');

  -- Administrators of an exam centre: its persons, sessions, staff and
  -- registrations, and merge requests
  PERFORM cas_grant ('INSERT (external_ref, first_name, last_name, birth_date, sex, nrn, '
                     'nrn_verified, email, email_secondary, phone, language, street, postcode, '
                     'city, company_id, revision, created_at, updated_at), '
                     'UPDATE (external_ref, first_name, last_name, birth_date, sex, nrn, '
                     'nrn_verified, email, email_secondary, phone, language, street, postcode, '
                     'city, company_id, revision, updated_at)',
                     'TABLE person', 'admin');
  PERFORM cas_grant ('INSERT (exam_id, company_id, starts_at, duration_minutes, location, room, '
                     'capacity, language, status, search_text, created_at, created_by), '
                     'UPDATE (exam_id, starts_at, duration_minutes, location, room, capacity, '
                     'language, status, search_text)',
                     'TABLE exam_session', 'admin');
  PERFORM cas_grant ('INSERT, DELETE', 'TABLE session_staff', 'admin');
  PERFORM cas_grant ('INSERT (person_id, session_id, status, registered_at, registered_by), '
                     'UPDATE (status, score, result_at)', 'TABLE registration', 'admin');
  PERFORM cas_grant ('SELECT, INSERT (status, requested_by, requested_at, reason, survivor_id, '
                     'choices)', 'TABLE merge_request', 'admin');
  PERFORM cas_grant ('SELECT, INSERT', 'TABLE merge_request_person', 'admin');
  -- lastval () after an insert reads the table's sequence
  PERFORM cas_grant ('USAGE', 'SEQUENCE person_id_seq, exam_session_id_seq, '
                     'registration_id_seq, merge_request_id_seq', 'admin');

  -- Controllers: the attendance at the sessions they supervise
  PERFORM cas_grant ('UPDATE (status, score, result_at)', 'TABLE registration', 'controller');

  -- Operators: everything the application does, but reading password
  -- hashes, naming login roles, and changing or deleting the audit log
  PERFORM cas_grant ('INSERT, UPDATE, DELETE', 'TABLE app_meta', 'operator');
  PERFORM cas_grant ('INSERT, UPDATE', 'TABLE company, exam, person, exam_session, '
                     'registration, attestation, attestation_sequence, merge_request',
                     'operator');
  PERFORM cas_grant ('SELECT', 'TABLE attestation_sequence, audit_event, duplicate_decision, '
                     'merge_request', 'operator');
  PERFORM cas_grant ('INSERT, UPDATE, DELETE', 'TABLE session_staff, duplicate_decision, '
                     'merge_request_person', 'operator');
  PERFORM cas_grant ('SELECT', 'TABLE merge_request_person', 'operator');
  PERFORM cas_grant ('INSERT, DELETE', 'TABLE account_role', 'operator');
  PERFORM cas_grant ('INSERT (login, password_hash, person_id, disabled, must_change_password, '
                     'created_at), '
                     'UPDATE (password_hash, person_id, disabled, must_change_password, '
                     'failed_attempts, locked_until, last_login_at)',
                     'TABLE account', 'operator');
  PERFORM cas_grant ('USAGE', 'ALL SEQUENCES IN SCHEMA ' || quote_ident (current_schema ()),
                     'operator');
END
$$;

-- Row-level security. Without a TO clause a policy applies to every role
-- but the owner; the group privileges above decide which commands reach
-- it. "(SELECT f ())" runs f once per statement, "x IN (SELECT f ())" builds
-- f's rows once when needed.

ALTER TABLE app_meta ENABLE ROW LEVEL SECURITY;
-- Every account reads the database's identity, the demo's accounts and the
-- public half of the attestation signing key, for every desk to verify;
-- anything else stays with operators (a key all must read joins this list
-- in a migration)
CREATE POLICY app_meta_read ON app_meta FOR SELECT
  USING (key IN ('database.id', 'demo.accounts', 'signing.public-key')
         OR (SELECT cas_is_operator ()));
CREATE POLICY app_meta_insert ON app_meta FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ()) AND key <> 'database.id');
CREATE POLICY app_meta_update ON app_meta FOR UPDATE
  USING ((SELECT cas_is_operator ()) AND key <> 'database.id')
  WITH CHECK ((SELECT cas_is_operator ()) AND key <> 'database.id');
CREATE POLICY app_meta_delete ON app_meta FOR DELETE
  USING ((SELECT cas_is_operator ()) AND key <> 'database.id');

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_read ON person FOR SELECT
  USING ((SELECT cas_is_operator ())
         OR company_id IN (SELECT cas_admin_centres ())
         OR id = (SELECT cas_current_person ())
         OR id IN (SELECT cas_session_persons ()));
CREATE POLICY person_insert ON person FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()));
CREATE POLICY person_update ON person FOR UPDATE
  USING ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()))
  WITH CHECK ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()));

ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY account_read ON account FOR SELECT
  USING (db_role = session_user OR (SELECT cas_is_operator ()));
CREATE POLICY account_insert ON account FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ()));
CREATE POLICY account_update ON account FOR UPDATE
  USING ((db_role = session_user AND disabled = 0) OR (SELECT cas_is_operator ()))
  WITH CHECK ((db_role = session_user AND disabled = 0) OR (SELECT cas_is_operator ()));

ALTER TABLE account_role ENABLE ROW LEVEL SECURITY;
CREATE POLICY account_role_read ON account_role FOR SELECT
  USING (account_id = (SELECT cas_current_account ()) OR (SELECT cas_is_operator ()));
CREATE POLICY account_role_insert ON account_role FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ()));
CREATE POLICY account_role_delete ON account_role FOR DELETE
  USING ((SELECT cas_is_operator ()));

ALTER TABLE login_session ENABLE ROW LEVEL SECURITY;
CREATE POLICY login_session_read ON login_session FOR SELECT
  USING (account_id = (SELECT cas_current_account ()) OR (SELECT cas_is_operator ()));
CREATE POLICY login_session_insert ON login_session FOR INSERT
  WITH CHECK (account_id = (SELECT cas_current_account ()));
-- A login ends; it never starts again
CREATE POLICY login_session_update ON login_session FOR UPDATE
  USING (account_id = (SELECT cas_current_account ()) OR (SELECT cas_is_operator ()))
  WITH CHECK (ended_at IS NOT NULL
              AND (account_id = (SELECT cas_current_account ()) OR (SELECT cas_is_operator ())));

ALTER TABLE exam_session ENABLE ROW LEVEL SECURITY;
CREATE POLICY exam_session_read ON exam_session FOR SELECT
  USING ((SELECT cas_is_operator ())
         OR company_id IN (SELECT cas_admin_centres ())
         OR id IN (SELECT cas_own_sessions ()));
CREATE POLICY exam_session_insert ON exam_session FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ())
              OR (company_id IN (SELECT cas_admin_centres ())
                  AND created_by = (SELECT cas_current_account ())));
CREATE POLICY exam_session_update ON exam_session FOR UPDATE
  USING ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()))
  WITH CHECK ((SELECT cas_is_operator ()) OR company_id IN (SELECT cas_admin_centres ()));

ALTER TABLE session_staff ENABLE ROW LEVEL SECURITY;
-- The staff of the sessions the account sees (those policies apply here)
CREATE POLICY session_staff_read ON session_staff FOR SELECT
  USING (session_id IN (SELECT id FROM exam_session));
-- Administrators staff their centre's sessions with persons they already
-- see: staffing would otherwise show them anyone's record
CREATE POLICY session_staff_insert ON session_staff FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ())
              OR (session_id IN (SELECT cas_admin_sessions ())
                  AND person_id IN (SELECT p.id FROM person p)));
CREATE POLICY session_staff_update ON session_staff FOR UPDATE
  USING ((SELECT cas_is_operator ()))
  WITH CHECK ((SELECT cas_is_operator ()));
CREATE POLICY session_staff_delete ON session_staff FOR DELETE
  USING ((SELECT cas_is_operator ()) OR session_id IN (SELECT cas_admin_sessions ()));

ALTER TABLE registration ENABLE ROW LEVEL SECURITY;
CREATE POLICY registration_read ON registration FOR SELECT
  USING ((SELECT cas_is_operator ())
         OR person_id = (SELECT cas_current_person ())
         OR session_id IN (SELECT cas_staff_sessions ()));
-- Administrators register the candidates of their centre, who have no
-- result yet
CREATE POLICY registration_insert ON registration FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ())
              OR (session_id IN (SELECT cas_admin_sessions ())
                  AND (SELECT p.company_id FROM person p WHERE p.id = person_id)
                      IN (SELECT cas_admin_centres ())
                  AND status = 'registered' AND score IS NULL
                  AND registered_by = (SELECT cas_current_account ())));
-- Administrators and controllers record attendance; results are the
-- operators'
CREATE POLICY registration_update ON registration FOR UPDATE
  USING ((SELECT cas_is_operator ()) OR session_id IN (SELECT cas_attendance_sessions ()))
  WITH CHECK ((SELECT cas_is_operator ())
              OR (session_id IN (SELECT cas_attendance_sessions ())
                  AND status IN ('present', 'absent') AND score IS NULL));

ALTER TABLE attestation ENABLE ROW LEVEL SECURITY;
CREATE POLICY attestation_read ON attestation FOR SELECT
  USING ((SELECT cas_is_operator ())
         OR person_id = (SELECT cas_current_person ())
         OR registration_id IN (SELECT r.id FROM registration r
                                WHERE r.session_id IN (SELECT cas_admin_sessions ())));
CREATE POLICY attestation_insert ON attestation FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ()));
CREATE POLICY attestation_update ON attestation FOR UPDATE
  USING ((SELECT cas_is_operator ()))
  WITH CHECK ((SELECT cas_is_operator ()));

ALTER TABLE merge_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY merge_request_read ON merge_request FOR SELECT
  USING ((SELECT cas_is_operator ()) OR requested_by = (SELECT cas_current_account ()));
CREATE POLICY merge_request_insert ON merge_request FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ())
              OR (requested_by = (SELECT cas_current_account ()) AND status = 'pending'));
CREATE POLICY merge_request_update ON merge_request FOR UPDATE
  USING ((SELECT cas_is_operator ()))
  WITH CHECK ((SELECT cas_is_operator ()));

ALTER TABLE merge_request_person ENABLE ROW LEVEL SECURITY;
CREATE POLICY merge_request_person_read ON merge_request_person FOR SELECT
  USING (request_id IN (SELECT id FROM merge_request));
-- An administrator names persons of their centre in a request of theirs
CREATE POLICY merge_request_person_insert ON merge_request_person FOR INSERT
  WITH CHECK ((SELECT cas_is_operator ())
              OR (request_id IN (SELECT m.id FROM merge_request m
                                 WHERE m.requested_by = (SELECT cas_current_account ())
                                   AND m.status = 'pending')
                  AND (SELECT p.company_id FROM person p WHERE p.id = person_id)
                      IN (SELECT cas_admin_centres ())));
CREATE POLICY merge_request_person_delete ON merge_request_person FOR DELETE
  USING ((SELECT cas_is_operator ()));

-- Everyone writes the audit log under their own name; only operators read
-- it, and nobody but the owner changes or deletes it
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_event_insert ON audit_event FOR INSERT
  WITH CHECK (account_id = (SELECT cas_current_account ())
              AND actor = (SELECT cas_current_login ()));
CREATE POLICY audit_event_read ON audit_event FOR SELECT
  USING ((SELECT cas_is_operator ()));
