/* cas-person-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

#define CAS_TYPE_PERSON_DIALOG (cas_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasPersonDialog, cas_person_dialog, CAS, PERSON_DIALOG, AdwWindow)

CasPersonDialog *cas_person_dialog_new (GtkWindow   *parent,
                                        CasDatabase *db,
                                        CasAccount  *actor);

G_END_DECLS
