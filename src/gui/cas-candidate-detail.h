/* cas-candidate-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-person-register.h"
#include "cas-person-summary.h"

G_BEGIN_DECLS

/* The detail of one person of the register: identity, contact (with an
 * edit dialog), account, exams with their results, attestations, possible
 * duplicates with their reasons, and, for operators, the record's history.
 * Read from the database off the main thread when the person is set.
 * "changed" is emitted after the person was changed here. */
#define CAS_TYPE_CANDIDATE_DETAIL (cas_candidate_detail_get_type ())

G_DECLARE_FINAL_TYPE (CasCandidateDetail, cas_candidate_detail, CAS, CANDIDATE_DETAIL, GtkWidget)

/* @persons saves the edits */
void              cas_candidate_detail_set_register (CasCandidateDetail *self,
                                                     CasPersonRegister  *person_register,
                                                     CasPersonService   *persons,
                                                     CasAccount         *account);
CasPersonSummary *cas_candidate_detail_get_person   (CasCandidateDetail *self);
/* NULL shows "No Candidate Selected" */
void              cas_candidate_detail_set_person   (CasCandidateDetail *self,
                                                     CasPersonSummary   *person);
/* Reads the person shown again */
void              cas_candidate_detail_reload       (CasCandidateDetail *self);

G_END_DECLS
