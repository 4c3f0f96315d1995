/* cas-merge-wizard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-merge-service.h"

G_BEGIN_DECLS

/* An operator merges the records of a pending request: the records side
 * by side with a choice of value for every field that differs, the record
 * and the login that survive; then a preview of what moves and the
 * conflicts to confirm; then Apply. Emits "applied" (the surviving
 * person's id) once the core merged them, and closes. */
#define CAS_TYPE_MERGE_WIZARD (cas_merge_wizard_get_type ())

G_DECLARE_FINAL_TYPE (CasMergeWizard, cas_merge_wizard, CAS, MERGE_WIZARD, AdwWindow)

/* Returns: (transfer none): the wizard, to present */
GtkWidget *cas_merge_wizard_new (GtkWindow       *parent,
                                 CasMergeService *service,
                                 CasAccount      *actor,
                                 gint64           request_id,
                                 const char      *names);

G_END_DECLS
