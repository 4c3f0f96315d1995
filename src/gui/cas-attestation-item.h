/* cas-attestation-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-attestation-service.h"

G_BEGIN_DECLS

/* One attestation as an item of a GListModel, or a placeholder for a row
 * whose page is not loaded yet */
#define CAS_TYPE_ATTESTATION_ITEM (cas_attestation_item_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationItem, cas_attestation_item, CAS, ATTESTATION_ITEM, GObject)

/* @attestation: (transfer full) (nullable): NULL makes a placeholder */
CasAttestationItem   *cas_attestation_item_new            (CasAttestation     *attestation);
/* Returns: (nullable): the attestation, NULL for a placeholder */
const CasAttestation *cas_attestation_item_get_attestation (CasAttestationItem *self);
gint64                cas_attestation_item_get_id          (CasAttestationItem *self);
gboolean              cas_attestation_item_is_placeholder  (CasAttestationItem *self);

/* How the window writes an attestation's facts, for the rows, the detail
 * and the preview */

/* "Sophie Lambert" */
char       *_cas_attestation_dup_full_name          (const CasAttestation *attestation);
/* "Thu 26 Nov 2026, 13:30" from the session's local start */
char       *_cas_attestation_format_session_start   (const CasAttestation *attestation);
/* "INS-4 Module 4 – Life insurance…" */
char       *_cas_attestation_dup_exam               (const CasAttestation *attestation);
/* The style class of a status: success, error, warning */
const char *_cas_attestation_status_get_style_class (CasAttestationStatus  status);

G_END_DECLS
