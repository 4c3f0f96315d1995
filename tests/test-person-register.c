/* test-person-register.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-company-service.h"
#include "cas-exam-service.h"
#include "cas-person-register.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-util.h"
#include "cas-validate.h"

#define OP (cas_test_operator (fixture->tdb))

typedef struct
{
  CasTestDatabase   *tdb;
  CasPersonService  *persons;
  CasPersonRegister *reg;
  gint64             centre_a;
  gint64             centre_b;
  gint64             helene;
  gint64             jean_pierre;
  gint64             marc;
  gint64             marie;
  gint64             ada;
  gint64             merged;
  char              *helene_nrn;
  CasAccount        *admin;       /* administers centre A */
  CasAccount        *candidate;   /* no role but their own record */
} Fixture;

static gint64
add_centre (Fixture    *fixture,
            const char *name)
{
  g_autoptr(CasCompanyService) companies = cas_company_service_new (fixture->tdb->db);
  g_autoptr(CasCompany) company = cas_company_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  company->name = g_strdup (name);
  company->is_exam_centre = TRUE;
  id = cas_company_service_create (companies, OP, company, &error);
  g_assert_no_error (error);

  return id;
}

static gint64
add_person (Fixture    *fixture,
            const char *first,
            const char *last,
            const char *birth,
            const char *nrn,
            const char *email,
            const char *phone,
            const char *postcode,
            gint64      centre)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->birth_date = g_strdup (birth);
  person->nrn = g_strdup (nrn);
  person->email = g_strdup (email);
  person->phone = g_strdup (phone);
  person->postcode = g_strdup (postcode);
  person->company_id = centre;
  cas_person_service_create (fixture->persons, OP, person, &error);
  g_assert_no_error (error);

  return person->id;
}

static CasAccount *
add_login (Fixture    *fixture,
           const char *login,
           gint64      person,
           gint64      admin_of)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cas_account_service_create (accounts, OP, login, "a long password", person, &error);
  g_assert_no_error (error);
  if (admin_of > 0)
    {
      cas_account_service_grant (accounts, OP, id, CAS_ROLE_ADMIN, admin_of, &error);
      g_assert_no_error (error);
    }

  return cas_test_login (fixture->tdb, login, "a long password");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 person;

  fixture->tdb = cas_test_database_new ();
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  fixture->reg = cas_person_register_new (fixture->tdb->db);
  fixture->centre_a = add_centre (fixture, "Centre A");
  fixture->centre_b = add_centre (fixture, "Centre B");

  fixture->helene_nrn = cas_test_make_nrn ("1985-07-30", 'F', 34);
  fixture->helene = add_person (fixture, "Hélène", "Lefèvre", "1985-07-30", fixture->helene_nrn,
                                "helene.lefevre@example.be", "0470 12 34 56", "1000",
                                fixture->centre_a);
  fixture->jean_pierre = add_person (fixture, "Jean-Pierre", "Van den Broeck", "1990-01-15", NULL,
                                     "jp.vdb@telenet.be", "02 555 12 12", "2000",
                                     fixture->centre_a);
  fixture->marc = add_person (fixture, "Marc", "Dupont", "1970-03-01", NULL,
                              "marc.dupont@gmail.com", NULL, "5000", fixture->centre_b);
  fixture->marie = add_person (fixture, "Marie", "Dupond", "1971-04-02", NULL, NULL, NULL, "4700",
                               fixture->centre_b);
  fixture->ada = add_person (fixture, "Ada", "Admin", NULL, NULL, "ada@centre-a.be", NULL, "1000",
                             fixture->centre_a);
  /* A record merged into Hélène's: never listed */
  fixture->merged = add_person (fixture, "Helene", "Lefevre", "1985-07-30", NULL,
                                "h.lefevre@old.be", NULL, "1000", fixture->centre_a);
  sql = g_strdup_printf ("UPDATE person SET merged_into = %" G_GINT64_FORMAT " WHERE id = %"
                         G_GINT64_FORMAT, fixture->helene, fixture->merged);
  cas_test_exec_sql (fixture->tdb, sql);

  fixture->admin = add_login (fixture, "ada.admin", fixture->ada, fixture->centre_a);
  person = fixture->marie;
  fixture->candidate = add_login (fixture, "marie.dupond", person, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->admin);
  g_clear_object (&fixture->candidate);
  g_clear_object (&fixture->reg);
  g_clear_object (&fixture->persons);
  g_free (fixture->helene_nrn);
  cas_test_database_free (fixture->tdb);
}

/* The ids found for @search by @actor, in order */
static GArray *
find (Fixture    *fixture,
      CasAccount *actor,
      const char *search)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;

  cas_person_register_count (fixture->reg, actor, query, &n, NULL, NULL, &error);
  g_assert_no_error (error);
  page = cas_person_register_list (fixture->reg, actor, query, 0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, n);

  for (guint i = 0; i < page->len; i++)
    {
      gint64 id = cas_person_summary_get_id (g_ptr_array_index (page, i));

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_finds (Fixture    *fixture,
              const char *search,
              gint64      first,
              ...)
{
  g_autoptr(GArray) ids = find (fixture, OP, search);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_array_append_val (expected, id);
  va_end (args);

  if (ids->len != expected->len)
    g_error ("“%s” found %u persons, expected %u", search, ids->len, expected->len);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) != g_array_index (expected, gint64, i))
      g_error ("“%s” found #%" G_GINT64_FORMAT " at %u, expected #%" G_GINT64_FORMAT,
               search, g_array_index (ids, gint64, i), i, g_array_index (expected, gint64, i));
}

static void
test_search_accents (Fixture       *fixture,
                     gconstpointer  data)
{
  /* The record merged into Hélène's is not found, though its name matches */
  assert_finds (fixture, "helene", fixture->helene, 0);
  assert_finds (fixture, "HÉLÈNE", fixture->helene, 0);
  assert_finds (fixture, "Lefevre", fixture->helene, 0);
  assert_finds (fixture, "  hélène   lefèv ", fixture->helene, 0);
  assert_finds (fixture, "lefevre marc", 0);
}

static void
test_search_prefixes (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_finds (fixture, "van den br", fixture->jean_pierre, 0);
  assert_finds (fixture, "jean-pi", fixture->jean_pierre, 0);
  assert_finds (fixture, "jean pierre broeck", fixture->jean_pierre, 0);
  /* By last name, then first name */
  assert_finds (fixture, "dupo", fixture->marie, fixture->marc, 0);
  assert_finds (fixture, "d", fixture->marie, fixture->marc, fixture->jean_pierre, 0);
  assert_finds (fixture, "ma du", fixture->marie, fixture->marc, 0);
  assert_finds (fixture, "dupont", fixture->marc, 0);
  assert_finds (fixture, "x", 0);
}

static void
test_search_nrn (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *formatted = cas_nrn_format (fixture->helene_nrn);
  g_autofree char *dashed = g_strdup_printf ("%.6s-%.3s-%.2s", fixture->helene_nrn,
                                             fixture->helene_nrn + 6, fixture->helene_nrn + 9);

  assert_finds (fixture, formatted, fixture->helene, 0);
  assert_finds (fixture, fixture->helene_nrn, fixture->helene, 0);
  assert_finds (fixture, dashed, fixture->helene, 0);
  assert_finds (fixture, "850730", fixture->helene, 0);
  assert_finds (fixture, "85.07.30", fixture->helene, 0);
  assert_finds (fixture, "85 07 30", fixture->helene, 0);
  assert_finds (fixture, "85.07.31", 0);
}

static void
test_search_phone (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_finds (fixture, "+32 470 12 34 56", fixture->helene, 0);
  assert_finds (fixture, "0470/12.34.56", fixture->helene, 0);
  assert_finds (fixture, "0470 12", fixture->helene, 0);
  assert_finds (fixture, "0032 470 123", fixture->helene, 0);
  assert_finds (fixture, "+32470123456", fixture->helene, 0);
  assert_finds (fixture, "02/555.12.12", fixture->jean_pierre, 0);
  assert_finds (fixture, "0471", 0);
}

static void
test_search_email (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_finds (fixture, "helene.lef", fixture->helene, 0);
  assert_finds (fixture, "marc.dupont@gm", fixture->marc, 0);
  assert_finds (fixture, "marc.dupont@gmail.com", fixture->marc, 0);
  assert_finds (fixture, "jp.vdb@", fixture->jean_pierre, 0);
  assert_finds (fixture, "JP.VDB@TELENET.BE", fixture->jean_pierre, 0);
  assert_finds (fixture, "jp.vdb@gmail", 0);
}

static void
test_search_hostile (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *texts[] = {
    "'; DROP TABLE person; --", "\"", "\"\"", "'", "*", "**", "NEAR(a b)", "NEAR", "a -b",
    "-", "(", ")", "()", "AND", "OR x", "NOT dupont", "^dupont", "col:dupont", "body:dupont",
    "\\", "%", "_", "dupont*", "{body}: x", "+", "a&b|!c", "du:*", "\t\n", "!!!", "@", ".",
  };
  g_autoptr(CasPersonQuery) query = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) ids = find (fixture, OP, texts[i]);

      g_assert_cmpuint (ids->len, <=, 5);
    }
  /* Nothing was run */
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person"), ==, 6);

  /* The operators of FTS5 in lower case are words like any */
  assert_finds (fixture, "NOT dupont", 0);
  assert_finds (fixture, "dupont*", fixture->marc, 0);
  assert_finds (fixture, "(dupont)", fixture->marc, 0);
  assert_finds (fixture, "\"dupont\"", fixture->marc, 0);

  /* Too long: a clear error, for a count and a page */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_text, "abcdefgh "[i % 9]);
  query = cas_person_query_new (long_text->str);
  g_assert_false (cas_person_register_count (fixture->reg, OP, query, &n, NULL, NULL, &error));
  g_assert_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);
  g_assert_null (cas_person_register_list (fixture->reg, OP, query, 0, 50, NULL, &error));
  g_assert_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID);
  g_clear_error (&error);

  /* The longest allowed: one long word, and many short ones */
  g_string_truncate (long_text, 0);
  for (guint i = 0; i < CAS_PERSON_SEARCH_MAX_LENGTH; i++)
    g_string_append_c (long_text, 'd');
  assert_finds (fixture, long_text->str, 0);
  g_string_truncate (long_text, 0);
  for (guint i = 0; i < CAS_PERSON_SEARCH_MAX_LENGTH / 2; i++)
    g_string_append (long_text, "d ");
  g_clear_pointer (&query, cas_person_query_free);
  query = cas_person_query_new (long_text->str);
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  /* Not UTF-8 */
  g_clear_pointer (&query, cas_person_query_free);
  query = cas_person_query_new ("dup\xff");
  g_assert_false (cas_person_register_count (fixture->reg, OP, query, &n, NULL, NULL, &error));
  g_assert_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID);
}

static guint
count_query (Fixture        *fixture,
             CasAccount     *actor,
             CasPersonQuery *query)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  cas_person_register_count (fixture->reg, actor, query, &n, NULL, NULL, &error);
  g_assert_no_error (error);

  return n;
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (NULL);
  g_autoptr(CasSessionService) sessions = cas_session_service_new (fixture->tdb->db);
  g_autoptr(CasExamService) exams = cas_exam_service_new (fixture->tdb->db);
  g_autoptr(CasExam) exam = cas_exam_service_find_by_code (exams, "INS-1", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 09:30");
  g_autoptr(CasDuplicateScan) scan = g_new0 (CasDuplicateScan, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  CasDuplicateProposal *pair;
  CasSessionDraft draft = {
    .exam_id = exam->id,
    .company_id = fixture->centre_b,
    .starts_at = start,
    .location = "Namur",
    .capacity = 10,
    .language = "fr",
  };
  gint64 session;

  g_assert_cmpuint (count_query (fixture, OP, query), ==, 5);

  query->company_id = fixture->centre_b;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 2);
  query->company_id = 0;

  /* Eupen: German */
  query->language = g_strdup ("de");
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 1);
  g_clear_pointer (&query->language, g_free);
  query->language = g_strdup ("xx");
  g_assert_false (cas_person_register_count (fixture->reg, OP, query, &(guint) { 0 }, NULL, NULL,
                                             &error));
  g_assert_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&query->language, g_free);

  session = cas_session_service_create (sessions, OP, &draft, &error);
  g_assert_no_error (error);
  cas_session_service_register (sessions, OP, session, fixture->marc, &error);
  g_assert_no_error (error);
  query->exams = CAS_PERSON_EXAMS_SOME;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 1);
  query->exams = CAS_PERSON_EXAMS_NONE;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 4);
  query->exams = CAS_PERSON_EXAMS_ANY;

  page = cas_person_register_list (fixture->reg, OP, query, 0, 10, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->len; i++)
    {
      CasPersonSummary *summary = g_ptr_array_index (page, i);

      g_assert_cmpint (cas_person_summary_get_n_exams (summary), ==,
                       cas_person_summary_get_id (summary) == fixture->marc ? 1 : 0);
      if (cas_person_summary_get_id (summary) == fixture->marc)
        g_assert_cmpstr (cas_person_summary_get_centre_name (summary), ==, "Centre B");
    }

  /* Possible duplicates: the persons of the last full scan */
  query->duplicates_only = TRUE;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 0);
  scan->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_duplicate_proposal_free);
  pair = g_new0 (CasDuplicateProposal, 1);
  pair->a = g_new0 (CasDuplicatePerson, 1);
  pair->a->id = fixture->marc;
  pair->b = g_new0 (CasDuplicatePerson, 1);
  pair->b->id = fixture->marie;
  g_ptr_array_add (scan->pairs, pair);
  g_assert_false (cas_person_register_record_scan (fixture->reg, fixture->admin, scan, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  cas_person_register_record_scan (fixture->reg, OP, scan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 2);
  /* Again: in place of the previous ones */
  cas_person_register_record_scan (fixture->reg, OP, scan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 2);

  /* All together */
  g_free (query->search);
  query->search = g_strdup ("dupont");
  query->exams = CAS_PERSON_EXAMS_SOME;
  query->company_id = fixture->centre_b;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 1);
  query->company_id = fixture->centre_a;
  g_assert_cmpuint (count_query (fixture, OP, query), ==, 0);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  /* 250 more, many with the same name: the id orders those */
  cas_test_exec_sql (fixture->tdb,
                     "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 250) "
                     "INSERT INTO person (first_name, last_name, language, created_at, updated_at) "
                     "SELECT 'Pat' || (i % 3), 'Paging' || (i % 7), 'fr', "
                     "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");

  n = count_query (fixture, OP, query);
  g_assert_cmpuint (n, ==, 255);
  for (guint offset = 0; offset < n + 40; offset += 40)
    {
      g_autoptr(GPtrArray) page = cas_person_register_list (fixture->reg, OP, query, offset, 40,
                                                            NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, MIN (40, n - MIN (n, offset)));
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page, i)));
    }

  g_assert_cmpuint (all->len, ==, n);
  for (guint i = 0; i < all->len; i++)
    {
      CasPersonSummary *summary = g_ptr_array_index (all, i);
      gint64 *id = g_new (gint64, 1);

      *id = cas_person_summary_get_id (summary);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);

      if (i > 0)
        {
          CasPersonSummary *before = g_ptr_array_index (all, i - 1);
          int order = g_strcmp0 (cas_person_summary_get_last_name (before),
                                 cas_person_summary_get_last_name (summary));

          if (order == 0)
            order = g_strcmp0 (cas_person_summary_get_first_name (before),
                               cas_person_summary_get_first_name (summary));
          if (order == 0)
            order = cas_person_summary_get_id (before) < *id ? -1 : 1;
          g_assert_cmpint (order, <, 0);
        }
    }
  g_hash_table_foreach (seen, (GHFunc) (void (*) (void)) g_free, NULL);

  /* A search pages the same way */
  g_free (query->search);
  query->search = g_strdup ("paging3 pat1");
  n = count_query (fixture, OP, query);
  g_assert_cmpuint (n, >, 0);
  {
    g_autoptr(GPtrArray) first = cas_person_register_list (fixture->reg, OP, query, 0, 5, NULL,
                                                           &error);
    g_autoptr(GPtrArray) second = cas_person_register_list (fixture->reg, OP, query, 5, 100,
                                                            NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (first->len + second->len, ==, n);
  }
}

static void
test_masking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new ("helene");
  g_autoptr(GPtrArray) seen_by_operator = NULL;
  g_autoptr(GPtrArray) seen_by_admin = NULL;
  g_autoptr(CasPersonDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = cas_nrn_format (fixture->helene_nrn);
  g_autofree char *masked = cas_nrn_mask (fixture->helene_nrn);

  seen_by_operator = cas_person_register_list (fixture->reg, OP, query, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen_by_operator->len, ==, 1);
  g_assert_cmpstr (cas_person_summary_get_nrn (g_ptr_array_index (seen_by_operator, 0)), ==,
                   formatted);

  seen_by_admin = cas_person_register_list (fixture->reg, fixture->admin, query, 0, 10, NULL,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen_by_admin->len, ==, 1);
  g_assert_cmpstr (cas_person_summary_get_nrn (g_ptr_array_index (seen_by_admin, 0)), ==, masked);
  g_assert_null (strstr (masked, fixture->helene_nrn + 6));

  detail = cas_person_register_get_detail (fixture->reg, fixture->admin, fixture->helene, "en",
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->nrn_display, ==, masked);
  /* Operators' parts */
  g_assert_null (detail->history);
  g_assert_cmpint (detail->account_id, ==, 0);
}

static void
test_admin_scope (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n = 0;

  /* Centre A: Hélène, Jean-Pierre and Ada; not the merged record */
  g_assert_cmpuint (count_query (fixture, fixture->admin, query), ==, 3);
  ids = find (fixture, fixture->admin, "dupo");
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  ids = find (fixture, fixture->admin, "a");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->ada);

  query->company_id = fixture->centre_b;
  g_assert_cmpuint (count_query (fixture, fixture->admin, query), ==, 0);

  /* Another centre's record in detail: refused */
  g_assert_null (cas_person_register_get_detail (fixture->reg, fixture->admin, fixture->marc, NULL,
                                                 &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  /* Candidates have no register */
  g_assert_false (cas_person_register_count (fixture->reg, fixture->candidate, query, &n, NULL,
                                             NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cas_person_register_list (fixture->reg, fixture->candidate, query, 0, 10,
                                           NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
}

static void
test_update_email (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CasPersonDetail) detail = NULL;
  g_autoptr(CasPersonDetail) after = NULL;
  g_autoptr(CasPerson) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 audits;
  int revision;
  int new_revision = 0;

  detail = cas_person_register_get_detail (fixture->reg, fixture->admin, fixture->jean_pierre,
                                           NULL, &error);
  g_assert_no_error (error);
  revision = detail->person->revision;
  audits = cas_test_query_int (fixture->tdb->db,
                               "SELECT COUNT(*) FROM audit_event WHERE action = 'person.update'");

  /* Another desk changes the record meanwhile */
  cas_person_register_update_email (fixture->reg, OP, fixture->jean_pierre, revision,
                                    "jean-pierre@telenet.be", FALSE, &new_revision, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_revision, ==, revision + 1);

  /* The form opened before is refused, and nothing is written */
  g_assert_false (cas_person_register_update_email (fixture->reg, fixture->admin,
                                                    fixture->jean_pierre, revision,
                                                    "jp@example.be", TRUE, NULL, &error));
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "changed by someone else since you opened it"));
  g_clear_error (&error);
  stored = cas_person_service_get (fixture->persons, OP, fixture->jean_pierre, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->email, ==, "jean-pierre@telenet.be");

  /* With the current revision; the former address kept as secondary */
  cas_person_register_update_email (fixture->reg, fixture->admin, fixture->jean_pierre,
                                    revision + 1, "JP@Example.BE", TRUE, &new_revision, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_revision, ==, revision + 2);
  after = cas_person_register_get_detail (fixture->reg, OP, fixture->jean_pierre, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->person->email, ==, "jp@example.be");
  g_assert_cmpstr (after->person->email_secondary, ==, "jean-pierre@telenet.be");
  g_assert_cmpint (after->person->revision, ==, revision + 2);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'person.update'"),
                   ==, audits + 2);
  g_assert_nonnull (after->history);
  g_assert_cmpuint (after->history->len, >=, 3);

  /* The index follows: the new address, the kept one, not the first */
  ids = find (fixture, OP, "jp@exa");
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = find (fixture, OP, "jean-pierre@tel");
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = find (fixture, OP, "jp.vdb@");
  g_assert_cmpuint (ids->len, ==, 0);

  /* Bad address, and another centre's record */
  g_assert_false (cas_person_register_update_email (fixture->reg, fixture->admin,
                                                    fixture->jean_pierre, revision + 2,
                                                    "not an address", FALSE, NULL, &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (cas_person_register_update_email (fixture->reg, fixture->admin, fixture->marc, 1,
                                                    "marc@example.be", FALSE, NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
}

static void
test_detail (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasSessionService) sessions = cas_session_service_new (fixture->tdb->db);
  g_autoptr(CasExamService) exams = cas_exam_service_new (fixture->tdb->db);
  g_autoptr(CasExam) exam = cas_exam_service_find_by_code (exams, "INS-1", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 09:30");
  g_autoptr(CasPersonDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = cas_nrn_format (fixture->helene_nrn);
  CasPersonExam *registration;
  CasSessionDraft draft = {
    .exam_id = exam->id,
    .company_id = fixture->centre_a,
    .starts_at = start,
    .location = "Bruxelles",
    .capacity = 10,
    .language = "fr",
  };
  gint64 session;

  session = cas_session_service_create (sessions, OP, &draft, &error);
  g_assert_no_error (error);
  cas_session_service_register (sessions, OP, session, fixture->ada, &error);
  g_assert_no_error (error);

  detail = cas_person_register_get_detail (fixture->reg, OP, fixture->ada, "fr", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->person->first_name, ==, "Ada");
  g_assert_cmpstr (detail->login, ==, "ada.admin");
  g_assert_true ((detail->roles & CAS_ROLE_ADMIN) != 0);
  g_assert_false (detail->disabled);
  g_assert_cmpuint (detail->exams->len, ==, 1);
  registration = g_ptr_array_index (detail->exams, 0);
  g_assert_cmpint (registration->session_id, ==, session);
  g_assert_cmpstr (registration->exam_code, ==, "INS-1");
  g_assert_cmpstr (registration->centre, ==, "Centre A");
  g_assert_cmpint (registration->status, ==, CAS_REGISTRATION_REGISTERED);
  g_assert_cmpint (registration->score, ==, -1);
  g_assert_nonnull (registration->exam_title);
  g_assert_cmpuint (detail->attestations->len, ==, 0);
  g_assert_nonnull (detail->history);
  g_assert_cmpuint (detail->history->len, >=, 1);
  g_clear_pointer (&detail, cas_person_detail_free);

  /* Hélène and the record merged into hers are one: the live check finds
   * no other; operators see the NRN whole */
  detail = cas_person_register_get_detail (fixture->reg, OP, fixture->helene, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->nrn_display, ==, formatted);
  g_assert_nonnull (detail->duplicates);
  g_assert_cmpint (detail->account_id, ==, 0);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cas_person_register_count_finish (CAS_PERSON_REGISTER (source), result, n,
                                                   NULL, &error));
  g_assert_no_error (error);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **page = user_data;
  g_autoptr(GError) error = NULL;

  *page = cas_person_register_list_finish (CAS_PERSON_REGISTER (source), result, &error);
  g_assert_no_error (error);
}

static void
on_detailed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CasPersonDetail **detail = user_data;
  g_autoptr(GError) error = NULL;

  *detail = cas_person_register_get_detail_finish (CAS_PERSON_REGISTER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new ("dupo");
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(CasPersonDetail) detail = NULL;
  guint n = G_MAXUINT;

  cas_person_register_count_async (fixture->reg, OP, query, NULL, on_counted, &n);
  while (n == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n, ==, 2);

  cas_person_register_list_async (fixture->reg, OP, query, 1, 10, NULL, on_listed, &page);
  while (page == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (cas_person_summary_get_id (g_ptr_array_index (page, 0)), ==, fixture->marc);

  cas_person_register_get_detail_async (fixture->reg, OP, fixture->marc, NULL, NULL, on_detailed,
                                        &detail);
  while (detail == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (detail->person->last_name, ==, "Dupont");
}

/* The last names of a page of @search, in order */
static char *
page_names (Fixture    *fixture,
            const char *search,
            guint       limit)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  cas_person_register_count (fixture->reg, OP, query, &n, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Page by page of @limit: a walk of the order's index or a sort of the
   * matches, by how many of them there are for the page */
  for (guint offset = 0; offset < n; offset += limit)
    {
      g_autoptr(GPtrArray) page = cas_person_register_list (fixture->reg, OP, query, offset,
                                                            limit, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_string_append_printf (names, "%s%s %s", names->len ? ", " : "",
                                cas_person_summary_get_first_name (g_ptr_array_index (page, i)),
                                cas_person_summary_get_last_name (g_ptr_array_index (page, i)));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  const char *expected = "Ada Admin, Marie Dupond, Marc Dupont, Anne Lefevre, Hélène Lefèvre, "
                         "Zoé Lyon, Émilie Özdemir, Piet Van, Jean-Pierre Van den Broeck";
  const char *limits[] = { "1", "3", "100" };

  /* Without case nor accents: "Lefèvre" beside "Lefevre", not after
   * "Lyon"; "Özdemir" among the o; "Van" before "Van den Broeck" */
  add_person (fixture, "Zoé", "Lyon", NULL, NULL, NULL, NULL, NULL, fixture->centre_b);
  add_person (fixture, "Anne", "Lefevre", NULL, NULL, NULL, NULL, NULL, fixture->centre_b);
  add_person (fixture, "Piet", "Van", NULL, NULL, NULL, NULL, NULL, fixture->centre_b);
  add_person (fixture, "Émilie", "Özdemir", NULL, NULL, NULL, NULL, NULL, fixture->centre_b);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *all = page_names (fixture, NULL, atoi (limits[i]));
      g_autofree char *found = page_names (fixture, "l", atoi (limits[i]));

      g_assert_cmpstr (all, ==, expected);
      g_assert_cmpstr (found, ==, "Anne Lefevre, Hélène Lefèvre, Zoé Lyon");
    }

  /* A name that changes moves: the order follows every write */
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET last_name = 'Aerts' "
                                   "WHERE last_name = 'Lyon'");
  {
    g_autofree char *all = page_names (fixture, NULL, 100);

    g_assert_true (g_str_has_prefix (all, "Ada Admin, Zoé Aerts, Marie Dupond"));
  }
}

static void
test_count_limit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new ("many");
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = FALSE;
  guint n = 0;

  /* As many as the limit: counted, no more */
  cas_test_exec_sql (fixture->tdb,
                     "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 10000) "
                     "INSERT INTO person (first_name, last_name, language, created_at, updated_at) "
                     "SELECT 'Pat' || (i % 10), 'Many', 'fr', "
                     "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, CAS_PERSON_COUNT_LIMIT);
  g_assert_false (more);

  /* One more: the count stops at the limit and says there are more, with a
   * search, with filters, and both; the whole register is counted */
  cas_test_exec_sql (fixture->tdb,
                     "INSERT INTO person (first_name, last_name, language, created_at, updated_at) "
                     "VALUES ('Zed', 'Many', 'fr', '2026-01-01T00:00:00Z', "
                     "'2026-01-01T00:00:00Z')");
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_cmpuint (n, ==, CAS_PERSON_COUNT_LIMIT);
  g_assert_true (more);
  g_clear_pointer (&query->search, g_free);
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_cmpuint (n, >, CAS_PERSON_COUNT_LIMIT);
  g_assert_false (more);
  query->language = g_strdup ("fr");
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_true (more);
  query->search = g_strdup ("many");
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_true (more);
  g_clear_pointer (&query->language, g_free);
  g_free (query->search);
  query->search = g_strdup ("many zed");
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, NULL, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (more);

  /* The first page of a search matching nearly everyone (its persons
   * probed in order on SQLite), in order */
  g_free (query->search);
  query->search = g_strdup ("many");
  page = cas_person_register_list (fixture->reg, OP, query, 0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 100);
  for (guint i = 0; i < page->len; i++)
    {
      CasPersonSummary *summary = g_ptr_array_index (page, i);

      g_assert_cmpstr (cas_person_summary_get_first_name (summary), ==, "Pat0");
      g_assert_true (i == 0 || cas_person_summary_get_id (g_ptr_array_index (page, i - 1)) <
                               cas_person_summary_get_id (summary));
    }
  g_clear_pointer (&page, g_ptr_array_unref);

  /* The pages go on past the limit: the last one ends with Zed */
  page = cas_person_register_list (fixture->reg, OP, query, CAS_PERSON_COUNT_LIMIT - 5, 100,
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 6);
  g_assert_cmpstr (cas_person_summary_get_first_name (g_ptr_array_index (page, 5)), ==, "Zed");
}

/* The last names of a page of @search, joined */
static char *
page_last_names (Fixture    *fixture,
                 const char *search,
                 guint       offset,
                 guint       limit)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  page = cas_person_register_list (fixture->reg, OP, query, offset, limit, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->len; i++)
    g_string_append_printf (names, "%s%s", i ? " " : "",
                            cas_person_summary_get_last_name (g_ptr_array_index (page, i)));

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *spread = NULL;
  g_autofree char *spread_end = NULL;
  g_autofree char *clustered = NULL;

  /* 3000 persons, one in ten a Kim; the last 300 are the Zz at the end of
   * the order. On SQLite, a page of Kim comes from a short walk of the
   * order; the Zz are not in the window that their share says, and are
   * sorted */
  cas_test_exec_sql (fixture->tdb,
                     "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 3000) "
                     "INSERT INTO person (first_name, last_name, language, created_at, updated_at) "
                     "SELECT CASE WHEN i % 10 = 0 THEN 'Kim' ELSE 'Lou' END, "
                     "CASE WHEN i > 2700 THEN 'Zz' ELSE 'Aa' END || (10000 + i), 'fr', "
                     "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");

  spread = page_last_names (fixture, "kim", 0, 10);
  g_assert_cmpstr (spread, ==, "Aa10010 Aa10020 Aa10030 Aa10040 Aa10050 Aa10060 Aa10070 "
                               "Aa10080 Aa10090 Aa10100");
  spread_end = page_last_names (fixture, "kim", 295, 10);
  g_assert_cmpstr (spread_end, ==, "Zz12960 Zz12970 Zz12980 Zz12990 Zz13000");
  clustered = page_last_names (fixture, "zz", 0, 10);
  g_assert_cmpstr (clustered, ==, "Zz12701 Zz12702 Zz12703 Zz12704 Zz12705 Zz12706 Zz12707 "
                                  "Zz12708 Zz12709 Zz12710");
}

/* The ids of @actor's page of @search at @offset, appended to @ids */
static void
append_page_ids (Fixture    *fixture,
                 CasAccount *actor,
                 const char *search,
                 guint       offset,
                 guint       limit,
                 GArray     *ids)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = cas_person_register_list (fixture->reg, actor, query, offset, limit, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, <=, limit);
  for (guint i = 0; i < page->len; i++)
    {
      gint64 id = cas_person_summary_get_id (g_ptr_array_index (page, i));

      g_array_append_val (ids, id);
    }
}

/* The ids of the register without a search, in its order, of the persons
 * whose e-mail starts with @email (any, when NULL; of @centre only, unless
 * 0) */
static GArray *
register_order (Fixture    *fixture,
                const char *email,
                gint64      centre)
{
  g_autoptr(CasPersonQuery) none = cas_person_query_new (NULL);
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  everyone = cas_person_register_list (fixture->reg, OP, none, 0, 1000, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < everyone->len; i++)
    {
      CasPersonSummary *summary = g_ptr_array_index (everyone, i);
      const char *found = cas_person_summary_get_email (summary);
      gint64 id = cas_person_summary_get_id (summary);

      if ((email == NULL || (found != NULL && g_str_has_prefix (found, email))) &&
          (centre == 0 || cas_person_summary_get_company_id (summary) == centre))
        g_array_append_val (ids, id);
    }

  return ids;
}

/* Pages of @search of @limit by @actor, from the first to past the last,
 * are @expected */
static void
assert_pages (Fixture    *fixture,
              CasAccount *actor,
              const char *search,
              guint       limit,
              GArray     *expected)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint offset = 0; offset <= expected->len; offset += limit)
    append_page_ids (fixture, actor, search, offset, limit, all);
  g_assert_cmpmem (all->data, all->len * sizeof (gint64),
                   expected->data, expected->len * sizeof (gint64));
}

static void
test_search_order (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const last_names[] = {
    "Van", "Van Damme", "Vandamme", "Van den Broeck", "Vanderstraeten", "D'Hondt", "Dhondt",
    "De Smet", "Desmet", "Dubois", "Duboisier", "Dubo", "Du", "O'Brien", "Öz", "Ozturk",
    "Özdemir", "Łukasiewicz", "Lukas", "Σωκράτης", "Zz", "Zzzzzzz", "Müller", "Mueller", "Ng",
    "A", "Aa-Bb", "Aa Bb", "Aa1", "Æbelø", "Ab", "Ábel", "Abel", "ABEL", "Zoë", "Zoe", "'t Hooft",
    "'s Jacob", "1 Test",
  };
  static const char * const first_names[] = { "Anne", "Émile", "Zoë", "Bob", "Al", "Ö" };
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) expected_admin = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new (NULL);
  const guint limits[] = { 1, 2, 3, 5, 8, 13, 200, 200 };
  guint n_names = G_N_ELEMENTS (last_names) * G_N_ELEMENTS (first_names);

  /* Names that share their first six characters, that end early, that
   * hold what is not a letter, or letters beyond z; written in an order
   * unlike theirs, so that their ids do not follow it */
  g_string_append (sql, "INSERT INTO person (first_name, last_name, email, language, company_id, "
                        "created_at, updated_at) VALUES ");
  for (guint k = 0; k < n_names; k++)
    {
      guint i = (k * 7) % n_names;
      g_auto(GStrv) parts = g_strsplit (last_names[i / G_N_ELEMENTS (first_names)], "'", -1);
      g_autofree char *last = g_strjoinv ("''", parts);

      g_string_append_printf (sql, "%s('%s', '%s', 'zork%u@example.be', 'fr', %" G_GINT64_FORMAT
                              ", '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                              k ? ", " : "", first_names[i % G_N_ELEMENTS (first_names)], last, k,
                              k % 3 == 0 ? fixture->centre_b : fixture->centre_a);
    }
  cas_test_exec_sql (fixture->tdb, sql->str);

  expected = register_order (fixture, "zork", 0);
  expected_admin = register_order (fixture, "zork", fixture->centre_a);
  g_assert_cmpuint (expected->len, ==, n_names);

  /* Every page of each size, as the order without a search says: by an
   * operator (the search index alone) and by an administrator (their
   * centre's persons), in turn */
  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    assert_pages (fixture, l % 2 ? fixture->admin : OP, "zork", limits[l],
                  l % 2 ? expected_admin : expected);

  /* Past the last match: nothing */
  append_page_ids (fixture, OP, "zork", expected->len + 10, 5, ids);
  g_assert_cmpuint (ids->len, ==, 0);

  /* SQLite: the search index numbers the persons in the order */
  if (cas_database_get_dialect (fixture->tdb->db) == CAS_DIALECT_SQLITE)
    g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                         "SELECT COUNT(*) FROM (SELECT search_rowid >> 32 AS c, "
                                         "lag (search_rowid >> 32) OVER (ORDER BY sort_key, id) "
                                         "AS before FROM person WHERE merged_into IS NULL) "
                                         "WHERE c < before"), ==, 0);

  /* A name that changes moves in the search index too */
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET last_name = 'Aaron' "
                                   "WHERE last_name = 'Ng' AND first_name = 'Bob'");
  g_clear_pointer (&expected, g_array_unref);
  expected = register_order (fixture, "zork", 0);
  assert_pages (fixture, OP, "zork", 4, expected);
  append_page_ids (fixture, OP, "aaron", 0, 5, ids);
  g_assert_cmpuint (ids->len, ==, 1);
  append_page_ids (fixture, OP, "ng bob", 0, 5, ids);
  g_assert_cmpuint (ids->len, ==, 1);
}

/* The count and the page (of up to 50) of @search by @actor within
 * @centre and @language (none when 0 and NULL) */
static guint
count_and_page (Fixture    *fixture,
                CasAccount *actor,
                const char *search,
                gint64      centre,
                const char *language)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new (search);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  query->company_id = centre;
  query->language = g_strdup (language);
  n = count_query (fixture, actor, query);
  page = cas_person_register_list (fixture->reg, actor, query, 0, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, n);

  return n;
}

static void
test_search_scope (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GArray) expected = NULL;
  g_autofree char *mark_b = NULL;
  g_autofree char *sql = NULL;
  gint64 moved;

  /* A search by an administrator, or by centre and language, is told by
   * the search index alone on SQLite (schema 14): the same as the filters
   * of the register */
  moved = add_person (fixture, "Jan", "Dupuis", NULL, NULL, NULL, NULL, NULL, fixture->centre_b);
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET language = 'fr' WHERE last_name LIKE 'Dup%'");
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", 0, NULL), ==, 3);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, "dup", 0, NULL), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", fixture->centre_b, NULL), ==, 3);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", fixture->centre_a, NULL), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", 0, "fr"), ==, 3);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", 0, "de"), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, "lef", 0, NULL), ==, 1);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, "lef", fixture->centre_b, NULL),
                    ==, 0);

  /* A person who moves to another centre, or speaks another language,
   * moves in the index too */
  sql = g_strdup_printf ("UPDATE person SET company_id = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT, fixture->centre_a, moved);
  cas_test_exec_sql (fixture->tdb, sql);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, "dup", 0, NULL), ==, 1);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", fixture->centre_b, NULL), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE person SET language = 'de' WHERE id = %" G_GINT64_FORMAT, moved);
  cas_test_exec_sql (fixture->tdb, sql);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", 0, "de"), ==, 1);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", fixture->centre_a, "de"), ==, 1);
  g_assert_cmpuint (count_and_page (fixture, OP, "dup", fixture->centre_b, "de"), ==, 0);

  /* What holds the centres in the index cannot be typed: the character
   * that starts its words separates words of a search */
  mark_b = g_strdup_printf ("\xee\x80\x80" "c%" G_GINT64_FORMAT, fixture->centre_b);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, mark_b, 0, NULL), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, OP, "\xee\x80\x80", 0, NULL), ==, 6);

  /* Without a search: an administrator's list is their centres' persons,
   * in the order, page by page */
  expected = register_order (fixture, NULL, fixture->centre_a);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, NULL, 0, NULL), ==, expected->len);
  assert_pages (fixture, fixture->admin, NULL, 2, expected);
}

/* The search follows every way a person is written (on PostgreSQL the
 * persons' terms of schema 15 have triggers of their own): merged and
 * unmerged, deleted, written many in one statement, without a centre; and
 * the shapes of search that read more than the term walked */
static void
test_search_writes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GArray) both = NULL;
  g_autofree char *sql = NULL;
  gint64 quinten;
  gint64 quirine;

  /* The fixture's record merged into Hélène's, by its e-mail */
  assert_finds (fixture, "hlefevre", 0);
  sql = g_strdup_printf ("UPDATE person SET merged_into = NULL WHERE id = %" G_GINT64_FORMAT,
                         fixture->merged);
  cas_test_exec_sql (fixture->tdb, sql);
  assert_finds (fixture, "hlefevre", fixture->merged, 0);
  assert_finds (fixture, "lefevre", fixture->helene, fixture->merged, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE person SET merged_into = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT, fixture->helene, fixture->merged);
  cas_test_exec_sql (fixture->tdb, sql);
  assert_finds (fixture, "lefevre", fixture->helene, 0);

  /* Two persons in one statement, without a centre: an operator finds
   * them, an administrator and a list by centre do not */
  cas_test_exec_sql (fixture->tdb,
                     "INSERT INTO person (first_name, last_name, email, language, created_at, "
                     "updated_at) VALUES "
                     "('Quinten', 'Quist', 'quinten.quist@example.be', 'nl', "
                     "'2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z'), "
                     "('Quirine', 'Quist-Quaghebeur', NULL, 'nl', "
                     "'2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')");
  both = find (fixture, OP, "quist");
  g_assert_cmpuint (both->len, ==, 2);
  quinten = g_array_index (both, gint64, 0);
  quirine = g_array_index (both, gint64, 1);
  assert_finds (fixture, "quist", quinten, quirine, 0);
  assert_finds (fixture, "q", quinten, quirine, 0);
  assert_finds (fixture, "qu qu", quinten, quirine, 0);
  assert_finds (fixture, "quaghe", quirine, 0);
  assert_finds (fixture, "quis quag", quirine, 0);
  assert_finds (fixture, "q quag", quirine, 0);
  assert_finds (fixture, "quinten.quist", quinten, 0);
  assert_finds (fixture, "q.quist", quinten, quirine, 0);
  assert_finds (fixture, "qui.quag", quirine, 0);
  assert_finds (fixture, "quintenquistexa", quinten, 0);
  assert_finds (fixture, "quintenquistexz", 0);
  assert_finds (fixture, "qu qz", 0);
  g_assert_cmpuint (count_and_page (fixture, fixture->admin, "quist", 0, NULL), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, OP, "quist", fixture->centre_a, NULL), ==, 0);
  g_assert_cmpuint (count_and_page (fixture, OP, "quist", 0, "nl"), ==, 2);

  /* Renamed together, then one of them deleted */
  cas_test_exec_sql (fixture->tdb, "UPDATE person SET last_name = 'Quast' "
                                   "WHERE last_name LIKE 'Quist%'");
  assert_finds (fixture, "quist", 0);
  assert_finds (fixture, "quast", quinten, quirine, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("DELETE FROM person WHERE id = %" G_GINT64_FORMAT, quinten);
  cas_test_exec_sql (fixture->tdb, sql);
  assert_finds (fixture, "quast", quirine, 0);
  assert_finds (fixture, "quintenquist", 0);
}

static void
on_count_cancelled (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 1;

  g_assert_false (cas_person_register_count_finish (CAS_PERSON_REGISTER (source), result, &n,
                                                    NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n, ==, 1);
  *done = TRUE;
}

static void
on_list_cancelled (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_null (cas_person_register_list_finish (CAS_PERSON_REGISTER (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasPersonQuery) query = cas_person_query_new ("dupo");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;
  gboolean done = FALSE;
  guint n = 1;

  /* A count or page asked for again with other words stops */
  g_cancellable_cancel (cancellable);
  g_assert_false (cas_person_register_count (fixture->reg, OP, query, &n, &more, cancellable,
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (more);
  g_clear_error (&error);
  g_assert_null (cas_person_register_list (fixture->reg, OP, query, 0, 10, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cas_person_register_count_async (fixture->reg, OP, query, cancellable, on_count_cancelled,
                                   &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  done = FALSE;
  cas_person_register_list_async (fixture->reg, OP, query, 0, 10, cancellable,
                                  on_list_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* A cancellable not cancelled changes nothing */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_assert_true (cas_person_register_count (fixture->reg, OP, query, &n, &more, cancellable,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_false (more);
}

static void
test_query_text (void)
{
  struct
  {
    const char *search;
    const char *sqlite;
    const char *postgresql;
  } cases[] = {
    { NULL, "", "" },
    { "  ", "", "" },
    { "Dupo", "\"dupo\"*", "'dupo':*" },
    { "van den br", "\"van\"* AND \"den\"* AND \"br\"*", "'van':* & 'den':* & 'br':*" },
    { "jean-pi", "(\"jean\"* AND \"pi\"*)", "('jean':* & 'pi':*)" },
    { "85.07.30-033.61", "\"85073003361\"*", "'85073003361':*" },
    { "+32 470 12", "\"3247012\"*", "'3247012':*" },
    { "0032 470", "\"32470\"*", "'32470':*" },
    { "a@b.be", "\"abbe\"*", "'abbe':*" },
    { "jean.dup", "(\"jeandup\"* OR (\"jean\"* AND \"dup\"*))",
      "('jeandup':* | ('jean':* & 'dup':*))" },
    { "'; DROP TABLE person; --", "\"drop\"* AND \"table\"* AND \"person\"*",
      "'drop':* & 'table':* & 'person':*" },
    { "NEAR(\"x\" *)", "(\"near\"* AND \"x\"*)", "('near':* & 'x':*)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sqlite = NULL;
      g_autofree char *postgresql = NULL;

      sqlite = _cas_person_register_search_query (cases[i].search, CAS_DIALECT_SQLITE, NULL);
      postgresql = _cas_person_register_search_query (cases[i].search, CAS_DIALECT_POSTGRESQL,
                                                      NULL);
      g_assert_cmpstr (sqlite, ==, cases[i].sqlite);
      g_assert_cmpstr (postgresql, ==, cases[i].postgresql);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/person-register/query-text", test_query_text);
#define ADD(path, func) \
  g_test_add ("/person-register/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("search/accents", test_search_accents);
  ADD ("search/prefixes", test_search_prefixes);
  ADD ("search/nrn", test_search_nrn);
  ADD ("search/phone", test_search_phone);
  ADD ("search/email", test_search_email);
  ADD ("search/hostile", test_search_hostile);
  ADD ("filters", test_filters);
  ADD ("paging", test_paging);
  ADD ("masking", test_masking);
  ADD ("admin-scope", test_admin_scope);
  ADD ("update-email", test_update_email);
  ADD ("detail", test_detail);
  ADD ("async", test_async);
  ADD ("order", test_order);
  ADD ("count-limit", test_count_limit);
  ADD ("window", test_window);
  ADD ("search/order", test_search_order);
  ADD ("search/scope", test_search_scope);
  ADD ("search/writes", test_search_writes);
  ADD ("cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
