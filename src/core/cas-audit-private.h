/* cas-audit-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-types.h"

G_BEGIN_DECLS

/* Writes one audit_event row. @actor NULL means the local command line
 * without a login (recorded as "local:<unix user>"). @details is a JSON
 * object or NULL. Call inside the change's own transaction, so that the
 * change and its record land together. */
gboolean _cas_audit_record (CasDatabase  *db,
                            CasAccount   *actor,
                            const char   *action,
                            const char   *record_type,
                            gint64        record_id,
                            const char   *details,
                            GError      **error);

/* Writes a login attempt under the login that was typed (a valid login,
 * whether or not an account has it), so that the log finds the failures
 * on a login by its name; @account_id is the account's, 0 for none. */
gboolean _cas_audit_record_attempt (CasDatabase  *db,
                                    const char   *login,
                                    const char   *action,
                                    gint64        account_id,
                                    GError      **error);

G_END_DECLS
