/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-registry.c - finds plugin modules in the trusted folders, has
 * them probed, keeps the good ones open and the reasons for the bad ones. */
#include <string.h>
#include "hl-error.h"
#include "hl-plugin-private.h"

typedef struct {
  const HlPluginDescriptor *desc;   /* points into module */
  GModule *module;
  char    *path;
} HlPluginEntry;

struct _HlPluginRegistry {
  GPtrArray  *entries;       /* HlPluginEntry, in load order */
  GPtrArray  *rejections;    /* HlPluginRejection */
  GHashTable *seen_dirs;     /* canonical folders already scanned */
  gboolean    probe_in_child;
  char       *helper;        /* hyperlab-cli, NULL = in-process only */
  guint       probe_timeout_ms;
  char       *cache_path;    /* NULL = no cache */
  HlPluginCache *cache;      /* loaded on the first lookup */
  guint       n_probes;
  char      **skipped;       /* relative HYPERLAB_PLUGIN_PATH entries, NULL if none */
};

static void
entry_free (gpointer data)
{
  HlPluginEntry *e = data;
  /* Close only after the descriptor is no longer needed: it lives in the module. */
  g_module_close (e->module);
  g_free (e->path);
  g_free (e);
}

static void
rejection_free (gpointer data)
{
  HlPluginRejection *r = data;
  g_free (r->path);
  g_free (r->id);
  g_clear_error (&r->error);
  g_free (r);
}

HlPluginRegistry *
hl_plugin_registry_new (void)
{
  HlPluginRegistry *self = g_new0 (HlPluginRegistry, 1);

  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->rejections = g_ptr_array_new_with_free_func (rejection_free);
  self->seen_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->helper = hl_plugin_find_probe_helper ();
  self->probe_in_child = self->helper != NULL;
  self->probe_timeout_ms = HL_PLUGIN_PROBE_TIMEOUT_MS;
  self->cache_path = hl_plugin_cache_default_path ();
  return self;
}

void
hl_plugin_registry_free (HlPluginRegistry *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->rejections);
  g_hash_table_unref (self->seen_dirs);
  hl_plugin_cache_free (self->cache);
  g_free (self->cache_path);
  g_free (self->helper);
  g_strfreev (self->skipped);
  g_free (self);
}

void
hl_plugin_registry_set_probe_in_child (HlPluginRegistry *self, gboolean enable)
{
  g_return_if_fail (self != NULL);
  self->probe_in_child = enable && self->helper != NULL;
}

void
hl_plugin_registry_set_probe_helper (HlPluginRegistry *self, const char *helper)
{
  g_return_if_fail (self != NULL);
  g_free (self->helper);
  self->helper = g_strdup (helper);
  self->probe_in_child = helper != NULL;
}

void
hl_plugin_registry_set_probe_timeout (HlPluginRegistry *self, guint timeout_ms)
{
  g_return_if_fail (self != NULL && timeout_ms > 0);
  self->probe_timeout_ms = timeout_ms;
}

void
hl_plugin_registry_set_cache_path (HlPluginRegistry *self, const char *path)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->cache, hl_plugin_cache_free);
  g_free (self->cache_path);
  self->cache_path = g_strdup (path);
}

guint
hl_plugin_registry_get_n_probes (HlPluginRegistry *self)
{
  return self->n_probes;
}

/* --- loading -------------------------------------------------------------- */

static void
reject (HlPluginRegistry *self, const char *path, GError *error, int kind, char *id)
{
  HlPluginRejection *r = g_new0 (HlPluginRejection, 1);
  r->path = g_strdup (path);
  r->error = error;
  r->kind = kind;
  r->id = id;   /* taken */
  g_debug ("plugin rejected: %s", error->message);
  g_ptr_array_add (self->rejections, r);
}

static HlPluginEntry *
find_entry (HlPluginRegistry *self, HlPluginKind kind, const char *id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      HlPluginEntry *e = g_ptr_array_index (self->entries, i);
      if (e->desc->kind == (guint32) kind && g_str_equal (e->desc->id, id))
        return e;
    }
  return NULL;
}

static void
cache_put (HlPluginRegistry *self, const char *path, const HlPluginVerdict *v)
{
  /* A timeout is kept too: the cache has a module probed again until it
   * has timed out twice in a row (a busy machine, not the module). */
  if (self->cache == NULL)
    return;
  hl_plugin_cache_store (self->cache, path, v);
  g_autoptr (GError) error = NULL;
  if (!hl_plugin_cache_save (self->cache, &error))
    g_debug ("plugin cache not saved: %s", error->message);
}

/* The child's verdict (cached or fresh).  FALSE with error, and the
 * module's kind and id when known, if the file must not be opened in this
 * process. */
static gboolean
probe_verdict (HlPluginRegistry *self, const char *path, int *kind, char **id, GError **error)
{
  HlPluginVerdict v = { 0 };

  if (self->cache == NULL && self->cache_path != NULL)
    self->cache = hl_plugin_cache_load (self->cache_path);
  if (self->cache == NULL || !hl_plugin_cache_lookup (self->cache, path, &v))
    {
      self->n_probes++;
      hl_plugin_probe_in_child (self->helper, path, self->probe_timeout_ms, &v);
      cache_put (self, path, &v);
    }
  if (!v.ok)
    {
      g_set_error_literal (error, HL_PLUGIN_ERROR, v.code, v.message ? v.message : path);
      *kind = v.kind;
      *id = g_steal_pointer (&v.id);
    }
  gboolean ok = v.ok;
  hl_plugin_verdict_clear (&v);
  return ok;
}

static gboolean
add_module (HlPluginRegistry *self, const char *path, GModule *module,
            const HlPluginDescriptor *desc, GError **error)
{
  HlPluginEntry *first = find_entry (self, desc->kind, desc->id);
  if (first != NULL)
    {
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_DUPLICATE,
                   "%s: %s “%s” is already provided by %s", path,
                   hl_plugin_kind_to_string (desc->kind), desc->id, first->path);
      g_module_close (module);
      return FALSE;
    }
  HlPluginEntry *e = g_new0 (HlPluginEntry, 1);
  e->desc = desc;
  e->module = module;
  e->path = g_strdup (path);
  g_ptr_array_add (self->entries, e);
  hl_plugin_bind_domain (desc, path);
  return TRUE;
}

gboolean
hl_plugin_registry_load_file (HlPluginRegistry *self, const char *path, GError **error)
{
  GError *local = NULL;
  GModule *module = NULL;
  const HlPluginDescriptor *desc = NULL;
  int kind = 0;
  char *id = NULL;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  g_return_val_if_fail (g_path_is_absolute (path), FALSE);

  if ((self->probe_in_child && !probe_verdict (self, path, &kind, &id, &local)) ||
      !hl_plugin_open_checked_named (path, &module, &desc, &kind, &id, &local))
    {
      if (error != NULL)
        *error = g_error_copy (local);
      reject (self, path, local, kind, id);
      return FALSE;
    }
  kind = (int) desc->kind;
  id = g_strdup (desc->id);   /* before add_module may close the module */
  if (!add_module (self, path, module, desc, &local))
    {
      if (error != NULL)
        *error = g_error_copy (local);
      reject (self, path, local, kind, id);
      return FALSE;
    }
  g_free (id);
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Module file names in dir, sorted so the load order (and so which of two
 * modules with one id wins) does not depend on the file system. */
static GPtrArray *
list_modules (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, "." G_MODULE_SUFFIX) && name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

void
hl_plugin_registry_load_dir (HlPluginRegistry *self, const char *dir)
{
  hl_plugin_registry_load_dir_shadowed (self, dir, NULL);
}

void
hl_plugin_registry_load_dir_shadowed (HlPluginRegistry *self, const char *dir, const char *shadow)
{
  g_return_if_fail (self != NULL && dir != NULL);
  /* Relative folders would resolve against the current folder: never. */
  g_return_if_fail (g_path_is_absolute (dir));

  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  if (!g_file_test (canonical, G_FILE_TEST_IS_DIR) || g_hash_table_contains (self->seen_dirs, canonical))
    return;
  g_hash_table_add (self->seen_dirs, g_strdup (canonical));

  g_autoptr (GPtrArray) files = list_modules (canonical);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_path_get_basename (file);
      g_autofree char *newer = shadow != NULL ? g_build_filename (shadow, name, NULL) : NULL;

      if (newer != NULL && g_file_test (newer, G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        hl_plugin_registry_load_file (self, file, NULL);
    }
}

/* The build folder's plugins, searched first (set once, at start-up). */
static char *build_plugins;

/* The meson build folder the running program was built in (build.ninja
 * beside its app/ folder), or NULL for an installed program. */
static char *
build_folder (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *app_dir = NULL, *top = NULL, *ninja = NULL;

  if (exe == NULL)
    return NULL;
  app_dir = g_path_get_dirname (exe);
  top = g_path_get_dirname (app_dir);
  ninja = g_build_filename (top, "build.ninja", NULL);
  return g_file_test (ninja, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&top) : NULL;
}

void
hl_plugin_use_build_folder (void)
{
  g_autofree char *top = NULL, *plugins = NULL;

  if (g_getenv ("HYPERLAB_PLUGIN_PATH") != NULL || (top = build_folder ()) == NULL)
    return;
  plugins = g_build_filename (top, "plugins", NULL);
  /* first: an older installed copy of the same plugins would win otherwise */
  if (g_file_test (plugins, G_FILE_TEST_IS_DIR))
    {
      g_free (build_plugins);
      build_plugins = g_steal_pointer (&plugins);
    }
}

const char *
hl_locale_folder (void)
{
  static gsize done;
  static char *folder;

  if (g_once_init_enter (&done))
    {
      g_autofree char *top = build_folder ();
      char *po = top != NULL ? g_build_filename (top, "po", NULL) : NULL;

      if (po != NULL && g_file_test (po, G_FILE_TEST_IS_DIR))
        folder = po;
      else
        {
          g_free (po);
          folder = g_strdup (HL_LOCALEDIR);
        }
      g_once_init_leave (&done, 1);
    }
  return folder;
}

char **
hl_plugin_search_folders (char ***ignored)
{
  g_autoptr (GStrvBuilder) dirs = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) skipped = g_strv_builder_new ();
  const char *data_home = g_getenv ("XDG_DATA_HOME");
  const char *extra = g_getenv ("HYPERLAB_PLUGIN_PATH");
  g_autofree char *user_dir = NULL;

  if (build_plugins != NULL)
    g_strv_builder_add (dirs, build_plugins);
  g_strv_builder_add (dirs, HL_PLUGINDIR);
  if (data_home == NULL || !g_path_is_absolute (data_home))
    data_home = g_get_user_data_dir ();
  user_dir = g_build_filename (data_home, "hyperlab", "plugins", NULL);
  g_strv_builder_add (dirs, user_dir);
  if (extra != NULL)
    {
      g_auto (GStrv) list = g_strsplit (extra, G_SEARCHPATH_SEPARATOR_S, -1);

      /* an empty or relative element conventionally means the current
       * folder, from which modules never load */
      for (guint i = 0; list[i] != NULL; i++)
        if (g_path_is_absolute (list[i]))
          g_strv_builder_add (dirs, list[i]);
        else if (list[i][0] != '\0')
          g_strv_builder_add (skipped, list[i]);
    }
  if (ignored != NULL)
    {
      *ignored = g_strv_builder_end (skipped);
      if (**ignored == NULL)
        g_clear_pointer (ignored, g_strfreev);
    }
  return g_strv_builder_end (dirs);
}

void
hl_plugin_registry_load_default (HlPluginRegistry *self)
{
  g_auto (GStrv) dirs = NULL;

  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->skipped, g_strfreev);
  dirs = hl_plugin_search_folders (&self->skipped);
  /* Run from a build folder whose prefix holds an installed copy: the
   * build's modules replace the installed ones of the same file name (each
   * was rejected as a duplicate of itself, 17 of them; found by a QA pass). */
  for (guint i = 0; dirs[i] != NULL; i++)
    hl_plugin_registry_load_dir_shadowed (self, dirs[i],
                                          g_str_equal (dirs[i], HL_PLUGINDIR) ? build_plugins : NULL);
}

/* --- queries -------------------------------------------------------------- */

const HlPluginDescriptor *
hl_plugin_registry_lookup (HlPluginRegistry *self, HlPluginKind kind, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (id == NULL)
    return NULL;
  HlPluginEntry *e = find_entry (self, kind, id);
  return e ? e->desc : NULL;
}

const char *
hl_plugin_registry_get_path (HlPluginRegistry *self, HlPluginKind kind, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (id == NULL)
    return NULL;
  HlPluginEntry *e = find_entry (self, kind, id);
  return e ? e->path : NULL;
}

static int
compare_desc_ids (gconstpointer a, gconstpointer b)
{
  const HlPluginDescriptor *da = *(const HlPluginDescriptor *const *) a;
  const HlPluginDescriptor *db = *(const HlPluginDescriptor *const *) b;
  return strcmp (da->id, db->id);
}

GPtrArray *
hl_plugin_registry_list (HlPluginRegistry *self, HlPluginKind kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  GPtrArray *list = g_ptr_array_new ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      HlPluginEntry *e = g_ptr_array_index (self->entries, i);
      if (e->desc->kind == (guint32) kind)
        g_ptr_array_add (list, (gpointer) e->desc);
    }
  g_ptr_array_sort (list, compare_desc_ids);
  return list;
}

const GPtrArray *
hl_plugin_registry_get_rejections (HlPluginRegistry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rejections;
}

/* Whether file (a module's path) is named for id: hl-<id>.so,
 * hl-<kind>-<id>.so (the shipped ones) or <id>.so. */
static gboolean
file_named_for (const char *file, HlPluginKind kind, const char *id)
{
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *named = g_strdup_printf ("%s." G_MODULE_SUFFIX, id);
  g_autofree char *hl = g_strdup_printf ("hl-%s." G_MODULE_SUFFIX, id);
  g_autofree char *kinded = g_strdup_printf ("hl-%s-%s." G_MODULE_SUFFIX, hl_plugin_kind_to_string (kind), id);

  return g_str_equal (base, named) || g_str_equal (base, hl) || g_str_equal (base, kinded);
}

const HlPluginRejection *
hl_plugin_registry_find_rejection (HlPluginRegistry *self, HlPluginKind kind, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->rejections->len; i++)
    {
      const HlPluginRejection *r = g_ptr_array_index (self->rejections, i);
      if (r->id != NULL && g_str_equal (r->id, id) && (r->kind == 0 || r->kind == kind))
        return r;
    }
  for (guint i = 0; i < self->rejections->len; i++)
    {
      const HlPluginRejection *r = g_ptr_array_index (self->rejections, i);
      if (r->id == NULL && file_named_for (r->path, kind, id))
        return r;
    }
  return NULL;
}

const char *const *
hl_plugin_registry_get_skipped_folders (HlPluginRegistry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *) self->skipped;
}

static gpointer
create_default (gpointer data)
{
  HlPluginRegistry *self = hl_plugin_registry_new ();
  hl_plugin_registry_load_default (self);
  return self;
}

/* Loaded once per process; afterwards only read, so any thread may use it. */
HlPluginRegistry *
hl_plugin_registry_get_default (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, create_default, NULL);
}
