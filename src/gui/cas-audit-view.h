/* cas-audit-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* The Audit view, for operators: the audit log, latest event first, paged
 * from the database, filtered by who (a login), what (a kind of action)
 * and when (from and to dates). Its primary action exports what the
 * filters show as CSV. A CasView. */
#define CAS_TYPE_AUDIT_VIEW (cas_audit_view_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditView, cas_audit_view, CAS, AUDIT_VIEW, CasView)

G_END_DECLS
