/* cas-attestation-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cas-account.h"
#include "cas-attestation-service.h"

G_BEGIN_DECLS

/* The stored PDF of one attestation, as issued, with a badge that says
 * whether it is valid, revoked (and why) or superseded (and by which
 * version).
 *
 * The PDF is read through the service with the account given, loaded and
 * drawn with poppler off the main thread, at the widget's scale; the
 * documents of the last attestations shown stay loaded, and each is drawn
 * once per size. While a page loads the widget shows a spinner; a PDF that
 * cannot be read gives a message.
 *
 * Zoom: fit the width (the default), fit the page, or a level from 25 % to
 * 300 %. The widget's actions ("preview.zoom-in", "preview.zoom-out",
 * "preview.fit" with "width" or "page") are in the action group
 * cas_attestation_preview_get_actions() returns, for buttons elsewhere (a
 * header bar) to use once it is inserted on one of their ancestors; the
 * widget shows buttons of its own unless "show-controls" is off.
 *
 * An "embedded" preview lives in a scrolled page: it is as tall as its
 * page and scrolls only sideways; fitting the page then fits it into the
 * height of that scrolled page. */
#define CAS_TYPE_ATTESTATION_PREVIEW (cas_attestation_preview_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationPreview, cas_attestation_preview, CAS, ATTESTATION_PREVIEW,
                      GtkWidget)

GtkWidget    *cas_attestation_preview_new             (void);
void          cas_attestation_preview_set_service     (CasAttestationPreview *self,
                                                       CasAttestationService *service,
                                                       CasAccount            *account);
/* Shows @attestation (NULL: nothing). Setting the one shown again, with
 * another status, updates the badge and keeps the page. */
void          cas_attestation_preview_set_attestation (CasAttestationPreview *self,
                                                       const CasAttestation  *attestation);
/* The id of the attestation shown, 0 for none */
gint64        cas_attestation_preview_get_attestation_id (CasAttestationPreview *self);
/* Reads the PDF of the attestation shown again */
void          cas_attestation_preview_reload          (CasAttestationPreview *self);
/* Whether the page of the attestation shown is on its way */
gboolean      cas_attestation_preview_get_loading     (CasAttestationPreview *self);
/* Returns: (transfer none): the zoom actions, prefix "preview" */
GActionGroup *cas_attestation_preview_get_actions     (CasAttestationPreview *self);

/* Adds the zoom keys (Ctrl+plus, Ctrl+minus, Ctrl+0) to @widget, for the
 * "preview" actions it reaches: the preview's own, or a group inserted on
 * @widget or an ancestor */
void          cas_attestation_preview_add_shortcuts   (GtkWidget             *widget);

G_END_DECLS
