/* bench-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * import-persons against the raw SQLite C API, side by side in one run:
 * the same rows into the same tables of the same schema, with the same
 * pragmas, in one transaction each. Both write the persons (table person,
 * seven indexes), the lookup keys of the duplicate check (person_match_key,
 * two indexes; the name pair, the e-mail and the phone of each person, from
 * the same core function) and person_match_state.keys_through. The raw side
 * inserts rows and keys already computed in memory (not timed) with two
 * prepared statements; the import side reads the CSV file, checks every
 * field, computes the keys and inserts through libgda. Prints the figures;
 * asserts nothing.
 *
 *   bench-import [--rows N] [--dir DIR] [--keep]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "cas-account.h"
#include "cas-csv.h"
#include "cas-database.h"
#include "cas-duplicate-private.h"
#include "cas-person-service.h"

#define N_COLUMNS 15

static const char * const first_names[] = {
  "Jan", "Marie", "Pieter", "Sophie", "Jean-Pierre", "Lotte", "Hélène", "Koen", "Émilie", "Wout",
  "Nathalie", "Thomas", "Céline", "Bram", "Anne-Sophie", "Jürgen",
};
static const char * const last_names[] = {
  "Peeters", "Janssens", "Dubois", "Van den Broeck", "Lambert", "Lefèvre", "Maes", "D'Hondt",
  "Vermeulen", "Dupont", "Müller", "Claes", "Mertens", "Renard", "De Smet", "Goossens",
};
static const char * const cities[][2] = {
  { "1000", "Bruxelles" }, { "2000", "Antwerpen" }, { "9000", "Gent" }, { "4000", "Liège" },
  { "5000", "Namur" }, { "3000", "Leuven" }, { "4700", "Eupen" }, { "8000", "Brugge" },
};

typedef struct
{
  char   *values[N_COLUMNS];
  gint64  keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS];
  guint   n_keys;
} Row;

static const char * const columns[N_COLUMNS] = {
  "external_ref", "first_name", "last_name", "birth_date", "sex", "nrn", "nrn_verified", "email",
  "phone", "language", "street", "postcode", "city", "created_at", "updated_at",
};

/* The stored form of row @i, exactly as the import will store it */
static void
make_row (guint  i,
          Row   *row)
{
  guint year = 1950 + i % 55;
  guint month = 1 + (i / 55) % 12;
  guint day = 1 + (i / 660) % 28;
  char sex = i % 2 ? 'M' : 'F';
  guint serial = 1 + (i % 498) * 2 + (sex == 'F');
  guint64 n = (guint64) (year % 100) * 10000000 + month * 100000 + day * 1000 + serial;
  const char *language;

  if (year >= 2000)
    n += 2000000000;

  row->values[0] = g_strdup_printf ("BENCH-%07u", i);
  row->values[1] = g_strdup (first_names[i % G_N_ELEMENTS (first_names)]);
  row->values[2] = g_strdup (last_names[(i / 16) % G_N_ELEMENTS (last_names)]);
  row->values[3] = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  /* One record in ten came without NRN, and then without sex */
  if (i % 10 != 0)
    {
      row->values[4] = g_strdup_printf ("%c", sex);
      row->values[5] = g_strdup_printf ("%02u%02u%02u%03u%02u", year % 100, month, day, serial,
                                        (guint) (97 - n % 97));
    }
  row->values[6] = g_strdup ("1");
  row->values[7] = g_strdup_printf ("person%u@example.be", i);
  row->values[8] = g_strdup_printf ("+32470%06u", i % 1000000);
  language = cas_language_for_postcode (cities[i % G_N_ELEMENTS (cities)][0]);
  row->values[9] = g_strdup (language);
  row->values[10] = g_strdup_printf ("Rue de la Station %u", 1 + i % 200);
  row->values[11] = g_strdup (cities[i % G_N_ELEMENTS (cities)][0]);
  row->values[12] = g_strdup (cities[i % G_N_ELEMENTS (cities)][1]);
  row->values[13] = g_strdup ("2026-11-29T00:00:00Z");
  row->values[14] = g_strdup ("2026-11-29T00:00:00Z");
}

/* The lookup keys the import writes for the row */
static void
make_keys (Row *row)
{
  const CasDuplicateFields fields = {
    .first_name = row->values[1],
    .last_name = row->values[2],
    .email = row->values[7],
    .phone = row->values[8],
  };

  row->n_keys = _cas_duplicate_lookup_keys (&fields, row->keys);
}

static void
row_clear (Row *row)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    g_free (row->values[c]);
}

static void
write_csv (const char *path,
           guint       n_rows)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = { "external_ref", "first_name", "last_name", "birth_date", "nrn", "email",
                           "phone", "street", "postcode", "city", "language" };
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  cas_csv_append_record (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < n_rows; i++)
    {
      Row row = { { NULL, } };
      const char *fields[11];

      make_row (i, &row);
      fields[0] = row.values[0];
      fields[1] = row.values[1];
      fields[2] = row.values[2];
      fields[3] = row.values[3];
      fields[4] = row.values[5];
      fields[5] = row.values[7];
      fields[6] = row.values[8];
      fields[7] = row.values[10];
      fields[8] = row.values[11];
      fields[9] = row.values[12];
      fields[10] = row.values[9];
      cas_csv_append_record (out, fields, G_N_ELEMENTS (fields));
      row_clear (&row);

      if (out->len > (1 << 20))
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, file);
  fclose (file);
}

static void
fresh_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static double
raw_insert (const char *path,
            Row        *rows,
            guint       n_rows)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO person (id");
  g_autofree char *state = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt, *key_stmt;
  gint64 start;

  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (sql, ", %s", columns[c]);
  g_string_append (sql, ") VALUES (?");
  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* The pragmas cas_database_open sets */
  sqlite3_exec (db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
                    "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", NULL, NULL, NULL);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO person_match_key (match_key, person_id) "
                                           "VALUES (?, ?)", -1, &key_stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_rows; i++)
    {
      /* The ids the import chooses in a fresh database */
      sqlite3_bind_int64 (stmt, 1, i + 1);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (c == 6)
            sqlite3_bind_int (stmt, c + 2, 1);
          else if (rows[i].values[c] == NULL)
            sqlite3_bind_null (stmt, c + 2);
          else
            sqlite3_bind_text (stmt, c + 2, rows[i].values[c], -1, SQLITE_STATIC);
        }
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);

      for (guint k = 0; k < rows[i].n_keys; k++)
        {
          sqlite3_bind_int64 (key_stmt, 1, rows[i].keys[k]);
          sqlite3_bind_int64 (key_stmt, 2, i + 1);
          g_assert_cmpint (sqlite3_step (key_stmt), ==, SQLITE_DONE);
          sqlite3_reset (key_stmt);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (key_stmt);
  state = g_strdup_printf ("UPDATE person_match_state SET keys_through = %u", n_rows);
  g_assert_cmpint (sqlite3_exec (db, state, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  return (g_get_monotonic_time () - start) / 1e6;
}

static double
import (const char *db_path,
        const char *csv_path,
        guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(CasAccount) local = NULL;
  gint64 start;

  db = cas_database_open (db_path, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  local = cas_account_new_local (db);
  persons = cas_person_service_new (db);

  start = g_get_monotonic_time ();
  input = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  if (!cas_person_service_import_csv (persons, local, G_INPUT_STREAM (input), 0, CAS_IMPORT_DEFAULT,
                                      NULL, NULL, NULL, NULL, &report, &error))
    g_error ("import failed: %s", error->message);
  g_assert_cmpuint (report->n_imported, ==, n_rows);

  return (g_get_monotonic_time () - start) / 1e6;
}

/* What a database holds once written: persons, keys, keys_through */
static char *
contents (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *text;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT COUNT(*) FROM person), "
                                           "(SELECT COUNT(*) FROM person_match_key), "
                                           "(SELECT keys_through FROM person_match_state)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup_printf ("%lld persons, %lld keys, keys through %lld",
                          (long long) sqlite3_column_int64 (stmt, 0),
                          (long long) sqlite3_column_int64 (stmt, 1),
                          (long long) sqlite3_column_int64 (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return text;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- import-persons against raw SQLite");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *raw_db = NULL;
  g_autofree char *import_db = NULL;
  Row *rows;
  int n_rows = 1000000;
  gboolean keep = FALSE;
  double gen_time, raw_time, import_time;
  gint64 start;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows to import (default 1000000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      "Where the files go (default: a temporary folder)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the CSV file and the databases", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (dir == NULL)
    dir = g_dir_make_tmp ("certassur-bench-XXXXXX", NULL);
  csv = g_build_filename (dir, "persons.csv", NULL);
  raw_db = g_build_filename (dir, "raw.db", NULL);
  import_db = g_build_filename (dir, "import.db", NULL);

  start = g_get_monotonic_time ();
  write_csv (csv, n_rows);
  rows = g_new0 (Row, n_rows);
  for (int i = 0; i < n_rows; i++)
    {
      make_row (i, &rows[i]);
      make_keys (&rows[i]);
    }
  gen_time = (g_get_monotonic_time () - start) / 1e6;

  fresh_database (raw_db);
  fresh_database (import_db);

  raw_time = raw_insert (raw_db, rows, n_rows);
  import_time = import (import_db, csv, n_rows);

  printf ("rows                         %d\n", n_rows);
  printf ("data generation (not timed)  %.2f s\n", gen_time);
  printf ("raw sqlite3 prepared insert  %.2f s  (%.0f rows/s; rows and keys in memory)\n",
          raw_time, n_rows / raw_time);
  printf ("certassur import-persons     %.2f s  (%.0f rows/s; CSV read, validation, keys, "
          "libgda)\n", import_time, n_rows / import_time);
  printf ("ratio import / raw           %.2f\n", import_time / raw_time);
  {
    g_autofree char *raw_contents = contents (raw_db);
    g_autofree char *import_contents = contents (import_db);

    printf ("raw side wrote               %s\n", raw_contents);
    printf ("import side wrote            %s\n", import_contents);
  }

  for (int i = 0; i < n_rows; i++)
    row_clear (&rows[i]);
  g_free (rows);
  if (!keep)
    {
      g_unlink (csv);
      g_unlink (raw_db);
      g_unlink (import_db);
    }

  return 0;
}
