/* cas-account-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account-service.h"

G_BEGIN_DECLS

/* The "New Account" dialog of the Accounts view: a login, a first
 * password typed twice (the user must change it at the first login) and
 * the first roles. Creates the account and gives the roles off the main
 * thread, shows the core's errors under the fields, and emits "created"
 * with the new account's id before it closes. */
#define CAS_TYPE_ACCOUNT_DIALOG (cas_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasAccountDialog, cas_account_dialog, CAS, ACCOUNT_DIALOG, AdwWindow)

/* @actor: the operator creating the account */
GtkWidget *cas_account_dialog_new (GtkWindow   *parent,
                                   CasDatabase *db,
                                   CasAccount  *actor);

G_END_DECLS
