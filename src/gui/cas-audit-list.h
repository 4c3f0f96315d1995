/* cas-audit-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-audit-service.h"

G_BEGIN_DECLS

/* A GListModel of CasAuditItem, latest event first, paged from the
 * database like CasSessionList: it counts the events matching its query,
 * then loads the pages rows ask for, the last asked first, and keeps a
 * bounded number of them. A row whose page is not there yet is a
 * placeholder until items-changed announces the page. */
#define CAS_TYPE_AUDIT_LIST (cas_audit_list_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditList, cas_audit_list, CAS, AUDIT_LIST, GObject)

/* Counts the whole log at once */
CasAuditList        *cas_audit_list_new         (CasAuditService     *service,
                                                 CasAccount          *account);
const CasAuditQuery *cas_audit_list_get_query   (CasAuditList        *self);
/* Returns: (transfer full): a copy of the query */
CasAuditQuery       *cas_audit_list_dup_query   (CasAuditList        *self);
/* Counts the matching events, then shows them */
void                 cas_audit_list_set_query   (CasAuditList        *self,
                                                 const CasAuditQuery *query);
/* Counts and loads again, for events written since */
void                 cas_audit_list_reload      (CasAuditList        *self);
/* Whether a count or a page is on its way */
gboolean             cas_audit_list_get_loading (CasAuditList        *self);
/* Whether the number of items is the one of the current query */
gboolean             cas_audit_list_get_counted (CasAuditList        *self);
/* The last failure, for the user, or NULL */
const char          *cas_audit_list_get_error   (CasAuditList        *self);

G_END_DECLS
