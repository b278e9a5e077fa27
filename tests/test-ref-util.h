/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ref-util.h - references shared by the numeric and plugin tests, and
 * CPU pinning for the threading tests. */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

/* An activation in double precision (the reference the kernels are checked against). */
double hl_test_act_ref (HlActivation a, double x);

/* hp[] = the descriptor's defaults, then "name=value,name=value" overrides;
 * an unknown name fails the test. */
void   hl_test_fill_params (const HlPluginDescriptor *d, const char *overrides, double *hp);

/* Pin this thread (and the threads it starts from now on) to one CPU it may
 * use, as a VM host may run two virtual CPUs on one; returns what to give
 * hl_test_unpin, or NULL where that cannot be done (not Linux). */
gpointer hl_test_pin_one_cpu (void);
void     hl_test_unpin (gpointer saved);

G_END_DECLS
