/* cas-staff-member.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cas-types.h"

G_BEGIN_DECLS

/* An administrator or controller of a session */
#define CAS_TYPE_STAFF_MEMBER (cas_staff_member_get_type ())

G_DECLARE_FINAL_TYPE (CasStaffMember, cas_staff_member, CAS, STAFF_MEMBER, GObject)

CasStaffMember *cas_staff_member_new            (gint64        session_id,
                                                 gint64        person_id,
                                                 const char   *first_name,
                                                 const char   *last_name,
                                                 const char   *email,
                                                 CasStaffRole  role);
gint64          cas_staff_member_get_session_id (CasStaffMember *self);
gint64          cas_staff_member_get_person_id  (CasStaffMember *self);
const char     *cas_staff_member_get_first_name (CasStaffMember *self);
const char     *cas_staff_member_get_last_name  (CasStaffMember *self);
const char     *cas_staff_member_get_email      (CasStaffMember *self);
CasStaffRole    cas_staff_member_get_role       (CasStaffMember *self);

G_END_DECLS
