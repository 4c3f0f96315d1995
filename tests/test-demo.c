/* test-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-account-service.h"
#include "cas-demo.h"
#include "cas-person-service.h"
#include "cas-test-utils.h"

static char *
export (CasDatabase *db)
{
  g_autoptr(CasPersonService) persons = cas_person_service_new (db);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(CasAccount) local = cas_account_new_local (db);
  g_autoptr(GError) error = NULL;

  cas_person_service_export_csv (persons, local, output, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (output, NULL, NULL);

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
}

static void
test_seed (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasTestDatabase) again = cas_test_database_new ();
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasAccount) admin = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  CasDemoOptions options = { .n_persons = 300, .seed = 7 };
  const char *logins[] = { "operator", "operator2", "admin", "controller", "candidate" };
  CasDatabase *db = tdb->db;

  g_assert_true (cas_demo_seed (db, &options, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM person"), ==, 300);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM company "
                                           "WHERE is_exam_centre = 1"), >=, 5);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM exam_session"), >=, 500);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM registration "
                                           "WHERE status = 'passed'"), >, 100);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM registration "
                                           "WHERE status = 'registered'"), >, 10);
  /* No session holds more candidates than seats */
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM exam_session s WHERE s.capacity < "
                                           "(SELECT COUNT(*) FROM registration r "
                                           "WHERE r.session_id = s.id)"),
                   ==, 0);
  /* Every session has an administrator and a controller */
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM exam_session s WHERE "
                                           "(SELECT COUNT(*) FROM session_staff t "
                                           "WHERE t.session_id = s.id "
                                           "AND t.role = 'controller') = 0"), ==, 0);

  /* Every demo account logs in with the demo password */
  accounts = cas_account_service_new (db);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(CasAccount) account = cas_account_service_authenticate (accounts, logins[i],
                                                                        CAS_DEMO_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_nonnull (account);
    }

  /* The admin and the controller passed exams themselves */
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM registration r JOIN account a "
                                           "ON a.person_id = r.person_id WHERE a.login = 'admin' "
                                           "AND r.status = 'passed'"), ==, 2);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM registration r JOIN account a "
                                           "ON a.person_id = r.person_id "
                                           "WHERE a.login = 'controller' "
                                           "AND r.status = 'passed'"), >=, 1);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM session_staff t JOIN account a "
                                           "ON a.person_id = t.person_id "
                                           "WHERE a.login = 'controller'"), >, 10);
  admin = cas_account_service_authenticate (accounts, "admin", CAS_DEMO_PASSWORD, &error);
  g_assert_true (cas_account_has_role (admin, CAS_ROLE_ADMIN));
  g_assert_true (cas_account_has_role (admin, CAS_ROLE_CANDIDATE));

  /* Duplicates: the same person with two e-mails and two logins */
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM person "
                                           "WHERE first_name = 'Sophie' AND last_name = 'Lambert' "
                                           "AND birth_date = '1990-05-17'"), ==, 2);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(DISTINCT email) FROM person WHERE "
                                           "first_name = 'Sophie' AND last_name = 'Lambert'"),
                   ==, 2);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM account a JOIN person p ON "
                                           "p.id = a.person_id WHERE p.last_name = 'Lambert' "
                                           "AND p.first_name = 'Sophie'"), ==, 2);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM person "
                                           "WHERE last_name = 'Lefevre'"), ==, 1);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM person "
                                           "WHERE birth_date = '1968-07-30' "
                                           "AND first_name = 'Jan'"), ==, 3);

  listed = cas_demo_get_accounts (db);
  g_assert_nonnull (listed);
  g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (logins));

  /* The same seed gives the same persons */
  g_assert_true (cas_demo_seed (again->db, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  first = export (db);
  second = export (again->db);
  g_assert_cmpstr (first, ==, second);

  /* Every demo person passes the validation of the import, strictly */
  {
    g_autoptr(CasTestDatabase) copy = cas_test_database_new ();
    g_autoptr(CasPersonService) persons = cas_person_service_new (copy->db);
    g_autoptr(GInputStream) input =
      g_memory_input_stream_new_from_data (first, strlen (first), NULL);
    g_autoptr(CasImportReport) report = NULL;

    g_assert_true (cas_person_service_import_csv (persons, cas_test_operator (copy), input, 0,
                                                  CAS_IMPORT_DEFAULT, NULL,
                                                  NULL, NULL, NULL, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpint (report->n_imported, ==, 300);
  }

  /* And a database that holds data is left alone */
  g_assert_false (cas_demo_seed (db, &options, NULL, NULL, &error));
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED);
  g_assert_cmpint (cas_test_query_int (db, "SELECT COUNT(*) FROM person"), ==, 300);
}

static void
test_not_demo (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();

  g_assert_null (cas_demo_get_accounts (tdb->db));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/seed", test_seed);
  g_test_add_func ("/demo/not-demo", test_not_demo);

  return g_test_run ();
}
