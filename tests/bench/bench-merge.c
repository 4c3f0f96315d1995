/* bench-merge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apply and undo of a merge of two persons with 50 registrations each
 * (half of them passed, with their attestations, and a session staffed),
 * on a new SQLite database: the request is made, then the approval (which
 * applies the merge in one transaction) and the undo are timed, again and
 * again. Prints figures; asserts nothing.
 *
 *   bench-merge [--registrations N] [--runs N]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-util.h"
#include "cas-account-service.h"
#include "cas-attestation-service.h"
#include "cas-company-service.h"
#include "cas-database-private.h"
#include "cas-exam-service.h"
#include "cas-merge-service.h"
#include "cas-person-service.h"
#include "cas-session-service.h"
#include "cas-util.h"

static void
check (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

static gint64
make_person (CasPersonService *persons,
             CasAccount       *local,
             gint64            centre,
             const char       *first,
             const char       *email)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup ("Claessens");
  person->birth_date = g_strdup ("1984-02-29");
  person->email = g_strdup (email);
  person->company_id = centre;
  cas_person_service_create (persons, local, person, &error);
  check (error);

  return person->id;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasAccount) operator = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasSessionService) sessions = NULL;
  g_autoptr(CasAttestationService) attestations = NULL;
  g_autoptr(CasMergeService) merges = NULL;
  g_autoptr(CasAccountService) accounts = NULL;
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasExamService) exams = NULL;
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(CasCompany) centre = cas_company_new ();
  g_autoptr(GArray) apply_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) undo_times = g_array_new (FALSE, FALSE, sizeof (double));
  int n_registrations = 50;
  int n_runs = 20;
  gint64 ids[2];
  gint64 account_id;
  GOptionEntry entries[] = {
    { "registrations", 0, 0, G_OPTION_ARG_INT, &n_registrations,
      "Registrations of each person (50)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Merges applied and undone (20)", "N" },
    { NULL }
  };

  g_setenv ("CERTASSUR_PWHASH", "fast", FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("bench-merge-XXXXXX", &error);
  check (error);
  location = g_build_filename (dir, "bench.db", NULL);
  db = cas_database_open (location, CAS_DATABASE_OPEN_CREATE, &error);
  check (error);
  local = cas_account_new_local (db);
  persons = cas_person_service_new (db);
  sessions = cas_session_service_new (db);
  attestations = cas_attestation_service_new (db);
  merges = cas_merge_service_new (db);
  accounts = cas_account_service_new (db);
  companies = cas_company_service_new (db);
  exams = cas_exam_service_new (db);
  key = g_build_filename (dir, "bench.key", NULL);
  cas_attestation_service_set_key_path (attestations, key);
  cas_attestation_service_ensure_key (attestations, local, &error);
  check (error);

  account_id = cas_account_service_create (accounts, local, "bench.operator", "bench password",
                                           0, &error);
  check (error);
  cas_account_service_grant (accounts, local, account_id, CAS_ROLE_OPERATOR, 0, &error);
  check (error);
  operator = cas_account_service_authenticate (accounts, "bench.operator", "bench password",
                                               &error);
  check (error);

  centre->name = g_strdup ("Bench centre");
  centre->is_exam_centre = TRUE;
  centre->id = cas_company_service_create (companies, local, centre, &error);
  check (error);
  exam = cas_exam_service_find_by_code (exams, "INS-1", &error);
  check (error);

  ids[0] = make_person (persons, local, centre->id, "Els", "els.claessens@telenet.be");
  ids[1] = make_person (persons, local, centre->id, "ELS", "e.claessens@work.be");
  cas_account_service_create (accounts, local, "els.a", "bench password", ids[0], &error);
  check (error);
  cas_account_service_create (accounts, local, "els.b", "bench password", ids[1], &error);
  check (error);

  for (int p = 0; p < 2; p++)
    for (int i = 0; i < n_registrations; i++)
      {
        g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
        g_autoptr(GDateTime) then = g_date_time_add_days (now, 1 + p * n_registrations + i);
        g_autofree char *start = g_date_time_format (then, "%Y-%m-%d 09:00");
        CasSessionDraft draft = { 0, };
        gint64 session, registration;

        draft.exam_id = exam->id;
        draft.company_id = centre->id;
        draft.starts_at = start;
        draft.location = "Boulevard du Roi Albert II 9, 1210 Bruxelles";
        draft.capacity = 20;
        draft.language = "fr";
        session = cas_session_service_create (sessions, local, &draft, &error);
        check (error);
        registration = cas_session_service_register (sessions, local, session, ids[p], &error);
        check (error);
        if (i == 0)
          {
            cas_session_service_add_staff (sessions, local, session, ids[1 - p],
                                           CAS_STAFF_CONTROLLER, &error);
            check (error);
          }
        if (i % 2 == 0)
          {
            _cas_database_exec (db, NULL, &error,
                                "UPDATE registration SET status = 'passed', score = 75 "
                                "WHERE id = ##id::gint64", "id", registration, NULL);
            check (error);
            cas_attestation_service_issue (attestations, operator, registration, &error);
            check (error);
          }
      }

  for (int run = 0; run < n_runs; run++)
    {
      g_autoptr(CasMergePreview) preview = NULL;
      g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
      gint64 request, start;
      double ms;

      request = cas_merge_service_request (merges, local, ids, 2, "Benchmark", &error);
      check (error);

      start = g_get_monotonic_time ();
      preview = cas_merge_service_preview (merges, operator, request, ids[run % 2], &error);
      check (error);
      cas_merge_decision_accept_preview (decision, preview, TRUE);
      cas_merge_service_approve (merges, operator, request, decision, &error);
      check (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (apply_times, ms);

      start = g_get_monotonic_time ();
      cas_merge_service_undo (merges, operator, request, &error);
      check (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (undo_times, ms);
    }

  printf ("Merge of two persons with %d registrations each (%d passed, with attestations), "
          "SQLite\n", n_registrations, (n_registrations + 1) / 2);
  bench_print_times ("preview + approve (apply)", 40, apply_times);
  bench_print_times ("undo", 40, undo_times);

  g_clear_object (&merges);
  g_clear_object (&attestations);
  g_clear_object (&sessions);
  g_clear_object (&persons);
  g_clear_object (&accounts);
  g_clear_object (&companies);
  g_clear_object (&exams);
  g_clear_object (&operator);
  g_clear_object (&local);
  g_clear_object (&db);
  g_unlink (key);
  g_unlink (location);
  {
    g_autofree char *wal = g_strconcat (location, "-wal", NULL);
    g_autofree char *shm = g_strconcat (location, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);

  return 0;
}
