/* cas-session-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-session-service.h"

G_BEGIN_DECLS

/* A GListModel of CasExamSession, paged from the database: it knows the
 * number of sessions matching its query and loads the pages rows are asked
 * for, most recently asked first, keeping a bounded number of them. A row
 * whose page is not there yet is a placeholder (cas_exam_session_is_placeholder)
 * until the page arrives, announced by items-changed over the page. */
#define CAS_TYPE_SESSION_LIST (cas_session_list_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionList, cas_session_list, CAS, SESSION_LIST, GObject)

CasSessionList        *cas_session_list_new         (CasSessionService     *service,
                                                     CasAccount            *account);
const CasSessionQuery *cas_session_list_get_query   (CasSessionList        *self);
/* Counts the matching sessions, then shows them; until the count arrives,
 * the model keeps showing the previous results. */
void                   cas_session_list_set_query   (CasSessionList        *self,
                                                     const CasSessionQuery *query);
/* Counts and loads again, for changes made elsewhere; when the number of
 * sessions did not change, the list keeps its place */
void                   cas_session_list_reload      (CasSessionList        *self);
/* Whether a count or a page is on its way */
gboolean               cas_session_list_get_loading (CasSessionList        *self);
/* Whether the number of items is the one of the current query */
gboolean               cas_session_list_get_counted (CasSessionList        *self);
/* The last failure, for the user, or NULL */
const char            *cas_session_list_get_error   (CasSessionList        *self);

G_END_DECLS
