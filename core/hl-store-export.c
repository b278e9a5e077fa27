/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-export.c - exports of a stored run (config JSON, metrics CSV) and
 * seed-replicate configs. */
#include "hl-error.h"
#include <string.h>
#include "hl-config-private.h"
#include "hl-store-private.h"

gboolean
hl_store_export_config (HlStore *self, const char *id, const char *path, GError **error)
{
  g_autoptr(HlRun) run = hl_store_load (self, id, error);
  g_autoptr(HlConfig) config = run != NULL ? hl_run_dup_effective_config (run) : NULL;

  return config != NULL && hl_config_save (config, path, error);
}

gboolean
hl_store_export_metrics (HlStore *self, const char *id, const char *path, GError **error)
{
  g_autoptr(HlRun) run = hl_store_load (self, id, error);
  g_autofree char *csv = NULL;
  const HlWriteOptions options = { 0644, TRUE, NULL, NULL };

  if (run == NULL)
    return FALSE;
  csv = hl_run_metrics_to_csv (run);
  return hl_file_write_atomic (path, csv, strlen (csv), &options, HL_RUN_ERROR, HL_RUN_ERROR_IO, error);
}

gssize
hl_store_replicate_suffix (const char *name)
{
  const char *seed = g_strrstr (name, " (seed ");
  const char *q;

  if (seed == NULL)
    return -1;
  for (q = seed + strlen (" (seed "); g_ascii_isdigit (*q); q++)
    ;
  return q > seed + strlen (" (seed ") && g_str_equal (q, ")") ? seed - name : -1;
}

/* name without its " (seed <digits>)": Repeat… on a replicate made
 * "… (seed 44) (seed 46)" (found by a GUI QA pass). */
static char *
name_without_seed (const char *name)
{
  const gssize at = hl_store_replicate_suffix (name);

  return at >= 0 ? g_strndup (name, at) : g_strdup (name);
}

GPtrArray *
hl_store_replicate_configs (const HlConfig *config, guint n, char **group)
{
  GPtrArray *configs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_config_free);
  g_autofree char *name = name_without_seed (config->name && *config->name ? config->name : "run");
  g_autofree char *run_id = hl_run_new_id ();

  for (guint i = 0; i < n; i++)
    {
      HlConfig *copy = hl_config_copy (config);
      copy->seed = config->seed + i;
      g_free (copy->name);
      copy->name = g_strdup_printf ("%s (seed %" G_GUINT64_FORMAT ")", name, copy->seed);
      g_ptr_array_add (configs, copy);
    }
  if (group != NULL)
    *group = g_strconcat ("group-", run_id, NULL);
  return configs;
}
