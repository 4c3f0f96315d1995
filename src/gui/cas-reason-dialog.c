/* cas-reason-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-reason-dialog.h"

#define ACT "act"

typedef struct
{
  GtkWidget              *widget;
  GtkWidget              *field;   /* the field asked before the reason, or NULL */
  GtkWidget              *entry;   /* the reason, or NULL */
  CasReasonCallback       callback;
  CasReasonFieldCallback  field_callback;
} Ask;

static void
ask_free (gpointer  data,
          GClosure *closure)
{
  Ask *ask = data;

  g_clear_object (&ask->widget);
  g_free (ask);
}

/* The text of @entry without the spaces around it; NULL without @entry */
static char *
dup_entry_text (GtkWidget *entry)
{
  if (entry == NULL)
    return NULL;

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* Whether every entry asked holds something */
static gboolean
ask_is_complete (Ask *ask)
{
  g_autofree char *field = dup_entry_text (ask->field);
  g_autofree char *reason = dup_entry_text (ask->entry);

  return (field == NULL || field[0] != '\0') && (reason == NULL || reason[0] != '\0');
}

static void
on_entry_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "cas-ask");

  adw_message_dialog_set_response_enabled (dialog, ACT, ask_is_complete (ask));
}

static void
on_entry_activate_cb (GtkEntry         *entry,
                      AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, ACT))
    adw_message_dialog_response (dialog, ACT);
}

/* The action, once the dialog is gone: the action may rebuild what had the
 * focus before the dialog opened, where the focus is about to go back */
typedef struct
{
  GtkWidget              *widget;
  CasReasonCallback       callback;
  CasReasonFieldCallback  field_callback;
  char                   *field;
  char                   *reason;
} Deferred;

static void
deferred_free (Deferred *deferred)
{
  g_object_unref (deferred->widget);
  g_free (deferred->field);
  g_free (deferred->reason);
  g_free (deferred);
}

static gboolean
run_deferred (gpointer user_data)
{
  Deferred *deferred = user_data;

  if (deferred->field_callback != NULL)
    deferred->field_callback (deferred->widget, deferred->field, deferred->reason);
  else
    deferred->callback (deferred->widget, deferred->reason);

  return G_SOURCE_REMOVE;
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       Ask              *ask)
{
  Deferred *deferred;

  if (g_strcmp0 (response, ACT) != 0)
    return;

  deferred = g_new0 (Deferred, 1);
  deferred->widget = g_object_ref (ask->widget);
  deferred->callback = ask->callback;
  deferred->field_callback = ask->field_callback;
  deferred->field = dup_entry_text (ask->field);
  deferred->reason = dup_entry_text (ask->entry);
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_deferred, deferred,
                   (GDestroyNotify) deferred_free);
}

/* A required entry of @dialog, named @label for assistive technologies */
static GtkWidget *
add_entry (AdwMessageDialog *dialog,
           GtkWidget        *box,
           const char       *label,
           const char       *placeholder)
{
  GtkWidget *entry = g_object_new (GTK_TYPE_ENTRY,
                                   "placeholder-text", placeholder,
                                   "activates-default", FALSE,
                                   NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate_cb), dialog, 0);
  gtk_box_append (GTK_BOX (box), entry);

  return entry;
}

/* The dialog of both, which calls @callback or @field_callback */
static void
ask_full (GtkWidget              *widget,
          const char             *heading,
          const char             *body,
          const char             *action_label,
          gboolean                destructive,
          const char             *field_label,
          const char             *field_placeholder,
          gboolean                ask_reason,
          const char             *reason_placeholder,
          CasReasonCallback       callback,
          CasReasonFieldCallback  field_callback)
{
  AdwMessageDialog *dialog;
  Ask *ask;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (action_label != NULL);
  g_return_if_fail (callback != NULL || field_callback != NULL);

  ask = g_new0 (Ask, 1);
  ask->callback = callback;
  ask->field_callback = field_callback;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), ACT, action_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, ACT,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, ACT);
  adw_message_dialog_set_close_response (dialog, "cancel");

  ask->widget = g_object_ref (widget);
  g_object_set_data (G_OBJECT (dialog), "cas-ask", ask);

  if (field_label != NULL || ask_reason)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

      if (field_label != NULL)
        ask->field = add_entry (dialog, box, field_label, field_placeholder);
      if (ask_reason)
        ask->entry = add_entry (dialog, box, _("Reason"),
                                reason_placeholder != NULL ? reason_placeholder
                                                           : _("Why (required)"));
      adw_message_dialog_set_extra_child (dialog, box);
      adw_message_dialog_set_response_enabled (dialog, ACT, FALSE);
    }

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_dialog_response_cb),
                         ask, ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  if (ask->field != NULL)
    gtk_widget_grab_focus (ask->field);
  else if (ask->entry != NULL)
    gtk_widget_grab_focus (ask->entry);
}

void
cas_reason_dialog_ask (GtkWidget         *widget,
                       const char        *heading,
                       const char        *body,
                       const char        *action_label,
                       gboolean           ask_reason,
                       gboolean           destructive,
                       CasReasonCallback  callback)
{
  ask_full (widget, heading, body, action_label, destructive, NULL, NULL, ask_reason, NULL,
            callback, NULL);
}

void
cas_reason_dialog_ask_field (GtkWidget              *widget,
                             const char             *heading,
                             const char             *body,
                             const char             *action_label,
                             gboolean                destructive,
                             const char             *field_label,
                             const char             *field_placeholder,
                             const char             *reason_placeholder,
                             CasReasonFieldCallback  callback)
{
  ask_full (widget, heading, body, action_label, destructive, field_label, field_placeholder,
            TRUE, reason_placeholder, NULL, callback);
}

void
cas_reason_dialog_show_error (GtkWidget  *widget,
                              const char *heading,
                              const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (heading != NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
