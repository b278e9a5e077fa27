/* SPDX-License-Identifier: MIT */
/* lion.c - a third-party Hyperlab optimizer built out of tree: Lion
 * (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms").
 *
 *   c ← β1 · m + (1 − β1) · g
 *   w ← w − lr · (sign(c) + λ · w)
 *   m ← β2 · m + (1 − β2) · g
 *
 * Needs only <hyperlab/hl-plugin.h> (GLib + GModule): see README.md. */
#include <string.h>
#include <hyperlab/hl-plugin.h>

/* The texts shown to the user, marked for xgettext (`make pot`).  The host
 * translates them in gettext_domain, whose catalogues ship beside the
 * module (locale/<lang>/LC_MESSAGES/hyperlab-lion.mo, built from po/), so
 * the module itself calls no gettext. */
#define N_(text) (text)
#define LION_GETTEXT_DOMAIN "hyperlab-lion"

/* Everything that changes while training, in one block the host can copy
 * (checkpoint) and restore (resume): the step counter, then m[n]. */
typedef struct {
  guint64 t;
  guint64 n;
  float   m[];
} LionState;

typedef struct {
  float      beta1, beta2, weight_decay;
  LionState *state;
} Lion;

static gpointer
lion_create (gsize n_params, const double *hp, GError **error)
{
  if (n_params > (G_MAXSIZE - sizeof (LionState)) / sizeof (float))
    {
      g_set_error_literal (error, g_quark_from_static_string ("lion"), 0, "too many parameters");
      return NULL;
    }
  Lion *self = g_new0 (Lion, 1);
  self->beta1 = (float) hp[0];
  self->beta2 = (float) hp[1];
  self->weight_decay = (float) hp[2];
  self->state = g_malloc0 (sizeof (LionState) + n_params * sizeof (float));
  self->state->n = n_params;
  return self;
}

static void
lion_free (gpointer instance)
{
  Lion *self = instance;
  g_free (self->state);
  g_free (self);
}

static inline float
sign (float x)
{
  return (float) ((x > 0.0f) - (x < 0.0f));
}

static void
lion_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Lion *self = instance;
  float *m = self->state->m;
  const float a = (float) lr, b1 = self->beta1, b2 = self->beta2, wd = self->weight_decay;

  for (gsize i = 0; i < n; i++)
    {
      const float c = b1 * m[i] + (1.0f - b1) * grads[i];
      params[i] -= a * (sign (c) + wd * params[i]);
      m[i] = b2 * m[i] + (1.0f - b2) * grads[i];
    }
  self->state->t++;
}

static gpointer
lion_state_data (gpointer instance, gsize *n_bytes)
{
  Lion *self = instance;
  *n_bytes = sizeof (LionState) + self->state->n * sizeof (float);
  return self->state;
}

static const HlParamSpec lion_params[] = {
  { "beta1", N_("Beta 1"), N_("Interpolation between momentum and gradient for the update sign"),
    0.9, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "beta2", N_("Beta 2"), N_("Decay of the momentum"),
    0.99, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "weight_decay", N_("Weight decay"), N_("Decoupled weight decay λ"),
    0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

/* Only the ABI 1.0 functions: the host calls step on one thread.  (ABI 1.1
 * adds optional begin_step/step_range, which let it split the update across
 * threads; see README.md.) */
static const HlOptimizerFuncs lion_funcs = {
  .create = lion_create,
  .step = lion_step,
  .free = lion_free,
  .state_data = lion_state_data,
};

static const HlPluginDescriptor lion_descriptor = {
  .abi_major = HL_PLUGIN_ABI_MAJOR,
  .abi_minor = 0,          /* uses nothing newer than ABI 1.0, so any 1.x host loads it */
  .struct_size = sizeof (HlPluginDescriptor),
  .kind = HL_PLUGIN_KIND_OPTIMIZER,
  .id = "lion",
  .label = N_("Lion"),
  .description = N_("Sign of an interpolated momentum (Chen et al. 2023); use a learning rate 3-10× smaller than Adam's"),
  .version = "1.0",
  .license = "MIT",
  .gettext_domain = LION_GETTEXT_DOMAIN,
  .params = lion_params,
  .n_params = G_N_ELEMENTS (lion_params),
  .optimizer = &lion_funcs,
};

HL_PLUGIN_DEFINE (lion_descriptor)
