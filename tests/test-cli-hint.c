/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-hint.c - the advice hyperlab-cli gives when a run's results
 * cannot be saved follows the error: it said "make room" for every error,
 * a folder without write permission or one that is gone included (found
 * by a QA pass).  Errors are made here: as root, a real EACCES is hard to
 * come by. */
#include <errno.h>
#include <locale.h>
#include <string.h>
#include <gio/gio.h>
#include "hyperlab.h"
#include "hl-cli.h"

typedef struct {
  const char *name;
  GQuark    (*domain) (void);
  int         code;
  int         errsv;     /* > 0: the message carries g_strerror (errsv), as the store's writes do */
  const char *expected;  /* in the hint */
} HintCase;

static GQuark file_error (void) { return G_FILE_ERROR; }
static GQuark io_error (void) { return G_IO_ERROR; }
static GQuark run_error (void) { return HL_RUN_ERROR; }

static const HintCase cases[] = {
  { "file-nospc", file_error, G_FILE_ERROR_NOSPC, 0, "make room" },
  { "file-acces", file_error, G_FILE_ERROR_ACCES, 0, "the folder /srv/runs is not writable" },
  { "file-perm", file_error, G_FILE_ERROR_PERM, 0, "the folder /srv/runs is not writable" },
  { "file-rofs", file_error, G_FILE_ERROR_ROFS, 0, "the folder /srv/runs is not writable" },
  { "file-noent", file_error, G_FILE_ERROR_NOENT, 0, "fix the cause above" },
  { "io-no-space", io_error, G_IO_ERROR_NO_SPACE, 0, "make room" },
  { "io-permission", io_error, G_IO_ERROR_PERMISSION_DENIED, 0, "the folder /srv/runs is not writable" },
  /* as the store's atomic write and hl_run_save report them */
  { "run-io-nospc", run_error, HL_RUN_ERROR_IO, ENOSPC, "make room" },
  { "run-io-dquot", run_error, HL_RUN_ERROR_IO, EDQUOT, "make room" },
  { "run-io-acces", run_error, HL_RUN_ERROR_IO, EACCES, "the folder /srv/runs is not writable" },
  { "run-io-perm", run_error, HL_RUN_ERROR_IO, EPERM, "the folder /srv/runs is not writable" },
  { "run-io-rofs", run_error, HL_RUN_ERROR_IO, EROFS, "the folder /srv/runs is not writable" },
  { "run-io-noent", run_error, HL_RUN_ERROR_IO, ENOENT, "fix the cause above" },
  { "run-io-fbig", run_error, HL_RUN_ERROR_IO, EFBIG, "fix the cause above" },
  { "run-not-overwritten", run_error, HL_RUN_ERROR_IO, 0, "fix the cause above" },
};

static void
test_hint (gconstpointer data)
{
  const HintCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;

  if (c->errsv > 0)
    error = g_error_new (c->domain (), c->code, "/srv/runs/abc.run.json: cannot write: %s", g_strerror (c->errsv));
  else
    error = g_error_new (c->domain (), c->code, "/srv/runs/abc.run.json: not overwritten, it holds another run (x)");
  hint = hl_cli_unsaved_hint (error, "/srv/runs/abc.run.json", "abc");
  g_test_message ("%s", hint);
  g_assert_nonnull (strstr (hint, c->expected));
  g_assert_true (g_str_has_prefix (hint, "hyperlab-cli: these results are not saved; the run keeps its last checkpoint: "));
  g_assert_true (g_str_has_suffix (hint, "“hyperlab-cli resume abc” trains it on from there\n"));
  /* one hint, not two */
  if (strcmp (c->expected, "make room") != 0)
    g_assert_null (strstr (hint, "make room"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/unsaved-hint/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_hint);
    }
  return g_test_run ();
}
