/* cas-password-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account-service.h"

G_BEGIN_DECLS

/* A form to set a password: the new one twice, and the current one when
 * the user changes their own. It checks that the two match, asks the core
 * off the main thread, shows the core's errors under the fields, and emits
 * "done" once the core accepted the new password.
 *
 * Three uses: a user changes their password (the current one is asked), a
 * user chooses their own after an operator set one (the current one is the
 * one just typed at login, kept by the form until done or cleared), an
 * operator resets someone else's. */
#define CAS_TYPE_PASSWORD_FORM (cas_password_form_get_type ())

G_DECLARE_FINAL_TYPE (CasPasswordForm, cas_password_form, CAS, PASSWORD_FORM, GtkWidget)

GtkWidget *cas_password_form_new        (void);
/* @actor changes their own password */
void       cas_password_form_change_own (CasPasswordForm   *self,
                                         CasAccountService *service,
                                         CasAccount        *actor);
/* @actor chooses their own password; @current_password is the one they
 * logged in with: the form keeps a copy until done or cleared, then wipes it */
void       cas_password_form_choose_own (CasPasswordForm   *self,
                                         CasAccountService *service,
                                         CasAccount        *actor,
                                         const char        *current_password);
/* @actor (an operator) sets a password that the account @login must change
 * at its next login */
void       cas_password_form_reset      (CasPasswordForm   *self,
                                         CasAccountService *service,
                                         CasAccount        *actor,
                                         gint64             account_id,
                                         const char        *login);
/* Empties the fields, forgets the kept password and any error, stops a
 * change in progress */
void       cas_password_form_clear      (CasPasswordForm   *self);
gboolean   cas_password_form_get_busy   (CasPasswordForm   *self);

G_END_DECLS
