/* cas-account-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-account-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "cas-account-dialog.h"
#include "cas-company-service.h"
#include "cas-gui-util.h"
#include "cas-validate.h"

struct _CasAccountDialog
{
  AdwWindow          parent_instance;

  /* Template widgets */
  GtkButton         *cancel_button;
  GtkButton         *create_button;
  GtkStack          *create_stack;
  GtkSpinner        *spinner;
  GtkEntry          *login_entry;
  GtkLabel          *login_error;
  GtkPasswordEntry  *password_entry;
  GtkLabel          *password_error;
  GtkLabel          *password_hint;
  GtkPasswordEntry  *confirm_entry;
  GtkLabel          *confirm_error;
  GtkSwitch         *operator_switch;
  GtkSwitch         *controller_switch;
  AdwComboRow       *centre_row;
  GtkLabel          *error_label;

  /* Owned references */
  CasAccount        *actor;
  CasAccountService *service;
  CasCompanyService *companies;
  /* element-type CasCompany: the exam centres of centre_row, after "None" */
  GPtrArray         *centres;
  GCancellable      *cancellable;
  GCancellable      *centres_cancellable;
};

G_DEFINE_FINAL_TYPE (CasAccountDialog, cas_account_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
clear_errors (CasAccountDialog *self)
{
  cas_gui_set_field_error (GTK_WIDGET (self->login_entry), self->login_error, NULL);
  cas_gui_set_field_error (GTK_WIDGET (self->password_entry), self->password_error, NULL);
  cas_gui_set_field_error (GTK_WIDGET (self->confirm_entry), self->confirm_error, NULL);
  cas_gui_set_message (self->error_label, NULL);
}

static void
update_state (CasAccountDialog *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_editable_set_editable (GTK_EDITABLE (self->login_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->confirm_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->create_stack, busy ? "spinner" : "label");
}

/* The exam centres, for the administrator role */

static void
list_centres_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CasAccountDialog) self = user_data;
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GPtrArray) centres = NULL;
  g_autoptr(GError) error = NULL;

  centres = cas_gui_list_centres_finish (CAS_COMPANY_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->centres_cancellable);

  if (centres == NULL)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot list the exam centres: %s"),
                                                  error->message);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->centre_row), message);
      return;
    }

  names = gtk_string_list_new (NULL);
  /* Translators: no administrator role, in the list of exam centres */
  gtk_string_list_append (names, C_("exam centre", "None"));
  for (guint i = 0; i < centres->len; i++)
    gtk_string_list_append (names, ((CasCompany *) g_ptr_array_index (centres, i))->name);

  g_clear_pointer (&self->centres, g_ptr_array_unref);
  self->centres = g_steal_pointer (&centres);
  adw_combo_row_set_model (self->centre_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->centre_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->centre_row), self->centres->len > 0);
}

/* Creating */

typedef struct
{
  CasAccount *actor;
  char       *login;
  char       *password;
  CasRole     roles;
  gint64      centre_id;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->actor);
  g_free (request->login);
  if (request->password != NULL)
    sodium_memzero (request->password, strlen (request->password));
  g_free (request->password);
  g_free (request);
}

typedef struct
{
  gint64  id;
  /* The account exists, but a role could not be given */
  char   *grant_error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_free (outcome->grant_error);
  g_free (outcome);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  static const CasRole roles[] = { CAS_ROLE_OPERATOR, CAS_ROLE_CONTROLLER, CAS_ROLE_ADMIN };
  CasAccountService *service = source_object;
  Request *request = task_data;
  GError *error = NULL;
  Outcome *outcome;
  gint64 id;

  id = cas_account_service_create (service, request->actor, request->login, request->password,
                                   0, &error);
  if (id == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  outcome = g_new0 (Outcome, 1);
  outcome->id = id;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      gint64 company_id = roles[i] == CAS_ROLE_ADMIN ? request->centre_id : 0;

      if ((request->roles & roles[i]) == 0)
        continue;

      if (!cas_account_service_grant (service, request->actor, id, roles[i], company_id, &error))
        {
          outcome->grant_error = g_strdup (error->message);
          g_clear_error (&error);
          break;
        }
    }

  g_task_return_pointer (task, outcome, (GDestroyNotify) outcome_free);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CasAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (G_TASK (result));
  Outcome *outcome;

  outcome = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  update_state (self);

  if (outcome == NULL)
    {
      g_message ("Account not created: %s", error->message);

      if (error->domain == CAS_VALIDATION_ERROR ||
          g_error_matches (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_EXISTS))
        cas_gui_show_field_error (GTK_WIDGET (self->login_entry), self->login_error,
                                  error->message);
      else if (g_error_matches (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
          cas_gui_show_field_error (GTK_WIDGET (self->password_entry), self->password_error,
                                    error->message);
        }
      else
        cas_gui_set_message (self->error_label, error->message);
      return;
    }

  if (outcome->grant_error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the first %s is a login, the second says why */
      message = g_strdup_printf (_("“%s” created, but not all its roles were given: %s"),
                                 request->login, outcome->grant_error);
      cas_gui_add_toast_full (GTK_WIDGET (self), message, 10);
    }
  else
    {
      /* Translators: %s is a login */
      g_autofree char *message = g_strdup_printf (_("Account “%s” created"), request->login);

      cas_gui_add_toast_full (GTK_WIDGET (self), message, 5);
    }

  g_signal_emit (self, signals [CREATED], 0, outcome->id);
  outcome_free (outcome);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create (CasAccountDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *login = NULL;
  const char *password;
  Request *request;
  guint selected;

  if (self->cancellable != NULL)
    return;

  clear_errors (self);

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_entry))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (login[0] == '\0')
    {
      cas_gui_show_field_error (GTK_WIDGET (self->login_entry), self->login_error,
                                _("Enter the login of the new account."));
      return;
    }

  if (password[0] == '\0')
    {
      cas_gui_show_field_error (GTK_WIDGET (self->password_entry), self->password_error,
                                _("Enter a first password."));
      return;
    }

  if (!cas_gui_check_confirmation (GTK_WIDGET (self->confirm_entry), self->confirm_error,
                                   password))
    return;

  request = g_new0 (Request, 1);
  request->actor = g_object_ref (self->actor);
  request->login = g_steal_pointer (&login);
  request->password = g_strdup (password);
  if (gtk_switch_get_active (self->operator_switch))
    request->roles |= CAS_ROLE_OPERATOR;
  if (gtk_switch_get_active (self->controller_switch))
    request->roles |= CAS_ROLE_CONTROLLER;
  selected = adw_combo_row_get_selected (self->centre_row);
  if (self->centres != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected <= self->centres->len)
    {
      request->roles |= CAS_ROLE_ADMIN;
      request->centre_id = ((CasCompany *) g_ptr_array_index (self->centres, selected - 1))->id;
    }

  self->cancellable = g_cancellable_new ();
  update_state (self);

  task = g_task_new (self->service, self->cancellable, create_cb, g_object_ref (self));
  g_task_set_source_tag (task, create);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, create_thread);
}

/* Callbacks */

static void
on_create_button_clicked_cb (CasAccountDialog *self,
                             GtkButton        *button)
{
  create (self);
}

static void
on_login_entry_activate_cb (CasAccountDialog *self,
                            GtkEntry         *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
on_password_entry_activate_cb (CasAccountDialog *self,
                               GtkPasswordEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
}

static void
on_confirm_entry_activate_cb (CasAccountDialog *self,
                              GtkPasswordEntry *entry)
{
  create (self);
}

static void
cas_account_dialog_show (GtkWidget *widget)
{
  CasAccountDialog *self = CAS_ACCOUNT_DIALOG (widget);

  GTK_WIDGET_CLASS (cas_account_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
}

/* Public API */

GtkWidget *
cas_account_dialog_new (GtkWindow   *parent,
                        CasDatabase *db,
                        CasAccount  *actor)
{
  CasAccountDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);

  self = g_object_new (CAS_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->actor = g_object_ref (actor);
  self->service = cas_account_service_new (db);
  self->companies = cas_company_service_new (db);

  self->centres_cancellable = g_cancellable_new ();
  cas_gui_list_centres_async (self->companies, actor, self->centres_cancellable,
                              list_centres_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

/* GObject */

static void
cas_account_dialog_dispose (GObject *object)
{
  CasAccountDialog *self = CAS_ACCOUNT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->centres_cancellable != NULL)
    g_cancellable_cancel (self->centres_cancellable);
  g_clear_object (&self->centres_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ACCOUNT_DIALOG);

  g_clear_pointer (&self->centres, g_ptr_array_unref);
  g_clear_object (&self->companies);
  g_clear_object (&self->service);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (cas_account_dialog_parent_class)->dispose (object);
}

static void
cas_account_dialog_class_init (CasAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_account_dialog_dispose;

  widget_class->show = cas_account_dialog_show;

  /**
   * CasAccountDialog::created:
   * @id: the new account's id
   *
   * The account was created (with its roles, or a toast says which could
   * not be given); the dialog closes.
   */
  signals [CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, create_stack);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, login_error);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, password_error);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, password_hint);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, confirm_error);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, operator_switch);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, controller_switch);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, centre_row);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_create_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_entry_activate_cb);
}

static void
cas_account_dialog_init (CasAccountDialog *self)
{
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "At least %d character, and not the login. Give it to "
                                       "the user: at the first login they must choose their own.",
                                       "At least %d characters, and not the login. Give it to "
                                       "the user: at the first login they must choose their own.",
                                       CAS_PASSWORD_MIN_LENGTH),
                          CAS_PASSWORD_MIN_LENGTH);
  gtk_label_set_text (self->password_hint, hint);
  update_state (self);

  /* GTK 4.8 names a button with a mnemonic by its label twice, once with
   * the underscore: its label (with the mnemonic) is enough */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}
