/* cas-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-application.h"
#include "cas-database.h"
#include "cas-window.h"

/* Translators: what the application is for, in About and in --help */
#define SUMMARY N_("Back office of the certification exams of the Belgian insurance sector.")

struct _CasApplication
{
  AdwApplication  parent_instance;

  char           *database_location;
  GSettings      *settings;
  gint64          started_at;
};

G_DEFINE_FINAL_TYPE (CasApplication, cas_application, ADW_TYPE_APPLICATION)

/**
 * cas_application_new:
 * @application_id: the application id (APP_ID)
 * @started_at: g_get_monotonic_time () at the start of main (), for the
 *   start-up measurement (see CERTASSUR_BENCH_STARTUP in cas-window.c)
 *
 * Several instances may run at once, each on its own database: the
 * application is not unique.
 *
 * Returns: (transfer full): a new application
 */
CasApplication *
cas_application_new (const char *application_id,
                     gint64      started_at)
{
  CasApplication *self;

  g_return_val_if_fail (application_id != NULL, NULL);

  /* The resource base path does not follow the .Devel id: the resources
   * are the same in both profiles. */
  self = g_object_new (CAS_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/be/certassur/Desk",
                       NULL);
  self->started_at = started_at;

  return self;
}

const char *
cas_application_get_database_location (CasApplication *self)
{
  g_return_val_if_fail (CAS_IS_APPLICATION (self), NULL);

  return self->database_location;
}

GSettings *
cas_application_get_settings (CasApplication *self)
{
  g_return_val_if_fail (CAS_IS_APPLICATION (self), NULL);

  return self->settings;
}

gint64
cas_application_get_started_at (CasApplication *self)
{
  g_return_val_if_fail (CAS_IS_APPLICATION (self), 0);

  return self->started_at;
}

const char *
cas_application_get_icon_name (CasApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_return_val_if_fail (CAS_IS_APPLICATION (self), NULL);

  if (display != NULL &&
      gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (display), APP_ID))
    return APP_ID;

  return BASE_ID;
}

static void
load_settings (CasApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new () aborts on a missing schema; a build tree run without
   * GSETTINGS_SCHEMA_DIR should still start, only forgetting its settings. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed: settings will not be kept", BASE_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
}

static void
app_quit_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CasApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows first lets them save their size */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static char *
build_debug_info (CasApplication *self,
                  CasWindow      *window)
{
  GString *info = g_string_new (NULL);
  CasDatabase *db = window ? cas_window_get_database (window) : NULL;

  g_string_append_printf (info, "Certassur Desk %s (%s, %s)\n", PACKAGE_VERSION, APP_ID, PROFILE);
  if (db != NULL)
    g_string_append_printf (info, "Database: %s\nSchema version: %d\n",
                            cas_database_get_display_name (db),
                            cas_database_get_schema_version (db));
  else
    g_string_append (info, "Database: not open\n");
  g_string_append_printf (info, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version,
                          glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n", gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n", adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());

  return g_string_free (info, FALSE);
}

static void
app_about_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  static const char *developers[] = { "Certassur", NULL };
  CasApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CasWindow *window = CAS_IS_WINDOW (parent) ? CAS_WINDOW (parent) : NULL;
  CasDatabase *db = window ? cas_window_get_database (window) : NULL;
  g_autofree char *debug_info = build_debug_info (self, window);
  g_autofree char *comments = NULL;
  GtkWidget *about;

  if (db != NULL)
    /* Translators: in the about window, under the summary; %s is a file
     * or a postgresql:// address */
    comments = g_strdup_printf (_("%s\n\nDatabase: %s"), _(SUMMARY),
                                cas_database_get_display_name (db));
  else
    comments = g_strdup (_(SUMMARY));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Certassur Desk"),
                        "application-icon", cas_application_get_icon_name (self),
                        "developer-name", "Certassur",
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://www.certassur.be",
                        "comments", comments,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "debug-info", debug_info,
                        "debug-info-filename", "certassur-desk-debug-info.txt",
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", app_quit_action },
  { "about", app_about_action },
};

static int
cas_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  CasApplication *self = CAS_APPLICATION (application);
  g_autofree char *location = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &location) && location[0] != '\0')
    {
      g_free (self->database_location);
      self->database_location = g_steal_pointer (&location);
    }

  /* Go on with the default handling: register, then activate */
  return -1;
}

static void
cas_application_startup (GApplication *application)
{
  CasApplication *self = CAS_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "window.close", { "<Primary>w", NULL } },
    { "win.search", { "<Primary>f", NULL } },
    { "win.refresh", { "F5", "<Primary>r", NULL } },
    { "win.go-back", { "<Alt>Left", NULL } },
  };

  G_APPLICATION_CLASS (cas_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  load_settings (self);
}

static void
cas_application_activate (GApplication *application)
{
  CasApplication *self = CAS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (cas_window_new (self));

  gtk_window_present (window);
}

static void
cas_application_finalize (GObject *object)
{
  CasApplication *self = CAS_APPLICATION (object);

  g_clear_pointer (&self->database_location, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cas_application_parent_class)->finalize (object);
}

static void
cas_application_class_init (CasApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cas_application_finalize;

  app_class->handle_local_options = cas_application_handle_local_options;
  app_class->startup = cas_application_startup;
  app_class->activate = cas_application_activate;
}

static void
cas_application_init (CasApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("The database to open: a file, or postgresql://user:password@host:port/name"),
      N_("DATABASE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self), _(SUMMARY));
}
