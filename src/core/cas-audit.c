/* cas-audit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit"

#include "config.h"

#include "cas-account.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-util.h"

static gboolean
insert_event (CasDatabase  *db,
              gint64        account_id,
              const char   *who,
              const char   *action,
              const char   *record_type,
              gint64        record_id,
              const char   *details,
              GError      **error)
{
  g_autofree char *now = cas_now_utc ();

  return _cas_database_exec (db, NULL, error,
                             "INSERT INTO audit_event (occurred_at, account_id, actor, action, "
                             "record_type, record_id, details) VALUES (##now::string, "
                             "##account::gint64::null, ##actor::string, ##action::string, "
                             "##type::string::null, ##record::gint64::null, "
                             "##details::string::null)",
                             "now", now,
                             "account", account_id,
                             "actor", who,
                             "action", action,
                             "type", record_type,
                             "record", record_id,
                             "details", details,
                             NULL);
}

gboolean
_cas_audit_record (CasDatabase  *db,
                   CasAccount   *actor,
                   const char   *action,
                   const char   *record_type,
                   gint64        record_id,
                   const char   *details,
                   GError      **error)
{
  g_autofree char *local = NULL;

  if (actor != NULL)
    return insert_event (db, cas_account_get_id (actor), cas_account_get_login (actor), action,
                         record_type, record_id, details, error);

  local = g_strdup_printf ("local:%s", g_get_user_name ());

  return insert_event (db, 0, local, action, record_type, record_id, details, error);
}

gboolean
_cas_audit_record_attempt (CasDatabase  *db,
                           const char   *login,
                           const char   *action,
                           gint64        account_id,
                           GError      **error)
{
  return insert_event (db, 0, login, action, "account", account_id, NULL, error);
}
