/* cas-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-application.h"
#include "cas-database.h"

G_BEGIN_DECLS

#define CAS_TYPE_WINDOW (cas_window_get_type ())

G_DECLARE_FINAL_TYPE (CasWindow, cas_window, CAS, WINDOW, AdwApplicationWindow)

CasWindow   *cas_window_new          (CasApplication *application);
/* The open database, or NULL while it opens or when it failed */
CasDatabase *cas_window_get_database (CasWindow      *self);
/* The logged-in account, or NULL */
CasAccount  *cas_window_get_account  (CasWindow      *self);

G_END_DECLS
