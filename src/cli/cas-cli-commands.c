/* cas-cli-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <gio/gunixoutputstream.h>

#include "cas-account-service.h"
#include "cas-attestation-service.h"
#include "cas-cli.h"
#include "cas-demo.h"
#include "cas-person-service.h"
#include "cas-session-service.h"

static GOptionContext *
command_context (const char *parameters,
                 const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}


int
cas_cli_init (CasCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *operator = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator,
      N_("Also create the first operator account, while the database has none (its password "
         "from CERTASSUR_NEW_PASSWORD or a prompt)"), "LOGIN" },
    { NULL }
  };

  context = command_context ("", _("Create the database, or bring the schema of an existing "
                                   "one up to date."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("init", _("unexpected argument “%s”"), argv[1]);

  if (!cas_cli_open (cli, "init", TRUE, CAS_CLI_LOCAL, &status))
    return status;

  printf (_("Database %s is ready (schema version %d).\n"),
          cas_database_get_display_name (cli->db), cas_database_get_schema_version (cli->db));

  /* The key that signs attestations, made with the database */
  {
    g_autoptr(CasAttestationService) attestations = cas_attestation_service_new (cli->db);
    g_autofree char *public_key = NULL;

    if (!cas_attestation_service_ensure_key (attestations, cli->actor, &error))
      {
        cas_cli_error ("%s", error->message);
        return CAS_EXIT_ERROR;
      }
    public_key = cas_attestation_service_dup_public_key (attestations);
    if (g_file_test (cas_attestation_service_get_key_path (attestations), G_FILE_TEST_EXISTS))
      printf (_("Attestations are signed with the key in %s (public key %s).\n"),
              cas_attestation_service_get_key_path (attestations), public_key);
    else
      printf (_("Attestations are signed with the public key %s; this computer has no copy of "
                "its key file (%s): only the desks that issue attestations need one.\n"),
              public_key, cas_attestation_service_get_key_path (attestations));
  }

  if (operator != NULL)
    {
      g_autoptr(CasAccountService) accounts = cas_account_service_new (cli->db);
      g_autofree char *password = cas_cli_read_new_password (operator);

      if (password == NULL)
        return CAS_EXIT_ERROR;
      if (cas_account_service_create_first_operator (accounts, operator, password, &error) == 0)
        {
          cas_cli_error ("%s", error->message);
          return CAS_EXIT_ERROR;
        }
      printf (_("Operator account %s created.\n"), operator);
    }

  return CAS_EXIT_OK;
}

int
cas_cli_seed_demo (CasCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int persons = 2000;
  int seed = 1;
  int status;
  const GOptionEntry entries[] = {
    { "persons", 0, 0, G_OPTION_ARG_INT, &persons, N_("How many persons (default 2000)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Seed of the random data (default 1): the same seed gives the same data"), "S" },
    { NULL }
  };
  CasDemoOptions options = { 0, };

  context = command_context ("", _("Fill a new database with a realistic Belgian demo: exam "
                                   "centres, sessions over the past year and the next three "
                                   "months, persons with results, staff, a few duplicate persons, "
                                   "and the accounts operator, operator2, admin, controller and "
                                   "candidate with the password “demo”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("seed-demo", _("unexpected argument “%s”"), argv[1]);
  if (persons < 100 || persons > 5000000)
    return cas_cli_usage_error ("seed-demo", _("--persons must be between 100 and 5000000, not %d"),
                                persons);

  if (!cas_cli_open (cli, "seed-demo", TRUE, CAS_CLI_LOCAL, &status))
    return status;

  options.n_persons = persons;
  options.seed = (guint32) seed;
  if (!cas_demo_seed (cli->db, &options, cas_cli_progress, (gpointer) _("Creating demo data…"),
                      &error))
    {
      cas_cli_error ("%s", error->message);
      return CAS_EXIT_ERROR;
    }
  cas_cli_progress_end ();

  printf (_("Demo data for %d persons written to %s.\n"), persons,
          cas_database_get_display_name (cli->db));
  printf (_("Demo accounts (password “%s”):\n"), CAS_DEMO_PASSWORD);
  accounts = cas_demo_get_accounts (cli->db);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      CasDemoAccount *account = g_ptr_array_index (accounts, i);
      printf ("  %-12s %s\n", account->login, account->description);
    }

  return CAS_EXIT_OK;
}

int
cas_cli_import_persons (CasCli  *cli,
                        int      argc,
                        char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(CasImportReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileOutputStream) rejects = NULL;
  g_autoptr(GFile) rejects_file = NULL;
  g_autofree char *rejects_path = NULL;
  gboolean skip_invalid = FALSE;
  gboolean legacy = FALSE;
  CasImportFlags flags = CAS_IMPORT_DEFAULT;
  gboolean ok;
  int status;
  const GOptionEntry entries[] = {
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid,
      N_("Import the good rows and write the bad ones to the rejects file"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects_path,
      N_("Where --skip-invalid writes the rejected rows, with a reason column"), "OUT.csv" },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &legacy,
      N_("Keep an NRN whose check digit is wrong, marked unverified"), NULL },
    { NULL }
  };

  context = command_context (_("FILE.csv"),
                             _("Load persons from a UTF-8 CSV file whose header names columns "
                               "among external_ref, first_name, last_name, birth_date, nrn, email, "
                               "phone, street, postcode, city, language (first_name and last_name "
                               "required; birth_date as YYYY-MM-DD). All or nothing: one bad row "
                               "imports nothing, and every bad row is reported with line, column "
                               "and reason."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("import-persons", argc < 2 ? _("name the CSV file to import")
                                                          : _("give one file at a time"));
  if (skip_invalid && rejects_path == NULL)
    return cas_cli_usage_error ("import-persons", _("--skip-invalid needs --rejects OUT.csv"));
  if (!skip_invalid && rejects_path != NULL)
    return cas_cli_usage_error ("import-persons", _("--rejects goes with --skip-invalid"));

  file = g_file_new_for_commandline_arg (argv[1]);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    {
      cas_cli_error (_("cannot read “%s”: %s"), argv[1], error->message);
      return CAS_EXIT_ERROR;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      cas_cli_error (_("“%s” is a folder, not a CSV file"), argv[1]);
      return CAS_EXIT_ERROR;
    }
  input = g_file_read (file, NULL, &error);
  if (input == NULL)
    {
      cas_cli_error (_("cannot read “%s”: %s"), argv[1], error->message);
      return CAS_EXIT_ERROR;
    }

  if (!cas_cli_open (cli, "import-persons", FALSE, CAS_CLI_USER, &status))
    return status;

  if (skip_invalid)
    {
      flags |= CAS_IMPORT_SKIP_INVALID;
      rejects_file = g_file_new_for_commandline_arg (rejects_path);
      rejects = g_file_replace (rejects_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
      if (rejects == NULL)
        {
          cas_cli_error (_("cannot write the rejects file “%s”: %s"), rejects_path, error->message);
          return CAS_EXIT_ERROR;
        }
    }
  if (legacy)
    flags |= CAS_IMPORT_LEGACY;

  persons = cas_person_service_new (cli->db);
  ok = cas_person_service_import_csv (persons, cli->actor, G_INPUT_STREAM (input),
                                      g_file_info_get_size (info), flags,
                                      rejects ? G_OUTPUT_STREAM (rejects) : NULL,
                                      g_file_info_get_size (info) > (1 << 20)
                                        ? cas_cli_progress : NULL,
                                      (gpointer) _("Importing…"), NULL, &report, &error);
  cas_cli_progress_end ();

  if (report != NULL)
    {
      for (guint i = 0; i < report->problems->len; i++)
        {
          CasImportProblem *problem = g_ptr_array_index (report->problems, i);

          if (problem->column != NULL)
            fprintf (stderr, _("line %" PRIu64 ", column %s: %s\n"),
                     problem->line, problem->column, problem->message);
          else
            fprintf (stderr,
                     _("line %" PRIu64 ": %s\n"),
                     problem->line,
                     problem->message);
        }
      if (report->n_problems > report->problems->len)
        fprintf (stderr, _("… and %" PRIu64 " more problems\n"),
                 report->n_problems - report->problems->len);
    }

  if (rejects != NULL && !g_output_stream_close (G_OUTPUT_STREAM (rejects),
                                                 NULL,
                                                 ok ? &error : NULL))
    {
      cas_cli_error (_("cannot write the rejects file “%s”: %s"), rejects_path, error->message);
      return CAS_EXIT_ERROR;
    }

  if (!ok)
    {
      cas_cli_error ("%s", error->message);
      if (rejects_file != NULL)
        g_file_delete (rejects_file, NULL, NULL);
      return CAS_EXIT_ERROR;
    }

  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %" PRIu64 " person.\n",
                       "Imported %" PRIu64 " persons.\n", report->n_imported),
          report->n_imported);
  if (report->n_unverified_nrn > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%" PRIu64 " NRN with a wrong check digit was kept, "
                         "marked unverified.\n",
                         "%" PRIu64 " NRNs with a wrong check digit were kept, "
                         "marked unverified.\n",
                         report->n_unverified_nrn),
            report->n_unverified_nrn);
  if (report->n_rejected > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%" PRIu64 " row was rejected and written to %s.\n",
                         "%" PRIu64 " rows were rejected and written to %s.\n",
                         report->n_rejected),
            report->n_rejected, rejects_path);

  return CAS_EXIT_OK;
}

int
cas_cli_export_persons (CasCli  *cli,
                        int      argc,
                        char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasPersonService) persons = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 n;
  int status;

  context = command_context (_("[FILE.csv]"),
                             _("Write every person (merged records excepted) in the import "
                               "format, to FILE.csv or to the standard output."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 2)
    return cas_cli_usage_error ("export-persons", _("give one file at most"));

  if (!cas_cli_open (cli, "export-persons", FALSE, CAS_CLI_USER, &status))
    return status;

  if (argc == 2 && !g_str_equal (argv[1], "-"))
    {
      file = g_file_new_for_commandline_arg (argv[1]);
      output = G_OUTPUT_STREAM (g_file_replace (file,
                                                NULL,
                                                FALSE,
                                                G_FILE_CREATE_NONE,
                                                NULL,
                                                &error));
      if (output == NULL)
        {
          cas_cli_error (_("cannot write “%s”: %s"), argv[1], error->message);
          return CAS_EXIT_ERROR;
        }
    }
  else
    output = g_unix_output_stream_new (1, FALSE);

  persons = cas_person_service_new (cli->db);
  n = cas_person_service_export_csv (persons, cli->actor, output, NULL, &error);
  if (n < 0 || !g_output_stream_close (output, NULL, &error))
    {
      cas_cli_error (_("the export failed: %s"), error->message);
      return CAS_EXIT_ERROR;
    }

  if (file != NULL)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Exported %" PRId64 " person to %s.\n",
                                  "Exported %" PRId64 " persons to %s.\n", n),
             n, argv[1]);

  return CAS_EXIT_OK;
}

static int
sessions_list (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasSessionService) sessions = NULL;
  g_autoptr(CasSessionQuery) query = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *search = NULL;
  gboolean upcoming = FALSE;
  gboolean past = FALSE;
  guint n_sessions = 0;
  int status;
  const GOptionEntry entries[] = {
    { "upcoming", 0, 0, G_OPTION_ARG_NONE, &upcoming,
      N_("Only sessions still to come, soonest first"), NULL },
    { "past", 0, 0, G_OPTION_ARG_NONE, &past, N_("Only past sessions, latest first"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only sessions whose exam, centre or place matches"), "TEXT" },
    { NULL }
  };

  context = command_context ("", _("List exam sessions: date and time, exam, centre, place and "
                                   "seats taken."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("sessions list", _("unexpected argument “%s”"), argv[1]);
  if (upcoming && past)
    return cas_cli_usage_error ("sessions list", _("choose --upcoming or --past, not both"));

  if (!cas_cli_open (cli, "sessions list", FALSE, CAS_CLI_USER, &status))
    return status;

  query = cas_session_query_new (upcoming ? CAS_SESSION_WHEN_UPCOMING
                                 : past ? CAS_SESSION_WHEN_PAST : CAS_SESSION_WHEN_ALL,
                                 search);
  sessions = cas_session_service_new (cli->db);
  if (!cas_session_service_count (sessions, cli->actor, query, &n_sessions, &error))
    {
      cas_cli_error ("%s", error->message);
      return CAS_EXIT_ERROR;
    }

  cas_cli_print_cell ("ID", 6);
  cas_cli_print_cell (_("Date"), 16);
  cas_cli_print_cell (_("Exam"), 6);
  cas_cli_print_cell (_("Centre"), 28);
  cas_cli_print_cell (_("Room"), 10);
  printf ("%s\n", _("Seats"));
  for (guint offset = 0; offset < n_sessions; offset += 500)
    {
      page = cas_session_service_list (sessions, cli->actor, query, offset, 500, &error);
      if (page == NULL)
        {
          cas_cli_error ("%s", error->message);
          return CAS_EXIT_ERROR;
        }
      for (guint i = 0; i < page->len; i++)
        {
          CasExamSession *session = g_ptr_array_index (page, i);
          g_autofree char *when = g_strdup (cas_exam_session_get_starts_at (session));
          const char *room = cas_exam_session_get_room (session);

          g_autofree char *id =
            g_strdup_printf ("%" PRId64, cas_exam_session_get_id (session));

          when[10] = ' ';
          cas_cli_print_cell (id, 6);
          cas_cli_print_cell (when, 16);
          cas_cli_print_cell (cas_exam_session_get_exam_code (session), 6);
          cas_cli_print_cell (cas_exam_session_get_centre_name (session), 28);
          cas_cli_print_cell (room, 10);
          printf ("%d/%d%s\n", cas_exam_session_get_n_registered (session),
                  cas_exam_session_get_capacity (session),
                  cas_exam_session_get_status (session) == CAS_SESSION_CANCELLED
                    ? _(" (cancelled)") : "");
        }
      g_clear_pointer (&page, g_ptr_array_unref);
    }

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u session\n", "%u sessions\n", n_sessions),
           n_sessions);

  return CAS_EXIT_OK;
}

int
cas_cli_sessions (CasCli  *cli,
                  int      argc,
                  char   **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    {
      argv[1] = (char *) "sessions list";
      return sessions_list (cli, argc - 1, argv + 1);
    }

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("%s\n\n", _("Usage: certassur sessions list [--upcoming|--past] [--search TEXT]"));
      printf ("%s\n", _("List exam sessions."));
      return CAS_EXIT_OK;
    }

  return cas_cli_usage_error ("sessions",
                              argc < 2 ? _("name a subcommand: list")
                                       : _("unknown subcommand; the subcommand is: list"));
}
