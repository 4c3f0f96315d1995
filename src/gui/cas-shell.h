/* cas-shell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* What the window shows once logged in: the sidebar of the views the
 * account may use and the shown view, with its header bar. Made at login
 * and dropped at logout, with all the data its views loaded.
 *
 * The header's buttons use the window's actions win.refresh, win.go-back
 * and win.log-out; the window forwards them to the shell. */
#define CAS_TYPE_SHELL (cas_shell_get_type ())

G_DECLARE_FINAL_TYPE (CasShell, cas_shell, CAS, SHELL, GtkWidget)

/* @settings: (nullable): remembers the last view */
GtkWidget *cas_shell_new              (CasDatabase *db,
                                       CasAccount  *account,
                                       GSettings   *settings);
gboolean   cas_shell_get_can_refresh  (CasShell    *self);
void       cas_shell_refresh          (CasShell    *self);
gboolean   cas_shell_get_can_search   (CasShell    *self);
void       cas_shell_start_search     (CasShell    *self);
gboolean   cas_shell_get_can_go_back  (CasShell    *self);
void       cas_shell_go_back          (CasShell    *self);

G_END_DECLS
