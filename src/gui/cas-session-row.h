/* cas-session-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-exam-session.h"

G_BEGIN_DECLS

/* One session in the Sessions list: date and time, exam, centre and place,
 * seats taken. A placeholder session shows a dim "Loading…" row of the
 * same height. */
#define CAS_TYPE_SESSION_ROW (cas_session_row_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionRow, cas_session_row, CAS, SESSION_ROW, GtkWidget)

GtkWidget      *cas_session_row_new         (void);
CasExamSession *cas_session_row_get_session (CasSessionRow  *self);
void            cas_session_row_set_session (CasSessionRow  *self,
                                             CasExamSession *session);

G_END_DECLS
