/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-files.c - store tests over many files: corrupt and foreign
 * files (reported, skipped, never overwritten), a 1,000-run listing, import. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"

void hl_test_add_store_bad_files (void);
void hl_test_add_store_scale (void);

typedef struct {
  const char *name;
  const char *file;       /* file name in the store */
  const char *content;    /* NULL: a valid run cut in half */
  int         code;       /* HL_RUN_ERROR_* */
  gboolean    deep;       /* content: 200 000 "[" (overflowed json-glib's stack) */
  const char *bad_id;     /* content: a whole run with this id */
} BadFile;

static const BadFile bad_files[] = {
  { "not-json",  "bad-a.run.json", "this is not JSON {", HL_RUN_ERROR_PARSE },
  { "empty",     "bad-b.run.json", "", HL_RUN_ERROR_PARSE },
  { "foreign",   "bad-c.run.json", "{\"format\": \"something-else\", \"version\": 1}", HL_RUN_ERROR_FORMAT },
  { "foreign-no-format", "notes.json", "{\"hello\": [1, 2, 3]}", HL_RUN_ERROR_FORMAT },
  { "version-99", "bad-d.run.json", NULL, HL_RUN_ERROR_VERSION },
  { "truncated", "bad-e.run.json", NULL, HL_RUN_ERROR_PARSE },
  { "foreign-index", "index.json", "{\"my\": \"notes\"}", HL_RUN_ERROR_FORMAT },
  /* Found by tests/fuzz. */
  { "empty-index", "index.json", "", HL_RUN_ERROR_FORMAT },
  { "deep-index", "index.json", NULL, HL_RUN_ERROR_FORMAT, TRUE },
  { "deep-run", "bad-f.run.json", NULL, HL_RUN_ERROR_PARSE, TRUE },
  /* listed, but `runs rm` said "invalid run id" (found by a review) */
  { "id-not-an-id", "bad-g.run.json", NULL, HL_RUN_ERROR_CORRUPT, FALSE, "../evil" },
};

/* version > 0 replaces the record's version. */
static char *
run_text (const char *id, int version)
{
  g_autoptr(HlRun) run = hl_test_make_run (id, "victim", HL_RUN_STATUS_COMPLETED, 30);
  g_autoptr(JsonNode) root = hl_run_to_json (run);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  if (version > 0)
    json_object_set_int_member (json_node_get_object (root), "version", version);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static char *
valid_run_text (const char *id)
{
  return run_text (id, 0);
}

static char *
bad_content (const BadFile *bad)
{
  g_autofree char *text = NULL;

  if (bad->content != NULL)
    return g_strdup (bad->content);
  if (bad->bad_id != NULL)
    return valid_run_text (bad->bad_id);
  if (bad->deep)
    {
      g_autofree char *brackets = g_strnfill (200000, '[');
      return g_strconcat ("{\"format\": \"hyperlab-run\", \"entries\": ", brackets, NULL);
    }
  if (bad->code == HL_RUN_ERROR_VERSION)
    return run_text ("bad-victim", 99);
  text = valid_run_text ("bad-victim");
  return g_strndup (text, strlen (text) / 2);
}

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-bad-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, bad->file, NULL);
  g_autofree char *content = bad_content (bad);
  g_autofree char *after = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlRun) good = hl_test_make_run ("good", "good", HL_RUN_STATUS_COMPLETED, 10);
  g_autoptr(HlRun) clash = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const GPtrArray *problems;
  const HlStoreProblem *problem;

  g_assert_true (hl_store_save (store, good, &error));
  g_assert_true (g_file_set_contents (path, content, -1, &error));
  for (int pass = 0; pass < 2; pass++)   /* cold, then from the index */
    {
      g_assert_true (hl_store_refresh (store, &error));
      list = hl_store_list (store);
      g_assert_cmpuint (list->len, ==, 1);
      g_assert_cmpstr (((HlRunInfo *) list->pdata[0])->id, ==, "good");
      g_clear_pointer (&list, g_ptr_array_unref);
      problems = hl_store_get_problems (store);
      g_assert_cmpuint (problems->len, ==, 1);
      problem = problems->pdata[0];
      g_assert_cmpstr (problem->path, ==, path);
      g_assert_error (problem->error, HL_RUN_ERROR, bad->code);
      g_assert_nonnull (strstr (problem->error->message, base));
      g_assert_null (strchr (problem->error->message, '\n'));
      g_test_message ("%s: %s", bad->name, problem->error->message);
    }

  /* A save or rename aimed at that file leaves it alone. */
  if (g_str_has_suffix (bad->file, ".run.json"))
    {
      g_autofree char *id = g_strndup (bad->file, strlen (bad->file) - strlen (".run.json"));
      clash = hl_test_make_run (id, "clash", HL_RUN_STATUS_COMPLETED, 3);
      g_assert_false (hl_store_save (store, clash, &error));
      g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
      g_clear_error (&error);
      g_assert_false (hl_store_rename (store, id, "renamed", &error));
      g_clear_error (&error);
    }
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, content);

  /* A deletion removes it: listed as broken, it could not be removed at
   * all ("not overwritten, it is not a readable run"; found by a CLI
   * review).  Only a record's name is a run's (notes.json is not). */
  if (g_str_has_suffix (bad->file, ".run.json"))
    {
      g_autofree char *id = g_strndup (bad->file, strlen (bad->file) - strlen (".run.json"));

      g_assert_true (hl_store_delete (store, id, &error));
      g_assert_no_error (error);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_true (hl_store_refresh (store, &error));
      g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
      g_assert_nonnull (hl_store_lookup (store, "good"));
    }
  hl_test_rm_rf (dir);
}

/* A broken record that is a link is not the store's own file: refused,
 * and what it points to stays. */
static void
test_bad_file_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-bad-XXXXXX", &error);
  g_autofree char *outside = g_dir_make_tmp ("hl-store-outside-XXXXXX", &error);
  g_autofree char *target = g_build_filename (outside, "mine.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "linked.run.json", NULL);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);

  g_assert_true (g_file_set_contents (target, "my notes", -1, &error));
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_true (hl_store_refresh (store, &error));
  g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 1);
  g_assert_false (hl_store_delete (store, "linked", &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not removed"));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  hl_test_rm_rf (dir);
  hl_test_rm_rf (outside);
}

/* Entries of index.json that are not what the store writes; each replaces
 * members of the one entry.  Found by tests/fuzz: a cached error in a
 * foreign domain was handed out as a store problem (its domain interned as
 * a quark), and members of the wrong JSON type hit json-glib criticals.
 * Such an entry is ignored and the run file read again. */
typedef struct {
  const char *name;
  const char *members;
} IndexEdit;

static const IndexEdit index_edits[] = {
  { "foreign-error", "{\"info\": null, \"error\": {\"domain\": \"someone-elses-quark\", "
                     "\"code\": 1, \"message\": \"not from us\"}}" },
  { "error-domain-object", "{\"info\": null, \"error\": {\"domain\": {}, \"message\": \"m\"}}" },
  { "size-object", "{\"size\": {}}" },
  { "info-counts-arrays", "{\"info\": {\"id\": \"kept\", \"name\": \"n\", \"status\": \"completed\", "
                          "\"dataset\": \"d\", \"optimizer\": \"o\", \"layers\": \"\", \"created\": {}, "
                          "\"steps\": [1], \"batch_size\": []}}" },
};

static void
test_index_edit (gconstpointer data)
{
  const IndexEdit *edit = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-index-XXXXXX", &error);
  g_autofree char *index_path = g_build_filename (dir, "index.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlStore) again = NULL;
  g_autoptr(HlRun) run = hl_test_make_run ("kept", "kept", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) members = json_from_string (edit->members, &error);
  g_autoptr(GList) names = NULL;
  g_autoptr(GPtrArray) list = NULL;
  JsonObject *entry;

  g_assert_true (hl_store_save (store, run, &error));
  g_assert_true (hl_store_refresh (store, &error));   /* writes index.json */
  g_assert_true (json_parser_load_from_file (parser, index_path, &error));
  entry = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "entries"),
    "kept.run.json");
  g_assert_nonnull (entry);
  names = json_object_get_members (json_node_get_object (members));
  for (GList *l = names; l; l = l->next)
    json_object_set_member (entry, l->data,
                            json_node_copy (json_object_get_member (json_node_get_object (members), l->data)));
  text = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_true (g_file_set_contents (index_path, text, -1, &error));

  again = hl_store_new (dir, &error);
  g_assert_true (hl_store_refresh (again, &error));
  list = hl_store_list (again);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((HlRunInfo *) list->pdata[0])->id, ==, "kept");
  g_assert_cmpuint (hl_store_get_problems (again)->len, ==, 0);
  hl_test_rm_rf (dir);
}

/* Our own index cut short (a full disk, a partial copy) is rebuilt, not
 * taken for a stranger's file and left broken for good (found by a review). */
static void
test_truncated_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-index-XXXXXX", &error);
  g_autofree char *index = g_build_filename (dir, "index.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(HlRun) good = hl_test_make_run ("good", "good", HL_RUN_STATUS_COMPLETED, 10);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;

  {
    g_autoptr(HlStore) store = hl_store_new (dir, &error);
    g_assert_true (hl_store_save (store, good, &error));
    g_assert_true (hl_store_refresh (store, &error));
  }
  g_assert_true (g_file_get_contents (index, &text, &length, &error));
  g_assert_cmpuint (length, >, 60);
  g_assert_true (g_file_set_contents (index, text, 60, &error));   /* cut mid-entry */
  {
    g_autoptr(HlStore) store = hl_store_new (dir, &error);
    g_autoptr(GPtrArray) list = NULL;
    g_assert_true (hl_store_refresh (store, &error));
    list = hl_store_list (store);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
  }
  g_assert_true (json_parser_load_from_file (parser, index, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "format"), ==, "hyperlab-store-index");
  hl_test_rm_rf (dir);
}

/* An index of an earlier version (2, before unnamed runs were named) is
 * ours: rebuilt as this version, not reported as a stranger's file and
 * left stale. */
static void
test_old_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-index-XXXXXX", &error);
  g_autofree char *index = g_build_filename (dir, "index.json", NULL);
  g_autoptr(HlRun) good = hl_test_make_run ("good", "good", HL_RUN_STATUS_COMPLETED, 10);
  g_autoptr(JsonParser) parser = json_parser_new ();

  {
    g_autoptr(HlStore) store = hl_store_new (dir, &error);
    g_assert_true (hl_store_save (store, good, &error));
  }
  g_assert_true (g_file_set_contents (index, "{\"format\": \"hyperlab-store-index\", \"version\": 2, "
                                      "\"entries\": {}}", -1, &error));
  {
    g_autoptr(HlStore) store = hl_store_new (dir, &error);
    g_autoptr(GPtrArray) list = NULL;
    g_assert_true (hl_store_refresh (store, &error));
    list = hl_store_list (store);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
  }
  g_assert_true (json_parser_load_from_file (parser, index, &error));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "version"), ==, 3);
  hl_test_rm_rf (dir);
}

void
hl_test_add_store_bad_files (void)
{
  g_test_add_func ("/store/index/truncated", test_truncated_index);
  g_test_add_func ("/store/bad-file/link", test_bad_file_link);
  g_test_add_func ("/store/index/old-version", test_old_index);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/store/bad-file/%s", bad_files[i].name);
      g_test_add_data_func (test_path, &bad_files[i], test_bad_file);
    }
  for (guint i = 0; i < G_N_ELEMENTS (index_edits); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/store/index/bad-entry/%s", index_edits[i].name);
      g_test_add_data_func (test_path, &index_edits[i], test_index_edit);
    }
}

/* ---- 1,000 runs of 1,000 points ---- */

/* A listing of the 1,000 runs must take under a second (0.2-0.4 s here);
 * AddressSanitizer makes every byte read cost two to three times as much.
 * Timed in this thread's CPU time: wall time also counted other processes
 * on a busy machine (1.4 s once, with the listing unchanged). */
#if defined(__SANITIZE_ADDRESS__)
#define SCALE_LIMIT_S 3.0
#else
#define SCALE_LIMIT_S 1.0
#endif
#define SCALE_RUNS   1000
#define SCALE_POINTS 1000

/* One run is serialised once; the others are the same bytes with another id,
 * which keeps setup to a fraction of a second. */
static void
write_many_runs (const char *dir)
{
  g_autoptr(HlRun) run = hl_test_make_run ("scale-00000", "scale", HL_RUN_STATUS_COMPLETED, SCALE_POINTS);
  g_autoptr(JsonNode) root = hl_run_to_json (run);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *big = NULL;
  char *at;
  gsize len;

  json_generator_set_root (gen, root);
  big = json_generator_to_data (gen, &len);
  at = strstr (big, "scale-00000");
  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, "scale-00000"));
  for (guint i = 0; i < SCALE_RUNS; i++)
    {
      g_autofree char *name = g_strdup_printf ("scale-%05u.run.json", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char id[12];
      FILE *out;

      g_snprintf (id, sizeof id, "scale-%05u", i);
      memcpy (at, id, 11);
      out = fopen (path, "wb");
      g_assert_nonnull (out);
      g_assert_cmpuint (fwrite (big, 1, len, out), ==, len);
      fclose (out);
    }
}

static double
timed_refresh (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  struct timespec a, b;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &a);
  g_assert_true (hl_store_refresh (store, &error));
  g_assert_no_error (error);
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &b);
  return (double) (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static void
test_scale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-scale-XXXXXX", &error);
  g_autoptr(HlStore) cold = NULL, warm = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(HlRun) one = NULL;
  double t_cold, t_warm;
  gint64 start = g_get_monotonic_time ();

  write_many_runs (dir);
  g_test_message ("setup: %.3f s", (g_get_monotonic_time () - start) / 1e6);
  cold = hl_store_new (dir, &error);
  t_cold = timed_refresh (cold);      /* no index yet: every summary is read */
  warm = hl_store_new (dir, &error);
  t_warm = timed_refresh (warm);      /* index.json written by the first */
  g_test_message ("listing %u runs of %u points: %.3f s without index, %.3f s with index",
                  SCALE_RUNS, SCALE_POINTS, t_cold, t_warm);
  list = hl_store_list (warm);
  g_assert_cmpuint (list->len, ==, SCALE_RUNS);
  g_assert_cmpuint (hl_store_get_problems (warm)->len, ==, 0);
  g_assert_cmpfloat (t_cold, <, SCALE_LIMIT_S);
  g_assert_cmpfloat (t_warm, <, SCALE_LIMIT_S);
  one = hl_store_load (warm, "scale-00123", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_metrics_len (&one->metrics), ==, SCALE_POINTS);
  hl_test_rm_rf (dir);
}

static void
test_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-imp-XXXXXX", &error);
  g_autofree char *src = g_dir_make_tmp ("hl-store-src-XXXXXX", &error);
  g_autofree char *good = g_build_filename (src, "from-elsewhere.run.json", NULL);
  g_autofree char *good_ckpt = g_build_filename (src, "from-elsewhere.ckpt", NULL);   /* the trainer's name */
  g_autofree char *bad = g_build_filename (src, "broken.run.json", NULL);
  g_autofree char *text = valid_run_text ("imported-1");
  g_autofree char *ckpt = NULL;
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_problem_free);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (g_file_set_contents (good, text, -1, NULL));
  g_assert_true (g_file_set_contents (good_ckpt, "sidecar", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{ nope", -1, NULL));
  g_assert_cmpuint (hl_store_import (store, src, problems), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((HlStoreProblem *) problems->pdata[0])->path, ==, bad);
  g_assert_error (((HlStoreProblem *) problems->pdata[0])->error, HL_RUN_ERROR, HL_RUN_ERROR_PARSE);
  g_assert_true (hl_store_refresh (store, &error));
  list = hl_store_list (store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((HlRunInfo *) list->pdata[0])->id, ==, "imported-1");
  ckpt = hl_store_checkpoint_path_for (store, "imported-1");
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_IS_REGULAR));
  /* Importing the same file again is a no-op, not a problem. */
  g_ptr_array_set_size (problems, 0);
  g_assert_cmpuint (hl_store_import (store, good, problems), ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  hl_test_rm_rf (dir);
  hl_test_rm_rf (src);
}

void
hl_test_add_store_scale (void)
{
  g_test_add_func ("/store/scale/1000-runs", test_scale);
  g_test_add_func ("/store/import", test_import);
}
