/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-export.c - plots to PNG, SVG or PDF files, chosen by extension,
 * written atomically. */
#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include "hl-plot-render-private.h"

/* ---- export ----------------------------------------------------------- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* CRC-32 of PNG chunks (ISO 3309), bit by bit: it runs over 13 bytes. */
static guint32
png_crc (const guint8 *data, gsize n)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < n; i++)
    {
      c ^= data[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
  return c ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* cairo writes no resolution, so a figure at --scale 3 was placed three
 * times too large (LaTeX reads a PNG without one at 72 dpi, as many
 * programs do).  A pHYs chunk of 72 dpi times the scale, right after the
 * header, makes the picture as wide as the width in points that the SVG
 * and PDF exports have. */
static void
png_add_resolution (GByteArray *png, double scale)
{
  const guint ihdr_end = 8 + 4 + 4 + 13 + 4;
  guint32 per_metre = (guint32) lround (72.0 * scale / 0.0254);
  guint8 chunk[4 + 4 + 9 + 4];

  if (png->len < ihdr_end || memcmp (png->data + 12, "IHDR", 4) != 0)
    return;
  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, per_metre);
  put_be32 (chunk + 12, per_metre);
  chunk[16] = 1;   /* unit: the metre */
  put_be32 (chunk + 17, png_crc (chunk + 4, 4 + 9));
  g_byte_array_set_size (png, png->len + sizeof chunk);
  memmove (png->data + ihdr_end + sizeof chunk, png->data + ihdr_end,
           png->len - sizeof chunk - ihdr_end);
  memcpy (png->data + ihdr_end, chunk, sizeof chunk);
}

/* Renders into memory so the file is written atomically and a failure to
 * write comes back as a GError that names the path. */
static gboolean
render_to_bytes (const char *path, const char *ext, GByteArray *out,
                 double width, double height, double scale,
                 HlFigureDrawFunc draw, gpointer data, GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (g_ascii_strcasecmp (ext, ".png") == 0)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                          (int) ceil (height * scale));
  else if (g_ascii_strcasecmp (ext, ".svg") == 0)
    surface = cairo_svg_surface_create_for_stream (append_bytes, out, width, height);
  else
    surface = cairo_pdf_surface_create_for_stream (append_bytes, out, width, height);
  cr = cairo_create (surface);
  if (g_ascii_strcasecmp (ext, ".png") == 0)
    cairo_scale (cr, scale, scale);
  draw (cr, width, height, data);
  cairo_destroy (cr);
  if (g_ascii_strcasecmp (ext, ".png") == 0)
    {
      status = cairo_surface_write_to_png_stream (surface, append_bytes, out);
      if (status == CAIRO_STATUS_SUCCESS)
        png_add_resolution (out, scale);
    }
  else
    {
      cairo_surface_finish (surface);   /* flushes the document into out */
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* TRANSLATORS: a file name, then why */
                   _("%s: cannot render the plot: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
hl_figure_export (const char *path, double width, double height, double scale,
                  HlFigureDrawFunc draw, gpointer data, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const char *ext;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ext = strrchr (path, '.');
  if (ext == NULL || strchr (ext, '/') != NULL ||
      (g_ascii_strcasecmp (ext, ".png") != 0 && g_ascii_strcasecmp (ext, ".svg") != 0 &&
       g_ascii_strcasecmp (ext, ".pdf") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %s is a file name */
                   _("%s: unknown plot format (use a .png, .svg or .pdf file name)"), path);
      return FALSE;
    }
  /* the pixel bound is an image's: scale does nothing to SVG and PDF */
  if (g_ascii_strcasecmp (ext, ".png") != 0)
    scale = 1.0;
  if (!(width >= HL_PLOT_EXPORT_MIN && height >= HL_PLOT_EXPORT_MIN &&
        width <= HL_PLOT_EXPORT_MAX && height <= HL_PLOT_EXPORT_MAX &&
        scale > 0 && width * scale <= HL_PLOT_EXPORT_MAX_PIXELS &&
        height * scale <= HL_PLOT_EXPORT_MAX_PIXELS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: the first %s is a file name; then width, height, scale, the
                    * smallest and largest size and the most pixels a PNG may have a side */
                   _("%s: plot size %g x %g at scale %g is out of range (%d .. %d, at most %d pixels)"),
                   path, width, height, scale, HL_PLOT_EXPORT_MIN, HL_PLOT_EXPORT_MAX,
                   HL_PLOT_EXPORT_MAX_PIXELS);
      return FALSE;
    }
  if (!render_to_bytes (path, ext, bytes, width, height, scale, draw, data, error))
    return FALSE;
  if (!g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const HlPlotSeries  *series;
  guint                n_series;
  const HlPlotOptions *opts;
} PlotFigure;

static void
draw_plot (cairo_t *cr, double width, double height, gpointer data)
{
  const PlotFigure *f = data;

  hl_plot_render (cr, width, height, f->series, f->n_series, f->opts);
}

gboolean
hl_plot_export (const char *path, double width, double height, double scale,
                const HlPlotSeries *series, guint n_series,
                const HlPlotOptions *opts, GError **error)
{
  PlotFigure f = { series, n_series, opts };

  g_return_val_if_fail (opts != NULL, FALSE);
  return hl_figure_export (path, width, height, scale, draw_plot, &f, error);
}
