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
/* Called with the widget that asked, the value of the dialog's field and
 * the reason, when the action was confirmed */
typedef void (*CasReasonFieldCallback) (GtkWidget  *widget,
                                        const char *field,
                                        const char *reason);

/* Asks, as cas_reason_dialog_ask () does, for a reason (@reason_placeholder
 * says what it is; NULL: "Why (required)"), and first for the value of a
 * field named @field_label (NULL: none), both required */
void cas_reason_dialog_ask_field  (GtkWidget              *widget,
                                   const char             *heading,
                                   const char             *body,
                                   const char             *action_label,
                                   gboolean                destructive,
                                   const char             *field_label,
                                   const char             *field_placeholder,
                                   const char             *reason_placeholder,
                                   CasReasonFieldCallback  callback);
/* Says why something was refused: the core's @message as is */
void cas_reason_dialog_show_error (GtkWidget         *widget,
                                   const char        *heading,
                                   const char        *message);

G_END_DECLS
