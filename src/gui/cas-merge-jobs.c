/* cas-merge-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-merge-jobs"

#include "config.h"

#include "cas-merge-jobs.h"

typedef enum
{
  JOB_LIST,
  JOB_PREVIEW,
  JOB_ACT,
} JobKind;

typedef struct
{
  JobKind           kind;
  CasAccount       *actor;
  CasMergeAction    action;
  gboolean          has_status;
  CasMergeStatus    status;
  gint64            request_id;
  gint64            survivor_id;
  GArray           *person_ids;
  char             *reason;
  CasMergeDecision *decision;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->actor);
  g_clear_pointer (&job->person_ids, g_array_unref);
  g_free (job->reason);
  g_clear_pointer (&job->decision, cas_merge_decision_free);
  g_free (job);
}

static gint64
act (CasMergeService *service,
     Job             *job,
     GError         **error)
{
  gboolean done = FALSE;

  switch (job->action)
    {
    case CAS_MERGE_ACTION_REQUEST:
      return cas_merge_service_request (service, job->actor, (gint64 *) job->person_ids->data,
                                        job->person_ids->len, job->reason, error);

    case CAS_MERGE_ACTION_REQUEST_DUPLICATE:
      g_assert (job->person_ids->len == 2);
      return cas_merge_service_request_duplicate (service, job->actor,
                                                  g_array_index (job->person_ids, gint64, 0),
                                                  g_array_index (job->person_ids, gint64, 1),
                                                  job->reason, error);

    case CAS_MERGE_ACTION_APPROVE:
      done = cas_merge_service_approve (service, job->actor, job->request_id, job->decision,
                                        error);
      break;

    case CAS_MERGE_ACTION_REJECT:
      done = cas_merge_service_reject (service, job->actor, job->request_id, job->reason,
                                       error);
      break;

    case CAS_MERGE_ACTION_NOT_SAME:
      done = cas_merge_service_not_same (service, job->actor, job->request_id, job->reason,
                                         error);
      break;

    case CAS_MERGE_ACTION_UNDO:
      done = cas_merge_service_undo (service, job->actor, job->request_id, error);
      break;

    default:
      g_assert_not_reached ();
    }

  return done ? job->request_id : 0;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CasMergeService *service = source_object;
  Job *job = task_data;
  GError *error = NULL;
  gpointer result = NULL;
  gint64 id;

  switch (job->kind)
    {
    case JOB_LIST:
      result = cas_merge_service_list (service, job->actor,
                                       job->has_status ? &job->status : NULL, &error);
      if (result != NULL)
        g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
      break;

    case JOB_PREVIEW:
      result = cas_merge_service_preview (service, job->actor, job->request_id,
                                          job->survivor_id, &error);
      if (result != NULL)
        g_task_return_pointer (task, result, (GDestroyNotify) cas_merge_preview_free);
      break;

    case JOB_ACT:
      id = act (service, job, &error);
      if (id > 0)
        g_task_return_int (task, id);
      result = id > 0 ? service : NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  if (result == NULL)
    g_task_return_error (task, error);
}

static void
run (CasMergeService     *service,
     Job                 *job,
     gpointer             source_tag,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (service, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static Job *
job_new (JobKind     kind,
         CasAccount *actor)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->actor = g_object_ref (actor);

  return job;
}

void
cas_merge_list_async (CasMergeService      *service,
                      CasAccount           *actor,
                      const CasMergeStatus *status,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  Job *job;

  g_return_if_fail (CAS_IS_MERGE_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  job = job_new (JOB_LIST, actor);
  job->has_status = status != NULL;
  if (status != NULL)
    job->status = *status;
  run (service, job, cas_merge_list_async, cancellable, callback, user_data);
}

GPtrArray *
cas_merge_list_finish (CasMergeService *service,
                       GAsyncResult    *result,
                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cas_merge_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cas_merge_preview_async (CasMergeService     *service,
                         CasAccount          *actor,
                         gint64               request_id,
                         gint64               survivor_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CAS_IS_MERGE_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  job = job_new (JOB_PREVIEW, actor);
  job->request_id = request_id;
  job->survivor_id = survivor_id;
  run (service, job, cas_merge_preview_async, cancellable, callback, user_data);
}

CasMergePreview *
cas_merge_preview_finish (CasMergeService *service,
                          GAsyncResult    *result,
                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cas_merge_preview_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cas_merge_act_async (CasMergeService     *service,
                     CasAccount          *actor,
                     CasMergeAction       action,
                     gint64               request_id,
                     const gint64        *person_ids,
                     guint                n_persons,
                     const char          *reason,
                     CasMergeDecision    *decision,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Job *job;

  g_return_if_fail (CAS_IS_MERGE_SERVICE (service));
  g_return_if_fail (CAS_IS_ACCOUNT (actor));

  job = job_new (JOB_ACT, actor);
  job->action = action;
  job->request_id = request_id;
  job->person_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_persons);
  if (n_persons > 0)
    g_array_append_vals (job->person_ids, person_ids, n_persons);
  job->reason = g_strdup (reason);
  job->decision = decision;
  run (service, job, cas_merge_act_async, cancellable, callback, user_data);
}

gint64
cas_merge_act_finish (CasMergeService *service,
                      GAsyncResult    *result,
                      GError         **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, service), 0);

  id = g_task_propagate_int (G_TASK (result), error);

  return id > 0 ? id : 0;
}
