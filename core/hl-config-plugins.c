/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-plugins.c - config checks that need the plugin registry: the
 * optimizer and schedule exist, and their hyperparameters are known and in
 * the descriptor's bounds. */
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "hl-config.h"
#include "hl-config-private.h"

static char **
plugin_ids (HlPluginRegistry *registry, HlPluginKind kind)
{
  g_autoptr(GPtrArray) list = hl_plugin_registry_list (registry, kind);
  GStrvBuilder *b = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; list && i < list->len; i++)
    g_strv_builder_add (b, ((const HlPluginDescriptor *) list->pdata[i])->id);
  ids = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return ids;
}

static char **
param_names (const HlPluginDescriptor *desc)
{
  char **names = g_new0 (char *, desc->n_params + 1);

  for (guint i = 0; i < desc->n_params; i++)
    names[i] = g_strdup (desc->params[i].name);
  return names;
}

/* Why a plugin the config names is missing, when the registry knows: its
 * module was rejected (the reason), or a HYPERLAB_PLUGIN_PATH folder was
 * not searched.  The user had to think of `hyperlab-cli plugins`. */
static char *
rejected_message (HlPluginRegistry *registry, HlPluginKind kind, const char *name)
{
  const HlPluginRejection *r = hl_plugin_registry_find_rejection (registry, kind, name);
  const char *reason;
  gsize n;

  if (r == NULL)
    return NULL;
  /* the reason names the file first: once is enough */
  reason = r->error->message;
  n = strlen (r->path);
  if (strncmp (reason, r->path, n) == 0 && g_str_has_prefix (reason + n, ": "))
    reason += n + 2;
  /* TRANSLATORS: the name given, the rejected module's file, why it was rejected */
  if (kind == HL_PLUGIN_KIND_OPTIMIZER)
    return g_strdup_printf (_("unknown optimizer “%s”: %s was rejected: %s"), name, r->path, reason);
  return g_strdup_printf (_("unknown schedule “%s”: %s was rejected: %s"), name, r->path, reason);
}

static char *
add_skipped_folders (HlPluginRegistry *registry, char *msg)
{
  const char *const *skipped = hl_plugin_registry_get_skipped_folders (registry);
  g_autoptr (GString) list = g_string_new (NULL);
  char *out;
  guint n = 0;

  for (; skipped != NULL && skipped[n] != NULL; n++)
    g_string_append_printf (list, "%s“%s”", n > 0 ? ", " : "", skipped[n]);
  if (n == 0)
    return msg;
  /* TRANSLATORS: the message so far, then the quoted relative folders */
  out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s; the HYPERLAB_PLUGIN_PATH folder %s was not searched "
                                      "(its folders must be absolute)",
                                      "%s; the HYPERLAB_PLUGIN_PATH folders %s were not searched "
                                      "(its folders must be absolute)", n),
                         msg, list->str);
  g_free (msg);
  return out;
}

static void
unknown_plugin (GPtrArray *issues, HlPluginRegistry *registry, HlPluginKind kind,
                const char *path, const char *name)
{
  g_auto(GStrv) ids = plugin_ids (registry, kind);
  const char *hint = hl_closest_string (name, (const char *const *) ids);
  g_autofree char *list = g_strjoinv (", ", ids);
  g_autofree char *msg = rejected_message (registry, kind, name);

  if (!*list)
    {
      g_free (list);
      list = g_strdup (_("none"));
    }
  if (msg != NULL)
    ;   /* why it is missing says more than what else there is */
  /* TRANSLATORS: the name given, then the closest installed plugin id */
  else if (hint && kind == HL_PLUGIN_KIND_OPTIMIZER)
    msg = g_strdup_printf (_("unknown optimizer “%s”; did you mean “%s”?"), name, hint);
  else if (hint)
    msg = g_strdup_printf (_("unknown schedule “%s”; did you mean “%s”?"), name, hint);
  /* TRANSLATORS: the name given, then the installed plugin ids */
  else if (kind == HL_PLUGIN_KIND_OPTIMIZER)
    msg = g_strdup_printf (_("unknown optimizer “%s” (installed: %s)"), name, list);
  else
    msg = g_strdup_printf (_("unknown schedule “%s” (installed: %s)"), name, list);
  msg = add_skipped_folders (registry, msg);
  hl_config_issue_add (issues, HL_CONFIG_ERROR_PLUGIN, path, msg);
}

static void
check_value (GPtrArray *issues, const char *path, const HlParamSpec *spec, double v)
{
  g_autofree char *got = hl_format_double (v);
  g_autofree char *lo = hl_format_double (spec->min);
  g_autofree char *hi = hl_format_double (spec->max);
  g_autofree char *msg = NULL;

  if (v < spec->min)
    msg = g_strdup_printf (_("must be >= %s (got %s)"), lo, got);
  else if (v > spec->max)
    msg = g_strdup_printf (_("must be <= %s (got %s)"), hi, got);
  else if ((spec->flags & HL_PARAM_FLAG_BOOLEAN) && v != 0 && v != 1)
    msg = g_strdup_printf (_("must be true or false (0 or 1) (got %s)"), got);
  else if ((spec->flags & HL_PARAM_FLAG_INTEGER) && v != floor (v))
    msg = g_strdup_printf (_("must be a whole number (got %s)"), got);
  if (msg)
    hl_config_issue_add (issues, HL_CONFIG_ERROR_RANGE, path, msg);
}

static void
check_params (GPtrArray *issues, const char *section, const HlPluginDescriptor *desc,
              const GArray *params)
{
  g_auto(GStrv) names = param_names (desc);

  for (guint i = 0; params && i < params->len; i++)
    {
      const HlParam *p = &g_array_index (params, HlParam, i);
      g_autofree char *path = g_strdup_printf ("%s.params.%s", section, p->name);
      const HlParamSpec *spec = hl_plugin_find_param (desc, p->name);

      if (spec == NULL)
        {
          const char *hint = hl_closest_string (p->name, (const char *const *) names);
          g_autofree char *list = g_strjoinv (", ", names);
          g_autofree char *msg = NULL;

          if (hint)
            /* TRANSLATORS: a plugin id, the parameter name given, the closest known one */
            msg = g_strdup_printf (_("“%s” has no parameter “%s”; did you mean “%s”?"), desc->id, p->name, hint);
          else
            /* TRANSLATORS: a plugin id, the parameter name given, the plugin's parameter names */
            msg = g_strdup_printf (_("“%s” has no parameter “%s” (its parameters: %s)"), desc->id, p->name,
                                   *list ? list : _("none"));
          hl_config_issue_add (issues, HL_CONFIG_ERROR_PLUGIN, path, msg);
        }
      else if (isfinite (p->value))
        check_value (issues, path, spec, p->value);
    }
}

static void
check_one (GPtrArray *issues, HlPluginRegistry *registry, HlPluginKind kind,
           const char *section, const char *name, const GArray *params)
{
  g_autofree char *path = g_strdup_printf ("%s.name", section);
  const HlPluginDescriptor *desc;

  if (name == NULL || *name == '\0')
    return;   /* reported as missing already */
  desc = hl_plugin_registry_lookup (registry, kind, name);
  if (desc == NULL)
    unknown_plugin (issues, registry, kind, path, name);
  else
    check_params (issues, section, desc, params);
}

void
hl_config_check_plugins (const HlConfig *self, HlPluginRegistry *registry, GPtrArray *issues)
{
  check_one (issues, registry, HL_PLUGIN_KIND_OPTIMIZER, "optimizer",
             self->optimizer.name, self->optimizer.params);
  check_one (issues, registry, HL_PLUGIN_KIND_SCHEDULE, "schedule",
             self->schedule.name, self->schedule.params);
  /* A schedule that follows the validation loss (observe: plateau) would
   * never change the rate without one. */
  if (self->dataset.validation_split == 0 && self->schedule.name != NULL)
    {
      const HlPluginDescriptor *desc =
        hl_plugin_registry_lookup (registry, HL_PLUGIN_KIND_SCHEDULE, self->schedule.name);
      if (desc != NULL && desc->schedule != NULL && desc->schedule->observe != NULL)
        {
          g_autofree char *msg = g_strdup_printf (
            /* TRANSLATORS: %s is a schedule's plugin id; dataset.validation_split is a field path */
            _("“%s” follows the validation loss, but dataset.validation_split is 0, so it would "
              "never change the rate; use a validation split above 0 or another schedule"),
            self->schedule.name);
          hl_config_issue_add (issues, HL_CONFIG_ERROR_INCONSISTENT, "schedule.name", msg)
            ->also = g_strdup ("dataset.validation_split");
        }
    }
}
