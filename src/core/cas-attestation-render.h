/* cas-attestation-render.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CAS_ATTESTATION_ERROR (cas_attestation_error_quark ())

typedef enum
{
  CAS_ATTESTATION_ERROR_FAILED,
  CAS_ATTESTATION_ERROR_NOT_PASSED,     /* the registration is not passed */
  CAS_ATTESTATION_ERROR_INCOMPLETE,     /* a birth date or name is missing */
  CAS_ATTESTATION_ERROR_UNPRINTABLE,    /* characters the fonts cannot print */
  CAS_ATTESTATION_ERROR_NO_KEY,         /* the signing key is missing */
  CAS_ATTESTATION_ERROR_NOT_FOUND,
  CAS_ATTESTATION_ERROR_CORRUPT,        /* a stored PDF no longer matches its hash */
  CAS_ATTESTATION_ERROR_STATE,          /* revoked or superseded already */
} CasAttestationError;

GQuark cas_attestation_error_quark (void);

/* What an attestation says, as issued; the same text is signed */
typedef struct
{
  const char *number;        /* "CA-2026-000123" */
  int         version;       /* 1, then 2, 3 for re-issues */
  const char *language;      /* fr, nl, de, en: the person's */
  const char *first_name;
  const char *last_name;
  const char *birth_date;    /* ISO 8601 */
  const char *exam_code;
  const char *exam_title;    /* in the attestation's language */
  const char *session_start; /* "YYYY-MM-DDTHH:MM", Brussels time */
  const char *place;
  const char *centre;
  int         score;         /* out of 100 */
  const char *issued_on;     /* ISO 8601 date */
} CasAttestationContent;

/* The canonical text that is signed: one "key=value" line per field, in a
 * fixed order, values as stored. */
char   *cas_attestation_content_to_text   (const CasAttestationContent *content);
/* "CA-2026-000123" and "CA-2026-000123-2" from version 2 on */
char   *cas_attestation_format_number     (const char                  *number,
                                           int                          version);

/* Renders an A4 PDF: title, body, details, signature block, and the QR code
 * and printed text of @verification_code. Fails with
 * CAS_ATTESTATION_ERROR_UNPRINTABLE when the fonts lack a character of the
 * person's name or another field, naming it. */
GBytes *cas_attestation_render_pdf        (const CasAttestationContent *content,
                                           const char                  *verification_code,
                                           GError                     **error);

G_END_DECLS
