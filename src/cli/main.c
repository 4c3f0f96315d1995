/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * certassur [--database DB] [--user LOGIN] COMMAND [OPTIONS...]
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cas-cli.h"

static const CasCliCommand commands[] = {
  { "init", N_("Create a database or bring its schema up to date"), cas_cli_init },
  { "seed-demo", N_("Fill a new database with realistic demo data"), cas_cli_seed_demo },
  { "import-persons", N_("Load persons from a CSV file"), cas_cli_import_persons },
  { "export-persons", N_("Write all persons to a CSV file"), cas_cli_export_persons },
  { "sessions", N_("List exam sessions"), cas_cli_sessions },
  { "accounts", N_("Manage accounts and roles (operators)"), cas_cli_accounts },
  { "audit", N_("Export the audit log (operators)"), cas_cli_audit },
  { "attestation", N_("Issue, show, export, revoke and verify attestations"),
    cas_cli_attestation },
  { "duplicates", N_("Find persons recorded twice; mark pairs as two persons"),
    cas_cli_duplicates },
  { "check-person", N_("Show the existing persons that match the fields given"),
    cas_cli_check_person },
  { "merge", N_("Request, review, approve, reject and undo merges of persons"),
    cas_cli_merge },
  { "check", N_("Check that merges lost nothing (operators)"), cas_cli_check },
};

/* "  --option ARG        text", the texts in one column */
static void
print_option (FILE       *out,
              const char *option,
              const char *text)
{
  fprintf (out, "  %-18s %s\n", option, text);
}

static void
print_help (FILE *out)
{
  g_autofree char *location = cas_database_get_default_location ();
  g_autofree char *default_text = NULL;

  fprintf (out, "%s\n\n", _("Usage: certassur [--database DB] [--user LOGIN] COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n\n", _("Certassur Desk on the command line."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    print_option (out, commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Options:"));
  print_option (out, "--database DB",
                _("a database file, or postgresql://user:password@host:port/dbname"));
  default_text = g_strdup_printf (_("(default: %s)"), location);
  print_option (out, "", default_text);
  print_option (out, "--user LOGIN",
                _("act as this account; the password comes from CERTASSUR_PASSWORD or a prompt"));
  print_option (out, "", _("(on PostgreSQL, connects as the account's own database role)"));
  print_option (out, "--signing-key FILE",
                _("the attestation signing key (default: beside the database file)"));
  print_option (out, "--version", _("print the version"));
  print_option (out, "--help", _("print this help"));
  fprintf (out, "\n%s\n", _("“certassur COMMAND --help” describes a command."));
}

/* "--name" or "--name=value" */
static gboolean
is_option (const char *arg,
           const char *name)
{
  gsize len = strlen (name);

  return strncmp (arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

int
main (int   argc,
      char *argv[])
{
  CasCli cli = { 0, };
  int i;
  int status;

  setlocale (LC_ALL, "");
  /* CERTASSUR_LOCALEDIR: the translations of a build tree (BUILDDIR/po),
   * for running without installing */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CERTASSUR_LOCALEDIR")
                                   ? g_getenv ("CERTASSUR_LOCALEDIR")
                                   : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Options before the command word belong to every command */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char **target = NULL;
      const char *value = NULL;

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help (stdout);
          return CAS_EXIT_OK;
        }
      if (g_str_equal (arg, "--version"))
        {
          printf ("certassur %s\n", PACKAGE_VERSION);
          return CAS_EXIT_OK;
        }

      if (is_option (arg, "--database"))
        target = &cli.database;
      else if (is_option (arg, "--user"))
        target = &cli.user;
      else if (is_option (arg, "--signing-key"))
        target = &cli.signing_key;
      else if (arg[0] == '-')
        {
          cas_cli_error (_("unknown option “%s”"), arg);
          fprintf (stderr, "%s\n", _("Try “certassur --help”."));
          return CAS_EXIT_USAGE;
        }
      else
        break;

      value = strchr (arg, '=');
      if (value != NULL)
        value++;
      else if (i + 1 < argc)
        value = argv[++i];
      if (value == NULL || *value == '\0')
        {
          cas_cli_error (_("the option “%s” needs a value"), arg);
          return CAS_EXIT_USAGE;
        }
      *target = value;
    }

  if (i >= argc)
    {
      print_help (stderr);
      return CAS_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        status = commands[c].func (&cli, argc - i, argv + i);
        g_clear_object (&cli.actor);
        g_clear_object (&cli.db);
        return status;
      }

  cas_cli_error (_("unknown command “%s”"), argv[i]);
  fprintf (stderr, "%s\n", _("Try “certassur --help”."));

  return CAS_EXIT_USAGE;
}
