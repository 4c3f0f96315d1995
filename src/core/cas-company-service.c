/* cas-company-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-company-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cas-access-private.h"
#include "cas-audit-private.h"
#include "cas-company-service.h"
#include "cas-database-private.h"
#include "cas-util.h"
#include "cas-validate.h"

struct _CasCompanyService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasCompanyService, cas_company_service, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CasCompany, cas_company, cas_company_copy, cas_company_free)

CasCompany *
cas_company_new (void)
{
  return g_new0 (CasCompany, 1);
}

CasCompany *
cas_company_copy (const CasCompany *company)
{
  CasCompany *copy = g_new0 (CasCompany, 1);

  copy->id = company->id;
  copy->name = g_strdup (company->name);
  copy->enterprise_number = g_strdup (company->enterprise_number);
  copy->is_exam_centre = company->is_exam_centre;
  copy->street = g_strdup (company->street);
  copy->postcode = g_strdup (company->postcode);
  copy->city = g_strdup (company->city);

  return copy;
}

void
cas_company_free (CasCompany *company)
{
  if (company == NULL)
    return;

  g_free (company->name);
  g_free (company->enterprise_number);
  g_free (company->street);
  g_free (company->postcode);
  g_free (company->city);
  g_free (company);
}

static void
cas_company_service_finalize (GObject *object)
{
  CasCompanyService *self = (CasCompanyService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_company_service_parent_class)->finalize (object);
}

static void
cas_company_service_class_init (CasCompanyServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_company_service_finalize;
}

static void
cas_company_service_init (CasCompanyService *self)
{
}

CasCompanyService *
cas_company_service_new (CasDatabase *db)
{
  CasCompanyService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_COMPANY_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

gint64
cas_company_service_create (CasCompanyService  *self,
                            CasAccount         *actor,
                            CasCompany         *company,
                            GError            **error)
{
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *street = NULL;
  g_autofree char *postcode = NULL;
  g_autofree char *city = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_auto(CasAccess) access = { 0, };
  gint64 id;

  g_return_val_if_fail (CAS_IS_COMPANY_SERVICE (self), 0);
  g_return_val_if_fail (company != NULL, 0);

  if (!_cas_access_init (&access, self->db, actor, error))
    return 0;
  if (!_cas_access_is_operator (&access))
    return _cas_access_deny (self->db, &access, "company.create", NULL, 0, error,
                             _("add exam centres or companies (only operators do)")),
           0;

  if (!cas_validate_text (CAS_FIELD_COMPANY_NAME, company->name, TRUE, CAS_MAX_TEXT_LENGTH,
                          &name, error) ||
      !cas_validate_text (CAS_FIELD_ENTERPRISE_NUMBER, company->enterprise_number, FALSE, 20,
                          &number, error) ||
      !cas_validate_text (CAS_FIELD_STREET, company->street, FALSE, CAS_MAX_TEXT_LENGTH,
                          &street, error) ||
      (company->postcode != NULL && *company->postcode != '\0' &&
       !cas_validate_postcode (company->postcode, &postcode, error)) ||
      !cas_validate_text (CAS_FIELD_CITY, company->city, FALSE, CAS_MAX_NAME_LENGTH,
                          &city, error))
    return 0;

  if (!_cas_database_begin (self->db, error))
    return 0;

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO company (name, enterprise_number, is_exam_centre, street, "
                           "postcode, city, created_at) VALUES (##name::string, "
                           "##number::string::null, ##centre::gint, ##street::string::null, "
                           "##postcode::string::null, ##city::string::null, ##now::string)",
                           "name", name,
                           "number", number,
                           "centre", company->is_exam_centre ? 1 : 0,
                           "street", street,
                           "postcode", postcode,
                           "city", city,
                           "now", now,
                           NULL))
    goto failed;

  id = _cas_database_last_insert_id (self->db, error);
  details = cas_json_object ("name", name, NULL);
  if (id == 0 ||
      !_cas_audit_record (self->db, actor, "company.create", "company", id, details, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  company->id = id;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

GPtrArray *
cas_company_service_list (CasCompanyService  *self,
                          CasAccount         *actor,
                          gboolean            exam_centres_only,
                          GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GPtrArray) companies =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_company_free);

  g_return_val_if_fail (CAS_IS_COMPANY_SERVICE (self), NULL);

  /* The centres are public knowledge: any account may list them */
  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT id, name, enterprise_number, is_exam_centre, street, "
                               "postcode, city "
                               "FROM company WHERE is_exam_centre >= ##centre::gint "
                               "ORDER BY name, id",
                               "centre", exam_centres_only ? 1 : 0, NULL);
  if (model == NULL)
    return NULL;

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasCompany *company = cas_company_new ();

      company->id = _cas_model_get_int64 (model, 0, row);
      company->name = _cas_model_dup_string (model, 1, row);
      company->enterprise_number = _cas_model_dup_string (model, 2, row);
      company->is_exam_centre = _cas_model_get_int64 (model, 3, row) != 0;
      company->street = _cas_model_dup_string (model, 4, row);
      company->postcode = _cas_model_dup_string (model, 5, row);
      company->city = _cas_model_dup_string (model, 6, row);
      g_ptr_array_add (companies, company);
    }

  return g_steal_pointer (&companies);
}
