/* cas-session-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-session-service"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account.h"
#include "cas-attestation-private.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-session-service.h"
#include "cas-util.h"
#include "cas-validate.h"

/* Search words looked for, each anywhere in the session's search text */
#define MAX_SEARCH_TERMS 4

struct _CasSessionService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasSessionService, cas_session_service, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CasSessionQuery,
                     cas_session_query,
                     cas_session_query_copy,
                     cas_session_query_free)
G_DEFINE_QUARK (cas-session-error-quark, cas_session_error)

CasSessionQuery *
cas_session_query_new (CasSessionWhen  when,
                       const char     *search)
{
  CasSessionQuery *query = g_new0 (CasSessionQuery, 1);

  query->when = when;
  query->search = g_strdup (search);

  return query;
}

CasSessionQuery *
cas_session_query_copy (const CasSessionQuery *query)
{
  CasSessionQuery *copy = g_new0 (CasSessionQuery, 1);

  *copy = *query;
  copy->search = g_strdup (query->search);
  copy->language = g_strdup (query->language);

  return copy;
}

void
cas_session_query_free (CasSessionQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->search);
  g_free (query->language);
  g_free (query);
}

static void
cas_session_service_finalize (GObject *object)
{
  CasSessionService *self = (CasSessionService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_session_service_parent_class)->finalize (object);
}

static void
cas_session_service_class_init (CasSessionServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_session_service_finalize;
}

static void
cas_session_service_init (CasSessionService *self)
{
}

CasSessionService *
cas_session_service_new (CasDatabase *db)
{
  CasSessionService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_SESSION_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

char *
_cas_session_search_text (const char * const *parts,
                          guint               n_parts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      {
        g_autofree char *normalized = cas_normalize_search (parts[i]);
        g_string_append_printf (text, "%s%s", text->len ? " " : "", normalized);
      }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The query as statement parameters: LIKE patterns for up to
 * MAX_SEARCH_TERMS words ("%" for unused ones), wildcards of the user's
 * text escaped with "!" (libgda's parser mistakes a backslash in a string
 * for an escape). */
typedef struct
{
  char *patterns[MAX_SEARCH_TERMS];
  char *now;
  int   when;
} QueryParams;

static void
query_params_init (QueryParams           *params,
                   const CasSessionQuery *query)
{
  g_autofree char *normalized = cas_normalize_search (query->search);
  g_auto(GStrv) words = g_strsplit_set (normalized, " \t\n", -1);
  guint n = 0;

  memset (params, 0, sizeof *params);
  for (guint i = 0; words[i] != NULL && n < MAX_SEARCH_TERMS; i++)
    {
      g_autoptr(GString) pattern = NULL;

      if (words[i][0] == '\0')
        continue;

      pattern = g_string_new ("%");
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '!')
            g_string_append_c (pattern, '!');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      params->patterns[n++] = g_string_free (g_steal_pointer (&pattern), FALSE);
    }
  for (; n < MAX_SEARCH_TERMS; n++)
    params->patterns[n] = g_strdup ("%");

  params->now = cas_now_local ();
  params->when = query->when;
}

static void
query_params_clear (QueryParams *params)
{
  for (guint i = 0; i < MAX_SEARCH_TERMS; i++)
    g_free (params->patterns[i]);
  g_free (params->now);
}

#define SESSION_FILTER \
  "WHERE (##when::gint = 0 OR (##when::gint = 1 AND s.starts_at >= ##now::string) " \
  "       OR (##when::gint = 2 AND s.starts_at < ##now::string)) " \
  "AND (##company::gint64 = 0 OR s.company_id = ##company::gint64) " \
  "AND s.search_text LIKE ##t0::string ESCAPE '!' " \
  "AND s.search_text LIKE ##t1::string ESCAPE '!' " \
  "AND s.search_text LIKE ##t2::string ESCAPE '!' " \
  "AND s.search_text LIKE ##t3::string ESCAPE '!' " \
  "AND (##all::gint = 1 " \
  "     OR s.company_id IN (SELECT company_id FROM account_role " \
  "                         WHERE account_id = ##account::gint64 AND role = 'admin') " \
  "     OR s.id IN (SELECT session_id FROM session_staff WHERE person_id = ##person::gint64) " \
  "     OR s.id IN (SELECT session_id FROM registration WHERE person_id = ##person::gint64)) "

#define SESSION_COLUMNS \
  "SELECT s.id, s.exam_id, e.code, " \
  "CASE ##lang::string WHEN 'fr' THEN e.title_fr WHEN 'nl' THEN e.title_nl " \
  "  WHEN 'de' THEN e.title_de ELSE e.title_en END, " \
  "s.company_id, c.name, c.city, s.starts_at, s.duration_minutes, s.location, s.room, " \
  "s.capacity, s.language, s.status, " \
  "(SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id AND r.status <> 'cancelled'), " \
  "(SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id AND r.status = 'passed') " \
  "FROM exam_session s JOIN exam e ON e.id = s.exam_id JOIN company c ON c.id = s.company_id "

/* Lists hold what the actor may see: every session for an operator; for
 * others the sessions of the centres they administer, those they staff and
 * those they sit. */
gboolean
cas_session_service_count (CasSessionService      *self,
                           CasAccount             *actor,
                           const CasSessionQuery  *query,
                           guint                  *n_sessions,
                           GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  QueryParams params;
  gint64 count = 0;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  *n_sessions = 0;
  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  query_params_init (&params, query);
  ok = _cas_database_query_int64 (self->db, &count, NULL, error,
                                  "SELECT COUNT(*) FROM exam_session s " SESSION_FILTER,
                                  "when", params.when,
                                  "now", params.now,
                                  "company", query->company_id,
                                  "t0", params.patterns[0],
                                  "t1", params.patterns[1],
                                  "t2", params.patterns[2],
                                  "t3", params.patterns[3],
                                  "all", _cas_access_is_operator (&access) ? 1 : 0,
                                  "account", access.account_id,
                                  "person", access.person_id,
                                  NULL);
  query_params_clear (&params);

  *n_sessions = ok ? (guint) count : 0;

  return ok;
}

static GPtrArray *
sessions_from_model (GdaDataModel *model)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      g_autofree char *code = _cas_model_dup_string (model, 2, row);
      g_autofree char *title = _cas_model_dup_string (model, 3, row);
      g_autofree char *centre = _cas_model_dup_string (model, 5, row);
      g_autofree char *city = _cas_model_dup_string (model, 6, row);
      g_autofree char *starts_at = _cas_model_dup_string (model, 7, row);
      g_autofree char *location = _cas_model_dup_string (model, 9, row);
      g_autofree char *room = _cas_model_dup_string (model, 10, row);
      g_autofree char *language = _cas_model_dup_string (model, 12, row);
      g_autofree char *status = _cas_model_dup_string (model, 13, row);
      CasExamSessionFields fields = {
        .id = _cas_model_get_int64 (model, 0, row),
        .exam_id = _cas_model_get_int64 (model, 1, row),
        .exam_code = code,
        .exam_title = title,
        .company_id = _cas_model_get_int64 (model, 4, row),
        .centre_name = centre,
        .centre_city = city,
        .starts_at = starts_at,
        .duration_minutes = _cas_model_get_int64 (model, 8, row),
        .location = location,
        .room = room,
        .capacity = _cas_model_get_int64 (model, 11, row),
        .language = language,
        .status = cas_session_status_from_string (status),
        .n_registered = _cas_model_get_int64 (model, 14, row),
        .n_passed = _cas_model_get_int64 (model, 15, row),
      };

      g_ptr_array_add (sessions, cas_exam_session_new (&fields));
    }

  return sessions;
}

GPtrArray *
cas_session_service_list (CasSessionService      *self,
                          CasAccount             *actor,
                          const CasSessionQuery  *query,
                          guint                   offset,
                          guint                   limit,
                          GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  QueryParams params;
  const char *sql;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  /* Coming sessions soonest first; past ones (and all) latest first */
  if (query->when == CAS_SESSION_WHEN_UPCOMING)
    sql = SESSION_COLUMNS SESSION_FILTER
          "ORDER BY s.starts_at, s.id LIMIT ##limit::gint OFFSET ##offset::gint";
  else
    sql = SESSION_COLUMNS SESSION_FILTER
          "ORDER BY s.starts_at DESC, s.id DESC LIMIT ##limit::gint OFFSET ##offset::gint";

  query_params_init (&params, query);
  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error, sql,
                               "lang", query->language ? query->language : cas_get_ui_language (),
                               "when", params.when,
                               "now", params.now,
                               "company", query->company_id,
                               "t0", params.patterns[0],
                               "t1", params.patterns[1],
                               "t2", params.patterns[2],
                               "t3", params.patterns[3],
                               "all", _cas_access_is_operator (&access) ? 1 : 0,
                               "account", access.account_id,
                               "person", access.person_id,
                               "limit", (int) MIN (limit, G_MAXINT),
                               "offset", (int) MIN (offset, G_MAXINT),
                               NULL);
  query_params_clear (&params);

  if (model == NULL)
    return NULL;

  return sessions_from_model (model);
}

/* What the actor is to one session, from the most to the least */
typedef enum
{
  SESSION_NONE,
  SESSION_CANDIDATE,    /* sits it */
  SESSION_STAFF,        /* administers it for the centre, listed as staff */
  SESSION_SUPERVISOR,   /* a controller of it */
  SESSION_MANAGER,      /* an operator, or an administrator of its centre */
} SessionLevel;

/* Reads who the actor is to @session_id; fails for a session that does not
 * exist. The centre's name goes to @centre for messages. */
static gboolean
session_level (CasSessionService  *self,
               const CasAccess    *access,
               gint64              session_id,
               SessionLevel       *level,
               char              **centre,
               GError            **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);

  model = _cas_database_query (self->db, error,
                               "SELECT s.company_id, c.name, "
                               "(SELECT COUNT(*) FROM session_staff t WHERE t.session_id = s.id "
                               " AND t.person_id = ##person::gint64 AND t.role = 'controller'), "
                               "(SELECT COUNT(*) FROM session_staff t WHERE t.session_id = s.id "
                               " AND t.person_id = ##person::gint64), "
                               "(SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id "
                               " AND r.person_id = ##person::gint64) "
                               "FROM exam_session s JOIN company c ON c.id = s.company_id "
                               "WHERE s.id = ##id::gint64",
                               "person", access->person_id, "id", session_id, NULL);
  if (model == NULL)
    return FALSE;

  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no exam session #%" PRId64), session_id);
      return FALSE;
    }

  if (centre != NULL)
    *centre = _cas_model_dup_string (model, 1, 0);

  if (_cas_access_is_operator (access) ||
      _cas_access_administers (access, _cas_model_get_int64 (model, 0, 0)))
    *level = SESSION_MANAGER;
  else if (_cas_model_get_int64 (model, 2, 0) > 0)
    *level = SESSION_SUPERVISOR;
  else if (_cas_model_get_int64 (model, 3, 0) > 0)
    *level = SESSION_STAFF;
  else if (_cas_model_get_int64 (model, 4, 0) > 0)
    *level = SESSION_CANDIDATE;
  else
    *level = SESSION_NONE;

  return TRUE;
}

/* Fails, refused and audited, unless the actor is at least @needed to the
 * session; @what says what was refused. */
static gboolean
require_session (CasSessionService  *self,
                 const CasAccess    *access,
                 gint64              session_id,
                 SessionLevel        needed,
                 const char         *action,
                 SessionLevel       *level,
                 GError            **error)
{
  g_autofree char *centre = NULL;
  SessionLevel found = SESSION_NONE;

  if (!session_level (self, access, session_id, &found, &centre, error))
    return FALSE;

  if (level != NULL)
    *level = found;

  if (found >= needed)
    return TRUE;

  switch (needed)
    {
    case SESSION_MANAGER:
      return _cas_access_deny (self->db, access, action, "exam_session", session_id, error,
                               _("change exam sessions of %s (administrators manage the sessions "
                                 "of their own centre)"), centre);
    case SESSION_SUPERVISOR:
      return _cas_access_deny (self->db, access, action, "exam_session", session_id, error,
                               _("record attendance at a session of %s that you do not supervise"),
                               centre);
    case SESSION_CANDIDATE:
    case SESSION_STAFF:
    case SESSION_NONE:
    default:
      return _cas_access_deny (self->db, access, action, "exam_session", session_id, error,
                               _("see an exam session of %s"), centre);
    }
}

/**
 * cas_session_service_get:
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
CasExamSession *
cas_session_service_get (CasSessionService  *self,
                         CasAccount         *actor,
                         gint64              session_id,
                         const char         *language,
                         GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !require_session (self, &access, session_id, SESSION_CANDIDATE, "session.read", NULL, error))
    return NULL;

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               SESSION_COLUMNS "WHERE s.id = ##id::gint64",
                               "lang", language ? language : cas_get_ui_language (),
                               "id", session_id,
                               NULL);
  if (model == NULL)
    return NULL;

  sessions = sessions_from_model (model);
  if (sessions->len == 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no exam session #%" PRId64), session_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (sessions, 0));
}

GPtrArray *
cas_session_service_list_staff (CasSessionService  *self,
                                CasAccount         *actor,
                                gint64              session_id,
                                GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  GPtrArray *staff;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !require_session (self, &access, session_id, SESSION_CANDIDATE, "session.read", NULL, error))
    return NULL;

  /* On PostgreSQL an account's role does not read the records of the
   * staff of other centres: a function of the schema gives what is shown
   * of them */
  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL
                               ? "SELECT person_id, first_name, last_name, email, role "
                                 "FROM cas_session_staff (##id::gint64)"
                               : "SELECT st.person_id, p.first_name, p.last_name, p.email, "
                                 "st.role FROM session_staff st "
                                 "JOIN person p ON p.id = st.person_id "
                                 "WHERE st.session_id = ##id::gint64 "
                                 "ORDER BY st.role, p.last_name, p.first_name",
                               "id", session_id, NULL);
  if (model == NULL)
    return NULL;

  staff = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      g_autofree char *first = _cas_model_dup_string (model, 1, row);
      g_autofree char *last = _cas_model_dup_string (model, 2, row);
      g_autofree char *email = _cas_model_dup_string (model, 3, row);
      g_autofree char *role = _cas_model_dup_string (model, 4, row);

      g_ptr_array_add (staff, cas_staff_member_new (session_id,
                                                    _cas_model_get_int64 (model, 0, row),
                                                    first, last, email,
                                                    cas_staff_role_from_string (role)));
    }

  return staff;
}

GPtrArray *
cas_session_service_list_registrations (CasSessionService  *self,
                                        CasAccount         *actor,
                                        gint64              session_id,
                                        GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  GPtrArray *registrations;
  SessionLevel level = SESSION_NONE;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !require_session (self, &access, session_id, SESSION_CANDIDATE, "session.read", &level,
                        error))
    return NULL;

  /* Someone who only sits the session sees their own registration, not
   * the others' */
  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT r.id, r.person_id, p.first_name, p.last_name, p.birth_date, "
                               "p.external_ref, r.status, r.score "
                               "FROM registration r JOIN person p ON p.id = r.person_id "
                               "WHERE r.session_id = ##id::gint64 "
                               "AND (##own::gint = 0 OR r.person_id = ##person::gint64) "
                               "ORDER BY p.last_name, p.first_name, r.id",
                               "id", session_id,
                               "own", level == SESSION_CANDIDATE ? 1 : 0,
                               "person", access.person_id, NULL);
  if (model == NULL)
    return NULL;

  registrations = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      g_autofree char *first = _cas_model_dup_string (model, 2, row);
      g_autofree char *last = _cas_model_dup_string (model, 3, row);
      g_autofree char *birth = _cas_model_dup_string (model, 4, row);
      g_autofree char *ref = _cas_model_dup_string (model, 5, row);
      g_autofree char *status_text = _cas_model_dup_string (model, 6, row);
      CasRegistrationStatus status = CAS_REGISTRATION_REGISTERED;
      CasRegistrationFields fields;

      cas_registration_status_from_string (status_text, &status);
      fields = (CasRegistrationFields) {
        .id = _cas_model_get_int64 (model, 0, row),
        .session_id = session_id,
        .person_id = _cas_model_get_int64 (model, 1, row),
        .first_name = first,
        .last_name = last,
        .birth_date = birth,
        .external_ref = ref,
        .status = status,
        .score = _cas_model_is_null (model, 7, row) ? -1
                                                    : (int) _cas_model_get_int64 (model, 7, row),
      };
      g_ptr_array_add (registrations, cas_registration_new (&fields));
    }

  return registrations;
}

/* Asynchronous reading */

typedef struct
{
  CasAccount      *actor;
  CasSessionQuery *query;
  guint            offset;
  guint            limit;
  gint64           session_id;
  GPtrArray       *staff;
  GPtrArray       *registrations;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->actor);
  cas_session_query_free (data->query);
  g_clear_pointer (&data->staff, g_ptr_array_unref);
  g_clear_pointer (&data->registrations, g_ptr_array_unref);
  g_free (data);
}

static GTask *
read_task_new (CasSessionService     *self,
               CasAccount            *actor,
               const CasSessionQuery *query,
               gpointer               source_tag,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  data->actor = actor ? g_object_ref (actor) : NULL;
  if (query != NULL)
    data->query = cas_session_query_copy (query);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  return task;
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  guint n = 0;

  if (cas_session_service_count (source_object, data->actor, data->query, &n, &error))
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

void
cas_session_service_count_async (CasSessionService     *self,
                                 CasAccount            *actor,
                                 const CasSessionQuery *query,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAS_IS_SESSION_SERVICE (self));

  task = read_task_new (self,
                        actor,
                        query,
                        cas_session_service_count_async,
                        cancellable,
                        callback,
                        user_data);
  g_task_run_in_thread (task, count_thread);
}

gboolean
cas_session_service_count_finish (CasSessionService  *self,
                                  GAsyncResult       *result,
                                  guint              *n_sessions,
                                  GError            **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  *n_sessions = n;

  return TRUE;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GPtrArray *sessions;

  if (g_task_return_error_if_cancelled (task))
    return;

  sessions = cas_session_service_list (source_object,
                                       data->actor,
                                       data->query,
                                       data->offset,
                                       data->limit,
                                       &error);
  if (sessions == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sessions, (GDestroyNotify) g_ptr_array_unref);
}

void
cas_session_service_list_async (CasSessionService     *self,
                                CasAccount            *actor,
                                const CasSessionQuery *query,
                                guint                  offset,
                                guint                  limit,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CAS_IS_SESSION_SERVICE (self));

  task = read_task_new (self,
                        actor,
                        query,
                        cas_session_service_list_async,
                        cancellable,
                        callback,
                        user_data);
  data = g_task_get_task_data (task);
  data->offset = offset;
  data->limit = limit;
  g_task_run_in_thread (task, list_thread);
}

/**
 * cas_session_service_list_finish:
 *
 * Returns: (transfer full) (element-type CasExamSession): the page
 */
GPtrArray *
cas_session_service_list_finish (CasSessionService  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
members_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;

  data->staff = cas_session_service_list_staff (source_object, data->actor, data->session_id,
                                                &error);
  if (data->staff != NULL)
    data->registrations = cas_session_service_list_registrations (source_object, data->actor,
                                                                  data->session_id,
                                                                  &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cas_session_service_load_members_async (CasSessionService   *self,
                                        CasAccount          *actor,
                                        gint64               session_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CAS_IS_SESSION_SERVICE (self));

  task = read_task_new (self, actor, NULL, cas_session_service_load_members_async, cancellable,
                        callback, user_data);
  data = g_task_get_task_data (task);
  data->session_id = session_id;
  g_task_run_in_thread (task, members_thread);
}

gboolean
cas_session_service_load_members_finish (CasSessionService  *self,
                                         GAsyncResult       *result,
                                         GPtrArray         **staff,
                                         GPtrArray         **registrations,
                                         GError            **error)
{
  ReadData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  *staff = g_steal_pointer (&data->staff);
  *registrations = g_steal_pointer (&data->registrations);

  return TRUE;
}

/* Changes */

/* "2026-12-03T09:30" from "2026-12-03T09:30", "2026-12-03 09:30" or
 * "03/12/2026 09:30" */
static char *
parse_start (const char  *input,
             GError     **error)
{
  g_autofree char *date_part = NULL;
  g_autofree char *iso_date = NULL;
  const char *sep;
  int hour, minute;
  char tail;

  if (input == NULL || *input == '\0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
                   _("%s: enter the date and time"), cas_field_get_label (CAS_FIELD_SESSION_START));
      return NULL;
    }

  sep = strpbrk (input, "T ");
  if (sep == NULL || sscanf (sep + 1, "%d:%d%c", &hour, &minute, &tail) != 2 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    {
      g_autofree char *shown = g_utf8_make_valid (input, MIN (strlen (input), 40));
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” is not a date and time such as 2026-12-03 09:30"),
                   cas_field_get_label (CAS_FIELD_SESSION_START), shown);
      return NULL;
    }

  date_part = g_strndup (input, sep - input);
  if (!cas_validate_date (CAS_FIELD_SESSION_START, date_part, FALSE, &iso_date, error))
    return NULL;

  return g_strdup_printf ("%sT%02d:%02d", iso_date, hour, minute);
}

gint64
cas_session_service_create (CasSessionService      *self,
                            CasAccount             *actor,
                            const CasSessionDraft  *draft,
                            GError                **error)
{
  g_autoptr(GdaDataModel) refs = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *location = NULL;
  g_autofree char *room = NULL;
  g_autofree char *language = NULL;
  g_autofree char *search_text = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_auto(CasAccess) access = { 0, };
  int duration;
  gint64 id;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), 0);
  g_return_val_if_fail (draft != NULL, 0);

  if (!_cas_access_init (&access, self->db, actor, error))
    return 0;
  if (!_cas_access_is_operator (&access) && !_cas_access_administers (&access, draft->company_id))
    return _cas_access_deny (self->db, &access, "session.create", "company", draft->company_id,
                             error, _("plan exam sessions for another exam centre than yours")),
           0;

  starts_at = parse_start (draft->starts_at, error);
  if (starts_at == NULL ||
      !cas_validate_text (CAS_FIELD_LOCATION, draft->location, TRUE, CAS_MAX_TEXT_LENGTH,
                          &location, error) ||
      !cas_validate_text (CAS_FIELD_ROOM, draft->room, FALSE, CAS_MAX_NAME_LENGTH, &room, error) ||
      !cas_validate_language (draft->language, &language, error))
    return 0;

  if (draft->capacity < 1 || draft->capacity > 500)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %d is not between 1 and 500 seats"),
                   cas_field_get_label (CAS_FIELD_CAPACITY), draft->capacity);
      return 0;
    }
  if (draft->duration_minutes < 0 || draft->duration_minutes > 600)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %d is not between 1 and 600 minutes"),
                   cas_field_get_label (CAS_FIELD_DURATION), draft->duration_minutes);
      return 0;
    }

  if (!_cas_database_begin (self->db, error))
    return 0;

  refs = _cas_database_query (self->db, error,
                              "SELECT e.code, e.title_fr, e.title_nl, e.title_de, e.title_en, "
                              "e.duration_minutes, "
                              "(SELECT name FROM company WHERE id = ##company::gint64), "
                              "(SELECT city FROM company WHERE id = ##company::gint64) "
                              "FROM exam e WHERE e.id = ##exam::gint64",
                              "company", draft->company_id, "exam", draft->exam_id, NULL);
  if (refs == NULL)
    goto failed;
  if (gda_data_model_get_n_rows (refs) == 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_INVALID,
                   _("There is no exam #%" PRId64), draft->exam_id);
      goto failed;
    }
  if (_cas_model_is_null (refs, 6, 0))
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_INVALID,
                   _("There is no exam centre #%" PRId64), draft->company_id);
      goto failed;
    }

  {
    char *parts[8];

    for (guint i = 0; i < 5; i++)
      parts[i] = _cas_model_dup_string (refs, i, 0);
    parts[5] = _cas_model_dup_string (refs, 6, 0);
    parts[6] = _cas_model_dup_string (refs, 7, 0);
    parts[7] = g_strdup_printf ("%s %s", location, room ? room : "");
    search_text = _cas_session_search_text ((const char * const *) parts, G_N_ELEMENTS (parts));
    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      g_free (parts[i]);
  }

  duration = draft->duration_minutes > 0 ? draft->duration_minutes
                                         : (int) _cas_model_get_int64 (refs, 5, 0);

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO exam_session (exam_id, company_id, starts_at, "
                           "duration_minutes, location, room, capacity, language, search_text, "
                           "created_at, created_by) VALUES (##exam::gint64, ##company::gint64, "
                           "##starts::string, ##duration::gint, ##location::string, "
                           "##room::string::null, ##capacity::gint, ##language::string, "
                           "##search::string, ##now::string, ##by::gint64::null)",
                           "exam", draft->exam_id,
                           "company", draft->company_id,
                           "starts", starts_at,
                           "duration", duration,
                           "location", location,
                           "room", room,
                           "capacity", draft->capacity,
                           "language", language,
                           "search", search_text,
                           "now", now,
                           "by", actor ? cas_account_get_id (actor) : (gint64) 0,
                           NULL))
    goto failed;

  id = _cas_database_last_insert_id (self->db, error);
  details = cas_json_object ("starts_at", starts_at, "location", location, NULL);
  if (id == 0 ||
      !_cas_audit_record (self->db, actor, "session.create", "exam_session", id, details, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

gboolean
cas_session_service_add_staff (CasSessionService  *self,
                               CasAccount         *actor,
                               gint64              session_id,
                               gint64              person_id,
                               CasStaffRole        role,
                               GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *details = NULL;
  gint64 existing = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !require_session (self, &access, session_id, SESSION_MANAGER, "session.staff", NULL, error))
    return FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_query_int64 (self->db, &existing, &found, error,
                                  "SELECT COUNT(*) FROM session_staff "
                                  "WHERE session_id = ##s::gint64 "
                                  "AND person_id = ##p::gint64 AND role = ##role::string",
                                  "s", session_id, "p", person_id,
                                  "role", cas_staff_role_to_string (role), NULL))
    goto failed;

  if (existing > 0)
    return _cas_database_commit (self->db, error);

  details = cas_json_object ("role", cas_staff_role_to_string (role), NULL);
  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO session_staff (session_id, person_id, role) "
                           "VALUES (##s::gint64, ##p::gint64, ##role::string)",
                           "s", session_id, "p", person_id,
                           "role", cas_staff_role_to_string (role), NULL) ||
      !_cas_audit_record (self->db, actor, "session.staff", "exam_session", session_id, details,
                          error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

gint64
cas_session_service_register (CasSessionService  *self,
                              CasAccount         *actor,
                              gint64              session_id,
                              gint64              person_id,
                              GError            **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *status = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_auto(CasAccess) access = { 0, };
  gint64 merged_into;
  gint64 id;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), 0);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !require_session (self, &access, session_id, SESSION_MANAGER, "registration.create", NULL,
                        error))
    return 0;

  if (!_cas_database_begin (self->db, error))
    return 0;

  model = _cas_database_query (self->db, error,
                               "SELECT s.status, s.capacity, "
                               "(SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id "
                               " AND r.status <> 'cancelled'), "
                               "(SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id "
                               " AND r.person_id = ##p::gint64), "
                               "p.first_name, p.last_name, p.merged_into, p.company_id "
                               "FROM exam_session s, person p "
                               "WHERE s.id = ##s::gint64 AND p.id = ##p::gint64",
                               "s", session_id, "p", person_id, NULL);
  if (model == NULL)
    goto failed;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no exam session #%" PRId64
                     " or no person #%" PRId64),
                   session_id, person_id);
      goto failed;
    }

  status = _cas_model_dup_string (model, 0, 0);
  first = _cas_model_dup_string (model, 4, 0);
  last = _cas_model_dup_string (model, 5, 0);
  merged_into = _cas_model_get_int64 (model, 6, 0);

  /* An administrator registers the candidates their centre holds */
  if (!_cas_access_is_operator (&access) &&
      !_cas_access_administers (&access, _cas_model_get_int64 (model, 7, 0)))
    {
      _cas_access_deny (self->db, &access, "registration.create", "person", person_id, error,
                        _("register %s %s, whose record another exam centre holds"), first, last);
      goto failed;
    }

  if (merged_into > 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_INVALID,
                   _("%s %s was merged into record #%" PRId64 "; register that record"),
                   first, last, merged_into);
      goto failed;
    }
  if (g_strcmp0 (status, "planned") != 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_CLOSED,
                   _("This session is %s: registrations are closed"),
                   cas_session_status_get_label (cas_session_status_from_string (status)));
      goto failed;
    }
  if (_cas_model_get_int64 (model, 3, 0) > 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_ALREADY_REGISTERED,
                   _("%s %s is already registered for this session"), first, last);
      goto failed;
    }
  if (_cas_model_get_int64 (model, 2, 0) >= _cas_model_get_int64 (model, 1, 0))
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_FULL,
                   _("This session is full (%d seats)"), (int) _cas_model_get_int64 (model, 1, 0));
      goto failed;
    }

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO registration (person_id, session_id, status, "
                           "registered_at, registered_by) "
                           "VALUES (##p::gint64, ##s::gint64, 'registered', "
                           "##now::string, ##by::gint64::null)",
                           "p", person_id, "s", session_id, "now", now,
                           "by", actor ? cas_account_get_id (actor) : (gint64) 0,
                           NULL))
    goto failed;

  id = _cas_database_last_insert_id (self->db, error);
  if (id == 0 ||
      !_cas_audit_record (self->db, actor, "registration.create", "registration", id, NULL, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

static gboolean
set_registration_status (CasSessionService  *self,
                         CasAccount         *actor,
                         gint64              registration_id,
                         const char         *status,
                         int                 score,
                         const char         *action,
                         GError            **error)
{
  g_autofree char *now = cas_now_utc ();
  g_autofree char *score_text = score >= 0 ? g_strdup_printf ("%d", score) : NULL;
  g_autofree char *details = cas_json_object ("status", status, "score", score_text, NULL);
  gint changed = 0;

  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE registration SET status = ##status::string, "
                           "score = ##score::gint::null, result_at = ##now::string "
                           "WHERE id = ##id::gint64",
                           "status", status, "score", score, "now", now,
                           "id", registration_id, NULL))
    return FALSE;

  if (changed == 0)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no registration #%" PRId64), registration_id);
      return FALSE;
    }

  return _cas_audit_record (self->db,
                            actor,
                            action,
                            "registration",
                            registration_id,
                            details,
                            error);
}

gboolean
cas_session_service_record_attendance (CasSessionService  *self,
                                       CasAccount         *actor,
                                       gint64              registration_id,
                                       gboolean            present,
                                       GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  gint64 session_id = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error) ||
      !_cas_database_query_int64 (self->db, &session_id, &found, error,
                                  "SELECT session_id FROM registration WHERE id = ##id::gint64",
                                  "id", registration_id, NULL))
    return FALSE;

  if (!found)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no registration #%" PRId64), registration_id);
      return FALSE;
    }

  /* The controllers of the session record who came, and its managers */
  if (!require_session (self, &access, session_id, SESSION_SUPERVISOR, "registration.attendance",
                        NULL, error))
    return FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!set_registration_status (self, actor, registration_id, present ? "present" : "absent", -1,
                                "registration.attendance", error))
    {
      _cas_database_rollback (self->db);
      return FALSE;
    }

  return _cas_database_commit (self->db, error);
}

gboolean
cas_session_service_record_score (CasSessionService  *self,
                                  CasAccount         *actor,
                                  gint64              registration_id,
                                  int                 score,
                                  GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  gint64 pass_mark = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (self), FALSE);

  /* Results come from Certassur's marking, through its operators */
  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!_cas_access_is_operator (&access))
    return _cas_access_deny (self->db, &access, "registration.result", "registration",
                             registration_id, error,
                             _("record exam results (only Certassur operators do)"));

  if (score < 0 || score > 100)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %d is not between 0 and 100"),
                   cas_field_get_label (CAS_FIELD_SCORE), score);
      return FALSE;
    }

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_query_int64 (self->db, &pass_mark, &found, error,
                                  "SELECT e.pass_mark FROM registration r "
                                  "JOIN exam_session s ON s.id = r.session_id "
                                  "JOIN exam e ON e.id = s.exam_id WHERE r.id = ##id::gint64",
                                  "id", registration_id, NULL))
    goto failed;

  if (!found)
    {
      g_set_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND,
                   _("There is no registration #%" PRId64), registration_id);
      goto failed;
    }

  /* A pass gets its attestation with it, or neither is recorded */
  if (!set_registration_status (self, actor, registration_id,
                                score >= pass_mark ? "passed" : "failed", score,
                                "registration.result", error) ||
      !_cas_attestation_follow_result (self->db, actor, registration_id, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}
