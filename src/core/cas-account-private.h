/* cas-account-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"

G_BEGIN_DECLS

/* Only a login makes an account object: it holds the token of that login,
 * which the services check on every call. */
CasAccount *_cas_account_new           (gint64        id,
                                        const char   *login,
                                        gint64        person_id,
                                        const char   *display_name,
                                        CasRole       roles,
                                        const gint64 *admin_company_ids,
                                        guint         n_admin_companies,
                                        gboolean      must_change_password,
                                        const char   *database_id,
                                        const char   *token);
const char *_cas_account_get_token      (CasAccount   *self);
const char *_cas_account_get_database_id (CasAccount  *self);

G_END_DECLS
