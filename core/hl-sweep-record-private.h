/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-record-private.h - what a sweep record's writing
 * (hl-sweep-record.c) and reading (hl-sweep-record-open.c) share. */
#pragma once

#include "hl-sweep.h"
#include "hl-store-private.h"

G_BEGIN_DECLS

#define HL_SWEEPS_DIR         ".sweeps"
#define HL_SWEEP_RECORD_FILE  "sweep.json"
#define HL_SWEEP_RUNGS_FILE   "rungs.json"
#define HL_SWEEP_LOCK_ID      "sweep"      /* sweep.lock, held by the process that trains it */

/* STORE/.sweeps/<id> (new string). */
char        *hl_sweep_record_dir_for (HlStore *store, const char *id);
/* Its files but the lock and those keep() accepts (may be NULL), the
 * record first.  Returns how many are left (besides the lock). */
guint        hl_sweep_record_remove_dir (const char *dir, gboolean (*keep) (const char *name));
/* A valid id whose record exists (*dir: its folder), else
 * HL_SWEEP_ERROR_NOT_FOUND. */
gboolean     hl_sweep_record_check_id (HlStore *store, const char *id, char **dir, GError **error);
/* The sweep's lock, or HL_SWEEP_ERROR_BUSY when a live process holds it. */
HlStoreLock *hl_sweep_record_lock (const char *dir, const char *id, GError **error);

/* ---- a SLURM sweep's job (hl-sweep-squeue.c) ---------------------------------- */

typedef enum { HL_SLURM_JOB_ENDED, HL_SLURM_JOB_LISTED, HL_SLURM_JOB_UNKNOWN } HlSlurmJobState;

/* A SLURM job id as sbatch gives it (it goes to squeue's command line). */
gboolean        hl_sweep_is_job_id (const char *job);
/* What squeue says of a job: listed, ended (lists nothing, or no longer
 * knows it), or unknown: *local set when squeue cannot run, else *err
 * saying why (it failed, or did not answer in time: it is killed). */
HlSlurmJobState hl_sweep_slurm_job_state (const char *job, char **err, GError **local);
/* One squeue for all of jobs (ids; others are left out): those it lists
 * (a new set of ids as jobs has them), or NULL when it cannot tell. */
GHashTable     *hl_sweep_slurm_jobs_listed (GPtrArray *jobs);

G_END_DECLS
