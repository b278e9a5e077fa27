/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hl-plugin.h - the Hyperlab plugin ABI: optimizers and learning-rate schedules
 * as shared modules.  Installed as <hyperlab/hl-plugin.h>; depends on GLib and
 * GModule only.
 *
 * A module exports one symbol, HL_PLUGIN_ENTRY_SYMBOL, of type
 * HlPluginEntryFunc, that returns a pointer to a static, constant descriptor.
 * Runs execute in parallel threads: a plugin keeps no mutable globals; all
 * mutable state lives in the instance it creates, inside one contiguous byte
 * block that the host can copy out (checkpoint) and back in (resume).
 *
 * Build a module with `pkg-config --cflags --libs hyperlab-1`; see
 * plugins/example/ in the Hyperlab sources.  Before using a module the host
 * probes it in a child process and checks: ABI major equal and minor not
 * newer than its own, struct_size at least the size this ABI minor defines,
 * every field below (ids [a-z0-9-]+, labels non-empty, parameter names
 * [a-z0-9_]+ and unique, finite min <= default <= max, min > 0 for log-scale,
 * [0, 1] for booleans, the required functions present), a unique id per
 * kind (the first module found wins), and a smoke test with the default
 * hyperparameters.  Reserved fields should be zero; the host ignores them.
 *
 * Translations: the host shows the label and description of the plugin and
 * of each parameter as dgettext (gettext_domain, text) when gettext_domain
 * is set.  The catalogue may ship beside the module: when the module's
 * folder holds a locale/ folder (locale/de/LC_MESSAGES/<domain>.mo), the
 * host binds gettext_domain to it as it loads the module, before any of
 * its texts is shown.  It binds a domain once per process (the first module
 * found with it wins, as with ids), never Hyperlab's own ("hyperlab"), and
 * never one that something else bound to another folder; otherwise gettext
 * looks where it does by default (/usr/share/locale).  Name a domain of
 * your own, such as "hyperlab-<id>".  A plugin that binds its domain itself
 * keeps its binding.
 *
 * Compatibility: a minor version only appends fields in place of reserved
 * ones; a major version may change anything.  The host reads a field added
 * in minor k only from a module that declares abi_minor >= k, so a module
 * built for an older minor loads unchanged.  A module may declare an older
 * minor than its header's when it uses nothing newer, to load on older hosts.
 *   1.0  the first ABI.
 *   1.1  HlOptimizerFuncs.begin_step and step_range (optional): an
 *        elementwise optimizer's update split into ranges the host runs on
 *        several threads.
 */
#pragma once

#include <glib.h>
#include <gmodule.h>

G_BEGIN_DECLS

#define HL_PLUGIN_ABI_MAJOR 1
#define HL_PLUGIN_ABI_MINOR 1
#define HL_PLUGIN_ENTRY_SYMBOL "hl_plugin_get_descriptor"
#define HL_PLUGIN_MAX_PARAMS 16

typedef enum {
  HL_PLUGIN_KIND_OPTIMIZER = 1,
  HL_PLUGIN_KIND_SCHEDULE  = 2,
} HlPluginKind;

typedef enum {
  HL_PARAM_FLAG_NONE      = 0,
  HL_PARAM_FLAG_LOG_SCALE = 1 << 0,  /* GUI steps multiplicatively; min > 0 */
  HL_PARAM_FLAG_INTEGER   = 1 << 1,  /* whole numbers only */
  HL_PARAM_FLAG_BOOLEAN   = 1 << 2,  /* 0 or 1, shown as a check row */
} HlParamFlags;

/* One hyperparameter.  Values cross the ABI as doubles, in descriptor order. */
typedef struct {
  const char *name;          /* [a-z0-9_]+, the key in config "params" */
  const char *label;         /* short, translatable (the host translates with the plugin's domain) */
  const char *description;   /* one sentence, may be NULL */
  double      default_value;
  double      min;
  double      max;
  guint32     flags;         /* HlParamFlags */
  guint32     reserved0;
  gpointer    reserved[2];
} HlParamSpec;

/* Optimizer.  `hp` holds n_hparams values in descriptor order. */
typedef struct {
  /* Allocate an instance for n_params parameters; return NULL and set error on failure. */
  gpointer (*create)     (gsize n_params, const double *hp, GError **error);
  /* One update, in place, no allocation; n_params is the count given to
   * create.  lr is the scheduled learning rate. */
  void     (*step)       (gpointer instance, float *params, const float *grads, gsize n_params, double lr);
  void     (*free)       (gpointer instance);
  /* The instance's whole mutable state (moments, step counter...) as one byte block. */
  gpointer (*state_data) (gpointer instance, gsize *n_bytes);
  /* ABI minor >= 1, optional (set both or neither): the same update split in
   * parts.  begin_step advances the per-step state (step counter, bias
   * corrections...) once per step; step_range then updates parameters
   * [start, end) only.  The host may run step_range for disjoint ranges on
   * several threads at once, while other threads write the other ranges.
   * So step_range reads only the instance's per-step values and the params,
   * grads and state of [start, end), and writes only those of [start, end)
   * (the host checks that values outside the range do not matter to it;
   * an elementwise update needs nothing else).  Calling begin_step and
   * then step_range over ranges covering [0, n) must give bit for bit what
   * step gives (the host checks this).  start and end are multiples of 16
   * except end == n.  The host passes the same lr to begin_step and to every
   * step_range of one step.  A minor-0 plugin has reserved words here, which
   * the host ignores: it calls step. */
  void     (*begin_step) (gpointer instance, double lr);
  void     (*step_range) (gpointer instance, float *params, const float *grads,
                          gsize start, gsize end, double lr);
  gpointer reserved[2];
} HlOptimizerFuncs;

/* What a schedule sees at every step. */
typedef struct {
  guint64 step;             /* 0-based optimizer step about to be taken */
  guint64 epoch;            /* 0-based epoch of that step */
  guint64 steps_per_epoch;
  guint64 total_steps;      /* planned steps of the whole run */
  double  base_lr;          /* optimizer.learning_rate */
  gpointer reserved[4];
} HlScheduleContext;

typedef struct {
  gpointer (*create)     (const double *hp, GError **error);
  /* Learning rate for ctx->step; finite and >= 0. */
  double   (*rate)       (gpointer instance, const HlScheduleContext *ctx);
  /* Optional (may be NULL): told each validation loss, for plateau-driven schedules. */
  void     (*observe)    (gpointer instance, guint64 step, double val_loss);
  void     (*free)       (gpointer instance);
  gpointer (*state_data) (gpointer instance, gsize *n_bytes);
  gpointer reserved[4];
} HlScheduleFuncs;

typedef struct {
  guint32 abi_major;               /* HL_PLUGIN_ABI_MAJOR */
  guint32 abi_minor;               /* HL_PLUGIN_ABI_MINOR */
  guint32 struct_size;             /* sizeof (HlPluginDescriptor) */
  guint32 kind;                    /* HlPluginKind */
  const char *id;                  /* [a-z0-9-]+, unique: "adam", "warmup-cosine" */
  const char *label;               /* "Adam" */
  const char *description;
  const char *version;             /* plugin version, "1.0" */
  const char *license;             /* SPDX identifier */
  const char *gettext_domain;      /* may be NULL; see "Translations" above */
  const HlParamSpec *params;
  guint32 n_params;                /* <= HL_PLUGIN_MAX_PARAMS */
  guint32 reserved0;
  const HlOptimizerFuncs *optimizer;  /* set iff kind == OPTIMIZER */
  const HlScheduleFuncs  *schedule;   /* set iff kind == SCHEDULE */
  gpointer reserved[8];
} HlPluginDescriptor;

typedef const HlPluginDescriptor *(*HlPluginEntryFunc) (void);

/* Convenience for module authors:
 *   HL_PLUGIN_DEFINE (my_descriptor)
 * exports the entry symbol returning &my_descriptor. */
#define HL_PLUGIN_DEFINE(descriptor)                                        \
  G_MODULE_EXPORT const HlPluginDescriptor *hl_plugin_get_descriptor (void); \
  G_MODULE_EXPORT const HlPluginDescriptor *hl_plugin_get_descriptor (void) \
  { return &(descriptor); }

G_END_DECLS
