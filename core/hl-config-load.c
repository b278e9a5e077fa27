/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-load.c - configs from text and files, with "--set" overrides. */
#include <string.h>
#include "hl-config.h"
#include "hl-config-private.h"

HlConfig *
hl_config_from_data (const char *data, gssize length, const char *filename, GError **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  root = hl_json_parse (data, length, filename, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE, error);
  if (root == NULL)
    return NULL;
  return hl_config_from_json (root, filename, error);
}

HlConfig *
hl_config_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  if (!hl_file_read (path, &data, &len, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, error))
    return NULL;
  return hl_config_from_data (data, (gssize) len, path, error);
}

gboolean
hl_config_path_is_set (const char *field_path, const char *const *assignments)
{
  for (guint i = 0; field_path != NULL && assignments != NULL && assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *key = eq != NULL ? g_strstrip (g_strndup (assignments[i], eq - assignments[i])) : NULL;
      const gsize len = key != NULL ? strlen (key) : 0;

      const gsize flen = strlen (field_path);

      /* spaces around the path are the setter's to strip as well; a problem
       * of a field inside the value set, or of the whole that the value set
       * is part of ("model.layers" has too many parameters after
       * model.layers[0].units=1e9) */
      if (len > 0 && strncmp (field_path, key, len) == 0
          && (field_path[len] == '\0' || field_path[len] == '.' || field_path[len] == '['))
        return TRUE;
      if (len > flen && strncmp (field_path, key, flen) == 0 && (key[flen] == '.' || key[flen] == '['))
        return TRUE;
    }
  return FALSE;
}

static gboolean
apply_overrides (JsonNode *root, const char *const *assignments, GError **error)
{
  for (guint i = 0; assignments && assignments[i]; i++)
    if (!hl_config_json_set (root, assignments[i], error))
      return FALSE;
  return TRUE;
}

gboolean
hl_config_read_file (const char *path, char **data, gsize *length, GError **error)
{
  g_return_val_if_fail (path != NULL && data != NULL, FALSE);
  return hl_file_read (path, data, length, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, error);
}

HlConfig *
hl_config_from_data_with_overrides (const char *data, gssize length, const char *filename,
                                    const char *const *assignments, gboolean check, GError **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  root = hl_json_parse (data, length, filename, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE, error);
  if (root == NULL || !apply_overrides (root, assignments, error))
    return NULL;
  return hl_config_parse_json_sets (root, filename, assignments, check, error);
}

HlConfig *
hl_config_from_data_listing (const char *data, gssize length, const char *filename,
                             const char *const *assignments, HlPluginRegistry *registry,
                             GPtrArray **issues, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) found = NULL;
  HlConfig *config;

  g_return_val_if_fail (data != NULL && issues != NULL, NULL);
  root = hl_json_parse (data, length, filename, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE, error);
  if (root == NULL || !apply_overrides (root, assignments, error))
    return NULL;
  found = hl_config_issues_new ();
  config = hl_config_parse_json_listing (root, filename, assignments, found, error);
  if (config == NULL)
    return NULL;
  hl_config_check_into (config, registry, found);
  *issues = g_steal_pointer (&found);
  return config;
}

static HlConfig *
load_with_overrides (const char *path, const char *const *assignments, gboolean check, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  if (!hl_config_read_file (path, &data, &len, error))
    return NULL;
  return hl_config_from_data_with_overrides (data, (gssize) len, path, assignments, check, error);
}

HlConfig *
hl_config_load_with_overrides (const char *path, const char *const *assignments, GError **error)
{
  return load_with_overrides (path, assignments, TRUE, error);
}

HlConfig *
hl_config_load_unchecked (const char *path, const char *const *assignments, GError **error)
{
  return load_with_overrides (path, assignments, FALSE, error);
}
