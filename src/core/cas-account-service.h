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
} CasAccountError;

/* Failed attempts before an account is locked, and for how long */
#define CAS_LOGIN_MAX_FAILURES      5
#define CAS_LOGIN_LOCK_MINUTES      15
#define CAS_PASSWORD_MIN_LENGTH     8
#define CAS_PASSWORD_MAX_LENGTH     1024

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
/* The same as create, with a hash computed once for many accounts (demo) */
gint64             cas_account_service_create_with_hash (CasAccountService    *self,
                                                         CasAccount           *actor,
                                                         const char           *login,
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
                                                         const char           *login,
                                                         GError              **error);
CasAccount        *cas_account_service_load             (CasAccountService    *self,
                                                         gint64                account_id,
                                                         GError              **error);

/* Checks a login and password. Failures say the same whether the login
 * exists or not; after CAS_LOGIN_MAX_FAILURES the account is locked for
 * CAS_LOGIN_LOCK_MINUTES. Every attempt is audited. */
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
