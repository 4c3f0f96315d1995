/* cas-person-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-person-service"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account.h"
#include "cas-audit-private.h"
#include "cas-csv.h"
#include "cas-database-private.h"
#include "cas-duplicate-private.h"
#include "cas-person-service-private.h"
#include "cas-util.h"

struct _CasPersonService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasPersonService, cas_person_service, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CasPerson, cas_person, cas_person_copy, cas_person_free)
G_DEFINE_QUARK (cas-person-error-quark, cas_person_error)

/* The columns of the CSV format, in the order export writes them */
static const CasField csv_fields[] = {
  CAS_FIELD_EXTERNAL_REF,
  CAS_FIELD_FIRST_NAME,
  CAS_FIELD_LAST_NAME,
  CAS_FIELD_BIRTH_DATE,
  CAS_FIELD_NRN,
  CAS_FIELD_EMAIL,
  CAS_FIELD_PHONE,
  CAS_FIELD_STREET,
  CAS_FIELD_POSTCODE,
  CAS_FIELD_CITY,
  CAS_FIELD_LANGUAGE,
};

#define PERSON_COLUMNS \
  "p.id, p.external_ref, p.first_name, p.last_name, p.birth_date, p.sex, p.nrn, " \
  "p.nrn_verified, p.email, p.email_secondary, p.phone, p.language, p.street, " \
  "p.postcode, p.city, p.company_id, c.name, p.merged_into, p.revision, p.created_at, " \
  "p.updated_at"

CasPerson *
cas_person_new (void)
{
  CasPerson *person = g_new0 (CasPerson, 1);

  person->nrn_verified = TRUE;

  return person;
}

CasPerson *
cas_person_copy (const CasPerson *person)
{
  CasPerson *copy = g_new0 (CasPerson, 1);

  *copy = *person;
  copy->external_ref = g_strdup (person->external_ref);
  copy->first_name = g_strdup (person->first_name);
  copy->last_name = g_strdup (person->last_name);
  copy->birth_date = g_strdup (person->birth_date);
  copy->sex = g_strdup (person->sex);
  copy->nrn = g_strdup (person->nrn);
  copy->email = g_strdup (person->email);
  copy->email_secondary = g_strdup (person->email_secondary);
  copy->phone = g_strdup (person->phone);
  copy->language = g_strdup (person->language);
  copy->street = g_strdup (person->street);
  copy->postcode = g_strdup (person->postcode);
  copy->city = g_strdup (person->city);
  copy->company_name = g_strdup (person->company_name);
  copy->created_at = g_strdup (person->created_at);
  copy->updated_at = g_strdup (person->updated_at);

  return copy;
}

static void
clear_strings (CasPerson *person)
{
  g_clear_pointer (&person->external_ref, g_free);
  g_clear_pointer (&person->first_name, g_free);
  g_clear_pointer (&person->last_name, g_free);
  g_clear_pointer (&person->birth_date, g_free);
  g_clear_pointer (&person->sex, g_free);
  g_clear_pointer (&person->nrn, g_free);
  g_clear_pointer (&person->email, g_free);
  g_clear_pointer (&person->email_secondary, g_free);
  g_clear_pointer (&person->phone, g_free);
  g_clear_pointer (&person->language, g_free);
  g_clear_pointer (&person->street, g_free);
  g_clear_pointer (&person->postcode, g_free);
  g_clear_pointer (&person->city, g_free);
  g_clear_pointer (&person->company_name, g_free);
  g_clear_pointer (&person->created_at, g_free);
  g_clear_pointer (&person->updated_at, g_free);
}

void
cas_person_free (CasPerson *person)
{
  if (person == NULL)
    return;

  clear_strings (person);
  g_free (person);
}

void
cas_field_problem_free (CasFieldProblem *problem)
{
  if (problem == NULL)
    return;

  g_clear_error (&problem->error);
  g_free (problem);
}

static void
add_problem (GPtrArray *problems,
             CasField   field,
             GError    *error)
{
  CasFieldProblem *problem;

  if (problems == NULL)
    {
      g_error_free (error);
      return;
    }

  problem = g_new0 (CasFieldProblem, 1);
  problem->field = field;
  problem->error = error;
  g_ptr_array_add (problems, problem);
}

const char *
cas_language_for_postcode (const char *postcode)
{
  gint64 code;

  if (postcode == NULL || strlen (postcode) != 4 ||
      !g_ascii_string_to_signed (postcode, 10, 1000, 9999, &code, NULL))
    return NULL;

  /* Brussels, Walloon Brabant and Wallonia speak French, the German-speaking
   * Community (Eupen, Sankt Vith: 4700-4799) German, Flanders Dutch. Brussels
   * is bilingual; French is the more frequent choice there. */
  if (code >= 4700 && code <= 4799)
    return "de";
  if (code < 1500 || (code >= 4000 && code <= 7999))
    return "fr";
  return "nl";
}

/* Replaces *field by the normalised value of a check, or records the
 * problem. */
static gboolean
take (char     **field,
      char      *normalized,
      gboolean   ok,
      CasField   which,
      GError    *error,
      GPtrArray *problems)
{
  if (!ok)
    {
      add_problem (problems, which, error);
      return FALSE;
    }

  g_free (*field);
  *field = normalized;

  return TRUE;
}

gboolean
cas_person_normalize (CasPerson           *person,
                      CasPersonCheckFlags  flags,
                      GPtrArray           *problems)
{
  gboolean iso_only = (flags & CAS_PERSON_CHECK_ISO) != 0;
  gboolean all_ok = TRUE;
  gboolean birth_ok = TRUE;
  gboolean sex_ok = TRUE;
  GError *error = NULL;
  char *value = NULL;
  gboolean ok;

  g_return_val_if_fail (person != NULL, FALSE);

#define CHECK(field_ptr, which, call) \
  G_STMT_START { \
    value = NULL; \
    error = NULL; \
    ok = (call); \
    if (!take (&(field_ptr), value, ok, which, error, problems)) \
      all_ok = FALSE; \
  } G_STMT_END

  CHECK (person->external_ref, CAS_FIELD_EXTERNAL_REF,
         cas_validate_text (CAS_FIELD_EXTERNAL_REF, person->external_ref, FALSE,
                            CAS_MAX_REF_LENGTH, &value, &error));
  CHECK (person->first_name, CAS_FIELD_FIRST_NAME,
         cas_validate_name (CAS_FIELD_FIRST_NAME, person->first_name, &value, &error));
  CHECK (person->last_name, CAS_FIELD_LAST_NAME,
         cas_validate_name (CAS_FIELD_LAST_NAME, person->last_name, &value, &error));

  if (person->birth_date != NULL && *person->birth_date != '\0')
    {
      CHECK (person->birth_date, CAS_FIELD_BIRTH_DATE,
             cas_validate_birth_date (person->birth_date, iso_only, &value, &error));
      birth_ok = ok;
    }
  else
    g_clear_pointer (&person->birth_date, g_free);

  if (person->sex != NULL && *person->sex != '\0')
    {
      CHECK (person->sex, CAS_FIELD_SEX, cas_validate_sex (person->sex, &value, &error));
      sex_ok = ok;
    }
  else
    g_clear_pointer (&person->sex, g_free);

  person->nrn_verified = TRUE;
  if (person->nrn != NULL && *person->nrn != '\0')
    {
      value = NULL;
      error = NULL;
      ok = cas_validate_nrn (person->nrn,
                             birth_ok ? person->birth_date : NULL,
                             sex_ok ? person->sex : NULL,
                             &value, &error);

      if (!ok && (flags & CAS_PERSON_CHECK_LEGACY) != 0 &&
          g_error_matches (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_CHECK_DIGIT))
        {
          /* Old data holds NRNs with typos; they still help to find the
           * duplicates, so they are kept, marked unverified. */
          g_clear_error (&error);
          ok = cas_nrn_normalize_digits (person->nrn, &value, &error);
          if (ok)
            person->nrn_verified = FALSE;
        }

      if (!take (&person->nrn, value, ok, CAS_FIELD_NRN, error, problems))
        all_ok = FALSE;
      else if (person->nrn_verified)
        {
          CasNrnInfo info;

          /* Complete what the NRN tells and the record does not */
          if (cas_nrn_parse (person->nrn, &info, NULL))
            {
              if (person->birth_date == NULL && birth_ok && info.birth_date[0] != '\0')
                person->birth_date = g_strdup (info.birth_date);
              if (person->sex == NULL && sex_ok && info.sex != 0)
                person->sex = g_strdup_printf ("%c", info.sex);
            }
        }
    }
  else
    g_clear_pointer (&person->nrn, g_free);

  CHECK (person->email, CAS_FIELD_EMAIL,
         (person->email == NULL || *person->email == '\0')
           ? TRUE : cas_validate_email (person->email, &value, &error));
  CHECK (person->email_secondary, CAS_FIELD_EMAIL,
         (person->email_secondary == NULL || *person->email_secondary == '\0')
           ? TRUE : cas_validate_email (person->email_secondary, &value, &error));
  CHECK (person->phone, CAS_FIELD_PHONE,
         (person->phone == NULL || *person->phone == '\0')
           ? TRUE : cas_validate_phone (person->phone, &value, &error));
  CHECK (person->street, CAS_FIELD_STREET,
         cas_validate_text (CAS_FIELD_STREET, person->street, FALSE, CAS_MAX_TEXT_LENGTH,
                            &value, &error));
  CHECK (person->postcode, CAS_FIELD_POSTCODE,
         (person->postcode == NULL || *person->postcode == '\0')
           ? TRUE : cas_validate_postcode (person->postcode, &value, &error));
  CHECK (person->city, CAS_FIELD_CITY,
         cas_validate_text (CAS_FIELD_CITY, person->city, FALSE, CAS_MAX_NAME_LENGTH,
                            &value, &error));

  if (person->language != NULL && *person->language != '\0')
    CHECK (person->language, CAS_FIELD_LANGUAGE,
           cas_validate_language (person->language, &value, &error));
  else
    {
      const char *language = cas_language_for_postcode (person->postcode);

      g_free (person->language);
      person->language = g_strdup (language ? language : "fr");
    }

#undef CHECK

  return all_ok;
}

/* Service */

static void
cas_person_service_finalize (GObject *object)
{
  CasPersonService *self = (CasPersonService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_person_service_parent_class)->finalize (object);
}

static void
cas_person_service_class_init (CasPersonServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_person_service_finalize;
}

static void
cas_person_service_init (CasPersonService *self)
{
}

CasPersonService *
cas_person_service_new (CasDatabase *db)
{
  CasPersonService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_PERSON_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

static CasPerson *
person_from_row (GdaDataModel *model,
                 int           row)
{
  CasPerson *person = cas_person_new ();

  person->id = _cas_model_get_int64 (model, 0, row);
  person->external_ref = _cas_model_dup_string (model, 1, row);
  person->first_name = _cas_model_dup_string (model, 2, row);
  person->last_name = _cas_model_dup_string (model, 3, row);
  person->birth_date = _cas_model_dup_string (model, 4, row);
  person->sex = _cas_model_dup_string (model, 5, row);
  person->nrn = _cas_model_dup_string (model, 6, row);
  person->nrn_verified = _cas_model_get_int64 (model, 7, row) != 0;
  person->email = _cas_model_dup_string (model, 8, row);
  person->email_secondary = _cas_model_dup_string (model, 9, row);
  person->phone = _cas_model_dup_string (model, 10, row);
  person->language = _cas_model_dup_string (model, 11, row);
  person->street = _cas_model_dup_string (model, 12, row);
  person->postcode = _cas_model_dup_string (model, 13, row);
  person->city = _cas_model_dup_string (model, 14, row);
  person->company_id = _cas_model_get_int64 (model, 15, row);
  person->company_name = _cas_model_dup_string (model, 16, row);
  person->merged_into = _cas_model_get_int64 (model, 17, row);
  person->revision = _cas_model_get_int64 (model, 18, row);
  person->created_at = _cas_model_dup_string (model, 19, row);
  person->updated_at = _cas_model_dup_string (model, 20, row);

  return person;
}

/* A person, whoever asks */
static CasPerson *
load_person (CasPersonService  *self,
             gint64             id,
             GError           **error)
{
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT " PERSON_COLUMNS " FROM person p "
                               "LEFT JOIN company c ON c.id = p.company_id "
                               "WHERE p.id = ##id::gint64",
                               "id", id, NULL);
  if (model == NULL)
    return NULL;

  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND,
                   _("There is no person #%" PRId64), id);
      return NULL;
    }

  return person_from_row (model, 0);
}

/* Whether the actor may see @person: operators every record, an
 * administrator the records of their centres, a controller the candidates
 * of the sessions they supervise, anyone their own record. */
static gboolean
may_read_person (CasPersonService  *self,
                 const CasAccess   *access,
                 const CasPerson   *person,
                 gboolean          *allowed,
                 GError           **error)
{
  gint64 supervised = 0;

  if (_cas_access_is_operator (access) || _cas_access_administers (access, person->company_id) ||
      (access->person_id > 0 && access->person_id == person->id))
    {
      *allowed = TRUE;
      return TRUE;
    }

  if (!_cas_database_query_int64 (self->db, &supervised, NULL, error,
                                  "SELECT COUNT(*) FROM registration r JOIN session_staff t "
                                  "ON t.session_id = r.session_id WHERE r.person_id = ##p::gint64 "
                                  "AND t.person_id = ##me::gint64 AND t.role = 'controller'",
                                  "p", person->id, "me", access->person_id, NULL))
    return FALSE;

  *allowed = supervised > 0;

  return TRUE;
}

static CasPerson *
checked_person (CasPersonService  *self,
                const CasAccess   *access,
                CasPerson         *person,
                GError           **error)
{
  g_autoptr(CasPerson) owned = person;
  gboolean allowed = FALSE;

  if (owned == NULL || !may_read_person (self, access, owned, &allowed, error))
    return NULL;

  if (!allowed)
    {
      _cas_access_deny (self->db, access, "person.read", "person", owned->id, error,
                        _("see the record of %s %s, which another exam centre holds"),
                        owned->first_name, owned->last_name);
      return NULL;
    }

  return g_steal_pointer (&owned);
}

/**
 * cas_person_service_get:
 *
 * Returns: (transfer full): the person, or %NULL with @error set
 */
CasPerson *
cas_person_service_get (CasPersonService  *self,
                        CasAccount        *actor,
                        gint64             id,
                        GError           **error)
{
  g_auto(CasAccess) access = { 0, };

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  return checked_person (self, &access, load_person (self, id, error), error);
}

static CasPerson *
load_person_by_ref (CasPersonService  *self,
                    const char        *ref,
                    GError           **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;
  gint64 id;

  if (ref != NULL && ref[0] == '#' &&
      g_ascii_string_to_signed (ref + 1, 10, 1, G_MAXINT64, &id, NULL))
    return load_person (self, id, error);

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT " PERSON_COLUMNS " FROM person p "
                               "LEFT JOIN company c ON c.id = p.company_id "
                               "WHERE p.external_ref = ##ref::string ORDER BY p.id",
                               "ref", ref ? ref : "", NULL);
  if (model == NULL)
    return NULL;

  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND,
                   _("There is no person with the reference “%s”"), ref ? ref : "");
      return NULL;
    }

  return person_from_row (model, 0);
}

CasPerson *
cas_person_service_find_by_ref (CasPersonService  *self,
                                CasAccount        *actor,
                                const char        *ref,
                                GError           **error)
{
  g_auto(CasAccess) access = { 0, };

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  return checked_person (self, &access, load_person_by_ref (self, ref, error), error);
}

static gboolean
first_problem_to_error (GPtrArray  *problems,
                        GError    **error)
{
  CasFieldProblem *problem;

  if (problems->len == 0)
    return TRUE;

  problem = g_ptr_array_index (problems, 0);
  g_propagate_error (error, g_steal_pointer (&problem->error));

  return FALSE;
}

/* The NRN identifies one living person: a second record with it is refused,
 * naming the first, so that staff open it instead. Of a record the actor
 * may not see (another centre's), the message gives the minimal identity
 * the warning needs: the name, the year of birth and the centre holding it. */
static gboolean
check_nrn_free (CasPersonService  *self,
                const CasAccess   *access,
                const char        *nrn,
                gint64             except_id,
                GError           **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *born = NULL;
  g_autofree char *centre = NULL;
  gint64 id;
  gboolean visible;

  if (nrn == NULL)
    return TRUE;

  /* On PostgreSQL an administrator's role sees the records of their own
   * centre only: a function of the schema looks at every record for them */
  model = _cas_database_query (self->db, error,
                               cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL
                               ? "SELECT id, first_name, last_name, birth_date, centre, "
                                 "CASE WHEN visible THEN 1 ELSE 0 END, company_id "
                                 "FROM cas_person_by_nrn (##nrn::string, ##except::gint64)"
                               : "SELECT p.id, p.first_name, p.last_name, p.birth_date, c.name, "
                                 "0, p.company_id FROM person p "
                                 "LEFT JOIN company c ON c.id = p.company_id "
                                 "WHERE p.nrn = ##nrn::string AND p.merged_into IS NULL "
                                 "AND p.id <> ##except::gint64 ORDER BY p.id LIMIT 1",
                               "nrn", nrn, "except", except_id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    return TRUE;

  formatted = cas_nrn_format (nrn);
  id = _cas_model_get_int64 (model, 0, 0);
  first = _cas_model_dup_string (model, 1, 0);
  last = _cas_model_dup_string (model, 2, 0);
  born = _cas_model_dup_string (model, 3, 0);
  centre = _cas_model_dup_string (model, 4, 0);
  /* The core's scope, and on PostgreSQL the server's too (the same when
   * the desk is connected as the account, all-seeing as the owner) */
  if (cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL)
    visible = _cas_model_get_int64 (model, 5, 0) != 0 &&
              (_cas_access_is_operator (access) ||
               _cas_access_administers (access, _cas_model_get_int64 (model, 6, 0)));
  else
    visible = _cas_access_is_operator (access) ||
              _cas_access_administers (access, _cas_model_get_int64 (model, 6, 0));

  if (visible)
    g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NRN_EXISTS,
                 _("NRN: %s already belongs to %s %s (#%" PRId64 ", born %s). "
                   "Open that record instead of creating a second one."),
                 formatted, first, last, id, born ? born : _("unknown"));
  else
    {
      g_autofree char *year = born ? g_strndup (born, 4) : g_strdup (_("unknown"));

      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NRN_EXISTS,
                   /* Translators: e.g. "NRN: 85.07.30-033.28 already belongs to Jan Peeters
                    * (born 1985), a record held by Assurcentre Gent (#12). ..." */
                   _("NRN: %s already belongs to %s %s (born %s), a record held by %s (#%"
                     PRId64 "). Ask a Certassur operator instead of creating a second "
                     "record."),
                   formatted, first, last, year,
                   centre ? centre : _("no exam centre"), id);
    }

  return FALSE;
}

/* The keys the live duplicate check finds the person by */
static gboolean
write_match_keys (CasPersonService  *self,
                  gint64             id,
                  const CasPerson   *person,
                  GError           **error)
{
  const CasDuplicateFields fields = {
    .first_name = person->first_name,
    .last_name = person->last_name,
    .email = person->email,
    .email_secondary = person->email_secondary,
    .phone = person->phone,
  };

  return _cas_duplicate_write_keys (self->db, id, &fields, error);
}

static gint64 create_person (CasPersonService  *self,
                             CasAccount        *actor,
                             CasPerson         *person,
                             gint64             duplicate_of,
                             const char        *reason,
                             GError           **error);

gint64
cas_person_service_create (CasPersonService  *self,
                           CasAccount        *actor,
                           CasPerson         *person,
                           GError           **error)
{
  return create_person (self, actor, person, 0, NULL, error);
}

gint64
cas_person_service_create_despite_duplicate (CasPersonService  *self,
                                             CasAccount        *actor,
                                             CasPerson         *person,
                                             gint64             duplicate_of,
                                             const char        *reason,
                                             GError           **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (duplicate_of > 0, 0);

  if (!cas_validate_text (CAS_FIELD_REASON, reason, TRUE, CAS_MAX_TEXT_LENGTH, &normalized,
                          error))
    return 0;

  return create_person (self, actor, person, duplicate_of, normalized, error);
}

static gint64
create_person (CasPersonService  *self,
               CasAccount        *actor,
               CasPerson         *person,
               gint64             duplicate_of,
               const char        *reason,
               GError           **error)
{
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_field_problem_free);
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_auto(CasAccess) access = { 0, };
  gint64 id;

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), 0);
  g_return_val_if_fail (person != NULL, 0);

  if (!_cas_access_init (&access, self->db, actor, error))
    return 0;

  /* An administrator's new records belong to their centre */
  if (!_cas_access_is_operator (&access))
    {
      if (person->company_id <= 0)
        person->company_id = _cas_access_first_centre (&access);
      if (!_cas_access_administers (&access, person->company_id))
        return _cas_access_deny (self->db, &access, "person.create", "company",
                                 person->company_id, error,
                                 _("create person records (administrators create the records of "
                                   "their own centre)")),
               0;
    }

  if (!cas_person_normalize (person, CAS_PERSON_CHECK_DEFAULT, problems))
    return first_problem_to_error (problems, error), 0;

  if (!_cas_database_begin (self->db, error))
    return 0;

  if (!check_nrn_free (self, &access, person->nrn, 0, error))
    goto failed;

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO person (external_ref, first_name, last_name, birth_date, "
                           "sex, nrn, nrn_verified, email, email_secondary, phone, language, "
                           "street, postcode, city, company_id, created_at, updated_at) VALUES ("
                           "##ref::string::null, ##first::string, ##last::string, "
                           "##birth::string::null, ##sex::string::null, ##nrn::string::null, "
                           "##verified::gint, ##email::string::null, ##email2::string::null, "
                           "##phone::string::null, ##language::string, ##street::string::null, "
                           "##postcode::string::null, ##city::string::null, "
                           "##company::gint64::null, ##now::string, ##now::string)",
                           "ref", person->external_ref,
                           "first", person->first_name,
                           "last", person->last_name,
                           "birth", person->birth_date,
                           "sex", person->sex,
                           "nrn", person->nrn,
                           "verified", person->nrn_verified ? 1 : 0,
                           "email", person->email,
                           "email2", person->email_secondary,
                           "phone", person->phone,
                           "language", person->language,
                           "street", person->street,
                           "postcode", person->postcode,
                           "city", person->city,
                           "company", person->company_id,
                           "now", now,
                           NULL))
    goto failed;

  id = _cas_database_last_insert_id (self->db, error);
  if (duplicate_of > 0)
    {
      g_autofree char *other = g_strdup_printf ("%" G_GINT64_FORMAT, duplicate_of);

      details = cas_json_object ("first_name", person->first_name,
                                 "last_name", person->last_name,
                                 "despite_duplicate_of", other,
                                 "reason", reason, NULL);
    }
  else
    {
      details = cas_json_object ("first_name", person->first_name,
                                 "last_name", person->last_name, NULL);
    }
  if (id == 0 ||
      !write_match_keys (self, id, person, error) ||
      !_cas_audit_record (self->db, actor, "person.create", "person", id, details, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  person->id = id;
  person->revision = 1;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

static void
add_change (JsonBuilder *builder,
            const char  *name,
            const char  *before,
            const char  *after)
{
  if (g_strcmp0 (before, after) == 0)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "old");
  before ? json_builder_add_string_value (builder, before) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "new");
  after ? json_builder_add_string_value (builder, after) : json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

gboolean
cas_person_service_update (CasPersonService  *self,
                           CasAccount        *actor,
                           CasPerson         *person,
                           GError           **error)
{
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_field_problem_free);
  g_autoptr(CasPerson) before = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_auto(CasAccess) access = { 0, };
  gint changed = 0;

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), FALSE);
  g_return_val_if_fail (person != NULL && person->id > 0, FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  /* A record read with an unverified NRN (old data, kept with its typo)
   * may be saved with it: checked against the stored one below */
  if (!cas_person_normalize (person,
                             person->nrn_verified ? CAS_PERSON_CHECK_DEFAULT
                                                  : CAS_PERSON_CHECK_LEGACY,
                             problems))
    return first_problem_to_error (problems, error);

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  before = load_person (self, person->id, error);
  if (before == NULL)
    goto failed;

  if (!person->nrn_verified &&
      (before->nrn_verified || g_strcmp0 (before->nrn, person->nrn) != 0))
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_CHECK_DIGIT,
                   _("%s: %s has a wrong check digit. Only a number brought over from old "
                     "data may keep one; correct it from the identity card."),
                   cas_field_get_label (CAS_FIELD_NRN), person->nrn);
      goto failed;
    }

  /* An administrator changes the records of their centre, and keeps them
   * there */
  if (!_cas_access_is_operator (&access) &&
      (!_cas_access_administers (&access, before->company_id) ||
       !_cas_access_administers (&access, person->company_id)))
    {
      _cas_access_deny (self->db, &access, "person.update", "person", person->id, error,
                        _("change the record of %s %s (administrators change the records of "
                          "their own centre)"), before->first_name, before->last_name);
      goto failed;
    }

  if (before->merged_into > 0)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_MERGED,
                   _("This record was merged into #%" PRId64 "; edit that record instead"),
                   before->merged_into);
      goto failed;
    }

  if (before->revision != person->revision)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED,
                   _("%s %s was changed by someone else since you opened it. Nothing was "
                     "saved: reopen the record and make your changes again."),
                   before->first_name, before->last_name);
      goto failed;
    }

  if (g_strcmp0 (before->nrn, person->nrn) != 0 &&
      !check_nrn_free (self, &access, person->nrn, person->id, error))
    goto failed;

  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE person SET external_ref = ##ref::string::null, "
                           "first_name = ##first::string, last_name = ##last::string, "
                           "birth_date = ##birth::string::null, sex = ##sex::string::null, "
                           "nrn = ##nrn::string::null, nrn_verified = ##verified::gint, "
                           "email = ##email::string::null, "
                           "email_secondary = ##email2::string::null, "
                           "phone = ##phone::string::null, language = ##language::string, "
                           "street = ##street::string::null, postcode = ##postcode::string::null, "
                           "city = ##city::string::null, company_id = ##company::gint64::null, "
                           "updated_at = ##now::string, revision = revision + 1 "
                           "WHERE id = ##id::gint64 AND revision = ##revision::gint",
                           "ref", person->external_ref,
                           "first", person->first_name,
                           "last", person->last_name,
                           "birth", person->birth_date,
                           "sex", person->sex,
                           "nrn", person->nrn,
                           "verified", person->nrn_verified ? 1 : 0,
                           "email", person->email,
                           "email2", person->email_secondary,
                           "phone", person->phone,
                           "language", person->language,
                           "street", person->street,
                           "postcode", person->postcode,
                           "city", person->city,
                           "company", person->company_id,
                           "now", now,
                           "id", person->id,
                           "revision", person->revision,
                           NULL))
    goto failed;

  if (changed != 1)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED,
                   _("%s %s was changed by someone else since you opened it. Nothing was "
                     "saved: reopen the record and make your changes again."),
                   before->first_name, before->last_name);
      goto failed;
    }

  if (!write_match_keys (self, person->id, person, error))
    goto failed;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_change (builder, "external_ref", before->external_ref, person->external_ref);
  add_change (builder, "first_name", before->first_name, person->first_name);
  add_change (builder, "last_name", before->last_name, person->last_name);
  add_change (builder, "birth_date", before->birth_date, person->birth_date);
  add_change (builder, "sex", before->sex, person->sex);
  add_change (builder, "nrn", before->nrn, person->nrn);
  add_change (builder, "email", before->email, person->email);
  add_change (builder, "email_secondary", before->email_secondary, person->email_secondary);
  add_change (builder, "phone", before->phone, person->phone);
  add_change (builder, "language", before->language, person->language);
  add_change (builder, "street", before->street, person->street);
  add_change (builder, "postcode", before->postcode, person->postcode);
  add_change (builder, "city", before->city, person->city);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  details = json_generator_to_data (generator, NULL);

  if (!_cas_audit_record (self->db, actor, "person.update", "person", person->id, details, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return FALSE;

  person->revision++;

  return TRUE;

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* Import */

static void
import_problem_free (CasImportProblem *problem)
{
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
cas_import_report_free (CasImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static void
report_problem (CasImportReport *report,
                guint64          line,
                const char      *column,
                const char      *message)
{
  CasImportProblem *problem;

  report->n_problems++;
  if (report->problems->len >= CAS_IMPORT_MAX_PROBLEMS)
    return;

  problem = g_new0 (CasImportProblem, 1);
  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = g_strdup (message);
  g_ptr_array_add (report->problems, problem);
}

char **
_cas_person_field_slot (CasPerson *person,
                        CasField   field)
{
  switch (field)
    {
    case CAS_FIELD_EXTERNAL_REF: return &person->external_ref;
    case CAS_FIELD_FIRST_NAME:   return &person->first_name;
    case CAS_FIELD_LAST_NAME:    return &person->last_name;
    case CAS_FIELD_BIRTH_DATE:   return &person->birth_date;
    case CAS_FIELD_NRN:          return &person->nrn;
    case CAS_FIELD_EMAIL:        return &person->email;
    case CAS_FIELD_PHONE:        return &person->phone;
    case CAS_FIELD_STREET:       return &person->street;
    case CAS_FIELD_POSTCODE:     return &person->postcode;
    case CAS_FIELD_CITY:         return &person->city;
    case CAS_FIELD_LANGUAGE:     return &person->language;
    default:                     g_assert_not_reached ();
    }
}

/* Maps header positions to fields */
gboolean
_cas_person_parse_csv_header (guint               n_fields,
                              const char * const *fields,
                              CasField           *columns,
                              GError            **error)
{
  gboolean seen[CAS_N_FIELDS] = { FALSE, };
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (csv_fields); i++)
    g_string_append_printf (expected, "%s%s", i ? ", " : "", cas_field_get_key (csv_fields[i]));

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (fields[i], -1));
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (csv_fields); j++)
        if (g_strcmp0 (name, cas_field_get_key (csv_fields[j])) == 0)
          {
            if (seen[csv_fields[j]])
              {
                g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                             _("Line 1 (header): the column “%s” appears twice"), name);
                return FALSE;
              }
            seen[csv_fields[j]] = TRUE;
            columns[i] = csv_fields[j];
            known = TRUE;
          }

      if (!known)
        {
          g_autofree char *shown = g_utf8_make_valid (fields[i], MIN (strlen (fields[i]), 40));
          g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                       _("Line 1 (header): unknown column “%s”; the columns are %s"),
                       shown, expected->str);
          return FALSE;
        }
    }

  if (!seen[CAS_FIELD_FIRST_NAME] || !seen[CAS_FIELD_LAST_NAME])
    {
      g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                   _("Line 1 (header): the columns first_name and last_name are required; "
                     "the columns are %s"),
                   expected->str);
      return FALSE;
    }

  return TRUE;
}

static gboolean
flush_rejects (GString        *buffer,
               GOutputStream  *rejects,
               GCancellable   *cancellable,
               GError        **error)
{
  if (rejects == NULL || buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (rejects, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buffer, 0);

  return TRUE;
}

/* The id first: the import chooses the ids, so that it can write the
 * persons' lookup keys with them. Without ids (import_columns + 1) when it
 * may not (below). */
static const char * const import_columns[] = {
  "id", "external_ref", "first_name", "last_name", "birth_date", "sex", "nrn", "nrn_verified",
  "email", "phone", "language", "street", "postcode", "city", "created_at", "updated_at",
  "company_id",
};

static const CasBulkType import_types[] = {
  CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_INT,
};

G_STATIC_ASSERT (G_N_ELEMENTS (import_columns) == G_N_ELEMENTS (import_types));

/* An import runs on two threads: a reader thread parses the file, checks
 * every row, computes the lookup keys of the duplicate check and encodes
 * the good rows into batches, while the calling thread, which owns the
 * transaction, writes the batches. On a two-core desk the checking then
 * costs almost nothing next to the insertion.
 *
 * The persons' ids are chosen by the writer and handed to the reader with
 * each empty batch: on SQLite the next ones after the largest (the
 * transaction holds the database's write lock), on PostgreSQL taken from
 * the table's sequence (other desks may insert meanwhile). The keys then
 * go into person_match_key in the same transaction, and the first check
 * after the import has nothing to catch up. An administrator's own role on
 * PostgreSQL may not choose ids: their import writes the persons alone, and
 * the keys wait for an operator's next check, as they did before. */

/* Batches in flight between the two threads: enough that neither waits for
 * the other, few enough to bound memory */
#define IMPORT_BATCHES_IN_FLIGHT 3

typedef struct
{
  CasBulkBatch *persons;
  CasBulkBatch *keys;        /* NULL without ids */
  gint64       *ids;         /* CAS_BULK_BATCH_ROWS ids for the persons, or NULL */
} ImportBatch;

static ImportBatch *
import_batch_new (gboolean with_ids)
{
  ImportBatch *batch = g_new0 (ImportBatch, 1);

  batch->persons = with_ids ? _cas_bulk_batch_new (import_types, G_N_ELEMENTS (import_types))
                            : _cas_bulk_batch_new (import_types + 1,
                                                   G_N_ELEMENTS (import_types) - 1);
  if (with_ids)
    {
      batch->keys = _cas_duplicate_keys_batch_new ();
      batch->ids = g_new0 (gint64, CAS_BULK_BATCH_ROWS);
    }

  return batch;
}

static void
import_batch_free (ImportBatch *batch)
{
  _cas_bulk_batch_free (batch->persons);
  _cas_bulk_batch_free (batch->keys);
  g_free (batch->ids);
  g_free (batch);
}

/* Pushed after the last batch */
static char done_marker;
#define DONE ((ImportBatch *) (gpointer) &done_marker)

/* Where the ids come from: see above */
typedef struct
{
  CasDatabase *db;
  gboolean     sequence;     /* PostgreSQL */
  gint64       next;         /* SQLite */
  gint64       first;        /* the smallest and largest id written */
  gint64       last;
} ImportIds;

static gboolean
import_ids_init (ImportIds    *ids,
                 CasDatabase  *db,
                 GError      **error)
{
  ids->db = db;
  ids->sequence = cas_database_get_dialect (db) == CAS_DIALECT_POSTGRESQL;
  ids->first = ids->last = 0;
  if (ids->sequence)
    return TRUE;

  if (!_cas_database_query_int64 (db, &ids->next, NULL, error,
                                  "SELECT COALESCE (MAX (id), 0) FROM person", NULL))
    return FALSE;
  ids->next++;

  return TRUE;
}

/* Fills @batch's ids */
static gboolean
import_ids_take (ImportIds    *ids,
                 ImportBatch  *batch,
                 GError      **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  const char *text;
  char *end;

  if (!ids->sequence)
    {
      for (guint i = 0; i < CAS_BULK_BATCH_ROWS; i++)
        batch->ids[i] = ids->next++;
      return TRUE;
    }

  /* One value for the whole batch: libgda's cost is per value */
  model = _cas_database_query (ids->db, error,
                               "SELECT string_agg (CAST (nextval (pg_get_serial_sequence "
                               "('person', 'id')) AS TEXT), ',') FROM generate_series (1, "
                               G_STRINGIFY (CAS_BULK_BATCH_ROWS) ")",
                               NULL);
  if (model == NULL)
    return FALSE;
  text = _cas_model_is_null (model, 0, 0) ? "" : g_value_get_string (
    gda_data_model_get_value_at (model, 0, 0, NULL));
  for (guint i = 0; i < CAS_BULK_BATCH_ROWS; i++)
    {
      batch->ids[i] = g_ascii_strtoll (text, &end, 10);
      if (end == text || batch->ids[i] <= 0 || (*end != ',' && *end != '\0'))
        {
          g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                       "Internal error: no ids for the imported persons");
          return FALSE;
        }
      text = *end == ',' ? end + 1 : end;
    }

  return TRUE;
}

/* Notes the ids of @batch's persons, about to be written */
static void
import_ids_used (ImportIds   *ids,
                 ImportBatch *batch)
{
  guint n = _cas_bulk_batch_get_n_rows (batch->persons);

  for (guint i = 0; i < n; i++)
    {
      if (ids->first == 0 || batch->ids[i] < ids->first)
        ids->first = batch->ids[i];
      ids->last = MAX (ids->last, batch->ids[i]);
    }
}

typedef struct
{
  CasCsvReader        *reader;
  CasField            *columns;
  guint                n_columns;
  CasPersonCheckFlags  check_flags;
  gboolean             skip_invalid;
  GOutputStream       *rejects;
  GString             *reject_buffer;
  GCancellable        *cancellable;
  const char          *now;
  const char          *company;     /* the centre that holds the records, or NULL */

  CasImportReport     *report;
  GError              *error;       /* a problem that stops the import */
  gboolean             bad_rows;    /* a row failed, without --skip-invalid */

  gboolean             with_ids;    /* ids and keys: see above */
  GAsyncQueue         *full;        /* batches to write, then &done_marker */
  GAsyncQueue         *empty;       /* batches to fill (with their ids) */
  gint                 stop;        /* set by the writer when it failed */
  guint64              position;    /* bytes read, for progress */
} ImportJob;

static void
check_row (ImportJob           *job,
           guint64              line,
           guint                n_fields,
           const char * const  *fields,
           CasPerson           *person,
           GPtrArray           *problems,
           GString             *reason)
{
  CasImportReport *report = job->report;

  g_ptr_array_set_size (problems, 0);
  g_string_truncate (reason, 0);

  if (n_fields != job->n_columns)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "the row has %u field, the header has %u",
                                      "the row has %u fields, the header has %u",
                                      n_fields),
                         n_fields, job->n_columns);
      report_problem (report, line, NULL, message);
      g_string_append (reason, message);
      return;
    }

  for (guint i = 0; i < job->n_columns; i++)
    *_cas_person_field_slot (person, job->columns[i]) =
      fields[i][0] ? g_strdup (fields[i]) : NULL;

  if (!cas_person_normalize (person, job->check_flags, problems))
    for (guint i = 0; i < problems->len; i++)
      {
        CasFieldProblem *problem = g_ptr_array_index (problems, i);

        report_problem (report, line, cas_field_get_key (problem->field), problem->error->message);
        g_string_append_printf (reason, "%s%s", reason->len ? "; " : "", problem->error->message);
      }
}

/* Adds the checked row in @person, and its lookup keys, to @batch */
static gboolean
add_row (ImportJob   *job,
         ImportBatch *batch,
         CasPerson   *person)
{
  gint64 id = batch->ids ? batch->ids[_cas_bulk_batch_get_n_rows (batch->persons)] : 0;
  char id_text[24];
  const char *values[G_N_ELEMENTS (import_columns)] = {
    id_text, person->external_ref, person->first_name, person->last_name, person->birth_date,
    person->sex, person->nrn, person->nrn_verified ? "1" : "0", person->email,
    person->phone, person->language, person->street, person->postcode, person->city,
    job->now, job->now, job->company,
  };

  if (!person->nrn_verified)
    job->report->n_unverified_nrn++;

  g_snprintf (id_text, sizeof id_text, "%" PRId64, id);
  if (!_cas_bulk_batch_add (batch->persons, batch->ids ? values : values + 1, &job->error))
    return FALSE;

  /* What write_match_keys () writes for a person created alone; the import
   * stores no second e-mail */
  if (batch->keys != NULL)
    {
      const CasDuplicateFields fields = {
        .first_name = person->first_name,
        .last_name = person->last_name,
        .email = person->email,
        .phone = person->phone,
      };

      if (!_cas_duplicate_add_keys (batch->keys, id, &fields, &job->error))
        return FALSE;
    }

  job->report->n_imported++;

  return TRUE;
}

static gpointer
import_reader_thread (gpointer data)
{
  ImportJob *job = data;
  CasImportReport *report = job->report;
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_field_problem_free);
  g_autoptr(GString) reason = g_string_new (NULL);
  ImportBatch *batch = g_async_queue_pop (job->empty);
  CasPerson person = { 0, };

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      const char * const *fields = NULL;
      guint n_fields = 0;
      guint64 line;

      if (g_atomic_int_get (&job->stop))
        break;

      if (!cas_csv_reader_next (job->reader, &n_fields, &fields, &row_error))
        {
          /* A broken file (encoding, quotes) cannot be read further */
          if (row_error != NULL)
            job->error = g_steal_pointer (&row_error);
          break;
        }

      line = cas_csv_reader_get_line (job->reader);

      /* A blank line is no record */
      if (n_fields == 1 && fields[0][0] == '\0' && job->n_columns > 1)
        continue;

      report->n_rows++;

      if ((report->n_rows & 0xfff) == 0)
        {
          g_atomic_pointer_set (&job->position, cas_csv_reader_get_position (job->reader));
          if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error) ||
              !flush_rejects (job->reject_buffer, job->rejects, job->cancellable, &job->error))
            break;
        }

      check_row (job, line, n_fields, fields, &person, problems, reason);

      if (reason->len > 0)
        {
          report->n_rejected++;
          if (!job->skip_invalid)
            job->bad_rows = TRUE;
          else
            {
              g_autoptr(GPtrArray) record = g_ptr_array_new ();

              for (guint i = 0; i < n_fields; i++)
                g_ptr_array_add (record, (gpointer) fields[i]);
              g_ptr_array_add (record, reason->str);
              cas_csv_append_record (job->reject_buffer, (const char * const *) record->pdata,
                                     record->len);
            }
        }
      else if (!job->bad_rows && !add_row (job, batch, &person))
        {
          clear_strings (&person);
          break;
        }
      else if (!job->bad_rows && _cas_bulk_batch_is_full (batch->persons))
        {
          g_async_queue_push (job->full, batch);
          batch = g_async_queue_pop (job->empty);
        }

      clear_strings (&person);
    }

  if (job->error == NULL && !g_atomic_int_get (&job->stop))
    flush_rejects (job->reject_buffer, job->rejects, job->cancellable, &job->error);

  if (job->error == NULL && !job->bad_rows && _cas_bulk_batch_get_n_rows (batch->persons) > 0)
    g_async_queue_push (job->full, batch);
  else
    g_async_queue_push (job->empty, batch);
  g_atomic_pointer_set (&job->position, cas_csv_reader_get_position (job->reader));
  g_async_queue_push (job->full, DONE);

  return NULL;
}

gboolean
cas_person_service_import_csv (CasPersonService  *self,
                               CasAccount        *actor,
                               GInputStream      *input,
                               guint64            total_bytes,
                               CasImportFlags     flags,
                               GOutputStream     *rejects,
                               CasProgressFunc    progress,
                               gpointer           progress_data,
                               GCancellable      *cancellable,
                               CasImportReport  **out_report,
                               GError           **error)
{
  g_autoptr(CasCsvReader) reader = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(CasBulkInsert) bulk = NULL;
  g_autoptr(CasBulkInsert) keys_bulk = NULL;
  g_autoptr(GString) reject_buffer = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autofree CasField *columns = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_autofree char *n_text = NULL;
  const char * const *fields = NULL;
  gboolean skip_invalid = (flags & CAS_IMPORT_SKIP_INVALID) != 0;
  guint n_columns = 0;
  ImportJob job = { 0, };
  ImportIds ids = { 0, };
  ImportBatch *batch;
  GThread *thread;
  g_auto(CasAccess) access = { 0, };
  g_autofree char *company = NULL;

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);
  g_return_val_if_fail (!skip_invalid || G_IS_OUTPUT_STREAM (rejects), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  /* Operators bring the register over; an administrator imports the
   * candidates of their centre, which then holds the records */
  if (!_cas_access_is_operator (&access))
    {
      if (_cas_access_first_centre (&access) == 0)
        return _cas_access_deny (self->db, &access, "person.import", NULL, 0, error,
                                 _("import persons (operators and the administrators of an exam "
                                   "centre do)"));
      company = g_strdup_printf ("%" PRId64, _cas_access_first_centre (&access));
    }

  report = g_new0 (CasImportReport, 1);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) import_problem_free);
  reject_buffer = g_string_new (NULL);

  reader = cas_csv_reader_new (input);

  if (!cas_csv_reader_next (reader, &n_columns, &fields, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                     _("The file is empty: expected a header line naming the columns"));
      goto out;
    }

  columns = g_new0 (CasField, n_columns);
  if (!_cas_person_parse_csv_header (n_columns, fields, columns, error))
    goto out;

  if (rejects != NULL)
    {
      g_autoptr(GPtrArray) header = g_ptr_array_new ();

      for (guint i = 0; i < n_columns; i++)
        g_ptr_array_add (header, (gpointer) cas_field_get_key (columns[i]));
      g_ptr_array_add (header, (gpointer) "reason");
      cas_csv_append_record (reject_buffer, (const char * const *) header->pdata, header->len);
    }

  if (!_cas_database_begin (self->db, error))
    goto out;

  /* See above: an administrator's own role on PostgreSQL leaves the ids to
   * the table */
  job.with_ids = _cas_database_get_account_login (self->db) == NULL ||
                 _cas_access_is_operator (&access);
  if (job.with_ids)
    {
      bulk = _cas_bulk_insert_new (self->db, "person", import_columns, import_types,
                                   G_N_ELEMENTS (import_columns));
      /* SQLite's search index numbers persons in the order of their names
       * (schema 14) and takes them far faster in that order: each statement
       * writes its rows by last name, then first name (their ids are set) */
      if (cas_database_get_dialect (self->db) == CAS_DIALECT_SQLITE)
        _cas_bulk_insert_set_order (bulk, (const guint[]) { 3, 2 }, 2);
      keys_bulk = _cas_duplicate_keys_bulk_new (self->db);
      if (!import_ids_init (&ids, self->db, error))
        goto rollback;
    }
  else
    bulk = _cas_bulk_insert_new (self->db, "person", import_columns + 1, import_types + 1,
                                 G_N_ELEMENTS (import_columns) - 1);

  job.reader = reader;
  job.columns = columns;
  job.n_columns = n_columns;
  job.check_flags = CAS_PERSON_CHECK_ISO;
  if (flags & CAS_IMPORT_LEGACY)
    job.check_flags |= CAS_PERSON_CHECK_LEGACY;
  job.skip_invalid = skip_invalid;
  job.rejects = rejects;
  job.reject_buffer = reject_buffer;
  job.cancellable = cancellable;
  job.now = now;
  job.company = company;
  job.report = report;
  job.full = g_async_queue_new ();
  job.empty = g_async_queue_new_full ((GDestroyNotify) import_batch_free);
  for (guint i = 0; i < IMPORT_BATCHES_IN_FLIGHT; i++)
    {
      batch = import_batch_new (job.with_ids);
      g_async_queue_push (job.empty, batch);
      if (job.with_ids && !import_ids_take (&ids, batch, error))
        {
          g_async_queue_unref (job.full);
          g_async_queue_unref (job.empty);
          goto rollback;
        }
    }

  thread = g_thread_new ("cas-import-reader", import_reader_thread, &job);

  while ((batch = g_async_queue_pop (job.full)) != DONE)
    {
      if (job.with_ids)
        import_ids_used (&ids, batch);
      if (write_error == NULL &&
          (!_cas_bulk_insert_write_batch (bulk, batch->persons, &write_error) ||
           (batch->keys != NULL &&
            !_cas_bulk_insert_write_batch (keys_bulk, batch->keys, &write_error)) ||
           (job.with_ids && !import_ids_take (&ids, batch, &write_error))))
        g_atomic_int_set (&job.stop, TRUE);
      g_async_queue_push (job.empty, batch);

      if (progress != NULL && write_error == NULL)
        progress (MIN ((guint64) g_atomic_pointer_get (&job.position), total_bytes), total_bytes,
                  progress_data);
    }

  g_thread_join (thread);
  g_async_queue_unref (job.full);
  g_async_queue_unref (job.empty);

  if (write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      g_clear_error (&job.error);
      goto rollback;
    }

  if (job.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job.error));
      goto rollback;
    }

  if (job.bad_rows)
    {
      g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%" PRIu64 " row has errors; nothing was imported",
                                "%" PRIu64 " rows have errors; nothing was imported",
                                report->n_rejected),
                   report->n_rejected);
      goto rollback;
    }

  if (job.with_ids && !_cas_duplicate_keys_imported (self->db, ids.first, ids.last, error))
    goto rollback;

  n_text = g_strdup_printf ("%" PRIu64, report->n_imported);
  details = cas_json_object ("imported", n_text, NULL);
  if (!_cas_audit_record (self->db, actor, "person.import", "person", 0, details, error))
    goto rollback;

  if (!_cas_database_commit (self->db, error))
    {
      report->n_imported = 0;
      goto out;
    }

  if (progress != NULL)
    progress (total_bytes, total_bytes, progress_data);

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);

  return TRUE;

rollback:
  report->n_imported = 0;
  _cas_database_rollback (self->db);

out:
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);

  return FALSE;
}

gint64
cas_person_service_export_csv (CasPersonService  *self,
                               CasAccount        *actor,
                               GOutputStream     *output,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (1 << 20);
  const char *header[G_N_ELEMENTS (csv_fields)];
  g_auto(CasAccess) access = { 0, };
  gint64 after = 0;
  gint64 n_written = 0;

  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (self), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), -1);

  if (!_cas_access_init (&access, self->db, actor, error))
    return -1;

  if (!_cas_access_is_operator (&access) && _cas_access_first_centre (&access) == 0)
    return _cas_access_deny (self->db, &access, "person.export", NULL, 0, error,
                             _("export persons (operators and the administrators of an exam "
                               "centre do)")),
           -1;

  for (guint i = 0; i < G_N_ELEMENTS (csv_fields); i++)
    header[i] = cas_field_get_key (csv_fields[i]);
  cas_csv_append_record (buffer, header, G_N_ELEMENTS (header));

  /* Pages by id keep memory flat whatever the size of the register */
  for (;;)
    {
      g_autoptr(GdaDataModel) model = NULL;
      g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
      int n_rows;

      model = _cas_database_query (self->db, error,
                                   "SELECT id, external_ref, first_name, last_name, birth_date, "
                                   "nrn, email, phone, street, postcode, city, language "
                                   "FROM person WHERE merged_into IS NULL AND id > ##after::gint64 "
                                   "AND (##all::gint = 1 OR company_id IN (SELECT company_id "
                                   "FROM account_role WHERE account_id = ##account::gint64 "
                                   "AND role = 'admin')) "
                                   "ORDER BY id LIMIT 5000",
                                   "after", after,
                                   "all", _cas_access_is_operator (&access) ? 1 : 0,
                                   "account", access.account_id, NULL);
      if (model == NULL)
        return -1;

      n_rows = gda_data_model_get_n_rows (model);
      if (n_rows == 0)
        break;

      for (int row = 0; row < n_rows; row++)
        {
          char *values[G_N_ELEMENTS (csv_fields)];

          for (guint col = 0; col < G_N_ELEMENTS (csv_fields); col++)
            values[col] = _cas_model_dup_string (model, col + 1, row);
          cas_csv_append_record (buffer, (const char * const *) values, G_N_ELEMENTS (values));
          for (guint col = 0; col < G_N_ELEMENTS (csv_fields); col++)
            g_free (values[col]);
          n_written++;
        }

      after = _cas_model_get_int64 (model, 0, n_rows - 1);

      if (!g_output_stream_write_all (output, buffer->str, buffer->len, NULL, cancellable, error))
        return -1;
      g_string_truncate (buffer, 0);
    }

  if (!g_output_stream_write_all (output, buffer->str, buffer->len, NULL, cancellable, error))
    return -1;

  return n_written;
}
