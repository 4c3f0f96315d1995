/* cas-staff-member.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cas-staff-member.h"

struct _CasStaffMember
{
  GObject       parent_instance;

  gint64        session_id;
  gint64        person_id;
  char         *first_name;
  char         *last_name;
  char         *email;
  CasStaffRole  role;
};

G_DEFINE_FINAL_TYPE (CasStaffMember, cas_staff_member, G_TYPE_OBJECT)

static void
cas_staff_member_finalize (GObject *object)
{
  CasStaffMember *self = (CasStaffMember *)object;

  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->email);

  G_OBJECT_CLASS (cas_staff_member_parent_class)->finalize (object);
}

static void
cas_staff_member_class_init (CasStaffMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_staff_member_finalize;
}

static void
cas_staff_member_init (CasStaffMember *self)
{
}

CasStaffMember *
cas_staff_member_new (gint64        session_id,
                      gint64        person_id,
                      const char   *first_name,
                      const char   *last_name,
                      const char   *email,
                      CasStaffRole  role)
{
  CasStaffMember *self = g_object_new (CAS_TYPE_STAFF_MEMBER, NULL);

  self->session_id = session_id;
  self->person_id = person_id;
  self->first_name = g_strdup (first_name);
  self->last_name = g_strdup (last_name);
  self->email = g_strdup (email);
  self->role = role;

  return self;
}

#define GETTER(type, name) \
  type \
  cas_staff_member_get_##name (CasStaffMember *self) \
  { \
    g_return_val_if_fail (CAS_IS_STAFF_MEMBER (self), 0); \
    return self->name; \
  }

GETTER (gint64, session_id)
GETTER (gint64, person_id)
GETTER (const char *, first_name)
GETTER (const char *, last_name)
GETTER (const char *, email)
GETTER (CasStaffRole, role)

#undef GETTER
