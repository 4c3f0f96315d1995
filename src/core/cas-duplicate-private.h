/* cas-duplicate-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the person service needs of the duplicate engine: the lookup keys of
 * the live check, written with every person created or changed.
 */

#pragma once

#include "cas-database-private.h"
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

/* Bulk paths (the import): the keys of many persons, written a batch at a
 * time into person_match_key. _cas_duplicate_add_keys adds the keys of
 * person @id to @batch (a batch of _cas_duplicate_keys_batch_new); the
 * batch may then hold more than CAS_BULK_BATCH_ROWS rows. */
CasBulkInsert *_cas_duplicate_keys_bulk_new  (CasDatabase              *db);
CasBulkBatch  *_cas_duplicate_keys_batch_new (void);
gboolean       _cas_duplicate_add_keys       (CasBulkBatch             *batch,
                                              gint64                    id,
                                              const CasDuplicateFields *fields,
                                              GError                  **error);
/* Persons @first to @last were written with their keys in the current
 * transaction: the persons below @first without keys get theirs (imported
 * before imports wrote keys), and person_match_state.keys_through moves to
 * @last, so that the next check has nothing to catch up. */
gboolean       _cas_duplicate_keys_imported  (CasDatabase              *db,
                                              gint64                    first,
                                              gint64                    last,
                                              GError                  **error);

/* Whether a comparison scored "likely" has the evidence the live check
 * asks of that band (an identifier, or two kinds of evidence) */
gboolean       _cas_duplicate_enough_for_likely (const CasDuplicateComparison *comparison);
/* Orders CasDuplicateProposal pointers of the live check: best band,
 * best score, then id of the existing record (a) */
int            _cas_duplicate_compare_proposals (gconstpointer a,
                                                 gconstpointer b);

/* Splits @text, a JSON array of arrays of @n_columns scalars each (what
 * json_group_array (json_array (...)) or json_agg (json_build_array (...))
 * make), in place: adds to @values a pointer into @text for each value, in
 * order (NULL for null; numbers as their text), and sets @n_rows. FALSE if
 * @text is not of that form. */
gboolean       _cas_duplicate_parse_rows         (char                         *text,
                                                  guint                         n_columns,
                                                  GPtrArray                    *values,
                                                  guint                        *n_rows);

G_END_DECLS
