/* cas-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-format"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
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

char *
cas_format_account_roles (const CasAccountInfo *info)
{
  /* Operators first: they can do everything */
  static const CasRole order[] = { CAS_ROLE_OPERATOR, CAS_ROLE_ADMIN, CAS_ROLE_CONTROLLER };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      for (guint j = 0; info->grants != NULL && j < info->grants->len; j++)
        {
          const CasRoleGrant *grant = g_ptr_array_index (info->grants, j);

          if (grant->role != order[i])
            continue;

          if (grant->role == CAS_ROLE_ADMIN && is_set (grant->company_name))
            /* Translators: an administrator role and its exam centre,
             * "Administrator, Assurcentre Bruxelles" */
            g_ptr_array_add (parts, g_strdup_printf (_("%s, %s"),
                                                     cas_role_get_label (grant->role),
                                                     grant->company_name));
          else
            g_ptr_array_add (parts, g_strdup (cas_role_get_label (grant->role)));

          /* One "Operator" or "Controller" is enough */
          if (grant->role != CAS_ROLE_ADMIN)
            break;
        }
    }

  if (parts->len == 0)
    /* Translators: an account without operator, administrator or
     * controller role (it may still see the exams it sat) */
    return g_strdup (_("No staff role"));

  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the roles of an account */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

char *
cas_format_timestamp (const char *utc,
                      gboolean    seconds)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (!is_set (utc))
    return g_strdup ("");

  time = g_date_time_new_from_iso8601 (utc, NULL);
  if (time == NULL)
    return g_strdup (utc);

  local = g_date_time_to_local (time);

  if (seconds)
    /* Translators: a date and time with seconds, as in
     * "12 Mar 2026, 14:05:32"; see g_date_time_format () */
    return g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));

  /* Translators: a date and time, as in "12 Mar 2026, 14:05" */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static const struct {
  const char *action;
  const char *label;
} audit_actions[] = {
  { "access.denied", N_("Access refused") },
  { "account.change-password", N_("Password changed") },
  { "account.create", N_("Account created") },
  { "account.disable", N_("Account disabled") },
  { "account.enable", N_("Account enabled") },
  { "account.grant", N_("Role given") },
  { "account.reset-password", N_("Password reset") },
  { "account.revoke", N_("Role taken away") },
  { "company.create", N_("Company created") },
  { "demo.seed", N_("Demo data created") },
  { "login", N_("Logged in") },
  { "login.disabled", N_("Login refused: account disabled") },
  { "login.failed", N_("Failed login") },
  { "login.lock", N_("Account locked after failed logins") },
  { "login.locked", N_("Login refused: account locked") },
  { "logout", N_("Logged out") },
  { "person.create", N_("Person created") },
  { "person.import", N_("Persons imported") },
  { "person.update", N_("Person changed") },
  { "registration.attendance", N_("Attendance recorded") },
  { "registration.create", N_("Candidate registered") },
  { "registration.result", N_("Result recorded") },
  { "session.create", N_("Session created") },
  { "session.staff", N_("Session staff changed") },
};

const char *
cas_format_audit_action (const char *action)
{
  if (action == NULL)
    return "";

  for (guint i = 0; i < G_N_ELEMENTS (audit_actions); i++)
    {
      if (g_str_equal (audit_actions[i].action, action))
        return _(audit_actions[i].label);
    }

  return action;
}

char *
cas_format_audit_record (const CasAuditEvent *event)
{
  const char *type;
  g_autofree char *id = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  if (event->record_id <= 0)
    return g_strdup ("");

  id = g_strdup_printf ("%" G_GINT64_FORMAT, event->record_id);
  type = event->record_type ? event->record_type : "";

  if (g_str_equal (type, "person"))
    /* Translators: a record named in the audit log, "person #12" */
    return g_strdup_printf (_("person #%s"), id);
  if (g_str_equal (type, "account"))
    /* Translators: a record named in the audit log, "account #3" */
    return g_strdup_printf (_("account #%s"), id);
  if (g_str_equal (type, "exam_session"))
    /* Translators: a record named in the audit log, "session #7" */
    return g_strdup_printf (_("session #%s"), id);
  if (g_str_equal (type, "registration"))
    /* Translators: a record named in the audit log, "registration #40" */
    return g_strdup_printf (_("registration #%s"), id);
  if (g_str_equal (type, "company"))
    /* Translators: a record named in the audit log, "company #2" */
    return g_strdup_printf (_("company #%s"), id);

  return g_strdup_printf ("%s #%s", type, id);
}

/* A JSON value on one line: strings without quotes, the rest as JSON */
static char *
node_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}

char *
cas_format_audit_details (const CasAuditEvent *event)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) text = NULL;
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (event != NULL, NULL);

  if (!is_set (event->details))
    return g_strdup ("");

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, event->details, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (event->details);

  object = json_node_get_object (root);

  /* A refusal says what was refused */
  if (g_strcmp0 (event->action, "access.denied") == 0 &&
      json_object_has_member (object, "refused"))
    {
      g_autofree char *refused = node_to_text (json_object_get_member (object, "refused"));

      /* Translators: what an account was refused, "Refused: see the
       * accounts (only operators manage accounts)" */
      return g_strdup_printf (_("Refused: %s"), refused);
    }

  text = g_string_new (NULL);
  {
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      {
        JsonNode *member = json_object_get_member (object, l->data);
        g_autofree char *value = NULL;

        /* An unset value says nothing */
        if (JSON_NODE_HOLDS_NULL (member))
          continue;

        value = node_to_text (member);
        if (text->len > 0)
          g_string_append (text, " · ");
        g_string_append_printf (text, "%s: %s", (const char *) l->data, value);
      }
  }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
