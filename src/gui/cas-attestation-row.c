/* cas-attestation-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-attestation-row.h"

struct _CasAttestationRow
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *grid;
  GtkLabel           *number_label;
  GtkLabel           *session_label;
  GtkLabel           *name_label;
  GtkLabel           *status_label;
  GtkLabel           *exam_label;

  /* Owned references */
  CasAttestationItem *item;

  guint               position;
};

G_DEFINE_FINAL_TYPE (CasAttestationRow, cas_attestation_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const status_classes[] = { "success", "error", "warning" };

static void
show_placeholder (CasAttestationRow *self)
{
  /* Empty labels keep their line: the row has the height of a real one */
  gtk_label_set_text (self->number_label, _("Loading…"));
  gtk_label_set_text (self->session_label, "");
  gtk_label_set_text (self->name_label, "");
  gtk_label_set_text (self->exam_label, "");
  gtk_widget_set_opacity (GTK_WIDGET (self->status_label), 0);
  gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"),
                                  -1);
}

static void
show_attestation (CasAttestationRow *self,
                  const char        *exam_title)
{
  const CasAttestation *attestation = cas_attestation_item_get_attestation (self->item);
  const char *status = cas_attestation_status_get_label (attestation->status);
  g_autofree char *number = cas_attestation_dup_display_number (attestation);
  g_autofree char *name = _cas_attestation_dup_full_name (attestation);
  g_autofree char *session = _cas_attestation_format_session_start (attestation);
  g_autofree char *exam = NULL;
  g_autofree char *accessible = NULL;

  if (exam_title != NULL)
    /* Translators: an exam's code and title, "INS-1 Module 1 – General knowledge" */
    exam = g_strdup_printf (C_("exam", "%s %s"), attestation->exam_code, exam_title);
  else
    exam = _cas_attestation_dup_exam (attestation);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  gtk_label_set_text (self->number_label, number);
  gtk_label_set_text (self->session_label, session);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->exam_label, exam);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->exam_label), exam);

  gtk_label_set_text (self->status_label, status);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            _cas_attestation_status_get_style_class (attestation->status));
  gtk_widget_set_opacity (GTK_WIDGET (self->status_label), 1);

  accessible = g_strjoin (", ", number, name, exam, session, status, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_activate_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CasAttestationRow *self = CAS_ATTESTATION_ROW (widget);

  if (self->position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (widget, "list.activate-item", "u", self->position);
}

/* Public API */

GtkWidget *
cas_attestation_row_new (void)
{
  return g_object_new (CAS_TYPE_ATTESTATION_ROW, NULL);
}

CasAttestationItem *
cas_attestation_row_get_item (CasAttestationRow *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_ROW (self), NULL);

  return self->item;
}

void
cas_attestation_row_set_item (CasAttestationRow  *self,
                              CasAttestationItem *item,
                              const char         *exam_title)
{
  g_return_if_fail (CAS_IS_ATTESTATION_ROW (self));
  g_return_if_fail (item == NULL || CAS_IS_ATTESTATION_ITEM (item));

  g_set_object (&self->item, item);

  if (item == NULL || cas_attestation_item_is_placeholder (item))
    show_placeholder (self);
  else
    show_attestation (self, exam_title);
}

/* GObject */

static void
cas_attestation_row_dispose (GObject *object)
{
  CasAttestationRow *self = CAS_ATTESTATION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ATTESTATION_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (cas_attestation_row_parent_class)->dispose (object);
}

static void
cas_attestation_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CasAttestationRow *self = CAS_ATTESTATION_ROW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_attestation_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CasAttestationRow *self = CAS_ATTESTATION_ROW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      self->position = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_attestation_row_class_init (CasAttestationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_attestation_row_dispose;
  object_class->get_property = cas_attestation_row_get_property;
  object_class->set_property = cas_attestation_row_set_property;

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
                                               "/be/certassur/Desk/cas-attestation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, grid);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, session_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationRow, exam_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attestationrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_attestation_row_init (CasAttestationRow *self)
{
  self->position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));
  show_placeholder (self);
}
