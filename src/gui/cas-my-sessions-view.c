/* cas-my-sessions-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-my-sessions-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "cas-attestation-actions.h"
#include "cas-attestation-service.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-my-sessions-view.h"
#include "cas-my-sessions.h"
#include "cas-util.h"

struct _CasMySessionsView
{
  CasView              parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkListBox          *upcoming_list;
  AdwStatusPage       *upcoming_empty;
  GtkListBox          *past_list;
  AdwStatusPage       *past_empty;
  AdwStatusPage       *no_person_page;
  AdwStatusPage       *error_page;

  /* Owned references */
  GCancellable        *cancellable;

  /* "Show N More Sessions" was clicked: refreshing keeps them all */
  gboolean             show_all_upcoming;
};

G_DEFINE_FINAL_TYPE (CasMySessionsView, cas_my_sessions_view, CAS_TYPE_VIEW)

/* A staff member may have dozens of coming sessions: the first ones show,
 * the others on demand, so that the past exams stay in sight */
#define UPCOMING_SHOWN 5

/* Dates, in the user's language (the same formats as the Sessions view) */

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* The session's start, "YYYY-MM-DD HH:MM" (or with a T) in local time */
static GDateTime *
parse_start (const CasMySession *entry)
{
  int year, month, day, hour, minute;
  char separator;

  if (entry->starts_at == NULL ||
      sscanf (entry->starts_at, "%d-%d-%d%c%d:%d",
              &year, &month, &day, &separator, &hour, &minute) != 6)
    return NULL;

  return g_date_time_new (cas_get_time_zone (), year, month, day, hour, minute, 0);
}

/* "Thu 3 Dec 2026, 09:30–11:30 (2 h)" */
static char *
format_schedule (const CasMySession *entry)
{
  g_autoptr(GDateTime) start = parse_start (entry);
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *duration = NULL;

  if (start == NULL)
    return g_strdup (entry->starts_at ? entry->starts_at : "");

  if (entry->duration_minutes <= 0)
    /* Translators: the date and time of an exam session, as in
     * "Thu 3 Dec 2026, 09:30"; see the strftime-like codes of
     * g_date_time_format () */
    return g_date_time_format (start, _("%a %-d %b %Y, %H:%M"));

  end = g_date_time_add_minutes (start, entry->duration_minutes);
  /* Translators: the day of an exam session, "Thu 3 Dec 2026" */
  day = g_date_time_format (start, _("%a %-d %b %Y"));
  /* Translators: a time of day, "09:30" */
  from = g_date_time_format (start, _("%H:%M"));
  to = g_date_time_format (end, _("%H:%M"));
  duration = cas_format_duration (entry->duration_minutes);

  /* Translators: day, start time, end time and duration of a session,
   * "Thu 3 Dec 2026, 09:30–11:30 (2 h)" */
  return g_strdup_printf (_("%s, %s–%s (%s)"), day, from, to, duration);
}

/* "Thu 3 Dec 2026" */
static char *
format_day (const CasMySession *entry)
{
  g_autoptr(GDateTime) start = parse_start (entry);

  if (start == NULL)
    return g_strdup (entry->starts_at ? entry->starts_at : "");

  /* Translators: the day of an exam session, "Thu 3 Dec 2026" */
  return g_date_time_format (start, _("%a %-d %b %Y"));
}

/* "INS-1 Module 1 – General knowledge" */
static char *
format_exam (const CasMySession *entry)
{
  if (is_set (entry->exam_code) && is_set (entry->exam_title))
    return g_strconcat (entry->exam_code, " ", entry->exam_title, NULL);

  return g_strdup (is_set (entry->exam_code) ? entry->exam_code
                                             : entry->exam_title ? entry->exam_title : "");
}

/* "Rue Royale 35, Salle 1 · Assurcentre Bruxelles": what is known of it */
static char *
format_where (const CasMySession *entry)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autoptr(GPtrArray) place = g_ptr_array_new ();
  g_autofree char *place_text = NULL;

  if (is_set (entry->location))
    g_ptr_array_add (place, entry->location);
  if (is_set (entry->room))
    g_ptr_array_add (place, entry->room);
  g_ptr_array_add (place, NULL);
  place_text = g_strjoinv (", ", (char **) place->pdata);

  if (is_set (place_text))
    g_ptr_array_add (parts, place_text);
  if (is_set (entry->centre))
    g_ptr_array_add (parts, entry->centre);
  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the parts of a line of text, as in
   * "Rue Royale 35, Salle 1 · Assurcentre Bruxelles" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* Rows */

/* AdwActionRow and AdwExpanderRow are labelled by their title and
 * described by their subtitle; GTK 4.8 then says both those and the
 * name given, twice over: the name given is all there is to say */
static void
set_row_name (GtkWidget  *row,
              const char *name,
              const char *description)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The day of the month over its month, as on a tear-off calendar; the
 * row says the date in words, so the tile is for the eyes only */
static GtkWidget *
create_date_tile (const CasMySession *entry,
                  gboolean            past)
{
  g_autoptr(GDateTime) start = parse_start (entry);
  g_autofree char *day = NULL;
  g_autofree char *month = NULL;
  GtkWidget *tile;

  tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (tile, "date-tile");
  if (past)
    gtk_widget_add_css_class (tile, "past");
  gtk_widget_set_valign (tile, GTK_ALIGN_CENTER);

  if (start == NULL)
    return tile;

  day = g_date_time_format (start, "%-d");
  /* Translators: the month on the small calendar of a session row,
   * abbreviated ("Dec"); see g_date_time_format () */
  month = g_date_time_format (start, _("%b"));

  gtk_box_append (GTK_BOX (tile), g_object_new (GTK_TYPE_LABEL,
                                                "label", day,
                                                "accessible-role",
                                                GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                "css-classes",
                                                (const char *[]) { "day", "numeric", NULL },
                                                NULL));
  gtk_box_append (GTK_BOX (tile), g_object_new (GTK_TYPE_LABEL,
                                                "label", month,
                                                "accessible-role",
                                                GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                "css-classes",
                                                (const char *[]) { "month", NULL },
                                                NULL));

  return tile;
}

static const char *
role_style (CasRole role)
{
  return role == CAS_ROLE_CANDIDATE ? "accent" : NULL;
}

static GtkWidget *
create_upcoming_row (const CasMySession *entry)
{
  g_autofree char *exam = format_exam (entry);
  g_autofree char *schedule = format_schedule (entry);
  g_autofree char *where = format_where (entry);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  const char *role = cas_role_get_label (entry->role);
  gboolean cancelled = entry->session_status == CAS_SESSION_CANCELLED;
  GtkWidget *row;

  subtitle = is_set (where) ? g_strconcat (schedule, "\n", where, NULL) : g_strdup (schedule);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", exam,
                      "subtitle", subtitle,
                      "activatable", FALSE,
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), create_date_tile (entry, FALSE));
  if (cancelled)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               cas_gui_new_pill (cas_session_status_get_label
                                                   (CAS_SESSION_CANCELLED),
                                                 "error"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             cas_gui_new_pill (role, role_style (entry->role)));

  /* When, what and the role, as the row shows them; then where */
  if (cancelled)
    /* Translators: how a screen reader names a coming session, "Thu 3 Dec
     * 2026, 09:30–11:30 (2 h), INS-1 General knowledge, Controller,
     * Cancelled" */
    name = g_strdup_printf (_("%s, %s, %s, %s"), schedule, exam, role,
                            cas_session_status_get_label (CAS_SESSION_CANCELLED));
  else
    /* Translators: how a screen reader names a coming session, "Thu 3 Dec
     * 2026, 09:30–11:30 (2 h), INS-1 General knowledge, Controller" */
    name = g_strdup_printf (_("%s, %s, %s"), schedule, exam, role);
  set_row_name (row, name, is_set (where) ? where : NULL);

  return row;
}

/* "Passed 78/100", "Failed", "Absent"…, and the style of its pill */
static char *
dup_result (const CasMySession  *entry,
            const char         **style)
{
  *style = NULL;

  switch (entry->registration_status)
    {
    case CAS_REGISTRATION_PASSED:
      *style = "success";
      if (entry->score >= 0)
        /* Translators: the result of an exam and its score out of 100 */
        return g_strdup_printf (C_("result", "Passed %d/100"), entry->score);
      return g_strdup (cas_registration_status_get_label (entry->registration_status));

    case CAS_REGISTRATION_FAILED:
      *style = "error";
      if (entry->score >= 0)
        /* Translators: the result of an exam and its score out of 100 */
        return g_strdup_printf (C_("result", "Failed %d/100"), entry->score);
      return g_strdup (cas_registration_status_get_label (entry->registration_status));

    case CAS_REGISTRATION_ABSENT:
    case CAS_REGISTRATION_CANCELLED:
      return g_strdup (cas_registration_status_get_label (entry->registration_status));

    case CAS_REGISTRATION_REGISTERED:
    case CAS_REGISTRATION_PRESENT:
    default:
      if (entry->session_status == CAS_SESSION_CANCELLED)
        {
          *style = "error";
          return g_strdup (cas_session_status_get_label (CAS_SESSION_CANCELLED));
        }
      /* Translators: an exam sat whose result is not recorded yet */
      return g_strdup (_("Awaiting result"));
    }
}

static const char *
attestation_style (int status)
{
  switch (status)
    {
    case CAS_ATTESTATION_VALID:      return "success";
    case CAS_ATTESTATION_REVOKED:    return "error";
    case CAS_ATTESTATION_SUPERSEDED: return "warning";
    default:                         return NULL;
    }
}

static GtkWidget *
create_attestation_button (const char *action_name,
                           gint64      attestation_id,
                           const char *label,
                           const char *icon_name)
{
  GtkWidget *button;

  if (icon_name != NULL)
    {
      button = gtk_button_new_from_icon_name (icon_name);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else
    {
      button = gtk_button_new_with_label (label);
    }

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (attestation_id));

  return button;
}

/* The attestation of a passed exam, in a row under the exam's: its
 * number and status, and what one does with it. The number is never
 * broken across lines. */
static GtkWidget *
create_attestation_row (const CasMySession *entry)
{
  const char *status = cas_attestation_status_get_label (entry->attestation_status);
  g_autofree char *name = NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *number;
  GtkWidget *pill;
  GtkWidget *buttons;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "attestation");
  gtk_box_append (GTK_BOX (box),
                  g_object_new (GTK_TYPE_IMAGE,
                                "icon-name", "application-certificate-symbolic",
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL));

  /* The number over its status: the icon says what it is, and the row
   * keeps room for its buttons on a narrow window */
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  number = g_object_new (GTK_TYPE_LABEL,
                         "label", entry->attestation_number,
                         "xalign", 0.0f,
                         "selectable", TRUE,
                         "tooltip-text", _("Attestation number"),
                         NULL);
  gtk_widget_add_css_class (number, "numeric");
  gtk_box_append (GTK_BOX (texts), number);
  pill = cas_gui_new_pill (status, attestation_style (entry->attestation_status));
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (texts), pill);
  gtk_box_append (GTK_BOX (box), texts);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons),
                  create_attestation_button ("my-sessions.open", entry->attestation_id,
                                             _("Open"), NULL));
  gtk_box_append (GTK_BOX (buttons),
                  create_attestation_button ("my-sessions.print", entry->attestation_id,
                                             _("Print…"), "printer-symbolic"));
  gtk_box_append (GTK_BOX (buttons),
                  create_attestation_button ("my-sessions.save", entry->attestation_id,
                                             _("Save as PDF…"), "document-save-symbolic"));
  gtk_box_append (GTK_BOX (box), buttons);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: how a screen reader names an attestation,
   * "Attestation CA-2026-000123, Valid" */
  name = g_strdup_printf (_("Attestation %s, %s"), entry->attestation_number, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return row;
}

static GtkWidget *
create_past_row (const CasMySession *entry)
{
  g_autofree char *exam = format_exam (entry);
  g_autofree char *day = format_day (entry);
  g_autofree char *subtitle = NULL;
  g_autofree char *result = NULL;
  g_autofree char *name = NULL;
  const char *style;
  GtkWidget *row;

  result = dup_result (entry, &style);

  if (is_set (entry->centre))
    /* Translators: the day of an exam and its centre, "Mon 11 May 2026 ·
     * Assurcentre Bruxelles" */
    subtitle = g_strdup_printf (_("%s · %s"), day, entry->centre);
  else
    subtitle = g_strdup (day);

  if (entry->attestation_id > 0)
    {
      /* The attestation is a row of its own under the exam's, shown */
      row = g_object_new (ADW_TYPE_EXPANDER_ROW,
                          "use-markup", FALSE,
                          "title", exam,
                          "subtitle", subtitle,
                          "expanded", TRUE,
                          NULL);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), create_date_tile (entry, TRUE));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), cas_gui_new_pill (result, style));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), create_attestation_row (entry));
    }
  else
    {
      if (entry->registration_status == CAS_REGISTRATION_PASSED)
        {
          char *with_note;

          /* Translators: under a passed exam whose attestation Certassur
           * has not issued yet */
          with_note = g_strconcat (subtitle, "\n", _("Attestation not issued yet"), NULL);
          g_free (subtitle);
          subtitle = with_note;
        }

      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "use-markup", FALSE,
                          "title", exam,
                          "subtitle", subtitle,
                          "activatable", FALSE,
                          NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), create_date_tile (entry, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cas_gui_new_pill (result, style));
    }

  /* Translators: how a screen reader names a past exam, "Mon 11 May 2026,
   * INS-1 General knowledge, Passed 78/100" */
  name = g_strdup_printf (_("%s, %s, %s"), day, exam, result);
  set_row_name (row, name, subtitle);

  return row;
}

/* The last row of a shortened list: shows the rest */
static GtkWidget *
create_more_row (guint n_more)
{
  g_autofree char *text = NULL;
  GtkWidget *row;
  GtkWidget *label;

  /* Translators: the last row of a shortened list of coming sessions */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %'u More Session",
                                       "Show %'u More Sessions", n_more),
                          n_more);
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", text,
                        "wrap", TRUE,
                        "justify", GTK_JUSTIFY_CENTER,
                        "margin-top", 15,
                        "margin-bottom", 15,
                        "margin-start", 12,
                        "margin-end", 12,
                        NULL);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_name (row, "more");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);

  return row;
}

static void
fill_upcoming (CasMySessionsView *self,
               GPtrArray         *entries)
{
  gboolean shorten = !self->show_all_upcoming && entries->len > UPCOMING_SHOWN + 1;

  cas_gui_list_box_remove_all (self->upcoming_list);

  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = create_upcoming_row (g_ptr_array_index (entries, i));

      gtk_widget_set_visible (row, !shorten || i < UPCOMING_SHOWN);
      gtk_list_box_append (self->upcoming_list, row);
    }

  if (shorten)
    gtk_list_box_append (self->upcoming_list, create_more_row (entries->len - UPCOMING_SHOWN));

  gtk_widget_set_visible (GTK_WIDGET (self->upcoming_list), entries->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->upcoming_empty), entries->len == 0);
}

static void
fill_past (CasMySessionsView *self,
           GPtrArray         *entries)
{
  cas_gui_list_box_remove_all (self->past_list);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->past_list, create_past_row (g_ptr_array_index (entries, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->past_list), entries->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->past_empty), entries->len == 0);
}

/* Loading */

static void
set_loading (CasMySessionsView *self,
             gboolean           loading)
{
  cas_gui_set_spinning (self->spinner, loading);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CasMySessionsView) self = user_data;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;
  g_autoptr(GError) error = NULL;

  if (!cas_my_sessions_list_finish (CAS_DATABASE (object), result, &upcoming, &past, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A newer load, or the view went away */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_warning ("Cannot load the exam sessions: %s", error->message);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* The rows copy what they show: the lists can go with this function */
  fill_upcoming (self, upcoming);
  fill_past (self, past);
  gtk_stack_set_visible_child_name (self->stack,
                                    upcoming->len + past->len > 0 ? "sessions" : "empty");
}

static void
reload (CasMySessionsView *self)
{
  CasAccount *account = cas_view_get_account (CAS_VIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* An account without a person sits, administers and supervises nothing:
   * say so rather than show two empty lists */
  if (cas_account_get_person_id (account) <= 0)
    {
      const char *description;

      /* Staff reach every session they may see in the Sessions view */
      if (cas_account_get_roles (account) &
          (CAS_ROLE_OPERATOR | CAS_ROLE_ADMIN | CAS_ROLE_CONTROLLER))
        description = _("Your account is not linked to a person record, so no exam session "
                        "is yours. Operator accounts usually are not: the Sessions view lists "
                        "the sessions you may see.");
      else
        description = _("Your account is not linked to a person record, so no exam session "
                        "is yours. Ask Certassur to link it to your record.");
      adw_status_page_set_description (self->no_person_page, description);
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-person");
      return;
    }

  self->cancellable = g_cancellable_new ();

  /* Refreshing keeps what is shown, with a spinner; else the page spins */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sessions") == 0)
    set_loading (self, TRUE);
  else
    gtk_stack_set_visible_child_name (self->stack, "loading");

  cas_my_sessions_list_async (cas_view_get_database (CAS_VIEW (self)), account,
                              self->cancellable, list_cb, g_object_ref (self));
}

/* Callbacks and actions */

static void
on_upcoming_list_row_activated_cb (CasMySessionsView *self,
                                   GtkListBoxRow     *row,
                                   GtkListBox        *list)
{
  GtkWidget *first_shown = NULL;

  if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), "more") != 0)
    return;

  self->show_all_upcoming = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && !gtk_widget_get_visible (child))
        {
          gtk_widget_set_visible (child, TRUE);
          if (first_shown == NULL)
            first_shown = child;
        }
    }

  /* The first session it showed takes the focus the row had */
  if (first_shown != NULL)
    gtk_widget_grab_focus (first_shown);
  gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
on_retry_button_clicked_cb (CasMySessionsView *self,
                            GtkButton         *button)
{
  reload (self);
}

typedef void (*AttestationAction) (GtkWidget   *parent,
                                   CasDatabase *db,
                                   CasAccount  *account,
                                   gint64       attestation_id);

static void
run_attestation_action (CasMySessionsView *self,
                        GVariant          *parameter,
                        AttestationAction  action)
{
  gint64 id = g_variant_get_int64 (parameter);

  g_assert (id > 0);

  action (GTK_WIDGET (self), cas_view_get_database (CAS_VIEW (self)),
          cas_view_get_account (CAS_VIEW (self)), id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_attestation_action (CAS_MY_SESSIONS_VIEW (widget), parameter, cas_attestation_open);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  run_attestation_action (CAS_MY_SESSIONS_VIEW (widget), parameter, cas_attestation_print);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_attestation_action (CAS_MY_SESSIONS_VIEW (widget), parameter, cas_attestation_save);
}

/* CasView */

static void
cas_my_sessions_view_refresh (CasView *view)
{
  reload (CAS_MY_SESSIONS_VIEW (view));
}

static void
cas_my_sessions_view_activate_primary (CasView *view)
{
  /* The window's Verify Attestation, which the primary menu also offers */
  gtk_widget_activate_action (GTK_WIDGET (view), "win.verify", NULL);
}

/* GObject */

static void
cas_my_sessions_view_constructed (GObject *object)
{
  CasMySessionsView *self = CAS_MY_SESSIONS_VIEW (object);

  G_OBJECT_CLASS (cas_my_sessions_view_parent_class)->constructed (object);

  reload (self);
}

static void
cas_my_sessions_view_dispose (GObject *object)
{
  CasMySessionsView *self = CAS_MY_SESSIONS_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_MY_SESSIONS_VIEW);

  G_OBJECT_CLASS (cas_my_sessions_view_parent_class)->dispose (object);
}

static void
cas_my_sessions_view_class_init (CasMySessionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CasViewClass *view_class = CAS_VIEW_CLASS (klass);

  object_class->constructed = cas_my_sessions_view_constructed;
  object_class->dispose = cas_my_sessions_view_dispose;

  view_class->refresh = cas_my_sessions_view_refresh;
  view_class->activate_primary = cas_my_sessions_view_activate_primary;

  gtk_widget_class_install_action (widget_class, "my-sessions.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "my-sessions.print", "x", print_action);
  gtk_widget_class_install_action (widget_class, "my-sessions.save", "x", save_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-my-sessions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, upcoming_empty);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, past_list);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, past_empty);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, no_person_page);
  gtk_widget_class_bind_template_child (widget_class, CasMySessionsView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_upcoming_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
}

static void
cas_my_sessions_view_init (CasMySessionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
