/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-format.c - durations as text, shared by every view that shows one. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-format.h"

char *
hl_format_duration (double seconds)
{
  guint s;

  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("—");
  if (seconds < 0.0005)
    return g_strdup (_("< 1 ms"));
  if (seconds < 0.9995)
    /* TRANSLATORS: milliseconds */
    return g_strdup_printf (_("%.0f ms"), seconds * 1000);
  if (seconds < 9.995)
    return g_strdup_printf (_("%.2f s"), seconds);
  if (seconds < 59.95)
    return g_strdup_printf (_("%.1f s"), seconds);
  s = (guint) round (seconds);
  if (s < 3600)
    return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
  return g_strdup_printf (_("%u h %02u min"), s / 3600, (s / 60) % 60);
}
