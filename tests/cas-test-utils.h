/* cas-test-utils.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* A fresh, migrated database for one test: a file in a temporary folder, or,
 * when CERTASSUR_TEST_POSTGRESQL is set to the address of a role that may
 * create databases, a new PostgreSQL database. Dropped by
 * cas_test_database_free(). */
typedef struct
{
  CasDatabase *db;
  char        *location;
  char        *tmpdir;
  char        *pg_name;
  CasAccount  *operator;
} CasTestDatabase;

CasTestDatabase *cas_test_database_new        (void);
void             cas_test_database_free       (CasTestDatabase *tdb);
gboolean         cas_test_is_postgresql       (void);
/* A temporary folder removed at exit of the test program */
const char      *cas_test_get_tmpdir          (void);
/* Runs SQL without parameters on a separate connection of the same
 * database, as another desk or a curious user would. */
void             cas_test_exec_sql            (CasTestDatabase *tdb,
                                               const char      *sql);

/* An operator of the test database, logged in (made at the first call) */
CasAccount      *cas_test_operator            (CasTestDatabase *tdb);
/* Logs in; fails the test if the login fails */
CasAccount      *cas_test_login               (CasTestDatabase *tdb,
                                               const char      *login,
                                               const char      *password);

/* A valid NRN for a birth date ("YYYY-MM-DD"), sex ('M'/'F') and serial
 * (1..997, made odd for men, even for women) */
char            *cas_test_make_nrn            (const char      *birth_date,
                                               char             sex,
                                               guint            serial);
/* One value of a query without parameters, as text ("" for none) */
char            *cas_test_query_string        (CasDatabase     *db,
                                               const char      *sql);
gint64           cas_test_query_int           (CasDatabase     *db,
                                               const char      *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasTestDatabase, cas_test_database_free)

G_END_DECLS
