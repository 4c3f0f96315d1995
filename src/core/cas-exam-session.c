/* cas-exam-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "cas-exam-session.h"
#include "cas-util.h"

struct _CasExamSession
{
  GObject           parent_instance;

  gint64            id;
  gint64            exam_id;
  char             *exam_code;
  char             *exam_title;
  gint64            company_id;
  char             *centre_name;
  char             *centre_city;
  char             *starts_at;
  int               duration_minutes;
  char             *location;
  char             *room;
  int               capacity;
  char             *language;
  CasSessionStatus  status;
  int               n_registered;
  int               n_passed;
};

G_DEFINE_FINAL_TYPE (CasExamSession, cas_exam_session, G_TYPE_OBJECT)

static void
cas_exam_session_finalize (GObject *object)
{
  CasExamSession *self = (CasExamSession *)object;

  g_free (self->exam_code);
  g_free (self->exam_title);
  g_free (self->centre_name);
  g_free (self->centre_city);
  g_free (self->starts_at);
  g_free (self->location);
  g_free (self->room);
  g_free (self->language);

  G_OBJECT_CLASS (cas_exam_session_parent_class)->finalize (object);
}

static void
cas_exam_session_class_init (CasExamSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_exam_session_finalize;
}

static void
cas_exam_session_init (CasExamSession *self)
{
}

CasExamSession *
cas_exam_session_new (const CasExamSessionFields *fields)
{
  CasExamSession *self = g_object_new (CAS_TYPE_EXAM_SESSION, NULL);

  self->id = fields->id;
  self->exam_id = fields->exam_id;
  self->exam_code = g_strdup (fields->exam_code);
  self->exam_title = g_strdup (fields->exam_title);
  self->company_id = fields->company_id;
  self->centre_name = g_strdup (fields->centre_name);
  self->centre_city = g_strdup (fields->centre_city);
  self->starts_at = g_strdup (fields->starts_at);
  self->duration_minutes = fields->duration_minutes;
  self->location = g_strdup (fields->location);
  self->room = g_strdup (fields->room);
  self->capacity = fields->capacity;
  self->language = g_strdup (fields->language);
  self->status = fields->status;
  self->n_registered = fields->n_registered;
  self->n_passed = fields->n_passed;

  return self;
}

CasExamSession *
cas_exam_session_new_placeholder (void)
{
  return g_object_new (CAS_TYPE_EXAM_SESSION, NULL);
}

gboolean
cas_exam_session_is_placeholder (CasExamSession *self)
{
  g_return_val_if_fail (CAS_IS_EXAM_SESSION (self), TRUE);

  return self->id == 0;
}

#define GETTER(type, name, field) \
  type \
  cas_exam_session_get_##name (CasExamSession *self) \
  { \
    g_return_val_if_fail (CAS_IS_EXAM_SESSION (self), 0); \
    return self->field; \
  }

GETTER (gint64, id, id)
GETTER (gint64, exam_id, exam_id)
GETTER (const char *, exam_code, exam_code)
GETTER (const char *, exam_title, exam_title)
GETTER (gint64, company_id, company_id)
GETTER (const char *, centre_name, centre_name)
GETTER (const char *, centre_city, centre_city)
GETTER (const char *, starts_at, starts_at)
GETTER (int, duration, duration_minutes)
GETTER (const char *, location, location)
GETTER (const char *, room, room)
GETTER (int, capacity, capacity)
GETTER (const char *, language, language)
GETTER (CasSessionStatus, status, status)
GETTER (int, n_registered, n_registered)
GETTER (int, n_passed, n_passed)

#undef GETTER

GDateTime *
cas_exam_session_dup_start (CasExamSession *self)
{
  int year, month, day, hour, minute;

  g_return_val_if_fail (CAS_IS_EXAM_SESSION (self), NULL);

  if (self->starts_at == NULL ||
      sscanf (self->starts_at, "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) != 5)
    return NULL;

  return g_date_time_new (cas_get_time_zone (), year, month, day, hour, minute, 0);
}
