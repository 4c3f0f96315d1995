/* cas-person-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-person-summary.h"

struct _CasPersonSummary
{
  GObject   parent_instance;

  gint64    id;
  char     *external_ref;
  char     *first_name;
  char     *last_name;
  char     *birth_date;
  char     *nrn;
  char     *email;
  char     *phone;
  char     *language;
  gint64    company_id;
  char     *centre_name;
  int       n_exams;
  gboolean  possible_duplicate;
};

G_DEFINE_FINAL_TYPE (CasPersonSummary, cas_person_summary, G_TYPE_OBJECT)

static void
cas_person_summary_finalize (GObject *object)
{
  CasPersonSummary *self = (CasPersonSummary *)object;

  g_free (self->external_ref);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->birth_date);
  g_free (self->nrn);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->language);
  g_free (self->centre_name);

  G_OBJECT_CLASS (cas_person_summary_parent_class)->finalize (object);
}

static void
cas_person_summary_class_init (CasPersonSummaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_person_summary_finalize;
}

static void
cas_person_summary_init (CasPersonSummary *self)
{
}

/**
 * cas_person_summary_new:
 * @fields: the values, copied
 *
 * Returns: (transfer full): a new summary
 */
CasPersonSummary *
cas_person_summary_new (const CasPersonSummaryFields *fields)
{
  CasPersonSummary *self;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (CAS_TYPE_PERSON_SUMMARY, NULL);
  self->id = fields->id;
  self->external_ref = g_strdup (fields->external_ref);
  self->first_name = g_strdup (fields->first_name);
  self->last_name = g_strdup (fields->last_name);
  self->birth_date = g_strdup (fields->birth_date);
  self->nrn = g_strdup (fields->nrn);
  self->email = g_strdup (fields->email);
  self->phone = g_strdup (fields->phone);
  self->language = g_strdup (fields->language);
  self->company_id = fields->company_id;
  self->centre_name = g_strdup (fields->centre_name);
  self->n_exams = fields->n_exams;
  self->possible_duplicate = fields->possible_duplicate;

  return self;
}

/**
 * cas_person_summary_new_placeholder:
 *
 * Returns: (transfer full): a summary standing for a row not loaded yet
 */
CasPersonSummary *
cas_person_summary_new_placeholder (void)
{
  return g_object_new (CAS_TYPE_PERSON_SUMMARY, NULL);
}

gboolean
cas_person_summary_is_placeholder (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), FALSE);

  return self->id == 0;
}

gint64
cas_person_summary_get_id (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), 0);

  return self->id;
}

const char *
cas_person_summary_get_external_ref (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->external_ref;
}

const char *
cas_person_summary_get_first_name (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->first_name;
}

const char *
cas_person_summary_get_last_name (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->last_name;
}

char *
cas_person_summary_dup_display_name (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  if (self->first_name == NULL)
    return g_strdup (self->last_name ? self->last_name : "");
  if (self->last_name == NULL)
    return g_strdup (self->first_name);

  return g_strdup_printf ("%s %s", self->first_name, self->last_name);
}

const char *
cas_person_summary_get_birth_date (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->birth_date;
}

const char *
cas_person_summary_get_nrn (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->nrn;
}

const char *
cas_person_summary_get_email (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->email;
}

const char *
cas_person_summary_get_phone (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->phone;
}

const char *
cas_person_summary_get_language (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->language;
}

gint64
cas_person_summary_get_company_id (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), 0);

  return self->company_id;
}

const char *
cas_person_summary_get_centre_name (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), NULL);

  return self->centre_name;
}

int
cas_person_summary_get_n_exams (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), 0);

  return self->n_exams;
}

gboolean
cas_person_summary_get_possible_duplicate (CasPersonSummary *self)
{
  g_return_val_if_fail (CAS_IS_PERSON_SUMMARY (self), FALSE);

  return self->possible_duplicate;
}
