/* cas-person-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-types.h"

G_BEGIN_DECLS

/* One person as the register lists it (cas-person-register.h). Immutable:
 * a list that learns newer values replaces the object. An object with id 0
 * is a placeholder for a row that is still loading. */
#define CAS_TYPE_PERSON_SUMMARY (cas_person_summary_get_type ())

G_DECLARE_FINAL_TYPE (CasPersonSummary, cas_person_summary, CAS, PERSON_SUMMARY, GObject)

typedef struct
{
  gint64      id;
  const char *external_ref;
  const char *first_name;
  const char *last_name;
  const char *birth_date;
  const char *nrn;              /* as shown to the viewer: formatted, or masked */
  const char *email;
  const char *phone;
  const char *language;
  gint64      company_id;
  const char *centre_name;
  int         n_exams;
  gboolean    possible_duplicate;
} CasPersonSummaryFields;

CasPersonSummary *cas_person_summary_new                  (const CasPersonSummaryFields *fields);
CasPersonSummary *cas_person_summary_new_placeholder      (void);
gboolean          cas_person_summary_is_placeholder       (CasPersonSummary *self);
gint64            cas_person_summary_get_id               (CasPersonSummary *self);
/* NULL when the record has none */
const char       *cas_person_summary_get_external_ref     (CasPersonSummary *self);
const char       *cas_person_summary_get_first_name       (CasPersonSummary *self);
const char       *cas_person_summary_get_last_name        (CasPersonSummary *self);
/* Returns: (transfer full): "First Last" */
char             *cas_person_summary_dup_display_name     (CasPersonSummary *self);
/* "YYYY-MM-DD", or NULL */
const char       *cas_person_summary_get_birth_date       (CasPersonSummary *self);
/* "85.07.30-033.61" for operators, "85.07.30-***.**" for others; NULL
 * when the record has no NRN */
const char       *cas_person_summary_get_nrn              (CasPersonSummary *self);
const char       *cas_person_summary_get_email            (CasPersonSummary *self);
/* E.164, "+32470123456" */
const char       *cas_person_summary_get_phone            (CasPersonSummary *self);
const char       *cas_person_summary_get_language         (CasPersonSummary *self);
gint64            cas_person_summary_get_company_id       (CasPersonSummary *self);
/* The exam centre holding the record, or NULL */
const char       *cas_person_summary_get_centre_name      (CasPersonSummary *self);
/* Registrations (not cancelled) the viewer may see */
int               cas_person_summary_get_n_exams          (CasPersonSummary *self);
/* Whether the last full duplicate scan paired the person with another */
gboolean          cas_person_summary_get_possible_duplicate (CasPersonSummary *self);

G_END_DECLS
