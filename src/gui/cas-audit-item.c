/* cas-audit-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit-item"

#include "config.h"

#include "cas-audit-item.h"

struct _CasAuditItem
{
  GObject        parent_instance;

  CasAuditEvent *event;
};

G_DEFINE_FINAL_TYPE (CasAuditItem, cas_audit_item, G_TYPE_OBJECT)

CasAuditItem *
cas_audit_item_new (CasAuditEvent *event)
{
  CasAuditItem *self = g_object_new (CAS_TYPE_AUDIT_ITEM, NULL);

  self->event = event;

  return self;
}

const CasAuditEvent *
cas_audit_item_get_event (CasAuditItem *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_ITEM (self), NULL);

  return self->event;
}

gboolean
cas_audit_item_is_placeholder (CasAuditItem *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_ITEM (self), TRUE);

  return self->event == NULL;
}

static void
cas_audit_item_finalize (GObject *object)
{
  CasAuditItem *self = CAS_AUDIT_ITEM (object);

  g_clear_pointer (&self->event, cas_audit_event_free);

  G_OBJECT_CLASS (cas_audit_item_parent_class)->finalize (object);
}

static void
cas_audit_item_class_init (CasAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_audit_item_finalize;
}

static void
cas_audit_item_init (CasAuditItem *self)
{
}
