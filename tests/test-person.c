/* test-person.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-person-service.h"
#include "cas-test-utils.h"

/* These tests act as an operator */
#define OP (cas_test_operator (tdb))

static CasPerson *
sample_person (void)
{
  CasPerson *person = cas_person_new ();

  person->first_name = g_strdup ("  Jean-Pierre ");
  person->last_name = g_strdup ("Van  den Broeck");
  person->birth_date = g_strdup ("30/07/1985");
  person->nrn = cas_test_make_nrn ("1985-07-30", 'M', 33);
  person->email = g_strdup ("Jean-Pierre.VDB@Example.BE");
  person->phone = g_strdup ("0470 12 34 56");
  person->street = g_strdup ("Rue de la Loi 16");
  person->postcode = g_strdup ("1000");
  person->city = g_strdup ("Bruxelles");

  return person;
}

static gint64
count_persons (CasDatabase *db)
{
  return cas_test_query_int (db, "SELECT COUNT(*) FROM person");
}

static void
test_create_normalizes (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(CasPerson) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nrn = g_strdup (person->nrn);
  gint64 id;

  id = cas_person_service_create (service, OP, person, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (person->id, ==, id);

  stored = cas_person_service_get (service, OP, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->first_name, ==, "Jean-Pierre");
  g_assert_cmpstr (stored->last_name, ==, "Van den Broeck");
  g_assert_cmpstr (stored->birth_date, ==, "1985-07-30");
  g_assert_cmpstr (stored->nrn, ==, nrn);
  g_assert_true (stored->nrn_verified);
  /* What the NRN tells completes the record */
  g_assert_cmpstr (stored->sex, ==, "M");
  g_assert_cmpstr (stored->email, ==, "jean-pierre.vdb@example.be");
  g_assert_cmpstr (stored->phone, ==, "+32470123456");
  /* Brussels, no language given: French */
  g_assert_cmpstr (stored->language, ==, "fr");
  g_assert_cmpint (stored->revision, ==, 1);

  g_assert_cmpint (cas_test_query_int (tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'person.create'"),
                   ==, 1);
}

static void
test_language_from_postcode (void)
{
  g_assert_cmpstr (cas_language_for_postcode ("1000"), ==, "fr");
  g_assert_cmpstr (cas_language_for_postcode ("2000"), ==, "nl");
  g_assert_cmpstr (cas_language_for_postcode ("4700"), ==, "de");
  g_assert_cmpstr (cas_language_for_postcode ("4000"), ==, "fr");
  g_assert_cmpstr (cas_language_for_postcode ("9000"), ==, "nl");
  g_assert_cmpstr (cas_language_for_postcode ("1348"), ==, "fr");
  g_assert_null (cas_language_for_postcode ("75001"));
  g_assert_null (cas_language_for_postcode (NULL));
}

static void
test_duplicate_nrn_refused (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) first = sample_person ();
  g_autoptr(CasPerson) second = sample_person ();
  g_autoptr(GError) error = NULL;

  cas_person_service_create (service, OP, first, &error);
  g_assert_no_error (error);

  g_free (second->first_name);
  second->first_name = g_strdup ("Jan");
  g_assert_cmpint (cas_person_service_create (service, OP, second, &error), ==, 0);
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NRN_EXISTS);
  /* The message names the record that holds the NRN */
  g_assert_nonnull (strstr (error->message, "Jean-Pierre Van den Broeck"));
  g_assert_nonnull (strstr (error->message, "1985-07-30"));
  g_assert_cmpint (count_persons (tdb->db), ==, 1);
}

typedef struct
{
  const char *path;
  CasField    field;
  const char *value;
  int         code;
} BadInput;

static void
set_field (CasPerson  *person,
           CasField    field,
           const char *value)
{
  char **slot = NULL;

  switch (field)
    {
    case CAS_FIELD_FIRST_NAME: slot = &person->first_name; break;
    case CAS_FIELD_LAST_NAME:  slot = &person->last_name; break;
    case CAS_FIELD_BIRTH_DATE: slot = &person->birth_date; break;
    case CAS_FIELD_NRN:        slot = &person->nrn; break;
    case CAS_FIELD_EMAIL:      slot = &person->email; break;
    case CAS_FIELD_PHONE:      slot = &person->phone; break;
    case CAS_FIELD_LANGUAGE:   slot = &person->language; break;
    case CAS_FIELD_POSTCODE:   slot = &person->postcode; break;
    default:                   g_assert_not_reached ();
    }

  g_free (*slot);
  *slot = g_strdup (value);
}

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (g_str_equal (bad->value, "LONG"))
    value = g_strnfill (10000, 'a');
  else
    value = g_strdup (bad->value);

  set_field (person, bad->field, value);
  g_assert_cmpint (cas_person_service_create (service, OP, person, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, bad->code);
  /* The message names the field, and stays readable */
  g_assert_nonnull (strstr (error->message, cas_field_get_label (bad->field)));
  g_assert_cmpint (strlen (error->message), <, 300);
  g_assert_cmpint (count_persons (tdb->db), ==, 0);
  g_assert_cmpint (cas_test_query_int (tdb->db, "SELECT COUNT(*) FROM audit_event "
                                                "WHERE action LIKE 'person.%'"), ==, 0);
}

static const BadInput bad_inputs[] = {
  { "/person/bad/impossible-date", CAS_FIELD_BIRTH_DATE, "1990-02-31",
    CAS_VALIDATION_ERROR_INVALID_DATE },
  { "/person/bad/future-birth", CAS_FIELD_BIRTH_DATE, "2999-01-01",
    CAS_VALIDATION_ERROR_OUT_OF_RANGE },
  { "/person/bad/nrn-check-digit", CAS_FIELD_NRN, "85.07.30-033.00",
    CAS_VALIDATION_ERROR_CHECK_DIGIT },
  { "/person/bad/nrn-format", CAS_FIELD_NRN, "85.07.30", CAS_VALIDATION_ERROR_FORMAT },
  { "/person/bad/long-name", CAS_FIELD_LAST_NAME, "LONG", CAS_VALIDATION_ERROR_TOO_LONG },
  { "/person/bad/sql-in-name", CAS_FIELD_LAST_NAME, "Robert'); DROP TABLE person;--",
    CAS_VALIDATION_ERROR_INVALID_CHARACTERS },
  { "/person/bad/empty-first-name", CAS_FIELD_FIRST_NAME, "   ", CAS_VALIDATION_ERROR_REQUIRED },
  { "/person/bad/email", CAS_FIELD_EMAIL, "jean.dupont@", CAS_VALIDATION_ERROR_FORMAT },
  { "/person/bad/phone", CAS_FIELD_PHONE, "call me", CAS_VALIDATION_ERROR_INVALID_CHARACTERS },
  { "/person/bad/language", CAS_FIELD_LANGUAGE, "es", CAS_VALIDATION_ERROR_FORMAT },
  { "/person/bad/tab-in-name", CAS_FIELD_FIRST_NAME, "Jean\tPierre",
    CAS_VALIDATION_ERROR_INVALID_CHARACTERS },
};

static void
test_nrn_inconsistent (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(GError) error = NULL;

  /* A woman's NRN on a record that says 31 July */
  set_field (person, CAS_FIELD_BIRTH_DATE, "1985-07-31");
  g_assert_cmpint (cas_person_service_create (service, OP, person, &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, cas_field_get_label (CAS_FIELD_NRN)));
  g_assert_cmpint (count_persons (tdb->db), ==, 0);
}

static void
test_quotes_kept (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(CasPerson) stored = NULL;
  g_autoptr(GError) error = NULL;

  set_field (person, CAS_FIELD_LAST_NAME, "O'Brien-D’Hondt");
  set_field (person, CAS_FIELD_FIRST_NAME, "Иван");
  g_clear_pointer (&person->nrn, g_free);
  cas_person_service_create (service, OP, person, &error);
  g_assert_no_error (error);

  stored = cas_person_service_get (service, OP, person->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->last_name, ==, "O'Brien-D’Hondt");
  g_assert_cmpstr (stored->first_name, ==, "Иван");
}

static void
test_update (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(CasPerson) mine = NULL;
  g_autoptr(CasPerson) theirs = NULL;
  g_autoptr(CasPerson) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  cas_person_service_create (service, OP, person, &error);
  g_assert_no_error (error);

  /* Two desks open the same record */
  mine = cas_person_service_get (service, OP, person->id, &error);
  theirs = cas_person_service_get (service, OP, person->id, &error);
  g_assert_no_error (error);

  set_field (mine, CAS_FIELD_EMAIL, "jp.vandenbroeck@gmail.com");
  g_assert_true (cas_person_service_update (service, OP, mine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mine->revision, ==, 2);

  /* The second save is refused, not a silent overwrite */
  set_field (theirs, CAS_FIELD_PHONE, "+32 2 555 12 12");
  g_assert_false (cas_person_service_update (service, OP, theirs, &error));
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED);
  g_clear_error (&error);

  stored = cas_person_service_get (service, OP, person->id, &error);
  g_assert_cmpstr (stored->email, ==, "jp.vandenbroeck@gmail.com");
  g_assert_cmpstr (stored->phone, ==, "+32470123456");
  g_assert_cmpint (stored->revision, ==, 2);

  /* The audit log says what changed */
  details = cas_test_query_string (tdb->db,
                                   "SELECT details FROM audit_event "
                                   "WHERE action = 'person.update'");
  g_assert_nonnull (strstr (details, "jp.vandenbroeck@gmail.com"));
  g_assert_nonnull (strstr (details, "jean-pierre.vdb@example.be"));
  g_assert_null (strstr (details, "phone"));
}

static void
test_update_invalid_changes_nothing (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(CasPerson) stored = NULL;
  g_autoptr(GError) error = NULL;

  cas_person_service_create (service, OP, person, &error);
  g_assert_no_error (error);

  set_field (person, CAS_FIELD_BIRTH_DATE, "2023-02-29");
  g_assert_false (cas_person_service_update (service, OP, person, &error));
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_INVALID_DATE);

  stored = cas_person_service_get (service, OP, person->id, NULL);
  g_assert_cmpstr (stored->birth_date, ==, "1985-07-30");
  g_assert_cmpint (stored->revision, ==, 1);
}

static void
test_find_by_ref (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) person = sample_person ();
  g_autoptr(CasPerson) by_ref = NULL;
  g_autoptr(CasPerson) by_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash_ref = NULL;

  person->external_ref = g_strdup ("CRM-0042");
  cas_person_service_create (service, OP, person, &error);
  g_assert_no_error (error);

  by_ref = cas_person_service_find_by_ref (service, OP, "CRM-0042", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_ref->id, ==, person->id);

  hash_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, person->id);
  by_id = cas_person_service_find_by_ref (service, OP, hash_ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_id->id, ==, person->id);

  g_assert_null (cas_person_service_find_by_ref (service, OP, "CRM-9999", &error));
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND);
}

/* A record made although the duplicate check found the person: a reason
 * is required, and the audit log keeps it */
static void
test_create_despite_duplicate (void)
{
  g_autoptr(CasTestDatabase) tdb = cas_test_database_new ();
  g_autoptr(CasPersonService) service = cas_person_service_new (tdb->db);
  g_autoptr(CasPerson) first = sample_person ();
  g_autoptr(CasPerson) second = sample_person ();
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  gint64 id;

  id = cas_person_service_create (service, OP, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&second->nrn, g_free);
  g_free (second->email);
  second->email = g_strdup ("other@example.be");

  /* No reason: refused, naming the field, nothing written */
  g_assert_cmpint (cas_person_service_create_despite_duplicate (service, OP, second, id, "  ",
                                                                &error), ==, 0);
  g_assert_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Reason"));
  g_clear_error (&error);
  g_assert_cmpint (cas_test_query_int (tdb->db, "SELECT COUNT(*) FROM person"), ==, 1);

  g_assert_cmpint (cas_person_service_create_despite_duplicate (service, OP, second, id,
                                                                "Namesake, other NRN on the "
                                                                "ID card", &error), >, id);
  g_assert_no_error (error);
  details = cas_test_query_string (tdb->db, "SELECT details FROM audit_event "
                                            "WHERE action = 'person.create' "
                                            "ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (details, "Namesake, other NRN on the ID card"));
  g_assert_nonnull (strstr (details, "despite_duplicate_of"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/person/create/normalizes", test_create_normalizes);
  g_test_add_func ("/person/create/language-from-postcode", test_language_from_postcode);
  g_test_add_func ("/person/create/duplicate-nrn", test_duplicate_nrn_refused);
  g_test_add_func ("/person/create/nrn-inconsistent", test_nrn_inconsistent);
  g_test_add_func ("/person/create/quotes-kept", test_quotes_kept);
  g_test_add_func ("/person/create/despite-duplicate", test_create_despite_duplicate);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    g_test_add_data_func (bad_inputs[i].path, &bad_inputs[i], test_bad_input);
  g_test_add_func ("/person/update/second-save-refused", test_update);
  g_test_add_func ("/person/update/invalid", test_update_invalid_changes_nothing);
  g_test_add_func ("/person/find-by-ref", test_find_by_ref);

  return g_test_run ();
}
