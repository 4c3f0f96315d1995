/* bench-duplicates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duplicate engine, measured. Prints figures; asserts nothing.
 *
 *   bench-duplicates --febrl DIR [--dir DIR]
 *       Quality on the FEBRL sets (dataset1, 2 and 3 in DIR): each is
 *       converted to the import format, imported into a fresh SQLite
 *       database and scanned; precision, recall and F1 of the "likely"
 *       band, and blocking recall, against the truth of the rec_id column
 *       (rec-N-org and rec-N-dup-K are one person). soc_sec_id is left out.
 *
 *   bench-duplicates --persons N [--dir DIR] [--keep] [--checks K]
 *       Speed on a synthetic Belgian register of N persons (default
 *       1,000,000) with known duplicates, twins and parents with their
 *       children: the full scan of the SQLite database (time per phase,
 *       peak memory, candidate pairs, blocking recall, precision, recall,
 *       F1) and K live checks (default 1000; latency p50 and p99, and how
 *       often the right record is among the matches). With --keep the
 *       database stays in DIR and is reused by the next run.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cas-account.h"
#include "cas-csv.h"
#include "cas-database-private.h"
#include "cas-duplicate-service.h"
#include "cas-person-service.h"
#include "cas-validate.h"

/* Peak memory of the process, and a way to measure from a point on */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : 0;
}

static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static CasDatabase *
fresh_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  CasDatabase *db;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  db = cas_database_open (path, CAS_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  return db;
}

static void
import_file (CasDatabase *db,
             const char  *csv_path,
             const char  *rejects_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CasPersonService) persons = cas_person_service_new (db);
  g_autoptr(CasAccount) local = cas_account_new_local (db);
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) rejects_file = g_file_new_for_path (rejects_path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, &error);
  g_autoptr(GFileOutputStream) rejects = NULL;

  g_assert_no_error (error);
  rejects = g_file_replace (rejects_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  cas_person_service_import_csv (persons, local, G_INPUT_STREAM (input), 0,
                                 CAS_IMPORT_LEGACY | CAS_IMPORT_SKIP_INVALID,
                                 G_OUTPUT_STREAM (rejects), NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (rejects), NULL, NULL);
  if (report->n_rejected > 0)
    printf ("  import: %" G_GUINT64_FORMAT " rows rejected (%s)\n", report->n_rejected,
            rejects_path);
}

/* The entity of a reference: "rec-12-dup-3" -> 12, "E000123-1" -> 123 */
static gint64
entity_of (const char *ref)
{
  const char *p = ref;

  if (ref == NULL)
    return -1;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  return g_ascii_strtoll (p, NULL, 10);
}

typedef struct
{
  guint64 truth;          /* true pairs */
  guint64 candidates;     /* pairs compared */
  guint64 candidates_true;
  guint64 tp;
  guint64 fp;
} Quality;

static void
print_quality (const char    *label,
               const Quality *q)
{
  double precision = q->tp / (double) MAX (q->tp + q->fp, 1);
  double recall = q->tp / (double) MAX (q->truth, 1);
  double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;

  printf ("  %-10s likely band: precision %.4f  recall %.4f  F1 %.4f   "
          "(true pairs %" G_GUINT64_FORMAT ", found %" G_GUINT64_FORMAT ", false %"
          G_GUINT64_FORMAT ")\n",
          label, precision, recall, f1, q->truth, q->tp, q->fp);
  if (q->candidates_true > 0)
    printf ("  %-10s blocking: %" G_GUINT64_FORMAT " candidate pairs, recall %.4f\n", label,
            q->candidates, q->candidates_true / (double) MAX (q->truth, 1));
}

/* FEBRL */

static char *
febrl_date (const char *yyyymmdd)
{
  g_autofree char *text = NULL;
  char *iso = NULL;

  if (strlen (yyyymmdd) != 8)
    return NULL;
  text = g_strdup_printf ("%.4s-%.2s-%.2s", yyyymmdd, yyyymmdd + 4, yyyymmdd + 6);
  if (!cas_validate_birth_date (text, TRUE, &iso, NULL))
    return NULL;
  return iso;
}

static void
bench_febrl (const char *febrl_dir,
             const char *dir,
             const char *name)
{
  g_autofree char *source = g_build_filename (febrl_dir, name, NULL);
  g_autofree char *csv_path = g_strconcat (dir, "/", name, ".import.csv", NULL);
  g_autofree char *rejects_path = g_strconcat (dir, "/", name, ".rejects.csv", NULL);
  g_autofree char *db_path = g_strconcat (dir, "/", name, ".db", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) nameless = g_string_new (NULL);
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasDuplicateService) service = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GHashTable) sizes = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  const char *header[] = { "external_ref", "first_name", "last_name", "birth_date", "street",
                           "postcode", "city" };
  guint n_rows = 0, n_dates_dropped = 0, n_postcodes_dropped = 0, n_nameless = 0;
  Quality q = { 0, };
  gint64 start;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  cas_csv_append_record (out, header, G_N_ELEMENTS (header));

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *birth = NULL;
      g_autofree char *street = NULL;
      const char *postcode;
      gint64 postcode_value = 0;
      gint64 entity;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 11);
      for (guint k = 0; k < 11; k++)
        g_strstrip (f[k]);
      n_rows++;

      /* What the import would refuse is left empty: a date that does not
       * exist, an Australian postcode that is no Belgian one */
      birth = febrl_date (f[9]);
      if (birth == NULL && f[9][0] != '\0')
        n_dates_dropped++;
      postcode = f[7];
      if (postcode[0] != '\0' &&
          !g_ascii_string_to_signed (postcode, 10, 1000, 9999, &postcode_value, NULL))
        {
          postcode = "";
          n_postcodes_dropped++;
        }
      street = g_strstrip (g_strdup_printf ("%s %s", f[3], f[4]));

      entity = entity_of (f[0]);
      g_array_append_val (entities, entity);
      g_hash_table_insert (sizes, g_memdup2 (&entity, sizeof entity),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sizes,
                                                                                   &entity))
                                             + 1));

      {
        const char *record[] = { f[0], f[1], f[2], birth, street, postcode, f[6] };

        /* The import requires both names; FEBRL leaves some out. Those rows
         * go in directly, as a register holding them would have them */
        if (f[1][0] == '\0' || f[2][0] == '\0')
          {
            cas_csv_append_record (nameless, record, G_N_ELEMENTS (record));
            n_nameless++;
          }
        else
          cas_csv_append_record (out, record, G_N_ELEMENTS (record));
      }
    }
  g_assert_true (g_file_set_contents (csv_path, out->str, out->len, NULL));

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, sizes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        guint64 s = GPOINTER_TO_UINT (value);
        q.truth += s * (s - 1) / 2;
      }
  }

  db = fresh_database (db_path);
  import_file (db, csv_path, rejects_path);
  {
    g_auto(GStrv) rows = g_strsplit (nameless->str, "\r\n", -1);
    g_autofree char *now = g_strdup ("2026-11-29T00:00:00Z");

    for (guint i = 0; rows[i] != NULL && rows[i][0] != '\0'; i++)
      {
        g_auto(GStrv) f = g_strsplit (rows[i], ",", -1);

        _cas_database_exec (db, NULL, &error,
                            "INSERT INTO person (external_ref, first_name, last_name, birth_date, "
                            "street, postcode, city, created_at, updated_at) VALUES "
                            "(##ref::string, ##first::string, ##last::string, "
                            "##birth::string::null, ##street::string::null, "
                            "##postcode::string::null, ##city::string::null, ##now::string, "
                            "##now::string)",
                            "ref", f[0], "first", f[1], "last", f[2],
                            "birth", f[3][0] ? f[3] : NULL, "street", f[4][0] ? f[4] : NULL,
                            "postcode", f[5][0] ? f[5] : NULL, "city", f[6][0] ? f[6] : NULL,
                            "now", now, NULL);
        g_assert_no_error (error);
      }
  }

  local = cas_account_new_local (db);
  service = cas_duplicate_service_new (db);
  start = g_get_monotonic_time ();
  /* Every candidate pair, to measure blocking too */
  scan = cas_duplicate_service_scan (service, local, -1000, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  q.candidates = scan->pairs->len;
  for (guint i = 0; i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (scan->pairs, i);
      gboolean same = entity_of (p->a->ref) == entity_of (p->b->ref);

      q.candidates_true += same;
      if (p->band == CAS_DUPLICATE_BAND_LIKELY)
        {
          if (same)
            q.tp++;
          else
            q.fp++;
        }
    }

  printf ("%s: %u records (%u birth dates and %u postcodes the import refuses left out, "
          "%u records without a name inserted directly), scan %.2f s\n",
          name, n_rows, n_dates_dropped, n_postcodes_dropped, n_nameless,
          (g_get_monotonic_time () - start) / 1e6);
  print_quality (name, &q);
}

/* A synthetic Belgian register */

static const char * const first_male[] = {
  "Jan", "Pieter", "Lucas", "Thomas", "Wout", "Bram", "Koen", "Dirk", "Stijn", "Tom", "Bart",
  "Jeroen", "Maarten", "Niels", "Sander", "Joris", "Geert", "Hendrik", "Wim", "Kris", "Arne",
  "Jonas", "Ruben", "Seppe", "Lars", "Mathias", "Kevin", "Yannick", "Filip", "Luc", "Jean",
  "Pierre", "Michel", "Philippe", "Marc", "Olivier", "Nicolas", "Julien", "Benoît", "François",
  "Laurent", "Christophe", "Sébastien", "Thierry", "Didier", "Frédéric", "Jérôme", "Maxime",
  "Antoine", "Jean-Pierre", "Jean-Marc", "Jean-François", "Grégory", "Cédric", "Hugo", "Louis",
  "Arnaud", "Damien", "Quentin", "Jürgen", "Klaus", "Stefan", "Andreas", "Michael", "Jörg",
  "Mohamed", "Youssef", "Mehmet", "Karim", "Rachid", "Emre", "Ahmed", "Bilal", "Ibrahim", "Omar",
  "Vincent", "Nathan", "Simon", "Victor", "Arthur", "Noah", "Adam", "Elias", "Robin", "Gilles",
  "Dries", "Jasper", "Pieter-Jan", "Tim", "Glenn", "Steven", "Patrick", "Eric", "Alain", "Paul",
};
static const char * const first_female[] = {
  "An", "Els", "Sofie", "Lotte", "Eline", "Femke", "Marie", "Lien", "Katrien", "Inge", "Griet",
  "Hilde", "Nathalie", "Sarah", "Lies", "Evy", "Joke", "Leen", "Annelies", "Jolien", "Charlotte",
  "Emma", "Nele", "Tine", "Veerle", "Anne", "Isabelle", "Catherine", "Sophie", "Julie", "Céline",
  "Valérie", "Sandrine", "Christine", "Véronique", "Aurélie", "Émilie", "Hélène", "Stéphanie",
  "Chloé", "Camille", "Laura", "Manon", "Marie-Claire", "Anne-Sophie", "Géraldine", "Françoise",
  "Delphine", "Sabine", "Petra", "Monika", "Anja", "Ursula", "Birgit", "Katharina", "Lea",
  "Fatima", "Ayşe", "Nadia", "Samira", "Yasmine", "Elif", "Amina", "Leila", "Zeynep", "Salma",
  "Louise", "Alice", "Olivia", "Elise", "Lina", "Mila", "Hanne", "Ine", "Kim", "Karen", "Ellen",
  "Marleen", "Martine", "Caroline", "Patricia", "Sylvie", "Nancy", "Ann-Sophie", "Marie-Louise",
};
static const char * const stems[] = {
  "Peet", "Jans", "Ma", "Jacob", "Mert", "Will", "Cla", "Gooss", "Wout", "Smet", "Meul", "Broeck",
  "Dam", "Vos", "Herm", "Aert", "Pauw", "Veld", "Hoev", "Clerc", "Straet", "Lambr", "Michi", "Smit",
  "Dyck", "Copp", "Back", "Berg", "Ack", "Voort", "Hond", "Hoof", "Stev", "Seg", "Cool", "Baer",
  "Linde", "Wild", "Mart", "Dubo", "Lamb", "Dupon", "Sim", "Laur", "Lecler", "Jeun", "Ren",
  "Lefèv", "Maire", "Franç", "Gér", "Math", "Den", "Coll", "Font", "Dum", "Hub", "Jacqu", "Mich",
  "March", "Delv", "Legr", "Henr", "Dupu", "Noë", "Gils", "Bertr", "Ler", "Thir", "Serv", "Detr",
  "Pir", "Dethi", "Lecom", "Mass", "Charl", "Schmi", "Müll", "Schrö", "Mey", "Kessl", "Lenz",
  "Hein", "Crem", "Jost", "Henn", "Fick", "Brül", "Kohn", "Amran", "Benal", "Yılm", "Öztür",
  "Bouz", "Hadd", "Kay", "Aydı", "Chaou", "Mansour", "Idriss", "Dem", "Verh", "Verm", "Verb",
  "Goe", "Bog", "Bruyn", "Cauw", "Deck", "Ghey", "Hael", "Keyz", "Loos", "Naes", "Roel", "Tack",
  "Uytt", "Wyn", "Zwaen", "Quint", "Oost", "Ever", "Isen", "Raes",
};
static const char * const suffixes[] = {
  "ers", "ens", "es", "s", "", "mans", "aert", "eel", "ier", "on", "et", "in", "y", "x", "ault",
  "ois", "ard", "elle", "ghe", "inckx", "oot", "ijn", "ck", "ert", "emans",
};
static const char * const particles[] = {
  "Van", "De", "Van den", "Van der", "Van de", "Le", "Du", "D'", "Vande", "El",
};
static const char * const towns[][3] = {
  { "1000", "Bruxelles", "Brussel" }, { "2000", "Antwerpen", "Anvers" },
  { "9000", "Gent", "Gand" }, { "4000", "Liège", "Luik" }, { "5000", "Namur", "Namen" },
  { "3000", "Leuven", "Louvain" }, { "8000", "Brugge", "Bruges" },
  { "2800", "Mechelen", "Malines" }, { "7000", "Mons", "Bergen" },
  { "6000", "Charleroi", "Charleroi" }, { "3500", "Hasselt", "Hasselt" },
  { "8500", "Kortrijk", "Courtrai" }, { "1300", "Wavre", "Waver" }, { "4700", "Eupen", "Eupen" },
  { "1400", "Nivelles", "Nijvel" }, { "9300", "Aalst", "Alost" }, { "8400", "Oostende", "Ostende" },
  { "7500", "Tournai", "Doornik" }, { "1180", "Uccle", "Ukkel" }, { "1050", "Ixelles", "Elsene" },
  { "2300", "Turnhout", "Turnhout" }, { "3800", "Sint-Truiden", "Saint-Trond" },
  { "6700", "Arlon", "Aarlen" }, { "4500", "Huy", "Hoei" }, { "9200", "Dendermonde", "Termonde" },
  { "8900", "Ieper", "Ypres" }, { "3700", "Tongeren", "Tongres" }, { "2500", "Lier", "Lierre" },
  { "9100", "Sint-Niklaas", "Saint-Nicolas" }, { "1500", "Halle", "Hal" },
};
/* "%s" stands for a name */
static const char * const street_kinds[] = {
  "%sstraat", "Rue %s", "%slaan", "Avenue %s", "%ssteenweg", "Chaussée de %s", "Place %s",
  "%splein", "Boulevard %s", "%sweg",
};
static const char * const domains[] = {
  "gmail.com", "skynet.be", "telenet.be", "hotmail.com", "proximus.be", "outlook.be", "yahoo.fr",
  "icloud.com", "live.be", "scarlet.be",
};

typedef struct
{
  char    *ref;
  char    *first;
  char    *last;
  char    *birth;        /* ISO */
  char     sex;
  char    *nrn;
  char    *email;
  char    *phone;
  char    *street;
  guint    town;
  guint    district;
  gboolean town_other_language;
} Person;

static void
person_clear (Person *p)
{
  g_free (p->ref);
  g_free (p->first);
  g_free (p->last);
  g_free (p->birth);
  g_free (p->nrn);
  g_free (p->email);
  g_free (p->phone);
  g_free (p->street);
}

/* Skewed towards the first entries, as names are: a few very common */
static guint
zipf (GRand *rand,
      guint  n)
{
  double u = g_rand_double (rand);

  return MIN (n - 1, (guint) (n * u * u * u));
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* NRNs handed out: one person, one number */
static GHashTable *used_nrns;

static char *
make_nrn (const char *birth,
          char        sex,
          guint       serial)
{
  int y, m, d;
  guint64 n;
  char *nrn;

  sscanf (birth, "%d-%d-%d", &y, &m, &d);
  serial = CLAMP (serial, 1, 996);
  if ((sex == 'M') != (serial % 2 == 1))
    serial++;
  for (guint tries = 0; tries < 500; tries++)
    {
      n = (guint64) (y % 100) * 10000000 + m * 100000 + d * 1000 + serial;
      if (y >= 2000)
        n += 2000000000;
      nrn = g_strdup_printf ("%02d%02d%02d%03u%02u", y % 100, m, d, serial,
                             (guint) (97 - n % 97));
      if (used_nrns == NULL)
        used_nrns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (!g_hash_table_contains (used_nrns, nrn))
        {
          g_hash_table_add (used_nrns, g_strdup (nrn));
          return nrn;
        }
      g_free (nrn);
      serial = serial + 2 > 997 ? 1 + (sex == 'F') : serial + 2;
    }

  return NULL;
}

static char *
make_last_name (GRand *rand)
{
  GString *name = g_string_new (NULL);

  if (g_rand_double (rand) < 0.15)
    g_string_append_printf (name, "%s%s", PICK (rand, particles),
                            g_str_has_suffix (name->str, "'") ? "" : " ");
  if (g_str_has_suffix (name->str, "' "))
    g_string_truncate (name, name->len - 1);
  g_string_append (name, stems[zipf (rand, G_N_ELEMENTS (stems))]);
  if (g_rand_double (rand) < 0.45)
    {
      g_autofree char *second = g_utf8_strdown (PICK (rand, stems), -1);
      g_string_append (name, second);
    }
  g_string_append (name, suffixes[zipf (rand, G_N_ELEMENTS (suffixes))]);

  return g_string_free (name, FALSE);
}

static char *
ascii_lower (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

static void
random_person (GRand  *rand,
               Person *p)
{
  int year = g_rand_int_range (rand, 1940, 2006);
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, g_date_get_days_in_month (month, year) + 1);
  g_autofree char *local_first = NULL;
  g_autofree char *local_last = NULL;
  g_autofree char *stem = NULL;

  p->sex = g_rand_boolean (rand) ? 'M' : 'F';
  p->first = g_strdup (p->sex == 'M' ? first_male[zipf (rand, G_N_ELEMENTS (first_male))]
                                     : first_female[zipf (rand, G_N_ELEMENTS (first_female))]);
  p->last = make_last_name (rand);
  p->birth = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  if (g_rand_double (rand) < 0.9)
    p->nrn = make_nrn (p->birth, p->sex, g_rand_int_range (rand, 1, 997));

  local_first = ascii_lower (p->first);
  local_last = ascii_lower (p->last);
  if (g_rand_double (rand) < 0.85)
    {
      double r = g_rand_double (rand);

      if (r < 0.4)
        p->email = g_strdup_printf ("%s.%s%d@%s", local_first, local_last,
                                    g_rand_int_range (rand, 1, 100), PICK (rand, domains));
      else if (r < 0.7)
        p->email = g_strdup_printf ("%c%s%d@%s", local_first[0], local_last,
                                    g_rand_int_range (rand, 1, 1000), PICK (rand, domains));
      else
        p->email = g_strdup_printf ("%s%u@%s", local_first, g_rand_int (rand) % 100000,
                                    PICK (rand, domains));
    }
  if (g_rand_double (rand) < 0.8)
    p->phone = g_strdup_printf ("+324%d%06d", g_rand_int_range (rand, 70, 100),
                                g_rand_int_range (rand, 0, 1000000));

  stem = g_strdup (PICK (rand, stems));
  {
    GString *street = g_string_new (PICK (rand, street_kinds));

    g_string_replace (street, "%s", stem, 1);
    g_string_append_printf (street, " %d", g_rand_int_range (rand, 1, 250));
    p->street = g_string_free (street, FALSE);
  }
  p->town = g_rand_int_range (rand, 0, G_N_ELEMENTS (towns));
  p->district = g_rand_int_range (rand, 0, 10);
}

static Person
copy_person (const Person *p)
{
  Person c = *p;

  c.ref = NULL;
  c.first = g_strdup (p->first);
  c.last = g_strdup (p->last);
  c.birth = g_strdup (p->birth);
  c.nrn = g_strdup (p->nrn);
  c.email = g_strdup (p->email);
  c.phone = g_strdup (p->phone);
  c.street = g_strdup (p->street);

  return c;
}

/* One letter changed, left out, added or swapped with the next */
static char *
typo (GRand      *rand,
      const char *text)
{
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, NULL);
  glong n = 0;
  GString *out = g_string_new (NULL);
  glong at;
  int kind = g_rand_int_range (rand, 0, 4);

  while (chars[n] != 0)
    n++;
  if (n < 3)
    {
      g_string_append (out, text);
      return g_string_free (out, FALSE);
    }
  at = g_rand_int_range (rand, 1, n - 1);

  for (glong i = 0; i < n; i++)
    {
      if (i == at)
        {
          if (kind == 0)
            {
              g_string_append_unichar (out, 'a' + g_rand_int_range (rand, 0, 26));
              continue;
            }
          if (kind == 1)
            continue;
          if (kind == 2)
            g_string_append_unichar (out, chars[i]);
          if (kind == 3 && i + 1 < n && chars[i + 1] != ' ' && chars[i] != ' ')
            {
              g_string_append_unichar (out, chars[i + 1]);
              g_string_append_unichar (out, chars[i]);
              i++;
              continue;
            }
        }
      g_string_append_unichar (out, chars[i]);
    }

  return g_string_free (out, FALSE);
}

/* What desks and old systems do to a record */
static void
corrupt (GRand  *rand,
         Person *d)
{
  guint n_changes = g_rand_int_range (rand, 1, 4);

  for (guint k = 0; k < n_changes; k++)
    {
      char *old;

      switch (g_rand_int_range (rand, 0, 14))
        {
        case 0:
          old = d->last;
          d->last = typo (rand, old);
          g_free (old);
          break;
        case 1:
          old = d->first;
          d->first = typo (rand, old);
          g_free (old);
          break;
        case 2:   /* capitals, accents lost, particles joined */
          old = d->last;
          {
            g_autofree char *ascii = g_str_to_ascii (old, "C");
            g_autofree char *joined = g_strdelimit (g_strdup (ascii), " ", '-');
            GString *s = g_string_new (NULL);

            for (const char *p = g_rand_boolean (rand) ? ascii : joined; *p; p++)
              if (*p != '-' && *p != ' ')
                g_string_append_c (s, *p);
            d->last = g_rand_boolean (rand) ? g_ascii_strup (s->str, -1) : g_strdup (s->str);
            g_string_free (s, TRUE);
          }
          g_free (old);
          break;
        case 3:   /* a compound first name shortened */
          if (strchr (d->first, '-') != NULL)
            *strchr (d->first, '-') = '\0';
          else
            {
              old = d->first;
              d->first = g_str_to_ascii (old, "C");
              g_free (old);
            }
          break;
        case 4:   /* a married name */
          if (d->sex == 'F')
            {
              g_autofree char *other = make_last_name (rand);
              old = d->last;
              d->last = g_strdup_printf ("%s-%s", old, other);
              g_free (old);
            }
          break;
        case 5:   /* first and last name swapped */
          old = d->first;
          d->first = d->last;
          d->last = old;
          break;
        case 6:   /* day and month swapped, or one digit slipped */
          {
            int y, m, dd;

            if (d->birth == NULL)
              break;
            sscanf (d->birth, "%d-%d-%d", &y, &m, &dd);
            if (dd <= 12 && dd != m)
              {
                g_free (d->birth);
                d->birth = g_strdup_printf ("%04d-%02d-%02d", y, dd, m);
              }
            else if (g_date_valid_dmy (dd % 10 == 9 ? dd - 1 : dd + 1, m, y))
              {
                g_free (d->birth);
                d->birth = g_strdup_printf ("%04d-%02d-%02d", y, m, dd % 10 == 9 ? dd - 1 : dd + 1);
              }
            /* The number no longer agrees with the date: left out */
            g_clear_pointer (&d->nrn, g_free);
          }
          break;
        case 7:
          g_clear_pointer (&d->birth, g_free);
          break;
        case 8:   /* another e-mail */
          {
            g_autofree char *local = ascii_lower (d->first);

            old = d->email;
            d->email = g_rand_boolean (rand) || local[0] == '\0' ? NULL
                       : g_strdup_printf ("%c.%s%u@%s", local[0], "work",
                                          g_rand_int (rand) % 1000, PICK (rand, domains));
            g_free (old);
          }
          break;
        case 9:
          g_clear_pointer (&d->phone, g_free);
          break;
        case 10:
          g_clear_pointer (&d->nrn, g_free);
          break;
        case 11:  /* one digit of the NRN typed wrong: kept, unverified */
          if (d->nrn != NULL)
            {
              guint at = g_rand_int_range (rand, 6, 9);
              d->nrn[at] = d->nrn[at] == '9' ? '0' : d->nrn[at] + 1;
            }
          break;
        case 12:  /* moved */
          {
            Person other = { 0, };

            random_person (rand, &other);
            g_free (d->street);
            d->street = g_steal_pointer (&other.street);
            d->town = other.town;
            d->district = other.district;
            person_clear (&other);
          }
          break;
        default:  /* the town in the other language */
          d->town_other_language = TRUE;
          break;
        }
    }
}

static void
append_person (GString      *out,
               const Person *p)
{
  /* Ten postcodes a town, as big towns have */
  g_autofree char *postcode = g_strdup_printf ("%u", atoi (towns[p->town][0]) +
                                                     10 * p->district);
  const char *record[] = {
    p->ref, p->first, p->last, p->birth, p->nrn, p->email, p->phone, p->street,
    postcode, towns[p->town][p->town_other_language ? 2 : 1],
  };

  cas_csv_append_record (out, record, G_N_ELEMENTS (record));
}

typedef struct
{
  guint64 n_persons;
  guint64 n_duplicates;
  guint64 n_twins;
  guint64 n_parents;
  guint64 truth;
} Generated;

/* Writes N persons; references are "E<entity>-<k>": the same entity is one
 * person */
static void
generate (const char *path,
          guint       n,
          Generated  *g)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261129);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = { "external_ref", "first_name", "last_name", "birth_date", "nrn",
                           "email", "phone", "street", "postcode", "city" };
  FILE *file = fopen (path, "w");
  guint64 entity = 0;

  g_assert_nonnull (file);
  memset (g, 0, sizeof *g);
  cas_csv_append_record (out, header, G_N_ELEMENTS (header));

  while (g->n_persons < n)
    {
      Person p = { 0, };
      double r = g_rand_double (rand);

      random_person (rand, &p);
      p.ref = g_strdup_printf ("E%07" G_GUINT64_FORMAT "-0", entity);
      append_person (out, &p);
      g->n_persons++;

      if (r < 0.10)
        {
          /* Recorded again, once or twice */
          guint copies = g_rand_double (rand) < 0.2 ? 2 : 1;

          for (guint c = 1; c <= copies && g->n_persons < n; c++)
            {
              Person d = copy_person (&p);

              d.ref = g_strdup_printf ("E%07" G_GUINT64_FORMAT "-%u", entity, c);
              corrupt (rand, &d);
              append_person (out, &d);
              person_clear (&d);
              g->n_persons++;
              g->n_duplicates++;
            }
          g->truth += copies == 2 ? 3 : 1;
        }
      else if (r < 0.105 && g->n_persons < n)
        {
          /* A twin: another person, same last name, birth and address */
          Person t = copy_person (&p);

          entity++;
          t.ref = g_strdup_printf ("E%07" G_GUINT64_FORMAT "-0", entity);
          g_free (t.first);
          t.first = g_strdup (t.sex == 'M' ? PICK (rand, first_male) : PICK (rand, first_female));
          if (g_strcmp0 (t.first, p.first) == 0)
            {
              g_free (t.first);
              t.first = g_strdup ("Noah");
            }
          g_free (t.nrn);
          t.nrn = p.nrn ? make_nrn (t.birth, t.sex, g_rand_int_range (rand, 1, 997)) : NULL;
          g_free (t.email);
          t.email = g_strdup_printf ("twin%" G_GUINT64_FORMAT "@%s", entity, PICK (rand, domains));
          g_free (t.phone);
          t.phone = g_strdup_printf ("+324%d%06d", g_rand_int_range (rand, 70, 100),
                                     g_rand_int_range (rand, 0, 1000000));
          append_person (out, &t);
          person_clear (&t);
          g->n_persons++;
          g->n_twins++;
        }
      else if (r < 0.108 && g->n_persons < n)
        {
          /* A parent with the same name, at the same address */
          Person c = copy_person (&p);
          int y, m, d;

          entity++;
          c.ref = g_strdup_printf ("E%07" G_GUINT64_FORMAT "-0", entity);
          sscanf (p.birth, "%d-%d-%d", &y, &m, &d);
          g_free (c.birth);
          c.birth = g_strdup_printf ("%04d-%02d-%02d", y - g_rand_int_range (rand, 22, 40),
                                     g_rand_int_range (rand, 1, 13),
                                     g_rand_int_range (rand, 1, 29));
          g_free (c.nrn);
          c.nrn = g_rand_double (rand) < 0.9 ? make_nrn (c.birth, c.sex, 33) : NULL;
          g_free (c.email);
          c.email = g_strdup_printf ("parent%" G_GUINT64_FORMAT "@%s", entity,
                                     PICK (rand, domains));
          g_clear_pointer (&c.phone, g_free);
          append_person (out, &c);
          person_clear (&c);
          g->n_persons++;
          g->n_parents++;
        }

      person_clear (&p);
      entity++;

      if (out->len > (1 << 20))
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, file);
  fclose (file);
}

static int verbose;

/* The scan, phase by phase */

static void
bench_scan (CasDatabase *db,
            Generated   *g)
{
  g_autoptr(CasDuplicateService) service = cas_duplicate_service_new (db);
  g_autoptr(CasAccount) local = cas_account_new_local (db);
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  Quality q = { 0, };
  gint64 start;
  double total;

  reset_peak_rss ();
  start = g_get_monotonic_time ();
  scan = cas_duplicate_service_scan (service, local, CAS_DUPLICATE_POSSIBLE_SCORE, NULL, NULL,
                                     NULL, &error);
  g_assert_no_error (error);
  total = (g_get_monotonic_time () - start) / 1e6;

  q.truth = g->truth;
  q.candidates = scan->stats.n_candidates;
  for (guint i = 0; i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (scan->pairs, i);
      gboolean same = entity_of (p->a->ref) == entity_of (p->b->ref);

      if (p->band == CAS_DUPLICATE_BAND_LIKELY)
        {
          if (same)
            q.tp++;
          else if (q.fp++ < (verbose > 1 ? 1000000 : 12) && verbose)
            printf ("  false: %.1f %s %s %s | %s %s %s: %s\n", p->score, p->a->ref,
                    p->a->first_name, p->a->last_name, p->b->ref, p->b->first_name,
                    p->b->last_name, p->reasons);
        }
    }

  printf ("full scan of %" G_GUINT64_FORMAT " persons: %.1f s, peak memory %.0f MiB\n",
          scan->stats.n_records, total, peak_rss_mib ());
  printf ("  read and normalise  %6.1f s\n", scan->read_seconds);
  printf ("  estimate weights    %6.1f s\n", scan->stats.estimate_seconds);
  printf ("  block               %6.1f s  (%" G_GUINT64_FORMAT " keys, %" G_GUINT64_FORMAT
          " blocks, %" G_GUINT64_FORMAT " by sorted neighbourhood)\n",
          scan->stats.block_seconds, scan->stats.n_keys, scan->stats.n_blocks,
          scan->stats.n_large_blocks);
  printf ("  score               %6.1f s  (%" G_GUINT64_FORMAT " candidate pairs, %.1f per "
          "person)\n",
          scan->stats.score_seconds, scan->stats.n_candidates,
          scan->stats.n_candidates / (double) MAX (scan->stats.n_records, 1));
  printf ("  pairs: %u likely or possible, in %u groups\n", scan->pairs->len,
          scan->clusters->len);
  q.candidates_true = 0;
  print_quality ("synthetic", &q);
}

static gboolean
keep_true_pairs (CasDuplicateIndex *index,
                 guint              a,
                 guint              b,
                 gpointer           data)
{
  return entity_of (cas_duplicate_index_get_ref (index, a)) ==
         entity_of (cas_duplicate_index_get_ref (index, b));
}

/* Blocking recall at scale: the true pairs among the candidates */
static void
bench_blocking_recall (CasDatabase *db,
                       Generated   *g)
{
  g_autoptr(CasDuplicateIndex) index = cas_duplicate_index_new ();
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateStats stats;
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(GdaDataModel) model = NULL;
      int n_rows;

      model = _cas_database_query (db, &error,
                                   "SELECT id, external_ref, first_name, last_name, birth_date, "
                                   "sex, nrn, email, email_secondary, phone, street, postcode, "
                                   "city FROM person WHERE id > ##after::gint64 ORDER BY id "
                                   "LIMIT 20000",
                                   "after", after, NULL);
      g_assert_no_error (error);
      n_rows = gda_data_model_get_n_rows (model);
      if (n_rows == 0)
        break;
      for (int row = 0; row < n_rows; row++)
        {
          char *v[12];
          CasDuplicateFields f;

          for (int c = 0; c < 12; c++)
            v[c] = _cas_model_dup_string (model, c + 1, row);
          f = (CasDuplicateFields) {
            .id = _cas_model_get_int64 (model, 0, row), .external_ref = v[0],
            .first_name = v[1], .last_name = v[2], .birth_date = v[3], .sex = v[4],
            .nrn = v[5], .email = v[6], .email_secondary = v[7], .phone = v[8],
            .street = v[9], .postcode = v[10], .city = v[11],
          };
          cas_duplicate_index_add (index, &f);
          for (int c = 0; c < 12; c++)
            g_free (v[c]);
        }
      after = _cas_model_get_int64 (model, 0, n_rows - 1);
    }

  pairs = cas_duplicate_index_find_pairs (index, -1e9, keep_true_pairs, NULL, NULL, NULL, NULL,
                                          &stats, &error);
  g_assert_no_error (error);
  printf ("  synthetic  blocking: %" G_GUINT64_FORMAT " candidate pairs, recall %.4f "
          "(%u of %" G_GUINT64_FORMAT " true pairs)\n",
          stats.n_candidates, pairs->len / (double) MAX (g->truth, 1), pairs->len, g->truth);
}

/* The live check */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_checks (CasDatabase *db,
              guint        n_checks)
{
  g_autoptr(CasDuplicateService) service = cas_duplicate_service_new (db);
  g_autoptr(CasAccount) local = cas_account_new_local (db);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  gint64 max_id = 0, start;
  guint n_found = 0, n_expected = 0;
  static const char * const kinds[] = {
    "name + birth date", "e-mail", "phone", "NRN", "name", "last name typo + birth date",
  };

  _cas_database_query_int64 (db, &max_id, NULL, &error, "SELECT MAX(id) FROM person", NULL);
  g_assert_no_error (error);

  /* The import wrote the lookup keys: the first check has nothing to
   * catch up (a database imported by an older version has: once) */
  start = g_get_monotonic_time ();
  g_assert_true (cas_duplicate_service_update_keys (service, local, NULL, &error));
  g_assert_no_error (error);
  printf ("live check: lookup keys caught up before the first check in %.2f s (the import "
          "writes them)\n", (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < n_checks; i++)
    {
      g_autoptr(GdaDataModel) model = NULL;
      g_autoptr(GPtrArray) matches = NULL;
      char *v[8] = { NULL, };
      g_autofree char *typo_last = NULL;
      CasDuplicateQuery query = { 0, };
      gint64 id = g_rand_int_range (rand, 1, (gint32) max_id + 1);
      guint kind = i % G_N_ELEMENTS (kinds);
      gboolean has_field = TRUE;

      model = _cas_database_query (db, &error,
                                   "SELECT id, external_ref, first_name, last_name, birth_date, "
                                   "nrn, email, phone, city FROM person WHERE id = ##id::gint64",
                                   "id", id, NULL);
      g_assert_no_error (error);
      if (gda_data_model_get_n_rows (model) == 0)
        continue;
      for (int c = 0; c < 8; c++)
        v[c] = _cas_model_dup_string (model, c + 1, 0);

      switch (kind)
        {
        case 0:
          query.first_name = v[1];
          query.last_name = v[2];
          query.birth_date = v[3];
          has_field = v[3] != NULL;
          break;
        case 1:
          query.email = v[5];
          has_field = v[5] != NULL;
          break;
        case 2:
          query.phone = v[6];
          has_field = v[6] != NULL;
          break;
        case 3:
          query.nrn = v[4];
          has_field = v[4] != NULL;
          break;
        case 4:
          query.first_name = v[1];
          query.last_name = v[2];
          break;
        default:
          typo_last = g_strconcat (v[2], "e", NULL);
          query.first_name = v[1];
          query.last_name = typo_last;
          query.birth_date = v[3];
          has_field = v[3] != NULL;
          break;
        }

      start = g_get_monotonic_time ();
      matches = cas_duplicate_service_check (service, local, &query, 5, &error);
      g_assert_no_error (error);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (times, ms);
      }

      /* The record the fields came from should be among the matches */
      if (has_field)
        {
          n_expected++;
          for (guint m = 0; m < matches->len; m++)
            if (((CasDuplicateProposal *) g_ptr_array_index (matches, m))->a->id == id)
              {
                n_found++;
                break;
              }
        }
      for (int c = 0; c < 8; c++)
        g_free (v[c]);
    }

  g_array_sort (times, compare_doubles);
  printf ("live check, %u checks (%s, ...): p50 %.2f ms, p99 %.2f ms, max %.2f ms; the "
          "record typed found in the top 5: %.1f %%\n",
          times->len, kinds[0],
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, MIN (times->len - 1, times->len * 99 / 100)),
          g_array_index (times, double, times->len - 1),
          100.0 * n_found / MAX (n_expected, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *febrl = NULL;
  g_autofree char *dir = NULL;
  gboolean keep = FALSE;
  int n_persons = 0;
  int n_checks = 1000;
  const GOptionEntry entries[] = {
    { "febrl", 0, 0, G_OPTION_ARG_FILENAME, &febrl, "Folder of the FEBRL sets", "DIR" },
    { "persons", 0, 0, G_OPTION_ARG_INT, &n_persons, "Synthetic register of N persons", "N" },
    { "checks", 0, 0, G_OPTION_ARG_INT, &n_checks, "Live checks to time (default 1000)", "K" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the databases go", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep (and reuse) the synthetic database", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_INT, &verbose, "Show some false pairs (1), all (2)",
      "LEVEL" },
    { NULL }
  };

  context = g_option_context_new ("");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (febrl == NULL && n_persons == 0)
    n_persons = 1000000;
  if (dir == NULL)
    dir = g_dir_make_tmp ("bench-duplicates-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0700);

  if (febrl != NULL)
    {
      bench_febrl (febrl, dir, "dataset1.csv");
      bench_febrl (febrl, dir, "dataset2.csv");
      bench_febrl (febrl, dir, "dataset3.csv");
    }

  if (n_persons > 0)
    {
      g_autofree char *db_path = g_strdup_printf ("%s/persons-%d.db", dir, n_persons);
      g_autofree char *csv_path = g_strdup_printf ("%s/persons-%d.csv", dir, n_persons);
      g_autofree char *rejects_path = g_strdup_printf ("%s/persons-%d.rejects.csv", dir,
                                                       n_persons);
      g_autofree char *truth_path = g_strdup_printf ("%s/persons-%d.truth", dir, n_persons);
      g_autoptr(CasDatabase) db = NULL;
      Generated g;

      if (keep && g_file_test (db_path, G_FILE_TEST_EXISTS) &&
          g_file_test (truth_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *text = NULL;

          g_file_get_contents (truth_path, &text, NULL, NULL);
          memset (&g, 0, sizeof g);
          sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  &g.n_persons, &g.n_duplicates, &g.n_twins, &g.n_parents, &g.truth);
          db = cas_database_open (db_path, CAS_DATABASE_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
          printf ("reusing %s\n", db_path);
        }
      else
        {
          g_autofree char *text = NULL;
          gint64 start = g_get_monotonic_time ();

          generate (csv_path, n_persons, &g);
          printf ("generated %" G_GUINT64_FORMAT " persons in %.1f s\n", g.n_persons,
                  (g_get_monotonic_time () - start) / 1e6);
          start = g_get_monotonic_time ();
          db = fresh_database (db_path);
          import_file (db, csv_path, rejects_path);
          printf ("imported in %.1f s (not part of the scan)\n",
                  (g_get_monotonic_time () - start) / 1e6);
          g_unlink (csv_path);
          text = g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %"
                                  G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                                  g.n_persons, g.n_duplicates, g.n_twins, g.n_parents, g.truth);
          g_file_set_contents (truth_path, text, -1, NULL);
        }

      printf ("synthetic register: %" G_GUINT64_FORMAT " persons, %" G_GUINT64_FORMAT
              " duplicate records (%" G_GUINT64_FORMAT " true pairs), %" G_GUINT64_FORMAT
              " twins and %" G_GUINT64_FORMAT " parents of the same name (not duplicates)\n",
              g.n_persons, g.n_duplicates, g.truth, g.n_twins, g.n_parents);

      bench_scan (db, &g);
      bench_blocking_recall (db, &g);
      if (n_checks > 0)
        bench_checks (db, n_checks);

      if (!keep)
        {
          g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

          g_clear_object (&db);
          g_unlink (db_path);
          g_unlink (wal);
          g_unlink (shm);
          g_unlink (truth_path);
          g_unlink (rejects_path);
        }
    }

  return 0;
}
