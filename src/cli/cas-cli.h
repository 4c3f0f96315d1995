/* cas-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"
#include "cas-database.h"

G_BEGIN_DECLS

/* Exit codes of every command */
#define CAS_EXIT_OK     0
#define CAS_EXIT_ERROR  1   /* a user error, with a message */
#define CAS_EXIT_USAGE  2   /* a wrong command line */

typedef struct
{
  const char  *database;      /* --database, or NULL for the default */
  const char  *user;          /* --user, or NULL */
  const char  *signing_key;   /* --signing-key, or NULL for the default */
  CasDatabase *db;            /* opened on demand */
  CasAccount  *actor;         /* set when --user logged in */
} CasCli;

typedef int (*CasCliCommandFunc) (CasCli  *cli,
                                  int      argc,
                                  char   **argv);

typedef struct
{
  const char        *name;
  const char        *summary;
  CasCliCommandFunc  func;
} CasCliCommand;

typedef enum
{
  /* init, seed-demo: maintenance of a database by whoever runs the command
   * (the local actor; on PostgreSQL, bounded by the connection's role) */
  CAS_CLI_LOCAL,
  /* everything else acts as the account of --user */
  CAS_CLI_USER,
} CasCliActing;

/* Opens the database (creating it when @create) and sets cli->actor: the
 * local actor, or the --user account once logged in (the password from
 * CERTASSUR_PASSWORD or a prompt without echo; on PostgreSQL the login
 * connects as the account's own database role). Prints the reason and
 * returns FALSE on failure; *status is then the exit code. */
gboolean cas_cli_open           (CasCli       *cli,
                                 const char   *command,
                                 gboolean      create,
                                 CasCliActing  acting,
                                 int          *status);
/* Asks a new password, twice on a terminal, or takes CERTASSUR_NEW_PASSWORD.
 * NULL when the two differ (a message says so). */
char    *cas_cli_read_new_password (const char *login);
/* The option context of a subcommand, in the program's translation domain */
GOptionContext *cas_cli_subcommand_context (const char *parameters,
                                            const char *summary);
/* A cell of a table on stdout: @text padded or cut to @width characters,
 * then two spaces */
void     cas_cli_print_cell     (const char  *text,
                                 guint        width);
/* Prints @error's message; returns CAS_EXIT_ERROR */
int      cas_cli_fail           (GError      *error);
/* Parses a command's options; prints help or a usage error. Returns
 * CAS_EXIT_OK to go on, else the exit code to return. */
int      cas_cli_parse          (GOptionContext *context,
                                 int            *argc,
                                 char         ***argv);
/* A person by external reference or #ID; "#ID" is taken as it is, so
 * that an administrator can name another centre's record as a scan showed
 * it */
gboolean cas_cli_resolve_person (CasCli      *cli,
                                 const char  *ref,
                                 gint64      *id,
                                 GError     **error);
/* "certassur: <message>" on stderr */
void     cas_cli_error          (const char  *format,
                                 ...) G_GNUC_PRINTF (1, 2);
int      cas_cli_usage_error    (const char  *command,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* Progress on stderr: a line rewritten in place on a terminal, a line every
 * ten percent otherwise. */
void     cas_cli_progress       (guint64      done,
                                 guint64      total,
                                 gpointer     label);
void     cas_cli_progress_end   (void);

int      cas_cli_init           (CasCli *cli, int argc, char **argv);
int      cas_cli_attestation    (CasCli *cli, int argc, char **argv);
int      cas_cli_seed_demo      (CasCli *cli, int argc, char **argv);
int      cas_cli_import_persons (CasCli *cli, int argc, char **argv);
int      cas_cli_export_persons (CasCli *cli, int argc, char **argv);
int      cas_cli_sessions       (CasCli *cli, int argc, char **argv);
int      cas_cli_accounts       (CasCli *cli, int argc, char **argv);
int      cas_cli_audit          (CasCli *cli, int argc, char **argv);
int      cas_cli_duplicates     (CasCli *cli, int argc, char **argv);
int      cas_cli_check_person   (CasCli *cli, int argc, char **argv);
int      cas_cli_merge          (CasCli *cli, int argc, char **argv);
int      cas_cli_check          (CasCli *cli, int argc, char **argv);

G_END_DECLS
