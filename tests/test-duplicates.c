/* test-duplicates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duplicate engine: normalisers and comparisons (no database), then
 * scoring, explanations, blocking, clustering, the full scan, the live
 * check and dismissed pairs on a seeded database (SQLite, or PostgreSQL
 * with CERTASSUR_TEST_POSTGRESQL).
 */

#include "config.h"

#include <string.h>

#include "cas-access.h"
#include "cas-account-service.h"
#include "cas-company-service.h"
#include "cas-duplicate-service.h"
#include "cas-duplicate.h"
#include "cas-match.h"
#include "cas-person-service.h"
#include "cas-test-utils.h"

/* Normalisers */

static void
assert_fold (const char *input,
             const char *expected)
{
  g_autofree char *folded = cas_match_fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold (void)
{
  assert_fold ("Van den Broeck", "van den broeck");
  assert_fold ("VANDENBROECK", "vandenbroeck");
  assert_fold ("  Lefèvre  ", "lefevre");
  assert_fold ("Hélène", "helene");
  assert_fold ("Müller", "muller");
  assert_fold ("Strauß", "strauss");
  assert_fold ("Yılmaz", "yilmaz");
  assert_fold ("Øberg", "oberg");
  assert_fold ("D'Hondt", "dhondt");
  assert_fold ("D’Hondt", "dhondt");
  assert_fold ("Jean-Pierre", "jean pierre");
  assert_fold ("Dupont-Lambert", "dupont lambert");
  assert_fold ("O'Neill-Smith Jr.", "oneill smith jr");
  assert_fold ("Noël", "noel");
  assert_fold ("Çelik", "celik");
  assert_fold ("", "");
  assert_fold (NULL, "");
  assert_fold ("---", "");
  /* Other scripts through ICU: something Latin and stable */
  assert_fold ("Иванов", "ivanov");
  assert_fold ("Ελένη", "elene");
  {
    g_autofree char *arabic = cas_match_fold ("محمد");
    g_autofree char *chinese = cas_match_fold ("王小明");
    g_autofree char *again = cas_match_fold ("王小明");

    g_assert_cmpuint (strlen (arabic), >, 0);
    g_assert_cmpuint (strlen (chinese), >, 0);
    g_assert_cmpstr (chinese, ==, again);
    for (const char *p = arabic; *p; p++)
      g_assert_true (g_ascii_isalnum (*p) || *p == ' ');
    for (const char *p = chinese; *p; p++)
      g_assert_true (g_ascii_isalnum (*p) || *p == ' ');
  }
}

static void
test_fold_bad_input (void)
{
  g_autofree char *huge = g_strnfill (10000, 'a');
  g_autofree char *folded = cas_match_fold (huge);
  g_autofree char *invalid = cas_match_fold ("Pe\xff\xfeters");
  char key[CAS_MATCH_PHONETIC_LEN];

  /* Cut, not refused */
  g_assert_cmpuint (strlen (folded), ==, CAS_MATCH_MAX_CHARS);
  g_assert_cmpstr (invalid, ==, "pe ters");
  cas_match_phonetic (folded, key);
  g_assert_cmpstr (key, ==, "a");
}

static void
test_names (void)
{
  g_autofree char *a = cas_match_name_joined ("van den broeck");
  g_autofree char *b = cas_match_name_joined ("vandenbroeck");
  g_autofree char *core = cas_match_name_core ("van den broeck");
  g_autofree char *core_smet = cas_match_name_core ("de smet");
  g_autofree char *core_only = cas_match_name_core ("van");
  g_autofree char *core_de_la = cas_match_name_core ("de la fontaine");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (core, ==, "broeck");
  g_assert_cmpstr (core_smet, ==, "smet");
  g_assert_cmpstr (core_only, ==, "van");
  g_assert_cmpstr (core_de_la, ==, "fontaine");
  g_assert_true (cas_match_is_particle ("van"));
  g_assert_true (cas_match_is_particle ("d"));
  g_assert_false (cas_match_is_particle ("vervoort"));
}

static void
assert_same_sound (const char *x,
                   const char *y)
{
  g_autofree char *fx = cas_match_fold (x);
  g_autofree char *fy = cas_match_fold (y);
  char kx[CAS_MATCH_PHONETIC_LEN], ky[CAS_MATCH_PHONETIC_LEN];

  cas_match_phonetic (fx, kx);
  cas_match_phonetic (fy, ky);
  if (strcmp (kx, ky) != 0)
    g_error ("“%s” (%s) and “%s” (%s) should sound alike", x, kx, y, ky);
}

static void
assert_other_sound (const char *x,
                    const char *y)
{
  g_autofree char *fx = cas_match_fold (x);
  g_autofree char *fy = cas_match_fold (y);
  char kx[CAS_MATCH_PHONETIC_LEN], ky[CAS_MATCH_PHONETIC_LEN];

  cas_match_phonetic (fx, kx);
  cas_match_phonetic (fy, ky);
  if (strcmp (kx, ky) == 0)
    g_error ("“%s” and “%s” should not sound alike (%s)", x, y, kx);
}

static void
test_phonetic (void)
{
  char key[CAS_MATCH_PHONETIC_LEN];

  cas_match_phonetic ("peeters", key);
  g_assert_cmpstr (key, ==, "ptrs");
  assert_same_sound ("Peeters", "Pieters");
  assert_same_sound ("Peeters", "Peters");
  assert_same_sound ("Van Dyck", "Vandijck");
  assert_same_sound ("Van Dijk", "Van Dyck");
  assert_same_sound ("Van den Broeck", "VANDENBROECK");
  assert_same_sound ("Van den Broeck", "Van den Broek");
  assert_same_sound ("Lefèvre", "Lefebvre");
  assert_same_sound ("Claes", "Klaas");
  assert_same_sound ("D'Hondt", "Dhont");
  assert_same_sound ("Schmitz", "Smits");
  assert_same_sound ("Mohamed", "Muhammad");
  assert_same_sound ("Renard", "Renart");
  assert_same_sound ("Leclercq", "Leclerc");
  assert_same_sound ("Philippe", "Filip");
  assert_same_sound ("Goossens", "Goosens");
  assert_same_sound ("Christophe", "Kristof");
  assert_other_sound ("Peeters", "Janssens");
  assert_other_sound ("Dubois", "Dupont");
  assert_other_sound ("Thomas", "Lucas");
  cas_match_phonetic ("", key);
  g_assert_cmpstr (key, ==, "");
}

static void
test_string_measures (void)
{
  g_assert_cmpfloat_with_epsilon (cas_match_jaro_winkler ("martha", "marhta"), 0.9611, 0.001);
  g_assert_cmpfloat_with_epsilon (cas_match_jaro_winkler ("dwayne", "duane"), 0.84, 0.001);
  g_assert_cmpfloat_with_epsilon (cas_match_jaro_winkler ("dixon", "dicksonx"), 0.8133, 0.001);
  g_assert_cmpfloat (cas_match_jaro_winkler ("abc", "abc"), ==, 1.0);
  g_assert_cmpfloat (cas_match_jaro_winkler ("abc", "xyz"), ==, 0.0);
  g_assert_cmpfloat (cas_match_jaro_winkler ("", "abc"), ==, 0.0);
  g_assert_true (cas_match_jaro_winkler_at_least ("martha", "marhta", 0.96));
  g_assert_false (cas_match_jaro_winkler_at_least ("martha", "marhta", 0.97));
  g_assert_false (cas_match_jaro_winkler_at_least ("peeters", "dubois", 0.5));
  g_assert_true (cas_match_jaro_winkler_at_least ("dwayne", "duane", 0.84));

  g_assert_cmpuint (cas_match_edit_distance ("vermeulen", "vermeulem", 2), ==, 1);
  g_assert_cmpuint (cas_match_edit_distance ("peeters", "peetres", 2), ==, 1);
  g_assert_cmpuint (cas_match_edit_distance ("kitten", "sitting", 5), ==, 3);
  g_assert_cmpuint (cas_match_edit_distance ("kitten", "sitting", 1), ==, 2);
  g_assert_cmpuint (cas_match_edit_distance ("", "abc", 5), ==, 3);

  g_assert_cmpuint (cas_match_digit_slips ("19850730", "19850730"), ==, 0);
  g_assert_cmpuint (cas_match_digit_slips ("19850730", "19850731"), ==, 1);
  g_assert_cmpuint (cas_match_digit_slips ("19850730", "19580730"), ==, 1);
  g_assert_cmpuint (cas_match_digit_slips ("19850730", "19860731"), ==, 2);
  g_assert_cmpuint (cas_match_digit_slips ("1985", "19850"), ==, G_MAXUINT);
}

static void
test_contact (void)
{
  g_autofree char *local = NULL;
  g_autofree char *email = cas_match_email ("  Jan.Peeters85@Telenet.BE ", &local);
  g_autofree char *p1 = cas_match_phone ("+32 470/12.34.56");
  g_autofree char *p2 = cas_match_phone ("0470 12 34 56");
  g_autofree char *p3 = cas_match_phone ("0032470123456");
  g_autofree char *p4 = cas_match_phone ("+3221234567");
  g_autofree char *p5 = cas_match_phone ("02 123 45 67");
  g_autofree char *p6 = cas_match_phone ("0033 6 12 34 56 78");
  g_autofree char *p7 = cas_match_phone ("12");
  g_autofree char *empty = cas_match_email ("", NULL);

  g_assert_cmpstr (email, ==, "jan.peeters85@telenet.be");
  g_assert_cmpstr (local, ==, "janpeeters");
  g_assert_cmpstr (p1, ==, "470123456");
  g_assert_cmpstr (p2, ==, p1);
  g_assert_cmpstr (p3, ==, p1);
  g_assert_cmpstr (p4, ==, "21234567");
  g_assert_cmpstr (p5, ==, p4);
  g_assert_cmpstr (p6, ==, "33612345678");
  g_assert_null (p7);
  g_assert_null (empty);
}

static void
test_address (void)
{
  g_autofree char *n1 = NULL;
  g_autofree char *n2 = NULL;
  g_autofree char *s1 = cas_match_street ("Av. Louise 54 bte 3", &n1);
  g_autofree char *s2 = cas_match_street ("Avenue Louise 54", &n2);
  g_autofree char *s3 = cas_match_street ("", NULL);

  g_assert_cmpstr (s1, ==, "avenue louise");
  g_assert_cmpstr (s1, ==, s2);
  g_assert_cmpstr (n1, ==, "54");
  g_assert_cmpstr (n2, ==, "54");
  g_assert_null (s3);

#define SAME_TOWN(x, y) \
  G_STMT_START { \
    g_autofree char *cx = cas_match_city (x); \
    g_autofree char *cy = cas_match_city (y); \
    g_assert_cmpstr (cx, ==, cy); \
  } G_STMT_END
  SAME_TOWN ("Bruxelles", "Brussel");
  SAME_TOWN ("Bruxelles", "BRUSSELS");
  SAME_TOWN ("Liège", "Luik");
  SAME_TOWN ("Lüttich", "Liege");
  SAME_TOWN ("Gand", "Gent");
  SAME_TOWN ("Anvers", "Antwerpen");
  SAME_TOWN ("Louvain", "Leuven");
  SAME_TOWN ("Mons", "Bergen");
  SAME_TOWN ("Saint-Gilles", "Sint-Gillis");
#undef SAME_TOWN
  {
    g_autofree char *namur = cas_match_city ("Namur");
    g_autofree char *gent = cas_match_city ("Gent");

    g_assert_cmpstr (namur, !=, gent);
  }
}

static void
test_dates_and_nrn (void)
{
  guint y, m, d;
  CasMatchNrn nrn;
  g_autofree char *nrn_1985 = cas_test_make_nrn ("1985-07-30", 'F', 34);
  g_autofree char *nrn_2004 = cas_test_make_nrn ("2004-02-29", 'M', 11);
  g_autofree char *bad = g_strdup (nrn_1985);

  g_assert_true (cas_match_parse_date ("1985-07-30", &y, &m, &d));
  g_assert_cmpuint (y, ==, 1985);
  g_assert_cmpuint (m, ==, 7);
  g_assert_cmpuint (d, ==, 30);
  g_assert_true (cas_match_parse_date ("19850730", &y, &m, &d));
  g_assert_false (cas_match_parse_date ("1985-02-30", &y, &m, &d));
  g_assert_cmpuint (y, ==, 0);
  g_assert_false (cas_match_parse_date ("yesterday", &y, &m, &d));
  g_assert_false (cas_match_parse_date ("", &y, &m, &d));
  g_assert_false (cas_match_parse_date (NULL, &y, &m, &d));

  g_assert_cmpint (cas_match_compare_dates (1985, 7, 30, 1985, 7, 30), ==, CAS_MATCH_DATE_EXACT);
  g_assert_cmpint (cas_match_compare_dates (1985, 7, 3, 1985, 3, 7), ==, CAS_MATCH_DATE_SWAPPED);
  g_assert_cmpint (cas_match_compare_dates (1985, 7, 30, 1985, 7, 31), ==,
                   CAS_MATCH_DATE_ONE_DIGIT);
  g_assert_cmpint (cas_match_compare_dates (1985, 7, 30, 1958, 7, 30), ==,
                   CAS_MATCH_DATE_ONE_DIGIT);
  g_assert_cmpint (cas_match_compare_dates (1985, 7, 30, 1985, 7, 12), ==, CAS_MATCH_DATE_CLOSE);
  g_assert_cmpint (cas_match_compare_dates (1989, 12, 30, 1990, 12, 30), ==,
                   CAS_MATCH_DATE_CLOSE);
  g_assert_cmpint (cas_match_compare_dates (1958, 3, 19, 1988, 12, 1), ==,
                   CAS_MATCH_DATE_DIFFERENT);
  g_assert_cmpint (cas_match_compare_dates (0, 0, 0, 1988, 12, 1), ==, CAS_MATCH_DATE_MISSING);

  g_assert_true (cas_match_nrn (nrn_1985, &nrn));
  g_assert_true (nrn.valid);
  g_assert_cmpuint (nrn.year, ==, 1985);
  g_assert_cmpuint (nrn.month, ==, 7);
  g_assert_cmpuint (nrn.day, ==, 30);
  g_assert_cmpint (nrn.sex, ==, 'F');

  /* The rule for births from 2000 on */
  g_assert_true (cas_match_nrn (nrn_2004, &nrn));
  g_assert_true (nrn.valid);
  g_assert_cmpuint (nrn.year, ==, 2004);
  g_assert_cmpuint (nrn.month, ==, 2);
  g_assert_cmpuint (nrn.day, ==, 29);
  g_assert_cmpint (nrn.sex, ==, 'M');

  /* Spellings */
  g_assert_true (cas_match_nrn ("85.07.30-033.28", &nrn));
  g_assert_cmpstr (nrn.digits, ==, "85073003328");

  /* A wrong check digit: 11 digits, not valid */
  bad[10] = bad[10] == '9' ? '0' : bad[10] + 1;
  g_assert_true (cas_match_nrn (bad, &nrn));
  g_assert_false (nrn.valid);
  g_assert_cmpuint (nrn.year, ==, 0);

  g_assert_false (cas_match_nrn ("1234", &nrn));
  g_assert_false (cas_match_nrn ("abc", &nrn));
  g_assert_false (cas_match_nrn (NULL, &nrn));
}

/* Compares two names; with @other, tells too whether they are two names
 * within @typos (cas_match_other_name ()) */
static CasMatchNameLevel
compare_names_typos (const char *x,
                     const char *y,
                     guint       typos,
                     gboolean   *other)
{
  g_autofree char *fx = cas_match_fold (x);
  g_autofree char *fy = cas_match_fold (y);
  g_autofree char *jx = cas_match_name_joined (fx);
  g_autofree char *jy = cas_match_name_joined (fy);
  g_autofree char *cx = cas_match_name_core (fx);
  g_autofree char *cy = cas_match_name_core (fy);
  char kx[CAS_MATCH_PHONETIC_LEN], ky[CAS_MATCH_PHONETIC_LEN];
  CasMatchName a = { fx, jx, cx, kx };
  CasMatchName b = { fy, jy, cy, ky };

  CasMatchNameLevel level;

  cas_match_phonetic (jx, kx);
  cas_match_phonetic (jy, ky);
  level = cas_match_compare_names (&a, &b);
  if (other != NULL)
    *other = cas_match_other_name (&a, &b, level, typos);

  return level;
}

static CasMatchNameLevel
compare_names (const char *x,
               const char *y)
{
  return compare_names_typos (x, y, 0, NULL);
}

static gboolean
other_names (const char *x,
             const char *y,
             guint       typos)
{
  gboolean other;

  compare_names_typos (x, y, typos, &other);

  return other;
}

static void
test_compare_names (void)
{
  g_assert_cmpint (compare_names ("Van den Broeck", "VANDENBROECK"), ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (compare_names ("Van den Broeck", "van den broeck"), ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (compare_names ("Jean-Pierre", "Jean Pierre"), ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (compare_names ("Hélène", "Helene"), ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (compare_names ("De Smet", "Smet"), ==, CAS_MATCH_NAME_PARTICLE);
  g_assert_cmpint (compare_names ("Dupont-Lambert", "Dupont"), ==, CAS_MATCH_NAME_PART);
  g_assert_cmpint (compare_names ("Jean", "Jean-Pierre"), ==, CAS_MATCH_NAME_PART);
  g_assert_cmpint (compare_names ("Vermeulen", "Vermeulem"), ==, CAS_MATCH_NAME_TYPO);
  g_assert_cmpint (compare_names ("Peeters", "Peetres"), ==, CAS_MATCH_NAME_TYPO);
  g_assert_cmpint (compare_names ("Lefèvre", "Lefebvre"), ==, CAS_MATCH_NAME_TYPO);
  g_assert_cmpint (compare_names ("Claes", "Klaas"), ==, CAS_MATCH_NAME_SOUND);
  g_assert_cmpint (compare_names ("J.", "Jean"), ==, CAS_MATCH_NAME_INITIAL);
  g_assert_cmpint (compare_names ("Christophe", "Christopher"), ==, CAS_MATCH_NAME_TYPO);
  g_assert_cmpint (compare_names ("Alexandre", "Alexandra"), ==, CAS_MATCH_NAME_TYPO);
  g_assert_cmpint (compare_names ("Thomas", "Lucas"), ==, CAS_MATCH_NAME_DIFFERENT);
  g_assert_cmpint (compare_names ("", "Lucas"), ==, CAS_MATCH_NAME_MISSING);
}

/* Two first names, or one written two ways: what tells twins */
static void
test_other_names (void)
{
  g_autofree char *huge = g_strnfill (10000, 'x');

  /* Two names */
  g_assert_true (other_names ("Thomas", "Lucas", 2));
  g_assert_true (other_names ("Camille", "Evy", 2));
  g_assert_true (other_names ("An", "Hanne", 2));
  g_assert_true (other_names ("Lies", "Louise", 2));
  g_assert_true (other_names ("Jan", "Jos", 2));
  g_assert_true (other_names ("An", "Anne-Sophie", 2));
  g_assert_true (other_names ("Lien", "Tine", 1));
  g_assert_true (other_names ("Сергей", "Thomas", 2));
  g_assert_true (other_names (huge, "Thomas", 2));
  /* One name: typos, short forms, parts, initials */
  g_assert_false (other_names ("Lien", "Tine", 2));
  g_assert_false (other_names ("Bart", "Braat", 2));
  g_assert_false (other_names ("Katrien", "Katrein", 2));
  g_assert_false (other_names ("Jan", "Jn", 2));
  g_assert_false (other_names ("Chris", "Christophe", 2));
  g_assert_false (other_names ("Jo", "Johan", 2));
  g_assert_false (other_names ("An", "Anne", 2));
  g_assert_false (other_names ("Jean", "Jean-Pierre", 2));
  g_assert_false (other_names ("J.", "Jean", 2));
  g_assert_false (other_names ("Thomas", "THOMAS", 2));
  g_assert_false (other_names ("", "Thomas", 2));
  g_assert_false (other_names ("", "", 2));
  g_assert_false (other_names (huge, huge, 2));
}

/* Scoring and explanations */

typedef struct
{
  double                 score;
  CasDuplicateBand       band;
  CasDuplicateComparison comparison;
  char                  *reasons;
} Verdict;

static void
verdict_clear (Verdict *verdict)
{
  g_clear_pointer (&verdict->reasons, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Verdict, verdict_clear)

/* Scores two records with the default weights */
static void
judge (const CasDuplicateFields *a,
       const CasDuplicateFields *b,
       Verdict                  *verdict)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  guint ia = cas_duplicate_index_add (index, a);
  guint ib = cas_duplicate_index_add (index, b);

  verdict->score = cas_duplicate_index_score (index, ia, ib, &verdict->comparison);
  verdict->band = cas_duplicate_band_for_score (verdict->score);
  verdict->reasons = cas_duplicate_comparison_explain (&verdict->comparison);
  g_test_message ("%.1f %s: %s", verdict->score, cas_duplicate_band_get_key (verdict->band),
                  verdict->reasons);

  /* Symmetric */
  g_assert_cmpfloat_with_epsilon (cas_duplicate_index_score (index, ib, ia, NULL), verdict->score,
                                  1e-9);
}

static void
test_bands (void)
{
  CasDuplicateBand band;

  g_assert_cmpint (cas_duplicate_band_for_score (40), ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpint (cas_duplicate_band_for_score (CAS_DUPLICATE_LIKELY_SCORE), ==,
                   CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpint (cas_duplicate_band_for_score (CAS_DUPLICATE_LIKELY_SCORE - 0.1), ==,
                   CAS_DUPLICATE_BAND_POSSIBLE);
  g_assert_cmpint (cas_duplicate_band_for_score (CAS_DUPLICATE_POSSIBLE_SCORE), ==,
                   CAS_DUPLICATE_BAND_POSSIBLE);
  g_assert_cmpint (cas_duplicate_band_for_score (CAS_DUPLICATE_POSSIBLE_SCORE - 0.1), ==,
                   CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_cmpint (cas_duplicate_band_for_score (-30), ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_cmpstr (cas_duplicate_band_get_key (CAS_DUPLICATE_BAND_LIKELY), ==, "likely");
  g_assert_true (cas_duplicate_band_from_key ("possible", &band));
  g_assert_cmpint (band, ==, CAS_DUPLICATE_BAND_POSSIBLE);
  g_assert_false (cas_duplicate_band_from_key ("sure", &band));
}

static void
test_score_particles (void)
{
  const CasDuplicateFields a = {
    .id = 1, .first_name = "Jan", .last_name = "Van den Broeck", .birth_date = "1968-07-30",
    .email = "jan.vandenbroeck@telenet.be", .city = "Mechelen", .postcode = "2800",
  };
  const CasDuplicateFields b = {
    .id = 2, .first_name = "JAN", .last_name = "VANDENBROECK", .birth_date = "1968-07-30",
    .email = "j.vdbroeck@makelaardij-mechelen.be", .city = "Malines",
  };
  g_auto(Verdict) v = { 0, };

  judge (&a, &b, &v);
  g_assert_cmpint (v.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpint (v.comparison.first, ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (v.comparison.last, ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (v.comparison.address, ==, CAS_DUPLICATE_ADDRESS_TOWN);
  g_assert_cmpstr (v.reasons, ==, "same birth date, name and town");
}

static void
test_score_swapped (void)
{
  const CasDuplicateFields a = {
    .first_name = "Wout", .last_name = "Vermeulen", .birth_date = "1987-12-03",
    .phone = "+32479112200",
  };
  const CasDuplicateFields b = {
    .first_name = "Vermeulem", .last_name = "Wout", .birth_date = "1987-12-03",
    .phone = "0479 11 22 00",
  };
  g_auto(Verdict) v = { 0, };

  judge (&a, &b, &v);
  g_assert_cmpint (v.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_true (v.comparison.swapped);
  g_assert_cmpstr (v.reasons, ==,
                   "same birth date, first name and phone; last name differs by one letter; "
                   "first and last name swapped");
}

static void
test_score_compound_names (void)
{
  const CasDuplicateFields a = {
    .first_name = "Anne-Sophie", .last_name = "Dupont", .birth_date = "1985-04-11",
    .street = "Rue Haute 88", .postcode = "1400", .city = "Nivelles",
  };
  const CasDuplicateFields b = {
    .first_name = "Anne Sophie", .last_name = "Dupont-Lambert", .birth_date = "1985-04-11",
    .street = "Rue Haute 88", .postcode = "1400", .city = "Nijvel",
  };
  const CasDuplicateFields c = {
    .first_name = "Jean-Pierre", .last_name = "Lejeune", .birth_date = "1972-11-02",
  };
  const CasDuplicateFields d = {
    .first_name = "Jean", .last_name = "Lejeune", .birth_date = "1972-02-11",
  };
  g_auto(Verdict) married = { 0, };
  g_auto(Verdict) shortened = { 0, };

  judge (&a, &b, &married);
  g_assert_cmpint (married.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpint (married.comparison.last, ==, CAS_MATCH_NAME_PART);
  g_assert_cmpstr (married.reasons, ==,
                   "same birth date, first name and address; one last name holds the other");

  judge (&c, &d, &shortened);
  g_assert_cmpint (shortened.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpint (shortened.comparison.birth, ==, CAS_MATCH_DATE_SWAPPED);
  g_assert_cmpstr (shortened.reasons, ==,
                   "same last name; day and month of birth swapped; first name shortened");
}

static void
test_score_nrn (void)
{
  g_autofree char *nrn = cas_test_make_nrn ("1990-05-17", 'F', 120);
  g_autofree char *other = cas_test_make_nrn ("1990-05-17", 'F', 122);
  g_autofree char *slipped = g_strdup (nrn);
  CasDuplicateFields a = {
    .first_name = "Sophie", .last_name = "Lambert", .nrn = nrn,
  };
  CasDuplicateFields b = {
    .first_name = "Sophie", .last_name = "Lambert", .birth_date = "1990-05-17", .sex = "F",
  };
  g_auto(Verdict) same = { 0, };
  g_auto(Verdict) two = { 0, };
  g_auto(Verdict) slip = { 0, };
  g_auto(Verdict) none = { 0, };

  /* The NRN tells the birth date and the sex */
  judge (&a, &b, &none);
  g_assert_cmpint (none.comparison.birth, ==, CAS_MATCH_DATE_EXACT);
  g_assert_cmpint (none.comparison.sex, ==, CAS_DUPLICATE_SEX_SAME);
  g_assert_cmpint (none.comparison.nrn, ==, CAS_DUPLICATE_NRN_MISSING);

  b.nrn = nrn;
  judge (&a, &b, &same);
  g_assert_cmpint (same.comparison.nrn, ==, CAS_DUPLICATE_NRN_SAME);
  g_assert_cmpint (same.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_true (g_str_has_prefix (same.reasons, "same national number, birth date and name"));

  /* Two valid numbers: two persons, whatever else they share */
  b.nrn = other;
  judge (&a, &b, &two);
  g_assert_cmpint (two.comparison.nrn, ==, CAS_DUPLICATE_NRN_DIFFERENT_VALID);
  g_assert_cmpint (two.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_nonnull (strstr (two.reasons, "two different valid national numbers"));

  /* One digit typed wrong: the check digit fails, and it is the same person */
  slipped[4] = slipped[4] == '9' ? '0' : slipped[4] + 1;
  b.nrn = slipped;
  b.birth_date = NULL;
  judge (&a, &b, &slip);
  g_assert_cmpint (slip.comparison.nrn, ==, CAS_DUPLICATE_NRN_ONE_DIGIT);
  g_assert_cmpint (slip.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_nonnull (strstr (slip.reasons, "national numbers differ by one digit"));
}

static void
test_score_relatives (void)
{
  g_autofree char *nrn_thomas = cas_test_make_nrn ("1999-10-05", 'M', 41);
  g_autofree char *nrn_lucas = cas_test_make_nrn ("1999-10-05", 'M', 43);
  const CasDuplicateFields thomas = {
    .first_name = "Thomas", .last_name = "Claes", .birth_date = "1999-10-05",
    .nrn = nrn_thomas, .email = "thomas.claes@gmail.com", .phone = "+32470102030",
    .street = "Beekstraat 5", .postcode = "3000", .city = "Leuven",
  };
  const CasDuplicateFields lucas = {
    .first_name = "Lucas", .last_name = "Claes", .birth_date = "1999-10-05",
    .email = "lucas.claes@gmail.com", .phone = "+32470102031",
    .street = "Beekstraat 5", .postcode = "3000", .city = "Leuven",
  };
  const CasDuplicateFields father = {
    .first_name = "Philippe", .last_name = "Renard", .birth_date = "1958-03-19",
    .email = "philippe.renard@skynet.be", .phone = "+3281223344",
    .street = "Rue du Moulin 7", .postcode = "5000", .city = "Namur",
  };
  const CasDuplicateFields son = {
    .first_name = "Philippe", .last_name = "Renard", .birth_date = "1988-12-01",
    .email = "philippe.renard88@gmail.com", .phone = "+32477223344",
    .street = "Rue du Moulin 7", .postcode = "5000", .city = "Namen",
  };
  g_auto(Verdict) twins = { 0, };
  g_auto(Verdict) parent = { 0, };

  judge (&thomas, &lucas, &twins);
  g_assert_cmpint (twins.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_cmpint (twins.comparison.relatives, ==, 1);
  g_assert_nonnull (strstr (twins.reasons, "twins"));

  judge (&father, &son, &parent);
  g_assert_cmpint (parent.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_cmpint (parent.comparison.relatives, ==, 2);
  g_assert_nonnull (strstr (parent.reasons, "born 30 years apart"));
  g_assert_true (g_str_has_prefix (parent.reasons, "same name and address"));
}

/* One of twins, with nothing but her names, birth date and address */
static const CasDuplicateFields camille = {
  .first_name = "Camille", .last_name = "Jacobs", .birth_date = "1976-08-10",
  .street = "Kerkstraat 12", .postcode = "9000", .city = "Gent",
};

/* Twins and a parent and child that nothing tells apart: at most
 * "possible", and the reasons say why; one person with a first name typed
 * wrong, shortened or a birth date slipped stays "likely" */
static void
test_score_relatives_untold (void)
{
  CasDuplicateFields other = camille;
  const CasDuplicateFields father = {
    .first_name = "Kris", .last_name = "De Meulenaere", .birth_date = "1945-04-24",
    .street = "Molenstraat 3", .postcode = "8500", .city = "Kortrijk",
  };
  CasDuplicateFields son = father;
  struct
  {
    const char *first_name;
    const char *birth_date;
    const char *city;
    guint       relatives;
    const char *reason;
  } cases[] = {
    /* Twins */
    { "Evy", NULL, NULL, 1, "same birth date, last name and address; "
                            "other first name at the same address and birth date: twins?" },
    { "Hanne", NULL, NULL, 1, "twins?" },
    { "Lucas", NULL, "Antwerpen", 1, "other first name at the same birth date: twins?" },
    { "Thomas", "1976-08-01", NULL, 1, "twins?" },
    /* One person */
    { "Camile", NULL, NULL, 0, "first name differs by one letter" },
    { "Camillle", "1976-10-08", NULL, 0, "day and month of birth swapped" },
    { "Cmilel", NULL, NULL, 0, NULL },
    { "C.", NULL, NULL, 0, "first name as an initial" },
    { "Camille-Marie", NULL, NULL, 0, "first name shortened" },
    { "CAMILLE", NULL, NULL, 0, "same birth date, name and address" },
  };
  g_auto(Verdict) parent = { 0, };
  g_auto(Verdict) slip = { 0, };
  g_auto(Verdict) swap = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Verdict) v = { 0, };

      other.first_name = cases[i].first_name;
      other.birth_date = cases[i].birth_date ? cases[i].birth_date : camille.birth_date;
      other.city = cases[i].city ? cases[i].city : camille.city;
      other.postcode = cases[i].city ? NULL : camille.postcode;
      other.street = cases[i].city ? "Meir 1" : camille.street;
      judge (&camille, &other, &v);
      if (v.comparison.relatives != cases[i].relatives ||
          (v.band == CAS_DUPLICATE_BAND_LIKELY) != (cases[i].relatives == 0) ||
          (cases[i].reason != NULL && strstr (v.reasons, cases[i].reason) == NULL))
        g_error ("Camille and %s: %.1f, %s, relatives %u: %s", cases[i].first_name, v.score,
                 cas_duplicate_band_get_key (v.band), v.comparison.relatives, v.reasons);
      if (cases[i].relatives != 0)
        g_assert_cmpint (v.band, ==, CAS_DUPLICATE_BAND_POSSIBLE);
    }

  /* A parent and a child of the same name, at the same address */
  son.birth_date = "1971-02-24";
  judge (&father, &son, &parent);
  g_assert_cmpint (parent.comparison.relatives, ==, 2);
  g_assert_cmpint (parent.band, ==, CAS_DUPLICATE_BAND_POSSIBLE);
  g_assert_cmpstr (parent.reasons, ==,
                   "same name and address; born 26 years apart: parent and child?");

  /* Not one: a year slipped by one digit (20 years), day and month swapped */
  son.birth_date = "1965-04-24";
  judge (&father, &son, &slip);
  g_assert_cmpint (slip.comparison.relatives, ==, 0);
  g_assert_cmpint (slip.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_nonnull (strstr (slip.reasons, "birth date differs by one digit"));
  son.birth_date = "1945-04-04";
  judge (&father, &son, &swap);
  g_assert_cmpint (swap.comparison.relatives, ==, 0);
  g_assert_cmpint (swap.band, ==, CAS_DUPLICATE_BAND_LIKELY);
}

/* Twins told apart by their NRNs or sex, whatever their first names; one
 * NRN makes one person, whatever the first names */
static void
test_score_relatives_told (void)
{
  g_autofree char *nrn_jan = cas_test_make_nrn ("2000-01-09", 'M', 41);
  g_autofree char *nrn_pieter_jan = cas_test_make_nrn ("2000-01-09", 'M', 43);
  const CasDuplicateFields jan = {
    .first_name = "Jan", .last_name = "Backers", .birth_date = "2000-01-09", .nrn = nrn_jan,
    .street = "Dorpstraat 4", .postcode = "3500", .city = "Hasselt",
  };
  CasDuplicateFields other = jan;
  g_auto(Verdict) twins = { 0, };
  g_auto(Verdict) sexes = { 0, };
  g_auto(Verdict) one = { 0, };
  g_auto(Verdict) sound = { 0, };

  other.first_name = "Pieter-Jan";
  other.nrn = nrn_pieter_jan;
  judge (&jan, &other, &twins);
  g_assert_cmpint (twins.comparison.relatives, ==, 1);
  g_assert_cmpint (twins.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_nonnull (strstr (twins.reasons, "two different valid national numbers"));

  other.first_name = "Jana";
  other.nrn = NULL;
  other.sex = "F";
  judge (&jan, &other, &sexes);
  g_assert_cmpint (sexes.comparison.relatives, ==, 1);
  g_assert_cmpint (sexes.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_nonnull (strstr (sexes.reasons, "other sex"));

  /* Another phone tells two names apart, not one name typed wrong */
  other.first_name = "Hanne";
  other.sex = NULL;
  other.phone = "+32470112233";
  other.nrn = NULL;
  {
    CasDuplicateFields an = jan;

    an.first_name = "An";
    an.nrn = NULL;
    an.phone = "+32470998877";
    judge (&an, &other, &sound);
    g_assert_cmpint (sound.comparison.first, ==, CAS_MATCH_NAME_SOUND);
    g_assert_cmpint (sound.comparison.relatives, ==, 1);
    g_assert_cmpint (sound.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  }

  other.first_name = "Jean";
  other.phone = NULL;
  other.nrn = nrn_jan;
  judge (&jan, &other, &one);
  g_assert_cmpint (one.comparison.relatives, ==, 0);
  g_assert_cmpint (one.band, ==, CAS_DUPLICATE_BAND_LIKELY);
}

/* Adds @n pairs of the same last name, birth date and town with two first
 * names, with NRNs (@nrn) that are the same (@one) or not, or without */
static void
add_twin_pattern (CasDuplicateIndex *index,
                  guint              n,
                  gboolean           nrn,
                  gboolean           one)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *last = g_strdup_printf ("Family%c%c", 'a' + i % 26, 'a' + i / 26);
      g_autofree char *birth = g_strdup_printf ("19%02u-03-%02u", 50 + i % 40, 1 + i % 28);
      g_autofree char *nrn_a = cas_test_make_nrn (birth, 'F', 11);
      g_autofree char *nrn_b = cas_test_make_nrn (birth, 'F', one ? 11 : 13);
      CasDuplicateFields a = {
        .first_name = "Sofie", .last_name = last, .birth_date = birth,
        .nrn = nrn ? nrn_a : NULL, .city = "Leuven",
      };
      CasDuplicateFields b = a;

      b.first_name = "Marleen";
      b.nrn = nrn ? nrn_b : NULL;
      cas_duplicate_index_add (index, &a);
      cas_duplicate_index_add (index, &b);
    }
}

/* The full scan learns whether the pattern of twins is mostly twins: from
 * the pairs whose NRNs tell, or else from how common it is */
static void
test_score_relatives_learnt (void)
{
  CasDuplicateFields evy = camille;
  struct
  {
    guint            n;
    gboolean         nrn;
    gboolean         one;
    CasDuplicateBand band;
  } cases[] = {
    { 6, TRUE, FALSE, CAS_DUPLICATE_BAND_POSSIBLE },   /* twins, as NRNs tell */
    { 6, TRUE, TRUE, CAS_DUPLICATE_BAND_LIKELY },      /* first names replaced, as NRNs tell */
    { 0, FALSE, FALSE, CAS_DUPLICATE_BAND_POSSIBLE },  /* one pair of twins: no surprise */
    { 3, TRUE, FALSE, CAS_DUPLICATE_BAND_POSSIBLE },   /* too few told; a few pairs */
    { 12, FALSE, FALSE, CAS_DUPLICATE_BAND_LIKELY },   /* more than twins can be */
  };

  evy.first_name = "Evy";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
      guint a = cas_duplicate_index_add (index, &camille);
      guint b = cas_duplicate_index_add (index, &evy);
      CasDuplicateComparison c;
      double score;

      add_twin_pattern (index, cases[i].n, cases[i].nrn, cases[i].one);
      cas_duplicate_index_estimate (index);
      score = cas_duplicate_index_score (index, a, b, &c);
      g_test_message ("%u pairs (%s): %.1f", cases[i].n,
                      !cases[i].nrn ? "no NRN" : cases[i].one ? "one NRN" : "two NRNs", score);
      g_assert_cmpint (cas_duplicate_band_for_score (score), ==, cases[i].band);
      g_assert_cmpint (c.relatives, ==, cases[i].band == CAS_DUPLICATE_BAND_POSSIBLE);
    }
}

static void
test_score_bad_input (void)
{
  g_autofree char *huge = g_strnfill (10000, 'x');
  const CasDuplicateFields empty = { 0, };
  const CasDuplicateFields odd = {
    .first_name = huge, .last_name = huge, .birth_date = "1985-02-30", .nrn = "12345678901",
    .email = "not an address", .phone = "+", .postcode = "ABCD", .street = "   ",
  };
  const CasDuplicateFields cyrillic = {
    .first_name = "Сергей", .last_name = "Иванов", .birth_date = "1979-06-01",
  };
  const CasDuplicateFields latin = {
    .first_name = "Sergej", .last_name = "Ivanov", .birth_date = "1979-06-01",
  };
  const CasDuplicateFields arabic = { .first_name = "محمد", .last_name = "العمراني" };
  const CasDuplicateFields chinese = { .first_name = "小明", .last_name = "王" };
  g_auto(Verdict) nothing = { 0, };
  g_auto(Verdict) strange = { 0, };
  g_auto(Verdict) scripts = { 0, };
  g_auto(Verdict) mixed = { 0, };

  judge (&empty, &empty, &nothing);
  g_assert_cmpfloat (nothing.score, ==, 0.0);
  g_assert_cmpstr (nothing.reasons, ==, "nothing in common");

  /* An impossible birth date and a bad NRN count as what they are: no
   * date, an unverified number */
  judge (&odd, &odd, &strange);
  g_assert_cmpint (strange.comparison.birth, ==, CAS_MATCH_DATE_MISSING);
  g_assert_cmpint (strange.comparison.nrn, ==, CAS_DUPLICATE_NRN_SAME_UNVERIFIED);
  g_assert_cmpint (strange.comparison.first, ==, CAS_MATCH_NAME_EXACT);

  judge (&cyrillic, &latin, &scripts);
  g_assert_cmpint (scripts.comparison.last, ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (scripts.band, ==, CAS_DUPLICATE_BAND_LIKELY);

  judge (&arabic, &chinese, &mixed);
  g_assert_cmpint (mixed.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
}

/* Bad input against a good record: what is bad counts as missing, or as
 * what it is, and never makes a pair likely by itself */
static void
test_score_bad_against_good (void)
{
  g_autofree char *huge = g_strnfill (10000, 'j');
  g_autofree char *nrn = cas_test_make_nrn ("1984-06-02", 'M', 57);
  g_autofree char *wrong_check = g_strdup (nrn);
  const CasDuplicateFields good = {
    .first_name = "Jan", .last_name = "Peeters", .birth_date = "1984-06-02", .sex = "M",
    .nrn = nrn, .email = "jan.peeters@telenet.be", .phone = "+32470123456",
    .street = "Kerkstraat 12", .postcode = "2000", .city = "Antwerpen",
  };
  const CasDuplicateFields blank = {
    .first_name = "", .last_name = "   ", .birth_date = "", .sex = "", .nrn = "",
    .email = " ", .email_secondary = "", .phone = "", .street = "", .postcode = " ", .city = "",
  };
  CasDuplicateFields bad = good;
  const CasDuplicateFields wang_wei = {
    .first_name = "伟", .last_name = "王", .birth_date = "2001-05-05",
    .street = "Kerkstraat 12", .postcode = "2000", .city = "Antwerpen",
  };
  CasDuplicateFields wang_fang = wang_wei;
  g_auto(Verdict) empty = { 0, };
  g_auto(Verdict) long_name = { 0, };
  g_auto(Verdict) impossible = { 0, };
  g_auto(Verdict) check_digit = { 0, };
  g_auto(Verdict) two_invalid = { 0, };
  g_auto(Verdict) twins = { 0, };

  /* Empty and blank fields: nothing compared */
  judge (&good, &blank, &empty);
  g_assert_cmpfloat (empty.score, ==, 0.0);
  g_assert_cmpint (empty.band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_cmpstr (empty.reasons, ==, "nothing in common");

  /* A 10,000-character first name: another name, for an operator to look */
  bad.first_name = huge;
  bad.nrn = NULL;
  judge (&good, &bad, &long_name);
  g_assert_cmpint (long_name.comparison.first, ==, CAS_MATCH_NAME_DIFFERENT);
  g_assert_cmpint (long_name.band, ==, CAS_DUPLICATE_BAND_POSSIBLE);

  /* An impossible birth date is no birth date, whatever the NRN says */
  bad = good;
  bad.birth_date = "1984-02-31";
  bad.nrn = NULL;
  judge (&good, &bad, &impossible);
  g_assert_cmpint (impossible.comparison.birth, ==, CAS_MATCH_DATE_MISSING);
  g_assert_cmpint (impossible.band, ==, CAS_DUPLICATE_BAND_LIKELY);

  /* An NRN whose check digit is wrong: one digit from the right one; two
   * invalid numbers that differ are no proof of two persons */
  wrong_check[10] = wrong_check[10] == '9' ? '0' : wrong_check[10] + 1;
  bad = good;
  bad.nrn = wrong_check;
  judge (&good, &bad, &check_digit);
  g_assert_cmpint (check_digit.comparison.nrn, ==, CAS_DUPLICATE_NRN_ONE_DIGIT);
  g_assert_cmpint (check_digit.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  {
    CasDuplicateFields x = good, y = good;

    x.nrn = "84060205712";
    y.nrn = "84060299934";
    judge (&x, &y, &two_invalid);
    g_assert_cmpint (two_invalid.comparison.nrn, ==, CAS_DUPLICATE_NRN_DIFFERENT);
    g_assert_cmpint (two_invalid.band, ==, CAS_DUPLICATE_BAND_LIKELY);
  }

  /* Twins named in another script */
  wang_fang.first_name = "芳";
  judge (&wang_wei, &wang_fang, &twins);
  g_assert_cmpint (twins.comparison.last, ==, CAS_MATCH_NAME_EXACT);
  g_assert_cmpint (twins.comparison.relatives, ==, 1);
  g_assert_cmpint (twins.band, !=, CAS_DUPLICATE_BAND_LIKELY);
}

/* Blocking, the full scan in memory, and clusters */

static void
test_find_pairs (void)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateStats stats;
  static const char * const first_names[] = {
    "Jan", "Marie", "Pieter", "Sophie", "Luc", "Els", "Koen", "Nathalie", "Bram", "Julie",
  };
  static const char * const last_names[] = {
    "Peeters", "Janssens", "Dubois", "Lambert", "Maes", "Claes", "Mertens", "Renard",
  };
  guint jan[3];
  guint marc[2];
  GArray *first_cluster;

  /* Eighty persons that differ in birth date, and nobody else is one of them */
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *birth = g_strdup_printf ("19%02u-%02u-%02u", 50 + i % 40, 1 + i % 12,
                                                1 + i % 28);
      g_autofree char *email = g_strdup_printf ("person%u@example.be", i);
      CasDuplicateFields f = {
        .id = 100 + i, .first_name = first_names[i % 10], .last_name = last_names[i % 8],
        .birth_date = birth, .email = email, .postcode = "1000", .city = "Bruxelles",
      };
      cas_duplicate_index_add (index, &f);
    }

  /* Three records of one person, written three ways */
  {
    CasDuplicateFields a = {
      .id = 1, .first_name = "Jan", .last_name = "Van den Broeck", .birth_date = "1968-07-30",
      .phone = "+32475667788", .postcode = "2800", .city = "Mechelen",
    };
    CasDuplicateFields b = {
      .id = 2, .first_name = "Jan", .last_name = "Vandenbroeck", .birth_date = "1968-07-30",
      .email = "jan.vandenbroeck@telenet.be",
    };
    CasDuplicateFields c = {
      .id = 3, .first_name = "VAN DEN BROECK", .last_name = "JAN",
      .email = "jan.vandenbroeck@telenet.be", .phone = "0475 66 77 88",
    };
    jan[0] = cas_duplicate_index_add (index, &a);
    jan[1] = cas_duplicate_index_add (index, &b);
    jan[2] = cas_duplicate_index_add (index, &c);
  }
  /* And one pair: the same NRN, names swapped */
  {
    g_autofree char *nrn = cas_test_make_nrn ("1971-01-26", 'M', 77);
    CasDuplicateFields a = { .id = 4, .first_name = "Marc", .last_name = "Dubois", .nrn = nrn };
    CasDuplicateFields b = { .id = 5, .first_name = "Dubois", .last_name = "Marc", .nrn = nrn };

    marc[0] = cas_duplicate_index_add (index, &a);
    marc[1] = cas_duplicate_index_add (index, &b);
  }

  cas_duplicate_index_estimate (index);
  pairs = cas_duplicate_index_find_pairs (index, CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, NULL,
                                          NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pairs);
  g_assert_cmpuint (stats.n_records, ==, 85);
  g_assert_cmpuint (stats.n_candidates, >=, 4);
  g_assert_cmpuint (stats.n_candidates, <, 85 * 84 / 2);

  /* Jan's three pairs and Marc's one, best first, nothing else */
  g_assert_cmpuint (pairs->len, ==, 4);
  for (guint i = 0; i < pairs->len; i++)
    {
      CasDuplicatePair *p = &g_array_index (pairs, CasDuplicatePair, i);
      gint64 ida = cas_duplicate_index_get_id (index, p->a);
      gint64 idb = cas_duplicate_index_get_id (index, p->b);

      g_assert_cmpint (ida, <=, 5);
      g_assert_cmpint (idb, <=, 5);
      g_assert_true ((ida <= 3) == (idb <= 3));
      g_assert_cmpfloat (p->score, >=, CAS_DUPLICATE_LIKELY_SCORE);
      if (i > 0)
        g_assert_cmpfloat (p->score, <=, g_array_index (pairs, CasDuplicatePair, i - 1).score);
    }

  clusters = cas_duplicate_cluster (pairs);
  g_assert_cmpuint (clusters->len, ==, 2);
  first_cluster = g_ptr_array_index (clusters, 0);
  g_assert_cmpuint (first_cluster->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (g_array_index (first_cluster, guint, i), ==, jan[i]);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (clusters, 1))->len, ==, 2);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (clusters, 1), guint, 0), ==,
                    marc[0]);
  g_assert_true (cas_duplicate_index_share_key (index, marc[0], marc[1]));
}

static void
test_large_blocks (void)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateStats stats;
  guint n = 3000;

  /* Everybody is Jan Peeters of Antwerpen: one huge block, compared by
   * sorted neighbourhood, not all against all */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *birth = g_strdup_printf ("%04u-%02u-%02u", 1940 + i % 60, 1 + i / 60 % 12,
                                                1 + i / 720 % 28);
      CasDuplicateFields f = {
        .id = i + 1, .first_name = "Jan", .last_name = "Peeters", .birth_date = birth,
        .postcode = "2000", .city = "Antwerpen",
      };
      cas_duplicate_index_add (index, &f);
    }

  pairs = cas_duplicate_index_find_pairs (index, CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, NULL,
                                          NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_large_blocks, >, 0);
  g_assert_cmpuint (stats.n_candidates, <=, (guint64) n * 20 * 4);
  g_assert_cmpuint (stats.n_candidates, <, (guint64) n * (n - 1) / 20);
}

static void
cancel_at_start (double   fraction,
                 gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancel (void)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CasDuplicateFields f = { .first_name = "Jan", .last_name = "Peeters" };
  GArray *pairs;

  cas_duplicate_index_add (index, &f);
  cas_duplicate_index_add (index, &f);
  pairs = cas_duplicate_index_find_pairs (index, 0, NULL, NULL, cancel_at_start, cancellable,
                                          cancellable, NULL, &error);
  g_assert_null (pairs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* On a database */

typedef struct
{
  CasTestDatabase     *tdb;
  CasPersonService    *persons;
  CasDuplicateService *duplicates;
  CasAccount          *operator;
  CasAccount          *admin;        /* of centre A */
  CasAccount          *controller;
  gint64               centre_a;
  gint64               centre_b;
  /* Jan Van den Broeck three times, Sophie Lambert twice, Koen Maes twice
   * (both in centre B); twins, and a father and son */
  gint64               jan[3];
  gint64               sophie[2];
  gint64               koen[2];
  gint64               twins[2];
  gint64               renard[2];
  char                *sophie_nrn;
} Fixture;

typedef struct
{
  const char *ref;
  const char *first;
  const char *last;
  const char *birth;
  const char *sex;
  const char *nrn;
  const char *email;
  const char *phone;
  const char *street;
  const char *postcode;
  const char *city;
} Seed;

static gint64
seed_person (Fixture    *fixture,
             CasAccount *local,
             gint64      centre,
             const Seed *seed)
{
  g_autoptr(CasPerson) person = cas_person_new ();
  g_autoptr(GError) error = NULL;

  person->external_ref = g_strdup (seed->ref);
  person->first_name = g_strdup (seed->first);
  person->last_name = g_strdup (seed->last);
  person->birth_date = g_strdup (seed->birth);
  person->sex = g_strdup (seed->sex);
  person->nrn = g_strdup (seed->nrn);
  person->email = g_strdup (seed->email);
  person->phone = g_strdup (seed->phone);
  person->street = g_strdup (seed->street);
  person->postcode = g_strdup (seed->postcode);
  person->city = g_strdup (seed->city);
  person->company_id = centre;
  cas_person_service_create (fixture->persons, local, person, &error);
  g_assert_no_error (error);

  return person->id;
}

static gint64
add_account (CasTestDatabase *tdb,
             CasAccount      *local,
             const char      *login,
             CasRole          role,
             gint64           centre)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (tdb->db);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cas_account_service_create (accounts, local, login, "duplicate password", 0, &error);
  g_assert_no_error (error);
  cas_account_service_grant (accounts, local, id, role, centre, &error);
  g_assert_no_error (error);

  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasCompanyService) companies = NULL;
  g_autoptr(CasCompany) a = cas_company_new ();
  g_autoptr(CasCompany) b = cas_company_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *nrn_thomas = cas_test_make_nrn ("1999-10-05", 'M', 41);
  g_autofree char *nrn_lucas = cas_test_make_nrn ("1999-10-05", 'M', 43);
  static const char * const first_names[] = {
    "Pieter", "Els", "Luc", "Nathalie", "Bram", "Julie", "Dirk", "Céline", "Arne", "Lotte",
  };
  static const char * const last_names[] = {
    "Peeters", "Janssens", "Dubois", "Mertens", "Wouters", "Goossens", "Leclercq",
  };

  fixture->tdb = cas_test_database_new ();
  local = cas_account_new_local (fixture->tdb->db);
  fixture->persons = cas_person_service_new (fixture->tdb->db);
  fixture->duplicates = cas_duplicate_service_new (fixture->tdb->db);
  companies = cas_company_service_new (fixture->tdb->db);

  a->name = g_strdup ("Centre A");
  a->is_exam_centre = TRUE;
  b->name = g_strdup ("Centre B");
  b->is_exam_centre = TRUE;
  fixture->centre_a = cas_company_service_create (companies, local, a, &error);
  g_assert_no_error (error);
  fixture->centre_b = cas_company_service_create (companies, local, b, &error);
  g_assert_no_error (error);

  fixture->sophie_nrn = cas_test_make_nrn ("1990-05-17", 'F', 120);

  fixture->jan[0] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "JVDB-1", "Jan", "Van den Broeck", "1968-07-30", NULL, NULL, NULL, "+32475667788",
    "Lindenlaan 9", "2800", "Mechelen" });
  fixture->jan[1] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "JVDB-2", "JAN", "VANDENBROECK", "1968-07-30", NULL, NULL, "jan.vandenbroeck@telenet.be",
    NULL, NULL, NULL, NULL });
  fixture->jan[2] = seed_person (fixture, local, fixture->centre_b, &(Seed) {
    "JVDB-3", "Van den Broeck", "Jan", NULL, NULL, NULL, "jan.vandenbroeck@telenet.be",
    "0475 66 77 88", NULL, NULL, "Malines" });
  fixture->sophie[0] = seed_person (fixture, local, fixture->centre_b, &(Seed) {
    "SL-1", "Sophie", "Lambert", NULL, NULL, fixture->sophie_nrn, "sophie.lambert@gmail.com",
    NULL, "Rue de la Station 14", "5000", "Namur" });
  fixture->sophie[1] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "SL-2", "Sophie", "Lambert", "1990-05-17", "F", NULL, "s.lambert@courtage-namur.be",
    NULL, NULL, NULL, NULL });
  fixture->koen[0] = seed_person (fixture, local, fixture->centre_b, &(Seed) {
    "KM-1", "Koen", "Maes", "1975-03-03", NULL, NULL, "koen.maes@skynet.be", NULL,
    NULL, NULL, NULL });
  fixture->koen[1] = seed_person (fixture, local, fixture->centre_b, &(Seed) {
    "KM-2", "Koen", "Maes", "1975-03-03", NULL, NULL, "koen.maes@skynet.be", NULL,
    NULL, NULL, NULL });
  fixture->twins[0] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "TW-1", "Thomas", "Claes", "1999-10-05", NULL, nrn_thomas, "thomas.claes@gmail.com",
    "+32470102030", "Beekstraat 5", "3000", "Leuven" });
  fixture->twins[1] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "TW-2", "Lucas", "Claes", "1999-10-05", NULL, nrn_lucas, "lucas.claes@gmail.com",
    "+32470102031", "Beekstraat 5", "3000", "Leuven" });
  fixture->renard[0] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "PR-1", "Philippe", "Renard", "1958-03-19", NULL, NULL, "philippe.renard@skynet.be",
    "+3281223344", "Rue du Moulin 7", "5000", "Namur" });
  fixture->renard[1] = seed_person (fixture, local, fixture->centre_a, &(Seed) {
    "PR-2", "Philippe", "Renard", "1988-12-01", NULL, NULL, "philippe.renard88@gmail.com",
    "+32477223344", "Rue du Moulin 7", "5000", "Namur" });

  /* Others, nobody's double */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *ref = g_strdup_printf ("OTHER-%u", i);
      g_autofree char *birth = g_strdup_printf ("19%02u-%02u-%02u", 50 + i, 1 + i % 12,
                                                1 + i % 28);
      g_autofree char *email = g_strdup_printf ("other%u@example.be", i);

      seed_person (fixture, local, i % 2 ? fixture->centre_a : fixture->centre_b, &(Seed) {
        ref, first_names[i % 10], last_names[i % 7], birth, NULL, NULL, email, NULL, NULL,
        "1000", "Bruxelles" });
    }

  add_account (fixture->tdb, local, "d.admin", CAS_ROLE_ADMIN, fixture->centre_a);
  add_account (fixture->tdb, local, "d.controller", CAS_ROLE_CONTROLLER, 0);
  fixture->operator = g_object_ref (cas_test_operator (fixture->tdb));
  fixture->admin = cas_test_login (fixture->tdb, "d.admin", "duplicate password");
  fixture->controller = cas_test_login (fixture->tdb, "d.controller", "duplicate password");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->operator);
  g_clear_object (&fixture->admin);
  g_clear_object (&fixture->controller);
  g_clear_object (&fixture->persons);
  g_clear_object (&fixture->duplicates);
  g_clear_pointer (&fixture->sophie_nrn, g_free);
  g_clear_pointer (&fixture->tdb, cas_test_database_free);
}

/* The proposal of @scan that pairs @a and @b, or NULL */
static CasDuplicateProposal *
find_pair (CasDuplicateScan *scan,
           gint64            a,
           gint64            b)
{
  for (guint i = 0; i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (scan->pairs, i);

      if ((p->a->id == a && p->b->id == b) || (p->a->id == b && p->b->id == a))
        return p;
    }

  return NULL;
}

static void
test_db_scan (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateProposal *p;
  GArray *cluster;

  scan = cas_duplicate_service_scan (fixture->duplicates, fixture->operator,
                                     CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  g_assert_cmpuint (scan->stats.n_records, ==, 51);

  /* Exactly the doubles: Jan's three pairs, Sophie, Koen */
  g_assert_cmpuint (scan->pairs->len, ==, 5);
  g_assert_nonnull (find_pair (scan, fixture->jan[0], fixture->jan[1]));
  g_assert_nonnull (find_pair (scan, fixture->jan[0], fixture->jan[2]));
  g_assert_nonnull (find_pair (scan, fixture->jan[1], fixture->jan[2]));
  g_assert_nonnull (find_pair (scan, fixture->koen[0], fixture->koen[1]));
  p = find_pair (scan, fixture->sophie[0], fixture->sophie[1]);
  g_assert_nonnull (p);
  g_assert_cmpint (p->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpstr (p->reasons, ==, "same birth date and name");
  g_assert_cmpstr (p->a->ref, ==, "SL-1");
  g_assert_cmpstr (p->a->first_name, ==, "Sophie");
  g_assert_cmpstr (p->a->centre, ==, "Centre B");
  g_assert_true (p->a->visible);

  p = find_pair (scan, fixture->jan[0], fixture->jan[2]);
  g_assert_true (p->comparison.swapped);
  g_assert_nonnull (strstr (p->reasons, "first and last name swapped"));

  /* Twins and a father and son are not proposed */
  g_assert_null (find_pair (scan, fixture->twins[0], fixture->twins[1]));
  g_assert_null (find_pair (scan, fixture->renard[0], fixture->renard[1]));

  /* Three records of one person are one group */
  g_assert_cmpuint (scan->clusters->len, ==, 3);
  cluster = g_ptr_array_index (scan->clusters, 0);
  g_assert_cmpuint (cluster->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (cluster, gint64, i), ==, fixture->jan[i]);

  /* Lower, the relatives come up as unlikely pairs only */
  g_clear_pointer (&scan, cas_duplicate_scan_free);
  scan = cas_duplicate_service_scan (fixture->duplicates, fixture->operator, -1000, NULL, NULL,
                                     NULL, &error);
  g_assert_no_error (error);
  p = find_pair (scan, fixture->twins[0], fixture->twins[1]);
  g_assert_nonnull (p);
  g_assert_cmpint (p->band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
  g_assert_nonnull (strstr (p->reasons, "twins"));
  p = find_pair (scan, fixture->renard[0], fixture->renard[1]);
  g_assert_nonnull (p);
  g_assert_cmpint (p->band, ==, CAS_DUPLICATE_BAND_UNLIKELY);
}

static void
test_db_dismiss (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM duplicate_decision");

  g_assert_true (cas_duplicate_service_dismiss (fixture->duplicates, fixture->operator,
                                                fixture->koen[1], fixture->koen[0],
                                                "brothers, checked by phone", &error));
  g_assert_no_error (error);
  /* Twice is no error, and one decision */
  g_assert_true (cas_duplicate_service_dismiss (fixture->duplicates, fixture->operator,
                                                fixture->koen[0], fixture->koen[1], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM duplicate_decision"), ==, before + 1);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM audit_event "
                                       "WHERE action = 'duplicate.dismiss'"), ==, 1);

  scan = cas_duplicate_service_scan (fixture->duplicates, fixture->operator,
                                     CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (find_pair (scan, fixture->koen[0], fixture->koen[1]));
  g_assert_nonnull (find_pair (scan, fixture->sophie[0], fixture->sophie[1]));
  g_assert_cmpuint (scan->n_dismissed, ==, 1);

  /* Centre A's administrator is not told of the pairs of centre B left out */
  g_clear_pointer (&scan, cas_duplicate_scan_free);
  scan = cas_duplicate_service_scan (fixture->duplicates, fixture->admin,
                                     CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scan->n_dismissed, ==, 0);

  /* One record with itself, an unknown record */
  g_assert_false (cas_duplicate_service_dismiss (fixture->duplicates, fixture->operator,
                                                 fixture->koen[0], fixture->koen[0], NULL,
                                                 &error));
  g_assert_error (error, CAS_DUPLICATE_ERROR, CAS_DUPLICATE_ERROR_SAME_RECORD);
  g_clear_error (&error);
  g_assert_false (cas_duplicate_service_dismiss (fixture->duplicates, fixture->operator,
                                                 fixture->koen[0], 999999, NULL, &error));
  g_assert_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Centre A's administrator decides for pairs with a record of A only */
  g_assert_false (cas_duplicate_service_dismiss (fixture->duplicates, fixture->admin,
                                                 fixture->jan[2], fixture->sophie[0], NULL,
                                                 &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (cas_duplicate_service_dismiss (fixture->duplicates, fixture->admin,
                                                fixture->jan[0], fixture->sophie[0], NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_false (cas_duplicate_service_dismiss (fixture->duplicates, fixture->controller,
                                                 fixture->jan[0], fixture->jan[1], NULL, &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
}

/* The refs of @matches, comma-separated */
static char *
match_refs (GPtrArray *matches)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < matches->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (matches, i);
      g_string_append_printf (out, "%s%s", i ? "," : "", p->a->ref);
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
check (Fixture                 *fixture,
       CasAccount              *actor,
       const CasDuplicateQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *matches = cas_duplicate_service_check (fixture->duplicates, actor, query, 5, &error);

  g_assert_no_error (error);
  g_assert_nonnull (matches);
  for (guint i = 0; i < matches->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (matches, i);
      g_test_message ("%s %.1f %s: %s", p->a->ref, p->score, cas_duplicate_band_get_key (p->band),
                      p->reasons);
    }

  return matches;
}

static void
test_db_check (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) by_name_birth = NULL;
  g_autoptr(GPtrArray) by_email = NULL;
  g_autoptr(GPtrArray) by_phone = NULL;
  g_autoptr(GPtrArray) by_nrn = NULL;
  g_autoptr(GPtrArray) names_only = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) editing = NULL;
  g_autoptr(GPtrArray) dismissed = NULL;
  g_autofree char *refs = NULL;
  CasDuplicateProposal *p;
  g_autoptr(GError) error = NULL;

  /* Typed the way desks type: a Belgian date, another spelling */
  by_name_birth = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "sophie", .last_name = "LAMBERT", .birth_date = "17/05/1990" });
  refs = match_refs (by_name_birth);
  g_assert_cmpstr (refs, ==, "SL-1,SL-2");
  p = g_ptr_array_index (by_name_birth, 0);
  g_assert_cmpint (p->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_cmpstr (p->reasons, ==, "same birth date and name");
  g_assert_cmpstr (p->a->birth_date, ==, "1990-05-17");
  g_clear_pointer (&refs, g_free);

  by_email = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .email = " Jan.VandenBroeck@Telenet.be" });
  refs = match_refs (by_email);
  g_assert_cmpstr (refs, ==, "JVDB-2,JVDB-3");
  g_assert_cmpint (((CasDuplicateProposal *) g_ptr_array_index (by_email, 0))->band, ==,
                   CAS_DUPLICATE_BAND_LIKELY);
  g_clear_pointer (&refs, g_free);

  by_phone = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "Jan", .phone = "0475/66.77.88" });
  refs = match_refs (by_phone);
  g_assert_cmpstr (refs, ==, "JVDB-1,JVDB-3");
  g_clear_pointer (&refs, g_free);

  by_nrn = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .nrn = fixture->sophie_nrn });
  g_assert_cmpuint (by_nrn->len, >=, 1);
  p = g_ptr_array_index (by_nrn, 0);
  g_assert_cmpstr (p->a->ref, ==, "SL-1");
  g_assert_cmpint (p->band, ==, CAS_DUPLICATE_BAND_LIKELY);
  g_assert_true (g_str_has_prefix (p->reasons, "same national number"));
  /* The birth date the NRN tells is not enough alone */
  g_assert_cmpuint (by_nrn->len, ==, 2);
  g_assert_cmpint (((CasDuplicateProposal *) g_ptr_array_index (by_nrn, 1))->band, ==,
                   CAS_DUPLICATE_BAND_POSSIBLE);

  /* A name alone: possible, never likely */
  names_only = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "Jan", .last_name = "Vandenbroeck" });
  g_assert_cmpuint (names_only->len, ==, 3);
  for (guint i = 0; i < names_only->len; i++)
    g_assert_cmpint (((CasDuplicateProposal *) g_ptr_array_index (names_only, i))->band, ==,
                     CAS_DUPLICATE_BAND_POSSIBLE);

  nothing = check (fixture, fixture->operator, &(CasDuplicateQuery) { 0, });
  g_assert_cmpuint (nothing->len, ==, 0);

  /* Editing Sophie's second record: not matched with itself; once marked
   * "not the same person", the first no longer either */
  editing = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .id = fixture->sophie[1], .first_name = "Sophie", .last_name = "Lambert",
    .birth_date = "1990-05-17" });
  refs = match_refs (editing);
  g_assert_cmpstr (refs, ==, "SL-1");
  g_clear_pointer (&refs, g_free);
  g_assert_true (cas_duplicate_service_dismiss (fixture->duplicates, fixture->operator,
                                                fixture->sophie[0], fixture->sophie[1], NULL,
                                                &error));
  g_assert_no_error (error);
  dismissed = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .id = fixture->sophie[1], .first_name = "Sophie", .last_name = "Lambert",
    .birth_date = "1990-05-17" });
  g_assert_cmpuint (dismissed->len, ==, 0);
}

static void
test_db_check_bad_input (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *huge = g_strnfill (10000, 'j');
  g_autoptr(GPtrArray) long_name = NULL;
  g_autoptr(GPtrArray) scripts = NULL;
  g_autoptr(GPtrArray) impossible = NULL;

  long_name = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = huge, .last_name = huge, .email = huge, .phone = huge, .nrn = huge });
  g_assert_cmpuint (long_name->len, ==, 0);

  scripts = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "Сергей", .last_name = "王", .street = "شارع" });
  g_assert_cmpuint (scripts->len, ==, 0);

  /* An impossible date and a bad NRN are left out, the rest still counts */
  impossible = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "Koen", .last_name = "Maes", .birth_date = "1975-02-30", .nrn = "12.34",
    .email = "koen.maes@skynet.be" });
  g_assert_cmpuint (impossible->len, ==, 2);
}

static void
test_db_check_imported (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CasAccount) local = cas_account_new_local (fixture->tdb->db);
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  const char *csv =
    "external_ref,first_name,last_name,birth_date,email,phone\n"
    "WV-1,Wout,Vermeulen,1987-12-03,wout.vermeulen@telenet.be,+32479112200\n"
    "HL-1,Hélène,Lefèvre,1993-08-09,helene.lefevre@skynet.be,+32472334455\n";
  g_autofree char *max_id = NULL;
  g_autofree char *through = NULL;
  gint64 n_keys;

  /* A person imported before imports wrote keys: none */
  cas_test_exec_sql (fixture->tdb,
                     "INSERT INTO person (external_ref, first_name, last_name, phone, "
                     "language, created_at, updated_at) VALUES ('OLD-1', 'Lotte', 'Maes', "
                     "'+32475000111', 'nl', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person_match_key k "
                                       "JOIN person p ON p.id = k.person_id "
                                       "WHERE p.external_ref = 'OLD-1'"), ==, 0);

  input = g_memory_input_stream_new_from_data (csv, -1, NULL);
  g_assert_true (cas_person_service_import_csv (fixture->persons, local, input, 0,
                                                CAS_IMPORT_DEFAULT, NULL, NULL, NULL, NULL,
                                                &report, &error));
  g_assert_no_error (error);

  /* The import wrote the keys of its persons, the name pair, the e-mail
   * and the phone of each, and those of the person without; the keys are
   * up to date through the last person */
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person_match_key k "
                                       "JOIN person p ON p.id = k.person_id "
                                       "WHERE p.external_ref = 'WV-1'"), ==, 3);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person_match_key k "
                                       "JOIN person p ON p.id = k.person_id "
                                       "WHERE p.external_ref = 'HL-1'"), ==, 3);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person_match_key k "
                                       "JOIN person p ON p.id = k.person_id "
                                       "WHERE p.external_ref = 'OLD-1'"), ==, 2);
  max_id = cas_test_query_string (fixture->tdb->db, "SELECT MAX(id) FROM person");
  through = cas_test_query_string (fixture->tdb->db,
                                   "SELECT keys_through FROM person_match_state");
  g_assert_cmpstr (through, ==, max_id);
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person p "
                                       "LEFT JOIN person_match_key k ON k.person_id = p.id "
                                       "WHERE k.person_id IS NULL"), ==, 0);
  n_keys = cas_test_query_int (fixture->tdb->db, "SELECT COUNT(*) FROM person_match_key");

  /* The check finds them with nothing to catch up: it writes no key */
  matches = check (fixture, fixture->operator, &(CasDuplicateQuery) {
    .first_name = "Wout", .last_name = "Vermeulem", .phone = "0479 11 22 00" });
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpstr (((CasDuplicateProposal *) g_ptr_array_index (matches, 0))->a->ref, ==, "WV-1");
  g_assert_cmpstr (((CasDuplicateProposal *) g_ptr_array_index (matches, 0))->reasons, ==,
                   "same first name and phone; last name differs by one letter");
  g_assert_cmpint (cas_test_query_int (fixture->tdb->db,
                                       "SELECT COUNT(*) FROM person_match_key"), ==, n_keys);
  {
    g_autofree char *after_check = cas_test_query_string (fixture->tdb->db,
                                                          "SELECT keys_through "
                                                          "FROM person_match_state");
    g_assert_cmpstr (after_check, ==, max_id);
  }
  {
    g_autoptr(GPtrArray) old = check (fixture, fixture->operator, &(CasDuplicateQuery) {
      .first_name = "Lotte", .last_name = "Maes", .phone = "0475 00 01 11" });

    g_assert_cmpuint (old->len, ==, 1);
    g_assert_cmpstr (((CasDuplicateProposal *) g_ptr_array_index (old, 0))->a->ref, ==, "OLD-1");
  }

  /* A change of the record changes its keys */
  {
    g_autoptr(CasPerson) helene = cas_person_service_find_by_ref (fixture->persons, local, "HL-1",
                                                                  &error);
    g_autoptr(GPtrArray) by_new_phone = NULL;

    g_assert_no_error (error);
    g_free (helene->phone);
    helene->phone = g_strdup ("+32499887766");
    g_assert_true (cas_person_service_update (fixture->persons, local, helene, &error));
    g_assert_no_error (error);
    by_new_phone = check (fixture, fixture->operator, &(CasDuplicateQuery) {
      .phone = "0499 88 77 66", .last_name = "Lefevre" });
    g_assert_cmpuint (by_new_phone->len, ==, 1);
  }
}

static void
test_db_access (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateProposal *p;
  CasDuplicatePerson *other;

  /* Centre A's administrator: the pairs with a record of A, the other
   * record by its minimal identity */
  scan = cas_duplicate_service_scan (fixture->duplicates, fixture->admin,
                                     CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scan->pairs->len, ==, 4);
  g_assert_null (find_pair (scan, fixture->koen[0], fixture->koen[1]));
  p = find_pair (scan, fixture->sophie[0], fixture->sophie[1]);
  g_assert_nonnull (p);
  other = p->a->id == fixture->sophie[0] ? p->a : p->b;
  g_assert_false (other->visible);
  g_assert_cmpstr (other->birth_date, ==, "1990");
  g_assert_true (g_str_has_prefix (other->ref, "#"));
  g_assert_cmpstr (other->centre, ==, "Centre B");
  g_assert_cmpstr (other->last_name, ==, "Lambert");

  matches = check (fixture, fixture->admin, &(CasDuplicateQuery) {
    .first_name = "Sophie", .last_name = "Lambert", .birth_date = "1990-05-17" });
  g_assert_cmpuint (matches->len, ==, 2);
  for (guint i = 0; i < matches->len; i++)
    {
      CasDuplicatePerson *person = ((CasDuplicateProposal *) g_ptr_array_index (matches, i))->a;
      g_assert_true (person->visible == (person->id == fixture->sophie[1]));
    }

  /* Controllers do not look for duplicates */
  g_assert_null (cas_duplicate_service_scan (fixture->duplicates, fixture->controller,
                                             CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL,
                                             &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cas_duplicate_service_check (fixture->duplicates, fixture->controller,
                                              &(CasDuplicateQuery) { .last_name = "Maes" }, 5,
                                              &error));
  g_assert_error (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED);
}

typedef struct
{
  GMainLoop        *loop;
  CasDuplicateScan *scan;
  GError           *error;
  guint             n_progress;
  double            last_fraction;
  GThread          *main_thread;
} AsyncState;

static void
async_progress (double   fraction,
                gpointer data)
{
  AsyncState *state = data;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  state->last_fraction = fraction;
  state->n_progress++;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncState *state = data;

  state->scan = cas_duplicate_service_scan_finish (CAS_DUPLICATE_SERVICE (source), result,
                                                   &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_db_scan_async (Fixture       *fixture,
                    gconstpointer  data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, g_thread_self () };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  cas_duplicate_service_scan_async (fixture->duplicates, fixture->operator,
                                    CAS_DUPLICATE_LIKELY_SCORE, async_progress, &state, NULL,
                                    NULL, async_done, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.scan);
  g_assert_cmpuint (state.scan->pairs->len, ==, 5);
  g_assert_cmpuint (state.n_progress, >, 0);
  g_clear_pointer (&state.scan, cas_duplicate_scan_free);

  /* Cancelled */
  g_cancellable_cancel (cancellable);
  cas_duplicate_service_scan_async (fixture->duplicates, fixture->operator,
                                    CAS_DUPLICATE_LIKELY_SCORE, NULL, NULL, NULL, cancellable,
                                    async_done, &state);
  g_main_loop_run (state.loop);
  g_assert_null (state.scan);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duplicates/normalize/fold", test_fold);
  g_test_add_func ("/duplicates/normalize/fold-bad-input", test_fold_bad_input);
  g_test_add_func ("/duplicates/normalize/names", test_names);
  g_test_add_func ("/duplicates/normalize/phonetic", test_phonetic);
  g_test_add_func ("/duplicates/normalize/contact", test_contact);
  g_test_add_func ("/duplicates/normalize/address", test_address);
  g_test_add_func ("/duplicates/compare/string-measures", test_string_measures);
  g_test_add_func ("/duplicates/compare/dates-and-nrn", test_dates_and_nrn);
  g_test_add_func ("/duplicates/compare/names", test_compare_names);
  g_test_add_func ("/duplicates/compare/other-names", test_other_names);
  g_test_add_func ("/duplicates/score/bands", test_bands);
  g_test_add_func ("/duplicates/score/particles", test_score_particles);
  g_test_add_func ("/duplicates/score/swapped", test_score_swapped);
  g_test_add_func ("/duplicates/score/compound-names", test_score_compound_names);
  g_test_add_func ("/duplicates/score/nrn", test_score_nrn);
  g_test_add_func ("/duplicates/score/relatives", test_score_relatives);
  g_test_add_func ("/duplicates/score/relatives-untold", test_score_relatives_untold);
  g_test_add_func ("/duplicates/score/relatives-told", test_score_relatives_told);
  g_test_add_func ("/duplicates/score/relatives-learnt", test_score_relatives_learnt);
  g_test_add_func ("/duplicates/score/bad-input", test_score_bad_input);
  g_test_add_func ("/duplicates/score/bad-against-good", test_score_bad_against_good);
  g_test_add_func ("/duplicates/scan/find-pairs", test_find_pairs);
  g_test_add_func ("/duplicates/scan/large-blocks", test_large_blocks);
  g_test_add_func ("/duplicates/scan/cancel", test_cancel);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/duplicates/db/scan", test_db_scan);
  ADD ("/duplicates/db/dismiss", test_db_dismiss);
  ADD ("/duplicates/db/check", test_db_check);
  ADD ("/duplicates/db/check-bad-input", test_db_check_bad_input);
  ADD ("/duplicates/db/check-imported", test_db_check_imported);
  ADD ("/duplicates/db/access", test_db_access);
  ADD ("/duplicates/db/scan-async", test_db_scan_async);
#undef ADD

  return g_test_run ();
}
