/* cas-merge-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-merge-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-merge-jobs.h"
#include "cas-merge-view.h"
#include "cas-merge-wizard.h"
#include "cas-reason-dialog.h"

/* The statuses of the filter, after "All Requests" */
static const CasMergeStatus statuses[] = {
  CAS_MERGE_PENDING, CAS_MERGE_APPROVED, CAS_MERGE_REJECTED, CAS_MERGE_APPLIED, CAS_MERGE_UNDONE,
};

struct _CasMergeView
{
  CasView          parent_instance;

  /* Template widgets */
  AdwLeaflet      *leaflet;
  GtkWidget       *list_pane;
  GtkDropDown     *status_drop_down;
  GtkSpinner      *spinner;
  GtkLabel        *count_label;
  GtkStack        *list_stack;
  GtkListBox      *list_box;
  AdwStatusPage   *error_page;
  GtkStack        *detail_stack;
  GtkWidget       *detail_box;

  /* Owned references */
  CasMergeService *service;
  /* element-type CasMergeRequest: what the rows show */
  GPtrArray       *requests;
  GCancellable    *cancellable;

  /* The request shown (0: none) */
  gint64           shown_id;
  /* What a toast says once the action running on it is done (NULL: none
   * running) */
  char            *done_message;
};

G_DEFINE_FINAL_TYPE (CasMergeView, cas_merge_view, CAS_TYPE_VIEW)

static void reload (CasMergeView *self);

static gboolean
is_operator (CasMergeView *self)
{
  return cas_account_has_role (cas_view_get_account (CAS_VIEW (self)), CAS_ROLE_OPERATOR);
}

static const char *
status_style (CasMergeStatus status)
{
  switch (status)
    {
    case CAS_MERGE_PENDING:
      return "warning";
    case CAS_MERGE_APPLIED:
      return "success";
    case CAS_MERGE_REJECTED:
      return "error";
    case CAS_MERGE_APPROVED:
      return "accent";
    case CAS_MERGE_UNDONE:
    default:
      return "dim-label";
    }
}

/* "80.7 · likely" */
static char *
format_score (const CasMergeRequest *request)
{
  if (request->score <= 0)
    return g_strdup ("");

  /* Translators: a duplicate score and its band, "80.7 · likely" */
  return g_strdup_printf (_("score %.1f · %s"), request->score,
                          cas_duplicate_band_get_label (request->band));
}

/* Rows */

static GtkWidget *
create_row (const CasMergeRequest *request)
{
  const char *status = cas_merge_status_get_label (request->status);
  g_autofree char *score = format_score (request);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  GtkWidget *row;

  /* "#3 Marc Dubois (#24), Dubois Marc (#25)": the request's number and
   * its records */
  title = g_strdup_printf ("#%" G_GINT64_FORMAT " %s", request->id, request->names);
  if (score[0] != '\0' && request->reasons != NULL && request->reasons[0] != '\0')
    /* Translators: a score and the reasons of the duplicate engine */
    subtitle = g_strdup_printf (_("%s\n%s"), score, request->reasons);
  else
    subtitle = g_strdup (score[0] != '\0' ? score : request->reasons);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", title,
                      "subtitle", subtitle ? subtitle : "",
                      "title-lines", 2,
                      "subtitle-lines", 3,
                      "activatable", TRUE,
                      NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             cas_gui_new_pill (status, status_style (request->status)));
  g_object_set_data (G_OBJECT (row), "cas-merge-request", (gpointer) request);

  description = g_strdup_printf ("%s, %s", status, subtitle ? subtitle : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return row;
}

static const CasMergeRequest *
row_get_request (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "cas-merge-request") : NULL;
}

static const CasMergeRequest *
find_request (CasMergeView *self,
              gint64        id)
{
  for (guint i = 0; self->requests != NULL && i < self->requests->len; i++)
    {
      const CasMergeRequest *request = g_ptr_array_index (self->requests, i);

      if (request->id == id)
        return request;
    }

  return NULL;
}

/* The detail */

static GtkWidget *
add_info_row (GtkWidget  *group,
              const char *title,
              const char *value)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW,
                                 "use-markup", FALSE,
                                 "title", title,
                                 "subtitle", value != NULL && value[0] != '\0' ? value : _("—"),
                                 "subtitle-lines", 4,
                                 NULL);

  gtk_widget_add_css_class (row, "property");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value != NULL && value[0] != '\0' ? value : _("Not given"),
                                  -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

/* "admin, 29 Nov 2026 10:02" */
static char *
format_who_when (const char *who,
                 const char *when)
{
  g_autofree char *at = when != NULL ? cas_format_timestamp (when, FALSE) : NULL;

  if (who != NULL && at != NULL)
    /* Translators: who did something, and when */
    return g_strdup_printf (_("%s, %s"), who, at);

  return g_strdup (who != NULL ? who : at);
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *label,
            const char *action_name,
            const char *style)
{
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "label", label,
                                    "action-name", action_name,
                                    NULL);

  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  gtk_box_append (GTK_BOX (box), button);

  return button;
}

static void
show_request (CasMergeView          *self,
              const CasMergeRequest *request)
{
  CasAccount *account = cas_view_get_account (CAS_VIEW (self));
  g_autofree char *score = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *decided = NULL;
  GtkWidget *child;
  GtkWidget *header;
  GtkWidget *title;
  GtkWidget *group;
  GtkWidget *buttons;

  while ((child = gtk_widget_get_first_child (self->detail_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->detail_box), child);

  self->shown_id = request != NULL ? request->id : 0;
  if (request == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = g_object_new (GTK_TYPE_LABEL,
                        "label", request->names,
                        "wrap", TRUE,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        "selectable", TRUE,
                        NULL);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header),
                  cas_gui_new_pill (cas_merge_status_get_label (request->status),
                                    status_style (request->status)));
  gtk_box_append (GTK_BOX (self->detail_box), header);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Request"));
  add_info_row (group, _("Records"), request->names);
  add_info_row (group, _("Reason"), request->reason);
  requested = format_who_when (request->requested_by, request->requested_at);
  add_info_row (group, _("Requested by"), requested);
  score = format_score (request);
  if (score[0] != '\0')
    {
      g_autofree char *said = g_strdup_printf ("%s\n%s", score,
                                               request->reasons ? request->reasons : "");

      add_info_row (group, _("Duplicate score"), said);
    }
  add_info_row (group, _("Status"), cas_merge_status_get_label (request->status));
  gtk_box_append (GTK_BOX (self->detail_box), group);

  if (request->decided_by != NULL || request->applied_at != NULL || request->undone_at != NULL)
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Decision"));
      decided = format_who_when (request->decided_by, request->decided_at);
      add_info_row (group, _("Decided by"), decided);
      if (request->decision_reason != NULL)
        add_info_row (group, _("Why"), request->decision_reason);
      if (request->survivor_id > 0)
        {
          g_autofree char *survivor = g_strdup_printf ("#%" G_GINT64_FORMAT,
                                                       request->survivor_id);

          add_info_row (group, _("Surviving record"), survivor);
        }
      if (request->applied_at != NULL)
        {
          g_autofree char *at = cas_format_timestamp (request->applied_at, FALSE);

          add_info_row (group, _("Merged"), at);
        }
      if (request->undone_at != NULL)
        {
          g_autofree char *at = cas_format_timestamp (request->undone_at, FALSE);

          add_info_row (group, _("Undone"), at);
        }
      gtk_box_append (GTK_BOX (self->detail_box), group);
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);

  if (is_operator (self) && request->status == CAS_MERGE_PENDING)
    {
      gboolean own = request->requested_by_id == cas_account_get_id (account);
      GtkWidget *review;

      add_button (buttons, _("Not the Same Person…"), "merge.not-same", NULL);
      add_button (buttons, _("Reject…"), "merge.reject", "destructive-action");
      /* Four eyes: the core refuses it too. (Without its action: the
       * action would make the button sensitive again.) */
      review = add_button (buttons, _("Review and Merge…"), own ? NULL : "merge.review",
                           "suggested-action");
      if (own)
        {
          GtkWidget *note;

          gtk_widget_set_sensitive (review, FALSE);
          gtk_widget_set_tooltip_text (review,
                                       _("You asked for this merge: another operator approves "
                                         "it"));
          note = g_object_new (GTK_TYPE_LABEL,
                               "label", _("You asked for this merge: another operator reviews "
                                          "and approves it."),
                               "wrap", TRUE,
                               "xalign", 0.0f,
                               NULL);
          gtk_widget_add_css_class (note, "dim-label");
          gtk_box_append (GTK_BOX (self->detail_box), note);
        }
    }
  else if (request->status == CAS_MERGE_APPLIED && request->survivor_id > 0)
    {
      GtkWidget *show;

      if (is_operator (self))
        add_button (buttons, _("Undo Merge…"), "merge.undo", "destructive-action");
      show = add_button (buttons, _("Show Merged Person"), NULL, NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "shell.show-person");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (show), "(sx)", "candidates",
                                        request->survivor_id);
    }

  gtk_box_append (GTK_BOX (self->detail_box), buttons);
  gtk_widget_set_visible (buttons, gtk_widget_get_first_child (buttons) != NULL);

  gtk_stack_set_visible_child_name (self->detail_stack, "request");
}

static void
show_row (CasMergeView  *self,
          GtkListBoxRow *row,
          gboolean       go_to_detail)
{
  gtk_list_box_select_row (self->list_box, row);
  show_request (self, row_get_request (row));

  if (go_to_detail && row != NULL)
    _cas_view_show_detail (CAS_VIEW (self));
}

static GtkListBoxRow *
find_row (CasMergeView *self,
          gint64        id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      const CasMergeRequest *request = row_get_request (row);

      if (request != NULL && request->id == id)
        return row;
    }

  return NULL;
}

/* Loading */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CasMergeView) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  GtkListBoxRow *row;
  gint64 shown_id;

  requests = cas_merge_list_finish (CAS_MERGE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  cas_gui_set_spinning (self->spinner, FALSE);

  if (requests == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_warning ("Cannot load the merge requests: %s", error->message);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }

  shown_id = self->shown_id;
  /* The rows and the detail point into the list: they go first */
  show_request (self, NULL);
  cas_gui_list_box_remove_all (self->list_box);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  self->requests = g_steal_pointer (&requests);

  for (guint i = 0; i < self->requests->len; i++)
    gtk_list_box_append (self->list_box, create_row (g_ptr_array_index (self->requests, i)));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u request", "%'u requests",
                                        self->requests->len),
                           self->requests->len);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, self->requests->len > 0 ? "list" : "empty");

  row = shown_id > 0 ? find_row (self, shown_id) : NULL;
  if (row != NULL)
    show_row (self, row, FALSE);
}

static void
reload (CasMergeView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_drop_down);
  const CasMergeStatus *status = NULL;

  if (selected >= 1 && selected <= G_N_ELEMENTS (statuses))
    status = &statuses[selected - 1];

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  cas_gui_set_spinning (self->spinner, TRUE);

  cas_merge_list_async (self->service, cas_view_get_account (CAS_VIEW (self)), status,
                        self->cancellable, list_cb, g_object_ref (self));
}

/* Actions on the request shown */

static void
act_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(CasMergeView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_steal_pointer (&self->done_message);

  if (cas_merge_act_finish (CAS_MERGE_SERVICE (object), result, &error) == 0)
    {
      g_message ("Merge request not changed: %s", error->message);
      cas_reason_dialog_show_error (GTK_WIDGET (self), _("Not Done"), error->message);
    }
  else
    {
      cas_gui_add_toast (GTK_WIDGET (self), done);
    }

  reload (self);
}

static void
act (CasMergeView   *self,
     CasMergeAction  action,
     const char     *reason,
     const char     *done_message)
{
  if (self->done_message != NULL || self->shown_id <= 0)
    return;

  self->done_message = g_strdup (done_message);
  cas_merge_act_async (self->service, cas_view_get_account (CAS_VIEW (self)), action,
                       self->shown_id, NULL, 0, reason, NULL, NULL, act_cb,
                       g_object_ref (self));
}

static void
on_reject_reason_cb (GtkWidget  *widget,
                     const char *reason)
{
  act (CAS_MERGE_VIEW (widget), CAS_MERGE_ACTION_REJECT, reason, _("Merge request rejected"));
}

static void
on_not_same_reason_cb (GtkWidget  *widget,
                       const char *reason)
{
  act (CAS_MERGE_VIEW (widget), CAS_MERGE_ACTION_NOT_SAME, reason,
       _("Marked as different persons: they are not proposed again"));
}

static void
on_undo_confirmed_cb (GtkWidget  *widget,
                      const char *reason)
{
  act (CAS_MERGE_VIEW (widget), CAS_MERGE_ACTION_UNDO, NULL,
       _("Merge undone: both records are back as they were"));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cas_reason_dialog_ask (widget, _("Reject the Merge?"),
                         _("The records stay as they are. The requester sees the reason."),
                         _("Reject"), TRUE, TRUE, on_reject_reason_cb);
}

static void
not_same_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  cas_reason_dialog_ask (widget, _("Not the Same Person?"),
                         _("The request is rejected and these records are never proposed as "
                           "duplicates of each other again."),
                         _("Not the Same Person"), TRUE, TRUE, on_not_same_reason_cb);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cas_reason_dialog_ask (widget, _("Undo the Merge?"),
                         _("Both records, their logins and everything that moved go back to "
                           "how they were before the merge."),
                         _("Undo Merge"), FALSE, TRUE, on_undo_confirmed_cb);
}

static void
on_wizard_applied_cb (CasMergeView   *self,
                      gint64          survivor_id,
                      CasMergeWizard *wizard)
{
  cas_gui_add_toast (GTK_WIDGET (self), _("Records merged"));
  reload (self);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CasMergeView *self = CAS_MERGE_VIEW (widget);
  const CasMergeRequest *request = find_request (self, self->shown_id);
  GtkWidget *wizard;

  if (request == NULL)
    return;

  wizard = cas_merge_wizard_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->service,
                                 cas_view_get_account (CAS_VIEW (self)), request->id,
                                 request->names);
  g_signal_connect_object (wizard, "applied", G_CALLBACK (on_wizard_applied_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* Callbacks */

static void
on_status_drop_down_selected_cb (CasMergeView *self,
                                 GParamSpec   *pspec,
                                 GtkDropDown  *drop_down)
{
  if (self->service != NULL)
    reload (self);
}

static void
on_list_box_row_selected_cb (CasMergeView  *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list_box)
{
  /* Folded, only activation shows a request */
  if (row == NULL || adw_leaflet_get_folded (self->leaflet))
    return;

  show_request (self, row_get_request (row));
}

static void
on_list_box_row_activated_cb (CasMergeView  *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list_box)
{
  show_row (self, row, TRUE);
}

static void
on_retry_button_clicked_cb (CasMergeView *self,
                            GtkButton    *button)
{
  reload (self);
}

/* CasView */

static void
cas_merge_view_refresh (CasView *view)
{
  reload (CAS_MERGE_VIEW (view));
}

/* GtkWidget */

/* Requests are made elsewhere (from a candidate's possible duplicates, by
 * other desks): the list is read again whenever the view comes back */
static void
cas_merge_view_map (GtkWidget *widget)
{
  CasMergeView *self = CAS_MERGE_VIEW (widget);

  GTK_WIDGET_CLASS (cas_merge_view_parent_class)->map (widget);

  if (self->requests != NULL)
    reload (self);
}

/* GObject */

static void
cas_merge_view_constructed (GObject *object)
{
  CasMergeView *self = CAS_MERGE_VIEW (object);

  G_OBJECT_CLASS (cas_merge_view_parent_class)->constructed (object);

  self->service = cas_merge_service_new (cas_view_get_database (CAS_VIEW (self)));
  reload (self);
}

static void
cas_merge_view_dispose (GObject *object)
{
  CasMergeView *self = CAS_MERGE_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_MERGE_VIEW);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (cas_merge_view_parent_class)->dispose (object);
}

static void
cas_merge_view_finalize (GObject *object)
{
  CasMergeView *self = CAS_MERGE_VIEW (object);

  g_free (self->done_message);

  G_OBJECT_CLASS (cas_merge_view_parent_class)->finalize (object);
}

static void
cas_merge_view_class_init (CasMergeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_merge_view_constructed;
  object_class->dispose = cas_merge_view_dispose;
  object_class->finalize = cas_merge_view_finalize;

  widget_class->map = cas_merge_view_map;

  view_class->refresh = cas_merge_view_refresh;

  gtk_widget_class_install_action (widget_class, "merge.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "merge.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "merge.not-same", NULL, not_same_action);
  gtk_widget_class_install_action (widget_class, "merge.undo", NULL, undo_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-merge-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, status_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, list_box);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CasMergeView, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, on_status_drop_down_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
}

static void
cas_merge_view_init (CasMergeView *self)
{
  GtkStringList *labels;

  gtk_widget_init_template (GTK_WIDGET (self));

  cas_gui_set_up_drop_down (self->status_drop_down, _("All Requests"));
  labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->status_drop_down));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (labels, cas_merge_status_get_label (statuses[i]));

  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->list_box), GTK_WIDGET (self->detail_stack));
  cas_gui_set_spinning (self->spinner, FALSE);
}
