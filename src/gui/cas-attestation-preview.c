/* cas-attestation-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-preview"

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>

#include "cas-attestation-item.h"
#include "cas-attestation-preview.h"
#include "cas-format.h"

/* Documents kept loaded: going back and forth in a list shows them at once */
#define N_CACHED_DOCUMENTS 8
/* Around the page, in logical pixels (the CSS of the page adds none) */
#define PAGE_MARGIN 18
/* Bigger renders are scaled up on screen: 16 megapixels is 64 MB */
#define MAX_TEXTURE_PIXELS (16 * 1024 * 1024)
/* 100 % is the page at its real size on a 96 dpi screen */
#define PIXELS_PER_POINT (96.0 / 72.0)
#define MIN_FIT_ZOOM 0.1
/* Before its document is loaded, a page is taken for A4 */
#define A4_WIDTH 595.276
#define A4_HEIGHT 841.89

static const double zoom_levels[] = {
  0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0
};

typedef enum
{
  FIT_NONE,
  FIT_WIDTH,
  FIT_PAGE,
} FitMode;

static const char * const fit_names[] = { "none", "width", "page" };

/* The page: the texture drawn at the size it is given, over the page's
 * white (style.css), whatever the texture's own size */

#define CAS_TYPE_ATTESTATION_PAGE (cas_attestation_page_get_type ())

G_DECLARE_FINAL_TYPE (CasAttestationPage, cas_attestation_page, CAS, ATTESTATION_PAGE, GtkWidget)

struct _CasAttestationPage
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  int         width;
  int         height;
};

G_DEFINE_FINAL_TYPE (CasAttestationPage, cas_attestation_page, GTK_TYPE_WIDGET)

static void
cas_attestation_page_set_size (CasAttestationPage *self,
                               int                 width,
                               int                 height)
{
  if (self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
cas_attestation_page_set_texture (CasAttestationPage *self,
                                  GdkTexture         *texture)
{
  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cas_attestation_page_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  CasAttestationPage *self = CAS_ATTESTATION_PAGE (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
cas_attestation_page_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CasAttestationPage *self = CAS_ATTESTATION_PAGE (widget);

  if (self->texture == NULL)
    return;

  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (0, 0,
                                                    gtk_widget_get_width (widget),
                                                    gtk_widget_get_height (widget)));
}

static void
cas_attestation_page_dispose (GObject *object)
{
  g_clear_object (&CAS_ATTESTATION_PAGE (object)->texture);

  G_OBJECT_CLASS (cas_attestation_page_parent_class)->dispose (object);
}

static void
cas_attestation_page_class_init (CasAttestationPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cas_attestation_page_dispose;
  widget_class->measure = cas_attestation_page_measure;
  widget_class->snapshot = cas_attestation_page_snapshot;

  gtk_widget_class_set_css_name (widget_class, "attestationpage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cas_attestation_page_init (CasAttestationPage *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/* A loaded document, and its last render */
typedef struct
{
  gint64           id;
  PopplerDocument *document;
  PopplerPage     *page;
  double           width;       /* points */
  double           height;
  GdkTexture      *texture;
} Document;

static void
document_free (Document *document)
{
  g_clear_object (&document->texture);
  g_clear_object (&document->page);
  g_clear_object (&document->document);
  g_free (document);
}

struct _CasAttestationPreview
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkWidget             *box;
  GtkWidget             *banner;
  GtkImage              *banner_icon;
  GtkLabel              *banner_title;
  GtkLabel              *banner_description;
  GtkWidget             *newer_button;
  GtkStack              *stack;
  GtkScrolledWindow     *scroller;
  CasAttestationPage    *page;
  GtkSpinner            *spinner;
  GtkWidget             *controls;
  GtkLabel              *zoom_label;
  AdwStatusPage         *error_page;

  /* Owned references */
  CasAttestationService *service;
  CasAccount            *account;
  GSimpleActionGroup    *actions;
  GQueue                 documents;     /* Document, the last shown first */
  GCancellable          *cancellable;   /* of the render under way */

  /* The attestation shown */
  gint64                 id;
  char                  *number;
  gint64                 newer_id;
  gboolean               failed;
  gint64                 shown_at;      /* when it was set, for the log */

  /* The zoom: fitted, or a level; zoom is the one in effect */
  FitMode                fit;
  double                 zoom;
  gboolean               embedded;
  gboolean               show_controls;

  /* One render at a time: a document is never drawn by two threads */
  gboolean               rendering;
  gboolean               render_again;
  gboolean               disposed;
  guint                  relayout_source;
  /* The scrolled page an embedded preview is in, while mapped */
  GtkScrolledWindow     *outer;
};

G_DEFINE_FINAL_TYPE (CasAttestationPreview, cas_attestation_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMBEDDED,
  PROP_SHOW_CONTROLS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  OPEN_ATTESTATION,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void update (CasAttestationPreview *self);

/* Sizes */

static double
compute_zoom (FitMode fit,
              double  zoom,
              int     available_width,
              int     available_height,
              double  page_width,
              double  page_height)
{
  double width_zoom = (available_width - 2 * PAGE_MARGIN) / (page_width * PIXELS_PER_POINT);
  double height_zoom = (available_height - 2 * PAGE_MARGIN) / (page_height * PIXELS_PER_POINT);

  switch (fit)
    {
    case FIT_WIDTH:
      zoom = width_zoom;
      break;

    case FIT_PAGE:
      zoom = MIN (width_zoom, height_zoom);
      break;

    case FIT_NONE:
    default:
      break;
    }

  return CLAMP (zoom, MIN_FIT_ZOOM, zoom_levels[G_N_ELEMENTS (zoom_levels) - 1]);
}

static void
compute_page_size (double  zoom,
                   double  page_width,
                   double  page_height,
                   int    *width,
                   int    *height)
{
  *width = MAX (1, (int) floor (page_width * zoom * PIXELS_PER_POINT));
  *height = MAX (1, (int) floor (page_height * zoom * PIXELS_PER_POINT));
}

/* The room the page has: the scrolled window's, or for an embedded
 * preview, the width of its own and, below the preview's top, the height
 * of the scrolled page it is in, scrolled to its top */
static void
get_available_size (CasAttestationPreview *self,
                    int                   *width,
                    int                   *height)
{
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (self->scroller);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  *width = (int) gtk_adjustment_get_page_size (hadjustment);
  *height = (int) gtk_adjustment_get_page_size (vadjustment);

  if (self->embedded && self->outer != NULL)
    {
      GtkAdjustment *outer = gtk_scrolled_window_get_vadjustment (self->outer);
      GtkWidget *content = gtk_scrolled_window_get_child (self->outer);
      graphene_point_t top = GRAPHENE_POINT_INIT (0, 0);

      if (content == NULL ||
          !gtk_widget_compute_point (GTK_WIDGET (self), content, &top, &top))
        top.y = 0;

      *height = (int) (gtk_adjustment_get_page_size (outer) -
                       (top.y + gtk_adjustment_get_value (outer)) - PAGE_MARGIN);
      if (gtk_widget_get_visible (self->banner))
        *height -= gtk_widget_get_height (self->banner);
      *height = MAX (*height, 200);
    }
}

/* The cache */

static Document *
lookup_document (CasAttestationPreview *self,
                 gint64                 id)
{
  for (GList *l = self->documents.head; l != NULL; l = l->next)
    {
      Document *document = l->data;

      if (document->id == id)
        return document;
    }

  return NULL;
}

static void
touch_document (CasAttestationPreview *self,
                Document              *document)
{
  g_queue_remove (&self->documents, document);
  g_queue_push_head (&self->documents, document);

  while (self->documents.length > N_CACHED_DOCUMENTS)
    document_free (g_queue_pop_tail (&self->documents));
}

static void
forget_document (CasAttestationPreview *self,
                 gint64                 id)
{
  Document *document = lookup_document (self, id);

  if (document != NULL)
    {
      g_queue_remove (&self->documents, document);
      document_free (document);
    }
}

/* Rendering, in a thread */

typedef struct
{
  CasAttestationService *service;
  CasAccount            *account;
  gint64                 id;
  /* In: the document when loaded already; out: the one loaded */
  PopplerDocument       *document;
  PopplerPage           *page;
  double                 page_width;
  double                 page_height;
  /* In: how to size the page */
  FitMode                fit;
  double                 zoom;
  int                    available_width;
  int                    available_height;
  int                    scale_factor;
  /* Out */
  GdkTexture            *texture;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->service);
  g_clear_object (&job->account);
  g_clear_object (&job->page);
  g_clear_object (&job->document);
  g_clear_object (&job->texture);
  g_free (job);
}

static gboolean
load_document (RenderJob     *job,
               GError       **error)
{
  g_autoptr(GBytes) pdf = NULL;

  pdf = cas_attestation_service_get_pdf (job->service, job->account, job->id, error);
  if (pdf == NULL)
    return FALSE;

  job->document = poppler_document_new_from_bytes (pdf, NULL, error);
  if (job->document == NULL)
    return FALSE;

  if (poppler_document_get_n_pages (job->document) < 1)
    {
      g_set_error_literal (error, POPPLER_ERROR, POPPLER_ERROR_DAMAGED,
                           _("The PDF has no page"));
      return FALSE;
    }

  job->page = poppler_document_get_page (job->document, 0);
  poppler_page_get_size (job->page, &job->page_width, &job->page_height);
  if (job->page_width <= 0 || job->page_height <= 0)
    {
      g_set_error_literal (error, POPPLER_ERROR, POPPLER_ERROR_DAMAGED,
                           _("The page of the PDF has no size"));
      return FALSE;
    }

  return TRUE;
}

/* The size of the render of a page: its size on screen in device pixels,
 * but huge zooms are drawn smaller and scaled up on screen */
static void
compute_texture_size (double  zoom,
                      double  page_width,
                      double  page_height,
                      int     scale_factor,
                      int    *width,
                      int    *height)
{
  compute_page_size (zoom, page_width, page_height, width, height);
  *width *= scale_factor;
  *height *= scale_factor;

  if ((double) *width * *height > MAX_TEXTURE_PIXELS)
    {
      double shrink = sqrt (MAX_TEXTURE_PIXELS / ((double) *width * *height));

      *width = MAX (1, (int) (*width * shrink));
      *height = MAX (1, (int) (*height * shrink));
    }
}

static GdkTexture *
render_page (PopplerPage *page,
             double       page_width,
             double       page_height,
             double       zoom,
             int          scale_factor)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  double scale;
  int width;
  int height;

  compute_texture_size (zoom, page_width, page_height, scale_factor, &width, &height);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* Poppler does not paint the page's background */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  scale = width / page_width;
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The texture reads the surface's memory, and frees it when done;
   * CAIRO_FORMAT_ARGB32 is GDK_MEMORY_DEFAULT */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  GError *error = NULL;
  double zoom;

  if (job->document == NULL && !load_document (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A document loaded for nothing is kept all the same; one loaded before
   * the widget knew its size is drawn once it does */
  if (g_cancellable_is_cancelled (cancellable) ||
      (job->fit != FIT_NONE && job->available_width <= 2 * PAGE_MARGIN))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  zoom = compute_zoom (job->fit, job->zoom, job->available_width, job->available_height,
                       job->page_width, job->page_height);
  job->texture = render_page (job->page, job->page_width, job->page_height, zoom,
                              job->scale_factor);

  g_task_return_boolean (task, TRUE);
}

/* Poppler and the fonts take a while to start: once per process, before
 * the first attestation is shown, a page of a few words is drawn */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static gpointer
warm_up_thread (gpointer data)
{
  GByteArray *array = g_byte_array_new ();
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *document;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_to_array, array, 100, 100);
  cr = cairo_create (surface);
  cairo_select_font_face (cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_move_to (cr, 10, 50);
  cairo_show_text (cr, "Certassur");
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  pdf = g_byte_array_free_to_bytes (array);

  document = poppler_document_new_from_bytes (pdf, NULL, NULL);
  if (document != NULL && poppler_document_get_n_pages (document) > 0)
    {
      PopplerPage *page = poppler_document_get_page (document, 0);

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 100, 100);
      cr = cairo_create (surface);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_object_unref (page);
    }
  g_clear_object (&document);

  return NULL;
}

/* Showing */

static void
update_actions (CasAttestationPreview *self)
{
  GAction *zoom_in = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-in");
  GAction *zoom_out = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-out");
  GAction *fit = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "fit");
  gboolean shown = self->id != 0 && !self->failed;
  g_autofree char *percent = NULL;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (zoom_in),
                               shown && self->zoom < zoom_levels[G_N_ELEMENTS (zoom_levels) - 1]
                                                     - 0.001);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (zoom_out), shown && self->zoom > zoom_levels[0]
                                                                                + 0.001);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (fit), shown);
  /* Nothing to zoom on a message */
  gtk_widget_set_visible (self->controls, self->show_controls && !self->failed);
  g_simple_action_set_state (G_SIMPLE_ACTION (fit), g_variant_new_string (fit_names[self->fit]));

  /* Translators: a zoom level, "125%" */
  percent = g_strdup_printf (_("%d%%"), (int) round (self->zoom * 100));
  gtk_label_set_text (self->zoom_label, percent);
}

static void
set_loading (CasAttestationPreview *self,
             gboolean               loading)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->spinner)) == loading)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
show_error (CasAttestationPreview *self,
            const GError          *error)
{
  g_autofree char *description = NULL;

  self->failed = TRUE;
  set_loading (self, FALSE);

  if (error->domain == POPPLER_ERROR)
    /* Translators: %s says what poppler found wrong in the stored PDF */
    description = g_strdup_printf (_("The stored PDF of attestation %s cannot be read: %s. An "
                                     "operator can re-issue it."),
                                   self->number, error->message);
  else
    description = g_strdup (error->message);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void start_render (CasAttestationPreview *self,
                          Document              *document);

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (object);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Document *document;

  /* The task kept the widget alive past its dispose */
  if (self->disposed)
    return;

  self->rendering = FALSE;
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->id == self->id && !self->render_again)
        {
          g_warning ("Cannot show attestation %" G_GINT64_FORMAT ": %s", job->id, error->message);
          show_error (self, error);
        }
      else if (self->render_again)
        {
          self->render_again = FALSE;
          update (self);
        }
      return;
    }

  document = lookup_document (self, job->id);
  if (document == NULL)
    {
      document = g_new0 (Document, 1);
      document->id = job->id;
      document->document = g_steal_pointer (&job->document);
      document->page = g_steal_pointer (&job->page);
      document->width = job->page_width;
      document->height = job->page_height;
      g_queue_push_head (&self->documents, document);
    }
  if (job->texture != NULL)
    g_set_object (&document->texture, job->texture);
  touch_document (self, document);

  if (job->texture != NULL && job->id == self->id && self->shown_at != 0)
    {
      g_debug ("Attestation %" G_GINT64_FORMAT ": first page drawn %.1f ms after selection",
               job->id, (g_get_monotonic_time () - self->shown_at) / 1000.0);
      self->shown_at = 0;
    }

  self->render_again = FALSE;
  update (self);
}

static void
start_render (CasAttestationPreview *self,
              Document              *document)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  if (self->rendering)
    {
      /* Its answer is for nothing: once it is back, draw what is asked now */
      self->render_again = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }

  job = g_new0 (RenderJob, 1);
  job->service = g_object_ref (self->service);
  job->account = g_object_ref (self->account);
  job->id = self->id;
  if (document != NULL)
    {
      job->document = g_object_ref (document->document);
      job->page = g_object_ref (document->page);
      job->page_width = document->width;
      job->page_height = document->height;
    }
  job->fit = self->fit;
  job->zoom = self->zoom;
  get_available_size (self, &job->available_width, &job->available_height);
  job->scale_factor = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

  self->rendering = TRUE;
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, render_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

/* Shows what is known of the page at the zoom asked for, and asks for what
 * is missing: the document, or a render at this size */
static void
update (CasAttestationPreview *self)
{
  Document *document;
  double page_width = A4_WIDTH;
  double page_height = A4_HEIGHT;
  int available_width;
  int available_height;
  int width;
  int height;
  int scale_factor;

  if (self->id == 0 || self->failed || self->service == NULL)
    {
      set_loading (self, FALSE);
      update_actions (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "page");

  document = lookup_document (self, self->id);
  if (document != NULL)
    {
      page_width = document->width;
      page_height = document->height;
    }

  /* Not laid out yet: the size of the scrolled window will say when to
   * draw; the document loads meanwhile */
  get_available_size (self, &available_width, &available_height);
  if (self->fit != FIT_NONE && available_width <= 2 * PAGE_MARGIN)
    {
      set_loading (self, document == NULL || document->texture == NULL);
      if (document == NULL && !self->rendering)
        start_render (self, NULL);
      return;
    }

  self->zoom = compute_zoom (self->fit, self->zoom, available_width, available_height,
                             page_width, page_height);
  compute_page_size (self->zoom, page_width, page_height, &width, &height);
  cas_attestation_page_set_size (self->page, width, height);
  update_actions (self);

  scale_factor = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

  if (document != NULL && document->texture != NULL)
    {
      int texture_width;
      int texture_height;

      /* The last render, scaled meanwhile if it has another size */
      cas_attestation_page_set_texture (self->page, document->texture);
      set_loading (self, FALSE);

      compute_texture_size (self->zoom, page_width, page_height, scale_factor,
                            &texture_width, &texture_height);
      if (gdk_texture_get_width (document->texture) == texture_width &&
          gdk_texture_get_height (document->texture) == texture_height)
        return;
    }
  else
    {
      /* A blank page the size the page will have, under a spinner */
      cas_attestation_page_set_texture (self->page, NULL);
      set_loading (self, TRUE);
    }

  start_render (self, document);
}

static gboolean
relayout_cb (gpointer user_data)
{
  CasAttestationPreview *self = user_data;

  self->relayout_source = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

/* The room changed: lay out again once this allocation is over */
static void
queue_relayout (CasAttestationPreview *self)
{
  if (self->relayout_source == 0)
    self->relayout_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_cb, self, NULL);
}

static void
on_page_size_changed_cb (CasAttestationPreview *self,
                         GParamSpec            *pspec,
                         GtkAdjustment         *adjustment)
{
  if (self->fit != FIT_NONE)
    queue_relayout (self);
}

static void
on_scale_factor_changed_cb (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  queue_relayout (CAS_ATTESTATION_PREVIEW (object));
}

/* The badge */

static void
show_badge (CasAttestationPreview *self,
            const CasAttestation  *attestation)
{
  static const char * const styles[] = { "valid", "revoked", "superseded" };
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_name;

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->banner, styles[i]);

  gtk_widget_set_visible (self->banner, attestation != NULL);
  self->newer_id = 0;
  gtk_widget_set_visible (self->newer_button, FALSE);

  if (attestation == NULL)
    return;

  gtk_widget_add_css_class (self->banner, styles[attestation->status]);

  switch (attestation->status)
    {
    case CAS_ATTESTATION_REVOKED:
      icon_name = "dialog-error-symbolic";
      title = g_strdup (cas_attestation_status_get_label (attestation->status));
      if (attestation->status_reason != NULL && attestation->status_reason[0] != '\0')
        /* Translators: why an attestation was revoked or re-issued */
        description = g_strdup_printf (_("Reason: %s"), attestation->status_reason);
      else
        description = g_strdup (_("Certassur withdrew this attestation"));
      break;

    case CAS_ATTESTATION_SUPERSEDED:
      {
        g_autofree char *newer = cas_attestation_format_number (attestation->number,
                                                                attestation->version + 1);

        icon_name = "dialog-warning-symbolic";
        /* Translators: %s is the number of the newer version of an
         * attestation, "CA-2026-000123-2" */
        title = g_strdup_printf (_("Superseded by %s"), newer);
        if (attestation->status_reason != NULL && attestation->status_reason[0] != '\0')
          /* Translators: why an attestation was revoked or re-issued */
          description = g_strdup_printf (_("Reason: %s"), attestation->status_reason);
        else
          description = g_strdup (_("A corrected version replaces this attestation"));
        self->newer_id = attestation->superseded_by;
        gtk_widget_set_visible (self->newer_button, self->newer_id > 0);
      }
      break;

    case CAS_ATTESTATION_VALID:
    default:
      {
        g_autofree char *issued = cas_format_timestamp (attestation->issued_at, FALSE);

        icon_name = "emblem-ok-symbolic";
        title = g_strdup (cas_attestation_status_get_label (attestation->status));
        /* Translators: when an attestation was issued, "Issued on 3 Dec 2026, 09:30" */
        description = g_strdup_printf (_("Issued on %s"), issued);
      }
      break;
    }

  gtk_image_set_from_icon_name (self->banner_icon, icon_name);
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_description, description);

  /* Translators: what screen readers say of the status badge, "Status:
   * Revoked. Reason: wrong birth date" */
  accessible = g_strdup_printf (_("Status: %s. %s"), title, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_newer_button_clicked_cb (CasAttestationPreview *self,
                            GtkButton             *button)
{
  if (self->newer_id > 0)
    g_signal_emit (self, signals [OPEN_ATTESTATION], 0, self->newer_id);
}

/* Zoom */

static void
set_fit (CasAttestationPreview *self,
         FitMode                fit)
{
  self->fit = fit;
  update (self);
}

static void
zoom_by_levels (CasAttestationPreview *self,
                int                    direction)
{
  guint n = G_N_ELEMENTS (zoom_levels);
  double zoom = direction > 0 ? zoom_levels[n - 1] : zoom_levels[0];

  /* A fitted zoom next to a level goes to the level after: a step is
   * always one to be seen */
  if (direction > 0)
    {
      for (guint i = 0; i < n; i++)
        if (zoom_levels[i] > self->zoom * 1.05)
          {
            zoom = zoom_levels[i];
            break;
          }
    }
  else
    {
      for (guint i = n; i > 0; i--)
        if (zoom_levels[i - 1] < self->zoom / 1.05)
          {
            zoom = zoom_levels[i - 1];
            break;
          }
    }

  self->fit = FIT_NONE;
  self->zoom = zoom;
  update (self);
}

static void
zoom_in_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  zoom_by_levels (CAS_ATTESTATION_PREVIEW (user_data), 1);
}

static void
zoom_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  zoom_by_levels (CAS_ATTESTATION_PREVIEW (user_data), -1);
}

static void
fit_change_state (GSimpleAction *action,
                  GVariant      *value,
                  gpointer       user_data)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (g_str_equal (name, "page"))
    {
      /* The whole page on screen: an embedded preview's page scrolls to
       * its top */
      if (self->embedded && self->outer != NULL)
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->outer), 0);
      set_fit (self, FIT_PAGE);
    }
  else if (g_str_equal (name, "width"))
    set_fit (self, FIT_WIDTH);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              CasAttestationPreview    *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (dy == 0)
    return GDK_EVENT_PROPAGATE;

  if ((state & GDK_CONTROL_MASK) != 0)
    {
      zoom_by_levels (self, dy < 0 ? 1 : -1);
      return GDK_EVENT_STOP;
    }

  /* Embedded, the page scrolls sideways only: the wheel scrolls the page
   * around it, as it does beside the preview */
  if (self->embedded && self->outer != NULL && (state & GDK_SHIFT_MASK) == 0)
    {
      GtkAdjustment *outer = gtk_scrolled_window_get_vadjustment (self->outer);
      double step = 1;

      if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
        step = pow (gtk_adjustment_get_page_size (outer), 2.0 / 3.0);
      gtk_adjustment_set_value (outer, gtk_adjustment_get_value (outer) + dy * step);

      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Embedded: the scrolled page around */

static void
cas_attestation_preview_map (GtkWidget *widget)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *outer = parent != NULL ? gtk_widget_get_ancestor (parent, GTK_TYPE_SCROLLED_WINDOW)
                                    : NULL;

  GTK_WIDGET_CLASS (cas_attestation_preview_parent_class)->map (widget);

  if (self->embedded && outer != NULL)
    {
      g_set_weak_pointer (&self->outer, GTK_SCROLLED_WINDOW (outer));
      g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->outer),
                               "notify::page-size",
                               G_CALLBACK (on_page_size_changed_cb), self, G_CONNECT_SWAPPED);
    }

  queue_relayout (self);
}

static void
forget_outer (CasAttestationPreview *self)
{
  if (self->outer == NULL)
    return;

  g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->outer), self);
  g_clear_weak_pointer (&self->outer);
}

static void
cas_attestation_preview_unmap (GtkWidget *widget)
{
  forget_outer (CAS_ATTESTATION_PREVIEW (widget));

  GTK_WIDGET_CLASS (cas_attestation_preview_parent_class)->unmap (widget);
}

static void
set_embedded (CasAttestationPreview *self,
              gboolean               embedded)
{
  embedded = !!embedded;
  if (self->embedded == embedded)
    return;

  self->embedded = embedded;
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC,
                                  embedded ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (self->scroller, embedded);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMBEDDED]);
}

/* Public API */

GtkWidget *
cas_attestation_preview_new (void)
{
  return g_object_new (CAS_TYPE_ATTESTATION_PREVIEW, NULL);
}

void
cas_attestation_preview_set_service (CasAttestationPreview *self,
                                     CasAttestationService *service,
                                     CasAccount            *account)
{
  g_return_if_fail (CAS_IS_ATTESTATION_PREVIEW (self));
  g_return_if_fail (service == NULL || CAS_IS_ATTESTATION_SERVICE (service));
  g_return_if_fail (account == NULL || CAS_IS_ACCOUNT (account));
  g_return_if_fail ((service == NULL) == (account == NULL));

  if (self->service == service && self->account == account)
    return;

  /* What was loaded was the other account's to see */
  cas_attestation_preview_set_attestation (self, NULL);
  g_queue_clear_full (&self->documents, (GDestroyNotify) document_free);
  g_set_object (&self->service, service);
  g_set_object (&self->account, account);
}

void
cas_attestation_preview_set_attestation (CasAttestationPreview *self,
                                         const CasAttestation  *attestation)
{
  gint64 id;

  g_return_if_fail (CAS_IS_ATTESTATION_PREVIEW (self));
  g_return_if_fail (attestation == NULL || self->service != NULL);

  id = attestation != NULL ? attestation->id : 0;
  show_badge (self, attestation);

  if (id == self->id)
    return;

  self->id = id;
  self->failed = FALSE;
  self->shown_at = g_get_monotonic_time ();
  g_free (self->number);
  self->number = attestation != NULL ? cas_attestation_dup_display_number (attestation) : NULL;

  if (attestation != NULL)
    {
      g_autofree char *label = NULL;

      /* Translators: the accessible name of the page shown, "Attestation
       * CA-2026-000123, page 1" */
      label = g_strdup_printf (_("Attestation %s, page 1"), self->number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->page),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  /* The other attestation's page: a new one starts at the top left */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->scroller), 0);

  if (id == 0)
    {
      cas_attestation_page_set_texture (self->page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      if (self->rendering)
        g_cancellable_cancel (self->cancellable);
    }

  update (self);
}

gint64
cas_attestation_preview_get_attestation_id (CasAttestationPreview *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_PREVIEW (self), 0);

  return self->id;
}

void
cas_attestation_preview_reload (CasAttestationPreview *self)
{
  g_return_if_fail (CAS_IS_ATTESTATION_PREVIEW (self));

  if (self->id == 0)
    return;

  /* A render under way may bring the old document back: drop it then too */
  forget_document (self, self->id);
  if (self->rendering)
    {
      self->render_again = TRUE;
      g_cancellable_cancel (self->cancellable);
    }
  self->failed = FALSE;
  update (self);
}

gboolean
cas_attestation_preview_get_loading (CasAttestationPreview *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_PREVIEW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

GActionGroup *
cas_attestation_preview_get_actions (CasAttestationPreview *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_PREVIEW (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

void
cas_attestation_preview_add_shortcuts (GtkWidget *widget)
{
  static const struct {
    const char *triggers;
    const char *action;
    const char *fit;
  } keys[] = {
    { "<Control>plus|<Control>equal|<Control>KP_Add", "preview.zoom-in", NULL },
    { "<Control>minus|<Control>KP_Subtract", "preview.zoom-out", NULL },
    { "<Control>0|<Control>KP_0", "preview.fit", "width" },
  };
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  controller = gtk_shortcut_controller_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut;

      shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].triggers),
                                   gtk_named_action_new (keys[i].action));
      if (keys[i].fit != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].fit));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (widget, controller);
}

/* GObject */

static void
cas_attestation_preview_dispose (GObject *object)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->relayout_source, g_source_remove);
  forget_outer (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CAS_TYPE_ATTESTATION_PREVIEW);

  g_queue_clear_full (&self->documents, (GDestroyNotify) document_free);
  g_clear_object (&self->actions);
  g_clear_object (&self->service);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (cas_attestation_preview_parent_class)->dispose (object);
}

static void
cas_attestation_preview_finalize (GObject *object)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (object);

  g_free (self->number);

  G_OBJECT_CLASS (cas_attestation_preview_parent_class)->finalize (object);
}

static void
cas_attestation_preview_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_EMBEDDED:
      g_value_set_boolean (value, self->embedded);
      break;

    case PROP_SHOW_CONTROLS:
      g_value_set_boolean (value, self->show_controls);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, cas_attestation_preview_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_attestation_preview_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CasAttestationPreview *self = CAS_ATTESTATION_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_EMBEDDED:
      set_embedded (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_CONTROLS:
      self->show_controls = g_value_get_boolean (value);
      update_actions (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_attestation_preview_class_init (CasAttestationPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cas_attestation_preview_dispose;
  object_class->finalize = cas_attestation_preview_finalize;
  object_class->get_property = cas_attestation_preview_get_property;
  object_class->set_property = cas_attestation_preview_set_property;

  widget_class->map = cas_attestation_preview_map;
  widget_class->unmap = cas_attestation_preview_unmap;

  /* In a scrolled page: as tall as the page, scrolling sideways only */
  properties [PROP_EMBEDDED] =
    g_param_spec_boolean ("embedded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Whether the zoom buttons are shown over the page */
  properties [PROP_SHOW_CONTROLS] =
    g_param_spec_boolean ("show-controls", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The badge's button asks for the newer version of a superseded one */
  signals [OPEN_ATTESTATION] =
    g_signal_new ("open-attestation",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CAS_TYPE_ATTESTATION_PAGE);

  g_thread_unref (g_thread_new ("cas-preview-warm-up", warm_up_thread, NULL));

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/certassur/Desk/cas-attestation-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, box);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, banner);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, banner_title);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, banner_description);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, newer_button);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, scroller);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, page);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, controls);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, CasAttestationPreview, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_newer_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attestationpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cas_attestation_preview_init (CasAttestationPreview *self)
{
  static const GActionEntry entries[] = {
    { "zoom-in", zoom_in_activated },
    { "zoom-out", zoom_out_activated },
    { "fit", NULL, "s", "'width'", fit_change_state },
  };
  GtkEventController *scroll;

  self->fit = FIT_WIDTH;
  self->zoom = 1.0;
  self->show_controls = TRUE;
  g_queue_init (&self->documents);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label property and by the label shown:
   * one is enough */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->newer_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "preview", G_ACTION_GROUP (self->actions));
  cas_attestation_preview_add_shortcuts (GTK_WIDGET (self));

  /* Ctrl and the wheel zoom, before the scrolled window scrolls */
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller),
                           "notify::page-size",
                           G_CALLBACK (on_page_size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller),
                           "notify::page-size",
                           G_CALLBACK (on_page_size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attestation preview"),
                                  -1);
  update_actions (self);
}
