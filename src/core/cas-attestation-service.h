/* cas-attestation-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-attestation-render.h"
#include "cas-database.h"
#include "cas-person-service.h"
#include "cas-types.h"

G_BEGIN_DECLS

typedef enum
{
  CAS_ATTESTATION_VALID,
  CAS_ATTESTATION_REVOKED,
  CAS_ATTESTATION_SUPERSEDED,
} CasAttestationStatus;

/* What a check of a code or a PDF says */
typedef enum
{
  CAS_VERIFY_VALID,
  CAS_VERIFY_REVOKED,
  CAS_VERIFY_SUPERSEDED,
  CAS_VERIFY_FORGED,        /* not issued by Certassur, or altered since */
} CasVerifyResult;

typedef struct
{
  gint64               id;
  char                *number;
  int                  version;
  gint64               registration_id;
  gint64               person_id;
  gint64               session_id;
  char                *language;
  char                *issued_at;
  char                *first_name;
  char                *last_name;
  char                *birth_date;
  char                *exam_code;
  char                *exam_title;
  char                *session_start;
  char                *place;
  char                *centre;
  int                  score;
  CasAttestationStatus status;
  char                *status_reason;
  gint64               superseded_by;
  char                *sha256;
  char                *verification_code;
  char                *content;     /* the text that was signed */
} CasAttestation;

void        cas_attestation_free             (CasAttestation       *attestation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasAttestation, cas_attestation_free)
/* "CA-2026-000123", "CA-2026-000123-2" */
char       *cas_attestation_dup_display_number (const CasAttestation *attestation);
const char *cas_attestation_status_get_label (CasAttestationStatus  status);
const char *cas_verify_result_get_label      (CasVerifyResult       result);

/* What a list of attestations shows; NULL/0 fields are "any" */
typedef struct
{
  char                *search;      /* number, name or exam */
  gint64               session_id;
  gint64               person_id;
  char                *exam_code;
  int                  status;      /* -1 any, else a CasAttestationStatus */
  char                *since;       /* issued on or after, ISO date */
  char                *until;
} CasAttestationQuery;

CasAttestationQuery *cas_attestation_query_new  (void);
void                 cas_attestation_query_free (CasAttestationQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasAttestationQuery, cas_attestation_query_free)

#define CAS_TYPE_ATTESTATION_SERVICE (cas_attestation_service_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationService, cas_attestation_service, CAS, ATTESTATION_SERVICE,
                      GObject)

CasAttestationService *cas_attestation_service_new (CasDatabase *db);

/* Where the signing key lives: set by the desk or the command line; by
 * default beside a SQLite database ("certassur.db.key"), or in the user's
 * data folder for a PostgreSQL one. */
void        cas_attestation_service_set_key_path (CasAttestationService *self,
                                                  const char            *path);
const char *cas_attestation_service_get_key_path (CasAttestationService *self);
/* Makes the signing key of a new database and records its public half;
 * does nothing when the database has one. Operators only. */
gboolean    cas_attestation_service_ensure_key   (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  GError               **error);
/* Returns: (transfer full) (nullable): the public key (base64) */
char       *cas_attestation_service_dup_public_key (CasAttestationService *self);

/* Issues the attestation of a passed registration: a new number, the PDF
 * in the person's language, signed, stored with its SHA-256. Operators
 * only. Returns the attestation's id. */
gint64      cas_attestation_service_issue        (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  gint64                 registration_id,
                                                  GError               **error);
/* Issues every missing attestation of a session's passed registrations, in
 * one transaction; the number issued goes to @n_issued. */
gboolean    cas_attestation_service_issue_session (CasAttestationService *self,
                                                   CasAccount            *actor,
                                                   gint64                 session_id,
                                                   CasProgressFunc        progress,
                                                   gpointer               progress_data,
                                                   GCancellable          *cancellable,
                                                   guint                 *n_issued,
                                                   GError               **error);
/* Issues the missing attestations of every session (a database whose
 * results were recorded before it had a signing key, the demo), session by
 * session. */
gboolean    cas_attestation_service_issue_missing (CasAttestationService *self,
                                                   CasAccount            *actor,
                                                   CasProgressFunc        progress,
                                                   gpointer               progress_data,
                                                   GCancellable          *cancellable,
                                                   guint                 *n_issued,
                                                   GError               **error);
/* A new version with the same number and today's data, superseding the
 * current one; @reason is required. Operators only. */
gint64      cas_attestation_service_reissue      (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  const char            *number,
                                                  const char            *reason,
                                                  GError               **error);
gboolean    cas_attestation_service_revoke       (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  const char            *number,
                                                  const char            *reason,
                                                  GError               **error);

/* The current version of @number (or the one given by a "-N" suffix).
 * Operators see all; an administrator those of their centre's persons; a
 * person their own. */
CasAttestation *cas_attestation_service_get      (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  const char            *number,
                                                  GError               **error);
CasAttestation *cas_attestation_service_get_by_id (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  gint64                 attestation_id,
                                                  GError               **error);
/* The PDF as issued; CAS_ATTESTATION_ERROR_CORRUPT when its bytes no
 * longer match the SHA-256 recorded at issue. */
GBytes     *cas_attestation_service_get_pdf      (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  gint64                 attestation_id,
                                                  GError               **error);
gboolean    cas_attestation_service_count        (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  const CasAttestationQuery *query,
                                                  guint                 *n,
                                                  GError               **error);
/* Returns: (transfer full) (element-type CasAttestation): latest first */
GPtrArray  *cas_attestation_service_list         (CasAttestationService *self,
                                                  CasAccount            *actor,
                                                  const CasAttestationQuery *query,
                                                  guint                  offset,
                                                  guint                  limit,
                                                  GError               **error);

/* Anyone may check a code or a file: it reveals only what the attestation
 * itself says. @attestation gets what was found (NULL when forged). */
CasVerifyResult cas_attestation_service_verify_code (CasAttestationService *self,
                                                     const char            *code,
                                                     CasAttestation       **attestation,
                                                     GError               **error);
CasVerifyResult cas_attestation_service_verify_pdf  (CasAttestationService *self,
                                                     GBytes                *pdf,
                                                     CasAttestation       **attestation,
                                                     GError               **error);

G_END_DECLS
