/* cas-attestation-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-item"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cas-attestation-item.h"

struct _CasAttestationItem
{
  GObject         parent_instance;

  CasAttestation *attestation;
};

G_DEFINE_FINAL_TYPE (CasAttestationItem, cas_attestation_item, G_TYPE_OBJECT)

CasAttestationItem *
cas_attestation_item_new (CasAttestation *attestation)
{
  CasAttestationItem *self = g_object_new (CAS_TYPE_ATTESTATION_ITEM, NULL);

  self->attestation = attestation;

  return self;
}

const CasAttestation *
cas_attestation_item_get_attestation (CasAttestationItem *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_ITEM (self), NULL);

  return self->attestation;
}

gint64
cas_attestation_item_get_id (CasAttestationItem *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_ITEM (self), 0);

  return self->attestation != NULL ? self->attestation->id : 0;
}

gboolean
cas_attestation_item_is_placeholder (CasAttestationItem *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_ITEM (self), TRUE);

  return self->attestation == NULL;
}

/* Formatting */

char *
_cas_attestation_dup_full_name (const CasAttestation *attestation)
{
  g_return_val_if_fail (attestation != NULL, NULL);

  /* Translators: a person's full name, first then last */
  return g_strdup_printf (C_("person name", "%s %s"),
                          attestation->first_name ? attestation->first_name : "",
                          attestation->last_name ? attestation->last_name : "");
}

char *
_cas_attestation_format_session_start (const CasAttestation *attestation)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) start = NULL;
  const char *text;
  int year, month, day, hour, minute;

  g_return_val_if_fail (attestation != NULL, NULL);

  text = attestation->session_start != NULL ? attestation->session_start : "";

  /* The session's local time as written ("2026-11-26T13:30"): only its
   * fields are shown, so no time zone may move them */
  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d", &year, &month, &day, &hour, &minute) == 5)
    {
      utc = g_time_zone_new_utc ();
      start = g_date_time_new (utc, year, month, day, hour, minute, 0);
    }
  if (start == NULL)
    return g_strdup (text);

  /* Translators: the date and time of an exam session, as in
   * "Thu 3 Dec 2026, 09:30"; see the strftime-like codes of
   * g_date_time_format () */
  return g_date_time_format (start, _("%a %-d %b %Y, %H:%M"));
}

char *
_cas_attestation_dup_exam (const CasAttestation *attestation)
{
  g_return_val_if_fail (attestation != NULL, NULL);

  if (attestation->exam_title == NULL || attestation->exam_title[0] == '\0')
    return g_strdup (attestation->exam_code ? attestation->exam_code : "");

  /* Translators: an exam's code and title, "INS-1 Module 1 – General knowledge" */
  return g_strdup_printf (C_("exam", "%s %s"),
                          attestation->exam_code ? attestation->exam_code : "",
                          attestation->exam_title);
}

const char *
_cas_attestation_status_get_style_class (CasAttestationStatus status)
{
  switch (status)
    {
    case CAS_ATTESTATION_REVOKED:
      return "error";
    case CAS_ATTESTATION_SUPERSEDED:
      return "warning";
    case CAS_ATTESTATION_VALID:
    default:
      return "success";
    }
}

/* GObject */

static void
cas_attestation_item_finalize (GObject *object)
{
  CasAttestationItem *self = CAS_ATTESTATION_ITEM (object);

  g_clear_pointer (&self->attestation, cas_attestation_free);

  G_OBJECT_CLASS (cas_attestation_item_parent_class)->finalize (object);
}

static void
cas_attestation_item_class_init (CasAttestationItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_attestation_item_finalize;
}

static void
cas_attestation_item_init (CasAttestationItem *self)
{
}
