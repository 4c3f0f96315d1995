/* cas-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-application.h"
#include "cas-attestation-service.h"
#include "cas-database.h"
#include "cas-window.h"

/* Translators: what the application is for, in About and in --help */
#define SUMMARY N_("Back office of the certification exams of the Belgian insurance sector.")

struct _CasApplication
{
  AdwApplication  parent_instance;

  char           *database_location;
  char           *signing_key_path;
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

const char *
cas_application_get_signing_key_path (CasApplication *self)
{
  g_return_val_if_fail (CAS_IS_APPLICATION (self), NULL);

  return self->signing_key_path;
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
                  CasDatabase    *db,
                  const char     *public_key)
{
  GString *info = g_string_new (NULL);

  g_string_append_printf (info, "Certassur Desk %s (%s, %s)\n", PACKAGE_VERSION, APP_ID, PROFILE);
  if (db != NULL)
    {
      g_string_append_printf (info, "Database: %s\nSchema version: %d\n",
                              cas_database_get_display_name (db),
                              cas_database_get_schema_version (db));
      g_string_append_printf (info, "Attestation signing key: %s\n",
                              cas_database_get_signing_key_path (db));
      g_string_append_printf (info, "Attestation public key: %s\n",
                              public_key != NULL ? public_key : "none yet");
    }
  else
    {
      g_string_append (info, "Database: not open\n");
    }
  g_string_append_printf (info, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version,
                          glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n", gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n", adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());

  return g_string_free (info, FALSE);
}

/* What verifies the attestations of the database: who receives one can
 * check its signature with this key, without Certassur Desk */
static void
add_public_key_section (AdwAboutWindow *about,
                        const char     *public_key)
{
  g_autofree char *text = NULL;

  if (public_key != NULL)
    {
      g_autoptr(GString) grouped = g_string_new (NULL);
      g_autofree char *escaped = NULL;

      /* In groups of four, as fingerprints are, to read and compare it;
       * the debug info has it whole, to copy it */
      for (const char *p = public_key; *p != '\0'; p++)
        {
          if (p != public_key && (p - public_key) % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, *p);
        }
      escaped = g_markup_escape_text (grouped->str, -1);

      /* Translators: in the About window; %s is the public key, in base64 */
      text = g_strdup_printf (_("Certassur signs every attestation with an Ed25519 key. "
                                "The public key of this database, which verifies them:\n\n"
                                "<tt>%s</tt>"),
                              escaped);
    }
  else
    {
      text = g_markup_escape_text (_("This database has no attestation signing key yet: it "
                                     "gets one when its first attestation is issued."), -1);
    }

  adw_about_window_add_legal_section (about, _("Attestation Signatures"), NULL,
                                      GTK_LICENSE_CUSTOM, text);
}

static void
present_about (CasApplication *self,
               CasDatabase    *db,
               const char     *public_key)
{
  static const char *developers[] = { "Certassur", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *debug_info = build_debug_info (self, db, public_key);
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
  if (db != NULL)
    add_public_key_section (ADW_ABOUT_WINDOW (about), public_key);
  gtk_window_present (GTK_WINDOW (about));
}

static void
read_public_key_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(CasAttestationService) service = cas_attestation_service_new (source_object);

  g_task_return_pointer (task, cas_attestation_service_dup_public_key (service), g_free);
}

static void
read_public_key_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CasApplication) self = user_data;
  g_autofree char *public_key = g_task_propagate_pointer (G_TASK (result), NULL);

  present_about (self, CAS_DATABASE (object), public_key);
}

static void
app_about_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CasApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CasDatabase *db = CAS_IS_WINDOW (parent) ? cas_window_get_database (CAS_WINDOW (parent)) : NULL;
  g_autoptr(GTask) task = NULL;

  if (db == NULL)
    {
      present_about (self, NULL, NULL);
      return;
    }

  /* The key is in the database: read off the main thread, shown after */
  task = g_task_new (db, NULL, read_public_key_cb, g_object_ref (self));
  g_task_set_source_tag (task, app_about_action);
  g_task_run_in_thread (task, read_public_key_thread);
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
  g_autofree char *key_path = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &location) && location[0] != '\0')
    {
      g_free (self->database_location);
      self->database_location = g_steal_pointer (&location);
    }

  if (g_variant_dict_lookup (options, "signing-key", "^ay", &key_path) && key_path[0] != '\0')
    {
      g_free (self->signing_key_path);
      self->signing_key_path = g_steal_pointer (&key_path);
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
  g_clear_pointer (&self->signing_key_path, g_free);
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
    { "signing-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("The attestation signing key (default: beside the database file)"),
      N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self), _(SUMMARY));
}
