/* cas-attestations-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* The Attestations view: the attestations the account may see (the core
 * decides: operators all, administrators those of their centre's
 * candidates, others their own), searched by number, name or session and
 * filtered by exam, status and issue date, beside the detail of the
 * selected one with its preview. Shown on one session (cas_view_show_session
 * ()), it prints or exports all of the session's valid attestations at
 * once. A CasView. */
#define CAS_TYPE_ATTESTATIONS_VIEW (cas_attestations_view_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationsView, cas_attestations_view, CAS, ATTESTATIONS_VIEW, CasView)

G_END_DECLS
