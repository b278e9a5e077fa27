/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plugins-load.c - plugin registry: verdict cache, search folders, the
 * process-wide registry, `hyperlab-cli plugins`, and the out-of-tree example. */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "test-plugins.h"

/* --- cache ---------------------------------------------------------------- */

static guint
load_counting_probes (const char *dir, const char *cache, HlPluginRegistry **out)
{
  HlPluginRegistry *reg = tp_registry_new (cache);
  hl_plugin_registry_load_dir (reg, dir);
  *out = reg;
  return hl_plugin_registry_get_n_probes (reg);
}

static void
assert_good_and_segv (HlPluginRegistry *reg, const char *good, const char *segv)
{
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-good"), ==, good);
  g_assert_error (tp_find_rejection (reg, segv)->error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_CRASHED);
}

static void
test_cache (void)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli to probe in (HYPERLAB_CLI unset)");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *mods = g_build_filename (dir, "mods", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", "plugin-cache.json", NULL);
  g_mkdir (mods, 0755);
  g_autofree char *good = tp_copy_fixture (mods, "good");
  g_autofree char *segv = tp_copy_fixture (mods, "segv");
  HlPluginRegistry *reg = NULL;

  /* First start: both probed in a child, verdicts written. */
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 2);
  assert_good_and_segv (reg, good, segv);
  g_clear_pointer (&reg, hl_plugin_registry_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, cache, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "hyperlab-plugin-cache");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "entries")), ==, 2);

  /* Unchanged files: no child at all, same outcome (the crash is remembered). */
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 0);
  assert_good_and_segv (reg, good, segv);
  g_clear_pointer (&reg, hl_plugin_registry_free);

  /* A changed file (size and mtime) is probed again, the other is not. */
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  g_autofree char *longer = g_malloc0 (len + 64);
  memcpy (longer, data, len);
  g_assert_true (g_file_set_contents (good, longer, (gssize) len + 64, NULL));
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 1);
  assert_good_and_segv (reg, good, segv);
  g_clear_pointer (&reg, hl_plugin_registry_free);

  /* A corrupt cache is ignored and rewritten. */
  g_assert_true (g_file_set_contents (cache, "{\"format\": tru", -1, NULL));
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 2);
  assert_good_and_segv (reg, good, segv);
  g_clear_pointer (&reg, hl_plugin_registry_free);
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 0);
  g_clear_pointer (&reg, hl_plugin_registry_free);

  /* An empty cache, and one nested deeper than json-glib's recursive parser
   * survives: ignored as well (no critical, no crash). */
  g_autofree char *deep = g_strnfill (300000, '[');
  g_assert_true (g_file_set_contents (cache, "", 0, NULL));
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 2);
  g_clear_pointer (&reg, hl_plugin_registry_free);
  g_assert_true (g_file_set_contents (cache, deep, -1, NULL));
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 2);
  g_clear_pointer (&reg, hl_plugin_registry_free);

  /* A valid cache whose entries hold objects and arrays where numbers,
   * booleans and strings belong: those entries are ignored, no critical. */
  {
    g_autoptr (JsonParser) p = json_parser_new ();
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autofree char *text = NULL;
    JsonArray *entries;

    g_assert_true (json_parser_load_from_file (p, cache, NULL));
    entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (p)), "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        json_object_set_object_member (e, "size", json_object_new ());
        json_object_set_array_member (e, "ok", json_array_new ());
        json_object_set_array_member (e, "code", json_array_new ());
      }
    json_generator_set_root (gen, json_parser_get_root (p));
    text = json_generator_to_data (gen, NULL);
    g_assert_true (g_file_set_contents (cache, text, -1, NULL));
  }
  g_assert_cmpuint (load_counting_probes (mods, cache, &reg), ==, 2);
  assert_good_and_segv (reg, good, segv);
  g_clear_pointer (&reg, hl_plugin_registry_free);
  tp_rm_rf (dir);
}

/* A module that hangs is probed again once (a timeout may be a busy
 * machine), then remembered like a crash: before, every start spent the
 * whole probe timeout on it again, 5 s per hanging module for every
 * `hyperlab-cli run`. */
static guint
load_hang_counting_probes (const char *dir, const char *cache, const char *hang)
{
  g_autoptr (HlPluginRegistry) reg = tp_registry_new (cache);
  hl_plugin_registry_set_probe_timeout (reg, 300);
  hl_plugin_registry_load_dir (reg, dir);
  g_assert_error (tp_find_rejection (reg, hang)->error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_TIMEOUT);
  return hl_plugin_registry_get_n_probes (reg);
}

static void
test_cache_timeout (void)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli to probe in (HYPERLAB_CLI unset)");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *mods = g_build_filename (dir, "mods", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", "plugin-cache.json", NULL);
  g_mkdir (mods, 0755);
  g_autofree char *hang = tp_copy_fixture (mods, "hang");

  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 1);
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 1);
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 0);
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 0);

  /* A changed file starts counting anew. */
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (hang, &data, &len, NULL));
  g_autofree char *longer = g_malloc0 (len + 64);
  memcpy (longer, data, len);
  g_assert_true (g_file_set_contents (hang, longer, (gssize) len + 64, NULL));
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 1);
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 1);
  g_assert_cmpuint (load_hang_counting_probes (mods, cache, hang), ==, 0);
  tp_rm_rf (dir);
}

/* --- search folders ------------------------------------------------------- */

static void
restore_env (const char *name, const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

/* $XDG_DATA_HOME/hyperlab/plugins comes before HYPERLAB_PLUGIN_PATH (first
 * id wins); relative and empty entries, which mean the current folder, are
 * never searched. */
static void
test_search_order (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *user = g_build_filename (dir, "data", "hyperlab", "plugins", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *cwd_dir = g_build_filename (dir, "cwd", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autofree char *old_data = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *old_path = g_strdup (g_getenv ("HYPERLAB_PLUGIN_PATH"));

  g_mkdir_with_parents (user, 0755);
  g_mkdir_with_parents (cwd_dir, 0755);
  g_autofree char *user_sgd = tp_copy_fixture (user, "duplicate");   /* id "sgd" */
  g_autofree char *in_cwd = tp_copy_fixture (cwd_dir, "good");   /* in "." and "cwd": never loaded */
  g_assert_cmpint (g_chdir (cwd_dir), ==, 0);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_autofree char *path = g_strdup_printf (":.:cwd:%s", HL_PLUGIN_BUILD_DIR);
  g_setenv ("HYPERLAB_PLUGIN_PATH", path, TRUE);

  g_autoptr (HlPluginRegistry) reg = tp_registry_new (NULL);
  hl_plugin_registry_set_probe_in_child (reg, FALSE);
  hl_plugin_registry_load_default (reg);

  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "sgd"), ==, user_sgd);
  g_autofree char *built_sgd = g_build_filename (HL_PLUGIN_BUILD_DIR, "hl-optimizer-sgd.so", NULL);
  g_assert_error (tp_find_rejection (reg, built_sgd)->error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_DUPLICATE);
  g_assert_null (hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-good"));
  g_assert_null (tp_find_rejection (reg, in_cwd));   /* not even looked at */
  g_assert_nonnull (hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "adam"));

  g_assert_cmpint (g_chdir (old_cwd), ==, 0);
  restore_env ("XDG_DATA_HOME", old_data);
  restore_env ("HYPERLAB_PLUGIN_PATH", old_path);
  tp_rm_rf (dir);
}

/* A program run from its build folder, with an installed copy of the same
 * build in its prefix (the example README's SDK install): the build's
 * modules replace the installed files of the same name, which were each
 * rejected as a duplicate of itself, 17 "[duplicate]" lines (found by a QA
 * pass).  A module only the install has still loads. */
static void
test_build_shadows_install (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-XXXXXX", NULL);
  g_autofree char *build = g_build_filename (dir, "build", NULL);
  g_autofree char *install = g_build_filename (dir, "install", NULL);

  g_mkdir_with_parents (build, 0755);
  g_mkdir_with_parents (install, 0755);
  g_autofree char *built = tp_copy_fixture (build, "good");
  g_autofree char *installed = tp_copy_fixture (install, "good");
  g_autofree char *only_installed = tp_copy_fixture (install, "minor0-reserved");

  g_autoptr (HlPluginRegistry) reg = tp_registry_new (NULL);
  hl_plugin_registry_set_probe_in_child (reg, FALSE);
  hl_plugin_registry_load_dir (reg, build);
  hl_plugin_registry_load_dir_shadowed (reg, install, build);

  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 0);
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-good"), ==, built);
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "fixture-minor0"), ==,
                   only_installed);
  tp_rm_rf (dir);
}

static gpointer
get_default_thread (gpointer data)
{
  return hl_plugin_registry_get_default ();
}

/* Loaded once, from HYPERLAB_PLUGIN_PATH, whichever thread asks first. */
static void
test_default_registry (void)
{
  GThread *threads[4];
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("registry", get_default_thread, NULL);
  HlPluginRegistry *reg = hl_plugin_registry_get_default ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == reg);
  tp_assert_shipped_loaded (reg);
  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 0);
}

/* --- hyperlab-cli plugins ------------------------------------------------- */

static char *
run_cli (const char *const *args, int *status)
{
  g_autofree char *helper = hl_plugin_find_probe_helper ();
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  char *out = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, helper);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, status, &error);
  g_assert_no_error (error);
  return out;
}

static JsonObject *
find_plugin (JsonArray *plugins, const char *id)
{
  for (guint i = 0; i < json_array_get_length (plugins); i++)
    {
      JsonObject *o = json_array_get_object_element (plugins, i);
      if (g_str_equal (json_object_get_string_member (o, "id"), id))
        return o;
    }
  return NULL;
}

static void
test_cli_json (void)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli (HYPERLAB_CLI unset)");
      return;
    }
  const char *args[] = { "plugins", "--json", NULL };
  int status = -1;
  g_autofree char *out = run_cli (args, &status);
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *plugins = json_object_get_array_member (root, "plugins");
  g_assert_cmpuint (json_array_get_length (plugins), ==, 17);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "rejected")), ==, 0);

  JsonObject *adam = find_plugin (plugins, "adam");
  g_assert_nonnull (adam);
  g_assert_cmpstr (json_object_get_string_member (adam, "kind"), ==, "optimizer");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (adam, "file"), "hl-optimizer-adam.so"));
  JsonArray *params = json_object_get_array_member (adam, "params");
  g_assert_cmpuint (json_array_get_length (params), ==, 4);
  JsonObject *eps = json_array_get_object_element (params, 2);
  g_assert_cmpstr (json_object_get_string_member (eps, "name"), ==, "epsilon");
  g_assert_cmpfloat (json_object_get_double_member (eps, "default"), ==, 1e-8);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (eps, "flags"), 0), ==, "log-scale");
  g_assert_nonnull (find_plugin (plugins, "warmup-cosine"));
}

static void
test_cli_probe (void)
{
  if (!tp_have_helper ())
    {
      g_test_skip ("no hyperlab-cli (HYPERLAB_CLI unset)");
      return;
    }
  g_autofree char *adam = g_build_filename (HL_PLUGIN_BUILD_DIR, "hl-optimizer-adam.so", NULL);
  g_autofree char *bad = g_build_filename (HL_FIXTURE_DIR, "hl-fixture-abi-major.so", NULL);
  const char *good_args[] = { "plugins", "--probe", adam, NULL };
  const char *bad_args[] = { "plugins", "--probe", bad, NULL };
  int status;
  HlPluginVerdict v = { 0 };

  g_autofree char *out = run_cli (good_args, &status);
  g_assert_true (hl_plugin_verdict_parse (out, &v));
  g_assert_true (v.ok);
  g_assert_nonnull (strstr (out, "\"id\":\"adam\""));
  hl_plugin_verdict_clear (&v);

  g_autofree char *out_bad = run_cli (bad_args, &status);
  g_assert_true (hl_plugin_verdict_parse (out_bad, &v));
  g_assert_false (v.ok);
  g_assert_cmpint (v.code, ==, HL_PLUGIN_ERROR_ABI_MAJOR);
  g_assert_nonnull (strstr (v.message, bad));
  hl_plugin_verdict_clear (&v);
}

/* --- the out-of-tree example ---------------------------------------------- */

/* Build plugins/example/lion.c as a third party would: the installed header
 * alone (copied to include/hyperlab/), GLib's flags, no Hyperlab tree. */
gboolean
tp_build_example (const char *dir, char **module)
{
  g_autofree char *src = g_build_filename (HL_SOURCE_ROOT, "plugins", "example", "lion.c", NULL);
  g_autofree char *header = g_build_filename (HL_SOURCE_ROOT, "core", "hl-plugin.h", NULL);
  g_autofree char *inc = g_build_filename (dir, "include", "hyperlab", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;

  g_mkdir_with_parents (inc, 0755);
  g_assert_true (g_file_get_contents (header, &text, NULL, NULL));
  g_autofree char *inc_header = g_build_filename (inc, "hl-plugin.h", NULL);
  g_assert_true (g_file_set_contents (inc_header, text, -1, NULL));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
  g_autofree char *copy = g_build_filename (dir, "lion.c", NULL);
  g_assert_true (g_file_set_contents (copy, text, -1, NULL));

  *module = g_build_filename (dir, "plugins", "hl-lion.so", NULL);
  g_autofree char *plugins = g_path_get_dirname (*module);
  g_mkdir_with_parents (plugins, 0755);
  g_autofree char *cmd = g_strdup_printf (
    "cc -std=c99 -Wall -Wextra -Werror -O2 -shared -fPIC -fvisibility=hidden "
    "$(pkg-config --cflags gmodule-2.0) -I'%s/include' -o '%s' '%s' $(pkg-config --libs gmodule-2.0)",
    dir, *module, copy);
  const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
  g_autoptr (GError) error = NULL;
  g_spawn_sync (dir, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("building the example failed: %s\n%s", cmd, err);
  return TRUE;
}

static void
test_example_out_of_tree (void)
{
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *pkg_config = g_find_program_in_path ("pkg-config");
  if (cc == NULL || pkg_config == NULL)
    {
      g_test_skip ("needs cc and pkg-config");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugin-example-XXXXXX", NULL);
  g_autofree char *module = NULL;
  tp_build_example (dir, &module);

  g_autoptr (HlPluginRegistry) reg = tp_registry_new (tp_shared_cache ());
  g_autofree char *plugins = g_path_get_dirname (module);
  hl_plugin_registry_load_dir (reg, HL_PLUGIN_BUILD_DIR);
  hl_plugin_registry_load_dir (reg, plugins);
  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 0);
  const HlPluginDescriptor *lion = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "lion");
  g_assert_nonnull (lion);
  g_assert_cmpstr (hl_plugin_registry_get_path (reg, HL_PLUGIN_KIND_OPTIMIZER, "lion"), ==, module);
  /* Lion stays an ABI 1.0 module (no begin_step/step_range): old modules
   * load under a 1.1 host, which then uses their step. */
  g_assert_cmpuint (lion->abi_minor, ==, 0);
  g_assert_false (hl_plugin_optimizer_can_split (lion));

  /* First step: m = 0, so c = (1 − β1) g and w moves by −lr · sign(g). */
  double hp[3] = { 0.9, 0.99, 0.0 };
  float w[4] = { 1, -1, 0.5f, 2 }, g[4] = { 0.3f, -2, 0, 1e-3f };
  const float expect[4] = { 1 - 0.1f, -1 + 0.1f, 0.5f, 2 - 0.1f };
  g_autoptr (GError) error = NULL;
  gpointer inst = lion->optimizer->create (4, hp, &error);
  g_assert_no_error (error);
  lion->optimizer->step (inst, w, g, 4, 0.1);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (w[i], expect[i], 1e-6);
  gsize n_bytes = 0;
  g_assert_nonnull (lion->optimizer->state_data (inst, &n_bytes));
  g_assert_cmpuint (n_bytes, >=, 4 * sizeof (float));
  lion->optimizer->free (inst);
  tp_rm_rf (dir);
}

/* The example's README, step by step: `PKG_CONFIG_PATH=... make`, then
 * `make install` with no PKG_CONFIG_PATH.  install asked pkg-config at
 * parse time and printed "Package hyperlab-1 was not found" twice (found
 * by a QA pass); a make that cannot find hyperlab-1.pc says so and how. */
static int
run_make (const char *dir, const char *target, const char *pc_path, const char *data_home, char **err)
{
  g_autofree char *make = g_find_program_in_path ("make");
  g_auto (GStrv) env = g_get_environ ();
  const char *argv[] = { make, "-s", "-C", dir, target, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  env = pc_path ? g_environ_setenv (env, "PKG_CONFIG_PATH", pc_path, TRUE)
                : g_environ_unsetenv (env, "PKG_CONFIG_PATH");
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_unsetenv (env, "MAKEFLAGS");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
copy_text (const char *src, const char *dst)
{
  g_autofree char *text = NULL;
  g_autofree char *parent = g_path_get_dirname (dst);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (dst, text, -1, NULL));
}

static void
test_example_makefile (void)
{
  g_autofree char *make = g_find_program_in_path ("make");
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *pkg_config = g_find_program_in_path ("pkg-config");
  if (make == NULL || cc == NULL || msgfmt == NULL || pkg_config == NULL)
    {
      g_test_skip ("needs make, cc, msgfmt and pkg-config");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("hl-plugin-makefile-XXXXXX", NULL);
  g_autofree char *src = g_build_filename (dir, "lion", NULL);
  g_autofree char *sdk = g_build_filename (dir, "sdk", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  const char *files[] = { "Makefile", "lion.c", "po/de.po" };
  g_autofree char *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (HL_SOURCE_ROOT, "plugins", "example", files[i], NULL);
      g_autofree char *to = g_build_filename (src, files[i], NULL);
      copy_text (from, to);
    }
  /* an SDK under a prefix of its own: the header and a hyperlab-1.pc */
  {
    g_autofree char *from = g_build_filename (HL_SOURCE_ROOT, "core", "hl-plugin.h", NULL);
    g_autofree char *to = g_build_filename (sdk, "include", "hyperlab", "hl-plugin.h", NULL);
    g_autofree char *pc = g_build_filename (sdk, "hyperlab-1.pc", NULL);
    g_autofree char *pc_text = g_strdup_printf ("Name: hyperlab-1\nDescription: test SDK\nVersion: 1\n"
                                                "Requires: gmodule-2.0\nCflags: -I%s/include\n", sdk);
    copy_text (from, to);
    g_assert_true (g_file_set_contents (pc, pc_text, -1, NULL));
  }

  /* not found: the one reason, with the way out */
  g_assert_cmpint (run_make (src, "all", NULL, data, &err), !=, 0);
  g_assert_nonnull (strstr (err, "hyperlab-1.pc not found: set PKG_CONFIG_PATH"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_make (src, "all", sdk, data, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_make (src, "install", NULL, data, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *so = g_build_filename (data, "hyperlab", "plugins", "hl-lion.so", NULL);
    g_autofree char *mo = g_build_filename (data, "hyperlab", "plugins", "locale", "de", "LC_MESSAGES",
                                            "hyperlab-lion.mo", NULL);
    g_assert_true (g_file_test (so, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_cmpint (run_make (src, "clean", NULL, data, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  tp_rm_rf (dir);
}

void
tp_add_load_tests (void)
{
  g_test_add_func ("/plugins/cache", test_cache);
  g_test_add_func ("/plugins/cache/timeout", test_cache_timeout);
  g_test_add_func ("/plugins/search-order", test_search_order);
  g_test_add_func ("/plugins/build-shadows-install", test_build_shadows_install);
  g_test_add_func ("/plugins/default-registry", test_default_registry);
  g_test_add_func ("/plugins/cli/json", test_cli_json);
  g_test_add_func ("/plugins/cli/probe", test_cli_probe);
  g_test_add_func ("/plugins/example/out-of-tree", test_example_out_of_tree);
  g_test_add_func ("/plugins/example/makefile", test_example_makefile);
}
