/* cas-person-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-types.h"
#include "cas-validate.h"

G_BEGIN_DECLS

#define CAS_PERSON_ERROR (cas_person_error_quark ())

typedef enum
{
  CAS_PERSON_ERROR_NOT_FOUND,
  CAS_PERSON_ERROR_NRN_EXISTS,
  CAS_PERSON_ERROR_CHANGED,
  CAS_PERSON_ERROR_MERGED,
} CasPersonError;

/* A person record. Strings are NULL when empty. */
typedef struct
{
  gint64   id;
  char    *external_ref;
  char    *first_name;
  char    *last_name;
  char    *birth_date;
  char    *sex;
  char    *nrn;
  gboolean nrn_verified;
  char    *email;
  char    *email_secondary;
  char    *phone;
  char    *language;
  char    *street;
  char    *postcode;
  char    *city;
  gint64   company_id;
  char    *company_name;
  gint64   merged_into;
  int      revision;
  char    *created_at;
  char    *updated_at;
} CasPerson;

#define CAS_TYPE_PERSON (cas_person_get_type ())
GType      cas_person_get_type (void) G_GNUC_CONST;
CasPerson *cas_person_new      (void);
CasPerson *cas_person_copy     (const CasPerson *person);
void       cas_person_free     (CasPerson       *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasPerson, cas_person_free)

/* One field that failed validation */
typedef struct
{
  CasField field;
  GError  *error;
} CasFieldProblem;

void       cas_field_problem_free (CasFieldProblem *problem);

typedef enum
{
  CAS_PERSON_CHECK_DEFAULT = 0,
  /* Keep an NRN whose check digit is wrong, marked unverified */
  CAS_PERSON_CHECK_LEGACY  = 1 << 0,
  /* Dates only as YYYY-MM-DD (the CSV format) */
  CAS_PERSON_CHECK_ISO     = 1 << 1,
} CasPersonCheckFlags;

/* Validates every field of @person and normalises them in place (trimmed
 * names, ISO dates, NRN digits, E.164 phone, lower-case e-mail, sex and
 * birth date completed from the NRN, language from the postcode when
 * missing). Every problem is appended to @problems (element-type
 * CasFieldProblem) when given; returns TRUE when there was none. */
gboolean   cas_person_normalize (CasPerson           *person,
                                 CasPersonCheckFlags  flags,
                                 GPtrArray           *problems);

/* The language most people speak at a Belgian postcode, or NULL */
const char *cas_language_for_postcode (const char *postcode);

#define CAS_TYPE_PERSON_SERVICE (cas_person_service_get_type ())

G_DECLARE_FINAL_TYPE (CasPersonService, cas_person_service, CAS, PERSON_SERVICE, GObject)

GQuark            cas_person_error_quark     (void);
CasPersonService *cas_person_service_new     (CasDatabase       *db);

/* Validates, refuses an NRN that another living record holds (naming it),
 * inserts and audits. Sets person->id. */
gint64            cas_person_service_create  (CasPersonService  *self,
                                              CasAccount        *actor,
                                              CasPerson         *person,
                                              GError           **error);
/* The same, for a record created although the live duplicate check found
 * @duplicate_of likely to be the same person: the user confirmed it with
 * @reason (required), which the audit log keeps with the creation. */
gint64            cas_person_service_create_despite_duplicate
                                             (CasPersonService  *self,
                                              CasAccount        *actor,
                                              CasPerson         *person,
                                              gint64             duplicate_of,
                                              const char        *reason,
                                              GError           **error);
/* Operators see every record, an administrator the records of their
 * centres, a controller the candidates of the sessions they supervise,
 * anyone their own; others are refused (CAS_ACCESS_ERROR). */
CasPerson        *cas_person_service_get     (CasPersonService  *self,
                                              CasAccount        *actor,
                                              gint64             id,
                                              GError           **error);
/* Saves @person if nobody changed it since it was read (person->revision);
 * otherwise fails with CAS_PERSON_ERROR_CHANGED and changes nothing. */
gboolean          cas_person_service_update  (CasPersonService  *self,
                                              CasAccount        *actor,
                                              CasPerson         *person,
                                              GError           **error);
/* Persons by external reference, or "#ID" */
CasPerson        *cas_person_service_find_by_ref (CasPersonService *self,
                                                  CasAccount       *actor,
                                                  const char       *ref,
                                                  GError          **error);

/* Import and export of the CSV format: a header naming columns in any order
 * among external_ref, first_name, last_name, birth_date, nrn, email, phone,
 * street, postcode, city, language (first_name and last_name required). */
typedef enum
{
  CAS_IMPORT_DEFAULT      = 0,
  CAS_IMPORT_LEGACY       = 1 << 0,
  CAS_IMPORT_SKIP_INVALID = 1 << 1,
} CasImportFlags;

typedef struct
{
  guint64  line;
  char    *column;   /* NULL for a problem of the whole row */
  char    *message;
} CasImportProblem;

typedef struct
{
  guint64    n_rows;
  guint64    n_imported;
  guint64    n_rejected;
  guint64    n_unverified_nrn;
  guint64    n_problems;
  GPtrArray *problems;  /* the first CAS_IMPORT_MAX_PROBLEMS, element-type CasImportProblem */
} CasImportReport;

#define CAS_IMPORT_MAX_PROBLEMS 1000

void              cas_import_report_free     (CasImportReport   *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasImportReport, cas_import_report_free)

typedef void (*CasProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

/* Operators import into the whole register; an administrator's rows go to
 * their centre. All or nothing: one bad row imports nothing, and @report
 * names line, column and reason of every bad row. With
 * CAS_IMPORT_SKIP_INVALID the good rows are imported and the bad ones
 * written to @rejects (CSV, the same columns plus "reason"). @total_bytes
 * (0 if unknown) scales @progress. */
gboolean          cas_person_service_import_csv (CasPersonService  *self,
                                                 CasAccount        *actor,
                                                 GInputStream      *input,
                                                 guint64            total_bytes,
                                                 CasImportFlags     flags,
                                                 GOutputStream     *rejects,
                                                 CasProgressFunc    progress,
                                                 gpointer           progress_data,
                                                 GCancellable      *cancellable,
                                                 CasImportReport  **report,
                                                 GError           **error);
/* Writes every living (not merged) person the actor may export (operators:
 * all; an administrator: those of their centres); returns the number
 * written. */
gint64            cas_person_service_export_csv (CasPersonService  *self,
                                                 CasAccount        *actor,
                                                 GOutputStream     *output,
                                                 GCancellable      *cancellable,
                                                 GError           **error);

G_END_DECLS
