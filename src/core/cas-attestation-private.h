/* cas-attestation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* Brings the attestation of a registration in line with the result just
 * recorded, inside the caller's transaction: issues it for a pass,
 * re-issues it when a pass's score changed, revokes it when the result is
 * no longer a pass. Does nothing on a database that has no signing key
 * (attestations not set up). An attestation that cannot be issued fails
 * the whole, so that no passed result is left without its attestation. */
gboolean _cas_attestation_follow_result (CasDatabase  *db,
                                         CasAccount   *actor,
                                         gint64        registration_id,
                                         GError      **error);

/* The value of @key ("first_name", "last_name", ...) in the signed content
 * of an attestation, as printed on it; NULL when absent */
char    *_cas_attestation_content_value (const char *content,
                                         const char *key);

G_END_DECLS
