/* cas-audit-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit-service"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdio.h>

#include "cas-access-private.h"
#include "cas-audit-service.h"
#include "cas-csv.h"
#include "cas-database-private.h"
#include "cas-util.h"
#include "cas-validate.h"

struct _CasAuditService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasAuditService, cas_audit_service, G_TYPE_OBJECT)

void
cas_audit_event_free (CasAuditEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->occurred_at);
  g_free (event->actor);
  g_free (event->action);
  g_free (event->record_type);
  g_free (event->details);
  g_free (event);
}

CasAuditQuery *
cas_audit_query_new (void)
{
  return g_new0 (CasAuditQuery, 1);
}

void
cas_audit_query_free (CasAuditQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->actor);
  g_free (query->action);
  g_free (query->since);
  g_free (query->until);
  g_free (query->record_type);
  g_free (query);
}

static void
cas_audit_service_finalize (GObject *object)
{
  CasAuditService *self = (CasAuditService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_audit_service_parent_class)->finalize (object);
}

static void
cas_audit_service_class_init (CasAuditServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_audit_service_finalize;
}

static void
cas_audit_service_init (CasAuditService *self)
{
}

CasAuditService *
cas_audit_service_new (CasDatabase *db)
{
  CasAuditService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_AUDIT_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

/* The filters as statement parameters: "" or 0 where a filter is not set */
typedef struct
{
  char *actor;
  char *action;
  char *action_prefix;
  char *since;
  char *until;
  char *record_type;
} Params;

static void
params_clear (Params *params)
{
  g_free (params->actor);
  g_free (params->action);
  g_free (params->action_prefix);
  g_free (params->since);
  g_free (params->until);
  g_free (params->record_type);
}

/* The UTC time at which the local day @date (YYYY-MM-DD) plus @days starts */
static char *
local_day_start_utc (const char *date,
                     int         days)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) utc = NULL;
  int year = 0, month = 0, day = 0;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3)
    return g_strdup ("");

  start = g_date_time_new (cas_get_time_zone (), year, month, day, 0, 0, 0);
  if (start == NULL)
    return g_strdup ("");
  if (days != 0)
    {
      GDateTime *next = g_date_time_add_days (start, days);

      g_date_time_unref (start);
      start = next;
    }
  utc = g_date_time_to_utc (start);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
prepare (CasAuditService      *self,
         CasAccount           *actor,
         const CasAuditQuery  *query,
         CasAccess            *access,
         Params               *params,
         GError              **error)
{
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;

  memset (params, 0, sizeof *params);

  if (!_cas_access_init (access, self->db, actor, error))
    return FALSE;
  if (!_cas_access_is_operator (access))
    return _cas_access_deny (self->db, access, "audit.read", NULL, 0, error,
                             _("read the audit log (only operators do)"));

  if ((query->since != NULL && *query->since != '\0' &&
       !cas_validate_date (CAS_FIELD_DATE_FROM, query->since, FALSE, &since, error)) ||
      (query->until != NULL && *query->until != '\0' &&
       !cas_validate_date (CAS_FIELD_DATE_TO, query->until, FALSE, &until, error)))
    return FALSE;

  params->actor = g_strdup (query->actor ? query->actor : "");
  params->action = g_strdup (query->action ? query->action : "");
  /* "person" finds "person.create", "person.update", ... */
  params->action_prefix = g_strdup_printf ("%s.%%", params->action);
  /* Days as the desk shows them, in Belgian time; times are stored in UTC */
  params->since = since ? local_day_start_utc (since, 0) : g_strdup ("");
  params->until = until ? local_day_start_utc (until, 1) : g_strdup ("");
  params->record_type = g_strdup (query->record_type ? query->record_type : "");

  return TRUE;
}

#define AUDIT_FILTER \
  "WHERE (##actor::string = '' OR actor = ##actor::string) " \
  "AND (##action::string = '' OR action = ##action::string " \
  "     OR action LIKE ##prefix::string) " \
  "AND (##since::string = '' OR occurred_at >= ##since::string) " \
  "AND (##until::string = '' OR occurred_at < ##until::string) " \
  "AND (##type::string = '' OR record_type = ##type::string) " \
  "AND (##record::gint64 = 0 OR record_id = ##record::gint64) "

#define AUDIT_PARAMS(params, query) \
  "actor", (params).actor, "action", (params).action, "prefix", (params).action_prefix, \
  "since", (params).since, "until", (params).until, "type", (params).record_type, \
  "record", (query)->record_id

gboolean
cas_audit_service_count (CasAuditService      *self,
                         CasAccount           *actor,
                         const CasAuditQuery  *query,
                         guint                *n_events,
                         GError              **error)
{
  g_auto(CasAccess) access = { 0, };
  Params params;
  gint64 n = 0;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_AUDIT_SERVICE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  *n_events = 0;
  if (!prepare (self, actor, query, &access, &params, error))
    {
      params_clear (&params);
      return FALSE;
    }

  ok = _cas_database_query_int64 (self->db, &n, NULL, error,
                                  "SELECT COUNT(*) FROM audit_event " AUDIT_FILTER,
                                  AUDIT_PARAMS (params, query), NULL);
  params_clear (&params);
  *n_events = (guint) n;

  return ok;
}

GPtrArray *
cas_audit_service_list (CasAuditService      *self,
                        CasAccount           *actor,
                        const CasAuditQuery  *query,
                        guint                 offset,
                        guint                 limit,
                        GError              **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  GPtrArray *events;
  Params params;

  g_return_val_if_fail (CAS_IS_AUDIT_SERVICE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!prepare (self, actor, query, &access, &params, error))
    {
      params_clear (&params);
      return NULL;
    }

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT id, occurred_at, actor, action, record_type, record_id, "
                               "details FROM audit_event " AUDIT_FILTER
                               "ORDER BY id DESC LIMIT ##limit::gint OFFSET ##offset::gint",
                               AUDIT_PARAMS (params, query),
                               "limit", (int) MIN (limit, G_MAXINT),
                               "offset", (int) MIN (offset, G_MAXINT),
                               NULL);
  params_clear (&params);
  if (model == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_audit_event_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasAuditEvent *event = g_new0 (CasAuditEvent, 1);

      event->id = _cas_model_get_int64 (model, 0, row);
      event->occurred_at = _cas_model_dup_string (model, 1, row);
      event->actor = _cas_model_dup_string (model, 2, row);
      event->action = _cas_model_dup_string (model, 3, row);
      event->record_type = _cas_model_dup_string (model, 4, row);
      event->record_id = _cas_model_get_int64 (model, 5, row);
      event->details = _cas_model_dup_string (model, 6, row);
      g_ptr_array_add (events, event);
    }

  return events;
}

gint64
cas_audit_service_export_csv (CasAuditService      *self,
                              CasAccount           *actor,
                              const CasAuditQuery  *query,
                              GOutputStream        *output,
                              GCancellable         *cancellable,
                              GError              **error)
{
  static const char * const header[] = {
    "occurred_at", "actor", "action", "record_type", "record_id", "details",
  };
  g_autoptr(GString) buffer = g_string_new (NULL);
  gint64 n_written = 0;

  g_return_val_if_fail (CAS_IS_AUDIT_SERVICE (self), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), -1);

  cas_csv_append_record (buffer, header, G_N_ELEMENTS (header));

  /* Pages keep memory flat however long the log */
  for (guint offset = 0;; offset += 2000)
    {
      g_autoptr(GPtrArray) page = cas_audit_service_list (self, actor, query, offset, 2000, error);

      if (page == NULL)
        return -1;

      for (guint i = 0; i < page->len; i++)
        {
          CasAuditEvent *event = g_ptr_array_index (page, i);
          g_autofree char *record = event->record_id > 0
                                    ? g_strdup_printf ("%" PRId64, event->record_id) : NULL;
          const char *fields[] = { event->occurred_at, event->actor, event->action,
                                   event->record_type, record, event->details };

          cas_csv_append_record (buffer, fields, G_N_ELEMENTS (fields));
          n_written++;
        }

      if (!g_output_stream_write_all (output, buffer->str, buffer->len, NULL, cancellable, error))
        return -1;
      g_string_truncate (buffer, 0);

      if (page->len < 2000)
        break;
    }

  return n_written;
}
