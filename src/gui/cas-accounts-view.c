/* cas-accounts-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-accounts-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-account-detail.h"
#include "cas-account-dialog.h"
#include "cas-account-service.h"
#include "cas-accounts-view.h"
#include "cas-format.h"
#include "cas-gui-util.h"

struct _CasAccountsView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  AdwLeaflet        *leaflet;
  GtkWidget         *list_pane;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkSpinner        *spinner;
  GtkLabel          *count_label;
  GtkStack          *list_stack;
  GtkListBox        *list_box;
  AdwStatusPage     *error_page;
  CasAccountDetail  *detail;

  /* Owned references */
  CasAccountService *service;
  /* element-type CasAccountInfo: what the rows show, by login */
  GPtrArray         *accounts;
  GCancellable      *cancellable;
  char              *search;

  /* The account to select once the list is loaded (0: the one selected) */
  gint64             select_id;
};

G_DEFINE_FINAL_TYPE (CasAccountsView, cas_accounts_view, CAS_TYPE_VIEW)

/* Rows */

static GtkWidget *
create_badge (const char *text,
              const char *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "status-pill");
  gtk_widget_add_css_class (badge, style);
  gtk_widget_set_halign (badge, GTK_ALIGN_END);

  return badge;
}

static GtkWidget *
create_label (const char *text,
              const char *style)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "xalign", 0.0f,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   NULL);

  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static GtkWidget *
create_row (const CasAccountInfo *info)
{
  g_autofree char *roles = cas_format_account_roles (info);
  g_autoptr(GPtrArray) said = g_ptr_array_new ();
  g_autofree char *description = NULL;
  const char *name = info->person_name;
  gboolean locked = cas_account_detail_is_locked (info);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *badges;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), create_label (info->login, "heading"));
  if (name != NULL && name[0] != '\0')
    {
      gtk_box_append (GTK_BOX (texts), create_label (name, NULL));
      g_ptr_array_add (said, (gpointer) name);
    }
  label = create_label (roles, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_tooltip_text (label, roles);
  gtk_box_append (GTK_BOX (texts), label);
  g_ptr_array_add (said, roles);
  gtk_box_append (GTK_BOX (box), texts);

  badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_valign (badges, GTK_ALIGN_CENTER);
  if (info->disabled)
    {
      gtk_box_append (GTK_BOX (badges), create_badge (_("Disabled"), "error"));
      g_ptr_array_add (said, (gpointer) _("Disabled"));
    }
  if (locked)
    {
      gtk_box_append (GTK_BOX (badges), create_badge (_("Locked"), "warning"));
      g_ptr_array_add (said, (gpointer) _("Locked"));
    }
  if (info->must_change_password)
    {
      gtk_box_append (GTK_BOX (badges), create_badge (_("Must change password"), "warning"));
      g_ptr_array_add (said, (gpointer) _("Must change password"));
    }
  gtk_box_append (GTK_BOX (box), badges);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "cas-account-info", (gpointer) info);

  /* Named by its login; the rest is said after it */
  g_ptr_array_add (said, NULL);
  description = g_strjoinv (", ", (char **) said->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, info->login,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return row;
}

static const CasAccountInfo *
row_get_info (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "cas-account-info") : NULL;
}

/* Searching: the whole list is in memory (a few hundred accounts at most) */

static gboolean
matches (const char *haystack,
         const char *search)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  /* Words starting with the search, accents ignored ("peet" finds
   * "Peeters", "jose" finds "José"), or the search anywhere ("eters") */
  if (g_str_match_string (search, haystack, TRUE))
    return TRUE;

  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, search) != NULL;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  CasAccountsView *self = user_data;
  const CasAccountInfo *info = row_get_info (row);

  if (self->search == NULL || info == NULL)
    return TRUE;

  return matches (info->login, self->search) || matches (info->person_name, self->search);
}

static guint
count_shown (CasAccountsView *self)
{
  guint n = 0;

  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (row != NULL && filter_row (row, self))
        n++;
    }

  return n;
}

static GtkListBoxRow *
first_shown_row (CasAccountsView *self)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (row != NULL && filter_row (row, self))
        return row;
    }

  return NULL;
}

static void
update_list_state (CasAccountsView *self)
{
  guint n_shown = count_shown (self);
  guint n_all = self->accounts != NULL ? self->accounts->len : 0;
  g_autofree char *count = NULL;

  if (self->accounts == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  if (n_shown == n_all)
    /* Translators: the ' groups the digits as the locale does (1,234) */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u account", "%'u accounts", n_all),
                             n_all);
  else
    /* Translators: accounts matching a search, "3 of 7 accounts" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'u of %'u account", "%'u of %'u accounts", n_all),
                             n_shown, n_all);
  gtk_label_set_text (self->count_label, count);

  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "empty");
}

static void
apply_search (CasAccountsView *self)
{
  g_autofree char *search = NULL;

  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_clear_pointer (&self->search, g_free);
  if (search[0] != '\0')
    self->search = g_utf8_casefold (search, -1);

  gtk_list_box_invalidate_filter (self->list_box);
  update_list_state (self);
}

/* Showing an account */

static void
show_row (CasAccountsView *self,
          GtkListBoxRow   *row,
          gboolean         go_to_detail)
{
  gtk_list_box_select_row (self->list_box, row);
  cas_account_detail_set_account (self->detail, row_get_info (row));

  if (go_to_detail && row != NULL)
    _cas_view_show_detail (CAS_VIEW (self));
}

static GtkListBoxRow *
find_row (CasAccountsView *self,
          gint64           id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      const CasAccountInfo *info = row_get_info (row);

      if (info != NULL && info->id == id)
        return row;
    }

  return NULL;
}

/* Loading */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *accounts;

  accounts = cas_account_service_list (source_object, task_data, &error);
  if (accounts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CasAccountsView) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  gint64 select_id;

  accounts = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  cas_gui_set_spinning (self->spinner, FALSE);

  if (accounts == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_warning ("Cannot load the accounts: %s", error->message);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }

  /* The account shown stays shown, with its new state */
  select_id = self->select_id != 0 ? self->select_id
                                   : cas_account_detail_get_account_id (self->detail);
  self->select_id = 0;

  /* The rows point into the list: they go first */
  cas_gui_list_box_remove_all (self->list_box);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&accounts);

  for (guint i = 0; i < self->accounts->len; i++)
    gtk_list_box_append (self->list_box, create_row (g_ptr_array_index (self->accounts, i)));

  update_list_state (self);

  row = select_id != 0 ? find_row (self, select_id) : NULL;
  if (row != NULL)
    show_row (self, row, FALSE);
  else
    cas_account_detail_set_account (self->detail, NULL);
}

static void
reload (CasAccountsView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  cas_gui_set_spinning (self->spinner, TRUE);

  task = g_task_new (self->service, self->cancellable, list_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_object_ref (cas_view_get_account (CAS_VIEW (self))),
                        g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/* Callbacks */

static void
on_search_entry_search_changed_cb (CasAccountsView *self,
                                   GtkSearchEntry  *entry)
{
  apply_search (self);
}

static void
on_search_entry_activate_cb (CasAccountsView *self,
                             GtkSearchEntry  *entry)
{
  GtkListBoxRow *row;

  apply_search (self);

  /* Enter shows the first account found */
  row = first_shown_row (self);
  if (row != NULL)
    show_row (self, row, TRUE);
}

static void
on_list_box_row_selected_cb (CasAccountsView *self,
                             GtkListBoxRow   *row,
                             GtkListBox      *list_box)
{
  /* Folded, only activation shows an account */
  if (row == NULL || adw_leaflet_get_folded (self->leaflet))
    return;

  cas_account_detail_set_account (self->detail, row_get_info (row));
}

static void
on_list_box_row_activated_cb (CasAccountsView *self,
                              GtkListBoxRow   *row,
                              GtkListBox      *list_box)
{
  show_row (self, row, TRUE);
}

static void
on_detail_changed_cb (CasAccountsView  *self,
                      CasAccountDetail *detail)
{
  reload (self);
}

static void
on_retry_button_clicked_cb (CasAccountsView *self,
                            GtkButton       *button)
{
  reload (self);
}

static void
on_account_dialog_created_cb (CasAccountsView  *self,
                              gint64            id,
                              CasAccountDialog *dialog)
{
  /* The new account is shown once the list has it */
  self->select_id = id;
  reload (self);
}

/* CasView */

static void
cas_accounts_view_refresh (CasView *view)
{
  reload (CAS_ACCOUNTS_VIEW (view));
}

static void
cas_accounts_view_activate_primary (CasView *view)
{
  CasAccountsView *self = CAS_ACCOUNTS_VIEW (view);
  GtkWidget *dialog;

  dialog = cas_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   cas_view_get_database (view), cas_view_get_account (view));
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_account_dialog_created_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
cas_accounts_view_constructed (GObject *object)
{
  CasAccountsView *self = CAS_ACCOUNTS_VIEW (object);

  CasDatabase *db = cas_view_get_database (CAS_VIEW (self));

  G_OBJECT_CLASS (cas_accounts_view_parent_class)->constructed (object);

  self->service = cas_account_service_new (db);
  cas_account_detail_set_database (self->detail, db, cas_view_get_account (CAS_VIEW (self)));

  reload (self);
}

static void
cas_accounts_view_dispose (GObject *object)
{
  CasAccountsView *self = CAS_ACCOUNTS_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ACCOUNTS_VIEW);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (cas_accounts_view_parent_class)->dispose (object);
}

static void
cas_accounts_view_finalize (GObject *object)
{
  CasAccountsView *self = CAS_ACCOUNTS_VIEW (object);

  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (cas_accounts_view_parent_class)->finalize (object);
}

static void
cas_accounts_view_class_init (CasAccountsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_accounts_view_constructed;
  object_class->dispose = cas_accounts_view_dispose;
  object_class->finalize = cas_accounts_view_finalize;

  view_class->refresh = cas_accounts_view_refresh;
  view_class->activate_primary = cas_accounts_view_activate_primary;

  g_type_ensure (CAS_TYPE_ACCOUNT_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-accounts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasAccountsView, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
}

static void
cas_accounts_view_init (CasAccountsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_row, self, NULL);
  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->list_box), GTK_WIDGET (self->detail));
  _cas_view_set_up_search (CAS_VIEW (self), self->search_bar, GTK_EDITABLE (self->search_entry));
  cas_gui_set_spinning (self->spinner, FALSE);
}
