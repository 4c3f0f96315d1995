/* cas-sessions-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* The Sessions view: a searchable list of exam sessions (upcoming, past or
 * all) beside the detail of the selected one. A CasView. */
#define CAS_TYPE_SESSIONS_VIEW (cas_sessions_view_get_type ())

G_DECLARE_FINAL_TYPE (CasSessionsView, cas_sessions_view, CAS, SESSIONS_VIEW, CasView)

G_END_DECLS
