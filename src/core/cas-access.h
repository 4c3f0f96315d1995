/* cas-access.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every service refuses: an action the acting account may not take,
 * or a login that is no longer good. The message says what was refused;
 * the refusal is written to the audit log. */
#define CAS_ACCESS_ERROR (cas_access_error_quark ())

typedef enum
{
  CAS_ACCESS_ERROR_DENIED,
  CAS_ACCESS_ERROR_NOT_LOGGED_IN,   /* no account, an ended or expired login */
  CAS_ACCESS_ERROR_OTHER_DATABASE,  /* a login made on another database */
  CAS_ACCESS_ERROR_DISABLED,
} CasAccessError;

GQuark cas_access_error_quark (void);

G_END_DECLS
