/* cas-verify-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-database.h"

G_BEGIN_DECLS

/* Verify Attestation: whoever holds an attestation's PDF, or the code
 * printed on it, asks the database whether Certassur issued it and
 * whether it still holds. No login needed: the answer reveals only what
 * the attestation itself says. */
#define CAS_TYPE_VERIFY_DIALOG (cas_verify_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasVerifyDialog, cas_verify_dialog, CAS, VERIFY_DIALOG, AdwWindow)

/* Returns: (transfer none): a new dialog, to present */
GtkWidget *cas_verify_dialog_new         (GtkWindow       *parent,
                                          CasDatabase     *db);
/* Checks @file, as if chosen in the dialog */
void       cas_verify_dialog_verify_file (CasVerifyDialog *self,
                                          GFile           *file);

G_END_DECLS
