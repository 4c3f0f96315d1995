/* cas-candidates-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-view.h"

G_BEGIN_DECLS

/* The Candidates view: the person register, searched as one types and
 * filtered by centre, language, exams and possible duplicates, beside the
 * detail of the selected person. For operators and administrators. A
 * CasView. */
#define CAS_TYPE_CANDIDATES_VIEW (cas_candidates_view_get_type ())

G_DECLARE_FINAL_TYPE (CasCandidatesView, cas_candidates_view, CAS, CANDIDATES_VIEW, CasView)

G_END_DECLS
