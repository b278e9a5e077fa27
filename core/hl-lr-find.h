/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find.h - the learning-rate range test (L. Smith, "Cyclical Learning
 * Rates", 2017; fastai's lr_find): train from a config's initial weights
 * with the rate rising geometrically from lr_min to lr_max, one step each,
 * record every batch's loss, and stop once the smoothed loss has left its
 * minimum far behind.  The rate where the smoothed loss falls fastest is a
 * good learning rate to start from; the run itself is not kept. */
#pragma once

#include <gio/gio.h>
#include "hl-config.h"
#include "hl-plugin-registry.h"

G_BEGIN_DECLS

typedef struct {
  GArray  *lr;            /* double, per step */
  GArray  *loss;          /* double: that step's batch loss */
  GArray  *smoothed;      /* double: exponential moving average (β = 0.98), bias-corrected */
  double   steepest_lr;   /* where the smoothed loss falls fastest against log(lr); NAN if none */
  double   min_loss_lr;   /* where the smoothed loss is lowest */
  double   min_loss;
  gboolean blew_up;       /* stopped early: the smoothed loss rose past 4× its minimum, or NaN */
  gboolean cancelled;     /* cancelled part-way (HL_LR_FIND_KEEP_PARTIAL): the curve and the
                           * rates are those of the steps taken */
} HlLrFindResult;

#define HL_LR_FIND_MAX_STEPS 100000

/* One step of a test under way, as recorded (the training thread). */
typedef struct {
  guint  step;            /* steps done, 1-based */
  guint  steps;           /* planned; the test may stop before */
  double lr, loss, smoothed;
  double elapsed;         /* seconds since training began (data loaded) */
} HlLrFindProgress;

/* Called on the thread running the test after every step: keep it cheap
 * (copy the few numbers out, e.g. into a mailbox; no waiting on the UI). */
typedef void (*HlLrFindProgressFunc) (const HlLrFindProgress *progress, gpointer user_data);

typedef enum {
  HL_LR_FIND_NONE         = 0,
  /* cancelled after a step at least: the steps taken as a result marked
   * `cancelled`, not G_IO_ERROR_CANCELLED (a Stop that keeps the curve) */
  HL_LR_FIND_KEEP_PARTIAL = 1 << 0,
} HlLrFindFlags;

/* Errors: HL_CONFIG_ERROR_RANGE for the range or steps (lr_min > 0, lr_max
 * > lr_min, 10 <= steps <= HL_LR_FIND_MAX_STEPS), G_IO_ERROR_CANCELLED,
 * else the trainer's.  progress may be NULL. */
HlLrFindResult *hl_lr_find_full (const HlConfig *config, HlPluginRegistry *registry, double lr_min,
                                 double lr_max, guint steps, HlLrFindFlags flags,
                                 HlLrFindProgressFunc progress, gpointer progress_data,
                                 GCancellable *cancellable, GError **error);
/* hl_lr_find_full without progress or partial results. */
HlLrFindResult *hl_lr_find (const HlConfig *config, HlPluginRegistry *registry, double lr_min,
                            double lr_max, guint steps, GCancellable *cancellable, GError **error);
void            hl_lr_find_result_free (HlLrFindResult *self);
/* How far the smoothed loss ended above its lowest point, as a fraction
 * of it (0.07: 7 % above): 0 when the last step is the lowest, the loss
 * still falling where the range, or a Stop, ended it; infinite when it
 * blew up or ended NaN; NAN when no step had a finite loss. */
double          hl_lr_find_result_rise (const HlLrFindResult *self);
/* Whether the smoothed loss turned up past its lowest point: it blew up,
 * or it ended a quarter or more above its minimum (a rise of 0.25).  Only
 * then is the lowest point's rate a bound; else the loss was still
 * falling at the end (a rise of 0), or rose too little after its lowest
 * point to tell a turn from noise. */
gboolean        hl_lr_find_result_turned (const HlLrFindResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlLrFindResult, hl_lr_find_result_free)

G_END_DECLS
