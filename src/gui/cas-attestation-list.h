/* cas-attestation-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"
#include "cas-attestation-service.h"
#include "cas-paged-list.h"

G_BEGIN_DECLS

/* A CasPagedList of CasAttestationItem: the attestations an account may
 * see (the core decides), matching a query, latest first. A row whose page
 * is not there yet is a placeholder (cas_attestation_item_is_placeholder). */
#define CAS_TYPE_ATTESTATION_LIST (cas_attestation_list_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationList, cas_attestation_list, CAS, ATTESTATION_LIST,
                      CasPagedList)

/* Counts every attestation the account may see at once */
CasAttestationList        *cas_attestation_list_new       (CasAttestationService     *service,
                                                           CasAccount                *account);
const CasAttestationQuery *cas_attestation_list_get_query (CasAttestationList        *self);
/* Counts the matching attestations, then shows them; until the count
 * arrives, the model keeps showing the previous results */
void                       cas_attestation_list_set_query (CasAttestationList        *self,
                                                           const CasAttestationQuery *query);

/* Returns: (transfer full): a copy of @query */
CasAttestationQuery       *cas_attestation_list_copy_query (const CasAttestationQuery *query);
/* Whether two queries ask for the same attestations */
gboolean                   cas_attestation_list_query_equal (const CasAttestationQuery *a,
                                                             const CasAttestationQuery *b);

G_END_DECLS
