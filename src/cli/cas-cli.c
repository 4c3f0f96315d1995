/* cas-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cas-account-service.h"
#include "cas-cli.h"
#include "cas-person-service.h"

void
cas_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  cas_cli_progress_end ();
  fprintf (stderr, "certassur: %s\n", message);
}

/* Pads or cuts @text to @width characters: printf counts bytes, and names
 * like "Liège" have more bytes than characters. */
void
cas_cli_print_cell (const char *text,
                    guint       width)
{
  glong len;

  text = text ? text : "";
  len = g_utf8_strlen (text, -1);
  if ((guint) len > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);
      printf ("%s…  ", cut);
      return;
    }
  printf ("%s%*s  ", text, (int) (width - len), "");
}

GOptionContext *
cas_cli_subcommand_context (const char *parameters,
                            const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}

gboolean
cas_cli_resolve_person (CasCli      *cli,
                        const char  *ref,
                        gint64      *id,
                        GError     **error)
{
  g_autoptr(CasPersonService) persons = cas_person_service_new (cli->db);
  g_autoptr(CasPerson) person = NULL;

  if (ref[0] == '#' && g_ascii_string_to_signed (ref + 1, 10, 1, G_MAXINT64, id, NULL))
    return TRUE;

  person = cas_person_service_find_by_ref (persons, cli->actor, ref, error);
  if (person == NULL)
    return FALSE;
  *id = person->id;

  return TRUE;
}

int
cas_cli_fail (GError *error)
{
  cas_cli_error ("%s", error->message);
  return CAS_EXIT_ERROR;
}

int
cas_cli_usage_error (const char *command,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "certassur %s: %s\n", command, message);
  fprintf (stderr, _("Try “certassur %s --help”.\n"), command);

  return CAS_EXIT_USAGE;
}

int
cas_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *command = (*argv)[0];

  if (!g_option_context_parse (context, argc, argv, &error))
    return cas_cli_usage_error (command, "%s", error->message);

  return CAS_EXIT_OK;
}

static char *
read_secret (const char *prompt)
{
  struct termios saved, quiet;
  char buffer[CAS_PASSWORD_MAX_LENGTH + 2];
  gboolean tty = isatty (STDIN_FILENO);
  char *nl;

  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      fputc ('\n', stderr);
    }

  nl = strchr (buffer, '\n');
  if (nl != NULL)
    *nl = '\0';

  return g_strdup (buffer);
}

char *
cas_cli_read_new_password (const char *login)
{
  g_autofree char *prompt = NULL;
  g_autofree char *again = NULL;
  char *password;
  const char *env = g_getenv ("CERTASSUR_NEW_PASSWORD");

  if (env != NULL)
    return g_strdup (env);

  prompt = g_strdup_printf (_("New password for %s: "), login);
  password = read_secret (prompt);
  if (!isatty (STDIN_FILENO))
    return password;

  again = read_secret (_("The same password again: "));
  if (g_strcmp0 (password, again) != 0)
    {
      cas_cli_error ("%s", _("the two passwords differ; nothing was changed"));
      memset (password, 0, strlen (password));
      g_free (password);
      return NULL;
    }

  return password;
}

gboolean
cas_cli_open (CasCli       *cli,
              const char   *command,
              gboolean      create,
              CasCliActing  acting,
              int          *status)
{
  g_autoptr(GError) error = NULL;

  *status = CAS_EXIT_ERROR;

  if (acting == CAS_CLI_USER && cli->user == NULL)
    {
      *status = cas_cli_usage_error (command, "%s",
                                     _("this command acts as an account: add --user LOGIN"));
      return FALSE;
    }

  if (cli->db == NULL)
    {
      CasDatabaseOpenFlags flags = create ? CAS_DATABASE_OPEN_CREATE : CAS_DATABASE_OPEN_DEFAULT;

      /* On PostgreSQL an account works with its own database role: the
       * login connects, and the location's user and password go unused */
      if (acting == CAS_CLI_USER)
        flags |= CAS_DATABASE_OPEN_LOGIN;

      cli->db = cas_database_open (cli->database, flags, &error);
      if (cli->db == NULL)
        {
          cas_cli_error ("%s", error->message);
          return FALSE;
        }
      if (cli->signing_key != NULL)
        cas_database_set_signing_key_path (cli->db, cli->signing_key);
    }

  if (acting == CAS_CLI_LOCAL)
    {
      g_clear_object (&cli->actor);
      cli->actor = cas_account_new_local (cli->db);
    }
  else if (cli->actor == NULL)
    {
      g_autoptr(CasAccountService) accounts = cas_account_service_new (cli->db);
      g_autofree char *password = NULL;
      g_autofree char *prompt = NULL;
      const char *env = g_getenv ("CERTASSUR_PASSWORD");

      prompt = g_strdup_printf (_("Password for %s: "), cli->user);
      password = env != NULL ? g_strdup (env) : read_secret (prompt);
      cli->actor = cas_account_service_authenticate (accounts, cli->user, password, &error);
      memset (password, 0, strlen (password));
      if (cli->actor == NULL)
        {
          cas_cli_error ("%s", error->message);
          return FALSE;
        }
    }

  *status = CAS_EXIT_OK;

  return TRUE;
}

static gboolean progress_shown;
static guint last_tenth;

void
cas_cli_progress (guint64  done,
                  guint64  total,
                  gpointer label)
{
  guint percent;

  if (total == 0)
    return;

  percent = (guint) MIN (100, done * 100 / total);
  if (isatty (STDERR_FILENO))
    {
      fprintf (stderr, "\r%s %3u %%", (const char *) label, percent);
      progress_shown = TRUE;
    }
  else if (percent / 10 != last_tenth)
    {
      last_tenth = percent / 10;
      fprintf (stderr, "%s %u %%\n", (const char *) label, percent);
    }
  fflush (stderr);
}

void
cas_cli_progress_end (void)
{
  if (progress_shown)
    fputc ('\n', stderr);
  progress_shown = FALSE;
  last_tenth = 0;
}
