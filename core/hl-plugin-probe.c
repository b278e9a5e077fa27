/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-probe.c - crash isolation: a new or changed module is first
 * loaded by a child `hyperlab-cli plugins --probe FILE`, as gst-plugin-scanner
 * does for GStreamer, so a module that crashes or hangs takes only the child. */
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "hl-error.h"
#include "hl-plugin-private.h"

/* --- child side ----------------------------------------------------------- */

static char *
verdict_to_json (const HlPluginVerdict *v, const HlPluginDescriptor *desc)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, v->ok);
  if (v->ok && desc != NULL)
    {
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, hl_plugin_kind_to_string (desc->kind));
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, desc->id);
    }
  else
    {
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, hl_plugin_error_to_nick (v->code));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, v->message);
      if (v->kind != 0)
        {
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, hl_plugin_kind_to_string (v->kind));
        }
      if (v->id != NULL)
        {
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, v->id);
        }
    }
  json_builder_end_object (b);

  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

void
hl_plugin_probe_write_verdict (const char *path, FILE *out)
{
  HlPluginVerdict v = { 0 };
  GModule *module = NULL;
  const HlPluginDescriptor *desc = NULL;
  g_autoptr (GError) error = NULL;

  v.ok = hl_plugin_open_checked_named (path, &module, &desc, &v.kind, &v.id, &error);
  if (!v.ok)
    {
      v.code = error->code;
      v.message = g_strdup (error->message);
    }
  g_autofree char *json = verdict_to_json (&v, desc);
  fprintf (out, "%s\n", json);
  fflush (out);
  /* The module stays open: its destructors may be what crashes, and the
   * verdict must already be out when they run at exit. */
  hl_plugin_verdict_clear (&v);
}

gboolean
hl_plugin_verdict_parse (const char *text, HlPluginVerdict *out)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  memset (out, 0, sizeof *out);
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
  JsonNode *ok = json_object_get_member (obj, "ok");
  if (ok == NULL || json_node_get_value_type (ok) != G_TYPE_BOOLEAN)
    return FALSE;
  out->ok = json_node_get_boolean (ok);
  if (!out->ok)
    {
      out->code = hl_plugin_error_from_nick (json_object_get_string_member_with_default (obj, "code", NULL));
      out->message = g_strdup (json_object_get_string_member_with_default (obj, "message", "no reason given"));
      out->kind = hl_plugin_kind_from_string (json_object_get_string_member_with_default (obj, "kind", NULL));
      out->id = g_strdup (json_object_get_string_member_with_default (obj, "id", NULL));
    }
  return TRUE;
}

/* --- host side ------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  gboolean  timed_out;
  char     *stdout_text;
  GError   *error;
  GCancellable *cancellable;
} ProbeState;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ProbeState *st = user_data;
  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &st->stdout_text, NULL, &st->error);
  st->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  ProbeState *st = user_data;
  st->timed_out = TRUE;
  g_cancellable_cancel (st->cancellable);
  return G_SOURCE_REMOVE;
}

static void
set_failure (HlPluginVerdict *out, int code, char *message)
{
  out->ok = FALSE;
  out->code = code;
  out->message = message;
}

/* Runs the child in a private main context so it works from any thread,
 * with or without a running main loop. */
static GSubprocess *
run_child (const char *helper, const char *path, guint timeout_ms, ProbeState *st)
{
  GMainContext *ctx = g_main_context_new ();
  GSubprocess *proc;

  g_main_context_push_thread_default (ctx);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &st->error, helper, "plugins", "--probe", path, NULL);
  if (proc != NULL)
    {
      GSource *timer = g_timeout_source_new (timeout_ms);
      g_source_set_callback (timer, on_timeout, st, NULL);
      g_source_attach (timer, ctx);
      g_subprocess_communicate_utf8_async (proc, NULL, st->cancellable, on_communicated, st);
      while (!st->done)
        g_main_context_iteration (ctx, TRUE);
      g_source_destroy (timer);
      g_source_unref (timer);
      if (st->timed_out)
        {
          g_subprocess_force_exit (proc);
          g_subprocess_wait (proc, NULL, NULL);
        }
    }
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  return proc;
}

void
hl_plugin_probe_in_child (const char *helper, const char *path, guint timeout_ms,
                          HlPluginVerdict *out)
{
  ProbeState st = { .cancellable = g_cancellable_new () };
  g_autoptr (GSubprocess) proc = run_child (helper, path, timeout_ms, &st);

  memset (out, 0, sizeof *out);
  if (proc == NULL)
    set_failure (out, HL_PLUGIN_ERROR_CRASHED,
                 g_strdup_printf ("%s: could not start the probe %s: %s", path, helper, st.error->message));
  else if (st.timed_out)
    set_failure (out, HL_PLUGIN_ERROR_TIMEOUT,
                 g_strdup_printf ("%s: probe did not answer within %.1f s (killed)", path, timeout_ms / 1000.0));
  else if (g_subprocess_get_if_signaled (proc))
    {
      int sig = g_subprocess_get_term_sig (proc);
      set_failure (out, HL_PLUGIN_ERROR_CRASHED,
                   g_strdup_printf ("%s: crashed while being probed (signal %d, %s)", path, sig, g_strsignal (sig)));
    }
  else if (!hl_plugin_verdict_parse (st.stdout_text, out))
    {
      /* The probe prints its verdict, whatever it is, before it exits: a
       * child that exited without one was almost surely ended by the module
       * (exit() in a constructor, the entry point or a function). */
      memset (out, 0, sizeof *out);
      if (g_subprocess_get_if_exited (proc))
        set_failure (out, HL_PLUGIN_ERROR_CRASHED,
                     g_strdup_printf ("%s: exited (status %d) while being probed, before its verdict: "
                                      "a plugin must not call exit", path, g_subprocess_get_exit_status (proc)));
      else
        set_failure (out, HL_PLUGIN_ERROR_CRASHED,
                     g_strdup_printf ("%s: the probe gave no verdict", path));
    }
  g_clear_error (&st.error);
  g_free (st.stdout_text);
  g_object_unref (st.cancellable);
}

static char *
executable_or_null (const char *path)
{
  if (path != NULL && g_path_is_absolute (path) && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE)
      && !g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_strdup (path);
  return NULL;
}

/* $HYPERLAB_CLI, then the hyperlab-cli beside the running program (a
 * build folder's app/, where hyperlab and hyperlab-cli sit together), then
 * the installed one.  Without the second, both programs run from a build
 * folder loaded every plugin in-process: one that crashed took them down,
 * one that hung hung them (found by a review). */
char *
hl_plugin_find_probe_helper (void)
{
  char *helper = executable_or_null (g_getenv ("HYPERLAB_CLI"));
  g_autofree char *self_exe = NULL;

  if (helper == NULL && (self_exe = g_file_read_link ("/proc/self/exe", NULL)) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *sibling = g_build_filename (dir, "hyperlab-cli", NULL);
      helper = executable_or_null (sibling);
    }
  if (helper == NULL)
    {
      g_autofree char *installed = g_build_filename (HL_BINDIR, "hyperlab-cli", NULL);
      helper = executable_or_null (installed);
    }
  return helper;
}
