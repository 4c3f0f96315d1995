/* cas-cli-accounts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * certassur accounts list|create|grant|revoke|disable|enable|reset-password|
 *                    change-password
 * certassur audit [--actor LOGIN] [--action ACTION] [--since DATE]
 *                 [--until DATE] [--output FILE.csv]
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cas-account-service.h"
#include "cas-audit-service.h"
#include "cas-cli.h"
#include "cas-company-service.h"
#include "cas-person-service.h"

/* "operator", "admin", "controller" */
static gboolean
parse_role (const char  *text,
            CasRole     *role)
{
  *role = cas_role_from_string (text);

  return *role != CAS_ROLE_NONE && *role != CAS_ROLE_CANDIDATE;
}

/* An exam centre by id or by its exact name */
static gint64
find_centre (CasCli      *cli,
             const char  *text,
             GError     **error)
{
  g_autoptr(CasCompanyService) companies = cas_company_service_new (cli->db);
  g_autoptr(GPtrArray) list = cas_company_service_list (companies, cli->actor, TRUE, error);
  gint64 id = 0;

  if (list == NULL)
    return 0;

  g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      CasCompany *company = g_ptr_array_index (list, i);

      if (company->id == id || g_strcmp0 (company->name, text) == 0)
        return company->id;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("There is no exam centre “%s”; give its number or its exact name"), text);
  return 0;
}

static int
accounts_list (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) context =
    cas_cli_subcommand_context ("", _("List the accounts with their roles."));
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (!cas_cli_open (cli, "accounts list", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_account_service_new (cli->db);
  accounts = cas_account_service_list (service, cli->actor, &error);
  if (accounts == NULL)
    return cas_cli_fail (error);

  for (guint i = 0; i < accounts->len; i++)
    {
      CasAccountInfo *info = g_ptr_array_index (accounts, i);
      g_autoptr(GString) roles = g_string_new (NULL);

      for (guint j = 0; j < info->grants->len; j++)
        {
          CasRoleGrant *grant = g_ptr_array_index (info->grants, j);

          g_string_append_printf (roles, "%s%s", roles->len ? ", " : "",
                                  cas_role_to_string (grant->role));
          if (grant->company_name != NULL)
            g_string_append_printf (roles, " (%s)", grant->company_name);
        }

      cas_cli_print_cell (info->login, 20);
      cas_cli_print_cell (info->person_name ? info->person_name : "—", 28);
      printf ("%s%s%s\n", roles->str,
              info->disabled ? _(" [disabled]") : "",
              info->must_change_password ? _(" [must change password]") : "");
    }

  return CAS_EXIT_OK;
}

static int
accounts_create (CasCli  *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person_ref = NULL;
  g_autofree char *password = NULL;
  gint64 person_id = 0;
  int status;
  const GOptionEntry entries[] = {
    { "person", 0, 0, G_OPTION_ARG_STRING, &person_ref,
      N_("The person the account belongs to: external reference or #ID"), "REF" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("LOGIN"),
                                        _("Create an account. Its password comes from "
                                          "CERTASSUR_NEW_PASSWORD or a prompt; the user chooses "
                                          "their own at the first login."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("accounts create", "%s", _("name the login to create"));
  if (!cas_cli_open (cli, "accounts create", FALSE, CAS_CLI_USER, &status))
    return status;

  if (person_ref != NULL)
    {
      g_autoptr(CasPersonService) persons = cas_person_service_new (cli->db);
      g_autoptr(CasPerson) person = cas_person_service_find_by_ref (persons, cli->actor,
                                                                    person_ref, &error);
      if (person == NULL)
        return cas_cli_fail (error);
      person_id = person->id;
    }

  password = cas_cli_read_new_password (argv[1]);
  if (password == NULL)
    return CAS_EXIT_ERROR;

  service = cas_account_service_new (cli->db);
  if (cas_account_service_create (service, cli->actor, argv[1], password, person_id, &error) == 0)
    return cas_cli_fail (error);

  printf (_("Account %s created; its user chooses a new password at the first login.\n"),
          argv[1]);

  return CAS_EXIT_OK;
}

static int
accounts_role (CasCli   *cli,
               int       argc,
               char    **argv,
               gboolean  grant)
{
  const char *command = grant ? "accounts grant" : "accounts revoke";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *centre = NULL;
  gint64 account_id;
  gint64 company_id = 0;
  CasRole role;
  gboolean ok;
  int status;
  const GOptionEntry entries[] = {
    { "centre", 0, 0, G_OPTION_ARG_STRING, &centre,
      N_("The exam centre of an admin role: its number or exact name"), "CENTRE" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("LOGIN ROLE"),
                                        grant ? _("Give a role (operator, admin, controller) to "
                                                  "an account; an admin role is for one exam "
                                                  "centre.")
                                              : _("Take a role away from an account."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 3)
    return cas_cli_usage_error (command, "%s", _("give a login and a role"));
  if (!parse_role (argv[2], &role))
    return cas_cli_usage_error (command, _("“%s” is not a role: operator, admin or controller"),
                                argv[2]);
  if (grant && role == CAS_ROLE_ADMIN && centre == NULL)
    return cas_cli_usage_error (command, "%s", _("an admin role needs --centre"));
  if (!cas_cli_open (cli, command, FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_account_service_new (cli->db);
  account_id = cas_account_service_find_id (service, cli->actor, argv[1], &error);
  if (account_id == 0)
    return cas_cli_fail (error);
  if (centre != NULL && (company_id = find_centre (cli, centre, &error)) == 0)
    return cas_cli_fail (error);

  if (grant)
    ok = cas_account_service_grant (service, cli->actor, account_id, role, company_id, &error);
  else
    ok = cas_account_service_revoke (service, cli->actor, account_id, role, company_id, &error);
  if (!ok)
    return cas_cli_fail (error);

  return CAS_EXIT_OK;
}

static int
accounts_disable (CasCli   *cli,
                  int       argc,
                  char    **argv,
                  gboolean  disable)
{
  const char *command = disable ? "accounts disable" : "accounts enable";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id;
  int status;

  context = cas_cli_subcommand_context (_("LOGIN"),
                                        disable ? _("Disable an account: its logins end, "
                                                    "nothing is deleted.")
                                                : _("Enable a disabled account again."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error (command, "%s", _("name one login"));
  if (!cas_cli_open (cli, command, FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_account_service_new (cli->db);
  account_id = cas_account_service_find_id (service, cli->actor, argv[1], &error);
  if (account_id == 0 ||
      !cas_account_service_set_disabled (service, cli->actor, account_id, disable, &error))
    return cas_cli_fail (error);

  return CAS_EXIT_OK;
}

static int
accounts_reset_password (CasCli  *cli,
                         int      argc,
                         char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gint64 account_id;
  int status;

  context = cas_cli_subcommand_context (_("LOGIN"),
                                        _("Give an account a new password (from "
                                          "CERTASSUR_NEW_PASSWORD or a prompt) that its user "
                                          "must change at the next login."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 2)
    return cas_cli_usage_error ("accounts reset-password", "%s", _("name one login"));
  if (!cas_cli_open (cli, "accounts reset-password", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_account_service_new (cli->db);
  account_id = cas_account_service_find_id (service, cli->actor, argv[1], &error);
  if (account_id == 0)
    return cas_cli_fail (error);

  password = cas_cli_read_new_password (argv[1]);
  if (password == NULL)
    return CAS_EXIT_ERROR;

  if (!cas_account_service_reset_password (service, cli->actor, account_id, password, &error))
    return cas_cli_fail (error);

  return CAS_EXIT_OK;
}

static int
accounts_change_password (CasCli  *cli,
                          int      argc,
                          char    **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAccountService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  const char *current;
  int status;

  context = cas_cli_subcommand_context ("",
                                        _("Change the password of the --user account: the "
                                          "current one logs in, the new one comes from "
                                          "CERTASSUR_NEW_PASSWORD or a prompt."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc != 1)
    return cas_cli_usage_error ("accounts change-password", _("unexpected argument “%s”"),
                                argv[1]);
  if (cli->user == NULL)
    return cas_cli_usage_error ("accounts change-password", "%s",
                                _("this command acts as an account: add --user LOGIN"));

  /* The current password logs in and is checked again by the change */
  current = g_getenv ("CERTASSUR_PASSWORD");
  if (current == NULL)
    return cas_cli_usage_error ("accounts change-password", "%s",
                                _("set CERTASSUR_PASSWORD to the current password"));
  if (!cas_cli_open (cli, "accounts change-password", FALSE, CAS_CLI_USER, &status))
    return status;

  password = cas_cli_read_new_password (cli->user);
  if (password == NULL)
    return CAS_EXIT_ERROR;

  service = cas_account_service_new (cli->db);
  if (!cas_account_service_change_password (service, cli->actor, current, password, &error))
    return cas_cli_fail (error);

  return CAS_EXIT_OK;
}

int
cas_cli_accounts (CasCli  *cli,
                  int      argc,
                  char   **argv)
{
  static const char * const names[] = {
    "list", "create", "grant", "revoke", "disable", "enable", "reset-password", "change-password",
  };
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (sub == NULL || g_str_equal (sub, "--help") || g_str_equal (sub, "-h"))
    {
      printf ("%s\n\n", _("Usage: certassur --user LOGIN accounts SUBCOMMAND …"));
      printf ("%s\n", _("Manage the accounts (operators). Subcommands:"));
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        printf ("  %s\n", names[i]);
      printf ("\n%s\n", _("“certassur accounts SUBCOMMAND --help” describes one."));
      return sub == NULL ? CAS_EXIT_USAGE : CAS_EXIT_OK;
    }

  argc--;
  argv++;
  if (g_str_equal (sub, "list"))
    return accounts_list (cli, argc, argv);
  if (g_str_equal (sub, "create"))
    return accounts_create (cli, argc, argv);
  if (g_str_equal (sub, "grant"))
    return accounts_role (cli, argc, argv, TRUE);
  if (g_str_equal (sub, "revoke"))
    return accounts_role (cli, argc, argv, FALSE);
  if (g_str_equal (sub, "disable"))
    return accounts_disable (cli, argc, argv, TRUE);
  if (g_str_equal (sub, "enable"))
    return accounts_disable (cli, argc, argv, FALSE);
  if (g_str_equal (sub, "reset-password"))
    return accounts_reset_password (cli, argc, argv);
  if (g_str_equal (sub, "change-password"))
    return accounts_change_password (cli, argc, argv);

  return cas_cli_usage_error ("accounts", _("unknown subcommand “%s”"), sub);
}

int
cas_cli_audit (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasAuditService) service = NULL;
  g_autoptr(CasAuditQuery) query = cas_audit_query_new ();
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 n;
  int status;
  const GOptionEntry entries[] = {
    { "actor", 0, 0, G_OPTION_ARG_STRING, &query->actor, N_("Only what this login did"), "LOGIN" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &query->action,
      N_("Only this action, or all actions of a kind (“person”, “login”)"), "ACTION" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &query->since, N_("From this day on"), "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &query->until, N_("Up to this day"), "DATE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &path, N_("Write to this file"), "FILE.csv" },
    { NULL }
  };

  context = cas_cli_subcommand_context ("",
                                        _("Export the audit log as CSV (operators), latest "
                                          "first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("audit", _("unexpected argument “%s”"), argv[1]);
  if (!cas_cli_open (cli, "audit", FALSE, CAS_CLI_USER, &status))
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
    output = g_unix_output_stream_new (1, FALSE);

  service = cas_audit_service_new (cli->db);
  n = cas_audit_service_export_csv (service, cli->actor, query, output, NULL, &error);
  if (n < 0 || !g_output_stream_close (output, NULL, &error))
    {
      if (file != NULL)
        g_file_delete (file, NULL, NULL);
      return cas_cli_fail (error);
    }

  if (path != NULL)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " event written to %s.\n",
                                  "%" PRId64 " events written to %s.\n", n),
             n, path);

  return CAS_EXIT_OK;
}
