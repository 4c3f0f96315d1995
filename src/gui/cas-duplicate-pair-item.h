/* cas-duplicate-pair-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-duplicate-service.h"

G_BEGIN_DECLS

/* One pair of the full duplicate scan, as an item of the Duplicates view's
 * lists: the engine's proposal, and what was asked of it since */
#define CAS_TYPE_DUPLICATE_PAIR_ITEM (cas_duplicate_pair_item_get_type ())

G_DECLARE_FINAL_TYPE (CasDuplicatePairItem, cas_duplicate_pair_item,
                      CAS, DUPLICATE_PAIR_ITEM, GObject)

/* Takes @proposal */
CasDuplicatePairItem       *cas_duplicate_pair_item_new           (CasDuplicateProposal *proposal);
const CasDuplicateProposal *cas_duplicate_pair_item_get_proposal  (CasDuplicatePairItem *self);
/* Whether a pending merge request holds both records */
gboolean cas_duplicate_pair_item_get_merge_requested (CasDuplicatePairItem *self);
void     cas_duplicate_pair_item_set_merge_requested (CasDuplicatePairItem *self,
                                                      gboolean              requested);
/* Whether either record is held by the exam centre named @centre */
gboolean cas_duplicate_pair_item_has_centre          (CasDuplicatePairItem *self,
                                                      const char           *centre);

G_END_DECLS
