/* cas-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* A view of the window's sidebar (Sessions, Candidates...). The window
 * creates it, after login, with the construct-only properties "database"
 * and "account", shows its title in the header bar, binds the header's
 * search toggle to "search-mode", and asks it to go back (from a detail to
 * its list on a narrow window) while "can-go-back" is true.
 *
 * A view that shows a list and a detail side by side in an AdwLeaflet (one
 * page after the other on a narrow window) gives them to
 * _cas_view_set_up_split(), and the search bar over its list to
 * _cas_view_set_up_search(): CasView then does the searching and the going
 * back. Other views cannot search nor go back. */
#define CAS_TYPE_VIEW (cas_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (CasView, cas_view, CAS, VIEW, GtkWidget)

struct _CasViewClass
{
  GtkWidgetClass parent_class;

  /* Reloads what the view shows from the database */
  void (*refresh)          (CasView *self);
  /* Optional: the view's primary action, the header bar button named by
   * CasViewInfo.primary_label ("New Account") */
  void (*activate_primary) (CasView *self);
  /* Optional: shows what the view holds of one exam session (the
   * Attestations view: its attestations) */
  void (*show_session)     (CasView *self,
                            gint64   session_id);
  /* Optional: shows one person (the Candidates view: their detail) */
  void (*show_person)      (CasView *self,
                            gint64   person_id);
};

CasDatabase *cas_view_get_database     (CasView *self);
/* Who is logged in */
CasAccount  *cas_view_get_account      (CasView *self);
void         cas_view_refresh          (CasView *self);
gboolean     cas_view_can_search       (CasView *self);
/* Shows and focuses the search entry */
void         cas_view_start_search     (CasView *self);
gboolean     cas_view_get_search_mode  (CasView *self);
gboolean     cas_view_get_can_go_back  (CasView *self);
/* Goes back from the detail to the list; returns FALSE when there is
 * nothing to go back from */
gboolean     cas_view_go_back          (CasView *self);
void         cas_view_activate_primary (CasView *self);
/* Whether the view can show what it holds of one session */
gboolean     cas_view_can_show_session (CasView *self);
void         cas_view_show_session     (CasView *self,
                                        gint64   session_id);
/* Whether the view can show one person */
gboolean     cas_view_can_show_person  (CasView *self);
void         cas_view_show_person      (CasView *self,
                                        gint64   person_id);

/* For subclasses. @list_pane holds @list, the widget focused when going
 * back to it; the widgets are the view's own (template children). */
void         _cas_view_set_up_split    (CasView      *self,
                                        AdwLeaflet   *leaflet,
                                        GtkWidget    *list_pane,
                                        GtkWidget    *list,
                                        GtkWidget    *detail);
/* Connects @search_entry to @search_bar, which takes the keys typed in
 * the list pane of the split. Closing the search empties the entry. */
void         _cas_view_set_up_search   (CasView      *self,
                                        GtkSearchBar *search_bar,
                                        GtkEditable  *search_entry);
/* Shows the detail (its own page on a narrow window) and focuses it */
void         _cas_view_show_detail     (CasView      *self);
/* Shows the list, when the detail is a page of its own */
void         _cas_view_show_list       (CasView      *self);

G_END_DECLS
