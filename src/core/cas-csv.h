/* cas-csv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV, UTF-8 only: a streaming reader fast enough for files of
 * millions of rows, and a writer.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CAS_CSV_ERROR (cas_csv_error_quark ())

typedef enum
{
  CAS_CSV_ERROR_ENCODING,     /* not UTF-8 (message names line and column) */
  CAS_CSV_ERROR_SYNTAX,       /* a quote out of place, an unterminated quoted field */
  CAS_CSV_ERROR_TOO_LONG,     /* a record over the reader's limit (1 MiB) */
  CAS_CSV_ERROR_NOT_CSV,      /* binary content (NUL bytes) */
} CasCsvError;

typedef struct _CasCsvReader CasCsvReader;

GQuark        cas_csv_error_quark          (void);

/* Takes a reference on @stream. A UTF-8 byte order mark is skipped. */
CasCsvReader *cas_csv_reader_new           (GInputStream  *stream);
CasCsvReader *cas_csv_reader_new_for_path  (const char    *path,
                                            GError       **error);
void          cas_csv_reader_free          (CasCsvReader  *reader);

/* Reads the next record. Returns TRUE with @n_fields and @fields set (owned
 * by the reader, valid until the next call), FALSE at the end (error unset)
 * or on error. An empty line is a record of one empty field. */
gboolean      cas_csv_reader_next          (CasCsvReader  *reader,
                                            guint         *n_fields,
                                            const char * const **fields,
                                            GError       **error);
/* A lone CR (old Mac files) also ends a record. After a
 * CAS_CSV_ERROR_ENCODING error the record was read in full and the next call
 * returns the following one; after any other error the reader keeps
 * returning that error. */

/* The physical line (from 1) where the last record started */
guint64       cas_csv_reader_get_line      (CasCsvReader  *reader);
/* Bytes consumed so far, for progress */
guint64       cas_csv_reader_get_position  (CasCsvReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasCsvReader, cas_csv_reader_free)

/* For tests: read the stream this many bytes at a time (default 256 KiB), so
 * that records fall across block boundaries. Before the first _next() only. */
void          _cas_csv_reader_set_block_size (CasCsvReader *reader,
                                              gsize         block_size);

/* Appends one record, quoting fields that need it, ending with "\r\n".
 * A NULL field is written empty. */
void          cas_csv_append_record        (GString            *out,
                                            const char * const *fields,
                                            guint               n_fields);

G_END_DECLS
