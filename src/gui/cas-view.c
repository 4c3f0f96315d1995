/* cas-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-view"

#include "config.h"

#include "cas-view.h"

typedef struct
{
  CasDatabase  *db;
  CasAccount   *account;

  /* The subclass's template children, gone with its template */
  AdwLeaflet   *leaflet;
  GtkWidget    *list_pane;
  GtkWidget    *list;
  GtkWidget    *detail;
  GtkSearchBar *search_bar;
  GtkEditable  *search_entry;

  gboolean      can_go_back;
} CasViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CasView, cas_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_ACCOUNT,
  PROP_SEARCH_MODE,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The split */

static void
on_leaflet_changed_cb (CasView    *self,
                       GParamSpec *pspec,
                       AdwLeaflet *leaflet)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);
  gboolean can_go_back = adw_leaflet_get_folded (leaflet) &&
                         adw_leaflet_get_visible_child (leaflet) == priv->detail;

  if (can_go_back == priv->can_go_back)
    return;

  priv->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_BACK]);
}

void
_cas_view_set_up_split (CasView    *self,
                        AdwLeaflet *leaflet,
                        GtkWidget  *list_pane,
                        GtkWidget  *list,
                        GtkWidget  *detail)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (ADW_IS_LEAFLET (leaflet));
  g_return_if_fail (GTK_IS_WIDGET (list_pane));
  g_return_if_fail (GTK_IS_WIDGET (list));
  g_return_if_fail (GTK_IS_WIDGET (detail));

  g_set_weak_pointer (&priv->leaflet, leaflet);
  g_set_weak_pointer (&priv->list_pane, list_pane);
  g_set_weak_pointer (&priv->list, list);
  g_set_weak_pointer (&priv->detail, detail);

  g_signal_connect_object (leaflet, "notify::folded",
                           G_CALLBACK (on_leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (leaflet, "notify::visible-child",
                           G_CALLBACK (on_leaflet_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_cas_view_show_detail (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (priv->leaflet != NULL);

  adw_leaflet_set_visible_child (priv->leaflet, priv->detail);
  gtk_widget_child_focus (priv->detail, GTK_DIR_TAB_FORWARD);
}

void
_cas_view_show_list (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (priv->leaflet != NULL);

  if (adw_leaflet_get_folded (priv->leaflet))
    adw_leaflet_set_visible_child (priv->leaflet, priv->list_pane);
}

/* The search */

static void
on_search_bar_search_mode_changed_cb (CasView      *self,
                                      GParamSpec   *pspec,
                                      GtkSearchBar *search_bar)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  /* Closing the search shows everything again */
  if (!gtk_search_bar_get_search_mode (search_bar) && priv->search_entry != NULL)
    gtk_editable_set_text (priv->search_entry, "");

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH_MODE]);
}

void
_cas_view_set_up_search (CasView      *self,
                         GtkSearchBar *search_bar,
                         GtkEditable  *search_entry)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (GTK_IS_SEARCH_BAR (search_bar));
  g_return_if_fail (GTK_IS_EDITABLE (search_entry));
  g_return_if_fail (priv->list_pane != NULL);

  g_set_weak_pointer (&priv->search_bar, search_bar);
  g_set_weak_pointer (&priv->search_entry, search_entry);

  gtk_search_bar_connect_entry (search_bar, search_entry);
  gtk_search_bar_set_key_capture_widget (search_bar, priv->list_pane);
  g_signal_connect_object (search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_bar_search_mode_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Public API */

CasDatabase *
cas_view_get_database (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), NULL);

  return priv->db;
}

CasAccount *
cas_view_get_account (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), NULL);

  return priv->account;
}

void
cas_view_refresh (CasView *self)
{
  g_return_if_fail (CAS_IS_VIEW (self));

  if (CAS_VIEW_GET_CLASS (self)->refresh != NULL)
    CAS_VIEW_GET_CLASS (self)->refresh (self);
}

gboolean
cas_view_can_search (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return priv->search_bar != NULL;
}

void
cas_view_start_search (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_if_fail (CAS_IS_VIEW (self));

  if (priv->search_bar == NULL)
    return;

  adw_leaflet_set_visible_child (priv->leaflet, priv->list_pane);
  gtk_search_bar_set_search_mode (priv->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
}

gboolean
cas_view_get_search_mode (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return priv->search_bar != NULL && gtk_search_bar_get_search_mode (priv->search_bar);
}

gboolean
cas_view_get_can_go_back (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return priv->can_go_back;
}

gboolean
cas_view_go_back (CasView *self)
{
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  if (!priv->can_go_back)
    return FALSE;

  adw_leaflet_set_visible_child (priv->leaflet, priv->list_pane);
  gtk_widget_grab_focus (priv->list);

  return TRUE;
}

void
cas_view_activate_primary (CasView *self)
{
  g_return_if_fail (CAS_IS_VIEW (self));

  if (CAS_VIEW_GET_CLASS (self)->activate_primary != NULL)
    CAS_VIEW_GET_CLASS (self)->activate_primary (self);
}

gboolean
cas_view_can_show_session (CasView *self)
{
  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return CAS_VIEW_GET_CLASS (self)->show_session != NULL;
}

void
cas_view_show_session (CasView *self,
                       gint64   session_id)
{
  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (session_id > 0);

  if (CAS_VIEW_GET_CLASS (self)->show_session != NULL)
    CAS_VIEW_GET_CLASS (self)->show_session (self, session_id);
}

gboolean
cas_view_can_show_person (CasView *self)
{
  g_return_val_if_fail (CAS_IS_VIEW (self), FALSE);

  return CAS_VIEW_GET_CLASS (self)->show_person != NULL;
}

void
cas_view_show_person (CasView *self,
                      gint64   person_id)
{
  g_return_if_fail (CAS_IS_VIEW (self));
  g_return_if_fail (person_id > 0);

  if (CAS_VIEW_GET_CLASS (self)->show_person != NULL)
    CAS_VIEW_GET_CLASS (self)->show_person (self, person_id);
}

/* GObject */

static void
cas_view_constructed (GObject *object)
{
  CasView *self = CAS_VIEW (object);
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  G_OBJECT_CLASS (cas_view_parent_class)->constructed (object);

  g_assert (priv->db != NULL);
  g_assert (priv->account != NULL);
}

static void
cas_view_dispose (GObject *object)
{
  CasView *self = CAS_VIEW (object);
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  g_clear_weak_pointer (&priv->leaflet);
  g_clear_weak_pointer (&priv->list_pane);
  g_clear_weak_pointer (&priv->list);
  g_clear_weak_pointer (&priv->detail);
  g_clear_weak_pointer (&priv->search_bar);
  g_clear_weak_pointer (&priv->search_entry);
  g_clear_object (&priv->account);
  g_clear_object (&priv->db);

  G_OBJECT_CLASS (cas_view_parent_class)->dispose (object);
}

static void
cas_view_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CasView *self = CAS_VIEW (object);
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, priv->db);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, priv->account);
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, cas_view_get_search_mode (self));
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, priv->can_go_back);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_view_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CasView *self = CAS_VIEW (object);
  CasViewPrivate *priv = cas_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      priv->db = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      priv->account = g_value_dup_object (value);
      break;

    case PROP_SEARCH_MODE:
      /* A view without a search has none to show */
      if (priv->search_bar != NULL)
        gtk_search_bar_set_search_mode (priv->search_bar, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_view_class_init (CasViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cas_view_constructed;
  object_class->dispose = cas_view_dispose;
  object_class->get_property = cas_view_get_property;
  object_class->set_property = cas_view_set_property;

  properties [PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         CAS_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Whether the search entry is shown */
  properties [PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Whether the view shows an inner page it can go back from */
  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cas_view_init (CasView *self)
{
}
