/* cas-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CAS_TYPE_APPLICATION (cas_application_get_type ())

G_DECLARE_FINAL_TYPE (CasApplication, cas_application, CAS, APPLICATION, AdwApplication)

CasApplication *cas_application_new                   (const char     *application_id,
                                                       gint64          started_at);
/* The --database option, or NULL */
const char     *cas_application_get_database_location (CasApplication *self);
/* The --signing-key option, or NULL: the key that signs attestations */
const char     *cas_application_get_signing_key_path  (CasApplication *self);
/* The GSettings of the application, or NULL when the schema is not installed
 * (running from a build tree without GSETTINGS_SCHEMA_DIR) */
GSettings      *cas_application_get_settings          (CasApplication *self);
/* The icon of the application: APP_ID when installed, else the one of
 * the resources */
const char     *cas_application_get_icon_name         (CasApplication *self);
/* g_get_monotonic_time () at the start of main () */
gint64          cas_application_get_started_at        (CasApplication *self);

G_END_DECLS
