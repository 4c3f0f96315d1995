/* bench-sessions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Sessions view asks of the database with 100,000 sessions: the
 * count behind a filter or a search keystroke, and pages of 100 rows fetched
 * as the list scrolls (the view's paged model never loads more than the
 * pages on screen). Prints median and 95th percentile; asserts nothing.
 *
 *   bench-sessions [--sessions N] [--database FILE]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-util.h"
#include "cas-account.h"
#include "cas-database-private.h"
#include "cas-session-service.h"

#define PAGE 100

/* The queries run as an operator would see the sessions: all of them */
static CasAccount *actor;

static void
fill (CasDatabase *db,
      guint        n_sessions)
{
  static const char * const session_columns[] = {
    "id", "exam_id", "company_id", "starts_at", "duration_minutes", "location", "room", "capacity",
    "language", "status", "search_text", "created_at",
  };
  static const CasBulkType session_types[] = {
    CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT,
    CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  static const char * const person_columns[] = {
    "id", "first_name", "last_name", "language", "created_at", "updated_at",
  };
  static const CasBulkType person_types[] = {
    CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  static const char * const registration_columns[] = {
    "person_id", "session_id", "status", "registered_at",
  };
  static const CasBulkType registration_types[] = {
    CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  static const char * const centres[][2] = {
    { "Assurcentre Bruxelles", "Bruxelles" }, { "Opleidingscentrum Antwerpen", "Antwerpen" },
    { "Examencentrum Gent", "Gent" }, { "Centre de formation Liège", "Liège" },
    { "Centre d'examens Namur", "Namur" }, { "Prüfungszentrum Eupen", "Eupen" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CasBulkInsert) sessions = NULL;
  g_autoptr(CasBulkInsert) persons = NULL;
  g_autoptr(CasBulkInsert) registrations = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 centre_ids[G_N_ELEMENTS (centres)];
  guint n_persons = n_sessions / 2;

  g_assert_true (_cas_database_begin (db, &error));

  for (guint c = 0; c < G_N_ELEMENTS (centres); c++)
    {
      g_assert_true (_cas_database_exec (db, NULL, &error,
                                         "INSERT INTO company "
                                         "(name, city, is_exam_centre, created_at) "
                                         "VALUES (##n::string, ##c::string, 1, 'now')",
                                         "n", centres[c][0], "c", centres[c][1], NULL));
      centre_ids[c] = _cas_database_last_insert_id (db, &error);
    }

  persons = _cas_bulk_insert_new (db, "person", person_columns, person_types, 6);
  for (guint i = 1; i <= n_persons; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      const char *values[] = { id, "Jan", "Peeters", "nl", "now", "now" };
      g_assert_true (_cas_bulk_insert_add (persons, values, &error));
    }
  g_assert_true (_cas_bulk_insert_finish (persons, &error));

  sessions = _cas_bulk_insert_new (db, "exam_session", session_columns, session_types, 12);
  registrations = _cas_bulk_insert_new (db,
                                        "registration",
                                        registration_columns,
                                        registration_types,
                                        4);
  for (guint i = 1; i <= n_sessions; i++)
    {
      /* Five years back and one ahead, a few sessions a day */
      g_autoptr(GDateTime) day = g_date_time_add_hours (now,
                                                        ((gint64) i - (gint64) n_sessions * 5 / 6)
                                                        * 24 * 6 * 365 / n_sessions);
      g_autofree char *starts = g_date_time_format (day, "%Y-%m-%dT%H:00");
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *exam = g_strdup_printf ("%u", 1 + i % 4);
      g_autofree char *company =
        g_strdup_printf ("%" G_GINT64_FORMAT, centre_ids[i % G_N_ELEMENTS (centres)]);
      g_autofree char *search = NULL;
      const char *parts[] = { "INS-1 Connaissances générales",
                              centres[i % G_N_ELEMENTS (centres)][0],
                              centres[i % G_N_ELEMENTS (centres)][1], "Salle 2" };

      search = _cas_session_search_text (parts, G_N_ELEMENTS (parts));
      {
        const char *values[] = { id, exam, company, starts, "90", "Rue Royale 35", "Salle 2", "20",
                                 "fr", "planned", search, "now" };
        g_assert_true (_cas_bulk_insert_add (sessions, values, &error));
      }
    }
  g_assert_true (_cas_bulk_insert_finish (sessions, &error));

  for (guint i = 1; i <= n_sessions; i++)
    for (guint r = 0; r < 5; r++)
      {
        g_autofree char *id = g_strdup_printf ("%u", i);
        g_autofree char *person = g_strdup_printf ("%u", 1 + (i * 7 + r * 13) % n_persons);
        const char *values[] = { person, id, "registered", "now" };

        g_assert_true (_cas_bulk_insert_add (registrations, values, &error));
      }
  g_assert_true (_cas_bulk_insert_finish (registrations, &error));
  g_assert_true (_cas_database_commit (db, &error));
  g_assert_no_error (error);
}

static void
time_count (CasSessionService *service,
            CasSessionWhen     when,
            const char        *search,
            const char        *label)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (when, search);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  for (guint run = 0; run < 20; run++)
    {
      gint64 start = g_get_monotonic_time ();
      guint n = 0;
      double ms;

      g_assert_true (cas_session_service_count (service, actor, query, &n, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  bench_print_times (label, 44, times);
}

static void
time_pages (CasSessionService *service,
            CasSessionWhen     when,
            const char        *search,
            const char        *label)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (when, search);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  guint n = 0;

  g_assert_true (cas_session_service_count (service, actor, query, &n, &error));

  for (guint run = 0; run < 50; run++)
    {
      /* Scrolling lands anywhere: the first page, then random ones */
      guint offset = run == 0 || n <= PAGE ? 0 : g_rand_int_range (rand, 0, n / PAGE) * PAGE;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) page = cas_session_service_list (service, actor, query, offset, PAGE,
                                                                    &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_no_error (error);
      g_array_append_val (times, ms);
    }

  g_rand_free (rand);
  bench_print_times (label, 44, times);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- Sessions view queries at scale");
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasSessionService) service = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  int n_sessions = 100000;
  gint64 start;
  const GOptionEntry entries[] = {
    { "sessions", 0, 0, G_OPTION_ARG_INT, &n_sessions, "Sessions (default 100000)", "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &path,
      "Keep the database in FILE (reused when it exists)", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (path == NULL)
    {
      tmp = g_dir_make_tmp ("certassur-bench-XXXXXX", NULL);
      path = g_build_filename (tmp, "sessions.db", NULL);
    }

  start = g_get_monotonic_time ();
  {
    gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

    db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
    g_assert_no_error (error);
    if (!exists)
      fill (db, n_sessions);
  }
  printf ("sessions                                     %d (5 candidates each; filled in %.1f s)\n",
          n_sessions, (g_get_monotonic_time () - start) / 1e6);

  service = cas_session_service_new (db);
  actor = cas_account_new_local (db);
  time_count (service, CAS_SESSION_WHEN_UPCOMING, NULL, "count, upcoming");
  time_count (service, CAS_SESSION_WHEN_ALL, NULL, "count, all");
  time_count (service, CAS_SESSION_WHEN_ALL, "liege", "count, search 'liege' (a keystroke)");
  time_count (service, CAS_SESSION_WHEN_ALL, "gent ins", "count, search 'gent ins'");
  time_pages (service, CAS_SESSION_WHEN_UPCOMING, NULL, "page of 100, upcoming");
  time_pages (service, CAS_SESSION_WHEN_ALL, NULL, "page of 100 anywhere in all sessions");
  time_pages (service, CAS_SESSION_WHEN_PAST, "liege", "page of 100, past, search 'liege'");

  g_clear_object (&service);
  g_clear_object (&actor);
  g_clear_object (&db);
  if (tmp != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmp);
    }

  return 0;
}
