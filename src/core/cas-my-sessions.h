/* cas-my-sessions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-database.h"
#include "cas-types.h"

G_BEGIN_DECLS

/* One line of "My exam sessions": a session the account's person sits,
 * administers or supervises, or one of their own past exams. */
typedef struct
{
  gint64                 session_id;
  CasRole                role;               /* CANDIDATE, ADMIN or CONTROLLER */
  char                  *exam_code;
  char                  *exam_title;         /* in the UI language */
  char                  *starts_at;          /* local time, "YYYY-MM-DD HH:MM" */
  int                    duration_minutes;
  char                  *location;
  char                  *room;
  char                  *centre;
  CasSessionStatus       session_status;

  /* for the candidate's own registration; 0, -1 and NULL otherwise */
  gint64                 registration_id;
  CasRegistrationStatus  registration_status;
  int                    score;              /* -1: no result yet */
  gint64                 attestation_id;     /* the current version, 0 if none */
  char                  *attestation_number; /* "CA-2026-000123" or "…-2" */
  int                    attestation_status; /* a CasAttestationStatus, -1 if none */
} CasMySession;

void cas_my_session_free (CasMySession *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasMySession, cas_my_session_free)

GPtrArray *cas_my_sessions_list_upcoming (CasDatabase  *db,
                                          CasAccount   *actor,
                                          GError      **error);
GPtrArray *cas_my_sessions_list_past     (CasDatabase  *db,
                                          CasAccount   *actor,
                                          GError      **error);

void       cas_my_sessions_list_async    (CasDatabase          *db,
                                          CasAccount           *actor,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean   cas_my_sessions_list_finish   (CasDatabase          *db,
                                          GAsyncResult         *result,
                                          GPtrArray           **upcoming,
                                          GPtrArray           **past,
                                          GError              **error);

G_END_DECLS
