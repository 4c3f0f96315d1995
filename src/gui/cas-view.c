/* cas-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-view"

#include "config.h"

#include "cas-view.h"

G_DEFINE_INTERFACE (CasView, cas_view, GTK_TYPE_WIDGET)

static void
cas_view_default_init (CasViewInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_object ("database", NULL, NULL,
                         CAS_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_interface_install_property (iface,
    g_param_spec_object ("account", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Whether the search entry is shown */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the view shows an inner page it can go back from */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

void
cas_view_refresh (CasView *self)
{
  g_return_if_fail (CAS_IS_VIEW (self));

  if (CAS_VIEW_GET_IFACE (self)->refresh != NULL)
    CAS_VIEW_GET_IFACE (self)->refresh (self);
}

gboolean
cas_view_can_search (CasView *self)
{
  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return CAS_VIEW_GET_IFACE (self)->start_search != NULL;
}

void
cas_view_start_search (CasView *self)
{
  g_return_if_fail (CAS_IS_VIEW (self));

  if (CAS_VIEW_GET_IFACE (self)->start_search != NULL)
    CAS_VIEW_GET_IFACE (self)->start_search (self);
}

gboolean
cas_view_get_search_mode (CasView *self)
{
  gboolean search_mode = FALSE;

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  g_object_get (self, "search-mode", &search_mode, NULL);

  return search_mode;
}

gboolean
cas_view_get_can_go_back (CasView *self)
{
  gboolean can_go_back = FALSE;

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  g_object_get (self, "can-go-back", &can_go_back, NULL);

  return can_go_back;
}

gboolean
cas_view_go_back (CasView *self)
{
  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  if (CAS_VIEW_GET_IFACE (self)->go_back == NULL)
    return FALSE;

  return CAS_VIEW_GET_IFACE (self)->go_back (self);
}

void
cas_view_activate_primary (CasView *self)
{
  g_return_if_fail (CAS_IS_VIEW (self));

  if (CAS_VIEW_GET_IFACE (self)->activate_primary != NULL)
    CAS_VIEW_GET_IFACE (self)->activate_primary (self);
}
