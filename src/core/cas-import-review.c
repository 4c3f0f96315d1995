/* cas-import-review.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analysis reads the file once, as import-persons does (cas-csv.c streams
 * it; each row is normalised by cas_person_normalize ()), and keeps the
 * rows. A live duplicate check per row would cost a few statements each,
 * minutes for 100,000 rows; instead the candidates of the whole file are
 * read at once: the persons sharing a lookup key of the live check
 * (phonetic name pair, e-mail, phone; person_match_key) or an NRN with a
 * row. First which persons, as pairs of key and id (a few thousand keys
 * per statement), then each person once, by id or by ranges of ids; every
 * statement returns one JSON value that the database builds, as the full
 * scan reads the register (libgda's cost is per value). Each row is then
 * scored against the candidates it shares a key with (on two threads), and
 * against the other rows through the engine's blocking over an index of
 * the rows; pairs of two candidates are left out (the full scan's job).
 *
 * On PostgreSQL an administrator's role reads only some persons (row-level
 * security): the records of other centres that rows duplicate come from
 * cas_import_candidates (), a function of the schema that tells of them
 * only a minimal identity and the values the row shares, a page of rows
 * per call; such a record may be skipped or created again, not updated.
 *
 * The commit is one transaction that holds the nested ones of the person
 * service: updates through cas_person_service_update () (same validation,
 * access and audit; the revision read at analysis must still be the
 * record's), creations through cas_person_service_import_csv () over the
 * rows to create (bulk insertion, lookup keys, audit). Any failure or a
 * cancellation rolls the whole back.
 */

#define G_LOG_DOMAIN "cas-import-review"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-csv.h"
#include "cas-database-private.h"
#include "cas-duplicate-private.h"
#include "cas-import-review.h"
#include "cas-person-service-private.h"
#include "cas-util.h"

/* The columns of the CSV the commit hands to the bulk import */
static const CasField commit_fields[] = {
  CAS_FIELD_EXTERNAL_REF, CAS_FIELD_FIRST_NAME, CAS_FIELD_LAST_NAME, CAS_FIELD_BIRTH_DATE,
  CAS_FIELD_NRN, CAS_FIELD_EMAIL, CAS_FIELD_PHONE, CAS_FIELD_STREET, CAS_FIELD_POSTCODE,
  CAS_FIELD_CITY, CAS_FIELD_LANGUAGE,
};

/* A record of the register that a row may match; the texts point into
 * the JSON pages they were read from (CasImportReview.texts) */
typedef struct
{
  gint64      id;
  gint64      company_id;
  int         revision;
  gboolean    hidden;       /* minimal identity of a record the role may not read */
  const char *ref;
  const char *first_name;
  const char *last_name;
  const char *birth_date;
  const char *sex;
  const char *nrn;
  const char *email;
  const char *email_secondary;
  const char *phone;
  const char *street;
  const char *postcode;
  const char *city;
  const char *centre;
  guint       index;        /* in candidates; in the index of rows and candidates, past
                             * the rows */
} Candidate;

typedef enum
{
  STATE_NEW,
  STATE_ANALYSED,
  STATE_DONE,
} State;

struct _CasImportReview
{
  GObject           parent_instance;

  CasDatabase      *db;
  CasAccount       *actor;
  CasImportFlags    flags;
  State             state;

  GStrv             columns;
  GPtrArray        *preview;      /* GStrv */
  GPtrArray        *rows;         /* CasImportRow */
  GPtrArray        *candidates;   /* Candidate */
  GPtrArray        *texts;        /* the JSON pages the candidates point into */
  GHashTable       *by_id;        /* id -> Candidate */
  /* The candidates, as GArrays of their indexes in candidates */
  GHashTable       *by_key;       /* by lookup key */
  GHashTable       *by_nrn;       /* by NRN */
  GHashTable       *by_row;       /* by row index + 1: hidden ones */
  CasImportSummary  summary;
};

G_DEFINE_FINAL_TYPE (CasImportReview, cas_import_review, G_TYPE_OBJECT)
G_DEFINE_QUARK (cas-import-review-error-quark, cas_import_review_error)

static void
problem_free (CasImportProblem *problem)
{
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

static void
row_free (CasImportRow *row)
{
  cas_person_free (row->person);
  g_clear_pointer (&row->problems, g_ptr_array_unref);
  g_clear_pointer (&row->matches, g_ptr_array_unref);
  g_free (row->same_as_reasons);
  g_free (row);
}

static void
cas_import_review_finalize (GObject *object)
{
  CasImportReview *self = CAS_IMPORT_REVIEW (object);

  g_clear_object (&self->db);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_nrn, g_hash_table_unref);
  g_clear_pointer (&self->by_row, g_hash_table_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);

  G_OBJECT_CLASS (cas_import_review_parent_class)->finalize (object);
}

static void
cas_import_review_class_init (CasImportReviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_import_review_finalize;
}

static void
cas_import_review_init (CasImportReview *self)
{
  self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->candidates = g_ptr_array_new_with_free_func (g_free);
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->by_key = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  self->by_nrn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  self->by_row = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
}

/**
 * cas_import_review_new:
 *
 * Returns: (transfer full): a review of one file by @actor
 */
CasImportReview *
cas_import_review_new (CasDatabase    *db,
                       CasAccount     *actor,
                       CasImportFlags  flags)
{
  CasImportReview *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);
  g_return_val_if_fail (actor == NULL || CAS_IS_ACCOUNT (actor), NULL);

  self = g_object_new (CAS_TYPE_IMPORT_REVIEW, NULL);
  self->db = g_object_ref (db);
  self->actor = actor ? g_object_ref (actor) : NULL;
  self->flags = flags & CAS_IMPORT_LEGACY;

  return self;
}

static void
format_line (char    *buf,
             gsize    size,
             guint64  line)
{
  g_snprintf (buf, size, "%" PRIu64, line);
}

static void
add_problem (CasImportRow *row,
             const char   *column,
             const char   *message)
{
  CasImportProblem *problem = g_new0 (CasImportProblem, 1);

  problem->line = row->line;
  problem->column = g_strdup (column);
  problem->message = g_strdup (message);
  g_ptr_array_add (row->problems, problem);
}

static gboolean
may_import (CasImportReview  *self,
            CasAccess        *access,
            GError          **error)
{
  if (!_cas_access_init (access, self->db, self->actor, error))
    return FALSE;
  if (!_cas_access_is_operator (access) && _cas_access_first_centre (access) == 0)
    return _cas_access_deny (self->db, access, "person.import", NULL, 0, error,
                             _("import persons (operators and the administrators of an exam "
                               "centre do)"));
  return TRUE;
}

/* Files people pick by mistake, told by their first bytes: the CSV reader
 * would call them binary, or take a PDF's first line for a header */
static gboolean
sniff (GBufferedInputStream  *input,
       GCancellable          *cancellable,
       GError               **error)
{
  const guint8 *head;
  gsize n = 0;

  if (g_buffered_input_stream_fill (input, 8, cancellable, error) < 0)
    return FALSE;
  head = g_buffered_input_stream_peek_buffer (input, &n);

  if (n >= 5 && memcmp (head, "%PDF-", 5) == 0)
    g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV,
                         _("The file is a PDF document, not a CSV file: export the list of "
                           "persons as CSV (UTF-8) instead"));
  else if (n >= 4 && memcmp (head, "PK\3\4", 4) == 0)
    g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV,
                         _("The file is a spreadsheet or a zip archive (.xlsx, .ods, .zip), not "
                           "a CSV file: in the spreadsheet, save it as “CSV UTF-8”"));
  else if (n >= 4 && memcmp (head, "\xD0\xCF\x11\xE0", 4) == 0)
    g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV,
                         _("The file is an Excel 97-2003 workbook (.xls), not a CSV file: in "
                           "the spreadsheet, save it as “CSV UTF-8”"));
  else
    return TRUE;

  return FALSE;
}

/* A header of one column holding tabs or semicolons: text pasted from a
 * spreadsheet, or a CSV of a spreadsheet set for another separator */
static gboolean
check_separator (guint               n_fields,
                 const char * const *fields,
                 GError            **error)
{
  if (n_fields != 1)
    return TRUE;

  if (strchr (fields[0], '\t') != NULL)
    g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV,
                         _("Line 1 (header): the columns are separated by tabs (text copied "
                           "from a spreadsheet?); save the file as CSV, with commas"));
  else if (strchr (fields[0], ';') != NULL)
    g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_NOT_CSV,
                         _("Line 1 (header): the columns are separated by semicolons; save "
                           "the file as CSV with commas (in a spreadsheet: “CSV UTF-8”)"));
  else
    return TRUE;

  return FALSE;
}

static void
set_too_large (GError **error)
{
  g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_TOO_LARGE,
               _("The file is larger than %u MiB, the most an import with review takes; "
                 "split it into smaller files"),
               (guint) (CAS_IMPORT_REVIEW_MAX_BYTES / (1024 * 1024)));
}

/* Reads and validates every row */
static gboolean
read_rows (CasImportReview           *self,
           CasCsvReader              *reader,
           guint64                    total_bytes,
           CasDuplicateProgressFunc   progress,
           gpointer                   progress_data,
           GCancellable              *cancellable,
           GError                   **error)
{
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_field_problem_free);
  g_autofree CasField *columns = NULL;
  const char * const *fields = NULL;
  CasPersonCheckFlags check_flags = CAS_PERSON_CHECK_ISO;
  guint n_columns = 0;

  if (self->flags & CAS_IMPORT_LEGACY)
    check_flags |= CAS_PERSON_CHECK_LEGACY;

  if (!cas_csv_reader_next (reader, &n_columns, &fields, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CAS_CSV_ERROR, CAS_CSV_ERROR_SYNTAX,
                     _("The file is empty: expected a header line naming the columns"));
      return FALSE;
    }
  if (!check_separator (n_columns, fields, error))
    return FALSE;
  columns = g_new0 (CasField, n_columns);
  if (!_cas_person_parse_csv_header (n_columns, fields, columns, error))
    return FALSE;
  self->columns = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    self->columns[i] = g_strdup (cas_field_get_key (columns[i]));

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      CasImportRow *row;
      guint n_fields = 0;

      if (!cas_csv_reader_next (reader, &n_fields, &fields, &row_error) &&
          !g_error_matches (row_error, CAS_CSV_ERROR, CAS_CSV_ERROR_ENCODING))
        {
          if (row_error == NULL)
            break;
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }

      /* A blank line is no record */
      if (row_error == NULL && n_fields == 1 && fields[0][0] == '\0' && n_columns > 1)
        continue;

      if (cas_csv_reader_get_position (reader) > CAS_IMPORT_REVIEW_MAX_BYTES)
        {
          set_too_large (error);
          return FALSE;
        }

      row = g_new0 (CasImportRow, 1);
      row->line = cas_csv_reader_get_line (reader);
      row->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
      row->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_duplicate_proposal_free);
      row->decision = CAS_IMPORT_DECISION_SKIP;
      g_ptr_array_add (self->rows, row);

      if ((self->rows->len & 0xfff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL && total_bytes > 0)
            progress (0.5 * MIN (1.0, (double) cas_csv_reader_get_position (reader) /
                                      total_bytes),
                      progress_data);
        }

      /* A row in Latin-1 is listed with the others; the reader goes on */
      if (row_error != NULL)
        {
          add_problem (row, NULL, row_error->message);
          continue;
        }

      if (self->preview->len < CAS_IMPORT_REVIEW_PREVIEW_ROWS)
        g_ptr_array_add (self->preview, g_strdupv ((char **) fields));

      if (n_fields != n_columns)
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "the row has %u field, the header has %u",
                                          "the row has %u fields, the header has %u",
                                          n_fields),
                             n_fields, n_columns);
          add_problem (row, NULL, message);
          continue;
        }

      row->person = cas_person_new ();
      for (guint i = 0; i < n_columns; i++)
        *_cas_person_field_slot (row->person, columns[i]) =
          fields[i][0] ? g_strdup (fields[i]) : NULL;

      g_ptr_array_set_size (problems, 0);
      if (!cas_person_normalize (row->person, check_flags, problems))
        {
          for (guint i = 0; i < problems->len; i++)
            {
              CasFieldProblem *problem = g_ptr_array_index (problems, i);

              add_problem (row, cas_field_get_key (problem->field), problem->error->message);
            }
          g_clear_pointer (&row->person, cas_person_free);
          continue;
        }

      row->decision = CAS_IMPORT_DECISION_CREATE;
    }

  return TRUE;
}

/* Notes that @candidate shares @key (a lookup key, an NRN, a row) with
 * rows; @free_key frees @key when @table has it already */
static void
index_candidate (GHashTable     *table,
                 gpointer        key,
                 GDestroyNotify  free_key,
                 Candidate      *candidate)
{
  GArray *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (table, key, list);
    }
  else if (free_key != NULL)
    free_key (key);
  g_array_append_val (list, candidate->index);
}

static gint64
text_int64 (const char *text)
{
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* Called with the values of a page, n_columns per row */
typedef void (*PageFunc) (CasImportReview    *self,
                          const char * const *values,
                          guint               n_rows,
                          gpointer            data);

/* Reads a statement's one value, a JSON array of arrays of @n_columns
 * values (NULL: no row), and hands the values to @func; @keep keeps the
 * text, into which the values point, for the review's life */
static gboolean
read_page (CasImportReview  *self,
           GdaDataModel     *model,
           guint             n_columns,
           gboolean          keep,
           PageFunc          func,
           gpointer          data,
           GError          **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *text = NULL;
  guint n_rows = 0;

  if (gda_data_model_get_n_rows (model) < 1 || _cas_model_is_null (model, 0, 0))
    return TRUE;
  text = _cas_model_dup_string (model, 0, 0);
  if (!_cas_duplicate_parse_rows (text, n_columns, values, &n_rows))
    {
      g_set_error_literal (error, CAS_DUPLICATE_ERROR, CAS_DUPLICATE_ERROR_INVALID,
                           "Internal error: the candidates of the file came in an unknown form");
      return FALSE;
    }
  func (self, (const char * const *) values->pdata, n_rows, data);
  if (keep)
    g_ptr_array_add (self->texts, g_steal_pointer (&text));

  return TRUE;
}

/* Of two statements, SQLite's and PostgreSQL's, the one to run */
static const char *
of_dialect (CasImportReview    *self,
            const char * const  sql[2])
{
  return sql[cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL];
}

/* Runs @sql (SQLite's, PostgreSQL's) once per @chunk items (@ints, or
 * else @strings, which need no escaping), whose ##values is a JSON object
 * holding one item in each member: both SQLite and PostgreSQL read "value
 * ->> 0" of the members of an object (as the bulk insertion does), so one
 * text parameter per statement. The statement returns one value, a JSON
 * page: libgda's cost is per value (as the full scan reads the register,
 * cas-duplicate-service.c). */
static gboolean
query_pages (CasImportReview     *self,
             const char * const   sql[2],
             guint                n_columns,
             const gint64        *ints,
             const char * const  *strings,
             guint                n_items,
             guint                chunk,
             gboolean             keep,
             PageFunc             func,
             gpointer             data,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GString) values = g_string_new ("{");
  const char *statement = of_dialect (self, sql);
  guint n_values = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GdaDataModel) model = NULL;

      if (ints != NULL)
        g_string_append_printf (values, "%s\"%u\":[%" PRId64 "]", n_values ? "," : "", n_values,
                                ints[i]);
      else
        g_string_append_printf (values, "%s\"%u\":[\"%s\"]", n_values ? "," : "", n_values,
                                strings[i]);
      if (++n_values < chunk && i + 1 < n_items)
        continue;

      g_string_append_c (values, '}');
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      model = _cas_database_query (self->db, error, statement, "values", values->str, NULL);
      if (model == NULL || !read_page (self, model, n_columns, keep, func, data, error))
        return FALSE;
      g_string_assign (values, "{");
      n_values = 0;
    }

  return TRUE;
}

#define JSON_PAGE(agg, array, columns) \
  "SELECT " agg " (" array " (" columns "))"
#define JSON_PAGES(columns, rest) \
  { JSON_PAGE ("json_group_array", "json_array", columns) rest, \
    JSON_PAGE ("json_agg", "json_build_array", columns) rest }

/* The persons sharing a lookup key with rows, as (key, id) pairs: the keys
 * index alone. IN (SELECT ...) rather than a join, which SQLite plans as a
 * scan of person_match_key. */
static const char * const key_pairs_sql[2] =
  JSON_PAGES ("k.match_key, k.person_id",
              " FROM person_match_key k WHERE k.match_key IN "
              "(SELECT CAST (j.value ->> 0 AS BIGINT) FROM json_each (##values::string) j)");
static const char * const nrn_ids_sql[2] =
  JSON_PAGES ("p.id",
              " FROM person p WHERE p.merged_into IS NULL "
              "AND p.nrn IN (SELECT j.value ->> 0 FROM json_each (##values::string) j)");

/* Then each candidate once: by their ids, or where the ids of a page are
 * dense (the candidates of a large file, most of the register), the range
 * of them, which the database reads in one pass instead of a look-up each */
#define CANDIDATE_COLUMNS 16
#define CANDIDATE_SELECT \
  "p.id, p.external_ref, p.first_name, p.last_name, p.birth_date, p.sex, p.nrn, p.email, " \
  "p.email_secondary, p.phone, p.street, p.postcode, p.city, p.company_id, c.name, p.revision"
#define CANDIDATE_FROM \
  " FROM person p LEFT JOIN company c ON c.id = p.company_id WHERE p.merged_into IS NULL "
static const char * const candidates_sql[2] =
  JSON_PAGES (CANDIDATE_SELECT,
              CANDIDATE_FROM "AND p.id IN "
              "(SELECT CAST (j.value ->> 0 AS BIGINT) FROM json_each (##values::string) j)");
static const char * const candidates_range_sql[2] =
  JSON_PAGES (CANDIDATE_SELECT, CANDIDATE_FROM "AND p.id BETWEEN ##lo::gint64 AND ##hi::gint64");

/* Keys or NRNs per statement; candidates per statement */
#define LOOKUP_CHUNK 4000
#define CANDIDATE_CHUNK 10000

typedef struct
{
  gint64 key;
  gint64 id;
} KeyPair;

typedef struct
{
  GArray     *pairs;    /* KeyPair */
  GArray     *ids;      /* the distinct ids, gint64 */
  GHashTable *seen;     /* id (in a KeyPair, or an NRN page) */
} Found;

static void
add_id (Found      *found,
        gint64      id)
{
  if (g_hash_table_contains (found->seen, &id))
    return;
  g_array_append_val (found->ids, id);
  g_hash_table_add (found->seen, g_memdup2 (&id, sizeof id));
}

static void
key_pairs_page (CasImportReview    *self,
                const char * const *values,
                guint               n_rows,
                gpointer            data)
{
  Found *found = data;

  for (guint r = 0; r < n_rows; r++)
    {
      KeyPair pair = { text_int64 (values[2 * r]), text_int64 (values[2 * r + 1]) };

      g_array_append_val (found->pairs, pair);
      add_id (found, pair.id);
    }
}

static void
nrn_ids_page (CasImportReview    *self,
              const char * const *values,
              guint               n_rows,
              gpointer            data)
{
  for (guint r = 0; r < n_rows; r++)
    add_id (data, text_int64 (values[r]));
}

/* A candidate from the CANDIDATE_COLUMNS values at @v */
static Candidate *
candidate_new (CasImportReview    *self,
               const char * const *v)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  *candidate = (Candidate) {
    .id = text_int64 (v[0]), .ref = v[1], .first_name = v[2], .last_name = v[3],
    .birth_date = v[4], .sex = v[5], .nrn = v[6], .email = v[7], .email_secondary = v[8],
    .phone = v[9], .street = v[10], .postcode = v[11], .city = v[12],
    .company_id = text_int64 (v[13]), .centre = v[14], .revision = (int) text_int64 (v[15]),
  };
  candidate->index = self->candidates->len;
  g_ptr_array_add (self->candidates, candidate);

  return candidate;
}

static void
candidates_page (CasImportReview    *self,
                 const char * const *values,
                 guint               n_rows,
                 gpointer            data)
{
  GHashTable *wanted = data;

  for (guint r = 0; r < n_rows; r++)
    {
      gint64 id = text_int64 (values[r * CANDIDATE_COLUMNS]);
      Candidate *candidate;

      /* A range holds others */
      if (wanted != NULL && !g_hash_table_contains (wanted, &id))
        continue;
      candidate = candidate_new (self, values + r * CANDIDATE_COLUMNS);
      g_hash_table_insert (self->by_id, &candidate->id, candidate);
    }
}

/* Ids in increasing order */
static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return (*(const gint64 *) a > *(const gint64 *) b) - (*(const gint64 *) a < *(const gint64 *) b);
}

/* The persons of the register that share a lookup key or an NRN with a
 * valid row: first which (the pairs of key and person, the persons by
 * NRN), then each person once, in order of id */
static gboolean
find_candidates (CasImportReview  *self,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autoptr(GHashTable) keys_seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) nrns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) nrn_list = g_ptr_array_new ();
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (KeyPair));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Found found = { pairs, ids, seen };

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);
      gint64 row_keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS];
      CasDuplicateFields fields;
      guint n;

      if (row->person == NULL)
        continue;
      fields = (CasDuplicateFields) {
        .first_name = row->person->first_name,
        .last_name = row->person->last_name,
        .email = row->person->email,
        .phone = row->person->phone,
      };
      n = _cas_duplicate_lookup_keys (&fields, row_keys);
      for (guint k = 0; k < n; k++)
        if (!g_hash_table_contains (keys_seen, &row_keys[k]))
          {
            g_array_append_val (keys, row_keys[k]);
            g_hash_table_add (keys_seen, &g_array_index (keys, gint64, keys->len - 1));
          }
      /* NRNs are digits: nothing to escape */
      if (row->person->nrn != NULL && g_hash_table_add (nrns, row->person->nrn))
        g_ptr_array_add (nrn_list, row->person->nrn);
    }
  /* keys_seen points into keys, which grew: no longer of use */
  g_clear_pointer (&keys_seen, g_hash_table_unref);

  if (!query_pages (self, key_pairs_sql, 2, (const gint64 *) keys->data, NULL, keys->len,
                    LOOKUP_CHUNK, FALSE, key_pairs_page, &found, cancellable, error) ||
      !query_pages (self, nrn_ids_sql, 1, NULL, (const char * const *) nrn_list->pdata,
                    nrn_list->len, LOOKUP_CHUNK, FALSE, nrn_ids_page, &found, cancellable,
                    error))
    return FALSE;

  g_array_sort (ids, compare_ids);
  for (guint start = 0; start < ids->len; start += CANDIDATE_CHUNK)
    {
      const gint64 *page = &g_array_index (ids, gint64, start);
      guint n = MIN (CANDIDATE_CHUNK, ids->len - start);
      gboolean dense = page[n - 1] - page[0] < 2 * (gint64) n;
      g_autoptr(GdaDataModel) model = NULL;

      if (!dense)
        {
          if (!query_pages (self, candidates_sql, CANDIDATE_COLUMNS, page, NULL, n, n, TRUE,
                            candidates_page, NULL, cancellable, error))
            return FALSE;
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      model = _cas_database_query (self->db, error,
                                   of_dialect (self, candidates_range_sql),
                                   "lo", page[0], "hi", page[n - 1], NULL);
      if (model == NULL ||
          !read_page (self, model, CANDIDATE_COLUMNS, TRUE, candidates_page, seen, error))
        return FALSE;
    }

  /* Persons merged meanwhile were not read */
  for (guint i = 0; i < pairs->len; i++)
    {
      const KeyPair *pair = &g_array_index (pairs, KeyPair, i);
      Candidate *candidate = g_hash_table_lookup (self->by_id, &pair->id);

      if (candidate != NULL)
        index_candidate (self->by_key, g_memdup2 (&pair->key, sizeof pair->key), g_free,
                         candidate);
    }
  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (self->candidates, i);

      if (candidate->nrn != NULL && g_hash_table_contains (nrns, candidate->nrn))
        index_candidate (self->by_nrn, g_strdup (candidate->nrn), g_free, candidate);
    }

  return TRUE;
}

/* On PostgreSQL an administrator's own role reads only the persons of
 * their centres (and of their sessions): the candidates above miss the
 * person another centre registered already, the very case to catch. A
 * function of the schema (0011-import-lookup-postgresql.sql) finds them
 * for a page of rows at a time, as the live check does for one person:
 * of each such record the names, the centre, and of every other field
 * only the value the row holds when the record holds that same value.
 * They are candidates of that row alone. */
#define HIDDEN_COLUMNS (CANDIDATE_COLUMNS + 1)
#define HIDDEN_CHUNK   1000

/* The columns of candidates_sql (no reference, no revision), then the row */
static const char hidden_sql[] =
  "SELECT json_agg (json_build_array (id, NULL, first_name, last_name, birth_date, sex, nrn, "
  "email, email_secondary, phone, street, postcode, city, company_id, centre, 0, row_index)) "
  "FROM cas_import_candidates (##rows::string)";

static void
hidden_page (CasImportReview    *self,
             const char * const *values,
             guint               n_rows,
             gpointer            data)
{
  for (guint r = 0; r < n_rows; r++)
    {
      const char * const *v = values + r * HIDDEN_COLUMNS;
      gint64 id = text_int64 (v[0]);
      gint64 row_index = text_int64 (v[CANDIDATE_COLUMNS]);
      Candidate *known = g_hash_table_lookup (self->by_id, &id);
      Candidate *candidate;

      /* Read in full already (a person of the administrator's sessions) */
      if ((known != NULL && !known->hidden) || row_index < 0 || row_index >= self->rows->len)
        continue;

      candidate = candidate_new (self, v);
      candidate->hidden = TRUE;
      if (known == NULL)
        g_hash_table_insert (self->by_id, &candidate->id, candidate);
      index_candidate (self->by_row, GSIZE_TO_POINTER (row_index + 1), NULL, candidate);
    }
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Row @i as the function takes it */
static void
add_hidden_row (JsonBuilder     *builder,
                guint            i,
                const CasPerson *p)
{
  static const char * const key_names[CAS_DUPLICATE_MAX_LOOKUP_KEYS] = { "k0", "k1", "k2", "k3" };
  gint64 keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS] = { 0, };
  CasDuplicateFields fields = {
    .first_name = p->first_name, .last_name = p->last_name, .email = p->email,
    .phone = p->phone,
  };

  _cas_duplicate_lookup_keys (&fields, keys);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "r");
  json_builder_add_int_value (builder, i);
  for (guint k = 0; k < CAS_DUPLICATE_MAX_LOOKUP_KEYS; k++)
    {
      json_builder_set_member_name (builder, key_names[k]);
      json_builder_add_int_value (builder, keys[k]);
    }
  add_member (builder, "nrn", p->nrn);
  add_member (builder, "birth", p->birth_date);
  add_member (builder, "sex", p->sex);
  add_member (builder, "email", p->email);
  add_member (builder, "phone", p->phone);
  add_member (builder, "street", p->street);
  add_member (builder, "postcode", p->postcode);
  add_member (builder, "city", p->city);
  json_builder_end_object (builder);
}

static gboolean
query_hidden (CasImportReview  *self,
              JsonBuilder      *builder,
              GError          **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *rows = NULL;

  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  rows = json_generator_to_data (generator, NULL);
  json_builder_reset (builder);

  model = _cas_database_query (self->db, error, hidden_sql, "rows", rows, NULL);

  return model != NULL && read_page (self, model, HIDDEN_COLUMNS, TRUE, hidden_page, NULL, error);
}

static gboolean
find_hidden (CasImportReview  *self,
             const CasAccess  *access,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  if (cas_database_get_dialect (self->db) != CAS_DIALECT_POSTGRESQL ||
      _cas_access_is_operator (access))
    return TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);

      if (row->person == NULL)
        continue;
      if (n == 0)
        json_builder_begin_array (builder);
      add_hidden_row (builder, i, row->person);
      if (++n < HIDDEN_CHUNK)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !query_hidden (self, builder, error))
        return FALSE;
      n = 0;
    }

  return n == 0 || query_hidden (self, builder, error);
}

typedef struct
{
  CasDuplicateProgressFunc  progress;
  gpointer                  progress_data;
} MatchJob;

static void
pairs_progress (double   fraction,
                gpointer user_data)
{
  MatchJob *job = user_data;

  if (job->progress != NULL)
    job->progress (0.8 + 0.2 * fraction, job->progress_data);
}

static CasDuplicateProposal *
make_match (const CasAccess              *access,
            const Candidate              *candidate,
            double                        score,
            const CasDuplicateComparison *comparison)
{
  CasDuplicateProposal *proposal = g_new0 (CasDuplicateProposal, 1);
  CasDuplicatePerson *person = g_new0 (CasDuplicatePerson, 1);

  person->id = candidate->id;
  person->visible = !candidate->hidden &&
                    (_cas_access_is_operator (access) ||
                     _cas_access_administers (access, candidate->company_id));
  person->first_name = g_strdup (candidate->first_name);
  person->last_name = g_strdup (candidate->last_name);
  person->centre = g_strdup (candidate->centre);
  if (person->visible && candidate->ref != NULL)
    person->ref = g_strdup (candidate->ref);
  else
    person->ref = g_strdup_printf ("#%" PRId64, candidate->id);
  if (candidate->birth_date != NULL)
    person->birth_date = person->visible ? g_strdup (candidate->birth_date)
                                         : g_strndup (candidate->birth_date, 4);

  proposal->a = person;
  proposal->score = score;
  proposal->band = cas_duplicate_band_for_score (score);
  if (proposal->band == CAS_DUPLICATE_BAND_LIKELY && !_cas_duplicate_enough_for_likely (comparison))
    proposal->band = CAS_DUPLICATE_BAND_POSSIBLE;
  proposal->comparison = *comparison;
  proposal->reasons = cas_duplicate_comparison_explain (comparison);

  return proposal;
}

static void
fields_of_row (const CasPerson    *p,
               CasDuplicateFields *fields)
{
  *fields = (CasDuplicateFields) {
    .first_name = p->first_name, .last_name = p->last_name, .birth_date = p->birth_date,
    .sex = p->sex, .nrn = p->nrn, .email = p->email, .phone = p->phone,
    .street = p->street, .postcode = p->postcode, .city = p->city,
  };
}

/* The scoring of rows against the register, on two threads: each takes
 * every other row */
typedef struct
{
  CasImportReview   *self;
  const CasAccess   *access;
  CasDuplicateIndex *index;
  GArray            *positions;   /* of the rows in the index: their indexes in rows */
  guint              first;
  guint             *stamps;      /* by position in the index: the last row scored, plus one */
  GCancellable      *cancellable;
} ScoreJob;

/* Scores row @i (at @position of the index) against the candidates
 * sharing a lookup key or its NRN; reads only what the other thread reads */
static void
score_row (ScoreJob *job,
           guint     i,
           guint     position)
{
  CasImportRow *row = g_ptr_array_index (job->self->rows, i);
  gint64 keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS];
  GArray *lists[CAS_DUPLICATE_MAX_LOOKUP_KEYS + 2];
  guint n_file = job->positions->len;
  CasDuplicateFields fields;
  guint n_keys, n_lists = 0;

  fields_of_row (row->person, &fields);
  n_keys = _cas_duplicate_lookup_keys (&fields, keys);
  for (guint k = 0; k < n_keys; k++)
    if ((lists[n_lists] = g_hash_table_lookup (job->self->by_key, &keys[k])) != NULL)
      n_lists++;
  if (row->person->nrn != NULL &&
      (lists[n_lists] = g_hash_table_lookup (job->self->by_nrn, row->person->nrn)) != NULL)
    n_lists++;
  if ((lists[n_lists] = g_hash_table_lookup (job->self->by_row, GUINT_TO_POINTER (i + 1))))
    n_lists++;

  for (guint l = 0; l < n_lists; l++)
    for (guint c = 0; c < lists[l]->len; c++)
      {
        guint k = g_array_index (lists[l], guint, c);
        CasDuplicateComparison comparison;
        double score;

        /* The candidate itself only for a match: fewer reads of memory */
        if (job->stamps[n_file + k] == i + 1)
          continue;
        job->stamps[n_file + k] = i + 1;
        score = cas_duplicate_index_score (job->index, position, n_file + k, &comparison);
        if (score >= CAS_DUPLICATE_POSSIBLE_SCORE)
          g_ptr_array_add (row->matches,
                           make_match (job->access, g_ptr_array_index (job->self->candidates, k),
                                       score, &comparison));
      }
  g_ptr_array_sort (row->matches, _cas_duplicate_compare_proposals);
}

/* The rows at first, first + 2, ... until the end or a cancellation */
static gpointer
score_rows (gpointer data)
{
  ScoreJob *job = data;

  for (guint p = job->first; p < job->positions->len; p += 2)
    {
      if ((p & 0xffe) == 0 && g_cancellable_is_cancelled (job->cancellable))
        break;
      score_row (job, g_array_index (job->positions, guint, p), p);
    }

  return NULL;
}

/* Rows against the register: each row with the candidates it shares a
 * key with, scored directly (blocking the whole register again would be
 * the full scan's work). Rows against rows: the engine's blocking over an
 * index of the rows alone. */
static gboolean
match_rows (CasImportReview           *self,
            const CasAccess           *access,
            CasDuplicateProgressFunc   progress,
            gpointer                   progress_data,
            GCancellable              *cancellable,
            GError                   **error)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  g_autoptr(CasDuplicateIndex) file_index = cas_duplicate_index_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pairs = NULL;
  MatchJob job = { progress, progress_data };
  gint64 max_id = 0;
  guint n_file;

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);
      CasDuplicateFields fields;

      if (row->person == NULL)
        continue;
      fields_of_row (row->person, &fields);
      cas_duplicate_index_add (index, &fields);
      cas_duplicate_index_add (file_index, &fields);
      g_array_append_val (positions, i);
    }
  n_file = positions->len;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (self->candidates, i);
      const CasDuplicateFields fields = {
        .id = c->id, .company_id = c->company_id, .external_ref = c->ref,
        .first_name = c->first_name, .last_name = c->last_name, .birth_date = c->birth_date,
        .sex = c->sex, .nrn = c->nrn, .email = c->email, .email_secondary = c->email_secondary,
        .phone = c->phone, .street = c->street, .postcode = c->postcode, .city = c->city,
      };

      guint position = cas_duplicate_index_add (index, &fields);

      g_assert (position == n_file + c->index);
    }

  /* The size of the register, for the prior; ids are close enough */
  if (!_cas_database_query_int64 (self->db, &max_id, NULL, error,
                                  "SELECT COALESCE (MAX (id), 0) FROM person", NULL))
    return FALSE;
  cas_duplicate_index_set_register_size (index, (guint64) MAX (max_id, 0) + n_file);
  cas_duplicate_index_set_register_size (file_index, (guint64) MAX (max_id, 0) + n_file);

  {
    guint n_index = n_file + self->candidates->len;
    g_autofree guint *stamps = g_new0 (guint, n_index);
    g_autofree guint *other_stamps = g_new0 (guint, n_index);
    ScoreJob jobs[2] = {
      { self, access, index, positions, 0, stamps, cancellable },
      { self, access, index, positions, 1, other_stamps, cancellable },
    };
    GThread *thread = g_thread_new ("cas-import-score", score_rows, &jobs[1]);

    /* This thread's half, telling the progress */
    for (guint p = 0; p < n_file; p += 2)
      {
        if ((p & 0xffe) == 0)
          {
            if (g_cancellable_is_cancelled (cancellable))
              break;
            if (progress != NULL)
              progress (0.6 + 0.2 * p / n_file, progress_data);
          }
        score_row (&jobs[0], g_array_index (positions, guint, p), p);
      }
    g_thread_join (thread);
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      return FALSE;
  }

  pairs = cas_duplicate_index_find_pairs (file_index, CAS_DUPLICATE_POSSIBLE_SCORE, NULL, NULL,
                                          pairs_progress, &job, cancellable, NULL, error);
  if (pairs == NULL)
    return FALSE;

  for (guint i = 0; i < pairs->len; i++)
    {
      const CasDuplicatePair *pair = &g_array_index (pairs, CasDuplicatePair, i);
      CasImportRow *row = g_ptr_array_index (self->rows,
                                             g_array_index (positions, guint, pair->a));
      /* The later row is flagged, against the earlier one */
      CasImportRow *later = g_ptr_array_index (self->rows,
                                               g_array_index (positions, guint, pair->b));
      CasDuplicateBand band = cas_duplicate_band_for_score (pair->score);

      if (later->same_as_line != 0 && later->same_as_band >= band)
        continue;
      later->same_as_line = row->line;
      later->same_as_band = band;
      g_free (later->same_as_reasons);
      later->same_as_reasons = cas_duplicate_comparison_explain (&pair->comparison);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);

      if (row->person == NULL)
        continue;
      if (row->matches->len > 0)
        self->summary.n_in_register++;
      if (row->same_as_line != 0)
        self->summary.n_in_file++;
      if (row->matches->len > 0 || row->same_as_line != 0)
        {
          self->summary.n_flagged++;
          row->decision = CAS_IMPORT_DECISION_NONE;
        }
    }

  return TRUE;
}

gboolean
cas_import_review_analyse (CasImportReview           *self,
                           GInputStream              *input,
                           guint64                    total_bytes,
                           CasDuplicateProgressFunc   progress,
                           gpointer                   progress_data,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(CasCsvReader) reader = NULL;
  g_autoptr(CasDuplicateService) duplicates = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  if (self->state != STATE_NEW)
    {
      g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_STATE,
                           _("This file was analysed already: start a new import"));
      return FALSE;
    }
  if (!may_import (self, &access, error))
    return FALSE;
  if (total_bytes > CAS_IMPORT_REVIEW_MAX_BYTES)
    {
      set_too_large (error);
      return FALSE;
    }

  buffered = g_buffered_input_stream_new (input);
  if (!sniff (G_BUFFERED_INPUT_STREAM (buffered), cancellable, error))
    return FALSE;
  reader = cas_csv_reader_new (buffered);

  if (!read_rows (self, reader, total_bytes, progress, progress_data, cancellable, error))
    goto failed;
  self->summary.read_seconds = g_timer_elapsed (timer, NULL);
  if (progress != NULL)
    progress (0.5, progress_data);

  g_timer_start (timer);
  /* The lookup keys of persons imported before imports wrote them */
  duplicates = cas_duplicate_service_new (self->db);
  if (!cas_duplicate_service_update_keys (duplicates, self->actor, cancellable, error))
    goto failed;
  if (!find_candidates (self, cancellable, error) ||
      !find_hidden (self, &access, cancellable, error))
    goto failed;
  self->summary.lookup_seconds = g_timer_elapsed (timer, NULL);
  if (progress != NULL)
    progress (0.6, progress_data);

  g_timer_start (timer);
  if (!match_rows (self, &access, progress, progress_data, cancellable, error))
    goto failed;
  self->summary.match_seconds = g_timer_elapsed (timer, NULL);

  self->summary.n_rows = self->rows->len;
  for (guint i = 0; i < self->rows->len; i++)
    if (((CasImportRow *) g_ptr_array_index (self->rows, i))->person == NULL)
      self->summary.n_invalid++;
  self->summary.n_candidates = self->candidates->len;
  self->state = STATE_ANALYSED;
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;

failed:
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->preview, 0);
  return FALSE;
}

gboolean
cas_import_review_analyse_file (CasImportReview           *self,
                                GFile                     *file,
                                CasDuplicateProgressFunc   progress,
                                gpointer                   progress_data,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  display = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The file “%s” does not exist"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a CSV file"), display);
      return FALSE;
    }
  if ((guint64) g_file_info_get_size (info) > CAS_IMPORT_REVIEW_MAX_BYTES)
    {
      set_too_large (error);
      return FALSE;
    }

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  return cas_import_review_analyse (self, G_INPUT_STREAM (stream), g_file_info_get_size (info),
                                    progress, progress_data, cancellable, error);
}

const CasImportSummary *
cas_import_review_get_summary (CasImportReview *self)
{
  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), NULL);

  return &self->summary;
}

const char * const *
cas_import_review_get_columns (CasImportReview *self)
{
  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), NULL);

  return (const char * const *) self->columns;
}

/**
 * cas_import_review_get_preview:
 *
 * Returns: (transfer none) (element-type GStrv): the first records
 */
GPtrArray *
cas_import_review_get_preview (CasImportReview *self)
{
  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), NULL);

  return self->preview;
}

guint
cas_import_review_get_n_rows (CasImportReview *self)
{
  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), 0);

  return self->rows->len;
}

const CasImportRow *
cas_import_review_get_row (CasImportReview *self,
                           guint            position)
{
  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, position);
}

guint
cas_import_review_get_n_undecided (CasImportReview *self)
{
  guint n = 0;

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    if (((CasImportRow *) g_ptr_array_index (self->rows, i))->decision == CAS_IMPORT_DECISION_NONE)
      n++;

  return n;
}

static gboolean
is_match (const CasImportRow *row,
          gint64              id)
{
  for (guint i = 0; i < row->matches->len; i++)
    if (((CasDuplicateProposal *) g_ptr_array_index (row->matches, i))->a->id == id)
      return TRUE;
  return FALSE;
}

gboolean
cas_import_review_set_decision (CasImportReview    *self,
                                guint               position,
                                CasImportDecision   decision,
                                gint64              existing_id,
                                GError            **error)
{
  CasImportRow *row;
  char line[24];

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), FALSE);
  g_return_val_if_fail (position < self->rows->len, FALSE);

  row = g_ptr_array_index (self->rows, position);
  format_line (line, sizeof line, row->line);

  if (row->person == NULL && decision != CAS_IMPORT_DECISION_SKIP)
    {
      g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION,
                   _("Line %s has errors: it can only be skipped (correct the file and "
                     "import it again)"), line);
      return FALSE;
    }
  if (decision == CAS_IMPORT_DECISION_UPDATE_EXISTING)
    {
      Candidate *candidate = g_hash_table_lookup (self->by_id, &existing_id);
      const CasDuplicateProposal *match = NULL;

      for (guint i = 0; i < row->matches->len && candidate != NULL; i++)
        if (((CasDuplicateProposal *) g_ptr_array_index (row->matches, i))->a->id == existing_id)
          match = g_ptr_array_index (row->matches, i);
      if (match == NULL || !is_match (row, existing_id))
        {
          g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION,
                       _("Line %s: #%" PRId64 " is not one of the records this row matches"),
                       line, existing_id);
          return FALSE;
        }
      if (!match->a->visible)
        {
          g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_DECISION,
                       _("Line %s: %s %s (#%" PRId64 ") is held by %s; you may not update it: "
                         "skip the row and ask a Certassur operator"),
                       line, match->a->first_name, match->a->last_name, existing_id,
                       match->a->centre ? match->a->centre : _("no exam centre"));
          return FALSE;
        }
    }

  row->decision = decision;
  row->update_id = decision == CAS_IMPORT_DECISION_UPDATE_EXISTING ? existing_id : 0;

  return TRUE;
}

guint
cas_import_review_decide_undecided (CasImportReview   *self,
                                    CasImportDecision  decision)
{
  guint n = 0;

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), 0);
  g_return_val_if_fail (decision == CAS_IMPORT_DECISION_CREATE ||
                        decision == CAS_IMPORT_DECISION_SKIP, 0);

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);

      if (row->decision == CAS_IMPORT_DECISION_NONE)
        {
          row->decision = decision;
          n++;
        }
    }

  return n;
}

static void
replace_text (char       **field,
              const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* What an update takes from the row: the e-mail (the record's previous
 * one becomes its second), the phone and the address parts it brings */
static void
merge_row (CasPerson       *existing,
           const CasPerson *brought)
{
  if (brought->email != NULL && g_strcmp0 (existing->email, brought->email) != 0)
    {
      if (existing->email != NULL)
        {
          g_free (existing->email_secondary);
          existing->email_secondary = g_steal_pointer (&existing->email);
        }
      g_free (existing->email);
      existing->email = g_strdup (brought->email);
      if (g_strcmp0 (existing->email_secondary, existing->email) == 0)
        g_clear_pointer (&existing->email_secondary, g_free);
    }
  replace_text (&existing->phone, brought->phone);
  replace_text (&existing->street, brought->street);
  replace_text (&existing->postcode, brought->postcode);
  replace_text (&existing->city, brought->city);
}

/* @revisions: the revision each record updated by this commit has now:
 * two rows may update one record */
static gboolean
update_row (CasImportReview   *self,
            CasPersonService  *persons,
            CasImportRow      *row,
            GHashTable        *revisions,
            GError           **error)
{
  g_autoptr(CasPerson) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  Candidate *analysed = g_hash_table_lookup (self->by_id, &row->update_id);
  gpointer updated;
  int expected;
  char line[24];

  g_assert (analysed != NULL);
  format_line (line, sizeof line, row->line);
  expected = g_hash_table_lookup_extended (revisions, analysed, NULL, &updated)
             ? GPOINTER_TO_INT (updated) : analysed->revision;

  existing = cas_person_service_get (persons, self->actor, row->update_id, &local_error);
  if (existing != NULL && (existing->revision != expected || existing->merged_into > 0))
    {
      g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_CHANGED,
                   _("Line %s: %s %s (#%" PRId64 ") was changed by someone else since the file "
                     "was analysed. Nothing was imported: analyse the file again."),
                   line, existing->first_name, existing->last_name, existing->id);
      return FALSE;
    }

  /* The revision read at analysis: a change meanwhile is refused */
  if (existing != NULL)
    {
      merge_row (existing, row->person);
      existing->revision = expected;
    }
  if (existing == NULL ||
      !cas_person_service_update (persons, self->actor, existing, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: "Line 12: <the reason>" */
                   _("Line %s: %s"), line, local_error->message);
      return FALSE;
    }
  g_hash_table_insert (revisions, analysed, GINT_TO_POINTER (existing->revision));

  return TRUE;
}

typedef struct
{
  CasDuplicateProgressFunc progress;
  gpointer                 progress_data;
  double                   start;
} CommitProgress;

static void
create_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  CommitProgress *commit = user_data;

  if (commit->progress != NULL && total > 0)
    commit->progress (commit->start + (1.0 - commit->start) * done / total,
                      commit->progress_data);
}

gboolean
cas_import_review_commit (CasImportReview           *self,
                          CasDuplicateProgressFunc   progress,
                          gpointer                   progress_data,
                          GCancellable              *cancellable,
                          CasImportOutcome          *outcome,
                          GError                   **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GHashTable) revisions = g_hash_table_new (NULL, NULL);
  CasImportOutcome result = { 0, };
  CommitProgress commit = { progress, progress_data, 0.0 };
  guint64 n_updates = 0;

  g_return_val_if_fail (CAS_IS_IMPORT_REVIEW (self), FALSE);

  if (self->state != STATE_ANALYSED)
    {
      g_set_error_literal (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_STATE,
                           self->state == STATE_NEW
                           ? _("Analyse the file before importing it")
                           : _("This file was imported already: start a new import"));
      return FALSE;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);

      if (row->decision == CAS_IMPORT_DECISION_NONE)
        {
          char line[24];
          guint n = cas_import_review_get_n_undecided (self);

          format_line (line, sizeof line, row->line);
          g_set_error (error, CAS_IMPORT_REVIEW_ERROR, CAS_IMPORT_REVIEW_ERROR_UNDECIDED,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u row that may be a person already registered has no "
                                    "decision (the first at line %s): choose to create, update "
                                    "or skip it. Nothing was imported.",
                                    "%u rows that may be persons already registered have no "
                                    "decision (the first at line %s): choose to create, update "
                                    "or skip each. Nothing was imported.",
                                    n),
                       n, line);
          return FALSE;
        }
      if (row->decision == CAS_IMPORT_DECISION_UPDATE_EXISTING)
        n_updates++;
    }

  if (!may_import (self, &access, error))
    return FALSE;

  persons = cas_person_service_new (self->db);
  csv = g_string_new (NULL);
  {
    const char *header[G_N_ELEMENTS (commit_fields)];

    for (guint i = 0; i < G_N_ELEMENTS (commit_fields); i++)
      header[i] = cas_field_get_key (commit_fields[i]);
    cas_csv_append_record (csv, header, G_N_ELEMENTS (commit_fields));
  }

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      CasImportRow *row = g_ptr_array_index (self->rows, i);

      switch (row->decision)
        {
        case CAS_IMPORT_DECISION_UPDATE_EXISTING:
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !update_row (self, persons, row, revisions, error))
            goto failed;
          result.n_updated++;
          if (progress != NULL)
            progress (0.5 * result.n_updated / n_updates, progress_data);
          break;

        case CAS_IMPORT_DECISION_CREATE:
          {
            const char *values[G_N_ELEMENTS (commit_fields)];

            for (guint f = 0; f < G_N_ELEMENTS (commit_fields); f++)
              values[f] = *_cas_person_field_slot (row->person, commit_fields[f]);
            cas_csv_append_record (csv, values, G_N_ELEMENTS (commit_fields));
            result.n_created++;
          }
          break;

        case CAS_IMPORT_DECISION_SKIP:
        case CAS_IMPORT_DECISION_NONE:
        default:
          result.n_skipped++;
          break;
        }
    }

  if (result.n_created > 0)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GInputStream) input = NULL;
      gsize len = csv->len;

      commit.start = n_updates > 0 ? 0.5 : 0.0;
      bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
      input = g_memory_input_stream_new_from_bytes (bytes);
      if (!cas_person_service_import_csv (persons, self->actor, input, len,
                                          self->flags & CAS_IMPORT_LEGACY, NULL,
                                          create_progress, &commit, cancellable, &report, error))
        goto failed;
    }

  /* A cancellation at the last moment still writes nothing */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return FALSE;

  self->state = STATE_DONE;
  if (outcome != NULL)
    *outcome = result;
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;

failed:
  _cas_database_rollback (self->db);
  if (error != NULL && *error != NULL && (*error)->domain == G_IO_ERROR &&
      (*error)->code == G_IO_ERROR_CANCELLED)
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The import was cancelled; nothing was written"));
    }
  return FALSE;
}
