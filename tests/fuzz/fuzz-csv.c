/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c - the CSV dataset loader through hl_dataset_load(), as a
 * classification and as a regression set: it loads a consistent dataset or
 * fails with a HL_DATASET_ERROR naming the file. */
#include <math.h>
#include <stdlib.h>
#include "fuzz-common.h"

#define FILENAME "fuzz.csv"

static HlConfig *configs[2];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      HlConfig *c = hl_config_new ();

      g_free (c->dataset.kind);
      c->dataset.kind = g_strdup ("csv");
      c->dataset.path = g_build_filename (fuzz_dir (), FILENAME, NULL);
      g_free (c->dataset.target);
      c->dataset.target = g_strdup ("target");
      c->dataset.task = i == 0 ? HL_TASK_CLASSIFICATION : HL_TASK_REGRESSION;
      configs[i] = c;
    }
  return 0;
}

static void
check_split (const HlDataset *ds, const HlSplit *s)
{
  for (guint i = 0; i < s->n; i++)
    {
      for (guint f = 0; f < ds->n_features; f++)
        if (!isfinite (s->x[(gsize) i * ds->n_features + f]))
          abort ();   /* standardised features stay finite */
      if (ds->task == HL_TASK_CLASSIFICATION && s->labels[i] >= ds->n_classes)
        abort ();
      if (ds->task == HL_TASK_REGRESSION && !isfinite (s->targets[i]))
        abort ();
    }
}

static void
check_dataset (const HlDataset *ds)
{
  if (ds->n_features == 0 || ds->train.n == 0 || ds->description == NULL
      || (ds->task == HL_TASK_CLASSIFICATION && ds->n_classes == 0))
    abort ();
  check_split (ds, &ds->train);
  check_split (ds, &ds->val);
  check_split (ds, &ds->test);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_write (FILENAME, data, size);
  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlDataset) ds = hl_dataset_load (configs[i], NULL, &error);

      if (ds == NULL)
        {
          /* The file, or the config field (the split fractions) at fault. */
          fuzz_check_error (error, HL_DATASET_ERROR, FILENAME, "dataset.");
        }
      else
        check_dataset (ds);
    }
  return 0;
}
