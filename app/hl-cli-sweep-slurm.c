/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-sweep-slurm.c - `hyperlab-cli sweep --slurm`: the trials as a SLURM
 * job array.  The command makes the sweep's record in the run store
 * (.sweeps/<id>/, hl_sweep_record_create) its work folder too (the trials'
 * labels, the pruner's shared state, the job script, each task's log and
 * each trial's start and outcome), submits one array task
 * per share of the trials, follows their outcomes as they appear and ranks
 * them at the end.  Each task is this program again (`sweep --slurm-task`),
 * training its trials one after another into the same store, the pruning
 * decided through the shared state file. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "hl-cli.h"
#include "hl-cli-sweep.h"

#define TRIALS_FILE "trials.json"
#define RUNGS_FILE  "rungs.json"    /* as hl_sweep_record_create names it */
#define SCRIPT_FILE "job.sh"

static const char *const slurm_tools[] = { "sbatch", "squeue", "scancel" };

static char *
trial_file (const char *work, guint index)
{
  g_autofree char *name = g_strdup_printf ("trial-%u.json", index);

  return g_build_filename (work, name, NULL);
}

/* The trials' labels, so a task can tell it expanded the same sweep. */
static char *
labels_json (const HlSweep *sweep)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint k = 0; k < sweep->trials->len; k++)
    json_builder_add_string_value (b, ((HlSweepTrial *) sweep->trials->pdata[k])->label);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

/* ---- an array task ----------------------------------------------------------- */

typedef struct {
  const char   *work;
  GCancellable *cancellable;
  HlSweep      *sweep;
  HlStore      *store;
} TaskState;

static void
publish (const char *work, const HlSweepTrial *t)
{
  g_autoptr(JsonNode) node = hl_sweep_trial_to_json (t);
  /* not json_to_string: json-glib 1.6 writes a score of 1e-05 as "1e-05.0",
   * which the controller could not read back */
  g_autofree char *text = hl_json_to_data (node, TRUE, NULL);
  g_autofree char *path = trial_file (work, t->index);
  g_autoptr(GError) error = NULL;

  /* g_file_set_contents writes beside and renames: the controller never
   * reads half a file */
  if (!g_file_set_contents (path, text, -1, &error))
    fprintf (stderr, "hyperlab-cli: %s\n", error->message);
}

static void
on_task_trial (HlSweep *sweep, HlSweepTrial *t, const HlRun *run, gpointer data)
{
  TaskState *st = data;

  (void) sweep;
  (void) run;
  /* its start too: the controller's record names its run for a resume */
  publish (st->work, t);
  if (t->state == HL_SWEEP_TRIAL_RUNNING)
    printf ("trial #%u %s: training\n", t->index, t->label);
  else
    printf ("trial #%u: %s\n", t->index, t->stop_reason != NULL ? t->stop_reason
                                           : t->error != NULL ? t->error : "ended");
  fflush (stdout);
}

static gpointer
task_thread (gpointer data)
{
  TaskState *st = data;

  hl_sweep_run (st->sweep, st->store, hl_plugin_registry_get_default (), 1, on_task_trial, st,
                st->cancellable);
  return NULL;
}

int
hl_cli_sweep_task (HlSweep *sweep, HlStore *store, const char *work, guint task, guint tasks)
{
  g_autofree char *labels_path = g_build_filename (work, TRIALS_FILE, NULL);
  g_autofree char *submitted = NULL;
  g_autofree char *now = labels_json (sweep);
  g_autoptr(GError) error = NULL;
  TaskState st = { work, g_cancellable_new (), sweep, store };
  gboolean failed = FALSE, cancelled;

  if (!g_file_get_contents (labels_path, &submitted, NULL, &error))
    {
      g_object_unref (st.cancellable);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  if (!g_str_equal (submitted, now))
    {
      fprintf (stderr, _("hyperlab-cli: %s: the sweep file no longer gives the trials it gave when "
                         "it was submitted\n"), sweep->path != NULL ? sweep->path : "sweep");
      g_object_unref (st.cancellable);
      return HL_EXIT_BAD_INPUT;
    }
  /* this task's share: trials task, task + tasks, … */
  for (guint k = 0; k < sweep->trials->len; k++)
    if (k % tasks != task)
      ((HlSweepTrial *) sweep->trials->pdata[k])->state = HL_SWEEP_TRIAL_SKIPPED;
  g_free (sweep->pruning_state);
  sweep->pruning_state = g_build_filename (work, RUNGS_FILE, NULL);
  hl_cli_run_cancellable (task_thread, &st, st.cancellable, NULL, NULL);
  cancelled = g_cancellable_is_cancelled (st.cancellable);
  g_object_unref (st.cancellable);
  /* the share's trials that never started say so too */
  for (guint k = task; k < sweep->trials->len; k += tasks)
    {
      HlSweepTrial *t = sweep->trials->pdata[k];
      if (t->state == HL_SWEEP_TRIAL_SKIPPED)
        publish (work, t);
      failed |= t->state == HL_SWEEP_TRIAL_FAILED;
    }
  return cancelled ? HL_EXIT_CANCELLED : failed ? HL_EXIT_BAD_INPUT : HL_EXIT_OK;
}

/* ---- the controller ----------------------------------------------------------- */

typedef struct {
  HlSweep      *sweep;
  const char   *work;
  char         *job;
  GCancellable *cancellable;
  gboolean      quiet;
  guint         ended;
  GError       *error;
} Follow;

/* argv[0] run to its end; its stdout in *out (may be NULL), its stderr in
 * *err when it fails (may be NULL). */
static gboolean
run_tool_full (const char *const *argv, char **out, char **err_out, GError **error)
{
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s", argv[0],
                   err != NULL && *err ? g_strstrip (err) : "no message");
      if (err_out != NULL)
        *err_out = g_steal_pointer (&err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_tool (const char *const *argv, char **out, GError **error)
{
  return run_tool_full (argv, out, NULL, error);
}

/* Trials that started or ended since the last look: the record follows
 * them (a started trial's run), an ended one gets its line. */
static void
collect (Follow *f)
{
  gboolean changed = FALSE;

  for (guint k = 0; k < f->sweep->trials->len; k++)
    {
      HlSweepTrial *t = f->sweep->trials->pdata[k];
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *run_before = g_strdup (t->run_id);
      g_autoptr(JsonNode) node = NULL;
      const HlSweepTrialState before = t->state;

      if (t->state != HL_SWEEP_TRIAL_PENDING && t->state != HL_SWEEP_TRIAL_RUNNING)
        continue;
      path = trial_file (f->work, t->index);
      if (!g_file_get_contents (path, &text, NULL, NULL)
          || (node = json_from_string (text, NULL)) == NULL
          || !hl_sweep_trial_take_outcome (t, node))
        continue;
      changed |= t->state != before || g_strcmp0 (run_before, t->run_id) != 0;
      if (!f->quiet && t->state != HL_SWEEP_TRIAL_SKIPPED && t->state != HL_SWEEP_TRIAL_RUNNING)
        hl_cli_sweep_print_trial (f->sweep, t, ++f->ended);
    }
  if (changed && !hl_sweep_record_save (f->sweep, &f->error) && f->error != NULL)
    {
      fprintf (stderr, "hyperlab-cli: %s\n", f->error->message);
      g_clear_error (&f->error);
    }
}

static gboolean
job_queued (const char *job)
{
  const char *argv[] = { "squeue", "-h", "-j", job, "-o", "%i", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* A job that ended more than MinJobAge ago (300 s by default; seconds on
   * some clusters, or while this command was suspended) is no longer known:
   * squeue fails with "Invalid job id specified", which waited for ever.
   * Any other failure (the controller restarting) counts as queued: look
   * again. */
  if (!run_tool_full (argv, &out, &err, NULL))
    return err == NULL || strstr (err, "Invalid job id") == NULL;
  return out != NULL && *g_strstrip (out) != '\0';
}

static gpointer
follow_thread (gpointer data)
{
  Follow *f = data;
  gboolean cancel_sent = FALSE;

  while (job_queued (f->job))
    {
      collect (f);
      if (g_cancellable_is_cancelled (f->cancellable) && !cancel_sent)
        {
          /* the tasks get SIGTERM: their running trials are saved as cancelled */
          const char *argv[] = { "scancel", "--signal=TERM", "--full", f->job, NULL };
          run_tool (argv, NULL, NULL);
          cancel_sent = TRUE;
        }
      g_usleep (G_USEC_PER_SEC / 4);
    }
  collect (f);
  return NULL;
}

/* Once the job has ended: what its tasks left unsaid.  Unless Ctrl+C
 * stopped the job, a trial without an outcome (its task killed), one its
 * task never started, or one whose run its task saved as cancelled (SLURM
 * stopped the task: a time limit, scancel, preemption) did not train to its
 * end, and the sweep failed; each says so, with its task's log.  (Trials
 * after a failed one in a task's share are not run, as in a local sweep.)
 * TRUE when the sweep failed. */
static gboolean
settle (Follow *f, guint tasks, gboolean cancelled)
{
  const HlSweep *sweep = f->sweep;
  g_autofree gboolean *share_failed = g_new0 (gboolean, tasks);
  gboolean failed = FALSE;

  for (guint k = 0; k < sweep->trials->len; k++)
    {
      HlSweepTrial *t = sweep->trials->pdata[k];

      /* started, never ended: no outcome (its run, if any, stays named for a resume) */
      if (t->state == HL_SWEEP_TRIAL_RUNNING)
        t->state = HL_SWEEP_TRIAL_PENDING;
      share_failed[k % tasks] |= t->state == HL_SWEEP_TRIAL_FAILED;
    }
  for (guint k = 0; k < sweep->trials->len; k++)
    {
      HlSweepTrial *t = sweep->trials->pdata[k];
      g_autofree char *log = g_strdup_printf ("%s/task-%u.out", f->work, k % tasks);

      if (t->state == HL_SWEEP_TRIAL_PENDING && cancelled)
        t->state = HL_SWEEP_TRIAL_SKIPPED;
      else if (t->state == HL_SWEEP_TRIAL_PENDING
               || (t->state == HL_SWEEP_TRIAL_SKIPPED && !cancelled && !share_failed[k % tasks]))
        {
          t->error = t->state == HL_SWEEP_TRIAL_PENDING
            ? g_strdup_printf (_("its array task ended without a result (see %s)"), log)
            : g_strdup_printf (_("its array task was stopped before the trial started (a time limit, "
                                 "scancel or preemption; see %s)"), log);
          t->state = HL_SWEEP_TRIAL_FAILED;
          if (!f->quiet)
            hl_cli_sweep_print_trial (sweep, t, ++f->ended);
        }
      else if (t->state == HL_SWEEP_TRIAL_DONE && t->run_status == HL_RUN_STATUS_CANCELLED && !cancelled)
        {
          if (!f->quiet)
            printf (_("    #%u was stopped with its array task (a time limit, scancel or preemption; see %s): "
                      "“hyperlab-cli sweep --resume %s” trains it on, with the sweep's other unfinished "
                      "trials, on this machine\n"), t->index, log, sweep->id);
          failed = TRUE;
        }
      failed |= t->state == HL_SWEEP_TRIAL_FAILED || t->error != NULL;
    }
  fflush (stdout);
  return failed;
}

/* The task logs, when the sweep ends finished but a task failed. */
static gboolean
is_task_log (const char *name)
{
  return g_str_has_prefix (name, "task-") && g_str_has_suffix (name, ".out");
}

static char *
this_program (GError **error)
{
  return g_file_read_link ("/proc/self/exe", error);
}

int
hl_cli_sweep_slurm (HlSweep *sweep, HlStore *store, guint tasks, char **sbatch_args,
                    const char *output, gboolean quiet)
{
  g_autoptr(GError) error = NULL;
  char **sets = sweep->sets;
  const char *work = NULL;
  g_autofree char *labels = labels_json (sweep);
  g_autofree char *labels_path = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *log_pattern = NULL;
  g_autofree char *program = NULL;
  g_autofree char *sweep_abs = NULL;
  g_autofree char *script = NULL;
  g_autofree char *array = NULL;
  g_autofree char *cpus = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Follow f = { sweep, NULL, NULL, NULL, quiet, 0, NULL };
  gboolean failed = FALSE, cancelled;

  /* all three before anything is submitted: without squeue the job was
   * followed for ever, without scancel Ctrl+C stopped nothing */
  for (guint i = 0; i < G_N_ELEMENTS (slurm_tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (slurm_tools[i]);
      if (found == NULL)
        {
          fprintf (stderr, _("hyperlab-cli: --slurm: %s is not on the PATH (is SLURM installed?)\n"),
                   slurm_tools[i]);
          return HL_EXIT_BAD_INPUT;
        }
    }
  tasks = MAX (1u, MIN (tasks, sweep->trials->len));
  program = this_program (&error);
  if (program == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  sweep_abs = g_canonicalize_filename (sweep->path, NULL);
  sweep->slurm = TRUE;
  if (!hl_sweep_record_create (sweep, store, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  work = sweep->record_dir;
  f.work = work;
  labels_path = g_build_filename (work, TRIALS_FILE, NULL);
  script_path = g_build_filename (work, SCRIPT_FILE, NULL);
  log_pattern = g_build_filename (work, "task-%a.out", NULL);
  {
    g_autofree char *q_program = g_shell_quote (program);
    g_autofree char *q_sweep = g_shell_quote (sweep_abs);
    g_autofree char *q_store = g_shell_quote (hl_store_get_dir (store));
    g_autofree char *q_work = g_shell_quote (work);
    g_autoptr(GString) q_sets = g_string_new (NULL);

    /* the tasks expand the same trials: the same overrides */
    for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
      {
        g_autofree char *q = g_shell_quote (sets[i]);
        g_string_append_printf (q_sets, " --set %s", q);
      }
    script = g_strdup_printf ("#!/bin/sh\n# hyperlab-cli sweep --slurm: one array task's share of the trials\n"
                              "exec %s sweep %s --store %s --slurm-work %s --slurm-task \"$SLURM_ARRAY_TASK_ID\" "
                              "--slurm-tasks %u%s\n", q_program, q_sweep, q_store, q_work, tasks, q_sets->str);
  }
  if (!g_file_set_contents (labels_path, labels, -1, &error)
      || !g_file_set_contents (script_path, script, -1, &error))
    {
      hl_sweep_record_discard (sweep);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  g_chmod (script_path, 0755);

  array = g_strdup_printf ("--array=0-%u", tasks - 1);
  /* a task trains its trials one after another: the most threads any takes */
  cpus = g_strdup_printf ("--cpus-per-task=%u", hl_sweep_max_threads (sweep));
  g_ptr_array_add (argv, "sbatch");
  g_ptr_array_add (argv, "--parsable");
  g_ptr_array_add (argv, array);
  g_ptr_array_add (argv, "--job-name=hyperlab-sweep");
  g_ptr_array_add (argv, cpus);
  g_ptr_array_add (argv, (char *) "--output");
  g_ptr_array_add (argv, log_pattern);
  g_ptr_array_add (argv, "--export=ALL");
  for (guint i = 0; sbatch_args != NULL && sbatch_args[i] != NULL; i++)
    g_ptr_array_add (argv, sbatch_args[i]);
  g_ptr_array_add (argv, script_path);
  g_ptr_array_add (argv, NULL);
  if (!run_tool ((const char *const *) argv->pdata, &out, &error))
    {
      /* nothing was submitted: no work folder for nothing */
      hl_sweep_record_discard (sweep);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  /* "1234" or "1234;cluster" */
  f.job = g_strndup (g_strstrip (out), strcspn (out, ";"));
  /* kept until the job is seen to end: should this command go first (a
   * second Ctrl+C, a closed terminal), --resume waits for the job, whose
   * tasks go on starting trials the record does not name */
  sweep->slurm_job = g_strdup (f.job);
  if (!hl_sweep_record_save (sweep, &error))
    {
      fprintf (stderr, "hyperlab-cli: %s\n", error->message);
      g_clear_error (&error);
    }
  if (!quiet)
    {
      hl_cli_sweep_print_plan (sweep, G_MAXUINT);
      printf (_("Submitted as SLURM job %s: %u array task%s; work folder %s\n"), f.job, tasks,
              tasks == 1 ? "" : "s", work);
      fflush (stdout);
    }

  f.cancellable = g_cancellable_new ();
  hl_cli_run_cancellable (follow_thread, &f, f.cancellable,
    _("Stopping: the job's tasks are told to stop (scancel); their running trials are saved as "
      "cancelled. Ctrl+C again leaves the job to SLURM."),
    _("hyperlab-cli: left the job to SLURM (scancel JOB stops it)"));
  cancelled = g_cancellable_is_cancelled (f.cancellable);
  g_object_unref (f.cancellable);
  /* followed to its end: the record saved on closing no longer names it */
  g_clear_pointer (&sweep->slurm_job, g_free);
  failed = settle (&f, tasks, cancelled);
  g_free (f.job);
  hl_cli_sweep_print_ranking (sweep, !quiet);
  if (!hl_sweep_record_close (sweep, failed ? is_task_log : NULL))
    hl_cli_sweep_print_continue (sweep);
  else if (failed && !quiet)
    printf (_("The array tasks' logs are kept in %s\n"), work);
  if (output != NULL && !hl_sweep_save_results (sweep, output, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  return cancelled ? HL_EXIT_CANCELLED : failed ? HL_EXIT_BAD_INPUT : HL_EXIT_OK;
}
