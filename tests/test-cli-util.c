/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-util.c - hyperlab-cli run as a user runs it: its exit status and
 * what it says on stdout and stderr. */
#include <string.h>
#include "test-cli-util.h"

void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

GSubprocess *
spawn (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HYPERLAB_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return proc;
}

Result
finish (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc)
                                               : -g_subprocess_get_term_sig (proc);
  g_object_unref (proc);
  return r;
}

Result
run_cli (const char *const *args)
{
  return finish (spawn (args));
}

void
assert_status (const Result *r, int expected)
{
  if (r->status != expected)
    g_error ("exit status %d, expected %d\nstdout: %s\nstderr: %s", r->status, expected, r->out, r->err);
}

/* args as a shell takes them, for a failure's message. */
static char *
command_line (const char *const *args)
{
  GString *line = g_string_new ("hyperlab-cli");

  for (guint i = 0; args[i]; i++)
    {
      g_autofree char *quoted = NULL;
      const char *word = args[i];

      if (*word == '\0' || word[strcspn (word, " \t\n\"'\\$`*?[]{}()<>;&|#~")] != '\0')
        word = quoted = g_shell_quote (word);
      g_string_append_c (line, ' ');
      g_string_append (line, word);
    }
  return g_string_free (line, FALSE);
}

void
assert_cli_err_at (const char *file, int line, const char *func, const char *const *args,
                   int status, const char *out, const char *err_fmt, ...)
{
  g_autofree char *expected = NULL;
  g_autofree char *command = command_line (args);
  Result r = run_cli (args);
  va_list ap;

  va_start (ap, err_fmt);
  expected = g_strdup_vprintf (err_fmt, ap);
  va_end (ap);
  if (r.status != status)
    {
      g_autofree char *msg = g_strdup_printf ("%s: exit status %d, expected %d\nstdout: %s\nstderr: %s",
                                              command, r.status, status, r.out, r.err);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
    }
  else if (g_strcmp0 (r.err, expected) != 0)
    {
      g_autofree char *what = g_strdup_printf ("stderr of %s == expected", command);

      g_assertion_message_cmpstr (G_LOG_DOMAIN, file, line, func, what, r.err, "==", expected);
    }
  else if (out != NULL && g_strcmp0 (r.out, out) != 0)
    {
      g_autofree char *what = g_strdup_printf ("stdout of %s == expected", command);

      g_assertion_message_cmpstr (G_LOG_DOMAIN, file, line, func, what, r.out, "==", out);
    }
  result_clear (&r);
}

char *
write_wide_csv_config (const char *dir)
{
  g_autofree char *csv = g_build_filename (dir, "wide.csv", NULL);
  char *config = g_build_filename (dir, "wide.hyperlab.json", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint c = 0; c < 5000; c++)
    g_string_append_printf (text, "f%u,", c);
  g_string_append (text, "target\n");
  for (guint row = 0; row < 20; row++)
    {
      for (guint c = 0; c < 5000; c++)
        g_string_append (text, "0.5,");
      g_string_append_printf (text, "%u\n", row % 2);
    }
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  g_assert_true (g_file_set_contents (config,
    "{\"dataset\": {\"kind\": \"csv\", \"path\": \"wide.csv\"},"
    " \"model\": {\"layers\": [{\"units\": 16384}]}}", -1, NULL));
  return config;
}

char *
test_cli_run_german (const char *cli, const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "de", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return out;
}
