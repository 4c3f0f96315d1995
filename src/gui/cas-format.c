/* cas-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-format"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cas-format.h"

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Joins the non-empty texts with @separator */
static char *
join_set (const char *separator,
          const char *first,
          const char *second)
{
  if (is_set (first) && is_set (second))
    return g_strconcat (first, separator, second, NULL);
  if (is_set (first))
    return g_strdup (first);
  return g_strdup (is_set (second) ? second : "");
}

char *
cas_format_session_start (CasExamSession *session)
{
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (CAS_IS_EXAM_SESSION (session), NULL);

  start = cas_exam_session_dup_start (session);
  if (start == NULL)
    return g_strdup (cas_exam_session_get_starts_at (session));

  /* Translators: the date and time of an exam session, as in
   * "Thu 3 Dec 2026, 09:30"; see the strftime-like codes of
   * g_date_time_format () */
  return g_date_time_format (start, _("%a %-d %b %Y, %H:%M"));
}

char *
cas_format_duration (int minutes)
{
  int hours = minutes / 60;

  minutes %= 60;

  if (hours > 0 && minutes > 0)
    /* Translators: a duration, "1 h 30 min" */
    return g_strdup_printf (_("%d h %d min"), hours, minutes);
  if (hours > 0)
    /* Translators: a duration in hours, "2 h" */
    return g_strdup_printf (_("%d h"), hours);

  /* Translators: a duration in minutes, "45 min" */
  return g_strdup_printf (_("%d min"), minutes);
}

char *
cas_format_session_schedule (CasExamSession *session)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *duration = NULL;
  int minutes;

  g_return_val_if_fail (CAS_IS_EXAM_SESSION (session), NULL);

  start = cas_exam_session_dup_start (session);
  minutes = cas_exam_session_get_duration (session);
  if (start == NULL || minutes <= 0)
    return cas_format_session_start (session);

  end = g_date_time_add_minutes (start, minutes);
  /* Translators: the day of an exam session, "Thu 3 Dec 2026" */
  day = g_date_time_format (start, _("%a %-d %b %Y"));
  /* Translators: a time of day, "09:30" */
  from = g_date_time_format (start, _("%H:%M"));
  to = g_date_time_format (end, _("%H:%M"));
  duration = cas_format_duration (minutes);

  /* Translators: day, start time, end time and duration of a session,
   * "Thu 3 Dec 2026, 09:30–11:30 (2 h)" */
  return g_strdup_printf (_("%s, %s–%s (%s)"), day, from, to, duration);
}

char *
cas_format_session_place (CasExamSession *session)
{
  g_return_val_if_fail (CAS_IS_EXAM_SESSION (session), NULL);

  return join_set (", ", cas_exam_session_get_location (session),
                   cas_exam_session_get_room (session));
}

char *
cas_format_session_centre (CasExamSession *session)
{
  const char *name;
  const char *city;

  g_return_val_if_fail (CAS_IS_EXAM_SESSION (session), NULL);

  name = cas_exam_session_get_centre_name (session);
  city = cas_exam_session_get_centre_city (session);

  /* "Namur" need not follow "Centre d'examens Namur" */
  if (is_set (name) && is_set (city) && strstr (name, city) != NULL)
    return g_strdup (name);

  return join_set (", ", name, city);
}

char *
cas_format_session_exam (CasExamSession *session)
{
  g_return_val_if_fail (CAS_IS_EXAM_SESSION (session), NULL);

  return join_set (" ", cas_exam_session_get_exam_code (session),
                   cas_exam_session_get_exam_title (session));
}

char *
cas_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (!is_set (iso_date))
    return g_strdup ("");

  if (sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      (date = g_date_time_new_utc (year, month, day, 0, 0, 0)) == NULL)
    return g_strdup (iso_date);

  /* Translators: a date, as in "3 Dec 1985" */
  return g_date_time_format (date, _("%-d %b %Y"));
}
