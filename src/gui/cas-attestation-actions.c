/* cas-attestation-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "cas-attestation-actions.h"
#include "cas-attestation-actions-private.h"
#include "cas-attestation-item.h"
#include "cas-attestation-preview.h"
#include "cas-attestation-service.h"
#include "cas-gui-util.h"

/* The window of cas_attestation_open() fits an A4 page at its width, on
 * screens tall enough */
#define WINDOW_WIDTH 680
#define WINDOW_HEIGHT 940

static GtkWindow *
get_window (GtkWidget *widget)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_cas_attestation_show_error (GtkWidget    *parent,
                             const char   *heading,
                             const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (heading != NULL);
  g_return_if_fail (error != NULL);

  dialog = adw_message_dialog_new (get_window (parent), heading, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reading an attestation, and its PDF, off the main thread */

typedef struct
{
  CasAttestationService *service;
  CasAccount            *account;
  gint64                 id;
  gboolean               want_pdf;
  /* What the thread read */
  CasAttestation        *attestation;
  GBytes                *pdf;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->service);
  g_clear_object (&load->account);
  g_clear_pointer (&load->attestation, cas_attestation_free);
  g_clear_pointer (&load->pdf, g_bytes_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;

  load->attestation = cas_attestation_service_get_by_id (load->service, load->account, load->id,
                                                         &error);
  if (load->attestation != NULL && load->want_pdf)
    load->pdf = cas_attestation_service_get_pdf (load->service, load->account, load->id,
                                                 &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Calls @callback with @parent as the source object and the Load as the
 * task data */
static void
load_async (GtkWidget           *parent,
            CasDatabase         *db,
            CasAccount          *account,
            gint64               attestation_id,
            gboolean             want_pdf,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  load = g_new0 (Load, 1);
  load->service = cas_attestation_service_new (db);
  load->account = g_object_ref (account);
  load->id = attestation_id;
  load->want_pdf = want_pdf;

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

/* Printing */

typedef struct
{
  GPtrArray *pdfs;
} Print;

static void
print_free (Print *print)
{
  g_ptr_array_unref (print->pdfs);
  g_free (print);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Print             *print)
{
  g_autoptr(GError) error = NULL;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double paper_width = gtk_print_context_get_width (context);
  double paper_height = gtk_print_context_get_height (context);
  PopplerDocument *document;
  PopplerPage *page;
  double width;
  double height;
  double scale = 1.0;

  g_return_if_fail (page_nr >= 0 && (guint) page_nr < print->pdfs->len);

  document = poppler_document_new_from_bytes (g_ptr_array_index (print->pdfs, page_nr), NULL,
                                              &error);
  if (document == NULL || poppler_document_get_n_pages (document) < 1)
    {
      g_warning ("Cannot print page %d: %s", page_nr + 1,
                 error != NULL ? error->message : "no page");
      g_clear_object (&document);
      return;
    }

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);

  /* The page as issued, at its size; smaller only when the paper is, by
   * more than a printer's rounding */
  if (width > paper_width + 1 || height > paper_height + 1)
    scale = MIN (paper_width / width, paper_height / height);

  cairo_save (cr);
  cairo_translate (cr, MAX (0, (paper_width - width * scale) / 2),
                   MAX (0, (paper_height - height * scale) / 2));
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);

  g_object_unref (page);
  g_object_unref (document);
}

GtkPrintOperation *
_cas_attestation_print_operation_new (GPtrArray  *pdfs,
                                      const char *job_name)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  GtkPrintOperation *operation;
  PopplerDocument *first;
  Print *print;
  double width = 595.276;
  double height = 841.89;

  g_return_val_if_fail (pdfs != NULL && pdfs->len > 0, NULL);

  first = poppler_document_new_from_bytes (g_ptr_array_index (pdfs, 0), NULL, NULL);
  if (first != NULL && poppler_document_get_n_pages (first) > 0)
    {
      PopplerPage *page = poppler_document_get_page (first, 0);

      poppler_page_get_size (page, &width, &height);
      g_object_unref (page);
    }
  g_clear_object (&first);

  /* A4 by its name, so that printers take their A4 paper */
  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  if (ABS (gtk_paper_size_get_width (paper, GTK_UNIT_POINTS) - width) > 2 ||
      ABS (gtk_paper_size_get_height (paper, GTK_UNIT_POINTS) - height) > 2)
    {
      gtk_paper_size_free (paper);
      paper = gtk_paper_size_new_custom ("certassur-attestation", _("Attestation"),
                                         width, height, GTK_UNIT_POINTS);
    }
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);

  print = g_new0 (Print, 1);
  print->pdfs = g_ptr_array_ref (pdfs);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_n_pages (operation, (int) pdfs->len);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The PDF has its margins: draw on the whole sheet, in points */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "cas-print", print, (GDestroyNotify) print_free);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), print);

  return operation;
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  GtkWidget               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        _cas_attestation_show_error (parent, _("Cannot Print the Attestation"), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      cas_gui_add_toast (parent, _("Attestation sent to the printer"));
    }

  g_object_unref (operation);
  g_object_unref (parent);
}

static void
print_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GtkWidget *parent = GTK_WIDGET (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdfs = NULL;
  g_autofree char *number = NULL;
  GtkPrintOperation *operation;
  GtkPrintOperationResult answer;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _cas_attestation_show_error (parent, _("Cannot Print the Attestation"), error);
      return;
    }

  number = cas_attestation_dup_display_number (load->attestation);
  pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (pdfs, g_bytes_ref (load->pdf));

  operation = _cas_attestation_print_operation_new (pdfs, number);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), g_object_ref (parent));
  answer = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    get_window (parent), &error);
  if (answer == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    _cas_attestation_show_error (parent, _("Cannot Print the Attestation"), error);
}

/* Saving */

typedef struct
{
  GtkWidget *parent;
  GBytes    *pdf;
  GFile     *file;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->parent);
  g_clear_pointer (&save->pdf, g_bytes_unref);
  g_clear_object (&save->file);
  g_free (save);
}

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_warning ("Cannot save an attestation: %s", error->message);
      _cas_attestation_show_error (save->parent, _("Cannot Save the Attestation"), error);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (save->file);
      g_autofree char *message = NULL;

      /* Translators: %s is a file name, "CA-2026-000123.pdf" */
      message = g_strdup_printf (_("Saved as %s"), name);
      cas_gui_add_toast (save->parent, message);
    }

  save_free (save);
}

static void
on_save_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             Save            *save)
{
  if (response == GTK_RESPONSE_ACCEPT)
    save->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (save->file == NULL)
    {
      save_free (save);
      return;
    }

  /* The bytes as stored, unchanged */
  g_file_replace_contents_bytes_async (save->file, save->pdf, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       save_written_cb, save);
}

static void
save_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *parent = GTK_WIDGET (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;
  Save *save;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _cas_attestation_show_error (parent, _("Cannot Save the Attestation"), error);
      return;
    }

  number = cas_attestation_dup_display_number (load->attestation);
  /* Translators: the title of the file chooser, %s the attestation's number */
  title = g_strdup_printf (_("Save Attestation %s"), number);
  chooser = gtk_file_chooser_native_new (title, get_window (parent),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s.pdf", number);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  save = g_new0 (Save, 1);
  save->parent = g_object_ref (parent);
  save->pdf = g_bytes_ref (load->pdf);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_chooser_response_cb), save);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The window */

#define CAS_TYPE_ATTESTATION_WINDOW (cas_attestation_window_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationWindow, cas_attestation_window, CAS, ATTESTATION_WINDOW,
                      AdwWindow)

struct _CasAttestationWindow
{
  AdwWindow              parent_instance;

  AdwWindowTitle        *title;
  CasAttestationPreview *preview;

  CasDatabase           *db;
  CasAccount            *account;
  CasAttestationService *service;
  gint64                 id;
};

G_DEFINE_FINAL_TYPE (CasAttestationWindow, cas_attestation_window, ADW_TYPE_WINDOW)

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CasAttestationWindow *self = CAS_ATTESTATION_WINDOW (widget);

  cas_attestation_print (GTK_WIDGET (self->preview), self->db, self->account, self->id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CasAttestationWindow *self = CAS_ATTESTATION_WINDOW (widget);

  cas_attestation_save (GTK_WIDGET (self->preview), self->db, self->account, self->id);
}

static void
on_open_attestation_cb (CasAttestationWindow  *self,
                        gint64                 id,
                        CasAttestationPreview *preview)
{
  cas_attestation_open (GTK_WIDGET (self), self->db, self->account, id);
}

static GtkWidget *
new_icon_button (GType       type,
                 const char *icon_name,
                 const char *label,
                 const char *action_name,
                 const char *target)
{
  GtkWidget *button = g_object_new (type,
                                    "icon-name", icon_name,
                                    "tooltip-text", label,
                                    "action-name", action_name,
                                    NULL);

  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return button;
}

static void
cas_attestation_window_dispose (GObject *object)
{
  CasAttestationWindow *self = CAS_ATTESTATION_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->account);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cas_attestation_window_parent_class)->dispose (object);
}

static void
cas_attestation_window_class_init (CasAttestationWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cas_attestation_window_dispose;

  gtk_widget_class_install_action (widget_class, "attestation.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "attestation.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "attestation.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "attestation.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cas_attestation_window_init (CasAttestationWindow *self)
{
  GtkWidget *toasts = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *zoom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *fit = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *save;

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Attestation"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             new_icon_button (GTK_TYPE_BUTTON, "document-print-symbolic",
                                              _("Print…"), "attestation.print", NULL));
  save = new_icon_button (GTK_TYPE_BUTTON, "document-save-symbolic", _("Save as PDF…"),
                          "attestation.save", NULL);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), save);

  gtk_box_append (GTK_BOX (fit), new_icon_button (GTK_TYPE_TOGGLE_BUTTON,
                                                  "cas-zoom-fit-width-symbolic",
                                                  _("Fit Width"), "preview.fit", "width"));
  gtk_box_append (GTK_BOX (fit), new_icon_button (GTK_TYPE_TOGGLE_BUTTON,
                                                  "zoom-fit-best-symbolic",
                                                  _("Fit Page"), "preview.fit", "page"));
  gtk_widget_add_css_class (fit, "linked");
  gtk_box_append (GTK_BOX (zoom), new_icon_button (GTK_TYPE_BUTTON, "zoom-out-symbolic",
                                                   _("Zoom Out"), "preview.zoom-out", NULL));
  gtk_box_append (GTK_BOX (zoom), new_icon_button (GTK_TYPE_BUTTON, "zoom-in-symbolic",
                                                   _("Zoom In"), "preview.zoom-in", NULL));
  gtk_widget_add_css_class (zoom, "linked");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), fit);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), zoom);

  self->preview = CAS_ATTESTATION_PREVIEW (cas_attestation_preview_new ());
  g_object_set (self->preview, "show-controls", FALSE, "vexpand", TRUE, NULL);
  g_signal_connect_object (self->preview, "open-attestation",
                           G_CALLBACK (on_open_attestation_cb), self, G_CONNECT_SWAPPED);

  /* The header's zoom buttons and keys reach the preview's actions */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "preview",
                                  cas_attestation_preview_get_actions (self->preview));
  cas_attestation_preview_add_shortcuts (GTK_WIDGET (self));

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->preview));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), box);
  adw_window_set_content (ADW_WINDOW (self), toasts);
}

static void
fit_to_screen (GtkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  int height = WINDOW_HEIGHT;

  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      height = MIN (height, geometry.height * 9 / 10);
    }

  gtk_window_set_default_size (window, WINDOW_WIDTH, height);
}

static void
open_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *parent = GTK_WIDGET (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  CasAttestationWindow *window;
  CasDatabase *db = user_data;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _cas_attestation_show_error (parent, _("Cannot Open the Attestation"), error);
      g_object_unref (db);
      return;
    }

  window = g_object_new (CAS_TYPE_ATTESTATION_WINDOW,
                         "transient-for", get_window (parent),
                         NULL);
  window->db = db;
  window->account = g_object_ref (load->account);
  window->service = g_object_ref (load->service);
  window->id = load->id;

  number = cas_attestation_dup_display_number (load->attestation);
  name = _cas_attestation_dup_full_name (load->attestation);
  /* Translators: the title of the window of one attestation, "Attestation
   * CA-2026-000123" */
  title = g_strdup_printf (_("Attestation %s"), number);
  adw_window_title_set_title (window->title, title);
  adw_window_title_set_subtitle (window->title, name);
  gtk_window_set_title (GTK_WINDOW (window), title);

  cas_attestation_preview_set_service (window->preview, window->service, window->account);
  cas_attestation_preview_set_attestation (window->preview, load->attestation);

  fit_to_screen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Public API */

void
cas_attestation_open (GtkWidget   *parent,
                      CasDatabase *db,
                      CasAccount  *account,
                      gint64       attestation_id)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CAS_IS_DATABASE (db));
  g_return_if_fail (CAS_IS_ACCOUNT (account));
  g_return_if_fail (attestation_id > 0);

  /* The window keeps the database open */
  load_async (parent, db, account, attestation_id, FALSE, open_loaded_cb, g_object_ref (db));
}

void
cas_attestation_print (GtkWidget   *parent,
                       CasDatabase *db,
                       CasAccount  *account,
                       gint64       attestation_id)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CAS_IS_DATABASE (db));
  g_return_if_fail (CAS_IS_ACCOUNT (account));
  g_return_if_fail (attestation_id > 0);

  load_async (parent, db, account, attestation_id, TRUE, print_loaded_cb, NULL);
}

void
cas_attestation_save (GtkWidget   *parent,
                      CasDatabase *db,
                      CasAccount  *account,
                      gint64       attestation_id)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CAS_IS_DATABASE (db));
  g_return_if_fail (CAS_IS_ACCOUNT (account));
  g_return_if_fail (attestation_id > 0);

  load_async (parent, db, account, attestation_id, TRUE, save_loaded_cb, NULL);
}
