/* cas-audit-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-audit-row.h"
#include "cas-format.h"

struct _CasAuditRow
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkWidget    *grid;
  GtkLabel     *action_label;
  GtkLabel     *time_label;
  GtkLabel     *who_label;
  GtkLabel     *details_label;

  /* Owned references */
  CasAuditItem *item;
};

G_DEFINE_FINAL_TYPE (CasAuditRow, cas_audit_row, GTK_TYPE_WIDGET)

static void
show_placeholder (CasAuditRow *self)
{
  /* Empty labels keep their line: the row has the height of a real one */
  gtk_label_set_text (self->action_label, _("Loading…"));
  gtk_label_set_text (self->time_label, "");
  gtk_label_set_text (self->who_label, "");
  gtk_label_set_text (self->details_label, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"),
                                  -1);
}

static void
show_event (CasAuditRow         *self,
            const CasAuditEvent *event)
{
  const char *action = cas_format_audit_action (event->action);
  g_autofree char *time = cas_format_timestamp (event->occurred_at, TRUE);
  g_autofree char *record = cas_format_audit_record (event);
  g_autofree char *details = cas_format_audit_details (event);
  g_autofree char *who = NULL;
  g_autofree char *accessible = NULL;
  const char *actor = event->actor ? event->actor : "";

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  if (record[0] != '\0')
    /* Translators: who did something, to which record: "operator · person #12" */
    who = g_strdup_printf (_("%s · %s"), actor, record);
  else
    who = g_strdup (actor);

  gtk_label_set_text (self->action_label, action);
  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->who_label, who);
  /* An empty label keeps its line: every row has the same height */
  gtk_label_set_text (self->details_label, details);
  /* Long details are cut: the whole is in the tooltip */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label),
                               details[0] != '\0' ? details : NULL);

  /* The raw action too: it is what the CSV export and the filters say */
  if (details[0] != '\0')
    accessible = g_strdup_printf ("%s, %s (%s), %s, %s", time, action, event->action, who,
                                  details);
  else
    accessible = g_strdup_printf ("%s, %s (%s), %s", time, action, event->action, who);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

GtkWidget *
cas_audit_row_new (void)
{
  return g_object_new (CAS_TYPE_AUDIT_ROW, NULL);
}

void
cas_audit_row_set_item (CasAuditRow  *self,
                        CasAuditItem *item)
{
  g_return_if_fail (CAS_IS_AUDIT_ROW (self));
  g_return_if_fail (item == NULL || CAS_IS_AUDIT_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  if (item == NULL || cas_audit_item_is_placeholder (item))
    show_placeholder (self);
  else
    show_event (self, cas_audit_item_get_event (item));
}

static void
cas_audit_row_dispose (GObject *object)
{
  CasAuditRow *self = CAS_AUDIT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_AUDIT_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (cas_audit_row_parent_class)->dispose (object);
}

static void
cas_audit_row_class_init (CasAuditRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_audit_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/be/certassur/Desk/cas-audit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAuditRow, grid);
  gtk_widget_class_bind_template_child (widget_class, CasAuditRow, action_label);
  gtk_widget_class_bind_template_child (widget_class, CasAuditRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, CasAuditRow, who_label);
  gtk_widget_class_bind_template_child (widget_class, CasAuditRow, details_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "auditrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_audit_row_init (CasAuditRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_placeholder (self);
}
