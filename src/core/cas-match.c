/* cas-match.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Normalisation and comparison of the fields of a person, for the
 * duplicate engine. Everything works on "folded" text: ASCII lower case,
 * no accents, words separated by single spaces. GLib decomposes accented
 * Latin letters; ICU's transliterator (libicu, already a dependency of
 * libxml2 under libgda) turns other scripts into Latin letters, so that a
 * name typed in Cyrillic or Arabic still folds to something comparable.
 *
 * The phonetic key (cas_match_phonetic ()) is our own: Soundex and
 * Metaphone are made for English, Kölner Phonetik for German, and the
 * names of a Belgian register are mostly Dutch and French. Its rules, in
 * order, on the joined folded name:
 *   1. spellings of one sound made one: "sch" -> s; "ch" -> k before a
 *      consonant ("Christophe"), s otherwise ("Michel", "Michiels");
 *      "ck", "cq", "qu", "q" -> k; "c" -> s before e, i, y, k otherwise;
 *      "x" -> ks; "z" -> s; "ph" -> f; "th" -> t; "dt" -> t; "gh" -> g;
 *      "gn" -> n; "bv" -> v ("Lefebvre"); "w" -> v; "ij", "y" -> i;
 *      "h" is silent; a final "d" sounds t ("Renard", "Renart");
 *   2. the first letter is kept, vowels after it dropped;
 *   3. repeated letters collapse; the key is cut at 9 letters.
 * So "Peeters", "Pieters" and "Peters" give "ptrs"; "Van Dyck" and
 * "Vandijck" "vndk"; "D'Hondt" and "Dhont" "dnt".
 */

#define G_LOG_DOMAIN "cas-match"

#include "config.h"

#include <string.h>
#include <unicode/utrans.h>

#include "cas-match.h"

/* Folding */

static GMutex icu_lock;
static UTransliterator *icu_transliterator;
static gboolean icu_failed;

/* Other scripts to Latin, then Latin to ASCII: "Иванов" -> "Ivanov".
 * One transliterator, behind a lock: only names outside the Latin script
 * come here, and they are few. NULL when ICU cannot help. */
static char *
transliterate (const char *text)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&icu_lock);
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree UChar *buffer = NULL;
  UErrorCode status = U_ZERO_ERROR;
  glong length = 0;
  int32_t text_length, limit, capacity;

  if (icu_failed)
    return NULL;

  if (icu_transliterator == NULL)
    {
      static const char id[] = "Any-Latin; Latin-ASCII";
      UChar uid[sizeof id];
      UParseError parse_error;

      for (guint i = 0; i < sizeof id; i++)
        uid[i] = (UChar) id[i];
      icu_transliterator = utrans_openU (uid, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
      if (U_FAILURE (status) || icu_transliterator == NULL)
        {
          g_warning ("ICU transliterator unavailable: %s", u_errorName (status));
          icu_failed = TRUE;
          return NULL;
        }
    }

  utf16 = g_utf8_to_utf16 (text, -1, NULL, &length, NULL);
  if (utf16 == NULL)
    return NULL;

  /* Transliteration lengthens text (a Chinese character becomes a
   * syllable); eight times is plenty, and a larger need fails cleanly */
  capacity = (int32_t) length * 8 + 16;
  buffer = g_new0 (UChar, capacity);
  memcpy (buffer, utf16, length * sizeof (UChar));
  text_length = limit = (int32_t) length;
  utrans_transUChars (icu_transliterator, buffer, &text_length, capacity, 0, &limit, &status);
  if (U_FAILURE (status))
    return NULL;

  return g_utf16_to_utf8 ((const gunichar2 *) buffer, text_length, NULL, NULL, NULL);
}

/* Latin letters that do not decompose into an ASCII base letter */
static const char *
special_latin (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";                    /* ß */
    case 0x00C6: case 0x00E6: return "ae";       /* Æ æ */
    case 0x0152: case 0x0153: return "oe";       /* Œ œ */
    case 0x00D8: case 0x00F8: return "o";        /* Ø ø */
    case 0x0141: case 0x0142: return "l";        /* Ł ł */
    case 0x0110: case 0x0111: return "d";        /* Đ đ */
    case 0x00D0: case 0x00F0: return "d";        /* Ð ð */
    case 0x00DE: case 0x00FE: return "th";       /* Þ þ */
    case 0x0131: return "i";                     /* ı, Turkish dotless i */
    case 0x0132: case 0x0133: return "ij";       /* Ĳ ĳ */
    case 0x013F: case 0x0140: return "l";        /* Ŀ ŀ */
    default: return NULL;
    }
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x00B4;
}

/* One pass; sets *other_script when a letter could not be made ASCII */
static char *
fold_pass (const char *text,
           gboolean   *other_script)
{
  GString *out = g_string_sized_new (strlen (text) + 1);
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  for (const char *p = text; *p != '\0' && n_chars < CAS_MATCH_MAX_CHARS;
       p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);
      const char *special;
      char ascii = 0;

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            ascii = g_ascii_tolower ((char) c);
          else if (is_apostrophe (c))
            continue;
          else
            {
              pending_space = out->len > 0;
              continue;
            }
        }
      else if (is_apostrophe (c) || g_unichar_ismark (c))
        continue;
      else if ((special = special_latin (c)) != NULL)
        {
          if (pending_space)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append (out, special);
          continue;
        }
      else
        {
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gsize n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));

          if (n > 0 && decomposed[0] < 0x80 && g_ascii_isalnum (decomposed[0]))
            ascii = g_ascii_tolower ((char) decomposed[0]);
          else if (g_unichar_isdigit (c) && g_unichar_digit_value (c) >= 0)
            ascii = (char) ('0' + g_unichar_digit_value (c));
          else if (g_unichar_isalpha (c))
            {
              *other_script = TRUE;
              continue;
            }
          else
            {
              pending_space = out->len > 0;
              continue;
            }
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, ascii);
    }

  return g_string_free (out, FALSE);
}

char *
cas_match_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *latin = NULL;
  gboolean other_script = FALSE;
  char *folded;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  folded = fold_pass (text, &other_script);
  if (!other_script)
    return folded;

  /* Other scripts: transliterated, then folded again; what still has no
   * Latin form is left out */
  {
    g_autofree char *cut = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1),
                                                        CAS_MATCH_MAX_CHARS));
    latin = transliterate (cut);
  }
  if (latin == NULL)
    return folded;

  g_free (folded);
  other_script = FALSE;

  return fold_pass (latin, &other_script);
}

/* Names */

static const char * const particles[] = {
  "al", "d", "da", "das", "de", "del", "della", "den", "der", "des", "di", "dos", "du", "el",
  "het", "l", "la", "le", "les", "op", "t", "te", "ten", "ter", "van", "vande", "vanden",
  "vander", "von", "zu",
};

gboolean
cas_match_is_particle (const char *word)
{
  if (word == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    if (strcmp (word, particles[i]) == 0)
      return TRUE;

  return FALSE;
}

static char *
strip_spaces (const char *text)
{
  char *out = g_malloc (strlen (text) + 1);
  char *q = out;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      *q++ = *p;
  *q = '\0';

  return out;
}

char *
cas_match_name_joined (const char *folded)
{
  return strip_spaces (folded ? folded : "");
}

char *
cas_match_name_core (const char *folded)
{
  g_auto(GStrv) words = NULL;
  GString *out;
  guint first = 0;
  guint n;

  if (folded == NULL || *folded == '\0')
    return g_strdup ("");

  words = g_strsplit (folded, " ", -1);
  n = g_strv_length (words);
  while (first + 1 < n && cas_match_is_particle (words[first]))
    first++;

  out = g_string_new (NULL);
  for (guint i = first; i < n; i++)
    g_string_append (out, words[i]);

  return g_string_free (out, FALSE);
}

/* Phonetic key */

static gboolean
is_vowel (char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

void
cas_match_phonetic (const char *folded,
                    char        key[CAS_MATCH_PHONETIC_LEN])
{
  char letters[CAS_MATCH_MAX_CHARS + 1];
  char sounds[2 * CAS_MATCH_MAX_CHARS + 1];
  guint n_letters = 0;
  guint n_sounds = 0;
  guint n_key = 0;

  key[0] = '\0';
  if (folded == NULL)
    return;

  for (const char *p = folded; *p != '\0' && n_letters < CAS_MATCH_MAX_CHARS; p++)
    if (*p >= 'a' && *p <= 'z')
      letters[n_letters++] = *p;
  letters[n_letters] = '\0';

  /* 1. one letter per sound */
  for (guint i = 0; i < n_letters; i++)
    {
      char c = letters[i];
      char next = letters[i + 1];   /* '\0' at the end */
      char after = next ? letters[i + 2] : '\0';

#define EMIT(x) (sounds[n_sounds++] = (x))
      switch (c)
        {
        case 's':
          if (next == 'c' && after == 'h')
            i += 2;
          EMIT ('s');
          break;
        case 'c':
          if (next == 'h')
            {
              EMIT (after != '\0' && !is_vowel (after) && after != 'y' ? 'k' : 's');
              i++;
            }
          else if (next == 'k' || next == 'q')
            {
              EMIT ('k');
              i++;
            }
          else if (next == 'e' || next == 'i' || next == 'y')
            EMIT ('s');
          else
            EMIT ('k');
          break;
        case 'q':
          if (next == 'u')
            i++;
          EMIT ('k');
          break;
        case 'x':
          EMIT ('k');
          EMIT ('s');
          break;
        case 'z':
          EMIT ('s');
          break;
        case 'p':
          if (next == 'h')
            {
              EMIT ('f');
              i++;
            }
          else
            EMIT ('p');
          break;
        case 't':
          if (next == 'h')
            i++;
          EMIT ('t');
          break;
        case 'd':
          if (next == 't')
            {
              EMIT ('t');
              i++;
            }
          else
            EMIT (next == '\0' ? 't' : 'd');
          break;
        case 'g':
          if (next == 'h')
            {
              EMIT ('g');
              i++;
            }
          else if (next == 'n')
            {
              EMIT ('n');
              i++;
            }
          else
            EMIT ('g');
          break;
        case 'b':
          if (next == 'v')
            {
              EMIT ('v');
              i++;
            }
          else
            EMIT ('b');
          break;
        case 'w':
          EMIT ('v');
          break;
        case 'y':
          EMIT ('i');
          break;
        case 'i':
          if (next == 'j')
            i++;
          EMIT ('i');
          break;
        case 'h':
          break;
        default:
          EMIT (c);
          break;
        }
#undef EMIT
    }
  sounds[n_sounds] = '\0';

  /* 2. and 3. the first sound, then consonants, repeats collapsed */
  for (guint i = 0; i < n_sounds && n_key < CAS_MATCH_PHONETIC_LEN - 1; i++)
    {
      char c = sounds[i];

      if (i > 0 && is_vowel (c))
        continue;
      if (n_key > 0 && key[n_key - 1] == c)
        continue;
      key[n_key++] = c;
    }
  key[n_key] = '\0';
}

/* String measures */

#define MEASURE_MAX_LEN 64

double
cas_match_jaro_winkler (const char *a,
                        const char *b)
{
  gboolean a_matched[MEASURE_MAX_LEN] = { FALSE, };
  gboolean b_matched[MEASURE_MAX_LEN] = { FALSE, };
  guint la = MIN (strlen (a), MEASURE_MAX_LEN);
  guint lb = MIN (strlen (b), MEASURE_MAX_LEN);
  guint window, matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  if (la == 0 || lb == 0)
    return la == lb ? 1.0 : 0.0;

  window = MAX (la, lb) / 2;
  window = window > 0 ? window - 1 : 0;

  for (guint i = 0; i < la; i++)
    {
      guint lo = i > window ? i - window : 0;
      guint hi = MIN (i + window + 1, lb);

      for (guint j = lo; j < hi; j++)
        if (!b_matched[j] && a[i] == b[j])
          {
            a_matched[i] = b_matched[j] = TRUE;
            matches++;
            break;
          }
    }

  if (matches == 0)
    return 0.0;

  for (guint i = 0, j = 0; i < la; i++)
    if (a_matched[i])
      {
        while (!b_matched[j])
          j++;
        if (a[i] != b[j])
          transpositions++;
        j++;
      }

  jaro = ((double) matches / la + (double) matches / lb +
          (matches - transpositions / 2.0) / matches) / 3.0;

  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
    prefix++;

  return jaro + prefix * 0.1 * (1.0 - jaro);
}

gboolean
cas_match_jaro_winkler_at_least (const char *a,
                                 const char *b,
                                 double      threshold)
{
  guint8 counts[64] = { 0, };
  guint la = 0, lb = 0, common = 0;
  double jaro;

  /* An upper bound first, from the characters both have whatever their
   * places (folded text: letters, digits, spaces; others share a slot,
   * which only loosens the bound): most pairs of names fail it, and it
   * costs a few additions */
  for (const char *p = a; *p != '\0' && la < MEASURE_MAX_LEN; p++, la++)
    counts[(guchar) *p & 63]++;
  for (const char *p = b; *p != '\0' && lb < MEASURE_MAX_LEN; p++, lb++)
    if (counts[(guchar) *p & 63] > 0)
      {
        counts[(guchar) *p & 63]--;
        common++;
      }
  if (la == 0 || lb == 0 || common == 0)
    return threshold <= 0.0;

  jaro = ((double) common / la + (double) common / lb + 1.0) / 3.0;
  if (jaro + 0.4 * (1.0 - jaro) < threshold)
    return FALSE;

  return cas_match_jaro_winkler (a, b) >= threshold;
}

guint
cas_match_edit_distance (const char *a,
                         const char *b,
                         guint       max)
{
  guint rows[3][MEASURE_MAX_LEN + 1];
  guint *before = rows[0], *previous = rows[1], *current = rows[2];
  guint la = MIN (strlen (a), MEASURE_MAX_LEN);
  guint lb = MIN (strlen (b), MEASURE_MAX_LEN);

  if ((la > lb ? la - lb : lb - la) > max)
    return max + 1;

  for (guint j = 0; j <= lb; j++)
    previous[j] = j;

  for (guint i = 1; i <= la; i++)
    {
      guint row_min;
      guint *t;

      current[0] = i;
      row_min = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint v = MIN (MIN (previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            v = MIN (v, before[j - 2] + 1);
          current[j] = v;
          row_min = MIN (row_min, v);
        }
      if (row_min > max)
        return max + 1;

      t = before;
      before = previous;
      previous = current;
      current = t;
    }

  return MIN (previous[lb], max + 1);
}

/* Contact details */

char *
cas_match_email (const char  *text,
                 char       **local)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *lower = NULL;
  const char *at;
  GString *letters;

  if (local != NULL)
    *local = NULL;
  if (text == NULL)
    return NULL;

  trimmed = g_strstrip (g_utf8_make_valid (text, MIN (strlen (text), 320)));
  if (*trimmed == '\0')
    return NULL;
  lower = g_utf8_strdown (trimmed, -1);

  if (local != NULL)
    {
      at = strchr (lower, '@');
      letters = g_string_new (NULL);
      for (const char *p = lower; *p != '\0' && p != at && *p != '+'; p++)
        if (*p >= 'a' && *p <= 'z')
          g_string_append_c (letters, *p);
      if (letters->len > 0)
        *local = g_string_free (letters, FALSE);
      else
        g_string_free (letters, TRUE);
    }

  return g_steal_pointer (&lower);
}

char *
cas_match_phone (const char *text)
{
  char digits[32];
  guint n = 0;
  gboolean international = FALSE;
  const char *start;

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0' && n < sizeof digits - 1; p++)
    {
      if (*p == '+' && n == 0)
        international = TRUE;
      else if (*p >= '0' && *p <= '9')
        digits[n++] = *p;
    }
  digits[n] = '\0';

  start = digits;
  if (g_str_has_prefix (start, "00"))
    {
      start += 2;
      international = TRUE;
    }
  if (international)
    {
      if (g_str_has_prefix (start, "32"))
        {
          start += 2;
          if (*start == '0')
            start++;
        }
    }
  else if (*start == '0')
    start++;
  else if (g_str_has_prefix (start, "32") && strlen (start) >= 10)
    start += 2;

  if (strlen (start) < 6)
    return NULL;

  return g_strdup (start);
}

/* Addresses */

typedef struct
{
  const char *from;
  const char *to;
} Rewrite;

static const Rewrite street_words[] = {
  { "av", "avenue" }, { "ave", "avenue" }, { "bd", "boulevard" }, { "blvd", "boulevard" },
  { "boul", "boulevard" }, { "bvd", "boulevard" }, { "cct", "circuit" }, { "chee", "chaussee" },
  { "chs", "chaussee" }, { "cres", "crescent" }, { "cr", "crescent" }, { "dr", "drive" },
  { "pl", "place" }, { "rd", "road" }, { "sq", "square" }, { "str", "straat" },
  { "stwg", "steenweg" }, { "stw", "steenweg" },
};

static const char * const box_words[] = { "bte", "bt", "bus", "box", "boite", "b" };

char *
cas_match_street (const char  *text,
                  char       **number)
{
  g_autofree char *folded = cas_match_fold (text);
  g_auto(GStrv) words = NULL;
  GString *out;
  gboolean skip_next = FALSE;

  if (number != NULL)
    *number = NULL;
  if (*folded == '\0')
    return NULL;

  words = g_strsplit (folded, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      gboolean is_box = FALSE;

      if (skip_next)
        {
          skip_next = FALSE;
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (box_words); k++)
        if (strcmp (word, box_words[k]) == 0 && words[i + 1] != NULL &&
            g_ascii_isdigit (words[i + 1][0]))
          is_box = TRUE;
      if (is_box)
        {
          skip_next = TRUE;
          continue;
        }

      if (g_ascii_isdigit (word[0]))
        {
          if (number != NULL && *number == NULL)
            *number = g_strdup (word);
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (street_words); k++)
        if (strcmp (word, street_words[k].from) == 0)
          word = street_words[k].to;

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* Belgian towns under their names in French, Dutch, German and English,
 * joined as cas_match_name_joined () writes them, and the one they are
 * compared as */
static const Rewrite towns[] = {
  { "aalst", "aalst" }, { "alost", "aalst" },
  { "aarlen", "arlon" }, { "arel", "arlon" },
  { "antwerp", "antwerpen" }, { "anvers", "antwerpen" }, { "antwerpen", "antwerpen" },
  { "ath", "ath" }, { "aat", "ath" },
  { "audenarde", "oudenaarde" },
  { "auderghem", "auderghem" }, { "oudergem", "auderghem" },
  { "bastenaken", "bastogne" },
  { "bergen", "mons" },
  { "borgworm", "waremme" },
  { "brugge", "brugge" }, { "bruges", "brugge" },
  { "brussel", "bruxelles" }, { "brussels", "bruxelles" }, { "bruxelles", "bruxelles" },
  { "brussel1000", "bruxelles" }, { "bxl", "bruxelles" }, { "brussels1000", "bruxelles" },
  { "courtrai", "kortrijk" },
  { "dendermonde", "dendermonde" }, { "termonde", "dendermonde" },
  { "doornik", "tournai" },
  { "edingen", "enghien" },
  { "elsene", "ixelles" },
  { "gand", "gent" }, { "ghent", "gent" },
  { "geldenaken", "jodoigne" },
  { "hal", "halle" },
  { "hoei", "huy" },
  { "ieper", "ieper" }, { "ypres", "ieper" },
  { "komen", "comines" },
  { "leuven", "leuven" }, { "louvain", "leuven" },
  { "lessen", "lessines" },
  { "liege", "liege" }, { "luik", "liege" }, { "luttich", "liege" }, { "luettich", "liege" },
  { "malines", "mechelen" },
  { "moeskroen", "mouscron" },
  { "namen", "namur" },
  { "nijvel", "nivelles" },
  { "oostende", "oostende" }, { "ostende", "oostende" }, { "ostend", "oostende" },
  { "renaix", "ronse" },
  { "saintgilles", "saintgilles" }, { "sintgillis", "saintgilles" },
  { "saintjossetennoode", "saintjossetennoode" }, { "sintjoosttennode", "saintjossetennoode" },
  { "sainttrond", "sinttruiden" },
  { "sanktvith", "saintvith" }, { "stvith", "saintvith" },
  { "schaarbeek", "schaerbeek" },
  { "sgravenbrakel", "brainelecomte" },
  { "tienen", "tienen" }, { "tirlemont", "tienen" },
  { "tongeren", "tongeren" }, { "tongres", "tongeren" },
  { "ukkel", "uccle" },
  { "vorst", "forest" },
  { "voeren", "fourons" },
  { "watermaalbosvoorde", "watermaelboitsfort" },
  { "waver", "wavre" },
  { "wezet", "vise" },
  { "zinnik", "soignies" },
  { "molenbeeksaintjean", "molenbeek" }, { "sintjansmolenbeek", "molenbeek" },
  { "woluwesaintlambert", "woluwesaintlambert" }, { "sintlambrechtswoluwe", "woluwesaintlambert" },
  { "woluwesaintpierre", "woluwesaintpierre" }, { "sintpieterswoluwe", "woluwesaintpierre" },
  { "berchemsainteagathe", "berchemsainteagathe" }, { "sintagathaberchem", "berchemsainteagathe" },
};

char *
cas_match_city (const char *text)
{
  g_autofree char *folded = cas_match_fold (text);
  char *joined;

  if (*folded == '\0')
    return NULL;

  joined = strip_spaces (folded);
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    if (strcmp (joined, towns[i].from) == 0)
      {
        g_free (joined);
        return g_strdup (towns[i].to);
      }

  return joined;
}

/* Dates and numbers */

gboolean
cas_match_parse_date (const char *text,
                      guint      *year,
                      guint      *month,
                      guint      *day)
{
  guint y = 0, m = 0, d = 0;
  char digits[9];
  guint n = 0;

  *year = *month = *day = 0;
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (n >= 8)
            return FALSE;
          digits[n++] = *p;
        }
      else if (*p != '-' && !(n == 0 && *p == ' '))
        return FALSE;
    }
  if (n != 8)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    y = y * 10 + (digits[i] - '0');
  m = (digits[4] - '0') * 10 + (digits[5] - '0');
  d = (digits[6] - '0') * 10 + (digits[7] - '0');

  if (y < 1800 || y > 2200 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  *year = y;
  *month = m;
  *day = d;

  return TRUE;
}

gboolean
cas_match_nrn (const char  *text,
               CasMatchNrn *nrn)
{
  guint n = 0;
  guint64 first_nine = 0;
  guint check, yy, raw_month, serial;

  memset (nrn, 0, sizeof *nrn);
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (n >= 11)
            return FALSE;
          nrn->digits[n++] = *p;
        }
      else if (*p != '.' && *p != '-' && *p != ' ' && *p != '/')
        return FALSE;
    }
  if (n != 11)
    {
      memset (nrn, 0, sizeof *nrn);
      return FALSE;
    }
  nrn->digits[11] = '\0';

  for (guint i = 0; i < 9; i++)
    first_nine = first_nine * 10 + (nrn->digits[i] - '0');
  check = (nrn->digits[9] - '0') * 10 + (nrn->digits[10] - '0');
  yy = (guint) (first_nine / 10000000);
  raw_month = (guint) (first_nine / 100000 % 100);
  serial = (guint) (first_nine % 1000);

  if (check == 97 - first_nine % 97)
    nrn->year = 1900 + yy;
  else if (check == 97 - (G_GUINT64_CONSTANT (2000000000) + first_nine) % 97)
    nrn->year = 2000 + yy;
  else
    return TRUE;

  nrn->valid = TRUE;
  nrn->day = (guint) (first_nine / 1000 % 100);
  if (raw_month <= 12)
    {
      nrn->month = raw_month;
      nrn->sex = serial % 2 ? 'M' : 'F';
    }
  else if (raw_month >= 20 && raw_month <= 32)
    nrn->month = raw_month - 20;
  else if (raw_month >= 40 && raw_month <= 52)
    {
      nrn->month = raw_month - 40;
      nrn->sex = serial % 2 ? 'M' : 'F';
    }
  else
    nrn->valid = FALSE;

  /* Month or day 00: the register does not know the birth date */
  if (nrn->valid && (nrn->month == 0 || nrn->day == 0 ||
                     !g_date_valid_dmy (nrn->day, nrn->month, nrn->year)))
    nrn->month = nrn->day = 0;

  return TRUE;
}

guint
cas_match_digit_slips (const char *a,
                       const char *b)
{
  gsize la = strlen (a);

  if (la != strlen (b))
    return G_MAXUINT;

  return cas_match_digit_slips_n (a, b, la);
}

guint
cas_match_digit_slips_n (const char *a,
                         const char *b,
                         gsize       la)
{
  guint first = G_MAXUINT;
  guint n = 0;

  for (guint i = 0; i < la; i++)
    if (a[i] != b[i])
      {
        if (n == 0)
          first = i;
        n++;
      }

  /* Two neighbours swapped: one slip of the hand */
  if (n == 2 && first + 1 < la && a[first] == b[first + 1] && a[first + 1] == b[first])
    return 1;

  return n;
}

/* Comparisons */

static gboolean
is_particle_n (const char *word,
               gsize       length)
{
  if (length == 0)
    return FALSE;

  /* The first letter first: this runs for the words of millions of names */
  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    if (particles[i][0] == word[0] && strncmp (word, particles[i], length) == 0 &&
        particles[i][length] == '\0')
      return TRUE;

  return FALSE;
}

/* Whether the word of @length bytes at @word is one of the words of @text */
static gboolean
has_word (const char *text,
          const char *word,
          gsize       length)
{
  for (const char *p = text; *p != '\0';)
    {
      const char *end = strchr (p, ' ');
      gsize n = end ? (gsize) (end - p) : strlen (p);

      if (n == length && memcmp (p, word, length) == 0)
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }

  return FALSE;
}

/* Whether every word of @small is a word of @large, and @large has more:
 * no allocation, this runs for millions of pairs */
static gboolean
words_contained (const char *small,
                 const char *large)
{
  guint n_small = 0, n_large = 1;

  if (strchr (large, ' ') == NULL)
    return FALSE;
  for (const char *p = large; *p != '\0'; p++)
    n_large += *p == ' ';

  for (const char *p = small; *p != '\0';)
    {
      const char *end = strchr (p, ' ');
      gsize n = end ? (gsize) (end - p) : strlen (p);

      if (!is_particle_n (p, n))
        {
          if (!has_word (large, p, n))
            return FALSE;
          n_small++;
        }
      if (end == NULL)
        break;
      p = end + 1;
    }

  return n_small > 0 && n_small < n_large;
}

/* Whether @a and @b (of @la and @lb bytes) are at most one edit apart:
 * cas_match_edit_distance (a, b, 1) <= 1 without its table. One
 * substitution or two neighbours swapped when the lengths are equal, one
 * letter more otherwise */
static gboolean
within_one_edit (const char *a,
                 gsize       la,
                 const char *b,
                 gsize       lb)
{
  const char *s = la < lb ? a : b, *l = la < lb ? b : a;
  gsize ls = MIN (la, lb), i = 0;

  /* The measures see the first MEASURE_MAX_LEN bytes only */
  if (la > MEASURE_MAX_LEN || lb > MEASURE_MAX_LEN)
    return cas_match_edit_distance (a, b, 1) <= 1;
  if (la == lb)
    return cas_match_digit_slips (a, b) <= 1;
  if (la + 1 != lb && lb + 1 != la)
    return FALSE;

  while (i < ls && s[i] == l[i])
    i++;

  return memcmp (s + i, l + i + 1, ls - i) == 0;
}

/* Whether @x and @y are one text: one pointer when @interned */
static inline gboolean
same_text (const char *x,
           const char *y,
           gboolean    interned)
{
  return interned ? x == y : strcmp (x, y) == 0;
}

static CasMatchNameLevel
compare_names (const CasMatchName *a,
               const CasMatchName *b,
               gboolean            interned)
{
  gsize la, lb;

  if (a->joined == NULL || b->joined == NULL || *a->joined == '\0' || *b->joined == '\0')
    return CAS_MATCH_NAME_MISSING;

  if (same_text (a->joined, b->joined, interned))
    return CAS_MATCH_NAME_EXACT;

  if (a->core != NULL && b->core != NULL &&
      (same_text (a->core, b->core, interned) || same_text (a->joined, b->core, interned) ||
       same_text (a->core, b->joined, interned)))
    return CAS_MATCH_NAME_PARTICLE;

  la = strlen (a->joined);
  lb = strlen (b->joined);

  if (a->full != NULL && b->full != NULL &&
      (words_contained (a->full, b->full) || words_contained (b->full, a->full)))
    return CAS_MATCH_NAME_PART;

  if (MIN (la, lb) >= 3 && within_one_edit (a->joined, la, b->joined, lb))
    return CAS_MATCH_NAME_TYPO;

  if (a->phonetic != NULL && b->phonetic != NULL && a->phonetic[0] != '\0' &&
      same_text (a->phonetic, b->phonetic, interned) && MIN (la, lb) >= 2)
    return CAS_MATCH_NAME_SOUND;

  if ((la == 1 || lb == 1) && a->joined[0] == b->joined[0])
    return CAS_MATCH_NAME_INITIAL;

  if (cas_match_jaro_winkler_at_least (a->joined, b->joined, 0.88))
    return CAS_MATCH_NAME_SIMILAR;

  return CAS_MATCH_NAME_DIFFERENT;
}

CasMatchNameLevel
cas_match_compare_names (const CasMatchName *a,
                         const CasMatchName *b)
{
  return compare_names (a, b, FALSE);
}

CasMatchNameLevel
cas_match_compare_interned_names (const CasMatchName *a,
                                  const CasMatchName *b)
{
  return compare_names (a, b, TRUE);
}

static gboolean
one_word (const CasMatchName *name)
{
  return name->full == NULL || strchr (name->full, ' ') == NULL;
}

gboolean
cas_match_other_name (const CasMatchName *a,
                      const CasMatchName *b,
                      CasMatchNameLevel   level,
                      guint               typos)
{
  if (level != CAS_MATCH_NAME_DIFFERENT && level != CAS_MATCH_NAME_SOUND &&
      level != CAS_MATCH_NAME_SIMILAR)
    return FALSE;
  if (a->joined == NULL || b->joined == NULL)
    return FALSE;
  /* A short form: the beginning of the other name, when that is one word
   * ("An" is short for "Anne", not for "Anne-Sophie") */
  if ((g_str_has_prefix (a->joined, b->joined) && one_word (a)) ||
      (g_str_has_prefix (b->joined, a->joined) && one_word (b)))
    return FALSE;

  if (typos > 1 && MIN (strlen (a->joined), strlen (b->joined)) <= 3)
    typos--;
  return cas_match_edit_distance (a->joined, b->joined, typos) > typos;
}

/* "YYYYMMDD", without printf: this runs for millions of pairs */
static void
date_digits (guint y,
             guint m,
             guint d,
             char  out[9])
{
  guint v[3] = { y % 10000, m % 100, d % 100 };
  guint widths[3] = { 4, 2, 2 };
  guint at = 8;

  out[8] = '\0';
  for (int k = 2; k >= 0; k--)
    for (guint w = 0; w < widths[k]; w++)
      {
        out[--at] = (char) ('0' + v[k] % 10);
        v[k] /= 10;
      }
}

CasMatchDateLevel
cas_match_compare_dates (guint ya, guint ma, guint da,
                         guint yb, guint mb, guint db)
{
  char a[9], b[9];

  if (ya == 0 || yb == 0)
    return CAS_MATCH_DATE_MISSING;

  if (ya == yb && ma == mb && da == db)
    return CAS_MATCH_DATE_EXACT;

  if (ya == yb && ma == db && da == mb)
    return CAS_MATCH_DATE_SWAPPED;

  /* Year, month and day all differ: three digits at least, and the months
   * differ (most pairs of persons) */
  if (ya % 10000 != yb % 10000 && ma % 100 != mb % 100 && da % 100 != db % 100)
    return CAS_MATCH_DATE_DIFFERENT;

  date_digits (ya, ma, da, a);
  date_digits (yb, mb, db, b);
  if (cas_match_digit_slips_n (a, b, 8) <= 1)
    return CAS_MATCH_DATE_ONE_DIGIT;

  if ((ya == yb && ma == mb) || (ma == mb && da == db && (ya + 1 == yb || yb + 1 == ya)))
    return CAS_MATCH_DATE_CLOSE;

  return CAS_MATCH_DATE_DIFFERENT;
}
