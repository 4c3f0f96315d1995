/* cas-session-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"
#include "cas-paged-list.h"
#include "cas-session-service.h"

G_BEGIN_DECLS

/* A CasPagedList of CasExamSession: the sessions an account may see,
 * matching a query. A row whose page is not there yet is a placeholder
 * (cas_exam_session_is_placeholder). */
#define CAS_TYPE_SESSION_LIST (cas_session_list_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionList, cas_session_list, CAS, SESSION_LIST, CasPagedList)

CasSessionList        *cas_session_list_new       (CasSessionService     *service,
                                                   CasAccount            *account);
const CasSessionQuery *cas_session_list_get_query (CasSessionList        *self);
/* Counts the matching sessions, then shows them; until the count arrives,
 * the model keeps showing the previous results. */
void                   cas_session_list_set_query (CasSessionList        *self,
                                                   const CasSessionQuery *query);

G_END_DECLS
