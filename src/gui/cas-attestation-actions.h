/* cas-attestation-actions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every page that lists attestations offers for one of them (the
 * Attestations view, "My exam sessions"): open it in a window of its own
 * with the preview, print it, save its PDF. The PDF is always the one
 * stored when it was issued, read through CasAttestationService with the
 * logged-in account, so the core decides who may see it. Each call returns
 * at once; reading, rendering and writing happen off the main thread, and
 * errors are shown to the user (a toast or a dialog on @parent's window).
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* A window with the attestation's preview (zoom, status badge) and its
 * Print and Save as PDF buttons */
void cas_attestation_open  (GtkWidget   *parent,
                            CasDatabase *db,
                            CasAccount  *account,
                            gint64       attestation_id);
/* The print dialog (GtkPrintOperation), the stored page at printer
 * resolution */
void cas_attestation_print (GtkWidget   *parent,
                            CasDatabase *db,
                            CasAccount  *account,
                            gint64       attestation_id);
/* The file chooser, then the stored bytes written unchanged; the name
 * offered is the attestation's number ("CA-2026-000123.pdf") */
void cas_attestation_save  (GtkWidget   *parent,
                            CasDatabase *db,
                            CasAccount  *account,
                            gint64       attestation_id);

G_END_DECLS
