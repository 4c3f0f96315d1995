/* cas-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sql-parser/gda-sql-parser.h>

#include "cas-database-private.h"
#include "cas-core-resources.h"
#include "cas-postgresql-private.h"
#include "cas-sqlite-guard-private.h"
#include "cas-util.h"

struct _CasDatabase
{
  GObject        parent_instance;

  GdaConnection *cnc;
  GdaSqlParser  *parser;
  CasDialect     dialect;
  char          *location;
  char          *display_name;

  /* SQLite: this process's lock on the database among programs */
  CasSqliteGuard *sqlite_guard;

  /* PostgreSQL: the server and database of the location */
  char          *pg_host;
  int            pg_port;
  char          *pg_dbname;
  /* Opened with CAS_DATABASE_OPEN_LOGIN: the login connects, as the
   * account's own role, and account_login is then its login */
  gboolean       login_connects;
  char          *account_login;

  /* The attestation signing key's file; NULL until asked for */
  char          *signing_key_path;

  /* Statements parsed once: SQL text -> GdaStatement */
  GHashTable    *statements;

  /* One thread at a time talks to the connection; a transaction keeps the
   * lock from begin to commit so other threads wait for it. */
  GRecMutex      mutex;
  guint          transaction_depth;
  gboolean       transaction_failed;
  /* Deferred work: pairs of GFunc and data, run after the transaction */
  GArray        *after_transaction;

  int            schema_version;
  /* A random identity, made when the database was created */
  char          *id;
};

struct _CasDatabaseLocker
{
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasDatabase, cas_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (cas-database-error-quark, cas_database_error)

/* A schema version, with the script of each dialect; NULL when the version
 * changes nothing on that dialect (it is recorded all the same, so that
 * versions mean the same on both) */
typedef struct
{
  int         version;
  const char *sqlite;
  const char *postgresql;
} Migration;

#define SQL_RESOURCE(name) "/be/certassur/Desk/core/sql/" name

static const Migration migrations[] = {
  { 1, SQL_RESOURCE ("0001-initial.sql"), SQL_RESOURCE ("0001-initial.sql") },
  { 2, SQL_RESOURCE ("0002-access.sql"), SQL_RESOURCE ("0002-access.sql") },
  { 3, NULL, SQL_RESOURCE ("0003-postgresql-security.sql") },
  { 4, SQL_RESOURCE ("0004-attestations.sql"), SQL_RESOURCE ("0004-attestations.sql") },
  { 5, NULL, SQL_RESOURCE ("0005-attestation-verification.sql") },
  { 6, NULL, SQL_RESOURCE ("0006-login-gate.sql") },
  { 7, SQL_RESOURCE ("0007-duplicates.sql"), SQL_RESOURCE ("0007-duplicates-postgresql.sql") },
  { 8, SQL_RESOURCE ("0008-person-search.sql"),
    SQL_RESOURCE ("0008-person-search-postgresql.sql") },
  { 9, NULL, SQL_RESOURCE ("0009-duplicate-lookup-postgresql.sql") },
  { 10, SQL_RESOURCE ("0010-person-order.sql"),
    SQL_RESOURCE ("0010-person-order-postgresql.sql") },
  { 11, NULL, SQL_RESOURCE ("0011-import-lookup-postgresql.sql") },
  { 12, SQL_RESOURCE ("0012-person-search-prefixes.sql"), NULL },
  { 13, NULL, SQL_RESOURCE ("0013-merge-across-postgresql.sql") },
  { 14, SQL_RESOURCE ("0014-person-search-order.sql"), NULL },
  { 15, NULL, SQL_RESOURCE ("0015-person-search-terms-postgresql.sql") },
};

static void
cas_database_finalize (GObject *object)
{
  CasDatabase *self = (CasDatabase *)object;

  if (self->transaction_depth > 0)
    g_critical ("Database closed with an open transaction");

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->parser);
  if (self->cnc != NULL)
    gda_connection_close (self->cnc);
  g_clear_object (&self->cnc);
  /* Only once SQLite has let go of the file */
  g_clear_pointer (&self->sqlite_guard, _cas_sqlite_guard_release);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->pg_host, g_free);
  g_clear_pointer (&self->pg_dbname, g_free);
  g_clear_pointer (&self->account_login, g_free);
  g_clear_pointer (&self->signing_key_path, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->after_transaction, g_array_unref);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cas_database_parent_class)->finalize (object);
}

static void
cas_database_class_init (CasDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cas_database_finalize;
}

static void
cas_database_init (CasDatabase *self)
{
  g_rec_mutex_init (&self->mutex);
  self->after_transaction = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
ensure_gda (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      gda_init ();
      g_resources_register (_cas_core_get_resource ());
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * cas_database_get_default_location:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/certassur/certassur.db`
 */
char *
cas_database_get_default_location (void)
{
  return g_build_filename (g_get_user_data_dir (), "certassur", "certassur.db", NULL);
}

static gboolean
is_postgresql_location (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* The first line of a provider's message: libpq adds hints on further lines. */
static char *
first_line (const char *message)
{
  const char *nl;

  if (message == NULL)
    return g_strdup (_("unknown error"));
  nl = strchr (message, '\n');
  return nl ? g_strndup (message, nl - message) : g_strdup (message);
}

/* Reads the server, port and database of a postgresql:// location into
 * @self, and its user and password, if any, into @user and @password */
static gboolean
parse_postgresql_location (CasDatabase  *self,
                           const char   *location,
                           char        **user,
                           char        **password,
                           GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;
  const char *path;
  int port;

  uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION,
                   _("Database address “%s” is not valid: %s. "
                     "Expected postgresql://user:password@host:port/dbname"),
                   location, local_error->message);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    host = "localhost";
  port = g_uri_get_port (uri);
  if (port <= 0)
    port = 5432;
  path = g_uri_get_path (uri);
  while (path != NULL && *path == '/')
    path++;
  if (path == NULL || *path == '\0')
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION,
                   _("Database address “%s” names no database. "
                     "Expected postgresql://user:password@host:port/dbname"),
                   location);
      return FALSE;
    }

  self->pg_host = g_strdup (host);
  self->pg_port = port;
  self->pg_dbname = g_strdup (path);
  *user = g_strdup (g_uri_get_user (uri));
  *password = g_strdup (g_uri_get_password (uri));

  return TRUE;
}

static char *
postgresql_display_name (CasDatabase *self,
                         const char  *user)
{
  return g_strdup_printf ("postgresql://%s%s%s:%d/%s",
                          user ? user : "", user ? "@" : "",
                          self->pg_host, self->pg_port, self->pg_dbname);
}

/* libgda passes each value to libpq between single quotes, as it is:
 * values are escaped for libpq here, then encoded for libgda's own
 * "NAME=value;..." strings */
static void
append_connection_value (GString    *string,
                         const char *name,
                         const char *value)
{
  g_autofree char *escaped = _cas_pg_conninfo_escape (value);
  g_autofree char *encoded = gda_rfc1738_encode (escaped);

  g_string_append_printf (string, "%s%s=%s", string->len ? ";" : "", name, encoded);
}

/* A connection to the location's server and database as @user (NULL:
 * libpq's default) with @password; the provider's error otherwise */
static GdaConnection *
connect_postgresql (CasDatabase  *self,
                    const char   *user,
                    const char   *password,
                    GError      **error)
{
  g_autoptr(GString) cnc_string = g_string_new (NULL);
  g_autoptr(GString) auth_string = g_string_new (NULL);
  g_autofree char *port = g_strdup_printf ("%d", self->pg_port);
  GdaConnection *cnc;

  append_connection_value (cnc_string, "HOST", self->pg_host);
  append_connection_value (cnc_string, "PORT", port);
  append_connection_value (cnc_string, "DB_NAME", self->pg_dbname);
  if (user != NULL)
    append_connection_value (auth_string, "USERNAME", user);
  if (password != NULL)
    append_connection_value (auth_string, "PASSWORD", password);

  cnc = gda_connection_open_from_string ("PostgreSQL", cnc_string->str,
                                         auth_string->len ? auth_string->str : NULL,
                                         GDA_CONNECTION_OPTIONS_THREAD_SAFE, error);
  if (password != NULL)
    sodium_memzero (auth_string->str, auth_string->len);

  /* Statements are prepared once and run many times with other values; a
   * plan made for any value cannot drop the branches of "all = 1 OR …"
   * (the register's filters), and walks or filters far more than one
   * made for the values given (a count by centre and search: 870 → 100
   * ms at 1,000,000 persons). Each run is planned for its values. */
  if (cnc != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (gda_connection_execute_non_select_command (cnc,
                                                     "SET plan_cache_mode = force_custom_plan",
                                                     &local_error) < 0)
        g_debug ("Statements keep generic plans: %s", local_error->message);
    }

  return cnc;
}

static GdaConnection *
open_postgresql (CasDatabase  *self,
                 const char   *user,
                 const char   *password,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  GdaConnection *cnc;

  cnc = connect_postgresql (self, user, password, &local_error);
  if (cnc == NULL)
    {
      reason = first_line (local_error ? local_error->message : NULL);
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_CONNECT,
                   _("Cannot connect to the PostgreSQL database %s: %s"),
                   self->display_name, reason);
      return NULL;
    }

  return cnc;
}

static GdaConnection *
open_sqlite (CasDatabase           *self,
             const char            *location,
             CasDatabaseOpenFlags   flags,
             GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *dir_enc = NULL;
  g_autofree char *base_enc = NULL;
  g_autofree char *cnc_string = NULL;
  GdaConnection *cnc;

  if (*location == '\0')
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION,
                   _("Database: no file name given"));
      return NULL;
    }

  path = g_canonicalize_filename (location, NULL);
  self->display_name = g_strdup (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                   _("Database “%s” is a folder, not a database file"), path);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd;

      if (!(flags & CAS_DATABASE_OPEN_CREATE))
        {
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_FOUND,
                       _("Database file “%s” does not exist. "
                         "Create it with “certassur --database %s init”."),
                       path, path);
          return NULL;
        }

      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE,
                       _("Cannot create the folder “%s” for the database: %s"),
                       dir, g_strerror (errsv));
          return NULL;
        }

      /* libgda would add ".db" to a name it does not find; an empty file is
       * an empty SQLite database and makes it open the exact path. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0)
        {
          int errsv = errno;
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE,
                       _("Cannot create the database file “%s”: %s"), path, g_strerror (errsv));
          return NULL;
        }
      close (fd);
    }
  else if (g_access (path, R_OK | W_OK) != 0)
    {
      int errsv = errno;
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE,
                   _("Cannot open the database file “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }

  self->sqlite_guard = _cas_sqlite_guard_acquire (path, flags & CAS_DATABASE_OPEN_EXCLUSIVE,
                                                  error);
  if (self->sqlite_guard == NULL)
    return NULL;

  g_clear_pointer (&dir, g_free);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  dir_enc = gda_rfc1738_encode (dir);
  base_enc = gda_rfc1738_encode (base);
  cnc_string = g_strdup_printf ("DB_DIR=%s;DB_NAME=%s", dir_enc, base_enc);

  cnc = gda_connection_open_from_string ("SQLite", cnc_string, NULL,
                                         GDA_CONNECTION_OPTIONS_THREAD_SAFE, &local_error);
  if (cnc == NULL)
    {
      g_autofree char *reason = first_line (local_error ? local_error->message : NULL);
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                   _("Cannot open “%s” as a Certassur database: %s"), path, reason);
      return NULL;
    }

  self->location = g_steal_pointer (&path);

  return cnc;
}

static gboolean
sqlite_pragma (CasDatabase  *self,
               const char   *pragma,
               GError      **error)
{
  g_autoptr(GdaDataModel) model = NULL;

  /* Pragmas through the non-select path report an error although applied. */
  model = gda_connection_execute_select_command (self->cnc, pragma, error);

  return model != NULL;
}

/* Whether @statement, so far, is a SQLite trigger whose body has not ended:
 * its statements end with ';' too, the trigger with the "END" after them
 * (a PostgreSQL trigger has no body of its own) */
static gboolean
in_trigger_body (const char *statement)
{
  g_autofree char *upper = g_ascii_strup (statement, -1);
  const char *begin;
  gsize len;

  g_strstrip (upper);
  if (!g_str_has_prefix (upper, "CREATE TRIGGER"))
    return FALSE;

  begin = strstr (upper, "BEGIN");
  if (begin == NULL || !g_ascii_isspace (begin[-1]) ||
      (begin[5] != '\0' && !g_ascii_isspace (begin[5])))
    return FALSE;

  len = strlen (upper);

  return !(g_str_has_suffix (upper, "END") &&
           (len == 3 || !(g_ascii_isalnum (upper[len - 4]) || upper[len - 4] == '_')));
}

/* Splits a migration script into statements: on ';' outside quotes,
 * comments, $$-bodies and trigger bodies. */
static GPtrArray *
split_statements (const char *script)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) current = g_string_new (NULL);
  gboolean in_single = FALSE;
  gboolean in_dollar = FALSE;

  for (const char *p = script; *p != '\0'; p++)
    {
      if (!in_single && !in_dollar && p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          if (*p == '\0')
            break;
          g_string_append_c (current, '\n');
          continue;
        }

      if (!in_dollar && *p == '\'')
        in_single = !in_single;
      else if (!in_single && p[0] == '$' && p[1] == '$')
        {
          in_dollar = !in_dollar;
          g_string_append (current, "$$");
          p++;
          continue;
        }

      if (!in_single && !in_dollar && *p == ';' && !in_trigger_body (current->str))
        {
          g_strstrip (current->str);
          current->len = strlen (current->str);
          if (current->len > 0)
            g_ptr_array_add (statements, g_strdup (current->str));
          g_string_truncate (current, 0);
          continue;
        }

      g_string_append_c (current, *p);
    }

  g_strstrip (current->str);
  if (current->str[0] != '\0')
    g_ptr_array_add (statements, g_strdup (current->str));

  return g_steal_pointer (&statements);
}

/* The script of @migration for the database's dialect; "" when it has
 * nothing to do on that dialect */
static char *
load_migration (CasDatabase      *self,
                const Migration  *migration,
                GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) script = NULL;
  gboolean sqlite = self->dialect == CAS_DIALECT_SQLITE;
  const char *resource = sqlite ? migration->sqlite : migration->postgresql;

  if (resource == NULL)
    return g_strdup ("");

  bytes = g_resources_lookup_data (resource, 0, error);
  if (bytes == NULL)
    return NULL;

  script = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_replace (script, "{{ID}}",
                    sqlite ? "INTEGER PRIMARY KEY"
                           : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", 0);
  g_string_replace (script, "{{BLOB}}", sqlite ? "BLOB" : "BYTEA", 0);

  return g_string_free (g_steal_pointer (&script), FALSE);
}

/* Statements go through the connection's own parser, which keeps a
 * PL/pgSQL body whole; gda_connection_execute_non_select_command () cuts
 * some of them short (a DO block with "END IF; END"). */
static gboolean
run_script (CasDatabase  *self,
            const char   *script,
            GError      **error)
{
  g_autoptr(GPtrArray) statements = split_statements (script);

  for (guint i = 0; i < statements->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GdaStatement) stmt = NULL;
      const char *sql = g_ptr_array_index (statements, i);
      const char *remain = NULL;

      stmt = gda_sql_parser_parse_string (self->parser, sql, &remain, &local_error);
      if (stmt == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* One statement at a time: the parser must not find a second */
      while (remain != NULL && g_ascii_isspace (*remain))
        remain++;
      if (remain != NULL && *remain != '\0')
        {
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       "Internal error: libgda split a migration statement before “%.40s”",
                       remain);
          return FALSE;
        }

      if (gda_connection_statement_execute_non_select (self->cnc, stmt, NULL, NULL,
                                                       &local_error) == -1 &&
          local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
table_exists (CasDatabase  *self,
              const char   *table,
              gboolean     *exists,
              gboolean     *any_table,
              GError      **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  const char *sql;

  if (self->dialect == CAS_DIALECT_SQLITE)
    sql = "SELECT name FROM sqlite_master WHERE type = 'table'";
  else
    sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";

  model = _cas_database_query (self, error, sql, NULL);
  if (model == NULL)
    return FALSE;

  *exists = FALSE;
  *any_table = gda_data_model_get_n_rows (model) > 0;
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      g_autofree char *name = _cas_model_dup_string (model, 0, row);
      if (g_strcmp0 (name, table) == 0)
        *exists = TRUE;
    }

  return TRUE;
}

static gboolean
migrate (CasDatabase  *self,
         GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean has_version_table;
  gboolean has_tables;
  gint64 current = 0;
  gboolean found = FALSE;
  int latest = cas_database_get_latest_schema_version ();

  if (!_cas_database_begin (self, error))
    return FALSE;

  /* Two desks opening a new shared database at once must not both migrate. */
  if (self->dialect == CAS_DIALECT_POSTGRESQL)
    {
      g_autoptr(GdaDataModel) lock = _cas_database_query (self, error,
                                                          "SELECT pg_advisory_xact_lock (727001)",
                                                          NULL);
      if (lock == NULL)
        goto failed;
    }

  if (!table_exists (self, "schema_version", &has_version_table, &has_tables, error))
    goto failed;

  if (!has_version_table)
    {
      if (has_tables)
        {
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                       _("“%s” holds other data and is not a Certassur database; "
                         "nothing was changed"),
                       self->display_name);
          goto failed;
        }
      if (!_cas_database_exec (self, NULL, error,
                               "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                               "applied_at TEXT NOT NULL)", NULL))
        goto failed;
    }

  if (!_cas_database_query_int64 (self, &current, &found, error,
                                  "SELECT MAX(version) FROM schema_version", NULL))
    goto failed;

  if (current > latest)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_TOO_NEW,
                   _("Database “%s” uses schema version %d, but this version of Certassur Desk "
                     "knows versions up to %d. Install a newer Certassur Desk to open it."),
                   self->display_name, (int) current, latest);
      goto failed;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *script = NULL;
      g_autofree char *now = NULL;

      if (migrations[i].version <= current)
        continue;

      script = load_migration (self, &migrations[i], error);
      if (script == NULL)
        goto failed;

      if (!run_script (self, script, &local_error))
        {
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       _("Migration to schema version %d failed, nothing was changed: %s"),
                       migrations[i].version, local_error->message);
          goto failed;
        }

      now = cas_now_utc ();
      if (!_cas_database_exec (self, NULL, error,
                               "INSERT INTO schema_version (version, applied_at) "
                               "VALUES (##version::gint, ##now::string)",
                               "version", migrations[i].version,
                               "now", now,
                               NULL))
        goto failed;
      current = migrations[i].version;
    }

  /* Who issued a login token: a token of another database is refused */
  {
    g_autoptr(GdaDataModel) model = NULL;

    model = _cas_database_query (self, error,
                                 "SELECT value FROM app_meta WHERE key = 'database.id'", NULL);
    if (model == NULL)
      goto failed;
    if (gda_data_model_get_n_rows (model) > 0)
      self->id = _cas_model_dup_string (model, 0, 0);
    else
      {
        self->id = g_uuid_string_random ();
        if (!_cas_database_exec (self, NULL, error,
                                 "INSERT INTO app_meta (key, value) "
                                 "VALUES ('database.id', ##id::string)",
                                 "id", self->id, NULL))
          goto failed;
      }
  }

  if (!_cas_database_commit (self, error))
    return FALSE;

  self->schema_version = current;

  return TRUE;

failed:
  _cas_database_rollback (self);
  return FALSE;
}

static void
ensure_parser (CasDatabase *self)
{
  if (self->parser != NULL)
    return;

  self->parser = gda_connection_create_parser (self->cnc);
  if (self->parser == NULL)
    self->parser = gda_sql_parser_new ();
}

/**
 * cas_database_open:
 * @location: (nullable): a file path (SQLite) or a
 *   `postgresql://user:password@host:port/dbname` address; %NULL for the
 *   default file
 * @flags: %CAS_DATABASE_OPEN_CREATE to create a missing SQLite file;
 *   %CAS_DATABASE_OPEN_LOGIN to connect to PostgreSQL only when an account
 *   logs in, as the account's own role
 * @error: a location for a #GError
 *
 * Opens the database and brings its schema up to date, in one transaction.
 * With %CAS_DATABASE_OPEN_LOGIN, a PostgreSQL database is not connected
 * yet: cas_account_service_authenticate() connects with the login's role
 * and password, and checks that the schema is up to date (an account's
 * role may not change it).
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CasDatabase *
cas_database_open (const char            *location,
                   CasDatabaseOpenFlags   flags,
                   GError               **error)
{
  g_autoptr(CasDatabase) self = NULL;
  g_autofree char *default_location = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_gda ();

  if (location == NULL)
    location = default_location = cas_database_get_default_location ();

  self = g_object_new (CAS_TYPE_DATABASE, NULL);

  if (is_postgresql_location (location))
    {
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;

      self->dialect = CAS_DIALECT_POSTGRESQL;
      self->location = g_strdup (location);
      if (!parse_postgresql_location (self, location, &user, &password, error))
        return NULL;

      /* A desk: nothing to do until someone logs in */
      if (flags & CAS_DATABASE_OPEN_LOGIN)
        {
          self->login_connects = TRUE;
          self->display_name = postgresql_display_name (self, NULL);
          return g_steal_pointer (&self);
        }

      self->display_name = postgresql_display_name (self, user);
      self->cnc = open_postgresql (self, user, password, error);
      if (password != NULL)
        sodium_memzero (password, strlen (password));
    }
  else
    {
      self->dialect = CAS_DIALECT_SQLITE;
      self->cnc = open_sqlite (self, location, flags, error);
    }

  if (self->cnc == NULL)
    return NULL;

  ensure_parser (self);

  if (self->dialect == CAS_DIALECT_SQLITE)
    {
      g_autoptr(GError) local_error = NULL;

      if (!sqlite_pragma (self, "PRAGMA foreign_keys = ON", &local_error) ||
          !sqlite_pragma (self, "PRAGMA busy_timeout = 10000", &local_error) ||
          !sqlite_pragma (self, "PRAGMA journal_mode = WAL", &local_error) ||
          !sqlite_pragma (self, "PRAGMA synchronous = NORMAL", &local_error) ||
          !sqlite_pragma (self, "PRAGMA cache_size = -65536", &local_error))
        {
          g_autofree char *reason = first_line (local_error->message);
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                       _("Cannot open “%s” as a Certassur database: %s"),
                       self->display_name, reason);
          return NULL;
        }
    }

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * cas_database_open_as:
 * @location: a `postgresql://host:port/dbname` address (a user and
 *   password in it are not used)
 * @login: the login of an account
 * @password: its password
 * @error: a location for a #GError
 *
 * Opens a PostgreSQL database with the database role of the account
 * @login: what cas_database_open() with %CAS_DATABASE_OPEN_LOGIN followed by
 * a login does, without the login session of the core. For tools and
 * tests that talk to the server as an account.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CasDatabase *
cas_database_open_as (const char  *location,
                      const char  *login,
                      const char  *password,
                      GError     **error)
{
  g_autoptr(CasDatabase) self = NULL;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!is_postgresql_location (location))
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_INVALID_LOCATION,
                   _("Database address “%s” is not a PostgreSQL address: only PostgreSQL "
                     "databases have a role for each account"),
                   location);
      return NULL;
    }

  self = cas_database_open (location, CAS_DATABASE_OPEN_LOGIN, error);
  if (self == NULL || !_cas_database_connect_as (self, login, password, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* After connecting as an account: the schema must be the one this program
 * knows, since the account's role cannot migrate it */
static gboolean
check_schema (CasDatabase  *self,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  int latest = cas_database_get_latest_schema_version ();
  gint64 version = 0;

  if (!_cas_database_query_int64 (self, &version, NULL, &local_error,
                                  "SELECT MAX(version) FROM schema_version", NULL))
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Certassur database, or your account may not read it: %s"),
                   self->display_name, local_error->message);
      return FALSE;
    }

  if (version > latest)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_TOO_NEW,
                   _("Database “%s” uses schema version %d, but this version of Certassur Desk "
                     "knows versions up to %d. Install a newer Certassur Desk to open it."),
                   self->display_name, (int) version, latest);
      return FALSE;
    }

  if (version < latest)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_OUTDATED,
                   _("Database “%s” uses schema version %d, and this version of Certassur Desk "
                     "needs version %d. Whoever administers the database brings it up to date "
                     "with “certassur --database ADDRESS init”, connected as its owner."),
                   self->display_name, (int) version, latest);
      return FALSE;
    }

  model = _cas_database_query (self, &local_error,
                               "SELECT value FROM app_meta WHERE key = 'database.id'", NULL);
  if (model == NULL || gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Certassur database, or your account may not read it: %s"),
                   self->display_name,
                   local_error ? local_error->message : _("it has no identity"));
      return FALSE;
    }

  g_free (self->id);
  self->id = _cas_model_dup_string (model, 0, 0);
  self->schema_version = (int) version;

  return TRUE;
}

/* A refused connection as an account: the server's reasons are told apart
 * by its (English) messages; anything else is a connection problem */
static void
set_login_error (CasDatabase  *self,
                 GError       *provider_error,
                 GError      **error)
{
  g_autofree char *reason = first_line (provider_error ? provider_error->message : NULL);

  if (strstr (reason, "not permitted to log in") != NULL)
    g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_LOGIN_DISABLED,
                 _("The database %s does not let this account log in"), self->display_name);
  else if (strstr (reason, "authentication failed") != NULL ||
           strstr (reason, "no password supplied") != NULL ||
           (strstr (reason, "role \"") != NULL && strstr (reason, "does not exist") != NULL))
    g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_LOGIN_REFUSED,
                 _("The database %s refused the login or the password"), self->display_name);
  else
    g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_CONNECT,
                 _("Cannot connect to the PostgreSQL database %s: %s"),
                 self->display_name, reason);
}

gboolean
_cas_database_connects_at_login (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), FALSE);

  return self->login_connects;
}

const char *
_cas_database_get_account_login (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  return self->account_login;
}

/* Connects as the database role of @login, in place of the connection of
 * an earlier login, which is closed once the new one works */
gboolean
_cas_database_connect_as (CasDatabase  *self,
                          const char   *login,
                          const char   *password,
                          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdaConnection) previous = NULL;
  g_autofree char *role = NULL;
  GdaConnection *cnc;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->login_connects, FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  role = _cas_pg_login_role (self->pg_dbname, login);
  cnc = connect_postgresql (self, role, password, &local_error);
  if (cnc == NULL)
    {
      set_login_error (self, local_error, error);
      return FALSE;
    }

  g_rec_mutex_lock (&self->mutex);

  if (self->transaction_depth > 0)
    {
      g_rec_mutex_unlock (&self->mutex);
      gda_connection_close (cnc);
      g_object_unref (cnc);
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                   "Internal error: a login during a transaction");
      return FALSE;
    }

  previous = g_steal_pointer (&self->cnc);
  self->cnc = cnc;
  g_free (self->account_login);
  self->account_login = g_strdup (login);
  ensure_parser (self);

  ok = check_schema (self, error);
  if (!ok)
    {
      gda_connection_close (self->cnc);
      g_clear_object (&self->cnc);
      g_clear_pointer (&self->account_login, g_free);
    }

  g_rec_mutex_unlock (&self->mutex);

  if (previous != NULL)
    gda_connection_close (previous);

  return ok;
}

/* Whether the server takes @password for the role of @login: a connection
 * opened and closed (the password of an account's role is checked by the
 * server, which does not show its hash) */
gboolean
_cas_database_check_password (CasDatabase  *self,
                              const char   *login,
                              const char   *password,
                              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *role = NULL;
  GdaConnection *cnc;

  g_return_val_if_fail (CAS_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->dialect == CAS_DIALECT_POSTGRESQL, FALSE);

  role = _cas_pg_login_role (self->pg_dbname, login);
  cnc = connect_postgresql (self, role, password, &local_error);
  if (cnc == NULL)
    {
      set_login_error (self, local_error, error);
      return FALSE;
    }

  gda_connection_close (cnc);
  g_object_unref (cnc);

  return TRUE;
}

/* The gate of failed logins on PostgreSQL (0006-login-gate.sql): @call is
 * "cas_login_gate" (is the account locked?) or "cas_login_failed" (count a
 * failure), run as the gate role, which may do nothing else. @login has
 * passed cas_validate_login (): lower-case letters, digits and "._-@", so
 * it stands in the statement between quotes. */
gboolean
_cas_database_login_gate (CasDatabase  *self,
                          const char   *call,
                          const char   *login,
                          char        **answer,
                          GError      **error)
{
  g_autofree char *role = NULL;
  g_autofree char *sql = NULL;
  GdaDataModel *model;
  GdaConnection *cnc;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->dialect == CAS_DIALECT_POSTGRESQL, FALSE);
  g_return_val_if_fail (g_str_equal (call, "cas_login_gate") ||
                        g_str_equal (call, "cas_login_failed"), FALSE);
  g_return_val_if_fail (login != NULL && strchr (login, '\'') == NULL
                        && strchr (login, '\\') == NULL, FALSE);

  role = _cas_pg_group_role (self->pg_dbname, "gate");
  cnc = connect_postgresql (self, role, "certassur-gate", error);
  if (cnc == NULL)
    return FALSE;

  sql = g_strdup_printf ("SELECT %s ('%s')::text", call, login);
  model = gda_connection_execute_select_command (cnc, sql, error);
  ok = model != NULL;
  if (ok && answer != NULL)
    *answer = gda_data_model_get_n_rows (model) > 0 ? _cas_model_dup_string (model, 0, 0) : NULL;

  /* The model before its connection */
  g_clear_object (&model);
  gda_connection_close (cnc);
  g_object_unref (cnc);

  return ok;
}

const char *
cas_database_get_display_name (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  return self->display_name;
}

const char *
cas_database_get_location (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  return self->location;
}

static char *
default_signing_key_path (CasDatabase *self)
{
  g_autoptr(GString) name = NULL;

  if (self->dialect == CAS_DIALECT_SQLITE && self->location != NULL)
    return g_strconcat (self->location, ".key", NULL);

  /* Named after the server and the database, not the user */
  name = g_string_new (NULL);
  g_string_printf (name, "%s-%d-%s", self->pg_host ? self->pg_host : "",
                   self->pg_port, self->pg_dbname ? self->pg_dbname : "");
  for (char *p = name->str; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      *p = '_';
  g_string_append (name, ".key");

  return g_build_filename (g_get_user_data_dir (), "certassur", "keys", name->str, NULL);
}

void
cas_database_set_signing_key_path (CasDatabase *self,
                                   const char  *path)
{
  g_return_if_fail (CAS_IS_DATABASE (self));

  g_rec_mutex_lock (&self->mutex);
  g_free (self->signing_key_path);
  self->signing_key_path = path ? g_strdup (path) : default_signing_key_path (self);
  g_rec_mutex_unlock (&self->mutex);
}

const char *
cas_database_get_signing_key_path (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (self->signing_key_path == NULL)
    self->signing_key_path = default_signing_key_path (self);
  g_rec_mutex_unlock (&self->mutex);

  return self->signing_key_path;
}

CasDialect
cas_database_get_dialect (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), CAS_DIALECT_SQLITE);

  return self->dialect;
}

/**
 * cas_database_get_id:
 *
 * Returns: the random identity the database got when it was created
 */
const char *
cas_database_get_id (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  return self->id;
}

int
cas_database_get_schema_version (CasDatabase *self)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), 0);

  return self->schema_version;
}

int
cas_database_get_latest_schema_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

/**
 * cas_database_get_meta:
 *
 * Returns: (transfer full) (nullable): the value stored under @key
 */
char *
cas_database_get_meta (CasDatabase *self,
                       const char  *key)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;

  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);

  locker = _cas_database_lock (self);
  model = _cas_database_query (self, NULL,
                               "SELECT value FROM app_meta WHERE key = ##key::string",
                               "key", key, NULL);
  if (model == NULL || gda_data_model_get_n_rows (model) == 0)
    return NULL;

  return _cas_model_dup_string (model, 0, 0);
}

gboolean
cas_database_set_meta (CasDatabase  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  g_return_val_if_fail (CAS_IS_DATABASE (self), FALSE);

  if (!_cas_database_begin (self, error))
    return FALSE;

  if (!_cas_database_exec (self, NULL, error,
                           "DELETE FROM app_meta WHERE key = ##key::string",
                           "key", key, NULL) ||
      (value != NULL &&
       !_cas_database_exec (self, NULL, error,
                            "INSERT INTO app_meta (key, value) "
                            "VALUES (##key::string, ##value::string)",
                            "key", key, "value", value, NULL)))
    {
      _cas_database_rollback (self);
      return FALSE;
    }

  return _cas_database_commit (self, error);
}

/* Statement layer */

CasDatabaseLocker *
_cas_database_lock (CasDatabase *self)
{
  g_rec_mutex_lock (&self->mutex);

  return (CasDatabaseLocker *) self;
}

void
_cas_database_unlock (CasDatabaseLocker *locker)
{
  CasDatabase *self = (CasDatabase *) locker;

  g_rec_mutex_unlock (&self->mutex);
}

static GdaStatement *
lookup_statement (CasDatabase  *self,
                  const char   *sql,
                  GError      **error)
{
  GdaStatement *stmt;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt == NULL)
    {
      stmt = gda_sql_parser_parse_string (self->parser, sql, NULL, error);
      if (stmt == NULL)
        return NULL;
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }

  return stmt;
}

static gboolean
bind_parameters (GdaStatement  *stmt,
                 GdaSet       **out_params,
                 va_list        args,
                 GError       **error)
{
  g_autoptr(GdaSet) params = NULL;
  const char *name;

  if (!gda_statement_get_parameters (stmt, &params, error))
    return FALSE;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      GdaHolder *holder = params ? gda_set_get_holder (params, name) : NULL;
      GValue value = G_VALUE_INIT;
      GType type;
      gboolean is_null = FALSE;
      gboolean ok;

      if (holder == NULL)
        {
          g_critical ("Statement has no parameter “%s”", name);
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       "Internal error: statement has no parameter “%s”", name);
          return FALSE;
        }

      type = gda_holder_get_g_type (holder);
      if (type == G_TYPE_STRING)
        {
          const char *s = va_arg (args, const char *);
          if (s == NULL)
            is_null = TRUE;
          else
            {
              g_value_init (&value, G_TYPE_STRING);
              g_value_set_static_string (&value, s);
            }
        }
      else if (type == G_TYPE_INT)
        {
          int v = va_arg (args, int);
          if (v < 0 && !gda_holder_get_not_null (holder))
            is_null = TRUE;
          else
            {
              g_value_init (&value, G_TYPE_INT);
              g_value_set_int (&value, v);
            }
        }
      else if (type == G_TYPE_INT64)
        {
          gint64 v = va_arg (args, gint64);
          if (v <= 0 && !gda_holder_get_not_null (holder))
            is_null = TRUE;
          else
            {
              g_value_init (&value, G_TYPE_INT64);
              g_value_set_int64 (&value, v);
            }
        }
      else if (type == G_TYPE_DOUBLE)
        {
          g_value_init (&value, G_TYPE_DOUBLE);
          g_value_set_double (&value, va_arg (args, double));
        }
      else if (type == GDA_TYPE_BINARY)
        {
          GBytes *bytes = va_arg (args, GBytes *);
          if (bytes == NULL)
            is_null = TRUE;
          else
            {
              gsize size;
              const guchar *data = g_bytes_get_data (bytes, &size);
              GValue *v = gda_value_new_binary (data, size);
              value = *v;
              g_free (v);
            }
        }
      else
        {
          g_critical ("Parameter “%s” has an unsupported type %s", name, g_type_name (type));
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       "Internal error: unsupported parameter type %s", g_type_name (type));
          return FALSE;
        }

      if (is_null)
        ok = gda_holder_set_value (holder, NULL, error);
      else
        {
          ok = gda_holder_set_value (holder, &value, error);
          g_value_unset (&value);
        }
      if (!ok)
        return FALSE;
    }

  *out_params = g_steal_pointer (&params);

  return TRUE;
}

/* A database that connects at login has no connection before it */
static gboolean
check_connected (CasDatabase  *self,
                 GError      **error)
{
  if (self->cnc != NULL)
    return TRUE;

  g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_NOT_CONNECTED,
               _("Log in first: the database %s connects with the account of whoever logs in"),
               self->display_name);
  return FALSE;
}

/* Turns provider errors into errors of ours; the message stays the
 * provider's first line, for logs and developers. */
static void
translate_error (CasDatabase  *self,
                 GError       *provider_error,
                 GError      **error)
{
  g_autofree char *line = first_line (provider_error->message);
  CasDatabaseError code = CAS_DATABASE_ERROR_FAILED;

  if (strstr (line, "UNIQUE constraint") != NULL ||
      strstr (line, "duplicate key") != NULL ||
      strstr (line, "FOREIGN KEY constraint") != NULL ||
      strstr (line, "foreign key constraint") != NULL ||
      strstr (line, "CHECK constraint") != NULL ||
      strstr (line, "check constraint") != NULL ||
      strstr (line, "NOT NULL constraint") != NULL ||
      strstr (line, "not-null constraint") != NULL)
    code = CAS_DATABASE_ERROR_CONSTRAINT;
  else if (strstr (line, "server closed the connection") != NULL ||
           strstr (line, "no connection to the server") != NULL)
    code = CAS_DATABASE_ERROR_CONNECT;

  g_set_error_literal (error, CAS_DATABASE_ERROR, code, line);
}

gboolean
_cas_database_execv (CasDatabase  *self,
                     gint         *n_changed,
                     GError      **error,
                     const char   *sql,
                     va_list       args)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self);
  g_autoptr(GdaSet) params = NULL;
  g_autoptr(GError) local_error = NULL;
  GdaStatement *stmt;
  gint n;

  if (!check_connected (self, error))
    return FALSE;

  stmt = lookup_statement (self, sql, &local_error);
  if (stmt == NULL || !bind_parameters (stmt, &params, args, &local_error))
    {
      translate_error (self, local_error, error);
      return FALSE;
    }

  n = gda_connection_statement_execute_non_select (self->cnc, stmt, params, NULL, &local_error);
  if (n == -1 && local_error != NULL)
    {
      translate_error (self, local_error, error);
      if (self->transaction_depth > 0)
        self->transaction_failed = TRUE;
      return FALSE;
    }

  if (n_changed != NULL)
    *n_changed = MAX (n, 0);

  return TRUE;
}

gboolean
_cas_database_exec (CasDatabase  *self,
                    gint         *n_changed,
                    GError      **error,
                    const char   *sql,
                    ...)
{
  va_list args;
  gboolean ret;

  va_start (args, sql);
  ret = _cas_database_execv (self, n_changed, error, sql, args);
  va_end (args);

  return ret;
}

static GdaDataModel *
queryv (CasDatabase  *self,
        GError      **error,
        const char   *sql,
        va_list       args)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self);
  g_autoptr(GdaSet) params = NULL;
  g_autoptr(GError) local_error = NULL;
  GdaStatement *stmt;
  GdaDataModel *model;

  if (!check_connected (self, error))
    return NULL;

  stmt = lookup_statement (self, sql, &local_error);
  if (stmt == NULL || !bind_parameters (stmt, &params, args, &local_error))
    {
      translate_error (self, local_error, error);
      return NULL;
    }

  model = gda_connection_statement_execute_select_full (self->cnc, stmt, params,
                                                        GDA_STATEMENT_MODEL_RANDOM_ACCESS,
                                                        NULL, &local_error);
  if (model == NULL)
    {
      translate_error (self, local_error, error);
      if (self->transaction_depth > 0)
        self->transaction_failed = TRUE;
      return NULL;
    }

  return model;
}

/**
 * _cas_database_query:
 *
 * Runs a SELECT. Read the model while holding the database lock when other
 * threads may use the database.
 *
 * Returns: (transfer full): the rows, or %NULL with @error set
 */
GdaDataModel *
_cas_database_query (CasDatabase  *self,
                     GError      **error,
                     const char   *sql,
                     ...)
{
  va_list args;
  GdaDataModel *model;

  va_start (args, sql);
  model = queryv (self, error, sql, args);
  va_end (args);

  return model;
}

gboolean
_cas_database_query_int64 (CasDatabase  *self,
                           gint64       *value,
                           gboolean     *found,
                           GError      **error,
                           const char   *sql,
                           ...)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self);
  g_autoptr(GdaDataModel) model = NULL;
  va_list args;
  gboolean has_value;

  va_start (args, sql);
  model = queryv (self, error, sql, args);
  va_end (args);

  if (model == NULL)
    return FALSE;

  has_value = gda_data_model_get_n_rows (model) > 0 && !_cas_model_is_null (model, 0, 0);
  *value = has_value ? _cas_model_get_int64 (model, 0, 0) : 0;
  if (found != NULL)
    *found = has_value;

  return TRUE;
}

gint64
_cas_database_last_insert_id (CasDatabase  *self,
                              GError      **error)
{
  gint64 id = 0;
  /* A SELECT without FROM leaks inside libgda's SQLite provider */
  const char *sql = self->dialect == CAS_DIALECT_SQLITE
                    ? "SELECT last_insert_rowid () FROM (SELECT 1)"
                    : "SELECT lastval ()";

  if (!_cas_database_query_int64 (self, &id, NULL, error, sql, NULL))
    return 0;

  return id;
}

/* Called with the lock held, after the outermost transaction ended */
static void
run_after_transaction (CasDatabase *self)
{
  g_autoptr(GArray) pending = self->after_transaction;

  self->after_transaction = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  for (guint i = 0; i < pending->len; i++)
    {
      gpointer *pair = &g_array_index (pending, gpointer, i * 2);
      GFunc func = (GFunc) pair[0];

      func (pair[1], self);
    }
}

gboolean
_cas_database_begin (CasDatabase  *self,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_rec_mutex_lock (&self->mutex);

  if (self->transaction_depth == 0 && !check_connected (self, error))
    {
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  if (self->transaction_depth++ > 0)
    return TRUE;

  self->transaction_failed = FALSE;

  /* SQLite: take the write lock now, so that a transaction that reads and
   * then writes cannot fail half-way on another writer. */
  if (self->dialect == CAS_DIALECT_SQLITE)
    ok = gda_connection_execute_non_select_command (self->cnc,
                                                    "BEGIN IMMEDIATE",
                                                    &local_error) != -1 ||
         local_error == NULL;
  else
    ok = gda_connection_begin_transaction (self->cnc, NULL, GDA_TRANSACTION_ISOLATION_UNKNOWN,
                                           &local_error);

  if (!ok)
    {
      self->transaction_depth = 0;
      translate_error (self, local_error, error);
      g_rec_mutex_unlock (&self->mutex);
      return FALSE;
    }

  return TRUE;
}

gboolean
_cas_database_commit (CasDatabase  *self,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (--self->transaction_depth == 0)
    {
      if (self->transaction_failed)
        {
          gda_connection_rollback_transaction (self->cnc, NULL, NULL);
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       _("The change was cancelled because a step of it failed; "
                         "nothing was saved"));
          ok = FALSE;
        }
      else if (self->dialect == CAS_DIALECT_SQLITE)
        {
          if (gda_connection_execute_non_select_command (self->cnc, "COMMIT", &local_error) == -1 &&
              local_error != NULL)
            ok = FALSE;
        }
      else if (!gda_connection_commit_transaction (self->cnc, NULL, &local_error))
        ok = FALSE;

      if (!ok && local_error != NULL)
        {
          translate_error (self, local_error, error);
          gda_connection_rollback_transaction (self->cnc, NULL, NULL);
        }

      run_after_transaction (self);
    }

  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

void
_cas_database_rollback (CasDatabase *self)
{
  g_return_if_fail (self->transaction_depth > 0);

  self->transaction_failed = TRUE;

  if (--self->transaction_depth == 0)
    {
      if (self->dialect == CAS_DIALECT_SQLITE)
        gda_connection_execute_non_select_command (self->cnc, "ROLLBACK", NULL);
      else
        gda_connection_rollback_transaction (self->cnc, NULL, NULL);

      run_after_transaction (self);
    }

  g_rec_mutex_unlock (&self->mutex);
}

gboolean
_cas_database_in_transaction (CasDatabase *self)
{
  return self->transaction_depth > 0;
}

void
_cas_database_after_transaction (CasDatabase *self,
                                 GFunc        func,
                                 gpointer     data)
{
  gpointer pair[2] = { (gpointer) func, data };

  g_rec_mutex_lock (&self->mutex);
  if (self->transaction_depth == 0)
    func (data, self);
  else
    g_array_append_val (self->after_transaction, pair);
  g_rec_mutex_unlock (&self->mutex);
}

static gboolean
is_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_'))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

gboolean
_cas_database_reserve_ids (CasDatabase  *self,
                           const char   *table,
                           gint64        n,
                           gint64       *first,
                           GError      **error)
{
  g_autofree char *sql = NULL;
  gint64 max_id = 0;

  g_return_val_if_fail (is_identifier (table), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->dialect == CAS_DIALECT_SQLITE)
    {
      sql = g_strdup_printf ("SELECT COALESCE (MAX (id), 0) FROM %s", table);
      if (!_cas_database_query_int64 (self, &max_id, NULL, error, sql, NULL))
        return FALSE;
      *first = max_id + 1;
      return TRUE;
    }

  /* PostgreSQL: no other transaction inserts while we hold the table, and
   * the identity sequence moves past the block so later defaults skip it. */
  sql = g_strdup_printf ("LOCK TABLE %s IN EXCLUSIVE MODE", table);
  if (!_cas_database_exec (self, NULL, error, sql, NULL))
    return FALSE;
  g_free (sql);
  sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'), "
                         "GREATEST ((SELECT COALESCE (MAX (id), 0) FROM %s), "
                         "(SELECT last_value FROM %s_id_seq)) + ##n::gint64)",
                         table, table, table);
  if (!_cas_database_query_int64 (self, &max_id, NULL, error, sql, "n", n, NULL))
    return FALSE;
  *first = max_id - n + 1;

  return TRUE;
}

/* Values */

gboolean
_cas_model_is_null (GdaDataModel *model,
                    int           col,
                    int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);

  return value == NULL ||
         G_VALUE_TYPE (value) == GDA_TYPE_NULL ||
         G_VALUE_TYPE (value) == G_TYPE_INVALID;
}

char *
_cas_model_dup_string (GdaDataModel *model,
                       int           col,
                       int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);

  if (value == NULL ||
      G_VALUE_TYPE (value) == GDA_TYPE_NULL ||
      G_VALUE_TYPE (value) == G_TYPE_INVALID)
    return NULL;
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_dup_string (value);

  return gda_value_stringify (value);
}

gint64
_cas_model_get_int64 (GdaDataModel *model,
                      int           col,
                      int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);
  GValue out = G_VALUE_INIT;
  gint64 ret = 0;

  if (value == NULL ||
      G_VALUE_TYPE (value) == GDA_TYPE_NULL ||
      G_VALUE_TYPE (value) == G_TYPE_INVALID)
    return 0;
  if (G_VALUE_HOLDS_INT64 (value))
    return g_value_get_int64 (value);
  if (G_VALUE_HOLDS_INT (value))
    return g_value_get_int (value);
  if (G_VALUE_HOLDS_STRING (value))
    return g_ascii_strtoll (g_value_get_string (value), NULL, 10);
  if (G_VALUE_TYPE (value) == GDA_TYPE_NUMERIC)
    return (gint64) gda_numeric_get_double ((GdaNumeric *) gda_value_get_numeric (value));

  g_value_init (&out, G_TYPE_INT64);
  if (g_value_transform (value, &out))
    ret = g_value_get_int64 (&out);
  g_value_unset (&out);

  return ret;
}

double
_cas_model_get_double (GdaDataModel *model,
                       int           col,
                       int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);
  GValue out = G_VALUE_INIT;
  double ret = 0;

  if (value == NULL ||
      G_VALUE_TYPE (value) == GDA_TYPE_NULL ||
      G_VALUE_TYPE (value) == G_TYPE_INVALID)
    return 0;
  if (G_VALUE_HOLDS_STRING (value))
    return g_ascii_strtod (g_value_get_string (value), NULL);
  if (G_VALUE_TYPE (value) == GDA_TYPE_NUMERIC)
    return gda_numeric_get_double ((GdaNumeric *) gda_value_get_numeric (value));

  g_value_init (&out, G_TYPE_DOUBLE);
  if (g_value_transform (value, &out))
    ret = g_value_get_double (&out);
  g_value_unset (&out);

  return ret;
}

GBytes *
_cas_model_dup_bytes (GdaDataModel *model,
                      int           col,
                      int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);

  if (value == NULL ||
      G_VALUE_TYPE (value) == GDA_TYPE_NULL ||
      G_VALUE_TYPE (value) == G_TYPE_INVALID)
    return NULL;

  if (G_VALUE_TYPE (value) == GDA_TYPE_BINARY)
    {
      const GdaBinary *binary = gda_value_get_binary (value);
      return g_bytes_new (binary->data, binary->binary_length);
    }

  if (G_VALUE_TYPE (value) == GDA_TYPE_BLOB)
    {
      GdaBlob *blob = (GdaBlob *) gda_value_get_blob (value);
      if (blob->op != NULL)
        gda_blob_op_read_all (blob->op, blob);
      return g_bytes_new (((GdaBinary *) blob)->data, ((GdaBinary *) blob)->binary_length);
    }

  return NULL;
}

/* Bulk insertion */

struct _CasBulkBatch
{
  CasBulkType *types;
  guint        n_columns;
  guint        n_rows;
  GString     *json;
};

CasBulkBatch *
_cas_bulk_batch_new (const CasBulkType *types,
                     guint              n_columns)
{
  CasBulkBatch *batch = g_new0 (CasBulkBatch, 1);

  batch->types = g_memdup2 (types, sizeof (CasBulkType) * n_columns);
  batch->n_columns = n_columns;
  batch->json = g_string_sized_new (1 << 20);

  return batch;
}

void
_cas_bulk_batch_free (CasBulkBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->types);
  g_string_free (batch->json, TRUE);
  g_free (batch);
}

guint
_cas_bulk_batch_get_n_rows (CasBulkBatch *batch)
{
  return batch->n_rows;
}

gboolean
_cas_bulk_batch_is_full (CasBulkBatch *batch)
{
  return batch->n_rows >= CAS_BULK_BATCH_ROWS;
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

gboolean
_cas_bulk_batch_add (CasBulkBatch        *batch,
                     const char * const  *values,
                     GError             **error)
{
  GString *json = batch->json;

  g_string_append_c (json, batch->n_rows == 0 ? '{' : ',');
  g_string_append_printf (json, "\"%u\":[", batch->n_rows);
  for (guint i = 0; i < batch->n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      if (values[i] == NULL)
        g_string_append (json, "null");
      else if (batch->types[i] == CAS_BULK_INT)
        {
          /* Integers go as text, checked here so the JSON stays well formed */
          const char *p = values[i];
          if (*p == '-')
            p++;
          if (*p == '\0' || strspn (p, "0123456789") != strlen (p))
            {
              g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                           "Internal error: “%s” is not an integer", values[i]);
              return FALSE;
            }
          g_string_append (json, values[i]);
        }
      else
        append_json_string (json, values[i]);
    }
  g_string_append_c (json, ']');
  batch->n_rows++;

  return TRUE;
}

struct _CasBulkInsert
{
  CasDatabase  *db;
  char         *sql;
  CasBulkBatch *batch;
};

CasBulkInsert *
_cas_bulk_insert_new (CasDatabase        *self,
                      const char         *table,
                      const char * const *columns,
                      const CasBulkType  *types,
                      guint               n_columns)
{
  CasBulkInsert *bulk;
  g_autoptr(GString) sql = g_string_new (NULL);

  g_return_val_if_fail (CAS_IS_DATABASE (self), NULL);
  g_return_val_if_fail (is_identifier (table), NULL);
  g_return_val_if_fail (n_columns > 0, NULL);

  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint i = 0; i < n_columns; i++)
    {
      g_return_val_if_fail (is_identifier (columns[i]), NULL);
      g_string_append_printf (sql, "%s%s", i ? ", " : "", columns[i]);
    }
  g_string_append (sql, ") SELECT ");
  for (guint i = 0; i < n_columns; i++)
    {
      /* Both SQLite (3.38+) and PostgreSQL read "value ->> N" as the text of
       * element N of a JSON array; json_each over an object yields its
       * members on both. */
      if (types[i] == CAS_BULK_INT)
        g_string_append_printf (sql, "%sCAST (value ->> %u AS BIGINT)", i ? ", " : "", i);
      else
        g_string_append_printf (sql, "%svalue ->> %u", i ? ", " : "", i);
    }
  g_string_append (sql, " FROM json_each (##rows::string)");

  bulk = g_new0 (CasBulkInsert, 1);
  bulk->db = g_object_ref (self);
  bulk->sql = g_string_free (g_steal_pointer (&sql), FALSE);
  bulk->batch = _cas_bulk_batch_new (types, n_columns);

  return bulk;
}

void
_cas_bulk_insert_set_order (CasBulkInsert *bulk,
                            const guint   *columns,
                            guint          n_columns)
{
  g_autoptr(GString) sql = g_string_new (bulk->sql);

  g_return_if_fail (strstr (bulk->sql, "ORDER BY") == NULL);

  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s lower (value ->> %u)", i ? "," : " ORDER BY", columns[i]);

  g_free (bulk->sql);
  bulk->sql = g_string_free (g_steal_pointer (&sql), FALSE);
}

gboolean
_cas_bulk_insert_write_batch (CasBulkInsert  *bulk,
                              CasBulkBatch   *batch,
                              GError        **error)
{
  if (batch->n_rows == 0)
    return TRUE;

  g_string_append_c (batch->json, '}');

  if (!_cas_database_exec (bulk->db, NULL, error, bulk->sql, "rows", batch->json->str, NULL))
    return FALSE;

  batch->n_rows = 0;
  g_string_truncate (batch->json, 0);

  return TRUE;
}

gboolean
_cas_bulk_insert_add (CasBulkInsert      *bulk,
                      const char * const *values,
                      GError            **error)
{
  if (!_cas_bulk_batch_add (bulk->batch, values, error))
    return FALSE;

  if (_cas_bulk_batch_is_full (bulk->batch))
    return _cas_bulk_insert_write_batch (bulk, bulk->batch, error);

  return TRUE;
}

gboolean
_cas_bulk_insert_finish (CasBulkInsert  *bulk,
                         GError        **error)
{
  return _cas_bulk_insert_write_batch (bulk, bulk->batch, error);
}

void
_cas_bulk_insert_free (CasBulkInsert *bulk)
{
  if (bulk == NULL)
    return;

  g_object_unref (bulk->db);
  g_free (bulk->sql);
  _cas_bulk_batch_free (bulk->batch);
  g_free (bulk);
}
