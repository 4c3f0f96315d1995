/* cas-audit-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"
#include "cas-audit-service.h"
#include "cas-paged-list.h"

G_BEGIN_DECLS

/* A CasPagedList of CasAuditItem: the audit events matching a query,
 * latest first. A row whose page is not there yet is a placeholder
 * (cas_audit_item_is_placeholder). */
#define CAS_TYPE_AUDIT_LIST (cas_audit_list_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditList, cas_audit_list, CAS, AUDIT_LIST, CasPagedList)

/* Counts the whole log at once */
CasAuditList        *cas_audit_list_new       (CasAuditService     *service,
                                               CasAccount          *account);
const CasAuditQuery *cas_audit_list_get_query (CasAuditList        *self);
/* Returns: (transfer full): a copy of the query */
CasAuditQuery       *cas_audit_list_dup_query (CasAuditList        *self);
/* Counts the matching events, then shows them */
void                 cas_audit_list_set_query (CasAuditList        *self,
                                               const CasAuditQuery *query);

G_END_DECLS
