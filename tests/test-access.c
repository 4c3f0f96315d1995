/* test-access.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full matrix: every service action against every role, and against an
 * administrator of another centre, with the expected allow or deny; a
 * refusal must be a CAS_ACCESS_ERROR and leave a line in the audit log.
 * Runs on SQLite and on PostgreSQL like the other core suites.
 */

#include "config.h"

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-audit-service.h"
#include "cas-company-service.h"
#include "cas-exam-service.h"
#include "cas-person-service.h"
#include "cas-session-service.h"
#include "cas-test-utils.h"
#include "cas-util.h"

typedef enum
{
  ROLE_OPERATOR,
  ROLE_ADMIN,          /* of centre A */
  ROLE_OTHER_ADMIN,    /* of centre B */
  ROLE_CONTROLLER,     /* supervises session S1 of centre A */
  ROLE_CANDIDATE,      /* sits session S1 */
  ROLE_NONE,           /* an account without any role */
  N_ROLES
} Role;

static const char * const role_names[N_ROLES] = {
  "operator", "admin", "other-admin", "controller", "candidate", "none",
};

typedef struct
{
  CasTestDatabase   *tdb;
  CasAccount        *actors[N_ROLES];
  gint64             centre_a;
  gint64             centre_b;
  gint64             exam;
  gint64             person_a;       /* held by centre A */
  gint64             person_b;       /* held by centre B */
  gint64             session_a;      /* S1, centre A, upcoming */
  gint64             session_b;      /* centre B, upcoming */
  gint64             registration;   /* the candidate in S1 */
  gint64             account_none;
  gint64             account_target;   /* what account actions act on */
  CasSessionService *sessions;
  CasPersonService  *persons;
  CasAccountService *accounts;
} Fixture;

static gint64
add_person (Fixture    *fixture,
            CasAccount *local,
            const char *first,
            const char *last,
            gint64      centre)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->company_id = centre;
  cas_person_service_create (fixture->persons, local, person, &error);
  g_assert_no_error (error);

  return person->id;
}

static gint64
add_account (Fixture    *fixture,
             CasAccount *local,
             const char *login,
             gint64      person,
             CasRole     role,
             gint64      centre)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cas_account_service_create (fixture->accounts, local, login, "matrix password", person,
                                   &error);
  g_assert_no_error (error);
  if (role != CAS_ROLE_NONE)
    {
      cas_account_service_grant (fixture->accounts, local, id, role, centre, &error);
      g_assert_no_error (error);
    }

  return id;
}

static gint64
add_session (Fixture    *fixture,
             CasAccount *local,
             gint64      centre)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 09:00");
  g_autoptr(GError) error = NULL;
  CasSessionDraft draft = {
    .exam_id = fixture->exam,
    .company_id = centre,
    .starts_at = start,
    .location = "Rue Royale 35, 1000 Bruxelles",
    .capacity = 30,
    .language = "fr",
  };
  gint64 id = cas_session_service_create (fixture->sessions, local, &draft, &error);

  g_assert_no_error (error);

  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasExamService) exams = NULL;
  g_autoptr(CasExam) exam = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasCompany) a = cas_company_new ();
  g_autoptr(CasCompany) b = cas_company_new ();
  gint64 admin_person, controller_person, candidate_person, other_admin_person;
  const char *logins[N_ROLES] = { "m.operator", "m.admin", "m.other", "m.controller",
                                  "m.candidate", "m.none" };

  fixture->tdb = cas_test_database_new ();
  local = cas_account_new_local (fixture->tdb->db);
  fixture->sessions = cas_session_service_new (fixture->tdb->db);
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  fixture->accounts = cas_account_service_new (fixture->tdb->db);
  companies = cas_company_service_new (fixture->tdb->db);
  exams = cas_exam_service_new (fixture->tdb->db);
  exam = cas_exam_service_find_by_code (exams, "INS-1", &error);
  g_assert_no_error (error);
  fixture->exam = exam->id;

  a->name = g_strdup ("Centre A");
  a->is_exam_centre = TRUE;
  b->name = g_strdup ("Centre B");
  b->is_exam_centre = TRUE;
  fixture->centre_a = cas_company_service_create (companies, local, a, &error);
  fixture->centre_b = cas_company_service_create (companies, local, b, &error);
  g_assert_no_error (error);

  fixture->person_a = add_person (fixture, local, "Anne", "Aerts", fixture->centre_a);
  fixture->person_b = add_person (fixture, local, "Bert", "Bauwens", fixture->centre_b);
  admin_person = add_person (fixture, local, "Ada", "Admin", fixture->centre_a);
  other_admin_person = add_person (fixture, local, "Otto", "Other", fixture->centre_b);
  controller_person = add_person (fixture, local, "Carl", "Control", fixture->centre_a);
  candidate_person = add_person (fixture, local, "Cato", "Candidate", fixture->centre_a);

  fixture->session_a = add_session (fixture, local, fixture->centre_a);
  fixture->session_b = add_session (fixture, local, fixture->centre_b);
  cas_session_service_add_staff (fixture->sessions, local, fixture->session_a, controller_person,
                                 CAS_STAFF_CONTROLLER, &error);
  g_assert_no_error (error);
  fixture->registration = cas_session_service_register (fixture->sessions, local,
                                                        fixture->session_a, candidate_person,
                                                        &error);
  g_assert_no_error (error);

  add_account (fixture, local, logins[ROLE_OPERATOR], 0, CAS_ROLE_OPERATOR, 0);
  add_account (fixture, local, logins[ROLE_ADMIN], admin_person, CAS_ROLE_ADMIN, fixture->centre_a);
  add_account (fixture, local, logins[ROLE_OTHER_ADMIN], other_admin_person, CAS_ROLE_ADMIN,
               fixture->centre_b);
  add_account (fixture, local, logins[ROLE_CONTROLLER], controller_person, CAS_ROLE_CONTROLLER, 0);
  add_account (fixture, local, logins[ROLE_CANDIDATE], candidate_person, CAS_ROLE_NONE, 0);
  fixture->account_none = add_account (fixture, local, logins[ROLE_NONE], 0, CAS_ROLE_NONE, 0);
  fixture->account_target = add_account (fixture, local, "m.target", 0, CAS_ROLE_NONE, 0);

  for (guint r = 0; r < N_ROLES; r++)
    fixture->actors[r] = cas_test_login (fixture->tdb, logins[r], "matrix password");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint r = 0; r < N_ROLES; r++)
    g_clear_object (&fixture->actors[r]);
  g_clear_object (&fixture->sessions);
  g_clear_object (&fixture->persons);
  g_clear_object (&fixture->accounts);
  cas_test_database_free (fixture->tdb);
}

/* One action of a service as a role; TRUE when it was carried out */
typedef gboolean (*ActionFunc) (Fixture    *fixture,
                                Role        role,
                                CasAccount *actor,
                                GError    **error);

static gboolean
read_session_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasExamSession) session = cas_session_service_get (f->sessions, actor, f->session_a,
                                                               "fr", error);
  return session != NULL;
}

static gboolean
read_session_b (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasExamSession) session = cas_session_service_get (f->sessions, actor, f->session_b,
                                                               "fr", error);
  return session != NULL;
}

static gboolean
read_candidates_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(GPtrArray) list = cas_session_service_list_registrations (f->sessions, actor,
                                                                      f->session_a, error);
  return list != NULL;
}

static gboolean
plan_session_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cas_get_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 40 + role);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%d 13:30");
  CasSessionDraft draft = {
    .exam_id = f->exam, .company_id = f->centre_a, .starts_at = start,
    .location = "Centre A", .capacity = 10, .language = "nl",
  };

  return cas_session_service_create (f->sessions, actor, &draft, error) != 0;
}

static gboolean
staff_session_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_session_service_add_staff (f->sessions, actor, f->session_a, f->person_a,
                                        CAS_STAFF_ADMIN, error);
}

static gboolean
register_in_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasAccount) local = cas_account_new_local (f->tdb->db);
  g_autoptr(CasPerson) person = cas_person_new ();

  /* A person of centre A, made for this attempt */
  person->first_name = g_strdup ("Reg");
  person->last_name = g_strdup_printf ("Registered %c", 'a' + role);
  person->company_id = f->centre_a;
  if (cas_person_service_create (f->persons, local, person, NULL) == 0)
    g_assert_not_reached ();

  return cas_session_service_register (f->sessions, actor, f->session_a, person->id, error) != 0;
}

static gboolean
register_b_person_in_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasAccount) local = cas_account_new_local (f->tdb->db);
  g_autoptr(CasPerson) person = cas_person_new ();

  /* A person centre B holds, made for this attempt */
  person->first_name = g_strdup ("Bee");
  person->last_name = g_strdup_printf ("Held By B %c", 'a' + role);
  person->company_id = f->centre_b;
  if (cas_person_service_create (f->persons, local, person, NULL) == 0)
    g_assert_not_reached ();

  return cas_session_service_register (f->sessions, actor, f->session_a, person->id, error) != 0;
}

static gboolean
attendance_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_session_service_record_attendance (f->sessions, actor, f->registration, TRUE, error);
}

static gboolean
result_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_session_service_record_score (f->sessions, actor, f->registration, 70, error);
}

static gboolean
read_person_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasPerson) person = cas_person_service_get (f->persons, actor, f->person_a, error);
  return person != NULL;
}

static gboolean
read_person_b (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasPerson) person = cas_person_service_get (f->persons, actor, f->person_b, error);
  return person != NULL;
}

static gboolean
create_person_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasPerson) person = cas_person_new ();

  person->first_name = g_strdup ("New");
  person->last_name = g_strdup (role_names[role][0] == 'o' ? "Onetwo" : "Another");
  person->company_id = f->centre_a;

  return cas_person_service_create (f->persons, actor, person, error) != 0;
}

static gboolean
update_person (Fixture   *f,
               CasAccount *actor,
               gint64     id,
               GError   **error)
{
  g_autoptr(CasAccount) local = cas_account_new_local (f->tdb->db);
  g_autoptr(CasPerson) person = cas_person_service_get (f->persons, local, id, NULL);

  g_free (person->city);
  person->city = g_strdup ("Gent");

  return cas_person_service_update (f->persons, actor, person, error);
}

static gboolean
update_person_a (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return update_person (f, actor, f->person_a, error);
}

static gboolean
update_person_b (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return update_person (f, actor, f->person_b, error);
}

static gboolean
import_persons (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  const char *text = "first_name,last_name\nImp,Orted\n";
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (text, strlen (text), NULL);

  return cas_person_service_import_csv (f->persons, actor, input, 0, CAS_IMPORT_DEFAULT, NULL,
                                        NULL, NULL, NULL, NULL, error);
}

static gboolean
export_persons (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();

  return cas_person_service_export_csv (f->persons, actor, output, NULL, error) >= 0;
}

static gboolean
create_company (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasCompanyService) companies = cas_company_service_new (f->tdb->db);
  g_autoptr(CasCompany) company = cas_company_new ();

  company->name = g_strdup_printf ("Company of %s", role_names[role]);

  return cas_company_service_create (companies, actor, company, error) != 0;
}

static gboolean
list_companies (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasCompanyService) companies = cas_company_service_new (f->tdb->db);
  g_autoptr(GPtrArray) list = cas_company_service_list (companies, actor, TRUE, error);

  return list != NULL;
}

static gboolean
create_account (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autofree char *login = g_strdup_printf ("new.%s", role_names[role]);

  return cas_account_service_create (f->accounts, actor, login, "a long password", 0, error) != 0;
}

static gboolean
grant_role (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_account_service_grant (f->accounts, actor, f->account_target, CAS_ROLE_CONTROLLER, 0,
                                    error);
}

static gboolean
list_accounts (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(GPtrArray) list = cas_account_service_list (f->accounts, actor, error);

  return list != NULL;
}

static gboolean
reset_password (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_account_service_reset_password (f->accounts, actor, f->account_target,
                                             "another long one", error);
}

static gboolean
disable_account (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  return cas_account_service_set_disabled (f->accounts, actor, f->account_target, FALSE, error);
}

static gboolean
read_audit (Fixture *f, Role role, CasAccount *actor, GError **error)
{
  g_autoptr(CasAuditService) audit = cas_audit_service_new (f->tdb->db);
  g_autoptr(CasAuditQuery) query = cas_audit_query_new ();
  g_autoptr(GPtrArray) events = cas_audit_service_list (audit, actor, query, 0, 10, error);

  return events != NULL;
}

typedef struct
{
  const char *name;
  ActionFunc  func;
  /* O A A2 C K N */
  const char *expected;
} Action;

/* Y: carried out; n: refused with CAS_ACCESS_ERROR */
static const Action actions[] = {
  { "read a session of centre A",         read_session_a,         "YYnYYn" },
  { "read a session of centre B",         read_session_b,         "YnYnnn" },
  { "read the candidates of a session",   read_candidates_a,      "YYnYYn" },
  { "plan a session at centre A",         plan_session_a,         "YYnnnn" },
  { "add staff to a session of A",        staff_session_a,        "YYnnnn" },
  { "register a person of A",             register_in_a,          "YYnnnn" },
  { "register a person of B in A",        register_b_person_in_a, "Ynnnnn" },
  { "record attendance",                  attendance_a,           "YYnYnn" },
  { "record a result",                    result_a,               "Ynnnnn" },
  { "read a person of centre A",          read_person_a,          "YYnnnn" },
  { "read a person of centre B",          read_person_b,          "YnYnnn" },
  { "create a person at centre A",        create_person_a,        "YYnnnn" },
  { "change a person of centre A",        update_person_a,        "YYnnnn" },
  { "change a person of centre B",        update_person_b,        "YnYnnn" },
  { "import persons",                     import_persons,         "YYYnnn" },
  { "export persons",                     export_persons,         "YYYnnn" },
  { "add a company",                      create_company,         "Ynnnnn" },
  { "list the exam centres",              list_companies,         "YYYYYY" },
  { "create an account",                  create_account,         "Ynnnnn" },
  { "give a role",                        grant_role,             "Ynnnnn" },
  { "list the accounts",                  list_accounts,          "Ynnnnn" },
  { "reset a password",                   reset_password,         "Ynnnnn" },
  { "enable an account",                  disable_account,        "Ynnnnn" },
  { "read the audit log",                 read_audit,             "Ynnnnn" },
};

static gint64
count_refusals (Fixture *fixture)
{
  return cas_test_query_int (fixture->tdb->db,
                             "SELECT COUNT(*) FROM audit_event WHERE action = 'access.denied'");
}

static void
test_matrix (Fixture       *fixture,
             gconstpointer  data)
{
  guint failures = 0;

  for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
    for (guint r = 0; r < N_ROLES; r++)
      {
        g_autoptr(GError) error = NULL;
        gboolean expected = actions[a].expected[r] == 'Y';
        gint64 refusals = count_refusals (fixture);
        gboolean done;

        done = actions[a].func (fixture, r, fixture->actors[r], &error);

        if (expected && !done)
          {
            g_printerr ("%s as %s: refused, expected allowed: %s\n", actions[a].name,
                        role_names[r], error ? error->message : "(no error)");
            failures++;
          }
        else if (!expected && done)
          {
            g_printerr ("%s as %s: allowed, expected refused\n", actions[a].name, role_names[r]);
            failures++;
          }
        else if (!expected && !g_error_matches (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED))
          {
            g_printerr ("%s as %s: refused with another error: %s\n", actions[a].name,
                        role_names[r], error ? error->message : "(no error)");
            failures++;
          }
        else if (!expected && count_refusals (fixture) != refusals + 1)
          {
            g_printerr ("%s as %s: the refusal is not in the audit log\n", actions[a].name,
                        role_names[r]);
            failures++;
          }
        else if (!expected && strstr (error->message, "You may not") == NULL)
          {
            g_printerr ("%s as %s: the message does not say what was refused: %s\n",
                        actions[a].name, role_names[r], error->message);
            failures++;
          }
      }

  g_assert_cmpuint (failures, ==, 0);
}

/* Lists hold what each role may see */
static void
test_scoped_lists (Fixture       *fixture,
                   gconstpointer  data)
{
  /* O A A2 C K N: sessions seen, candidates of S1 seen */
  const guint sessions_seen[N_ROLES] = { 2, 1, 1, 1, 1, 0 };
  const guint candidates_seen[N_ROLES] = { 1, 1, 0, 1, 1, 0 };
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);

  for (guint r = 0; r < N_ROLES; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) candidates = NULL;
      guint n = 0;

      g_assert_true (cas_session_service_count (fixture->sessions, fixture->actors[r], query, &n,
                                                &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, sessions_seen[r]);

      page = cas_session_service_list (fixture->sessions, fixture->actors[r], query, 0, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, sessions_seen[r]);

      candidates = cas_session_service_list_registrations (fixture->sessions, fixture->actors[r],
                                                           fixture->session_a, NULL);
      g_assert_cmpuint (candidates ? candidates->len : 0, ==, candidates_seen[r]);
    }
}

/* The warning against a second record of the same person: in full for a
 * record the actor may see; of another centre's, the minimal identity
 * only (name, year of birth, the centre that holds it) */
static void
test_duplicate_warning (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
  g_autoptr(CasPerson) held = cas_person_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *nrn = cas_test_make_nrn ("1985-07-30", 'F', 34);
  gint64 before = cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person");

  held->first_name = g_strdup ("Bea");
  held->last_name = g_strdup ("Bosmans");
  held->birth_date = g_strdup ("1985-07-30");
  held->sex = g_strdup ("F");
  held->nrn = g_strdup (nrn);
  held->company_id = fixture->centre_b;
  cas_person_service_create (fixture->persons, local, held, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < N_ROLES; r++)
    {
      g_autoptr(CasPerson) second = cas_person_new ();

      if (r != ROLE_OPERATOR && r != ROLE_ADMIN && r != ROLE_OTHER_ADMIN)
        continue;

      second->first_name = g_strdup ("Beatrijs");
      second->last_name = g_strdup ("Bosmans");
      second->birth_date = g_strdup ("1985-07-30");
      second->sex = g_strdup ("F");
      second->nrn = g_strdup (nrn);
      g_assert_cmpint (cas_person_service_create (fixture->persons, fixture->actors[r], second,
                                                  &error), ==, 0);
      g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NRN_EXISTS);
      g_assert_nonnull (strstr (error->message, "Bea Bosmans"));
      if (r == ROLE_ADMIN)
        {
          /* Centre A's admin: the year, the centre, not the birth date */
          g_assert_nonnull (strstr (error->message, "1985"));
          g_assert_null (strstr (error->message, "1985-07-30"));
          g_assert_nonnull (strstr (error->message, "Centre B"));
        }
      else
        g_assert_nonnull (strstr (error->message, "1985-07-30"));
      g_clear_error (&error);
    }

  g_assert_cmpint (cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person"), ==,
                   before + 1);
}

static guint
count_audit (Fixture    *fixture,
             const char *actor,
             const char *action,
             const char *since,
             const char *until)
{
  g_autoptr(CasAuditService) audit = cas_audit_service_new (fixture->tdb->db);
  g_autoptr(CasAuditQuery) query = cas_audit_query_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  query->actor = g_strdup (actor);
  query->action = g_strdup (action);
  query->since = g_strdup (since);
  query->until = g_strdup (until);
  g_assert_true (cas_audit_service_count (audit, fixture->actors[ROLE_OPERATOR], query, &n,
                                          &error));
  g_assert_no_error (error);

  return n;
}

/* Failed logins are found under the login typed; days are Belgian days */
static void
test_audit_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAccount) nobody = NULL;

  nobody = cas_account_service_authenticate (fixture->accounts, "m.admin", "not it", &error);
  g_assert_null (nobody);
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_clear_error (&error);
  nobody = cas_account_service_authenticate (fixture->accounts, "no.such.login", "not it",
                                             &error);
  g_assert_null (nobody);
  g_clear_error (&error);

  g_assert_cmpuint (count_audit (fixture, "m.admin", "login", NULL, NULL), >=, 1);
  g_assert_cmpuint (count_audit (fixture, "no.such.login", "login", NULL, NULL), ==, 1);

  /* 23:30 UTC on 1 March is 00:30 on 2 March in Brussels */
  cas_test_exec_sql (fixture->tdb,
                     "INSERT INTO audit_event (occurred_at, actor, action) "
                     "VALUES ('2026-03-01T23:30:00Z', 'night.owl', 'person.update')");
  g_assert_cmpuint (count_audit (fixture, "night.owl", NULL, "2026-03-02", "2026-03-02"), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "night.owl", NULL, "2026-03-01", "2026-03-01"), ==, 0);
  g_assert_cmpuint (count_audit (fixture, "night.owl", NULL, NULL, "2026-03-01"), ==, 0);
  g_assert_cmpuint (count_audit (fixture, "night.owl", NULL, "2026-03-02", NULL), ==, 1);
}

static void
test_login_checks (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CasTestDatabase) other = cas_test_database_new ();
  g_autoptr(CasSessionService) other_sessions = cas_session_service_new (other->db);
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
  g_autoptr(GError) error = NULL;
  CasAccount *admin = fixture->actors[ROLE_ADMIN];
  guint n = 0;

  /* A login of another database is refused there, revealing nothing */
  g_assert_false (cas_session_service_count (other_sessions, admin, query, &n, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_OTHER_DATABASE);
  g_clear_error (&error);

  /* No account at all */
  g_assert_false (cas_session_service_count (fixture->sessions, NULL, query, &n, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  /* A role taken away counts at once, without a new login */
  {
    g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
    gint64 id = cas_account_service_find_id (fixture->accounts, local, "m.admin", &error);

    g_assert_true (cas_account_service_revoke (fixture->accounts, local, id, CAS_ROLE_ADMIN, 0,
                                               &error));
    g_assert_no_error (error);
    g_assert_null (cas_session_service_get (fixture->sessions, admin, fixture->session_a, "fr",
                                            &error));
    g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
    g_clear_error (&error);
  }

  /* A login that ended is refused */
  g_assert_true (cas_account_service_logout (fixture->accounts, fixture->actors[ROLE_OPERATOR],
                                             &error));
  g_assert_false (cas_session_service_count (fixture->sessions, fixture->actors[ROLE_OPERATOR],
                                             query, &n, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  /* A disabled account's logins end at once */
  {
    g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
    gint64 id = cas_account_service_find_id (fixture->accounts, local, "m.controller", &error);

    g_assert_true (cas_account_service_set_disabled (fixture->accounts, local, id, TRUE, &error));
    g_assert_false (cas_session_service_count (fixture->sessions, fixture->actors[ROLE_CONTROLLER],
                                               query, &n, &error));
    g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN);
  }
}

static void
test_expired_login (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  cas_test_exec_sql (fixture->tdb, "UPDATE login_session SET expires_at = '2000-01-01T00:00:00Z'");
  g_assert_false (cas_session_service_count (fixture->sessions, fixture->actors[ROLE_ADMIN], query,
                                             &n, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN);
  g_assert_nonnull (strstr (error->message, "log in again"));
}

static void
test_password_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (fixture->tdb->db);
  g_autoptr(CasAccount) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_password = g_strnfill (10000, 'p');
  CasAccount *admin = fixture->actors[ROLE_ADMIN];

  /* An account an operator makes: its user must choose their own password */
  {
    g_autoptr(CasAccount) made = NULL;

    cas_account_service_create (accounts, fixture->actors[ROLE_OPERATOR], "m.made",
                                "first password", 0, &error);
    g_assert_no_error (error);
    made = cas_test_login (fixture->tdb, "m.made", "first password");
    g_assert_true (cas_account_get_must_change_password (made));
  }

  g_assert_false (cas_account_service_change_password (accounts, admin, "wrong", "a new password",
                                                       &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (cas_account_service_change_password (accounts, admin, "matrix password", "short",
                                                       &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_false (cas_account_service_change_password (accounts, admin, "matrix password",
                                                       "m.admin", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_false (cas_account_service_change_password (accounts, admin, "matrix password",
                                                       long_password, &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);

  g_assert_true (cas_account_service_change_password (accounts, admin, "matrix password",
                                                      "my very own password", &error));
  g_assert_no_error (error);

  again = cas_test_login (fixture->tdb, "m.admin", "my very own password");
  g_assert_false (cas_account_get_must_change_password (again));
  g_assert_null (cas_account_service_authenticate (accounts, "m.admin", "matrix password", &error));
  g_assert_error (error, CAS_ACCOUNT_ERROR, CAS_ACCOUNT_ERROR_LOGIN_FAILED);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'account.change-password'"), ==, 1);
}

static void
test_reset_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CasSessionQuery) query = cas_session_query_new (CAS_SESSION_WHEN_ALL, NULL);
  g_autoptr(CasAccount) fresh = NULL;
  g_autoptr(GError) error = NULL;
  CasAccount *operator = fixture->actors[ROLE_OPERATOR];
  gint64 id;
  guint n = 0;

  id = cas_account_service_find_id (fixture->accounts, operator, "m.candidate", &error);
  g_assert_true (cas_account_service_reset_password (fixture->accounts, operator, id,
                                                     "reset to this one", &error));
  g_assert_no_error (error);

  /* The old login ends; the new password works and must be changed */
  g_assert_false (cas_session_service_count (fixture->sessions, fixture->actors[ROLE_CANDIDATE],
                                             query, &n, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_NOT_LOGGED_IN);
  fresh = cas_test_login (fixture->tdb, "m.candidate", "reset to this one");
  g_assert_true (cas_account_get_must_change_password (fresh));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/access/matrix", test_matrix);
  ADD ("/access/scoped-lists", test_scoped_lists);
  ADD ("/access/duplicate-warning", test_duplicate_warning);
  ADD ("/access/login-checks", test_login_checks);
  ADD ("/access/audit-filters", test_audit_filters);
  ADD ("/access/expired-login", test_expired_login);
  ADD ("/access/password-change", test_password_change);
  ADD ("/access/reset-password", test_reset_password);

#undef ADD

  return g_test_run ();
}
