/* cas-attestation-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-attestation-item.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* The detail of one attestation in the Attestations view: its number and
 * person, Print and Save as PDF, the preview of the stored PDF with its
 * status badge, what it says (person, exam, session, score), when it was
 * issued, its fingerprint and verification code; for operators, Re-issue…
 * and Revoke…, each asking for a reason.
 *
 * "changed" tells that the attestation shown was revoked or re-issued
 * (the detail shows what it is now); "show-session" asks for the
 * attestations of the session it belongs to. */
#define CAS_TYPE_ATTESTATION_DETAIL (cas_attestation_detail_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationDetail, cas_attestation_detail, CAS, ATTESTATION_DETAIL,
                      GtkWidget)

void                cas_attestation_detail_set_database (CasAttestationDetail *self,
                                                         CasDatabase          *db,
                                                         CasAccount           *account);
CasAttestationItem *cas_attestation_detail_get_item     (CasAttestationDetail *self);
/* @item: (nullable): NULL shows "No Attestation Selected"; a placeholder
 * too. @exam_title: (nullable): the exam's title in the user's language,
 * NULL for the one on the attestation */
void                cas_attestation_detail_set_item     (CasAttestationDetail *self,
                                                         CasAttestationItem   *item,
                                                         const char           *exam_title);
/* Returns: (transfer none): the preview, for its zoom actions */
GtkWidget          *cas_attestation_detail_get_preview  (CasAttestationDetail *self);
/* Reads the attestation shown again */
void                cas_attestation_detail_reload       (CasAttestationDetail *self);

G_END_DECLS
