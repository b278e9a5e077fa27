/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-lr-find.c - `hyperlab-cli lr-find`: the learning-rate range test of
 * a config, with a live progress line on a terminal; the smoothed loss
 * against the rate, and where to start. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "hl-cli.h"

typedef struct {
  HlConfig       *config;
  double          lr_min, lr_max;
  guint           steps;
  GCancellable   *cancellable;
  HlCliProgressLine line;
  HlLrFindResult *result;
  GError         *error;
} FindState;

/* On the test's thread: " step 73/200  rate 1.23e-3  loss 0.4531 (smoothed
 * 0.5123)  ETA 0:03", as run's line. */
static void
on_step (const HlLrFindProgress *p, gpointer data)
{
  FindState *st = data;
  g_autofree char *loss = NULL, *smoothed = NULL, *eta = NULL, *text = NULL;

  if (!hl_cli_progress_line_due (&st->line, p->step >= p->steps))
    return;
  loss = hl_cli_format_loss (p->loss);
  smoothed = hl_cli_format_loss (p->smoothed);
  eta = hl_cli_format_duration (p->elapsed / p->step * (p->steps - p->step));
  text = g_strdup_printf (_(" step %u/%u  rate %.3g  loss %s (smoothed %s)  ETA %s"), p->step, p->steps,
                          p->lr, loss, smoothed, eta);
  hl_cli_progress_line_draw (&st->line, text);
}

static gpointer
find_thread (gpointer data)
{
  FindState *st = data;

  st->result = hl_lr_find_full (st->config, hl_plugin_registry_get_default (), st->lr_min, st->lr_max,
                                st->steps, HL_LR_FIND_KEEP_PARTIAL, on_step, st, st->cancellable,
                                &st->error);
  return NULL;
}

/* step,lr,loss,smoothed_loss */
static gboolean
write_csv (const HlLrFindResult *r, const char *path, GError **error)
{
  g_autoptr(GString) csv = g_string_new ("step,lr,loss,smoothed_loss\n");

  for (guint i = 0; i < r->lr->len; i++)
    g_string_append_printf (csv, "%u,%.9g,%.9g,%.9g\n", i + 1, g_array_index (r->lr, double, i),
                            g_array_index (r->loss, double, i), g_array_index (r->smoothed, double, i));
  return g_file_set_contents (path, csv->str, (gssize) csv->len, error);
}

/* About 16 rows, spaced evenly in log(lr), with a bar for the smoothed loss. */
static void
print_curve (const HlLrFindResult *r)
{
  const guint n = r->lr->len;
  double lo = INFINITY, hi = -INFINITY;
  const guint rows = MIN (n, 16u);

  for (guint i = 0; i < n; i++)
    {
      double s = g_array_index (r->smoothed, double, i);
      if (isfinite (s))
        lo = MIN (lo, s), hi = MAX (hi, s);
    }
  printf ("  %-12s %-12s\n", _("rate"), _("smoothed loss"));
  for (guint k = 0; k < rows; k++)
    {
      const guint i = rows == 1 ? 0 : (guint) ((double) k * (n - 1) / (rows - 1) + 0.5);
      const double s = g_array_index (r->smoothed, double, i);
      g_autofree char *loss = hl_cli_format_loss (s);
      const guint bar = isfinite (s) && hi > lo ? (guint) (40.0 * (s - lo) / (hi - lo) + 0.5) : 0;
      g_autofree char *hashes = g_strnfill (bar, '#');

      printf ("  %-12.4g %-12s %s\n", g_array_index (r->lr, double, i), loss, hashes);
    }
}

/* The lowest point of a loss that had not turned up is no upper bound:
 * the range (or Ctrl+C) ended the fall.  It was called one ("a tenth of
 * it, 0.1, is a safe upper bound") at the highest rate tried.  A loss that
 * rose after its lowest point, but too little to call it a turn, was said
 * to be "still falling at the highest rates" (found by a QA pass: xor's
 * lowest at 0.435, 7 % lower than at rate 1). */
static void
print_lowest (const HlLrFindResult *r)
{
  const double rise = hl_lr_find_result_rise (r);

  if (!isfinite (r->min_loss_lr))
    return;
  if (hl_lr_find_result_turned (r))
    printf (_("Lowest loss at rate %.3g (a tenth of it, %.3g, is a safe upper bound).\n"),
            r->min_loss_lr, r->min_loss_lr / 10.0);
  else if (rise > 0.0)
    /* TRANSLATORS: the rate of the lowest loss, then how many per cent the
     * loss rose after it */
    printf (r->cancelled ? _("Lowest loss so far at rate %.3g: the loss then rose by %.2g %% before the "
                             "test stopped, too little to be sure it turned up.\n")
                         : _("Lowest loss at rate %.3g: the loss then rose by %.2g %% up to the highest "
                             "rate, too little to be sure it turned up; raise --to to see where it does.\n"),
            r->min_loss_lr, 100.0 * rise);
  else
    printf (r->cancelled ? _("Lowest loss so far at rate %.3g: the loss was still falling when the "
                             "test stopped.\n")
                         : _("Lowest loss at rate %.3g: the loss was still falling at the highest "
                             "rates; raise --to to see where it turns.\n"),
            r->min_loss_lr);
}

static void
print_report (const HlLrFindResult *r, const char *name, double lr_min, double lr_max, guint steps)
{
  if (r->cancelled)
    printf (_("Learning-rate range test of “%s”: stopped after %u of %u steps from %g to %g\n"), name,
            r->lr->len, steps, lr_min, lr_max);
  else
    printf (_("Learning-rate range test of “%s”: %u steps from %g to %g%s\n"), name, r->lr->len, lr_min,
            lr_max, r->blew_up ? _(", stopped when the loss blew up") : "");
  print_curve (r);
  if (r->cancelled && !hl_lr_find_result_turned (r))
    printf ("\n%s\n", _("Stopped before the loss turned up: too soon to suggest a rate."));
  else if (isfinite (r->steepest_lr))
    printf (_("\nSteepest fall of the loss at rate %.3g: a good rate to start from.\n"), r->steepest_lr);
  else
    printf ("\n%s\n", _("The loss never fell: try a wider range (--from, --to) or more steps."));
  print_lowest (r);
}

int
hl_cli_lr_find (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_auto(GStrv) sets = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  double lr_min = 1e-6, lr_max = 1.0;
  gint steps = 200;
  gboolean quiet = FALSE;
  int status;
  FindState st = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_DOUBLE, &lr_min, N_("Lowest rate (default 1e-6)"), N_("RATE") },
    { "to", 0, 0, G_OPTION_ARG_DOUBLE, &lr_max, N_("Highest rate (default 1)"), N_("RATE") },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("Steps from the lowest to the highest rate (default 200)"),
      N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write every step's rate, loss and smoothed loss as CSV"), N_("FILE.csv") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
      N_("Override a config field (repeatable)"), N_("PATH=VALUE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("No progress line and no curve; print only the steepest rate (nothing when the loss never fell)"),
      NULL },
    { NULL }
  };

  context = g_option_context_new (_("CONFIG"));
  g_option_context_set_summary (context,
    _("Find a learning rate: train with the rate rising step by step and watch the loss."));
  g_option_context_set_description (context,
    _("The learning-rate range test (Smith 2017): from the config's initial weights, each step "
      "takes a rate a constant factor above the last, from --from to --to, and the batch loss is "
      "smoothed. It stops early once the smoothed loss passes 4 times its lowest. The rate where "
      "the smoothed loss falls fastest is a good one to start from; the lowest point's rate is an "
      "upper bound (take about a tenth of it). Nothing is saved to the run store. On a terminal a "
      "line shows the steps as they go; Ctrl+C stops the test and prints what the steps taken "
      "show.\n\n"
      "Exit status: 0 done, 1 bad input, 130 cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (argc != 2)
    {
      fprintf (stderr, _("hyperlab-cli: lr-find takes one CONFIG file (see --help)\n"));
      return HL_EXIT_BAD_INPUT;
    }
  if (steps < 10 || steps > HL_LR_FIND_MAX_STEPS)
    {
      fprintf (stderr, _("hyperlab-cli: --steps: must be between 10 and %d (got %d)\n"),
               HL_LR_FIND_MAX_STEPS, steps);
      return HL_EXIT_BAD_INPUT;
    }
  if (!(lr_min > 0.0) || !(lr_max > lr_min) || !isfinite (lr_max))
    {
      fprintf (stderr, _("hyperlab-cli: --from and --to: must be 0 < from < to (got %g to %g)\n"),
               lr_min, lr_max);
      return HL_EXIT_BAD_INPUT;
    }
  /* errors name the file or the --set, as run's do (a plugin field and
   * a model too big for the data said neither) */
  config = hl_cli_load_config (argv[1], sets, &error);
  if (config == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  if (output != NULL)
    {
      /* the data too: `-o d<Tab>` replaced the CSV with the curve */
      g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (inputs, g_strdup (argv[1]));
      hl_cli_add_data_inputs (inputs, config);
      g_ptr_array_add (inputs, NULL);
      if (!hl_cli_check_output (output, (const char *const *) inputs->pdata, &error))
        return hl_cli_fail (g_steal_pointer (&error));
    }

  st = (FindState) { config, lr_min, lr_max, (guint) steps, g_cancellable_new () };
  hl_cli_progress_line_init (&st.line, !quiet);
  hl_cli_run_cancellable_with_line (find_thread, &st, st.cancellable, &st.line, NULL,
                                    _("hyperlab-cli: stopped at once"));
  hl_cli_progress_line_clear (&st.line);
  g_object_unref (st.cancellable);
  if (st.result == NULL)
    {
      if (g_error_matches (st.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (st.error);
          return HL_EXIT_CANCELLED;
        }
      hl_cli_blame_config (st.error, hl_cli_config_name (argv[1]), sets);
      return hl_cli_fail (st.error);
    }

  /* a config need not have a name (printf gave "(null)"), and its name is
   * the file's text, control characters and all; the --set overrides
   * follow it, as in a run's name */
  if (config->name == NULL || *config->name == '\0')
    {
      g_autofree char *base = g_path_get_basename (hl_cli_config_name (argv[1]));

      g_free (config->name);
      config->name = g_filename_display_name (base);
    }
  hl_cli_name_with_sets (config, sets);
  name = hl_cli_printable (config->name, FALSE);
  if (!quiet)
    print_report (st.result, name, lr_min, lr_max, (guint) steps);
  else if (isfinite (st.result->steepest_lr) && (!st.result->cancelled || hl_lr_find_result_turned (st.result)))
    printf ("%.3g\n", st.result->steepest_lr);
  status = st.result->cancelled ? HL_EXIT_CANCELLED : HL_EXIT_OK;
  if (output != NULL && !write_csv (st.result, output, &error))
    status = hl_cli_fail (g_steal_pointer (&error));
  hl_lr_find_result_free (st.result);
  return status;
}
