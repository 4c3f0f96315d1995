/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cas-application.h"

/* Back-office desks often run in virtual machines and remote sessions
 * without a GPU. OpenGL there is Mesa's software renderer: loading it
 * costs about a tenth of a second at every start, and it draws GTK's
 * scenes more slowly than cairo does. Without a GPU render node, draw with
 * cairo and leave OpenGL unloaded, unless the user chose a renderer. */
static void
choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL)
    return;

  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}

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

  choose_renderer ();
  app = cas_application_new (APP_ID, started_at);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
