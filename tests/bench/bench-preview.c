/* bench-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the preview of the Attestations view does when an attestation is
 * selected, without GTK: read the stored PDF through the service, load it
 * with poppler, draw its first page into a cairo image surface at the width
 * of the preview fitted to an 800-pixel pane (the page is 764 pixels wide
 * between its margins), at scale 1. Over 200 attestations spread across a
 * demo database (seeded by the benchmark, or given), then the same pages
 * drawn again from the loaded documents, as a zoom does. Prints figures;
 * asserts nothing.
 *
 *   bench-preview [--count N] [--pane PIXELS] [--database LOCATION]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>

#include "bench-util.h"
#include "cas-account.h"
#include "cas-attestation-service.h"
#include "cas-database-private.h"
#include "cas-demo.h"

/* The preview's margin around the page (cas-attestation-preview.c) */
#define PAGE_MARGIN 18

static void
check (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The first page at @width pixels, white under it, as the preview draws it */
static void
render (PopplerPage *page,
        int          width)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_width;
  double page_height;
  double scale;

  poppler_page_get_size (page, &page_width, &page_height);
  scale = width / page_width;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width,
                                        (int) (page_height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(CasDatabase) db = NULL;
  g_autoptr(CasAccount) local = NULL;
  g_autoptr(CasAttestationService) attestations = NULL;
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) again = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *tmpdir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *key = NULL;
  gboolean seeded = FALSE;
  gint64 n_attestations = 0;
  gint64 min_id = 0;
  double first = 0;
  int count = 200;
  int pane = 800;
  int width;
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Attestations previewed", "N" },
    { "pane", 0, 0, G_OPTION_ARG_INT, &pane, "Width of the preview pane", "PIXELS" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &location,
      "A demo database (default: a new one, seeded)", "DB" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (count < 1 || pane <= 2 * PAGE_MARGIN)
    {
      fprintf (stderr, "--count must be positive and --pane wider than %d\n", 2 * PAGE_MARGIN);
      return 2;
    }
  width = pane - 2 * PAGE_MARGIN;

  tmpdir = g_dir_make_tmp ("bench-preview-XXXXXX", &error);
  check (error);
  if (location == NULL)
    {
      location = g_build_filename (tmpdir, "bench.db", NULL);
      key = g_build_filename (tmpdir, "bench.key", NULL);
      seeded = TRUE;
    }

  db = cas_database_open (location,
                          seeded ? CAS_DATABASE_OPEN_CREATE : CAS_DATABASE_OPEN_DEFAULT,
                          &error);
  check (error);
  if (key != NULL)
    cas_database_set_signing_key_path (db, key);
  local = cas_account_new_local (db);
  attestations = cas_attestation_service_new (db);

  if (seeded)
    {
      CasDemoOptions options = { .n_persons = 2000, .seed = 1, .quiet = TRUE };
      gint64 start = g_get_monotonic_time ();

      cas_demo_seed (db, &options, NULL, NULL, &error);
      check (error);
      printf ("Seeded a demo database in %.1f s\n", ms_since (start) / 1000);
    }

  _cas_database_query_int64 (db, &n_attestations, NULL, &error,
                             "SELECT COUNT(*) FROM attestation", NULL);
  check (error);
  _cas_database_query_int64 (db, &min_id, NULL, &error,
                             "SELECT MIN(id) FROM attestation", NULL);
  check (error);
  if (n_attestations == 0)
    g_error ("%s has no attestation", cas_database_get_display_name (db));

  printf ("Previews of %d of the %" G_GINT64_FORMAT " attestations of %s, the page %d px "
          "wide (a %d px pane), scale 1\n", count, n_attestations,
          cas_database_get_display_name (db), width, pane);

  for (int i = 0; i < count; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      PopplerDocument *document;
      PopplerPage *page;
      gint64 id = min_id + (gint64) i * n_attestations / count;
      gint64 start = g_get_monotonic_time ();
      gint64 step = start;
      double ms;

      pdf = cas_attestation_service_get_pdf (attestations, local, id, &error);
      check (error);
      ms = ms_since (step);
      g_array_append_val (reads, ms);

      step = g_get_monotonic_time ();
      document = poppler_document_new_from_bytes (pdf, NULL, &error);
      check (error);
      page = poppler_document_get_page (document, 0);
      ms = ms_since (step);
      g_array_append_val (loads, ms);

      step = g_get_monotonic_time ();
      render (page, width);
      ms = ms_since (step);
      g_array_append_val (renders, ms);

      ms = ms_since (start);
      /* The first one starts poppler and its fonts: said apart */
      if (i == 0)
        first = ms;
      else
        g_array_append_val (totals, ms);

      g_ptr_array_add (documents, document);
      g_ptr_array_add (pages, page);
    }

  /* A zoom or a pane resized: the documents are loaded, the page drawn at
   * another size */
  for (guint i = 0; i < pages->len; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      render (g_ptr_array_index (pages, i), width * 5 / 4);
      ms = ms_since (start);
      g_array_append_val (again, ms);
    }

  bench_print_times ("read the stored PDF (get_pdf)", 52, reads);
  bench_print_times ("load it with poppler", 52, loads);
  bench_print_times ("draw page 1 into an image surface", 52, renders);
  bench_print_times ("selection to page drawn (after the first)", 52, totals);
  printf ("%-52s %7.2f ms\n", "the first one (poppler and fonts start)", first);
  bench_print_times ("draw again from the loaded document (125 %)", 52, again);

  g_clear_pointer (&pages, g_ptr_array_unref);
  g_clear_pointer (&documents, g_ptr_array_unref);
  g_clear_object (&attestations);
  g_clear_object (&local);
  g_clear_object (&db);
  if (seeded)
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);

      g_unlink (location);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (key);
    }
  g_rmdir (tmpdir);

  return 0;
}
