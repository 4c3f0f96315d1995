/* cas-sqlite-guard-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CasSqliteGuard CasSqliteGuard;

CasSqliteGuard *_cas_sqlite_guard_acquire (const char      *database_path,
                                           gboolean         exclusive,
                                           GError         **error);
void            _cas_sqlite_guard_release (CasSqliteGuard  *guard);

G_END_DECLS
