/* cas-audit-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-audit-item.h"
#include "cas-audit-list.h"
#include "cas-audit-row.h"
#include "cas-audit-service.h"
#include "cas-audit-view.h"
#include "cas-gui-util.h"
#include "cas-validate.h"

/* A date is checked once the typing pauses */
#define DATE_CHECK_DELAY_MS 600

/* The kinds of action of the "What" filter: a label and the action, or
 * first part of actions, it keeps */
static const struct {
  const char *label;
  const char *action;
} kinds[] = {
  { N_("All"), NULL },
  { N_("Logins"), "login" },
  { N_("Refusals"), "access" },
  { N_("Persons"), "person" },
  { N_("Sessions"), "session" },
  { N_("Registrations"), "registration" },
  { N_("Accounts"), "account" },
};

struct _CasAuditView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  GtkSearchEntry  *who_entry;
  GtkDropDown     *what_drop_down;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkLabel        *from_error;
  GtkLabel        *to_error;
  GtkSpinner      *spinner;
  GtkLabel        *count_label;
  GtkStack        *list_stack;
  GtkListView     *list_view;
  AdwStatusPage   *error_page;

  /* Owned references */
  CasAuditService *service;
  CasAuditList    *events;
  GtkNativeDialog *chooser;
  GCancellable    *export_cancellable;

  guint            date_check_source;
  /* Whether the dates typed are dates (or empty) */
  gboolean         dates_valid;
};

G_DEFINE_FINAL_TYPE (CasAuditView, cas_audit_view, CAS_TYPE_VIEW)

/* The filters */

/* Checks the date of @entry with the core's rules, shows the error under
 * it; *iso is NULL for an empty field. Returns FALSE for a wrong date. */
static gboolean
check_date (CasAuditView  *self,
            GtkEntry      *entry,
            char         **iso)
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

/* Applies the filters; a wrong date, with its error under it, is left
 * out until corrected (and nothing is exported meanwhile) */
static void
apply_filters (CasAuditView *self)
{
  g_autoptr(CasAuditQuery) query = cas_audit_query_new ();
  const CasAuditQuery *current;
  g_autofree char *who = NULL;
  guint kind = gtk_drop_down_get_selected (self->what_drop_down);
  g_clear_handle_id (&self->date_check_source, g_source_remove);

  /* The template sets the filters before the list exists */
  if (self->events == NULL)
    return;
  current = cas_audit_list_get_query (self->events);

  self->dates_valid = check_date (self, self->from_entry, &query->since);
  self->dates_valid = check_date (self, self->to_entry, &query->until) && self->dates_valid;

  who = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->who_entry))));
  if (who[0] != '\0')
    query->actor = g_steal_pointer (&who);

  if (kind < G_N_ELEMENTS (kinds))
    query->action = g_strdup (kinds[kind].action);

  if (g_strcmp0 (current->actor, query->actor) == 0 &&
      g_strcmp0 (current->action, query->action) == 0 &&
      g_strcmp0 (current->since, query->since) == 0 &&
      g_strcmp0 (current->until, query->until) == 0)
    return;

  cas_audit_list_set_query (self->events, query);
}

static void
on_who_entry_search_changed_cb (CasAuditView   *self,
                                GtkSearchEntry *entry)
{
  apply_filters (self);
}

static void
on_what_drop_down_selected_changed_cb (CasAuditView *self,
                                       GParamSpec   *pspec,
                                       GtkDropDown  *drop_down)
{
  apply_filters (self);
}

static gboolean
date_check_cb (gpointer user_data)
{
  CasAuditView *self = user_data;

  self->date_check_source = 0;
  apply_filters (self);

  return G_SOURCE_REMOVE;
}

static void
on_date_entry_changed_cb (CasAuditView *self,
                          GtkEntry     *entry)
{
  /* A date half typed is not wrong yet: wait for a pause */
  g_clear_handle_id (&self->date_check_source, g_source_remove);
  self->date_check_source = g_timeout_add (DATE_CHECK_DELAY_MS, date_check_cb, self);
}

static void
on_date_entry_activate_cb (CasAuditView *self,
                           GtkEntry     *entry)
{
  apply_filters (self);
}

/* The list */

static void
update_list_state (CasAuditView *self)
{
  CasPagedList *list = CAS_PAGED_LIST (self->events);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean loading = cas_paged_list_get_loading (list);
  gboolean counted = cas_paged_list_get_counted (list);
  const char *error = cas_paged_list_get_error (list);
  const char *page = "list";

  cas_gui_set_spinning (self->spinner, loading);

  if (counted)
    {
      g_autofree char *count = NULL;

      /* Translators: the ' groups the digits as the locale does (12,345) */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u event", "%'u events", n_items),
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
      page = "empty";
    }

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
on_events_notify_cb (CasAuditView *self,
                     GParamSpec   *pspec,
                     CasAuditList *events)
{
  update_list_state (self);
}

static void
on_retry_button_clicked_cb (CasAuditView *self,
                            GtkButton    *button)
{
  cas_paged_list_reload (CAS_PAGED_LIST (self->events));
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (item, cas_audit_row_new ());
  /* Nothing to open: the row says it all */
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  cas_audit_row_set_item (CAS_AUDIT_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

/* Exporting */

typedef struct
{
  CasAccount    *actor;
  CasAuditQuery *query;
  GFile         *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->actor);
  g_clear_pointer (&export->query, cas_audit_query_free);
  g_clear_object (&export->file);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;
  gint64 n;

  /* Replaced only once all is written: a failure leaves the old file */
  stream = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  n = cas_audit_service_export_csv (source_object, export->actor, export->query,
                                    G_OUTPUT_STREAM (stream), cancellable, &error);
  if (n < 0)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing with a cancelled cancellable drops the temporary file */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      g_task_return_error (task, error);
      return;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, (gssize) n);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CasAuditView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n;

  n = g_task_propagate_int (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->export_cancellable);

  if (error != NULL)
    {
      g_warning ("Cannot export the audit log: %s", error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("Could not export the audit log: %s"), error->message);
    }
  else
    {
      /* Translators: the ' groups the digits as the locale does (12,345) */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Exported %'u event", "Exported %'u events",
                                              (gulong) n),
                                 (guint) n);
    }

  cas_gui_add_toast (GTK_WIDGET (self), message);
}

static void
export_to (CasAuditView *self,
           GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  export = g_new0 (Export, 1);
  export->actor = g_object_ref (cas_view_get_account (CAS_VIEW (self)));
  export->query = cas_audit_list_dup_query (self->events);
  export->file = g_object_ref (file);

  self->export_cancellable = g_cancellable_new ();
  task = g_task_new (self->service, self->export_cancellable, export_cb, g_object_ref (self));
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_chooser_response_cb (CasAuditView    *self,
                        int              response,
                        GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        export_to (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_export_file (CasAuditView *self)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%F");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  if (self->export_cancellable != NULL)
    {
      cas_gui_add_toast (GTK_WIDGET (self), _("An export is already running"));
      return;
    }

  /* The list shows more than the dates typed would */
  apply_filters (self);
  if (!self->dates_valid)
    {
      cas_gui_add_toast (GTK_WIDGET (self), _("Correct the dates before exporting"));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export the Audit Log"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);

  /* Translators: the suggested name of an export of the audit log; %s is
   * today's date as YYYY-MM-DD */
  name = g_strdup_printf (_("certassur-audit-%s.csv"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* CasView */

static void
cas_audit_view_refresh (CasView *view)
{
  cas_paged_list_reload (CAS_PAGED_LIST (CAS_AUDIT_VIEW (view)->events));
}

static void
cas_audit_view_activate_primary (CasView *view)
{
  choose_export_file (CAS_AUDIT_VIEW (view));
}

/* GObject */

static void
cas_audit_view_constructed (GObject *object)
{
  CasAuditView *self = CAS_AUDIT_VIEW (object);
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (cas_audit_view_parent_class)->constructed (object);

  self->service = cas_audit_service_new (cas_view_get_database (CAS_VIEW (self)));
  self->events = cas_audit_list_new (self->service, cas_view_get_account (CAS_VIEW (self)));

  /* What the list notifies is what update_list_state() shows */
  g_signal_connect_object (self->events, "notify",
                           G_CALLBACK (on_events_notify_cb), self, G_CONNECT_SWAPPED);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->events)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  update_list_state (self);
}

static void
cas_audit_view_dispose (GObject *object)
{
  CasAuditView *self = CAS_AUDIT_VIEW (object);

  g_clear_handle_id (&self->date_check_source, g_source_remove);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_AUDIT_VIEW);

  g_clear_object (&self->events);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (cas_audit_view_parent_class)->dispose (object);
}

static void
cas_audit_view_class_init (CasAuditViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_audit_view_constructed;
  object_class->dispose = cas_audit_view_dispose;

  view_class->refresh = cas_audit_view_refresh;
  view_class->activate_primary = cas_audit_view_activate_primary;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-audit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, box);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, who_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, what_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, from_error);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, to_error);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CasAuditView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_who_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_what_drop_down_selected_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
}

static void
cas_audit_view_init (CasAuditView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->dates_valid = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (labels, _(kinds[i].label));
  gtk_drop_down_set_model (self->what_drop_down, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->what_drop_down, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
}
