/* cas-merge-wizard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-merge-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-gui-util.h"
#include "cas-merge-jobs.h"
#include "cas-merge-wizard.h"

/* What the operator chose for one field that differs */
typedef struct
{
  const CasMergeField *field;      /* in the preview */
  GPtrArray           *toggles;    /* GtkToggleButton, one per record */
  GtkWidget           *entry;      /* a typed correction */
} FieldChoice;

/* What was chosen, kept while the preview is read again */
typedef struct
{
  gint64  person_id;
  char   *typed;
} Kept;

struct _CasMergeWizard
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkWidget       *back_button;
  GtkWidget       *next_button;
  GtkWidget       *apply_button;
  GtkSpinner      *spinner;
  GtkLabel        *error_label;
  GtkStack        *stack;
  GtkWidget       *choices_box;
  GtkWidget       *preview_box;

  /* Owned references */
  CasMergeService *service;
  CasAccount      *actor;
  CasMergePreview *preview;
  GPtrArray       *fields;         /* FieldChoice */
  GPtrArray       *survivors;      /* GtkCheckButton, person id in "cas-id" */
  GPtrArray       *logins;         /* GtkCheckButton, account id in "cas-id" */
  GPtrArray       *confirms;       /* GtkCheckButton, conflict in "cas-conflict" */
  GtkWidget       *reissue;        /* GtkCheckButton in the preview box, or NULL */
  GHashTable      *kept;           /* key → Kept, over a reload */
  GCancellable    *cancellable;

  gint64           request_id;
  gint64           account_id;     /* the login chosen, 0: the preview's */
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (CasMergeWizard, cas_merge_wizard, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void load_preview (CasMergeWizard *self,
                          gint64          survivor_id);

static void
field_choice_free (FieldChoice *choice)
{
  g_ptr_array_unref (choice->toggles);
  g_free (choice);
}

static void
kept_free (Kept *kept)
{
  g_free (kept->typed);
  g_free (kept);
}

static gint64
get_id (GtkWidget *widget)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "cas-id"));
}

static void
set_id (GtkWidget *widget,
        gint64     id)
{
  g_object_set_data (G_OBJECT (widget), "cas-id", GSIZE_TO_POINTER ((gsize) id));
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static GtkWidget *
create_label (const char *text,
              const char *style)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "xalign", 0.0f,
                                   NULL);

  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static const CasMergeRecord *
find_record (CasMergeWizard *self,
             gint64          person_id)
{
  for (guint i = 0; i < self->preview->records->len; i++)
    {
      const CasMergeRecord *record = g_ptr_array_index (self->preview->records, i);

      if (record->person->id == person_id)
        return record;
    }

  return NULL;
}

/* "#24 Marc Dubois" */
static char *
format_record (const CasMergeRecord *record)
{
  const CasPerson *person = record->person;

  return g_strdup_printf ("#%" G_GINT64_FORMAT " %s %s", person->id,
                          person->first_name ? person->first_name : "",
                          person->last_name ? person->last_name : "");
}

/* "2 registrations · 1 attestation · 1 login" */
static char *
format_holdings (const CasMergeRecord *record)
{
  g_autofree char *registrations = NULL;
  g_autofree char *attestations = NULL;
  g_autofree char *logins = NULL;

  registrations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registration",
                                                "%u registrations", record->n_registrations),
                                   record->n_registrations);
  attestations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attestation",
                                               "%u attestations", record->n_attestations),
                                  record->n_attestations);
  logins = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u login", "%u logins",
                                         record->n_accounts),
                            record->n_accounts);

  /* Translators: what a record holds, "2 registrations · 1 attestation · 0 logins" */
  return g_strdup_printf (_("%s · %s · %s"), registrations, attestations, logins);
}

static gint64
survivor_id (CasMergeWizard *self)
{
  for (guint i = 0; self->survivors != NULL && i < self->survivors->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->survivors, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        return get_id (check);
    }

  return self->preview != NULL ? self->preview->survivor_id : 0;
}

static void
show_error (CasMergeWizard *self,
            const char     *message)
{
  cas_gui_set_message (self->error_label, message);
}

static void
set_busy (CasMergeWizard *self,
          gboolean        busy)
{
  self->busy = busy;
  cas_gui_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->next_button, !busy && self->preview != NULL);
  gtk_widget_set_sensitive (self->back_button, !busy);
}

/* What the operator chose */

/* The value the survivor gets for @choice: a typed correction, or the
 * value of the record whose button is down */
static const char *
choice_get_value (const FieldChoice *choice,
                  gint64            *person_id)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (choice->entry));

  *person_id = 0;
  if (typed[0] != '\0')
    return typed;

  for (guint i = 0; i < choice->toggles->len; i++)
    {
      GtkWidget *toggle = g_ptr_array_index (choice->toggles, i);

      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)))
        {
          *person_id = get_id (toggle);
          return g_ptr_array_index (choice->field->values, i);
        }
    }

  return choice->field->proposed_value;
}

static void
keep_choices (CasMergeWizard *self)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      const FieldChoice *choice = g_ptr_array_index (self->fields, i);
      Kept *kept = g_new0 (Kept, 1);
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (choice->entry));

      choice_get_value (choice, &kept->person_id);
      kept->typed = typed[0] != '\0' ? g_strdup (typed) : NULL;
      g_hash_table_replace (self->kept, g_strdup (choice->field->key), kept);
    }
}

static CasMergeDecision *
build_decision (CasMergeWizard *self)
{
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();

  cas_merge_decision_set_survivor (decision, survivor_id (self));
  if (self->account_id > 0)
    cas_merge_decision_set_account (decision, self->account_id);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const FieldChoice *choice = g_ptr_array_index (self->fields, i);
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (choice->entry));
      gint64 person_id;

      choice_get_value (choice, &person_id);
      if (typed[0] != '\0')
        cas_merge_decision_set_value (decision, choice->field->key, typed);
      else if (person_id > 0)
        cas_merge_decision_take_from (decision, choice->field->key, person_id);
    }

  if (self->reissue != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->reissue)))
    cas_merge_decision_set_reissue (decision, TRUE);

  /* Only the conflicts the operator ticked */
  for (guint i = 0; i < self->confirms->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->confirms, i);
      const CasMergeConflict *conflict = g_object_get_data (G_OBJECT (check), "cas-conflict");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        cas_merge_decision_resolve (decision, conflict->key, conflict->resolution);
    }

  /* The revisions shown: approval is refused if a record changed since */
  cas_merge_decision_accept_preview (decision, self->preview, FALSE);

  return g_steal_pointer (&decision);
}

/* The first page: the records side by side */

static void
on_survivor_toggled_cb (CasMergeWizard *self,
                        GtkCheckButton *check)
{
  if (!gtk_check_button_get_active (check) || self->preview == NULL || self->busy)
    return;

  /* What moves depends on who survives: the core says it again */
  if (get_id (GTK_WIDGET (check)) != self->preview->survivor_id)
    {
      keep_choices (self);
      load_preview (self, get_id (GTK_WIDGET (check)));
    }
}

static void
on_login_toggled_cb (CasMergeWizard *self,
                     GtkCheckButton *check)
{
  if (gtk_check_button_get_active (check))
    self->account_id = get_id (GTK_WIDGET (check));
}

static GtkWidget *
add_radio (GtkWidget  *box,
           GtkWidget  *group,
           const char *label,
           gint64      id,
           gboolean    active)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  set_id (check, id);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_box_append (GTK_BOX (box), check);

  return check;
}

static void
build_survivor (CasMergeWizard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *group = NULL;

  gtk_box_append (GTK_BOX (box), create_label (_("Record That Survives"), "heading"));
  gtk_box_append (GTK_BOX (box),
                  create_label (_("It keeps its number and takes everything the others hold. "
                                  "The others stay as merged-away records pointing to it."),
                                "dim-label"));

  g_clear_pointer (&self->survivors, g_ptr_array_unref);
  self->survivors = g_ptr_array_new ();
  for (guint i = 0; i < self->preview->records->len; i++)
    {
      const CasMergeRecord *record = g_ptr_array_index (self->preview->records, i);
      g_autofree char *name = format_record (record);
      g_autofree char *holdings = format_holdings (record);
      /* Translators: a record and what it holds */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), name, holdings);
      GtkWidget *check;

      check = add_radio (box, group, label, record->person->id,
                         record->person->id == self->preview->survivor_id);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_survivor_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->survivors, check);
      group = group ? group : check;
    }

  gtk_box_append (GTK_BOX (self->choices_box), box);
}

static void
build_logins (CasMergeWizard *self)
{
  GtkWidget *box;
  GtkWidget *group = NULL;
  guint n = 0;

  g_clear_pointer (&self->logins, g_ptr_array_unref);
  self->logins = g_ptr_array_new ();

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), create_label (_("Login That Survives"), "heading"));
  gtk_box_append (GTK_BOX (box),
                  create_label (_("The other logins are disabled, never deleted; their e-mail "
                                  "addresses are kept as second addresses."), "dim-label"));

  if (self->preview->account_id > 0)
    {
      /* Translators: %s is a login */
      g_autofree char *label = g_strdup_printf (_("Login “%s”"), self->preview->account_login);

      group = add_radio (box, NULL, label, self->preview->account_id,
                         self->account_id == 0 || self->account_id == self->preview->account_id);
      g_ptr_array_add (self->logins, group);
      n++;
    }
  for (guint i = 0; i < self->preview->moves->len; i++)
    {
      const CasMergeMove *move = g_ptr_array_index (self->preview->moves, i);
      GtkWidget *check;

      if (move->kind != CAS_MERGE_MOVE_ACCOUNT || move->id == self->preview->account_id)
        continue;
      check = add_radio (box, group, move->description, move->id, self->account_id == move->id);
      g_ptr_array_add (self->logins, check);
      group = group ? group : check;
      n++;
    }

  for (guint i = 0; i < self->logins->len; i++)
    g_signal_connect_object (g_ptr_array_index (self->logins, i), "toggled",
                             G_CALLBACK (on_login_toggled_cb), self, G_CONNECT_SWAPPED);

  if (n == 0)
    gtk_box_append (GTK_BOX (box), create_label (_("None of the records has a login."), NULL));
  gtk_box_append (GTK_BOX (self->choices_box), box);
}

static GtkWidget *
create_value_toggle (const CasMergeField  *field,
                     const CasMergeRecord *record,
                     const char           *value)
{
  g_autofree char *name = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, record->person->id);
  GtkWidget *toggle;

  toggle = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                         "label", value != NULL ? value : _("(empty)"),
                         "hexpand", TRUE,
                         NULL);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (toggle))),
                           PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (toggle, value);
  set_id (toggle, record->person->id);

  /* Translators: a field, the record and its value: "First name of #24: Marc" */
  name = g_strdup_printf (_("%s of #%s: %s"), field->label, number,
                          value != NULL ? value : _("(empty)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return toggle;
}

static void
build_fields (CasMergeWizard *self)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *expander;
  GtkWidget *identical;
  guint n_records = self->preview->records->len;
  guint n_identical = 0;
  int row = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Fields that differ"),
                                  -1);

  /* Column headers: the records, then the correction */
  for (guint r = 0; r < n_records; r++)
    {
      const CasMergeRecord *record = g_ptr_array_index (self->preview->records, r);
      g_autofree char *name = format_record (record);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_box_append (GTK_BOX (header), create_label (name, "heading"));
      gtk_grid_attach (GTK_GRID (grid), header, 1 + r, 0, 1, 1);
    }
  gtk_grid_attach (GTK_GRID (grid), create_label (_("Or a correction"), "heading"),
                   1 + n_records, 0, 1, 1);

  identical = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (identical), 12);
  gtk_grid_set_row_spacing (GTK_GRID (identical), 6);
  gtk_widget_set_margin_top (identical, 6);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_choice_free);

  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      const CasMergeField *field = g_ptr_array_index (self->preview->fields, i);
      Kept *kept = g_hash_table_lookup (self->kept, field->key);
      FieldChoice *choice;
      GtkWidget *first = NULL;

      if (!field->differs || field->proposed == 0)
        {
          const char *value = field->proposed_value;
          GtkWidget *label;

          if (!field->differs && value == NULL && field->values->len > 0)
            value = g_ptr_array_index (field->values, 0);
          /* Gathered from several records (the second e-mail), or the same in all */
          gtk_grid_attach (GTK_GRID (identical), create_label (field->label, "dim-label"),
                           0, n_identical, 1, 1);
          label = create_label (value != NULL ? value : _("—"), NULL);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_grid_attach (GTK_GRID (identical), label, 1, n_identical, 1, 1);
          n_identical++;
          continue;
        }

      choice = g_new0 (FieldChoice, 1);
      choice->field = field;
      choice->toggles = g_ptr_array_new ();
      gtk_grid_attach (GTK_GRID (grid), create_label (field->label, "dim-label"), 0, row, 1, 1);

      for (guint r = 0; r < n_records; r++)
        {
          const CasMergeRecord *record = g_ptr_array_index (self->preview->records, r);
          const char *value = g_ptr_array_index (field->values, r);
          GtkWidget *toggle = create_value_toggle (field, record, value);
          gint64 chosen = kept != NULL ? kept->person_id : field->proposed;

          if (first != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), GTK_TOGGLE_BUTTON (first));
          else
            first = toggle;
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle),
                                        chosen == record->person->id);
          gtk_grid_attach (GTK_GRID (grid), toggle, 1 + r, row, 1, 1);
          g_ptr_array_add (choice->toggles, toggle);
        }

      choice->entry = g_object_new (GTK_TYPE_ENTRY,
                                    "placeholder-text", _("Type a correction"),
                                    "hexpand", TRUE,
                                    NULL);
      if (kept != NULL && kept->typed != NULL)
        gtk_editable_set_text (GTK_EDITABLE (choice->entry), kept->typed);
      {
        /* Translators: %s is a field, "Correction of First name" */
        g_autofree char *name = g_strdup_printf (_("Correction of %s"), field->label);

        gtk_accessible_update_property (GTK_ACCESSIBLE (choice->entry),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
      }
      gtk_grid_attach (GTK_GRID (grid), choice->entry, 1 + n_records, row, 1, 1);
      g_ptr_array_add (self->fields, choice);
      row++;
    }

  gtk_box_append (GTK_BOX (self->choices_box), create_label (_("Fields That Differ"), "heading"));
  if (self->fields->len > 0)
    {
      gtk_box_append (GTK_BOX (self->choices_box),
                      create_label (_("Choose the value the surviving record keeps, or type a "
                                      "correction."), "dim-label"));
      gtk_box_append (GTK_BOX (self->choices_box), grid);
    }
  else
    {
      gtk_box_append (GTK_BOX (self->choices_box),
                      create_label (_("The records hold the same values."), "dim-label"));
      g_object_ref_sink (grid);
      g_object_unref (grid);
    }

  {
    /* Translators: the expander of the fields every record holds alike */
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Same in every record (%u field)",
                                                           "Same in every record (%u fields)",
                                                           n_identical),
                                              n_identical);

    expander = gtk_expander_new (title);
    gtk_expander_set_child (GTK_EXPANDER (expander), identical);
    gtk_box_append (GTK_BOX (self->choices_box), expander);
  }
}

static void
build_choices (CasMergeWizard *self)
{
  clear_box (self->choices_box);

  if (self->preview->changed)
    gtk_box_append (GTK_BOX (self->choices_box),
                    create_label (_("A record changed since the merge was requested: the "
                                    "values shown are the current ones."), "warning"));

  build_fields (self);
  build_survivor (self);
  build_logins (self);
  g_hash_table_remove_all (self->kept);
}

/* The second page: the preview */

static void
update_apply (CasMergeWizard *self)
{
  gboolean all = TRUE;

  for (guint i = 0; i < self->confirms->len; i++)
    all = all && gtk_check_button_get_active (GTK_CHECK_BUTTON (g_ptr_array_index (self->confirms,
                                                                                   i)));

  gtk_widget_set_sensitive (self->apply_button, all && !self->busy);
  gtk_widget_set_tooltip_text (self->apply_button,
                               all ? _("Merge the records now, in one go")
                                   : _("Confirm the resolution of every conflict first"));
}

static GtkWidget *
add_group (CasMergeWizard *self,
           const char     *title,
           const char     *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (self->preview_box), group);

  return group;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW,
                                 "use-markup", FALSE,
                                 "title", title,
                                 "subtitle", subtitle != NULL ? subtitle : "",
                                 "title-lines", 3,
                                 "subtitle-lines", 3,
                                 NULL);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static const char *
move_kind_label (CasMergeMoveKind kind)
{
  switch (kind)
    {
    case CAS_MERGE_MOVE_REGISTRATION:
      return _("Registration");
    case CAS_MERGE_MOVE_ATTESTATION:
      return _("Attestation");
    case CAS_MERGE_MOVE_STAFF:
      return _("Session staffed");
    case CAS_MERGE_MOVE_REQUEST:
      return _("Request");
    case CAS_MERGE_MOVE_ACCOUNT:
    default:
      return _("Login");
    }
}

/* The value of field @key the survivor gets, as chosen */
static const char *
chosen_value (CasMergeWizard *self,
              const char     *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const FieldChoice *choice = g_ptr_array_index (self->fields, i);
      gint64 person_id;

      if (g_str_equal (choice->field->key, key))
        return choice_get_value (choice, &person_id);
    }

  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      const CasMergeField *field = g_ptr_array_index (self->preview->fields, i);

      if (g_str_equal (field->key, key))
        return field->proposed_value;
    }

  return NULL;
}

/* The attestations that carry another name than the survivor's as chosen:
 * re-issued with it only if the operator ticks the box (off by default) */
static void
add_reissue (CasMergeWizard *self)
{
  const char *first = chosen_value (self, "first_name");
  const char *last = chosen_value (self, "last_name");
  g_autoptr(GPtrArray) renamed = cas_merge_preview_renamed_attestations (self->preview, first,
                                                                          last);
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  GtkWidget *group;
  GtkWidget *row;

  if (renamed->len == 0)
    return;

  for (guint i = 0; i < renamed->len; i++)
    {
      const CasMergeAttestation *a = g_ptr_array_index (renamed, i);

      g_string_append_printf (numbers, "%s%s (%s %s)", i > 0 ? ", " : "", a->display_number,
                              a->first_name ? a->first_name : "", a->last_name ? a->last_name : "");
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Re-issue the %u attestation with the new name",
                                        "Re-issue the %u attestations with the new name",
                                        renamed->len),
                           renamed->len);
  /* Translators: %s %s is the surviving record's name once merged */
  description = g_strdup_printf (_("Left unticked, they stay valid and keep their numbers. "
                                   "Re-issued, each gets a new version with the name %s %s and "
                                   "the old one is kept as issued; the merge can then no longer "
                                   "be undone."),
                                 first ? first : "", last ? last : "");
  group = add_group (self, _("Attestations With Another Name"), description);
  row = add_row (group, title, numbers->str);
  self->reissue = gtk_check_button_new ();
  gtk_widget_set_valign (self->reissue, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reissue),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), self->reissue);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->reissue);
}

static void
on_confirm_toggled_cb (CasMergeWizard *self,
                       GtkCheckButton *check)
{
  update_apply (self);
}

static void
build_preview (CasMergeWizard *self)
{
  const CasMergeRecord *survivor = find_record (self, survivor_id (self));
  g_autofree char *survivor_name = survivor ? format_record (survivor) : g_strdup ("");
  g_autofree char *summary = NULL;
  g_autofree char *moves_title = NULL;
  GtkWidget *group;

  clear_box (self->preview_box);
  g_ptr_array_set_size (self->confirms, 0);
  self->reissue = NULL;

  /* Translators: %s is the surviving record, "#24 Marc Dubois" */
  summary = g_strdup_printf (_("%s survives and takes what the other records hold. Nothing "
                               "is deleted: the other records stay as merged-away records, and "
                               "the merge can be undone."), survivor_name);
  gtk_box_append (GTK_BOX (self->preview_box), create_label (summary, NULL));

  /* First: what needs the operator */
  group = add_group (self, _("Conflicts"),
                     self->preview->conflicts->len > 0
                     ? _("Confirm the resolution of each before applying.") : NULL);
  for (guint i = 0; i < self->preview->conflicts->len; i++)
    {
      const CasMergeConflict *conflict = g_ptr_array_index (self->preview->conflicts, i);
      GtkWidget *row = add_row (group, conflict->description, conflict->resolution_label);
      g_autofree char *name = g_strdup_printf (_("Confirm: %s"), conflict->resolution_label);
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data (G_OBJECT (check), "cas-conflict", (gpointer) conflict);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_confirm_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->confirms, check);
    }
  if (self->preview->conflicts->len == 0)
    add_row (group, _("No conflict: nothing to confirm"), NULL);

  group = add_group (self, _("The Surviving Record Gets"), NULL);
  for (guint i = 0; i < self->fields->len; i++)
    {
      const FieldChoice *choice = g_ptr_array_index (self->fields, i);
      gint64 person_id;
      const char *value = choice_get_value (choice, &person_id);
      g_autofree char *from = NULL;
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, person_id);

      if (person_id > 0)
        /* Translators: where a value comes from, "Marc (from #25)" */
        from = g_strdup_printf (_("%s (from #%s)"), value ? value : _("(empty)"), number);
      else
        /* Translators: a value typed by the operator */
        from = g_strdup_printf (_("%s (typed)"), value ? value : _("(empty)"));
      add_row (group, choice->field->label, from);
    }
  for (guint i = 0; i < self->preview->fields->len; i++)
    {
      const CasMergeField *field = g_ptr_array_index (self->preview->fields, i);

      if (field->proposed != 0)
        continue;
      /* The second e-mail follows the e-mail chosen, as approval applies it */
      if (g_str_equal (field->key, "email_secondary"))
        {
          g_autofree char *second = cas_merge_preview_second_email (self->preview,
                                                                    survivor_id (self),
                                                                    chosen_value (self, "email"));

          add_row (group, field->label, second);
        }
      else if (field->proposed_value != NULL)
        add_row (group, field->label, field->proposed_value);
    }

  moves_title = g_strdup_printf (_("What Moves (%u)"), self->preview->moves->len);
  group = add_group (self, moves_title,
                     _("Attestations stay valid and keep their numbers."));
  for (guint i = 0; i < self->preview->moves->len; i++)
    {
      const CasMergeMove *move = g_ptr_array_index (self->preview->moves, i);
      g_autofree char *from = g_strdup_printf ("%s · #%" G_GINT64_FORMAT,
                                               move_kind_label (move->kind), move->from_person);

      add_row (group, move->description, from);
    }
  if (self->preview->moves->len == 0)
    add_row (group, _("Nothing moves: the other records hold nothing"), NULL);

  add_reissue (self);

  group = add_group (self, _("Login"), NULL);
  if (self->preview->account_login != NULL || self->account_id > 0)
    {
      const char *login = self->preview->account_login;

      for (guint i = 0; i < self->logins->len; i++)
        {
          GtkWidget *check = g_ptr_array_index (self->logins, i);

          if (get_id (check) == self->account_id)
            login = gtk_check_button_get_label (GTK_CHECK_BUTTON (check));
        }
      add_row (group, _("Login kept"), login);
    }
  else
    {
      add_row (group, _("No login"), _("None of the records has a login"));
    }

  update_apply (self);
}

/* Pages */

static void
show_page (CasMergeWizard *self,
           gboolean        preview)
{
  gtk_stack_set_visible_child_name (self->stack, preview ? "preview" : "choices");
  gtk_widget_set_visible (self->back_button, preview);
  gtk_widget_set_visible (self->apply_button, preview);
  gtk_widget_set_visible (self->next_button, !preview);
  adw_window_title_set_subtitle (self->window_title,
                                 preview ? _("Step 2 of 2: what moves")
                                         : _("Step 1 of 2: the records side by side"));
}

static void
on_next_button_clicked_cb (CasMergeWizard *self,
                           GtkButton      *button)
{
  if (self->preview == NULL)
    return;

  show_error (self, NULL);
  build_preview (self);
  show_page (self, TRUE);
}

static void
on_back_button_clicked_cb (CasMergeWizard *self,
                           GtkButton      *button)
{
  show_page (self, FALSE);
}

/* Loading and applying */

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CasMergeWizard) self = user_data;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = cas_merge_preview_finish (CAS_MERGE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (preview == NULL)
    {
      g_message ("No preview of merge request %" G_GINT64_FORMAT ": %s", self->request_id,
                 error->message);
      show_error (self, error->message);
      return;
    }

  /* The widgets point into the former preview: they go with it */
  clear_box (self->preview_box);
  g_ptr_array_set_size (self->confirms, 0);
  self->reissue = NULL;
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->preview, cas_merge_preview_free);
  self->preview = g_steal_pointer (&preview);
  build_choices (self);
  set_busy (self, FALSE);
}

static void
load_preview (CasMergeWizard *self,
              gint64          survivor)
{
  set_busy (self, TRUE);
  cas_merge_preview_async (self->service, self->actor, self->request_id, survivor,
                           self->cancellable, preview_cb, g_object_ref (self));
}

static void
approve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CasMergeWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 survivor = survivor_id (self);

  set_busy (self, FALSE);
  if (cas_merge_act_finish (CAS_MERGE_SERVICE (object), result, &error) == 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_message ("Merge request %" G_GINT64_FORMAT " not applied: %s", self->request_id,
                 error->message);
      if (g_error_matches (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the core's message */
          message = g_strdup_printf (_("%s The records are shown as they are now: check "
                                       "the values and apply again."), error->message);
          show_error (self, message);
          keep_choices (self);
          show_page (self, FALSE);
          load_preview (self, survivor);
          return;
        }

      show_error (self, error->message);
      update_apply (self);
      return;
    }

  g_signal_emit (self, signals [APPLIED], 0, survivor);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_apply_button_clicked_cb (CasMergeWizard *self,
                            GtkButton      *button)
{
  if (self->preview == NULL || self->busy)
    return;

  show_error (self, NULL);
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (self->apply_button, FALSE);
  cas_merge_act_async (self->service, self->actor, CAS_MERGE_ACTION_APPROVE, self->request_id,
                       NULL, 0, NULL, build_decision (self), self->cancellable, approve_cb,
                       g_object_ref (self));
}

/* Public API */

GtkWidget *
cas_merge_wizard_new (GtkWindow       *parent,
                      CasMergeService *service,
                      CasAccount      *actor,
                      gint64           request_id,
                      const char      *names)
{
  CasMergeWizard *self;
  g_autofree char *title = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);
  g_return_val_if_fail (request_id > 0, NULL);

  self = g_object_new (CAS_TYPE_MERGE_WIZARD,
                       "transient-for", parent,
                       NULL);
  self->service = g_object_ref (service);
  self->actor = g_object_ref (actor);
  self->request_id = request_id;

  /* Translators: the wizard's title, with the request's number */
  title = g_strdup_printf (_("Merge Request #%s"), number);
  adw_window_title_set_title (self->window_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), names);
  show_page (self, FALSE);
  load_preview (self, 0);

  return GTK_WIDGET (self);
}

/* GObject */

static void
cas_merge_wizard_dispose (GObject *object)
{
  CasMergeWizard *self = CAS_MERGE_WIZARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_MERGE_WIZARD);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->survivors, g_ptr_array_unref);
  g_clear_pointer (&self->logins, g_ptr_array_unref);
  g_clear_pointer (&self->confirms, g_ptr_array_unref);
  g_clear_pointer (&self->preview, cas_merge_preview_free);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_object (&self->service);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (cas_merge_wizard_parent_class)->dispose (object);
}

static void
cas_merge_wizard_class_init (CasMergeWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_merge_wizard_dispose;

  /**
   * CasMergeWizard::applied:
   * @survivor_id: the person the records were merged into
   *
   * The core merged the records; the wizard closes.
   */
  signals [APPLIED] =
    g_signal_new ("applied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-merge-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, choices_box);
  gtk_widget_class_bind_template_child (widget_class, CasMergeWizard, preview_box);
  gtk_widget_class_bind_template_callback (widget_class, on_next_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_button_clicked_cb);
}

static void
cas_merge_wizard_init (CasMergeWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->confirms = g_ptr_array_new ();
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) kept_free);
  cas_gui_set_spinning (self->spinner, FALSE);
}
