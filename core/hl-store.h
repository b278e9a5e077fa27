/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store.h - the run store: a folder of run records (*.run.json) with
 * checkpoint sidecars, a small summary index, corrupt-file reporting. */
#pragma once

#include <gio/gio.h>
#include "hl-run.h"

G_BEGIN_DECLS

typedef struct _HlStore HlStore;

/* A listed run: enough for the run table without loading metrics. */
typedef struct {
  char        *id;
  char        *path;
  char        *name;
  HlRunStatus  status;
  char        *dataset;
  char        *optimizer;
  double       learning_rate;
  guint        batch_size;       /* HL_BATCH_ALL = all */
  char        *layers;           /* "256-128" */
  double       best_val_loss;
  double       test_accuracy;
  double       seconds;
  gint64       created;          /* unix microseconds */
  char        *group;
} HlRunInfo;

/* A file that was skipped, and why. */
typedef struct {
  char   *path;
  GError *error;
} HlStoreProblem;

/* dir NULL = $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs.  Created if missing. */
HlStore    *hl_store_new (const char *dir, GError **error);
void        hl_store_free (HlStore *self);
const char *hl_store_get_dir (HlStore *self);

/* Scan the folder: fills the list, marks runs left "running" by a dead
 * process as interrupted, records problems.  Fast for 1,000 runs. */
gboolean    hl_store_refresh (HlStore *self, GError **error);
GPtrArray  *hl_store_list (HlStore *self);          /* HlRunInfo, borrowed items */
const GPtrArray *hl_store_get_problems (HlStore *self);  /* HlStoreProblem */

/* Path where a run with this id lives in the store (new string). */
char       *hl_store_path_for (HlStore *self, const char *id);
gboolean    hl_store_save (HlStore *self, HlRun *run, GError **error);
HlRun      *hl_store_load (HlStore *self, const char *id, GError **error);
gboolean    hl_store_delete (HlStore *self, const char *id, GError **error);
gboolean    hl_store_rename (HlStore *self, const char *id, const char *name, GError **error);

void        hl_run_info_free (HlRunInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStore, hl_store_free)

G_END_DECLS
