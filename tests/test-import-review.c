/* test-import-review.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-company-service.h"
#include "cas-csv.h"
#include "cas-import-review.h"
#include "cas-person-service.h"
#include "cas-test-utils.h"

#define OP (cas_test_operator (fixture->tdb))

typedef struct
{
  CasTestDatabase  *tdb;
  CasPersonService *persons;
  gint64            marie;     /* Marie Dubois, marie.dubois@skynet.be */
  gint64            jan;       /* Jan Peeters */
} Fixture;

static gint64
seed (Fixture    *fixture,
      const char *first,
      const char *last,
      const char *birth,
      const char *email,
      const char *phone)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->birth_date = g_strdup (birth);
  person->email = g_strdup (email);
  person->phone = g_strdup (phone);
  person->language = g_strdup ("fr");
  id = cas_person_service_create (fixture->persons, OP, person, &error);
  g_assert_no_error (error);

  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tdb = cas_test_database_new ();
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  fixture->marie = seed (fixture, "Marie", "Dubois", "1985-07-30", "marie.dubois@skynet.be",
                         "+32475123456");
  fixture->jan = seed (fixture, "Jan", "Peeters", "1970-01-01", "jan.peeters@telenet.be", NULL);
  seed (fixture, "Els", "Maes", "1990-03-03", "els.maes@example.be", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->persons);
  cas_test_database_free (fixture->tdb);
}

static gint64
count_persons (Fixture *fixture)
{
  return cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person");
}

static gint64
count_audit (Fixture *fixture)
{
  return cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM audit_event");
}

static CasImportReview *
analyse_text (Fixture     *fixture,
              const char  *text,
              gssize       len,
              GError     **error)
{
  g_autoptr(CasImportReview) review = cas_import_review_new (fixture->tdb->db, OP,
                                                             CAS_IMPORT_DEFAULT);
  g_autoptr(GInputStream) input = NULL;

  if (len < 0)
    len = strlen (text);
  input = g_memory_input_stream_new_from_data (g_memdup2 (text, len), len, g_free);
  if (!cas_import_review_analyse (review, input, len, NULL, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&review);
}

static const CasImportRow *
row_at_line (CasImportReview *review,
             guint64          line,
             guint           *position)
{
  for (guint i = 0; i < cas_import_review_get_n_rows (review); i++)
    if (cas_import_review_get_row (review, i)->line == line)
      {
        if (position != NULL)
          *position = i;
        return cas_import_review_get_row (review, i);
      }
  g_assert_not_reached ();
}

static gboolean
has_problem (const CasImportRow *row,
             const char         *column)
{
  for (guint i = 0; i < row->problems->len; i++)
    {
      CasImportProblem *problem = g_ptr_array_index (row->problems, i);

      if (problem->line == row->line && g_strcmp0 (problem->column, column) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_bad_rows (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (10000, 'x');
  g_autofree char *text = NULL;
  gint64 persons = count_persons (fixture);
  gint64 audit = count_audit (fixture);
  const CasImportSummary *summary;
  guint position;

  text = g_strdup_printf ("first_name,last_name,birth_date,nrn,email\n"
                          "Anna,Wouters,1980-01-01,,\n"
                          "Piet,Janssens,1990-02-31,,\n"                    /* line 3 */
                          "Robert'); DROP TABLE person;--,Tables,,,\n"      /* line 4 */
                          "An,%s,,,\n"                                      /* line 5 */
                          "Els,Maes,,85.07.30-033.00,not-an-email\n"        /* line 6 */
                          "Too,Many,Fields,,,\n"                            /* line 7 */
                          "\"Se\xc3\xa1n\",\"O'Hara-D'Artagnan\",,,\n", /* line 8 */
                          long_name);
  review = analyse_text (fixture, text, -1, &error);
  g_assert_no_error (error);

  summary = cas_import_review_get_summary (review);
  g_assert_cmpint (summary->n_rows, ==, 7);
  g_assert_cmpint (summary->n_invalid, ==, 5);
  g_assert_true (has_problem (row_at_line (review, 3, NULL), "birth_date"));
  g_assert_true (has_problem (row_at_line (review, 4, NULL), "first_name"));
  g_assert_true (has_problem (row_at_line (review, 5, NULL), "last_name"));
  g_assert_true (has_problem (row_at_line (review, 6, NULL), "nrn"));
  g_assert_true (has_problem (row_at_line (review, 6, NULL), "email"));
  g_assert_true (has_problem (row_at_line (review, 7, NULL), NULL));
  g_assert_null (row_at_line (review, 7, NULL)->person);
  g_assert_cmpint (row_at_line (review, 2, NULL)->decision, ==, CAS_IMPORT_DECISION_CREATE);

  /* Quotes in names are kept as they are */
  g_assert_cmpstr (row_at_line (review, 8, NULL)->person->first_name, ==, "Se\xc3\xa1n");
  g_assert_cmpstr (row_at_line (review, 8, NULL)->person->last_name, ==, "O'Hara-D'Artagnan");

  /* A row with errors can only be skipped */
  row_at_line (review, 3, &position);
  g_assert_false (cas_import_review_set_decision (review, position, CAS_IMPORT_DECISION_CREATE,
                                                  0, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_clear_error (&error);

  /* Nothing written by the analysis */
  g_assert_cmpint (count_persons (fixture), ==, persons);
  g_assert_cmpint (count_audit (fixture), ==, audit);

  /* The good rows go in, the bad ones are skipped */
  g_assert_true (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_persons (fixture), ==, persons + 2);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person "
                                       "WHERE last_name = 'O''Hara-D''Artagnan'"), ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = 'Tables'"),
                   ==, 0);
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GError) error = NULL;
  const CasImportRow *row;
  const CasDuplicateProposal *match;
  const char *text =
    "first_name,last_name,birth_date,email,phone\n"
    "Marie,Dubois,1985-07-30,marie.dubois@gmail.com,\n"      /* line 2: Marie, another e-mail */
    "Nieuwe,Persoon,2001-05-05,nieuwe@example.be,\n"         /* line 3: nobody */
    "Karel,Vermeulen,1977-04-04,karel.v@example.be,0475 99 88 77\n"  /* line 4 */
    "Karel,Vermeulen,1977-04-04,karel.v@example.be,\n";      /* line 5: line 4 again */
  const CasImportSummary *summary;

  review = analyse_text (fixture, text, -1, &error);
  g_assert_no_error (error);
  summary = cas_import_review_get_summary (review);
  g_assert_cmpint (summary->n_rows, ==, 4);
  g_assert_cmpint (summary->n_invalid, ==, 0);
  g_assert_cmpint (summary->n_in_register, ==, 1);
  g_assert_cmpint (summary->n_in_file, ==, 1);
  g_assert_cmpint (summary->n_flagged, ==, 2);

  row = row_at_line (review, 2, NULL);
  g_assert_cmpuint (row->matches->len, >=, 1);
  match = g_ptr_array_index (row->matches, 0);
  g_assert_cmpint (match->a->id, ==, fixture->marie);
  g_assert_cmpint (match->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_true (match->a->visible);
  g_assert_nonnull (match->reasons);
  g_assert_nonnull (strstr (match->reasons, "birth date"));
  g_assert_cmpint (row->decision, ==, CAS_IMPORT_DECISION_NONE);
  g_assert_cmpint (row->same_as_line, ==, 0);

  row = row_at_line (review, 3, NULL);
  g_assert_cmpuint (row->matches->len, ==, 0);
  g_assert_cmpint (row->decision, ==, CAS_IMPORT_DECISION_CREATE);

  row = row_at_line (review, 4, NULL);
  g_assert_cmpint (row->same_as_line, ==, 0);
  row = row_at_line (review, 5, NULL);
  g_assert_cmpint (row->same_as_line, ==, 4);
  g_assert_nonnull (row->same_as_reasons);
  g_assert_cmpint (row->decision, ==, CAS_IMPORT_DECISION_NONE);
  g_assert_cmpuint (cas_import_review_get_n_undecided (review), ==, 2);

  /* Not committed while rows are undecided, and nothing written */
  g_assert_false (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_UNDECIDED);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_cmpint (count_persons (fixture), ==, 3);
}

static void
test_decisions (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(CasPerson) marie = NULL;
  g_autoptr(GError) error = NULL;
  CasImportOutcome outcome = { 0, };
  const char *text =
    "first_name,last_name,birth_date,email,phone,street,postcode,city\n"
    "Marie,Dubois,1985-07-30,marie.dubois@gmail.com,,Rue Neuve 1,1000,Bruxelles\n"
    "Jan,Peeters,1970-01-01,jan.peeters@gmail.com,,,,\n"
    "Karel,Vermeulen,1977-04-04,karel.v@example.be,,,,\n"
    "Karel,Vermeulen,1977-04-04,karel.v@example.be,,,,\n"
    "Nieuwe,Persoon,2001-05-05,nieuwe@example.be,,,,\n";
  guint marie_row, jan_row, karel_row;

  review = analyse_text (fixture, text, -1, &error);
  g_assert_no_error (error);
  row_at_line (review, 2, &marie_row);
  row_at_line (review, 3, &jan_row);
  row_at_line (review, 5, &karel_row);

  /* Updating a record the row does not match is refused */
  g_assert_false (cas_import_review_set_decision (review, marie_row,
                                                  CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                  fixture->jan, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION);
  g_clear_error (&error);

  g_assert_true (cas_import_review_set_decision (review, marie_row,
                                                 CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                 fixture->marie, &error));
  g_assert_no_error (error);
  g_assert_true (cas_import_review_set_decision (review, jan_row, CAS_IMPORT_DECISION_SKIP, 0,
                                                 &error));
  g_assert_true (cas_import_review_set_decision (review, karel_row, CAS_IMPORT_DECISION_SKIP, 0,
                                                 &error));
  g_assert_cmpuint (cas_import_review_get_n_undecided (review), ==, 0);

  g_assert_true (cas_import_review_commit (review, NULL, NULL, NULL, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome.n_created, ==, 2);
  g_assert_cmpint (outcome.n_updated, ==, 1);
  g_assert_cmpint (outcome.n_skipped, ==, 2);

  /* Karel once, Nieuwe once, Jan unchanged, Marie updated */
  g_assert_cmpint (count_persons (fixture), ==, 5);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = "
                                       "'Vermeulen'"), ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE email = "
                                       "'jan.peeters@telenet.be'"), ==, 1);
  marie = cas_person_service_get (fixture->persons, OP, fixture->marie, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (marie->email, ==, "marie.dubois@gmail.com");
  g_assert_cmpstr (marie->email_secondary, ==, "marie.dubois@skynet.be");
  g_assert_cmpstr (marie->phone, ==, "+32475123456");
  g_assert_cmpstr (marie->street, ==, "Rue Neuve 1");
  g_assert_cmpstr (marie->city, ==, "Bruxelles");
  g_assert_cmpint (marie->revision, ==, 2);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'person.update'"), ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'person.import'"), ==, 1);

  /* Once only */
  g_assert_false (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_STATE);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("first_name,last_name,email\n");
  gint64 persons = count_persons (fixture);
  gint64 audit = count_audit (fixture);
  guint position;

  g_string_append (text, "Marie,Dubois,marie.dubois@gmail.com\n");
  for (guint i = 0; i < 9000; i++)
    g_string_append_printf (text, "Person%u,Family%u,p%u@example.be\n", i, i, i);

  review = analyse_text (fixture, text->str, text->len, &error);
  g_assert_no_error (error);
  row_at_line (review, 2, &position);
  g_assert_true (cas_import_review_set_decision (review, position,
                                                 CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                 fixture->marie, &error));
  cas_import_review_decide_undecided (review, CAS_IMPORT_DECISION_CREATE);

  g_assert_false (cas_import_review_commit (review, cancel_on_progress, cancellable, cancellable,
                                            NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_assert_cmpint (count_persons (fixture), ==, persons);
  g_assert_cmpint (count_audit (fixture), ==, audit);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE email = "
                                       "'marie.dubois@skynet.be'"), ==, 1);
}

static void
test_changed_meanwhile (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(CasPerson) marie = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "first_name,last_name,birth_date,email\n"
                     "Marie,Dubois,1985-07-30,marie.dubois@gmail.com\n"
                     "Nieuwe,Persoon,2001-05-05,nieuwe@example.be\n";
  gint64 persons = count_persons (fixture);
  guint position;

  review = analyse_text (fixture, text, -1, &error);
  g_assert_no_error (error);
  row_at_line (review, 2, &position);
  g_assert_true (cas_import_review_set_decision (review, position,
                                                 CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                 fixture->marie, &error));

  /* Someone changes Marie's phone meanwhile */
  marie = cas_person_service_get (fixture->persons, OP, fixture->marie, &error);
  g_free (marie->phone);
  marie->phone = g_strdup ("+32475000000");
  g_assert_true (cas_person_service_update (fixture->persons, OP, marie, &error));
  g_assert_no_error (error);

  g_assert_false (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_nonnull (strstr (error->message, "Marie Dubois"));
  g_assert_cmpint (count_persons (fixture), ==, persons);
  g_clear_pointer (&marie, cas_person_free);
  marie = cas_person_service_get (fixture->persons, OP, fixture->marie, &error);
  g_assert_cmpstr (marie->email, ==, "marie.dubois@skynet.be");
  g_assert_cmpstr (marie->phone, ==, "+32475000000");
}

static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasImportReview) review = NULL;
  static const char binary[] = "first_name,last_name\nJan,\0\1\2\3\n";
  static const char pdf[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
  static const char xlsx[] = "PK\3\4\24\0\6\0\10\0\0\0!\0";
  gint64 persons = count_persons (fixture);
  gint64 audit = count_audit (fixture);
  const CasImportRow *row;

  /* Latin-1: each such row listed by its line, the others kept */
  review = analyse_text (fixture, "first_name,last_name\nJan,Peeters\nJ\xE9r\xF4me,Dupont\n", -1,
                         &error);
  g_assert_no_error (error);
  row = row_at_line (review, 3, NULL);
  g_assert_null (row->person);
  g_assert_cmpuint (row->problems->len, ==, 1);
  g_assert_nonnull (strstr (((CasImportProblem *) g_ptr_array_index (row->problems, 0))->message,
                            "Latin-1"));
  g_assert_nonnull (strstr (((CasImportProblem *) g_ptr_array_index (row->problems, 0))->message,
                            "Line 3"));
  g_assert_nonnull (row_at_line (review, 2, NULL)->person);
  g_clear_object (&review);

  review = analyse_text (fixture, binary, sizeof binary - 1, &error);
  g_assert_null (review);
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_NOT_CSV);
  g_clear_error (&error);

  review = analyse_text (fixture, pdf, sizeof pdf - 1, &error);
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV);
  g_assert_nonnull (strstr (error->message, "PDF"));
  g_clear_error (&error);

  review = analyse_text (fixture, xlsx, sizeof xlsx - 1, &error);
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV);
  g_clear_error (&error);

  review = analyse_text (fixture, "", 0, &error);
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  /* Text pasted from a spreadsheet: tabs, newlines in a cell */
  review = analyse_text (fixture, "first_name\tlast_name\nJan\tPeeters\n", -1, &error);
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV);
  g_assert_nonnull (strstr (error->message, "tabs"));
  g_clear_error (&error);
  review = analyse_text (fixture, "first_name,last_name\n\"Jan\tKarel\",\"Pee\nters\"\n", -1,
                         &error);
  g_assert_no_error (error);
  row = row_at_line (review, 2, NULL);
  g_assert_true (row->person == NULL || strchr (row->person->last_name, '\n') == NULL);
  g_clear_object (&review);

  /* A wrong header */
  review = analyse_text (fixture, "first_name,last_name,shoe_size\nJan,Peeters,44\n", -1, &error);
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);

  g_assert_cmpint (count_persons (fixture), ==, persons);
  g_assert_cmpint (count_audit (fixture), ==, audit);
}

/* A stream that claims to be 2 GB: refused before reading, and a stream of
 * unknown size stops at the limit */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasImportReview) review = cas_import_review_new (fixture->tdb->db, OP,
                                                             CAS_IMPORT_DEFAULT);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data ("first_name,last_name\n",
                                                                      -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "big.csv", NULL);
  int fd;

  g_assert_false (cas_import_review_analyse (review, input, G_GUINT64_CONSTANT (2) << 30, NULL,
                                             NULL, NULL, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_clear_error (&error);
  g_clear_object (&review);

  /* A sparse file of 2 GB */
  fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, G_GINT64_CONSTANT (2) << 30), ==, 0);
  close (fd);
  file = g_file_new_for_path (path);
  review = cas_import_review_new (fixture->tdb->db, OP, CAS_IMPORT_DEFAULT);
  g_assert_false (cas_import_review_analyse_file (review, file, NULL, NULL, NULL, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_TOO_LARGE);
  g_unlink (path);
}

static gint64
add_centre (Fixture    *fixture,
            CasAccount *local,
            const char *name)
{
  g_autoptr(CasCompanyService) companies = cas_company_service_new (fixture->tdb->db);
  g_autoptr(CasCompany) company = cas_company_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  company->name = g_strdup (name);
  company->is_exam_centre = TRUE;
  id = cas_company_service_create (companies, local, company, &error);
  g_assert_no_error (error);

  return id;
}

static CasAccount *
add_account (Fixture    *fixture,
             CasAccount *local,
             const char *login,
             CasRole     role,
             gint64      centre)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cas_account_service_create (accounts, local, login, "review password", 0, &error);
  g_assert_no_error (error);
  cas_account_service_grant (accounts, local, id, role, centre, &error);
  g_assert_no_error (error);

  return cas_test_login (fixture->tdb, login, "review password");
}

/* An administrator imports into their centre; a match held by another
 * centre is shown by its minimal identity and may not be updated; a
 * controller may not import */
static void
test_access (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
  g_autoptr(CasAccount) admin = NULL;
  g_autoptr(CasAccount) controller = NULL;
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "first_name,last_name,birth_date,email\n"
                     "Marie,Dubois,1985-07-30,marie.dubois@gmail.com\n"
                     "Nieuwe,Persoon,2001-05-05,nieuwe@example.be\n";
  const CasDuplicateProposal *match;
  gint64 centre_a = add_centre (fixture, local, "Centre A");
  guint position;

  admin = add_account (fixture, local, "r.admin", CAS_ROLE_ADMIN, centre_a);
  controller = add_account (fixture, local, "r.controller", CAS_ROLE_CONTROLLER, 0);

  review = cas_import_review_new (fixture->tdb->db, controller, CAS_IMPORT_DEFAULT);
  input = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_assert_false (cas_import_review_analyse (review, input, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_clear_object (&review);
  g_clear_object (&input);

  review = cas_import_review_new (fixture->tdb->db, admin, CAS_IMPORT_DEFAULT);
  input = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_assert_true (cas_import_review_analyse (review, input, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Marie has no centre: not the administrator's to change */
  {
    const CasImportRow *row = row_at_line (review, 2, &position);

    g_assert_cmpuint (row->matches->len, >=, 1);
    match = g_ptr_array_index (row->matches, 0);
    g_assert_false (match->a->visible);
    g_assert_cmpstr (match->a->birth_date, ==, "1985");
    g_assert_false (cas_import_review_set_decision (review, position,
                                                    CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                    fixture->marie, &error));
    g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION);
    g_clear_error (&error);
  }
  cas_import_review_decide_undecided (review, CAS_IMPORT_DECISION_SKIP);
  g_assert_true (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The new person belongs to the administrator's centre */
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = 'Persoon' "
                                       "AND company_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = 'Dubois'"),
                   ==, 1);
}

/* On PostgreSQL an administrator's desk talks to the server with their own
 * role, which does not read the persons of other centres (nor those of
 * none): the review still flags a row that duplicates one, shows it by its
 * minimal identity and lets the administrator only skip or create the row.
 * On SQLite the same, through the one connection. */
static void
test_other_centre (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
  g_autoptr(CasAccount) admin = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, fixture->marie);
  const char *text = "first_name,last_name,birth_date,email,phone\n"
                     "Nieuwe,Persoon,2001-05-05,nieuwe@example.be,\n"
                     "Marie,Dubois,1985-07-30,marie.d@gmail.com,+32475123456\n";
  const CasDuplicateProposal *match = NULL;
  const CasImportRow *row;
  gint64 centre_a = add_centre (fixture, local, "Centre A");
  guint position;

  g_autoptr(CasAccount) owner_side = add_account (fixture, local, "o.admin", CAS_ROLE_ADMIN,
                                                   centre_a);

  if (cas_test_is_postgresql ())
    {
      g_autoptr(CasAccountService) accounts = NULL;

      desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
      g_assert_no_error (error);
      accounts = cas_account_service_new (desk);
      admin = cas_account_service_authenticate (accounts, "o.admin", "review password", &error);
      g_assert_no_error (error);

      /* The role does not read Marie */
      {
        g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM person WHERE id = %"
                                                G_GINT64_FORMAT, fixture->marie);

        g_assert_cmpint (cas_test_query_int (desk, sql), ==, 0);
      }
    }
  else
    {
      desk = g_object_ref (fixture->tdb->db);
      admin = g_object_ref (owner_side);
    }

  review = cas_import_review_new (desk, admin, CAS_IMPORT_DEFAULT);
  input = g_memory_input_stream_new_from_data (text, -1, NULL);
  g_assert_true (cas_import_review_analyse (review, input, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (cas_import_review_get_row (review, 0)->matches->len, ==, 0);
  row = row_at_line (review, 3, &position);
  g_assert_cmpint (row->decision, ==, CAS_IMPORT_DECISION_NONE);
  for (guint i = 0; i < row->matches->len; i++)
    if (((CasDuplicateProposal *) g_ptr_array_index (row->matches, i))->a->id == fixture->marie)
      match = g_ptr_array_index (row->matches, i);
  g_assert_nonnull (match);
  g_assert_cmpint (match->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_false (match->a->visible);
  g_assert_cmpstr (match->a->first_name, ==, "Marie");
  g_assert_cmpstr (match->a->last_name, ==, "Dubois");
  g_assert_cmpstr (match->a->birth_date, ==, "1985");
  g_assert_cmpstr (match->a->ref, ==, id_ref);
  g_assert_cmpuint (cas_import_review_get_summary (review)->n_in_register, ==, 1);

  /* Skip or create, not update */
  g_assert_false (cas_import_review_set_decision (review, position,
                                                  CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                                  fixture->marie, &error));
  g_assert_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION);
  g_clear_error (&error);
  g_assert_true (cas_import_review_set_decision (review, position, CAS_IMPORT_DECISION_SKIP, 0,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (cas_import_review_commit (review, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = 'Dubois'"),
                   ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person WHERE last_name = 'Persoon'"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import-review/bad-rows", test_bad_rows);
  ADD ("/import-review/duplicates", test_duplicates);
  ADD ("/import-review/decisions", test_decisions);
  ADD ("/import-review/cancel", test_cancel);
  ADD ("/import-review/changed-meanwhile", test_changed_meanwhile);
  ADD ("/import-review/bad-files", test_bad_files);
  ADD ("/import-review/too-large", test_too_large);
  ADD ("/import-review/access", test_access);
  ADD ("/import-review/other-centre", test_other_centre);

  return g_test_run ();
}
