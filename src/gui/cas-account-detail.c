/* cas-account-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-account-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-account-detail.h"
#include "cas-company-service.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-password-dialog.h"
#include "cas-util.h"

struct _CasAccountDetail
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  AdwPreferencesPage *page;
  GtkLabel          *login_label;
  GtkSpinner        *spinner;
  GtkLabel          *name_label;
  GtkBox            *badges_box;
  GtkLabel          *error_label;
  GtkSwitch         *operator_switch;
  GtkSwitch         *controller_switch;
  GtkListBox        *admin_list;
  AdwActionRow      *last_login_row;
  GtkButton         *disable_button;

  /* Owned references */
  CasDatabase       *db;
  CasAccount        *actor;
  CasAccountService *service;
  CasCompanyService *companies;
  CasAccountInfo    *info;
  GCancellable      *cancellable;

  /* The switches are being set from the account, not by the user */
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (CasAccountDetail, cas_account_detail, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Account infos: the view's list is replaced on every reload, the detail
 * keeps its own copy */

static void
grant_free (CasRoleGrant *grant)
{
  g_free (grant->company_name);
  g_free (grant);
}

static CasAccountInfo *
account_info_copy (const CasAccountInfo *info)
{
  CasAccountInfo *copy = g_new0 (CasAccountInfo, 1);

  copy->id = info->id;
  copy->login = g_strdup (info->login);
  copy->person_id = info->person_id;
  copy->person_name = g_strdup (info->person_name);
  copy->roles = info->roles;
  copy->disabled = info->disabled;
  copy->must_change_password = info->must_change_password;
  copy->last_login_at = g_strdup (info->last_login_at);
  copy->locked_until = g_strdup (info->locked_until);
  /* cas_account_info_free () drops the array, with its own free function */
  copy->grants = g_ptr_array_new_with_free_func ((GDestroyNotify) grant_free);

  for (guint i = 0; info->grants != NULL && i < info->grants->len; i++)
    {
      const CasRoleGrant *grant = g_ptr_array_index (info->grants, i);
      CasRoleGrant *grant_copy = g_new0 (CasRoleGrant, 1);

      grant_copy->role = grant->role;
      grant_copy->company_id = grant->company_id;
      grant_copy->company_name = g_strdup (grant->company_name);
      g_ptr_array_add (copy->grants, grant_copy);
    }

  return copy;
}

gboolean
cas_account_detail_is_locked (const CasAccountInfo *info)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  if (info->locked_until == NULL || info->locked_until[0] == '\0')
    return FALSE;

  /* Both UTC "YYYY-MM-DDTHH:MM:SSZ": they compare as strings */
  now = cas_now_utc ();

  return g_strcmp0 (now, info->locked_until) < 0;
}

static gboolean
is_own_account (CasAccountDetail *self)
{
  return self->info != NULL && self->actor != NULL &&
         self->info->id == cas_account_get_id (self->actor);
}

static gboolean
is_busy (CasAccountDetail *self)
{
  return self->cancellable != NULL;
}

/* Showing the account */

static void on_remove_admin_button_clicked_cb (CasAccountDetail *self,
                                               GtkButton        *button);

static GtkWidget *
create_admin_row (CasAccountDetail   *self,
                  const CasRoleGrant *grant)
{
  const char *name = grant->company_name ? grant->company_name : "";
  g_autofree char *remove_label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", name,
                      "title-lines", 2,
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "user-info-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));

  /* Translators: %s is an exam centre */
  remove_label = g_strdup_printf (_("Remove the administrator role for %s"), name);
  button = g_object_new (GTK_TYPE_BUTTON,
                         "icon-name", "user-trash-symbolic",
                         "valign", GTK_ALIGN_CENTER,
                         "tooltip-text", remove_label,
                         NULL);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "cas-company-id",
                          g_memdup2 (&grant->company_id, sizeof grant->company_id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_admin_button_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static GtkWidget *
create_add_admin_row (void)
{
  GtkWidget *row;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", _("_Add Administrator Role…"),
                      "use-underline", TRUE,
                      "activatable", TRUE,
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "list-add-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  g_object_set_data (G_OBJECT (row), "cas-add-admin", GINT_TO_POINTER (TRUE));

  return row;
}

static void
show_account (CasAccountDetail *self)
{
  CasAccountInfo *info = self->info;
  GtkWidget *child;
  g_autofree char *last_login = NULL;

  if (info == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_label_set_text (self->login_label, info->login);
  if (info->person_name != NULL && info->person_name[0] != '\0')
    gtk_label_set_text (self->name_label, info->person_name);
  else
    gtk_label_set_text (self->name_label, _("No person linked to this account"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges_box))) != NULL)
    gtk_box_remove (self->badges_box, child);
  if (is_own_account (self))
    gtk_box_append (self->badges_box, cas_gui_new_pill (_("Your Account"), "accent"));
  if (info->disabled)
    gtk_box_append (self->badges_box, cas_gui_new_pill (_("Disabled"), "error"));
  if (cas_account_detail_is_locked (info))
    gtk_box_append (self->badges_box, cas_gui_new_pill (_("Locked"), "warning"));
  if (info->must_change_password)
    gtk_box_append (self->badges_box, cas_gui_new_pill (_("Must change password"), "warning"));
  gtk_widget_set_visible (GTK_WIDGET (self->badges_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->badges_box)) != NULL);

  self->updating = TRUE;
  gtk_switch_set_active (self->operator_switch, (info->roles & CAS_ROLE_OPERATOR) != 0);
  gtk_switch_set_active (self->controller_switch, (info->roles & CAS_ROLE_CONTROLLER) != 0);
  self->updating = FALSE;

  cas_gui_list_box_remove_all (self->admin_list);
  for (guint i = 0; info->grants != NULL && i < info->grants->len; i++)
    {
      const CasRoleGrant *grant = g_ptr_array_index (info->grants, i);

      if (grant->role == CAS_ROLE_ADMIN)
        gtk_list_box_append (self->admin_list, create_admin_row (self, grant));
    }
  gtk_list_box_append (self->admin_list, create_add_admin_row ());

  last_login = cas_format_timestamp (info->last_login_at, FALSE);
  adw_action_row_set_subtitle (self->last_login_row,
                               last_login[0] != '\0' ? last_login : _("Never"));

  gtk_button_set_label (self->disable_button,
                        info->disabled ? _("_Enable Account") : _("_Disable Account"));
  /* GTK 4.8 names a button with a mnemonic twice, once with the
   * underscore: its label is enough */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->disable_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  if (info->disabled)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->disable_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->disable_button), "suggested-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->disable_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->disable_button), "destructive-action");
    }

  gtk_stack_set_visible_child_name (self->stack, "account");
}

/* Changes, off the main thread */

typedef enum
{
  CHANGE_GRANT,
  CHANGE_REVOKE,
  CHANGE_DISABLE,
  CHANGE_ENABLE,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  CasAccount *actor;
  gint64      account_id;
  CasRole     role;
  gint64      company_id;
  char       *done_message;
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->actor);
  g_free (change->done_message);
  g_free (change);
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CasAccountService *service = source_object;
  Change *change = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case CHANGE_GRANT:
      ok = cas_account_service_grant (service, change->actor, change->account_id,
                                      change->role, change->company_id, &error);
      break;

    case CHANGE_REVOKE:
      ok = cas_account_service_revoke (service, change->actor, change->account_id,
                                       change->role, change->company_id, &error);
      break;

    case CHANGE_DISABLE:
    case CHANGE_ENABLE:
      ok = cas_account_service_set_disabled (service, change->actor, change->account_id,
                                             change->kind == CHANGE_DISABLE, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CasAccountDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  Change *change = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  cas_gui_set_spinning (self->spinner, FALSE);

  if (error != NULL)
    {
      g_message ("Account %" G_GINT64_FORMAT " not changed: %s", change->account_id,
                 error->message);

      /* Another account was chosen meanwhile: say it in passing */
      if (self->info == NULL || self->info->id != change->account_id)
        {
          cas_gui_add_toast (GTK_WIDGET (self), error->message);
          return;
        }

      cas_gui_set_message (self->error_label, error->message);
      /* The switches go back to what the account holds */
      show_account (self);
      return;
    }

  if (self->info != NULL && self->info->id == change->account_id)
    cas_gui_set_message (self->error_label, NULL);
  cas_gui_add_toast (GTK_WIDGET (self), change->done_message);
  g_signal_emit (self, signals [CHANGED], 0);
}

/* Takes @done_message */
static void
start_change (CasAccountDetail *self,
              ChangeKind        kind,
              CasRole           role,
              gint64            company_id,
              char             *done_message)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_assert (self->info != NULL);
  g_assert (!is_busy (self));

  change = g_new0 (Change, 1);
  change->kind = kind;
  change->actor = g_object_ref (self->actor);
  change->account_id = self->info->id;
  change->role = role;
  change->company_id = company_id;
  change->done_message = done_message;

  cas_gui_set_message (self->error_label, NULL);
  cas_gui_set_spinning (self->spinner, TRUE);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self->service, self->cancellable, change_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_change);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, change_thread);
}

/* Roles */

static void
on_role_switch_active_changed_cb (CasAccountDetail *self,
                                  GParamSpec       *pspec,
                                  GtkSwitch        *role_switch)
{
  gboolean active = gtk_switch_get_active (role_switch);
  CasRole role = role_switch == self->operator_switch ? CAS_ROLE_OPERATOR : CAS_ROLE_CONTROLLER;
  char *message;

  if (self->updating || self->info == NULL)
    return;

  if (is_busy (self) || active == ((self->info->roles & role) != 0))
    {
      /* One change at a time: this one did not happen */
      self->updating = TRUE;
      gtk_switch_set_active (role_switch, (self->info->roles & role) != 0);
      self->updating = FALSE;
      return;
    }

  /* Toasts stay short: the detail says which account */
  if (active)
    /* Translators: a toast, "Role given: Controller" */
    message = g_strdup_printf (_("Role given: %s"), cas_role_get_label (role));
  else
    /* Translators: a toast, "Role taken away: Controller" */
    message = g_strdup_printf (_("Role taken away: %s"), cas_role_get_label (role));

  start_change (self, active ? CHANGE_GRANT : CHANGE_REVOKE, role, 0, message);
}

static void
on_remove_admin_button_clicked_cb (CasAccountDetail *self,
                                   GtkButton        *button)
{
  const gint64 *company_id = g_object_get_data (G_OBJECT (button), "cas-company-id");

  if (self->info == NULL || is_busy (self) || company_id == NULL)
    return;

  start_change (self, CHANGE_REVOKE, CAS_ROLE_ADMIN, *company_id,
                g_strdup (_("Administrator role taken away")));
}

/* Adding an administrator role: a dialog to pick the exam centre */

typedef struct
{
  CasAccountDetail *self;
  AdwMessageDialog *dialog;
  GtkDropDown      *drop_down;
  GtkStack         *stack;
  GtkLabel         *message_label;
  GPtrArray        *centres;     /* element-type CasCompany, those offered */
  gint64            account_id;
} CentrePicker;

static void
centre_picker_free (CentrePicker *picker)
{
  g_clear_object (&picker->self);
  g_clear_pointer (&picker->centres, g_ptr_array_unref);
  g_free (picker);
}

/* Closing the dialog stops the loading */
static void
cancel_and_unref (GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
  g_object_unref (cancellable);
}

static gboolean
holds_admin_role (const CasAccountInfo *info,
                  gint64                company_id)
{
  for (guint i = 0; info->grants != NULL && i < info->grants->len; i++)
    {
      const CasRoleGrant *grant = g_ptr_array_index (info->grants, i);

      if (grant->role == CAS_ROLE_ADMIN && grant->company_id == company_id)
        return TRUE;
    }

  return FALSE;
}

static void
list_centres_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) centres = NULL;
  g_autoptr(GError) error = NULL;
  CentrePicker *picker = user_data;
  CasAccountDetail *self = picker->self;

  centres = cas_gui_list_centres_finish (CAS_COMPANY_SERVICE (object), result, &error);

  /* The dialog was closed meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (centres == NULL)
    {
      gtk_label_set_text (picker->message_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (picker->message_label), "error");
      gtk_stack_set_visible_child_name (picker->stack, "message");
      return;
    }

  picker->centres = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_company_free);
  for (guint i = 0; i < centres->len; i++)
    {
      CasCompany *centre = g_ptr_array_index (centres, i);

      if (self->info != NULL && holds_admin_role (self->info, centre->id))
        continue;

      g_ptr_array_add (picker->centres, cas_company_copy (centre));
      gtk_string_list_append (names, centre->name);
    }

  if (picker->centres->len == 0)
    {
      gtk_label_set_text (picker->message_label,
                          _("This account administers every exam centre already."));
      gtk_stack_set_visible_child_name (picker->stack, "message");
      return;
    }

  gtk_drop_down_set_model (picker->drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (picker->drop_down, 0);
  gtk_stack_set_visible_child_name (picker->stack, "centres");
  adw_message_dialog_set_response_enabled (picker->dialog, "add", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (picker->drop_down));
}

static void
on_centre_picker_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              CentrePicker     *picker)
{
  CasAccountDetail *self = picker->self;
  const CasCompany *centre;
  guint selected;

  if (!g_str_equal (response, "add") || picker->centres == NULL || self->info == NULL ||
      self->info->id != picker->account_id)
    return;

  selected = gtk_drop_down_get_selected (picker->drop_down);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= picker->centres->len)
    return;

  if (is_busy (self))
    {
      cas_gui_set_message (self->error_label,
                           _("Another change is being saved; try again when it is done."));
      return;
    }

  centre = g_ptr_array_index (picker->centres, selected);
  start_change (self, CHANGE_GRANT, CAS_ROLE_ADMIN, centre->id,
                g_strdup (_("Administrator role given")));
}

static void
add_admin_role (CasAccountDetail *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CentrePicker *picker;
  GtkWidget *dialog;
  GtkWidget *stack;
  GtkWidget *spinner;
  GtkWidget *drop_down;
  GtkWidget *label;

  if (self->info == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Add Administrator Role"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is a login */
                                  _("Choose the exam centre that “%s” administers: the "
                                    "account will create its sessions and register its "
                                    "candidates."),
                                  self->info->login);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  spinner = g_object_new (GTK_TYPE_SPINNER,
                          "spinning", TRUE,
                          "halign", GTK_ALIGN_CENTER,
                          "width-request", 24,
                          "height-request", 24,
                          NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading the exam centres"),
                                  -1);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "loading");
  drop_down = gtk_drop_down_new (NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Exam centre"),
                                  -1);
  gtk_stack_add_named (GTK_STACK (stack), drop_down, "centres");
  label = g_object_new (GTK_TYPE_LABEL, "wrap", TRUE, "justify", GTK_JUSTIFY_CENTER, NULL);
  gtk_stack_add_named (GTK_STACK (stack), label, "message");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "loading");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), stack);

  picker = g_new0 (CentrePicker, 1);
  picker->self = g_object_ref (self);
  picker->dialog = ADW_MESSAGE_DIALOG (dialog);
  picker->drop_down = GTK_DROP_DOWN (drop_down);
  picker->stack = GTK_STACK (stack);
  picker->message_label = GTK_LABEL (label);
  picker->account_id = self->info->id;
  g_object_set_data_full (G_OBJECT (dialog), "cas-centre-picker", picker,
                          (GDestroyNotify) centre_picker_free);
  g_object_set_data_full (G_OBJECT (dialog), "cas-cancellable", g_object_ref (cancellable),
                          (GDestroyNotify) cancel_and_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_centre_picker_response_cb), picker);

  cas_gui_list_centres_async (self->companies, self->actor, cancellable, list_centres_cb, picker);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_admin_list_row_activated_cb (CasAccountDetail *self,
                                GtkListBoxRow    *row,
                                GtkListBox       *list)
{
  if (g_object_get_data (G_OBJECT (row), "cas-add-admin") != NULL)
    add_admin_role (self);
}

/* Password */

static void
on_reset_dialog_done_cb (CasAccountDetail  *self,
                         CasPasswordDialog *dialog)
{
  cas_gui_add_toast (GTK_WIDGET (self), _("Password reset"));
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
on_reset_row_activated_cb (CasAccountDetail *self,
                           AdwActionRow     *row)
{
  GtkWidget *dialog;

  if (self->info == NULL)
    return;

  dialog = cas_password_dialog_new_reset (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                          self->service, self->actor,
                                          self->info->id, self->info->login);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_reset_dialog_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Disabling and enabling */

static void
on_disable_dialog_response_cb (CasAccountDetail *self,
                               const char       *response,
                               AdwMessageDialog *dialog)
{
  gint64 account_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "cas-account-id"));
  gboolean disable;

  if (self->info == NULL || (gint64) self->info->id != account_id)
    return;

  if (!g_str_equal (response, "disable") && !g_str_equal (response, "enable"))
    return;

  if (is_busy (self))
    {
      cas_gui_set_message (self->error_label,
                           _("Another change is being saved; try again when it is done."));
      return;
    }

  disable = g_str_equal (response, "disable");
  start_change (self, disable ? CHANGE_DISABLE : CHANGE_ENABLE, CAS_ROLE_NONE, 0,
                g_strdup (disable ? _("Account disabled") : _("Account enabled")));
}

static void
on_disable_button_clicked_cb (CasAccountDetail *self,
                              GtkButton        *button)
{
  GtkWidget *dialog;
  gboolean disable;

  if (self->info == NULL)
    return;

  disable = !self->info->disabled;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   NULL, NULL);
  if (disable)
    {
      /* Translators: %s is a login */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Disable “%s”?"),
                                         self->info->login);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The account can no longer log in, and its open logins "
                                     "end now. Its records and history stay, and it can be "
                                     "enabled again later."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "disable", _("_Disable"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disable",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      /* Translators: %s is a login */
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Enable “%s”?"),
                                         self->info->login);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The account can log in again with its password and "
                                     "its roles."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "enable", _("_Enable"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "enable",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  /* A destructive answer is never the default one */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cas-account-id", GSIZE_TO_POINTER (self->info->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disable_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public API */

void
cas_account_detail_set_database (CasAccountDetail *self,
                                 CasDatabase      *db,
                                 CasAccount       *actor)
{
  g_return_if_fail (CAS_IS_ACCOUNT_DETAIL (self));
  g_return_if_fail (CAS_IS_DATABASE (db));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  cas_account_detail_set_account (self, NULL);

  g_set_object (&self->db, db);
  g_set_object (&self->actor, actor);
  g_clear_object (&self->service);
  g_clear_object (&self->companies);
  self->service = cas_account_service_new (db);
  self->companies = cas_company_service_new (db);
}

void
cas_account_detail_set_account (CasAccountDetail     *self,
                                const CasAccountInfo *info)
{
  gboolean other;

  g_return_if_fail (CAS_IS_ACCOUNT_DETAIL (self));

  /* A change under way goes on: its answer reloads the list, or says why
   * it was refused */
  other = info == NULL || self->info == NULL || info->id != self->info->id;

  g_clear_pointer (&self->info, cas_account_info_free);
  if (info != NULL)
    self->info = account_info_copy (info);

  if (other)
    cas_gui_set_message (self->error_label, NULL);

  show_account (self);
}

gint64
cas_account_detail_get_account_id (CasAccountDetail *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT_DETAIL (self), 0);

  return self->info != NULL ? self->info->id : 0;
}

/* GObject */

static void
cas_account_detail_dispose (GObject *object)
{
  CasAccountDetail *self = CAS_ACCOUNT_DETAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ACCOUNT_DETAIL);

  g_clear_pointer (&self->info, cas_account_info_free);
  g_clear_object (&self->service);
  g_clear_object (&self->companies);
  g_clear_object (&self->actor);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_account_detail_parent_class)->dispose (object);
}

static void
cas_account_detail_class_init (CasAccountDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_account_detail_dispose;

  /**
   * CasAccountDetail::changed:
   *
   * The core accepted a change of the account shown.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-account-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, page);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, login_label);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, badges_box);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, operator_switch);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, controller_switch);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, admin_list);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, last_login_row);
  gtk_widget_class_bind_template_child (widget_class, CasAccountDetail, disable_button);
  gtk_widget_class_bind_template_callback (widget_class, on_role_switch_active_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_admin_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disable_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_account_detail_init (CasAccountDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Account details"),
                                  -1);
  cas_gui_set_spinning (self->spinner, FALSE);
}
