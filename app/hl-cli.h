/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli.h - hyperlab-cli subcommands; each takes argv from its own name on
 * and returns the process exit status. */
#pragma once

#include <stdio.h>
#include <glib.h>
#include "hyperlab.h"

G_BEGIN_DECLS

enum {
  HL_EXIT_OK        = 0,    /* completed or early stopped */
  HL_EXIT_BAD_INPUT = 1,
  HL_EXIT_DIVERGED  = 3,
  HL_EXIT_CANCELLED = 130,
};

int hl_cli_run        (int argc, char **argv);
int hl_cli_validate   (int argc, char **argv);
int hl_cli_resume     (int argc, char **argv);
int hl_cli_plugins    (int argc, char **argv);
int hl_cli_runs       (int argc, char **argv);
int hl_cli_plot       (int argc, char **argv);
int hl_cli_export_csv (int argc, char **argv);
int hl_cli_export_config (int argc, char **argv);
int hl_cli_sweep      (int argc, char **argv);
int hl_cli_lr_find    (int argc, char **argv);

/* Shared helpers (hl-cli-common.c). */
/* Print "hyperlab-cli: <message>" to stderr and return HL_EXIT_BAD_INPUT. */
int  hl_cli_fail (GError *error);
/* text as it may reach a terminal (new string): control characters, which
 * a run file or a file name may hold (ESC sequences recolour or clear the
 * terminal, a tab or a bell pushes a table's columns), and the bidi
 * controls that reorder a line become U+FFFD; with keep_newlines a
 * message's line breaks stay. */
char *hl_cli_printable (const char *text, gboolean keep_newlines);
/* How many terminal columns text takes as printed (hl_cli_printable; NULL
 * as "-"): CJK two, combining marks none. */
glong hl_cli_text_columns (const char *text);
/* A time (unix µs) as `sweep --list` and `runs show` write it, local:
 * "2026-11-27 17:50"; "—" for none (0: a run still training has no end). */
char *hl_cli_format_date (gint64 us);
/* text as printed, cut to width columns with "…" or padded with spaces to
 * them: a table's cell (printf pads bytes). */
char *hl_cli_fit (const char *text, glong width);
/* text followed by spaces up to width columns, never cut (new string). */
char *hl_cli_pad (const char *text, glong width);
/* Parse argv with a context; prints the error and returns FALSE on failure. */
gboolean hl_cli_parse (GOptionContext *context, int *argc, char ***argv);
/* Before writing output (-o): FALSE with an error when it is a folder, a
 * device or other non-regular file (written by renaming a new file over it:
 * as root that replaced /dev/null), one of the inputs (NULL-terminated), or
 * a file holding a run record; `run -o my.hyperlab.json` replaced the config
 * and `-o` any run, resumable or not (found by a review). */
gboolean hl_cli_check_output (const char *output, const char *const *inputs, GError **error);
/* A run named on the command line (hl-cli-runs.c): a run file, or the id
 * of a run in the store at store_dir (NULL: $HYPERLAB_STORE, else the default), as
 * `hyperlab-cli runs` lists them.  Errors name the file or the id. */
HlRun *hl_cli_load_run (const char *arg, const char *store_dir, GError **error);
/* CONFIG ("-": standard input) with its --set overrides (sets may be NULL), checked against the
 * plugins; an error names its source, the file or the --set (hl-cli-run.c). */
HlConfig *hl_cli_load_config (const char *path, char **sets, GError **error);
/* Warns on stderr of each field in root's "dataset" (a config's JSON with
 * the sets applied) that kind does not read, named by its source: the
 * sweep's space entry (space: a trial's "path=value" sets, of space_file),
 * a --set, or shown ("FILE").  Once per config, not per trial. */
void hl_cli_warn_unused_fields (const char *kind, JsonNode *root, const char *shown, char **sets,
                                const char *space_file, char **space);
/* CONFIG as messages name it: "-" is standard input (run, validate and
 * lr-find read the config from it). */
const char *hl_cli_config_name (const char *arg);
/* An error found once the data are loaded that names a config field
 * ("dataset.samples: …", "model: …", "training.batch_size: …") gets its
 * source as the config's own errors do; others are left as they are. */
void hl_cli_blame_config (GError *error, const char *path, char **sets);
/* config's name with the --set overrides after it, "spiral 16-16 tanh sgd
 * · optimizer.learning_rate=0.01", unless a --set names it (hl-cli-run.c). */
void hl_cli_name_with_sets (HlConfig *config, char **sets);
/* Appends the data files config reads (its CSV or IDX files, resolved;
 * new strings) to inputs: what hl_cli_check_output must not replace. */
void hl_cli_add_data_inputs (GPtrArray *inputs, const HlConfig *config);
/* Exit status for a finished run. */
int  hl_cli_exit_for_status (HlRunStatus status);
/* The end of a command that trained and saved a run: run, or NULL with the
 * error (taken) that stopped it (Ctrl+C while the data loaded: 130).  With
 * quiet, quiet_path (may be NULL) is printed instead of the summary. */
int  hl_cli_report_trained (const HlRun *run, GError *error, gboolean quiet, const char *quiet_path);
/* The end of a command whose run trained but whose record at path could not
 * be written (error, taken; a full disk): the results are still printed,
 * and whether the run can be trained on from its last checkpoint, with the
 * resume argument that does it ("ID", "--killed FILE").  They were lost
 * without a word but the write error (found by a QA pass).  Returns 1, or
 * the run's own status when its final record is on disk after all. */
int  hl_cli_report_unsaved (HlRun *run, GError *error, gboolean quiet, const char *path,
                            const char *resume_arg);
/* What hl_cli_report_unsaved advises for a run whose record (path) could
 * not be written for error, its checkpoint kept: make room when the disk
 * or quota is full, make the folder writable when permission is denied or
 * the file system read-only (hl_error_save_cause), else fix the cause
 * (said just before).  It said "make room" whatever the error (found by a
 * QA pass).  One line ending in "\n", a new string. */
char *hl_cli_unsaved_hint (const GError *error, const char *path, const char *resume_arg);
/* "--killed 'FILE'": resume's arguments for a run file left marked running. */
char *hl_cli_resume_file_arg (const char *path);

/* The live progress line (hl-cli-progress.c): drawn on stderr only when it
 * is a terminal and the command wants it (not --quiet). */
typedef struct {
  gboolean enabled;
  gint64   last_draw;   /* monotonic; the drawing thread's */
  gboolean drawn;       /* a line is on the terminal */
} HlCliProgressLine;

void        hl_cli_progress_line_init (HlCliProgressLine *line, gboolean wanted);
/* Whether to draw now: enabled, and ~0.1 s since the last, or last. */
gboolean    hl_cli_progress_line_due (HlCliProgressLine *line, gboolean last);
/* text over the line drawn before. */
void        hl_cli_progress_line_draw (HlCliProgressLine *line, const char *text);
/* What takes the line off the terminal ("" when none is drawn; line may
 * be NULL), to put before a message. */
const char *hl_cli_progress_line_clearing (const HlCliProgressLine *line);
void        hl_cli_progress_line_clear (HlCliProgressLine *line);

/* func(data) on a thread of its own while the main loop watches SIGINT,
 * SIGTERM and SIGHUP: the first cancels `cancellable` (and prints
 * `stopping`, may be NULL), a second exits 130 at once printing
 * `abandoned`.  Returns when func has returned. */
void hl_cli_run_cancellable (GThreadFunc func, gpointer data, GCancellable *cancellable,
                             const char *stopping, const char *abandoned);
/* The same while func draws line (may be NULL): the messages take it off
 * the terminal first. */
void hl_cli_run_cancellable_with_line (GThreadFunc func, gpointer data, GCancellable *cancellable,
                                       HlCliProgressLine *line, const char *stopping,
                                       const char *abandoned);
/* Train on a worker while the main loop watches SIGINT (Ctrl+C cancels,
 * the run comes back as cancelled).  With progress, a live line is drawn on
 * stderr when it is a terminal, at most ~10 times a second. */
HlRun *hl_cli_train (HlTrainer *trainer, gboolean progress, GError **error);
/* "warning: the training loss rose from 1.09 to 1.68e+06 (1515500×); …"
 * or "… was not a number from step 5 on …" for a run whose loss exploded
 * or became NaN (new string), else NULL. */
char  *hl_cli_loss_warning (const HlRun *run);
/* The outcome in words, best validation loss, test accuracy, steps,
 * seconds, samples/s and the run file. */
void   hl_cli_print_summary (const HlRun *run, FILE *out);
/* The same without the run file's line: what `runs show` prints under its
 * header, which names the file itself. */
void   hl_cli_print_results (const HlRun *run, FILE *out);
/* A loss as "0.3028", or in 4 significant digits outside 0.001 .. 1e5. */
char  *hl_cli_format_loss (double v);
/* "0:12", "1:02:03" */
char  *hl_cli_format_duration (double seconds);

G_END_DECLS
