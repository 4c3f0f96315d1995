/* cas-password-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-password-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-password-dialog.h"
#include "cas-password-form.h"

struct _CasPasswordDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkLabel        *description_label;
  CasPasswordForm *form;
};

G_DEFINE_FINAL_TYPE (CasPasswordDialog, cas_password_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
on_form_done_cb (CasPasswordDialog *self,
                 CasPasswordForm   *form)
{
  g_signal_emit (self, signals [DONE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static CasPasswordDialog *
create (GtkWindow  *parent,
        const char *title,
        const char *subtitle,
        const char *description)
{
  CasPasswordDialog *self;

  self = g_object_new (CAS_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "title", title,
                       NULL);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_label_set_text (self->description_label, description);

  return self;
}

/**
 * cas_password_dialog_new_change:
 *
 * Returns: (transfer none): a dialog for @actor to change their password,
 *   to present
 */
GtkWidget *
cas_password_dialog_new_change (GtkWindow         *parent,
                                CasAccountService *service,
                                CasAccount        *actor)
{
  CasPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);

  self = create (parent, _("Change Password"), cas_account_get_login (actor),
                 _("Type your current password, then the new one twice."));
  cas_password_form_change_own (self->form, service, actor);

  return GTK_WIDGET (self);
}

/**
 * cas_password_dialog_new_reset:
 *
 * Returns: (transfer none): a dialog for an operator to set a password
 *   that the account @login must change at its next login, to present
 */
GtkWidget *
cas_password_dialog_new_reset (GtkWindow         *parent,
                               CasAccountService *service,
                               CasAccount        *actor,
                               gint64             account_id,
                               const char        *login)
{
  CasPasswordDialog *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  /* Translators: %s is a login */
  description = g_strdup_printf (_("Choose a temporary password and give it to the user of "
                                   "“%s”. The logins open with the old password end now, "
                                   "and at the next login the user must choose a password "
                                   "of their own."),
                                 login);
  self = create (parent, _("Reset Password"), login, description);
  cas_password_form_reset (self->form, service, actor, account_id, login);

  return GTK_WIDGET (self);
}

static void
cas_password_dialog_show (GtkWidget *widget)
{
  CasPasswordDialog *self = CAS_PASSWORD_DIALOG (widget);

  GTK_WIDGET_CLASS (cas_password_dialog_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->form));
}

static void
cas_password_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CAS_TYPE_PASSWORD_DIALOG);

  G_OBJECT_CLASS (cas_password_dialog_parent_class)->dispose (object);
}

static void
cas_password_dialog_class_init (CasPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_password_dialog_dispose;

  widget_class->show = cas_password_dialog_show;

  /**
   * CasPasswordDialog::done:
   *
   * The core accepted the new password; the dialog closes.
   */
  signals [DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (CAS_TYPE_PASSWORD_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasPasswordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, CasPasswordDialog, form);
  gtk_widget_class_bind_template_callback (widget_class, on_form_done_cb);
}

static void
cas_password_dialog_init (CasPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
