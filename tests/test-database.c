/* test-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cas-database-private.h"
#include "cas-test-utils.h"

static gint64
count_rows (CasDatabase *db,
            const char  *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (_cas_database_query_int64 (db, &n, NULL, &error, sql, NULL));
  g_assert_no_error (error);

  return n;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static void
test_open_creates_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autofree char *path = NULL;

  if (cas_test_is_postgresql ())
    {
      g_test_skip ("SQLite files only");
      return;
    }

  path = g_build_filename (cas_test_get_tmpdir (), "new", "folder", "certassur.db", NULL);
  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (cas_database_get_dialect (db), ==, CAS_DIALECT_SQLITE);
  g_assert_cmpint (cas_database_get_schema_version (db), ==,
                   cas_database_get_latest_schema_version ());
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM exam"), ==, 4);
  g_assert_cmpstr (cas_database_get_location (db), ==, path);
}

static void
test_open_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "missing.db", NULL);

  db = cas_database_open (path, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "init"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_open_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "notes.txt", NULL);
  g_autofree char *after = NULL;
  const char *text = "These are my notes, not a database.\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  after = read_file (path);
  g_assert_cmpstr (after, ==, text);
}

static void
test_open_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;

  db = cas_database_open (cas_test_get_tmpdir (), CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "folder"));
}

static void
test_open_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "locked.db", NULL);

  if (getuid () == 0)
    {
      g_test_skip ("root reads every file");
      return;
    }

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  db = cas_database_open (path, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_open_foreign_sqlite (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(GdaConnection) cnc = NULL;
  g_autofree char *cnc_string = NULL;
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "other.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  cnc_string = g_strdup_printf ("DB_DIR=%s;DB_NAME=other", cas_test_get_tmpdir ());
  cnc = gda_connection_open_from_string ("SQLite",
                                         cnc_string,
                                         NULL,
                                         GDA_CONNECTION_OPTIONS_NONE,
                                         &error);
  g_assert_no_error (error);
  gda_connection_execute_non_select_command (cnc, "CREATE TABLE recipes (name TEXT)", &error);
  g_assert_no_error (error);
  gda_connection_close (cnc);
  before = read_file (path);

  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));

  after = read_file (path);
  g_assert_cmpmem (before, strlen (before), after, strlen (after));
}

static void
test_open_newer_schema (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;

  g_clear_object (&tdb->db);
  cas_test_exec_sql (tdb, "INSERT INTO schema_version (version, applied_at) VALUES (999, 'x')");

  db = cas_database_open (tdb->location, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "999"));
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Still refused the second time: the first refusal changed nothing */
  db = cas_database_open (tdb->location, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_TOO_NEW);
}

static void
test_reopen_keeps_data (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cas_database_set_meta (tdb->db, "test.key", "it's \"quoted\"", &error));
  g_assert_no_error (error);
  g_clear_object (&tdb->db);

  tdb->db = cas_database_open (tdb->location, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* Reopened, nothing applied again: the latest once (numbers may skip one
   * reserved for a change not landed yet) */
  g_assert_cmpint (count_rows (tdb->db, "SELECT MAX(version) FROM schema_version"), ==,
                   cas_database_get_latest_schema_version ());
  g_assert_cmpint (count_rows (tdb->db, "SELECT COUNT(*) - COUNT(DISTINCT version) "
                                        "FROM schema_version"), ==, 0);
  g_assert_cmpint (count_rows (tdb->db, "SELECT COUNT(*) FROM exam"), ==, 4);

  {
    g_autofree char *value = cas_database_get_meta (tdb->db, "test.key");
    g_assert_cmpstr (value, ==, "it's \"quoted\"");
  }
}

/* Another program: this test program again, opening @path (see main ()).
 * Returns its exit status: 0 opened, 3 refused as busy, with the message
 * in @message */
static int
open_in_other_program (const char  *path,
                       gboolean     exclusive,
                       char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self_path, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  int status = -1;

  envp = g_environ_setenv (envp, "CAS_TEST_OPEN", path, TRUE);
  envp = g_environ_setenv (envp, "CAS_TEST_OPEN_EXCLUSIVE", exclusive ? "1" : "0", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, message, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

static int
open_as_other_program (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  CasDatabaseOpenFlags flags = CAS_DATABASE_OPEN_DEFAULT;

  if (g_strcmp0 (g_getenv ("CAS_TEST_OPEN_EXCLUSIVE"), "1") == 0)
    flags |= CAS_DATABASE_OPEN_EXCLUSIVE;

  db = cas_database_open (path, flags, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_BUSY) ? 3 : 1;
    }

  /* A write, and the closing that checkpoints and removes the WAL when this
   * program believes itself the last one on the database */
  if (!cas_database_set_meta (db, "test.other-program", "was here", &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_clear_object (&db);

  return 0;
}

/* What a GTK file chooser does to every file of the folder it shows: GIO
 * opens and closes it to guess its type */
static void
guess_types_in_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GFileInfo) info = g_file_enumerator_next_file (children, NULL, &error);

      g_assert_no_error (error);
      if (info == NULL)
        break;
      n++;
    }
  /* the database, its -wal, -shm and -lock */
  g_assert_cmpuint (n, >=, 4);
}

/* A new SQLite file in the folder @name; NULL, skipping, on PostgreSQL */
static CasDatabase *
open_new_file (const char            *name,
               CasDatabaseOpenFlags   flags,
               char                 **path)
{
  g_autoptr(GError) error = NULL;
  CasDatabase *db;

  if (cas_test_is_postgresql ())
    {
      g_test_skip ("SQLite files only");
      return NULL;
    }

  *path = g_build_filename (cas_test_get_tmpdir (), name, "certassur.db", NULL);
  db = cas_database_open (*path, flags | CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  return db;
}

static void
test_open_exclusive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) desk = NULL;
  g_autoptr(CasDatabase) same_process = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  desk = open_new_file ("exclusive", CAS_DATABASE_OPEN_EXCLUSIVE, &path);
  if (desk == NULL)
    return;
  g_assert_true (cas_database_set_meta (desk, "test.desk", "before", &error));
  g_assert_no_error (error);

  /* The file chooser cancels SQLite's locks of this process... */
  guess_types_in_folder (path);

  /* ...but another program is still kept out, and told who holds it */
  g_assert_cmpint (open_in_other_program (path, FALSE, &message), ==, 3);
  g_assert_nonnull (strstr (message, path));
  g_assert_nonnull (strstr (message, "process"));
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (open_in_other_program (path, TRUE, &message), ==, 3);
  g_clear_pointer (&message, g_free);

  /* This process may open it again (threads, services) */
  same_process = cas_database_open (path, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&same_process);

  /* Nothing the desk wrote is lost; once it has closed, others come in */
  g_assert_true (cas_database_set_meta (desk, "test.desk", "after", &error));
  g_assert_no_error (error);
  g_clear_object (&desk);
  g_assert_cmpint (open_in_other_program (path, FALSE, &message), ==, 0);
  g_clear_pointer (&message, g_free);

  desk = cas_database_open (path, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = cas_database_get_meta (desk, "test.desk");
    g_autofree char *other = cas_database_get_meta (desk, "test.other-program");

    g_assert_cmpstr (value, ==, "after");
    g_assert_cmpstr (other, ==, "was here");
  }
}

static void
test_open_shared (void)
{
  g_autoptr(CasDatabase) command = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  command = open_new_file ("shared", CAS_DATABASE_OPEN_DEFAULT, &path);
  if (command == NULL)
    return;

  /* Commands run side by side; a desk waits until they have finished */
  g_assert_cmpint (open_in_other_program (path, FALSE, &message), ==, 0);
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (open_in_other_program (path, TRUE, &message), ==, 3);
  g_assert_nonnull (strstr (message, "certassur command"));
  g_clear_pointer (&message, g_free);

  g_clear_object (&command);
  g_assert_cmpint (open_in_other_program (path, TRUE, &message), ==, 0);
}

static void
test_postgresql_down (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;

  /* Port 1 on the loopback: nobody listens there */
  db = cas_database_open ("postgresql://certassur:secret@127.0.0.1:1/certassur",
                          CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1:1"));
  /* The password is never shown */
  g_assert_null (strstr (error->message, "secret"));
}

static void
test_postgresql_bad_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;

  db = cas_database_open ("postgresql://user@localhost:5432/", CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION);
  g_clear_error (&error);

  db = cas_database_open ("postgresql://user@local host:x/db", CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION);
}

static void
test_postgresql_wrong_password (void)
{
  g_autoptr(CasTestDatabase) tdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *wrong = NULL;

  if (!cas_test_is_postgresql ())
    {
      g_test_skip ("needs the PostgreSQL server of the test run");
      return;
    }

  tdb = cas_test_database_new ();
  uri = g_uri_parse (tdb->location, G_URI_FLAGS_HAS_PASSWORD, &error);
  g_assert_no_error (error);
  wrong = g_strdup_printf ("postgresql://%s:not-the-password@%s:%d%s", g_uri_get_user (uri),
                           g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri));

  db = cas_database_open (wrong, CAS_DATABASE_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "password"));
  g_assert_null (strstr (error->message, "not-the-password"));
}

static void
test_transaction_rollback (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;
  CasDatabase *db = tdb->db;

  g_assert_true (_cas_database_begin (db, &error));
  g_assert_true (_cas_database_exec (db, NULL, &error,
                                     "INSERT INTO company (name, created_at) VALUES ('A', 'now')",
                                     NULL));
  _cas_database_rollback (db);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM company"), ==, 0);

  /* A failed inner step makes the whole fail */
  g_assert_true (_cas_database_begin (db, &error));
  g_assert_true (_cas_database_exec (db, NULL, &error,
                                     "INSERT INTO company (name, created_at) VALUES ('B', 'now')",
                                     NULL));
  g_assert_true (_cas_database_begin (db, &error));
  _cas_database_rollback (db);
  g_assert_false (_cas_database_commit (db, &error));
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM company"), ==, 0);

  /* And a statement error inside a transaction too */
  g_assert_true (_cas_database_begin (db, &error));
  g_assert_true (_cas_database_exec (db, NULL, &error,
                                     "INSERT INTO company (name, created_at) VALUES ('C', 'now')",
                                     NULL));
  g_assert_false (_cas_database_exec (db, NULL, &error,
                                      "INSERT INTO company (name, created_at) VALUES (NULL, 'now')",
                                      NULL));
  g_assert_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  _cas_database_rollback (db);
  g_assert_cmpint (count_rows (db, "SELECT COUNT(*) FROM company"), ==, 0);
}

static void
test_parameters_are_not_sql (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *name = NULL;
  const char *evil = "Robert'); DROP TABLE company; --";

  g_assert_true (_cas_database_exec (tdb->db, NULL, &error,
                                     "INSERT INTO company (name, created_at) "
                                     "VALUES (##n::string, 'now')",
                                     "n", evil, NULL));
  g_assert_no_error (error);

  model = _cas_database_query (tdb->db, &error, "SELECT name FROM company", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (gda_data_model_get_n_rows (model), ==, 1);
  name = _cas_model_dup_string (model, 0, 0);
  g_assert_cmpstr (name, ==, evil);
}

static void
test_bulk_insert (void)
{
  static const char * const columns[] = { "first_name", "last_name", "street", "revision",
                                          "created_at", "updated_at" };
  static const CasBulkType types[] = { CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_INT,
                                       CAS_BULK_TEXT, CAS_BULK_TEXT };
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CasBulkInsert) bulk = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  const char *tricky[] = {
    "O'Brien", "back\\slash \"quote\"", "tab\there\nnewline", "Ünïcødé 王 Иван محمد",
    "{\"json\": 1}", "'; DROP TABLE person; --",
  };
  const guint n = 9001;

  g_assert_true (_cas_database_begin (tdb->db, &error));
  bulk = _cas_bulk_insert_new (tdb->db, "person", columns, types, G_N_ELEMENTS (columns));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *last = g_strdup_printf ("Person %u", i);
      g_autofree char *revision = g_strdup_printf ("%u", i + 1);
      const char *values[] = { tricky[i % G_N_ELEMENTS (tricky)], last,
                               i % 3 ? NULL : tricky[i % 5],
                               revision, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z" };

      g_assert_true (_cas_bulk_insert_add (bulk, values, &error));
      g_assert_no_error (error);
    }
  g_assert_true (_cas_bulk_insert_finish (bulk, &error));
  g_assert_no_error (error);
  g_assert_true (_cas_database_commit (tdb->db, &error));

  model = _cas_database_query (tdb->db, &error,
                               "SELECT first_name, last_name, street, revision "
                               "FROM person ORDER BY id", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (gda_data_model_get_n_rows (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *first = _cas_model_dup_string (model, 0, i);
      g_autofree char *last = _cas_model_dup_string (model, 1, i);
      g_autofree char *street = _cas_model_dup_string (model, 2, i);
      g_autofree char *expected_last = g_strdup_printf ("Person %u", i);

      g_assert_cmpstr (first, ==, tricky[i % G_N_ELEMENTS (tricky)]);
      g_assert_cmpstr (last, ==, expected_last);
      g_assert_cmpstr (street, ==, i % 3 ? NULL : tricky[i % 5]);
      g_assert_cmpint (_cas_model_get_int64 (model, 3, i), ==, i + 1);
    }
}

static void
test_reserve_ids (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(GError) error = NULL;
  gint64 first = 0;
  gint64 id;

  g_assert_true (_cas_database_exec (tdb->db, NULL, &error,
                                     "INSERT INTO company (name, created_at) VALUES ('A', 'now')",
                                     NULL));
  g_assert_true (_cas_database_begin (tdb->db, &error));
  g_assert_true (_cas_database_reserve_ids (tdb->db, "company", 10, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first, ==, 2);
  g_assert_true (_cas_database_exec (tdb->db, NULL, &error,
                                     "INSERT INTO company (id, name, created_at) "
                                     "VALUES (11, 'K', 'now')",
                                     NULL));
  g_assert_true (_cas_database_commit (tdb->db, &error));

  /* Ids given by the database afterwards skip the reserved block */
  g_assert_true (_cas_database_exec (tdb->db, NULL, &error,
                                     "INSERT INTO company (name, created_at) VALUES ('L', 'now')",
                                     NULL));
  id = _cas_database_last_insert_id (tdb->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 11);
}

int
main (int   argc,
      char *argv[])
{
  /* Called by open_in_other_program () */
  if (g_getenv ("CAS_TEST_OPEN") != NULL)
    return open_as_other_program (g_getenv ("CAS_TEST_OPEN"));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/open/creates-folder", test_open_creates_folder);
  g_test_add_func ("/database/open/missing-file", test_open_missing);
  g_test_add_func ("/database/open/not-a-database", test_open_not_a_database);
  g_test_add_func ("/database/open/folder", test_open_folder);
  g_test_add_func ("/database/open/unreadable", test_open_unreadable);
  g_test_add_func ("/database/open/foreign-sqlite", test_open_foreign_sqlite);
  g_test_add_func ("/database/open/newer-schema", test_open_newer_schema);
  g_test_add_func ("/database/open/reopen", test_reopen_keeps_data);
  g_test_add_func ("/database/open/exclusive", test_open_exclusive);
  g_test_add_func ("/database/open/shared", test_open_shared);
  g_test_add_func ("/database/postgresql/server-down", test_postgresql_down);
  g_test_add_func ("/database/postgresql/bad-address", test_postgresql_bad_address);
  g_test_add_func ("/database/postgresql/wrong-password", test_postgresql_wrong_password);
  g_test_add_func ("/database/transaction/rollback", test_transaction_rollback);
  g_test_add_func ("/database/statement/parameters-are-not-sql", test_parameters_are_not_sql);
  g_test_add_func ("/database/bulk/values", test_bulk_insert);
  g_test_add_func ("/database/bulk/reserve-ids", test_reserve_ids);

  return g_test_run ();
}
