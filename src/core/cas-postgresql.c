/* cas-postgresql.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-postgresql"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "cas-postgresql-private.h"

/* PostgreSQL's default (scram_iterations) and salt length */
#define SCRAM_ITERATIONS 4096
#define SCRAM_SALT_LENGTH 16
#define SHA256_LENGTH 32

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static gboolean
is_plain_prefix (const char *dbname)
{
  gsize len = strlen (dbname);

  if (len < 2 || len > 30 || !g_ascii_islower (dbname[0]) || g_str_has_prefix (dbname, "pg"))
    return FALSE;
  for (const char *p = dbname; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

char *
_cas_pg_role_prefix (const char *dbname)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (dbname != NULL, NULL);

  if (is_plain_prefix (dbname))
    return g_strdup (dbname);

  hex = sha256_hex (dbname);

  return g_strdup_printf ("cas%.12s", hex);
}

char *
_cas_pg_group_role (const char *dbname,
                    const char *kind)
{
  g_autofree char *prefix = _cas_pg_role_prefix (dbname);

  return g_strdup_printf ("%s_%s", prefix, kind);
}

char *
_cas_pg_login_role (const char *dbname,
                    const char *login)
{
  g_autofree char *prefix = _cas_pg_role_prefix (dbname);
  g_autofree char *name = g_strdup_printf ("%s_u_%s", prefix, login);
  g_autofree char *hex = NULL;

  if (strlen (name) <= CAS_PG_MAX_ROLE_LENGTH)
    return g_steal_pointer (&name);

  /* Logins are ASCII: bytes are characters, as SQL's left () counts them */
  hex = sha256_hex (login);

  return g_strdup_printf ("%.54s_%.8s", name, hex);
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

static void
hmac_sha256 (const guchar *key,
             gsize         key_len,
             const guchar *data,
             gsize         data_len,
             guchar        out[SHA256_LENGTH])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = SHA256_LENGTH;

  g_hmac_update (hmac, data, data_len);
  g_hmac_get_digest (hmac, out, &len);
  g_assert (len == SHA256_LENGTH);
}

/* PBKDF2-HMAC-SHA-256 with one block of output: SCRAM's Hi () */
static void
scram_hi (const char   *password,
          const guchar *salt,
          gsize         salt_len,
          guint         iterations,
          guchar        out[SHA256_LENGTH])
{
  gsize password_len = strlen (password);
  guchar first[SCRAM_SALT_LENGTH + 4];
  guchar u[SHA256_LENGTH];

  g_assert (salt_len == SCRAM_SALT_LENGTH);

  memcpy (first, salt, salt_len);
  first[salt_len] = 0;
  first[salt_len + 1] = 0;
  first[salt_len + 2] = 0;
  first[salt_len + 3] = 1;

  hmac_sha256 ((const guchar *) password, password_len, first, sizeof first, u);
  memcpy (out, u, SHA256_LENGTH);
  for (guint i = 1; i < iterations; i++)
    {
      hmac_sha256 ((const guchar *) password, password_len, u, SHA256_LENGTH, u);
      for (guint j = 0; j < SHA256_LENGTH; j++)
        out[j] ^= u[j];
    }

  sodium_memzero (u, sizeof u);
}

char *
_cas_pg_password_secret (const char *password)
{
  guchar salt[SCRAM_SALT_LENGTH];
  guchar salted[SHA256_LENGTH];
  guchar client_key[SHA256_LENGTH];
  guchar stored_key[SHA256_LENGTH];
  guchar server_key[SHA256_LENGTH];
  gsize len = SHA256_LENGTH;
  g_autoptr(GChecksum) sha = NULL;
  g_autofree char *salt64 = NULL;
  g_autofree char *stored64 = NULL;
  g_autofree char *server64 = NULL;

  g_return_val_if_fail (password != NULL, NULL);

  if (!is_ascii (password) || sodium_init () < 0)
    return g_strdup (password);

  randombytes_buf (salt, sizeof salt);
  scram_hi (password, salt, sizeof salt, SCRAM_ITERATIONS, salted);
  hmac_sha256 (salted, sizeof salted, (const guchar *) "Client Key", strlen ("Client Key"),
               client_key);
  hmac_sha256 (salted, sizeof salted, (const guchar *) "Server Key", strlen ("Server Key"),
               server_key);
  sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sha, client_key, sizeof client_key);
  g_checksum_get_digest (sha, stored_key, &len);

  salt64 = g_base64_encode (salt, sizeof salt);
  stored64 = g_base64_encode (stored_key, sizeof stored_key);
  server64 = g_base64_encode (server_key, sizeof server_key);

  sodium_memzero (salted, sizeof salted);
  sodium_memzero (client_key, sizeof client_key);

  return g_strdup_printf ("SCRAM-SHA-256$%d:%s$%s:%s", SCRAM_ITERATIONS, salt64, stored64,
                          server64);
}

char *
_cas_pg_conninfo_escape (const char *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value) + 8);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}
