/* cas-views.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-views"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-accounts-view.h"
#include "cas-attestations-view.h"
#include "cas-audit-view.h"
#include "cas-candidates-view.h"
#include "cas-duplicates-view.h"
#include "cas-merge-view.h"
#include "cas-my-sessions-view.h"
#include "cas-sessions-view.h"
#include "cas-views.h"

/* In sidebar order. Who sees what is decided again by the core for every
 * read and change: hiding a view is a convenience, not a protection. */
static const CasViewInfo views[] = {
  /* First: where a candidate lands */
  {
    .id = "my-sessions",
    .title = N_("My Exam Sessions"),
    .icon_name = "avatar-default-symbolic",
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN | CAS_ROLE_CONTROLLER | CAS_ROLE_CANDIDATE,
    .get_type = cas_my_sessions_view_get_type,
    /* Anyone may check an attestation shown to them */
    .primary_label = N_("Verify Attestation…"),
    .primary_icon = "security-high-symbolic",
  },
  {
    .id = "sessions",
    .title = N_("Sessions"),
    .icon_name = "x-office-calendar-symbolic",
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN | CAS_ROLE_CONTROLLER,
    .get_type = cas_sessions_view_get_type,
  },
  {
    .id = "candidates",
    .title = N_("Candidates"),
    .icon_name = "x-office-address-book-symbolic",
    /* The person register: the staff who register candidates */
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN,
    .get_type = cas_candidates_view_get_type,
    .primary_label = N_("New Candidate"),
    .primary_icon = "list-add-symbolic",
  },
  {
    .id = "duplicates",
    .title = N_("Duplicates"),
    .icon_name = "edit-find-replace-symbolic",
    /* The full scan: operators the whole register, administrators the
     * pairs with a record of their centres */
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN,
    .get_type = cas_duplicates_view_get_type,
  },
  {
    .id = "merge-requests",
    .title = N_("Merge Requests"),
    .icon_name = "edit-copy-symbolic",
    /* Operators review them; administrators follow their own */
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN,
    .get_type = cas_merge_view_get_type,
  },
  {
    .id = "attestations",
    .title = N_("Attestations"),
    .icon_name = "application-certificate-symbolic",
    /* What each sees of them is the core's to say */
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN | CAS_ROLE_CONTROLLER | CAS_ROLE_CANDIDATE,
    .get_type = cas_attestations_view_get_type,
  },
  {
    .id = "accounts",
    .title = N_("Accounts"),
    .icon_name = "system-users-symbolic",
    .roles = CAS_ROLE_OPERATOR,
    .get_type = cas_accounts_view_get_type,
    .primary_label = N_("New Account"),
    .primary_icon = "list-add-symbolic",
  },
  {
    .id = "audit",
    .title = N_("Audit"),
    .icon_name = "document-open-recent-symbolic",
    .roles = CAS_ROLE_OPERATOR,
    .get_type = cas_audit_view_get_type,
    /* An icon like GNOME Logs' export: the header of a narrow window has
     * no room for its text */
    .primary_label = N_("Export CSV…"),
    .primary_icon = "document-save-symbolic",
  },
};

const CasViewInfo *
cas_views_get_all (guint *n_views)
{
  g_return_val_if_fail (n_views != NULL, NULL);

  *n_views = G_N_ELEMENTS (views);

  return views;
}

const CasViewInfo *
cas_views_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (g_str_equal (views[i].id, id))
        return &views[i];
    }

  return NULL;
}

gboolean
cas_view_info_is_visible_to (const CasViewInfo *info,
                             CasAccount        *account)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), FALSE);

  return (cas_account_get_roles (account) & info->roles) != 0;
}

const char *
cas_view_info_get_title (const CasViewInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return _(info->title);
}

const char *
cas_view_info_get_primary_label (const CasViewInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return info->primary_label != NULL ? _(info->primary_label) : NULL;
}
