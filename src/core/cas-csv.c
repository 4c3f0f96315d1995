/* cas-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader is a byte-level state machine over large blocks of the input
 * stream. Import files reach millions of rows, so the steady state does no
 * allocation: field contents are copied, unescaped and NUL-terminated into
 * one record buffer that is reused for every record, and the field pointers
 * are rebuilt into a reused array once the record is complete.
 */

#define G_LOG_DOMAIN "cas-csv"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cas-csv.h"

#define DEFAULT_BLOCK_SIZE (256 * 1024)

/* Bounds the memory a broken file can make us use (a 2 GB file without a
 * newline, or a quote that is never closed) while staying far above any
 * real record of an import file. */
#define MAX_RECORD_SIZE (1024 * 1024)

enum
{
  /* Bytes that end a run of plain bytes in an unquoted field */
  SPECIAL_UNQUOTED = 1 << 0,
  /* Bytes that end a run of plain bytes in a quoted field */
  SPECIAL_QUOTED   = 1 << 1,
};

/* A table lookup per byte keeps the inner loops to one load and one test. */
static const guint8 byte_class[256] = {
  ['\0'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED,
  ['\n'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED,
  ['\r'] = SPECIAL_UNQUOTED | SPECIAL_QUOTED,
  ['"']  = SPECIAL_UNQUOTED | SPECIAL_QUOTED,
  [',']  = SPECIAL_UNQUOTED,
};

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_SEEN,     /* a quote inside a quoted field: closing or doubled */
} ParseState;

struct _CasCsvReader
{
  GInputStream *stream;

  /* Input block; buf[buf_pos .. buf_len) not parsed yet */
  guint8       *buf;
  gsize         buf_size;
  gsize         buf_len;
  gsize         buf_pos;
  guint64       buf_offset;     /* stream offset of buf[0] */
  gsize         block_size;
  gboolean      eof;
  gboolean      started;        /* byte order mark handled */
  gboolean      skip_lf;        /* last record ended with CR: an LF next is part of it */

  /* Record being built: field contents, each followed by a NUL */
  char         *rec;
  gsize         rec_len;
  gsize         rec_size;
  gsize        *starts;         /* offset of each field in rec */
  guint         n_fields;
  guint         starts_size;
  const char  **field_ptrs;     /* handed out; NULL-terminated */
  guint         field_ptrs_size;
  gboolean      has_breaks;     /* a quoted field of this record holds CR or LF */

  guint64       line;           /* where the last record started */
  guint64       next_line;      /* where the next record starts */

  /* Set on an error the reader cannot resume after */
  GError       *failure;
};

G_DEFINE_QUARK (cas-csv-error-quark, cas_csv_error)

/**
 * cas_csv_reader_new:
 * @stream: the CSV text, in UTF-8
 *
 * Returns: (transfer full): a reader of @stream; it takes a reference on it.
 */
CasCsvReader *
cas_csv_reader_new (GInputStream *stream)
{
  CasCsvReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader = g_new0 (CasCsvReader, 1);
  reader->stream = g_object_ref (stream);
  reader->block_size = DEFAULT_BLOCK_SIZE;
  reader->next_line = 1;

  return reader;
}

/**
 * cas_csv_reader_new_for_path:
 * @path: a file name in the GLib file name encoding
 * @error: return location for a %G_IO_ERROR naming @path
 *
 * Returns: (transfer full) (nullable): a reader of the file at @path
 */
CasCsvReader *
cas_csv_reader_new_for_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* GLib's own wording ("Error opening file …: Is a directory") is for
       * developers; these are what a clerk picking a file runs into. GLib's
       * messages for the rare others name the path too. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The file “%s” does not exist"), display);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("“%s” is a folder, not a CSV file"), display);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("You are not allowed to read the file “%s”"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return cas_csv_reader_new (G_INPUT_STREAM (stream));
}

void
cas_csv_reader_free (CasCsvReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_object (&reader->stream);
  g_clear_error (&reader->failure);
  g_free (reader->buf);
  g_free (reader->rec);
  g_free (reader->starts);
  g_free (reader->field_ptrs);
  g_free (reader);
}

/**
 * _cas_csv_reader_set_block_size:
 *
 * For tests: reads the stream @block_size bytes at a time, so that records,
 * quotes, CRLF pairs and the byte order mark fall across block boundaries.
 * Only before the first cas_csv_reader_next().
 */
void
_cas_csv_reader_set_block_size (CasCsvReader *reader,
                                gsize         block_size)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (block_size > 0);
  g_return_if_fail (!reader->started);

  reader->block_size = block_size;
}

guint64
cas_csv_reader_get_line (CasCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->line;
}

guint64
cas_csv_reader_get_position (CasCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->buf_offset + reader->buf_pos;
}

/* The line breaks a record holds before @offset in its buffer. They all come
 * from quoted fields: unquoted CR or LF ends the record. Counted as an editor
 * shows lines: LF, CRLF, and a lone CR. */
static guint64
count_breaks (CasCsvReader *reader,
              gsize         offset)
{
  guint64 n = 0;

  if (!reader->has_breaks)
    return 0;

  /* rec always holds a NUL past rec_len, so rec[i + 1] is readable */
  reader->rec[reader->rec_len] = '\0';
  for (gsize i = 0; i < offset; i++)
    if (reader->rec[i] == '\n' || (reader->rec[i] == '\r' && reader->rec[i + 1] != '\n'))
      n++;

  return n;
}

/* Line numbers are formatted apart so that translatable strings keep a plain
 * %s instead of G_GUINT64_FORMAT, which xgettext cannot follow. */
static void
format_line (char    *buf,
             gsize    size,
             guint64  line)
{
  g_snprintf (buf, size, "%" PRIu64, line);
}

static void
set_failure (CasCsvReader  *reader,
             GError        *failure,
             GError       **error)
{
  g_assert (reader->failure == NULL);

  reader->failure = failure;
  if (error != NULL)
    *error = g_error_copy (failure);
}

/* Reads the next block in place of the parsed one; at the end of the stream
 * the block is left empty. */
static gboolean
refill (CasCsvReader  *reader,
        GError       **error)
{
  GError *local_error = NULL;
  gssize n;

  reader->buf_offset += reader->buf_len;
  reader->buf_pos = reader->buf_len = 0;
  if (reader->eof)
    return TRUE;

  n = g_input_stream_read (reader->stream, reader->buf, reader->block_size, NULL, &local_error);
  if (n < 0)
    {
      set_failure (reader, local_error, error);
      return FALSE;
    }
  if (n == 0)
    reader->eof = TRUE;
  reader->buf_len = n;

  return TRUE;
}

/* A NUL byte: no CSV text has one, while binary files (an .xlsx workbook is
 * a zip archive) and UTF-16 text are full of them. */
static void
fail_not_csv (CasCsvReader  *reader,
              GError       **error)
{
  char line[24];

  format_line (line, sizeof line, reader->line + count_breaks (reader, reader->rec_len));
  set_failure (reader,
               g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_NOT_CSV,
                            /* Translators: %s is a line number */
                            _("Line %s: the file is not a CSV text file (it contains binary "
                              "data); if it is a spreadsheet, save it as “CSV UTF-8” first"),
                            line),
               error);
}

static void
fail_syntax (CasCsvReader  *reader,
             ParseState     state,
             GError       **error)
{
  gsize field_start = reader->starts[reader->n_fields - 1];
  char line[24];
  GError *failure;

  format_line (line, sizeof line, reader->line + count_breaks (reader, field_start));
  if (state == STATE_UNQUOTED)
    failure = g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                           /* Translators: %s is a line number, %u a field number */
                           _("Line %s, field %u: a quote (\") inside a field that does not "
                             "start with one; put the whole field in quotes and double the "
                             "quote inside it"),
                           line, reader->n_fields);
  else
    failure = g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                           /* Translators: %s is a line number, %u a field number */
                           _("Line %s, field %u: text after the closing quote of a quoted "
                             "field; a quote inside a quoted field must be doubled (\"\")"),
                           line, reader->n_fields);
  set_failure (reader, failure, error);
}

static void
fail_unterminated (CasCsvReader  *reader,
                   GError       **error)
{
  gsize field_start = reader->starts[reader->n_fields - 1];
  char line[24];

  format_line (line, sizeof line, reader->line + count_breaks (reader, field_start));
  set_failure (reader,
               g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                            /* Translators: %s is a line number, %u a field number */
                            _("Line %s, field %u: the quoted field that starts here has no "
                              "closing quote (\"); the file ends inside it"),
                            line, reader->n_fields),
               error);
}

static void
fail_too_long (CasCsvReader  *reader,
               ParseState     state,
               GError       **error)
{
  char line[24];
  GError *failure;

  if (state == STATE_QUOTED)
    {
      gsize field_start = reader->starts[reader->n_fields - 1];

      /* An unclosed quote swallows the rest of the file: by far the most
       * likely reason for such a field, so point at where it starts. */
      format_line (line, sizeof line, reader->line + count_breaks (reader, field_start));
      failure = g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_TOO_LONG,
                             /* Translators: %s is a line number, %u a field number */
                             _("Line %s, field %u: the quoted field that starts here is longer "
                               "than 1 MiB; its closing quote (\") is probably missing"),
                             line, reader->n_fields);
    }
  else
    {
      format_line (line, sizeof line, reader->line);
      failure = g_error_new (CAS_CSV_ERROR, CAS_CSV_ERROR_TOO_LONG,
                             /* Translators: %s is a line number */
                             _("Line %s: the record that starts here is longer than 1 MiB; "
                               "the file is not a CSV file of records, one per line"),
                             line);
    }
  set_failure (reader, failure, error);
}

/* Makes room for @n more bytes and the NUL after them, within the limit */
static inline gboolean
reserve (CasCsvReader *reader,
         gsize         n)
{
  gsize needed = reader->rec_len + n + 1;

  if (G_LIKELY (needed <= reader->rec_size))
    return TRUE;
  if (needed > MAX_RECORD_SIZE + 1)
    return FALSE;

  reader->rec_size = MAX (reader->rec_size * 2, 256);
  while (reader->rec_size < needed)
    reader->rec_size *= 2;
  reader->rec_size = MIN (reader->rec_size, MAX_RECORD_SIZE + 1);
  reader->rec = g_realloc (reader->rec, reader->rec_size);

  return TRUE;
}

static inline gboolean
append (CasCsvReader *reader,
        const guint8 *bytes,
        gsize         n)
{
  if (G_UNLIKELY (!reserve (reader, n)))
    return FALSE;
  memcpy (reader->rec + reader->rec_len, bytes, n);
  reader->rec_len += n;

  return TRUE;
}

static inline gboolean
append_byte (CasCsvReader *reader,
             char          c)
{
  if (G_UNLIKELY (!reserve (reader, 1)))
    return FALSE;
  reader->rec[reader->rec_len++] = c;

  return TRUE;
}

static inline void
begin_field (CasCsvReader *reader)
{
  if (G_UNLIKELY (reader->n_fields == reader->starts_size))
    {
      reader->starts_size = MAX (reader->starts_size * 2, 32);
      reader->starts = g_renew (gsize, reader->starts, reader->starts_size);
    }
  reader->starts[reader->n_fields++] = reader->rec_len;
}

static inline gboolean
end_field (CasCsvReader *reader)
{
  return append_byte (reader, '\0');
}

/* Import files are mostly ASCII: checking a whole record a word at a time
 * spares the per-field UTF-8 validation in the common case. */
static gboolean
is_ascii (const char *s,
          gsize       len)
{
  guint64 acc = 0;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, s + i, sizeof word);
      acc |= word;
    }
  for (; i < len; i++)
    acc |= (guint8) s[i];

  return (acc & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

/* Fills the field pointers and checks the encoding of a complete record */
static gboolean
finish_record (CasCsvReader  *reader,
               GError       **error)
{
  gboolean ascii;

  if (reader->field_ptrs_size < reader->n_fields + 1)
    {
      reader->field_ptrs_size = MAX (reader->n_fields + 1, reader->field_ptrs_size * 2);
      reader->field_ptrs = g_renew (const char *, reader->field_ptrs, reader->field_ptrs_size);
    }

  ascii = is_ascii (reader->rec, reader->rec_len);
  for (guint i = 0; i < reader->n_fields; i++)
    {
      const char *field = reader->rec + reader->starts[i];
      gsize len = (i + 1 < reader->n_fields ? reader->starts[i + 1] : reader->rec_len)
                  - reader->starts[i] - 1;
      const char *bad;

      reader->field_ptrs[i] = field;
      /* g_utf8_validate_len() goes byte by byte: spare it the ASCII fields
       * of records that have a few accented ones */
      if (ascii || is_ascii (field, len) || g_utf8_validate_len (field, len, &bad))
        continue;

      {
        char line[24];

        format_line (line, sizeof line, reader->line + count_breaks (reader, bad - reader->rec));
        /* The record was read to its end, so the reader may go on with the
         * next one: an import can list every badly encoded line at once. */
        g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING,
                     /* Translators: %s is a line number, %u a field number, %02X a byte */
                     _("Line %s, field %u: not valid UTF-8 (byte 0x%02X); the file is probably "
                       "in Latin-1 or Windows-1252, save it as UTF-8 (in a spreadsheet: "
                       "“CSV UTF-8”)"),
                     line, i + 1, (guint) (guint8) *bad);
        return FALSE;
      }
    }
  reader->field_ptrs[reader->n_fields] = NULL;

  return TRUE;
}

/* Skips a UTF-8 byte order mark, which Excel writes in front of "CSV UTF-8",
 * and recognises UTF-16, which would otherwise be reported as binary. */
static gboolean
start (CasCsvReader  *reader,
       GError       **error)
{
  GError *local_error = NULL;

  reader->started = TRUE;
  reader->buf_size = MAX (reader->block_size, 3);
  reader->buf = g_malloc (reader->buf_size);

  /* Block sizes below 3 only happen in tests; gather the first bytes anyway */
  while (reader->buf_len < 3)
    {
      gssize n = g_input_stream_read (reader->stream, reader->buf + reader->buf_len,
                                      MIN (reader->block_size,
                                           reader->buf_size - reader->buf_len),
                                      NULL, &local_error);
      if (n < 0)
        {
          set_failure (reader, local_error, error);
          return FALSE;
        }
      if (n == 0)
        {
          reader->eof = TRUE;
          break;
        }
      reader->buf_len += n;
    }

  if (reader->buf_len >= 3 && memcmp (reader->buf, "\xEF\xBB\xBF", 3) == 0)
    reader->buf_pos = 3;
  else if (reader->buf_len >= 2
           && (memcmp (reader->buf, "\xFF\xFE", 2) == 0
               || memcmp (reader->buf, "\xFE\xFF", 2) == 0))
    {
      set_failure (reader,
                   g_error_new_literal (CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING,
                                        _("Line 1: the file is in UTF-16 (“Unicode text”); "
                                          "save it as UTF-8 (in a spreadsheet: “CSV UTF-8”)")),
                   error);
      return FALSE;
    }

  return TRUE;
}

/**
 * cas_csv_reader_next:
 *
 * After a %CAS_CSV_ERROR_ENCODING error the record has been read in full,
 * and the next call returns the following one. After any other error the
 * reader cannot find its way back into the file: further calls return the
 * same error.
 */
gboolean
cas_csv_reader_next (CasCsvReader        *reader,
                     guint               *n_fields,
                     const char * const **fields,
                     GError             **error)
{
  ParseState state = STATE_FIELD_START;
  const guint8 *p;
  const guint8 *end;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (n_fields != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_fields = 0;
  *fields = NULL;

  if (reader->failure != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (reader->failure);
      return FALSE;
    }

  if (!reader->started && !start (reader, error))
    return FALSE;

  p = reader->buf + reader->buf_pos;
  end = reader->buf + reader->buf_len;

  /* The LF of a CRLF that ended the last record may start this block */
  for (;;)
    {
      if (p == end)
        {
          if (!refill (reader, error))
            return FALSE;
          p = reader->buf;
          end = p + reader->buf_len;
        }
      if (p == end || !reader->skip_lf)
        break;
      reader->skip_lf = FALSE;
      if (*p == '\n')
        p++;
    }
  reader->skip_lf = FALSE;
  if (p == end)
    {
      /* Nothing after the last line break: the end, not an empty record */
      reader->buf_pos = p - reader->buf;
      return FALSE;
    }

  reader->line = reader->next_line;
  reader->rec_len = 0;
  reader->n_fields = 0;
  reader->has_breaks = FALSE;
  begin_field (reader);

  for (;;)
    {
      if (p == end)
        {
          if (!refill (reader, error))
            return FALSE;
          p = reader->buf;
          end = p + reader->buf_len;
          if (p == end)
            {
              /* The end of the stream ends the last record too */
              if (state == STATE_QUOTED)
                {
                  fail_unterminated (reader, error);
                  return FALSE;
                }
              if (!end_field (reader))
                goto too_long;
              break;
            }
        }

      switch (state)
        {
        case STATE_FIELD_START:
          if (*p == '"')
            {
              p++;
              state = STATE_QUOTED;
              continue;
            }
          state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          {
            const guint8 *run = p;
            guint8 c;

            while (p < end && !(byte_class[*p] & SPECIAL_UNQUOTED))
              p++;
            if (!append (reader, run, p - run))
              goto too_long;
            if (p == end)
              continue;

            c = *p++;
            if (c == ',')
              {
                if (!end_field (reader))
                  goto too_long;
                begin_field (reader);
                state = STATE_FIELD_START;
                continue;
              }
            if (c == '\n' || c == '\r')
              {
                if (!end_field (reader))
                  goto too_long;
                reader->skip_lf = (c == '\r');
                goto record_done;
              }
            if (c == '"')
              {
                fail_syntax (reader, state, error);
                return FALSE;
              }
            fail_not_csv (reader, error);
            return FALSE;
          }

        case STATE_QUOTED:
          {
            const guint8 *run = p;
            guint8 c;

            while (p < end && !(byte_class[*p] & SPECIAL_QUOTED))
              p++;
            if (!append (reader, run, p - run))
              goto too_long;
            if (p == end)
              continue;

            c = *p++;
            if (c == '"')
              state = STATE_QUOTE_SEEN;
            else if (c == '\n' || c == '\r')
              {
                reader->has_breaks = TRUE;
                if (!append_byte (reader, c))
                  goto too_long;
              }
            else
              {
                fail_not_csv (reader, error);
                return FALSE;
              }
            continue;
          }

        case STATE_QUOTE_SEEN:
          {
            guint8 c = *p++;

            if (c == '"')
              {
                if (!append_byte (reader, '"'))
                  goto too_long;
                state = STATE_QUOTED;
                continue;
              }
            if (c == ',')
              {
                if (!end_field (reader))
                  goto too_long;
                begin_field (reader);
                state = STATE_FIELD_START;
                continue;
              }
            if (c == '\n' || c == '\r')
              {
                if (!end_field (reader))
                  goto too_long;
                reader->skip_lf = (c == '\r');
                goto record_done;
              }
            if (c == '\0')
              fail_not_csv (reader, error);
            else
              fail_syntax (reader, state, error);
            return FALSE;
          }

        default:
          g_assert_not_reached ();
        }
    }

record_done:
  /* A CRLF pair within the block is taken whole, so that the position
   * stays on the start of the next record */
  if (reader->skip_lf && p < end && *p == '\n')
    {
      p++;
      reader->skip_lf = FALSE;
    }
  reader->buf_pos = p - reader->buf;
  reader->next_line = reader->line + count_breaks (reader, reader->rec_len) + 1;

  if (!finish_record (reader, error))
    return FALSE;

  *n_fields = reader->n_fields;
  *fields = (const char * const *) reader->field_ptrs;

  return TRUE;

too_long:
  fail_too_long (reader, state, error);
  return FALSE;
}

static gboolean
needs_quotes (const char *field,
              gsize       len)
{
  /* Leading and trailing blanks are quoted because many readers (and
   * spreadsheets) trim them from unquoted fields. */
  if (field[0] == ' ' || field[0] == '\t'
      || field[len - 1] == ' ' || field[len - 1] == '\t')
    return TRUE;

  return strpbrk (field, ",\"\r\n") != NULL;
}

/**
 * cas_csv_append_record:
 * @out: the text to append to
 * @fields: (array length=n_fields) (nullable): the values; a NULL one is written empty
 * @n_fields: the number of values
 *
 * Values are written exactly as they are. A spreadsheet would run a value
 * starting with "=", "+", "-" or "@" as a formula ("CSV injection"), and the
 * usual defence is to prefix such values with an apostrophe; but these files
 * exist to be imported again by Certassur Desk, where the prefix would
 * corrupt names, phone numbers ("+32 …") and negative amounts. Opening an
 * export in a spreadsheet is left to the user's spreadsheet warnings.
 */
void
cas_csv_append_record (GString            *out,
                       const char * const *fields,
                       guint               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i];
      gsize len;

      if (i > 0)
        g_string_append_c (out, ',');
      if (field == NULL || field[0] == '\0')
        continue;

      len = strlen (field);
      if (!needs_quotes (field, len))
        {
          g_string_append_len (out, field, len);
          continue;
        }

      g_string_append_c (out, '"');
      for (const char *quote; (quote = strchr (field, '"')) != NULL; field = quote + 1)
        {
          g_string_append_len (out, field, quote - field);
          g_string_append (out, "\"\"");
        }
      g_string_append (out, field);
      g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}
