/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-checkpoint.h - the binary sidecar of a running run: everything needed to resume it.
 *
 * Written beside the run record (NAME.run.json -> NAME.ckpt), atomically.
 * Layout: magic, version, byte-order mark, tagged sections, SHA-256 of all
 * that precedes it.  Meant for the machine that wrote it (host byte order,
 * the trainer's loop state as raw bytes): a file from elsewhere is rejected,
 * never misread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* shape: must match the model and data the resuming trainer builds */
  guint32  n_inputs, n_outputs;
  guint64  n_params;
  guint64  n_train;
  guint64  batch;
  guint64  steps_per_epoch;
  char    *optimizer_id, *schedule_id;
  char    *run_id;                /* whose state this is (NULL in files from before it was kept) */
  char    *config_digest;         /* SHA-256 (hex) of the run's config as written then, or NULL
                                   * (files from before it was kept) */
  /* regression targets as trained: z-scored with these (0 and 1: as read,
   * also in files from before targets were scaled) */
  double   target_mean, target_sd;
  gboolean has_target_scale;      /* FALSE in files from before targets were scaled */
  /* state */
  const float   *params;          /* n_params */
  const float   *best_params;     /* n_params, or NULL */
  const guint32 *perm;            /* n_train: this epoch's order */
  GBytes  *loop_state;            /* the trainer's loop state, opaque here */
  GBytes  *optimizer_state;       /* plugin state_data bytes (may be empty) */
  GBytes  *schedule_state;
  /* set by hl_checkpoint_load: the arrays above are owned */
  gpointer owned_params, owned_best, owned_perm;
} HlCheckpoint;

/* NAME.run.json -> NAME.ckpt (else PATH.ckpt).  Returns a new string. */
char         *hl_checkpoint_path_for_run (const char *run_path);

/* Atomic write (G_FILE_SET_CONTENTS_CONSISTENT).  HL_RUN_ERROR_IO on failure,
 * with the errno as far as GLib kept it (hl_error_save_cause). */
gboolean      hl_checkpoint_save (const HlCheckpoint *ck, const char *path, GError **error);
/* HL_RUN_ERROR_CHECKPOINT when missing, truncated, corrupt or from another kind of machine. */
HlCheckpoint *hl_checkpoint_load (const char *path, GError **error);
void          hl_checkpoint_free (HlCheckpoint *ck);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCheckpoint, hl_checkpoint_free)

G_END_DECLS
