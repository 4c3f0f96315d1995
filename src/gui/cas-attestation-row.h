/* cas-attestation-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-attestation-item.h"

G_BEGIN_DECLS

/* One attestation in the Attestations list: number, status, person, exam,
 * session date. A placeholder shows a dim "Loading…" row of the same
 * height. */
#define CAS_TYPE_ATTESTATION_ROW (cas_attestation_row_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationRow, cas_attestation_row, CAS, ATTESTATION_ROW, GtkWidget)

GtkWidget          *cas_attestation_row_new      (void);
CasAttestationItem *cas_attestation_row_get_item (CasAttestationRow  *self);
/* @exam_title: (nullable): the exam's title in the user's language; NULL
 * shows the one the attestation was issued with */
void                cas_attestation_row_set_item (CasAttestationRow  *self,
                                                  CasAttestationItem *item,
                                                  const char         *exam_title);

G_END_DECLS
