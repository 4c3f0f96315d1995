/* cas-candidate-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-person-summary.h"

G_BEGIN_DECLS

/* One person in the Candidates list: name, number of exams, birth date and
 * NRN (as the register shows it to the viewer), e-mail and centre, and a
 * pill when the last duplicate scan paired the person with another. A
 * placeholder shows a dim "Loading…" row of the same height. */
#define CAS_TYPE_CANDIDATE_ROW (cas_candidate_row_get_type ())

G_DECLARE_FINAL_TYPE (CasCandidateRow, cas_candidate_row, CAS, CANDIDATE_ROW, GtkWidget)

GtkWidget        *cas_candidate_row_new        (void);
CasPersonSummary *cas_candidate_row_get_person (CasCandidateRow  *self);
void              cas_candidate_row_set_person (CasCandidateRow  *self,
                                                CasPersonSummary *person);

/* "Dupont, Anne-Sophie": the register is sorted by last name */
char             *cas_candidate_dup_sort_name  (const char       *first_name,
                                                const char       *last_name);

G_END_DECLS
