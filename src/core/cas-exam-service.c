/* cas-exam-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-exam-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cas-database-private.h"
#include "cas-exam-service.h"

struct _CasExamService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasExamService, cas_exam_service, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CasExam, cas_exam, cas_exam_copy, cas_exam_free)

CasExam *
cas_exam_copy (const CasExam *exam)
{
  CasExam *copy = g_new0 (CasExam, 1);

  *copy = *exam;
  copy->code = g_strdup (exam->code);
  copy->domain = g_strdup (exam->domain);
  copy->title_fr = g_strdup (exam->title_fr);
  copy->title_nl = g_strdup (exam->title_nl);
  copy->title_de = g_strdup (exam->title_de);
  copy->title_en = g_strdup (exam->title_en);

  return copy;
}

void
cas_exam_free (CasExam *exam)
{
  if (exam == NULL)
    return;

  g_free (exam->code);
  g_free (exam->domain);
  g_free (exam->title_fr);
  g_free (exam->title_nl);
  g_free (exam->title_de);
  g_free (exam->title_en);
  g_free (exam);
}

const char *
cas_exam_get_title (const CasExam *exam,
                    const char    *language)
{
  g_return_val_if_fail (exam != NULL, NULL);

  if (g_strcmp0 (language, "fr") == 0)
    return exam->title_fr;
  if (g_strcmp0 (language, "nl") == 0)
    return exam->title_nl;
  if (g_strcmp0 (language, "de") == 0)
    return exam->title_de;
  return exam->title_en;
}

static void
cas_exam_service_finalize (GObject *object)
{
  CasExamService *self = (CasExamService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_exam_service_parent_class)->finalize (object);
}

static void
cas_exam_service_class_init (CasExamServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_exam_service_finalize;
}

static void
cas_exam_service_init (CasExamService *self)
{
}

CasExamService *
cas_exam_service_new (CasDatabase *db)
{
  CasExamService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_EXAM_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

static GPtrArray *
list_where (CasExamService  *self,
            const char      *code,
            GError         **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GPtrArray) exams = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_exam_free);

  model = _cas_database_query (self->db, error,
                               "SELECT id, code, domain, title_fr, title_nl, title_de, title_en, "
                               "duration_minutes, pass_mark FROM exam "
                               "WHERE ##code::string = '' OR code = ##code::string ORDER BY code",
                               "code", code ? code : "", NULL);
  if (model == NULL)
    return NULL;

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasExam *exam = g_new0 (CasExam, 1);

      exam->id = _cas_model_get_int64 (model, 0, row);
      exam->code = _cas_model_dup_string (model, 1, row);
      exam->domain = _cas_model_dup_string (model, 2, row);
      exam->title_fr = _cas_model_dup_string (model, 3, row);
      exam->title_nl = _cas_model_dup_string (model, 4, row);
      exam->title_de = _cas_model_dup_string (model, 5, row);
      exam->title_en = _cas_model_dup_string (model, 6, row);
      exam->duration_minutes = _cas_model_get_int64 (model, 7, row);
      exam->pass_mark = _cas_model_get_int64 (model, 8, row);
      g_ptr_array_add (exams, exam);
    }

  return g_steal_pointer (&exams);
}

GPtrArray *
cas_exam_service_list (CasExamService  *self,
                       GError         **error)
{
  g_return_val_if_fail (CAS_IS_EXAM_SERVICE (self), NULL);

  return list_where (self, NULL, error);
}

/**
 * cas_exam_service_find_by_code:
 *
 * Returns: (transfer full): the exam, or %NULL with @error set
 */
CasExam *
cas_exam_service_find_by_code (CasExamService  *self,
                               const char      *code,
                               GError         **error)
{
  g_autoptr(GPtrArray) exams = NULL;

  g_return_val_if_fail (CAS_IS_EXAM_SERVICE (self), NULL);

  exams = list_where (self, code ? code : "-", error);
  if (exams == NULL)
    return NULL;
  if (exams->len == 0)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                   _("There is no exam with the code “%s”"), code);
      return NULL;
    }

  return cas_exam_copy (g_ptr_array_index (exams, 0));
}
