/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset-io.c - CSV and IDX files: good files, bad-input tables, named sets. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-dataset.h"

char *
scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hl-dataset-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes a scratch folder (and one level of subfolders). */
void
scratch_remove (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        scratch_remove (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

void
write_file (const char *dir, const char *name, const void *data, gsize len)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (p, data, len, &error);
  g_assert_no_error (error);
}

HlConfig *
file_config (const char *kind)
{
  HlConfig *cfg = hl_config_new ();

  g_free (cfg->dataset.kind);
  cfg->dataset.kind = g_strdup (kind);
  return cfg;
}

/* ---- CSV ---- */

static HlConfig *
csv_config (const char *path, const char *target, HlTask task)
{
  HlConfig *cfg = file_config ("csv");

  cfg->dataset.path = g_strdup (path);
  g_free (cfg->dataset.target);
  cfg->dataset.target = g_strdup (target);
  cfg->dataset.task = task;
  return cfg;
}

/* Class k of the fixture has its first feature in [k, k+1) before scaling, so
 * after standardisation the classes must still be ordered along it. */
static void
check_classes_ordered (const HlDataset *ds)
{
  const HlSplit *splits[] = { &ds->train, &ds->val, &ds->test };
  float lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };

  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < splits[s]->n; i++)
      {
        guint k = splits[s]->labels[i];
        float v = splits[s]->x[i * ds->n_features];
        g_assert_cmpuint (k, <, 3);
        lo[k] = MIN (lo[k], v);
        hi[k] = MAX (hi[k], v);
      }
  g_assert_cmpfloat (hi[0], <, lo[1]);
  g_assert_cmpfloat (hi[1], <, lo[2]);
}

/* String labels (one quoted with a comma), CRLF, blank lines: classes sorted. */
static void
test_csv_classes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets",
                                                 "classes-crlf.csv", NULL);
  g_autoptr(HlConfig) cfg = csv_config (path, "species", HL_TASK_CLASSIFICATION);
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(GError) error = NULL;

  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_features, ==, 2);
  g_assert_cmpuint (ds->n_classes, ==, 3);
  g_assert_cmpuint (ds->n_outputs, ==, 3);
  g_assert_cmpuint (ds->train.n, ==, 24);
  g_assert_cmpuint (ds->val.n, ==, 3);
  g_assert_cmpuint (ds->test.n, ==, 3);
  check_classes_ordered (ds);
  /* the labels as written, in class order (a confusion matrix names them) */
  g_assert_cmpstrv (ds->class_names, ((const char *const[]) { "alpha", "mid, quoted", "zeta", NULL }));
}

/* Lines ended by CR alone (classic Mac OS) read as the CRLF file does:
 * the file was one header row, refused for a duplicate column name "0.768"
 * (found by a QA pass).  A bad value names its line as in the CRLF file. */
static void
test_csv_classes_cr (void)
{
  g_autofree char *crlf = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets", "classes-crlf.csv", NULL);
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "classes-cr.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *cr = NULL;
  g_autoptr(HlConfig) cfg = csv_config (path, "species", HL_TASK_CLASSIFICATION);
  g_autoptr(HlConfig) cfg_crlf = csv_config (crlf, "species", HL_TASK_CLASSIFICATION);
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(HlDataset) ds_crlf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (crlf, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  cr = g_strjoinv ("\r", lines);
  g_assert_null (strchr (cr, '\n'));
  write_file (dir, "classes-cr.csv", cr, strlen (cr));
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  ds_crlf = hl_dataset_load (cfg_crlf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_features, ==, 2);
  g_assert_cmpuint (ds->n_classes, ==, 3);
  g_assert_cmpuint (ds->train.n, ==, 24);
  g_assert_cmpuint (ds->val.n, ==, 3);
  g_assert_cmpuint (ds->test.n, ==, 3);
  g_assert_cmpstrv (ds->class_names, ((const char *const[]) { "alpha", "mid, quoted", "zeta", NULL }));
  g_assert_cmpmem (ds->train.x, ds->train.n * 2 * sizeof (float), ds_crlf->train.x, ds_crlf->train.n * 2 * sizeof (float));
  g_assert_cmpmem (ds->train.labels, ds->train.n * sizeof (guint32), ds_crlf->train.labels,
                   ds_crlf->train.n * sizeof (guint32));
  g_clear_pointer (&ds, hl_dataset_free);
  {
    const char *bad = "a,b,species\r1,2,x\r\r3,four,y\r";

    write_file (dir, "classes-cr.csv", bad, strlen (bad));
    g_assert_null (hl_dataset_load (cfg, NULL, &error));
    g_assert_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_CSV_VALUE);
    g_assert_nonnull (strstr (error->message, "classes-cr.csv:4: column \"b\": non-numeric value \"four\""));
  }
  scratch_remove (dir);
}

/* Numeric labels sort as numbers: 2 < 9 < 10; no trailing newline. */
static void
test_csv_numeric_labels (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets",
                                                 "numeric-labels.csv", NULL);
  g_autoptr(HlConfig) cfg = csv_config (path, "target", HL_TASK_CLASSIFICATION);
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(GError) error = NULL;

  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_classes, ==, 3);
  g_assert_cmpuint (ds->train.n + ds->val.n + ds->test.n, ==, 12);
  check_classes_ordered (ds);
  g_assert_cmpstrv (ds->class_names, ((const char *const[]) { "2", "9", "10", NULL }));
}

/* Labels with a decimal comma, in a file separated by semicolons, are
 * numbers by their whole value: "0,5" and "0,7" were one class (both read
 * as 0 when sorted and merged), "1,5" the other. */
static void
test_csv_decimal_comma_labels (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "dc.csv", NULL);
  g_autoptr(GString) text = g_string_new ("x;label\n");
  g_autoptr(HlConfig) cfg = NULL;
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const labels[] = { "1,5", "0,7", "0,5" };

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (text, "%u;%s\n", i, labels[i % 3]);
  write_file (dir, "dc.csv", text->str, text->len);
  cfg = csv_config (path, "label", HL_TASK_CLASSIFICATION);
  cfg->dataset.validation_split = 0;
  cfg->dataset.test_split = 0;
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_classes, ==, 3);
  g_assert_cmpstrv (ds->class_names, ((const char *const[]) { "0,5", "0,7", "1,5", NULL }));
  for (guint i = 0; i < ds->train.n; i++)
    g_assert_cmpuint (ds->train.labels[i], <, 3);
  scratch_remove (dir);
}

/* Numeric labels written differently (1, 1.0, 01, 1e0) are one class: they
 * were as many classes as spellings (found by a review). */
static void
test_csv_numeric_label_forms (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets",
                                                 "numeric-label-forms.csv", NULL);
  g_autoptr(HlConfig) cfg = csv_config (path, "target", HL_TASK_CLASSIFICATION);
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(GError) error = NULL;

  cfg->dataset.validation_split = 0;
  cfg->dataset.test_split = 0;
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_classes, ==, 2);
  g_assert_cmpuint (ds->train.n, ==, 10);
  /* one name a class: the first spelling in the sorted order */
  g_assert_cmpuint (g_strv_length (ds->class_names), ==, 2);
  g_assert_cmpfloat (g_ascii_strtod (ds->class_names[0], NULL), ==, 1.0);
  g_assert_cmpfloat (g_ascii_strtod (ds->class_names[1], NULL), ==, 2.0);
  {
    guint ones = 0;   /* six rows are 1 in some spelling, four are 2 */

    for (guint i = 0; i < ds->train.n; i++)
      ones += ds->train.labels[i] == 0;
    g_assert_cmpuint (ones, ==, 6);
  }
}

/* Row i: a = i, b = (i*i) mod 17, c = 5 (constant), target = i. */
static char *
write_regression_csv (const char *dir, guint n)
{
  g_autoptr(GString) s = g_string_new ("a,\"b\",c,target\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%u, %u,5,%u\n", i, (i * i) % 17, i);
  write_file (dir, "reg.csv", s->str, s->len);
  return g_build_filename (dir, "reg.csv", NULL);
}

/* Every standardised value must equal (raw - mean_train) / sd_train, using
 * only the rows of the training split (identified by their target). */
static void
check_standardised (const HlDataset *ds, guint n_total)
{
  const HlSplit *splits[] = { &ds->train, &ds->val, &ds->test };
  double mean[2] = { 0, 0 }, var[2] = { 0, 0 }, mean_all = (n_total - 1) / 2.0;
  gboolean differs = FALSE;

  for (guint i = 0; i < ds->train.n; i++)
    {
      guint r = (guint) lround (ds->train.targets[i] + ds->target_shift);
      mean[0] += r;
      mean[1] += (r * r) % 17;
    }
  mean[0] /= ds->train.n;
  mean[1] /= ds->train.n;
  for (guint i = 0; i < ds->train.n; i++)
    {
      guint r = (guint) lround (ds->train.targets[i] + ds->target_shift);
      var[0] += (r - mean[0]) * (r - mean[0]);
      var[1] += ((r * r) % 17 - mean[1]) * ((r * r) % 17 - mean[1]);
    }
  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < splits[s]->n; i++)
      {
        const float *x = splits[s]->x + i * 3;
        guint r = (guint) lround (splits[s]->targets[i] + ds->target_shift);
        double ea = (r - mean[0]) / sqrt (var[0] / ds->train.n);
        double eb = ((r * r) % 17 - mean[1]) / sqrt (var[1] / ds->train.n);

        /* targets unscaled, stored less the column's mean */
        g_assert_cmpfloat (splits[s]->targets[i] + ds->target_shift, ==, (double) r);
        g_assert_cmpfloat_with_epsilon (x[0], ea, 1e-4);
        g_assert_cmpfloat_with_epsilon (x[1], eb, 1e-4);
        g_assert_cmpfloat (x[2], ==, 0.0f);                          /* constant: centred */
        differs |= fabs ((r - mean_all) / sqrt (var[0] / ds->train.n) - ea) > 1e-3;
      }
  g_assert_true (differs);   /* train statistics really differ from the whole file's */
}

/* The same rows separated by ';' (numbers with decimal commas) and by tabs. */
static void
test_csv_separators (void)
{
  g_autofree char *dir = scratch_dir ();
  const char *const names[] = { "semicolon.csv", "tab.csv" };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      const char sep = k == 0 ? ';' : '\t';
      g_autoptr(GString) s = g_string_new (NULL);
      g_autofree char *path = g_build_filename (dir, names[k], NULL);
      g_autoptr(HlConfig) cfg = csv_config (path, "target", HL_TASK_REGRESSION);
      g_autoptr(HlDataset) ds = NULL;
      g_autoptr(GError) error = NULL;

      g_string_append_printf (s, "a%c\"b\"%cc%ctarget\n", sep, sep, sep);
      for (guint i = 0; i < 100; i++)
        if (k == 0)
          g_string_append_printf (s, "%u,0; %u;5;%u\n", i, (i * i) % 17, i);
        else
          g_string_append_printf (s, "%u.0\t %u\t5\t%u\n", i, (i * i) % 17, i);
      write_file (dir, names[k], s->str, s->len);
      ds = hl_dataset_load (cfg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ds->n_features, ==, 3);
      check_standardised (ds, 100);
    }
  scratch_remove (dir);
}

static void
test_csv_regression (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = write_regression_csv (dir, 100);   /* read as reg.csv below */
  g_autoptr(HlConfig) cfg = csv_config ("reg.csv", "target", HL_TASK_REGRESSION);
  g_autoptr(HlDataset) ds = NULL;
  g_autoptr(HlDataset) limited = NULL;
  g_autoptr(GError) error = NULL;

  cfg->base_dir = g_strdup (dir);   /* relative path resolves against the config folder */
  g_assert_true (g_str_has_suffix (path, "reg.csv"));
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->task, ==, HL_TASK_REGRESSION);
  g_assert_cmpuint (ds->n_features, ==, 3);
  g_assert_cmpuint (ds->n_outputs, ==, 1);
  g_assert_cmpuint (ds->n_classes, ==, 0);
  g_assert_null (ds->train.labels);
  g_assert_cmpstr (ds->description, ==,
                   "csv: regression, 3 features, 100 samples (80 train / 10 val / 10 test)");
  check_standardised (ds, 100);
  cfg->dataset.limit = 20;   /* statistics come from the 20 rows actually trained on */
  limited = hl_dataset_load (cfg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->train.n, ==, 20);
  check_standardised (limited, 100);
  scratch_remove (dir);
}

typedef struct {
  const char *file;
  const char *target;
  HlTask      task;
  gint        code;
  const char *needle;   /* must appear in the message */
} CsvBadCase;

static const CsvBadCase csv_bad[] = {
  { "truncated.csv", "target", HL_TASK_CLASSIFICATION, HL_DATASET_ERROR_CSV_RAGGED,
    "truncated.csv:4: expected 3 fields, got 2" },
  { "unterminated-quote.csv", "target", 0, HL_DATASET_ERROR_CSV_RAGGED, ".csv:3:" },
  { "non-numeric.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE, ".csv:4: column \"b\"" },
  { "ragged.csv", "target", 0, HL_DATASET_ERROR_CSV_RAGGED,
    "ragged.csv:17: expected 5 fields, got 4" },
  { "missing-target.csv", "target", 0, HL_DATASET_ERROR_CSV_HEADER, "\"target\"" },
  { "target-case.csv", "target", 0, HL_DATASET_ERROR_CSV_HEADER, "did you mean \"Target\"" },
  { "empty.csv", "target", 0, HL_DATASET_ERROR_EMPTY, "empty.csv" },
  { "header-only.csv", "target", 0, HL_DATASET_ERROR_EMPTY, "header-only.csv" },
  /* "1 samples are too few" (found by a QA pass) */
  { "one-row.csv", "target", HL_TASK_REGRESSION, HL_DATASET_ERROR_EMPTY,
    "dataset: 1 sample is too few for 1 test and 1 validation samples and at least one training sample" },
  { "nan.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE, "nan.csv:4: column \"b\"" },
  { "inf.csv", "target", HL_TASK_REGRESSION, HL_DATASET_ERROR_CSV_VALUE, "inf.csv:4:" },
  { "float-overflow.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE, ":4: column \"b\"" },
  { "empty-value.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE, ":2: column \"b\": missing value" },
  { "duplicate.csv", "target", 0, HL_DATASET_ERROR_CSV_HEADER, "duplicate column name \"a\"" },
  { "no-features.csv", "target", 0, HL_DATASET_ERROR_CSV_HEADER, "no-features.csv" },
  { "classes-crlf.csv", "species", HL_TASK_REGRESSION, HL_DATASET_ERROR_CSV_VALUE,
    ":2: column \"species\"" },
  { "no-such-file.csv", "target", 0, HL_DATASET_ERROR_NOT_FOUND, "no-such-file.csv" },
  /* strtod took hex (0x10 was 16; found by a review) */
  { "hex.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE, "hex.csv:3: column \"b\": non-numeric value \"0x10\"" },
  /* a decimal comma only where commas do not separate fields, and only one */
  { "comma-decimal.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE,
    "comma-decimal.csv:3: column \"a\": non-numeric value \"3,5\"" },
  { "semicolon-bad.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE,
    "semicolon-bad.csv:3: column \"a\": non-numeric value \"1,2,3\"" },
  { "semicolon-ragged.csv", "target", 0, HL_DATASET_ERROR_CSV_RAGGED,
    "semicolon-ragged.csv:3: expected 3 fields, got 2" },
  /* 7, 7.0 and 07 are one number: one class */
  { "one-class-forms.csv", "target", HL_TASK_CLASSIFICATION, HL_DATASET_ERROR_INVALID, "holds a single class" },
  /* trained to loss 0 and accuracy 1 (found by a review) */
  { "one-class.csv", "target", HL_TASK_CLASSIFICATION, HL_DATASET_ERROR_INVALID,
    "one-class.csv: target column \"target\" holds a single class (\"7\")" },
  /* Found by tests/fuzz: the value was quoted byte for byte, leaving a
   * message that is not UTF-8 (which GTK refuses to show). */
  { "invalid-utf8.csv", "target", 0, HL_DATASET_ERROR_CSV_VALUE,
    "invalid-utf8.csv:3: column \"a\": non-numeric value \"4\xef\xbf\xbd\"" },
};

/* A device or a folder as dataset.path is refused at once, naming the
 * path (/dev/zero was read until memory gave out: "Bad address"; found by
 * a review). */
static void
test_csv_not_a_file (void)
{
  const char *paths[] = { "/dev/zero", "/tmp" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(HlConfig) cfg = csv_config (paths[i], "target", HL_TASK_CLASSIFICATION);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlDataset) ds = hl_dataset_load (cfg, NULL, &error);
      g_autofree char *want = g_strdup_printf ("%s: not a regular file (dataset.path)", paths[i]);

      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
        continue;
      g_assert_null (ds);
      g_assert_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IO);
      g_assert_cmpstr (error->message, ==, want);
    }
}

static void
test_csv_bad (gconstpointer data)
{
  const CsvBadCase *c = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets",
                                                 c->file, NULL);
  g_autoptr(HlConfig) cfg = csv_config (path, c->target, c->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlDataset) ds = hl_dataset_load (cfg, NULL, &error);

  g_assert_null (ds);
  g_assert_error (error, HL_DATASET_ERROR, c->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  if (!strstr (error->message, c->needle))
    g_error ("message \"%s\" lacks \"%s\"", error->message, c->needle);
}

/* Found reviewing what tests/fuzz reaches: "did you mean" compared the
 * target with every column name in a len × len table, so a long target and
 * a long column asked for 40 GB instead of failing. */
static void
test_csv_long_names (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "long.csv", NULL);
  g_autofree char *column = g_strnfill (100000, 'c');
  g_autofree char *target = g_strnfill (100000, 't');
  g_autofree char *text = g_strdup_printf ("%s,x\n1,2\n", column);
  g_autoptr(HlConfig) cfg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlDataset) ds = NULL;

  write_file (dir, "long.csv", text, strlen (text));
  cfg = csv_config (path, target, HL_TASK_REGRESSION);
  ds = hl_dataset_load (cfg, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_CSV_HEADER);
  g_assert_nonnull (strstr (error->message, "long.csv:1: no target column"));
  scratch_remove (dir);
}

/* The target and task guessed for a CSV file just picked in the GUI. */
typedef struct {
  const char *text;
  const char *prefer;
  const char *target;   /* NULL: an error with code */
  HlTask      task;
  int         code;
} CsvGuessCase;

static const CsvGuessCase csv_guesses[] = {
  /* lines ended by CR alone (classic Mac OS) */
  { "sepal,petal,species\r5.1,1.4,setosa\r6.2,4.5,versicolor\r", NULL, "species", HL_TASK_CLASSIFICATION, 0 },
  /* the last column, words: classes */
  { "sepal,petal,species\n5.1,1.4,setosa\n6.2,4.5,versicolor\n", "target", "species",
    HL_TASK_CLASSIFICATION, 0 },
  /* the last column, fractional numbers: regression */
  { "area,rooms,price\n120.5,3,250000.5\n80,2,180000\n", "target", "price", HL_TASK_REGRESSION, 0 },
  /* whole numbers: classes (digits 0-9) */
  { "p1,p2,digit\n0.5,0.25,3\n0.1,0.9,7\n", "target", "digit", HL_TASK_CLASSIFICATION, 0 },
  /* whole numbers, most of them different (prices in whole dollars): regression */
  { "sqft,price\n1,250000\n2,180000\n3,320000\n4,199000\n5,205000\n6,410000\n7,150000\n"
    "8,275000\n9,310000\n10,222000\n11,190000\n12,330000\n13,260000\n14,280000\n15,300000\n"
    "16,170000\n17,240000\n18,360000\n19,215000\n20,290000\n21,255000\n22,305000\n",
    "target", "price", HL_TASK_REGRESSION, 0 },
  /* a usual name anywhere, in any case, wins over the last column */
  { "Label,f1,f2\n1,0.5,0.25\n0,0.1,0.2\n", "target", "Label", HL_TASK_CLASSIFICATION, 0 },
  /* the form's target when the file has it, and its values decide the task */
  { "y,x,target\n0.5,1.5,2\n0.25,1,3\n", "x", "x", HL_TASK_REGRESSION, 0 },
  /* quoted header names, a byte order mark, CRLF */
  { "\xEF\xBB\xBF\"a b\",\"the, value\"\r\n1,2.5\r\n", NULL, "the, value", HL_TASK_REGRESSION, 0 },
  /* ';'-separated with decimal commas (spreadsheets in German, French…) */
  { "fl\u00e4che;zimmer;preis\n120,5;3;250000,5\n80;2;180000\n", "target", "preis",
    HL_TASK_REGRESSION, 0 },
  /* tab-separated; the comma in a header name is not a separator */
  { "\"a, b\"\tc\tspecies\n1\t2\tx\n3\t4\ty\n", "target", "species", HL_TASK_CLASSIFICATION, 0 },
  /* a header only: nothing to judge values by: classes */
  { "a,b\n", NULL, "b", HL_TASK_CLASSIFICATION, 0 },
  { "", NULL, NULL, 0, HL_DATASET_ERROR_EMPTY },
  { "onlyone\n1\n2\n", NULL, NULL, 0, HL_DATASET_ERROR_CSV_HEADER },
};

static void
test_csv_guess (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "g.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (csv_guesses); i++)
    {
      const CsvGuessCase *c = &csv_guesses[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *target = NULL;
      HlTask task = 99;
      gboolean ok;

      write_file (dir, "g.csv", c->text, strlen (c->text));
      ok = hl_dataset_csv_guess (path, c->prefer, &target, &task, NULL, &error);
      if (c->target == NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, HL_DATASET_ERROR, c->code);
          g_assert_nonnull (strstr (error->message, "g.csv"));
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (target, ==, c->target);
      g_assert_cmpint (task, ==, c->task);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *target = NULL, *missing = g_build_filename (dir, "none.csv", NULL);
    HlTask task;

    g_assert_false (hl_dataset_csv_guess (missing, NULL, &target, &task, NULL, &error));
    g_assert_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (hl_dataset_csv_guess (dir, NULL, &target, &task, NULL, &error));
    g_assert_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IO);
  }
  {
    /* a file larger than the look: whole lines only, the cut one unread */
    g_autoptr(GString) big = g_string_new ("f,value\n");
    g_autoptr(GError) error = NULL;
    g_autofree char *target = NULL;
    HlTask task;

    while (big->len < 3 * 1024 * 1024)
      g_string_append (big, "1,2\n");
    g_string_append (big, "1,2.5\n");   /* past the look: not seen */
    write_file (dir, "g.csv", big->str, big->len);
    g_assert_true (hl_dataset_csv_guess (path, NULL, &target, &task, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (target, ==, "value");
    g_assert_cmpint (task, ==, HL_TASK_CLASSIFICATION);
  }
  {
    /* 2,000 rows of 10 labels: classes; of 2,000 whole prices: regression */
    g_autoptr(GString) labels = g_string_new ("a,b,label\n");
    g_autoptr(GString) prices = g_string_new ("a,b,price\n");
    g_autoptr(GError) error = NULL;
    g_autofree char *t1 = NULL, *t2 = NULL;
    HlTask k1, k2;

    for (guint i = 0; i < 2000; i++)
      {
        g_string_append_printf (labels, "%u,%u,%u\n", i, i % 7, i % 10);
        g_string_append_printf (prices, "%u,%u,%u\n", i, i % 7, 100000 + 37 * i);
      }
    write_file (dir, "g.csv", labels->str, labels->len);
    g_assert_true (hl_dataset_csv_guess (path, NULL, &t1, &k1, NULL, &error));
    g_assert_cmpint (k1, ==, HL_TASK_CLASSIFICATION);
    write_file (dir, "g.csv", prices->str, prices->len);
    g_assert_true (hl_dataset_csv_guess (path, NULL, &t2, &k2, NULL, &error));
    g_assert_cmpint (k2, ==, HL_TASK_REGRESSION);
  }
  scratch_remove (dir);
}

void
add_file_tests (void)
{
  g_test_add_func ("/core/dataset/csv/classes", test_csv_classes);
  g_test_add_func ("/core/dataset/csv/classes-cr", test_csv_classes_cr);
  g_test_add_func ("/core/dataset/csv/guess", test_csv_guess);
  g_test_add_func ("/core/dataset/csv/numeric-labels", test_csv_numeric_labels);
  g_test_add_func ("/core/dataset/csv/numeric-label-forms", test_csv_numeric_label_forms);
  g_test_add_func ("/core/dataset/csv/decimal-comma-labels", test_csv_decimal_comma_labels);
  g_test_add_func ("/core/dataset/csv/regression-standardised", test_csv_regression);
  g_test_add_func ("/core/dataset/csv/separators", test_csv_separators);
  for (guint i = 0; i < G_N_ELEMENTS (csv_bad); i++)
    {
      g_autofree char *p = g_strdup_printf ("/core/dataset/csv/bad/%s", csv_bad[i].file);
      g_test_add_data_func (p, &csv_bad[i], test_csv_bad);
    }
  g_test_add_func ("/core/dataset/csv/bad/long-names", test_csv_long_names);
  g_test_add_func ("/core/dataset/csv/bad/not-a-file", test_csv_not_a_file);
}
