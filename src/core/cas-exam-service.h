/* cas-exam-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  char  *code;
  char  *domain;
  char  *title_fr;
  char  *title_nl;
  char  *title_de;
  char  *title_en;
  int    duration_minutes;
  int    pass_mark;
} CasExam;

#define CAS_TYPE_EXAM (cas_exam_get_type ())
GType       cas_exam_get_type  (void) G_GNUC_CONST;
CasExam    *cas_exam_copy      (const CasExam *exam);
void        cas_exam_free      (CasExam       *exam);
/* The title in @language (fr, nl, de, en) */
const char *cas_exam_get_title (const CasExam *exam,
                                const char    *language);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasExam, cas_exam_free)

#define CAS_TYPE_EXAM_SERVICE (cas_exam_service_get_type ())

G_DECLARE_FINAL_TYPE (CasExamService, cas_exam_service, CAS, EXAM_SERVICE, GObject)

CasExamService *cas_exam_service_new          (CasDatabase     *db);
/* Returns: (transfer full) (element-type CasExam): all exams by code */
GPtrArray      *cas_exam_service_list         (CasExamService  *self,
                                               GError         **error);
CasExam        *cas_exam_service_find_by_code (CasExamService  *self,
                                               const char      *code,
                                               GError         **error);

G_END_DECLS
