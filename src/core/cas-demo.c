/* cas-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A realistic Belgian demo data set. Everything random comes from one GRand
 * seeded by the caller, so a seed always gives the same database; the
 * people the demo accounts and the duplicate scenarios rely on are written
 * out by hand below.
 */

#define G_LOG_DOMAIN "cas-demo"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cas-attestation-service.h"
#include "cas-account-service.h"
#include "cas-audit-private.h"
#include "cas-database-private.h"
#include "cas-demo.h"
#include "cas-session-service.h"
#include "cas-util.h"
#include "cas-validate.h"

typedef enum
{
  REGION_FLANDERS,
  REGION_WALLONIA,
  REGION_BRUSSELS,
  REGION_EAST_CANTONS,
  N_REGIONS
} Region;

typedef struct
{
  const char *postcode;
  const char *city;
} Place;

typedef struct
{
  const char *name;
  const char *street;
  const char *postcode;
  const char *city;
  Region      region;
  const char *language;
  const char *room_prefix;
} Centre;

static const Centre centres[] = {
  { "Assurcentre Bruxelles", "Rue Royale 35", "1000", "Bruxelles", REGION_BRUSSELS, "fr", "Salle" },
  { "Opleidingscentrum Antwerpen", "Frankrijklei 112", "2018", "Antwerpen",
    REGION_FLANDERS, "nl", "Lokaal" },
  { "Examencentrum Gent", "Kortrijksesteenweg 1044", "9000", "Gent",
    REGION_FLANDERS, "nl", "Lokaal" },
  { "Opleidingen Hasselt", "Kempische Steenweg 293", "3500", "Hasselt",
    REGION_FLANDERS, "nl", "Zaal" },
  { "Centre de formation Liège", "Boulevard d'Avroy 38", "4000", "Liège",
    REGION_WALLONIA, "fr", "Salle" },
  { "Centre d'examens Namur", "Avenue de Stassart 12", "5000", "Namur",
    REGION_WALLONIA, "fr", "Local" },
  { "Prüfungszentrum Eupen", "Aachener Straße 76", "4700", "Eupen",
    REGION_EAST_CANTONS, "de", "Raum" },
};

static const Place places[N_REGIONS][12] = {
  [REGION_FLANDERS] = {
    { "2000", "Antwerpen" }, { "2018", "Antwerpen" }, { "2800", "Mechelen" }, { "3000", "Leuven" },
    { "3500", "Hasselt" }, { "3600", "Genk" }, { "8000", "Brugge" }, { "8500", "Kortrijk" },
    { "8400", "Oostende" }, { "9000", "Gent" }, { "9300", "Aalst" }, { "2300", "Turnhout" },
  },
  [REGION_WALLONIA] = {
    { "1300", "Wavre" }, { "1348", "Louvain-la-Neuve" }, { "1400", "Nivelles" },
    { "4000", "Liège" }, { "4100", "Seraing" }, { "4800", "Verviers" },
    { "5000", "Namur" }, { "6000", "Charleroi" }, { "6700", "Arlon" },
    { "7000", "Mons" }, { "7500", "Tournai" }, { "4500", "Huy" },
  },
  [REGION_BRUSSELS] = {
    { "1000", "Bruxelles" }, { "1030", "Schaerbeek" }, { "1040", "Etterbeek" },
    { "1050", "Ixelles" }, { "1060", "Saint-Gilles" }, { "1070", "Anderlecht" },
    { "1080", "Molenbeek-Saint-Jean" }, { "1150", "Woluwe-Saint-Pierre" }, { "1180", "Uccle" },
    { "1200", "Woluwe-Saint-Lambert" }, { "1190", "Forest" }, { "1090", "Jette" },
  },
  [REGION_EAST_CANTONS] = {
    { "4700", "Eupen" }, { "4701", "Kettenis" }, { "4710", "Lontzen" }, { "4720", "Kelmis" },
    { "4730", "Raeren" }, { "4750", "Bütgenbach" }, { "4760", "Büllingen" }, { "4770", "Amel" },
    { "4780", "Sankt Vith" }, { "4790", "Burg-Reuland" }, { "4721", "Neu-Moresnet" },
    { "4731", "Eynatten" },
  },
};

static const char * const streets_nl[] = {
  "Stationsstraat", "Kerkstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat", "Schoolstraat",
  "Beekstraat", "Kapelstraat", "Lindenlaan", "Leuvensesteenweg", "Veldstraat", "Grote Markt",
};
static const char * const streets_fr[] = {
  "Rue de la Station", "Rue du Moulin", "Rue de l'Église", "Avenue Louise", "Chaussée de Waterloo",
  "Rue Haute", "Place Saint-Lambert", "Rue des Écoles", "Avenue des Tilleuls", "Rue du Centre",
  "Rue de Namur", "Boulevard Tirou",
};
static const char * const streets_de[] = {
  "Hauptstraße", "Kirchstraße", "Bahnhofstraße", "Aachener Straße", "Schulstraße", "Klosterstraße",
};

static const char * const male_nl[] = {
  "Jan", "Pieter", "Lucas", "Thomas", "Wout", "Bram", "Koen", "Dirk", "Stijn", "Tom", "Bart",
  "Jeroen", "Maarten", "Niels", "Sander", "Joris", "Geert", "Hendrik", "Wim", "Kris", "Arne",
  "Jonas", "Ruben", "Seppe", "Lars", "Mathias", "Kevin", "Yannick", "Filip", "Luc",
};
static const char * const female_nl[] = {
  "An", "Els", "Sofie", "Lotte", "Eline", "Femke", "Marie", "Lien", "Katrien", "Inge", "Griet",
  "Hilde", "Nathalie", "Sarah", "Lies", "Evy", "Joke", "Leen", "Annelies", "Jolien", "Charlotte",
  "Emma", "Nele", "Tine", "Veerle",
};
static const char * const male_fr[] = {
  "Jean", "Pierre", "Michel", "Philippe", "Luc", "Marc", "Olivier", "Nicolas", "Julien", "Benoît",
  "François", "Laurent", "Christophe", "Sébastien", "Thierry", "Didier", "Frédéric", "Jérôme",
  "Maxime", "Antoine", "Jean-Pierre", "Jean-Marc", "Jean-François", "Grégory", "Cédric", "Hugo",
  "Louis", "Arnaud", "Damien", "Quentin",
};
static const char * const female_fr[] = {
  "Marie", "Anne", "Isabelle", "Catherine", "Nathalie", "Sophie", "Julie", "Céline", "Valérie",
  "Sandrine", "Christine", "Véronique", "Aurélie", "Émilie", "Hélène", "Stéphanie", "Chloé",
  "Camille", "Laura", "Manon", "Marie-Claire", "Anne-Sophie", "Géraldine", "Françoise", "Delphine",
};
static const char * const male_de[] = {
  "Jürgen", "Klaus", "Stefan", "Andreas", "Thomas", "Michael", "Jörg", "Günther", "Bernd", "Lukas",
};
static const char * const female_de[] = {
  "Sabine", "Petra", "Monika", "Anja", "Ursula", "Birgit", "Katharina", "Lea", "Julia", "Miriam",
};
static const char * const male_other[] = {
  "Mohamed", "Youssef", "Mehmet", "Karim", "Rachid", "Emre", "Ahmed", "Bilal", "Ibrahim", "Omar",
};
static const char * const female_other[] = {
  "Fatima", "Ayşe", "Nadia", "Samira", "Yasmine", "Elif", "Amina", "Leila", "Zeynep", "Salma",
};
static const char * const last_nl[] = {
  "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
  "De Smet", "Vermeulen", "Van den Broeck", "Van Damme", "De Vos", "Hermans", "Aerts", "Pauwels",
  "Van de Velde", "Verhoeven", "De Clercq", "Verstraete", "Lambrechts", "Michiels", "Smets",
  "Van Dyck", "Coppens", "De Backer", "Vandenberghe", "Van Acker", "Vervoort", "D'Hondt",
  "Van Hoof", "Stevens", "Segers", "Cools", "Baert", "Verlinden", "De Wilde", "Declercq", "Martens",
};
static const char * const last_fr[] = {
  "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Lejeune", "Renard",
  "Lefèvre", "Lemaire", "François", "Gérard", "Mathieu", "Denis", "Collard", "Fontaine", "Dumont",
  "Hubert", "Jacquet", "Michel", "Marchal", "Delvaux", "Legrand", "Henrard", "Dupuis", "Noël",
  "Gilson", "Bertrand", "Leroy", "Herman", "Wauters", "Thiry", "Servais", "Detry", "Piron",
  "Dethier", "Lecomte", "Masson", "Charlier",
};
static const char * const last_de[] = {
  "Schmitz", "Müller", "Schröder", "Meyer", "Kessler", "Lenz", "Heinen", "Cremer", "Mertes",
  "Jost", "Hennes", "Fickers", "Brüls", "Kohnen", "Lentz",
};
static const char * const last_other[] = {
  "El Amrani", "Benali", "Yılmaz", "Öztürk", "Bouzid", "Haddad", "Kaya", "Aydın", "Chaouki",
  "Mansouri", "El Idrissi", "Demir",
};
static const char * const mail_domains[] = {
  "gmail.com", "skynet.be", "telenet.be", "hotmail.com", "proximus.be", "outlook.be", "yahoo.fr",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

void
cas_demo_account_free (CasDemoAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->login);
  g_free (account->role);
  g_free (account->centre);
  g_free (account->description);
  g_free (account);
}

/* A person as the generator builds it, before it becomes a row */
typedef struct
{
  gint64      id;
  char       *external_ref;
  char       *first_name;
  char       *last_name;
  char       *birth_date;
  char        sex;
  char       *nrn;
  char       *email;
  char       *phone;
  const char *language;
  char       *street;
  const char *postcode;
  const char *city;
  guint       centre;
} DemoPerson;

static void
demo_person_free (DemoPerson *person)
{
  g_free (person->external_ref);
  g_free (person->first_name);
  g_free (person->last_name);
  g_free (person->birth_date);
  g_free (person->nrn);
  g_free (person->email);
  g_free (person->phone);
  g_free (person->street);
  g_free (person);
}

typedef struct
{
  gint64      id;
  guint       centre;
  guint       exam;
  char       *starts_at;
  gboolean    past;
  gboolean    cancelled;
  int         capacity;
  int         taken;
} DemoSession;

static void
demo_session_free (DemoSession *session)
{
  g_free (session->starts_at);
  g_free (session);
}

typedef struct
{
  CasDatabase     *db;
  /* The demo is written by the local maintenance actor */
  CasAccount      *local;
  GRand           *rand;
  GPtrArray       *persons;     /* DemoPerson */
  GPtrArray       *sessions;    /* DemoSession */
  gint64           centre_ids[G_N_ELEMENTS (centres)];
  gint64           exam_ids[4];
  char            *exam_parts[4][5];
  CasBulkInsert   *registrations;
  GHashTable      *registered;  /* "person:session" */
  GPtrArray       *by_centre[G_N_ELEMENTS (centres)][2];  /* DemoSession, [centre][past] */
  GDateTime       *today;
  char            *now;
  guint            n_registrations;
  CasProgressFunc  progress;
  gpointer         progress_data;
} Demo;

/* The NRN for a birth date, sex and serial: YYMMDD SSS CC, the check digit
 * counted from 2000000000 + n for people born from 2000 on. */
static char *
make_nrn (const char *birth_date,
          char        sex,
          guint       serial)
{
  int year, month, day;
  guint64 n;
  guint check;

  if (sscanf (birth_date, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;

  /* Odd serials are men, even ones women */
  serial = 1 + (serial % 498) * 2;
  if (sex == 'F')
    serial++;

  n = (guint64) (year % 100) * 10000000 + (guint64) month * 100000 + (guint64) day * 1000 + serial;
  if (year >= 2000)
    n += 2000000000;
  check = 97 - (guint) (n % 97);

  return g_strdup_printf ("%02d%02d%02d%03u%02u", year % 100, month, day, serial, check);
}

/* "jean-pierre.dupont", ASCII lower case for an address */
static char *
mail_local_part (const char *first,
                 const char *last)
{
  g_autofree char *text = g_strdup_printf ("%s.%s", first, last);
  g_autofree char *folded = cas_normalize_search (text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p) || *p == '.' || *p == '-')
      g_string_append_c (out, *p);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static DemoPerson *
random_person (Demo   *demo,
               guint   index)
{
  DemoPerson *person = g_new0 (DemoPerson, 1);
  GRand *rand = demo->rand;
  double r = g_rand_double (rand);
  Region region;
  gboolean other = g_rand_double (rand) < 0.08;
  g_autofree char *local = NULL;
  int year, month, day;
  const Place *place;

  region = r < 0.55 ? REGION_FLANDERS
         : r < 0.85 ? REGION_WALLONIA
         : r < 0.97 ? REGION_BRUSSELS
         : REGION_EAST_CANTONS;
  person->sex = g_rand_boolean (rand) ? 'M' : 'F';

  if (other)
    {
      person->first_name = g_strdup (person->sex == 'M' ? PICK (rand, male_other)
                                                        : PICK (rand, female_other));
      person->last_name = g_strdup (PICK (rand, last_other));
    }
  else if (region == REGION_FLANDERS)
    {
      person->first_name = g_strdup (person->sex == 'M' ? PICK (rand, male_nl)
                                                        : PICK (rand, female_nl));
      person->last_name = g_strdup (PICK (rand, last_nl));
    }
  else if (region == REGION_EAST_CANTONS)
    {
      person->first_name = g_strdup (person->sex == 'M' ? PICK (rand, male_de)
                                                        : PICK (rand, female_de));
      person->last_name = g_strdup (PICK (rand, last_de));
    }
  else
    {
      /* Brussels: mostly French names, a quarter Dutch ones */
      gboolean dutch = region == REGION_BRUSSELS && g_rand_double (rand) < 0.25;
      person->first_name = g_strdup (person->sex == 'M'
                                     ? (dutch ? PICK (rand, male_nl) : PICK (rand, male_fr))
                                     : (dutch ? PICK (rand, female_nl) : PICK (rand, female_fr)));
      person->last_name = g_strdup (dutch ? PICK (rand, last_nl) : PICK (rand, last_fr));
    }

  year = g_rand_int_range (rand, 1960, 2005);
  month = g_rand_int_range (rand, 1, 13);
  day = g_rand_int_range (rand, 1, g_date_get_days_in_month (month, year) + 1);
  person->birth_date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  /* One in ten records came without a national number */
  if (g_rand_double (rand) >= 0.10)
    person->nrn = make_nrn (person->birth_date, person->sex, g_rand_int (rand));

  local = mail_local_part (person->first_name, person->last_name);
  person->email = g_strdup_printf ("%s%s@%s", local,
                                   g_rand_double (rand) < 0.3 ? "" : "",
                                   PICK (rand, mail_domains));
  if (g_rand_double (rand) < 0.4)
    {
      g_free (person->email);
      person->email = g_strdup_printf ("%s%u@%s", local, index % 97, PICK (rand, mail_domains));
    }

  if (g_rand_double (rand) >= 0.05)
    person->phone = g_strdup_printf ("+324%d%06d", g_rand_int_range (rand, 70, 100),
                                     g_rand_int_range (rand, 0, 1000000));

  place = &places[region][g_rand_int_range (rand, 0, 12)];
  person->postcode = place->postcode;
  person->city = place->city;
  if (region == REGION_FLANDERS)
    person->street = g_strdup_printf ("%s %d",
                                      PICK (rand, streets_nl),
                                      g_rand_int_range (rand, 1, 240));
  else if (region == REGION_EAST_CANTONS)
    person->street = g_strdup_printf ("%s %d",
                                      PICK (rand, streets_de),
                                      g_rand_int_range (rand, 1, 120));
  else
    person->street = g_strdup_printf ("%s %d",
                                      PICK (rand, streets_fr),
                                      g_rand_int_range (rand, 1, 240));

  person->language = cas_language_for_postcode (person->postcode);
  if (region == REGION_BRUSSELS && g_rand_double (rand) < 0.2)
    person->language = "nl";
  if (g_rand_double (rand) < 0.02)
    person->language = "en";

  /* The centre of their region, and for Flanders one of three */
  switch (region)
    {
    case REGION_BRUSSELS:     person->centre = 0; break;
    case REGION_FLANDERS:     person->centre = 1 + g_rand_int_range (rand, 0, 3); break;
    case REGION_WALLONIA:     person->centre = 4 + g_rand_int_range (rand, 0, 2); break;
    case REGION_EAST_CANTONS: person->centre = 6; break;
    case N_REGIONS:
    default:                  g_assert_not_reached ();
    }

  person->external_ref = g_strdup_printf ("LEG-%06u", index + 1);

  return person;
}

/* A person written out by hand, for the demo accounts and the duplicate
 * scenarios */
static DemoPerson *
add_named (Demo       *demo,
           const char *first,
           const char *last,
           const char *birth_date,
           char        sex,
           gboolean    with_nrn,
           const char *email,
           const char *phone,
           const char *street,
           const char *postcode,
           const char *city,
           guint       centre)
{
  DemoPerson *person = g_new0 (DemoPerson, 1);

  person->first_name = g_strdup (first);
  person->last_name = g_strdup (last);
  person->birth_date = g_strdup (birth_date);
  person->sex = sex;
  if (with_nrn)
    person->nrn = make_nrn (birth_date, sex, 100 + demo->persons->len);
  person->email = g_strdup (email);
  person->phone = g_strdup (phone);
  person->street = g_strdup (street);
  person->postcode = postcode;
  person->city = city;
  person->language = cas_language_for_postcode (postcode);
  person->centre = centre;
  person->external_ref = g_strdup_printf ("CAS-%05u", demo->persons->len + 1);
  g_ptr_array_add (demo->persons, person);

  return person;
}

static DemoPerson *
add_copy (Demo             *demo,
          const DemoPerson *of)
{
  DemoPerson *person = add_named (demo, of->first_name, of->last_name, of->birth_date, of->sex,
                                  FALSE, of->email, of->phone, of->street, of->postcode, of->city,
                                  of->centre);

  person->language = of->language;
  person->nrn = g_strdup (of->nrn);

  return person;
}

static void
report (Demo       *demo,
        guint64     done,
        guint64     total)
{
  if (demo->progress != NULL)
    demo->progress (done, total, demo->progress_data);
}

static gboolean
insert_centres (Demo    *demo,
                GError **error)
{
  g_autofree char *now = cas_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (centres); i++)
    {
      g_autofree char *number = g_strdup_printf ("0%03u.%03u.%03u",
                                                 400 + i * 37,
                                                 100 + i * 111 % 900,
                                                 200 + i * 53);

      if (!_cas_database_exec (demo->db, NULL, error,
                               "INSERT INTO company (name, enterprise_number, is_exam_centre, "
                               "street, postcode, city, created_at) "
                               "VALUES (##name::string, ##number::string, 1, ##street::string, "
                               "##postcode::string, ##city::string, ##now::string)",
                               "name", centres[i].name,
                               "number", number,
                               "street", centres[i].street,
                               "postcode", centres[i].postcode,
                               "city", centres[i].city,
                               "now", now,
                               NULL))
        return FALSE;
      demo->centre_ids[i] = _cas_database_last_insert_id (demo->db, error);
      if (demo->centre_ids[i] == 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_exams (Demo    *demo,
            GError **error)
{
  g_autoptr(GdaDataModel) model = NULL;

  model = _cas_database_query (demo->db, error,
                               "SELECT id, code, title_fr, title_nl, title_de, title_en FROM exam "
                               "WHERE code IN ('INS-1', 'INS-2', 'INS-3', 'INS-4') ORDER BY code",
                               NULL);
  if (model == NULL)
    return FALSE;
  if (gda_data_model_get_n_rows (model) != 4)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                   _("The four FSMA exam modules are missing from the database"));
      return FALSE;
    }

  for (int row = 0; row < 4; row++)
    {
      demo->exam_ids[row] = _cas_model_get_int64 (model, 0, row);
      for (int col = 0; col < 5; col++)
        demo->exam_parts[row][col] = _cas_model_dup_string (model, col + 1, row);
    }

  return TRUE;
}

static gboolean
make_sessions (Demo    *demo,
               guint    n_sessions,
               GError **error)
{
  static const char * const columns[] = {
    "id", "exam_id", "company_id", "starts_at", "duration_minutes", "location", "room",
    "capacity", "language", "status", "search_text", "created_at",
  };
  static const CasBulkType types[] = {
    CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT,
    CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  g_autoptr(CasBulkInsert) bulk = NULL;
  const int first_day = -365;
  const int n_days = 365 + 90;
  gint64 first_id;

  if (!_cas_database_reserve_ids (demo->db, "exam_session", n_sessions, &first_id, error))
    return FALSE;

  bulk = _cas_bulk_insert_new (demo->db, "exam_session", columns, types, G_N_ELEMENTS (columns));

  for (guint i = 0; i < n_sessions; i++)
    {
      DemoSession *session = g_new0 (DemoSession, 1);
      const Centre *centre;
      g_autoptr(GDateTime) day = NULL;
      g_autofree char *id = NULL;
      g_autofree char *exam_id = NULL;
      g_autofree char *company_id = NULL;
      g_autofree char *capacity = NULL;
      g_autofree char *room = NULL;
      g_autofree char *location = NULL;
      g_autofree char *search = NULL;
      const char *language;
      double r = g_rand_double (demo->rand);
      int offset;
      const char *parts[8];

      session->id = first_id + i;
      /* Spread evenly over the days, centres in turn, weekdays only */
      offset = first_day + (int) ((gint64) i * n_days / n_sessions);
      day = g_date_time_add_days (demo->today, offset);
      while (g_date_time_get_day_of_week (day) > 5)
        {
          GDateTime *next = g_date_time_add_days (day, 1);
          g_date_time_unref (day);
          day = next;
          offset++;
        }
      session->centre = i % G_N_ELEMENTS (centres);
      session->exam = r < 0.4 ? 0 : r < 0.65 ? 1 : r < 0.85 ? 2 : 3;
      session->starts_at = g_strdup_printf ("%04d-%02d-%02dT%s", g_date_time_get_year (day),
                                            g_date_time_get_month (day),
                                            g_date_time_get_day_of_month (day),
                                            (i / G_N_ELEMENTS (centres)) % 2 ? "13:30" : "09:00");
      session->past = offset < 0 || (offset == 0 && g_strcmp0 (session->starts_at, demo->now) < 0);
      session->cancelled = g_rand_double (demo->rand) < 0.02;
      session->capacity = 12 + 4 * g_rand_int_range (demo->rand, 0, 4);
      g_ptr_array_add (demo->sessions, session);
      g_ptr_array_add (demo->by_centre[session->centre][session->past ? 1 : 0], session);

      centre = &centres[session->centre];
      language = centre->language;
      /* Brussels holds sessions in both languages */
      if (centre->region == REGION_BRUSSELS && i % 3 == 0)
        language = "nl";
      room = g_strdup_printf ("%s %d", centre->room_prefix, 1 + (int) (i % 4));
      location = g_strdup_printf ("%s, %s %s", centre->street, centre->postcode, centre->city);

      for (guint j = 0; j < 5; j++)
        parts[j] = demo->exam_parts[session->exam][j];
      parts[5] = centre->name;
      parts[6] = location;
      parts[7] = room;
      search = _cas_session_search_text (parts, G_N_ELEMENTS (parts));

      id = g_strdup_printf ("%" PRId64, session->id);
      exam_id = g_strdup_printf ("%" PRId64, demo->exam_ids[session->exam]);
      company_id = g_strdup_printf ("%" PRId64, demo->centre_ids[session->centre]);
      capacity = g_strdup_printf ("%d", session->capacity);

      {
        const char *values[] = {
          id, exam_id, company_id, session->starts_at, "90", location, room, capacity, language,
          session->cancelled ? "cancelled" : session->past ? "closed" : "planned", search,
          demo->now,
        };
        if (!_cas_bulk_insert_add (bulk, values, error))
          return FALSE;
      }
    }

  return _cas_bulk_insert_finish (bulk, error);
}

static gboolean
insert_persons (Demo    *demo,
                GError **error)
{
  static const char * const columns[] = {
    "id", "external_ref", "first_name", "last_name", "birth_date", "sex", "nrn", "email", "phone",
    "language", "street", "postcode", "city", "company_id", "created_at", "updated_at",
  };
  static const CasBulkType types[] = {
    CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
    CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT, CAS_BULK_TEXT,
    CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  g_autoptr(CasBulkInsert) bulk = NULL;
  gint64 first_id;

  if (!_cas_database_reserve_ids (demo->db, "person", demo->persons->len, &first_id, error))
    return FALSE;

  bulk = _cas_bulk_insert_new (demo->db, "person", columns, types, G_N_ELEMENTS (columns));

  for (guint i = 0; i < demo->persons->len; i++)
    {
      DemoPerson *person = g_ptr_array_index (demo->persons, i);
      g_autofree char *id = NULL;
      g_autofree char *company = NULL;
      char sex[2] = { person->sex, '\0' };

      person->id = first_id + i;
      id = g_strdup_printf ("%" PRId64, person->id);
      company = g_strdup_printf ("%" PRId64, demo->centre_ids[person->centre]);

      {
        const char *values[] = {
          id, person->external_ref, person->first_name, person->last_name, person->birth_date,
          sex, person->nrn, person->email, person->phone, person->language, person->street,
          person->postcode, person->city, company, demo->now, demo->now,
        };
        if (!_cas_bulk_insert_add (bulk, values, error))
          return FALSE;
      }

      if ((i & 0x3fff) == 0)
        report (demo, i, demo->persons->len);
    }

  return _cas_bulk_insert_finish (bulk, error);
}

/* Registers @person in a session of their centre, past or coming, with a
 * result for past ones; @want_status forces the outcome. */
static DemoSession *
register_person (Demo        *demo,
                 DemoPerson  *person,
                 gboolean     past,
                 int          exam,
                 const char  *want_status,
                 GError     **error)
{
  GPtrArray *candidates = demo->by_centre[person->centre][past ? 1 : 0];
  guint n = candidates->len;
  guint start;

  if (n == 0)
    return NULL;

  /* From a random session of their centre on, so that seats fill evenly */
  start = g_rand_int_range (demo->rand, 0, n);
  for (guint k = 0; k < n; k++)
    {
      DemoSession *session = g_ptr_array_index (candidates, (start + k) % n);
      g_autofree char *key = NULL;
      g_autofree char *person_id = NULL;
      g_autofree char *session_id = NULL;
      g_autofree char *score_text = NULL;
      const char *status = "registered";
      int score = -1;
      double r;

      if (session->cancelled || session->taken >= session->capacity ||
          (exam >= 0 && (int) session->exam != exam))
        continue;

      key = g_strdup_printf ("%" PRId64 ":%" PRId64, person->id, session->id);
      if (g_hash_table_contains (demo->registered, key))
        continue;

      if (past)
        {
          r = g_rand_double (demo->rand);
          if (want_status != NULL)
            status = want_status;
          else
            status = r < 0.07 ? "absent" : r < 0.32 ? "failed" : "passed";

          if (g_str_equal (status, "passed"))
            score = g_rand_int_range (demo->rand, 50, 96);
          else if (g_str_equal (status, "failed"))
            score = g_rand_int_range (demo->rand, 18, 50);
        }

      person_id = g_strdup_printf ("%" PRId64, person->id);
      session_id = g_strdup_printf ("%" PRId64, session->id);
      if (score >= 0)
        score_text = g_strdup_printf ("%d", score);

      {
        const char *values[] = {
          person_id, session_id, status, score_text, demo->now, past ? session->starts_at : NULL,
        };
        if (!_cas_bulk_insert_add (demo->registrations, values, error))
          return NULL;
      }

      session->taken++;
      demo->n_registrations++;
      g_hash_table_add (demo->registered, g_steal_pointer (&key));

      return session;
    }

  return NULL;
}

static gboolean
insert_staff (Demo         *demo,
              DemoPerson  **admins,
              DemoPerson  **controllers,
              GError      **error)
{
  static const char * const columns[] = { "session_id", "person_id", "role" };
  static const CasBulkType types[] = { CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_TEXT };
  g_autoptr(CasBulkInsert) bulk = NULL;

  bulk = _cas_bulk_insert_new (demo->db, "session_staff", columns, types, G_N_ELEMENTS (columns));

  for (guint i = 0; i < demo->sessions->len; i++)
    {
      DemoSession *session = g_ptr_array_index (demo->sessions, i);
      g_autofree char *session_id = g_strdup_printf ("%" PRId64, session->id);
      g_autofree char *admin_id =
        g_strdup_printf ("%" PRId64, admins[session->centre]->id);
      g_autofree char *controller_id =
        g_strdup_printf ("%" PRId64, controllers[session->centre]->id);
      const char *admin_row[] = { session_id, admin_id, "admin" };
      const char *controller_row[] = { session_id, controller_id, "controller" };

      if (!_cas_bulk_insert_add (bulk, admin_row, error) ||
          !_cas_bulk_insert_add (bulk, controller_row, error))
        return FALSE;
    }

  return _cas_bulk_insert_finish (bulk, error);
}

typedef struct
{
  const char *login;
  DemoPerson *person;
  CasRole     role;
  guint       centre;
} AccountSpec;

static gboolean
create_accounts (Demo              *demo,
                 const AccountSpec *specs,
                 guint              n_specs,
                 GPtrArray         *listed,
                 GError           **error)
{
  g_autoptr(CasAccountService) accounts = cas_account_service_new (demo->db);
  g_autofree char *hash = cas_password_hash (CAS_DEMO_PASSWORD, error);

  if (hash == NULL)
    return FALSE;

  for (guint i = 0; i < n_specs; i++)
    {
      const AccountSpec *spec = &specs[i];
      gint64 id;

      id = cas_account_service_create_with_hash (accounts, demo->local, spec->login,
                                                 CAS_DEMO_PASSWORD, hash,
                                                 spec->person ? spec->person->id : 0, error);
      if (id == 0)
        return FALSE;

      if (spec->role != CAS_ROLE_NONE && spec->role != CAS_ROLE_CANDIDATE &&
          !cas_account_service_grant (accounts, demo->local, id, spec->role,
                                      spec->role == CAS_ROLE_ADMIN
                                        ? demo->centre_ids[spec->centre] : 0,
                                      error))
        return FALSE;

      if (listed != NULL)
        {
          CasDemoAccount *account = g_new0 (CasDemoAccount, 1);

          account->login = g_strdup (spec->login);
          account->role = g_strdup (cas_role_to_string (spec->role));
          if (spec->role == CAS_ROLE_ADMIN || spec->role == CAS_ROLE_CONTROLLER)
            account->centre = g_strdup (centres[spec->centre].name);
          g_ptr_array_add (listed, account);
        }
    }

  return TRUE;
}

static char *
accounts_to_json (GPtrArray *accounts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      CasDemoAccount *account = g_ptr_array_index (accounts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, account->login);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, account->role);
      if (account->centre != NULL)
        {
          json_builder_set_member_name (builder, "centre");
          json_builder_add_string_value (builder, account->centre);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
seed (Demo                  *demo,
      const CasDemoOptions  *options,
      GError               **error)
{
  static const char * const registration_columns[] = {
    "person_id", "session_id", "status", "score", "registered_at", "result_at",
  };
  static const CasBulkType registration_types[] = {
    CAS_BULK_INT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_INT, CAS_BULK_TEXT, CAS_BULK_TEXT,
  };
  g_autoptr(GPtrArray) listed =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_demo_account_free);
  g_autofree char *accounts_json = NULL;
  DemoPerson *admins[G_N_ELEMENTS (centres)];
  DemoPerson *controllers[G_N_ELEMENTS (centres)];
  DemoPerson *op1, *op2, *admin, *controller, *candidate;
  DemoPerson *sophie, *sophie_work;
  DemoPerson *a, *b;
  guint n_persons = options->n_persons;
  guint n_sessions;
  gint64 existing = 0;

  if (!_cas_database_query_int64 (demo->db, &existing, NULL, error,
                                  "SELECT COUNT(*) FROM person", NULL))
    return FALSE;
  if (existing > 0)
    {
      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                   _("The database already holds %" PRId64 " persons; the demo data goes "
                     "into a new, empty database"), existing);
      return FALSE;
    }

  if (!insert_centres (demo, error) || !load_exams (demo, error))
    return FALSE;

  /* Sessions: about one per centre and weekday, more when there are many
   * candidates to seat */
  n_sessions = MAX (700, n_persons / 8);
  if (!make_sessions (demo, n_sessions, error))
    return FALSE;

  /* The people the demo accounts belong to */
  op1 = add_named (demo, "Claire", "Vandamme", "1979-03-14", 'F', TRUE,
                   "claire.vandamme@certassur.be", "+3225551201", "Rue du Commerce 12", "1000",
                   "Bruxelles", 0);
  op2 = add_named (demo, "Pieter", "De Smedt", "1984-11-02", 'M', TRUE,
                   "pieter.desmedt@certassur.be", "+3225551202", "Kerkstraat 8", "1800",
                   "Vilvoorde", 0);
  admin = add_named (demo, "Marie", "Dubois", "1982-06-21", 'F', TRUE,
                     "marie.dubois@assurcentre.be", "+32475112233", "Avenue Louise 221", "1050",
                     "Ixelles", 0);
  controller = add_named (demo, "Koen", "Peeters", "1975-09-08", 'M', TRUE,
                          "koen.peeters@assurcentre.be", "+32486223344", "Molenstraat 17", "1090",
                          "Jette", 0);
  candidate = add_named (demo, "Lotte", "Janssens", "1996-02-29", 'F', TRUE,
                         "lotte.janssens@telenet.be", "+32471556677", "Dorpsstraat 4", "1000",
                         "Bruxelles", 0);
  admins[0] = admin;
  controllers[0] = controller;
  for (guint c = 1; c < G_N_ELEMENTS (centres); c++)
    {
      DemoPerson *p = random_person (demo, demo->persons->len);

      p->centre = c;
      g_ptr_array_add (demo->persons, p);
      admins[c] = p;
      p = random_person (demo, demo->persons->len);
      p->centre = c;
      g_ptr_array_add (demo->persons, p);
      controllers[c] = p;
    }

  /* Duplicate scenarios, each a person recorded twice or more */
  /* 1. The same person with a private and a work e-mail, two logins */
  sophie = add_named (demo, "Sophie", "Lambert", "1990-05-17", 'F', TRUE,
                      "sophie.lambert@gmail.com", "+32478901234", "Rue de la Station 14", "5000",
                      "Namur", 5);
  sophie_work = add_copy (demo, sophie);
  g_free (sophie_work->email);
  sophie_work->email = g_strdup ("s.lambert@courtage-namur.be");
  /* 2. A typo in the last name, one record without NRN */
  a = add_named (demo, "Wout", "Vermeulen", "1987-12-03", 'M', TRUE, "wout.vermeulen@telenet.be",
                 "+32479112200", "Stationsstraat 22", "9000", "Gent", 2);
  b = add_copy (demo, a);
  g_free (b->last_name);
  b->last_name = g_strdup ("Vermeulem");
  g_clear_pointer (&b->nrn, g_free);
  /* 3. Accents dropped by an old system */
  a = add_named (demo, "Hélène", "Lefèvre", "1993-08-09", 'F', TRUE, "helene.lefevre@skynet.be",
                 "+32472334455", "Rue des Écoles 3", "4000", "Liège", 4);
  b = add_copy (demo, a);
  g_free (b->first_name);
  g_free (b->last_name);
  b->first_name = g_strdup ("Helene");
  b->last_name = g_strdup ("Lefevre");
  g_clear_pointer (&b->nrn, g_free);
  /* 4. First and last name swapped */
  a = add_named (demo, "Marc", "Dubois", "1971-01-26", 'M', TRUE, "marc.dubois@proximus.be",
                 "+32496445566", "Chaussée de Waterloo 560", "1180", "Uccle", 0);
  b = add_copy (demo, a);
  g_free (b->first_name);
  g_free (b->last_name);
  b->first_name = g_strdup ("Dubois");
  b->last_name = g_strdup ("Marc");
  g_free (b->email);
  b->email = g_strdup ("mdubois@hotmail.com");
  /* 5. A particle written two ways, and three records of one person */
  a = add_named (demo, "Jan", "Van den Broeck", "1968-07-30", 'M', TRUE,
                 "jan.vandenbroeck@telenet.be",
                 "+32475667788", "Lindenlaan 9", "2800", "Mechelen", 1);
  b = add_copy (demo, a);
  g_free (b->last_name);
  b->last_name = g_strdup ("Vandenbroeck");
  b = add_copy (demo, a);
  g_free (b->last_name);
  b->last_name = g_strdup ("VAN DEN BROECK");
  g_free (b->email);
  b->email = g_strdup ("j.vdbroeck@makelaardij-mechelen.be");
  /* 6. A married name added */
  a = add_named (demo, "Anne-Sophie", "Dupont", "1985-04-11", 'F', TRUE,
                 "annesophie.dupont@gmail.com",
                 "+32478998877", "Rue Haute 88", "1400", "Nivelles", 5);
  b = add_copy (demo, a);
  g_free (b->last_name);
  b->last_name = g_strdup ("Dupont-Lambert");
  g_free (b->email);
  b->email = g_strdup ("as.dupontlambert@outlook.be");
  /* Not duplicates: twins at one address, and a father and son of one name */
  add_named (demo, "Thomas", "Claes", "1999-10-05", 'M', TRUE, "thomas.claes@gmail.com",
             "+32470102030", "Beekstraat 5", "3000", "Leuven", 3);
  add_named (demo, "Lucas", "Claes", "1999-10-05", 'M', TRUE, "lucas.claes@gmail.com",
             "+32470102031", "Beekstraat 5", "3000", "Leuven", 3);
  add_named (demo, "Philippe", "Renard", "1958-03-19", 'M', TRUE, "philippe.renard@skynet.be",
             "+3281223344", "Rue du Moulin 7", "5000", "Namur", 5);
  add_named (demo, "Philippe", "Renard", "1988-12-01", 'M', TRUE, "philippe.renard88@gmail.com",
             "+32477223344", "Rue du Moulin 7", "5000", "Namur", 5);

  while (demo->persons->len < n_persons)
    g_ptr_array_add (demo->persons, random_person (demo, demo->persons->len));

  if (!insert_persons (demo, error))
    return FALSE;

  /* Registrations and results */
  demo->registrations = _cas_bulk_insert_new (demo->db,
                                              "registration",
                                              registration_columns,
                                              registration_types,
                                              G_N_ELEMENTS (registration_columns));

  /* The admin and the controller passed exams themselves: the attestations
   * they could not reach before */
  if (!register_person (demo, admin, TRUE, 0, "passed", error) ||
      !register_person (demo, admin, TRUE, 1, "passed", error) ||
      !register_person (demo, controller, TRUE, 0, "passed", error) ||
      !register_person (demo, controller, TRUE, 2, "failed", error) ||
      !register_person (demo, candidate, TRUE, 0, "passed", error) ||
      !register_person (demo, candidate, FALSE, 1, NULL, error) ||
      !register_person (demo, sophie, TRUE, 0, "passed", error) ||
      !register_person (demo, sophie_work, TRUE, 1, "passed", error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_FAILED,
                     _("No free seat was found for a demo account's exam"));
      goto failed;
    }

  for (guint i = 5; i < demo->persons->len; i++)
    {
      DemoPerson *person = g_ptr_array_index (demo->persons, i);
      double r = g_rand_double (demo->rand);
      guint n_past = r < 0.55 ? 1 : r < 0.85 ? 2 : 3;
      g_autoptr(GError) local_error = NULL;

      for (guint k = 0; k < n_past; k++)
        {
          register_person (demo, person, TRUE, -1, NULL, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto failed;
            }
        }
      if (g_rand_double (demo->rand) < 0.2)
        {
          register_person (demo, person, FALSE, -1, NULL, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto failed;
            }
        }

      if ((i & 0x3fff) == 0)
        report (demo, demo->persons->len + i, demo->persons->len * 2);
    }

  if (!_cas_bulk_insert_finish (demo->registrations, error))
    goto failed;
  g_clear_pointer (&demo->registrations, _cas_bulk_insert_free);

  if (!insert_staff (demo, admins, controllers, error))
    return FALSE;

  {
    const AccountSpec specs[] = {
      { "operator", op1, CAS_ROLE_OPERATOR, 0 },
      { "operator2", op2, CAS_ROLE_OPERATOR, 0 },
      { "admin", admin, CAS_ROLE_ADMIN, 0 },
      { "controller", controller, CAS_ROLE_CONTROLLER, 0 },
      { "candidate", candidate, CAS_ROLE_CANDIDATE, 0 },
    };
    /* The first duplicate pair has a login each: the case from the field */
    const AccountSpec more[] = {
      { "sophie.lambert", sophie, CAS_ROLE_CANDIDATE, 0 },
      { "slambert", sophie_work, CAS_ROLE_CANDIDATE, 0 },
    };

    if (!create_accounts (demo, specs, G_N_ELEMENTS (specs), listed, error) ||
        !create_accounts (demo, more, G_N_ELEMENTS (more), NULL, error))
      return FALSE;
  }

  accounts_json = accounts_to_json (listed);
  if (!_cas_database_exec (demo->db, NULL, error,
                           "INSERT INTO app_meta (key, value) "
                           "VALUES ('demo.accounts', ##v::string)",
                           "v", accounts_json, NULL))
    return FALSE;

  return TRUE;

failed:
  g_clear_pointer (&demo->registrations, _cas_bulk_insert_free);
  return FALSE;
}

gboolean
cas_demo_seed (CasDatabase           *db,
               const CasDemoOptions  *options,
               CasProgressFunc        progress,
               gpointer               progress_data,
               GError               **error)
{
  g_autoptr(CasAttestationService) attestations = NULL;
  g_autofree char *details = NULL;
  g_autofree char *n_text = NULL;
  Demo demo = { 0, };
  guint n_issued = 0;
  gboolean ok;

  g_return_val_if_fail (CAS_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  demo.db = db;
  demo.local = cas_account_new_local (db);
  demo.rand = g_rand_new_with_seed (options->seed);
  demo.persons = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_person_free);
  demo.sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_session_free);
  demo.registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.today = g_date_time_new_now (cas_get_time_zone ());
  for (guint c = 0; c < G_N_ELEMENTS (centres); c++)
    for (guint p = 0; p < 2; p++)
      demo.by_centre[c][p] = g_ptr_array_new ();
  demo.now = cas_now_local ();
  demo.progress = progress;
  demo.progress_data = progress_data;

  /* The passed exams of the demo have their attestations, signed with the
   * database's key */
  attestations = cas_attestation_service_new (db);
  ok = cas_attestation_service_ensure_key (attestations, demo.local, error) &&
       _cas_database_begin (db, error);
  if (ok)
    {
      ok = seed (&demo, options, error) &&
           cas_attestation_service_issue_missing (attestations, demo.local, progress,
                                                  progress_data, NULL, &n_issued, error);
      n_text = g_strdup_printf ("%u", demo.persons->len);
      details = cas_json_object ("persons", n_text, NULL);
      if (ok)
        ok = _cas_audit_record (db, demo.local, "demo.seed", NULL, 0, details, error);
      if (ok)
        ok = _cas_database_commit (db, error);
      else
        _cas_database_rollback (db);
    }

  if (ok)
    report (&demo, 1, 1);

  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 5; j++)
      g_free (demo.exam_parts[i][j]);
  g_rand_free (demo.rand);
  g_object_unref (demo.local);
  g_ptr_array_unref (demo.persons);
  g_ptr_array_unref (demo.sessions);
  g_hash_table_unref (demo.registered);
  for (guint c = 0; c < G_N_ELEMENTS (centres); c++)
    for (guint p = 0; p < 2; p++)
      g_ptr_array_unref (demo.by_centre[c][p]);
  g_date_time_unref (demo.today);
  g_free (demo.now);

  return ok;
}

GPtrArray *
cas_demo_get_accounts (CasDatabase *db)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  GPtrArray *accounts;
  JsonArray *array;
  JsonNode *root;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  text = cas_database_get_meta (db, "demo.accounts");
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_demo_account_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      CasDemoAccount *account;
      const char *label;

      if (object == NULL)
        continue;
      account = g_new0 (CasDemoAccount, 1);
      account->login = g_strdup (json_object_get_string_member_with_default (object, "login", ""));
      account->role = g_strdup (json_object_get_string_member_with_default (object, "role", ""));
      account->centre = g_strdup (json_object_get_string_member_with_default (object, "centre",
                                                                               NULL));
      /* Described when read, so in the language of whoever reads */
      label = cas_role_get_label (cas_role_from_string (account->role));
      if (account->centre != NULL)
        account->description = g_strdup_printf ("%s, %s", label, account->centre);
      else
        account->description = g_strdup (label);
      g_ptr_array_add (accounts, account);
    }

  return accounts;
}
