/* cas-person-register.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-person-register"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cas-access-private.h"
#include "cas-account.h"
#include "cas-database-private.h"
#include "cas-person-register.h"
#include "cas-util.h"
#include "cas-validate.h"

/* What a search keeps of what was typed: at most this many words, of at
 * most this many bytes each (a longer word is looked for by its start) */
#define MAX_SEARCH_WORDS 8
#define MAX_TOKEN_BYTES  64

/* SQLite: a page of a search with filters reads the matches in the search
 * index's order, unless they are so few that sorting them costs less: a
 * sorted match costs about this many matches read in order */
#define SORT_COST        50

struct _CasPersonRegister
{
  GObject                parent_instance;
  CasDatabase           *db;
  CasPersonService      *persons;
  CasAttestationService *attestations;
  CasAuditService       *audit;
  CasDuplicateService   *duplicates;
};

G_DEFINE_FINAL_TYPE (CasPersonRegister, cas_person_register, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CasPersonQuery, cas_person_query, cas_person_query_copy,
                     cas_person_query_free)
G_DEFINE_QUARK (cas-person-register-error-quark, cas_person_register_error)

/* Queries */

CasPersonQuery *
cas_person_query_new (const char *search)
{
  CasPersonQuery *query = g_new0 (CasPersonQuery, 1);

  query->search = g_strdup (search);

  return query;
}

CasPersonQuery *
cas_person_query_copy (const CasPersonQuery *query)
{
  CasPersonQuery *copy = g_new0 (CasPersonQuery, 1);

  *copy = *query;
  copy->search = g_strdup (query->search);
  copy->language = g_strdup (query->language);

  return copy;
}

void
cas_person_query_free (CasPersonQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->search);
  g_free (query->language);
  g_free (query);
}

gboolean
cas_person_query_equal (const CasPersonQuery *a,
                        const CasPersonQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->search, b->search) == 0 &&
         a->company_id == b->company_id &&
         g_strcmp0 (a->language, b->language) == 0 &&
         a->exams == b->exams &&
         a->duplicates_only == b->duplicates_only;
}

void
cas_person_exam_free (CasPersonExam *exam)
{
  if (exam == NULL)
    return;

  g_free (exam->exam_code);
  g_free (exam->exam_title);
  g_free (exam->starts_at);
  g_free (exam->centre);
  g_free (exam);
}

void
cas_person_detail_free (CasPersonDetail *detail)
{
  if (detail == NULL)
    return;

  g_clear_pointer (&detail->person, cas_person_free);
  g_free (detail->nrn_display);
  g_free (detail->login);
  g_clear_pointer (&detail->exams, g_ptr_array_unref);
  g_clear_pointer (&detail->attestations, g_ptr_array_unref);
  g_clear_pointer (&detail->duplicates, g_ptr_array_unref);
  g_clear_pointer (&detail->history, g_ptr_array_unref);
  g_free (detail);
}

/* The service */

static void
cas_person_register_finalize (GObject *object)
{
  CasPersonRegister *self = (CasPersonRegister *)object;

  g_clear_object (&self->persons);
  g_clear_object (&self->attestations);
  g_clear_object (&self->audit);
  g_clear_object (&self->duplicates);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_person_register_parent_class)->finalize (object);
}

static void
cas_person_register_class_init (CasPersonRegisterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_person_register_finalize;
}

static void
cas_person_register_init (CasPersonRegister *self)
{
}

CasPersonRegister *
cas_person_register_new (CasDatabase *db)
{
  CasPersonRegister *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = g_object_new (CAS_TYPE_PERSON_REGISTER, NULL);
  self->db = g_object_ref (db);
  self->persons = cas_person_service_new (db);
  self->attestations = cas_attestation_service_new (db);
  self->audit = cas_audit_service_new (db);
  self->duplicates = cas_duplicate_service_new (db);

  return self;
}

/* The search text.
 *
 * Both dialects index the same words (data/sql/0008-*.sql): the names
 * without accents, the NRN digits, each e-mail without its punctuation, and
 * the phone's digits, international and Belgian. A search is a list of
 * groups that must all match; a group is a list of alternatives, one of
 * which must match; an alternative is a list of words that must all be the
 * start of an indexed word. The words hold only letters and digits, so
 * nothing of what was typed reaches the query syntax. */

typedef GPtrArray Alternative;   /* char *: words */
typedef GPtrArray Group;         /* Alternative */

/* Lower case without accents, as the FTS5 tokenizer (remove_diacritics 2)
 * and cas_search_fold () of the PostgreSQL schema see the indexed text */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autoptr(GString) stripped = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (stripped, c);
    }

  return g_utf8_strdown (stripped->str, stripped->len);
}

/* Digits with what people put between them in an NRN or a phone number */
static gboolean
is_number (const char *word)
{
  gboolean digit = FALSE;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr (" \t.-/+()", *p) == NULL)
        return FALSE;
    }

  return digit;
}

/* The digits of a number; "0032 470" and "+32 470" are "32470" */
static char *
number_digits (const char *word)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = word; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (g_str_has_prefix (digits->str, "00") && digits->len > 2)
    g_string_erase (digits, 0, 2);

  return g_string_free (digits, FALSE);
}

/* @word cut to MAX_TOKEN_BYTES, on a character boundary */
static char *
token_new (const char *word,
           gsize       len)
{
  if (len > MAX_TOKEN_BYTES)
    {
      const char *end = g_utf8_find_prev_char (word, word + MAX_TOKEN_BYTES + 1);

      len = end - word;
    }

  return g_strndup (word, len);
}

static Alternative *
alternative_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/* Adds the runs of letters and digits of @word to @alternative; returns
 * the word without what lies between them in @collapsed */
static void
split_word (const char   *word,
            Alternative  *alternative,
            GString      *collapsed)
{
  const char *start = NULL;

  for (const char *p = word;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean alnum = c != 0 && g_unichar_isalnum (c);

      if (alnum && start == NULL)
        start = p;
      else if (!alnum && start != NULL)
        {
          g_ptr_array_add (alternative, token_new (start, p - start));
          g_string_append_len (collapsed, start, p - start);
          start = NULL;
        }

      if (c == 0)
        break;
    }
}

/* The groups of @search (element-type Group) */
static GPtrArray *
parse_search (const char *search)
{
  g_autofree char *folded = fold (search);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_auto(GStrv) words = NULL;
  guint n_words = 0;

  g_strstrip (folded);

  /* "+32 470 12 34 56", "85 07 30": one number */
  if (is_number (folded))
    {
      Group *group = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      Alternative *alternative = alternative_new ();
      g_autofree char *digits = number_digits (folded);

      g_ptr_array_add (alternative, token_new (digits, strlen (digits)));
      g_ptr_array_add (group, alternative);
      g_ptr_array_add (groups, group);

      return groups;
    }

  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL && n_words < MAX_SEARCH_WORDS; i++)
    {
      const char *word = words[i];
      g_autoptr(GPtrArray) parts = alternative_new ();
      g_autoptr(GString) collapsed = g_string_new (NULL);
      Group *group;

      if (is_number (word))
        {
          g_autofree char *digits = number_digits (word);

          g_ptr_array_add (parts, token_new (digits, strlen (digits)));
          g_string_append (collapsed, digits);
        }
      else
        split_word (word, parts, collapsed);

      if (parts->len == 0)
        continue;

      group = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      if (strchr (word, '@') != NULL)
        {
          /* An e-mail is indexed as one word */
          Alternative *whole = alternative_new ();

          g_ptr_array_add (whole, token_new (collapsed->str, collapsed->len));
          g_ptr_array_add (group, whole);
        }
      else
        {
          /* "jean.dup" is the start of an e-mail, or of two names */
          if (parts->len > 1 && strpbrk (word, "._") != NULL)
            {
              Alternative *whole = alternative_new ();

              g_ptr_array_add (whole, token_new (collapsed->str, collapsed->len));
              g_ptr_array_add (group, whole);
            }
          g_ptr_array_add (group, g_steal_pointer (&parts));
        }

      g_ptr_array_add (groups, group);
      n_words++;
    }

  return groups;
}

char *
_cas_person_register_search_query (const char  *search,
                                   CasDialect   dialect,
                                   GError     **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  gboolean sqlite = dialect == CAS_DIALECT_SQLITE;
  const char *and = sqlite ? " AND " : " & ";
  const char *or = sqlite ? " OR " : " | ";

  if (search == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (search, -1, NULL))
    {
      g_set_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID,
                   _("The search text is not valid UTF-8 text"));
      return NULL;
    }

  if (g_utf8_strlen (search, -1) > CAS_PERSON_SEARCH_MAX_LENGTH)
    {
      g_set_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The search text is too long: at most %d character",
                                "The search text is too long: at most %d characters",
                                CAS_PERSON_SEARCH_MAX_LENGTH),
                   CAS_PERSON_SEARCH_MAX_LENGTH);
      return NULL;
    }

  groups = parse_search (search);
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = g_ptr_array_index (groups, g);

      if (g > 0)
        g_string_append (query, and);
      if (group->len > 1)
        g_string_append_c (query, '(');
      for (guint a = 0; a < group->len; a++)
        {
          Alternative *alternative = g_ptr_array_index (group, a);

          if (a > 0)
            g_string_append (query, or);
          if (alternative->len > 1)
            g_string_append_c (query, '(');
          for (guint w = 0; w < alternative->len; w++)
            {
              const char *word = g_ptr_array_index (alternative, w);

              if (w > 0)
                g_string_append (query, and);
              /* Words hold letters and digits only: quoting is enough */
              if (sqlite)
                g_string_append_printf (query, "\"%s\"*", word);
              else
                g_string_append_printf (query, "'%s':*", word);
            }
          if (alternative->len > 1)
            g_string_append_c (query, ')');
        }
      if (group->len > 1)
        g_string_append_c (query, ')');
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* PostgreSQL: @search as cas_person_search_sql () (schema 15) reads it:
 * groups separated by ';', alternatives by ',', words by ' ' (words hold
 * letters and digits only) */
static char *
postgresql_term_query (const char *search)
{
  g_autoptr(GPtrArray) groups = parse_search (search);
  g_autoptr(GString) query = g_string_new (NULL);

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = g_ptr_array_index (groups, g);

      if (g > 0)
        g_string_append_c (query, ';');
      for (guint a = 0; a < group->len; a++)
        {
          Alternative *alternative = g_ptr_array_index (group, a);

          if (a > 0)
            g_string_append_c (query, ',');
          for (guint w = 0; w < alternative->len; w++)
            g_string_append_printf (query, "%s%s", w > 0 ? " " : "",
                                    (const char *) g_ptr_array_index (alternative, w));
        }
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* Lists */

/* The registrations the viewer sees: all for an operator; for an
 * administrator those of the sessions of their centres (what row security
 * lets them read on PostgreSQL) */
#define VISIBLE_REGISTRATIONS \
  "r.status <> 'cancelled' " \
  "AND (##all::gint = 1 OR r.session_id IN (SELECT s.id FROM exam_session s " \
  "     WHERE s.company_id IN (SELECT ar.company_id FROM account_role ar " \
  "     WHERE ar.account_id = ##account::gint64 AND ar.role = 'admin'))) "

#define REGISTER_FILTER \
  "WHERE p.merged_into IS NULL " \
  "AND (##all::gint = 1 OR p.company_id IN (SELECT ar.company_id FROM account_role ar " \
  "     WHERE ar.account_id = ##account::gint64 AND ar.role = 'admin')) " \
  "AND (##company::gint64 = 0 OR p.company_id = ##company::gint64) " \
  "AND (##language::string = '' OR p.language = ##language::string) " \
  "AND (##exams::gint = 0 " \
  "     OR (##exams::gint = 1 AND p.id IN (SELECT r.person_id FROM registration r WHERE " \
  VISIBLE_REGISTRATIONS ")) " \
  "     OR (##exams::gint = 2 AND p.id NOT IN (SELECT r.person_id FROM registration r WHERE " \
  VISIBLE_REGISTRATIONS "))) " \
  "AND (##duplicates::gint = 0 OR p.id IN (SELECT f.person_id FROM person_duplicate_flag f)) "

/* SQLite: the search index numbers a person by their place in the order
 * and their id, in its low SEARCH_ID_BITS bits (schema 14), which
 * SQLITE_SEARCH_ID gives back */
#define SEARCH_ID_BITS   32
#define SQLITE_SEARCH_ID "(s.rowid & 4294967295)"
/* SQLite: the start of the words of the search index that hold a person's
 * centre and language (schema 14): U+E000, of the private use area */
#define SEARCH_SCOPE_MARK "\xee\x80\x80"
#define SQLITE_SEARCH \
  "AND p.id IN (SELECT " SQLITE_SEARCH_ID " FROM person_search s " \
  "             WHERE person_search MATCH ##q::string) "

/* The parameters of REGISTER_FILTER */
#define FILTER_PARAMS(access, query) \
  "all", _cas_access_is_operator (access) ? 1 : 0, \
  "account", (access)->account_id, \
  "company", (query)->company_id, \
  "language", (query)->language ? (query)->language : "", \
  "exams", (int) (query)->exams, \
  "duplicates", (query)->duplicates_only ? 1 : 0

#define PAGE_COLUMNS \
  "SELECT p.id, p.external_ref, p.first_name, p.last_name, p.birth_date, p.nrn, p.email, " \
  "p.phone, p.language, p.company_id, c.name, " \
  "(SELECT COUNT(*) FROM registration r WHERE r.person_id = p.id AND " VISIBLE_REGISTRATIONS "), " \
  "(SELECT COUNT(*) FROM person_duplicate_flag f WHERE f.person_id = p.id) "

/* A page: the ids first, by the order alone (a walk of the order's index,
 * or a sort of the matches), then their columns, so that the counts of each
 * row are computed for the rows of the page only. The order is the folded
 * sort key of schema 10 (last name, first name, no accents), then the id. */
#define REGISTER_PAGE_START \
  PAGE_COLUMNS \
  "FROM (SELECT p.id AS id FROM person p "

/* SQLite: the same walking the order's index, for pages without a search */
#define SQLITE_WALK_START \
  PAGE_COLUMNS \
  "FROM (SELECT p.id AS id FROM person p INDEXED BY person_sort_key_idx "

/* SQLite: the same reading the matches of a search and sorting them, each
 * one's sort key from the index of schema 12 (the planner would walk
 * merged_into's otherwise); the row is read only when a filter needs it */
#define SQLITE_SORT_START \
  PAGE_COLUMNS \
  "FROM (SELECT p.id AS id FROM person_search s " \
  "      CROSS JOIN person p INDEXED BY person_id_sort_key_idx "
#define SQLITE_SORT_SEARCH \
  "AND person_search MATCH ##q::string AND p.id = " SQLITE_SEARCH_ID " "

#define REGISTER_PAGE_END \
  "ORDER BY p.sort_key, p.id LIMIT ##limit::gint OFFSET ##offset::gint) AS page " \
  "JOIN person p ON p.id = page.id LEFT JOIN company c ON c.id = p.company_id " \
  "ORDER BY p.sort_key, p.id"

/* PostgreSQL: a search, or a list with a filter or of an administrator,
 * read from the persons' terms in the register's order (schema 15):
 * cas_person_search_page () and cas_person_search_count () */
#define POSTGRESQL_TERM_PARAMS \
  "##q::string, ##all::gint, ##account::gint64, ##company::gint64, ##language::string, " \
  "##exams::gint, ##duplicates::gint"
#define POSTGRESQL_TERM_PAGE \
  PAGE_COLUMNS \
  "FROM cas_person_search_page (" POSTGRESQL_TERM_PARAMS ", ##limit::gint, ##offset::gint) " \
  "AS page (id) " \
  "JOIN person p ON p.id = page.id LEFT JOIN company c ON c.id = p.company_id " \
  "ORDER BY p.sort_key, p.id"
#define POSTGRESQL_TERM_COUNT \
  "SELECT cas_person_search_count (" POSTGRESQL_TERM_PARAMS ", ##cap::gint)"
#define TERM_PARAMS(access, query, terms) \
  "q", (terms), FILTER_PARAMS (access, query)

/* A count stops at CAS_PERSON_COUNT_LIMIT + 1 rows */
#define COUNT_START "SELECT COUNT(*) FROM (SELECT 1 FROM person p "
#define COUNT_END   "LIMIT ##cap::gint) AS found"

/* SQLite: the index holds the living persons only, so that a search
 * without filters is counted by the index alone (up to ##cap) */
#define SQLITE_SEARCH_COUNT \
  "SELECT COUNT(*) FROM (SELECT rowid FROM person_search " \
  "WHERE person_search MATCH ##q::string LIMIT ##cap::gint) AS found"

/* SQLite: a page read from the search index in its order (schema 14).
 * The matches come ordered by the code of the first characters of their
 * sort key, then by id: the page's first and last match in that order
 * (SQLITE_ORDERED_SLICE) give the codes its persons have, how many matches
 * come before the first code (SQLITE_ORDERED_BEFORE) where the page starts
 * among the matches of those codes, which are sorted on the sort key
 * (SQLITE_ORDERED_PAGE). A page costs the matches before it (read in the
 * index, a tenth of a microsecond each) and those sharing a code with its
 * edges (the persons of one last name, about a microsecond each), however
 * many the search matches and wherever they are in the order. With filters,
 * the person of each match is read, and those the filters leave out cost
 * as much as those they keep. */
#define SQLITE_ORDERED_MATCHES \
  "FROM person_search s WHERE person_search MATCH ##q::string "
#define SQLITE_ORDERED_FILTERED_MATCHES \
  "FROM person_search s CROSS JOIN person p " REGISTER_FILTER \
  "AND person_search MATCH ##q::string AND p.id = " SQLITE_SEARCH_ID " "
#define SQLITE_ORDERED_SLICE(matches) \
  "SELECT MIN(r) >> " G_STRINGIFY (SEARCH_ID_BITS) ", MAX(r) >> " G_STRINGIFY (SEARCH_ID_BITS) " " \
  "FROM (SELECT s.rowid AS r " matches \
  "ORDER BY s.rowid LIMIT ##limit::gint OFFSET ##offset::gint) AS slice"
#define SQLITE_ORDERED_BEFORE(matches) \
  "SELECT COUNT(*) " matches "AND s.rowid < ##low::gint64"
#define SQLITE_ORDERED_KEYS \
  "AND p.sort_key >= ##lower::string AND p.sort_key < ##upper::string "
#define SQLITE_ORDERED_PAGE \
  SQLITE_SORT_START REGISTER_FILTER SQLITE_SORT_SEARCH SQLITE_ORDERED_KEYS \
  "AND s.rowid >= ##low::gint64 AND s.rowid < ##high::gint64 " REGISTER_PAGE_END
/* SQLite: the same for a page whose matches share one code, walking the
 * order's index over the sort keys of that code (code_key ()) and keeping
 * the matches of the code: the index is read in order rather than at each
 * match (a page of "du" among 13,000 Duboises: 2 ms instead of 10, and
 * 5 ms instead of 150 while the index is not yet in memory) */
#define SQLITE_ORDERED_WALK_PAGE \
  SQLITE_WALK_START REGISTER_FILTER SQLITE_ORDERED_KEYS \
  "AND p.id IN (SELECT " SQLITE_SEARCH_ID " FROM person_search s " \
  "             WHERE person_search MATCH ##q::string " \
  "             AND s.rowid >= ##low::gint64 AND s.rowid < ##high::gint64) " \
  REGISTER_PAGE_END

/* The statement for a query: a count or a page, with or without a search
 * (SQLite; on PostgreSQL, the persons' terms read a search), by dialect (a
 * page of a SQLite search that is not read in the search index's order
 * sorts its matches) */
static const char *
register_sql (CasPersonRegister *self,
              gboolean           count,
              gboolean           search)
{
  gboolean sqlite = cas_database_get_dialect (self->db) == CAS_DIALECT_SQLITE;

  if (count && !search)
    return COUNT_START REGISTER_FILTER COUNT_END;
  if (count)
    return COUNT_START REGISTER_FILTER SQLITE_SEARCH COUNT_END;
  if (!sqlite)
    return REGISTER_PAGE_START REGISTER_FILTER REGISTER_PAGE_END;

  return search ? SQLITE_SORT_START REGISTER_FILTER SQLITE_SORT_SEARCH REGISTER_PAGE_END
                : SQLITE_WALK_START REGISTER_FILTER REGISTER_PAGE_END;
}

/* Whether a page of a SQLite search comes soonest read in the search
 * index's order (SQLITE_ORDERED_PAGE) or by sorting its matches.
 *
 * Read in the search index's order, a page costs the matches before it and
 * those at its edges; with filters, each one's person too, and the matches
 * that the filters leave out. Sorting the matches reads each one's sort
 * key, SORT_COST times a match read in order: it is chosen when the
 * matches are so few that it costs less than what the order reads for the
 * page, (offset + limit) * persons / matches when the filters keep most of
 * them. A search that the index alone tells (@indexed: no filter, or those
 * of sqlite_scoped_search ()) reads nothing else, and is always read in
 * its order. */
static gboolean
sqlite_page_way (CasPersonRegister  *self,
                 const char         *search,
                 gboolean            indexed,
                 guint               offset,
                 guint               limit,
                 gboolean           *ordered,
                 GError            **error)
{
  gint64 persons = 0;
  gint64 bound;
  gint64 matches = 0;
  gint64 end = (gint64) offset + limit;

  *ordered = TRUE;
  if (indexed)
    return TRUE;

  if (!_cas_database_query_int64 (self->db, &persons, NULL, error,
                                  "SELECT MAX(id) FROM person", NULL))
    return FALSE;

  /* matches * SORT_COST * matches < (offset + limit) * persons */
  bound = (gint64) sqrt ((double) end * persons / SORT_COST) + 1;
  if (!_cas_database_query_int64 (self->db, &matches, NULL, error, SQLITE_SEARCH_COUNT,
                                  "q", search,
                                  "cap", (int) MIN (bound, G_MAXINT),
                                  NULL))
    return FALSE;

  *ordered = matches >= bound;

  return TRUE;
}

/* The base of the code of schema 14, and its digits */
#define CODE_BASE        30
#define CODE_DIGITS      6

/* Above every sort key: the highest character of Unicode, twice */
#define KEY_MAX          "\xf4\x8f\xbf\xbf\xf4\x8f\xbf\xbf"

/* SQLite: the sort keys whose code (schema 14) is @code start at the key
 * this returns. A digit of the code is a letter (3 to 28) or char (1) (1),
 * or ends it: the end of the key (0), a character between char (1) and a
 * (2), or after z (29). @after: the key that follows them instead. */
static char *
code_key (gint64   code,
          gboolean after)
{
  g_autoptr(GString) prefix = g_string_new (NULL);
  int digits[CODE_DIGITS];

  for (int i = CODE_DIGITS - 1; i >= 0; i--, code /= CODE_BASE)
    digits[i] = (int) (code % CODE_BASE);

  for (int i = 0; i < CODE_DIGITS; i++)
    {
      switch (digits[i])
        {
        case 0:
          return g_strconcat (prefix->str, after ? "\x01" : "", NULL);

        case 1:
          g_string_append_c (prefix, '\x01');
          break;

        case 2:
          return g_strconcat (prefix->str, after ? "a" : "\x02", NULL);

        case CODE_BASE - 1:
          if (!after)
            return g_strconcat (prefix->str, "{", NULL);
          if (prefix->len == 0)
            return g_strdup (KEY_MAX);
          /* What follows the prefix: its last character, one higher */
          prefix->str[prefix->len - 1]++;
          return g_strdup (prefix->str);

        default:
          g_string_append_c (prefix, (char) ('a' + digits[i] - 3));
          break;
        }
    }

  if (after)
    prefix->str[prefix->len - 1]++;

  return g_strdup (prefix->str);
}

/* A page of a SQLite search read in the search index's order
 * (SQLITE_ORDERED_PAGE), from the index alone when @indexed (@search then
 * holds the filters, sqlite_scoped_search ()) */
static GdaDataModel *
sqlite_ordered_page (CasPersonRegister     *self,
                     const CasAccess       *access,
                     const CasPersonQuery  *query,
                     const char            *search,
                     gboolean               indexed,
                     guint                  offset,
                     guint                  limit,
                     GError               **error)
{
  g_autoptr(GdaDataModel) slice = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;
  gint64 before = 0;
  gint64 low;
  gint64 high;

  if (indexed)
    slice = _cas_database_query (self->db, error, SQLITE_ORDERED_SLICE (SQLITE_ORDERED_MATCHES),
                                 "q", search,
                                 "limit", (int) MIN (limit, G_MAXINT),
                                 "offset", (int) MIN (offset, G_MAXINT),
                                 NULL);
  else
    slice = _cas_database_query (self->db, error,
                                 SQLITE_ORDERED_SLICE (SQLITE_ORDERED_FILTERED_MATCHES),
                                 FILTER_PARAMS (access, query),
                                 "q", search,
                                 "limit", (int) MIN (limit, G_MAXINT),
                                 "offset", (int) MIN (offset, G_MAXINT),
                                 NULL);
  if (slice == NULL)
    return NULL;

  /* The codes of the page's first and last match (libgda reads an integer
   * column as an int: the whole rowid would not fit). Past the last match,
   * the page of the matches of no code is empty. */
  low = _cas_model_get_int64 (slice, 0, 0) << SEARCH_ID_BITS;
  high = (_cas_model_get_int64 (slice, 1, 0) + 1) << SEARCH_ID_BITS;

  /* Nothing comes before the first page (each reading of a search costs:
   * a prefix of more than four characters merges the lists of every word
   * that starts with it) */
  if (_cas_model_is_null (slice, 0, 0))
    high = low;
  else if (offset == 0)
    before = 0;
  else if (indexed)
    {
      if (!_cas_database_query_int64 (self->db, &before, NULL, error,
                                      SQLITE_ORDERED_BEFORE (SQLITE_ORDERED_MATCHES),
                                      "q", search,
                                      "low", low,
                                      NULL))
        return NULL;
    }
  else if (!_cas_database_query_int64 (self->db, &before, NULL, error,
                                       SQLITE_ORDERED_BEFORE (SQLITE_ORDERED_FILTERED_MATCHES),
                                       FILTER_PARAMS (access, query),
                                       "q", search,
                                       "low", low,
                                       NULL))
    return NULL;

  /* The matches of one code: their keys walked in the order's index */
  lower = code_key (low >> SEARCH_ID_BITS, FALSE);
  upper = high > low ? code_key ((high >> SEARCH_ID_BITS) - 1, TRUE) : g_strdup (lower);

  return _cas_database_query (self->db, error,
                              high - low == G_GINT64_CONSTANT (1) << SEARCH_ID_BITS
                                ? SQLITE_ORDERED_WALK_PAGE : SQLITE_ORDERED_PAGE,
                              FILTER_PARAMS (access, query),
                              "lower", lower,
                              "upper", upper,
                              "q", search,
                              "low", low,
                              "high", high,
                              "limit", (int) MIN (limit, G_MAXINT),
                              "offset", (int) MIN ((gint64) offset - before, G_MAXINT),
                              NULL);
}

typedef enum
{
  PAGE_PLAIN,    /* the order's index walked (SQLite); PostgreSQL: an operator's whole register */
  PAGE_SORTED,   /* SQLite: the matches gathered, then sorted */
  PAGE_ORDERED,  /* the matches in the search index's order: SQLite's (sqlite_ordered_page ()),
                    PostgreSQL's terms (POSTGRESQL_TERM_PAGE) */
} PageWay;

/* How a page comes soonest, in both dialects. SQLite: sqlite_page_way ().
 * PostgreSQL: every list but an operator's whole register is read from the
 * persons' terms (@terms). @scoped: the SQLite search that the index alone
 * tells, sqlite_scoped_search (). */
static gboolean
page_way (CasPersonRegister  *self,
          const char         *search,
          const char         *scoped,
          const char         *terms,
          guint               offset,
          guint               limit,
          PageWay            *way,
          GError            **error)
{
  gboolean ordered = FALSE;

  *way = PAGE_PLAIN;
  if (terms != NULL)
    *way = PAGE_ORDERED;
  if (terms != NULL || (*search == '\0' && scoped == NULL) ||
      cas_database_get_dialect (self->db) != CAS_DIALECT_SQLITE)
    return TRUE;

  if (!sqlite_page_way (self, search, scoped != NULL, offset, limit, &ordered, error))
    return FALSE;
  *way = ordered ? PAGE_ORDERED : PAGE_SORTED;

  return TRUE;
}

/* No filter but the search: every person the viewer sees */
static gboolean
no_filter (const CasPersonQuery *query)
{
  return query->company_id == 0 &&
         (query->language == NULL || *query->language == '\0') &&
         query->exams == CAS_PERSON_EXAMS_ANY &&
         !query->duplicates_only;
}

/* SQLite: @search (a query of the search index, "" for none) kept to what
 * @query's filters and @access let through, when the search index alone
 * can tell: it holds each person's centre and language (schema 14) in
 * words that start with SEARCH_SCOPE_MARK, which no name, e-mail or number
 * holds and no search makes (parse_search () keeps letters and digits
 * only). NULL when a filter needs more (exams, possible duplicates), or
 * when there is neither a search nor a filter (the order's index is
 * walked then). */
static char *
sqlite_scoped_search (const CasAccess      *access,
                      const CasPersonQuery *query,
                      const char           *search)
{
  g_autoptr(GString) scoped = g_string_new (NULL);

  if (query->exams != CAS_PERSON_EXAMS_ANY || query->duplicates_only)
    return NULL;

  if (*search != '\0')
    g_string_append_printf (scoped, "(%s)", search);

  /* An administrator's centres; none, and nothing is found (no centre is
   * numbered 0) */
  if (!_cas_access_is_operator (access))
    {
      g_string_append_printf (scoped, "%s(\"" SEARCH_SCOPE_MARK "c0\"",
                              scoped->len > 0 ? " AND " : "");
      for (guint i = 0; access->centres != NULL && i < access->centres->len; i++)
        g_string_append_printf (scoped, " OR \"" SEARCH_SCOPE_MARK "c%" G_GINT64_FORMAT "\"",
                                g_array_index (access->centres, gint64, i));
      g_string_append_c (scoped, ')');
    }

  if (query->company_id != 0)
    g_string_append_printf (scoped, "%s\"" SEARCH_SCOPE_MARK "c%" G_GINT64_FORMAT "\"",
                            scoped->len > 0 ? " AND " : "", query->company_id);

  /* One of fr, nl, de, en (register_prepare ()) */
  if (query->language != NULL && *query->language != '\0')
    g_string_append_printf (scoped, "%s\"" SEARCH_SCOPE_MARK "l%s\"",
                            scoped->len > 0 ? " AND " : "", query->language);

  if (scoped->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&scoped), FALSE);
}

/* PostgreSQL: @query's search as the persons' terms (schema 15) read it
 * (postgresql_term_query (), "" for none). NULL for an operator's whole
 * register (@search, the query text, is empty; the order's index is
 * walked). */
static char *
postgresql_terms (CasPersonRegister    *self,
                  const CasAccess      *access,
                  const CasPersonQuery *query,
                  const char           *search)
{
  if (cas_database_get_dialect (self->db) != CAS_DIALECT_POSTGRESQL ||
      (*search == '\0' && _cas_access_is_operator (access) && no_filter (query)))
    return NULL;

  return *search != '\0' ? postgresql_term_query (query->search) : g_strdup ("");
}

/* Checks the viewer and the query; @search gets the query text of the
 * search ("" for none) */
static gboolean
register_prepare (CasPersonRegister     *self,
                  CasAccess             *access,
                  CasAccount            *actor,
                  const CasPersonQuery  *query,
                  char                 **search,
                  GError               **error)
{
  if (!_cas_access_init (access, self->db, actor, error))
    return FALSE;

  if (!_cas_access_is_operator (access) && (access->roles & CAS_ROLE_ADMIN) == 0)
    return _cas_access_deny (self->db, access, "person.list", NULL, 0, error,
                             _("see the person register (operators and administrators of "
                               "exam centres see it)"));

  if (query->language != NULL && *query->language != '\0' &&
      !g_strv_contains ((const char * const[]) { "fr", "nl", "de", "en", NULL }, query->language))
    {
      g_set_error (error, CAS_PERSON_REGISTER_ERROR, CAS_PERSON_REGISTER_ERROR_INVALID,
                   _("Language “%s” is not one of fr, nl, de, en"), query->language);
      return FALSE;
    }

  *search = _cas_person_register_search_query (query->search,
                                               cas_database_get_dialect (self->db),
                                               error);

  return *search != NULL;
}

gboolean
cas_person_register_count (CasPersonRegister     *self,
                           CasAccount            *actor,
                           const CasPersonQuery  *query,
                           guint                 *n_persons,
                           gboolean              *more,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autofree char *search = NULL;
  g_autofree char *scoped = NULL;
  g_autofree char *terms = NULL;
  gint64 count = 0;
  gboolean whole;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (n_persons != NULL, FALSE);

  *n_persons = 0;
  if (more != NULL)
    *more = FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !register_prepare (self, &access, actor, query, &search, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_SQLITE)
    scoped = sqlite_scoped_search (&access, query, search);
  else
    terms = postgresql_terms (self, &access, query, search);

  /* One row more than the limit says that there are more; the whole
   * register is counted: one scrolls through all of it */
  whole = *search == '\0' && no_filter (query);
  if (terms != NULL)
    ok = _cas_database_query_int64 (self->db, &count, NULL, error, POSTGRESQL_TERM_COUNT,
                                    TERM_PARAMS (&access, query, terms),
                                    "cap", whole ? G_MAXINT32 : CAS_PERSON_COUNT_LIMIT + 1,
                                    NULL);
  else if (scoped != NULL)
    ok = _cas_database_query_int64 (self->db, &count, NULL, error, SQLITE_SEARCH_COUNT,
                                    "q", scoped,
                                    "cap", whole ? G_MAXINT32 : CAS_PERSON_COUNT_LIMIT + 1,
                                    NULL);
  else if (*search == '\0')
    ok = _cas_database_query_int64 (self->db, &count, NULL, error,
                                    register_sql (self, TRUE, FALSE),
                                    FILTER_PARAMS (&access, query),
                                    "cap", whole ? G_MAXINT32 : CAS_PERSON_COUNT_LIMIT + 1,
                                    NULL);
  else
    ok = _cas_database_query_int64 (self->db, &count, NULL, error,
                                    register_sql (self, TRUE, TRUE),
                                    FILTER_PARAMS (&access, query),
                                    "q", search,
                                    "cap", CAS_PERSON_COUNT_LIMIT + 1,
                                    NULL);
  if (!ok)
    return FALSE;

  *n_persons = whole ? (guint) count : (guint) MIN (count, CAS_PERSON_COUNT_LIMIT);
  if (more != NULL)
    *more = !whole && count > CAS_PERSON_COUNT_LIMIT;

  return TRUE;
}

/* The NRN as @access shows it */
static char *
shown_nrn (const CasAccess *access,
           const char      *nrn)
{
  char *shown;

  if (nrn == NULL)
    return NULL;

  shown = _cas_access_is_operator (access) ? cas_nrn_format (nrn) : cas_nrn_mask (nrn);

  /* Legacy data that is not 11 digits: operators see it as it is */
  if (shown == NULL && _cas_access_is_operator (access))
    shown = g_strdup (nrn);

  return shown;
}

static GPtrArray *
summaries_from_model (const CasAccess *access,
                      GdaDataModel    *model)
{
  GPtrArray *persons = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      g_autofree char *ref = _cas_model_dup_string (model, 1, row);
      g_autofree char *first = _cas_model_dup_string (model, 2, row);
      g_autofree char *last = _cas_model_dup_string (model, 3, row);
      g_autofree char *birth = _cas_model_dup_string (model, 4, row);
      g_autofree char *nrn = _cas_model_dup_string (model, 5, row);
      g_autofree char *email = _cas_model_dup_string (model, 6, row);
      g_autofree char *phone = _cas_model_dup_string (model, 7, row);
      g_autofree char *language = _cas_model_dup_string (model, 8, row);
      g_autofree char *centre = _cas_model_dup_string (model, 10, row);
      g_autofree char *shown = shown_nrn (access, nrn);
      CasPersonSummaryFields fields = {
        .id = _cas_model_get_int64 (model, 0, row),
        .external_ref = ref,
        .first_name = first,
        .last_name = last,
        .birth_date = birth,
        .nrn = shown,
        .email = email,
        .phone = phone,
        .language = language,
        .company_id = _cas_model_get_int64 (model, 9, row),
        .centre_name = centre,
        .n_exams = (int) _cas_model_get_int64 (model, 11, row),
        .possible_duplicate = _cas_model_get_int64 (model, 12, row) > 0,
      };

      g_ptr_array_add (persons, cas_person_summary_new (&fields));
    }

  return persons;
}

GPtrArray *
cas_person_register_list (CasPersonRegister     *self,
                          CasAccount            *actor,
                          const CasPersonQuery  *query,
                          guint                  offset,
                          guint                  limit,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasDatabaseLocker) locker = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *search = NULL;
  g_autofree char *scoped = NULL;
  g_autofree char *terms = NULL;
  PageWay way;

  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !register_prepare (self, &access, actor, query, &search, error))
    return NULL;

  locker = _cas_database_lock (self->db);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (cas_database_get_dialect (self->db) == CAS_DIALECT_SQLITE)
    scoped = sqlite_scoped_search (&access, query, search);
  else
    terms = postgresql_terms (self, &access, query, search);
  if (!page_way (self, search, scoped, terms, offset, limit, &way, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (way == PAGE_ORDERED && terms != NULL)
    model = _cas_database_query (self->db, error, POSTGRESQL_TERM_PAGE,
                                 TERM_PARAMS (&access, query, terms),
                                 "limit", (int) MIN (limit, G_MAXINT),
                                 "offset", (int) MIN (offset, G_MAXINT),
                                 NULL);
  else if (way == PAGE_ORDERED)
    model = sqlite_ordered_page (self, &access, query, scoped != NULL ? scoped : search,
                                 scoped != NULL, offset, limit, error);
  else if (*search == '\0')
    model = _cas_database_query (self->db, error, register_sql (self, FALSE, FALSE),
                                 FILTER_PARAMS (&access, query),
                                 "limit", (int) MIN (limit, G_MAXINT),
                                 "offset", (int) MIN (offset, G_MAXINT),
                                 NULL);
  else
    model = _cas_database_query (self->db, error, register_sql (self, FALSE, TRUE),
                                 FILTER_PARAMS (&access, query),
                                 "q", search,
                                 "limit", (int) MIN (limit, G_MAXINT),
                                 "offset", (int) MIN (offset, G_MAXINT),
                                 NULL);
  if (model == NULL)
    return NULL;

  /* A page read for nothing: its rows are not made */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return summaries_from_model (&access, model);
}

/* Detail */

static GPtrArray *
load_exams (CasPersonRegister  *self,
            const CasAccess    *access,
            gint64              person_id,
            const char         *language,
            GError            **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
  g_autoptr(GdaDataModel) model = NULL;
  GPtrArray *exams;

  /* What row security gives on PostgreSQL: operators every registration,
   * administrators those of their centres' sessions, anyone their own */
  model = _cas_database_query (self->db, error,
                               "SELECT r.id, r.session_id, e.code, "
                               "CASE ##lang::string WHEN 'fr' THEN e.title_fr "
                               "  WHEN 'nl' THEN e.title_nl WHEN 'de' THEN e.title_de "
                               "  ELSE e.title_en END, "
                               "s.starts_at, c.name, r.status, r.score "
                               "FROM registration r JOIN exam_session s ON s.id = r.session_id "
                               "JOIN exam e ON e.id = s.exam_id "
                               "JOIN company c ON c.id = s.company_id "
                               "WHERE r.person_id = ##id::gint64 "
                               "AND (##all::gint = 1 OR r.person_id = ##own::gint64 "
                               "     OR s.company_id IN (SELECT ar.company_id FROM account_role ar "
                               "     WHERE ar.account_id = ##account::gint64 "
                               "     AND ar.role = 'admin')) "
                               "ORDER BY s.starts_at DESC, r.id DESC",
                               "lang", language,
                               "id", person_id,
                               "all", _cas_access_is_operator (access) ? 1 : 0,
                               "own", access->person_id,
                               "account", access->account_id,
                               NULL);
  if (model == NULL)
    return NULL;

  exams = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_person_exam_free);
  for (int row = 0; row < gda_data_model_get_n_rows (model); row++)
    {
      CasPersonExam *exam = g_new0 (CasPersonExam, 1);
      g_autofree char *status = _cas_model_dup_string (model, 6, row);

      exam->id = _cas_model_get_int64 (model, 0, row);
      exam->session_id = _cas_model_get_int64 (model, 1, row);
      exam->exam_code = _cas_model_dup_string (model, 2, row);
      exam->exam_title = _cas_model_dup_string (model, 3, row);
      exam->starts_at = _cas_model_dup_string (model, 4, row);
      exam->centre = _cas_model_dup_string (model, 5, row);
      exam->status = CAS_REGISTRATION_REGISTERED;
      cas_registration_status_from_string (status, &exam->status);
      exam->score = _cas_model_is_null (model, 7, row) ? -1
                                                       : (int) _cas_model_get_int64 (model, 7, row);
      g_ptr_array_add (exams, exam);
    }

  return exams;
}

/* The login of the person, for operators */
static gboolean
load_account (CasPersonRegister  *self,
              CasPersonDetail    *detail,
              GError            **error)
{
  g_autoptr(CasDatabaseLocker) locker = _cas_database_lock (self->db);
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GdaDataModel) roles = NULL;

  /* A merge leaves the merged-away login disabled: the enabled one first */
  model = _cas_database_query (self->db, error,
                               "SELECT a.id, a.login, a.disabled FROM account a "
                               "WHERE a.person_id = ##id::gint64 "
                               "ORDER BY a.disabled, a.id LIMIT 1",
                               "id", detail->person->id, NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) == 0)
    return TRUE;

  detail->account_id = _cas_model_get_int64 (model, 0, 0);
  detail->login = _cas_model_dup_string (model, 1, 0);
  detail->disabled = _cas_model_get_int64 (model, 2, 0) != 0;

  roles = _cas_database_query (self->db, error,
                               "SELECT role FROM account_role WHERE account_id = ##id::gint64",
                               "id", detail->account_id, NULL);
  if (roles == NULL)
    return FALSE;

  for (int row = 0; row < gda_data_model_get_n_rows (roles); row++)
    {
      g_autofree char *role = _cas_model_dup_string (roles, 0, row);

      detail->roles |= cas_role_from_string (role);
    }

  return TRUE;
}

/* Drops a refusal of a part the viewer may not see: the pane shows the
 * rest */
static gboolean
part_refused (GError **error)
{
  if (*error != NULL && (*error)->domain == CAS_ACCESS_ERROR)
    {
      g_clear_error (error);
      return TRUE;
    }

  return FALSE;
}

static GPtrArray *
check_duplicates (CasPersonRegister  *self,
                  CasAccount         *actor,
                  const CasPerson    *person,
                  GError            **error)
{
  CasDuplicateQuery query = {
    .id = person->id,
    .first_name = person->first_name,
    .last_name = person->last_name,
    .birth_date = person->birth_date,
    .sex = person->sex,
    .nrn = person->nrn,
    .email = person->email,
    .phone = person->phone,
    .street = person->street,
    .postcode = person->postcode,
    .city = person->city,
  };

  return cas_duplicate_service_check (self->duplicates, actor, &query, 10, error);
}

CasPersonDetail *
cas_person_register_get_detail (CasPersonRegister  *self,
                                CasAccount         *actor,
                                gint64              person_id,
                                const char         *language,
                                GError            **error)
{
  g_auto(CasAccess) access = { 0, };
  g_autoptr(CasPersonDetail) detail = NULL;
  g_autoptr(CasAttestationQuery) attestations = NULL;
  g_autoptr(GError) part_error = NULL;
  gint64 flagged = 0;

  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (self), NULL);

  if (!_cas_access_init (&access, self->db, actor, error))
    return NULL;

  detail = g_new0 (CasPersonDetail, 1);
  detail->person = cas_person_service_get (self->persons, actor, person_id, error);
  if (detail->person == NULL)
    return NULL;

  detail->nrn_display = shown_nrn (&access, detail->person->nrn);

  if (!_cas_database_query_int64 (self->db, &flagged, NULL, error,
                                  "SELECT COUNT(*) FROM person_duplicate_flag "
                                  "WHERE person_id = ##id::gint64",
                                  "id", person_id, NULL))
    return NULL;
  detail->possible_duplicate = flagged > 0;

  if (_cas_access_is_operator (&access) && !load_account (self, detail, error))
    return NULL;

  detail->exams = load_exams (self, &access, person_id,
                              language ? language : cas_get_ui_language (), error);
  if (detail->exams == NULL)
    return NULL;

  attestations = cas_attestation_query_new ();
  attestations->person_id = person_id;
  detail->attestations = cas_attestation_service_list (self->attestations, actor, attestations,
                                                       0, 1000, &part_error);
  if (detail->attestations == NULL)
    {
      if (!part_refused (&part_error))
        {
          g_propagate_error (error, g_steal_pointer (&part_error));
          return NULL;
        }
      detail->attestations = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_attestation_free);
    }

  /* The live check of the record, as the creation form shows it */
  if (_cas_access_is_operator (&access) || (access.roles & CAS_ROLE_ADMIN) != 0)
    detail->duplicates = check_duplicates (self, actor, detail->person, &part_error);
  if (detail->duplicates == NULL)
    {
      if (part_error != NULL && !part_refused (&part_error))
        {
          g_propagate_error (error, g_steal_pointer (&part_error));
          return NULL;
        }
      detail->duplicates =
        g_ptr_array_new_with_free_func ((GDestroyNotify) cas_duplicate_proposal_free);
    }

  if (_cas_access_is_operator (&access))
    {
      g_autoptr(CasAuditQuery) history = cas_audit_query_new ();

      history->record_type = g_strdup ("person");
      history->record_id = person_id;
      detail->history = cas_audit_service_list (self->audit, actor, history, 0, 500, error);
      if (detail->history == NULL)
        return NULL;
    }

  return g_steal_pointer (&detail);
}

/* Changes */

gboolean
cas_person_register_update_email (CasPersonRegister  *self,
                                  CasAccount         *actor,
                                  gint64              person_id,
                                  int                 revision,
                                  const char         *email,
                                  gboolean            keep_previous,
                                  int                *new_revision,
                                  GError            **error)
{
  g_autoptr(CasPerson) person = NULL;

  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (self), FALSE);
  g_return_val_if_fail (person_id > 0, FALSE);

  if (email == NULL || *email == '\0')
    {
      g_set_error (error, CAS_VALIDATION_ERROR, CAS_VALIDATION_ERROR_REQUIRED,
                   _("E-mail: give the new address"));
      return FALSE;
    }

  person = cas_person_service_get (self->persons, actor, person_id, error);
  if (person == NULL)
    return FALSE;

  /* The update compares the revision again in its transaction: checking
   * here too keeps a stale form from even validating */
  if (person->revision != revision)
    {
      g_set_error (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED,
                   _("%s %s was changed by someone else since you opened it. Nothing was "
                     "saved: reopen the record and make your changes again."),
                   person->first_name, person->last_name);
      return FALSE;
    }

  if (keep_previous && person->email != NULL && g_ascii_strcasecmp (person->email, email) != 0)
    {
      g_free (person->email_secondary);
      person->email_secondary = g_steal_pointer (&person->email);
    }
  g_free (person->email);
  person->email = g_strdup (email);

  if (!cas_person_service_update (self->persons, actor, person, error))
    return FALSE;

  if (new_revision != NULL)
    *new_revision = revision + 1;

  return TRUE;
}

gboolean
cas_person_register_record_scan (CasPersonRegister       *self,
                                 CasAccount              *actor,
                                 const CasDuplicateScan  *scan,
                                 GError                 **error)
{
  static const char * const columns[] = { "person_id", "flagged_at" };
  static const CasBulkType types[] = { CAS_BULK_INT, CAS_BULK_TEXT };
  g_auto(CasAccess) access = { 0, };
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(CasBulkInsert) bulk = NULL;
  g_autofree char *now = cas_now_utc ();

  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (self), FALSE);
  g_return_val_if_fail (scan != NULL, FALSE);

  if (!_cas_access_init (&access, self->db, actor, error))
    return FALSE;

  if (!_cas_access_is_operator (&access))
    return _cas_access_deny (self->db, &access, "person.flag-duplicates", NULL, 0, error,
                             _("record the possible duplicates of the whole register "
                               "(operators scan it)"));

  if (!_cas_database_begin (self->db, error))
    return FALSE;

  if (!_cas_database_exec (self->db, NULL, error, "DELETE FROM person_duplicate_flag", NULL))
    goto failed;

  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  bulk = _cas_bulk_insert_new (self->db, "person_duplicate_flag", columns, types,
                               G_N_ELEMENTS (columns));
  for (guint i = 0; scan->pairs != NULL && i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *pair = g_ptr_array_index (scan->pairs, i);
      const CasDuplicatePerson *members[] = { pair->a, pair->b };

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          char id_text[24];
          const char *values[2] = { id_text, now };

          if (members[m] == NULL || members[m]->id <= 0 ||
              g_hash_table_contains (seen, &members[m]->id))
            continue;

          g_hash_table_add (seen, g_memdup2 (&members[m]->id, sizeof (gint64)));
          g_snprintf (id_text, sizeof id_text, "%" PRId64, members[m]->id);
          if (!_cas_bulk_insert_add (bulk, values, error))
            goto failed;
        }
    }

  if (!_cas_bulk_insert_finish (bulk, error))
    goto failed;

  return _cas_database_commit (self->db, error);

failed:
  _cas_database_rollback (self->db);
  return FALSE;
}

/* Asynchronous reading */

typedef struct
{
  CasAccount     *actor;
  CasPersonQuery *query;
  guint           offset;
  guint           limit;
  gint64          person_id;
  char           *language;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->actor);
  cas_person_query_free (data->query);
  g_free (data->language);
  g_free (data);
}

static GTask *
read_task_new (CasPersonRegister    *self,
               CasAccount           *actor,
               const CasPersonQuery *query,
               gpointer              source_tag,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  data->actor = actor ? g_object_ref (actor) : NULL;
  if (query != NULL)
    data->query = cas_person_query_copy (query);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  return task;
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  gboolean more = FALSE;
  guint n = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (cas_person_register_count (source_object, data->actor, data->query, &n, &more,
                                 cancellable, &error))
    g_task_return_int (task, more ? (gssize) n + 1 : (gssize) n);
  else
    g_task_return_error (task, error);
}

void
cas_person_register_count_async (CasPersonRegister    *self,
                                 CasAccount           *actor,
                                 const CasPersonQuery *query,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CAS_IS_PERSON_REGISTER (self));
  g_return_if_fail (query != NULL);

  task = read_task_new (self, actor, query, cas_person_register_count_async, cancellable,
                        callback, user_data);
  g_task_run_in_thread (task, count_thread);
}

gboolean
cas_person_register_count_finish (CasPersonRegister  *self,
                                  GAsyncResult       *result,
                                  guint              *n_persons,
                                  gboolean           *more,
                                  GError            **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* The thread returns one more than the limit when there are more */
  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  *n_persons = (guint) MIN (n, CAS_PERSON_COUNT_LIMIT);
  if (more != NULL)
    *more = n > CAS_PERSON_COUNT_LIMIT;

  return TRUE;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GPtrArray *persons;

  if (g_task_return_error_if_cancelled (task))
    return;

  persons = cas_person_register_list (source_object, data->actor, data->query, data->offset,
                                      data->limit, cancellable, &error);
  if (persons == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, persons, (GDestroyNotify) g_ptr_array_unref);
}

void
cas_person_register_list_async (CasPersonRegister    *self,
                                CasAccount           *actor,
                                const CasPersonQuery *query,
                                guint                 offset,
                                guint                 limit,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CAS_IS_PERSON_REGISTER (self));
  g_return_if_fail (query != NULL);

  task = read_task_new (self, actor, query, cas_person_register_list_async, cancellable,
                        callback, user_data);
  data = g_task_get_task_data (task);
  data->offset = offset;
  data->limit = limit;
  g_task_run_in_thread (task, list_thread);
}

/**
 * cas_person_register_list_finish:
 *
 * Returns: (transfer full) (element-type CasPersonSummary): the page
 */
GPtrArray *
cas_person_register_list_finish (CasPersonRegister  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
detail_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  CasPersonDetail *detail;

  if (g_task_return_error_if_cancelled (task))
    return;

  detail = cas_person_register_get_detail (source_object, data->actor, data->person_id,
                                           data->language, &error);
  if (detail == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, detail, (GDestroyNotify) cas_person_detail_free);
}

void
cas_person_register_get_detail_async (CasPersonRegister   *self,
                                      CasAccount          *actor,
                                      gint64               person_id,
                                      const char          *language,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CAS_IS_PERSON_REGISTER (self));

  task = read_task_new (self, actor, NULL, cas_person_register_get_detail_async, cancellable,
                        callback, user_data);
  data = g_task_get_task_data (task);
  data->person_id = person_id;
  data->language = g_strdup (language);
  g_task_run_in_thread (task, detail_thread);
}

/**
 * cas_person_register_get_detail_finish:
 *
 * Returns: (transfer full): the detail, or %NULL with @error set
 */
CasPersonDetail *
cas_person_register_get_detail_finish (CasPersonRegister  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
