/* cas-login-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* The login form, shown in the window before anything else. While the
 * database opens, the form is there but inactive. Emits "logged-in" with the
 * CasAccount once the core accepted the login and password, and with the
 * password when the account must change it. */
#define CAS_TYPE_LOGIN_PAGE (cas_login_page_get_type ())

G_DECLARE_FINAL_TYPE (CasLoginPage, cas_login_page, CAS, LOGIN_PAGE, GtkWidget)

void        cas_login_page_set_opening  (CasLoginPage *self);
/* @demo_accounts: (element-type CasDemoAccount) (nullable); @first_run:
 * the database has no account, the form creates the first operator */
void        cas_login_page_set_database (CasLoginPage *self,
                                         CasDatabase  *db,
                                         GPtrArray    *demo_accounts,
                                         gboolean      first_run);
const char *cas_login_page_get_login    (CasLoginPage *self);
void        cas_login_page_set_login    (CasLoginPage *self,
                                         const char   *login);
/* Forgets the password and any error, stops a check in progress */
void        cas_login_page_reset        (CasLoginPage *self);

G_END_DECLS
