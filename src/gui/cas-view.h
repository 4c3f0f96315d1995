/* cas-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* A view of the window's sidebar (Sessions, Candidates...). The window
 * creates it, after login, with the construct-only properties "database"
 * and "account", shows its title in the header bar, binds the header's
 * search toggle to "search-mode", and asks it to go back (from a detail to
 * its list on a narrow window) while "can-go-back" is true. */
#define CAS_TYPE_VIEW (cas_view_get_type ())

G_DECLARE_INTERFACE (CasView, cas_view, CAS, VIEW, GtkWidget)

struct _CasViewInterface
{
  GTypeInterface parent_iface;

  /* Reloads what the view shows from the database */
  void     (*refresh)      (CasView *self);
  /* Optional: shows and focuses the search entry; views without a search
   * leave it NULL */
  void     (*start_search) (CasView *self);
  /* Optional: goes back to an outer page; returns FALSE when there is none */
  gboolean (*go_back)      (CasView *self);
  /* Optional: the view's primary action, the header bar button named by
   * CasViewInfo.primary_label ("New Account") */
  void     (*activate_primary) (CasView *self);
};

void     cas_view_refresh         (CasView *self);
gboolean cas_view_can_search      (CasView *self);
void     cas_view_start_search    (CasView *self);
gboolean cas_view_get_search_mode (CasView *self);
gboolean cas_view_get_can_go_back (CasView *self);
gboolean cas_view_go_back         (CasView *self);
void     cas_view_activate_primary (CasView *self);

G_END_DECLS
