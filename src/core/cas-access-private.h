/* cas-access-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may do what, for the services. Every service call starts with
 * _cas_access_init (), which checks the actor's login against the database
 * and reads its roles afresh (a role taken away counts at once), then asks
 * the questions below; a "no" goes through _cas_access_deny (), which sets
 * the CAS_ACCESS_ERROR and audits the refusal.
 */

#pragma once

#include "cas-access.h"
#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

typedef struct
{
  CasAccount *account;
  gint64      account_id;
  gint64      person_id;
  CasRole     roles;
  GArray     *centres;       /* gint64: the exam centres administered */
  gboolean    local;
} CasAccess;

/* The SHA-256 of a login token, in hex: what login_session keeps */
char    *_cas_access_hash_token    (const char   *token);

gboolean _cas_access_init          (CasAccess    *access,
                                    CasDatabase  *db,
                                    CasAccount   *actor,
                                    GError      **error);
void     _cas_access_clear         (CasAccess    *access);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CasAccess, _cas_access_clear)

/* An operator, or the local maintenance actor */
gboolean _cas_access_is_operator   (const CasAccess *access);
/* An administrator of the exam centre @company_id */
gboolean _cas_access_administers   (const CasAccess *access,
                                    gint64           company_id);
gint64   _cas_access_first_centre  (const CasAccess *access);

/* Refuses: sets a CAS_ACCESS_ERROR_DENIED whose message is "You may not "
 * followed by @what (translated, naming what was refused), and audits the
 * refusal under @action after any transaction in progress has ended, so
 * that the record stays even when the change rolls back. Returns FALSE. */
gboolean _cas_access_deny          (CasDatabase     *db,
                                    const CasAccess *access,
                                    const char      *action,
                                    const char      *record_type,
                                    gint64           record_id,
                                    GError         **error,
                                    const char      *what_format,
                                    ...) G_GNUC_PRINTF (7, 8);

G_END_DECLS
