/* cas-account-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account-service.h"

G_BEGIN_DECLS

/* The detail of one account in the Accounts view: its roles as switches,
 * the exam centres it administers, its state, and the operator's actions
 * on it (reset the password, disable or enable). Every change goes to the
 * core off the main thread; a refusal or an error shows at the top of the
 * pane. After a change the detail emits "changed": the view reloads the
 * list and gives the detail the account's new state. */
#define CAS_TYPE_ACCOUNT_DETAIL (cas_account_detail_get_type ())

G_DECLARE_FINAL_TYPE (CasAccountDetail, cas_account_detail, CAS, ACCOUNT_DETAIL, GtkWidget)

/* @actor: the operator acting */
void    cas_account_detail_set_database   (CasAccountDetail     *self,
                                           CasDatabase          *db,
                                           CasAccount           *actor);
/* @info: (nullable): copied; NULL shows "No Account Selected" */
void    cas_account_detail_set_account    (CasAccountDetail     *self,
                                           const CasAccountInfo *info);
/* The id of the account shown, or 0 */
gint64  cas_account_detail_get_account_id (CasAccountDetail     *self);
/* Whether @info is locked now after failed logins */
gboolean cas_account_detail_is_locked      (const CasAccountInfo *info);

G_END_DECLS
