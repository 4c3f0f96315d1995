/* cas-duplicates-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-view.h"

G_BEGIN_DECLS

/* The full duplicate scan of the register, run in a thread when the view
 * opens and on refresh: its groups, largest first, filtered by band and
 * exam centre; a group's pairs with score, band and reasons, each to be
 * marked "not the same person" or asked to be merged. Operators scan the
 * whole register; administrators see the pairs with a record of their
 * centres. */
#define CAS_TYPE_DUPLICATES_VIEW (cas_duplicates_view_get_type ())

G_DECLARE_FINAL_TYPE (CasDuplicatesView, cas_duplicates_view, CAS, DUPLICATES_VIEW, CasView)

G_END_DECLS
