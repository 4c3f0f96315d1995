/* cas-candidates-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-candidates-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-candidate-detail.h"
#include "cas-candidate-list.h"
#include "cas-candidate-row.h"
#include "cas-candidates-view.h"
#include "cas-company-service.h"
#include "cas-gui-util.h"

/* The language filter's choices after "Any Language" */
static const char * const languages[] = { "fr", "nl", "de", "en" };

struct _CasCandidatesView
{
  CasView             parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *centre_drop_down;
  GtkDropDown        *language_drop_down;
  GtkDropDown        *exams_drop_down;
  GtkToggleButton    *duplicates_button;
  GtkSpinner         *spinner;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *error_page;
  CasCandidateDetail *detail;

  /* Owned references */
  CasPersonRegister  *person_register;
  CasPersonService   *person_service;
  CasCompanyService  *companies;
  CasCandidateList   *persons;
  GtkSingleSelection *selection;
  GArray             *centre_ids;   /* gint64, one per choice after "All Centres" */
  GCancellable       *cancellable;

  /* A row to show once it is loaded (Enter in the search shows the first) */
  guint               pending_activate;
};

G_DEFINE_FINAL_TYPE (CasCandidatesView, cas_candidates_view, CAS_TYPE_VIEW)

/* The query */

static CasPersonQuery *
build_query (CasCandidatesView *self)
{
  g_autofree char *search = NULL;
  CasPersonQuery *query;
  guint centre = gtk_drop_down_get_selected (self->centre_drop_down);
  guint language = gtk_drop_down_get_selected (self->language_drop_down);
  guint exams = gtk_drop_down_get_selected (self->exams_drop_down);

  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  query = cas_person_query_new (search[0] != '\0' ? search : NULL);

  if (centre != GTK_INVALID_LIST_POSITION && centre > 0 && centre <= self->centre_ids->len)
    query->company_id = g_array_index (self->centre_ids, gint64, centre - 1);
  if (language != GTK_INVALID_LIST_POSITION && language > 0 &&
      language <= G_N_ELEMENTS (languages))
    query->language = g_strdup (languages[language - 1]);
  if (exams == 1)
    query->exams = CAS_PERSON_EXAMS_SOME;
  else if (exams == 2)
    query->exams = CAS_PERSON_EXAMS_NONE;
  query->duplicates_only = gtk_toggle_button_get_active (self->duplicates_button);

  return query;
}

/* Applies the search and the filters; returns whether the query changed */
static gboolean
apply_query (CasCandidatesView *self)
{
  const CasPersonQuery *current;
  g_autoptr(CasPersonQuery) query = NULL;

  /* The filters are set up before the list exists */
  if (self->persons == NULL)
    return FALSE;

  current = cas_candidate_list_get_query (self->persons);
  query = build_query (self);
  if (current != NULL && cas_person_query_equal (current, query))
    return FALSE;

  self->pending_activate = GTK_INVALID_LIST_POSITION;

  /* Cancels what the previous query still had on its way */
  cas_candidate_list_set_query (self->persons, query);

  /* What was shown no longer matches the list */
  cas_candidate_detail_set_person (self->detail, NULL);
  _cas_view_show_list (CAS_VIEW (self));

  return TRUE;
}

static gboolean
query_is_everything (const CasPersonQuery *query)
{
  return (query->search == NULL || query->search[0] == '\0') &&
         query->company_id == 0 && query->language == NULL &&
         query->exams == CAS_PERSON_EXAMS_ANY && !query->duplicates_only;
}

/* Showing a person */

static gboolean
activate_position (CasCandidatesView *self,
                   guint              position)
{
  g_autoptr(CasPersonSummary) person = NULL;

  person = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (person == NULL)
    return FALSE;

  if (cas_person_summary_is_placeholder (person))
    {
      /* Shown when its page arrives */
      self->pending_activate = position;
      return FALSE;
    }

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  cas_candidate_detail_set_person (self->detail, person);
  _cas_view_show_detail (CAS_VIEW (self));

  return TRUE;
}

static void
update_list_state (CasCandidatesView *self)
{
  CasPagedList *list = CAS_PAGED_LIST (self->persons);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean loading = cas_paged_list_get_loading (list);
  gboolean counted = cas_paged_list_get_counted (list);
  const char *error = cas_paged_list_get_error (list);
  const char *page = "list";

  cas_gui_set_spinning (self->spinner, loading);

  if (counted)
    {
      g_autofree char *count = NULL;

      if (cas_candidate_list_has_more (self->persons))
        /* Translators: a search finds more persons than the list shows; the '
         * groups the digits as the locale does (10,000) */
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "More than %'u candidate",
                                              "More than %'u candidates",
                                              CAS_PERSON_COUNT_LIMIT),
                                 CAS_PERSON_COUNT_LIMIT);
      else
        /* Translators: the ' groups the digits as the locale does (12,345) */
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'u candidate", "%'u candidates", n_items),
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
      page = query_is_everything (cas_candidate_list_get_query (self->persons)) ? "none"
                                                                                 : "empty";
    }

  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
on_persons_notify_cb (CasCandidatesView *self,
                      GParamSpec        *pspec,
                      CasCandidateList  *persons)
{
  update_list_state (self);
}

static void
on_persons_items_changed_cb (CasCandidatesView *self,
                             guint              position,
                             guint              removed,
                             guint              added,
                             GListModel        *model)
{
  CasPersonSummary *shown = cas_candidate_detail_get_person (self->detail);

  if (self->pending_activate != GTK_INVALID_LIST_POSITION &&
      self->pending_activate >= position && self->pending_activate < position + added)
    activate_position (self, self->pending_activate);

  /* A loaded page may hold the person shown: select the row (looking at a
   * whole new list would load all its pages) */
  if (shown != NULL && removed == added && added <= 1000)
    {
      gint64 id = cas_person_summary_get_id (shown);

      for (guint i = position; i < position + added; i++)
        {
          g_autoptr(CasPersonSummary) person = g_list_model_get_item (model, i);

          if (cas_person_summary_get_id (person) == id)
            {
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }
}

static void
on_selection_changed_cb (CasCandidatesView  *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  CasPersonSummary *person = gtk_single_selection_get_selected_item (selection);

  /* Folded, the selection follows the pointer (single-click activation):
   * only activation shows a person */
  if (adw_leaflet_get_folded (self->leaflet))
    return;

  /* Losing the selection (a page reloaded) keeps the detail */
  if (person != NULL && !cas_person_summary_is_placeholder (person))
    cas_candidate_detail_set_person (self->detail, person);
}

static void
on_list_view_activate_cb (CasCandidatesView *self,
                          guint              position,
                          GtkListView       *list_view)
{
  activate_position (self, position);
}

static void
on_search_entry_search_changed_cb (CasCandidatesView *self,
                                   GtkSearchEntry    *entry)
{
  /* GtkSearchEntry waits for the typing to pause (150 ms) */
  apply_query (self);
}

static void
on_search_entry_activate_cb (CasCandidatesView *self,
                             GtkSearchEntry    *entry)
{
  /* Enter shows the first result, once the search has run */
  apply_query (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->persons)) > 0 &&
      cas_paged_list_get_counted (CAS_PAGED_LIST (self->persons)))
    activate_position (self, 0);
  else
    self->pending_activate = 0;
}

static void
on_filter_changed_cb (CasCandidatesView *self,
                      gpointer           widget)
{
  apply_query (self);
}

static void
on_retry_button_clicked_cb (CasCandidatesView *self,
                            GtkButton         *button)
{
  cas_paged_list_reload (CAS_PAGED_LIST (self->persons));
}

static void
on_detail_changed_cb (CasCandidatesView  *self,
                      CasCandidateDetail *detail)
{
  /* The e-mail or the language of a row may have changed */
  cas_paged_list_reload (CAS_PAGED_LIST (self->persons));
}

/* The centre filter */

static void
list_centres_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CasCandidatesView) self = user_data;
  g_autoptr(GPtrArray) centres = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *labels;

  centres = cas_gui_list_centres_finish (CAS_COMPANY_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (centres == NULL)
    {
      /* The filter stays at "All Centres" */
      g_warning ("Cannot list the exam centres: %s", error->message);
      return;
    }

  labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->centre_drop_down));
  for (guint i = 0; i < centres->len; i++)
    {
      const CasCompany *centre = g_ptr_array_index (centres, i);

      g_array_append_val (self->centre_ids, centre->id);
      gtk_string_list_append (labels, centre->name);
    }
}

/* Rows */

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *row = cas_candidate_row_new ();

  gtk_list_item_set_child (item, row);
  g_object_bind_property (item, "position", row, "position", G_BINDING_SYNC_CREATE);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  cas_candidate_row_set_person (CAS_CANDIDATE_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

/* CasView */

static void
cas_candidates_view_refresh (CasView *view)
{
  CasCandidatesView *self = CAS_CANDIDATES_VIEW (view);

  cas_paged_list_reload (CAS_PAGED_LIST (self->persons));
  cas_candidate_detail_reload (self->detail);
}

static void
cas_candidates_view_show_person (CasView *view,
                                 gint64   person_id)
{
  CasCandidatesView *self = CAS_CANDIDATES_VIEW (view);
  CasPersonSummaryFields fields = { .id = person_id };
  g_autoptr(CasPersonSummary) person = cas_person_summary_new (&fields);

  /* The detail reads the rest; the person may be new to the list */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  cas_candidate_detail_set_person (self->detail, person);
  cas_paged_list_reload (CAS_PAGED_LIST (self->persons));
  _cas_view_show_detail (view);
}

/* GObject */

static void
cas_candidates_view_constructed (GObject *object)
{
  CasCandidatesView *self = CAS_CANDIDATES_VIEW (object);
  CasDatabase *db = cas_view_get_database (CAS_VIEW (self));
  CasAccount *account = cas_view_get_account (CAS_VIEW (self));

  G_OBJECT_CLASS (cas_candidates_view_parent_class)->constructed (object);

  self->person_register = cas_person_register_new (db);
  self->person_service = cas_person_service_new (db);
  self->persons = cas_candidate_list_new (self->person_register, account);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->persons)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  /* What the list notifies is what update_list_state() shows */
  g_signal_connect_object (self->persons, "notify",
                           G_CALLBACK (on_persons_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* After the list view: it must know of new rows before we select one */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_persons_items_changed_cb), self, G_CONNECT_SWAPPED);
  cas_candidate_detail_set_register (self->detail, self->person_register, self->person_service,
                                     account);

  /* Administrators see their own centres' persons: the centre filter is
   * the operators' */
  if (cas_account_has_role (account, CAS_ROLE_OPERATOR))
    {
      self->companies = cas_company_service_new (db);
      gtk_widget_set_visible (GTK_WIDGET (self->centre_drop_down), TRUE);
      cas_gui_list_centres_async (self->companies, account, self->cancellable,
                                  list_centres_cb, g_object_ref (self));
    }

  update_list_state (self);
}

static void
cas_candidates_view_dispose (GObject *object)
{
  CasCandidatesView *self = CAS_CANDIDATES_VIEW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_CANDIDATES_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->persons);
  g_clear_object (&self->companies);
  g_clear_object (&self->person_service);
  g_clear_object (&self->person_register);

  G_OBJECT_CLASS (cas_candidates_view_parent_class)->dispose (object);
}

static void
cas_candidates_view_finalize (GObject *object)
{
  CasCandidatesView *self = CAS_CANDIDATES_VIEW (object);

  g_clear_pointer (&self->centre_ids, g_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cas_candidates_view_parent_class)->finalize (object);
}

/* New Candidate, checked against the register as it is typed */
static void
cas_candidates_view_activate_primary (CasView *view)
{
  gtk_widget_activate_action (GTK_WIDGET (view), "shell.new-person", NULL);
}

static void
cas_candidates_view_class_init (CasCandidatesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_candidates_view_constructed;
  object_class->dispose = cas_candidates_view_dispose;
  object_class->finalize = cas_candidates_view_finalize;

  view_class->refresh = cas_candidates_view_refresh;
  view_class->show_person = cas_candidates_view_show_person;
  view_class->activate_primary = cas_candidates_view_activate_primary;

  g_type_ensure (CAS_TYPE_CANDIDATE_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-candidates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, centre_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, language_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, exams_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, duplicates_button);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasCandidatesView, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_changed_cb);
}

static void
cas_candidates_view_init (CasCandidatesView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkStringList *labels;

  self->pending_activate = GTK_INVALID_LIST_POSITION;
  self->centre_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Set up before the list exists: its query is read from them */
  cas_gui_set_up_drop_down (self->centre_drop_down, _("All Centres"));
  cas_gui_set_up_drop_down (self->language_drop_down, _("Any Language"));
  labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->language_drop_down));
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    gtk_string_list_append (labels, cas_language_get_label (languages[i]));
  cas_gui_set_up_drop_down (self->exams_drop_down, _("With or Without Exams"));
  labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->exams_drop_down));
  gtk_string_list_append (labels, _("With Exams"));
  gtk_string_list_append (labels, _("Without Exams"));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->list_view), GTK_WIDGET (self->detail));
  _cas_view_set_up_search (CAS_VIEW (self), self->search_bar, GTK_EDITABLE (self->search_entry));

  /* A click opens a person when the detail takes the whole width */
  g_object_bind_property (self->leaflet, "folded",
                          self->list_view, "single-click-activate",
                          G_BINDING_SYNC_CREATE);
}
