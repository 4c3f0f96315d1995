/* cas-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "cas-database-private.h"
#include "cas-postgresql-private.h"

#include "cas-account-service.h"
#include "cas-test-utils.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
cleanup_tmpdir (void)
{
  if (tmpdir != NULL && g_getenv ("CERTASSUR_TEST_KEEP") == NULL)
    remove_tree (tmpdir);
}

const char *
cas_test_get_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("certassur-test-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      atexit (cleanup_tmpdir);
    }

  return tmpdir;
}

gboolean
cas_test_is_postgresql (void)
{
  const char *pg = g_getenv ("CERTASSUR_TEST_POSTGRESQL");

  return pg != NULL && *pg != '\0';
}

/* The admin address with its database replaced by @dbname */
static char *
pg_location_for (const char *dbname)
{
  const char *admin = g_getenv ("CERTASSUR_TEST_POSTGRESQL");
  const char *slash = strrchr (admin, '/');

  g_assert_nonnull (slash);

  return g_strdup_printf ("%.*s/%s", (int) (slash - admin), admin, dbname);
}

static GdaConnection *
pg_admin_connection (void)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cnc_string = NULL;
  g_autofree char *auth = NULL;
  GdaConnection *cnc;

  uri = g_uri_parse (g_getenv ("CERTASSUR_TEST_POSTGRESQL"), G_URI_FLAGS_HAS_PASSWORD, &error);
  g_assert_no_error (error);
  cnc_string = g_strdup_printf ("HOST=%s;PORT=%d;DB_NAME=%s", g_uri_get_host (uri),
                                g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 5432,
                                g_uri_get_path (uri) + 1);
  auth = g_strdup_printf ("USERNAME=%s;PASSWORD=%s", g_uri_get_user (uri),
                          g_uri_get_password (uri) ? g_uri_get_password (uri) : "");
  cnc = gda_connection_open_from_string ("PostgreSQL", cnc_string, auth,
                                         GDA_CONNECTION_OPTIONS_NONE, &error);
  g_assert_no_error (error);

  return cnc;
}

CasTestDatabase *
cas_test_database_new (void)
{
  static guint counter;
  g_autoptr(GError) error = NULL;
  CasTestDatabase *tdb = g_new0 (CasTestDatabase, 1);

  if (cas_test_is_postgresql ())
    {
      g_autoptr(GdaConnection) cnc = pg_admin_connection ();
      g_autofree char *sql = NULL;

      tdb->pg_name = g_strdup_printf ("cas_test_%d_%u_%u", (int) getpid (), counter++,
                                      g_random_int ());
      sql = g_strdup_printf ("CREATE DATABASE %s", tdb->pg_name);
      gda_connection_execute_non_select_command (cnc, sql, &error);
      g_assert_no_error (error);
      tdb->location = pg_location_for (tdb->pg_name);
    }
  else
    {
      tdb->tmpdir = g_build_filename (cas_test_get_tmpdir (), "db-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (tdb->tmpdir));
      tdb->location = g_build_filename (tdb->tmpdir, "certassur.db", NULL);
    }

  tdb->db = cas_database_open (tdb->location, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tdb->db);

  return tdb;
}

void
cas_test_exec_sql (CasTestDatabase *tdb,
                   const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaConnection) cnc = NULL;

  if (tdb->pg_name != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (tdb->location, G_URI_FLAGS_HAS_PASSWORD, &error);
      g_autofree char *cnc_string = NULL;
      g_autofree char *auth = NULL;

      g_assert_no_error (error);
      cnc_string = g_strdup_printf ("HOST=%s;PORT=%d;DB_NAME=%s", g_uri_get_host (uri),
                                    g_uri_get_port (uri), tdb->pg_name);
      auth = g_strdup_printf ("USERNAME=%s;PASSWORD=%s", g_uri_get_user (uri),
                              g_uri_get_password (uri) ? g_uri_get_password (uri) : "");
      cnc = gda_connection_open_from_string ("PostgreSQL", cnc_string, auth,
                                             GDA_CONNECTION_OPTIONS_NONE, &error);
    }
  else
    {
      g_autofree char *cnc_string = g_strdup_printf ("DB_DIR=%s;DB_NAME=certassur.db", tdb->tmpdir);
      cnc = gda_connection_open_from_string ("SQLite", cnc_string, NULL,
                                             GDA_CONNECTION_OPTIONS_NONE, &error);
    }
  g_assert_no_error (error);

  gda_connection_execute_non_select_command (cnc, sql, &error);
  g_assert_no_error (error);
  gda_connection_close (cnc);
}

/* Roles belong to the cluster, not to the database: those the database's
 * accounts and migrations made go with it (cas-postgresql-private.h) */
static void
drop_pg_roles (GdaConnection *cnc,
               const char    *dbname)
{
  g_autofree char *prefix = _cas_pg_role_prefix (dbname);
  g_autofree char *sql = NULL;
  g_autoptr(GdaDataModel) roles = NULL;

  /* Login roles, then the groups they belong to */
  sql = g_strdup_printf ("SELECT rolname FROM pg_roles WHERE starts_with (rolname, '%s_') "
                         "ORDER BY rolcanlogin DESC, rolname", prefix);
  roles = gda_connection_execute_select_command (cnc, sql, NULL);
  for (int row = 0; roles != NULL && row < gda_data_model_get_n_rows (roles); row++)
    {
      g_autofree char *name = _cas_model_dup_string (roles, 0, row);
      g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS \"%s\"", name);

      gda_connection_execute_non_select_command (cnc, drop, NULL);
    }
}

void
cas_test_database_free (CasTestDatabase *tdb)
{
  if (tdb == NULL)
    return;

  g_clear_object (&tdb->operator);
  g_clear_object (&tdb->db);

  if (tdb->pg_name != NULL)
    {
      g_autoptr(GdaConnection) cnc = pg_admin_connection ();
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s", tdb->pg_name);

      gda_connection_execute_non_select_command (cnc, sql, NULL);
      drop_pg_roles (cnc, tdb->pg_name);
      gda_connection_close (cnc);
    }
  else if (tdb->tmpdir != NULL)
    remove_tree (tdb->tmpdir);

  g_free (tdb->location);
  g_free (tdb->tmpdir);
  g_free (tdb->pg_name);
  g_free (tdb);
}

char *
cas_test_make_nrn (const char *birth_date,
                   char        sex,
                   guint       serial)
{
  int year, month, day;
  guint64 n;

  g_assert_cmpint (sscanf (birth_date, "%d-%d-%d", &year, &month, &day), ==, 3);
  if (sex == 'M' && serial % 2 == 0)
    serial++;
  if (sex == 'F' && serial % 2 == 1)
    serial++;

  n = (guint64) (year % 100) * 10000000 + month * 100000 + day * 1000 + serial;
  if (year >= 2000)
    n += 2000000000;

  return g_strdup_printf ("%02d%02d%02d%03u%02u", year % 100, month, day, serial,
                          (guint) (97 - n % 97));
}

char *
cas_test_query_string (CasDatabase *db,
                       const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdaDataModel) model = _cas_database_query (db, &error, sql, NULL);
  char *value;

  g_assert_no_error (error);
  if (gda_data_model_get_n_rows (model) == 0)
    return g_strdup ("");
  value = _cas_model_dup_string (model, 0, 0);

  return value ? value : g_strdup ("");
}

gint64
cas_test_query_int (CasDatabase *db,
                    const char  *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  if (!_cas_database_query_int64 (db, &value, NULL, &error, sql, NULL))
    g_error ("%s: %s", sql, error->message);

  return value;
}

CasAccount *
cas_test_login (CasTestDatabase *tdb,
                const char      *login,
                const char      *password)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (tdb->db);
  g_autoptr(GError) error = NULL;
  CasAccount *account;

  account = cas_account_service_authenticate (accounts, login, password, &error);
  g_assert_no_error (error);

  return account;
}

CasAccount *
cas_test_operator (CasTestDatabase *tdb)
{
  if (tdb->operator == NULL)
    {
      g_autoptr(CasAccountService) accounts = cas_account_service_new (tdb->db);
      g_autoptr(CasAccount) local = cas_account_new_local (tdb->db);
      g_autoptr(GError) error = NULL;
      gint64 id;

      id = cas_account_service_create (accounts, local, "test.operator", "test operator password",
                                       0, &error);
      g_assert_no_error (error);
      cas_account_service_grant (accounts, local, id, CAS_ROLE_OPERATOR, 0, &error);
      g_assert_no_error (error);
      tdb->operator = cas_test_login (tdb, "test.operator", "test operator password");
    }

  return tdb->operator;
}
