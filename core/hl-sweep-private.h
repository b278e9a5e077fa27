/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-private.h - what the sweep file's parts share: the parse context
 * and its messages (hl-sweep.c), a space entry and the trials the space
 * expands to (hl-sweep-space.c). */
#pragma once

#include "hl-sweep.h"
#include "hl-error.h"

G_BEGIN_DECLS

/* Test hook: called as a shared pruner writes its state file, just before
 * the new state goes in (a test's hook _exit()s there to simulate a kill). */
typedef void (*HlSweepPrunerWriteHook) (const char *path);
void hl_sweep_pruner_set_write_hook (HlSweepPrunerWriteHook hook);

typedef enum { SPACE_VALUES, SPACE_UNIFORM, SPACE_LOG_UNIFORM, SPACE_INT_UNIFORM } HlSweepSpaceKind;

typedef struct {
  char             *path;     /* config path */
  HlSweepSpaceKind  kind;
  GPtrArray        *values;   /* JsonNode: SPACE_VALUES, and a range's grid points */
  double            lo, hi;
} HlSweepDim;

typedef struct {
  const char        *file;   /* for messages, or NULL */
  GError           **error;
  const char *const *sets;   /* --set overrides of the base, or NULL */
  gboolean           record;   /* a record's spec: its base resolves in base_dir (may be NULL) */
  const char        *base_dir;
  gboolean           checks_only;   /* build only the trials that stand for all (hl_sweep_expand_checks) */
  GCancellable      *cancellable;   /* looked at before each trial's config is built, or NULL */
  HlSweepProblem    *problem;       /* a failure in parts, or NULL */
  gboolean           keep_repeats;  /* a grid tries a value listed twice twice (records of before) */
} HlSweepCtx;

/* Each sets the error ("FILE: field: …") and returns FALSE. */
gboolean hl_sweep_fail (HlSweepCtx *cx, HlSweepError code, const char *format, ...) G_GNUC_PRINTF (3, 4);
gboolean hl_sweep_type_fail (HlSweepCtx *cx, const char *field, JsonNode *got, const char *want);
/* Unknown members of o are errors that suggest the closest known name. */
gboolean hl_sweep_check_fields (HlSweepCtx *cx, JsonObject *o, const char *where, const char *const *known);
/* A whole number in [min, max] at o.name (absent: *v unchanged). */
gboolean hl_sweep_read_uint (HlSweepCtx *cx, JsonObject *o, const char *where, const char *name,
                             guint64 min, guint64 max, guint64 *v);

/* hl-sweep-space.c: one entry of "space" (grid: ranges take their points
 * now), and the trials of all of them (grid or random). */
void         hl_sweep_dim_free (gpointer dim);
HlSweepDim  *hl_sweep_parse_dim (HlSweepCtx *cx, const char *path, JsonNode *n, gboolean grid);
gboolean     hl_sweep_expand (HlSweepCtx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given);
/* As hl_sweep_expand, but self->budget is the number of trials, counted,
 * and self->trials holds only the trials whose configs stand for all. */
gboolean     hl_sweep_expand_checks (HlSweepCtx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given);
/* How many trial configs were built and checked so far (for the tests). */
guint        hl_sweep_n_configs_built (void);
/* What a trial's run name says it set: "lr=0.01, batch=32, layers[0].units=16"
 * (the whole paths when two would read alike); free. */
char        *hl_sweep_trial_short_label (const HlSweepTrial *t);

/* hl-sweep.c: a sweep from a record's spec (its base inlined, resolving
 * relative data paths in base_dir); file names the record in messages.
 * keep_repeats: a grid's values listed twice give two trials each, as
 * before 28 Nov 2026 (a record of then has their trials). */
HlSweep     *hl_sweep_from_spec (JsonNode *spec, const char *file, const char *base_dir,
                                 const char *const *sets, gboolean keep_repeats,
                                 HlPluginRegistry *registry, GError **error);

/* hl-sweep-run.c: a trial's outcome from its run (state DONE), and the
 * score a run gives (NAN: none). */
double       hl_sweep_run_score (const HlSweep *sweep, const HlRun *run);
void         hl_sweep_trial_note_run (HlSweepTrial *t, const HlSweep *sweep, const HlRun *run);

G_END_DECLS
