-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 6, PostgreSQL only: failed logins are counted, and an account is
-- locked for 15 minutes after 5 of them, as on SQLite.
--
-- On PostgreSQL the server checks an account's password when the desk
-- connects as the account's role (schema 3), so a desk whose login failed
-- holds no connection in which to count the failure. It reports it through
-- the gate: a role every desk knows the password of ('certassur-gate'),
-- which may do nothing but call the two functions below. They count, lock
-- the account's role (its password stops being valid: VALID UNTIL in the
-- past) and write the audit log; the next login after the 15 minutes opens
-- it again. Whoever can reach the server could lock an account through the
-- gate, as they could by typing five wrong passwords into a desk.

DO $$
BEGIN
  IF (SELECT count (*) FROM pg_roles WHERE rolname = cas_group_role ('gate')) = 0 THEN
    EXECUTE format ('CREATE ROLE %I LOGIN', cas_group_role ('gate'));
  END IF;
  EXECUTE format ('ALTER ROLE %I LOGIN PASSWORD %L', cas_group_role ('gate'), 'certassur-gate');
  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO %I', current_database (),
                  cas_group_role ('gate'));
END
$$;

CREATE FUNCTION cas_gate_now () RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

CREATE FUNCTION cas_gate_audit (p_login text, p_action text, p_account bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  INSERT INTO audit_event (occurred_at, account_id, actor, action, record_type, record_id)
  VALUES (cas_gate_now (), NULL, left (p_login, 64), p_action, 'account', p_account)
$$;

-- 'locked' while @p_login's account is locked, else 'open' (also for a
-- login that does not exist: no hint either way). A lock that has run out
-- is lifted here.
CREATE FUNCTION cas_login_gate (p_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  v_id bigint;
  v_role text;
  v_until text;
BEGIN
  SELECT id, db_role, locked_until INTO v_id, v_role, v_until
  FROM account WHERE login = p_login;
  IF v_id IS NULL THEN
    RETURN 'open';
  END IF;
  IF v_until IS NOT NULL AND v_until > cas_gate_now () THEN
    PERFORM cas_gate_audit (p_login, 'login.locked', v_id);
    RETURN 'locked';
  END IF;
  IF v_until IS NOT NULL THEN
    UPDATE account SET locked_until = NULL, failed_attempts = 0 WHERE id = v_id;
  END IF;
  IF v_role IS NOT NULL AND (SELECT rolvaliduntil FROM pg_roles WHERE rolname = v_role)
                            < 'infinity'::timestamptz THEN
    EXECUTE format ('ALTER ROLE %I VALID UNTIL %L', v_role, 'infinity');
  END IF;
  RETURN 'open';
END
$$;

-- A failed login of @p_login: counted; the fifth locks the account
CREATE FUNCTION cas_login_failed (p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  v_id bigint;
  v_role text;
  v_failures integer;
BEGIN
  SELECT id, db_role, failed_attempts + 1 INTO v_id, v_role, v_failures
  FROM account WHERE login = p_login;
  IF v_id IS NULL THEN
    PERFORM cas_gate_audit (p_login, 'login.failed', NULL);
    RETURN;
  END IF;
  IF v_failures >= 5 THEN
    UPDATE account SET failed_attempts = 0,
           locked_until = to_char ((now () + interval '15 minutes') AT TIME ZONE 'UTC',
                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    WHERE id = v_id;
    IF v_role IS NOT NULL THEN
      EXECUTE format ('ALTER ROLE %I VALID UNTIL %L', v_role, '2000-01-01 00:00:00+00');
    END IF;
    PERFORM cas_gate_audit (p_login, 'login.lock', v_id);
  ELSE
    UPDATE account SET failed_attempts = v_failures WHERE id = v_id;
    PERFORM cas_gate_audit (p_login, 'login.failed', v_id);
  END IF;
END
$$;

REVOKE ALL ON FUNCTION cas_gate_now (), cas_gate_audit (text, text, bigint),
  cas_login_gate (text), cas_login_failed (text) FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format ('GRANT EXECUTE ON FUNCTION cas_login_gate (text), cas_login_failed (text) '
                  'TO %I', cas_group_role ('gate'));
END
$$;
