/* cas-sessions-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-sessions-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-gui-util.h"
#include "cas-session-detail.h"
#include "cas-session-list.h"
#include "cas-session-row.h"
#include "cas-session-service.h"
#include "cas-sessions-view.h"

struct _CasSessionsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *upcoming_button;
  GtkToggleButton    *past_button;
  GtkToggleButton    *all_button;
  GtkSpinner         *spinner;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *error_page;
  CasSessionDetail   *detail;

  /* Owned references */
  CasSessionService  *service;
  CasSessionList     *sessions;
  GtkSingleSelection *selection;

  /* A row to show once it is loaded (Enter in the search shows the first) */
  guint               pending_activate;
};

G_DEFINE_FINAL_TYPE (CasSessionsView, cas_sessions_view, CAS_TYPE_VIEW)

/* The query */

static CasSessionWhen
get_when (CasSessionsView *self)
{
  if (gtk_toggle_button_get_active (self->past_button))
    return CAS_SESSION_WHEN_PAST;
  if (gtk_toggle_button_get_active (self->all_button))
    return CAS_SESSION_WHEN_ALL;
  return CAS_SESSION_WHEN_UPCOMING;
}

static const char *
get_search_text (CasSessionsView *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/* Applies the search and the filter; returns whether the query changed */
static gboolean
apply_query (CasSessionsView *self)
{
  const CasSessionQuery *current = cas_session_list_get_query (self->sessions);
  g_autofree char *search = g_strstrip (g_strdup (get_search_text (self)));
  g_autoptr(CasSessionQuery) query = NULL;
  CasSessionWhen when = get_when (self);

  if (current != NULL && current->when == when &&
      g_strcmp0 (current->search ? current->search : "", search) == 0)
    return FALSE;

  self->pending_activate = GTK_INVALID_LIST_POSITION;

  query = cas_session_query_new (when, search[0] != '\0' ? search : NULL);
  cas_session_list_set_query (self->sessions, query);

  /* What was shown no longer matches the list */
  cas_session_detail_set_session (self->detail, NULL);
  _cas_view_show_list (CAS_VIEW (self));

  return TRUE;
}

/* Showing a session */

static gboolean
activate_position (CasSessionsView *self,
                   guint            position)
{
  g_autoptr(CasExamSession) session = NULL;

  session = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (session == NULL)
    return FALSE;

  if (cas_exam_session_is_placeholder (session))
    {
      /* Shown when its page arrives */
      self->pending_activate = position;
      return FALSE;
    }

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  cas_session_detail_set_session (self->detail, session);
  _cas_view_show_detail (CAS_VIEW (self));

  return TRUE;
}

static void
update_list_state (CasSessionsView *self)
{
  CasPagedList *list = CAS_PAGED_LIST (self->sessions);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean loading = cas_paged_list_get_loading (list);
  gboolean counted = cas_paged_list_get_counted (list);
  const char *error = cas_paged_list_get_error (list);
  const CasSessionQuery *query = cas_session_list_get_query (self->sessions);
  const char *page = "list";

  cas_gui_set_spinning (self->spinner, loading);

  if (counted)
    {
      g_autofree char *count = NULL;

      /* Translators: the ' groups the digits as the locale does (12,345) */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u session", "%'u sessions", n_items),
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
      gboolean everything = query->when == CAS_SESSION_WHEN_ALL &&
                            (query->search == NULL || query->search[0] == '\0');

      page = everything ? "none" : "empty";
    }

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
on_sessions_notify_cb (CasSessionsView *self,
                       GParamSpec      *pspec,
                       CasSessionList  *sessions)
{
  update_list_state (self);
}

static void
on_sessions_items_changed_cb (CasSessionsView *self,
                              guint            position,
                              guint            removed,
                              guint            added,
                              GListModel      *model)
{
  CasExamSession *shown = cas_session_detail_get_session (self->detail);

  if (self->pending_activate != GTK_INVALID_LIST_POSITION &&
      self->pending_activate >= position && self->pending_activate < position + added)
    activate_position (self, self->pending_activate);

  /* A loaded page may hold newer figures of the session shown (looking at
   * a whole new list would load all its pages) */
  if (shown != NULL && removed == added && added <= 1000)
    {
      gint64 id = cas_exam_session_get_id (shown);

      for (guint i = position; i < position + added; i++)
        {
          g_autoptr(CasExamSession) session = g_list_model_get_item (model, i);

          if (cas_exam_session_get_id (session) == id)
            {
              cas_session_detail_set_session (self->detail, session);
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }
}

static void
on_selection_changed_cb (CasSessionsView    *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  CasExamSession *session = gtk_single_selection_get_selected_item (selection);

  /* Folded, the selection follows the pointer (single-click activation):
   * only activation shows a session */
  if (adw_leaflet_get_folded (self->leaflet))
    return;

  /* Losing the selection (a page reloaded) keeps the detail */
  if (session != NULL && !cas_exam_session_is_placeholder (session))
    cas_session_detail_set_session (self->detail, session);
}

static void
on_list_view_activate_cb (CasSessionsView *self,
                          guint            position,
                          GtkListView     *list_view)
{
  activate_position (self, position);
}

static void
on_search_entry_search_changed_cb (CasSessionsView *self,
                                   GtkSearchEntry  *entry)
{
  apply_query (self);
}

static void
on_search_entry_activate_cb (CasSessionsView *self,
                             GtkSearchEntry  *entry)
{
  /* Enter shows the first result, once the search (which waits for the
   * typing to pause) has run */
  apply_query (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) > 0 &&
      cas_paged_list_get_counted (CAS_PAGED_LIST (self->sessions)))
    activate_position (self, 0);
  else
    self->pending_activate = 0;
}

static void
on_when_button_toggled_cb (CasSessionsView *self,
                           GtkToggleButton *button)
{
  /* Grouped buttons: act on the one turned on */
  if (gtk_toggle_button_get_active (button))
    apply_query (self);
}

static void
on_retry_button_clicked_cb (CasSessionsView *self,
                            GtkButton       *button)
{
  cas_paged_list_reload (CAS_PAGED_LIST (self->sessions));
}

/* Rows */

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *row = cas_session_row_new ();

  gtk_list_item_set_child (item, row);
  g_object_bind_property (item, "position", row, "position", G_BINDING_SYNC_CREATE);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  cas_session_row_set_session (CAS_SESSION_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

/* CasView */

static void
cas_sessions_view_refresh (CasView *view)
{
  CasSessionsView *self = CAS_SESSIONS_VIEW (view);

  cas_paged_list_reload (CAS_PAGED_LIST (self->sessions));
  cas_session_detail_reload (self->detail);
}

/* GObject */

static void
cas_sessions_view_constructed (GObject *object)
{
  CasSessionsView *self = CAS_SESSIONS_VIEW (object);

  CasAccount *account = cas_view_get_account (CAS_VIEW (self));

  G_OBJECT_CLASS (cas_sessions_view_parent_class)->constructed (object);

  self->service = cas_session_service_new (cas_view_get_database (CAS_VIEW (self)));
  self->sessions = cas_session_list_new (self->service, account);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sessions)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  /* What the list notifies is what update_list_state() shows */
  g_signal_connect_object (self->sessions, "notify",
                           G_CALLBACK (on_sessions_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* After the list view: it must know of new rows before we select one */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_sessions_items_changed_cb), self, G_CONNECT_SWAPPED);
  cas_session_detail_set_service (self->detail, self->service, account);

  update_list_state (self);
}

static void
cas_sessions_view_dispose (GObject *object)
{
  CasSessionsView *self = CAS_SESSIONS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_SESSIONS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sessions);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (cas_sessions_view_parent_class)->dispose (object);
}

static void
cas_sessions_view_class_init (CasSessionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_sessions_view_constructed;
  object_class->dispose = cas_sessions_view_dispose;

  view_class->refresh = cas_sessions_view_refresh;

  g_type_ensure (CAS_TYPE_SESSION_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-sessions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, upcoming_button);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, past_button);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, all_button);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasSessionsView, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_when_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
}

static void
cas_sessions_view_init (CasSessionsView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->pending_activate = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->list_view), GTK_WIDGET (self->detail));
  _cas_view_set_up_search (CAS_VIEW (self), self->search_bar, GTK_EDITABLE (self->search_entry));

  /* A click opens a session when the detail takes the whole width */
  g_object_bind_property (self->leaflet, "folded",
                          self->list_view, "single-click-activate",
                          G_BINDING_SYNC_CREATE);
}
