/* bench-attestations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issuing the attestations of a session of 500 candidates end to end
 * (render, sign, store, in one transaction), and opening the preview of a
 * stored attestation as the window does (read the stored PDF, load it with
 * poppler, draw the first page into an image the size of the preview
 * pane). Prints figures; asserts nothing.
 *
 *   bench-attestations [--candidates N] [--runs R] [--database LOCATION]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>

#include "bench-util.h"
#include "cas-account.h"
#include "cas-attestation-service.h"
#include "cas-company-service.h"
#include "cas-database-private.h"
#include "cas-exam-service.h"
#include "cas-session-service.h"
#include "cas-util.h"

static void
check (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

/* A session of @n candidates who all passed, straight into the tables */
static gint64
make_session (CasDatabase *db,
              CasAccount  *local,
              gint64       centre,
              gint64       exam,
              guint        n,
              guint        run)
{
  g_autoptr(CasSessionService) sessions = cas_session_service_new (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 10 + run);
  g_autofree char *start = g_date_time_format (soon, "%Y-%m-%d 09:00");
  g_autofree char *when = cas_now_utc ();
  const char *languages[] = { "fr", "nl", "de", "en" };
  const char *first[] = { "Sophie", "Jan", "Lotte", "Marc", "Hélène", "Koen", "Anna", "Luc" };
  const char *last[] = { "Lambert", "Peeters", "Janssens", "Dubois", "Lefèvre", "Maes",
                         "Schmitz", "Van den Broeck" };
  CasSessionDraft draft = {
    .exam_id = exam, .company_id = centre, .starts_at = start,
    .location = "Avenue de Stassart 12, 5000 Namur", .room = "Local 4",
    .capacity = (int) n, .language = "fr",
  };
  gint64 session;

  session = cas_session_service_create (sessions, local, &draft, &error);
  check (error);

  _cas_database_begin (db, &error);
  check (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *birth = g_strdup_printf ("19%02u-%02u-%02u", 60 + i % 40, 1 + i % 12,
                                                1 + i % 28);
      gint64 person;

      _cas_database_exec (db, NULL, &error,
                          "INSERT INTO person (first_name, last_name, birth_date, language, "
                          "company_id, created_at, updated_at) VALUES (##first::string, "
                          "##last::string, ##birth::string, ##lang::string, ##centre::gint64, "
                          "##now::string, ##now::string)",
                          "first", first[i % G_N_ELEMENTS (first)],
                          "last", last[(i / 8) % G_N_ELEMENTS (last)],
                          "birth", birth, "lang", languages[i % 4], "centre", centre,
                          "now", when, NULL);
      check (error);
      person = _cas_database_last_insert_id (db, &error);
      check (error);
      _cas_database_exec (db, NULL, &error,
                          "INSERT INTO registration (person_id, session_id, status, score, "
                          "registered_at, result_at) VALUES (##person::gint64, "
                          "##session::gint64, 'passed', ##score::gint, ##now::string, "
                          "##now::string)",
                          "person", person, "session", session, "score", 50 + (int) (i % 50),
                          "now", when, NULL);
      check (error);
    }
  _cas_database_commit (db, &error);
  check (error);

  return session;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasAttestationService) attestations = NULL;
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasExamService) exams = NULL;
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(CasCompany) centre = cas_company_new ();
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) previews = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *key = NULL;
  gint64 centre_id;
  gint64 n_attestations;
  int candidates = 500;
  int runs = 3;
  const GOptionEntry entries[] = {
    { "candidates", 0, 0, G_OPTION_ARG_INT, &candidates, "Candidates per session", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Sessions issued", "R" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &location, "Database (default: a new file)", "DB" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  tmpdir = g_dir_make_tmp ("bench-attestations-XXXXXX", &error);
  check (error);
  if (location == NULL)
    location = g_build_filename (tmpdir, "bench.db", NULL);
  key = g_build_filename (tmpdir, "bench.key", NULL);

  db = cas_database_open (location, CAS_DATABASE_OPEN_CREATE, &error);
  check (error);
  cas_database_set_signing_key_path (db, key);
  local = cas_account_new_local (db);
  attestations = cas_attestation_service_new (db);
  cas_attestation_service_ensure_key (attestations, local, &error);
  check (error);

  companies = cas_company_service_new (db);
  centre->name = g_strdup ("Centre d'examens Namur");
  centre->is_exam_centre = TRUE;
  centre_id = cas_company_service_create (companies, local, centre, &error);
  check (error);
  exams = cas_exam_service_new (db);
  exam = cas_exam_service_find_by_code (exams, "INS-2", &error);
  check (error);

  printf ("Issuing sessions of %d candidates (%u threads), %s\n", candidates,
          g_get_num_processors (), cas_database_get_display_name (db));
  for (int run = 0; run < runs; run++)
    {
      gint64 session = make_session (db, local, centre_id, exam->id, (guint) candidates,
                                     (guint) run);
      gint64 start = g_get_monotonic_time ();
      double seconds, rate;
      guint n = 0;

      cas_attestation_service_issue_session (attestations, local, session, NULL, NULL, NULL, &n,
                                             &error);
      check (error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      rate = n / seconds;
      g_array_append_val (rates, rate);
      printf ("  session %d: %u attestations in %.2f s: %.0f per second\n", run + 1, n, seconds,
              rate);
    }
  g_array_sort (rates, bench_compare_doubles);
  printf ("%-52s median %.0f per second\n", "issue a session (render + sign + store)",
          g_array_index (rates, double, rates->len / 2));

  /* Previews of stored attestations, picked across the table */
  _cas_database_query_int64 (db, &n_attestations, NULL, &error,
                             "SELECT COUNT(*) FROM attestation", NULL);
  check (error);
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      PopplerDocument *document;
      PopplerPage *page;
      cairo_surface_t *surface;
      cairo_t *cr;
      double width, height, scale;
      gint64 id = 1 + (gint64) i * n_attestations / 100;
      gint64 start = g_get_monotonic_time ();
      gint64 read, loaded;
      double ms;

      pdf = cas_attestation_service_get_pdf (attestations, local, id, &error);
      check (error);
      read = g_get_monotonic_time ();
      document = poppler_document_new_from_bytes (pdf, NULL, &error);
      check (error);
      page = poppler_document_get_page (document, 0);
      loaded = g_get_monotonic_time ();

      /* A preview pane about 700 pixels wide, at scale 1 */
      poppler_page_get_size (page, &width, &height);
      scale = 700.0 / width;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 700, (int) (height * scale));
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (previews, ms);
      ms = (read - start) / 1000.0;
      g_array_append_val (reads, ms);
      ms = (g_get_monotonic_time () - loaded) / 1000.0;
      g_array_append_val (renders, ms);

      cairo_surface_destroy (surface);
      g_object_unref (page);
      g_object_unref (document);
    }
  bench_print_times ("preview: read the stored PDF", 52, reads);
  bench_print_times ("preview: draw the first page (700 px wide)", 52, renders);
  bench_print_times ("preview: from selection to first page drawn", 52, previews);

  g_clear_object (&db);
  if (g_str_has_prefix (location, tmpdir))
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);

      g_unlink (location);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_unlink (key);
  g_rmdir (tmpdir);

  return 0;
}
