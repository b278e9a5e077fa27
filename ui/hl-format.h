/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-format.h - how the application writes durations, one formatter for the
 * training view, the run list and the compare table, counts and
 * percentages (GLib only). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A duration for people: "< 1 ms", "850 ms", "2.35 s", "42.0 s",
 * "3 min 05 s", "2 h 10 min"; "—" for a negative or non-finite value.
 * Sub-second runs are common with toy data, so they keep their digits. */
char *hl_format_duration (double seconds);

/* An estimate of the time still to go, in whole seconds as an estimate
 * deserves: "about 8 s left", "about 3 min 05 s left", "about 2 h 10 min
 * left", "less than a second left"; NULL for a negative or non-finite
 * estimate (nothing to show). */
char *hl_format_time_left (double seconds);

/* A count with the locale's thousands separator, else a comma ("1,219"). */
char *hl_format_count (guint64 n);

/* A fraction (an accuracy) as a percentage: "84.73 %"; "—" when not finite.
 * The Runs table, the comparison and the plot readout all write it so. */
char *hl_format_percent (double fraction);

/* A loss, or any measured value, in 4 significant digits as the plot's
 * axes write them: "0.3028", "1.726e9", "2.5e-6" (printf's "%.4g" wrote
 * "1.726e+09"); "NaN", "∞", "−∞" where printf wrote "-nan". */
char *hl_format_loss (double v);
/* The same with `digits` significant digits (the plot's readout takes 5). */
char *hl_format_significant (double v, int digits);

/* A learning rate as the range test suggests one, in 2 significant
 * digits: "5.4e-4" below 0.01, else "0.014", "0.33", "1". */
char *hl_format_rate (double lr);

G_END_DECLS
