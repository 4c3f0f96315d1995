/* cas-views.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-account.h"

G_BEGIN_DECLS

/* One entry of the window's sidebar. A new view is one more line in the
 * table of cas-views.c: the window builds the sidebar from it. */
typedef struct
{
  const char *id;          /* stable, for settings and tests: "sessions" */
  const char *title;       /* untranslated (N_), shown through gettext */
  const char *icon_name;
  CasRole     roles;       /* an account holding any of them sees the view */
  GType     (*get_type) (void);  /* a GtkWidget implementing CasView */
  /* The view's primary action in the header bar, or NULL for none: an
   * icon button named primary_label when primary_icon is set, else a
   * button showing primary_label (N_, with a mnemonic) */
  const char *primary_label;
  const char *primary_icon;
} CasViewInfo;

const CasViewInfo *cas_views_get_all          (guint             *n_views);
const CasViewInfo *cas_views_lookup           (const char        *id);
gboolean           cas_view_info_is_visible_to (const CasViewInfo *info,
                                                CasAccount        *account);
/* The translated title */
const char        *cas_view_info_get_title    (const CasViewInfo *info);
/* The translated primary_label, or NULL */
const char        *cas_view_info_get_primary_label (const CasViewInfo *info);

G_END_DECLS
