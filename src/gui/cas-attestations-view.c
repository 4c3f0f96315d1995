/* cas-attestations-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestations-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-attestation-actions-private.h"
#include "cas-attestation-batch.h"
#include "cas-attestation-detail.h"
#include "cas-attestation-item.h"
#include "cas-attestation-list.h"
#include "cas-attestation-preview.h"
#include "cas-attestation-row.h"
#include "cas-attestations-view.h"
#include "cas-exam-service.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-session-service.h"
#include "cas-validate.h"

/* A date is checked once the typing pauses */
#define DATE_CHECK_DELAY_MS 600

typedef enum
{
  BATCH_PRINT,
  BATCH_EXPORT_FOLDER,
  BATCH_EXPORT_PDF,
} BatchKind;

struct _CasAttestationsView
{
  GtkWidget              parent_instance;

  /* Template widgets */
  AdwLeaflet            *leaflet;
  GtkWidget             *list_pane;
  GtkSearchBar          *search_bar;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *exam_drop_down;
  GtkDropDown           *status_drop_down;
  GtkEntry              *from_entry;
  GtkEntry              *to_entry;
  GtkLabel              *from_error;
  GtkLabel              *to_error;
  GtkRevealer           *session_revealer;
  GtkLabel              *session_title;
  GtkLabel              *session_subtitle;
  GtkStack              *batch_stack;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
  GtkWidget             *cancel_button;
  GtkSpinner            *spinner;
  GtkLabel              *count_label;
  GtkStack              *list_stack;
  GtkListView           *list_view;
  AdwStatusPage         *error_page;
  CasAttestationDetail  *detail;

  /* Owned references */
  CasAttestationService *service;
  CasAttestationList    *attestations;
  GtkSingleSelection    *selection;
  GPtrArray             *exam_codes;    /* of the exam filter, after "All Exams" */
  GHashTable            *exam_titles;   /* code -> title in the user's language */
  GCancellable          *cancellable;   /* exams and session loading */
  GCancellable          *batch_cancellable;
  CasAttestationBatch   *batch;
  GtkNativeDialog       *chooser;

  gint64                 session_id;
  BatchKind              batch_kind;
  guint                  date_check_source;
  /* A row to show once it is loaded (Enter in the search shows the first) */
  guint                  pending_activate;
};

G_DEFINE_FINAL_TYPE (CasAttestationsView, cas_attestations_view, CAS_TYPE_VIEW)

static const char *
get_exam_title (CasAttestationsView *self,
                const char          *code)
{
  return code != NULL ? g_hash_table_lookup (self->exam_titles, code) : NULL;
}

static const char *
get_item_exam_title (CasAttestationsView *self,
                     CasAttestationItem  *item)
{
  const CasAttestation *attestation = cas_attestation_item_get_attestation (item);

  return attestation != NULL ? get_exam_title (self, attestation->exam_code) : NULL;
}

/* The filters */

/* Checks the date of @entry with the core's rules and shows the error
 * under it; *iso is NULL for an empty field. Returns FALSE for a wrong
 * date, which is then left out of the query until corrected. */
static gboolean
check_date (CasAttestationsView  *self,
            GtkEntry             *entry,
            char                **iso)
{
  GtkLabel *error_label = entry == self->from_entry ? self->from_error : self->to_error;
  CasField field = entry == self->from_entry ? CAS_FIELD_DATE_FROM : CAS_FIELD_DATE_TO;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GError) error = NULL;

  *iso = NULL;

  if (text[0] != '\0' && !cas_validate_date (field, text, FALSE, iso, &error))
    {
      cas_gui_set_field_error (GTK_WIDGET (entry), error_label, error->message);
      return FALSE;
    }

  cas_gui_set_field_error (GTK_WIDGET (entry), error_label, NULL);

  return TRUE;
}

static void
apply_query (CasAttestationsView *self)
{
  g_autoptr(CasAttestationQuery) query = cas_attestation_query_new ();
  g_autofree char *search = NULL;
  guint exam;
  guint status;

  g_clear_handle_id (&self->date_check_source, g_source_remove);

  /* The template sets the filters before the list exists */
  if (self->attestations == NULL)
    return;

  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (search[0] != '\0')
    query->search = g_steal_pointer (&search);

  exam = gtk_drop_down_get_selected (self->exam_drop_down);
  if (exam != GTK_INVALID_LIST_POSITION && exam > 0 && exam <= self->exam_codes->len)
    query->exam_code = g_strdup (g_ptr_array_index (self->exam_codes, exam - 1));

  /* "Any status", then the statuses in their order */
  status = gtk_drop_down_get_selected (self->status_drop_down);
  query->status = status != GTK_INVALID_LIST_POSITION && status > 0 ? (int) status - 1 : -1;

  check_date (self, self->from_entry, &query->since);
  check_date (self, self->to_entry, &query->until);
  query->session_id = self->session_id;

  if (cas_attestation_list_query_equal (cas_attestation_list_get_query (self->attestations),
                                        query))
    return;

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  cas_attestation_list_set_query (self->attestations, query);

  /* What was shown no longer matches the list */
  cas_attestation_detail_set_item (self->detail, NULL, NULL);
  _cas_view_show_list (CAS_VIEW (self));
}

static void
on_filter_changed_cb (CasAttestationsView *self)
{
  apply_query (self);
}

static void
on_search_entry_search_changed_cb (CasAttestationsView *self,
                                   GtkSearchEntry      *entry)
{
  apply_query (self);
}

static gboolean
date_check_cb (gpointer user_data)
{
  CasAttestationsView *self = user_data;

  self->date_check_source = 0;
  apply_query (self);

  return G_SOURCE_REMOVE;
}

static void
on_date_entry_changed_cb (CasAttestationsView *self,
                          GtkEntry            *entry)
{
  /* A date half typed is not wrong yet: wait for a pause */
  g_clear_handle_id (&self->date_check_source, g_source_remove);
  self->date_check_source = g_timeout_add (DATE_CHECK_DELAY_MS, date_check_cb, self);
}

static void
on_date_entry_activate_cb (CasAttestationsView *self,
                           GtkEntry            *entry)
{
  apply_query (self);
}

/* Showing an attestation */

static gboolean
activate_position (CasAttestationsView *self,
                   guint                position)
{
  g_autoptr(CasAttestationItem) item = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (item == NULL)
    return FALSE;

  if (cas_attestation_item_is_placeholder (item))
    {
      /* Shown when its page arrives */
      self->pending_activate = position;
      return FALSE;
    }

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  cas_attestation_detail_set_item (self->detail, item, get_item_exam_title (self, item));
  _cas_view_show_detail (CAS_VIEW (self));

  return TRUE;
}

static void
update_list_state (CasAttestationsView *self)
{
  CasPagedList *list = CAS_PAGED_LIST (self->attestations);
  const CasAttestationQuery *query = cas_attestation_list_get_query (self->attestations);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean counted = cas_paged_list_get_counted (list);
  const char *error = cas_paged_list_get_error (list);
  const char *page = "list";

  cas_gui_set_spinning (self->spinner, cas_paged_list_get_loading (list));

  if (counted)
    {
      g_autofree char *count = NULL;

      /* Translators: the ' groups the digits as the locale does (12,345) */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u attestation", "%'u attestations", n_items),
                               n_items);
      gtk_label_set_text (self->count_label, count);
    }

  if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error, -1);

      adw_status_page_set_description (self->error_page, escaped);
      page = "error";
    }
  else if (counted && n_items == 0)
    {
      gboolean everything = query->search == NULL && query->exam_code == NULL &&
                            query->status < 0 && query->since == NULL &&
                            query->until == NULL && query->session_id == 0;

      page = everything ? "none" : "empty";
    }

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
on_attestations_notify_cb (CasAttestationsView *self,
                           GParamSpec          *pspec,
                           CasAttestationList  *attestations)
{
  update_list_state (self);
}

static void
on_attestations_items_changed_cb (CasAttestationsView *self,
                                  guint                position,
                                  guint                removed,
                                  guint                added,
                                  GListModel          *model)
{
  CasAttestationItem *shown = cas_attestation_detail_get_item (self->detail);

  if (self->pending_activate != GTK_INVALID_LIST_POSITION &&
      self->pending_activate >= position && self->pending_activate < position + added)
    activate_position (self, self->pending_activate);

  /* A loaded page may hold the attestation shown, maybe newer: select it */
  if (shown != NULL && removed == added && added <= 1000)
    {
      gint64 id = cas_attestation_item_get_id (shown);

      for (guint i = position; i < position + added; i++)
        {
          g_autoptr(CasAttestationItem) item = g_list_model_get_item (model, i);

          if (cas_attestation_item_get_id (item) == id)
            {
              cas_attestation_detail_set_item (self->detail, item,
                                               get_item_exam_title (self, item));
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }
}

static void
on_selection_changed_cb (CasAttestationsView *self,
                         GParamSpec          *pspec,
                         GtkSingleSelection  *selection)
{
  CasAttestationItem *item = gtk_single_selection_get_selected_item (selection);

  /* Folded, the selection follows the pointer (single-click activation):
   * only activation shows an attestation */
  if (adw_leaflet_get_folded (self->leaflet))
    return;

  /* Losing the selection (a page reloaded) keeps the detail */
  if (item != NULL && !cas_attestation_item_is_placeholder (item))
    cas_attestation_detail_set_item (self->detail, item, get_item_exam_title (self, item));
}

static void
on_list_view_activate_cb (CasAttestationsView *self,
                          guint                position,
                          GtkListView         *list_view)
{
  activate_position (self, position);
}

static void
on_search_entry_activate_cb (CasAttestationsView *self,
                             GtkSearchEntry      *entry)
{
  /* Enter shows the first result, once the search has run */
  apply_query (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->attestations)) > 0 &&
      cas_paged_list_get_counted (CAS_PAGED_LIST (self->attestations)))
    activate_position (self, 0);
  else
    self->pending_activate = 0;
}

static void
on_retry_button_clicked_cb (CasAttestationsView *self,
                            GtkButton           *button)
{
  cas_paged_list_reload (CAS_PAGED_LIST (self->attestations));
}

static void
on_detail_changed_cb (CasAttestationsView  *self,
                      CasAttestationDetail *detail)
{
  /* Revoked or re-issued: the list shows it so too */
  cas_paged_list_reload (CAS_PAGED_LIST (self->attestations));
}

/* One session */

static void
get_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CasAttestationsView) self = user_data;
  g_autoptr(CasExamSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (session != NULL && cas_exam_session_get_id (session) == self->session_id)
    {
      g_autofree char *start = cas_format_session_start (session);
      g_autofree char *exam = cas_format_session_exam (session);
      g_autofree char *centre = cas_format_session_centre (session);
      g_autofree char *subtitle = NULL;

      /* Translators: the session the attestations are of: its exam and
       * centre, "INS-2 Module 2 – Non-life insurance · Assurcentre" */
      subtitle = g_strdup_printf (_("%s · %s"), exam, centre);
      gtk_label_set_text (self->session_title, start);
      gtk_label_set_text (self->session_subtitle, subtitle);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->session_subtitle), subtitle);
    }
}

static void
get_session_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CasAttestationsView *self = source_object;
  g_autoptr(CasSessionService) sessions = NULL;
  gint64 session_id = *(gint64 *) task_data;
  CasExamSession *session;
  GError *error = NULL;

  sessions = cas_session_service_new (cas_view_get_database (CAS_VIEW (self)));
  session = cas_session_service_get (sessions, cas_view_get_account (CAS_VIEW (self)),
                                     session_id, NULL, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
set_session (CasAttestationsView *self,
             gint64               session_id)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  gint64 *id;

  if (self->batch_cancellable != NULL && session_id != self->session_id)
    g_cancellable_cancel (self->batch_cancellable);

  self->session_id = session_id;
  gtk_revealer_set_reveal_child (self->session_revealer, session_id > 0);
  apply_query (self);

  if (session_id <= 0)
    return;

  /* Its number until the session is read; a candidate may not read it */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, session_id);
  /* Translators: a session by its number, "Session 123" */
  title = g_strdup_printf (_("Session %s"), number);
  gtk_label_set_text (self->session_title, title);
  gtk_label_set_text (self->session_subtitle, _("Its valid attestations can be printed or "
                                                "exported at once"));

  id = g_new (gint64, 1);
  *id = session_id;
  task = g_task_new (self, self->cancellable, get_session_cb, g_object_ref (self));
  g_task_set_source_tag (task, set_session);
  g_task_set_task_data (task, id, g_free);
  g_task_run_in_thread (task, get_session_thread);
}

static void
on_session_clear_clicked_cb (CasAttestationsView *self,
                             GtkButton           *button)
{
  set_session (self, 0);
}

static void
on_detail_show_session_cb (CasAttestationsView  *self,
                           gint64                session_id,
                           CasAttestationDetail *detail)
{
  g_autoptr(CasAttestationItem) shown = NULL;

  /* The attestation shown is one of the session's: it stays, and is
   * selected once its row is loaded */
  g_set_object (&shown, cas_attestation_detail_get_item (detail));
  cas_view_show_session (CAS_VIEW (self), session_id);
  if (shown != NULL)
    cas_attestation_detail_set_item (detail, shown, get_item_exam_title (self, shown));
}

/* Printing and exporting a whole session */

static void
update_progress (CasAttestationsView *self)
{
  guint done = cas_attestation_batch_get_done (self->batch);
  guint total = cas_attestation_batch_get_total (self->batch);
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = g_strdup (_("Listing the attestations…"));
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
      if (self->batch_kind == BATCH_PRINT)
        /* Translators: progress of reading a session's attestations for
         * printing, "Reading 3 of 12…" */
        text = g_strdup_printf (_("Reading %u of %u…"), MIN (done + 1, total), total);
      else
        /* Translators: progress of an export, "Exporting 3 of 12…" */
        text = g_strdup_printf (_("Exporting %u of %u…"), MIN (done + 1, total), total);
    }

  gtk_label_set_text (self->progress_label, text);
}

static void
on_batch_progress_cb (CasAttestationsView *self,
                      GParamSpec          *pspec,
                      CasAttestationBatch *batch)
{
  if (batch == self->batch)
    update_progress (self);
}

static void
end_batch (CasAttestationsView *self)
{
  g_clear_object (&self->batch_cancellable);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);
  gtk_stack_set_visible_child_name (self->batch_stack, "buttons");
}

static void
on_print_all_done_cb (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      CasAttestationsView     *self)
{
  int n_pages = 0;

  g_object_get (operation, "n-pages", &n_pages, NULL);

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        _cas_attestation_show_error (GTK_WIDGET (self), _("Cannot Print the Attestations"),
                                     error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%d attestation sent to the printer",
                                              "%d attestations sent to the printer", n_pages),
                                 n_pages);
      cas_gui_add_toast (GTK_WIDGET (self), message);
    }

  g_object_unref (operation);
  g_object_unref (self);
}

static void
print_pdfs (CasAttestationsView *self,
            GPtrArray           *pdfs)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, self->session_id);
  g_autofree char *job_name = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;

  /* Translators: the name of a print job, "Attestations of session 123" */
  job_name = g_strdup_printf (_("Attestations of session %s"), number);
  operation = _cas_attestation_print_operation_new (pdfs, job_name);
  /* GTK's own progress while the pages go to the printer */
  gtk_print_operation_set_show_progress (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_all_done_cb), g_object_ref (self));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    _cas_attestation_show_error (GTK_WIDGET (self), _("Cannot Print the Attestations"), error);
}

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CasAttestationsView) self = user_data;
  CasAttestationBatch *batch = CAS_ATTESTATION_BATCH (object);
  g_autoptr(GPtrArray) pdfs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;
  gboolean ok;

  ok = cas_attestation_batch_run_finish (batch, result, &n, &pdfs, &error);

  /* Logged out meanwhile */
  if (self->service == NULL)
    return;

  if (batch == self->batch)
    end_batch (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->batch_kind == BATCH_EXPORT_FOLDER && n > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Cancelled: %u attestation exported",
                                                "Cancelled: %u attestations exported", n),
                                   n);
      else
        message = g_strdup (_("Cancelled"));
      cas_gui_add_toast (GTK_WIDGET (self), message);
      return;
    }

  if (!ok)
    {
      g_warning ("Cannot print or export the attestations of session %" G_GINT64_FORMAT ": %s",
                 self->session_id, error->message);
      _cas_attestation_show_error (GTK_WIDGET (self),
                                   self->batch_kind == BATCH_PRINT
                                   ? _("Cannot Print the Attestations")
                                   : _("Cannot Export the Attestations"),
                                   error);
      return;
    }

  if (n == 0)
    {
      cas_gui_add_toast (GTK_WIDGET (self), _("This session has no valid attestation"));
      return;
    }

  if (self->batch_kind == BATCH_PRINT)
    {
      print_pdfs (self, pdfs);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u attestation exported", "%u attestations exported",
                                          n),
                             n);
  cas_gui_add_toast (GTK_WIDGET (self), message);
}

static void
start_batch (CasAttestationsView *self,
             BatchKind            kind,
             GFile               *target)
{
  static const CasAttestationBatchKind kinds[] = {
    [BATCH_PRINT] = CAS_ATTESTATION_BATCH_READ,
    [BATCH_EXPORT_FOLDER] = CAS_ATTESTATION_BATCH_FOLDER,
    [BATCH_EXPORT_PDF] = CAS_ATTESTATION_BATCH_ONE_PDF,
  };
  const CasAttestationQuery *query = cas_attestation_list_get_query (self->attestations);
  g_autoptr(CasAttestationQuery) session_query = cas_attestation_query_new ();

  if (self->batch != NULL || self->session_id <= 0)
    return;

  /* The whole session, whatever the other filters */
  session_query->session_id = query->session_id;

  self->batch_kind = kind;
  self->batch = cas_attestation_batch_new (self->service, cas_view_get_account (CAS_VIEW (self)),
                                           session_query);
  self->batch_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->batch, "notify::done",
                           G_CALLBACK (on_batch_progress_cb), self, G_CONNECT_SWAPPED);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  update_progress (self);
  gtk_stack_set_visible_child_name (self->batch_stack, "progress");

  cas_attestation_batch_run_async (self->batch, kinds[kind], target, self->batch_cancellable,
                                   batch_cb, g_object_ref (self));
}

static void
on_cancel_clicked_cb (CasAttestationsView *self,
                      GtkButton           *button)
{
  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
}

static void
on_print_all_clicked_cb (CasAttestationsView *self,
                         GtkButton           *button)
{
  start_batch (self, BATCH_PRINT, NULL);
}

static void
on_export_chooser_response_cb (CasAttestationsView *self,
                               int                  response,
                               GtkNativeDialog     *chooser)
{
  BatchKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "cas-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        start_batch (self, kind, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_export_target (CasAttestationsView *self,
                      BatchKind            kind)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  if (kind == BATCH_EXPORT_FOLDER)
    {
      chooser = gtk_file_chooser_native_new (_("Export the Attestations into a Folder"), window,
                                             GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                             _("_Export"), _("_Cancel"));
    }
  else
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, self->session_id);
      g_autofree char *name = NULL;

      chooser = gtk_file_chooser_native_new (_("Export the Attestations as One PDF"), window,
                                             GTK_FILE_CHOOSER_ACTION_SAVE,
                                             _("_Export"), _("_Cancel"));
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_pattern (filter, "*.pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      /* Translators: the file name offered for the attestations of a
       * session; %s is the session's number */
      name = g_strdup_printf (_("attestations-session-%s.pdf"), number);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }

  g_object_set_data (G_OBJECT (chooser), "cas-kind", GINT_TO_POINTER (kind));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
on_export_choice_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     CasAttestationsView *self)
{
  if (g_str_equal (response, "folder"))
    choose_export_target (self, BATCH_EXPORT_FOLDER);
  else if (g_str_equal (response, "pdf"))
    choose_export_target (self, BATCH_EXPORT_PDF);
}

static void
on_export_all_clicked_cb (CasAttestationsView *self,
                          GtkButton           *button)
{
  GtkWidget *dialog;

  if (self->batch != NULL)
    return;

  /* One PDF per attestation, as issued, or all in one to hand over */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Export the Session’s Attestations"),
                                   _("Each valid attestation can be saved as issued, one PDF "
                                     "file each in a folder, or all can be put together in one "
                                     "PDF file, one page each."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "pdf", _("One _PDF…"),
                                    "folder", _("One File _Each…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "folder",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "folder");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_choice_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The exams of the filter */

static void
list_exams_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(CasExamService) exams = cas_exam_service_new (task_data);
  GPtrArray *list;
  GError *error = NULL;

  list = cas_exam_service_list (exams, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_exams_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CasAttestationsView) self = user_data;
  g_autoptr(GPtrArray) exams = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *labels;
  const char *language = cas_get_ui_language ();

  exams = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (exams == NULL)
    {
      /* The filter stays at "All Exams" */
      g_warning ("Cannot list the exams: %s", error->message);
      return;
    }

  labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->exam_drop_down));
  for (guint i = 0; i < exams->len; i++)
    {
      const CasExam *exam = g_ptr_array_index (exams, i);
      const char *title = cas_exam_get_title (exam, language);
      g_autofree char *label = NULL;

      /* Translators: an exam's code and title, "INS-1 Module 1 – General knowledge" */
      label = g_strdup_printf (C_("exam", "%s %s"), exam->code, title);
      g_ptr_array_add (self->exam_codes, g_strdup (exam->code));
      g_hash_table_insert (self->exam_titles, g_strdup (exam->code), g_strdup (title));
      gtk_string_list_append (labels, label);
    }
}

/* Rows */

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *row = cas_attestation_row_new ();

  gtk_list_item_set_child (item, row);
  g_object_bind_property (item, "position", row, "position", G_BINDING_SYNC_CREATE);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    CasAttestationsView      *self)
{
  CasAttestationItem *attestation = gtk_list_item_get_item (item);

  cas_attestation_row_set_item (CAS_ATTESTATION_ROW (gtk_list_item_get_child (item)),
                                attestation, get_item_exam_title (self, attestation));
}

/* Ctrl+P and Ctrl+S, wherever the focus is in the view */
static gboolean
activate_detail_action (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (widget);

  return gtk_widget_activate_action (GTK_WIDGET (self->detail),
                                     g_variant_get_string (args, NULL), NULL);
}

/* CasView */

static void
cas_attestations_view_refresh (CasView *view)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (view);

  cas_paged_list_reload (CAS_PAGED_LIST (self->attestations));
  cas_attestation_detail_reload (self->detail);
}

static void
cas_attestations_view_show_session (CasView *view,
                                    gint64   session_id)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (view);

  /* All of the session's attestations, whatever was searched before */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->exam_drop_down, 0);
  gtk_drop_down_set_selected (self->status_drop_down, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  set_session (self, session_id);
  _cas_view_show_list (view);
}

/* GObject */

static void
cas_attestations_view_constructed (GObject *object)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (object);
  CasDatabase *db = cas_view_get_database (CAS_VIEW (self));
  CasAccount *account = cas_view_get_account (CAS_VIEW (self));
  g_autoptr(GTask) task = NULL;

  G_OBJECT_CLASS (cas_attestations_view_parent_class)->constructed (object);

  self->service = cas_attestation_service_new (db);
  self->attestations = cas_attestation_list_new (self->service, account);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->attestations)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  /* What the list notifies is what update_list_state() shows */
  g_signal_connect_object (self->attestations, "notify",
                           G_CALLBACK (on_attestations_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* After the list view: it must know of new rows before we select one */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_attestations_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  cas_attestation_detail_set_database (self->detail, db, account);

  task = g_task_new (self, self->cancellable, list_exams_cb, g_object_ref (self));
  g_task_set_source_tag (task, cas_attestations_view_constructed);
  g_task_set_task_data (task, g_object_ref (db), g_object_unref);
  g_task_run_in_thread (task, list_exams_thread);

  update_list_state (self);
}

static void
cas_attestations_view_dispose (GObject *object)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
  g_clear_object (&self->batch_cancellable);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->date_check_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ATTESTATIONS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->attestations);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cas_attestations_view_parent_class)->dispose (object);
}

static void
cas_attestations_view_finalize (GObject *object)
{
  CasAttestationsView *self = CAS_ATTESTATIONS_VIEW (object);

  g_clear_pointer (&self->exam_codes, g_ptr_array_unref);
  g_clear_pointer (&self->exam_titles, g_hash_table_unref);

  G_OBJECT_CLASS (cas_attestations_view_parent_class)->finalize (object);
}

static void
cas_attestations_view_class_init (CasAttestationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_attestations_view_constructed;
  object_class->dispose = cas_attestations_view_dispose;
  object_class->finalize = cas_attestations_view_finalize;

  view_class->refresh = cas_attestations_view_refresh;
  view_class->show_session = cas_attestations_view_show_session;

  gtk_widget_class_add_binding (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                activate_detail_action, "s", "detail.print");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                activate_detail_action, "s", "detail.save");

  g_type_ensure (CAS_TYPE_ATTESTATION_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-attestations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, exam_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, status_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, from_error);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, to_error);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, session_revealer);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, session_title);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, session_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, batch_stack);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationsView, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_session_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_print_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_show_session_cb);
}

static void
cas_attestations_view_init (CasAttestationsView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) statuses = NULL;
  GtkWidget *preview;

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  self->cancellable = g_cancellable_new ();
  self->exam_codes = g_ptr_array_new_with_free_func (g_free);
  self->exam_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label as typed ("_Cancel") and by the
   * label shown: keep the one shown */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  cas_gui_set_up_drop_down (self->exam_drop_down, _("All Exams"));
  cas_gui_set_up_drop_down (self->status_drop_down, _("Any Status"));
  statuses = GTK_STRING_LIST (g_object_ref (gtk_drop_down_get_model (self->status_drop_down)));
  gtk_string_list_append (statuses, cas_attestation_status_get_label (CAS_ATTESTATION_VALID));
  gtk_string_list_append (statuses, cas_attestation_status_get_label (CAS_ATTESTATION_REVOKED));
  gtk_string_list_append (statuses,
                          cas_attestation_status_get_label (CAS_ATTESTATION_SUPERSEDED));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);

  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->list_view), GTK_WIDGET (self->detail));
  _cas_view_set_up_search (CAS_VIEW (self), self->search_bar, GTK_EDITABLE (self->search_entry));

  /* A click opens an attestation when the detail takes the whole width */
  g_object_bind_property (self->leaflet, "folded",
                          self->list_view, "single-click-activate",
                          G_BINDING_SYNC_CREATE);

  /* The zoom keys work wherever the focus is in the view */
  preview = cas_attestation_detail_get_preview (self->detail);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "preview",
                                  cas_attestation_preview_get_actions (
                                    CAS_ATTESTATION_PREVIEW (preview)));
  cas_attestation_preview_add_shortcuts (GTK_WIDGET (self));
}
