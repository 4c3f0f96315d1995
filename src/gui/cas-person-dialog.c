/* cas-person-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new candidate, checked against the register while it is typed.
 *
 * Certassur asks the desks to make sure a person is not registered yet
 * before creating them, and when they are, under another e-mail address,
 * to update that address rather than make a second record. So beside the
 * form the live duplicate check (cas_duplicate_service_check ()) shows the
 * records that match what is typed so far, with its reasons, and offers to
 * open the record or to give it the new e-mail address. A record another
 * exam centre holds, which an administrator sees by its minimal identity
 * only, offers instead to register the candidate with their centre and ask
 * Certassur to merge the two records (cas_merge_service_request_duplicate
 * ()). Creating a record anyway, while a likely match is shown, asks why;
 * the audit log keeps it.
 *
 * Signals: "created" (the new record's id), "email-updated" (the id of the
 * record that got the typed e-mail) and "open-person" (the id of a record
 * to show); the dialog closes after each.
 */

#define G_LOG_DOMAIN "cas-person-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-duplicate-service.h"
#include "cas-gui-util.h"
#include "cas-merge-service.h"
#include "cas-person-dialog.h"
#include "cas-person-service.h"
#include "cas-reason-dialog.h"

/* How long typing pauses before the form is checked, in milliseconds */
#define CHECK_DELAY_MS 300
/* How many matches the panel shows */
#define MAX_MATCHES 5

typedef struct
{
  CasField         field;
  const char      *label;
  const char      *hint;
  GtkInputPurpose  purpose;
} FieldInfo;

static const FieldInfo field_infos[] = {
  { CAS_FIELD_FIRST_NAME, N_("_First Name"), NULL, GTK_INPUT_PURPOSE_NAME },
  { CAS_FIELD_LAST_NAME, N_("_Last Name"), NULL, GTK_INPUT_PURPOSE_NAME },
  { CAS_FIELD_BIRTH_DATE, N_("_Birth Date"), N_("As 30/07/1985 or 1985-07-30."),
    GTK_INPUT_PURPOSE_FREE_FORM },
  { CAS_FIELD_NRN, N_("National _Register Number"),
    N_("The 11 digits of the identity card, with or without dots and dashes."),
    GTK_INPUT_PURPOSE_FREE_FORM },
  { CAS_FIELD_EMAIL, N_("_E-mail"), NULL, GTK_INPUT_PURPOSE_EMAIL },
  { CAS_FIELD_PHONE, N_("_Phone"), NULL, GTK_INPUT_PURPOSE_PHONE },
  { CAS_FIELD_STREET, N_("_Street and Number"), NULL, GTK_INPUT_PURPOSE_FREE_FORM },
  { CAS_FIELD_POSTCODE, N_("Post_code"), NULL, GTK_INPUT_PURPOSE_DIGITS },
  { CAS_FIELD_CITY, N_("_Town"), NULL, GTK_INPUT_PURPOSE_FREE_FORM },
};

#define N_FIELDS G_N_ELEMENTS (field_infos)

enum
{
  FIRST_NAME, LAST_NAME, BIRTH_DATE, NRN, EMAIL, PHONE, STREET, POSTCODE, CITY
};

/* The language choices: "" lets the postcode tell */
static const char * const languages[] = { "", "fr", "nl", "de", "en" };

/* What a save needs, kept until its thread is done */
typedef struct _SaveData SaveData;

struct _CasPersonDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  GtkButton    *create_button;
  GtkBox       *form_box;
  GtkLabel     *error_label;
  GtkSpinner   *check_spinner;
  GtkLabel     *check_status;
  GtkListBox   *matches_list;

  GtkEntry     *entries[N_FIELDS];
  GtkLabel     *errors[N_FIELDS];
  GtkDropDown  *language_dropdown;

  /* Owned references */
  CasDatabase  *db;
  CasAccount   *actor;
  GCancellable *check_cancellable;
  GCancellable *cancellable;
  /* element-type CasDuplicateProposal: what the panel shows */
  GPtrArray    *matches;

  /* The likely match a second record is created despite of */
  gint64        likely_id;
  /* request_merge (): the request being confirmed */
  SaveData     *merge_request;
  guint         check_source;
};

G_DEFINE_FINAL_TYPE (CasPersonDialog, cas_person_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  EMAIL_UPDATED,
  OPEN_PERSON,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void schedule_check (CasPersonDialog *self);

/* The form */

static char *
dup_field (CasPersonDialog *self,
           guint            index)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entries[index])));

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

static CasPerson *
person_from_form (CasPersonDialog *self)
{
  CasPerson *person = cas_person_new ();
  guint language = gtk_drop_down_get_selected (self->language_dropdown);

  person->first_name = dup_field (self, FIRST_NAME);
  person->last_name = dup_field (self, LAST_NAME);
  person->birth_date = dup_field (self, BIRTH_DATE);
  person->nrn = dup_field (self, NRN);
  person->email = dup_field (self, EMAIL);
  person->phone = dup_field (self, PHONE);
  person->street = dup_field (self, STREET);
  person->postcode = dup_field (self, POSTCODE);
  person->city = dup_field (self, CITY);
  if (language > 0 && language < G_N_ELEMENTS (languages))
    person->language = g_strdup (languages[language]);

  return person;
}

static int
field_index (CasField field)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (field_infos[i].field == field)
      return i;

  return -1;
}

/* Shows the problems of the fields typed in, or of every field with
 * @all; returns the entry of the first problem, or NULL when none */
static GtkWidget *
validate_form (CasPersonDialog *self,
               gboolean         all)
{
  g_autoptr(CasPerson) person = person_from_form (self);
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cas_field_problem_free);
  GtkWidget *first = NULL;
  const char *other = NULL;

  cas_person_normalize (person, CAS_PERSON_CHECK_DEFAULT, problems);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *message = NULL;

      for (guint j = 0; j < problems->len && message == NULL; j++)
        {
          CasFieldProblem *problem = g_ptr_array_index (problems, j);

          if (problem->field == field_infos[i].field)
            message = problem->error->message;
        }
      if (!all && *gtk_editable_get_text (GTK_EDITABLE (self->entries[i])) == '\0')
        message = NULL;

      cas_gui_set_field_error (GTK_WIDGET (self->entries[i]), self->errors[i], message);
      if (message != NULL && first == NULL)
        first = GTK_WIDGET (self->entries[i]);
    }

  /* A problem of no field of the form (the sex the NRN tells) */
  for (guint j = 0; j < problems->len && other == NULL; j++)
    {
      CasFieldProblem *problem = g_ptr_array_index (problems, j);

      if (field_index (problem->field) < 0)
        other = problem->error->message;
    }
  cas_gui_set_message (self->error_label, all ? other : NULL);
  if (first == NULL && other != NULL && all)
    first = GTK_WIDGET (self->entries[NRN]);

  return first;
}

static void
on_field_changed_cb (CasPersonDialog *self)
{
  schedule_check (self);
}

static void
add_field (CasPersonDialog *self,
           guint            index)
{
  const FieldInfo *info = &field_infos[index];
  GtkWidget *label;
  GtkWidget *entry;
  GtkWidget *error;

  label = gtk_label_new_with_mnemonic (_(info->label));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  if (index > 0)
    gtk_widget_set_margin_top (label, 6);
  gtk_box_append (self->form_box, label);

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), info->purpose);
  gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  gtk_box_append (self->form_box, entry);

  error = gtk_label_new (NULL);
  gtk_widget_set_visible (error, FALSE);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_add_css_class (error, "caption");
  gtk_box_append (self->form_box, error);

  if (info->hint != NULL)
    {
      GtkWidget *hint = gtk_label_new (_(info->hint));

      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (self->form_box, hint);
    }

  self->entries[index] = GTK_ENTRY (entry);
  self->errors[index] = GTK_LABEL (error);
}

static void
build_form (CasPersonDialog *self)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  GtkWidget *label;

  for (guint i = 0; i < N_FIELDS; i++)
    add_field (self, i);

  gtk_string_list_append (names, _("From the postcode"));
  gtk_string_list_append (names, _("French"));
  gtk_string_list_append (names, _("Dutch"));
  gtk_string_list_append (names, _("German"));
  gtk_string_list_append (names, _("English"));

  label = gtk_label_new_with_mnemonic (_("Lan_guage"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (self->form_box, label);

  self->language_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->language_dropdown));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Language"), -1);
  gtk_box_append (self->form_box, GTK_WIDGET (self->language_dropdown));
}

/* The live duplicate check */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CasPersonDialog *self = source_object;
  CasPerson *typed = task_data;
  g_autoptr(CasDuplicateService) service = cas_duplicate_service_new (self->db);
  g_autoptr(GError) error = NULL;
  CasDuplicateQuery query = {
    .first_name = typed->first_name,
    .last_name = typed->last_name,
    .birth_date = typed->birth_date,
    .nrn = typed->nrn,
    .email = typed->email,
    .phone = typed->phone,
    .street = typed->street,
    .postcode = typed->postcode,
    .city = typed->city,
  };
  GPtrArray *matches;

  matches = cas_duplicate_service_check (service, self->actor, &query, MAX_MATCHES, &error);
  if (matches == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) g_ptr_array_unref);
}

/* Whether enough is typed for the check to say something */
static gboolean
enough_typed (const CasPerson *typed)
{
  gsize digits = 0;

  if (typed->last_name != NULL && (typed->first_name != NULL || typed->birth_date != NULL))
    return TRUE;
  if (typed->email != NULL && strchr (typed->email, '@') != NULL)
    return TRUE;
  for (const char *p = typed->nrn; p != NULL && *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;
  if (digits >= 11)
    return TRUE;
  digits = 0;
  for (const char *p = typed->phone; p != NULL && *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;

  return digits >= 9;
}

static void
set_checking (CasPersonDialog *self,
              gboolean         checking)
{
  cas_gui_set_spinning (self->check_spinner, checking);
}

static void
on_open_clicked_cb (GtkButton       *button,
                    CasPersonDialog *self)
{
  CasDuplicateProposal *match = g_object_get_data (G_OBJECT (button), "cas-match");

  g_signal_emit (self, signals[OPEN_PERSON], 0, match->a->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void update_email (CasPersonDialog      *self,
                          CasDuplicateProposal *match);
static void request_merge (CasPersonDialog      *self,
                           CasDuplicateProposal *match);

static void
on_update_email_clicked_cb (GtkButton       *button,
                            CasPersonDialog *self)
{
  update_email (self, g_object_get_data (G_OBJECT (button), "cas-match"));
}

static void
on_request_merge_clicked_cb (GtkButton       *button,
                             CasPersonDialog *self)
{
  request_merge (self, g_object_get_data (G_OBJECT (button), "cas-match"));
}

/* Whether the typed e-mail may replace @match's: a valid address, and not
 * the one the record has */
static gboolean
may_take_email (CasPersonDialog            *self,
                const CasDuplicateProposal *match)
{
  g_autofree char *email = dup_field (self, EMAIL);
  g_autofree char *normalized = NULL;

  return match->a->visible && email != NULL &&
         cas_validate_email (email, &normalized, NULL) &&
         match->comparison.email != CAS_DUPLICATE_EMAIL_SAME;
}

static GtkWidget *
create_match_row (CasPersonDialog      *self,
                  CasDuplicateProposal *match)
{
  g_autofree char *name = g_strdup_printf ("%s %s", match->a->first_name, match->a->last_name);
  g_autofree char *details = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *band = gtk_label_new (match->band == CAS_DUPLICATE_BAND_LIKELY
                                   ? _("Likely the same person")
                                   : _("Possibly the same person"));
  GtkWidget *subtitle;
  GtkWidget *reasons = gtk_label_new (match->reasons);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (title_box), title);
  gtk_widget_add_css_class (band, "caption");
  gtk_widget_add_css_class (band, match->band == CAS_DUPLICATE_BAND_LIKELY ? "warning"
                                                                           : "dim-label");
  gtk_box_append (GTK_BOX (title_box), band);
  gtk_box_append (GTK_BOX (box), title_box);

  /* Born 1985-07-30 · Assurcentre Bruxelles · CAS-00123 */
  if (match->a->birth_date != NULL && match->a->centre != NULL)
    details = g_strdup_printf (_("Born %s · %s · %s"), match->a->birth_date, match->a->centre,
                               match->a->ref);
  else if (match->a->birth_date != NULL)
    details = g_strdup_printf (_("Born %s · %s"), match->a->birth_date, match->a->ref);
  else
    details = g_strdup (match->a->ref);
  subtitle = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), subtitle);

  gtk_label_set_xalign (GTK_LABEL (reasons), 0);
  gtk_label_set_wrap (GTK_LABEL (reasons), TRUE);
  gtk_box_append (GTK_BOX (box), reasons);

  if (match->a->visible)
    {
      GtkWidget *open = gtk_button_new_with_label (_("Open"));

      gtk_widget_set_tooltip_text (open, _("Show the existing record instead of creating one"));
      g_object_set_data (G_OBJECT (open), "cas-match", match);
      g_signal_connect (open, "clicked", G_CALLBACK (on_open_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), open);

      if (may_take_email (self, match))
        {
          GtkWidget *update = gtk_button_new_with_label (_("Use This Record and Update Its "
                                                           "E-mail"));

          gtk_widget_add_css_class (update, "suggested-action");
          g_object_set_data (G_OBJECT (update), "cas-match", match);
          g_signal_connect (update, "clicked", G_CALLBACK (on_update_email_clicked_cb), self);
          gtk_box_append (GTK_BOX (buttons), update);
        }
      gtk_box_append (GTK_BOX (box), buttons);
    }
  else
    {
      GtkWidget *other = gtk_label_new (_("Another exam centre holds this record. Rather than "
                                          "a second record of the person, register them with "
                                          "your centre and ask Certassur to merge the two."));
      GtkWidget *ask = gtk_button_new_with_label (_("Register and Ask Certassur to Merge…"));

      gtk_label_set_xalign (GTK_LABEL (other), 0);
      gtk_label_set_wrap (GTK_LABEL (other), TRUE);
      gtk_widget_add_css_class (other, "caption");
      gtk_box_append (GTK_BOX (box), other);

      gtk_widget_add_css_class (ask, "suggested-action");
      gtk_widget_set_tooltip_text (ask, _("Create the record for your centre and request its "
                                          "merge with the one the other centre holds"));
      g_object_set_data (G_OBJECT (ask), "cas-match", match);
      g_signal_connect (ask, "clicked", G_CALLBACK (on_request_merge_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), ask);
      gtk_box_append (GTK_BOX (box), buttons);
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return row;
}

static void
show_matches (CasPersonDialog *self,
              GPtrArray       *matches)
{
  cas_gui_list_box_remove_all (self->matches_list);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = matches;

  if (matches == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->matches_list), FALSE);
      return;
    }

  for (guint i = 0; i < matches->len; i++)
    gtk_list_box_append (self->matches_list,
                         create_match_row (self, g_ptr_array_index (matches, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), matches->len > 0);

  if (matches->len == 0)
    gtk_label_set_text (self->check_status, _("No record in the register matches: this is a "
                                              "new candidate."));
  else if (((CasDuplicateProposal *) g_ptr_array_index (matches, 0))->band ==
           CAS_DUPLICATE_BAND_LIKELY)
    gtk_label_set_text (self->check_status, _("This person is probably registered already. "
                                              "Use the existing record rather than creating a "
                                              "second one."));
  else
    gtk_label_set_text (self->check_status, _("These records look alike. Check that the "
                                              "candidate is not one of them."));
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CasPersonDialog *self = CAS_PERSON_DIALOG (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *matches;

  matches = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->check_cancellable)
    {
      g_clear_pointer (&matches, g_ptr_array_unref);
      return;
    }

  g_clear_object (&self->check_cancellable);
  set_checking (self, FALSE);

  if (matches == NULL)
    {
      gtk_label_set_text (self->check_status, error->message);
      show_matches (self, NULL);
      return;
    }

  show_matches (self, matches);
}

static gboolean
run_check (gpointer user_data)
{
  CasPersonDialog *self = user_data;
  g_autoptr(GTask) task = NULL;
  CasPerson *typed;

  self->check_source = 0;
  validate_form (self, FALSE);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);

  typed = person_from_form (self);
  if (!enough_typed (typed))
    {
      cas_person_free (typed);
      set_checking (self, FALSE);
      show_matches (self, NULL);
      gtk_label_set_text (self->check_status,
                          _("Type a name with a birth date, a national register number, an "
                            "e-mail address or a phone number."));
      return G_SOURCE_REMOVE;
    }

  self->check_cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  task = g_task_new (self, self->check_cancellable, check_cb, NULL);
  g_task_set_source_tag (task, run_check);
  g_task_set_task_data (task, typed, (GDestroyNotify) cas_person_free);
  g_task_run_in_thread (task, check_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (CasPersonDialog *self)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  self->check_source = g_timeout_add (CHECK_DELAY_MS, run_check, self);
}

/* Saving: a new record, or the e-mail of an existing one */

struct _SaveData
{
  CasPerson *person;
  gint64     other_id;     /* the likely match, the record to update or to merge with */
  gboolean   likely;       /* request_merge (): other_id is a likely match */
  char      *reason;
  char      *other_centre; /* request_merge (): the centre that holds other_id */
  GError    *request_error; /* request_merge (): created, but the merge not requested */
};

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->person, cas_person_free);
  g_free (data->reason);
  g_free (data->other_centre);
  g_clear_error (&data->request_error);
  g_free (data);
}

static void
set_busy (CasPersonDialog *self,
          gboolean         busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->matches_list), !busy);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CasPersonDialog *self = CAS_PERSON_DIALOG (object);
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  id = g_task_propagate_int (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (error != NULL)
    {
      cas_gui_set_message (self->error_label, error->message);
      return;
    }

  name = g_strdup_printf ("%s %s", data->person->first_name, data->person->last_name);
  if (g_task_get_source_tag (G_TASK (result)) == update_email)
    {
      /* Translators: the e-mail of Jan Peeters is now jan@example.be */
      text = g_strdup_printf (_("The e-mail of %s is now %s"), name, data->person->email);
      cas_gui_add_toast (GTK_WIDGET (self), text);
      g_signal_emit (self, signals[EMAIL_UPDATED], 0, id);
    }
  else if (g_task_get_source_tag (G_TASK (result)) == request_merge &&
           data->request_error == NULL)
    {
      /* Translators: Jan Peeters is registered; Certassur is asked to merge the record with
       * the one Assurcentre Bruxelles holds */
      text = g_strdup_printf (_("%s is registered; Certassur is asked to merge the record with "
                                "the one %s holds"), name, data->other_centre);
      cas_gui_add_toast (GTK_WIDGET (self), text);
      g_signal_emit (self, signals[CREATED], 0, id);
    }
  else
    {
      text = g_strdup_printf (_("%s is registered"), name);
      cas_gui_add_toast (GTK_WIDGET (self), text);
      g_signal_emit (self, signals[CREATED], 0, id);
    }

  /* The record exists: what refused the request is told over the window */
  if (data->request_error != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      cas_reason_dialog_show_error (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                                    _("Merge Not Requested"), data->request_error->message);
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* Runs @thread with @data (transfer full); save_cb () tells by @source_tag
 * what was saved */
static void
start_save (CasPersonDialog *self,
            SaveData        *data,
            gpointer         source_tag,
            GTaskThreadFunc  thread)
{
  g_autoptr(GTask) task = NULL;

  cas_gui_set_message (self->error_label, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, save_cb, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, thread);
}

static void
update_email_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CasPersonDialog *self = source_object;
  SaveData *data = task_data;
  g_autoptr(CasPersonService) service = cas_person_service_new (self->db);
  g_autoptr(CasPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  person = cas_person_service_get (service, self->actor, data->other_id, &error);
  if (person == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The former address stays, as the secondary one */
  if (person->email != NULL && g_ascii_strcasecmp (person->email, data->person->email) != 0)
    {
      g_free (person->email_secondary);
      person->email_secondary = g_steal_pointer (&person->email);
    }
  g_free (person->email);
  person->email = g_strdup (data->person->email);

  if (!cas_person_service_update (service, self->actor, person, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The toast names the record as it is */
  g_clear_pointer (&data->person, cas_person_free);
  data->person = g_steal_pointer (&person);
  g_task_return_int (task, data->other_id);
}

static void
update_email (CasPersonDialog      *self,
              CasDuplicateProposal *match)
{
  g_autofree char *email = NULL;
  SaveData *data;

  if (self->cancellable != NULL)
    return;

  data = g_new0 (SaveData, 1);
  data->person = cas_person_new ();
  email = dup_field (self, EMAIL);
  if (!cas_validate_email (email, &data->person->email, NULL))
    {
      save_data_free (data);
      return;
    }
  data->other_id = match->a->id;

  start_save (self, data, update_email, update_email_thread);
}

/* In a thread: creates data->person, @despite a likely match
 * (data->other_id, with data->reason, which the audit log keeps) */
static gint64
create_record (CasPersonDialog  *self,
               SaveData         *data,
               gboolean          despite,
               GError          **error)
{
  g_autoptr(CasPersonService) service = cas_person_service_new (self->db);

  if (despite)
    return cas_person_service_create_despite_duplicate (service, self->actor, data->person,
                                                        data->other_id, data->reason, error);

  return cas_person_service_create (service, self->actor, data->person, error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GError) error = NULL;
  gint64 id = create_record (source_object, data, data->other_id > 0, &error);

  if (id <= 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

static void
create_person (CasPersonDialog *self,
               gint64           likely_id,
               const char      *reason)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->person = person_from_form (self);
  data->other_id = likely_id;
  data->reason = g_strdup (reason);

  start_save (self, data, create_person, create_thread);
}

/* Whether the form may be saved: nothing is being saved, and every field
 * is valid (the focus goes to the first wrong one otherwise) */
static gboolean
ready_to_save (CasPersonDialog *self)
{
  GtkWidget *wrong;

  if (self->cancellable != NULL)
    return FALSE;

  wrong = validate_form (self, TRUE);
  if (wrong != NULL)
    {
      gtk_widget_grab_focus (wrong);
      return FALSE;
    }

  return TRUE;
}

/* A record another centre holds: the candidate is registered with the
 * user's centre, and Certassur asked to merge the two */

static void
request_merge_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  CasPersonDialog *self = source_object;
  SaveData *data = task_data;
  g_autoptr(CasMergeService) merges = cas_merge_service_new (self->db);
  g_autoptr(GError) error = NULL;
  gint64 id = create_record (self, data, data->likely, &error);

  if (id <= 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cas_merge_service_request_duplicate (merges, self->actor, id, data->other_id,
                                           data->reason, &error) <= 0)
    data->request_error = g_steal_pointer (&error);

  g_task_return_int (task, id);
}

static void
on_request_merge_confirmed_cb (GtkWidget  *widget,
                               const char *reason)
{
  CasPersonDialog *self = CAS_PERSON_DIALOG (widget);
  SaveData *data = g_steal_pointer (&self->merge_request);

  if (data == NULL)
    return;
  if (self->cancellable != NULL)
    {
      save_data_free (data);
      return;
    }

  data->person = person_from_form (self);
  data->reason = g_strdup (reason);

  start_save (self, data, request_merge, request_merge_thread);
}

static void
request_merge (CasPersonDialog      *self,
               CasDuplicateProposal *match)
{
  g_autofree char *name = g_strdup_printf ("%s %s", match->a->first_name, match->a->last_name);
  g_autofree char *body = NULL;

  if (!ready_to_save (self))
    return;

  /* Translators: the record of Jan Peeters that Assurcentre Bruxelles holds */
  body = g_strdup_printf (_("The candidate will be registered with your centre, and Certassur "
                            "asked to merge the record with the one of %s that %s holds, so "
                            "that the person keeps one account with all their exams. Say why "
                            "you think it is the same person."),
                          name, match->a->centre != NULL ? match->a->centre
                                                         : _("another exam centre"));
  /* What the request needs of the match, which a later check may free */
  g_clear_pointer (&self->merge_request, save_data_free);
  self->merge_request = g_new0 (SaveData, 1);
  self->merge_request->other_id = match->a->id;
  self->merge_request->likely = match->band == CAS_DUPLICATE_BAND_LIKELY;
  self->merge_request->other_centre = g_strdup (match->a->centre != NULL
                                                ? match->a->centre
                                                : _("another exam centre"));
  cas_reason_dialog_ask (GTK_WIDGET (self), _("Register and Ask Certassur to Merge?"), body,
                         _("_Register and Ask"), TRUE, FALSE, on_request_merge_confirmed_cb);
}

/* Creating despite a likely match: the user says why */

static void
on_create_confirmed_cb (GtkWidget  *widget,
                        const char *reason)
{
  CasPersonDialog *self = CAS_PERSON_DIALOG (widget);

  if (self->likely_id > 0)
    create_person (self, self->likely_id, reason);
}

static void
confirm_create (CasPersonDialog            *self,
                const CasDuplicateProposal *likely)
{
  g_autofree char *name = g_strdup_printf ("%s %s", likely->a->first_name, likely->a->last_name);
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("The register probably holds this person already, as %s (%s). A "
                            "second record would have to be merged later. If this is another "
                            "person, say how you know."),
                          name, likely->reasons);
  self->likely_id = likely->a->id;
  cas_reason_dialog_ask (GTK_WIDGET (self), _("Create a Second Record?"), body,
                         _("Create _Anyway"), TRUE, TRUE, on_create_confirmed_cb);
}

static void
on_create_button_clicked_cb (CasPersonDialog *self)
{
  if (!ready_to_save (self))
    return;

  /* What the panel shows is what the user saw: a likely match asks why */
  if (self->matches != NULL && self->matches->len > 0)
    {
      CasDuplicateProposal *best = g_ptr_array_index (self->matches, 0);

      if (best->band == CAS_DUPLICATE_BAND_LIKELY)
        {
          confirm_create (self, best);
          return;
        }
    }

  create_person (self, 0, NULL);
}

/* GObject */

static void
cas_person_dialog_dispose (GObject *object)
{
  CasPersonDialog *self = (CasPersonDialog *)object;

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cas_person_dialog_parent_class)->dispose (object);
}

static void
cas_person_dialog_finalize (GObject *object)
{
  CasPersonDialog *self = (CasPersonDialog *)object;

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->merge_request, save_data_free);
  g_clear_object (&self->db);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (cas_person_dialog_parent_class)->finalize (object);
}

static void
cas_person_dialog_class_init (CasPersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_person_dialog_dispose;
  object_class->finalize = cas_person_dialog_finalize;

  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[EMAIL_UPDATED] =
    g_signal_new ("email-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[OPEN_PERSON] =
    g_signal_new ("open-person", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-person-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, check_status);
  gtk_widget_class_bind_template_child (widget_class, CasPersonDialog, matches_list);
  gtk_widget_class_bind_template_callback (widget_class, on_create_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cas_person_dialog_init (CasPersonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_form (self);
}

CasPersonDialog *
cas_person_dialog_new (GtkWindow   *parent,
                       CasDatabase *db,
                       CasAccount  *actor)
{
  CasPersonDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);

  self = g_object_new (CAS_TYPE_PERSON_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->db = g_object_ref (db);
  self->actor = g_object_ref (actor);

  return self;
}
