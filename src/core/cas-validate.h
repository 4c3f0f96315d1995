/* cas-validate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Validation shared by the window, the command line and the import: every
 * function checks one field, writes a normalised copy on success and, on
 * failure, sets a CAS_VALIDATION_ERROR whose message names the field (by
 * its translated label) and the reason, e.g.
 * "Birth date: 1990-02-31 does not exist".
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CAS_VALIDATION_ERROR (cas_validation_error_quark ())

typedef enum
{
  CAS_VALIDATION_ERROR_REQUIRED,
  CAS_VALIDATION_ERROR_TOO_LONG,
  CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
  CAS_VALIDATION_ERROR_FORMAT,
  CAS_VALIDATION_ERROR_INVALID_DATE,
  CAS_VALIDATION_ERROR_OUT_OF_RANGE,
  CAS_VALIDATION_ERROR_CHECK_DIGIT,
  CAS_VALIDATION_ERROR_INCONSISTENT,
} CasValidationError;

typedef enum
{
  CAS_FIELD_EXTERNAL_REF,
  CAS_FIELD_FIRST_NAME,
  CAS_FIELD_LAST_NAME,
  CAS_FIELD_BIRTH_DATE,
  CAS_FIELD_SEX,
  CAS_FIELD_NRN,
  CAS_FIELD_EMAIL,
  CAS_FIELD_PHONE,
  CAS_FIELD_STREET,
  CAS_FIELD_POSTCODE,
  CAS_FIELD_CITY,
  CAS_FIELD_LANGUAGE,
  CAS_FIELD_LOGIN,
  CAS_FIELD_PASSWORD,
  CAS_FIELD_COMPANY_NAME,
  CAS_FIELD_ENTERPRISE_NUMBER,
  CAS_FIELD_EXAM_CODE,
  CAS_FIELD_EXAM_TITLE,
  CAS_FIELD_SESSION_START,
  CAS_FIELD_DURATION,
  CAS_FIELD_LOCATION,
  CAS_FIELD_ROOM,
  CAS_FIELD_CAPACITY,
  CAS_FIELD_SCORE,
  CAS_FIELD_REASON,
  CAS_FIELD_DATE_FROM,
  CAS_FIELD_DATE_TO,
  CAS_N_FIELDS
} CasField;

/* Longest accepted values, in characters */
#define CAS_MAX_NAME_LENGTH      100
#define CAS_MAX_TEXT_LENGTH      200
#define CAS_MAX_EMAIL_LENGTH     254
#define CAS_MAX_REF_LENGTH        64
#define CAS_MAX_LOGIN_LENGTH      64

typedef struct
{
  char     digits[12];      /* 11 digits, NUL-terminated */
  char     birth_date[11];  /* ISO 8601, or "" when the NRN leaves it unknown */
  char     sex;             /* 'M', 'F', or 0 when the NRN does not tell (BIS) */
  gboolean bis;             /* a BIS number (month + 20 or + 40) */
} CasNrnInfo;

GQuark      cas_validation_error_quark (void);

/* "Birth date", "E-mail", ... translated */
const char *cas_field_get_label        (CasField      field);
/* "birth_date", "email", ...: the column names of the CSV format */
const char *cas_field_get_key          (CasField      field);

/* Free text: trimmed, valid UTF-8, no control characters, at most
 * @max_chars characters; an empty value is an error only if @required. An
 * empty optional value gives *normalized == NULL. */
gboolean    cas_validate_text          (CasField      field,
                                        const char   *input,
                                        gboolean      required,
                                        guint         max_chars,
                                        char        **normalized,
                                        GError      **error);

/* A person's first or last name: required, at most CAS_MAX_NAME_LENGTH
 * characters, letters of any script with spaces, hyphens, apostrophes and
 * dots between them; inner runs of spaces collapse to one. */
gboolean    cas_validate_name          (CasField      field,
                                        const char   *input,
                                        char        **normalized,
                                        GError      **error);

/* A calendar date: "YYYY-MM-DD" (ISO 8601), or "DD/MM/YYYY", "DD.MM.YYYY",
 * "DD-MM-YYYY" as Belgian desks type it; written back as ISO 8601. With
 * @iso_only only the first form is accepted (the CSV format). */
gboolean    cas_validate_date          (CasField      field,
                                        const char   *input,
                                        gboolean      iso_only,
                                        char        **iso,
                                        GError      **error);

/* A birth date: a real date, not in the future, not before 1900. */
gboolean    cas_validate_birth_date    (const char   *input,
                                        gboolean      iso_only,
                                        char        **iso,
                                        GError      **error);

/* Belgian national register number (rijksregisternummer / numéro de
 * registre national): 11 digits in any of the usual spellings
 * ("85.07.30-033.28", "85073003328", "850730 033 28"), check digit with the
 * rule for births from 2000 on, BIS numbers included. */
gboolean    cas_nrn_parse              (const char   *input,
                                        CasNrnInfo   *info,
                                        GError      **error);

/* cas_nrn_parse() plus consistency with the record: the birth date and sex
 * the NRN encodes must match @birth_date (ISO) and @sex ("M"/"F") when those
 * are given and the NRN tells them. */
gboolean    cas_validate_nrn           (const char   *input,
                                        const char   *birth_date,
                                        const char   *sex,
                                        char        **digits,
                                        GError      **error);

/* Only format, for legacy data kept although the check digit is wrong:
 * exactly 11 digits after removing separators. */
gboolean    cas_nrn_normalize_digits   (const char   *input,
                                        char        **digits,
                                        GError      **error);

/* "85.07.30-033.28" */
char       *cas_nrn_format             (const char   *digits);
/* "85.07.30-***.**": what non-operators see */
char       *cas_nrn_mask               (const char   *digits);

/* An e-mail address: one "@", a dot in the domain, no spaces, at most
 * CAS_MAX_EMAIL_LENGTH characters; written back in lower case. */
gboolean    cas_validate_email         (const char   *input,
                                        char        **normalized,
                                        GError      **error);

/* A phone number in E.164: "0470 12 34 56", "+32 470/12.34.56",
 * "0032 2 123 45 67" all become "+32470123456"; Belgian numbers must have
 * the right length, foreign ones 8 to 15 digits. */
gboolean    cas_validate_phone         (const char   *input,
                                        char        **e164,
                                        GError      **error);

/* "fr", "nl", "de" or "en" (case-insensitive on input) */
gboolean    cas_validate_language      (const char   *input,
                                        char        **normalized,
                                        GError      **error);

/* "M" or "F" (also "m", "f", "H" for homme, "V" for vrouw) */
gboolean    cas_validate_sex           (const char   *input,
                                        char        **normalized,
                                        GError      **error);

/* A Belgian postcode, 1000 to 9999 */
gboolean    cas_validate_postcode      (const char   *input,
                                        char        **normalized,
                                        GError      **error);

G_END_DECLS
