/* cas-match.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The building blocks of the duplicate engine (cas-duplicate.c): how each
 * field of a person is normalised for matching, and how two normalised
 * values are compared. Nothing here touches the database; everything is
 * safe to call from several threads at once.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest text looked at, in characters: names are at most 100 characters
 * (cas-validate.h), and what a user types into a search is cut here. */
#define CAS_MATCH_MAX_CHARS 128

/* Lower case ASCII letters and digits, words separated by one space:
 * accents removed ("Lefèvre" -> "lefevre", "Müller" -> "muller",
 * "ß" -> "ss"), apostrophes dropped ("D'Hondt" -> "dhondt"), hyphens, dots
 * and other punctuation turned into spaces, other scripts transliterated
 * (ICU: "Иванов" -> "ivanov", "محمد" -> "mhmd"). Never NULL. */
char       *cas_match_fold             (const char *text);

/* Whether @word (folded) is a name particle: "van", "de", "der", "den",
 * "le", "la", "du", "des", "d", "ter", "ten", "el", ... */
gboolean    cas_match_is_particle      (const char *word);

/* A name, folded three ways, all from cas_match_fold ():
 *   full:   the words ("van den broeck", "jean pierre")
 *   joined: the words without spaces ("vandenbroeck", "jeanpierre"): the
 *           same for "Van den Broeck", "VANDENBROECK" and "van den broeck"
 *   core:   joined without the leading particles ("broeck"; "smet" for
 *           "De Smet"), see cas_match_name_core () */
char       *cas_match_name_joined      (const char *folded);
/* @folded without its leading particles, joined ("van den broeck" ->
 * "broeck"); the joined name when only particles are left */
char       *cas_match_name_core        (const char *folded);

/* A phonetic key for Dutch and French names (and reasonable for others),
 * of at most CAS_MATCH_PHONETIC_LEN - 1 characters, from a folded name:
 * spellings that sound alike give the same key ("Peeters", "Pieters",
 * "Peters"; "Van Dijck", "Vandyck"; "Lefèvre", "Lefebvre"; "Claes",
 * "Klaas"; "D'Hondt", "Dhont"; "Schmitz", "Smits"; "Mohamed",
 * "Muhammad"). See cas-match.c for the rules. */
#define CAS_MATCH_PHONETIC_LEN 10
void        cas_match_phonetic         (const char *folded,
                                        char        key[CAS_MATCH_PHONETIC_LEN]);

/* Jaro-Winkler similarity of two byte strings, 0 to 1 */
double      cas_match_jaro_winkler     (const char *a,
                                        const char *b);
/* Whether the Jaro-Winkler similarity reaches @threshold; faster than
 * computing it when it does not */
gboolean    cas_match_jaro_winkler_at_least (const char *a,
                                             const char *b,
                                             double      threshold);
/* Optimal string alignment distance (Levenshtein with transpositions of
 * adjacent characters), or @max + 1 when it exceeds @max */
guint       cas_match_edit_distance    (const char *a,
                                        const char *b,
                                        guint       max);

/* E-mail: lower case, trimmed; @local gets the part before "@" reduced to
 * letters ("Jan.Peeters85@x.be" -> "janpeeters"). NULL when empty. */
char       *cas_match_email            (const char *text,
                                        char      **local);
/* Phone: the national number as digits, without country code or trunk 0
 * for Belgian numbers ("+32 470/12.34.56", "0470123456" -> "470123456");
 * foreign numbers keep their country code ("0033 6 12 34 56 78" ->
 * "33612345678"). NULL when there are fewer than 6 digits. */
char       *cas_match_phone            (const char *text);

/* Street: folded, without the house number and box, usual abbreviations
 * written out ("Av. Louise 54 bte 3" -> "avenue louise", number "54").
 * NULL when empty. */
char       *cas_match_street           (const char *text,
                                        char      **number);
/* Town: folded, the French, Dutch, German and English names of Belgian
 * towns made one ("Bruxelles", "Brussel", "Brussels" -> "bruxelles";
 * "Liège", "Luik", "Lüttich" -> "liege"; "Gand", "Gent" -> "gent"). */
char       *cas_match_city             (const char *text);

/* Date "YYYY-MM-DD" (also "YYYYMMDD"); FALSE and zeros when not a real
 * date. */
gboolean    cas_match_parse_date       (const char *text,
                                        guint      *year,
                                        guint      *month,
                                        guint      *day);

/* NRN: the 11 digits of @text in any usual spelling, and whether the
 * check digit holds (either rule: births before 2000 and from 2000 on);
 * when it does, the birth date (0 where the register leaves it unknown)
 * and sex ('M', 'F', or 0 for a BIS number without sex) it encodes.
 * FALSE when @text does not have 11 digits. */
typedef struct
{
  char     digits[12];
  gboolean valid;
  guint    year;
  guint    month;
  guint    day;
  char     sex;
} CasMatchNrn;

gboolean    cas_match_nrn              (const char  *text,
                                        CasMatchNrn *nrn);

/* How two values of one field compare, best level first. */
typedef enum
{
  CAS_MATCH_NAME_MISSING,
  CAS_MATCH_NAME_EXACT,       /* equal once folded and joined */
  CAS_MATCH_NAME_PARTICLE,    /* equal but for a particle ("Broeck" / "Van den Broeck") */
  CAS_MATCH_NAME_PART,        /* one holds the other ("Dupont" / "Dupont-Lambert",
                               * "Jean" / "Jean-Pierre") */
  CAS_MATCH_NAME_TYPO,        /* one letter differs, or two swapped */
  CAS_MATCH_NAME_SOUND,       /* other spelling, same sound */
  CAS_MATCH_NAME_INITIAL,     /* an initial ("J." / "Jean") */
  CAS_MATCH_NAME_SIMILAR,     /* Jaro-Winkler at least 0.88 */
  CAS_MATCH_NAME_DIFFERENT,
  CAS_MATCH_N_NAME_LEVELS
} CasMatchNameLevel;

typedef enum
{
  CAS_MATCH_DATE_MISSING,
  CAS_MATCH_DATE_EXACT,
  CAS_MATCH_DATE_SWAPPED,     /* day and month swapped */
  CAS_MATCH_DATE_ONE_DIGIT,   /* one digit differs, or two adjacent swapped */
  CAS_MATCH_DATE_CLOSE,       /* same year and month, or the same day of a year next to it */
  CAS_MATCH_DATE_DIFFERENT,
  CAS_MATCH_N_DATE_LEVELS
} CasMatchDateLevel;

/* One name of each record: the folded words, joined, without particles,
 * and the phonetic key of the joined form. */
typedef struct
{
  const char *full;
  const char *joined;
  const char *core;
  const char *phonetic;
} CasMatchName;

CasMatchNameLevel cas_match_compare_names (const CasMatchName *a,
                                           const CasMatchName *b);
/* The same, for names whose strings are interned in one table (two equal
 * strings are one pointer, "" is NULL): no string comparisons */
CasMatchNameLevel cas_match_compare_interned_names (const CasMatchName *a,
                                                    const CasMatchName *b);
/* Whether two first names compared at @level are two names, not one name
 * written two ways: different, or alike in sound or letters, but neither
 * the beginning of the other ("Jo" / "Johan", "Chris" / "Christophe") nor
 * within @typos typos of it (one fewer for names of three letters or
 * less). With 2: "An" / "Hanne", "Lies" / "Louise", "Jan" / "Jos" are two
 * names; "Jan" / "Jn", "Bart" / "Braat", "Jean" / "Jean-Pierre", "J" /
 * "Jan" are not; with 1, "Lien" / "Tine" are two names too. */
gboolean          cas_match_other_name    (const CasMatchName *a,
                                           const CasMatchName *b,
                                           CasMatchNameLevel   level,
                                           guint               typos);

CasMatchDateLevel cas_match_compare_dates (guint ya, guint ma, guint da,
                                           guint yb, guint mb, guint db);

/* How many positions of two equally long digit strings differ; an
 * adjacent transposition counts as one. G_MAXUINT for other lengths. */
guint       cas_match_digit_slips      (const char *a,
                                        const char *b);
/* The same for two strings of @length bytes */
guint       cas_match_digit_slips_n    (const char *a,
                                        const char *b,
                                        gsize       length);

G_END_DECLS
