/* cas-account-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-account-service"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account-private.h"
#include "cas-account-service.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-postgresql-private.h"
#include "cas-util.h"
#include "cas-validate.h"

struct _CasAccountService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasAccountService, cas_account_service, G_TYPE_OBJECT)

G_DEFINE_QUARK (cas-account-error-quark, cas_account_error)

static void
cas_account_service_finalize (GObject *object)
{
  CasAccountService *self = (CasAccountService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_account_service_parent_class)->finalize (object);
}

static void
cas_account_service_class_init (CasAccountServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_account_service_finalize;
}

static void
cas_account_service_init (CasAccountService *self)
{
}

CasAccountService *
cas_account_service_new (CasDatabase *db)
{
  CasAccountService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_ACCOUNT_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

static gboolean
ensure_sodium (GError **error)
{
  static int status = 1;

  /* sodium_init() is thread-safe and returns 1 when already done */
  if (status > 0)
    status = sodium_init () < 0 ? -1 : 0;

  if (status < 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                   _("The cryptographic library could not be initialised"));
      return FALSE;
    }

  return TRUE;
}

/**
 * cas_password_hash:
 *
 * Test suites set CERTASSUR_PWHASH=fast to use libsodium's minimum cost:
 * hashes stay argon2id and verify the same way, tests just run faster.
 *
 * Returns: (transfer full): the encoded argon2id hash
 */
char *
cas_password_hash (const char  *password,
                   GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gboolean fast = g_strcmp0 (g_getenv ("CERTASSUR_PWHASH"), "fast") == 0;

  g_return_val_if_fail (password != NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                   _("Not enough memory to protect the password"));
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
cas_password_verify (const char *hash,
                     const char *password)
{
  if (hash == NULL || password == NULL || !ensure_sodium (NULL))
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
cas_validate_login (const char  *login,
                    GError     **error)
{
  gsize len = login ? strlen (login) : 0;

  if (len == 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
                   _("Login: enter a login"));
      return FALSE;
    }
  if (len > CAS_MAX_LOGIN_LENGTH)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_TOO_LONG,
                   _("Login is too long (%u characters, at most %d)"),
                   (guint) MIN (len, G_MAXUINT), CAS_MAX_LOGIN_LENGTH);
      return FALSE;
    }
  for (const char *p = login; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("._-@", *p) != NULL))
      {
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("Login: use only lower-case letters, digits and . _ - @"));
        return FALSE;
      }

  return TRUE;
}

static gboolean
validate_new_password (const char  *login,
                       const char  *password,
                       GError     **error)
{
  gsize len = password ? g_utf8_strlen (password, -1) : 0;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
                   _("Password: enter a password"));
      return FALSE;
    }
  if (len < CAS_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
                   _("Password is too short (at least %d characters)"), CAS_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  if (g_strcmp0 (password, login) == 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
                   _("Password must not be the login"));
      return FALSE;
    }
  if (len > CAS_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
                   _("Password is too long (at most %d characters)"), CAS_PASSWORD_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* On PostgreSQL, the password of the account's database role, which the
 * migration made with the account (data/sql/0003-postgresql-security.sql):
 * the server checks it when the account connects. @password NULL leaves
 * the role without one. */
static gboolean
set_role_password (CasAccountService  *self,
                   gint64              account_id,
                   const char         *password,
                   GError            **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *secret = NULL;

  if (cas_database_get_dialect (self->db) != CAS_DIALECT_POSTGRESQL || password == NULL)
    return TRUE;

  secret = _cas_pg_password_secret (password);
  model = _cas_database_query (self->db, error,
                               "SELECT cas_set_account_secret (##id::gint64, ##secret::string)",
                               "id", account_id, "secret", secret, NULL);
  sodium_memzero (secret, strlen (secret));

  return model != NULL;
}

/* Whether the database connection is the one of @actor's own role: the
 * server then checked the password, and the hash is not readable */
static gboolean
is_own_connection (CasAccountService *self,
                   CasAccount        *actor)
{
  return actor != NULL &&
         _cas_database_get_account_login (self->db) != NULL &&
         g_strcmp0 (_cas_database_get_account_login (self->db),
                    cas_account_get_login (actor)) == 0;
}

/* The writing half of account creation, without checking who asks */
static gint64
insert_account (CasAccountService  *self,
                CasAccount         *actor,
                const char         *login,
                const char         *password,
                const char         *password_hash,
                gint64              person_id,
                gboolean            must_change_password,
                GError            **error)
{
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  gint64 existing = 0;
  gboolean found = FALSE;
  gint64 id;

  if (!_cas_database_begin (self->db, error))
    return 0;

  if (!_cas_database_query_int64 (self->db, &existing, &found, error,
                                  "SELECT id FROM account WHERE login = ##login::string",
                                  "login", login, NULL))
    goto failed;

  if (found)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_EXISTS,
                   _("Login: “%s” is already taken"), login);
      goto failed;
    }

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO account (login, password_hash, person_id, "
                           "must_change_password, created_at) "
                           "VALUES (##login::string, ##hash::string, ##person::gint64::null, "
                           "##change::gint, ##now::string)",
                           "login", login,
                           "hash", password_hash,
                           "person", person_id,
                           "change", must_change_password ? 1 : 0,
                           "now", now,
                           NULL))
    goto failed;

  id = _cas_database_last_insert_id (self->db, error);
  if (id == 0 || !set_role_password (self, id, password, error))
    goto failed;

  details = cas_json_object ("login", login, NULL);
  if (!_cas_audit_record (self->db, actor, "account.create", "account", id, details, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

static gboolean
insert_grant (CasAccountService  *self,
              CasAccount         *actor,
              gint64              account_id,
              CasRole             role,
              gint64              company_id,
              GError            **error)
{
  g_autofree char *details = NULL;
  g_autofree char *company = NULL;
  const char *role_name = cas_role_to_string (role);
  gint64 existing = 0;

  if (role == CAS_ROLE_ADMIN && company_id <= 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                   _("An administrator role needs the exam centre it is for"));
      return FALSE;
    }

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_query_int64 (self->db, &existing, NULL, error,
                                  "SELECT COUNT(*) FROM account_role "
                                  "WHERE account_id = ##a::gint64 "
                                  "AND role = ##role::string "
                                  "AND COALESCE (company_id, 0) = ##company::gint64",
                                  "a", account_id, "role", role_name,
                                  "company", role == CAS_ROLE_ADMIN ? company_id : (gint64) 0,
                                  NULL))
    goto failed;

  /* Granting what is held already changes nothing */
  if (existing > 0)
    return _cas_database_commit (self->db, error);

  company = company_id > 0 ? g_strdup_printf ("%" PRId64, company_id) : NULL;
  details = cas_json_object ("role", role_name, "company", company, NULL);

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO account_role (account_id, role, company_id) "
                           "VALUES (##account::gint64, ##role::string, ##company::gint64::null)",
                           "account", account_id,
                           "role", role_name,
                           "company", role == CAS_ROLE_ADMIN ? company_id : (gint64) 0,
                           NULL) ||
      !_cas_audit_record (self->db, actor, "account.grant", "account", account_id, details, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* Accounts are the operators' business */
static gboolean
require_operator (CasAccountService  *self,
                  CasAccess          *access,
                  CasAccount         *actor,
                  const char         *action,
                  gint64              account_id,
                  const char         *what,
                  GError            **error)
{
  if (!_cas_access_init (access, self->db, actor, error))
    return FALSE;

  if (!_cas_access_is_operator (access))
    return _cas_access_deny (self->db, access, action, "account", account_id, error, "%s", what);

  return TRUE;
}

/**
 * cas_account_service_create_with_hash:
 * @password: (nullable): the password @password_hash was computed from: on
 *   PostgreSQL, the password of the account's database role (%NULL: the
 *   role has none, and cannot log in until a password reset)
 *
 * Creates an account with a password hash computed beforehand (the demo
 * computes one for many accounts). Operators only.
 */
gint64
cas_account_service_create_with_hash (CasAccountService  *self,
                                      CasAccount         *actor,
                                      const char         *login,
                                      const char         *password,
                                      const char         *password_hash,
                                      gint64              person_id,
                                      GError            **error)
{
  g_auto(CasAccess) access = { 0, };

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), 0);

  if (!require_operator (self, &access, actor, "account.create", 0,
                         _("create accounts (only operators manage accounts)"), error) ||
      !cas_validate_login (login, error))
    return 0;

  return insert_account (self, actor, login, password, password_hash, person_id, FALSE, error);
}

/**
 * cas_account_service_create:
 *
 * Creates an account. Operators only; the user must choose a password of
 * their own at the first login.
 */
gint64
cas_account_service_create (CasAccountService  *self,
                            CasAccount         *actor,
                            const char         *login,
                            const char         *password,
                            gint64              person_id,
                            GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *hash = NULL;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), 0);

  if (!require_operator (self, &access, actor, "account.create", 0,
                         _("create accounts (only operators manage accounts)"), error) ||
      !cas_validate_login (login, error) ||
      !validate_new_password (login, password, error))
    return 0;

  hash = cas_password_hash (password, error);
  if (hash == NULL)
    return 0;

  return insert_account (self, actor, login, password, hash, person_id, !access.local, error);
}

gboolean
cas_account_service_grant (CasAccountService  *self,
                           CasAccount         *actor,
                           gint64              account_id,
                           CasRole             role,
                           gint64              company_id,
                           GError            **error)
{
  g_auto(CasAccess) access = { 0, };

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);
  g_return_val_if_fail (cas_role_to_string (role) != NULL, FALSE);

  if (!require_operator (self, &access, actor, "account.grant", account_id,
                         _("give roles (only operators manage accounts)"), error))
    return FALSE;

  return insert_grant (self, actor, account_id, role, company_id, error);
}

gboolean
cas_account_service_revoke (CasAccountService  *self,
                            CasAccount         *actor,
                            gint64              account_id,
                            CasRole             role,
                            gint64              company_id,
                            GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *company = NULL;
  g_autofree char *details = NULL;
  const char *role_name = cas_role_to_string (role);
  gint64 operators = 0;
  int removed = 0;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);
  g_return_val_if_fail (role_name != NULL, FALSE);

  if (!require_operator (self, &access, actor, "account.revoke", account_id,
                         _("take roles away (only operators manage accounts)"), error))
    return FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_exec (self->db, &removed, error,
                           "DELETE FROM account_role WHERE account_id = ##a::gint64 "
                           "AND role = ##role::string "
                           "AND (##company::gint64 = 0 OR company_id = ##company::gint64)",
                           "a", account_id, "role", role_name, "company", company_id, NULL))
    goto failed;

  if (role == CAS_ROLE_OPERATOR)
    {
      if (!_cas_database_query_int64 (self->db, &operators, NULL, error,
                                      "SELECT COUNT(*) FROM account_role r JOIN account a "
                                      "ON a.id = r.account_id WHERE r.role = 'operator' "
                                      "AND a.disabled = 0", NULL))
        goto failed;
      if (operators == 0)
        {
          g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                       _("The last operator keeps the role: someone must be able to manage "
                         "the accounts"));
          goto failed;
        }
    }

  company = company_id > 0 ? g_strdup_printf ("%" PRId64, company_id) : NULL;
  details = cas_json_object ("role", role_name, "company", company, NULL);
  if (removed > 0 &&
      !_cas_audit_record (self->db, actor, "account.revoke", "account", account_id, details, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

gboolean
cas_account_service_set_disabled (CasAccountService  *self,
                                  CasAccount         *actor,
                                  gint64              account_id,
                                  gboolean            disabled,
                                  GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *now = cas_now_utc ();
  gint64 operators = 0;
  int changed = 0;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);

  if (!require_operator (self, &access, actor, disabled ? "account.disable" : "account.enable",
                         account_id,
                         disabled ? _("disable accounts (only operators manage accounts)")
                                  : _("enable accounts (only operators manage accounts)"),
                         error))
    return FALSE;

  if (disabled && account_id == access.account_id)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                   _("You cannot disable your own account"));
      return FALSE;
    }

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE account SET disabled = ##d::gint WHERE id = ##id::gint64",
                           "d", disabled ? 1 : 0, "id", account_id, NULL))
    goto failed;

  if (changed == 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FOUND,
                   _("The account no longer exists"));
      goto failed;
    }

  /* A disabled account's logins end now, not when they expire */
  if (disabled &&
      !_cas_database_exec (self->db, NULL, error,
                           "UPDATE login_session SET ended_at = ##now::string "
                           "WHERE account_id = ##id::gint64 AND ended_at IS NULL",
                           "now", now, "id", account_id, NULL))
    goto failed;

  if (disabled)
    {
      if (!_cas_database_query_int64 (self->db, &operators, NULL, error,
                                      "SELECT COUNT(*) FROM account_role r JOIN account a "
                                      "ON a.id = r.account_id WHERE r.role = 'operator' "
                                      "AND a.disabled = 0", NULL))
        goto failed;
      if (operators == 0)
        {
          g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                       _("The last operator cannot be disabled: someone must be able to "
                         "manage the accounts"));
          goto failed;
        }
    }

  if (!_cas_audit_record (self->db, actor, disabled ? "account.disable" : "account.enable",
                          "account", account_id, NULL, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

gboolean
cas_account_service_reset_password (CasAccountService  *self,
                                    CasAccount         *actor,
                                    gint64              account_id,
                                    const char         *password,
                                    GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *hash = NULL;
  g_autofree char *login = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autoptr(GdaDataModel) model = NULL;
  int changed = 0;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);

  if (!require_operator (self, &access, actor, "account.reset-password", account_id,
                         _("reset passwords (only operators manage accounts)"), error))
    return FALSE;

  model = _cas_database_query (self->db, error, "SELECT login FROM account WHERE id = ##id::gint64",
                               "id", account_id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FOUND,
                   _("The account no longer exists"));
      return FALSE;
    }
  login = _cas_model_dup_string (model, 0, 0);

  if (!validate_new_password (login, password, error))
    return FALSE;

  hash = cas_password_hash (password, error);
  if (hash == NULL || !_cas_database_begin (self->db, error))
    return FALSE;

  /* The user chooses a password of their own at the next login, and the
   * logins made with the old one end */
  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE account SET password_hash = ##hash::string, "
                           "must_change_password = 1, failed_attempts = 0, locked_until = NULL "
                           "WHERE id = ##id::gint64",
                           "hash", hash, "id", account_id, NULL) ||
      !_cas_database_exec (self->db, NULL, error,
                           "UPDATE login_session SET ended_at = ##now::string "
                           "WHERE account_id = ##id::gint64 AND ended_at IS NULL",
                           "now", now, "id", account_id, NULL) ||
      !set_role_password (self, account_id, password, error) ||
      !_cas_audit_record (self->db, actor, "account.reset-password", "account", account_id, NULL,
                          error))
    {
      _cas_database_rollback (self->db);
      return FALSE;
    }

  return _cas_database_commit (self->db, error);
}

gboolean
cas_account_service_change_password (CasAccountService  *self,
                                     CasAccount         *actor,
                                     const char         *old_password,
                                     const char         *new_password,
                                     GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old_hash = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *login = NULL;
  g_autofree char *secret = NULL;
  gboolean own_connection;
  gboolean right;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  if (access.local)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_FAILED,
                   _("The local maintenance account has no password"));
      return FALSE;
    }

  /* Connected as the account's own role, the hash is not readable: the
   * server checks the current password with a connection of its own */
  own_connection = is_own_connection (self, actor);
  model = _cas_database_query (self->db, error,
                               own_connection
                               ? "SELECT login FROM account WHERE id = ##id::gint64"
                               : "SELECT login, password_hash FROM account WHERE id = ##id::gint64",
                               "id", access.account_id, NULL);
  if (model == NULL || gda_data_model_get_n_rows (model) == 0)
    return FALSE;
  login = _cas_model_dup_string (model, 0, 0);

  if (old_password == NULL || strlen (old_password) > CAS_PASSWORD_MAX_LENGTH)
    right = FALSE;
  else if (own_connection)
    {
      right = _cas_database_check_password (self->db, login, old_password, &local_error);
      if (!right &&
          !g_error_matches (local_error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_LOGIN_REFUSED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else
    {
      old_hash = _cas_model_dup_string (model, 1, 0);
      right = cas_password_verify (old_hash, old_password);
    }

  if (!right)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WRONG_PASSWORD,
                   _("Current password: it is not the right one"));
      return FALSE;
    }

  if (g_strcmp0 (old_password, new_password) == 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
                   _("New password: choose another password than the current one"));
      return FALSE;
    }

  if (!validate_new_password (login, new_password, error))
    return FALSE;

  hash = cas_password_hash (new_password, error);
  if (hash == NULL || !_cas_database_begin (self->db, error))
    return FALSE;

  if (own_connection)
    {
      /* The hash and the role's password together, by the one function
       * that lets an account change its own */
      g_autoptr(GdaDataModel) changed = NULL;

      secret = _cas_pg_password_secret (new_password);
      changed = _cas_database_query (self->db, error,
                                     "SELECT cas_change_own_password (##hash::string, "
                                     "##secret::string)",
                                     "hash", hash, "secret", secret, NULL);
      sodium_memzero (secret, strlen (secret));
      if (changed == NULL)
        goto failed;
    }
  else if (!_cas_database_exec (self->db, NULL, error,
                                "UPDATE account SET password_hash = ##hash::string, "
                                "must_change_password = 0 WHERE id = ##id::gint64",
                                "hash", hash, "id", access.account_id, NULL) ||
           !set_role_password (self, access.account_id, new_password, error))
    goto failed;

  if (!_cas_audit_record (self->db, actor, "account.change-password", "account",
                          access.account_id, NULL, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

gboolean
cas_account_service_logout (CasAccountService  *self,
                            CasAccount         *actor,
                            GError            **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = cas_now_utc ();

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), FALSE);

  if (cas_account_is_local (actor) || _cas_account_get_token (actor) == NULL)
    return TRUE;

  /* Another account logged in on this desk since: the connection is its
   * role's, which cannot end this login; without its own role's password
   * this login's token is of no use anyway */
  if (_cas_database_connects_at_login (self->db) && !is_own_connection (self, actor))
    return TRUE;

  hash = _cas_access_hash_token (_cas_account_get_token (actor));
  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_exec (self->db, NULL, error,
                           "UPDATE login_session SET ended_at = ##now::string "
                           "WHERE token_hash = ##hash::string AND ended_at IS NULL",
                           "now", now, "hash", hash, NULL) ||
      !_cas_audit_record (self->db, actor, "logout", "account", cas_account_get_id (actor), NULL,
                          error))
    {
      _cas_database_rollback (self->db);
      return FALSE;
    }

  return _cas_database_commit (self->db, error);
}

gboolean
cas_account_service_count (CasAccountService  *self,
                           guint              *n_accounts,
                           GError            **error)
{
  gint64 n = 0;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), FALSE);

  if (!_cas_database_query_int64 (self->db, &n, NULL, error, "SELECT COUNT(*) FROM account", NULL))
    return FALSE;

  *n_accounts = (guint) n;

  return TRUE;
}

gint64
cas_account_service_create_first_operator (CasAccountService  *self,
                                           const char         *login,
                                           const char         *password,
                                           GError            **error)
{
  g_autofree char *hash = NULL;
  gint64 existing = 0;
  gint64 id;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), 0);

  if (!cas_validate_login (login, error) || !validate_new_password (login, password, error))
    return 0;

  hash = cas_password_hash (password, error);
  if (hash == NULL)
    return 0;

  /* The check and the creation in one transaction: two desks starting a new
   * shared database at once cannot both become its first operator */
  if (!_cas_database_begin (self->db, error))
    return 0;

  if (!_cas_database_query_int64 (self->db, &existing, NULL, error,
                                  "SELECT COUNT(*) FROM account", NULL))
    goto failed;

  if (existing > 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FIRST,
                   _("This database already has accounts; ask an operator for yours"));
      goto failed;
    }

  id = insert_account (self, NULL, login, password, hash, 0, FALSE, error);
  if (id == 0 || !insert_grant (self, NULL, id, CAS_ROLE_OPERATOR, 0, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

gint64
cas_account_service_find_id (CasAccountService  *self,
                             CasAccount         *actor,
                             const char         *login,
                             GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  gint64 id = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), 0);

  if (!require_operator (self, &access, actor, "account.read", 0,
                         _("look up accounts (only operators manage accounts)"), error))
    return 0;

  if (!_cas_database_query_int64 (self->db, &id, &found, error,
                                  "SELECT id FROM account WHERE login = ##login::string",
                                  "login", login ? login : "", NULL))
    return 0;

  if (!found)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account with the login “%s”"), login);
      return 0;
    }

  return id;
}

void
cas_account_info_free (CasAccountInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->login);
  g_free (info->person_name);
  g_free (info->last_login_at);
  g_free (info->locked_until);
  g_clear_pointer (&info->grants, g_ptr_array_unref);
  g_free (info);
}

static void
role_grant_free (CasRoleGrant *grant)
{
  g_free (grant->company_name);
  g_free (grant);
}

/**
 * cas_account_service_list:
 *
 * Returns: (transfer full) (element-type CasAccountInfo): every account by
 *   login, with its roles. Operators only.
 */
GPtrArray *
cas_account_service_list (CasAccountService  *self,
                          CasAccount         *actor,
                          GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GdaDataModel) roles = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), NULL);

  if (!require_operator (self, &access, actor, "account.read", 0,
                         _("see the accounts (only operators manage accounts)"), error))
    return NULL;

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT a.id, a.login, a.person_id, "
                               "p.first_name || ' ' || p.last_name, a.disabled, "
                               "a.must_change_password, a.last_login_at, a.locked_until "
                               "FROM account a LEFT JOIN person p ON p.id = a.person_id "
                               "ORDER BY a.login",
                               NULL);
  roles = model ? _cas_database_query (self->db, error,
                                       "SELECT r.account_id, r.role, r.company_id, c.name "
                                       "FROM account_role r "
                                       "LEFT JOIN company c ON c.id = r.company_id "
                                       "ORDER BY r.account_id, r.role, c.name",
                                       NULL)
                : NULL;
  if (roles == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_account_info_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasAccountInfo *info = g_new0 (CasAccountInfo, 1);

      info->id = _cas_model_get_int64 (model, 0, row);
      info->login = _cas_model_dup_string (model, 1, row);
      info->person_id = _cas_model_get_int64 (model, 2, row);
      info->person_name = _cas_model_dup_string (model, 3, row);
      info->disabled = _cas_model_get_int64 (model, 4, row) != 0;
      info->must_change_password = _cas_model_get_int64 (model, 5, row) != 0;
      info->last_login_at = _cas_model_dup_string (model, 6, row);
      info->locked_until = _cas_model_dup_string (model, 7, row);
      info->grants = g_ptr_array_new_with_free_func ((GDestroyNotify) role_grant_free);
      g_ptr_array_add (accounts, info);
      g_hash_table_insert (by_id, &info->id, info);
    }

  for (int row = 0; row < gda_data_model_get_n_rows (roles); row++)
    {
      gint64 account_id = _cas_model_get_int64 (roles, 0, row);
      CasAccountInfo *info = g_hash_table_lookup (by_id, &account_id);
      g_autofree char *role = _cas_model_dup_string (roles, 1, row);
      CasRoleGrant *grant;

      if (info == NULL)
        continue;
      grant = g_new0 (CasRoleGrant, 1);
      grant->role = cas_role_from_string (role);
      grant->company_id = _cas_model_get_int64 (roles, 2, row);
      grant->company_name = _cas_model_dup_string (roles, 3, row);
      info->roles |= grant->role;
      g_ptr_array_add (info->grants, grant);
    }

  return g_steal_pointer (&accounts);
}

static CasAccount *
load_account (CasAccountService  *self,
              gint64              account_id,
              const char         *token,
              GError            **error)
{
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GdaDataModel) roles = NULL;
  g_autoptr(GArray) companies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  CasRole role_flags = CAS_ROLE_NONE;
  gint64 person_id;

  locker = _cas_database_lock (self->db);

  model = _cas_database_query (self->db, error,
                               "SELECT a.login, a.person_id, p.first_name || ' ' || p.last_name, "
                               "a.must_change_password, "
                               "(SELECT COUNT(*) FROM registration r "
                               "WHERE r.person_id = a.person_id) "
                               "FROM account a LEFT JOIN person p ON p.id = a.person_id "
                               "WHERE a.id = ##id::gint64",
                               "id", account_id, NULL);
  if (model == NULL)
    return NULL;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_NOT_FOUND,
                   _("The account no longer exists"));
      return NULL;
    }

  login = _cas_model_dup_string (model, 0, 0);
  person_id = _cas_model_get_int64 (model, 1, 0);
  name = _cas_model_dup_string (model, 2, 0);
  /* Everyone who sat an exam is a candidate for their own record */
  if (_cas_model_get_int64 (model, 4, 0) > 0)
    role_flags |= CAS_ROLE_CANDIDATE;

  roles = _cas_database_query (self->db, error,
                               "SELECT role, company_id FROM account_role "
                               "WHERE account_id = ##id::gint64 ORDER BY role, company_id",
                               "id", account_id, NULL);
  if (roles == NULL)
    return NULL;

  for (int row = 0; row < gda_data_model_get_n_rows (roles); row++)
    {
      g_autofree char *role_name = _cas_model_dup_string (roles, 0, row);
      CasRole role = cas_role_from_string (role_name);

      role_flags |= role;
      if (role == CAS_ROLE_ADMIN)
        {
          gint64 company = _cas_model_get_int64 (roles, 1, row);
          g_array_append_val (companies, company);
        }
    }

  return _cas_account_new (account_id, login, person_id, name, role_flags,
                           (const gint64 *) (gpointer) companies->data, companies->len,
                           _cas_model_get_int64 (model, 3, 0) != 0,
                           cas_database_get_id (self->db), token);
}

/* 32 random bytes in hex: what a login hands back to its caller */
static char *
new_token (void)
{
  guchar bytes[32];
  char hex[sizeof bytes * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);

  return g_strdup (hex);
}

static void
set_login_failed (GError **error)
{
  g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED,
               _("Wrong login or password. After %d failed attempts an account is locked "
                 "for %d minutes."),
               CAS_LOGIN_MAX_FAILURES, CAS_LOGIN_LOCK_MINUTES);
}

CasAccount *
cas_account_service_authenticate (CasAccountService  *self,
                                  const char         *login,
                                  const char         *password,
                                  GError            **error)
{
  /* Checked against when the login does not exist, so that the answer
   * takes as long either way. */
  static gsize dummy_hash;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *hash = NULL;
  g_autofree char *locked_until = NULL;
  gint64 account_id = 0;
  gboolean disabled = FALSE;
  gboolean own_connection = FALSE;
  gboolean ok;
  int failures = 0;

  g_return_val_if_fail (CAS_IS_ACCOUNT_SERVICE (self), NULL);

  if (login == NULL || *login == '\0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
                   _("Login: enter your login"));
      return NULL;
    }
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
                   _("Password: enter your password"));
      return NULL;
    }

  /* A login that cannot exist, or a password no account can have, fails
   * like any other wrong login: no hint is given either way. */
  if (!cas_validate_login (login, NULL) || strlen (password) > CAS_PASSWORD_MAX_LENGTH)
    {
      set_login_failed (error);
      return NULL;
    }

  /* A desk on PostgreSQL connects as the account's own role: the server
   * checks the password (and refuses a disabled account's role), and the
   * account's hash is not readable on that connection */
  if (_cas_database_connects_at_login (self->db))
    {
      g_autofree char *gate = NULL;

      /* The server counts nothing: failures go through the gate, which
       * locks the account's role after the fifth. A gate that cannot be
       * reached (pg_hba.conf refusing it, say) leaves the server's own
       * checks, with a warning. */
      if (!_cas_database_login_gate (self->db, "cas_login_gate", login, &gate, &local_error))
        {
          g_warning ("The gate of failed logins is closed: %s", local_error->message);
          g_clear_error (&local_error);
        }
      if (g_strcmp0 (gate, "locked") == 0)
        {
          set_login_failed (error);
          return NULL;
        }

      if (!_cas_database_connect_as (self->db, login, password, &local_error))
        {
          if (g_error_matches (local_error, CAS_DATABASE_ERROR,
                               CAS_DATABASE_ERROR_LOGIN_REFUSED))
            {
              g_autoptr(GError) gate_error = NULL;

              if (!_cas_database_login_gate (self->db, "cas_login_failed", login, NULL,
                                             &gate_error))
                g_warning ("Could not count a failed login: %s", gate_error->message);
              set_login_failed (error);
            }
          else if (g_error_matches (local_error, CAS_DATABASE_ERROR,
                                    CAS_DATABASE_ERROR_LOGIN_DISABLED))
            g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_DISABLED,
                         _("This account is disabled. Ask a Certassur operator to enable it."));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      own_connection = TRUE;
    }

  if (g_once_init_enter (&dummy_hash))
    g_once_init_leave (&dummy_hash, (gsize) cas_password_hash ("certassur-dummy", NULL));

  model = _cas_database_query (self->db, error,
                               own_connection
                               ? "SELECT id, '', disabled, failed_attempts, locked_until "
                                 "FROM account WHERE login = ##login::string"
                               : "SELECT id, password_hash, disabled, failed_attempts, "
                                 "locked_until FROM account WHERE login = ##login::string",
                               "login", login, NULL);
  if (model == NULL)
    return NULL;

  /* No such login. (On the connection of the login's own role, an account
   * the role cannot read: nobody in whose name to write the audit log.) */
  if (gda_data_model_get_n_rows (model) == 0)
    {
      cas_password_verify ((const char *) dummy_hash, password);
      if (!own_connection &&
          !_cas_audit_record_attempt (self->db, login, "login.failed", 0, &local_error))
        g_warning ("Could not audit a failed login: %s", local_error->message);
      set_login_failed (error);
      return NULL;
    }

  account_id = _cas_model_get_int64 (model, 0, 0);
  hash = _cas_model_dup_string (model, 1, 0);
  disabled = _cas_model_get_int64 (model, 2, 0) != 0;
  failures = _cas_model_get_int64 (model, 3, 0);
  locked_until = _cas_model_dup_string (model, 4, 0);
  g_clear_object (&model);

  if (locked_until != NULL && g_strcmp0 (now, locked_until) < 0)
    {
      _cas_audit_record_attempt (self->db, login, "login.locked", account_id, NULL);
      set_login_failed (error);
      return NULL;
    }

  ok = own_connection || cas_password_verify (hash, password);

  if (!ok)
    {
      g_autoptr(GDateTime) until = NULL;
      g_autofree char *until_text = NULL;

      failures++;
      if (failures >= CAS_LOGIN_MAX_FAILURES)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
          until = g_date_time_add_minutes (utc, CAS_LOGIN_LOCK_MINUTES);
          until_text = g_date_time_format (until, "%Y-%m-%dT%H:%M:%SZ");
          failures = 0;
        }

      if (_cas_database_begin (self->db, &local_error))
        {
          if (_cas_database_exec (self->db, NULL, &local_error,
                                  "UPDATE account SET failed_attempts = ##n::gint, "
                                  "locked_until = ##until::string::null WHERE id = ##id::gint64",
                                  "n", failures, "until", until_text, "id", account_id, NULL) &&
              _cas_audit_record_attempt (self->db, login,
                                         until_text ? "login.lock" : "login.failed",
                                         account_id, &local_error))
            _cas_database_commit (self->db, &local_error);
          else
            _cas_database_rollback (self->db);
        }
      if (local_error != NULL)
        g_warning ("Could not record a failed login: %s", local_error->message);

      set_login_failed (error);
      return NULL;
    }

  if (disabled)
    {
      _cas_audit_record_attempt (self->db, login, "login.disabled", account_id, NULL);
      g_set_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_DISABLED,
                   _("This account is disabled. Ask a Certassur operator to enable it."));
      return NULL;
    }

  if (!_cas_database_begin (self->db, error))
    return NULL;
  if (!_cas_database_exec (self->db, NULL, error,
                           "UPDATE account SET failed_attempts = 0, locked_until = NULL, "
                           "last_login_at = ##now::string WHERE id = ##id::gint64",
                           "now", now, "id", account_id, NULL))
    {
      _cas_database_rollback (self->db);
      return NULL;
    }
  {
    g_autoptr(CasAccount) account = NULL;
    g_autofree char *token = new_token ();
    g_autofree char *token_hash = _cas_access_hash_token (token);
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) end = g_date_time_add_hours (utc, CAS_LOGIN_HOURS);
    g_autofree char *expires = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");

    if (!_cas_database_exec (self->db, NULL, error,
                             "INSERT INTO login_session (token_hash, account_id, created_at, "
                             "expires_at) VALUES (##hash::string, ##id::gint64, ##now::string, "
                             "##expires::string)",
                             "hash", token_hash, "id", account_id, "now", now,
                             "expires", expires, NULL))
      {
        _cas_database_rollback (self->db);
        return NULL;
      }

    account = load_account (self, account_id, token, error);
    if (account == NULL ||
        !_cas_audit_record (self->db, account, "login", "account", account_id, NULL, error))
      {
        _cas_database_rollback (self->db);
        return NULL;
      }
    if (!_cas_database_commit (self->db, error))
      return NULL;

    return g_steal_pointer (&account);
  }
}

typedef struct
{
  char *login;
  char *password;
} AuthData;

static void
auth_data_free (AuthData *data)
{
  g_free (data->login);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
authenticate_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CasAccountService *self = source_object;
  AuthData *data = task_data;
  GError *error = NULL;
  CasAccount *account;

  account = cas_account_service_authenticate (self, data->login, data->password, &error);
  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

void
cas_account_service_authenticate_async (CasAccountService   *self,
                                        const char          *login,
                                        const char          *password,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AuthData *data;

  g_return_if_fail (CAS_IS_ACCOUNT_SERVICE (self));

  data = g_new0 (AuthData, 1);
  data->login = g_strdup (login);
  data->password = g_strdup (password);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cas_account_service_authenticate_async);
  g_task_set_task_data (task, data, (GDestroyNotify) auth_data_free);
  g_task_run_in_thread (task, authenticate_thread);
}

CasAccount *
cas_account_service_authenticate_finish (CasAccountService  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
