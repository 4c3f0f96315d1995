/* cas-audit-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-audit-service.h"

G_BEGIN_DECLS

/* One audit event as an item of a GListModel, or a placeholder for a row
 * whose page is not loaded yet */
#define CAS_TYPE_AUDIT_ITEM (cas_audit_item_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditItem, cas_audit_item, CAS, AUDIT_ITEM, GObject)

/* @event: (transfer full) (nullable): NULL makes a placeholder */
CasAuditItem        *cas_audit_item_new            (CasAuditEvent *event);
/* Returns: (nullable): the event, NULL for a placeholder */
const CasAuditEvent *cas_audit_item_get_event      (CasAuditItem  *self);
gboolean             cas_audit_item_is_placeholder (CasAuditItem  *self);

G_END_DECLS
