/* bench-person-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Candidates view asks of the database with 1,000,000 persons:
 * for every keystroke of typical searches, the count and the first page of
 * 100 rows (what the paged model loads before showing anything); pages at
 * random offsets as the list scrolls; the count behind each filter. The
 * persons go in through the bulk path of the core (statements of a few
 * thousand rows, so the search index's triggers run as in an import).
 * Counts stop at CAS_PERSON_COUNT_LIMIT ("10000+": more than that), and so
 * do the offsets of the pages one scrolls to. Prints median and 95th
 * percentile; asserts nothing.
 *
 *   bench-person-search [--persons N] [--database FILE] [--runs N] [--verbose]
 *
 * With --database naming a file that exists, or a PostgreSQL database
 * (postgresql://…) that has persons, the persons already in it are used as
 * they are.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "cas-account.h"
#include "cas-account-service.h"
#include "cas-database-private.h"
#include "cas-person-register.h"

#define PAGE     100
#define CENTRES  20

static CasAccount *actor;
static gboolean verbose;
static gboolean as_admin;

/* --admin: the centre and the password of the administrator */
#define ADMIN_CENTRE   3
#define ADMIN_PASSWORD "bench admin password"

static const char * const first_names[] = {
  "Jan", "Marie", "Pieter", "Sophie", "Jean-Pierre", "Lotte", "Hélène", "Koen", "Émilie", "Wout",
  "Nathalie", "Thomas", "Céline", "Bram", "Anne-Sophie", "Jürgen", "Marc", "Luc", "Isabelle",
  "Dirk", "Françoise", "Geert", "Ingrid", "Kevin", "Laura", "Nicolas", "Olivier", "Patrick",
  "Quentin", "Sarah", "Stijn", "Tom", "Valérie", "Wim", "Yves", "Zoë", "Elke", "Hanne", "Jonas",
  "Lucas", "Emma", "Noah", "Louise", "Arthur", "Mila", "Jules", "Olivia", "Victor", "Léa",
  "Mohamed", "Fatima", "Youssef", "Ayoub", "Inès", "Chloé", "Maxime", "Camille", "Nina", "Hugo",
};
static const char * const last_names[] = {
  "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
  "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Lefèvre",
  "Van den Broeck", "Vermeulen", "Van de Velde", "De Clercq", "Hermans", "Michiels", "Desmet",
  "D'Hondt", "Dumont", "Renard", "Müller", "Schmitz", "Van Damme", "Verstraete", "Pauwels",
  "Dupond", "Durand", "Vandenberghe", "Declercq", "Baert", "Coppens", "Stevens", "Aerts",
  "Smets", "Bogaert", "Cools", "Martens", "Van Dyck", "Wuyts", "Segers", "Bosmans", "Verhoeven",
};
/* Syllables for the long tail of rarer names */
static const char * const syllables[] = {
  "ver", "van", "de", "bro", "eck", "man", "ens", "ghe", "lier", "mont", "val", "rie", "ton",
  "sch", "aert", "hoe", "ven", "dael", "kerk", "bos", "lin", "mar", "pel", "quin", "rou", "sta",
};
static const char * const domains[] = {
  "gmail.com", "telenet.be", "skynet.be", "outlook.com", "hotmail.com", "proximus.be",
  "ethias.be", "ag.be", "axa.be", "kbc.be",
};
static const char * const languages[] = { "nl", "nl", "fr", "fr", "nl", "fr", "de", "en" };

/* A time taken: on the clock, and of the processor for this process (what
 * the other processes of a shared machine do not change much) */
typedef struct
{
  double wall;
  double cpu;
} Sample;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static Sample
sample_start (void)
{
  return (Sample) { g_get_monotonic_time () / 1000.0, cpu_ms () };
}

static Sample
sample_end (Sample start)
{
  return (Sample) { g_get_monotonic_time () / 1000.0 - start.wall, cpu_ms () - start.cpu };
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_times (const char *what,
             GArray     *samples)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = samples->len;

  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (wall, g_array_index (samples, Sample, i).wall);
      g_array_append_val (cpu, g_array_index (samples, Sample, i).cpu);
    }
  g_array_sort (wall, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  printf ("%-46s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms   (%u runs)   "
          "cpu p50 %6.2f p95 %6.2f ms\n", what,
          g_array_index (wall, double, n / 2),
          g_array_index (wall, double, MIN (n - 1, n * 95 / 100)),
          g_array_index (wall, double, n - 1),
          n,
          g_array_index (cpu, double, n / 2),
          g_array_index (cpu, double, MIN (n - 1, n * 95 / 100)));
}

static char *
ascii_word (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *word = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (word, g_ascii_tolower (*p));

  return g_string_free (word, FALSE);
}

static char *
random_last_name (GRand *rand)
{
  GString *name;
  int parts;

  /* Two in three among the common names, the others a long tail */
  if (g_rand_int_range (rand, 0, 3) > 0)
    return g_strdup (last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);

  name = g_string_new (NULL);
  parts = g_rand_int_range (rand, 2, 4);
  for (int i = 0; i < parts; i++)
    g_string_append (name, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  name->str[0] = g_ascii_toupper (name->str[0]);

  return g_string_free (name, FALSE);
}

static void
fill (CasDatabase *db,
      guint        n_persons)
{
  static const char * const columns[] = {
    "id", "first_name", "last_name", "birth_date", "sex", "nrn", "email", "phone", "language",
    "company_id", "created_at", "updated_at",
  };
  static const CasBulkType types[] = {
    CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
    CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  static const char * const company_columns[] = {
    "id", "name", "is_exam_centre", "created_at",
  };
  static const CasBulkType company_types[] = {
    CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CasBulkInsert) companies = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *now = "2026-11-29T00:00:00Z";

  g_assert_true (_cas_database_begin (db, &error));
  companies = _cas_bulk_insert_new (db, "company", company_columns, company_types,
                                    G_N_ELEMENTS (company_columns));
  for (guint c = 1; c <= CENTRES; c++)
    {
      g_autofree char *id = g_strdup_printf ("%u", c);
      g_autofree char *name = g_strdup_printf ("Centre %u", c);
      const char *values[] = { id, name, "1", now };

      g_assert_true (_cas_bulk_insert_add (companies, values, &error));
    }
  g_assert_true (_cas_bulk_insert_finish (companies, &error));
  g_assert_true (_cas_database_commit (db, &error));

  for (guint done = 0; done < n_persons;)
    {
      g_autoptr(CasBulkInsert) bulk = _cas_bulk_insert_new (db, "person", columns, types,
                                                            G_N_ELEMENTS (columns));
      guint end = MIN (n_persons, done + 100000);

      g_assert_true (_cas_database_begin (db, &error));
      for (; done < end; done++)
        {
          const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
          g_autofree char *last = random_last_name (rand);
          g_autofree char *first_word = ascii_word (first);
          g_autofree char *last_word = ascii_word (last);
          g_autofree char *id = g_strdup_printf ("%u", done + 1);
          int year = g_rand_int_range (rand, 1950, 2006);
          int month = g_rand_int_range (rand, 1, 13);
          int day = g_rand_int_range (rand, 1, 29);
          gboolean male = g_rand_boolean (rand);
          guint serial = (g_rand_int_range (rand, 1, 498) * 2) - (male ? 1 : 0);
          guint64 n = (guint64) (year % 100) * 10000000 + month * 100000 + day * 1000 + serial;
          g_autofree char *birth = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
          g_autofree char *nrn = NULL;
          g_autofree char *email = NULL;
          g_autofree char *phone = NULL;
          g_autofree char *company = g_strdup_printf ("%d", g_rand_int_range (rand, 1,
                                                                              CENTRES + 1));
          const char *values[G_N_ELEMENTS (columns)];

          if (year >= 2000)
            n += 2000000000;
          /* One in ten without NRN, one in five without phone */
          if (g_rand_int_range (rand, 0, 10) > 0)
            nrn = g_strdup_printf ("%02d%02d%02d%03u%02u", year % 100, month, day, serial,
                                   (guint) (97 - n % 97));
          email = g_strdup_printf ("%s.%s%s@%s", first_word, last_word,
                                   g_rand_boolean (rand) ? "" : "1",
                                   domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))]);
          if (g_rand_int_range (rand, 0, 5) > 0)
            phone = g_strdup_printf ("+324%02d%06d", g_rand_int_range (rand, 60, 100),
                                     g_rand_int_range (rand, 0, 1000000));

          values[0] = id;
          values[1] = first;
          values[2] = last;
          values[3] = birth;
          values[4] = male ? "M" : "F";
          values[5] = nrn;
          values[6] = email;
          values[7] = phone;
          values[8] = languages[g_rand_int_range (rand, 0, G_N_ELEMENTS (languages))];
          values[9] = company;
          values[10] = now;
          values[11] = now;
          g_assert_true (_cas_bulk_insert_add (bulk, values, &error));
        }
      g_assert_true (_cas_bulk_insert_finish (bulk, &error));
      g_assert_true (_cas_database_commit (db, &error));
    }

  printf ("%-46s %.1f s (%u persons, with the search index)\n", "generation",
          (g_get_monotonic_time () - start) / 1e6, n_persons);
}

/* Count and first page of @search: what one keystroke costs */
static Sample
keystroke (CasPersonRegister *reg,
           const char        *search,
           guint             *n,
           gboolean          *more)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  Sample start = sample_start ();

  Sample counted;

  if (!cas_person_register_count (reg, actor, query, n, more, NULL, &error))
    g_error ("count “%s”: %s", search, error->message);
  counted = sample_end (start);
  page = cas_person_register_list (reg, actor, query, 0, PAGE, NULL, &error);
  if (page == NULL)
    g_error ("page “%s”: %s", search, error->message);
  if (verbose)
    {
      Sample done = sample_end (start);

      printf ("  %-20s count %7.2f ms, page %7.2f ms (CPU: %.2f, %.2f)\n", search, counted.wall,
              done.wall - counted.wall, counted.cpu, done.cpu - counted.cpu);
    }

  return sample_end (start);
}

static void
bench_typing (CasPersonRegister *reg,
              guint              runs)
{
  static const char * const sequences[][12] = {
    { "d", "du", "dup", "dupo", "dupon", "dupont", NULL },
    { "v", "va", "van", "van ", "van d", "van de", "van den", "van den b", "van den br", NULL },
    { "j", "je", "jea", "jean", "jean-", "jean-p", "jean-pi", NULL },
    { "h", "he", "hel", "hele", "helen", "helene", "helene l", "helene le", NULL },
    { "8", "85", "850", "8507", "85.07", "85.07.3", "85.07.30", "85.07.30-0", NULL },
    { "0", "04", "047", "0470", "0470 1", "0470 12", "0470 12 3", NULL },
    { "m", "ma", "mar", "marc", "marc.", "marc.d", "marc.du", "marc.dup", NULL },
    { "s", "so", "sop", "soph", "sophie", "sophie m", "sophie ma", "sophie mae", NULL },
  };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Sample));

  for (guint s = 0; s < G_N_ELEMENTS (sequences); s++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (Sample));
      g_autoptr(GString) label = g_string_new ("typing ");
      g_autoptr(GString) counts = g_string_new (NULL);

      for (guint run = 0; run < runs; run++)
        for (guint k = 0; sequences[s][k] != NULL; k++)
          {
            gboolean more = FALSE;
            guint n = 0;
            Sample ms = keystroke (reg, sequences[s][k], &n, &more);

            g_array_append_val (times, ms);
            g_array_append_val (all, ms);
            if (run == 0)
              g_string_append_printf (counts, "%s%u%s", k ? " " : "", n, more ? "+" : "");
          }

      for (guint k = 0; sequences[s][k] != NULL; k++)
        g_string_append_printf (label, "%s%s", k ? "," : "", sequences[s][k]);
      if (label->len > 40)
        {
          g_string_truncate (label, 37);
          g_string_append (label, "...");
        }
      g_string_append_printf (label, "\"");
      g_string_insert (label, 7, "\"");
      print_times (label->str, times);
      printf ("%-46s matches per keystroke: %s\n", "", counts->str);
    }

  print_times ("every keystroke (count + first page)", all);
}

static void
bench_scrolling (CasPersonRegister *reg,
                 const char        *search,
                 guint              runs)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  guint n = 0;

  if (!cas_person_register_count (reg, actor, query, &n, NULL, NULL, &error))
    g_error ("count: %s", error->message);
  if (n == 0)
    return;

  for (guint run = 0; run < runs; run++)
    {
      guint offset = g_rand_int_range (rand, 0, n);
      Sample start = sample_start ();
      g_autoptr(GPtrArray) page = cas_person_register_list (reg, actor, query, offset, PAGE,
                                                            NULL, &error);
      Sample ms;

      if (page == NULL)
        g_error ("page: %s", error->message);
      ms = sample_end (start);
      g_array_append_val (times, ms);
    }

  label = g_strdup_printf ("page of %d at a random offset, %s (%u)", PAGE,
                           search ? search : "all", n);
  print_times (label, times);
}

static void
bench_filters (CasPersonRegister *reg,
               guint              runs)
{
  struct
  {
    const char    *label;
    const char    *search;
    gint64         company;
    const char    *language;
    CasPersonExams exams;
  } cases[] = {
    { "count all", NULL, 0, NULL, CAS_PERSON_EXAMS_ANY },
    { "count one centre", NULL, 3, NULL, CAS_PERSON_EXAMS_ANY },
    { "count language de", NULL, 0, "de", CAS_PERSON_EXAMS_ANY },
    { "count with exams", NULL, 0, NULL, CAS_PERSON_EXAMS_SOME },
    { "count centre + \"dup\"", "dup", 3, NULL, CAS_PERSON_EXAMS_ANY },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(CasPersonQuery) query = cas_person_query_new (cases[c].search);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (Sample));
      g_autoptr(GError) error = NULL;

      query->company_id = cases[c].company;
      query->language = g_strdup (cases[c].language);
      query->exams = cases[c].exams;
      for (guint run = 0; run < runs; run++)
        {
          Sample start = sample_start ();
          g_autoptr(GPtrArray) page = NULL;
          guint n = 0;
          Sample ms;

          if (!cas_person_register_count (reg, actor, query, &n, NULL, NULL, &error))
            g_error ("count: %s", error->message);
          page = cas_person_register_list (reg, actor, query, 0, PAGE, NULL, &error);
          ms = sample_end (start);
          g_array_append_val (times, ms);
        }
      print_times (cases[c].label, times);
    }
}

/* The administrator of ADMIN_CENTRE as the actor, made the first time */
static void
log_in_admin (CasDatabase *db)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (db);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (_cas_database_query_int64 (db, &id, NULL, &error,
                                            "SELECT COALESCE (MAX (id), 0) FROM account "
                                            "WHERE login = 'bench.admin'", NULL));
  if (id == 0)
    {
      id = cas_account_service_create (accounts, actor, "bench.admin", ADMIN_PASSWORD, 1,
                                       &error);
      g_assert_no_error (error);
      g_assert_true (cas_account_service_grant (accounts, actor, id, CAS_ROLE_ADMIN,
                                                ADMIN_CENTRE, &error));
    }

  g_clear_object (&actor);
  actor = cas_account_service_authenticate (accounts, "bench.admin", ADMIN_PASSWORD, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the person register's search");
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasPersonRegister) reg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  int n_persons = 1000000;
  int runs = 3;
  gboolean exists;
  GOptionEntry entries[] = {
    { "persons", 0, 0, G_OPTION_ARG_INT, &n_persons, "Persons to generate", "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &path, "SQLite file (kept; reused if it exists)",
      "FILE" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Times each typed sequence is typed", "N" },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &verbose,
      "Prints the count and the page of every keystroke", NULL },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &as_admin,
      "Searches as an administrator of one centre (account bench.admin, made if missing)", NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (path == NULL)
    {
      dir = g_dir_make_tmp ("bench-person-search-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  /* A PostgreSQL database that has persons already is used as it is */
  if (!exists && cas_database_get_dialect (db) == CAS_DIALECT_POSTGRESQL)
    {
      gint64 persons = 0;

      g_assert_true (_cas_database_query_int64 (db, &persons, NULL, &error,
                                                "SELECT COUNT(*) FROM person", NULL));
      exists = persons > 0;
    }
  actor = cas_account_new_local (db);
  reg = cas_person_register_new (db);

  if (!exists)
    {
      fill (db, n_persons);
      /* Registrations of one person in twenty, for the "has exams" filter */
      g_assert_true (_cas_database_exec (db, NULL, &error,
                                         "INSERT INTO exam_session (exam_id, company_id, "
                                         "starts_at, duration_minutes, location, capacity, "
                                         "language, status, search_text, created_at) "
                                         "SELECT id, 1, '2026-12-01T09:00', 90, 'Bench', 1000000, "
                                         "'fr', 'planned', '', '2026-11-29T00:00:00Z' "
                                         "FROM exam LIMIT 1", NULL));
      g_assert_true (_cas_database_exec (db, NULL, &error,
                                         "INSERT INTO registration (person_id, session_id, "
                                         "status, registered_at) "
                                         "SELECT p.id, (SELECT MAX(id) FROM exam_session), "
                                         "'registered', '2026-11-29T00:00:00Z' "
                                         "FROM person p WHERE p.id % 20 = 0", NULL));
      g_assert_no_error (error);
    }

  if (as_admin)
    log_in_admin (db);

  printf ("persons %d, pages of %d, as %s\n", n_persons, PAGE,
          as_admin ? "an administrator of centre " G_STRINGIFY (ADMIN_CENTRE) : "an operator");
  bench_typing (reg, runs);
  bench_scrolling (reg, NULL, 50 * runs);
  bench_scrolling (reg, "d", 50 * runs);
  bench_filters (reg, runs);

  g_clear_object (&reg);
  g_clear_object (&actor);
  g_clear_object (&db);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
