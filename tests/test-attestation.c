/* test-attestation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-attestation-service.h"
#include "cas-company-service.h"
#include "cas-exam-service.h"
#include "cas-my-sessions.h"
#include "cas-person-service.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-util.h"

typedef struct
{
  CasTestDatabase       *tdb;
  CasAttestationService *attestations;
  CasSessionService     *sessions;
  CasPersonService      *persons;
  CasAccount            *local;
  gint64                 centre;
  gint64                 session;
  char                  *key_path;
} Fixture;

#define OP (cas_test_operator (fixture->tdb))
#define ATT (fixture->attestations)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasExamService) exams = NULL;
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(CasCompany) centre = cas_company_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 3);
  g_autofree char *start = g_date_time_format (soon, "%Y-%m-%d 09:00");
  CasSessionDraft draft = { 0, };

  fixture->tdb = cas_test_database_new ();
  fixture->local = cas_account_new_local (fixture->tdb->db);
  fixture->attestations = cas_attestation_service_new (fixture->tdb->db);
  fixture->sessions = cas_session_service_new (fixture->tdb->db);
  fixture->persons = cas_person_service_new (fixture->tdb->db);

  /* The key goes to the test's own folder, whatever the database */
  fixture->key_path = g_strdup_printf ("%s/key-%u.key", cas_test_get_tmpdir (), g_random_int ());
  cas_attestation_service_set_key_path (ATT, fixture->key_path);
  g_assert_true (cas_attestation_service_ensure_key (ATT, fixture->local, &error));
  g_assert_no_error (error);

  companies = cas_company_service_new (fixture->tdb->db);
  centre->name = g_strdup ("Centre d'examens Namur");
  centre->is_exam_centre = TRUE;
  fixture->centre = cas_company_service_create (companies, fixture->local, centre, &error);
  exams = cas_exam_service_new (fixture->tdb->db);
  exam = cas_exam_service_find_by_code (exams, "INS-2", &error);
  g_assert_no_error (error);

  draft.exam_id = exam->id;
  draft.company_id = fixture->centre;
  draft.starts_at = start;
  draft.location = "Avenue de Stassart 12, 5000 Namur";
  draft.room = "Local 4";
  draft.capacity = 500;
  draft.language = "fr";
  fixture->session = cas_session_service_create (fixture->sessions, fixture->local, &draft, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->key_path);
  g_free (fixture->key_path);
  g_clear_object (&fixture->attestations);
  g_clear_object (&fixture->sessions);
  g_clear_object (&fixture->persons);
  g_clear_object (&fixture->local);
  cas_test_database_free (fixture->tdb);
}

/* Another session of the centre, in a month */
static gint64
fixture_future_session (Fixture *fixture)
{
  g_autoptr(CasExamService) exams = cas_exam_service_new (fixture->tdb->db);
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 13:30");
  CasSessionDraft draft = { 0, };
  gint64 id;

  exam = cas_exam_service_find_by_code (exams, "INS-1", &error);
  g_assert_no_error (error);
  draft.exam_id = exam->id;
  draft.company_id = fixture->centre;
  draft.starts_at = start;
  draft.location = "Rue de Fer 4, 5000 Namur";
  draft.capacity = 40;
  draft.language = "fr";
  id = cas_session_service_create (fixture->sessions, fixture->local, &draft, &error);
  g_assert_no_error (error);

  return id;
}

/* A person of the centre, registered in the session, with a result */
static gint64
candidate (Fixture    *fixture,
           const char *first,
           const char *last,
           const char *birth,
           const char *language,
           int         score)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;
  gint64 registration;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->birth_date = g_strdup (birth);
  person->language = g_strdup (language);
  person->company_id = fixture->centre;
  cas_person_service_create (fixture->persons, fixture->local, person, &error);
  g_assert_no_error (error);

  registration = cas_session_service_register (fixture->sessions, fixture->local, fixture->session,
                                               person->id, &error);
  g_assert_no_error (error);
  if (score >= 0)
    {
      /* The result straight into the table: issuing is what is tested */
      g_autofree char *sql = g_strdup_printf ("UPDATE registration SET status = '%s', score = %d "
                                              "WHERE id = %" G_GINT64_FORMAT,
                                              score >= 50 ? "passed" : "failed", score,
                                              registration);
      cas_test_exec_sql (fixture->tdb, sql);
    }

  return registration;
}

/* The latest attestation the operator sees */
static CasAttestation *
latest (Fixture *fixture)
{
  g_autoptr(CasAttestationQuery) query = cas_attestation_query_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = cas_attestation_service_list (ATT, OP, query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  return g_ptr_array_steal_index (list, 0);
}

static char *
pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);
  PopplerPage *page;
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
  page = poppler_document_get_page (document, 0);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (document);

  return text;
}

static void
test_issue_languages (Fixture       *fixture,
                      gconstpointer  data)
{
  const struct {
    const char *language;
    const char *title;
    const char *exam;
  } cases[] = {
    { "fr", "Attestation de réussite", "Assurances non-vie" },
    { "nl", "Attest van slagen", "Schadeverzekeringen" },
    { "de", "Bescheinigung über das Bestehen", "Nichtlebensversicherungen" },
    { "en", "Certificate of Achievement", "Non-life insurance" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CasAttestation) attestation = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *text = NULL;
      g_autofree char *last = g_strdup_printf ("Lambert%c", 'a' + i);
      gint64 registration = candidate (fixture, "Sophie", last, "1990-05-17",
                                       cases[i].language, 82);
      gint64 id;

      id = cas_attestation_service_issue (ATT, OP, registration, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);

      pdf = cas_attestation_service_get_pdf (ATT, OP, id, &error);
      g_assert_no_error (error);
      text = pdf_text (pdf);
      g_assert_nonnull (strstr (text, cases[i].title));
      g_assert_nonnull (strstr (text, cases[i].exam));
      g_assert_nonnull (strstr (text, last));
      g_assert_nonnull (strstr (text, "82/100"));
    }
}

static void
test_numbering (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *year = cas_today ();
  guint n = 0;

  year[4] = '\0';
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *last = g_strdup_printf ("Peeters%c", 'a' + i);
      candidate (fixture, "Jan", last, "1980-01-01", "nl", 75);
    }

  g_assert_true (cas_attestation_service_issue_session (ATT, OP, fixture->session,
                                                        NULL, NULL, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);

  /* Issuing again finds nothing left to issue */
  g_assert_true (cas_attestation_service_issue_session (ATT, OP, fixture->session,
                                                        NULL, NULL, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  {
    g_autoptr(CasAttestationQuery) query = cas_attestation_query_new ();
    g_autoptr(GPtrArray) list = cas_attestation_service_list (ATT, OP, query, 0,
                                                              100, &error);
    g_autofree char *prefix = g_strdup_printf ("CA-%s-", year);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 5);
    for (guint i = 0; i < list->len; i++)
      {
        CasAttestation *a = g_ptr_array_index (list, i);

        g_assert_true (g_str_has_prefix (a->number, prefix));
        g_assert_cmpuint (strlen (a->number), ==, 14);
        g_assert_false (g_hash_table_contains (numbers, a->number));
        g_hash_table_add (numbers, g_strdup (a->number));
      }
  }
}

static void
test_stored_bytes_stay (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(CasAttestation) attestation = NULL;
  gint64 registration = candidate (fixture, "Hélène", "Lefèvre", "1993-08-09", "fr", 66);
  gint64 id = cas_attestation_service_issue (ATT, OP, registration, &error);

  g_assert_no_error (error);
  before = cas_attestation_service_get_pdf (ATT, OP, id, &error);
  g_assert_no_error (error);

  /* The person changes name: the attestation as issued does not */
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET last_name = 'Dupont'");
  after = cas_attestation_service_get_pdf (ATT, OP, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (before, after));

  attestation = latest (fixture);
  g_assert_cmpstr (attestation->last_name, ==, "Lefèvre");
}

static void
test_reissue_and_revoke (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAttestation) first = NULL;
  g_autoptr(CasAttestation) second = NULL;
  g_autoptr(CasAttestation) old = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *old_code = NULL;
  gint64 registration = candidate (fixture, "Wout", "Vermeulem", "1987-12-03", "nl", 70);
  gint64 id = cas_attestation_service_issue (ATT, OP, registration, &error);
  gint64 new_id;

  g_assert_no_error (error);
  first = latest (fixture);
  old_code = g_strdup (first->verification_code);

  /* A typo corrected: re-issued with the same number, version 2 */
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET last_name = 'Vermeulen'");
  g_assert_cmpint (cas_attestation_service_reissue (ATT, OP, first->number, "",
                                                    &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  new_id = cas_attestation_service_reissue (ATT, OP, first->number,
                                            "Last name misspelt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_id, !=, id);

  second = cas_attestation_service_get (ATT, OP, first->number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->version, ==, 2);
  g_assert_cmpstr (second->number, ==, first->number);
  g_assert_cmpstr (second->last_name, ==, "Vermeulen");
  g_assert_cmpint (second->status, ==, CAS_ATTESTATION_VALID);
  pdf = cas_attestation_service_get_pdf (ATT, OP, new_id, &error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "-2"));

  {
    g_autofree char *v1 = g_strdup_printf ("%s-1", first->number);

    old = cas_attestation_service_get (ATT, OP, v1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (old->status, ==, CAS_ATTESTATION_SUPERSEDED);
    g_assert_cmpint (old->superseded_by, ==, new_id);
  }

  /* The old code now says superseded; the new one valid */
  g_assert_cmpint (cas_attestation_service_verify_code (ATT, old_code, NULL, NULL),
                   ==, CAS_VERIFY_SUPERSEDED);
  g_assert_cmpint (cas_attestation_service_verify_code (ATT,
                                                        second->verification_code, NULL, NULL),
                   ==, CAS_VERIFY_VALID);

  /* Revoked */
  g_assert_true (cas_attestation_service_revoke (ATT, OP, first->number,
                                                 "Exam annulled after a complaint", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cas_attestation_service_verify_code (ATT,
                                                        second->verification_code, NULL, NULL),
                   ==, CAS_VERIFY_REVOKED);
  g_assert_false (cas_attestation_service_revoke (ATT, OP, first->number, "again",
                                                  &error));
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_STATE);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action LIKE 'attestation.%'"), >=, 3);
}

static void
test_verification (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAttestation) found = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(CasAttestation) a = NULL;
  g_autofree char *forged = NULL;
  gint64 registration = candidate (fixture, "Marc", "Dubois", "1971-01-26", "fr", 90);
  gint64 id = cas_attestation_service_issue (ATT, OP, registration, &error);
  gsize len;
  guint8 *bytes;

  g_assert_no_error (error);
  a = latest (fixture);

  /* The code and the file as issued */
  g_assert_cmpint (cas_attestation_service_verify_code (ATT,
                                                        a->verification_code, &found, &error),
                   ==, CAS_VERIFY_VALID);
  g_assert_cmpstr (found->last_name, ==, "Dubois");
  pdf = cas_attestation_service_get_pdf (ATT, OP, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpint (cas_attestation_service_verify_pdf (ATT, pdf, NULL, &error),
                   ==, CAS_VERIFY_VALID);
  g_assert_no_error (error);

  /* A signature changed by one character */
  forged = g_strdup (a->verification_code);
  forged[strlen (forged) - 5] = forged[strlen (forged) - 5] == 'A' ? 'B' : 'A';
  g_assert_cmpint (cas_attestation_service_verify_code (ATT, forged, NULL, NULL),
                   ==, CAS_VERIFY_FORGED);
  g_assert_cmpint (cas_attestation_service_verify_code (ATT, "CA-2026-999999-1.AAAA",
                                                        NULL, NULL), ==, CAS_VERIFY_FORGED);
  g_assert_cmpint (cas_attestation_service_verify_code (ATT, "nonsense", NULL,
                                                        NULL), ==, CAS_VERIFY_FORGED);

  /* One byte of the file changed */
  len = g_bytes_get_size (pdf);
  bytes = g_memdup2 (g_bytes_get_data (pdf, NULL), len);
  bytes[len / 2] ^= 0x20;
  tampered = g_bytes_new_take (bytes, len);
  g_assert_cmpint (cas_attestation_service_verify_pdf (ATT, tampered, NULL, NULL),
                   ==, CAS_VERIFY_FORGED);

  /* The stored file damaged: opening it says so */
  cas_test_exec_sql (fixture->tdb, "UPDATE attestation SET sha256 = 'abc'");
  g_assert_null (cas_attestation_service_get_pdf (ATT, OP, id, &error));
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_CORRUPT);
}

static gint64
count_where (Fixture    *fixture,
             const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM attestation WHERE %s", where);

  return cas_test_query_int (fixture->tdb->db, sql);
}

/* A result recorded as passed issues the attestation with it; a corrected
 * score re-issues it; a result no longer passed revokes it */
static void
test_follows_results (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAttestation) a = NULL;
  gint64 registration = candidate (fixture, "Lotte", "Janssens", "1988-03-14", "nl", -1);
  g_autofree char *where = g_strdup_printf ("registration_id = %" G_GINT64_FORMAT, registration);
  g_autofree char *valid = g_strdup_printf ("%s AND status = 'valid'", where);

  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, registration, 40,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_where (fixture, where), ==, 0);

  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, registration, 74,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_where (fixture, valid), ==, 1);
  a = latest (fixture);
  g_assert_cmpint (a->score, ==, 74);
  g_assert_cmpint (a->version, ==, 1);
  g_clear_pointer (&a, cas_attestation_free);

  /* The same score again: nothing new */
  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, registration, 74,
                                                   &error));
  g_assert_cmpint (count_where (fixture, where), ==, 1);

  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, registration, 78,
                                                   &error));
  g_assert_no_error (error);
  a = latest (fixture);
  g_assert_cmpint (a->score, ==, 78);
  g_assert_cmpint (a->version, ==, 2);
  g_assert_cmpint (count_where (fixture, valid), ==, 1);
  g_assert_cmpint (count_where (fixture, where), ==, 2);
  g_clear_pointer (&a, cas_attestation_free);

  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, registration, 20,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_where (fixture, valid), ==, 0);
  g_assert_cmpint (count_where (fixture, "status = 'revoked'"), ==, 1);

  /* Without the key file, a pass is not recorded at all */
  g_assert_cmpint (g_unlink (fixture->key_path), ==, 0);
  g_assert_false (cas_session_service_record_score (fixture->sessions, OP, registration, 90,
                                                    &error));
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY);
  g_clear_error (&error);
  g_free (where);
  where = g_strdup_printf ("SELECT score FROM registration WHERE id = %" G_GINT64_FORMAT,
                           registration);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db, where), ==, 20);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 failed = candidate (fixture, "Jan", "Failing", "1980-01-01", "nl", 30);
  gint64 passed = candidate (fixture, "Els", "Passing", "1981-01-01", "nl", 80);

  /* Not passed */
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, failed, &error), ==, 0);
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_PASSED);
  g_clear_error (&error);

  /* Twice */
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, passed, &error), >, 0);
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, passed, &error), ==, 0);
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_STATE);
  g_clear_error (&error);

  /* No birth date */
  cas_test_exec_sql (fixture->tdb,
                     "UPDATE person SET birth_date = NULL WHERE last_name = 'Failing'");
  cas_test_exec_sql (fixture->tdb, "UPDATE registration SET status = 'passed', score = 60");
  cas_test_exec_sql (fixture->tdb, "DELETE FROM attestation");
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, failed, &error), ==, 0);
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_INCOMPLETE);
  g_clear_error (&error);

  /* A name no font prints: nothing issued, the reason given */
  cas_test_exec_sql (fixture->tdb,
                     "UPDATE person SET last_name = '𒀀𒀁𒀂' WHERE last_name = 'Passing'");
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, passed, &error), ==, 0);
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_UNPRINTABLE);
  g_assert_nonnull (strstr (error->message, "𒀀"));
  g_clear_error (&error);
  g_assert_cmpint (count_where (fixture, "1 = 1"), ==, 0);

  /* The key file gone: nothing issued */
  cas_test_exec_sql (fixture->tdb,
                     "UPDATE person SET last_name = 'Passing', birth_date = '1981-01-01'");
  g_unlink (fixture->key_path);
  g_assert_cmpint (cas_attestation_service_issue (ATT, OP, passed, &error), ==, 0);
  g_assert_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY);
  g_clear_error (&error);

  /* Only operators issue */
  {
    g_autoptr(CasAccount) none = NULL;
    g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);

    cas_account_service_create (accounts, fixture->local, "clerk", "clerk password", 0, &error);
    none = cas_test_login (fixture->tdb, "clerk", "clerk password");
    g_assert_cmpint (cas_attestation_service_issue (ATT, none, passed, &error),
                     ==, 0);
    g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  }
}

typedef struct
{
  CasDatabase *db;
  const char  *key_path;
  GArray      *registrations;
  guint        first;
  GError      *error;
} IssueWorker;

static gpointer
issue_worker (gpointer data)
{
  IssueWorker *worker = data;
  g_autoptr(CasAttestationService) service = cas_attestation_service_new (worker->db);
  g_autoptr(CasAccount) local = cas_account_new_local (worker->db);

  cas_attestation_service_set_key_path (service, worker->key_path);
  for (guint i = worker->first; i < worker->registrations->len && worker->error == NULL; i += 2)
    cas_attestation_service_issue (service, local,
                                   g_array_index (worker->registrations, gint64, i),
                                   &worker->error);

  return NULL;
}

/* Two connections (two desks) issuing at the same time never get the same
 * number, and no number is skipped */
static void
test_concurrent_numbering (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GArray) registrations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CasDatabase) second = NULL;
  g_autoptr(GError) error = NULL;
  IssueWorker workers[2] = { 0, };
  GThread *threads[2];
  g_autofree char *year = cas_today ();
  g_autofree char *sql = NULL;
  const guint n = 24;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *last = g_strdup_printf ("Wouters%c%c", 'a' + i / 10, 'a' + i % 10);
      gint64 id = candidate (fixture, "Sofie", last, "1985-05-05", "nl", 70);

      g_array_append_val (registrations, id);
    }

  second = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  for (guint w = 0; w < 2; w++)
    {
      workers[w].db = w == 0 ? fixture->tdb->db : second;
      workers[w].key_path = fixture->key_path;
      workers[w].registrations = registrations;
      workers[w].first = w;
    }
  for (guint w = 0; w < 2; w++)
    threads[w] = g_thread_new ("issue", issue_worker, &workers[w]);
  for (guint w = 0; w < 2; w++)
    {
      g_thread_join (threads[w]);
      g_assert_no_error (workers[w].error);
    }

  year[4] = '\0';
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(DISTINCT number) FROM attestation"), ==, n);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM attestation WHERE number >= 'CA-%s-000001' "
                         "AND number <= 'CA-%s-%06u'", year, year, n);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db, sql), ==, n);
}

/* A controller who passed an exam reaches its attestation on "My exam
 * sessions", beside the session they supervise; nobody else's shows */
static void
test_my_sessions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);
  g_autoptr(CasAccount) controller = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *person_sql = NULL;
  gint64 mine, other, person, account;
  CasMySession *entry;

  mine = candidate (fixture, "Pieter", "Claes", "1979-11-02", "nl", -1);
  other = candidate (fixture, "Julie", "Lambert", "1990-06-21", "fr", -1);
  person_sql = g_strdup_printf ("SELECT person_id FROM registration WHERE id = %" G_GINT64_FORMAT,
                                mine);
  person = cas_test_query_int (fixture->tdb->db, person_sql);
  account = cas_account_service_create (accounts, fixture->local, "p.claes", "a long password",
                                        person, &error);
  g_assert_no_error (error);
  g_assert_true (cas_account_service_grant (accounts, fixture->local, account, CAS_ROLE_CONTROLLER,
                                            0, &error));
  g_assert_no_error (error);

  /* Nothing issued, nothing past yet: the coming session once, as candidate */
  controller = cas_test_login (fixture->tdb, "p.claes", "a long password");
  upcoming = cas_my_sessions_list_upcoming (fixture->tdb->db, controller, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (upcoming->len, ==, 1);
  g_clear_pointer (&upcoming, g_ptr_array_unref);

  /* Move the exam into the past, record both results: the sessions the
   * controller supervises come next */
  sql = g_strdup_printf ("UPDATE exam_session SET starts_at = '2025-03-04 09:00' "
                         "WHERE id = %" G_GINT64_FORMAT, fixture->session);
  cas_test_exec_sql (fixture->tdb, sql);
  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, mine, 81, &error));
  g_assert_no_error (error);
  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, other, 90, &error));
  g_assert_no_error (error);

  /* Re-issued: the list gives the current version */
  past = cas_my_sessions_list_past (fixture->tdb->db, controller, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (past->len, ==, 1);
  entry = g_ptr_array_index (past, 0);
  g_assert_nonnull (entry->attestation_number);
  g_assert_cmpint (cas_attestation_service_reissue (ATT, OP, entry->attestation_number,
                                                    "Name spelt wrong", &error), >, 0);
  g_assert_no_error (error);
  g_clear_pointer (&past, g_ptr_array_unref);

  past = cas_my_sessions_list_past (fixture->tdb->db, controller, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (past->len, ==, 1);
  entry = g_ptr_array_index (past, 0);
  g_assert_true (g_str_has_suffix (entry->attestation_number, "-2"));
  g_assert_cmpint (entry->session_id, ==, fixture->session);
  g_assert_cmpint (entry->role, ==, CAS_ROLE_CANDIDATE);
  g_assert_cmpint (entry->registration_id, ==, mine);
  g_assert_cmpint (entry->registration_status, ==, CAS_REGISTRATION_PASSED);
  g_assert_cmpint (entry->score, ==, 81);
  g_assert_cmpstr (entry->exam_code, ==, "INS-2");
  g_assert_cmpstr (entry->centre, ==, "Centre d'examens Namur");
  g_assert_cmpint (entry->attestation_id, >, 0);
  g_assert_cmpint (entry->attestation_status, ==, CAS_ATTESTATION_VALID);
  g_assert_true (g_str_has_prefix (entry->attestation_number, "CA-"));

  /* The attestation it names is the controller's own to open */
  {
    g_autoptr(GBytes) pdf = cas_attestation_service_get_pdf (ATT, controller,
                                                            entry->attestation_id, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = pdf_text (pdf);
    g_assert_nonnull (strstr (text, "Claes"));
    g_assert_null (strstr (text, "Lambert"));
  }

  /* A session to supervise, in the future: listed with the role */
  g_assert_true (cas_session_service_add_staff (fixture->sessions, fixture->local,
                                                fixture_future_session (fixture), person,
                                                CAS_STAFF_CONTROLLER, &error));
  g_assert_no_error (error);
  upcoming = cas_my_sessions_list_upcoming (fixture->tdb->db, controller, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (upcoming->len, ==, 1);
  entry = g_ptr_array_index (upcoming, 0);
  g_assert_cmpint (entry->role, ==, CAS_ROLE_CONTROLLER);
  g_assert_cmpint (entry->registration_id, ==, 0);
  g_assert_cmpint (entry->score, ==, -1);
  g_assert_cmpint (entry->attestation_status, ==, -1);

  /* The operator's own account has no person: nothing, and no error */
  g_clear_pointer (&past, g_ptr_array_unref);
  past = cas_my_sessions_list_past (fixture->tdb->db, OP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (past->len, ==, 0);
}

static void
test_long_name_renders (void)
{
  g_autofree char *long_name = g_strnfill (300, 'w');
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  CasAttestationContent content = {
    "CA-2026-000001", 1, "de", "Maximiliane", long_name, "1990-01-01", "INS-1",
    "Modul 1 – Allgemeine Kenntnisse", "2026-03-12T09:00", "Aachener Straße 76, 4700 Eupen",
    "Prüfungszentrum Eupen", 77, "2026-03-20",
  };

  /* A name of 300 characters still lays out on the one page */
  pdf = cas_attestation_render_pdf (&content, "CA-2026-000001-1.code", &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  {
    g_autofree char *text = pdf_text (pdf);
    g_assert_nonnull (strstr (text, "Bescheinigung"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/attestation/issue/languages", test_issue_languages);
  ADD ("/attestation/issue/numbering", test_numbering);
  ADD ("/attestation/issue/concurrent", test_concurrent_numbering);
  ADD ("/attestation/stored-bytes-stay", test_stored_bytes_stay);
  ADD ("/attestation/reissue-and-revoke", test_reissue_and_revoke);
  ADD ("/attestation/verification", test_verification);
  ADD ("/attestation/refusals", test_refusals);
  ADD ("/attestation/follows-results", test_follows_results);
  ADD ("/attestation/my-sessions", test_my_sessions);
  g_test_add_func ("/attestation/render/long-name", test_long_name_renders);

#undef ADD

  return g_test_run ();
}
