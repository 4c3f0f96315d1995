/* test-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-csv.h"
#include "cas-person-service.h"
#include "cas-test-utils.h"

/* The imports of these tests are an operator's */
#define OP (cas_test_operator (fixture->tdb))

typedef struct
{
  CasTestDatabase  *tdb;
  CasPersonService *service;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tdb = cas_test_database_new ();
  fixture->service = cas_person_service_new (fixture->tdb->db);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->service);
  cas_test_database_free (fixture->tdb);
}

static gboolean
import_text (Fixture          *fixture,
             const char       *text,
             CasImportFlags    flags,
             GString          *rejects,
             CasImportReport **report,
             GError          **error)
{
  g_autoptr(GInputStream) input =
    g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
  g_autoptr(GOutputStream) output = rejects ? g_memory_output_stream_new_resizable () : NULL;
  gboolean ok;

  ok = cas_person_service_import_csv (fixture->service, OP, input, strlen (text), flags, output,
                                      NULL, NULL, NULL, report, error);

  if (rejects != NULL)
    {
      g_output_stream_close (output, NULL, NULL);
      g_string_append_len (rejects,
                           g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
    }

  return ok;
}

static gint64
count_persons (Fixture *fixture)
{
  return cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person");
}

static gboolean
report_has (CasImportReport *report,
            guint64          line,
            const char      *column)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      CasImportProblem *problem = g_ptr_array_index (report->problems, i);

      if (problem->line == line && g_strcmp0 (problem->column, column) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_good_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasPerson) person = NULL;
  g_autofree char *nrn = cas_test_make_nrn ("1985-07-30", 'F', 34);
  g_autofree char *text = NULL;

  /* Columns in any order, quoting, CRLF, a blank line */
  text = g_strdup_printf ("last_name,first_name,email,birth_date,nrn,postcode,external_ref\r\n"
                          "\"Van den Broeck\",Marie,Marie.VDB@Example.be,1985-07-30,%s,2000,A-1\r\n"
                          "\r\n"
                          "\"O'Brien\",\"Seán\",,,,,A-2\r\n"
                          "Müller,Jürgen,,1970-01-01,,4700,A-3\r\n",
                          nrn);

  g_assert_true (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->n_rows, ==, 3);
  g_assert_cmpint (report->n_imported, ==, 3);
  g_assert_cmpint (report->n_rejected, ==, 0);
  g_assert_cmpint (count_persons (fixture), ==, 3);

  person = cas_person_service_find_by_ref (fixture->service, OP, "A-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->last_name, ==, "Van den Broeck");
  g_assert_cmpstr (person->email, ==, "marie.vdb@example.be");
  g_assert_cmpstr (person->nrn, ==, nrn);
  g_assert_cmpstr (person->sex, ==, "F");
  g_assert_cmpstr (person->language, ==, "nl");
  g_clear_pointer (&person, cas_person_free);

  person = cas_person_service_find_by_ref (fixture->service, OP, "A-2", &error);
  g_assert_cmpstr (person->last_name, ==, "O'Brien");
  g_assert_null (person->email);
  g_clear_pointer (&person, cas_person_free);

  person = cas_person_service_find_by_ref (fixture->service, OP, "A-3", &error);
  g_assert_cmpstr (person->language, ==, "de");
}

static void
test_all_or_nothing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (10000, 'x');
  g_autofree char *text = NULL;

  text = g_strdup_printf ("first_name,last_name,birth_date,nrn,email\n"
                          "Jan,Peeters,1980-01-01,,\n"
                          "Piet,Janssens,1990-02-31,,\n"                    /* line 3 */
                          "Robert'); DROP TABLE person;--,Tables,,,\n"      /* line 4 */
                          "An,%s,,,\n"                                      /* line 5 */
                          "Els,Maes,,85.07.30-033.00,not-an-email\n"        /* line 6 */
                          "Too,Many,Fields,,,\n"                            /* line 7 */
                          "Wim,Claes,,,\n",
                          long_name);

  g_assert_false (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, &report, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  g_assert_cmpint (count_persons (fixture), ==, 0);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action LIKE 'person.%'"), ==, 0);

  g_assert_cmpint (report->n_rows, ==, 7);
  g_assert_cmpint (report->n_rejected, ==, 5);
  g_assert_cmpint (report->n_imported, ==, 0);
  g_assert_true (report_has (report, 3, "birth_date"));
  g_assert_true (report_has (report, 4, "first_name"));
  g_assert_true (report_has (report, 5, "last_name"));
  g_assert_true (report_has (report, 6, "nrn"));
  g_assert_true (report_has (report, 6, "email"));
  g_assert_true (report_has (report, 7, NULL));
}

static void
test_skip_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rejects = g_string_new (NULL);
  const char *text = "first_name,last_name,birth_date\n"
                     "Jan,Peeters,1980-01-01\n"
                     "Piet,Janssens,1990-02-31\n"
                     "Wim,Claes,\n";

  g_assert_true (import_text (fixture, text, CAS_IMPORT_SKIP_INVALID, rejects, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, 2);
  g_assert_cmpint (report->n_rejected, ==, 1);
  g_assert_cmpint (count_persons (fixture), ==, 2);

  /* The rejects file is a CSV of the bad rows with their reason */
  g_assert_true (g_str_has_prefix (rejects->str, "first_name,last_name,birth_date,reason\r\n"));
  g_assert_nonnull (strstr (rejects->str, "Piet,Janssens,1990-02-31,"));
  g_assert_nonnull (strstr (rejects->str, "does not exist"));
  g_assert_null (strstr (rejects->str, "Peeters"));
}

static void
test_bad_header (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *files[] = {
    "first_name,last_name,shoe_size\nJan,Peeters,44\n",
    "first_name,email\nJan,jan@example.be\n",
    "first_name,last_name,first_name\nJan,Peeters,Jan\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(CasImportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (import_text (fixture, files[i], CAS_IMPORT_DEFAULT, NULL, &report, &error));
      g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
      if (i < 3)
        g_assert_nonnull (strstr (error->message, "header"));
      g_assert_cmpint (count_persons (fixture), ==, 0);
    }
}

static void
test_broken_file (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *latin1 = "first_name,last_name\nJan,Peeters\nH\xe9l\xe8ne,Lef\xe8vre\n";
  const char *binary = "first_name,last_name\nJan,Pee\0ters\n";
  const char *quote = "first_name,last_name\nJan,\"Peeters\n";
  g_autoptr(GError) error = NULL;

  g_assert_false (import_text (fixture, latin1, CAS_IMPORT_DEFAULT, NULL, NULL, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);

  {
    g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (binary, 34, NULL);
    g_assert_false (cas_person_service_import_csv (fixture->service, OP, input, 0, 0, NULL, NULL,
                                                   NULL, NULL, NULL, &error));
    g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_NOT_CSV);
    g_clear_error (&error);
  }

  g_assert_false (import_text (fixture, quote, CAS_IMPORT_DEFAULT, NULL, NULL, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_cmpint (count_persons (fixture), ==, 0);
}

static void
test_legacy_nrn (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasPerson) person = NULL;
  const char *text = "external_ref,first_name,last_name,nrn\nL-1,Jan,Peeters,85.07.30-033.00\n";

  g_assert_false (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, &report, &error));
  g_assert_true (report_has (report, 2, "nrn"));
  g_clear_error (&error);
  g_clear_pointer (&report, cas_import_report_free);

  g_assert_true (import_text (fixture, text, CAS_IMPORT_LEGACY, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->n_unverified_nrn, ==, 1);

  person = cas_person_service_find_by_ref (fixture->service, OP, "L-1", &error);
  g_assert_cmpstr (person->nrn, ==, "85073003300");
  g_assert_false (person->nrn_verified);

  /* The record can be edited and keeps its number as it was... */
  g_free (person->email);
  person->email = g_strdup ("jan.peeters@example.be");
  g_assert_true (cas_person_service_update (fixture->service, OP, person, &error));
  g_assert_no_error (error);
  g_clear_pointer (&person, cas_person_free);
  person = cas_person_service_find_by_ref (fixture->service, OP, "L-1", &error);
  g_assert_cmpstr (person->email, ==, "jan.peeters@example.be");
  g_assert_cmpstr (person->nrn, ==, "85073003300");
  g_assert_false (person->nrn_verified);

  /* ...but no other wrong number comes in that way */
  g_free (person->nrn);
  person->nrn = g_strdup ("85073003301");
  g_assert_false (cas_person_service_update (fixture->service, OP, person, &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  g_clear_pointer (&person, cas_person_free);
  person = cas_person_service_find_by_ref (fixture->service, OP, "L-1", &error);
  g_assert_cmpstr (person->nrn, ==, "85073003300");
}

static void
test_duplicates_load (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nrn = cas_test_make_nrn ("1990-05-17", 'F', 12);
  g_autofree char *text = g_strdup_printf ("first_name,last_name,nrn,email\n"
                                           "Sophie,Lambert,%s,sophie.lambert@gmail.com\n"
                                           "Sophie,Lambert,%s,s.lambert@courtage-namur.be\n",
                                           nrn, nrn);

  /* The old system holds one person twice: both records load, to be merged */
  g_assert_true (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_persons (fixture), ==, 4);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autofree char *nrn = cas_test_make_nrn ("2001-03-04", 'M', 51);
  g_autofree char *text = NULL;
  g_autofree char *exported = NULL;
  gint64 n;

  text = g_strdup_printf ("external_ref,first_name,last_name,birth_date,nrn,email,phone,street,"
                          "postcode,city,language\r\n"
                          "R-1,Jan,Peeters,2001-03-04,%s,jan@example.be,+32470123456,"
                          "\"Rue \"\"Haute\"\", 5\",1000,Bruxelles,nl\r\n"
                          "R-2,Hélène,Lefèvre,,,,,,,,fr\r\n",
                          nrn);
  g_assert_true (import_text (fixture, text, CAS_IMPORT_DEFAULT, NULL, NULL, &error));
  g_assert_no_error (error);

  n = cas_person_service_export_csv (fixture->service, OP, output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_output_stream_close (output, NULL, NULL);
  exported = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                        g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  g_assert_cmpstr (exported, ==, text);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("first_name,last_name\n");
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Jan,Peeters %u\n", i);
  input = g_memory_input_stream_new_from_data (text->str, text->len, NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (cas_person_service_import_csv (fixture->service, OP, input, text->len, 0, NULL,
                                                 NULL, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_persons (fixture), ==, 0);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >=, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_large (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("first_name,last_name,birth_date,email\n");
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint64 last = 0;
  const guint n = 30000;

  for (guint i = 0; i < n; i++)
    {
      /* Names hold no digits: the row number in letters */
      char suffix[5] = { 'a' + i % 26, 'a' + i / 26 % 26, 'a' + i / 676 % 26,
                         'a' + i / 17576 % 26, 0 };

      g_string_append_printf (text, "Jan,Peeters-%s,19%02u-%02u-%02u,jan%u@example.be\n", suffix,
                              50 + i % 50, 1 + i % 12, 1 + i % 28, i);
    }
  input = g_memory_input_stream_new_from_data (text->str, text->len, NULL);

  g_assert_true (cas_person_service_import_csv (fixture->service, OP, input, text->len, 0, NULL,
                                                progress_cb, &last, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, n);
  g_assert_cmpuint (last, ==, text->len);
  g_assert_cmpint (count_persons (fixture), ==, n);
}

static void
test_late_bad_row (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("first_name,last_name\n");
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* Several batches are written before the bad row is read: all of them
   * are rolled back */
  for (guint i = 0; i < 3 * 4000 + 17; i++)
    g_string_append (text, "Jan,Peeters\n");
  g_string_append (text, "Jan,Peeters 2\n");
  for (guint i = 0; i < 100; i++)
    g_string_append (text, "Jan,Peeters\n");

  g_assert_false (import_text (fixture, text->str, CAS_IMPORT_DEFAULT, NULL, &report, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_cmpint (report->n_rejected, ==, 1);
  g_assert_true (report_has (report, 3 * 4000 + 17 + 2, "last_name"));
  g_assert_cmpint (count_persons (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/good-file", test_good_file);
  ADD ("/import/all-or-nothing", test_all_or_nothing);
  ADD ("/import/skip-invalid", test_skip_invalid);
  ADD ("/import/bad-header", test_bad_header);
  ADD ("/import/broken-file", test_broken_file);
  ADD ("/import/legacy-nrn", test_legacy_nrn);
  ADD ("/import/duplicates-load", test_duplicates_load);
  ADD ("/import/round-trip", test_round_trip);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/large", test_large);
  ADD ("/import/late-bad-row", test_late_bad_row);

#undef ADD

  return g_test_run ();
}
