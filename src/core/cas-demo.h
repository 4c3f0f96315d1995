/* cas-demo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-person-service.h"

G_BEGIN_DECLS

/* The password of every demo account */
#define CAS_DEMO_PASSWORD "demo"

typedef struct
{
  char *login;
  char *role;          /* "operator", "admin", ... */
  char *centre;        /* the exam centre of an admin or controller, or NULL */
  char *description;   /* "Operator", "Administrator, Centre d'examens Namur", ...
                        * in the language of the program */
} CasDemoAccount;

void       cas_demo_account_free (CasDemoAccount *account);

typedef struct
{
  guint    n_persons;      /* default 2000 */
  guint32  seed;           /* the same seed gives the same data */
  gboolean quiet;
} CasDemoOptions;

/* Fills an empty database with a realistic Belgian demo: exam centres and
 * employers, sessions over the past year and the next three months, persons
 * with registrations and results, admins and controllers of whom some passed
 * exams themselves, a few duplicate persons, and the accounts operator,
 * operator2, admin, controller and candidate (password CAS_DEMO_PASSWORD).
 * Refuses a database that already holds persons. */
gboolean   cas_demo_seed         (CasDatabase           *db,
                                  const CasDemoOptions  *options,
                                  CasProgressFunc        progress,
                                  gpointer               progress_data,
                                  GError               **error);

/* Returns: (transfer full) (element-type CasDemoAccount) (nullable): the demo
 * accounts when @db is a demo database, else NULL */
GPtrArray *cas_demo_get_accounts (CasDatabase           *db);

G_END_DECLS
