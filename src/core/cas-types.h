/* cas-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CasAccount       CasAccount;
typedef struct _CasDatabase      CasDatabase;
typedef struct _CasExamSession   CasExamSession;
typedef struct _CasRegistration  CasRegistration;
typedef struct _CasStaffMember   CasStaffMember;

typedef enum /*< flags >*/
{
  CAS_ROLE_NONE       = 0,
  CAS_ROLE_OPERATOR   = 1 << 0,
  CAS_ROLE_ADMIN      = 1 << 1,
  CAS_ROLE_CONTROLLER = 1 << 2,
  CAS_ROLE_CANDIDATE  = 1 << 3,
} CasRole;

typedef enum
{
  CAS_REGISTRATION_REGISTERED,
  CAS_REGISTRATION_PRESENT,
  CAS_REGISTRATION_ABSENT,
  CAS_REGISTRATION_PASSED,
  CAS_REGISTRATION_FAILED,
  CAS_REGISTRATION_CANCELLED,
} CasRegistrationStatus;

typedef enum
{
  CAS_SESSION_PLANNED,
  CAS_SESSION_CLOSED,
  CAS_SESSION_CANCELLED,
} CasSessionStatus;

typedef enum
{
  CAS_STAFF_ADMIN,
  CAS_STAFF_CONTROLLER,
} CasStaffRole;

typedef enum
{
  CAS_SESSION_WHEN_ALL,
  CAS_SESSION_WHEN_UPCOMING,
  CAS_SESSION_WHEN_PAST,
} CasSessionWhen;

const char *cas_role_to_string                 (CasRole                role);
CasRole     cas_role_from_string               (const char            *text);
/* "Operator", "Administrator", ... translated */
const char *cas_role_get_label                 (CasRole                role);

const char *cas_registration_status_to_string  (CasRegistrationStatus  status);
gboolean    cas_registration_status_from_string (const char           *text,
                                                 CasRegistrationStatus *status);
const char *cas_registration_status_get_label  (CasRegistrationStatus  status);

const char *cas_session_status_to_string       (CasSessionStatus       status);
CasSessionStatus cas_session_status_from_string (const char           *text);
const char *cas_session_status_get_label       (CasSessionStatus       status);

const char *cas_staff_role_to_string           (CasStaffRole           role);
CasStaffRole cas_staff_role_from_string        (const char            *text);
const char *cas_staff_role_get_label           (CasStaffRole           role);

/* The language of the running program among fr, nl, de, en, from the
 * message locale; English when none of them. */
const char *cas_get_ui_language                (void);
/* "Français", "Nederlands", "Deutsch", "English" */
const char *cas_language_get_label             (const char            *code);

G_END_DECLS
