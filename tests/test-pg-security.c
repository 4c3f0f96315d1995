/* test-pg-security.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an account can do when it talks to a shared PostgreSQL database
 * directly, with its own role and password, around the checks of the core:
 * data/sql/0003-postgresql-security.sql. The connections here are libgda's,
 * raw, as any SQL client's would be. Skipped on SQLite, which has no roles.
 */

#include "config.h"

#include <string.h>

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-audit-service.h"
#include "cas-company-service.h"
#include "cas-database-private.h"
#include "cas-demo.h"
#include "cas-csv.h"
#include "cas-duplicate-private.h"
#include "cas-duplicate-service.h"
#include "cas-import-review.h"
#include "cas-person-service.h"
#include "cas-postgresql-private.h"
#include "cas-registration.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-validate.h"

typedef struct
{
  CasTestDatabase *tdb;
  gint64           centre;        /* the exam centre of the demo's admin */
  gint64           other_centre;  /* another one */
} Fixture;

static gboolean
skip_on_sqlite (void)
{
  if (cas_test_is_postgresql ())
    return FALSE;

  g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CasDemoOptions options = { .n_persons = 200, .seed = 11, .quiet = TRUE };

  if (!cas_test_is_postgresql ())
    return;

  f->tdb = cas_test_database_new ();
  g_assert_true (cas_demo_seed (f->tdb->db, &options, NULL, NULL, &error));
  g_assert_no_error (error);

  f->centre = cas_test_query_int (f->tdb->db,
                                  "SELECT r.company_id FROM account_role r JOIN account a "
                                  "ON a.id = r.account_id WHERE a.login = 'admin' "
                                  "AND r.role = 'admin'");
  f->other_centre = cas_test_query_int (f->tdb->db,
                                        "SELECT MIN(company_id) FROM exam_session "
                                        "WHERE company_id <> (SELECT r.company_id "
                                        "FROM account_role r JOIN account a "
                                        "ON a.id = r.account_id WHERE a.login = 'admin' "
                                        "AND r.role = 'admin')");
  g_assert_cmpint (f->centre, >, 0);
  g_assert_cmpint (f->other_centre, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->tdb, cas_test_database_free);
}

/* A connection as the database role @role, or NULL with @error set */
static GdaConnection *
connect_as_role (CasTestDatabase  *tdb,
                 const char       *role,
                 const char       *password,
                 GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (tdb->location, G_URI_FLAGS_HAS_PASSWORD, &local_error);
  g_autofree char *role_escaped = _cas_pg_conninfo_escape (role);
  g_autofree char *role_encoded = gda_rfc1738_encode (role_escaped);
  g_autofree char *password_escaped = _cas_pg_conninfo_escape (password);
  g_autofree char *password_encoded = gda_rfc1738_encode (password_escaped);
  g_autofree char *cnc_string = NULL;
  g_autofree char *auth = NULL;

  g_assert_no_error (local_error);
  cnc_string = g_strdup_printf ("HOST=%s;PORT=%d;DB_NAME=%s", g_uri_get_host (uri),
                                g_uri_get_port (uri), tdb->pg_name);
  auth = g_strdup_printf ("USERNAME=%s;PASSWORD=%s", role_encoded, password_encoded);

  return gda_connection_open_from_string ("PostgreSQL", cnc_string, auth,
                                          GDA_CONNECTION_OPTIONS_NONE, error);
}

/* A connection as @login's role, or NULL with @error set */
static GdaConnection *
connect_as (CasTestDatabase  *tdb,
            const char       *login,
            const char       *password,
            GError          **error)
{
  g_autofree char *role = _cas_pg_login_role (tdb->pg_name, login);

  return connect_as_role (tdb, role, password, error);
}

static GdaConnection *
must_connect_as (CasTestDatabase *tdb,
                 const char      *login,
                 const char      *password)
{
  g_autoptr(GError) error = NULL;
  GdaConnection *cnc = connect_as (tdb, login, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cnc);

  return cnc;
}

static void
disconnect (GdaConnection *cnc)
{
  gda_connection_close (cnc);
  g_object_unref (cnc);
}

/* The first value of a query run directly */
static gint64
count (GdaConnection *cnc,
       const char    *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = gda_connection_execute_select_command (cnc, sql, &error);

  if (model == NULL)
    g_error ("%s: %s", sql, error->message);
  g_assert_cmpint (gda_data_model_get_n_rows (model), ==, 1);

  return _cas_model_get_int64 (model, 0, 0);
}

/* The number of rows a change run directly changed */
static int
change (GdaConnection *cnc,
        const char    *sql)
{
  g_autoptr(GError) error = NULL;
  int n = gda_connection_execute_non_select_command (cnc, sql, &error);

  if (error != NULL)
    g_error ("%s: %s", sql, error->message);

  return n;
}

/* A statement the server refuses outright: no privilege, a row the
 * policies do not let it write, or an object it does not own */
static void
assert_refused (GdaConnection *cnc,
                const char    *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = NULL;

  if (g_str_has_prefix (sql, "SELECT"))
    model = gda_connection_execute_select_command (cnc, sql, &error);
  else
    gda_connection_execute_non_select_command (cnc, sql, &error);

  if (error == NULL)
    g_error ("The server did not refuse: %s", sql);
  if (strstr (error->message, "permission denied") == NULL &&
      strstr (error->message, "row-level security") == NULL &&
      strstr (error->message, "must be owner") == NULL)
    g_error ("%s: refused for another reason: %s", sql, error->message);
}

static gint64
owner_count (Fixture    *f,
             const char *sql)
{
  return cas_test_query_int (f->tdb->db, sql);
}

static CasAccount *
demo_login (Fixture    *f,
            const char *login)
{
  return cas_test_login (f->tdb, login, CAS_DEMO_PASSWORD);
}

/* Role names: the same in C and in the migration's SQL */

static void
test_names (void)
{
  g_autofree char *plain = _cas_pg_role_prefix ("certassur");
  g_autofree char *upper = _cas_pg_role_prefix ("Certassur");
  g_autofree char *pg = _cas_pg_role_prefix ("pgcert");
  g_autofree char *underscore = _cas_pg_role_prefix ("cert_assur");
  g_autofree char *group = _cas_pg_group_role ("certassur", "admin");
  g_autofree char *login = _cas_pg_login_role ("certassur", "jan.peeters@makelaar-gent.be");
  g_autofree char *long_login = NULL;
  g_autofree char *long_role = NULL;
  g_autofree char *other = NULL;

  g_assert_cmpstr (plain, ==, "certassur");
  g_assert_cmpstr (group, ==, "certassur_admin");
  g_assert_cmpstr (login, ==, "certassur_u_jan.peeters@makelaar-gent.be");

  /* Other names hash: no upper case, "pg" or "_" to confuse a reader or
   * the groups of another database */
  g_assert_true (g_str_has_prefix (upper, "cas"));
  g_assert_cmpuint (strlen (upper), ==, 15);
  g_assert_true (g_str_has_prefix (pg, "cas"));
  g_assert_true (g_str_has_prefix (underscore, "cas"));
  g_assert_cmpstr (upper, !=, pg);

  /* Longer than PostgreSQL keeps: cut, and told apart by a hash */
  long_login = g_strnfill (CAS_MAX_LOGIN_LENGTH, 'a');
  long_role = _cas_pg_login_role ("certassur", long_login);
  g_assert_cmpuint (strlen (long_role), ==, CAS_PG_MAX_ROLE_LENGTH);
  long_login[CAS_MAX_LOGIN_LENGTH - 1] = 'b';
  other = _cas_pg_login_role ("certassur", long_login);
  g_assert_cmpuint (strlen (other), ==, CAS_PG_MAX_ROLE_LENGTH);
  g_assert_cmpstr (long_role, !=, other);
}

static void
test_names_match_sql (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_login = NULL;
  const char *logins[] = { "admin", "jan.peeters@makelaar-gent.be", "x_y-z.9", NULL };

  if (skip_on_sqlite ())
    return;

  accounts = cas_account_service_new (f->tdb->db);
  local = cas_account_new_local (f->tdb->db);
  long_login = g_strnfill (CAS_MAX_LOGIN_LENGTH, 'q');
  logins[3] = long_login;

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *expected = _cas_pg_login_role (f->tdb->pg_name, logins[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT cas_login_role ('%s')", logins[i]);
      g_autofree char *computed = cas_test_query_string (f->tdb->db, sql);

      g_assert_cmpstr (computed, ==, expected);
    }

  /* The long login's account connects with the name C computes */
  g_assert_cmpint (cas_account_service_create (accounts, local, long_login,
                                               "long login password", 0, &error), >, 0);
  g_assert_no_error (error);
  disconnect (must_connect_as (f->tdb, long_login, "long login password"));

  {
    g_autofree char *prefix = _cas_pg_role_prefix (f->tdb->pg_name);
    g_autofree char *computed = cas_test_query_string (f->tdb->db, "SELECT cas_role_prefix ()");
    g_autofree char *role = _cas_pg_login_role (f->tdb->pg_name, "admin");
    g_autofree char *stored = cas_test_query_string (f->tdb->db,
                                                     "SELECT db_role FROM account "
                                                     "WHERE login = 'admin'");

    g_assert_cmpstr (computed, ==, prefix);
    g_assert_cmpstr (stored, ==, role);
  }
}

static gboolean
is_member (Fixture    *f,
           const char *login,
           const char *kind)
{
  g_autofree char *role = _cas_pg_login_role (f->tdb->pg_name, login);
  g_autofree char *group = _cas_pg_group_role (f->tdb->pg_name, kind);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM pg_auth_members m "
                                          "JOIN pg_roles g ON g.oid = m.roleid "
                                          "JOIN pg_roles u ON u.oid = m.member "
                                          "WHERE g.rolname = '%s' AND u.rolname = '%s'",
                                          group, role);

  return owner_count (f, sql) > 0;
}

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  if (skip_on_sqlite ())
    return;

  g_assert_true (is_member (f, "admin", "admin"));
  g_assert_true (is_member (f, "admin", "candidate"));
  g_assert_false (is_member (f, "admin", "operator"));
  g_assert_false (is_member (f, "admin", "controller"));
  g_assert_true (is_member (f, "controller", "controller"));
  g_assert_false (is_member (f, "controller", "admin"));
  g_assert_true (is_member (f, "operator", "operator"));
  g_assert_true (is_member (f, "candidate", "candidate"));
  g_assert_false (is_member (f, "candidate", "admin"));
}

/* An administrator sees and changes the persons and sessions of their own
 * centre, and nothing of another */
static void
test_admin (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  GdaConnection *cnc;
  gint64 own_persons;
  gint64 own_person;
  gint64 admin_id;

  if (skip_on_sqlite ())
    return;

  cnc = must_connect_as (f->tdb, "admin", CAS_DEMO_PASSWORD);

  /* Reading */
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE company_id <> %" G_GINT64_FORMAT
                         " OR company_id IS NULL", f->centre);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, sql), ==, 0);

  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE company_id = %" G_GINT64_FORMAT,
                         f->centre);
  own_persons = owner_count (f, sql);
  g_assert_cmpint (own_persons, >, 0);
  g_assert_cmpint (count (cnc, sql), ==, own_persons);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person"), ==, own_persons);

  /* The terms of the search (schema 15) name persons too: those of their
   * centre only */
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person_search_term WHERE company_id <> %"
                         G_GINT64_FORMAT, f->centre);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person_search_term WHERE term = '' "
                         "AND company_id = %" G_GINT64_FORMAT, f->centre);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person_search_term WHERE term = ''"), ==,
                   owner_count (f, sql));

  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM exam_session WHERE company_id <> %" G_GINT64_FORMAT,
                         f->centre);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, sql), ==, 0);

  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM registration r JOIN exam_session s "
                         "ON s.id = r.session_id WHERE s.company_id <> %" G_GINT64_FORMAT,
                         f->centre);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM registration WHERE session_id NOT IN "
                               "(SELECT id FROM exam_session)"), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM registration r WHERE r.session_id IN "
                         "(SELECT id FROM exam_session WHERE company_id = %" G_GINT64_FORMAT ")",
                         f->centre);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM registration"), ==, owner_count (f, sql));

  /* Changing: their own centre's persons, and no other */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE person SET first_name = 'Changed' WHERE company_id <> %"
                         G_GINT64_FORMAT, f->centre);
  g_assert_cmpint (change (cnc, sql), ==, 0);
  g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM person WHERE first_name = 'Changed'"),
                   ==, 0);

  g_free (sql);
  sql = g_strdup_printf ("SELECT MIN(id) FROM person WHERE company_id = %" G_GINT64_FORMAT,
                         f->centre);
  own_person = owner_count (f, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE person SET email = 'own@example.be' WHERE id = %" G_GINT64_FORMAT,
                         own_person);
  g_assert_cmpint (change (cnc, sql), ==, 1);

  /* ... which stay in their centre */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE person SET company_id = %" G_GINT64_FORMAT " WHERE id = %"
                         G_GINT64_FORMAT, f->other_centre, own_person);
  assert_refused (cnc, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO person (first_name, last_name, company_id, created_at, "
                         "updated_at) VALUES ('Eve', 'Elsewhere', %" G_GINT64_FORMAT ", 'x', 'x')",
                         f->other_centre);
  assert_refused (cnc, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO exam_session (exam_id, company_id, starts_at, "
                         "duration_minutes, location, capacity, language, created_at) "
                         "VALUES (1, %" G_GINT64_FORMAT ", '2030-01-01T09:00', 90, 'X', 10, 'fr', "
                         "'x')", f->other_centre);
  assert_refused (cnc, sql);
  /* Staffing a session with someone of another centre would show their
   * record */
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO session_staff (session_id, person_id, role) "
                         "VALUES ((SELECT MIN(id) FROM exam_session), "
                         "(SELECT MIN(id) FROM person WHERE company_id = %" G_GINT64_FORMAT
                         "), 'controller')", f->centre);
  g_assert_cmpint (change (cnc, sql), ==, 1);
  {
    g_autofree char *nrn = NULL;
    gint64 stranger;

    g_free (sql);
    sql = g_strdup_printf ("SELECT MIN(id) FROM person WHERE company_id = %" G_GINT64_FORMAT
                           " AND nrn IS NOT NULL", f->other_centre);
    stranger = owner_count (f, sql);
    g_free (sql);
    sql = g_strdup_printf ("INSERT INTO session_staff (session_id, person_id, role) "
                           "VALUES ((SELECT MIN(id) FROM exam_session), %" G_GINT64_FORMAT
                           ", 'controller')", stranger);
    assert_refused (cnc, sql);

    /* Another centre's record by its NRN: the name, the year of birth
     * and the centre, not the whole record */
    g_free (sql);
    sql = g_strdup_printf ("SELECT nrn FROM person WHERE id = %" G_GINT64_FORMAT, stranger);
    nrn = cas_test_query_string (f->tdb->db, sql);
    g_free (sql);
    sql = g_strdup_printf ("SELECT COUNT(*) FROM cas_person_by_nrn ('%s', 0) WHERE id = %"
                           G_GINT64_FORMAT " AND first_name IS NOT NULL "
                           "AND length (birth_date) = 4 AND centre IS NOT NULL AND NOT visible",
                           nrn, stranger);
    g_assert_cmpint (count (cnc, sql), ==, 1);
  }

  /* A merge is the operators' */
  assert_refused (cnc, "UPDATE person SET merged_into = id");
  assert_refused (cnc, "DELETE FROM person");

  /* Accounts, roles, logins */
  admin_id = owner_count (f, "SELECT id FROM account WHERE login = 'admin'");
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM account"), ==, 1);
  assert_refused (cnc, "SELECT password_hash FROM account");
  assert_refused (cnc, "UPDATE account SET password_hash = 'x'");
  assert_refused (cnc, "UPDATE account SET disabled = 0, must_change_password = 0");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO account_role (account_id, role) VALUES (%" G_GINT64_FORMAT
                         ", 'operator')", admin_id);
  assert_refused (cnc, sql);
  assert_refused (cnc, "DELETE FROM account_role");
  g_free (sql);
  sql = g_strdup_printf ("SELECT cas_set_account_secret (%" G_GINT64_FORMAT ", 'x')", admin_id);
  assert_refused (cnc, sql);
  g_free (name);
  name = _cas_pg_group_role (f->tdb->pg_name, "operator");
  g_free (sql);
  sql = g_strdup_printf ("SET ROLE \"%s\"", name);
  assert_refused (cnc, sql);
  /* A login ends, and never starts again */
  {
    g_autoptr(CasAccount) login = demo_login (f, "admin");

    assert_refused (cnc, "UPDATE login_session SET ended_at = NULL");
    g_assert_cmpint (change (cnc, "UPDATE login_session SET ended_at = '2030-01-01T00:00:00Z'"),
                     ==, 1);
    assert_refused (cnc, "UPDATE login_session SET ended_at = NULL");
    assert_refused (cnc, "UPDATE login_session SET expires_at = '2099-01-01T00:00:00Z'");
  }

  /* The audit log: written under their own name, never read, changed or
   * deleted */
  assert_refused (cnc, "SELECT COUNT(*) FROM audit_event");
  assert_refused (cnc, "UPDATE audit_event SET action = 'nothing'");
  assert_refused (cnc, "DELETE FROM audit_event");
  assert_refused (cnc, "INSERT INTO audit_event (occurred_at, account_id, actor, action) "
                       "VALUES ('2030-01-01T00:00:00Z', NULL, 'operator', 'forged')");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO audit_event (occurred_at, account_id, actor, action) "
                         "VALUES ('2030-01-01T00:00:00Z', %" G_GINT64_FORMAT ", 'admin', "
                         "'direct')", admin_id);
  g_assert_cmpint (change (cnc, sql), ==, 1);

  /* The schema stays as it is */
  assert_refused (cnc, "CREATE TABLE mine (id INTEGER)");
  assert_refused (cnc, "ALTER TABLE person DISABLE ROW LEVEL SECURITY");

  disconnect (cnc);
}

/* What only operators read: anything in app_meta but the database's
 * identity, the demo's accounts and the public key of attestations */
static void
test_meta (Fixture       *f,
           gconstpointer  data)
{
  const char *logins[] = { "admin", "controller", "candidate" };
  GdaConnection *cnc;

  if (skip_on_sqlite ())
    return;

  cas_test_exec_sql (f->tdb, "INSERT INTO app_meta (key, value) "
                             "VALUES ('operators.only', 'secret')");
  /* The demo's key is there already; any database gets one at its first
   * attestation */
  cas_test_exec_sql (f->tdb, "INSERT INTO app_meta (key, value) "
                             "VALUES ('signing.public-key', 'for everyone') "
                             "ON CONFLICT (key) DO NOTHING");

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      cnc = must_connect_as (f->tdb, logins[i], CAS_DEMO_PASSWORD);
      g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM app_meta "
                                   "WHERE key = 'operators.only'"), ==, 0);
      g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM app_meta "
                                   "WHERE key = 'database.id'"), ==, 1);
      g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM app_meta "
                                   "WHERE key = 'signing.public-key'"), ==, 1);
      assert_refused (cnc, "UPDATE app_meta SET value = 'x'");
      disconnect (cnc);
    }

  cnc = must_connect_as (f->tdb, "operator", CAS_DEMO_PASSWORD);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM app_meta "
                               "WHERE key = 'operators.only'"), ==, 1);
  /* The identity that login tokens are checked against stays */
  g_assert_cmpint (change (cnc, "UPDATE app_meta SET value = 'x' WHERE key = 'database.id'"), ==,
                   0);
  disconnect (cnc);
}

/* A controller sees the sessions they supervise, with their registrations
 * and candidates, and records attendance there only */
static void
test_controller (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *sql = NULL;
  GdaConnection *cnc;
  gint64 me;
  gint64 supervised;
  gint64 elsewhere;
  gint64 stranger;

  if (skip_on_sqlite ())
    return;

  me = owner_count (f, "SELECT person_id FROM account WHERE login = 'controller'");
  g_assert_cmpint (me, >, 0);

  cnc = must_connect_as (f->tdb, "controller", CAS_DEMO_PASSWORD);

  /* Their registrations: the sessions they staff, and their own exams */
  sql = g_strdup_printf ("SELECT COUNT(*) FROM registration r WHERE r.person_id = %"
                         G_GINT64_FORMAT " OR r.session_id IN (SELECT session_id "
                         "FROM session_staff WHERE person_id = %" G_GINT64_FORMAT ")", me, me);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM registration"), ==, owner_count (f, sql));
  g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM registration"), >,
                   owner_count (f, sql));

  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM exam_session s WHERE s.id IN (SELECT session_id "
                         "FROM session_staff WHERE person_id = %" G_GINT64_FORMAT ") "
                         "OR s.id IN (SELECT session_id FROM registration WHERE person_id = %"
                         G_GINT64_FORMAT ")", me, me);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM exam_session"), ==, owner_count (f, sql));

  /* A candidate of a session they have nothing to do with is not theirs
   * to see */
  g_free (sql);
  sql = g_strdup_printf ("SELECT MIN(person_id) FROM registration WHERE person_id NOT IN "
                         "(SELECT r.person_id FROM registration r JOIN session_staff t "
                         "ON t.session_id = r.session_id WHERE t.person_id = %" G_GINT64_FORMAT
                         ") AND person_id NOT IN (SELECT person_id FROM session_staff)", me);
  stranger = owner_count (f, sql);
  g_assert_cmpint (stranger, >, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE id = %" G_GINT64_FORMAT, stranger);
  g_assert_cmpint (count (cnc, sql), ==, 0);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person"), <,
                   owner_count (f, "SELECT COUNT(*) FROM person") / 2);

  /* Attendance where they supervise */
  g_free (sql);
  sql = g_strdup_printf ("SELECT MIN(r.id) FROM registration r JOIN session_staff t "
                         "ON t.session_id = r.session_id WHERE t.person_id = %" G_GINT64_FORMAT
                         " AND t.role = 'controller' AND r.person_id <> %" G_GINT64_FORMAT,
                         me, me);
  supervised = owner_count (f, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT MIN(r.id) FROM registration r WHERE r.session_id NOT IN "
                         "(SELECT session_id FROM session_staff WHERE person_id = %"
                         G_GINT64_FORMAT ")", me);
  elsewhere = owner_count (f, sql);
  g_assert_cmpint (supervised, >, 0);
  g_assert_cmpint (elsewhere, >, 0);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE registration SET status = 'present', score = NULL "
                         "WHERE id = %" G_GINT64_FORMAT, supervised);
  g_assert_cmpint (change (cnc, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE registration SET status = 'absent', score = NULL "
                         "WHERE id = %" G_GINT64_FORMAT, elsewhere);
  g_assert_cmpint (change (cnc, sql), ==, 0);

  /* Results are the operators' */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE registration SET status = 'passed', score = 99 "
                         "WHERE id = %" G_GINT64_FORMAT, supervised);
  assert_refused (cnc, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE registration SET person_id = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT, me, supervised);
  assert_refused (cnc, sql);
  assert_refused (cnc, "INSERT INTO registration (person_id, session_id, registered_at) "
                       "VALUES (1, 1, 'x')");
  assert_refused (cnc, "UPDATE person SET first_name = 'X'");
  assert_refused (cnc, "DELETE FROM registration");

  disconnect (cnc);
}

/* A candidate sees their own record, registrations and attestations */
static void
test_candidate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sql = NULL;
  GdaConnection *cnc;
  gint64 other_session;
  gint64 me;

  if (skip_on_sqlite ())
    return;

  me = owner_count (f, "SELECT person_id FROM account WHERE login = 'candidate'");
  cnc = must_connect_as (f->tdb, "candidate", CAS_DEMO_PASSWORD);

  sql = g_strdup_printf ("SELECT COUNT(*) FROM registration WHERE person_id = %" G_GINT64_FORMAT,
                         me);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM registration"), ==, owner_count (f, sql));

  /* Their own record; of the staff of their sessions, what the desk shows */
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM cas_session_staff ((SELECT MIN(session_id) "
                         "FROM registration WHERE person_id = %" G_GINT64_FORMAT "))", me);
  g_assert_cmpint (count (cnc, sql), >, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT MIN(id) FROM exam_session WHERE id NOT IN (SELECT session_id "
                         "FROM registration WHERE person_id = %" G_GINT64_FORMAT ")", me);
  other_session = owner_count (f, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM cas_session_staff (%" G_GINT64_FORMAT ")",
                         other_session);
  g_assert_cmpint (owner_count (f, sql), >, 0);
  g_assert_cmpint (count (cnc, sql), ==, 0);

  assert_refused (cnc, "UPDATE registration SET status = 'passed', score = 100");
  assert_refused (cnc, "UPDATE person SET first_name = 'X'");
  assert_refused (cnc, "INSERT INTO exam_session (exam_id, company_id, starts_at, "
                       "duration_minutes, location, capacity, language, created_at) "
                       "VALUES (1, 1, '2030-01-01T09:00', 90, 'X', 10, 'fr', 'x')");

  disconnect (cnc);
}

/* An operator reads everything, but password hashes, and does not rewrite
 * the audit log */
static void
test_operator (Fixture       *f,
               gconstpointer  data)
{
  const char *tables[] = { "person", "exam_session", "registration", "session_staff",
                           "account", "account_role", "audit_event", "company" };
  GdaConnection *cnc;

  if (skip_on_sqlite ())
    return;

  cnc = must_connect_as (f->tdb, "operator", CAS_DEMO_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", tables[i]);

      g_assert_cmpint (owner_count (f, sql), >, 0);
      g_assert_cmpint (count (cnc, sql), ==, owner_count (f, sql));
    }

  g_assert_cmpint (change (cnc, "UPDATE person SET email = NULL "
                               "WHERE id = (SELECT MIN(id) FROM person)"), ==, 1);
  assert_refused (cnc, "SELECT password_hash FROM account");
  assert_refused (cnc, "UPDATE account SET db_role = 'x'");
  assert_refused (cnc, "UPDATE audit_event SET action = 'nothing'");
  assert_refused (cnc, "DELETE FROM audit_event");
  assert_refused (cnc, "DELETE FROM person");

  disconnect (cnc);
}

static void
assert_cannot_connect (Fixture    *f,
                       const char *login,
                       const char *password,
                       const char *reason)
{
  g_autoptr(GError) error = NULL;
  GdaConnection *cnc = connect_as (f->tdb, login, password, &error);

  g_assert_null (cnc);
  g_assert_nonnull (error);
  if (strstr (error->message, reason) == NULL)
    g_error ("%s: expected “%s”, got: %s", login, reason, error->message);
}

/* Disabling, enabling, resetting, granting and revoking through the core
 * follow on the server */
static void
test_account_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) operator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GdaConnection *before;
  GdaConnection *cnc;
  gint64 admin_id;
  gint64 own_persons;

  if (skip_on_sqlite ())
    return;

  accounts = cas_account_service_new (f->tdb->db);
  operator = demo_login (f, "operator");
  admin_id = owner_count (f, "SELECT id FROM account WHERE login = 'admin'");
  sql = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE company_id = %" G_GINT64_FORMAT,
                         f->centre);
  own_persons = owner_count (f, sql);

  /* Disabled: no new connection, and an open one sees nothing of the
   * register any more */
  before = must_connect_as (f->tdb, "admin", CAS_DEMO_PASSWORD);
  g_assert_cmpint (count (before, "SELECT COUNT(*) FROM person"), ==, own_persons);
  g_assert_true (cas_account_service_set_disabled (accounts, operator, admin_id, TRUE, &error));
  g_assert_no_error (error);
  assert_cannot_connect (f, "admin", CAS_DEMO_PASSWORD, "not permitted to log in");
  g_assert_cmpint (count (before, "SELECT COUNT(*) FROM person"), ==, 0);
  g_assert_cmpint (count (before, "SELECT COUNT(*) FROM registration"), ==, 0);
  disconnect (before);

  g_assert_true (cas_account_service_set_disabled (accounts, operator, admin_id, FALSE, &error));
  g_assert_no_error (error);
  disconnect (must_connect_as (f->tdb, "admin", CAS_DEMO_PASSWORD));

  /* A new password: the old one no longer connects */
  g_assert_true (cas_account_service_reset_password (accounts, operator, admin_id,
                                                     "a new password it's \\ \"odd\"", &error));
  g_assert_no_error (error);
  assert_cannot_connect (f, "admin", CAS_DEMO_PASSWORD, "authentication failed");
  disconnect (must_connect_as (f->tdb, "admin", "a new password it's \\ \"odd\""));

  /* A password the server normalises itself */
  g_assert_true (cas_account_service_reset_password (accounts, operator, admin_id,
                                                     "mot de passe élève ñ", &error));
  g_assert_no_error (error);
  disconnect (must_connect_as (f->tdb, "admin", "mot de passe élève ñ"));

  /* Without the admin role, no longer the centre's records (only those of
   * the sessions the person staffs, as the core shows them) nor changes;
   * with it again, all */
  g_assert_true (cas_account_service_revoke (accounts, operator, admin_id, CAS_ROLE_ADMIN, 0,
                                             &error));
  g_assert_no_error (error);
  g_assert_false (is_member (f, "admin", "admin"));
  cnc = must_connect_as (f->tdb, "admin", "mot de passe élève ñ");
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person"), <, own_persons);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE person SET email = NULL WHERE company_id = %" G_GINT64_FORMAT,
                         f->centre);
  assert_refused (cnc, sql);
  g_assert_true (cas_account_service_grant (accounts, operator, admin_id, CAS_ROLE_ADMIN,
                                            f->centre, &error));
  g_assert_no_error (error);
  g_assert_true (is_member (f, "admin", "admin"));
  g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM person"), ==, own_persons);
  disconnect (cnc);

  /* A new account's role connects at once, with the groups of its roles */
  {
    gint64 id = cas_account_service_create (accounts, operator, "new.controller@centre.be",
                                            "first password", 0, &error);

    g_assert_no_error (error);
    g_assert_true (cas_account_service_grant (accounts, operator, id, CAS_ROLE_CONTROLLER, 0,
                                              &error));
    g_assert_no_error (error);
    g_assert_true (is_member (f, "new.controller@centre.be", "controller"));
    cnc = must_connect_as (f->tdb, "new.controller@centre.be", "first password");
    g_assert_cmpint (count (cnc, "SELECT COUNT(*) FROM registration"), ==, 0);
    disconnect (cnc);
  }
}

/* The desk and the command line: a login connects as the account's role,
 * and the services then run under the server's rules too */
static void
test_desk (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) admin = NULL;
  g_autoptr(CasAccount) again = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasPerson) person = NULL;
  g_autofree char *sql = NULL;
  guint n_accounts = 0;
  gint64 stranger;

  if (skip_on_sqlite ())
    return;

  desk = cas_database_open (f->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  g_assert_true (_cas_database_connects_at_login (desk));
  accounts = cas_account_service_new (desk);

  /* Nothing is read before a login */
  g_assert_false (cas_account_service_count (accounts, &n_accounts, &error));
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  /* The server checks the password */
  g_assert_null (cas_account_service_authenticate (accounts, "admin", "not the password", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);
  g_assert_null (cas_account_service_authenticate (accounts, "nobody", "not the password",
                                                   &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);

  admin = cas_account_service_authenticate (accounts, "admin", CAS_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (admin);
  g_assert_cmpstr (_cas_database_get_account_login (desk), ==, "admin");
  g_assert_cmpint (cas_database_get_schema_version (desk), ==,
                   cas_database_get_latest_schema_version ());
  g_assert_cmpstr (cas_database_get_id (desk), ==, cas_database_get_id (f->tdb->db));

  /* The services: another centre's record does not exist for this desk */
  persons = cas_person_service_new (desk);
  sql = g_strdup_printf ("SELECT MIN(id) FROM person WHERE company_id = %" G_GINT64_FORMAT
                         " AND nrn IS NOT NULL", f->other_centre);
  stranger = owner_count (f, sql);
  g_assert_cmpint (stranger, >, 0);
  person = cas_person_service_get (persons, admin, stranger, &error);
  g_assert_null (person);
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* ... but its NRN is still recognised, with the minimal identity the
   * warning needs, so that no second record is made */
  {
    g_autoptr(CasPerson) copy = cas_person_new ();
    g_autofree char *row_sql = g_strdup_printf ("SELECT first_name || '|' || last_name || '|' "
                                                "|| birth_date || '|' || nrn FROM person "
                                                "WHERE id = %" G_GINT64_FORMAT, stranger);
    g_autofree char *row = cas_test_query_string (f->tdb->db, row_sql);
    g_auto(GStrv) parts = g_strsplit (row, "|", 4);

    g_assert_cmpuint (g_strv_length (parts), ==, 4);
    copy->first_name = g_strdup (parts[0]);
    copy->last_name = g_strdup (parts[1]);
    copy->birth_date = g_strdup (parts[2]);
    copy->nrn = g_strdup (parts[3]);
    g_assert_cmpint (cas_person_service_create (persons, admin, copy, &error), ==, 0);
    g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NRN_EXISTS);
    /* by the minimal identity: the name and the year of birth, not the
     * date, which stays with the other centre */
    g_assert_nonnull (strstr (error->message, parts[1]));
    g_assert_null (strstr (error->message, parts[2]));
    g_clear_error (&error);
  }

  /* The Sessions view's count: the centre's sessions and those the admin
   * staffs or sits */
  {
    g_autoptr(CasSessionService) sessions = cas_session_service_new (desk);
    g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
    g_autofree char *expected = NULL;
    guint n = 0;

    g_assert_true (cas_session_service_count (sessions, admin, query, &n, &error));
    g_assert_no_error (error);
    expected = g_strdup_printf ("SELECT COUNT(*) FROM exam_session s WHERE s.company_id = %"
                                G_GINT64_FORMAT " OR s.id IN (SELECT t.session_id "
                                "FROM session_staff t JOIN account a ON a.person_id = t.person_id "
                                "WHERE a.login = 'admin') OR s.id IN (SELECT r.session_id "
                                "FROM registration r JOIN account a ON a.person_id = r.person_id "
                                "WHERE a.login = 'admin')", f->centre);
    g_assert_cmpint (n, ==, owner_count (f, expected));
  }

  /* Changing one's own password changes the role's: the server checks the
   * current one */
  g_assert_false (cas_account_service_change_password (accounts, admin, "not the password",
                                                       "a password of mine", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (cas_account_service_change_password (accounts, admin, CAS_DEMO_PASSWORD,
                                                      "a password of mine", &error));
  g_assert_no_error (error);
  assert_cannot_connect (f, "admin", CAS_DEMO_PASSWORD, "authentication failed");
  disconnect (must_connect_as (f->tdb, "admin", "a password of mine"));
  /* ... and the hash the core keeps, for a login on the owner's connection */
  g_clear_object (&again);
  again = cas_test_login (f->tdb, "admin", "a password of mine");

  /* Another account logs in on the same desk: the connection becomes its */
  g_assert_true (cas_account_service_logout (accounts, admin, &error));
  g_assert_no_error (error);
  g_clear_object (&again);
  again = cas_account_service_authenticate (accounts, "controller", CAS_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_cas_database_get_account_login (desk), ==, "controller");
  g_assert_true (cas_account_service_count (accounts, &n_accounts, &error));
  g_assert_cmpuint (n_accounts, ==, 1);

  /* A disabled account is told so */
  g_clear_object (&again);
  {
    g_autoptr(CasAccountService) owner_accounts = cas_account_service_new (f->tdb->db);
    g_autoptr(CasAccount) operator = demo_login (f, "operator");
    gint64 id = owner_count (f, "SELECT id FROM account WHERE login = 'candidate'");

    g_assert_true (cas_account_service_set_disabled (owner_accounts, operator, id, TRUE, &error));
    g_assert_no_error (error);
    g_assert_null (cas_account_service_authenticate (accounts, "candidate", CAS_DEMO_PASSWORD,
                                                     &error));
    g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_DISABLED);
    g_clear_error (&error);
  }

  /* cas_database_open_as (): the same, without a login session */
  {
    g_autoptr(CasDatabase) as_operator = cas_database_open_as (f->tdb->location, "operator",
                                                               CAS_DEMO_PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cas_test_query_int (as_operator, "SELECT COUNT(*) FROM person"), ==,
                     owner_count (f, "SELECT COUNT(*) FROM person"));
  }
}

/* A desk logged in as @login */
static CasDatabase *
desk_login (Fixture     *f,
            const char  *login,
            CasAccount **account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAccountService) accounts = NULL;
  CasDatabase *desk;

  desk = cas_database_open (f->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  accounts = cas_account_service_new (desk);
  *account = cas_account_service_authenticate (accounts, login, CAS_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*account);

  return desk;
}

/* What the desk does for each role works under the server's rules: the
 * privileges and policies leave the core all it needs */
static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasAccount) actor = NULL;
  gint64 person_id;
  gint64 session_id;
  gint64 registration_id;

  if (skip_on_sqlite ())
    return;

  /* An administrator: a person, a session, its staff and a registration,
   * attendance, an import and an export */
  desk = desk_login (f, "admin", &actor);
  {
    g_autoptr(CasPersonService) persons = cas_person_service_new (desk);
    g_autoptr(CasSessionService) sessions = cas_session_service_new (desk);
    g_autoptr(CasPerson) person = cas_person_new ();
    g_autoptr(GPtrArray) staff = NULL;
    g_autoptr(GPtrArray) registrations = NULL;
    g_autoptr(GInputStream) csv = NULL;
    g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
    g_autoptr(CasImportReport) report = NULL;
    const char *rows = "first_name,last_name,birth_date\n"
                       "Anna,Verbeke,1990-01-02\n"
                       "Bram,Wouters,1991-03-04\n";
    CasSessionDraft draft = {
      .exam_id = owner_count (f, "SELECT MIN(id) FROM exam"),
      .company_id = f->centre,
      .starts_at = "2031-05-06T09:00",
      .location = "Rue de la Loi 1, Bruxelles",
      .room = "A",
      .capacity = 12,
      .language = "fr",
    };

    person->first_name = g_strdup ("Nadia");
    person->last_name = g_strdup ("Maes");
    person->birth_date = g_strdup ("1994-07-08");
    person_id = cas_person_service_create (persons, actor, person, &error);
    g_assert_no_error (error);
    g_assert_cmpint (person_id, >, 0);
    g_free (person->email);
    person->email = g_strdup ("nadia.maes@example.be");
    g_assert_true (cas_person_service_update (persons, actor, person, &error));
    g_assert_no_error (error);

    session_id = cas_session_service_create (sessions, actor, &draft, &error);
    g_assert_no_error (error);
    g_assert_cmpint (session_id, >, 0);
    g_assert_true (cas_session_service_add_staff (sessions, actor, session_id,
                                                  cas_account_get_person_id (actor),
                                                  CAS_STAFF_ADMIN, &error));
    g_assert_no_error (error);
    registration_id = cas_session_service_register (sessions, actor, session_id, person_id,
                                                    &error);
    g_assert_no_error (error);
    g_assert_cmpint (registration_id, >, 0);

    staff = cas_session_service_list_staff (sessions, actor, session_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (staff->len, ==, 1);
    registrations = cas_session_service_list_registrations (sessions, actor, session_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (registrations->len, ==, 1);
    g_assert_true (cas_session_service_record_attendance (sessions, actor, registration_id, TRUE,
                                                          &error));
    g_assert_no_error (error);
    g_assert_false (cas_session_service_record_score (sessions, actor, registration_id, 80,
                                                      &error));
    g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
    g_clear_error (&error);

    csv = g_memory_input_stream_new_from_data (rows, -1, NULL);
    g_assert_true (cas_person_service_import_csv (persons, actor, csv, 0, CAS_IMPORT_DEFAULT, NULL,
                                                  NULL, NULL, NULL, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->n_imported, ==, 2);
    g_assert_cmpint (cas_person_service_export_csv (persons, actor, output, NULL, &error), >, 2);
    g_assert_no_error (error);
  }
  g_clear_object (&actor);
  g_clear_object (&desk);

  /* A controller records attendance where they supervise, and only there */
  desk = desk_login (f, "controller", &actor);
  {
    g_autoptr(CasSessionService) sessions = cas_session_service_new (desk);
    g_autofree char *sql = NULL;
    gint64 supervised;

    sql = g_strdup_printf ("SELECT MIN(r.id) FROM registration r JOIN session_staff t "
                           "ON t.session_id = r.session_id WHERE t.person_id = %" G_GINT64_FORMAT
                           " AND t.role = 'controller'", cas_account_get_person_id (actor));
    supervised = owner_count (f, sql);
    g_assert_true (cas_session_service_record_attendance (sessions, actor, supervised, FALSE,
                                                          &error));
    g_assert_no_error (error);
    g_assert_false (cas_session_service_record_attendance (sessions, actor, registration_id, TRUE,
                                                           &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_clear_object (&actor);
  g_clear_object (&desk);

  /* An operator: a centre, an account with a role, a result, the audit log */
  desk = desk_login (f, "operator", &actor);
  {
    g_autoptr(CasAccountService) accounts = cas_account_service_new (desk);
    g_autoptr(CasCompanyService) companies = cas_company_service_new (desk);
    g_autoptr(CasSessionService) sessions = cas_session_service_new (desk);
    g_autoptr(CasAuditService) audit = cas_audit_service_new (desk);
    g_autoptr(CasAuditQuery) query = cas_audit_query_new ();
    g_autoptr(CasCompany) company = cas_company_new ();
    g_autoptr(GPtrArray) list = NULL;
    guint n_events = 0;
    gint64 account_id;
    gint64 company_id;

    company->name = g_strdup ("Examencentrum Hasselt");
    company->is_exam_centre = TRUE;
    company_id = cas_company_service_create (companies, actor, company, &error);
    g_assert_no_error (error);
    g_assert_cmpint (company_id, >, 0);

    account_id = cas_account_service_create (accounts, actor, "hasselt.admin",
                                             "hasselt password", person_id, &error);
    g_assert_no_error (error);
    g_assert_true (cas_account_service_grant (accounts, actor, account_id, CAS_ROLE_ADMIN,
                                              company_id, &error));
    g_assert_no_error (error);
    g_assert_true (is_member (f, "hasselt.admin", "admin"));
    g_assert_true (cas_account_service_reset_password (accounts, actor, account_id,
                                                       "hasselt password 2", &error));
    g_assert_no_error (error);
    disconnect (must_connect_as (f->tdb, "hasselt.admin", "hasselt password 2"));
    g_assert_true (cas_account_service_set_disabled (accounts, actor, account_id, TRUE, &error));
    g_assert_no_error (error);
    assert_cannot_connect (f, "hasselt.admin", "hasselt password 2", "not permitted to log in");
    g_assert_true (cas_account_service_revoke (accounts, actor, account_id, CAS_ROLE_ADMIN, 0,
                                               &error));
    g_assert_no_error (error);
    g_assert_false (is_member (f, "hasselt.admin", "admin"));
    list = cas_account_service_list (accounts, actor, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, owner_count (f, "SELECT COUNT(*) FROM account"));

    g_assert_true (cas_session_service_record_score (sessions, actor, registration_id, 80,
                                                     &error));
    g_assert_no_error (error);

    /* An operator's import chooses the ids and writes the lookup keys of
     * the duplicate check, and those of the administrator's import, whose
     * role could not */
    {
      g_autoptr(CasPersonService) persons = cas_person_service_new (desk);
      g_autoptr(GInputStream) csv = NULL;
      g_autoptr(CasImportReport) report = NULL;
      const char *rows = "external_ref,first_name,last_name,phone\n"
                         "OP-IMPORT-1,Chloé,Renard,+32478001122\n";

      csv = g_memory_input_stream_new_from_data (rows, -1, NULL);
      g_assert_true (cas_person_service_import_csv (persons, actor, csv, 0, CAS_IMPORT_DEFAULT,
                                                    NULL, NULL, NULL, NULL, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report->n_imported, ==, 1);
      g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM person_match_key k "
                                       "JOIN person p ON p.id = k.person_id "
                                       "WHERE p.external_ref = 'OP-IMPORT-1'"), ==, 2);
      g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM person p "
                                       "LEFT JOIN person_match_key k ON k.person_id = p.id "
                                       "WHERE k.person_id IS NULL"), ==, 0);
      g_assert_cmpint (owner_count (f, "SELECT keys_through FROM person_match_state"), ==,
                       owner_count (f, "SELECT MAX(id) FROM person"));
    }

    g_assert_true (cas_audit_service_count (audit, actor, query, &n_events, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_events, ==, owner_count (f, "SELECT COUNT(*) FROM audit_event"));
  }
  g_clear_object (&actor);
  g_clear_object (&desk);

  /* A candidate: their sessions, and in them only themselves */
  desk = desk_login (f, "candidate", &actor);
  {
    g_autoptr(CasSessionService) sessions = cas_session_service_new (desk);
    g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
    g_autoptr(GPtrArray) list = NULL;
    g_autoptr(GPtrArray) registrations = NULL;

    list = cas_session_service_list (sessions, actor, query, 0, 100, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, >, 0);
    registrations = cas_session_service_list_registrations (
      sessions, actor, cas_exam_session_get_id (g_ptr_array_index (list, 0)), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (registrations->len, ==, 1);
    g_assert_cmpint (cas_registration_get_person_id (g_ptr_array_index (registrations, 0)), ==,
                     cas_account_get_person_id (actor));
  }
}

/* A desk newer than the database asks for the owner to update it: an
 * account's role cannot */
static void
test_outdated (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autofree char *sql = NULL;

  if (skip_on_sqlite ())
    return;

  sql = g_strdup_printf ("DELETE FROM schema_version WHERE version = %d",
                         cas_database_get_latest_schema_version ());
  cas_test_exec_sql (f->tdb, sql);

  desk = cas_database_open_as (f->tdb->location, "operator", CAS_DEMO_PASSWORD, &error);
  g_assert_null (desk);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_OUTDATED);
  g_assert_nonnull (strstr (error->message, "init"));
}

/* The roles of one database do not open another of the same server */
static void
test_other_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CasTestDatabase) other = NULL;
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *password = NULL;
  GdaConnection *cnc;
  gint64 id;

  if (skip_on_sqlite ())
    return;

  other = cas_test_database_new ();
  accounts = cas_account_service_new (other->db);
  local = cas_account_new_local (other->db);
  id = cas_account_service_create (accounts, local, "operator", "other password", 0, &error);
  g_assert_no_error (error);
  g_assert_true (cas_account_service_grant (accounts, local, id, CAS_ROLE_OPERATOR, 0, &error));
  g_assert_no_error (error);

  /* Its own database */
  disconnect (must_connect_as (other, "operator", "other password"));

  /* This one, with that role: CONNECT is not PUBLIC's */
  role = _cas_pg_login_role (other->pg_name, "operator");
  {
    g_autoptr(GUri) uri = g_uri_parse (f->tdb->location, G_URI_FLAGS_HAS_PASSWORD, NULL);
    g_autofree char *cnc_string = g_strdup_printf ("HOST=%s;PORT=%d;DB_NAME=%s",
                                                   g_uri_get_host (uri), g_uri_get_port (uri),
                                                   f->tdb->pg_name);
    g_autofree char *auth = g_strdup_printf ("USERNAME=%s;PASSWORD=other password", role);

    cnc = gda_connection_open_from_string ("PostgreSQL", cnc_string, auth,
                                           GDA_CONNECTION_OPTIONS_NONE, &error);
    g_assert_null (cnc);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "permission denied"));
  }
}

/* Five failed logins lock the account on PostgreSQL too: counted through
 * the gate, the account's role refused by the server itself, the same
 * message whatever the password, and open again once the lock has run out */
static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  GdaConnection *cnc;

  if (skip_on_sqlite ())
    return;

  desk = cas_database_open (f->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  accounts = cas_account_service_new (desk);

  for (int i = 0; i < CAS_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (cas_account_service_authenticate (accounts, "controller", "wrong", &error));
      g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
      g_assert_nonnull (strstr (error->message, "locked"));
      g_clear_error (&error);
    }
  g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM audit_event "
                                   "WHERE action = 'login.failed' AND actor = 'controller'"),
                   ==, CAS_LOGIN_MAX_FAILURES - 1);
  g_assert_cmpint (owner_count (f, "SELECT COUNT(*) FROM audit_event "
                                   "WHERE action = 'login.lock' AND actor = 'controller'"), ==, 1);

  /* The right password now fails the same way, in the desk and directly */
  g_assert_null (cas_account_service_authenticate (accounts, "controller", CAS_DEMO_PASSWORD,
                                                   &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);
  cnc = connect_as (f->tdb, "controller", CAS_DEMO_PASSWORD, &error);
  g_assert_null (cnc);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A login that does not exist is counted nowhere but the audit log */
  g_assert_null (cas_account_service_authenticate (accounts, "nobody.here", "wrong", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);

  /* The gate can do nothing else */
  {
    g_autofree char *gate = _cas_pg_group_role (f->tdb->pg_name, "gate");

    cnc = connect_as_role (f->tdb, gate, "certassur-gate", &error);
    g_assert_no_error (error);
    assert_refused (cnc, "SELECT COUNT(*) FROM account");
    assert_refused (cnc, "UPDATE account SET locked_until = NULL");
    disconnect (cnc);
  }

  /* Fifteen minutes later */
  cas_test_exec_sql (f->tdb, "UPDATE account SET locked_until = '2000-01-01T00:00:00Z' "
                             "WHERE login = 'controller'");
  account = cas_account_service_authenticate (accounts, "controller", CAS_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (owner_count (f, "SELECT failed_attempts FROM account "
                                   "WHERE login = 'controller'"), ==, 0);
  disconnect (must_connect_as (f->tdb, "controller", CAS_DEMO_PASSWORD));
}

/* A column of the person @id, as the owner reads it */
static char *
person_field (Fixture    *f,
              gint64      id,
              const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM person WHERE id = %" G_GINT64_FORMAT,
                                          column, id);

  return cas_test_query_string (f->tdb->db, sql);
}

/* A person of the other centre with an e-mail and a birth date; and the
 * lookup keys of the demo's persons, as an operator's desk brings them up
 * to date */
static gint64
other_person (Fixture  *f,
              char    **first,
              char    **last,
              char    **birth,
              char    **email)
{
  g_autoptr(CasAccount) operator = demo_login (f, "operator");
  g_autoptr(CasDuplicateService) service = cas_duplicate_service_new (f->tdb->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  sql = g_strdup_printf ("SELECT MIN(id) FROM person WHERE company_id = %" G_GINT64_FORMAT
                         " AND email IS NOT NULL AND birth_date IS NOT NULL "
                         "AND merged_into IS NULL", f->other_centre);
  id = owner_count (f, sql);
  g_assert_cmpint (id, >, 0);
  *first = person_field (f, id, "first_name");
  *last = person_field (f, id, "last_name");
  *birth = person_field (f, id, "birth_date");
  *email = person_field (f, id, "email");

  g_assert_true (cas_duplicate_service_update_keys (service, operator, NULL, &error));
  g_assert_no_error (error);

  return id;
}

/* Among @matches, the record @id of another centre, likely, by its
 * minimal identity */
static void
assert_minimal_identity (GPtrArray  *matches,
                         gint64      id,
                         const char *last)
{
  const CasDuplicateProposal *found = NULL;

  for (guint i = 0; i < matches->len; i++)
    if (((CasDuplicateProposal *) g_ptr_array_index (matches, i))->a->id == id)
      found = g_ptr_array_index (matches, i);
  g_assert_nonnull (found);
  g_assert_cmpint (found->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_false (found->a->visible);
  g_assert_cmpstr (found->a->last_name, ==, last);
  g_assert_cmpint (strlen (found->a->birth_date), ==, 4);
  g_assert_nonnull (found->a->centre);
  g_assert_true (g_str_has_prefix (found->a->ref, "#"));
}

/* An administrator's live duplicate check finds the record another centre
 * holds, by its minimal identity, and the server tells the administrator's
 * role nothing of it that they did not type */
static void
test_duplicate_check (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasAccount) actor = NULL;
  g_autoptr(CasDuplicateService) duplicates = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *email = NULL;
  gint64 other_id;

  if (skip_on_sqlite ())
    return;

  other_id = other_person (f, &first, &last, &birth, &email);

  desk = desk_login (f, "admin", &actor);
  duplicates = cas_duplicate_service_new (desk);

  /* The person typed again at the admin's desk, with their e-mail */
  {
    CasDuplicateQuery query = {
      .first_name = first, .last_name = last, .birth_date = birth, .email = email,
    };

    matches = cas_duplicate_service_check (duplicates, actor, &query, 10, &error);
    g_assert_no_error (error);
  }
  assert_minimal_identity (matches, other_id, last);

  /* The role itself: the record is out of its sight... */
  {
    g_autoptr(GdaConnection) cnc = must_connect_as (f->tdb, "admin", CAS_DEMO_PASSWORD);
    g_autofree char *mine = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE id = %"
                                             G_GINT64_FORMAT, other_id);
    g_autofree char *by_birth = NULL;
    g_autofree char *by_nrn = NULL;

    g_assert_cmpint (count (cnc, mine), ==, 0);

    /* ...and the function tells no e-mail, NRN or phone not typed, and
     * lists no stranger of another centre by a birth date alone */
    by_birth = g_strdup_printf ("SELECT COUNT(*) FROM cas_duplicate_candidates (0, 0, 0, 0, "
                                "NULL, '%s', NULL, NULL, NULL, NULL, NULL, NULL, 0) "
                                "WHERE id = %" G_GINT64_FORMAT, birth, other_id);
    g_assert_cmpint (count (cnc, by_birth), ==, 0);
    by_nrn = g_strdup_printf ("SELECT COUNT(*) FROM cas_duplicate_candidates (0, 0, 0, 0, "
                              "'00000000000', '%s', NULL, NULL, NULL, NULL, NULL, NULL, 0) "
                              "WHERE company_id = %" G_GINT64_FORMAT " AND (nrn IS NOT NULL "
                              "OR email IS NOT NULL OR phone IS NOT NULL OR street IS NOT NULL "
                              "OR external_ref IS NOT NULL)", birth, f->other_centre);
    g_assert_cmpint (count (cnc, by_nrn), ==, 0);
    disconnect (g_steal_pointer (&cnc));
  }

  /* A controller may not call it */
  {
    g_autoptr(GdaConnection) cnc = must_connect_as (f->tdb, "controller", CAS_DEMO_PASSWORD);
    g_autoptr(GdaDataModel) model = NULL;

    model = gda_connection_execute_select_command (cnc, "SELECT * FROM cas_duplicate_candidates "
                                                   "(0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, "
                                                   "NULL, NULL, NULL, 0)", &error);
    g_assert_null (model);
    g_assert_nonnull (error);
    g_clear_error (&error);
    disconnect (g_steal_pointer (&cnc));
  }
}

/* An administrator's import review flags a row that duplicates a record of
 * another centre, by its minimal identity, with one call of the server per
 * page of rows; the function tells the role nothing of the record that the
 * rows it sends do not hold */
static void
test_import_review (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasAccount) actor = NULL;
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GString) csv = g_string_new ("first_name,last_name,birth_date,email\n");
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *email = NULL;
  const CasImportRow *row;
  gint64 keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS] = { 0, };
  gint64 other_id;

  if (skip_on_sqlite ())
    return;

  other_id = other_person (f, &first, &last, &birth, &email);

  /* The person in a file of the admin's, with their e-mail */
  {
    const char *fields[] = { first, last, birth, email };

    cas_csv_append_record (csv, fields, G_N_ELEMENTS (fields));
  }
  desk = desk_login (f, "admin", &actor);
  review = cas_import_review_new (desk, actor, CAS_IMPORT_DEFAULT);
  input = g_memory_input_stream_new_from_data (csv->str, csv->len, NULL);
  g_assert_true (cas_import_review_analyse (review, input, csv->len, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  row = cas_import_review_get_row (review, 0);
  g_assert_cmpint (row->decision, ==, CAS_IMPORT_DECISION_NONE);
  assert_minimal_identity (row->matches, other_id, last);
  g_assert_false (cas_import_review_set_decision (review, 0, CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                  other_id, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION);
  g_clear_error (&error);
  g_assert_true (cas_import_review_set_decision (review, 0, CAS_IMPORT_DECISION_SKIP, 0, &error));
  g_assert_no_error (error);

  /* The role itself, with a row of the name alone: the record, and of it
   * no birth date, NRN, e-mail, phone, address or reference */
  {
    g_autoptr(GdaConnection) cnc = must_connect_as (f->tdb, "admin", CAS_DEMO_PASSWORD);
    CasDuplicateFields typed = { .first_name = first, .last_name = last };
    g_autofree char *by_name = NULL;
    g_autofree char *told = NULL;
    g_autofree char *by_nrn = NULL;

    _cas_duplicate_lookup_keys (&typed, keys);
    by_name = g_strdup_printf ("SELECT COUNT(*) FROM cas_import_candidates "
                               "('[{\"r\": 0, \"k0\": %" G_GINT64_FORMAT ", \"k1\": 0, "
                               "\"k2\": 0, \"k3\": 0}]') WHERE id = %" G_GINT64_FORMAT,
                               keys[0], other_id);
    g_assert_cmpint (count (cnc, by_name), ==, 1);
    told = g_strdup_printf ("SELECT COUNT(*) FROM cas_import_candidates "
                            "('[{\"r\": 0, \"k0\": %" G_GINT64_FORMAT ", \"k1\": 0, "
                            "\"k2\": 0, \"k3\": 0}]') WHERE birth_date IS NOT NULL "
                            "OR sex IS NOT NULL OR nrn IS NOT NULL OR email IS NOT NULL "
                            "OR email_secondary IS NOT NULL OR phone IS NOT NULL "
                            "OR street IS NOT NULL OR postcode IS NOT NULL OR city IS NOT NULL "
                            "OR company_id = %" G_GINT64_FORMAT, keys[0], f->centre);
    g_assert_cmpint (count (cnc, told), ==, 0);

    /* An NRN nobody has and a birth date find nobody */
    by_nrn = g_strdup_printf ("SELECT COUNT(*) FROM cas_import_candidates "
                              "('[{\"r\": 0, \"k0\": 0, \"k1\": 0, \"k2\": 0, \"k3\": 0, "
                              "\"nrn\": \"00000000000\", \"birth\": \"%s\"}]')", birth);
    g_assert_cmpint (count (cnc, by_nrn), ==, 0);
    disconnect (g_steal_pointer (&cnc));
  }

  /* A controller may not call it */
  {
    g_autoptr(GdaConnection) cnc = must_connect_as (f->tdb, "controller", CAS_DEMO_PASSWORD);

    assert_refused (cnc, "SELECT * FROM cas_import_candidates ('[]')");
    disconnect (g_steal_pointer (&cnc));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/pg-security/names", test_names);
  ADD ("/pg-security/names-match-sql", test_names_match_sql);
  ADD ("/pg-security/groups", test_groups);
  ADD ("/pg-security/admin", test_admin);
  ADD ("/pg-security/meta", test_meta);
  ADD ("/pg-security/controller", test_controller);
  ADD ("/pg-security/candidate", test_candidate);
  ADD ("/pg-security/operator", test_operator);
  ADD ("/pg-security/account-changes", test_account_changes);
  ADD ("/pg-security/desk", test_desk);
  ADD ("/pg-security/lockout", test_lockout);
  ADD ("/pg-security/services", test_services);
  ADD ("/pg-security/duplicate-check", test_duplicate_check);
  ADD ("/pg-security/import-review", test_import_review);
  ADD ("/pg-security/outdated", test_outdated);
  ADD ("/pg-security/other-database", test_other_database);

#undef ADD

  return g_test_run ();
}
