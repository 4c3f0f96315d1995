/* cas-verify-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-verify-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cas-attestation-service.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-util.h"
#include "cas-verify-dialog.h"

/* An attestation is some 30 KB: anything much bigger is something else,
 * and is not read into memory to find out */
#define MAX_PDF_SIZE (16 * 1024 * 1024)
/* A code is its number (up to "CA-2026-000123-99"), a dot and 86
 * characters of signature; what is far longer was pasted by mistake */
#define MAX_CODE_LENGTH 256
/* Where a PDF's header may be: anywhere in its first 1,024 bytes */
#define PDF_HEADER_WINDOW 1024

struct _CasVerifyDialog
{
  AdwWindow              parent_instance;

  /* Template widgets */
  GtkWidget             *back_button;
  GtkStack              *stack;
  AdwPreferencesPage    *input_page;
  AdwActionRow          *file_row;
  GtkWidget             *choose_button;
  GtkLabel              *file_error;
  AdwEntryRow           *code_row;
  GtkLabel              *code_error;
  GtkWidget             *verify_button;
  GtkSpinner            *spinner;
  GtkScrolledWindow     *result_scroll;
  GtkWidget             *verdict_box;
  GtkImage              *verdict_icon;
  GtkLabel              *verdict_title;
  GtkLabel              *verdict_text;
  GtkWidget             *facts_group;
  AdwActionRow          *number_row;
  AdwActionRow          *holder_row;
  AdwActionRow          *exam_row;
  AdwActionRow          *session_row;
  AdwActionRow          *place_row;
  AdwActionRow          *centre_row;
  AdwActionRow          *score_row;
  AdwActionRow          *issued_row;
  AdwActionRow          *status_row;
  GtkWidget             *again_button;

  /* Owned references */
  CasAttestationService *service;
  GCancellable          *cancellable;
  GtkNativeDialog       *chooser;
};

G_DEFINE_FINAL_TYPE (CasVerifyDialog, cas_verify_dialog, ADW_TYPE_WINDOW)

/* What is checked, and what the core answered */
typedef struct
{
  GFile           *file;         /* a PDF, or */
  char            *code;         /* a typed code */
  CasVerifyResult  result;
  CasAttestation  *attestation;
} Verification;

static void
verification_free (Verification *verification)
{
  g_clear_object (&verification->file);
  g_clear_pointer (&verification->code, g_free);
  g_clear_pointer (&verification->attestation, cas_attestation_free);
  g_free (verification);
}

/* Formatting what the attestation says */

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* "Mon 11 May 2026, 09:00" from "2026-05-11T09:00" */
static char *
format_session_start (const char *starts_at)
{
  g_autoptr(GDateTime) start = NULL;
  int year, month, day, hour, minute;
  char separator;

  if (starts_at == NULL ||
      sscanf (starts_at, "%d-%d-%d%c%d:%d", &year, &month, &day, &separator, &hour, &minute) != 6 ||
      (start = g_date_time_new (cas_get_time_zone (), year, month, day, hour, minute, 0)) == NULL)
    return cas_format_date (starts_at);

  /* Translators: the date and time of an exam session, as in
   * "Thu 3 Dec 2026, 09:30"; see the strftime-like codes of
   * g_date_time_format () */
  return g_date_time_format (start, _("%a %-d %b %Y, %H:%M"));
}

/* "29 Nov 2026", the local day of a UTC time */
static char *
format_issued_day (const char *issued_at)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (issued_at == NULL || (time = g_date_time_new_from_iso8601 (issued_at, NULL)) == NULL)
    return cas_format_date (issued_at);

  local = g_date_time_to_local (time);

  /* Translators: a date, as in "3 Dec 1985" */
  return g_date_time_format (local, _("%-d %b %Y"));
}

static char *
dup_holder_name (const CasAttestation *attestation)
{
  g_autofree char *name = NULL;

  name = g_strjoin (" ", is_set (attestation->first_name) ? attestation->first_name : "",
                    is_set (attestation->last_name) ? attestation->last_name : "", NULL);

  return g_strstrip (g_steal_pointer (&name));
}

static void
set_fact (AdwActionRow *row,
          const char   *value)
{
  adw_action_row_set_subtitle (row, is_set (value) ? value : "—");
  gtk_widget_set_visible (GTK_WIDGET (row), is_set (value));
}

static void
show_facts (CasVerifyDialog      *self,
            const CasAttestation *attestation)
{
  g_autofree char *number = cas_attestation_dup_display_number (attestation);
  g_autofree char *name = dup_holder_name (attestation);
  g_autofree char *birth = cas_format_date (attestation->birth_date);
  g_autofree char *holder = NULL;
  g_autofree char *exam = NULL;
  g_autofree char *session = format_session_start (attestation->session_start);
  g_autofree char *score = NULL;
  g_autofree char *issued = cas_format_timestamp (attestation->issued_at, FALSE);
  g_autofree char *status = NULL;

  if (is_set (birth))
    /* Translators: the holder of an attestation and their birth date,
     * "Koen Peeters, born 8 Sep 1975" */
    holder = g_strdup_printf (_("%s, born %s"), name, birth);
  else
    holder = g_strdup (name);

  exam = g_strjoin (" ", is_set (attestation->exam_code) ? attestation->exam_code : "",
                    is_set (attestation->exam_title) ? attestation->exam_title : "", NULL);
  g_strstrip (exam);

  /* Translators: a score out of 100, "72/100" */
  score = g_strdup_printf (_("%d/100"), attestation->score);

  if (is_set (attestation->status_reason) && attestation->status != CAS_ATTESTATION_VALID)
    /* Translators: the status of an attestation and why, "Revoked: issued
     * by mistake" */
    status = g_strdup_printf (_("%s: %s"), cas_attestation_status_get_label (attestation->status),
                              attestation->status_reason);
  else
    status = g_strdup (cas_attestation_status_get_label (attestation->status));

  set_fact (self->number_row, number);
  set_fact (self->holder_row, holder);
  set_fact (self->exam_row, exam);
  set_fact (self->session_row, session);
  set_fact (self->place_row, attestation->place);
  set_fact (self->centre_row, attestation->centre);
  set_fact (self->score_row, score);
  set_fact (self->issued_row, issued);
  set_fact (self->status_row, status);
}

/* Showing the verdict */

static void
set_verdict_style (CasVerifyDialog *self,
                   const char      *style)
{
  static const char * const styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), style);
}

static void
show_verdict (CasVerifyDialog    *self,
              const Verification *verification)
{
  const CasAttestation *attestation = verification->attestation;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *said = NULL;
  const char *icon_name;
  const char *style;
  CasVerifyResult result = verification->result;

  /* Without the attestation there is nothing to vouch for */
  if (attestation == NULL)
    result = CAS_VERIFY_FORGED;
  else
    {
      number = cas_attestation_dup_display_number (attestation);
      name = dup_holder_name (attestation);
      issued = format_issued_day (attestation->issued_at);
    }

  switch (result)
    {
    case CAS_VERIFY_VALID:
      icon_name = "emblem-ok-symbolic";
      style = "success";
      /* Translators: the verdict on an attestation, "Valid attestation
       * CA-2026-000123" */
      title = g_strdup_printf (_("Valid attestation %s"), number);
      /* Translators: %s are the holder's name and the day of issue */
      text = g_strdup_printf (_("Issued by Certassur to %s on %s, and unchanged since."),
                              name, issued);
      break;

    case CAS_VERIFY_REVOKED:
      icon_name = "action-unavailable-symbolic";
      style = "error";
      /* Translators: the verdict on an attestation, "Revoked attestation
       * CA-2026-000123" */
      title = g_strdup_printf (_("Revoked attestation %s"), number);
      if (is_set (attestation->status_reason))
        /* Translators: %s are the holder's name, the day of issue and
         * why Certassur revoked the attestation */
        text = g_strdup_printf (_("Issued to %s on %s, then revoked by Certassur: %s. "
                                  "It no longer attests anything."),
                                name, issued, attestation->status_reason);
      else
        /* Translators: %s are the holder's name and the day of issue */
        text = g_strdup_printf (_("Issued to %s on %s, then revoked by Certassur. "
                                  "It no longer attests anything."),
                                name, issued);
      break;

    case CAS_VERIFY_SUPERSEDED:
      icon_name = "dialog-warning-symbolic";
      style = "warning";
      /* Translators: the verdict on an attestation, "Superseded attestation
       * CA-2026-000123" */
      title = g_strdup_printf (_("Superseded attestation %s"), number);
      /* Re-issuing makes the next version of the same number */
      /* Translators: %d is the version that replaces this one, "2" */
      text = g_strdup_printf (_("Superseded by version %d: Certassur corrected it and issued a "
                                "new version. Ask its holder for the current one."),
                              attestation->version + 1);
      break;

    case CAS_VERIFY_FORGED:
    default:
      icon_name = "security-low-symbolic";
      style = "error";
      title = g_strdup (_("Not Authentic"));
      if (verification->file != NULL)
        text = g_strdup (_("This PDF was not issued by Certassur, or it was altered since."));
      else
        text = g_strdup (_("Certassur issued no attestation with this code. Check that it was "
                           "typed exactly as printed."));
      break;
    }

  gtk_image_set_from_icon_name (self->verdict_icon, icon_name);
  set_verdict_style (self, style);
  gtk_label_set_text (self->verdict_title, title);
  gtk_label_set_text (self->verdict_text, text);

  /* The verdict is one thing to hear: the title, then the text */
  said = g_strdup_printf ("%s. %s", title, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said,
                                  -1);

  /* A forgery's database row, if any, says nothing to trust */
  gtk_widget_set_visible (self->facts_group, result != CAS_VERIFY_FORGED);
  if (result != CAS_VERIFY_FORGED)
    show_facts (self, attestation);

  /* The verdict first, whatever the last one scrolled to; the focus on
   * the way back, which does not scroll it away */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->result_scroll), 0);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_grab_focus (self->back_button);
}

/* Verifying, off the main thread */

/* Returns: (transfer full): the file's bytes when it may be a PDF */
static GBytes *
load_pdf (GFile         *file,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size_text = NULL;
  const char *data;
  gsize size;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  name = g_strdup (g_file_info_get_display_name (info));

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a file: choose the attestation’s PDF file."), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > MAX_PDF_SIZE)
    {
      size_text = g_format_size (g_file_info_get_size (info));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is far too large to be an attestation (%s): choose the "
                     "attestation’s PDF file."),
                   name, size_text);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  if (size < 5 || g_strstr_len (data, MIN (size, PDF_HEADER_WINDOW), "%PDF-") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a PDF file: choose the attestation’s PDF file."), name);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CasAttestationService *service = source_object;
  Verification *verification = task_data;
  GError *error = NULL;

  if (verification->file != NULL)
    {
      g_autoptr(GBytes) pdf = load_pdf (verification->file, cancellable, &error);

      if (pdf == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      verification->result = cas_attestation_service_verify_pdf (service, pdf,
                                                                 &verification->attestation,
                                                                 &error);
    }
  else
    {
      verification->result = cas_attestation_service_verify_code (service, verification->code,
                                                                  &verification->attestation,
                                                                  &error);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_input (CasVerifyDialog *self)
{
  gtk_widget_set_visible (self->back_button, FALSE);
  cas_gui_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "input");
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CasVerifyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Verification *verification = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      /* The input was wrong, or could not be read: say so beside it */
      show_input (self);
      if (verification->file != NULL)
        cas_gui_set_message (self->file_error, error->message);
      else
        cas_gui_show_field_error (GTK_WIDGET (self->code_row), self->code_error, error->message);
      return;
    }

  cas_gui_set_spinning (self->spinner, FALSE);
  show_verdict (self, verification);
}

/* Takes @verification */
static void
start_verification (CasVerifyDialog *self,
                    Verification    *verification)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  cas_gui_set_message (self->file_error, NULL);
  cas_gui_set_field_error (GTK_WIDGET (self->code_row), self->code_error, NULL);
  cas_gui_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "verifying");

  task = g_task_new (self->service, self->cancellable, verify_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_verification);
  g_task_set_task_data (task, verification, (GDestroyNotify) verification_free);
  g_task_run_in_thread (task, verify_thread);
}

void
cas_verify_dialog_verify_file (CasVerifyDialog *self,
                               GFile           *file)
{
  Verification *verification;

  g_return_if_fail (CAS_IS_VERIFY_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  verification = g_new0 (Verification, 1);
  verification->file = g_object_ref (file);
  start_verification (self, verification);
}

/* The code typed, without the spaces and line breaks a copy brings; NULL
 * with a message when it cannot be a code */
static char *
dup_typed_code (CasVerifyDialog  *self,
                char            **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  GString *code = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        g_string_append_c (code, *p);
    }

  if (code->len == 0)
    *message = g_strdup (_("Type the verification code printed on the attestation."));
  else if (code->len > MAX_CODE_LENGTH)
    /* Translators: %'u is the number of characters typed, "10,000" */
    *message = g_strdup_printf (_("This is not a verification code: it has %'u characters, "
                                  "and a code has about 100. Type only the code printed "
                                  "on the attestation."),
                                (guint) MIN (code->len, G_MAXUINT));
  else if (strchr (code->str, '.') == NULL)
    *message = g_strdup (_("This is not a whole verification code: a code is the "
                           "attestation’s number, a dot, then a long series of letters and "
                           "digits. Type all of it."));
  else
    return g_string_free (code, FALSE);

  g_string_free (code, TRUE);

  return NULL;
}

/* Callbacks and actions */

static void
check_code_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CasVerifyDialog *self = CAS_VERIFY_DIALOG (widget);
  g_autofree char *message = NULL;
  Verification *verification;
  char *code;

  code = dup_typed_code (self, &message);
  if (code == NULL)
    {
      cas_gui_show_field_error (GTK_WIDGET (self->code_row), self->code_error, message);
      return;
    }

  verification = g_new0 (Verification, 1);
  verification->code = code;
  start_verification (self, verification);
}

static void
on_code_row_entry_activated_cb (CasVerifyDialog *self,
                                AdwEntryRow     *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.check-code", NULL);
}

static void
on_code_row_changed_cb (CasVerifyDialog *self,
                        GtkEditable     *editable)
{
  /* The message was about what is no longer there */
  cas_gui_set_field_error (GTK_WIDGET (self->code_row), self->code_error, NULL);
}

static void
on_chooser_response_cb (CasVerifyDialog *self,
                        int              response,
                        GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cas_verify_dialog_verify_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CasVerifyDialog *self = CAS_VERIFY_DIALOG (widget);
  g_autoptr(GtkFileFilter) pdfs = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  /* GtkFileDialog is GTK 4.10 */
  chooser = gtk_file_chooser_native_new (_("Open an Attestation"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (pdfs, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdfs, "application/pdf");
  gtk_file_filter_add_suffix (pdfs, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdfs);
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
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CasVerifyDialog *self = CAS_VERIFY_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  cas_gui_set_message (self->file_error, NULL);
  show_input (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static gboolean
on_drop_target_drop_cb (CasVerifyDialog *self,
                        const GValue    *value,
                        double           x,
                        double           y,
                        GtkDropTarget   *target)
{
  GFile *file = g_value_get_object (value);

  /* Not while a check runs: the page would change under the user */
  if (file == NULL || self->cancellable != NULL)
    return FALSE;

  cas_verify_dialog_verify_file (self, file);

  return TRUE;
}

/* Public API */

GtkWidget *
cas_verify_dialog_new (GtkWindow   *parent,
                       CasDatabase *db)
{
  CasVerifyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_VERIFY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->service = cas_attestation_service_new (db);

  /* Most have the paper in hand: the code is typed first */
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));

  return GTK_WIDGET (self);
}

/* GObject */

static void
cas_verify_dialog_dispose (GObject *object)
{
  CasVerifyDialog *self = CAS_VERIFY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_VERIFY_DIALOG);

  g_clear_object (&self->service);

  G_OBJECT_CLASS (cas_verify_dialog_parent_class)->dispose (object);
}

static void
cas_verify_dialog_class_init (CasVerifyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_verify_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "verify.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "verify.check-code", NULL, check_code_action);
  gtk_widget_class_install_action (widget_class, "verify.again", NULL, again_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "verify.choose-file", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-verify-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, input_page);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, file_error);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, code_error);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, verify_button);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, result_scroll);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, verdict_title);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, verdict_text);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, facts_group);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, holder_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, exam_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, session_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, centre_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, score_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, issued_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, CasVerifyDialog, again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_code_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_code_row_changed_cb);
}

static void
cas_verify_dialog_init (CasVerifyDialog *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button with a mnemonic twice, once with the
   * underscore: its label is enough */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->verify_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->again_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  /* The row it activates describes it, rather than name it twice */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->choose_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->choose_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->file_row, NULL,
                                  -1);

  /* A PDF dropped anywhere on the dialog is checked */
  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop_target_drop_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->input_page), GTK_EVENT_CONTROLLER (drop));
}
