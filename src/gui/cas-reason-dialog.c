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
  GtkWidget         *widget;
  GtkWidget         *entry;
  CasReasonCallback  callback;
} Ask;

static void
ask_free (gpointer  data,
          GClosure *closure)
{
  Ask *ask = data;

  g_clear_object (&ask->widget);
  g_free (ask);
}

static char *
dup_reason (Ask *ask)
{
  if (ask->entry == NULL)
    return NULL;

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->entry))));
}

static void
on_entry_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, ACT, reason[0] != '\0');
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
  GtkWidget         *widget;
  CasReasonCallback  callback;
  char              *reason;
} Deferred;

static void
deferred_free (Deferred *deferred)
{
  g_object_unref (deferred->widget);
  g_free (deferred->reason);
  g_free (deferred);
}

static gboolean
run_deferred (gpointer user_data)
{
  Deferred *deferred = user_data;

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
  deferred->reason = dup_reason (ask);
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_deferred, deferred,
                   (GDestroyNotify) deferred_free);
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
  AdwMessageDialog *dialog;
  Ask *ask;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (action_label != NULL);
  g_return_if_fail (callback != NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), ACT, action_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, ACT,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, ACT);
  adw_message_dialog_set_close_response (dialog, "cancel");

  ask = g_new0 (Ask, 1);
  ask->widget = g_object_ref (widget);
  ask->callback = callback;

  if (ask_reason)
    {
      ask->entry = g_object_new (GTK_TYPE_ENTRY,
                                 "placeholder-text", _("Why (required)"),
                                 "activates-default", FALSE,
                                 NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (ask->entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                      -1);
      g_signal_connect_object (ask->entry, "changed", G_CALLBACK (on_entry_changed_cb),
                               dialog, 0);
      g_signal_connect_object (ask->entry, "activate", G_CALLBACK (on_entry_activate_cb),
                               dialog, 0);
      adw_message_dialog_set_extra_child (dialog, ask->entry);
      adw_message_dialog_set_response_enabled (dialog, ACT, FALSE);
    }

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_dialog_response_cb),
                         ask, ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  if (ask->entry != NULL)
    gtk_widget_grab_focus (ask->entry);
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
