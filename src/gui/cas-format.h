/* cas-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cas-account-service.h"
#include "cas-audit-service.h"
#include "cas-exam-session.h"

G_BEGIN_DECLS

/* How the window writes dates, times and places, for the user's language */

/* "Thu 3 Dec 2026, 09:30" */
char *cas_format_session_start    (CasExamSession *session);
/* "Thu 3 Dec 2026, 09:30–11:30 (2 h)" */
char *cas_format_session_schedule (CasExamSession *session);
/* "Rue de Fer 25, room 2": the location and the room, either may lack */
char *cas_format_session_place    (CasExamSession *session);
/* "Centre d'examens Namur, Namur" */
char *cas_format_session_centre   (CasExamSession *session);
/* "M1 General knowledge" */
char *cas_format_session_exam     (CasExamSession *session);
/* "3 Dec 1985" from "1985-12-03"; the text itself when not a date */
char *cas_format_date             (const char     *iso_date);
/* "2 h", "1 h 30 min", "45 min" */
char *cas_format_duration         (int             minutes);

/* "Operator · Administrator, Assurcentre Bruxelles · Controller", or
 * "No staff role" */
char *cas_format_account_roles    (const CasAccountInfo *info);
/* "12 Mar 2026, 14:05" in local time from a UTC "YYYY-MM-DDTHH:MM:SSZ";
 * the text itself when it is not one. With @seconds, "14:05:32". */
char *cas_format_timestamp        (const char     *utc,
                                   gboolean        seconds);

/* "Person created" for "person.create"; @action itself when unknown */
const char *cas_format_audit_action (const char   *action);
/* "person #12", "account #3"; "" when the event names no record */
char *cas_format_audit_record     (const CasAuditEvent *event);
/* The details of an event on one line: "Refused: see the accounts" for a
 * refusal, "login: jan.peeters · role: controller" for a JSON object,
 * the text itself otherwise; "" when none */
char *cas_format_audit_details    (const CasAuditEvent *event);

G_END_DECLS
