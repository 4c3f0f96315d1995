/* test-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cas-csv.h"
#include "cas-test-utils.h"

/* Every input is also read in blocks this small, so that each byte of it
 * (quotes, CRLF pairs, the byte order mark, multibyte characters) falls on a
 * block boundary at least once. 0 is the reader's default. */
static const gsize block_sizes[] = { 0, 1, 2, 3, 4, 5, 7, 16, 64 };

static GInputStream *
stream_for (const char *data,
            gssize      len)
{
  if (len < 0)
    len = strlen (data);

  return g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
}

/* A record as "LINE:field|field|…\n", CR and LF shown as \r and \n */
static void
dump_record (GString            *out,
             guint64             line,
             guint               n_fields,
             const char * const *fields)
{
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", line);
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      for (const char *c = fields[i]; *c != '\0'; c++)
        {
          if (*c == '\n')
            g_string_append (out, "\\n");
          else if (*c == '\r')
            g_string_append (out, "\\r");
          else
            g_string_append_c (out, *c);
        }
    }
  g_string_append_c (out, '\n');
}

/* Reads all records of @data; on error, returns those read before it */
static char *
parse (const char  *data,
       gssize       len,
       gsize        block_size,
       GError     **error)
{
  g_autoptr(GInputStream) stream = stream_for (data, len);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const *fields;
  guint n_fields;

  if (block_size > 0)
    _cas_csv_reader_set_block_size (reader, block_size);

  g_assert_cmpuint (cas_csv_reader_get_line (reader), ==, 0);
  while (cas_csv_reader_next (reader, &n_fields, &fields, error))
    {
      g_assert_cmpuint (n_fields, >=, 1);
      g_assert_null (fields[n_fields]);
      dump_record (out, cas_csv_reader_get_line (reader), n_fields, fields);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_parse (const char *data,
              gssize      len,
              const char *expected)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = parse (data, len, block_sizes[i], &error);

      g_test_message ("block size %zu", block_sizes[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (got, ==, expected);
    }
}

/* Checks that every block size gives the same records before the error and
 * the same error; returns the error message */
static char *
assert_parse_error (const char *data,
                    gssize      len,
                    int         code,
                    const char *expected_before)
{
  char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (block_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = parse (data, len, block_sizes[i], &error);

      g_test_message ("block size %zu", block_sizes[i]);
      g_assert_error (error, CAS_CSV_ERROR, code);
      g_assert_cmpstr (got, ==, expected_before);
      if (message == NULL)
        message = g_strdup (error->message);
      else
        g_assert_cmpstr (error->message, ==, message);
    }

  return message;
}

#define assert_contains(haystack, needle)                               \
  G_STMT_START {                                                        \
    if (strstr ((haystack), (needle)) == NULL)                          \
      g_error ("“%s” does not contain “%s”", (haystack), (needle));     \
  } G_STMT_END

static void
test_reader_simple (void)
{
  assert_parse ("name,first,born\nDupont,Marie,1990-02-03\nMartin,Luc,1985-12-31\n", -1,
                "1:name|first|born\n"
                "2:Dupont|Marie|1990-02-03\n"
                "3:Martin|Luc|1985-12-31\n");
  /* Spaces are data, not padding */
  assert_parse (" a , b \n", -1, "1: a | b \n");
  /* Records need not have the same number of fields */
  assert_parse ("a\nb,c,d\n", -1, "1:a\n2:b|c|d\n");
}

static void
test_reader_quoted (void)
{
  assert_parse ("\"a\",\"b,c\",\"\",d\n", -1, "1:a|b,c||d\n");
  assert_parse ("\" lead\",\"trail \"\n", -1, "1: lead|trail \n");
  assert_parse ("x,\"Liège, Belgique\"\n", -1, "1:x|Liège, Belgique\n");
}

static void
test_reader_escaped_quotes (void)
{
  assert_parse ("\"He said \"\"hi\"\"\",\"\"\"\"\n", -1, "1:He said \"hi\"|\"\n");
  assert_parse ("\"\"\"\"\"\"\n", -1, "1:\"\"\n");
  assert_parse ("\"a\"\"\"\n", -1, "1:a\"\n");
}

static void
test_reader_quoted_newline (void)
{
  assert_parse ("a,\"x\ny\",b\n"
                "c\n"
                "\"p\r\nq\r\n\",r\r\n"
                "\"s\n\n\nt\"\n"
                "last\n", -1,
                "1:a|x\\ny|b\n"
                "3:c\n"
                "4:p\\r\\nq\\r\\n|r\n"
                "7:s\\n\\n\\nt\n"
                "11:last\n");
}

static void
test_reader_quoted_newline_lines (void)
{
  /* A quoted line break at the very start and end of a field */
  assert_parse ("\"\nx\n\"\nz\n", -1, "1:\\nx\\n\n4:z\n");
  /* Two multi-line fields in one record */
  assert_parse ("\"a\nb\",\"c\nd\"\ne\n", -1, "1:a\\nb|c\\nd\n4:e\n");
}

static void
test_reader_crlf (void)
{
  assert_parse ("a,b\r\nc,d\r\n", -1, "1:a|b\n2:c|d\n");
  assert_parse ("a\r\nb\nc\r\n\"d\"\r\n", -1, "1:a\n2:b\n3:c\n4:d\n");
  assert_parse ("a,b\r\nc,d", -1, "1:a|b\n2:c|d\n");
}

static void
test_reader_lone_cr (void)
{
  assert_parse ("a\rb,c\rd", -1, "1:a\n2:b|c\n3:d\n");
  /* Inside quotes a lone CR is data and still a line of the file */
  assert_parse ("\"x\ry\"\rz\r", -1, "1:x\\ry\n3:z\n");
}

static void
test_reader_no_final_newline (void)
{
  assert_parse ("a,b\nc,d", -1, "1:a|b\n2:c|d\n");
  assert_parse ("a,\"b\"", -1, "1:a|b\n");
  assert_parse ("a,", -1, "1:a|\n");
  assert_parse ("\"\"", -1, "1:\n");
  assert_parse ("x", -1, "1:x\n");
}

static void
test_reader_empty_lines (void)
{
  g_autoptr(GInputStream) stream = stream_for ("a\n\nb\n", -1);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  assert_parse ("a\n\nb\n\n", -1, "1:a\n2:\n3:b\n4:\n");
  assert_parse ("\r\n\r\n", -1, "1:\n2:\n");
  assert_parse ("\n", -1, "1:\n");

  /* An empty line is one empty field, not zero fields */
  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_fields, ==, 1);
  g_assert_cmpstr (fields[0], ==, "");
  g_assert_null (fields[1]);
}

static void
test_reader_empty_fields (void)
{
  assert_parse (",,\n", -1, "1:||\n");
  assert_parse (",\"\",\n", -1, "1:||\n");
  assert_parse ("a,,b,\n,c\n", -1, "1:a||b|\n2:|c\n");
}

static void
test_reader_empty_file (void)
{
  assert_parse ("", -1, "");
  assert_parse ("\xEF\xBB\xBF", -1, "");
}

static void
test_reader_bom (void)
{
  g_autoptr(GInputStream) stream = stream_for ("\xEF\xBB\xBF" "a,b\n", -1);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  assert_parse ("\xEF\xBB\xBF" "a,b\nc\n", -1, "1:a|b\n2:c\n");
  assert_parse ("\xEF\xBB\xBF" "\"a\"\n", -1, "1:a\n");
  /* Only at the start: elsewhere U+FEFF is a character like any other */
  assert_parse ("a\n\xEF\xBB\xBF" "b\n", -1, "1:a\n2:\xEF\xBB\xBF" "b\n");

  /* The mark counts in the position */
  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fields[0], ==, "a");
  g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, 7);
}

static void
test_reader_invalid_utf8 (void)
{
  g_autofree char *message = NULL;
  /* A Latin-1 file: "Liège" and "René" */
  g_autoptr(GInputStream) stream = stream_for ("name,city\nDupont,Li\xE8ge\nRen\xE9,Namur\nok,ok\n",
                                               -1);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);

  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING);
  assert_contains (error->message, "Line 2, field 2: not valid UTF-8 (byte 0xE8)");
  assert_contains (error->message, "Latin-1");
  assert_contains (error->message, "save it as UTF-8");
  g_assert_cmpuint (cas_csv_reader_get_line (reader), ==, 2);
  g_clear_error (&error);

  /* The record was read in full: the reader goes on with the next one, so
   * that an import can list every bad line */
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING);
  assert_contains (error->message, "Line 3, field 1:");
  assert_contains (error->message, "0xE9");
  g_clear_error (&error);

  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_fields, ==, 2);
  g_assert_cmpstr (fields[0], ==, "ok");
  g_assert_cmpuint (cas_csv_reader_get_line (reader), ==, 4);
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);

  /* The line is the one of the bad byte, after line breaks in quotes */
  message = assert_parse_error ("\"a\nb\",x\nc,\"d\ne\n\xE9\"\n", -1,
                                CAS_CSV_ERROR_ENCODING, "1:a\\nb|x\n");
  assert_contains (message, "Line 5, field 2:");
  g_clear_pointer (&message, g_free);

  /* A multibyte character cut short, and an overlong encoding */
  message = assert_parse_error ("caf\xC3,x\n", -1, CAS_CSV_ERROR_ENCODING, "");
  assert_contains (message, "Line 1, field 1: not valid UTF-8 (byte 0xC3)");
  g_clear_pointer (&message, g_free);
  message = assert_parse_error ("x,\xC0\xAF\n", -1, CAS_CSV_ERROR_ENCODING, "");
  assert_contains (message, "Line 1, field 2:");
  g_clear_pointer (&message, g_free);

  /* Valid UTF-8 beyond ASCII passes, including 4-byte characters */
  assert_parse ("Liège,Ærø,日本,\xF0\x9F\x98\x80\n", -1,
                "1:Liège|Ærø|日本|\xF0\x9F\x98\x80\n");
}

static void
test_reader_utf16 (void)
{
  static const char utf16le[] = "\xFF\xFE" "a\0,\0b\0\n\0";
  g_autofree char *message = NULL;

  message = assert_parse_error (utf16le, sizeof utf16le - 1, CAS_CSV_ERROR_ENCODING, "");
  assert_contains (message, "UTF-16");
}

static void
test_reader_nul (void)
{
  static const char in_field[] = "a,b\nc\0d,e\n";
  static const char in_quotes[] = "a\n\"x\ny\0\"\n";
  static const char after_quote[] = "\"x\"\0\n";
  /* The start of an .xlsx workbook, a zip archive */
  static const char zip[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
  g_autofree char *message = NULL;

  message = assert_parse_error (in_field, sizeof in_field - 1, CAS_CSV_ERROR_NOT_CSV, "1:a|b\n");
  assert_contains (message, "Line 2: the file is not a CSV text file");
  g_clear_pointer (&message, g_free);

  message = assert_parse_error (in_quotes, sizeof in_quotes - 1, CAS_CSV_ERROR_NOT_CSV, "1:a\n");
  assert_contains (message, "Line 3:");
  g_clear_pointer (&message, g_free);

  message = assert_parse_error (after_quote, sizeof after_quote - 1, CAS_CSV_ERROR_NOT_CSV, "");
  assert_contains (message, "Line 1:");
  g_clear_pointer (&message, g_free);

  message = assert_parse_error (zip, sizeof zip - 1, CAS_CSV_ERROR_NOT_CSV, "");
  assert_contains (message, "not a CSV text file");
}

static void
test_reader_unterminated_quote (void)
{
  g_autofree char *message = NULL;

  message = assert_parse_error ("a,b\n\"x\ny\",z\nc,\"unclosed\nmore,text\nlines\n", -1,
                                CAS_CSV_ERROR_SYNTAX, "1:a|b\n2:x\\ny|z\n");
  assert_contains (message, "Line 4, field 2:");
  assert_contains (message, "closing quote");
  g_clear_pointer (&message, g_free);

  message = assert_parse_error ("\"", -1, CAS_CSV_ERROR_SYNTAX, "");
  assert_contains (message, "Line 1, field 1:");
  g_clear_pointer (&message, g_free);

  /* A doubled quote at the end is a quote inside the field, not its end */
  message = assert_parse_error ("\"abc\"\"", -1, CAS_CSV_ERROR_SYNTAX, "");
  assert_contains (message, "closing quote");
}

static void
test_reader_stray_quote (void)
{
  g_autofree char *message = NULL;

  message = assert_parse_error ("a,b\nc,12\" screen\n", -1, CAS_CSV_ERROR_SYNTAX, "1:a|b\n");
  assert_contains (message, "Line 2, field 2: a quote (\") inside a field");
  g_clear_pointer (&message, g_free);

  /* Field numbers and lines count past multi-line fields */
  message = assert_parse_error ("\"x\ny\",b\"\n", -1, CAS_CSV_ERROR_SYNTAX, "");
  assert_contains (message, "Line 2, field 2:");
}

static void
test_reader_text_after_quote (void)
{
  g_autofree char *message = NULL;

  message = assert_parse_error ("x\n\"ab\"c,d\n", -1, CAS_CSV_ERROR_SYNTAX, "1:x\n");
  assert_contains (message, "Line 2, field 1: text after the closing quote");
  g_clear_pointer (&message, g_free);

  message = assert_parse_error ("a,\"b\" ,c\n", -1, CAS_CSV_ERROR_SYNTAX, "");
  assert_contains (message, "Line 1, field 2:");
}

static void
test_reader_sticky_error (void)
{
  g_autoptr(GInputStream) stream = stream_for ("a\nb\"c\nd\n", -1);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  const char * const *fields;
  guint n_fields;

  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  first = g_strdup (error->message);
  g_clear_error (&error);

  /* The reader does not guess where the next record starts */
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, first);
  g_assert_cmpuint (n_fields, ==, 0);
  g_assert_null (fields);
  g_clear_error (&error);

  /* Without an error location too */
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, NULL));
}

static void
check_too_long (const char *data,
                gsize       len,
                gboolean    quoted)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_sizes); i++)
    {
      g_autoptr(GInputStream) stream = stream_for (data, len);
      g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
      g_autoptr(GError) error = NULL;
      const char * const *fields;
      guint n_fields;
      /* 1-byte blocks over megabytes are slow; a few sizes suffice here */
      gsize block_size = block_sizes[i] == 0 ? 0 : block_sizes[i] * 1000;

      if (block_size > 0)
        _cas_csv_reader_set_block_size (reader, block_size);

      g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (fields[0], ==, "first");

      g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
      g_assert_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_TOO_LONG);
      assert_contains (error->message, "1 MiB");
      if (quoted)
        {
          assert_contains (error->message, "Line 2, field 2:");
          assert_contains (error->message, "closing quote");
        }
      else
        assert_contains (error->message, "Line 2:");

      /* It stopped reading soon after the limit instead of taking the whole
       * file into memory */
      g_assert_cmpuint (cas_csv_reader_get_position (reader), <=,
                        1024 * 1024 + MAX (block_size, 256 * 1024) + 16);
    }
}

static void
test_reader_too_long (void)
{
  gsize len = 3 * 1024 * 1024;
  g_autofree char *data = g_malloc (len + 1);
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  gsize just_under = 1024 * 1024 - 100;

  /* A 3 MiB line */
  strcpy (data, "first\n");
  memset (data + 6, 'x', len - 6);
  data[len] = '\0';
  check_too_long (data, len, FALSE);

  /* As many empty fields: the separators count too */
  memset (data + 6, ',', len - 6);
  check_too_long (data, len, FALSE);

  /* A quote that is never closed swallows the file */
  memset (data + 6, 'y', len - 6);
  memcpy (data, "first\nz,\"\n", 10);
  check_too_long (data, len, TRUE);

  /* Just under the limit is fine */
  memset (data, 'x', just_under);
  memcpy (data + just_under, "\nb\n", 4);
  got = parse (data, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (got), ==, 2 + just_under + 1 + 4);
  g_assert_true (g_str_has_suffix (got, "x\n2:b\n"));
}

static void
test_reader_position (void)
{
  g_autoptr(GInputStream) stream = stream_for ("a,b\nc\r\n\"d\ne\"\r\nf", -1);
  g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;
  static const guint64 positions[] = { 4, 7, 14, 15 };
  static const guint64 lines[] = { 1, 2, 3, 5 };

  g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, positions[i]);
      g_assert_cmpuint (cas_csv_reader_get_line (reader), ==, lines[i]);
    }
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, 15);
  /* The end stays the end */
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
}

/* Records of varied shapes over several default-sized blocks: record i has
 * fields "i", a quoted field with a line break every 7th record, and text
 * that grows and shrinks; line ends alternate between LF and CRLF. */
static void
test_reader_large_input (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CasCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;
  guint64 line = 1;
  guint n = 40000;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (data, "%u,", i);
      if (i % 7 == 0)
        g_string_append_printf (data, "\"multi\nline \"\"%u\"\"\",", i);
      else
        g_string_append_printf (data, "plain %u,", i);
      for (guint j = 0; j < i % 23; j++)
        g_string_append (data, "é");
      g_string_append (data, i % 2 ? "\r\n" : "\n");
    }
  g_assert_cmpuint (data->len, >, 4 * 256 * 1024);

  stream = stream_for (data->str, data->len);
  reader = cas_csv_reader_new (stream);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *second = NULL;
      g_autoptr(GString) third = g_string_new (NULL);
      g_autofree char *first = g_strdup_printf ("%u", i);

      if (i % 7 == 0)
        second = g_strdup_printf ("multi\nline \"%u\"", i);
      else
        second = g_strdup_printf ("plain %u", i);
      for (guint j = 0; j < i % 23; j++)
        g_string_append (third, "é");

      g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_fields, ==, 3);
      g_assert_cmpstr (fields[0], ==, first);
      g_assert_cmpstr (fields[1], ==, second);
      g_assert_cmpstr (fields[2], ==, third->str);
      g_assert_cmpuint (cas_csv_reader_get_line (reader), ==, line);
      line += i % 7 == 0 ? 2 : 1;
    }
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, data->len);
}

static void
test_reader_path (void)
{
  g_autofree char *path = g_build_filename (cas_test_get_tmpdir (), "persons.csv", NULL);
  g_autofree char *missing = g_build_filename (cas_test_get_tmpdir (), "missing.csv", NULL);
  g_autoptr(CasCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  g_assert_true (g_file_set_contents (path, "name\nDupont\n", -1, &error));
  g_assert_no_error (error);

  reader = cas_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_cmpstr (fields[0], ==, "Dupont");
  g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reader, cas_csv_reader_free);

  reader = cas_csv_reader_new_for_path (missing, &error);
  g_assert_null (reader);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_contains (error->message, missing);
  g_clear_error (&error);

  reader = cas_csv_reader_new_for_path (cas_test_get_tmpdir (), &error);
  g_assert_null (reader);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  assert_contains (error->message, cas_test_get_tmpdir ());
  assert_contains (error->message, "folder");
  g_unlink (path);
}

static void
test_writer_quoting (void)
{
  static const char * const fields[] = {
    "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rx", " lead", "trail ", "\ttab",
    NULL, "", "é", "in side", "\"",
  };
  g_autoptr(GString) out = g_string_new ("x");

  cas_csv_append_record (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==,
                   "xplain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rx\",\" lead\","
                   "\"trail \",\"\ttab\",,,é,in side,\"\"\"\"\r\n");

  g_string_truncate (out, 0);
  cas_csv_append_record (out, NULL, 0);
  cas_csv_append_record (out, (const char * const[]) { NULL }, 1);
  g_assert_cmpstr (out->str, ==, "\r\n\r\n");
}

static void
test_writer_round_trip (void)
{
  static const char * const records[][6] = {
    { "id", "name", "note", "city", "phone", "empty" },
    { "1", "O\"Brien", "a, b and c", "Liège", "+32 470 12 34 56", "" },
    { "2", "\"quoted\"", "two\nlines", "日本", "=1+1", NULL },
    { "3", "  leading", "trailing  ", "crlf\r\ninside", "\"", "," },
    { "4", "\xF0\x9F\x98\x80", "\r", "\n", "\"\"", "\"a\"\"b\"" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (records); r++)
    cas_csv_append_record (out, records[r], G_N_ELEMENTS (records[r]));

  for (guint i = 0; i < G_N_ELEMENTS (block_sizes); i++)
    {
      g_autoptr(GInputStream) stream = stream_for (out->str, out->len);
      g_autoptr(CasCsvReader) reader = cas_csv_reader_new (stream);
      g_autoptr(GError) error = NULL;
      const char * const *fields;
      guint n_fields;

      if (block_sizes[i] > 0)
        _cas_csv_reader_set_block_size (reader, block_sizes[i]);

      for (guint r = 0; r < G_N_ELEMENTS (records); r++)
        {
          g_assert_true (cas_csv_reader_next (reader, &n_fields, &fields, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (n_fields, ==, G_N_ELEMENTS (records[r]));
          for (guint f = 0; f < n_fields; f++)
            g_assert_cmpstr (fields[f], ==, records[r][f] != NULL ? records[r][f] : "");
        }
      g_assert_false (cas_csv_reader_next (reader, &n_fields, &fields, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cas_csv_reader_get_position (reader), ==, out->len);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reader/simple", test_reader_simple);
  g_test_add_func ("/csv/reader/quoted", test_reader_quoted);
  g_test_add_func ("/csv/reader/escaped-quotes", test_reader_escaped_quotes);
  g_test_add_func ("/csv/reader/quoted-newline", test_reader_quoted_newline);
  g_test_add_func ("/csv/reader/quoted-newline-lines", test_reader_quoted_newline_lines);
  g_test_add_func ("/csv/reader/crlf", test_reader_crlf);
  g_test_add_func ("/csv/reader/lone-cr", test_reader_lone_cr);
  g_test_add_func ("/csv/reader/no-final-newline", test_reader_no_final_newline);
  g_test_add_func ("/csv/reader/empty-lines", test_reader_empty_lines);
  g_test_add_func ("/csv/reader/empty-fields", test_reader_empty_fields);
  g_test_add_func ("/csv/reader/empty-file", test_reader_empty_file);
  g_test_add_func ("/csv/reader/bom", test_reader_bom);
  g_test_add_func ("/csv/reader/invalid-utf8", test_reader_invalid_utf8);
  g_test_add_func ("/csv/reader/utf16", test_reader_utf16);
  g_test_add_func ("/csv/reader/nul", test_reader_nul);
  g_test_add_func ("/csv/reader/unterminated-quote", test_reader_unterminated_quote);
  g_test_add_func ("/csv/reader/stray-quote", test_reader_stray_quote);
  g_test_add_func ("/csv/reader/text-after-quote", test_reader_text_after_quote);
  g_test_add_func ("/csv/reader/sticky-error", test_reader_sticky_error);
  g_test_add_func ("/csv/reader/too-long", test_reader_too_long);
  g_test_add_func ("/csv/reader/position", test_reader_position);
  g_test_add_func ("/csv/reader/large-input", test_reader_large_input);
  g_test_add_func ("/csv/reader/path", test_reader_path);
  g_test_add_func ("/csv/writer/quoting", test_writer_quoting);
  g_test_add_func ("/csv/writer/round-trip", test_writer_round_trip);

  return g_test_run ();
}
