/* cas-import-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

#define CAS_TYPE_IMPORT_DIALOG (cas_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasImportDialog, cas_import_dialog, CAS, IMPORT_DIALOG, AdwWindow)

CasImportDialog *cas_import_dialog_new       (GtkWindow       *parent,
                                              CasDatabase     *db,
                                              CasAccount      *actor);
/* Analyses @file at once, as if chosen */
void             cas_import_dialog_open_file (CasImportDialog *self,
                                              GFile           *file);

G_END_DECLS
