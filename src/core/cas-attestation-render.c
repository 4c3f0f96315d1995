/* cas-attestation-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attestation as a PDF: cairo draws, pango lays out the text (the PDF
 * surface embeds subsets of the fonts), libqrencode makes the QR code. The
 * texts are the person's language, not the desk's: they live here, in four
 * complete templates, rather than in the desk's translations.
 */

#define G_LOG_DOMAIN "cas-attestation"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "cas-attestation-render.h"

G_DEFINE_QUARK (cas-attestation-error-quark, cas_attestation_error)

/* A4 in points */
#define PAGE_WIDTH   595.28
#define PAGE_HEIGHT  841.89
#define MARGIN        56.0

typedef struct
{
  const char *code;
  const char *title;
  /* {name} {birth} {exam} {date} {place} {centre} {score} */
  const char *body;
  const char *number_label;
  const char *labels[5];       /* exam, session, place, result, issued on */
  const char *signature_for;
  const char *signature_who;
  const char *signed_note;
  const char *verify;
  const char *footer;
  const char *months[12];
  const char *date_format;     /* {d} {month} {y} */
} Template;

static const Template templates[] = {
  {
    "fr",
    "Attestation de réussite",
    "Certassur atteste que {name}, né(e) le {birth}, a réussi l’examen « {exam} » lors de la "
    "session du {date}, à {place}, organisée par {centre}, avec un résultat de {score}/100.",
    "N°",
    { "Examen", "Session", "Lieu", "Résultat", "Délivrée le" },
    "Pour Certassur",
    "Le service des examens",
    "Attestation signée électroniquement",
    "Vérifiez l’authenticité de cette attestation avec le code ci-dessous ou en scannant le code "
    "QR : la signature électronique prouve qu’elle a été délivrée par Certassur et n’a pas été "
    "modifiée.",
    "Certassur — certification des connaissances professionnelles du secteur belge des assurances",
    { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
      "octobre", "novembre", "décembre" },
    "{d} {month} {y}",
  },
  {
    "nl",
    "Attest van slagen",
    "Certassur verklaart dat {name}, geboren op {birth}, geslaagd is voor het examen ‘{exam}’ "
    "tijdens de sessie van {date} in {place}, georganiseerd door {centre}, met een resultaat van "
    "{score}/100.",
    "Nr.",
    { "Examen", "Sessie", "Plaats", "Resultaat", "Uitgereikt op" },
    "Voor Certassur",
    "De examendienst",
    "Elektronisch ondertekend attest",
    "Controleer de echtheid van dit attest met de code hieronder of door de QR-code te scannen: "
    "de elektronische handtekening bewijst dat Certassur het uitreikte en dat het niet gewijzigd "
    "werd.",
    "Certassur — certificering van de beroepskennis in de Belgische verzekeringssector",
    { "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
      "oktober", "november", "december" },
    "{d} {month} {y}",
  },
  {
    "de",
    "Bescheinigung über das Bestehen",
    "Certassur bescheinigt, dass {name}, geboren am {birth}, die Prüfung „{exam}“ in der Sitzung "
    "vom {date} in {place}, veranstaltet von {centre}, mit einem Ergebnis von {score}/100 "
    "bestanden hat.",
    "Nr.",
    { "Prüfung", "Sitzung", "Ort", "Ergebnis", "Ausgestellt am" },
    "Für Certassur",
    "Die Prüfungsabteilung",
    "Elektronisch unterzeichnete Bescheinigung",
    "Prüfen Sie die Echtheit dieser Bescheinigung mit dem Code unten oder durch Scannen des "
    "QR-Codes: Die elektronische Signatur belegt, dass Certassur sie ausgestellt hat und dass "
    "sie nicht verändert wurde.",
    "Certassur — Zertifizierung der Fachkenntnisse im belgischen Versicherungssektor",
    { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
      "Oktober", "November", "Dezember" },
    "{d}. {month} {y}",
  },
  {
    "en",
    "Certificate of Achievement",
    "Certassur certifies that {name}, born on {birth}, passed the examination “{exam}” in the "
    "session of {date} at {place}, organised by {centre}, with a score of {score}/100.",
    "No.",
    { "Examination", "Session", "Place", "Result", "Issued on" },
    "For Certassur",
    "The Examinations Department",
    "Electronically signed certificate",
    "Check that this certificate is authentic with the code below or by scanning the QR code: "
    "the electronic signature proves that Certassur issued it and that it was not altered.",
    "Certassur — certification of professional knowledge in the Belgian insurance sector",
    { "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December" },
    "{d} {month} {y}",
  },
};

static const Template *
find_template (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_strcmp0 (templates[i].code, language) == 0)
      return &templates[i];

  return &templates[3];
}

char *
cas_attestation_format_number (const char *number,
                               int         version)
{
  if (version <= 1)
    return g_strdup (number);

  return g_strdup_printf ("%s-%d", number, version);
}

char *
cas_attestation_content_to_text (const CasAttestationContent *c)
{
  g_return_val_if_fail (c != NULL, NULL);

  return g_strdup_printf ("certassur-attestation=1\n"
                          "number=%s\nversion=%d\nlanguage=%s\n"
                          "first_name=%s\nlast_name=%s\nbirth_date=%s\n"
                          "exam_code=%s\nexam_title=%s\nsession_start=%s\nplace=%s\ncentre=%s\n"
                          "score=%d\nissued_on=%s\n",
                          c->number, c->version, c->language,
                          c->first_name, c->last_name, c->birth_date,
                          c->exam_code, c->exam_title, c->session_start, c->place, c->centre,
                          c->score, c->issued_on);
}

/* "30 juillet 1985", "30. Juli 1985" from "1985-07-30" (or its first ten
 * characters) */
static char *
long_date (const Template *t,
           const char     *iso)
{
  g_autoptr(GString) out = NULL;
  int year, month, day;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3 || month < 1 || month > 12)
    return g_strdup (iso ? iso : "");

  out = g_string_new (t->date_format);
  {
    g_autofree char *d = g_strdup_printf ("%d", day);
    g_autofree char *y = g_strdup_printf ("%d", year);

    g_string_replace (out, "{d}", d, 1);
    g_string_replace (out, "{month}", t->months[month - 1], 1);
    g_string_replace (out, "{y}", y, 1);
  }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }

  return layout;
}

/* Draws @text (plain, or markup) at (x, y); returns its height */
static double
draw_text (cairo_t    *cr,
           const char *font,
           const char *text,
           gboolean    markup,
           double      x,
           double      y,
           double      width,
           PangoAlignment alignment)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, font, width);
  int w, h;

  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_get_size (layout, &w, &h);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);

  return (double) h / PANGO_SCALE;
}

/* Draws a one-line @text centred in @width, in @family at @size points or
 * smaller down to @min_size so that it stays on one line (a long title in
 * German); returns its height */
static double
draw_title (cairo_t    *cr,
            const char *family,
            double      size,
            double      min_size,
            const char *text,
            double      x,
            double      y,
            double      width)
{
  for (; size > min_size; size -= 1)
    {
      g_autofree char *font = g_strdup_printf ("%s %g", family, size);
      g_autoptr(PangoLayout) layout = make_layout (cr, font, 0);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_size (layout, &w, &h);
      if ((double) w / PANGO_SCALE <= width)
        break;
    }

  {
    g_autofree char *font = g_strdup_printf ("%s %g", family, size);

    return draw_text (cr, font, text, FALSE, x, y, width, PANGO_ALIGN_CENTER);
  }
}

/* Whether the attestation's fonts can print @text whole: a name in a script
 * no installed font covers would come out as boxes */
static gboolean
printable (cairo_t    *cr,
           const char *font,
           const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, font, 0);

  pango_layout_set_text (layout, text ? text : "", -1);

  return pango_layout_get_unknown_glyphs_count (layout) == 0;
}

static void
draw_qr (cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      size)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;

  if (qr == NULL)
    return;

  /* The symbol as a one-pixel-per-module image, scaled up without
   * smoothing, with four modules of quiet zone on white: one small image
   * in the PDF rather than hundreds of rectangles */
  {
    int side = qr->width + 8;
    cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
    unsigned char *data;
    int stride;
    cairo_pattern_t *pattern;

    cairo_surface_flush (image);
    data = cairo_image_surface_get_data (image);
    stride = cairo_image_surface_get_stride (image);
    for (int row = 0; row < side; row++)
      for (int col = 0; col < side; col++)
        {
          gboolean dark = row >= 4 && col >= 4 && row < qr->width + 4 && col < qr->width + 4 &&
                          (qr->data[(row - 4) * qr->width + (col - 4)] & 1);

          ((guint32 *) (data + row * stride))[col] = dark ? 0x000000 : 0xffffff;
        }
    cairo_surface_mark_dirty (image);

    module = size / side;
    cairo_save (cr);
    cairo_translate (cr, x, y);
    cairo_scale (cr, module, module);
    pattern = cairo_pattern_create_for_surface (image);
    cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
    cairo_set_source (cr, pattern);
    cairo_rectangle (cr, 0, 0, side, side);
    cairo_fill (cr);
    cairo_restore (cr);
    cairo_pattern_destroy (pattern);
    cairo_surface_destroy (image);
  }

  QRcode_free (qr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Breaks @code into lines of @per_line characters for printing */
static char *
wrap_code (const char *code,
           guint       per_line)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize len = strlen (code);

  for (gsize i = 0; i < len; i += per_line)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, code + i, MIN (per_line, len - i));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

GBytes *
cas_attestation_render_pdf (const CasAttestationContent  *c,
                            const char                   *verification_code,
                            GError                      **error)
{
  const Template *t;
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GString) body = NULL;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *session_date = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *number = NULL;
  g_autofree char *number_line = NULL;
  g_autofree char *score = NULL;
  g_autofree char *result = NULL;
  g_autofree char *code_lines = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double y;
  const struct { const char *what; const char *text; } fields[] = {
    { N_("The first name"), c->first_name },
    { N_("The last name"), c->last_name },
    { N_("The exam title"), c->exam_title },
    { N_("The place"), c->place },
    { N_("The exam centre"), c->centre },
  };

  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (verification_code != NULL, NULL);

  t = find_template (c->language);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, t->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "Certassur");
  cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!printable (cr, "DejaVu Serif 12", fields[i].text))
      {
        gssize shown_len = MIN (strlen (fields[i].text), 60);
        g_autofree char *shown = g_utf8_make_valid (fields[i].text, shown_len);

        cairo_destroy (cr);
        cairo_surface_destroy (surface);
        g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_UNPRINTABLE,
                     /* Translators: the first %s is e.g. "The last name" */
                     _("%s “%s” has characters that the attestation fonts cannot print; no "
                       "attestation was issued. Install fonts for that script on the desk, or "
                       "correct the record."),
                     _(fields[i].what), shown);
        return NULL;
      }

  number = cas_attestation_format_number (c->number, c->version);
  number_line = g_strdup_printf ("%s %s", t->number_label, number);
  name = g_markup_printf_escaped ("<b>%s %s</b>", c->first_name, c->last_name);
  birth = long_date (t, c->birth_date);
  session_date = long_date (t, c->session_start);
  issued = long_date (t, c->issued_on);
  score = g_strdup_printf ("%d", c->score);
  result = g_strdup_printf ("%d/100", c->score);

  /* Every value is escaped for markup before it goes into the body */
  body = g_string_new (t->body);
  {
    g_autofree char *exam = g_markup_escape_text (c->exam_title, -1);
    g_autofree char *date = g_markup_escape_text (session_date, -1);
    g_autofree char *place = g_markup_escape_text (c->place, -1);
    g_autofree char *centre = g_markup_escape_text (c->centre, -1);
    g_autofree char *birth_escaped = g_markup_escape_text (birth, -1);

    g_string_replace (body, "{name}", name, 1);
    g_string_replace (body, "{birth}", birth_escaped, 1);
    g_string_replace (body, "{exam}", exam, 1);
    g_string_replace (body, "{date}", date, 1);
    g_string_replace (body, "{place}", place, 1);
    g_string_replace (body, "{centre}", centre, 1);
    g_string_replace (body, "{score}", score, 1);
  }

  /* Poppler does not paint the page: the background is drawn */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* Header: the name of the body, a rule in its blue, the number */
  cairo_set_source_rgb (cr, 0.11, 0.37, 0.66);
  cairo_rectangle (cr, 0, 0, PAGE_WIDTH, 10);
  cairo_fill (cr);
  draw_text (cr, "DejaVu Serif Bold 20", "CERTASSUR", FALSE, MARGIN, 44, 0, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, "DejaVu Sans 8", t->footer, FALSE, MARGIN, 72, 300, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, "DejaVu Sans Mono 10", number_line, FALSE, PAGE_WIDTH - MARGIN - 200, 50, 200,
             PANGO_ALIGN_RIGHT);

  /* Title and body */
  cairo_set_source_rgb (cr, 0.11, 0.37, 0.66);
  y = 170;
  y += draw_title (cr, "DejaVu Serif Bold", 26, 16, t->title, MARGIN, y,
                   PAGE_WIDTH - 2 * MARGIN);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += 40;
  y += draw_text (cr, "DejaVu Serif 12.5", body->str, TRUE, MARGIN + 20, y,
                  PAGE_WIDTH - 2 * MARGIN - 40, PANGO_ALIGN_LEFT);

  /* Details */
  y += 36;
  {
    const char *values[5] = { NULL, session_date, c->place, result, issued };
    g_autofree char *exam = g_strdup_printf ("%s — %s", c->exam_code, c->exam_title);

    values[0] = exam;
    cairo_set_source_rgb (cr, 0.11, 0.37, 0.66);
    cairo_set_line_width (cr, 0.8);
    cairo_move_to (cr, MARGIN + 20, y - 10);
    cairo_line_to (cr, PAGE_WIDTH - MARGIN - 20, y - 10);
    cairo_stroke (cr);
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        double h;

        cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
        draw_text (cr, "DejaVu Sans 9.5", t->labels[i], FALSE, MARGIN + 20, y + 1, 110,
                   PANGO_ALIGN_LEFT);
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        h = draw_text (cr, "DejaVu Sans 10.5", values[i], FALSE, MARGIN + 140, y,
                       PAGE_WIDTH - 2 * MARGIN - 160, PANGO_ALIGN_LEFT);
        y += MAX (h, 14) + 7;
      }
    cairo_set_source_rgb (cr, 0.11, 0.37, 0.66);
    cairo_move_to (cr, MARGIN + 20, y);
    cairo_line_to (cr, PAGE_WIDTH - MARGIN - 20, y);
    cairo_stroke (cr);
  }

  /* Signature block */
  y = MAX (y + 40, 560);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, "DejaVu Serif 11", t->signature_for, FALSE, PAGE_WIDTH - MARGIN - 220, y, 220,
             PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (cr, 0.11, 0.37, 0.66);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, PAGE_WIDTH - MARGIN - 200, y + 52);
  cairo_line_to (cr, PAGE_WIDTH - MARGIN - 20, y + 52);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, "DejaVu Serif 10", t->signature_who, FALSE, PAGE_WIDTH - MARGIN - 220,
             y + 58, 220, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, "DejaVu Sans 8", t->signed_note, FALSE, PAGE_WIDTH - MARGIN - 220, y + 76, 220,
             PANGO_ALIGN_CENTER);

  /* Verification: the QR code and the code itself */
  draw_qr (cr, verification_code, MARGIN, 680, 110);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  y = 686 + draw_text (cr, "DejaVu Sans 8", t->verify, FALSE, MARGIN + 125, 686,
                       PAGE_WIDTH - 2 * MARGIN - 125, PANGO_ALIGN_LEFT);
  code_lines = wrap_code (verification_code, 56);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, "DejaVu Sans Mono 7.5", code_lines, FALSE, MARGIN + 125, y + 8,
             PAGE_WIDTH - 2 * MARGIN - 125, PANGO_ALIGN_LEFT);

  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CAS_ATTESTATION_ERROR, CAS_ATTESTATION_ERROR_FAILED,
                   _("The attestation could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
