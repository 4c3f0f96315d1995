/* cas-candidate-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"
#include "cas-paged-list.h"
#include "cas-person-register.h"

G_BEGIN_DECLS

/* A CasPagedList of CasPersonSummary: the persons of the register an
 * account may see, matching a query. A row whose page is not there yet is
 * a placeholder (cas_person_summary_is_placeholder). */
#define CAS_TYPE_CANDIDATE_LIST (cas_candidate_list_get_type ())

G_DECLARE_FINAL_TYPE (CasCandidateList, cas_candidate_list, CAS, CANDIDATE_LIST, CasPagedList)

CasCandidateList     *cas_candidate_list_new       (CasPersonRegister    *person_register,
                                                    CasAccount           *account);
const CasPersonQuery *cas_candidate_list_get_query (CasCandidateList     *self);
/* Counts the matching persons, then shows them; until the count arrives,
 * the model keeps showing the previous results, and the count or pages of
 * the previous query still on their way are cancelled. */
void                  cas_candidate_list_set_query (CasCandidateList     *self,
                                                    const CasPersonQuery *query);
/* Whether the query finds more than CAS_PERSON_COUNT_LIMIT persons: the
 * list holds the first ones, in order (one more than the limit) */
gboolean              cas_candidate_list_has_more  (CasCandidateList     *self);

G_END_DECLS
