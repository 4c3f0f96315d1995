/* cas-audit-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-audit-item.h"

G_BEGIN_DECLS

/* One event in the Audit list: what happened and when, who did it to which
 * record, and the details on one line. A placeholder item shows a dim
 * "Loading…" row of the same height. */
#define CAS_TYPE_AUDIT_ROW (cas_audit_row_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditRow, cas_audit_row, CAS, AUDIT_ROW, GtkWidget)

GtkWidget *cas_audit_row_new      (void);
void       cas_audit_row_set_item (CasAuditRow  *self,
                                   CasAuditItem *item);

G_END_DECLS
