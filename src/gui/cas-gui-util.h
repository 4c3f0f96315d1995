/* cas-gui-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-company-service.h"
#include "cas-types.h"

G_BEGIN_DECLS

/* Messages */

/* Shows @message in @label, or hides the label for NULL */
void       cas_gui_set_message          (GtkLabel           *label,
                                         const char         *message);
/* Shows @message in @label, under @field, and marks the field as wrong;
 * NULL hides the label and unmarks the field */
void       cas_gui_set_field_error      (GtkWidget          *field,
                                         GtkLabel           *label,
                                         const char         *message);
/* The same, and puts the focus in @field for the user to correct it */
void       cas_gui_show_field_error     (GtkWidget          *field,
                                         GtkLabel           *label,
                                         const char         *message);
/* Whether the new password was typed the same twice: @confirm_entry
 * repeats @password. If not, the confirmation is emptied and
 * cas_gui_show_field_error() says why. */
gboolean   cas_gui_check_confirmation   (GtkWidget          *confirm_entry,
                                         GtkLabel           *confirm_error,
                                         const char         *password);
/* Shows @text (plain text, not markup) in a toast of the AdwToastOverlay
 * @widget is in or, in a dialog, of the window the dialog belongs to */
void       cas_gui_add_toast            (GtkWidget          *widget,
                                         const char         *text);
/* The same, for @timeout seconds */
void       cas_gui_add_toast_full       (GtkWidget          *widget,
                                         const char         *text,
                                         guint               timeout);

/* Widgets */

/* Shows @spinner spinning, or hides it */
void       cas_gui_set_spinning         (GtkSpinner         *spinner,
                                         gboolean            spinning);
/* Gives @drop_down a GtkStringList holding @first (an "All…" choice) and
 * factories that cut the choice to the button's width but show it whole
 * in the list; append the other choices to the model */
void       cas_gui_set_up_drop_down     (GtkDropDown        *drop_down,
                                         const char         *first);
/* A result or state as a colored pill (style.css): @style is "success",
 * "error", "warning", "accent", "dim-label" or NULL */
GtkWidget  *cas_gui_new_pill                  (const char            *text,
                                               const char            *style);
/* The pill style of a registration's status */
const char *cas_gui_registration_status_style (CasRegistrationStatus  status);
/* gtk_list_box_remove_all () is GTK 4.12 */
void       cas_gui_list_box_remove_all  (GtkListBox         *list_box);

/* Data */

/* Lists the exam centres, for an administrator role, off the main thread */
void       cas_gui_list_centres_async   (CasCompanyService  *companies,
                                         CasAccount         *actor,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
/* Returns: (transfer full) (element-type CasCompany): the exam centres */
GPtrArray *cas_gui_list_centres_finish  (CasCompanyService  *companies,
                                         GAsyncResult       *result,
                                         GError            **error);

G_END_DECLS
