/* cas-contact-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-contact-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cas-contact-dialog.h"
#include "cas-gui-util.h"
#include "cas-validate.h"

/* The language choices, in the drop-down's order */
static const char * const languages[] = { "fr", "nl", "de", "en" };

typedef enum
{
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_STREET,
  FIELD_POSTCODE,
  FIELD_CITY,
  N_FIELDS
} Field;

struct _CasContactDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  GtkWidget        *save_button;
  GtkStack         *save_stack;
  GtkSpinner       *spinner;
  GtkRevealer      *message_revealer;
  GtkLabel         *message_label;
  GtkWidget        *reload_button;
  GtkLabel         *name_label;
  GtkEntry         *email_entry;
  GtkLabel         *email_error;
  GtkEntry         *phone_entry;
  GtkLabel         *phone_error;
  GtkEntry         *street_entry;
  GtkLabel         *street_error;
  GtkEntry         *postcode_entry;
  GtkLabel         *postcode_error;
  GtkEntry         *city_entry;
  GtkLabel         *city_error;
  GtkDropDown      *language_drop_down;

  /* Owned references */
  CasPersonService *persons;
  CasAccount       *actor;
  CasPerson        *person;
  GCancellable     *cancellable;

  /* The fields in Field order */
  GtkEntry         *entries [N_FIELDS];
  GtkLabel         *errors [N_FIELDS];
};

G_DEFINE_FINAL_TYPE (CasContactDialog, cas_contact_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Validation */

/* Checks one field; on success @normalized (may be NULL) gets the value to
 * save, NULL for an empty optional field */
static gboolean
validate_field (Field        field,
                const char  *text,
                char       **normalized,
                GError     **error)
{
  g_autofree char *value = NULL;
  gboolean empty;
  gboolean ok;

  value = g_strstrip (g_strdup (text));
  empty = value[0] == '\0';

  switch (field)
    {
    case FIELD_EMAIL:
      ok = empty || cas_validate_email (value, normalized, error);
      break;
    case FIELD_PHONE:
      ok = empty || cas_validate_phone (value, normalized, error);
      break;
    case FIELD_POSTCODE:
      ok = empty || cas_validate_postcode (value, normalized, error);
      break;
    case FIELD_STREET:
      return cas_validate_text (CAS_FIELD_STREET, value, FALSE, CAS_MAX_TEXT_LENGTH,
                                normalized, error);
    case FIELD_CITY:
      return cas_validate_text (CAS_FIELD_CITY, value, FALSE, CAS_MAX_TEXT_LENGTH,
                                normalized, error);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  if (ok && empty && normalized != NULL)
    *normalized = NULL;

  return ok;
}

/* Shows the field's problem under it (or none); returns whether it is valid */
static gboolean
check_field (CasContactDialog *self,
             Field             field,
             gboolean          show)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entries[field]));

  if (validate_field (field, text, NULL, &error))
    {
      cas_gui_set_field_error (GTK_WIDGET (self->entries[field]), self->errors[field], NULL);
      return TRUE;
    }

  if (show)
    cas_gui_set_field_error (GTK_WIDGET (self->entries[field]), self->errors[field],
                             error->message);

  return FALSE;
}

static Field
find_field (CasContactDialog *self,
            GtkEntry         *entry)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (self->entries[i] == entry)
        return i;
    }

  g_assert_not_reached ();
  return N_FIELDS;
}

static void
on_entry_changed_cb (CasContactDialog *self,
                     GtkEntry         *entry)
{
  Field field = find_field (self, entry);
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->errors[field]));

  /* A message already shown follows the typing; a new one waits until the
   * field is left, not to scold half-typed addresses */
  check_field (self, field, shown);
}

static void
on_focus_leave_cb (GtkEventControllerFocus *controller,
                   CasContactDialog        *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  check_field (self, find_field (self, GTK_ENTRY (entry)), TRUE);
}

/* The person */

static void
set_entry_text (GtkEntry   *entry,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

static void
show_person (CasContactDialog *self)
{
  const CasPerson *person = self->person;
  g_autofree char *name = NULL;

  /* Translators: a person's full name, first then last */
  name = g_strdup_printf (C_("person name", "%s %s"),
                          person->first_name ? person->first_name : "",
                          person->last_name ? person->last_name : "");
  gtk_label_set_text (self->name_label, name);

  set_entry_text (self->email_entry, person->email);
  set_entry_text (self->phone_entry, person->phone);
  set_entry_text (self->street_entry, person->street);
  set_entry_text (self->postcode_entry, person->postcode);
  set_entry_text (self->city_entry, person->city);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      if (g_strcmp0 (person->language, languages[i]) == 0)
        gtk_drop_down_set_selected (self->language_drop_down, i);
    }

  for (guint i = 0; i < N_FIELDS; i++)
    cas_gui_set_field_error (GTK_WIDGET (self->entries[i]), self->errors[i], NULL);
}

static void
show_message (CasContactDialog *self,
              const char       *message,
              gboolean          can_reload)
{
  if (message != NULL)
    gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (self->reload_button, can_reload);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
set_busy (CasContactDialog *self,
          gboolean          busy)
{
  gtk_stack_set_visible_child_name (self->save_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (self->reload_button, !busy);
}

/* Saving and reloading, off the main thread */

typedef enum
{
  JOB_SAVE,
  JOB_RELOAD,
} JobKind;

typedef struct
{
  JobKind    kind;
  CasPerson *person;
  gint64     person_id;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->person, cas_person_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CasContactDialog *self = source_object;
  Job *job = task_data;
  GError *error = NULL;

  if (job->kind == JOB_SAVE)
    {
      if (cas_person_service_update (self->persons, self->actor, job->person, &error))
        g_task_return_pointer (task, cas_person_copy (job->person),
                               (GDestroyNotify) cas_person_free);
      else
        g_task_return_error (task, error);
    }
  else
    {
      CasPerson *person = cas_person_service_get (self->persons, self->actor, job->person_id,
                                                  &error);

      if (person != NULL)
        g_task_return_pointer (task, person, (GDestroyNotify) cas_person_free);
      else
        g_task_return_error (task, error);
    }
}

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  CasContactDialog *self = CAS_CONTACT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CasPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  person = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (person == NULL)
    {
      if (g_error_matches (error, CAS_PERSON_ERROR, CAS_PERSON_ERROR_CHANGED))
        show_message (self, _("This record was changed by someone else since you opened it, "
                              "and nothing was saved. Reload it to see the changes, then "
                              "make yours again."), TRUE);
      else
        show_message (self, error->message, FALSE);
      return;
    }

  if (job->kind == JOB_RELOAD)
    {
      cas_person_free (self->person);
      self->person = g_steal_pointer (&person);
      show_person (self);
      show_message (self, NULL, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->email_entry));
      return;
    }

  g_signal_emit (self, signals [SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
run_job (CasContactDialog *self,
         Job              *job)
{
  g_autoptr(GTask) task = NULL;

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, job_cb, NULL);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
save (CasContactDialog *self)
{
  g_autoptr(CasPerson) person = cas_person_copy (self->person);
  char **values [N_FIELDS] = {
    &person->email, &person->phone, &person->street, &person->postcode, &person->city,
  };
  guint language = gtk_drop_down_get_selected (self->language_drop_down);
  GtkEntry *first_wrong = NULL;
  Job *job;

  if (!gtk_widget_get_sensitive (self->save_button))
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autoptr(GError) error = NULL;
      char *value = NULL;

      if (!validate_field (i, gtk_editable_get_text (GTK_EDITABLE (self->entries[i])),
                           &value, &error))
        {
          cas_gui_set_field_error (GTK_WIDGET (self->entries[i]), self->errors[i],
                                   error->message);
          if (first_wrong == NULL)
            first_wrong = self->entries[i];
          continue;
        }

      g_free (*values[i]);
      *values[i] = value;
    }

  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (first_wrong));
      return;
    }

  if (language < G_N_ELEMENTS (languages))
    {
      g_free (person->language);
      person->language = g_strdup (languages[language]);
    }

  show_message (self, NULL, FALSE);

  job = g_new0 (Job, 1);
  job->kind = JOB_SAVE;
  job->person = g_steal_pointer (&person);
  run_job (self, job);
}

static void
on_save_button_clicked_cb (CasContactDialog *self,
                           GtkButton        *button)
{
  save (self);
}

static void
on_entry_activate_cb (CasContactDialog *self,
                      GtkEntry         *entry)
{
  save (self);
}

static void
on_reload_button_clicked_cb (CasContactDialog *self,
                             GtkButton        *button)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_RELOAD;
  job->person_id = self->person->id;
  run_job (self, job);
}

/* Public API */

GtkWidget *
cas_contact_dialog_new (GtkWindow        *parent,
                        CasPersonService *persons,
                        CasAccount       *actor,
                        const CasPerson  *person)
{
  CasContactDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CAS_IS_PERSON_SERVICE (persons), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (actor), NULL);
  g_return_val_if_fail (person != NULL && person->id > 0, NULL);

  self = g_object_new (CAS_TYPE_CONTACT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->persons = g_object_ref (persons);
  self->actor = g_object_ref (actor);
  self->person = cas_person_copy (person);
  show_person (self);

  return GTK_WIDGET (self);
}

/* GObject */

static void
cas_contact_dialog_dispose (GObject *object)
{
  CasContactDialog *self = CAS_CONTACT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_CONTACT_DIALOG);

  g_clear_object (&self->persons);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->person, cas_person_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cas_contact_dialog_parent_class)->dispose (object);
}

static void
cas_contact_dialog_class_init (CasContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_contact_dialog_dispose;

  signals [SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, reload_button);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, email_entry);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, street_entry);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, street_error);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, postcode_entry);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, postcode_error);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, city_entry);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, city_error);
  gtk_widget_class_bind_template_child (widget_class, CasContactDialog, language_drop_down);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cas_contact_dialog_init (CasContactDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries[FIELD_EMAIL] = self->email_entry;
  self->entries[FIELD_PHONE] = self->phone_entry;
  self->entries[FIELD_STREET] = self->street_entry;
  self->entries[FIELD_POSTCODE] = self->postcode_entry;
  self->entries[FIELD_CITY] = self->city_entry;
  self->errors[FIELD_EMAIL] = self->email_error;
  self->errors[FIELD_PHONE] = self->phone_error;
  self->errors[FIELD_STREET] = self->street_error;
  self->errors[FIELD_POSTCODE] = self->postcode_error;
  self->errors[FIELD_CITY] = self->city_error;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self->entries[i]), focus);
    }

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    gtk_string_list_append (labels, cas_language_get_label (languages[i]));
  gtk_drop_down_set_model (self->language_drop_down, G_LIST_MODEL (labels));
}
