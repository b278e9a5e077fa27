/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-plugins.c - `hyperlab-cli plugins [--json]` lists loaded and rejected
 * plugin modules; `plugins --probe FILE` is the crash-isolated child probe. */
#include <unistd.h>
#include <sys/resource.h>
#include <glib/gi18n.h>
#include "hl-cli.h"
#include "hl-plugin-private.h"

/* The child side: the verdict goes to the original stdout; anything the
 * module prints goes to stderr so it cannot garble the verdict. */
static int
probe (const char *file)
{
  struct rlimit no_core = { 0, 0 };
  g_autofree char *path = g_canonicalize_filename (file, NULL);

  /* A crashing module is expected here; do not litter core files. */
  setrlimit (RLIMIT_CORE, &no_core);
  int verdict_fd = dup (STDOUT_FILENO);
  if (verdict_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return HL_EXIT_BAD_INPUT;
  FILE *out = fdopen (verdict_fd, "w");
  if (out == NULL)
    return HL_EXIT_BAD_INPUT;
  hl_plugin_probe_write_verdict (path, out);
  fclose (out);
  return HL_EXIT_OK;
}

static void
flags_to_text (guint32 flags, GString *s)
{
  if (flags & HL_PARAM_FLAG_LOG_SCALE)
    g_string_append (s, "  log-scale");
  if (flags & HL_PARAM_FLAG_INTEGER)
    g_string_append (s, "  integer");
  if (flags & HL_PARAM_FLAG_BOOLEAN)
    g_string_append (s, "  boolean");
}

static void
print_kind (HlPluginRegistry *reg, HlPluginKind kind, const char *title)
{
  g_autoptr (GPtrArray) list = hl_plugin_registry_list (reg, kind);

  printf ("%s (%u)\n", title, list->len);
  for (guint i = 0; i < list->len; i++)
    {
      const HlPluginDescriptor *d = g_ptr_array_index (list, i);
      /* in the user's language, as the window names it; padded by
       * columns, not bytes ("Kosinus-Abkühlung" has a two-byte ü) */
      g_autofree char *label = hl_cli_printable (hl_plugin_translate (d, d->label), FALSE);
      g_autofree char *cell = hl_cli_pad (label, 22);

      printf ("  %-14s %s %-6s %-18s %s\n", d->id, cell, d->version,
              d->license, hl_plugin_registry_get_path (reg, kind, d->id));
      for (guint j = 0; j < d->n_params; j++)
        {
          const HlParamSpec *p = &d->params[j];
          g_autoptr (GString) flags = g_string_new (NULL);
          flags_to_text (p->flags, flags);
          printf ("      %-20s default %-10g [%g, %g]%s\n", p->name, p->default_value,
                  p->min, p->max, flags->str);
        }
    }
}

static void
print_text (HlPluginRegistry *reg)
{
  const GPtrArray *rejected = hl_plugin_registry_get_rejections (reg);

  print_kind (reg, HL_PLUGIN_KIND_OPTIMIZER, _("Optimizers"));
  print_kind (reg, HL_PLUGIN_KIND_SCHEDULE, _("Schedules"));
  printf ("%s (%u)\n", _("Rejected"), rejected->len);
  for (guint i = 0; i < rejected->len; i++)
    {
      const HlPluginRejection *r = g_ptr_array_index (rejected, i);
      printf ("  [%s] %s\n", hl_plugin_error_to_nick (r->error->code), r->error->message);
    }
}

/* The JSON has the plugins' texts as they give them, in English for the
 * shipped ones: it is for programs, and reads the same in every locale.
 * JSON is written by hand: json-glib 1.6 prints 1e-08 as "1e-08.0", which
 * is not JSON, and epsilons are exactly such numbers. */
static void
json_string (GString *out, const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      const guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
json_member (GString *out, const char *indent, const char *name, const char *value, gboolean last)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, name);
  json_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

static void
json_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
json_param (GString *out, const HlParamSpec *p, gboolean last)
{
  const char *in = "          ";
  g_string_append (out, "        {\n");
  json_member (out, in, "name", p->name, FALSE);
  json_member (out, in, "label", p->label, FALSE);
  json_member (out, in, "description", p->description, FALSE);
  g_string_append_printf (out, "%s\"default\": ", in);
  json_number (out, p->default_value);
  g_string_append_printf (out, ",\n%s\"min\": ", in);
  json_number (out, p->min);
  g_string_append_printf (out, ",\n%s\"max\": ", in);
  json_number (out, p->max);
  g_string_append_printf (out, ",\n%s\"flags\": [", in);
  const char *sep = "";
  if (p->flags & HL_PARAM_FLAG_LOG_SCALE)
    g_string_append_printf (out, "%s\"log-scale\"", sep), sep = ", ";
  if (p->flags & HL_PARAM_FLAG_INTEGER)
    g_string_append_printf (out, "%s\"integer\"", sep), sep = ", ";
  if (p->flags & HL_PARAM_FLAG_BOOLEAN)
    g_string_append_printf (out, "%s\"boolean\"", sep);
  g_string_append_printf (out, "]\n        }%s\n", last ? "" : ",");
}

static void
json_plugin (GString *out, HlPluginRegistry *reg, const HlPluginDescriptor *d, gboolean last)
{
  const char *in = "      ";
  g_string_append (out, "    {\n");
  json_member (out, in, "kind", hl_plugin_kind_to_string (d->kind), FALSE);
  json_member (out, in, "id", d->id, FALSE);
  json_member (out, in, "label", d->label, FALSE);
  json_member (out, in, "description", d->description, FALSE);
  json_member (out, in, "version", d->version, FALSE);
  json_member (out, in, "license", d->license, FALSE);
  json_member (out, in, "file", hl_plugin_registry_get_path (reg, d->kind, d->id), FALSE);
  g_string_append_printf (out, "%s\"params\": [%s", in, d->n_params ? "\n" : "");
  for (guint j = 0; j < d->n_params; j++)
    json_param (out, &d->params[j], j + 1 == d->n_params);
  g_string_append_printf (out, "%s]\n    }%s\n", d->n_params ? in : "", last ? "" : ",");
}

static void
print_json (HlPluginRegistry *reg)
{
  g_autoptr (GString) out = g_string_new ("{\n  \"format\": \"hyperlab-plugins\",\n  \"version\": 1,\n");
  g_autoptr (GPtrArray) all = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_OPTIMIZER);
  g_autoptr (GPtrArray) schedules = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_SCHEDULE);
  const GPtrArray *rejected = hl_plugin_registry_get_rejections (reg);

  g_ptr_array_extend (all, schedules, NULL, NULL);
  g_string_append (out, "  \"plugins\": [\n");
  for (guint i = 0; i < all->len; i++)
    json_plugin (out, reg, g_ptr_array_index (all, i), i + 1 == all->len);
  g_string_append (out, "  ],\n  \"rejected\": [\n");
  for (guint i = 0; i < rejected->len; i++)
    {
      const HlPluginRejection *r = g_ptr_array_index (rejected, i);
      g_string_append (out, "    {\n");
      json_member (out, "      ", "file", r->path, FALSE);
      json_member (out, "      ", "code", hl_plugin_error_to_nick (r->error->code), FALSE);
      json_member (out, "      ", "message", r->error->message, TRUE);
      g_string_append_printf (out, "    }%s\n", i + 1 == rejected->len ? "" : ",");
    }
  g_string_append (out, "  ]\n}\n");
  fputs (out->str, stdout);
}

int
hl_cli_plugins (int argc, char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *probe_file = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "probe", 0, 0, G_OPTION_ARG_FILENAME, &probe_file,
      N_("Check one module and print a JSON verdict (used by the host, in a child process)"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("List the optimizer and schedule plugins found in the plugin folders,\n"
      "with their hyperparameters, and every rejected module with its reason."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hl_cli_parse (context, &argc, &argv))
    return HL_EXIT_BAD_INPUT;
  if (argc > 1)
    {
      g_printerr (_("hyperlab-cli: plugins: unexpected argument “%s”\n"), argv[1]);
      return HL_EXIT_BAD_INPUT;
    }
  if (probe_file != NULL)
    return probe (probe_file);

  HlPluginRegistry *reg = hl_plugin_registry_get_default ();
  if (as_json)
    print_json (reg);
  else
    print_text (reg);
  /* nothing at all: say where it looked (it printed empty lists only) */
  {
    g_autoptr (GPtrArray) opts = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_OPTIMIZER);
    g_autoptr (GPtrArray) scheds = hl_plugin_registry_list (reg, HL_PLUGIN_KIND_SCHEDULE);
    g_auto (GStrv) ignored = NULL;
    g_auto (GStrv) dirs = hl_plugin_search_folders (&ignored);

    if (opts->len == 0 && scheds->len == 0)
      {
        g_printerr ("%s\n", _("hyperlab-cli: no plugins found; searched:"));
        for (guint i = 0; dirs[i] != NULL; i++)
          g_printerr ("  %s\n", dirs[i]);
      }
    for (guint i = 0; ignored != NULL && ignored[i] != NULL; i++)
      g_printerr (_("hyperlab-cli: HYPERLAB_PLUGIN_PATH: “%s” ignored (folders must be absolute)\n"),
                  ignored[i]);
  }
  return HL_EXIT_OK;
}
