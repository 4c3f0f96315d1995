/* cas-attestation-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-batch"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "cas-attestation-batch.h"
#include "cas-attestation-list.h"

/* Attestations listed at a time */
#define LIST_PAGE 200

struct _CasAttestationBatch
{
  GObject                parent_instance;

  CasAttestationService *service;
  CasAccount            *account;
  CasAttestationQuery   *query;

  /* Written by the thread, read on the main thread */
  guint                  done;
  guint                  total;
  gint                   notify_queued;
};

G_DEFINE_FINAL_TYPE (CasAttestationBatch, cas_attestation_batch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DONE,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Progress, from the thread to the main thread, at most one notification
 * waiting at a time */

static gboolean
notify_progress_cb (gpointer user_data)
{
  CasAttestationBatch *self = user_data;

  g_atomic_int_set (&self->notify_queued, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DONE]);

  return G_SOURCE_REMOVE;
}

static void
queue_progress (CasAttestationBatch *self)
{
  if (g_atomic_int_compare_and_exchange (&self->notify_queued, 0, 1))
    g_idle_add_full (G_PRIORITY_DEFAULT, notify_progress_cb, g_object_ref (self),
                     g_object_unref);
}

/* The thread */

typedef struct
{
  CasAttestationBatchKind kind;
  GFile                  *target;
  GPtrArray              *pdfs;        /* READ: what was read */
  /* ONE_PDF */
  GOutputStream          *stream;
  GCancellable           *cancellable;
  GError                 *write_error;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->target);
  g_clear_pointer (&run->pdfs, g_ptr_array_unref);
  g_clear_object (&run->stream);
  g_clear_error (&run->write_error);
  g_free (run);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  const CasAttestation *x = *(const CasAttestation * const *) a;
  const CasAttestation *y = *(const CasAttestation * const *) b;
  int order = g_strcmp0 (x->number, y->number);

  return order != 0 ? order : x->version - y->version;
}

/* Returns: (element-type CasAttestation): the valid attestations asked for */
static GPtrArray *
list_all (CasAttestationBatch  *self,
          GCancellable         *cancellable,
          GError              **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) cas_attestation_free);

  for (guint offset = 0;; offset += LIST_PAGE)
    {
      g_autoptr(GPtrArray) page = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      page = cas_attestation_service_list (self->service, self->account, self->query, offset,
                                           LIST_PAGE, error);
      if (page == NULL)
        return NULL;

      g_ptr_array_set_free_func (page, NULL);
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&page));
      if (all->len < offset + LIST_PAGE)
        break;
    }

  /* A session's attestations by number */
  g_ptr_array_sort (all, compare_numbers);

  return g_steal_pointer (&all);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Run *run = closure;

  if (run->write_error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (run->stream, data, length, NULL, run->cancellable,
                                  &run->write_error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* Draws the stored page into the PDF being made */
static gboolean
draw_into (cairo_surface_t  *surface,
           GBytes           *pdf,
           const char       *number,
           GError          **error)
{
  PopplerDocument *document;
  PopplerPage *page;
  cairo_t *cr;
  double width;
  double height;

  document = poppler_document_new_from_bytes (pdf, NULL, error);
  if (document == NULL)
    {
      g_prefix_error (error, _("The stored PDF of attestation %s cannot be read: "), number);
      return FALSE;
    }
  if (poppler_document_get_n_pages (document) < 1)
    {
      g_set_error (error, POPPLER_ERROR, POPPLER_ERROR_DAMAGED,
                   _("The stored PDF of attestation %s has no page"), number);
      g_object_unref (document);
      return FALSE;
    }

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  cairo_pdf_surface_set_size (surface, width, height);
  cr = cairo_create (surface);
  poppler_page_render_for_printing (page, cr);
  cairo_show_page (cr);
  cairo_destroy (cr);

  g_object_unref (page);
  g_object_unref (document);

  return TRUE;
}

static void
abandon_stream (GOutputStream *stream)
{
  g_autoptr(GCancellable) abandon = g_cancellable_new ();

  /* Closing with a cancelled cancellable drops the temporary file: the
   * file chosen is left as it was */
  g_cancellable_cancel (abandon);
  g_output_stream_close (stream, abandon, NULL);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CasAttestationBatch *self = source_object;
  Run *run = task_data;
  g_autoptr(GPtrArray) attestations = NULL;
  cairo_surface_t *surface = NULL;
  GError *error = NULL;

  attestations = list_all (self, cancellable, &error);
  if (attestations == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_atomic_int_set (&self->total, attestations->len);
  queue_progress (self);

  if (run->kind == CAS_ATTESTATION_BATCH_ONE_PDF && attestations->len > 0)
    {
      run->stream = G_OUTPUT_STREAM (g_file_replace (run->target, NULL, FALSE,
                                                     G_FILE_CREATE_REPLACE_DESTINATION,
                                                     cancellable, &error));
      if (run->stream == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      run->cancellable = cancellable;
      /* A4 until the first page says its size */
      surface = cairo_pdf_surface_create_for_stream (write_to_stream, run, 595.276, 841.89);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Certassur Desk");
    }

  for (guint i = 0; i < attestations->len; i++)
    {
      const CasAttestation *attestation = g_ptr_array_index (attestations, i);
      g_autofree char *number = cas_attestation_dup_display_number (attestation);
      g_autoptr(GBytes) pdf = NULL;
      gboolean ok = TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;

      pdf = cas_attestation_service_get_pdf (self->service, self->account, attestation->id,
                                             &error);
      if (pdf == NULL)
        break;

      switch (run->kind)
        {
        case CAS_ATTESTATION_BATCH_FOLDER:
          {
            g_autofree char *name = g_strdup_printf ("%s.pdf", number);
            g_autoptr(GFile) file = g_file_get_child (run->target, name);
            gsize size;
            gconstpointer data = g_bytes_get_data (pdf, &size);

            /* The bytes as stored, unchanged */
            ok = g_file_replace_contents (file, data, size, NULL, FALSE,
                                          G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                          cancellable, &error);
          }
          break;

        case CAS_ATTESTATION_BATCH_ONE_PDF:
          ok = draw_into (surface, pdf, number, &error);
          if (ok && run->write_error != NULL)
            {
              ok = FALSE;
              error = g_steal_pointer (&run->write_error);
            }
          break;

        case CAS_ATTESTATION_BATCH_READ:
        default:
          g_ptr_array_add (run->pdfs, g_steal_pointer (&pdf));
          break;
        }

      if (!ok)
        break;

      g_atomic_int_inc (&self->done);
      queue_progress (self);
    }

  if (surface != NULL)
    {
      cairo_surface_finish (surface);
      if (error == NULL && run->write_error != NULL)
        error = g_steal_pointer (&run->write_error);
      if (error == NULL && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the PDF: %s"),
                     cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);

      if (error != NULL)
        abandon_stream (run->stream);
      else
        g_output_stream_close (run->stream, cancellable, &error);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Public API */

CasAttestationBatch *
cas_attestation_batch_new (CasAttestationService     *service,
                           CasAccount                *account,
                           const CasAttestationQuery *query)
{
  CasAttestationBatch *self;

  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (CAS_TYPE_ATTESTATION_BATCH, NULL);
  self->service = g_object_ref (service);
  self->account = g_object_ref (account);
  self->query = cas_attestation_list_copy_query (query);
  self->query->status = CAS_ATTESTATION_VALID;

  return self;
}

guint
cas_attestation_batch_get_done (CasAttestationBatch *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_BATCH (self), 0);

  return g_atomic_int_get (&self->done);
}

guint
cas_attestation_batch_get_total (CasAttestationBatch *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_BATCH (self), 0);

  return g_atomic_int_get (&self->total);
}

void
cas_attestation_batch_run_async (CasAttestationBatch     *self,
                                 CasAttestationBatchKind  kind,
                                 GFile                   *target,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (CAS_IS_ATTESTATION_BATCH (self));
  g_return_if_fail ((target != NULL) == (kind != CAS_ATTESTATION_BATCH_READ));

  run = g_new0 (Run, 1);
  run->kind = kind;
  run->target = target != NULL ? g_object_ref (target) : NULL;
  run->pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_atomic_int_set (&self->done, 0);
  g_atomic_int_set (&self->total, 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cas_attestation_batch_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
cas_attestation_batch_run_finish (CasAttestationBatch  *self,
                                  GAsyncResult         *result,
                                  guint                *n_done,
                                  GPtrArray           **pdfs,
                                  GError              **error)
{
  Run *run;

  g_return_val_if_fail (CAS_IS_ATTESTATION_BATCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (n_done != NULL)
    *n_done = g_atomic_int_get (&self->done);
  if (pdfs != NULL)
    *pdfs = g_ptr_array_ref (run->pdfs);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
cas_attestation_batch_dispose (GObject *object)
{
  CasAttestationBatch *self = CAS_ATTESTATION_BATCH (object);

  g_clear_object (&self->service);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (cas_attestation_batch_parent_class)->dispose (object);
}

static void
cas_attestation_batch_finalize (GObject *object)
{
  CasAttestationBatch *self = CAS_ATTESTATION_BATCH (object);

  g_clear_pointer (&self->query, cas_attestation_query_free);

  G_OBJECT_CLASS (cas_attestation_batch_parent_class)->finalize (object);
}

static void
cas_attestation_batch_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CasAttestationBatch *self = CAS_ATTESTATION_BATCH (object);

  switch (prop_id)
    {
    case PROP_DONE:
      g_value_set_uint (value, cas_attestation_batch_get_done (self));
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, cas_attestation_batch_get_total (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_attestation_batch_class_init (CasAttestationBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cas_attestation_batch_dispose;
  object_class->finalize = cas_attestation_batch_finalize;
  object_class->get_property = cas_attestation_batch_get_property;

  properties [PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cas_attestation_batch_init (CasAttestationBatch *self)
{
}
