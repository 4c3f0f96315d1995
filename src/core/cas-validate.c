/* cas-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-validate"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "cas-util.h"
#include "cas-validate.h"

/* Messages quote what was typed so the clerk can find it, but a pasted
 * paragraph must not turn into a paragraph-long message. */
#define QUOTE_MAX_CHARS 40

/* RFC 5321: the part before the "@" and each part of the domain */
#define EMAIL_LOCAL_MAX_LENGTH 64
#define DNS_LABEL_MAX_LENGTH   63

G_DEFINE_QUARK (cas-validation-error-quark, cas_validation_error)

typedef struct
{
  const char *key;
  const char *label;
} FieldInfo;

/* Labels carry the "field" context: "Sex", "Room" or "Reason" alone are
 * ambiguous for translators. */
static const FieldInfo fields[CAS_N_FIELDS] = {
  /* Translators: the identifier of a person in the system the data came from */
  [CAS_FIELD_EXTERNAL_REF]      = { "external_ref",      NC_("field", "External reference") },
  [CAS_FIELD_FIRST_NAME]        = { "first_name",        NC_("field", "First name") },
  [CAS_FIELD_LAST_NAME]         = { "last_name",         NC_("field", "Last name") },
  [CAS_FIELD_BIRTH_DATE]        = { "birth_date",        NC_("field", "Birth date") },
  [CAS_FIELD_SEX]               = { "sex",               NC_("field", "Sex") },
  /* Translators: the Belgian national register number (numéro de registre
   * national, rijksregisternummer); use the abbreviation desks know */
  [CAS_FIELD_NRN]               = { "nrn",               NC_("field", "NRN") },
  [CAS_FIELD_EMAIL]             = { "email",             NC_("field", "E-mail") },
  [CAS_FIELD_PHONE]             = { "phone",             NC_("field", "Phone") },
  [CAS_FIELD_STREET]            = { "street",            NC_("field", "Street") },
  [CAS_FIELD_POSTCODE]          = { "postcode",          NC_("field", "Postcode") },
  [CAS_FIELD_CITY]              = { "city",              NC_("field", "City") },
  [CAS_FIELD_LANGUAGE]          = { "language",          NC_("field", "Language") },
  [CAS_FIELD_LOGIN]             = { "login",             NC_("field", "Login") },
  [CAS_FIELD_PASSWORD]          = { "password",          NC_("field", "Password") },
  [CAS_FIELD_COMPANY_NAME]      = { "company_name",      NC_("field", "Company name") },
  /* Translators: the number of a company in the Belgian Crossroads Bank for
   * Enterprises (numéro d'entreprise, ondernemingsnummer) */
  [CAS_FIELD_ENTERPRISE_NUMBER] = { "enterprise_number", NC_("field", "Enterprise number") },
  [CAS_FIELD_EXAM_CODE]         = { "exam_code",         NC_("field", "Exam code") },
  [CAS_FIELD_EXAM_TITLE]        = { "exam_title",        NC_("field", "Exam title") },
  [CAS_FIELD_SESSION_START]     = { "starts_at",         NC_("field", "Session start") },
  [CAS_FIELD_DURATION]          = { "duration",          NC_("field", "Duration") },
  [CAS_FIELD_LOCATION]          = { "location",          NC_("field", "Location") },
  [CAS_FIELD_ROOM]              = { "room",              NC_("field", "Room") },
  [CAS_FIELD_CAPACITY]          = { "capacity",          NC_("field", "Capacity") },
  [CAS_FIELD_SCORE]             = { "score",             NC_("field", "Score") },
  /* Translators: the reason given for a request, e.g. a merge of two records */
  [CAS_FIELD_REASON]            = { "reason",            NC_("field", "Reason") },
  /* Translators: the first and the last day of a period searched */
  [CAS_FIELD_DATE_FROM]         = { "since",             NC_("field", "From") },
  [CAS_FIELD_DATE_TO]           = { "until",             NC_("field", "To") },
};

/**
 * cas_field_get_label:
 * @field: a #CasField
 *
 * Returns: (transfer none): the translated name of @field as the window
 *   shows it, for messages
 */
const char *
cas_field_get_label (CasField field)
{
  g_return_val_if_fail ((guint) field < CAS_N_FIELDS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "field", fields[field].label);
}

/**
 * cas_field_get_key:
 * @field: a #CasField
 *
 * Returns: (transfer none): the untranslated column name of @field in the
 *   CSV format, e.g. "birth_date"
 */
const char *
cas_field_get_key (CasField field)
{
  g_return_val_if_fail ((guint) field < CAS_N_FIELDS, NULL);

  return fields[field].key;
}

static inline const char *
label (CasField field)
{
  return cas_field_get_label (field);
}

/* A short, printable, valid UTF-8 copy of @text to quote in a message.
 * Control characters show as their Unicode pictures (␉ for a tab) so the
 * message stays on one line and the clerk sees where they are. */
static char *
quote_input (CasField    field,
             const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;
  guint n = 0;

  /* A password must not end up on screen or in a log */
  if (field == CAS_FIELD_PASSWORD)
    return g_strdup ("•••");

  if (text == NULL)
    return g_strdup ("");

  /* Every character takes at most 4 bytes and every invalid byte becomes
   * one U+FFFD: this many bytes always give more characters than shown. */
  len = strlen (text);
  len = MIN (len, 4 * (QUOTE_MAX_CHARS + 1));
  valid = g_utf8_make_valid (text, len);

  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (c < 0x20)
        g_string_append_unichar (out, 0x2400 + c);
      else if (c == 0x7f)
        g_string_append_unichar (out, 0x2421);
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

/* One character for a message: quoted when it can be seen, with its code
 * point when it could be mistaken for another (‐ and -) or is invisible. */
static char *
describe_char (gunichar c)
{
  char buf[8] = { 0 };

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return g_strdup_printf ("U+%04X", c);

    default:
      break;
    }

  g_unichar_to_utf8 (c, buf);
  if (c < 0x80)
    /* Translators: a character quoted in a message, e.g. “;” */
    return g_strdup_printf (_("“%s”"), buf);
  else
    /* Translators: a character quoted in a message with its code, e.g. “‐” (U+2010) */
    return g_strdup_printf (_("“%s” (U+%04X)"), buf, c);
}

static gboolean
set_required (CasField   field,
              GError   **error)
{
  /* Translators: %s is a field, e.g. "Last name is required" */
  g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
               _("%s is required"), label (field));
  return FALSE;
}

static gboolean
is_trimmable (gunichar c)
{
  /* Copies from web pages and spreadsheets bring no-break spaces,
   * zero-width spaces and byte-order marks at either end. */
  return g_unichar_isspace (c) || c == 0x200b || c == 0xfeff;
}

/* Checks that @input is UTF-8 and returns a copy without the white space
 * around it; NULL reads as "". */
static char *
prepare_input (CasField     field,
               const char  *input,
               gboolean     trim,
               GError     **error)
{
  const char *start;
  const char *end;

  if (input == NULL)
    input = "";

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_autofree char *quoted = quote_input (field, input);

      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                   _("%s: “%s” is not valid UTF-8 text (was the file saved in another encoding?)"),
                   label (field), quoted);
      return NULL;
    }

  if (!trim)
    return g_strdup (input);

  start = input;
  while (*start != '\0' && is_trimmable (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_trimmable (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 ||
         c == 0x2028 || c == 0x2029;
}

/* Control characters come from pasted text and broken files; they cannot
 * be seen on screen, printed on an attestation or typed at a search. */
static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

static gboolean
check_no_control (CasField     field,
                  const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      guchar byte = (guchar) *p;
      gunichar c;
      g_autofree char *quoted = NULL;

      /* Most text is ASCII: no Unicode tables for it (imports check millions) */
      if (byte >= 0x20 && byte < 0x7f)
        continue;

      c = g_utf8_get_char (p);
      if (c != '\t' && !is_line_break (c) && !g_unichar_iscntrl (c))
        continue;

      quoted = quote_input (field, text);
      if (c == '\t')
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains a tab; type a space instead"),
                     label (field), quoted);
      else if (is_line_break (c))
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains a line break; this field takes a single line"),
                     label (field), quoted);
      else
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains the invisible control character U+%04X; remove it"),
                     label (field), quoted, c);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_length (CasField     field,
              const char  *text,
              guint        max_chars,
              GError     **error)
{
  glong n_chars;

  if (max_chars == 0)
    return TRUE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars <= (glong) max_chars)
    return TRUE;

  g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_TOO_LONG,
               /* Translators: "Last name is too long (101 characters, at most 100)" */
               g_dngettext (GETTEXT_PACKAGE,
                            "%s is too long (%ld character, at most %u)",
                            "%s is too long (%ld characters, at most %u)",
                            n_chars),
               label (field), n_chars, max_chars);
  return FALSE;
}

/* Replaces every run of white space by one ASCII space: names pasted from
 * documents carry double and no-break spaces that would defeat searches. */
static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean in_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          if (!in_space)
            g_string_append_c (out, ' ');
          in_space = TRUE;
        }
      else
        {
          g_string_append_unichar (out, c);
          in_space = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
clean_text (CasField     field,
            const char  *input,
            gboolean     required,
            guint        max_chars,
            gboolean     collapse,
            char       **normalized,
            GError     **error)
{
  /* A password is taken as typed: trimming or normalising it would change
   * which password is stored. */
  gboolean is_password = field == CAS_FIELD_PASSWORD;
  g_autofree char *text = NULL;

  *normalized = NULL;

  text = prepare_input (field, input, !is_password, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return required ? set_required (field, error) : TRUE;

  if (!check_no_control (field, text, error))
    return FALSE;

  /* One spelling per name: "Müller" typed on a Mac arrives as "u" plus a
   * combining diaeresis (NFD) and would not match the same name typed here. */
  if (!is_password && !is_ascii (text))
    {
      char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

      g_free (text);
      text = nfc;
    }

  if (collapse)
    {
      char *collapsed = collapse_spaces (text);

      g_free (text);
      text = collapsed;
    }

  if (!check_length (field, text, max_chars, error))
    return FALSE;

  *normalized = g_steal_pointer (&text);
  return TRUE;
}

/**
 * cas_validate_text:
 * @field: the field, for messages
 * @input: (nullable): what was typed
 * @required: whether an empty value is an error
 * @max_chars: the longest accepted value in characters, 0 for no limit
 * @normalized: (out) (optional) (nullable) (transfer full): the trimmed,
 *   NFC-normalised value, or %NULL when empty
 * @error: return location for a #GError
 *
 * Checks free text. The password field is neither trimmed, normalised nor
 * quoted in messages.
 *
 * Returns: %TRUE if @input is acceptable
 */
gboolean
cas_validate_text (CasField     field,
                   const char  *input,
                   gboolean     required,
                   guint        max_chars,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail ((guint) field < CAS_N_FIELDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  if (!clean_text (field, input, required, max_chars, FALSE, &text, error))
    return FALSE;

  if (normalized != NULL)
    *normalized = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
is_name_punctuation (gunichar c)
{
  /* Apostrophes both straight and typographic: word processors turn
   * "D'Hondt" into "D’Hondt". */
  return c == ' ' || c == '-' || c == '\'' || c == 0x2019 || c == '.';
}

/**
 * cas_validate_name:
 * @field: %CAS_FIELD_FIRST_NAME, %CAS_FIELD_LAST_NAME or another name field
 * @input: (nullable): what was typed
 * @normalized: (out) (optional) (transfer full): the trimmed name with
 *   single spaces
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input is a plausible name in any script
 */
gboolean
cas_validate_name (CasField     field,
                   const char  *input,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *text = NULL;
  gboolean has_letter = FALSE;

  g_return_val_if_fail ((guint) field < CAS_N_FIELDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  if (!clean_text (field, input, TRUE, CAS_MAX_NAME_LENGTH, TRUE, &text, error))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *quoted = NULL;
      g_autofree char *described = NULL;

      if (g_unichar_isalpha (c))
        {
          has_letter = TRUE;
          continue;
        }

      /* Combining marks for decomposed accents and scripts that need them;
       * zero-width (non-)joiners belong to Persian and Indic spellings. */
      if (g_unichar_ismark (c) || is_name_punctuation (c) || c == 0x200c || c == 0x200d)
        continue;

      quoted = quote_input (field, text);
      described = describe_char (c);
      if (g_unichar_isdigit (c))
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains the digit %s; a name has no digits"),
                     label (field), quoted, described);
      else
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains %s, which does not belong in a name"),
                     label (field), quoted, described);
      return FALSE;
    }

  if (!has_letter)
    {
      g_autofree char *quoted = quote_input (field, text);

      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has no letter"), label (field), quoted);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&text);
  return TRUE;
}

typedef enum
{
  DATE_OK,
  DATE_BAD_FORMAT,
  DATE_SHORT_YEAR,
  DATE_DOES_NOT_EXIST,
} DateParse;

/* Reads @min_digits to @max_digits ASCII digits at *@p */
static gboolean
read_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             guint       *value,
             guint       *n_digits)
{
  const char *s = *p;
  guint n = 0;
  guint v = 0;

  while (n < max_digits && g_ascii_isdigit (s[n]))
    {
      v = v * 10 + (s[n] - '0');
      n++;
    }
  if (n < min_digits)
    return FALSE;

  *p = s + n;
  *value = v;
  if (n_digits != NULL)
    *n_digits = n;
  return TRUE;
}

static DateParse
parse_date (const char *text,
            gboolean    iso_only,
            guint      *year,
            guint      *month,
            guint      *day)
{
  const char *p = text;
  guint n_year_digits;
  char sep;

  if (read_number (&p, 4, 4, year, NULL) && *p++ == '-' &&
      read_number (&p, 2, 2, month, NULL) && *p++ == '-' &&
      read_number (&p, 2, 2, day, NULL) && *p == '\0')
    goto check;

  if (iso_only)
    return DATE_BAD_FORMAT;

  p = text;
  if (!read_number (&p, 1, 2, day, NULL))
    return DATE_BAD_FORMAT;
  sep = *p++;
  if (sep != '/' && sep != '.' && sep != '-')
    return DATE_BAD_FORMAT;
  if (!read_number (&p, 1, 2, month, NULL) || *p++ != sep)
    return DATE_BAD_FORMAT;
  if (!read_number (&p, 1, 4, year, &n_year_digits) || *p != '\0')
    return DATE_BAD_FORMAT;
  /* "01/02/34" could be 1934 or 2034: guessing would put wrong birth
   * dates on attestations. */
  if (n_year_digits == 2)
    return DATE_SHORT_YEAR;
  if (n_year_digits != 4)
    return DATE_BAD_FORMAT;

check:
  if (*year < 1 || *month < 1 || *month > 12 || *day < 1 || *day > 31 ||
      !g_date_valid_dmy (*day, *month, *year))
    return DATE_DOES_NOT_EXIST;

  return DATE_OK;
}

/* On success @text holds the trimmed input, for messages */
static gboolean
validate_date (CasField     field,
               const char  *input,
               gboolean     iso_only,
               char       **text,
               guint       *year,
               guint       *month,
               guint       *day,
               GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *quoted = NULL;

  trimmed = prepare_input (field, input, TRUE, error);
  if (trimmed == NULL)
    return FALSE;

  if (*trimmed == '\0')
    return set_required (field, error);

  switch (parse_date (trimmed, iso_only, year, month, day))
    {
    case DATE_OK:
      *text = g_steal_pointer (&trimmed);
      return TRUE;

    case DATE_DOES_NOT_EXIST:
      /* The input matched a date pattern, so it is short and printable */
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_DATE,
                   /* Translators: "Birth date: 31/02/1990 does not exist" */
                   _("%s: %s does not exist"), label (field), trimmed);
      return FALSE;

    case DATE_SHORT_YEAR:
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has a two-digit year; type the year in full, as in 31/12/1990"),
                   label (field), trimmed);
      return FALSE;

    case DATE_BAD_FORMAT:
    default:
      quoted = quote_input (field, trimmed);
      if (iso_only)
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                     _("%s: “%s” is not a date in the form YYYY-MM-DD"),
                     label (field), quoted);
      else
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                     _("%s: “%s” is not a date; type it as DD/MM/YYYY or YYYY-MM-DD"),
                     label (field), quoted);
      return FALSE;
    }
}

/**
 * cas_validate_date:
 * @field: the field, for messages
 * @input: (nullable): what was typed
 * @iso_only: accept only "YYYY-MM-DD"
 * @iso: (out) (optional) (transfer full): the date as "YYYY-MM-DD"
 * @error: return location for a #GError
 *
 * An empty date is a %CAS_VALIDATION_ERROR_REQUIRED error: callers with an
 * optional date test for emptiness first.
 *
 * Returns: %TRUE if @input is a date that exists
 */
gboolean
cas_validate_date (CasField     field,
                   const char  *input,
                   gboolean     iso_only,
                   char       **iso,
                   GError     **error)
{
  g_autofree char *text = NULL;
  guint year, month, day;

  g_return_val_if_fail ((guint) field < CAS_N_FIELDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (iso != NULL)
    *iso = NULL;

  if (!validate_date (field, input, iso_only, &text, &year, &month, &day, error))
    return FALSE;

  if (iso != NULL)
    *iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return TRUE;
}

/**
 * cas_validate_birth_date:
 * @input: (nullable): what was typed
 * @iso_only: accept only "YYYY-MM-DD"
 * @iso: (out) (optional) (transfer full): the date as "YYYY-MM-DD"
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input is a date that exists, from 1900-01-01 to today
 *   in Brussels
 */
gboolean
cas_validate_birth_date (const char  *input,
                         gboolean     iso_only,
                         char       **iso,
                         GError     **error)
{
  const CasField field = CAS_FIELD_BIRTH_DATE;
  g_autofree char *text = NULL;
  g_autofree char *result = NULL;
  g_autofree char *today = NULL;
  guint year, month, day;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (iso != NULL)
    *iso = NULL;

  if (!validate_date (field, input, iso_only, &text, &year, &month, &day, error))
    return FALSE;

  /* ISO dates with four-digit years compare as strings */
  result = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  today = cas_today ();

  if (strcmp (result, "1900-01-01") < 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %s is before 1900"), label (field), text);
      return FALSE;
    }

  if (strcmp (result, today) > 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %s is in the future"), label (field), text);
      return FALSE;
    }

  if (iso != NULL)
    *iso = g_steal_pointer (&result);
  return TRUE;
}

/* NRN */

#define NRN_DIGITS 11

typedef struct
{
  CasNrnInfo info;
  guint      year;
  guint      month;  /* 0 when the NRN does not tell */
  guint      day;    /* 0 when the NRN does not tell */
} NrnDetails;

/* The 11 digits of an NRN written with any of the usual separators */
static gboolean
nrn_extract_digits (const char  *input,
                    char         digits[NRN_DIGITS + 1],
                    GError     **error)
{
  const CasField field = CAS_FIELD_NRN;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  guint n = 0;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *described = NULL;

      if (c >= '0' && c <= '9')
        {
          if (n < NRN_DIGITS)
            digits[n] = (char) c;
          n++;
          continue;
        }

      if (c == '.' || c == '-' || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        continue;

      quoted = quote_input (field, text);
      described = describe_char (c);
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                   _("%s: “%s” contains %s; "
                     "a national register number has only digits, dots and dashes"),
                   label (field), quoted, described);
      return FALSE;
    }

  if (n != NRN_DIGITS)
    {
      quoted = quote_input (field, text);
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: “%s” has %u digit, expected 11",
                                "%s: “%s” has %u digits, expected 11",
                                n),
                   label (field), quoted, n);
      return FALSE;
    }

  digits[NRN_DIGITS] = '\0';
  return TRUE;
}

static guint
digits_value (const char *digits,
              guint       n)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    v = v * 10 + (digits[i] - '0');
  return v;
}

/* "1985-07-30", or "1985-07" and "1985" when the NRN leaves day or month
 * unknown */
static char *
nrn_date_text (guint year,
               guint month,
               guint day)
{
  if (month == 0)
    return g_strdup_printf ("%04u", year);
  if (day == 0)
    return g_strdup_printf ("%04u-%02u", year, month);
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

static gboolean
nrn_parse (const char  *input,
           NrnDetails  *details,
           GError     **error)
{
  const CasField field = CAS_FIELD_NRN;
  g_autofree char *today = NULL;
  guint today_year, today_month, today_day;
  g_autofree char *formatted = NULL;
  char digits[NRN_DIGITS + 1];
  guint64 first_nine;
  guint check, expected_1900, expected_2000;
  guint yy, raw_month, month, day, serial;
  gboolean bis = FALSE;
  gboolean sex_known = TRUE;
  guint year;

  memset (details, 0, sizeof *details);

  if (!nrn_extract_digits (input, digits, error))
    return FALSE;

  formatted = cas_nrn_format (digits);
  today = cas_today ();
  if (sscanf (today, "%u-%u-%u", &today_year, &today_month, &today_day) != 3)
    g_return_val_if_reached (FALSE);

  first_nine = digits_value (digits, 9);
  check = digits_value (digits + 9, 2);
  yy = digits_value (digits, 2);
  raw_month = digits_value (digits + 2, 2);
  day = digits_value (digits + 4, 2);
  serial = digits_value (digits + 6, 3);

  /* The two rules never agree (2000000000 mod 97 is not 0), so the check
   * digit tells the century; 97 - x mod 97 is never 0. */
  expected_1900 = 97 - (guint) (first_nine % 97);
  expected_2000 = 97 - (guint) ((G_GUINT64_CONSTANT (2000000000) + first_nine) % 97);

  if (check == expected_1900)
    year = 1900 + yy;
  else if (check == expected_2000)
    year = 2000 + yy;
  else
    {
      /* Both rules are possible for years up to now: show both */
      if (2000 + yy > today_year)
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_CHECK_DIGIT,
                     /* Translators: "NRN: check digit is 12, expected 28" */
                     _("%s: check digit is %02u, expected %02u"),
                     label (field), check, expected_1900);
      else
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_CHECK_DIGIT,
                     _("%s: check digit is %02u, expected %02u "
                       "(or %02u for a birth in 2000 or later)"),
                     label (field), check, expected_1900, expected_2000);
      return FALSE;
    }

  /* BIS numbers, for people not in the national register, add 20 to the
   * month when the sex was unknown at registration, 40 when it was known. */
  if (raw_month <= 12)
    month = raw_month;
  else if (raw_month >= 20 && raw_month <= 32)
    {
      bis = TRUE;
      sex_known = FALSE;
      month = raw_month - 20;
    }
  else if (raw_month >= 40 && raw_month <= 52)
    {
      bis = TRUE;
      month = raw_month - 40;
    }
  else
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_DATE,
                   _("%s: %s encodes the month %02u, which does not exist"),
                   label (field), formatted, raw_month);
      return FALSE;
    }

  /* Month or day 00: the birth date is unknown to the register */
  if (day > 31 || (month != 0 && day != 0 && !g_date_valid_dmy (day, month, year)))
    {
      g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", year, month, day);

      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_DATE,
                   _("%s: %s encodes the birth date %s, which does not exist"),
                   label (field), formatted, date);
      return FALSE;
    }

  {

    /* Unknown parts count as the earliest possible */
    if (year > today_year ||
        (year == today_year && (month > today_month ||
                                (month == today_month && day > today_day))))
      {
        g_autofree char *date = nrn_date_text (year, month, day);

        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                     _("%s: %s encodes the birth date %s, which is in the future"),
                     label (field), formatted, date);
        return FALSE;
      }
  }

  memcpy (details->info.digits, digits, sizeof details->info.digits);
  if (month != 0 && day != 0)
    g_snprintf (details->info.birth_date, sizeof details->info.birth_date,
                "%04u-%02u-%02u", year, month, day);
  details->info.sex = sex_known ? ((serial % 2) == 1 ? 'M' : 'F') : 0;
  details->info.bis = bis;
  details->year = year;
  details->month = month;
  details->day = day;

  return TRUE;
}

/**
 * cas_nrn_parse:
 * @input: (nullable): what was typed
 * @info: (out) (optional): what the number encodes
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input is a valid NRN or BIS number
 */
gboolean
cas_nrn_parse (const char  *input,
               CasNrnInfo  *info,
               GError     **error)
{
  NrnDetails details;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nrn_parse (input, &details, error))
    {
      if (info != NULL)
        memset (info, 0, sizeof *info);
      return FALSE;
    }

  if (info != NULL)
    *info = details.info;
  return TRUE;
}

static char
sex_from_text (const char *text)
{
  if (text == NULL || text[0] == '\0' || text[1] != '\0')
    return 0;

  switch (g_ascii_toupper (text[0]))
    {
    case 'M': /* male, man, männlich */
    case 'H': /* homme */
      return 'M';

    case 'F': /* female, femme */
    case 'V': /* vrouw */
    case 'W': /* weiblich */
      return 'F';

    default:
      return 0;
    }
}

/**
 * cas_validate_nrn:
 * @input: (nullable): what was typed
 * @birth_date: (nullable): the birth date of the record, ISO 8601
 * @sex: (nullable): the sex of the record, "M" or "F"
 * @digits: (out) (optional) (transfer full): the 11 digits
 * @error: return location for a #GError
 *
 * A @birth_date or @sex that is empty or not valid itself is not compared:
 * its own field reports it. When the NRN knows only the birth year (or year
 * and month), those are compared.
 *
 * Returns: %TRUE if @input is a valid NRN that agrees with the record
 */
gboolean
cas_validate_nrn (const char  *input,
                  const char  *birth_date,
                  const char  *sex,
                  char       **digits,
                  GError     **error)
{
  const CasField field = CAS_FIELD_NRN;
  NrnDetails details;
  g_autofree char *given_sex = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (digits != NULL)
    *digits = NULL;

  if (!nrn_parse (input, &details, error))
    return FALSE;

  if (birth_date != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (birth_date));
      guint year, month, day;

      if (parse_date (trimmed, FALSE, &year, &month, &day) == DATE_OK)
        {
          g_autofree char *given = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
          g_autofree char *encoded = nrn_date_text (details.year, details.month, details.day);

          if (!g_str_has_prefix (given, encoded))
            {
              if (details.info.birth_date[0] != '\0')
                g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INCONSISTENT,
                             /* Translators: "NRN: encodes birth date 1985-07-30,
                              * but the birth date is 1985-07-31" */
                             _("%s: encodes birth date %s, but the birth date is %s"),
                             label (field), encoded, given);
              else
                g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INCONSISTENT,
                             /* Translators: "NRN: encodes a birth in 1985, but
                              * the birth date is 1986-03-02" */
                             _("%s: encodes a birth in %s, but the birth date is %s"),
                             label (field), encoded, given);
              return FALSE;
            }
        }
    }

  if (sex != NULL && details.info.sex != 0)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (sex));
      char given = sex_from_text (trimmed);

      if (given != 0 && given != details.info.sex)
        {
          if (details.info.sex == 'M')
            g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INCONSISTENT,
                         _("%s: encodes a man (odd serial number), but the sex is F"),
                         label (field));
          else
            g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INCONSISTENT,
                         _("%s: encodes a woman (even serial number), but the sex is M"),
                         label (field));
          return FALSE;
        }
    }

  if (digits != NULL)
    *digits = g_strdup (details.info.digits);
  return TRUE;
}

/**
 * cas_nrn_normalize_digits:
 * @input: (nullable): what was typed
 * @digits: (out) (optional) (transfer full): the 11 digits
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input has 11 digits and separators only, whatever its
 *   check digit
 */
gboolean
cas_nrn_normalize_digits (const char  *input,
                          char       **digits,
                          GError     **error)
{
  char buf[NRN_DIGITS + 1];

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (digits != NULL)
    *digits = NULL;

  if (!nrn_extract_digits (input, buf, error))
    return FALSE;

  if (digits != NULL)
    *digits = g_strdup (buf);
  return TRUE;
}

/**
 * cas_nrn_format:
 * @digits: an NRN, as 11 digits or in any usual spelling
 *
 * Returns: (transfer full) (nullable): "85.07.30-033.28", or %NULL if
 *   @digits does not hold 11 digits
 */
char *
cas_nrn_format (const char *digits)
{
  char d[NRN_DIGITS + 1];

  g_return_val_if_fail (digits != NULL, NULL);

  if (!nrn_extract_digits (digits, d, NULL))
    return NULL;

  return g_strdup_printf ("%.2s.%.2s.%.2s-%.3s.%.2s", d, d + 2, d + 4, d + 6, d + 9);
}

/**
 * cas_nrn_mask:
 * @digits: an NRN, as 11 digits or in any usual spelling
 *
 * Hides the serial number and check digit, which with the birth date
 * identify the person; the birth date is shown elsewhere anyway.
 *
 * Returns: (transfer full) (nullable): "85.07.30-***.**", or %NULL if
 *   @digits does not hold 11 digits
 */
char *
cas_nrn_mask (const char *digits)
{
  char d[NRN_DIGITS + 1];

  g_return_val_if_fail (digits != NULL, NULL);

  if (!nrn_extract_digits (digits, d, NULL))
    return NULL;

  return g_strdup_printf ("%.2s.%.2s.%.2s-***.**", d, d + 2, d + 4);
}

/* E-mail */

static gboolean
is_email_local_char (char c)
{
  /* RFC 5322 "atext"; quoted local parts are left out on purpose: nobody
   * gives one at an exam desk and many mail systems refuse them. */
  return c != '\0' &&
         (g_ascii_isalnum (c) || c == '.' || strchr ("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static gboolean
check_email_domain (const char  *text,
                    const char  *domain,
                    GError     **error)
{
  const CasField field = CAS_FIELD_EMAIL;
  g_autofree char *quoted = quote_input (field, text);
  g_auto(GStrv) labels = NULL;
  const char *tld;
  guint n_labels;

  for (const char *p = domain; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        {
          g_autofree char *described = describe_char ((guchar) *p);

          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                       _("%s: “%s” contains %s after the “@”, "
                         "where only letters, digits, dots and hyphens may appear"),
                       label (field), quoted, described);
          return FALSE;
        }
    }

  if (strchr (domain, '.') == NULL)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has no dot in the domain, as in name@example.be"),
                   label (field), quoted);
      return FALSE;
    }

  labels = g_strsplit (domain, ".", -1);
  n_labels = g_strv_length (labels);
  for (guint i = 0; i < n_labels; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0)
        {
          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                       _("%s: “%s” has two dots in a row, "
                         "or a dot at the start or end of the domain"),
                       label (field), quoted);
          return FALSE;
        }
      if (labels[i][0] == '-' || labels[i][len - 1] == '-')
        {
          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                       _("%s: “%s” has a part of the domain that starts or ends with a hyphen"),
                       label (field), quoted);
          return FALSE;
        }
      if (len > DNS_LABEL_MAX_LENGTH)
        {
          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                       _("%s: “%s” has a part of the domain longer than %u characters"),
                       label (field), quoted, DNS_LABEL_MAX_LENGTH);
          return FALSE;
        }
    }

  tld = labels[n_labels - 1];
  for (const char *p = tld; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      goto bad_tld;
  if (strlen (tld) >= 2)
    return TRUE;

bad_tld:
  g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
               _("%s: “%s” does not end with a domain such as .be or .com"),
               label (field), quoted);
  return FALSE;
}

/**
 * cas_validate_email:
 * @input: (nullable): what was typed
 * @normalized: (out) (optional) (transfer full): the address in lower case
 * @error: return location for a #GError
 *
 * Only ASCII addresses are accepted: most mail systems still refuse
 * accented addresses, so an attestation sent to one would be lost.
 *
 * Returns: %TRUE if @input looks like a deliverable address
 */
gboolean
cas_validate_email (const char  *input,
                    char       **normalized,
                    GError     **error)
{
  const CasField field = CAS_FIELD_EMAIL;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *lower = NULL;
  const char *at = NULL;
  const char *domain;
  gsize local_len;
  guint n_at = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  if (!check_length (field, text, CAS_MAX_EMAIL_LENGTH, error) ||
      !check_no_control (field, text, error))
    return FALSE;

  quoted = quote_input (field, text);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '@')
      {
        if (at == NULL)
          at = p;
        n_at++;
      }

  if (n_at == 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has no “@”"), label (field), quoted);
      return FALSE;
    }
  if (n_at > 1)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has more than one “@”; type a single address"),
                   label (field), quoted);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                       _("%s: “%s” contains a space"), label (field), quoted);
          return FALSE;
        }
      if (c >= 0x80)
        {
          g_autofree char *described = describe_char (c);

          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                       _("%s: “%s” contains %s; e-mail addresses use letters without accents"),
                       label (field), quoted, described);
          return FALSE;
        }
    }

  /* Only ASCII from here on */
  lower = g_ascii_strdown (text, -1);
  at = strchr (lower, '@');
  local_len = at - lower;
  domain = at + 1;

  if (local_len == 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has nothing before the “@”"), label (field), quoted);
      return FALSE;
    }
  if (*domain == '\0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   /* Translators: "E-mail: “jean.dupont@” has no domain" */
                   _("%s: “%s” has no domain"), label (field), quoted);
      return FALSE;
    }
  if (local_len > EMAIL_LOCAL_MAX_LENGTH)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_TOO_LONG,
                   _("%s: “%s” has more than %u characters before the “@”"),
                   label (field), quoted, EMAIL_LOCAL_MAX_LENGTH);
      return FALSE;
    }

  for (const char *p = lower; p < at; p++)
    {
      if (!is_email_local_char (*p))
        {
          g_autofree char *described = describe_char ((guchar) *p);

          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                       _("%s: “%s” contains %s, which is not allowed in an e-mail address"),
                       label (field), quoted, described);
          return FALSE;
        }
    }

  if (lower[0] == '.' || at[-1] == '.' || g_strstr_len (lower, local_len, "..") != NULL)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has a dot at the start, just before the “@”, or two dots in a row"),
                   label (field), quoted);
      return FALSE;
    }

  if (!check_email_domain (text, domain, error))
    return FALSE;

  if (normalized != NULL)
    *normalized = g_steal_pointer (&lower);
  return TRUE;
}

/* Phone */

#define E164_MIN_DIGITS 8
#define E164_MAX_DIGITS 15

/**
 * cas_validate_phone:
 * @input: (nullable): what was typed
 * @e164: (out) (optional) (transfer full): the number as "+32470123456"
 * @error: return location for a #GError
 *
 * Belgian numbers have 8 digits after +32, or 9 for mobiles (045x to 049x);
 * Liège landlines (04) have 8. A "(0)" after the country code and a 0 typed
 * after +32 are dropped, as callers from abroad would.
 *
 * Returns: %TRUE if @input is a plausible phone number
 */
gboolean
cas_validate_phone (const char  *input,
                    char       **e164,
                    GError     **error)
{
  const CasField field = CAS_FIELD_PHONE;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(GString) number = NULL;
  gboolean plus = FALSE;
  const char *international;
  const char *national;
  guint n_digits;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (e164 != NULL)
    *e164 = NULL;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  quoted = quote_input (field, text);
  number = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *described = NULL;

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (number, (char) c);
          continue;
        }

      if (c == '+' && number->len == 0 && !plus)
        {
          plus = TRUE;
          continue;
        }

      /* "+32 (0)2 123 45 67": the trunk 0 is not dialled from abroad */
      if (c == '(' && g_str_has_prefix (p, "(0)") &&
          (plus || g_str_has_prefix (number->str, "00")))
        {
          p += 2;
          continue;
        }

      if (c == ' ' || c == '.' || c == '/' || c == '-' || c == '(' || c == ')' ||
          g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        continue;

      described = describe_char (c);
      if (c == '+')
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                     _("%s: “%s” has a “+” that is not at the start"),
                     label (field), quoted);
      else if (g_unichar_isalpha (c))
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains the letter %s; a phone number has only digits"),
                     label (field), quoted, described);
      else
        g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("%s: “%s” contains %s, which does not belong in a phone number"),
                     label (field), quoted, described);
      return FALSE;
    }

  if (number->len == 0)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has no digits"), label (field), quoted);
      return FALSE;
    }

  if (plus)
    international = number->str;
  else if (g_str_has_prefix (number->str, "00"))
    international = number->str + 2;
  else if (number->str[0] == '0')
    {
      /* A national Belgian number: the trunk 0 gives way to +32 */
      g_string_overwrite (number, 0, "2");
      g_string_prepend_c (number, '3');
      international = number->str;
    }
  else
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” must start with 0 for a Belgian number, "
                     "or with + or 00 and the country code"),
                   label (field), quoted);
      return FALSE;
    }

  if (international[0] == '\0' || international[0] == '0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” has no country code after the + or 00"),
                   label (field), quoted);
      return FALSE;
    }

  if (g_str_has_prefix (international, "32"))
    {
      gboolean mobile;
      guint expected;
      gsize offset = international - number->str;

      /* "+32 0470 ..." is a common slip: no Belgian number starts with 0
       * after the country code. */
      if (international[2] == '0')
        {
          g_string_erase (number, offset + 2, 1);
          international = number->str + offset;
        }

      national = international + 2;
      n_digits = strlen (national);
      mobile = national[0] == '4' && national[1] >= '5' && national[1] <= '9';
      expected = mobile ? 9 : 8;

      if (n_digits != expected)
        {
          if (mobile)
            g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%s: “%s” has %u digit after 0 or +32; "
                                      "a Belgian mobile number has 9, as in 0470 12 34 56",
                                      "%s: “%s” has %u digits after 0 or +32; "
                                      "a Belgian mobile number has 9, as in 0470 12 34 56",
                                      n_digits),
                         label (field), quoted, n_digits);
          else
            g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%s: “%s” has %u digit after 0 or +32; "
                                      "a Belgian landline number has 8, as in 02 123 45 67",
                                      "%s: “%s” has %u digits after 0 or +32; "
                                      "a Belgian landline number has 8, as in 02 123 45 67",
                                      n_digits),
                         label (field), quoted, n_digits);
          return FALSE;
        }
    }
  else
    {
      n_digits = strlen (international);
      if (n_digits < E164_MIN_DIGITS || n_digits > E164_MAX_DIGITS)
        {
          g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%s: “%s” has %u digit after the country prefix; "
                                    "an international number has 8 to 15",
                                    "%s: “%s” has %u digits after the country prefix; "
                                    "an international number has 8 to 15",
                                    n_digits),
                       label (field), quoted, n_digits);
          return FALSE;
        }
    }

  if (e164 != NULL)
    *e164 = g_strconcat ("+", international, NULL);
  return TRUE;
}

/**
 * cas_validate_language:
 * @input: (nullable): what was typed
 * @normalized: (out) (optional) (transfer full): "fr", "nl", "de" or "en"
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input is a language attestations are issued in
 */
gboolean
cas_validate_language (const char  *input,
                       char       **normalized,
                       GError     **error)
{
  static const char * const languages[] = { "fr", "nl", "de", "en" };
  const CasField field = CAS_FIELD_LANGUAGE;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      if (g_ascii_strcasecmp (text, languages[i]) == 0)
        {
          if (normalized != NULL)
            *normalized = g_strdup (languages[i]);
          return TRUE;
        }
    }

  quoted = quote_input (field, text);
  g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
               _("%s: “%s” is not one of fr, nl, de or en"), label (field), quoted);
  return FALSE;
}

/**
 * cas_validate_sex:
 * @input: (nullable): what was typed
 * @normalized: (out) (optional) (transfer full): "M" or "F"
 * @error: return location for a #GError
 *
 * Besides M and F, takes the initials Belgian forms use in French (H,
 * homme), Dutch (V, vrouw) and German (W, weiblich).
 *
 * Returns: %TRUE if @input tells a sex
 */
gboolean
cas_validate_sex (const char  *input,
                  char       **normalized,
                  GError     **error)
{
  const CasField field = CAS_FIELD_SEX;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  char sex;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  sex = sex_from_text (text);
  if (sex == 0)
    {
      quoted = quote_input (field, text);
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” is neither M nor F"), label (field), quoted);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strndup (&sex, 1);
  return TRUE;
}

/**
 * cas_validate_postcode:
 * @input: (nullable): what was typed
 * @normalized: (out) (optional) (transfer full): the four digits
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @input is a Belgian postcode
 */
gboolean
cas_validate_postcode (const char  *input,
                       char       **normalized,
                       GError     **error)
{
  const CasField field = CAS_FIELD_POSTCODE;
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  const char *p;
  guint value;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (normalized != NULL)
    *normalized = NULL;

  text = prepare_input (field, input, TRUE, error);
  if (text == NULL)
    return FALSE;

  if (*text == '\0')
    return set_required (field, error);

  p = text;
  if (!read_number (&p, 4, 4, &value, NULL) || *p != '\0')
    {
      quoted = quote_input (field, text);
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT,
                   _("%s: “%s” is not a Belgian postcode, which has 4 digits"),
                   label (field), quoted);
      return FALSE;
    }

  if (value < 1000)
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s: %s is not a Belgian postcode; they run from 1000 to 9999"),
                   label (field), text);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&text);
  return TRUE;
}
