/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-script.c - hyperlab-cli as a shell script meets it: what a
 * mistyped argument says, what --quiet keeps off stdout, and output a
 * parser reads as it is. */
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "hyperlab.h"
#include "test-cli-util.h"

static char *
example (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.hyperlab.json", name);

  return g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), file, NULL);
}

/* A run file that is not there is named as a file that is not there: a
 * path (it has "/" or ".") was taken for a store id, "invalid run id
 * “./r.run.json”", as if the spelling were wrong rather than the file
 * missing, or, with no store made yet, "run store …: no such folder"
 * (found by a QA pass of the scripted CLI). */
static void
test_resume_missing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gone.run.json", NULL);
  Result r;

  assert_cli_err ((const char *[]) { "resume", "--store", dir, path, NULL }, 1, "",
                  "hyperlab-cli: Failed to open file “%s”: No such file or directory\n", path);
  assert_cli_err ((const char *[]) { "resume", "--store", dir, "gone.run.json", NULL }, 1, NULL,
                  "hyperlab-cli: Failed to open file “gone.run.json”: No such file or directory\n");
  /* an id stays an id */
  r = run_cli ((const char *[]) { "resume", "--store", dir, "20000101-000000-beef", NULL });
  assert_status (&r, 1);
  g_assert_nonnull (strstr (r.err, "hyperlab-cli: no run “20000101-000000-beef” in the run store "));
  result_clear (&r);
  g_rmdir (dir);
}

/* runs --json is the listing for scripts: one JSON document and one line
 * break, as plugins --json and export-config end; it ended with a blank
 * line, one line more than the runs for `wc -l` and a line-by-line
 * reader (found by a QA pass of the scripted CLI). */
static void
test_runs_json_ends_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  Result r = run_cli ((const char *[]) { "runs", "--store", dir, "--json", NULL });
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  assert_status (&r, 0);
  g_assert_cmpstr (r.out, ==, "[]\n");
  g_assert_cmpstr (r.err, ==, "");
  result_clear (&r);

  {
    g_autofree char *config = example ("xor");

    r = run_cli ((const char *[]) { "run", "-q", "--store", dir, config, "--set", "training.epochs=1", NULL });
    assert_status (&r, 0);
    result_clear (&r);
  }
  r = run_cli ((const char *[]) { "runs", "--store", dir, "--json", NULL });
  assert_status (&r, 0);
  g_assert_true (g_str_has_suffix (r.out, "]\n"));
  g_assert_false (g_str_has_suffix (r.out, "\n\n"));
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  result_clear (&r);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

/* A run whose loss exploded or became NaN (stop_on_nan off) exits 0, its
 * status completed: the warning in its summary is all that says it is no
 * success.  --quiet dropped it with the summary, so a script saw exit 0
 * and a path; now stdout keeps the path alone and the warning goes to
 * stderr.  The factor of a loss risen 4e30 times printed 31 digits
 * (found by a QA pass of the scripted CLI). */
static void
test_quiet_keeps_loss_warning (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "w.run.json", NULL);
  g_autofree char *out_line = g_strdup_printf ("%s\n", out);
  g_autofree char *spiral = example ("spiral"), *sine = example ("sine");
  const char *exploding[] = { "--set", "optimizer.learning_rate=1e30", "--set", "model.layers[0].activation=relu",
                              "--set", "early_stopping.stop_on_nan=false", "--set", "training.epochs=2" };
  const char *nan[] = { "--set", "optimizer.learning_rate=1e6", "--set", "optimizer.name=sgd",
                        "--set", "optimizer.params={}", "--set", "training.epochs=5",
                        "--set", "early_stopping.stop_on_nan=false" };
  Result r;

  r = run_cli ((const char *[]) { "run", spiral, "-o", out, exploding[0], exploding[1], exploding[2], exploding[3],
                                  exploding[4], exploding[5], exploding[6], exploding[7], NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, "\n  warning: the training loss rose from 1.09 to "));
  g_assert_nonnull (strstr (r.out, "e+30×); the learning rate is most likely too high\n"));
  g_assert_null (strstr (r.out, "00000000"));
  g_assert_cmpstr (r.err, ==, "");
  result_clear (&r);
  g_unlink (out);

  r = run_cli ((const char *[]) { "run", spiral, "-q", "-o", out, exploding[0], exploding[1], exploding[2], exploding[3],
                                  exploding[4], exploding[5], exploding[6], exploding[7], NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.out, ==, out_line);
  g_assert_true (g_str_has_prefix (r.err, "hyperlab-cli: warning: the training loss rose from 1.09 to "));
  g_assert_true (g_str_has_suffix (r.err, "e+30×); the learning rate is most likely too high\n"));
  result_clear (&r);
  g_unlink (out);

  r = run_cli ((const char *[]) { "run", sine, "-q", "-o", out, nan[0], nan[1], nan[2], nan[3], nan[4], nan[5],
                                  nan[6], nan[7], nan[8], nan[9], NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.out, ==, out_line);
  g_assert_true (g_str_has_prefix (r.err, "hyperlab-cli: warning: the training loss was not a number from step "));
  g_assert_true (g_str_has_suffix (r.err, " on (early_stopping.stop_on_nan is off)\n"));
  result_clear (&r);
  g_unlink (out);
  {
    g_autofree char *ckpt = g_build_filename (dir, "w.ckpt", NULL);
    g_unlink (ckpt);
  }
  g_rmdir (dir);
}

static void
ignore_hangup (gpointer data)
{
  (void) data;
  signal (SIGHUP, SIG_IGN);
}

/* hyperlab-cli started as `nohup` starts it: SIGHUP ignored. */
static GSubprocess *
spawn_nohup (const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, ignore_hangup, NULL, NULL);
  g_ptr_array_add (argv, (gpointer) g_getenv ("HYPERLAB_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* `nohup hyperlab-cli run … &` and logging out: the hangup stopped the
 * run (saved as cancelled, exit 130), the one thing nohup is there to
 * prevent; the command put its own handler over the ignored SIGHUP (found
 * by a QA pass of the scripted CLI).  SIGTERM still stops it. */
static void
test_nohup_survives_hangup (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "n.run.json", NULL);
  g_autofree char *ckpt = g_build_filename (dir, "n.ckpt", NULL);
  g_autofree char *config = example ("spiral");
  GSubprocess *proc = spawn_nohup ((const char *[]) { "run", "-q", config, "-o", out,
                                                      "--set", "training.epochs=1000000",
                                                      "--set", "early_stopping.enabled=false", NULL });
  g_autoptr(HlRun) run = NULL;
  g_autoptr(GError) error = NULL;
  Result r;

  /* training (the run file is written as it starts), then the hangup */
  for (guint i = 0; i < 200 && !g_file_test (out, G_FILE_TEST_EXISTS); i++)
    g_usleep (G_USEC_PER_SEC / 20);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  g_subprocess_send_signal (proc, SIGHUP);
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_false (g_subprocess_get_identifier (proc) == NULL);   /* not reaped: still running */
  g_subprocess_send_signal (proc, SIGTERM);
  r = finish (proc);
  assert_status (&r, 130);
  run = hl_run_load (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (run->summary.steps, >, 0);
  result_clear (&r);
  g_unlink (out);
  g_unlink (ckpt);

  /* without nohup, a hangup stops it as Ctrl+C does */
  proc = spawn ((const char *[]) { "run", "-q", config, "-o", out, "--set", "training.epochs=1000000",
                                   "--set", "early_stopping.enabled=false", NULL });
  for (guint i = 0; i < 200 && !g_file_test (out, G_FILE_TEST_EXISTS); i++)
    g_usleep (G_USEC_PER_SEC / 20);
  g_subprocess_send_signal (proc, SIGHUP);
  r = finish (proc);
  assert_status (&r, 130);
  result_clear (&r);
  g_unlink (out);
  g_unlink (ckpt);
  g_rmdir (dir);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* -o naming the config's data or a sweep's base config: refused before
 * anything trains, the file untouched.  `run my.hyperlab.json -o d<Tab>`
 * replaced the CSV the config trains on with the run record, lr-find's
 * with its curve, and a sweep's -o its base config with the results, though
 * "-o never replaces one of the command's inputs" (found by a QA pass of
 * the scripted CLI). */
static void
test_output_spares_data_and_base (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "store", NULL);
  g_autofree char *csv = g_build_filename (dir, "d.csv", NULL);
  g_autofree char *config = g_build_filename (dir, "c.hyperlab.json", NULL);
  g_autofree char *sweep = g_build_filename (dir, "s.sweep.json", NULL);
  g_autofree char *refused_csv = g_strdup_printf ("hyperlab-cli: %s: is also the input; write the output to "
                                                  "another file\n", csv);
  g_autofree char *refused_config = g_strdup_printf ("hyperlab-cli: %s: is also the input; write the output to "
                                                     "another file\n", config);
  g_autoptr(GString) text = g_string_new ("a,b,y\n");
  g_autofree char *after = NULL;
  Result r;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "%u,%u,%u\n", i % 7, i % 5, i % 2);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  g_assert_true (g_file_set_contents (config, "{ \"dataset\": { \"kind\": \"csv\", \"path\": \"d.csv\", "
                                      "\"target\": \"y\" }, \"training\": { \"epochs\": 1 } }", -1, NULL));
  g_assert_true (g_file_set_contents (sweep, "{ \"format\": \"hyperlab-sweep\", \"version\": 1, "
                                      "\"base\": \"c.hyperlab.json\", \"space\": { \"optimizer.learning_rate\": "
                                      "{ \"values\": [0.1, 0.2] } } }", -1, NULL));
  g_assert_true (g_mkdir (store, 0755) == 0);

  assert_cli_err ((const char *[]) { "run", "-q", config, "-o", csv, NULL }, 1, "", "%s", refused_csv);
  assert_cli_err ((const char *[]) { "lr-find", "-q", config, "-o", csv, NULL }, 1, "", "%s", refused_csv);
  g_assert_true (g_file_get_contents (csv, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text->str);

  for (guint i = 0; i < 2; i++)
    {
      const char *output = i == 0 ? config : csv;

      assert_cli_err ((const char *[]) { "sweep", "-q", "--store", store, sweep, "-o", output, NULL }, 1, "",
                      "%s", i == 0 ? refused_config : refused_csv);
    }
  {
    /* the names as typed in the sweep's folder */
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GError) error = NULL;

    g_subprocess_launcher_set_cwd (launcher, dir);
    r = finish (g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HYPERLAB_CLI"), "sweep", "-q",
                                             "--store", store, "s.sweep.json", "-o", "c.hyperlab.json", NULL));
    g_assert_no_error (error);
    assert_status (&r, 1);
    g_assert_cmpstr (r.err, ==, "hyperlab-cli: c.hyperlab.json: is also the input; write the output to "
                                "another file\n");
    result_clear (&r);
  }
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (config, &after, NULL, NULL));
  g_assert_nonnull (strstr (after, "\"d.csv\""));
  r = run_cli ((const char *[]) { "runs", "--store", store, "--json", NULL });
  g_assert_cmpstr (r.out, ==, "[]\n");   /* nothing trained */
  result_clear (&r);
  remove_tree (dir);
}

/* -o in a folder that is not there fails before anything trains, naming
 * the folder: a sweep trained all its trials and then said "Failed to
 * create file “/no/such/r.json.Y73LZ3”", a temporary name the user never
 * gave, and lr-find took all its steps first (found by a QA pass of the
 * scripted CLI). */
static void
test_output_folder_missing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "store", NULL);
  g_autofree char *output = g_build_filename (dir, "no-such-folder", "r.json", NULL);
  g_autofree char *expected = g_strdup_printf ("hyperlab-cli: %s: cannot write there: folder “%s%sno-such-folder” "
                                               "does not exist\n", output, dir, G_DIR_SEPARATOR_S);
  g_autofree char *sweep = NULL;
  g_autofree char *config = example ("xor");
  Result r;

  g_assert_true (g_mkdir (store, 0755) == 0);
  {
    g_autofree char *examples_sweep = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"),
                                                        "spiral-lr-batch.sweep.json", NULL);
    sweep = g_steal_pointer (&examples_sweep);
  }
  assert_cli_err ((const char *[]) { "sweep", "-q", "--store", store, sweep, "--set", "training.epochs=1",
                                     "-o", output, NULL }, 1, "", "%s", expected);
  r = run_cli ((const char *[]) { "runs", "--store", store, "--json", NULL });
  g_assert_cmpstr (r.out, ==, "[]\n");   /* nothing trained */
  result_clear (&r);

  assert_cli_err ((const char *[]) { "lr-find", "-q", config, "-o", output, NULL }, 1, "", "%s", expected);
  remove_tree (dir);
}

/* --set optimizer.name=adam on a config whose file gives sgd's
 * weight_decay: the error blamed the file, and nothing said that the --set
 * is what made its parameters wrong, nor how to drop them (found by a QA
 * pass of the scripted CLI).  run, validate and lr-find say it alike. */
static void
test_set_plugin_name_hint (void)
{
  g_autofree char *spiral = example ("spiral");
  const char *commands[] = { "validate", "run", "lr-find" };
  Result r;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    assert_cli_err ((const char *[]) { commands[i], spiral, "--set", "optimizer.name=adam", NULL }, 1, "",
                    "hyperlab-cli: %s: optimizer.params.weight_decay: “adam” has no parameter “weight_decay” (its "
                    "parameters: beta1, beta2, epsilon, amsgrad); --set optimizer.name chose another optimizer: "
                    "--set optimizer.params={} drops the file's parameters\n", spiral);
  r = run_cli ((const char *[]) { "validate", spiral, "--set", "optimizer.name=adam",
                                  "--set", "optimizer.params={}", NULL });
  assert_status (&r, 0);
  result_clear (&r);
  /* a parameter the --set gave itself is blamed on it, without the hint */
  r = run_cli ((const char *[]) { "validate", spiral, "--set", "optimizer.name=adam", "--set",
                                  "optimizer.params={\"beta3\": 1}", NULL });
  assert_status (&r, 1);
  g_assert_true (g_str_has_prefix (r.err, "hyperlab-cli: --set optimizer.params.beta3: "));
  g_assert_null (strstr (r.err, "drops the file's"));
  result_clear (&r);
}

/* "-o -" is standard output for export-csv and export-config; run,
 * lr-find and sweep wrote a file named "-" in the current folder instead,
 * which the next `cat -` does not read (found by a QA pass of the scripted
 * CLI).  Refused, with nothing trained and no file made. */
static void
test_output_dash (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "store", NULL);
  g_autofree char *dash = g_build_filename (dir, "-", NULL);
  g_autofree char *xor = example ("xor");
  g_autofree char *sweep = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral-lr-batch.sweep.json", NULL);
  const char *const calls[][8] = {
    { "run", "-q", "--store", store, xor, "-o", "-", NULL },
    { "lr-find", "-q", xor, "-o", "-", NULL },
    { "sweep", "-q", "--store", store, sweep, "-o", "-", NULL },
  };

  g_assert_true (g_mkdir (store, 0755) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      Result r;

      g_ptr_array_add (argv, (gpointer) g_getenv ("HYPERLAB_CLI"));
      for (guint k = 0; calls[i][k] != NULL; k++)
        g_ptr_array_add (argv, (gpointer) calls[i][k]);
      g_ptr_array_add (argv, NULL);
      g_subprocess_launcher_set_cwd (launcher, dir);
      r = finish (g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error));
      g_assert_no_error (error);
      assert_status (&r, 1);
      g_assert_cmpstr (r.err, ==, "hyperlab-cli: -o -: standard output takes only what export-csv and "
                                  "export-config write; give a file name\n");
      g_assert_cmpstr (r.out, ==, "");
      g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
      result_clear (&r);
    }
  {
    Result r = run_cli ((const char *[]) { "runs", "--store", store, "--json", NULL });
    g_assert_cmpstr (r.out, ==, "[]\n");   /* nothing trained */
    result_clear (&r);
  }
  remove_tree (dir);
}

/* -j 0 and --slurm-tasks 0 are refused as -j -1 is, with the range the
 * message gives; 0 stood for "not given" and quietly meant one trial per
 * CPU and one task per trial, and --slurm-tasks 0 passed without --slurm
 * (found by a QA pass of the scripted CLI). */
static void
test_sweep_zero_counts (void)
{
  g_autofree char *sweep = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral-lr-batch.sweep.json", NULL);
  Result r;

  assert_cli_err ((const char *[]) { "sweep", "-n", "-j", "0", sweep, NULL }, 1, "",
                  "hyperlab-cli: --parallel: must be between 1 and 256 (got 0)\n");
  assert_cli_err ((const char *[]) { "sweep", "-n", "--slurm", "--slurm-tasks", "0", sweep, NULL }, 1, NULL,
                  "hyperlab-cli: --slurm-tasks: must be between 1 and 10000 (got 0)\n");
  assert_cli_err ((const char *[]) { "sweep", "-n", "--slurm-tasks", "2", sweep, NULL }, 1, NULL,
                  "hyperlab-cli: --slurm-tasks and --sbatch go with --slurm\n");
  /* -j with --slurm was ignored without a word (found by a helper) */
  assert_cli_err ((const char *[]) { "sweep", "-n", "--slurm", "-j", "4", sweep, NULL }, 1, NULL,
                  "hyperlab-cli: --parallel does not go with --slurm (each array task trains its trials one "
                  "after another); --slurm-tasks sets how many train at once\n");
  /* given in range, as before */
  r = run_cli ((const char *[]) { "sweep", "-n", "-j", "3", sweep, NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, " 3 at a time"));
  result_clear (&r);
}

/* runs rm of a record that `runs` lists as broken removes it: it was
 * refused as "not overwritten, it is not a readable run", so the broken
 * line stayed in every listing (found by a CLI review). */
static void
test_runs_rm_broken (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.run.json", NULL);
  Result r;

  g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
  r = run_cli ((const char *[]) { "runs", "--store", dir, NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.err, "broken.run.json"));
  /* the line says which id removes it */
  g_assert_true (g_str_has_suffix (r.err, "; “runs rm broken” removes it\n"));
  result_clear (&r);
  r = run_cli ((const char *[]) { "runs", "--store", dir, "rm", "broken", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  r = run_cli ((const char *[]) { "runs", "--store", dir, NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  result_clear (&r);
  remove_tree (dir);
}

/* --set dataset.validation_split=0 under the file's early stopping is
 * blamed on the --set, not on the file, which had it right (found by a
 * CLI review); run and validate say the same.  The file's own 0 still
 * names the file. */
static void
test_set_split_blamed (void)
{
  g_autofree char *config = example ("spiral");
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *zero = g_build_filename (dir, "zero.hyperlab.json", NULL);
  g_autofree char *text = NULL;
  const char *message = "early_stopping.enabled: early stopping watches the validation loss, but "
                        "dataset.validation_split is 0; set \"early_stopping\": {\"enabled\": false} "
                        "or a validation split above 0\n";
  const char *commands[] = { "validate", "run" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    assert_cli_err ((const char *[]) { commands[i], config, "--set", "dataset.validation_split=0",
                                       i == 1 ? "--store" : NULL, dir, NULL }, 1, "",
                    "hyperlab-cli: --set dataset.validation_split: %s", message);
  /* the file's own split of 0 */
  g_assert_true (g_file_get_contents (config, &text, NULL, NULL));
  {
    g_autoptr(GString) edited = g_string_new (text);

    g_assert_cmpuint (g_string_replace (edited, "\"validation_split\": 0.1", "\"validation_split\": 0", 1), ==, 1);
    g_assert_true (g_file_set_contents (zero, edited->str, -1, NULL));
    assert_cli_err ((const char *[]) { "validate", zero, NULL }, 1, NULL, "hyperlab-cli: %s: %s", zero, message);
    /* and a --set that turns early stopping on there is the one blamed */
    assert_cli_err ((const char *[]) { "run", "--store", dir, zero, "--set", "early_stopping.enabled=true", NULL },
                    1, NULL, "hyperlab-cli: --set %s", message);
  }
  remove_tree (dir);
}

/* A dataset field its kind does not read is named on stderr, from a --set
 * or from the file, with what the kind takes; it was ignored without a
 * word (found by a CLI review).  A warning: the application saves such
 * fields, and the config still runs. */
static void
test_unused_dataset_field (void)
{
  g_autofree char *config = example ("xor");
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *with_path = g_build_filename (dir, "xor-path.hyperlab.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  Result r;

  r = run_cli ((const char *[]) { "validate", config, "--set", "dataset.classes=5", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "hyperlab-cli: warning: --set dataset.classes: ignored: the dataset kind "
                              "“xor” does not use it (it takes samples, noise)\n");
  g_assert_true (g_str_has_prefix (r.out, "config OK\n"));
  result_clear (&r);

  g_assert_true (g_file_get_contents (config, &text, NULL, NULL));
  {
    g_autoptr(GString) edited = g_string_new (text);

    g_assert_cmpuint (g_string_replace (edited, "\"kind\": \"xor\",", "\"kind\": \"xor\", \"path\": \"data.csv\",", 1), ==, 1);
    g_assert_true (g_file_set_contents (with_path, edited->str, -1, NULL));
  }
  expected = g_strconcat ("hyperlab-cli: warning: ", with_path, ": dataset.path: ignored: the dataset kind "
                          "“xor” does not use it (it takes samples, noise)\n", NULL);
  r = run_cli ((const char *[]) { "run", "-q", "--store", dir, with_path, "--set", "training.epochs=1", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, expected);
  g_assert_true (g_str_has_suffix (r.out, ".run.json\n"));
  result_clear (&r);
  /* the file's fields on one line, a --set's on its own: a config the
   * application saved after a CSV and IDX files had been picked made a
   * warning of each field (found by a GUI QA pass) */
  {
    g_autoptr(GString) edited = g_string_new (text);

    g_assert_cmpuint (g_string_replace (edited, "\"kind\": \"xor\",", "\"kind\": \"xor\", \"path\": \"data.csv\", "
                                        "\"target\": \"y\", \"train_images\": \"t.idx\",", 1), ==, 1);
    g_assert_true (g_file_set_contents (with_path, edited->str, -1, NULL));
  }
  g_clear_pointer (&expected, g_free);
  expected = g_strconcat ("hyperlab-cli: warning: ", with_path, ": dataset.path, dataset.target, "
                          "dataset.train_images: ignored: the dataset kind “xor” does not use them (it takes "
                          "samples, noise)\n"
                          "hyperlab-cli: warning: --set dataset.classes: ignored: the dataset kind “xor” does "
                          "not use it (it takes samples, noise)\n", NULL);
  r = run_cli ((const char *[]) { "validate", with_path, "--set", "dataset.classes=5", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, expected);
  result_clear (&r);
  /* the fields a kind reads, and the splits, say nothing */
  r = run_cli ((const char *[]) { "validate", config, "--set", "dataset.noise=0.2", "--set", "dataset.test_split=0.2", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  result_clear (&r);
  remove_tree (dir);
}

/* An IDX file of n samples: rows x cols bytes each (images), or a label
 * each (rows 0), i % 2. */
static void
write_idx (const char *path, guint n, guint rows, guint cols)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const guint32 head[] = { GUINT32_TO_BE (rows > 0 ? 0x803 : 0x801), GUINT32_TO_BE (n),
                           GUINT32_TO_BE (rows), GUINT32_TO_BE (cols) };

  g_byte_array_append (bytes, (const guint8 *) head, rows > 0 ? sizeof head : 2 * sizeof head[0]);
  for (guint i = 0; i < n * (rows > 0 ? rows * cols : 1); i++)
    g_byte_array_append (bytes, (const guint8[]) { rows > 0 ? (guint8) (i * 37) : (guint8) (i % 2) }, 1);
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
}

/* A test_split where the data bring their own test set is named as well:
 * "--set dataset.test_split=0.5" on Fashion-MNIST still tested on its
 * 10000 t10k images, without a word (found by a QA pass).  An idx config
 * without test files splits its test set off and says nothing. */
static void
test_own_test_set_split (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "fashion-mnist", NULL);
  g_autofree char *with_test = g_build_filename (dir, "idx.hyperlab.json", NULL);
  g_autofree char *without = g_build_filename (dir, "idx-train.hyperlab.json", NULL);
  g_autofree char *fashion = g_build_filename (dir, "fashion.hyperlab.json", NULL);
  g_autofree char *expected = NULL;
  const char *const files[] = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };
  Result r;

  g_assert_true (g_mkdir (data, 0755) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (data, files[i], NULL);

      write_idx (path, i < 2 ? 40 : 10, i % 2 == 0 ? 2 : 0, 2);
    }
  g_assert_true (g_file_set_contents (with_test, "{ \"dataset\": { \"kind\": \"idx\", "
                                      "\"train_images\": \"fashion-mnist/train-images-idx3-ubyte\", "
                                      "\"train_labels\": \"fashion-mnist/train-labels-idx1-ubyte\", "
                                      "\"test_images\": \"fashion-mnist/t10k-images-idx3-ubyte\", "
                                      "\"test_labels\": \"fashion-mnist/t10k-labels-idx1-ubyte\" } }", -1, NULL));
  g_assert_true (g_file_set_contents (without, "{ \"dataset\": { \"kind\": \"idx\", "
                                      "\"train_images\": \"fashion-mnist/train-images-idx3-ubyte\", "
                                      "\"train_labels\": \"fashion-mnist/train-labels-idx1-ubyte\" } }", -1, NULL));
  g_assert_true (g_file_set_contents (fashion, "{ \"dataset\": { \"kind\": \"fashion-mnist\", "
                                      "\"test_split\": 0.5 } }", -1, NULL));

  r = run_cli ((const char *[]) { "validate", with_test, "--set", "dataset.test_split=0.5", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "hyperlab-cli: warning: --set dataset.test_split: ignored: the dataset kind "
                              "“idx” has a test set of its own (test_images, test_labels)\n");
  g_assert_true (g_str_has_prefix (r.out, "config OK\n"));
  result_clear (&r);
  r = run_cli ((const char *[]) { "validate", without, "--set", "dataset.test_split=0.5", NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "(16 train / 4 val / 20 test)"));
  result_clear (&r);

  g_setenv ("HYPERLAB_DATA_DIRS", dir, TRUE);
  expected = g_strconcat ("hyperlab-cli: warning: ", fashion, ": dataset.test_split: ignored: the dataset kind "
                          "“fashion-mnist” has a test set of its own (t10k-images-idx3-ubyte, "
                          "t10k-labels-idx1-ubyte)\n", NULL);
  r = run_cli ((const char *[]) { "validate", fashion, NULL });
  g_unsetenv ("HYPERLAB_DATA_DIRS");
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, expected);
  result_clear (&r);
  remove_tree (dir);
}

/* sweep -q prints only the ranking, from its first line: stdout began
 * with a blank line (the gap after the trials' lines, which -q leaves
 * out; found by a CLI review). */
static void
test_sweep_quiet_starts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *sweep = g_build_filename (dir, "short.sweep.json", NULL);
  g_autofree char *spiral = example ("spiral");
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"hyperlab-sweep\", \"base\": \"%s\", \"space\": {\"optimizer.learning_rate\": "
    "{\"values\": [0.3, 0.1]}, \"training.epochs\": {\"values\": [1]}}}", spiral);
  Result r;

  g_assert_true (g_file_set_contents (sweep, text, -1, NULL));
  r = run_cli ((const char *[]) { "sweep", "-q", sweep, "--store", dir, NULL });
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, "Trials by val loss (lowest first):\n"));
  result_clear (&r);
  /* without -q the ranking stays apart from the trials' lines */
  r = run_cli ((const char *[]) { "sweep", sweep, "--store", dir, NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, "\n\nTrials by val loss (lowest first):\n"));
  result_clear (&r);
  remove_tree (dir);
}

/* hyperlab-cli with args, text on its standard input, in folder cwd. */
static Result
run_cli_input (const char *const *args, const char *input, const char *cwd)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  g_ptr_array_add (argv, (gpointer) g_getenv ("HYPERLAB_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return r;
}

/* CONFIG "-" is standard input for validate, run and lr-find: `validate -`
 * looked for a file named "-" (found by a CLI review).  Messages call it
 * "standard input", and its relative data paths are the current
 * folder's. */
static void
test_config_stdin (void)
{
  g_autofree char *config = example ("xor");
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "nope.csv", NULL);
  g_autofree char *expected = g_strdup_printf ("hyperlab-cli: %s: no such file (dataset.path)\n", missing);
  g_autofree char *text = NULL;
  Result r;

  g_assert_true (g_file_get_contents (config, &text, NULL, NULL));
  r = run_cli_input ((const char *[]) { "validate", "-", NULL }, text, dir);
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, "config OK\n"));
  result_clear (&r);
  r = run_cli_input ((const char *[]) { "run", "-q", "--store", dir, "-", "--set", "training.epochs=1", NULL }, text, dir);
  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_suffix (r.out, ".run.json\n"));
  result_clear (&r);
  r = run_cli_input ((const char *[]) { "lr-find", "-q", "-", "--steps", "20", NULL }, text, dir);
  assert_status (&r, 0);
  result_clear (&r);
  r = run_cli_input ((const char *[]) { "validate", "-", NULL }, "{\"dataset\": ", dir);
  assert_status (&r, 1);
  g_assert_true (g_str_has_prefix (r.err, "hyperlab-cli: standard input:"));
  result_clear (&r);
  r = run_cli_input ((const char *[]) { "validate", "-", NULL },
                    "{\"dataset\": {\"kind\": \"csv\", \"path\": \"nope.csv\"}}", dir);
  assert_status (&r, 1);
  g_assert_cmpstr (r.err, ==, expected);
  result_clear (&r);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/script/resume-missing-file", test_resume_missing_file);
  g_test_add_func ("/cli/script/runs-json-ends-once", test_runs_json_ends_once);
  g_test_add_func ("/cli/script/quiet-keeps-loss-warning", test_quiet_keeps_loss_warning);
  g_test_add_func ("/cli/script/nohup-survives-hangup", test_nohup_survives_hangup);
  g_test_add_func ("/cli/script/output-spares-data-and-base", test_output_spares_data_and_base);
  g_test_add_func ("/cli/script/output-folder-missing", test_output_folder_missing);
  g_test_add_func ("/cli/script/set-plugin-name-hint", test_set_plugin_name_hint);
  g_test_add_func ("/cli/script/output-dash", test_output_dash);
  g_test_add_func ("/cli/script/sweep-zero-counts", test_sweep_zero_counts);
  g_test_add_func ("/cli/script/runs-rm-broken", test_runs_rm_broken);
  g_test_add_func ("/cli/script/set-split-blamed", test_set_split_blamed);
  g_test_add_func ("/cli/script/unused-dataset-field", test_unused_dataset_field);
  g_test_add_func ("/cli/script/own-test-set-split", test_own_test_set_split);
  g_test_add_func ("/cli/script/sweep-quiet-starts", test_sweep_quiet_starts);
  g_test_add_func ("/cli/script/config-stdin", test_config_stdin);
  return g_test_run ();
}
