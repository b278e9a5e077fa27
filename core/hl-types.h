/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-types.h - small enums shared by config, model and datasets. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  HL_TASK_CLASSIFICATION,
  HL_TASK_REGRESSION,
} HlTask;

typedef enum {
  HL_ACTIVATION_RELU,
  HL_ACTIVATION_LEAKY_RELU,   /* slope 0.01 */
  HL_ACTIVATION_TANH,
  HL_ACTIVATION_SIGMOID,
  HL_ACTIVATION_GELU,         /* tanh approximation */
  HL_ACTIVATION_LINEAR,
  HL_N_ACTIVATIONS
} HlActivation;

typedef enum {
  HL_INIT_HE,
  HL_INIT_XAVIER,             /* also accepted as "glorot" */
  HL_INIT_UNIFORM,            /* U(-0.05, 0.05) */
  HL_N_INITS
} HlInit;

/* Name <-> enum; names are the config spellings ("leaky_relu", "xavier"). */
const char *hl_activation_to_string (HlActivation a);
gboolean    hl_activation_from_string (const char *s, HlActivation *out);
const char *hl_init_to_string (HlInit i);
gboolean    hl_init_from_string (const char *s, HlInit *out);
const char *hl_task_to_string (HlTask t);
gboolean    hl_task_from_string (const char *s, HlTask *out);

/* NULL-terminated lists of accepted spellings (for dropdowns and "did you mean"). */
const char *const *hl_activation_names (void);
const char *const *hl_init_names (void);     /* includes the alias "glorot" last */

G_END_DECLS
