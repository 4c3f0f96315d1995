/* cas-database-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The statement layer the services use; widgets and the command line never
 * see it. Statements use libgda's "##name::type" parameters (the only form
 * that works on both providers); values follow the statement's SQL in
 * name/value pairs terminated by NULL, the value's C type given by the
 * parameter's type: "string" -> const char * (NULL for SQL NULL when the
 * parameter is "::null"), "gint" -> int (a negative value is NULL for
 * "::gint::null"), "gint64" -> gint64 (0 or less is NULL for
 * "::gint64::null": ids start at 1), "gdouble" -> double,
 * "GdaBinary" -> GBytes * (NULL for NULL).
 *
 * libgda parses every statement and renders recognised SELECTs again from its
 * parse tree. Measured traps of that: "NOT EXISTS (SELECT ...)" comes out as
 * invalid SQL (write "(SELECT COUNT(*) ...) = 0"), and a backslash inside a
 * string literal is taken for an escape (use another LIKE escape character).
 */

#pragma once

#include <libgda/libgda.h>
#include <libgda/gda-blob-op.h>

#include "cas-database.h"

G_BEGIN_DECLS

/* libgda 5 predates g_autoptr */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaConnection, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaDataModel, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaStatement, g_object_unref)

/* PostgreSQL, each account with its own role (CAS_DATABASE_OPEN_LOGIN):
 * the login connects as the account's role, so that the server enforces
 * what the account may do (data/sql/0003-postgresql-security.sql). */
gboolean    _cas_database_connects_at_login  (CasDatabase  *self);
/* Connects as the role of @login with @password, in place of an earlier
 * login's connection, and checks the schema. CAS_DATABASE_ERROR_LOGIN_REFUSED
 * or _LOGIN_DISABLED when the server refuses the login. */
gboolean    _cas_database_connect_as         (CasDatabase  *self,
                                              const char   *login,
                                              const char   *password,
                                              GError      **error);
/* The login whose role the connection uses; NULL on SQLite and on a
 * connection with the location's own credentials (the owner's) */
const char *_cas_database_get_account_login  (CasDatabase  *self);
/* PostgreSQL: asks the gate of failed logins; see cas-database.c */
gboolean    _cas_database_login_gate         (CasDatabase  *self,
                                              const char   *call,
                                              const char   *login,
                                              char        **answer,
                                              GError      **error);
/* Whether the server takes @password for the role of @login */
gboolean    _cas_database_check_password     (CasDatabase  *self,
                                              const char   *login,
                                              const char   *password,
                                              GError      **error);

typedef struct _CasDatabaseLocker CasDatabaseLocker;

CasDatabaseLocker *_cas_database_lock          (CasDatabase  *self);
void               _cas_database_unlock        (CasDatabaseLocker *locker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasDatabaseLocker, _cas_database_unlock)

/* Runs a statement that returns no rows; the number of changed rows goes to
 * @n_changed when given. */
gboolean      _cas_database_exec           (CasDatabase  *self,
                                            gint         *n_changed,
                                            GError      **error,
                                            const char   *sql,
                                            ...) G_GNUC_NULL_TERMINATED;
gboolean      _cas_database_execv          (CasDatabase  *self,
                                            gint         *n_changed,
                                            GError      **error,
                                            const char   *sql,
                                            va_list       args);
GdaDataModel *_cas_database_query          (CasDatabase  *self,
                                            GError      **error,
                                            const char   *sql,
                                            ...) G_GNUC_NULL_TERMINATED;
/* The first column of the first row as an integer; @found tells if there
 * was a row with a non-NULL value. */
gboolean      _cas_database_query_int64    (CasDatabase  *self,
                                            gint64       *value,
                                            gboolean     *found,
                                            GError      **error,
                                            const char   *sql,
                                            ...) G_GNUC_NULL_TERMINATED;
gint64        _cas_database_last_insert_id (CasDatabase  *self,
                                            GError      **error);

/* Transactions nest: only the outermost begin/commit reach the server, and
 * a rollback at any depth rolls back the whole. The database stays locked to
 * the calling thread from begin to the matching commit or rollback. */
gboolean      _cas_database_begin          (CasDatabase  *self,
                                            GError      **error);
gboolean      _cas_database_commit         (CasDatabase  *self,
                                            GError      **error);
void          _cas_database_rollback       (CasDatabase  *self);
gboolean      _cas_database_in_transaction (CasDatabase  *self);
/* Runs @func (@data) once the outermost transaction has ended, committed or
 * rolled back, or at once outside a transaction: for what must be written
 * whatever becomes of the change (the audit of a refusal). @func frees
 * @data. */
void          _cas_database_after_transaction (CasDatabase *self,
                                               GFunc        func,
                                               gpointer     data);

/* Reserves @n consecutive ids of @table for rows the caller inserts with
 * explicit ids (bulk paths); call inside a transaction. */
gboolean      _cas_database_reserve_ids    (CasDatabase  *self,
                                            const char   *table,
                                            gint64        n,
                                            gint64       *first,
                                            GError      **error);

/* Reading values of a result whatever type the provider chose. */
gboolean      _cas_model_is_null           (GdaDataModel *model,
                                            int           col,
                                            int           row);
char         *_cas_model_dup_string        (GdaDataModel *model,
                                            int           col,
                                            int           row);
gint64        _cas_model_get_int64         (GdaDataModel *model,
                                            int           col,
                                            int           row);
double        _cas_model_get_double        (GdaDataModel *model,
                                            int           col,
                                            int           row);
GBytes       *_cas_model_dup_bytes         (GdaDataModel *model,
                                            int           col,
                                            int           row);

/* Bulk insertion: rows are buffered and written a few thousand at a time by
 * one statement each (INSERT ... SELECT over json_each), which costs libgda
 * one parameter per batch instead of one per value. The caller owns the
 * transaction. */
typedef struct _CasBulkInsert CasBulkInsert;

typedef enum
{
  CAS_BULK_TEXT,
  CAS_BULK_INT,
} CasBulkType;

CasBulkInsert *_cas_bulk_insert_new        (CasDatabase        *self,
                                            const char         *table,
                                            const char * const *columns,
                                            const CasBulkType  *types,
                                            guint               n_columns);
/* Each statement writes its rows in the order of @columns (given by their
 * index), compared in lower case: what an index kept in that order (the
 * person search's, on SQLite) takes faster than rows in any order */
void           _cas_bulk_insert_set_order  (CasBulkInsert      *bulk,
                                            const guint        *columns,
                                            guint               n_columns);
/* @values holds n_columns strings (NULL for SQL NULL); integer columns take
 * their decimal text. */
gboolean       _cas_bulk_insert_add        (CasBulkInsert      *bulk,
                                            const char * const *values,
                                            GError            **error);
gboolean       _cas_bulk_insert_finish     (CasBulkInsert      *bulk,
                                            GError            **error);
void           _cas_bulk_insert_free       (CasBulkInsert      *bulk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasBulkInsert, _cas_bulk_insert_free)

/* The rows of one statement, encoded apart from the database so that
 * another thread can prepare the next batch while one is written (the
 * import checks and encodes on one core while the other inserts).
 * CAS_BULK_BATCH_ROWS is large enough that libgda's cost per statement
 * vanishes, small enough to keep the JSON text to a megabyte or so. */
#define CAS_BULK_BATCH_ROWS 4000

typedef struct _CasBulkBatch CasBulkBatch;

CasBulkBatch  *_cas_bulk_batch_new         (const CasBulkType  *types,
                                            guint               n_columns);
gboolean       _cas_bulk_batch_add         (CasBulkBatch       *batch,
                                            const char * const *values,
                                            GError            **error);
guint          _cas_bulk_batch_get_n_rows  (CasBulkBatch       *batch);
gboolean       _cas_bulk_batch_is_full     (CasBulkBatch       *batch);
void           _cas_bulk_batch_free        (CasBulkBatch       *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasBulkBatch, _cas_bulk_batch_free)
/* Writes @batch with @bulk's statement and empties it */
gboolean       _cas_bulk_insert_write_batch (CasBulkInsert     *bulk,
                                             CasBulkBatch      *batch,
                                             GError           **error);

G_END_DECLS
