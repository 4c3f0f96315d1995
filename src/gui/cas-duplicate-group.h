/* cas-duplicate-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-duplicate-pair-item.h"

G_BEGIN_DECLS

/* A group of the full duplicate scan (persons linked by pairs), as an item
 * of the Duplicates view's list: its pairs, best first, and the persons
 * they name */
#define CAS_TYPE_DUPLICATE_GROUP (cas_duplicate_group_get_type ())

G_DECLARE_FINAL_TYPE (CasDuplicateGroup, cas_duplicate_group, CAS, DUPLICATE_GROUP, GObject)

CasDuplicateGroup        *cas_duplicate_group_new            (void);
/* Pairs are added best first */
void                      cas_duplicate_group_add_pair       (CasDuplicateGroup    *self,
                                                              CasDuplicatePairItem *pair);
/* Returns whether it was in the group; the group is empty without pairs */
gboolean                  cas_duplicate_group_remove_pair    (CasDuplicateGroup    *self,
                                                              CasDuplicatePairItem *pair);
/* Returns: (transfer none): the pairs, a GListModel of CasDuplicatePairItem */
GListModel               *cas_duplicate_group_get_pairs      (CasDuplicateGroup *self);
guint                     cas_duplicate_group_get_n_persons  (CasDuplicateGroup *self);
/* The persons in the order the pairs name them, the best pair's first */
const CasDuplicatePerson *cas_duplicate_group_get_person     (CasDuplicateGroup *self,
                                                              guint              index);
double                    cas_duplicate_group_get_best_score (CasDuplicateGroup *self);
CasDuplicateBand          cas_duplicate_group_get_best_band  (CasDuplicateGroup *self);
/* Whether every person of the group may be seen whole by the account */
gboolean                  cas_duplicate_group_all_visible    (CasDuplicateGroup *self);

G_END_DECLS
