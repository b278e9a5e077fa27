/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-format.c - durations, counts and percentages as text, shared by every
 * view that shows one. */
#include <locale.h>
#include <math.h>
#include <string.h>
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

char *
hl_format_time_left (double seconds)
{
  guint s;

  if (!isfinite (seconds) || seconds < 0)
    return NULL;
  if (seconds < 0.5)
    return g_strdup (_("less than a second left"));
  s = (guint) MIN (round (seconds), (double) G_MAXUINT);
  if (s < 60)
    return g_strdup_printf (_("about %u s left"), s);
  if (s < 3600)
    return g_strdup_printf (_("about %u min %02u s left"), s / 60, s % 60);
  return g_strdup_printf (_("about %u h %02u min left"), s / 3600, (s / 60) % 60);
}

char *
hl_format_count (guint64 n)
{
  /* %'d would follow the locale, but groups nothing in C: take the
   * locale's separator ("1.300" in German) and fall back to a comma */
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  const char *sep = localeconv ()->thousands_sep;
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  if (sep == NULL || *sep == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, sep);
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
hl_format_loss (double v)
{
  return hl_format_significant (v, 4);
}

char *
hl_format_significant (double v, int digits)
{
  char buf[48], *e;
  GString *out;

  if (isnan (v))
    return g_strdup ("NaN");
  if (isinf (v))
    return g_strdup (v > 0 ? "∞" : "−∞");
  g_snprintf (buf, sizeof buf, "%.*g", CLAMP (digits, 1, 17), v);
  e = strchr (buf, 'e');
  if (e == NULL)
    return g_strdup (buf);
  /* "e+09" -> "e9", "e-07" -> "e-7" */
  out = g_string_new_len (buf, e - buf + 1);
  e++;
  if (*e == '-')
    g_string_append_c (out, *e++);
  else if (*e == '+')
    e++;
  while (*e == '0' && e[1] != '\0')
    e++;
  g_string_append (out, e);
  return g_string_free (out, FALSE);
}

char *
hl_format_rate (double lr)
{
  int exponent;
  double mantissa;

  if (!isfinite (lr) || lr <= 0 || lr >= 1e-2)
    return hl_format_significant (lr, 2);
  exponent = (int) floor (log10 (lr));
  mantissa = round (lr / pow (10.0, exponent) * 10) / 10;
  if (mantissa >= 10)
    mantissa /= 10, exponent++;
  return g_strdup_printf (mantissa == round (mantissa) ? "%.0fe%d" : "%.1fe%d", mantissa, exponent);
}

char *
hl_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f\u00a0%%", 100 * fraction);
}
