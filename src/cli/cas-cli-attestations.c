/* cas-cli-attestations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * certassur attestation issue|issue-session|list|show|export|export-session|
 *                       revoke|reissue|verify|key
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cas-attestation-service.h"
#include "cas-cli.h"

/* The exit code of "verify" for anything but a valid attestation */
#define CAS_EXIT_NOT_VALID 3

/* A positive record number, or 0 with a usage message printed */
static gint64
parse_id (const char *command,
          const char *what,
          const char *text,
          int        *status)
{
  gint64 id = 0;

  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      *status = cas_cli_usage_error (command, _("%s: “%s” is not a record number"), what, text);
      return 0;
    }

  return id;
}

static void
print_attestation (const CasAttestation *a)
{
  g_autofree char *number = cas_attestation_dup_display_number (a);

  printf ("%s: %s\n", _("Number"), number);
  printf ("%s: %s\n", _("Status"), cas_attestation_status_get_label (a->status));
  if (a->status_reason != NULL)
    printf ("%s: %s\n", _("Reason"), a->status_reason);
  printf ("%s: %s %s\n", _("Name"), a->first_name ? a->first_name : "",
          a->last_name ? a->last_name : "");
  printf ("%s: %s\n", _("Birth date"), a->birth_date ? a->birth_date : "");
  printf ("%s: %s — %s\n", _("Exam"), a->exam_code ? a->exam_code : "",
          a->exam_title ? a->exam_title : "");
  printf ("%s: %s\n", _("Session"), a->session_start ? a->session_start : "");
  printf ("%s: %s\n", _("Place"), a->place ? a->place : "");
  printf ("%s: %d/100\n", _("Result"), a->score);
  printf ("%s: %s\n", _("Language"), a->language ? a->language : "");
  printf ("%s: %s\n", _("Issued"), a->issued_at ? a->issued_at : "");
  printf ("%s: %s\n", _("SHA-256"), a->sha256 ? a->sha256 : "");
  printf ("%s: %s\n", _("Verification code"), a->verification_code ? a->verification_code : "");
}

/* Writes @bytes to @path, refusing to replace a file unless @force */
static gboolean
write_pdf (const char  *path,
           GBytes      *bytes,
           gboolean     force,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  gsize written = 0;

  if (force)
    stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  else
    stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  return g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), &written, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static int
attestation_issue (CasCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CasAttestation) attestation = NULL;
  gint64 registration;
  gint64 id;
  int status = CAS_EXIT_OK;

  context = cas_cli_subcommand_context (_("REGISTRATION_ID"),
                                        _("Issue the attestation of a passed registration "
                                          "(operators)."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation issue", "%s", _("give one registration number"));
  if ((registration = parse_id ("attestation issue", _("Registration"), argv[1], &status)) == 0)
    return status;
  if (!cas_cli_open (cli, "attestation issue", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  id = cas_attestation_service_issue (service, cli->actor, registration, &error);
  if (id == 0)
    return cas_cli_fail (error);

  attestation = cas_attestation_service_get_by_id (service, cli->actor, id, &error);
  if (attestation == NULL)
    return cas_cli_fail (error);
  {
    g_autofree char *number = cas_attestation_dup_display_number (attestation);

    printf (_("Attestation %s issued.\n"), number);
  }

  return CAS_EXIT_OK;
}

static int
attestation_issue_session (CasCli  *cli,
                           int      argc,
                           char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(GError) error = NULL;
  gint64 session;
  guint n = 0;
  int status = CAS_EXIT_OK;

  context = cas_cli_subcommand_context (_("SESSION_ID"),
                                        _("Issue the missing attestations of every passed "
                                          "registration of a session, all or none (operators)."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation issue-session", "%s", _("give one session number"));
  if ((session = parse_id ("attestation issue-session", _("Session"), argv[1], &status)) == 0)
    return status;
  if (!cas_cli_open (cli, "attestation issue-session", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  if (!cas_attestation_service_issue_session (service, cli->actor, session, cas_cli_progress,
                                              (gpointer) _("Issuing attestations…"), NULL, &n,
                                              &error))
    {
      cas_cli_progress_end ();
      return cas_cli_fail (error);
    }
  cas_cli_progress_end ();

  printf (g_dngettext (GETTEXT_PACKAGE, "%u attestation issued.\n",
                       "%u attestations issued.\n", n), n);

  return CAS_EXIT_OK;
}

static int
attestation_list (CasCli  *cli,
                  int      argc,
                  char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(CasAttestationQuery) query = cas_attestation_query_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_name = NULL;
  gint64 session = 0;
  int limit = 100;
  int status = CAS_EXIT_OK;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &query->search,
      N_("Only those whose number, name or exam contains this text"), "TEXT" },
    { "session", 0, 0, G_OPTION_ARG_INT64, &session, N_("Only those of this session"), "ID" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only valid, revoked or superseded ones"), "STATUS" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &query->since, N_("Issued from this day on"), "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &query->until, N_("Issued up to this day"), "DATE" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many (default 100)"), "N" },
    { NULL }
  };

  context = cas_cli_subcommand_context ("",
                                        _("List the attestations you may see, latest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 1)
    return cas_cli_usage_error ("attestation list", _("unexpected argument “%s”"), argv[1]);
  if (limit < 1 || limit > 100000)
    return cas_cli_usage_error ("attestation list", "%s",
                                _("--limit must be between 1 and 100000"));
  if (status_name != NULL)
    {
      if (g_str_equal (status_name, "valid"))
        query->status = CAS_ATTESTATION_VALID;
      else if (g_str_equal (status_name, "revoked"))
        query->status = CAS_ATTESTATION_REVOKED;
      else if (g_str_equal (status_name, "superseded"))
        query->status = CAS_ATTESTATION_SUPERSEDED;
      else
        return cas_cli_usage_error ("attestation list",
                                    _("--status: “%s” is not valid, revoked or superseded"),
                                    status_name);
    }
  query->session_id = session;
  if (!cas_cli_open (cli, "attestation list", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  list = cas_attestation_service_list (service, cli->actor, query, 0, (guint) limit, &error);
  if (list == NULL)
    return cas_cli_fail (error);

  for (guint i = 0; i < list->len; i++)
    {
      CasAttestation *a = g_ptr_array_index (list, i);
      g_autofree char *number = cas_attestation_dup_display_number (a);
      g_autofree char *name = g_strdup_printf ("%s %s", a->first_name ? a->first_name : "",
                                               a->last_name ? a->last_name : "");

      cas_cli_print_cell (number, 16);
      cas_cli_print_cell (cas_attestation_status_get_label (a->status), 10);
      cas_cli_print_cell (name, 30);
      cas_cli_print_cell (a->exam_code, 6);
      printf ("%.10s\n", a->issued_at ? a->issued_at : "");
    }

  return CAS_EXIT_OK;
}

static int
attestation_show (CasCli  *cli,
                  int      argc,
                  char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(CasAttestation) attestation = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = cas_cli_subcommand_context (_("NUMBER"),
                                        _("Show an attestation: CA-2026-000123 for its current "
                                          "version, CA-2026-000123-2 for a given one."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation show", "%s", _("give one attestation number"));
  if (!cas_cli_open (cli, "attestation show", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  attestation = cas_attestation_service_get (service, cli->actor, argv[1], &error);
  if (attestation == NULL)
    return cas_cli_fail (error);

  print_attestation (attestation);

  return CAS_EXIT_OK;
}

static int
attestation_export (CasCli  *cli,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(CasAttestation) attestation = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean force = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &path, N_("Write to this file"), "FILE.pdf" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace the file if it exists"), NULL },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("NUMBER"),
                                        _("Write an attestation's PDF exactly as it was issued."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation export", "%s", _("give one attestation number"));
  if (path == NULL)
    return cas_cli_usage_error ("attestation export", "%s", _("give the file to write with -o"));
  if (!cas_cli_open (cli, "attestation export", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  attestation = cas_attestation_service_get (service, cli->actor, argv[1], &error);
  if (attestation == NULL)
    return cas_cli_fail (error);
  pdf = cas_attestation_service_get_pdf (service, cli->actor, attestation->id, &error);
  if (pdf == NULL || !write_pdf (path, pdf, force, &error))
    return cas_cli_fail (error);

  return CAS_EXIT_OK;
}

static int
attestation_export_session (CasCli  *cli,
                            int      argc,
                            char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(CasAttestationQuery) query = cas_attestation_query_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 session;
  int status = CAS_EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("Write into this folder"), "DIR" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("SESSION_ID"),
                                        _("Write the valid attestations of a session into a "
                                          "folder, one PDF each, named after their numbers."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation export-session", "%s",
                                _("give one session number"));
  if (dir == NULL)
    return cas_cli_usage_error ("attestation export-session", "%s",
                                _("give the folder to write into with -o"));
  if ((session = parse_id ("attestation export-session", _("Session"), argv[1], &status)) == 0)
    return status;
  if (!cas_cli_open (cli, "attestation export-session", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  query->session_id = session;
  query->status = CAS_ATTESTATION_VALID;
  list = cas_attestation_service_list (service, cli->actor, query, 0, 100000, &error);
  if (list == NULL)
    return cas_cli_fail (error);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      cas_cli_error (_("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return CAS_EXIT_ERROR;
    }

  for (guint i = 0; i < list->len; i++)
    {
      CasAttestation *a = g_ptr_array_index (list, i);
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *number = cas_attestation_dup_display_number (a);
      g_autofree char *name = g_strdup_printf ("%s.pdf", number);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      pdf = cas_attestation_service_get_pdf (service, cli->actor, a->id, &error);
      if (pdf == NULL || !write_pdf (path, pdf, TRUE, &error))
        return cas_cli_fail (error);
      cas_cli_progress (i + 1, list->len, (gpointer) _("Exporting attestations…"));
    }
  cas_cli_progress_end ();

  printf (g_dngettext (GETTEXT_PACKAGE, "%u attestation written to %s.\n",
                       "%u attestations written to %s.\n", list->len), list->len, dir);

  return CAS_EXIT_OK;
}

static int
attestation_change (CasCli   *cli,
                    int       argc,
                    char    **argv,
                    gboolean  reissue)
{
  const char *command = reissue ? "attestation reissue" : "attestation revoke";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept with the attestation)"),
      "TEXT" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("NUMBER"),
                                        reissue ? _("Issue a corrected version of an "
                                                    "attestation with today's data; it "
                                                    "supersedes the current one (operators).")
                                                : _("Withdraw an attestation (operators)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error (command, "%s", _("give one attestation number"));
  if (reason == NULL)
    return cas_cli_usage_error (command, "%s", _("say why with --reason"));
  if (!cas_cli_open (cli, command, FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  if (reissue)
    {
      g_autoptr(CasAttestation) attestation = NULL;
      g_autofree char *number = NULL;
      gint64 id = cas_attestation_service_reissue (service, cli->actor, argv[1], reason, &error);

      if (id == 0)
        return cas_cli_fail (error);
      attestation = cas_attestation_service_get_by_id (service, cli->actor, id, &error);
      if (attestation == NULL)
        return cas_cli_fail (error);
      number = cas_attestation_dup_display_number (attestation);
      printf (_("Attestation %s issued; it supersedes the earlier version.\n"), number);
    }
  else
    {
      if (!cas_attestation_service_revoke (service, cli->actor, argv[1], reason, &error))
        return cas_cli_fail (error);
      printf (_("Attestation %s revoked.\n"), argv[1]);
    }

  return CAS_EXIT_OK;
}

static int
attestation_verify (CasCli  *cli,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autoptr(CasAttestation) found = NULL;
  g_autoptr(GError) error = NULL;
  CasVerifyResult result;
  int status;

  context = cas_cli_subcommand_context (_("FILE.pdf|CODE"),
                                        _("Check an attestation's PDF or the verification code "
                                          "printed on it. Exit status 0 when it is valid, 3 "
                                          "when it is revoked, superseded or not authentic."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("attestation verify", "%s", _("give one PDF file or one code"));
  /* Anyone may check: with --user on a shared database, or locally */
  if (!cas_cli_open (cli, "attestation verify", FALSE,
                     cli->user != NULL ? CAS_CLI_USER : CAS_CLI_LOCAL, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  if (g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
      g_autoptr(GBytes) pdf = g_file_load_bytes (file, NULL, NULL, &error);

      if (pdf == NULL)
        return cas_cli_fail (error);
      result = cas_attestation_service_verify_pdf (service, pdf, &found, &error);
    }
  else if (g_str_has_suffix (argv[1], ".pdf") || g_str_has_suffix (argv[1], ".PDF"))
    {
      cas_cli_error (_("There is no file %s"), argv[1]);
      return CAS_EXIT_ERROR;
    }
  else
    result = cas_attestation_service_verify_code (service, argv[1], &found, &error);

  if (error != NULL)
    return cas_cli_fail (error);

  printf ("%s\n", cas_verify_result_get_label (result));
  if (found != NULL)
    {
      printf ("\n");
      print_attestation (found);
    }

  return result == CAS_VERIFY_VALID ? CAS_EXIT_OK : CAS_EXIT_NOT_VALID;
}

static int
attestation_key (CasCli  *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAttestationService) service = NULL;
  g_autofree char *public_key = NULL;
  const char *path;
  int status;

  context = cas_cli_subcommand_context ("",
                                        _("Show the public key that verifies attestations, and "
                                          "where this computer looks for the signing key."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 1)
    return cas_cli_usage_error ("attestation key", _("unexpected argument “%s”"), argv[1]);
  if (!cas_cli_open (cli, "attestation key", FALSE,
                     cli->user != NULL ? CAS_CLI_USER : CAS_CLI_LOCAL, &status))
    return status;

  service = cas_attestation_service_new (cli->db);
  public_key = cas_attestation_service_dup_public_key (service);
  path = cas_attestation_service_get_key_path (service);
  printf ("%s: %s\n", _("Public key"), public_key ? public_key : _("none yet (run init)"));
  printf ("%s: %s%s\n", _("Signing key file"), path,
          g_file_test (path, G_FILE_TEST_EXISTS) ? "" : _(" (not on this computer)"));

  return CAS_EXIT_OK;
}

int
cas_cli_attestation (CasCli  *cli,
                     int      argc,
                     char   **argv)
{
  static const struct {
    const char *name;
    int (*func) (CasCli *, int, char **);
  } subcommands[] = {
    { "issue", attestation_issue },
    { "issue-session", attestation_issue_session },
    { "list", attestation_list },
    { "show", attestation_show },
    { "export", attestation_export },
    { "export-session", attestation_export_session },
    { "revoke", NULL },
    { "reissue", NULL },
    { "verify", attestation_verify },
    { "key", attestation_key },
  };
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (sub == NULL || g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    {
      printf ("%s\n\n", _("Usage: certassur --user LOGIN attestation SUBCOMMAND …"));
      printf ("%s\n", _("Attestations of passed exams. Subcommands:"));
      for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
        printf ("  %s\n", subcommands[i].name);
      printf ("\n%s\n", _("“certassur attestation SUBCOMMAND --help” describes one."));
      return sub == NULL ? CAS_EXIT_USAGE : CAS_EXIT_OK;
    }

  argc--;
  argv++;
  if (g_str_equal (sub, "revoke"))
    return attestation_change (cli, argc, argv, FALSE);
  if (g_str_equal (sub, "reissue"))
    return attestation_change (cli, argc, argv, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (subcommands[i].func != NULL && g_str_equal (sub, subcommands[i].name))
      return subcommands[i].func (cli, argc, argv);

  return cas_cli_usage_error ("attestation", _("unknown subcommand “%s”"), sub);
}
