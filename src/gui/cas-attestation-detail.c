/* cas-attestation-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-attestation-actions.h"
#include "cas-attestation-actions-private.h"
#include "cas-attestation-detail.h"
#include "cas-attestation-preview.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-reason-dialog.h"

/* Reading again, revoking, re-issuing: off the main thread */
typedef enum
{
  JOB_RELOAD,
  JOB_REVOKE,
  JOB_REISSUE,
} JobKind;

struct _CasAttestationDetail
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkStack              *stack;
  GtkScrolledWindow     *scroller;
  GtkLabel              *title_label;
  GtkLabel              *subtitle_label;
  CasAttestationPreview *preview;
  AdwActionRow          *person_row;
  AdwActionRow          *birth_row;
  AdwActionRow          *exam_row;
  AdwActionRow          *session_row;
  AdwActionRow          *place_row;
  AdwActionRow          *centre_row;
  AdwActionRow          *score_row;
  AdwActionRow          *issued_row;
  AdwActionRow          *language_row;
  AdwActionRow          *sha256_row;
  AdwActionRow          *code_row;
  GtkWidget             *manage_group;
  GtkWidget             *reissue_button;
  GtkWidget             *revoke_button;

  /* Owned references */
  CasDatabase           *db;
  CasAccount            *account;
  CasAttestationService *service;
  CasAttestationItem    *item;
  char                  *exam_title;
  /* A reload, a revocation or a re-issue under way */
  GCancellable          *cancellable;
  /* What the reason dialog was opened for */
  JobKind                asked_kind;
  gint64                 asked_id;
};

G_DEFINE_FINAL_TYPE (CasAttestationDetail, cas_attestation_detail, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  SHOW_SESSION,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const CasAttestation *
get_attestation (CasAttestationDetail *self)
{
  return self->item != NULL ? cas_attestation_item_get_attestation (self->item) : NULL;
}

static gboolean
is_operator (CasAttestationDetail *self)
{
  return self->account != NULL && cas_account_has_role (self->account, CAS_ROLE_OPERATOR);
}

/* Showing */

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && text[0] != '\0' ? text : _("Not set"));
}

static void
update_actions (CasAttestationDetail *self)
{
  const CasAttestation *attestation = get_attestation (self);
  gboolean shown = attestation != NULL;
  gboolean idle = self->cancellable == NULL;
  gboolean manageable = shown && is_operator (self) &&
                        attestation->status == CAS_ATTESTATION_VALID;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.print", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.save", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.open", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.show-session",
                                 shown && attestation->session_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.reissue", manageable && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.revoke", manageable && idle);
  gtk_widget_set_visible (self->manage_group, manageable);
}

static void
show_attestation (CasAttestationDetail *self)
{
  const CasAttestation *attestation = get_attestation (self);
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *exam = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *session = NULL;
  g_autofree char *score = NULL;
  g_autofree char *issued = NULL;

  update_actions (self);

  if (attestation == NULL)
    {
      cas_attestation_preview_set_attestation (self->preview, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  number = cas_attestation_dup_display_number (attestation);
  name = _cas_attestation_dup_full_name (attestation);
  if (self->exam_title != NULL)
    /* Translators: an exam's code and title, "INS-1 Module 1 – General knowledge" */
    exam = g_strdup_printf (C_("exam", "%s %s"), attestation->exam_code, self->exam_title);
  else
    exam = _cas_attestation_dup_exam (attestation);
  birth = cas_format_date (attestation->birth_date);
  session = _cas_attestation_format_session_start (attestation);
  /* Translators: a score out of 100, "72/100" */
  score = g_strdup_printf (_("%d/100"), attestation->score);
  issued = cas_format_timestamp (attestation->issued_at, FALSE);

  gtk_label_set_text (self->title_label, number);
  /* Translators: who an attestation is for and which exam, "Sophie Lambert ·
   * INS-2" */
  subtitle = g_strdup_printf (_("%s · %s"), name, attestation->exam_code);
  gtk_label_set_text (self->subtitle_label, subtitle);

  set_subtitle (self->person_row, name);
  set_subtitle (self->birth_row, birth);
  set_subtitle (self->exam_row, exam);
  set_subtitle (self->session_row, session);
  set_subtitle (self->place_row, attestation->place);
  set_subtitle (self->centre_row, attestation->centre);
  set_subtitle (self->score_row, score);
  set_subtitle (self->issued_row, issued);
  set_subtitle (self->language_row, attestation->language != NULL
                                    ? cas_language_get_label (attestation->language) : NULL);
  set_subtitle (self->sha256_row, attestation->sha256);
  set_subtitle (self->code_row, attestation->verification_code);

  cas_attestation_preview_set_attestation (self->preview, attestation);
  gtk_stack_set_visible_child_name (self->stack, "attestation");
}

/* Reading again, revoking, re-issuing */

typedef struct
{
  JobKind                kind;
  CasAttestationService *service;
  CasAccount            *account;
  gint64                 id;
  char                  *number;
  char                  *reason;
  /* What the attestation is afterwards: the new version of a re-issue */
  CasAttestation        *result;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->service);
  g_clear_object (&job->account);
  g_free (job->number);
  g_free (job->reason);
  g_clear_pointer (&job->result, cas_attestation_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gint64 id = job->id;

  switch (job->kind)
    {
    case JOB_REVOKE:
      if (!cas_attestation_service_revoke (job->service, job->account, job->number, job->reason,
                                           &error))
        {
          g_task_return_error (task, error);
          return;
        }
      break;

    case JOB_REISSUE:
      id = cas_attestation_service_reissue (job->service, job->account, job->number,
                                            job->reason, &error);
      if (id == 0)
        {
          g_task_return_error (task, error);
          return;
        }
      break;

    case JOB_RELOAD:
    default:
      break;
    }

  job->result = cas_attestation_service_get_by_id (job->service, job->account, id, &error);
  if (job->result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CasAttestationItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  /* Another attestation was chosen meanwhile */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      const char *heading;

      update_actions (self);

      switch (job->kind)
        {
        case JOB_REVOKE:
          heading = _("Cannot Revoke the Attestation");
          break;
        case JOB_REISSUE:
          heading = _("Cannot Re-issue the Attestation");
          break;
        case JOB_RELOAD:
        default:
          heading = _("Cannot Read the Attestation Again");
          break;
        }

      g_warning ("%s: %s", heading, error->message);
      _cas_attestation_show_error (GTK_WIDGET (self), heading, error);
      return;
    }

  item = cas_attestation_item_new (g_steal_pointer (&job->result));
  cas_attestation_detail_set_item (self, item, self->exam_title);

  switch (job->kind)
    {
    case JOB_REVOKE:
      /* Translators: %s is an attestation's number */
      message = g_strdup_printf (_("Attestation %s revoked"), job->number);
      break;

    case JOB_REISSUE:
      {
        g_autofree char *number = NULL;

        number = cas_attestation_dup_display_number (cas_attestation_item_get_attestation (item));
        /* Translators: %s is the number of the new version of an
         * attestation, "CA-2026-000123-2" */
        message = g_strdup_printf (_("Re-issued as %s"), number);
      }
      break;

    case JOB_RELOAD:
    default:
      break;
    }

  if (message != NULL)
    {
      cas_gui_add_toast (GTK_WIDGET (self), message);
      g_signal_emit (self, signals [CHANGED], 0);
    }
}

static void
start_job (CasAttestationDetail *self,
           JobKind               kind,
           const char           *reason)
{
  const CasAttestation *attestation = get_attestation (self);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (attestation == NULL || self->service == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->service = g_object_ref (self->service);
  job->account = g_object_ref (self->account);
  job->id = attestation->id;
  /* This very version: "CA-2026-000123-2" */
  job->number = cas_attestation_dup_display_number (attestation);
  job->reason = g_strdup (reason);

  task = g_task_new (self, self->cancellable, job_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);

  update_actions (self);
}

/* The reason dialog: for the attestation shown when it opened */

static void
on_reason_given_cb (GtkWidget  *widget,
                    const char *field,
                    const char *reason)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);

  if (attestation != NULL && attestation->id == self->asked_id)
    start_job (self, self->asked_kind, reason);
}

static void
ask_reason (CasAttestationDetail *self,
            JobKind               kind)
{
  const CasAttestation *attestation = get_attestation (self);
  g_autofree char *number = NULL;
  g_autofree char *heading = NULL;

  if (attestation == NULL)
    return;

  number = cas_attestation_dup_display_number (attestation);
  self->asked_kind = kind;
  self->asked_id = attestation->id;

  /* The reason: required, recorded and shown with the attestation */
  if (kind == JOB_REVOKE)
    {
      /* Translators: %s is an attestation's number */
      heading = g_strdup_printf (_("Revoke Attestation %s?"), number);
      cas_reason_dialog_ask_field (GTK_WIDGET (self), heading,
                                   _("It stays on record, marked as revoked, and no longer "
                                     "verifies as valid. This cannot be undone."),
                                   _("_Revoke"), TRUE, NULL, NULL, _("Why it is revoked"),
                                   on_reason_given_cb);
    }
  else
    {
      /* Translators: %s is an attestation's number */
      heading = g_strdup_printf (_("Re-issue Attestation %s?"), number);
      cas_reason_dialog_ask_field (GTK_WIDGET (self), heading,
                                   _("A new version is issued with the person’s and the "
                                     "session’s data as they are today; this one is marked as "
                                     "superseded."),
                                   _("_Re-issue"), FALSE, NULL, NULL, _("What is corrected"),
                                   on_reason_given_cb);
    }
}

/* Actions */

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);

  if (attestation != NULL)
    cas_attestation_print (widget, self->db, self->account, attestation->id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);

  if (attestation != NULL)
    cas_attestation_save (widget, self->db, self->account, attestation->id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);

  if (attestation != NULL)
    cas_attestation_open (widget, self->db, self->account, attestation->id);
}

static void
show_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);

  if (attestation != NULL && attestation->session_id > 0)
    g_signal_emit (self, signals [SHOW_SESSION], 0, attestation->session_id);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (widget);
  const CasAttestation *attestation = get_attestation (self);
  const char *what = g_variant_get_string (parameter, NULL);
  const char *text;

  if (attestation == NULL)
    return;

  text = g_str_equal (what, "sha256") ? attestation->sha256 : attestation->verification_code;
  if (text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  cas_gui_add_toast (widget, g_str_equal (what, "sha256") ? _("Fingerprint copied")
                                                          : _("Verification code copied"));
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CAS_ATTESTATION_DETAIL (widget), JOB_REVOKE);
}

static void
reissue_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask_reason (CAS_ATTESTATION_DETAIL (widget), JOB_REISSUE);
}

static void
on_preview_open_attestation_cb (CasAttestationDetail  *self,
                                gint64                 id,
                                CasAttestationPreview *preview)
{
  if (self->db != NULL)
    cas_attestation_open (GTK_WIDGET (self), self->db, self->account, id);
}

/* Public API */

void
cas_attestation_detail_set_database (CasAttestationDetail *self,
                                     CasDatabase          *db,
                                     CasAccount           *account)
{
  g_return_if_fail (CAS_IS_ATTESTATION_DETAIL (self));
  g_return_if_fail (CAS_IS_DATABASE (db));
  g_return_if_fail (CAS_IS_ACCOUNT (account));

  cas_attestation_detail_set_item (self, NULL, NULL);

  g_set_object (&self->db, db);
  g_set_object (&self->account, account);
  g_clear_object (&self->service);
  self->service = cas_attestation_service_new (db);
  cas_attestation_preview_set_service (self->preview, self->service, account);
}

CasAttestationItem *
cas_attestation_detail_get_item (CasAttestationDetail *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_DETAIL (self), NULL);

  return self->item;
}

void
cas_attestation_detail_set_item (CasAttestationDetail *self,
                                 CasAttestationItem   *item,
                                 const char           *exam_title)
{
  gint64 old_id;

  g_return_if_fail (CAS_IS_ATTESTATION_DETAIL (self));
  g_return_if_fail (item == NULL || CAS_IS_ATTESTATION_ITEM (item));

  if (item != NULL && cas_attestation_item_is_placeholder (item))
    item = NULL;

  old_id = self->item != NULL ? cas_attestation_item_get_id (self->item) : 0;
  if (item == NULL || cas_attestation_item_get_id (item) != old_id)
    {
      /* What was under way was for the other one */
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);

      /* A new attestation is read from its top */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }

  if (exam_title != self->exam_title)
    {
      g_free (self->exam_title);
      self->exam_title = g_strdup (exam_title);
    }
  g_set_object (&self->item, item);
  show_attestation (self);
}

GtkWidget *
cas_attestation_detail_get_preview (CasAttestationDetail *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_DETAIL (self), NULL);

  return GTK_WIDGET (self->preview);
}

void
cas_attestation_detail_reload (CasAttestationDetail *self)
{
  g_return_if_fail (CAS_IS_ATTESTATION_DETAIL (self));

  if (self->item == NULL)
    return;

  cas_attestation_preview_reload (self->preview);
  start_job (self, JOB_RELOAD, NULL);
}

/* GObject */

static void
cas_attestation_detail_dispose (GObject *object)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ATTESTATION_DETAIL);

  g_clear_object (&self->item);
  g_clear_object (&self->service);
  g_clear_object (&self->account);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_attestation_detail_parent_class)->dispose (object);
}

static void
cas_attestation_detail_finalize (GObject *object)
{
  CasAttestationDetail *self = CAS_ATTESTATION_DETAIL (object);

  g_free (self->exam_title);

  G_OBJECT_CLASS (cas_attestation_detail_parent_class)->finalize (object);
}

static void
cas_attestation_detail_class_init (CasAttestationDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_attestation_detail_dispose;
  object_class->finalize = cas_attestation_detail_finalize;

  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals [SHOW_SESSION] =
    g_signal_new ("show-session",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "detail.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "detail.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "detail.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "detail.show-session", NULL,
                                   show_session_action);
  gtk_widget_class_install_action (widget_class, "detail.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "detail.revoke", NULL, revoke_action);
  gtk_widget_class_install_action (widget_class, "detail.reissue", NULL, reissue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "detail.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "detail.save", NULL);

  g_type_ensure (CAS_TYPE_ATTESTATION_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-attestation-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, preview);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, person_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, birth_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, exam_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, session_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, place_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, centre_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, score_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, issued_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, language_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, sha256_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, code_row);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, manage_group);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, reissue_button);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationDetail, revoke_button);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_open_attestation_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_attestation_detail_init (CasAttestationDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label as typed ("_Revoke…") and by the
   * label shown: keep the one shown */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->reissue_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->revoke_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attestation details"),
                                  -1);
  update_actions (self);
}
