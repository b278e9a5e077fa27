/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-show.c - `hyperlab-cli runs show ID|RUN.json`: a stored run's
 * summary as `run` printed it, under a header; --json its record as
 * stored; unknown ids and broken records as export-csv reports them; the
 * `runs` table's layers and date. */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "hyperlab.h"
#include "test-cli-util.h"

static char *store_dir;

/* Trains a small spiral (or, with regression, sine) run into the store;
 * returns run's stdout, and its id in *id. */
static char *
train (gboolean regression, char **id)
{
  g_autofree char *config = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  Result r = run_cli ((const char *[]) { "run", config, "--set", "training.epochs=5",
                                         "--set", regression ? "dataset.kind=sine" : "seed=7", NULL });
  const char *saved;
  char *out;

  assert_status (&r, 0);
  saved = strstr (r.out, "  run saved to ");
  g_assert_nonnull (saved);
  {
    g_autofree char *path = g_strchomp (g_strdup (saved + strlen ("  run saved to ")));
    g_autofree char *base = g_path_get_basename (path);

    g_assert_true (g_str_has_suffix (base, ".run.json"));
    *id = g_strndup (base, strlen (base) - strlen (".run.json"));
  }
  out = g_steal_pointer (&r.out);
  result_clear (&r);
  return out;
}

/* The summary lines under show's header are those run printed, but for
 * its "run saved to" (the header names the file); the header says which
 * run it is and how it trained. */
static void
test_show_matches_run (void)
{
  g_autofree char *id = NULL;
  g_autofree char *run_out = train (FALSE, &id);
  g_autofree char *path = g_strdup_printf ("%s/%s.run.json", store_dir, id);
  g_autofree char *file_line = g_strdup_printf ("\nfile      %s\n\n", path);
  g_autofree char *id_line = g_strdup_printf ("id        %s\n", id);
  const char *saved = strstr (run_out, "  run saved to ");
  g_autofree char *summary = g_strndup (run_out, saved - run_out);
  Result r = run_cli ((const char *[]) { "runs", "show", id, NULL });
  Result f = { 0 };
  const char *body;

  assert_status (&r, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, id_line));
  g_assert_nonnull (strstr (r.out, "\nstatus    completed\n"));
  g_assert_nonnull (strstr (r.out, "\ndataset   spiral: 3 classes"));
  g_assert_nonnull (strstr (r.out, "\nconfig    16-16 tanh, sgd lr 0.3, schedule constant, batch 32, "
                                   "5 epochs, seed 7, 1 thread\n"));
  body = strstr (r.out, file_line);
  g_assert_nonnull (body);
  g_assert_cmpstr (body + strlen (file_line), ==, summary);
  g_assert_nonnull (strstr (summary, "most confused:"));
  /* the run file itself shows the same */
  f = run_cli ((const char *[]) { "runs", "show", path, NULL });
  assert_status (&f, 0);
  g_assert_cmpstr (f.out, ==, r.out);
  result_clear (&f);
  result_clear (&r);
}

/* --json: the record as the file holds it. */
static void
test_show_json (void)
{
  g_autofree char *id = NULL;
  g_autofree char *run_out = train (FALSE, &id);
  g_autofree char *path = g_strdup_printf ("%s/%s.run.json", store_dir, id);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;
  Result r = run_cli ((const char *[]) { "runs", "show", "--json", id, NULL });

  assert_status (&r, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  shown = json_from_string (r.out, &error);
  g_assert_no_error (error);
  stored = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (shown, stored));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "id"), ==, id);
  result_clear (&r);
}

/* A regression run has no confusion lines, but its test loss. */
static void
test_show_regression (void)
{
  g_autofree char *id = NULL;
  g_autofree char *run_out = train (TRUE, &id);
  Result r = run_cli ((const char *[]) { "runs", "show", id, NULL });

  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, "\n  test loss "));
  g_assert_null (strstr (r.out, "most confused"));
  g_assert_null (strstr (r.out, "test accuracy"));
  result_clear (&r);
}

/* An unknown id and a broken record: exit 1, as export-csv says it. */
static void
test_show_errors (void)
{
  g_autofree char *broken = g_build_filename (store_dir, "broken-1.run.json", NULL);
  const char *const ids[] = { "no-such-run", "broken-1", broken };

  g_assert_true (g_file_set_contents (broken, "{\"format\": \"hyperlab-run\", \"version\": 1, \"id\": ", -1, NULL));
  assert_cli_err ((const char *[]) { "runs", "show", "no-such-run", NULL }, 1, "",
                  "hyperlab-cli: no run “no-such-run” in the run store %s\n", store_dir);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      Result e = run_cli ((const char *[]) { "export-csv", ids[i], NULL });
      Result r = run_cli ((const char *[]) { "runs", "show", ids[i], NULL });
      Result j = run_cli ((const char *[]) { "runs", "show", "--json", ids[i], NULL });

      assert_status (&e, 1);
      assert_status (&r, 1);
      assert_status (&j, 1);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_cmpstr (j.out, ==, "");
      g_assert_cmpstr (r.err, ==, e.err);
      g_assert_cmpstr (j.err, ==, e.err);
      if (i > 0)
        g_assert_nonnull (strstr (r.err, "broken-1.run.json"));
      result_clear (&e);
      result_clear (&r);
      result_clear (&j);
    }
  g_unlink (broken);
}

/* No id, or two: a usage error. */
static void
test_show_usage (void)
{
  assert_cli_err ((const char *[]) { "runs", "show", NULL }, 1, "",
                  "hyperlab-cli: runs show: give exactly one run id or run file\n");
  assert_cli_err ((const char *[]) { "runs", "show", "a", "b", NULL }, 1, "",
                  "hyperlab-cli: runs show: give exactly one run id or run file\n");
}

static void
remove_store (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

/* A run of these hidden layers (units, none for 0) created at created
 * (unix seconds), saved as dir/<id>.run.json. */
static void
save_run (const char *dir, const char *id, const guint *units, guint n_layers, gint64 created)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  g_autoptr(HlRun) run = NULL;
  g_autofree char *file = g_strdup_printf ("%s.run.json", id);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  g_free (c->name);
  c->name = g_strdup ("net");
  g_array_set_size (c->model.layers, 0);
  for (guint i = 0; i < n_layers; i++)
    {
      HlLayerConfig layer = { units[i], HL_ACTIVATION_RELU, 0.0 };

      g_array_append_val (c->model.layers, layer);
    }
  run = hl_run_new (c);
  g_free (run->id);
  run->id = g_strdup (id);
  run->created = created * G_USEC_PER_SEC;
  run->status = HL_RUN_STATUS_COMPLETED;
  run->summary.best_val_loss = 0.25;
  g_assert_true (hl_run_save (run, path, &error));
  g_assert_no_error (error);
}

/* The line of out that starts with id; its column where cell starts
 * (ASCII only), or -1. */
static int
cell_column (const char *out, const char *id, const char *cell)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], id))
      {
        const char *at = strstr (lines[i] + strlen (id), cell);

        return at != NULL ? (int) (at - lines[i]) : -1;
      }
  return -1;
}

/* The table has the layers and the date --help promised: they were only
 * in --json (found by a QA pass).  A long layer list widens its column
 * rather than push the columns after it out of line; a model without
 * hidden layers reads "-". */
static void
test_runs_layers_and_date (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-runs-XXXXXX", NULL);
  const guint deep[] = { 512, 512, 256, 128 };
  const gint64 when = 1767261600;   /* 2026-01-01 10:00 UTC */
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (when);
  g_autofree char *date = g_date_time_format (t, "%Y-%m-%d %H:%M");
  Result help = run_cli ((const char *[]) { "runs", "--help", NULL });
  Result r;
  const char *header;
  int layers_at, best_at, date_at;

  save_run (dir, "20260101-100000-aaaa", deep, G_N_ELEMENTS (deep), when);
  save_run (dir, "20260101-100000-bbbb", NULL, 0, when + 60);
  r = run_cli ((const char *[]) { "runs", "--store", dir, NULL });
  assert_status (&r, 0);
  g_test_message ("%s", r.out);
  header = r.out;
  g_assert_nonnull (strstr (header, "LAYERS"));
  g_assert_nonnull (strstr (header, "DATE"));
  layers_at = (int) (strstr (header, "LAYERS") - header);
  best_at = (int) (strstr (header, "BEST VAL") - header);
  date_at = (int) (strstr (header, "DATE") - header);
  g_assert_cmpint (cell_column (r.out, "20260101-100000-aaaa", "512-512-256-128"), ==, layers_at);
  g_assert_cmpint (cell_column (r.out, "20260101-100000-aaaa", "0.2500"), ==, best_at);
  g_assert_cmpint (cell_column (r.out, "20260101-100000-aaaa", date), ==, date_at);
  g_assert_cmpint (cell_column (r.out, "20260101-100000-bbbb", "- "), ==, layers_at);
  g_assert_cmpint (cell_column (r.out, "20260101-100000-bbbb", "0.2500"), ==, best_at);
  /* what --help says the list holds */
  assert_status (&help, 0);
  g_assert_nonnull (strstr (help.out, "batch size, layers, best validation loss, test accuracy and loss, "
                                      "duration and the date it started"));
  result_clear (&help);
  result_clear (&r);
  remove_store (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* a store of its own: the other CLI tests share the default one */
  dir = g_dir_make_tmp ("hl-cli-show-XXXXXX", NULL);
  store_dir = g_build_filename (dir, "runs", NULL);
  g_assert_cmpint (g_mkdir (store_dir, 0755), ==, 0);
  g_setenv ("HYPERLAB_STORE", store_dir, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_add_func ("/cli/show/matches-run", test_show_matches_run);
  g_test_add_func ("/cli/show/json", test_show_json);
  g_test_add_func ("/cli/show/regression", test_show_regression);
  g_test_add_func ("/cli/show/errors", test_show_errors);
  g_test_add_func ("/cli/show/usage", test_show_usage);
  g_test_add_func ("/cli/runs/layers-and-date", test_runs_layers_and_date);
  status = g_test_run ();
  remove_store (store_dir);
  g_rmdir (dir);
  g_free (store_dir);
  return status;
}
