/* cas-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-account-service.h"
#include "cas-demo.h"
#include "cas-gui-util.h"
#include "cas-login-page.h"
#include "cas-password-dialog.h"
#include "cas-password-form.h"
#include "cas-shell.h"
#include "cas-verify-dialog.h"
#include "cas-window.h"

struct _CasWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  CasLoginPage         *login_page;
  AdwStatusPage        *error_page;
  GtkWidget            *log_out_button;
  GtkLabel             *choose_password_label;
  CasPasswordForm      *password_form;

  /* Owned references */
  GSettings            *settings;
  char                 *location;        /* what we open; NULL for the default */
  CasDatabase          *db;
  GPtrArray            *demo_accounts;
  CasAccount           *account;
  GCancellable         *open_cancellable;
  GtkNativeDialog      *chooser;

  /* Logged in: the sidebar and the views, a page of main_stack */
  CasShell             *shell;

  /* The database opens once the first frame is drawn: the window shows
   * at once, and the thread opening the database does not compete with
   * the first frame for the processor */
  gulong                first_frame_handler;
  gboolean              first_frame_drawn;
  gboolean              open_pending;
};

G_DEFINE_FINAL_TYPE (CasWindow, cas_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_open (CasWindow  *self,
                        const char *location);
static void update_actions (CasWindow *self);

/* Opening the database, off the main thread */

typedef struct
{
  CasDatabase *db;
  GPtrArray   *demo_accounts;
  gboolean     first_run;
} OpenResult;

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->db);
  g_clear_pointer (&result->demo_accounts, g_ptr_array_unref);
  g_free (result);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *location = task_data;
  g_autoptr(GError) error = NULL;
  /* PostgreSQL: the login connects, with the account's own role; SQLite:
   * no other program meanwhile, as the desk shows file choosers */
  CasDatabaseOpenFlags flags = CAS_DATABASE_OPEN_LOGIN | CAS_DATABASE_OPEN_EXCLUSIVE;
  OpenResult *result;
  CasDatabase *db;

  /* Only the default database is created when missing (the first run);
   * a missing file that was asked for by name is an error to show. */
  if (location == NULL)
    {
      g_autofree char *path = cas_database_get_default_location ();
      g_autofree char *folder = g_path_get_dirname (path);

      g_mkdir_with_parents (folder, 0700);
      flags |= CAS_DATABASE_OPEN_CREATE;
    }

  db = cas_database_open (location, flags, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (OpenResult, 1);
  result->db = db;
  result->demo_accounts = cas_demo_get_accounts (db);
  {
    g_autoptr(CasAccountService) accounts = cas_account_service_new (db);
    guint n_accounts = 0;

    /* A new database: whoever opens it first creates the first operator */
    if (cas_account_service_count (accounts, &n_accounts, NULL))
      result->first_run = n_accounts == 0;
  }
  g_task_return_pointer (task, result, (GDestroyNotify) open_result_free);
}

static void
show_open_error (CasWindow  *self,
                 const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/* A PostgreSQL address is kept without its password (the server may take
 * it from ~/.pgpass; otherwise the error page asks for another address) */
static char *
dup_location_for_settings (const char *location)
{
  g_autoptr(GUri) uri = NULL;

  if (!g_str_has_prefix (location, "postgresql://") && !g_str_has_prefix (location, "postgres://"))
    return g_strdup (location);

  uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return NULL;

  return g_uri_join_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                               g_uri_get_scheme (uri),
                               g_uri_get_user (uri),
                               NULL,
                               NULL,
                               g_uri_get_host (uri),
                               g_uri_get_port (uri),
                               g_uri_get_path (uri),
                               g_uri_get_query (uri),
                               g_uri_get_fragment (uri));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CasWindow *self = CAS_WINDOW (object);
  g_autoptr(GError) error = NULL;
  OpenResult *opened;
  gboolean first_run;

  opened = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request, or the window went away */
  if (g_task_get_cancellable (G_TASK (result)) != self->open_cancellable)
    {
      g_clear_pointer (&opened, open_result_free);
      return;
    }
  g_clear_object (&self->open_cancellable);

  if (opened == NULL)
    {
      g_message ("Cannot open the database: %s", error->message);
      show_open_error (self, error->message);
      return;
    }

  self->db = g_steal_pointer (&opened->db);
  self->demo_accounts = g_steal_pointer (&opened->demo_accounts);
  first_run = opened->first_run;
  open_result_free (opened);

  /* --signing-key: the key that signs this database's attestations */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    const char *key_path = NULL;

    if (CAS_IS_APPLICATION (app))
      key_path = cas_application_get_signing_key_path (CAS_APPLICATION (app));
    if (key_path != NULL)
      cas_database_set_signing_key_path (self->db, key_path);
  }
  update_actions (self);

  if (self->settings != NULL && cas_database_get_location (self->db) != NULL)
    {
      g_autofree char *location = dup_location_for_settings (cas_database_get_location (self->db));

      if (location != NULL)
        g_settings_set_string (self->settings, "last-database", location);
    }

  cas_login_page_set_database (self->login_page, self->db, self->demo_accounts, first_run);
}

static void
start_open (CasWindow  *self,
            const char *location)
{
  g_autoptr(GTask) task = NULL;
  char *copy = g_strdup (location);

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->demo_accounts, g_ptr_array_unref);
  self->open_pending = FALSE;
  update_actions (self);

  g_free (self->location);
  self->location = copy;

  cas_login_page_set_opening (self->login_page);
  gtk_stack_set_visible_child_name (self->main_stack, "login");

  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->open_cancellable, open_cb, NULL);
  g_task_set_source_tag (task, start_open);
  g_task_set_task_data (task, g_strdup (location), g_free);
  g_task_run_in_thread (task, open_thread);
}

static void
on_chooser_response_cb (CasWindow       *self,
                        int              response,
                        GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        start_open (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose a Database"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (databases, _("Certassur databases"));
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_add_pattern (databases, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), databases);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
retry_open_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);
  g_autofree char *location = g_strdup (self->location);

  start_open (self, location);
}

/* Logged in */

static void
update_actions (CasWindow *self)
{
  CasShell *shell = self->shell;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-out", self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.verify", self->db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-password", shell != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 shell != NULL && cas_shell_get_can_refresh (shell));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search",
                                 shell != NULL && cas_shell_get_can_search (shell));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back",
                                 shell != NULL && cas_shell_get_can_go_back (shell));
}

static void
on_shell_notify_cb (CasWindow  *self,
                    GParamSpec *pspec,
                    CasShell   *shell)
{
  update_actions (self);
}

static void
show_shell (CasWindow *self)
{
  g_assert (self->shell == NULL);
  g_assert (self->account != NULL);

  /* Focus leaves the form before it goes (GTK 4.8 keeps the caret of a
   * hidden focused entry blinking, and warns) */
  gtk_root_set_focus (GTK_ROOT (self), NULL);

  self->shell = CAS_SHELL (cas_shell_new (self->db, self->account, self->settings));
  g_signal_connect_object (self->shell, "notify", G_CALLBACK (on_shell_notify_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->shell), "shell");
  gtk_stack_set_visible_child (self->main_stack, GTK_WIDGET (self->shell));
  update_actions (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->shell));
}

static void
on_login_page_logged_in_cb (CasWindow    *self,
                            CasAccount   *account,
                            const char   *password,
                            CasLoginPage *page)
{
  g_assert (self->shell == NULL);

  g_set_object (&self->account, account);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-login", cas_account_get_login (account));

  if (cas_account_get_must_change_password (account) && password != NULL)
    {
      g_autoptr(CasAccountService) service = cas_account_service_new (self->db);
      g_autofree char *explanation = NULL;

      /* Translators: %s is the login of the account */
      explanation = g_strdup_printf (_("The password of “%s” was set by a Certassur operator. "
                                       "Before going on, choose a password of your own that "
                                       "nobody else knows."),
                                     cas_account_get_login (account));
      gtk_label_set_text (self->choose_password_label, explanation);

      gtk_root_set_focus (GTK_ROOT (self), NULL);
      cas_password_form_choose_own (self->password_form, service, account, password);
      gtk_stack_set_visible_child_name (self->main_stack, "choose-password");
      update_actions (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_form));
      return;
    }

  show_shell (self);
}

static void
on_password_form_done_cb (CasWindow       *self,
                          CasPasswordForm *form)
{
  /* The form forgot the password of the login already */
  show_shell (self);
  cas_gui_add_toast (GTK_WIDGET (self->toast_overlay), _("Your password is set"));
}

static void
end_login_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (source_object);
  g_autoptr(GError) error = NULL;

  if (!cas_account_service_logout (accounts, task_data, &error))
    g_warning ("Could not end the login: %s", error->message);
}

/* The login's token is refused from now on, also by another window or
 * process that might still hold it */
static void
end_login (CasWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->db == NULL || self->account == NULL)
    return;

  task = g_task_new (self->db, NULL, NULL, NULL);
  g_task_set_source_tag (task, end_login);
  g_task_set_task_data (task, g_object_ref (self->account), g_object_unref);
  g_task_run_in_thread (task, end_login_thread);
}

static void
log_out_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);

  if (self->account == NULL)
    return;

  gtk_root_set_focus (GTK_ROOT (self), NULL);
  cas_login_page_reset (self->login_page);
  gtk_stack_set_visible_child_name (self->main_stack, "login");
  cas_password_form_clear (self->password_form);

  /* The shell holds the views and all they loaded */
  if (self->shell != NULL)
    {
      gtk_stack_remove (self->main_stack, GTK_WIDGET (self->shell));
      self->shell = NULL;
    }
  end_login (self);
  g_clear_object (&self->account);
  update_actions (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->login_page));
}

static void
on_password_dialog_done_cb (CasWindow         *self,
                            CasPasswordDialog *dialog)
{
  cas_gui_add_toast (GTK_WIDGET (self->toast_overlay), _("Password changed"));
}

static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);
  g_autoptr(CasAccountService) service = NULL;
  GtkWidget *dialog;

  if (self->shell == NULL || self->account == NULL)
    return;

  service = cas_account_service_new (self->db);
  dialog = cas_password_dialog_new_change (GTK_WINDOW (self), service, self->account);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_password_dialog_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);

  if (self->shell != NULL)
    cas_shell_refresh (self->shell);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);

  if (self->shell != NULL)
    cas_shell_start_search (self->shell);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);

  /* Anyone may check an attestation: no login needed */
  if (self->db != NULL)
    gtk_window_present (GTK_WINDOW (cas_verify_dialog_new (GTK_WINDOW (self), self->db)));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CasWindow *self = CAS_WINDOW (widget);

  if (self->shell != NULL)
    cas_shell_go_back (self->shell);
}

/* Size */

static void
load_window_state (CasWindow *self)
{
  int width = 1100;
  int height = 720;

  if (self->settings != NULL)
    {
      width = g_settings_get_int (self->settings, "window-width");
      height = g_settings_get_int (self->settings, "window-height");
    }

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (self->settings != NULL && g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
cas_window_close_request (GtkWindow *window)
{
  CasWindow *self = CAS_WINDOW (window);
  int width;
  int height;

  if (self->settings == NULL)
    return GTK_WINDOW_CLASS (cas_window_parent_class)->close_request (window);

  /* The default size follows the unmaximized size */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (cas_window_parent_class)->close_request (window);
}

/* The first frame, then the database.
 *
 * With CERTASSUR_BENCH_STARTUP=1 in the environment, the window prints the
 * time from the start of main () to the end of its first painted frame (the
 * login page, while the database still opens) on standard output, with the
 * wall-clock time of that frame so that a benchmark can also count the time
 * before main () (loading the program and its libraries), as
 *
 *     certassur-desk: first frame 123.4 ms after main, at 1764372000123456 us
 *
 * and quits. tests/bench/bench-startup.sh runs it several times. */

static void
on_first_frame_after_paint_cb (CasWindow     *self,
                               GdkFrameClock *frame_clock)
{
  g_clear_signal_handler (&self->first_frame_handler, frame_clock);
  self->first_frame_drawn = TRUE;

  if (g_getenv ("CERTASSUR_BENCH_STARTUP") != NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      gint64 started_at = cas_application_get_started_at (CAS_APPLICATION (app));

      g_print ("certassur-desk: first frame %.1f ms after main, at %" G_GINT64_FORMAT " us\n",
               (g_get_monotonic_time () - started_at) / 1000.0, g_get_real_time ());
      g_application_quit (G_APPLICATION (app));
      return;
    }

  if (self->open_pending)
    {
      g_autofree char *location = g_strdup (self->location);

      start_open (self, location);
    }
}

static void
cas_window_map (GtkWidget *widget)
{
  CasWindow *self = CAS_WINDOW (widget);

  GTK_WIDGET_CLASS (cas_window_parent_class)->map (widget);

  if (!self->first_frame_drawn && self->first_frame_handler == 0)
    self->first_frame_handler =
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (on_first_frame_after_paint_cb),
                               self, G_CONNECT_SWAPPED);
}

/* Settings, and which database to open after the first frame: --database,
 * else the last one, else the default one. Not in constructed ():
 * GtkWindow:application is not a construct property, so it is not set yet
 * there. */
static void
load (CasWindow      *self,
      CasApplication *app)
{
  g_autofree char *last_database = NULL;
  const char *location;

  if (cas_application_get_settings (app) != NULL)
    self->settings = g_object_ref (cas_application_get_settings (app));

  load_window_state (self);

  if (self->settings != NULL)
    {
      g_autofree char *last_login = g_settings_get_string (self->settings, "last-login");

      cas_login_page_set_login (self->login_page, last_login);
      last_database = g_settings_get_string (self->settings, "last-database");
    }

  location = cas_application_get_database_location (app);
  if (location == NULL && last_database != NULL && last_database[0] != '\0')
    location = last_database;

  update_actions (self);

  g_free (self->location);
  self->location = g_strdup (location);
  self->open_pending = TRUE;
}

CasWindow *
cas_window_new (CasApplication *application)
{
  CasWindow *self;

  g_return_val_if_fail (CAS_IS_APPLICATION (application), NULL);

  self = g_object_new (CAS_TYPE_WINDOW,
                       "application", application,
                       NULL);
  load (self, application);

  return self;
}

CasDatabase *
cas_window_get_database (CasWindow *self)
{
  g_return_val_if_fail (CAS_IS_WINDOW (self), NULL);

  return self->db;
}

CasAccount *
cas_window_get_account (CasWindow *self)
{
  g_return_val_if_fail (CAS_IS_WINDOW (self), NULL);

  return self->account;
}

static void
cas_window_dispose (GObject *object)
{
  CasWindow *self = CAS_WINDOW (object);

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_WINDOW);

  /* Closing the window ends the login now: one short update, and the
   * process may not live long enough for a thread to do it */
  if (self->db != NULL && self->account != NULL)
    {
      g_autoptr(CasAccountService) accounts = cas_account_service_new (self->db);

      cas_account_service_logout (accounts, self->account, NULL);
    }

  g_clear_object (&self->account);
  g_clear_object (&self->db);
  g_clear_pointer (&self->demo_accounts, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cas_window_parent_class)->dispose (object);
}

static void
cas_window_finalize (GObject *object)
{
  CasWindow *self = CAS_WINDOW (object);

  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (cas_window_parent_class)->finalize (object);
}

static void
cas_window_class_init (CasWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cas_window_dispose;
  object_class->finalize = cas_window_finalize;

  widget_class->map = cas_window_map;

  window_class->close_request = cas_window_close_request;

  /* Keys are set in CasApplication, so that menus show them */
  gtk_widget_class_install_action (widget_class, "win.choose-database", NULL,
                                   choose_database_action);
  gtk_widget_class_install_action (widget_class, "win.retry-open", NULL, retry_open_action);
  gtk_widget_class_install_action (widget_class, "win.log-out", NULL, log_out_action);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL,
                                   change_password_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, verify_action);

  g_type_ensure (CAS_TYPE_LOGIN_PAGE);
  g_type_ensure (CAS_TYPE_PASSWORD_FORM);

  gtk_widget_class_set_template_from_resource (widget_class, "/be/certassur/Desk/cas-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CasWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, log_out_button);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, choose_password_label);
  gtk_widget_class_bind_template_child (widget_class, CasWindow, password_form);
  gtk_widget_class_bind_template_callback (widget_class, on_login_page_logged_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_form_done_cb);
}

static void
cas_window_init (CasWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button with a mnemonic twice, once with the
   * underscore: its label is enough */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->log_out_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
