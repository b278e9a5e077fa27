/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-index.c - the store's summary cache, index.json: one entry per
 * file name with the size, mtime and inode it was read at.  An entry whose
 * file changed is ignored and rebuilt; a broken index is simply rebuilt.
 * The messages of files that failed to load are in the language the index
 * was written in: under another one those files are read again. */
#include <locale.h>
#include <math.h>
#include <string.h>
#include "hl-error.h"
#include "hl-config-private.h"
#include "hl-store-private.h"

#define INDEX_FORMAT  "hyperlab-store-index"
#define INDEX_VERSION 3   /* 2: "pruned"; 3: unnamed runs named (an older index is rebuilt from the records) */

void
hl_store_entry_free (HlStoreEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->info, hl_run_info_free);
  g_clear_error (&entry->error);
  g_free (entry);
}

gboolean
hl_store_entry_is_transient (const HlStoreEntry *entry)
{
  return entry->info == NULL && g_error_matches (entry->error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
}

static double
get_double (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NAN;
  return json_node_get_double (node);
}

static char *
dup_string (JsonObject *obj, const char *name)
{
  return g_strdup (hl_json_get_string (obj, name));
}

JsonNode *
hl_run_info_to_json (const HlRunInfo *info)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "id", info->id);
  json_object_set_string_member (obj, "name", info->name);
  json_object_set_string_member (obj, "status", hl_run_status_to_string (info->saved_status));
  json_object_set_string_member (obj, "dataset", info->dataset);
  json_object_set_string_member (obj, "optimizer", info->optimizer);
  hl_json_set_double (obj, "learning_rate", info->learning_rate);
  json_object_set_int_member (obj, "batch_size", info->batch_size);
  json_object_set_string_member (obj, "layers", info->layers);
  hl_json_set_double (obj, "best_val_loss", info->best_val_loss);
  hl_json_set_double (obj, "test_accuracy", info->test_accuracy);
  hl_json_set_double (obj, "test_loss", info->test_loss);
  hl_json_set_double (obj, "seconds", info->seconds);
  json_object_set_int_member (obj, "steps", (gint64) info->steps);
  json_object_set_int_member (obj, "created", info->created);
  if (info->pruned)
    json_object_set_boolean_member (obj, "pruned", TRUE);
  if (info->group != NULL)
    json_object_set_string_member (obj, "group", info->group);
  json_node_take_object (node, obj);
  return node;
}

HlRunInfo *
hl_run_info_from_json (JsonObject *obj)
{
  g_autoptr(HlRunInfo) info = g_new0 (HlRunInfo, 1);
  g_autofree char *status = dup_string (obj, "status");

  info->id = dup_string (obj, "id");
  info->name = dup_string (obj, "name");
  info->dataset = dup_string (obj, "dataset");
  info->optimizer = dup_string (obj, "optimizer");
  info->layers = dup_string (obj, "layers");
  if (info->id == NULL || info->name == NULL || info->dataset == NULL ||
      info->optimizer == NULL || info->layers == NULL || status == NULL ||
      !hl_run_status_from_string (status, &info->saved_status))
    return NULL;
  info->status = info->saved_status;
  info->learning_rate = get_double (obj, "learning_rate");
  info->batch_size = (guint) hl_json_get_int (obj, "batch_size", 0);
  info->best_val_loss = get_double (obj, "best_val_loss");
  info->test_accuracy = get_double (obj, "test_accuracy");
  info->test_loss = get_double (obj, "test_loss");
  info->seconds = get_double (obj, "seconds");
  info->steps = (guint64) hl_json_get_int (obj, "steps", 0);
  info->created = hl_json_get_int (obj, "created", 0);
  info->group = dup_string (obj, "group");
  info->pruned = hl_json_get_boolean (obj, "pruned", FALSE);
  return g_steal_pointer (&info);
}

static JsonObject *
get_object (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonNode *
entry_to_json (const HlStoreEntry *entry)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, "size", entry->size);
  json_object_set_int_member (obj, "mtime_ns", entry->mtime_ns);
  json_object_set_int_member (obj, "ino", (gint64) entry->ino);
  if (entry->info != NULL)
    json_object_set_member (obj, "info", hl_run_info_to_json (entry->info));
  else
    {
      JsonObject *err = json_object_new ();
      json_object_set_string_member (err, "domain", g_quark_to_string (entry->error->domain));
      json_object_set_int_member (err, "code", entry->error->code);
      json_object_set_string_member (err, "message", entry->error->message);
      json_object_set_boolean_member (err, "loads", entry->loads);
      json_object_set_object_member (obj, "error", err);
    }
  json_node_take_object (node, obj);
  return node;
}

static HlStoreEntry *
entry_from_json (JsonNode *node)
{
  JsonObject *obj, *sub;
  HlStoreEntry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  entry = g_new0 (HlStoreEntry, 1);
  entry->size = hl_json_get_int (obj, "size", -1);
  entry->mtime_ns = hl_json_get_int (obj, "mtime_ns", -1);
  entry->ino = (guint64) hl_json_get_int (obj, "ino", 0);
  if ((sub = get_object (obj, "info")) != NULL)
    {
      entry->info = hl_run_info_from_json (sub);
      entry->loads = TRUE;
    }
  else if ((sub = get_object (obj, "error")) != NULL)
    {
      const char *domain = hl_json_get_string (sub, "domain");
      const char *message = hl_json_get_string (sub, "message");
      gint64 code = hl_json_get_int (sub, "code", -1);
      JsonNode *loads = json_object_get_member (sub, "loads");
      /* A scan only ever fails with HL_RUN_ERROR; anything else is not our
       * entry, and the file is read again.  So is an entry that does not
       * say whether the file reads as a run all the same (written before
       * "loads"): hl_store_broken_record_id read every broken file again
       * on each listing to find out (found by a QA pass). */
      if (g_strcmp0 (domain, g_quark_to_string (HL_RUN_ERROR)) == 0 && message != NULL
          && code >= 0 && code <= HL_RUN_ERROR_CHECKPOINT && loads != NULL
          && JSON_NODE_HOLDS_VALUE (loads) && json_node_get_value_type (loads) == G_TYPE_BOOLEAN)
        {
          entry->error = g_error_new_literal (HL_RUN_ERROR, (int) code, message);
          entry->loads = json_node_get_boolean (loads);
        }
    }
  if (entry->info == NULL && entry->error == NULL)
    {
      hl_store_entry_free (entry);
      return NULL;
    }
  return entry;
}

/* What decides the language gettext gives the scan's messages: LANGUAGE,
 * LC_ALL, LC_MESSAGES and LANG, and whether the C locale (which ignores
 * LANGUAGE) is in effect (new string). */
static char *
messages_language (void)
{
  g_autofree char *names = g_strjoinv (":", (char **) g_get_language_names ());
  const char *locale = setlocale (LC_MESSAGES, NULL);

  return g_strdup_printf ("%s;%s", locale != NULL ? locale : "", names);
}

static gboolean
index_header_ok (JsonObject *root)
{
  return g_strcmp0 (hl_json_get_string (root, "format"), INDEX_FORMAT) == 0 &&
         hl_json_get_int (root, "version", 0) == INDEX_VERSION;
}

void
hl_store_index_load (HlStore *self)
{
  g_autofree char *path = g_build_filename (self->dir, HL_STORE_INDEX_NAME, NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) top = NULL;
  gsize length = 0;
  JsonObject *root, *entries;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  g_autofree char *language = messages_language ();
  gboolean same_language;

  self->index_loaded = TRUE;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  /* Our index is written atomically, so anything else under that name is
   * a stranger's file and is left alone, unless it names our format: then
   * it is ours, cut short (a full disk, a partial copy), and is rebuilt. */
  self->index_foreign = TRUE;
  if (!g_file_get_contents (path, &text, &length, NULL))
    return;
  /* hl_json_parse refuses what json-glib mishandles, empty text and a top
   * level that is not an object; why does not matter here. */
  if ((top = hl_json_parse (text, (gssize) length, path, HL_RUN_ERROR, HL_RUN_ERROR_PARSE, NULL)) == NULL)
    {
      if (g_strstr_len (text, (gssize) length, "\"" INDEX_FORMAT "\"") != NULL)
        self->index_foreign = FALSE;
      return;
    }
  root = json_node_get_object (top);
  /* an index of another version (1, from before "pruned") is ours all the
   * same: rebuilt from the records, where it was taken for a stranger's
   * file, reported as a problem and left stale */
  if (g_strcmp0 (hl_json_get_string (root, "format"), INDEX_FORMAT) == 0)
    self->index_foreign = FALSE;
  if (!index_header_ok (root) || (entries = get_object (root, "entries")) == NULL)
    return;
  /* an index without "language" (written before messages were translated)
   * counts as another language */
  same_language = g_strcmp0 (hl_json_get_string (root, "language"), language) == 0;
  json_object_iter_init (&iter, entries);
  while (json_object_iter_next (&iter, &name, &node))
    {
      HlStoreEntry *entry = entry_from_json (node);
      if (entry != NULL && entry->info == NULL && !same_language)
        g_clear_pointer (&entry, hl_store_entry_free);   /* its message: read again */
      if (entry != NULL)
        g_hash_table_replace (self->index, g_strdup (name), entry);
    }
}

void
hl_store_index_save (HlStore *self)
{
  g_autofree char *path = g_build_filename (self->dir, HL_STORE_INDEX_NAME, NULL);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *language = messages_language ();
  JsonObject *obj = json_object_new ();
  JsonObject *entries = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;
  gsize length;

  if (self->index_foreign)
    {
      json_object_unref (obj);
      json_object_unref (entries);
      return;
    }
  json_object_set_string_member (obj, "format", INDEX_FORMAT);
  json_object_set_int_member (obj, "version", INDEX_VERSION);
  json_object_set_string_member (obj, "language", language);
  g_hash_table_iter_init (&iter, self->index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!hl_store_entry_is_transient (value))
      json_object_set_member (entries, key, entry_to_json (value));
  json_object_set_object_member (obj, "entries", entries);
  json_node_take_object (root, obj);
  data = hl_json_to_data (root, FALSE, &length);
  /* A read-only store still lists; it just re-reads summaries next time. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_debug ("run store index not written: %s", error->message);
  else
    self->index_dirty = FALSE;
}
