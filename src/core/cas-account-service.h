/* cas-account-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

#define CAS_ACCOUNT_ERROR (cas_account_error_quark ())

typedef enum
{
  CAS_ACCOUNT_ERROR_FAILED,
  CAS_ACCOUNT_ERROR_LOGIN_FAILED,   /* wrong login or password, or locked */
  CAS_ACCOUNT_ERROR_DISABLED,
  CAS_ACCOUNT_ERROR_EXISTS,
  CAS_ACCOUNT_ERROR_NOT_FOUND,
  CAS_ACCOUNT_ERROR_WEAK_PASSWORD,
  CAS_ACCOUNT_ERROR_NOT_FIRST,
  CAS_ACCOUNT_ERROR_WRONG_PASSWORD, /* the current password, when changing it */
} CasAccountError;

/* Failed attempts before an account is locked, and for how long */
#define CAS_LOGIN_MAX_FAILURES      5
#define CAS_LOGIN_LOCK_MINUTES      15
#define CAS_PASSWORD_MIN_LENGTH     8
#define CAS_PASSWORD_MAX_LENGTH     1024
/* How long a login stays good: an office day */
#define CAS_LOGIN_HOURS             12

#define CAS_TYPE_ACCOUNT_SERVICE (cas_account_service_get_type ())

G_DECLARE_FINAL_TYPE (CasAccountService, cas_account_service, CAS, ACCOUNT_SERVICE, GObject)

GQuark             cas_account_error_quark              (void);
CasAccountService *cas_account_service_new              (CasDatabase          *db);

/* argon2id through libsodium's crypto_pwhash_str */
char              *cas_password_hash                    (const char           *password,
                                                         GError              **error);
gboolean           cas_password_verify                  (const char           *hash,
                                                         const char           *password);

/* Checks the shape of a login: 1 to 64 characters among a-z 0-9 . _ - @ */
gboolean           cas_validate_login                   (const char           *login,
                                                         GError              **error);

gint64             cas_account_service_create           (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         const char           *login,
                                                         const char           *password,
                                                         gint64                person_id,
                                                         GError              **error);
/* The same as create, with a hash computed once for many accounts (demo);
 * @password, the password of the hash, is the one of the account's role on
 * PostgreSQL (NULL: none, until a reset) */
gint64             cas_account_service_create_with_hash (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         const char           *login,
                                                         const char           *password,
                                                         const char           *password_hash,
                                                         gint64                person_id,
                                                         GError              **error);
/* An admin role is held for an exam centre (@company_id); other roles take 0 */
gboolean           cas_account_service_grant            (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         gint64                account_id,
                                                         CasRole               role,
                                                         gint64                company_id,
                                                         GError              **error);
/* How many accounts the database holds: none on the first start of a new
 * installation, when the first operator account is to be created */
gboolean           cas_account_service_count            (CasAccountService    *self,
                                                         guint                *n_accounts,
                                                         GError              **error);
/* Creates an operator account, only while the database has no account at
 * all: whoever installs the desk becomes its first operator. */
gint64             cas_account_service_create_first_operator (CasAccountService *self,
                                                              const char        *login,
                                                              const char        *password,
                                                              GError           **error);
gint64             cas_account_service_find_id          (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         const char           *login,
                                                         GError              **error);
/* Takes a role away; the last enabled operator keeps theirs. With @company_id
 * 0, an admin role goes for every centre. */
gboolean           cas_account_service_revoke           (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         gint64                account_id,
                                                         CasRole               role,
                                                         gint64                company_id,
                                                         GError              **error);
/* Disabling ends the account's logins; the last operator stays enabled and
 * nobody disables their own account. */
gboolean           cas_account_service_set_disabled     (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         gint64                account_id,
                                                         gboolean              disabled,
                                                         GError              **error);
/* Sets a new password the user must change at the next login */
gboolean           cas_account_service_reset_password   (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         gint64                account_id,
                                                         const char           *password,
                                                         GError              **error);
/* The actor's own password: the current one, then a new one of at least
 * CAS_PASSWORD_MIN_LENGTH characters that is not the login */
gboolean           cas_account_service_change_password  (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         const char           *old_password,
                                                         const char           *new_password,
                                                         GError              **error);
/* Ends the login of @actor: its token is no longer accepted */
gboolean           cas_account_service_logout           (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         GError              **error);

typedef struct
{
  CasRole  role;
  gint64   company_id;      /* admin roles: the exam centre */
  char    *company_name;
} CasRoleGrant;

typedef struct
{
  gint64     id;
  char      *login;
  gint64     person_id;
  char      *person_name;
  CasRole    roles;
  GPtrArray *grants;        /* element-type CasRoleGrant */
  gboolean   disabled;
  gboolean   must_change_password;
  char      *last_login_at;
  char      *locked_until;
} CasAccountInfo;

void               cas_account_info_free                (CasAccountInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasAccountInfo, cas_account_info_free)

GPtrArray         *cas_account_service_list             (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         GError              **error);

/* Checks a login and password. Failures say the same whether the login
 * exists or not; after CAS_LOGIN_MAX_FAILURES the account is locked for
 * CAS_LOGIN_LOCK_MINUTES. Every attempt is audited.
 *
 * On a PostgreSQL database opened with CAS_DATABASE_OPEN_LOGIN, the login
 * first connects as the account's own database role with the password (in
 * place of an earlier login's connection): the server checks the password
 * and refuses a disabled account, and from then on enforces what the
 * account may do. Failed attempts are then the server's to count (its
 * authentication log), not the core's: the core sees only the logins the
 * server accepted. */
CasAccount        *cas_account_service_authenticate     (CasAccountService    *self,
                                                         const char           *login,
                                                         const char           *password,
                                                         GError              **error);
void               cas_account_service_authenticate_async  (CasAccountService *self,
                                                            const char        *login,
                                                            const char        *password,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
CasAccount        *cas_account_service_authenticate_finish (CasAccountService *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

G_END_DECLS
