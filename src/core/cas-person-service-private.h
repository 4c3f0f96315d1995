/* cas-person-service-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the import review (cas-import-review.c) shares with the person
 * service: the columns of the CSV format.
 */

#pragma once

#include "cas-person-service.h"

G_BEGIN_DECLS

/* The field of @person a CSV column fills */
char     **_cas_person_field_slot        (CasPerson          *person,
                                          CasField            field);
/* Maps the header's positions to fields (@columns holds @n_fields); the
 * message names a column unknown or given twice, or the required ones
 * missing */
gboolean   _cas_person_parse_csv_header  (guint               n_fields,
                                          const char * const *fields,
                                          CasField           *columns,
                                          GError            **error);

G_END_DECLS
