/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-cache.c - probe verdicts keyed by path, size and mtime, so an
 * unchanged module is not probed in a child again at every start. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "hl-error.h"
#include "hl-config-private.h"
#include "hl-plugin-private.h"

typedef struct {
  gint64  size;
  gint64  mtime_ns;
  gint64  timeouts;   /* probes in a row that did not answer (code TIMEOUT) */
  HlPluginVerdict verdict;
} CacheEntry;

/* A timeout may be a busy machine rather than the module, so one alone is
 * only noted and the module probed again at the next start; after this
 * many in a row the verdict stands like any other until the file changes
 * (otherwise a hanging module costs every start the whole probe timeout). */
#define TIMEOUTS_TO_KEEP 2

struct _HlPluginCache {
  char       *path;
  GHashTable *entries;   /* module path -> CacheEntry */
  gboolean    dirty;
};

/* Verdicts depend on the host's ABI and checks, so a new host starts afresh. */
#define HOST_STAMP HL_VERSION "/abi-1." G_STRINGIFY (HL_PLUGIN_ABI_MINOR)

static void
cache_entry_free (gpointer data)
{
  CacheEntry *e = data;
  hl_plugin_verdict_clear (&e->verdict);
  g_free (e);
}

char *
hl_plugin_cache_default_path (void)
{
  /* The environment, not g_get_user_cache_dir(): GLib caches that value for
   * the process, and tests point XDG_CACHE_HOME elsewhere. */
  const char *dir = g_getenv ("XDG_CACHE_HOME");
  if (dir == NULL || !g_path_is_absolute (dir))
    dir = g_get_user_cache_dir ();
  return g_build_filename (dir, "hyperlab", "plugin-cache.json", NULL);
}

static gboolean
stat_file (const char *path, gint64 *size, gint64 *mtime_ns)
{
  struct stat st;
  if (stat (path, &st) != 0)
    return FALSE;
  *size = st.st_size;
  *mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  return TRUE;
}

static void
load_entry (HlPluginCache *cache, JsonObject *o)
{
  const char *path = hl_json_get_string (o, "path"), *message;
  if (path == NULL || !json_object_has_member (o, "ok"))
    return;
  CacheEntry *e = g_new0 (CacheEntry, 1);
  e->size = hl_json_get_int (o, "size", -1);
  e->mtime_ns = hl_json_get_int (o, "mtime_ns", -1);
  e->verdict.ok = hl_json_get_boolean (o, "ok", FALSE);
  if (!e->verdict.ok)
    {
      e->verdict.code = hl_plugin_error_from_nick (hl_json_get_string (o, "code"));
      message = hl_json_get_string (o, "message");
      e->verdict.message = g_strdup (message != NULL ? message : "");
      e->verdict.kind = hl_plugin_kind_from_string (hl_json_get_string (o, "kind"));
      e->verdict.id = g_strdup (hl_json_get_string (o, "id"));
      if (e->verdict.code == HL_PLUGIN_ERROR_TIMEOUT)
        e->timeouts = CLAMP (hl_json_get_int (o, "timeouts", 1), 1, TIMEOUTS_TO_KEEP);
    }
  g_hash_table_replace (cache->entries, g_strdup (path), e);
}

static void
load_file (HlPluginCache *cache)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) top = NULL;
  gsize length = 0;
  JsonObject *root;

  /* Missing or corrupt: start empty, rewrite on save.  hl_json_parse also
   * refuses what json-glib 1.6 mishandles (unbounded nesting, non-JSON
   * escapes), empty text and a top level that is not an object. */
  if (!g_file_get_contents (cache->path, &text, &length, NULL) ||
      (top = hl_json_parse (text, (gssize) length, cache->path, G_FILE_ERROR, G_FILE_ERROR_INVAL, NULL)) == NULL)
    return;
  root = json_node_get_object (top);
  if (g_strcmp0 (hl_json_get_string (root, "format"), HL_PLUGIN_CACHE_FORMAT) != 0 ||
      hl_json_get_int (root, "version", 0) != HL_PLUGIN_CACHE_VERSION ||
      g_strcmp0 (hl_json_get_string (root, "host"), HOST_STAMP) != 0)
    return;
  JsonNode *entries = json_object_get_member (root, "entries");
  if (entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries))
    return;
  JsonArray *array = json_node_get_array (entries);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (n))
        load_entry (cache, json_node_get_object (n));
    }
}

HlPluginCache *
hl_plugin_cache_load (const char *path)
{
  HlPluginCache *cache = g_new0 (HlPluginCache, 1);
  cache->path = g_strdup (path);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  load_file (cache);
  return cache;
}

void
hl_plugin_cache_free (HlPluginCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->entries);
  g_free (cache->path);
  g_free (cache);
}

gboolean
hl_plugin_cache_lookup (HlPluginCache *cache, const char *path, HlPluginVerdict *out)
{
  gint64 size, mtime_ns;
  CacheEntry *e = g_hash_table_lookup (cache->entries, path);

  if (e == NULL || !stat_file (path, &size, &mtime_ns) || size != e->size || mtime_ns != e->mtime_ns ||
      (!e->verdict.ok && e->verdict.code == HL_PLUGIN_ERROR_TIMEOUT && e->timeouts < TIMEOUTS_TO_KEEP))
    return FALSE;
  out->ok = e->verdict.ok;
  out->code = e->verdict.code;
  out->message = g_strdup (e->verdict.message);
  out->kind = e->verdict.kind;
  out->id = g_strdup (e->verdict.id);
  return TRUE;
}

void
hl_plugin_cache_store (HlPluginCache *cache, const char *path, const HlPluginVerdict *v)
{
  CacheEntry *e = g_new0 (CacheEntry, 1);
  if (!stat_file (path, &e->size, &e->mtime_ns))
    {
      g_free (e);
      return;
    }
  e->verdict.ok = v->ok;
  e->verdict.code = v->code;
  if (!v->ok && v->code == HL_PLUGIN_ERROR_TIMEOUT)
    {
      /* The same file's earlier timeouts count; anything else starts anew. */
      CacheEntry *old = g_hash_table_lookup (cache->entries, path);
      e->timeouts = 1;
      if (old != NULL && old->size == e->size && old->mtime_ns == e->mtime_ns &&
          !old->verdict.ok && old->verdict.code == HL_PLUGIN_ERROR_TIMEOUT)
        e->timeouts = MIN (old->timeouts + 1, TIMEOUTS_TO_KEEP);
    }
  e->verdict.message = g_strdup (v->message);
  e->verdict.kind = v->kind;
  e->verdict.id = g_strdup (v->id);
  g_hash_table_replace (cache->entries, g_strdup (path), e);
  cache->dirty = TRUE;
}

static void
add_entry (JsonBuilder *b, const char *path, const CacheEntry *e)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, e->size);
  json_builder_set_member_name (b, "mtime_ns");
  json_builder_add_int_value (b, e->mtime_ns);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, e->verdict.ok);
  if (!e->verdict.ok)
    {
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, hl_plugin_error_to_nick (e->verdict.code));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, e->verdict.message ? e->verdict.message : "");
      if (e->verdict.kind != 0)
        {
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, hl_plugin_kind_to_string (e->verdict.kind));
        }
      if (e->verdict.id != NULL)
        {
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, e->verdict.id);
        }
      if (e->timeouts > 0)
        {
          json_builder_set_member_name (b, "timeouts");
          json_builder_add_int_value (b, e->timeouts);
        }
    }
  json_builder_end_object (b);
}

static char *
cache_to_json (HlPluginCache *cache)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GList) keys = g_hash_table_get_keys (cache->entries);

  keys = g_list_sort (keys, (GCompareFunc) strcmp);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, HL_PLUGIN_CACHE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, HL_PLUGIN_CACHE_VERSION);
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, HOST_STAMP);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (GList *l = keys; l != NULL; l = l->next)
    if (g_file_test (l->data, G_FILE_TEST_EXISTS))
      add_entry (b, l->data, g_hash_table_lookup (cache->entries, l->data));
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

gboolean
hl_plugin_cache_save (HlPluginCache *cache, GError **error)
{
  if (!cache->dirty)
    return TRUE;
  g_autofree char *dir = g_path_get_dirname (cache->path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: cannot create folder: %s", dir, g_strerror (saved));
      return FALSE;
    }
  g_autofree char *json = cache_to_json (cache);
  if (!g_file_set_contents_full (cache->path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;
  cache->dirty = FALSE;
  return TRUE;
}
