/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-plugin-cache.c - the plugin verdict cache, plugin-cache.json in the
 * user's cache folder, which the registry trusts for modules whose size and
 * mtime match.  The input is the cache file; "@PATH@", "@SIZE@", "@MTIME@"
 * and "@HOST@" in it are replaced by one real module file's path, size and
 * mtime and by this build's host stamp, so cached entries are reachable.
 * Whatever the file holds, a verdict read from it is well formed, and a
 * verdict stored and saved over it reads back the same. */
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "fuzz-common.h"
#include "hl-plugin-private.h"

static char *module_path, *cache_path;
static char *size_text, *mtime_text, *ino_text;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  module_path = g_strdup (fuzz_write ("hl-module.so", "not a module", 12));
  cache_path = g_build_filename (fuzz_dir (), "plugin-cache.json", NULL);
  fuzz_file_stamps (module_path, &size_text, &mtime_text, &ino_text);
  return 0;
}

static char *
expand (const uint8_t *data, size_t size)
{
  const char *const pairs[] = {
    "@PATH@", module_path, "@SIZE@", size_text, "@MTIME@", mtime_text,
    /* the stamp hl-plugin-cache.c writes */
    "@HOST@", HL_VERSION "/abi-1." G_STRINGIFY (HL_PLUGIN_ABI_MINOR), NULL
  };
  return fuzz_expand (data, size, pairs);
}

static void
check_verdict (const HlPluginVerdict *v)
{
  if (v->ok)
    return;
  if (v->code < HL_PLUGIN_ERROR_OPEN || v->code > HL_PLUGIN_ERROR_NOT_FOUND)
    {
      fprintf (stderr, "cached verdict with code %d\n", v->code);
      abort ();
    }
  if (v->message == NULL || !g_utf8_validate (v->message, -1, NULL))
    {
      fprintf (stderr, "cached verdict without a valid UTF-8 message\n");
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = expand (data, size);
  const HlPluginVerdict stored = { FALSE, HL_PLUGIN_ERROR_SMOKE, (char *) "smoke test: fuzz",
                                   HL_PLUGIN_KIND_OPTIMIZER, (char *) "fuzz" };
  HlPluginVerdict v = { 0 };
  g_autoptr(GError) error = NULL;
  HlPluginCache *cache;

  if (!g_file_set_contents (cache_path, text, -1, NULL))
    abort ();
  cache = hl_plugin_cache_load (cache_path);
  if (hl_plugin_cache_lookup (cache, module_path, &v))
    {
      check_verdict (&v);
      hl_plugin_verdict_clear (&v);
    }
  /* A verdict stored over whatever was there is saved and found again. */
  hl_plugin_cache_store (cache, module_path, &stored);
  if (!hl_plugin_cache_save (cache, &error))
    {
      fprintf (stderr, "saving the cache failed: %s\n", error->message);
      abort ();
    }
  hl_plugin_cache_free (cache);
  cache = hl_plugin_cache_load (cache_path);
  if (!hl_plugin_cache_lookup (cache, module_path, &v) || v.ok || v.code != stored.code
      || g_strcmp0 (v.message, stored.message) != 0)
    {
      fprintf (stderr, "the stored verdict did not read back\n");
      abort ();
    }
  hl_plugin_verdict_clear (&v);
  hl_plugin_cache_free (cache);
  return 0;
}
