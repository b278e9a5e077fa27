/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-types.c - config spellings of the small shared enums. */
#include "hl-types.h"

static const char *const activation_names[HL_N_ACTIVATIONS] = {
  [HL_ACTIVATION_RELU]       = "relu",
  [HL_ACTIVATION_LEAKY_RELU] = "leaky_relu",
  [HL_ACTIVATION_TANH]       = "tanh",
  [HL_ACTIVATION_SIGMOID]    = "sigmoid",
  [HL_ACTIVATION_GELU]       = "gelu",
  [HL_ACTIVATION_LINEAR]     = "linear",
};

static const char *const init_names[HL_N_INITS] = {
  [HL_INIT_HE]      = "he",
  [HL_INIT_XAVIER]  = "xavier",
  [HL_INIT_UNIFORM] = "uniform",
};

static const char *const task_names[] = {
  [HL_TASK_CLASSIFICATION] = "classification",
  [HL_TASK_REGRESSION]     = "regression",
};

static gboolean
lookup (const char *const *names, guint n, const char *s, guint *out)
{
  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (names[i], s))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hl_activation_to_string (HlActivation a)
{
  g_return_val_if_fail ((guint) a < HL_N_ACTIVATIONS, NULL);
  return activation_names[a];
}

gboolean
hl_activation_from_string (const char *s, HlActivation *out)
{
  guint i;

  if (!lookup (activation_names, HL_N_ACTIVATIONS, s, &i))
    return FALSE;
  if (out)
    *out = (HlActivation) i;
  return TRUE;
}

const char *
hl_init_to_string (HlInit i)
{
  g_return_val_if_fail ((guint) i < HL_N_INITS, NULL);
  return init_names[i];
}

gboolean
hl_init_from_string (const char *s, HlInit *out)
{
  guint i;

  /* Glorot and Xavier are two names for the same initialisation. */
  if (g_strcmp0 (s, "glorot") == 0)
    i = HL_INIT_XAVIER;
  else if (!lookup (init_names, HL_N_INITS, s, &i))
    return FALSE;
  if (out)
    *out = (HlInit) i;
  return TRUE;
}

const char *
hl_task_to_string (HlTask t)
{
  g_return_val_if_fail ((guint) t < G_N_ELEMENTS (task_names), NULL);
  return task_names[t];
}

gboolean
hl_task_from_string (const char *s, HlTask *out)
{
  guint i;

  if (!lookup (task_names, G_N_ELEMENTS (task_names), s, &i))
    return FALSE;
  if (out)
    *out = (HlTask) i;
  return TRUE;
}

const char *const *
hl_activation_names (void)
{
  static const char *const names[HL_N_ACTIVATIONS + 1] = {
    "relu", "leaky_relu", "tanh", "sigmoid", "gelu", "linear", NULL
  };
  return names;
}

const char *const *
hl_init_names (void)
{
  static const char *const names[HL_N_INITS + 2] = { "he", "xavier", "uniform", "glorot", NULL };
  return names;
}
