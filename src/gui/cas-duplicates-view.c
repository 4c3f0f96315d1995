/* cas-duplicates-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-duplicates-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-candidate-row.h"
#include "cas-duplicate-group.h"
#include "cas-duplicates-view.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-merge-jobs.h"
#include "cas-reason-dialog.h"

/* A group row names at most this many persons */
#define MAX_ROW_PERSONS 4

typedef enum
{
  SCAN_NONE,
  SCAN_RUNNING,
  SCAN_DONE,
  SCAN_CANCELLED,
  SCAN_FAILED,
} ScanState;

struct _CasDuplicatesView
{
  CasView              parent_instance;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkWidget           *band_box;
  GtkToggleButton     *all_button;
  GtkToggleButton     *likely_button;
  GtkToggleButton     *possible_button;
  GtkDropDown         *centre_drop_down;
  GtkLabel            *figures_label;
  GtkStack            *list_stack;
  GtkProgressBar      *progress_bar;
  GtkListView         *groups_view;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkStack            *detail_stack;
  GtkLabel            *group_label;
  GtkWidget           *merge_group_button;
  GtkListBox          *persons_list;
  GtkListView         *pairs_view;

  /* Owned references */
  CasDuplicateService *duplicates;
  CasMergeService     *merges;
  GListStore          *groups;          /* CasDuplicateGroup, largest first */
  GtkCustomFilter     *group_filter;
  GtkSingleSelection  *selection;       /* over the groups the filters keep */
  GtkCustomFilter     *pair_filter;
  GtkFilterListModel  *shown_pairs;     /* the shown group's pairs the filters keep */
  GPtrArray           *centres;         /* char *, the choices after "All Centres" */
  GCancellable        *cancellable;     /* the scan running */
  CasDuplicateGroup   *shown;           /* the group the detail shows */
  /* What the reason dialog open is asked about: a pair, else the shown group */
  CasDuplicatePairItem *asked_pair;
  CasDuplicateGroup   *asked_group;

  ScanState            state;
  char                *error;
  guint                n_pairs;
  guint64              n_dismissed;
  CasDuplicateBand     band;            /* shown: UNLIKELY for every band */
  const char          *centre;          /* shown: NULL for every centre (in centres) */
};

G_DEFINE_FINAL_TYPE (CasDuplicatesView, cas_duplicates_view, CAS_TYPE_VIEW)

static void show_group (CasDuplicatesView *self,
                        CasDuplicateGroup *group);

static gboolean
is_operator (CasDuplicatesView *self)
{
  return cas_account_has_role (cas_view_get_account (CAS_VIEW (self)), CAS_ROLE_OPERATOR);
}

/* Operators merge any records; administrators, records of their centres
 * (another centre's they see by its minimal identity only), and a record
 * of theirs with another centre's the duplicate check proposes for it.
 * The core decides again. */
static gboolean
may_merge_person (CasDuplicatesView        *self,
                  const CasDuplicatePerson *person)
{
  return is_operator (self) || person->visible;
}

/* Texts */

/* "Dubois, Marc (CAS-00024)" */
static char *
format_person_name (const CasDuplicatePerson *person)
{
  g_autofree char *name = cas_candidate_dup_sort_name (person->first_name, person->last_name);

  /* Translators: a person and their reference, "Lambert, Sophie (#12)" */
  return g_strdup_printf (_("%s (%s)"), name, person->ref ? person->ref : "");
}

/* "born 3 Dec 1985 · Centre Liège" */
static char *
format_person_details (const CasDuplicatePerson *person)
{
  GString *text = g_string_new (NULL);

  if (person->birth_date != NULL)
    {
      g_autofree char *birth = cas_format_date (person->birth_date);

      /* Translators: a person's birth date, "born 3 Dec 1985" */
      g_string_append_printf (text, _("born %s"), birth);
    }
  if (person->centre != NULL)
    {
      if (text->len > 0)
        g_string_append (text, _(" · "));
      g_string_append (text, person->centre);
    }

  return g_string_free (text, FALSE);
}

/* "score 88.8" */
static char *
format_score (double score)
{
  /* Translators: a duplicate score, "score 88.8" */
  return g_strdup_printf (_("score %.1f"), score);
}

static const char *
band_style (CasDuplicateBand band)
{
  return band == CAS_DUPLICATE_BAND_LIKELY ? "warning" : "dim-label";
}

/* Gives @pill the text and style of @band */
static void
set_band_pill (GtkWidget        *pill,
               CasDuplicateBand  band)
{
  gtk_label_set_text (GTK_LABEL (pill), cas_duplicate_band_get_label (band));
  gtk_widget_remove_css_class (pill, "warning");
  gtk_widget_remove_css_class (pill, "dim-label");
  gtk_widget_add_css_class (pill, band_style (band));
}

/* Filters */

static gboolean
pair_matches (CasDuplicatesView    *self,
              CasDuplicatePairItem *pair)
{
  const CasDuplicateProposal *proposal = cas_duplicate_pair_item_get_proposal (pair);

  if (self->band != CAS_DUPLICATE_BAND_UNLIKELY && proposal->band != self->band)
    return FALSE;

  return self->centre == NULL || cas_duplicate_pair_item_has_centre (pair, self->centre);
}

static gboolean
pair_filter_func (gpointer item,
                  gpointer user_data)
{
  return pair_matches (user_data, item);
}

/* A group is shown when one of its pairs is */
static gboolean
group_filter_func (gpointer item,
                   gpointer user_data)
{
  GListModel *pairs = cas_duplicate_group_get_pairs (item);
  guint n_pairs = g_list_model_get_n_items (pairs);

  for (guint i = 0; i < n_pairs; i++)
    {
      g_autoptr(CasDuplicatePairItem) pair = g_list_model_get_item (pairs, i);

      if (pair_matches (user_data, pair))
        return TRUE;
    }

  return FALSE;
}

static gboolean
find_shown_group (CasDuplicatesView *self,
                  guint             *position)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (guint i = 0; self->shown != NULL && i < n_items; i++)
    {
      g_autoptr(CasDuplicateGroup) group = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                                  i);

      if (group == self->shown)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The figures and which page the list pane shows */
static void
update_list_state (CasDuplicatesView *self)
{
  g_autofree char *groups = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *dismissed = NULL;
  g_autofree char *figures = NULL;
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  gboolean filters = self->state == SCAN_DONE && n_groups > 0;

  /* Nothing to filter: the filters are off */
  gtk_widget_set_sensitive (self->band_box, filters);
  gtk_widget_set_sensitive (GTK_WIDGET (self->centre_drop_down), filters);

  switch (self->state)
    {
    case SCAN_NONE:
      return;

    case SCAN_RUNNING:
      gtk_label_set_text (self->figures_label, _("Looking for persons recorded twice…"));
      gtk_stack_set_visible_child_name (self->list_stack, "scanning");
      return;

    case SCAN_CANCELLED:
      gtk_label_set_text (self->figures_label, _("Scan cancelled"));
      gtk_stack_set_visible_child_name (self->list_stack, "cancelled");
      return;

    case SCAN_FAILED:
      {
        g_autofree char *escaped = g_markup_escape_text (self->error ? self->error : "", -1);

        gtk_label_set_text (self->figures_label, "");
        adw_status_page_set_description (self->error_page, escaped);
        gtk_stack_set_visible_child_name (self->list_stack, "error");
        return;
      }

    case SCAN_DONE:
    default:
      break;
    }

  if (n_shown < n_groups)
    /* Translators: "Showing 3 of 9 groups"; the ' groups the digits */
    groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %'u of %'u group",
                                           "Showing %'u of %'u groups", n_groups),
                              n_shown, n_groups);
  else
    groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u group", "%'u groups", n_groups),
                              n_groups);
  pairs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u pair", "%'u pairs", self->n_pairs),
                           self->n_pairs);
  dismissed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u pair marked “not the same person” left out",
                                            "%'u pairs marked “not the same person” left out",
                                            (gulong) self->n_dismissed),
                               (guint) self->n_dismissed);
  /* Translators: "9 groups · 11 pairs", then the pairs left out */
  figures = g_strdup_printf (_("%s · %s\n%s"), groups, pairs, dismissed);
  gtk_label_set_text (self->figures_label, figures);

  if (n_groups == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       self->n_dismissed > 0 ? dismissed
                                       : _("No two records of the register look like one "
                                           "person"));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "filtered");
    }
}

static void
apply_filters (CasDuplicatesView *self)
{
  guint position;

  /* The template sets the filters before the lists exist */
  if (self->group_filter == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->group_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->pair_filter), GTK_FILTER_CHANGE_DIFFERENT);

  if (self->shown != NULL && !find_shown_group (self, &position))
    {
      show_group (self, NULL);
      _cas_view_show_list (CAS_VIEW (self));
    }
  else if (self->shown != NULL &&
           gtk_single_selection_get_selected (self->selection) != position)
    {
      /* A group changed (a pair dismissed) is selected again */
      gtk_single_selection_set_selected (self->selection, position);
    }

  update_list_state (self);
}

static void
set_centres (CasDuplicatesView *self,
             GPtrArray         *centres)
{
  GtkStringList *labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->centre_drop_down));
  g_autofree const char **strings = NULL;

  /* "All Centres" first: nothing is filtered while the choices change */
  self->centre = NULL;
  gtk_drop_down_set_selected (self->centre_drop_down, 0);

  g_clear_pointer (&self->centres, g_ptr_array_unref);
  self->centres = g_ptr_array_ref (centres);

  strings = g_new0 (const char *, centres->len + 1);
  for (guint i = 0; i < centres->len; i++)
    strings[i] = g_ptr_array_index (centres, i);
  gtk_string_list_splice (labels, 1, g_list_model_get_n_items (G_LIST_MODEL (labels)) - 1,
                          strings);
}

/* Group rows */

typedef struct
{
  GtkWidget *persons_box;
  GtkWidget *score_label;
  GtkWidget *band_pill;
} GroupRow;

static void
on_groups_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GroupRow *row = g_new0 (GroupRow, 1);
  GtkWidget *box;
  GtkWidget *side;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  row->persons_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (row->persons_box, TRUE);
  gtk_box_append (GTK_BOX (box), row->persons_box);

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  row->band_pill = cas_gui_new_pill ("", NULL);
  gtk_widget_set_halign (row->band_pill, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (side), row->band_pill);
  row->score_label = g_object_new (GTK_TYPE_LABEL, "xalign", 1.0f, NULL);
  gtk_widget_add_css_class (row->score_label, "caption");
  gtk_widget_add_css_class (row->score_label, "numeric");
  gtk_widget_add_css_class (row->score_label, "dim-label");
  gtk_box_append (GTK_BOX (side), row->score_label);
  gtk_box_append (GTK_BOX (box), side);

  g_object_set_data_full (G_OBJECT (box), "cas-group-row", row, g_free);
  gtk_list_item_set_child (item, box);
}

/* A line of a group row. Its natural width is bounded: the list keeps its
 * width whatever the names. */
static GtkWidget *
new_person_label (const char *text,
                  const char *style)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "xalign", 0.0f,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   "max-width-chars", 24,
                                   NULL);

  if (style != NULL)
    {
      gtk_widget_add_css_class (label, style);
      gtk_widget_add_css_class (label, "caption");
    }

  return label;
}

static void
on_groups_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  CasDuplicateGroup *group = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GroupRow *row = g_object_get_data (G_OBJECT (box), "cas-group-row");
  guint n_persons = cas_duplicate_group_get_n_persons (group);
  CasDuplicateBand band = cas_duplicate_group_get_best_band (group);
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *score = format_score (cas_duplicate_group_get_best_score (group));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (row->persons_box)) != NULL)
    gtk_box_remove (GTK_BOX (row->persons_box), child);

  for (guint i = 0; i < n_persons && i < MAX_ROW_PERSONS; i++)
    {
      const CasDuplicatePerson *person = cas_duplicate_group_get_person (group, i);
      g_autofree char *name = format_person_name (person);
      g_autofree char *details = format_person_details (person);

      GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_box_append (GTK_BOX (lines), new_person_label (name, NULL));
      if (details[0] != '\0')
        gtk_box_append (GTK_BOX (lines), new_person_label (details, "dim-label"));
      gtk_box_append (GTK_BOX (row->persons_box), lines);
      if (accessible->len > 0)
        g_string_append (accessible, _(", "));
      g_string_append (accessible, name);
    }
  if (n_persons > MAX_ROW_PERSONS)
    {
      g_autofree char *more = NULL;

      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %'u more person",
                                           "and %'u more persons", n_persons - MAX_ROW_PERSONS),
                              n_persons - MAX_ROW_PERSONS);
      gtk_box_append (GTK_BOX (row->persons_box), new_person_label (more, "dim-label"));
      g_string_append_printf (accessible, _(", %s"), more);
    }

  set_band_pill (row->band_pill, band);
  gtk_label_set_text (GTK_LABEL (row->score_label), score);

  /* Translators: a duplicate group for screen readers: its persons, the
   * best score and its band */
  g_string_append_printf (accessible, _(", %s, %s"), score, cas_duplicate_band_get_label (band));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

/* Pair rows */

typedef struct
{
  CasDuplicatePairItem *pair;
  gulong                notify_handler;
  GtkWidget            *names_label;
  GtkWidget            *score_label;
  GtkWidget            *band_pill;
  GtkWidget            *reasons_label;
  GtkWidget            *requested_pill;
  GtkWidget            *not_same_button;
  GtkWidget            *merge_button;
} PairRow;

static void
pair_row_free (PairRow *row)
{
  if (row->pair != NULL)
    g_clear_signal_handler (&row->notify_handler, row->pair);
  g_clear_object (&row->pair);
  g_free (row);
}

static void
update_pair_row (CasDuplicatesView *self,
                 PairRow           *row)
{
  const CasDuplicateProposal *proposal = cas_duplicate_pair_item_get_proposal (row->pair);
  gboolean requested = cas_duplicate_pair_item_get_merge_requested (row->pair);
  gboolean may_merge = may_merge_person (self, proposal->a) ||
                       may_merge_person (self, proposal->b);
  gboolean other_centre = !proposal->a->visible || !proposal->b->visible;
  const char *tooltip;

  gtk_widget_set_visible (row->requested_pill, requested);

  if (requested)
    tooltip = _("A merge of these records is requested: an operator reviews it");
  else if (!may_merge)
    tooltip = _("Other centres hold the records: an operator may merge them");
  else if (other_centre)
    tooltip = _("Ask Certassur’s operators to merge your record with the record another "
                "centre holds");
  else
    tooltip = _("Ask another operator to compare the two records and merge them");
  gtk_widget_set_sensitive (row->merge_button, !requested && may_merge);
  gtk_widget_set_tooltip_text (row->merge_button, tooltip);
}

static void
on_pair_merge_requested_changed_cb (CasDuplicatePairItem *pair,
                                    GParamSpec           *pspec,
                                    GtkWidget            *box)
{
  CasDuplicatesView *self;

  self = CAS_DUPLICATES_VIEW (gtk_widget_get_ancestor (box, CAS_TYPE_DUPLICATES_VIEW));
  if (self != NULL)
    update_pair_row (self, g_object_get_data (G_OBJECT (box), "cas-pair-row"));
}

static void ask_not_same (CasDuplicatesView    *self,
                          CasDuplicatePairItem *pair);
static void ask_merge    (CasDuplicatesView    *self,
                          CasDuplicatePairItem *pair,
                          CasDuplicateGroup    *group);

static PairRow *
button_get_row (GtkWidget          *button,
                CasDuplicatesView **self)
{
  GtkWidget *box = g_object_get_data (G_OBJECT (button), "cas-pair-box");

  *self = CAS_DUPLICATES_VIEW (gtk_widget_get_ancestor (button, CAS_TYPE_DUPLICATES_VIEW));

  return g_object_get_data (G_OBJECT (box), "cas-pair-row");
}

static void
on_not_same_button_clicked_cb (GtkButton *button,
                               gpointer   user_data)
{
  CasDuplicatesView *self = NULL;
  PairRow *row = button_get_row (GTK_WIDGET (button), &self);

  if (self != NULL && row->pair != NULL)
    ask_not_same (self, row->pair);
}

static void
on_merge_button_clicked_cb (GtkButton *button,
                            gpointer   user_data)
{
  CasDuplicatesView *self = NULL;
  PairRow *row = button_get_row (GTK_WIDGET (button), &self);

  if (self != NULL && row->pair != NULL)
    ask_merge (self, row->pair, NULL);
}

static GtkWidget *
new_row_button (GtkWidget  *box,
                const char *label,
                GCallback   callback)
{
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "label", label,
                                    "valign", GTK_ALIGN_CENTER,
                                    NULL);

  g_object_set_data (G_OBJECT (button), "cas-pair-box", box);
  g_signal_connect (button, "clicked", callback, NULL);

  return button;
}

static void
on_pairs_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  PairRow *row = g_new0 (PairRow, 1);
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *buttons;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  row->names_label = g_object_new (GTK_TYPE_LABEL,
                                   "xalign", 0.0f,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   NULL);
  gtk_widget_add_css_class (row->names_label, "heading");
  gtk_box_append (GTK_BOX (box), row->names_label);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->band_pill = cas_gui_new_pill ("", NULL);
  gtk_box_append (GTK_BOX (top), row->band_pill);
  row->score_label = g_object_new (GTK_TYPE_LABEL, "valign", GTK_ALIGN_CENTER, NULL);
  gtk_widget_add_css_class (row->score_label, "numeric");
  gtk_widget_add_css_class (row->score_label, "dim-label");
  gtk_box_append (GTK_BOX (top), row->score_label);
  row->requested_pill = cas_gui_new_pill (_("Merge requested"), "accent");
  gtk_widget_set_margin_start (row->requested_pill, 6);
  gtk_box_append (GTK_BOX (top), row->requested_pill);
  gtk_box_append (GTK_BOX (box), top);

  row->reasons_label = g_object_new (GTK_TYPE_LABEL,
                                     "xalign", 0.0f,
                                     "wrap", TRUE,
                                     "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                     NULL);
  gtk_box_append (GTK_BOX (box), row->reasons_label);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  row->not_same_button = new_row_button (box, _("Not the Same Person…"),
                                         G_CALLBACK (on_not_same_button_clicked_cb));
  gtk_widget_set_tooltip_text (row->not_same_button,
                               _("Never propose these two records as duplicates again"));
  gtk_box_append (GTK_BOX (buttons), row->not_same_button);
  row->merge_button = new_row_button (box, _("Request Merge…"),
                                      G_CALLBACK (on_merge_button_clicked_cb));
  gtk_box_append (GTK_BOX (buttons), row->merge_button);
  gtk_box_append (GTK_BOX (box), buttons);

  g_object_set_data_full (G_OBJECT (box), "cas-pair-row", row, (GDestroyNotify) pair_row_free);
  gtk_list_item_set_child (item, box);
  /* The buttons act; the row itself has nothing to open */
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
on_pairs_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  CasDuplicatesView *self = user_data;
  CasDuplicatePairItem *pair = gtk_list_item_get_item (item);
  const CasDuplicateProposal *proposal = cas_duplicate_pair_item_get_proposal (pair);
  GtkWidget *box = gtk_list_item_get_child (item);
  PairRow *row = g_object_get_data (G_OBJECT (box), "cas-pair-row");
  g_autofree char *name_a = format_person_name (proposal->a);
  g_autofree char *name_b = format_person_name (proposal->b);
  g_autofree char *names = NULL;
  g_autofree char *score = format_score (proposal->score);
  g_autofree char *accessible = NULL;
  const char *band = cas_duplicate_band_get_label (proposal->band);

  /* Translators: the two records of a duplicate pair */
  names = g_strdup_printf (_("%s and %s"), name_a, name_b);
  gtk_label_set_text (GTK_LABEL (row->names_label), names);
  gtk_label_set_text (GTK_LABEL (row->score_label), score);
  set_band_pill (row->band_pill, proposal->band);
  gtk_label_set_text (GTK_LABEL (row->reasons_label), proposal->reasons ? proposal->reasons : "");

  g_set_object (&row->pair, pair);
  row->notify_handler =
    g_signal_connect_object (pair, "notify::merge-requested",
                             G_CALLBACK (on_pair_merge_requested_changed_cb), box,
                             G_CONNECT_DEFAULT);
  update_pair_row (self, row);

  /* Translators: a duplicate pair for screen readers: the records, the
   * score and the band */
  accessible = g_strdup_printf (_("%s, %s, %s"), names, score, band);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  proposal->reasons ? proposal->reasons : "",
                                  -1);
}

static void
on_pairs_unbind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  PairRow *row = g_object_get_data (G_OBJECT (box), "cas-pair-row");

  if (row->pair != NULL)
    g_clear_signal_handler (&row->notify_handler, row->pair);
  g_clear_object (&row->pair);
}

/* The detail: a group's persons and pairs */

static GtkWidget *
create_person_row (CasDuplicatesView        *self,
                   const CasDuplicatePerson *person)
{
  g_autofree char *name = format_person_name (person);
  g_autofree char *details = format_person_details (person);
  g_autofree char *open_label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", name,
                      "subtitle", details,
                      NULL);

  /* Translators: %s is a person and their reference */
  open_label = g_strdup_printf (_("Open %s"), name);
  button = g_object_new (GTK_TYPE_BUTTON,
                         "label", _("Open"),
                         "valign", GTK_ALIGN_CENTER,
                         NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, open_label,
                                  -1);
  if (person->visible && person->id > 0)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shell.show-person");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)", "candidates",
                                        person->id);
      gtk_widget_set_tooltip_text (button, _("Show the record in Candidates"));
    }
  else
    {
      /* Without its action: the action would make the button sensitive */
      gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button,
                                   _("Another centre holds this record: only its name, year of "
                                     "birth and centre are shown"));
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static gboolean
group_all_requested (CasDuplicateGroup *group)
{
  GListModel *pairs = cas_duplicate_group_get_pairs (group);
  guint n_pairs = g_list_model_get_n_items (pairs);

  for (guint i = 0; i < n_pairs; i++)
    {
      g_autoptr(CasDuplicatePairItem) pair = g_list_model_get_item (pairs, i);

      if (!cas_duplicate_pair_item_get_merge_requested (pair))
        return FALSE;
    }

  return TRUE;
}

static void
update_group_actions (CasDuplicatesView *self)
{
  CasDuplicateGroup *group = self->shown;
  guint n_persons = group != NULL ? cas_duplicate_group_get_n_persons (group) : 0;
  gboolean may_merge = group != NULL &&
                       (is_operator (self) || cas_duplicate_group_all_visible (group));
  gboolean requested = group != NULL && group_all_requested (group);
  g_autofree char *label = NULL;

  /* Two persons: the pair's own button does it */
  gtk_widget_set_visible (self->merge_group_button, n_persons > 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.request-group-merge",
                                 n_persons > 2 && may_merge && !requested);
  if (n_persons <= 2)
    return;

  /* Translators: a merge of every record of a group of N */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Request Merge of All %u…",
                                        "Request Merge of All %u…", n_persons),
                           n_persons);
  gtk_button_set_label (GTK_BUTTON (self->merge_group_button), label);
  gtk_widget_set_tooltip_text (self->merge_group_button,
                               requested ? _("A merge of these records is requested")
                               : !may_merge ? _("Another centre holds one of the records: an "
                                                "operator may merge them")
                               : _("Ask another operator to merge every record of the group "
                                   "into one"));
}

static void
show_group (CasDuplicatesView *self,
            CasDuplicateGroup *group)
{
  g_autofree char *persons = NULL;
  g_autofree char *score = NULL;
  g_autofree char *title = NULL;
  guint n_persons;

  g_set_object (&self->shown, group);
  cas_gui_list_box_remove_all (self->persons_list);

  if (group == NULL)
    {
      gtk_filter_list_model_set_model (self->shown_pairs, NULL);
      update_group_actions (self);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  n_persons = cas_duplicate_group_get_n_persons (group);
  persons = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u persons", n_persons),
                             n_persons);
  score = format_score (cas_duplicate_group_get_best_score (group));
  /* Translators: a duplicate group: "3 persons, best score 88.8 (likely)" */
  title = g_strdup_printf (_("%s, best %s (%s)"), persons, score,
                           cas_duplicate_band_get_label (
                             cas_duplicate_group_get_best_band (group)));
  gtk_label_set_text (self->group_label, title);

  for (guint i = 0; i < n_persons; i++)
    gtk_list_box_append (self->persons_list,
                         create_person_row (self, cas_duplicate_group_get_person (group, i)));

  gtk_filter_list_model_set_model (self->shown_pairs, cas_duplicate_group_get_pairs (group));
  update_group_actions (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "group");
}

/* Scanning */

/* What a job in a thread needs once done: the view, and what it works on */
typedef struct
{
  CasDuplicatesView    *self;
  GCancellable         *cancellable;   /* a scan's */
  CasDuplicatePairItem *pair;          /* acted on; NULL: every pair of group */
  CasDuplicateGroup    *group;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->pair);
  g_clear_object (&job->group);
  g_free (job);
}

static Job *
job_new (CasDuplicatesView    *self,
         CasDuplicatePairItem *pair,
         CasDuplicateGroup    *group)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->cancellable = self->cancellable ? g_object_ref (self->cancellable) : NULL;
  job->pair = pair ? g_object_ref (pair) : NULL;
  job->group = group ? g_object_ref (group) : NULL;

  return job;
}

static void
scan_progress (double   fraction,
               gpointer user_data)
{
  Job *scan = user_data;

  /* A scan the view no longer waits for says nothing */
  if (scan->cancellable == scan->self->cancellable)
    gtk_progress_bar_set_fraction (scan->self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  CasDuplicateGroup *group_a = *(CasDuplicateGroup **) a;
  CasDuplicateGroup *group_b = *(CasDuplicateGroup **) b;
  guint n_a = cas_duplicate_group_get_n_persons (group_a);
  guint n_b = cas_duplicate_group_get_n_persons (group_b);
  double score_a = cas_duplicate_group_get_best_score (group_a);
  double score_b = cas_duplicate_group_get_best_score (group_b);

  if (n_a != n_b)
    return n_a > n_b ? -1 : 1;

  return score_a > score_b ? -1 : score_a < score_b ? 1 : 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The centres the persons of the scan are held by, sorted */
static GPtrArray *
collect_centres (GPtrArray *pairs)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *centres = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pairs->len; i++)
    {
      const CasDuplicateProposal *proposal = g_ptr_array_index (pairs, i);
      const char *names[] = { proposal->a->centre, proposal->b->centre };

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          if (names[j] != NULL && g_hash_table_add (seen, (gpointer) names[j]))
            g_ptr_array_add (centres, g_strdup (names[j]));
        }
    }
  g_ptr_array_sort (centres, compare_strings);

  return centres;
}

/* The scan's pairs into groups (its clusters), largest first, best first */
static void
take_scan (CasDuplicatesView *self,
           CasDuplicateScan  *scan)
{
  g_autoptr(GHashTable) group_of = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) centres = collect_centres (scan->pairs);

  /* Keys: the ids in the clusters and the proposals, alive until the end */
  group_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < scan->clusters->len; i++)
    {
      GArray *cluster = g_ptr_array_index (scan->clusters, i);
      CasDuplicateGroup *group = cas_duplicate_group_new ();

      g_ptr_array_add (groups, group);
      for (guint j = 0; j < cluster->len; j++)
        g_hash_table_insert (group_of, &g_array_index (cluster, gint64, j), group);
    }

  /* The pairs go to the groups, which own them from now on */
  for (guint i = 0; i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *proposal = g_ptr_array_index (scan->pairs, i);
      g_autoptr(CasDuplicatePairItem) pair = cas_duplicate_pair_item_new (proposal);
      CasDuplicateGroup *group;

      group = g_hash_table_lookup (group_of, &proposal->a->id);
      if (group == NULL)
        group = g_hash_table_lookup (group_of, &proposal->b->id);
      if (group == NULL)
        {
          group = cas_duplicate_group_new ();
          g_ptr_array_add (groups, group);
          g_hash_table_insert (group_of, &proposal->a->id, group);
          g_hash_table_insert (group_of, &proposal->b->id, group);
        }
      cas_duplicate_group_add_pair (group, pair);
    }
  g_ptr_array_set_free_func (scan->pairs, NULL);

  for (guint i = groups->len; i > 0; i--)
    {
      if (g_list_model_get_n_items (cas_duplicate_group_get_pairs (groups->pdata[i - 1])) == 0)
        g_ptr_array_remove_index (groups, i - 1);
    }
  g_ptr_array_sort (groups, compare_groups);

  self->n_pairs = scan->pairs->len;
  self->n_dismissed = scan->n_dismissed;
  set_centres (self, centres);
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       groups->pdata, groups->len);
}

/* Pairs whose records a pending merge request holds: "Merge requested" */
static void
pending_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CasDuplicatesView) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GHashTable) request_of = NULL;
  g_autoptr(GError) error = NULL;
  guint n_groups;

  requests = cas_merge_list_finish (CAS_MERGE_SERVICE (object), result, &error);
  if (requests == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the pending merge requests: %s", error->message);
      return;
    }
  if (self->groups == NULL)
    return;

  request_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < requests->len; i++)
    {
      CasMergeRequest *request = g_ptr_array_index (requests, i);

      for (guint j = 0; j < request->person_ids->len; j++)
        g_hash_table_insert (request_of, &g_array_index (request->person_ids, gint64, j),
                             &request->id);
    }

  n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  for (guint i = 0; i < n_groups; i++)
    {
      g_autoptr(CasDuplicateGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      GListModel *pairs = cas_duplicate_group_get_pairs (group);
      guint n_pairs = g_list_model_get_n_items (pairs);

      for (guint j = 0; j < n_pairs; j++)
        {
          g_autoptr(CasDuplicatePairItem) pair = g_list_model_get_item (pairs, j);
          const CasDuplicateProposal *proposal = cas_duplicate_pair_item_get_proposal (pair);
          gpointer a = g_hash_table_lookup (request_of, &proposal->a->id);

          if (a != NULL && a == g_hash_table_lookup (request_of, &proposal->b->id))
            cas_duplicate_pair_item_set_merge_requested (pair, TRUE);
        }
    }

  update_group_actions (self);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *data = user_data;
  CasDuplicatesView *self = data->self;
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  CasMergeStatus pending = CAS_MERGE_PENDING;

  scan = cas_duplicate_service_scan_finish (CAS_DUPLICATE_SERVICE (object), result, &error);

  /* Another scan took its place, or the view is gone */
  if (data->cancellable != self->cancellable)
    {
      job_free (data);
      return;
    }
  g_clear_object (&self->cancellable);
  job_free (data);

  if (scan == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->state = SCAN_CANCELLED;
        }
      else
        {
          g_warning ("Cannot look for duplicates: %s", error->message);
          g_free (self->error);
          self->error = g_strdup (error->message);
          self->state = SCAN_FAILED;
        }
      update_list_state (self);
      return;
    }

  self->state = SCAN_DONE;
  take_scan (self, scan);
  update_list_state (self);

  cas_merge_list_async (self->merges, cas_view_get_account (CAS_VIEW (self)), &pending, NULL,
                        pending_cb, g_object_ref (self));
}

static void
start_scan (CasDuplicatesView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_group (self, NULL);
  _cas_view_show_list (CAS_VIEW (self));
  g_list_store_remove_all (self->groups);
  self->n_pairs = 0;
  self->n_dismissed = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  self->state = SCAN_RUNNING;
  update_list_state (self);

  /* Both bands: the filter shows one or the other without scanning again */
  cas_duplicate_service_scan_async (self->duplicates, cas_view_get_account (CAS_VIEW (self)),
                                    CAS_DUPLICATE_POSSIBLE_SCORE,
                                    scan_progress, job_new (self, NULL, NULL),
                                    (GDestroyNotify) job_free,
                                    self->cancellable, scan_cb, job_new (self, NULL, NULL));
}

/* Acting on a pair or a group */

/* The group of @pair */
static CasDuplicateGroup *
find_group (CasDuplicatesView    *self,
            CasDuplicatePairItem *pair,
            guint                *position)
{
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  for (guint i = 0; i < n_groups; i++)
    {
      g_autoptr(CasDuplicateGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (g_list_store_find (G_LIST_STORE (cas_duplicate_group_get_pairs (group)), pair, NULL))
        {
          *position = i;
          return group;
        }
    }

  return NULL;
}

typedef struct
{
  CasAccount *actor;
  gint64      a;
  gint64      b;
  char       *reason;
} Dismiss;

static void
dismiss_free (Dismiss *dismiss)
{
  g_clear_object (&dismiss->actor);
  g_free (dismiss->reason);
  g_free (dismiss);
}

static void
dismiss_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Dismiss *dismiss = task_data;
  GError *error = NULL;

  if (cas_duplicate_service_dismiss (source_object, dismiss->actor, dismiss->a, dismiss->b,
                                     dismiss->reason, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
dismiss_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *act = user_data;
  CasDuplicatesView *self = act->self;
  g_autoptr(GError) error = NULL;
  CasDuplicateGroup *group;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_message ("Pair not dismissed: %s", error->message);
      if (self->groups != NULL)
        cas_reason_dialog_show_error (GTK_WIDGET (self), _("Not Done"), error->message);
      job_free (act);
      return;
    }

  group = self->groups != NULL ? find_group (self, act->pair, &position) : NULL;
  if (group != NULL)
    {
      g_object_ref (group);
      cas_duplicate_group_remove_pair (group, act->pair);
      self->n_pairs--;
      self->n_dismissed++;

      /* The row shows the persons left; a group without pairs goes */
      if (g_list_model_get_n_items (cas_duplicate_group_get_pairs (group)) == 0)
        g_list_store_remove (self->groups, position);
      else
        g_list_store_splice (self->groups, position, 1, (gpointer *) &group, 1);

      if (self->shown == group)
        show_group (self, g_list_model_get_n_items (cas_duplicate_group_get_pairs (group)) > 0
                          ? group : NULL);
      g_object_unref (group);
      apply_filters (self);
      cas_gui_add_toast (GTK_WIDGET (self),
                         _("Marked as different persons: they are not proposed again"));
    }

  job_free (act);
}

static void
on_not_same_reason_cb (GtkWidget  *widget,
                       const char *reason)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (widget);
  const CasDuplicateProposal *proposal;
  g_autoptr(GTask) task = NULL;
  Dismiss *dismiss;

  if (self->asked_pair == NULL)
    return;

  proposal = cas_duplicate_pair_item_get_proposal (self->asked_pair);
  dismiss = g_new0 (Dismiss, 1);
  dismiss->actor = g_object_ref (cas_view_get_account (CAS_VIEW (self)));
  dismiss->a = proposal->a->id;
  dismiss->b = proposal->b->id;
  dismiss->reason = g_strdup (reason);

  task = g_task_new (self->duplicates, NULL, dismiss_cb,
                     job_new (self, self->asked_pair, self->asked_group));
  g_task_set_source_tag (task, on_not_same_reason_cb);
  g_task_set_task_data (task, dismiss, (GDestroyNotify) dismiss_free);
  g_task_run_in_thread (task, dismiss_thread);
}

static void
ask_not_same (CasDuplicatesView    *self,
              CasDuplicatePairItem *pair)
{
  g_set_object (&self->asked_pair, pair);
  g_clear_object (&self->asked_group);
  cas_reason_dialog_ask (GTK_WIDGET (self), _("Not the Same Person?"),
                         _("These two records are never proposed as duplicates of each other "
                           "again. Say why they are two persons."),
                         _("Not the Same Person"), TRUE, TRUE, on_not_same_reason_cb);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *act = user_data;
  CasDuplicatesView *self = act->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  gint64 request_id;

  request_id = cas_merge_act_finish (CAS_MERGE_SERVICE (object), result, &error);
  if (request_id <= 0)
    {
      g_message ("Merge not requested: %s", error->message);
      if (self->groups != NULL)
        cas_reason_dialog_show_error (GTK_WIDGET (self), _("Merge Not Requested"),
                                      error->message);
      job_free (act);
      return;
    }

  if (act->pair != NULL)
    {
      cas_duplicate_pair_item_set_merge_requested (act->pair, TRUE);
    }
  else if (act->group != NULL)
    {
      GListModel *pairs = cas_duplicate_group_get_pairs (act->group);
      guint n_pairs = g_list_model_get_n_items (pairs);

      for (guint i = 0; i < n_pairs; i++)
        {
          g_autoptr(CasDuplicatePairItem) pair = g_list_model_get_item (pairs, i);

          cas_duplicate_pair_item_set_merge_requested (pair, TRUE);
        }
    }

  if (self->groups != NULL)
    {
      update_group_actions (self);
      number = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
      /* Translators: %s is the request's number */
      text = g_strdup_printf (_("Merge request #%s sent: another operator reviews it"), number);
      cas_gui_add_toast (GTK_WIDGET (self), text);
    }

  job_free (act);
}

static void
on_merge_reason_cb (GtkWidget  *widget,
                    const char *reason)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CasMergeAction action = CAS_MERGE_ACTION_REQUEST;

  if (self->asked_pair != NULL)
    {
      const CasDuplicateProposal *proposal;

      proposal = cas_duplicate_pair_item_get_proposal (self->asked_pair);

      /* The record the actor sees first: the other may be another
       * centre's, a duplicate of it */
      action = CAS_MERGE_ACTION_REQUEST_DUPLICATE;
      if (proposal->a->visible)
        {
          g_array_append_val (ids, proposal->a->id);
          g_array_append_val (ids, proposal->b->id);
        }
      else
        {
          g_array_append_val (ids, proposal->b->id);
          g_array_append_val (ids, proposal->a->id);
        }
    }
  else if (self->asked_group != NULL)
    {
      guint n_persons = cas_duplicate_group_get_n_persons (self->asked_group);

      for (guint i = 0; i < n_persons; i++)
        g_array_append_val (ids, cas_duplicate_group_get_person (self->asked_group, i)->id);
    }
  else
    {
      return;
    }

  cas_merge_act_async (self->merges, cas_view_get_account (CAS_VIEW (self)),
                       action, 0, (const gint64 *) ids->data, ids->len, reason,
                       NULL, NULL, request_cb, job_new (self, self->asked_pair, self->asked_group));
}

static void
ask_merge (CasDuplicatesView    *self,
           CasDuplicatePairItem *pair,
           CasDuplicateGroup    *group)
{
  g_set_object (&self->asked_pair, pair);
  g_set_object (&self->asked_group, group);
  cas_reason_dialog_ask (GTK_WIDGET (self), _("Request a Merge?"),
                         _("An operator other than you compares the records and merges them, "
                           "or rejects the request. Say why they are the same person."),
                         _("Request Merge"), TRUE, FALSE, on_merge_reason_cb);
}

static void
request_group_merge_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (widget);

  if (self->shown != NULL)
    ask_merge (self, NULL, self->shown);
}

/* Callbacks */

static void
on_band_button_toggled_cb (CasDuplicatesView *self,
                           GtkToggleButton   *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->likely_button)
    self->band = CAS_DUPLICATE_BAND_LIKELY;
  else if (button == self->possible_button)
    self->band = CAS_DUPLICATE_BAND_POSSIBLE;
  else
    self->band = CAS_DUPLICATE_BAND_UNLIKELY;

  apply_filters (self);
}

static void
on_centre_drop_down_selected_cb (CasDuplicatesView *self,
                                 GParamSpec        *pspec,
                                 GtkDropDown       *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (self->centres != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected <= self->centres->len)
    self->centre = g_ptr_array_index (self->centres, selected - 1);
  else
    self->centre = NULL;

  apply_filters (self);
}

static void
on_selection_changed_cb (CasDuplicatesView  *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  CasDuplicateGroup *group = gtk_single_selection_get_selected_item (selection);

  /* Folded, the selection follows the pointer: only activation shows a
   * group. Losing the selection (a filter) keeps the detail. */
  if (group == NULL || adw_leaflet_get_folded (self->leaflet))
    return;

  show_group (self, group);
}

static void
on_groups_view_activate_cb (CasDuplicatesView *self,
                            guint              position,
                            GtkListView       *list_view)
{
  g_autoptr(CasDuplicateGroup) group = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                              position);

  if (group == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  show_group (self, group);
  _cas_view_show_detail (CAS_VIEW (self));
}

static void
on_cancel_button_clicked_cb (CasDuplicatesView *self,
                             GtkButton         *button)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_scan_button_clicked_cb (CasDuplicatesView *self,
                           GtkButton         *button)
{
  start_scan (self);
}

/* CasView */

static void
cas_duplicates_view_refresh (CasView *view)
{
  start_scan (CAS_DUPLICATES_VIEW (view));
}

/* GObject */

static void
cas_duplicates_view_constructed (GObject *object)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (object);
  CasDatabase *db;

  G_OBJECT_CLASS (cas_duplicates_view_parent_class)->constructed (object);

  db = cas_view_get_database (CAS_VIEW (self));
  self->duplicates = cas_duplicate_service_new (db);
  self->merges = cas_merge_service_new (db);
  start_scan (self);
}

static void
cas_duplicates_view_dispose (GObject *object)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_DUPLICATES_VIEW);

  g_clear_object (&self->shown);
  g_clear_object (&self->asked_pair);
  g_clear_object (&self->asked_group);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown_pairs);
  g_clear_object (&self->group_filter);
  g_clear_object (&self->pair_filter);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->centres, g_ptr_array_unref);
  self->centre = NULL;
  g_clear_object (&self->duplicates);
  g_clear_object (&self->merges);

  G_OBJECT_CLASS (cas_duplicates_view_parent_class)->dispose (object);
}

static void
cas_duplicates_view_finalize (GObject *object)
{
  CasDuplicatesView *self = CAS_DUPLICATES_VIEW (object);

  g_free (self->error);

  G_OBJECT_CLASS (cas_duplicates_view_parent_class)->finalize (object);
}

static void
cas_duplicates_view_class_init (CasDuplicatesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_duplicates_view_constructed;
  object_class->dispose = cas_duplicates_view_dispose;
  object_class->finalize = cas_duplicates_view_finalize;

  view_class->refresh = cas_duplicates_view_refresh;

  gtk_widget_class_install_action (widget_class, "duplicates.request-group-merge", NULL,
                                   request_group_merge_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-duplicates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, band_box);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, all_button);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, likely_button);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, possible_button);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, centre_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, figures_label);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, groups_view);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, group_label);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, merge_group_button);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, persons_list);
  gtk_widget_class_bind_template_child (widget_class, CasDuplicatesView, pairs_view);
  gtk_widget_class_bind_template_callback (widget_class, on_band_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_centre_drop_down_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_groups_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_button_clicked_cb);
}

static void
cas_duplicates_view_init (CasDuplicatesView *self)
{
  g_autoptr(GtkListItemFactory) groups_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) pairs_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) no_selection = NULL;
  GtkFilterListModel *filtered;

  self->band = CAS_DUPLICATE_BAND_UNLIKELY;

  gtk_widget_init_template (GTK_WIDGET (self));

  cas_gui_set_up_drop_down (self->centre_drop_down, _("All Centres"));

  self->groups = g_list_store_new (CAS_TYPE_DUPLICATE_GROUP);
  self->group_filter = gtk_custom_filter_new (group_filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)),
                                        g_object_ref (GTK_FILTER (self->group_filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (groups_factory, "setup", G_CALLBACK (on_groups_setup_cb), self);
  g_signal_connect (groups_factory, "bind", G_CALLBACK (on_groups_bind_cb), self);
  gtk_list_view_set_factory (self->groups_view, groups_factory);
  gtk_list_view_set_model (self->groups_view, GTK_SELECTION_MODEL (self->selection));

  self->pair_filter = gtk_custom_filter_new (pair_filter_func, self, NULL);
  self->shown_pairs = gtk_filter_list_model_new (NULL,
                                                 g_object_ref (GTK_FILTER (self->pair_filter)));
  g_signal_connect (pairs_factory, "setup", G_CALLBACK (on_pairs_setup_cb), self);
  g_signal_connect (pairs_factory, "bind", G_CALLBACK (on_pairs_bind_cb), self);
  g_signal_connect (pairs_factory, "unbind", G_CALLBACK (on_pairs_unbind_cb), self);
  gtk_list_view_set_factory (self->pairs_view, pairs_factory);
  no_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown_pairs)));
  gtk_list_view_set_model (self->pairs_view, GTK_SELECTION_MODEL (no_selection));

  _cas_view_set_up_split (CAS_VIEW (self), self->leaflet, self->list_pane,
                          GTK_WIDGET (self->groups_view), GTK_WIDGET (self->detail_stack));
}
