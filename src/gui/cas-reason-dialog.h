/* cas-reason-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Called with the widget that asked and, when the action was confirmed,
 * the reason typed (NULL when none was asked) */
typedef void (*CasReasonCallback) (GtkWidget  *widget,
                                   const char *reason);

/* Asks, in a message dialog over @widget's window, to confirm
 * @action_label; with @ask_reason, a reason is required first. @callback
 * is called only when the action is confirmed. */
void cas_reason_dialog_ask        (GtkWidget         *widget,
                                   const char        *heading,
                                   const char        *body,
                                   const char        *action_label,
                                   gboolean           ask_reason,
                                   gboolean           destructive,
                                   CasReasonCallback  callback);
/* Says why something was refused: the core's @message as is */
void cas_reason_dialog_show_error (GtkWidget         *widget,
                                   const char        *heading,
                                   const char        *message);

G_END_DECLS
