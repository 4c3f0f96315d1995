/* cas-cli-duplicates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * certassur duplicates [--min-score S] [--format csv|text] [--output FILE]
 * certassur duplicates dismiss REF_A REF_B [--reason TEXT]
 * certassur check-person [--first-name X] [--last-name X] [--birth-date D]
 *                        [--nrn N] [--email E] [--phone P]
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixoutputstream.h>

#include "cas-cli.h"
#include "cas-csv.h"
#include "cas-duplicate-service.h"
#include "cas-person-service.h"
#include "cas-validate.h"

/* "12.5", "likely" or "possible" */
static gboolean
parse_min_score (const char *text,
                 double     *score)
{
  CasDuplicateBand band;
  char *end = NULL;

  if (text == NULL)
    {
      *score = CAS_DUPLICATE_LIKELY_SCORE;
      return TRUE;
    }

  if (cas_duplicate_band_from_key (text, &band))
    {
      *score = band == CAS_DUPLICATE_BAND_LIKELY ? CAS_DUPLICATE_LIKELY_SCORE
             : band == CAS_DUPLICATE_BAND_POSSIBLE ? CAS_DUPLICATE_POSSIBLE_SCORE
             : -1000.0;
      return TRUE;
    }

  *score = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *score > -1000.0 && *score < 1000.0;
}

static void
scan_progress (double   fraction,
               gpointer data)
{
  cas_cli_progress ((guint64) (fraction * 1000), 1000, data);
}

static char *
full_name (const CasDuplicatePerson *person)
{
  return g_strdup_printf ("%s %s", person->first_name ? person->first_name : "",
                          person->last_name ? person->last_name : "");
}

static int
duplicates_list (CasCli  *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasDuplicateService) service = NULL;
  g_autoptr(CasDuplicateScan) scan = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *min_score_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *path = NULL;
  gboolean csv;
  double min_score;
  int status;
  const GOptionEntry entries[] = {
    { "min-score", 0, 0, G_OPTION_ARG_STRING, &min_score_text,
      N_("Only pairs scoring at least S: a number, or “likely” (the default, 12) or "
         "“possible” (6)"), "S" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("“csv” (ref_a,ref_b,score,band,reasons; the default) or “text”"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &path,
      N_("Write to this file instead of the standard output"), "FILE" },
    { NULL }
  };

  context = cas_cli_subcommand_context ("",
                                        _("Look for persons recorded twice in the whole "
                                          "register (an administrator: the pairs with a record "
                                          "of their centres) and print each pair with its score, "
                                          "band and reasons, best first. A reference is the "
                                          "person's external reference, or #ID. Pairs marked "
                                          "“not the same person” are left out.\n\n"
                                          "certassur duplicates dismiss REF_A REF_B [--reason "
                                          "TEXT] marks a pair as not the same person."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("duplicates", _("unexpected argument “%s”"), argv[1]);
  if (!parse_min_score (min_score_text, &min_score))
    return cas_cli_usage_error ("duplicates",
                                _("--min-score takes a number, “likely” or “possible”, not “%s”"),
                                min_score_text);
  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "text"))
    return cas_cli_usage_error ("duplicates", _("--format is “csv” or “text”, not “%s”"), format);
  csv = format == NULL || g_str_equal (format, "csv");

  if (!cas_cli_open (cli, "duplicates", FALSE, CAS_CLI_USER, &status))
    return status;

  if (path != NULL)
    {
      file = g_file_new_for_commandline_arg (path);
      output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                                &error));
      if (output == NULL)
        {
          cas_cli_error (_("cannot write “%s”: %s"), path, error->message);
          return CAS_EXIT_ERROR;
        }
    }
  else
    output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  service = cas_duplicate_service_new (cli->db);
  scan = cas_duplicate_service_scan (service, cli->actor, min_score,
                                     isatty (STDERR_FILENO) ? scan_progress : NULL,
                                     (gpointer) _("Looking for duplicates…"), NULL, &error);
  cas_cli_progress_end ();
  if (scan == NULL)
    {
      if (file != NULL)
        g_file_delete (file, NULL, NULL);
      return cas_cli_fail (error);
    }

  if (csv)
    {
      const char *header[] = { "ref_a", "ref_b", "score", "band", "reasons" };

      cas_csv_append_record (buffer, header, G_N_ELEMENTS (header));
    }

  for (guint i = 0; i < scan->pairs->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (scan->pairs, i);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.1f", p->score);
      if (csv)
        {
          const char *record[] = {
            p->a->ref, p->b->ref, score, cas_duplicate_band_get_key (p->band), p->reasons,
          };
          cas_csv_append_record (buffer, record, G_N_ELEMENTS (record));
        }
      else
        {
          g_autofree char *name_a = full_name (p->a);
          g_autofree char *name_b = full_name (p->b);

          g_string_append_printf (buffer, "%5s  %-8s  %s (%s)  —  %s (%s)\n       %s\n",
                                  score, cas_duplicate_band_get_label (p->band), p->a->ref,
                                  name_a, p->b->ref, name_b, p->reasons);
        }

      if (buffer->len > (1 << 16))
        {
          if (!g_output_stream_write_all (output, buffer->str, buffer->len, NULL, NULL, &error))
            return cas_cli_fail (error);
          g_string_truncate (buffer, 0);
        }
    }

  if (!g_output_stream_write_all (output, buffer->str, buffer->len, NULL, NULL, &error) ||
      !g_output_stream_close (output, NULL, &error))
    return cas_cli_fail (error);

  {
    g_autofree char *groups =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups",
                                    scan->clusters->len),
                       scan->clusters->len);
    g_autofree char *persons =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " person", "%" PRIu64 " persons",
                                    scan->stats.n_records),
                       scan->stats.n_records);

    /* Translators: "12 pairs in 9 groups, among 1000000 persons." */
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u pair in %s, among %s.\n",
                                  "%u pairs in %s, among %s.\n", scan->pairs->len),
             scan->pairs->len, groups, persons);
  }

  return CAS_EXIT_OK;
}

static int
duplicates_dismiss (CasCli  *cli,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasDuplicateService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gint64 a = 0, b = 0;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why they are two persons, kept with the decision"), "TEXT" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("REF_A REF_B"),
                                        _("Record that two persons are not the same person, so "
                                          "that the pair is never proposed again (operators, and "
                                          "the administrators of the centre of either record)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 3)
    return cas_cli_usage_error ("duplicates dismiss", "%s",
                                _("name the two persons: REF_A REF_B (external reference or #ID)"));

  if (!cas_cli_open (cli, "duplicates dismiss", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_duplicate_service_new (cli->db);
  if (!cas_cli_resolve_person (cli, argv[1], &a, &error) ||
      !cas_cli_resolve_person (cli, argv[2], &b, &error))
    return cas_cli_fail (error);
  if (a == b)
    {
      cas_cli_error (_("“%s” and “%s” are one record: name two persons"), argv[1], argv[2]);
      return CAS_EXIT_ERROR;
    }
  if (!cas_duplicate_service_dismiss (service, cli->actor, a, b, reason, &error))
    return cas_cli_fail (error);

  printf (_("%s and %s are recorded as two persons; the pair will not be proposed again.\n"),
          argv[1], argv[2]);

  return CAS_EXIT_OK;
}

int
cas_cli_duplicates (CasCli  *cli,
                    int      argc,
                    char   **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "dismiss"))
    {
      argv[1] = (char *) "duplicates dismiss";
      return duplicates_dismiss (cli, argc - 1, argv + 1);
    }

  return duplicates_list (cli, argc, argv);
}

int
cas_cli_check_person (CasCli  *cli,
                      int      argc,
                      char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasDuplicateService) service = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  CasDuplicateQuery query = { 0, };
  g_autofree char *first = NULL, *last = NULL, *birth = NULL, *nrn = NULL;
  g_autofree char *email = NULL, *phone = NULL;
  g_autofree char *birth_iso = NULL;
  int max_results = 5;
  int status;
  const GOptionEntry entries[] = {
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first, N_("First name"), "X" },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last, N_("Last name"), "X" },
    { "birth-date", 0, 0, G_OPTION_ARG_STRING, &birth,
      N_("Birth date, YYYY-MM-DD or DD/MM/YYYY"), "D" },
    { "nrn", 0, 0, G_OPTION_ARG_STRING, &nrn, N_("National register number"), "N" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), "E" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), "P" },
    { "max", 0, 0, G_OPTION_ARG_INT, &max_results,
      N_("At most this many matches (default 5)"), "N" },
    { NULL }
  };

  context = cas_cli_subcommand_context ("",
                                        _("Before creating a person: the existing persons that "
                                          "best match the fields given (any of them), with score, "
                                          "band and reasons, as the window's duplicate warning "
                                          "shows them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("check-person", _("unexpected argument “%s”"), argv[1]);
  if (max_results < 1 || max_results > 100)
    return cas_cli_usage_error ("check-person", _("--max must be between 1 and 100, not %d"),
                                max_results);
  if (first == NULL && last == NULL && birth == NULL && nrn == NULL && email == NULL &&
      phone == NULL)
    return cas_cli_usage_error ("check-person", "%s",
                                _("give at least one field: --first-name, --last-name, "
                                  "--birth-date, --nrn, --email or --phone"));

  /* The live check leaves out a date that does not exist; here it is a
   * mistake to tell */
  if (birth != NULL && !cas_validate_birth_date (birth, FALSE, &birth_iso, &error))
    return cas_cli_fail (error);

  if (!cas_cli_open (cli, "check-person", FALSE, CAS_CLI_USER, &status))
    return status;

  query.first_name = first;
  query.last_name = last;
  query.birth_date = birth_iso;
  query.nrn = nrn;
  query.email = email;
  query.phone = phone;
  service = cas_duplicate_service_new (cli->db);
  matches = cas_duplicate_service_check (service, cli->actor, &query, max_results, &error);
  if (matches == NULL)
    return cas_cli_fail (error);

  if (matches->len == 0)
    {
      printf ("%s\n", _("No existing person matches."));
      return CAS_EXIT_OK;
    }

  cas_cli_print_cell (C_("duplicate", "Score"), 5);
  cas_cli_print_cell (_("Band"), 8);
  cas_cli_print_cell (_("Reference"), 12);
  cas_cli_print_cell (_("Name"), 28);
  cas_cli_print_cell (_("Born"), 10);
  cas_cli_print_cell (_("Centre"), 20);
  printf ("%s\n", _("Reasons"));
  for (guint i = 0; i < matches->len; i++)
    {
      CasDuplicateProposal *p = g_ptr_array_index (matches, i);
      g_autofree char *name = full_name (p->a);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.1f", p->score);
      cas_cli_print_cell (score, 5);
      cas_cli_print_cell (cas_duplicate_band_get_label (p->band), 8);
      cas_cli_print_cell (p->a->ref, 12);
      cas_cli_print_cell (name, 28);
      cas_cli_print_cell (p->a->birth_date, 10);
      cas_cli_print_cell (p->a->centre, 20);
      printf ("%s\n", p->reasons);
    }

  return CAS_EXIT_OK;
}
