/* cas-duplicate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duplicate engine: are two person records one person?
 *
 * 1. Normalise (cas-match.c). Names are folded (case, accents, other
 *    scripts, apostrophes, hyphens), joined ("Van den Broeck" =
 *    "VANDENBROECK") and keyed phonetically; the birth date and sex come
 *    from the NRN when the record lacks them; e-mail in lower case, phone
 *    as its national digits, street without number and abbreviations,
 *    towns under one name whatever the language (Bruxelles = Brussel).
 *
 * 2. Compare field by field (CasDuplicateComparison), each with its own
 *    levels: names by equality, particle, compound part, one typo (edit
 *    distance), sound (phonetic key), initial, Jaro-Winkler >= 0.88; the
 *    first and last names are also compared crosswise, to see a swap;
 *    birth dates by equality, day and month swapped, one digit slipped,
 *    close; the NRN by equality (check digit right or not), one digit
 *    slipped, or two different valid numbers; sex; e-mail whole, by the
 *    part before "@", or similar; phone whole or one digit slipped;
 *    address (street and number, town or postcode).
 *
 * 3. Score as Fellegi-Sunter: the score is the sum over fields of
 *    log2 (m / u), where m is the chance of the level between two records
 *    of one person and u between two records of different persons. A
 *    missing field weighs 0. m is set (below, from what desks and old
 *    systems get wrong); u is estimated from the data by comparing random
 *    pairs (cas_duplicate_index_estimate (), kept within 1/16 and 16 times
 *    the defaults below so that a small register cannot make a field
 *    decisive), and the u of an exact name is its frequency among the
 *    records (term frequency: "Peeters" weighs less than "Wojciechowska").
 *
 *    level (m, default u -> weight in bits)
 *    first name  exact .86 .004 7.7 (tf) | particle .005 .0002 4.6 |
 *                part .03 .002 3.9 | typo .04 .001 5.3 | sound .01 .002 2.3 |
 *                initial .01 .002 2.3 | similar .02 .01 1.0 | other .025 .95 -5.2
 *    last name   exact .86 .002 8.7 (tf) | particle .02 .0002 6.6 |
 *                part .03 .0005 5.9 | typo .04 .0005 6.3 | sound .01 .002 2.3 |
 *                initial .002 .002 0 | similar .02 .008 1.3 | other .018 .98 -5.8
 *    birth date  exact .90 5e-5 14.1 | day/month swapped .01 3e-6 11.7 |
 *                one digit .05 1.5e-3 5.1 | close .02 1.5e-3 3.7 | other .01 .997 -6.6
 *    NRN         same .96 1e-7 23.2 | same, check digit wrong .96 1e-6 19.9 |
 *                one digit .03 1e-6 14.9 | two valid numbers 1e-8 .9999 -26.6 |
 *                other .01 .9999 -6.6
 *    sex         same .98 .5 1.0 | other .02 .5 -4.6
 *    e-mail      same .55 1e-5 15.7 | same name .10 1e-4 10.0 |
 *                similar .05 2e-3 4.6 | other .30 .998 -1.7
 *    phone       same .60 1e-5 15.9 | one digit .05 1e-3 5.6 | other .35 .999 -1.5
 *    (an e-mail whose part before "@" spells the first or last name,
 *    "jan.peeters", "marie1984", says nothing more than the name when it is
 *    all two addresses share: "same name" and "similar" count as "other"
 *    then)
 *    address     same .70 1e-4 12.8 | street .05 1e-3 5.6 | town .12 .01 3.6 |
 *                other .13 .99 -2.9
 *
 *    Two patterns break the independence the sum assumes, and are scored
 *    apart: relatives. What they share by nature is not independent
 *    evidence, and would add up to "likely":
 *    - twins (or siblings): the same last name and birth date (or one
 *      slipped, swapped or close), often the same address, and a first
 *      name that is not the same;
 *    - a parent and a child: the same first and last names, often the same
 *      address, births 14 or more years apart (not one digit slipped, not
 *      day and month swapped, which are typing errors).
 *    A pair that shows a pattern and that one NRN (or two one digit apart)
 *    makes one person is scored as usual. Otherwise:
 *    - told apart, -10 and at most 5, below "possible": by two different
 *      valid NRNs or another sex, whatever the two first names of twins;
 *      by another e-mail, phone or invalid NRN, when the first names of
 *      twins are two names (cas_match_other_name () with one typo: not a
 *      typo, not a short form "Chris" / "Christophe", an initial or a part
 *      "Jean" / "Jean-Pierre"), and always for a parent and a child;
 *    - told by nothing (no NRN, e-mail, phone or sex to compare, or they
 *      agree): at most 11, below "likely" ("possible": an operator looks),
 *      when the first names of twins are two names even allowing two typos
 *      ("Bart" / "Braat" is one name, "An" / "Hanne" two) and when the
 *      register says that the pattern is mostly relatives. The full scan
 *      learns that (cas_duplicate_index_estimate (), learn_relatives ())
 *      from the pairs that show the pattern and whose valid NRNs tell
 *      whether they are one person: more than half of them two persons,
 *      when there are at least 5; without as many (a register without
 *      NRNs), from how common the pattern is: no more pairs than twins, or
 *      a parent and child of the same name at the same address, can be
 *      (1 pair for 100 persons, 1 for 500). A register with more (FEBRL,
 *      whose duplicates often have their first name replaced by another,
 *      or their birth date) holds them as duplicates more than relatives:
 *      nothing in a pair tells twins from a first name replaced, or a
 *      parent from a birth date entered wrongly, and its pairs keep their
 *      score, their reasons saying "other first name" or "different birth
 *      dates" for the operator to check. An index that has not learnt (the
 *      live check, where a typed record is compared with a few candidates)
 *      takes the patterns for relatives.
 *    A swap of first and last name costs 1.
 *
 *    The prior: the chance that two given records are one person falls as
 *    the register grows (each person has about as many doubles whatever
 *    the size), so a register of N persons adds -log2 (N / 100,000) to
 *    every score above 100,000 persons (-3.3 bits at a million): without
 *    it, the pairs that agree by chance (same birth date and first name)
 *    would grow with the square of the register while the duplicates grow
 *    with it.
 *
 *    Bands: likely from 12, possible from 6, unlikely below. Among the
 *    pairs that blocking brings together about one in 200 is a duplicate
 *    in a register (a prior of -7.6 bits): from 12 bits the chance that
 *    the pair is one person is about 95 %, from 6 about 20 %. 12 bits is
 *    what an exact birth date with a typo in the last name gives, or an
 *    exact, rare full name with the same town; an NRN alone is 23. In the
 *    live check, where most fields may be missing, a name alone or a birth
 *    date alone is never "likely" (cas-duplicate-service.c).
 *    "Likely" is for pairs an operator can confirm at a glance, "possible"
 *    for a look.
 *
 * 4. Explain: every level above "missing" that counts has words, the
 *    agreements first ("same birth date and phone; last name differs by
 *    one letter; first and last name swapped").
 *
 * 5. Block, for the full scan: each record gets keys, and records sharing
 *    a key are compared: the NRN; birth date with the initial of either
 *    name; the phonetic keys of first and last name in sorted order (so a
 *    swap meets); either name (phonetic) with the postcode, and with the
 *    town (a married name, a postcode typed wrong; one kind for both names,
 *    so a swap meets too); e-mail; phone; street, number and postcode;
 *    street and town; birth date with postcode. A block of more than 50
 *    records (a common name in a big town) is not compared all against
 *    all: its records are sorted on what the key does not hold (birth date
 *    for a name key, names otherwise) and each is compared with its 10
 *    neighbours (3 for a name with the postcode, 2 with the town: the
 *    widest keys, a last resort), which bounds the pairs per record and key
 *    whatever the data. Candidate pairs are collected as
 *    64-bit numbers, radix-sorted, made unique, and scored on two threads.
 */

#define G_LOG_DOMAIN "cas-duplicate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cas-duplicate.h"

/* A normalised person. Strings live in the index's string chunk; names,
 * postcodes, towns and house numbers are interned (two equal strings are
 * one pointer), e-mail, phone and street not: for those the record keeps
 * a hash (two strings of different hashes differ) and what the scoring
 * asks of them, so that most pairs are scored without reading them. */
typedef struct
{
  gint64        id;
  gint64        company_id;
  const char   *ref;
  CasMatchName  first;
  CasMatchName  last;
  guint16       year;
  guint8        month;
  guint8        day;
  char          sex;
  guint8        nrn_state;      /* 0: none, 1: 11 digits, check digit wrong, 2: valid */
  char          nrn[12];
  const char   *email;
  const char   *email_local;
  const char   *email2;
  const char   *email2_local;
  const char   *phone;
  const char   *street;         /* joined, no spaces */
  const char   *house;
  const char   *postcode;
  const char   *city;
  guint32       email_hash[2];  /* email, email2 */
  guint32       local_hash[2];  /* email_local, email2_local */
  guint32       phone_hash;
  guint32       street_hash;
  guint8        local_len[2];   /* strlen, at most 255 */
  guint8        phone_len;      /* strlen, at most 255 */
  guint8        spells_name[2]; /* email_local, email2_local spell a name */
  /* The phone once more, when it is short enough, in the record: the
   * kept string is anywhere in memory */
  char          phone_digits[16];
  /* The weight of an exact first and last name, from how common each is;
   * 0 until estimated */
  float         exact_weight[2];
} Record;

enum
{
  W_FIRST,
  W_LAST,
  W_BIRTH,
  W_NRN,
  W_SEX,
  W_EMAIL,
  W_PHONE,
  W_ADDRESS,
  N_W
};

#define MAX_LEVELS CAS_MATCH_N_NAME_LEVELS

static const guint n_levels[N_W] = {
  CAS_MATCH_N_NAME_LEVELS, CAS_MATCH_N_NAME_LEVELS, CAS_MATCH_N_DATE_LEVELS,
  CAS_DUPLICATE_N_NRN_LEVELS, CAS_DUPLICATE_N_SEX_LEVELS, CAS_DUPLICATE_N_EMAIL_LEVELS,
  CAS_DUPLICATE_N_PHONE_LEVELS, CAS_DUPLICATE_N_ADDRESS_LEVELS,
};

/* m and default u by field and level; level 0 (missing) weighs 0. See the
 * table at the top of the file. */
static const double default_m[N_W][MAX_LEVELS] = {
  [W_FIRST] = { 1, .86, .005, .03, .04, .01, .01, .02, .025 },
  [W_LAST] = { 1, .86, .02, .03, .04, .01, .002, .02, .018 },
  [W_BIRTH] = { 1, .90, .01, .05, .02, .01 },
  [W_NRN] = { 1, .96, .96, .03, 1e-8, .01 },
  [W_SEX] = { 1, .98, .02 },
  [W_EMAIL] = { 1, .55, .10, .05, .30 },
  [W_PHONE] = { 1, .60, .05, .35 },
  [W_ADDRESS] = { 1, .70, .05, .12, .13 },
};

static const double default_u[N_W][MAX_LEVELS] = {
  [W_FIRST] = { 1, .004, .0002, .002, .001, .002, .002, .01, .95 },
  [W_LAST] = { 1, .002, .0002, .0005, .0005, .002, .002, .008, .98 },
  [W_BIRTH] = { 1, 5e-5, 3e-6, 1.5e-3, 1.5e-3, .997 },
  [W_NRN] = { 1, 1e-7, 1e-6, 1e-6, .9999, .9999 },
  [W_SEX] = { 1, .5, .5 },
  [W_EMAIL] = { 1, 1e-5, 1e-4, 2e-3, .998 },
  [W_PHONE] = { 1, 1e-5, 1e-3, .999 },
  [W_ADDRESS] = { 1, 1e-4, 1e-3, .01, .99 },
};

#define SWAP_PENALTY       1.0
#define RELATIVES_PENALTY 10.0
/* What relatives share by nature (birth date, address, names) would add up
 * to "likely": their score stays below "possible" when something tells
 * them apart, below "likely" when nothing does */
#define RELATIVES_CEILING (CAS_DUPLICATE_POSSIBLE_SCORE - 1.0)
#define UNTOLD_RELATIVES_CEILING (CAS_DUPLICATE_LIKELY_SCORE - 1.0)
/* Years between the births of a parent and a child */
#define MIN_GENERATION_GAP 14
/* Term frequencies are floored: persons who share a rare name are often
 * related, so a rare name is no proof by itself (at most 9.7 bits) */
#define MIN_NAME_FREQUENCY 1e-3

struct _CasDuplicateIndex
{
  GArray       *records;        /* Record */
  GStringChunk *strings;
  double        m[N_W][MAX_LEVELS];
  double        u[N_W][MAX_LEVELS];
  double        weights[N_W][MAX_LEVELS];   /* log2 (m / u) */
  double        prior;          /* bits for the size of the register */
  /* interned joined name -> frequency (double *), for first [0] and last [1] names */
  GHashTable   *frequencies[2];
  /* Whether the patterns of twins [0] and of a parent and child [1] are,
   * in this register, mostly relatives: see the top of the file */
  gboolean      relatives_pattern[2];
};

/* Bands */

CasDuplicateBand
cas_duplicate_band_for_score (double score)
{
  if (score >= CAS_DUPLICATE_LIKELY_SCORE)
    return CAS_DUPLICATE_BAND_LIKELY;
  if (score >= CAS_DUPLICATE_POSSIBLE_SCORE)
    return CAS_DUPLICATE_BAND_POSSIBLE;
  return CAS_DUPLICATE_BAND_UNLIKELY;
}

const char *
cas_duplicate_band_get_key (CasDuplicateBand band)
{
  switch (band)
    {
    case CAS_DUPLICATE_BAND_LIKELY: return "likely";
    case CAS_DUPLICATE_BAND_POSSIBLE: return "possible";
    case CAS_DUPLICATE_BAND_UNLIKELY:
    default: return "unlikely";
    }
}

const char *
cas_duplicate_band_get_label (CasDuplicateBand band)
{
  switch (band)
    {
    case CAS_DUPLICATE_BAND_LIKELY: return C_("duplicate band", "likely");
    case CAS_DUPLICATE_BAND_POSSIBLE: return C_("duplicate band", "possible");
    case CAS_DUPLICATE_BAND_UNLIKELY:
    default: return C_("duplicate band", "unlikely");
    }
}

gboolean
cas_duplicate_band_from_key (const char       *key,
                             CasDuplicateBand *band)
{
  for (CasDuplicateBand b = CAS_DUPLICATE_BAND_UNLIKELY; b <= CAS_DUPLICATE_BAND_LIKELY; b++)
    if (g_strcmp0 (key, cas_duplicate_band_get_key (b)) == 0)
      {
        *band = b;
        return TRUE;
      }

  return FALSE;
}

/* Index */

static void
set_weights (CasDuplicateIndex  *index,
             const double      (*m)[MAX_LEVELS],
             const double      (*u)[MAX_LEVELS])
{
  for (guint f = 0; f < N_W; f++)
    for (guint l = 0; l < MAX_LEVELS; l++)
      {
        index->m[f][l] = m[f][l];
        index->u[f][l] = u[f][l];
        index->weights[f][l] = l == 0 || l >= n_levels[f] ? 0.0 : log2 (m[f][l] / u[f][l]);
      }
}

CasDuplicateIndex *
cas_duplicate_index_new (void)
{
  CasDuplicateIndex *index = g_new0 (CasDuplicateIndex, 1);

  index->records = g_array_new (FALSE, TRUE, sizeof (Record));
  index->strings = g_string_chunk_new (1 << 20);
  for (guint i = 0; i < 2; i++)
    index->frequencies[i] = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  set_weights (index, default_m, default_u);
  index->relatives_pattern[0] = index->relatives_pattern[1] = TRUE;

  return index;
}

void
cas_duplicate_index_free (CasDuplicateIndex *index)
{
  if (index == NULL)
    return;

  g_array_unref (index->records);
  g_string_chunk_free (index->strings);
  for (guint i = 0; i < 2; i++)
    g_hash_table_unref (index->frequencies[i]);
  g_free (index);
}

guint
cas_duplicate_index_get_n_records (CasDuplicateIndex *index)
{
  return index->records->len;
}

static inline Record *
record_at (CasDuplicateIndex *index,
           guint              i)
{
  return &g_array_index (index->records, Record, i);
}

gint64
cas_duplicate_index_get_id (CasDuplicateIndex *index,
                            guint              record)
{
  g_return_val_if_fail (record < index->records->len, 0);

  return record_at (index, record)->id;
}

gint64
cas_duplicate_index_get_company (CasDuplicateIndex *index,
                                 guint              record)
{
  g_return_val_if_fail (record < index->records->len, 0);

  return record_at (index, record)->company_id;
}

const char *
cas_duplicate_index_get_ref (CasDuplicateIndex *index,
                             guint              record)
{
  g_return_val_if_fail (record < index->records->len, NULL);

  return record_at (index, record)->ref;
}

/* Keeps @value (taking it), not interned: for what is nearly unique to a
 * person (e-mail, phone, street), where interning would only fill a hash
 * table; "" and NULL give NULL */
static const char *
keep (CasDuplicateIndex *index,
      char              *value)
{
  const char *kept;

  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return NULL;
    }

  kept = g_string_chunk_insert (index->strings, value);
  g_free (value);

  return kept;
}

/* The hash of a kept string, 0 for NULL */
static guint32
hash_of (const char *kept)
{
  return kept != NULL ? g_str_hash (kept) : 0;
}

static guint8
short_length (const char *kept)
{
  return kept != NULL ? (guint8) MIN (strlen (kept), 255) : 0;
}

/* Interns @value (taking it); "" and NULL give NULL */
static const char *
intern (CasDuplicateIndex *index,
        char              *value)
{
  const char *interned;

  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return NULL;
    }

  interned = g_string_chunk_insert_const (index->strings, value);
  g_free (value);

  return interned;
}

static void
normalize_name (CasDuplicateIndex *index,
                const char        *text,
                CasMatchName      *name)
{
  g_autofree char *folded = cas_match_fold (text);
  char key[CAS_MATCH_PHONETIC_LEN];

  memset (name, 0, sizeof *name);
  if (*folded == '\0')
    return;

  name->joined = intern (index, cas_match_name_joined (folded));
  if (name->joined == NULL)
    return;
  name->core = intern (index, cas_match_name_core (folded));
  cas_match_phonetic (name->joined, key);
  name->phonetic = intern (index, g_strdup (key));
  name->full = intern (index, g_steal_pointer (&folded));
}

/* Whether the part before "@" spells the person's name ("jan.peeters",
 * "jpeeters85", "marie1984"): then two addresses that share it say no more
 * than the names already do */
static gboolean
spells_name (const char   *local,
             const Record *r)
{
  const char *last = r->last.core ? r->last.core : r->last.joined;
  const char *first = r->first.joined;

  if (local == NULL)
    return FALSE;

  return (last != NULL && strlen (last) >= 3 && strstr (local, last) != NULL) ||
         (first != NULL && strlen (first) >= 3 && strstr (local, first) != NULL);
}

guint
cas_duplicate_index_add (CasDuplicateIndex        *index,
                         const CasDuplicateFields *fields)
{
  Record record = { 0, };
  CasMatchNrn nrn;
  guint year, month, day;
  char *local = NULL;
  g_autofree char *house = NULL;

  g_return_val_if_fail (index != NULL, 0);
  g_return_val_if_fail (fields != NULL, 0);

  record.id = fields->id;
  record.company_id = fields->company_id;
  if (fields->external_ref != NULL && *fields->external_ref != '\0')
    record.ref = g_string_chunk_insert (index->strings, fields->external_ref);

  normalize_name (index, fields->first_name, &record.first);
  normalize_name (index, fields->last_name, &record.last);

  if (cas_match_parse_date (fields->birth_date, &year, &month, &day))
    {
      record.year = year;
      record.month = month;
      record.day = day;
    }

  if (fields->sex != NULL && (fields->sex[0] == 'M' || fields->sex[0] == 'F'))
    record.sex = fields->sex[0];

  if (cas_match_nrn (fields->nrn, &nrn))
    {
      memcpy (record.nrn, nrn.digits, sizeof record.nrn);
      record.nrn_state = nrn.valid ? 2 : 1;
      /* What the register knows, when the record does not say */
      if (nrn.valid && record.year == 0 && nrn.month != 0)
        {
          record.year = nrn.year;
          record.month = nrn.month;
          record.day = nrn.day;
        }
      if (nrn.valid && record.sex == 0)
        record.sex = nrn.sex;
    }

  record.email = keep (index, cas_match_email (fields->email, &local));
  record.email_local = keep (index, local);
  local = NULL;
  record.email2 = keep (index, cas_match_email (fields->email_secondary, &local));
  record.email2_local = keep (index, local);
  if (record.email == NULL)
    {
      record.email = record.email2;
      record.email_local = record.email2_local;
      record.email2 = record.email2_local = NULL;
    }

  record.phone = keep (index, cas_match_phone (fields->phone));
  {
    char *street = cas_match_street (fields->street, &house);
    char *joined = street != NULL ? cas_match_name_joined (street) : NULL;

    g_free (street);
    record.street = keep (index, joined);
    record.house = intern (index, g_steal_pointer (&house));
  }
  {
    g_autofree char *postcode = cas_match_fold (fields->postcode);
    record.postcode = intern (index, cas_match_name_joined (postcode));
  }
  record.city = intern (index, cas_match_city (fields->city));

  record.email_hash[0] = hash_of (record.email);
  record.email_hash[1] = hash_of (record.email2);
  record.local_hash[0] = hash_of (record.email_local);
  record.local_hash[1] = hash_of (record.email2_local);
  record.local_len[0] = short_length (record.email_local);
  record.local_len[1] = short_length (record.email2_local);
  record.spells_name[0] = spells_name (record.email_local, &record);
  record.spells_name[1] = spells_name (record.email2_local, &record);
  record.phone_hash = hash_of (record.phone);
  record.phone_len = short_length (record.phone);
  if (record.phone_len < sizeof record.phone_digits)
    memcpy (record.phone_digits, record.phone != NULL ? record.phone : "", record.phone_len + 1);
  record.street_hash = hash_of (record.street);

  g_array_append_val (index->records, record);

  return index->records->len - 1;
}

/* Comparing */

static double
name_weight (CasDuplicateIndex *index,
             guint              which,     /* 0 first, 1 last */
             CasMatchNameLevel  level,
             const Record      *record)
{
  if (level == CAS_MATCH_NAME_EXACT)
    {
      const char *joined = which == 0 ? record->first.joined : record->last.joined;
      double m = index->m[which == 0 ? W_FIRST : W_LAST][CAS_MATCH_NAME_EXACT];
      double *frequency;

      if (record->exact_weight[which] != 0)
        return record->exact_weight[which];
      frequency = g_hash_table_lookup (index->frequencies[which], joined);
      if (frequency != NULL)
        return log2 (m / MAX (*frequency, MIN_NAME_FREQUENCY));
    }

  return index->weights[which == 0 ? W_FIRST : W_LAST][level];
}

static CasMatchNameLevel
compare_name (const CasMatchName *a,
              const CasMatchName *b)
{
  /* Interned: one pointer for one string */
  if (a->joined != NULL && a->joined == b->joined)
    return CAS_MATCH_NAME_EXACT;

  return cas_match_compare_interned_names (a, b);
}

static gboolean
may_meet (const CasMatchName *a,
          const CasMatchName *b)
{
  return a->joined != NULL && b->joined != NULL &&
         (a->joined[0] == b->joined[0] || a->phonetic == b->phonetic);
}

static gboolean
same_string (const char *a,
             const char *b)
{
  return a != NULL && a == b;
}

/* Whether two kept (not interned) strings of hashes @ha and @hb are one */
static inline gboolean
same_kept (const char *a,
           guint32     ha,
           const char *b,
           guint32     hb)
{
  return a != NULL && b != NULL && ha == hb && strcmp (a, b) == 0;
}

/* E-mail @i of @a against e-mail @j of @b. What shares the part before
 * "@" only, when that part spells the person's name in either, says no
 * more than the names already do: different */
static CasDuplicateEmailLevel
compare_one_email (const Record *a,
                   guint         i,
                   const Record *b,
                   guint         j)
{
  const char *ae = i == 0 ? a->email : a->email2, *al = i == 0 ? a->email_local : a->email2_local;
  const char *be = j == 0 ? b->email : b->email2, *bl = j == 0 ? b->email_local : b->email2_local;

  if (ae == NULL || be == NULL)
    return CAS_DUPLICATE_EMAIL_MISSING;
  if (same_kept (ae, a->email_hash[i], be, b->email_hash[j]))
    return CAS_DUPLICATE_EMAIL_SAME;
  if (al == NULL || bl == NULL || a->spells_name[i] || b->spells_name[j])
    return CAS_DUPLICATE_EMAIL_DIFFERENT;
  if (a->local_len[i] >= 3 && same_kept (al, a->local_hash[i], bl, b->local_hash[j]))
    return CAS_DUPLICATE_EMAIL_SAME_NAME;
  if (cas_match_jaro_winkler_at_least (al, bl, 0.92))
    return CAS_DUPLICATE_EMAIL_SIMILAR;
  return CAS_DUPLICATE_EMAIL_DIFFERENT;
}

static CasDuplicateEmailLevel
compare_emails (const Record *a,
                const Record *b)
{
  CasDuplicateEmailLevel best = CAS_DUPLICATE_EMAIL_MISSING;

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        CasDuplicateEmailLevel level = compare_one_email (a, i, b, j);

        if (level == CAS_DUPLICATE_EMAIL_MISSING)
          continue;
        if (best == CAS_DUPLICATE_EMAIL_MISSING || level < best)
          best = level;
      }

  return best;
}

static CasDuplicateAddressLevel
compare_addresses (const Record *a,
                   const Record *b)
{
  gboolean street, house, place;

  if ((a->street == NULL && a->postcode == NULL && a->city == NULL) ||
      (b->street == NULL && b->postcode == NULL && b->city == NULL))
    return CAS_DUPLICATE_ADDRESS_MISSING;

  house = same_string (a->house, b->house);
  place = same_string (a->postcode, b->postcode) || same_string (a->city, b->city);
  /* Without the number or the place, the street changes nothing */
  if (!house && !place)
    return CAS_DUPLICATE_ADDRESS_DIFFERENT;
  street = a->street != NULL && b->street != NULL &&
           (same_kept (a->street, a->street_hash, b->street, b->street_hash) ||
            cas_match_jaro_winkler_at_least (a->street, b->street, 0.92));

  if (street && house && place)
    return CAS_DUPLICATE_ADDRESS_SAME;
  /* The same number at the same place, one street left out, counts as
   * the same street */
  if ((street && (place || house)) ||
      (house && place && (a->street == NULL || b->street == NULL)))
    return CAS_DUPLICATE_ADDRESS_STREET;
  if (place)
    return CAS_DUPLICATE_ADDRESS_TOWN;
  return CAS_DUPLICATE_ADDRESS_DIFFERENT;
}

static gboolean
name_agrees (guint level)
{
  return level == CAS_MATCH_NAME_EXACT || level == CAS_MATCH_NAME_PARTICLE ||
         level == CAS_MATCH_NAME_PART || level == CAS_MATCH_NAME_TYPO ||
         level == CAS_MATCH_NAME_SOUND;
}

/* One national number, or one digit apart: one person, whatever else */
static gboolean
same_person_number (const CasDuplicateComparison *c)
{
  return c->nrn == CAS_DUPLICATE_NRN_SAME || c->nrn == CAS_DUPLICATE_NRN_SAME_UNVERIFIED ||
         c->nrn == CAS_DUPLICATE_NRN_ONE_DIGIT;
}

static gboolean
birth_agrees (guint level)
{
  return level == CAS_MATCH_DATE_EXACT || level == CAS_MATCH_DATE_SWAPPED ||
         level == CAS_MATCH_DATE_ONE_DIGIT || level == CAS_MATCH_DATE_CLOSE;
}

/* The pattern of relatives comparison @c shows: 1 twins
 * (or siblings: same last name and birth date, another form of the first
 * name), 2 a parent and child (same names, births 14 or more years apart,
 * not one digit slipped), 0 none. A parent and child is 2 whatever the
 * rest; twins need a first name that is not equal. */
static guint
relatives_pattern (const CasDuplicateComparison *c)
{
  if (c->swapped || !name_agrees (c->last))
    return 0;
  if (birth_agrees (c->birth) && c->first != CAS_MATCH_NAME_MISSING &&
      c->first != CAS_MATCH_NAME_EXACT)
    return 1;
  if (c->birth == CAS_MATCH_DATE_DIFFERENT && c->years_apart >= MIN_GENERATION_GAP &&
      name_agrees (c->first))
    return 2;
  return 0;
}

static double
score_records (CasDuplicateIndex      *index,
               const Record           *a,
               const Record           *b,
               CasDuplicateComparison *c)
{
  CasMatchNameLevel first, last, cross_first, cross_last;
  double straight, crossed, score;
  guint relatives;

  memset (c, 0, sizeof *c);

  /* Names, straight and crosswise */
  first = compare_name (&a->first, &b->first);
  last = compare_name (&a->last, &b->last);
  straight = name_weight (index, 0, first, a) + name_weight (index, 1, last, a);
  score = straight;
  c->first = first;
  c->last = last;
  /* Crosswise only where a swap is possible at all: the initials or the
   * sounds meet */
  if ((first != CAS_MATCH_NAME_EXACT || last != CAS_MATCH_NAME_EXACT) &&
      may_meet (&a->first, &b->last) && may_meet (&a->last, &b->first))
    {
      cross_first = compare_name (&a->first, &b->last);
      cross_last = compare_name (&a->last, &b->first);
      crossed = name_weight (index, 0, cross_first, a) + name_weight (index, 1, cross_last, a) -
                SWAP_PENALTY;
      if (crossed > straight + 1.0 && name_agrees (cross_first) && name_agrees (cross_last))
        {
          c->first = cross_first;
          c->last = cross_last;
          c->swapped = TRUE;
          score = crossed;
        }
    }

  /* Birth date */
  c->birth = cas_match_compare_dates (a->year, a->month, a->day, b->year, b->month, b->day);
  if (c->birth == CAS_MATCH_DATE_DIFFERENT)
    c->years_apart = (guint8) MIN (255, a->year > b->year ? a->year - b->year
                                                          : b->year - a->year);
  score += index->weights[W_BIRTH][c->birth];

  /* NRN */
  if (a->nrn_state == 0 || b->nrn_state == 0)
    c->nrn = CAS_DUPLICATE_NRN_MISSING;
  else if (memcmp (a->nrn, b->nrn, 11) == 0)
    c->nrn = a->nrn_state == 2 ? CAS_DUPLICATE_NRN_SAME : CAS_DUPLICATE_NRN_SAME_UNVERIFIED;
  else if (cas_match_digit_slips_n (a->nrn, b->nrn, 11) <= 1)
    c->nrn = CAS_DUPLICATE_NRN_ONE_DIGIT;
  else if (a->nrn_state == 2 && b->nrn_state == 2)
    c->nrn = CAS_DUPLICATE_NRN_DIFFERENT_VALID;
  else
    c->nrn = CAS_DUPLICATE_NRN_DIFFERENT;
  score += index->weights[W_NRN][c->nrn];

  /* Sex */
  if (a->sex == 0 || b->sex == 0)
    c->sex = CAS_DUPLICATE_SEX_MISSING;
  else
    c->sex = a->sex == b->sex ? CAS_DUPLICATE_SEX_SAME : CAS_DUPLICATE_SEX_DIFFERENT;
  score += index->weights[W_SEX][c->sex];

  /* Contact */
  c->email = compare_emails (a, b);
  score += index->weights[W_EMAIL][c->email];

  if (a->phone == NULL || b->phone == NULL)
    c->phone = CAS_DUPLICATE_PHONE_MISSING;
  else if (a->phone_len < sizeof a->phone_digits && b->phone_len < sizeof b->phone_digits)
    {
      if (a->phone_len != b->phone_len)
        c->phone = CAS_DUPLICATE_PHONE_DIFFERENT;
      else if (memcmp (a->phone_digits, b->phone_digits, a->phone_len) == 0)
        c->phone = CAS_DUPLICATE_PHONE_SAME;
      else if (cas_match_digit_slips_n (a->phone_digits, b->phone_digits, a->phone_len) <= 1)
        c->phone = CAS_DUPLICATE_PHONE_ONE_DIGIT;
      else
        c->phone = CAS_DUPLICATE_PHONE_DIFFERENT;
    }
  else if (same_kept (a->phone, a->phone_hash, b->phone, b->phone_hash))
    c->phone = CAS_DUPLICATE_PHONE_SAME;
  else if (cas_match_digit_slips (a->phone, b->phone) <= 1)
    c->phone = CAS_DUPLICATE_PHONE_ONE_DIGIT;
  else
    c->phone = CAS_DUPLICATE_PHONE_DIFFERENT;
  score += index->weights[W_PHONE][c->phone];

  c->address = compare_addresses (a, b);
  score += index->weights[W_ADDRESS][c->address];
  score += index->prior;

  /* Relatives: see the top of the file */
  relatives = relatives_pattern (c);
  if (relatives != 0 && !same_person_number (c))
    {
      /* What tells two persons apart: strongly, the NRN or the sex; weakly,
       * an e-mail or a phone, which a person may change */
      gboolean strong = c->nrn == CAS_DUPLICATE_NRN_DIFFERENT_VALID ||
                        c->sex == CAS_DUPLICATE_SEX_DIFFERENT;
      gboolean weak = c->nrn == CAS_DUPLICATE_NRN_DIFFERENT ||
                      c->email == CAS_DUPLICATE_EMAIL_DIFFERENT ||
                      c->phone == CAS_DUPLICATE_PHONE_DIFFERENT ||
                      c->phone == CAS_DUPLICATE_PHONE_ONE_DIGIT;

      /* A parent and a child share the names; twins have two first names
       * (or, told apart strongly, two forms of one) */
      if (strong ||
          (weak && (relatives == 2 || cas_match_other_name (&a->first, &b->first, c->first, 1))))
        {
          c->relatives = relatives;
          score = MIN (score - RELATIVES_PENALTY, RELATIVES_CEILING);
        }
      else if (index->relatives_pattern[relatives - 1] &&
               (relatives == 2 || cas_match_other_name (&a->first, &b->first, c->first, 2)))
        {
          c->relatives = relatives;
          score = MIN (score, UNTOLD_RELATIVES_CEILING);
        }
    }

  return score;
}

double
cas_duplicate_index_score (CasDuplicateIndex      *index,
                           guint                   a,
                           guint                   b,
                           CasDuplicateComparison *comparison)
{
  CasDuplicateComparison local;

  g_return_val_if_fail (index != NULL, 0.0);
  g_return_val_if_fail (a < index->records->len && b < index->records->len, 0.0);

  return score_records (index, record_at (index, a), record_at (index, b),
                        comparison ? comparison : &local);
}

/* Explaining */

static void
append_list (GString    *out,
             GPtrArray  *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0 && i + 1 == items->len)
        /* Translators: the last link of a list: "birth date, phone and e-mail" */
        g_string_append (out, _(" and "));
      else if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (items, i));
    }
}

char *
cas_duplicate_comparison_explain (const CasDuplicateComparison *c)
{
  g_autoptr(GPtrArray) same = g_ptr_array_new ();
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (c != NULL, NULL);

#define OTHER(text) g_ptr_array_add (other, g_strdup (text))

  /* What is the same, strongest first */
  if (c->nrn == CAS_DUPLICATE_NRN_SAME || c->nrn == CAS_DUPLICATE_NRN_SAME_UNVERIFIED)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "national number"));
  if (c->birth == CAS_MATCH_DATE_EXACT)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "birth date"));
  if (c->first == CAS_MATCH_NAME_EXACT && c->last == CAS_MATCH_NAME_EXACT)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "name"));
  else if (c->last == CAS_MATCH_NAME_EXACT)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "last name"));
  else if (c->first == CAS_MATCH_NAME_EXACT)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "first name"));
  if (c->email == CAS_DUPLICATE_EMAIL_SAME)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "e-mail"));
  if (c->phone == CAS_DUPLICATE_PHONE_SAME)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "phone"));
  if (c->address == CAS_DUPLICATE_ADDRESS_SAME)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "address"));
  else if (c->address == CAS_DUPLICATE_ADDRESS_STREET)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "street"));
  else if (c->address == CAS_DUPLICATE_ADDRESS_TOWN)
    g_ptr_array_add (same, (gpointer) C_("duplicate reason: same …", "town"));

  /* What is close, then what differs */
  if (c->nrn == CAS_DUPLICATE_NRN_ONE_DIGIT)
    OTHER (_("national numbers differ by one digit"));
  if (c->birth == CAS_MATCH_DATE_SWAPPED)
    OTHER (_("day and month of birth swapped"));
  else if (c->birth == CAS_MATCH_DATE_ONE_DIGIT)
    OTHER (_("birth date differs by one digit"));
  else if (c->birth == CAS_MATCH_DATE_CLOSE)
    OTHER (_("birth dates close"));

  switch (c->last)
    {
    case CAS_MATCH_NAME_PARTICLE: OTHER (_("last name with and without particle")); break;
    case CAS_MATCH_NAME_PART: OTHER (_("one last name holds the other")); break;
    case CAS_MATCH_NAME_TYPO: OTHER (_("last name differs by one letter")); break;
    case CAS_MATCH_NAME_SOUND: OTHER (_("last names sound alike")); break;
    case CAS_MATCH_NAME_INITIAL: OTHER (_("last name as an initial")); break;
    case CAS_MATCH_NAME_SIMILAR: OTHER (_("similar last names")); break;
    default: break;
    }
  switch (c->relatives == 1 ? CAS_MATCH_NAME_DIFFERENT : c->first)
    {
    case CAS_MATCH_NAME_PARTICLE:
    case CAS_MATCH_NAME_PART: OTHER (_("first name shortened")); break;
    case CAS_MATCH_NAME_TYPO: OTHER (_("first name differs by one letter")); break;
    case CAS_MATCH_NAME_SOUND: OTHER (_("first names sound alike")); break;
    case CAS_MATCH_NAME_INITIAL: OTHER (_("first name as an initial")); break;
    case CAS_MATCH_NAME_SIMILAR: OTHER (_("similar first names")); break;
    default: break;
    }
  if (c->swapped)
    OTHER (_("first and last name swapped"));
  if (c->email == CAS_DUPLICATE_EMAIL_SAME_NAME)
    OTHER (_("same e-mail name, other domain"));
  else if (c->email == CAS_DUPLICATE_EMAIL_SIMILAR)
    OTHER (_("similar e-mail"));
  if (c->phone == CAS_DUPLICATE_PHONE_ONE_DIGIT)
    OTHER (_("phone differs by one digit"));

  if (c->nrn == CAS_DUPLICATE_NRN_DIFFERENT_VALID)
    OTHER (_("two different valid national numbers"));
  else if (c->nrn == CAS_DUPLICATE_NRN_DIFFERENT)
    OTHER (_("different national numbers"));
  if (c->relatives == 1 && (c->address == CAS_DUPLICATE_ADDRESS_SAME ||
                             c->address == CAS_DUPLICATE_ADDRESS_STREET))
    OTHER (_("other first name at the same address and birth date: twins?"));
  else if (c->relatives == 1)
    OTHER (_("other first name at the same birth date: twins?"));
  else if (c->first == CAS_MATCH_NAME_DIFFERENT)
    OTHER (_("other first name"));
  if (c->last == CAS_MATCH_NAME_DIFFERENT)
    OTHER (_("other last name"));
  if (c->relatives == 2)
    {
      g_ptr_array_add (other,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "born %u year apart: parent and child?",
                                                     "born %u years apart: parent and child?",
                                                     c->years_apart),
                                        (guint) c->years_apart));
    }
  else if (c->birth == CAS_MATCH_DATE_DIFFERENT)
    OTHER (_("different birth dates"));
  if (c->sex == CAS_DUPLICATE_SEX_DIFFERENT)
    OTHER (_("other sex"));

#undef OTHER

  if (same->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      append_list (list, same);
      /* Translators: %s is a list of fields: "same birth date and phone" */
      g_string_append_printf (out, _("same %s"), list->str);
    }
  for (guint i = 0; i < other->len; i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, g_ptr_array_index (other, i));
    }
  if (out->len == 0)
    g_string_append (out, _("nothing in common"));

  return g_string_free (out, FALSE);
}

/* Learning from the data */

#define ESTIMATE_PAIRS 300000
/* Pseudo-counts of the default u in an estimate */
#define ESTIMATE_PRIOR 100.0

void
cas_duplicate_index_set_name_frequency (CasDuplicateIndex *index,
                                        gboolean           last,
                                        const char        *joined,
                                        double             frequency)
{
  const char *interned;
  double *value;

  g_return_if_fail (index != NULL);

  if (joined == NULL || *joined == '\0')
    return;

  interned = g_string_chunk_insert_const (index->strings, joined);
  value = g_new (double, 1);
  *value = frequency;
  g_hash_table_replace (index->frequencies[last ? 1 : 0], (gpointer) interned, value);
}

/* Relatives, learnt from the register: see the top of the file */

/* Pairs of the same group compared, at most, by each record */
#define RELATIVES_WINDOW 16
/* Pairs told by their national numbers needed to learn from */
#define RELATIVES_MIN_TOLD 5
/* How many pairs of twins, and of a parent and a child of the same name at
 * the same address, a register holds at most: a share of its persons, and
 * a few whatever its size */
#define TWINS_SHARE         0.01
#define PARENTS_SHARE       0.002
#define RELATIVES_MIN_PAIRS 5
/* Records, about, that a register is learnt from */
#define RELATIVES_SAMPLE    100000

typedef struct
{
  guint64 key;
  guint   record;
} GroupEntry;

static int
compare_group_entries (gconstpointer a,
                       gconstpointer b)
{
  const GroupEntry *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->record < y->record ? -1 : x->record > y->record;
}

static guint64
pointer_key (const void *p)
{
  return (guint64) GPOINTER_TO_SIZE (p) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

/* Whether the pairs of records that show the pattern @which (1 twins, 2 a
 * parent and child) are mostly two persons in this register.
 *
 * Where valid national numbers tell, for at least 5 pairs: whether more
 * than half of those are two numbers.
 *
 * Elsewhere, from how common the pattern is: twins are about 1 birth in
 * 60 (two persons in 60, one pair of twins in 60 persons), and both twins
 * must be in the register: at most 1 pair for 100 persons (and 5 pairs
 * whatever the size) can be twins. A parent and a child who bear the same
 * names, live at the same address and are both in the register are rarer:
 * at most 1 pair for 500 persons.
 * A register with more pairs than that (FEBRL, where a duplicate's first
 * name is often replaced by another, or its birth date by another) holds
 * them as duplicates more than relatives, and its pairs keep their
 * score. */
static gboolean
learn_relatives (CasDuplicateIndex *index,
                 guint              which)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (GroupEntry));
  guint64 told = 0, apart = 0, pairs = 0;
  double most = MAX (RELATIVES_MIN_PAIRS,
                     index->records->len * (which == 1 ? TWINS_SHARE : PARENTS_SHARE));
  /* A large register is learnt from a sample of its groups, whole */
  guint sample = MAX (1, index->records->len / RELATIVES_SAMPLE);

  /* Twins are grouped by last name and birth date, a parent and child by
   * first and last name */
  for (guint i = 0; i < index->records->len; i++)
    {
      const Record *r = record_at (index, i);
      GroupEntry e = { 0, i };

      if (r->last.joined == NULL || r->first.joined == NULL || r->year == 0)
        continue;
      if (which == 1)
        e.key = pointer_key (r->last.joined) ^ ((guint64) r->year << 16 | r->month << 8 | r->day);
      else
        e.key = pointer_key (r->last.joined) ^ (pointer_key (r->first.joined) >> 1);
      if ((e.key >> 32) % sample == 0)
        g_array_append_val (entries, e);
    }
  g_array_sort (entries, compare_group_entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const GroupEntry *x = &g_array_index (entries, GroupEntry, i);

      for (guint j = i + 1; j < entries->len && j <= i + RELATIVES_WINDOW; j++)
        {
          const GroupEntry *y = &g_array_index (entries, GroupEntry, j);
          const Record *a = record_at (index, x->record), *b = record_at (index, y->record);
          CasDuplicateComparison c = { 0, };

          if (y->key != x->key)
            break;
          c.first = compare_name (&a->first, &b->first);
          c.last = compare_name (&a->last, &b->last);
          c.birth = cas_match_compare_dates (a->year, a->month, a->day, b->year, b->month, b->day);
          c.years_apart = (guint8) MIN (255, a->year > b->year ? a->year - b->year
                                                               : b->year - a->year);
          if (relatives_pattern (&c) != which ||
              (which == 1 && !cas_match_other_name (&a->first, &b->first, c.first, 2)))
            continue;
          /* The same street at the same place (as typed: this is a count) */
          if (which == 1 || (a->street != NULL && b->street != NULL &&
                             strcmp (a->street, b->street) == 0 &&
                             (same_string (a->postcode, b->postcode) ||
                              same_string (a->city, b->city))))
            pairs++;
          if (a->nrn_state != 2 || b->nrn_state != 2)
            continue;
          told++;
          if (memcmp (a->nrn, b->nrn, 11) != 0 && cas_match_digit_slips (a->nrn, b->nrn) > 1)
            apart++;
        }
    }

  g_debug ("pattern %u, groups sampled 1 in %u: %" G_GUINT64_FORMAT " pairs (relatives at "
           "most %.0f), %" G_GUINT64_FORMAT " told by their national numbers, %" G_GUINT64_FORMAT
           " of them two persons", which, sample, pairs, most, told, apart);

  if (told >= RELATIVES_MIN_TOLD)
    return apart * 2 > told;
  return (double) pairs * sample <= most;
}

/* Registers up to this size keep the bands as they are */
#define PRIOR_BASE_SIZE 100000.0

void
cas_duplicate_index_set_register_size (CasDuplicateIndex *index,
                                       guint64            n_persons)
{
  g_return_if_fail (index != NULL);

  index->prior = -log2 (MAX (1.0, n_persons / PRIOR_BASE_SIZE));
}

void
cas_duplicate_index_estimate (CasDuplicateIndex *index)
{
  guint n = index->records->len;
  double counts[N_W][MAX_LEVELS] = { { 0, }, };
  double present[N_W] = { 0, };
  double u[N_W][MAX_LEVELS];
  guint64 n_pairs;
  g_autoptr(GRand) rand = NULL;

  g_return_if_fail (index != NULL);

  /* Term frequencies of first and last names */
  for (guint which = 0; which < 2; which++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
      GHashTableIter iter;
      gpointer key, value;

      for (guint i = 0; i < n; i++)
        {
          const Record *r = record_at (index, i);
          const char *joined = which == 0 ? r->first.joined : r->last.joined;

          if (joined != NULL)
            g_hash_table_insert (seen, (gpointer) joined,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen,
                                                                                         joined))
                                                   + 1));
        }

      g_hash_table_remove_all (index->frequencies[which]);
      g_hash_table_iter_init (&iter, seen);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          double *frequency = g_new (double, 1);

          *frequency = (double) GPOINTER_TO_UINT (value) / n;
          g_hash_table_insert (index->frequencies[which], key, frequency);
        }
    }

  set_weights (index, default_m, default_u);
  cas_duplicate_index_set_register_size (index, n);
  {
    gint64 start = g_get_monotonic_time ();

    for (guint which = 1; which <= 2; which++)
      index->relatives_pattern[which - 1] = learn_relatives (index, which);
    g_debug ("relatives learnt in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  }
  for (guint i = 0; i < n; i++)
    {
      Record *r = record_at (index, i);

      r->exact_weight[0] = r->exact_weight[1] = 0;
      r->exact_weight[0] = name_weight (index, 0, CAS_MATCH_NAME_EXACT, r);
      r->exact_weight[1] = name_weight (index, 1, CAS_MATCH_NAME_EXACT, r);
    }
  if (n < 50)
    return;

  /* u from random pairs: how often each level happens by chance */
  n_pairs = MIN ((guint64) ESTIMATE_PAIRS, (guint64) n * (n - 1) / 2);
  rand = g_rand_new_with_seed (20261129);
  for (guint64 s = 0; s < n_pairs; s++)
    {
      guint i = g_rand_int_range (rand, 0, n);
      guint j = g_rand_int_range (rand, 0, n);
      CasDuplicateComparison c;
      guint levels[N_W];

      if (i == j)
        continue;

      /* Pairs that already look like one person under the default weights
       * are left out: in a small register with many duplicates they would
       * make agreement look common (more often than the 1 in 10^6 random
       * pairs that a large register has) */
      if (score_records (index, record_at (index, i), record_at (index, j), &c) - index->prior >=
          CAS_DUPLICATE_POSSIBLE_SCORE)
        continue;
      levels[W_FIRST] = c.swapped ? CAS_MATCH_NAME_DIFFERENT : c.first;
      levels[W_LAST] = c.swapped ? CAS_MATCH_NAME_DIFFERENT : c.last;
      levels[W_BIRTH] = c.birth;
      levels[W_NRN] = c.nrn;
      levels[W_SEX] = c.sex;
      levels[W_EMAIL] = c.email;
      levels[W_PHONE] = c.phone;
      levels[W_ADDRESS] = c.address;
      for (guint f = 0; f < N_W; f++)
        if (levels[f] != 0)
          {
            counts[f][levels[f]]++;
            present[f]++;
          }
    }

  for (guint f = 0; f < N_W; f++)
    for (guint l = 0; l < MAX_LEVELS; l++)
      {
        double estimate;

        if (l == 0 || l >= n_levels[f])
          {
            u[f][l] = 1.0;
            continue;
          }
        estimate = (counts[f][l] + ESTIMATE_PRIOR * default_u[f][l]) /
                   (present[f] + ESTIMATE_PRIOR);
        u[f][l] = CLAMP (estimate, default_u[f][l] / 16, MIN (default_u[f][l] * 16, 0.9999));
      }

  set_weights (index, default_m, (const double (*)[MAX_LEVELS]) u);
}

/* Blocking */

enum
{
  KEY_NRN,
  KEY_BIRTH_INITIAL,
  KEY_NAMES,
  KEY_NAME_POSTCODE,
  KEY_EMAIL,
  KEY_PHONE,
  KEY_ADDRESS,
  KEY_BIRTH_POSTCODE,
  KEY_NAME_TOWN,
  KEY_STREET,
};

#define MAX_KEYS 16
/* How large a block of each kind may be and still be compared all against
 * all, and the window of the sorted neighbourhood beyond: identifiers
 * (NRN, e-mail, phone, address) rarely make large blocks; birth date and
 * name pair are strong keys; a street, or one name with a place, is the
 * widest key, a last resort when the others miss (a name changed, the
 * birth date unknown or wrong), and gets the narrowest window (a town
 * holds many postcodes). */
typedef struct
{
  guint max_block;
  guint window;
} BlockLimits;

static const BlockLimits block_limits[] = {
  [KEY_NRN] = { 50, 10 },
  [KEY_BIRTH_INITIAL] = { 30, 8 },
  [KEY_NAMES] = { 30, 8 },
  [KEY_NAME_POSTCODE] = { 12, 3 },
  [KEY_EMAIL] = { 50, 10 },
  [KEY_PHONE] = { 50, 10 },
  [KEY_ADDRESS] = { 50, 10 },
  [KEY_BIRTH_POSTCODE] = { 30, 8 },
  [KEY_NAME_TOWN] = { 12, 2 },
  [KEY_STREET] = { 12, 3 },
};

typedef struct
{
  guint64 key;
  guint32 record;
  guint32 kind;
} Entry;

static inline guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static guint64
hash_text (guint64     h,
           const char *text)
{
  h ^= G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (0x100000001b3);

  return mix64 (h);
}

static guint64
make_key (guint       kind,
          const char *a,
          const char *b,
          const char *c)
{
  guint64 h = mix64 (kind + 1);

  h = hash_text (h, a);
  h = hash_text (h ^ 0xff, b);
  h = hash_text (h ^ 0xfe, c);

  return h;
}

/* The blocking keys of @r; returns how many */
static guint
record_keys (const Record *r,
             guint64       keys[MAX_KEYS],
             guint32       kinds[MAX_KEYS])
{
  guint n = 0;
  char date[16] = "";

#define ADD(k, a, b, c) (kinds[n] = (k), keys[n++] = make_key ((k), (a), (b), (c)))

  if (r->nrn_state != 0)
    ADD (KEY_NRN, r->nrn, NULL, NULL);

  if (r->year != 0)
    {
      char first[2] = { r->first.joined ? r->first.joined[0] : 0, 0 };
      char last[2] = { r->last.joined ? r->last.joined[0] : 0, 0 };

      g_snprintf (date, sizeof date, "%04u%02u%02u", r->year, r->month, r->day);
      if (first[0] != 0)
        ADD (KEY_BIRTH_INITIAL, date, first, NULL);
      if (last[0] != 0 && last[0] != first[0])
        ADD (KEY_BIRTH_INITIAL, date, last, NULL);
      if (r->postcode != NULL)
        ADD (KEY_BIRTH_POSTCODE, date, r->postcode, NULL);
    }

  if (r->first.phonetic != NULL && r->last.phonetic != NULL)
    {
      gboolean ordered = strcmp (r->first.phonetic, r->last.phonetic) <= 0;

      ADD (KEY_NAMES, ordered ? r->first.phonetic : r->last.phonetic,
           ordered ? r->last.phonetic : r->first.phonetic, NULL);
    }

  /* Either name with the place, under one kind so that a swap meets */
  if (r->postcode != NULL && r->last.phonetic != NULL)
    ADD (KEY_NAME_POSTCODE, r->last.phonetic, r->postcode, NULL);
  if (r->postcode != NULL && r->first.phonetic != NULL &&
      g_strcmp0 (r->first.phonetic, r->last.phonetic) != 0)
    ADD (KEY_NAME_POSTCODE, r->first.phonetic, r->postcode, NULL);
  if (r->city != NULL && r->last.phonetic != NULL)
    ADD (KEY_NAME_TOWN, r->last.phonetic, r->city, NULL);
  if (r->city != NULL && r->first.phonetic != NULL &&
      g_strcmp0 (r->first.phonetic, r->last.phonetic) != 0)
    ADD (KEY_NAME_TOWN, r->first.phonetic, r->city, NULL);

  if (r->email != NULL)
    ADD (KEY_EMAIL, r->email, NULL, NULL);
  if (r->email2 != NULL)
    ADD (KEY_EMAIL, r->email2, NULL, NULL);
  if (r->phone != NULL)
    ADD (KEY_PHONE, r->phone, NULL, NULL);

  if (r->street != NULL && r->house != NULL && (r->postcode != NULL || r->city != NULL))
    ADD (KEY_ADDRESS, r->street, r->house, r->postcode ? r->postcode : r->city);
  if (r->street != NULL && r->city != NULL)
    ADD (KEY_STREET, r->street, r->city, NULL);

#undef ADD

  g_assert (n <= MAX_KEYS);

  return n;
}

gboolean
cas_duplicate_index_share_key (CasDuplicateIndex *index,
                               guint              record,
                               guint              other)
{
  guint64 keys_a[MAX_KEYS], keys_b[MAX_KEYS];
  guint32 kinds_a[MAX_KEYS], kinds_b[MAX_KEYS];
  guint na, nb;

  g_return_val_if_fail (record < index->records->len && other < index->records->len, FALSE);

  na = record_keys (record_at (index, record), keys_a, kinds_a);
  nb = record_keys (record_at (index, other), keys_b, kinds_b);
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      if (keys_a[i] == keys_b[j])
        return TRUE;

  return FALSE;
}

/* LSD radix sorts, 16 bits a pass */

static void
radix_sort_u64 (guint64 *values,
                gsize    n)
{
  g_autofree guint64 *buffer = g_new (guint64, n);
  g_autofree gsize *counts = g_new (gsize, 65536);
  guint64 *from = values, *to = buffer;

  for (guint shift = 0; shift < 64; shift += 16)
    {
      gsize total = 0;

      memset (counts, 0, 65536 * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        counts[(from[i] >> shift) & 0xffff]++;
      for (guint d = 0; d < 65536; d++)
        {
          gsize c = counts[d];
          counts[d] = total;
          total += c;
        }
      for (gsize i = 0; i < n; i++)
        to[counts[(from[i] >> shift) & 0xffff]++] = from[i];
      {
        guint64 *t = from;
        from = to;
        to = t;
      }
    }
  /* Four passes: the sorted values are back in @values */
  g_assert (from == values);
}

/* Sorts @entries on the low 48 bits of their keys, stably. After entries
 * were grouped by the high 16 bits (candidate_pairs), equal keys are then
 * next to each other. */
static void
radix_sort_entries_low (Entry *entries,
                        gsize  n)
{
  g_autofree Entry *buffer = g_new (Entry, n);
  g_autofree gsize *counts = g_new (gsize, 65536);
  Entry *from = entries, *to = buffer;

  if (n == 0)
    return;

  for (guint shift = 0; shift < 48; shift += 16)
    {
      gsize total = 0;

      memset (counts, 0, 65536 * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        counts[(from[i].key >> shift) & 0xffff]++;
      for (guint d = 0; d < 65536; d++)
        {
          gsize c = counts[d];
          counts[d] = total;
          total += c;
        }
      for (gsize i = 0; i < n; i++)
        to[counts[(from[i].key >> shift) & 0xffff]++] = from[i];
      {
        Entry *t = from;
        from = to;
        to = t;
      }
    }
  /* Three passes: the sorted entries are in the buffer */
  memcpy (entries, from, n * sizeof (Entry));
}

/* Sorts and removes repeats; returns the new length */
static gsize
sort_unique (guint64 *values,
             gsize    n)
{
  gsize out = 0;

  if (n == 0)
    return 0;

  radix_sort_u64 (values, n);
  for (gsize i = 0; i < n; i++)
    if (out == 0 || values[out - 1] != values[i])
      values[out++] = values[i];

  return out;
}

typedef struct
{
  CasDuplicateIndex *index;
  gboolean           by_birth;
} SortContext;

static int
compare_for_window (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  SortContext *context = data;
  const Record *ra = record_at (context->index, *(const guint32 *) a);
  const Record *rb = record_at (context->index, *(const guint32 *) b);
  int c;

  if (context->by_birth)
    {
      guint da = ra->year * 10000u + ra->month * 100u + ra->day;
      guint db = rb->year * 10000u + rb->month * 100u + rb->day;

      if (da != db)
        return da < db ? -1 : 1;
      return g_strcmp0 (ra->postcode, rb->postcode);
    }

  c = g_strcmp0 (ra->last.joined, rb->last.joined);
  if (c == 0)
    c = g_strcmp0 (ra->first.joined, rb->first.joined);
  return c;
}

static inline guint64
pair_code (guint32 a,
           guint32 b)
{
  return a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
}

/* The pairs of the blocks in entries [from, to), which start and end at
 * block boundaries: one part of the entries for each of two threads */
typedef struct
{
  CasDuplicateIndex *index;
  Entry             *entries;
  gsize              from;
  gsize              to;
  GCancellable      *cancellable;
  guint64           *pairs;        /* out: sorted, unique */
  gsize              n_pairs;
  gsize              n_sorted;     /* pairs[0, n_sorted) sorted and unique */
  gsize              size;
  guint64            n_blocks;
  guint64            n_large_blocks;
} PairJob;

static inline void
add_pair (PairJob *job,
          guint32  a,
          guint32  b)
{
  if (G_UNLIKELY (job->n_pairs == job->size))
    {
      job->size = MAX (job->size * 2, 1 << 16);
      job->pairs = g_renew (guint64, job->pairs, job->size);
    }
  job->pairs[job->n_pairs++] = pair_code (a, b);
}

/* Pairs met under several keys are kept once: the pairs added since the
 * last time are sorted, then merged with those before */
static void
compact_pairs (PairJob *job)
{
  guint64 *old = job->pairs, *merged;
  gsize n_new, i = 0, j = job->n_sorted, end, out = 0;

  if (job->n_pairs == job->n_sorted)
    return;

  n_new = sort_unique (old + job->n_sorted, job->n_pairs - job->n_sorted);
  end = job->n_sorted + n_new;
  if (job->n_sorted == 0)
    {
      job->n_pairs = job->n_sorted = n_new;
      return;
    }

  merged = g_new (guint64, MAX (job->size, 1));
  while (i < job->n_sorted || j < end)
    {
      guint64 v = j >= end || (i < job->n_sorted && old[i] <= old[j]) ? old[i++] : old[j++];

      if (out == 0 || merged[out - 1] != v)
        merged[out++] = v;
    }
  g_free (old);
  job->pairs = merged;
  job->n_pairs = job->n_sorted = out;
}

static gpointer
block_pairs (gpointer data)
{
  PairJob *job = data;
  const Entry *e;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize compact_at = 1 << 23;

  radix_sort_entries_low (job->entries + job->from, job->to - job->from);
  e = job->entries;

  for (gsize start = job->from; start < job->to;)
    {
      gsize end = start + 1;
      gsize size;

      while (end < job->to && e[end].key == e[start].key)
        end++;
      size = end - start;

      if (size >= 2)
        {
          job->n_blocks++;
          if (size <= block_limits[e[start].kind].max_block)
            {
              for (gsize i = start; i < end; i++)
                for (gsize j = i + 1; j < end; j++)
                  if (e[i].record != e[j].record)
                    add_pair (job, e[i].record, e[j].record);
            }
          else
            {
              SortContext context = { job->index, e[start].kind == KEY_NAMES ||
                                                  e[start].kind == KEY_NAME_POSTCODE ||
                                                  e[start].kind == KEY_NAME_TOWN };
              const guint32 *m;
              guint window;

              job->n_large_blocks++;
              g_array_set_size (members, 0);
              for (gsize i = start; i < end; i++)
                g_array_append_val (members, e[i].record);
              g_array_sort_with_data (members, compare_for_window, &context);
              m = (const guint32 *) members->data;
              window = block_limits[e[start].kind].window;
              for (guint i = 0; i < members->len; i++)
                for (guint j = i + 1; j < members->len && j <= i + window; j++)
                  if (m[i] != m[j])
                    add_pair (job, m[i], m[j]);
            }
        }

      /* Now and then, to bound the memory */
      if (job->n_pairs - job->n_sorted >= compact_at)
        {
          compact_pairs (job);
          if (g_cancellable_is_cancelled (job->cancellable))
            break;
        }

      start = end;
    }

  compact_pairs (job);

  return NULL;
}

/* The blocking keys of records [from, to) on one thread, and how many
 * there are by the high 16 bits of the key */
typedef struct
{
  CasDuplicateIndex *index;
  guint              from;
  guint              to;
  Entry             *entries;
  gsize              n_entries;
  gsize             *counts;       /* 65536 */
  gsize             *offsets;      /* 65536: where they go in the whole */
  Entry             *all;
} KeyJob;

static gpointer
collect_keys (gpointer data)
{
  KeyJob *job = data;
  gsize size = (gsize) (job->to - job->from) * 13 + MAX_KEYS;

  job->entries = g_new (Entry, size);
  job->counts = g_new0 (gsize, 65536);
  for (guint i = job->from; i < job->to; i++)
    {
      guint64 keys[MAX_KEYS];
      guint32 kinds[MAX_KEYS];
      guint k = record_keys (record_at (job->index, i), keys, kinds);

      if (job->n_entries + k > size)
        {
          size = size + size / 2 + MAX_KEYS;
          job->entries = g_renew (Entry, job->entries, size);
        }
      for (guint j = 0; j < k; j++)
        {
          job->entries[job->n_entries++] = (Entry) { keys[j], i, kinds[j] };
          job->counts[keys[j] >> 48]++;
        }
    }

  return NULL;
}

/* Moves the entries of one KeyJob to their places in the whole */
static gpointer
scatter_keys (gpointer data)
{
  KeyJob *job = data;

  for (gsize i = 0; i < job->n_entries; i++)
    job->all[job->offsets[job->entries[i].key >> 48]++] = job->entries[i];
  g_clear_pointer (&job->entries, g_free);

  return NULL;
}

/* Runs @func on @jobs[1] in a second thread and on @jobs[0] in this one */
static void
run_two (GThreadFunc  func,
         gpointer     job0,
         gpointer     job1)
{
  GThread *thread = g_thread_new ("cas-duplicate-block", func, job1);

  func (job0);
  g_thread_join (thread);
}

/* Candidate pairs, unique and sorted. Each of two threads collects the
 * keys of half the records; the keys are grouped by their high 16 bits
 * into one array (record order kept within a group), which is cut in two
 * parts at a group boundary, so that no block is cut; each thread then
 * sorts its part on the other 48 bits and makes the pairs of its blocks. */
static GArray *
candidate_pairs (CasDuplicateIndex *index,
                 GCancellable      *cancellable,
                 CasDuplicateStats *stats)
{
  guint n = index->records->len;
  KeyJob keys[2] = { { 0, }, };
  PairJob jobs[2] = { { 0, }, };
  g_autofree Entry *entries = NULL;
  g_autofree gsize *group_start = g_new (gsize, 65536 + 1);
  GArray *pairs;
  gsize total = 0, middle;
  const guint64 *x, *y;
  gsize nx, ny, ix = 0, iy = 0;
  guint64 *out;
  gsize n_out = 0;
  guint middle_group = 0;

  for (guint t = 0; t < 2; t++)
    {
      keys[t].index = index;
      keys[t].from = t == 0 ? 0 : n / 2;
      keys[t].to = t == 0 ? n / 2 : n;
    }
  run_two (collect_keys, &keys[0], &keys[1]);
  stats->n_keys = keys[0].n_entries + keys[1].n_entries;

  /* Within a group, the first half's records before the second's */
  entries = g_new (Entry, MAX (stats->n_keys, 1));
  for (guint t = 0; t < 2; t++)
    {
      keys[t].offsets = g_new (gsize, 65536);
      keys[t].all = entries;
    }
  for (guint d = 0; d < 65536; d++)
    {
      group_start[d] = total;
      for (guint t = 0; t < 2; t++)
        {
          keys[t].offsets[d] = total;
          total += keys[t].counts[d];
        }
    }
  group_start[65536] = total;
  run_two (scatter_keys, &keys[0], &keys[1]);
  for (guint t = 0; t < 2; t++)
    {
      g_free (keys[t].counts);
      g_free (keys[t].offsets);
    }

  /* Two parts of about the same size */
  while (middle_group < 65536 && group_start[middle_group + 1] <= total / 2)
    middle_group++;
  middle = group_start[middle_group];

  for (guint t = 0; t < 2; t++)
    {
      jobs[t].index = index;
      jobs[t].entries = entries;
      jobs[t].from = t == 0 ? 0 : middle;
      jobs[t].to = t == 0 ? middle : total;
      jobs[t].cancellable = cancellable;
    }
  run_two (block_pairs, &jobs[0], &jobs[1]);
  g_clear_pointer (&entries, g_free);

  /* Merge the two sorted parts, once each */
  x = jobs[0].pairs;
  y = jobs[1].pairs;
  nx = jobs[0].n_pairs;
  ny = jobs[1].n_pairs;
  pairs = g_array_sized_new (FALSE, FALSE, sizeof (guint64), nx + ny);
  g_array_set_size (pairs, nx + ny);
  out = (guint64 *) pairs->data;
  while (ix < nx || iy < ny)
    {
      guint64 v = iy >= ny || (ix < nx && x[ix] <= y[iy]) ? x[ix++] : y[iy++];

      if (n_out == 0 || out[n_out - 1] != v)
        out[n_out++] = v;
    }
  g_array_set_size (pairs, n_out);

  for (guint t = 0; t < 2; t++)
    {
      stats->n_blocks += jobs[t].n_blocks;
      stats->n_large_blocks += jobs[t].n_large_blocks;
      g_free (jobs[t].pairs);
    }

  return pairs;
}

/* Scoring the candidates on two threads */

#define SCORE_CHUNK 65536

typedef struct
{
  CasDuplicateIndex      *index;
  const guint64          *candidates;
  gsize                   n_candidates;
  double                  min_score;
  CasDuplicatePairFilter  filter;
  gpointer                filter_data;
  GCancellable           *cancellable;
  gint                    next_chunk;    /* atomic */
  gint                    done_chunks;   /* atomic */
} ScoreJob;

static GArray *
score_chunks (ScoreJob *job)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (CasDuplicatePair));
  gint n_chunks = (gint) ((job->n_candidates + SCORE_CHUNK - 1) / SCORE_CHUNK);
  gint chunk;

  while ((chunk = g_atomic_int_add (&job->next_chunk, 1)) < n_chunks)
    {
      gsize start = (gsize) chunk * SCORE_CHUNK;
      gsize end = MIN (start + SCORE_CHUNK, job->n_candidates);

      if (g_cancellable_is_cancelled (job->cancellable))
        break;

      for (gsize i = start; i < end; i++)
        {
          CasDuplicatePair pair;
          double score;

          /* The records of a few pairs ahead: a million records do not fit
           * in the caches, and the second record of a pair is anywhere */
          if (i + 8 < end)
            {
              const Record *ahead = record_at (job->index,
                                               (guint) (job->candidates[i + 8] & 0xffffffff));

              for (gsize line = 0; line < sizeof (Record); line += 64)
                __builtin_prefetch ((const char *) ahead + line);
            }
          /* and the names and street of the records fetched before */
          if (i + 4 < end)
            {
              const Record *ahead = record_at (job->index,
                                               (guint) (job->candidates[i + 4] & 0xffffffff));

              __builtin_prefetch (ahead->first.joined);
              __builtin_prefetch (ahead->last.joined);
              __builtin_prefetch (ahead->street);
            }

          pair.a = (guint) (job->candidates[i] >> 32);
          pair.b = (guint) (job->candidates[i] & 0xffffffff);
          score = score_records (job->index, record_at (job->index, pair.a),
                                 record_at (job->index, pair.b), &pair.comparison);
          if (score < job->min_score)
            continue;
          if (job->filter != NULL && !job->filter (job->index, pair.a, pair.b, job->filter_data))
            continue;
          pair.score = (float) score;
          g_array_append_val (found, pair);
        }

      g_atomic_int_inc (&job->done_chunks);
    }

  return found;
}

static gpointer
score_thread (gpointer data)
{
  return score_chunks (data);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const CasDuplicatePair *pa = a;
  const CasDuplicatePair *pb = b;

  if (pa->score != pb->score)
    return pa->score > pb->score ? -1 : 1;
  if (pa->a != pb->a)
    return pa->a < pb->a ? -1 : 1;
  return pa->b < pb->b ? -1 : pa->b > pb->b;
}

GArray *
cas_duplicate_index_find_pairs (CasDuplicateIndex         *index,
                                double                     min_score,
                                CasDuplicatePairFilter     filter,
                                gpointer                   filter_data,
                                CasDuplicateProgressFunc   progress,
                                gpointer                   progress_data,
                                GCancellable              *cancellable,
                                CasDuplicateStats         *stats,
                                GError                   **error)
{
  CasDuplicateStats local_stats = { 0, };
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  GArray *found;
  GArray *other;
  GThread *thread;
  ScoreJob job = { 0, };

  g_return_val_if_fail (index != NULL, NULL);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);
  stats->n_records = index->records->len;

  if (progress != NULL)
    progress (0.0, progress_data);

  candidates = candidate_pairs (index, cancellable, stats);
  stats->n_candidates = candidates->len;
  stats->block_seconds = g_timer_elapsed (timer, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (0.2, progress_data);

  g_timer_start (timer);
  job.index = index;
  job.candidates = (const guint64 *) candidates->data;
  job.n_candidates = candidates->len;
  job.min_score = min_score;
  job.filter = filter;
  job.filter_data = filter_data;
  job.cancellable = cancellable;

  thread = g_thread_new ("cas-duplicate-score", score_thread, &job);
  found = g_array_new (FALSE, FALSE, sizeof (CasDuplicatePair));
  {
    gint n_chunks = (gint) ((job.n_candidates + SCORE_CHUNK - 1) / SCORE_CHUNK);
    gint chunk;

    /* This thread scores too, one chunk at a time, and reports */
    while ((chunk = g_atomic_int_add (&job.next_chunk, 1)) < n_chunks)
      {
        gsize start = (gsize) chunk * SCORE_CHUNK;
        ScoreJob one = job;
        g_autoptr(GArray) part = NULL;

        if (g_cancellable_is_cancelled (cancellable))
          break;
        one.candidates = job.candidates + start;
        one.n_candidates = MIN (SCORE_CHUNK, job.n_candidates - start);
        one.next_chunk = 0;
        part = score_chunks (&one);
        g_array_append_vals (found, part->data, part->len);
        g_atomic_int_inc (&job.done_chunks);

        if (progress != NULL)
          progress (0.2 + 0.8 * g_atomic_int_get (&job.done_chunks) / MAX (n_chunks, 1),
                    progress_data);
      }
  }
  other = g_thread_join (thread);
  g_array_append_vals (found, other->data, other->len);
  g_array_unref (other);
  stats->score_seconds = g_timer_elapsed (timer, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_array_unref (found);
      return NULL;
    }

  g_array_sort (found, compare_pairs);
  stats->n_pairs = found->len;
  if (progress != NULL)
    progress (1.0, progress_data);

  return found;
}

/* Clusters */

static guint
find_root (guint *parent,
           guint  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a;
  guint pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

static int
compare_clusters (gconstpointer a,
                  gconstpointer b)
{
  const GArray *ca = *(const GArray * const *) a;
  const GArray *cb = *(const GArray * const *) b;

  if (ca->len != cb->len)
    return ca->len > cb->len ? -1 : 1;
  return g_array_index (ca, guint, 0) < g_array_index (cb, guint, 0) ? -1 : 1;
}

GPtrArray *
cas_duplicate_cluster (GArray *pairs)
{
  GPtrArray *clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) slots = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *parent = NULL;
  g_autoptr(GHashTable) by_root = NULL;

  g_return_val_if_fail (pairs != NULL, clusters);

  /* Dense slots for the records that appear in pairs */
  for (guint i = 0; i < pairs->len; i++)
    {
      const CasDuplicatePair *p = &g_array_index (pairs, CasDuplicatePair, i);
      guint ends[2] = { p->a, p->b };

      for (guint k = 0; k < 2; k++)
        if (!g_hash_table_contains (slots, GUINT_TO_POINTER (ends[k] + 1)))
          {
            g_hash_table_insert (slots, GUINT_TO_POINTER (ends[k] + 1),
                                 GUINT_TO_POINTER (records->len));
            g_array_append_val (records, ends[k]);
          }
    }

  parent = g_new (guint, MAX (records->len, 1));
  for (guint i = 0; i < records->len; i++)
    parent[i] = i;

  for (guint i = 0; i < pairs->len; i++)
    {
      const CasDuplicatePair *p = &g_array_index (pairs, CasDuplicatePair, i);
      guint x = GPOINTER_TO_UINT (g_hash_table_lookup (slots, GUINT_TO_POINTER (p->a + 1)));
      guint y = GPOINTER_TO_UINT (g_hash_table_lookup (slots, GUINT_TO_POINTER (p->b + 1)));

      x = find_root (parent, x);
      y = find_root (parent, y);
      if (x != y)
        parent[MAX (x, y)] = MIN (x, y);
    }

  by_root = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < records->len; i++)
    {
      guint root = find_root (parent, i);
      GArray *cluster = g_hash_table_lookup (by_root, GUINT_TO_POINTER (root + 1));

      if (cluster == NULL)
        {
          cluster = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_root, GUINT_TO_POINTER (root + 1), cluster);
          g_ptr_array_add (clusters, cluster);
        }
      g_array_append_val (cluster, g_array_index (records, guint, i));
    }

  for (guint i = 0; i < clusters->len; i++)
    g_array_sort (g_ptr_array_index (clusters, i), compare_positions);
  g_ptr_array_sort (clusters, compare_clusters);

  return clusters;
}

/* Lookup keys of the live check (cas-duplicate-private.h) */

#include "cas-duplicate-private.h"

enum
{
  LOOKUP_NAMES = 100,
  LOOKUP_EMAIL,
  LOOKUP_PHONE,
};

static gint64
lookup_key (guint       kind,
            const char *a,
            const char *b)
{
  /* Positive, never 0: 0 stands for "no key" in the statements */
  return (gint64) (make_key (kind, a, b, NULL) >> 2) | 1;
}

static void
name_sound (const char *text,
            char        key[CAS_MATCH_PHONETIC_LEN])
{
  g_autofree char *folded = cas_match_fold (text);
  g_autofree char *joined = cas_match_name_joined (folded);

  cas_match_phonetic (joined, key);
}

guint
_cas_duplicate_lookup_keys (const CasDuplicateFields *fields,
                            gint64                    keys[CAS_DUPLICATE_MAX_LOOKUP_KEYS])
{
  char first[CAS_MATCH_PHONETIC_LEN], last[CAS_MATCH_PHONETIC_LEN];
  const char *emails[2] = { fields->email, fields->email_secondary };
  g_autofree char *phone = NULL;
  guint n = 0;

  name_sound (fields->first_name, first);
  name_sound (fields->last_name, last);
  if (first[0] != '\0' && last[0] != '\0')
    {
      gboolean ordered = strcmp (first, last) <= 0;

      keys[n++] = lookup_key (LOOKUP_NAMES, ordered ? first : last, ordered ? last : first);
    }

  {
    g_autofree char *email = cas_match_email (emails[0], NULL);
    g_autofree char *email2 = cas_match_email (emails[1], NULL);

    if (email != NULL)
      keys[n++] = lookup_key (LOOKUP_EMAIL, email, NULL);
    if (email2 != NULL && g_strcmp0 (email, email2) != 0)
      keys[n++] = lookup_key (LOOKUP_EMAIL, email2, NULL);
  }

  phone = cas_match_phone (fields->phone);
  if (phone != NULL)
    keys[n++] = lookup_key (LOOKUP_PHONE, phone, NULL);

  return n;
}
