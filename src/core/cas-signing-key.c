/* cas-signing-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-signing-key"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "cas-attestation-render.h"
#include "cas-signing-key.h"

#define KEY_FILE_HEADER "certassur-signing-key 1\n"

struct _CasSigningKey
{
  guchar secret[crypto_sign_SECRETKEYBYTES];
  guchar public[crypto_sign_PUBLICKEYBYTES];
};

G_STATIC_ASSERT (crypto_sign_BYTES == CAS_SIGNATURE_BYTES);
G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == CAS_PUBLIC_KEY_BYTES);

void
cas_signing_key_free (CasSigningKey *key)
{
  if (key == NULL)
    return;

  sodium_memzero (key, sizeof *key);
  g_free (key);
}

CasSigningKey *
cas_signing_key_create (const char  *path,
                        GError     **error)
{
  g_autoptr(CasSigningKey) key = NULL;
  g_autofree char *secret64 = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  int fd;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_FAILED,
                   _("The cryptographic library could not be initialised"));
      return NULL;
    }

  key = g_new0 (CasSigningKey, 1);
  crypto_sign_keypair (key->public, key->secret);

  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);

  /* Only its owner reads it; an existing key is never replaced, which
   * would make every attestation signed with it unverifiable */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
                   _("Cannot create the signing key file “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }

  secret64 = g_base64_encode (key->secret, sizeof key->secret);
  contents = g_strconcat (KEY_FILE_HEADER, secret64, "\n", NULL);
  len = strlen (contents);
  if (write (fd, contents, len) != (gssize) len || fsync (fd) != 0)
    {
      int errsv = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
                   _("Cannot write the signing key file “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }
  close (fd);
  sodium_memzero (secret64, strlen (secret64));
  sodium_memzero (contents, len);

  return g_steal_pointer (&key);
}

CasSigningKey *
cas_signing_key_load (const char  *path,
                      GError     **error)
{
  g_autoptr(CasSigningKey) key = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guchar *secret = NULL;
  gsize len = 0;
  gsize secret_len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
                   _("The attestation signing key “%s” cannot be read (%s): attestations can be "
                     "viewed and verified, but not issued on this desk"),
                   path, local_error->message);
      return NULL;
    }

  if (!g_str_has_prefix (contents, KEY_FILE_HEADER) || sodium_init () < 0)
    goto corrupt;

  g_strstrip (contents + strlen (KEY_FILE_HEADER));
  secret = g_base64_decode (contents + strlen (KEY_FILE_HEADER), &secret_len);
  sodium_memzero (contents, len);
  if (secret_len != crypto_sign_SECRETKEYBYTES)
    goto corrupt;

  key = g_new0 (CasSigningKey, 1);
  memcpy (key->secret, secret, sizeof key->secret);
  sodium_memzero (secret, secret_len);
  crypto_sign_ed25519_sk_to_pk (key->public, key->secret);

  return g_steal_pointer (&key);

corrupt:
  g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
               _("“%s” is not an attestation signing key"), path);
  return NULL;
}

char *
cas_signing_key_dup_public (CasSigningKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_base64_encode (key->public, sizeof key->public);
}

void
cas_signing_key_sign (CasSigningKey *key,
                      const char    *text,
                      guchar        *signature)
{
  g_return_if_fail (key != NULL);

  crypto_sign_detached (signature, NULL, (const guchar *) text, strlen (text), key->secret);
}

gboolean
cas_signing_verify (const char   *public_key,
                    const char   *text,
                    const guchar *signature,
                    gsize         signature_length)
{
  g_autofree guchar *public = NULL;
  gsize public_len = 0;

  if (public_key == NULL || text == NULL || signature == NULL ||
      signature_length != crypto_sign_BYTES || sodium_init () < 0)
    return FALSE;

  public = g_base64_decode (public_key, &public_len);
  if (public_len != crypto_sign_PUBLICKEYBYTES)
    return FALSE;

  return crypto_sign_verify_detached (signature, (const guchar *) text, strlen (text), public) == 0;
}
