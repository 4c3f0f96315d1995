/* cas-accounts-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* The Accounts view, for operators: every account with its roles and
 * state, searchable by login or name, beside the detail of the selected
 * one where roles are given and taken away, passwords reset and accounts
 * disabled. Its primary action creates an account. A CasView. */
#define CAS_TYPE_ACCOUNTS_VIEW (cas_accounts_view_get_type ())

G_DECLARE_FINAL_TYPE (CasAccountsView, cas_accounts_view, CAS, ACCOUNTS_VIEW, CasView)

G_END_DECLS
