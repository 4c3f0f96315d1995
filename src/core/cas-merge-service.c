/* cas-merge-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A merge moves everything the merged records hold to the survivor in one
 * transaction and keeps them as tombstones (person.merged_into). What it
 * changes is read before and after, and the rows that differ are kept in
 * merge_request.snapshot (and the audit event of the merge): undo checks
 * that each of them is still as the merge left it, then writes the rows
 * back as they were. Rows are read per table by the persons (or accounts)
 * involved: a merge only moves rows between those persons, so the same
 * reading finds them before, after and at undo.
 */

#define G_LOG_DOMAIN "cas-merge-service"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account.h"
#include "cas-attestation-private.h"
#include "cas-attestation-render.h"
#include "cas-attestation-service.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-duplicate-private.h"
#include "cas-duplicate-service.h"
#include "cas-merge-service.h"
#include "cas-util.h"
#include "cas-validate.h"

struct _CasMergeService
{
  GObject      parent_instance;
  CasDatabase *db;
};

G_DEFINE_FINAL_TYPE (CasMergeService, cas_merge_service, G_TYPE_OBJECT)
G_DEFINE_QUARK (cas-merge-error-quark, cas_merge_error)

/* Status */

static const char * const status_keys[] = {
  "pending", "approved", "rejected", "applied", "undone",
};

const char *
cas_merge_status_to_string (CasMergeStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_keys), NULL);

  return status_keys[status];
}

gboolean
cas_merge_status_from_string (const char     *text,
                              CasMergeStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_keys); i++)
    if (g_strcmp0 (text, status_keys[i]) == 0)
      {
        *status = (CasMergeStatus) i;
        return TRUE;
      }

  return FALSE;
}

const char *
cas_merge_status_get_label (CasMergeStatus status)
{
  switch (status)
    {
    case CAS_MERGE_PENDING:  return C_("merge request", "pending");
    case CAS_MERGE_APPROVED: return C_("merge request", "approved");
    case CAS_MERGE_REJECTED: return C_("merge request", "rejected");
    case CAS_MERGE_APPLIED:  return C_("merge request", "applied");
    case CAS_MERGE_UNDONE:   return C_("merge request", "undone");
    default:                 g_return_val_if_reached (NULL);
    }
}

/* Boxed results */

void
cas_merge_request_free (CasMergeRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->requested_by);
  g_free (request->requested_at);
  g_free (request->reason);
  g_clear_pointer (&request->person_ids, g_array_unref);
  g_free (request->names);
  g_free (request->decided_by);
  g_free (request->decided_at);
  g_free (request->decision_reason);
  g_free (request->applied_at);
  g_free (request->undone_at);
  g_free (request->reasons);
  g_free (request);
}

static void
record_free (CasMergeRecord *record)
{
  cas_person_free (record->person);
  g_free (record);
}

static void
field_free (CasMergeField *field)
{
  g_ptr_array_unref (field->values);
  g_free (field->proposed_value);
  g_free (field);
}

static void
move_free (CasMergeMove *move)
{
  g_free (move->description);
  g_free (move);
}

static void
conflict_free (CasMergeConflict *conflict)
{
  g_free (conflict->key);
  g_free (conflict->description);
  g_free (conflict->resolution);
  g_free (conflict->resolution_label);
  g_free (conflict);
}

static void
merge_attestation_free (CasMergeAttestation *attestation)
{
  g_free (attestation->number);
  g_free (attestation->display_number);
  g_free (attestation->first_name);
  g_free (attestation->last_name);
  g_free (attestation);
}

void
cas_merge_preview_free (CasMergePreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_pointer (&preview->attestations, g_ptr_array_unref);
  g_ptr_array_unref (preview->records);
  g_ptr_array_unref (preview->fields);
  g_ptr_array_unref (preview->moves);
  g_ptr_array_unref (preview->conflicts);
  g_free (preview->account_login);
  g_free (preview);
}

void
cas_merge_check_free (CasMergeCheck *check)
{
  if (check == NULL)
    return;

  g_ptr_array_unref (check->problems);
  g_free (check);
}

/* Decision */

struct _CasMergeDecision
{
  gint64      survivor_id;
  gint64      account_id;
  GHashTable *fields;        /* key -> "#ID" (a record's value) or "=TEXT" (typed) */
  GHashTable *resolutions;   /* conflict key -> resolution */
  GHashTable *revisions;     /* gint64 * person id -> GINT_TO_POINTER (revision) */
  gboolean    reissue;       /* re-issue the attestations that carry another name */
};

CasMergeDecision *
cas_merge_decision_new (void)
{
  CasMergeDecision *decision = g_new0 (CasMergeDecision, 1);

  decision->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  decision->resolutions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  decision->revisions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  return decision;
}

void
cas_merge_decision_free (CasMergeDecision *decision)
{
  if (decision == NULL)
    return;

  g_hash_table_unref (decision->fields);
  g_hash_table_unref (decision->resolutions);
  g_hash_table_unref (decision->revisions);
  g_free (decision);
}

void
cas_merge_decision_set_survivor (CasMergeDecision *decision,
                                 gint64            person_id)
{
  g_return_if_fail (decision != NULL);

  decision->survivor_id = person_id;
}

void
cas_merge_decision_set_account (CasMergeDecision *decision,
                                gint64            account_id)
{
  g_return_if_fail (decision != NULL);

  decision->account_id = account_id;
}

void
cas_merge_decision_set_reissue (CasMergeDecision *decision,
                                gboolean          reissue)
{
  g_return_if_fail (decision != NULL);

  decision->reissue = reissue;
}

void
cas_merge_decision_take_from (CasMergeDecision *decision,
                              const char       *key,
                              gint64            person_id)
{
  g_return_if_fail (decision != NULL && key != NULL);

  g_hash_table_replace (decision->fields, g_strdup (key),
                        g_strdup_printf ("#%" PRId64, person_id));
}

void
cas_merge_decision_set_value (CasMergeDecision *decision,
                              const char       *key,
                              const char       *value)
{
  g_return_if_fail (decision != NULL && key != NULL);

  g_hash_table_replace (decision->fields, g_strdup (key),
                        g_strconcat ("=", value ? value : "", NULL));
}

void
cas_merge_decision_resolve (CasMergeDecision *decision,
                            const char       *key,
                            const char       *resolution)
{
  g_return_if_fail (decision != NULL && key != NULL && resolution != NULL);

  g_hash_table_replace (decision->resolutions, g_strdup (key), g_strdup (resolution));
}

void
cas_merge_decision_accept_preview (CasMergeDecision      *decision,
                                   const CasMergePreview *preview,
                                   gboolean               confirm_conflicts)
{
  g_return_if_fail (decision != NULL && preview != NULL);

  if (decision->survivor_id == 0)
    decision->survivor_id = preview->survivor_id;

  for (guint i = 0; i < preview->records->len; i++)
    {
      CasMergeRecord *record = g_ptr_array_index (preview->records, i);

      g_hash_table_replace (decision->revisions, g_memdup2 (&record->person->id, sizeof (gint64)),
                            GINT_TO_POINTER (record->person->revision));
    }

  for (guint i = 0; confirm_conflicts && i < preview->conflicts->len; i++)
    {
      CasMergeConflict *conflict = g_ptr_array_index (preview->conflicts, i);

      if (!g_hash_table_contains (decision->resolutions, conflict->key))
        cas_merge_decision_resolve (decision, conflict->key, conflict->resolution);
    }
}

/* Service */

static void
cas_merge_service_finalize (GObject *object)
{
  CasMergeService *self = (CasMergeService *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_merge_service_parent_class)->finalize (object);
}

static void
cas_merge_service_class_init (CasMergeServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_merge_service_finalize;
}

static void
cas_merge_service_init (CasMergeService *self)
{
}

CasMergeService *
cas_merge_service_new (CasDatabase *db)
{
  CasMergeService *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_MERGE_SERVICE, NULL);
  self->db = g_object_ref (db);

  return self;
}

/* Helpers */

/* "1,2,3": ids are numbers, written into the statement */
static char *
id_list (const gint64 *ids,
         guint         n_ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (text, "%s%" PRId64, i > 0 ? "," : "", ids[i]);

  return g_string_free (text, FALSE);
}

static char *
json_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

static const char *
json_text (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

/* 0 for NULL (ids start at 1) */
static gint64
json_id (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? 0 : json_node_get_int (node);
}

/* -1 for NULL, as "::gint::null" takes it */
static int
json_small (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? -1 : (int) json_node_get_int (node);
}

/* The rows a merge changes */

typedef enum
{
  COLUMN_TEXT,
  COLUMN_INT,
} ColumnType;

typedef struct
{
  const char *name;
  ColumnType  type;
} Column;

typedef struct
{
  const char   *table;
  gboolean      keyed;      /* an "id" column; else rows are compared whole */
  const char   *by;         /* the column matched against the persons (or accounts) */
  gboolean      by_account;
  const Column *columns;
  guint         n_columns;
} Tracked;

static const Column person_columns[] = {
  { "external_ref", COLUMN_TEXT }, { "first_name", COLUMN_TEXT }, { "last_name", COLUMN_TEXT },
  { "birth_date", COLUMN_TEXT }, { "sex", COLUMN_TEXT }, { "nrn", COLUMN_TEXT },
  { "nrn_verified", COLUMN_INT }, { "email", COLUMN_TEXT }, { "email_secondary", COLUMN_TEXT },
  { "phone", COLUMN_TEXT }, { "language", COLUMN_TEXT }, { "street", COLUMN_TEXT },
  { "postcode", COLUMN_TEXT }, { "city", COLUMN_TEXT }, { "company_id", COLUMN_INT },
  { "merged_into", COLUMN_INT }, { "revision", COLUMN_INT }, { "updated_at", COLUMN_TEXT },
};

static const Column registration_columns[] = {
  { "person_id", COLUMN_INT }, { "session_id", COLUMN_INT }, { "status", COLUMN_TEXT },
  { "score", COLUMN_INT }, { "registered_at", COLUMN_TEXT }, { "registered_by", COLUMN_INT },
  { "result_at", COLUMN_TEXT },
};

static const Column attestation_columns[] = {
  { "registration_id", COLUMN_INT }, { "person_id", COLUMN_INT }, { "number", COLUMN_TEXT },
  { "version", COLUMN_INT }, { "status", COLUMN_TEXT }, { "superseded_by", COLUMN_INT },
  { "sha256", COLUMN_TEXT },
};

static const Column account_columns[] = {
  { "login", COLUMN_TEXT }, { "person_id", COLUMN_INT }, { "disabled", COLUMN_INT },
};

static const Column staff_columns[] = {
  { "session_id", COLUMN_INT }, { "person_id", COLUMN_INT }, { "role", COLUMN_TEXT },
};

static const Column role_columns[] = {
  { "account_id", COLUMN_INT }, { "role", COLUMN_TEXT }, { "company_id", COLUMN_INT },
};

static const Column request_person_columns[] = {
  { "request_id", COLUMN_INT }, { "person_id", COLUMN_INT },
};

enum
{
  TRACKED_PERSON,
  TRACKED_REGISTRATION,
  TRACKED_ATTESTATION,
  TRACKED_ACCOUNT,
  TRACKED_STAFF,
  TRACKED_ROLE,
  TRACKED_REQUEST_PERSON,
  N_TRACKED
};

static const Tracked tracked[N_TRACKED] = {
  { "person", TRUE, "id", FALSE, person_columns, G_N_ELEMENTS (person_columns) },
  { "registration", TRUE, "person_id", FALSE, registration_columns,
    G_N_ELEMENTS (registration_columns) },
  { "attestation", TRUE, "person_id", FALSE, attestation_columns,
    G_N_ELEMENTS (attestation_columns) },
  { "account", TRUE, "person_id", FALSE, account_columns, G_N_ELEMENTS (account_columns) },
  { "session_staff", FALSE, "person_id", FALSE, staff_columns, G_N_ELEMENTS (staff_columns) },
  { "account_role", FALSE, "account_id", TRUE, role_columns, G_N_ELEMENTS (role_columns) },
  { "merge_request_person", FALSE, "person_id", FALSE, request_person_columns,
    G_N_ELEMENTS (request_person_columns) },
};

/* The rows of @t whose t->by is among @ids, as JSON objects */
static JsonArray *
read_rows (CasDatabase   *db,
           const Tracked *t,
           const char    *ids,
           GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GdaDataModel) model = NULL;
  JsonArray *rows = json_array_new ();
  guint first = t->keyed ? 1 : 0;

  if (ids == NULL || *ids == '\0')
    return rows;

  if (t->keyed)
    g_string_append (sql, "id");
  for (guint i = 0; i < t->n_columns; i++)
    g_string_append_printf (sql, "%s%s", i + first > 0 ? ", " : "", t->columns[i].name);
  g_string_append_printf (sql, " FROM %s WHERE %s IN (%s) ORDER BY 1, 2", t->table, t->by, ids);

  model = _cas_database_query (db, error, sql->str, NULL);
  if (model == NULL)
    {
      json_array_unref (rows);
      return NULL;
    }

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      JsonObject *object = json_object_new ();

      if (t->keyed)
        json_object_set_int_member (object, "id", _cas_model_get_int64 (model, 0, row));
      for (guint i = 0; i < t->n_columns; i++)
        {
          const Column *column = &t->columns[i];

          if (_cas_model_is_null (model, i + first, row))
            json_object_set_null_member (object, column->name);
          else if (column->type == COLUMN_INT)
            json_object_set_int_member (object, column->name,
                                        _cas_model_get_int64 (model, i + first, row));
          else
            {
              g_autofree char *text = _cas_model_dup_string (model, i + first, row);

              json_object_set_string_member (object, column->name, text);
            }
        }
      json_array_add_object_element (rows, object);
    }

  return rows;
}

/* Whether rows @a and @b hold the same values, but in column @except */
static gboolean
rows_equal_but (const Tracked *t,
                JsonObject    *a,
                JsonObject    *b,
                const char    *except)
{
  for (guint i = 0; i < t->n_columns; i++)
    {
      const Column *column = &t->columns[i];

      if (g_strcmp0 (column->name, except) == 0)
        continue;
      if (column->type == COLUMN_TEXT
          ? g_strcmp0 (json_text (a, column->name), json_text (b, column->name)) != 0
          : json_id (a, column->name) != json_id (b, column->name) ||
            json_small (a, column->name) != json_small (b, column->name))
        return FALSE;
    }

  return TRUE;
}

static gboolean
rows_equal (const Tracked *t,
            JsonObject    *a,
            JsonObject    *b)
{
  return rows_equal_but (t, a, b, NULL);
}

/* A whole row as text, for rows without an id */
static char *
row_key (const Tracked *t,
         JsonObject    *row)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < t->n_columns; i++)
    {
      const Column *column = &t->columns[i];

      if (column->type == COLUMN_TEXT)
        g_string_append_printf (key, "%s\x1f", json_text (row, column->name)
                                               ? json_text (row, column->name) : "\x1e");
      else
        g_string_append_printf (key, "%" PRId64 "\x1f", json_id (row, column->name));
    }

  return g_string_free (key, FALSE);
}

/* id or whole row -> JsonObject */
static GHashTable *
index_rows (const Tracked *t,
            JsonArray     *rows)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_hash_table_insert (index, t->keyed ? g_strdup_printf ("%" PRId64, json_id (row, "id"))
                                           : row_key (t, row), row);
    }

  return index;
}

/* What the merge must undo, per table: keyed tables the rows that differ,
 * before and after; others the rows added and removed */
static JsonObject *
diff_rows (const Tracked *t,
           JsonArray     *before,
           JsonArray     *after)
{
  g_autoptr(GHashTable) before_index = index_rows (t, before);
  g_autoptr(GHashTable) after_index = index_rows (t, after);
  JsonObject *diff = json_object_new ();
  JsonArray *first = json_array_new ();
  JsonArray *second = json_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before_index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *other = g_hash_table_lookup (after_index, key);

      if (t->keyed && other != NULL && !rows_equal (t, value, other))
        {
          json_array_add_object_element (first, json_object_ref (value));
          json_array_add_object_element (second, json_object_ref (other));
        }
      else if (!t->keyed && other == NULL)
        json_array_add_object_element (second, json_object_ref (value));
    }
  if (!t->keyed)
    {
      g_hash_table_iter_init (&iter, after_index);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (before_index, key))
          json_array_add_object_element (first, json_object_ref (value));
    }

  json_object_set_array_member (diff, t->keyed ? "before" : "added", first);
  json_object_set_array_member (diff, t->keyed ? "after" : "removed", second);

  return diff;
}

/* The rows of every tracked table for @persons and @accounts */
static gboolean
read_all (CasDatabase *db,
          const char  *persons,
          const char  *accounts,
          JsonArray   *rows[N_TRACKED],
          GError     **error)
{
  for (guint i = 0; i < N_TRACKED; i++)
    {
      rows[i] = read_rows (db, &tracked[i], tracked[i].by_account ? accounts : persons, error);
      if (rows[i] == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
clear_all (JsonArray *rows[N_TRACKED])
{
  for (guint i = 0; i < N_TRACKED; i++)
    g_clear_pointer (&rows[i], json_array_unref);
}

/* Writes a keyed row back as @row has it (the columns a merge changes) */
static gboolean
restore_row (CasDatabase *db,
             guint        table,
             JsonObject  *row,
             GError     **error)
{
  gint64 id = json_id (row, "id");

  switch (table)
    {
    case TRACKED_PERSON:
      return _cas_database_exec (db, NULL, error,
                                 "UPDATE person SET external_ref = ##ref::string::null, "
                                 "first_name = ##first::string, last_name = ##last::string, "
                                 "birth_date = ##birth::string::null, sex = ##sex::string::null, "
                                 "nrn = ##nrn::string::null, nrn_verified = ##verified::gint, "
                                 "email = ##email::string::null, "
                                 "email_secondary = ##email2::string::null, "
                                 "phone = ##phone::string::null, language = ##language::string, "
                                 "street = ##street::string::null, "
                                 "postcode = ##postcode::string::null, "
                                 "city = ##city::string::null, "
                                 "company_id = ##company::gint64::null, "
                                 "merged_into = ##merged::gint64::null, "
                                 "revision = ##revision::gint, updated_at = ##updated::string "
                                 "WHERE id = ##id::gint64",
                                 "ref", json_text (row, "external_ref"),
                                 "first", json_text (row, "first_name"),
                                 "last", json_text (row, "last_name"),
                                 "birth", json_text (row, "birth_date"),
                                 "sex", json_text (row, "sex"),
                                 "nrn", json_text (row, "nrn"),
                                 "verified", json_small (row, "nrn_verified"),
                                 "email", json_text (row, "email"),
                                 "email2", json_text (row, "email_secondary"),
                                 "phone", json_text (row, "phone"),
                                 "language", json_text (row, "language"),
                                 "street", json_text (row, "street"),
                                 "postcode", json_text (row, "postcode"),
                                 "city", json_text (row, "city"),
                                 "company", json_id (row, "company_id"),
                                 "merged", json_id (row, "merged_into"),
                                 "revision", json_small (row, "revision"),
                                 "updated", json_text (row, "updated_at"),
                                 "id", id, NULL);
    case TRACKED_REGISTRATION:
      return _cas_database_exec (db, NULL, error,
                                 "UPDATE registration SET person_id = ##person::gint64, "
                                 "status = ##status::string, score = ##score::gint::null, "
                                 "registered_at = ##at::string, "
                                 "registered_by = ##by::gint64::null, "
                                 "result_at = ##result::string::null WHERE id = ##id::gint64",
                                 "person", json_id (row, "person_id"),
                                 "status", json_text (row, "status"),
                                 "score", json_small (row, "score"),
                                 "at", json_text (row, "registered_at"),
                                 "by", json_id (row, "registered_by"),
                                 "result", json_text (row, "result_at"),
                                 "id", id, NULL);
    case TRACKED_ATTESTATION:
      return _cas_database_exec (db, NULL, error,
                                 "UPDATE attestation SET registration_id = ##reg::gint64, "
                                 "person_id = ##person::gint64 WHERE id = ##id::gint64",
                                 "reg", json_id (row, "registration_id"),
                                 "person", json_id (row, "person_id"), "id", id, NULL);
    case TRACKED_ACCOUNT:
      return _cas_database_exec (db, NULL, error,
                                 "UPDATE account SET person_id = ##person::gint64::null, "
                                 "disabled = ##disabled::gint WHERE id = ##id::gint64",
                                 "person", json_id (row, "person_id"),
                                 "disabled", json_small (row, "disabled"), "id", id, NULL);
    default:
      g_assert_not_reached ();
    }
}

static void
free_string (gpointer string)
{
  g_string_free (string, TRUE);
}

/* Writes back the rows of @diff as they were before the merge. Most only
 * changed person: those go back by one statement per person. */
static gboolean
restore_rows (CasDatabase  *db,
              guint         table,
              JsonObject   *diff,
              GError      **error)
{
  JsonArray *before = json_object_get_array_member (diff, "before");
  JsonArray *after = json_object_get_array_member (diff, "after");
  g_autoptr(GHashTable) by_person = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           free_string);
  const Tracked *t = &tracked[table];
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (before); i++)
    {
      JsonObject *was = json_array_get_object_element (before, i);
      JsonObject *is = json_array_get_object_element (after, i);
      gboolean person_only = (table == TRACKED_REGISTRATION || table == TRACKED_ATTESTATION) &&
                             rows_equal_but (t, was, is, "person_id");
      GString *ids;

      if (!person_only)
        {
          if (!restore_row (db, table, was, error))
            return FALSE;
          continue;
        }

      ids = g_hash_table_lookup (by_person, &(gint64) { json_id (was, "person_id") });
      if (ids == NULL)
        {
          ids = g_string_new ("0");
          g_hash_table_insert (by_person, g_memdup2 (&(gint64) { json_id (was, "person_id") },
                                                     sizeof (gint64)), ids);
        }
      g_string_append_printf (ids, ",%" PRId64, json_id (was, "id"));
    }

  g_hash_table_iter_init (&iter, by_person);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET person_id = ##p::gint64 "
                                              "WHERE id IN (%s)", t->table,
                                              ((GString *) value)->str);

      if (!_cas_database_exec (db, NULL, error, sql, "p", *(gint64 *) key, NULL))
        return FALSE;
    }

  return TRUE;
}

/* Adds (@add) or removes a row of a table without id */
static gboolean
write_set_row (CasDatabase *db,
               guint        table,
               JsonObject  *row,
               gboolean     add,
               GError     **error)
{
  switch (table)
    {
    case TRACKED_STAFF:
      return _cas_database_exec (db, NULL, error,
                                 add ? "INSERT INTO session_staff (session_id, person_id, role) "
                                       "VALUES (##s::gint64, ##p::gint64, ##role::string)"
                                     : "DELETE FROM session_staff WHERE session_id = ##s::gint64 "
                                       "AND person_id = ##p::gint64 AND role = ##role::string",
                                 "s", json_id (row, "session_id"), "p", json_id (row, "person_id"),
                                 "role", json_text (row, "role"), NULL);
    case TRACKED_ROLE:
      return _cas_database_exec (db, NULL, error,
                                 add ? "INSERT INTO account_role (account_id, role, company_id) "
                                       "VALUES (##a::gint64, ##role::string, ##c::gint64::null)"
                                     : "DELETE FROM account_role WHERE account_id = ##a::gint64 "
                                       "AND role = ##role::string "
                                       "AND coalesce (company_id, 0) = ##c::gint64",
                                 "a", json_id (row, "account_id"), "role", json_text (row, "role"),
                                 "c", json_id (row, "company_id"), NULL);
    case TRACKED_REQUEST_PERSON:
      return _cas_database_exec (db, NULL, error,
                                 add ? "INSERT INTO merge_request_person (request_id, person_id) "
                                       "VALUES (##r::gint64, ##p::gint64)"
                                     : "DELETE FROM merge_request_person "
                                       "WHERE request_id = ##r::gint64 AND person_id = ##p::gint64",
                                 "r", json_id (row, "request_id"), "p", json_id (row, "person_id"),
                                 NULL);
    default:
      g_assert_not_reached ();
    }
}

/* Requests */

typedef struct
{
  gint64          id;
  CasMergeStatus  status;
  gint64          requested_by;
  char           *choices;
  char           *snapshot;
  char           *applied_at;
  GArray         *person_ids;
} RequestRow;

static void
request_row_clear (RequestRow *row)
{
  g_clear_pointer (&row->choices, g_free);
  g_clear_pointer (&row->snapshot, g_free);
  g_clear_pointer (&row->applied_at, g_free);
  g_clear_pointer (&row->person_ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RequestRow, request_row_clear)

static gboolean
load_request_row (CasMergeService  *self,
                  gint64            id,
                  RequestRow       *row,
                  GError          **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GdaDataModel) persons = NULL;
  g_autofree char *status = NULL;

  model = _cas_database_query (self->db, error,
                               "SELECT status, requested_by, choices, snapshot, applied_at "
                               "FROM merge_request WHERE id = ##id::gint64",
                               "id", id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_FOUND,
                   _("There is no merge request #%" PRId64), id);
      return FALSE;
    }

  row->id = id;
  status = _cas_model_dup_string (model, 0, 0);
  if (!cas_merge_status_from_string (status, &row->status))
    row->status = CAS_MERGE_PENDING;
  row->requested_by = _cas_model_get_int64 (model, 1, 0);
  row->choices = _cas_model_dup_string (model, 2, 0);
  row->snapshot = _cas_model_dup_string (model, 3, 0);
  row->applied_at = _cas_model_dup_string (model, 4, 0);

  persons = _cas_database_query (self->db, error,
                                 "SELECT person_id FROM merge_request_person "
                                 "WHERE request_id = ##id::gint64 ORDER BY person_id",
                                 "id", id, NULL);
  if (persons == NULL)
    return FALSE;
  row->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < gda_data_model_get_n_rows (persons); i++)
    {
      gint64 person = _cas_model_get_int64 (persons, 0, i);

      g_array_append_val (row->person_ids, person);
    }

  return TRUE;
}

/* The revisions of the records when the request was made */
static int
requested_revision (const RequestRow *row,
                    gint64            person_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *key = g_strdup_printf ("%" PRId64, person_id);
  JsonObject *root, *revisions;

  if (row->choices == NULL || !json_parser_load_from_data (parser, row->choices, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return 0;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "revisions"))
    return 0;
  revisions = json_object_get_object_member (root, "revisions");

  return revisions != NULL && json_object_has_member (revisions, key)
         ? (int) json_object_get_int_member (revisions, key) : 0;
}

static gboolean
deny_unless_operator (CasMergeService  *self,
                      const CasAccess  *access,
                      const char       *action,
                      gint64            request_id,
                      GError          **error)
{
  if (_cas_access_is_operator (access))
    return TRUE;

  return _cas_access_deny (self->db, access, action, "merge_request", request_id, error,
                           _("decide on merge request #%" PRId64 " (Certassur operators do)"),
                           request_id);
}

/* The reason given, two records or more, none named twice */
static gboolean
check_request_args (const gint64  *person_ids,
                    guint          n_persons,
                    const char    *reason,
                    char         **reason_text,
                    GError       **error)
{
  if (!cas_validate_text (CAS_FIELD_REASON, reason, TRUE, CAS_MAX_TEXT_LENGTH, reason_text,
                          error))
    return FALSE;

  if (n_persons < 2)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                   _("Name at least two records to merge"));
      return FALSE;
    }
  for (guint i = 0; i < n_persons; i++)
    for (guint j = i + 1; j < n_persons; j++)
      if (person_ids[i] == person_ids[j])
        {
          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_SAME_RECORD,
                       _("#%" PRId64 " is named twice: a record cannot be merged with itself"),
                       person_ids[i]);
          return FALSE;
        }

  return TRUE;
}

static void
set_held_error (GError **error,
                gint64   person_id,
                gint64   request_id)
{
  g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_HELD,
               _("#%" PRId64 " is already in pending merge request #%" PRId64 ": wait for its "
                 "decision, or ask an operator to reject it"),
               person_id, request_id);
}

/* Fails with CAS_MERGE_ERROR_HELD when a pending request holds one of
 * @person_ids, whoever made it. On PostgreSQL an administrator's role
 * reads only their own requests: a function of the schema answers
 * (0013-merge-across-postgresql.sql), and locks the persons until the end
 * of the transaction, so that a request made at the same time waits and
 * sees this one. */
static gboolean
check_not_held (CasMergeService  *self,
                const gint64     *person_ids,
                guint             n_persons,
                GError          **error)
{
  g_autofree char *ids = id_list (person_ids, n_persons);
  g_autofree char *sql = NULL;
  g_autoptr(GdaDataModel) held = NULL;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL)
    held = _cas_database_query (self->db, error,
                                "SELECT request_id, person_id "
                                "FROM cas_merge_pending_holder (##ids::string)",
                                "ids", ids, NULL);
  else
    {
      sql = g_strdup_printf ("SELECT mp.request_id, mp.person_id FROM merge_request_person mp "
                             "JOIN merge_request m ON m.id = mp.request_id "
                             "WHERE m.status = 'pending' AND mp.person_id IN (%s) "
                             "ORDER BY mp.request_id LIMIT 1", ids);
      held = _cas_database_query (self->db, error, sql, NULL);
    }
  if (held == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (held) > 0)
    {
      set_held_error (error, _cas_model_get_int64 (held, 1, 0), _cas_model_get_int64 (held, 0, 0));
      return FALSE;
    }

  return TRUE;
}

/* Inserts a pending request of the first @n_persons of @person_ids with
 * @reason (valid already), and its audit event with @details, in the
 * transaction of the caller. @revisions holds pairs of gint64 (person id,
 * revision): the records as the requester saw them, which approval
 * checks. @match: the duplicate check's proposal of a record the requester
 * may not see, kept for their list (or NULL). Returns the request's id, 0
 * on error. */
static gint64
insert_request (CasMergeService            *self,
                const CasAccess            *access,
                CasAccount                 *actor,
                const gint64               *person_ids,
                guint                       n_persons,
                GArray                     *revisions,
                const CasDuplicateProposal *match,
                const char                 *reason,
                const char                 *details,
                GError                    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autofree char *choices = NULL;
  gint64 request_id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_object (builder);
  for (guint i = 0; i + 1 < revisions->len; i += 2)
    {
      g_autofree char *key = g_strdup_printf ("%" PRId64, g_array_index (revisions, gint64, i));

      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, g_array_index (revisions, gint64, i + 1));
    }
  json_builder_end_object (builder);
  if (match != NULL)
    {
      json_builder_set_member_name (builder, "engine");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, match->score);
      json_builder_set_member_name (builder, "band");
      json_builder_add_string_value (builder, match->band == CAS_DUPLICATE_BAND_LIKELY
                                              ? "likely" : "possible");
      json_builder_set_member_name (builder, "reasons");
      json_builder_add_string_value (builder, match->reasons);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  choices = json_to_text (root);

  if (!_cas_database_exec (self->db, NULL, error,
                           "INSERT INTO merge_request (status, requested_by, requested_at, reason, "
                           "choices) VALUES ('pending', ##by::gint64::null, ##now::string, "
                           "##reason::string, ##choices::string)",
                           "by", access->account_id, "now", now, "reason", reason,
                           "choices", choices, NULL))
    return 0;
  request_id = _cas_database_last_insert_id (self->db, error);
  if (request_id <= 0)
    return 0;

  for (guint i = 0; i < n_persons; i++)
    if (!_cas_database_exec (self->db, NULL, error,
                             "INSERT INTO merge_request_person (request_id, person_id) "
                             "VALUES (##r::gint64, ##p::gint64)",
                             "r", request_id, "p", person_ids[i], NULL))
      return 0;

  if (!_cas_audit_record (self->db, actor, "merge.request", "merge_request", request_id, details,
                          error))
    return 0;

  return request_id;
}

gint64
cas_merge_service_request (CasMergeService  *self,
                           CasAccount       *actor,
                           const gint64     *person_ids,
                           guint             n_persons,
                           const char       *reason,
                           GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GArray) revisions = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *reason_text = NULL;
  g_autofree char *details = NULL;
  gint64 request_id;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), 0);
  g_return_val_if_fail (person_ids != NULL || n_persons == 0, 0);

  if (!_cas_access_init (&access, self->db, actor, error))
    return 0;

  if (!_cas_access_is_operator (&access) && access.centres->len == 0)
    return _cas_access_deny (self->db, &access, "merge.request", NULL, 0, error,
                             _("request a merge of persons (operators and the administrators "
                               "of an exam centre do)")),
           0;

  if (!check_request_args (person_ids, n_persons, reason, &reason_text, error))
    return 0;

  ids = id_list (person_ids, n_persons);

  if (!_cas_database_begin (self->db, error))
    return 0;

  sql = g_strdup_printf ("SELECT id, first_name, last_name, company_id, merged_into, revision "
                         "FROM person WHERE id IN (%s) ORDER BY id", ids);
  model = _cas_database_query (self->db, error, sql, NULL);
  if (model == NULL)
    goto failed;

  for (guint i = 0; i < n_persons; i++)
    {
      int row = -1;

      for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
        if (_cas_model_get_int64 (model, 0, r) == person_ids[i])
          row = r;
      if (row < 0)
        {
          g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND,
                       _("There is no person #%" PRId64), person_ids[i]);
          goto failed;
        }
      if (!_cas_access_is_operator (&access) &&
          !_cas_access_administers (&access, _cas_model_get_int64 (model, 3, row)))
        {
          _cas_access_deny (self->db, &access, "merge.request", "person", person_ids[i], error,
                            _("request a merge of #%" PRId64 ", a record of another exam "
                              "centre (ask a Certassur operator)"), person_ids[i]);
          goto failed;
        }
      if (!_cas_model_is_null (model, 4, row))
        {
          g_autofree char *first = _cas_model_dup_string (model, 1, row);
          g_autofree char *last = _cas_model_dup_string (model, 2, row);

          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE,
                       _("%s %s (#%" PRId64 ") was merged into #%" PRId64 " already: request "
                         "the merge with that record"),
                       first, last, person_ids[i], _cas_model_get_int64 (model, 4, row));
          goto failed;
        }
    }

  if (!check_not_held (self, person_ids, n_persons, error))
    goto failed;

  revisions = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
    {
      gint64 pair[2] = { _cas_model_get_int64 (model, 0, r), _cas_model_get_int64 (model, 5, r) };

      g_array_append_vals (revisions, pair, 2);
    }

  details = cas_json_object ("persons", ids, "reason", reason_text, NULL);
  request_id = insert_request (self, &access, actor, person_ids, n_persons, revisions, NULL,
                               reason_text, details, error);
  if (request_id <= 0)
    goto failed;

  if (!_cas_database_commit (self->db, error))
    return 0;

  return request_id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

/* A record another exam centre holds, as an administrator may know it */

typedef enum
{
  OTHER_CANDIDATE,
  OTHER_ADDED,
  OTHER_NOT_YOURS,
  OTHER_UNKNOWN,
  OTHER_MERGED,
  OTHER_NOT_CANDIDATE,
  OTHER_DISMISSED,
  OTHER_HELD,
} OtherState;

typedef struct
{
  OtherState  state;
  gint64      ref;          /* the record merged into, or the request holding it */
  gint64      held;         /* the record that request holds */
  gint64      revision;     /* on SQLite */
  char       *identity;     /* "Jan Peters (born 1980, Centre B)" */
} OtherRecord;

static void
other_record_clear (OtherRecord *other)
{
  g_clear_pointer (&other->identity, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OtherRecord, other_record_clear)

/* "Jan Peters (#40, born 1980, Centre B)": the minimal identity */
static char *
minimal_identity (gint64      id,
                  const char *first_name,
                  const char *last_name,
                  const char *birth_date,
                  const char *centre)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s (#%" PRId64, first_name ? first_name : "",
                          last_name ? last_name : "", id);
  if (birth_date != NULL && strlen (birth_date) >= 4)
    /* Translators: the year of birth of a record another centre holds */
    g_string_append_printf (text, _(", born %.4s"), birth_date);
  if (centre != NULL)
    g_string_append_printf (text, ", %s", centre);
  g_string_append_c (text, ')');

  return g_string_free (text, FALSE);
}

static OtherState
other_state_from_string (const char *text)
{
  static const struct { const char *key; OtherState state; } states[] = {
    { "candidate", OTHER_CANDIDATE }, { "added", OTHER_ADDED },
    { "not-yours", OTHER_NOT_YOURS }, { "unknown", OTHER_UNKNOWN },
    { "merged", OTHER_MERGED }, { "not-candidate", OTHER_NOT_CANDIDATE },
    { "dismissed", OTHER_DISMISSED }, { "held", OTHER_HELD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (text, states[i].key) == 0)
      return states[i].state;

  return OTHER_NOT_YOURS;
}

/* What a request of @own_id (a living record of the caller's centres) with
 * @other_id needs to know of @other_id. With @request_id, on PostgreSQL,
 * adds @other_id to that request (OTHER_ADDED), the server checking the
 * pair again (0013-merge-across-postgresql.sql). On SQLite the same checks
 * but the shared lookup key, which the duplicate check's score covers. */
static gboolean
read_other_record (CasMergeService  *self,
                   gint64            request_id,
                   gint64            own_id,
                   gint64            other_id,
                   OtherRecord      *other,
                   GError          **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *identity = NULL;
  gint64 dismissed = 0;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL)
    {
      g_autofree char *state = NULL;

      model = _cas_database_query (self->db, error,
                                   "SELECT state, ref, first_name, last_name, birth_year, centre, "
                                   "held "
                                   "FROM cas_merge_other_record (##r::gint64, ##own::gint64, "
                                   "##other::gint64)",
                                   "r", request_id, "own", own_id, "other", other_id, NULL);
      if (model == NULL)
        return FALSE;
      if (gda_data_model_get_n_rows (model) == 0)
        {
          other->state = OTHER_NOT_YOURS;
          return TRUE;
        }
      state = _cas_model_dup_string (model, 0, 0);
      other->state = other_state_from_string (state);
      other->ref = _cas_model_get_int64 (model, 1, 0);
      first = _cas_model_dup_string (model, 2, 0);
      last = _cas_model_dup_string (model, 3, 0);
      birth = _cas_model_dup_string (model, 4, 0);
      centre = _cas_model_dup_string (model, 5, 0);
      other->held = _cas_model_get_int64 (model, 6, 0);
      if (first != NULL || last != NULL)
        other->identity = minimal_identity (other_id, first, last, birth, centre);

      return TRUE;
    }

  model = _cas_database_query (self->db, error,
                               "SELECT p.first_name, p.last_name, p.birth_date, c.name, "
                               "p.merged_into, p.revision FROM person p "
                               "LEFT JOIN company c ON c.id = p.company_id "
                               "WHERE p.id = ##id::gint64",
                               "id", other_id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    {
      other->state = OTHER_UNKNOWN;
      return TRUE;
    }
  other->revision = _cas_model_get_int64 (model, 5, 0);

  if (!_cas_model_is_null (model, 4, 0))
    {
      other->state = OTHER_MERGED;
      other->ref = _cas_model_get_int64 (model, 4, 0);
      return TRUE;
    }

  if (!_cas_database_query_int64 (self->db, &dismissed, NULL, error,
                                  "SELECT COUNT(*) FROM duplicate_decision "
                                  "WHERE person_a = ##a::gint64 AND person_b = ##b::gint64",
                                  "a", MIN (own_id, other_id), "b", MAX (own_id, other_id), NULL))
    return FALSE;
  /* As on PostgreSQL, where the server knows the pair to be a candidate
   * (a shared key) before it tells the names: here the duplicate check
   * decides that, after this, and the errors before it name the number */
  first = _cas_model_dup_string (model, 0, 0);
  last = _cas_model_dup_string (model, 1, 0);
  birth = _cas_model_dup_string (model, 2, 0);
  centre = _cas_model_dup_string (model, 3, 0);
  identity = minimal_identity (other_id, first, last, birth, centre);

  if (dismissed > 0)
    {
      other->state = OTHER_DISMISSED;
      other->identity = g_steal_pointer (&identity);
      return TRUE;
    }

  {
    g_autoptr(GdaDataModel) held = NULL;

    held = _cas_database_query (self->db, error,
                                "SELECT mp.request_id, mp.person_id FROM merge_request_person mp "
                                "JOIN merge_request m ON m.id = mp.request_id "
                                "WHERE m.status = 'pending' AND mp.person_id IN (##own::gint64, "
                                "##other::gint64) "
                                "ORDER BY mp.request_id LIMIT 1",
                                "own", own_id, "other", other_id, NULL);
    if (held == NULL)
      return FALSE;
    if (gda_data_model_get_n_rows (held) > 0)
      {
        other->state = OTHER_HELD;
        other->ref = _cas_model_get_int64 (held, 0, 0);
        other->held = _cas_model_get_int64 (held, 1, 0);
        other->identity = g_steal_pointer (&identity);
        return TRUE;
      }
  }

  other->state = OTHER_CANDIDATE;
  other->identity = g_steal_pointer (&identity);

  return TRUE;
}

/* The error of @other's state */
static void
set_other_error (CasMergeService *self,
                 const CasAccess *access,
                 const OtherRecord *other,
                 const CasPerson *own,
                 gint64           other_id,
                 GError         **error)
{
  switch (other->state)
    {
    case OTHER_NOT_YOURS:
      _cas_access_deny (self->db, access, "merge.request", "person", own->id, error,
                        _("request a merge of #%" PRId64 ", which is not a living record of your "
                          "exam centre"), own->id);
      break;
    case OTHER_UNKNOWN:
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND,
                   _("There is no person #%" PRId64), other_id);
      break;
    case OTHER_MERGED:
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE,
                   _("#%" PRId64 " was merged into #%" PRId64 " already: request the merge with "
                     "that record"), other_id, other->ref);
      break;
    case OTHER_NOT_CANDIDATE:
      if (other->identity != NULL)
        g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_DUPLICATE,
                     _("%s is not a likely or possible duplicate of %s %s (#%" PRId64 ") for "
                       "the duplicate check: ask a Certassur operator to look at the two "
                       "records"), other->identity, own->first_name, own->last_name, own->id);
      else
        g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_DUPLICATE,
                     _("#%" PRId64 " is not a likely or possible duplicate of %s %s (#%" PRId64
                       ") for the duplicate check: ask a Certassur operator to look at the two "
                       "records"), other_id, own->first_name, own->last_name, own->id);
      break;
    case OTHER_DISMISSED:
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_DUPLICATE,
                   _("%s and %s %s (#%" PRId64 ") are recorded as not the same person"),
                   other->identity, own->first_name, own->last_name, own->id);
      break;
    case OTHER_HELD:
      set_held_error (error, other->held, other->ref);
      break;
    case OTHER_CANDIDATE:
    case OTHER_ADDED:
    default:
      g_assert_not_reached ();
    }
}

/* Whether the duplicate check of @own finds @other_id "possible" or better */
static CasDuplicateProposal *
find_duplicate (CasMergeService  *self,
                CasAccount       *actor,
                const CasPerson  *own,
                gint64            other_id,
                GError          **error)
{
  g_autoptr(CasDuplicateService) duplicates = cas_duplicate_service_new (self->db);
  g_autoptr(GPtrArray) matches = NULL;
  const CasDuplicateQuery query = {
    .id = own->id, .first_name = own->first_name, .last_name = own->last_name,
    .birth_date = own->birth_date, .sex = own->sex, .nrn = own->nrn, .email = own->email,
    .phone = own->phone, .street = own->street, .postcode = own->postcode, .city = own->city,
  };

  matches = cas_duplicate_service_check (duplicates, actor, &query, G_MAXUINT, error);
  if (matches == NULL)
    return NULL;

  for (guint i = 0; i < matches->len; i++)
    {
      CasDuplicateProposal *proposal = g_ptr_array_index (matches, i);

      if (proposal->a->id == other_id)
        return g_ptr_array_steal_index (matches, i);
    }

  return NULL;
}

gint64
cas_merge_service_request_duplicate (CasMergeService  *self,
                                     CasAccount       *actor,
                                     gint64            person_id,
                                     gint64            other_id,
                                     const char       *reason,
                                     GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_auto(OtherRecord) other = { 0, };
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasPerson) own = NULL;
  g_autoptr(CasDuplicateProposal) match = NULL;
  g_autoptr(GArray) revisions = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *reason_text = NULL;
  g_autofree char *persons_text = NULL;
  g_autofree char *details = NULL;
  g_autofree char *sql = NULL;
  gint64 ids[2] = { person_id, other_id };
  gboolean mine[2] = { FALSE, FALSE };
  char score[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 request_id;
  gboolean postgresql;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), 0);

  if (!_cas_access_init (&access, self->db, actor, error))
    return 0;

  /* Operators see every record; a controller is refused there */
  if (_cas_access_is_operator (&access) || access.centres->len == 0)
    return cas_merge_service_request (self, actor, ids, 2, reason, error);

  if (!check_request_args (ids, 2, reason, &reason_text, error))
    return 0;

  /* Which of the two the administrator holds: their role reads no other
   * on PostgreSQL */
  sql = g_strdup_printf ("SELECT id, company_id FROM person WHERE id IN (%" PRId64 ",%" PRId64 ")",
                         person_id, other_id);
  model = _cas_database_query (self->db, error, sql, NULL);
  if (model == NULL)
    return 0;
  for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
    if (_cas_access_administers (&access, _cas_model_get_int64 (model, 1, r)))
      mine[_cas_model_get_int64 (model, 0, r) == person_id ? 0 : 1] = TRUE;

  if (mine[0] && mine[1])
    return cas_merge_service_request (self, actor, ids, 2, reason, error);
  if (!mine[0] && mine[1])
    {
      ids[0] = other_id;
      ids[1] = person_id;
    }
  else if (!mine[0])
    {
      _cas_access_deny (self->db, &access, "merge.request", "person", person_id, error,
                        _("request a merge of #%" PRId64 " and #%" PRId64 ": neither is a "
                          "record of your exam centre (ask a Certassur operator)"),
                        person_id, other_id);
      return 0;
    }

  persons = cas_person_service_new (self->db);
  own = cas_person_service_get (persons, actor, ids[0], error);
  if (own == NULL)
    return 0;
  if (own->merged_into != 0)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE,
                   _("%s %s (#%" PRId64 ") was merged into #%" PRId64 " already: request the "
                     "merge with that record"),
                   own->first_name, own->last_name, own->id, own->merged_into);
      return 0;
    }

  if (!read_other_record (self, 0, own->id, ids[1], &other, error))
    return 0;
  if (other.state != OTHER_CANDIDATE)
    {
      set_other_error (self, &access, &other, own, ids[1], error);
      return 0;
    }

  match = find_duplicate (self, actor, own, ids[1], &local_error);
  if (match == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return 0;
        }
      /* By its number: the names are for the candidates the check shows */
      other.state = OTHER_NOT_CANDIDATE;
      g_clear_pointer (&other.identity, g_free);
      set_other_error (self, &access, &other, own, ids[1], error);
      return 0;
    }
  g_ascii_formatd (score, sizeof score, "%.2f", match->score);
  persons_text = id_list (ids, 2);
  details = cas_json_object ("persons", persons_text, "reason", reason_text,
                             "other", other.identity, "score", score, "band",
                             match->band == CAS_DUPLICATE_BAND_LIKELY ? "likely" : "possible",
                             "reasons", match->reasons, NULL);

  postgresql = cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL;
  if (!_cas_database_begin (self->db, error))
    return 0;

  /* Checked again in the transaction: on PostgreSQL by the function that
   * adds the other record, under its lock */
  other_record_clear (&other);
  other = (OtherRecord) { 0, };
  if (!postgresql && !read_other_record (self, 0, own->id, ids[1], &other, error))
    goto failed;
  if (!postgresql && other.state != OTHER_CANDIDATE)
    {
      set_other_error (self, &access, &other, own, ids[1], error);
      goto failed;
    }

  revisions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (revisions, own->id);
  {
    gint64 revision = own->revision;

    g_array_append_val (revisions, revision);
  }
  if (!postgresql)
    g_array_append_vals (revisions, (gint64[]) { ids[1], other.revision }, 2);

  request_id = insert_request (self, &access, actor, ids, postgresql ? 1 : 2, revisions, match,
                               reason_text, details, error);
  if (request_id <= 0)
    goto failed;

  if (postgresql)
    {
      if (!read_other_record (self, request_id, own->id, ids[1], &other, error))
        goto failed;
      if (other.state != OTHER_ADDED)
        {
          set_other_error (self, &access, &other, own, ids[1], error);
          goto failed;
        }
    }

  if (!_cas_database_commit (self->db, error))
    return 0;

  return request_id;

failed:
  _cas_database_rollback (self->db);
  return 0;
}

/* Listing */

/* The engine's score of the weakest pair of the first record with another */
static void
score_request (CasMergeRequest *request,
               GPtrArray       *persons,
               gint64           register_size)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  double weakest = G_MAXDOUBLE;

  for (guint i = 0; i < persons->len; i++)
    {
      CasPerson *p = g_ptr_array_index (persons, i);
      const CasDuplicateFields fields = {
        .id = p->id, .company_id = p->company_id, .external_ref = p->external_ref,
        .first_name = p->first_name, .last_name = p->last_name, .birth_date = p->birth_date,
        .sex = p->sex, .nrn = p->nrn, .email = p->email, .email_secondary = p->email_secondary,
        .phone = p->phone, .street = p->street, .postcode = p->postcode, .city = p->city,
      };

      cas_duplicate_index_add (index, &fields);
    }
  cas_duplicate_index_set_register_size (index, (guint64) MAX (register_size, 2));

  for (guint i = 1; i < persons->len; i++)
    {
      CasDuplicateComparison comparison;
      double score = cas_duplicate_index_score (index, 0, i, &comparison);

      if (score < weakest)
        {
          weakest = score;
          request->score = score;
          request->band = cas_duplicate_band_for_score (score);
          if (request->band == CAS_DUPLICATE_BAND_LIKELY &&
              !_cas_duplicate_enough_for_likely (&comparison))
            request->band = CAS_DUPLICATE_BAND_POSSIBLE;
          g_free (request->reasons);
          request->reasons = cas_duplicate_comparison_explain (&comparison);
        }
    }
}

/* The minimal identity of @person_id, named in @request_id, for an actor
 * who may not see it (another centre's record in an administrator's
 * request): NULL in @identity when there is none to tell */
static gboolean
request_identity (CasMergeService  *self,
                  gint64            request_id,
                  gint64            person_id,
                  char            **identity,
                  GError          **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  const char *sql;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_POSTGRESQL)
    sql = "SELECT first_name, last_name, birth_year, centre "
          "FROM cas_merge_request_identities (##r::gint64) WHERE person_id = ##id::gint64";
  else
    sql = "SELECT p.first_name, p.last_name, p.birth_date, c.name FROM merge_request_person mp "
          "JOIN person p ON p.id = mp.person_id LEFT JOIN company c ON c.id = p.company_id "
          "WHERE mp.request_id = ##r::gint64 AND mp.person_id = ##id::gint64";
  model = _cas_database_query (self->db, error, sql, "r", request_id, "id", person_id, NULL);
  if (model == NULL)
    return FALSE;

  *identity = NULL;
  if (gda_data_model_get_n_rows (model) > 0)
    {
      g_autofree char *first = _cas_model_dup_string (model, 0, 0);
      g_autofree char *last = _cas_model_dup_string (model, 1, 0);
      g_autofree char *birth = _cas_model_dup_string (model, 2, 0);
      g_autofree char *centre = _cas_model_dup_string (model, 3, 0);

      *identity = minimal_identity (person_id, first, last, birth, centre);
    }

  return TRUE;
}

/* The duplicate check's score kept in a request's choices ("engine") */
static void
stored_score (CasMergeRequest *request,
              const char      *choices)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *engine;

  if (choices == NULL || !json_parser_load_from_data (parser, choices, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "engine") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "engine")))
    return;
  engine = json_object_get_object_member (root, "engine");

  request->score = json_object_get_double_member_with_default (engine, "score", 0);
  request->band = g_strcmp0 (json_object_get_string_member_with_default (engine, "band", ""),
                             "likely") == 0
                  ? CAS_DUPLICATE_BAND_LIKELY : CAS_DUPLICATE_BAND_POSSIBLE;
  request->reasons = g_strdup (json_object_get_string_member_with_default (engine, "reasons",
                                                                           ""));
}

static GPtrArray *
list_requests (CasMergeService       *self,
               CasAccount            *actor,
               const CasAccess       *access,
               gint64                 request_id,
               const CasMergeStatus  *status,
               GError               **error)
{
  g_autoptr(CasPersonService) person_service = cas_person_service_new (self->db);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  gint64 register_size = 0;

  model = _cas_database_query (self->db, error,
                               "SELECT m.id, m.status, m.requested_by, a.login, m.requested_at, "
                               "m.reason, m.survivor_id, d.login, m.decided_at, "
                               "m.decision_reason, m.applied_at, m.undone_at, m.choices "
                               "FROM merge_request m "
                               "LEFT JOIN account a ON a.id = m.requested_by "
                               "LEFT JOIN account d ON d.id = m.decided_by "
                               "WHERE (##all::gint = 1 OR m.requested_by = ##me::gint64) "
                               "AND (##one::gint64 = 0 OR m.id = ##one::gint64) "
                               "AND (##any::gint = 1 OR m.status = ##status::string) "
                               "ORDER BY m.requested_at DESC, m.id DESC",
                               "all", _cas_access_is_operator (access) ? 1 : 0,
                               "me", access->account_id,
                               "one", request_id,
                               "any", status == NULL ? 1 : 0,
                               "status", status ? cas_merge_status_to_string (*status) : "",
                               NULL);
  if (model == NULL)
    return NULL;

  if (!_cas_database_query_int64 (self->db, &register_size, NULL, error,
                                  "SELECT MAX(id) FROM person", NULL))
    return NULL;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_merge_request_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasMergeRequest *request = g_new0 (CasMergeRequest, 1);
      g_autoptr(GPtrArray) persons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) cas_person_free);
      g_autoptr(GdaDataModel) members = NULL;
      g_autofree char *status_text = _cas_model_dup_string (model, 1, row);
      GString *names = g_string_new (NULL);

      g_ptr_array_add (requests, request);
      request->id = _cas_model_get_int64 (model, 0, row);
      if (!cas_merge_status_from_string (status_text, &request->status))
        request->status = CAS_MERGE_PENDING;
      request->requested_by_id = _cas_model_get_int64 (model, 2, row);
      request->requested_by = _cas_model_dup_string (model, 3, row);
      request->requested_at = _cas_model_dup_string (model, 4, row);
      request->reason = _cas_model_dup_string (model, 5, row);
      request->survivor_id = _cas_model_get_int64 (model, 6, row);
      request->decided_by = _cas_model_dup_string (model, 7, row);
      request->decided_at = _cas_model_dup_string (model, 8, row);
      request->decision_reason = _cas_model_dup_string (model, 9, row);
      request->applied_at = _cas_model_dup_string (model, 10, row);
      request->undone_at = _cas_model_dup_string (model, 11, row);
      request->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* On PostgreSQL the join leaves out the persons the actor may not read */
      members = _cas_database_query (self->db, error,
                                     "SELECT mp.person_id, p.company_id, p.id "
                                     "FROM merge_request_person mp "
                                     "LEFT JOIN person p ON p.id = mp.person_id "
                                     "WHERE mp.request_id = ##id::gint64 ORDER BY mp.person_id",
                                     "id", request->id, NULL);
      if (members == NULL)
        {
          g_string_free (names, TRUE);
          return NULL;
        }
      for (int m = 0; m < gda_data_model_get_n_rows (members); m++)
        {
          gint64 person_id = _cas_model_get_int64 (members, 0, m);
          CasPerson *person = NULL;
          gboolean visible = !_cas_model_is_null (members, 2, m) &&
                             (_cas_access_is_operator (access) ||
                              _cas_access_administers (access,
                                                       _cas_model_get_int64 (members, 1, m)));

          g_array_append_val (request->person_ids, person_id);
          if (visible)
            person = cas_person_service_get (person_service, actor, person_id, NULL);
          if (!visible)
            {
              g_autofree char *identity = NULL;

              if (!request_identity (self, request->id, person_id, &identity, error))
                {
                  g_string_free (names, TRUE);
                  return NULL;
                }
              g_string_append_printf (names, "%s%s", m > 0 ? ", " : "",
                                      identity ? identity : "");
              if (identity == NULL)
                g_string_append_printf (names, "#%" PRId64, person_id);
            }
          else if (person != NULL)
            {
              g_string_append_printf (names, "%s%s %s (#%" PRId64 ")", m > 0 ? ", " : "",
                                      person->first_name, person->last_name, person_id);
              g_ptr_array_add (persons, person);
            }
          else
            g_string_append_printf (names, "%s#%" PRId64, m > 0 ? ", " : "", person_id);
        }
      request->names = g_string_free (names, FALSE);
      /* A record the actor may not see: the score the check gave it */
      if (persons->len < request->person_ids->len)
        {
          g_autofree char *choices = _cas_model_dup_string (model, 12, row);

          stored_score (request, choices);
        }
      if (request->reasons == NULL && persons->len >= 2)
        score_request (request, persons, register_size);
    }

  /* Pending first, then latest first */
  for (guint i = 0, next = 0; i < requests->len; i++)
    {
      CasMergeRequest *request = g_ptr_array_index (requests, i);

      if (request->status == CAS_MERGE_PENDING)
        {
          g_ptr_array_steal_index (requests, i);
          g_ptr_array_insert (requests, next++, request);
        }
    }

  return g_steal_pointer (&requests);
}

GPtrArray *
cas_merge_service_list (CasMergeService       *self,
                        CasAccount            *actor,
                        const CasMergeStatus  *status,
                        GError               **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;
  if (!_cas_access_is_operator (&access) && access.centres->len == 0)
    return _cas_access_deny (self->db, &access, "merge.list", NULL, 0, error,
                             _("see merge requests (operators, and the administrators who made "
                               "them, do)")),
           NULL;

  locker = _cas_database_lock (self->db);

  return list_requests (self, actor, &access, 0, status, error);
}

CasMergeRequest *
cas_merge_service_get (CasMergeService  *self,
                       CasAccount       *actor,
                       gint64            request_id,
                       GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  locker = _cas_database_lock (self->db);
  requests = list_requests (self, actor, &access, request_id, NULL, error);
  if (requests == NULL)
    return NULL;
  if (requests->len == 0)
    {
      gint64 exists = 0;

      if (!_cas_database_query_int64 (self->db, &exists, NULL, error,
                                      "SELECT COUNT(*) FROM merge_request WHERE id = ##id::gint64",
                                      "id", request_id, NULL))
        return NULL;
      if (exists > 0)
        return _cas_access_deny (self->db, &access, "merge.read", "merge_request", request_id,
                                 error, _("see merge request #%" PRId64 ", which another "
                                          "account made"), request_id),
               NULL;
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_NOT_FOUND,
                   _("There is no merge request #%" PRId64), request_id);
      return NULL;
    }

  return g_ptr_array_steal_index (requests, 0);
}

/* What the records hold */

typedef struct
{
  gint64  id;
  gint64  person_id;
  gint64  session_id;
  char   *status;
  char   *text;
} Holding;

static void
holding_free (Holding *holding)
{
  g_free (holding->status);
  g_free (holding->text);
  g_free (holding);
}

typedef struct
{
  GArray    *ids;            /* gint64, by id */
  char      *id_text;
  GPtrArray *records;        /* CasMergeRecord */
  GPtrArray *registrations;  /* Holding: session_id; text "INS-1 2026-03-04T09:00 Liège" */
  GPtrArray *attestations;   /* Holding: id, session_id = exam id, status; text the number */
  GPtrArray *staff;          /* Holding: session_id, status = role */
  GPtrArray *accounts;       /* Holding: status "0"/"1" disabled; text the login */
  GPtrArray *requests;       /* Holding: id = request */
} Holdings;

static void
holdings_free (Holdings *h)
{
  g_array_unref (h->ids);
  g_free (h->id_text);
  g_ptr_array_unref (h->records);
  g_clear_pointer (&h->registrations, g_ptr_array_unref);
  g_clear_pointer (&h->attestations, g_ptr_array_unref);
  g_clear_pointer (&h->staff, g_ptr_array_unref);
  g_clear_pointer (&h->accounts, g_ptr_array_unref);
  g_clear_pointer (&h->requests, g_ptr_array_unref);
  g_free (h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Holdings, holdings_free)

static GPtrArray *
query_holdings (CasDatabase  *db,
                const char   *sql,
                const char   *ids,
                gint64        request_id,
                GError      **error)
{
  g_autoptr(GString) text = g_string_new (sql);
  g_autoptr(GdaDataModel) model = NULL;
  GPtrArray *rows;

  /* "IN (%s)" takes the ids */
  g_string_replace (text, "%s", ids, 1);
  model = _cas_database_query (db, error, text->str, "request", request_id, NULL);
  if (model == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) holding_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      Holding *h = g_new0 (Holding, 1);

      h->id = _cas_model_get_int64 (model, 0, row);
      h->person_id = _cas_model_get_int64 (model, 1, row);
      h->session_id = _cas_model_get_int64 (model, 2, row);
      h->status = _cas_model_dup_string (model, 3, row);
      h->text = _cas_model_dup_string (model, 4, row);
      g_ptr_array_add (rows, h);
    }

  return rows;
}

static guint
count_for (GPtrArray *rows,
           gint64     person_id)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += ((Holding *) g_ptr_array_index (rows, i))->person_id == person_id;

  return n;
}

static Holdings *
load_holdings (CasMergeService  *self,
               CasAccount       *actor,
               const RequestRow *request,
               GError          **error)
{
  g_autoptr(CasPersonService) person_service = cas_person_service_new (self->db);
  g_autoptr(Holdings) h = g_new0 (Holdings, 1);

  h->ids = g_array_ref (request->person_ids);
  h->id_text = id_list ((gint64 *) (void *) request->person_ids->data, request->person_ids->len);
  h->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);

  {
    /* Each query gives id, person, session (or exam), status and a text */
    const struct { GPtrArray **rows; const char *sql; } queries[] = {
      { &h->registrations,
        "SELECT r.id, r.person_id, r.session_id, r.status, "
        "e.code || ' ' || s.starts_at || ' ' || s.location "
        "FROM registration r JOIN exam_session s ON s.id = r.session_id "
        "JOIN exam e ON e.id = s.exam_id "
        "WHERE r.person_id IN (%s) AND ##request::gint64 > 0 ORDER BY r.id" },
      { &h->attestations,
        "SELECT a.id, a.person_id, s.exam_id, a.status, "
        "a.number || ' v' || a.version || ' ' || e.code "
        "FROM attestation a JOIN registration r ON r.id = a.registration_id "
        "JOIN exam_session s ON s.id = r.session_id JOIN exam e ON e.id = s.exam_id "
        "WHERE a.person_id IN (%s) AND ##request::gint64 > 0 ORDER BY a.id" },
      { &h->staff,
        "SELECT t.session_id, t.person_id, t.session_id, t.role, "
        "e.code || ' ' || s.starts_at || ' ' || s.location "
        "FROM session_staff t JOIN exam_session s ON s.id = t.session_id "
        "JOIN exam e ON e.id = s.exam_id "
        "WHERE t.person_id IN (%s) AND ##request::gint64 > 0 "
        "ORDER BY t.session_id, t.person_id, t.role" },
      { &h->accounts,
        "SELECT id, person_id, 0, CAST(disabled AS TEXT), login FROM account "
        "WHERE person_id IN (%s) AND ##request::gint64 > 0 ORDER BY id" },
      { &h->requests,
        "SELECT mp.request_id, mp.person_id, 0, m.status, m.reason "
        "FROM merge_request_person mp JOIN merge_request m ON m.id = mp.request_id "
        "WHERE mp.person_id IN (%s) AND m.status = 'pending' "
        "AND mp.request_id <> ##request::gint64 ORDER BY mp.request_id" },
    };

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        *queries[q].rows = query_holdings (self->db, queries[q].sql, h->id_text, request->id,
                                           error);
        if (*queries[q].rows == NULL)
          return NULL;
      }
  }

  for (guint i = 0; i < h->ids->len; i++)
    {
      gint64 id = g_array_index (h->ids, gint64, i);
      CasMergeRecord *record = g_new0 (CasMergeRecord, 1);
      gint64 n_audit = 0;

      record->person = cas_person_service_get (person_service, actor, id, error);
      if (record->person == NULL)
        {
          g_free (record);
          return NULL;
        }
      g_ptr_array_add (h->records, record);
      record->requested_revision = requested_revision (request, id);
      record->n_registrations = count_for (h->registrations, id);
      record->n_attestations = count_for (h->attestations, id);
      record->n_staffed = count_for (h->staff, id);
      record->n_accounts = count_for (h->accounts, id);
      if (!_cas_database_query_int64 (self->db, &n_audit, NULL, error,
                                      "SELECT COUNT(*) FROM audit_event "
                                      "WHERE record_type = 'person' AND record_id = ##id::gint64",
                                      "id", id, NULL))
        return NULL;
      record->n_audit_events = (guint) n_audit;
    }

  return g_steal_pointer (&h);
}

/* Fields */

typedef struct
{
  const char *key;
  int         field;   /* CasField, or -1 */
} MergeField;

static const MergeField merge_fields[] = {
  { "first_name", CAS_FIELD_FIRST_NAME },
  { "last_name", CAS_FIELD_LAST_NAME },
  { "birth_date", CAS_FIELD_BIRTH_DATE },
  { "sex", CAS_FIELD_SEX },
  { "nrn", CAS_FIELD_NRN },
  { "email", CAS_FIELD_EMAIL },
  { "email_secondary", -1 },
  { "phone", CAS_FIELD_PHONE },
  { "language", CAS_FIELD_LANGUAGE },
  { "street", CAS_FIELD_STREET },
  { "postcode", CAS_FIELD_POSTCODE },
  { "city", CAS_FIELD_CITY },
  { "company_id", -1 },
  { "external_ref", CAS_FIELD_EXTERNAL_REF },
};

static gboolean
is_merge_field (const char *key)
{
  for (guint f = 0; f < G_N_ELEMENTS (merge_fields); f++)
    if (g_str_equal (merge_fields[f].key, key))
      return TRUE;

  return FALSE;
}

static const char *
merge_field_label (const MergeField *field)
{
  if (field->field >= 0)
    return cas_field_get_label ((CasField) field->field);
  if (g_str_equal (field->key, "email_secondary"))
    return _("Second e-mail");

  return _("Exam centre");
}

/* The text slot of @person for @key; NULL for the centre */
static char **
person_slot (CasPerson  *person,
             const char *key)
{
  static const struct { const char *key; gsize offset; } slots[] = {
    { "first_name", G_STRUCT_OFFSET (CasPerson, first_name) },
    { "last_name", G_STRUCT_OFFSET (CasPerson, last_name) },
    { "birth_date", G_STRUCT_OFFSET (CasPerson, birth_date) },
    { "sex", G_STRUCT_OFFSET (CasPerson, sex) },
    { "nrn", G_STRUCT_OFFSET (CasPerson, nrn) },
    { "email", G_STRUCT_OFFSET (CasPerson, email) },
    { "email_secondary", G_STRUCT_OFFSET (CasPerson, email_secondary) },
    { "phone", G_STRUCT_OFFSET (CasPerson, phone) },
    { "language", G_STRUCT_OFFSET (CasPerson, language) },
    { "street", G_STRUCT_OFFSET (CasPerson, street) },
    { "postcode", G_STRUCT_OFFSET (CasPerson, postcode) },
    { "city", G_STRUCT_OFFSET (CasPerson, city) },
    { "external_ref", G_STRUCT_OFFSET (CasPerson, external_ref) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (g_str_equal (slots[i].key, key))
      return G_STRUCT_MEMBER_P (person, slots[i].offset);

  return NULL;
}

static const char *
shown_value (CasPerson  *person,
             const char *key)
{
  char **slot = person_slot (person, key);

  if (slot != NULL)
    return *slot != NULL && **slot != '\0' ? *slot : NULL;

  return person->company_name;
}

static CasPerson *
record_person (GPtrArray *records,
               gint64     id)
{
  for (guint i = 0; i < records->len; i++)
    {
      CasMergeRecord *record = g_ptr_array_index (records, i);

      if (record->person->id == id)
        return record->person;
    }

  return NULL;
}

/* The second e-mail by default: the survivor's, else the first other
 * e-mail of the records (the survivor's own first) that is not @email */
static char *
default_second_email (GPtrArray       *records,
                      const CasPerson *survivor,
                      const char      *email)
{
  if (survivor->email_secondary != NULL && g_strcmp0 (survivor->email_secondary, email) != 0)
    return g_strdup (survivor->email_secondary);
  if (survivor->email != NULL && g_strcmp0 (survivor->email, email) != 0)
    return g_strdup (survivor->email);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < records->len; i++)
      {
        CasPerson *p = ((CasMergeRecord *) g_ptr_array_index (records, i))->person;
        const char *candidate = pass == 0 ? p->email : p->email_secondary;

        if (p != survivor && candidate != NULL && g_strcmp0 (candidate, email) != 0)
          return g_strdup (candidate);
      }

  return NULL;
}

char *
cas_merge_preview_second_email (const CasMergePreview *preview,
                                gint64                 survivor_id,
                                const char            *email)
{
  const CasPerson *survivor;

  g_return_val_if_fail (preview != NULL, NULL);

  survivor = record_person (preview->records, survivor_id > 0 ? survivor_id
                                                               : preview->survivor_id);
  if (survivor == NULL)
    return NULL;

  return default_second_email (preview->records, survivor, email);
}

static GPtrArray *
compare_fields (GPtrArray       *records,
                const CasPerson *survivor)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  const char *email = NULL;

  for (guint f = 0; f < G_N_ELEMENTS (merge_fields); f++)
    {
      CasMergeField *field = g_new0 (CasMergeField, 1);
      CasPerson *first = ((CasMergeRecord *) g_ptr_array_index (records, 0))->person;

      field->key = merge_fields[f].key;
      field->label = merge_field_label (&merge_fields[f]);
      field->values = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < records->len; i++)
        {
          CasPerson *p = ((CasMergeRecord *) g_ptr_array_index (records, i))->person;

          g_ptr_array_add (field->values, g_strdup (shown_value (p, field->key)));
          if (g_str_equal (field->key, "company_id") ? p->company_id != first->company_id
                                                    : g_strcmp0 (shown_value (p, field->key),
                                                                 shown_value (first, field->key)))
            field->differs = TRUE;
        }

      if (g_str_equal (field->key, "email_secondary"))
        field->proposed_value = default_second_email (records, survivor, email);
      else
        {
          /* The survivor's value, else the first record that has one */
          field->proposed = survivor->id;
          for (guint i = 0; shown_value ((CasPerson *) survivor, field->key) == NULL &&
                            i < records->len; i++)
            {
              CasPerson *p = ((CasMergeRecord *) g_ptr_array_index (records, i))->person;

              if (shown_value (p, field->key) != NULL)
                {
                  field->proposed = p->id;
                  break;
                }
            }
          field->proposed_value =
            g_strdup (shown_value (record_person (records, field->proposed), field->key));
        }
      if (g_str_equal (field->key, "email"))
        email = field->proposed_value;
      g_ptr_array_add (fields, field);
    }

  return fields;
}

/* Preview */

static int
status_rank (const char *status)
{
  static const char * const ranks[] = {
    "cancelled", "registered", "absent", "present", "failed", "passed",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranks); i++)
    if (g_strcmp0 (status, ranks[i]) == 0)
      return (int) i;

  return 0;
}

static gint64
default_survivor (GPtrArray *records)
{
  gint64 best = 0;
  guint best_history = 0;

  for (guint i = 0; i < records->len; i++)
    {
      CasMergeRecord *r = g_ptr_array_index (records, i);
      guint history = r->n_registrations + r->n_attestations + r->n_staffed +
                      r->n_audit_events + r->n_accounts;

      if (best == 0 || history > best_history)
        {
          best = r->person->id;
          best_history = history;
        }
    }

  return best;
}

static void
add_move (CasMergePreview  *preview,
          CasMergeMoveKind  kind,
          gint64            id,
          gint64            from,
          char             *description)
{
  CasMergeMove *move = g_new0 (CasMergeMove, 1);

  move->kind = kind;
  move->id = id;
  move->from_person = from;
  move->description = description;
  g_ptr_array_add (preview->moves, move);
}

static Holding *
find_holding (GPtrArray *rows,
              gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    if (((Holding *) g_ptr_array_index (rows, i))->id == id)
      return g_ptr_array_index (rows, i);

  return NULL;
}

/* The registration of @person in @session, or NULL */
static Holding *
registration_in (GPtrArray *registrations,
                 gint64     person,
                 gint64     session)
{
  for (guint i = 0; i < registrations->len; i++)
    {
      Holding *r = g_ptr_array_index (registrations, i);

      if (r->person_id == person && r->session_id == session)
        return r;
    }

  return NULL;
}

/* The conflicts: registrations of two records in one session (keep the one
 * furthest on: passed, failed, present, ...; the survivor's on a tie) and
 * valid attestations of two records for one exam (both stay valid) */
static void
find_conflicts (CasMergePreview *preview,
                Holdings        *h)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < h->registrations->len; i++)
    {
      Holding *r = g_ptr_array_index (h->registrations, i);
      Holding *keep = NULL;
      CasMergeConflict *conflict;
      GString *who;
      guint n = 0;

      if (g_hash_table_contains (seen, &r->session_id))
        continue;
      g_hash_table_add (seen, &r->session_id);

      who = g_string_new (NULL);
      for (guint j = 0; j < h->registrations->len; j++)
        {
          Holding *other = g_ptr_array_index (h->registrations, j);

          if (other->session_id != r->session_id)
            continue;
          n++;
          g_string_append_printf (who, "%s#%" PRId64 " (%s)", who->len > 0 ? ", " : "",
                                  other->person_id, other->status);
          if (keep == NULL || status_rank (other->status) > status_rank (keep->status) ||
              (status_rank (other->status) == status_rank (keep->status) &&
               other->person_id == preview->survivor_id))
            keep = other;
        }
      if (n < 2)
        {
          g_string_free (who, TRUE);
          continue;
        }

      conflict = g_new0 (CasMergeConflict, 1);
      conflict->kind = CAS_MERGE_CONFLICT_SAME_SESSION;
      conflict->key = g_strdup_printf ("session:%" PRId64, r->session_id);
      conflict->description = g_strdup_printf (_("Registered twice in session %s: %s"),
                                               r->text, who->str);
      conflict->resolution = g_strdup_printf ("keep:%" PRId64, keep->id);
      conflict->resolution_label =
        g_strdup_printf (_("Keep registration #%" PRId64 " of #%" PRId64 " (%s) for the "
                           "survivor; the other stays with the merged record"),
                         keep->id, keep->person_id, keep->status);
      g_ptr_array_add (preview->conflicts, conflict);
      g_string_free (who, TRUE);
    }

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < h->attestations->len; i++)
    {
      Holding *a = g_ptr_array_index (h->attestations, i);
      CasMergeConflict *conflict;
      GString *which;
      gboolean two_persons = FALSE;

      if (g_strcmp0 (a->status, "valid") != 0 || g_hash_table_contains (seen, &a->session_id))
        continue;
      g_hash_table_add (seen, &a->session_id);

      which = g_string_new (a->text);
      for (guint j = i + 1; j < h->attestations->len; j++)
        {
          Holding *other = g_ptr_array_index (h->attestations, j);

          if (other->session_id == a->session_id && g_strcmp0 (other->status, "valid") == 0 &&
              other->person_id != a->person_id)
            {
              two_persons = TRUE;
              g_string_append_printf (which, ", %s", other->text);
            }
        }
      if (!two_persons)
        {
          g_string_free (which, TRUE);
          continue;
        }

      conflict = g_new0 (CasMergeConflict, 1);
      conflict->kind = CAS_MERGE_CONFLICT_SAME_EXAM;
      conflict->key = g_strdup_printf ("exam:%" PRId64, a->session_id);
      conflict->description = g_strdup_printf (_("Two valid attestations for one exam: %s"),
                                               which->str);
      conflict->resolution = g_strdup ("keep-both");
      conflict->resolution_label = g_strdup (_("Keep both: they stay valid with their numbers"));
      g_ptr_array_add (preview->conflicts, conflict);
      g_string_free (which, TRUE);
    }
}

/* The registration kept for the survivor in the session of @conflict */
static gint64
kept_registration (const char *resolution)
{
  gint64 id = 0;

  if (resolution == NULL || !g_str_has_prefix (resolution, "keep:") ||
      !g_ascii_string_to_signed (resolution + 5, 10, 1, G_MAXINT64, &id, NULL))
    return 0;

  return id;
}

static gint64
default_account (Holdings *h,
                 gint64    survivor)
{
  gint64 first = 0;

  for (guint i = 0; i < h->accounts->len; i++)
    {
      Holding *a = g_ptr_array_index (h->accounts, i);

      if (g_strcmp0 (a->status, "0") != 0)
        continue;
      if (a->person_id == survivor)
        return a->id;
      if (first == 0)
        first = a->id;
    }

  return first;
}

/* The plan, for a survivor; with @resolutions (conflict key ->
 * resolution), the registrations that stay with the merged records follow
 * them rather than the proposals */
static CasMergePreview *
make_preview (Holdings   *h,
              gint64      request_id,
              gint64      survivor,
              gint64      account,
              GHashTable *resolutions)
{
  CasMergePreview *preview = g_new0 (CasMergePreview, 1);
  g_autoptr(GHashTable) staying = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) survivor_staff = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                g_free, NULL);

  preview->request_id = request_id;
  preview->records = g_ptr_array_ref (h->records);
  preview->survivor_id = survivor;
  preview->moves = g_ptr_array_new_with_free_func ((GDestroyNotify) move_free);
  preview->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);
  preview->fields = compare_fields (h->records, record_person (h->records, survivor));
  for (guint i = 0; i < h->records->len; i++)
    {
      CasMergeRecord *r = g_ptr_array_index (h->records, i);

      preview->changed = preview->changed || r->person->revision != r->requested_revision;
    }

  find_conflicts (preview, h);

  /* Registrations that stay: those not kept in a conflict */
  for (guint i = 0; i < preview->conflicts->len; i++)
    {
      CasMergeConflict *c = g_ptr_array_index (preview->conflicts, i);
      const char *resolution = resolutions ? g_hash_table_lookup (resolutions, c->key) : NULL;
      gint64 keep = kept_registration (resolution ? resolution : c->resolution);
      Holding *kept = find_holding (h->registrations, keep);

      if (c->kind != CAS_MERGE_CONFLICT_SAME_SESSION || kept == NULL)
        continue;
      for (guint j = 0; j < h->registrations->len; j++)
        {
          Holding *r = g_ptr_array_index (h->registrations, j);

          if (r->session_id == kept->session_id && r->person_id != survivor && r != kept)
            g_hash_table_add (staying, &r->id);
        }
      /* The survivor's registration takes the kept one's content and
       * attestations: the kept row stays behind with the survivor's */
      if (kept->person_id != survivor &&
          registration_in (h->registrations, survivor, kept->session_id) != NULL)
        g_hash_table_add (staying, &kept->id);
    }

  for (guint i = 0; i < h->registrations->len; i++)
    {
      Holding *r = g_ptr_array_index (h->registrations, i);

      if (r->person_id != survivor && !g_hash_table_contains (staying, &r->id))
        add_move (preview, CAS_MERGE_MOVE_REGISTRATION, r->id, r->person_id,
                  g_strdup_printf (_("Registration #%" PRId64 ": %s, %s"), r->id, r->text,
                                   r->status));
    }
  for (guint i = 0; i < h->attestations->len; i++)
    {
      Holding *a = g_ptr_array_index (h->attestations, i);

      if (a->person_id != survivor)
        add_move (preview, CAS_MERGE_MOVE_ATTESTATION, a->id, a->person_id,
                  g_strdup_printf (_("Attestation %s (%s): keeps its number"), a->text,
                                   a->status));
    }
  for (guint i = 0; i < h->staff->len; i++)
    {
      Holding *t = g_ptr_array_index (h->staff, i);

      if (t->person_id == survivor)
        g_hash_table_add (survivor_staff, g_strdup_printf ("%" PRId64 " %s", t->session_id,
                                                           t->status));
    }
  for (guint i = 0; i < h->staff->len; i++)
    {
      Holding *t = g_ptr_array_index (h->staff, i);
      g_autofree char *key = g_strdup_printf ("%" PRId64 " %s", t->session_id, t->status);

      if (t->person_id == survivor)
        continue;
      add_move (preview, CAS_MERGE_MOVE_STAFF, t->session_id, t->person_id,
                g_hash_table_contains (survivor_staff, key)
                ? g_strdup_printf (_("Session %s as %s: the survivor is staffed there already"),
                                   t->text, t->status)
                : g_strdup_printf (_("Session %s as %s"), t->text, t->status));
      g_hash_table_add (survivor_staff, g_steal_pointer (&key));
    }
  for (guint i = 0; i < h->requests->len; i++)
    {
      Holding *q = g_ptr_array_index (h->requests, i);

      if (q->person_id != survivor)
        add_move (preview, CAS_MERGE_MOVE_REQUEST, q->id, q->person_id,
                  g_strdup_printf (_("Pending merge request #%" PRId64 ": %s"), q->id, q->text));
    }

  preview->account_id = account > 0 ? account : default_account (h, survivor);
  for (guint i = 0; i < h->accounts->len; i++)
    {
      Holding *a = g_ptr_array_index (h->accounts, i);

      if (a->id == preview->account_id)
        {
          preview->account_login = g_strdup (a->text);
          if (a->person_id != survivor)
            add_move (preview, CAS_MERGE_MOVE_ACCOUNT, a->id, a->person_id,
                      g_strdup_printf (_("Login “%s” becomes the survivor's"), a->text));
        }
      else if (g_strcmp0 (a->status, "0") == 0)
        add_move (preview, CAS_MERGE_MOVE_ACCOUNT, a->id, a->person_id,
                  g_strdup_printf (_("Login “%s” is disabled (kept, not deleted); its roles "
                                     "go to the surviving login"), a->text));
    }

  return preview;
}

static gboolean
check_living (Holdings  *h,
              GError   **error)
{
  for (guint i = 0; i < h->records->len; i++)
    {
      CasPerson *p = ((CasMergeRecord *) g_ptr_array_index (h->records, i))->person;

      if (p->merged_into > 0)
        {
          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_TOMBSTONE,
                       _("%s %s (#%" PRId64 ") was merged into #%" PRId64 " since the request "
                         "was made: reject this request and request the merge with that "
                         "record"), p->first_name, p->last_name, p->id, p->merged_into);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_survivor (Holdings  *h,
                gint64     survivor,
                GError   **error)
{
  if (record_person (h->records, survivor) != NULL)
    return TRUE;

  g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
               _("Survivor: #%" PRId64 " is not one of the records of this request"), survivor);

  return FALSE;
}

/* The valid attestations of the persons @id_text ("1,2"), with the name
 * printed on each (element-type CasMergeAttestation) */
static GPtrArray *
load_named_attestations (CasDatabase  *db,
                         const char   *id_text,
                         GError      **error)
{
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *attestations;

  sql = g_strdup_printf ("SELECT id, person_id, number, version, content FROM attestation "
                         "WHERE person_id IN (%s) AND status = 'valid' ORDER BY id", id_text);
  model = _cas_database_query (db, error, sql, NULL);
  if (model == NULL)
    return NULL;

  attestations = g_ptr_array_new_with_free_func ((GDestroyNotify) merge_attestation_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasMergeAttestation *a = g_new0 (CasMergeAttestation, 1);
      g_autofree char *content = _cas_model_dup_string (model, 4, row);

      a->id = _cas_model_get_int64 (model, 0, row);
      a->person_id = _cas_model_get_int64 (model, 1, row);
      a->number = _cas_model_dup_string (model, 2, row);
      a->version = (int) _cas_model_get_int64 (model, 3, row);
      a->display_number = cas_attestation_format_number (a->number, a->version);
      a->first_name = _cas_attestation_content_value (content, "first_name");
      a->last_name = _cas_attestation_content_value (content, "last_name");
      g_ptr_array_add (attestations, a);
    }

  return attestations;
}

CasMergePreview *
cas_merge_service_preview (CasMergeService  *self,
                           CasAccount       *actor,
                           gint64            request_id,
                           gint64            survivor_id,
                           GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_auto(RequestRow) request = { 0, };
  g_autoptr(Holdings) h = NULL;
  g_autoptr(GPtrArray) attestations = NULL;
  CasMergePreview *preview;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;
  if (!deny_unless_operator (self, &access, "merge.preview", request_id, error))
    return NULL;

  if (!_cas_database_begin (self->db, error))
    return NULL;
  if (!load_request_row (self, request_id, &request, error) ||
      (h = load_holdings (self, actor, &request, error)) == NULL)
    {
      _cas_database_rollback (self->db);
      return NULL;
    }
  if (!_cas_database_commit (self->db, error))
    return NULL;

  if (survivor_id == 0)
    survivor_id = default_survivor (h->records);
  if (!check_survivor (h, survivor_id, error))
    return NULL;

  attestations = load_named_attestations (self->db, h->id_text, error);
  if (attestations == NULL)
    return NULL;
  preview = make_preview (h, request_id, survivor_id, 0, NULL);
  preview->attestations = g_steal_pointer (&attestations);

  return preview;
}

GPtrArray *
cas_merge_preview_renamed_attestations (const CasMergePreview *preview,
                                        const char            *first_name,
                                        const char            *last_name)
{
  GPtrArray *renamed = g_ptr_array_new ();

  g_return_val_if_fail (preview != NULL, renamed);

  for (guint i = 0; preview->attestations != NULL && i < preview->attestations->len; i++)
    {
      CasMergeAttestation *a = g_ptr_array_index (preview->attestations, i);

      if (g_strcmp0 (a->first_name, first_name) != 0 || g_strcmp0 (a->last_name, last_name) != 0)
        g_ptr_array_add (renamed, a);
    }

  return renamed;
}

/* Approval */

/* The value the survivor takes for @field, as the decision says or as
 * proposed. Sets *from to the record it comes from (0 when typed). */
static gboolean
chosen_value (CasMergeDecision  *decision,
              CasMergePreview   *preview,
              CasMergeField     *field,
              char             **value,
              gint64            *from,
              GError           **error)
{
  const char *spec = g_hash_table_lookup (decision->fields, field->key);
  gint64 id = 0;

  *from = field->proposed;
  if (spec == NULL)
    {
      *value = g_strdup (field->proposed_value);
      return TRUE;
    }

  if (spec[0] == '=')
    {
      if (g_str_equal (field->key, "company_id"))
        {
          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                       _("%s: take the centre of one of the records"), field->label);
          return FALSE;
        }
      *from = 0;
      *value = spec[1] != '\0' ? g_strdup (spec + 1) : NULL;
      return TRUE;
    }

  if (!g_ascii_string_to_signed (spec + 1, 10, 1, G_MAXINT64, &id, NULL) ||
      record_person (preview->records, id) == NULL)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                   _("%s: %s is not one of the records of this request"), field->label, spec);
      return FALSE;
    }
  *from = id;
  *value = g_strdup (shown_value (record_person (preview->records, id), field->key));

  return TRUE;
}

/* The survivor's record as it will be */
static CasPerson *
merged_person (CasMergeDecision  *decision,
               CasMergePreview   *preview,
               GError           **error)
{
  g_autoptr(CasPerson) person =
    cas_person_copy (record_person (preview->records, preview->survivor_id));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, decision->fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!is_merge_field (key))
      {
        g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                     _("“%s” is not a field of a person (one of first_name, last_name, "
                       "birth_date, sex, nrn, email, email_secondary, phone, language, street, "
                       "postcode, city, company_id, external_ref)"), (const char *) key);
        return NULL;
      }

  for (guint i = 0; i < preview->fields->len; i++)
    {
      CasMergeField *field = g_ptr_array_index (preview->fields, i);
      g_autofree char *value = NULL;
      gint64 from = 0;
      char **slot;

      if (!chosen_value (decision, preview, field, &value, &from, error))
        return NULL;

      slot = person_slot (person, field->key);
      if (slot != NULL)
        {
          g_free (*slot);
          *slot = g_steal_pointer (&value);
        }
      else if (from > 0)
        person->company_id = record_person (preview->records, from)->company_id;

      if (g_str_equal (field->key, "nrn"))
        person->nrn_verified = from > 0 ? record_person (preview->records, from)->nrn_verified
                                        : TRUE;
    }

  /* The second e-mail follows the e-mail chosen, unless chosen itself */
  if (!g_hash_table_contains (decision->fields, "email_secondary"))
    {
      g_free (person->email_secondary);
      person->email_secondary = cas_merge_preview_second_email (preview, 0, person->email);
    }
  if (person->language == NULL)
    person->language = g_strdup ("fr");
  if (g_strcmp0 (person->email, person->email_secondary) == 0)
    g_clear_pointer (&person->email_secondary, g_free);

  return g_steal_pointer (&person);
}

static gboolean
check_revisions (CasMergeDecision  *decision,
                 const RequestRow  *request,
                 Holdings          *h,
                 GError           **error)
{
  for (guint i = 0; i < h->records->len; i++)
    {
      CasMergeRecord *r = g_ptr_array_index (h->records, i);
      gpointer value = NULL;
      int expected;

      if (g_hash_table_size (decision->revisions) > 0)
        {
          if (!g_hash_table_lookup_extended (decision->revisions, &r->person->id, NULL, &value))
            value = GINT_TO_POINTER (-1);
          expected = GPOINTER_TO_INT (value);
        }
      else
        expected = r->requested_revision;

      if (r->person->revision != expected)
        {
          if (g_hash_table_size (decision->revisions) > 0)
            g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED,
                         _("%s %s (#%" PRId64 ") changed since the preview: look at the "
                           "records again (merge request #%" PRId64 ") before approving. "
                           "Nothing was changed."),
                         r->person->first_name, r->person->last_name, r->person->id,
                         request->id);
          else
            g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED,
                         _("%s %s (#%" PRId64 ") changed since the request was made: look at "
                           "the records again (merge request #%" PRId64 ") before approving. "
                           "Nothing was changed."),
                         r->person->first_name, r->person->last_name, r->person->id,
                         request->id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_resolutions (CasMergeDecision  *decision,
                   CasMergePreview   *preview,
                   Holdings          *h,
                   GError           **error)
{
  for (guint i = 0; i < preview->conflicts->len; i++)
    {
      CasMergeConflict *c = g_ptr_array_index (preview->conflicts, i);
      const char *resolution = g_hash_table_lookup (decision->resolutions, c->key);
      Holding *kept;
      Holding *proposed;

      if (resolution == NULL)
        {
          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_UNCONFIRMED,
                       _("Conflict not confirmed: %s. Proposed: %s. Confirm a resolution "
                         "to approve the merge."), c->description, c->resolution_label);
          return FALSE;
        }
      if (c->kind == CAS_MERGE_CONFLICT_SAME_EXAM)
        {
          if (g_str_equal (resolution, "keep-both"))
            continue;
        }
      else if ((kept = find_holding (h->registrations, kept_registration (resolution))) != NULL &&
               (proposed = find_holding (h->registrations, kept_registration (c->resolution)))
               != NULL && kept->session_id == proposed->session_id)
        continue;

      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                   _("“%s” does not resolve the conflict %s: %s"), resolution, c->key,
                   c->description);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_account (CasMergeDecision  *decision,
               Holdings          *h,
               GError           **error)
{
  if (decision->account_id == 0 || find_holding (h->accounts, decision->account_id) != NULL)
    return TRUE;

  g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
               _("Login: account #%" PRId64 " belongs to none of the records of this request"),
               decision->account_id);

  return FALSE;
}

/* A registration of a merged record kept over the survivor's in the same
 * session: the two rows exchange what they hold (status, result, dates and
 * attestations), so that ids never collide with the one-row-per-session
 * rule. */
static gboolean
exchange_registrations (CasDatabase  *db,
                        JsonArray    *registrations,
                        JsonArray    *attestations,
                        gint64        survivor_row,
                        gint64        kept_row,
                        GError      **error)
{
  JsonObject *rows[2] = { NULL, NULL };
  gint64 ids[2] = { survivor_row, kept_row };
  g_autoptr(GArray) moving_survivor = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) moving_kept = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *moving[2] = { moving_survivor, moving_kept };

  for (guint i = 0; i < json_array_get_length (registrations); i++)
    {
      JsonObject *row = json_array_get_object_element (registrations, i);

      for (guint k = 0; k < 2; k++)
        if (json_id (row, "id") == ids[k])
          rows[k] = row;
    }
  g_assert (rows[0] != NULL && rows[1] != NULL);

  for (guint i = 0; i < json_array_get_length (attestations); i++)
    {
      JsonObject *row = json_array_get_object_element (attestations, i);
      gint64 id = json_id (row, "id");

      for (guint k = 0; k < 2; k++)
        if (json_id (row, "registration_id") == ids[k])
          g_array_append_val (moving[k], id);
    }

  for (guint k = 0; k < 2; k++)
    {
      JsonObject *from = rows[1 - k];

      if (!_cas_database_exec (db, NULL, error,
                               "UPDATE registration SET status = ##status::string, "
                               "score = ##score::gint::null, registered_at = ##at::string, "
                               "registered_by = ##by::gint64::null, "
                               "result_at = ##result::string::null WHERE id = ##id::gint64",
                               "status", json_text (from, "status"),
                               "score", json_small (from, "score"),
                               "at", json_text (from, "registered_at"),
                               "by", json_id (from, "registered_by"),
                               "result", json_text (from, "result_at"),
                               "id", ids[k], NULL))
        return FALSE;
    }

  for (guint k = 0; k < 2; k++)
    for (guint i = 0; i < moving[k]->len; i++)
      if (!_cas_database_exec (db, NULL, error,
                               "UPDATE attestation SET registration_id = ##reg::gint64 "
                               "WHERE id = ##id::gint64",
                               "reg", ids[1 - k], "id", g_array_index (moving[k], gint64, i),
                               NULL))
        return FALSE;

  return TRUE;
}

static gboolean
move_registrations (CasMergeService   *self,
                    CasMergePreview   *preview,
                    CasMergeDecision  *decision,
                    Holdings          *h,
                    JsonArray         *before[N_TRACKED],
                    GError           **error)
{
  g_autoptr(GString) staying = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(GArray) merged_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 survivor = preview->survivor_id;

  for (guint i = 0; i < h->ids->len; i++)
    if (g_array_index (h->ids, gint64, i) != survivor)
      g_array_append_val (merged_ids, g_array_index (h->ids, gint64, i));
  merged = id_list ((gint64 *) (void *) merged_ids->data, merged_ids->len);

  for (guint i = 0; i < preview->conflicts->len; i++)
    {
      CasMergeConflict *c = g_ptr_array_index (preview->conflicts, i);
      Holding *kept, *own;

      if (c->kind != CAS_MERGE_CONFLICT_SAME_SESSION)
        continue;
      kept = find_holding (h->registrations,
                           kept_registration (g_hash_table_lookup (decision->resolutions, c->key)));
      own = registration_in (h->registrations, survivor, kept->session_id);
      for (guint j = 0; j < h->registrations->len; j++)
        {
          Holding *r = g_ptr_array_index (h->registrations, j);

          if (r->session_id == kept->session_id && r->person_id != survivor &&
              (r != kept || own != NULL))
            g_string_append_printf (staying, ",%" PRId64, r->id);
        }
      if (own != NULL && kept != own &&
          !exchange_registrations (self->db, before[TRACKED_REGISTRATION],
                                   before[TRACKED_ATTESTATION], own->id, kept->id, error))
        return FALSE;
    }

  sql = g_strdup_printf ("UPDATE registration SET person_id = ##s::gint64 "
                         "WHERE person_id IN (%s) AND id NOT IN (0%s)", merged, staying->str);
  if (!_cas_database_exec (self->db, NULL, error, sql, "s", survivor, NULL))
    return FALSE;

  /* Attestations follow their registrations */
  for (guint i = 0; i < h->ids->len; i++)
    {
      g_autofree char *follow = NULL;

      follow = g_strdup_printf ("UPDATE attestation SET person_id = ##p::gint64 "
                                "WHERE person_id IN (%s) AND person_id <> ##p::gint64 "
                                "AND registration_id IN "
                                "(SELECT r.id FROM registration r WHERE r.person_id = ##p::gint64)",
                                h->id_text);
      if (!_cas_database_exec (self->db, NULL, error, follow,
                               "p", g_array_index (h->ids, gint64, i), NULL))
        return FALSE;
    }

  return TRUE;
}

static gboolean
move_staff_and_requests (CasMergeService  *self,
                         gint64            survivor,
                         Holdings         *h,
                         GError          **error)
{
  g_autoptr(GHashTable) staffed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) requested = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < h->staff->len; i++)
    {
      Holding *t = g_ptr_array_index (h->staff, i);

      if (t->person_id == survivor)
        g_hash_table_add (staffed, g_strdup_printf ("%" PRId64 " %s", t->session_id, t->status));
    }
  for (guint i = 0; i < h->staff->len; i++)
    {
      Holding *t = g_ptr_array_index (h->staff, i);
      g_autofree char *key = g_strdup_printf ("%" PRId64 " %s", t->session_id, t->status);
      gboolean twice;

      if (t->person_id == survivor)
        continue;
      twice = g_hash_table_contains (staffed, key);
      if (!_cas_database_exec (self->db, NULL, error,
                               twice ? "DELETE FROM session_staff WHERE session_id = ##s::gint64 "
                                       "AND person_id = ##p::gint64 AND role = ##role::string"
                                     : "UPDATE session_staff SET person_id = ##to::gint64 "
                                       "WHERE session_id = ##s::gint64 "
                                       "AND person_id = ##p::gint64 AND role = ##role::string",
                               "to", survivor, "s", t->session_id, "p", t->person_id,
                               "role", t->status, NULL))
        return FALSE;
      g_hash_table_add (staffed, g_steal_pointer (&key));
    }

  for (guint i = 0; i < h->requests->len; i++)
    {
      Holding *q = g_ptr_array_index (h->requests, i);

      if (q->person_id == survivor)
        g_hash_table_add (requested, &q->id);
    }
  for (guint i = 0; i < h->requests->len; i++)
    {
      Holding *q = g_ptr_array_index (h->requests, i);
      gboolean twice;

      if (q->person_id == survivor)
        continue;
      twice = g_hash_table_contains (requested, &q->id);
      if (!_cas_database_exec (self->db, NULL, error,
                               twice ? "DELETE FROM merge_request_person "
                                       "WHERE request_id = ##r::gint64 AND person_id = ##p::gint64"
                                     : "UPDATE merge_request_person SET person_id = ##to::gint64 "
                                       "WHERE request_id = ##r::gint64 AND person_id = ##p::gint64",
                               "to", survivor, "r", q->id, "p", q->person_id, NULL))
        return FALSE;
      g_hash_table_add (requested, &q->id);
    }

  return TRUE;
}

/* One login survives; the others are disabled, never deleted, and their
 * roles go to the surviving login */
static gboolean
move_accounts (CasMergeService  *self,
               CasMergePreview  *preview,
               JsonArray        *roles,
               GError          **error)
{
  gint64 keep = preview->account_id;

  for (guint i = 0; i < preview->moves->len; i++)
    {
      CasMergeMove *move = g_ptr_array_index (preview->moves, i);

      if (move->kind != CAS_MERGE_MOVE_ACCOUNT)
        continue;
      if (move->id == keep)
        {
          if (!_cas_database_exec (self->db, NULL, error,
                                   "UPDATE account SET person_id = ##p::gint64 "
                                   "WHERE id = ##id::gint64",
                                   "p", preview->survivor_id, "id", keep, NULL))
            return FALSE;
          continue;
        }

      if (!_cas_database_exec (self->db, NULL, error,
                               "UPDATE account SET disabled = 1 WHERE id = ##id::gint64",
                               "id", move->id, NULL))
        return FALSE;

      for (guint r = 0; keep > 0 && r < json_array_get_length (roles); r++)
        {
          JsonObject *role = json_array_get_object_element (roles, r);
          gboolean held = FALSE;

          if (json_id (role, "account_id") != move->id)
            continue;
          for (guint k = 0; k < json_array_get_length (roles); k++)
            {
              JsonObject *other = json_array_get_object_element (roles, k);

              held = held ||
                     (json_id (other, "account_id") == keep &&
                      g_strcmp0 (json_text (other, "role"), json_text (role, "role")) == 0 &&
                      json_id (other, "company_id") == json_id (role, "company_id"));
            }
          if (!held)
            {
              g_autoptr(JsonObject) copy = json_object_new ();

              json_object_set_int_member (copy, "account_id", keep);
              json_object_set_string_member (copy, "role", json_text (role, "role"));
              json_object_set_int_member (copy, "company_id", json_id (role, "company_id"));
              if (!write_set_row (self->db, TRACKED_ROLE, copy, TRUE, error))
                return FALSE;
              json_array_add_object_element (roles, json_object_ref (copy));
            }
        }
    }

  return TRUE;
}

static char *
account_id_list (Holdings *h)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < h->accounts->len; i++)
    g_array_append_val (ids, ((Holding *) g_ptr_array_index (h->accounts, i))->id);

  return id_list ((gint64 *) (void *) ids->data, ids->len);
}

static JsonNode *
make_snapshot (gint64     survivor,
               Holdings  *h,
               JsonArray *before[N_TRACKED],
               JsonArray *after[N_TRACKED])
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *rows = json_object_new ();

  for (guint i = 0; i < N_TRACKED; i++)
    json_object_set_object_member (rows, tracked[i].table,
                                   diff_rows (&tracked[i], before[i], after[i]));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "survivor");
  json_builder_add_int_value (builder, survivor);
  json_builder_set_member_name (builder, "persons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < h->ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (h->ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < h->accounts->len; i++)
    json_builder_add_int_value (builder, ((Holding *) g_ptr_array_index (h->accounts, i))->id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  {
    JsonNode *node = json_node_new (JSON_NODE_OBJECT);

    json_node_take_object (node, rows);
    json_builder_add_value (builder, node);
  }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
decision_text (CasMergeDecision *decision,
               CasMergePreview  *preview)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "survivor");
  json_builder_add_int_value (builder, preview->survivor_id);
  json_builder_set_member_name (builder, "account");
  json_builder_add_int_value (builder, preview->account_id);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, decision->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "resolutions");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, decision->resolutions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_text (root);
}

/* Re-issues the valid attestations of @survivor (everything has moved to
 * it) that carry another name than its own, and lists the new versions in
 * @snapshot ("reissued": [{"id", "number", "from"}]) */
static gboolean
reissue_renamed (CasMergeService  *self,
                 CasAccount       *actor,
                 gint64            request_id,
                 const CasPerson  *survivor,
                 JsonObject       *snapshot,
                 GError          **error)
{
  g_autoptr(CasAttestationService) service = cas_attestation_service_new (self->db);
  g_autoptr(GPtrArray) attestations = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, survivor->id);
  g_autofree char *reason = NULL;
  JsonArray *reissued = json_array_new ();

  json_object_set_array_member (snapshot, "reissued", reissued);

  attestations = load_named_attestations (self->db, id_text, error);
  if (attestations == NULL)
    return FALSE;

  /* Translators: why an attestation was re-issued; %s is the new name */
  reason = g_strdup_printf (_("Merge request #%" PRId64 ": the name of the merged record, %s %s"),
                            request_id, survivor->first_name, survivor->last_name);
  for (guint i = 0; i < attestations->len; i++)
    {
      CasMergeAttestation *a = g_ptr_array_index (attestations, i);
      JsonObject *entry;
      gint64 id;

      if (g_strcmp0 (a->first_name, survivor->first_name) == 0 &&
          g_strcmp0 (a->last_name, survivor->last_name) == 0)
        continue;

      id = cas_attestation_service_reissue (service, actor, a->number, reason, error);
      if (id == 0)
        return FALSE;

      entry = json_object_new ();
      json_object_set_int_member (entry, "id", id);
      json_object_set_string_member (entry, "number", a->number);
      json_object_set_int_member (entry, "version", a->version + 1);
      json_object_set_int_member (entry, "from", a->id);
      json_array_add_object_element (reissued, entry);
    }

  return TRUE;
}

static gboolean
apply_merge (CasMergeService   *self,
             CasAccount        *actor,
             const CasAccess   *access,
             const RequestRow  *request,
             CasMergeDecision  *decision,
             GError           **error)
{
  g_autoptr(CasPersonService) person_service = cas_person_service_new (self->db);
  g_autoptr(Holdings) h = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasPerson) survivor = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *snapshot_text = NULL;
  g_autofree char *choices = NULL;
  g_autofree char *now = cas_now_utc ();
  g_autoptr(JsonArray) roles = NULL;
  JsonArray *before[N_TRACKED] = { NULL, };
  JsonArray *after[N_TRACKED] = { NULL, };
  gint64 survivor_id;
  gboolean ok = FALSE;

  h = load_holdings (self, actor, request, error);
  if (h == NULL || !check_living (h, error) || !check_revisions (decision, request, h, error))
    return FALSE;

  survivor_id = decision->survivor_id > 0 ? decision->survivor_id : default_survivor (h->records);
  if (!check_survivor (h, survivor_id, error) || !check_account (decision, h, error))
    return FALSE;

  preview = make_preview (h, request->id, survivor_id, decision->account_id,
                          decision->resolutions);
  if (!check_resolutions (decision, preview, h, error))
    return FALSE;
  survivor = merged_person (decision, preview, error);
  if (survivor == NULL)
    return FALSE;

  accounts = account_id_list (h);
  if (!read_all (self->db, h->id_text, accounts, before, error))
    goto out;

  /* move_accounts () adds to @roles the roles it gives the surviving login */
  roles = read_rows (self->db, &tracked[TRACKED_ROLE], accounts, error);
  if (roles == NULL ||
      !move_registrations (self, preview, decision, h, before, error) ||
      !move_staff_and_requests (self, survivor_id, h, error) ||
      !move_accounts (self, preview, roles, error))
    goto out;

  /* Tombstones first, so that the survivor may take their NRN */
  for (guint i = 0; i < h->ids->len; i++)
    {
      gint64 id = g_array_index (h->ids, gint64, i);
      gint changed = 0;

      if (id == survivor_id)
        continue;
      if (!_cas_database_exec (self->db, &changed, error,
                               "UPDATE person SET merged_into = ##s::gint64, "
                               "revision = revision + 1, updated_at = ##now::string "
                               "WHERE id = ##id::gint64 AND merged_into IS NULL",
                               "s", survivor_id, "now", now, "id", id, NULL))
        goto out;
      if (changed != 1)
        {
          g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_CHANGED,
                       _("#%" PRId64 " changed while the merge was applied. Nothing was "
                         "changed."), id);
          goto out;
        }
    }
  if (!cas_person_service_update (person_service, actor, survivor, error))
    goto out;

  if (!read_all (self->db, h->id_text, accounts, after, error))
    goto out;

  snapshot = make_snapshot (survivor_id, h, before, after);
  /* After the rows undo would restore: a merge that re-issued cannot be
   * undone, and says so with them */
  if (decision->reissue &&
      !reissue_renamed (self, actor, request->id, survivor, json_node_get_object (snapshot),
                        error))
    goto out;
  snapshot_text = json_to_text (snapshot);
  choices = decision_text (decision, preview);

  if (!_cas_database_exec (self->db, NULL, error,
                           "UPDATE merge_request SET survivor_id = ##s::gint64, "
                           "choices = ##choices::string, snapshot = ##snapshot::string, "
                           "applied_at = ##now::string WHERE id = ##id::gint64",
                           "s", survivor_id, "choices", choices, "snapshot", snapshot_text,
                           "now", now, "id", request->id, NULL))
    goto out;

  ok = _cas_audit_record (self->db, actor, "merge.apply", "merge_request", request->id,
                          snapshot_text, error);

out:
  clear_all (before);
  clear_all (after);
  return ok;
}

gboolean
cas_merge_service_approve (CasMergeService   *self,
                           CasAccount        *actor,
                           gint64             request_id,
                           CasMergeDecision  *decision,
                           GError           **error)
{
  g_auto(CasAccess) access = { 0, };
  g_auto(RequestRow) request = { 0, };
  g_autoptr(CasMergeDecision) empty = NULL;
  g_autofree char *now = cas_now_utc ();
  gint changed = 0;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!deny_unless_operator (self, &access, "merge.approve", request_id, error))
    return FALSE;
  if (decision == NULL)
    decision = empty = cas_merge_decision_new ();

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!load_request_row (self, request_id, &request, error))
    goto failed;
  if (request.status != CAS_MERGE_PENDING)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " is %s: only a pending request can be "
                     "approved"), request_id, cas_merge_status_get_label (request.status));
      goto failed;
    }
  if (request.requested_by == access.account_id)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_OWN_REQUEST,
                   _("You made merge request #%" PRId64 ": another operator approves it "
                     "(four eyes)"), request_id);
      goto failed;
    }

  /* Taken first: of two operators approving at once, one applies */
  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE merge_request SET status = 'applied', "
                           "decided_by = ##by::gint64::null, decided_at = ##now::string "
                           "WHERE id = ##id::gint64 AND status = 'pending'",
                           "by", access.account_id, "now", now, "id", request_id, NULL))
    goto failed;
  if (changed != 1)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " was decided by someone else meanwhile"),
                   request_id);
      goto failed;
    }

  if (!apply_merge (self, actor, &access, &request, decision, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* Rejection */

static gboolean
reject_request (CasMergeService  *self,
                CasAccount       *actor,
                gint64            request_id,
                const char       *reason,
                gboolean          not_same,
                GError          **error)
{
  g_autoptr(CasDuplicateService) duplicates = cas_duplicate_service_new (self->db);
  g_auto(CasAccess) access = { 0, };
  g_auto(RequestRow) request = { 0, };
  g_autofree char *now = cas_now_utc ();
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  gint changed = 0;

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!deny_unless_operator (self, &access, not_same ? "merge.not-same" : "merge.reject",
                             request_id, error))
    return FALSE;

  if (not_same && (reason == NULL || *reason == '\0'))
    reason = _("Not the same person");
  if (!cas_validate_text (CAS_FIELD_REASON, reason, TRUE, CAS_MAX_TEXT_LENGTH, &text, error))
    return FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;
  if (!load_request_row (self, request_id, &request, error))
    goto failed;
  if (request.status != CAS_MERGE_PENDING)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " is %s: only a pending request can be "
                     "rejected"), request_id, cas_merge_status_get_label (request.status));
      goto failed;
    }

  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE merge_request SET status = 'rejected', "
                           "decided_by = ##by::gint64::null, decided_at = ##now::string, "
                           "decision_reason = ##reason::string "
                           "WHERE id = ##id::gint64 AND status = 'pending'",
                           "by", access.account_id, "now", now, "reason", text,
                           "id", request_id, NULL))
    goto failed;
  if (changed != 1)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " was decided by someone else meanwhile"),
                   request_id);
      goto failed;
    }

  for (guint i = 0; not_same && i < request.person_ids->len; i++)
    for (guint j = i + 1; j < request.person_ids->len; j++)
      if (!cas_duplicate_service_dismiss (duplicates, actor,
                                          g_array_index (request.person_ids, gint64, i),
                                          g_array_index (request.person_ids, gint64, j),
                                          text, error))
        goto failed;

  details = cas_json_object ("reason", text, "not_same", not_same ? "true" : "false", NULL);
  if (!_cas_audit_record (self->db, actor, not_same ? "merge.not-same" : "merge.reject",
                          "merge_request", request_id, details, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

gboolean
cas_merge_service_reject (CasMergeService  *self,
                          CasAccount       *actor,
                          gint64            request_id,
                          const char       *reason,
                          GError          **error)
{
  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), FALSE);

  return reject_request (self, actor, request_id, reason, FALSE, error);
}

gboolean
cas_merge_service_not_same (CasMergeService  *self,
                            CasAccount       *actor,
                            gint64            request_id,
                            const char       *reason,
                            GError          **error)
{
  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), FALSE);

  return reject_request (self, actor, request_id, reason, TRUE, error);
}

/* Undo */

static char *
int_array_text (JsonObject *root,
                const char *name)
{
  JsonArray *array = json_object_get_array_member (root, name);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      gint64 id = json_array_get_int_element (array, i);

      g_array_append_val (ids, id);
    }

  return id_list ((gint64 *) (void *) ids->data, ids->len);
}

/* Why a row the merge left is no longer as it left it */
static void
set_blocked (GError     **error,
             guint        table,
             JsonObject  *after,
             JsonObject  *now)
{
  gint64 id = json_id (after, "id");

  switch (table)
    {
    case TRACKED_PERSON:
      if (now != NULL && json_id (now, "merged_into") != json_id (after, "merged_into") &&
          json_id (now, "merged_into") > 0)
        g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                     _("This merge cannot be undone: #%" PRId64 " was merged into #%" PRId64
                       " since. Undo that merge first. Nothing was changed."),
                     id, json_id (now, "merged_into"));
      else
        g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                     _("This merge cannot be undone: %s %s (#%" PRId64 ") was changed after "
                       "it. Nothing was changed."),
                     json_text (after, "first_name"), json_text (after, "last_name"), id);
      break;
    case TRACKED_REGISTRATION:
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                   _("This merge cannot be undone: registration #%" PRId64 " was changed "
                     "after it (attendance or a result recorded). Nothing was changed."), id);
      break;
    case TRACKED_ATTESTATION:
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                   _("This merge cannot be undone: attestation %s was changed after it "
                     "(re-issued or revoked). Nothing was changed."), json_text (after, "number"));
      break;
    default:
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                   _("This merge cannot be undone: the login “%s” was changed after it. "
                     "Nothing was changed."), json_text (after, "login"));
      break;
    }
}

static gboolean
undo_snapshot (CasMergeService  *self,
               JsonObject       *root,
               GError          **error)
{
  g_autofree char *persons = int_array_text (root, "persons");
  g_autofree char *accounts = int_array_text (root, "accounts");
  JsonObject *rows = json_object_get_object_member (root, "rows");
  JsonArray *now[N_TRACKED] = { NULL, };
  gboolean ok = FALSE;

  if (rows == NULL || !read_all (self->db, persons, accounts, now, error))
    goto out;

  /* Every row as the merge left it, or no undo */
  for (guint t = 0; t < N_TRACKED; t++)
    {
      JsonObject *diff = json_object_get_object_member (rows, tracked[t].table);
      g_autoptr(GHashTable) current = index_rows (&tracked[t], now[t]);
      JsonArray *after;

      if (!tracked[t].keyed || diff == NULL)
        continue;
      after = json_object_get_array_member (diff, "after");
      for (guint i = 0; i < json_array_get_length (after); i++)
        {
          JsonObject *row = json_array_get_object_element (after, i);
          g_autofree char *key = g_strdup_printf ("%" PRId64, json_id (row, "id"));
          JsonObject *present = g_hash_table_lookup (current, key);

          if (present == NULL || !rows_equal (&tracked[t], row, present))
            {
              set_blocked (error, t, row, present);
              goto out;
            }
        }
    }

  for (guint t = 0; t < N_TRACKED; t++)
    {
      JsonObject *diff = json_object_get_object_member (rows, tracked[t].table);
      g_autoptr(GHashTable) current = index_rows (&tracked[t], now[t]);

      if (diff == NULL)
        continue;
      if (tracked[t].keyed)
        {
          if (!restore_rows (self->db, t, diff, error))
            goto out;
        }
      else
        {
          JsonArray *added = json_object_get_array_member (diff, "added");
          JsonArray *removed = json_object_get_array_member (diff, "removed");

          for (guint i = 0; i < json_array_get_length (added); i++)
            {
              JsonObject *row = json_array_get_object_element (added, i);
              g_autofree char *key = row_key (&tracked[t], row);

              if (g_hash_table_contains (current, key) &&
                  !write_set_row (self->db, t, row, FALSE, error))
                goto out;
            }
          for (guint i = 0; i < json_array_get_length (removed); i++)
            {
              JsonObject *row = json_array_get_object_element (removed, i);
              g_autofree char *key = row_key (&tracked[t], row);

              if (!g_hash_table_contains (current, key) &&
                  !write_set_row (self->db, t, row, TRUE, error))
                goto out;
            }
        }
    }

  /* The survivor's lookup keys, as its record is again */
  {
    JsonObject *diff = json_object_get_object_member (rows, "person");
    JsonArray *before = diff ? json_object_get_array_member (diff, "before") : NULL;

    for (guint i = 0; before != NULL && i < json_array_get_length (before); i++)
      {
        JsonObject *row = json_array_get_object_element (before, i);
        const CasDuplicateFields fields = {
          .first_name = json_text (row, "first_name"),
          .last_name = json_text (row, "last_name"),
          .email = json_text (row, "email"),
          .email_secondary = json_text (row, "email_secondary"),
          .phone = json_text (row, "phone"),
        };

        if (json_id (row, "merged_into") == 0 &&
            !_cas_duplicate_write_keys (self->db, json_id (row, "id"), &fields, error))
          goto out;
      }
  }

  ok = TRUE;

out:
  clear_all (now);
  return ok;
}

/* The rule of a merge that re-issued attestations with the survivor's
 * name: the new versions stay as issued (they may have been printed and
 * handed out), and undo would leave them naming a record merged back
 * apart, so such a merge is not undone; the operator asked for it in the
 * wizard, whose check button says so. */
static gboolean
check_not_reissued (gint64       request_id,
                    JsonObject  *snapshot,
                    GError     **error)
{
  JsonArray *reissued = json_object_has_member (snapshot, "reissued")
                        ? json_object_get_array_member (snapshot, "reissued") : NULL;
  g_autoptr(GString) numbers = g_string_new (NULL);

  if (reissued == NULL || json_array_get_length (reissued) == 0)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (reissued); i++)
    {
      JsonObject *entry = json_array_get_object_element (reissued, i);
      g_autofree char *number =
        cas_attestation_format_number (json_object_get_string_member (entry, "number"),
                                       (int) json_object_get_int_member (entry, "version"));

      g_string_append_printf (numbers, "%s%s", i > 0 ? ", " : "", number);
    }

  g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
               _("Merge request #%" PRId64 " re-issued attestations with the survivor's name "
                 "(%s): they stay as issued, so the merge cannot be undone. Nothing was "
                 "changed."),
               request_id, numbers->str);

  return FALSE;
}

gboolean
cas_merge_service_undo (CasMergeService  *self,
                        CasAccount       *actor,
                        gint64            request_id,
                        GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_auto(RequestRow) request = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) limit = g_date_time_add_days (utc, -CAS_MERGE_UNDO_DAYS);
  g_autofree char *cutoff = g_date_time_format (limit, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *now = cas_now_utc ();
  gint changed = 0;

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;
  if (!deny_unless_operator (self, &access, "merge.undo", request_id, error))
    return FALSE;

  if (!_cas_database_begin (self->db, error))
    return FALSE;
  if (!load_request_row (self, request_id, &request, error))
    goto failed;
  if (request.status != CAS_MERGE_APPLIED)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " is %s: only an applied merge can be undone"),
                   request_id, cas_merge_status_get_label (request.status));
      goto failed;
    }
  if (request.applied_at == NULL || g_strcmp0 (request.applied_at, cutoff) < 0)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_EXPIRED,
                   _("Merge request #%" PRId64 " was applied on %.10s, more than %d days ago: "
                     "it can no longer be undone"),
                   request_id, request.applied_at ? request.applied_at : "?",
                   CAS_MERGE_UNDO_DAYS);
      goto failed;
    }
  if (request.snapshot == NULL ||
      !json_parser_load_from_data (parser, request.snapshot, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_BLOCKED,
                   _("Merge request #%" PRId64 " has no readable snapshot: it cannot be "
                     "undone"), request_id);
      goto failed;
    }

  if (!check_not_reissued (request_id, json_node_get_object (json_parser_get_root (parser)),
                           error) ||
      !undo_snapshot (self, json_node_get_object (json_parser_get_root (parser)), error))
    goto failed;

  if (!_cas_database_exec (self->db, &changed, error,
                           "UPDATE merge_request SET status = 'undone', "
                           "undone_at = ##now::string, undone_by = ##by::gint64::null "
                           "WHERE id = ##id::gint64 AND status = 'applied'",
                           "now", now, "by", access.account_id, "id", request_id, NULL))
    goto failed;
  if (changed != 1)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_STATUS,
                   _("Merge request #%" PRId64 " was undone by someone else meanwhile"),
                   request_id);
      goto failed;
    }

  if (!_cas_audit_record (self->db, actor, "merge.undo", "merge_request", request_id, NULL,
                          error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* The invariant checker */

typedef enum
{
  PROBLEM_ATTESTATION_PERSON,
  PROBLEM_ENABLED_LOGIN,
  PROBLEM_NOT_MERGED,
  PROBLEM_LEFT_BEHIND,
} Problem;

static char *
describe_problem (Problem problem,
                  gint64  a,
                  gint64  b)
{
  switch (problem)
    {
    case PROBLEM_ATTESTATION_PERSON:
      return g_strdup_printf (_("Attestation #%" PRId64 " belongs to person #%" PRId64 ", not "
                                "to the person of its registration"), a, b);
    case PROBLEM_ENABLED_LOGIN:
      return g_strdup_printf (_("Login #%" PRId64 " of the merged record #%" PRId64 " is "
                                "enabled"), a, b);
    case PROBLEM_NOT_MERGED:
      return g_strdup_printf (_("Merge request #%" PRId64 " is applied but #%" PRId64 " is not "
                                "merged away"), a, b);
    case PROBLEM_LEFT_BEHIND:
    default:
      return g_strdup_printf (_("Registration #%" PRId64 " of the merged record #%" PRId64
                                " has no registration of the living record in its session"),
                              a, b);
    }
}

/* The living record a merged one leads to, through later merges; 0 for a
 * loop */
static gint64
living_record (GHashTable *into,
               gint64      id)
{
  gint64 *next;

  for (guint steps = 0; steps <= 64; steps++)
    {
      next = g_hash_table_lookup (into, &id);
      if (next == NULL)
        return id;
      id = *next;
    }

  return 0;
}

static gboolean
add_problems (CasDatabase  *db,
              GPtrArray    *problems,
              Problem       problem,
              const char   *sql,
              GError      **error)
{
  g_autoptr(GdaDataModel) model = _cas_database_query (db, error, sql, NULL);

  if (model == NULL)
    return FALSE;

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    g_ptr_array_add (problems, describe_problem (problem, _cas_model_get_int64 (model, 0, row),
                                                 _cas_model_get_int64 (model, 1, row)));

  return TRUE;
}

CasMergeCheck *
cas_merge_service_check (CasMergeService  *self,
                         CasAccount       *actor,
                         GError          **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasMergeCheck) check = NULL;
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) tombstones = NULL;
  g_autoptr(GdaDataModel) left = NULL;
  g_autoptr(GHashTable) into = NULL;
  struct { gint64 *count; const char *sql; } counts[] = {
    { NULL, "SELECT COUNT(*) FROM person" },
    { NULL, "SELECT COUNT(*) FROM person WHERE merged_into IS NOT NULL" },
    { NULL, "SELECT COUNT(*) FROM registration" },
    { NULL, "SELECT COUNT(*) FROM attestation" },
    { NULL, "SELECT COUNT(*) FROM account" },
    { NULL, "SELECT COUNT(*) FROM audit_event" },
  };

  g_return_val_if_fail (CAS_IS_MERGE_SERVICE (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;
  if (!_cas_access_is_operator (&access))
    return _cas_access_deny (self->db, &access, "merge.check", NULL, 0, error,
                             _("check the register (Certassur operators do)")),
           NULL;

  check = g_new0 (CasMergeCheck, 1);
  check->problems = g_ptr_array_new_with_free_func (g_free);
  counts[0].count = &check->n_persons;
  counts[1].count = &check->n_tombstones;
  counts[2].count = &check->n_registrations;
  counts[3].count = &check->n_attestations;
  counts[4].count = &check->n_accounts;
  counts[5].count = &check->n_audit_events;

  locker = _cas_database_lock (self->db);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (!_cas_database_query_int64 (self->db, counts[i].count, NULL, error, counts[i].sql, NULL))
      return NULL;

  if (!add_problems (self->db, check->problems,
                     PROBLEM_ATTESTATION_PERSON,
                     "SELECT a.id, a.person_id FROM attestation a "
                     "JOIN registration r ON r.id = a.registration_id "
                     "WHERE a.person_id <> r.person_id ORDER BY a.id", error) ||
      !add_problems (self->db, check->problems,
                     PROBLEM_ENABLED_LOGIN,
                     "SELECT a.id, a.person_id FROM account a JOIN person p ON p.id = a.person_id "
                     "WHERE p.merged_into IS NOT NULL AND a.disabled = 0 ORDER BY a.id", error) ||
      !add_problems (self->db, check->problems,
                     PROBLEM_NOT_MERGED,
                     "SELECT m.id, mp.person_id FROM merge_request m "
                     "JOIN merge_request_person mp ON mp.request_id = m.id "
                     "JOIN person p ON p.id = mp.person_id "
                     "WHERE m.status = 'applied' AND mp.person_id <> m.survivor_id "
                     "AND p.merged_into IS NULL ORDER BY m.id", error))
    return NULL;

  /* Every tombstone leads to a living record */
  tombstones = _cas_database_query (self->db, error,
                                    "SELECT id, merged_into FROM person "
                                    "WHERE merged_into IS NOT NULL ORDER BY id", NULL);
  if (tombstones == NULL)
    return NULL;
  into = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (int row = 0; row < gda_data_model_get_n_rows (tombstones); row++)
    g_hash_table_insert (into, g_memdup2 (&(gint64) { _cas_model_get_int64 (tombstones, 0, row) },
                                          sizeof (gint64)),
                         g_memdup2 (&(gint64) { _cas_model_get_int64 (tombstones, 1, row) },
                                    sizeof (gint64)));
  for (int row = 0; row < gda_data_model_get_n_rows (tombstones); row++)
    {
      gint64 start = _cas_model_get_int64 (tombstones, 0, row);
      gint64 at = living_record (into, start);
      gint64 exists = 0;

      if (at == 0)
        {
          g_ptr_array_add (check->problems,
                           g_strdup_printf (_("The merged record #%" PRId64 " is in a loop of "
                                              "merges"), start));
          continue;
        }
      if (!_cas_database_query_int64 (self->db, &exists, NULL, error,
                                      "SELECT COUNT(*) FROM person WHERE id = ##id::gint64",
                                      "id", at, NULL))
        return NULL;
      if (exists == 0)
        g_ptr_array_add (check->problems,
                         g_strdup_printf (_("The merged record #%" PRId64 " leads to #%"
                                            PRId64 ", which does not exist"), start, at));
    }

  /* A registration left with a merged record (a conflict): the living
   * record it leads to holds one in the same session */
  left = _cas_database_query (self->db, error,
                              "SELECT r.id, r.person_id, r.session_id FROM registration r "
                              "JOIN person p ON p.id = r.person_id "
                              "WHERE p.merged_into IS NOT NULL ORDER BY r.id", NULL);
  if (left == NULL)
    return NULL;
  for (int row = 0; row < gda_data_model_get_n_rows (left); row++)
    {
      gint64 person = _cas_model_get_int64 (left, 1, row);
      gint64 living = living_record (into, person);
      gint64 held = 0;

      if (!_cas_database_query_int64 (self->db, &held, NULL, error,
                                      "SELECT COUNT(*) FROM registration "
                                      "WHERE person_id = ##p::gint64 AND session_id = ##s::gint64",
                                      "p", living, "s", _cas_model_get_int64 (left, 2, row),
                                      NULL))
        return NULL;
      if (held == 0)
        g_ptr_array_add (check->problems,
                         describe_problem (PROBLEM_LEFT_BEHIND, _cas_model_get_int64 (left, 0, row),
                                           person));
    }

  return g_steal_pointer (&check);
}
