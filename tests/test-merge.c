/* test-merge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging persons: the rules of a request, four eyes, what an approval
 * moves, conflicts, field choices, undo back to the exact earlier rows,
 * rejection, "not the same person" and the invariant checker, on SQLite
 * (or PostgreSQL with CERTASSUR_TEST_POSTGRESQL).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-attestation-service.h"
#include "cas-company-service.h"
#include "cas-database-private.h"
#include "cas-duplicate-service.h"
#include "cas-exam-service.h"
#include "cas-merge-service.h"
#include "cas-person-service.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-util.h"
#include "cas-validate.h"

typedef struct
{
  CasTestDatabase       *tdb;
  CasAccount            *local;
  CasPersonService      *persons;
  CasSessionService     *sessions;
  CasMergeService       *merges;
  CasAttestationService *attestations;
  char                  *key_path;
  CasAccount            *op1;
  CasAccount            *op2;
  CasAccount            *admin;      /* of centre A */
  CasAccount            *controller;
  gint64                 centre_a;
  gint64                 centre_b;
  gint64                 a;          /* Jan Peeters, centre A, login jan.a */
  gint64                 b;          /* JAN PEETERS, centre A, login jan.b */
  gint64                 c;          /* Marie Dubois, centre B */
  gint64                 s1, s2, s3, s4;   /* INS-1, INS-2, INS-3, INS-1 again */
} Fixture;

#define M (fixture->merges)

static gint64
add_person (Fixture    *fixture,
            gint64      centre,
            const char *first,
            const char *last,
            const char *birth,
            const char *email,
            const char *phone,
            const char *street)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->birth_date = g_strdup (birth);
  person->email = g_strdup (email);
  person->phone = g_strdup (phone);
  person->street = g_strdup (street);
  person->postcode = g_strdup ("5000");
  person->city = g_strdup ("Namur");
  person->company_id = centre;
  cas_person_service_create (fixture->persons, fixture->local, person, &error);
  g_assert_no_error (error);

  return person->id;
}

static gint64
add_account (Fixture    *fixture,
             const char *login,
             CasRole     role,
             gint64      centre,
             gint64      person)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cas_account_service_create (accounts, fixture->local, login, "merge password", person,
                                   &error);
  g_assert_no_error (error);
  if (role != CAS_ROLE_NONE)
    {
      cas_account_service_grant (accounts, fixture->local, id, role, centre, &error);
      g_assert_no_error (error);
    }

  return id;
}

static gint64
add_session (Fixture    *fixture,
             const char *code,
             int         days)
{
  g_autoptr(CasExamService) exams = cas_exam_service_new (fixture->tdb->db);
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);
  g_autofree char *start = g_date_time_format (then, "%Y-%m-%d 09:00");
  CasSessionDraft draft = { 0, };
  gint64 id;

  exam = cas_exam_service_find_by_code (exams, code, &error);
  g_assert_no_error (error);
  draft.exam_id = exam->id;
  draft.company_id = fixture->centre_a;
  draft.starts_at = start;
  draft.location = "Avenue de Stassart 12, 5000 Namur";
  draft.capacity = 50;
  draft.language = "fr";
  id = cas_session_service_create (fixture->sessions, fixture->local, &draft, &error);
  g_assert_no_error (error);

  return id;
}

/* Registers @person in @session; a score >= 0 records a result, and a
 * pass issues the attestation */
static gint64
add_registration (Fixture *fixture,
                  gint64   session,
                  gint64   person,
                  int      score)
{
  g_autoptr(GError) error = NULL;
  gint64 registration;

  registration = cas_session_service_register (fixture->sessions, fixture->local, session, person,
                                               &error);
  g_assert_no_error (error);
  if (score >= 0)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE registration SET status = '%s', score = %d "
                                              "WHERE id = %" G_GINT64_FORMAT,
                                              score >= 50 ? "passed" : "failed", score,
                                              registration);

      cas_test_exec_sql (fixture->tdb, sql);
      if (score >= 50)
        {
          cas_attestation_service_issue (fixture->attestations, fixture->op1, registration,
                                         &error);
          g_assert_no_error (error);
        }
    }

  return registration;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasCompany) centre_a = cas_company_new ();
  g_autoptr(CasCompany) centre_b = cas_company_new ();
  g_autoptr(GError) error = NULL;

  fixture->tdb = cas_test_database_new ();
  fixture->local = cas_account_new_local (fixture->tdb->db);
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  fixture->sessions = cas_session_service_new (fixture->tdb->db);
  fixture->merges = cas_merge_service_new (fixture->tdb->db);
  fixture->attestations = cas_attestation_service_new (fixture->tdb->db);
  fixture->key_path = g_strdup_printf ("%s/key-%u.key", cas_test_get_tmpdir (), g_random_int ());
  cas_attestation_service_set_key_path (fixture->attestations, fixture->key_path);
  g_assert_true (cas_attestation_service_ensure_key (fixture->attestations, fixture->local,
                                                     &error));

  companies = cas_company_service_new (fixture->tdb->db);
  centre_a->name = g_strdup ("Centre A");
  centre_a->is_exam_centre = TRUE;
  centre_b->name = g_strdup ("Centre B");
  centre_b->is_exam_centre = TRUE;
  fixture->centre_a = cas_company_service_create (companies, fixture->local, centre_a, &error);
  g_assert_no_error (error);
  fixture->centre_b = cas_company_service_create (companies, fixture->local, centre_b, &error);
  g_assert_no_error (error);

  fixture->a = add_person (fixture, fixture->centre_a, "Jan", "Peeters", "1980-04-12",
                           "jan.peeters@telenet.be", "+32475112233", "Rue de Fer 4");
  fixture->b = add_person (fixture, fixture->centre_a, "JAN", "PEETERS", "1980-04-12",
                           "j.peeters@work.be", "+32475112233", NULL);
  fixture->c = add_person (fixture, fixture->centre_b, "Marie", "Dubois", "1975-09-30",
                           "marie.dubois@gmail.com", NULL, "Rue Haute 1");

  fixture->op1 = g_object_ref (cas_test_operator (fixture->tdb));
  add_account (fixture, "m.operator2", CAS_ROLE_OPERATOR, 0, 0);
  add_account (fixture, "m.admin", CAS_ROLE_ADMIN, fixture->centre_a, 0);
  add_account (fixture, "m.controller", CAS_ROLE_CONTROLLER, 0, 0);
  add_account (fixture, "jan.a", CAS_ROLE_NONE, 0, fixture->a);
  add_account (fixture, "jan.b", CAS_ROLE_CONTROLLER, 0, fixture->b);
  fixture->op2 = cas_test_login (fixture->tdb, "m.operator2", "merge password");
  fixture->admin = cas_test_login (fixture->tdb, "m.admin", "merge password");
  fixture->controller = cas_test_login (fixture->tdb, "m.controller", "merge password");

  fixture->s1 = add_session (fixture, "INS-1", 3);
  fixture->s2 = add_session (fixture, "INS-2", 4);
  fixture->s3 = add_session (fixture, "INS-3", 5);
  fixture->s4 = add_session (fixture, "INS-1", 6);

  /* a passed INS-1; b passed INS-2, is registered for INS-3 and controls
   * the INS-1 session */
  add_registration (fixture, fixture->s1, fixture->a, 71);
  add_registration (fixture, fixture->s2, fixture->b, 64);
  add_registration (fixture, fixture->s3, fixture->b, -1);
  cas_session_service_add_staff (fixture->sessions, fixture->local, fixture->s1, fixture->b,
                                 CAS_STAFF_CONTROLLER, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->key_path);
  g_free (fixture->key_path);
  g_clear_object (&fixture->op1);
  g_clear_object (&fixture->op2);
  g_clear_object (&fixture->admin);
  g_clear_object (&fixture->controller);
  g_clear_object (&fixture->merges);
  g_clear_object (&fixture->persons);
  g_clear_object (&fixture->sessions);
  g_clear_object (&fixture->attestations);
  g_clear_object (&fixture->local);
  cas_test_database_free (fixture->tdb);
}

/* Every row a merge may touch, as text, for comparing before and after */
static char *dump_rows (Fixture  *fixture,
                        gboolean  with_requests);

static char *
dump (Fixture *fixture)
{
  return dump_rows (fixture, TRUE);
}

static char *
dump_rows (Fixture  *fixture,
           gboolean  with_requests)
{
  static const char * const queries[] = {
    "SELECT id, external_ref, first_name, last_name, birth_date, sex, nrn, nrn_verified, email, "
    "email_secondary, phone, language, street, postcode, city, company_id, merged_into, "
    "revision, created_at, updated_at FROM person ORDER BY id",
    "SELECT id, person_id, session_id, status, score, registered_at, registered_by, result_at "
    "FROM registration ORDER BY id",
    "SELECT id, number, version, registration_id, person_id, status, sha256, superseded_by "
    "FROM attestation ORDER BY id",
    "SELECT id, login, person_id, disabled FROM account ORDER BY id",
    "SELECT account_id, role, company_id FROM account_role ORDER BY 1, 2, 3",
    "SELECT session_id, person_id, role FROM session_staff ORDER BY 1, 2, 3",
    "SELECT request_id, person_id FROM merge_request_person ORDER BY 1, 2",
    "SELECT person_id, CAST(match_key AS TEXT) FROM person_match_key ORDER BY 1, 2",
  };
  GString *text = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdaDataModel) model = NULL;

      if (!with_requests && strstr (queries[q], "merge_request_person") != NULL)
        continue;

      model = _cas_database_query (fixture->tdb->db, &error, queries[q], NULL);
      g_assert_no_error (error);
      for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
        {
          for (int col = 0; col < gda_data_model_get_n_columns (model); col++)
            {
              g_autofree char *value = _cas_model_dup_string (model, col, row);

              g_string_append_printf (text, "%s|", value ? value : "NULL");
            }
          g_string_append_c (text, '\n');
        }
      g_string_append (text, "--\n");
    }

  return g_string_free (text, FALSE);
}

static void
assert_invariants (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergeCheck) check = cas_merge_service_check (M, fixture->op1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < check->problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (check->problems, i));
  g_assert_cmpuint (check->problems->len, ==, 0);
}

static CasMergeCheck *
counts (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CasMergeCheck *check = cas_merge_service_check (M, fixture->op1, &error);

  g_assert_no_error (error);

  return check;
}

static gint64
request (Fixture    *fixture,
         CasAccount *actor,
         gint64      x,
         gint64      y)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[2] = { x, y };
  gint64 id;

  id = cas_merge_service_request (M, actor, ids, 2, "Same person, two logins", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
query_int (Fixture    *fixture,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
query_int (Fixture    *fixture,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return cas_test_query_int (fixture->tdb->db, sql);
}

/* Approves @id as op2, with the preview's proposals for @survivor */
static void
approve (Fixture *fixture,
         gint64   id,
         gint64   survivor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = cas_merge_service_preview (M, fixture->op2, id, survivor,
                                                                  &error);
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();

  g_assert_no_error (error);
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_no_error (error);
}

/* Request rules */

static void
test_request_rules (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 self_pair[2] = { fixture->a, fixture->a };
  gint64 unknown[2] = { fixture->a, 999999 };
  gint64 pair[2] = { fixture->a, fixture->b };
  gint64 other_centre[2] = { fixture->a, fixture->c };
  gint64 held[2] = { fixture->b, fixture->c };
  g_autofree char *before = dump (fixture);
  g_autofree char *after = NULL;
  gint64 id;

  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, self_pair, 2, "typo", &error),
                   ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_SAME_RECORD);
  g_clear_error (&error);

  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, pair, 1, "typo", &error), ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, pair, 2, "   ", &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, unknown, 2, "typo", &error), ==, 0);
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);

  /* An administrator, for records of their centre only; a controller not */
  g_assert_cmpint (cas_merge_service_request (M, fixture->admin, other_centre, 2, "same", &error),
                   ==, 0);
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (cas_merge_service_request (M, fixture->controller, pair, 2, "same", &error),
                   ==, 0);
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  id = request (fixture, fixture->admin, fixture->a, fixture->b);

  /* b is held by the pending request */
  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, held, 2, "same", &error), ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
  g_clear_error (&error);

  /* Once applied, b is a tombstone */
  approve (fixture, id, fixture->a);
  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, held, 2, "same", &error), ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE);
  g_assert_nonnull (strstr (error->message, "merged into"));
  g_clear_error (&error);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(CasMergeRequest) got = NULL;
  CasMergeStatus status = CAS_MERGE_PENDING;
  CasMergeRequest *first;
  gint64 by_admin, by_operator, other;

  by_admin = request (fixture, fixture->admin, fixture->a, fixture->b);
  other = add_person (fixture, fixture->centre_b, "Marie", "Dubois", "1975-09-30",
                      "marie.dubois@gmail.com", NULL, NULL);
  by_operator = request (fixture, fixture->op1, fixture->c, other);
  g_assert_true (cas_merge_service_reject (M, fixture->op2, by_operator, "Checked: two people",
                                           &error));
  g_assert_no_error (error);

  mine = cas_merge_service_list (M, fixture->admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  first = g_ptr_array_index (mine, 0);
  g_assert_cmpint (first->id, ==, by_admin);
  g_assert_cmpint (first->status, ==, CAS_MERGE_PENDING);
  g_assert_cmpstr (first->requested_by, ==, "m.admin");
  g_assert_cmpuint (first->person_ids->len, ==, 2);
  g_assert_nonnull (strstr (first->names, "Peeters"));

  /* Operators: all, pending first, with the engine's score and reasons */
  all = cas_merge_service_list (M, fixture->op1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  first = g_ptr_array_index (all, 0);
  g_assert_cmpint (first->id, ==, by_admin);
  g_assert_cmpint (first->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_nonnull (first->reasons);
  g_assert_cmpint (((CasMergeRequest *) g_ptr_array_index (all, 1))->status, ==,
                   CAS_MERGE_REJECTED);
  g_assert_cmpstr (((CasMergeRequest *) g_ptr_array_index (all, 1))->decision_reason, ==,
                   "Checked: two people");

  pending = cas_merge_service_list (M, fixture->op1, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);

  got = cas_merge_service_get (M, fixture->admin, by_operator, &error);
  g_assert_null (got);
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cas_merge_service_get (M, fixture->op1, 4242, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cas_merge_service_list (M, fixture->controller, NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
}

/* Four eyes */

static void
test_four_eyes (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = request (fixture, fixture->op1, fixture->a, fixture->b);

  before = dump (fixture);
  g_assert_false (cas_merge_service_approve (M, fixture->op1, id, NULL, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_OWN_REQUEST);
  g_clear_error (&error);
  g_assert_false (cas_merge_service_approve (M, fixture->admin, id, NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cas_merge_service_preview (M, fixture->admin, id, 0, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  approve (fixture, id, 0);
}

/* What an approval moves */

static void
test_apply_moves_everything (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeCheck) before = counts (fixture);
  g_autoptr(CasMergeCheck) after = NULL;
  g_autoptr(CasPerson) survivor = NULL;
  g_autoptr(CasPerson) tombstone = NULL;
  g_autofree char *number = NULL;
  guint n_registrations = 0, n_attestations = 0, n_staff = 0, n_accounts = 0;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  number = cas_test_query_string (fixture->tdb->db,
                                  "SELECT a.number FROM attestation a "
                                  "JOIN registration r ON r.id = a.registration_id "
                                  "WHERE a.status = 'valid' ORDER BY a.id DESC LIMIT 1");

  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->records->len, ==, 2);
  g_assert_cmpint (preview->survivor_id, ==, fixture->a);
  g_assert_false (preview->changed);
  g_assert_cmpuint (preview->conflicts->len, ==, 0);
  g_assert_cmpstr (preview->account_login, ==, "jan.a");
  for (guint i = 0; i < preview->moves->len; i++)
    {
      CasMergeMove *move = g_ptr_array_index (preview->moves, i);

      g_assert_cmpint (move->from_person, ==, fixture->b);
      n_registrations += move->kind == CAS_MERGE_MOVE_REGISTRATION;
      n_attestations += move->kind == CAS_MERGE_MOVE_ATTESTATION;
      n_staff += move->kind == CAS_MERGE_MOVE_STAFF;
      n_accounts += move->kind == CAS_MERGE_MOVE_ACCOUNT;
    }
  g_assert_cmpuint (n_registrations, ==, 2);
  g_assert_cmpuint (n_attestations, ==, 1);
  g_assert_cmpuint (n_staff, ==, 1);
  g_assert_cmpuint (n_accounts, ==, 1);
  for (guint i = 0; i < preview->fields->len; i++)
    {
      CasMergeField *field = g_ptr_array_index (preview->fields, i);

      if (g_str_equal (field->key, "email"))
        {
          g_assert_true (field->differs);
          g_assert_cmpstr (field->proposed_value, ==, "jan.peeters@telenet.be");
        }
      else if (g_str_equal (field->key, "email_secondary"))
        g_assert_cmpstr (field->proposed_value, ==, "j.peeters@work.be");
      else if (g_str_equal (field->key, "birth_date"))
        g_assert_false (field->differs);
    }

  approve (fixture, id, fixture->a);

  survivor = cas_person_service_get (fixture->persons, fixture->op1, fixture->a, &error);
  g_assert_no_error (error);
  tombstone = cas_person_service_get (fixture->persons, fixture->op1, fixture->b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tombstone->merged_into, ==, fixture->a);
  g_assert_cmpstr (survivor->email, ==, "jan.peeters@telenet.be");
  g_assert_cmpstr (survivor->email_secondary, ==, "j.peeters@work.be");
  g_assert_cmpint (survivor->merged_into, ==, 0);

  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM registration WHERE person_id = %"
                              G_GINT64_FORMAT, fixture->a), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM registration WHERE person_id = %"
                              G_GINT64_FORMAT, fixture->b), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM attestation WHERE status = 'valid' "
                              "AND person_id = %" G_GINT64_FORMAT, fixture->a), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM session_staff WHERE person_id = %"
                              G_GINT64_FORMAT, fixture->a), ==, 1);
  /* The attestation keeps its number */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT person_id FROM attestation "
                                            "WHERE number = '%s'", number);

    g_assert_cmpint (cas_test_query_int (fixture->tdb->db, sql), ==, fixture->a);
  }
  /* One login: jan.b disabled, not deleted, its role on jan.a */
  g_assert_cmpint (query_int (fixture, "SELECT disabled FROM account WHERE login = 'jan.b'"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT disabled FROM account WHERE login = 'jan.a'"),
                   ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM account_role r JOIN account a "
                              "ON a.id = r.account_id WHERE a.login = 'jan.a' "
                              "AND r.role = 'controller'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM audit_event "
                              "WHERE action = 'merge.apply' AND record_id = %" G_GINT64_FORMAT,
                              id), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM merge_request WHERE snapshot IS "
                              "NOT NULL AND status = 'applied'"), ==, 1);

  /* Nothing lost, nothing twice */
  assert_invariants (fixture);
  after = counts (fixture);
  g_assert_cmpint (after->n_registrations, ==, before->n_registrations);
  g_assert_cmpint (after->n_attestations, ==, before->n_attestations);
  g_assert_cmpint (after->n_accounts, ==, before->n_accounts);
  g_assert_cmpint (after->n_persons, ==, before->n_persons);
  g_assert_cmpint (after->n_tombstones, ==, before->n_tombstones + 1);
  g_assert_cmpint (after->n_audit_events, >, before->n_audit_events);

  /* Approved once */
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, NULL, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS);
}

/* The survivor by default: the record with the most history */
static void
test_default_survivor (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  preview = cas_merge_service_preview (M, fixture->op2, id, 0, &error);
  g_assert_no_error (error);
  /* b: two registrations, an attestation, a session staffed */
  g_assert_cmpint (preview->survivor_id, ==, fixture->b);
  g_assert_cmpstr (preview->account_login, ==, "jan.b");
  g_assert_null (cas_merge_service_preview (M, fixture->op2, id, fixture->c, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID);
}

/* Conflicts: both in one session, two attestations for one exam */
static void
test_conflicts (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *unchanged = NULL;
  g_autofree char *b_number = NULL;
  gint64 a_in_s3, b_in_s3, id;
  guint n_session = 0, n_exam = 0;

  /* a registered in s3 where b is too; b passed INS-3 there. a passed
   * INS-1 in s1 and b passes INS-1 in s4. */
  a_in_s3 = add_registration (fixture, fixture->s3, fixture->a, -1);
  b_in_s3 = query_int (fixture, "SELECT id FROM registration WHERE person_id = %" G_GINT64_FORMAT
                       " AND session_id = %" G_GINT64_FORMAT, fixture->b, fixture->s3);
  cas_test_exec_sql (fixture->tdb, "UPDATE registration SET status = 'passed', score = 80 "
                                   "WHERE status = 'registered' AND person_id IN "
                                   "(SELECT id FROM person WHERE first_name = 'JAN')");
  cas_attestation_service_issue (fixture->attestations, fixture->op1, b_in_s3, &error);
  g_assert_no_error (error);
  add_registration (fixture, fixture->s4, fixture->b, 90);
  b_number = cas_test_query_string (fixture->tdb->db,
                                    "SELECT number FROM attestation ORDER BY id DESC LIMIT 1");

  id = request (fixture, fixture->admin, fixture->a, fixture->b);
  before = dump_rows (fixture, FALSE);

  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < preview->conflicts->len; i++)
    {
      CasMergeConflict *conflict = g_ptr_array_index (preview->conflicts, i);
      g_autofree char *keep = g_strdup_printf ("keep:%" G_GINT64_FORMAT, b_in_s3);

      if (conflict->kind == CAS_MERGE_CONFLICT_SAME_SESSION)
        {
          n_session++;
          /* The registration that passed is kept */
          g_assert_cmpstr (conflict->resolution, ==, keep);
        }
      else
        {
          n_exam++;
          g_assert_cmpstr (conflict->resolution, ==, "keep-both");
        }
      g_assert_nonnull (conflict->description);
      g_assert_nonnull (conflict->resolution_label);
    }
  g_assert_cmpuint (n_session, ==, 1);
  g_assert_cmpuint (n_exam, ==, 1);

  /* Unconfirmed conflicts: refused, nothing changed */
  cas_merge_decision_accept_preview (decision, preview, FALSE);
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_UNCONFIRMED);
  g_clear_error (&error);
  cas_merge_decision_resolve (decision, preview->conflicts->len > 0
                              ? ((CasMergeConflict *) g_ptr_array_index (preview->conflicts,
                                                                         0))->key : "",
                              "keep:999999");
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  unchanged = dump_rows (fixture, FALSE);
  g_assert_cmpstr (before, ==, unchanged);

  g_clear_pointer (&decision, cas_merge_decision_free);
  decision = cas_merge_decision_new ();
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_no_error (error);

  /* The survivor's row in s3 holds the pass and its attestation; b's row
   * stays with the tombstone, as a's was */
  g_assert_cmpint (query_int (fixture, "SELECT person_id FROM registration WHERE id = %"
                              G_GINT64_FORMAT, a_in_s3), ==, fixture->a);
  {
    g_autofree char *status = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT status FROM registration WHERE id = %"
                                            G_GINT64_FORMAT, a_in_s3);

    status = cas_test_query_string (fixture->tdb->db, sql);
    g_assert_cmpstr (status, ==, "passed");
  }
  g_assert_cmpint (query_int (fixture, "SELECT person_id FROM registration WHERE id = %"
                              G_GINT64_FORMAT, b_in_s3), ==, fixture->b);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM attestation "
                              "WHERE registration_id = %" G_GINT64_FORMAT " AND person_id = %"
                              G_GINT64_FORMAT, a_in_s3, fixture->a), ==, 1);
  /* Both INS-1 attestations valid, with their numbers */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT person_id FROM attestation WHERE number = '%s' "
                                            "AND status = 'valid'", b_number);

    g_assert_cmpint (cas_test_query_int (fixture->tdb->db, sql), ==, fixture->a);
  }
  assert_invariants (fixture);

  /* The survivor merged in turn: b's row left behind still leads to a
   * living record registered in that session */
  {
    gint64 later = request (fixture, fixture->op1, fixture->a, fixture->c);

    approve (fixture, later, fixture->c);
    assert_invariants (fixture);
    g_assert_true (cas_merge_service_undo (M, fixture->op2, later, &error));
    g_assert_no_error (error);
  }

  /* Undo: exactly the earlier rows */
  g_assert_true (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_no_error (error);
  undone = dump_rows (fixture, FALSE);
  g_assert_cmpstr (before, ==, undone);
  assert_invariants (fixture);
}

/* Field choices: a record's value, a typed correction; bad ones refused */
static void
test_field_choices (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = NULL;
  g_autoptr(CasPerson) survivor = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *second = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  before = dump (fixture);
  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);

  decision = cas_merge_decision_new ();
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  cas_merge_decision_set_value (decision, "email", "not an e-mail");
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);

  cas_merge_decision_set_value (decision, "email", NULL);
  cas_merge_decision_set_value (decision, "shoe_size", "44");
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);

  g_clear_pointer (&decision, cas_merge_decision_free);
  decision = cas_merge_decision_new ();
  cas_merge_decision_take_from (decision, "email", 999999);
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID);
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  /* The second e-mail follows the e-mail chosen, for the survivor chosen */
  second = cas_merge_preview_second_email (preview, 0, "jan.peeters@telenet.be");
  g_assert_cmpstr (second, ==, "j.peeters@work.be");
  g_clear_pointer (&second, g_free);
  second = cas_merge_preview_second_email (preview, fixture->b, "j.peeters@work.be");
  g_assert_cmpstr (second, ==, "jan.peeters@telenet.be");
  g_clear_pointer (&second, g_free);
  second = cas_merge_preview_second_email (preview, fixture->a, "j.peeters@work.be");

  g_clear_pointer (&decision, cas_merge_decision_free);
  decision = cas_merge_decision_new ();
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  cas_merge_decision_take_from (decision, "email", fixture->b);
  cas_merge_decision_set_value (decision, "first_name", "Jan-Willem");
  cas_merge_decision_set_value (decision, "birth_date", "13/04/1980");
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_no_error (error);

  survivor = cas_person_service_get (fixture->persons, fixture->op1, fixture->a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (survivor->first_name, ==, "Jan-Willem");
  g_assert_cmpstr (survivor->last_name, ==, "Peeters");
  g_assert_cmpstr (survivor->birth_date, ==, "1980-04-13");
  g_assert_cmpstr (survivor->email, ==, "j.peeters@work.be");
  /* The other e-mail kept as the second one, as the preview said */
  g_assert_cmpstr (survivor->email_secondary, ==, "jan.peeters@telenet.be");
  g_assert_cmpstr (survivor->email_secondary, ==, second);
}

/* Records changed since the request or the preview */
static void
test_changed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergePreview) again = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autoptr(CasMergeDecision) seen = cas_merge_decision_new ();
  g_autoptr(CasPerson) b = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  cas_merge_decision_accept_preview (decision, preview, TRUE);

  b = cas_person_service_get (fixture->persons, fixture->admin, fixture->b, &error);
  g_assert_no_error (error);
  g_free (b->phone);
  b->phone = g_strdup ("+32470000001");
  g_assert_true (cas_person_service_update (fixture->persons, fixture->admin, b, &error));
  g_assert_no_error (error);

  before = dump (fixture);
  /* Since the preview */
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "since the preview"));
  g_clear_error (&error);
  /* Since the request */
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, NULL, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "since the request"));
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  /* The new values shown, then approved */
  again = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  g_assert_true (again->changed);
  cas_merge_decision_accept_preview (seen, again, TRUE);
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, seen, &error));
  g_assert_no_error (error);
}

/* Undo */

static void
test_undo_restores (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergeCheck) before_counts = NULL;
  g_autoptr(CasMergeCheck) after_counts = NULL;
  g_autofree char *before = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *undone = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);
  gint64 again;

  before = dump (fixture);
  before_counts = counts (fixture);
  approve (fixture, id, fixture->a);
  merged = dump (fixture);
  g_assert_cmpstr (before, !=, merged);

  g_assert_false (cas_merge_service_undo (M, fixture->admin, id, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_true (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_no_error (error);
  undone = dump (fixture);
  g_assert_cmpstr (before, ==, undone);
  assert_invariants (fixture);
  after_counts = counts (fixture);
  g_assert_cmpint (after_counts->n_audit_events, >, before_counts->n_audit_events);

  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS);
  g_clear_error (&error);

  /* The same pair may be requested and merged again, the other way */
  again = request (fixture, fixture->op1, fixture->a, fixture->b);
  g_clear_pointer (&before, g_free);
  before = dump (fixture);
  approve (fixture, again, fixture->b);
  assert_invariants (fixture);
  g_assert_true (cas_merge_service_undo (M, fixture->op2, again, &error));
  g_assert_no_error (error);
  g_clear_pointer (&undone, g_free);
  undone = dump (fixture);
  g_assert_cmpstr (before, ==, undone);
}

static void
test_undo_blocked (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasPerson) survivor = NULL;
  g_autofree char *blocked = NULL;
  g_autofree char *after = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);
  gint64 moved;
  gint64 later;

  approve (fixture, id, fixture->a);

  /* A moved row changed since */
  moved = query_int (fixture, "SELECT id FROM registration WHERE session_id = %" G_GINT64_FORMAT,
                     fixture->s3);
  cas_test_exec_sql (fixture->tdb, "UPDATE registration SET status = 'absent' "
                                   "WHERE status = 'registered'");
  blocked = dump (fixture);
  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED);
  {
    g_autofree char *ref = g_strdup_printf ("#%" G_GINT64_FORMAT, moved);

    g_assert_nonnull (strstr (error->message, ref));
  }
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (blocked, ==, after);
  cas_test_exec_sql (fixture->tdb, "UPDATE registration SET status = 'registered' "
                                   "WHERE status = 'absent'");

  /* The survivor edited since */
  survivor = cas_person_service_get (fixture->persons, fixture->op1, fixture->a, &error);
  g_assert_no_error (error);
  g_free (survivor->city);
  survivor->city = g_strdup ("Jambes");
  g_assert_true (cas_person_service_update (fixture->persons, fixture->op1, survivor, &error));
  g_assert_no_error (error);
  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, "changed after"));
  g_clear_error (&error);

  /* The survivor merged again */
  later = request (fixture, fixture->op1, fixture->a, fixture->c);
  approve (fixture, later, fixture->c);
  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, "Undo that merge first"));
  g_clear_error (&error);
  assert_invariants (fixture);

  /* Undone in order: the later merge, then... still the edit blocks */
  g_assert_true (cas_merge_service_undo (M, fixture->op1, later, &error));
  g_assert_no_error (error);
  assert_invariants (fixture);
}

static void
test_undo_expired (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  approve (fixture, id, fixture->a);
  cas_test_exec_sql (fixture->tdb, "UPDATE merge_request SET applied_at = '2020-01-01T10:00:00Z'");
  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "90 days"));
}

/* Reject and "not the same person" */

static void
test_reject (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergeRequest) got = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);
  gint64 pair[2] = { fixture->a, fixture->b };

  g_assert_false (cas_merge_service_reject (M, fixture->op1, id, "", &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (cas_merge_service_reject (M, fixture->admin, id, "no", &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_true (cas_merge_service_reject (M, fixture->op1, id, "Different mothers' names",
                                           &error));
  g_assert_no_error (error);
  got = cas_merge_service_get (M, fixture->admin, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->status, ==, CAS_MERGE_REJECTED);
  g_assert_cmpstr (got->decision_reason, ==, "Different mothers' names");

  /* A rejected request is not approved, nor rejected again */
  g_assert_false (cas_merge_service_approve (M, fixture->op2, id, NULL, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "rejected"));
  g_clear_error (&error);
  g_assert_false (cas_merge_service_reject (M, fixture->op2, id, "again", &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS);
  g_clear_error (&error);

  /* The pair may be requested again */
  g_assert_cmpint (cas_merge_service_request (M, fixture->op1, pair, 2, "again", &error), >, 0);
  g_assert_no_error (error);
}

static void
test_not_same (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  g_assert_true (cas_merge_service_not_same (M, fixture->op1, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM duplicate_decision "
                              "WHERE person_a = %" G_GINT64_FORMAT " AND person_b = %"
                              G_GINT64_FORMAT, MIN (fixture->a, fixture->b),
                              MAX (fixture->a, fixture->b)), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM merge_request "
                              "WHERE status = 'rejected'"), ==, 1);
}


/* Random sequences of requests, approvals, rejections and undos: after
 * every step nothing is lost or twice, and undoing every merge still
 * applied, latest first, gives back the rows as they were */
static void
test_property_random (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CasMergeCheck) start = NULL;
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_applied = 0, n_undone = 0, n_blocked = 0, n_refused = 0;
  gint64 audit = 0;

  g_array_append_vals (people, (gint64[]) { fixture->a, fixture->b, fixture->c }, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("lotte%u@example.be", i);
      gint64 id = add_person (fixture, fixture->centre_a, "Lotte", "Wouters", "1991-06-14",
                              email, NULL, NULL);

      g_array_append_val (people, id);
      add_registration (fixture, i % 2 ? fixture->s1 : fixture->s3, id, i == 1 ? 55 : -1);
    }
  add_registration (fixture, fixture->s4, fixture->c, 88);

  start = counts (fixture);
  before = dump_rows (fixture, FALSE);

  for (guint step = 0; step < 40; step++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CasMergeCheck) now = NULL;
      guint action = g_test_rand_int_range (0, 10);

      if (action < 4 || (pending->len == 0 && applied->len == 0))
        {
          guint n = g_test_rand_int_range (2, 4);
          gint64 ids[3];
          gint64 id;

          for (guint i = 0; i < n; i++)
            ids[i] = g_array_index (people, gint64, g_test_rand_int_range (0, people->len));
          id = cas_merge_service_request (M, g_test_rand_bit () ? fixture->op1 : fixture->admin,
                                          ids, n, "random", &error);
          if (id > 0)
            g_array_append_val (pending, id);
          else if (++n_refused)
            g_assert_true (error->domain == CAS_MERGE_ERROR ||
                           error->domain == CAS_ACCESS_ERROR);
        }
      else if (action < 7 && pending->len > 0)
        {
          guint pick = g_test_rand_int_range (0, pending->len);
          gint64 id = g_array_index (pending, gint64, pick);
          g_autoptr(CasMergePreview) preview = cas_merge_service_preview (M, fixture->op2, id, 0,
                                                                          &error);
          g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
          CasMergeRecord *record;

          g_assert_no_error (error);
          record = g_ptr_array_index (preview->records,
                                      g_test_rand_int_range (0, preview->records->len));
          cas_merge_decision_set_survivor (decision, record->person->id);
          cas_merge_decision_accept_preview (decision, preview, TRUE);
          g_array_remove_index (pending, pick);
          if (cas_merge_service_approve (M, fixture->op2, id, decision, &error) && ++n_applied)
            g_array_append_val (applied, id);
          else
            {
              /* A record merged away by another request since */
              g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE);
              g_clear_error (&error);
              g_assert_true (cas_merge_service_reject (M, fixture->op2, id, "gone", &error));
            }
        }
      else if (action < 8 && pending->len > 0)
        {
          guint pick = g_test_rand_int_range (0, pending->len);

          g_assert_true (cas_merge_service_reject (M, fixture->op1,
                                                   g_array_index (pending, gint64, pick),
                                                   "random", &error));
          g_array_remove_index (pending, pick);
        }
      else if (applied->len > 0)
        {
          guint pick = g_test_rand_int_range (0, applied->len);

          if (cas_merge_service_undo (M, fixture->op1, g_array_index (applied, gint64, pick),
                                      &error) && ++n_undone)
            g_array_remove_index (applied, pick);
          else if (++n_blocked)
            g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED);
        }

      assert_invariants (fixture);
      now = counts (fixture);
      g_assert_cmpint (now->n_registrations, ==, start->n_registrations);
      g_assert_cmpint (now->n_attestations, ==, start->n_attestations);
      g_assert_cmpint (now->n_accounts, ==, start->n_accounts);
      g_assert_cmpint (now->n_persons, ==, start->n_persons);
      g_assert_cmpint (now->n_audit_events, >=, audit);
      audit = now->n_audit_events;
    }

  /* Latest first, every undo goes through */
  for (guint i = applied->len; i-- > 0; )
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cas_merge_service_undo (M, fixture->op1, g_array_index (applied, gint64, i),
                                             &error));
      g_assert_no_error (error);
    }
  after = dump_rows (fixture, FALSE);
  g_assert_cmpstr (before, ==, after);
  g_test_message ("%u merges applied, %u undone, %u undos refused, %u requests refused, "
                  "%u undone at the end", n_applied, n_undone, n_blocked, n_refused, applied->len);
}

/* PostgreSQL: the accounts' own database roles may do all of it */
static void
test_postgresql_roles (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) admin_desk = NULL;
  g_autoptr(CasDatabase) op2_desk = NULL;
  g_autoptr(CasDatabase) op1_desk = NULL;
  g_autoptr(CasAccount) admin = NULL;
  g_autoptr(CasAccount) op2 = NULL;
  g_autoptr(CasAccount) op1 = NULL;
  g_autoptr(CasMergeService) by_admin = NULL;
  g_autoptr(CasMergeService) by_op2 = NULL;
  g_autoptr(CasMergeService) by_op1 = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(CasMergeCheck) check = NULL;
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  gint64 pair[2] = { fixture->a, fixture->b };
  gint64 id;

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
      return;
    }

  admin_desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  op2_desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  op1_desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CasAccountService) a1 = cas_account_service_new (admin_desk);
    g_autoptr(CasAccountService) a2 = cas_account_service_new (op2_desk);
    g_autoptr(CasAccountService) a3 = cas_account_service_new (op1_desk);

    admin = cas_account_service_authenticate (a1, "m.admin", "merge password", &error);
    g_assert_no_error (error);
    op2 = cas_account_service_authenticate (a2, "m.operator2", "merge password", &error);
    g_assert_no_error (error);
    op1 = cas_account_service_authenticate (a3, "test.operator", "test operator password",
                                            &error);
    g_assert_no_error (error);
  }
  by_admin = cas_merge_service_new (admin_desk);
  by_op2 = cas_merge_service_new (op2_desk);
  by_op1 = cas_merge_service_new (op1_desk);

  id = cas_merge_service_request (by_admin, admin, pair, 2, "One person, two logins", &error);
  g_assert_no_error (error);
  before = dump (fixture);
  mine = cas_merge_service_list (by_admin, admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);

  preview = cas_merge_service_preview (by_op2, op2, id, fixture->a, &error);
  g_assert_no_error (error);
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  g_assert_true (cas_merge_service_approve (by_op2, op2, id, decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT merged_into FROM person WHERE id = %"
                              G_GINT64_FORMAT, fixture->b), ==, fixture->a);

  check = cas_merge_service_check (by_op1, op1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->problems->len, ==, 0);

  g_assert_true (cas_merge_service_undo (by_op1, op1, id, &error));
  g_assert_no_error (error);
  undone = dump (fixture);
  g_assert_cmpstr (before, ==, undone);
}

typedef struct
{
  CasDatabase      *desk;
  CasAccount       *operator;
  CasMergeService  *merges;
  CasMergeDecision *decision;
  gint64            request;
  GMutex           *mutex;
  GCond            *cond;
  gboolean         *go;
  gboolean          applied;
  GError           *error;
} Approver;

static gpointer
approve_in_thread (gpointer data)
{
  Approver *a = data;

  g_mutex_lock (a->mutex);
  while (!*a->go)
    g_cond_wait (a->cond, a->mutex);
  g_mutex_unlock (a->mutex);

  a->applied = cas_merge_service_approve (a->merges, a->operator, a->request, a->decision,
                                          &a->error);

  return NULL;
}

/* PostgreSQL: two operators approve one request at once; one applies it */
static void
test_postgresql_concurrent_approve (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char * const logins[2] = { "test.operator", "m.operator2" };
  static const char * const passwords[2] = { "test operator password", "merge password" };
  Approver approvers[2] = { { 0, }, { 0, } };
  GThread *threads[2];
  GMutex mutex;
  GCond cond;
  gboolean go = FALSE;
  gint64 id;

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
      return;
    }

  id = request (fixture, fixture->admin, fixture->a, fixture->b);
  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CasAccountService) accounts = NULL;
      g_autoptr(CasMergePreview) preview = NULL;
      g_autoptr(GError) error = NULL;
      Approver *a = &approvers[i];

      a->desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
      g_assert_no_error (error);
      accounts = cas_account_service_new (a->desk);
      a->operator = cas_account_service_authenticate (accounts, logins[i], passwords[i], &error);
      g_assert_no_error (error);
      a->merges = cas_merge_service_new (a->desk);
      preview = cas_merge_service_preview (a->merges, a->operator, id, fixture->a, &error);
      g_assert_no_error (error);
      a->decision = cas_merge_decision_new ();
      cas_merge_decision_accept_preview (a->decision, preview, TRUE);
      a->request = id;
      a->mutex = &mutex;
      a->cond = &cond;
      a->go = &go;
    }

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("approver", approve_in_thread, &approvers[i]);
  g_mutex_lock (&mutex);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&mutex);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  g_assert_true (approvers[0].applied != approvers[1].applied);
  for (guint i = 0; i < 2; i++)
    {
      Approver *a = &approvers[i];

      if (!a->applied)
        g_assert_error (a->error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS);
      g_clear_error (&a->error);
      cas_merge_decision_free (a->decision);
      g_object_unref (a->merges);
      g_object_unref (a->operator);
      g_object_unref (a->desk);
    }
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);

  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM audit_event "
                              "WHERE action = 'merge.apply'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM registration WHERE person_id = %"
                              G_GINT64_FORMAT, fixture->a), ==, 3);
  assert_invariants (fixture);
}

/* An administrator's view of the register: on PostgreSQL a connection of
 * their own login role, so that row-level security applies */
typedef struct
{
  CasDatabase     *desk;
  CasAccount      *admin;
  CasMergeService *merges;
} AdminDesk;

static void
admin_desk_open (Fixture    *fixture,
                 AdminDesk  *desk,
                 const char *login)
{
  g_autoptr(GError) error = NULL;

  if (!cas_test_is_postgresql ())
    {
      desk->desk = g_object_ref (fixture->tdb->db);
      desk->admin = cas_test_login (fixture->tdb, login, "merge password");
    }
  else
    {
      g_autoptr(CasAccountService) accounts = NULL;

      desk->desk = cas_database_open (fixture->tdb->location, CAS_DATABASE_OPEN_LOGIN, &error);
      g_assert_no_error (error);
      accounts = cas_account_service_new (desk->desk);
      desk->admin = cas_account_service_authenticate (accounts, login, "merge password", &error);
      g_assert_no_error (error);
    }
  desk->merges = cas_merge_service_new (desk->desk);
}

static void
admin_desk_close (AdminDesk *desk)
{
  g_clear_object (&desk->merges);
  g_clear_object (&desk->admin);
  g_clear_object (&desk->desk);
}

/* The administrator of centre A asks Certassur to merge a record of theirs
 * with one centre B holds (issue 6) */
static void
test_request_duplicate (Fixture       *fixture,
                        gconstpointer  data)
{
  AdminDesk desk = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(CasDuplicateService) duplicates = cas_duplicate_service_new (fixture->tdb->db);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *held = NULL;
  gint64 d, gone, twin, id;
  CasMergeRequest *r;

  /* d: Jan Peeters again, at centre B; gone: merged away already; twin:
   * marked not the same person as a */
  d = add_person (fixture, fixture->centre_b, "Jan", "Peeters", "1980-04-12",
                  "jan.peeters@telenet.be", "+32475998877", "Kerkstraat 9");
  gone = add_person (fixture, fixture->centre_b, "Jan", "Peters", "1980-04-12",
                     "jan.peeters@telenet.be", NULL, NULL);
  twin = add_person (fixture, fixture->centre_b, "Jan", "Peeters", "1980-04-12", NULL, NULL,
                     NULL);
  sql = g_strdup_printf ("UPDATE person SET merged_into = %" G_GINT64_FORMAT " WHERE id = %"
                         G_GINT64_FORMAT, d, gone);
  cas_test_exec_sql (fixture->tdb, sql);
  g_assert_true (cas_duplicate_service_dismiss (duplicates, fixture->op1, fixture->a, twin,
                                                "Father and son", &error));
  g_assert_no_error (error);

  admin_desk_open (fixture, &desk, "m.admin");
  before = dump (fixture);

#define REFUSED(x, y, domain, code) \
  G_STMT_START { \
    g_assert_cmpint (cas_merge_service_request_duplicate (desk.merges, desk.admin, x, y, \
                                                          "Same person", &error), ==, 0); \
    g_assert_error (error, domain, code); \
    g_assert_null (strstr (error->message, "telenet")); \
    g_assert_null (strstr (error->message, "Kerkstraat")); \
  } G_STMT_END

  /* Not a candidate at all: Marie Dubois, whose name is not told */
  REFUSED (fixture->a, fixture->c, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Jan Peeters"));
  g_assert_null (strstr (error->message, "Marie"));
  g_assert_null (strstr (error->message, "Dubois"));
  g_assert_null (strstr (error->message, "1975"));
  g_assert_null (strstr (error->message, "gmail"));
  g_clear_error (&error);
  REFUSED (fixture->a, 999999, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);
  REFUSED (fixture->a, gone, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE);
  g_clear_error (&error);
  REFUSED (fixture->a, twin, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "not the same person"));
  g_clear_error (&error);
  REFUSED (fixture->a, fixture->a, CAS_MERGE_ERROR, CAS_MERGE_ERROR_SAME_RECORD);
  g_clear_error (&error);
  /* Two records of centre B */
  REFUSED (fixture->c, d, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (cas_merge_service_request_duplicate (desk.merges, desk.admin, fixture->a, d,
                                                        "  ", &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  /* Either order: the record of the administrator's centre is found */
  id = cas_merge_service_request_duplicate (desk.merges, desk.admin, d, fixture->a,
                                            "Same person, registered at both centres", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM merge_request_person "
                              "WHERE request_id = %" G_GINT64_FORMAT " AND person_id IN (%"
                              G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", id, fixture->a, d),
                   ==, 2);

  /* Held: b is Jan Peeters too, d is in request id */
  REFUSED (fixture->b, d, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
  held = g_strdup_printf ("request #%" G_GINT64_FORMAT, id);
  g_assert_nonnull (strstr (error->message, held));
  g_clear_error (&error);

  /* The requester's list names the other record by its minimal identity */
  mine = cas_merge_service_list (desk.merges, desk.admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  r = g_ptr_array_index (mine, 0);
  g_assert_cmpint (r->id, ==, id);
  g_assert_cmpuint (r->person_ids->len, ==, 2);
  g_assert_nonnull (strstr (r->names, "Jan Peeters (#"));
  g_assert_nonnull (strstr (r->names, "born 1980, Centre B)"));
  g_assert_null (strstr (r->names, "1980-04-12"));
  /* With the score the duplicate check gave the pair */
  g_assert_cmpint (r->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_nonnull (r->reasons);
  g_assert_cmpfloat (r->score, >, 0);
#undef REFUSED

  /* An operator sees and approves it as any other */
  approve (fixture, id, fixture->a);
  g_assert_cmpint (query_int (fixture, "SELECT merged_into FROM person WHERE id = %"
                              G_GINT64_FORMAT, d), ==, fixture->a);
  assert_invariants (fixture);

  admin_desk_close (&desk);
}

/* The state cas_merge_other_record () gives on @desk */
static char *
other_record_state (AdminDesk *desk,
                    gint64     request_id,
                    gint64     own,
                    gint64     other)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT state FROM cas_merge_other_record (%"
                                          G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                                          G_GINT64_FORMAT ")", request_id, own, other);

  model = _cas_database_query (desk->desk, &error, sql, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (gda_data_model_get_n_rows (model), ==, 1);

  return _cas_model_dup_string (model, 0, 0);
}

/* On PostgreSQL, the functions an administrator's role may call tell the
 * minimal identity of another centre's record and add only a candidate */
static void
test_postgresql_request_duplicate (Fixture       *fixture,
                                   gconstpointer  data)
{
  AdminDesk desk = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *state = NULL;
  gint64 d, other_request, mine;

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
      return;
    }

  d = add_person (fixture, fixture->centre_b, "Jan", "Peeters", "1980-04-12",
                  "jan.peeters@telenet.be", NULL, "Kerkstraat 9");
  other_request = request (fixture, fixture->op1, fixture->c, d);
  admin_desk_open (fixture, &desk, "m.admin");

  /* The role reads neither record of centre B, nor the operator's request */
#define COUNT(...) \
  G_STMT_START { \
    gint64 n = -1; \
    g_autofree char *q = g_strdup_printf (__VA_ARGS__); \
    g_assert_true (_cas_database_query_int64 (desk.desk, &n, NULL, &error, q, NULL)); \
    g_assert_no_error (error); \
    g_assert_cmpint (n, ==, 0); \
  } G_STMT_END
  COUNT ("SELECT COUNT(*) FROM person WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
         fixture->c, d);
  COUNT ("SELECT COUNT(*) FROM cas_merge_request_identities (%" G_GINT64_FORMAT ")",
         other_request);

  /* The check: the minimal identity, and nothing of a record of centre B
   * paired with another of centre B */
  sql = g_strdup_printf ("SELECT * FROM cas_merge_other_record (0, %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ")", fixture->a, fixture->c);
  model = _cas_database_query (desk.desk, &error, sql, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (gda_data_model_get_n_columns (model), ==, 7);
  g_assert_cmpstr (g_value_get_string (gda_data_model_get_value_at (model, 0, 0, NULL)), ==,
                   "not-candidate");
  for (int col = 1; col < 7; col++)
    g_assert_true (_cas_model_is_null (model, col, 0));
  g_clear_object (&model);
  state = other_record_state (&desk, 0, fixture->c, d);
  g_assert_cmpstr (state, ==, "not-yours");

  /* A request of their own record cannot name Marie Dubois, neither
   * through the function nor directly */
  g_assert_true (_cas_database_exec (desk.desk, NULL, &error,
                                     "INSERT INTO merge_request (status, requested_by, "
                                     "requested_at, reason) VALUES ('pending', ##by::gint64, "
                                     "'2026-01-01 00:00:00', 'probe')",
                                     "by", cas_account_get_id (desk.admin), NULL));
  g_assert_no_error (error);
  mine = _cas_database_last_insert_id (desk.desk, &error);
  g_assert_no_error (error);
  g_assert_true (_cas_database_exec (desk.desk, NULL, &error,
                                     "INSERT INTO merge_request_person (request_id, person_id) "
                                     "VALUES (##r::gint64, ##p::gint64)",
                                     "r", mine, "p", fixture->a, NULL));
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = other_record_state (&desk, mine, fixture->a, fixture->c);
  g_assert_cmpstr (state, ==, "not-candidate");
  g_assert_false (_cas_database_exec (desk.desk, NULL, &error,
                                      "INSERT INTO merge_request_person (request_id, person_id) "
                                      "VALUES (##r::gint64, ##p::gint64)",
                                      "r", mine, "p", fixture->c, NULL));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM merge_request_person "
                              "WHERE request_id = %" G_GINT64_FORMAT, mine), ==, 1);

  /* d is a candidate, but held by the operator's request */
  g_clear_pointer (&state, g_free);
  state = other_record_state (&desk, mine, fixture->a, d);
  g_assert_cmpstr (state, ==, "held");

  /* Of a candidate, the names, the year of birth and the centre */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT * FROM cas_merge_other_record (0, %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ")", fixture->a, d);
  model = _cas_database_query (desk.desk, &error, sql, NULL);
  g_assert_no_error (error);
  {
    g_autofree char *first = _cas_model_dup_string (model, 2, 0);
    g_autofree char *year = _cas_model_dup_string (model, 4, 0);
    g_autofree char *centre = _cas_model_dup_string (model, 5, 0);

    g_assert_cmpstr (first, ==, "Jan");
    g_assert_cmpstr (year, ==, "1980");
    g_assert_cmpstr (centre, ==, "Centre B");
  }
  g_clear_object (&model);
#undef COUNT

  admin_desk_close (&desk);
}

/* The survivor's name changes: the attestations that carry another name
 * are listed, and re-issued only when the decision asks; such a merge is
 * not undone */
static void
test_reissue (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autoptr(GPtrArray) renamed = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *after = NULL;
  g_autofree char *number_a = NULL;
  g_autofree char *number_b = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);
  gint64 n_attestations;

  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->attestations->len, ==, 2);

  /* As proposed, Jan Peeters: b's attestation says JAN PEETERS */
  renamed = cas_merge_preview_renamed_attestations (preview, "Jan", "Peeters");
  g_assert_cmpuint (renamed->len, ==, 1);
  g_assert_cmpint (((CasMergeAttestation *) g_ptr_array_index (renamed, 0))->person_id, ==,
                   fixture->b);
  g_assert_cmpstr (((CasMergeAttestation *) g_ptr_array_index (renamed, 0))->first_name, ==,
                   "JAN");
  g_clear_pointer (&renamed, g_ptr_array_unref);
  renamed = cas_merge_preview_renamed_attestations (preview, "Jan-Willem", "Peeters");
  g_assert_cmpuint (renamed->len, ==, 2);
  number_a = g_strdup (((CasMergeAttestation *) g_ptr_array_index (renamed, 0))->number);
  number_b = g_strdup (((CasMergeAttestation *) g_ptr_array_index (renamed, 1))->number);

  n_attestations = query_int (fixture, "SELECT COUNT(*) FROM attestation");
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  cas_merge_decision_set_value (decision, "first_name", "Jan-Willem");
  cas_merge_decision_set_reissue (decision, TRUE);
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_no_error (error);

  /* New versions with the new name and the same numbers; the old ones kept
   * as issued, superseded */
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM attestation"), ==,
                   n_attestations + 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *number = i == 0 ? number_a : number_b;
      g_autoptr(CasAttestation) current = cas_attestation_service_get (fixture->attestations,
                                                                        fixture->op1, number,
                                                                        &error);
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM attestation WHERE number = "
                                              "'%s' AND version = 1 AND status = 'superseded'",
                                              number);

      g_assert_no_error (error);
      g_assert_cmpint (current->version, ==, 2);
      g_assert_cmpint (current->status, ==, CAS_ATTESTATION_VALID);
      g_assert_cmpint (current->person_id, ==, fixture->a);
      g_assert_cmpstr (current->first_name, ==, "Jan-Willem");
      g_assert_cmpstr (current->last_name, ==, "Peeters");
      g_assert_cmpint (cas_test_query_int (fixture->tdb->db, sql), ==, 1);
    }
  assert_invariants (fixture);

  /* Undo is refused, naming the new versions, and changes nothing */
  applied = dump (fixture);
  g_assert_false (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, number_a));
  g_assert_nonnull (strstr (error->message, "-2"));
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (applied, ==, after);
}

/* Without asking, a name change re-issues nothing, and undo works */
static void
test_reissue_off (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  gint64 id = request (fixture, fixture->admin, fixture->a, fixture->b);

  before = dump (fixture);
  preview = cas_merge_service_preview (M, fixture->op2, id, fixture->a, &error);
  g_assert_no_error (error);
  cas_merge_decision_accept_preview (decision, preview, TRUE);
  cas_merge_decision_set_value (decision, "first_name", "Jan-Willem");
  g_assert_true (cas_merge_service_approve (M, fixture->op2, id, decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM attestation WHERE version > 1"), ==,
                   0);
  g_assert_cmpint (query_int (fixture, "SELECT COUNT(*) FROM attestation "
                              "WHERE status <> 'valid'"), ==, 0);

  g_assert_true (cas_merge_service_undo (M, fixture->op1, id, &error));
  g_assert_no_error (error);
  undone = dump (fixture);
  g_assert_cmpstr (before, ==, undone);
  assert_invariants (fixture);
}

/* On PostgreSQL an administrator's role reads only their own requests;
 * "held by another pending request" looks at everyone's all the same */
static void
test_postgresql_held (Fixture       *fixture,
                      gconstpointer  data)
{
  AdminDesk one = { 0, };
  AdminDesk two = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 e, first, second;
  gint64 a_e[2], a_b[2], b_e[2];

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
      return;
    }

  e = add_person (fixture, fixture->centre_a, "Jan", "Peters", "1980-04-12", NULL, NULL, NULL);
  a_e[0] = fixture->a, a_e[1] = e;
  a_b[0] = fixture->a, a_b[1] = fixture->b;
  b_e[0] = fixture->b, b_e[1] = e;
  add_account (fixture, "m.admin2", CAS_ROLE_ADMIN, fixture->centre_a, 0);
  admin_desk_open (fixture, &one, "m.admin");
  admin_desk_open (fixture, &two, "m.admin2");

  first = cas_merge_service_request (one.merges, one.admin, a_b, 2, "Two logins", &error);
  g_assert_no_error (error);

  /* The second administrator does not see the first one's request... */
  seen = cas_merge_service_list (two.merges, two.admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 0);

  /* ...but may not name its records in another */
  before = dump (fixture);
  g_assert_cmpint (cas_merge_service_request (two.merges, two.admin, a_e, 2, "Same", &error),
                   ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
  g_clear_error (&error);
  g_assert_cmpint (cas_merge_service_request_duplicate (two.merges, two.admin, e, fixture->b,
                                                        "Same", &error), ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
  g_clear_error (&error);
  after = dump (fixture);
  g_assert_cmpstr (before, ==, after);

  /* A request an operator made holds its records for the administrators */
  g_assert_true (cas_merge_service_reject (M, fixture->op2, first, "Ask again", &error));
  g_assert_no_error (error);
  second = request (fixture, fixture->op1, fixture->b, e);
  g_assert_cmpint (cas_merge_service_request (two.merges, two.admin, a_b, 2, "Same", &error),
                   ==, 0);
  g_assert_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
  g_assert_nonnull (strstr (error->message, "#"));
  g_clear_error (&error);

  /* Once it is decided, the records are free */
  g_assert_true (cas_merge_service_reject (M, fixture->op2, second, "Ask again", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cas_merge_service_request (two.merges, two.admin, b_e, 2, "Same", &error), >,
                   0);
  g_assert_no_error (error);

  admin_desk_close (&one);
  admin_desk_close (&two);
}

typedef struct
{
  AdminDesk  desk;
  gint64     pair[2];
  GMutex    *mutex;
  GCond     *cond;
  gboolean  *go;
  gint64     request;
  GError    *error;
} Requester;

static gpointer
request_in_thread (gpointer data)
{
  Requester *r = data;

  g_mutex_lock (r->mutex);
  while (!*r->go)
    g_cond_wait (r->cond, r->mutex);
  g_mutex_unlock (r->mutex);

  r->request = cas_merge_service_request (r->desk.merges, r->desk.admin, r->pair, 2, "At once",
                                          &r->error);

  return NULL;
}

/* Two administrators of one centre name one record at the same moment:
 * one request is made, the other is refused as held */
static void
test_postgresql_concurrent_request (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char * const logins[2] = { "m.admin", "m.admin2" };
  gint64 e;

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("PostgreSQL only: set CERTASSUR_TEST_POSTGRESQL");
      return;
    }

  e = add_person (fixture, fixture->centre_a, "Jan", "Peters", "1980-04-12", NULL, NULL, NULL);
  add_account (fixture, "m.admin2", CAS_ROLE_ADMIN, fixture->centre_a, 0);

  for (guint round = 0; round < 3; round++)
    {
      Requester requesters[2] = { { { 0, }, }, { { 0, }, } };
      GThread *threads[2];
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;
      guint made = 0;

      g_mutex_init (&mutex);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        {
          Requester *r = &requesters[i];

          admin_desk_open (fixture, &r->desk, logins[i]);
          r->pair[0] = fixture->a;
          r->pair[1] = i == 0 ? fixture->b : e;
          r->mutex = &mutex;
          r->cond = &cond;
          r->go = &go;
          threads[i] = g_thread_new ("requester", request_in_thread, r);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);

      for (guint i = 0; i < 2; i++)
        {
          Requester *r = &requesters[i];
          g_autoptr(GError) error = NULL;

          g_thread_join (threads[i]);
          if (r->request > 0)
            {
              made++;
              g_assert_true (cas_merge_service_reject (M, fixture->op1, r->request, "Round over",
                                                       &error));
              g_assert_no_error (error);
            }
          else
            g_assert_error (r->error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD);
          g_clear_error (&r->error);
          admin_desk_close (&r->desk);
        }
      g_assert_cmpuint (made, ==, 1);
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/merge/request/rules", test_request_rules);
  ADD ("/merge/request/list", test_list);
  ADD ("/merge/request/duplicate", test_request_duplicate);
  ADD ("/merge/approve/four-eyes", test_four_eyes);
  ADD ("/merge/approve/changed", test_changed);
  ADD ("/merge/preview/default-survivor", test_default_survivor);
  ADD ("/merge/apply/moves-everything", test_apply_moves_everything);
  ADD ("/merge/apply/conflicts", test_conflicts);
  ADD ("/merge/apply/field-choices", test_field_choices);
  ADD ("/merge/apply/reissue", test_reissue);
  ADD ("/merge/apply/reissue-off", test_reissue_off);
  ADD ("/merge/undo/restores", test_undo_restores);
  ADD ("/merge/undo/blocked", test_undo_blocked);
  ADD ("/merge/undo/expired", test_undo_expired);
  ADD ("/merge/reject/reason", test_reject);
  ADD ("/merge/reject/not-same", test_not_same);
  ADD ("/merge/property/random-sequences", test_property_random);
  ADD ("/merge/postgresql/roles", test_postgresql_roles);
  ADD ("/merge/postgresql/concurrent-approve", test_postgresql_concurrent_approve);
  ADD ("/merge/postgresql/request-duplicate", test_postgresql_request_duplicate);
  ADD ("/merge/postgresql/held", test_postgresql_held);
  ADD ("/merge/postgresql/concurrent-request", test_postgresql_concurrent_request);
#undef ADD

  return g_test_run ();
}
