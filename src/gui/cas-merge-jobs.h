/* cas-merge-jobs.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calls of CasMergeService the window makes, run off the main thread:
 * every one of them reads or writes the database.
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-merge-service.h"

G_BEGIN_DECLS

typedef enum
{
  CAS_MERGE_ACTION_REQUEST,
  /* Two records, one of which may be another centre's that the duplicate
   * check proposes for the other (cas_merge_service_request_duplicate ()) */
  CAS_MERGE_ACTION_REQUEST_DUPLICATE,
  CAS_MERGE_ACTION_APPROVE,
  CAS_MERGE_ACTION_REJECT,
  CAS_MERGE_ACTION_NOT_SAME,
  CAS_MERGE_ACTION_UNDO,
} CasMergeAction;

/* @status NULL for every request */
void             cas_merge_list_async     (CasMergeService      *service,
                                           CasAccount           *actor,
                                           const CasMergeStatus *status,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full) (element-type CasMergeRequest) */
GPtrArray       *cas_merge_list_finish    (CasMergeService      *service,
                                           GAsyncResult         *result,
                                           GError              **error);
void             cas_merge_preview_async  (CasMergeService      *service,
                                           CasAccount           *actor,
                                           gint64                request_id,
                                           gint64                survivor_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
CasMergePreview *cas_merge_preview_finish (CasMergeService      *service,
                                           GAsyncResult         *result,
                                           GError              **error);
/* @request_id: the request acted on; for CAS_MERGE_ACTION_REQUEST and
 * CAS_MERGE_ACTION_REQUEST_DUPLICATE, the @n_persons records of
 * @person_ids instead. @reason for a request, a
 * rejection and "not the same person"; @decision (taken) for an approval. */
void             cas_merge_act_async      (CasMergeService      *service,
                                           CasAccount           *actor,
                                           CasMergeAction        action,
                                           gint64                request_id,
                                           const gint64         *person_ids,
                                           guint                 n_persons,
                                           const char           *reason,
                                           CasMergeDecision     *decision,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: the request's id (the new one for CAS_MERGE_ACTION_REQUEST), 0
 * on error */
gint64           cas_merge_act_finish     (CasMergeService      *service,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
