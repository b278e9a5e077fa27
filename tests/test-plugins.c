/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plugins.c - plugin registry: descriptor checks and the table of
 * broken fixture modules, each rejected with its code while the good
 * plugins still load, crashes and hangs contained in the probe child. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "test-plugins.h"

static const char *const shipped_optimizers[] = {
  "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adadelta",
};
static const char *const shipped_schedules[] = {
  "constant", "step", "multistep", "exponential", "inverse-time", "cosine",
  "warmup-cosine", "one-cycle", "plateau",
};

char *
tp_copy_fixture (const char *dir, const char *name)
{
  g_autofree char *file = g_strdup_printf ("hl-fixture-%s.so", name);
  g_autofree char *src = g_build_filename (HL_FIXTURE_DIR, file, NULL);
  char *dst = g_build_filename (dir, file, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (src, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (dst, data, (gssize) len, &error));
  g_assert_no_error (error);
  return dst;
}

HlPluginRegistry *
tp_registry_new (const char *cache_path)
{
  HlPluginRegistry *reg = hl_plugin_registry_new ();
  hl_plugin_registry_set_cache_path (reg, cache_path);
  return reg;
}

gboolean
tp_have_helper (void)
{
  g_autofree char *helper = hl_plugin_find_probe_helper ();
  return helper != NULL;
}

void
tp_assert_shipped_loaded (HlPluginRegistry *reg)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped_optimizers); i++)
    g_assert_nonnull (hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, shipped_optimizers[i]));
  for (guint i = 0; i < G_N_ELEMENTS (shipped_schedules); i++)
    g_assert_nonnull (hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_SCHEDULE, shipped_schedules[i]));
  g_autoptr (GPtrArray) opts = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_OPTIMIZER);
  g_autoptr (GPtrArray) scheds = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_SCHEDULE);
  g_assert_cmpuint (opts->len, >=, G_N_ELEMENTS (shipped_optimizers));
  g_assert_cmpuint (scheds->len, ==, G_N_ELEMENTS (shipped_schedules));
}

const HlPluginRejection *
tp_find_rejection (HlPluginRegistry *reg, const char *path)
{
  const GPtrArray *rej = hl_plugin_registry_get_rejections (reg);
  for (guint i = 0; i < rej->len; i++)
    {
      const HlPluginRejection *r = g_ptr_array_index (rej, i);
      if (g_str_equal (r->path, path))
        return r;
    }
  return NULL;
}

void
tp_rm_rf (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        tp_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* --- descriptor checks ---------------------------------------------------- */

static gpointer t_create (gsize n, const double *hp, GError **e) { return g_new0 (char, 1); }
static void t_step (gpointer i, float *p, const float *g, gsize n, double lr) { }
static gpointer t_state (gpointer i, gsize *n) { *n = 0; return NULL; }
static void t_begin (gpointer i, double lr) { }
static void t_range (gpointer i, float *p, const float *g, gsize start, gsize end, double lr) { }
static const HlOptimizerFuncs t_funcs = { t_create, t_step, g_free, t_state, NULL, NULL, { NULL } };
static const HlOptimizerFuncs t_funcs_no_step = { t_create, NULL, g_free, t_state, NULL, NULL, { NULL } };
static const HlOptimizerFuncs t_funcs_no_free = { t_create, t_step, NULL, t_state, NULL, NULL, { NULL } };
static const HlOptimizerFuncs t_funcs_split = { t_create, t_step, g_free, t_state, t_begin, t_range, { NULL } };
static const HlOptimizerFuncs t_funcs_begin_only = { t_create, t_step, g_free, t_state, t_begin, NULL, { NULL } };
static const HlOptimizerFuncs t_funcs_range_only = { t_create, t_step, g_free, t_state, NULL, t_range, { NULL } };

typedef struct {
  const char *name;
  const char *fragment;    /* expected in the message; NULL = must pass */
} CheckCase;

static const CheckCase check_cases[] = {
  { "valid", NULL },
  { "kind", "kind" },
  { "id-upper", "id: must match" },
  { "id-null", "id: must match" },
  { "label-empty", "label: must not be empty" },
  { "version-missing", "version: missing" },
  { "n-params", "n_params: at most" },
  { "param-name", "params[0].name" },
  { "param-twice", "used twice" },
  { "default-outside", "outside" },
  { "min-nan", "finite" },
  { "log-min-zero", "log-scale parameter needs min > 0" },
  { "boolean-range", "boolean" },
  { "integer-default", "integer default" },
  { "unknown-flag", "unknown flags" },
  /* the missing function and label named, not only the list */
  { "no-step", "optimizer.step: missing (create, step, free and state_data are required)" },
  { "no-free", "optimizer.free: missing" },
  { "param-label", "params[0] “beta”: label: missing" },
  { "schedule-with-optimizer", "schedule" },
  { "split", NULL },
  { "split-begin-only", "begin_step and step_range are set together or not at all (only begin_step is set)" },
  { "split-range-only", "(only step_range is set)" },
  /* In a minor-0 module those words are reserved: not checked, not used. */
  { "split-begin-only-minor0", NULL },
};

static void
mutate (const char *name, HlPluginDescriptor *d, HlParamSpec *p)
{
  if (g_str_equal (name, "kind"))                 d->kind = 7;
  else if (g_str_equal (name, "id-upper"))        d->id = "Adam";
  else if (g_str_equal (name, "id-null"))         d->id = NULL;
  else if (g_str_equal (name, "label-empty"))     d->label = "";
  else if (g_str_equal (name, "version-missing")) d->version = NULL;
  else if (g_str_equal (name, "n-params"))        d->n_params = HL_PLUGIN_MAX_PARAMS + 1;
  else if (g_str_equal (name, "param-name"))      p[0].name = "Beta";
  else if (g_str_equal (name, "param-twice"))     p[1].name = p[0].name;
  else if (g_str_equal (name, "default-outside")) p[0].default_value = 2.0;
  else if (g_str_equal (name, "min-nan"))         p[0].min = NAN;
  else if (g_str_equal (name, "log-min-zero"))    p[1].min = 0.0;
  else if (g_str_equal (name, "boolean-range"))   p[2].max = 2.0;
  else if (g_str_equal (name, "integer-default")) p[3].default_value = 2.5;
  else if (g_str_equal (name, "unknown-flag"))    p[0].flags = 1 << 7;
  else if (g_str_equal (name, "no-step"))         d->optimizer = &t_funcs_no_step;
  else if (g_str_equal (name, "no-free"))         d->optimizer = &t_funcs_no_free;
  else if (g_str_equal (name, "param-label"))     p[0].label = NULL;
  else if (g_str_equal (name, "schedule-with-optimizer")) d->kind = HL_PLUGIN_KIND_SCHEDULE;
  else if (g_str_equal (name, "split"))            d->optimizer = &t_funcs_split;
  else if (g_str_equal (name, "split-begin-only")) d->optimizer = &t_funcs_begin_only;
  else if (g_str_equal (name, "split-range-only")) d->optimizer = &t_funcs_range_only;
  else if (g_str_equal (name, "split-begin-only-minor0"))
    {
      d->optimizer = &t_funcs_begin_only;
      d->abi_minor = 0;
    }
}

static void
test_descriptor_check (gconstpointer data)
{
  const CheckCase *c = data;
  HlParamSpec params[HL_PLUGIN_MAX_PARAMS + 1] = {
    { "beta", "Beta", NULL, 0.9, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
    { "epsilon", "Epsilon", NULL, 1e-8, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
    { "flag", "Flag", NULL, 1.0, 0.0, 1.0, HL_PARAM_FLAG_BOOLEAN, 0, { NULL } },
    { "count", "Count", NULL, 3.0, 0.0, 10.0, HL_PARAM_FLAG_INTEGER, 0, { NULL } },
  };
  for (guint i = 4; i < G_N_ELEMENTS (params); i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "p%u", i);
      params[i] = (HlParamSpec) { g_intern_string (name), "P", NULL, 0, 0, 1, 0, 0, { NULL } };
    }
  HlPluginDescriptor d = {
    HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor), HL_PLUGIN_KIND_OPTIMIZER,
    "test-opt", "Test", NULL, "1.0", "MIT", NULL, params, 4, 0, &t_funcs, NULL, { NULL },
  };
  g_autoptr (GError) error = NULL;

  mutate (c->name, &d, params);
  gboolean ok = hl_plugin_descriptor_check (&d, &error);
  if (c->fragment == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      /* The host splits the update only with both functions and minor >= 1. */
      g_assert_true (hl_plugin_optimizer_can_split (&d) == (d.optimizer == &t_funcs_split));
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_INVALID);
  if (strstr (error->message, c->fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->fragment);
}

/* --- the fixture table ---------------------------------------------------- */

typedef struct {
  const char *fixture;
  int         code;
  const char *fragment;     /* in the message besides the file path; NULL: any */
  gboolean    child_only;   /* would take the test process down in-process */
} RejectCase;

static const RejectCase reject_cases[] = {
  /* the field, and what to do about it */
  { "abi-major",   HL_PLUGIN_ERROR_ABI_MAJOR,   "abi_major: plugin ABI 2.", FALSE },
  { "abi-minor",   HL_PLUGIN_ERROR_ABI_MINOR,   "ABI 1.2, newer than this Hyperlab's 1.1 (update Hyperlab", FALSE },
  { "struct-size", HL_PLUGIN_ERROR_STRUCT_SIZE, "(set it to sizeof (HlPluginDescriptor))", FALSE },
  /* with the way to export it: the author forgot HL_PLUGIN_DEFINE */
  { "no-entry",    HL_PLUGIN_ERROR_NO_ENTRY,    "“" HL_PLUGIN_ENTRY_SYMBOL "” (export it with HL_PLUGIN_DEFINE", FALSE },
  { "empty-id",    HL_PLUGIN_ERROR_INVALID,     "id: must match", FALSE },
  { "min-gt-max",  HL_PLUGIN_ERROR_INVALID,     "min > max", FALSE },
  { "duplicate",   HL_PLUGIN_ERROR_DUPLICATE,   "already provided by", FALSE },
  { "nan",         HL_PLUGIN_ERROR_SMOKE,       "smoke test", FALSE },
  { "segv",        HL_PLUGIN_ERROR_CRASHED,     NULL, TRUE },
  { "hang",        HL_PLUGIN_ERROR_TIMEOUT,     "did not answer", TRUE },
  /* calls exit (0): said so, not "the probe gave no verdict (exit status 0)" */
  { "exit",        HL_PLUGIN_ERROR_CRASHED,
    "exited (status 0) while being probed, before its verdict: a plugin must not call exit", TRUE },
  { "not-a-module", HL_PLUGIN_ERROR_OPEN,       "cannot open", FALSE },
  /* ABI 1.1: the split update must equal step (parameters, then state bytes)
   * and its two functions come together. */
  { "split-differs", HL_PLUGIN_ERROR_SMOKE,
    "step_range over [0,16) [16,37) differs from step at step 1, parameter 16", FALSE },
  { "split-state",  HL_PLUGIN_ERROR_SMOKE,
    "state_data after step_range over [0,16) [16,37) differs from step at step 1, byte 8", FALSE },
  { "split-half",   HL_PLUGIN_ERROR_INVALID,     "only begin_step is set", FALSE },
  /* The host updates a range as soon as its gradients are final, so a range
   * must not read outside itself (here: a global gradient norm). */
  { "split-global", HL_PLUGIN_ERROR_SMOKE,
    "parameter 0 (nan, step gives 0.999957919): it read parameters or gradients outside its range", FALSE },
};

/* Shared by the table's cases so the shipped modules are probed once, not
 * once per case; each case's fixture has its own path, so its own verdict. */
static char *shared_cache;

const char *
tp_shared_cache (void)
{
  return shared_cache;
}

static char *
make_case_file (const char *dir, const RejectCase *c)
{
  if (!g_str_equal (c->fixture, "not-a-module"))
    return tp_copy_fixture (dir, c->fixture);
  char *path = g_build_filename (dir, "hl-not-a-module.so", NULL);
  g_assert_true (g_file_set_contents (path, "#!/bin/sh\necho not ELF\n", -1, NULL));
  return path;
}

static void
run_reject_case (const RejectCase *c, gboolean in_child)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *file = make_case_file (dir, c);
  g_autoptr (HlPluginRegistry) reg = tp_registry_new (shared_cache);
  g_autoptr (GError) error = NULL;

  hl_plugin_registry_set_probe_in_child (reg, in_child);
  if (c->code == HL_PLUGIN_ERROR_TIMEOUT)
    hl_plugin_registry_set_probe_timeout (reg, 500);
  hl_plugin_registry_load_dir (reg, HL_PLUGIN_BUILD_DIR);
  g_assert_false (hl_plugin_registry_load_file (reg, file, &error));

  g_assert_error (error, HL_PLUGIN_ERROR, c->code);
  /* named once: dlerror's text has the path too ("F: cannot open: F: file too short") */
  g_assert_nonnull (strstr (error->message, file));
  g_assert_null (strstr (strstr (error->message, file) + strlen (file), file));
  if (c->fragment != NULL && strstr (error->message, c->fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->fragment);
  const HlPluginRejection *r = tp_find_rejection (reg, file);
  g_assert_nonnull (r);
  g_assert_error (r->error, HL_PLUGIN_ERROR, c->code);
  /* Exactly this one file was rejected; the good ones all load. */
  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 1);
  tp_assert_shipped_loaded (reg);
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "sgd"), !=, file);
  tp_rm_rf (dir);
}

static void
test_reject_child (gconstpointer data)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli to probe in (HYPERLAB_CLI unset)");
      return;
    }
  run_reject_case (data, TRUE);
}

static void
test_reject_in_process (gconstpointer data)
{
  run_reject_case (data, FALSE);
}

/* The segv module is loaded by the default folder scan too: its neighbours
 * load, and this process is still alive to check. */
static void
test_crash_in_folder (void)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli to probe in (HYPERLAB_CLI unset)");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *segv = tp_copy_fixture (dir, "segv");
  g_autofree char *good = tp_copy_fixture (dir, "good");
  g_autoptr (HlPluginRegistry) reg = tp_registry_new (shared_cache);

  hl_plugin_registry_load_dir (reg, HL_PLUGIN_BUILD_DIR);
  hl_plugin_registry_load_dir (reg, dir);
  g_assert_error (tp_find_rejection (reg, segv)->error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_CRASHED);
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-good"), ==, good);
  tp_assert_shipped_loaded (reg);
  tp_rm_rf (dir);
}

/* hyperlab-cli run from its build folder, without $HYPERLAB_CLI: it finds
 * itself beside itself and probes in a child, so a crashing module is
 * rejected and the command lives (it loaded modules in-process and died
 * with SIGSEGV; found by a review). */
static void
test_crash_cli_without_env (void)
{
  const char *cli = g_getenv ("HYPERLAB_CLI");
  g_autofree char *dir = NULL, *segv = NULL, *cache = NULL, *path = NULL, *out = NULL, *err = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;

  if (cli == NULL)
    {
      g_test_skip ("HYPERLAB_CLI unset");
      return;
    }
  dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  segv = tp_copy_fixture (dir, "segv");
  cache = g_build_filename (dir, "cache", NULL);
  path = g_strdup_printf ("%s:%s", HL_PLUGIN_BUILD_DIR, dir);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "HYPERLAB_CLI");
  g_subprocess_launcher_setenv (launcher, "HYPERLAB_PLUGIN_PATH", path, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli, "plugins", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_false (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  /* rejected as crashed: "crashed while being probed (signal 11)", or under
   * ASan, which turns the signal into an exit, "the probe gave no verdict" */
  g_assert_nonnull (strstr (out, "[crashed]"));
  g_assert_nonnull (strstr (out, "adam"));
  tp_rm_rf (dir);
}

/* A module built for ABI 1.0 with non-zero reserved words where 1.1 put
 * begin_step: it loads (probed in a child when the helper exists), and the
 * host will only ever call its step. */
static void
test_minor0_reserved (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *file = tp_copy_fixture (dir, "minor0-reserved");
  g_autoptr (HlPluginRegistry) reg = tp_registry_new (shared_cache);
  g_autoptr (GError) error = NULL;

  g_assert_true (hl_plugin_registry_load_file (reg, file, &error));
  g_assert_no_error (error);
  const HlPluginDescriptor *d = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-minor0");
  g_assert_nonnull (d);
  g_assert_cmpuint (d->abi_minor, ==, 0);
  g_assert_nonnull (d->optimizer->begin_step);   /* the garbage word */
  g_assert_false (hl_plugin_optimizer_can_split (d));
  tp_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *scratch = g_dir_make_tmp ("hl-plugins-cache-XXXXXX", NULL);
  shared_cache = g_build_filename (scratch, "plugin-cache.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plugins/descriptor-check/%s", check_cases[i].name);
      g_test_add_data_func (path, &check_cases[i], test_descriptor_check);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *child = g_strdup_printf ("/plugins/reject/%s/child", reject_cases[i].fixture);
      g_test_add_data_func (child, &reject_cases[i], test_reject_child);
      if (reject_cases[i].child_only)
        continue;
      g_autofree char *inproc = g_strdup_printf ("/plugins/reject/%s/in-process", reject_cases[i].fixture);
      g_test_add_data_func (inproc, &reject_cases[i], test_reject_in_process);
    }
  g_test_add_func ("/plugins/reject/crash-in-folder", test_crash_in_folder);
  g_test_add_func ("/plugins/reject/crash-cli-without-env", test_crash_cli_without_env);
  g_test_add_func ("/plugins/abi/minor0-reserved", test_minor0_reserved);
  tp_add_load_tests ();
  tp_add_i18n_tests ();
  tp_add_run_tests ();
  int status = g_test_run ();
  tp_rm_rf (scratch);
  g_free (shared_cache);
  return status;
}
