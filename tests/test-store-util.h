/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-util.h - helpers shared by the run store and runs UI tests. */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

/* A run with a default config, n metric points (steps 10, 20, ...) and a
 * filled summary, all derived from the id so runs differ. */
HlRun *hl_test_make_run (const char *id, const char *name, HlRunStatus status, guint n_points);
/* Remove a folder and everything below it. */
void   hl_test_rm_rf (const char *path);
/* n run records "<prefix>0000" ... written straight into dir (no index
 * entry, no sync: a store of thousands in a moment). */
void   hl_test_write_runs (const char *dir, const char *prefix, guint n);

G_END_DECLS
