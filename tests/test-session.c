/* test-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-company-service.h"
#include "cas-exam-service.h"
#include "cas-person-service.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-util.h"

/* Every call of these tests acts as an operator */
#define OP (cas_test_operator (fixture->tdb))

typedef struct
{
  CasTestDatabase   *tdb;
  CasSessionService *sessions;
  CasPersonService  *persons;
  gint64             liege;
  gint64             gent;
  gint64             exam_1;
  gint64             exam_2;
} Fixture;

static gint64
add_centre (CasTestDatabase *tdb,
            const char      *name,
            const char      *city)
{
  g_autoptr(CasCompanyService) service = cas_company_service_new (tdb->db);
  g_autoptr(CasCompany) company = cas_company_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  company->name = g_strdup (name);
  company->city = g_strdup (city);
  company->is_exam_centre = TRUE;
  id = cas_company_service_create (service, cas_test_operator (tdb), company, &error);
  g_assert_no_error (error);

  return id;
}

static char *
day_from_now (int days,
              const char *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  return g_strdup_printf ("%s %s", date, time);
}

static gint64
add_session (Fixture    *fixture,
             gint64      centre,
             gint64      exam,
             int         days,
             const char *location,
             int         capacity)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = day_from_now (days, "09:30");
  CasSessionDraft draft = {
    .exam_id = exam,
    .company_id = centre,
    .starts_at = start,
    .location = location,
    .room = "Salle 2",
    .capacity = capacity,
    .language = "fr",
  };
  gint64 id;

  id = cas_session_service_create (fixture->sessions, OP, &draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
add_person (Fixture    *fixture,
            const char *first,
            const char *last)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  cas_person_service_create (fixture->persons, OP, person, &error);
  g_assert_no_error (error);

  return person->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasExamService) exams = NULL;
  g_autoptr(CasExam) exam_1 = NULL;
  g_autoptr(CasExam) exam_2 = NULL;

  fixture->tdb = cas_test_database_new ();
  fixture->sessions = cas_session_service_new (fixture->tdb->db);
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  exams = cas_exam_service_new (fixture->tdb->db);
  exam_1 = cas_exam_service_find_by_code (exams, "INS-1", NULL);
  exam_2 = cas_exam_service_find_by_code (exams, "INS-2", NULL);
  fixture->exam_1 = exam_1->id;
  fixture->exam_2 = exam_2->id;
  fixture->liege = add_centre (fixture->tdb, "Centre de formation Liège", "Liège");
  fixture->gent = add_centre (fixture->tdb, "Examencentrum Gent", "Gent");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->sessions);
  g_clear_object (&fixture->persons);
  cas_test_database_free (fixture->tdb);
}

static guint
count (Fixture        *fixture,
       CasSessionWhen  when,
       const char     *search)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (when, search);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (cas_session_service_count (fixture->sessions, OP, query, &n, &error));
  g_assert_no_error (error);

  return n;
}

static void
test_list_and_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CasSessionQuery) query = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  CasExamSession *first;

  add_session (fixture, fixture->liege, fixture->exam_1, 10, "Boulevard d'Avroy 38, Liège", 20);
  add_session (fixture, fixture->liege, fixture->exam_2, 3, "Boulevard d'Avroy 38, Liège", 20);
  add_session (fixture, fixture->gent, fixture->exam_1, -5, "Kortrijksesteenweg 1044, Gent", 16);
  add_session (fixture, fixture->gent, fixture->exam_2, -40, "Kortrijksesteenweg 1044, Gent", 16);

  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, NULL), ==, 4);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_UPCOMING, NULL), ==, 2);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_PAST, NULL), ==, 2);

  /* Accents and case do not matter; every word must match somewhere */
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "liege"), ==, 2);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "LIÈGE"), ==, 2);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "gent ins-2"), ==, 1);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "non-vie"), ==, 2);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "schadeverzekeringen gent"), ==, 1);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "kortrijksesteenweg"), ==, 2);
  /* Wildcards in the search are plain characters */
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "%"), ==, 0);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "_"), ==, 0);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, "'; DROP TABLE exam_session; --"), ==, 0);
  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, NULL), ==, 4);

  /* Upcoming: soonest first */
  query = cas_session_query_new (CAS_SESSION_WHEN_UPCOMING, NULL);
  query->language = g_strdup ("nl");
  page = cas_session_service_list (fixture->sessions, OP, query, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  first = g_ptr_array_index (page, 0);
  g_assert_cmpstr (cas_exam_session_get_exam_code (first), ==, "INS-2");
  g_assert_cmpstr (cas_exam_session_get_exam_title (first), ==, "Module 2 – Schadeverzekeringen");
  g_assert_cmpstr (cas_exam_session_get_centre_name (first), ==, "Centre de formation Liège");
  g_assert_cmpstr (cas_exam_session_get_room (first), ==, "Salle 2");
  g_assert_cmpint (cas_exam_session_get_capacity (first), ==, 20);
  g_assert_cmpint (cas_exam_session_get_duration (first), ==, 90);
  g_assert_cmpint (cas_exam_session_get_status (first), ==, CAS_SESSION_PLANNED);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;

  for (int i = 0; i < 53; i++)
    add_session (fixture, i % 2 ? fixture->liege : fixture->gent, fixture->exam_1, i - 26,
                 "Somewhere", 10);

  for (guint offset = 0; offset < 60; offset += 10)
    {
      g_autoptr(GPtrArray) page =
        cas_session_service_list (fixture->sessions, OP, query, offset, 10, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, offset < 50 ? 10 : 3);
      for (guint i = 0; i < page->len; i++)
        {
          CasExamSession *session = g_ptr_array_index (page, i);
          gint64 *id = g_new (gint64, 1);

          *id = cas_exam_session_get_id (session);
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          /* Latest first */
          if (previous != NULL)
            g_assert_cmpstr (cas_exam_session_get_starts_at (session), <=, previous);
          g_free (previous);
          previous = g_strdup (cas_exam_session_get_starts_at (session));
        }
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 53);
}

static void
test_create_bad_input (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CasSessionDraft draft = {
    .exam_id = fixture->exam_1,
    .company_id = fixture->liege,
    .starts_at = "2026-02-30 09:00",
    .location = "Liège",
    .capacity = 20,
    .language = "fr",
  };

  g_assert_cmpint (cas_session_service_create (fixture->sessions, OP, &draft, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_DATE);
  g_clear_error (&error);

  draft.starts_at = "2026-12-01 25:00";
  g_assert_cmpint (cas_session_service_create (fixture->sessions, OP, &draft, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);

  draft.starts_at = "2026-12-01 09:00";
  draft.capacity = 0;
  g_assert_cmpint (cas_session_service_create (fixture->sessions, OP, &draft, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  draft.capacity = 20;
  draft.location = "";
  g_assert_cmpint (cas_session_service_create (fixture->sessions, OP, &draft, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  draft.location = "Liège";
  draft.exam_id = 999;
  g_assert_cmpint (cas_session_service_create (fixture->sessions, OP, &draft, &error), ==, 0);
  g_assert_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (count (fixture, CAS_SESSION_WHEN_ALL, NULL), ==, 0);
}

static void
test_register_and_results (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) registrations = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(CasExamSession) session = NULL;
  gint64 id = add_session (fixture, fixture->liege, fixture->exam_1, 2, "Liège", 2);
  gint64 jan = add_person (fixture, "Jan", "Peeters");
  gint64 els = add_person (fixture, "Els", "Aerts");
  gint64 wim = add_person (fixture, "Wim", "Claes");
  gint64 r_jan, r_els;
  CasRegistration *first;

  r_jan = cas_session_service_register (fixture->sessions, OP, id, jan, &error);
  g_assert_no_error (error);
  r_els = cas_session_service_register (fixture->sessions, OP, id, els, &error);
  g_assert_no_error (error);

  /* Twice the same person */
  g_assert_cmpint (cas_session_service_register (fixture->sessions, OP, id, jan, &error), ==, 0);
  g_assert_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_ALREADY_REGISTERED);
  g_clear_error (&error);

  /* Two seats */
  g_assert_cmpint (cas_session_service_register (fixture->sessions, OP, id, wim, &error), ==, 0);
  g_assert_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_FULL);
  g_clear_error (&error);

  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, r_jan, 50, &error));
  g_assert_true (cas_session_service_record_score (fixture->sessions, OP, r_els, 49, &error));
  g_assert_no_error (error);
  g_assert_false (cas_session_service_record_score (fixture->sessions, OP, r_els, 101, &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (cas_session_service_record_score (fixture->sessions, OP, 9999, 60, &error));
  g_assert_error (error, CAS_SESSION_ERROR, CAS_SESSION_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cas_session_service_add_staff (fixture->sessions,
                                                OP,
                                                id,
                                                wim,
                                                CAS_STAFF_CONTROLLER,
                                                &error));
  g_assert_true (cas_session_service_add_staff (fixture->sessions,
                                                OP,
                                                id,
                                                wim,
                                                CAS_STAFF_CONTROLLER,
                                                &error));
  g_assert_no_error (error);

  registrations = cas_session_service_list_registrations (fixture->sessions, OP, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (registrations->len, ==, 2);
  /* By last name: Aerts before Peeters */
  first = g_ptr_array_index (registrations, 0);
  g_assert_cmpstr (cas_registration_get_last_name (first), ==, "Aerts");
  g_assert_cmpint (cas_registration_get_status (first), ==, CAS_REGISTRATION_FAILED);
  g_assert_cmpint (cas_registration_get_score (first), ==, 49);
  g_assert_cmpint (cas_registration_get_status (g_ptr_array_index (registrations, 1)), ==,
                   CAS_REGISTRATION_PASSED);

  staff = cas_session_service_list_staff (fixture->sessions, OP, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  g_assert_cmpstr (cas_staff_member_get_first_name (g_ptr_array_index (staff, 0)), ==, "Wim");

  session = cas_session_service_get (fixture->sessions, OP, id, "fr", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cas_exam_session_get_n_registered (session), ==, 2);
  g_assert_cmpint (cas_exam_session_get_n_passed (session), ==, 1);

  g_assert_true (cas_session_service_record_attendance (fixture->sessions,
                                                       OP,
                                                       r_jan,
                                                       FALSE,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM registration "
                                       "WHERE status = 'absent'"), ==, 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action LIKE 'registration.%'"),
                   ==, 5);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *page;
  guint      n;
  GPtrArray *staff;
  GPtrArray *registrations;
} AsyncData;

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cas_session_service_count_finish (CAS_SESSION_SERVICE (object),
                                                   result,
                                                   &data->n,
                                                   &error));
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->page = cas_session_service_list_finish (CAS_SESSION_SERVICE (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
members_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cas_session_service_load_members_finish (CAS_SESSION_SERVICE (object),
                                                          result,
                                                          &data->staff,
                                                          &data->registrations,
                                                          &error));
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_UPCOMING, "liege");
  AsyncData async = { g_main_loop_new (NULL, FALSE), };
  gint64 id;

  id = add_session (fixture, fixture->liege, fixture->exam_1, 1, "Liège", 10);
  add_session (fixture, fixture->gent, fixture->exam_1, 1, "Gent", 10);
  cas_session_service_register (fixture->sessions,
                                OP,
                                id,
                                add_person (fixture, "Jan", "Peeters"),
                                NULL);

  cas_session_service_count_async (fixture->sessions, OP, query, NULL, count_done, &async);
  g_main_loop_run (async.loop);
  g_assert_cmpuint (async.n, ==, 1);

  cas_session_service_list_async (fixture->sessions, OP, query, 0, 50, NULL, list_done, &async);
  g_main_loop_run (async.loop);
  g_assert_cmpuint (async.page->len, ==, 1);
  g_assert_cmpint (cas_exam_session_get_id (g_ptr_array_index (async.page, 0)), ==, id);

  cas_session_service_load_members_async (fixture->sessions, OP, id, NULL, members_done, &async);
  g_main_loop_run (async.loop);
  g_assert_cmpuint (async.staff->len, ==, 0);
  g_assert_cmpuint (async.registrations->len, ==, 1);

  g_ptr_array_unref (async.page);
  g_ptr_array_unref (async.staff);
  g_ptr_array_unref (async.registrations);
  g_main_loop_unref (async.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/session/list/filter-and-search", test_list_and_filter);
  ADD ("/session/list/paging", test_paging);
  ADD ("/session/create/bad-input", test_create_bad_input);
  ADD ("/session/register-and-results", test_register_and_results);
  ADD ("/session/async", test_async);

#undef ADD

  return g_test_run ();
}
