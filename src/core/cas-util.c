/* cas-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "cas-util.h"

/**
 * cas_get_time_zone:
 *
 * Sessions are held in Belgium and stored in Brussels wall-clock time,
 * whatever the time zone of the desk that shows them.
 *
 * Returns: (transfer none): the Europe/Brussels time zone
 */
GTimeZone *
cas_get_time_zone (void)
{
  static gsize tz;

  if (g_once_init_enter (&tz))
    {
      GTimeZone *brussels = g_time_zone_new_identifier ("Europe/Brussels");

      if (brussels == NULL)
        brussels = g_time_zone_new_local ();
      g_once_init_leave (&tz, (gsize) brussels);
    }

  return (GTimeZone *) tz;
}

char *
cas_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
cas_now_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());

  return g_date_time_format (now, "%Y-%m-%dT%H:%M");
}

/* Validation asks for today's date for every birth date of an import, and
 * a time zone lookup per row would cost more than the rest of the check:
 * the answer is kept for a few seconds. */
char *
cas_today (void)
{
  static GMutex lock;
  static gint64 valid_until;
  static char cached[16];
  gint64 now = g_get_real_time ();
  char *today;

  g_mutex_lock (&lock);
  if (now >= valid_until)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now (cas_get_time_zone ());
      g_autofree char *text = g_date_time_format (local, "%Y-%m-%d");

      g_strlcpy (cached, text, sizeof cached);
      valid_until = now + 5 * G_USEC_PER_SEC;
    }
  today = g_strdup (cached);
  g_mutex_unlock (&lock);

  return today;
}

char *
cas_normalize_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) stripped = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Decompose, drop the combining marks (the accents), fold the case: other
   * scripts stay as they are, so "Иван" is still found. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  stripped = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (stripped, c);
    }

  return g_utf8_casefold (stripped->str, stripped->len);
}

char *
cas_json_object (const char *first_name,
                 ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *name = first_name;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, name);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
      name = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}
