/* test-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-account-service.h"
#include "cas-test-utils.h"
#include "cas-validate.h"

/* Accounts are managed by an operator */
#define OP (cas_test_operator (fixture->tdb))

typedef struct
{
  CasTestDatabase   *tdb;
  CasAccountService *accounts;
  gint64             id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tdb = cas_test_database_new ();
  fixture->accounts = cas_account_service_new (fixture->tdb->db);
  fixture->id = cas_account_service_create (fixture->accounts, OP, "marie.dubois",
                                            "correct horse battery", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->id, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->accounts);
  cas_test_database_free (fixture->tdb);
}

static void
test_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = cas_password_hash ("s3cret pass", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (cas_password_verify (hash, "s3cret pass"));
  g_assert_false (cas_password_verify (hash, "s3cret pasS"));
  g_assert_false (cas_password_verify (hash, ""));
  g_assert_false (cas_password_verify ("not a hash", "s3cret pass"));
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAccount) account = NULL;

  account = cas_account_service_authenticate (fixture->accounts, "marie.dubois",
                                              "correct horse battery", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cas_account_get_id (account), ==, fixture->id);
  g_assert_cmpstr (cas_account_get_login (account), ==, "marie.dubois");
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'login' AND actor = 'marie.dubois'"), ==, 1);
}

static void
test_wrong_password_says_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) wrong_password = NULL;
  g_autoptr(GError) unknown_login = NULL;
  g_autofree char *long_password = g_strnfill (10000, 'p');
  const char *odd_logins[] = { "marie.dubois' OR '1'='1", "root\n", "x\x01y", "MARIE.DUBOIS" };

  g_assert_null (cas_account_service_authenticate (fixture->accounts, "marie.dubois", "nope",
                                                   &wrong_password));
  g_assert_null (cas_account_service_authenticate (fixture->accounts, "nobody", "nope",
                                                   &unknown_login));
  g_assert_error (wrong_password, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_assert_error (unknown_login, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_assert_cmpstr (wrong_password->message, ==, unknown_login->message);

  for (guint i = 0; i < G_N_ELEMENTS (odd_logins); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (cas_account_service_authenticate (fixture->accounts, odd_logins[i],
                                                       "correct horse battery", &error));
      g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
      g_assert_cmpstr (error->message, ==, unknown_login->message);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (cas_account_service_authenticate (fixture->accounts, "marie.dubois",
                                                     long_password, &error));
    g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (cas_account_service_authenticate (fixture->accounts, "", "x", &error));
    g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  }
}

static void
test_lockout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAccount) account = NULL;

  for (int i = 0; i < CAS_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (cas_account_service_authenticate (fixture->accounts,
                                                       "marie.dubois",
                                                       "wrong",
                                                       &error));
      g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
      g_clear_error (&error);
    }

  /* Locked: even the right password fails, with the same message */
  g_assert_null (cas_account_service_authenticate (fixture->accounts, "marie.dubois",
                                                   "correct horse battery", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'login.lock'"), ==, 1);

  /* Fifteen minutes later it opens again */
  cas_test_exec_sql (fixture->tdb, "UPDATE account SET locked_until = '2000-01-01T00:00:00Z'");
  account = cas_account_service_authenticate (fixture->accounts, "marie.dubois",
                                              "correct horse battery", &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT failed_attempts FROM account"), ==, 0);
}

static void
test_disabled (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cas_test_exec_sql (fixture->tdb, "UPDATE account SET disabled = 1");
  g_assert_null (cas_account_service_authenticate (fixture->accounts, "marie.dubois",
                                                   "correct horse battery", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_DISABLED);
}

static void
test_create_refusals (Fixture       *fixture,
                      gconstpointer  data)
{
  struct {
    const char *login;
    const char *password;
    GQuark      domain;
    int         code;
  } cases[] = {
    { "marie.dubois", "another long one", CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_EXISTS },
    { "", "another long one", CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED },
    { "Robert'; DROP TABLE account;--", "another long one", CAS_VALIDATION_ERROR,
      CAS_VALIDATION_ERROR_INVALID_CHARACTERS },
    { "jan", "short", CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD },
    { "jan.peeters", "jan.peeters", CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (cas_account_service_create (fixture->accounts, OP, cases[i].login,
                                                   cases[i].password, 0, &error), ==, 0);
      g_assert_error (error, cases[i].domain, cases[i].code);
    }

  g_assert_cmpint (cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM account"), ==, 2);
}

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAccount) account = NULL;
  const gint64 *companies;
  guint n_companies = 0;
  gint64 centre;

  cas_test_exec_sql (fixture->tdb, "INSERT INTO company (name, is_exam_centre, created_at) "
                                   "VALUES ('Centre', 1, 'now')");
  centre = cas_test_query_int (fixture->tdb->db, "SELECT id FROM company");

  g_assert_false (cas_account_service_grant (fixture->accounts,
                                             OP,
                                             fixture->id,
                                             CAS_ROLE_ADMIN,
                                             0,
                                             &error));
  g_clear_error (&error);
  g_assert_true (cas_account_service_grant (fixture->accounts,
                                            OP,
                                            fixture->id,
                                            CAS_ROLE_ADMIN,
                                            centre,
                                            &error));
  g_assert_true (cas_account_service_grant (fixture->accounts,
                                            OP,
                                            fixture->id,
                                            CAS_ROLE_CONTROLLER,
                                            0,
                                            &error));
  g_assert_no_error (error);

  account = cas_test_login (fixture->tdb, "marie.dubois", "correct horse battery");
  g_assert_true (cas_account_has_role (account, CAS_ROLE_ADMIN));
  g_assert_true (cas_account_has_role (account, CAS_ROLE_CONTROLLER));
  g_assert_false (cas_account_has_role (account, CAS_ROLE_OPERATOR));
  companies = cas_account_get_admin_companies (account, &n_companies);
  g_assert_cmpuint (n_companies, ==, 1);
  g_assert_cmpint (companies[0], ==, centre);
}

static void
test_first_operator (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasAccountService) accounts = cas_account_service_new (tdb->db);
  g_autoptr(CasAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 99;
  gint64 id;

  g_assert_true (cas_account_service_count (accounts, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  g_assert_cmpint (cas_account_service_create_first_operator (accounts, "claire", "short",
                                                              &error), ==, 0);
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);

  id = cas_account_service_create_first_operator (accounts, "claire", "a long enough one", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  account = cas_account_service_authenticate (accounts, "claire", "a long enough one", &error);
  g_assert_no_error (error);
  g_assert_true (cas_account_has_role (account, CAS_ROLE_OPERATOR));

  /* Only the first */
  g_assert_cmpint (cas_account_service_create_first_operator (accounts, "mallory",
                                                              "a long enough one", &error), ==, 0);
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FIRST);
  g_assert_true (cas_account_service_count (accounts, &n, NULL));
  g_assert_cmpuint (n, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/account/hash", test_hash);
  g_test_add_func ("/account/first-operator", test_first_operator);
  ADD ("/account/login/ok", test_login);
  ADD ("/account/login/wrong-says-nothing", test_wrong_password_says_nothing);
  ADD ("/account/login/lockout", test_lockout);
  ADD ("/account/login/disabled", test_disabled);
  ADD ("/account/create/refusals", test_create_refusals);
  ADD ("/account/roles", test_roles);

#undef ADD

  return g_test_run ();
}
