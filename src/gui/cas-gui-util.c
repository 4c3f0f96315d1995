/* cas-gui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-gui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-gui-util.h"

/* Messages */

void
cas_gui_set_message (GtkLabel   *label,
                     const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

void
cas_gui_set_field_error (GtkWidget  *field,
                         GtkLabel   *label,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));

  cas_gui_set_message (label, message);
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

void
cas_gui_show_field_error (GtkWidget  *field,
                          GtkLabel   *label,
                          const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (message != NULL);

  cas_gui_set_field_error (field, label, message);
  gtk_widget_grab_focus (field);
}

gboolean
cas_gui_check_confirmation (GtkWidget  *confirm_entry,
                            GtkLabel   *confirm_error,
                            const char *password)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (confirm_entry), FALSE);
  g_return_val_if_fail (GTK_IS_LABEL (confirm_error), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (confirm_entry))) == 0)
    return TRUE;

  gtk_editable_set_text (GTK_EDITABLE (confirm_entry), "");
  cas_gui_show_field_error (confirm_entry, confirm_error,
                            _("The two passwords differ. Type the same password twice."));

  return FALSE;
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;
  GtkWindow *parent = NULL;

  if (overlay != NULL)
    return ADW_TOAST_OVERLAY (overlay);

  /* A dialog is a window of its own: the toasts are those of the window it
   * is transient for, its content */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    parent = gtk_window_get_transient_for (GTK_WINDOW (root));
  if (ADW_IS_APPLICATION_WINDOW (parent))
    {
      GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (parent));

      if (ADW_IS_TOAST_OVERLAY (content))
        return ADW_TOAST_OVERLAY (content);
    }

  return NULL;
}

/* Takes @toast */
static void
add_toast (GtkWidget *widget,
           AdwToast  *toast)
{
  AdwToastOverlay *overlay = find_toast_overlay (widget);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (toast);
}

static AdwToast *
new_toast (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
cas_gui_add_toast (GtkWidget  *widget,
                   const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  add_toast (widget, new_toast (text));
}

void
cas_gui_add_toast_full (GtkWidget  *widget,
                        const char *text,
                        guint       timeout)
{
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  toast = new_toast (text);
  adw_toast_set_timeout (toast, timeout);
  add_toast (widget, toast);
}

/* Widgets */

void
cas_gui_set_spinning (GtkSpinner *spinner,
                      gboolean    spinning)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_widget_set_visible (GTK_WIDGET (spinner), spinning);
  gtk_spinner_set_spinning (spinner, spinning);
}

void
cas_gui_list_box_remove_all (GtkListBox *list_box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list_box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list_box))) != NULL)
    gtk_list_box_remove (list_box, child);
}

/* The drop-down buttons show the choice cut to their width; their lists
 * show it whole */
static void
on_drop_down_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
    }
  gtk_list_item_set_child (item, label);
}

static void
on_drop_down_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

void
cas_gui_set_up_drop_down (GtkDropDown *drop_down,
                          const char  *first)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  gtk_string_list_append (labels, first);
  g_signal_connect (button, "setup", G_CALLBACK (on_drop_down_setup_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "bind", G_CALLBACK (on_drop_down_bind_cb), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (on_drop_down_setup_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list, "bind", G_CALLBACK (on_drop_down_bind_cb), NULL);
  gtk_drop_down_set_factory (drop_down, button);
  gtk_drop_down_set_list_factory (drop_down, list);
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (labels));
}

GtkWidget *
cas_gui_new_pill (const char *text,
                  const char *style)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "status-pill");
  if (style != NULL)
    gtk_widget_add_css_class (pill, style);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);

  return pill;
}

const char *
cas_gui_registration_status_style (CasRegistrationStatus status)
{
  switch (status)
    {
    case CAS_REGISTRATION_PASSED:
      return "success";
    case CAS_REGISTRATION_FAILED:
      return "error";
    case CAS_REGISTRATION_ABSENT:
      return "warning";
    case CAS_REGISTRATION_CANCELLED:
      return "dim-label";
    case CAS_REGISTRATION_PRESENT:
      return "accent";
    case CAS_REGISTRATION_REGISTERED:
    default:
      return NULL;
    }
}

/* Data */

static void
list_centres_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *centres;

  centres = cas_company_service_list (source_object, task_data, TRUE, &error);
  if (centres == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, centres, (GDestroyNotify) g_ptr_array_unref);
}

void
cas_gui_list_centres_async (CasCompanyService   *companies,
                            CasAccount          *actor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAS_IS_COMPANY_SERVICE (companies));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  task = g_task_new (companies, cancellable, callback, user_data);
  g_task_set_source_tag (task, cas_gui_list_centres_async);
  g_task_set_task_data (task, g_object_ref (actor), g_object_unref);
  g_task_run_in_thread (task, list_centres_thread);
}

GPtrArray *
cas_gui_list_centres_finish (CasCompanyService  *companies,
                             GAsyncResult       *result,
                             GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, companies), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
