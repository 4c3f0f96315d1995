/* cas-import-review.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import of a CSV file of persons (the import-persons format) with a
 * review before anything is written: the file is analysed (every row
 * validated, every valid row checked for duplicates against the register
 * and within the file), the user decides what becomes of each flagged row,
 * and the commit writes the decisions in one transaction. Nothing is
 * written before the commit; a cancelled or failed commit writes nothing.
 *
 * Analysis and commit are synchronous and long: call them from a worker
 * thread (GTask); their progress callbacks run on that thread.
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-duplicate-service.h"
#include "cas-person-service.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_IMPORT_REVIEW_ERROR (cas_import_review_error_quark ())

typedef enum
{
  CAS_IMPORT_REVIEW_ERROR_TOO_LARGE,   /* over CAS_IMPORT_REVIEW_MAX_BYTES */
  CAS_IMPORT_REVIEW_ERROR_NOT_CSV,     /* a PDF, a spreadsheet, tab-separated text */
  CAS_IMPORT_REVIEW_ERROR_STATE,       /* commit before analysis, or twice */
  CAS_IMPORT_REVIEW_ERROR_UNDECIDED,   /* a flagged row without a decision */
  CAS_IMPORT_REVIEW_ERROR_DECISION,    /* a decision the row does not allow */
  CAS_IMPORT_REVIEW_ERROR_CHANGED,     /* a record to update changed since the analysis */
} CasImportReviewError;

/* The analysis keeps every row in memory (about 1 KiB each): larger files
 * are refused before they are read (and while they are, for a stream of
 * unknown size). 128 MiB is about a million rows. */
#define CAS_IMPORT_REVIEW_MAX_BYTES (G_GUINT64_CONSTANT (128) * 1024 * 1024)
/* Rows kept as read, for the preview */
#define CAS_IMPORT_REVIEW_PREVIEW_ROWS 20

typedef enum
{
  CAS_IMPORT_DECISION_NONE,             /* a flagged row not decided yet */
  CAS_IMPORT_DECISION_CREATE,           /* a new person */
  CAS_IMPORT_DECISION_UPDATE_EXISTING,  /* update the existing record chosen */
  CAS_IMPORT_DECISION_SKIP,             /* nothing */
} CasImportDecision;

/* One data row of the file. Valid rows without a match start as CREATE,
 * rows with errors as SKIP (they cannot be anything else), flagged rows as
 * NONE. */
typedef struct
{
  guint64            line;            /* where the row starts, from 1 (the header) */
  CasPerson         *person;          /* the row's values normalised; NULL when invalid */
  GPtrArray         *problems;        /* CasImportProblem: line, column (NULL: the row), reason */
  GPtrArray         *matches;         /* CasDuplicateProposal, a: the existing record; best first */
  guint64            same_as_line;    /* an earlier row of the same person in the file, or 0 */
  char              *same_as_reasons; /* why, translated */
  CasDuplicateBand   same_as_band;
  CasImportDecision  decision;
  gint64             update_id;       /* with UPDATE_EXISTING: the record */
} CasImportRow;

/* What an analysis found */
typedef struct
{
  guint64 n_rows;          /* data rows */
  guint64 n_invalid;       /* rows with errors */
  guint64 n_flagged;       /* valid rows with a match in the register or the file */
  guint64 n_in_register;   /* valid rows with a match in the register */
  guint64 n_in_file;       /* valid rows matching an earlier row */
  guint64 n_candidates;    /* records of the register read to compare */
  double  read_seconds;    /* reading and validating */
  double  lookup_seconds;  /* finding the candidates in the register */
  double  match_seconds;   /* scoring */
} CasImportSummary;

/* What a commit wrote */
typedef struct
{
  guint64 n_created;
  guint64 n_updated;
  guint64 n_skipped;
} CasImportOutcome;

#define CAS_TYPE_IMPORT_REVIEW (cas_import_review_get_type ())

G_DECLARE_FINAL_TYPE (CasImportReview, cas_import_review, CAS, IMPORT_REVIEW, GObject)

GQuark           cas_import_review_error_quark  (void);

/* Operators import into the register, an administrator into their centre
 * (as import-persons); others are refused at analysis. @flags:
 * CAS_IMPORT_LEGACY keeps NRNs whose check digit is wrong. */
CasImportReview *cas_import_review_new          (CasDatabase          *db,
                                                 CasAccount           *actor,
                                                 CasImportFlags        flags);

/* Reads and checks @input; @total_bytes (0 if unknown) scales @progress,
 * which goes from 0 to 1. A file that cannot be read as CSV at all (empty,
 * binary, a bad header, a broken quote) fails with a message naming the
 * line; bad rows do not fail: they are listed by line and column. Once per
 * review. */
gboolean         cas_import_review_analyse      (CasImportReview      *self,
                                                 GInputStream         *input,
                                                 guint64               total_bytes,
                                                 CasDuplicateProgressFunc progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* The same for a file, refused at once above CAS_IMPORT_REVIEW_MAX_BYTES */
gboolean         cas_import_review_analyse_file (CasImportReview      *self,
                                                 GFile                *file,
                                                 CasDuplicateProgressFunc progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

const CasImportSummary *cas_import_review_get_summary (CasImportReview *self);

/* The header's column names, NULL-terminated */
const char * const *cas_import_review_get_columns (CasImportReview    *self);
/* The first CAS_IMPORT_REVIEW_PREVIEW_ROWS records after the header, as
 * read (element-type GStrv) */
GPtrArray       *cas_import_review_get_preview  (CasImportReview      *self);

guint            cas_import_review_get_n_rows   (CasImportReview      *self);
const CasImportRow *cas_import_review_get_row   (CasImportReview      *self,
                                                 guint                 position);
/* Flagged rows without a decision */
guint            cas_import_review_get_n_undecided (CasImportReview   *self);

/* Decides what becomes of row @position: UPDATE_EXISTING needs
 * @existing_id, one of the row's matches that the actor may change; a row
 * with errors can only be skipped. */
gboolean         cas_import_review_set_decision (CasImportReview      *self,
                                                 guint                 position,
                                                 CasImportDecision     decision,
                                                 gint64                existing_id,
                                                 GError              **error);
/* Sets every undecided row to @decision (CREATE or SKIP); returns how many */
guint            cas_import_review_decide_undecided (CasImportReview  *self,
                                                     CasImportDecision decision);

/* Writes the decisions in one transaction: persons created through the
 * bulk import (lookup keys, audit), existing records updated with what the
 * row brings (e-mail, the previous one kept as the second e-mail, phone,
 * address) through cas_person_service_update (). A record changed since
 * the analysis, an undecided row, a cancellation or any error writes
 * nothing. Once per review. */
gboolean         cas_import_review_commit       (CasImportReview      *self,
                                                 CasDuplicateProgressFunc progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 CasImportOutcome     *outcome,
                                                 GError              **error);

G_END_DECLS
