/* cas-registration.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-types.h"

G_BEGIN_DECLS

/* A candidate registered in a session, with the result */
#define CAS_TYPE_REGISTRATION (cas_registration_get_type ())

G_DECLARE_FINAL_TYPE (CasRegistration, cas_registration, CAS, REGISTRATION, GObject)

typedef struct
{
  gint64                 id;
  gint64                 session_id;
  gint64                 person_id;
  const char            *first_name;
  const char            *last_name;
  const char            *birth_date;
  const char            *external_ref;
  CasRegistrationStatus  status;
  int                    score;        /* -1 when none */
} CasRegistrationFields;

CasRegistration       *cas_registration_new              (const CasRegistrationFields *fields);
gint64                 cas_registration_get_id           (CasRegistration *self);
gint64                 cas_registration_get_session_id   (CasRegistration *self);
gint64                 cas_registration_get_person_id    (CasRegistration *self);
const char            *cas_registration_get_first_name   (CasRegistration *self);
const char            *cas_registration_get_last_name    (CasRegistration *self);
const char            *cas_registration_get_birth_date   (CasRegistration *self);
const char            *cas_registration_get_external_ref (CasRegistration *self);
CasRegistrationStatus  cas_registration_get_status       (CasRegistration *self);
/* The score out of 100, or -1 when there is none yet */
int                    cas_registration_get_score        (CasRegistration *self);

G_END_DECLS
