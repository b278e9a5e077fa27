/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-dialog-private.h - HlLrFindDialog internals; the tests poke
 * the widgets. */
#pragma once

#include "hl-lr-find-dialog.h"
#include "hl-lr-find-plot.h"

G_BEGIN_DECLS

struct _HlLrFindDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *close_button;
  GtkWidget      *use_button;
  GtkWidget      *start_button;
  GtkWidget      *stop_button;
  AdwActionRow   *from_row;
  AdwActionRow   *to_row;
  AdwActionRow   *steps_row;
  GtkWidget      *range_group;
  AdwPreferencesGroup *result_group;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  GtkWidget      *plot_frame;
  HlLrFindPlot   *plot;
  GtkLabel       *steepest_label;
  GtkLabel       *lowest_label;

  /* made in code (owned by the widget tree) */
  GtkSpinButton  *from_spin;
  GtkSpinButton  *to_spin;
  GtkSpinButton  *steps_spin;

  /* owned */
  HlConfig       *config;
  HlLrFindResult *result;
  GCancellable   *cancellable;    /* of the test running, else NULL */
  gint64          started_us;     /* monotonic */
  guint           tick_id;        /* the elapsed time, once a second */
  double          run_from, run_to;
  guint           run_steps;

  /* borrowed */
  HlPluginRegistry *registry;

  gboolean disposed;
};

G_END_DECLS
