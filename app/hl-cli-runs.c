/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-runs.c - the run store commands: `runs` (table or JSON), `runs rm`,
 * `runs show` and `resume`, which continues an interrupted run from its checkpoint. */
#include <math.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "hl-cli.h"
#include "hl-format.h"

static char *opt_store = NULL;

/* A store named with --store must exist: a mistyped folder was created
 * and listed as empty.  The default store is made on first use. */
static HlStore *
open_store_in (const char *dir, GError **error)
{
  /* --store, or HYPERLAB_STORE set by hand: a typo there is the same; an
   * empty --store too (it opened the current folder), an empty variable is
   * as unset */
  const char *env = g_getenv ("HYPERLAB_STORE");
  const char *named = dir != NULL ? dir : env != NULL && *env != '\0' ? env : NULL;

  if (named != NULL && !g_file_test (named, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = g_filename_display_name (named);

      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND,
                   g_file_test (named, G_FILE_TEST_EXISTS) ? _("run store %s: not a folder")
                                                           : _("run store %s: no such folder"), shown);
      return NULL;
    }
  return hl_store_new (dir, error);
}

static HlStore *
open_store (GError **error)
{
  return open_store_in (opt_store, error);
}

HlRun *
hl_cli_load_run (const char *arg, const char *store_dir, GError **error)
{
  g_autoptr(HlStore) store = NULL;
  HlRun *run;

  /* as resume tells them apart: ids have no "/" or "." in them */
  if (strpbrk (arg, "/.") != NULL || g_file_test (arg, G_FILE_TEST_EXISTS))
    {
      if ((run = hl_run_load (arg, error)) == NULL)
        {
          g_autofree char *shown = g_filename_display_name (arg);

          /* the loaders name the file as the user can read it */
          if (strstr ((*error)->message, shown) == NULL)
            g_prefix_error (error, "%s: ", shown);
        }
      return run;
    }
  if ((store = open_store_in (store_dir, error)) == NULL)
    return NULL;
  return hl_store_load (store, arg, error);
}

static void
print_problems (HlStore *store)
{
  const GPtrArray *problems = hl_store_get_problems (store);

  for (guint i = 0; i < problems->len; i++)
    {
      const HlStoreProblem *p = problems->pdata[i];
      /* the message quotes the file ("unknown status "\e[2J"") */
      g_autofree char *message = hl_cli_printable (p->error->message, FALSE);
      g_autofree char *id = hl_store_broken_record_id (store, p->path);

      /* it named the file only: which id removes it was a guess */
      if (id != NULL)
        fprintf (stderr, _("hyperlab-cli: %s; “runs rm %s” removes it\n"), message, id);
      else
        fprintf (stderr, "hyperlab-cli: %s\n", message);
    }
}

/* decimals < 0: shortest form (%g). */
static char *
format_number (double v, int decimals)
{
  if (!isfinite (v))
    return g_strdup ("-");
  /* a diverging run's loss (1.7e53) as %.4f took 60 columns and pushed the
   * rest of the row out (found by a GUI review) */
  if (decimals >= 0 && fabs (v) >= 1e5)
    return g_strdup_printf ("%.*e", MAX (decimals - 1, 1), v);
  /* and a fitted regression's 2e-5 was "0.0000" */
  if (decimals >= 0 && v != 0.0 && fabs (v) < 0.5 * pow (10.0, -decimals))
    return g_strdup_printf ("%.*e", MAX (decimals - 1, 1), v);
  return decimals < 0 ? g_strdup_printf ("%g", v) : g_strdup_printf ("%.*f", decimals, v);
}

static char *
format_batch (guint batch)
{
  return batch == HL_BATCH_ALL ? g_strdup ("all") : g_strdup_printf ("%u", batch);
}

/* The table's columns, in order: header, width in terminal columns, and
 * whether a longer cell is cut with "…" (names, free text) or only padded
 * (numbers, ids: never cut).  Both the lines and name_width's room for the
 * other columns come from here (name_width summed the widths by hand
 * beside a printf format); every cell is padded by terminal columns, not
 * bytes (printf's "%-10s" put a header with an umlaut out of line with
 * its column).  All are left-aligned; the last is not padded, NAME is
 * name_width wide and LAYERS as wide as the longest it holds.  LAYERS and
 * DATE are the application's Layers and Date: --help promised them, and
 * only --json had them (found by a QA pass). */
typedef enum {
  COL_ID, COL_NAME, COL_STATUS, COL_DATASET, COL_OPTIMIZER, COL_LR, COL_BATCH, COL_LAYERS,
  COL_BEST, COL_ACC, COL_LOSS, COL_TIME, COL_DATE, N_COLUMNS
} Column;

static const struct {
  const char *header;
  glong       width;
  gboolean    cut;
} columns[N_COLUMNS] = {
  [COL_ID] = { N_("ID"), 20, FALSE },
  [COL_NAME] = { N_("NAME"), 24, TRUE },
  [COL_STATUS] = { N_("STATUS"), 13, TRUE },
  [COL_DATASET] = { N_("DATASET"), 14, TRUE },
  [COL_OPTIMIZER] = { N_("OPTIMIZER"), 9, TRUE },
  [COL_LR] = { N_("LR"), 9, FALSE },
  [COL_BATCH] = { N_("BATCH"), 6, FALSE },
  /* TRANSLATORS: the hidden layers' units ("16-16") */
  [COL_LAYERS] = { N_("LAYERS"), 7, FALSE },
  [COL_BEST] = { N_("BEST VAL"), 10, FALSE },
  [COL_ACC] = { N_("TEST ACC"), 8, FALSE },
  /* TEST LOSS: a regression's test result (TEST ACC is "-" for it) */
  [COL_LOSS] = { N_("TEST LOSS"), 10, FALSE },
  [COL_TIME] = { N_("TIME"), 8, FALSE },
  /* TRANSLATORS: when the run was created, "2026-01-01 12:00" */
  [COL_DATE] = { N_("DATE"), 16, FALSE },
};

/* The LAYERS column: as wide as its longest cell ("512-512-256-128"
 * would push the columns after it out of line), header included. */
static glong
layers_width (GPtrArray *list)
{
  glong widest = MAX (columns[COL_LAYERS].width, hl_cli_text_columns (_(columns[COL_LAYERS].header)));

  for (guint i = 0; i < list->len; i++)
    {
      const char *layers = ((const HlRunInfo *) list->pdata[i])->layers;

      widest = MAX (widest, hl_cli_text_columns (layers != NULL && *layers != '\0' ? layers : "-"));
    }
  return widest;
}

/* The NAME column: 24 columns, or as wide as the longest name where the
 * terminal has room (a sweep's trials, "spiral lr #12 · lr=0.0316,
 * batch=32", were all cut to "spiral lr #12 · lr=0.03…"); piped, whole.
 * widths: every column's, NAME's among them not yet set. */
static glong
name_width (GPtrArray *list, const glong widths[N_COLUMNS])
{
  glong longest = columns[COL_NAME].width, others = 0, room;
  struct winsize ws;

  /* the other columns and the space after each */
  for (guint c = 0; c < N_COLUMNS; c++)
    if (c != COL_NAME)
      others += widths[c] + 1;
  for (guint i = 0; i < list->len; i++)
    longest = MAX (longest, hl_cli_text_columns (((const HlRunInfo *) list->pdata[i])->name));
  if (!isatty (STDOUT_FILENO))
    return longest;
  room = ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col - others - 1 : 0;
  return CLAMP (room, columns[COL_NAME].width, longest);
}

/* One line of the table: cells[c] as printed, widths[c] wide. */
static void
print_line (const char *const cells[N_COLUMNS], const glong widths[N_COLUMNS])
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *printable = hl_cli_printable (cells[c] ? cells[c] : "-", FALSE);
      g_autofree char *cell = NULL;

      if (c == N_COLUMNS - 1)
        cell = g_steal_pointer (&printable);
      else
        cell = columns[c].cut ? hl_cli_fit (printable, widths[c]) : hl_cli_pad (printable, widths[c]);
      if (c > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, cell);
    }
  printf ("%s\n", line->str);
}

static void
print_table (GPtrArray *list)
{
  const char *headers[N_COLUMNS];
  glong widths[N_COLUMNS];

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      headers[c] = _(columns[c].header);
      widths[c] = columns[c].width;
    }
  widths[COL_LAYERS] = layers_width (list);
  widths[COL_NAME] = name_width (list, widths);
  print_line (headers, widths);
  for (guint i = 0; i < list->len; i++)
    {
      const HlRunInfo *r = list->pdata[i];
      g_autofree char *lr = format_number (r->learning_rate, -1);
      g_autofree char *batch = format_batch (r->batch_size);
      g_autofree char *best = format_number (r->best_val_loss, 4);
      g_autofree char *acc = format_number (r->test_accuracy, 4);
      g_autofree char *loss = format_number (r->test_loss, 4);
      g_autofree char *time = hl_format_duration (r->seconds);
      g_autofree char *date = hl_cli_format_date (r->created);
      /* a sweep's pruned trial says so (its status is early_stopped; --json
       * gives both); a model without hidden layers has "" */
      const char *const cells[N_COLUMNS] = {
        [COL_ID] = r->id, [COL_NAME] = r->name,
        [COL_STATUS] = r->pruned ? "pruned" : hl_run_status_to_string (r->status),
        [COL_DATASET] = r->dataset, [COL_OPTIMIZER] = r->optimizer, [COL_LR] = lr,
        [COL_BATCH] = batch, [COL_LAYERS] = r->layers != NULL && *r->layers != '\0' ? r->layers : NULL,
        [COL_BEST] = best, [COL_ACC] = acc, [COL_LOSS] = loss, [COL_TIME] = time, [COL_DATE] = date,
      };

      print_line (cells, widths);
    }
}

static void
print_json (GPtrArray *list)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *data = NULL;
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < list->len; i++)
    {
      const HlRunInfo *r = list->pdata[i];
      JsonNode *node = hl_run_info_to_json (r);
      JsonObject *obj = json_node_get_object (node);

      /* The listed status: a dead "running" run says interrupted. */
      json_object_set_string_member (obj, "status", hl_run_status_to_string (r->status));
      if (r->pruned)
        json_object_set_boolean_member (obj, "pruned", TRUE);
      json_object_set_string_member (obj, "path", r->path);
      /* As the config spells it: 0 is only the internal mark for "all". */
      if (r->batch_size == HL_BATCH_ALL)
        json_object_set_string_member (obj, "batch_size", "all");
      json_array_add_element (array, node);
    }
  json_node_take_array (root, array);
  data = hl_json_to_data (root, TRUE, NULL);
  fputs (data, stdout);   /* it ends with its line break (a blank line followed) */
}

static int
runs_rm (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  int status = HL_EXIT_OK;

  if (argc < 2)
    {
      fprintf (stderr, "hyperlab-cli: %s\n", _("runs rm: give the id of the run to remove"));
      return HL_EXIT_BAD_INPUT;
    }
  if ((store = open_store (&error)) == NULL || !hl_store_refresh (store, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  hl_store_delete_many (store, (const char *const *) argv + 1, (guint) argc - 1, errors);
  for (guint i = 0; i < errors->len; i++)
    {
      fprintf (stderr, "hyperlab-cli: %s\n", ((GError *) errors->pdata[i])->message);
      status = HL_EXIT_BAD_INPUT;
    }
  return status;
}

/* ---- runs show ---- */

/* The config in one line: "16-16 tanh, sgd lr 0.3, schedule constant,
 * batch 32, 100 epochs, seed 42, 1 thread"; the learning rate and batch as
 * the `runs` table writes them. */
static char *
config_line (const HlConfig *c)
{
  GString *s = g_string_new (NULL);
  GArray *layers = c->model.layers;
  g_autofree char *lr = format_number (c->optimizer.learning_rate, -1);
  g_autofree char *batch = format_batch (c->training.batch_size);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed);

  for (guint i = 0; layers != NULL && i < layers->len; i++)
    g_string_append_printf (s, "%s%u", i ? "-" : "", g_array_index (layers, HlLayerConfig, i).units);
  if (layers == NULL || layers->len == 0)
    /* TRANSLATORS: a model without hidden layers, in `runs show`'s config line */
    g_string_append (s, _("no hidden layers"));
  else
    g_string_append_printf (s, " %s",
                            hl_activation_to_string (g_array_index (layers, HlLayerConfig, 0).activation));
  g_string_append_printf (s, ", %s lr %s, ", c->optimizer.name, lr);
  /* TRANSLATORS: parts of `runs show`'s config line: the learning rate
   * schedule's plugin id, the batch size (a number or "all"), the seed */
  g_string_append_printf (s, _("schedule %s"), c->schedule.name);
  g_string_append (s, ", ");
  g_string_append_printf (s, _("batch %s"), batch);
  g_string_append (s, ", ");
  g_string_append_printf (s, ngettext ("%u epoch", "%u epochs", c->training.epochs), c->training.epochs);
  g_string_append (s, ", ");
  g_string_append_printf (s, _("seed %s"), seed);
  g_string_append (s, ", ");
  g_string_append_printf (s, ngettext ("%u thread", "%u threads", c->training.threads), c->training.threads);
  return g_string_free (s, FALSE);
}

/* `runs show ID|FILE`: the run as `run` printed it when it ended, under a
 * header saying which run it is and how it trained; --json the record as
 * stored.  The run is looked up as export-csv looks it up (its messages for
 * an unknown id or a broken file). */
static int
runs_show (int argc, char **argv, gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) run = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "hyperlab-cli: %s\n", _("runs show: give exactly one run id or run file"));
      return HL_EXIT_BAD_INPUT;
    }
  if ((run = hl_cli_load_run (argv[1], opt_store, &error)) == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  if (json)
    {
      g_autofree char *text = NULL;
      gsize length = 0;

      /* the file as stored (it read as a run just now) */
      if (!g_file_get_contents (run->path, &text, &length, &error))
        return hl_cli_fail (g_steal_pointer (&error));
      fwrite (text, 1, length, stdout);
      if (length == 0 || text[length - 1] != '\n')
        fputc ('\n', stdout);
      return HL_EXIT_OK;
    }
  {
    const HlConfig *c = run->config;
    const char *name = c->name != NULL && *c->name != '\0' ? c->name : NULL;
    g_autofree char *auto_name = name == NULL ? hl_config_auto_name (c) : NULL;
    const char *status = hl_run_was_pruned (run->status, run->summary.stop_reason)
                         ? "pruned" : hl_run_status_to_string (run->status);
    g_autofree char *created = hl_cli_format_date (run->created);
    g_autofree char *finished = hl_cli_format_date (run->finished);
    g_autofree char *config = config_line (c);
    g_autofree char *path = g_filename_display_name (run->path);
    /* TRANSLATORS: the labels of `runs show`'s header, one a line before
     * the run's id, name, status, dates, dataset, config and file; they
     * are lined up */
    const char *labels[] = { N_("id"), N_("name"), N_("status"), N_("created"), N_("finished"),
                             N_("dataset"), N_("config"), N_("file") };
    const char *values[] = { run->id, name != NULL ? name : auto_name, status, created, finished,
                             run->dataset_description != NULL ? run->dataset_description : "-",
                             config, path };
    glong width = 0;

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      width = MAX (width, hl_cli_text_columns (_(labels[i])));
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autofree char *label = hl_cli_pad (_(labels[i]), width);
        g_autofree char *value = hl_cli_printable (values[i], FALSE);

        printf ("%s  %s\n", label, value);
      }
    printf ("\n");
    hl_cli_print_results (run, stdout);
  }
  return HL_EXIT_OK;
}

int
hl_cli_runs (int argc, char **argv)
{
  gboolean opt_json = FALSE;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the list as JSON (show: the run's record)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[rm ID… | show ID|RUN.json]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_option_context_set_summary (context, _("List the runs in the run store, show one, or remove some."));
  g_option_context_set_description (context,
    _("Lists every run, newest first, with its status, dataset, optimizer, learning rate, batch size, "
      "layers, best validation loss, test accuracy and loss, duration and the date it started (--json: "
      "the same as a JSON array). "
      "“runs show ID” (or a run file) prints one run as “run” printed it when it ended: its outcome, "
      "best validation loss, test results and speed, under a header with its dates, dataset, config "
      "and file (--json: its record as stored). “runs rm ID…” deletes runs and their checkpoints.\n\n"
      "Exit status: 0 done, 1 bad input (an unknown id, a store that cannot be read)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (argc >= 2 && g_str_equal (argv[1], "rm"))
    return runs_rm (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return runs_show (argc - 1, argv + 1, opt_json);
  if (argc >= 2)
    {
      fprintf (stderr, _("hyperlab-cli: runs: unexpected argument “%s”\n"), argv[1]);
      return HL_EXIT_BAD_INPUT;
    }
  if ((store = open_store (&error)) == NULL || !hl_store_refresh (store, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  print_problems (store);
  list = hl_store_list (store);
  if (opt_json)
    print_json (list);
  else
    print_table (list);
  return HL_EXIT_OK;
}

/* ---- resume ---- */

static int
resume_run (HlStore *store, const char *id, gboolean quiet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) result = NULL;
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  trainer = hl_store_resume_trainer (store, id, hl_plugin_registry_get_default (), &lock, &error);
  if (trainer == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  result = hl_cli_train (trainer, !quiet, &error);
  hl_trainer_free (trainer);
  if (result != NULL && !hl_store_save (store, result, &error))
    {
      g_autofree char *path = hl_store_path_for (store, id);

      hl_store_unlock (lock);
      return hl_cli_report_unsaved (result, g_steal_pointer (&error), quiet, path, id);
    }
  hl_store_unlock (lock);
  return hl_cli_report_trained (result, g_steal_pointer (&error), quiet, NULL);
}

static int resume_locked (HlRun *run, const char *path, const char *shown, gboolean quiet,
                          gboolean killed);

/* A run written with `run -o FILE` (not in a store): its sidecar is
 * FILE.ckpt.  A cancelled run, or with --killed one marked running whose
 * process is gone. */
static int
resume_file (const char *path, gboolean quiet, gboolean killed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) run = hl_run_load (path, &error);
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree char *dir = g_path_get_dirname (path);
  HlStoreLock *lock;
  int status;

  if (run == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  /* a finished run says so before any lock is tried (a read-only folder
   * said "cannot take the lock" instead) */
  if (run->status != HL_RUN_STATUS_CANCELLED && run->status != HL_RUN_STATUS_RUNNING)
    return resume_locked (run, path, shown, quiet, killed);
  /* The run's lock, "<id>.lock" beside the file as `run -o` and the store
   * take it: a live run is refused (a resume of a store record by path
   * took no lock, and `resume ID` then trained it twice; found by a
   * review), and the store sees this one alive. */
  lock = hl_store_lock_run_in (dir, run->id, &error);
  if (lock == NULL && g_error_matches (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED))
    {
      g_clear_error (&error);
      g_set_error (&error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED,
                   _("%s: the run is being trained right now"), shown);
    }
  if (lock == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  /* read again under the lock: its trainer may have ended in between */
  g_clear_pointer (&run, hl_run_free);
  if ((run = hl_run_load (path, &error)) == NULL)
    {
      hl_store_unlock (lock);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  status = resume_locked (run, path, shown, quiet, killed);
  hl_store_unlock (lock);
  return status;
}

/* A file written with -o before this version had no lock to tell a live run
 * from one whose process was killed: "running" needs the user's word
 * (--killed); it had no way forward at all (found by a review). */
static int
resume_locked (HlRun *run, const char *path, const char *shown, gboolean quiet, gboolean killed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) result = NULL;
  HlTrainer *trainer;

  if (run->status != HL_RUN_STATUS_CANCELLED && !(killed && run->status == HL_RUN_STATUS_RUNNING))
    {
      if (run->status == HL_RUN_STATUS_RUNNING)
        g_set_error (&error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                     _("%s: the run is marked running; if the process that trained it is gone "
                       "(killed, crashed), resume it with --killed"), shown);
      else
        g_set_error (&error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                     _("%s: the run is %s; only a cancelled or killed run file can be resumed "
                       "(runs in the store: resume ID)"), shown, hl_run_status_to_string (run->status));
      return hl_cli_fail (g_steal_pointer (&error));
    }
  trainer = hl_trainer_new (run->config, hl_plugin_registry_get_default (), &error);
  if (trainer == NULL || !hl_trainer_set_resume (trainer, run, &error))
    {
      g_clear_pointer (&trainer, hl_trainer_free);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  hl_trainer_set_checkpoint (trainer, path, 10.0);
  result = hl_cli_train (trainer, !quiet, &error);
  hl_trainer_free (trainer);
  if (result != NULL && !hl_run_save_final (result, path, &error))
    {
      g_autofree char *resume_arg = hl_cli_resume_file_arg (path);

      return hl_cli_report_unsaved (result, g_steal_pointer (&error), quiet, path, resume_arg);
    }
  return hl_cli_report_trained (result, g_steal_pointer (&error), quiet, path);
}

int
hl_cli_resume (int argc, char **argv)
{
  gboolean opt_quiet = FALSE, opt_killed = FALSE;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, N_("No progress line and no summary"), NULL },
    { "killed", 0, 0, G_OPTION_ARG_NONE, &opt_killed,
      N_("FILE only: resume a run file marked running whose process is gone (a store knows this itself)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID|FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;

  g_option_context_set_summary (context, _("Resume an interrupted or cancelled run from its checkpoint."));
  g_option_context_set_description (context,
    _("ID names a run in the store (see “hyperlab-cli runs”); FILE a run written with “run -o”, "
      "resumed from the checkpoint beside it. The run goes on from its last checkpoint with the same "
      "weights, optimizer state and data order, so its curve is the one it would have had, and "
      "writes its record as it trains.\n\n"
      "Exit status: 0 completed or early stopped, 1 bad input or a failed run, 3 diverged, 130 cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (argc != 2)
    {
      fprintf (stderr, "hyperlab-cli: %s\n", _("resume: give exactly one run id or run file"));
      return HL_EXIT_BAD_INPUT;
    }
  /* Ids have no "/" or "." in them: such an argument, or a file by that
   * name, is a run file.  One that is not there was taken for an id
   * ("invalid run id", or "no such folder" before the store was made). */
  if (strpbrk (argv[1], "/.") != NULL || g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    return resume_file (argv[1], opt_quiet, opt_killed);
  if ((store = open_store (&error)) == NULL || !hl_store_refresh (store, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  return resume_run (store, argv[1], opt_quiet);
}
