/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-render.h - cairo-only confusion-matrix heat map, in the line
 * plot's font and colours (no GTK here: the CLI can export it too). */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* The matrix everywhere below: n classes, names[n] (NULL: "0", "1", …),
 * counts[n * n] row-major, row = true class, column = predicted class.
 * Arrays are borrowed for the duration of a call. */

typedef struct {
  const char *title;            /* above the matrix, may be NULL */
  gboolean    dark;             /* dark background palette */
  int         hover_row;        /* the cell outlined, -1: none */
  int         hover_col;
} HlConfusionOptions;

void hl_confusion_options_init (HlConfusionOptions *opts);

/* What is written where for a given size.  Cells are coloured by the share
 * of their row (of the examples of that true class, how many were predicted
 * as the column's class), the diagonal in the plot's blue, the mistakes in
 * its vermillion; counts are written in cells big enough to hold them. */
typedef struct {
  guint    n;
  double   width, height;
  double   left, top, cell;     /* the grid: n × n square cells of cell px from (left, top) */
  double   font;                /* the class names' font size */
  double   ascent, descent;     /* of that font */
  double   cell_font;           /* the counts' font size; 0: counts not written */
  guint    step;                /* every step-th class named on both axes, from class 0 */
  double   col_angle;           /* predicted names: 0 across, -G_PI/4 slanted, -G_PI/2 upright */
  double   row_w, col_w;        /* widest a name is drawn, cut with "…" past it */
  double   true_x;              /* baseline of the upright "true" axis title */
  double   predicted_y;         /* baseline of the "predicted" axis title */
  double   title_y, caption_y;  /* baselines; 0: not drawn */
  const char *title;            /* borrowed from the options */
  gboolean empty;               /* nothing to draw (n == 0, or no room): "no data" */
} HlConfusionLayout;

void hl_confusion_compute_layout (double width, double height, guint n,
                                  const char *const *names, const guint64 *counts,
                                  const HlConfusionOptions *opts, HlConfusionLayout *out);

/* The cell under (x, y), FALSE outside the grid. */
gboolean hl_confusion_layout_cell_at (const HlConfusionLayout *layout, double x, double y,
                                      guint *row, guint *col);

/* One text of the picture as drawn: cairo_move_to (x, y) after rotating by
 * angle around (x, y), in the plot's font of this size. */
typedef enum {
  HL_CONFUSION_TEXT_ROW,        /* true class i's name, left of the grid */
  HL_CONFUSION_TEXT_COL,        /* predicted class i's name, under the grid */
  HL_CONFUSION_TEXT_TRUE,       /* the axis titles */
  HL_CONFUSION_TEXT_PREDICTED,
  HL_CONFUSION_TEXT_TITLE,
  HL_CONFUSION_TEXT_CAPTION,    /* what the numbers and colours are */
} HlConfusionTextKind;

typedef struct {
  char    *text;                /* owned (g_free); NULL: not drawn */
  double   x, y, angle;
  double   size;
  gboolean bold;
} HlConfusionText;

/* Text kind (of class i for ROW and COL) in layout; cr measures names to
 * cut. */
void hl_confusion_layout_text (const HlConfusionLayout *layout, cairo_t *cr,
                               const char *const *names, HlConfusionTextKind kind, guint i,
                               HlConfusionText *out);

/* The colour of a cell of this row share (0 … 1, NAN for a true class
 * without examples), on the diagonal or off it. */
void hl_confusion_cell_colour (double share, gboolean diagonal, gboolean dark, double rgb[3]);

/* Draw into cr at (0,0)-(width,height). */
void hl_confusion_render (cairo_t *cr, double width, double height, guint n,
                          const char *const *names, const guint64 *counts,
                          const HlConfusionOptions *opts);

/* To a PNG, SVG or PDF file by its extension, as hl_plot_export writes a
 * plot (the same size bounds and errors; scale: a PNG's pixels per point). */
gboolean hl_confusion_export (const char *path, double width, double height, double scale, guint n,
                              const char *const *names, const guint64 *counts,
                              const HlConfusionOptions *opts, GError **error);

/* The hover readout of a cell: "true Shirt, predicted T-shirt/top: 98
 * (9.8 % of Shirt)" (free). */
char *hl_confusion_readout (guint n, const char *const *names, const guint64 *counts,
                            guint row, guint col);

/* A class name as the displays show it (the figure, its hover readout,
 * the CLI's "most confused" lines), free it: a line break (LF, CR, CRLF)
 * is "↵", a tab "\t", another control or bidi control character "\xNN" or
 * "\uNNNN", a byte that is not UTF-8 U+FFFD.  A CSV label may hold them
 * (quoted); a font draws them as boxes, a terminal obeys them. */
char *hl_confusion_printable_name (const char *name);

G_END_DECLS
