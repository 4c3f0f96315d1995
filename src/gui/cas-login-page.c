/* cas-login-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-login-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "cas-account-service.h"
#include "cas-application.h"
#include "cas-demo.h"
#include "cas-gui-util.h"
#include "cas-login-page.h"

struct _CasLoginPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *scroller;
  GtkImage           *icon;
  GtkLabel           *title_label;
  GtkLabel           *database_label;
  GtkLabel           *first_run_label;
  GtkLabel           *confirm_label;
  GtkPasswordEntry   *confirm_entry;
  GtkLabel           *button_label;
  GtkEntry           *login_entry;
  GtkPasswordEntry   *password_entry;
  GtkLabel           *error_label;
  GtkButton          *login_button;
  GtkStack           *login_button_stack;
  GtkSpinner         *spinner;
  AdwPreferencesGroup *demo_group;

  /* Owned references */
  CasDatabase        *db;
  CasAccountService  *service;
  GCancellable       *cancellable;
  GPtrArray          *demo_rows;

  /* Log In was pressed while the database opened */
  gboolean            login_pending;
  /* The database has no account: the form creates the first operator */
  gboolean            first_run;
};

G_DEFINE_FINAL_TYPE (CasLoginPage, cas_login_page, GTK_TYPE_WIDGET)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The form can be filled while the database opens; Log In then waits for
 * it. While a login is checked, nothing can change. */
static void
update_state (CasLoginPage *self)
{
  gboolean checking = self->cancellable != NULL || self->login_pending;

  /* Read-only rather than insensitive: an insensitive entry loses the
   * focus, and the user's place in the form with it */
  gtk_editable_set_editable (GTK_EDITABLE (self->login_entry), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->confirm_entry), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_group), !checking);
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_stack_set_visible_child_name (self->login_button_stack, checking ? "spinner" : "label");
}

static void
focus_first_empty_field (CasLoginPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_entry));

  if (login[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
set_first_run (CasLoginPage *self,
               gboolean      first_run)
{
  self->first_run = first_run;

  gtk_label_set_text (self->title_label, first_run ? _("Welcome to Certassur Desk")
                                                   : _("Log in to Certassur Desk"));
  gtk_label_set_text (self->button_label, first_run ? _("Create Account and Log In") : _("Log In"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->login_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->button_label),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->first_run_label), first_run);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_label), first_run);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_entry), first_run);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
}

static void
authenticate_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CasLoginPage) self = user_data;
  g_autoptr(CasAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  /* The same task shape serves a login and the creation of the first
   * operator followed by its login */
  account = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  update_state (self);

  if (account == NULL)
    {
      cas_gui_set_message (self->error_label, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  cas_gui_set_message (self->error_label, NULL);

  /* An account created or reset by an operator chooses its own password
   * next, and the core asks for the current one: hand it over once */
  if (cas_account_get_must_change_password (account))
    password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (self->first_run)
    set_first_run (self, FALSE);
  g_signal_emit (self, signals [LOGGED_IN], 0, account, password);

  if (password != NULL)
    sodium_memzero (password, strlen (password));
}

typedef struct
{
  char *login;
  char *password;
} FirstOperator;

static void
first_operator_free (FirstOperator *data)
{
  g_free (data->login);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
create_first_operator_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  CasAccountService *service = source_object;
  FirstOperator *data = task_data;
  GError *error = NULL;
  CasAccount *account = NULL;

  if (cas_account_service_create_first_operator (service, data->login, data->password, &error) != 0)
    account = cas_account_service_authenticate (service, data->login, data->password, &error);

  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

static void
log_in (CasLoginPage *self)
{
  g_autofree char *login = NULL;
  const char *password;

  if (self->cancellable != NULL)
    return;

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_entry))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (login[0] == '\0')
    {
      cas_gui_set_message (self->error_label, _("Enter your login."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
      return;
    }

  if (password[0] == '\0')
    {
      cas_gui_set_message (self->error_label, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  cas_gui_set_message (self->error_label, NULL);

  if (self->service == NULL)
    {
      self->login_pending = TRUE;
      update_state (self);
      return;
    }

  self->login_pending = FALSE;

  if (self->first_run)
    {
      g_autoptr(GTask) task = NULL;
      FirstOperator *data;
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));

      if (g_strcmp0 (password, confirm) != 0)
        {
          cas_gui_set_message (self->error_label,
                               _("The two passwords differ. Type the same password twice."));
          gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
          return;
        }

      data = g_new0 (FirstOperator, 1);
      data->login = g_strdup (login);
      data->password = g_strdup (password);
      self->cancellable = g_cancellable_new ();
      update_state (self);
      task = g_task_new (self->service, self->cancellable, authenticate_cb, g_object_ref (self));
      g_task_set_source_tag (task, cas_account_service_authenticate_async);
      g_task_set_task_data (task, data, (GDestroyNotify) first_operator_free);
      g_task_run_in_thread (task, create_first_operator_thread);
      return;
    }

  self->cancellable = g_cancellable_new ();
  update_state (self);
  cas_account_service_authenticate_async (self->service, login, password, self->cancellable,
                                          authenticate_cb, g_object_ref (self));
}

static void
on_login_button_clicked_cb (CasLoginPage *self,
                            GtkButton    *button)
{
  log_in (self);
}

static void
on_login_entry_activate_cb (CasLoginPage *self,
                            GtkEntry     *entry)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  /* Enter in the login field moves on to the password, unless it is filled */
  if (password[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  else
    log_in (self);
}

static void
on_demo_row_activated_cb (CasLoginPage *self,
                          AdwActionRow *row)
{
  const char *login = g_object_get_data (G_OBJECT (row), "cas-login");

  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), CAS_DEMO_PASSWORD);
  cas_gui_set_message (self->error_label, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->login_button));
}

static void
clear_demo_accounts (CasLoginPage *self)
{
  for (guint i = 0; i < self->demo_rows->len; i++)
    adw_preferences_group_remove (self->demo_group, g_ptr_array_index (self->demo_rows, i));
  g_ptr_array_set_size (self->demo_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), FALSE);
}

static void
show_demo_accounts (CasLoginPage *self,
                    GPtrArray    *accounts)
{
  clear_demo_accounts (self);

  if (accounts == NULL || accounts->len == 0)
    return;

  for (guint i = 0; i < accounts->len; i++)
    {
      CasDemoAccount *account = g_ptr_array_index (accounts, i);
      GtkWidget *row;

      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "use-markup", FALSE,
                          "title", account->login,
                          "subtitle", account->description,
                          "activatable", TRUE,
                          NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 g_object_new (GTK_TYPE_IMAGE,
                                               "icon-name", "avatar-default-symbolic",
                                               "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                               NULL));
      g_object_set_data_full (G_OBJECT (row), "cas-login", g_strdup (account->login), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_demo_row_activated_cb),
                               self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->demo_group, row);
      g_ptr_array_add (self->demo_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), TRUE);
}

static void
cancel_check (CasLoginPage *self)
{
  self->login_pending = FALSE;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

/**
 * cas_login_page_set_opening:
 *
 * Shows the form inactive while the window opens the database.
 */
void
cas_login_page_set_opening (CasLoginPage *self)
{
  g_return_if_fail (CAS_IS_LOGIN_PAGE (self));

  cancel_check (self);
  g_clear_object (&self->service);
  g_clear_object (&self->db);
  clear_demo_accounts (self);
  set_first_run (self, FALSE);
  cas_gui_set_message (self->error_label, NULL);
  gtk_label_set_text (self->database_label, _("Opening the database…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->database_label), NULL);
  update_state (self);
}

void
cas_login_page_set_database (CasLoginPage *self,
                             CasDatabase  *db,
                             GPtrArray    *demo_accounts,
                             gboolean      first_run)
{
  gboolean login_pending = self->login_pending;
  const char *name;

  g_return_if_fail (CAS_IS_LOGIN_PAGE (self));
  g_return_if_fail (CAS_IS_DATABASE (db));

  cancel_check (self);
  g_set_object (&self->db, db);
  g_clear_object (&self->service);
  self->service = cas_account_service_new (db);

  name = cas_database_get_display_name (db);
  gtk_label_set_text (self->database_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->database_label), name);

  show_demo_accounts (self, demo_accounts);
  set_first_run (self, first_run);
  cas_gui_set_message (self->error_label, NULL);
  update_state (self);

  if (login_pending && !first_run)
    log_in (self);
}

const char *
cas_login_page_get_login (CasLoginPage *self)
{
  g_return_val_if_fail (CAS_IS_LOGIN_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->login_entry));
}

void
cas_login_page_set_login (CasLoginPage *self,
                          const char   *login)
{
  g_return_if_fail (CAS_IS_LOGIN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login ? login : "");
}

void
cas_login_page_reset (CasLoginPage *self)
{
  g_return_if_fail (CAS_IS_LOGIN_PAGE (self));

  cancel_check (self);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
  cas_gui_set_message (self->error_label, NULL);
  update_state (self);
}

static void
cas_login_page_map (GtkWidget *widget)
{
  CasLoginPage *self = CAS_LOGIN_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (cas_login_page_parent_class)->map (widget);

  /* Enter in the password field logs in */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->login_button));

  focus_first_empty_field (self);
}

static void
cas_login_page_unmap (GtkWidget *widget)
{
  CasLoginPage *self = CAS_LOGIN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root) &&
      gtk_window_get_default_widget (GTK_WINDOW (root)) == GTK_WIDGET (self->login_button))
    gtk_window_set_default_widget (GTK_WINDOW (root), NULL);

  GTK_WIDGET_CLASS (cas_login_page_parent_class)->unmap (widget);
}

static gboolean
cas_login_page_grab_focus (GtkWidget *widget)
{
  CasLoginPage *self = CAS_LOGIN_PAGE (widget);

  focus_first_empty_field (self);

  return TRUE;
}

static void
cas_login_page_dispose (GObject *object)
{
  CasLoginPage *self = CAS_LOGIN_PAGE (object);

  cancel_check (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_LOGIN_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_login_page_parent_class)->dispose (object);
}

static void
cas_login_page_finalize (GObject *object)
{
  CasLoginPage *self = CAS_LOGIN_PAGE (object);

  g_clear_pointer (&self->demo_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cas_login_page_parent_class)->finalize (object);
}

static void
cas_login_page_class_init (CasLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_login_page_dispose;
  object_class->finalize = cas_login_page_finalize;

  widget_class->map = cas_login_page_map;
  widget_class->unmap = cas_login_page_unmap;
  widget_class->grab_focus = cas_login_page_grab_focus;

  /**
   * CasLoginPage::logged-in:
   * @account: the account that logged in
   * @password: (nullable): the password just typed, only when the account
   *   must change it (cas_account_get_must_change_password ()), for the
   *   change; valid during the emission only, wiped afterwards
   */
  signals [LOGGED_IN] =
    g_signal_new ("logged-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CAS_TYPE_ACCOUNT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, icon);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, database_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, first_run_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, button_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, login_entry);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, login_button);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, login_button_stack);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasLoginPage, demo_group);
  gtk_widget_class_bind_template_callback (widget_class, on_login_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_entry_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cas_login_page_init (CasLoginPage *self)
{
  GApplication *app;

  self->demo_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  app = g_application_get_default ();
  gtk_image_set_from_icon_name (self->icon,
                                CAS_IS_APPLICATION (app)
                                  ? cas_application_get_icon_name (CAS_APPLICATION (app))
                                  : BASE_ID);

  cas_login_page_set_opening (self);
}
