/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-run.c - `hyperlab-cli run` (train a config, write the run record)
 * and `hyperlab-cli validate` (check a config without training). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "hl-checkpoint.h"
#include "hl-cli.h"

/* as the README gives them: a run can fail after it began (a schedule
 * plugin's negative rate), which "1 bad input" left out */
static const char *exit_codes =
  N_("Exit status: 0 completed or early stopped, 1 bad input or a failed run, 3 diverged, 130 cancelled.");

static GOptionContext *
make_context (const char *summary, GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (_("CONFIG"));

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* For a problem with field, one of the file's parameters of an optimizer
 * or schedule that a --set replaced ("--set optimizer.name=adam" on a file
 * with sgd's weight_decay), what to do about it; else NULL.  The error
 * blamed the file alone (found by a QA pass). */
static const char *
plugin_switch_hint (const char *field, char **sets)
{
  const char *const *assignments = (const char *const *) sets;

  if (field == NULL || hl_config_path_is_set (field, assignments))
    return NULL;
  if (g_str_has_prefix (field, "optimizer.params.") && hl_config_path_is_set ("optimizer.name", assignments))
    return _("--set optimizer.name chose another optimizer: --set optimizer.params={} drops the "
             "file's parameters");
  if (g_str_has_prefix (field, "schedule.params.") && hl_config_path_is_set ("schedule.name", assignments))
    return _("--set schedule.name chose another schedule: --set schedule.params={} drops the file's "
             "parameters");
  return NULL;
}

/* "SOURCE: ignored: …" for one field, or for several (many). */
static void
warn_unused (const char *source, const char *kind, const char *takes, gboolean many)
{
  if (*takes != '\0' && many)
    /* TRANSLATORS: "FILE: dataset.path, dataset.target", then a dataset kind and the
     * fields it reads */
    fprintf (stderr, _("hyperlab-cli: warning: %s: ignored: the dataset kind “%s” does not use "
                       "them (it takes %s)\n"), source, kind, takes);
  else if (*takes != '\0')
    /* TRANSLATORS: the first %s is "--set dataset.classes" or "FILE: dataset.classes", then a
     * dataset kind and the fields it reads */
    fprintf (stderr, _("hyperlab-cli: warning: %s: ignored: the dataset kind “%s” does not use "
                       "it (it takes %s)\n"), source, kind, takes);
  else
    fprintf (stderr, _("hyperlab-cli: warning: %s: ignored: the dataset kind “%s” takes no "
                       "fields but the splits and limit\n"), source, kind);
}

/* Where a dataset field came from, as a warning names it: the sweep's
 * space, a --set, or the file. */
static char *
field_source (const char *field, const char *shown, char **sets, const char *space_file, char **space)
{
  if (hl_config_path_is_set (field, (const char *const *) space))
    return g_strconcat (space_file, ": space: ", field, NULL);
  if (hl_config_path_is_set (field, (const char *const *) sets))
    return g_strconcat ("--set ", field, NULL);
  return g_strconcat (shown, ": ", field, NULL);
}

/* The test set a kind tests on instead of splitting off dataset.test_split:
 * the IDX family's own files (idx only when its config names them), else
 * NULL. */
static const char *
own_test_set (const char *kind, JsonObject *dataset)
{
  JsonNode *images;

  if (g_strcmp0 (kind, "idx") == 0)
    {
      images = json_object_get_member (dataset, "test_images");
      return images != NULL && !JSON_NODE_HOLDS_NULL (images) ? "test_images, test_labels" : NULL;
    }
  return hl_dataset_kind_is_idx_family (kind) ? "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte" : NULL;
}

/* A field the dataset's kind does not read was ignored without a word
 * ("--set dataset.classes=5" on xor, a "path" on a toy set; found by a CLI
 * review), and so was a test_split where the data bring their own test set
 * (Fashion-MNIST: "--set dataset.test_split=0.5" tested on the same 10000
 * images; found by a QA pass).  A warning, not an error: the application
 * keeps the fields of a kind chosen before and saves those that differ
 * from the defaults, so the file's such fields are named on one line (a
 * spiral config saved after a CSV and IDX files had been picked made seven
 * warnings; found by a GUI QA pass). */
void
hl_cli_warn_unused_fields (const char *kind, JsonNode *root, const char *shown, char **sets,
                           const char *space_file, char **space)
{
  static const char *const common[] = { "kind", "validation_split", "test_split", "limit", NULL };
  const char *const *fields = hl_dataset_kind_fields (kind);
  const char *test_set;
  g_autofree char *takes = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) in_file = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func (g_free);   /* by --set or the space */
  JsonNode *dataset;

  if (fields == NULL)
    return;
  dataset = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "dataset") : NULL;
  if (dataset == NULL || !JSON_NODE_HOLDS_OBJECT (dataset))
    return;
  test_set = own_test_set (kind, json_node_get_object (dataset));
  takes = g_strjoinv (", ", (char **) fields);
  members = json_object_get_members (json_node_get_object (dataset));
  for (GList *l = members; l != NULL; l = l->next)
    {
      char *field = g_strconcat ("dataset.", (const char *) l->data, NULL);
      const gboolean own_test = test_set != NULL && g_str_equal (l->data, "test_split");

      if (!own_test && (g_strv_contains (common, l->data) || g_strv_contains (fields, l->data)))
        g_free (field);
      else if (!own_test && !hl_config_path_is_set (field, (const char *const *) space)
               && !hl_config_path_is_set (field, (const char *const *) sets))
        g_ptr_array_add (in_file, field);
      else
        g_ptr_array_add (given, field);
    }
  if (in_file->len > 0)
    {
      const gboolean many = in_file->len > 1;
      g_autofree char *list = NULL, *source = NULL;

      g_ptr_array_add (in_file, NULL);
      list = g_strjoinv (", ", (char **) in_file->pdata);
      source = g_strconcat (shown, ": ", list, NULL);
      warn_unused (source, kind, takes, many);
    }
  for (guint i = 0; i < given->len; i++)
    {
      const char *field = given->pdata[i];
      g_autofree char *source = field_source (field, shown, sets, space_file, space);

      if (test_set != NULL && g_str_equal (field, "dataset.test_split"))
        /* TRANSLATORS: "--set dataset.test_split" or "FILE: dataset.test_split", a dataset
         * kind, then the files or fields its test set comes from */
        fprintf (stderr, _("hyperlab-cli: warning: %s: ignored: the dataset kind “%s” has a test set "
                           "of its own (%s)\n"), source, kind, test_set);
      else
        warn_unused (source, kind, takes, FALSE);
    }
}

static void
warn_unused_fields (const HlConfig *config, const char *data, gsize length, const char *path,
                    char **sets)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *shown = g_filename_display_name (path);
  JsonNode *root;

  /* the text loaded as a config already: one the loader's checks passed */
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return;
  root = json_parser_get_root (parser);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    hl_config_json_set (root, sets[i], NULL);
  hl_cli_warn_unused_fields (config->dataset.kind, root, shown, sets, NULL, NULL);
}

const char *
hl_cli_config_name (const char *arg)
{
  return g_strcmp0 (arg, "-") == 0 ? _("standard input") : arg;
}

/* "-": `validate -` looked for a file named "-" (found by a CLI review). */
static gboolean
read_stdin (char **data, gsize *length, GError **error)
{
  GString *text = g_string_new (NULL);
  char buf[65536];
  size_t n;

  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    g_string_append_len (text, buf, (gssize) n);
  if (ferror (stdin))
    {
      int saved = errno;

      g_string_free (text, TRUE);
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, _("%s: cannot read: %s"),
                   hl_cli_config_name ("-"), g_strerror (saved));
      return FALSE;
    }
  *length = text->len;
  *data = g_string_free (text, FALSE);
  return TRUE;
}

/* CONFIG (or "-", standard input) with its --set overrides, checked; with
 * issues, unchecked and every problem in *issues (hl_config_from_data_listing).
 * Warns of the dataset fields its kind ignores. */
static HlConfig *
read_config (const char *path, char **sets, GPtrArray **issues, GError **error)
{
  const gboolean from_stdin = g_strcmp0 (path, "-") == 0;
  const char *name = hl_cli_config_name (path);
  g_autofree char *data = NULL;
  gsize length = 0;
  HlConfig *config;

  if (from_stdin ? !read_stdin (&data, &length, error) : !hl_config_read_file (path, &data, &length, error))
    return NULL;
  config = issues != NULL
           ? hl_config_from_data_listing (data, (gssize) length, name, (const char *const *) sets,
                                          hl_plugin_registry_get_default (), issues, error)
           : hl_config_from_data_with_overrides (data, (gssize) length, name, (const char *const *) sets,
                                                 TRUE, error);
  if (config == NULL)
    return NULL;
  /* its relative data paths are the current folder's, as a shell's are */
  if (from_stdin)
    {
      g_free (config->base_dir);
      config->base_dir = g_get_current_dir ();
    }
  warn_unused_fields (config, data, length, name, sets);
  return config;
}

HlConfig *
hl_cli_load_config (const char *path, char **sets, GError **error)
{
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  GError *local = NULL;

  config = read_config (path, sets, NULL, error);
  if (config == NULL)
    return NULL;
  issues = hl_config_check (config, hl_plugin_registry_get_default ());
  if (issues->len > 0)
    {
      const HlConfigIssue *issue = issues->pdata[0];
      const char *hint = hl_config_issue_set_field (issue, (const char *const *) sets) == NULL
                         ? plugin_switch_hint (issue->path, sets) : NULL;

      /* the plugin fields too are blamed on a --set that gave them */
      local = hl_config_issue_to_error (issue, hl_cli_config_name (path), (const char *const *) sets);
      if (hint != NULL)
        {
          char *message = g_strdup_printf ("%s; %s", local->message, hint);

          g_free (local->message);
          local->message = message;
        }
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&config);
}

void
hl_cli_add_data_inputs (GPtrArray *inputs, const HlConfig *config)
{
  const HlDatasetConfig *d = &config->dataset;
  const char *files[] = { d->path, d->train_images, d->train_labels, d->test_images, d->test_labels };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (files[i] != NULL && *files[i] != '\0')
      g_ptr_array_add (inputs, hl_config_resolve_path (config, files[i]));
}

/* It had neither source before (found by a review). */
void
hl_cli_blame_config (GError *error, const char *path, char **sets)
{
  static const char *const fields[] = { "dataset", "model", "optimizer", "schedule", "training",
                                        "early_stopping" };

  if (error == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gsize n = strlen (fields[i]);

      if (g_str_has_prefix (error->message, fields[i]) && strchr (".[:", error->message[n]) != NULL
          && error->message[n] != '\0')
        {
          hl_config_prefix_source (error, path, (const char *const *) sets);
          return;
        }
    }
}

/* Runs of one config with different --set values were all listed under the
 * config's name (found by a GUI review): the name says what was set,
 * "spiral 16-16 tanh sgd · optimizer.learning_rate=0.01", unless a --set
 * names the run itself. */
void
hl_cli_name_with_sets (HlConfig *config, char **sets)
{
  g_autoptr(GString) name = NULL;

  if (sets == NULL || sets[0] == NULL)
    return;
  for (guint i = 0; sets[i] != NULL; i++)
    {
      g_autofree char *path = g_strstrip (g_strndup (sets[i], strcspn (sets[i], "=")));

      if (g_str_equal (path, "name"))
        return;
    }
  name = g_string_new (config->name != NULL ? config->name : "");
  for (guint i = 0; sets[i] != NULL; i++)
    {
      g_autofree char *set = g_strstrip (g_strdup (sets[i]));

      g_string_append (name, name->len == 0 ? "" : i == 0 ? " · " : ", ");
      g_string_append (name, set);
    }
  g_free (config->name);
  config->name = g_string_free (g_steal_pointer (&name), FALSE);
}

static gboolean
one_config (int argc, char **argv, const char *command)
{
  if (argc == 2)
    return TRUE;
  fprintf (stderr, argc < 2 ? _("hyperlab-cli: %s needs a CONFIG file (see --help)\n")
                            : _("hyperlab-cli: %s takes one CONFIG file (see --help)\n"), command);
  return FALSE;
}

/* The record and its checkpoint are written as "<file>.XXXXXX" and renamed:
 * try that now.  A name too long for the file system trained the whole run
 * and then could not save it (found by a QA pass). */
static gboolean
probe_writable (const char *output, GError **error)
{
  g_autofree char *ckpt = hl_checkpoint_path_for_run (output);
  const char *files[] = { output, ckpt };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *probe = g_strconcat (files[i], ".XXXXXX", NULL);
      int fd = g_mkstemp_full (probe, O_WRONLY | O_CLOEXEC, 0644);

      if (fd < 0)
        {
          int saved = errno;
          g_autofree char *shown = g_filename_display_name (files[i]);

          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, _("%s: cannot write the run there: %s"),
                       shown, g_strerror (saved));
          return FALSE;
        }
      close (fd);
      g_unlink (probe);
    }
  return TRUE;
}

/* The checkpoint goes beside the record (NAME.ckpt for NAME.run.json, else
 * FILE.ckpt) and is removed when the run ends, so it is held to what -o is:
 * `-o exp` beside a cancelled exp.run.json replaced its exp.ckpt and that
 * run could never be resumed, and `-o d.run.json` deleted the data file
 * d.ckpt it trained on (found by a QA pass). */
static gboolean
check_checkpoint_path (const char *output, const char *const *inputs, GError **error)
{
  g_autofree char *ckpt = hl_checkpoint_path_for_run (output);
  g_autofree char *shown = NULL, *shown_ckpt = NULL, *prefix = NULL;
  g_autoptr(GError) local = NULL;
  const char *why;

  if (hl_cli_check_output (ckpt, inputs, &local))
    return TRUE;
  shown = g_filename_display_name (output);
  shown_ckpt = g_filename_display_name (ckpt);
  /* the reason without its "<checkpoint>: ", which the message names */
  prefix = g_strconcat (shown_ckpt, ": ", NULL);
  why = g_str_has_prefix (local->message, prefix) ? local->message + strlen (prefix) : local->message;
  /* TRANSLATORS: the -o file, its checkpoint's file, then why that one cannot be written */
  g_set_error (error, local->domain, local->code, _("%s: the run's checkpoint would be written to %s: %s"),
               shown, shown_ckpt, why);
  return FALSE;
}

/* Where the run record goes: -o FILE, else the run store. */
static char *
output_path (const char *output, const char *config_path, const char *store_dir, HlRun *run,
             HlStore **store, HlStoreLock **lock, GError **error)
{
  if (output)
    {
      g_autofree char *dir = g_path_get_dirname (output);

      g_autofree char *shown = g_filename_display_name (output);
      g_autofree char *shown_dir = g_filename_display_name (dir);

      /* Fail now rather than after a long training run: the folder must
       * exist and take new files (the record is written beside itself and
       * renamed into place), and the name must not be a folder. */
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                       _("%s: cannot write the run there: folder “%s” does not exist"), shown, shown_dir);
          return NULL;
        }
      if (g_file_test (output, G_FILE_TEST_IS_DIR) || g_str_has_suffix (output, G_DIR_SEPARATOR_S))
        {
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                       _("%s: is a folder; give the run record a file name"), shown);
          return NULL;
        }
      if (g_access (dir, W_OK | X_OK) != 0)
        {
          int saved = errno;
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                       _("%s: cannot write the run there: folder “%s”: %s"), shown, shown_dir,
                       g_strerror (saved));
          return NULL;
        }
      {
        /* the data too: `-o d<Tab>` replaced the CSV with the run record */
        g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

        g_ptr_array_add (inputs, g_strdup (config_path));
        hl_cli_add_data_inputs (inputs, run->config);
        g_ptr_array_add (inputs, NULL);
        if (!hl_cli_check_output (output, (const char *const *) inputs->pdata, error)
            || !check_checkpoint_path (output, (const char *const *) inputs->pdata, error))
          return NULL;
      }
      if (!probe_writable (output, error))
        return NULL;
      /* "<id>.lock" beside the file, as in a store: a file in the store's
       * folder is seen alive there (it was listed as interrupted and
       * `resume ID` trained it a second time; found by a review) */
      if ((*lock = hl_store_lock_run_in (dir, run->id, error)) == NULL)
        return NULL;
      return g_strdup (output);
    }
  /* In the store, the lock tells others the run is alive, not interrupted;
   * taking it claims the run's id. */
  *store = hl_store_new (store_dir, error);
  if (*store == NULL || (*lock = hl_store_claim_new_id (*store, run, error)) == NULL)
    return NULL;
  return hl_store_path_for (*store, run->id);
}

static gboolean
save_result (HlRun *run, HlStore *store, const char *path, GError **error)
{
  if (store)
    return hl_store_save (store, run, error);
  return hl_run_save_final (run, path, error);
}

static int
train_config (HlConfig *config, const char *config_path, char **sets, const char *output,
              const char *store_dir, gboolean quiet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlRun) run = NULL;
  g_autofree char *path = NULL;
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);
  if (trainer == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  path = output_path (output, config_path, store_dir, hl_trainer_get_run (trainer), &store, &lock, &error);
  if (path == NULL)
    {
      hl_trainer_free (trainer);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  /* A crash loses at most the last 10 s: the run file is rewritten as it goes. */
  hl_trainer_set_checkpoint (trainer, path, 10.0);
  run = hl_cli_train (trainer, !quiet, &error);
  if (run == NULL)
    hl_cli_blame_config (error, hl_cli_config_name (config_path), sets);
  hl_trainer_free (trainer);
  if (run != NULL && !save_result (run, store, path, &error))
    {
      g_autofree char *resume_arg = store != NULL ? g_strdup (run->id) : hl_cli_resume_file_arg (path);

      g_clear_pointer (&lock, hl_store_unlock);
      return hl_cli_report_unsaved (run, g_steal_pointer (&error), quiet, path, resume_arg);
    }
  g_clear_pointer (&lock, hl_store_unlock);
  return hl_cli_report_trained (run, g_steal_pointer (&error), quiet,
                                run != NULL && run->path != NULL ? run->path : path);
}

int
hl_cli_run (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *store_dir = NULL;
  g_auto(GStrv) sets = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the run record to FILE instead of the run store"), N_("RUN.json") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,   /* bytes as given: checked as UTF-8 with a message naming the --set */
      N_("Override a config field, e.g. optimizer.learning_rate=0.01 or model.layers[1].units=64 "
         "(VALUE is read as JSON, else as text; repeatable)"), N_("PATH=VALUE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("No progress line and no summary; print only the run file"), NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir,
      N_("Run store folder (default $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs)"), N_("DIR") },
    { NULL }
  };
  g_autofree char *description = g_strdup_printf (
    "%s\n\n%s\n  hyperlab-cli run spiral.hyperlab.json\n"
    "  hyperlab-cli run fashion-mnist.hyperlab.json --set training.batch_size=128 -o fm.run.json\n\n%s",
    _("Trains the network a config describes, showing progress on a terminal, and writes the run "
      "record (checkpointed every 10 s). Ctrl+C cancels and saves the run as cancelled. CONFIG “-” "
      "reads the config from standard input."),
    _("Examples:"), _(exit_codes));

  context = make_context (_("Train a config and write its run record."), entries);
  g_option_context_set_description (context, description);
  if (!hl_cli_parse (context, &argc, &argv) || !one_config (argc, argv, "run"))
    return HL_EXIT_BAD_INPUT;
  config = hl_cli_load_config (argv[1], sets, &error);
  if (config == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  /* named as the application names its runs, so the run list says what it was */
  if (config->name == NULL || *config->name == '\0')
    {
      g_free (config->name);
      config->name = hl_config_auto_name (config);
    }
  hl_cli_name_with_sets (config, sets);
  return train_config (config, argv[1], sets, output, store_dir, quiet);
}

/* Each problem with its source: the file, or the --set that gave the value. */
static void
print_issues (const char *path, GPtrArray *issues, const char *const *sets)
{
  g_autofree char *shown = g_filename_display_name (path);

  for (guint i = 0; i < issues->len; i++)
    {
      const HlConfigIssue *issue = issues->pdata[i];

      const char *hint = plugin_switch_hint (issue->path, (char **) sets);
      const char *set = hl_config_issue_set_field (issue, sets);

      if (set == issue->path)
        fprintf (stderr, "hyperlab-cli: --set %s\n", issue->error->message);
      else if (set != NULL)
        fprintf (stderr, "hyperlab-cli: --set %s: %s\n", set, issue->error->message);
      else
        fprintf (stderr, "hyperlab-cli: %s: %s%s%s\n", shown, issue->error->message,
                 hint != NULL ? "; " : "", hint != NULL ? hint : "");
    }
}

int
hl_cli_validate (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sets = NULL;
  g_autoptr(HlDataset) dataset = NULL;
  GPtrArray *issues = NULL;
  int status = HL_EXIT_OK;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,   /* bytes as given: checked as UTF-8 with a message naming the --set */
      N_("Override a config field before checking (repeatable)"), N_("PATH=VALUE") },
    { NULL }
  };

  context = make_context (_("Check a config without training."), entries);
  g_option_context_set_description (context,
    _("Reads CONFIG, applies the --set overrides and checks every field, including the optimizer "
      "and schedule against the installed plugins, then reads the dataset as a run would. Prints "
      "“config OK” with the dataset's size, or each problem with its field path; the exit status "
      "is 0 or 1. CONFIG “-” reads the config from standard input."));
  if (!hl_cli_parse (context, &argc, &argv) || !one_config (argc, argv, "validate"))
    return HL_EXIT_BAD_INPUT;
  /* Unchecked load, so that every range problem is listed, not the first
   * (a negative count too) */
  config = read_config (argv[1], sets, &issues, &error);
  if (config == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  if (issues->len > 0)
    {
      print_issues (hl_cli_config_name (argv[1]), issues, (const char *const *) sets);
      hl_config_issues_free (issues);
      return HL_EXIT_BAD_INPUT;
    }
  hl_config_issues_free (issues);
  /* The data too, as run would read it: a missing file, a target column
   * that is not there, splits that leave too few samples (validate said
   * "config OK" and run failed) */
  dataset = hl_dataset_load (config, NULL, &error);
  if (dataset == NULL || !hl_trainer_check_data (config, dataset, &error))
    {
      hl_cli_blame_config (error, hl_cli_config_name (argv[1]), sets);
      return hl_cli_fail (g_steal_pointer (&error));
    }
  printf ("%s\n  %s\n", _("config OK"), dataset->description);
  return status;
}
