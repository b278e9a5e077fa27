/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep.h - what the sweep tests' files share (test-sweep.c,
 * test-sweep-resume.c, test-sweep-squeue.c, test-sweep-score.c,
 * test-sweep-check.c). */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

/* The test's temporary folder. */
const char *test_sweep_tmp_dir (void);
/* An empty store in the folder `name` of the temporary folder. */
HlStore    *test_sweep_store_in (const char *name);
/* A sweep file of this text beside base.hyperlab.json (a small spiral). */
HlSweep    *test_sweep_load (const char *text, GError **error);
void        test_sweep_resume_add_tests (void);
void        test_sweep_squeue_add_tests (void);
void        test_sweep_score_add_tests (void);
void        test_sweep_check_add_tests (void);

G_END_DECLS
