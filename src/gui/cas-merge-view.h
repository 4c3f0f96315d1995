/* cas-merge-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-view.h"

G_BEGIN_DECLS

/* The merge requests: for operators the queue (every request, pending
 * first), to review in the merge wizard, reject, or undo once applied; for
 * administrators the requests they made, with their status */
#define CAS_TYPE_MERGE_VIEW (cas_merge_view_get_type ())

G_DECLARE_FINAL_TYPE (CasMergeView, cas_merge_view, CAS, MERGE_VIEW, CasView)

G_END_DECLS
