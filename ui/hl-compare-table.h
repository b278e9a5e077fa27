/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-table.h - the comparison table's content, without GTK: the
 * runs' configs flattened to paths ("optimizer.learning_rate"), the fields
 * that differ, result columns with their best run, and CSV export. */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

typedef struct _HlCompareTable HlCompareTable;

/* A result column: key, translatable title, and which way is better. */
typedef struct {
  const char *key;        /* "best_val_loss" */
  const char *title;      /* English, marked with N_() ("Best val. loss"); translated where shown */
  int         better;     /* -1 lower is better, +1 higher, 0 no best */
} HlCompareResult;

/* runs: HlRun, borrowed for the table's life.  With a registry (borrowed,
 * may be NULL), optimizer and schedule parameters a config leaves out are
 * shown at the plugin's default: the value the run trained with. */
HlCompareTable *hl_compare_table_new (GPtrArray *runs, HlPluginRegistry *registry);
void            hl_compare_table_free (HlCompareTable *self);

/* Config paths in config order: all of them, or only those whose value is
 * not the same in every run.  Borrowed strings, new container. */
GPtrArray      *hl_compare_table_get_paths (HlCompareTable *self, gboolean only_differences);
/* The value of a path for run i, as shown ("—" when absent). */
const char     *hl_compare_table_get_value (HlCompareTable *self, guint run, const char *path);

guint                  hl_compare_results_n (void);
const HlCompareResult *hl_compare_results_get (guint index);
double                 hl_compare_result_value (const HlRun *run, guint result);
char                  *hl_compare_result_format (const HlRun *run, guint result);
/* Index of the run with the best value of a result, or -1 (no finite value,
 * or a column without a best). */
int                    hl_compare_table_best_run (HlCompareTable *self, guint result);

/* A run's status in words, as the Runs page shows it ("Pruned" for a
 * sweep's pruned trial): a diverged or cancelled run read as dashes. */
const char            *hl_compare_run_status_label (const HlRun *run);

/* The table as CSV: id, name, status (its id, as `hyperlab-cli runs
 * --json` spells it), the given paths, every result. */
char           *hl_compare_table_to_csv (HlCompareTable *self, GPtrArray *paths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCompareTable, hl_compare_table_free)

G_END_DECLS
