/* cas-audit-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-types.h"

G_BEGIN_DECLS

/* One audit event: who did what, when, to which record, with a JSON of
 * what changed */
typedef struct
{
  gint64  id;
  char   *occurred_at;    /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
  char   *actor;          /* the login, or "local:<user>" */
  char   *action;         /* "person.update", "login.failed", "access.denied", ... */
  char   *record_type;
  gint64  record_id;      /* 0 when none */
  char   *details;        /* JSON, or NULL */
} CasAuditEvent;

void cas_audit_event_free (CasAuditEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasAuditEvent, cas_audit_event_free)

/* What an audit list shows; every field may be NULL for "any" */
typedef struct
{
  char *actor;     /* a login, exactly */
  char *action;    /* an action, or its first part ("person" for "person.*") */
  char *since;     /* "YYYY-MM-DD", from the start of that day (UTC) */
  char *until;     /* "YYYY-MM-DD", to the end of that day (UTC) */
  char *record_type;
  gint64 record_id;
} CasAuditQuery;

CasAuditQuery *cas_audit_query_new   (void);
void           cas_audit_query_free  (CasAuditQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasAuditQuery, cas_audit_query_free)

#define CAS_TYPE_AUDIT_SERVICE (cas_audit_service_get_type ())

G_DECLARE_FINAL_TYPE (CasAuditService, cas_audit_service, CAS, AUDIT_SERVICE, GObject)

CasAuditService *cas_audit_service_new        (CasDatabase          *db);
/* The audit log is for operators; dates that are not dates are refused
 * with a CAS_VALIDATION_ERROR. */
gboolean         cas_audit_service_count      (CasAuditService      *self,
                                               CasAccount           *actor,
                                               const CasAuditQuery  *query,
                                               guint                *n_events,
                                               GError              **error);
/* Returns: (transfer full) (element-type CasAuditEvent): latest first */
GPtrArray       *cas_audit_service_list       (CasAuditService      *self,
                                               CasAccount           *actor,
                                               const CasAuditQuery  *query,
                                               guint                 offset,
                                               guint                 limit,
                                               GError              **error);
/* CSV with the header occurred_at,actor,action,record_type,record_id,details;
 * returns the number of events written, or -1 */
gint64           cas_audit_service_export_csv (CasAuditService      *self,
                                               CasAccount           *actor,
                                               const CasAuditQuery  *query,
                                               GOutputStream        *output,
                                               GCancellable         *cancellable,
                                               GError              **error);

G_END_DECLS
