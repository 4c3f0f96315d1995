/* cas-views.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-views"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-sessions-view.h"
#include "cas-views.h"

/* In sidebar order. Who sees what is decided again by the core for every
 * read and change: hiding a view is a convenience, not a protection. */
static const CasViewInfo views[] = {
  {
    .id = "sessions",
    .title = N_("Sessions"),
    .icon_name = "x-office-calendar-symbolic",
    .roles = CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN | CAS_ROLE_CONTROLLER,
    .get_type = cas_sessions_view_get_type,
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
