/* cas-session-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-session-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-format.h"
#include "cas-session-row.h"

struct _CasSessionRow
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *grid;
  GtkLabel       *start_label;
  GtkLabel       *seats_label;
  GtkLabel       *exam_label;
  GtkLabel       *status_label;
  GtkLabel       *place_label;

  /* Owned references */
  CasExamSession *session;

  guint           position;
};

G_DEFINE_FINAL_TYPE (CasSessionRow, cas_session_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
show_placeholder (CasSessionRow *self)
{
  /* Empty labels keep their line: the row has the height of a real one */
  gtk_label_set_text (self->start_label, _("Loading…"));
  gtk_label_set_text (self->seats_label, "");
  gtk_label_set_text (self->exam_label, "");
  gtk_label_set_text (self->place_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"),
                                  -1);
}

static void
show_session (CasSessionRow *self)
{
  CasExamSession *session = self->session;
  g_autofree char *start = cas_format_session_start (session);
  g_autofree char *exam = cas_format_session_exam (session);
  g_autofree char *centre = cas_format_session_centre (session);
  g_autofree char *place = cas_format_session_place (session);
  g_autofree char *where = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *seats_long = NULL;
  g_autofree char *accessible = NULL;
  gboolean cancelled;
  int n_registered = cas_exam_session_get_n_registered (session);
  int capacity = cas_exam_session_get_capacity (session);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  if (place[0] != '\0')
    /* Translators: the centre of a session, then where in it */
    where = g_strdup_printf (_("%s — %s"), centre, place);
  else
    where = g_strdup (centre);

  /* Translators: seats taken and capacity of a session, "12 / 20 registered" */
  seats = g_strdup_printf (_("%d / %d registered"), n_registered, capacity);
  /* Translators: the same, read out by screen readers */
  seats_long = g_strdup_printf (_("%d of %d registered"), n_registered, capacity);

  gtk_label_set_text (self->start_label, start);
  gtk_label_set_text (self->seats_label, seats);
  gtk_label_set_text (self->exam_label, exam);
  gtk_label_set_text (self->place_label, where);
  /* Long names are cut: the whole is in the tooltip */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->exam_label), exam);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->place_label), where);

  cancelled = cas_exam_session_get_status (session) == CAS_SESSION_CANCELLED;
  gtk_label_set_text (self->status_label, cas_session_status_get_label (CAS_SESSION_CANCELLED));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), cancelled);

  if (cancelled)
    accessible = g_strjoin (", ", start, exam, where, seats_long,
                            cas_session_status_get_label (CAS_SESSION_CANCELLED), NULL);
  else
    accessible = g_strjoin (", ", start, exam, where, seats_long, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_activate_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CasSessionRow *self = CAS_SESSION_ROW (widget);

  if (self->position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (widget, "list.activate-item", "u", self->position);
}

GtkWidget *
cas_session_row_new (void)
{
  return g_object_new (CAS_TYPE_SESSION_ROW, NULL);
}

CasExamSession *
cas_session_row_get_session (CasSessionRow *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_ROW (self), NULL);

  return self->session;
}

void
cas_session_row_set_session (CasSessionRow  *self,
                             CasExamSession *session)
{
  g_return_if_fail (CAS_IS_SESSION_ROW (self));
  g_return_if_fail (session == NULL || CAS_IS_EXAM_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  if (session == NULL || cas_exam_session_is_placeholder (session))
    show_placeholder (self);
  else
    show_session (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

static void
cas_session_row_dispose (GObject *object)
{
  CasSessionRow *self = CAS_SESSION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_SESSION_ROW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cas_session_row_parent_class)->dispose (object);
}

static void
cas_session_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CasSessionRow *self = CAS_SESSION_ROW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CasSessionRow *self = CAS_SESSION_ROW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cas_session_row_set_session (self, g_value_get_object (value));
      break;

    case PROP_POSITION:
      self->position = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_row_class_init (CasSessionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_session_row_dispose;
  object_class->get_property = cas_session_row_get_property;
  object_class->set_property = cas_session_row_set_property;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CAS_TYPE_EXAM_SESSION,
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
                                               "/be/certassur/Desk/cas-session-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, grid);
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, start_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, seats_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, exam_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionRow, place_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sessionrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_session_row_init (CasSessionRow *self)
{
  self->position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));
  show_placeholder (self);
}
