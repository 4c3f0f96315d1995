/* cas-database.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CAS_DATABASE_ERROR (cas_database_error_quark ())

/**
 * CasDatabaseError:
 * @CAS_DATABASE_ERROR_FAILED: a statement failed
 * @CAS_DATABASE_ERROR_NOT_FOUND: the database file does not exist
 * @CAS_DATABASE_ERROR_UNREADABLE: the file cannot be read or written
 * @CAS_DATABASE_ERROR_NOT_A_DATABASE: the file is not a Certassur database
 * @CAS_DATABASE_ERROR_TOO_NEW: the schema is newer than this program
 * @CAS_DATABASE_ERROR_CONNECT: the server is down or refused the credentials
 * @CAS_DATABASE_ERROR_INVALID_LOCATION: the location string is malformed
 * @CAS_DATABASE_ERROR_CONSTRAINT: a uniqueness or reference rule refused a change
 * @CAS_DATABASE_ERROR_CONFLICT: the record changed since it was read
 * @CAS_DATABASE_ERROR_NOT_CONNECTED: a database that connects at login has
 *   no login yet
 * @CAS_DATABASE_ERROR_LOGIN_REFUSED: the server refused the account's login
 *   and password
 * @CAS_DATABASE_ERROR_LOGIN_DISABLED: the account's database role may not
 *   log in (the account is disabled)
 * @CAS_DATABASE_ERROR_OUTDATED: the schema is older than this program, and
 *   the connection may not bring it up to date
 * @CAS_DATABASE_ERROR_BUSY: another program has the SQLite database open in
 *   a way that excludes this one (see %CAS_DATABASE_OPEN_EXCLUSIVE)
 */
typedef enum
{
  CAS_DATABASE_ERROR_FAILED,
  CAS_DATABASE_ERROR_NOT_FOUND,
  CAS_DATABASE_ERROR_UNREADABLE,
  CAS_DATABASE_ERROR_NOT_A_DATABASE,
  CAS_DATABASE_ERROR_TOO_NEW,
  CAS_DATABASE_ERROR_CONNECT,
  CAS_DATABASE_ERROR_INVALID_LOCATION,
  CAS_DATABASE_ERROR_CONSTRAINT,
  CAS_DATABASE_ERROR_CONFLICT,
  CAS_DATABASE_ERROR_NOT_CONNECTED,
  CAS_DATABASE_ERROR_LOGIN_REFUSED,
  CAS_DATABASE_ERROR_LOGIN_DISABLED,
  CAS_DATABASE_ERROR_OUTDATED,
  CAS_DATABASE_ERROR_BUSY,
} CasDatabaseError;

typedef enum
{
  CAS_DIALECT_SQLITE,
  CAS_DIALECT_POSTGRESQL,
} CasDialect;

/**
 * CasDatabaseOpenFlags:
 * @CAS_DATABASE_OPEN_CREATE: create a missing SQLite file
 * @CAS_DATABASE_OPEN_LOGIN: PostgreSQL: connect when an account logs in, with
 *   the account's own database role and password, not with the credentials
 *   of the location (see cas_account_service_authenticate()). What desks and
 *   `certassur --user` do; ignored for SQLite.
 * @CAS_DATABASE_OPEN_EXCLUSIVE: SQLite: no other program may open the
 *   database while this one has it open, and it is not opened while another
 *   program has it. For programs that show file choosers: GIO opens the
 *   files of a folder it shows, which cancels the locks SQLite holds in the
 *   process (cas-sqlite-guard.c). Ignored for PostgreSQL.
 */
typedef enum
{
  CAS_DATABASE_OPEN_DEFAULT = 0,
  CAS_DATABASE_OPEN_CREATE  = 1 << 0,
  CAS_DATABASE_OPEN_LOGIN   = 1 << 1,
  CAS_DATABASE_OPEN_EXCLUSIVE = 1 << 2,
} CasDatabaseOpenFlags;

#define CAS_TYPE_DATABASE (cas_database_get_type ())

G_DECLARE_FINAL_TYPE (CasDatabase, cas_database, CAS, DATABASE, GObject)

GQuark       cas_database_error_quark              (void);
char        *cas_database_get_default_location     (void);
CasDatabase *cas_database_open                     (const char            *location,
                                                    CasDatabaseOpenFlags   flags,
                                                    GError               **error);
CasDatabase *cas_database_open_as                  (const char            *location,
                                                    const char            *login,
                                                    const char            *password,
                                                    GError               **error);
const char  *cas_database_get_display_name         (CasDatabase           *self);
const char  *cas_database_get_location             (CasDatabase           *self);
/* The file of the key that signs attestations: beside a SQLite database
 * ("certassur.db.key"), or in the user's data folder for a PostgreSQL one,
 * unless set (%NULL: back to that default). */
void         cas_database_set_signing_key_path     (CasDatabase           *self,
                                                    const char            *path);
const char  *cas_database_get_signing_key_path     (CasDatabase           *self);
CasDialect   cas_database_get_dialect              (CasDatabase           *self);
const char  *cas_database_get_id                   (CasDatabase           *self);
int          cas_database_get_schema_version       (CasDatabase           *self);
int          cas_database_get_latest_schema_version (void);
char        *cas_database_get_meta                 (CasDatabase           *self,
                                                    const char            *key);
gboolean     cas_database_set_meta                 (CasDatabase           *self,
                                                    const char            *key,
                                                    const char            *value,
                                                    GError               **error);

G_END_DECLS
