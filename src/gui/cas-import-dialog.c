/* cas-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import of a CSV file of candidates, with a review before anything is
 * written (cas-import-review.h). Four pages:
 *
 *  1. the file: chosen, or dropped on the dialog;
 *  2. the analysis, in a thread, with progress and Stop: every row
 *     validated and compared with the register and the rows before it;
 *  3. the review: the rows that may be persons registered already, each
 *     to create, to update the existing record with, or to skip; the rows
 *     with errors by line and column; the first rows of the file as read;
 *     Import is offered once every flagged row has a decision;
 *  4. what was written.
 *
 * The commit runs in a thread too, in one transaction: Stop, closing the
 * dialog or an error writes nothing, and the review stays as it was to try
 * again.
 *
 * Signals: "imported", once something was written.
 */

#define G_LOG_DOMAIN "cas-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-import-dialog.h"
#include "cas-import-review.h"

/* How often the progress bar follows the worker, in milliseconds */
#define PROGRESS_INTERVAL_MS 100
/* Existing records a flagged row offers to update */
#define MAX_UPDATE_CHOICES 3

/* An entry of the review's lists: a row of the file, or one problem of it */

#define CAS_TYPE_IMPORT_ENTRY (cas_import_entry_get_type ())

G_DECLARE_FINAL_TYPE (CasImportEntry, cas_import_entry, CAS, IMPORT_ENTRY, GObject)

struct _CasImportEntry
{
  GObject parent_instance;

  guint   position;  /* of the row in the review */
  guint   problem;   /* of the problem in the row, for the errors */
};

G_DEFINE_FINAL_TYPE (CasImportEntry, cas_import_entry, G_TYPE_OBJECT)

static void
cas_import_entry_class_init (CasImportEntryClass *klass)
{
}

static void
cas_import_entry_init (CasImportEntry *self)
{
}

static CasImportEntry *
cas_import_entry_new (guint position,
                      guint problem)
{
  CasImportEntry *self = g_object_new (CAS_TYPE_IMPORT_ENTRY, NULL);

  self->position = position;
  self->problem = problem;

  return self;
}

struct _CasImportDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkButton        *close_button;
  GtkButton        *import_button;
  GtkStack         *stack;
  GtkCheckButton   *legacy_check;
  GtkLabel         *choose_error_label;
  AdwStatusPage    *working_page;
  GtkProgressBar   *progress_bar;
  GtkButton        *stop_button;
  GtkLabel         *summary_label;
  GtkLabel         *review_error_label;
  AdwViewStack     *review_stack;
  AdwViewStackPage *flagged_page;
  AdwViewStackPage *problems_page;
  GtkStack         *flagged_stack;
  GtkStack         *problems_stack;
  GtkListView      *flagged_view;
  GtkListView      *problems_view;
  GtkGrid          *preview_grid;
  AdwStatusPage    *done_page;

  /* Owned references */
  CasDatabase      *db;
  CasAccount       *actor;
  GFile            *file;
  CasImportReview  *review;
  GCancellable     *cancellable;
  GListStore       *flagged;   /* CasImportEntry: the rows to decide */
  GListStore       *problems;  /* CasImportEntry: every problem of every row */
  GPtrArray        *bound_rows; /* FlaggedRow: those shown */

  /* The worker's progress in thousandths, read by progress_source */
  int               progress;
  guint             progress_source;
  /* A worker runs: the review is its own until it ends */
  gboolean          busy;
  /* The window was closed: a worker's end shows nothing */
  gboolean          closed;
};

G_DEFINE_FINAL_TYPE (CasImportDialog, cas_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* What a worker works on: the review is not touched elsewhere meanwhile */
typedef struct
{
  CasImportReview  *review;
  GFile            *file;
  CasImportOutcome  outcome;
} Work;

static void
work_free (Work *work)
{
  g_clear_object (&work->review);
  g_clear_object (&work->file);
  g_free (work);
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* Progress */

static void
on_worker_progress (double   fraction,
                    gpointer user_data)
{
  CasImportDialog *self = user_data;

  /* In the worker's thread */
  g_atomic_int_set (&self->progress, (int) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

static gboolean
update_progress_cb (gpointer user_data)
{
  CasImportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&self->progress) / 1000.0);

  return G_SOURCE_CONTINUE;
}

/* Shows the working page, its progress at 0 */
static void
start_working (CasImportDialog *self,
               const char      *title,
               const char      *description)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;

  g_atomic_int_set (&self->progress, 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, update_progress_cb, self);

  adw_status_page_set_title (self->working_page, title);
  adw_status_page_set_description (self->working_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_button));
}

static void
stop_working (CasImportDialog *self)
{
  self->busy = FALSE;
  g_clear_handle_id (&self->progress_source, g_source_remove);
}

/* The first page, with a message or none */
static void
show_choose_page (CasImportDialog *self,
                  const char      *message)
{
  g_clear_object (&self->review);
  g_list_store_remove_all (self->flagged);
  g_list_store_remove_all (self->problems);
  adw_window_title_set_subtitle (self->window_title, NULL);
  cas_gui_set_message (self->choose_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "choose");
}

/* The review: counts */

typedef struct
{
  guint64 create;
  guint64 update;
  guint64 skip;
  guint64 undecided;
} Decisions;

static void
count_decisions (CasImportDialog *self,
                 Decisions       *decisions)
{
  guint n = cas_import_review_get_n_rows (self->review);

  *decisions = (Decisions) { 0, };
  for (guint i = 0; i < n; i++)
    {
      switch (cas_import_review_get_row (self->review, i)->decision)
        {
        case CAS_IMPORT_DECISION_CREATE:
          decisions->create++;
          break;
        case CAS_IMPORT_DECISION_UPDATE_EXISTING:
          decisions->update++;
          break;
        case CAS_IMPORT_DECISION_SKIP:
          decisions->skip++;
          break;
        case CAS_IMPORT_DECISION_NONE:
        default:
          decisions->undecided++;
          break;
        }
    }
}

/* The summary, the badge of the rows to review and Import follow the
 * decisions */
static void
update_decisions (CasImportDialog *self)
{
  const CasImportSummary *summary = cas_import_review_get_summary (self->review);
  g_autofree char *rows = format_count (summary->n_rows);
  g_autofree char *create = NULL;
  g_autofree char *update = NULL;
  g_autofree char *skip = NULL;
  g_autofree char *read = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *text = NULL;
  Decisions decisions;

  count_decisions (self, &decisions);
  create = format_count (decisions.create);
  update = format_count (decisions.update);
  skip = format_count (decisions.skip);

  /* Translators: "120 rows in the file: 100 to create, 3 to update, 17 to skip." */
  read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row in the file:",
                                       "%s rows in the file:", summary->n_rows),
                          rows);
  decided = g_strdup_printf (_("%s to create, %s to update, %s to skip."), create, update, skip);
  if (decisions.undecided > 0)
    {
      g_autofree char *undecided = format_count (decisions.undecided);
      g_autofree char *left =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s row may be a person registered already: decide what "
                                      "becomes of it before importing.",
                                      "%s rows may be persons registered already: decide what "
                                      "becomes of each before importing.",
                                      decisions.undecided),
                         undecided);

      text = g_strjoin (" ", read, decided, left, NULL);
    }
  else
    text = g_strjoin (" ", read, decided, NULL);
  gtk_label_set_text (self->summary_label, text);

  adw_view_stack_page_set_badge_number (self->flagged_page, (guint) decisions.undecided);
  adw_view_stack_page_set_needs_attention (self->flagged_page, decisions.undecided > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            decisions.undecided == 0 && decisions.create + decisions.update > 0);
}

/* The review: rows to decide */

typedef struct
{
  GtkWidget      *box;
  GtkLabel       *title;
  GtkLabel       *details;
  GtkLabel       *reasons;
  GtkBox         *choices;
  CasImportEntry *entry;  /* bound, or NULL */
} FlaggedRow;

/* What a choice button decides */
typedef struct
{
  CasImportDialog   *self;
  FlaggedRow        *row;
  guint              position;  /* of the row in the review */
  CasImportDecision  decision;
  gint64             id;
} Choice;

static void
choice_free (gpointer  data,
             GClosure *closure)
{
  g_free (data);
}

static GtkLabel *
new_row_label (GtkBox     *box,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static void
on_flagged_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  FlaggedRow *row = g_new0 (FlaggedRow, 1);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (row->box, 12);
  gtk_widget_set_margin_end (row->box, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row->box), text);
  row->title = new_row_label (GTK_BOX (text), "heading");
  row->details = new_row_label (GTK_BOX (text), "dim-label");
  row->reasons = new_row_label (GTK_BOX (text), NULL);

  gtk_widget_add_css_class (choices, "linked");
  gtk_widget_set_valign (choices, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row->box), choices);
  row->choices = GTK_BOX (choices);

  g_object_set_data_full (G_OBJECT (item), "cas-flagged-row", row, g_free);
  gtk_list_item_set_child (item, row->box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void refresh_flagged_later (CasImportDialog *self);

static void
on_choice_toggled_cb (GtkToggleButton *button,
                      Choice          *choice)
{
  CasImportDialog *self = choice->self;
  g_autoptr(GError) error = NULL;

  if (!gtk_toggle_button_get_active (button) || self->busy)
    return;

  if (!cas_import_review_set_decision (self->review, choice->position, choice->decision,
                                       choice->id, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      refresh_flagged_later (self);
    }
  update_decisions (self);
}

static GtkToggleButton *
add_choice (CasImportDialog   *self,
            FlaggedRow        *row,
            GtkToggleButton   *group,
            const char        *label,
            const char        *tooltip,
            const CasImportRow *import_row,
            guint              position,
            CasImportDecision  decision,
            gint64             id)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);
  Choice *choice = g_new0 (Choice, 1);

  choice->self = self;
  choice->row = row;
  choice->position = position;
  choice->decision = decision;
  choice->id = id;

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                import_row->decision == decision &&
                                (decision != CAS_IMPORT_DECISION_UPDATE_EXISTING ||
                                 import_row->update_id == id));
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_signal_connect_data (button, "toggled", G_CALLBACK (on_choice_toggled_cb), choice,
                         choice_free, G_CONNECT_DEFAULT);
  gtk_box_append (row->choices, button);

  return GTK_TOGGLE_BUTTON (button);
}

static const char *
band_label (CasDuplicateBand band)
{
  return band == CAS_DUPLICATE_BAND_LIKELY ? _("Likely the same person")
                                           : _("Possibly the same person");
}

/* "Likely the same person as Marie Dupont (CAS-00123, born 1985-07-30,
 * Assurcentre Bruxelles): same e-mail, same birth date" */
static char *
describe_match (const CasDuplicateProposal *match)
{
  const CasDuplicatePerson *a = match->a;
  g_autofree char *who = NULL;

  if (a->birth_date != NULL && a->centre != NULL)
    /* Translators: a person of the register: name, reference, birth date, centre */
    who = g_strdup_printf (_("%s %s (%s, born %s, %s)"), a->first_name, a->last_name, a->ref,
                           a->birth_date, a->centre);
  else if (a->birth_date != NULL)
    who = g_strdup_printf (_("%s %s (%s, born %s)"), a->first_name, a->last_name, a->ref,
                           a->birth_date);
  else
    who = g_strdup_printf (_("%s %s (%s)"), a->first_name, a->last_name, a->ref);

  /* Translators: "Likely the same person as Marie Dupont (…): same e-mail" */
  return g_strdup_printf (_("%s as %s: %s"), band_label (match->band), who, match->reasons);
}

/* Shows row->entry and its decision */
static void
fill_flagged_row (CasImportDialog *self,
                  FlaggedRow      *row)
{
  CasImportEntry *entry = row->entry;
  const CasImportRow *import_row = cas_import_review_get_row (self->review, entry->position);
  const CasPerson *person = import_row->person;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = format_count (import_row->line);
  g_autofree char *title = NULL;
  g_autofree char *details_text = NULL;
  g_autofree char *accessible = NULL;
  GtkToggleButton *group;
  GtkWidget *child;
  guint n_updates = 0;

  /* Translators: a row of the file: "Line 12 · Marie Dupont" */
  title = g_strdup_printf (_("Line %s · %s %s"), line, person->first_name, person->last_name);
  gtk_label_set_text (row->title, title);

  if (person->birth_date != NULL)
    g_ptr_array_add (details, cas_format_date (person->birth_date));
  if (person->email != NULL)
    g_ptr_array_add (details, g_strdup (person->email));
  if (person->phone != NULL)
    g_ptr_array_add (details, g_strdup (person->phone));
  if (person->city != NULL)
    g_ptr_array_add (details, g_strdup (person->city));
  g_ptr_array_add (details, NULL);
  details_text = g_strjoinv (" · ", (char **) details->pdata);
  gtk_label_set_text (row->details, details_text);
  gtk_widget_set_visible (GTK_WIDGET (row->details), details_text[0] != '\0');

  for (guint i = 0; i < import_row->matches->len; i++)
    {
      g_autofree char *match = describe_match (g_ptr_array_index (import_row->matches, i));

      g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? "\n" : "", match);
    }
  if (import_row->same_as_line > 0)
    {
      g_autofree char *other = format_count (import_row->same_as_line);

      g_string_append_printf (reasons, "%s", reasons->len > 0 ? "\n" : "");
      /* Translators: "Likely the same person as line 4: same NRN" */
      g_string_append_printf (reasons, _("%s as line %s: %s"),
                              band_label (import_row->same_as_band), other,
                              import_row->same_as_reasons);
    }
  gtk_label_set_text (row->reasons, reasons->str);

  /* The choices */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (row->choices))) != NULL)
    gtk_box_remove (row->choices, child);
  group = add_choice (self, row, NULL, _("Create"), _("Make a new record of this row"),
                      import_row, entry->position, CAS_IMPORT_DECISION_CREATE, 0);
  for (guint i = 0; i < import_row->matches->len; i++)
    if (((CasDuplicateProposal *) g_ptr_array_index (import_row->matches, i))->a->visible)
      n_updates++;
  for (guint i = 0, added = 0; i < import_row->matches->len && added < MAX_UPDATE_CHOICES; i++)
    {
      const CasDuplicateProposal *match = g_ptr_array_index (import_row->matches, i);
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;

      /* Another centre's record: only Certassur may change it */
      if (!match->a->visible)
        continue;

      label = n_updates == 1 ? g_strdup (_("Update"))
                             /* Translators: update the record CAS-00123 */
                             : g_strdup_printf (_("Update %s"), match->a->ref);
      tooltip = g_strdup_printf (_("Give %s %s (%s) this row's e-mail, phone and address; "
                                   "the former e-mail is kept as the second one"),
                                 match->a->first_name, match->a->last_name, match->a->ref);
      add_choice (self, row, group, label, tooltip, import_row, entry->position,
                  CAS_IMPORT_DECISION_UPDATE_EXISTING, match->a->id);
      added++;
    }
  add_choice (self, row, group, _("Skip"), _("Leave this row out of the import"), import_row,
              entry->position, CAS_IMPORT_DECISION_SKIP, 0);

  accessible = g_strdup_printf ("%s: %s", title, reasons->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_flagged_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    CasImportDialog          *self)
{
  FlaggedRow *row = g_object_get_data (G_OBJECT (item), "cas-flagged-row");

  row->entry = gtk_list_item_get_item (item);
  fill_flagged_row (self, row);
  g_ptr_array_add (self->bound_rows, row);
}

static void
on_flagged_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      CasImportDialog          *self)
{
  FlaggedRow *row = g_object_get_data (G_OBJECT (item), "cas-flagged-row");

  row->entry = NULL;
  g_ptr_array_remove_fast (self->bound_rows, row);
}

/* The rows shown follow the decisions (the others will when bound) */
static void
refresh_flagged (CasImportDialog *self)
{
  for (guint i = 0; i < self->bound_rows->len; i++)
    fill_flagged_row (self, g_ptr_array_index (self->bound_rows, i));
}

static gboolean
refresh_flagged_idle_cb (gpointer user_data)
{
  g_autoptr(CasImportDialog) self = user_data;

  if (!self->closed && self->review != NULL)
    refresh_flagged (self);

  return G_SOURCE_REMOVE;
}

/* The same, once the button that failed to change a decision is done with
 * its signal */
static void
refresh_flagged_later (CasImportDialog *self)
{
  g_idle_add (refresh_flagged_idle_cb, g_object_ref (self));
}

static void
decide_undecided (CasImportDialog   *self,
                  CasImportDecision  decision)
{
  if (cas_import_review_decide_undecided (self->review, decision) == 0)
    return;

  refresh_flagged (self);
  update_decisions (self);
}

static void
on_create_all_button_clicked_cb (CasImportDialog *self)
{
  decide_undecided (self, CAS_IMPORT_DECISION_CREATE);
}

static void
on_skip_all_button_clicked_cb (CasImportDialog *self)
{
  decide_undecided (self, CAS_IMPORT_DECISION_SKIP);
}

/* The review: errors */

static void
on_problem_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  new_row_label (GTK_BOX (box), "heading");
  new_row_label (GTK_BOX (box), NULL);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_problem_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    CasImportDialog          *self)
{
  CasImportEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  const CasImportRow *row = cas_import_review_get_row (self->review, entry->position);
  const CasImportProblem *problem = g_ptr_array_index (row->problems, entry->problem);
  g_autofree char *line = format_count (problem->line);
  g_autofree char *where = NULL;
  g_autofree char *accessible = NULL;

  if (problem->column != NULL)
    /* Translators: where a problem is in the file: "Line 7, column birth_date" */
    where = g_strdup_printf (_("Line %s, column %s"), line, problem->column);
  else
    where = g_strdup_printf (_("Line %s"), line);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), where);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), problem->message);

  accessible = g_strdup_printf ("%s: %s", where, problem->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* The review: the first rows as read */

static GtkWidget *
new_cell (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* The problem of row @position in @column, or NULL */
static const CasImportProblem *
find_problem (CasImportDialog *self,
              guint            position,
              const char      *column)
{
  const CasImportRow *row;

  if (position >= cas_import_review_get_n_rows (self->review))
    return NULL;
  row = cas_import_review_get_row (self->review, position);
  for (guint i = 0; i < row->problems->len; i++)
    {
      const CasImportProblem *problem = g_ptr_array_index (row->problems, i);

      if (g_strcmp0 (problem->column, column) == 0)
        return problem;
    }

  return NULL;
}

static void
fill_preview (CasImportDialog *self)
{
  const char * const *columns = cas_import_review_get_columns (self->review);
  GPtrArray *preview = cas_import_review_get_preview (self->review);
  GtkWidget *child;
  guint n_columns = columns != NULL ? g_strv_length ((char **) columns) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);

  for (guint c = 0; c < n_columns; c++)
    gtk_grid_attach (self->preview_grid, new_cell (columns[c], "heading"), c, 0, 1, 1);

  for (guint r = 0; preview != NULL && r < preview->len; r++)
    {
      char **values = g_ptr_array_index (preview, r);
      guint n_values = g_strv_length (values);

      for (guint c = 0; c < MAX (n_columns, n_values); c++)
        {
          const CasImportProblem *problem =
            c < n_columns ? find_problem (self, r, columns[c]) : NULL;
          GtkWidget *cell = new_cell (c < n_values ? values[c] : "",
                                      problem != NULL ? "error" : NULL);

          /* The whole value, and what is wrong with it */
          if (problem != NULL)
            gtk_widget_set_tooltip_text (cell, problem->message);
          else if (c < n_values && values[c][0] != '\0')
            gtk_widget_set_tooltip_text (cell, values[c]);
          gtk_grid_attach (self->preview_grid, cell, c, r + 1, 1, 1);
        }
    }
}

/* The review */

static void
show_review (CasImportDialog *self)
{
  const char *first_page;

  cas_gui_set_message (self->review_error_label, NULL);
  update_decisions (self);

  /* What needs the user first */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->flagged)) > 0)
    first_page = "flagged";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->problems)) > 0)
    first_page = "problems";
  else
    first_page = "preview";
  adw_view_stack_set_visible_child_name (self->review_stack, first_page);
  gtk_stack_set_visible_child_name (self->stack, "review");
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), TRUE);
}

/* Fills the review's pages from an analysis */
static void
fill_review (CasImportDialog *self)
{
  const CasImportSummary *summary = cas_import_review_get_summary (self->review);
  guint n_rows = cas_import_review_get_n_rows (self->review);
  g_autoptr(GPtrArray) flagged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_rows; i++)
    {
      const CasImportRow *row = cas_import_review_get_row (self->review, i);

      if (row->person != NULL && (row->matches->len > 0 || row->same_as_line > 0))
        g_ptr_array_add (flagged, cas_import_entry_new (i, 0));
      for (guint j = 0; j < row->problems->len; j++)
        g_ptr_array_add (problems, cas_import_entry_new (i, j));
    }
  g_list_store_splice (self->flagged, 0, g_list_model_get_n_items (G_LIST_MODEL (self->flagged)),
                       flagged->pdata, flagged->len);
  g_list_store_splice (self->problems, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->problems)),
                       problems->pdata, problems->len);
  gtk_stack_set_visible_child_name (self->flagged_stack, flagged->len > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->problems_stack, problems->len > 0 ? "list" : "empty");
  adw_view_stack_page_set_badge_number (self->problems_page, (guint) summary->n_invalid);
  fill_preview (self);
}

/* Analysis */

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GError) error = NULL;

  if (!cas_import_review_analyse_file (work->review, work->file, on_worker_progress,
                                       source_object, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_analysed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CasImportDialog *self = CAS_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;

  stop_working (self);
  if (self->closed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The check was stopped: nothing was imported."));
      else
        /* Translators: a file's name, and why it cannot be imported */
        message = g_strdup_printf (_("%s: %s"), name, error->message);
      show_choose_page (self, message);
      return;
    }

  fill_review (self);
  show_review (self);
}

void
cas_import_dialog_open_file (CasImportDialog *self,
                             GFile           *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  CasImportFlags flags = CAS_IMPORT_DEFAULT;
  Work *work;

  g_return_if_fail (CAS_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy)
    return;

  if (gtk_check_button_get_active (self->legacy_check))
    flags |= CAS_IMPORT_LEGACY;

  g_set_object (&self->file, file);
  g_clear_object (&self->review);
  self->review = cas_import_review_new (self->db, self->actor, flags);

  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  /* Translators: the name of the file being checked */
  title = g_strdup_printf (_("Checking %s"), name);
  start_working (self, title,
                 _("Every row is validated and compared with the register and with the rows "
                   "before it. Nothing is written yet."));

  work = g_new0 (Work, 1);
  work->review = g_object_ref (self->review);
  work->file = g_object_ref (file);
  task = g_task_new (self, self->cancellable, on_analysed_cb, NULL);
  g_task_set_source_tag (task, cas_import_dialog_open_file);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, analyse_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        CasImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cas_import_dialog_open_file (self, file);
    }
  g_object_unref (chooser);
}

static void
on_choose_button_clicked_cb (CasImportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV Files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop_cb (GtkDropTarget   *target,
            const GValue    *value,
            double           x,
            double           y,
            CasImportDialog *self)
{
  if (self->busy || !G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  cas_import_dialog_open_file (self, g_value_get_object (value));
  return TRUE;
}

/* Commit */

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GError) error = NULL;

  if (!cas_import_review_commit (work->review, on_worker_progress, source_object, cancellable,
                                 &work->outcome, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_committed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CasImportDialog *self = CAS_IMPORT_DIALOG (object);
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *description = NULL;

  stop_working (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->closed)
        return;
      show_review (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cas_gui_set_message (self->review_error_label,
                             _("The import was stopped: nothing was written."));
      else
        cas_gui_set_message (self->review_error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[IMPORTED], 0);
  if (self->closed)
    return;

  created = format_count (work->outcome.n_created);
  updated = format_count (work->outcome.n_updated);
  skipped = format_count (work->outcome.n_skipped);
  description = g_strdup_printf (_("%s created, %s updated, %s skipped."), created, updated,
                                 skipped);
  adw_status_page_set_description (self->done_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
on_import_button_clicked_cb (CasImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Work *work;

  if (self->busy || self->review == NULL)
    return;

  start_working (self, _("Importing"),
                 _("Everything is written in one transaction: stopping now writes nothing."));

  work = g_new0 (Work, 1);
  work->review = g_object_ref (self->review);
  task = g_task_new (self, self->cancellable, on_committed_cb, NULL);
  g_task_set_source_tag (task, on_import_button_clicked_cb);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, commit_thread);
}

static void
on_stop_button_clicked_cb (CasImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* GObject */

static gboolean
cas_import_dialog_close_request (GtkWindow *window)
{
  CasImportDialog *self = CAS_IMPORT_DIALOG (window);

  /* A worker still running stops; an import stopped writes nothing */
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (cas_import_dialog_parent_class)->close_request (window);
}

static void
cas_import_dialog_dispose (GObject *object)
{
  CasImportDialog *self = (CasImportDialog *)object;

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (cas_import_dialog_parent_class)->dispose (object);
}

static void
cas_import_dialog_finalize (GObject *object)
{
  CasImportDialog *self = (CasImportDialog *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->actor);
  g_clear_object (&self->file);
  g_clear_object (&self->review);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->flagged);
  g_clear_pointer (&self->bound_rows, g_ptr_array_unref);
  g_clear_object (&self->problems);

  G_OBJECT_CLASS (cas_import_dialog_parent_class)->finalize (object);
}

static void
cas_import_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CasImportDialog *self = CAS_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    case PROP_ACTOR:
      self->actor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_import_dialog_class_init (CasImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cas_import_dialog_dispose;
  object_class->finalize = cas_import_dialog_finalize;
  object_class->set_property = cas_import_dialog_set_property;

  window_class->close_request = cas_import_dialog_close_request;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         CAS_TYPE_DATABASE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_ACTOR] =
    g_param_spec_object ("actor", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, legacy_check);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, choose_error_label);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, working_page);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, review_error_label);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, review_stack);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, flagged_page);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, problems_page);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, flagged_stack);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, problems_stack);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, flagged_view);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, CasImportDialog, done_page);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_all_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_skip_all_button_clicked_cb);
}

static void
cas_import_dialog_init (CasImportDialog *self)
{
  g_autoptr(GtkListItemFactory) flagged_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) problem_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) flagged_selection = NULL;
  g_autoptr(GtkNoSelection) problems_selection = NULL;
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label as typed ("_Import") and by the
   * label shown: keep the one shown */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->import_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->close_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->flagged = g_list_store_new (CAS_TYPE_IMPORT_ENTRY);
  self->bound_rows = g_ptr_array_new ();
  self->problems = g_list_store_new (CAS_TYPE_IMPORT_ENTRY);

  g_signal_connect (flagged_factory, "setup", G_CALLBACK (on_flagged_setup_cb), NULL);
  g_signal_connect (flagged_factory, "bind", G_CALLBACK (on_flagged_bind_cb), self);
  g_signal_connect (flagged_factory, "unbind", G_CALLBACK (on_flagged_unbind_cb), self);
  gtk_list_view_set_factory (self->flagged_view, flagged_factory);
  flagged_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->flagged)));
  gtk_list_view_set_model (self->flagged_view, GTK_SELECTION_MODEL (flagged_selection));

  g_signal_connect (problem_factory, "setup", G_CALLBACK (on_problem_setup_cb), NULL);
  g_signal_connect (problem_factory, "bind", G_CALLBACK (on_problem_bind_cb), self);
  gtk_list_view_set_factory (self->problems_view, problem_factory);
  problems_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->problems)));
  gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (problems_selection));

  /* A file dropped on the dialog is analysed as if chosen */
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

CasImportDialog *
cas_import_dialog_new (GtkWindow   *parent,
                       CasDatabase *db,
                       CasAccount  *actor)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);

  return g_object_new (CAS_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "database", db,
                       "actor", actor,
                       NULL);
}
