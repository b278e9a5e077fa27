/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plugins-run.c - a plugin as a run and a config meet it: a schedule
 * whose rate goes bad at a step the load-time smoke test does not sample
 * stops the run as failed, naming the plugin, the step and the rate; a
 * config naming a module that was rejected says why. */
#include <string.h>
#include <glib/gstdio.h>
#include "test-plugins.h"

/* xor: 480 training samples (a tenth each for validation and test), batch
 * 32, 5 epochs = 75 steps; the fixture's rate goes bad at ctx->step
 * 75 * 4 / 5 = 60, the 61st step. */
#define BAD_RATE_CONFIG \
  "{ \"format\": \"hyperlab-config\", \"version\": 1, \"seed\": 1,\n" \
  "  \"dataset\": { \"kind\": \"xor\", \"samples\": 600, \"noise\": 0.1, \"validation_split\": 0.1 },\n" \
  "  \"model\": { \"layers\": [ { \"units\": 4, \"activation\": \"tanh\" } ] },\n" \
  "  \"optimizer\": { \"name\": \"sgd\", \"learning_rate\": 0.05 },\n" \
  "  \"schedule\": { \"name\": \"fixture-bad-rate\", \"params\": { \"bad\": %d } },\n" \
  "  \"training\": { \"batch_size\": 32, \"epochs\": 5, \"validate_every_steps\": 10 },\n" \
  "  \"early_stopping\": { \"enabled\": false } }\n"

/* The shipped plugins and the bad-rate schedule (copied into dir). */
static HlPluginRegistry *
bad_rate_registry (const char *dir)
{
  g_autofree char *file = tp_copy_fixture (dir, "bad-rate");
  HlPluginRegistry *reg = tp_registry_new (tp_shared_cache ());
  g_autoptr (GError) error = NULL;

  hl_plugin_registry_load_dir (reg, HL_PLUGIN_BUILD_DIR);
  g_assert_true (hl_plugin_registry_load_file (reg, file, &error));
  g_assert_no_error (error);
  return reg;
}

static HlRun *
train_bad_rate (HlPluginRegistry *reg, int bad)
{
  g_autofree char *json = g_strdup_printf (BAD_RATE_CONFIG, bad);
  g_autoptr (GError) error = NULL;
  g_autoptr (HlConfig) c = hl_config_from_data (json, -1, "bad-rate.hyperlab.json", &error);
  HlTrainer *t;
  HlRun *run;

  g_assert_no_error (error);
  g_assert_true (hl_config_validate (c, reg, &error));
  g_assert_no_error (error);
  t = hl_trainer_new (c, reg, &error);
  g_assert_no_error (error);
  run = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  hl_trainer_free (t);
  return run;
}

static const struct {
  int         bad;
  const char *shown;
} bad_rates[] = {
  { 0, "-0.001" }, { 1, "nan" }, { 2, "inf" },
};

/* A negative, NaN or infinite rate at step 61: the run stops there as
 * failed (not diverged: the user's learning rate is not to blame), its
 * reason naming the schedule, the value and the step, and the bad rate
 * never reaches the optimizer or the curve. */
static void
test_bad_rate_fails_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autoptr (HlPluginRegistry) reg = bad_rate_registry (dir);

  for (guint i = 0; i < G_N_ELEMENTS (bad_rates); i++)
    {
      g_autoptr (HlRun) run = train_bad_rate (reg, bad_rates[i].bad);
      g_autofree char *want = g_strdup_printf ("schedule “fixture-bad-rate” gave learning rate %s "
                                               "at step 61 (ctx->step 60; a rate must be a finite "
                                               "number ≥ 0)", bad_rates[i].shown);
      const HlMetrics *m = &run->metrics;
      const guint n = hl_metrics_len (m);

      g_test_message ("bad %d: %s: %s", bad_rates[i].bad, hl_run_status_to_string (run->status),
                      run->summary.stop_reason);
      g_assert_cmpint (run->status, ==, HL_RUN_STATUS_FAILED);
      g_assert_cmpstr (run->summary.stop_reason, ==, want);
      g_assert_cmpuint (run->summary.steps, ==, 60);
      g_assert_cmpuint (run->summary.diverged_step, ==, 0);
      /* the curve ends with the last step taken, every point at the base rate */
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (g_array_index (m->step, guint64, n - 1), ==, 60);
      for (guint k = 0; k < n; k++)
        g_assert_cmpfloat (g_array_index (m->lr, double, k), ==, 0.05);
    }
  tp_rm_rf (dir);
}

/* A rate of exactly 0 (where a warmup starts) is a rate: the run goes on. */
static void
test_zero_rate_allowed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autoptr (HlPluginRegistry) reg = bad_rate_registry (dir);
  g_autoptr (HlRun) run = train_bad_rate (reg, 3);

  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (run->summary.steps, ==, 75);
  tp_rm_rf (dir);
}

/* hyperlab-cli with the shipped plugins and dir's on its search path;
 * returns the exit status. */
static int
run_cli (const char *dir, const char *const *args, char **out, char **err)
{
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = g_strdup_printf ("%s:%s", HL_PLUGIN_BUILD_DIR, dir);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HYPERLAB_PLUGIN_PATH", path, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  proc = g_subprocess_launcher_spawnv (launcher, args, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

#define BAD_RATE_REASON "chedule “fixture-bad-rate” gave learning rate -0.001 at step 61 " \
                        "(ctx->step 60; a rate must be a finite number ≥ 0)"

/* hyperlab-cli run: the reason in the summary (with -q on stderr), the
 * run saved as failed, exit status 1 (README: 0 completed, 3 diverged, 130
 * cancelled, 1 anything else), never 3 or a divergence's words. */
static void
test_bad_rate_cli (void)
{
  const char *cli = g_getenv ("HYPERLAB_CLI");
  g_autofree char *dir = NULL, *config = NULL, *json = NULL, *plugin = NULL;
  g_autoptr (GError) error = NULL;

  if (cli == NULL)
    {
      g_test_skip ("HYPERLAB_CLI unset");
      return;
    }
  dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  plugin = tp_copy_fixture (dir, "bad-rate");
  config = g_build_filename (dir, "bad.hyperlab.json", NULL);
  json = g_strdup_printf (BAD_RATE_CONFIG, 0);
  g_assert_true (g_file_set_contents (config, json, -1, &error));
  for (guint quiet = 0; quiet < 2; quiet++)
    {
      g_autofree char *record = g_strdup_printf ("%s/bad-%u.run.json", dir, quiet);
      const char *args[] = { cli, "run", config, "-o", record, quiet ? "-q" : NULL, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr (HlRun) saved = NULL;

      g_assert_cmpint (run_cli (dir, args, &out, &err), ==, 1);
      if (quiet)
        g_assert_nonnull (strstr (err, "hyperlab-cli: s" BAD_RATE_REASON));
      else
        g_assert_true (g_str_has_prefix (out, "S" BAD_RATE_REASON "\n"));
      g_assert_null (strstr (out, "iverged"));
      g_assert_null (strstr (err, "iverged"));
      saved = hl_run_load (record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (saved->status, ==, HL_RUN_STATUS_FAILED);
      g_assert_cmpstr (saved->summary.stop_reason, ==, "s" BAD_RATE_REASON);
    }
  tp_rm_rf (dir);
}

static void
cancel_at_step_20 (const HlProgress *p, gpointer user_data)
{
  if (p->step >= 20)
    g_cancellable_cancel (user_data);
}

/* A cancelled run whose plugin is gone (uninstalled, or rejected since):
 * `hyperlab-cli resume` names the run and says what the config check says
 * (what is installed, or why the module was rejected).  It said only
 * "schedule.name: no schedule plugin named "fixture-bad-rate" is
 * installed", naming no run. */
static void
test_resume_plugin_gone (void)
{
  const char *cli = g_getenv ("HYPERLAB_CLI");
  if (cli == NULL)
    {
      g_test_skip ("HYPERLAB_CLI unset");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *record = g_build_filename (dir, "half.run.json", NULL);
  g_autofree char *json = g_strdup_printf (BAD_RATE_CONFIG, 3);   /* 3: a good rate */
  g_autoptr (GError) error = NULL;
  g_autoptr (HlConfig) c = hl_config_from_data (json, -1, "bad-rate.hyperlab.json", &error);
  g_assert_no_error (error);
  g_mkdir (empty, 0755);
  {
    g_autoptr (HlPluginRegistry) reg = bad_rate_registry (dir);
    g_autoptr (GCancellable) cancel = g_cancellable_new ();
    HlTrainer *t = hl_trainer_new (c, reg, &error);
    g_assert_no_error (error);
    hl_trainer_set_checkpoint (t, record, 1000.0);
    hl_trainer_set_progress_func (t, cancel_at_step_20, cancel);
    g_autoptr (HlRun) half = hl_trainer_run (t, cancel, &error);
    g_assert_no_error (error);
    g_assert_cmpint (half->status, ==, HL_RUN_STATUS_CANCELLED);
    hl_trainer_free (t);
  }

  const char *args[] = { cli, "resume", record, "-q", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run_cli (empty, args, &out, &err), ==, 1);
  g_autofree char *head = g_strdup_printf ("hyperlab-cli: %s: cannot resume run ", record);
  g_assert_true (g_str_has_prefix (err, head));
  g_assert_nonnull (strstr (err, ": schedule.name: unknown schedule “fixture-bad-rate” (installed: constant, "));
  tp_rm_rf (dir);
}

/* --- a config naming a rejected module ---------------------------------- */

static GError *
validate_optimizer (HlPluginRegistry *reg, const char *name)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  GError *error = NULL;

  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup (name);
  g_assert_false (hl_config_validate (c, reg, &error));
  /* the code the GUI's optimizer row and the CLI go by, as before */
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN);
  g_test_message ("%s: %s", name, error->message);
  return error;
}

static void
assert_rejected (HlPluginRegistry *reg, const char *dir, const char *name, const char *file,
                 const char *reason)
{
  g_autoptr (GError) error = validate_optimizer (reg, name);
  g_autofree char *want = g_strdup_printf ("unknown optimizer “%s”: %s/%s was rejected: %s", name,
                                           dir, file, reason);

  if (strstr (error->message, want) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, want);
}

/* `run` and `validate` say why a plugin is missing when its module was
 * rejected: found by its id when the descriptor could be read, else by its
 * file name (ABI 2 may lay the descriptor out otherwise; one of 16 bytes
 * ends before the id).  Probed in a child (and then from the cache) or in
 * this process, to the same words. */
static void
test_config_names_rejected (gconstpointer data)
{
  const gboolean in_child = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL, *cache = NULL;
  g_autoptr (HlPluginRegistry) reg = NULL;

  if (in_child && !tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli to probe in (HYPERLAB_CLI unset)");
      return;
    }
  dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  cache = g_build_filename (dir, "cache", "plugin-cache.json", NULL);
  g_free (tp_copy_fixture (dir, "abi-major"));
  g_free (tp_copy_fixture (dir, "struct-size"));
  g_free (tp_copy_fixture (dir, "min-gt-max"));
  for (guint pass = 0; pass < (in_child ? 2u : 1u); pass++)
    {
      reg = tp_registry_new (cache);
      if (!in_child)
        hl_plugin_registry_set_probe_in_child (reg, FALSE);
      hl_plugin_registry_load_dir (reg, HL_PLUGIN_BUILD_DIR);
      hl_plugin_registry_load_dir (reg, dir);
      if (in_child && pass == 1)
        g_assert_cmpuint (hl_plugin_registry_get_n_probes (reg), ==, 0);   /* all from the cache */
      assert_rejected (reg, dir, "fixture-abi-major", "hl-fixture-abi-major.so",
                       "abi_major: plugin ABI 2.");
      assert_rejected (reg, dir, "fixture-struct-size", "hl-fixture-struct-size.so",
                       "struct_size: descriptor is 16 bytes");
      /* its id, read from the descriptor; the file name then names nothing */
      assert_rejected (reg, dir, "fixture-broken", "hl-fixture-min-gt-max.so", "params[0]");
      {
        g_autoptr (GError) error = validate_optimizer (reg, "fixture-min-gt-max");
        g_assert_null (strstr (error->message, "was rejected"));
        g_assert_nonnull (strstr (error->message, "unknown optimizer “fixture-min-gt-max”"));
      }
      /* a module of the other kind: still the schedule that is missing */
      {
        g_autoptr (HlConfig) c = hl_config_new ();
        g_autoptr (GError) error = NULL;

        g_free (c->schedule.name);
        c->schedule.name = g_strdup ("fixture-broken");
        g_assert_false (hl_config_validate (c, reg, &error));
        g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN);
        g_assert_null (strstr (error->message, "was rejected"));
      }
      g_clear_pointer (&reg, hl_plugin_registry_free);
    }
  tp_rm_rf (dir);
}

/* A relative HYPERLAB_PLUGIN_PATH folder is never searched: the config
 * error says so (it said only "unknown optimizer"). */
static void
test_config_skipped_folder (void)
{
  g_autofree char *old = g_strdup (g_getenv ("HYPERLAB_PLUGIN_PATH"));
  g_autofree char *path = g_strdup_printf ("my-plugins:%s", HL_PLUGIN_BUILD_DIR);
  g_autoptr (HlPluginRegistry) reg = tp_registry_new (tp_shared_cache ());
  g_autoptr (GError) error = NULL;

  g_setenv ("HYPERLAB_PLUGIN_PATH", path, TRUE);
  hl_plugin_registry_load_default (reg);
  if (old != NULL)
    g_setenv ("HYPERLAB_PLUGIN_PATH", old, TRUE);
  else
    g_unsetenv ("HYPERLAB_PLUGIN_PATH");
  g_assert_nonnull (hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "adam"));
  error = validate_optimizer (reg, "lion");
  g_assert_nonnull (strstr (error->message, "unknown optimizer “lion” (installed: "));
  g_assert_nonnull (strstr (error->message, "; the HYPERLAB_PLUGIN_PATH folder “my-plugins” was not "
                                            "searched (its folders must be absolute)"));
  /* a plugin that is there is not affected */
  {
    g_autoptr (HlConfig) c = hl_config_new ();
    g_autoptr (GError) none = NULL;

    g_assert_true (hl_config_validate (c, reg, &none));
    g_assert_no_error (none);
  }
}

/* hyperlab-cli validate, as a user meets it. */
static void
test_config_rejected_cli (void)
{
  const char *cli = g_getenv ("HYPERLAB_CLI");
  g_autofree char *dir = NULL, *config = NULL, *json = NULL, *want = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;

  if (cli == NULL)
    {
      g_test_skip ("HYPERLAB_CLI unset");
      return;
    }
  dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_free (tp_copy_fixture (dir, "abi-major"));
  config = g_build_filename (dir, "lion.hyperlab.json", NULL);
  json = g_strdup_printf (BAD_RATE_CONFIG, 0);
  g_assert_true (g_file_set_contents (config, json, -1, &error));
  {
    const char *args[] = { cli, "validate", config, "--set", "optimizer.name=fixture-abi-major",
                           "--set", "schedule.name=constant", "--set", "schedule.params={}", NULL };

    g_assert_cmpint (run_cli (dir, args, &out, &err), ==, 1);
  }
  want = g_strdup_printf ("unknown optimizer “fixture-abi-major”: %s/hl-fixture-abi-major.so was "
                          "rejected: abi_major: plugin ABI 2.", dir);
  g_assert_nonnull (strstr (err, want));
  tp_rm_rf (dir);
}

void
tp_add_run_tests (void)
{
  g_test_add_func ("/plugins/run/bad-rate-fails-run", test_bad_rate_fails_run);
  g_test_add_func ("/plugins/run/zero-rate-allowed", test_zero_rate_allowed);
  g_test_add_func ("/plugins/run/bad-rate-cli", test_bad_rate_cli);
  g_test_add_func ("/plugins/run/resume-plugin-gone", test_resume_plugin_gone);
  g_test_add_data_func ("/plugins/run/config-names-rejected/child", GINT_TO_POINTER (TRUE),
                        test_config_names_rejected);
  g_test_add_data_func ("/plugins/run/config-names-rejected/in-process", GINT_TO_POINTER (FALSE),
                        test_config_names_rejected);
  g_test_add_func ("/plugins/run/config-skipped-folder", test_config_skipped_folder);
  g_test_add_func ("/plugins/run/config-rejected-cli", test_config_rejected_cli);
}
