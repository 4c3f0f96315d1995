/* cas-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "2026-11-28T23:53:09Z": record keeping (audit, created_at) */
char     *cas_now_utc            (void);
/* "2026-11-28T23:53": wall-clock time in Brussels, as sessions are stored */
char     *cas_now_local          (void);
/* "2026-11-28": today in Brussels */
char     *cas_today              (void);
GTimeZone *cas_get_time_zone     (void);

G_END_DECLS

G_BEGIN_DECLS

/* Lower case without accents, for search columns: "Liège" -> "liege" */
char     *cas_normalize_search   (const char *text);
/* A JSON object from name/value string pairs ending with NULL, for audit
 * details: cas_json_object ("field", "email", "old", a, "new", b, NULL);
 * NULL values become JSON null. */
char     *cas_json_object        (const char *first_name,
                                  ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
