/* cas-exam-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-types.h"

G_BEGIN_DECLS

/* One exam session as lists show it. Immutable: a list that learns newer
 * values replaces the object. An object with id 0 is a placeholder for a
 * row that is still loading. */
#define CAS_TYPE_EXAM_SESSION (cas_exam_session_get_type ())

G_DECLARE_FINAL_TYPE (CasExamSession, cas_exam_session, CAS, EXAM_SESSION, GObject)

typedef struct
{
  gint64            id;
  gint64            exam_id;
  const char       *exam_code;
  const char       *exam_title;
  gint64            company_id;
  const char       *centre_name;
  const char       *centre_city;
  const char       *starts_at;
  int               duration_minutes;
  const char       *location;
  const char       *room;
  int               capacity;
  const char       *language;
  CasSessionStatus  status;
  int               n_registered;
  int               n_passed;
} CasExamSessionFields;

CasExamSession   *cas_exam_session_new              (const CasExamSessionFields *fields);
CasExamSession   *cas_exam_session_new_placeholder  (void);
gboolean          cas_exam_session_is_placeholder   (CasExamSession *self);
gint64            cas_exam_session_get_id           (CasExamSession *self);
gint64            cas_exam_session_get_exam_id      (CasExamSession *self);
const char       *cas_exam_session_get_exam_code    (CasExamSession *self);
const char       *cas_exam_session_get_exam_title   (CasExamSession *self);
gint64            cas_exam_session_get_company_id   (CasExamSession *self);
const char       *cas_exam_session_get_centre_name  (CasExamSession *self);
const char       *cas_exam_session_get_centre_city  (CasExamSession *self);
/* Brussels wall-clock time, "YYYY-MM-DDTHH:MM" */
const char       *cas_exam_session_get_starts_at    (CasExamSession *self);
/* Returns: (transfer full): the start in the Europe/Brussels zone */
GDateTime        *cas_exam_session_dup_start        (CasExamSession *self);
int               cas_exam_session_get_duration     (CasExamSession *self);
const char       *cas_exam_session_get_location     (CasExamSession *self);
const char       *cas_exam_session_get_room         (CasExamSession *self);
int               cas_exam_session_get_capacity     (CasExamSession *self);
const char       *cas_exam_session_get_language     (CasExamSession *self);
CasSessionStatus  cas_exam_session_get_status       (CasExamSession *self);
int               cas_exam_session_get_n_registered (CasExamSession *self);
int               cas_exam_session_get_n_passed     (CasExamSession *self);

G_END_DECLS
