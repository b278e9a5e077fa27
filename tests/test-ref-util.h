/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ref-util.h - references shared by the numeric and plugin tests. */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

/* An activation in double precision (the reference the kernels are checked against). */
double hl_test_act_ref (HlActivation a, double x);

/* hp[] = the descriptor's defaults, then "name=value,name=value" overrides;
 * an unknown name fails the test. */
void   hl_test_fill_params (const HlPluginDescriptor *d, const char *overrides, double *hp);

G_END_DECLS
