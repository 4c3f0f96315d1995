/* cas-session-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-session-service.h"

G_BEGIN_DECLS

/* The detail of one session: where and when, its staff and its candidates
 * with their results (loaded from the database when the session is set). */
#define CAS_TYPE_SESSION_DETAIL (cas_session_detail_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionDetail, cas_session_detail, CAS, SESSION_DETAIL, GtkWidget)

GtkWidget         *cas_session_detail_new         (CasSessionService *service);
CasSessionService *cas_session_detail_get_service (CasSessionDetail  *self);
void               cas_session_detail_set_service (CasSessionDetail  *self,
                                                   CasSessionService *service,
                                                   CasAccount        *account);
CasExamSession    *cas_session_detail_get_session (CasSessionDetail  *self);
/* NULL shows "No Session Selected" */
void               cas_session_detail_set_session (CasSessionDetail  *self,
                                                   CasExamSession    *session);
/* Loads the staff and the candidates again */
void               cas_session_detail_reload      (CasSessionDetail  *self);

G_END_DECLS
