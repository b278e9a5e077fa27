/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ref-util.c - references shared by the numeric and plugin tests, and
 * CPU pinning for the threading tests. */
#ifdef __linux__
#define _GNU_SOURCE 1   /* sched_setaffinity */
#include <sched.h>
#endif
#include <math.h>
#include "test-ref-util.h"

gpointer
hl_test_pin_one_cpu (void)
{
#ifdef __linux__
  cpu_set_t *saved = g_new (cpu_set_t, 1), one;
  int cpu = 0;

  g_assert_cmpint (sched_getaffinity (0, sizeof *saved, saved), ==, 0);
  while (!CPU_ISSET (cpu, saved))
    cpu++;
  CPU_ZERO (&one);
  CPU_SET (cpu, &one);
  g_assert_cmpint (sched_setaffinity (0, sizeof one, &one), ==, 0);
  return saved;
#else
  return NULL;
#endif
}

void
hl_test_unpin (gpointer saved)
{
#ifdef __linux__
  if (saved != NULL)
    g_assert_cmpint (sched_setaffinity (0, sizeof (cpu_set_t), saved), ==, 0);
#endif
  g_free (saved);
}

double
hl_test_act_ref (HlActivation a, double x)
{
  switch (a)
    {
    case HL_ACTIVATION_RELU:       return x > 0 ? x : 0;
    case HL_ACTIVATION_LEAKY_RELU: return x > 0 ? x : 0.01 * x;
    case HL_ACTIVATION_TANH:       return tanh (x);
    case HL_ACTIVATION_SIGMOID:    return 1.0 / (1.0 + exp (-x));
    case HL_ACTIVATION_GELU:
      return 0.5 * x * (1 + tanh (sqrt (2 / G_PI) * (x + 0.044715 * x * x * x)));
    case HL_ACTIVATION_LINEAR:
    case HL_N_ACTIVATIONS:
    default:                       return x;
    }
}

void
hl_test_fill_params (const HlPluginDescriptor *d, const char *overrides, double *hp)
{
  g_auto (GStrv) pairs = g_strsplit (overrides ? overrides : "", ",", -1);

  for (guint i = 0; i < d->n_params; i++)
    hp[i] = d->params[i].default_value;
  for (guint i = 0; pairs[i] && *pairs[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (pairs[i], "=", 2);
      int idx = hl_plugin_param_index (d, kv[0]);

      if (idx < 0 || kv[1] == NULL)
        g_error ("%s: bad parameter override “%s”", d->id, pairs[i]);
      hp[idx] = g_ascii_strtod (kv[1], NULL);
    }
}
