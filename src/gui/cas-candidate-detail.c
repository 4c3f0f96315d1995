/* cas-candidate-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-candidate-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cas-candidate-detail.h"
#include "cas-candidate-row.h"
#include "cas-contact-dialog.h"
#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-merge-jobs.h"
#include "cas-reason-dialog.h"
#include "cas-view.h"
#include "cas-views.h"

struct _CasCandidateDetail
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwPreferencesPage  *page;
  GtkLabel            *title_label;
  GtkSpinner          *spinner;
  GtkLabel            *subtitle_label;
  GtkWidget           *duplicate_label;
  GtkLabel            *error_label;
  GtkWidget           *retry_button;
  AdwActionRow        *birth_row;
  AdwActionRow        *sex_row;
  AdwActionRow        *nrn_row;
  AdwActionRow        *ref_row;
  AdwActionRow        *centre_row;
  GtkWidget           *edit_button;
  AdwActionRow        *email_row;
  AdwActionRow        *email2_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *address_row;
  AdwActionRow        *language_row;
  GtkWidget           *account_group;
  AdwActionRow        *login_row;
  AdwActionRow        *roles_row;
  AdwActionRow        *state_row;
  AdwPreferencesGroup *exams_group;
  GtkListBox          *exams_list;
  AdwPreferencesGroup *attestations_group;
  GtkListBox          *attestations_list;
  GtkWidget           *duplicates_group;
  GtkWidget           *merge_with_button;
  GtkListBox          *duplicates_list;
  GtkWidget           *history_group;
  GtkListBox          *history_list;

  /* Owned references */
  CasPersonRegister   *person_register;
  CasPersonService    *persons;
  CasAccount          *account;
  CasPersonSummary    *person;
  CasPersonDetail     *detail;
  GCancellable        *cancellable;
  CasMergeService     *merges;

  /* The record a merge is being asked with, while the reason is typed */
  gint64               merge_with;
};

G_DEFINE_FINAL_TYPE (CasCandidateDetail, cas_candidate_detail, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Helpers */

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean known = value != NULL && value[0] != '\0';

  /* An empty subtitle would leave the row with its caption only */
  adw_action_row_set_subtitle (row, known ? value : _("—"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  known ? value : _("Not given"),
                                  -1);
}

static GtkWidget *
create_row (const char *title,
            const char *subtitle)
{
  return g_object_new (ADW_TYPE_ACTION_ROW,
                       "use-markup", FALSE,
                       "title", title,
                       "subtitle", subtitle ? subtitle : "",
                       "title-lines", 2,
                       "subtitle-lines", 3,
                       NULL);
}

/* The row is named after its title; say the rest too */
static void
describe_row (GtkWidget  *row,
              const char *first,
              const char *second)
{
  g_autofree char *description = NULL;

  if (first != NULL && second != NULL && second[0] != '\0')
    description = g_strdup_printf ("%s, %s", first, second);
  else
    description = g_strdup (first ? first : second);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
set_list_placeholder (GtkListBox *list,
                      const char *text)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "xalign", 0.0f,
                                   "margin-top", 12,
                                   "margin-bottom", 12,
                                   "margin-start", 12,
                                   "margin-end", 12,
                                   NULL);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

/* "2026-03-12T09:30" in Brussels time: "12 Mar 2026, 09:30" */
static char *
format_start (const char *starts_at)
{
  g_autofree char *day = NULL;
  g_autofree char *date = NULL;

  if (starts_at == NULL || strlen (starts_at) < 16)
    return g_strdup (starts_at ? starts_at : "");

  day = g_strndup (starts_at, 10);
  date = cas_format_date (day);

  /* Translators: a date and a time, "12 Mar 2026, 09:30" */
  return g_strdup_printf (_("%s, %s"), date, starts_at + 11);
}

/* Rows of the lists */

static GtkWidget *
create_exam_row (const CasPersonExam *exam)
{
  const char *status_label = cas_registration_status_get_label (exam->status);
  g_autofree char *title = NULL;
  g_autofree char *start = format_start (exam->starts_at);
  g_autofree char *subtitle = NULL;
  g_autofree char *score = NULL;
  g_autofree char *said = NULL;
  GtkWidget *row;

  /* Translators: an exam's code and title, "INS-1 Module 1 – General knowledge" */
  title = g_strdup_printf (C_("exam", "%s %s"), exam->exam_code,
                           exam->exam_title ? exam->exam_title : "");
  if (exam->centre != NULL)
    /* Translators: when and where a session takes place */
    subtitle = g_strdup_printf (_("%s · %s"), start, exam->centre);
  else
    subtitle = g_strdup (start);

  row = create_row (title, subtitle);

  if (exam->score >= 0)
    {
      GtkWidget *label;

      /* Translators: a score out of 100, "72/100" */
      score = g_strdup_printf (_("%d/100"), exam->score);
      label = gtk_label_new (score);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             cas_gui_new_pill (status_label,
                                               cas_gui_registration_status_style (exam->status)));

  said = score ? g_strdup_printf ("%s, %s", status_label, score) : g_strdup (status_label);
  describe_row (row, said, subtitle);

  return row;
}

static GtkWidget *
create_attestation_row (CasCandidateDetail   *self,
                        const CasAttestation *attestation)
{
  const CasViewInfo *info = cas_views_lookup ("attestations");
  const char *status_label = cas_attestation_status_get_label (attestation->status);
  const char *style = attestation->status == CAS_ATTESTATION_VALID ? "success"
                      : attestation->status == CAS_ATTESTATION_REVOKED ? "error" : "dim-label";
  g_autofree char *number = cas_attestation_dup_display_number (attestation);
  g_autofree char *issued = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  issued = cas_format_date (attestation->issued_at ? attestation->issued_at : "");
  /* Translators: an attestation's exam and the day it was issued,
   * "INS-1 Module 1 · issued 12 Mar 2026" */
  subtitle = g_strdup_printf (_("%s %s · issued %s"),
                              attestation->exam_code ? attestation->exam_code : "",
                              attestation->exam_title ? attestation->exam_title : "",
                              issued);
  row = create_row (number, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cas_gui_new_pill (status_label, style));

  /* The Attestations view shows it among its session's */
  if (info != NULL && cas_view_info_is_visible_to (info, self->account) &&
      attestation->session_id > 0)
    {
      GtkWidget *button;

      button = g_object_new (GTK_TYPE_BUTTON,
                             "icon-name", "go-next-symbolic",
                             "valign", GTK_ALIGN_CENTER,
                             "tooltip-text", _("Show in the Attestations view"),
                             "action-name", "shell.show-session",
                             NULL);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)",
                                        info->id, attestation->session_id);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Show in the Attestations view"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  describe_row (row, status_label, subtitle);

  return row;
}

static void on_request_merge_clicked_cb (CasCandidateDetail *self,
                                         GtkButton          *button);

static GtkWidget *
create_duplicate_row (CasCandidateDetail         *self,
                      const CasDuplicateProposal *proposal,
                      gboolean                    may_merge)
{
  const CasDuplicatePerson *other = proposal->a;
  const char *band = cas_duplicate_band_get_label (proposal->band);
  g_autofree char *name = cas_candidate_dup_sort_name (other->first_name, other->last_name);
  g_autofree char *title = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *subtitle = NULL;
  GString *text = g_string_new (NULL);
  GtkWidget *row;

  /* Translators: a person and their reference, "Lambert, Sophie (#12)" */
  title = g_strdup_printf (_("%s (%s)"), name, other->ref ? other->ref : "");
  if (other->birth_date != NULL)
    {
      birth = cas_format_date (other->birth_date);
      /* Translators: a person's birth date, "born 3 Dec 1985" */
      g_string_append_printf (text, _("born %s"), birth);
    }
  if (other->centre != NULL)
    {
      if (text->len > 0)
        g_string_append (text, _(" · "));
      g_string_append (text, other->centre);
    }
  if (proposal->reasons != NULL && proposal->reasons[0] != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, proposal->reasons);
    }
  subtitle = g_string_free (text, FALSE);

  row = create_row (title, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             cas_gui_new_pill (band, proposal->band == CAS_DUPLICATE_BAND_LIKELY
                                                     ? "warning" : NULL));
  if (may_merge)
    {
      GtkWidget *button;

      /* Translators: %s is a person's reference */
      g_autofree char *label = g_strdup_printf (_("Request a merge with %s"),
                                                other->ref ? other->ref : "");

      button = g_object_new (GTK_TYPE_BUTTON,
                             "label", _("Request Merge…"),
                             "valign", GTK_ALIGN_CENTER,
                             "tooltip-text", label,
                             NULL);
      g_object_set_data (G_OBJECT (button), "cas-person-id",
                         GSIZE_TO_POINTER ((gsize) other->id));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_request_merge_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  describe_row (row, band, subtitle);

  return row;
}

static GtkWidget *
create_history_row (const CasAuditEvent *event)
{
  g_autofree char *when = cas_format_timestamp (event->occurred_at, FALSE);
  g_autofree char *details = cas_format_audit_details (event);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (details[0] != '\0')
    /* Translators: when, who, and what an audit event changed */
    subtitle = g_strdup_printf (_("%s · %s\n%s"), when, event->actor, details);
  else
    /* Translators: when and who of an audit event */
    subtitle = g_strdup_printf (_("%s · %s"), when, event->actor);

  row = create_row (cas_format_audit_action (event->action), subtitle);
  describe_row (row, NULL, subtitle);

  return row;
}

/* Showing the person */

static char *
format_roles (CasRole roles)
{
  static const CasRole all[] = {
    CAS_ROLE_OPERATOR, CAS_ROLE_ADMIN, CAS_ROLE_CONTROLLER, CAS_ROLE_CANDIDATE,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if ((roles & all[i]) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, _(" · "));
      g_string_append (text, cas_role_get_label (all[i]));
    }

  if (text->len == 0)
    return g_strdup (_("No role"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
may_edit (CasCandidateDetail *self,
          const CasPerson    *person)
{
  const gint64 *centres;
  guint n_centres = 0;

  if (cas_account_has_role (self->account, CAS_ROLE_OPERATOR))
    return TRUE;

  /* Administrators change the records of their centres (the core says it
   * again) */
  centres = cas_account_get_admin_companies (self->account, &n_centres);
  for (guint i = 0; i < n_centres; i++)
    {
      if (centres[i] == person->company_id)
        return TRUE;
    }

  return FALSE;
}

/* Operators merge any records; administrators, a record of their centres
 * with any record the duplicate check proposes for it, another centre's
 * included (shown to them by its minimal identity: the core checks that
 * it is a duplicate candidate, cas_merge_service_request_duplicate ()) */
static gboolean
may_merge (CasCandidateDetail       *self,
           const CasPerson          *person,
           const CasDuplicatePerson *other)
{
  if (other == NULL || other->id <= 0 || person->merged_into > 0)
    return FALSE;
  if (cas_account_has_role (self->account, CAS_ROLE_OPERATOR))
    return TRUE;

  return may_edit (self, person);
}

static void
show_header (CasCandidateDetail *self,
             const char         *first_name,
             const char         *last_name,
             const char         *birth_date,
             const char         *external_ref)
{
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *born = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a person's full name, first then last */
  name = g_strdup_printf (C_("person name", "%s %s"),
                          first_name ? first_name : "", last_name ? last_name : "");
  if (birth_date != NULL)
    {
      birth = cas_format_date (birth_date);
      /* Translators: a person's birth date, "born 3 Dec 1985" */
      born = g_strdup_printf (_("born %s"), birth);
    }

  if (born != NULL && external_ref != NULL)
    /* Translators: birth date and reference of a candidate in the source
     * system, "born 3 Dec 1985 · ref. AXA-0042" */
    subtitle = g_strdup_printf (_("%s · ref. %s"), born, external_ref);
  else if (external_ref != NULL)
    /* Translators: reference of a candidate in the source system */
    subtitle = g_strdup_printf (_("ref. %s"), external_ref);
  else
    subtitle = g_strdup (born ? born : "");

  gtk_label_set_text (self->title_label, g_strstrip (name));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle[0] != '\0');
}

static void
show_detail (CasCandidateDetail *self)
{
  const CasPersonDetail *detail = self->detail;
  const CasPerson *person = detail->person;
  g_autofree char *birth = NULL;
  g_autofree char *nrn = NULL;
  g_autofree char *address = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *count = NULL;
  const char *sex = NULL;
  guint n_passed = 0;

  show_header (self, person->first_name, person->last_name, person->birth_date,
               person->external_ref);
  gtk_widget_set_visible (self->duplicate_label, detail->possible_duplicate);

  /* Identity */
  birth = person->birth_date ? cas_format_date (person->birth_date) : NULL;
  set_row (self->birth_row, birth);
  if (g_strcmp0 (person->sex, "M") == 0)
    sex = _("Male");
  else if (g_strcmp0 (person->sex, "F") == 0)
    sex = _("Female");
  set_row (self->sex_row, sex);
  if (detail->nrn_display != NULL && !person->nrn_verified)
    /* Translators: an NRN kept from old data although its check digit is wrong */
    nrn = g_strdup_printf (_("%s (not verified)"), detail->nrn_display);
  else
    nrn = g_strdup (detail->nrn_display);
  set_row (self->nrn_row, nrn);
  set_row (self->ref_row, person->external_ref);
  set_row (self->centre_row, person->company_name);

  /* Contact */
  set_row (self->email_row, person->email);
  set_row (self->email2_row, person->email_secondary);
  set_row (self->phone_row, person->phone);
  if (person->postcode != NULL || person->city != NULL)
    /* Translators: an address, "Rue Haute 88, 1400 Nivelles" */
    address = g_strdup_printf (_("%s, %s %s"), person->street ? person->street : "",
                               person->postcode ? person->postcode : "",
                               person->city ? person->city : "");
  else
    address = g_strdup (person->street);
  set_row (self->address_row, address);
  set_row (self->language_row, cas_language_get_label (person->language));
  gtk_widget_set_visible (self->edit_button, may_edit (self, person));

  /* Account: operators only */
  gtk_widget_set_visible (self->account_group,
                          cas_account_has_role (self->account, CAS_ROLE_OPERATOR));
  if (detail->account_id > 0)
    {
      roles = format_roles (detail->roles);
      set_row (self->login_row, detail->login);
      set_row (self->roles_row, roles);
      set_row (self->state_row, detail->disabled ? _("Disabled") : _("Active"));
    }
  else
    {
      set_row (self->login_row, _("No login"));
      set_row (self->roles_row, NULL);
      set_row (self->state_row, NULL);
    }

  /* Exams */
  cas_gui_list_box_remove_all (self->exams_list);
  for (guint i = 0; i < detail->exams->len; i++)
    {
      const CasPersonExam *exam = g_ptr_array_index (detail->exams, i);

      if (exam->status == CAS_REGISTRATION_PASSED)
        n_passed++;
      gtk_list_box_append (self->exams_list, create_exam_row (exam));
    }
  if (detail->exams->len > 0)
    {
      g_autofree char *registered = NULL;
      g_autofree char *passed = NULL;

      registered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exam", "%u exams",
                                                 detail->exams->len),
                                    detail->exams->len);
      passed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u passed", "%u passed",
                                             n_passed),
                                n_passed);
      /* Translators: "3 exams · 2 passed" */
      count = g_strdup_printf (_("%s · %s"), registered, passed);
    }
  adw_preferences_group_set_description (self->exams_group, count);
  set_list_placeholder (self->exams_list, _("Not registered for any exam"));

  /* Attestations */
  cas_gui_list_box_remove_all (self->attestations_list);
  for (guint i = 0; i < detail->attestations->len; i++)
    gtk_list_box_append (self->attestations_list,
                         create_attestation_row (self,
                                                 g_ptr_array_index (detail->attestations, i)));
  set_list_placeholder (self->attestations_list, _("No attestation issued"));

  /* Possible duplicates */
  cas_gui_list_box_remove_all (self->duplicates_list);
  for (guint i = 0; i < detail->duplicates->len; i++)
    {
      const CasDuplicateProposal *proposal = g_ptr_array_index (detail->duplicates, i);

      gtk_list_box_append (self->duplicates_list,
                           create_duplicate_row (self, proposal,
                                                 may_merge (self, person, proposal->a)));
    }
  set_list_placeholder (self->duplicates_list, _("No other record looks like this person"));
  gtk_widget_set_visible (self->merge_with_button,
                          person->merged_into <= 0 && may_edit (self, person));

  /* History: operators (the audit log is theirs) */
  gtk_widget_set_visible (self->history_group, detail->history != NULL);
  cas_gui_list_box_remove_all (self->history_list);
  for (guint i = 0; detail->history != NULL && i < detail->history->len; i++)
    gtk_list_box_append (self->history_list,
                         create_history_row (g_ptr_array_index (detail->history, i)));
  set_list_placeholder (self->history_list, _("Nothing recorded"));
}

static void
show_error (CasCandidateDetail *self,
            const char         *message)
{
  cas_gui_set_message (self->error_label, message);
  gtk_widget_set_visible (self->retry_button, message != NULL);
}

/* Loading */

static void
get_detail_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CasCandidateDetail) self = user_data;
  g_autoptr(CasPersonDetail) detail = NULL;
  g_autoptr(GError) error = NULL;

  detail = cas_person_register_get_detail_finish (CAS_PERSON_REGISTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer request replaced this one */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  cas_gui_set_spinning (self->spinner, FALSE);

  if (detail == NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Cannot read person %" G_GINT64_FORMAT ": %s",
                 cas_person_summary_get_id (self->person), error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("Could not read this person: %s"), error->message);
      show_error (self, message);
      return;
    }

  g_clear_pointer (&self->detail, cas_person_detail_free);
  self->detail = g_steal_pointer (&detail);
  show_detail (self);
}

static void
load_detail (CasCandidateDetail *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_error (self, NULL);

  if (self->person == NULL || self->person_register == NULL)
    {
      cas_gui_set_spinning (self->spinner, FALSE);
      return;
    }

  cas_gui_set_spinning (self->spinner, TRUE);
  self->cancellable = g_cancellable_new ();
  cas_person_register_get_detail_async (self->person_register,
                                        self->account,
                                        cas_person_summary_get_id (self->person),
                                        NULL,
                                        self->cancellable,
                                        get_detail_cb,
                                        g_object_ref (self));
}

/* What the summary tells, until the detail is read */
static void
show_summary (CasCandidateDetail *self)
{
  CasPersonSummary *person = self->person;
  GtkListBox *lists[] = {
    self->exams_list, self->attestations_list, self->duplicates_list, self->history_list,
  };
  AdwActionRow *rows[] = {
    self->birth_row, self->sex_row, self->nrn_row, self->ref_row, self->centre_row,
    self->email_row, self->email2_row, self->phone_row, self->address_row, self->language_row,
    self->login_row, self->roles_row, self->state_row,
  };
  g_autofree char *birth = NULL;

  show_header (self, cas_person_summary_get_first_name (person),
               cas_person_summary_get_last_name (person),
               cas_person_summary_get_birth_date (person),
               cas_person_summary_get_external_ref (person));
  gtk_widget_set_visible (self->duplicate_label,
                          cas_person_summary_get_possible_duplicate (person));
  gtk_widget_set_visible (self->edit_button, FALSE);
  gtk_widget_set_visible (self->merge_with_button, FALSE);
  gtk_widget_set_visible (self->account_group, FALSE);
  gtk_widget_set_visible (self->history_group, FALSE);
  adw_preferences_group_set_description (self->exams_group, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    set_row (rows[i], NULL);
  if (cas_person_summary_get_birth_date (person) != NULL)
    birth = cas_format_date (cas_person_summary_get_birth_date (person));
  set_row (self->birth_row, birth);
  set_row (self->nrn_row, cas_person_summary_get_nrn (person));
  set_row (self->centre_row, cas_person_summary_get_centre_name (person));
  set_row (self->email_row, cas_person_summary_get_email (person));
  set_row (self->phone_row, cas_person_summary_get_phone (person));
  set_row (self->language_row,
           cas_language_get_label (cas_person_summary_get_language (person)));

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      cas_gui_list_box_remove_all (lists[i]);
      set_list_placeholder (lists[i], _("Loading…"));
    }
}

/* Asking for a merge */

static CasMergeService *
get_merges (CasCandidateDetail *self)
{
  GtkWidget *view;

  if (self->merges != NULL)
    return self->merges;

  view = gtk_widget_get_ancestor (GTK_WIDGET (self), CAS_TYPE_VIEW);
  if (view == NULL)
    return NULL;

  self->merges = cas_merge_service_new (cas_view_get_database (CAS_VIEW (view)));

  return self->merges;
}

/* Says how a request ended: its number, or why it was refused */
static void
request_sent (CasCandidateDetail *self,
              gint64              request_id,
              const GError       *error)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  if (request_id <= 0)
    {
      cas_reason_dialog_show_error (GTK_WIDGET (self), _("Merge Not Requested"),
                                    error->message);
      return;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  /* Translators: %s is the request's number */
  text = g_strdup_printf (_("Merge request #%s sent: another operator reviews it"), number);
  cas_gui_add_toast (GTK_WIDGET (self), text);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
request_merge_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CasCandidateDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 request_id;

  request_id = cas_merge_act_finish (CAS_MERGE_SERVICE (object), result, &error);
  request_sent (self, request_id, error);
}

static void
on_merge_reason_given_cb (GtkWidget  *widget,
                          const char *reason)
{
  CasCandidateDetail *self = CAS_CANDIDATE_DETAIL (widget);
  CasMergeService *merges = get_merges (self);
  gint64 ids[2];

  if (merges == NULL || self->detail == NULL || self->merge_with <= 0)
    return;

  ids[0] = self->detail->person->id;
  ids[1] = self->merge_with;
  cas_merge_act_async (merges, self->account, CAS_MERGE_ACTION_REQUEST_DUPLICATE, 0, ids, 2,
                       reason, NULL, NULL, request_merge_cb, g_object_ref (self));
}

static void
on_request_merge_clicked_cb (CasCandidateDetail *self,
                             GtkButton          *button)
{
  gint64 other = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button),
                                                               "cas-person-id"));

  if (self->detail == NULL || other <= 0)
    return;

  self->merge_with = other;
  cas_reason_dialog_ask (GTK_WIDGET (self), _("Request a Merge?"),
                         _("An operator other than you compares the two records and merges "
                           "them, or rejects the request. Say why they are the same person."),
                         _("Request Merge"), TRUE, FALSE, on_merge_reason_given_cb);
}

/* Merging with a record named by the user: the engine need not propose it
 * (a name changed by marriage), but for an administrator a record of
 * another centre must be one it proposes */

typedef struct
{
  CasDatabase *db;
  CasAccount  *actor;
  gint64       person_id;
  char        *other;
  char        *reason;
} MergeWith;

static void
merge_with_free (MergeWith *merge)
{
  g_clear_object (&merge->db);
  g_clear_object (&merge->actor);
  g_free (merge->other);
  g_free (merge->reason);
  g_free (merge);
}

static void
merge_with_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MergeWith *merge = task_data;
  g_autoptr(CasMergeService) merges = cas_merge_service_new (merge->db);
  g_autoptr(GError) error = NULL;
  gint64 other_id = 0;
  gint64 request_id;

  /* "#1234" names a record the user may not see; a reference, one they see */
  if (merge->other[0] != '#' ||
      !g_ascii_string_to_signed (merge->other + 1, 10, 1, G_MAXINT64, &other_id, NULL))
    {
      g_autoptr(CasPersonService) persons = cas_person_service_new (merge->db);
      g_autoptr(CasPerson) other = cas_person_service_find_by_ref (persons, merge->actor,
                                                                   merge->other, &error);

      if (other == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      other_id = other->id;
    }

  request_id = cas_merge_service_request_duplicate (merges, merge->actor, merge->person_id,
                                                    other_id, merge->reason, &error);
  if (request_id <= 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, request_id);
}

static void
merge_with_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CasCandidateDetail *self = CAS_CANDIDATE_DETAIL (object);
  g_autoptr(GError) error = NULL;
  gint64 request_id;

  request_id = g_task_propagate_int (G_TASK (result), &error);
  request_sent (self, request_id, error);
}

static void
on_merge_with_given_cb (GtkWidget  *widget,
                        const char *other,
                        const char *reason)
{
  CasCandidateDetail *self = CAS_CANDIDATE_DETAIL (widget);
  g_autoptr(GTask) task = NULL;
  GtkWidget *view;
  MergeWith *merge;

  view = gtk_widget_get_ancestor (widget, CAS_TYPE_VIEW);
  if (self->detail == NULL || view == NULL)
    return;

  merge = g_new0 (MergeWith, 1);
  merge->db = g_object_ref (cas_view_get_database (CAS_VIEW (view)));
  merge->actor = g_object_ref (self->account);
  merge->person_id = self->detail->person->id;
  merge->other = g_strdup (other);
  merge->reason = g_strdup (reason);

  task = g_task_new (self, NULL, merge_with_cb, NULL);
  g_task_set_task_data (task, merge, (GDestroyNotify) merge_with_free);
  g_task_run_in_thread (task, merge_with_thread);
}

static void
on_merge_with_button_clicked_cb (CasCandidateDetail *self,
                                 GtkButton          *button)
{
  if (self->detail == NULL)
    return;

  cas_reason_dialog_ask_field (GTK_WIDGET (self), _("Merge With Another Record?"),
                               _("Name the other record of this person by its reference (as "
                                 "CAS-00012) or its number (as #1234). An operator other than "
                                 "you compares the two records and merges them, or rejects the "
                                 "request."),
                               _("_Request Merge"), FALSE, _("Other Record"),
                               _("Reference or #number"), NULL, on_merge_with_given_cb);
}

/* Editing */

static void
on_contact_dialog_saved_cb (CasCandidateDetail *self,
                            CasContactDialog   *dialog)
{
  cas_gui_add_toast (GTK_WIDGET (self), _("Contact details saved"));
  load_detail (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
on_edit_button_clicked_cb (CasCandidateDetail *self,
                           GtkButton          *button)
{
  GtkWidget *dialog;

  if (self->detail == NULL || self->persons == NULL)
    return;

  dialog = cas_contact_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->persons, self->account, self->detail->person);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_contact_dialog_saved_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_retry_button_clicked_cb (CasCandidateDetail *self,
                            GtkButton          *button)
{
  load_detail (self);
}

/* Public API */

void
cas_candidate_detail_set_register (CasCandidateDetail *self,
                                   CasPersonRegister  *person_register,
                                   CasPersonService   *persons,
                                   CasAccount         *account)
{
  g_return_if_fail (CAS_IS_CANDIDATE_DETAIL (self));
  g_return_if_fail (CAS_IS_PERSON_REGISTER (person_register));
  g_return_if_fail (CAS_IS_PERSON_SERVICE (persons));
  g_return_if_fail (CAS_IS_ACCOUNT (account));

  g_set_object (&self->person_register, person_register);
  g_set_object (&self->persons, persons);
  g_set_object (&self->account, account);
  load_detail (self);
}

CasPersonSummary *
cas_candidate_detail_get_person (CasCandidateDetail *self)
{
  g_return_val_if_fail (CAS_IS_CANDIDATE_DETAIL (self), NULL);

  return self->person;
}

void
cas_candidate_detail_set_person (CasCandidateDetail *self,
                                 CasPersonSummary   *person)
{
  g_return_if_fail (CAS_IS_CANDIDATE_DETAIL (self));
  g_return_if_fail (person == NULL || CAS_IS_PERSON_SUMMARY (person));

  if (person != NULL && cas_person_summary_is_placeholder (person))
    person = NULL;

  if (person != NULL && self->person != NULL &&
      cas_person_summary_get_id (person) == cas_person_summary_get_id (self->person))
    return;

  if (!g_set_object (&self->person, person))
    return;

  g_clear_pointer (&self->detail, cas_person_detail_free);

  if (person == NULL)
    {
      load_detail (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  show_summary (self);
  gtk_stack_set_visible_child_name (self->stack, "person");
  load_detail (self);
}

void
cas_candidate_detail_reload (CasCandidateDetail *self)
{
  g_return_if_fail (CAS_IS_CANDIDATE_DETAIL (self));

  load_detail (self);
}

/* GObject */

static void
cas_candidate_detail_dispose (GObject *object)
{
  CasCandidateDetail *self = CAS_CANDIDATE_DETAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_CANDIDATE_DETAIL);

  g_clear_pointer (&self->detail, cas_person_detail_free);
  g_clear_object (&self->person);
  g_clear_object (&self->persons);
  g_clear_object (&self->person_register);
  g_clear_object (&self->account);
  g_clear_object (&self->merges);

  G_OBJECT_CLASS (cas_candidate_detail_parent_class)->dispose (object);
}

static void
cas_candidate_detail_class_init (CasCandidateDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_candidate_detail_dispose;

  /* The person was changed here: lists showing it are out of date */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-candidate-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, page);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, birth_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, sex_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, nrn_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, ref_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, centre_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, email_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, email2_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, language_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, account_group);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, login_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, roles_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, state_row);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, exams_group);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, exams_list);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, attestations_group);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, attestations_list);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, duplicates_list);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, merge_with_button);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, history_group);
  gtk_widget_class_bind_template_child (widget_class, CasCandidateDetail, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_merge_with_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_candidate_detail_init (CasCandidateDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Candidate details"),
                                  -1);
  cas_gui_set_spinning (self->spinner, FALSE);
}
