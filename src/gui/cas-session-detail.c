/* cas-session-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-session-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cas-format.h"
#include "cas-gui-util.h"
#include "cas-session-detail.h"
#include "cas-views.h"

/* What a boxed list shows when it has no rows: a note, or an error with a
 * way to try again */
typedef struct
{
  GtkWidget *box;
  GtkLabel  *label;
  GtkWidget *retry_button;
} Placeholder;

struct _CasSessionDetail
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwPreferencesPage  *page;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkWidget           *attestations_button;
  AdwActionRow        *schedule_row;
  AdwActionRow        *centre_row;
  AdwActionRow        *place_row;
  AdwActionRow        *language_row;
  AdwActionRow        *status_row;
  AdwActionRow        *seats_row;
  AdwPreferencesGroup *staff_group;
  GtkSpinner          *staff_spinner;
  GtkListBox          *staff_list;
  AdwPreferencesGroup *candidates_group;
  GtkSpinner          *candidates_spinner;
  GtkListBox          *candidates_list;

  Placeholder          staff_placeholder;
  Placeholder          candidates_placeholder;

  /* Owned references */
  CasSessionService   *service;
  CasAccount          *account;
  CasExamSession      *session;
  GListStore          *staff;
  GListStore          *registrations;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (CasSessionDetail, cas_session_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Rows */

static char *
dup_full_name (const char *first_name,
               const char *last_name)
{
  /* Translators: a person's full name, first then last */
  return g_strdup_printf (C_("person name", "%s %s"),
                          first_name ? first_name : "",
                          last_name ? last_name : "");
}

static GtkWidget *
create_staff_row (gpointer item,
                  gpointer user_data)
{
  CasStaffMember *member = item;
  const char *email = cas_staff_member_get_email (member);
  CasStaffRole staff_role = cas_staff_member_get_role (member);
  const char *role = cas_staff_role_get_label (staff_role);
  const char *icon_name = staff_role == CAS_STAFF_ADMIN ? "user-info-symbolic"
                                                        : "system-users-symbolic";
  g_autofree char *name = dup_full_name (cas_staff_member_get_first_name (member),
                                         cas_staff_member_get_last_name (member));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (email != NULL && email[0] != '\0')
    /* Translators: a staff member's role and e-mail address */
    subtitle = g_strdup_printf (_("%s · %s"), role, email);
  else
    subtitle = g_strdup (role);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", name,
                      "subtitle", subtitle,
                      "title-lines", 1,
                      "subtitle-lines", 1,
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", icon_name,
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));

  return row;
}

static GtkWidget *
create_registration_row (gpointer item,
                         gpointer user_data)
{
  CasRegistration *registration = item;
  CasRegistrationStatus status = cas_registration_get_status (registration);
  const char *status_label = cas_registration_status_get_label (status);
  const char *style = cas_gui_registration_status_style (status);
  const char *external_ref = cas_registration_get_external_ref (registration);
  int score = cas_registration_get_score (registration);
  g_autofree char *name = dup_full_name (cas_registration_get_first_name (registration),
                                         cas_registration_get_last_name (registration));
  g_autofree char *birth = cas_format_date (cas_registration_get_birth_date (registration));
  g_autofree char *born = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *description = NULL;
  GtkWidget *row;

  if (birth[0] != '\0')
    /* Translators: a candidate's birth date, "born 3 Dec 1985" */
    born = g_strdup_printf (_("born %s"), birth);

  if (born != NULL && external_ref != NULL && external_ref[0] != '\0')
    /* Translators: birth date and reference of a candidate in the source
     * system, "born 3 Dec 1985 · ref. AXA-0042" */
    subtitle = g_strdup_printf (_("%s · ref. %s"), born, external_ref);
  else if (external_ref != NULL && external_ref[0] != '\0')
    /* Translators: reference of a candidate in the source system */
    subtitle = g_strdup_printf (_("ref. %s"), external_ref);
  else
    subtitle = g_strdup (born ? born : "");

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", name,
                      "subtitle", subtitle,
                      "title-lines", 1,
                      "subtitle-lines", 1,
                      NULL);

  if (score >= 0)
    {
      GtkWidget *label;

      /* Translators: a score out of 100, "72/100" */
      score_text = g_strdup_printf (_("%d/100"), score);
      label = gtk_label_new (score_text);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cas_gui_new_pill (status_label, style));

  /* The row is named after its title; the pill and the score are not in
   * the subtitle, so say them too */
  if (score_text != NULL)
    description = g_strdup_printf ("%s, %s, %s", status_label, score_text, subtitle);
  else
    description = g_strdup_printf ("%s, %s", status_label, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return row;
}

/* Placeholders */

static void
placeholder_init (Placeholder *placeholder,
                  GtkListBox  *list,
                  GCallback    retry,
                  gpointer     user_data)
{
  placeholder->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (placeholder->box, 12);
  gtk_widget_set_margin_bottom (placeholder->box, 12);
  gtk_widget_set_margin_start (placeholder->box, 12);
  gtk_widget_set_margin_end (placeholder->box, 12);

  placeholder->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (placeholder->label, TRUE);
  gtk_label_set_wrap_mode (placeholder->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (placeholder->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (placeholder->label), TRUE);
  gtk_box_append (GTK_BOX (placeholder->box), GTK_WIDGET (placeholder->label));

  placeholder->retry_button = gtk_button_new_with_label (_("Try Again"));
  gtk_widget_set_valign (placeholder->retry_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (placeholder->retry_button, FALSE);
  g_signal_connect_swapped (placeholder->retry_button, "clicked", retry, user_data);
  gtk_box_append (GTK_BOX (placeholder->box), placeholder->retry_button);

  gtk_list_box_set_placeholder (list, placeholder->box);
}

static void
placeholder_show (Placeholder *placeholder,
                  const char  *text,
                  gboolean     is_error)
{
  gtk_label_set_text (placeholder->label, text);
  gtk_widget_set_visible (placeholder->retry_button, is_error);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (placeholder->label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (placeholder->label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (placeholder->label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (placeholder->label), "error");
    }
}

/* Loading the members */

static void
set_loading (CasSessionDetail *self,
             gboolean          loading)
{
  gtk_spinner_set_spinning (self->staff_spinner, loading);
  gtk_spinner_set_spinning (self->candidates_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->staff_spinner), loading);
  gtk_widget_set_visible (GTK_WIDGET (self->candidates_spinner), loading);
}

static void
show_counts (CasSessionDetail *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registrations));
  guint n_passed = 0;
  g_autofree char *registered = NULL;
  g_autofree char *passed = NULL;
  g_autofree char *description = NULL;

  if (n == 0)
    {
      adw_preferences_group_set_description (self->candidates_group, NULL);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CasRegistration) registration = NULL;

      registration = g_list_model_get_item (G_LIST_MODEL (self->registrations), i);

      if (cas_registration_get_status (registration) == CAS_REGISTRATION_PASSED)
        n_passed++;
    }

  registered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u registered", "%u registered", n),
                                n);
  if (n_passed > 0)
    {
      passed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u passed", "%u passed", n_passed),
                                n_passed);
      /* Translators: "12 registered · 5 passed" */
      description = g_strdup_printf (_("%s · %s"), registered, passed);
    }
  else
    {
      description = g_steal_pointer (&registered);
    }

  adw_preferences_group_set_description (self->candidates_group, description);
}

static void
load_members_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CasSessionDetail) self = user_data;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) registrations = NULL;
  g_autoptr(GError) error = NULL;

  if (!cas_session_service_load_members_finish (CAS_SESSION_SERVICE (object), result,
                                                &staff, &registrations, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }

  /* A newer request replaced this one */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Cannot load the members of session %" G_GINT64_FORMAT ": %s",
                 cas_exam_session_get_id (self->session), error->message);
      /* Translators: %s says why */
      message = g_strdup_printf (_("Could not load the staff and candidates: %s"), error->message);
      placeholder_show (&self->staff_placeholder, message, TRUE);
      placeholder_show (&self->candidates_placeholder, message, TRUE);
      return;
    }

  placeholder_show (&self->staff_placeholder, _("No staff assigned to this session"), FALSE);
  placeholder_show (&self->candidates_placeholder,
                    _("No candidates registered in this session"), FALSE);
  g_list_store_splice (self->staff, 0, g_list_model_get_n_items (G_LIST_MODEL (self->staff)),
                       staff->pdata, staff->len);
  g_list_store_splice (self->registrations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->registrations)),
                       registrations->pdata, registrations->len);
  show_counts (self);
}

static void
load_members (CasSessionDetail *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_list_store_remove_all (self->staff);
  g_list_store_remove_all (self->registrations);
  adw_preferences_group_set_description (self->candidates_group, NULL);

  if (self->session == NULL || self->service == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  placeholder_show (&self->staff_placeholder, _("Loading…"), FALSE);
  placeholder_show (&self->candidates_placeholder, _("Loading…"), FALSE);
  set_loading (self, TRUE);

  self->cancellable = g_cancellable_new ();
  cas_session_service_load_members_async (self->service,
                                          self->account,
                                          cas_exam_session_get_id (self->session),
                                          self->cancellable,
                                          load_members_cb,
                                          g_object_ref (self));
}

static void
on_retry_clicked_cb (CasSessionDetail *self)
{
  load_members (self);
}

/* The session */

/* Once candidates passed, their attestations are a click away, for those
 * who may see the Attestations view */
static void
show_attestations_button (CasSessionDetail *self)
{
  const CasViewInfo *info = cas_views_lookup ("attestations");
  gboolean visible = info != NULL && self->account != NULL &&
                     cas_view_info_is_visible_to (info, self->account) &&
                     cas_exam_session_get_n_passed (self->session) > 0;

  gtk_widget_set_visible (self->attestations_button, visible);
  if (visible)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->attestations_button), "(sx)",
                                      info->id, cas_exam_session_get_id (self->session));
}

static void
show_session (CasSessionDetail *self)
{
  CasExamSession *session = self->session;
  g_autofree char *exam = NULL;
  g_autofree char *start = NULL;
  g_autofree char *schedule = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *place = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *seats = NULL;
  CasSessionStatus status;
  const char *language;
  int capacity;
  int n_registered;

  if (session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  exam = cas_format_session_exam (session);
  start = cas_format_session_start (session);
  schedule = cas_format_session_schedule (session);
  centre = cas_format_session_centre (session);
  place = cas_format_session_place (session);
  /* Translators: under the exam of a session: when, and at which centre */
  subtitle = g_strdup_printf (_("%s · %s"), start, centre);

  gtk_label_set_text (self->title_label, exam);
  gtk_label_set_text (self->subtitle_label, subtitle);
  show_attestations_button (self);

  adw_action_row_set_subtitle (self->schedule_row, schedule);
  adw_action_row_set_subtitle (self->centre_row, centre);
  adw_action_row_set_subtitle (self->place_row, place[0] != '\0' ? place : _("Not set"));

  language = cas_exam_session_get_language (session);
  adw_action_row_set_subtitle (self->language_row,
                               language != NULL ? cas_language_get_label (language) : _("Not set"));
  status = cas_exam_session_get_status (session);
  adw_action_row_set_subtitle (self->status_row, cas_session_status_get_label (status));

  capacity = cas_exam_session_get_capacity (session);
  n_registered = cas_exam_session_get_n_registered (session);
  /* Translators: "12 of 20 seats taken" */
  seats = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%d of %d seat taken", "%d of %d seats taken",
                                        capacity),
                           n_registered, capacity);
  adw_action_row_set_subtitle (self->seats_row, seats);

  gtk_stack_set_visible_child_name (self->stack, "session");
}

/* Public API */

GtkWidget *
cas_session_detail_new (CasSessionService *service)
{
  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (service), NULL);

  return g_object_new (CAS_TYPE_SESSION_DETAIL,
                       "service", service,
                       NULL);
}

CasSessionService *
cas_session_detail_get_service (CasSessionDetail *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_DETAIL (self), NULL);

  return self->service;
}

void
cas_session_detail_set_service (CasSessionDetail  *self,
                                CasSessionService *service,
                                CasAccount        *account)
{
  g_return_if_fail (CAS_IS_SESSION_DETAIL (self));
  g_return_if_fail (service == NULL || CAS_IS_SESSION_SERVICE (service));
  g_return_if_fail (account == NULL || CAS_IS_ACCOUNT (account));

  g_set_object (&self->account, account);

  if (!g_set_object (&self->service, service))
    return;

  /* Another database: what was shown came from the old one */
  cas_session_detail_set_session (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVICE]);
}

CasExamSession *
cas_session_detail_get_session (CasSessionDetail *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_DETAIL (self), NULL);

  return self->session;
}

void
cas_session_detail_set_session (CasSessionDetail *self,
                                CasExamSession   *session)
{
  g_return_if_fail (CAS_IS_SESSION_DETAIL (self));
  g_return_if_fail (session == NULL || CAS_IS_EXAM_SESSION (session));

  if (session != NULL && cas_exam_session_is_placeholder (session))
    session = NULL;

  if (session != NULL && self->session != NULL &&
      cas_exam_session_get_id (session) == cas_exam_session_get_id (self->session))
    {
      /* Newer figures of the same session: keep the loaded members */
      g_set_object (&self->session, session);
      show_session (self);
      return;
    }

  if (!g_set_object (&self->session, session))
    return;

  show_session (self);
  load_members (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

void
cas_session_detail_reload (CasSessionDetail *self)
{
  g_return_if_fail (CAS_IS_SESSION_DETAIL (self));

  load_members (self);
}

/* GObject */

static void
cas_session_detail_dispose (GObject *object)
{
  CasSessionDetail *self = CAS_SESSION_DETAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_SESSION_DETAIL);

  g_clear_object (&self->session);
  g_clear_object (&self->service);
  g_clear_object (&self->account);
  g_clear_object (&self->staff);
  g_clear_object (&self->registrations);

  G_OBJECT_CLASS (cas_session_detail_parent_class)->dispose (object);
}

static void
cas_session_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CasSessionDetail *self = CAS_SESSION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_detail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CasSessionDetail *self = CAS_SESSION_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      cas_session_detail_set_service (self, g_value_get_object (value), self->account);
      break;

    case PROP_SESSION:
      cas_session_detail_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_detail_class_init (CasSessionDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_session_detail_dispose;
  object_class->get_property = cas_session_detail_get_property;
  object_class->set_property = cas_session_detail_set_property;

  properties [PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         CAS_TYPE_SESSION_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CAS_TYPE_EXAM_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-session-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, page);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, attestations_button);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, centre_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, place_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, language_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, status_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, seats_row);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, staff_group);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, staff_spinner);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, staff_list);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, candidates_group);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, candidates_spinner);
  gtk_widget_class_bind_template_child (widget_class, CasSessionDetail, candidates_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_session_detail_init (CasSessionDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Session details"),
                                  -1);

  self->staff = g_list_store_new (CAS_TYPE_STAFF_MEMBER);
  self->registrations = g_list_store_new (CAS_TYPE_REGISTRATION);

  gtk_list_box_bind_model (self->staff_list, G_LIST_MODEL (self->staff),
                           create_staff_row, NULL, NULL);
  gtk_list_box_bind_model (self->candidates_list, G_LIST_MODEL (self->registrations),
                           create_registration_row, NULL, NULL);

  placeholder_init (&self->staff_placeholder, self->staff_list,
                    G_CALLBACK (on_retry_clicked_cb), self);
  placeholder_init (&self->candidates_placeholder, self->candidates_list,
                    G_CALLBACK (on_retry_clicked_cb), self);
  set_loading (self, FALSE);
}
