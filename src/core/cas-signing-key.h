/* cas-signing-key.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Ed25519 key that signs attestations (libsodium's crypto_sign). The
 * secret half lives in a key file beside the database (or where the desk is
 * told), readable by its owner only; the public half is stored in the
 * database, so that any desk can verify. */
typedef struct _CasSigningKey CasSigningKey;

#define CAS_SIGNATURE_BYTES 64
#define CAS_PUBLIC_KEY_BYTES 32

/* Makes a new key pair in a new file at @path (refusing to replace one) */
CasSigningKey *cas_signing_key_create            (const char          *path,
                                                  GError             **error);
CasSigningKey *cas_signing_key_load              (const char          *path,
                                                  GError             **error);
void           cas_signing_key_free              (CasSigningKey       *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasSigningKey, cas_signing_key_free)

/* The public key, in base64 */
char          *cas_signing_key_dup_public        (CasSigningKey       *key);
/* Writes CAS_SIGNATURE_BYTES bytes to @signature */
void           cas_signing_key_sign              (CasSigningKey       *key,
                                                  const char          *text,
                                                  guchar              *signature);
/* Checks @signature of @text against a base64 public key */
gboolean       cas_signing_verify                (const char          *public_key,
                                                  const char          *text,
                                                  const guchar        *signature,
                                                  gsize                signature_length);

G_END_DECLS
