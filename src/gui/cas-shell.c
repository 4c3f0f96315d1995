/* cas-shell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-shell"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-import-dialog.h"
#include "cas-person-dialog.h"
#include "cas-shell.h"
#include "cas-view.h"
#include "cas-views.h"

struct _CasShell
{
  GtkWidget       parent_instance;

  /* Template widgets */
  AdwLeaflet     *leaflet;
  GtkWidget      *sidebar;
  AdwWindowTitle *sidebar_title;
  GtkListBox     *sidebar_list;
  GtkWidget      *content;
  AdwWindowTitle *content_title;
  GtkWidget      *back_button;
  GtkButton      *primary_button;
  GtkMenuButton  *menu_button;
  GtkWidget      *search_button;
  GtkWidget      *refresh_button;
  GtkStack       *view_stack;

  /* Owned references */
  CasDatabase    *db;
  CasAccount     *account;
  GSettings      *settings;

  /* The shown view (owned by view_stack) and what ties it to the header */
  CasView        *view;
  GBinding       *search_binding;
  gulong          can_go_back_handler;
  gboolean        can_go_back;
};

G_DEFINE_FINAL_TYPE (CasShell, cas_shell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_ACCOUNT,
  PROP_SETTINGS,
  PROP_CAN_REFRESH,
  PROP_CAN_SEARCH,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The header */

static void
update_can_go_back (CasShell *self)
{
  gboolean can_go_back = adw_leaflet_get_folded (self->leaflet) ||
                         (self->view != NULL && cas_view_get_can_go_back (self->view));

  gtk_widget_set_visible (self->back_button, can_go_back);

  if (can_go_back != self->can_go_back)
    {
      self->can_go_back = can_go_back;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_BACK]);
    }
}

static void
on_view_can_go_back_changed_cb (CasShell   *self,
                                GParamSpec *pspec,
                                CasView    *view)
{
  update_can_go_back (self);
}

static void
on_leaflet_folded_changed_cb (CasShell   *self,
                              GParamSpec *pspec,
                              AdwLeaflet *leaflet)
{
  update_can_go_back (self);
}

/* Views */

static void
unset_view (CasShell *self)
{
  if (self->search_binding != NULL)
    {
      g_binding_unbind (self->search_binding);
      self->search_binding = NULL;
    }

  if (self->view != NULL)
    g_clear_signal_handler (&self->can_go_back_handler, self->view);

  self->view = NULL;
}

static void
update_primary_button (CasShell          *self,
                       const CasViewInfo *info)
{
  const char *label = info != NULL ? cas_view_info_get_primary_label (info) : NULL;
  GtkWidget *button = GTK_WIDGET (self->primary_button);

  gtk_widget_set_visible (button, label != NULL);
  if (label == NULL)
    return;

  if (info->primary_icon != NULL)
    {
      g_autofree char *plain = NULL;

      /* An icon is named by its tooltip and for screen readers, without the
       * mnemonic's underscore */
      plain = g_strdup (label);
      g_strdelimit (plain, "_", ' ');
      g_strstrip (plain);
      gtk_button_set_icon_name (self->primary_button, info->primary_icon);
      gtk_widget_set_tooltip_text (button, plain);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                      -1);
    }
  else
    {
      gtk_button_set_label (self->primary_button, label);
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
}

static void
on_primary_button_clicked_cb (CasShell  *self,
                              GtkButton *button)
{
  if (self->view != NULL)
    cas_view_activate_primary (self->view);
}

static void
set_view (CasShell          *self,
          CasView           *view,
          const CasViewInfo *info)
{
  gboolean could_search = cas_shell_get_can_search (self);
  gboolean could_refresh = cas_shell_get_can_refresh (self);
  gboolean can_search;

  if (self->view == view)
    return;

  unset_view (self);

  self->view = view;
  gtk_stack_set_visible_child (self->view_stack, GTK_WIDGET (view));
  adw_window_title_set_title (self->content_title, cas_view_info_get_title (info));
  update_primary_button (self, info);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-view", info->id);

  can_search = cas_view_can_search (view);
  gtk_widget_set_visible (self->search_button, can_search);
  if (can_search)
    self->search_binding = g_object_bind_property (view, "search-mode",
                                                   self->search_button, "active",
                                                   G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->can_go_back_handler =
    g_signal_connect_object (view, "notify::can-go-back",
                             G_CALLBACK (on_view_can_go_back_changed_cb),
                             self, G_CONNECT_SWAPPED);

  if (could_search != can_search)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_SEARCH]);
  if (!could_refresh)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_REFRESH]);
  update_can_go_back (self);
}

static void
show_view (CasShell          *self,
           const CasViewInfo *info)
{
  GtkWidget *view;

  view = gtk_stack_get_child_by_name (self->view_stack, info->id);
  if (view == NULL)
    {
      view = g_object_new (info->get_type (),
                           "database", self->db,
                           "account", self->account,
                           NULL);
      g_assert (CAS_IS_VIEW (view));
      gtk_stack_add_named (self->view_stack, view, info->id);
    }

  set_view (self, CAS_VIEW (view), info);
}

static void
on_sidebar_list_row_selected_cb (CasShell      *self,
                                 GtkListBoxRow *row,
                                 GtkListBox    *list)
{
  if (row != NULL)
    show_view (self, g_object_get_data (G_OBJECT (row), "cas-view-info"));
}

static void
on_sidebar_list_row_activated_cb (CasShell      *self,
                                  GtkListBoxRow *row,
                                  GtkListBox    *list)
{
  /* On a narrow window, the sidebar and the view are one after the other */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (self->view != NULL)
    gtk_widget_child_focus (GTK_WIDGET (self->view), GTK_DIR_TAB_FORWARD);
}

static GtkWidget *
create_sidebar_row (const CasViewInfo *info)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box),
                  g_object_new (GTK_TYPE_IMAGE,
                                "icon-name", info->icon_name,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL));
  label = gtk_label_new (cas_view_info_get_title (info));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cas_view_info_get_title (info),
                                  -1);
  g_object_set_data (G_OBJECT (row), "cas-view-info", (gpointer) info);

  return row;
}

/* Whether @account registers candidates: operators and administrators */
static gboolean
registers_persons (CasAccount *account)
{
  return cas_account_has_role (account, CAS_ROLE_OPERATOR) ||
         cas_account_has_role (account, CAS_ROLE_ADMIN);
}

static GMenuModel *
create_primary_menu (CasAccount *account)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) work_section = g_menu_new ();
  g_autoptr(GMenu) account_section = g_menu_new ();
  g_autoptr(GMenu) app_section = g_menu_new ();

  g_menu_append (account_section, _("Change _Password…"), "win.change-password");
  g_menu_append (account_section, _("_Log Out"), "win.log-out");
  g_menu_append (app_section, _("_Verify Attestation…"), "win.verify");
  g_menu_append (app_section, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append (app_section, _("_About Certassur Desk"), "app.about");

  /* The section's label says who is logged in */
  g_menu_append_section (menu, cas_account_get_display_name (account),
                         G_MENU_MODEL (account_section));
  if (registers_persons (account))
    {
      g_menu_append (work_section, _("_New Candidate…"), "shell.new-person");
      g_menu_append (work_section, _("_Import Candidates…"), "shell.import-persons");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (work_section));
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (app_section));

  return G_MENU_MODEL (menu);
}

/* Builds the sidebar from the views the account may use, and shows the
 * last one shown, else the first */
static void
build (CasShell *self)
{
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *last_view = NULL;
  const CasViewInfo *views;
  GtkListBoxRow *selected;
  GtkListBoxRow *row;
  guint n_views;

  adw_window_title_set_subtitle (self->sidebar_title, cas_account_get_display_name (self->account));
  menu = create_primary_menu (self->account);
  gtk_menu_button_set_menu_model (self->menu_button, menu);

  views = cas_views_get_all (&n_views);
  for (guint i = 0; i < n_views; i++)
    {
      if (cas_view_info_is_visible_to (&views[i], self->account))
        gtk_list_box_append (self->sidebar_list, create_sidebar_row (&views[i]));
    }

  if (self->settings != NULL)
    last_view = g_settings_get_string (self->settings, "last-view");

  selected = gtk_list_box_get_row_at_index (self->sidebar_list, 0);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    {
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), last_view) == 0)
        selected = row;
    }

  if (selected != NULL)
    {
      gtk_list_box_select_row (self->sidebar_list, selected);
    }
  else
    {
      /* "Nothing to Show" */
      adw_window_title_set_title (self->content_title, NULL);
      gtk_widget_set_visible (self->search_button, FALSE);
      gtk_widget_set_visible (self->refresh_button, FALSE);
    }

  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_can_go_back (self);
}

/* Shows the view @id, or returns FALSE when the account has none such */
static gboolean
show_view_by_id (CasShell   *self,
                 const char *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    {
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), id) != 0)
        continue;

      /* Selecting the row shows the view */
      gtk_list_box_select_row (self->sidebar_list, row);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      return self->view != NULL;
    }

  return FALSE;
}

/* Shows a view on one session: "(sx)", the view's id and the session's.
 * The Sessions view's detail opens the Attestations view so. */
static void
show_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CasShell *self = CAS_SHELL (widget);
  const char *id;
  gint64 session_id;

  g_variant_get (parameter, "(&sx)", &id, &session_id);

  if (!show_view_by_id (self, id))
    g_warning ("No view %s to show session %" G_GINT64_FORMAT " in", id, session_id);
  else if (session_id > 0 && cas_view_can_show_session (self->view))
    cas_view_show_session (self->view, session_id);
}

/* Shows a view on one person: "(sx)", the view's id and the person's */
static void
show_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CasShell *self = CAS_SHELL (widget);
  const char *id;
  gint64 person_id;

  g_variant_get (parameter, "(&sx)", &id, &person_id);

  if (!show_view_by_id (self, id))
    g_warning ("No view %s to show person %" G_GINT64_FORMAT " in", id, person_id);
  else if (person_id > 0 && cas_view_can_show_person (self->view))
    cas_view_show_person (self->view, person_id);
}

/* A new candidate, checked against the register as it is typed */

static void
on_person_dialog_open_person_cb (CasPersonDialog *dialog,
                                 gint64           person_id,
                                 CasShell        *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "shell.show-person", "(sx)", "candidates",
                              person_id);
}

static void
new_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CasShell *self = CAS_SHELL (widget);
  CasPersonDialog *dialog;

  dialog = cas_person_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->db,
                                  self->account);
  g_signal_connect_object (dialog, "open-person", G_CALLBACK (on_person_dialog_open_person_cb),
                           self, G_CONNECT_DEFAULT);
  /* The record made or updated, shown where the register is */
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_person_dialog_open_person_cb),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (dialog, "email-updated", G_CALLBACK (on_person_dialog_open_person_cb),
                           self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Candidates from a CSV file, reviewed before they are written */

static void
on_import_dialog_imported_cb (CasImportDialog *dialog,
                              CasShell        *self)
{
  cas_shell_refresh (self);
}

static void
import_persons_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CasShell *self = CAS_SHELL (widget);
  CasImportDialog *dialog;

  dialog = cas_import_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->db,
                                  self->account);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_import_dialog_imported_cb),
                           self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public API */

GtkWidget *
cas_shell_new (CasDatabase *db,
               CasAccount  *account,
               GSettings   *settings)
{
  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (CAS_TYPE_SHELL,
                       "database", db,
                       "account", account,
                       "settings", settings,
                       NULL);
}

gboolean
cas_shell_get_can_refresh (CasShell *self)
{
  g_return_val_if_fail (CAS_IS_SHELL (self), FALSE);

  return self->view != NULL;
}

void
cas_shell_refresh (CasShell *self)
{
  g_return_if_fail (CAS_IS_SHELL (self));

  if (self->view != NULL)
    cas_view_refresh (self->view);
}

gboolean
cas_shell_get_can_search (CasShell *self)
{
  g_return_val_if_fail (CAS_IS_SHELL (self), FALSE);

  return self->view != NULL && cas_view_can_search (self->view);
}

void
cas_shell_start_search (CasShell *self)
{
  g_return_if_fail (CAS_IS_SHELL (self));

  if (!cas_shell_get_can_search (self))
    return;

  /* On a narrow window the search is beside the view, not the sidebar */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  cas_view_start_search (self->view);
}

gboolean
cas_shell_get_can_go_back (CasShell *self)
{
  g_return_val_if_fail (CAS_IS_SHELL (self), FALSE);

  return self->can_go_back;
}

void
cas_shell_go_back (CasShell *self)
{
  g_return_if_fail (CAS_IS_SHELL (self));

  if (self->view != NULL && cas_view_go_back (self->view))
    return;

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->sidebar)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
    }
}

/* GObject */

static void
cas_shell_constructed (GObject *object)
{
  CasShell *self = CAS_SHELL (object);

  G_OBJECT_CLASS (cas_shell_parent_class)->constructed (object);

  g_assert (self->db != NULL);
  g_assert (self->account != NULL);

  build (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shell.new-person",
                                 registers_persons (self->account));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shell.import-persons",
                                 registers_persons (self->account));
}

static gboolean
cas_shell_grab_focus (GtkWidget *widget)
{
  CasShell *self = CAS_SHELL (widget);

  if (self->view != NULL)
    return gtk_widget_child_focus (GTK_WIDGET (self->view), GTK_DIR_TAB_FORWARD);

  return gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
cas_shell_dispose (GObject *object)
{
  CasShell *self = CAS_SHELL (object);

  unset_view (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_SHELL);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_shell_parent_class)->dispose (object);
}

static void
cas_shell_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CasShell *self = CAS_SHELL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_CAN_REFRESH:
      g_value_set_boolean (value, cas_shell_get_can_refresh (self));
      break;

    case PROP_CAN_SEARCH:
      g_value_set_boolean (value, cas_shell_get_can_search (self));
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_shell_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CasShell *self = CAS_SHELL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_shell_class_init (CasShellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cas_shell_constructed;
  object_class->dispose = cas_shell_dispose;
  object_class->get_property = cas_shell_get_property;
  object_class->set_property = cas_shell_set_property;

  widget_class->grab_focus = cas_shell_grab_focus;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         CAS_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_CAN_REFRESH] =
    g_param_spec_boolean ("can-refresh", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_CAN_SEARCH] =
    g_param_spec_boolean ("can-search", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "shell.show-session", "(sx)",
                                   show_session_action);
  gtk_widget_class_install_action (widget_class, "shell.show-person", "(sx)",
                                   show_person_action);
  gtk_widget_class_install_action (widget_class, "shell.new-person", NULL, new_person_action);
  gtk_widget_class_install_action (widget_class, "shell.import-persons", NULL,
                                   import_persons_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/be/certassur/Desk/cas-shell.ui");
  gtk_widget_class_bind_template_child (widget_class, CasShell, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasShell, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CasShell, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, CasShell, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CasShell, content);
  gtk_widget_class_bind_template_child (widget_class, CasShell, content_title);
  gtk_widget_class_bind_template_child (widget_class, CasShell, back_button);
  gtk_widget_class_bind_template_child (widget_class, CasShell, primary_button);
  gtk_widget_class_bind_template_child (widget_class, CasShell, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CasShell, search_button);
  gtk_widget_class_bind_template_child (widget_class, CasShell, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CasShell, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_primary_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_list_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

#define NEW_PERSON "shell.new-person"

static void
cas_shell_init (CasShell *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+N wherever the focus is in the window */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new (NEW_PERSON)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
