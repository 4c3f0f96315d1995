/* cas-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-database.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_TYPE_ACCOUNT (cas_account_get_type ())

G_DECLARE_FINAL_TYPE (CasAccount, cas_account, CAS, ACCOUNT, GObject)

/* The local maintenance actor of @db: whoever runs "certassur init" or
 * "seed-demo" on a database file they own. It passes every check and is
 * audited as "local:<user name>". On a shared PostgreSQL database what it
 * can do is still bounded by the database role of the connection. */
CasAccount *cas_account_new_local            (CasDatabase  *db);
gint64      cas_account_get_id               (CasAccount   *self);
const char *cas_account_get_login            (CasAccount   *self);
gint64      cas_account_get_person_id        (CasAccount   *self);
/* The person's name, or the login when the account has no person */
const char *cas_account_get_display_name     (CasAccount   *self);
CasRole     cas_account_get_roles            (CasAccount   *self);
gboolean    cas_account_has_role             (CasAccount   *self,
                                              CasRole       role);
/* The exam centres this account administers */
const gint64 *cas_account_get_admin_companies (CasAccount  *self,
                                              guint        *n_companies);
gboolean    cas_account_get_must_change_password (CasAccount *self);
gboolean    cas_account_is_local             (CasAccount   *self);

G_END_DECLS
