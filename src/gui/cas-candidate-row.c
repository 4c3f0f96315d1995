/* cas-candidate-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-candidate-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-candidate-row.h"
#include "cas-format.h"

struct _CasCandidateRow
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkWidget        *grid;
  GtkLabel         *name_label;
  GtkLabel         *exams_label;
  GtkLabel         *identity_label;
  GtkLabel         *duplicate_label;
  GtkLabel         *contact_label;

  /* Owned references */
  CasPersonSummary *person;

  guint             position;
};

G_DEFINE_FINAL_TYPE (CasCandidateRow, cas_candidate_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PERSON,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

char *
cas_candidate_dup_sort_name (const char *first_name,
                             const char *last_name)
{
  if (first_name == NULL || first_name[0] == '\0')
    return g_strdup (last_name ? last_name : "");

  /* Translators: a person's name as a sorted list shows it, last name
   * first: "Dupont, Anne-Sophie" */
  return g_strdup_printf (C_("person name", "%2$s, %1$s"),
                          first_name, last_name ? last_name : "");
}

static void
show_placeholder (CasCandidateRow *self)
{
  /* Empty labels keep their line: the row has the height of a real one */
  gtk_label_set_text (self->name_label, _("Loading…"));
  gtk_label_set_text (self->exams_label, "");
  gtk_label_set_text (self->identity_label, "");
  gtk_label_set_text (self->contact_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"),
                                  -1);
}

/* Joins the non-empty texts with " · " */
static char *
join_parts (const char * const *parts,
            guint               n_parts,
            const char         *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_person (CasCandidateRow *self)
{
  CasPersonSummary *person = self->person;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *born = NULL;
  g_autofree char *nrn = NULL;
  g_autofree char *exams = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *accessible = NULL;
  const char *identity_parts[2];
  const char *contact_parts[2];
  const char *accessible_parts[6];
  gboolean duplicate = cas_person_summary_get_possible_duplicate (person);
  int n_exams = cas_person_summary_get_n_exams (person);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  name = cas_candidate_dup_sort_name (cas_person_summary_get_first_name (person),
                                      cas_person_summary_get_last_name (person));
  if (cas_person_summary_get_birth_date (person) != NULL)
    {
      birth = cas_format_date (cas_person_summary_get_birth_date (person));
      /* Translators: a person's birth date, "born 3 Dec 1985" */
      born = g_strdup_printf (_("born %s"), birth);
    }
  if (cas_person_summary_get_nrn (person) != NULL)
    /* Translators: a national register number, "NRN 85.07.30-033.61" */
    nrn = g_strdup_printf (_("NRN %s"), cas_person_summary_get_nrn (person));

  exams = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d exam", "%d exams", n_exams),
                           n_exams);

  identity_parts[0] = born;
  identity_parts[1] = nrn;
  /* Translators: the separator of the parts of a line, "born 3 Dec 1985 · NRN ..." */
  identity = join_parts (identity_parts, G_N_ELEMENTS (identity_parts), _(" · "));
  contact_parts[0] = cas_person_summary_get_email (person);
  contact_parts[1] = cas_person_summary_get_centre_name (person);
  contact = join_parts (contact_parts, G_N_ELEMENTS (contact_parts), _(" · "));

  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->exams_label, n_exams > 0 ? exams : "");
  gtk_label_set_text (self->identity_label, identity);
  gtk_label_set_text (self->contact_label, contact);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->contact_label), contact);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_label), duplicate);

  accessible_parts[0] = name;
  accessible_parts[1] = identity;
  accessible_parts[2] = cas_person_summary_get_email (person);
  accessible_parts[3] = cas_person_summary_get_centre_name (person);
  accessible_parts[4] = exams;
  accessible_parts[5] = duplicate ? gtk_label_get_text (self->duplicate_label) : NULL;
  accessible = join_parts (accessible_parts, G_N_ELEMENTS (accessible_parts), ", ");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_activate_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CasCandidateRow *self = CAS_CANDIDATE_ROW (widget);

  if (self->position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (widget, "list.activate-item", "u", self->position);
}

GtkWidget *
cas_candidate_row_new (void)
{
  return g_object_new (CAS_TYPE_CANDIDATE_ROW, NULL);
}

CasPersonSummary *
cas_candidate_row_get_person (CasCandidateRow *self)
{
  g_return_val_if_fail (CAS_IS_CANDIDATE_ROW (self), NULL);

  return self->person;
}

void
cas_candidate_row_set_person (CasCandidateRow  *self,
                              CasPersonSummary *person)
{
  g_return_if_fail (CAS_IS_CANDIDATE_ROW (self));
  g_return_if_fail (person == NULL || CAS_IS_PERSON_SUMMARY (person));

  if (!g_set_object (&self->person, person))
    return;

  if (person == NULL || cas_person_summary_is_placeholder (person))
    show_placeholder (self);
  else
    show_person (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PERSON]);
}

static void
cas_candidate_row_dispose (GObject *object)
{
  CasCandidateRow *self = CAS_CANDIDATE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_CANDIDATE_ROW);
  g_clear_object (&self->person);

  G_OBJECT_CLASS (cas_candidate_row_parent_class)->dispose (object);
}

static void
cas_candidate_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CasCandidateRow *self = CAS_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_PERSON:
      g_value_set_object (value, self->person);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_candidate_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CasCandidateRow *self = CAS_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_PERSON:
      cas_candidate_row_set_person (self, g_value_get_object (value));
      break;

    case PROP_POSITION:
      self->position = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_candidate_row_class_init (CasCandidateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_candidate_row_dispose;
  object_class->get_property = cas_candidate_row_get_property;
  object_class->set_property = cas_candidate_row_set_property;

  properties [PROP_PERSON] =
    g_param_spec_object ("person", NULL, NULL,
                         CAS_TYPE_PERSON_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The row's position in the list view (bind it to GtkListItem:position) */
  properties [PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* What Enter or a double click does, offered to assistive technologies
   * too (GTK 4.8 gives list rows no action of their own) */
  gtk_widget_class_install_action (widget_class, "row.activate", NULL, row_activate_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-candidate-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, grid);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, exams_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, identity_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateRow, contact_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "candidaterow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_candidate_row_init (CasCandidateRow *self)
{
  self->position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));
  show_placeholder (self);
}
