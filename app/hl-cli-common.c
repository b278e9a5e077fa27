/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-common.c - helpers shared by the hyperlab-cli subcommands. */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include "hl-checkpoint.h"
#include "hl-cli.h"
#include "hl-confusion-render.h"
#include "hl-format.h"

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
}

char *
hl_cli_printable (const char *text, gboolean keep_newlines)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (p = text; *p;)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      /* not UTF-8 (a message quoting raw bytes): that byte is one U+FFFD */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_unichar (out, 0xFFFD);
          p++;
          continue;
        }
      if ((g_unichar_iscntrl (c) && !(keep_newlines && c == '\n')) || is_bidi_control (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* Terminal columns, not characters: CJK takes two, combining marks none
 * (wide names pushed the columns of `runs` out of line; found by a review). */
static glong
columns (gunichar c)
{
  return g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
}

static glong
columns_of (const char *printable)
{
  glong n = 0;

  for (const char *p = printable; *p; p = g_utf8_next_char (p))
    n += columns (g_utf8_get_char (p));
  return n;
}

glong
hl_cli_text_columns (const char *text)
{
  g_autofree char *printable = hl_cli_printable (text ? text : "-", FALSE);

  return columns_of (printable);
}

char *
hl_cli_pad (const char *text, glong width)
{
  GString *out = g_string_new (text);

  for (glong used = columns_of (text); used < width; used++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

char *
hl_cli_fit (const char *text, glong width)
{
  /* a name or a CSV file name from a run file reaches the terminal: an ESC
   * sequence in it recoloured or cleared the screen, a tab pushed the
   * columns (found by a QA pass) */
  g_autofree char *printable = hl_cli_printable (text ? text : "-", FALSE);
  const glong total = columns_of (printable);
  GString *out = g_string_new (NULL);
  glong used = 0;

  for (const char *p = printable; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (total > width && used + columns (c) > width - 1)
        {
          g_string_append (out, "…");
          used++;
          break;
        }
      g_string_append_unichar (out, c);
      used += columns (c);
    }
  for (; used < width; used++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}


int
hl_cli_fail (GError *error)
{
  g_autofree char *shown = error ? hl_cli_printable (error->message, TRUE) : NULL;

  fprintf (stderr, "hyperlab-cli: %s\n", shown ? shown : _("unknown error"));
  g_clear_error (&error);
  return HL_EXIT_BAD_INPUT;
}

int
hl_cli_report_trained (const HlRun *run, GError *error, gboolean quiet, const char *quiet_path)
{
  if (run == NULL)
    {
      /* Ctrl+C before the first step (while loading data): nothing trained
       * (it said only "Operation was cancelled") */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          fprintf (stderr, "%s\n", _("hyperlab-cli: cancelled while the data loaded: nothing was "
                                     "trained or saved"));
          return HL_EXIT_CANCELLED;
        }
      return hl_cli_fail (error);
    }
  g_clear_error (&error);
  if (!quiet)
    hl_cli_print_summary (run, stdout);
  else
    {
      /* a run that completed with its loss exploded or NaN exits 0: the
       * warning is all that says so, and --quiet dropped it with the
       * summary (found by a QA pass) */
      g_autofree char *warning = hl_cli_loss_warning (run);

      if (quiet_path != NULL)
        printf ("%s\n", quiet_path);
      /* a failed run (a schedule plugin's bad rate) exits 1: its reason,
       * which the summary carries, must not go with it */
      if (run->status == HL_RUN_STATUS_FAILED && run->summary.stop_reason != NULL)
        {
          fflush (stdout);
          fprintf (stderr, "hyperlab-cli: %s\n", run->summary.stop_reason);
        }
      if (warning != NULL)
        {
          fflush (stdout);
          fprintf (stderr, "hyperlab-cli: %s\n", warning);
        }
    }
  return hl_cli_exit_for_status (run->status);
}

char *
hl_cli_resume_file_arg (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);

  return g_strconcat ("--killed ", quoted, NULL);
}

char *
hl_cli_unsaved_hint (const GError *error, const char *path, const char *resume_arg)
{
  g_autofree char *dir = NULL, *shown = NULL;

  /* the errno the error keeps decides, not the system's words for it in
   * the message: a file name can hold those, other words can say it */
  switch (error != NULL ? hl_error_save_cause (error) : HL_SAVE_CAUSE_OTHER)
    {
    case HL_SAVE_CAUSE_NO_ROOM:
      return g_strdup_printf (_("hyperlab-cli: these results are not saved; the run keeps its last "
                                "checkpoint: make room, then “hyperlab-cli resume %s” trains it on from "
                                "there\n"), resume_arg);
    case HL_SAVE_CAUSE_NOT_WRITABLE:
      dir = g_path_get_dirname (path);
      shown = hl_cli_printable (dir, FALSE);
      /* TRANSLATORS: a folder, then resume's arguments */
      return g_strdup_printf (_("hyperlab-cli: these results are not saved; the run keeps its last "
                                "checkpoint: the folder %s is not writable; once it is, "
                                "“hyperlab-cli resume %s” trains it on from there\n"), shown, resume_arg);
    case HL_SAVE_CAUSE_OTHER:
    default:
      return g_strdup_printf (_("hyperlab-cli: these results are not saved; the run keeps its last "
                                "checkpoint: fix the cause above, then “hyperlab-cli resume %s” trains "
                                "it on from there\n"), resume_arg);
    }
}

int
hl_cli_report_unsaved (HlRun *run, GError *error, gboolean quiet, const char *path,
                       const char *resume_arg)
{
  g_autofree char *hint = NULL;

  g_autoptr(HlRun) on_disk = hl_run_load (path, NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  const gboolean same_run = on_disk != NULL && g_strcmp0 (on_disk->id, run->id) == 0;

  /* the trainer wrote the final record itself; only the second write failed */
  if (same_run && on_disk->status == run->status && on_disk->status != HL_RUN_STATUS_RUNNING
      && on_disk->summary.steps == run->summary.steps)
    {
      g_clear_error (&error);
      g_free (run->path);
      run->path = g_strdup (path);
      return hl_cli_report_trained (run, NULL, quiet, path);
    }
  if (!quiet)
    {
      /* not "run saved to": it is not */
      g_clear_pointer (&run->path, g_free);
      hl_cli_print_summary (run, stdout);
    }
  /* the hint said "make room" whatever the error (found by a QA pass) */
  if (same_run && g_file_test (ckpt, G_FILE_TEST_IS_REGULAR))
    hint = hl_cli_unsaved_hint (error, path, resume_arg);
  hl_cli_fail (error);
  if (hint != NULL)
    fputs (hint, stderr);
  else
    fprintf (stderr, "%s\n", _("hyperlab-cli: these results are not saved"));
  return HL_EXIT_BAD_INPUT;
}

static gboolean
same_file (const struct stat *a, const char *path)
{
  struct stat b;

  return g_stat (path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Begins as the checkpoints hl_checkpoint_save writes. */
static gboolean
is_checkpoint (const char *path)
{
  static const char magic[] = "HLCKPT\r\n";
  char head[sizeof magic - 1];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  gssize n;

  if (fd < 0)
    return FALSE;
  n = read (fd, head, sizeof head);
  close (fd);
  return n == (gssize) sizeof head && memcmp (head, magic, sizeof head) == 0;
}

/* Someone holds a lock on it, as a trainer on its run's "<id>.lock". */
static gboolean
is_held_lock (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  gboolean held;

  if (fd < 0)
    return FALSE;
  held = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);
  return held;
}

gboolean
hl_cli_check_output (const char *output, const char *const *inputs, GError **error)
{
  g_autofree char *shown = g_filename_display_name (output);
  g_autoptr(HlRun) held = NULL;
  struct stat st;

  /* "-" is standard output where a command can write there (the exports
   * check for it first); elsewhere it made a file named "-" */
  if (g_str_equal (output, "-"))
    return g_set_error_literal (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                                _("-o -: standard output takes only what export-csv and export-config "
                                  "write; give a file name")), FALSE;
  if (g_stat (output, &st) != 0)
    {
      /* a new file: its folder must be there now, not once a sweep has
       * trained ("Failed to create file “…/r.json.Y73LZ3”", a name the
       * user never gave; found by a QA pass) */
      g_autofree char *dir = g_path_get_dirname (output);

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *shown_dir = g_filename_display_name (dir);

          return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                              _("%s: cannot write there: folder “%s” does not exist"), shown,
                              shown_dir), FALSE;
        }
      return TRUE;
    }
  if (S_ISDIR (st.st_mode))
    return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                        _("%s: is a folder; give the output a file name"), shown), FALSE;
  if (!S_ISREG (st.st_mode))
    return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                        _("%s: not a regular file; outputs are written as new files and renamed "
                          "into place"), shown), FALSE;
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    if (same_file (&st, inputs[i]))
      return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                          _("%s: is also the input; write the output to another file"), shown), FALSE;
  if ((held = hl_run_load (output, NULL)) != NULL)
    return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                        _("%s: holds run %s (%s); choose another file name, or remove it first"),
                        shown, held->id, hl_run_status_to_string (held->status)), FALSE;
  /* A run's checkpoint is what resuming it needs, and a live run's lock is
   * what keeps a second trainer off it: `export-csv r.run.json -o r.c<Tab>`
   * replaced the checkpoint and the run could never be resumed (found by a
   * QA pass). */
  if (is_checkpoint (output))
    return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                        _("%s: is a run's checkpoint (resuming the run needs it); choose another "
                          "file name"), shown), FALSE;
  if (is_held_lock (output))
    return g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                        _("%s: is the lock of a run being trained; choose another file name"),
                        shown), FALSE;
  return TRUE;
}

gboolean
hl_cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  fprintf (stderr, "hyperlab-cli: %s\n", error->message);
  return FALSE;
}

int
hl_cli_exit_for_status (HlRunStatus status)
{
  switch (status)
    {
    case HL_RUN_STATUS_COMPLETED:
    case HL_RUN_STATUS_EARLY_STOPPED:
      return HL_EXIT_OK;
    case HL_RUN_STATUS_DIVERGED:
      return HL_EXIT_DIVERGED;
    case HL_RUN_STATUS_CANCELLED:
      return HL_EXIT_CANCELLED;
    case HL_RUN_STATUS_RUNNING:
    case HL_RUN_STATUS_FAILED:
    case HL_RUN_STATUS_INTERRUPTED:
    default:
      return HL_EXIT_BAD_INPUT;
    }
}

/* ---- training with a progress line and Ctrl+C ---- */

typedef struct {
  GMainLoop    *loop;
  GCancellable *cancellable;
  HlRun        *result;
  GError       *error;
  HlCliProgressLine line;
  HlTrainer    *trainer;
  gboolean      ck_warned;   /* a checkpoint write that failed while training was reported */
} TrainState;

/* A record or checkpoint the trainer could not write (disk full, folder
 * gone), once per run: ended NULL while training (the training thread),
 * else the run that came back.  The engine only counts them; it was a
 * console g_warning. */
static void
warn_checkpoint (TrainState *state, const HlRun *ended)
{
  g_autofree char *why = NULL;

  /* once while it trains; as it ends, only when that last write failed (a
   * count of failures said "cannot be resumed" of a run whose final
   * checkpoint was written; found by a code review) */
  if (ended == NULL && state->ck_warned)
    return;
  if (ended != NULL && (ended->status != HL_RUN_STATUS_CANCELLED
                        || !hl_trainer_get_final_write_failed (state->trainer)))
    return;   /* a finished run's record is written again below, which says so if that fails */
  why = hl_trainer_dup_checkpoint_error (state->trainer);
  if (why == NULL)
    return;
  state->ck_warned = TRUE;
  if (ended == NULL)
    fprintf (stderr, _("%shyperlab-cli: warning: the run's checkpoint could not be written (%s); "
                       "if the command stops now, what it trained since its last checkpoint is "
                       "lost\n"), hl_cli_progress_line_clearing (&state->line), why);
  else
    fprintf (stderr, _("hyperlab-cli: warning: the run cannot be resumed: its checkpoint could "
                       "not be written (%s)\n"), why);
  fflush (stderr);
}

char *
hl_cli_format_duration (double seconds)
{
  guint64 s;

  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("?");
  s = (guint64) (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
  return g_strdup_printf ("%u:%02u", (guint) (s / 60), (guint) (s % 60));
}

/* A loss as "0.3028", or in 4 significant digits outside 0.001 .. 1e5: a
 * price regression's 258403234.3730 and a fitted 0.00002 ("0.0000") read
 * badly as fixed decimals.  The same form as the application's. */
char *
hl_cli_format_loss (double v)
{
  if (isfinite (v) && v != 0.0 && (fabs (v) >= 1e5 || fabs (v) < 1e-3))
    return g_strdup_printf ("%.4g", v);
  return g_strdup_printf ("%.4f", v);
}

/* On the training thread: cheap unless a redraw is due. */
static void
on_progress (const HlProgress *p, gpointer user_data)
{
  TrainState *state = user_data;
  g_autoptr(GString) line = NULL;
  g_autofree char *eta = NULL;

  if (p->checkpoint_failures > 0)
    warn_checkpoint (state, NULL);
  if (!hl_cli_progress_line_due (&state->line, p->step >= p->total_steps))
    return;
  line = g_string_new (NULL);
  g_string_append_printf (line, " step %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "  epoch %u/%u",
                          p->step, p->total_steps, MIN (p->epoch + 1, p->epochs), p->epochs);
  {
    g_autofree char *loss = hl_cli_format_loss (p->train_loss);
    g_string_append_printf (line, "  loss %s", loss);
  }
  if (isfinite (p->val_loss))
    {
      g_autofree char *val = hl_cli_format_loss (p->val_loss);
      g_string_append_printf (line, "  val %s", val);
    }
  if (isfinite (p->val_accuracy))
    g_string_append_printf (line, "  acc %.3f", p->val_accuracy);
  eta = hl_cli_format_duration (p->eta);
  g_string_append_printf (line, "  ETA %s", eta);
  hl_cli_progress_line_draw (&state->line, line->str);
}

/* Ctrl+C, SIGTERM or SIGHUP: the first cancels (and says `stopping`, may
 * be NULL), a second quits at once saying `abandoned` (may be NULL), each
 * message after `clear` (what takes a progress line off the terminal).
 * The first stops at the end of a step, which data being generated or a
 * long test pass can hold up for seconds; a second one did nothing and the
 * command looked frozen (found by a QA pass).  Now it quits at once, as a
 * kill would: a run stays as its last checkpoint left it, listed as
 * interrupted and resumable from there. */
static void
stop_signal (GCancellable *cancellable, const char *clear, const char *stopping, const char *abandoned)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      fflush (stdout);
      if (abandoned != NULL)
        fprintf (stderr, "%s%s\n", clear, abandoned);
      fflush (stderr);
      _exit (HL_EXIT_CANCELLED);
    }
  g_cancellable_cancel (cancellable);
  if (stopping != NULL)
    {
      fprintf (stderr, "%s%s\n", clear, stopping);
      fflush (stderr);
    }
}

/* Whether SIGHUP is ignored, as `nohup` starts a program: a hangup then is
 * no stop signal.  The handler put over it stopped a run when the terminal
 * of `nohup hyperlab-cli run … &` closed, which is what nohup is there to
 * prevent (found by a QA pass).  Only an ignored SIGHUP stays ignored: one
 * this command watched is back to SIG_DFL once it no longer does. */
static gboolean
hangup_ignored (void)
{
  struct sigaction old;

  return sigaction (SIGHUP, NULL, &old) == 0 && old.sa_handler == SIG_IGN;
}

/* The three stop signals to func while the main loop runs (0: not watched). */
static void
watch_stop_signals (GSourceFunc func, gpointer data, guint sources[3])
{
  sources[0] = g_unix_signal_add (SIGINT, func, data);
  sources[1] = g_unix_signal_add (SIGTERM, func, data);
  sources[2] = hangup_ignored () ? 0 : g_unix_signal_add (SIGHUP, func, data);
}

static void
unwatch_stop_signals (guint sources[3])
{
  for (guint i = 0; i < 3; i++)
    if (sources[i] != 0)
      g_source_remove (sources[i]);
}

/* Once training is over, until the command exits: the stop signals stay
 * caught, with nothing left to stop.  Back at their default, a SIGTERM
 * during the final save of the record (a Slurm time limit, `timeout`)
 * killed the command: exit status 143, no summary, a half-written copy
 * and the lock left behind (found by a QA pass). */
static guint held_sources[3];

static gboolean
on_stop_after_training (gpointer user_data)
{
  (void) user_data;
  return G_SOURCE_CONTINUE;
}

static void
release_held_signals (void)
{
  unwatch_stop_signals (held_sources);
  memset (held_sources, 0, sizeof held_sources);
}

static gboolean
on_sigint (gpointer user_data)
{
  TrainState *state = user_data;

  stop_signal (state->cancellable, hl_cli_progress_line_clearing (&state->line),
               isatty (STDERR_FILENO) ? _("Stopping: the run is saved as cancelled (press Ctrl+C again "
                                          "to stop at once, without saving)") : NULL,
               _("hyperlab-cli: stopped at once, without saving: what was trained since the run's "
                 "last checkpoint is lost"));
  return G_SOURCE_CONTINUE;
}

static void
on_trained (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TrainState *state = user_data;

  state->result = hl_trainer_run_finish ((HlTrainer *) source, result, &state->error);
  g_main_loop_quit (state->loop);
}

typedef struct {
  GThreadFunc   func;
  gpointer      data;
  GCancellable *cancellable;
  HlCliProgressLine *line;
  const char   *stopping, *abandoned;
  GMainLoop    *loop;
} Cancellable;

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
cancellable_thread (gpointer data)
{
  Cancellable *c = data;

  c->func (c->data);
  g_idle_add (quit_loop, c->loop);
  return NULL;
}

static gboolean
on_stop_signal (gpointer data)
{
  Cancellable *c = data;

  stop_signal (c->cancellable, hl_cli_progress_line_clearing (c->line), c->stopping, c->abandoned);
  return G_SOURCE_CONTINUE;
}

void
hl_cli_run_cancellable (GThreadFunc func, gpointer data, GCancellable *cancellable,
                        const char *stopping, const char *abandoned)
{
  hl_cli_run_cancellable_with_line (func, data, cancellable, NULL, stopping, abandoned);
}

void
hl_cli_run_cancellable_with_line (GThreadFunc func, gpointer data, GCancellable *cancellable,
                                  HlCliProgressLine *line, const char *stopping, const char *abandoned)
{
  Cancellable c = { func, data, cancellable, line, stopping, abandoned, g_main_loop_new (NULL, FALSE) };
  guint sources[3];
  GThread *thread;

  watch_stop_signals (on_stop_signal, &c, sources);
  release_held_signals ();
  thread = g_thread_new ("hl-cli-work", cancellable_thread, &c);
  g_main_loop_run (c.loop);
  g_thread_join (thread);
  unwatch_stop_signals (sources);
  g_main_loop_unref (c.loop);
}

HlRun *
hl_cli_train (HlTrainer *trainer, gboolean progress, GError **error)
{
  TrainState state = { 0 };
  guint sources[3];

  state.loop = g_main_loop_new (NULL, FALSE);
  state.cancellable = g_cancellable_new ();
  hl_cli_progress_line_init (&state.line, progress);
  state.trainer = trainer;
  hl_trainer_set_progress_func (trainer, on_progress, &state);
  /* Ctrl+C, kill and a closed terminal all save the run as cancelled
   * (SIGTERM left it "running", later "interrupted", losing the steps
   * since its last checkpoint) */
  watch_stop_signals (on_sigint, &state, sources);
  release_held_signals ();
  hl_trainer_run_async (trainer, state.cancellable, on_trained, &state);
  g_main_loop_run (state.loop);
  /* caught by the held sources first: never at their default meanwhile */
  watch_stop_signals (on_stop_after_training, NULL, held_sources);
  unwatch_stop_signals (sources);
  hl_cli_progress_line_clear (&state.line);
  if (state.result != NULL)
    warn_checkpoint (&state, state.result);
  g_main_loop_unref (state.loop);
  g_object_unref (state.cancellable);
  if (state.error)
    g_propagate_error (error, state.error);
  return state.result;
}

/* "Completed 300 epochs (2700 steps)": the ending, made from the record's
 * status and numbers in the user's language, as the application makes its
 * own.  The record's stop_reason is in English (a field of the file
 * format): printed as it stood, German output began "Early stopped at
 * step 510 …" (found by a QA pass).  Counts go in as strings: xgettext
 * cannot see through G_GUINT64_FORMAT. */
static char *
ended_early (const HlRun *run, const char *steps, const char *best)
{
  const HlSummary *s = &run->summary;
  const HlConfig *c = run->config;
  const gboolean pruned = hl_run_was_pruned (run->status, s->stop_reason);

  if (hl_run_restored_best (run))
    return g_strdup_printf (pruned ? _("Pruned at step %s by successive halving (best at step %s); "
                                       "best weights restored")
                                   : _("Early stopped at step %s (best at step %s); best weights restored"),
                            steps, best);
  /* stopped right at its best: the weights it ended with are the best */
  if (c != NULL && c->early_stopping.enabled && c->early_stopping.restore_best && isfinite (s->best_val_loss))
    return g_strdup_printf (pruned ? _("Pruned at step %s by successive halving (best at step %s); "
                                       "the last weights are the best")
                                   : _("Early stopped at step %s (best at step %s); the last weights are the best"),
                            steps, best);
  return g_strdup_printf (pruned ? _("Pruned at step %s by successive halving (best at step %s)")
                                 : _("Early stopped at step %s (best at step %s)"), steps, best);
}

static char *
ended_completed (const HlRun *run, const char *steps, const char *best)
{
  const HlSummary *s = &run->summary;
  const guint64 epochs = (guint64) MAX (llround (s->epochs), 0);
  g_autofree char *n_epochs = g_strdup_printf ("%" G_GUINT64_FORMAT, epochs);
  /* TRANSLATORS: the steps a run took, in "Completed 1 epoch (15 steps)" */
  g_autofree char *step_count = g_strdup_printf (ngettext ("%s step", "%s steps", s->steps), steps);
  /* TRANSLATORS: the epochs, then "15 steps" */
  g_autofree char *done = g_strdup_printf (ngettext ("Completed %s epoch (%s)", "Completed %s epochs (%s)", epochs),
                                           n_epochs, step_count);

  if (!hl_run_restored_best (run))
    return g_steal_pointer (&done);
  /* TRANSLATORS: "Completed 300 epochs (2700 steps)", then the step of the best weights */
  return g_strdup_printf (_("%s; best weights restored from step %s"), done, best);
}

static char *
outcome_sentence (const HlRun *run)
{
  const HlSummary *s = &run->summary;
  g_autofree char *lr = g_strdup_printf ("%g", s->diverged_lr);
  g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, s->steps);
  g_autofree char *best = g_strdup_printf ("%" G_GUINT64_FORMAT, s->best_step);
  g_autofree char *diverged = g_strdup_printf ("%" G_GUINT64_FORMAT, s->diverged_step);

  switch (run->status)
    {
    case HL_RUN_STATUS_COMPLETED:
      return ended_completed (run, steps, best);
    case HL_RUN_STATUS_EARLY_STOPPED:
      return ended_early (run, steps, best);
    case HL_RUN_STATUS_DIVERGED:
      /* the record says which (the loss itself is not kept: JSON has no NaN) */
      if (s->stop_reason != NULL && g_str_has_suffix (s->stop_reason, "became NaN"))
        return g_strdup_printf (_("Diverged at step %s with learning rate %s: the training loss became NaN"),
                                diverged, lr);
      if (s->stop_reason != NULL && g_str_has_suffix (s->stop_reason, "became infinite"))
        return g_strdup_printf (_("Diverged at step %s with learning rate %s: the training loss became infinite"),
                                diverged, lr);
      return g_strdup_printf (_("Diverged at step %s with learning rate %s"), diverged, lr);
    case HL_RUN_STATUS_CANCELLED:
      return g_strdup_printf (_("Cancelled at step %s"), steps);
    case HL_RUN_STATUS_FAILED:
      /* a failed run's reason is made translated (a schedule's bad rate) */
      if (s->stop_reason != NULL && *s->stop_reason)
        return g_strdup (s->stop_reason);
      return g_strdup (hl_run_status_to_label (run->status));
    case HL_RUN_STATUS_RUNNING:
    case HL_RUN_STATUS_INTERRUPTED:
    default:
      return g_strdup (hl_run_status_to_label (run->status));
    }
}

char *
hl_cli_loss_warning (const HlRun *run)
{
  double first, last;

  switch (hl_run_loss_trouble (run, &first, &last))
    {
    case HL_LOSS_TROUBLE_EXPLODED:
      {
        /* a factor of 4e30 printed all its 31 digits */
        const double factor = last / first;
        g_autofree char *times = factor < 1e7 ? g_strdup_printf ("%.0f", factor)
                                              : g_strdup_printf ("%.3g", factor);

        return g_strdup_printf (_("warning: the training loss rose from %.3g to %.3g (%s×); the "
                                  "learning rate is most likely too high"), first, last, times);
      }
    case HL_LOSS_TROUBLE_NAN:
      return g_strdup_printf (_("warning: the training loss was not a number from step %.0f on "
                                "(early_stopping.stop_on_nan is off)"), last);
    case HL_LOSS_TROUBLE_NONE:
    default:
      return NULL;
    }
}

/* The test set's most frequent mistakes of a classification run, up to
 * three, one a line under the test results: "most confused: “Shirt” taken
 * for “T-shirt/top”: 98 of 1000 (9.8 %)"; nothing without a matrix or
 * without mistakes.  The names are quoted: a toy set's classes are "0",
 * "1", …, and "1 → 0 10 (47.6 % of 1)" was a row of numbers. */
static void
print_most_confused (const HlConfusion *matrix, FILE *out)
{
  HlConfusionPair pairs[3];
  /* in the order the figure shows the classes: ties go by it */
  g_autoptr(HlConfusion) c = matrix != NULL ? hl_confusion_dup_display (matrix) : NULL;
  const guint n = c != NULL ? hl_confusion_most_confused (c, pairs, G_N_ELEMENTS (pairs)) : 0;
  const char *label = _("most confused:");
  const glong indent = hl_cli_text_columns (label) + 1;

  for (guint i = 0; i < n; i++)
    {
      /* class names come from a CSV's labels: a line break is "↵" as in the
       * figure, and no escape sequences reach the terminal */
      g_autofree char *truth = hl_confusion_printable_name (c->class_names[pairs[i].true_class]);
      g_autofree char *predicted = hl_confusion_printable_name (c->class_names[pairs[i].predicted]);
      const guint64 total = hl_confusion_row_total (c, pairs[i].true_class);
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, pairs[i].count);
      g_autofree char *of = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
      g_autofree char *head = i == 0 ? g_strdup (label) : hl_cli_pad ("", indent - 1);

      /* TRANSLATORS: the true class, the class predicted for it, how many of
       * the true class's test samples that was, of how many, and their share:
       * "“Shirt” taken for “T-shirt/top”: 98 of 1000 (9.8 %)" */
      fprintf (out, _("  %s “%s” taken for “%s”: %s of %s (%.1f %%)\n"), head, truth, predicted,
               count, of, 100.0 * pairs[i].count / total);
    }
}

void
hl_cli_print_summary (const HlRun *run, FILE *out)
{
  hl_cli_print_results (run, out);
  if (run->path)
    fprintf (out, "  %s %s\n", _("run saved to"), run->path);
}

void
hl_cli_print_results (const HlRun *run, FILE *out)
{
  const HlSummary *s = &run->summary;
  g_autofree char *sentence = outcome_sentence (run);
  g_autofree char *warning = hl_cli_loss_warning (run);

  /* Capitalised: the trainer's stop reasons start in lower case. */
  if (*sentence)
    *sentence = g_ascii_toupper (*sentence);
  fprintf (out, "%s\n", sentence);
  if (warning != NULL)
    fprintf (out, "  %s\n", warning);
  if (isfinite (s->best_val_loss))
    {
      g_autofree char *loss = hl_cli_format_loss (s->best_val_loss);
      fprintf (out, "  %s %s %s %" G_GUINT64_FORMAT "\n", _("best validation loss"), loss,
               _("at step"), s->best_step);
    }
  if (isfinite (s->test_accuracy))
    fprintf (out, "  %s %.4f\n", _("test accuracy"), s->test_accuracy);
  if (isfinite (s->test_loss))
    {
      g_autofree char *loss = hl_cli_format_loss (s->test_loss);
      fprintf (out, "  %s %s\n", _("test loss"), loss);
    }
  print_most_confused (s->test_confusion, out);
  /* the record keeps no matrix for so many classes: said, not left out
   * silently (export-csv --confusion gave the only reason; found by a QA pass) */
  if (s->test_confusion == NULL && isfinite (s->test_accuracy) && s->n_classes > HL_CONFUSION_MAX_CLASSES)
    /* TRANSLATORS: the dataset's classes, then the most a record keeps a matrix of (100) */
    fprintf (out, _("  no confusion matrix: %u classes, more than the %u a record keeps one for\n"),
             s->n_classes, HL_CONFUSION_MAX_CLASSES);
  {
    /* as `runs` and the application say it: a run of 2 ms said "0.00 s"
     * beside its ten million samples/s, an hour "3725.10 s" (found by a QA
     * pass) */
    g_autofree char *duration = hl_format_duration (s->seconds);

    /* "1 step", and for a run that diverged the steps before the one
     * whose loss failed: "Diverged at step 2" stood over "1 steps" */
    const char *what = run->status == HL_RUN_STATUS_DIVERGED
                       ? ngettext ("step before it", "steps before it", s->steps)
                       : ngettext ("step", "steps", s->steps);

    fprintf (out, "  %" G_GUINT64_FORMAT " %s, %s, %.0f %s\n", s->steps, what, duration,
             isfinite (s->samples_per_second) ? s->samples_per_second : 0.0, _("samples/s"));
  }
}

char *
hl_cli_format_date (gint64 us)
{
  g_autoptr(GDateTime) t = us > 0 ? g_date_time_new_from_unix_local (us / G_USEC_PER_SEC) : NULL;

  return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M") : g_strdup ("—");
}
