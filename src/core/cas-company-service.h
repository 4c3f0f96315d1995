/* cas-company-service.h
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
  gint64   id;
  char    *name;
  char    *enterprise_number;
  gboolean is_exam_centre;
  char    *street;
  char    *postcode;
  char    *city;
} CasCompany;

#define CAS_TYPE_COMPANY (cas_company_get_type ())
GType       cas_company_get_type (void) G_GNUC_CONST;
CasCompany *cas_company_new      (void);
CasCompany *cas_company_copy     (const CasCompany *company);
void        cas_company_free     (CasCompany       *company);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasCompany, cas_company_free)

#define CAS_TYPE_COMPANY_SERVICE (cas_company_service_get_type ())

G_DECLARE_FINAL_TYPE (CasCompanyService, cas_company_service, CAS, COMPANY_SERVICE, GObject)

CasCompanyService *cas_company_service_new    (CasDatabase        *db);
/* Validates and inserts @company (operators only); its id is set on
 * success. */
gint64             cas_company_service_create (CasCompanyService  *self,
                                               CasAccount         *actor,
                                               CasCompany         *company,
                                               GError            **error);
/* Returns: (transfer full) (element-type CasCompany): companies by name */
GPtrArray         *cas_company_service_list   (CasCompanyService  *self,
                                               CasAccount         *actor,
                                               gboolean            exam_centres_only,
                                               GError            **error);

G_END_DECLS
