/* cas-password-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account-service.h"

G_BEGIN_DECLS

/* A modal window around a CasPasswordForm: a user changes their own
 * password, or an operator resets someone's. It closes itself, after
 * emitting "done", once the core accepted the new password. */
#define CAS_TYPE_PASSWORD_DIALOG (cas_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasPasswordDialog, cas_password_dialog, CAS, PASSWORD_DIALOG, AdwWindow)

GtkWidget *cas_password_dialog_new_change (GtkWindow         *parent,
                                           CasAccountService *service,
                                           CasAccount        *actor);
GtkWidget *cas_password_dialog_new_reset  (GtkWindow         *parent,
                                           CasAccountService *service,
                                           CasAccount        *actor,
                                           gint64             account_id,
                                           const char        *login);

G_END_DECLS
