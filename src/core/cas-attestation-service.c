/* cas-attestation-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An attestation is issued once: its text is signed with the Ed25519 key of
 * the database, rendered to a PDF, and the PDF is stored with its SHA-256.
 * The verification code printed on it (and in its QR code) is the number,
 * the version and the signature; checking it needs only the public key and
 * the stored text, never today's person record.
 */

#define G_LOG_DOMAIN "cas-attestation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account.h"
#include "cas-attestation-service.h"
#include "cas-attestation-private.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-signing-key.h"
#include "cas-util.h"
#include "cas-validate.h"

struct _CasAttestationService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasAttestationService, cas_attestation_service, G_TYPE_OBJECT)


#define ATTESTATION_COLUMNS \
  "a.id, a.number, a.version, a.registration_id, a.person_id, r.session_id, a.language, " \
  "a.issued_at, a.status, a.status_reason, a.superseded_by, a.sha256, a.verification_code, " \
  "a.content "

void
cas_attestation_free (CasAttestation *a)
{
  if (a == NULL)
    return;

  g_free (a->number);
  g_free (a->language);
  g_free (a->issued_at);
  g_free (a->first_name);
  g_free (a->last_name);
  g_free (a->birth_date);
  g_free (a->exam_code);
  g_free (a->exam_title);
  g_free (a->session_start);
  g_free (a->place);
  g_free (a->centre);
  g_free (a->status_reason);
  g_free (a->sha256);
  g_free (a->verification_code);
  g_free (a->content);
  g_free (a);
}

char *
cas_attestation_dup_display_number (const CasAttestation *attestation)
{
  return cas_attestation_format_number (attestation->number, attestation->version);
}

const char *
cas_attestation_status_get_label (CasAttestationStatus status)
{
  switch (status)
    {
    case CAS_ATTESTATION_VALID:      return C_("attestation", "Valid");
    case CAS_ATTESTATION_REVOKED:    return C_("attestation", "Revoked");
    case CAS_ATTESTATION_SUPERSEDED: return C_("attestation", "Superseded");
    default:                         return "";
    }
}

const char *
cas_verify_result_get_label (CasVerifyResult result)
{
  switch (result)
    {
    case CAS_VERIFY_VALID:      return _("Valid: issued by Certassur and unchanged");
    case CAS_VERIFY_REVOKED:    return _("Revoked: Certassur withdrew this attestation");
    case CAS_VERIFY_SUPERSEDED: return _("Superseded: a corrected version replaces it");
    case CAS_VERIFY_FORGED:
    default:
      return _("Not authentic: not issued by Certassur, or altered since");
    }
}

static const char * const status_names[] = { "valid", "revoked", "superseded" };

static CasAttestationStatus
status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      return i;

  return CAS_ATTESTATION_VALID;
}

CasAttestationQuery *
cas_attestation_query_new (void)
{
  CasAttestationQuery *query = g_new0 (CasAttestationQuery, 1);

  query->status = -1;

  return query;
}

void
cas_attestation_query_free (CasAttestationQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->search);
  g_free (query->exam_code);
  g_free (query->since);
  g_free (query->until);
  g_free (query);
}

static void
cas_attestation_service_finalize (GObject *object)
{
  CasAttestationService *self = (CasAttestationService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_attestation_service_parent_class)->finalize (object);
}

static void
cas_attestation_service_class_init (CasAttestationServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_attestation_service_finalize;
}

static void
cas_attestation_service_init (CasAttestationService *self)
{
}

CasAttestationService *
cas_attestation_service_new (CasDatabase *db)
{
  CasAttestationService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_ATTESTATION_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

void
cas_attestation_service_set_key_path (CasAttestationService *self,
                                      const char            *path)
{
  g_return_if_fail (CAS_IS_ATTESTATION_SERVICE (self));

  cas_database_set_signing_key_path (self->db, path);
}

const char *
cas_attestation_service_get_key_path (CasAttestationService *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  return cas_database_get_signing_key_path (self->db);
}

char *
cas_attestation_service_dup_public_key (CasAttestationService *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  return cas_database_get_meta (self->db, "signing.public-key");
}

gboolean
cas_attestation_service_ensure_key (CasAttestationService  *self,
                                    CasAccount             *actor,
                                    GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasSigningKey) key = NULL;
  g_autofree char *known = NULL;
  g_autofree char *public = NULL;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!_cas_access_is_operator (&access))
    return _cas_access_deny (self->db, &access, "attestation.key", NULL, 0, error,
                             _("create the attestation signing key (only operators do)"));

  known = cas_database_get_meta (self->db, "signing.public-key");
  if (known != NULL)
    return TRUE;

  /* A key file left by an earlier attempt is taken rather than replaced */
  if (g_file_test (cas_database_get_signing_key_path (self->db), G_FILE_TEST_EXISTS))
    key = cas_signing_key_load (cas_database_get_signing_key_path (self->db), error);
  else
    key = cas_signing_key_create (cas_database_get_signing_key_path (self->db), error);
  if (key == NULL)
    return FALSE;

  public = cas_signing_key_dup_public (key);
  if (!cas_database_set_meta (self->db, "signing.public-key", public, error))
    return FALSE;

  return _cas_audit_record (self->db, actor, "attestation.key", NULL, 0, NULL, error);
}

/* The key that signs, checked against the public key the database knows */
static CasSigningKey *
load_key (CasAttestationService  *self,
          GError                **error)
{
  g_autoptr(CasSigningKey) key = NULL;
  g_autofree char *known = cas_database_get_meta (self->db, "signing.public-key");
  g_autofree char *public = NULL;

  if (known == NULL)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
                   _("This database has no attestation signing key yet; an operator creates it "
                     "with “certassur init”"));
      return NULL;
    }

  key = cas_signing_key_load (cas_database_get_signing_key_path (self->db), error);
  if (key == NULL)
    return NULL;

  public = cas_signing_key_dup_public (key);
  if (g_strcmp0 (public, known) != 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NO_KEY,
                   _("The signing key “%s” belongs to another database; attestations of this "
                     "one cannot be signed with it"),
                   cas_database_get_signing_key_path (self->db));
      return NULL;
    }

  return g_steal_pointer (&key);
}

/* Reading */

static char *
content_value (const char *text,
               const char *key)
{
  g_autofree char *prefix = g_strconcat ("\n", key, "=", NULL);
  const char *start;
  const char *end;

  if (text == NULL || (start = strstr (text, prefix)) == NULL)
    return NULL;

  start += strlen (prefix);
  end = strchr (start, '\n');

  return end ? g_strndup (start, end - start) : g_strdup (start);
}

char *
_cas_attestation_content_value (const char *content,
                                const char *key)
{
  return content_value (content, key);
}

static CasAttestation *
attestation_from_row (GdaDataModel *model,
                      int           row)
{
  CasAttestation *a = g_new0 (CasAttestation, 1);
  g_autofree char *status = NULL;
  g_autofree char *score = NULL;
  const char *content;

  a->id = _cas_model_get_int64 (model, 0, row);
  a->number = _cas_model_dup_string (model, 1, row);
  a->version = _cas_model_get_int64 (model, 2, row);
  a->registration_id = _cas_model_get_int64 (model, 3, row);
  a->person_id = _cas_model_get_int64 (model, 4, row);
  a->session_id = _cas_model_get_int64 (model, 5, row);
  a->language = _cas_model_dup_string (model, 6, row);
  a->issued_at = _cas_model_dup_string (model, 7, row);
  status = _cas_model_dup_string (model, 8, row);
  a->status = status_from_string (status);
  a->status_reason = _cas_model_dup_string (model, 9, row);
  a->superseded_by = _cas_model_get_int64 (model, 10, row);
  a->sha256 = _cas_model_dup_string (model, 11, row);
  a->verification_code = _cas_model_dup_string (model, 12, row);

  /* What the attestation says comes from the text that was signed */
  a->content = _cas_model_dup_string (model, 13, row);
  content = a->content;
  a->first_name = content_value (content, "first_name");
  a->last_name = content_value (content, "last_name");
  a->birth_date = content_value (content, "birth_date");
  a->exam_code = content_value (content, "exam_code");
  a->exam_title = content_value (content, "exam_title");
  a->session_start = content_value (content, "session_start");
  a->place = content_value (content, "place");
  a->centre = content_value (content, "centre");
  score = content_value (content, "score");
  a->score = score ? atoi (score) : 0;

  return a;
}

/* Who may read the attestations of a person: operators, the administrators
 * of the centre that holds the person, and the person */
static gboolean
may_read (CasAttestationService  *self,
          const CasAccess        *access,
          gint64                  person_id,
          gboolean               *allowed,
          GError                **error)
{
  gint64 company = 0;

  if (_cas_access_is_operator (access) || (access->person_id > 0 && access->person_id == person_id))
    {
      *allowed = TRUE;
      return TRUE;
    }

  if (!_cas_database_query_int64 (self->db, &company, NULL, error,
                                  "SELECT company_id FROM person WHERE id = ##id::gint64",
                                  "id", person_id, NULL))
    return FALSE;

  *allowed = _cas_access_administers (access, company);

  return TRUE;
}

/* "CA-2026-000123" or "CA-2026-000123-2" into number and version (0: the
 * current one) */
static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
parse_number (const char  *text,
              char       **number,
              int         *version)
{
  const char *tail;
  gsize tail_length;

  /* CA-YYYY-NNNNNN, exactly, then an optional -V of one to three digits */
  if (text == NULL || strlen (text) < 14 || !g_str_has_prefix (text, "CA-")
      || !all_digits (text + 3, 4) || text[7] != '-' || !all_digits (text + 8, 6))
    return FALSE;

  tail = text + 14;
  tail_length = strlen (tail);
  if (tail_length == 0)
    *version = 0;
  else if (tail[0] == '-' && tail_length >= 2 && tail_length <= 4
           && all_digits (tail + 1, tail_length - 1))
    *version = atoi (tail + 1);
  else
    return FALSE;

  if (tail_length > 0 && *version < 1)
    return FALSE;

  *number = g_strndup (text, 14);

  return TRUE;
}

/* The attestation of @model's first row; an error naming @text when the
 * query failed (@model NULL, @error already set) or found none */
static CasAttestation *
first_attestation (GdaDataModel  *model,
                   const char    *text,
                   GError       **error)
{
  if (model == NULL)
    return NULL;

  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                   _("There is no attestation %s"), text);
      return NULL;
    }

  return attestation_from_row (model, 0);
}

static CasAttestation *
load_by_number (CasAttestationService  *self,
                const char             *text,
                GError                **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autofree char *number = NULL;
  int version = 0;

  if (!parse_number (text, &number, &version))
    {
      const char *typed = text ? text : "";
      g_autofree char *shown = g_utf8_make_valid (typed, MIN (strlen (typed), 40));
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                   _("“%s” is not an attestation number such as CA-2026-000123"), shown);
      return NULL;
    }

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT " ATTESTATION_COLUMNS "FROM attestation a "
                               "JOIN registration r ON r.id = a.registration_id "
                               "WHERE a.number = ##number::string "
                               "AND (##version::gint = 0 OR a.version = ##version::gint) "
                               "ORDER BY a.version DESC LIMIT 1",
                               "number", number, "version", version, NULL);
  return first_attestation (model, text, error);
}

/* The attestation a verification code names, found by the code itself:
 * on PostgreSQL whoever holds a code may check it, beyond the scope the
 * server keeps them to (0005-attestation-verification.sql) */
static CasAttestation *
load_for_check (CasAttestationService  *self,
                const char             *text,
                const char             *code,
                GError                **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autofree char *number = NULL;
  int version = 0;

  if (!parse_number (text, &number, &version) || version == 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                   _("There is no attestation %s"), text);
      return NULL;
    }

  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL
                               ? "SELECT * FROM cas_attestation_by_code (##number::string, "
                                 "##version::gint, ##code::string)"
                               : "SELECT " ATTESTATION_COLUMNS "FROM attestation a "
                                 "JOIN registration r ON r.id = a.registration_id "
                                 "WHERE a.number = ##number::string "
                                 "AND a.version = ##version::gint "
                                 "AND a.verification_code = ##code::string",
                               "number", number, "version", version, "code", code, NULL);
  return first_attestation (model, text, error);
}

CasAttestation *
cas_attestation_service_get (CasAttestationService  *self,
                             CasAccount             *actor,
                             const char             *number,
                             GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasAttestation) attestation = NULL;
  gboolean allowed = FALSE;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  attestation = load_by_number (self, number, error);
  if (attestation == NULL || !may_read (self, &access, attestation->person_id, &allowed, error))
    return NULL;

  if (!allowed)
    {
      _cas_access_deny (self->db, &access, "attestation.read", "attestation", attestation->id,
                        error, _("see attestation %s, of a person another exam centre holds"),
                        number);
      return NULL;
    }

  return g_steal_pointer (&attestation);
}

CasAttestation *
cas_attestation_service_get_by_id (CasAttestationService  *self,
                                   CasAccount             *actor,
                                   gint64                  attestation_id,
                                   GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasAttestation) attestation = NULL;
  gboolean allowed = FALSE;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  {
    g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
    g_autoptr(GdaDataModel) model = NULL;

    model = _cas_database_query (self->db, error,
                                 "SELECT " ATTESTATION_COLUMNS "FROM attestation a "
                                 "JOIN registration r ON r.id = a.registration_id "
                                 "WHERE a.id = ##id::gint64",
                                 "id", attestation_id, NULL);
    if (model == NULL)
      return NULL;
    if (gda_data_model_get_n_rows (model) == 0)
      {
        g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                     _("There is no attestation #%" PRId64), attestation_id);
        return NULL;
      }
    attestation = attestation_from_row (model, 0);
  }

  if (!may_read (self, &access, attestation->person_id, &allowed, error))
    return NULL;
  if (!allowed)
    {
      g_autofree char *number = cas_attestation_dup_display_number (attestation);

      _cas_access_deny (self->db, &access, "attestation.read", "attestation", attestation_id,
                        error, _("see attestation %s, of a person another exam centre holds"),
                        number);
      return NULL;
    }

  return g_steal_pointer (&attestation);
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

GBytes *
cas_attestation_service_get_pdf (CasAttestationService  *self,
                                 CasAccount             *actor,
                                 gint64                  attestation_id,
                                 GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *number = NULL;
  gboolean allowed = FALSE;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  {
    g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);

    /* On SQLite, libgda reads a BLOB column through an incremental blob
     * handle that leaves a transaction open on the connection; a cast
     * column comes whole */
    model = _cas_database_query (self->db, error,
                                 cas_database_get_dialect (self->db) == CAS_DIALECT_SQLITE
                                 ? "SELECT CAST (pdf AS BLOB), sha256, person_id, number, "
                                   "version FROM attestation WHERE id = ##id::gint64"
                                 : "SELECT pdf, sha256, person_id, number, version "
                                   "FROM attestation WHERE id = ##id::gint64",
                                 "id", attestation_id, NULL);
    if (model == NULL)
      return NULL;
    if (gda_data_model_get_n_rows (model) == 0)
      {
        g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                     _("There is no attestation #%" PRId64), attestation_id);
        return NULL;
      }

    pdf = _cas_model_dup_bytes (model, 0, 0);
    recorded = _cas_model_dup_string (model, 1, 0);
    {
      g_autofree char *base = _cas_model_dup_string (model, 3, 0);

      number = cas_attestation_format_number (base, _cas_model_get_int64 (model, 4, 0));
    }
    if (!may_read (self, &access, _cas_model_get_int64 (model, 2, 0), &allowed, error))
      return NULL;
  }

  if (!allowed)
    {
      _cas_access_deny (self->db, &access, "attestation.read", "attestation", attestation_id,
                        error, _("open attestation %s, of a person another exam centre holds"),
                        number);
      return NULL;
    }

  actual = pdf ? sha256_hex (pdf) : NULL;
  if (pdf == NULL || g_strcmp0 (actual, recorded) != 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_CORRUPT,
                   _("The stored PDF of attestation %s no longer matches the fingerprint recorded "
                     "when it was issued: it was damaged or changed. An operator can re-issue it."),
                   number);
      return NULL;
    }

  return g_steal_pointer (&pdf);
}

/* Issuing */

/* What an attestation will say, read from the registration */
typedef struct
{
  gint64  registration_id;
  gint64  person_id;
  char   *status;
  char   *first_name;
  char   *last_name;
  char   *birth_date;
  char   *language;
  char   *exam_code;
  char   *exam_title;
  char   *session_start;
  char   *place;
  char   *centre;
  int     score;
  /* Filled when issuing */
  char   *number;
  int     version;
  char   *issued_on;
  char   *text;
  char   *code;
  char   *signature;
  GBytes *pdf;
  char   *sha256;
  GError *error;
} Draft;

static void
draft_free (Draft *d)
{
  g_free (d->status);
  g_free (d->first_name);
  g_free (d->last_name);
  g_free (d->birth_date);
  g_free (d->language);
  g_free (d->exam_code);
  g_free (d->exam_title);
  g_free (d->session_start);
  g_free (d->place);
  g_free (d->centre);
  g_free (d->number);
  g_free (d->issued_on);
  g_free (d->text);
  g_free (d->code);
  g_free (d->signature);
  g_clear_pointer (&d->pdf, g_bytes_unref);
  g_free (d->sha256);
  g_clear_error (&d->error);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Draft, draft_free)

#define DRAFT_QUERY \
  "SELECT r.id, r.person_id, r.status, r.score, p.first_name, p.last_name, p.birth_date, " \
  "p.language, e.code, " \
  "CASE p.language WHEN 'fr' THEN e.title_fr WHEN 'nl' THEN e.title_nl " \
  "  WHEN 'de' THEN e.title_de ELSE e.title_en END, " \
  "s.starts_at, s.location, s.room, c.name " \
  "FROM registration r JOIN person p ON p.id = r.person_id " \
  "JOIN exam_session s ON s.id = r.session_id JOIN exam e ON e.id = s.exam_id " \
  "JOIN company c ON c.id = s.company_id "

static Draft *
draft_from_row (GdaDataModel *model,
                int           row)
{
  Draft *d = g_new0 (Draft, 1);
  g_autofree char *location = NULL;
  g_autofree char *room = NULL;

  d->registration_id = _cas_model_get_int64 (model, 0, row);
  d->person_id = _cas_model_get_int64 (model, 1, row);
  d->status = _cas_model_dup_string (model, 2, row);
  d->score = _cas_model_get_int64 (model, 3, row);
  d->first_name = _cas_model_dup_string (model, 4, row);
  d->last_name = _cas_model_dup_string (model, 5, row);
  d->birth_date = _cas_model_dup_string (model, 6, row);
  d->language = _cas_model_dup_string (model, 7, row);
  d->exam_code = _cas_model_dup_string (model, 8, row);
  d->exam_title = _cas_model_dup_string (model, 9, row);
  d->session_start = _cas_model_dup_string (model, 10, row);
  location = _cas_model_dup_string (model, 11, row);
  room = _cas_model_dup_string (model, 12, row);
  d->place = room ? g_strdup_printf ("%s, %s", location, room) : g_strdup (location);
  d->centre = _cas_model_dup_string (model, 13, row);

  return d;
}

static gboolean
check_draft (Draft   *d,
             GError **error)
{
  CasRegistrationStatus status = CAS_REGISTRATION_REGISTERED;

  cas_registration_status_from_string (d->status, &status);
  if (status != CAS_REGISTRATION_PASSED)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_PASSED,
                   _("%s %s did not pass this exam (the registration is “%s”): there is no "
                     "attestation to issue"),
                   d->first_name, d->last_name, cas_registration_status_get_label (status));
      return FALSE;
    }

  if (d->birth_date == NULL)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_INCOMPLETE,
                   _("%s %s has no birth date, which the attestation states: add it to the "
                     "record first"),
                   d->first_name, d->last_name);
      return FALSE;
    }

  return TRUE;
}

/* Renders and signs: no database, so it can run on any thread */
static void
draft_sign_and_render (Draft         *d,
                       CasSigningKey *key)
{
  guchar signature[CAS_SIGNATURE_BYTES];
  g_autofree char *signature64 = NULL;
  g_autofree char *display = NULL;
  CasAttestationContent content = {
    .number = d->number, .version = d->version, .language = d->language,
    .first_name = d->first_name, .last_name = d->last_name, .birth_date = d->birth_date,
    .exam_code = d->exam_code, .exam_title = d->exam_title, .session_start = d->session_start,
    .place = d->place, .centre = d->centre, .score = d->score, .issued_on = d->issued_on,
  };

  d->text = cas_attestation_content_to_text (&content);
  cas_signing_key_sign (key, d->text, signature);

  /* The code: the number with its version, a dot, and the signature in
   * URL-safe base64 without padding, so that it survives being typed */
  signature64 = g_base64_encode (signature, sizeof signature);
  d->signature = g_strdup (signature64);
  for (char *p = signature64; *p; p++)
    *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  g_strdelimit (signature64, "=", '\0');
  d->code = g_strdup_printf ("%s-%d.%s", d->number, d->version, signature64);

  d->pdf = cas_attestation_render_pdf (&content, d->code, &d->error);
  if (d->pdf != NULL)
    d->sha256 = sha256_hex (d->pdf);
}

/* The next @n numbers of @year, never used before: "CA-2026-000124" ... */
static gboolean
allocate_numbers (CasAttestationService  *self,
                  int                     year,
                  guint                   n,
                  gint64                 *first,
                  GError                **error)
{
  gint64 last = 0;

  /* The UPDATE holds the year's row until the transaction ends: two desks
   * issuing at once get numbers one after the other */
  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO attestation_sequence (year, last_value) "
                           "VALUES (##year::gint, 0) ON CONFLICT (year) DO NOTHING",
                           "year", year, NULL) ||
      !_cas_database_exec (self->db, NULL, error,
                           "UPDATE attestation_sequence SET last_value = last_value + ##n::gint "
                           "WHERE year = ##year::gint",
                           "n", (int) n, "year", year, NULL) ||
      !_cas_database_query_int64 (self->db, &last, NULL, error,
                                  "SELECT last_value FROM attestation_sequence "
                                  "WHERE year = ##year::gint",
                                  "year", year, NULL))
    return FALSE;

  if (last > 999999)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_FAILED,
                   _("The attestation numbers of %d are used up"), year);
      return FALSE;
    }

  *first = last - n + 1;

  return TRUE;
}

static gint64
store_draft (CasAttestationService  *self,
             CasAccount             *actor,
             Draft                  *d,
             GError                **error)
{
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_autofree char *display = cas_attestation_format_number (d->number, d->version);
  gint64 id;

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO attestation (number, version, registration_id, person_id, "
                           "language, issued_at, issued_by, pdf, sha256, signature, status, "
                           "content, verification_code) VALUES (##number::string, "
                           "##version::gint, ##registration::gint64, ##person::gint64, "
                           "##language::string, ##now::string, ##by::gint64::null, "
                           "##pdf::GdaBinary, ##sha::string, ##signature::string, 'valid', "
                           "##content::string, ##code::string)",
                           "number", d->number,
                           "version", d->version,
                           "registration", d->registration_id,
                           "person", d->person_id,
                           "language", d->language,
                           "now", now,
                           "by", cas_account_get_id (actor),
                           "pdf", d->pdf,
                           "sha", d->sha256,
                           "signature", d->signature,
                           "content", d->text,
                           "code", d->code,
                           NULL))
    return 0;

  id = _cas_database_last_insert_id (self->db, error);
  details = cas_json_object ("number", display, "sha256", d->sha256, NULL);
  if (id == 0 ||
      !_cas_audit_record (self->db, actor, d->version > 1 ? "attestation.reissue"
                                                          : "attestation.issue",
                          "attestation", id, details, error))
    return 0;

  return id;
}

static gboolean
require_operator (CasAttestationService  *self,
                  CasAccess              *access,
                  CasAccount             *actor,
                  const char             *action,
                  const char             *what,
                  GError                **error)
{
  if (!_cas_access_init (access, self->db, actor, error))
    return FALSE;

  if (!_cas_access_is_operator (access))
    return _cas_access_deny (self->db, access, action, NULL, 0, error, "%s", what);

  return TRUE;
}

static int
current_year (void)
{
  g_autofree char *today = cas_today ();

  return atoi (today);
}

gint64
cas_attestation_service_issue (CasAttestationService  *self,
                               CasAccount             *actor,
                               gint64                  registration_id,
                               GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasSigningKey) key = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(Draft) draft = NULL;
  gint64 existing = 0;
  gboolean found = FALSE;
  gint64 first = 0;
  gint64 id;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), 0);

  if (!require_operator (self, &access, actor, "attestation.issue",
                         _("issue attestations (only Certassur operators do)"), error))
    return 0;

  key = load_key (self, error);
  if (key == NULL || !_cas_database_begin (self->db, error))
    return 0;

  model = _cas_database_query (self->db, error, DRAFT_QUERY "WHERE r.id = ##id::gint64",
                               "id", registration_id, NULL);
  if (model == NULL)
    goto failed;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND,
                   _("There is no registration #%" PRId64), registration_id);
      goto failed;
    }

  draft = draft_from_row (model, 0);
  if (!check_draft (draft, error))
    goto failed;

  if (!_cas_database_query_int64 (self->db, &existing, &found, error,
                                  "SELECT number FROM attestation "
                                  "WHERE registration_id = ##id::gint64 "
                                  "AND status <> 'superseded' LIMIT 1",
                                  "id", registration_id, NULL))
    goto failed;
  if (found)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_STATE,
                   _("This registration has its attestation already; re-issue it to correct it"));
      goto failed;
    }

  if (!allocate_numbers (self, current_year (), 1, &first, error))
    goto failed;

  draft->number = g_strdup_printf ("CA-%04d-%06" PRId64, current_year (), first);
  draft->version = 1;
  draft->issued_on = cas_today ();
  draft_sign_and_render (draft, key);
  if (draft->pdf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&draft->error));
      goto failed;
    }

  id = store_draft (self, actor, draft, error);
  if (id == 0)
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

/* Rendering is most of the work of issuing: a pool of one thread a core,
 * kept for the life of the program, since each thread's fonts take tens of
 * milliseconds to load the first time. Drafts come back on the caller's
 * queue as they are done, for the caller to store while others render. */
typedef struct
{
  Draft         *draft;
  CasSigningKey *key;
  GAsyncQueue   *done;
} RenderTask;

static void
render_task (gpointer data,
             gpointer user_data)
{
  RenderTask *task = data;

  draft_sign_and_render (task->draft, task->key);
  g_async_queue_push (task->done, task);
}

static GThreadPool *
get_render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *made = g_thread_pool_new (render_task, NULL,
                                             CLAMP (g_get_num_processors (), 1, 8), TRUE,
                                             NULL);

      g_once_init_leave (&pool, made);
    }

  return pool;
}

gboolean
cas_attestation_service_issue_session (CasAttestationService  *self,
                                       CasAccount             *actor,
                                       gint64                  session_id,
                                       CasProgressFunc         progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       guint                  *n_issued,
                                       GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasSigningKey) key = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_free);
  g_autofree char *today = cas_today ();
  int year = current_year ();
  gint64 first = 0;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), FALSE);

  *n_issued = 0;
  if (!require_operator (self, &access, actor, "attestation.issue",
                         _("issue attestations (only Certassur operators do)"), error))
    return FALSE;

  key = load_key (self, error);
  if (key == NULL || !_cas_database_begin (self->db, error))
    return FALSE;

  /* The passed registrations without a current attestation */
  model = _cas_database_query (self->db, error,
                               DRAFT_QUERY "WHERE r.session_id = ##id::gint64 "
                               "AND r.status = 'passed' "
                               "AND (SELECT COUNT(*) FROM attestation a WHERE a.registration_id = "
                               "r.id AND a.status <> 'superseded') = 0 ORDER BY r.id",
                               "id", session_id, NULL);
  if (model == NULL)
    goto failed;

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      Draft *d = draft_from_row (model, row);

      g_ptr_array_add (drafts, d);
      if (!check_draft (d, error))
        goto failed;
    }

  if (drafts->len == 0)
    return _cas_database_commit (self->db, error);

  if (!allocate_numbers (self, year, drafts->len, &first, error))
    goto failed;

  for (guint i = 0; i < drafts->len; i++)
    {
      Draft *d = g_ptr_array_index (drafts, i);

      d->number = g_strdup_printf ("CA-%04d-%06" PRId64, year, first + i);
      d->version = 1;
      d->issued_on = g_strdup (today);
    }

  /* Rendered on the pool, stored here as each comes back */
  {
    g_autoptr(GAsyncQueue) done = g_async_queue_new ();
    g_autofree RenderTask *tasks = g_new0 (RenderTask, drafts->len);
    gboolean ok = TRUE;

    for (guint i = 0; i < drafts->len; i++)
      {
        tasks[i] = (RenderTask) { g_ptr_array_index (drafts, i), key, done };
        g_thread_pool_push (get_render_pool (), &tasks[i], NULL);
      }

    /* Every task is waited for, even after a failure: they use the drafts */
    for (guint i = 0; i < drafts->len; i++)
      {
        RenderTask *task = g_async_queue_pop (done);
        Draft *d = task->draft;

        if (!ok)
          continue;
        if (d->pdf == NULL)
          {
            g_propagate_error (error, g_steal_pointer (&d->error));
            ok = FALSE;
          }
        else if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
                 store_draft (self, actor, d, error) == 0)
          ok = FALSE;
        else
          {
            /* What is stored is not needed any more */
            g_clear_pointer (&d->pdf, g_bytes_unref);
            if (progress != NULL)
              progress (i + 1, drafts->len, progress_data);
          }
      }

    if (!ok)
      goto failed;
  }

  if (!_cas_database_commit (self->db, error))
    return FALSE;

  *n_issued = drafts->len;

  return TRUE;

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

typedef struct
{
  CasProgressFunc progress;
  gpointer        progress_data;
  guint64         done;
  guint64         total;
} MissingProgress;

static void
missing_progress (guint64  done,
                  guint64  total,
                  gpointer data)
{
  MissingProgress *p = data;

  if (p->progress != NULL)
    p->progress (p->done + done, p->total, p->progress_data);
}

gboolean
cas_attestation_service_issue_missing (CasAttestationService  *self,
                                       CasAccount             *actor,
                                       CasProgressFunc         progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       guint                  *n_issued,
                                       GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GdaDataModel) model = NULL;
  MissingProgress p = { progress, progress_data, 0, 0 };

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), FALSE);

  *n_issued = 0;
  if (!require_operator (self, &access, actor, "attestation.issue",
                         _("issue attestations (only Certassur operators do)"), error))
    return FALSE;

  model = _cas_database_query (self->db, error,
                               "SELECT r.session_id, COUNT(*) FROM registration r "
                               "LEFT JOIN attestation a ON a.registration_id = r.id "
                               "AND a.status <> 'superseded' "
                               "WHERE r.status = 'passed' AND a.id IS NULL "
                               "GROUP BY r.session_id ORDER BY r.session_id",
                               NULL);
  if (model == NULL)
    return FALSE;

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    p.total += _cas_model_get_int64 (model, 1, row);

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      guint n = 0;

      if (!cas_attestation_service_issue_session (self, actor,
                                                  _cas_model_get_int64 (model, 0, row),
                                                  missing_progress, &p, cancellable, &n,
                                                  error))
        return FALSE;
      *n_issued += n;
      p.done += _cas_model_get_int64 (model, 1, row);
    }

  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              char       **normalized,
              GError     **error)
{
  return cas_validate_text (CAS_FIELD_REASON, reason, TRUE, CAS_MAX_TEXT_LENGTH, normalized, error);
}

gint64
cas_attestation_service_reissue (CasAttestationService  *self,
                                 CasAccount             *actor,
                                 const char             *number,
                                 const char             *reason,
                                 GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasSigningKey) key = NULL;
  g_autoptr(CasAttestation) current = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(Draft) draft = NULL;
  g_autofree char *why = NULL;
  g_autofree char *now = cas_now_utc ();
  gint64 id;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), 0);

  if (!require_operator (self, &access, actor, "attestation.reissue",
                         _("re-issue attestations (only Certassur operators do)"), error) ||
      !check_reason (reason, &why, error))
    return 0;

  key = load_key (self, error);
  if (key == NULL || !_cas_database_begin (self->db, error))
    return 0;

  current = load_by_number (self, number, error);
  if (current == NULL)
    goto failed;
  if (current->status != CAS_ATTESTATION_VALID)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_STATE,
                   _("Attestation %s is %s: only a valid attestation can be re-issued"),
                   number, cas_attestation_status_get_label (current->status));
      goto failed;
    }

  /* Today's record: re-issuing is how a mistake gets corrected */
  model = _cas_database_query (self->db, error, DRAFT_QUERY "WHERE r.id = ##id::gint64",
                               "id", current->registration_id, NULL);
  if (model == NULL || gda_data_model_get_n_rows (model) == 0)
    goto failed;

  draft = draft_from_row (model, 0);
  if (!check_draft (draft, error))
    goto failed;
  draft->number = g_strdup (current->number);
  draft->version = current->version + 1;
  draft->issued_on = cas_today ();
  draft_sign_and_render (draft, key);
  if (draft->pdf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&draft->error));
      goto failed;
    }

  id = store_draft (self, actor, draft, error);
  if (id == 0 ||
      !_cas_database_exec (self->db, NULL, error,
                           "UPDATE attestation SET status = 'superseded', "
                           "superseded_by = ##new::gint64, status_reason = ##why::string, "
                           "status_at = ##now::string, status_by = ##by::gint64::null "
                           "WHERE id = ##id::gint64",
                           "new", id, "why", why, "now", now,
                           "by", cas_account_get_id (actor), "id", current->id, NULL))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

gboolean
cas_attestation_service_revoke (CasAttestationService  *self,
                                CasAccount             *actor,
                                const char             *number,
                                const char             *reason,
                                GError                **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasAttestation) current = NULL;
  g_autofree char *why = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), FALSE);

  if (!require_operator (self, &access, actor, "attestation.revoke",
                         _("revoke attestations (only Certassur operators do)"), error) ||
      !check_reason (reason, &why, error) ||
      !_cas_database_begin (self->db, error))
    return FALSE;

  current = load_by_number (self, number, error);
  if (current == NULL)
    goto failed;
  if (current->status != CAS_ATTESTATION_VALID)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_STATE,
                   _("Attestation %s is %s already"), number,
                   cas_attestation_status_get_label (current->status));
      goto failed;
    }

  details = cas_json_object ("number", number, "reason", why, NULL);
  if (!_cas_database_exec (self->db, NULL, error,
                           "UPDATE attestation SET status = 'revoked', "
                           "status_reason = ##why::string, "
                           "status_at = ##now::string, status_by = ##by::gint64::null "
                           "WHERE id = ##id::gint64",
                           "why", why, "now", now, "by", cas_account_get_id (actor),
                           "id", current->id, NULL) ||
      !_cas_audit_record (self->db, actor, "attestation.revoke", "attestation", current->id,
                          details, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* Lists */

typedef struct
{
  char *pattern;
  char *exam;
  char *status;
  char *since;
  char *until;
} ListParams;

static void
list_params_clear (ListParams *p)
{
  g_free (p->pattern);
  g_free (p->exam);
  g_free (p->status);
  g_free (p->since);
  g_free (p->until);
}

static gboolean
list_params_init (ListParams                 *p,
                  const CasAttestationQuery  *query,
                  GError                    **error)
{
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;

  memset (p, 0, sizeof *p);
  if ((query->since && *query->since &&
       !cas_validate_date (CAS_FIELD_DATE_FROM, query->since, FALSE, &since, error)) ||
      (query->until && *query->until &&
       !cas_validate_date (CAS_FIELD_DATE_TO, query->until, FALSE, &until, error)))
    return FALSE;

  /* The search looks in the signed text: number, names, exam, place */
  if (query->search != NULL && *query->search != '\0')
    {
      g_autoptr(GString) pattern = g_string_new ("%");

      for (const char *c = query->search; *c; c++)
        {
          if (*c == '%' || *c == '_' || *c == '!')
            g_string_append_c (pattern, '!');
          g_string_append_c (pattern, *c);
        }
      g_string_append_c (pattern, '%');
      p->pattern = g_string_free (g_steal_pointer (&pattern), FALSE);
    }
  else
    p->pattern = g_strdup ("%");

  p->exam = g_strdup (query->exam_code ? query->exam_code : "");
  p->status = g_strdup (query->status >= 0 && query->status < (int) G_N_ELEMENTS (status_names)
                        ? status_names[query->status] : "");
  p->since = since ? g_strdup_printf ("%sT00:00:00Z", since) : g_strdup ("");
  p->until = until ? g_strdup_printf ("%sT23:59:59Z", until) : g_strdup ("");

  return TRUE;
}

#define LIST_FILTER \
  "WHERE (lower (a.content) LIKE lower (##pattern::string) ESCAPE '!' " \
  "       OR a.number LIKE ##pattern::string ESCAPE '!') " \
  "AND (##session::gint64 = 0 OR r.session_id = ##session::gint64) " \
  "AND (##person::gint64 = 0 OR a.person_id = ##person::gint64) " \
  "AND (##exam::string = '' OR a.content LIKE '%' || ##exam_line::string || '%') " \
  "AND (##status::string = '' OR a.status = ##status::string) " \
  "AND (##since::string = '' OR a.issued_at >= ##since::string) " \
  "AND (##until::string = '' OR a.issued_at <= ##until::string) " \
  "AND (##all::gint = 1 OR a.person_id = ##me::gint64 " \
  "     OR a.person_id IN (SELECT p.id FROM person p WHERE p.company_id IN " \
  "       (SELECT company_id FROM account_role WHERE account_id = ##account::gint64 " \
  "        AND role = 'admin'))) "

#define LIST_PARAMS(p, q, access, exam_line) \
  "pattern", (p).pattern, "session", (q)->session_id, "person", (q)->person_id, \
  "exam", (p).exam, "exam_line", (exam_line), "status", (p).status, "since", (p).since, \
  "until", (p).until, "all", _cas_access_is_operator (access) ? 1 : 0, \
  "me", (access)->person_id, "account", (access)->account_id

gboolean
cas_attestation_service_count (CasAttestationService      *self,
                               CasAccount                 *actor,
                               const CasAttestationQuery  *query,
                               guint                      *n,
                               GError                    **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *exam_line = NULL;
  ListParams p;
  gint64 count = 0;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), FALSE);

  *n = 0;
  if (!_cas_access_init (&access, self->db, actor, error) || !list_params_init (&p, query, error))
    return FALSE;

  exam_line = g_strdup_printf ("\nexam_code=%s\n", p.exam);
  ok = _cas_database_query_int64 (self->db, &count, NULL, error,
                                  "SELECT COUNT(*) FROM attestation a "
                                  "JOIN registration r ON r.id = a.registration_id " LIST_FILTER,
                                  LIST_PARAMS (p, query, &access, exam_line), NULL);
  list_params_clear (&p);
  *n = (guint) count;

  return ok;
}

GPtrArray *
cas_attestation_service_list (CasAttestationService      *self,
                              CasAccount                 *actor,
                              const CasAttestationQuery  *query,
                              guint                       offset,
                              guint                       limit,
                              GError                    **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *exam_line = NULL;
  GPtrArray *list;
  ListParams p;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error) || !list_params_init (&p, query, error))
    return NULL;

  exam_line = g_strdup_printf ("\nexam_code=%s\n", p.exam);
  locker = _cas_database_lock (self->db);
  model = _cas_database_query (self->db, error,
                               "SELECT " ATTESTATION_COLUMNS "FROM attestation a "
                               "JOIN registration r ON r.id = a.registration_id " LIST_FILTER
                               "ORDER BY a.issued_at DESC, a.id DESC "
                               "LIMIT ##limit::gint OFFSET ##offset::gint",
                               LIST_PARAMS (p, query, &access, exam_line),
                               "limit", (int) MIN (limit, G_MAXINT),
                               "offset", (int) MIN (offset, G_MAXINT),
                               NULL);
  list_params_clear (&p);
  if (model == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_attestation_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    g_ptr_array_add (list, attestation_from_row (model, row));

  return list;
}

/* Verification */

static CasVerifyResult
result_of (const CasAttestation *a)
{
  switch (a->status)
    {
    case CAS_ATTESTATION_REVOKED:    return CAS_VERIFY_REVOKED;
    case CAS_ATTESTATION_SUPERSEDED: return CAS_VERIFY_SUPERSEDED;
    case CAS_ATTESTATION_VALID:
    default:                         return CAS_VERIFY_VALID;
    }
}

CasVerifyResult
cas_attestation_service_verify_code (CasAttestationService  *self,
                                     const char             *code,
                                     CasAttestation        **out,
                                     GError                **error)
{
  g_autoptr(CasAttestation) a = NULL;
  g_autoptr(GString) signature64 = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *public = NULL;
  g_autofree guchar *signature = NULL;
  const char *dot;
  gsize signature_len = 0;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), CAS_VERIFY_FORGED);

  if (out != NULL)
    *out = NULL;

  /* Typed codes come with spaces and line breaks: they do not count */
  trimmed = g_strdup (code ? code : "");
  {
    char *w = trimmed;
    for (const char *r = trimmed; *r; r++)
      if (!g_ascii_isspace (*r))
        *w++ = *r;
    *w = '\0';
  }

  dot = strrchr (trimmed, '.');
  if (dot == NULL)
    return CAS_VERIFY_FORGED;

  {
    g_autofree char *number = g_strndup (trimmed, dot - trimmed);
    g_autoptr(GError) local_error = NULL;

    a = load_for_check (self, number, trimmed, &local_error);
    if (a == NULL)
      {
        if (g_error_matches (local_error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_NOT_FOUND))
          return CAS_VERIFY_FORGED;
        g_propagate_error (error, g_steal_pointer (&local_error));
        return CAS_VERIFY_FORGED;
      }
    /* "CA-2026-000123" alone names the current version; a code names one */
    if (strlen (number) <= 14)
      return CAS_VERIFY_FORGED;
  }

  signature64 = g_string_new (dot + 1);
  for (char *p = signature64->str; *p; p++)
    *p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
  while (signature64->len % 4 != 0)
    g_string_append_c (signature64, '=');
  signature = g_base64_decode (signature64->str, &signature_len);

  public = cas_database_get_meta (self->db, "signing.public-key");
  if (!cas_signing_verify (public, a->content, signature, signature_len))
    return CAS_VERIFY_FORGED;

  if (out != NULL)
    *out = g_steal_pointer (&a);

  return out != NULL ? result_of (*out) : result_of (a);
}

/* The verification code printed on a PDF, from its text */
static char *
find_code_in_pdf (GBytes  *pdf,
                  GError **error)
{
  /* No g_autoptr for poppler's types: older poppler-glib lacks them, newer
   * ones define them */
  PopplerDocument *document;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  document = poppler_document_new_from_bytes (pdf, NULL, error);
  if (document == NULL)
    return NULL;

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      /* The code is printed over several lines: without the white space it
       * is whole again */
      for (const char *p = page_text; p && *p; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (text, *p);
      g_object_unref (page);
    }
  g_object_unref (document);

  regex = g_regex_new ("CA-[0-9]{4}-[0-9]{6}-[0-9]+\\.[A-Za-z0-9_-]{86}", 0, 0, NULL);
  if (!g_regex_match (regex, text->str, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 0);
}

CasVerifyResult
cas_attestation_service_verify_pdf (CasAttestationService  *self,
                                    GBytes                 *pdf,
                                    CasAttestation        **out,
                                    GError                **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (self), CAS_VERIFY_FORGED);
  g_return_val_if_fail (pdf != NULL, CAS_VERIFY_FORGED);

  if (out != NULL)
    *out = NULL;

  /* The very bytes Certassur issued */
  sha = sha256_hex (pdf);
  {
    g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);

    /* On PostgreSQL, whoever holds the file may check it, beyond the
     * scope the server keeps them to (0005-attestation-verification.sql) */
    model = _cas_database_query (self->db, error,
                                 cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL
                                 ? "SELECT * FROM cas_attestation_by_sha256 (##sha::string)"
                                 : "SELECT " ATTESTATION_COLUMNS "FROM attestation a "
                                   "JOIN registration r ON r.id = a.registration_id "
                                   "WHERE a.sha256 = ##sha::string ORDER BY a.id LIMIT 1",
                                 "sha", sha, NULL);
    if (model == NULL)
      return CAS_VERIFY_FORGED;
    if (gda_data_model_get_n_rows (model) > 0)
      {
        g_autoptr(CasAttestation) a = attestation_from_row (model, 0);
        CasVerifyResult result = result_of (a);

        /* The code printed on it must be good too: a database row could
         * have been forged along with the file */
        if (cas_attestation_service_verify_code (self, a->verification_code, NULL, NULL) ==
            CAS_VERIFY_FORGED)
          return CAS_VERIFY_FORGED;
        if (out != NULL)
          *out = g_steal_pointer (&a);
        return result;
      }
  }

  /* Other bytes: a copy altered since, or not an attestation at all. A
   * good code on a changed file is still not authentic. */
  code = find_code_in_pdf (pdf, &local_error);
  if (code == NULL && local_error != NULL &&
      !g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_INVALID))
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_FAILED,
                   _("The file cannot be read as a PDF: %s"), local_error->message);
      return CAS_VERIFY_FORGED;
    }

  return CAS_VERIFY_FORGED;
}

/* Results */

gboolean
_cas_attestation_follow_result (CasDatabase  *db,
                                CasAccount   *actor,
                                gint64        registration_id,
                                GError      **error)
{
  g_autoptr(CasAttestationService) self = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(CasAttestation) current = NULL;
  g_autofree char *known = cas_database_get_meta (db, "signing.public-key");
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  int score;

  if (known == NULL)
    return TRUE;

  self = cas_attestation_service_new (db);
  model = _cas_database_query (db, error,
                               "SELECT r.status, r.score, a.number, a.version "
                               "FROM registration r LEFT JOIN attestation a "
                               "ON a.registration_id = r.id AND a.status = 'valid' "
                               "WHERE r.id = ##id::gint64",
                               "id", registration_id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    return TRUE;

  status = _cas_model_dup_string (model, 0, 0);
  score = (int) _cas_model_get_int64 (model, 1, 0);
  {
    g_autofree char *number = _cas_model_dup_string (model, 2, 0);

    if (number != NULL)
      {
        g_autofree char *shown = cas_attestation_format_number (number,
                                                                _cas_model_get_int64 (model, 3, 0));

        current = load_by_number (self, shown, error);
        if (current == NULL)
          return FALSE;
      }
  }

  if (g_strcmp0 (status, "passed") == 0)
    {
      if (current == NULL)
        return cas_attestation_service_issue (self, actor, registration_id, error) != 0;
      if (current->score == score)
        return TRUE;

      reason = g_strdup_printf (_("Result corrected from %d/100 to %d/100"), current->score,
                                score);
      return cas_attestation_service_reissue (self, actor, current->number, reason, error) != 0;
    }

  if (current == NULL)
    return TRUE;

  reason = g_strdup_printf (_("Result corrected to %d/100: not passed"), score);

  return cas_attestation_service_revoke (self, actor, current->number, reason, error);
}
