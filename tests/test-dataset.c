/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.c - toy sets, splits, CSV and IDX loading, bad-input tables. */
#include <math.h>
#include <string.h>

#include "test-dataset.h"

static HlConfig *
toy_config (const char *kind, guint samples, guint64 seed)
{
  HlConfig *cfg = hl_config_new ();

  g_free (cfg->dataset.kind);
  cfg->dataset.kind = g_strdup (kind);
  cfg->dataset.samples = samples;
  cfg->seed = seed;
  return cfg;
}

static HlDataset *
load_ok (const HlConfig *cfg)
{
  g_autoptr(GError) error = NULL;
  HlDataset *ds = hl_dataset_load (cfg, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* ---- toy sets ---- */

typedef struct {
  const char *kind;
  guint       classes;     /* dataset.classes requested */
  guint       expect;      /* classes produced; 0 = regression */
} ToyCase;

static const ToyCase toy_cases[] = {
  { "spiral", 3, 3 }, { "spiral", 5, 5 }, { "circles", 7, 2 }, { "xor", 3, 2 },
  { "gaussians", 4, 4 }, { "moons", 3, 2 }, { "sine", 3, 0 },
};

static void
check_split_finite (const HlSplit *s, guint F, guint n_classes)
{
  for (guint i = 0; i < s->n * F; i++)
    g_assert_true (isfinite (s->x[i]));
  for (guint i = 0; i < s->n; i++)
    {
      if (n_classes)
        g_assert_cmpuint (s->labels[i], <, n_classes);
      else
        g_assert_true (isfinite (s->targets[i]));
    }
}

static void
test_toy_shapes (gconstpointer data)
{
  const ToyCase *c = data;
  g_autoptr(HlConfig) cfg = toy_config (c->kind, 301, 7);
  g_autoptr(HlDataset) ds = NULL;
  guint count[16] = { 0 };

  cfg->dataset.classes = c->classes;
  ds = load_ok (cfg);
  g_assert_cmpuint (ds->train.n + ds->val.n + ds->test.n, ==, 301);
  g_assert_cmpuint (ds->val.n, ==, 30);
  g_assert_cmpuint (ds->test.n, ==, 30);
  g_assert_cmpuint (ds->n_classes, ==, c->expect);
  if (c->expect == 0)
    {
      g_assert_cmpint (ds->task, ==, HL_TASK_REGRESSION);
      g_assert_cmpuint (ds->n_features, ==, 1);
      g_assert_cmpuint (ds->n_outputs, ==, 1);
      g_assert_null (ds->train.labels);
      g_assert_null (ds->class_names);
      for (guint i = 0; i < ds->train.n; i++)
        {
          g_assert_cmpfloat (fabsf (ds->train.x[i]), <=, G_PI + 1e-6);
          /* noise 0.1: sin(x) + ε stays within 6 σ */
          g_assert_cmpfloat (fabs (ds->train.targets[i] - sin (ds->train.x[i])), <, 0.6);
        }
    }
  else
    {
      g_assert_cmpint (ds->task, ==, HL_TASK_CLASSIFICATION);
      g_assert_cmpuint (ds->n_features, ==, 2);
      g_assert_cmpuint (ds->n_outputs, ==, c->expect);
      g_assert_null (ds->train.targets);
      for (guint i = 0; i < ds->train.n; i++)
        count[ds->train.labels[i]]++;
      for (guint k = 0; k < c->expect; k++)   /* every class shows up in training */
        g_assert_cmpuint (count[k], >, 301 / c->expect / 2);
      /* "0", "1", …: the classes as the GUI's preview numbers them */
      g_assert_cmpuint (g_strv_length (ds->class_names), ==, c->expect);
      for (guint k = 0; k < c->expect; k++)
        {
          g_autofree char *name = g_strdup_printf ("%u", k);
          g_assert_cmpstr (ds->class_names[k], ==, name);
        }
    }
  check_split_finite (&ds->train, ds->n_features, ds->n_classes);
  check_split_finite (&ds->val, ds->n_features, ds->n_classes);
  check_split_finite (&ds->test, ds->n_features, ds->n_classes);
}

static gboolean
splits_equal (const HlSplit *a, const HlSplit *b, guint F)
{
  return a->n == b->n && memcmp (a->x, b->x, sizeof (float) * a->n * F) == 0
         && (a->labels == NULL
             || memcmp (a->labels, b->labels, sizeof (guint32) * a->n) == 0);
}

static void
test_toy_deterministic (gconstpointer data)
{
  const ToyCase *c = data;
  g_autoptr(HlConfig) cfg = toy_config (c->kind, 200, 1234);
  g_autoptr(HlDataset) a = load_ok (cfg);
  g_autoptr(HlDataset) b = load_ok (cfg);
  g_autoptr(HlDataset) other = NULL;

  g_assert_true (splits_equal (&a->train, &b->train, a->n_features));
  g_assert_true (splits_equal (&a->val, &b->val, a->n_features));
  g_assert_true (splits_equal (&a->test, &b->test, a->n_features));
  cfg->seed = 1235;
  other = load_ok (cfg);
  g_assert_false (splits_equal (&a->train, &other->train, a->n_features));
}

/* Points of a class sit where the set says: circles by radius, xor by quadrant. */
static void
test_toy_geometry (void)
{
  g_autoptr(HlConfig) cfg = toy_config ("circles", 400, 3);
  g_autoptr(HlDataset) circles = NULL;
  g_autoptr(HlDataset) xor = NULL;

  cfg->dataset.noise = 0;
  circles = load_ok (cfg);
  for (guint i = 0; i < circles->train.n; i++)
    {
      double r = hypot (circles->train.x[2 * i], circles->train.x[2 * i + 1]);
      g_assert_cmpfloat_with_epsilon (r, circles->train.labels[i] == 0 ? 1.0 : 0.5, 1e-5);
    }
  g_free (cfg->dataset.kind);
  cfg->dataset.kind = g_strdup ("xor");
  xor = load_ok (cfg);
  for (guint i = 0; i < xor->train.n; i++)
    {
      gboolean same = (xor->train.x[2 * i] > 0) == (xor->train.x[2 * i + 1] > 0);
      g_assert_cmpuint (xor->train.labels[i], ==, same ? 0 : 1);
    }
}

/* ---- splits ---- */

static void
test_split_sizes (void)
{
  g_autoptr(HlConfig) cfg = toy_config ("spiral", 600, 42);
  g_autoptr(HlDataset) ds = load_ok (cfg);
  g_autoptr(HlDataset) noval = NULL;
  g_autoptr(HlDataset) limited = NULL;

  g_assert_cmpstr (ds->description, ==,
                   "spiral: 3 classes, 2 features, 600 samples (480 train / 60 val / 60 test)");
  cfg->dataset.validation_split = 0;
  cfg->dataset.test_split = 0.25;
  noval = load_ok (cfg);
  g_assert_cmpuint (noval->train.n, ==, 450);
  g_assert_cmpuint (noval->val.n, ==, 0);
  g_assert_cmpuint (noval->test.n, ==, 150);
  cfg->dataset.validation_split = 0.1;
  cfg->dataset.limit = 100;
  limited = load_ok (cfg);
  g_assert_cmpuint (limited->train.n, ==, 100);
  g_assert_cmpuint (limited->val.n, ==, 60);
  g_assert_cmpuint (limited->test.n, ==, 150);
  /* the data's size, and the part trained on (it said "310 samples") */
  g_assert_cmpstr (limited->description, ==,
                   "spiral: 3 classes, 2 features, 600 samples (100 of 390 train by dataset.limit / 60 val / 150 test)");
}

/* The training-set count the config check sizes a config by, also for one
 * it refuses: a bad fraction counts as 0 or as all, never as a negative
 * count made unsigned (found by tests/fuzz: UBSan saw -300 become a guint,
 * and a plain build counted no training samples for validation_split -1). */
static void
test_train_count_bad_fractions (void)
{
  HlDatasetConfig dc = { 0 };

  dc.validation_split = 0.1;
  dc.test_split = 0.1;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 800);
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, TRUE), ==, 900);
  dc.validation_split = 0.0001;   /* a non-zero fraction keeps one sample */
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 899);
  dc.validation_split = -1;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 900);
  dc.validation_split = NAN;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 900);
  dc.validation_split = -1e300;
  dc.test_split = -0.5;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 1000);
  dc.validation_split = 1.5;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, FALSE), ==, 0);
  dc.validation_split = 1e300;
  g_assert_cmpuint (hl_dataset_train_count (&dc, 1000, TRUE), ==, 0);
}

/* The three splits partition the generated samples: nothing lost or repeated. */
static void
test_split_partition (void)
{
  g_autoptr(HlConfig) cfg = toy_config ("sine", 500, 9);
  g_autoptr(HlDataset) ds = load_ok (cfg);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  const HlSplit *splits[] = { &ds->train, &ds->val, &ds->test };
  double first_half = 0;

  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < splits[s]->n; i++)
      {
        union { float f; guint32 u; } v = { .f = splits[s]->x[i] };
        g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (v.u)));
        g_hash_table_add (seen, GUINT_TO_POINTER (v.u));
      }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 500);
  /* Shuffled: the test split is not a contiguous run of generation order. */
  for (guint i = 0; i < ds->test.n; i++)
    first_half += ds->test.x[i] < 0;
  g_assert_cmpfloat (first_half, >, ds->test.n * 0.2);
  g_assert_cmpfloat (first_half, <, ds->test.n * 0.8);
}

typedef struct {
  const char *kind;
  guint       samples;
  double      noise, val, test;
  gint        code;
} BadParamCase;

static const BadParamCase bad_params[] = {
  { "spiral", 2, 0.1, 0.1, 0.1, HL_DATASET_ERROR_INVALID },   /* fewer than classes */
  { "moons", 2, 0.1, 0.5, 0.5, HL_DATASET_ERROR_EMPTY },      /* no training sample */
  { "xor", 10, 0.1, 0.45, 0.45, HL_DATASET_ERROR_EMPTY },
  { "circles", 100, -1, 0.1, 0.1, HL_DATASET_ERROR_INVALID },
  { "circles", 100, NAN, 0.1, 0.1, HL_DATASET_ERROR_INVALID },
  { "moons", 100, 0.1, 0.95, 0.0, HL_DATASET_ERROR_INVALID },
  { "sine", 100000000, 0.1, 0.1, 0.1, HL_DATASET_ERROR_LIMIT },
  { "pyramid", 100, 0.1, 0.1, 0.1, HL_DATASET_ERROR_INVALID },
  { "spirals", 100, 0.1, 0.1, 0.1, HL_DATASET_ERROR_INVALID },
};

static void
test_bad_params (gconstpointer data)
{
  const BadParamCase *c = data;
  g_autoptr(HlConfig) cfg = toy_config (c->kind, c->samples, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlDataset) ds = NULL;

  cfg->dataset.noise = c->noise;
  cfg->dataset.validation_split = c->val;
  cfg->dataset.test_split = c->test;
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, HL_DATASET_ERROR, c->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "dataset"));
}

static void
test_cancelled (void)
{
  g_autoptr(HlConfig) cfg = toy_config ("spiral", 100, 1);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancel);
  g_assert_null (hl_dataset_load (cfg, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 20);
  g_cancellable_cancel (data);
  return NULL;
}

/* Generating ten million points takes seconds: Ctrl+C (or Stop) waited for
 * all of them before it was heard (found by a QA pass).  Timed against a
 * tenth of the set generated whole just before, so that a busy machine,
 * which slows both, does not fail it (a fixed 0.6 s failed at 0.61 with
 * two test suites running). */
static void
test_cancelled_while_generating (void)
{
  const char *kinds[] = { "spiral", "sine" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(HlConfig) cfg = toy_config (kinds[k], 10000000, 1);
      g_autoptr(HlConfig) tenth = toy_config (kinds[k], 1000000, 1);
      g_autoptr(GCancellable) cancel = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(HlDataset) whole = NULL;
      GThread *thread;
      gint64 t0 = g_get_monotonic_time ();
      double seconds, unit;

      whole = hl_dataset_load (tenth, NULL, &error);
      g_assert_no_error (error);
      unit = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
      thread = g_thread_new ("cancel", cancel_soon, cancel);
      t0 = g_get_monotonic_time ();
      g_assert_null (hl_dataset_load (cfg, cancel, &error));
      seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
      g_thread_join (thread);
      g_test_message ("%s: cancelled after %.3f s; a tenth of the set whole took %.3f s", kinds[k],
                      seconds, unit);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      /* the whole set takes ten units (1-3 s here); a cancelled one stops
       * after the 0.05 s the canceller waits and a few steps more */
      g_assert_cmpfloat (seconds, <, 0.05 + 4 * unit);
    }
}

static void
test_gather (void)
{
  const float x[] = { 0, 1, 2, 10, 11, 12, 20, 21, 22 };
  const guint8 u8[] = { 0, 255, 51, 102, 1, 2 };
  const guint32 labels[] = { 5, 6, 7 };
  const float targets[] = { 0.5f, -1, 2.5f, -3, 4.5f, -5 };
  const guint32 idx[] = { 2, 0, 2 };
  HlSplit fs = { .n = 3, .x = x, .labels = labels };
  HlSplit us = { .n = 3, .x_u8 = u8, .targets = targets };
  float xo[9], to[6];
  guint32 yo[3];

  hl_split_gather (&fs, 3, 8, idx, 3, xo, yo, NULL);
  g_assert_cmpfloat (xo[0], ==, 20);
  g_assert_cmpfloat (xo[5], ==, 2);
  g_assert_cmpfloat (xo[8], ==, 22);
  g_assert_cmpuint (yo[0], ==, 7);
  g_assert_cmpuint (yo[1], ==, 5);
  hl_split_gather (&us, 2, 2, idx, 2, xo, NULL, to);
  g_assert_cmpfloat (xo[0], ==, 1 / 255.0f);
  g_assert_cmpfloat (xo[1], ==, 2 / 255.0f);
  g_assert_cmpfloat (xo[3], ==, 1.0f);
  g_assert_cmpfloat (to[0], ==, 4.5f);
  g_assert_cmpfloat (to[3], ==, -1);

  /* by blocks of features (threads owning inputs): the same values, and
   * nothing outside the block is written */
  {
    float xb[9];
    for (guint i = 0; i < 9; i++)
      xb[i] = -7;
    hl_split_gather_features (&fs, 3, idx, 3, xb, 1, 3);
    for (guint b = 0; b < 3; b++)
      {
        g_assert_cmpfloat (xb[b * 3], ==, -7);
        g_assert_cmpfloat (xb[b * 3 + 1], ==, x[idx[b] * 3 + 1]);
        g_assert_cmpfloat (xb[b * 3 + 2], ==, x[idx[b] * 3 + 2]);
      }
    hl_split_gather_features (&us, 2, idx, 2, xb, 0, 1);
    hl_split_gather_features (&us, 2, idx, 2, xb, 1, 2);
    hl_split_gather (&us, 2, 2, idx, 2, xo, NULL, NULL);
    g_assert_cmpmem (xb, 4 * sizeof (float), xo, 4 * sizeof (float));
  }
}

int
main (int argc, char *argv[])
{
  /* XDG folders of this process's own: the named-dataset lookup searches
   * $XDG_DATA_HOME and $XDG_DATA_DIRS, which GLib reads once (set before
   * anything asks; G_TEST_OPTION_ISOLATE_DIRS would do it per test, but
   * GLib 2.74 leaks the strings it replaces, which fails the ASan run) */
  g_autofree char *xdg = scratch_dir ();
  g_autofree char *data_home = g_build_filename (xdg, "data", NULL);
  g_autofree char *data_dirs = g_build_filename (xdg, "system", NULL);
  int rc;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (toy_cases); i++)
    {
      g_autofree char *p1 = g_strdup_printf ("/core/dataset/toy/shapes/%s-%u",
                                             toy_cases[i].kind, toy_cases[i].classes);
      g_autofree char *p2 = g_strdup_printf ("/core/dataset/toy/deterministic/%s-%u",
                                             toy_cases[i].kind, toy_cases[i].classes);
      g_test_add_data_func (p1, &toy_cases[i], test_toy_shapes);
      g_test_add_data_func (p2, &toy_cases[i], test_toy_deterministic);
    }
  g_test_add_func ("/core/dataset/toy/geometry", test_toy_geometry);
  g_test_add_func ("/core/dataset/split/sizes", test_split_sizes);
  g_test_add_func ("/core/dataset/split/partition", test_split_partition);
  g_test_add_func ("/core/dataset/split/train-count-bad-fractions", test_train_count_bad_fractions);
  for (guint i = 0; i < G_N_ELEMENTS (bad_params); i++)
    {
      g_autofree char *p = g_strdup_printf ("/core/dataset/bad-params/%u", i);
      g_test_add_data_func (p, &bad_params[i], test_bad_params);
    }
  g_test_add_func ("/core/dataset/cancelled", test_cancelled);
  g_test_add_func ("/core/dataset/cancelled-while-generating", test_cancelled_while_generating);
  g_test_add_func ("/core/dataset/gather", test_gather);
  add_file_tests ();
  add_idx_tests ();
  rc = g_test_run ();
  scratch_remove (xdg);
  return rc;
}
