/* test-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cas-test-utils.h"
#include "cas-util.h"
#include "cas-validate.h"

/* However long the input, a message must fit in a dialog or a CSV report */
#define MAX_MESSAGE_CHARS 200

/* Every message names its field first, stays short and on one line */
static void
check_message (const char *message,
               CasField    field)
{
  const char *label = cas_field_get_label (field);

  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  if (!g_str_has_prefix (message, label))
    g_error ("message “%s” does not start with the label “%s”", message, label);
  g_assert_cmpint (g_utf8_strlen (message, -1), <=, MAX_MESSAGE_CHARS);
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

#define assert_validation_error(err, code, field)                \
  G_STMT_START {                                                 \
    g_assert_error ((err), CAS_VALIDATION_ERROR, (code));        \
    check_message ((err)->message, (field));                     \
  } G_STMT_END

#define assert_message_contains(err, text)                       \
  G_STMT_START {                                                 \
    if (strstr ((err)->message, (text)) == NULL)                 \
      g_error ("message “%s” does not contain “%s”",             \
               (err)->message, (text));                          \
  } G_STMT_END

/* Computes an NRN from scratch, independently of the code under test.
 * @month_field is the month as written in the number (BIS: + 20 or + 40). */
static char *
make_nrn (guint year,
          guint month_field,
          guint day,
          guint serial)
{
  guint64 n = (guint64) (year % 100) * 10000000 + month_field * 100000 + day * 1000 + serial;
  guint64 base = year >= 2000 ? n + 2000000000 : n;

  return g_strdup_printf ("%09" G_GUINT64_FORMAT "%02u", n, (guint) (97 - base % 97));
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static char *
today_plus_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static int
this_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());

  return g_date_time_get_year (now);
}

/* Fields */

static void
test_field_labels_and_keys (void)
{
  static const char * const keys[CAS_N_FIELDS] = {
    "external_ref", "first_name", "last_name", "birth_date", "sex", "nrn",
    "email", "phone", "street", "postcode", "city", "language", "login",
    "password", "company_name", "enterprise_number", "exam_code",
    "exam_title", "starts_at", "duration", "location", "room", "capacity",
    "score", "reason", "since", "until",
  };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint f = 0; f < CAS_N_FIELDS; f++)
    {
      const char *label = cas_field_get_label (f);

      g_assert_cmpstr (cas_field_get_key (f), ==, keys[f]);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      /* Two fields with one label would make messages ambiguous */
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
    }

  g_assert_cmpstr (cas_field_get_label (CAS_FIELD_BIRTH_DATE), ==, "Birth date");
  g_assert_cmpstr (cas_field_get_label (CAS_FIELD_NRN), ==, "NRN");
  g_assert_cmpstr (cas_field_get_label (CAS_FIELD_EMAIL), ==, "E-mail");
  g_assert_cmpstr (cas_field_get_label (CAS_FIELD_LAST_NAME), ==, "Last name");
}

static void
test_field_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      cas_field_get_label (CAS_N_FIELDS);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*field*");
}

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (CAS_VALIDATION_ERROR), ==, "cas-validation-error-quark");
}

/* Text */

static void
test_text_trim (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (cas_validate_text (CAS_FIELD_STREET, "  Rue de la Loi 16 \n", TRUE, 200,
                                    &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Rue de la Loi 16");
  g_clear_pointer (&out, g_free);

  /* No-break spaces, zero-width spaces and a BOM from pasted text */
  g_assert_true (cas_validate_text (CAS_FIELD_CITY,
                                    "\xef\xbb\xbf\xc2\xa0Li\xc3\xa8ge\xe2\x80\x8b\xc2\xa0",
                                    TRUE, 200, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Liège");
  g_clear_pointer (&out, g_free);

  /* Inner spaces of free text are kept as typed */
  g_assert_true (cas_validate_text (CAS_FIELD_STREET, "Rue  Haute", TRUE, 200, &out, &error));
  g_assert_cmpstr (out, ==, "Rue  Haute");

  /* The out parameter is optional */
  g_assert_true (cas_validate_text (CAS_FIELD_CITY, "Gent", TRUE, 200, NULL, &error));
  g_assert_no_error (error);
}

static void
test_text_required (void)
{
  const char *empties[] = { NULL, "", "   ", "\t\n", "\xc2\xa0" };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_text (CAS_FIELD_CITY, empties[i], TRUE, 200, &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_CITY);
      g_assert_cmpstr (error->message, ==, "City is required");
      g_assert_null (out);
    }
}

static void
test_text_optional_empty (void)
{
  const char *empties[] = { NULL, "", "   " };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_true (cas_validate_text (CAS_FIELD_ROOM, empties[i], FALSE, 200, &out, &error));
      g_assert_no_error (error);
      g_assert_null (out);
    }
}

static void
test_text_length_in_characters (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *accented = repeat ("é", 100);
  g_autofree char *too_long = repeat ("é", 101);
  g_autofree char *chinese = repeat ("王", 10);
  g_autofree char *out = NULL;

  /* 200 bytes, 100 characters: fits */
  g_assert_true (cas_validate_text (CAS_FIELD_CITY, accented, TRUE, 100, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, accented);
  g_clear_pointer (&out, g_free);

  g_assert_true (cas_validate_text (CAS_FIELD_CITY, chinese, TRUE, 10, &out, &error));
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);

  g_assert_false (cas_validate_text (CAS_FIELD_CITY, too_long, TRUE, 100, &out, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_TOO_LONG, CAS_FIELD_CITY);
  g_assert_cmpstr (error->message, ==, "City is too long (101 characters, at most 100)");
  g_assert_null (out);
}

static void
test_text_control_characters (void)
{
  struct {
    const char *input;
    const char *says;
  } cases[] = {
    { "Rue\tHaute", "tab" },
    { "Rue\nHaute", "line break" },
    { "Rue\r\nHaute", "line break" },
    { "Rue\xe2\x80\xa8Haute", "line break" },   /* U+2028 */
    { "Rue\x01Haute", "U+0001" },
    { "Rue\x7fHaute", "U+007F" },
    { "Rue\xc2\x85Haute", "line break" },       /* U+0085 */
    { "Rue\xc2\x9bHaute", "U+009B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_text (CAS_FIELD_STREET, cases[i].input, TRUE, 200,
                                         &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_STREET);
      assert_message_contains (error, cases[i].says);
      g_assert_null (out);
    }
}

static void
test_text_invalid_utf8 (void)
{
  const char *inputs[] = {
    "Jos\xe9",               /* Latin-1 é */
    "\xff\xfe",
    "Caf\xc3",               /* truncated sequence */
    "\xc0\xaf",              /* overlong "/" */
    "\xed\xa0\x80",          /* encoded surrogate */
    "\xf4\x90\x80\x80",      /* beyond U+10FFFF */
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_text (CAS_FIELD_CITY, inputs[i], FALSE, 200, &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_CITY);
      assert_message_contains (error, "UTF-8");
      g_assert_null (out);
    }
}

static void
test_text_nfc (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* "Müller" as a Mac types it: u + U+0308 */
  g_assert_true (cas_validate_text (CAS_FIELD_CITY, "Mu\xcc\x88ller", TRUE, 6, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "M\xc3\xbcller");
}

static void
test_text_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* Taken as typed */
  g_assert_true (cas_validate_text (CAS_FIELD_PASSWORD, " s3cret ", TRUE, 64, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, " s3cret ");

  /* Never shown in a message */
  g_assert_false (cas_validate_text (CAS_FIELD_PASSWORD, "hunter2\tx", TRUE, 64, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_PASSWORD);
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  g_assert_false (cas_validate_text (CAS_FIELD_PASSWORD, "hunter2\xff", TRUE, 64, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_PASSWORD);
  g_assert_null (strstr (error->message, "hunter2"));
}

static void
test_text_no_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = repeat ("x", 5000);

  g_assert_true (cas_validate_text (CAS_FIELD_REASON, big, TRUE, 0, NULL, &error));
  g_assert_no_error (error);
}

/* Names */

static void
test_name_valid (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "O'Brien", "O'Brien" },
    { "Van den Broeck", "Van den Broeck" },
    { "Jean-Pierre", "Jean-Pierre" },
    { "D’Hondt", "D’Hondt" },
    { "Müller", "Müller" },
    { "Ñúñez", "Ñúñez" },
    { "Łukasz", "Łukasz" },
    { "'t Hooft", "'t Hooft" },
    { "St. John", "St. John" },
    { "  Van   den\xc2\xa0 Broeck  ", "Van den Broeck" },
    { "Jean - Pierre", "Jean - Pierre" },
    { "Mu\xcc\x88ller", "Müller" },           /* decomposed, comes back composed */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      if (!cas_validate_name (CAS_FIELD_LAST_NAME, cases[i].input, &out, &error))
        g_error ("“%s” rejected: %s", cases[i].input, error->message);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_name_other_scripts (void)
{
  const char *names[] = {
    "محمد",                  /* Arabic */
    "عبد الله",              /* Arabic, two words */
    "Иван",                  /* Cyrillic */
    "Ёлкина-Щукина",         /* Cyrillic with hyphen */
    "王",                    /* Chinese */
    "山田",                  /* Japanese kanji */
    "Γιώργος",               /* Greek */
    "דוד",                   /* Hebrew */
    "नेहा",                   /* Devanagari, with combining vowel signs */
    "Nguyễn",                /* Vietnamese */
    "Şükrü",                 /* Turkish */
    "میلاد" "\xe2\x80\x8c" "حسینی",  /* Persian with a zero-width non-joiner */
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      if (!cas_validate_name (CAS_FIELD_FIRST_NAME, names[i], &out, &error))
        g_error ("“%s” rejected: %s", names[i], error->message);
      g_assert_nonnull (out);
    }
}

static void
test_name_sql (void)
{
  g_autoptr(GError) error = NULL;
  char *out = (char *) "untouched";

  g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, "Robert'); DROP TABLE person;--",
                                     &out, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_FIRST_NAME);
  /* The apostrophe is fine in a name: the parenthesis is the culprit */
  g_assert_cmpstr (error->message, ==,
                   "First name: “Robert'); DROP TABLE person;--” contains “)”, "
                   "which does not belong in a name");
  g_assert_null (out);
}

static void
test_name_forbidden_characters (void)
{
  const char *bad[] = {
    ";", "(", ")", "=", "<", ">", "\"", "\\", "/", "@", "_", "*", "&", "%", "!", "?", ",",
    "+", "#", "😀",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *input = g_strdup_printf ("Jean%sPierre", bad[i]);
      g_autofree char *named = g_strdup_printf ("contains “%s”", bad[i]);

      g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, input, NULL, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                               CAS_FIELD_FIRST_NAME);
      assert_message_contains (error, named);
    }
}

static void
test_name_lookalike_named_by_code (void)
{
  g_autoptr(GError) error = NULL;

  /* U+2010 HYPHEN looks like "-": the message gives its code */
  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, "Dupont\xe2\x80\x90" "Durand",
                                     NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_LAST_NAME);
  assert_message_contains (error, "U+2010");
  g_clear_error (&error);

  /* An invisible zero-width space inside a name */
  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, "Du\xe2\x80\x8bpont", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_LAST_NAME);
  assert_message_contains (error, "U+200B");
}

static void
test_name_digits (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, "Jean2", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_FIRST_NAME);
  assert_message_contains (error, "digit “2”");
  g_clear_error (&error);

  /* Arabic-Indic digit three */
  g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, "محمد\xd9\xa3", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_FIRST_NAME);
  assert_message_contains (error, "digit");
}

static void
test_name_no_letter (void)
{
  const char *inputs[] = { "-", "'", "...", "- ' .", "\xcc\x88" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, inputs[i], NULL, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_LAST_NAME);
      assert_message_contains (error, "no letter");
    }
}

static void
test_name_tab_newline (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, "Jean\tPierre", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_FIRST_NAME);
  assert_message_contains (error, "tab");
  /* The quoted input shows where the tab is */
  assert_message_contains (error, "Jean␉Pierre");
  g_clear_error (&error);

  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, "Van\nDamme", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_LAST_NAME);
  assert_message_contains (error, "line break");
  g_clear_error (&error);

  /* Around the name they are only trimmed */
  g_assert_true (cas_validate_name (CAS_FIELD_LAST_NAME, "\tDamme\n", NULL, &error));
  g_assert_no_error (error);
}

static void
test_name_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = repeat ("a", CAS_MAX_NAME_LENGTH);
  g_autofree char *huge = repeat ("a", 10000);
  g_autofree char *spaced = g_strconcat ("a", "          ", longest + 2, NULL);

  g_assert_true (cas_validate_name (CAS_FIELD_LAST_NAME, longest, NULL, &error));
  g_assert_no_error (error);

  /* Length counts after collapsing spaces */
  g_assert_true (cas_validate_name (CAS_FIELD_LAST_NAME, spaced, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, huge, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_TOO_LONG, CAS_FIELD_LAST_NAME);
  g_assert_cmpstr (error->message, ==, "Last name is too long (10000 characters, at most 100)");
}

static void
test_name_null_empty (void)
{
  const char *empties[] = { NULL, "", "  " };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_name (CAS_FIELD_FIRST_NAME, empties[i], &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_FIRST_NAME);
      g_assert_cmpstr (error->message, ==, "First name is required");
      g_assert_null (out);
    }
}

static void
test_name_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, "M\xfcller", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS, CAS_FIELD_LAST_NAME);
  assert_message_contains (error, "UTF-8");
  /* The bad byte shows as a replacement character */
  assert_message_contains (error, "M\xef\xbf\xbdller");
}

/* Dates */

static void
test_date_forms (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "1990-03-15", "1990-03-15" },
    { " 1990-03-15 ", "1990-03-15" },
    { "15/03/1990", "1990-03-15" },
    { "15.03.1990", "1990-03-15" },
    { "15-03-1990", "1990-03-15" },
    { "5/3/1990", "1990-03-05" },
    { "5.3.1990", "1990-03-05" },
    { "05-3-1990", "1990-03-05" },
    { "2024-02-29", "2024-02-29" },
    { "29/02/2000", "2000-02-29" },
    { "31/12/1999", "1999-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;

      if (!cas_validate_date (CAS_FIELD_SESSION_START, cases[i].input, FALSE, &iso, &error))
        g_error ("“%s” rejected: %s", cases[i].input, error->message);
      g_assert_cmpstr (iso, ==, cases[i].expected);
    }
}

static void
test_date_iso_only (void)
{
  const char *others[] = { "15/03/1990", "15.03.1990", "15-03-1990", "1990-3-15", "1990-03-5" };
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;

  g_assert_true (cas_validate_date (CAS_FIELD_BIRTH_DATE, "1990-03-15", TRUE, &iso, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (iso, ==, "1990-03-15");

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_clear_error (&error);
      g_clear_pointer (&iso, g_free);
      g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, others[i], TRUE, &iso, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_BIRTH_DATE);
      assert_message_contains (error, "YYYY-MM-DD");
      g_assert_null (iso);
    }

  g_clear_error (&error);
  g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, "15/03/1990", TRUE, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "Birth date: “15/03/1990” is not a date in the form YYYY-MM-DD");
}

static void
test_date_does_not_exist (void)
{
  const char *inputs[] = {
    "1990-02-31", "2023-02-29", "1900-02-29", "2021-04-31", "2021-13-01",
    "2021-00-10", "2021-01-00", "2021-01-32", "0000-01-01", "31/02/1990",
    "29.02.2023", "32-01-2020", "1/13/2020",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      char *iso = (char *) "untouched";

      g_clear_error (&error);
      g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, inputs[i], FALSE, &iso, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_BIRTH_DATE);
      assert_message_contains (error, "does not exist");
      g_assert_null (iso);
    }

  g_clear_error (&error);
  g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, "31/02/1990", FALSE, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Birth date: 31/02/1990 does not exist");

  /* The same in ISO-only mode is a date that does not exist, not a bad form */
  g_clear_error (&error);
  g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, "2023-02-29", TRUE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_BIRTH_DATE);
  g_assert_cmpstr (error->message, ==, "Birth date: 2023-02-29 does not exist");
}

static void
test_date_bad_format (void)
{
  const char *inputs[] = {
    "yesterday", "1990", "1990-03", "1990/03/15", "15/03-1990", "15 03 1990",
    "15031990", "1990-03-15T10:00", "15/03/1990x", "x15/03/1990", "15//1990",
    "15/03/199", "15/03/19900", "١٩٩٠-٠٣-١٥", "-1/03/1990", "+15/03/1990",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_clear_error (&error);
      if (cas_validate_date (CAS_FIELD_SESSION_START, inputs[i], FALSE, NULL, &error))
        g_error ("“%s” accepted", inputs[i]);
      assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_SESSION_START);
    }

  g_clear_error (&error);
  g_assert_false (cas_validate_date (CAS_FIELD_SESSION_START, "yesterday", FALSE, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "Session start: “yesterday” is not a date; "
                   "type it as DD/MM/YYYY or YYYY-MM-DD");
}

static void
test_date_two_digit_year (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cas_validate_date (CAS_FIELD_BIRTH_DATE, "01/02/34", FALSE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_BIRTH_DATE);
  assert_message_contains (error, "year in full");
}

static void
test_date_null_empty (void)
{
  const char *empties[] = { NULL, "", " " };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *iso = (char *) "untouched";

      g_assert_false (cas_validate_date (CAS_FIELD_SESSION_START, empties[i], FALSE, &iso, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_SESSION_START);
      g_assert_null (iso);
      g_clear_error (&error);

      g_assert_false (cas_validate_birth_date (empties[i], FALSE, NULL, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_BIRTH_DATE);
    }
}

static void
test_birth_date_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *today = today_plus_days (0);
  g_autofree char *tomorrow = today_plus_days (1);

  g_assert_true (cas_validate_birth_date ("30/07/1985", FALSE, &iso, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (iso, ==, "1985-07-30");
  g_clear_pointer (&iso, g_free);

  g_assert_true (cas_validate_birth_date ("1900-01-01", TRUE, &iso, &error));
  g_assert_no_error (error);
  g_clear_pointer (&iso, g_free);

  g_assert_true (cas_validate_birth_date (today, TRUE, &iso, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (iso, ==, today);
  g_clear_pointer (&iso, g_free);

  g_assert_true (cas_validate_birth_date ("2024-02-29", TRUE, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cas_validate_birth_date (tomorrow, TRUE, &iso, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_OUT_OF_RANGE, CAS_FIELD_BIRTH_DATE);
  assert_message_contains (error, "future");
  g_assert_null (iso);
  g_clear_error (&error);

  g_assert_false (cas_validate_birth_date ("31/12/1899", FALSE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_OUT_OF_RANGE, CAS_FIELD_BIRTH_DATE);
  g_assert_cmpstr (error->message, ==, "Birth date: 31/12/1899 is before 1900");
  g_clear_error (&error);

  /* A date that does not exist is reported as such, not as out of range */
  g_assert_false (cas_validate_birth_date ("1990-02-31", TRUE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_BIRTH_DATE);
  g_clear_error (&error);

  g_assert_false (cas_validate_birth_date ("2023-02-29", TRUE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_BIRTH_DATE);
  g_clear_error (&error);

  g_assert_false (cas_validate_birth_date ("30/07/1985", TRUE, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_BIRTH_DATE);
}

/* NRN */

static void
test_nrn_helper (void)
{
  /* The helper agrees with published examples before trusting it below */
  g_autofree char *a = make_nrn (1985, 7, 30, 33);
  g_autofree char *b = make_nrn (2003, 5, 17, 135);
  g_autofree char *c = make_nrn (2000, 2, 29, 1);

  g_assert_cmpstr (a, ==, "85073003328");
  g_assert_cmpstr (b, ==, "03051713564");
  g_assert_cmpstr (c, ==, "00022900145");
}

static void
test_nrn_check_digit_1900 (void)
{
  g_autoptr(GError) error = NULL;
  CasNrnInfo info;

  g_assert_true (cas_nrn_parse ("85.07.30-033.28", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.digits, ==, "85073003328");
  g_assert_cmpstr (info.birth_date, ==, "1985-07-30");
  g_assert_cmpint (info.sex, ==, 'M');
  g_assert_false (info.bis);

  /* A woman born in 1990: even serial number */
  g_assert_true (cas_nrn_parse ("90120100202", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "1990-12-01");
  g_assert_cmpint (info.sex, ==, 'F');

  g_assert_true (cas_nrn_parse ("99123199841", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "1999-12-31");
  g_assert_cmpint (info.sex, ==, 'F');
}

static void
test_nrn_check_digit_2000 (void)
{
  g_autoptr(GError) error = NULL;
  CasNrnInfo info;

  /* Under the 1900 rule this number would need check digit 35 */
  g_assert_true (cas_nrn_parse ("03.05.17-135.64", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "2003-05-17");
  g_assert_cmpint (info.sex, ==, 'M');

  g_assert_true (cas_nrn_parse ("10010508412", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "2010-01-05");
  g_assert_cmpint (info.sex, ==, 'F');

  /* 00.02.29 is 29 February 2000 under the 2000 rule... */
  g_assert_true (cas_nrn_parse ("00022900145", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "2000-02-29");

  /* ...but 1900 was not a leap year */
  g_assert_false (cas_nrn_parse ("00022900116", &info, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_NRN);
  assert_message_contains (error, "1900-02-29");
  g_assert_cmpstr (info.digits, ==, "");
}

static void
test_nrn_generated (void)
{
  /* Every day of leap and common years, both sexes, both centuries */
  static const guint years[] = { 1947, 1996, 2000, 2004, 2013 };
  guint n = 0;

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    for (guint m = 1; m <= 12; m++)
      for (guint d = 1; d <= g_date_get_days_in_month (m, years[y]); d++)
        {
          guint serial = 1 + (d * 37 + m * 11) % 997;
          g_autofree char *digits = make_nrn (years[y], m, d, serial);
          g_autofree char *expected = g_strdup_printf ("%04u-%02u-%02u", years[y], m, d);
          g_autoptr(GError) error = NULL;
          CasNrnInfo info;

          if (!cas_nrn_parse (digits, &info, &error))
            g_error ("%s rejected: %s", digits, error->message);
          g_assert_cmpstr (info.birth_date, ==, expected);
          g_assert_cmpint (info.sex, ==, serial % 2 ? 'M' : 'F');
          n++;
        }

  g_assert_cmpuint (n, ==, 366 * 3 + 365 * 2);
}

static void
test_nrn_wrong_check_digit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  CasNrnInfo info;

  g_assert_false (cas_nrn_parse ("85.07.30-033.12", &info, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_CHECK_DIGIT, CAS_FIELD_NRN);
  /* 2085 has not come yet: only the 1900 rule is possible */
  g_assert_cmpstr (error->message, ==, "NRN: check digit is 12, expected 28");
  g_clear_error (&error);

  /* 03 may be 1903 or 2003: both expected values are given */
  g_assert_false (cas_nrn_parse ("03051713500", &info, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_CHECK_DIGIT, CAS_FIELD_NRN);
  assert_message_contains (error, "check digit is 00, expected 35");
  assert_message_contains (error, "64");
  g_clear_error (&error);

  /* A one-digit slip anywhere is caught */
  for (guint i = 0; i < 11; i++)
    {
      char typo[12] = "85073003328";

      typo[i] = typo[i] == '9' ? '0' : typo[i] + 1;
      g_assert_false (cas_validate_nrn (typo, NULL, NULL, &digits, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == CAS_VALIDATION_ERROR);
      g_assert_null (digits);
      g_clear_error (&error);
    }

  /* The legacy path keeps such numbers */
  g_assert_true (cas_nrn_normalize_digits ("85.07.30-033.12", &digits, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (digits, ==, "85073003312");
}

static void
test_nrn_separators (void)
{
  const char *spellings[] = {
    "85.07.30-033.28", "85073003328", "850730 033 28", "85-07-30-033-28",
    "  85 07 30 033 28  ", "85.07.30.033.28",
    "85\xc2\xa0" "07\xc2\xa0" "30\xc2\xa0" "033\xc2\xa0" "28",   /* no-break spaces */
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;

      if (!cas_validate_nrn (spellings[i], NULL, NULL, &digits, &error))
        g_error ("“%s” rejected: %s", spellings[i], error->message);
      g_assert_cmpstr (digits, ==, "85073003328");
    }
}

static void
test_nrn_format_errors (void)
{
  struct {
    const char *input;
    int         code;
    const char *says;
  } cases[] = {
    { "8507300332", CAS_VALIDATION_ERROR_FORMAT, "10 digits" },
    { "850730033288", CAS_VALIDATION_ERROR_FORMAT, "12 digits" },
    { "85.07.30", CAS_VALIDATION_ERROR_FORMAT, "6 digits" },
    { "...", CAS_VALIDATION_ERROR_FORMAT, "0 digits" },
    { "85O73003328", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“O”" },
    { "85/07/30-033.28", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“/”" },
    { "85073003328;", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“;”" },
    { "８５073003328", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "U+FF18" },
    { "85073003\xff" "328", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;

      g_assert_false (cas_nrn_parse (cases[i].input, NULL, &error));
      assert_validation_error (error, cases[i].code, CAS_FIELD_NRN);
      assert_message_contains (error, cases[i].says);
      g_clear_error (&error);

      /* The legacy path is as strict about the form */
      g_assert_false (cas_nrn_normalize_digits (cases[i].input, &digits, &error));
      assert_validation_error (error, cases[i].code, CAS_FIELD_NRN);
      g_assert_null (digits);
    }
}

static void
test_nrn_null_empty (void)
{
  const char *empties[] = { NULL, "", "   " };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *digits = (char *) "untouched";
      CasNrnInfo info;

      g_assert_false (cas_nrn_parse (empties[i], &info, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_NRN);
      g_clear_error (&error);

      g_assert_false (cas_validate_nrn (empties[i], NULL, NULL, &digits, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_NRN);
      g_assert_null (digits);
      g_clear_error (&error);

      digits = (char *) "untouched";
      g_assert_false (cas_nrn_normalize_digits (empties[i], &digits, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_NRN);
      g_assert_null (digits);
    }
}

static void
test_nrn_bis (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plus20 = make_nrn (1985, 7 + 20, 30, 33);
  g_autofree char *plus40 = make_nrn (1985, 7 + 40, 30, 34);
  g_autofree char *plus40_2000 = make_nrn (2004, 12 + 40, 31, 101);
  CasNrnInfo info;

  g_assert_cmpstr (plus20, ==, "85273003371");
  g_assert_cmpstr (plus40, ==, "85473003416");

  /* + 20: the sex was unknown when the number was given */
  g_assert_true (cas_nrn_parse (plus20, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.bis);
  g_assert_cmpstr (info.birth_date, ==, "1985-07-30");
  g_assert_cmpint (info.sex, ==, 0);

  /* + 40: the sex is known */
  g_assert_true (cas_nrn_parse (plus40, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.bis);
  g_assert_cmpstr (info.birth_date, ==, "1985-07-30");
  g_assert_cmpint (info.sex, ==, 'F');

  g_assert_true (cas_nrn_parse (plus40_2000, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.bis);
  g_assert_cmpstr (info.birth_date, ==, "2004-12-31");
  g_assert_cmpint (info.sex, ==, 'M');

  /* BIS with an unknown birth date */
  g_assert_true (cas_nrn_parse ("05400000719", &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.bis);
  g_assert_cmpstr (info.birth_date, ==, "");
  g_assert_cmpint (info.sex, ==, 'M');

  /* No sex to compare with a + 20 number */
  g_assert_true (cas_validate_nrn (plus20, "1985-07-30", "F", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cas_validate_nrn (plus20, "1985-07-30", "M", NULL, &error));
  g_assert_no_error (error);

  /* + 40 numbers are compared */
  g_assert_false (cas_validate_nrn (plus40, "1985-07-30", "M", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
}

static void
test_nrn_unknown_birth_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day_unknown = make_nrn (1970, 6, 0, 102);
  CasNrnInfo info;

  g_assert_true (cas_nrn_parse ("70000010111", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "");
  g_assert_cmpint (info.sex, ==, 'M');
  g_assert_false (info.bis);

  g_assert_true (cas_nrn_parse (day_unknown, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.birth_date, ==, "");
  g_assert_cmpint (info.sex, ==, 'F');

  /* Any date in the encoded year agrees */
  g_assert_true (cas_validate_nrn ("70000010111", "1970-03-02", "M", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cas_validate_nrn ("70000010111", "1971-03-02", NULL, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  g_assert_cmpstr (error->message, ==,
                   "NRN: encodes a birth in 1970, but the birth date is 1971-03-02");
  g_clear_error (&error);

  /* Known month, unknown day: year and month must agree */
  g_assert_true (cas_validate_nrn (day_unknown, "1970-06-17", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cas_validate_nrn (day_unknown, "1970-07-17", NULL, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  assert_message_contains (error, "1970-06");
}

static void
test_nrn_invalid_encoded_date (void)
{
  struct {
    guint       year, month, day;
    const char *says;
  } cases[] = {
    { 1990, 2, 31, "1990-02-31" },
    { 2023, 2, 29, "2023-02-29" },
    { 1990, 4, 31, "1990-04-31" },
    { 1990, 15, 1, "month 15" },
    { 1990, 33, 1, "month 33" },
    { 1990, 53, 1, "month 53" },
    { 1990, 99, 1, "month 99" },
    { 1990, 1, 32, "1990-01-32" },
    { 1990, 0, 45, "day" },
    { 1990, 2 + 20, 30, "1990-02-30" },   /* BIS too */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *nrn = make_nrn (cases[i].year, cases[i].month, cases[i].day, 1);

      if (cas_nrn_parse (nrn, NULL, &error))
        g_error ("%s accepted", nrn);
      assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_DATE, CAS_FIELD_NRN);
      if (cases[i].month != 0)
        assert_message_contains (error, cases[i].says);
    }

  /* 2024 was a leap year */
  {
    g_autoptr(GError) error = NULL;
    CasNrnInfo info;

    g_assert_true (cas_nrn_parse ("24022901253", &info, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (info.birth_date, ==, "2024-02-29");
  }
}

static void
test_nrn_future (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *next_year = make_nrn (this_year () + 1, 1, 1, 1);
  g_autofree char *born_tomorrow = make_nrn (g_date_time_get_year (tomorrow),
                                             g_date_time_get_month (tomorrow),
                                             g_date_time_get_day_of_month (tomorrow), 1);
  g_autofree char *born_today = make_nrn (g_date_time_get_year (now),
                                          g_date_time_get_month (now),
                                          g_date_time_get_day_of_month (now), 2);

  g_assert_false (cas_nrn_parse (next_year, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_OUT_OF_RANGE, CAS_FIELD_NRN);
  assert_message_contains (error, "future");
  g_clear_error (&error);

  g_assert_false (cas_nrn_parse (born_tomorrow, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_OUT_OF_RANGE, CAS_FIELD_NRN);
  g_clear_error (&error);

  g_assert_true (cas_nrn_parse (born_today, NULL, &error));
  g_assert_no_error (error);
}

static void
test_nrn_consistency (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;

  g_assert_true (cas_validate_nrn ("85.07.30-033.28", "1985-07-30", "M", &digits, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (digits, ==, "85073003328");
  g_clear_pointer (&digits, g_free);

  /* Other spellings of the same facts */
  g_assert_true (cas_validate_nrn ("85073003328", "30/07/1985", "h", NULL, &error));
  g_assert_no_error (error);

  /* Nothing to compare with */
  g_assert_true (cas_validate_nrn ("85073003328", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cas_validate_nrn ("85073003328", "", "", NULL, &error));
  g_assert_no_error (error);

  /* A birth date or sex that is itself wrong is its own field's problem */
  g_assert_true (cas_validate_nrn ("85073003328", "1985-02-31", "X", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cas_validate_nrn ("85.07.30-033.28", "1985-07-31", "M", &digits, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  g_assert_cmpstr (error->message, ==,
                   "NRN: encodes birth date 1985-07-30, but the birth date is 1985-07-31");
  g_assert_null (digits);
  g_clear_error (&error);

  g_assert_false (cas_validate_nrn ("85.07.30-033.28", "1985-07-30", "F", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  assert_message_contains (error, "man");
  g_clear_error (&error);

  g_assert_false (cas_validate_nrn ("90120100202", "1990-12-01", "M", NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  assert_message_contains (error, "woman");
  g_clear_error (&error);

  /* Dutch V for vrouw agrees with an even serial number */
  g_assert_true (cas_validate_nrn ("90120100202", "1990-12-01", "V", NULL, &error));
  g_assert_no_error (error);

  /* The century comes from the check digit: 2003, not 1903 */
  g_assert_false (cas_validate_nrn ("03051713564", "1903-05-17", NULL, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_INCONSISTENT, CAS_FIELD_NRN);
  assert_message_contains (error, "2003-05-17");
}

static void
test_nrn_format_mask (void)
{
  g_autofree char *formatted = cas_nrn_format ("85073003328");
  g_autofree char *masked = cas_nrn_mask ("85073003328");
  g_autofree char *reformatted = cas_nrn_format ("850730 033 28");
  g_autofree char *legacy = cas_nrn_format ("85073003312");
  g_autofree char *bad = cas_nrn_format ("1234");
  g_autofree char *bad_mask = cas_nrn_mask ("85O73003328");

  g_assert_cmpstr (formatted, ==, "85.07.30-033.28");
  g_assert_cmpstr (masked, ==, "85.07.30-***.**");
  g_assert_cmpstr (reformatted, ==, "85.07.30-033.28");
  /* Formatting does not judge the check digit */
  g_assert_cmpstr (legacy, ==, "85.07.30-033.12");
  g_assert_null (bad);
  g_assert_null (bad_mask);
}

/* E-mail */

static void
test_email_valid (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "jean.dupont@example.be", "jean.dupont@example.be" },
    { "  Jean.Dupont@Example.BE ", "jean.dupont@example.be" },
    { "o'brien+exams@mail.co.uk", "o'brien+exams@mail.co.uk" },
    { "a@b.cd", "a@b.cd" },
    { "first_last-1@sub-domain.example.museum", "first_last-1@sub-domain.example.museum" },
    { "x@xn--mller-kva.de", "x@xn--mller-kva.de" },
    { "123@456.be", "123@456.be" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      if (!cas_validate_email (cases[i].input, &out, &error))
        g_error ("“%s” rejected: %s", cases[i].input, error->message);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_email_invalid (void)
{
  struct {
    const char *input;
    int         code;
    const char *says;
  } cases[] = {
    { "jean.dupont", CAS_VALIDATION_ERROR_FORMAT, "no “@”" },
    { "jean@dupont@example.be", CAS_VALIDATION_ERROR_FORMAT, "more than one" },
    { "a@b.be, c@d.be", CAS_VALIDATION_ERROR_FORMAT, "more than one" },
    { "@example.be", CAS_VALIDATION_ERROR_FORMAT, "nothing before" },
    { "jean.dupont@", CAS_VALIDATION_ERROR_FORMAT, "no domain" },
    { "jean dupont@example.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "space" },
    { "jean@exa mple.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "space" },
    { "jean\t@example.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "tab" },
    { "jean@localhost", CAS_VALIDATION_ERROR_FORMAT, "no dot" },
    { "jean@example..be", CAS_VALIDATION_ERROR_FORMAT, "two dots" },
    { "jean@.example.be", CAS_VALIDATION_ERROR_FORMAT, "two dots" },
    { "jean@example.be.", CAS_VALIDATION_ERROR_FORMAT, "dot at the start or end" },
    { "jean@-example.be", CAS_VALIDATION_ERROR_FORMAT, "hyphen" },
    { "jean@example-.be", CAS_VALIDATION_ERROR_FORMAT, "hyphen" },
    { "jean@example.b", CAS_VALIDATION_ERROR_FORMAT, ".be or .com" },
    { "jean@example.123", CAS_VALIDATION_ERROR_FORMAT, ".be or .com" },
    { "jean@example.b3", CAS_VALIDATION_ERROR_FORMAT, ".be or .com" },
    { "jean@exam_ple.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“_”" },
    { "jean@example,be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“,”" },
    { ".jean@example.be", CAS_VALIDATION_ERROR_FORMAT, "dot" },
    { "jean.@example.be", CAS_VALIDATION_ERROR_FORMAT, "dot" },
    { "jean..dupont@example.be", CAS_VALIDATION_ERROR_FORMAT, "two dots" },
    { "jean(dupont)@example.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“(”" },
    { "\"jean\"@example.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“\"”" },
    { "élodie@example.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "U+00E9" },
    { "jean@müller.de", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "U+00FC" },
    { "jean@exam\xffple.be", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      if (cas_validate_email (cases[i].input, &out, &error))
        g_error ("“%s” accepted", cases[i].input);
      assert_validation_error (error, cases[i].code, CAS_FIELD_EMAIL);
      assert_message_contains (error, cases[i].says);
      g_assert_null (out);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cas_validate_email ("jean.dupont@", NULL, &error));
    g_assert_cmpstr (error->message, ==, "E-mail: “jean.dupont@” has no domain");
  }
}

static void
test_email_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label63 = repeat ("a", 63);
  g_autofree char *label64 = repeat ("a", 64);
  /* 64 + 1 + 63 + 1 + 63 + 1 + 58 + 3 = 254 */
  g_autofree char *longest =
    g_strdup_printf ("%s@%s.%s.%.58s.be", label64, label63, label63, label63);
  g_autofree char *too_long =
    g_strdup_printf ("%s@%s.%s.%.59s.be", label64, label63, label63, label63);
  g_autofree char *long_local = g_strdup_printf ("%sx@example.be", label64);
  g_autofree char *long_label = g_strdup_printf ("jean@%sx.be", label63);

  g_assert_cmpuint (strlen (longest), ==, 254);
  g_assert_true (cas_validate_email (longest, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cas_validate_email (too_long, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_TOO_LONG, CAS_FIELD_EMAIL);
  g_assert_cmpstr (error->message, ==, "E-mail is too long (255 characters, at most 254)");
  g_clear_error (&error);

  g_assert_false (cas_validate_email (long_local, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_TOO_LONG, CAS_FIELD_EMAIL);
  g_clear_error (&error);

  g_assert_false (cas_validate_email (long_label, NULL, &error));
  assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_EMAIL);
}

static void
test_email_null_empty (void)
{
  const char *empties[] = { NULL, "", "  " };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_email (empties[i], &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_EMAIL);
      g_assert_null (out);
    }
}

/* Phone */

static void
test_phone_belgian (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "0470 12 34 56", "+32470123456" },
    { "+32 470/12.34.56", "+32470123456" },
    { "0032 470 12 34 56", "+32470123456" },
    { "0499-12-34-56", "+32499123456" },
    { "0456 12 34 56", "+32456123456" },
    { "0032 2 123 45 67", "+3221234567" },
    { "02/123.45.67", "+3221234567" },
    { "(02) 123 45 67", "+3221234567" },
    { "+32 (0)2 123 45 67", "+3221234567" },
    { "0032 (0)470 12 34 56", "+32470123456" },
    { "+32 0470 12 34 56", "+32470123456" },
    { "04 223 45 67", "+3242234567" },          /* Liège landline */
    { "04 412 34 56", "+3244123456" },          /* 044 is not a mobile prefix */
    { "09 233 45 67", "+3292334567" },          /* Gent */
    { "010 45 67 89", "+3210456789" },          /* Wavre */
    { "0800 12 345", "+3280012345" },
    { "\xc2\xa0" "0470\xc2\xa0" "12\xc2\xa0" "34\xc2\xa0" "56 ", "+32470123456" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      if (!cas_validate_phone (cases[i].input, &out, &error))
        g_error ("“%s” rejected: %s", cases[i].input, error->message);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_phone_foreign (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "+33 1 23 45 67 89", "+33123456789" },
    { "0033 6 12 34 56 78", "+33612345678" },
    { "+31 20 123 4567", "+31201234567" },
    { "+49 (0)30 1234567", "+49301234567" },
    { "+352 12 34 56", "+352123456" },
    { "+1 (202) 555-0143", "+12025550143" },
    { "+44 20 7946 0958", "+442079460958" },
    { "+33123456", "+33123456" },               /* 8 digits, the fewest */
    { "+331234567890123", "+331234567890123" }, /* 15 digits, the most */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      if (!cas_validate_phone (cases[i].input, &out, &error))
        g_error ("“%s” rejected: %s", cases[i].input, error->message);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_phone_invalid (void)
{
  struct {
    const char *input;
    int         code;
    const char *says;
  } cases[] = {
    { "0470 12 34 5", CAS_VALIDATION_ERROR_FORMAT, "8 digits" },
    { "0470 12 34 567", CAS_VALIDATION_ERROR_FORMAT, "10 digits" },
    { "02 123 45 6", CAS_VALIDATION_ERROR_FORMAT, "7 digits" },
    { "02 123 45 678", CAS_VALIDATION_ERROR_FORMAT, "9 digits" },
    { "+32", CAS_VALIDATION_ERROR_FORMAT, "0 digits" },
    { "+33 1234", CAS_VALIDATION_ERROR_FORMAT, "6 digits" },
    { "+33 12345", CAS_VALIDATION_ERROR_FORMAT, "7 digits" },
    { "+33 12345678901234", CAS_VALIDATION_ERROR_FORMAT, "16 digits" },
    { "0445 12 34 56", CAS_VALIDATION_ERROR_FORMAT, "landline" },
    { "+33 1234567890123456", CAS_VALIDATION_ERROR_FORMAT, "18 digits" },
    { "470 12 34 56", CAS_VALIDATION_ERROR_FORMAT, "must start" },
    { "+0470123456", CAS_VALIDATION_ERROR_FORMAT, "country code" },
    { "000470123456", CAS_VALIDATION_ERROR_FORMAT, "country code" },
    { "0470 12+34 56", CAS_VALIDATION_ERROR_FORMAT, "“+”" },
    { "++32470123456", CAS_VALIDATION_ERROR_FORMAT, "“+”" },
    { "0470 AB CD EF", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "letter “A”" },
    { "0470 12 34 56 ext 12", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "letter “e”" },
    { "0470 12 34 56 #", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“#”" },
    { "0470,123456", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "“,”" },
    { "0470\t123456", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "U+0009" },
    { "-./()", CAS_VALIDATION_ERROR_FORMAT, "no digits" },
    { "0470\xff", CAS_VALIDATION_ERROR_INVALID_CHARACTERS, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      if (cas_validate_phone (cases[i].input, &out, &error))
        g_error ("“%s” accepted", cases[i].input);
      assert_validation_error (error, cases[i].code, CAS_FIELD_PHONE);
      assert_message_contains (error, cases[i].says);
      g_assert_null (out);
    }

  {
    const char *empties[] = { NULL, "", " " };

    for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (cas_validate_phone (empties[i], NULL, &error));
        assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_PHONE);
      }
  }
}

/* Language, sex, postcode */

static void
test_language (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "fr", "fr" }, { "NL", "nl" }, { " De ", "de" }, { "eN", "en" },
  };
  const char *bad[] = { "es", "fra", "f", "français", "nl-BE", "n\xff" };
  const char *empties[] = { NULL, "", " " };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (cas_validate_language (cases[i].input, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_language (bad[i], &out, &error));
      g_assert_nonnull (error);
      check_message (error->message, CAS_FIELD_LANGUAGE);
      g_assert_true (error->domain == CAS_VALIDATION_ERROR);
      g_assert_null (out);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cas_validate_language ("es", NULL, &error));
    assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_LANGUAGE);
    g_assert_cmpstr (error->message, ==, "Language: “es” is not one of fr, nl, de or en");
  }

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cas_validate_language (empties[i], NULL, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_LANGUAGE);
    }
}

static void
test_sex (void)
{
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "M", "M" }, { "m", "M" }, { "H", "M" }, { "h", "M" },
    { "F", "F" }, { "f", "F" }, { "V", "F" }, { "v", "F" }, { "W", "F" },
    { " F ", "F" },
  };
  const char *bad[] = { "X", "MF", "male", "0", "1", "é" };
  const char *empties[] = { NULL, "", " " };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (cas_validate_sex (cases[i].input, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_sex (bad[i], &out, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_FORMAT, CAS_FIELD_SEX);
      g_assert_null (out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cas_validate_sex (empties[i], NULL, &error));
      assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, CAS_FIELD_SEX);
    }
}

static void
test_postcode (void)
{
  const char *good[] = { "1000", "9999", " 4000 ", "8400" };
  struct {
    const char *input;
    int         code;
  } bad[] = {
    { "0999", CAS_VALIDATION_ERROR_OUT_OF_RANGE },
    { "0000", CAS_VALIDATION_ERROR_OUT_OF_RANGE },
    { "999", CAS_VALIDATION_ERROR_FORMAT },
    { "10000", CAS_VALIDATION_ERROR_FORMAT },
    { "B-1000", CAS_VALIDATION_ERROR_FORMAT },
    { "10 00", CAS_VALIDATION_ERROR_FORMAT },
    { "abcd", CAS_VALIDATION_ERROR_FORMAT },
    { "-100", CAS_VALIDATION_ERROR_FORMAT },
    { "١٠٠٠", CAS_VALIDATION_ERROR_FORMAT },
    { "10\xff", CAS_VALIDATION_ERROR_INVALID_CHARACTERS },
    { NULL, CAS_VALIDATION_ERROR_REQUIRED },
    { "", CAS_VALIDATION_ERROR_REQUIRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *expected = g_strstrip (g_strdup (good[i]));

      g_assert_true (cas_validate_postcode (good[i], &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = (char *) "untouched";

      g_assert_false (cas_validate_postcode (bad[i].input, &out, &error));
      assert_validation_error (error, bad[i].code, CAS_FIELD_POSTCODE);
      g_assert_null (out);
    }
}

/* Every function against hostile input */

typedef gboolean (*Validator) (const char *input, GError **error);

static gboolean
v_text (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_text (CAS_FIELD_STREET, input, TRUE, CAS_MAX_TEXT_LENGTH, &out, error);
}

static gboolean
v_name (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_name (CAS_FIELD_LAST_NAME, input, &out, error);
}

static gboolean
v_date (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_date (CAS_FIELD_SESSION_START, input, FALSE, &out, error);
}

static gboolean
v_birth_date (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_birth_date (input, FALSE, &out, error);
}

static gboolean
v_nrn_parse (const char *input, GError **error)
{
  CasNrnInfo info;
  return cas_nrn_parse (input, &info, error);
}

static gboolean
v_nrn (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_nrn (input, input, input, &out, error);
}

static gboolean
v_nrn_digits (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_nrn_normalize_digits (input, &out, error);
}

static gboolean
v_email (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_email (input, &out, error);
}

static gboolean
v_phone (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_phone (input, &out, error);
}

static gboolean
v_language (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_language (input, &out, error);
}

static gboolean
v_sex (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_sex (input, &out, error);
}

static gboolean
v_postcode (const char *input, GError **error)
{
  g_autofree char *out = NULL;
  return cas_validate_postcode (input, &out, error);
}

static const struct {
  const char *name;
  Validator   func;
  CasField    field;
} validators[] = {
  { "text", v_text, CAS_FIELD_STREET },
  { "name", v_name, CAS_FIELD_LAST_NAME },
  { "date", v_date, CAS_FIELD_SESSION_START },
  { "birth-date", v_birth_date, CAS_FIELD_BIRTH_DATE },
  { "nrn-parse", v_nrn_parse, CAS_FIELD_NRN },
  { "nrn", v_nrn, CAS_FIELD_NRN },
  { "nrn-digits", v_nrn_digits, CAS_FIELD_NRN },
  { "email", v_email, CAS_FIELD_EMAIL },
  { "phone", v_phone, CAS_FIELD_PHONE },
  { "language", v_language, CAS_FIELD_LANGUAGE },
  { "sex", v_sex, CAS_FIELD_SEX },
  { "postcode", v_postcode, CAS_FIELD_POSTCODE },
};

static void
test_all_bounded_messages (void)
{
  g_autofree char *letters = repeat ("a", 10000);
  g_autofree char *digits = repeat ("1", 10000);
  g_autofree char *accented = repeat ("é", 10000);
  g_autofree char *invalid = repeat ("\xff", 10000);
  g_autofree char *half_invalid = repeat ("a\xc3", 5000);
  g_autofree char *ats = repeat ("@", 10000);
  g_autofree char *tabs = repeat ("a\t", 5000);
  g_autofree char *sql = repeat ("'); DROP TABLE person;--", 400);
  g_autofree char *local = repeat ("a", 9990);
  g_autofree char *email = g_strconcat (local, "@ex.be", NULL);
  g_autofree char *phone = g_strconcat ("+", digits, NULL);
  g_autofree char *emoji = repeat ("😀", 10000);
  const char *inputs[] = {
    letters, digits, accented, invalid, half_invalid, ats, tabs, sql, email, phone, emoji,
  };

  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autoptr(GError) error = NULL;

        if (validators[v].func (inputs[i], &error))
          g_error ("%s accepted input %u", validators[v].name, i);
        g_assert_nonnull (error);
        g_assert_true (error->domain == CAS_VALIDATION_ERROR);
        check_message (error->message, validators[v].field);
      }
}

static void
test_all_null_empty (void)
{
  const char *empties[] = { NULL, "", " ", "\t\r\n", "\xef\xbb\xbf" };

  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (validators[v].func (empties[i], &error));
        assert_validation_error (error, CAS_VALIDATION_ERROR_REQUIRED, validators[v].field);
      }
}

static void
test_all_invalid_utf8 (void)
{
  const char *inputs[] = { "\xff", "abc\xe9", "\xc3", "\xed\xa0\x80", "1\xc0\xaf" };

  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (validators[v].func (inputs[i], &error));
        assert_validation_error (error, CAS_VALIDATION_ERROR_INVALID_CHARACTERS,
                                 validators[v].field);
      }
}

static void
test_all_null_error (void)
{
  /* Callers that only want a yes or no pass no GError */
  for (guint v = 0; v < G_N_ELEMENTS (validators); v++)
    {
      g_assert_false (validators[v].func ("\x01\xff", NULL));
      g_assert_false (validators[v].func (NULL, NULL));
    }
}

static void
test_quote_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strconcat (
    "0123456789012345678901234567890123456789", "TAIL", NULL);

  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME, input, NULL, &error));
  assert_message_contains (error, "“0123456789012345678901234567890123456789…”");
  g_assert_null (strstr (error->message, "TAIL"));
  g_clear_error (&error);

  /* Exactly 40 characters are not cut */
  g_assert_false (cas_validate_name (CAS_FIELD_LAST_NAME,
                                     "0123456789012345678901234567890123456789",
                                     NULL, &error));
  assert_message_contains (error, "“0123456789012345678901234567890123456789”");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/field/labels-and-keys", test_field_labels_and_keys);
  g_test_add_func ("/validate/field/out-of-range", test_field_out_of_range);
  g_test_add_func ("/validate/error/quark", test_error_quark);

  g_test_add_func ("/validate/text/trim", test_text_trim);
  g_test_add_func ("/validate/text/required", test_text_required);
  g_test_add_func ("/validate/text/optional-empty", test_text_optional_empty);
  g_test_add_func ("/validate/text/length-in-characters", test_text_length_in_characters);
  g_test_add_func ("/validate/text/control-characters", test_text_control_characters);
  g_test_add_func ("/validate/text/invalid-utf8", test_text_invalid_utf8);
  g_test_add_func ("/validate/text/nfc", test_text_nfc);
  g_test_add_func ("/validate/text/password", test_text_password);
  g_test_add_func ("/validate/text/no-limit", test_text_no_limit);

  g_test_add_func ("/validate/name/valid", test_name_valid);
  g_test_add_func ("/validate/name/other-scripts", test_name_other_scripts);
  g_test_add_func ("/validate/name/sql", test_name_sql);
  g_test_add_func ("/validate/name/forbidden-characters", test_name_forbidden_characters);
  g_test_add_func ("/validate/name/lookalike-named-by-code", test_name_lookalike_named_by_code);
  g_test_add_func ("/validate/name/digits", test_name_digits);
  g_test_add_func ("/validate/name/no-letter", test_name_no_letter);
  g_test_add_func ("/validate/name/tab-newline", test_name_tab_newline);
  g_test_add_func ("/validate/name/too-long", test_name_too_long);
  g_test_add_func ("/validate/name/null-empty", test_name_null_empty);
  g_test_add_func ("/validate/name/invalid-utf8", test_name_invalid_utf8);

  g_test_add_func ("/validate/date/forms", test_date_forms);
  g_test_add_func ("/validate/date/iso-only", test_date_iso_only);
  g_test_add_func ("/validate/date/does-not-exist", test_date_does_not_exist);
  g_test_add_func ("/validate/date/bad-format", test_date_bad_format);
  g_test_add_func ("/validate/date/two-digit-year", test_date_two_digit_year);
  g_test_add_func ("/validate/date/null-empty", test_date_null_empty);
  g_test_add_func ("/validate/birth-date/range", test_birth_date_range);

  g_test_add_func ("/validate/nrn/helper", test_nrn_helper);
  g_test_add_func ("/validate/nrn/check-digit-1900", test_nrn_check_digit_1900);
  g_test_add_func ("/validate/nrn/check-digit-2000", test_nrn_check_digit_2000);
  g_test_add_func ("/validate/nrn/generated", test_nrn_generated);
  g_test_add_func ("/validate/nrn/wrong-check-digit", test_nrn_wrong_check_digit);
  g_test_add_func ("/validate/nrn/separators", test_nrn_separators);
  g_test_add_func ("/validate/nrn/format-errors", test_nrn_format_errors);
  g_test_add_func ("/validate/nrn/null-empty", test_nrn_null_empty);
  g_test_add_func ("/validate/nrn/bis", test_nrn_bis);
  g_test_add_func ("/validate/nrn/unknown-birth-date", test_nrn_unknown_birth_date);
  g_test_add_func ("/validate/nrn/invalid-encoded-date", test_nrn_invalid_encoded_date);
  g_test_add_func ("/validate/nrn/future", test_nrn_future);
  g_test_add_func ("/validate/nrn/consistency", test_nrn_consistency);
  g_test_add_func ("/validate/nrn/format-mask", test_nrn_format_mask);

  g_test_add_func ("/validate/email/valid", test_email_valid);
  g_test_add_func ("/validate/email/invalid", test_email_invalid);
  g_test_add_func ("/validate/email/length", test_email_length);
  g_test_add_func ("/validate/email/null-empty", test_email_null_empty);

  g_test_add_func ("/validate/phone/belgian", test_phone_belgian);
  g_test_add_func ("/validate/phone/foreign", test_phone_foreign);
  g_test_add_func ("/validate/phone/invalid", test_phone_invalid);

  g_test_add_func ("/validate/language", test_language);
  g_test_add_func ("/validate/sex", test_sex);
  g_test_add_func ("/validate/postcode", test_postcode);

  g_test_add_func ("/validate/all/bounded-messages", test_all_bounded_messages);
  g_test_add_func ("/validate/all/null-empty", test_all_null_empty);
  g_test_add_func ("/validate/all/invalid-utf8", test_all_invalid_utf8);
  g_test_add_func ("/validate/all/null-error", test_all_null_error);
  g_test_add_func ("/validate/all/quote-truncated", test_quote_truncated);

  return g_test_run ();
}
