/* cas-session-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-exam-session.h"
#include "cas-registration.h"
#include "cas-staff-member.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_SESSION_ERROR (cas_session_error_quark ())

typedef enum
{
  CAS_SESSION_ERROR_NOT_FOUND,
  CAS_SESSION_ERROR_FULL,
  CAS_SESSION_ERROR_CLOSED,
  CAS_SESSION_ERROR_ALREADY_REGISTERED,
  CAS_SESSION_ERROR_INVALID,
} CasSessionError;

/* What a list of sessions shows */
typedef struct
{
  CasSessionWhen  when;
  char           *search;      /* free text over exam, centre and place */
  gint64          company_id;  /* 0 for every centre */
  char           *language;    /* of the exam titles; NULL for the UI language */
} CasSessionQuery;

#define CAS_TYPE_SESSION_QUERY (cas_session_query_get_type ())
GType            cas_session_query_get_type (void) G_GNUC_CONST;
CasSessionQuery *cas_session_query_new      (CasSessionWhen          when,
                                             const char             *search);
CasSessionQuery *cas_session_query_copy     (const CasSessionQuery  *query);
void             cas_session_query_free     (CasSessionQuery        *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasSessionQuery, cas_session_query_free)

/* A new session */
typedef struct
{
  gint64      exam_id;
  gint64      company_id;
  const char *starts_at;          /* "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM", Brussels time */
  int         duration_minutes;   /* 0 for the exam's duration */
  const char *location;
  const char *room;
  int         capacity;
  const char *language;
} CasSessionDraft;

#define CAS_TYPE_SESSION_SERVICE (cas_session_service_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionService, cas_session_service, CAS, SESSION_SERVICE, GObject)

GQuark             cas_session_error_quark        (void);
CasSessionService *cas_session_service_new        (CasDatabase            *db);

/* Reading. Every call takes the acting account: lists hold what it may
 * see, and a single session it may not see is refused (CAS_ACCESS_ERROR). */
gboolean           cas_session_service_count      (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   const CasSessionQuery  *query,
                                                   guint                  *n_sessions,
                                                   GError                **error);
/* Returns: (transfer full) (element-type CasExamSession): a page of sessions,
 * upcoming ones soonest first, past ones latest first */
GPtrArray         *cas_session_service_list       (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   const CasSessionQuery  *query,
                                                   guint                   offset,
                                                   guint                   limit,
                                                   GError                **error);
CasExamSession    *cas_session_service_get        (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   gint64                  session_id,
                                                   const char             *language,
                                                   GError                **error);
/* Returns: (transfer full) (element-type CasStaffMember) */
GPtrArray         *cas_session_service_list_staff (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   gint64                  session_id,
                                                   GError                **error);
/* Returns: (transfer full) (element-type CasRegistration): by last name */
GPtrArray         *cas_session_service_list_registrations (CasSessionService *self,
                                                           CasAccount        *actor,
                                                           gint64             session_id,
                                                           GError           **error);

/* The same off the calling thread, for the window */
void               cas_session_service_count_async  (CasSessionService     *self,
                                                     CasAccount            *actor,
                                                     const CasSessionQuery *query,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           cas_session_service_count_finish (CasSessionService     *self,
                                                     GAsyncResult          *result,
                                                     guint                 *n_sessions,
                                                     GError               **error);
void               cas_session_service_list_async   (CasSessionService     *self,
                                                     CasAccount            *actor,
                                                     const CasSessionQuery *query,
                                                     guint                  offset,
                                                     guint                  limit,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *cas_session_service_list_finish  (CasSessionService     *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
/* Staff and registrations of a session in one trip */
void               cas_session_service_load_members_async  (CasSessionService *self,
                                                            CasAccount        *actor,
                                                            gint64             session_id,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
gboolean           cas_session_service_load_members_finish (CasSessionService *self,
                                                            GAsyncResult      *result,
                                                            GPtrArray        **staff,
                                                            GPtrArray        **registrations,
                                                            GError           **error);

/* Changes */
gint64             cas_session_service_create     (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   const CasSessionDraft  *draft,
                                                   GError                **error);
gboolean           cas_session_service_add_staff  (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   gint64                  session_id,
                                                   gint64                  person_id,
                                                   CasStaffRole            role,
                                                   GError                **error);
gint64             cas_session_service_register   (CasSessionService      *self,
                                                   CasAccount             *actor,
                                                   gint64                  session_id,
                                                   gint64                  person_id,
                                                   GError                **error);
gboolean           cas_session_service_record_attendance (CasSessionService *self,
                                                          CasAccount        *actor,
                                                          gint64             registration_id,
                                                          gboolean           present,
                                                          GError           **error);
/* Records the score out of 100; the status becomes passed or failed by the
 * exam's pass mark. */
gboolean           cas_session_service_record_score (CasSessionService    *self,
                                                     CasAccount           *actor,
                                                     gint64                registration_id,
                                                     int                   score,
                                                     GError              **error);

/* Normalised search text of a session, as stored in exam_session.search_text */
char              *_cas_session_search_text       (const char * const     *parts,
                                                   guint                   n_parts);

G_END_DECLS
