/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-sweep.c - `hyperlab-cli sweep`: the trials of a sweep file trained
 * in parallel into the run store, a line as each ends, a ranking at the end. */
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "hl-cli.h"
#include "hl-format.h"
#include "hl-cli-sweep.h"

typedef struct {
  HlSweep       *sweep;
  HlStore       *store;
  GCancellable  *cancellable;
  gboolean       quiet;
  guint          parallel;
  guint          ended;
  /* the live line on a terminal: where each running trial is */
  GMutex         live_lock;
  GArray        *live;      /* double per trial: epochs done, < 0 when not training */
  gboolean       drawn;
} SweepState;

static const char *
metric_name (const HlSweep *sweep)
{
  return sweep->metric == HL_SWEEP_METRIC_VAL_LOSS ? _("val loss") : _("val accuracy");
}

static char *
format_score (const HlSweep *sweep, double v)
{
  if (!isfinite (v))
    return g_strdup ("—");
  if (sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY)
    return g_strdup_printf ("%.2f %%", 100.0 * v);
  return hl_cli_format_loss (v);
}

/* What became of a trial, in a few words; pruned where the rungs count. */
static char *
outcome (const HlSweep *sweep, const HlSweepTrial *t)
{
  switch (t->state)
    {
    case HL_SWEEP_TRIAL_FAILED:
      return g_strdup (_("Failed"));
    case HL_SWEEP_TRIAL_SKIPPED:
      return g_strdup (_("Not run"));
    case HL_SWEEP_TRIAL_DONE:
      if (t->pruned && sweep->pruning_epochs)
        /* (1 epoch; 0.5 and 2 epochs) */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Pruned after %.3g epoch", "Pruned after %.3g epochs",
                                             t->epochs == 1 ? 1 : 2), t->epochs);
      if (t->pruned)
        {
          /* the count as text: xgettext cannot read "%" G_GUINT64_FORMAT,
           * so the message was never translated */
          g_autofree char *step = g_strdup_printf ("%" G_GUINT64_FORMAT, t->steps);
          /* TRANSLATORS: %s is a step number */
          return g_strdup_printf (_("Pruned at step %s"), step);
        }
      return g_strdup (hl_run_status_to_label (t->run_status));
    case HL_SWEEP_TRIAL_PENDING:
    case HL_SWEEP_TRIAL_RUNNING:
    default:
      return g_strdup (_("Running"));
    }
}

void
hl_cli_sweep_print_trial (const HlSweep *sweep, const HlSweepTrial *t, guint ended)
{
  g_autofree char *what = outcome (sweep, t);
  g_autofree char *score = NULL;
  g_autofree char *label = hl_cli_printable (t->label, FALSE);
  g_autofree char *secs = NULL;

  if (t->state == HL_SWEEP_TRIAL_FAILED)
    {
      g_autofree char *msg = hl_cli_printable (t->error, FALSE);
      printf ("[%u/%u] #%u %s: %s: %s\n", ended, sweep->trials->len, t->index, label, what, msg);
      fflush (stdout);
      return;
    }
  score = format_score (sweep, t->score);
  secs = hl_format_duration (t->seconds);
  printf ("[%u/%u] #%u %s: %s, %s %s, %s  (run %s)\n", ended, sweep->trials->len, t->index,
          label, what, metric_name (sweep), score, secs, t->run_id);
  if (t->error != NULL)
    {
      g_autofree char *msg = hl_cli_printable (t->error, FALSE);
      printf ("    %s %s\n", _("the run could not be saved:"), msg);
    }
  fflush (stdout);
}

/* The live line off the terminal, under live_lock (before a trial's line). */
static void
clear_live (SweepState *st)
{
  if (st->drawn)
    fputs ("\r\033[K", stderr);
  st->drawn = FALSE;
}

/* On a worker thread, one call at a time. */
static void
on_trial (HlSweep *sweep, HlSweepTrial *t, const HlRun *run, gpointer data)
{
  SweepState *st = data;

  (void) run;
  g_mutex_lock (&st->live_lock);
  if (st->live != NULL)
    {
      g_array_index (st->live, double, t->index - 1) = t->state == HL_SWEEP_TRIAL_RUNNING ? 0.0 : -1.0;
      if (t->state != HL_SWEEP_TRIAL_RUNNING)
        clear_live (st);
    }
  /* under the lock: the live line is not redrawn through the trial's line */
  if (!st->quiet && t->state != HL_SWEEP_TRIAL_RUNNING && t->state != HL_SWEEP_TRIAL_SKIPPED)
    hl_cli_sweep_print_trial (sweep, t, ++st->ended);
  g_mutex_unlock (&st->live_lock);
}

/* On the trials' threads, a few times a second each. */
static void
on_progress (HlSweep *sweep, HlSweepTrial *t, const HlProgress *p, gpointer data)
{
  SweepState *st = data;

  (void) sweep;
  g_mutex_lock (&st->live_lock);
  g_array_index (st->live, double, t->index - 1) =
    p->steps_per_epoch > 0 ? (double) p->step / (double) p->steps_per_epoch : 0.0;
  g_mutex_unlock (&st->live_lock);
}

/* "training #3 4.2/10 epochs · #4 1.0/10", ten times a second on the main loop */
static gboolean
draw_live (gpointer data)
{
  SweepState *st = data;
  g_autoptr(GString) line = g_string_new (NULL);

  g_mutex_lock (&st->live_lock);
  for (guint k = 0; k < st->live->len; k++)
    {
      const double at = g_array_index (st->live, double, k);
      const HlSweepTrial *t = st->sweep->trials->pdata[k];

      if (at < 0)
        continue;
      g_string_append_printf (line, "%s#%u %.1f/%u", line->len == 0 ? _("training ") : " · ", t->index,
                              at, t->config->training.epochs);
      if (line->len > 200)
        break;
    }
  if (line->len > 0)
    {
      g_string_append (line, _(" epochs"));
      fprintf (stderr, "\r%s\033[K", line->str);
      fflush (stderr);
      st->drawn = TRUE;
    }
  g_mutex_unlock (&st->live_lock);
  return G_SOURCE_CONTINUE;
}

/* text left-aligned in `width` columns and a space (columns, not bytes:
 * "—" is three) */
static void
print_cell (const char *text, guint width)
{
  g_autofree char *cell = hl_cli_pad (text, (glong) width + 1);

  fputs (cell, stdout);
  /* a cell wider than its column ("Pruned after 0.333 epochs" is 25 in
   * 24) still ends in a space, not run into the next */
  if (hl_cli_text_columns (text) > (glong) width)
    fputc (' ', stdout);
}

void
hl_cli_sweep_print_ranking (const HlSweep *sweep, gboolean after_output)
{
  g_autoptr(GPtrArray) ranked = hl_sweep_ranking (sweep);
  guint shown = 0, not_run = 0;

  printf ("%s%s %s (%s):\n", after_output ? "\n" : "", _("Trials by"), metric_name (sweep),
          sweep->metric == HL_SWEEP_METRIC_VAL_LOSS ? _("lowest first") : _("highest first"));
  /* the headers padded as the cells are, by columns (printf's "%-5s"
   * counts bytes: a translated header with an umlaut put the headers after
   * it out of line with their columns) */
  fputs ("  ", stdout);
  print_cell (_("rank"), 5);
  print_cell (_("trial"), 6);
  print_cell (metric_name (sweep), 13);
  print_cell (_("outcome"), 24);
  print_cell (_("steps"), 8);
  print_cell (_("run"), 22);
  printf ("%s\n", _("settings"));
  for (guint k = 0; k < ranked->len; k++)
    {
      const HlSweepTrial *t = ranked->pdata[k];
      g_autofree char *score = format_score (sweep, t->score);
      g_autofree char *what = outcome (sweep, t);
      g_autofree char *label = hl_cli_printable (t->label, FALSE);
      g_autofree char *rank = isfinite (t->score) ? g_strdup_printf ("%u", ++shown) : g_strdup ("—");
      g_autofree char *trial = g_strdup_printf ("#%u", t->index);
      g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, t->steps);

      if (t->state == HL_SWEEP_TRIAL_SKIPPED)
        {
          not_run++;
          continue;
        }
      fputs ("  ", stdout);
      print_cell (rank, 5);
      print_cell (trial, 6);
      print_cell (score, 13);
      print_cell (what, 24);
      print_cell (steps, 8);
      print_cell (t->run_id != NULL ? t->run_id : "—", 22);
      printf ("%s\n", label);
    }
  if (not_run > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "  (%u trial not run)\n", "  (%u trials not run)\n", not_run),
            not_run);
  if (ranked->len > 0 && isfinite (((HlSweepTrial *) ranked->pdata[0])->score))
    {
      const HlSweepTrial *best = ranked->pdata[0];
      g_autofree char *label = hl_cli_printable (best->label, FALSE);

      printf ("\n%s #%u: %s", _("Best:"), best->index, label);
      /* a trial cut short by Ctrl+C may lead: say it had not finished */
      if (best->run_status == HL_RUN_STATUS_CANCELLED)
        printf (g_dngettext (GETTEXT_PACKAGE, " (cancelled after %.3g epoch, before the end of its training)",
                             " (cancelled after %.3g epochs, before the end of its training)",
                             best->epochs == 1 ? 1 : 2), best->epochs);
      printf ("\n");
    }
}

static gpointer
sweep_thread (gpointer data)
{
  SweepState *st = data;

  hl_sweep_run (st->sweep, st->store, hl_plugin_registry_get_default (), st->parallel, on_trial, st,
                st->cancellable);
  return NULL;
}

/* Whether the trials set the field (prefix "path=") to more than one value. */
static gboolean
varies (const HlSweep *sweep, const char *prefix)
{
  const char *first = NULL;

  for (guint k = 0; k < sweep->trials->len; k++)
    {
      char **sets = ((HlSweepTrial *) sweep->trials->pdata[k])->sets;
      for (guint i = 0; sets[i] != NULL; i++)
        if (g_str_has_prefix (sets[i], prefix))
          {
            if (first != NULL && !g_str_equal (first, sets[i]))
              return TRUE;
            first = sets[i];
          }
    }
  return FALSE;
}

void
hl_cli_sweep_print_plan (const HlSweep *sweep, guint parallel)
{
  g_autofree char *name = hl_cli_printable (sweep->name, FALSE);
  guint at_once = parallel > 0 ? parallel : hl_sweep_default_parallel (sweep);
  guint left = 0;   /* a continued sweep trains only what is not done */

  for (guint k = 0; k < sweep->trials->len; k++)
    left += ((const HlSweepTrial *) sweep->trials->pdata[k])->state != HL_SWEEP_TRIAL_DONE;

  printf (g_dngettext (GETTEXT_PACKAGE, "Sweep “%s”: %u trial (%s)", "Sweep “%s”: %u trials (%s)",
                       sweep->trials->len),
          name, sweep->trials->len, sweep->method == HL_SWEEP_GRID ? _("grid") : _("random"));
  /* G_MAXUINT: as many at once as SLURM runs */
  if (parallel != G_MAXUINT)
    printf (_(", %u at a time"), MAX (MIN (at_once, left), 1u));
  if (sweep->pruning && sweep->pruning_epochs)
    printf (g_dngettext (GETTEXT_PACKAGE, "; successive halving from %g epoch, keeping the best 1/%u at each rung",
                         "; successive halving from %g epochs, keeping the best 1/%u at each rung",
                         sweep->pruning_min == 1 ? 1 : 2), sweep->pruning_min, sweep->reduction_factor);
  else if (sweep->pruning)
    printf (_("; successive halving from step %.0f, keeping the best 1/%u at each rung"),
            sweep->pruning_min, sweep->reduction_factor);
  printf ("\n");
  if (sweep->id != NULL)
    printf (_("Sweep id %s\n"), sweep->id);
  if (sweep->pruning && !sweep->pruning_epochs && varies (sweep, "training.batch_size="))
    printf ("%s\n", _("Note: the rungs count steps, and a trial with a larger batch has seen more data "
                      "at each; \"min_epochs\" in \"pruning\" compares trials after equal data."));
}

/* The trials trained on this machine (a new sweep, or one continued),
 * a line as each ends, the ranking, how to continue what is left. */
static int
train_here (HlSweep *sweep, HlStore *store, guint parallel, gboolean quiet, const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stopping = NULL;
  SweepState st = { 0 };
  guint live_source = 0;
  gboolean cancelled, failed = FALSE;

  st.sweep = sweep;
  st.store = store;
  st.quiet = quiet;
  st.parallel = parallel;
  st.cancellable = g_cancellable_new ();
  /* a continued sweep counts on from the trials it had finished */
  for (guint k = 0; k < sweep->trials->len; k++)
    st.ended += ((HlSweepTrial *) sweep->trials->pdata[k])->state == HL_SWEEP_TRIAL_DONE;
  g_mutex_init (&st.live_lock);
  if (!quiet && isatty (STDERR_FILENO))
    {
      st.live = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_set_size (st.live, sweep->trials->len);
      for (guint k = 0; k < sweep->trials->len; k++)
        g_array_index (st.live, double, k) = -1.0;
      sweep->progress = on_progress;
      sweep->progress_data = &st;
      live_source = g_timeout_add (100, draw_live, &st);
    }
  stopping = g_strdup_printf (_("Stopping: the running trials are saved as cancelled and no more start; "
                                "“hyperlab-cli sweep --resume %s” continues the sweep. Ctrl+C again stops "
                                "at once."), sweep->id);
  hl_cli_run_cancellable (sweep_thread, &st, st.cancellable, stopping,
    _("hyperlab-cli: stopped at once, without saving: the running trials keep their last checkpoints"));
  cancelled = g_cancellable_is_cancelled (st.cancellable);
  g_object_unref (st.cancellable);
  if (live_source != 0)
    g_source_remove (live_source);
  clear_live (&st);
  g_clear_pointer (&st.live, g_array_unref);
  g_mutex_clear (&st.live_lock);

  hl_cli_sweep_print_ranking (sweep, !quiet);
  hl_cli_sweep_print_continue (sweep);
  for (guint k = 0; k < sweep->trials->len; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];
      failed |= t->state == HL_SWEEP_TRIAL_FAILED || t->error != NULL;
    }
  if (output != NULL && !hl_sweep_save_results (sweep, output, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  if (cancelled)
    return HL_EXIT_CANCELLED;
  return failed ? HL_EXIT_BAD_INPUT : HL_EXIT_OK;
}

/* The dataset fields the trials' kinds do not read, as run warns of them:
 * once for each kind the trials have (the base with the --set overrides
 * and the space values of the first trial of that kind), not once per
 * trial.  A space that varies dataset.kind had only its first trial's kind
 * checked. */
static void
warn_unused_fields (const HlSweep *sweep, const char *file)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autofree char *shown = g_filename_display_name (file);
  g_autofree char *base_shown = g_strconcat (shown, ": base", NULL);

  for (guint k = 0; k < sweep->trials->len; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];
      const char *kind = t->config->dataset.kind;
      /* read again for each kind: a trial's values go into a tree of its own */
      g_autoptr(JsonNode) spec = NULL;
      JsonNode *base;

      if (kind == NULL || g_ptr_array_find_with_equal_func (kinds, kind, g_str_equal, NULL))
        continue;
      g_ptr_array_add (kinds, (gpointer) kind);
      spec = json_from_string (sweep->spec, NULL);
      if (spec == NULL || !JSON_NODE_HOLDS_OBJECT (spec)
          || (base = json_object_get_member (json_node_get_object (spec), "base")) == NULL)
        return;
      for (guint i = 0; sweep->sets != NULL && sweep->sets[i] != NULL; i++)
        hl_config_json_set (base, sweep->sets[i], NULL);
      for (guint i = 0; t->sets[i] != NULL; i++)
        hl_config_json_set (base, t->sets[i], NULL);
      hl_cli_warn_unused_fields (kind, base, base_shown, sweep->sets, shown, t->sets);
    }
}

/* Options that do not go together, said before anything is read. */
static gboolean
check_modes (int argc, const char *resume, gboolean list, const char *forget, gboolean slurm,
             char **sets, gboolean dry_run)
{
  const char *msg = NULL;

  if ((resume != NULL) + list + (forget != NULL) > 1)
    msg = _("hyperlab-cli: sweep: give one of --resume, --list and --forget");
  else if ((resume != NULL || list || forget != NULL) && argc != 1)
    msg = _("hyperlab-cli: sweep: --resume, --list and --forget take no SWEEP file");
  else if (resume != NULL && slurm)
    msg = _("hyperlab-cli: sweep --resume: a sweep is continued on this machine (also one that ran with "
            "--slurm); leave out --slurm");
  else if (resume != NULL && (sets != NULL || dry_run))
    msg = _("hyperlab-cli: sweep --resume: the sweep keeps the settings it started with (no --set or --dry-run)");
  else if (resume == NULL && !list && forget == NULL && argc != 2)
    msg = _("hyperlab-cli: sweep takes one SWEEP file (see --help)");
  if (msg != NULL)
    fprintf (stderr, "%s\n", msg);
  return msg == NULL;
}

/* -o is none of the sweep's inputs: the sweep file, its base config and
 * the trials' data (the results replaced the base config, found by a QA
 * pass); a resumed sweep's files as its record names them. */
static gboolean
check_output (const char *output, const HlSweep *sweep, GError **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  if (sweep->file != NULL)
    g_ptr_array_add (inputs, g_strdup (sweep->file));
  if (sweep->base_file != NULL)
    g_ptr_array_add (inputs, g_strdup (sweep->base_file));
  for (guint k = 0; k < sweep->trials->len; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];

      if (t->config != NULL)
        hl_cli_add_data_inputs (inputs, t->config);
    }
  g_ptr_array_add (inputs, NULL);
  return hl_cli_check_output (output, (const char *const *) inputs->pdata, error);
}

int
hl_cli_sweep (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *work = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *forget = NULL;
  g_auto(GStrv) sbatch_args = NULL;
  g_auto(GStrv) sets = NULL;
  gboolean quiet = FALSE, dry_run = FALSE, slurm = FALSE, list = FALSE;
  /* G_MININT: not given (0 was, and -j 0 passed as "the default") */
  gint parallel = G_MININT, tasks = G_MININT, task = -1;
  GOptionEntry entries[] = {
    { "parallel", 'j', 0, G_OPTION_ARG_INT, &parallel,
      N_("Trials trained at once (default: the file's \"parallel\", else one per CPU, "
         "or per training.threads CPUs)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Also write the results (each trial's settings, run, outcome and score) as JSON"),
      N_("RESULTS.json") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir,
      N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
      N_("Override a field of the base config, e.g. training.epochs=5 (repeatable; a trial's own "
         "setting of the field wins)"), N_("PATH=VALUE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the sweep and list its trials without training"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the ranking (and how to continue a sweep left unfinished)"), NULL },
    { "resume", 0, 0, G_OPTION_ARG_STRING, &resume,
      N_("Continue a sweep that did not finish (interrupted, Ctrl+C, Stop): its finished trials are "
         "kept, its cancelled ones resume from their checkpoints, the rest start"), N_("ID") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List the sweeps that can be continued: id, trials done, when, name"), NULL },
    { "forget", 0, 0, G_OPTION_ARG_STRING, &forget,
      N_("Drop the record of a sweep that will not be continued (its runs stay)"), N_("ID") },
    { "slurm", 0, 0, G_OPTION_ARG_NONE, &slurm,
      N_("Train the trials as a SLURM job array (sbatch), one task per share of them"), NULL },
    { "slurm-tasks", 0, 0, G_OPTION_ARG_INT, &tasks,
      N_("Array tasks to share the trials (default: one per trial, at most 64)"), N_("N") },
    { "sbatch", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sbatch_args,
      N_("Pass an option to sbatch, e.g. --sbatch=--partition=cpu (repeatable)"), N_("OPTION") },
    /* an array task of --slurm: not for people */
    { "slurm-work", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &work, NULL, NULL },
    { "slurm-task", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &task, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("SWEEP.json | --resume ID | --list | --forget ID"));
  g_option_context_set_summary (context,
    _("Train the trials of a sweep, several at once, stopping those that fall behind."));
  g_option_context_set_description (context,
    _("A sweep file names a base config and the fields to vary:\n\n"
      "  { \"format\": \"hyperlab-sweep\", \"version\": 1, \"base\": \"spiral.hyperlab.json\",\n"
      "    \"space\": { \"optimizer.learning_rate\": { \"log_uniform\": [1e-4, 0.3] },\n"
      "               \"training.batch_size\": { \"values\": [8, 32, 128] } },\n"
      "    \"method\": \"random\", \"budget\": 12, \"metric\": \"val_loss\",\n"
      "    \"pruning\": { \"method\": \"successive_halving\", \"min_epochs\": 2, \"reduction_factor\": 3 } }\n\n"
      "Ranges: \"values\", \"uniform\", \"log_uniform\", \"int_uniform\" ([low, high]; a grid takes "
      "\"points\" from a range). Every trial is a run in the run store, named after the sweep and "
      "what it set. Successive halving stops a trial at min_epochs·η^k epochs (default: the "
      "trials' epochs / η³; or min_steps·η^k steps) when it is not among the best 1/η of the trials "
      "that got there. Ctrl+C saves the running trials as cancelled.\n\n"
      "Every sweep has an id and a record in the store's .sweeps folder until all its trials have "
      "finished: “sweep --resume ID” continues one that was interrupted (its finished trials kept, its "
      "cancelled ones resumed from their checkpoints, the others started; -j, -o and --quiet as for a "
      "new sweep), “sweep --list” lists them, “sweep --forget ID” drops one.\n\n"
      "With --slurm the trials run as a SLURM job array instead (sbatch, squeue, scancel on the PATH; "
      "the run store on a folder every node sees): each task trains its share one trial after "
      "another, the pruning shared through a file in the sweep's record, and this command "
      "follows them until the job ends. Ctrl+C cancels the job (scancel): its running trials are "
      "saved as cancelled. --resume continues such a sweep on this machine.\n\n"
      "Exit status: 0 done, 1 bad input or a trial that could not train, 130 cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (!check_modes (argc, resume, list, forget, slurm, sets, dry_run))
    return HL_EXIT_BAD_INPUT;
  if (parallel != G_MININT && (parallel < 1 || parallel > 256))
    {
      fprintf (stderr, _("hyperlab-cli: --parallel: must be between 1 and 256 (got %d)\n"), parallel);
      return HL_EXIT_BAD_INPUT;
    }
  if (tasks != G_MININT && (tasks < 1 || tasks > 10000))
    {
      fprintf (stderr, _("hyperlab-cli: --slurm-tasks: must be between 1 and 10000 (got %d)\n"), tasks);
      return HL_EXIT_BAD_INPUT;
    }
  /* each array task trains its trials one after another: -j was ignored */
  if (parallel != G_MININT && slurm)
    {
      fprintf (stderr, "%s\n", _("hyperlab-cli: --parallel does not go with --slurm (each array task trains "
                                 "its trials one after another); --slurm-tasks sets how many train at once"));
      return HL_EXIT_BAD_INPUT;
    }
  if ((tasks != G_MININT || sbatch_args != NULL) && !slurm && work == NULL)
    {
      fprintf (stderr, "%s\n", _("hyperlab-cli: --slurm-tasks and --sbatch go with --slurm"));
      return HL_EXIT_BAD_INPUT;
    }
  /* from here on 0 is "not given", as the functions below take it */
  parallel = MAX (parallel, 0);
  tasks = MAX (tasks, 0);
  if (resume != NULL || list || forget != NULL)
    {
      if ((store = hl_store_new (store_dir, &error)) == NULL)
        return hl_cli_fail (g_steal_pointer (&error));
      if (list)
        return hl_cli_sweep_list (store);
      if (forget != NULL)
        return hl_cli_sweep_forget (store, forget);
      if (!hl_store_refresh (store, &error)
          || (sweep = hl_sweep_record_open (store, resume, hl_plugin_registry_get_default (), &error)) == NULL)
        return hl_cli_fail (g_steal_pointer (&error));
    }
  else
    {
      sweep = hl_sweep_load_with_overrides (argv[1], (const char *const *) sets,
                                            hl_plugin_registry_get_default (), &error);
      if (sweep == NULL)
        return hl_cli_fail (g_steal_pointer (&error));
    }
  /* warned of on every start, a resumed sweep's too (they still apply;
   * it said nothing of them): named after the file it was started from,
   * or its record when that kept none */
  warn_unused_fields (sweep, resume == NULL ? argv[1] : sweep->file != NULL ? sweep->file : sweep->path);
  if (output != NULL && !check_output (output, sweep, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  if (dry_run)
    {
      hl_cli_sweep_print_plan (sweep, (guint) parallel);
      for (guint k = 0; k < sweep->trials->len; k++)
        {
          const HlSweepTrial *t = sweep->trials->pdata[k];
          g_autofree char *label = hl_cli_printable (t->label, FALSE);
          printf ("  #%u %s\n", t->index, label);
        }
      return HL_EXIT_OK;
    }
  if (store == NULL && (store = hl_store_new (store_dir, &error)) == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  if (work != NULL)
    return task >= 0 && tasks > 0 && task < tasks
           ? hl_cli_sweep_task (sweep, store, work, (guint) task, (guint) tasks) : HL_EXIT_BAD_INPUT;
  if (slurm)
    return hl_cli_sweep_slurm (sweep, store, tasks > 0 ? (guint) tasks : MIN (sweep->trials->len, 64u),
                               sbatch_args, output, quiet);
  /* a new sweep gets its record before anything trains */
  if (resume == NULL && !hl_sweep_record_create (sweep, store, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  if (!quiet)
    {
      if (resume != NULL)
        hl_cli_sweep_print_resume (sweep);
      hl_cli_sweep_print_plan (sweep, (guint) parallel);
      fflush (stdout);
    }
  return train_here (sweep, store, (guint) parallel, quiet, output);
}
