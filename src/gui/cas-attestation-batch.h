/* cas-attestation-batch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-attestation-service.h"

G_BEGIN_DECLS

/* One job over many attestations, off the main thread: the valid ones a
 * query finds (the window asks for those of one session), read one by one
 * through the service as the account may, and
 *
 *  - written into a folder, one PDF each named after its number, the bytes
 *    as stored;
 *  - or drawn page after page into one PDF (each stored page rendered onto
 *    a cairo PDF surface at its size);
 *  - or handed back, for printing.
 *
 * "done" and "total" tell how far it is, notified on the main thread. A
 * cancelled job stops between two attestations: a folder keeps the files
 * written, a single PDF is not written at all. */
#define CAS_TYPE_ATTESTATION_BATCH (cas_attestation_batch_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationBatch, cas_attestation_batch, CAS, ATTESTATION_BATCH,
                      GObject)

typedef enum
{
  CAS_ATTESTATION_BATCH_FOLDER,
  CAS_ATTESTATION_BATCH_ONE_PDF,
  CAS_ATTESTATION_BATCH_READ,
} CasAttestationBatchKind;

/* Only the valid attestations of @query are taken */
CasAttestationBatch *cas_attestation_batch_new        (CasAttestationService     *service,
                                                       CasAccount                *account,
                                                       const CasAttestationQuery *query);
guint                cas_attestation_batch_get_done   (CasAttestationBatch       *self);
/* 0 until the attestations are counted */
guint                cas_attestation_batch_get_total  (CasAttestationBatch       *self);
/* @target: the folder, or the PDF file; NULL for CAS_ATTESTATION_BATCH_READ */
void                 cas_attestation_batch_run_async  (CasAttestationBatch       *self,
                                                       CasAttestationBatchKind    kind,
                                                       GFile                     *target,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
/* @n_done: how many were written or read. @pdfs: (out) (optional)
 * (transfer full) (element-type GBytes): those read, for
 * CAS_ATTESTATION_BATCH_READ */
gboolean             cas_attestation_batch_run_finish (CasAttestationBatch       *self,
                                                       GAsyncResult              *result,
                                                       guint                     *n_done,
                                                       GPtrArray                **pdfs,
                                                       GError                   **error);

G_END_DECLS
