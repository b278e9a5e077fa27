/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-sweep.h - what `hyperlab-cli sweep` prints, shared by its local
 * and SLURM modes (hl-cli-sweep.c, hl-cli-sweep-slurm.c). */
#pragma once

#include "hl-cli.h"

G_BEGIN_DECLS

/* "Sweep “name”: 12 trials (random), 2 at a time; successive halving …";
 * parallel 0: the sweep's own or one per CPU, G_MAXUINT: left unsaid */
void hl_cli_sweep_print_plan    (const HlSweep *sweep, guint parallel);
/* "[3/12] #5 lr=0.1: Pruned after 2 epochs, val loss 0.7348, 3 ms  (run …)" */
void hl_cli_sweep_print_trial   (const HlSweep *sweep, const HlSweepTrial *trial, guint ended);
/* After other output (not --quiet), a blank line first: -q's stdout began
 * with one (found by a CLI review). */
void hl_cli_sweep_print_ranking (const HlSweep *sweep, gboolean after_output);

/* --slurm: submit the trials as a job array, follow them, rank them. */
int  hl_cli_sweep_slurm (HlSweep *sweep, HlStore *store, guint tasks, char **sbatch_args,
                         const char *output, gboolean quiet);
/* --slurm-task: one array task's share of the trials (work: the folder the
 * controller made). */
int  hl_cli_sweep_task  (HlSweep *sweep, HlStore *store, const char *work, guint task, guint tasks);

/* hl-cli-sweep-resume.c: --list, --forget ID; where a resumed sweep
 * stands; how to continue one that did not finish (nothing when it did). */
int  hl_cli_sweep_list     (HlStore *store);
int  hl_cli_sweep_forget   (HlStore *store, const char *id);
void hl_cli_sweep_print_resume   (const HlSweep *sweep);
void hl_cli_sweep_print_continue (const HlSweep *sweep);

G_END_DECLS
