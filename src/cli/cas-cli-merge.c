/* cas-cli-merge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * certassur merge request|list|show|approve|reject|undo, and check.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cas-access.h"
#include "cas-cli.h"
#include "cas-merge-service.h"
#include "cas-person-service.h"

/* "12" or "#12" */
static gboolean
parse_request_id (const char *command,
                  const char *text,
                  gint64     *id,
                  int        *status)
{
  if (text != NULL && g_ascii_string_to_signed (text[0] == '#' ? text + 1 : text, 10, 1,
                                                G_MAXINT64, id, NULL))
    return TRUE;

  *status = cas_cli_usage_error (command, _("“%s” is not the number of a merge request"),
                                 text ? text : "");

  return FALSE;
}

/* Opens as --user and parses the request number of a subcommand that takes
 * exactly one */
static gboolean
start (CasCli          *cli,
       const char      *command,
       GOptionContext  *context,
       int             *argc,
       char          ***argv,
       gint64          *id,
       int             *status)
{
  if ((*status = cas_cli_parse (context, argc, argv)) != CAS_EXIT_OK)
    return FALSE;
  if (*argc != 2)
    {
      *status = cas_cli_usage_error (command, "%s", _("name one merge request: ID"));
      return FALSE;
    }
  if (!parse_request_id (command, (*argv)[1], id, status))
    return FALSE;

  return cas_cli_open (cli, command, FALSE, CAS_CLI_USER, status);
}

static int
merge_request (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gint64 id;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the records are one person (required)"), "TEXT" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("REF REF…"),
                                        _("Ask for the records named (external reference or "
                                          "#ID) to be merged into one; an operator other than "
                                          "you approves it. An administrator may name a record "
                                          "of their centre and, by its #ID, a record another "
                                          "centre holds that check-person finds a likely or "
                                          "possible duplicate of it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc < 3)
    return cas_cli_usage_error ("merge request", "%s",
                                _("name two records or more: REF REF… (external reference or "
                                  "#ID)"));
  if (reason == NULL)
    return cas_cli_usage_error ("merge request", "%s", _("say why with --reason TEXT"));

  if (!cas_cli_open (cli, "merge request", FALSE, CAS_CLI_USER, &status))
    return status;

  for (int i = 1; i < argc; i++)
    {
      gint64 person = 0;

      if (!cas_cli_resolve_person (cli, argv[i], &person, &error))
        {
          if (!g_error_matches (error, CAS_ACCESS_ERROR, CAS_ACCESS_ERROR_DENIED))
            return cas_cli_fail (error);
          /* An administrator names another centre's record by the number
           * check-person shows */
          cas_cli_error (_("%s Name a record another exam centre holds by its number (#ID), as "
                           "check-person shows it."), error->message);
          return CAS_EXIT_ERROR;
        }
      g_array_append_val (ids, person);
    }

  service = cas_merge_service_new (cli->db);
  /* Two records: one may be another centre's, a duplicate of the other */
  if (ids->len == 2)
    id = cas_merge_service_request_duplicate (service, cli->actor, g_array_index (ids, gint64, 0),
                                              g_array_index (ids, gint64, 1), reason, &error);
  else
    id = cas_merge_service_request (service, cli->actor, (gint64 *) (void *) ids->data,
                                    ids->len, reason, &error);
  if (id == 0)
    return cas_cli_fail (error);

  printf (_("Merge request #%" PRId64 " is pending: an operator other than you approves it.\n"),
          id);

  return CAS_EXIT_OK;
}

static int
merge_list (CasCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_text = NULL;
  CasMergeStatus status_filter;
  int status;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only requests in this state: pending, rejected, applied, undone"), "S" },
    { NULL }
  };

  context = cas_cli_subcommand_context ("",
                                        _("List merge requests, pending first, with the "
                                          "duplicate engine's score and reasons (operators: "
                                          "all; administrators: their own)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("merge list", _("unexpected argument “%s”"), argv[1]);
  if (status_text != NULL && !cas_merge_status_from_string (status_text, &status_filter))
    return cas_cli_usage_error ("merge list", _("--status takes pending, rejected, applied or "
                                                "undone, not “%s”"), status_text);

  if (!cas_cli_open (cli, "merge list", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_merge_service_new (cli->db);
  requests = cas_merge_service_list (service, cli->actor, status_text ? &status_filter : NULL,
                                     &error);
  if (requests == NULL)
    return cas_cli_fail (error);

  if (requests->len == 0)
    {
      printf ("%s\n", _("No merge request."));
      return CAS_EXIT_OK;
    }

  cas_cli_print_cell (_("ID"), 5);
  cas_cli_print_cell (_("Status"), 18);
  cas_cli_print_cell (C_("duplicate", "Score"), 5);
  cas_cli_print_cell (_("Band"), 8);
  cas_cli_print_cell (_("Requested by"), 14);
  cas_cli_print_cell (_("Records"), 40);
  printf ("%s\n", _("Reasons"));
  for (guint i = 0; i < requests->len; i++)
    {
      CasMergeRequest *r = g_ptr_array_index (requests, i);
      g_autofree char *id = g_strdup_printf ("%" PRId64, r->id);
      char score[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (r->reasons != NULL)
        g_ascii_formatd (score, sizeof score, "%.1f", r->score);
      cas_cli_print_cell (id, 5);
      cas_cli_print_cell (cas_merge_status_get_label (r->status), 18);
      cas_cli_print_cell (score, 5);
      cas_cli_print_cell (r->reasons ? cas_duplicate_band_get_label (r->band) : "", 8);
      cas_cli_print_cell (r->requested_by, 14);
      cas_cli_print_cell (r->names, 40);
      printf ("%s\n", r->reasons ? r->reasons : "");
    }

  return CAS_EXIT_OK;
}

static const char *
proposed_value (CasMergePreview *preview,
                const char      *key)
{
  for (guint f = 0; f < preview->fields->len; f++)
    {
      CasMergeField *field = g_ptr_array_index (preview->fields, f);

      if (g_str_equal (field->key, key))
        return field->proposed_value;
    }

  return NULL;
}

/* The attestations that carry another name than the survivor's as
 * proposed: re-issued only with --reissue-attestations */
static void
print_renamed (CasMergePreview *preview)
{
  const char *first = proposed_value (preview, "first_name");
  const char *last = proposed_value (preview, "last_name");
  g_autoptr(GPtrArray) renamed = cas_merge_preview_renamed_attestations (preview, first, last);

  if (renamed->len == 0)
    return;

  printf ("\n");
  printf (_("Attestations with another name than %s %s (they stay valid and keep their numbers; "
            "approve with --reissue-attestations to re-issue them with the survivor's name, "
            "which cannot be undone):\n"), first ? first : "", last ? last : "");
  for (guint i = 0; i < renamed->len; i++)
    {
      CasMergeAttestation *a = g_ptr_array_index (renamed, i);

      printf ("  %s: %s %s\n", a->display_number, a->first_name ? a->first_name : "",
              a->last_name ? a->last_name : "");
    }
}

static void
print_preview (CasMergeRequest *request,
               CasMergePreview *preview)
{
  g_autoptr(GString) identical = g_string_new (NULL);

  printf (_("Merge request #%" PRId64 " (%s), asked by %s on %.10s: %s\n"), request->id,
          cas_merge_status_get_label (request->status),
          request->requested_by ? request->requested_by : "?", request->requested_at,
          request->reason);
  if (request->reasons != NULL)
    {
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.1f", request->score);
      printf (_("Score %s (%s): %s\n"), score, cas_duplicate_band_get_label (request->band),
              request->reasons);
    }
  if (preview->changed)
    printf ("%s\n", _("A record changed since the request was made: the values below are the "
                      "new ones (approve with --reviewed)."));

  printf ("\n");
  cas_cli_print_cell ("", 16);
  for (guint i = 0; i < preview->records->len; i++)
    {
      CasMergeRecord *record = g_ptr_array_index (preview->records, i);
      g_autofree char *title = record->person->id == preview->survivor_id
                               ? g_strdup_printf (_("#%" PRId64 " (survivor)"), record->person->id)
                               : g_strdup_printf ("#%" PRId64, record->person->id);

      cas_cli_print_cell (title, 26);
    }
  printf ("%s\n", _("Survivor gets"));
  for (guint f = 0; f < preview->fields->len; f++)
    {
      CasMergeField *field = g_ptr_array_index (preview->fields, f);

      if (!field->differs)
        {
          if (g_ptr_array_index (field->values, 0) != NULL)
            g_string_append_printf (identical, "%s%s", identical->len ? ", " : "", field->label);
          continue;
        }
      cas_cli_print_cell (field->label, 16);
      for (guint i = 0; i < field->values->len; i++)
        cas_cli_print_cell (g_ptr_array_index (field->values, i), 26);
      printf ("%s\n", field->proposed_value ? field->proposed_value : "");
    }
  {
    CasMergeField *second = NULL;

    for (guint f = 0; f < preview->fields->len; f++)
      if (g_str_equal (((CasMergeField *) g_ptr_array_index (preview->fields, f))->key,
                       "email_secondary"))
        second = g_ptr_array_index (preview->fields, f);
    if (second != NULL && !second->differs && second->proposed_value != NULL)
      printf (_("Second e-mail: %s\n"), second->proposed_value);
  }
  if (identical->len > 0)
    printf (_("Identical: %s\n"), identical->str);

  printf ("\n");
  for (guint i = 0; i < preview->records->len; i++)
    {
      CasMergeRecord *r = g_ptr_array_index (preview->records, i);

      printf (_("#%" PRId64 " %s %s: %u registrations, %u attestations, %u sessions staffed, "
                "%u logins, %u audit events\n"),
              r->person->id, r->person->first_name, r->person->last_name, r->n_registrations,
              r->n_attestations, r->n_staffed, r->n_accounts, r->n_audit_events);
    }
  printf (_("Login kept: %s\n"), preview->account_login ? preview->account_login : _("none"));

  printf ("\n%s\n", preview->moves->len > 0 ? _("Moves to the survivor:")
                                            : _("Nothing moves to the survivor."));
  for (guint i = 0; i < preview->moves->len; i++)
    {
      CasMergeMove *move = g_ptr_array_index (preview->moves, i);

      printf (_("  from #%" PRId64 ": %s\n"), move->from_person, move->description);
    }

  print_renamed (preview);

  if (preview->conflicts->len > 0)
    printf ("\n%s\n", _("Conflicts (approve with --confirm-conflicts, or --resolve KEY=…):"));
  for (guint i = 0; i < preview->conflicts->len; i++)
    {
      CasMergeConflict *c = g_ptr_array_index (preview->conflicts, i);

      printf ("  %s: %s\n", c->key, c->description);
      printf (_("    proposed: %s (%s)\n"), c->resolution_label, c->resolution);
    }
}

/* The preview of request @id, with the survivor named by @survivor_ref */
static CasMergePreview *
load_preview (CasCli            *cli,
              CasMergeService   *service,
              gint64             id,
              const char        *survivor_ref,
              CasMergeRequest  **request,
              GError           **error)
{
  gint64 survivor = 0;

  if (survivor_ref != NULL && !cas_cli_resolve_person (cli, survivor_ref, &survivor, error))
    return NULL;

  *request = cas_merge_service_get (service, cli->actor, id, error);
  if (*request == NULL)
    return NULL;

  return cas_merge_service_preview (service, cli->actor, id, survivor, error);
}

/* Opens, parses the request number, and previews it with the survivor of
 * the --survivor option (*survivor_ref, once parsed) */
static CasMergePreview *
open_preview (CasCli            *cli,
              const char        *command,
              GOptionContext    *context,
              int               *argc,
              char            ***argv,
              char             **survivor_ref,
              CasMergeService  **service,
              CasMergeRequest  **request,
              int               *status)
{
  g_autoptr(GError) error = NULL;
  CasMergePreview *preview;
  gint64 id = 0;

  if (!start (cli, command, context, argc, argv, &id, status))
    return NULL;

  *service = cas_merge_service_new (cli->db);
  preview = load_preview (cli, *service, id, *survivor_ref, request, &error);
  if (preview == NULL)
    *status = cas_cli_fail (error);

  return preview;
}

static int
merge_show (CasCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(CasMergeRequest) request = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autofree char *survivor = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "survivor", 0, 0, G_OPTION_ARG_STRING, &survivor,
      N_("The record that survives (default: the one with the most history)"), "REF" },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("ID"),
                                        _("Show a merge request: the records side by side, what "
                                          "moves to the survivor, and the conflicts with their "
                                          "proposed resolutions (operators)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  preview = open_preview (cli, "merge show", context, &argc, &argv, &survivor, &service, &request,
                          &status);
  if (preview == NULL)
    return status;

  print_preview (request, preview);

  return CAS_EXIT_OK;
}

/* --take FIELD=REF|VALUE: a record of the request by reference or #ID, else
 * a typed value */
static gboolean
add_take (CasCli            *cli,
          CasMergeDecision  *decision,
          CasMergePreview   *preview,
          const char        *take,
          GError           **error)
{
  const char *equals = strchr (take, '=');
  g_autofree char *key = NULL;
  const char *value;

  if (equals == NULL || equals == take)
    {
      g_set_error (error, CAS_MERGE_ERROR, CAS_MERGE_ERROR_INVALID,
                   _("--take %s: write FIELD=REF or FIELD=VALUE"), take);
      return FALSE;
    }
  key = g_strndup (take, equals - take);
  value = equals + 1;

  for (guint i = 0; i < preview->records->len; i++)
    {
      CasPerson *p = ((CasMergeRecord *) g_ptr_array_index (preview->records, i))->person;
      g_autofree char *hash_ref = g_strdup_printf ("#%" PRId64, p->id);

      if (g_str_equal (value, hash_ref) || g_strcmp0 (value, p->external_ref) == 0)
        {
          cas_merge_decision_take_from (decision, key, p->id);
          return TRUE;
        }
    }

  cas_merge_decision_set_value (decision, key, value);

  return TRUE;
}

static int
merge_approve (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(CasMergeRequest) request = NULL;
  g_autoptr(CasMergePreview) preview = NULL;
  g_autoptr(CasMergeDecision) decision = cas_merge_decision_new ();
  g_autoptr(GPtrArray) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *survivor = NULL;
  g_auto(GStrv) takes = NULL;
  g_auto(GStrv) resolves = NULL;
  gboolean confirm = FALSE;
  gboolean reviewed = FALSE;
  gboolean reissue = FALSE;
  gint64 id = 0;
  int status;
  const GOptionEntry entries[] = {
    { "survivor", 0, 0, G_OPTION_ARG_STRING, &survivor,
      N_("The record that survives (default: the one with the most history)"), "REF" },
    { "take", 0, 0, G_OPTION_ARG_STRING_ARRAY, &takes,
      N_("The survivor's FIELD takes the value of record REF, or VALUE as typed (repeat)"),
      "FIELD=REF|VALUE" },
    { "confirm-conflicts", 0, 0, G_OPTION_ARG_NONE, &confirm,
      N_("Confirm the proposed resolution of every conflict"), NULL },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &resolves,
      N_("Resolve conflict KEY (as “merge show” names it) this way (repeat)"),
      "KEY=RESOLUTION" },
    { "reviewed", 0, 0, G_OPTION_ARG_NONE, &reviewed,
      N_("Records changed since the request: approve them as they are now"), NULL },
    { "reissue-attestations", 0, 0, G_OPTION_ARG_NONE, &reissue,
      N_("Re-issue the attestations that carry another name than the survivor's, with its "
         "name (the merge can then no longer be undone)"), NULL },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("ID"),
                                        _("Approve a pending merge request and apply it at once, "
                                          "in one transaction (an operator other than the one "
                                          "who asked). “merge show ID” shows what it does."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  preview = open_preview (cli, "merge approve", context, &argc, &argv, &survivor, &service,
                          &request, &status);
  if (preview == NULL)
    return status;
  id = request->id;

  cas_merge_decision_set_survivor (decision, preview->survivor_id);
  if (reviewed)
    cas_merge_decision_accept_preview (decision, preview, FALSE);
  for (guint i = 0; takes != NULL && takes[i] != NULL; i++)
    if (!add_take (cli, decision, preview, takes[i], &error))
      return cas_cli_fail (error);
  for (guint i = 0; resolves != NULL && resolves[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (resolves[i], "=", 2);

      if (g_strv_length (parts) != 2)
        return cas_cli_usage_error ("merge approve", _("--resolve %s: write KEY=RESOLUTION"),
                                    resolves[i]);
      cas_merge_decision_resolve (decision, parts[0], parts[1]);
    }
  for (guint i = 0; confirm && i < preview->conflicts->len; i++)
    {
      CasMergeConflict *c = g_ptr_array_index (preview->conflicts, i);
      gboolean given = FALSE;

      for (guint r = 0; resolves != NULL && resolves[r] != NULL; r++)
        given = given || (g_str_has_prefix (resolves[r], c->key) &&
                          resolves[r][strlen (c->key)] == '=');
      if (!given)
        cas_merge_decision_resolve (decision, c->key, c->resolution);
    }

  cas_merge_decision_set_reissue (decision, reissue);

  if (!cas_merge_service_approve (service, cli->actor, id, decision, &error))
    return cas_cli_fail (error);

  /* What was re-issued: the attestations with another name than the
   * survivor's now */
  if (reissue)
    {
      g_autoptr(CasPersonService) persons = cas_person_service_new (cli->db);
      g_autoptr(CasPerson) merged = cas_person_service_get (persons, cli->actor,
                                                           preview->survivor_id, &error);

      if (merged == NULL)
        return cas_cli_fail (error);
      renamed = cas_merge_preview_renamed_attestations (preview, merged->first_name,
                                                        merged->last_name);
      for (guint i = 0; i < renamed->len; i++)
        {
          CasMergeAttestation *a = g_ptr_array_index (renamed, i);

          printf (_("Attestation %s re-issued with the name %s %s.\n"), a->number,
                  merged->first_name, merged->last_name);
        }
    }

  if (renamed != NULL && renamed->len > 0)
    printf (_("Merge request #%" PRId64 " is applied: #%" PRId64 " holds everything. It "
              "re-issued attestations: it cannot be undone.\n"), id, preview->survivor_id);
  else
    printf (_("Merge request #%" PRId64 " is applied: #%" PRId64 " holds everything; "
              "“certassur merge undo %" PRId64 "” undoes it.\n"), id, preview->survivor_id, id);

  return CAS_EXIT_OK;
}

static int
merge_reject (CasCli  *cli,
              int      argc,
              char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean not_same = FALSE;
  gint64 id = 0;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required)"), "TEXT" },
    { "not-same", 0, 0, G_OPTION_ARG_NONE, &not_same,
      N_("The records are not the same person: never propose them again"), NULL },
    { NULL }
  };

  context = cas_cli_subcommand_context (_("ID"), _("Reject a pending merge request (operators)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!start (cli, "merge reject", context, &argc, &argv, &id, &status))
    return status;
  if (reason == NULL && !not_same)
    return cas_cli_usage_error ("merge reject", "%s", _("say why with --reason TEXT"));

  service = cas_merge_service_new (cli->db);
  if (not_same ? !cas_merge_service_not_same (service, cli->actor, id, reason, &error)
               : !cas_merge_service_reject (service, cli->actor, id, reason, &error))
    return cas_cli_fail (error);

  printf (not_same ? _("Merge request #%" PRId64 " is rejected; its records are recorded as "
                       "different persons.\n")
                   : _("Merge request #%" PRId64 " is rejected.\n"), id);

  return CAS_EXIT_OK;
}

static int
merge_undo (CasCli  *cli,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;

  context = cas_cli_subcommand_context (_("ID"),
                                        _("Undo an applied merge: both records, their logins and "
                                          "every row moved, as they were (operators, within 90 "
                                          "days)."));
  if (!start (cli, "merge undo", context, &argc, &argv, &id, &status))
    return status;

  service = cas_merge_service_new (cli->db);
  if (!cas_merge_service_undo (service, cli->actor, id, &error))
    return cas_cli_fail (error);

  printf (_("Merge request #%" PRId64 " is undone.\n"), id);

  return CAS_EXIT_OK;
}

int
cas_cli_merge (CasCli  *cli,
               int      argc,
               char   **argv)
{
  static const struct
  {
    const char        *name;
    const char        *full;
    CasCliCommandFunc  func;
  } subcommands[] = {
    { "request", "merge request", merge_request },
    { "list", "merge list", merge_list },
    { "show", "merge show", merge_show },
    { "approve", "merge approve", merge_approve },
    { "reject", "merge reject", merge_reject },
    { "undo", "merge undo", merge_undo },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        argv[1] = (char *) subcommands[i].full;
        return subcommands[i].func (cli, argc - 1, argv + 1);
      }

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("%s\n\n", _("Usage: certassur --user LOGIN merge request|list|show|approve|reject|"
                          "undo …"));
      printf ("%s\n", _("Merge persons recorded twice: request, review, approve (four eyes), "
                        "undo. “certassur merge SUBCOMMAND --help” describes each."));
      return CAS_EXIT_OK;
    }

  return cas_cli_usage_error ("merge", "%s",
                              _("name what to do: request, list, show, approve, reject or undo"));
}

int
cas_cli_check (CasCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CasMergeService) service = NULL;
  g_autoptr(CasMergeCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = cas_cli_subcommand_context ("",
                                        _("Check the register after merges and undos: merged "
                                          "records lead to a living one, attestations belong to "
                                          "the person of their registration, no login of a "
                                          "merged record is enabled (operators). Exits with 1 "
                                          "when something is wrong."));
  if ((status = cas_cli_parse (context, &argc, &argv)) != CAS_EXIT_OK)
    return status;
  if (argc > 1)
    return cas_cli_usage_error ("check", _("unexpected argument “%s”"), argv[1]);
  if (!cas_cli_open (cli, "check", FALSE, CAS_CLI_USER, &status))
    return status;

  service = cas_merge_service_new (cli->db);
  check = cas_merge_service_check (service, cli->actor, &error);
  if (check == NULL)
    return cas_cli_fail (error);

  printf (_("%" PRId64 " persons (%" PRId64 " merged away), %" PRId64 " registrations, %"
            PRId64 " attestations, %" PRId64 " logins, %" PRId64 " audit events\n"),
          check->n_persons, check->n_tombstones, check->n_registrations, check->n_attestations,
          check->n_accounts, check->n_audit_events);
  for (guint i = 0; i < check->problems->len; i++)
    printf ("%s\n", (const char *) g_ptr_array_index (check->problems, i));
  if (check->problems->len > 0)
    return CAS_EXIT_ERROR;

  printf ("%s\n", _("All checks hold."));

  return CAS_EXIT_OK;
}
