/* bench-import-review.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import review of a file against a register: a register of --persons
 * persons is imported first (not part of the figures), then a CSV file of
 * --rows rows is analysed: read and validated, its candidates looked up in
 * the register, rows and candidates scored. One row in ten is a person of
 * the register with another e-mail, one in fifty repeats an earlier row of
 * the file, the rest are new. Prints the time of each phase, and of the
 * commit of the rows (updates for the first 1,000 matches, creations for
 * the rest). Asserts nothing. BENCH_SHOW=1 prints the first 40 rows with
 * their best match, to see what the flags stand for.
 *
 *   bench-import-review [--persons N] [--rows N] [--dir DIR] [--keep] [--no-commit] [--reuse]
 *
 * --reuse with --dir takes the register of a previous run with --keep
 * --no-commit and the same --persons, when DIR holds one (a register of a
 * million persons takes minutes to import).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "cas-account.h"
#include "cas-csv.h"
#include "cas-database.h"
#include "cas-import-review.h"
#include "cas-person-service.h"

static const char * const first_names[] = {
  "Jan", "Marie", "Pieter", "Sophie", "Jean-Pierre", "Lotte", "Hélène", "Koen", "Émilie", "Wout",
  "Nathalie", "Thomas", "Céline", "Bram", "Anne-Sophie", "Jürgen", "Luc", "Els", "Dirk", "Julie",
  "Arne", "Sarah", "Kevin", "Laura", "Olivier", "Inge", "Michel", "Ann", "Geert", "Chloé",
};
static const char * const name_starts[] = {
  "Van", "De", "Le", "Ver", "Mer", "Jans", "Pee", "Du", "Lam", "Goos", "Cla", "Wou", "Ren",
  "Smet", "Maes", "Hend", "Wil", "Baer", "Cor", "Dew", "Lef", "Mor", "Stev", "Tim", "Vos",
};
static const char * const name_ends[] = {
  "ssens", "ters", "bois", "bert", "mans", "eulen", "ard", "ens", "aert", "kx", "ier",
  "ckx", "tens", "pont", "ghe", "broeck", "hout", "eyn", "ault", "ot", "ijn", "elen",
  "aerts", "oy", "ens-Dubois",
};
static const char * const cities[][2] = {
  { "1000", "Bruxelles" }, { "2000", "Antwerpen" }, { "9000", "Gent" }, { "4000", "Liège" },
  { "5000", "Namur" }, { "3000", "Leuven" }, { "4700", "Eupen" }, { "8000", "Brugge" },
};

/* Person @i: a name among 30 x 625, a birth date among 20,000 days, an
 * address among 25 x 150 x 8 */
static void
append_person (GString    *csv,
               guint       i,
               const char *email_domain,
               guint       ref)
{
  guint32 h = (guint32) i * 2654435761u;
  guint year = 1950 + h % 55;
  guint month = 1 + (h >> 8) % 12;
  guint day = 1 + (h >> 12) % 28;
  char *fields[10];
  char letters[8];

  /* E-mail names without digits, which the comparison sets aside */
  for (guint k = 0, v = i * 40503u + 17; k < 7; k++, v /= 26)
    letters[k] = 'a' + v % 26;
  letters[7] = '\0';

  fields[0] = g_strdup_printf ("R-%u", ref);
  fields[1] = g_strdup (first_names[i % G_N_ELEMENTS (first_names)]);
  fields[2] = g_strdup_printf ("%s%s", name_starts[(h >> 16) % G_N_ELEMENTS (name_starts)],
                               name_ends[(h >> 20) % G_N_ELEMENTS (name_ends)]);
  fields[3] = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  fields[4] = g_strdup_printf ("%s@%s", letters, email_domain);
  fields[5] = i % 3 ? g_strdup_printf ("+3247%07u", i % 10000000) : g_strdup ("");
  fields[6] = g_strdup_printf ("%s %u", name_starts[(h >> 3) % G_N_ELEMENTS (name_starts)],
                               1 + (h >> 24) % 150);
  fields[7] = g_strdup (cities[(h >> 5) % G_N_ELEMENTS (cities)][0]);
  fields[8] = g_strdup (cities[(h >> 5) % G_N_ELEMENTS (cities)][1]);
  fields[9] = NULL;
  cas_csv_append_record (csv, (const char * const *) fields, 9);
  for (guint f = 0; f < 9; f++)
    g_free (fields[f]);
}

#define HEADER "external_ref,first_name,last_name,birth_date,email,phone,street,postcode,city\r\n"

static void
progress_cb (double   fraction,
             gpointer user_data)
{
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_persons = 100000;
  gint64 n_rows = 100000;
  g_autofree char *dir = NULL;
  gboolean keep = FALSE;
  gboolean no_commit = FALSE;
  gboolean reuse = FALSE;
  GOptionEntry entries[] = {
    { "persons", 0, 0, G_OPTION_ARG_INT64, &n_persons, "Persons in the register", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT64, &n_rows, "Rows in the file", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the database and file", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the files", NULL },
    { "no-commit", 0, 0, G_OPTION_ARG_NONE, &no_commit, "Analyse only", NULL },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse, "Reuse the register in --dir", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- import review benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasImportReview) review = NULL;
  g_autoptr(GString) csv = g_string_new (HEADER);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr(GInputStream) input = NULL;
  const CasImportSummary *summary;
  CasImportOutcome outcome = { 0, };
  guint updates = 0;
  double seconds;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (dir == NULL)
    dir = g_dir_make_tmp ("bench-import-review-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "register.db", NULL);
  csv_path = g_build_filename (dir, "file.csv", NULL);

  reuse = reuse && g_file_test (db_path, G_FILE_TEST_EXISTS);
  db = cas_database_open (db_path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  local = cas_account_new_local (db);
  persons = cas_person_service_new (db);

  /* The register */
  if (reuse)
    printf ("register: the one of %s (--reuse)\n", db_path);
  else
    {
      for (gint64 i = 0; i < n_persons; i++)
        append_person (csv, i, "register.be", i);
      input = g_memory_input_stream_new_from_data (csv->str, csv->len, NULL);
      if (!cas_person_service_import_csv (persons, local, input, 0, CAS_IMPORT_DEFAULT, NULL,
                                          NULL, NULL, NULL, NULL, &error))
        {
          g_printerr ("register: %s\n", error->message);
          return 1;
        }
      g_clear_object (&input);
      printf ("register: %" G_GINT64_FORMAT " persons imported in %.2f s (not part of the "
              "figures)\n", n_persons, g_timer_elapsed (timer, NULL));
    }

  /* The file: one row in ten a person of the register with another e-mail,
   * one in fifty an earlier row again, the rest new */
  g_string_assign (csv, HEADER);
  for (gint64 i = 0; i < n_rows; i++)
    {
      if (i % 10 == 0 && n_persons > 0)
        append_person (csv, (guint) ((i * 7919) % n_persons), "new-mail.be", 1000000000 + i);
      else if (i % 50 == 1 && i > 50)
        append_person (csv, (guint) (n_persons + i - 37), "file.be", 1000000000 + i);
      else
        append_person (csv, (guint) (n_persons + i), "file.be", 1000000000 + i);
    }
  g_file_set_contents (csv_path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  printf ("file: %" G_GINT64_FORMAT " rows, %.1f MiB\n", n_rows, csv->len / 1048576.0);
  g_string_free (g_steal_pointer (&csv), TRUE);

  review = cas_import_review_new (db, local, CAS_IMPORT_DEFAULT);
  file = g_file_new_for_path (csv_path);
  g_timer_start (timer);
  if (!cas_import_review_analyse_file (review, file, progress_cb, NULL, NULL, &error))
    {
      g_printerr ("analysis: %s\n", error->message);
      return 1;
    }
  seconds = g_timer_elapsed (timer, NULL);
  summary = cas_import_review_get_summary (review);
  printf ("analysis: %.2f s (read and validate %.2f s, candidates %.2f s, scoring %.2f s)\n",
          seconds, summary->read_seconds, summary->lookup_seconds, summary->match_seconds);
  printf ("  rows %" G_GUINT64_FORMAT ", invalid %" G_GUINT64_FORMAT ", flagged %"
          G_GUINT64_FORMAT " (in the register %" G_GUINT64_FORMAT ", in the file %"
          G_GUINT64_FORMAT "), candidates read %" G_GUINT64_FORMAT "\n",
          summary->n_rows, summary->n_invalid, summary->n_flagged, summary->n_in_register,
          summary->n_in_file, summary->n_candidates);

  if (g_getenv ("BENCH_SHOW") != NULL)
    for (guint i = 0; i < 40 && i < cas_import_review_get_n_rows (review); i++)
      {
        const CasImportRow *row = cas_import_review_get_row (review, i);

        printf ("%s %s %s: %u matches %s | file %" G_GUINT64_FORMAT " %s\n",
                row->person->first_name, row->person->last_name, row->person->birth_date,
                row->matches->len,
                row->matches->len ? ((CasDuplicateProposal *) row->matches->pdata[0])->reasons : "",
                row->same_as_line, row->same_as_reasons ? row->same_as_reasons : "");
      }

  if (!no_commit)
    {
      for (guint i = 0; i < cas_import_review_get_n_rows (review) && updates < 1000; i++)
        {
          const CasImportRow *row = cas_import_review_get_row (review, i);
          const CasDuplicateProposal *match;

          if (row->matches->len == 0)
            continue;
          match = g_ptr_array_index (row->matches, 0);
          if (match->band == CAS_DUPLICATE_BAND_LIKELY &&
              cas_import_review_set_decision (review, i, CAS_IMPORT_DECISION_UPDATE_EXISTING,
                                              match->a->id, NULL))
            updates++;
        }
      cas_import_review_decide_undecided (review, CAS_IMPORT_DECISION_CREATE);
      g_timer_start (timer);
      if (!cas_import_review_commit (review, progress_cb, NULL, NULL, &outcome, &error))
        {
          g_printerr ("commit: %s\n", error->message);
          return 1;
        }
      printf ("commit: %.2f s (%" G_GUINT64_FORMAT " created, %" G_GUINT64_FORMAT
              " updated, %" G_GUINT64_FORMAT " skipped)\n",
              g_timer_elapsed (timer, NULL), outcome.n_created, outcome.n_updated,
              outcome.n_skipped);
    }

  g_clear_object (&review);
  g_clear_object (&persons);
  g_clear_object (&local);
  g_clear_object (&db);
  if (!keep)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (csv_path);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
