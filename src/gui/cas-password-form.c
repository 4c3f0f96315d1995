/* cas-password-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-password-form"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "cas-access.h"
#include "cas-gui-util.h"
#include "cas-password-form.h"

typedef enum
{
  MODE_CHANGE_OWN,
  MODE_CHOOSE_OWN,
  MODE_RESET,
} Mode;

struct _CasPasswordForm
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *box;
  GtkWidget         *current_label;
  GtkPasswordEntry  *current_entry;
  GtkLabel          *current_error;
  GtkPasswordEntry  *new_entry;
  GtkLabel          *new_error;
  GtkLabel          *hint_label;
  GtkPasswordEntry  *confirm_entry;
  GtkLabel          *confirm_error;
  GtkLabel          *error_label;
  GtkButton         *submit_button;
  GtkStack          *submit_stack;
  GtkLabel          *submit_label;
  GtkSpinner        *spinner;

  /* Owned references */
  CasAccountService *service;
  CasAccount        *actor;
  char              *login;
  /* The password the user logged in with (choosing their own): wiped when
   * done or cleared */
  char              *current_password;
  GCancellable      *cancellable;

  Mode               mode;
  gint64             account_id;
};

G_DEFINE_FINAL_TYPE (CasPasswordForm, cas_password_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
wipe_string (char **text)
{
  if (*text != NULL)
    sodium_memzero (*text, strlen (*text));
  g_clear_pointer (text, g_free);
}

static const char *
get_text (GtkPasswordEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
clear_errors (CasPasswordForm *self)
{
  cas_gui_set_field_error (GTK_WIDGET (self->current_entry), self->current_error, NULL);
  cas_gui_set_field_error (GTK_WIDGET (self->new_entry), self->new_error, NULL);
  cas_gui_set_field_error (GTK_WIDGET (self->confirm_entry), self->confirm_error, NULL);
  cas_gui_set_message (self->error_label, NULL);
}

static void
update_state (CasPasswordForm *self)
{
  gboolean busy = self->cancellable != NULL;

  /* Read-only rather than insensitive: an insensitive entry loses the focus */
  gtk_editable_set_editable (GTK_EDITABLE (self->current_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->new_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->confirm_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy && self->service != NULL);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->submit_stack, busy ? "spinner" : "label");
}

static void
cancel (CasPasswordForm *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static void
focus_first_field (CasPasswordForm *self)
{
  if (self->mode == MODE_CHANGE_OWN && get_text (self->current_entry)[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->current_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->new_entry));
}

/* Asking the core */

typedef struct
{
  Mode        mode;
  CasAccount *actor;
  gint64      account_id;
  char       *current;
  char       *password;
} Work;

static void
work_free (Work *work)
{
  g_clear_object (&work->actor);
  wipe_string (&work->current);
  wipe_string (&work->password);
  g_free (work);
}

static void
set_password_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CasAccountService *service = source_object;
  Work *work = task_data;
  GError *error = NULL;
  gboolean ok;

  if (work->mode == MODE_RESET)
    ok = cas_account_service_reset_password (service, work->actor, work->account_id,
                                             work->password, &error);
  else
    ok = cas_account_service_change_password (service, work->actor, work->current,
                                              work->password, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* A wrong current password goes under that field; every other password
 * error is about the new one. */
static gboolean
is_current_password_error (const GError *error)
{
  return g_error_matches (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WRONG_PASSWORD);
}

static void
set_password_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CasPasswordForm) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Cleared or set up again meanwhile */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);

  if (error == NULL)
    {
      wipe_string (&self->current_password);
      gtk_editable_set_text (GTK_EDITABLE (self->current_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->new_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
      g_signal_emit (self, signals [DONE], 0);
      return;
    }

  g_message ("Password not set: %s", error->message);

  if (self->mode == MODE_CHANGE_OWN && is_current_password_error (error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->current_entry), "");
      cas_gui_show_field_error (GTK_WIDGET (self->current_entry), self->current_error,
                                error->message);
    }
  else if (g_error_matches (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD) &&
           !is_current_password_error (error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
      cas_gui_show_field_error (GTK_WIDGET (self->new_entry), self->new_error, error->message);
    }
  else
    {
      cas_gui_set_message (self->error_label, error->message);
      focus_first_field (self);
    }
}

static void
submit (CasPasswordForm *self)
{
  g_autoptr(GTask) task = NULL;
  const char *current = get_text (self->current_entry);
  const char *password = get_text (self->new_entry);
  Work *work;

  if (self->cancellable != NULL || self->service == NULL)
    return;

  clear_errors (self);

  if (self->mode == MODE_CHANGE_OWN && current[0] == '\0')
    {
      cas_gui_show_field_error (GTK_WIDGET (self->current_entry), self->current_error,
                                _("Enter your current password."));
      return;
    }

  if (password[0] == '\0')
    {
      cas_gui_show_field_error (GTK_WIDGET (self->new_entry), self->new_error,
                                _("Enter a new password."));
      return;
    }

  if (!cas_gui_check_confirmation (GTK_WIDGET (self->confirm_entry), self->confirm_error,
                                   password))
    return;

  work = g_new0 (Work, 1);
  work->mode = self->mode;
  work->actor = g_object_ref (self->actor);
  work->account_id = self->account_id;
  work->password = g_strdup (password);
  if (self->mode == MODE_CHANGE_OWN)
    work->current = g_strdup (current);
  else if (self->mode == MODE_CHOOSE_OWN)
    work->current = g_strdup (self->current_password);

  self->cancellable = g_cancellable_new ();
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);

  task = g_task_new (self->service, self->cancellable, set_password_cb, g_object_ref (self));
  g_task_set_source_tag (task, submit);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, set_password_thread);
}

/* Callbacks */

static void
on_current_entry_activate_cb (CasPasswordForm  *self,
                              GtkPasswordEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->new_entry));
}

static void
on_new_entry_activate_cb (CasPasswordForm  *self,
                          GtkPasswordEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
}

static void
on_confirm_entry_activate_cb (CasPasswordForm  *self,
                              GtkPasswordEntry *entry)
{
  submit (self);
}

static void
on_submit_button_clicked_cb (CasPasswordForm *self,
                             GtkButton       *button)
{
  submit (self);
}

/* Public API */

GtkWidget *
cas_password_form_new (void)
{
  return g_object_new (CAS_TYPE_PASSWORD_FORM, NULL);
}

static void
set_up (CasPasswordForm   *self,
        Mode               mode,
        CasAccountService *service,
        CasAccount        *actor,
        const char        *submit_label)
{
  g_autofree char *hint = NULL;

  cas_password_form_clear (self);

  self->mode = mode;
  g_set_object (&self->service, service);
  g_set_object (&self->actor, actor);

  gtk_widget_set_visible (self->current_label, mode == MODE_CHANGE_OWN);
  gtk_widget_set_visible (GTK_WIDGET (self->current_entry), mode == MODE_CHANGE_OWN);
  hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "At least %d character, and not the login.",
                                       "At least %d characters, and not the login.",
                                       CAS_PASSWORD_MIN_LENGTH),
                          CAS_PASSWORD_MIN_LENGTH);
  gtk_label_set_text (self->hint_label, hint);

  gtk_label_set_text (self->submit_label, submit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->submit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, submit_label,
                                  -1);
  update_state (self);
}

void
cas_password_form_change_own (CasPasswordForm   *self,
                              CasAccountService *service,
                              CasAccount        *actor)
{
  g_return_if_fail (CAS_IS_PASSWORD_FORM (self));
  g_return_if_fail (CAS_IS_ACCOUNT_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  set_up (self, MODE_CHANGE_OWN, service, actor, _("Change Password"));
}

void
cas_password_form_choose_own (CasPasswordForm   *self,
                              CasAccountService *service,
                              CasAccount        *actor,
                              const char        *current_password)
{
  g_return_if_fail (CAS_IS_PASSWORD_FORM (self));
  g_return_if_fail (CAS_IS_ACCOUNT_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));
  g_return_if_fail (current_password != NULL);

  set_up (self, MODE_CHOOSE_OWN, service, actor, _("Set Password"));
  self->current_password = g_strdup (current_password);
}

void
cas_password_form_reset (CasPasswordForm   *self,
                         CasAccountService *service,
                         CasAccount        *actor,
                         gint64             account_id,
                         const char        *login)
{
  g_return_if_fail (CAS_IS_PASSWORD_FORM (self));
  g_return_if_fail (CAS_IS_ACCOUNT_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));
  g_return_if_fail (account_id > 0);

  set_up (self, MODE_RESET, service, actor, _("Reset Password"));
  self->account_id = account_id;
  self->login = g_strdup (login);
}

void
cas_password_form_clear (CasPasswordForm *self)
{
  g_return_if_fail (CAS_IS_PASSWORD_FORM (self));

  cancel (self);
  wipe_string (&self->current_password);
  g_clear_pointer (&self->login, g_free);
  self->account_id = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->current_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
  clear_errors (self);
}

gboolean
cas_password_form_get_busy (CasPasswordForm *self)
{
  g_return_val_if_fail (CAS_IS_PASSWORD_FORM (self), FALSE);

  return self->cancellable != NULL;
}

/* GObject */

static gboolean
cas_password_form_grab_focus (GtkWidget *widget)
{
  focus_first_field (CAS_PASSWORD_FORM (widget));

  return TRUE;
}

static void
cas_password_form_dispose (GObject *object)
{
  CasPasswordForm *self = CAS_PASSWORD_FORM (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  wipe_string (&self->current_password);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_PASSWORD_FORM);

  g_clear_object (&self->service);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (cas_password_form_parent_class)->dispose (object);
}

static void
cas_password_form_finalize (GObject *object)
{
  CasPasswordForm *self = CAS_PASSWORD_FORM (object);

  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cas_password_form_parent_class)->finalize (object);
}

static void
cas_password_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CasPasswordForm *self = CAS_PASSWORD_FORM (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cas_password_form_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_password_form_class_init (CasPasswordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_password_form_dispose;
  object_class->finalize = cas_password_form_finalize;
  object_class->get_property = cas_password_form_get_property;

  widget_class->grab_focus = cas_password_form_grab_focus;

  /* Whether the core is being asked */
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CasPasswordForm::done:
   *
   * The core accepted the new password; the fields are empty again.
   */
  signals [DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-password-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, box);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, current_label);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, current_entry);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, current_error);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, new_entry);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, new_error);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, hint_label);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, confirm_error);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, submit_button);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, submit_stack);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, submit_label);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordForm, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_current_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cas_password_form_init (CasPasswordForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->mode = MODE_CHANGE_OWN;
  update_state (self);
}
