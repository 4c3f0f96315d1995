/* cas-attestation-actions-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What printing one attestation and printing a session's share: a print
 * operation of one page per PDF of @pdfs (GBytes, as stored), each drawn
 * with poppler_page_render_for_printing at its own size, centred, made
 * smaller only when the paper is. The paper offered first is the first
 * PDF's page. */
GtkPrintOperation *_cas_attestation_print_operation_new (GPtrArray    *pdfs,
                                                         const char   *job_name);
/* A dialog on @parent's window: @heading, then @error's message */
void               _cas_attestation_show_error          (GtkWidget    *parent,
                                                         const char   *heading,
                                                         const GError *error);

G_END_DECLS
