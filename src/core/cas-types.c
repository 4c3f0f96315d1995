/* cas-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "cas-types.h"

const char *
cas_role_to_string (CasRole role)
{
  switch (role)
    {
    case CAS_ROLE_OPERATOR:   return "operator";
    case CAS_ROLE_ADMIN:      return "admin";
    case CAS_ROLE_CONTROLLER: return "controller";
    case CAS_ROLE_CANDIDATE:  return "candidate";
    case CAS_ROLE_NONE:
    default:                  return NULL;
    }
}

CasRole
cas_role_from_string (const char *text)
{
  if (g_strcmp0 (text, "operator") == 0)
    return CAS_ROLE_OPERATOR;
  if (g_strcmp0 (text, "admin") == 0)
    return CAS_ROLE_ADMIN;
  if (g_strcmp0 (text, "controller") == 0)
    return CAS_ROLE_CONTROLLER;
  if (g_strcmp0 (text, "candidate") == 0)
    return CAS_ROLE_CANDIDATE;
  return CAS_ROLE_NONE;
}

const char *
cas_role_get_label (CasRole role)
{
  switch (role)
    {
    case CAS_ROLE_OPERATOR:   return _("Operator");
    case CAS_ROLE_ADMIN:      return _("Administrator");
    case CAS_ROLE_CONTROLLER: return _("Controller");
    case CAS_ROLE_CANDIDATE:  return _("Candidate");
    case CAS_ROLE_NONE:
    default:                  return "";
    }
}

static const char * const registration_statuses[] = {
  "registered", "present", "absent", "passed", "failed", "cancelled",
};

const char *
cas_registration_status_to_string (CasRegistrationStatus status)
{
  g_return_val_if_fail (status <= CAS_REGISTRATION_CANCELLED, NULL);

  return registration_statuses[status];
}

gboolean
cas_registration_status_from_string (const char            *text,
                                     CasRegistrationStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (registration_statuses); i++)
    if (g_strcmp0 (text, registration_statuses[i]) == 0)
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

const char *
cas_registration_status_get_label (CasRegistrationStatus status)
{
  switch (status)
    {
    case CAS_REGISTRATION_REGISTERED: return C_("registration", "Registered");
    case CAS_REGISTRATION_PRESENT:    return C_("registration", "Present");
    case CAS_REGISTRATION_ABSENT:     return C_("registration", "Absent");
    case CAS_REGISTRATION_PASSED:     return C_("registration", "Passed");
    case CAS_REGISTRATION_FAILED:     return C_("registration", "Failed");
    case CAS_REGISTRATION_CANCELLED:  return C_("registration", "Cancelled");
    default:                          return "";
    }
}

const char *
cas_session_status_to_string (CasSessionStatus status)
{
  switch (status)
    {
    case CAS_SESSION_PLANNED:   return "planned";
    case CAS_SESSION_CLOSED:    return "closed";
    case CAS_SESSION_CANCELLED: return "cancelled";
    default:                    return NULL;
    }
}

CasSessionStatus
cas_session_status_from_string (const char *text)
{
  if (g_strcmp0 (text, "closed") == 0)
    return CAS_SESSION_CLOSED;
  if (g_strcmp0 (text, "cancelled") == 0)
    return CAS_SESSION_CANCELLED;
  return CAS_SESSION_PLANNED;
}

const char *
cas_session_status_get_label (CasSessionStatus status)
{
  switch (status)
    {
    case CAS_SESSION_PLANNED:   return C_("session", "Planned");
    case CAS_SESSION_CLOSED:    return C_("session", "Closed");
    case CAS_SESSION_CANCELLED: return C_("session", "Cancelled");
    default:                    return "";
    }
}

const char *
cas_staff_role_to_string (CasStaffRole role)
{
  return role == CAS_STAFF_ADMIN ? "admin" : "controller";
}

CasStaffRole
cas_staff_role_from_string (const char *text)
{
  return g_strcmp0 (text, "admin") == 0 ? CAS_STAFF_ADMIN : CAS_STAFF_CONTROLLER;
}

const char *
cas_staff_role_get_label (CasStaffRole role)
{
  return role == CAS_STAFF_ADMIN ? _("Administrator") : _("Controller");
}

const char *
cas_get_ui_language (void)
{
  const char * const *names = g_get_language_names_with_category ("LC_MESSAGES");

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "fr"))
        return "fr";
      if (g_str_has_prefix (names[i], "nl"))
        return "nl";
      if (g_str_has_prefix (names[i], "de"))
        return "de";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }

  return "en";
}

const char *
cas_language_get_label (const char *code)
{
  /* Each language in its own name, as language pickers show them */
  if (g_strcmp0 (code, "fr") == 0)
    return "Français";
  if (g_strcmp0 (code, "nl") == 0)
    return "Nederlands";
  if (g_strcmp0 (code, "de") == 0)
    return "Deutsch";
  if (g_strcmp0 (code, "en") == 0)
    return "English";
  return code;
}
