/* cas-my-sessions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "My exam sessions": whatever the account's roles, the sessions its
 * person sits, administers or supervises, and the person's own past exams
 * with their result and current attestation. An admin or a controller
 * reaches the attestation of an exam they passed themselves here.
 */

#define G_LOG_DOMAIN "cas-my-sessions"

#include "config.h"

#include "cas-access-private.h"
#include "cas-attestation-render.h"
#include "cas-attestation-service.h"
#include "cas-database-private.h"
#include "cas-my-sessions.h"
#include "cas-util.h"

#define ENTRY_COLUMNS \
  "s.id, e.code, " \
  "CASE ##lang::string WHEN 'fr' THEN e.title_fr WHEN 'nl' THEN e.title_nl " \
  "  WHEN 'de' THEN e.title_de ELSE e.title_en END, " \
  "s.starts_at, s.duration_minutes, s.location, s.room, c.name, s.status, "

#define ENTRY_JOINS \
  "JOIN exam e ON e.id = s.exam_id JOIN company c ON c.id = s.company_id "

/* The person's registrations (role 'candidate') and staff places, coming
 * sessions soonest first; a cancelled registration is not a session one
 * sits. */
#define UPCOMING_SQL \
  "SELECT " ENTRY_COLUMNS "'candidate', r.id, r.status, r.score, " \
  "  a.id, a.number, a.version, a.status " \
  "FROM registration r JOIN exam_session s ON s.id = r.session_id " ENTRY_JOINS \
  "LEFT JOIN attestation a ON a.registration_id = r.id AND a.status <> 'superseded' " \
  "WHERE r.person_id = ##person::gint64 AND r.status <> 'cancelled' " \
  "AND s.starts_at >= ##now::string " \
  "UNION ALL " \
  "SELECT " ENTRY_COLUMNS "st.role, NULL, NULL, NULL, NULL, NULL, NULL, NULL " \
  "FROM session_staff st JOIN exam_session s ON s.id = st.session_id " ENTRY_JOINS \
  "WHERE st.person_id = ##person::gint64 AND s.starts_at >= ##now::string " \
  "ORDER BY 4, 1, 10"

#define PAST_SQL \
  "SELECT " ENTRY_COLUMNS "'candidate', r.id, r.status, r.score, " \
  "  a.id, a.number, a.version, a.status " \
  "FROM registration r JOIN exam_session s ON s.id = r.session_id " ENTRY_JOINS \
  "LEFT JOIN attestation a ON a.registration_id = r.id AND a.status <> 'superseded' " \
  "WHERE r.person_id = ##person::gint64 AND r.status <> 'cancelled' " \
  "AND s.starts_at < ##now::string " \
  "ORDER BY s.starts_at DESC, s.id DESC"

void
cas_my_session_free (CasMySession *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->exam_code);
  g_free (entry->exam_title);
  g_free (entry->starts_at);
  g_free (entry->location);
  g_free (entry->room);
  g_free (entry->centre);
  g_free (entry->attestation_number);
  g_free (entry);
}

static CasRole
role_from_string (const char *text)
{
  if (g_strcmp0 (text, "admin") == 0)
    return CAS_ROLE_ADMIN;
  if (g_strcmp0 (text, "controller") == 0)
    return CAS_ROLE_CONTROLLER;

  return CAS_ROLE_CANDIDATE;
}

static CasAttestationStatus
attestation_status_from_string (const char *text)
{
  if (g_strcmp0 (text, "revoked") == 0)
    return CAS_ATTESTATION_REVOKED;
  if (g_strcmp0 (text, "superseded") == 0)
    return CAS_ATTESTATION_SUPERSEDED;

  return CAS_ATTESTATION_VALID;
}

static GPtrArray *
entries_from_model (GdaDataModel *model)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_my_session_free);

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasMySession *entry = g_new0 (CasMySession, 1);
      g_autofree char *session_status = _cas_model_dup_string (model, 8, row);
      g_autofree char *role = _cas_model_dup_string (model, 9, row);

      entry->session_id = _cas_model_get_int64 (model, 0, row);
      entry->exam_code = _cas_model_dup_string (model, 1, row);
      entry->exam_title = _cas_model_dup_string (model, 2, row);
      entry->starts_at = _cas_model_dup_string (model, 3, row);
      entry->duration_minutes = (int) _cas_model_get_int64 (model, 4, row);
      entry->location = _cas_model_dup_string (model, 5, row);
      entry->room = _cas_model_dup_string (model, 6, row);
      entry->centre = _cas_model_dup_string (model, 7, row);
      entry->session_status = cas_session_status_from_string (session_status);
      entry->role = role_from_string (role);
      entry->score = -1;
      entry->attestation_status = -1;

      if (entry->role == CAS_ROLE_CANDIDATE)
        {
          g_autofree char *status = _cas_model_dup_string (model, 11, row);

          entry->registration_id = _cas_model_get_int64 (model, 10, row);
          if (!cas_registration_status_from_string (status, &entry->registration_status))
            entry->registration_status = CAS_REGISTRATION_REGISTERED;
          if (!_cas_model_is_null (model, 12, row))
            entry->score = (int) _cas_model_get_int64 (model, 12, row);
        }

      if (!_cas_model_is_null (model, 13, row))
        {
          g_autofree char *number = _cas_model_dup_string (model, 14, row);
          g_autofree char *status = _cas_model_dup_string (model, 16, row);

          entry->attestation_id = _cas_model_get_int64 (model, 13, row);
          entry->attestation_number =
            cas_attestation_format_number (number, (int) _cas_model_get_int64 (model, 15, row));
          entry->attestation_status = attestation_status_from_string (status);
        }

      g_ptr_array_add (entries, entry);
    }

  return entries;
}

static GPtrArray *
list_entries (CasDatabase  *db,
              CasAccount   *actor,
              const char   *sql,
              GError      **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  if (!_cas_access_init (&access, db, actor, error))
    return NULL;

  /* An account without a person of its own (an operator's, say) sits
   * and staffs nothing */
  if (access.person_id == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) cas_my_session_free);

  now = cas_now_local ();
  locker = _cas_database_lock (db);
  model = _cas_database_query (db, error, sql,
                               "lang", cas_get_ui_language (),
                               "person", access.person_id,
                               "now", now,
                               NULL);
  if (model == NULL)
    return NULL;

  return entries_from_model (model);
}

/**
 * cas_my_sessions_list_upcoming:
 *
 * The coming sessions @actor's person sits, administers or supervises,
 * soonest first; one entry per role, so an admin who also sits a session
 * sees it twice, once for each.
 */
GPtrArray *
cas_my_sessions_list_upcoming (CasDatabase  *db,
                               CasAccount   *actor,
                               GError      **error)
{
  return list_entries (db, actor, UPCOMING_SQL, error);
}

/**
 * cas_my_sessions_list_past:
 *
 * The exams @actor's person sat, latest first, with their result and the
 * current version of their attestation if one was issued.
 */
GPtrArray *
cas_my_sessions_list_past (CasDatabase  *db,
                           CasAccount   *actor,
                           GError      **error)
{
  return list_entries (db, actor, PAST_SQL, error);
}

typedef struct
{
  CasAccount *actor;
  GPtrArray  *upcoming;
  GPtrArray  *past;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->actor);
  g_clear_pointer (&data->upcoming, g_ptr_array_unref);
  g_clear_pointer (&data->past, g_ptr_array_unref);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CasDatabase *db = source_object;
  ListData *data = task_data;
  GError *error = NULL;

  data->upcoming = cas_my_sessions_list_upcoming (db, data->actor, &error);
  if (data->upcoming != NULL)
    data->past = cas_my_sessions_list_past (db, data->actor, &error);

  if (data->past == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Both lists, read on a worker thread */
void
cas_my_sessions_list_async (CasDatabase         *db,
                            CasAccount          *actor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data = g_new0 (ListData, 1);

  g_return_if_fail (CAS_IS_DATABASE (db));

  data->actor = actor ? g_object_ref (actor) : NULL;
  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, cas_my_sessions_list_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_thread);
}

gboolean
cas_my_sessions_list_finish (CasDatabase   *db,
                             GAsyncResult  *result,
                             GPtrArray    **upcoming,
                             GPtrArray    **past,
                             GError       **error)
{
  ListData *data;

  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (upcoming != NULL)
    *upcoming = g_steal_pointer (&data->upcoming);
  if (past != NULL)
    *past = g_steal_pointer (&data->past);

  return TRUE;
}
