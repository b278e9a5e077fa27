/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-store-index.c - the run store's summary cache, index.json, which a
 * refresh trusts for files whose size, mtime and inode match.  The input is
 * the index; "@SIZE@", "@MTIME@" and "@INO@" in it are replaced by the real
 * values of the store's one run file, so cached entries are reachable. */
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "fuzz-common.h"

static const char run_json[] =
  "{\"format\": \"hyperlab-run\", \"version\": 1, \"id\": \"20260101-000000-abcd\",\n"
  " \"status\": \"completed\", \"created\": \"2026-01-01T00:00:00Z\",\n"
  " \"config\": {\"dataset\": {\"kind\": \"spiral\"}},\n"
  " \"metrics\": {\"step\": [1], \"epoch\": [0.1], \"lr\": [0.3], \"train_loss\": [1.0],\n"
  "             \"val_loss\": [null], \"val_accuracy\": [null]}}\n";

static char *store_dir, *index_path;
static char *size_text, *mtime_text, *ino_text;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *run_path = NULL;

  fuzz_init ();
  store_dir = g_build_filename (fuzz_dir (), "store", NULL);
  g_mkdir (store_dir, 0700);
  run_path = g_build_filename (store_dir, "20260101-000000-abcd.run.json", NULL);
  index_path = g_build_filename (store_dir, "index.json", NULL);
  if (!g_file_set_contents (run_path, run_json, -1, NULL))
    abort ();
  fuzz_file_stamps (run_path, &size_text, &mtime_text, &ino_text);
  return 0;
}

static char *
expand (const uint8_t *data, size_t size)
{
  const char *const pairs[] = { "@SIZE@", size_text, "@MTIME@", mtime_text, "@INO@", ino_text, NULL };
  return fuzz_expand (data, size, pairs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *index = expand (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const GPtrArray *problems;

  if (!g_file_set_contents (index_path, index, -1, NULL))
    abort ();
  store = hl_store_new (store_dir, &error);
  if (store == NULL || !hl_store_refresh (store, &error))
    abort ();   /* the folder is fine: an index never makes a refresh fail */
  list = hl_store_list (store);
  problems = hl_store_get_problems (store);
  /* The one run file is valid: it is listed or reported, never lost. */
  if (list->len + problems->len < 1)
    abort ();
  for (guint i = 0; i < list->len; i++)
    {
      const HlRunInfo *info = list->pdata[i];
      g_autoptr(JsonNode) node = hl_run_info_to_json (info);

      if (node == NULL || info->id == NULL || info->path == NULL
          || hl_store_lookup (store, info->id) != info)
        abort ();
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const HlStoreProblem *p = problems->pdata[i];
      fuzz_check_error (p->error, 0, NULL, NULL);
    }
  return 0;
}
