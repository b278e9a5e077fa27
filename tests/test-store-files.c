/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-files.c - store tests over many files: corrupt and foreign
 * files (reported, skipped, never overwritten), a 1,000-run listing, import. */
#include <errno.h>
#include <fcntl.h>
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

/* ---- which problems are broken records, from what the scan found ---- */

/* A record of id whose metrics do not read (arrays of unequal length): the
 * fast scan, which skips the metrics, takes it for a run; hl_run_load not. */
static char *
bad_metrics_text (const char *id)
{
  g_autoptr(HlRun) run = hl_test_make_run (id, "bad metrics", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(JsonNode) root = hl_run_to_json (run);
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (root), "metrics");

  json_object_set_array_member (metrics, "step", json_array_new ());
  return json_to_string (root, FALSE);
}

static char *
broken_id (HlStore *store, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return hl_store_broken_record_id (store, path);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* The ids `runs` and "Remove Broken Records…" offer come from what the
 * listing's scan found: hl_store_broken_record_id read every broken file
 * again, in full, on each listing (16.8 s and 620 MB for one 300 MB
 * garbage file; found by a QA pass).  Replacing the files after the
 * refresh shows it: only a read would see the new contents.  The answers
 * are those it gave by reading: a garbage record is broken; a duplicate
 * and a run under an id the store cannot act on read as runs and are not
 * (unless their metrics do not read either). */
static void
test_broken_ids_from_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-broken-XXXXXX", &error);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlRun) good = hl_test_make_run ("good", "good", HL_RUN_STATUS_COMPLETED, 10);
  g_autofree char *other = valid_run_text ("elsewhere");
  g_autofree char *dup = valid_run_text ("good");
  g_autofree char *evil = valid_run_text ("../evil");
  g_autofree char *evil_metrics = bad_metrics_text ("../evil");
  static const char *const names[] = { "broken.run.json", "evil.run.json", "evil-metrics.run.json",
                                       "zz-dup.run.json" };
  static const char *const expected[] = { "broken", NULL, "evil-metrics", NULL };

  g_assert_true (hl_store_save (store, good, &error));
  write_file (dir, "broken.run.json", "{ \"id\": \"broken\", \"cut");
  write_file (dir, "evil.run.json", evil);
  write_file (dir, "evil-metrics.run.json", evil_metrics);
  write_file (dir, "zz-dup.run.json", dup);   /* after good.run.json: the duplicate */
  g_assert_true (hl_store_refresh (store, &error));
  g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = broken_id (store, dir, names[i]);
      g_assert_cmpstr (id, ==, expected[i]);
    }
  /* now each file says the opposite of what it did */
  write_file (dir, "broken.run.json", other);
  write_file (dir, "evil.run.json", "garbage");
  write_file (dir, "evil-metrics.run.json", other);
  write_file (dir, "zz-dup.run.json", "garbage");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = broken_id (store, dir, names[i]);
      g_assert_cmpstr (id, ==, expected[i]);
    }
  /* a path the refresh did not report is read, as before */
  write_file (dir, "unlisted.run.json", "garbage");
  {
    g_autofree char *id = broken_id (store, dir, "unlisted.run.json");
    g_assert_cmpstr (id, ==, "unlisted");
  }
  /* the next refresh reads the new contents */
  g_assert_true (hl_store_refresh (store, &error));
  {
    g_autofree char *id = broken_id (store, dir, "evil.run.json");
    g_assert_cmpstr (id, ==, "evil");
  }
  hl_test_rm_rf (dir);
}

/* Sets or removes (loads < 0) "loads" in the index entry of name. */
static void
edit_index_loads (const char *dir, const char *name, int loads)
{
  g_autofree char *index = g_build_filename (dir, "index.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *err;

  g_assert_true (json_parser_load_from_file (parser, index, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  err = json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (root, "entries"), name), "error");
  g_assert_nonnull (err);
  g_assert_true (json_object_has_member (err, "loads"));
  if (loads < 0)
    json_object_remove_member (err, "loads");
  else
    json_object_set_boolean_member (err, "loads", loads);
  text = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_true (g_file_set_contents (index, text, -1, &error));
}

static char *
fresh_broken_id (const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_new (dir, &error);

  g_assert_true (hl_store_refresh (store, &error));
  g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 1);
  return broken_id (store, dir, name);
}

/* The index keeps what the scan found, so a later listing (a new `runs`)
 * reads no broken file at all: an entry that says the garbage file reads
 * as a run is believed.  One that does not say (an index written before)
 * is no answer: the file is read again. */
static void
test_broken_ids_from_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-broken-XXXXXX", &error);
  g_autofree char *id = NULL;

  write_file (dir, "broken.run.json", "{ \"id\": \"broken\", \"cut");
  id = fresh_broken_id (dir, "broken.run.json");   /* writes index.json */
  g_assert_cmpstr (id, ==, "broken");
  g_clear_pointer (&id, g_free);
  id = fresh_broken_id (dir, "broken.run.json");
  g_assert_cmpstr (id, ==, "broken");
  g_clear_pointer (&id, g_free);

  edit_index_loads (dir, "broken.run.json", TRUE);
  id = fresh_broken_id (dir, "broken.run.json");
  g_assert_null (id);

  edit_index_loads (dir, "broken.run.json", -1);
  id = fresh_broken_id (dir, "broken.run.json");
  g_assert_cmpstr (id, ==, "broken");
  hl_test_rm_rf (dir);
}

/* A file that does not begin as a JSON object is refused from its first
 * bytes, naming the file, line and column: a 300 MB garbage file was read
 * whole, twice, to find it was not JSON (found by a QA pass).  A sparse
 * file of 8 TiB shows it: reading it whole fails ("could not allocate"),
 * an I/O error, not this one.  A byte order mark and blanks may come first
 * (json-glib reads such a record). */
static void
test_garbage_refused_early (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-broken-XXXXXX", &error);
  g_autofree char *huge = g_build_filename (dir, "huge.run.json", NULL);
  g_autofree char *good_text = valid_run_text ("bom");
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf \n", good_text, NULL);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  const GPtrArray *problems;
  const HlStoreProblem *problem;
  int fd;

  write_file (dir, "bom.run.json", bom);
  write_file (dir, "text.run.json", "\n\n  this is not JSON {");
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "garbage", 7), ==, 7);
  if (ftruncate (fd, G_GINT64_CONSTANT (1) << 43) != 0)
    {
      g_test_message ("no sparse file of 8 TiB here: %s", g_strerror (errno));
      g_assert_cmpint (ftruncate (fd, 7), ==, 0);
    }
  close (fd);

  g_assert_true (hl_store_refresh (store, &error));
  g_assert_nonnull (hl_store_lookup (store, "bom"));
  problems = hl_store_get_problems (store);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = problems->pdata[0];
  g_assert_cmpstr (problem->path, ==, huge);
  g_assert_error (problem->error, HL_RUN_ERROR, HL_RUN_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (problem->error->message,
                                   "huge.run.json:1:1: not a run record: a run record is a JSON object, "
                                   "which begins with “{”"));
  problem = problems->pdata[1];
  g_assert_error (problem->error, HL_RUN_ERROR, HL_RUN_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (problem->error->message,
                                   "text.run.json:3:3: not a run record: a run record is a JSON object, "
                                   "which begins with “{”"));
  {
    g_autofree char *id = broken_id (store, dir, "huge.run.json");
    g_assert_cmpstr (id, ==, "huge");
  }
  /* and `runs rm huge` removes it (its check reads it again) */
  g_assert_true (hl_store_delete (store, "huge", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (huge, G_FILE_TEST_EXISTS));
  hl_test_rm_rf (dir);
}

void
hl_test_add_store_bad_files (void)
{
  g_test_add_func ("/store/broken/ids-from-scan", test_broken_ids_from_scan);
  g_test_add_func ("/store/broken/ids-from-index", test_broken_ids_from_index);
  g_test_add_func ("/store/broken/garbage-refused-early", test_garbage_refused_early);
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
