/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-plot.c - `hyperlab-cli plot` (runs to PNG/SVG/PDF through the cairo
 * renderer, no display), `hyperlab-cli export-csv` and `export-config`. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include "hl-cli.h"
#include "hl-plot-render.h"
#include "hl-confusion-render.h"

/* Curves of the plot; own their arrays and labels. */
typedef struct {
  GArray       *series;    /* HlPlotSeries */
  GPtrArray    *owned;     /* arrays and labels the series point into */
} Curves;


static const struct {
  const char *name;
  const char *label;
} metrics[] = {
  { "loss",         N_("loss") },
  { "train_loss",   N_("training loss") },
  { "val_loss",     N_("validation loss") },
  { "val_accuracy", N_("validation accuracy") },
  { "lr",           N_("learning rate") },
};

static const char *
metric_label (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_str_equal (metrics[i].name, name))
      return _(metrics[i].label);
  return NULL;
}

/* The file name without .run.json / .json. */
static char *
file_label (const char *path)
{
  char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".run.json"))
    base[strlen (base) - strlen (".run.json")] = '\0';
  else if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';
  return base;
}

/* "name" from the config, else the file's. */
static char *
run_label (const HlRun *run, const char *path)
{
  if (run->config && run->config->name && *run->config->name)
    return g_strdup (run->config->name);
  return file_label (path);
}

/* Rows without a value for this metric (validation not measured there) are
 * dropped, so sparse validation points join into one curve. */
static void
add_curve (Curves *c, const HlRun *run, const char *metric, gboolean epochs,
           char *label, guint colour, gboolean dashed)
{
  const HlMetrics *m = &run->metrics;
  GArray *values = hl_metrics_get (m, metric);
  guint n = hl_metrics_len (m), k = 0;
  double *x = g_new (double, MAX (n, 1)), *y = g_new (double, MAX (n, 1));
  HlPlotSeries s = { 0 };

  for (guint i = 0; values != NULL && i < n; i++)
    {
      double v = g_array_index (values, double, i);

      if (!isfinite (v))
        continue;
      x[k] = epochs ? g_array_index (m->epoch, double, i)
                    : (double) g_array_index (m->step, guint64, i);
      y[k++] = v;
    }
  s.label = label;
  s.x = x;
  s.y = y;
  s.n = k;
  s.dashed = dashed;
  s.percent = g_str_equal (metric, "val_accuracy");
  hl_plot_palette (colour, &s.r, &s.g, &s.b);
  g_ptr_array_add (c->owned, x);
  g_ptr_array_add (c->owned, y);
  g_ptr_array_add (c->owned, label);
  g_array_append_val (c->series, s);
}

/* The same config name on several runs (a series of --set variations
 * keeps the file's name) is followed by the run's file name, so the legend
 * tells them apart. */
static char **
legend_names (GPtrArray *runs, char **files)
{
  g_auto(GStrv) names = g_new0 (char *, runs->len + 1);
  g_auto(GStrv) bases = g_new0 (char *, runs->len + 1);

  for (guint i = 0; i < runs->len; i++)
    {
      names[i] = run_label (runs->pdata[i], files[i]);
      bases[i] = file_label (files[i]);
    }
  return hl_plot_distinct_labels ((const char *const *) names, (const char *const *) bases, runs->len);
}

static gboolean
has_values (const HlRun *run, const char *metric)
{
  GArray *values = hl_metrics_get (&run->metrics, metric);

  for (guint i = 0; values != NULL && i < values->len; i++)
    if (isfinite (g_array_index (values, double, i)))
      return TRUE;
  return FALSE;
}

static void
add_run (Curves *c, const HlRun *run, const char *name, const char *metric,
         gboolean epochs, gboolean single, guint index)
{
  if (!g_str_equal (metric, "loss"))
    {
      /* the palette has 8 colours: the next 8 runs are dashed */
      add_curve (c, run, metric, epochs, g_strdup (single ? metric_label (metric) : name),
                 index, (index / HL_PLOT_PALETTE_SIZE) % 2 == 1);
      return;
    }
  /* Training solid, validation dashed: one colour per run, or two for one run. */
  add_curve (c, run, "train_loss", epochs,
             single ? g_strdup (_("training loss")) : g_strdup_printf (_("%s training"), name),
             index, FALSE);
  /* no validation measured (validation_split 0): no legend entry without a line */
  if (!has_values (run, "val_loss"))
    return;
  add_curve (c, run, "val_loss", epochs,
             single ? g_strdup (_("validation loss")) : g_strdup_printf (_("%s validation"), name),
             single ? index + 1 : index, TRUE);
}

static void
curves_clear (Curves *c)
{
  g_clear_pointer (&c->series, g_array_unref);
  g_clear_pointer (&c->owned, g_ptr_array_unref);
}

typedef struct {
  char    *output;
  char    *metric;
  char    *x_axis;
  char    *title;
  gboolean log_y;
  gboolean confusion;
  double   smooth;
  int      width, height;
  double   scale;
  char    *store;
  char   **files;
} PlotArgs;

static void
plot_args_clear (PlotArgs *a)
{
  g_free (a->output);
  g_free (a->metric);
  g_free (a->x_axis);
  g_free (a->title);
  g_free (a->store);
  g_strfreev (a->files);
}

/* --width or --height not given: the default of what is drawn */
#define SIZE_UNSET G_MININT

static gboolean
size_error (GError **error, const char *option, int value)
{
  /* TRANSLATORS: %s is the option, --width or --height */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s: must be between %d and %d (got %d)"),
               option, HL_PLOT_EXPORT_MIN, HL_PLOT_EXPORT_MAX, value);
  return FALSE;
}

static gboolean
plot_args_check (PlotArgs *a, GError **error)
{
  if (a->files == NULL || a->files[0] == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        _("plot: no run files given")), FALSE;
  if (a->output == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        _("plot: -o FILE.png|svg|pdf is required")), FALSE;
  if (a->confusion && a->files[1] != NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                        _("plot --confusion: give exactly one run file or run id (one matrix per "
                          "figure)")), FALSE;
  /* options of curves do nothing to a matrix: said, not ignored */
  if (a->confusion && (a->metric || a->x_axis || a->log_y || a->smooth != 0.0))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("plot --confusion: --metric, --x, --log-y and --smooth are for curves, "
                          "not for a confusion matrix")), FALSE;
  /* a matrix is square: unless given, 480 × 480 instead of the curves' 800 × 480 */
  if (a->width == SIZE_UNSET)
    a->width = a->confusion ? 480 : HL_PLOT_EXPORT_WIDTH;
  if (a->height == SIZE_UNSET)
    a->height = HL_PLOT_EXPORT_HEIGHT;
  if (a->metric && metric_label (a->metric) == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--metric: unknown metric “%s” (use loss, train_loss, val_loss, "
                          "val_accuracy or lr)"), a->metric), FALSE;
  if (a->x_axis && !g_str_equal (a->x_axis, "steps") && !g_str_equal (a->x_axis, "epochs"))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--x: must be steps or epochs (got “%s”)"), a->x_axis), FALSE;
  if (!(a->smooth >= 0 && a->smooth <= 0.99))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--smooth: must be between 0 and 0.99 (got %g)"), a->smooth), FALSE;
  /* the Export dialog's floor: under it the ticks of a plot overlapped
   * (a 60 x 100 figure), and a picture that cannot be read is no answer */
  if (a->width < HL_PLOT_EXPORT_MIN || a->width > HL_PLOT_EXPORT_MAX)
    return size_error (error, "--width", a->width);
  if (a->height < HL_PLOT_EXPORT_MIN || a->height > HL_PLOT_EXPORT_MAX)
    return size_error (error, "--height", a->height);
  if (!(a->scale > 0 && a->scale <= 8))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--scale: must be > 0 and <= 8 (got %g)"), a->scale), FALSE;
  return TRUE;
}

static GOptionContext *
plot_context (PlotArgs *a)
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a->output,
      N_("Write the plot to FILE; the format follows the extension (.png, .svg, .pdf)"), N_("FILE") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &a->metric,
      N_("loss, train_loss, val_loss, val_accuracy or lr"), N_("NAME") },
    { "log-y", 0, 0, G_OPTION_ARG_NONE, &a->log_y, N_("Logarithmic y axis"), NULL },
    { "smooth", 0, 0, G_OPTION_ARG_DOUBLE, &a->smooth,
      N_("EMA smoothing 0 .. 0.99; the raw curve stays faint"), N_("ALPHA") },
    { "confusion", 0, 0, G_OPTION_ARG_NONE, &a->confusion,
      N_("Draw the test set's confusion matrix of one classification run instead of curves"), NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &a->width,
      N_("Width in pixels (PNG) or points (default 800; 480 with --confusion)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &a->height, N_("Height in pixels or points (default 480)"), N_("H") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &a->scale, N_("PNG resolution multiplier (default 1)"), N_("S") },
    { "x", 'x', 0, G_OPTION_ARG_STRING, &a->x_axis, N_("x axis: steps (default) or epochs"), N_("AXIS") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &a->title, N_("Title above the plot or matrix"), N_("TEXT") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &a->store, N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->files, NULL, NULL },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (_("RUN.json|ID… [--confusion] -o FILE.{png,svg,pdf}"));

  g_option_context_set_summary (context, _("Plot the curves of one or more runs, or the confusion "
                                           "matrix of one; no display needed."));
  g_option_context_set_description (context,
    _("Default metric: for one run “loss”, i.e. training loss (solid) and validation loss "
      "(dashed); for several runs “val_loss”, one colour per run (colour-blind-safe palette).\n"
      "Each run is labelled with its config name, or its file name when it has none.\n"
      "With --confusion, the test set's confusion matrix of one classification run: a row per "
      "true class, a column per predicted class, each cell coloured by its share of the row "
      "(the diagonal blue, the mistakes vermillion), as on the Experiment page.\n"
      "ID names a run in the run store (see “hyperlab-cli runs”)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Where validation loss turned up, in the plot's x unit. */
static double
marker_x (const HlRun *run, gboolean epochs)
{
  const HlMetrics *m = &run->metrics;
  guint64 at = run->summary.overfitting_step;

  if (!epochs)
    return (double) at;
  for (guint i = 0; i < hl_metrics_len (m); i++)
    if (g_array_index (m->step, guint64, i) >= at)
      return g_array_index (m->epoch, double, i);
  return NAN;
}

static int
plot_runs (PlotArgs *a)
{
  guint n_files = g_strv_length (a->files);
  const char *metric = a->metric ? a->metric : n_files == 1 ? "loss" : "val_loss";
  gboolean epochs = a->x_axis && g_str_equal (a->x_axis, "epochs");
  Curves c = { g_array_new (FALSE, TRUE, sizeof (HlPlotSeries)),
               g_ptr_array_new_with_free_func (g_free) };
  GError *error = NULL;
  HlPlotOptions opts;
  double marker = NAN;
  g_autofree char *y_label = NULL;

  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < n_files; i++)
    {
      HlRun *run = hl_cli_load_run (a->files[i], a->store, &error);

      if (run == NULL)
        {
          curves_clear (&c);
          return hl_cli_fail (error);
        }
      g_ptr_array_add (runs, run);
    }
  names = legend_names (runs, a->files);
  /* "loss" draws two curves per run, solid and dashed, in the run's colour:
   * past the palette, runs share colours and nothing else tells them apart */
  if (g_str_equal (metric, "loss") && n_files > HL_PLOT_PALETTE_SIZE)
    fprintf (stderr, _("hyperlab-cli: %u runs but %u colours: with --metric loss, runs %u and on "
                       "repeat the first colours; plot one metric (--metric val_loss) to tell them apart\n"),
             n_files, HL_PLOT_PALETTE_SIZE, HL_PLOT_PALETTE_SIZE + 1);
  for (guint i = 0; i < n_files; i++)
    {
      const HlRun *run = runs->pdata[i];

      /* a run without the metric (no validation, or stopped before the first
       * measurement) would be a legend entry without a line; for "loss", one
       * with no point at all (killed before its first checkpoint) made a
       * "no data" figure and exit 0 where --metric val_loss refused (found
       * by a QA pass) */
      if (g_str_equal (metric, "loss") ? !has_values (run, "train_loss") && !has_values (run, "val_loss")
                                       : !has_values (run, metric))
        {
          g_autofree char *shown = g_filename_display_name (a->files[i]);
          fprintf (stderr, _("hyperlab-cli: %s: no %s values to plot; left out\n"), shown, metric);
          continue;
        }
      add_run (&c, run, names[i], metric, epochs, n_files == 1, i);
      if (n_files == 1 && run->summary.overfitting)
        marker = marker_x (run, epochs);
    }
  if (c.series->len == 0)
    {
      curves_clear (&c);
      return hl_cli_fail (g_error_new (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                       _("plot: no run has %s values; nothing written"), metric));
    }
  hl_plot_options_init (&opts);
  opts.title = a->title;
  /* TRANSLATORS: the x axis of a plot */
  opts.x_label = epochs ? C_("axis", "epoch") : C_("axis", "step");
  opts.x_whole = !epochs;
  opts.y_label = metric_label (metric);
  if (g_str_has_suffix (metric, "loss"))
    {
      y_label = hl_plot_loss_label (opts.y_label, hl_runs_count_regression (runs), runs->len);
      opts.y_label = y_label;
    }
  opts.log_y = a->log_y;
  opts.smoothing = a->smooth;
  opts.marker_x = marker;
  opts.marker_label = _("overfitting");
  if (!hl_plot_export (a->output, a->width, a->height, a->scale,
                       (const HlPlotSeries *) c.series->data, c.series->len, &opts, &error))
    {
      curves_clear (&c);
      return hl_cli_fail (error);
    }
  curves_clear (&c);
  return HL_EXIT_OK;
}

/* Why run has no confusion matrix (it has none), for export-csv --confusion
 * and plot --confusion. */
static GError *
no_confusion_error (const HlRun *run)
{
  const char *why;
  g_autofree char *owned = NULL;

  switch (hl_run_confusion_missing (run))
    {
    case HL_CONFUSION_MISSING_REGRESSION:
      why = _("it is a regression, and a confusion matrix is for classification");
      break;
    case HL_CONFUSION_MISSING_UNFINISHED:
      why = _("it did not finish, and the matrix comes from the test pass at the end");
      break;
    case HL_CONFUSION_MISSING_DIVERGED:
      why = _("it diverged, so its weights were not tested");
      break;
    case HL_CONFUSION_MISSING_NO_TEST:
      why = _("it has no test results (its dataset has no test set, or it stopped before its first step)");
      break;
    case HL_CONFUSION_MISSING_TOO_MANY_CLASSES:
      /* TRANSLATORS: the dataset's classes, then the most a record keeps a matrix of (100) */
      why = owned = g_strdup_printf (_("its dataset has %u classes, and a record keeps the matrix for "
                                       "at most %u"), run->summary.n_classes, HL_CONFUSION_MAX_CLASSES);
      break;
    case HL_CONFUSION_MISSING_NONE:       /* not called for a run with one */
    case HL_CONFUSION_MISSING_NOT_KEPT:
    default:
      why = _("its record is from before Hyperlab kept the matrix, or its dataset has more than "
              "100 classes (train its config again for one)");
      break;
    }
  /* TRANSLATORS: a run id, then why it has no matrix */
  return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("run %s has no confusion matrix: %s"),
                      run->id, why);
}

/* One run's test-set confusion matrix as a figure, light, in the plot's
 * sizes and formats. */
static int
plot_confusion (PlotArgs *a)
{
  g_autoptr(HlRun) run = NULL;
  g_autoptr(HlConfusion) c = NULL;
  HlConfusionOptions opts;
  GError *error = NULL;

  run = hl_cli_load_run (a->files[0], a->store, &error);
  if (run == NULL)
    return hl_cli_fail (error);
  if (run->summary.test_confusion == NULL)
    return hl_cli_fail (no_confusion_error (run));
  /* the classes in the order the application shows them */
  c = hl_confusion_dup_display (run->summary.test_confusion);
  hl_confusion_options_init (&opts);
  opts.title = a->title;
  if (!hl_confusion_export (a->output, a->width, a->height, a->scale, c->n_classes,
                            (const char *const *) c->class_names, c->counts, &opts, &error))
    return hl_cli_fail (error);
  return HL_EXIT_OK;
}

int
hl_cli_plot (int argc, char **argv)
{
  PlotArgs a = { .smooth = 0.0, .width = SIZE_UNSET, .height = SIZE_UNSET, .scale = 1.0 };
  g_autoptr(GOptionContext) context = plot_context (&a);
  GError *error = NULL;
  int status;

  if (!hl_cli_parse (context, &argc, &argv))
    {
      plot_args_clear (&a);
      return HL_EXIT_BAD_INPUT;
    }
  if (!plot_args_check (&a, &error))
    {
      plot_args_clear (&a);
      return hl_cli_fail (error);
    }
  if (!hl_cli_check_output (a.output, (const char *const *) a.files, &error))
    {
      plot_args_clear (&a);
      return hl_cli_fail (error);
    }
  status = a.confusion ? plot_confusion (&a) : plot_runs (&a);
  plot_args_clear (&a);
  return status;
}

/* What export-csv and export-config differ in: the text and its words. */
typedef struct {
  const char *output_help;
  const char *parameter;
  const char *summary;
  const char *one_run;
  gboolean    csv;
  char     *(*text) (const HlRun *run);
} Export;

static char *
config_text (const HlRun *run)
{
  g_autoptr(HlConfig) config = hl_run_dup_effective_config (run);

  return hl_config_to_data (config, NULL);
}

static int
export_run (int argc, char **argv, const Export *x)
{
  g_autofree char *output = NULL, *store = NULL;
  g_auto(GStrv) files = NULL;
  gboolean confusion = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, x->output_help, N_("FILE") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store, N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    /* CSV only; a NULL name ends the list for export-config */
    { x->csv ? "confusion" : NULL, 0, 0, G_OPTION_ARG_NONE, &confusion,
      N_("Export the test set's confusion matrix instead of the metrics (classification runs)"), NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_(x->parameter));
  g_autoptr(HlRun) run = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context, _(x->summary));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _(x->one_run));
      return hl_cli_fail (error);
    }
  run = hl_cli_load_run (files[0], store, &error);
  if (run == NULL)
    return hl_cli_fail (error);
  if (confusion && run->summary.test_confusion == NULL)
    return hl_cli_fail (no_confusion_error (run));
  text = confusion ? hl_confusion_to_csv (run->summary.test_confusion) : x->text (run);
  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (text, stdout);   /* write errors: reported by main */
      return HL_EXIT_OK;
    }
  {
    const char *inputs[] = { files[0], NULL };
    if (!hl_cli_check_output (output, inputs, &error))
      return hl_cli_fail (error);
  }
  if (!g_file_set_contents_full (output, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, &error))
    {
      g_autofree char *shown = g_filename_display_name (output);
      g_prefix_error (&error, x->csv ? _("%s: cannot write the CSV: ") : _("%s: cannot write the config: "),
                      shown);
      return hl_cli_fail (error);
    }
  return HL_EXIT_OK;
}

int
hl_cli_export_csv (int argc, char **argv)
{
  static const Export csv = {
    N_("Write the CSV to FILE (“-” or no -o: standard output)"),
    N_("RUN.json|ID [--confusion] [-o FILE.csv]"),
    N_("Export a run's metrics as CSV: one row per recorded step, columns "
       "step,epoch,lr,train_loss,val_loss,val_accuracy; empty cells where nothing was measured.\n"
       "With --confusion, the test set's confusion matrix of a classification run instead: "
       "header true\\predicted and the class names, then one row per true class with how many "
       "of its test samples were predicted as each class."),
    N_("export-csv: give exactly one run file or run id"),
    TRUE,
    hl_run_metrics_to_csv,
  };

  return export_run (argc, argv, &csv);
}

/* The config a run trained with, as a config file: the one place the CLI
 * gave it was inside the run record, which `run` does not take. */
int
hl_cli_export_config (int argc, char **argv)
{
  static const Export config = {
    N_("Write the config to FILE (“-” or no -o: standard output)"),
    N_("RUN.json|ID [-o FILE.hyperlab.json]"),
    N_("Export the config a run trained with, as a config file: “hyperlab-cli run” trains "
       "it again (the same seed and one thread give bit-identical curves)."),
    N_("export-config: give exactly one run file or run id"),
    FALSE,
    config_text,
  };

  return export_run (argc, argv, &config);
}
