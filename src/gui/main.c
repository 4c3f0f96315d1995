/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cas-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CasApplication) app = NULL;
  gint64 started_at = g_get_monotonic_time ();

  /* Before option parsing, so --help is translated too */
  setlocale (LC_ALL, "");
  /* CERTASSUR_LOCALEDIR: the translations of a build tree (BUILDDIR/po),
   * for running without installing */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CERTASSUR_LOCALEDIR")
                                   ? g_getenv ("CERTASSUR_LOCALEDIR")
                                   : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cas_application_new (APP_ID, started_at);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
