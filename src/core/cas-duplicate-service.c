/* cas-duplicate-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duplicate engine (cas-duplicate.c) over the database.
 *
 * Full scan: the living persons are read in pages by id, each page one
 * JSON text built by the database, and normalised on a second thread into
 * an in-memory index (about 300 bytes a person), which estimates its
 * weights from them, blocks and scores on two threads; pairs marked "not
 * the same person" are left out, and the rest grouped into clusters.
 *
 * Live check: the persons that could match what is typed are found through
 * indexes, a few hundred at most whatever the size of the register, and
 * scored with the default weights: by NRN and birth date (indexes of
 * person), by the sorted phonetic name pair, e-mail and phone (hashes in
 * person_match_key, schema 7). The person service writes those keys with
 * every person it creates, changes or imports (_cas_duplicate_keys_imported
 * then moves person_match_state.keys_through past the import). Persons
 * without keys below keys_through cannot be; above it (imported before
 * imports wrote keys, or by an administrator's own role on PostgreSQL) they
 * get theirs at the next check of an operator, in pages.
 */

#define G_LOG_DOMAIN "cas-duplicate-service"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-duplicate-private.h"
#include "cas-duplicate-service.h"
#include "cas-util.h"

struct _CasDuplicateService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasDuplicateService, cas_duplicate_service, G_TYPE_OBJECT)
G_DEFINE_QUARK (cas-duplicate-error-quark, cas_duplicate_error)

/* Persons read per statement */
#define READ_PAGE 20000
/* Candidates per lookup of the live check */
#define CHECK_LIMIT_KEYS  100
#define CHECK_LIMIT_BIRTH 150
#define CHECK_LIMIT_NRN    20

void
cas_duplicate_person_free (CasDuplicatePerson *person)
{
  if (person == NULL)
    return;

  g_free (person->ref);
  g_free (person->first_name);
  g_free (person->last_name);
  g_free (person->birth_date);
  g_free (person->centre);
  g_free (person);
}

void
cas_duplicate_proposal_free (CasDuplicateProposal *proposal)
{
  if (proposal == NULL)
    return;

  cas_duplicate_person_free (proposal->a);
  cas_duplicate_person_free (proposal->b);
  g_free (proposal->reasons);
  g_free (proposal);
}

void
cas_duplicate_scan_free (CasDuplicateScan *scan)
{
  if (scan == NULL)
    return;

  g_clear_pointer (&scan->pairs, g_ptr_array_unref);
  g_clear_pointer (&scan->clusters, g_ptr_array_unref);
  g_free (scan);
}

static void
cas_duplicate_service_finalize (GObject *object)
{
  CasDuplicateService *self = (CasDuplicateService *) object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_duplicate_service_parent_class)->finalize (object);
}

static void
cas_duplicate_service_class_init (CasDuplicateServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_duplicate_service_finalize;
}

static void
cas_duplicate_service_init (CasDuplicateService *self)
{
}

CasDuplicateService *
cas_duplicate_service_new (CasDatabase *db)
{
  CasDuplicateService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_DUPLICATE_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

/* Reading values without copies: text columns come as strings */
static const char *
model_text (GdaDataModel *model,
            int           col,
            int           row)
{
  const GValue *value = gda_data_model_get_value_at (model, col, row, NULL);

  if (value == NULL || !G_VALUE_HOLDS_STRING (value))
    return NULL;

  return g_value_get_string (value);
}

static gboolean
may_use (const CasAccess *access)
{
  return _cas_access_is_operator (access) || _cas_access_first_centre (access) != 0;
}

static gboolean
may_see (const CasAccess *access,
         gint64           company_id)
{
  return _cas_access_is_operator (access) || _cas_access_administers (access, company_id);
}

static CasDuplicatePerson *
make_person (const CasAccess *access,
             gint64           id,
             gint64           company_id,
             const char      *ref,
             const char      *first_name,
             const char      *last_name,
             const char      *birth_date,
             const char      *centre)
{
  CasDuplicatePerson *person = g_new0 (CasDuplicatePerson, 1);

  person->id = id;
  person->visible = may_see (access, company_id);
  person->first_name = g_strdup (first_name);
  person->last_name = g_strdup (last_name);
  person->centre = g_strdup (centre);
  if (person->visible && ref != NULL && *ref != '\0')
    person->ref = g_strdup (ref);
  else
    person->ref = g_strdup_printf ("#%" PRId64, id);
  if (birth_date != NULL)
    person->birth_date = person->visible ? g_strdup (birth_date) : g_strndup (birth_date, 4);

  return person;
}

/* Names of the exam centres and employers, by id */
static GHashTable *
load_centres (CasDatabase  *db,
              GError      **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (db);
  g_autoptr(GdaDataModel) model = NULL;
  GHashTable *centres = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  model = _cas_database_query (db, error, "SELECT id, name FROM company", NULL);
  if (model == NULL)
    {
      g_hash_table_unref (centres);
      return NULL;
    }

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = _cas_model_get_int64 (model, 0, row);
      g_hash_table_insert (centres, id, _cas_model_dup_string (model, 1, row));
    }

  return centres;
}

/* "Not the same person": sorted pairs of ids */
typedef struct
{
  gint64 a;
  gint64 b;
} IdPair;

static int
compare_id_pairs (gconstpointer x,
                  gconstpointer y)
{
  const IdPair *p = x, *q = y;

  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

static GArray *
load_dismissed (CasDatabase  *db,
                gint64        only_with,
                GError      **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (db);
  g_autoptr(GdaDataModel) model = NULL;
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (IdPair));

  model = _cas_database_query (db, error,
                               "SELECT person_a, person_b FROM duplicate_decision "
                               "WHERE ##with::gint64 = 0 OR person_a = ##with::gint64 "
                               "OR person_b = ##with::gint64",
                               "with", only_with, NULL);
  if (model == NULL)
    {
      g_array_unref (pairs);
      return NULL;
    }

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      IdPair p = { _cas_model_get_int64 (model, 0, row), _cas_model_get_int64 (model, 1, row) };
      g_array_append_val (pairs, p);
    }
  g_array_sort (pairs, compare_id_pairs);

  return pairs;
}

static gboolean
is_dismissed (GArray *dismissed,
              gint64  a,
              gint64  b)
{
  IdPair key = { MIN (a, b), MAX (a, b) };

  return dismissed->len > 0 &&
         bsearch (&key, dismissed->data, dismissed->len, sizeof (IdPair), compare_id_pairs) != NULL;
}

/* Lookup keys */

static const char * const key_columns[] = { "match_key", "person_id" };
static const CasBulkType key_types[] = { CAS_BULK_INT, CAS_BULK_INT };

CasBulkInsert *
_cas_duplicate_keys_bulk_new (CasDatabase *db)
{
  return _cas_bulk_insert_new (db, "person_match_key", key_columns, key_types,
                               G_N_ELEMENTS (key_columns));
}

CasBulkBatch *
_cas_duplicate_keys_batch_new (void)
{
  return _cas_bulk_batch_new (key_types, G_N_ELEMENTS (key_types));
}

gboolean
_cas_duplicate_add_keys (CasBulkBatch              *batch,
                         gint64                     id,
                         const CasDuplicateFields  *fields,
                         GError                   **error)
{
  gint64 keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS];
  guint n = _cas_duplicate_lookup_keys (fields, keys);
  char id_text[24];

  g_snprintf (id_text, sizeof id_text, "%" PRId64, id);
  for (guint k = 0; k < n; k++)
    {
      char key_text[24];
      const char *values[2] = { key_text, id_text };

      g_snprintf (key_text, sizeof key_text, "%" PRId64, keys[k]);
      if (!_cas_bulk_batch_add (batch, values, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_cas_duplicate_write_keys (CasDatabase               *db,
                           gint64                     id,
                           const CasDuplicateFields  *fields,
                           GError                   **error)
{
  g_autoptr(CasBulkInsert) bulk = _cas_duplicate_keys_bulk_new (db);
  g_autoptr(CasBulkBatch) batch = _cas_duplicate_keys_batch_new ();

  return _cas_database_exec (db, NULL, error,
                             "DELETE FROM person_match_key WHERE person_id = ##id::gint64",
                             "id", id, NULL) &&
         _cas_duplicate_add_keys (batch, id, fields, error) &&
         _cas_bulk_insert_write_batch (bulk, batch, error);
}

/* Writes the keys of the rows of @model: id, first_name, last_name, email,
 * email_secondary, phone */
static gboolean
write_keys_of_rows (CasDatabase   *db,
                    GdaDataModel  *model,
                    GError       **error)
{
  g_autoptr(CasBulkInsert) bulk = _cas_duplicate_keys_bulk_new (db);
  g_autoptr(CasBulkBatch) batch = _cas_duplicate_keys_batch_new ();

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasDuplicateFields fields = {
        .first_name = model_text (model, 1, row),
        .last_name = model_text (model, 2, row),
        .email = model_text (model, 3, row),
        .email_secondary = model_text (model, 4, row),
        .phone = model_text (model, 5, row),
      };

      if (!_cas_duplicate_add_keys (batch, _cas_model_get_int64 (model, 0, row), &fields, error))
        return FALSE;
      if (_cas_bulk_batch_is_full (batch) &&
          !_cas_bulk_insert_write_batch (bulk, batch, error))
        return FALSE;
    }

  return _cas_bulk_insert_write_batch (bulk, batch, error);
}

gboolean
_cas_duplicate_keys_imported (CasDatabase  *db,
                              gint64        first,
                              gint64        last,
                              GError      **error)
{
  gint64 through = 0;

  g_return_val_if_fail (_cas_database_in_transaction (db), FALSE);

  if (first <= 0 || last < first)
    return TRUE;

  if (!_cas_database_query_int64 (db, &through, NULL, error,
                                  "SELECT keys_through FROM person_match_state WHERE id = 1",
                                  NULL))
    return FALSE;

  /* The persons between: created one by one (they have keys) or imported
   * before the import wrote keys (they have none) */
  while (through < first - 1)
    {
      g_autoptr(GdaDataModel) model = NULL;
      int n_rows;

      model = _cas_database_query (db, error,
                                   "SELECT p.id, p.first_name, p.last_name, p.email, "
                                   "p.email_secondary, p.phone FROM person p "
                                   "LEFT JOIN person_match_key k ON k.person_id = p.id "
                                   "WHERE p.id > ##after::gint64 AND p.id < ##first::gint64 "
                                   "AND k.person_id IS NULL ORDER BY p.id LIMIT "
                                   G_STRINGIFY (READ_PAGE),
                                   "after", through, "first", first, NULL);
      if (model == NULL)
        return FALSE;
      n_rows = gda_data_model_get_n_rows (model);
      if (n_rows == 0)
        break;
      if (!write_keys_of_rows (db, model, error))
        return FALSE;
      through = _cas_model_get_int64 (model, 0, n_rows - 1);
    }

  return _cas_database_exec (db, NULL, error,
                             "UPDATE person_match_state SET keys_through = ##last::gint64 "
                             "WHERE id = 1 AND keys_through < ##last::gint64",
                             "last", last, NULL);
}

/* Writes the keys of the next page of persons without; FALSE with
 * *done = TRUE when there were none */
static gboolean
update_keys_page (CasDuplicateService  *self,
                  gboolean             *done,
                  GError              **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  gint64 through = 0, last;
  gint changed = 0;
  int n_rows;

  *done = FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_query_int64 (self->db, &through, NULL, error,
                                  "SELECT keys_through FROM person_match_state WHERE id = 1",
                                  NULL))
    goto failed;

  model = _cas_database_query (self->db, error,
                               "SELECT id, first_name, last_name, email, email_secondary, phone "
                               "FROM person WHERE id > ##through::gint64 ORDER BY id LIMIT "
                               G_STRINGIFY (READ_PAGE),
                               "through", through, NULL);
  if (model == NULL)
    goto failed;

  n_rows = gda_data_model_get_n_rows (model);
  if (n_rows == 0)
    {
      *done = TRUE;
      return _cas_database_commit (self->db, error);
    }
  last = _cas_model_get_int64 (model, 0, n_rows - 1);

  /* Another desk doing the same at the same moment: the first one wins */
  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE person_match_state SET keys_through = ##last::gint64 "
                           "WHERE id = 1 AND keys_through = ##through::gint64",
                           "last", last, "through", through, NULL))
    goto failed;
  if (changed != 1)
    {
      _cas_database_rollback (self->db);
      return TRUE;
    }

  if (!_cas_database_exec (self->db, NULL, error,
                           "DELETE FROM person_match_key WHERE person_id > ##through::gint64 "
                           "AND person_id <= ##last::gint64",
                           "through", through, "last", last, NULL))
    goto failed;

  if (!write_keys_of_rows (self->db, model, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

static gboolean
update_keys (CasDuplicateService  *self,
             const CasAccess      *access,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  gboolean done = FALSE;

  /* On PostgreSQL an administrator's own role sees the persons of their
   * centres only: the keys of the others wait for an operator */
  if (_cas_database_get_account_login (self->db) != NULL && !_cas_access_is_operator (access))
    return TRUE;

  /* Nothing to do, most of the time: one cheap statement */
  {
    g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);

    model = _cas_database_query (self->db, error,
                                 "SELECT s.keys_through, (SELECT MAX(p.id) FROM person p) "
                                 "FROM person_match_state s WHERE s.id = 1",
                                 NULL);
    if (model == NULL)
      return FALSE;
    if (gda_data_model_get_n_rows (model) == 0 || _cas_model_is_null (model, 1, 0) ||
        _cas_model_get_int64 (model, 0, 0) >= _cas_model_get_int64 (model, 1, 0))
      return TRUE;
  }

  while (!done)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !update_keys_page (self, &done, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
cas_duplicate_service_update_keys (CasDuplicateService  *self,
                                   CasAccount           *actor,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  g_auto(CasAccess) access = { 0, };

  g_return_val_if_fail (CAS_IS_DUPLICATE_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!may_use (&access))
    return _cas_access_deny (self->db, &access, "duplicate.keys", NULL, 0, error,
                             _("look for duplicate persons (operators and the administrators "
                               "of an exam centre do)"));

  return update_keys (self, &access, cancellable, error);
}

/* Full scan */

/* What the scan keeps of each record besides the index: the names as
 * written, for the proposals */
typedef struct
{
  const char *first_name;
  const char *last_name;
  const char *birth_date;
} Shown;

typedef struct
{
  CasDuplicateIndex *index;
  GArray            *shown;       /* Shown, by record position */
  GStringChunk      *strings;
} Register;

static void
register_clear (Register *reg)
{
  g_clear_pointer (&reg->index, cas_duplicate_index_free);
  g_clear_pointer (&reg->shown, g_array_unref);
  g_clear_pointer (&reg->strings, g_string_chunk_free);
}

/* The persons are read a page at a time, each page as one JSON text that
 * the database builds (an array of arrays, one a person): libgda's cost is
 * per value, and a page of 20,000 persons is then one value instead of
 * 280,000. The same statement on SQLite and PostgreSQL but for the names
 * of the two JSON functions. */
#define PAGE_COLUMNS 14

static const char page_sqlite[] =
  "SELECT json_group_array (json_array (id, company_id, external_ref, first_name, last_name, "
  "birth_date, sex, nrn, email, email_secondary, phone, street, postcode, city)) FROM ("
  "SELECT id, company_id, external_ref, first_name, last_name, birth_date, sex, nrn, email, "
  "email_secondary, phone, street, postcode, city FROM person "
  "WHERE merged_into IS NULL AND id > ##after::gint64 ORDER BY id LIMIT " G_STRINGIFY (READ_PAGE)
  ") AS page";

static const char page_postgresql[] =
  "SELECT json_agg (json_build_array (id, company_id, external_ref, first_name, last_name, "
  "birth_date, sex, nrn, email, email_secondary, phone, street, postcode, city)) FROM ("
  "SELECT id, company_id, external_ref, first_name, last_name, birth_date, sex, nrn, email, "
  "email_secondary, phone, street, postcode, city FROM person "
  "WHERE merged_into IS NULL AND id > ##after::gint64 ORDER BY id LIMIT " G_STRINGIFY (READ_PAGE)
  ") AS page";

/* A page of persons: the JSON text decoded in place, and for each person
 * PAGE_COLUMNS values pointing into it (NULL for SQL NULL) */
typedef struct
{
  char       *text;
  GPtrArray  *values;
  guint       n_rows;
} Page;

static void
page_free (Page *page)
{
  g_free (page->text);
  g_clear_pointer (&page->values, g_ptr_array_unref);
  g_free (page);
}

static gint64
page_int (Page  *page,
          guint  row,
          guint  col)
{
  const char *text = g_ptr_array_index (page->values, row * PAGE_COLUMNS + col);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
    p++;
  return p;
}

static guint
hex4 (const char *p,
      gboolean   *ok)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        {
          *ok = FALSE;
          return 0;
        }
      value = value * 16 + (guint) digit;
    }

  return value;
}

/* Decodes the JSON string that starts after the quote at @p, in place;
 * returns what follows its closing quote, or NULL */
static char *
decode_string (char *p)
{
  char *out = p;

  for (;;)
    {
      char c = *p++;

      if (c == '"')
        {
          *out = '\0';
          return p;
        }
      if (c == '\0')
        return NULL;
      if (c != '\\')
        {
          *out++ = c;
          continue;
        }

      c = *p++;
      switch (c)
        {
        case '"': case '\\': case '/': *out++ = c; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          {
            gboolean ok = TRUE;
            gunichar u = hex4 (p, &ok);

            p += 4;
            if (ok && u >= 0xd800 && u < 0xdc00 && p[0] == '\\' && p[1] == 'u')
              {
                gunichar low = hex4 (p + 2, &ok);

                if (ok && low >= 0xdc00 && low < 0xe000)
                  {
                    u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                    p += 6;
                  }
              }
            if (!ok || u == 0)
              return NULL;
            out += g_unichar_to_utf8 (u, out);
          }
          break;
        default:
          return NULL;
        }
    }
}

gboolean
_cas_duplicate_parse_rows (char      *text,
                           guint      n_columns,
                           GPtrArray *values,
                           guint     *n_rows)
{
  char *p = (char *) skip_space (text);

  *n_rows = 0;
  if (*p++ != '[')
    return FALSE;
  p = (char *) skip_space (p);
  if (*p == ']')
    return TRUE;

  for (;;)
    {
      p = (char *) skip_space (p);
      if (*p++ != '[')
        return FALSE;

      for (guint col = 0; col < n_columns; col++)
        {
          char *value = (char *) skip_space (p);

          if (*value == '"')
            {
              p = decode_string (value + 1);
              if (p == NULL)
                return FALSE;
              value++;
            }
          else if (strncmp (value, "null", 4) == 0)
            {
              p = value + 4;
              value = NULL;
            }
          else
            {
              /* A number: the ids, or a value stored as one */
              p = value + strcspn (value, ",] \n\r\t");
              if (p == value)
                return FALSE;
            }

          p = (char *) skip_space (p);
          if (*p != (col + 1 < n_columns ? ',' : ']'))
            return FALSE;
          *p++ = '\0';
          g_ptr_array_add (values, value);
        }
      (*n_rows)++;

      p = (char *) skip_space (p);
      if (*p == ']')
        return TRUE;
      if (*p++ != ',')
        return FALSE;
    }
}

/* Splits @text, the JSON of a page, into @page; FALSE if it is not what the
 * statement makes */
static gboolean
parse_page (char *text,
            Page *page)
{
  page->text = text;
  page->values = g_ptr_array_new ();

  return _cas_duplicate_parse_rows (text, PAGE_COLUMNS, page->values, &page->n_rows);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  gint64 x = g_ascii_strtoll (*(const char * const *) a, NULL, 10);
  gint64 y = g_ascii_strtoll (*(const char * const *) b, NULL, 10);

  return x < y ? -1 : x > y;
}

/* The persons in order of id, as the index expects (the SQL standard does
 * not promise the order of an aggregate's input) */
static void
sort_page (Page *page)
{
  gboolean sorted = TRUE;

  for (guint row = 1; row < page->n_rows && sorted; row++)
    sorted = page_int (page, row - 1, 0) < page_int (page, row, 0);
  if (!sorted)
    qsort (page->values->pdata, page->n_rows, sizeof (gpointer) * PAGE_COLUMNS, compare_rows);
}

/* Pushed after the last page */
static char end_marker;
#define END_OF_PAGES ((Page *) (gpointer) &end_marker)

/* Pages read ahead of the normalising thread at most: the reading is the
 * faster, and a page holds some 5 MB */
#define PAGES_AHEAD 4

static gpointer
normalize_pages (gpointer data)
{
  GAsyncQueue *queue = ((gpointer *) data)[0];
  Register *reg = ((gpointer *) data)[1];
  GAsyncQueue *done = ((gpointer *) data)[2];
  Page *page;

  while ((page = g_async_queue_pop (queue)) != END_OF_PAGES)
    {
      for (guint row = 0; row < page->n_rows; row++)
        {
          const char * const *v = (const char * const *) page->values->pdata + row * PAGE_COLUMNS;
          CasDuplicateFields fields = {
            .id = page_int (page, row, 0),
            .company_id = page_int (page, row, 1),
            .external_ref = v[2],
            .first_name = v[3],
            .last_name = v[4],
            .birth_date = v[5],
            .sex = v[6],
            .nrn = v[7],
            .email = v[8],
            .email_secondary = v[9],
            .phone = v[10],
            .street = v[11],
            .postcode = v[12],
            .city = v[13],
          };

          cas_duplicate_index_add (reg->index, &fields);
        }
      page_free (page);
      g_async_queue_push (done, GINT_TO_POINTER (1));
    }

  return NULL;
}

static const char *
keep (GStringChunk *strings,
      const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

/* Reads the living persons a page at a time on this thread, and keeps
 * what the proposals show of them, while another thread normalises the
 * previous page into the index: the two overlap on two cores */
static gboolean
read_register (CasDuplicateService       *self,
               Register                  *reg,
               CasDuplicateProgressFunc   progress,
               gpointer                   progress_data,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  g_autoptr(GAsyncQueue) done = g_async_queue_new ();
  gpointer thread_data[3] = { queue, reg, done };
  guint ahead = 0;
  const char *sql = cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL
                    ? page_postgresql : page_sqlite;
  GThread *thread;
  gint64 after = 0;
  gint64 max_id = 0;
  gboolean ok = TRUE;

  if (!_cas_database_query_int64 (self->db, &max_id, NULL, error, "SELECT MAX(id) FROM person",
                                  NULL))
    return FALSE;

  thread = g_thread_new ("cas-duplicate-normalize", normalize_pages, thread_data);

  for (;;)
    {
      Page *page;
      char *text = NULL;

      for (; ahead >= PAGES_AHEAD; ahead--)
        g_async_queue_pop (done);

      page = g_new0 (Page, 1);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          page_free (page);
          ok = FALSE;
          break;
        }

      {
        g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
        g_autoptr(GdaDataModel) model = _cas_database_query (self->db, error, sql,
                                                             "after", after, NULL);

        if (model != NULL)
          text = _cas_model_dup_string (model, 0, 0);
        else
          ok = FALSE;
      }
      if (!ok)
        {
          page_free (page);
          break;
        }

      /* NULL: no person after @after */
      if (text == NULL)
        {
          page_free (page);
          break;
        }
      if (!parse_page (text, page))
        {
          g_set_error (error, CAS_DUPLICATE_ERROR, CAS_DUPLICATE_ERROR_INVALID,
                       "Internal error: the persons after #%" PRId64 " came in an unknown form",
                       after);
          page_free (page);
          ok = FALSE;
          break;
        }
      if (page->n_rows == 0)
        {
          page_free (page);
          break;
        }
      sort_page (page);

      for (guint row = 0; row < page->n_rows; row++)
        {
          const char * const *v = (const char * const *) page->values->pdata + row * PAGE_COLUMNS;
          Shown shown = {
            keep (reg->strings, v[3]),
            keep (reg->strings, v[4]),
            keep (reg->strings, v[5]),
          };

          g_array_append_val (reg->shown, shown);
        }
      after = page_int (page, page->n_rows - 1, 0);
      g_async_queue_push (queue, page);
      ahead++;

      if (progress != NULL && max_id > 0)
        progress (0.4 * MIN (1.0, (double) after / max_id), progress_data);
    }

  g_async_queue_push (queue, END_OF_PAGES);
  g_thread_join (thread);

  return ok;
}

typedef struct
{
  const CasAccess *access;
  GArray          *dismissed;
  guint64          n_dismissed;   /* atomic */
} ScanFilter;

/* Called from the scoring threads: reads only */
static gboolean
scan_filter (CasDuplicateIndex *index,
             guint              a,
             guint              b,
             gpointer           data)
{
  ScanFilter *filter = data;
  gint64 ida = cas_duplicate_index_get_id (index, a);
  gint64 idb = cas_duplicate_index_get_id (index, b);

  /* An administrator: the pairs that involve a record of their centres
   * (and only those are counted as left out) */
  if (!may_see (filter->access, cas_duplicate_index_get_company (index, a)) &&
      !may_see (filter->access, cas_duplicate_index_get_company (index, b)))
    return FALSE;

  if (is_dismissed (filter->dismissed, ida, idb))
    {
      g_atomic_pointer_add (&filter->n_dismissed, 1);
      return FALSE;
    }

  return TRUE;
}

static CasDuplicatePerson *
scan_person (Register        *reg,
             const CasAccess *access,
             GHashTable      *centres,
             guint            position)
{
  const Shown *shown = &g_array_index (reg->shown, Shown, position);
  gint64 company = cas_duplicate_index_get_company (reg->index, position);

  return make_person (access, cas_duplicate_index_get_id (reg->index, position), company,
                      cas_duplicate_index_get_ref (reg->index, position), shown->first_name,
                      shown->last_name, shown->birth_date,
                      g_hash_table_lookup (centres, &company));
}

typedef struct
{
  CasDuplicateProgressFunc func;
  gpointer                 data;
} ScoreProgress;

static void
score_progress (double   fraction,
                gpointer data)
{
  ScoreProgress *progress = data;

  progress->func (0.4 + 0.6 * fraction, progress->data);
}

CasDuplicateScan *
cas_duplicate_service_scan (CasDuplicateService       *self,
                            CasAccount                *actor,
                            double                     min_score,
                            CasDuplicateProgressFunc   progress,
                            gpointer                   progress_data,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GHashTable) centres = NULL;
  g_autoptr(GArray) dismissed = NULL;
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  Register reg = { 0, };
  ScanFilter filter = { 0, };
  ScoreProgress score_data = { progress, progress_data };

  g_return_val_if_fail (CAS_IS_DUPLICATE_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;
  if (!may_use (&access))
    return _cas_access_deny (self->db, &access, "duplicate.scan", NULL, 0, error,
                             _("look for duplicate persons (operators and the administrators "
                               "of an exam centre do)")),
           NULL;

  centres = load_centres (self->db, error);
  if (centres == NULL)
    return NULL;
  dismissed = load_dismissed (self->db, 0, error);
  if (dismissed == NULL)
    return NULL;

  reg.index = cas_duplicate_index_new ();
  reg.shown = g_array_new (FALSE, FALSE, sizeof (Shown));
  reg.strings = g_string_chunk_new (1 << 20);
  if (!read_register (self, &reg, progress, progress_data, cancellable, error))
    {
      register_clear (&reg);
      return NULL;
    }

  scan = g_new0 (CasDuplicateScan, 1);
  scan->read_seconds = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  cas_duplicate_index_estimate (reg.index);

  filter.access = &access;
  filter.dismissed = dismissed;
  pairs = cas_duplicate_index_find_pairs (reg.index, min_score, scan_filter, &filter,
                                          progress ? score_progress : NULL, &score_data,
                                          cancellable, &scan->stats, error);
  if (pairs == NULL)
    {
      register_clear (&reg);
      return NULL;
    }
  scan->stats.estimate_seconds = g_timer_elapsed (timer, NULL) - scan->stats.block_seconds -
                                 scan->stats.score_seconds;
  scan->n_dismissed = filter.n_dismissed;

  scan->pairs = g_ptr_array_new_full (pairs->len, (GDestroyNotify) cas_duplicate_proposal_free);
  for (guint i = 0; i < pairs->len; i++)
    {
      const CasDuplicatePair *pair = &g_array_index (pairs, CasDuplicatePair, i);
      CasDuplicateProposal *proposal = g_new0 (CasDuplicateProposal, 1);

      proposal->a = scan_person (&reg, &access, centres, pair->a);
      proposal->b = scan_person (&reg, &access, centres, pair->b);
      proposal->score = pair->score;
      proposal->band = cas_duplicate_band_for_score (pair->score);
      proposal->comparison = pair->comparison;
      proposal->reasons = cas_duplicate_comparison_explain (&pair->comparison);
      g_ptr_array_add (scan->pairs, proposal);
    }

  clusters = cas_duplicate_cluster (pairs);
  scan->clusters = g_ptr_array_new_full (clusters->len, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < clusters->len; i++)
    {
      GArray *positions = g_ptr_array_index (clusters, i);
      GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), positions->len);

      for (guint k = 0; k < positions->len; k++)
        {
          gint64 id = cas_duplicate_index_get_id (reg.index, g_array_index (positions, guint, k));
          g_array_append_val (ids, id);
        }
      g_ptr_array_add (scan->clusters, ids);
    }

  register_clear (&reg);

  return g_steal_pointer (&scan);
}

/* The scan in a thread, its progress in the caller's main context */

typedef struct
{
  CasAccount               *actor;
  double                    min_score;
  CasDuplicateProgressFunc  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_free;
  GMainContext             *context;
  gint                      pending;     /* a progress report queued, not yet shown */
  double                    fraction;
} ScanTask;

static void
scan_task_free (ScanTask *task)
{
  g_clear_object (&task->actor);
  if (task->progress_free != NULL)
    task->progress_free (task->progress_data);
  g_main_context_unref (task->context);
  g_free (task);
}

static gboolean
report_in_context (gpointer data)
{
  GTask *task = data;
  ScanTask *scan_task = g_task_get_task_data (task);

  g_atomic_int_set (&scan_task->pending, FALSE);
  scan_task->progress (scan_task->fraction, scan_task->progress_data);

  return G_SOURCE_REMOVE;
}

static void
report_from_thread (double   fraction,
                    gpointer data)
{
  GTask *task = data;
  ScanTask *scan_task = g_task_get_task_data (task);

  scan_task->fraction = fraction;
  /* One report in flight at most: the main loop is never flooded */
  if (g_atomic_int_compare_and_exchange (&scan_task->pending, FALSE, TRUE))
    g_main_context_invoke_full (scan_task->context, G_PRIORITY_DEFAULT, report_in_context,
                                g_object_ref (task), g_object_unref);
}

static void
scan_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ScanTask *scan_task = data;
  GError *error = NULL;
  CasDuplicateScan *scan;

  scan = cas_duplicate_service_scan (source, scan_task->actor, scan_task->min_score,
                                     scan_task->progress ? report_from_thread : NULL, task,
                                     cancellable, &error);
  if (scan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scan, (GDestroyNotify) cas_duplicate_scan_free);
}

void
cas_duplicate_service_scan_async (CasDuplicateService      *self,
                                  CasAccount               *actor,
                                  double                    min_score,
                                  CasDuplicateProgressFunc  progress,
                                  gpointer                  progress_data,
                                  GDestroyNotify            progress_free,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanTask *scan_task;

  g_return_if_fail (CAS_IS_DUPLICATE_SERVICE (self));

  scan_task = g_new0 (ScanTask, 1);
  scan_task->actor = actor ? g_object_ref (actor) : NULL;
  scan_task->min_score = min_score;
  scan_task->progress = progress;
  scan_task->progress_data = progress_data;
  scan_task->progress_free = progress_free;
  scan_task->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cas_duplicate_service_scan_async);
  g_task_set_task_data (task, scan_task, (GDestroyNotify) scan_task_free);
  g_task_run_in_thread (task, scan_in_thread);
}

CasDuplicateScan *
cas_duplicate_service_scan_finish (CasDuplicateService  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Live check */

#define CHECK_COLUMNS \
  "p.id, p.external_ref, p.first_name, p.last_name, p.birth_date, p.sex, p.nrn, p.email, " \
  "p.email_secondary, p.phone, p.street, p.postcode, p.city, p.company_id, c.name"

typedef struct
{
  gint64  id;
  gint64  company_id;
  char   *ref;
  char   *first_name;
  char   *last_name;
  char   *birth_date;
  char   *centre;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->ref);
  g_free (candidate->first_name);
  g_free (candidate->last_name);
  g_free (candidate->birth_date);
  g_free (candidate->centre);
  g_free (candidate);
}

/* Adds the rows of @model not seen yet to the index */
static void
add_candidates (CasDuplicateIndex *index,
                GPtrArray         *candidates,
                GHashTable        *seen,
                GdaDataModel      *model)
{
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      gint64 id = _cas_model_get_int64 (model, 0, row);
      Candidate *candidate;
      CasDuplicateFields fields;

      if (g_hash_table_contains (seen, &id))
        continue;

      candidate = g_new0 (Candidate, 1);
      candidate->id = id;
      candidate->company_id = _cas_model_get_int64 (model, 13, row);
      candidate->ref = _cas_model_dup_string (model, 1, row);
      candidate->first_name = _cas_model_dup_string (model, 2, row);
      candidate->last_name = _cas_model_dup_string (model, 3, row);
      candidate->birth_date = _cas_model_dup_string (model, 4, row);
      candidate->centre = _cas_model_dup_string (model, 14, row);
      g_hash_table_add (seen, &candidate->id);
      g_ptr_array_add (candidates, candidate);

      fields = (CasDuplicateFields) {
        .id = id,
        .company_id = candidate->company_id,
        .external_ref = candidate->ref,
        .first_name = candidate->first_name,
        .last_name = candidate->last_name,
        .birth_date = candidate->birth_date,
        .sex = model_text (model, 5, row),
        .nrn = model_text (model, 6, row),
        .email = model_text (model, 7, row),
        .email_secondary = model_text (model, 8, row),
        .phone = model_text (model, 9, row),
        .street = model_text (model, 10, row),
        .postcode = model_text (model, 11, row),
        .city = model_text (model, 12, row),
      };
      cas_duplicate_index_add (index, &fields);
    }
}

/* Whether the comparison has what a "likely" match needs when only some
 * fields were typed: an identifier (NRN, e-mail, phone), or two kinds of
 * evidence among name, birth date and address. A name alone or a birth
 * date alone is never enough: there are many Jan Peeters, and some forty
 * persons born on each day in a register of a million. */
gboolean
_cas_duplicate_enough_for_likely (const CasDuplicateComparison *c)
{
  guint n = 0;

  if (c->nrn == CAS_DUPLICATE_NRN_SAME || c->nrn == CAS_DUPLICATE_NRN_SAME_UNVERIFIED ||
      c->nrn == CAS_DUPLICATE_NRN_ONE_DIGIT || c->email == CAS_DUPLICATE_EMAIL_SAME ||
      c->phone == CAS_DUPLICATE_PHONE_SAME)
    return TRUE;

  if ((c->first != CAS_MATCH_NAME_MISSING && c->first != CAS_MATCH_NAME_DIFFERENT) ||
      (c->last != CAS_MATCH_NAME_MISSING && c->last != CAS_MATCH_NAME_DIFFERENT))
    n++;
  if (c->birth == CAS_MATCH_DATE_EXACT || c->birth == CAS_MATCH_DATE_SWAPPED ||
      c->birth == CAS_MATCH_DATE_ONE_DIGIT)
    n++;
  if (c->address == CAS_DUPLICATE_ADDRESS_SAME || c->address == CAS_DUPLICATE_ADDRESS_STREET)
    n++;

  return n >= 2;
}

int
_cas_duplicate_compare_proposals (gconstpointer a,
                                  gconstpointer b)
{
  const CasDuplicateProposal *pa = *(const CasDuplicateProposal * const *) a;
  const CasDuplicateProposal *pb = *(const CasDuplicateProposal * const *) b;

  if (pa->band != pb->band)
    return pa->band > pb->band ? -1 : 1;
  if (pa->score != pb->score)
    return pa->score > pb->score ? -1 : 1;
  return pa->a->id < pb->a->id ? -1 : pa->a->id > pb->a->id;
}

/* The birth date to look candidates up by: the typed one, else the one of
 * the typed NRN; NULL when neither tells */
static char *
lookup_birth_date (const CasDuplicateFields *typed)
{
  CasMatchNrn nrn;
  guint year, month, day;

  if (cas_match_parse_date (typed->birth_date, &year, &month, &day))
    return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  if (cas_match_nrn (typed->nrn, &nrn) && nrn.valid && nrn.month != 0)
    return g_strdup_printf ("%04u-%02u-%02u", nrn.year, nrn.month, nrn.day);

  return NULL;
}

/* The candidates of the live check: the living persons that share a lookup
 * key (name sound, e-mail, phone), the NRN or the birth date with the typed
 * fields, as models with the columns of CHECK_COLUMNS.
 *
 * On PostgreSQL in one call of a function of the schema
 * (0009-duplicate-lookup-postgresql.sql): an administrator's own role reads
 * only the persons of their centres; the function finds those of the other
 * centres too, and tells of them only the names and the typed values they
 * share, so that the check scores them on what the administrator knows. */
static GPtrArray *
query_candidates (CasDuplicateService       *self,
                  const CasDuplicateQuery   *query,
                  const CasDuplicateFields  *typed,
                  GError                   **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *birth = lookup_birth_date (typed);
  gint64 keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS] = { 0, };
  guint n_keys = _cas_duplicate_lookup_keys (typed, keys);
  CasMatchNrn nrn;
  const char *nrn_digits = cas_match_nrn (query->nrn, &nrn) ? nrn.digits : NULL;
  GdaDataModel *model;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL)
    {
      g_autofree char *email = NULL;
      g_autofree char *phone = NULL;

      /* As they are stored; a value that is not valid is stored by nobody */
      if (query->email != NULL && !cas_validate_email (query->email, &email, NULL))
        g_clear_pointer (&email, g_free);
      if (query->phone != NULL && !cas_validate_phone (query->phone, &phone, NULL))
        g_clear_pointer (&phone, g_free);

      model = _cas_database_query (self->db, error,
                                   "SELECT id, external_ref, first_name, last_name, "
                                   "birth_date, sex, nrn, email, email_secondary, phone, "
                                   "street, postcode, city, company_id, centre "
                                   "FROM cas_duplicate_candidates (##k0::gint64, "
                                   "##k1::gint64, ##k2::gint64, ##k3::gint64, "
                                   "##nrn::string::null, ##birth::string::null, "
                                   "##sex::string::null, ##email::string::null, "
                                   "##phone::string::null, ##street::string::null, "
                                   "##postcode::string::null, ##city::string::null, "
                                   "##except::gint64)",
                                   "k0", keys[0], "k1", keys[1], "k2", keys[2], "k3", keys[3],
                                   "nrn", nrn_digits, "birth", birth, "sex", query->sex,
                                   "email", email, "phone", phone, "street", query->street,
                                   "postcode", query->postcode, "city", query->city,
                                   "except", query->id, NULL);
      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);

      return g_steal_pointer (&models);
    }

  if (n_keys > 0)
    {
      model = _cas_database_query (self->db, error,
                                   "SELECT " CHECK_COLUMNS " FROM person_match_key k "
                                   "JOIN person p ON p.id = k.person_id "
                                   "LEFT JOIN company c ON c.id = p.company_id "
                                   "WHERE k.match_key IN (##k0::gint64, ##k1::gint64, "
                                   "##k2::gint64, ##k3::gint64) AND p.merged_into IS NULL "
                                   "AND p.id <> ##except::gint64 LIMIT "
                                   G_STRINGIFY (CHECK_LIMIT_KEYS),
                                   "k0", keys[0], "k1", keys[1], "k2", keys[2], "k3", keys[3],
                                   "except", query->id, NULL);
      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);
    }

  if (nrn_digits != NULL)
    {
      model = _cas_database_query (self->db, error,
                                   "SELECT " CHECK_COLUMNS " FROM person p "
                                   "LEFT JOIN company c ON c.id = p.company_id "
                                   "WHERE p.nrn = ##nrn::string AND p.merged_into IS NULL "
                                   "AND p.id <> ##except::gint64 LIMIT "
                                   G_STRINGIFY (CHECK_LIMIT_NRN),
                                   "nrn", nrn_digits, "except", query->id, NULL);
      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);
    }

  if (birth != NULL)
    {
      model = _cas_database_query (self->db, error,
                                   "SELECT " CHECK_COLUMNS " FROM person p "
                                   "LEFT JOIN company c ON c.id = p.company_id "
                                   "WHERE p.birth_date = ##birth::string "
                                   "AND p.merged_into IS NULL "
                                   "AND p.id <> ##except::gint64 LIMIT "
                                   G_STRINGIFY (CHECK_LIMIT_BIRTH),
                                   "birth", birth, "except", query->id, NULL);
      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);
    }

  return g_steal_pointer (&models);
}

GPtrArray *
cas_duplicate_service_check (CasDuplicateService      *self,
                             CasAccount               *actor,
                             const CasDuplicateQuery  *query,
                             guint                     max_results,
                             GError                  **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDuplicateIndex) index = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) dismissed = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *birth_iso = NULL;
  CasDuplicateFields typed;

  g_return_val_if_fail (CAS_IS_DUPLICATE_SERVICE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;
  if (!may_use (&access))
    return _cas_access_deny (self->db, &access, "duplicate.check", NULL, 0, error,
                             _("look for duplicate persons (operators and the administrators "
                               "of an exam centre do)")),
           NULL;

  if (!update_keys (self, &access, NULL, error))
    return NULL;

  /* The birth date as the desk takes it: 30/07/1985 too */
  if (query->birth_date != NULL &&
      !cas_validate_date (CAS_FIELD_BIRTH_DATE, query->birth_date, FALSE, &birth_iso, NULL))
    birth_iso = NULL;

  typed = (CasDuplicateFields) {
    .id = query->id,
    .first_name = query->first_name,
    .last_name = query->last_name,
    .birth_date = birth_iso,
    .sex = query->sex,
    .nrn = query->nrn,
    .email = query->email,
    .phone = query->phone,
    .street = query->street,
    .postcode = query->postcode,
    .city = query->city,
  };
  index = cas_duplicate_index_new ();
  cas_duplicate_index_add (index, &typed);
  {
    gint64 n_persons = 0;

    /* The size of the register, for the prior; ids are close enough */
    if (!_cas_database_query_int64 (self->db, &n_persons, NULL, error,
                                    "SELECT MAX(id) FROM person", NULL))
      return NULL;
    cas_duplicate_index_set_register_size (index, (guint64) MAX (n_persons, 0));
  }
  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  models = query_candidates (self, query, &typed, error);
  if (models == NULL)
    return NULL;
  for (guint i = 0; i < models->len; i++)
    add_candidates (index, candidates, seen, g_ptr_array_index (models, i));

  dismissed = query->id > 0 ? load_dismissed (self->db, query->id, error)
                            : g_array_new (FALSE, FALSE, sizeof (IdPair));
  if (dismissed == NULL)
    return NULL;

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_duplicate_proposal_free);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (candidates, i);
      CasDuplicateComparison comparison;
      CasDuplicateProposal *proposal;
      double score;
      CasDuplicateBand band;

      if (query->id > 0 && is_dismissed (dismissed, query->id, candidate->id))
        continue;

      score = cas_duplicate_index_score (index, 0, i + 1, &comparison);
      band = cas_duplicate_band_for_score (score);
      if (band == CAS_DUPLICATE_BAND_LIKELY && !_cas_duplicate_enough_for_likely (&comparison))
        band = CAS_DUPLICATE_BAND_POSSIBLE;
      if (band == CAS_DUPLICATE_BAND_UNLIKELY)
        continue;

      proposal = g_new0 (CasDuplicateProposal, 1);
      proposal->a = make_person (&access, candidate->id, candidate->company_id, candidate->ref,
                                 candidate->first_name, candidate->last_name,
                                 candidate->birth_date, candidate->centre);
      proposal->score = score;
      proposal->band = band;
      proposal->comparison = comparison;
      proposal->reasons = cas_duplicate_comparison_explain (&comparison);
      g_ptr_array_add (matches, proposal);
    }

  g_ptr_array_sort (matches, _cas_duplicate_compare_proposals);
  if (matches->len > max_results)
    g_ptr_array_set_size (matches, max_results);

  return g_steal_pointer (&matches);
}

/* Not the same person */

gboolean
cas_duplicate_service_dismiss (CasDuplicateService  *self,
                               CasAccount           *actor,
                               gint64                a,
                               gint64                b,
                               const char           *reason,
                               GError              **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *details = NULL;
  g_autofree char *other = NULL;
  gint64 lo = MIN (a, b), hi = MAX (a, b);
  gint64 companies[2] = { 0, 0 };
  gint64 existing = 0;

  g_return_val_if_fail (CAS_IS_DUPLICATE_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  if (a == b)
    {
      g_set_error (error, CAS_DUPLICATE_ERROR, CAS_DUPLICATE_ERROR_SAME_RECORD,
                   _("#%" PRId64 " and #%" PRId64 " are one record: name two records"), a, b);
      return FALSE;
    }
  if (lo <= 0)
    {
      g_set_error (error, CAS_DUPLICATE_ERROR, CAS_DUPLICATE_ERROR_INVALID,
                   _("There is no person #%" PRId64), lo);
      return FALSE;
    }

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  model = _cas_database_query (self->db, error,
                               "SELECT id, company_id FROM person "
                               "WHERE id = ##lo::gint64 OR id = ##hi::gint64",
                               "lo", lo, "hi", hi, NULL);
  if (model == NULL)
    goto failed;
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    companies[_cas_model_get_int64 (model, 0, row) == lo ? 0 : 1] =
      _cas_model_is_null (model, 1, row) ? -1 : MAX (_cas_model_get_int64 (model, 1, row), -1);
  if (gda_data_model_get_n_rows (model) < 2)
    {
      gboolean has_lo = FALSE;

      for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
        has_lo = has_lo || _cas_model_get_int64 (model, 0, row) == lo;
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND,
                   _("There is no person #%" PRId64), has_lo ? hi : lo);
      goto failed;
    }

  /* An administrator decides for pairs that involve their centre */
  if (!_cas_access_is_operator (&access) &&
      !_cas_access_administers (&access, companies[0]) &&
      !_cas_access_administers (&access, companies[1]))
    {
      _cas_access_deny (self->db, &access, "duplicate.dismiss", "person", lo, error,
                        _("record that #%" PRId64 " and #%" PRId64 " are not the same person "
                          "(operators, and the administrators of the centre of either record, "
                          "do)"),
                        lo, hi);
      goto failed;
    }

  if (!_cas_database_query_int64 (self->db, &existing, NULL, error,
                                  "SELECT COUNT(*) FROM duplicate_decision "
                                  "WHERE person_a = ##lo::gint64 AND person_b = ##hi::gint64",
                                  "lo", lo, "hi", hi, NULL))
    goto failed;
  if (existing > 0)
    return _cas_database_commit (self->db, error);

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO duplicate_decision (person_a, person_b, decided_by, "
                           "decided_at, reason) VALUES (##lo::gint64, ##hi::gint64, "
                           "##by::gint64::null, ##now::string, ##reason::string::null)",
                           "lo", lo, "hi", hi, "by", access.account_id, "now", now,
                           "reason", reason != NULL && *reason != '\0' ? reason : NULL,
                           NULL))
    goto failed;

  other = g_strdup_printf ("%" PRId64, hi);
  details = cas_json_object ("other", other, "reason", reason, NULL);
  if (!_cas_audit_record (self->db, actor, "duplicate.dismiss", "person", lo, details, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}
