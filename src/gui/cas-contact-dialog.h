/* cas-contact-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cas-account.h"
#include "cas-person-service.h"

G_BEGIN_DECLS

/* Edits the contact details of a person: e-mail, phone, address and
 * language, each checked as it is typed with the message under the field.
 * Saving is refused, with a way to reload, when someone else changed the
 * record since it was read. Emits "saved" and closes once saved. */
#define CAS_TYPE_CONTACT_DIALOG (cas_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CasContactDialog, cas_contact_dialog, CAS, CONTACT_DIALOG, AdwWindow)

/* @person: the record as read, with its revision */
GtkWidget *cas_contact_dialog_new (GtkWindow        *parent,
                                   CasPersonService *persons,
                                   CasAccount       *actor,
                                   const CasPerson  *person);

G_END_DECLS
