/* cas-duplicate-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the person service needs of the duplicate engine: the lookup keys of
 * the live check, written with every person created or changed.
 */

#pragma once

#include "cas-database.h"
#include "cas-duplicate.h"

G_BEGIN_DECLS

#define CAS_DUPLICATE_MAX_LOOKUP_KEYS 4

/* The keys the live check finds a person by: the sorted phonetic name
 * pair, each e-mail, the phone; positive 62-bit numbers. Returns how many. */
guint    _cas_duplicate_lookup_keys (const CasDuplicateFields *fields,
                                     gint64                    keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS]);

/* Replaces the lookup keys of person @id (call inside the transaction that
 * writes the person) */
gboolean _cas_duplicate_write_keys  (CasDatabase              *db,
                                     gint64                    id,
                                     const CasDuplicateFields *fields,
                                     GError                  **error);

G_END_DECLS
