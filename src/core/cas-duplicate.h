/* cas-duplicate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duplicate engine, apart from the database: persons are added to an
 * index, which normalises them (cas-match.h); the index then scores pairs,
 * explains them in words, and finds every likely or possible pair of its
 * records by blocking. cas-duplicate-service.h puts it over the database.
 * The design, the weights and the bands are described at the top of
 * cas-duplicate.c.
 */

#pragma once

#include <gio/gio.h>

#include "cas-match.h"

G_BEGIN_DECLS

typedef enum
{
  CAS_DUPLICATE_BAND_UNLIKELY,
  CAS_DUPLICATE_BAND_POSSIBLE,
  CAS_DUPLICATE_BAND_LIKELY,
} CasDuplicateBand;

/* Scores (log2 of the odds that two records are one person, before the
 * prior) at which the bands start */
#define CAS_DUPLICATE_POSSIBLE_SCORE  6.0
#define CAS_DUPLICATE_LIKELY_SCORE   12.0

CasDuplicateBand cas_duplicate_band_for_score  (double            score);
/* "likely", "possible", "unlikely": for files */
const char      *cas_duplicate_band_get_key    (CasDuplicateBand  band);
/* The same, translated: for people */
const char      *cas_duplicate_band_get_label  (CasDuplicateBand  band);
/* "likely" -> band; FALSE for other text */
gboolean         cas_duplicate_band_from_key   (const char       *key,
                                                CasDuplicateBand *band);

/* The fields of a person as stored or typed; any may be NULL. */
typedef struct
{
  gint64      id;
  gint64      company_id;
  const char *external_ref;
  const char *first_name;
  const char *last_name;
  const char *birth_date;        /* YYYY-MM-DD */
  const char *sex;               /* "M", "F" */
  const char *nrn;
  const char *email;
  const char *email_secondary;
  const char *phone;
  const char *street;
  const char *postcode;
  const char *city;
} CasDuplicateFields;

typedef enum
{
  CAS_DUPLICATE_NRN_MISSING,
  CAS_DUPLICATE_NRN_SAME,           /* same 11 digits, check digit right */
  CAS_DUPLICATE_NRN_SAME_UNVERIFIED,
  CAS_DUPLICATE_NRN_ONE_DIGIT,      /* one digit differs, or two neighbours swapped */
  CAS_DUPLICATE_NRN_DIFFERENT_VALID,/* two different numbers, both valid */
  CAS_DUPLICATE_NRN_DIFFERENT,
  CAS_DUPLICATE_N_NRN_LEVELS
} CasDuplicateNrnLevel;

typedef enum
{
  CAS_DUPLICATE_SEX_MISSING,
  CAS_DUPLICATE_SEX_SAME,
  CAS_DUPLICATE_SEX_DIFFERENT,
  CAS_DUPLICATE_N_SEX_LEVELS
} CasDuplicateSexLevel;

typedef enum
{
  CAS_DUPLICATE_EMAIL_MISSING,
  CAS_DUPLICATE_EMAIL_SAME,
  CAS_DUPLICATE_EMAIL_SAME_NAME,    /* same part before "@", other domain */
  CAS_DUPLICATE_EMAIL_SIMILAR,
  CAS_DUPLICATE_EMAIL_DIFFERENT,
  CAS_DUPLICATE_N_EMAIL_LEVELS
} CasDuplicateEmailLevel;

typedef enum
{
  CAS_DUPLICATE_PHONE_MISSING,
  CAS_DUPLICATE_PHONE_SAME,
  CAS_DUPLICATE_PHONE_ONE_DIGIT,
  CAS_DUPLICATE_PHONE_DIFFERENT,
  CAS_DUPLICATE_N_PHONE_LEVELS
} CasDuplicatePhoneLevel;

typedef enum
{
  CAS_DUPLICATE_ADDRESS_MISSING,
  CAS_DUPLICATE_ADDRESS_SAME,       /* street, number and town (or postcode) */
  CAS_DUPLICATE_ADDRESS_STREET,     /* street and town, another or no number; or number
                                     * and town, one street unknown */
  CAS_DUPLICATE_ADDRESS_TOWN,       /* postcode or town only */
  CAS_DUPLICATE_ADDRESS_DIFFERENT,
  CAS_DUPLICATE_N_ADDRESS_LEVELS
} CasDuplicateAddressLevel;

/* How two records compare, field by field. */
typedef struct
{
  guint8  first;            /* CasMatchNameLevel */
  guint8  last;             /* CasMatchNameLevel */
  guint8  swapped;          /* first and last name swapped */
  guint8  birth;            /* CasMatchDateLevel */
  guint8  years_apart;      /* when the birth dates differ */
  guint8  nrn;              /* CasDuplicateNrnLevel */
  guint8  sex;              /* CasDuplicateSexLevel */
  guint8  email;            /* CasDuplicateEmailLevel */
  guint8  phone;            /* CasDuplicatePhoneLevel */
  guint8  address;          /* CasDuplicateAddressLevel */
  guint8  relatives;        /* 1: twins or siblings, 2: parent and child */
} CasDuplicateComparison;

/* The reasons in words, e.g. "same birth date and phone; last name differs
 * by one letter; first and last name swapped"; translated. */
char            *cas_duplicate_comparison_explain (const CasDuplicateComparison *comparison);

/* Normalised records and the weights that score them */
typedef struct _CasDuplicateIndex CasDuplicateIndex;

CasDuplicateIndex *cas_duplicate_index_new          (void);
void               cas_duplicate_index_free         (CasDuplicateIndex        *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasDuplicateIndex, cas_duplicate_index_free)

/* Adds a record; returns its position. Not thread-safe. */
guint              cas_duplicate_index_add          (CasDuplicateIndex        *index,
                                                     const CasDuplicateFields *fields);
guint              cas_duplicate_index_get_n_records (CasDuplicateIndex       *index);
gint64             cas_duplicate_index_get_id       (CasDuplicateIndex        *index,
                                                     guint                     record);
gint64             cas_duplicate_index_get_company  (CasDuplicateIndex        *index,
                                                     guint                     record);
/* The external reference, or NULL */
const char        *cas_duplicate_index_get_ref      (CasDuplicateIndex        *index,
                                                     guint                     record);

/* Learns from the records: how often each comparison level happens by
 * chance (u probabilities, from random pairs) and how common each name is
 * (term frequencies). Without it, the documented defaults apply. */
void               cas_duplicate_index_estimate     (CasDuplicateIndex        *index);
/* The number of persons in the register the records are compared within,
 * for the prior (see cas-duplicate.c); cas_duplicate_index_estimate () sets
 * it to the number of records */
void               cas_duplicate_index_set_register_size (CasDuplicateIndex *index,
                                                          guint64            n_persons);
/* Tells how common a first or last name (folded and joined) is, as a
 * share of all persons, for an index of few records that stand for many
 * (the live check). */
void               cas_duplicate_index_set_name_frequency (CasDuplicateIndex  *index,
                                                           gboolean            last,
                                                           const char         *joined,
                                                           double              frequency);

/* Scores records @a and @b; fills @comparison when given. */
double             cas_duplicate_index_score        (CasDuplicateIndex        *index,
                                                     guint                     a,
                                                     guint                     b,
                                                     CasDuplicateComparison   *comparison);

/* A pair found by cas_duplicate_index_find_pairs () */
typedef struct
{
  guint                  a;      /* record positions, a < b */
  guint                  b;
  float                  score;
  CasDuplicateComparison comparison;
} CasDuplicatePair;

typedef struct
{
  guint64 n_records;
  guint64 n_keys;               /* blocking keys of all records */
  guint64 n_blocks;             /* keys shared by two records or more */
  guint64 n_large_blocks;       /* blocks compared by sorted neighbourhood */
  guint64 n_candidates;         /* distinct pairs compared */
  guint64 n_pairs;              /* pairs at or above the score asked */
  double  estimate_seconds;     /* u and term frequencies */
  double  block_seconds;
  double  score_seconds;
} CasDuplicateStats;

typedef void (*CasDuplicateProgressFunc) (double   fraction,
                                          gpointer user_data);

/* Keeps the pair of records @a, @b, or leaves it out */
typedef gboolean (*CasDuplicatePairFilter) (CasDuplicateIndex *index,
                                            guint              a,
                                            guint              b,
                                            gpointer           user_data);

/* Every pair of records whose score is at least @min_score, best first.
 * Candidates come from blocking keys (see cas-duplicate.c); @progress
 * (called from this thread) goes from 0 to 1.
 *
 * Returns: (transfer full) (element-type CasDuplicatePair): the pairs, or
 *   %NULL when cancelled */
GArray            *cas_duplicate_index_find_pairs   (CasDuplicateIndex        *index,
                                                     double                    min_score,
                                                     CasDuplicatePairFilter    filter,
                                                     gpointer                  filter_data,
                                                     CasDuplicateProgressFunc  progress,
                                                     gpointer                  progress_data,
                                                     GCancellable             *cancellable,
                                                     CasDuplicateStats        *stats,
                                                     GError                  **error);

/* The blocking keys of @record that @other shares: whether blocking can
 * bring the two together (for measuring blocking recall). */
gboolean           cas_duplicate_index_share_key    (CasDuplicateIndex        *index,
                                                     guint                     record,
                                                     guint                     other);

/* Groups the records of @pairs (element-type CasDuplicatePair) into
 * clusters of one person each: records joined by a chain of pairs.
 * Returns: (transfer full) (element-type GArray<guint>): record positions
 *   of each cluster of two or more, the largest first */
GPtrArray         *cas_duplicate_cluster            (GArray                   *pairs);

G_END_DECLS
