/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-private.h - internals shared by the plugin registry, its checks,
 * the child-process probe, the verdict cache and `hyperlab-cli plugins`. */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <gmodule.h>
#include "hl-plugin.h"
#include "hl-plugin-registry.h"

G_BEGIN_DECLS

#define HL_PLUGIN_PROBE_TIMEOUT_MS 5000
#define HL_PLUGIN_CACHE_FORMAT     "hyperlab-plugin-cache"
/* Bumped whenever the checks get stricter, so verdicts cached by an older
 * build are probed again: 2 = step_range must not read outside its range;
 * 3 = rejection reasons name the missing function or field and say what to
 * do (an old cache kept the vaguer words until the module changed);
 * 4 = a rejection keeps the kind and id of its module when they could be
 * read (a config naming it says why it is missing). */
#define HL_PLUGIN_CACHE_VERSION    4

/* What the probe (in the child or in-process) concluded about one file. */
typedef struct {
  gboolean ok;
  int      code;       /* HlPluginError when !ok */
  char    *message;    /* names the file and the reason when !ok */
  /* when !ok: the module's kind and id if its descriptor could be read
   * (this ABI major, big enough), else 0 and NULL */
  int      kind;       /* HlPluginKind or 0 */
  char    *id;
} HlPluginVerdict;

void hl_plugin_verdict_clear (HlPluginVerdict *v);

/* Stable names of HlPluginError codes ("abi-major"), for the child protocol,
 * the cache and `plugins --json`.  Unknown codes map to "invalid". */
const char *hl_plugin_error_to_nick (int code);
int         hl_plugin_error_from_nick (const char *nick);

const char *hl_plugin_kind_to_string (HlPluginKind kind);   /* "optimizer" */
HlPluginKind hl_plugin_kind_from_string (const char *s);    /* 0 when unknown */

/* Open path (G_MODULE_BIND_LOCAL), find the entry symbol and check ABI,
 * struct size, every descriptor field and the smoke test: everything but
 * duplicate ids.  On error the message starts with the path. */
gboolean hl_plugin_open_checked (const char *path, GModule **module_out,
                                 const HlPluginDescriptor **desc_out, GError **error);
/* The same; on failure *kind_out and *id_out (newly allocated) get the
 * rejected module's kind and id when its descriptor could be read safely
 * (this ABI major, a struct_size covering them, an id of [a-z0-9-]+),
 * else 0 and NULL. */
gboolean hl_plugin_open_checked_named (const char *path, GModule **module_out,
                                       const HlPluginDescriptor **desc_out, int *kind_out,
                                       char **id_out, GError **error);

/* Child side of the probe protocol: probe path in this process and write one
 * JSON line to out: {"ok":true,"kind":..,"id":..} or
 * {"ok":false,"code":"abi-major","message":"..","kind":..,"id":..} (kind and
 * id when known).  Never uses the cache. */
void hl_plugin_probe_write_verdict (const char *path, FILE *out);
/* Parse such a line; FALSE if it is not a verdict. */
gboolean hl_plugin_verdict_parse (const char *text, HlPluginVerdict *out);

/* Host side: run `helper plugins --probe path` and read its verdict.  A
 * child killed by a signal gives CRASHED, one that overruns timeout_ms
 * (killed) TIMEOUT. */
void hl_plugin_probe_in_child (const char *helper, const char *path, guint timeout_ms,
                               HlPluginVerdict *out);

/* The hyperlab-cli used for probing: $HYPERLAB_CLI, else the installed one;
 * NULL if neither is executable.  Newly allocated. */
char *hl_plugin_find_probe_helper (void);

/* Verdict cache keyed by path, size and mtime. */
typedef struct _HlPluginCache HlPluginCache;

/* $XDG_CACHE_HOME/hyperlab/plugin-cache.json, read from the environment now. */
char          *hl_plugin_cache_default_path (void);
HlPluginCache *hl_plugin_cache_load (const char *path);     /* missing/corrupt file: empty */
void           hl_plugin_cache_free (HlPluginCache *cache);
/* A cached verdict for path as it is now on disk (stat), or FALSE. */
gboolean       hl_plugin_cache_lookup (HlPluginCache *cache, const char *path, HlPluginVerdict *out);
void           hl_plugin_cache_store (HlPluginCache *cache, const char *path, const HlPluginVerdict *v);
/* Atomic write if anything changed; entries of vanished files are dropped. */
gboolean       hl_plugin_cache_save (HlPluginCache *cache, GError **error);

/* Bind desc's gettext domain to the locale/ folder beside its module file,
 * if there is one: see gettext_domain in hl-plugin.h for the rule.  The
 * registry calls it for each module it accepts, before any of its texts
 * is shown. */
void hl_plugin_bind_domain (const HlPluginDescriptor *desc, const char *module_path);

/* hl_plugin_registry_load_dir, skipping each module whose file name is also
 * a file in shadow (NULL: none): load_default's installed folder, shadowed
 * by the build folder a program runs from. */
void hl_plugin_registry_load_dir_shadowed (HlPluginRegistry *self, const char *dir, const char *shadow);

/* Test and tooling knobs. */
void        hl_plugin_registry_set_probe_helper (HlPluginRegistry *self, const char *helper);
void        hl_plugin_registry_set_probe_timeout (HlPluginRegistry *self, guint timeout_ms);
/* NULL disables the cache; default hl_plugin_cache_default_path(). */
void        hl_plugin_registry_set_cache_path (HlPluginRegistry *self, const char *path);
/* How many child probes this registry started (cache hits start none). */
guint       hl_plugin_registry_get_n_probes (HlPluginRegistry *self);

G_END_DECLS
