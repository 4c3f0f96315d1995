/* cas-my-sessions-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* "My exam sessions": the coming sessions the logged-in person sits,
 * administers or supervises, and the exams they sat, with their result
 * and attestation (open, print, save). Every role sees it; an account
 * with no person of its own is told so. A CasView. */
#define CAS_TYPE_MY_SESSIONS_VIEW (cas_my_sessions_view_get_type ())

G_DECLARE_FINAL_TYPE (CasMySessionsView, cas_my_sessions_view, CAS, MY_SESSIONS_VIEW, CasView)

G_END_DECLS
