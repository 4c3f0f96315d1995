/* cas-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

char *
cas_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());

  return g_date_time_format (now, "%Y-%m-%d");
}
