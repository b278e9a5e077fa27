/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-trial-item.h - a trial as the sweep dialog's run page lists it:
 * what its row says (its settings, state, score, whether it trains, leads
 * or failed), in a list model a GtkListView shows, so a sweep of thousands
 * of trials makes rows only for those on screen (a GtkListBox of one row
 * per trial was measured whole at every update: a sweep of 500 trials held
 * the main loop for about a second at a time). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HL_TYPE_SWEEP_TRIAL_ITEM (hl_sweep_trial_item_get_type ())
G_DECLARE_FINAL_TYPE (HlSweepTrialItem, hl_sweep_trial_item, HL, SWEEP_TRIAL_ITEM, GObject)

/* Read by the rows (and the tests); set through the functions below. */
struct _HlSweepTrialItem
{
  GObject parent_instance;

  guint    index;           /* 1-based */
  guint    number_width;    /* characters of "#N" for the widest N: the titles line up */
  char    *title;           /* its settings, as the form names them */
  char    *tooltip;         /* its settings in full */
  char    *score_tooltip;
  char    *subtitle;        /* its state */
  char    *score;           /* "" until it has one */
  gboolean training;
  gboolean best;
  gboolean failed;
};

HlSweepTrialItem *hl_sweep_trial_item_new (guint index, guint number_width, const char *title,
                                           const char *tooltip, const char *score_tooltip);
/* Each says "changed" (its row is redrawn) when something changed. */
void hl_sweep_trial_item_set_state (HlSweepTrialItem *self, const char *subtitle, const char *score,
                                    gboolean training, gboolean failed);
void hl_sweep_trial_item_set_best (HlSweepTrialItem *self, gboolean best);

/* Rows for a GtkListView of HlSweepTrialItem: an AdwActionRow each, "#N"
 * before, a spinner while it trains, its score and a star on the best. */
GtkListItemFactory *hl_sweep_trial_item_factory_new (void);

G_END_DECLS
