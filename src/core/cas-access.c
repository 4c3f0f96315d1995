/* cas-access.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-access"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account-private.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-util.h"

G_DEFINE_QUARK (cas-access-error-quark, cas_access_error)

/* The SHA-256 of a login token, as login_session keeps it */
char *
_cas_access_hash_token (const char *token)
{
  guchar digest[crypto_hash_sha256_BYTES];
  char hex[crypto_hash_sha256_BYTES * 2 + 1];

  crypto_hash_sha256 (digest, (const guchar *) token, strlen (token));
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);

  return g_strdup (hex);
}

gboolean
_cas_access_init (CasAccess    *access,
                  CasDatabase  *db,
                  CasAccount   *actor,
                  GError      **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GdaDataModel) roles = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;

  memset (access, 0, sizeof *access);
  access->centres = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (actor == NULL)
    {
      g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN,
                   _("Log in first: this needs an account"));
      return FALSE;
    }

  access->account = g_object_ref (actor);

  if (g_strcmp0 (_cas_account_get_database_id (actor), cas_database_get_id (db)) != 0)
    {
      g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_OTHER_DATABASE,
                   _("This login was made on another database; log in again"));
      return FALSE;
    }

  if (cas_account_is_local (actor))
    {
      access->local = TRUE;
      access->roles = CAS_ROLE_OPERATOR;
      return TRUE;
    }

  if (_cas_account_get_token (actor) == NULL)
    {
      g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN,
                   _("Log in first: this needs an account"));
      return FALSE;
    }

  hash = _cas_access_hash_token (_cas_account_get_token (actor));
  now = cas_now_utc ();

  locker = _cas_database_lock (db);
  model = _cas_database_query (db, error,
                               "SELECT a.id, a.person_id, a.disabled FROM login_session s "
                               "JOIN account a ON a.id = s.account_id "
                               "WHERE s.token_hash = ##hash::string AND s.ended_at IS NULL "
                               "AND s.expires_at > ##now::string",
                               "hash", hash, "now", now, NULL);
  if (model == NULL)
    return FALSE;

  if (gda_data_model_get_n_rows (model) == 0 ||
      _cas_model_get_int64 (model, 0, 0) != cas_account_get_id (actor))
    {
      g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN,
                   _("Your login has ended or expired; log in again"));
      return FALSE;
    }

  if (_cas_model_get_int64 (model, 2, 0) != 0)
    {
      g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DISABLED,
                   _("This account is disabled. Ask a Certassur operator to enable it."));
      return FALSE;
    }

  access->account_id = _cas_model_get_int64 (model, 0, 0);
  access->person_id = _cas_model_get_int64 (model, 1, 0);

  /* The roles now, not those of the login: a role taken away counts at once.
   * Whoever sat an exam is a candidate for their own record. */
  roles = _cas_database_query (db, error,
                               "SELECT role, company_id FROM account_role "
                               "WHERE account_id = ##id::gint64 "
                               "UNION ALL SELECT 'candidate', NULL FROM registration "
                               "WHERE person_id = ##person::gint64::null",
                               "id", access->account_id, "person", access->person_id, NULL);
  if (roles == NULL)
    return FALSE;

  for (int row = 0; row < gda_data_model_get_n_rows (roles); row++)
    {
      g_autofree char *name = _cas_model_dup_string (roles, 0, row);
      CasRole role = cas_role_from_string (name);

      access->roles |= role;
      if (role == CAS_ROLE_ADMIN)
        {
          gint64 centre = _cas_model_get_int64 (roles, 1, row);
          g_array_append_val (access->centres, centre);
        }
    }

  return TRUE;
}

void
_cas_access_clear (CasAccess *access)
{
  g_clear_object (&access->account);
  g_clear_pointer (&access->centres, g_array_unref);
}

gboolean
_cas_access_is_operator (const CasAccess *access)
{
  return access->local || (access->roles & CAS_ROLE_OPERATOR) != 0;
}

gboolean
_cas_access_administers (const CasAccess *access,
                         gint64           company_id)
{
  if (access->centres == NULL || company_id <= 0)
    return FALSE;

  for (guint i = 0; i < access->centres->len; i++)
    if (g_array_index (access->centres, gint64, i) == company_id)
      return TRUE;

  return FALSE;
}

gint64
_cas_access_first_centre (const CasAccess *access)
{
  if (access->centres == NULL || access->centres->len == 0)
    return 0;

  return g_array_index (access->centres, gint64, 0);
}

typedef struct
{
  CasAccount *actor;
  char       *action;
  char       *record_type;
  gint64      record_id;
  char       *details;
} Refusal;

static void
write_refusal (gpointer data,
               gpointer user_data)
{
  Refusal *refusal = data;
  CasDatabase *db = user_data;
  g_autoptr(GError) error = NULL;

  if (!_cas_audit_record (db, refusal->actor, "access.denied", refusal->record_type,
                          refusal->record_id, refusal->details, &error))
    g_warning ("Could not audit a refusal: %s", error->message);

  g_clear_object (&refusal->actor);
  g_free (refusal->action);
  g_free (refusal->record_type);
  g_free (refusal->details);
  g_free (refusal);
}

gboolean
_cas_access_deny (CasDatabase     *db,
                  const CasAccess *access,
                  const char      *action,
                  const char      *record_type,
                  gint64           record_id,
                  GError         **error,
                  const char      *what_format,
                  ...)
{
  g_autofree char *what = NULL;
  Refusal *refusal;
  va_list args;

  va_start (args, what_format);
  what = g_strdup_vprintf (what_format, args);
  va_end (args);

  g_set_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED,
               /* Translators: %s says what, e.g. "plan a session at Examencentrum Gent" */
               _("You may not %s."), what);

  refusal = g_new0 (Refusal, 1);
  refusal->actor = access->account ? g_object_ref (access->account) : NULL;
  refusal->action = g_strdup (action);
  refusal->record_type = g_strdup (record_type);
  refusal->record_id = record_id;
  refusal->details = cas_json_object ("action", action, "refused", what, NULL);
  _cas_database_after_transaction (db, write_refusal, refusal);

  return FALSE;
}
