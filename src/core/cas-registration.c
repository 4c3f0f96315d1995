/* cas-registration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-registration.h"

struct _CasRegistration
{
  GObject                parent_instance;

  gint64                 id;
  gint64                 session_id;
  gint64                 person_id;
  char                  *first_name;
  char                  *last_name;
  char                  *birth_date;
  char                  *external_ref;
  CasRegistrationStatus  status;
  int                    score;
};

G_DEFINE_FINAL_TYPE (CasRegistration, cas_registration, G_TYPE_OBJECT)

static void
cas_registration_finalize (GObject *object)
{
  CasRegistration *self = (CasRegistration *)object;

  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->birth_date);
  g_free (self->external_ref);

  G_OBJECT_CLASS (cas_registration_parent_class)->finalize (object);
}

static void
cas_registration_class_init (CasRegistrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_registration_finalize;
}

static void
cas_registration_init (CasRegistration *self)
{
  self->score = -1;
}

CasRegistration *
cas_registration_new (const CasRegistrationFields *fields)
{
  CasRegistration *self = g_object_new (CAS_TYPE_REGISTRATION, NULL);

  self->id = fields->id;
  self->session_id = fields->session_id;
  self->person_id = fields->person_id;
  self->first_name = g_strdup (fields->first_name);
  self->last_name = g_strdup (fields->last_name);
  self->birth_date = g_strdup (fields->birth_date);
  self->external_ref = g_strdup (fields->external_ref);
  self->status = fields->status;
  self->score = fields->score;

  return self;
}

#define GETTER(type, name) \
  type \
  cas_registration_get_##name (CasRegistration *self) \
  { \
    g_return_val_if_fail (CAS_IS_REGISTRATION (self), 0); \
    return self->name; \
  }

GETTER (gint64, id)
GETTER (gint64, session_id)
GETTER (gint64, person_id)
GETTER (const char *, first_name)
GETTER (const char *, last_name)
GETTER (const char *, birth_date)
GETTER (const char *, external_ref)
GETTER (CasRegistrationStatus, status)
GETTER (int, score)

#undef GETTER
